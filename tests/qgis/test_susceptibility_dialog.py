# SPDX-License-Identifier: GPL-2.0-or-later
"""The Landslide susceptibility dialog: steps, a background run end to end, remembered settings, cancel."""

from __future__ import annotations

import os

import numpy as np
import pytest
from builders import smooth_field, write_raster
from qgis.core import Qgis, QgsProject, QgsRasterLayer, QgsSettings, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qt_wait import wait_until

ORIGIN = (500000.0, 5000000.0)
TIMEOUT = 300.0  # seconds: a run builds factors, trains and validates, then predicts


@pytest.fixture
def study(tmp_path):
    """A generated DEM and a landslide inventory drawn where slopes are steep (a known pattern)."""
    import geopandas as gpd
    from shapely.geometry import Point

    dem = (smooth_field((160, 180), seed=5, scales=(40, 10)) * 300 + 800).astype(np.float32)
    dem_path = write_raster(str(tmp_path / "dem.tif"), dem, origin=ORIGIN)
    gy, gx = np.gradient(dem, 10.0)
    steep = np.hypot(gx, gy)
    rng = np.random.default_rng(3)
    p = steep.ravel() ** 3 / (steep.ravel() ** 3).sum()
    cells = rng.choice(dem.size, 120, replace=False, p=p)
    rows, cols = np.unravel_index(cells, dem.shape)
    points = [Point(ORIGIN[0] + 10 * c + 5, ORIGIN[1] - 10 * r - 5) for r, c in zip(rows, cols)]
    inventory = str(tmp_path / "landslides.gpkg")
    gpd.GeoDataFrame({"year": rng.integers(1990, 2020, len(points))}, geometry=points, crs="EPSG:32633").to_file(
        inventory
    )
    out = tmp_path / "out"
    out.mkdir()
    return {"dem": dem_path, "inventory": inventory, "out": str(out)}


def _dialog(qgis_iface, study):
    from lithoscope.ui.susceptibility_dialog import SETTINGS_GROUP, SusceptibilityDialog

    QgsSettings().remove(SETTINGS_GROUP)
    dem = QgsRasterLayer(study["dem"], "dem")
    inventory = QgsVectorLayer(study["inventory"], "landslides", "ogr")
    QgsProject.instance().addMapLayers([dem, inventory])
    dialog = SusceptibilityDialog(qgis_iface)
    dialog.dem_combo.setLayer(dem)
    for i in range(dialog.terrain_list.count()):  # two factors keep the test quick
        item = dialog.terrain_list.item(i)
        item.setCheckState(2 if item.data(Qt.UserRole) in ("slope", "roughness") else 0)
    dialog.inventory_combo.setLayer(inventory)
    dialog.model_combo.setCurrentIndex(dialog.model_combo.findData("logistic"))
    dialog.compare_check.setChecked(False)
    dialog.folds_spin.setValue(3)
    dialog.folder_widget.setFilePath(study["out"])
    return dialog


def test_dialog_runs_the_three_steps_and_adds_styled_layers(qgis_iface, qgis_new_project, study):
    qgis_iface.messageBar().clear_messages()
    dialog = _dialog(qgis_iface, study)
    assert [dialog.steps.tabText(i) for i in range(dialog.steps.count())] == [
        "1 Factors",
        "2 Inventory",
        "3 Mapping units",
        "4 Model",
        "5 Validation",
        "6 Run",
    ]
    dialog.run_button.click()
    wait_until(lambda: not dialog.is_running(), TIMEOUT)
    log = dialog.log_view.toPlainText()
    assert dialog.last_results is not None, log
    results = dialog.last_results
    for key in ("factors", "model", "report", "metrics", "probability", "classes", "uncertainty"):
        assert os.path.exists(results[key]), key
    # The uncertainty came from the fold models inside the model; no fold model file unless asked.
    assert not [n for n in os.listdir(study["out"]) if ".fold" in n]
    assert results["auc"]["spatial"] > 0.6, results["auc"]  # steep slopes carry the landslides
    names = [layer.name() for layer in dialog.added_layers]
    assert names == ["Susceptibility uncertainty", "Landslide susceptibility", "Susceptibility classes"]
    classes = dialog.added_layers[-1]
    assert classes.renderer().type() == "paletted"  # styled from the .qml written beside it
    assert "AUC" in dialog.summary.text()
    assert qgis_iface.messageBar().get_messages(Qgis.Critical) == []


