# SPDX-License-Identifier: GPL-2.0-or-later
"""The "Sequence models" dialog: a sequence model per pixel, per feature or per depth, in the background.

Three modes, one per tab: a time stack (per pixel), monitoring points with date fields or a
long table (per feature), and well logs (per depth). The user's choices become plain values in
the main thread (`build_job`: file paths, tables read through QGIS), a QgsTask runs the core's
run function (inference.sequences.run_sequence_raster, inference.tables.run_sequence_vector or
run_well_logs), and the results are added to the project, styled. Choices are remembered
between sessions. "Inspect series on map" starts the series map tool (ui/series_tool.py) on
the chosen inputs. No business logic here: the same runs are lithoscope:sequenceraster,
lithoscope:sequencevector and lithoscope:welllogs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time as dt_time
from typing import Any, Callable

from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsClassificationQuantile,
    QgsFeedback,
    QgsFieldProxyModel,
    QgsGraduatedSymbolRenderer,
    QgsMapLayerProxyModel,
    QgsProcessingUtils,
    QgsProject,
    QgsRasterLayer,
    QgsRendererCategory,
    QgsSettings,
    QgsStyle,
    QgsSymbol,
    QgsVectorLayer,
)
from qgis.gui import QgsFieldComboBox, QgsFileWidget
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr, translate_message
from ..inference.errors import InputError, LithoscopeError
from ..inference.model.registry import models_for
from ..inference.outputs.styles import pseudocolor_qml
from .common import (
    BackgroundRunMixin,
    FormScrollArea,
    JobTask,
    ModelChoiceMixin,
    PlacedClearOfMessageBar,
    as_bool,
    as_list,
    band_layers,
    layer_combo,
    onnxruntime_error,
    raster_path,
    save_choices,
    save_file_widget,
    short_name,
    unique_layer_name,
    vector_source,
)

SETTINGS_GROUP = "lithoscope/sequence"
MODES = ("pixel", "feature", "depth")
LAYER_ID = 256  # item data role of a layer id in the lists (Qt.UserRole)


# -- what the runs accept --------------------------------------------------------------------------------


def sequence_models() -> dict[str, str]:
    """Name -> path of the shipped models whose contract task is "sequence", then those of the user's folders."""
    from ..processing.settings import model_folders

    return models_for("sequence", model_folders())


def _run_function(mode: str) -> Callable:
    if mode == "pixel":
        from ..inference.pipelines.sequence_raster import run_sequence_raster

        return run_sequence_raster
    if mode == "feature":
        from ..inference.pipelines.features import run_sequence_vector

        return run_sequence_vector
    from ..inference.pipelines.wells import run_well_logs

    return run_well_logs


# Where each mode's pipeline takes the dialog's options: a keyword of its call, or a field of its options
# object (ClassifyParams per pixel, TableOptions per feature and per depth). tests/qgis/test_sequence_dialog.py
# checks this table against the pipelines' signatures.
OPTION_PLACES: dict[str, dict[str, str]] = {
    "pixel": {"plots": "call", "band_offset": "options", "band_scale": "options"},
    "feature": {"plots": "options", "in_place": "call", "band_offset": "options", "band_scale": "options"},
    "depth": {"plots": "options", "in_place": "call", "band_offset": "options", "band_scale": "options"},
}


def option_place(mode: str, name: str) -> str | None:
    """Where the run of `mode` takes option `name`: "call" (a keyword), "options" (its options object), or None."""
    return OPTION_PLACES.get(mode, {}).get(name)


def supports(mode: str, name: str) -> bool:
    """Whether the run of `mode` has option `name` ("plots": PNGs beside the outputs; "in_place")."""
    if mode == "pixel" and name == "in_place":
        return False  # a raster run always writes new files
    return option_place(mode, name) is not None


# -- the job ---------------------------------------------------------------------------------------------


@dataclass
class SequenceJob:
    """Everything a run needs, as plain values (safe to hand to a background thread)."""

    mode: str
    model: str
    input_name: str
    outputs: list[str]  # files the run writes (the core commits them together, or none of them)
    arguments: dict = field(default_factory=dict)  # the run function's arguments
    options: dict = field(default_factory=dict)  # fields of its options object (ClassifyParams / TableOptions)
    in_place: str = ""  # the input file the run changes, when the user asked for that


def _columns(layer, names: list[str]) -> list[list]:
    """The values of fields `names` of every feature of `layer`, one list per field (QGIS reads the file)."""
    from ..processing.sequence import read_columns

    missing = [n for n in names if layer.fields().lookupField(n) < 0]
    if missing:
        raise InputError(
            tr("The table '{layer}' has no field(s) {fields}.").format(layer=layer.name(), fields=", ".join(missing))
        )
    return read_columns(layer, names, QgsFeedback())


def long_table(choices: dict):
    """The long table (id, time, values) of the per-feature mode, read from its layer."""
    from ..inference.sources.series import LongTable

    table = choices.get("table")
    if table is None:
        raise InputError(tr("Choose the long table (one row per id and time), or use the layer's date fields."))
    id_field, time_field = choices.get("id_field") or "", choices.get("time_field") or ""
    values = list(choices.get("value_fields") or [])
    if not (id_field and time_field and values):
        raise InputError(tr("A long table needs its id field, its time field and at least one value field."))
    ids, times, *columns = _columns(table, [id_field, time_field, *values])
    return LongTable(ids, times, list(zip(*columns)), tuple(values))


def well_table(choices: dict):
    """The well logs of the per-depth mode: LAS files, or the table (well, depth, curves) read from its layer."""
    from ..inference.sources.las import LasFiles
    from ..inference.sources.wells import WellTable

    if choices.get("well_source") == "las":
        paths = [p for p in choices.get("las_files") or [] if p]
        if not paths:
            raise InputError(tr("Choose the LAS files (one well each), or a folder's files."))
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            raise InputError(tr("The LAS file {path} does not exist.").format(path=missing[0]))
        curves = [c.strip() for c in (choices.get("las_curves") or "").replace(";", ",").split(",") if c.strip()]
        return LasFiles(paths, tuple(curves))
    table = choices.get("well_table")
    if table is None:
        raise InputError(tr("Choose the well-log table (one row per well and depth sample)."))
    well, depth = choices.get("well_field") or "", choices.get("depth_field") or ""
    curves = list(choices.get("curves") or [])
    if not (well and depth):
        raise InputError(tr("Choose the well id field and the depth field of the well-log table."))
    if not curves:
        raise InputError(tr("Choose the log curves the model takes, in its order."))
    wells, depths, *columns = _columns(table, [well, depth, *curves])
    return WellTable(wells, depths, list(zip(*columns)), tuple(curves))


