# SPDX-License-Identifier: GPL-2.0-or-later
"""Engine v2: every model kind, aligned layer stacks, and the local and Dask executors agree.

Models are built here by code: scikit-learn classifiers exported with skl2onnx, a recurrent
sequence model, an autoencoder and a two-input void filler, each checked against an
independent reference (scikit-learn itself, or the same arithmetic in numpy).
"""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from builders import (
    make_autoencoder,
    make_cnn,
    make_rnn_sequence,
    make_void_filler,
    rnn_reference,
    smooth_field,
    write_polygons,
    write_raster,
)
from lithoscope.inference.errors import InputError, ModelError
from lithoscope.inference.kinds.heads import CLASS_NODATA, VALUE_NODATA
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from lithoscope.inference.sources.base import RasterLayer, VectorLayer

H, W = 90, 110
ORIGIN = (500000.0, 5000000.0)
PIXEL = 10.0
UTM = "EPSG:32633"


def read(path):
    with rasterio.open(path) as ds:
        return ds.read()


@pytest.fixture(scope="module")
def dask_scheduler():
    """One LocalCluster for the module: starting one costs seconds."""
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    yield cluster.scheduler_address
    cluster.close()


def run_both(params: ClassifyParams, scheduler: str, tmp_path, names=("output",)):
    """Run locally and on the Dask cluster; return both results' arrays per output."""
    local = run_classify(params)
    out = {}
    for name in names:
        path = getattr(local, f"{name}_path") if name != "output" else local.output_path
        out[name] = [read(path)]
    dask_params = ClassifyParams(**{**params.__dict__})
    dask_params.executor, dask_params.scheduler = "dask", scheduler
    dask_params.output_path = str(tmp_path / "dask_out.tif")
    if params.probabilities_path:
        dask_params.probabilities_path = str(tmp_path / "dask_prob.tif")
    remote = run_classify(dask_params)
    assert remote.stats.executor == "dask" and remote.stats.chunks > 1
    for name in names:
        path = getattr(remote, f"{name}_path") if name != "output" else remote.output_path
        out[name].append(read(path))
    return local, out


# -- a 3-layer stack: two rasters on different grids and CRSs, and a vector layer --------------


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from rasterio.transform import from_origin
    from rasterio.warp import Resampling, reproject, transform_bounds, transform_geom
    from shapely.geometry import box, mapping, shape

    folder = tmp_path_factory.mktemp("stack")
    a = (smooth_field((H, W), seed=1) * 100).astype(np.float32)
    path_a = write_raster(str(folder / "elevation.tif"), a, crs=UTM, pixel=PIXEL, origin=ORIGIN)
    # B: geographic coordinates, coarser and shifted, covering A with a margin.
    left, bottom, right, top = transform_bounds(
        UTM, "EPSG:4326", ORIGIN[0], ORIGIN[1] - H * PIXEL, ORIGIN[0] + W * PIXEL, ORIGIN[1]
    )
    res = 0.00017
    bw, bh = int((right - left) / res) + 8, int((top - bottom) / res) + 8
    b = (smooth_field((bh, bw), seed=2, scales=(16, 4)) * 3 + 10).astype(np.float32)
    path_b = write_raster(
        str(folder / "rainfall.tif"), b, crs="EPSG:4326", pixel=res, origin=(left - 4 * res, top + 4 * res)
    )
    # V: two polygons drawn in geographic coordinates.
    boxes_utm = [
        box(ORIGIN[0] + 150, ORIGIN[1] - 500, ORIGIN[0] + 600, ORIGIN[1] - 120),
        box(ORIGIN[0] + 700, ORIGIN[1] - 850, ORIGIN[0] + 1000, ORIGIN[1] - 300),
    ]
    boxes_geo = [shape(transform_geom(UTM, "EPSG:4326", mapping(g))) for g in boxes_utm]
    path_v = write_polygons(str(folder / "faults_zone.gpkg"), boxes_geo, "EPSG:4326")

    # The aligned values, computed independently of Lithoscope's stack reader.
    dst_transform = from_origin(ORIGIN[0], ORIGIN[1], PIXEL, PIXEL)
    b_on_a = np.full((H, W), np.nan, np.float32)
    with rasterio.open(path_b) as ds:
        reproject(
            ds.read(1), b_on_a, src_transform=ds.transform, src_crs=ds.crs, dst_transform=dst_transform,
            dst_crs=UTM, resampling=Resampling.bilinear,
        )  # fmt: skip
    from rasterio.features import rasterize

    v_on_a = rasterize(
        [(shape(transform_geom("EPSG:4326", UTM, mapping(g))), 1) for g in boxes_geo],
        out_shape=(H, W), transform=dst_transform, fill=0, dtype="float32",
    )  # fmt: skip
    assert 0.05 < v_on_a.mean() < 0.6 and np.isfinite(b_on_a).all()
    rows = np.stack([a, b_on_a, v_on_a], axis=-1).reshape(-1, 3)
    return {"a": path_a, "b": path_b, "v": path_v, "rows": rows, "folder": folder}


