# SPDX-License-Identifier: GPL-2.0-or-later
"""The classify pipeline end to end on generated rasters and models (no QGIS)."""

import os

import numpy as np
import pytest
import rasterio
from builders import make_cnn, make_identity, smooth_field, write_raster
from lithoscope.inference.kinds.heads import CLASS_NODATA, PROBABILITY_NODATA, VALUE_NODATA
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify

NAMES = {"0": "sandstone", "1": "limestone", "2": "marl", "3": "alluvium"}


def read(path):
    with rasterio.open(path) as ds:
        return ds.read()


@pytest.fixture
def image(tmp_path):
    data = (np.stack([smooth_field((150, 190), seed=i) for i in range(3)]) * 120 + 128).astype(np.uint8)
    return write_raster(str(tmp_path / "image.tif"), data), data


@pytest.fixture
def cnn(tmp_path):
    return make_cnn(str(tmp_path / "cnn.onnx"), 3, 4, hidden=8, layers=2, metadata={"class_names": NAMES})


def test_tiled_run_equals_untiled_run(tmp_path, image, cnn):
    src, _ = image
    tiled = run_classify(
        ClassifyParams(src, cnn, str(tmp_path / "t.tif"), str(tmp_path / "tp.tif"), tile_size=64, overlap=16)
    )
    whole = run_classify(
        ClassifyParams(src, cnn, str(tmp_path / "w.tif"), str(tmp_path / "wp.tif"), tile_size=256, overlap=0)
    )
    assert tiled.stats.tiles == 16 and whole.stats.tiles == 1  # 48 px stride: 4 x 4 tiles
    np.testing.assert_allclose(read(tiled.probabilities_path), read(whole.probabilities_path), atol=2e-3)
    agree = (read(tiled.output_path) == read(whole.output_path)).mean()
    assert agree > 0.999


def test_outputs_are_styled_georeferenced_and_named(tmp_path, image, cnn):
    src, _ = image
    result = run_classify(
        ClassifyParams(src, cnn, str(tmp_path / "c.tif"), str(tmp_path / "p.tif"), str(tmp_path / "c.gpkg"))
    )
    with rasterio.open(result.output_path) as out, rasterio.open(src) as inp:
        assert out.transform == inp.transform and out.crs == inp.crs and out.dtypes[0] == "uint8"
        assert out.nodata == CLASS_NODATA and out.colormap(1)[0][:3] == (0x1F, 0x78, 0xB4)
        assert out.tags()["CLASS_1"] == "limestone"
    probs = read(result.probabilities_path)
    assert probs.shape == (4, 150, 190)
    np.testing.assert_allclose(probs.sum(axis=0), 1.0, atol=1e-4)
    np.testing.assert_array_equal(read(result.output_path)[0], probs.argmax(axis=0))
    qml = open(str(tmp_path / "c.qml")).read()
    assert 'type="paletted"' in qml and 'label="marl"' in qml
    import geopandas as gpd

    polys = gpd.read_file(result.polygons_path)
    assert set(polys["class_name"]) <= set(NAMES.values()) and len(polys) > 0
    # polygon areas add up to the raster area (10 m pixels)
    assert polys.area.sum() == pytest.approx(150 * 190 * 100.0)
    assert result.class_names == list(NAMES.values())


@pytest.mark.parametrize(
    "dtype,lo,hi", [("uint8", 0, 255), ("uint16", 0, 60000), ("int16", -3000, 3000), ("float32", -1e5, 1e5)]
)
def test_each_data_type_is_scaled_in_native_units(tmp_path, dtype, lo, hi):
    rng = np.random.default_rng(1)
    data = rng.uniform(lo, hi, (2, 70, 90)).astype(dtype)
    src = write_raster(str(tmp_path / f"{dtype}.tif"), data)
    model = make_identity(
        str(tmp_path / "id.onnx"),
        2,
        {"output_kind": "values", "band_offset": [lo, 0.0], "band_scale": [hi - lo, 1000.0]},
    )
    out = read(run_classify(ClassifyParams(src, model, str(tmp_path / "o.tif"), tile_size=32, overlap=8)).output_path)
    expected = np.stack([(data[0].astype(np.float64) - lo) / (hi - lo), data[1].astype(np.float64) / 1000.0])
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_deepness_scaling_divides_by_255_then_standardises(tmp_path, image):
    src, data = image
    model = make_identity(
        str(tmp_path / "id.onnx"),
        3,
        {"model_type": "Regressor", "standardization_mean": [0.5, 0.4, 0.3], "standardization_std": [0.2, 0.25, 0.5]},
    )
    out = read(run_classify(ClassifyParams(src, model, str(tmp_path / "o.tif"))).output_path)
    mean = np.array([0.5, 0.4, 0.3])[:, None, None]
    std = np.array([0.2, 0.25, 0.5])[:, None, None]
    np.testing.assert_allclose(out, (data / 255.0 - mean) / std, atol=1e-4)


