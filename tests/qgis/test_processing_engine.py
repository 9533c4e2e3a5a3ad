# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:classify with the engine's newer inputs: scikit-learn models, layer stacks, Dask.

Every model and raster is made here by code (seeded). Per-pixel models are checked against
scikit-learn itself; the stack is checked band by band through an identity model.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import rasterio
from builders import make_identity, smooth_field, write_raster
from qgis import processing
from qgis.core import QgsProcessingException, QgsProject, QgsVectorLayer

H, W = 60, 80  # rows, columns of the stack's input raster
ORIGIN = (500000.0, 5000000.0)  # EPSG:32633, 10 m pixels
UTM = "EPSG:32633"


def read(path: str) -> np.ndarray:
    with rasterio.open(path) as ds:
        return ds.read()


def pixels(path: str) -> np.ndarray:
    """A raster's pixels as rows of features (n_pixels, bands), float32, as a tabular model sees them."""
    data = read(path).astype(np.float32)
    return data.reshape(data.shape[0], -1).T


def assert_same_classes(classes: np.ndarray, model, rows: np.ndarray, ties: float = 1e-4) -> None:
    """The class map equals model.predict, but for at most a handful of near-ties of predict_proba."""
    expected = model.predict(rows).reshape(classes.shape)
    wrong = np.flatnonzero(classes != expected)
    assert wrong.size <= 5, f"{wrong.size} pixels differ from model.predict"
    if wrong.size:
        top = np.sort(model.predict_proba(rows[wrong]), axis=1)[:, -2:]
        assert (top[:, 1] - top[:, 0] < ties).all(), "a pixel that differs from predict is not a near-tie"


def export(model, rows: np.ndarray, path, zipmap: bool = False) -> str:
    """A scikit-learn model as ONNX through skl2onnx (ZipMap output for classifiers when `zipmap`)."""
    from skl2onnx import to_onnx

    options = None if zipmap else {"zipmap": False}
    onx = to_onnx(model, rows[:1].astype(np.float32), options=options)
    path.write_bytes(onx.SerializeToString())
    return str(path)