def _labels(rows):
    score = rows[:, 0] / 50 + (rows[:, 1] - 10) + rows[:, 2] * 1.5
    return np.digitize(score, np.quantile(score, [0.33, 0.66]))


@pytest.fixture(scope="module", params=["logistic", "forest", "forest_zipmap"])
def sklearn_model(request, stack, tmp_path_factory):
    from skl2onnx import to_onnx
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    rows = stack["rows"]
    y = _labels(rows)
    if request.param == "logistic":
        model = LogisticRegression(max_iter=2000).fit(rows, y)
    else:
        model = RandomForestClassifier(n_estimators=25, max_depth=6, random_state=0).fit(rows, y)
    options = {} if request.param.endswith("zipmap") else {"zipmap": False}
    onx = to_onnx(model, rows[:1].astype(np.float32), options=options, target_opset=17)
    path = tmp_path_factory.mktemp("models") / f"{request.param}.onnx"
    path.write_bytes(onx.SerializeToString())
    return str(path), model


def _stack_params(stack, model_path, tmp_path, **kw) -> ClassifyParams:
    return ClassifyParams(
        stack["a"],
        model_path,
        str(tmp_path / "classes.tif"),
        probabilities_path=str(tmp_path / "probabilities.tif"),
        layers=[RasterLayer(stack["b"]), VectorLayer(stack["v"])],
        tile_size=32,
        chunk_size=64,  # several Dask chunks
        **kw,
    )


def test_sklearn_classifier_over_stack_reproduces_predict_proba(stack, sklearn_model, tmp_path, dask_scheduler):
    model_path, model = sklearn_model
    local, out = run_both(
        _stack_params(stack, model_path, tmp_path), dask_scheduler, tmp_path, ("output", "probabilities")
    )
    assert local.task == "classification" and local.output_kind == "classes"
    rows = stack["rows"].astype(np.float32)
    expected_p = model.predict_proba(rows).T.reshape(3, H, W)
    probs_local, probs_dask = out["probabilities"]
    np.testing.assert_allclose(probs_local, expected_p, atol=1e-5)
    classes_local, classes_dask = out["output"]
    np.testing.assert_array_equal(classes_local[0], model.predict(rows).reshape(H, W))
    # Per-pixel models: the Dask executor's result is bit-identical to the local one.
    np.testing.assert_array_equal(probs_dask, probs_local)
    np.testing.assert_array_equal(classes_dask, classes_local)


def test_stack_reads_each_layer_onto_the_reference_grid(stack, tmp_path):
    """An identity over the stack shows the aligned values themselves: reprojected and burned."""
    from skl2onnx import to_onnx
    from sklearn.linear_model import LinearRegression

    rows = stack["rows"]
    # A regression whose output is exactly the second feature (B on A's grid): weights (0, 1, 0).
    reg = LinearRegression().fit(rows, rows[:, 1])
    reg.coef_, reg.intercept_ = np.array([0.0, 1.0, 0.0]), 0.0
    onx = to_onnx(reg, rows[:1].astype(np.float32), target_opset=17)
    path = tmp_path / "pick_b.onnx"
    path.write_bytes(onx.SerializeToString())
    result = run_classify(
        ClassifyParams(
            stack["a"], str(path), str(tmp_path / "b.tif"), layers=[RasterLayer(stack["b"]), VectorLayer(stack["v"])]
        )
    )
    assert result.task == "regression"
    np.testing.assert_allclose(read(result.output_path)[0], rows[:, 1].reshape(H, W), atol=1e-4)


