# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:trainsusceptibility and lithoscope:susceptibility run through Processing."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
import rasterio
from builders import smooth_field, write_polygons, write_raster
from qgis import processing
from qgis.core import QgsProcessingException, QgsProject

pytest.importorskip("sklearn")
pytest.importorskip("skl2onnx")

H, W, PIXEL, ORIGIN = 100, 120, 10.0, (500000.0, 5000000.0)


@pytest.fixture(scope="module")
def area(tmp_path_factory) -> dict:
    """Factors (f1, f2 continuous, geology categorical) and landslide points with a year field."""
    import geopandas as gpd
    from shapely.geometry import Point

    folder = tmp_path_factory.mktemp("susceptibility")
    f1 = smooth_field((H, W), seed=21, scales=(32, 8))
    f2 = smooth_field((H, W), seed=22, scales=(32, 8))
    f1, f2 = ((f - f.mean()) / f.std() for f in (f1, f2))
    geology = (smooth_field((H, W), seed=23, scales=(32,)) > 0).astype(np.float32) + 1
    data = np.stack([f1, f2, geology]).astype(np.float32)
    tag = {"names": ["f1", "f2", "geology"], "kinds": ["continuous", "continuous", "categorical"]}
    factors = write_raster(
        str(folder / "factors.tif"),
        data,
        nodata=float("nan"),
        origin=ORIGIN,
        tags={"LITHOSCOPE_FACTORS": json.dumps(tag)},
    )
    p = 1 / (1 + np.exp(-(2 * f1 - 1.5 * f2 - 4)))
    rows, cols = np.nonzero(np.random.default_rng(0).random((H, W)) < p)
    points = [Point(ORIGIN[0] + (c + 0.5) * PIXEL, ORIGIN[1] - (r + 0.5) * PIXEL) for r, c in zip(rows, cols)]
    inventory = str(folder / "landslides.gpkg")
    frame = gpd.GeoDataFrame({"year": 2000 + np.arange(len(points)) % 10}, geometry=points, crs="EPSG:32633")
    frame.to_file(inventory, driver="GPKG")
    mask = np.zeros((H, W), np.uint8)
    mask[rows, cols] = 1
    scarps = write_raster(str(folder / "scarps.tif"), mask, nodata=255, origin=ORIGIN)
    return {"factors": factors, "inventory": inventory, "scarps": scarps, "n": len(points)}


@pytest.mark.parametrize("alg_id", ["lithoscope:trainsusceptibility", "lithoscope:susceptibility"])
def test_no_field_parameter_hangs_on_a_parameter_that_takes_rasters(provider, alg_id):
    """QGIS 3.22's algorithm dialog crashed when a raster fed a field parameter's parent (a map layer
    parameter taking rasters, with a raster as the active layer or picked)."""
    from qgis.core import (
        QgsApplication,
        QgsProcessing,
        QgsProcessingParameterField,
        QgsProcessingParameterMapLayer,
        QgsProcessingParameterMultipleLayers,
        QgsProcessingParameterRasterLayer,
    )

    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    fields = [d for d in alg.parameterDefinitions() if isinstance(d, QgsProcessingParameterField)]
    assert fields
    for field in fields:
        parent = alg.parameterDefinition(field.parentLayerParameterName())
        assert parent is not None, field.name()
        takes_rasters = isinstance(parent, (QgsProcessingParameterRasterLayer, QgsProcessingParameterMultipleLayers))
        if isinstance(parent, QgsProcessingParameterMapLayer):
            types = parent.dataTypes()
            takes_rasters = not types or QgsProcessing.TypeRaster in types or QgsProcessing.TypeMapLayer in types
        assert not takes_rasters, f"{field.name()} hangs on {parent.name()}, which takes rasters"
    raster = alg.parameterDefinition("INVENTORY_RASTER")
    assert isinstance(raster, QgsProcessingParameterRasterLayer) and raster.flags() & raster.FlagOptional


