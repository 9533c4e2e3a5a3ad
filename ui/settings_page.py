# SPDX-License-Identifier: GPL-2.0-or-later
"""QGIS Options > Lithoscope: device, threads, tile and batch size, model folders, output folder, Dask scheduler."""

from __future__ import annotations

from typing import Callable

from qgis.gui import QgsFileWidget, QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr, translate_message
from ..inference.errors import LithoscopeError
from ..inference.model.session import DEVICES, available_providers, choose_providers
from ..processing.settings import LithoscopeSettings, load_settings, save_settings
from .common import FormScrollArea, spin_box
from .help import help_button


def runtime_summary(device: str) -> str:
    """What onnxruntime offers and which provider a run on `device` uses (or why it cannot)."""
    try:
        available = available_providers()
        chosen = choose_providers(device)[0]
    except LithoscopeError as exc:
        return translate_message(str(exc))
    return tr("onnxruntime providers: {available}. A run on this device uses {chosen}.").format(
        available=", ".join(available), chosen=chosen
    )


class LithoscopeOptionsPage(QgsOptionsPageWidget):
    """The settings page; `apply` (QGIS's OK) stores what it shows."""

    def __init__(
        self,
        parent: QWidget | None = None,
        open_models: Callable[[], None] | None = None,
        open_dependencies: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LithoscopeOptionsPage")
        values = load_settings()
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        self.device_combo = QComboBox(form_widget)
        for device, label in zip(DEVICES, (tr("Automatic (GPU if available)"), tr("CPU"), tr("CUDA GPU"))):
            self.device_combo.addItem(label, device)
        self.device_combo.setCurrentIndex(max(0, self.device_combo.findData(values.device)))
        form.addRow(tr("Device"), self.device_combo)
        self.runtime_label = QLabel(form_widget)
        self.runtime_label.setWordWrap(True)
        form.addRow("", self.runtime_label)
        self.device_combo.currentIndexChanged.connect(self._show_runtime)
        self.threads_spin = spin_box(self, 0, 256, values.threads, tr("All cores"))
        form.addRow(tr("CPU threads"), self.threads_spin)
        self.tile_spin = spin_box(self, 0, 16384, values.tile_size, tr("From the model"))
        form.addRow(tr("Default tile size (px)"), self.tile_spin)
        self.batch_spin = spin_box(self, 1, 1024, values.batch_size)
        form.addRow(tr("Default tiles per batch"), self.batch_spin)
        self.folders_list = QListWidget(form_widget)
        self.folders_list.addItems(values.model_folders)
        self.folders_list.setMaximumHeight(110)
        add, remove = QPushButton(tr("Add…"), form_widget), QPushButton(tr("Remove"), form_widget)
        add.clicked.connect(self._add_folder)
        remove.clicked.connect(self._remove_folder)
        folder_buttons = QVBoxLayout()
        folder_buttons.addWidget(add)
        folder_buttons.addWidget(remove)
        folder_buttons.addStretch(1)
        folders = QHBoxLayout()
        folders.addWidget(self.folders_list, 1)
        folders.addLayout(folder_buttons)
        form.addRow(tr("Model folders"), folders)
        self.output_folder = QgsFileWidget(form_widget)
        self.output_folder.setStorageMode(QgsFileWidget.GetDirectory)
        self.output_folder.setFilePath(values.output_folder)
        form.addRow(tr("Default output folder"), self.output_folder)
        self.scheduler_edit = QLineEdit(values.scheduler, form_widget)
        self.scheduler_edit.setPlaceholderText(tr("tcp://host:8786 (empty = local workers)"))
        form.addRow(tr("Dask scheduler address"), self.scheduler_edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(FormScrollArea(form_widget, hint_height=460, min_height=300, parent=self), 1)
        buttons = QHBoxLayout()
        for text, callback in ((tr("Model manager…"), open_models), (tr("Dependencies…"), open_dependencies)):
            if callback is not None:
                button = QPushButton(text, self)
                button.clicked.connect(callback)
                buttons.addWidget(button)
        buttons.addStretch(1)
        self.help_button = help_button(self, "settings")
        buttons.addWidget(self.help_button)
        layout.addLayout(buttons)
        self._show_runtime()

    def _show_runtime(self) -> None:
        self.runtime_label.setText(runtime_summary(self.device_combo.currentData()))

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Choose a folder of ONNX models"))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        """Add a model folder to the list (once)."""
        if folder not in self.folders():
            self.folders_list.addItem(folder)

    def _remove_folder(self) -> None:
        for item in self.folders_list.selectedItems():
            self.folders_list.takeItem(self.folders_list.row(item))

    def folders(self) -> list[str]:
        """The model folders listed."""
        return [self.folders_list.item(i).text() for i in range(self.folders_list.count())]

    def values(self) -> LithoscopeSettings:
        """The settings the page shows."""
        return LithoscopeSettings(
            device=self.device_combo.currentData(),
            threads=self.threads_spin.value(),
            tile_size=self.tile_spin.value(),
            batch_size=self.batch_spin.value(),
            model_folders=self.folders(),
            output_folder=self.output_folder.filePath(),
            scheduler=self.scheduler_edit.text().strip(),
        )

    def apply(self) -> None:
        """Store the settings (QGIS calls this on OK)."""
        save_settings(self.values())


class LithoscopeOptionsFactory(QgsOptionsWidgetFactory):
    """Adds the Lithoscope page to QGIS's Options dialog."""

    def __init__(self, icon_path: str, open_models=None, open_dependencies=None) -> None:
        super().__init__(tr("Lithoscope"), QIcon(icon_path))
        self.open_models, self.open_dependencies = open_models, open_dependencies

    def path(self) -> list[str]:
        return []

    def createWidget(self, parent: QWidget | None = None) -> LithoscopeOptionsPage:  # noqa: N802 (QGIS API)
        return LithoscopeOptionsPage(parent, self.open_models, self.open_dependencies)
