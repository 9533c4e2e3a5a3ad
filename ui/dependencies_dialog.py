# SPDX-License-Identifier: GPL-2.0-or-later
"""The "Dependencies" dialog: the optional packages, whether each imports, and Install missing (pip for QGIS's
Python, its output live) with the commands to type by hand on Linux, Windows and macOS."""

from __future__ import annotations

from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..inference.dependencies import (
    install_arguments,
    install_program,
    list_dependencies,
    manual_commands,
    missing_requirements,
)
from .commands import CommandsMixin
from .help import help_button


def needed_by(name: str) -> str:
    """What needs a dependency, in the user's language."""
    return {
        "onnxruntime": tr("every model run: Classify, Sequence, susceptibility maps"),
        "scikit-learn + skl2onnx": tr("training susceptibility models (exported to ONNX)"),
        "lasio": tr("well logs read from LAS files"),
        "matplotlib": tr("plots: series, profiles and susceptibility reports"),
        "distributed": tr("runs on a Dask cluster or local Dask workers"),
    }.get(name, name)


class DependenciesDialog(CommandsMixin, QDialog):
    """Lists the optional dependencies; installs the missing ones with pip through QProcess."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lithoscope — Dependencies"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [tr("Package"), tr("Needed for"), tr("Status"), tr("Installed"), tr("Tested with")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setMaximumHeight(200)
        layout.addWidget(self.table)
        self._add_manual_and_output(layout, 90)
        buttons = QHBoxLayout()
        self.help_button = help_button(self, "dependencies")
        buttons.addWidget(self.help_button)
        buttons.addStretch(1)
        self.refresh_button = QPushButton(tr("Check again"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.install_button = QPushButton(tr("Install missing"), self)
        self.install_button.clicked.connect(self.install_missing)
        self.training_button = QPushButton(tr("Training components…"), self)
        self.training_button.setToolTip(tr("PyTorch in an environment of its own, for training deep models"))
        self.training_button.clicked.connect(self.show_training_setup)
        self.training_dialog = None
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.clicked.connect(self.close)
        for button in (self.refresh_button, self.install_button, self.training_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """List the dependencies as this Python has them now."""
        self.dependencies = list_dependencies()
        self.table.setRowCount(len(self.dependencies))
        for row, dep in enumerate(self.dependencies):
            status = tr("installed") if dep.available else tr("missing")
            cells = (dep.name, needed_by(dep.name), status, dep.version, ", ".join(dep.requirements))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setForeground(QColor("#1b7f3b" if dep.available else "#b00020"))
                    item.setToolTip(dep.error)
                self.table.setItem(row, column, item)
        missing = missing_requirements(self.dependencies)
        self.install_button.setEnabled(bool(missing) and self.process is None)
        if not missing:
            self.manual.setText(tr("Every optional dependency is installed."))
            return
        commands = manual_commands(missing)
        self.manual.setText(
            tr(
                "To install by hand, close QGIS and run:\n"
                "Linux: {linux}\nWindows (OSGeo4W Shell): {windows}\nmacOS: {macos}\nThen start QGIS again."
            ).format(linux=commands["Linux"], windows=commands["Windows"], macos=commands["macOS"])
        )

    def install_command(self) -> tuple[str, list[str]]:
        """The program and arguments Install missing runs."""
        return install_program(), install_arguments(missing_requirements(self.dependencies))

    def install_missing(self) -> None:
        """Run pip for QGIS's Python on the missing packages, its output live in the dialog."""
        if self.process is not None or not missing_requirements(self.dependencies):
            return  # (counting pip's arguments would miss --break-system-packages)
        program, arguments = self.install_command()
        self.output.clear()
        self.install_button.setEnabled(False)
        self.run_commands([[program, *arguments]])

    def _commands_done(self, code: int) -> None:
        if code == 0:
            self.output.appendPlainText(tr("Installed. Restart QGIS so that the plugin loads the new packages."))
        else:
            self.output.appendPlainText(
                tr("pip stopped with exit code {code}; see its output above, or install by hand.").format(code=code)
            )
        self.refresh()

    def show_training_setup(self) -> None:
        """The training environment (PyTorch in its own venv) and its "Install training components…"."""
        if self.training_dialog is None:
            from .training_setup import TrainingSetupDialog

            self.training_dialog = TrainingSetupDialog(self)
        self.training_dialog.refresh()
        self.training_dialog.show()
        self.training_dialog.raise_()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self.training_dialog is not None:
            self.training_dialog.close()  # stops its pip, if running
        self.stop_commands()
        super().closeEvent(event)