@pytest.mark.parametrize("alg_id", ["lithoscope:trainsusceptibility", "lithoscope:susceptibility"])
def test_a_raster_path_given_to_inventory_is_still_a_raster_inventory(provider, area, alg_id):
    """Older scripts passed a raster inventory to INVENTORY: it is accepted and read as INVENTORY_RASTER."""
    from lithoscope.processing.susceptibility import raster_inventory_moved
    from qgis.core import QgsApplication, QgsProcessingContext

    context = QgsProcessingContext()
    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    base = {"FACTORS": area["factors"], "MODEL": "m.onnx", "OUTPUT_MODEL": "m.onnx"}
    moved = raster_inventory_moved({**base, "INVENTORY": area["scarps"]}, context)
    assert moved["INVENTORY_RASTER"] == area["scarps"] and "INVENTORY" not in moved
    vector = {**base, "INVENTORY": area["inventory"]}
    assert raster_inventory_moved(vector, context) == vector
    ok, message = alg.checkParameterValues({**base, "INVENTORY": area["scarps"]}, context)
    assert ok, message
    ok, message = alg.checkParameterValues(
        {**base, "INVENTORY": area["inventory"], "INVENTORY_RASTER": area["scarps"]}, context
    )
    assert not ok and "INVENTORY_RASTER" in message and "INVENTORY" in message.replace("INVENTORY_RASTER", "")
    with pytest.raises(QgsProcessingException, match="INVENTORY_RASTER"):
        raster_inventory_moved({**base, "INVENTORY": area["scarps"], "INVENTORY_RASTER": area["scarps"]}, context)


def test_choices_agree_with_the_core():
    from lithoscope.processing import susceptibility as alg
    from lithoscope.susceptibility import classes, models, validation

    assert set(alg.MODEL_CHOICES) == set(models.MODEL_TYPES)
    assert alg.VALIDATION_CHOICES == validation.VALIDATION_KINDS
    assert alg.SPATIAL_CHOICES == validation.SPATIAL_METHODS
    assert alg.ENCODING_CHOICES == models.CATEGORICAL_ENCODINGS
    assert alg.CLASS_METHOD_CHOICES == classes.CLASS_METHODS


def test_train_then_map_through_processing(provider, area, tmp_path, qgis_new_project):
    trained = processing.run(
        "lithoscope:trainsusceptibility",
        {
            "FACTORS": area["factors"],
            "INVENTORY": area["inventory"],
            "MODEL_TYPE": 1,  # logistic regression
            "VALIDATION": [0, 1, 2],
            "YEAR_FIELD": "year",
            "FOLDS": 3,
            "COMPARE_MODELS": False,
            "KEEP_FOLD_MODELS": True,
            "OUTPUT_MODEL": str(tmp_path / "model.onnx"),
            "OUTPUT_REPORT": str(tmp_path / "report.html"),
            "OUTPUT_METRICS": str(tmp_path / "metrics.json"),
        },
    )
    metrics = json.load(open(trained["OUTPUT_METRICS"]))
    for kind in ("random", "spatial", "temporal"):
        assert trained[f"AUC_{kind.upper()}"] == pytest.approx(metrics["validation"][kind]["mean"], abs=1e-4)
    assert trained["AUC_SPATIAL"] > 0.75 and metrics["model_type"] == "logistic"
    folds = trained["FOLD_MODELS"].split(";")
    assert len(folds) == 3 and all(os.path.exists(p) for p in folds)
    assert metrics["fold_models"]["in_model"] and metrics["onnx_size_mb"]["fold_model_files"]
    assert os.path.exists(trained["OUTPUT_REPORT"])

    processing.runAndLoadResults(
        "lithoscope:susceptibility",
        {
            "FACTORS": area["factors"],
            "MODEL": trained["OUTPUT_MODEL"],
            "INVENTORY": area["inventory"],
            "CLASS_METHOD": 1,  # natural breaks
            "OUTPUT": str(tmp_path / "probability.tif"),
            "OUTPUT_CLASSES": str(tmp_path / "classes.tif"),
            "OUTPUT_UNCERTAINTY": str(tmp_path / "uncertainty.tif"),
        },
    )
    layers = {layer.name(): layer for layer in QgsProject.instance().mapLayers().values()}
    names = {"factors susceptibility", "factors susceptibility classes", "factors susceptibility uncertainty"}
    assert names <= set(layers)
    classes = layers["factors susceptibility classes"].renderer()
    assert classes.type() == "paletted"
    assert [c.label for c in classes.classes()] == ["very low", "low", "moderate", "high", "very high"]
    assert [c.value for c in classes.classes()] == [1, 2, 3, 4, 5]
    assert layers["factors susceptibility"].renderer().type() == "singlebandpseudocolor"
    with rasterio.open(tmp_path / "classes.tif") as ds:
        assert set(np.unique(ds.read(1))) <= {1, 2, 3, 4, 5}
    table = open(tmp_path / "classes.csv").read().splitlines()
    assert len(table) == 6 and table[5].split(",")[1] == "very high"


