# SPDX-License-Identifier: GPL-2.0-or-later
"""The "Classify raster" dialog: collects parameters and runs `lithoscope:classify` in the background.

No business logic here: `build_parameters` turns the user's choices into the algorithm's
parameters, the algorithm runs in a QgsProcessingAlgRunnerTask, and result layers are added
to the project in the main thread once the task has finished.
"""

from __future__ import annotations

import os
import time

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayerProxyModel,
    QgsMapLayerType,
    QgsProcessing,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsReferencedRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsCollapsibleGroupBox, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, pyqtSignal, pyqtSlot
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr, translate_message
from ..inference.errors import InputError, LithoscopeError
from ..inference.model.registry import models_for, resolve_model
from ..inference.model.session import DEVICES
from ..inference.outputs.styles import polygons_style_path, pseudocolor_qml
from ..processing.algorithm import ACTIVATION_CHOICES, NONFINITE_CHOICES
from ..processing.classify import ClassifyAlgorithm, apply_qml, qml_path, result_layer_name
from ..processing.settings import load_settings, model_folders
from .common import (
    BackgroundRunMixin,
    FormScrollArea,
    ModelChoiceMixin,
    PlacedClearOfMessageBar,
    band_layers,
    onnxruntime_error,
    save_file_widget,
    short_name,
    spin_box,
    unique_layer_name,
)

ALGORITHM_ID = "lithoscope:classify"
AREA_FULL = "full"
AREA_CANVAS = "canvas"
AREA_MASK = "mask"


def build_parameters(
    layer,
    model: str,
    output: str = "",
    *,
    area: str = AREA_FULL,
    canvas_extent: QgsReferencedRectangle | None = None,
    mask_layer=None,
    selected_only: bool = False,
    probabilities: str | None = None,
    polygons: str | None = None,
    tile_size: int = 0,
    overlap: int = -1,
    batch_size: int = 4,
    device: str = "auto",
    threads: int = 0,
    output_activation: str | None = None,
    nonfinite: str = "fail",
    layers: list | tuple = (),
    bands: str = "",
) -> dict:
    """The `lithoscope:classify` parameters for the dialog's choices.

    Empty output paths mean temporary files; `probabilities` / `polygons` None means "not
    wanted" and "" a temporary file. Raises InputError when a choice is missing.
    """
    if layer is None:
        raise InputError(tr("Choose a raster layer to classify."))
    if not (model or "").strip():
        raise InputError(tr("Choose a model: a shipped model or an .onnx file."))
    params = {
        ClassifyAlgorithm.INPUT: layer.id(),
        ClassifyAlgorithm.MODEL: model.strip(),
        ClassifyAlgorithm.OUTPUT: output or QgsProcessing.TEMPORARY_OUTPUT,
        ClassifyAlgorithm.TILE_SIZE: int(tile_size),
        ClassifyAlgorithm.OVERLAP: int(overlap),
        ClassifyAlgorithm.BATCH_SIZE: int(batch_size),
        ClassifyAlgorithm.DEVICE: DEVICES.index(device),
        ClassifyAlgorithm.THREADS: int(threads),
        ClassifyAlgorithm.OUTPUT_ACTIVATION: ACTIVATION_CHOICES.index(output_activation),
        ClassifyAlgorithm.NONFINITE: NONFINITE_CHOICES.index(nonfinite),
    }
    if area == AREA_CANVAS:
        if canvas_extent is None or canvas_extent.isEmpty():
            raise InputError(tr("The map canvas has no extent; zoom to the area to classify."))
        params[ClassifyAlgorithm.EXTENT] = canvas_extent
    elif area == AREA_MASK:
        if mask_layer is None:
            raise InputError(tr("Choose the polygon layer that limits the area."))
        if selected_only and mask_layer.selectedFeatureCount() == 0:
            raise InputError(tr("No polygons are selected in '{name}'.").format(name=mask_layer.name()))
        params[ClassifyAlgorithm.MASK] = QgsProcessingFeatureSourceDefinition(mask_layer.id(), selected_only)
    elif area != AREA_FULL:
        raise ValueError(f"unknown area {area!r}")
    if layers:  # further rasters and vectors stacked after the input's bands, on its grid
        params[ClassifyAlgorithm.LAYERS] = [layer.id() for layer in layers]
    if (bands or "").strip():
        params[ClassifyAlgorithm.BANDS] = bands.strip()
    if probabilities is not None:
        params[ClassifyAlgorithm.OUTPUT_PROBABILITIES] = probabilities or QgsProcessing.TEMPORARY_OUTPUT
    if polygons is not None:
        params[ClassifyAlgorithm.OUTPUT_POLYGONS] = polygons or QgsProcessing.TEMPORARY_OUTPUT
    return params


