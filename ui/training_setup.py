# SPDX-License-Identifier: GPL-2.0-or-later
""" "Install training components…": the training environment (a venv with PyTorch in the QGIS profile folder, run
in its own process, never imported by QGIS), whether it is there, and the venv + pip commands that create it, run
with pip's output live, or typed by hand on Linux, Windows and macOS."""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..i18n import tr
from ..inference.training.environment import TrainingEnvironment, default_venv
from ..processing.settings import set_training_python, training_environment
from .commands import CommandsMixin
from .help import help_button


class TrainingSetupDialog(CommandsMixin, QDialog):
    """Shows the training environment and creates it on demand (QProcess: venv, then pip, output live)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lithoscope — Training components"))
        self.setMinimumWidth(640)
        self.target = TrainingEnvironment(default_venv(QgsApplication.qgisSettingsDirPath()))
        layout = QVBoxLayout(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.status)
        self._add_manual_and_output(layout, 120)
        buttons = QHBoxLayout()
        buttons.addWidget(help_button(self, "training"))
        buttons.addStretch(1)
        self.install_button = QPushButton(tr("Install training components…"), self)
        self.install_button.clicked.connect(self.install)
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        env = training_environment()
        if env is not None:
            self.status.setText(tr("Training components found: {python}").format(python=env.python))
        else:
            self.status.setText(
                tr("Training components are not installed. Install creates {venv} (PyTorch, CPU build, about 1 GB).")
                .format(venv=self.target.venv)
            )  # fmt: skip
        commands = self.target.manual_commands()
        self.manual.setText(
            tr("To install by hand:\nLinux:\n{linux}\nWindows (OSGeo4W Shell):\n{windows}\nmacOS:\n{macos}").format(
                linux=commands["Linux"], windows=commands["Windows"], macos=commands["macOS"]
            )
        )
        self.install_button.setEnabled(self.process is None)

    def commands(self) -> list[list[str]]:
        """The commands Install runs, in order."""
        return self.target.create_command()

    def install(self) -> None:
        if self.process is not None:
            return
        self.output.clear()
        self.install_button.setEnabled(False)
        self.run_commands(self.commands())

    def _commands_done(self, code: int) -> None:
        if code != 0:
            self.output.appendPlainText(
                tr("Stopped with exit code {code}; see the output above, or install by hand.").format(code=code)
            )
        else:
            set_training_python(self.target.python)
            self.output.appendPlainText(tr("Installed: {python}").format(python=self.target.python))
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.stop_commands()
        super().closeEvent(event)
