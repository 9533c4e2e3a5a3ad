# SPDX-License-Identifier: GPL-2.0-or-later
"""The "Train a model…" dialog: one tab per training algorithm (maps from labels, sequences, well logs).

Each tab is built from its Processing algorithm's own parameters with QGIS's standard parameter widgets (the
same widgets the Processing dialog shows, advanced ones folded away), so the dialog and `qgis_process` can never
disagree. Choices are remembered per algorithm (QgsSettings); a run is a QgsProcessingAlgRunnerTask in the
background with the progress bar, the log and a Cancel that stops the training worker. At the end the dialog offers
to add the model to the user's models and to open the training report.
"""

from __future__ import annotations

import json
import os

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayer,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingParameterDefinition,
    QgsProject,
    QgsSettings,
)
from qgis.gui import (
    QgsCollapsibleGroupBox,
    QgsGui,
    QgsProcessingContextGenerator,
    QgsProcessingGui,
    QgsProcessingParameterWidgetContext,
)
from qgis.PyQt.QtCore import QUrl, pyqtSignal
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr, translate_message
from .common import BackgroundRunMixin, FormScrollArea, PlacedClearOfMessageBar

ALGORITHMS = (
    "lithoscope:trainsegmentation",
    "lithoscope:trainsequence",
    "lithoscope:trainwells",
    "lithoscope:trainautoencoder",
    "lithoscope:trainvoidfiller",
)
TERRAIN_ALGORITHMS = ("lithoscope:encode", "lithoscope:fillvoids")
SETTINGS_GROUP = "lithoscope/train"
RASTER_SUFFIXES = (".tif", ".tiff", ".vrt")


def _tab_title(algorithm_id: str) -> str:
    return {
        "lithoscope:trainsegmentation": tr("Maps from labels"),
        "lithoscope:trainsequence": tr("Sequences"),
        "lithoscope:trainwells": tr("Well logs"),
        "lithoscope:trainautoencoder": tr("Autoencoder"),
        "lithoscope:trainvoidfiller": tr("Void filler"),
        "lithoscope:encode": tr("Encode"),
        "lithoscope:fillvoids": tr("Fill voids"),
    }.get(algorithm_id, algorithm_id)


class Feedback(QgsProcessingFeedback):
    """The algorithm's messages as a signal (the run is in a worker thread; the log view is in the main one)."""

    line = pyqtSignal(str, bool)

    def pushInfo(self, info: str) -> None:  # noqa: N802 (QGIS API)
        self.line.emit(info, False)

    def pushWarning(self, warning: str) -> None:  # noqa: N802 (QGIS API)
        self.line.emit(warning, False)

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N802, N803 (QGIS API)
        self.line.emit(error, True)

    def pushCommandInfo(self, info: str) -> None:  # noqa: N802 (QGIS API)
        self.line.emit(info, False)

    def pushConsoleInfo(self, info: str) -> None:  # noqa: N802 (QGIS API)
        self.line.emit(info, False)


class ContextGenerator(QgsProcessingContextGenerator):
    """The processing context of the current project, for widgets that resolve layers (a field list follows its
    layer through it)."""

    def __init__(self) -> None:
        super().__init__()
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())

    def processingContext(self) -> QgsProcessingContext:  # noqa: N802 (QGIS API)
        return self.context


