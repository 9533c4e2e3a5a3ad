# SPDX-License-Identifier: GPL-2.0-or-later
"""What Lithoscope's dialogs share: one background run at a time, whose Close button cancels it."""

from __future__ import annotations

import os
import traceback
from typing import Callable

import numpy as np
from qgis.core import Qgis, QgsMessageLog, QgsProcessingException, QgsTask
from qgis.PyQt.QtCore import QRect, QSize, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QWidget,
)

from ..i18n import tr, translate_message
from ..inference.errors import CancelledError, InputError, LithoscopeError


class BackgroundRunMixin:
    """For a QDialog that runs one job at a time in `self.task` (None when idle).

    The dialog provides `log(text, error)`, `run()`, `_set_running(running)` and `_on_done(results, error)`
    (and `self.iface` for `job_or_warning`); the mixin makes the progress bar, log and buttons, starts the
    JobTask and cancels it.
    """

    task = None

    def is_running(self) -> bool:
        """Whether a run is under way."""
        return self.task is not None

    def _close_or_cancel(self) -> None:
        if self.task is not None:
            self.cancel_run()
        else:
            self.close()

    def job_or_warning(self, make_job: Callable, duration: int = 6):
        """`make_job()`, or None once its error (a choice missing or wrong) is in the log and the message bar."""
        from qgis.core import Qgis

        try:
            return make_job()
        except LithoscopeError as exc:
            self.log(translate_message(str(exc)), error=True)
            self.iface.messageBar().pushMessage(
                tr("Lithoscope"), translate_message(str(exc)), level=Qgis.Warning, duration=duration
            )
            return None

    def _add_progress_and_log(self, layout, parent=None, min_height: int = 100, max_lines: int = 2000) -> None:
        """Add `self.progress` (0 to 100) and the read-only `self.log_view` (`max_lines` at most, 0: no limit)."""
        self.progress = QProgressBar(parent or self)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.log_view = LogView(parent or self)
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(max_lines)
        self.log_view.setMinimumHeight(min_height)
        layout.addWidget(self.log_view)

    def _add_help_and_dependencies(self, buttons: QHBoxLayout, topic: str, missing: str | None) -> None:
        """Add Help (the docs page of `topic`) to the row `buttons`, and "Install dependencies…" when something
        the tool needs is `missing` (its install hint)."""
        from .help import help_button

        self.help_button = help_button(self, topic)
        buttons.addWidget(self.help_button)
        self.dependencies_button = None
        if missing:
            self.dependencies_button = QPushButton(tr("Install dependencies…"), self)
            self.dependencies_button.setToolTip(missing)
            self.dependencies_button.clicked.connect(self.show_dependencies)
            buttons.addWidget(self.dependencies_button)

    def show_dependencies(self) -> None:
        """Open the dependency manager (what is missing, Install missing)."""
        from .dependencies_dialog import DependenciesDialog

        self.dependencies_dialog = DependenciesDialog(self)
        self.dependencies_dialog.show()

    def _add_run_buttons(self, buttons: QHBoxLayout) -> None:
        """Add Run (the default button) and Close (Cancel while a run is under way) to the row `buttons`."""
        self.run_button = QPushButton(tr("Run"), self)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.clicked.connect(self._close_or_cancel)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)

    def cancel_run(self) -> None:
        """Ask a running job to stop (it stops at its next check; nothing is written)."""
        if self.task is not None:
            self.log(tr("Cancelling…"))
            self.task.cancel()

    def start_job(self, title: str, work: Callable, cancelled: str) -> None:
        """Run `work(progress, is_cancelled, log)` as a JobTask: its messages go to `self.log`, its progress to
        `self.progress`, and `self._on_done(results, error)` gets the end."""
        from qgis.core import QgsApplication

        self.task = JobTask(title, work, cancelled)
        self.task.message.connect(self.log)
        self.task.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        self.task.done.connect(self._on_done)
        self._set_running(True)
        QgsApplication.taskManager().addTask(self.task)


def spin_box(parent, minimum: int, maximum: int, value: int, special: str = ""):
    """An integer spin box; `special` is shown for the minimum (e.g. 'From the model' for 0)."""
    from qgis.PyQt.QtWidgets import QSpinBox

    spin = QSpinBox(parent)
    spin.setRange(minimum, maximum)
    spin.setValue(value)
    if special:
        spin.setSpecialValueText(special)
    return spin


class LogView(QPlainTextEdit):
    """The run's log: it asks for little height (the form above it needs the screen more) and grows with the dialog."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(super().sizeHint().width(), max(self.minimumHeight(), 100))


class FormScrollArea(QScrollArea):
    """A long form in a frameless scroll area that fits a 1366 x 768 screen without squashing the form.

    It asks for the form's full height up to `hint_height` (its size hint) and may shrink to the form's own
    minimum height or `min_height`, whichever is less (never to a sliver, as a bare QScrollArea does); it is as
    wide as the form, so only the height scrolls.
    """

    def __init__(self, widget: QWidget, hint_height: int, min_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(widget)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.hint_height, self.min_height = hint_height, min_height

    def _width(self, inner: QSize) -> int:
        return inner.width() + self.verticalScrollBar().sizeHint().width()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        inner = self.widget().minimumSizeHint()
        return QSize(self._width(inner), min(inner.height(), self.min_height))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        inner = self.widget().sizeHint()
        return QSize(self._width(inner), max(min(inner.height(), self.hint_height), self.minimumSizeHint().height()))


def placement(size: QSize, minimum: QSize, bar: QRect, main: QRect, screen: QRect, margin: int = 8) -> QRect:
    """Where a dialog of `size` opens so that QGIS's message bar (`bar`, global) stays in view.

    At the right of the main window (`main`) below the message bar; else beside the bar (right, then left);
    else below the bar, shortened to the screen (not below `minimum`), the last resort over the bar's foot.
    """
    right = min(main.right(), screen.right()) - margin - size.width() + 1
    x = max(screen.left(), right)
    below = bar.bottom() + 1 + margin
    if below + size.height() - 1 <= screen.bottom():
        return QRect(x, below, size.width(), size.height())
    y = max(screen.top(), min(main.top() + margin, screen.bottom() - size.height() + 1))
    if bar.right() + margin + size.width() - 1 <= screen.right():
        return QRect(bar.right() + 1 + margin, y, size.width(), size.height())
    if bar.left() - margin - size.width() >= screen.left():
        return QRect(bar.left() - margin - size.width(), y, size.width(), size.height())
    height = max(minimum.height(), screen.bottom() - below + 1)
    top = min(below, screen.bottom() - height + 1)
    return QRect(x, max(screen.top(), top), size.width(), height)


def message_bar_rect(iface) -> QRect:
    """The global rectangle of QGIS's message bar; hidden (no message yet): where it shows, atop the map canvas."""
    from qgis.PyQt.QtCore import QPoint

    bar = iface.messageBar()
    if bar.isVisible() and bar.height() > 0:
        return QRect(bar.mapToGlobal(QPoint(0, 0)), bar.size())
    canvas = iface.mapCanvas()
    height = max(bar.sizeHint().height(), 40)
    if canvas is not None and canvas.isVisible():
        return QRect(canvas.mapToGlobal(QPoint(0, 0)), QSize(canvas.width(), height))
    main = iface.mainWindow().geometry()
    return QRect(main.left(), main.top(), main.width(), height + 80)  # menus and toolbars, then the bar


def place_clear_of_message_bar(dialog: QWidget, iface) -> None:
    """Move (and if need be shorten) `dialog` so that it does not hide QGIS's message bar, where results show."""
    main = iface.mainWindow()
    if main is None:
        return  # no QGIS window to keep in view
    screen = main.screen().availableGeometry()
    size = dialog.frameGeometry().size().expandedTo(dialog.size())
    frame = size - dialog.size()  # the window manager's title bar and borders
    where = placement(size, dialog.minimumSize() + frame, message_bar_rect(iface), main.frameGeometry(), screen)
    dialog.resize(where.size() - frame)
    dialog.move(where.topLeft())


class PlacedClearOfMessageBar:
    """For a dialog with `self.iface`: opens, the first time it is shown, where the message bar stays in view."""

    _placed = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if not self._placed:
            self._placed = True
            place_clear_of_message_bar(self, self.iface)
        super().showEvent(event)


