# SPDX-License-Identifier: GPL-2.0-or-later
"""The "Classify raster" dialog: parameters, a background run, results added to the project."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest
import rasterio
from builders import write_raster
from lithoscope.inference.errors import InputError, LithoscopeError
from lithoscope.inference.model import session
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from lithoscope.ui.classify_dialog import ClassifyDialog, build_parameters
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsReferencedRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qt_wait import wait_until


@pytest.fixture
def rgb_layer(rgb_path, qgis_new_project) -> QgsRasterLayer:
    layer = QgsRasterLayer(rgb_path, "rgb")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_build_parameters(rgb_layer):
    params = build_parameters(rgb_layer, " rocks ", "/tmp/x.tif")
    assert params == {
        "INPUT": rgb_layer.id(),
        "MODEL": "rocks",
        "OUTPUT": "/tmp/x.tif",
        "TILE_SIZE": 0,
        "OVERLAP": -1,
        "BATCH_SIZE": 4,
        "DEVICE": 0,
        "THREADS": 0,
        "OUTPUT_ACTIVATION": 0,
        "NONFINITE": 0,
    }

    rect = QgsReferencedRectangle(QgsRectangle(15.0, 45.1, 15.1, 45.2), QgsCoordinateReferenceSystem("EPSG:4326"))
    params = build_parameters(
        rgb_layer, "rocks", "", area="canvas", canvas_extent=rect, probabilities="", polygons="/tmp/p.gpkg",
        tile_size=128, overlap=16, batch_size=2, device="cpu", threads=1,
    )  # fmt: skip
    assert params["EXTENT"] == rect and params["EXTENT"].crs().authid() == "EPSG:4326"
    assert params["OUTPUT"] == params["OUTPUT_PROBABILITIES"] == "TEMPORARY_OUTPUT"
    assert params["OUTPUT_POLYGONS"] == "/tmp/p.gpkg"
    assert (params["TILE_SIZE"], params["OVERLAP"], params["BATCH_SIZE"], params["DEVICE"], params["THREADS"]) == (
        128, 16, 2, 1, 1,
    )  # fmt: skip

    mask = QgsVectorLayer("Polygon?crs=EPSG:32633", "mask", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(500400, 4999300, 501000, 4999800)))
    mask.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(mask)
    with pytest.raises(InputError, match="No polygons are selected"):
        build_parameters(rgb_layer, "rocks", area="mask", mask_layer=mask, selected_only=True)
    mask.selectAll()
    params = build_parameters(rgb_layer, "rocks", area="mask", mask_layer=mask, selected_only=True)
    assert params["MASK"] == QgsProcessingFeatureSourceDefinition(mask.id(), True)
    assert "EXTENT" not in params

    with pytest.raises(InputError, match="raster layer"):
        build_parameters(None, "rocks")
    with pytest.raises(InputError, match="Choose a model"):
        build_parameters(rgb_layer, "  ")


def test_dialog_runs_in_background_and_adds_styled_layers(
    qgis_iface, provider, rgb_layer, cnn_path, rgb_path, class_names, tmp_path
):
    qgis_iface.messageBar().clear_messages()
    dialog = ClassifyDialog(qgis_iface)
    dialog.layer_combo.setLayer(rgb_layer)
    dialog.set_model(cnn_path)
    assert "4 classes: sandstone, limestone, clay, basalt" in dialog.model_info.text()
    out = str(tmp_path / "classes.tif")
    dialog.output_widget.setFilePath(out)
    dialog.polygons_check.setChecked(True)
    assert dialog.parameters() == {
        "INPUT": rgb_layer.id(),
        "MODEL": cnn_path,
        "OUTPUT": out,
        "OUTPUT_POLYGONS": "TEMPORARY_OUTPUT",
        "TILE_SIZE": 0,
        "OVERLAP": -1,
        "BATCH_SIZE": 4,
        "DEVICE": 0,
        "THREADS": 0,
        "OUTPUT_ACTIVATION": 0,
        "NONFINITE": 0,
    }

    dialog.run_button.click()
    assert dialog.is_running() and not dialog.run_button.isEnabled()
    assert dialog.close_button.text() == "Cancel"
    wait_until(lambda: not dialog.is_running())

    assert dialog.run_button.isEnabled() and dialog.progress.value() == 100
    layers = {layer.name(): layer for layer in QgsProject.instance().mapLayers().values()}
    assert {"rgb classes", "rgb class polygons"} <= set(layers)
    classes = layers["rgb classes"]
    assert classes.source() == out
    assert classes.renderer().type() == "paletted"
    assert [c.label for c in classes.renderer().classes()] == class_names
    assert layers["rgb class polygons"].featureCount() > 0
    # The polygons lie over the class map: outlines in the class colours, no fill hiding the map.
    outlines = layers["rgb class polygons"].renderer()
    assert outlines.type() == "categorizedSymbol" and outlines.classAttribute() == "class_id"
    assert [c.label() for c in outlines.categories()] == class_names
    assert all(c.symbol().symbolLayer(0).brushStyle() == Qt.NoBrush for c in outlines.categories())

    direct = run_classify(ClassifyParams(rgb_path, cnn_path, str(tmp_path / "direct.tif")))
    with rasterio.open(out) as a, rasterio.open(direct.output_path) as b:
        np.testing.assert_array_equal(a.read(1), b.read(1))
    assert "Done:" in dialog.log_view.toPlainText()
    assert any("Classification finished" in m for m in qgis_iface.messageBar().get_messages(Qgis.Success))


def test_dialog_shows_failures(qgis_iface, provider, cnn_path, tmp_path, qgis_new_project):
    qgis_iface.messageBar().clear_messages()
    layer = QgsRasterLayer(write_raster(str(tmp_path / "two.tif"), np.zeros((2, 40, 40), np.uint8)), "two bands")
    QgsProject.instance().addMapLayer(layer)
    dialog = ClassifyDialog(qgis_iface)
    dialog.layer_combo.setLayer(layer)
    dialog.set_model(cnn_path)
    dialog.run_button.click()
    wait_until(lambda: not dialog.is_running())
    [message] = qgis_iface.messageBar().get_messages(Qgis.Critical)
    assert "expects 3 band(s)" in message
    assert "expects 3 band(s)" in dialog.log_view.toPlainText()
    assert [layer.name() for layer in QgsProject.instance().mapLayers().values()] == ["two bands"]
    assert dialog.run_button.isEnabled()


def test_dialog_canvas_extent_carries_the_canvas_crs(qgis_iface, rgb_layer):
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:32633"))
    canvas.setExtent(QgsRectangle(500200, 4999000, 500800, 4999600))
    dialog = ClassifyDialog(qgis_iface)
    dialog.layer_combo.setLayer(rgb_layer)
    dialog.set_model("rocks")
    dialog.area_canvas.setChecked(True)
    extent = dialog.parameters()["EXTENT"]
    assert extent.crs().authid() == "EPSG:32633"
    assert extent.contains(QgsRectangle(500250, 4999050, 500750, 4999550))


def test_dialog_without_onnxruntime_shows_the_install_hint(qgis_iface, monkeypatch):
    def missing():
        raise LithoscopeError(
            "onnxruntime is not installed in the Python that QGIS uses. Install it with: pip install onnxruntime"
        )

    monkeypatch.setattr(session, "import_onnxruntime", missing)  # what the dialogs call (ui/common.py)
    dialog = ClassifyDialog(qgis_iface)
    assert "pip install onnxruntime" in dialog.model_info.text()
    assert "pip install onnxruntime" in dialog.log_view.toPlainText()
    assert not dialog.run_button.isEnabled()


def test_cancel_stops_the_run_and_writes_nothing(qgis_iface, provider, cnn_path, tmp_path, qgis_new_project):
    qgis_iface.messageBar().clear_messages()
    big = np.random.default_rng(0).integers(0, 255, (3, 2048, 2048), dtype=np.uint8)
    layer = QgsRasterLayer(write_raster(str(tmp_path / "big.tif"), big), "big")
    QgsProject.instance().addMapLayer(layer)
    dialog = ClassifyDialog(qgis_iface)
    dialog.layer_combo.setLayer(layer)
    dialog.set_model(cnn_path)
    out = tmp_path / "classes.tif"
    out.write_bytes(b"an earlier result")  # must survive the cancelled run byte for byte
    dialog.output_widget.setFilePath(str(out))
    dialog.tile_spin.setValue(64)
    dialog.batch_spin.setValue(1)
    dialog.run_button.click()
    wait_until(lambda: dialog.progress.value() >= 1)  # the run is under way (about 1,400 tiles)
    started = time.monotonic()
    dialog.close_button.click()  # "Cancel" while running
    wait_until(lambda: not dialog.is_running())
    stopped_after = time.monotonic() - started
    assert dialog.progress.value() < 50, "the run stopped early, not at its end"
    assert stopped_after < 20
    assert "Cancelled" in dialog.log_view.toPlainText()
    assert qgis_iface.messageBar().get_messages(Qgis.Critical) == []
    assert [layer.name() for layer in QgsProject.instance().mapLayers().values()] == ["big"]
    assert out.read_bytes() == b"an earlier result"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert dialog.run_button.isEnabled() and dialog.close_button.text() == "Close"


def test_model_choice_is_the_shared_one(qgis_iface, cnn_path):
    """The dialogs share one model list (ui/common.py): a file is listed by its name, its path as tooltip."""
    from lithoscope.ui.common import ModelChoiceMixin
    from qgis.PyQt.QtCore import Qt

    assert ClassifyDialog.set_model is ModelChoiceMixin.set_model and ClassifyDialog.model is ModelChoiceMixin.model
    dialog = ClassifyDialog(qgis_iface)
    dialog.set_model(cnn_path)
    index = dialog.model_combo.currentIndex()
    assert dialog.model() == cnn_path and dialog.model_combo.itemText(index) == os.path.basename(cnn_path)
    assert dialog.model_combo.itemData(index, Qt.ToolTipRole) == cnn_path
    assert dialog.output_widget.lineEdit().placeholderText() == "[Save to temporary file]"


def test_classify_lists_only_models_it_runs_and_offers_the_lithology_model_first(qgis_iface):
    """Issue "A plugin that feels native", item 5: the default model was the GNSS forecaster, and the list offered
    sequence and susceptibility models Classify cannot run."""
    from lithoscope.inference.model.contract import read_contract
    from lithoscope.inference.model.registry import shipped_models
    from lithoscope.ui.classify_dialog import ClassifyDialog

    dialog = ClassifyDialog(qgis_iface)
    names = [dialog.model_combo.itemText(i) for i in range(dialog.model_combo.count())]
    tasks = {name: read_contract(path).task for name, path in shipped_models().items()}
    assert names and dialog.model_combo.currentText() == "lithology_terrain_hungary"
    assert all(tasks[n] not in ("sequence", "susceptibility") for n in names)
    assert {"gnss_displacement_forecast", "ndvi_landcover", "landslide_susceptibility_terrain"}.isdisjoint(names)


def test_class_probabilities_come_as_one_layer_per_class_in_a_group(qgis_iface, qgis_new_project, tmp_path):
    """A multi-band probability raster shows its first band only: each class gets its own layer, styled on its band."""
    from lithoscope.processing.classify import ClassifyAlgorithm
    from qgis.core import QgsProject
    from rasterio.transform import from_origin

    path = str(tmp_path / "probabilities.tif")
    names = ["p(sandstone)", "p(limestone)", "p(clay)"]
    with rasterio.open(
        path, "w", driver="GTiff", width=5, height=4, count=3, dtype="float32", crs="EPSG:32633",
        transform=from_origin(500000, 5000000, 10, 10),
    ) as ds:  # fmt: skip
        ds.write(np.full((3, 4, 5), 1 / 3, np.float32))
        for band, name in enumerate(names, 1):
            ds.set_band_description(band, name)
    dialog = ClassifyDialog(qgis_iface)
    dialog.input_name = "rocks"
    layers = dialog.add_result_layers(
        {ClassifyAlgorithm.OUTPUT_PROBABILITIES: path, ClassifyAlgorithm.OUTPUT_KIND: "classes"}
    )
    assert [layer.name() for layer in layers] == names
    assert [layer.renderer().type() for layer in layers] == ["singlebandpseudocolor"] * 3
    assert [layer.renderer().band() for layer in layers] == [1, 2, 3]
    root = QgsProject.instance().layerTreeRoot()
    group = root.children()[0]
    assert group.name() == "rocks probabilities" and [n.name() for n in group.children()] == names
    assert [n.isVisible() for n in group.children()] == [True, False, False]


def test_further_layers_and_bands_reach_the_model_in_order(qgis_iface, provider, qgis_new_project, tmp_path):
    """Classify combines a DEM with a slope raster (Further layers) and picks bands of a stack (Bands), as the
    Processing LAYERS and BANDS parameters do: an identity model shows what it was fed."""
    from builders import make_identity

    meta = {"lithoscope_task": "regression", "band_names": ["elevation", "slope"], "band_offset": [0.0, 0.0],
            "band_scale": [1.0, 1.0]}  # fmt: skip
    model = make_identity(str(tmp_path / "id.onnx"), 2, metadata=meta)
    rows = np.arange(40 * 50, dtype=np.float32).reshape(40, 50)
    dem = add_to_project(write_raster(str(tmp_path / "dem.tif"), 500 + rows), "dem")
    slope = add_to_project(write_raster(str(tmp_path / "slope.tif"), rows / 100), "slope")
    stack = add_to_project(write_raster(str(tmp_path / "s.tif"), np.stack([rows, rows + 1, rows + 2])), "stack")
    dialog = ClassifyDialog(qgis_iface)
    dialog.set_model(model)
    dialog.layer_combo.setLayer(dem)
    names = [dialog.layers_list.item(r).text() for r in range(dialog.layers_list.count())]
    assert {"dem", "slope", "stack"} <= set(names)
    dialog.layers_list.item(names.index("slope")).setCheckState(Qt.Checked)
    assert dialog.parameters()["LAYERS"] == [slope.id()] and "BANDS" not in dialog.parameters()
    out = str(tmp_path / "fed.tif")
    dialog.output_widget.setFilePath(out)
    dialog.run_button.click()
    wait_until(lambda: not dialog.is_running())
    with rasterio.open(out) as ds:
        np.testing.assert_allclose(ds.read(1), 500 + rows, rtol=1e-6)  # through tile blending
        np.testing.assert_allclose(ds.read(2), rows / 100, rtol=1e-6)

    # The list was refilled when the result came into the project, keeping what was checked.
    checked = [dialog.layers_list.item(r) for r in range(dialog.layers_list.count())]
    checked = [item for item in checked if item.checkState() == Qt.Checked]
    assert [item.text() for item in checked] == ["slope"]
    checked[0].setCheckState(Qt.Unchecked)
    dialog.layer_combo.setLayer(stack)
    dialog.bands_edit.setText("3, 1")
    assert dialog.parameters()["BANDS"] == "3, 1" and "LAYERS" not in dialog.parameters()
    out = str(tmp_path / "picked.tif")
    dialog.output_widget.setFilePath(out)
    dialog.run_button.click()
    wait_until(lambda: not dialog.is_running())
    with rasterio.open(out) as ds:
        np.testing.assert_allclose(ds.read(1), rows + 2, rtol=1e-6, atol=1e-4)
        np.testing.assert_allclose(ds.read(2), rows, rtol=1e-6, atol=1e-4)


def add_to_project(path: str, name: str) -> QgsRasterLayer:
    layer = QgsRasterLayer(path, name)
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer
