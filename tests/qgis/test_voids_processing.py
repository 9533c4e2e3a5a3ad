# SPDX-License-Identifier: GPL-2.0-or-later
"""DEM void filling from Processing: lithoscope:trainvoidfiller trains on a DEM and lithoscope:fillvoids fills its
voids with the model (valid pixels unchanged); a DEM without voids writes nothing; a classified map is refused."""

from __future__ import annotations

import os

import numpy as np
import pytest
from builders import make_void_filler, smooth_field, write_raster
from lithoscope.inference.training import find_environment
from qgis.core import QgsProcessingException

import processing

rasterio = pytest.importorskip("rasterio")
META = {"lithoscope_task": "generator", "band_offset": [0.0], "band_scale": [1.0], "tile_size": 64,
        "tile_overlap_px": 16}  # fmt: skip


def _dem(tmp_path, voids: bool) -> tuple[str, np.ndarray, np.ndarray]:
    dem = (smooth_field((160, 192), seed=3) * 60 + 250).astype(np.float32)
    mask = np.zeros(dem.shape, bool)
    if voids:
        mask[50:62, 70:80] = True
    path = write_raster(str(tmp_path / ("holed.tif" if voids else "dem.tif")), np.where(mask, np.nan, dem)[None],
                        nodata=np.nan)  # fmt: skip
    return path, dem, mask


def test_train_then_fill_through_processing(provider, tmp_path):
    env = find_environment()
    if env is None or not env.exists:
        pytest.skip("no training environment: run `make train-env` (creates .venv-train with torch)")
    dem_path, _, _ = _dem(tmp_path, False)
    model = str(tmp_path / "voids.onnx")
    trained = processing.run(
        "lithoscope:trainvoidfiller",
        {"INPUT": dem_path, "OUTPUT_MODEL": model, "EPOCHS": 2, "MINUTES": 0.3, "TILE": 64, "WIDTH": 8,
         "THREADS": 1, "BATCH": 8},
    )  # fmt: skip
    assert os.path.isfile(trained["OUTPUT_MODEL"]) and os.path.isfile(trained["CARD"])
    assert os.path.isfile(trained["OUTPUT_REPORT"]) and "all" in trained["SCORES"]["model"]
    holed, dem, mask = _dem(tmp_path, True)
    out = str(tmp_path / "filled.tif")
    result = processing.run("lithoscope:fillvoids", {"INPUT": holed, "MODEL": model, "OUTPUT": out, "THREADS": 1})
    assert result["VOIDS"] == 1 and result["VOID_PIXELS"] == 120 and result["LARGEST_VOID_PX"] == 12
    with rasterio.open(out) as ds:
        filled = ds.read(1)
    assert np.array_equal(filled[~mask].view(np.uint32), dem[~mask].view(np.uint32))
    assert np.isfinite(filled[mask]).all()


def test_dem_without_voids_writes_nothing_and_a_classified_map_is_refused(provider, tmp_path):
    model = make_void_filler(str(tmp_path / "f.onnx"), metadata=META)
    dem_path, _, _ = _dem(tmp_path, False)
    out = str(tmp_path / "out.tif")
    result = processing.run("lithoscope:fillvoids", {"INPUT": dem_path, "MODEL": model, "OUTPUT": out})
    assert result["VOIDS"] == 0 and not os.path.exists(out)
    classes = np.random.default_rng(0).integers(1, 5, (1, 40, 40)).astype(np.uint8)
    classes[0, 5:9, 5:9] = 0
    classified = write_raster(str(tmp_path / "classes.tif"), classes, nodata=0)
    with pytest.raises(QgsProcessingException, match="classified map"):
        processing.run("lithoscope:fillvoids", {"INPUT": classified, "MODEL": model, "OUTPUT": out})
