# SPDX-License-Identifier: GPL-2.0-or-later
"""The model manager: shipped and folder models with their rendered cards and contracts, import refusing a
model without a Lithoscope contract, Edit metadata over set_model_metadata, and "Does it fit this layer?"."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from builders import make_cnn, write_raster
from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer


@pytest.fixture
def folder(tmp_path):
    """An empty user model folder, set in the settings."""
    from lithoscope.processing.settings import LithoscopeSettings, save_settings

    path = tmp_path / "my_models"
    path.mkdir()
    save_settings(LithoscopeSettings(model_folders=[str(path)]))
    return str(path)


def _dialog(qgis_iface):
    from lithoscope.ui.model_manager import ModelManagerDialog

    return ModelManagerDialog(qgis_iface)


def dialog_for(qgis_iface, model_path: str):
    """A model manager with `model_path`'s folder as the model folder, `model_path` chosen."""
    from lithoscope.processing.settings import LithoscopeSettings, save_settings

    save_settings(LithoscopeSettings(model_folders=[os.path.dirname(model_path)]))
    dialog = _dialog(qgis_iface)
    dialog.select(model_path)
    assert dialog.current_path() == model_path
    return dialog


def test_lists_shipped_models_with_rendered_card_and_contract(qgis_iface, folder):
    from lithoscope.inference.model.registry import shipped_models

    dialog = _dialog(qgis_iface)
    paths = [dialog.model_list.item(i).data(0x0100) for i in range(dialog.model_list.count())]
    assert paths == list(shipped_models().values())
    dialog.select("lithology_terrain_hungary")
    card = dialog.card_view.toHtml()
    assert "Model card: lithology_terrain_hungary 2.0.0" in card and "Baselines and targets" in card
    assert "lithology_terrain_hungary.md" not in dialog.card_view.toPlainText()  # rendered, not a path
    assert "## Baselines" not in dialog.card_view.toPlainText()  # Markdown rendered, not shown raw
    contract = dialog.contract_view.toPlainText()
    assert "Task: segmentation" in contract
    assert "elevation_m" in contract and "slope_deg" in contract and "°" in contract  # band names and units
    assert "Geology unit 14" in contract and "31 m" in contract
    assert "derived: slope of elevation_m" in contract  # the model reads the DEM alone
    assert "#1f78b4" in contract  # the plugin's class colours, which the job writes
    assert 'bgcolor="#1f78b4"' in dialog.contract_view.toHtml()  # the class colour swatch
    assert "kappa" in contract  # metrics
    dialog.deleteLater()


def test_folder_models_are_listed_after_the_shipped(qgis_iface, folder, cnn_path):
    shutil.copy(cnn_path, os.path.join(folder, "rocks.onnx"))
    dialog = _dialog(qgis_iface)
    last = dialog.model_list.item(dialog.model_list.count() - 1)
    assert last.text() == "rocks.onnx (your models)" and last.data(0x0100) == os.path.join(folder, "rocks.onnx")
    dialog.select(os.path.join(folder, "rocks.onnx"))
    assert "no model card" in dialog.card_view.toPlainText()
    assert "sandstone" in dialog.contract_view.toPlainText()
    dialog.deleteLater()


def test_import_refuses_an_onnx_file_without_a_lithoscope_contract(qgis_iface, folder, tmp_path):
    bare = make_cnn(str(tmp_path / "exported.onnx"), 3, 2, seed=1)  # no metadata at all
    dialog = _dialog(qgis_iface)
    assert dialog.import_file(bare, offer_metadata=False) == ""
    message = dialog.status.text()
    assert message.startswith("Not imported: 'exported.onnx' has no Lithoscope contract") and "Edit" in message
    assert os.listdir(folder) == []
    offered = []
    dialog._ask_metadata = lambda path: True  # the user accepts to write the metadata
    dialog.edit_metadata = lambda path, output_folder="": offered.append((path, output_folder))
    dialog.import_file(bare)
    assert offered == [(bare, folder)]
    text = tmp_path / "notes.onnx"
    text.write_text("not a model")
    assert dialog.import_file(str(text)) == "" and os.listdir(folder) == []
    assert "notes.onnx" in dialog.status.text() and len(offered) == 1  # a broken file is not offered metadata
    dialog.deleteLater()


def test_import_copies_a_model_with_a_contract_into_the_first_folder(qgis_iface, folder, tmp_path):
    model = make_cnn(str(tmp_path / "granite.onnx"), 3, 2, seed=1, metadata={"lithoscope_task": "segmentation"})
    dialog = _dialog(qgis_iface)
    target = dialog.import_file(model, offer_metadata=False)
    assert target == os.path.join(folder, "granite.onnx") and os.path.isfile(target)
    assert dialog.current_path() == target and "Task: segmentation" in dialog.contract_view.toPlainText()
    dialog.deleteLater()


