# SPDX-License-Identifier: GPL-2.0-or-later
"""Training from Processing and from the "Train a model" dialog: lithoscope:trainsegmentation trains in the worker,
writes the model, card and report; without training components the message names the install action; the dialog
runs the same algorithm in the background, remembers its choices and adds the model to the user's models."""

from __future__ import annotations

import os

import pytest
from builders import label_scene, training_python
from qgis.core import QgsProcessingException, QgsProject, QgsRasterLayer, QgsSettings, QgsVectorLayer
from qt_wait import wait_until

import processing

SMALL = {"EPOCHS": 4, "MINUTES": 1.0, "TILE": 32, "BLOCK_TILES": 1, "WIDTH": 8, "THREADS": 2, "SEED": 0}


def _needs_training_python() -> None:
    training_python()


def test_trainsegmentation_through_processing(provider, tmp_path):
    _needs_training_python()
    raster, labels, _ = label_scene(tmp_path, 128)
    out = str(tmp_path / "map.onnx")
    result = processing.run(
        "lithoscope:trainsegmentation",
        {"RASTERS": [raster], "LABELS": labels, "CLASS_FIELD": "lith", "OUTPUT_MODEL": out, **SMALL},
    )
    assert result["OUTPUT_MODEL"] == out and os.path.isfile(out)
    assert os.path.isfile(result["CARD"]) and os.path.isfile(result["OUTPUT_REPORT"])
    assert result["OUTPUT_REPORT"] == str(tmp_path / "map_report.html")
    assert set(result["SCORES"]) == {"model", "majority class", "random forest"}
    assert 0.0 <= result["SCORES"]["model"]["macro_f1"] <= 1.0 and result["DEVICE"] == "cpu"
    from lithoscope.inference.model.contract import read_contract

    contract = read_contract(out)
    assert contract.band_names == ("stack_1", "stack_2") and not contract.band_derived  # no terrain factor chosen


def test_without_training_components_the_message_names_the_install_action(provider, tmp_path, monkeypatch):
    import lithoscope.processing.settings as settings

    monkeypatch.setattr(settings, "training_environment", lambda: None)
    monkeypatch.setattr("lithoscope.learning.common.find_environment", lambda *a, **k: None)
    raster, labels, _ = label_scene(tmp_path, 128)
    with pytest.raises(QgsProcessingException, match="training components.*not installed.*Training components"):
        processing.run(
            "lithoscope:trainsegmentation",
            {"RASTERS": [raster], "LABELS": labels, "CLASS_FIELD": "lith", "OUTPUT_MODEL": str(tmp_path / "m.onnx")},
        )
    assert not os.path.exists(tmp_path / "m.onnx")


def test_missing_class_field_is_a_message(provider, tmp_path):
    _needs_training_python()
    raster, labels, _ = label_scene(tmp_path, 128)
    with pytest.raises(QgsProcessingException, match="class field"):
        processing.run(
            "lithoscope:trainsegmentation",
            {"RASTERS": [raster], "LABELS": labels, "OUTPUT_MODEL": str(tmp_path / "m.onnx")},
        )


def test_dialog_trains_in_the_background_and_offers_the_model(qgis_iface, qgis_new_project, provider, tmp_path):
    _needs_training_python()
    from lithoscope.ui.train_dialog import TrainDialog

    raster, labels, _ = label_scene(tmp_path, 128)
    rlayer, vlayer = QgsRasterLayer(raster, "stack"), QgsVectorLayer(labels, "labels", "ogr")
    QgsProject.instance().addMapLayers([rlayer, vlayer])
    folder = tmp_path / "my_models"
    folder.mkdir()
    QgsSettings().setValue("lithoscope/settings/model_folders", [str(folder)])
    dialog = TrainDialog(qgis_iface)
    try:
        assert dialog.tabs.tabText(0) == "Maps from labels"
        tab = dialog.current_tab()
        out = str(tmp_path / "dialog.onnx")
        values = {"RASTERS": [raster], "LABELS": vlayer.id(), "CLASS_FIELD": "lith", "OUTPUT_MODEL": out, **SMALL}
        from qgis.core import QgsProcessingContext
        from qgis.PyQt.QtWidgets import QApplication

        for name, value in values.items():  # in order: the class field list follows the label layer
            tab.wrappers[name].setParameterValue(value, QgsProcessingContext())
            QApplication.processEvents()
        assert tab.parameters()["CLASS_FIELD"] == "lith"
        offered: list[tuple[str, str]] = []
        dialog.offer_results = lambda model, report: offered.append((model, report))
        dialog.run()
        assert dialog.is_running() and not dialog.run_button.isEnabled()
        wait_until(lambda: not dialog.is_running(), timeout=300)
        assert os.path.isfile(out), dialog.log_view.toPlainText()
        assert offered == [(out, str(tmp_path / "dialog_report.html"))]
        assert "Epoch" in dialog.log_view.toPlainText() and dialog.progress.value() == 100
        # remembered: a new dialog shows the same choices
        again = TrainDialog(qgis_iface)
        assert again.current_tab().wrappers["CLASS_FIELD"].parameterValue() == "lith"
        assert again.current_tab().wrappers["EPOCHS"].parameterValue() == 4
        assert again.current_tab().wrappers["OUTPUT_MODEL"].parameterValue() != out  # never last run's model file
        # the offer adds the model (and its card) to the user's models
        del dialog.offer_results
        imported = TrainDialog.offer_results(dialog, out, "", ask=lambda text: "Add" in text)
        assert imported == str(folder / "dialog.onnx") and os.path.isfile(folder / "dialog.md")
        again.close()
    finally:
        dialog.close()
