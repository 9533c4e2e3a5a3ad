# SPDX-License-Identifier: GPL-2.0-or-later
"""DEM void filling (lithoscope:fillvoids and lithoscope:trainvoidfiller's core, learning/voids.py): synthetic voids,
a tiny self-supervised training run on real terrain, copy-through of valid pixels, and bad inputs."""

from __future__ import annotations

import os

import numpy as np
import pytest
from builders import make_void_filler, smooth_field, write_raster
from builders import training_python as _python
from lithoscope.inference.errors import InputError
from lithoscope.inference.model.contract import read_contract
from lithoscope.learning.voids import (
    VoidTrainSettings,
    cut_voids,
    fill_voids,
    gdal_fill,
    prepare_void_samples,
    raster_void_summary,
    train_void_filler,
    void_summary,
)

rasterio = pytest.importorskip("rasterio")
NC_DEM = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "datasets", "dems", "nc_piedmont_ned30m.tif"
)
FILLER_META = {"lithoscope_task": "generator", "band_offset": [0.0], "band_scale": [1.0], "tile_size": 64,
               "tile_overlap_px": 16}  # fmt: skip


def _terrain(tmp_path, shape=(192, 256)) -> tuple[str, np.ndarray]:
    """A crop of a real DEM (NC Piedmont, 30 m) when ../shared is there, else a generated smooth surface."""
    if os.path.exists(NC_DEM):
        with rasterio.open(NC_DEM) as ds:
            window = rasterio.windows.Window(0, 0, shape[1], shape[0])
            dem = ds.read(1, window=window)
            profile = dict(ds.profile, width=shape[1], height=shape[0], transform=ds.window_transform(window))
        path = str(tmp_path / "terrain.tif")
        with rasterio.open(path, "w", **profile) as out:
            out.write(dem, 1)
        return path, dem
    dem = (smooth_field(shape, seed=5) * 40 + 100).astype(np.float32)
    return write_raster(str(tmp_path / "terrain.tif"), dem[None], nodata=np.nan), dem


def _holed(tmp_path, dem: np.ndarray, voids: np.ndarray, like: str) -> str:
    with rasterio.open(like) as ds:
        profile = dict(ds.profile, nodata=np.nan)
    path = str(tmp_path / "holed.tif")
    with rasterio.open(path, "w", **profile) as out:
        out.write(np.where(voids, np.nan, dem).astype(np.float32), 1)
    return path


def test_synthetic_voids_have_the_asked_sizes_and_are_counted():
    rng = np.random.default_rng(0)
    voids = cut_voids(np.ones((300, 300), bool), (20, 60), 6, rng)
    summary = void_summary(voids)
    assert summary.count == 6
    assert all(5 <= e <= 60 for e in summary.extents)
    assert sum(summary.pixels) == int(voids.sum())
    assert void_summary(np.zeros((5, 5), bool)).count == 0


def test_the_voids_of_a_raster_are_counted_strip_by_strip_as_on_the_whole_mask(tmp_path):
    """Voids that cross the strips (straight, and touching only diagonally across a strip's edge) are one void, with
    the pixels and extent the whole-mask count gives."""
    from rasterio.transform import from_origin

    rng = np.random.default_rng(4)
    voids = cut_voids(np.ones((120, 90), bool), (5, 30), 25, rng)
    voids[6, 40] = voids[7, 41] = True  # diagonal neighbours across the edge of 7-row strips (rows 6 | 7)
    voids[13, 60] = voids[14, 59] = True  # and the other diagonal (rows 13 | 14)
    voids[20:35, 10] = True  # a thin void through two strip edges
    path = str(tmp_path / "holes.tif")
    profile = {"driver": "GTiff", "width": 90, "height": 120, "count": 1, "dtype": "float32", "nodata": -9999.0,
               "crs": "EPSG:32633", "transform": from_origin(0, 1200, 10, 10)}  # fmt: skip
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(np.where(voids, -9999.0, 100.0 + rng.random(voids.shape)).astype(np.float32), 1)
    whole = void_summary(voids)
    for strip in (7, 512):
        summary, all_void, name = raster_void_summary(path, strip=strip)
        assert (summary.count, all_void, name) == (whole.count, False, "holes.tif")
        assert sorted(zip(summary.pixels, summary.extents)) == sorted(zip(whole.pixels, whole.extents))


def test_held_out_block_is_left_out_of_the_training_tiles(tmp_path):
    path, _ = _terrain(tmp_path)
    folder, groups, names, _ = prepare_void_samples([path], 64, {path: (slice(0, 192), slice(128, 256))})
    x = np.load(os.path.join(folder, "x.npy"))
    assert len(x) == len(groups) == 5 * 3  # columns 0..64 of 5 row starts x 3 column starts (0, 32, 64)
    assert all(n.startswith("terrain block") for n in names)


