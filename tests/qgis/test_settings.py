# SPDX-License-Identifier: GPL-2.0-or-later
"""QGIS Options > Lithoscope: the settings round-trip through QgsSettings and are the dialogs' and algorithms'
defaults; each run tool lists the models of the user's folders of its task and remembers the last one chosen."""

from __future__ import annotations

import shutil

import pytest
from qgis.core import QgsSettings


@pytest.fixture
def clean_settings():
    """No Lithoscope setting before or after the test."""
    settings = QgsSettings()
    for group in ("lithoscope/settings", "lithoscope/last_model"):
        settings.remove(group)
    yield
    for group in ("lithoscope/settings", "lithoscope/last_model"):
        settings.remove(group)


def _custom(folder: str):
    from lithoscope.processing.settings import LithoscopeSettings

    return LithoscopeSettings(
        device="cpu",
        threads=3,
        tile_size=320,
        batch_size=9,
        model_folders=[folder],
        output_folder=folder,
        scheduler="tcp://10.0.0.5:8786",
    )


def test_settings_round_trip(clean_settings, tmp_path):
    from lithoscope.processing.settings import LithoscopeSettings, load_settings, save_settings

    assert load_settings() == LithoscopeSettings()  # a fresh install's defaults
    save_settings(_custom(str(tmp_path)))
    assert load_settings() == _custom(str(tmp_path))
    assert QgsSettings().value("lithoscope/settings/batch_size") in (9, "9")


def test_options_page_shows_and_applies_the_settings(qgis_iface, clean_settings, tmp_path):
    from lithoscope.processing.settings import load_settings, save_settings
    from lithoscope.ui.settings_page import LithoscopeOptionsPage

    save_settings(_custom(str(tmp_path)))
    page = LithoscopeOptionsPage()
    assert page.device_combo.currentData() == "cpu" and page.threads_spin.value() == 3
    assert page.folders() == [str(tmp_path)] and page.scheduler_edit.text() == "tcp://10.0.0.5:8786"
    assert "CPUExecutionProvider" in page.runtime_label.text()
    page.batch_spin.setValue(16)
    page.add_folder(str(tmp_path / "more"))
    page.add_folder(str(tmp_path / "more"))  # once only
    page.apply()
    stored = load_settings()
    assert stored.batch_size == 16 and stored.model_folders == [str(tmp_path), str(tmp_path / "more")]


def test_classify_dialog_takes_its_defaults_from_the_settings(qgis_iface, qgis_new_project, clean_settings, tmp_path):
    from lithoscope.processing.settings import save_settings
    from lithoscope.ui.classify_dialog import ClassifyDialog

    save_settings(_custom(str(tmp_path)))
    dialog = ClassifyDialog(qgis_iface)
    assert dialog.device_combo.currentData() == "cpu"
    assert dialog.threads_spin.value() == 3 and dialog.tile_spin.value() == 320 and dialog.batch_spin.value() == 9
    assert dialog.output_widget.defaultRoot() == str(tmp_path)
    dialog.deleteLater()


def test_algorithms_take_their_defaults_from_the_settings(clean_settings, tmp_path):
    from lithoscope.processing.classify import ClassifyAlgorithm
    from lithoscope.processing.settings import save_settings

    save_settings(_custom(str(tmp_path)))
    algorithm = ClassifyAlgorithm()
    algorithm.initAlgorithm()
    assert algorithm.parameterDefinition("BATCH_SIZE").defaultValue() == 9
    assert algorithm.parameterDefinition("TILE_SIZE").defaultValue() == 320
    assert algorithm.parameterDefinition("DEVICE").defaultValue() == 1  # cpu
    assert algorithm.parameterDefinition("SCHEDULER").defaultValue() == "tcp://10.0.0.5:8786"


def test_run_tools_list_folder_models_of_their_task_and_remember_the_choice(
    qgis_iface, qgis_new_project, clean_settings, tmp_path, cnn_path
):
    from lithoscope.inference.model.registry import models_for, shipped_models
    from lithoscope.processing.settings import LithoscopeSettings, save_settings
    from lithoscope.ui.classify_dialog import ClassifyDialog
    from lithoscope.ui.sequence_dialog import sequence_models

    mine = str(tmp_path / "rocks.onnx")
    shutil.copy(cnn_path, mine)
    sequence = shipped_models()["gnss_displacement_forecast"]
    shutil.copy(sequence, str(tmp_path / "my_forecast.onnx"))
    save_settings(LithoscopeSettings(model_folders=[str(tmp_path)]))

    classify = models_for("classify", [str(tmp_path)])
    assert classify[mine] == mine and str(tmp_path / "my_forecast.onnx") not in classify
    assert "gnss_displacement_forecast" not in classify and "lithology_terrain_hungary" in classify
    assert str(tmp_path / "my_forecast.onnx") in sequence_models() and mine not in sequence_models()

    dialog = ClassifyDialog(qgis_iface)
    index = dialog.model_combo.findData(mine)
    assert index >= 0 and dialog.model_combo.itemText(index) == "rocks.onnx (your models)"
    dialog.model_combo.setCurrentIndex(index)
    dialog.deleteLater()
    again = ClassifyDialog(qgis_iface)
    assert again.model() == mine  # remembered
    again.deleteLater()


def test_susceptibility_algorithm_names_the_folder_susceptibility_models(clean_settings, tmp_path):
    from lithoscope.inference.model.registry import shipped_models
    from lithoscope.processing.settings import LithoscopeSettings, save_settings
    from lithoscope.processing.susceptibility import susceptibility_models

    mine = str(tmp_path / "my_slides.onnx")
    shutil.copy(shipped_models()["landslide_susceptibility_terrain"], mine)
    shutil.copy(shipped_models()["lithology_terrain_hungary"], str(tmp_path / "rocks.onnx"))
    assert susceptibility_models() == ["landslide_susceptibility_terrain"]
    save_settings(LithoscopeSettings(model_folders=[str(tmp_path)]))
    assert susceptibility_models() == ["landslide_susceptibility_terrain", mine]


def test_sequence_runs_take_device_threads_tile_and_batch_from_the_settings(
    qgis_iface, qgis_new_project, clean_settings, tmp_path
):
    import numpy as np
    from builders import write_raster
    from lithoscope.processing.settings import save_settings
    from lithoscope.ui.sequence_dialog import build_job
    from qgis.core import QgsProject, QgsRasterLayer

    save_settings(_custom(str(tmp_path)))
    layer = QgsRasterLayer(write_raster(str(tmp_path / "s.tif"), np.zeros((12, 2, 2), np.float32)), "s")
    QgsProject.instance().addMapLayer(layer)
    job = build_job({"mode": "pixel", "model": "ndvi_landcover", "stack": [layer], "output": ""})
    assert {k: job.options[k] for k in ("device", "threads", "tile_size", "batch_size")} == {
        "device": "cpu",
        "threads": 3,
        "tile_size": 320,
        "batch_size": 9,
    }


def test_the_training_python_setting_points_to_the_training_environment(clean_settings, tmp_path, monkeypatch):
    from lithoscope.processing.settings import set_training_python, training_environment

    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("")
    monkeypatch.delenv("LITHOSCOPE_TRAINING_PYTHON", raising=False)
    set_training_python(str(python))
    assert QgsSettings().value("lithoscope/settings/training_python") == str(python)
    env = training_environment()
    assert env is not None and env.python == str(python) and env.venv == str(tmp_path / "venv")