def test_dialog_remembers_its_choices(qgis_iface, qgis_new_project, study):
    from lithoscope.ui.susceptibility_dialog import SusceptibilityDialog
    from lithoscope.ui.susceptibility_dialog import build_job as ui_build_job

    dialog = _dialog(qgis_iface, study)
    dialog.folds_spin.setValue(7)
    dialog.validation_checks["random"].setChecked(False)
    assert not dialog.keep_folds_check.isChecked()
    dialog.keep_folds_check.setChecked(True)
    assert ui_build_job(dialog.choices()).train.keep_fold_models
    dialog.save_settings()
    again = SusceptibilityDialog(qgis_iface)
    assert again.folds_spin.value() == 7 and again.folder_widget.filePath() == study["out"]
    assert again.keep_folds_check.isChecked()
    assert not again.validation_checks["random"].isChecked() and again.validation_checks["spatial"].isChecked()
    assert again.dem_combo.currentLayer().source() == study["dem"]
    assert again.model_combo.currentData() == "logistic"
    chosen = [again.terrain_list.item(i) for i in range(9) if again.terrain_list.item(i).checkState() == 2]
    assert [item.data(Qt.UserRole) for item in chosen] == ["slope", "roughness"]
    assert [item.text() for item in chosen] == ["Slope", "Roughness"]


def test_dialog_names_what_is_missing(qgis_iface, qgis_new_project, study):
    dialog = _dialog(qgis_iface, study)
    dialog.inventory_combo.setLayer(None)
    dialog.run_button.click()
    assert "Choose the landslide inventory" in dialog.log_view.toPlainText()
    assert not dialog.is_running()
    dialog.inventory_combo.setLayer(QgsProject.instance().mapLayersByName("landslides")[0])
    dialog.validation_checks["temporal"].setChecked(True)  # without a year field
    dialog.run_button.click()
    assert "needs the inventory's year or date field" in dialog.log_view.toPlainText()


def test_cancel_keeps_earlier_outputs(qgis_iface, qgis_new_project, study):
    earlier = os.path.join(study["out"], "susceptibility_model.onnx")
    with open(earlier, "wb") as f:
        f.write(b"an earlier model")
    dialog = _dialog(qgis_iface, study)
    dialog.run_button.click()
    from lithoscope.ui.common import JobTask

    assert isinstance(dialog.task, JobTask)  # the dialogs' shared background task (ui/common.py)
    dialog.close_button.click()  # Cancel at once
    wait_until(lambda: not dialog.is_running(), TIMEOUT)
    assert "Cancelled" in dialog.log_view.toPlainText()
    assert open(earlier, "rb").read() == b"an earlier model"
    assert dialog.added_layers == []
    assert [f for f in os.listdir(study["out"]) if f.startswith(".")] == []


def test_terrain_factors_show_readable_labels_and_the_run_gets_their_codes(qgis_iface, qgis_new_project, study):
    dialog = _dialog(qgis_iface, study)
    items = [dialog.terrain_list.item(i) for i in range(dialog.terrain_list.count())]
    shown = {item.data(Qt.UserRole): item.text() for item in items}
    assert shown["aspect_sin"] == "Aspect (eastness, sine)"
    assert shown["tpi"] == "Topographic position index (TPI)"
    assert shown["twi"] == "Topographic wetness index (TWI)"
    assert shown["relief_3"] == "Local relief, 3 cells"
    assert all(code != label and code in item.toolTip() for item, (code, label) in zip(items, shown.items()))
    for item in items:
        item.setCheckState(2 if item.data(Qt.UserRole) in ("tpi", "relief_3") else 0)
    assert dialog.choices()["terrain"] == ["tpi", "relief_3"]
    from lithoscope.ui.susceptibility_dialog import build_job

    job = build_job(dialog.choices())
    terrain = [f for f in job.factors if type(f).__name__ == "TerrainFactors"]
    assert terrain and tuple(terrain[0].names) == ("tpi", "relief_3")