def test_model_without_metadata_uses_parameters_or_raster_statistics(tmp_path):
    data = (np.stack([smooth_field((80, 80), seed=3)]) * 2000 + 10000).astype(np.uint16)
    src = write_raster(str(tmp_path / "dem.tif"), data)
    # no scaling in the metadata and not 8-bit: standardised by the raster's own statistics
    model_values = make_identity(str(tmp_path / "v.onnx"), 1, {"output_kind": "values"})
    stats = read(run_classify(ClassifyParams(src, model_values, str(tmp_path / "s.tif"))).output_path)[0]
    assert abs(stats.mean()) < 0.01 and stats.std() == pytest.approx(1.0, abs=0.01)
    given = read(
        run_classify(
            ClassifyParams(src, model_values, str(tmp_path / "g.tif"), band_offset=(10000.0,), band_scale=(2000.0,))
        ).output_path
    )[0]
    np.testing.assert_allclose(given, (data[0] - 10000.0) / 2000.0, atol=1e-5)


def test_nodata_is_masked_through_and_filled_for_the_model(tmp_path):
    data = np.full((1, 60, 60), 100.0, np.float32)
    data[0, 10:20, 10:20] = -9999.0
    data[0, 40, :] = np.nan
    src = write_raster(str(tmp_path / "dem.tif"), data, nodata=-9999.0)
    model = make_identity(
        str(tmp_path / "id.onnx"),
        1,
        {"output_kind": "values", "band_offset": [50.0], "band_scale": [10.0], "nodata_fill": 0.0},
    )
    out = read(run_classify(ClassifyParams(src, model, str(tmp_path / "o.tif"), tile_size=32, overlap=8)).output_path)[
        0
    ]
    invalid = np.zeros((60, 60), bool)
    invalid[10:20, 10:20] = True
    invalid[40, :] = True
    assert (out[invalid] == VALUE_NODATA).all()
    np.testing.assert_allclose(out[~invalid], 5.0)


def test_model_input_nodata_and_nodata_parameter(tmp_path):
    data = np.full((2, 40, 40), 7.0, np.float32)
    data[0, :5] = -1.0  # the model says -1 is nodata
    data[1, -5:] = 3.0  # the run says 3 is nodata
    src = write_raster(str(tmp_path / "x.tif"), data)
    model = make_identity(str(tmp_path / "id.onnx"), 2, {"output_kind": "values", "input_nodata": -1})
    out = read(
        run_classify(
            ClassifyParams(src, model, str(tmp_path / "o.tif"), nodata=3.0, band_offset=(0.0,), band_scale=(1.0,))
        ).output_path
    )
    assert (out[:, :5] == VALUE_NODATA).all() and (out[:, -5:] == VALUE_NODATA).all()
    np.testing.assert_allclose(out[:, 5:-5], 7.0, rtol=1e-5)


def test_class_map_and_probabilities_carry_nodata(tmp_path, image, cnn):
    src, data = image
    holed = data.copy()
    holed[:, :30, :30] = 0
    src = write_raster(str(tmp_path / "holed.tif"), holed, nodata=0)
    r = run_classify(
        ClassifyParams(src, cnn, str(tmp_path / "c.tif"), str(tmp_path / "p.tif"), tile_size=64, overlap=8)
    )
    classes, probs = read(r.output_path)[0], read(r.probabilities_path)
    assert (classes[:30, :30] == CLASS_NODATA).all() and (probs[:, :30, :30] == PROBABILITY_NODATA).all()
    assert classes[30:, 30:].max() < 4


def test_extent_limits_the_output_window(tmp_path, image, cnn):
    src, _ = image
    # raster origin (500000, 5000000), 10 m pixels: columns 20..69, rows 10..49
    extent = (500200.0, 5000000.0 - 500.0, 500700.0, 5000000.0 - 100.0)
    r = run_classify(ClassifyParams(src, cnn, str(tmp_path / "e.tif"), str(tmp_path / "ep.tif"), extent=extent))
    full = run_classify(ClassifyParams(src, cnn, str(tmp_path / "f.tif"), str(tmp_path / "fp.tif")))
    with rasterio.open(r.output_path) as ds:
        assert (ds.width, ds.height) == (50, 40)
        assert ds.transform.c == 500200.0 and ds.transform.f == 5000000.0 - 100.0
    # well inside the window the result matches the full run (context differs only near its edges)
    part = read(r.probabilities_path)[:, 8:-8, 8:-8]
    np.testing.assert_allclose(part, read(full.probabilities_path)[:, 18:42, 28:62], atol=1e-4)