class AlgorithmTab(QWidget):
    """The parameters of one algorithm as Processing's own widgets; advanced ones in a folded group."""

    def __init__(self, algorithm, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.algorithm = algorithm
        self.wrappers: dict[str, object] = {}
        registry = QgsGui.processingGuiRegistry()
        self.context_generator = ContextGenerator()
        context = QgsProcessingParameterWidgetContext()
        if iface is not None:
            context.setMapCanvas(iface.mapCanvas())
        context.setProject(QgsProject.instance())
        inner = QWidget(self)
        layout = QVBoxLayout(inner)
        about = QLabel(algorithm.shortHelpString(), inner)
        about.setWordWrap(True)
        layout.addWidget(about)
        form = QVBoxLayout()  # each label above its widget, as in QGIS's own Processing dialogs
        layout.addLayout(form)
        self.advanced_box = QgsCollapsibleGroupBox(tr("Advanced parameters"), inner)
        self.advanced_box.setCollapsed(True)
        advanced_form = QVBoxLayout(self.advanced_box)
        for param in algorithm.parameterDefinitions():
            if param.flags() & QgsProcessingParameterDefinition.FlagHidden:
                continue
            wrapper = registry.createParameterWidgetWrapper(param, QgsProcessingGui.Standard)
            if wrapper is None:
                continue
            wrapper.setWidgetContext(context)
            wrapper.registerProcessingContextGenerator(self.context_generator)
            label = wrapper.createWrappedLabel()
            widget = wrapper.createWrappedWidget(self.context_generator.context)
            target = advanced_form if param.flags() & QgsProcessingParameterDefinition.FlagAdvanced else form
            if label is not None:
                target.addWidget(label)
            target.addWidget(widget)
            self.wrappers[param.name()] = wrapper
        for wrapper in self.wrappers.values():
            wrapper.postInitialize(list(self.wrappers.values()))
        layout.addWidget(self.advanced_box)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(FormScrollArea(inner, 420, 220, self))
        self.restore()

    def parameters(self) -> dict:
        return {name: w.parameterValue() for name, w in self.wrappers.items()}

    def _key(self, name: str) -> str:
        return f"{SETTINGS_GROUP}/{self.algorithm.name()}/{name}"

    def remember(self) -> None:
        """Store the choices, not the output files: a remembered model name would overwrite last run's model."""
        settings = QgsSettings()
        outputs = {p.name() for p in self.algorithm.parameterDefinitions() if p.isDestination()}
        for name, value in self.parameters().items():
            if name in outputs:
                continue
            try:
                text = json.dumps(_plain(value))
            except (TypeError, ValueError):
                continue
            settings.setValue(self._key(name), text)

    def restore(self) -> None:
        settings = QgsSettings()
        for name, wrapper in self.wrappers.items():
            text = settings.value(self._key(name), None)
            if text in (None, ""):
                continue
            try:
                value = json.loads(text)
            except (TypeError, ValueError):
                continue
            if value in (None, "", []):
                continue
            try:
                wrapper.setParameterValue(value, self.context_generator.context)
            except Exception:  # noqa: BLE001 (a remembered layer that is gone: the default stays)
                continue


def _plain(value):
    """A parameter value as JSON: layers by their id, otherwise as given."""
    if isinstance(value, QgsMapLayer):
        return value.id()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "sink"):  # QgsProcessingOutputLayerDefinition
        return None
    return value


class AlgorithmTabsDialog(PlacedClearOfMessageBar, BackgroundRunMixin, QDialog):
    """Tabs of Processing algorithms, one background run at a time (the Train and Terrain dialogs)."""

    ALGORITHMS: tuple[str, ...] = ()
    HELP_TOPIC = "training"
    TRAINING = False  # shows where training runs (or the install action) above the tabs

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.task = None
        self.feedback = None
        layout = QVBoxLayout(self)
        self.environment_row = QHBoxLayout()
        self.environment_label = QLabel(self)
        self.environment_label.setWordWrap(True)
        self.install_button = QPushButton(tr("Install training components…"), self)
        self.install_button.clicked.connect(self.show_training_setup)
        self.environment_row.addWidget(self.environment_label, 1)
        self.environment_row.addWidget(self.install_button)
        if self.TRAINING:
            layout.addLayout(self.environment_row)
        else:
            self.environment_label.hide()
            self.install_button.hide()
        self.tabs = QTabWidget(self)
        registry = QgsApplication.processingRegistry()
        for algorithm_id in self.ALGORITHMS:
            algorithm = registry.algorithmById(algorithm_id)
            if algorithm is not None:
                self.tabs.addTab(AlgorithmTab(algorithm.create(), iface, self.tabs), _tab_title(algorithm_id))
        layout.addWidget(self.tabs, 1)
        self._add_progress_and_log(layout, min_height=70)
        self.log_view.setMaximumHeight(150)  # the parameters keep most of the height
        buttons = QHBoxLayout()
        self._add_help_and_dependencies(buttons, self.HELP_TOPIC, None)
        buttons.addStretch(1)
        self._add_run_buttons(buttons)
        layout.addLayout(buttons)
        self.refresh_environment()
        self.resize(760, 680)

    def refresh_environment(self) -> None:
        from ..processing.settings import training_environment

        if not self.TRAINING:
            return
        env = training_environment()
        if env is None:
            self.environment_label.setText(
                tr("The training components (PyTorch in a Python environment of their own) are not installed.")
            )
            self.install_button.show()
        else:
            self.environment_label.setText(tr("Training runs in: {python}").format(python=env.python))
            self.install_button.hide()

    def show_training_setup(self) -> None:
        from .training_setup import TrainingSetupDialog

        self.training_setup = TrainingSetupDialog(self)
        self.training_setup.finished.connect(lambda _code: self.refresh_environment())
        self.training_setup.show()

    def current_tab(self) -> AlgorithmTab:
        return self.tabs.currentWidget()

    def log(self, text: str, error: bool = False) -> None:
        self.log_view.appendPlainText(("✖ " if error else "") + text)

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.tabs.setEnabled(not running)
        self.close_button.setText(tr("Cancel") if running else tr("Close"))

    def cancel_run(self) -> None:
        if self.feedback is not None:
            self.log(tr("Cancelling…"))
            self.feedback.cancel()

    def run(self) -> None:
        if self.task is not None:
            return
        tab = self.current_tab()
        if tab is None:
            return
        parameters = tab.parameters()
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        ok, problem = tab.algorithm.checkParameterValues(parameters, context)
        if not ok:
            self.log(problem, error=True)
            self.iface.messageBar().pushMessage(tr("Lithoscope"), problem, level=Qgis.Warning, duration=6)
            return
        tab.remember()
        self.log_view.clear()
        self.progress.setValue(0)
        self.context = context
        self.feedback = Feedback()
        self.feedback.line.connect(self.log)
        self.feedback.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        algorithm = tab.algorithm.create()
        self.task = QgsProcessingAlgRunnerTask(algorithm, parameters, context, self.feedback)
        self.task.executed.connect(self._executed)
        self._set_running(True)
        QgsApplication.taskManager().addTask(self.task)

    def _executed(self, ok: bool, results: dict) -> None:
        cancelled = self.feedback is not None and self.feedback.isCanceled()
        self.task, self.feedback = None, None
        self._set_running(False)
        if not ok:
            self.log(self.failed_text(cancelled), error=not cancelled)
            return
        self.progress.setValue(100)
        self.finished_run(results)

    def failed_text(self, cancelled: bool) -> str:
        return tr("Cancelled; nothing was written.") if cancelled else tr("The run failed; see the log.")

    def finished_run(self, results: dict) -> None:
        """Add the rasters the algorithm wrote to the project (their .qml styles beside them apply)."""
        from qgis.core import QgsRasterLayer

        from .common import short_name, unique_layer_name

        for value in results.values():
            if isinstance(value, str) and value.lower().endswith(RASTER_SUFFIXES) and os.path.isfile(value):
                stem = os.path.splitext(os.path.basename(value))[0]
                layer = QgsRasterLayer(value, unique_layer_name(short_name(stem)))
                if layer.isValid():
                    QgsProject.instance().addMapLayer(layer)
                    self.log(tr("Added to the project: {path}").format(path=value))

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self.task is not None:
            self.cancel_run()
            event.ignore()
            return
        super().closeEvent(event)


