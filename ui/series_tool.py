# SPDX-License-Identifier: GPL-2.0-or-later
"""A map tool that shows the series under the cursor with the sequence model's prediction or forecast.

Click a pixel of a time stack (a raster whose bands are dates, or several single-date rasters),
a monitoring point (its date fields, or its rows of a long table) or a well (its logs): the
series is read where the runs read it (rasterio for rasters, the same date parsing, the same
nodata rules), run through the model with `SequenceModel.predict` (the table path, so the same
pre-processing as a full run) and drawn by `inference.plots` in a non-modal window. Clicking
where there is no series (outside the layer, nodata, no feature) gives a note in the message
bar, not an error.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMessageLog,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsMapTool, QgsMapToolEmitPoint
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..i18n import tr, translate_message
from ..inference.errors import InputError, LithoscopeError
from ..inference.outputs.figures import forecast_layout
from .common import place_clear_of_message_bar, raster_path

ID = "clicked"  # the one series' id in SequenceModel.predict


class NoSeriesHere(Exception):
    """A click where there is no series (outside, nodata, no feature): a note, not an error."""


# -- where a series comes from ---------------------------------------------------------------------------


@dataclass
class StackSource:
    """A time stack: one multi-band raster or several single-date rasters, in date order."""

    layers: list
    dates_text: str = ""
    date_format: str | None = None


@dataclass
class FeatureSource:
    """Monitoring points: date fields of the layer, or a long table joined by `id_field`."""

    layer: Any
    fields: list[str] | None = None  # None: every numeric field named by a date
    date_format: str | None = None
    table: Any = None  # inference.tables.LongTable
    id_field: str | None = None
    _series: dict | None = field(default=None, repr=False)  # the long table by id, read once


@dataclass
class WellSource:
    """Well points whose id field joins them to a well-log table."""

    layer: Any
    id_field: str
    table: Any  # inference.tables.WellTable or LasFiles
    nodata: float | None = None
    _wells: dict | None = field(default=None, repr=False)
    _curves: list = field(default_factory=list, repr=False)


@dataclass
class ClickedSeries:
    """The series of what was clicked: raw values (T, F), NaN at nodata steps."""

    title: str
    times: list  # datetimes or numbers (steps, depths)
    values: np.ndarray
    feature_names: list[str]
    time_label: str = "Date"  # callers pass tr("Date")
    value_label: str = ""  # the y axis: what the values are (the values as stored in the layer, say)
    well: bool = False  # a well's depth samples (a strip log) rather than a time series
    table: bool = False  # a feature's series: the table path puts it on the model's regular grid, if it has one


@dataclass
class SeriesPrediction:
    """What the model said about a clicked series."""

    text: str  # shown on the plot: class and probability, probability, forecast summary, or why there is none
    fields: dict = field(default_factory=dict)  # output field -> value
    forecast_times: list | None = None
    forecast: np.ndarray | None = None  # (H,) or (H, F)
    classes: list | None = None  # per depth sample of a well (class names; None where masked)
    class_names: list = field(default_factory=list)
    class_colors: list = field(default_factory=list)
    error: str = ""


# -- reading ------------------------------------------------------------------------------------------------


def _transform(point, crs, layer):
    """`point` in `crs` -> the layer's CRS."""
    if not crs.isValid() or not layer.crs().isValid() or crs == layer.crs():
        return point
    return QgsCoordinateTransform(crs, layer.crs(), QgsProject.instance()).transform(point)


def _read_pixel(path: str, x: float, y: float, input_nodata: float | None) -> tuple[np.ndarray, int, int] | None:
    """Every band of the pixel at (x, y) (NaN where nodata), its row and column; None outside the raster."""
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(path) as ds:
        row, col = ds.index(x, y)
        if not (0 <= row < ds.height and 0 <= col < ds.width):
            return None
        data = ds.read(window=Window(col, row, 1, 1), masked=True)[:, 0, 0]
    values = np.ma.filled(data.astype(np.float64), np.nan)
    if input_nodata is not None:
        values[values == input_nodata] = np.nan
    return values, row, col


def _coord(value: float) -> str:
    """A coordinate for a title: metres to the decimetre, degrees to six decimals."""
    return f"{value:.1f}" if abs(value) >= 1000 else f"{value:.6f}"