def onnxruntime_error() -> str | None:
    """The install hint when onnxruntime cannot be imported, else None."""
    from ..inference.model.session import import_onnxruntime

    try:
        import_onnxruntime()
    except LithoscopeError as exc:
        return translate_message(str(exc))
    return None


class JobTask(QgsTask):
    """Runs `work(progress, is_cancelled, log)` in a worker thread; `done` reports (results, error) in the main thread.

    A user's mistake (LithoscopeError) is reported as its message; anything else says it was unexpected,
    never passing itself off as a cancel.
    """

    message = pyqtSignal(str)
    done = pyqtSignal(object, str)

    def __init__(self, title: str, work: Callable, cancelled: str) -> None:
        super().__init__(title, QgsTask.CanCancel)
        self.work = work
        self.cancelled = cancelled  # the message of a cancelled run
        self.results = None
        self.error = ""

    def run(self) -> bool:  # a worker thread
        try:
            with np.errstate(all="ignore"):  # the core screens NaN itself; numpy's RuntimeWarnings are noise
                self.results = self.work(
                    lambda f: self.setProgress(100.0 * f),
                    self.isCanceled,
                    lambda text: self.message.emit(translate_message(text)),
                )
            return True
        except CancelledError:
            self.error = self.cancelled
        except LithoscopeError as exc:
            self.error = translate_message(str(exc))
        except Exception as exc:
            # Not a problem the user can fix: the traceback goes to the log (the dialog's and QGIS's
            # Lithoscope tab), so that a report carries it.
            details = traceback.format_exc()
            self.message.emit(details)
            QgsMessageLog.logMessage(details, "Lithoscope", Qgis.Critical)
            self.error = tr(
                "The run stopped on an unexpected error ({kind}: {error}); earlier files are unchanged. "
                "Please report it with the log."
            ).format(kind=type(exc).__name__, error=exc)
        return False

    def finished(self, result: bool) -> None:  # the main thread
        if not result and not self.error:  # cancelled before it started
            self.error = self.cancelled
        self.done.emit(self.results, "" if result else self.error)


class ModelChoiceMixin:
    """For a dialog with `self.model_combo`: shipped models by name, files by path (Browse…)."""

    def set_model(self, model: str) -> None:
        """Choose a shipped model by name or a model file by path (added to the list if new)."""
        index = self.model_combo.findData(model)
        if index < 0:
            label = os.path.basename(model) if os.path.sep in model or model.endswith(".onnx") else model
            self.model_combo.addItem(label, model)
            index = self.model_combo.count() - 1
            self.model_combo.setItemData(index, model, Qt.ToolTipRole)
        self.model_combo.setCurrentIndex(index)

    def model(self) -> str:
        """The chosen model: a shipped model's name or a file path ('' if none)."""
        return self.model_combo.currentData() or ""

    def _model_row(self, models: dict[str, str], browse_tip: str) -> QHBoxLayout:
        """Make `model_combo` (the models by name, their paths as tooltips) and its Browse… button; their row."""
        self.model_combo = QComboBox(self)
        for name, path in models.items():
            # A model of the user's folders is named by its path: its file name shows, the path is the tooltip.
            label = name if name != path else tr("{name} (your models)").format(name=os.path.basename(path))
            self.model_combo.addItem(label, name)
            self.model_combo.setItemData(self.model_combo.count() - 1, path, Qt.ToolTipRole)
        self.browse_button = QToolButton(self)
        self.browse_button.setText(tr("Browse…"))
        self.browse_button.setToolTip(browse_tip)
        self.browse_button.clicked.connect(self._browse_model)
        row = QHBoxLayout()
        row.addWidget(self.model_combo, 1)
        row.addWidget(self.browse_button)
        return row

    def remember_model_choice(self, tool: str) -> None:
        """Choose the model last chosen in `tool` (if it is still there) and remember each new choice."""
        from ..processing.settings import remember_model, remembered_model

        last = remembered_model(tool)
        if last and (self.model_combo.findData(last) >= 0 or os.path.isfile(last)):
            self.set_model(last)
        self.model_combo.currentIndexChanged.connect(lambda _index: remember_model(tool, self.model()))

    def _browse_model(self) -> None:
        from qgis.PyQt.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, tr("Choose an ONNX model"), "", tr("ONNX models (*.onnx)"))
        if path:
            self.set_model(path)


