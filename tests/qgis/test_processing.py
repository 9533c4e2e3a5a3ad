# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:classify and lithoscope:set_model_metadata run through Processing."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
import rasterio
from builders import make_cnn, write_raster
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from qgis import processing
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)


def read(path: str, band: int | None = None) -> np.ndarray:
    with rasterio.open(path) as ds:
        return ds.read(band) if band else ds.read()


def test_classify_matches_core_and_model(provider, cnn_path, class_names, rgb_path, tmp_path):
    out = {
        "OUTPUT": str(tmp_path / "classes.tif"),
        "OUTPUT_PROBABILITIES": str(tmp_path / "probabilities.tif"),
        "OUTPUT_POLYGONS": str(tmp_path / "polygons.gpkg"),
    }
    results = processing.run("lithoscope:classify", {"INPUT": rgb_path, "MODEL": cnn_path, **out})
    assert {k: results[k] for k in out} == out

    direct = run_classify(ClassifyParams(rgb_path, cnn_path, str(tmp_path / "direct.tif")))
    classes = read(out["OUTPUT"], 1)
    np.testing.assert_array_equal(classes, read(direct.output_path, 1))
    assert len(np.unique(classes)) >= 2, "the fixture should give more than one class"

    # Independently of the tiling: the whole image through onnxruntime (away from the edges,
    # where the tile's padding differs from the convolution's zero padding).
    import onnxruntime

    image = read(rgb_path).astype(np.float32)[None] / 255.0
    scores = onnxruntime.InferenceSession(cnn_path, providers=["CPUExecutionProvider"]).run(None, {"input": image})[0]
    expected = scores[0].argmax(axis=0)
    np.testing.assert_array_equal(classes[3:-3, 3:-3], expected[3:-3, 3:-3])

    probabilities = read(out["OUTPUT_PROBABILITIES"])
    assert probabilities.shape == (4,) + classes.shape
    assert probabilities.min() >= 0 and probabilities.max() <= 1
    np.testing.assert_allclose(probabilities.sum(axis=0), 1.0, atol=1e-4)
    np.testing.assert_array_equal(probabilities.argmax(axis=0), classes)

    polygons = QgsVectorLayer(out["OUTPUT_POLYGONS"], "polygons", "ogr")
    assert polygons.isValid() and polygons.featureCount() > 0
    seen = set()
    for feature in polygons.getFeatures():
        assert feature["class_name"] == class_names[feature["class_id"]]
        seen.add(feature["class_id"])
    assert seen == set(np.unique(classes).tolist())
    assert os.path.exists(tmp_path / "polygons.qml")  # their style: outlines by class, loaded with them


def test_polygons_named_as_the_class_map_keep_their_own_style(provider, cnn_path, rgb_path, tmp_path):
    """classes.tif and classes.gpkg: each gets its own style (classes.qml, classes.polygons.qml), neither lost."""
    processing.run(
        "lithoscope:classify",
        {
            "INPUT": rgb_path,
            "MODEL": cnn_path,
            "OUTPUT": str(tmp_path / "classes.tif"),
            "OUTPUT_POLYGONS": str(tmp_path / "classes.gpkg"),
        },
    )
    raster = open(tmp_path / "classes.qml", encoding="utf-8").read()
    vector = open(tmp_path / "classes.polygons.qml", encoding="utf-8").read()
    assert 'type="paletted"' in raster and 'type="categorizedSymbol"' in vector and 'attr="class_id"' in vector


