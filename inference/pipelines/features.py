# SPDX-License-Identifier: GPL-2.0-or-later
"""Per feature: sequence models over the series of monitoring points (date fields, or a long table by id).

`run_sequence_vector` reads the series of a layer's features, aligns them (on their shared times,
or each on its own regular grid when the model gives `sequence_interval_days`), runs them through
the shared table run (tables.py) and writes the model's fields to a GeoPackage copy of the layer,
or onto the layer itself when asked, with the series plots, all committed together.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..errors import InputError, examples
from ..kinds.sequences import model_steps
from ..outputs.files import OutputTransaction
from ..outputs.locks import output_lock
from ..outputs.plots import plots_available, table_series_png
from ..outputs.vector import InPlaceWrite, check_prefix, commit_outputs, write_layer_copy
from ..progress import CancelFn, LogFn, ProgressFn, quiet
from ..sources.checks import series_value_warnings
from ..sources.dates import time_text
from ..sources.features import check_join, layer_keys, read_wide_layer
from ..sources.series import (
    LongTable,
    Series,
    align_series,
    feature_order,
    regular_series,
    reorder_columns,
    series_from_long,
    time_number,
)
from .result import RunResult
from .tables import SequenceModel, TableOptions, cancellable, check_outputs, table_inputs


def run_sequence_table(
    model: str | SequenceModel,
    series: Series,
    options: TableOptions | None = None,
    log: LogFn | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    what: str = "the series",
    dates: bool = True,
    time_name: str | None = None,
) -> RunResult:
    """Run a sequence model on series keyed by id (times as day numbers when `dates`, else plain numbers).

    A model whose metadata gives `sequence_interval_days` gets each series on its own regular grid of that
    step, ending at the series' own last complete time, which is written as a field (last_date, or
    last_time for plain numbers). Otherwise the series are aligned on the union of their times and the
    model is fed steps as they come (a missing time is a gap); uneven steps and series that end early are
    logged as warnings.
    """
    log = log or quiet
    options = options or TableOptions()
    for warning in series_value_warnings(series, f"values of {what}"):  # read as gaps, and said
        log(f"Warning: {warning}")
    runner = model if isinstance(model, SequenceModel) else SequenceModel(model, options.device, options.threads)
    interval = runner.contract.sequence_interval_days
    if interval is None:
        ids, times, x = align_series(series)
        log(f"{len(ids)} series on {len(times)} time step(s), {x.shape[2]} value(s) per step")
        _refuse_unshared_times(runner, times, x, dates, time_name)
        _warn_unaligned(ids, times, x, dates, log)
        result = runner.predict(ids, x, what, options, log, progress, is_cancelled)
        result.times = times
        return result
    if not dates:
        _check_plain_times(series, interval, log)
    ids, last, x, left_out = regular_series(series, interval, runner.series_steps())
    ends = last[np.isfinite(last)]
    span = f"{time_text(ends.min(), dates)} to {time_text(ends.max(), dates)}" if len(ends) else "no values"
    log(
        f"{len(ids)} series on a regular grid of {interval:g} {'day' if dates else 'unit'}(s), {x.shape[1]} step(s), "
        f"{x.shape[2]} value(s) per step, each ending at its own last complete time ({span})"
    )
    if left_out:
        log(f"{left_out} observation(s) share a grid step with a nearer one and were left out.")
    result = runner.predict(ids, x, what, options, log, progress, is_cancelled)
    result.fields.append(("last_date", "text") if dates else ("last_time", "real"))
    for i, k in enumerate(ids):
        if result.outputs.get(k) is not None:
            result.outputs[k] += (time_text(last[i], dates) if dates else float(last[i]),)
    return result


def _refuse_unshared_times(
    runner: SequenceModel, times: np.ndarray, x: np.ndarray, dates: bool, time_name: str | None = None
) -> None:
    """Refuse series that each have the model's step count, but on times of their own (other years, seasons).

    Aligned on the union of their times they would be far longer than the model takes, mostly gaps;
    the usual message (a step count the model does not accept) would point the wrong way.
    """
    if runner.contract.sequence_window == "last" or not model_steps(runner.contract, runner.session.inputs[0].shape):
        return
    need = runner.window()
    counts = np.isfinite(x).any(axis=2).sum(axis=1)
    if len(times) > need and len(counts) > 1 and counts.max() <= need:
        raise InputError(
            f"Each series has at most {need} time(s), as many as the model takes, but the series do not share "
            f"their times: together they have {len(times)} different times ({time_text(times[0], dates)} to "
            f"{time_text(times[-1], dates)}), so each series would be {len(times)} steps, mostly gaps. Give every "
            f"series on the same {need} dates (e.g. one year or season, as the model was trained on), or run the "
            "model once per group of series that share their dates."
            + (
                f" If '{time_name}', the time field, holds values rather than the times of the series, choose the "
                "date or time field (TIME_FIELD)."
                if time_name and not dates
                else ""
            )
        )


def _check_plain_times(series: Series, interval: float, log: LogFn) -> None:
    """Plain-number times with a model whose step is in days: refuse decimal years, warn of a far finer spacing."""
    times = np.concatenate([np.asarray(t, np.float64).reshape(-1) for t, _ in series.values()] or [np.zeros(0)])
    times = np.unique(times[np.isfinite(times)])
    if len(times) < 2:
        return
    spacing = float(np.median(np.diff(times)))
    shown = f"{times[0]:g} to {times[-1]:g}, spaced about {spacing:.2g}"
    if 1800 <= times[0] and times[-1] <= 2300 and spacing < 1:
        raise InputError(
            f"The times of the table are plain numbers ({shown}) that look like decimal years, while the model's "
            f"step is in days (sequence_interval_days = {interval:g}), so each number would count as one day. Give "
            "the times as dates (e.g. 2018-04-14): convert the decimal years to dates first."
        )
    if spacing < interval / 2:
        log(
            f"Warning: the times of the table are plain numbers ({shown}), read in the model's step unit "
            f"(sequence_interval_days = {interval:g}, days): many share one step. If they are not days, give the "
            "times as dates (e.g. 2018-04-14)."
        )


def _warn_unaligned(ids: list, times: np.ndarray, x: np.ndarray, dates: bool, log: LogFn) -> None:
    """Warn where a model that declares no step is fed uneven steps, or series whose last steps are missing."""
    if len(times) > 2:
        steps = np.diff(times)
        if steps.max() > 1.5 * steps.min():
            at = int(np.argmax(steps))
            log(
                f"Warning: the times are unevenly spaced (steps of {steps.min():g} to {steps.max():g}, the longest "
                f"after {time_text(times[at], dates)}); the model is fed steps, not dates. For a model trained on a "
                "regular step, give sequence_interval_days in its metadata."
            )
    ended = [k for k, row in zip(ids, np.isfinite(x[:, -1]).any(axis=1)) if not row]
    if ended:
        log(
            f"Warning: {len(ended)} series have no values at the last time ({time_text(times[-1], dates)}): "
            f"{examples(ended)}. Their last steps are gaps (interpolation holds their last value). A forecaster "
            "should give sequence_interval_days in its metadata, so that each series is forecast from its own last "
            "time."
        )


def run_sequence_vector(
    model: str,
    layer_path: str,
    output_path: str,
    layer: str | None = None,
    fields: Sequence[str] | None = None,
    date_format: str | None = None,
    table: LongTable | None = None,
    id_field: str | None = None,
    options: TableOptions | None = None,
    log: LogFn | None = None,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    in_place: bool = False,
    field_prefix: str = "",
) -> RunResult:
    """Per feature: the series of a wide layer (date fields), or of a long table joined by `id_field`.

    Writes a GeoPackage copy of the layer with the model's fields (class, probabilities or
    forecasts); features without a result (masked, or no rows) get empty fields. Only with
    `in_place` (and no `output_path`) are the fields written onto the layer itself instead
    (GeoPackage or Shapefile, see `InPlaceWrite`). `field_prefix` is put before the new names.
    """
    log = log or quiet
    field_prefix = check_prefix(field_prefix)
    target = None
    if in_place:
        if output_path:
            raise InputError("The results go either onto the input layer or to a copy; give no output file in place.")
        target = InPlaceWrite(layer_path, layer, None if table is None else id_field, is_cancelled)
    else:
        check_outputs([output_path], [layer_path, *table_inputs(table)], [".gpkg"])
    with output_lock([layer_path if in_place else output_path], log):
        series, what = _layer_series(layer_path, layer, fields, date_format, table, id_field, log)
        options = options or TableOptions()
        runner = SequenceModel(model, options.device, options.threads)
        feature_names = None if table is None else tuple(table.value_names)
        if feature_names:  # (date fields are one feature per step: nothing to order)
            order = feature_order(feature_names, runner.contract.band_names, "value fields", log)
            if order is not None:
                series = reorder_columns(series, order)
                feature_names = tuple(feature_names[i] for i in order)
        # Dates or plain numbers, one kind for the whole table (series_from_long checked it).
        dates = table is None or not len(table.times) or time_number(table.times[0], date_format)[1] == "date"
        time_name = None if table is None else table.time_name
        result = run_sequence_table(runner, series, options, log, progress, is_cancelled, what, dates, time_name)
        plots = options.plots and plots_available(log)
        if plots and in_place:
            log("The series plots are written beside a copy; in place, none are written.")
            plots = False

        def write(tx: OutputTransaction) -> list[str]:
            if plots:  # before the fields get the names the copy gives them
                id_label = "feature" if table is None else str(id_field)
                result.plots = table_series_png(
                    tx, output_path, series, result, dates=dates, feature_names=feature_names, id_label=id_label,
                    log=log, contract=runner.contract,
                )  # fmt: skip
            new = [(field_prefix + n, kind) for n, kind in result.fields]
            if target is not None:
                names = target.write(new, result.outputs, tx)
            else:
                key_field = None if table is None else id_field
                names = write_layer_copy(
                    layer_path, layer, output_path, new, result.outputs, key_field, tx, is_cancelled
                )
            result.fields = [(n, kind) for n, (_, kind) in zip(names, result.fields)]
            return [layer_path if in_place else output_path]

        result.paths = commit_outputs(cancellable(write, is_cancelled), target)
        if target is not None:
            log(target.describe())
    return result


def _layer_series(layer_path, layer, fields, date_format, table: LongTable | None, id_field, log: LogFn):
    """The series of a layer's features and how messages name them: date fields, or a long table by id."""
    if table is None:
        series, chosen, dates = read_wide_layer(layer_path, layer, fields, date_format)
        log(f"Dates of the fields: {dates[0].date()} to {dates[-1].date()} ({len(dates)})")
        return series, f"the {len(chosen)} date fields"
    if not id_field:
        raise InputError("A long table needs the id field that joins it to the layer.")
    series = series_from_long(table, date_format)
    check_join(list(series), layer_keys(layer_path, layer, id_field), "the table", log)
    return series, "the table's series"