def model_description(model: str) -> str:
    """A short description of a model (from its metadata) for the dialog; the error if it cannot be read."""
    from ..inference.model.contract import read_contract
    from ..processing.set_metadata import contract_summary

    try:
        contract = read_contract(resolve_model(model))
    except LithoscopeError as exc:
        return translate_message(str(exc))
    text = contract_summary(contract)
    return f"{contract.description}\n{text}" if contract.description else text


class DialogFeedback(QgsProcessingFeedback):
    """Feedback that forwards the algorithm's messages as a signal (delivered in the dialog's thread)."""

    message = pyqtSignal(str, bool)  # text, is_error

    def __init__(self) -> None:
        super().__init__()
        self.last_error = ""

    def pushInfo(self, info: str) -> None:  # noqa: N802 (QGIS API)
        super().pushInfo(info)
        self.message.emit(info, False)

    def pushWarning(self, warning: str) -> None:  # noqa: N802
        super().pushWarning(warning)
        self.message.emit(warning, False)

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N802, N803
        super().reportError(error, fatalError)
        self.last_error = error
        self.message.emit(error, True)


class ClassifyDialog(PlacedClearOfMessageBar, ModelChoiceMixin, BackgroundRunMixin, QDialog):
    """Lithoscope — Classify raster."""

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.task: QgsProcessingAlgRunnerTask | None = None
        self.feedback: DialogFeedback | None = None
        self.context: QgsProcessingContext | None = None
        self.added_layers: list = []
        self.input_name = ""
        self.run_started = 0.0
        self.run_outputs: list[str] = []
        self.setWindowTitle(tr("Lithoscope — Classify raster"))
        self.setMinimumWidth(560)
        self.runtime_error = onnxruntime_error()
        self._build()
        if self.runtime_error:
            self.model_info.setStyleSheet("color: #b00020;")
            self.log(self.runtime_error, error=True)
            self.run_button.setEnabled(False)
            self.run_button.setToolTip(tr("onnxruntime is missing; see the message below."))

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        form = QWidget(self)
        fields = QVBoxLayout(form)
        fields.setContentsMargins(0, 0, 0, 0)
        self._build_inputs(fields)
        self._build_area(fields)
        self._build_outputs(fields)
        self._build_advanced(fields)
        fields.addStretch(1)
        # The form scrolls (Advanced open is taller than a laptop screen); the log and buttons stay in view.
        layout.addWidget(FormScrollArea(form, hint_height=460, min_height=330, parent=self), 1)

        self._add_progress_and_log(layout, min_height=110)

        buttons = QHBoxLayout()
        self._add_help_and_dependencies(buttons, "classify", self.runtime_error)
        buttons.addStretch(1)
        self._add_run_buttons(buttons)
        layout.addLayout(buttons)

        self._update_enabled()
        self._show_model_info()

    def _build_inputs(self, layout: QVBoxLayout) -> None:
        """The raster layer and the model, with what the model is."""
        inputs = QFormLayout()
        self.layer_combo = QgsMapLayerComboBox(self)
        self.layer_combo.setFilters(QgsMapLayerProxyModel.RasterLayer)
        inputs.addRow(tr("Raster layer"), self.layer_combo)
        models = models_for("classify", model_folders())
        inputs.addRow(tr("Model"), self._model_row(models, tr("Choose an ONNX model file")))
        self.remember_model_choice("classify")
        self.model_info = QLabel(self)
        self.model_info.setWordWrap(True)
        self.model_info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        inputs.addRow("", self.model_info)
        self.model_combo.currentIndexChanged.connect(self._show_model_info)
        layout.addLayout(inputs)
        self.stack_box = QgsCollapsibleGroupBox(tr("Further layers and bands"), self)
        self.stack_box.setCollapsed(True)
        stack = QFormLayout(self.stack_box)
        self.layers_list = QListWidget(self.stack_box)
        self.layers_list.setSelectionMode(QAbstractItemView.NoSelection)
        self.layers_list.setMaximumHeight(90)
        self.layers_list.setToolTip(
            tr(
                "Rasters (resampled onto the input's grid) and vector layers (1 inside features, 0 outside) stacked "
                "after the input's bands, in this order: the model's bands in its order."
            )
        )
        self._fill_layers_list()
        # Bound methods (not lambdas): PyQt drops the connections when the dialog is deleted.
        QgsProject.instance().layersAdded.connect(self._layers_changed)
        QgsProject.instance().layersRemoved.connect(self._layers_changed)
        stack.addRow(tr("Further layers"), self.layers_list)
        self.bands_edit = QLineEdit(self.stack_box)
        self.bands_edit.setPlaceholderText(tr("All bands of the input (e.g. 1,2,3)"))
        self.bands_edit.setToolTip(tr("The input's bands to use, in the model's order; empty: all of them."))
        stack.addRow(tr("Bands"), self.bands_edit)
        layout.addWidget(self.stack_box)

    def _build_area(self, layout: QVBoxLayout) -> None:
        """Where to classify: the full raster, the canvas extent or inside polygons."""
        area_box = QGroupBox(tr("Area"), self)
        area = QGridLayout(area_box)
        self.area_full = QRadioButton(tr("Full raster"), area_box)
        self.area_canvas = QRadioButton(tr("Current map canvas extent"), area_box)
        self.area_mask = QRadioButton(tr("Inside polygons of"), area_box)
        self.area_full.setChecked(True)
        self.area_group = QButtonGroup(self)
        for button in (self.area_full, self.area_canvas, self.area_mask):
            self.area_group.addButton(button)
        self.mask_combo = QgsMapLayerComboBox(area_box)
        self.mask_combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.selected_only = QCheckBox(tr("Selected features only"), area_box)
        area.addWidget(self.area_full, 0, 0, 1, 2)
        area.addWidget(self.area_canvas, 1, 0, 1, 2)
        area.addWidget(self.area_mask, 2, 0)
        area.addWidget(self.mask_combo, 2, 1)
        area.addWidget(self.selected_only, 3, 1)
        self.area_mask.toggled.connect(self._update_enabled)
        layout.addWidget(area_box)

    def _build_outputs(self, layout: QVBoxLayout) -> None:
        """The class map, and the optional probabilities and polygons."""
        out_box = QGroupBox(tr("Outputs"), self)
        outputs = QFormLayout(out_box)
        self.output_widget = save_file_widget(self, tr("GeoTIFF (*.tif *.tiff)"))
        self.output_widget.setDefaultRoot(load_settings().output_folder)
        outputs.addRow(tr("Class map"), self.output_widget)
        self.probabilities_check = QCheckBox(tr("Class probabilities"), out_box)
        self.probabilities_widget = save_file_widget(self, tr("GeoTIFF (*.tif *.tiff)"))
        outputs.addRow(self.probabilities_check, self.probabilities_widget)
        self.polygons_check = QCheckBox(tr("Class polygons"), out_box)
        self.polygons_widget = save_file_widget(self, tr("GeoPackage (*.gpkg)"))
        outputs.addRow(self.polygons_check, self.polygons_widget)
        self.probabilities_check.toggled.connect(self._update_enabled)
        self.polygons_check.toggled.connect(self._update_enabled)
        layout.addWidget(out_box)

    def _build_advanced(self, layout: QVBoxLayout) -> None:
        """Tiling, device, threads and the model's output handling (collapsed)."""
        self.advanced = QgsCollapsibleGroupBox(tr("Advanced"), self)
        self.advanced.setCollapsed(True)
        advanced = QFormLayout(self.advanced)
        defaults = load_settings()  # QGIS Options > Lithoscope
        self.tile_spin = spin_box(self, 0, 16384, defaults.tile_size, tr("From the model"))
        advanced.addRow(tr("Tile size (px)"), self.tile_spin)
        self.overlap_spin = spin_box(self, -1, 8192, -1, tr("From the model"))
        advanced.addRow(tr("Tile overlap (px)"), self.overlap_spin)
        self.batch_spin = spin_box(self, 1, 1024, defaults.batch_size)
        advanced.addRow(tr("Tiles per batch"), self.batch_spin)
        self.device_combo = QComboBox(self.advanced)
        for device, label in zip(DEVICES, (tr("Automatic (GPU if available)"), tr("CPU"), tr("CUDA GPU"))):
            self.device_combo.addItem(label, device)
        self.device_combo.setCurrentIndex(max(0, self.device_combo.findData(defaults.device)))
        advanced.addRow(tr("Device"), self.device_combo)
        self.threads_spin = spin_box(self, 0, 256, defaults.threads, tr("All cores"))
        advanced.addRow(tr("CPU threads"), self.threads_spin)
        self.activation_combo = QComboBox(self.advanced)
        labels = (tr("From the model"), tr("None (probabilities)"), tr("Softmax (several classes)"), tr("Sigmoid"))
        for value, label in zip(ACTIVATION_CHOICES, labels):
            self.activation_combo.addItem(label, value)
        self.activation_combo.setToolTip(
            tr("Turns a model's raw scores (logits) into probabilities; the log warns when this seems needed.")
        )
        advanced.addRow(tr("Output activation"), self.activation_combo)
        self.nonfinite_combo = QComboBox(self.advanced)
        for value, label in zip(NONFINITE_CHOICES, (tr("Stop the run"), tr("Write nodata and warn"))):
            self.nonfinite_combo.addItem(label, value)
        advanced.addRow(tr("Where the model gives NaN"), self.nonfinite_combo)
        layout.addWidget(self.advanced)

    # --- model choice -------------------------------------------------------------------------
    def _show_model_info(self) -> None:
        if self.runtime_error:
            self.model_info.setText(self.runtime_error)  # the install hint stays visible
            return
        model = self.model()
        self.model_info.setText(model_description(model) if model else tr("Choose a model file (Browse…)."))

    # --- parameters and run -------------------------------------------------------------------
    def _update_enabled(self) -> None:
        running = self.task is not None
        self.mask_combo.setEnabled(self.area_mask.isChecked() and not running)
        self.selected_only.setEnabled(self.area_mask.isChecked() and not running)
        self.probabilities_widget.setEnabled(self.probabilities_check.isChecked())
        self.polygons_widget.setEnabled(self.polygons_check.isChecked())

    def _area(self) -> str:
        if self.area_canvas.isChecked():
            return AREA_CANVAS
        if self.area_mask.isChecked():
            return AREA_MASK
        return AREA_FULL

    def canvas_extent(self) -> QgsReferencedRectangle:
        """The map canvas extent with the canvas CRS."""
        canvas = self.iface.mapCanvas()
        return QgsReferencedRectangle(canvas.extent(), canvas.mapSettings().destinationCrs())

    def parameters(self) -> dict:
        """The algorithm parameters for what is chosen in the dialog (InputError if incomplete)."""
        area = self._area()
        return build_parameters(
            self.layer_combo.currentLayer(),
            self.model(),
            self.output_widget.filePath(),
            area=area,
            canvas_extent=self.canvas_extent() if area == AREA_CANVAS else None,
            mask_layer=self.mask_combo.currentLayer(),
            selected_only=self.selected_only.isChecked(),
            probabilities=self.probabilities_widget.filePath() if self.probabilities_check.isChecked() else None,
            polygons=self.polygons_widget.filePath() if self.polygons_check.isChecked() else None,
            tile_size=self.tile_spin.value(),
            overlap=self.overlap_spin.value(),
            batch_size=self.batch_spin.value(),
            device=self.device_combo.currentData(),
            threads=self.threads_spin.value(),
            output_activation=self.activation_combo.currentData(),
            nonfinite=self.nonfinite_combo.currentData(),
            layers=self.further_layers(),
            bands=self.bands_edit.text(),
        )

    def further_layers(self) -> list:
        """The layers checked in 'Further layers', in the list's order (the input itself left out)."""
        project = QgsProject.instance()
        chosen = []
        for row in range(self.layers_list.count()):
            item = self.layers_list.item(row)
            layer = project.mapLayer(item.data(Qt.UserRole))
            if item.checkState() == Qt.Checked and layer is not None and layer != self.layer_combo.currentLayer():
                chosen.append(layer)
        return chosen

    def _layers_changed(self, *_args) -> None:
        self._fill_layers_list()

    def _fill_layers_list(self) -> None:
        """The project's rasters and vectors as a checkable list, keeping what was checked."""
        checked = {
            self.layers_list.item(r).data(Qt.UserRole)
            for r in range(self.layers_list.count())
            if self.layers_list.item(r).checkState() == Qt.Checked
        }
        self.layers_list.clear()
        for layer in QgsProject.instance().mapLayers().values():
            if layer.type() not in (QgsMapLayerType.RasterLayer, QgsMapLayerType.VectorLayer):
                continue
            item = QListWidgetItem(layer.name(), self.layers_list)
            item.setData(Qt.UserRole, layer.id())
            item.setCheckState(Qt.Checked if layer.id() in checked else Qt.Unchecked)

    def run(self) -> None:
        """Start the classification in the background."""
        if self.task is not None:
            return
        params = self.job_or_warning(self.parameters, duration=5)
        if params is None:
            return
        algorithm = QgsApplication.processingRegistry().algorithmById(ALGORITHM_ID)
        if algorithm is None:  # the provider is not registered (e.g. a script opened the dialog)
            algorithm = ClassifyAlgorithm()
            algorithm.initAlgorithm()
        self.input_name = self.layer_combo.currentLayer().name()
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = DialogFeedback()
        self.feedback.message.connect(self._on_message)
        self.feedback.progressChanged.connect(self._on_progress)
        self.log_view.clear()
        self.progress.setValue(0)
        self.log(tr("Classifying '{layer}' with {model}…").format(layer=self.input_name, model=self.model()))
        self.run_started = time.time() - 1.0  # file times may be coarser than the clock
        self.run_outputs = [
            p
            for p in (params.get(ClassifyAlgorithm.OUTPUT), params.get(ClassifyAlgorithm.OUTPUT_PROBABILITIES))
            if isinstance(p, str) and p and p != QgsProcessing.TEMPORARY_OUTPUT
        ]
        self.task = QgsProcessingAlgRunnerTask(algorithm, params, self.context, self.feedback)
        self.task.executed.connect(self._on_executed)
        self._set_running(True)
        QgsApplication.taskManager().addTask(self.task)

    def cancel_run(self) -> None:
        """Ask a running classification to stop (it stops after the current batch)."""
        if self.task is None:
            return
        self.log(tr("Cancelling…"))
        if self.feedback is not None:
            self.feedback.cancel()
        self.task.cancel()

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running and not self.runtime_error)
        self.close_button.setText(tr("Cancel") if running else tr("Close"))
        for widget in (self.layer_combo, self.model_combo, self.browse_button, self.advanced):
            widget.setEnabled(not running)
        self._update_enabled()

    def log(self, text: str, error: bool = False) -> None:
        """Append a line to the dialog's log."""
        self.log_view.appendPlainText((tr("Error: ") if error else "") + text)

    @pyqtSlot(str, bool)
    def _on_message(self, text: str, error: bool) -> None:
        self.log(text, error)

    @pyqtSlot(float)
    def _on_progress(self, value: float) -> None:
        self.progress.setValue(int(value))

    # --- results (main thread) ----------------------------------------------------------------
    @pyqtSlot(bool, "QVariantMap")
    def _on_executed(self, successful: bool, results: dict) -> None:
        feedback = self.feedback
        self.task = None
        self._set_running(False)
        if not successful:
            if feedback is not None and feedback.isCanceled():
                written = [p for p in self.run_outputs if os.path.exists(p) and os.path.getmtime(p) >= self.run_started]
                if written:  # Cancel came after the run had committed its outputs
                    text = tr("The run had finished when Cancel arrived; its outputs were written: {paths}").format(
                        paths=", ".join(written)
                    )
                else:
                    text = tr("Cancelled; no output was written.")
                self.log(text)
                self.iface.messageBar().pushMessage(tr("Lithoscope"), text, level=Qgis.Warning, duration=5)
                return
            text = feedback.last_error if feedback is not None else ""
            if not text:  # otherwise reportError has already put it in the log
                text = tr("The classification failed.")
                self.log(text, error=True)
            self.iface.messageBar().pushMessage(tr("Lithoscope"), text, level=Qgis.Critical, duration=0)
            return
        self.progress.setValue(100)
        self.added_layers = self.add_result_layers(results)
        names = ", ".join(layer.name() for layer in self.added_layers)
        self.log(tr("Added to the project: {names}").format(names=names))
        self.iface.messageBar().pushMessage(
            tr("Lithoscope"), tr("Classification finished: {names}").format(names=names), level=Qgis.Success, duration=5
        )

    def add_result_layers(self, results: dict) -> list:
        """Add the algorithm's outputs to the project, styled from the .qml files beside them."""
        kind = results.get(ClassifyAlgorithm.OUTPUT_KIND) or "classes"
        layers = []
        self.probability_layers: list = []
        path = results.get(ClassifyAlgorithm.OUTPUT_PROBABILITIES)
        if path:  # one layer per class in a group (a multi-band raster would show its first band only)
            name = result_layer_name(short_name(self.input_name), ClassifyAlgorithm.OUTPUT_PROBABILITIES, kind)
            added = band_layers(path, name, lambda band: pseudocolor_qml(0.0, 1.0, band, tr("probability")))
            if not added:
                self.log(tr("Cannot load {path}").format(path=path), error=True)
            self.probability_layers = added
        for key in (ClassifyAlgorithm.OUTPUT,):
            path = results.get(key)
            if not path:
                continue
            layer = QgsRasterLayer(path, unique_layer_name(result_layer_name(short_name(self.input_name), key, kind)))
            if not layer.isValid():
                self.log(tr("Cannot load {path}").format(path=path), error=True)
                continue
            # QGIS normally loads the .qml as the default style; applied again in case the style
            # came from the GeoTIFF's colour table instead (a paletted renderer without class names).
            error = apply_qml(layer, qml_path(path))
            if error:
                self.log(error, error=True)
            layers.append(layer)
        path = results.get(ClassifyAlgorithm.OUTPUT_POLYGONS)
        if path:
            name = result_layer_name(short_name(self.input_name), ClassifyAlgorithm.OUTPUT_POLYGONS)
            layer = QgsVectorLayer(path, unique_layer_name(name), "ogr")
            if layer.isValid():
                error = apply_qml(layer, polygons_style_path(path, results.get(ClassifyAlgorithm.OUTPUT)))
                if error:  # outlines in the class colours over the class map, not an opaque fill hiding it
                    self.log(error, error=True)
                layers.append(layer)
            else:
                self.log(tr("Cannot load {path}").format(path=path), error=True)
        # Added last = drawn on top: polygons over the class map over the probabilities.
        for layer in layers:
            QgsProject.instance().addMapLayer(layer)
        return self.probability_layers + layers