def test_raster_inventory_and_user_breaks(provider, area, tmp_path):
    trained = processing.run(
        "lithoscope:trainsusceptibility",
        {
            "FACTORS": area["factors"],
            "INVENTORY_RASTER": area["scarps"],
            "MODEL_TYPE": 4,  # frequency ratio
            "VALIDATION": [1],
            "SPATIAL_METHOD": 1,  # k-means
            "COMPARE_MODELS": False,
            "OUTPUT_MODEL": str(tmp_path / "fr.onnx"),
            "OUTPUT_REPORT": "",
            "OUTPUT_METRICS": "",
        },
    )
    assert trained["AUC_SPATIAL"] > 0.7
    # Report and metrics left empty: none is written, here or anywhere else (no temporary default either).
    assert not trained["OUTPUT_REPORT"] and not trained["OUTPUT_METRICS"]
    # Fold models not asked for (KEEP_FOLD_MODELS off by default): they are inside the model only.
    assert sorted(os.listdir(tmp_path)) == ["fr.onnx"] and trained["FOLD_MODELS"] == ""
    mapped = processing.run(
        "lithoscope:susceptibility",
        {
            "FACTORS": area["factors"],
            "MODEL": trained["OUTPUT_MODEL"],
            "CLASS_BREAKS": "0.2, 0.4, 0.6, 0.8",
            "OUTPUT": str(tmp_path / "p.tif"),
            "OUTPUT_CLASSES": str(tmp_path / "c.tif"),
        },
    )
    with rasterio.open(mapped["OUTPUT"]) as ds:
        p = ds.read(1)
    with rasterio.open(mapped["OUTPUT_CLASSES"]) as ds:
        c = ds.read(1)
    expected = np.digitize(p, [0.2, 0.4, 0.6, 0.8]) + 1
    np.testing.assert_array_equal(c, expected)