def nodata_value(text: str) -> float | None:
    """The curve value meaning no data ('' for none)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(tr("The nodata value '{text}' is not a number (e.g. -999.25).").format(text=text)) from None


def scaling_numbers(text: str, what: str, zero_ok: bool = True) -> tuple[float, ...] | None:
    """'0.563, 12' -> (0.563, 12.0): one value per feature or one for all; None when empty (the model's scaling)."""
    import math

    text = (text or "").strip()
    if not text:
        return None
    values = []
    for part in text.replace(";", ",").split(","):
        try:
            value = float(part)
        except ValueError:
            value = None
        if value is None or not math.isfinite(value) or (value == 0 and not zero_ok):
            raise InputError(
                tr(
                    "{what}: '{part}' is not a {kind}. Give comma-separated numbers, one per feature or one for all "
                    "(e.g. 0.563), or leave the field empty to use the model's scaling."
                ).format(what=what, part=part.strip(), kind=tr("number") if zero_ok else tr("non-zero number"))
            )
        values.append(value)
    return tuple(values)


def scaling_values(choices: dict) -> dict:
    """band_offset / band_scale (x' = (x - offset) / scale) from the dialog's text; None: the model's scaling."""
    return {
        "band_offset": scaling_numbers(choices.get("band_offset", ""), tr("Feature offsets")),
        "band_scale": scaling_numbers(choices.get("band_scale", ""), tr("Feature scales"), zero_ok=False),
    }


def _output(path: str, suffix: str, name: str) -> str:
    """The chosen output path, or a new temporary file (empty path)."""
    path = (path or "").strip()
    if not path:
        return QgsProcessingUtils.generateTempFilename(name + suffix)
    return path if path.lower().endswith(suffix) else path + suffix


def build_job(choices: dict) -> SequenceJob:
    """The job for the dialog's choices (layers and values); InputError when something is missing."""
    mode = choices.get("mode", "pixel")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    model = (choices.get("model") or "").strip()
    if not model:
        raise InputError(tr("Choose a sequence model: a shipped model or an .onnx file (Browse…)."))
    date_format = (choices.get("date_format") or "").strip() or None
    scaling = scaling_values(choices)
    job = SequenceJob(mode, model, "", [])
    plots = bool(choices.get("plots", True))
    if mode == "pixel":
        _pixel_job(job, choices, date_format)
    elif mode == "feature":
        _feature_job(job, choices, date_format)
    else:
        _wells_job(job, choices)
    from ..processing.settings import load_settings

    defaults = load_settings()  # QGIS Options > Lithoscope
    job.options.update(device=defaults.device, threads=defaults.threads)
    if mode == "pixel":
        job.options.update(tile_size=defaults.tile_size or None, batch_size=defaults.batch_size)
    for name, value in (("plots", plots), ("in_place", bool(job.in_place)), *scaling.items()):
        if value is None:  # no override: the model's scaling
            continue
        place = option_place(mode, name)
        if place == "call":
            job.arguments[name] = value
        elif place == "options":
            job.options[name] = value
    return job


def _pixel_job(job: SequenceJob, choices: dict, date_format: str | None) -> None:
    """Fill `job` for a time stack of rasters (per pixel)."""
    layers = list(choices.get("stack") or [])
    if not layers:
        raise InputError(tr("Choose the time stack: one raster whose bands are dates, or single-date rasters."))
    paths = [raster_path(layer) for layer in layers]
    job.input_name = layers[0].name()
    output = _output(choices.get("output", ""), ".tif", "sequence")
    probabilities = None
    if choices.get("probabilities") is not None:
        probabilities = _output(choices["probabilities"], ".tif", "sequence_probabilities")
    job.outputs = [p for p in (output, probabilities) if p]
    job.arguments = {"dates_text": choices.get("dates") or None, "date_format": date_format}
    job.options = {"input_path": paths[0], "output_path": output, "probabilities_path": probabilities}
    job.options["layers"] = paths[1:]


def _feature_job(job: SequenceJob, choices: dict, date_format: str | None) -> None:
    """Fill `job` for monitoring points whose fields are dates, or a long table joined to them by id."""
    layer = choices.get("layer")
    if layer is None:
        raise InputError(tr("Choose the layer of monitoring points (features)."))
    path, sublayer = vector_source(layer)
    job.input_name = layer.name()
    in_place = bool(choices.get("in_place")) and supports(job.mode, "in_place")
    output = None if in_place else _output(choices.get("feature_output", ""), ".gpkg", "sequence")
    args = {"layer_path": path, "output_path": output, "layer": sublayer, "date_format": date_format}
    if choices.get("source") == "table":
        args["table"] = long_table(choices)
        args["id_field"] = choices.get("id_field")
        if layer.fields().lookupField(args["id_field"]) < 0:
            raise InputError(
                tr("The layer '{layer}' has no field '{field}': the id field joins the table to the layer.").format(
                    layer=layer.name(), field=args["id_field"]
                )
            )
    else:
        fields = list(choices.get("fields") or [])
        if not fields:
            raise InputError(tr("Choose the date fields of the layer (numeric fields named by dates)."))
        args["fields"] = fields
    if in_place:
        _check_in_place(layer)
        job.in_place = path
    job.arguments = args
    job.outputs = [output] if output else []


def _wells_job(job: SequenceJob, choices: dict) -> None:
    """Fill `job` for well logs (a table or LAS files), with the per-well summary when well points are given."""
    table = well_table(choices)
    las = choices.get("well_source") == "las"
    job.input_name = tr("LAS files") if las else choices["well_table"].name()
    output_table = _output(choices.get("output_table", ""), ".csv", "facies")
    args = {"table": table, "output_table": output_table, "nodata": nodata_value(choices.get("nodata", ""))}
    wells = choices.get("wells")
    job.outputs = [output_table]
    if wells is not None:
        path, sublayer = vector_source(wells)
        id_field = choices.get("wells_field") or ("" if las else choices.get("well_field"))
        if not id_field or wells.fields().lookupField(id_field) < 0:
            raise InputError(
                tr("The well points '{layer}' have no field '{field}'; choose their well id field.").format(
                    layer=wells.name(), field=id_field
                )
            )
        args["wells_layer"] = (path, sublayer, id_field)
        if choices.get("in_place") and supports(job.mode, "in_place"):
            _check_in_place(wells)
            job.in_place = path
        else:
            args["output_wells"] = _output(choices.get("output_wells", ""), ".gpkg", "wells_facies")
            job.outputs.append(args["output_wells"])
    job.arguments = args


def _check_in_place(layer) -> None:
    if layer.isEditable():
        raise InputError(
            tr("The layer '{layer}' is being edited; save or discard its edits first, then run again.").format(
                layer=layer.name()
            )
        )


def run_job(job: SequenceJob, progress, is_cancelled, log) -> dict:
    """Run the job's mode in the core; returns what was written.

    The core writes every output of a run (and its PNGs, and the fields of an in-place run) in one
    transaction: a cancel or failure before its commit leaves every earlier file as it was, and once
    it has returned the run is done, so a cancel that arrives later changes nothing. No file is
    snapshotted or restored here (a folder snapshot would also revert the user's own files).
    """
    function = _run_function(job.mode)
    hooks = {"progress": progress, "is_cancelled": is_cancelled, "log": log}
    results: dict[str, Any] = {"mode": job.mode, "input_name": job.input_name, "in_place": job.in_place}
    if job.mode == "pixel":
        from ..inference.pipelines.classify import ClassifyParams
        from ..inference.sources.base import RasterLayer

        options = dict(job.options)
        layers = [RasterLayer(path) for path in options.pop("layers")]
        params = ClassifyParams(model=job.model, layers=layers or None, **options)
        result = function(params, **job.arguments, **hooks)
        results.update(
            output=result.output_path,
            probabilities=result.probabilities_path,
            output_kind=result.output_kind,
            class_names=list(result.class_names),
            class_colors=[result.contract.class_color(i) for i in range(len(result.class_names))],
            paths=[p for p in (result.output_path, result.probabilities_path) if p],
            plots=list(result.plots),
        )
    else:
        from ..inference.pipelines.tables import TableOptions

        result = function(job.model, options=TableOptions(**job.options), **job.arguments, **hooks)
        table = result
        results.update(
            output_kind=table.output_kind,
            class_names=list(table.class_names),
            class_colors=list(table.class_colors),
            fields=[name for name, _ in table.fields],
            paths=list(result.paths),
            plots=list(result.plots),
        )
        if job.mode == "depth":
            results["summary_fields"] = [name for name, _ in result.summary_fields]
    return results


# -- the dialog ------------------------------------------------------------------------------------------


class SequenceDialog(PlacedClearOfMessageBar, ModelChoiceMixin, BackgroundRunMixin, QDialog):
    """Lithoscope — Sequence models."""

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.task: JobTask | None = None
        self.added_layers: list = []
        self.last_results: dict | None = None
        self.series_tool = None
        self.setWindowTitle(tr("Lithoscope — Sequence models"))
        self.setMinimumWidth(600)
        self.runtime_error = onnxruntime_error()
        self._build()
        self.restore_settings()
        if self.runtime_error:
            self.log(self.runtime_error, error=True)
            self.run_button.setEnabled(False)

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QFormLayout()
        top.addRow(tr("Sequence model"), self._model_row(sequence_models(), tr("Choose an ONNX sequence model file")))
        self.model_info = QLabel(self)
        self.model_info.setWordWrap(True)
        self.model_info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.model_info.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        top.addRow("", _scrolled(self.model_info, 64))
        self.model_combo.currentIndexChanged.connect(self._show_model_info)
        layout.addLayout(top)
        # Made before the pages, whose date previews read the format.
        self.date_format_edit = QLineEdit(self)
        self.plots_check = QCheckBox(tr("Write plots (PNG) beside the outputs"), self)

        self.modes = QTabWidget(self)
        pages = (
            (self._pixel_page(), tr("Per pixel"), tr("A time stack: a raster whose bands are dates, or dated rasters")),
            (self._feature_page(), tr("Per feature"), tr("Monitoring points: date fields, or a long table")),
            (self._depth_page(), tr("Per depth"), tr("Well logs: a table or LAS files")),
        )
        for index, (page, label, tip) in enumerate(pages):
            # Tall enough for the Per pixel page's fields (a bare scroll area squashed them to a sliver).
            self.modes.addTab(FormScrollArea(page, hint_height=230, min_height=230, parent=self), label)
            self.modes.setTabToolTip(index, tip)
        self.modes.currentChanged.connect(self._update_enabled)
        layout.addWidget(self.modes)

        common = QFormLayout()
        self.date_format_edit.setPlaceholderText(tr("Common formats (2020-01-31, 20200131, 31.01.2020)"))
        self.date_format_edit.setToolTip(tr("The format of the dates in band, file or field names, e.g. %d/%m/%Y"))
        self.date_format_edit.textChanged.connect(self._show_dates)
        dates = QHBoxLayout()  # the date format and the plots on one row: the dialog fits below QGIS's message bar
        dates.addWidget(self.date_format_edit, 1)
        dates.addWidget(self.plots_check)
        common.addRow(tr("Date format"), dates)
        self.offset_edit, self.scale_edit = QLineEdit(self), QLineEdit(self)
        scaling = QHBoxLayout()  # offsets and scales on one row: the dialog fits a 1366 x 768 screen
        for edit, label in ((self.offset_edit, tr("Feature offsets")), (self.scale_edit, tr("Feature scales"))):
            if scaling.count():
                scaling.addWidget(QLabel(label, self))
            edit.setPlaceholderText(tr("model's scaling"))
            edit.setToolTip(
                tr("Comma-separated, one per feature or one for all; the model gets (x - offset) / scale instead of "
                   "its own scaling. E.g. NDVI stored as 0..1 for a model scaled for NDVI x 10000 (offset 5630, "
                   "scale 2080): offset 0.563, scale 0.208.")
            )  # fmt: skip
            scaling.addWidget(edit, 1)
        common.addRow(tr("Feature offsets"), scaling)
        self.plots_check.setChecked(True)
        layout.addLayout(common)

        self._add_progress_and_log(layout, min_height=60)

        buttons = QHBoxLayout()
        self.inspect_button = QPushButton(tr("Inspect series on map"), self)
        self.inspect_button.setToolTip(
            tr("Click a pixel, feature or well on the map to plot its series with the model's prediction")
        )
        self.inspect_button.clicked.connect(self.start_inspecting)
        buttons.addWidget(self.inspect_button)
        self._add_help_and_dependencies(buttons, "sequence", self.runtime_error)
        buttons.addStretch(1)
        self._add_run_buttons(buttons)
        layout.addLayout(buttons)
        self._show_model_info()
        self._update_enabled()

    @staticmethod
    def _check_list(height: int = 110) -> QListWidget:
        """A checkable list whose order the user can change by dragging (the order of steps or curves)."""
        widget = QListWidget()
        widget.setSelectionMode(QAbstractItemView.SingleSelection)
        widget.setDragDropMode(QAbstractItemView.InternalMove)
        widget.setMaximumHeight(height)
        return widget

    @staticmethod
    def _checked(widget: QListWidget, role: int = Qt.DisplayRole) -> list:
        return [widget.item(i).data(role) for i in range(widget.count()) if widget.item(i).checkState() == Qt.Checked]

    def _pixel_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("pixel_page")  # the sizes test checks that all its fields show
        form = QFormLayout(page)
        self.stack_list = self._check_list()
        self.stack_list.setToolTip(
            tr("Check one raster whose bands are dates, or several single-date rasters; drag them into date order.")
        )
        self._fill_stack_list()
        self.stack_list.itemChanged.connect(self._show_dates)
        self.stack_list.model().rowsMoved.connect(self._show_dates)
        form.addRow(tr("Time stack"), self.stack_list)
        self.dates_edit = QLineEdit(page)
        self.dates_edit.setPlaceholderText(tr("From band descriptions or file names"))
        self.dates_edit.setToolTip(tr("One date per band (step), comma-separated, e.g. 2021-01-01, 2021-02-01"))
        self.dates_edit.textChanged.connect(self._show_dates)
        form.addRow(tr("Dates"), self.dates_edit)
        self.dates_label = QLabel(page)
        self.dates_label.setWordWrap(True)
        self.dates_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        form.addRow("", self.dates_label)
        self.raster_output = save_file_widget(self, tr("GeoTIFF (*.tif *.tiff)"))
        form.addRow(tr("Result (classes or forecasts)"), self.raster_output)
        self.probabilities_check = QCheckBox(tr("Class probabilities"), page)
        self.probabilities_widget = save_file_widget(self, tr("GeoTIFF (*.tif *.tiff)"))
        self.probabilities_check.toggled.connect(self._update_enabled)
        form.addRow(self.probabilities_check, self.probabilities_widget)
        return page

    def _fill_stack_list(self) -> None:
        """The project's rasters; those checked before stay checked, first and in their order."""
        checked = self._checked(self.stack_list, LAYER_ID)
        self.stack_list.blockSignals(True)
        self.stack_list.clear()
        project = QgsProject.instance()
        rasters = [project.mapLayer(i) for i in checked if project.mapLayer(i) is not None]
        rasters += [x for x in project.mapLayers().values() if x.id() not in checked]
        for layer in rasters:
            if isinstance(layer, QgsRasterLayer):
                item = _draggable_item(self.stack_list, layer.name(), layer.id() in checked)
                item.setData(LAYER_ID, layer.id())
        self.stack_list.blockSignals(False)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Layers may have been added to the project since the dialog was last shown."""
        self._fill_stack_list()
        self._show_dates()
        super().showEvent(event)

    def _feature_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.feature_layer = layer_combo(self, QgsMapLayerProxyModel.HasGeometry)
        form.addRow(tr("Features (monitoring points)"), self.feature_layer)
        self.from_fields = QRadioButton(tr("Series from the layer's date fields"), page)
        self.from_table = QRadioButton(tr("Series from a long table (id, time, values) joined by id"), page)
        self.from_fields.setChecked(True)
        form.addRow(self.from_fields)
        self.fields_list = self._check_list()
        form.addRow(tr("Date fields"), self.fields_list)
        self.feature_dates_label = QLabel(page)
        self.feature_dates_label.setWordWrap(True)
        form.addRow("", self.feature_dates_label)
        form.addRow(self.from_table)
        self.long_table = layer_combo(self, QgsMapLayerProxyModel.VectorLayer, allow_empty=True)
        form.addRow(tr("Long table"), self.long_table)
        self.long_id = QgsFieldComboBox(page)
        form.addRow(tr("Id field (in the table and the layer)"), self.long_id)
        self.long_time = QgsFieldComboBox(page)
        form.addRow(tr("Time field (dates or numbers)"), self.long_time)
        self.long_values = self._check_list(90)
        form.addRow(tr("Value fields"), self.long_values)
        self.feature_output = save_file_widget(self, tr("GeoPackage (*.gpkg)"))
        form.addRow(tr("Copy with the model's fields"), self.feature_output)
        self.feature_in_place = QCheckBox(tr("Write the fields onto the input layer itself (not a copy)"), page)
        self.feature_in_place.setVisible(supports("feature", "in_place"))
        self.feature_in_place.toggled.connect(self._update_enabled)
        form.addRow(self.feature_in_place)
        self.feature_layer.layerChanged.connect(self._fill_date_fields)
        self.long_table.layerChanged.connect(self._table_changed)
        self.fields_list.itemChanged.connect(self._show_dates)
        self.from_fields.toggled.connect(self._update_enabled)
        self._fill_date_fields()
        self._table_changed()
        return page

    def _fill_date_fields(self, *_args) -> None:
        from ..inference.sources.dates import parse_date

        self.fields_list.blockSignals(True)
        self.fields_list.clear()
        layer = self.feature_layer.currentLayer()
        date_format = self.date_format()
        for f in layer.fields() if layer is not None else ():
            if not f.isNumeric():
                continue
            item = QListWidgetItem(f.name(), self.fields_list)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if parse_date(f.name(), date_format) else Qt.Unchecked)
        self.fields_list.blockSignals(False)
        self._show_dates()

    def _table_changed(self, *_args) -> None:
        table = self.long_table.currentLayer()
        self.long_id.setLayer(table)
        self.long_time.setLayer(table)
        _fill_fields(self.long_values, table)

    def _depth_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.from_well_table = QRadioButton(tr("Logs from a table (one row per well and depth sample)"), page)
        self.from_well_table.setChecked(True)
        self.from_las = QRadioButton(tr("Logs from LAS files (one well each)"), page)
        form.addRow(self.from_well_table)
        self.well_table = layer_combo(self, QgsMapLayerProxyModel.VectorLayer, allow_empty=True)
        form.addRow(tr("Well logs (well, depth, curves)"), self.well_table)
        self.well_field = QgsFieldComboBox(page)
        form.addRow(tr("Well id field"), self.well_field)
        self.depth_field = QgsFieldComboBox(page)
        self.depth_field.setFilters(QgsFieldProxyModel.AllTypes)
        form.addRow(tr("Depth field"), self.depth_field)
        self.curves_list = self._check_list()
        self.curves_list.setToolTip(tr("Check the curves the model takes and drag them into its order."))
        form.addRow(tr("Log curves, in the model's order"), self.curves_list)
        form.addRow(self.from_las)
        self.las_files = QgsFileWidget(page)
        self.las_files.setStorageMode(QgsFileWidget.GetMultipleFiles)
        self.las_files.setFilter(tr("LAS files (*.las *.LAS)"))
        form.addRow(tr("LAS files"), self.las_files)
        self.las_curves = QLineEdit(page)
        self.las_curves.setPlaceholderText(tr("Mnemonics, e.g. GR, RHOB (empty: the model's band names)"))
        form.addRow(tr("Curves, in the model's order"), self.las_curves)
        self.from_las.toggled.connect(self._update_enabled)
        self.nodata_edit = QLineEdit(page)
        self.nodata_edit.setPlaceholderText(tr("None (e.g. -999.25)"))
        form.addRow(tr("Curve value meaning no data"), self.nodata_edit)
        self.wells_layer = layer_combo(self, QgsMapLayerProxyModel.PointLayer, allow_empty=True)
        form.addRow(tr("Well points (optional, for the per-well summary)"), self.wells_layer)
        self.wells_field = QgsFieldComboBox(page)
        self.wells_field.setAllowEmptyFieldName(True)
        form.addRow(tr("Well id field of the points (empty: as in the table)"), self.wells_field)
        self.table_output = save_file_widget(self, tr("CSV files (*.csv)"))
        form.addRow(tr("Prediction per depth (CSV)"), self.table_output)
        self.wells_output = save_file_widget(self, tr("GeoPackage (*.gpkg)"))
        form.addRow(tr("Well points with the summary"), self.wells_output)
        self.wells_in_place = QCheckBox(tr("Write the summary onto the well points layer itself (not a copy)"), page)
        self.wells_in_place.setVisible(supports("depth", "in_place"))
        self.wells_in_place.toggled.connect(self._update_enabled)
        form.addRow(self.wells_in_place)
        self.well_table.layerChanged.connect(self._well_table_changed)
        self.wells_layer.layerChanged.connect(self._wells_changed)
        self._well_table_changed()
        self._wells_changed()
        return page

    def _well_table_changed(self, *_args) -> None:
        table = self.well_table.currentLayer()
        self.well_field.setLayer(table)
        self.depth_field.setLayer(table)
        _fill_fields(self.curves_list, table)

    def _wells_changed(self, *_args) -> None:
        self.wells_field.setLayer(self.wells_layer.currentLayer())
        self._update_enabled()

    # -- model ---------------------------------------------------------------------------
    def _show_model_info(self) -> None:
        from .classify_dialog import model_description

        if self.runtime_error:
            self.model_info.setText(self.runtime_error)
            return
        model = self.model()
        self.model_info.setText(model_description(model) if model else tr("Choose a model file (Browse…)."))

    # -- dates ---------------------------------------------------------------------------
    def date_format(self) -> str | None:
        return self.date_format_edit.text().strip() or None

    def set_stack(self, layers: list) -> None:
        """Check `layers` as the time stack, in this order (first in the list), and uncheck the others."""
        self._fill_stack_list()
        items = [self.stack_list.item(i) for i in range(self.stack_list.count())]
        by_id = {item.data(LAYER_ID): item for item in items}
        for item in items:
            item.setCheckState(Qt.Unchecked)
        for position, layer in enumerate(x for x in layers if x.id() in by_id):
            item = by_id[layer.id()]
            self.stack_list.takeItem(self.stack_list.row(item))
            self.stack_list.insertItem(position, item)
            item.setCheckState(Qt.Checked)
        self._show_dates()

    def stack_layers(self) -> list:
        project = QgsProject.instance()
        return [project.mapLayer(i) for i in self._checked(self.stack_list, LAYER_ID) if project.mapLayer(i)]

    def stack_dates_text(self) -> tuple[str, bool]:
        """What the dates of the stack are, in order (True), or why they cannot be read (the run's message)."""
        from ..ui.series_tool import StackSource, stack_layout

        layers = self.stack_layers()
        if not layers:
            return tr("Check the raster(s) of the time stack."), False
        try:
            _, labels, dates = stack_layout(StackSource(layers, self.dates_edit.text(), self.date_format()))
        except LithoscopeError as exc:
            return translate_message(str(exc)), False
        if not dates:
            return tr("The {n} band(s) carry no dates (in their descriptions or file names); they are taken in their "
                      "order, or give the dates above.").format(n=len(labels)), False  # fmt: skip
        return tr("{n} date(s), in order: {dates}").format(n=len(dates), dates=_date_list(dates)), True

    def feature_dates_text(self) -> tuple[str, bool]:
        """What the dates of the checked fields are, in order (True), or why they cannot be read."""
        from ..inference.sources.dates import parse_dates

        fields = self._checked(self.fields_list)
        if not fields:
            return tr("Check the date fields (numeric fields named by dates)."), False
        try:
            dates = parse_dates(fields, self.date_format(), "field")
        except LithoscopeError as exc:
            return translate_message(str(exc)), False
        return tr("{n} date(s), in order: {dates}").format(n=len(dates), dates=_date_list(dates)), True

    def _show_dates(self, *_args) -> None:
        if not hasattr(self, "feature_dates_label"):
            return  # still building
        for label, (text, ok) in ((self.dates_label, self.stack_dates_text()),
                                  (self.feature_dates_label, self.feature_dates_text())):  # fmt: skip
            label.setText(text)
            label.setStyleSheet("" if ok else "color: #b00020;")

    # -- choices and settings ------------------------------------------------------------
    def mode(self) -> str:
        return MODES[self.modes.currentIndex()]

    def choices(self) -> dict:
        """What the user chose, as layers and values."""
        return {
            "mode": self.mode(),
            "model": self.model(),
            "date_format": self.date_format_edit.text(),
            "plots": self.plots_check.isChecked(),
            "band_offset": self.offset_edit.text(),
            "band_scale": self.scale_edit.text(),
            "stack": self.stack_layers(),
            "dates": self.dates_edit.text(),
            "output": self.raster_output.filePath(),
            "probabilities": self.probabilities_widget.filePath() if self.probabilities_check.isChecked() else None,
            "layer": self.feature_layer.currentLayer(),
            "source": "table" if self.from_table.isChecked() else "fields",
            "fields": self._checked(self.fields_list),
            "table": self.long_table.currentLayer(),
            "id_field": self.long_id.currentField(),
            "time_field": self.long_time.currentField(),
            "value_fields": self._checked(self.long_values),
            "feature_output": self.feature_output.filePath(),
            "well_source": "las" if self.from_las.isChecked() else "table",
            "las_files": QgsFileWidget.splitFilePaths(self.las_files.filePath()),
            "las_curves": self.las_curves.text(),
            "well_table": self.well_table.currentLayer(),
            "well_field": self.well_field.currentField(),
            "depth_field": self.depth_field.currentField(),
            "curves": self._checked(self.curves_list),
            "nodata": self.nodata_edit.text(),
            "wells": self.wells_layer.currentLayer(),
            "wells_field": self.wells_field.currentField(),
            "output_table": self.table_output.filePath(),
            "output_wells": self.wells_output.filePath(),
            "in_place": (self.feature_in_place if self.mode() == "feature" else self.wells_in_place).isChecked(),
        }

    def job(self) -> SequenceJob:
        """The job for what is chosen (InputError if something is missing)."""
        choices = self.choices()
        if not supports(choices["mode"], "plots"):
            choices["plots"] = False
        return build_job(choices)

    def save_settings(self) -> None:
        """Remember the choices (layers by their source) for the next time the dialog opens."""
        save_choices(SETTINGS_GROUP, {**self.choices(), "probabilities_checked": self.probabilities_check.isChecked()})

    def restore_settings(self) -> None:
        settings = QgsSettings()

        def get(key: str, default=None):
            return settings.value(f"{SETTINGS_GROUP}/{key}", default)

        model = get("model", "") or ""
        if model:
            self.set_model(model)
        mode = get("mode", "pixel")
        if mode in MODES:
            self.modes.setCurrentIndex(MODES.index(mode))
        self.date_format_edit.setText(get("date_format", "") or "")
        self.plots_check.setChecked(as_bool(get("plots", True)))
        self.offset_edit.setText(get("band_offset", "") or "")
        self.scale_edit.setText(get("band_scale", "") or "")
        self.dates_edit.setText(get("dates", "") or "")
        by_source = {layer.source(): layer for layer in QgsProject.instance().mapLayers().values()}
        stack = [by_source[s] for s in as_list(get("stack", [])) if s in by_source]
        if stack:
            self.set_stack(stack)
        for key, combo in (("layer", self.feature_layer), ("table", self.long_table),
                           ("well_table", self.well_table), ("wells", self.wells_layer)):  # fmt: skip
            layer = by_source.get(get(key, ""))
            if layer is not None:
                combo.setLayer(layer)
        for key, combo in (("id_field", self.long_id), ("time_field", self.long_time),
                           ("well_field", self.well_field), ("depth_field", self.depth_field),
                           ("wells_field", self.wells_field)):  # fmt: skip
            if get(key):
                combo.setField(get(key))
        _check_items(self.long_values, as_list(get("value_fields", [])))
        _check_items(self.curves_list, as_list(get("curves", [])))
        fields = as_list(get("fields", []))
        if any(self.fields_list.findItems(name, Qt.MatchExactly) for name in fields):  # the same layer's fields
            _check_items(self.fields_list, fields, only=True)
        self.from_table.setChecked(get("source", "fields") == "table")
        self.nodata_edit.setText(get("nodata", "") or "")
        self.from_las.setChecked(get("well_source", "table") == "las")
        files = as_list(get("las_files", []))
        self.las_files.setFilePath(" ".join(f'"{p}"' for p in files) if len(files) > 1 else "".join(files))
        self.las_curves.setText(get("las_curves", "") or "")
        for key, widget in (("output", self.raster_output), ("feature_output", self.feature_output),
                            ("output_table", self.table_output), ("output_wells", self.wells_output)):  # fmt: skip
            widget.setFilePath(get(key, "") or "")
        self.probabilities_check.setChecked(as_bool(get("probabilities_checked", False)))
        self.probabilities_widget.setFilePath(get("probabilities", "") or "")
        self._show_dates()
        self._update_enabled()

    @staticmethod
    def last_model() -> str:
        """The model of the last run or inspection ('' if none): what the toolbar's series tool uses."""
        return QgsSettings().value(f"{SETTINGS_GROUP}/model", "") or ""

    # -- running -------------------------------------------------------------------------
    def log(self, text: str, error: bool = False) -> None:
        """Append a line to the dialog's log."""
        self.log_view.appendPlainText((tr("Error: ") if error else "") + text)

    def run(self) -> None:
        """Start the run of the current mode in the background."""
        if self.task is not None:
            return
        job = self.job_or_warning(self.job)
        if job is None:
            return
        self.save_settings()
        self.log_view.clear()
        self.progress.setValue(0)
        self.log(tr("Running {model} on '{layer}' ({mode})…").format(
            model=job.model, layer=job.input_name, mode=self.modes.tabText(self.modes.currentIndex())
        ))  # fmt: skip
        if job.in_place:
            self.log(tr("The results are written onto the input layer itself: {path}").format(path=job.in_place))
        self.start_job(
            tr("Sequence model"),
            lambda progress, is_cancelled, log: run_job(job, progress, is_cancelled, log),
            tr("Cancelled; no output was written (earlier files are unchanged)."),
        )

    def _update_enabled(self, *_args) -> None:
        running = self.task is not None
        mode = self.mode() if hasattr(self, "modes") else "pixel"
        self.probabilities_widget.setEnabled(self.probabilities_check.isChecked())
        table = self.from_table.isChecked()
        for widget in (self.long_table, self.long_id, self.long_time, self.long_values):
            widget.setEnabled(table)
        self.fields_list.setEnabled(not table)
        self.feature_output.setEnabled(not self.feature_in_place.isChecked())
        las = self.from_las.isChecked()
        for widget in (self.well_table, self.well_field, self.depth_field, self.curves_list):
            widget.setEnabled(not las)
        self.las_files.setEnabled(las)
        self.las_curves.setEnabled(las)
        wells = self.wells_layer.currentLayer() is not None
        self.wells_field.setEnabled(wells)
        self.wells_in_place.setEnabled(wells)
        self.wells_output.setEnabled(wells and not self.wells_in_place.isChecked())
        if hasattr(self, "run_button"):
            self.plots_check.setVisible(supports(mode, "plots"))
            self.date_format_edit.setEnabled(mode != "depth")
            self.run_button.setEnabled(not running and not self.runtime_error)

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running and not self.runtime_error)
        self.close_button.setText(tr("Cancel") if running else tr("Close"))
        for widget in (self.modes, self.model_combo, self.browse_button, self.date_format_edit, self.plots_check,
                       self.offset_edit, self.scale_edit):  # fmt: skip
            widget.setEnabled(not running)

    def _on_done(self, results: dict | None, error: str) -> None:
        late_cancel = self.task is not None and self.task.isCanceled()
        cancelled = self.task.cancelled if self.task is not None else None
        self.task = None
        self._set_running(False)
        self._update_enabled()
        if error or results is None:
            self.log(error, error=True)
            level = Qgis.Warning if error == cancelled else Qgis.Critical
            self.iface.messageBar().pushMessage(tr("Lithoscope"), error, level=level, duration=0)
            return
        self.last_results = results
        self.progress.setValue(100)
        self.added_layers = self.add_result_layers(results)
        written = list(dict.fromkeys([results.get("in_place") or None, *results["paths"], *results.get("plots", [])]))
        written = [path for path in written if path]
        if late_cancel:  # the core had committed: the run is done, and its outputs are there
            self.log(tr("The run had finished when Cancel arrived; its outputs were written."))
        self.log(tr("Written: {paths}").format(paths=", ".join(written)))
        if self.added_layers:
            self.log(tr("Added to the project: {names}").format(names=", ".join(x.name() for x in self.added_layers)))
        self.iface.messageBar().pushMessage(
            tr("Lithoscope"),
            tr("Sequence model finished: {paths}").format(paths=", ".join(written)),
            level=Qgis.Success,
            duration=8,
        )

    def add_result_layers(self, results: dict) -> list:
        """Add the outputs to the project, styled (rasters from the .qml beside them, fields by class or value)."""
        from ..processing.classify import ClassifyAlgorithm, apply_qml, qml_path, result_layer_name

        name = short_name(results["input_name"])
        layers = []
        probabilities: list = []
        if results["mode"] == "pixel":
            path = results.get("probabilities")
            if path:  # one layer per class in a group (a multi-band raster would show its first band only)
                group = result_layer_name(name, ClassifyAlgorithm.OUTPUT_PROBABILITIES, results["output_kind"])
                probabilities = band_layers(
                    path, group, lambda band: pseudocolor_qml(0.0, 1.0, band, tr("probability"))
                )
            for key, output in (("output", ClassifyAlgorithm.OUTPUT),):
                path = results.get(key)
                if not path:
                    continue
                layer = QgsRasterLayer(path, result_layer_name(name, output, results["output_kind"]))
                if layer.isValid():
                    error = apply_qml(layer, qml_path(path))
                    if error:
                        self.log(error, error=True)
                    layers.append(layer)
        elif results["mode"] == "feature":
            if results.get("in_place"):
                self._reload(results["in_place"])
            else:
                layers.append(self._vector(results["paths"][0], tr("{layer} sequence results").format(layer=name)))
                _style_results(layers[-1], results, results.get("fields") or [])
        else:
            table = results["paths"][0]
            uri = QUrl.fromLocalFile(table).toString() + "?delimiter=,&detectTypes=yes&geomType=none"
            layers.append(QgsVectorLayer(uri, tr("{layer} prediction per depth").format(layer=name), "delimitedtext"))
            if results.get("in_place"):  # the well points themselves got the summary (paths[1] is their file)
                self._reload(results["in_place"])
            elif len(results["paths"]) > 1:
                layers.append(self._vector(results["paths"][1], tr("Wells with predicted facies")))
                # The summary's first field (the dominant class) under the name the copy gave it.
                _style_results(layers[-1], results, results.get("summary_fields", [])[:1])
        layers = [layer for layer in layers if layer is not None and layer.isValid()]
        for layer in layers:
            layer.setName(unique_layer_name(layer.name()))  # a second run's layers get (2), not the same name
            QgsProject.instance().addMapLayer(layer)
        return probabilities + layers

    def _vector(self, path: str, name: str):
        layer = QgsVectorLayer(path, name, "ogr")
        if not layer.isValid():
            self.log(tr("Cannot load {path}").format(path=path), error=True)
            return None
        return layer

    @staticmethod
    def _reload(path: str) -> None:
        """Show the fields a run wrote onto an input layer."""
        for layer in QgsProject.instance().mapLayers().values():
            source = layer.source().split("|")[0] if isinstance(layer, QgsVectorLayer) else ""
            if source and os.path.abspath(source) == os.path.abspath(path):
                layer.dataProvider().reloadData()
                layer.updateFields()
                layer.triggerRepaint()

    # -- the series map tool -------------------------------------------------------------
    def series_source(self):
        """What the series tool reads for the current mode (InputError when it is not chosen)."""
        from .series_tool import FeatureSource, StackSource, WellSource

        choices = self.choices()
        mode = choices["mode"]
        if mode == "pixel":
            if not choices["stack"]:
                raise InputError(tr("Check the raster(s) of the time stack to inspect."))
            return StackSource(choices["stack"], choices["dates"], self.date_format())
        if mode == "feature":
            if choices["layer"] is None:
                raise InputError(tr("Choose the layer of monitoring points to inspect."))
            if choices["source"] == "table":
                return FeatureSource(
                    choices["layer"], None, self.date_format(), long_table(choices), choices["id_field"]
                )
            return FeatureSource(choices["layer"], choices["fields"] or None, self.date_format())
        if choices["wells"] is None:
            raise InputError(tr("Choose the well points: a click on a well shows its logs and predicted classes."))
        id_field = choices["wells_field"] or ("" if choices["well_source"] == "las" else choices["well_field"])
        if not id_field or choices["wells"].fields().lookupField(id_field) < 0:
            raise InputError(tr("Choose the well id field of the well points."))
        return WellSource(
            choices["wells"],
            id_field,
            well_table(choices),
            nodata_value(choices["nodata"]),
        )

    def start_inspecting(self):
        """Start the series map tool on the chosen inputs with the chosen model."""
        from ..inference.pipelines.tables import TableOptions
        from .series_tool import start_series_tool

        def chosen():
            if not self.model():
                raise InputError(tr("Choose a sequence model: a shipped model or an .onnx file (Browse…)."))
            return self.series_source(), TableOptions(**scaling_values(self.choices()))

        chosen = self.job_or_warning(chosen)
        if chosen is None:
            return None
        source, options = chosen
        QgsSettings().setValue(f"{SETTINGS_GROUP}/model", self.model())
        self.series_tool = start_series_tool(self.iface, self.model(), source, tool=self.series_tool, options=options)
        self.iface.messageBar().pushMessage(
            tr("Lithoscope"),
            tr("Click a pixel, feature or well on the map to plot its series."),
            level=Qgis.Info,
            duration=4,
        )
        return self.series_tool

    def unload(self) -> None:
        """Cancel a run, stop the series tool and close its plot (the plugin's unload)."""
        self.cancel_run()
        if self.series_tool is not None:
            self.series_tool.stop()
            self.series_tool = None


# -- helpers ---------------------------------------------------------------------------------------------


def _date_list(dates: list) -> str:
    iso = [d.date().isoformat() if d.time() == dt_time() else d.isoformat(sep=" ") for d in dates]
    return ", ".join(iso) if len(iso) <= 8 else ", ".join(iso[:4]) + ", …, " + ", ".join(iso[-3:])


def _scrolled(widget: QWidget, height: int = 0) -> QScrollArea:
    """`widget` in a frameless scroll area (at most `height` pixels high when given)."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    if height:
        area.setMaximumHeight(height)
    return area


def _draggable_item(widget: QListWidget, text: str, checked: bool = False) -> QListWidgetItem:
    """A checkable item of `widget` that can be dragged to another place in the list (not onto an item)."""
    item = QListWidgetItem(text, widget)
    item.setFlags((item.flags() | Qt.ItemIsUserCheckable | Qt.ItemIsDragEnabled) & ~Qt.ItemIsDropEnabled)
    item.setCheckState(Qt.Checked if checked else Qt.Unchecked)
    return item


def _fill_fields(widget: QListWidget, layer) -> None:
    widget.clear()
    for f in layer.fields() if layer is not None else ():
        _draggable_item(widget, f.name())


def _check_items(widget: QListWidget, names: list[str], only: bool = False) -> None:
    """Check the items named (in that order, first in the list); with `only`, uncheck the others."""
    wanted = [n for n in names if widget.findItems(n, Qt.MatchExactly)]
    for position, name in enumerate(wanted):
        item = widget.findItems(name, Qt.MatchExactly)[0]
        widget.takeItem(widget.row(item))
        widget.insertItem(position, item)
        item.setCheckState(Qt.Checked)
    if only:
        for i in range(len(wanted), widget.count()):
            widget.item(i).setCheckState(Qt.Unchecked)


def _style_results(layer, results: dict, fields: list[str]) -> None:
    """Classes: one colour per class (the model's colours) on the class name; values: a graduated ramp."""
    if layer is None or not fields:
        return
    names = results.get("class_names") or []
    if results.get("output_kind") == "classes" and names:
        field_name = "class_name" if "class_name" in fields else fields[0]
        categories = []
        for name, color in zip(names, results.get("class_colors") or []):
            symbol = QgsSymbol.defaultSymbol(layer.geometryType())
            symbol.setColor(QColor(color))
            categories.append(QgsRendererCategory(name, symbol, name))
        layer.setRenderer(QgsCategorizedSymbolRenderer(field_name, categories))
        return
    field_name = fields[0]
    ramp = QgsStyle.defaultStyle().colorRamp("Viridis") or QgsStyle.defaultStyle().colorRamp("Spectral")
    renderer = QgsGraduatedSymbolRenderer(field_name)
    if ramp is not None:
        renderer.setSourceColorRamp(ramp)
    renderer.setClassificationMethod(QgsClassificationQuantile())
    renderer.updateClasses(layer, 5)
    layer.setRenderer(renderer)