def test_categorical_vector_field_is_burned_as_codes(stack, tmp_path):
    from lithoscope.inference.sources.stack import build_stack

    source = build_stack([RasterLayer(stack["a"]), VectorLayer(stack["v"], field="unit")])
    assert source.band_kinds == ("continuous", "categorical") and source.band_names[1] == "faults_zone:unit"
    with source.open() as handle:
        data, valid, _ = source.read_tile(handle, 0, 0, 128)
    burned = data[1, :H, :W]
    assert set(np.unique(burned)) == {0.0, 1.0, 2.0}  # unit 1 and unit 2, 0 outside
    np.testing.assert_array_equal(burned > 0, stack["rows"][:, 2].reshape(H, W) > 0)


def _cnn2(tmp_path) -> str:
    return make_cnn(str(tmp_path / "cnn2.onnx"), 2, 3)


def test_layer_that_does_not_overlap_is_refused(stack, tmp_path):
    far = write_raster(str(tmp_path / "far.tif"), np.ones((10, 10), np.float32), origin=(100000.0, 1000000.0))
    with pytest.raises(InputError, match="does not overlap"):
        run_classify(ClassifyParams(stack["a"], _cnn2(tmp_path), str(tmp_path / "o.tif"), layers=[RasterLayer(far)]))


def test_layer_without_crs_is_refused(stack, tmp_path):
    bare = write_raster(str(tmp_path / "bare.tif"), np.ones((10, 10), np.float32), crs=None)
    with pytest.raises(InputError, match="no coordinate reference system"):
        run_classify(ClassifyParams(stack["a"], _cnn2(tmp_path), str(tmp_path / "o.tif"), layers=[RasterLayer(bare)]))


# -- sequences, autoencoders, generators ----------------------------------------------------------


def test_sequence_model_over_band_stack_matches_numpy(tmp_path, dask_scheduler):
    steps, features = 6, 2
    data = np.stack([smooth_field((70, 80), seed=10 + i) for i in range(steps * features)]).astype(np.float32)
    data[:, :5, :7] = -9999.0  # nodata corner
    raster = write_raster(str(tmp_path / "series.tif"), data, nodata=-9999.0)
    meta = {"lithoscope_task": "sequence", "output_kind": "values", "band_offset": [0.0], "band_scale": [1.0]}
    model, weights = make_rnn_sequence(str(tmp_path / "rnn.onnx"), steps, features, 5, 2, seed=3, metadata=meta)
    params = ClassifyParams(raster, model, str(tmp_path / "forecast.tif"), tile_size=32, chunk_size=32)
    local, out = run_both(params, dask_scheduler, tmp_path)
    got_local, got_dask = out["output"]
    assert local.task == "sequence" and got_local.shape == (2, 70, 80)
    # Bands are ordered step by step: band t*F + f is feature f at step t.
    series = data.reshape(steps, features, -1).transpose(2, 0, 1)
    expected = rnn_reference(series.astype(np.float64), weights).T.reshape(2, 70, 80)
    valid = np.ones((70, 80), bool)
    valid[:5, :7] = False
    np.testing.assert_allclose(got_local[:, valid], expected[:, valid], atol=1e-5)
    assert (got_local[:, ~valid] == VALUE_NODATA).all()
    np.testing.assert_array_equal(got_dask, got_local)


def test_sequence_model_refuses_a_stack_of_the_wrong_length(tmp_path):
    data = np.stack([smooth_field((20, 20), seed=i) for i in range(5)]).astype(np.float32)
    raster = write_raster(str(tmp_path / "short.tif"), data)
    model, _ = make_rnn_sequence(str(tmp_path / "rnn.onnx"), 6, 2, 4, 1, metadata={"lithoscope_task": "sequence"})
    with pytest.raises(InputError, match=r"6 time steps x 2 feature\(s\).*5 band"):
        run_classify(ClassifyParams(raster, model, str(tmp_path / "o.tif")))


def test_autoencoder_writes_latent_bands_and_reconstruction_error(tmp_path, dask_scheduler):
    data = np.stack([smooth_field((64, 96), seed=20 + i) for i in range(4)]).astype(np.float32) * 50 + 100
    raster = write_raster(str(tmp_path / "bands.tif"), data)
    meta = {"lithoscope_task": "autoencoder", "band_offset": [100.0], "band_scale": [50.0]}
    model, weights = make_autoencoder(str(tmp_path / "ae.onnx"), 4, 2, seed=4, metadata=meta)
    params = ClassifyParams(raster, model, str(tmp_path / "latent.tif"), tile_size=32, chunk_size=64)
    local, out = run_both(params, dask_scheduler, tmp_path)
    got, got_dask = out["output"]
    assert local.output_kind == "latent" and got.shape == (3, 64, 96)
    x = ((data - 100.0) / 50.0).reshape(4, -1).T.astype(np.float64)
    latent = np.tanh(x @ weights["E"])
    error = ((latent @ weights["D"] - x) ** 2).mean(axis=1)
    np.testing.assert_allclose(got[:2], latent.T.reshape(2, 64, 96), atol=1e-5)
    np.testing.assert_allclose(got[2], error.reshape(64, 96), rtol=1e-4, atol=1e-6)
    with rasterio.open(local.output_path) as ds:
        assert ds.descriptions == ("latent 1", "latent 2", "reconstruction error")
    np.testing.assert_array_equal(got_dask, got)


def test_void_filler_changes_only_void_pixels(tmp_path, dask_scheduler):
    dem = (smooth_field((150, 170), seed=30) * 200 + 400).astype(np.float32)
    voids = np.zeros(dem.shape, bool)
    voids[40:43, 50:53] = True  # small voids the 5x5 window can fill
    voids[100:102, 120:124] = True
    voids[149, 0:2] = True  # at the raster's edge
    holed = np.where(voids, np.float32(-32768), dem)
    raster = write_raster(str(tmp_path / "dem.tif"), holed, nodata=-32768.0)
    meta = {"lithoscope_task": "generator", "band_offset": [400.0], "band_scale": [200.0]}
    model = make_void_filler(str(tmp_path / "filler.onnx"), metadata=meta)
    params = ClassifyParams(raster, model, str(tmp_path / "filled.tif"), tile_size=64, overlap=16, chunk_size=96)
    local, out = run_both(params, dask_scheduler, tmp_path)
    got, got_dask = out["output"]
    assert local.output_kind == "filled" and local.task == "generator"
    # Copy-through: every pixel with data is the input's own value, bit for bit.
    assert np.array_equal(got[0][~voids].view(np.uint32), holed[~voids].view(np.uint32))
    # Voids hold the mean of the valid neighbours in a 5x5 window (interior voids, where any tile sees it all).
    for y, x in [(40, 50), (41, 51), (101, 122)]:
        window = holed[y - 2 : y + 3, x - 2 : x + 3]
        keep = window != -32768
        assert got[0, y, x] == pytest.approx(window[keep].mean(), abs=1e-3)
    assert np.isfinite(got[0]).all() and not (got[0] == VALUE_NODATA).any()
    np.testing.assert_array_equal(got_dask, got)


# -- CNNs through both executors, and the task table ----------------------------------------------


def test_cnn_through_dask_chunks_with_halos_equals_local(tmp_path, dask_scheduler):
    """Chunks of 2 x 2 tiles: most have a halo row and column of tiles, so blocks blend as in one grid."""
    data = (np.stack([smooth_field((300, 260), seed=i) for i in range(3)]) * 120 + 128).astype(np.uint8)
    raster = write_raster(str(tmp_path / "image.tif"), data)
    cnn = make_cnn(str(tmp_path / "cnn.onnx"), 3, 4, seed=1)
    params = ClassifyParams(
        raster, cnn, str(tmp_path / "c.tif"), str(tmp_path / "p.tif"), tile_size=64, overlap=16, chunk_size=96
    )
    local, out = run_both(params, dask_scheduler, tmp_path, ("output", "probabilities"))
    assert local.stats.tiles == 7 * 6
    probs_local, probs_dask = out["probabilities"]
    np.testing.assert_allclose(probs_dask, probs_local, atol=1e-6)
    np.testing.assert_array_equal(out["output"][1], out["output"][0])