def stack_layout(source: StackSource, features: int | None = None) -> tuple[list[str], list[str], list | None]:
    """The files of a stack, a label per band and the stack's dates (None when the bands carry none).

    `features`: the model's features per step, so that one date per step of that many bands is read as such.
    """
    from ..inference.sources.dates import band_labels, stack_dates

    paths = [raster_path(layer) for layer in source.layers]
    labels = band_labels(paths)
    return paths, labels, stack_dates(labels, source.dates_text, source.date_format, lambda: features)


def pixel_series(source: StackSource, point, crs, features: int = 1, input_nodata: float | None = None):
    """The series of the pixel at `point` (in `crs`): all bands of the stack, (bands / features, features)."""
    if not source.layers:
        raise InputError(tr("Choose the time stack (a raster whose bands are dates, or single-date rasters)."))
    paths, labels, dates = stack_layout(source, features)
    first = source.layers[0]
    where = _transform(point, crs, first)
    x, y = _coord(where.x()), _coord(where.y())
    parts, cells = [], []
    for layer, path in zip(source.layers, paths):
        p = _transform(point, crs, layer)
        read = _read_pixel(path, p.x(), p.y(), input_nodata)
        if read is None:
            raise NoSeriesHere(
                tr("The point {x}, {y} is outside the time stack '{name}'; click inside it.").format(
                    x=x, y=y, name=layer.name()
                )
            )
        parts.append(read[0])
        cells.append(read[1:])
    row, col = cells[0]  # of the first raster (the grid a per-pixel run writes)
    values = np.concatenate(parts)
    if not np.isfinite(values).any():
        raise NoSeriesHere(
            tr("The pixel at {x}, {y} of '{name}' is nodata at every date; there is no series to show.").format(
                x=x, y=y, name=first.name()
            )
        )
    features = features if features and len(values) % features == 0 else 1
    steps = len(values) // features
    times = list(dates) if dates and len(dates) == steps else list(range(1, steps + 1))
    names = [first.name()] if features == 1 else [tr("feature {n}").format(n=i + 1) for i in range(features)]
    return ClickedSeries(
        tr("Pixel (row {row}, column {col}) at {x}, {y} of '{name}'").format(
            row=row, col=col, x=x, y=y, name=first.name()
        ),
        times,
        values.reshape(steps, features),
        names,
        tr("Date") if dates and len(dates) == steps else tr("Band (step)"),
        tr("Values of '{name}' as stored (before the model's scaling)").format(name=first.name()),
    )


def feature_at(layer, point, crs, radius: float):
    """The feature of `layer` nearest to `point` (in `crs`) within `radius` map units, else None."""
    rect = QgsRectangle(point.x() - radius, point.y() - radius, point.x() + radius, point.y() + radius)
    if crs.isValid() and layer.crs().isValid() and crs != layer.crs():
        rect = QgsCoordinateTransform(crs, layer.crs(), QgsProject.instance()).transformBoundingBox(rect)
    here = QgsGeometry.fromPointXY(_transform(point, crs, layer))
    request = QgsFeatureRequest().setFilterRect(rect)
    best, distance = None, None
    for feature in layer.getFeatures(request):
        d = feature.geometry().distance(here) if feature.hasGeometry() else float("inf")
        if best is None or d < distance:
            best, distance = feature, d
    return best


def _python(value: Any) -> Any:
    """A QGIS attribute as a plain Python value (NULL -> None, QDate -> date)."""
    from ..processing.sequence import python_value

    return python_value(value)