def test_label_field_counts_only_labelled_landslides_in_the_class_table(provider, area, tmp_path):
    import geopandas as gpd

    frame = gpd.read_file(area["inventory"])
    landslides = {(round(p.x, 3), round(p.y, 3)) for p in frame.geometry}
    rng = np.random.default_rng(1)
    rows, cols = rng.integers(0, H, 600), rng.integers(0, W, 600)
    stable = [(ORIGIN[0] + (c + 0.5) * PIXEL, ORIGIN[1] - (r + 0.5) * PIXEL) for r, c in zip(rows, cols)]
    stable = sorted({xy for xy in stable if (round(xy[0], 3), round(xy[1], 3)) not in landslides})
    labelled = gpd.GeoDataFrame(
        {"lslpts": [1] * len(frame) + [0] * len(stable)},
        geometry=list(frame.geometry) + list(gpd.points_from_xy(*zip(*stable))),
        crs="EPSG:32633",
    )
    inventory = str(tmp_path / "labelled.gpkg")
    labelled.to_file(inventory, driver="GPKG")
    trained = processing.run(
        "lithoscope:trainsusceptibility",
        {"FACTORS": area["factors"], "INVENTORY": inventory, "LABEL_FIELD": "lslpts", "MODEL_TYPE": 1,
         "VALIDATION": [0], "COMPARE_MODELS": False, "OUTPUT_MODEL": str(tmp_path / "m.onnx"), "OUTPUT_REPORT": "",
         "OUTPUT_METRICS": ""},
    )  # fmt: skip

    def landslides_in_table(extra: dict) -> int:
        name = f"c{len(extra)}"
        processing.run(
            "lithoscope:susceptibility",
            {"FACTORS": area["factors"], "MODEL": trained["OUTPUT_MODEL"], "INVENTORY": inventory,
             "OUTPUT": str(tmp_path / f"p{name}.tif"), "OUTPUT_CLASSES": str(tmp_path / f"{name}.tif"), **extra},
        )  # fmt: skip
        lines = open(tmp_path / f"{name}.csv").read().splitlines()
        column = lines[0].split(",").index("landslides")
        return sum(int(line.split(",")[column]) for line in lines[1:])

    # Landslide pixels are distinct: as many as points labelled 1 (each in its own pixel), none of the 0s.
    assert landslides_in_table({"LABEL_FIELD": "lslpts"}) == area["n"]
    assert landslides_in_table({}) == area["n"] + len(stable)  # without it, every point counts
    with pytest.raises(QgsProcessingException, match="label field was given without an inventory"):
        processing.run(
            "lithoscope:susceptibility",
            {"FACTORS": area["factors"], "MODEL": trained["OUTPUT_MODEL"], "LABEL_FIELD": "lslpts",
             "OUTPUT": str(tmp_path / "x.tif")},
        )  # fmt: skip


def test_factors_built_with_the_models_text_codes(provider, tmp_path):
    """A model trained on a local map predicts on a regional one only with the model's text codes."""
    import geopandas as gpd
    from shapely.geometry import box

    x0, y0 = ORIGIN
    dem = write_raster(
        str(tmp_path / "dem.tif"), (smooth_field((H, W), seed=5) * 100).astype(np.float32), origin=ORIGIN
    )
    west, east = box(x0, y0 - H * PIXEL, x0 + 600, y0), box(x0 + 600, y0 - H * PIXEL, x0 + W * PIXEL, y0)
    # One file name in two folders: layers are named after their files, so both builds name the factor geology_rock.
    for folder in ("local", "regional"):
        (tmp_path / folder).mkdir()
    local, regional = str(tmp_path / "local" / "geology.gpkg"), str(tmp_path / "regional" / "geology.gpkg")
    gpd.GeoDataFrame({"rock": ["marl", "shale"]}, geometry=[west, east], crs="EPSG:32633").to_file(local)
    far = box(x0 + 5000, y0, x0 + 5100, y0 + 100)
    gpd.GeoDataFrame({"rock": ["marl", "shale", "andesite"]}, geometry=[west, east, far], crs="EPSG:32633").to_file(
        regional
    )
    rng = np.random.default_rng(0)
    rows, cols = rng.integers(0, H, 80), rng.integers(62, W, 80)  # landslides on shale
    slides = str(tmp_path / "slides.gpkg")
    points = gpd.points_from_xy(x0 + (cols + 0.5) * PIXEL, y0 - (rows + 0.5) * PIXEL)
    gpd.GeoDataFrame(geometry=points, crs="EPSG:32633").to_file(slides)

    def build(polygons: str, name: str, **extra) -> str:
        params = {
            "DEM": dem,
            "TERRAIN": [0],
            "POLYGON_FIELDS": polygons,
            "FIELD": ["rock"],
            "OUTPUT": str(tmp_path / name),
        }
        return processing.run("lithoscope:buildfactors", {**params, **extra})["OUTPUT"]

    expected = build(local, "expected.tif")
    model = processing.run(
        "lithoscope:trainsusceptibility",
        {"FACTORS": expected, "INVENTORY": slides, "MODEL_TYPE": 1, "VALIDATION": [0],
         "COMPARE_MODELS": False, "OUTPUT_MODEL": str(tmp_path / "m.onnx"), "OUTPUT_REPORT": "", "OUTPUT_METRICS": ""},
    )["OUTPUT_MODEL"]  # fmt: skip
    shifted = build(regional, "shifted.tif")
    with pytest.raises(QgsProcessingException, match="codes its text values otherwise.*TEXT_CODES_MODEL"):
        processing.run(
            "lithoscope:susceptibility", {"FACTORS": shifted, "MODEL": model, "OUTPUT": str(tmp_path / "s.tif")}
        )
    fixed = build(regional, "fixed.tif", TEXT_CODES_MODEL=model)
    maps = [
        processing.run("lithoscope:susceptibility", {"FACTORS": f, "MODEL": model, "OUTPUT": str(tmp_path / o)})[
            "OUTPUT"
        ]
        for f, o in ((expected, "e.tif"), (fixed, "f.tif"))
    ]
    with rasterio.open(maps[0]) as a, rasterio.open(maps[1]) as b:
        np.testing.assert_allclose(a.read(1), b.read(1), atol=1e-6)


