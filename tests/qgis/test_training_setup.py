# SPDX-License-Identifier: GPL-2.0-or-later
""" "Install training components…": the dialog shows the training environment, the commands per OS, and runs the
venv + pip steps one after the other with their output live; success stores the new Python in the settings."""

from __future__ import annotations

import sys

import pytest
from qgis.core import QgsSettings
from qt_wait import wait_until


@pytest.fixture
def dialog(qgis_iface, tmp_path, monkeypatch):
    from lithoscope.inference.training import TrainingEnvironment
    from lithoscope.ui.training_setup import TrainingSetupDialog

    QgsSettings().remove("lithoscope/settings/training_python")
    monkeypatch.delenv("LITHOSCOPE_TRAINING_PYTHON", raising=False)
    d = TrainingSetupDialog()
    d.target = TrainingEnvironment(str(tmp_path / "venv"))
    yield d
    d.close()
    d.deleteLater()
    QgsSettings().remove("lithoscope/settings/training_python")


def test_it_shows_the_commands_for_every_os(dialog):
    dialog.refresh()
    text = dialog.manual.text()
    assert "Linux:" in text and "Windows (OSGeo4W Shell):" in text and "macOS:" in text
    assert "torch==2.13.0" in text and dialog.target.venv in text
    make_venv, pip = dialog.commands()
    assert make_venv[1:] == ["-m", "venv", dialog.target.venv] and "torch==2.13.0" in pip


def test_install_runs_each_step_and_stores_the_python(dialog, monkeypatch):
    steps = [[sys.executable, "-c", "print('made the venv')"], [sys.executable, "-c", "print('pip: installed')"]]
    monkeypatch.setattr(dialog, "commands", lambda: steps)
    dialog.install_button.click()
    wait_until(
        lambda: dialog.process is None and not dialog.pending and "Installed:" in dialog.output.toPlainText(), 30
    )
    out = dialog.output.toPlainText()
    assert out.index("made the venv") < out.index("pip: installed")
    assert QgsSettings().value("lithoscope/settings/training_python") == dialog.target.python
    assert dialog.install_button.isEnabled()


def test_a_failing_step_stops_and_says_so(dialog, monkeypatch):
    steps = [[sys.executable, "-c", "import sys; print('no network'); sys.exit(2)"], [sys.executable, "-c", "1"]]
    monkeypatch.setattr(dialog, "commands", lambda: steps)
    dialog.install_button.click()
    wait_until(lambda: "exit code" in dialog.output.toPlainText(), 30)
    assert "Stopped with exit code 2" in dialog.output.toPlainText() and "no network" in dialog.output.toPlainText()
    assert QgsSettings().value("lithoscope/settings/training_python", "") in ("", None)


def test_the_dependencies_dialog_opens_it(qgis_iface):
    from lithoscope.ui.dependencies_dialog import DependenciesDialog

    deps = DependenciesDialog()
    deps.training_button.click()
    assert deps.training_dialog is not None and deps.training_dialog.isVisible()
    assert deps.training_dialog.install_button.text() == "Install training components…"
    deps.close()
    deps.deleteLater()