def test_buildfactors_terrain_options_are_readable_in_the_cores_order(provider):
    from lithoscope.inference.sources.terrain import TERRAIN_FACTORS
    from lithoscope.labels import terrain_factor_labels
    from qgis.core import QgsApplication

    labels = terrain_factor_labels()
    assert tuple(labels) == tuple(TERRAIN_FACTORS)
    options = (
        QgsApplication.processingRegistry()
        .algorithmById("lithoscope:buildfactors")
        .parameterDefinition("TERRAIN")
        .options()
    )
    assert options == [labels[code] for code in TERRAIN_FACTORS]
    assert options[6] == "Topographic position index (TPI)" and options[0] == "Slope"


def test_dialog_choices_are_ones_the_core_knows():
    from lithoscope.susceptibility.classes import CLASS_METHODS
    from lithoscope.susceptibility.models import MODEL_TYPES
    from lithoscope.ui import susceptibility_dialog as ui

    assert set(ui.CLASS_METHODS) <= set(CLASS_METHODS) and set(ui.MODEL_TYPES) == set(MODEL_TYPES)
    from lithoscope.inference.sources.terrain import TERRAIN_FACTORS

    assert ui.TERRAIN == tuple(TERRAIN_FACTORS)
    from lithoscope.susceptibility.units import GEOMETRY_FACTORS

    assert ui.UNIT_SHAPES == tuple(GEOMETRY_FACTORS)


def test_dialog_maps_slope_units_from_their_own_fields_and_counts(qgis_iface, qgis_new_project, tmp_path):
    """The Mapping units step: no factors raster, no inventory; the units' fields and area as factors and their
    landslide counts as labels. The units holding landslides must be the most susceptible, on a styled layer."""
    import geopandas as gpd
    from lithoscope.ui.susceptibility_dialog import SETTINGS_GROUP, SusceptibilityDialog
    from shapely.geometry import box

    QgsSettings().remove(SETTINGS_GROUP)
    rng = np.random.default_rng(5)
    x0, y0 = ORIGIN
    units = [
        box(x0 + c * 100, y0 - (r + 1) * 100, x0 + (c + 1) * 100, y0 - r * 100) for r in range(20) for c in range(20)
    ]
    steep = rng.uniform(5, 45, 400)
    slides = np.where(steep > 30, rng.integers(1, 3, 400), 0)
    path = str(tmp_path / "units.gpkg")
    gpd.GeoDataFrame({"steep": steep, "slides": slides}, geometry=units, crs="EPSG:32633").to_file(path)
    layer = QgsVectorLayer(path, "slope units", "ogr")
    QgsProject.instance().addMapLayer(layer)
    out = tmp_path / "out"
    out.mkdir()
    dialog = SusceptibilityDialog(qgis_iface)
    dialog.units_only_radio.setChecked(True)
    dialog.units_combo.setLayer(layer)
    fields = {
        dialog.unit_fields_list.item(i).text(): dialog.unit_fields_list.item(i)
        for i in range(dialog.unit_fields_list.count())
    }
    fields["steep"].setCheckState(2)
    dialog.unit_shape_checks["area"].setChecked(True)
    dialog.unit_labels_combo.setCurrentIndex(dialog.unit_labels_combo.findData("count"))
    dialog.unit_label_field.setField("slides")
    dialog.model_combo.setCurrentIndex(dialog.model_combo.findData("logistic"))
    dialog.compare_check.setChecked(False)
    dialog.folder_widget.setFilePath(str(out))
    dialog.run_button.click()
    wait_until(lambda: not dialog.is_running(), TIMEOUT)
    results = dialog.last_results
    assert results is not None, dialog.log_view.toPlainText()
    assert results["probability"] is None and os.path.exists(results["units"])
    mapped = gpd.read_file(results["units"])
    p = mapped["susceptibility"].to_numpy()
    assert p[slides > 0].mean() > p[slides == 0].mean() + 0.3
    added = dialog.added_layers[-1]
    assert added.name() == "Mapping units susceptibility" and added.renderer().type() == "categorizedSymbol"