def test_task_without_an_entry_is_refused_with_the_tasks_it_runs(tmp_path):
    raster = write_raster(str(tmp_path / "i.tif"), (smooth_field((32, 32)) * 100).astype(np.float32)[None])
    model = make_cnn(str(tmp_path / "m.onnx"), 1, 2, metadata={"lithoscope_task": "object_detection"})
    with pytest.raises(ModelError, match="object_detection.*segmentation.*classification.*sequence.*generator"):
        run_classify(ClassifyParams(raster, model, str(tmp_path / "o.tif")))


def test_two_input_model_that_is_not_a_generator_is_refused(tmp_path):
    raster = write_raster(str(tmp_path / "i.tif"), (smooth_field((32, 32)) * 100).astype(np.float32)[None])
    model = make_void_filler(str(tmp_path / "m.onnx"), metadata={"lithoscope_task": "segmentation"})
    with pytest.raises(ModelError, match="two inputs to generator models only"):
        run_classify(ClassifyParams(raster, model, str(tmp_path / "o.tif")))


def test_tabular_model_without_metadata_classifies_raster_bands_pixel_by_pixel(tmp_path):
    from skl2onnx import to_onnx
    from sklearn.ensemble import RandomForestClassifier

    data = np.stack([smooth_field((60, 70), seed=40 + i) for i in range(4)]).astype(np.float32) * 30
    data[:, 0, :3] = -1  # nodata
    raster = write_raster(str(tmp_path / "bands.tif"), data, nodata=-1.0)
    rows = data.reshape(4, -1).T
    y = np.array(["granite", "basalt", "marl"])[np.digitize(rows[:, 0] + rows[:, 2], [-10, 10])]
    model = RandomForestClassifier(n_estimators=10, max_depth=5, random_state=1).fit(rows, y)
    path = tmp_path / "rf.onnx"
    path.write_bytes(to_onnx(model, rows[:1], target_opset=17).SerializeToString())  # label + ZipMap
    result = run_classify(ClassifyParams(str(raster), str(path), str(tmp_path / "c.tif")))
    got = read(result.output_path)[0]
    assert result.class_names == list(model.classes_)  # string labels become the class names
    expected = np.searchsorted(model.classes_, model.predict(rows)).reshape(60, 70)
    valid = np.ones((60, 70), bool)
    valid[0, :3] = False
    np.testing.assert_array_equal(got[valid], expected[valid])
    assert (got[~valid] == CLASS_NODATA).all()
    assert result.stats.overlap == 0  # per-pixel models never overlap


def test_categorical_bands_are_encoded_not_standardised(stack, tmp_path):
    """Without scaling metadata continuous bands are standardised, categorical ones pass as codes or one-hot."""
    from builders import make_identity

    layers = [VectorLayer(stack["v"], field="unit")]
    # Two channels in: the elevation (standardised by the raster's statistics) and the unit code as it is.
    plain = make_identity(str(tmp_path / "id2.onnx"), 2, metadata={"lithoscope_task": "regression"})
    result = run_classify(ClassifyParams(stack["a"], plain, str(tmp_path / "plain.tif"), layers=layers, overlap=0))
    got = read(result.output_path)
    a = stack["rows"][:, 0].reshape(H, W)
    assert abs(got[0].mean()) < 0.05 and abs(got[0].std() - 1) < 0.05  # standardised
    np.testing.assert_allclose(got[0], (a - a.mean()) / a.std(), atol=1e-3)
    assert set(np.unique(got[1])) == {0.0, 1.0, 2.0}  # codes, untouched
    # One-hot: the unit band becomes one 0/1 channel per listed category (0 = outside, 1, 2).
    meta = {
        "lithoscope_task": "regression",
        "band_names": ["elevation", "unit"],
        "band_offset": [0.0, 0.0],
        "band_scale": [100.0, 1.0],
        "band_kinds": ["continuous", "categorical"],
        "band_categories": {"unit": [0, 1, 2]},
    }
    onehot = make_identity(str(tmp_path / "id4.onnx"), 4, metadata=meta)
    result = run_classify(ClassifyParams(stack["a"], onehot, str(tmp_path / "onehot.tif"), layers=layers, overlap=0))
    got = read(result.output_path)
    codes = read(str(tmp_path / "plain.tif"))[1]
    np.testing.assert_allclose(got[0], a / 100.0, atol=1e-6)
    for k in range(3):
        np.testing.assert_array_equal(got[1 + k], (codes == k).astype(np.float32))