def raster_path(layer) -> str:
    """The file a raster layer reads (processing.layers.raster_file_path), refusals as InputError."""
    from ..processing.layers import raster_file_path

    try:
        return raster_file_path(layer)
    except QgsProcessingException as exc:
        raise InputError(str(exc)) from None


def vector_source(layer) -> tuple[str, str | None]:
    """The file and sublayer a vector layer reads (processing.layers.vector_file_source), refusals as InputError."""
    from ..processing.layers import vector_file_source

    try:
        return vector_file_source(layer)
    except QgsProcessingException as exc:
        raise InputError(str(exc)) from None


def save_file_widget(parent, file_filter: str):
    """A file widget for an output: asks before overwriting, empty means a temporary file."""
    from qgis.gui import QgsFileWidget

    widget = QgsFileWidget(parent)
    widget.setStorageMode(QgsFileWidget.SaveFile)
    widget.setFilter(file_filter)
    widget.setConfirmOverwrite(True)
    widget.lineEdit().setPlaceholderText(tr("[Save to temporary file]"))
    return widget


def layer_combo(parent, filters, allow_empty: bool = False):
    """A list of the project's layers of the kinds `filters`; with `allow_empty`, it may be (and starts) empty."""
    from qgis.gui import QgsMapLayerComboBox

    combo = QgsMapLayerComboBox(parent)
    combo.setFilters(filters)
    combo.setAllowEmptyLayer(allow_empty)
    if allow_empty:
        combo.setLayer(None)
    return combo


def save_choices(group: str, choices: dict) -> None:
    """Remember a dialog's choices in QgsSettings under `group`: layers by their source, None as ''."""
    from qgis.core import QgsSettings

    settings = QgsSettings()
    for key, value in choices.items():
        if isinstance(value, list):
            value = [v.source() if hasattr(v, "source") else v for v in value]
        elif hasattr(value, "source"):
            value = value.source()
        elif value is None:
            value = ""
        settings.setValue(f"{group}/{key}", value)


def as_list(value) -> list:
    """A list setting as QgsSettings gives it back (one value comes back bare, none as '')."""
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def as_bool(value) -> bool:
    """A boolean setting as QgsSettings gives it back (maybe as text)."""
    return value is True or str(value).lower() in ("true", "1")


def short_name(name: str, limit: int = 32) -> str:
    """A layer name short enough for the Layers panel: a long file stem keeps its start and its end."""
    name = str(name)
    if len(name) <= limit:
        return name
    keep = limit - 1
    return name[: keep - keep // 3] + "…" + name[len(name) - keep // 3 :]


def unique_layer_name(name: str) -> str:
    """`name`, or `name (2)`, `name (3)`… when the project already has a layer of that name (a second run)."""
    from qgis.core import QgsProject

    taken = {layer.name() for layer in QgsProject.instance().mapLayers().values()}
    if name not in taken:
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def band_layers(path: str, group_name: str, qml_for_band: Callable[[int], str]) -> list:
    """One layer per band of the raster `path` (named after the band's description, styled by `qml_for_band(band)`)
    in a new layer group `group_name` at the top of the Layers panel; only the first is shown, the others checked
    off. A one-band raster gets one layer and no group. Returns the layers (already in the project)."""
    from qgis.core import QgsProject, QgsRasterLayer
    from qgis.PyQt.QtXml import QDomDocument

    probe = QgsRasterLayer(path, group_name)
    if not probe.isValid():
        return []
    count = probe.bandCount()
    project = QgsProject.instance()
    root = project.layerTreeRoot()
    group = root.insertGroup(0, unique_layer_name(group_name)) if count > 1 else None
    layers = []
    for band in range(1, count + 1):
        name = probe.bandName(band).split(": ", 1)[-1] if count > 1 else group_name  # "Band 2: p(shale)"
        layer = QgsRasterLayer(path, name or group_name)
        document = QDomDocument()
        document.setContent(qml_for_band(band))
        layer.importNamedStyle(document)
        if group is None:
            project.addMapLayer(layer)
        else:
            project.addMapLayer(layer, False)
            node = group.addLayer(layer)
            node.setItemVisibilityChecked(band == 1)
        layers.append(layer)
    if group is not None:
        group.setExpanded(False)
    return layers
