# SPDX-License-Identifier: GPL-2.0-or-later
"""Help: every dialog has a Help button that opens an existing page of docs/, and every Processing algorithm
has a helpUrl to an existing docs page; a tool missing a dependency offers the dependency manager."""

from __future__ import annotations

import os

import pytest
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtWidgets import QPushButton


def _dialogs(iface):
    from lithoscope.ui.classify_dialog import ClassifyDialog
    from lithoscope.ui.dependencies_dialog import DependenciesDialog
    from lithoscope.ui.model_manager import ModelManagerDialog
    from lithoscope.ui.sequence_dialog import SequenceDialog
    from lithoscope.ui.settings_page import LithoscopeOptionsPage
    from lithoscope.ui.susceptibility_dialog import SusceptibilityDialog

    return {
        "usage.md": ClassifyDialog(iface),
        "sequences.md": SequenceDialog(iface),
        "susceptibility.md": SusceptibilityDialog(iface),
        "models.md": ModelManagerDialog(iface),
        "dependencies.md": DependenciesDialog(),
        "settings.md": LithoscopeOptionsPage(),
    }


def test_every_dialog_has_a_help_button_to_an_existing_docs_page(qgis_iface, qgis_new_project):
    from lithoscope.processing.help import DOCS_DIR

    for page, dialog in _dialogs(qgis_iface).items():
        [button] = [b for b in dialog.findChildren(QPushButton) if b.objectName() == "LithoscopeHelpButton"]
        assert button.text() == "Help" and button.help_path == os.path.join(DOCS_DIR, page), type(dialog).__name__
        assert os.path.isfile(button.help_path)
        button.click()  # renders the page
        window = button.help_window
        text = window.browser.toPlainText()
        with open(button.help_path, encoding="utf-8") as f:
            heading = f.readline().lstrip("# ").strip()
        assert text.startswith(heading) and "# " + heading not in text  # rendered Markdown, not its source
        window.close()
        dialog.deleteLater()


def test_every_algorithm_has_a_help_url_to_an_existing_file(provider):
    urls = {}
    for algorithm in provider.algorithms():
        url = QUrl(algorithm.helpUrl())
        assert url.isLocalFile(), algorithm.id()
        assert os.path.isfile(url.toLocalFile()), f"{algorithm.id()}: {url.toLocalFile()}"
        urls[algorithm.id()] = os.path.basename(url.toLocalFile())
    assert urls == {
        "lithoscope:classify": "usage.md",
        "lithoscope:set_model_metadata": "model_contract.md",
        "lithoscope:buildfactors": "susceptibility.md",
        "lithoscope:trainsusceptibility": "susceptibility.md",
        "lithoscope:susceptibility": "susceptibility.md",
        "lithoscope:sequenceraster": "sequences.md",
        "lithoscope:sequencevector": "sequences.md",
        "lithoscope:welllogs": "sequences.md",
        "lithoscope:trainsegmentation": "training.md",
        "lithoscope:trainsequence": "training.md",
        "lithoscope:trainwells": "training.md",
        "lithoscope:trainautoencoder": "encode.md",
        "lithoscope:encode": "encode.md",
        "lithoscope:fillvoids": "voids.md",
        "lithoscope:trainvoidfiller": "voids.md",
    }


def test_a_tool_missing_onnxruntime_offers_the_dependency_manager(qgis_iface, qgis_new_project, monkeypatch):
    from lithoscope.ui import classify_dialog

    monkeypatch.setattr(classify_dialog, "onnxruntime_error", lambda: "onnxruntime is not installed")
    dialog = classify_dialog.ClassifyDialog(qgis_iface)
    assert not dialog.run_button.isEnabled()
    assert dialog.dependencies_button is not None and dialog.dependencies_button.text() == "Install dependencies…"
    dialog.dependencies_button.click()
    names = [
        dialog.dependencies_dialog.table.item(r, 0).text() for r in range(dialog.dependencies_dialog.table.rowCount())
    ]
    assert names[0] == "onnxruntime"
    dialog.dependencies_dialog.close()
    dialog.deleteLater()


@pytest.mark.parametrize("blocked", ["lasio"])
def test_dependencies_dialog_shows_a_blocked_package_missing_with_the_commands(qgis_iface, monkeypatch, blocked):
    import sys

    from lithoscope.ui.dependencies_dialog import DependenciesDialog

    monkeypatch.setitem(sys.modules, blocked, None)
    dialog = DependenciesDialog()
    row = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())].index(blocked)
    assert dialog.table.item(row, 2).text() == "missing" and dialog.table.item(row, 4).text() == "lasio==0.32"
    assert dialog.install_button.isEnabled()
    program, arguments = dialog.install_command()  # never run here
    assert arguments[:4] == ["-m", "pip", "install", "--user"] and "lasio==0.32" in arguments and "python" in program
    manual = dialog.manual.text()
    assert "Windows (OSGeo4W Shell): python -m pip install" in manual and "lasio==0.32" in manual
    assert "/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install --user" in manual
    dialog.deleteLater()