def test_mapping_units_get_fields_on_a_copy(provider, area, tmp_path):
    from shapely.geometry import box

    x0, y0 = ORIGIN
    units = [
        box(x0 + c * 100, y0 - r * 100 - 100, x0 + c * 100 + 100, y0 - r * 100) for r in range(10) for c in range(12)
    ]
    units_path = write_polygons(str(tmp_path / "units.gpkg"), units, "EPSG:32633")
    trained = processing.run(
        "lithoscope:trainsusceptibility",
        {
            "FACTORS": area["factors"],
            "INVENTORY": area["inventory"],
            "MAPPING_UNITS": units_path,
            "MODEL_TYPE": 1,
            "VALIDATION": [0],
            "COMPARE_MODELS": False,
            "OUTPUT_MODEL": str(tmp_path / "units.onnx"),
            "OUTPUT_REPORT": "",
            "OUTPUT_METRICS": "",
        },
    )
    mapped = processing.run(
        "lithoscope:susceptibility",
        {
            "FACTORS": area["factors"],
            "MODEL": trained["OUTPUT_MODEL"],
            "MAPPING_UNITS": units_path,
            "OUTPUT": str(tmp_path / "p.tif"),
            "OUTPUT_UNITS": str(tmp_path / "units_out.gpkg"),
        },
    )
    import geopandas as gpd

    frame = gpd.read_file(mapped["OUTPUT_UNITS"])
    assert len(frame) == 120 and frame["class"].between(1, 5).all()
    assert {"susceptibility", "class_name", "uncertainty"} <= set(frame.columns)


def test_slope_units_with_attribute_factors_and_counts_train_and_map_through_processing(provider, tmp_path):
    """SZ-plugin's workflow through Processing: no factors raster, no inventory; the units' own columns (a number, a
    text class), their area and a landslide count per unit. The units holding landslides must be the most
    susceptible on the styled copy, and the temporal split and side-by-side spatial folds must not get in the way."""
    import geopandas as gpd
    from qgis.core import QgsVectorLayer
    from shapely.geometry import box

    rng = np.random.default_rng(3)
    x0, y0 = ORIGIN
    units = [
        box(x0 + c * 100, y0 - (r + 1) * 100, x0 + (c + 1) * 100, y0 - r * 100) for r in range(20) for c in range(20)
    ]
    steep = rng.uniform(5, 45, 400)
    rock = np.where(rng.random(400) < 0.5, "flysch", "limestone")
    slides = np.where((steep > 25) & (rock == "flysch"), rng.integers(1, 4, 400), 0)
    path = str(tmp_path / "slope_units.gpkg")
    gpd.GeoDataFrame({"steep": steep, "rock": rock, "slides": slides}, geometry=units, crs="EPSG:32633").to_file(
        path, driver="GPKG"
    )
    metrics = str(tmp_path / "m.json")
    trained = processing.run(
        "lithoscope:trainsusceptibility",
        {
            "MAPPING_UNITS": path,
            "UNIT_FIELDS": ["steep", "rock"],
            "UNIT_GEOMETRY": [0],
            "UNIT_COUNT_FIELD": "slides",
            "MODEL_TYPE": 0,
            "VALIDATION": [0, 1],
            "COMPARE_MODELS": False,
            "OUTPUT_MODEL": str(tmp_path / "units.onnx"),
            "OUTPUT_REPORT": str(tmp_path / "units.html"),
            "OUTPUT_METRICS": metrics,
        },
    )
    summary = json.load(open(metrics))
    assert summary["factors"]["names"] == ["steep", "rock", "unit_area_m2"]
    assert summary["factors"]["kinds"] == ["continuous", "categorical", "continuous"]
    assert trained["AUC_RANDOM"] > 0.95 and set(summary["validation"]) == {"random", "spatial", "spatial_kmeans"}
    out = str(tmp_path / "mapped.gpkg")
    mapped = processing.run(
        "lithoscope:susceptibility",
        {"MODEL": trained["OUTPUT_MODEL"], "MAPPING_UNITS": path, "OUTPUT_UNITS": out},
    )
    assert mapped["OUTPUT_UNITS"] == out and not os.path.exists(tmp_path / "p.tif")
    frame = gpd.read_file(out)
    p = frame["susceptibility"].to_numpy()
    assert len(frame) == 400 and p[slides > 0].min() > p[slides == 0].max()
    layer = QgsVectorLayer(out, "units", "ogr")
    message, ok = layer.loadNamedStyle(os.path.splitext(out)[0] + ".qml")
    renderer = layer.renderer()
    assert ok, message
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "class"
    assert [c.label() for c in renderer.categories()] == ["very low", "low", "moderate", "high", "very high"]
    del renderer, layer  # a layer outliving QGIS's exit crashes the interpreter at its end
    with pytest.raises(QgsProcessingException, match=r"give the mapping units \(MAPPING_UNITS\) and their output"):
        processing.run(
            "lithoscope:susceptibility",
            {"MODEL": trained["OUTPUT_MODEL"], "MAPPING_UNITS": path, "OUTPUT": str(tmp_path / "p.tif")},
        )
    with pytest.raises(QgsProcessingException, match="maps mapping units from their own fields and shape, not pix"):
        processing.run(
            "lithoscope:susceptibility",
            {
                "MODEL": trained["OUTPUT_MODEL"],
                "MAPPING_UNITS": path,
                "OUTPUT": str(tmp_path / "p.tif"),
                "OUTPUT_UNITS": str(tmp_path / "again.gpkg"),
            },
        )
    assert not os.path.exists(tmp_path / "p.tif") and not os.path.exists(tmp_path / "again.gpkg")


def test_bad_input_is_a_processing_error(provider, area, tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    one = str(tmp_path / "one.gpkg")
    gpd.GeoDataFrame({"id": [1]}, geometry=[Point(ORIGIN[0] + 55, ORIGIN[1] - 55)], crs="EPSG:32633").to_file(one)
    with pytest.raises(QgsProcessingException, match="only one landslide"):
        processing.run(
            "lithoscope:trainsusceptibility",
            {"FACTORS": area["factors"], "INVENTORY": one, "OUTPUT_MODEL": str(tmp_path / "m.onnx")},
        )
    assert not os.path.exists(tmp_path / "m.onnx")
    with pytest.raises(QgsProcessingException, match="needs the inventory's year"):
        processing.run(
            "lithoscope:trainsusceptibility",
            {
                "FACTORS": area["factors"],
                "INVENTORY": area["inventory"],
                "VALIDATION": [2],
                "OUTPUT_MODEL": str(tmp_path / "m.onnx"),
            },
        )