def test_pixels_a_layer_does_not_cover_are_nodata_and_reported(stack, tmp_path):
    """Never silently misaligned: where a stacked layer has no data, the output has none either."""
    from builders import make_identity

    half = write_raster(
        str(tmp_path / "west.tif"), np.full((H, W // 2), 7.0, np.float32), crs=UTM, pixel=PIXEL, origin=ORIGIN
    )
    model = make_identity(str(tmp_path / "id.onnx"), 2, metadata={"lithoscope_task": "regression"})
    messages = []
    params = ClassifyParams(
        stack["a"], model, str(tmp_path / "o.tif"), layers=[RasterLayer(half)], band_offset=(0,), band_scale=(1,)
    )
    result = run_classify(params, log=messages.append)
    got = read(result.output_path)
    np.testing.assert_allclose(got[1, :, : W // 2], 7.0, rtol=1e-6)
    assert (got[:, :, W // 2 :] == VALUE_NODATA).all()
    assert any("covers about 50 %" in m for m in messages)


def test_integer_class_labels_are_written_as_predict_gives_them(tmp_path):
    """Lithology codes 1, 2, 5 stay 1, 2, 5 in the class map, with their names and colours."""
    from skl2onnx import to_onnx
    from sklearn.ensemble import RandomForestClassifier

    data = np.stack([smooth_field((50, 60), seed=60 + i) for i in range(3)]).astype(np.float32) * 20
    raster = write_raster(str(tmp_path / "bands.tif"), data)
    rows = data.reshape(3, -1).T
    y = np.array([1, 2, 5])[np.digitize(rows[:, 0] - rows[:, 1], [-5, 5])]
    model = RandomForestClassifier(n_estimators=8, max_depth=5, random_state=2).fit(rows, y)
    path = tmp_path / "codes.onnx"
    path.write_bytes(to_onnx(model, rows[:1], options={"zipmap": False}, target_opset=17).SerializeToString())
    result = run_classify(
        ClassifyParams(str(raster), str(path), str(tmp_path / "c.tif"), polygons_path=str(tmp_path / "c.gpkg"))
    )
    got = read(result.output_path)[0]
    np.testing.assert_array_equal(got, model.predict(rows).reshape(50, 60))
    assert result.class_values == [1, 2, 5] and result.class_names == ["1", "2", "5"]
    with rasterio.open(result.output_path) as ds:
        assert ds.tags()["CLASS_5"] == "5" and 5 in ds.colormap(1)
    import geopandas as gpd

    polygons = gpd.read_file(result.polygons_path)
    assert set(polygons["class_id"]) == {1, 2, 5} and set(polygons["class_name"]) == {"1", "2", "5"}


def test_voting_classifier_with_label_encoded_inner_models_runs(tmp_path):
    from skl2onnx import to_onnx
    from sklearn.ensemble import RandomForestClassifier, VotingClassifier
    from sklearn.linear_model import LogisticRegression

    data = np.stack([smooth_field((40, 50), seed=70 + i) for i in range(2)]).astype(np.float32) * 10
    raster = write_raster(str(tmp_path / "bands.tif"), data)
    rows = data.reshape(2, -1).T
    y = np.where(rows[:, 0] > rows[:, 1], "granite", "basalt")
    model = VotingClassifier(
        [("lr", LogisticRegression()), ("rf", RandomForestClassifier(n_estimators=5, random_state=0))],
        voting="soft",
        flatten_transform=False,
    ).fit(rows, y)
    for zipmap in (False, True):
        path = tmp_path / f"vote{zipmap}.onnx"
        path.write_bytes(to_onnx(model, rows[:1], options={"zipmap": zipmap}, target_opset=17).SerializeToString())
        result = run_classify(ClassifyParams(str(raster), str(path), str(tmp_path / f"c{zipmap}.tif")))
        expected = np.searchsorted(model.classes_, model.predict(rows)).reshape(40, 50)
        assert (read(result.output_path)[0] == expected).mean() > 0.999


def test_softmax_on_one_probability_channel_means_sigmoid(tmp_path):
    from builders import make_identity

    raster = write_raster(str(tmp_path / "x.tif"), np.linspace(-3, 3, 400, dtype=np.float32).reshape(1, 20, 20))
    model = make_identity(str(tmp_path / "id.onnx"), 1, metadata={"lithoscope_task": "susceptibility"})
    params = ClassifyParams(raster, model, str(tmp_path / "p.tif"), band_offset=(0,), band_scale=(1,), overlap=0)
    params.output_activation = "softmax"
    got = read(run_classify(params).output_path)[0]
    x = np.linspace(-3, 3, 400).reshape(20, 20)
    np.testing.assert_allclose(got, 1 / (1 + np.exp(-x)), atol=1e-6)


def test_categorical_bands_of_an_8bit_raster_pass_as_codes(tmp_path):
    from builders import make_identity

    codes = np.array([[1, 7, 12], [3, 7, 200]], np.uint8)
    image = np.stack([codes, codes]).repeat(4, axis=1).repeat(4, axis=2)
    raster = write_raster(str(tmp_path / "lc.tif"), image)
    model = make_identity(str(tmp_path / "id.onnx"), 2, metadata={"lithoscope_task": "regression"})
    params = ClassifyParams(raster, model, str(tmp_path / "o.tif"), band_kinds=("categorical", "continuous"))
    got = read(run_classify(params).output_path)
    np.testing.assert_allclose(got[0], image[0], atol=1e-5)  # codes
    np.testing.assert_allclose(got[1], image[1] / 255.0, atol=1e-5)  # imagery: / 255


@pytest.mark.parametrize("dtype", ["float64", "int32"])
def test_void_filling_copies_float64_and_int32_values_exactly(tmp_path, dtype):
    dem = (smooth_field((80, 90), seed=31) * 3e3 + 2**25).astype(dtype)  # beyond float32's exact integers
    dem[40:42, 40:42] = -32768
    raster = write_raster(str(tmp_path / "dem.tif"), dem, nodata=-32768)
    meta = {"lithoscope_task": "generator", "band_offset": [2.0**25], "band_scale": [3e3]}
    model = make_void_filler(str(tmp_path / "filler.onnx"), metadata=meta)
    got = read(
        run_classify(ClassifyParams(raster, model, str(tmp_path / "f.tif"), tile_size=32, overlap=8)).output_path
    )
    keep = dem != -32768
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got[0][keep], dem[keep].astype(np.float64))
    assert np.isfinite(got[0][~keep]).all() and (got[0][~keep] != -32768).all()


def test_sparse_input_keeps_few_tiles_in_flight(tmp_path):
    """Tiles with nothing to compute are handed on, not held until a batch fills: memory flat in area."""
    from lithoscope.inference.engine import windows as engine

    data = np.zeros((1, 512, 512), np.float32)
    data[0, :10, :10] = 1.0  # valid in the first tile only
    data[0, -10:, -10:] = 1.0  # and the last
    raster = write_raster(str(tmp_path / "sparse.tif"), data, nodata=0.0)
    model = make_cnn(str(tmp_path / "m.onnx"), 1, 2)
    sizes = []
    real = engine._read_batches

    def spy(plan, tiles, is_cancelled):
        for batch in real(plan, tiles, is_cancelled):
            sizes.append(len(batch.tiles))
            yield batch

    engine._read_batches = spy
    try:
        params = ClassifyParams(raster, model, str(tmp_path / "o.tif"), tile_size=16, overlap=0, batch_size=4)
        params.band_offset, params.band_scale = (0,), (1,)
        run_classify(params)
    finally:
        engine._read_batches = real
    assert sum(sizes) == 32 * 32 and max(sizes) <= 16