def test_extent_in_another_crs_limits_the_output(provider, cnn_path, rgb_path, tmp_path):
    # 60 x 60 pixels of the 160 x 120 raster (10 m pixels, origin 500000, 5000000).
    out = str(tmp_path / "part.tif")
    processing.run(
        "lithoscope:classify",
        {"INPUT": rgb_path, "MODEL": cnn_path, "EXTENT": "500200,500800,4999000,4999600 [EPSG:32633]", "OUTPUT": out},
    )
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (60, 60)
        assert ds.bounds == pytest.approx((500200, 4999000, 500800, 4999600))

    # The same area given in WGS 84: transformed to the raster's CRS (its bounding box is a bit larger).
    utm, wgs84 = QgsCoordinateReferenceSystem("EPSG:32633"), QgsCoordinateReferenceSystem("EPSG:4326")
    box = QgsCoordinateTransform(utm, wgs84, QgsProject.instance()).transformBoundingBox(
        QgsRectangle(500200, 4999000, 500800, 4999600)
    )
    out_wgs = str(tmp_path / "part_wgs84.tif")
    extent = f"{box.xMinimum()!r},{box.xMaximum()!r},{box.yMinimum()!r},{box.yMaximum()!r} [EPSG:4326]"
    processing.run("lithoscope:classify", {"INPUT": rgb_path, "MODEL": cnn_path, "EXTENT": extent, "OUTPUT": out_wgs})
    with rasterio.open(out_wgs) as ds:
        assert 60 <= ds.width <= 64 and 60 <= ds.height <= 64
        left, bottom, right, top = ds.bounds
        assert left <= 500200 and bottom <= 4999000 and right >= 500800 and top >= 4999600


def _polygon_layer(boxes: list[tuple[float, float, float, float]]) -> QgsVectorLayer:
    layer = QgsVectorLayer("Polygon?crs=EPSG:32633", "mask", "memory")
    features = []
    for xmin, ymin, xmax, ymax in boxes:
        feature = QgsFeature()
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(xmin, ymin, xmax, ymax)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer


def test_mask_polygons_leave_outside_as_nodata(provider, cnn_path, rgb_path, tmp_path, qgis_new_project):
    # Two polygons; only the selected one (columns 40..99, rows 20..69) limits the run.
    layer = _polygon_layer([(500400, 4999300, 501000, 4999800), (501200, 4998900, 501500, 4999100)])
    QgsProject.instance().addMapLayer(layer)
    layer.selectByIds([min(layer.allFeatureIds())])
    out = str(tmp_path / "masked.tif")
    processing.run(
        "lithoscope:classify",
        {
            "INPUT": rgb_path,
            "MODEL": cnn_path,
            "MASK": QgsProcessingFeatureSourceDefinition(layer.id(), True),
            "OUTPUT": out,
        },
    )
    classes = read(out, 1)
    assert classes.shape == (120, 160)
    inside = np.zeros(classes.shape, bool)
    inside[20:70, 40:100] = True
    assert (classes[inside] < 4).all()
    assert (classes[~inside] == 255).all()


def test_band_count_mismatch_is_a_processing_error(provider, cnn_path, tmp_path):
    two_bands = write_raster(str(tmp_path / "two.tif"), np.zeros((2, 40, 40), np.uint8))
    with pytest.raises(QgsProcessingException, match=r"expects 3 band\(s\).*2 band\(s\)"):
        processing.run(
            "lithoscope:classify", {"INPUT": two_bands, "MODEL": cnn_path, "OUTPUT": str(tmp_path / "o.tif")}
        )
    assert not (tmp_path / "o.tif").exists()


def test_unknown_model_names_the_shipped_models(provider, rgb_path, tmp_path):
    with pytest.raises(QgsProcessingException, match="neither an existing file nor a shipped model"):
        processing.run(
            "lithoscope:classify", {"INPUT": rgb_path, "MODEL": "no_such_model", "OUTPUT": str(tmp_path / "o.tif")}
        )


def test_missing_onnxruntime_gives_the_install_hint(provider, cnn_path, rgb_path, tmp_path, monkeypatch):
    from lithoscope.inference.errors import LithoscopeError
    from lithoscope.processing import classify

    def missing():
        raise LithoscopeError("onnxruntime is not installed in the Python that QGIS uses; pip install onnxruntime")

    monkeypatch.setattr(classify, "import_onnxruntime", missing)
    with pytest.raises(QgsProcessingException, match="pip install onnxruntime"):
        processing.run("lithoscope:classify", {"INPUT": rgb_path, "MODEL": cnn_path, "OUTPUT": str(tmp_path / "o.tif")})


def test_polygons_must_be_geopackage(provider, cnn_path, rgb_path, tmp_path):
    with pytest.raises(QgsProcessingException, match="GeoPackage"):
        processing.run(
            "lithoscope:classify",
            {
                "INPUT": rgb_path,
                "MODEL": cnn_path,
                "OUTPUT": str(tmp_path / "o.tif"),
                "OUTPUT_POLYGONS": str(tmp_path / "p.shp"),
            },
        )