def test_tiny_training_fills_a_void_cut_out_of_real_terrain(tmp_path):
    python = _python()
    path, dem = _terrain(tmp_path)
    model = str(tmp_path / "voids.onnx")
    logs: list[str] = []
    settings = VoidTrainSettings(tile=64, width=8, epochs=2, minutes=0.3, batch=8, threads=1, masks=64)
    result = train_void_filler([path], model, python, settings, lambda f: None, logs.append, lambda: False)
    assert os.path.exists(result.model) and os.path.exists(result.card) and os.path.exists(result.report)
    assert not [f for f in os.listdir(tmp_path) if f.endswith((".part", ".tmp"))]
    contract = read_contract(model)
    assert contract.task == "generator" and contract.tile_size == 64
    assert result.check_diff <= 1e-4
    assert "GDAL FillNodata" in open(result.report, encoding="utf-8").read()
    # A void cut out of the terrain: only its pixels change, and they come close to the truth.
    voids = np.zeros(dem.shape, bool)
    voids[80:100, 120:135] = True
    voids[30:36, 40:44] = True
    holed = _holed(tmp_path, dem, voids, path)
    filled = fill_voids(holed, model, str(tmp_path / "filled.tif"), log=logs.append, threads=1)
    assert filled.voids.count == 2 and filled.voids.largest == 20
    with rasterio.open(filled.output) as ds:
        out = ds.read(1)
    assert np.array_equal(out[~voids].view(np.uint32), dem[~voids].view(np.uint32))
    rmse = float(np.sqrt(np.mean((out[voids] - dem[voids]) ** 2)))
    baseline = float(np.sqrt(np.mean((gdal_fill(dem, voids)[voids] - dem[voids]) ** 2)))
    print(f"void of 20 x 15 px + 6 x 4 px: model RMSE {rmse:.2f} m, GDAL FillNodata {baseline:.2f} m")
    # Seconds of training start from the in-graph biharmonic fill (a thin plate through the void's rim), which
    # already beats GDAL's inverse distance here (2.50 m vs 2.89 m when written; the membrane fill of 0.4 gave 2.64).
    assert rmse < 0.95 * baseline


def test_dem_without_voids_writes_nothing(tmp_path):
    path, _ = _terrain(tmp_path, (64, 64))
    model = make_void_filler(str(tmp_path / "f.onnx"), metadata=FILLER_META)
    out = str(tmp_path / "out.tif")
    result = fill_voids(path, model, out)
    assert result.output is None and "no voids" in result.message and not os.path.exists(out)


def test_all_void_raster_and_classified_map_are_refused(tmp_path):
    model = make_void_filler(str(tmp_path / "f.onnx"), metadata=FILLER_META)
    empty = write_raster(str(tmp_path / "empty.tif"), np.full((1, 40, 40), -9999, np.float32), nodata=-9999.0)
    with pytest.raises(InputError, match="no valid elevation"):
        fill_voids(empty, model, str(tmp_path / "o.tif"))
    classes = np.random.default_rng(0).integers(1, 6, (1, 40, 40)).astype(np.uint8)
    classes[0, 10:14, 10:14] = 0
    classified = write_raster(str(tmp_path / "classes.tif"), classes, nodata=0)
    with pytest.raises(InputError, match="classified map.*give a DEM"):
        fill_voids(classified, model, str(tmp_path / "o.tif"))
    assert not os.path.exists(tmp_path / "o.tif")


def test_void_wider_than_the_model_fills_is_refused_naming_its_size(tmp_path):
    dem = (smooth_field((160, 160), seed=2) * 50 + 300).astype(np.float32)
    dem[20:140, 30:80] = np.nan  # 120 px across; the model's tile 64 less overlap 16 fills 48
    path = write_raster(str(tmp_path / "big.tif"), dem[None], nodata=np.nan)
    model = make_void_filler(str(tmp_path / "f.onnx"), metadata=FILLER_META)
    with pytest.raises(InputError, match="void 120 px across.*up to 48 px"):
        fill_voids(path, model, str(tmp_path / "o.tif"))


def test_an_unknown_first_guess_is_refused_before_anything_is_written(tmp_path):
    path, _ = _terrain(tmp_path, (64, 64))
    model = str(tmp_path / "voids.onnx")
    settings = VoidTrainSettings(tile=64, first_guess="spline")
    with pytest.raises(InputError, match=r"Unknown first guess 'spline'.*biharmonic, membrane"):
        train_void_filler([path], model, "python-not-needed", settings, lambda f: None, print, lambda: False)
    assert sorted(os.listdir(tmp_path)) == ["terrain.tif"]