class TrainDialog(AlgorithmTabsDialog):
    """Train a model…: one tab per training algorithm; at the end, offers the model to the user's models."""

    ALGORITHMS = ALGORITHMS
    HELP_TOPIC = "training"
    TRAINING = True

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(iface, parent)
        self.setWindowTitle(tr("Lithoscope — Train a model"))
        self.setObjectName("LithoscopeTrainDialog")

    def failed_text(self, cancelled: bool) -> str:
        if cancelled:
            return tr("Training cancelled; no model file was written.")
        return tr("Training failed; see the log.")

    def finished_run(self, results: dict) -> None:
        model = results.get("OUTPUT_MODEL", "")
        report = results.get("OUTPUT_REPORT", "")
        self.log(tr("Done: {model}").format(model=model))
        self.offer_results(model, report)

    def offer_results(self, model: str, report: str, ask=None) -> str:
        """Ask whether to add the model to the user's models (and open the report); the imported path or ''."""
        from ..inference.errors import LithoscopeError
        from ..inference.model.registry import import_model
        from ..processing.settings import load_settings

        ask = ask or (lambda text: QMessageBox.question(self, tr("Train a model"), text) == QMessageBox.Yes)
        imported = ""
        folders = load_settings().model_folders
        if (
            model
            and folders
            and ask(
                tr("Add {name} to your models ({folder}), so that Classify and the sequence tools list it?").format(
                    name=os.path.basename(model), folder=folders[0]
                )
            )
        ):
            try:
                imported = import_model(model, folders[0])  # a model of that name there is not replaced
                self.log(tr("Added to your models: {path}").format(path=imported))
            except LithoscopeError as exc:
                self.log(translate_message(str(exc)), error=True)
            except OSError as exc:  # a read-only folder, a full disk
                self.log(
                    tr("Could not copy the model into {folder}: {error}").format(folder=folders[0], error=exc),
                    error=True,
                )
        if report and os.path.isfile(report) and ask(tr("Open the training report?")):
            QDesktopServices.openUrl(QUrl.fromLocalFile(report))
        return imported


class TerrainDialog(AlgorithmTabsDialog):
    """Encode and fill voids…: run an autoencoder (latent bands, anomalies, landform units) or a void filler; the
    rasters written are added to the project."""

    ALGORITHMS = TERRAIN_ALGORITHMS
    HELP_TOPIC = "encode"

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(iface, parent)
        self.setWindowTitle(tr("Lithoscope — Encode and fill voids"))
        self.setObjectName("LithoscopeTerrainDialog")