def test_mask_polygons_limit_the_work(tmp_path, cnn):
    from shapely.geometry import box

    data = (np.stack([smooth_field((256, 256), seed=i) for i in range(3)]) * 120 + 128).astype(np.uint8)
    src = write_raster(str(tmp_path / "big.tif"), data)
    poly = box(500000.0, 5000000.0 - 640.0, 500640.0, 5000000.0)  # top-left 64x64 pixels
    r = run_classify(ClassifyParams(src, cnn, str(tmp_path / "m.tif"), mask_geometries=[poly], tile_size=64, overlap=0))
    classes = read(r.output_path)[0]
    assert (classes[:64, :64] != CLASS_NODATA).all() and (classes[64:, :] == CLASS_NODATA).all()
    assert (classes[:, 64:] == CLASS_NODATA).all()
    assert r.stats.tiles_skipped == 15 and r.stats.batches == 1


def test_fixed_size_model_with_batch_one_matches_dynamic_model(tmp_path, image):
    src, _ = image
    dyn = make_cnn(str(tmp_path / "d.onnx"), 3, 4, seed=5)
    fixed = make_cnn(str(tmp_path / "f.onnx"), 3, 4, seed=5, fixed_tile=64, fixed_batch=1)
    a = run_classify(
        ClassifyParams(src, dyn, str(tmp_path / "a.tif"), str(tmp_path / "ap.tif"), tile_size=64, overlap=16)
    )
    b = run_classify(
        ClassifyParams(src, fixed, str(tmp_path / "b.tif"), str(tmp_path / "bp.tif"), tile_size=128, overlap=16)
    )
    assert b.stats.tile == 64 and b.stats.batch_size == 1
    np.testing.assert_allclose(read(a.probabilities_path), read(b.probabilities_path), atol=1e-5)


def test_single_channel_sigmoid_model_uses_the_threshold(tmp_path, image):
    src, _ = image
    model = make_cnn(
        str(tmp_path / "s.onnx"), 3, 1, activation="sigmoid", metadata={"seg_thresh": 0.5, "class_names": ["landslide"]}
    )
    r = run_classify(ClassifyParams(src, model, str(tmp_path / "c.tif"), str(tmp_path / "p.tif")))
    classes, prob = read(r.output_path)[0], read(r.probabilities_path)[0]
    np.testing.assert_array_equal(classes, (prob >= 0.5).astype(np.uint8))
    assert r.class_names == ["background", "landslide"]


def test_progress_reaches_one_and_is_monotonic(tmp_path, image, cnn):
    src, _ = image
    seen = []
    run_classify(ClassifyParams(src, cnn, str(tmp_path / "c.tif"), tile_size=32, overlap=0), progress=seen.append)
    assert seen[-1] == 1.0 and all(b >= a for a, b in zip(seen, seen[1:])) and len(seen) > 5


def test_no_temporary_files_are_left(tmp_path, image, cnn):
    src, _ = image
    run_classify(ClassifyParams(src, cnn, str(tmp_path / "c.tif"), str(tmp_path / "p.tif"), str(tmp_path / "c.gpkg")))
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".lithoscope-")]


def test_extent_off_pixel_edges_keeps_every_touched_pixel(tmp_path, image, cnn):
    src, _ = image
    # from column 19.998 to 80.007 and row 4.5 to 10.2: columns 19..80, rows 4..10
    extent = (500199.98, 5000000.0 - 102.0, 500800.07, 5000000.0 - 45.0)
    r = run_classify(ClassifyParams(src, cnn, str(tmp_path / "e.tif"), extent=extent))
    with rasterio.open(r.output_path) as ds:
        assert (ds.width, ds.height) == (62, 7)
        assert ds.transform.c == pytest.approx(500190.0) and ds.transform.f == pytest.approx(5000000.0 - 40.0)


def test_border_padding_mirrors_the_raster(tmp_path):
    """Tiles running past the raster see mirrored pixels, not the nodata fill."""
    import onnxruntime as ort

    data = (smooth_field((50, 40), seed=9) * 100 + 120).astype(np.uint8)[None].repeat(3, axis=0)
    src = write_raster(str(tmp_path / "small.tif"), data)
    model = make_cnn(str(tmp_path / "f.onnx"), 3, 4, seed=2, fixed_tile=64)
    r = run_classify(ClassifyParams(src, model, str(tmp_path / "c.tif"), str(tmp_path / "p.tif")))
    padded = np.pad(data / 255.0, ((0, 0), (0, 14), (0, 24)), mode="symmetric")[None].astype(np.float32)
    expected = ort.InferenceSession(model).run(None, {"input": padded})[0][0, :, :50, :40]
    np.testing.assert_allclose(read(r.probabilities_path), expected, atol=1e-5)


def test_running_argmax_equals_numpy_argmax_with_ties():
    from lithoscope.inference.kinds.heads import _argmax_classes

    rng = np.random.default_rng(4)
    scores = rng.integers(0, 4, (6, 50, 60)).astype(np.float32)  # many ties
    np.testing.assert_array_equal(_argmax_classes(scores), scores.argmax(axis=0))