def _value(value: Any) -> float:
    """An attribute as a number; NaN where it is empty or not a number."""
    value = _python(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return np.nan
    return number if np.isfinite(number) else np.nan


def _table_times(numbers: np.ndarray, sample: Any, date_format: str | None) -> list:
    """Times of a long table as series_from_long gives them (days since 1970 for dates) -> datetimes or numbers."""
    from datetime import date

    from ..inference.sources.dates import parse_date

    is_date = isinstance(sample, (datetime, date)) or (
        not isinstance(sample, (int, float)) and parse_date(sample, date_format) is not None
    )
    if not is_date:
        return [float(t) for t in numbers]
    return [datetime(1970, 1, 1) + timedelta(days=float(t)) for t in numbers]


def feature_series(source: FeatureSource, feature) -> ClickedSeries:
    """The series of one feature: its date fields, or its rows of the long table."""
    from ..inference.sources.dates import parse_date, parse_dates
    from ..inference.sources.series import key, series_from_long

    layer = source.layer
    name = tr("Feature {fid} of '{layer}'").format(fid=feature.id(), layer=layer.name())
    if source.table is not None:
        if not source.id_field or layer.fields().lookupField(source.id_field) < 0:
            raise InputError(
                tr("The layer '{layer}' has no id field '{field}' to join the long table; choose the id field.").format(
                    layer=layer.name(), field=source.id_field or ""
                )
            )
        if source._series is None:
            source._series = series_from_long(source.table, source.date_format)
        ident = key(_python(feature[source.id_field]))
        if ident not in source._series:
            raise NoSeriesHere(
                tr("Feature {fid} ('{id}') of '{layer}' has no rows in the long table.").format(
                    fid=feature.id(), id=ident, layer=layer.name()
                )
            )
        times, values = source._series[ident]
        sample = source.table.times[0] if len(source.table.times) else None
        names = list(source.table.value_names) or None
        values = np.asarray(values, np.float64)
        return ClickedSeries(
            tr("'{id}' of '{layer}'").format(id=ident, layer=layer.name()),
            _table_times(np.asarray(times), sample, source.date_format),
            values,
            names or [tr("value")] * values.shape[1],
            tr("Date"),
            tr("Values of the table as stored"),
            table=True,
        )
    fields = source.fields or [
        f.name() for f in layer.fields() if f.isNumeric() and parse_date(f.name(), source.date_format) is not None
    ]
    if not fields:
        raise InputError(
            tr(
                "No numeric field of '{layer}' is named by a date (such as 2020-01-31 or 20200131); choose the date "
                "fields in the Sequence models dialog, or set the date format their names follow."
            ).format(layer=layer.name())
        )
    dates = parse_dates(fields, source.date_format, "field")
    values = np.array([_value(feature[f]) for f in fields], np.float64)[:, None]
    if not np.isfinite(values).any():
        raise NoSeriesHere(
            tr("Feature {fid} of '{layer}' has no values in its date fields.").format(
                fid=feature.id(), layer=layer.name()
            )
        )
    label = tr("Values of the date fields of '{layer}' as stored").format(layer=layer.name())
    return ClickedSeries(name, list(dates), values, [layer.name()], tr("Date"), label, table=True)


def well_series(source: WellSource, feature, band_names: tuple = ()) -> ClickedSeries:
    """The logs of the clicked well: depth samples (T,) and curves (T, F).

    LAS files without curves named take the model's `band_names`, as the run does.
    """
    from ..inference.sources.las import LasFiles, wells_from_las
    from ..inference.sources.series import key
    from ..inference.sources.wells import wells_from_table

    if source._wells is None:
        if isinstance(source.table, LasFiles):
            curves = tuple(source.table.curves) or tuple(band_names)
            source._wells = wells_from_las(source.table.paths, curves, source.nodata)
            source._curves = list(curves)
        else:
            source._wells = wells_from_table(source.table, source.nodata)
            source._curves = list(source.table.curve_names)
    ident = key(_python(feature[source.id_field]))
    if ident not in source._wells:
        raise NoSeriesHere(
            tr("Well '{id}' of '{layer}' has no rows in the well-log table.").format(
                id=ident, layer=source.layer.name()
            )
        )
    depths, values = source._wells[ident]
    names = source._curves or [tr("curve {n}").format(n=i + 1) for i in range(values.shape[1])]
    return ClickedSeries(
        tr("Well '{id}'").format(id=ident),
        [float(d) for d in depths],
        np.asarray(values),
        names,
        tr("Depth"),
        tr("Logs of well '{id}' as stored").format(id=ident),
        well=True,
    )


# -- the model ----------------------------------------------------------------------------------------------


def stack_features(model, bands: int) -> int:
    """Features per step of a stack of `bands` for `model` (as the per-pixel run plans it)."""
    return model.stack_features(bands, tr("the clicked pixel"))


def predict_series(model, series: ClickedSeries, options=None) -> SeriesPrediction:
    """Run the model on one clicked series; errors the user can fix become the prediction's text.

    `options`: the run's TableOptions (its band_offset / band_scale override the model's scaling), or None.
    """
    try:
        if series.well:
            return _predict_well(model, series, options)
        feed, origin, spacing = _feed(model, series)
        result = model.predict([ID], feed, tr("the clicked series"), options)
    except LithoscopeError as exc:
        return SeriesPrediction(
            tr("No prediction: {error}").format(error=translate_message(str(exc))), error=translate_message(str(exc))
        )
    row = result.outputs.get(ID)
    names = [name for name, _ in result.fields]
    if row is None:
        text = tr("No prediction: the series has nodata steps and the model masks such series (sequence_gaps).")
        return SeriesPrediction(text, error=text)
    fields = dict(zip(names, row))
    if result.output_kind == "classes":
        probabilities = [v for n, v in fields.items() if n.startswith("p_")]
        text = str(fields.get("class_name", row[0]))
        if probabilities:
            text += f" (p = {max(probabilities):.2f})"
        return SeriesPrediction(text, fields)
    if result.output_kind == "probability":
        return SeriesPrediction(tr("probability {p:.3f}").format(p=row[0]), fields)
    prediction = SeriesPrediction(", ".join(f"{n} = {v:.4g}" for n, v in fields.items()), fields)
    if spacing is not None:  # on the model's grid: forecast from the series' last complete time
        prediction.text += tr(" (from {origin})").format(origin=_time_label(origin))
    step = model.contract.sequence_step if spacing is None else 1
    layout = forecast_layout(names, series.times, series.values.shape[1], step, origin, spacing)
    if layout is not None:
        times, index = layout
        values = np.asarray(row, np.float64)[index]
        prediction.forecast_times = times
        prediction.forecast = values[:, 0] if values.shape[1] == 1 else values
    return prediction


def _time_label(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    return f"{value:g}"


def _feed(model, series: ClickedSeries) -> tuple[np.ndarray, Any, Any]:
    """The raw series (1, T, F) the model gets, the time its forecast starts from, and its step (None: the series').

    A feature's series goes on the model's regular grid when its metadata gives sequence_interval_days,
    ending at the series' last complete time, as `run_sequence_table` does in a full run.
    """
    interval = model.contract.sequence_interval_days
    if not (series.table and interval):
        return series.values[None], series.times[-1], None
    from ..inference.sources.dates import day_number
    from ..inference.sources.series import regular_series

    dated = isinstance(series.times[0], datetime)
    numbers = np.array([day_number(t) if dated else float(t) for t in series.times])
    _, last, x, _ = regular_series({ID: (numbers, series.values)}, interval, model.series_steps())
    if not dated:
        return x, float(last[0]), float(interval)
    return x, datetime(1970, 1, 1) + timedelta(days=float(last[0])), timedelta(days=float(interval))


def _predict_well(model, series: ClickedSeries, options=None) -> SeriesPrediction:
    from ..inference.sources.wells import well_windows

    window = model.window()
    windows = well_windows(np.asarray(series.times), series.values, window)
    n = len(series.times)
    result = model.predict(list(range(n)), windows, tr("the clicked well"), options)
    names = [name for name, _ in result.fields]
    prediction = SeriesPrediction("", class_names=list(result.class_names))
    prediction.class_colors = [model.contract.class_color(i) for i in range(len(result.class_names))]
    rows = [result.outputs.get(i) for i in range(n)]
    if result.output_kind == "classes":
        prediction.classes = [row[1] if row is not None else None for row in rows]
        counts = {}
        for c in prediction.classes:
            if c is not None:
                counts[c] = counts.get(c, 0) + 1
        prediction.text = ", ".join(f"{c}: {k}" for c, k in sorted(counts.items(), key=lambda kv: -kv[1]))
    else:
        prediction.fields = {
            name: np.array([row[j] if row is not None else np.nan for row in rows]) for j, name in enumerate(names)
        }
        prediction.text = tr("{n} depth sample(s) predicted").format(n=sum(r is not None for r in rows))
    return prediction


def draw(figure, series: ClickedSeries, prediction: SeriesPrediction | None) -> None:
    """Draw a clicked series and what the model said on `figure` (cleared first)."""
    from ..inference.outputs.figures import plot_series, plot_strip_log

    figure.clear()
    if series.well:
        curves = {name: series.values[:, i] for i, name in enumerate(series.feature_names)}
        classes = None
        if prediction is not None:
            curves.update({name: values for name, values in prediction.fields.items()})
            if prediction.classes is not None:
                classes = ["" if c is None else c for c in prediction.classes]
        plot_strip_log(
            figure,
            series.times,
            curves,
            classes=classes,
            class_names=prediction.class_names if prediction else None,
            class_colors=prediction.class_colors if prediction else None,
            title=series.title + (f" — {prediction.text}" if prediction and prediction.text else ""),
        )
        return
    plot_series(
        figure,
        series.times,
        series.values,
        series.feature_names,
        prediction=prediction.text if prediction else None,
        forecast_times=prediction.forecast_times if prediction else None,
        forecast=prediction.forecast if prediction else None,
        title=series.title,
        time_label=series.time_label,
        value_label=series.value_label,
    )


# -- the window and the tool --------------------------------------------------------------------------------


class SeriesPlotDialog(QDialog):
    """A non-modal window with the plot of the last clicked series and the model's answer."""

    def __init__(self, parent: QWidget | None = None, iface=None) -> None:
        from ..inference.outputs.figures import new_figure

        figure = new_figure()  # first: without matplotlib, the error says how to install it
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        super().__init__(parent)
        self.setWindowTitle(tr("Lithoscope — Series"))
        self.setModal(False)
        self.setMinimumSize(640, 420)
        self.iface = iface  # its message bar stays in view when the window opens
        self.series: ClickedSeries | None = None
        self.prediction: SeriesPrediction | None = None
        self.figure = figure
        self.canvas = FigureCanvasQTAgg(self.figure)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas, 1)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.details)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(tr("Save as PNG…"), self)
        self.save_button.clicked.connect(self._save)
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def show_series(self, series: ClickedSeries, prediction: SeriesPrediction | None) -> None:
        self.series, self.prediction = series, prediction
        draw(self.figure, series, prediction)
        self.canvas.draw_idle()
        lines = [series.title]
        if prediction is not None:
            lines.append(prediction.text)
            if prediction.fields and not series.well and prediction.forecast is None:
                lines.append(", ".join(f"{k} = {_short(v, k)}" for k, v in prediction.fields.items()))
        self.details.setText("\n".join(lines))
        if not self.isVisible():
            self._place_beside_the_map()
        self.show()
        self.raise_()

    def _place_beside_the_map(self) -> None:
        """Open at the right edge of the main window (over the panels, not over the map's centre where one clicks),
        below QGIS's message bar."""
        if self.iface is not None:
            place_clear_of_message_bar(self, self.iface)
            return
        parent = self.parentWidget()
        if parent is None:
            return
        frame = parent.frameGeometry()
        width, height = max(self.width(), self.minimumWidth()), max(self.height(), self.minimumHeight())
        x = frame.x() + max(0, frame.width() - width - 16)
        y = frame.y() + min(120, max(0, frame.height() - height))
        self.move(x, y)

    def save_png(self, path: str) -> str:
        from ..inference.outputs.figures import save_png

        return save_png(self.figure, path)

    def _save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the plot"), "", tr("PNG images (*.png)"))
        if path:
            self.save_png(path if path.lower().endswith(".png") else path + ".png")


