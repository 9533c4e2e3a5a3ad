# SPDX-License-Identifier: GPL-2.0-or-later
"""Sequence models are fed at most SEQUENCE_SERIES_PER_CALL series per call (their memory grows with it)."""

from __future__ import annotations

import numpy as np
import rasterio
from builders import make_linear_sequence, write_raster
from lithoscope.inference.pipelines.classify import SEQUENCE_SERIES_PER_CALL, ClassifyParams, _batch_size
from lithoscope.inference.pipelines.sequence_raster import run_sequence_raster


def test_batch_of_a_sequence_run_is_bounded_by_series_not_tiles():
    params = ClassifyParams("in.tif", "m.onnx", "out.tif", batch_size=4)
    assert _batch_size(params, "sequences", 256) == 1  # 4 x 65,536 series would be 262,144
    assert _batch_size(params, "sequences", 128) == 4  # 4 x 16,384 = 65,536: within the bound
    assert _batch_size(params, "sequences", 64) == 4
    assert _batch_size(params, "sequences", 512) == 1  # never less than a tile
    assert _batch_size(params, "tiles", 256) == 4  # CNN tiles keep the run's batch size
    assert _batch_size(params, "rows", 256) == 4
    assert SEQUENCE_SERIES_PER_CALL == 65536


def test_bounded_batches_give_the_same_forecast(tmp_path):
    """A 300 x 300 stack in 128 px tiles: 9 tiles, 3 calls of 4 (bounded) or 9 of 1, identical results."""
    rng = np.random.default_rng(3)
    stack = write_raster(str(tmp_path / "stack.tif"), rng.normal(size=(6, 300, 300)).astype(np.float32))
    weights = rng.normal(size=(6, 2))
    meta = {"lithoscope_task": "sequence", "output_kind": "values"}
    model = make_linear_sequence(str(tmp_path / "lin.onnx"), 6, 1, weights, metadata=meta)
    results = {}
    for batch in (1, 4):
        out = str(tmp_path / f"out{batch}.tif")
        result = run_sequence_raster(
            ClassifyParams(stack, model, out, tile_size=128, batch_size=batch, threads=1), plots=False
        )
        assert result.stats.batch_size == batch and result.stats.batches == -(-9 // batch)
        with rasterio.open(out) as ds:
            results[batch] = ds.read()
    with rasterio.open(stack) as ds:
        x = ds.read().reshape(6, -1).T.astype(np.float64)
    np.testing.assert_allclose(results[4].reshape(2, -1).T, x @ weights, atol=1e-4)
    np.testing.assert_array_equal(results[1], results[4])


def test_gdal_block_cache_holds_one_row_of_tiles_without_overlap_two_with():
    """The cap follows the input's real item size; per-pixel runs (no overlap) never re-read a row."""
    from types import SimpleNamespace

    from lithoscope.inference.engine.plan import Plan

    def cap(width, count, dtype, overlap):
        plan = SimpleNamespace(
            source=SimpleNamespace(width=width, count=count, dtype=dtype),
            grid=SimpleNamespace(tile=256, overlap=overlap),
        )
        return Plan.block_cache_bytes(plan)

    mib = 1 << 20
    assert cap(8192, 12, "int16", 0) == 64 * mib  # one row of int16 tiles is 48 MiB: the 64 MiB floor
    assert cap(16384, 12, "int16", 0) == 16384 * 256 * 12 * 2  # 96 MiB, one row
    assert cap(16384, 12, "int16", 32) == 2 * 16384 * 256 * 12 * 2  # 192 MiB, two rows with overlap
    assert cap(16384, 12, "float32", 32) == 256 * mib  # bounded
    assert cap(1024, 3, "uint8", 32) == 64 * mib  # floor