def training_set(seed: int, n: int = 600) -> tuple[np.ndarray, np.ndarray]:
    """Three features in about [-2, 2], classes 0..2 from thresholds (with some label noise)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, (n, 3)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(int) + (x[:, 2] > 0.6).astype(int)
    flip = rng.random(n) < 0.05
    y[flip] = rng.integers(0, 3, flip.sum())
    return x, y


# -- a scikit-learn random forest over a 3-band raster ----------------------------------------


@pytest.fixture(scope="module")
def features_path(tmp_path_factory) -> str:
    """A 3-band float32 GeoTIFF (90 x 110 px) of smooth fields in about [-2, 2]."""
    data = np.stack([2 * smooth_field((90, 110), seed=s) for s in (11, 12, 13)])
    return write_raster(str(tmp_path_factory.mktemp("features") / "features.tif"), data)


@pytest.fixture(scope="module")
def forest(tmp_path_factory):
    """A RandomForestClassifier and its ONNX exports: {'model', 'plain' (no ZipMap), 'zipmap'}."""
    from sklearn.ensemble import RandomForestClassifier

    x, y = training_set(seed=5)
    model = RandomForestClassifier(n_estimators=15, max_depth=6, random_state=0).fit(x, y)
    folder = tmp_path_factory.mktemp("forest")
    return {
        "model": model,
        "plain": export(model, x, folder / "forest.onnx"),
        "zipmap": export(model, x, folder / "forest_zipmap.onnx", zipmap=True),
    }


@pytest.mark.parametrize("export_kind", ["plain", "zipmap"])
def test_random_forest_class_map_equals_predict(provider, features_path, forest, export_kind, tmp_path):
    out = str(tmp_path / "classes.tif")
    results = processing.run(
        "lithoscope:classify", {"INPUT": features_path, "MODEL": forest[export_kind], "OUTPUT": out}
    )
    assert results["OUTPUT_KIND"] == "classes"
    classes = read(out)[0]
    assert classes.shape == (90, 110)
    assert set(np.unique(classes).tolist()) == {0, 1, 2}, "the fixture should give every class"
    assert_same_classes(classes, forest["model"], pixels(features_path))


def test_dask_executor_gives_the_local_class_map(provider, features_path, forest, tmp_path):
    local, dask = str(tmp_path / "local.tif"), str(tmp_path / "dask.tif")
    processing.run("lithoscope:classify", {"INPUT": features_path, "MODEL": forest["plain"], "OUTPUT": local})
    processing.run(
        "lithoscope:classify",
        {
            "INPUT": features_path,
            "MODEL": forest["plain"],
            "EXECUTOR": 1,
            "WORKERS": 1,
            "TILE_SIZE": 32,  # several windows, spread over Dask chunks
            "OUTPUT": dask,
        },
    )
    np.testing.assert_array_equal(read(dask), read(local))


def test_unreachable_scheduler_is_a_processing_error_naming_it(provider, features_path, forest, tmp_path):
    out = tmp_path / "never.tif"
    start = time.monotonic()
    with pytest.raises(QgsProcessingException, match=r"scheduler at tcp://127\.0\.0\.1:1"):
        processing.run(
            "lithoscope:classify",
            {
                "INPUT": features_path,
                "MODEL": forest["plain"],
                "EXECUTOR": 1,
                "SCHEDULER": " tcp://127.0.0.1:1 ",
                "OUTPUT": str(out),
            },
        )
    assert time.monotonic() - start < 40
    assert not out.exists()


def test_failing_cluster_is_a_processing_error_saying_what_workers_need(
    provider, features_path, forest, tmp_path, monkeypatch
):
    from lithoscope.inference.engine import dask as executors

    class Client:
        """A cluster whose workers cannot unpickle the plan: dask.distributed raises a bare Exception."""

        def scheduler_info(self):
            return {"workers": {"w1": {}}}

        def scatter(self, *args, **kwargs):
            raise Exception("ModuleNotFoundError(\"No module named 'lithoscope'\")")

        def cancel(self, futures):
            pass

        def close(self):
            pass

    monkeypatch.setattr(executors, "open_client", lambda executor, log: (Client(), None))
    with pytest.raises(QgsProcessingException, match=r"workers could not take the job: .*'lithoscope'.*on PYTHONPATH"):
        processing.run(
            "lithoscope:classify",
            {"INPUT": features_path, "MODEL": forest["plain"], "EXECUTOR": 1, "OUTPUT": str(tmp_path / "never.tif")},
        )
    assert not (tmp_path / "never.tif").exists()


@pytest.mark.parametrize("address", ["nonsense", "http://localhost:8786", "tcp://host:port", "tcp://:8786"])
def test_malformed_scheduler_address_names_the_expected_form(provider, features_path, forest, address, tmp_path):
    with pytest.raises(QgsProcessingException, match=r"is not valid; give it as tcp://host:port"):
        processing.run(
            "lithoscope:classify",
            {
                "INPUT": features_path,
                "MODEL": forest["plain"],
                "EXECUTOR": 1,
                "SCHEDULER": address,
                "OUTPUT": str(tmp_path / "never.tif"),
            },
        )


def test_scheduler_address_forms_dask_accepts():
    from lithoscope.processing.algorithm import scheduler_address

    for address in ("tcp://10.0.0.5:8786", "10.0.0.5:8786", "tls://head.cluster:8786", "tcp://[::1]:8786"):
        assert scheduler_address(f" {address} ") == address
    assert scheduler_address("  ") is None


# -- a stack: the input, a raster in another CRS and grid, a vector layer ----------------------


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> dict:
    """The input (1 band, EPSG:32633, 10 m), a raster in EPSG:4326 (about 15 m) covering it, and a
    GeoPackage with two layers ('other' first; 'units': two rectangles on pixel edges, field 'unit')."""
    import geopandas as gpd
    from rasterio.transform import from_origin
    from rasterio.warp import transform_bounds
    from shapely.geometry import box

    folder = tmp_path_factory.mktemp("stack")
    first = write_raster(str(folder / "elevation.tif"), 3 * smooth_field((H, W), seed=21), origin=ORIGIN)
    left, bottom, right, top = transform_bounds(
        UTM, "EPSG:4326", ORIGIN[0], ORIGIN[1] - 10 * H, ORIGIN[0] + 10 * W, ORIGIN[1]
    )
    step = 0.0002
    margin = 5 * step
    cols, rows = int((right - left + 2 * margin) / step) + 1, int((top - bottom + 2 * margin) / step) + 1
    second = str(folder / "rainfall_wgs84.tif")
    with rasterio.open(
        second,
        "w",
        driver="GTiff",
        width=cols,
        height=rows,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(left - margin, top + margin, step, step),
    ) as ds:
        # Whole numbers, so that nearest-neighbour resampling is recognisable.
        ds.write(np.round(10 * smooth_field((rows, cols), seed=22))[None])
    vectors = str(folder / "geology.gpkg")
    gpd.GeoDataFrame({"unit": ["scree"]}, geometry=[box(501000, 4999600, 501200, 4999900)], crs=UTM).to_file(
        vectors, layer="other", driver="GPKG"
    )
    units = gpd.GeoDataFrame(
        {"unit": ["sand", "clay"], "depth": [2.5, 7.0]},
        # columns 20..49, rows 10..29 and columns 60..69, rows 40..54 of the input
        geometry=[box(500200, 4999700, 500500, 4999900), box(500600, 4999450, 500700, 4999600)],
        crs=UTM,
    )
    units.to_file(vectors, layer="units", driver="GPKG")
    burned = np.zeros((H, W), np.float32)
    burned[10:30, 20:50] = 2  # sand: code 2 of the sorted values (clay, sand)
    burned[40:55, 60:70] = 1  # clay
    return {"input": first, "second": second, "vectors": vectors, "burned": burned}


@pytest.fixture
def units_layer(stack, qgis_new_project) -> QgsVectorLayer:
    """The GeoPackage's 'units' layer (not its first), in the project."""
    layer = QgsVectorLayer(f"{stack['vectors']}|layername=units", "units", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.fixture(scope="module")
def identity_path(tmp_path_factory) -> str:
    """A 3-band identity tile model: its 'values' output is exactly what the engine fed it."""
    return make_identity(str(tmp_path_factory.mktemp("identity") / "identity.onnx"), 3, {"output_kind": "values"})


def run_stack(stack, layer, model: str, out: str, **more) -> dict:
    """Classify the stack's input with the second raster (a path) and a vector layer (a layer or its source)."""
    vector = layer if isinstance(layer, str) else layer.id()
    params = {"INPUT": stack["input"], "MODEL": model, "LAYERS": [stack["second"], vector], "OUTPUT": out}
    return processing.run("lithoscope:classify", {**params, **more})


def warped_second(stack, resampling) -> np.ndarray:
    """The second raster on the input's grid, warped independently of the engine."""
    from rasterio.warp import reproject

    out = np.full((H, W), np.nan, np.float32)
    with rasterio.open(stack["input"]) as ref, rasterio.open(stack["second"]) as src:
        reproject(
            rasterio.band(src, 1),
            out,
            dst_transform=ref.transform,
            dst_crs=ref.crs,
            resampling=resampling,
        )
    return out


def test_stack_reads_each_layer_onto_the_input_grid(provider, stack, units_layer, identity_path, tmp_path):
    from rasterio.warp import Resampling

    out = str(tmp_path / "stack.tif")
    results = run_stack(stack, units_layer, identity_path, out, BAND_OFFSET="0", BAND_SCALE="1")
    assert results["OUTPUT_KIND"] == "values"
    values = read(out)
    assert values.shape == (3, H, W)
    np.testing.assert_allclose(values[0], read(stack["input"])[0], rtol=1e-5, atol=1e-5)
    # Bilinear (continuous); GDAL's warper in both, so only rounding differs.
    np.testing.assert_allclose(values[1], warped_second(stack, Resampling.bilinear), atol=1e-3)
    np.testing.assert_allclose(values[2], stack["burned"] > 0, atol=1e-4)  # no field: 1 inside, 0 outside


def test_stack_categorical_band_and_vector_field(provider, stack, identity_path, tmp_path):
    from rasterio.warp import Resampling

    out = str(tmp_path / "stack.tif")
    run_stack(
        stack,
        f"{stack['vectors']}|layername=units",  # a layer given by its source, as qgis_process does
        identity_path,
        out,
        CATEGORICAL="2, 3",
        VECTOR_FIELD="unit",
        BAND_OFFSET="0",
        BAND_SCALE="1",
    )
    values = read(out)
    # Nearest neighbour: whole numbers of the source raster only (up to the tile blending's rounding).
    second = np.round(values[1])
    np.testing.assert_allclose(values[1], second, atol=1e-4)
    nearest = warped_second(stack, Resampling.nearest)
    assert (second == nearest).mean() > 0.99  # equal but where a pixel centre is on a cell edge
    np.testing.assert_allclose(values[2], stack["burned"], atol=1e-4)  # text values as codes 1..n, sorted


def test_logistic_regression_over_the_stack_equals_predict(provider, stack, units_layer, identity_path, tmp_path):
    from sklearn.linear_model import LogisticRegression

    features = str(tmp_path / "features.tif")
    run_stack(stack, units_layer, identity_path, features, BAND_OFFSET="0", BAND_SCALE="1")
    x, y = training_set(seed=8)
    x[:, 1] *= 3  # the second layer spans about -10..10
    x[:, 2] = (x[:, 2] > 0).astype(np.float32)  # the vector layer is 0/1
    model = LogisticRegression(max_iter=500).fit(x, y)
    onnx_path = export(model, x, tmp_path / "logistic.onnx")
    out = str(tmp_path / "classes.tif")
    results = run_stack(stack, units_layer, onnx_path, out)
    assert results["OUTPUT_KIND"] == "classes"
    classes = read(out)[0]
    assert len(np.unique(classes)) >= 2
    assert_same_classes(classes, model, pixels(features))


def test_categorical_input_band_passes_as_codes(provider, stack, units_layer, identity_path, tmp_path):
    """Without scaling metadata the input is standardised, unless CATEGORICAL marks it as categories."""
    plain, coded = str(tmp_path / "plain.tif"), str(tmp_path / "coded.tif")
    run_stack(stack, units_layer, identity_path, plain)
    run_stack(stack, units_layer, identity_path, coded, CATEGORICAL="1,3")
    raw = read(stack["input"])[0]
    standardised, as_codes = read(plain)[0], read(coded)[0]
    assert abs(standardised.mean()) < 0.05 and abs(standardised.std() - 1) < 0.05
    np.testing.assert_allclose(as_codes, raw, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize(
    ("more", "message"),
    [
        ({"CATEGORICAL": "2,4"}, r"lists band 4, but the stack has 3 band\(s\)"),
        ({"CATEGORICAL": "2;x"}, r"must be a comma-separated list of numbers"),
        ({"VECTOR_FIELD": "age"}, r"'units' has no field 'age' \(its fields: fid, unit, depth\)"),
    ],
)
def test_stack_parameters_a_user_gets_wrong(provider, stack, units_layer, identity_path, tmp_path, more, message):
    out = tmp_path / "never.tif"
    with pytest.raises(QgsProcessingException, match=message):
        run_stack(stack, units_layer, identity_path, str(out), **more)
    assert not out.exists()


def test_stack_with_the_wrong_band_count_names_the_counts(provider, stack, units_layer, forest, tmp_path):
    # The forest takes 3 features; the input and the vector layer give 2.
    with pytest.raises(QgsProcessingException, match=r"expects 3 feature\(s\).*2 feature\(s\)"):
        processing.run(
            "lithoscope:classify",
            {
                "INPUT": stack["input"],
                "MODEL": forest["plain"],
                "LAYERS": [units_layer.id()],
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
        )


def test_memory_layer_must_be_saved_first(provider, stack, identity_path, tmp_path, qgis_new_project):
    layer = QgsVectorLayer("Polygon?crs=EPSG:32633", "sketch", "memory")
    QgsProject.instance().addMapLayer(layer)
    with pytest.raises(QgsProcessingException, match=r"'sketch' is not a local file.*Save it as a GeoPackage"):
        run_stack(stack, layer, identity_path, str(tmp_path / "never.tif"))


def test_filtered_vector_layer_is_refused(provider, stack, units_layer, identity_path, tmp_path):
    units_layer.setSubsetString("\"unit\" = 'sand'")
    with pytest.raises(QgsProcessingException, match=r"'units' has a filter"):
        run_stack(stack, units_layer, identity_path, str(tmp_path / "never.tif"))


def test_raster_with_bands_of_both_kinds_becomes_one_source_per_kind(tmp_path):
    from lithoscope.inference.sources.base import RasterLayer
    from lithoscope.processing.layers import stack_sources
    from qgis.core import QgsRasterLayer

    path = write_raster(str(tmp_path / "three.tif"), np.zeros((3, 8, 8), np.float32))
    layer = QgsRasterLayer(path, "three")
    # Stack bands 1-2 are the input's; this raster's bands are stack bands 3, 4 and 5.
    assert stack_sources([layer], categorical=[4], first_band=3) == [
        RasterLayer(path, (1,), "continuous", "three"),
        RasterLayer(path, (2,), "categorical", "three"),
        RasterLayer(path, (3,), "continuous", "three"),
    ]
    assert stack_sources([layer], first_band=3) == [RasterLayer(path, None, "continuous", "three")]


# -- naming and the enums' agreement with the core ---------------------------------------------


def test_output_layer_names_follow_the_output_kind():
    from lithoscope.processing.classify import result_layer_name

    expected = {
        "classes": "dem classes",
        "probability": "dem probability",
        "values": "dem values",
        "latent": "dem latent features",
        "filled": "dem filled",
    }
    assert {kind: result_layer_name("dem", "OUTPUT", kind) for kind in expected} == expected
    assert result_layer_name("dem", "OUTPUT_PROBABILITIES", "classes") == "dem probabilities"


def test_enum_options_follow_the_core():
    from lithoscope.inference.engine.plan import EXECUTORS
    from lithoscope.inference.model.session import DEVICES
    from lithoscope.processing.algorithm import EXECUTOR_CHOICES
    from lithoscope.processing.classify import ClassifyAlgorithm

    algorithm = ClassifyAlgorithm()
    algorithm.initAlgorithm()
    assert EXECUTOR_CHOICES == EXECUTORS
    assert len(algorithm.parameterDefinition("EXECUTOR").options()) == len(EXECUTORS)
    assert len(algorithm.parameterDefinition("DEVICE").options()) == len(DEVICES)