def _short(value: Any, name: str = "") -> str:
    """A field's value for the window: probabilities as 0.000 to 1.000 (never 9.9e-07), other numbers to 4 digits."""
    if not isinstance(value, float):
        return str(value)
    if name.startswith("p_") or name == "probability":
        return f"{value:.3f}"
    return f"{value:.4g}"


class SeriesMapTool(QgsMapToolEmitPoint):
    """Click a pixel, feature or well: plot its series with the model's prediction or forecast.

    `source` None: the active layer at each click (a raster stack, or a layer with date fields).
    """

    def __init__(self, iface, model: str, source=None, options=None) -> None:
        super().__init__(iface.mapCanvas())
        self.iface = iface
        self.model_name = model
        self.source = source
        self.options = options  # TableOptions of the runs (the scaling chosen in the dialog), or None
        self.plot_dialog: SeriesPlotDialog | None = None
        self._model = None
        self.canvasClicked.connect(self._clicked)

    def _clicked(self, point, button) -> None:
        if button == Qt.LeftButton:
            self.inspect(point)

    def set_model(self, model: str) -> None:
        if model != self.model_name:
            self.model_name, self._model = model, None

    def model(self):
        """The opened sequence model (opened once per tool)."""
        if self._model is None:
            from ..inference.pipelines.tables import SequenceModel

            self._model = SequenceModel(self.model_name, device="cpu", threads=1)
        return self._model

    def inspect(self, point) -> bool:
        """Plot the series at `point` (canvas CRS); a note in the message bar when there is none."""
        crs = self.canvas().mapSettings().destinationCrs()
        try:
            series = self._series(point, crs)
            prediction = predict_series(self.model(), series, self.options)
            if self.plot_dialog is None:
                self.plot_dialog = SeriesPlotDialog(self.iface.mainWindow(), self.iface)
            self.plot_dialog.show_series(series, prediction)
        except NoSeriesHere as note:
            self._note(str(note), Qgis.Info)
            return False
        except LithoscopeError as exc:
            self._note(translate_message(str(exc)), Qgis.Warning)
            return False
        except RuntimeError:  # a layer the tool was started on has been removed from the project
            self._note(tr("A layer the series tool reads was removed from the project; start it again."), Qgis.Warning)
            return False
        except Exception as exc:  # not a user's mistake: say what it was, the traceback goes to QGIS's log
            QgsMessageLog.logMessage(traceback.format_exc(), "Lithoscope", Qgis.Critical)
            self._note(
                tr("The series could not be shown ({kind}: {error}). Please report it.").format(
                    kind=type(exc).__name__, error=exc
                ),
                Qgis.Critical,
            )
            return False
        if prediction.error:
            self._note(prediction.error, Qgis.Warning)
        return True

    def _note(self, text: str, level) -> None:
        self.iface.messageBar().pushMessage(tr("Lithoscope"), text, level=level, duration=6)

    def _series(self, point, crs) -> ClickedSeries:
        source = self.source if self.source is not None else self._active_source()
        if isinstance(source, StackSource):
            model = self.model()
            bands = sum(layer.bandCount() for layer in source.layers)
            try:
                features = stack_features(model, bands)
            except LithoscopeError:
                features = 1  # the series is still shown; the prediction says what is wrong
            return pixel_series(source, point, crs, features, model.contract.input_nodata)
        radius = QgsMapTool.searchRadiusMU(self.canvas())
        feature = feature_at(source.layer, point, crs, radius)
        if feature is None:
            raise NoSeriesHere(
                tr("No feature of '{layer}' here; click on a point of the layer.").format(layer=source.layer.name())
            )
        if isinstance(source, WellSource):
            return well_series(source, feature, self.model().contract.band_names)
        return feature_series(source, feature)

    def _active_source(self):
        layer = self.iface.activeLayer()
        if isinstance(layer, QgsRasterLayer):
            return StackSource([layer])
        if isinstance(layer, QgsVectorLayer):
            return FeatureSource(layer)
        raise NoSeriesHere(
            tr("Select a time stack (raster) or a layer of monitoring points in the Layers panel, then click on it.")
        )

    def close(self) -> None:
        """Close the plot window (the plugin's unload)."""
        if self.plot_dialog is not None:
            self.plot_dialog.close()
            self.plot_dialog.deleteLater()
            self.plot_dialog = None

    def stop(self) -> None:
        """No longer the canvas's tool; the plot closed and the tool deleted (the plugin's unload)."""
        canvas = self.canvas()
        if canvas.mapTool() is self:
            canvas.unsetMapTool(self)
        self.close()
        self.deleteLater()


def start_series_tool(
    iface, model: str, source=None, action=None, tool: SeriesMapTool | None = None, options=None
) -> SeriesMapTool:
    """Make (or reuse) the series tool for `model` and `source` and make it the canvas's map tool.

    `options`: TableOptions for the predictions (the dialog's feature offsets and scales), or None.
    """
    if tool is None:
        tool = SeriesMapTool(iface, model, source, options)
    else:
        tool.set_model(model)
        tool.source = source
        tool.options = options
    if action is not None:
        tool.setAction(action)
    iface.mapCanvas().setMapTool(tool)
    return tool