def test_edit_metadata_writes_a_copy_and_in_place_only_when_confirmed(qgis_iface, tmp_path):
    from lithoscope.inference.model.contract import read_contract
    from lithoscope.ui.model_manager import MetadataDialog

    model = make_cnn(str(tmp_path / "bare.onnx"), 3, 2, seed=1)
    form = MetadataDialog(model, shipped=False)
    form.task_combo.setCurrentIndex(form.task_combo.findData("segmentation"))
    form.band_names.setText("red, green, blue")
    form.class_names.setText("granite, gneiss")
    form.class_colors.setText("#ff0000, #00ff00")
    form.save()
    copy = str(tmp_path / "bare_metadata.onnx")
    assert form.written == copy, form.error_label.text()
    written = read_contract(copy)
    assert written.task == "segmentation" and written.band_names == ("red", "green", "blue")
    assert written.class_names == ("granite", "gneiss") and written.class_colors == ("#ff0000", "#00ff00")
    assert read_contract(model).class_names == ()  # the original is untouched

    form = MetadataDialog(model, shipped=False)
    form.class_names.setText("a, b, c")  # the model has 2 classes: refused before writing
    form.save()
    assert form.written == "" and "2" in form.error_label.text()

    form = MetadataDialog(model, shipped=False)
    form.in_place.setChecked(True)
    form.description.setPlainText("Granite or gneiss")
    form.confirm = lambda text: False  # the user says No
    form.save()
    assert form.written == "" and read_contract(model).description == ""
    form.confirm = lambda text: True
    form.save()
    assert form.written == model and read_contract(model).description == "Granite or gneiss"


def test_fit_check_names_band_count_ranges_and_crs_units(qgis_iface, qgis_new_project, tmp_path):
    (tmp_path / "models").mkdir()
    terrain = make_cnn(
        str(tmp_path / "models" / "terrain.onnx"),
        2,
        3,
        metadata={"lithoscope_task": "segmentation", "band_names": ["elevation_m", "slope_deg"], "resolution_m": 31},
    )
    dialog = dialog_for(qgis_iface, terrain)
    rng = np.random.default_rng(0)
    three = write_raster(str(tmp_path / "three.tif"), rng.uniform(0, 1, (3, 40, 40)).astype("float32"))
    checks = dialog.check_fit(QgsRasterLayer(three, "three"))
    [bands] = [c for c in checks if c.what == "bands"]
    assert not bands.ok and "takes 2 band(s) (elevation_m, slope_deg) but the raster has 3" in bands.message
    assert "✘" in dialog.fit_view.toPlainText()

    data = np.stack([rng.uniform(150, 350, (40, 40)), rng.uniform(0, 20, (40, 40))]).astype("float32")
    layer = QgsRasterLayer(write_raster(str(tmp_path / "dem.tif"), data), "dem")
    checks = {c.what: c for c in dialog.check_fit(layer)}
    assert checks["bands"].ok and checks["values"].ok and checks["crs"].ok
    layer.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    checks = {c.what: c for c in dialog.check_fit(layer)}
    assert not checks["crs"].ok and "31 m per pixel" in checks["crs"].message and "degrees" in checks["crs"].message
    slope_rad = write_raster(str(tmp_path / "rad.tif"), np.stack([data[0], np.deg2rad(data[1])]).astype("float32"))
    checks = {c.what: c for c in dialog.check_fit(QgsRasterLayer(slope_rad, "rad"))}
    assert not checks["values"].ok and "radians" in checks["values"].message  # the core's own plausibility check

    ranged = make_cnn(
        str(tmp_path / "models" / "ranged.onnx"),
        2,
        2,
        metadata={"lithoscope_task": "segmentation", "band_ranges": [[0.0, 1.0], None], "band_names": ["ndvi", "x"]},
    )
    dialog.refresh()
    dialog.select(ranged)
    checks = {c.what: c for c in dialog.check_fit(layer)}
    assert not checks["values"].ok and "outside the range the model was trained on (0 to 1)" in checks["values"].message

    # A band derived from another (the slope from the DEM) is not read from the raster: a DEM alone fits.
    derived = make_cnn(
        str(tmp_path / "models" / "derived.onnx"),
        2,
        2,
        metadata={
            "lithoscope_task": "segmentation",
            "band_names": ["elevation_m", "slope_deg"],
            "band_derived": {"slope_deg": {"terrain": "slope", "of": "elevation_m"}},
        },
    )
    dialog.refresh()
    dialog.select(derived)
    assert "derived: slope of elevation_m" in dialog.contract_view.toPlainText()
    dem_only = write_raster(str(tmp_path / "dem1.tif"), data[:1])
    checks = {c.what: c for c in dialog.check_fit(QgsRasterLayer(dem_only, "dem1"))}
    assert checks["bands"].ok, checks["bands"].message

    dialog.select("lithology_terrain_hungary")  # shipped: the slope is derived from the DEM, which fits alone
    checks = {c.what: c for c in dialog.check_fit(QgsRasterLayer(dem_only, "dem1"))}
    assert checks["bands"].ok and checks["crs"].ok, checks

    dialog.select("landslide_susceptibility_terrain")
    checks = {c.what: c for c in dialog.check_fit(layer)}
    assert not checks["bands"].ok and "takes 7 band(s)" in checks["bands"].message
    dialog.deleteLater()