def test_loaded_outputs_are_named_and_styled(provider, cnn_path, class_names, rgb_path, tmp_path, qgis_new_project):
    processing.runAndLoadResults(
        "lithoscope:classify",
        {
            "INPUT": rgb_path,
            "MODEL": cnn_path,
            "OUTPUT": str(tmp_path / "classes.tif"),
            "OUTPUT_PROBABILITIES": str(tmp_path / "probabilities.tif"),
            "OUTPUT_POLYGONS": str(tmp_path / "polygons.gpkg"),
        },
    )
    layers = {layer.name(): layer for layer in QgsProject.instance().mapLayers().values()}
    assert {"rgb classes", "rgb probabilities", "rgb class polygons"} <= set(layers)
    renderer = layers["rgb classes"].renderer()
    assert renderer.type() == "paletted"
    assert [c.label for c in renderer.classes()] == class_names
    assert layers["rgb probabilities"].renderer().type() == "singlebandpseudocolor"


def test_set_model_metadata_writes_a_readable_contract(provider, tmp_path):
    model = make_cnn(str(tmp_path / "plain.onnx"), 3, 3)
    out = str(tmp_path / "described.onnx")
    results = processing.run(
        "lithoscope:set_model_metadata",
        {
            "INPUT": model,
            "CLASS_NAMES": "granite, schist,marble",
            "CLASS_COLORS": "#ff0000,#00ff00,#0000ff",
            "BAND_NAMES": "red,green,blue",
            "BAND_OFFSET": "0,0,0",
            "BAND_SCALE": "255,255,255",
            "TILE_SIZE": 128,
            "TASK": 0,
            "DESCRIPTION": "Test rocks",
            "EXTRA_JSON": '{"seg_thresh": 0.4}',
            "OUTPUT": out,
        },
    )
    assert results["OUTPUT"] == out
    assert "granite, schist, marble" in results["SUMMARY"]
    contract = read_contract(out)
    assert contract.class_names == ("granite", "schist", "marble")
    assert contract.raw["class_names"] == {"0": "granite", "1": "schist", "2": "marble"}
    assert contract.class_colors == ("#ff0000", "#00ff00", "#0000ff")
    assert contract.band_names == ("red", "green", "blue")
    assert contract.band_scale == (255.0, 255.0, 255.0)
    assert contract.tile_size == 128 and contract.task == "segmentation"
    assert contract.description == "Test rocks" and contract.seg_thresh == 0.4
    assert read_contract(model).class_names == ()  # the input was left alone

    # No output: the input is updated in place, keeping the keys already there.
    shutil.copy(out, tmp_path / "inplace.onnx")
    processing.run("lithoscope:set_model_metadata", {"INPUT": str(tmp_path / "inplace.onnx"), "MODEL_VERSION": "2"})
    updated = read_contract(str(tmp_path / "inplace.onnx"))
    assert updated.model_version == "2" and updated.class_names == ("granite", "schist", "marble")


def test_set_model_metadata_refuses_bad_colours(provider, tmp_path):
    model = make_cnn(str(tmp_path / "plain.onnx"), 3, 3)
    with pytest.raises(QgsProcessingException, match="#rrggbb"):
        processing.run("lithoscope:set_model_metadata", {"INPUT": model, "CLASS_COLORS": "red,#00ff00,#0000ff"})
    assert read_contract(model).class_colors == ()


def test_regression_model_writes_values_and_skips_class_outputs(provider, rgb_path, tmp_path, qgis_new_project):
    model = make_cnn(str(tmp_path / "depth.onnx"), 3, 2, activation="none", metadata={"output_kind": "values"})
    errors = []

    class Feedback(QgsProcessingFeedback):
        def reportError(self, error, fatalError=False):  # noqa: N802, N803
            errors.append(error)

    results = processing.runAndLoadResults(
        "lithoscope:classify",
        {
            "INPUT": rgb_path,
            "MODEL": model,
            "OUTPUT": str(tmp_path / "values.tif"),
            "OUTPUT_PROBABILITIES": "TEMPORARY_OUTPUT",
            "OUTPUT_POLYGONS": "TEMPORARY_OUTPUT",
        },
        feedback=Feedback(),
    )
    assert results["OUTPUT_KIND"] == "values"
    assert "OUTPUT_PROBABILITIES" not in results and "OUTPUT_POLYGONS" not in results
    assert errors == []
    [layer] = QgsProject.instance().mapLayers().values()
    assert layer.name() == "rgb values" and layer.bandCount() == 2
    assert layer.renderer().type() == "singlebandpseudocolor"


