# SPDX-License-Identifier: GPL-2.0-or-later
"""The engine on real rasters from ../shared/datasets (skipped with a reason when absent)."""

import numpy as np
import pytest
import rasterio
from builders import make_cnn, make_identity
from conftest import dataset
from lithoscope.inference.kinds.heads import CLASS_NODATA, VALUE_NODATA
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify

pytestmark = pytest.mark.real_data


def read(path):
    with rasterio.open(path) as ds:
        return ds.read()


def test_uint8_landsat_rgb_tiled_equals_untiled_and_keeps_nodata(tmp_path):
    src = dataset("rasters_small", "rasterio_RGB.byte.tif")
    model = make_cnn(str(tmp_path / "m.onnx"), 3, 5, hidden=8, layers=2)
    tiled = run_classify(
        ClassifyParams(src, model, str(tmp_path / "t.tif"), str(tmp_path / "tp.tif"), tile_size=128, overlap=32)
    )
    whole = run_classify(
        ClassifyParams(src, model, str(tmp_path / "w.tif"), str(tmp_path / "wp.tif"), tile_size=800, overlap=0)
    )
    np.testing.assert_allclose(read(tiled.probabilities_path), read(whole.probabilities_path), atol=2e-3)
    data = read(src)
    invalid = (data == 0).any(axis=0)
    classes = read(tiled.output_path)[0]
    assert invalid.sum() > 100_000  # the scene's collar
    assert (classes[invalid] == CLASS_NODATA).all() and (classes[~invalid] < 5).all()


def test_uint16_srtm_in_geographic_crs_scaled_in_metres(tmp_path):
    src = dataset("rasters_small", "spDataLarge_zion_srtm.tif")
    model = make_identity(
        str(tmp_path / "id.onnx"), 1, {"output_kind": "values", "band_offset": [1000.0], "band_scale": [2000.0]}
    )
    out = read(
        run_classify(ClassifyParams(src, model, str(tmp_path / "o.tif"), tile_size=128, overlap=16)).output_path
    )[0]
    dem = read(src)[0].astype(np.float64)
    np.testing.assert_allclose(out, (dem - 1000.0) / 2000.0, rtol=1e-5, atol=1e-6)
    with rasterio.open(src) as a, rasterio.open(str(tmp_path / "o.tif")) as b:
        assert a.crs == b.crs and a.transform == b.transform


def test_float32_terrain_attributes_with_nan_nodata(tmp_path):
    src = dataset("ecuador_landslides", "terrain_attributes_10m.tif")
    model = make_cnn(str(tmp_path / "m.onnx"), 5, 3)
    r = run_classify(ClassifyParams(src, model, str(tmp_path / "c.tif"), tile_size=96, overlap=16))
    data = read(src)
    invalid = ~np.isfinite(data).all(axis=0)
    classes = read(r.output_path)[0]
    assert invalid.any() and (classes[invalid] == CLASS_NODATA).all() and (classes[~invalid] < 3).all()
    assert r.stats.valid_pixels == int((~invalid).sum())


def test_int16_ndvi_time_stack_without_epsg_code(tmp_path):
    src = dataset("modis_ndvi_timeseries", "sinop_mod13q1_ndvi_2013-09_2014-08_stack.tif")
    model = make_identity(
        str(tmp_path / "id.onnx"),
        12,
        {"output_kind": "values", "band_scale": [10000.0] * 12, "band_offset": [0.0] * 12},
    )
    out = read(
        run_classify(ClassifyParams(src, model, str(tmp_path / "ndvi.tif"), tile_size=64, overlap=8)).output_path
    )
    np.testing.assert_allclose(out, read(src) / 10000.0, atol=1e-6)
    assert out.min() > -1 and out.max() < 1.1 and (out != VALUE_NODATA).all()


def test_band_selection_on_six_band_landsat(tmp_path):
    src = dataset("rasters_small", "stars_L7_ETMs.tif")
    model = make_identity(
        str(tmp_path / "id.onnx"), 2, {"output_kind": "values", "band_offset": [0, 0], "band_scale": [1, 1]}
    )
    out = read(run_classify(ClassifyParams(src, model, str(tmp_path / "o.tif"), bands=(4, 3))).output_path)
    np.testing.assert_allclose(out, read(src)[[3, 2]].astype(np.float32), rtol=1e-6)