def test_cancel_after_the_factors_step_keeps_every_earlier_file(qgis_iface, qgis_new_project, study):
    """The factors are committed by step 1; a cancel in step 2 must still put the earlier ones back."""
    earlier = {name: f"earlier {name}".encode() for name in ("factors.tif", "susceptibility_model.onnx")}
    for name, content in earlier.items():
        with open(os.path.join(study["out"], name), "wb") as f:
            f.write(content)
    dialog = _dialog(qgis_iface, study)
    dialog.run_button.click()
    wait_until(lambda: "Step 2 of 3" in dialog.log_view.toPlainText() or not dialog.is_running(), TIMEOUT)
    dialog.close_button.click()  # Cancel during training
    wait_until(lambda: not dialog.is_running(), TIMEOUT)
    assert "Cancelled" in dialog.log_view.toPlainText(), dialog.log_view.toPlainText()
    for name, content in earlier.items():
        assert open(os.path.join(study["out"], name), "rb").read() == content, name
    assert sorted(os.listdir(study["out"])) == sorted(earlier)  # nothing new, no temporary files


def test_a_failed_run_puts_back_its_own_files_only(qgis_iface, qgis_new_project, study, monkeypatch):
    """The run's outputs and side-cars come back; the user's files that share a prefix are left as they are."""
    from lithoscope.inference.errors import CancelledError
    from lithoscope.ui import susceptibility_dialog as ui

    out = study["out"]

    def write(name: str, content: str) -> None:  # by write-then-rename, as programs save files
        with open(os.path.join(out, name + ".tmp"), "w") as f:
            f.write(content)
        os.replace(os.path.join(out, name + ".tmp"), os.path.join(out, name))

    runs = ["factors.tif", "factors.tif.aux.xml", "susceptibility_model.onnx", "susceptibility_model.fold2.onnx",
            "susceptibility_report.html", "susceptibility_report_roc.png", "susceptibility_classes.qml"]  # fmt: skip
    users = ["susceptibility_notes.txt", "factors_old.tif", "susceptibility_model.onnx.txt", "factors.tif.bak"]
    for name in runs[:3] + users:
        write(name, "earlier")
    job = ui.build_job(_dialog(qgis_iface, study).choices())
    owned = ui.run_files(job)
    assert [n for n in runs + users if owned(n)] == runs

    def steps(job, progress, is_cancelled, log):
        for name in runs:  # step 1 and 2 committed these
            write(name, "new")
        for name in users:  # meanwhile the user saved newer work
            write(name, "the user's newer work")
        raise CancelledError()

    monkeypatch.setattr(ui, "_run_steps", steps)
    with pytest.raises(CancelledError):
        ui.run_job(job, lambda f: None, lambda: True, lambda m: None)
    got = {name: open(os.path.join(out, name)).read() for name in sorted(os.listdir(out))}
    assert got == {**dict.fromkeys(runs[:3], "earlier"), **dict.fromkeys(users, "the user's newer work")}


def test_layer_names_are_short_and_a_second_run_does_not_repeat_them(qgis_new_project):
    from lithoscope.ui.common import short_name, unique_layer_name

    stem = "srtm_30m_gerecse_hills_lithology_clip_utm34n_2024_final_v3"
    short = short_name(stem)
    assert len(short) <= 32 and short.startswith("srtm_30m_gere") and short.endswith("_final_v3") and "…" in short
    assert short_name("dem") == "dem"
    assert unique_layer_name("Susceptibility classes") == "Susceptibility classes"
    layer = QgsVectorLayer("Point?crs=EPSG:32633", "Susceptibility classes", "memory")
    QgsProject.instance().addMapLayer(layer)
    assert unique_layer_name("Susceptibility classes") == "Susceptibility classes (2)"
    QgsProject.instance().addMapLayer(QgsVectorLayer("Point?crs=EPSG:32633", "Susceptibility classes (2)", "memory"))
    assert unique_layer_name("Susceptibility classes") == "Susceptibility classes (3)"