def test_raster_not_in_a_plain_file_must_be_saved_first(provider, cnn_path, rgb_path, tmp_path, qgis_new_project):
    import zipfile

    archive = tmp_path / "rgb.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(rgb_path, "rgb.tif")
    layer = QgsRasterLayer(f"/vsizip/{archive}/rgb.tif", "zipped")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)  # the project owns it (and qgis_new_project clears it)
    with pytest.raises(QgsProcessingException, match="Save it as a GeoTIFF first"):
        processing.run(
            "lithoscope:classify", {"INPUT": layer.id(), "MODEL": cnn_path, "OUTPUT": str(tmp_path / "o.tif")}
        )


class RecordingFeedback(QgsProcessingFeedback):
    """Keeps the warnings an algorithm pushes."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, warning: str) -> None:  # noqa: N802 (QGIS API)
        super().pushWarning(warning)
        self.warnings.append(warning)


def test_output_activation_and_nonfinite_parameters(provider, rgb_path, tmp_path):
    logits = make_cnn(str(tmp_path / "raw_scores.onnx"), 3, 4, activation="none")
    feedback = RecordingFeedback()
    raw = {"INPUT": rgb_path, "MODEL": logits, "OUTPUT": str(tmp_path / "a.tif")}
    processing.run("lithoscope:classify", {**raw, "OUTPUT_PROBABILITIES": str(tmp_path / "pa.tif")}, feedback=feedback)
    assert any("logits" in w and "OUTPUT_ACTIVATION" in w for w in feedback.warnings)
    feedback = RecordingFeedback()
    params = {**raw, "OUTPUT": str(tmp_path / "b.tif"), "OUTPUT_PROBABILITIES": str(tmp_path / "pb.tif")}
    processing.run("lithoscope:classify", {**params, "OUTPUT_ACTIVATION": 2, "NONFINITE": 1}, feedback=feedback)
    assert not [w for w in feedback.warnings if "logits" in w]
    with rasterio.open(tmp_path / "pb.tif") as ds:
        np.testing.assert_allclose(ds.read().sum(axis=0), 1.0, atol=1e-4)


def test_set_model_metadata_refuses_nan_scaling(provider, tmp_path):
    model = make_cnn(str(tmp_path / "m.onnx"), 2, 3)
    before = open(model, "rb").read()
    with pytest.raises(QgsProcessingException, match="band_scale"):
        processing.run("lithoscope:set_model_metadata", {"INPUT": model, "BAND_SCALE": "nan, 1"})
    assert open(model, "rb").read() == before


def test_a_vector_file_as_input_is_named_as_such(provider, cnn_path, tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    vector = str(tmp_path / "faults.gpkg")
    gpd.GeoDataFrame({"a": [1]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:32633").to_file(vector)
    with pytest.raises(QgsProcessingException, match="is a vector layer, not a raster"):
        processing.run("lithoscope:classify", {"INPUT": vector, "MODEL": cnn_path, "OUTPUT": str(tmp_path / "o.tif")})


def test_mask_layer_without_crs_is_named_as_such(provider, rgb_path, cnn_path, tmp_path):
    mask = QgsVectorLayer("Polygon?field=id:integer", "no crs", "memory")
    mask.setCrs(QgsCoordinateReferenceSystem())
    assert mask.isValid() and not mask.crs().isValid()
    feature = QgsFeature()
    square = "POLYGON((500000 4999000, 500500 4999000, 500500 5000000, 500000 5000000, 500000 4999000))"
    feature.setGeometry(QgsGeometry.fromWkt(square))
    mask.dataProvider().addFeatures([feature])
    with pytest.raises(QgsProcessingException, match="mask layer has no coordinate reference system"):
        processing.run(
            "lithoscope:classify",
            {"INPUT": rgb_path, "MODEL": cnn_path, "MASK": mask, "OUTPUT": str(tmp_path / "o.tif")},
        )
