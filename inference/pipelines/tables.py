# SPDX-License-Identifier: GPL-2.0-or-later
"""[from tables.py] The table path: sequence models over the series of features (monitoring points) and depths (wells).

Series come from tables instead of rasters but run through the pieces the raster path uses:
the session (session.py), the contract and its sequence pre-processing (sequences.py), the
model kind and its head (kinds.py, tasks.py: classes, probability or values), the same errors,
and outputs written under temporary names and renamed into place together
(files.OutputTransaction).

- Readers: a wide layer (numeric fields named by dates, as ground-motion exports are), a long
  table (id, time, values) joined to a layer by id, well logs (a table of well, depth, curves, or
  LAS files, one well each, read with lasio).
- `run_sequence_table` / `SequenceModel.predict`: (N, T, F) batches -> one row of fields per series.
- Writers: a GeoPackage copy of a layer with the new fields, or, only when the user asks, the
  fields on the layer itself (`InPlaceWrite`: all or nothing); and for wells a CSV per depth
  sample plus per-well summary fields (dominant class, thickness per class).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Sequence

import numpy as np

from ..engine.plan import RunStats
from ..engine.windows import run_model
from ..errors import CancelledError, InputError, ModelError, examples
from ..kinds.encoding import SequenceEncoding
from ..kinds.heads import ClassesHead, ProbabilityHead
from ..kinds.sequences import (
    GapCounts,
    all_masked,
    fed_values_warning,
    gaps_refused,
    model_steps,
    plan_sequence,
    window_length,
)
from ..kinds.tasks import build_kind, task_and_layout
from ..model.registry import resolve_model
from ..model.session import open_model
from ..outputs.files import OutputTransaction
from ..outputs.geotiff import check_output_path
from ..outputs.locks import output_lock
from ..outputs.plots import plots_available, table_series_png
from ..outputs.vector import InPlaceWrite, check_prefix, commit_outputs, field_name, unique_names, write_layer_copy
from ..progress import LogFn, quiet
from ..sources.dates import time_text
from ..sources.features import check_join, layer_keys, read_wide_layer
from ..sources.las import LasFiles
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
from ..sources.wells import WellTable


@dataclass
class TableOptions:
    """Engine settings of a table run (as in ClassifyParams)."""

    device: str = "auto"
    threads: int = 0
    batch_size: int = 1024
    band_offset: tuple[float, ...] | None = None  # per feature; override the model's scaling
    band_scale: tuple[float, ...] | None = None
    nonfinite: str = "fail"  # NaN or infinity from the model: "fail" the run or "mask" the series
    plots: bool = True  # PNGs beside the outputs (series per feature, strip log per well), committed with them


@dataclass
class TableResult:
    """What a model gave per series: `outputs[id]` holds one value per field (None: masked)."""

    output_kind: str
    fields: list[tuple[str, str]]  # (name, "integer" | "real" | "text")
    outputs: dict[Hashable, tuple | None]
    class_names: list[str]
    gaps: GapCounts
    task: str = "sequence"
    class_colors: list[str] = field(default_factory=list)  # the model's colour of each class (styles)
    times: np.ndarray | None = None  # the time steps the series were aligned on
    nonfinite: int = 0  # series masked because the model gave NaN
    paths: list[str] = field(default_factory=list)  # files written
    plots: list[str] = field(default_factory=list)  # PNGs written beside the outputs (not in paths)


class SequenceModel:
    """An opened sequence model for tables: (N, T, F) series in, one row of fields per series out."""

    def __init__(self, model: str, device: str = "auto", threads: int = 0) -> None:
        self.path = resolve_model(model)
        self.session = open_model(self.path, device, threads)
        self.contract = self.session.contract
        self.task, layout = task_and_layout(self.contract, self.session)
        if layout != "sequences":
            raise ModelError(
                f"The model {os.path.basename(self.path)} takes input of shape {list(self.session.inputs[0].shape)}; "
                "the sequence tools run models that take series (N, T, F). Use Classify raster for it."
            )

    def window(self) -> int:
        """Samples of a per-depth window (the model's steps, before step and differencing)."""
        return window_length(self.contract, self.session.inputs[0].shape)

    def series_steps(self) -> int | None:
        """Raw steps of a regular table series when the model reads the latest ones (sequence_window last)."""
        if self.contract.sequence_window != "last" or not model_steps(self.contract, self.session.inputs[0].shape):
            return None
        return self.window()

    def start(
        self, raw_steps: int, features: int, what: str, options: TableOptions | None = None, log: LogFn | None = None
    ) -> TableRun:
        """Plan the pre-processing of series of `raw_steps` x `features`; probe the model's outputs."""
        options = options or TableOptions()
        prep = plan_sequence(
            self.contract,
            self.session.inputs[0].shape,
            raw_steps=raw_steps,
            features=features,
            offset=options.band_offset,
            scale=options.band_scale,
            what=what,
        )
        (log or quiet)(prep.describe())
        kind = build_kind(
            self.contract, self.session, {"output": "table", "probabilities": "table"}, {}, what, SequenceEncoding(prep)
        )
        labels = tuple(self.session.class_labels)
        # Each series is a 1 x 1 "tile", so the kind's feed and the head's channels serve tables unchanged.
        ones = np.ones((2, 1, 1), bool)
        feed, n = kind.feed(np.zeros((2, prep.channels, 1, 1), np.float32), ones, ones)
        outputs = run_model(self.session, None, feed, n, RunStats())
        kind.head.configure(kind.to_maps(outputs, ones, labels, lenient=True), blended=False)
        kind.used_outputs = frozenset(kind.head.used_outputs())
        fields, row_of = _row_reader(kind.head, self.contract)
        names = list(getattr(kind.head, "names", []))
        result = TableResult(
            output_kind=_output_kind(kind.head),
            fields=fields,
            outputs={},
            class_names=names,
            gaps=GapCounts(),
            task=kind.task,
            class_colors=[self.contract.class_color(i) for i in range(len(names))],
        )
        interval = self.contract.sequence_interval_days
        step = f"{interval:g} day(s), sequence_interval_days" if interval else ""
        return TableRun(self.session, prep, kind, labels, row_of, result, what, options, log=log, step=step)

    def predict(
        self,
        ids: Sequence[Hashable],
        series: np.ndarray,
        what: str,
        options: TableOptions | None = None,
        log: LogFn | None = None,
        progress: Callable[[float], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> TableResult:
        """Run the model on raw series (N, T_raw, F), NaN at nodata steps, pre-processed as the contract says."""
        run = self.start(series.shape[1], series.shape[2], what, options, log)
        run.add(ids, series, progress, is_cancelled)
        return run.finish(log)


@dataclass
class TableRun:
    """A planned and probed table run; series are added in parts (one well at a time, say)."""

    session: Any
    prep: Any
    kind: Any
    labels: tuple
    row_of: Callable[[list[np.ndarray], int], tuple]
    result: TableResult
    what: str
    options: TableOptions
    log: LogFn | None = None
    step: str = ""  # the model's step (sequence_interval_days), for messages
    masked: list = field(default_factory=list)  # labels of the first masked series (for the warning)
    best_share: float = 0.0  # the largest share of valid steps among masked series
    units_checked: bool = False  # the fed values were checked for other units (once, on the first kept series)

    def add(
        self,
        ids: Sequence[Hashable],
        series: np.ndarray,
        progress: Callable[[float], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        where: str | None = None,
        label: Callable[[int], str] | None = None,
    ) -> None:
        """Run the model on raw series (N, T_raw, F) of `ids`; their rows join the result (None where masked).

        `label(i)` names series i in messages (default: its id).
        """
        prep, kind, result = self.prep, self.kind, self.result
        where = where or self.what
        label = label or (lambda i: str(ids[i]))
        x, keep, gaps = prep.prepare(series)
        if gaps.with_gaps and prep.gaps == "refuse":
            shown = examples([label(i) for i in np.flatnonzero(~keep)[:5]] + [""] * max(0, int((~keep).sum()) - 5))
            raise gaps_refused(gaps.with_gaps, f"of {where} (e.g. {shown})")
        result.gaps.add(gaps)
        result.outputs.update(dict.fromkeys(ids))
        lost = np.flatnonzero(~keep)
        if len(lost):
            self.masked += [label(i) for i in lost[: max(0, 5 - len(self.masked))]]
            used = series[lost][:, list(prep.indices)]
            self.best_share = max(self.best_share, float(np.isfinite(used).mean(axis=1).min(axis=1).max()))
        if not self.units_checked and keep.any():
            self.units_checked = True
            note = fed_values_warning(prep, x[keep][:20_000])
            if note:
                (self.log or quiet)(f"Warning: {note}")
        rows = np.flatnonzero(keep)
        batch = max(1, int(self.options.batch_size))
        stats = RunStats()
        for start in range(0, len(rows), batch):
            if is_cancelled and is_cancelled():
                raise CancelledError()
            idx = rows[start : start + batch]
            data = x[idx].reshape(len(idx), prep.channels, 1, 1)
            valid = np.ones((len(idx), 1, 1), bool)
            feed, n = kind.feed(data, valid, valid)
            outputs = run_model(self.session, None, feed, n, stats, kind.used_outputs)
            maps = kind.to_maps(outputs, valid, self.labels)
            channels = kind.head.to_channels(maps, data, valid)[:, :, 0, 0]
            ok = np.isfinite(channels).all(axis=1)
            if not ok.all():
                if self.options.nonfinite != "mask":
                    raise ModelError(
                        f"The model produced NaN or infinite values for {int((~ok).sum())} series of {where}; "
                        "nothing was written. Check the scaling and the model, or choose to mask such series "
                        "(NONFINITE=mask)."
                    )
                result.nonfinite += int((~ok).sum())
            arrays = kind.head.finalize(np.ascontiguousarray(channels.T)[:, :, None], ok[:, None], None, ok[:, None])
            for j in np.flatnonzero(ok):
                result.outputs[ids[idx[j]]] = self.row_of(arrays, j)
            if progress:
                progress(min(1.0, (start + len(idx)) / len(rows)))

    def finish(self, log: LogFn | None = None, masked: str | None = None, unit: str = "series") -> TableResult:
        """The result, with the gap counts logged; refuses a run whose every series was masked.

        `masked` says which series were masked and why (wells: the curves with gaps); default: their ids.
        `unit` names the series in messages (depth samples).
        """
        log = log or quiet
        gaps, outputs = self.result.gaps, self.result.outputs
        if gaps.masked and outputs and all(v is None for v in outputs.values()):
            detail = f" {masked[0].upper()}{masked[1:]}." if masked else ""
            raise all_masked(self.prep, len(outputs), unit, self.best_share, detail, self.step)
        if gaps.with_gaps:
            log(gaps.summary())
        if gaps.masked:
            shown = masked or f"e.g. {examples(self.masked + [''] * (gaps.masked - len(self.masked)))}"
            log(
                f"Warning: {gaps.masked} of {len(outputs)} {unit} were masked for their gaps (their fields are "
                f"empty): {shown}."
            )
        if self.result.nonfinite:
            log(f"Warning: {self.result.nonfinite} series where the model gave NaN or infinity were left empty.")
        return self.result


def _output_kind(head) -> str:
    if isinstance(head, ClassesHead):
        return "classes"
    return "probability" if isinstance(head, ProbabilityHead) else "values"






def _row_reader(head, contract) -> tuple[list[tuple[str, str]], Callable[[list[np.ndarray], int], tuple]]:
    """The fields a head gives per series, and how to read series j's values from its finalized arrays."""
    if isinstance(head, ClassesHead):
        name_of = dict(zip(head.values, head.names))
        probs = head.names[1:] if head.binary else head.names
        fields = [("class", "integer"), ("class_name", "text")]
        if head.probabilities_path:
            names = unique_names([f"p_{field_name(n, f'class_{i}')}" for i, n in enumerate(probs)])
            fields += [(n, "real") for n in names]

        def classes(arrays: list[np.ndarray], j: int) -> tuple:
            value = int(arrays[0][0, j, 0])
            probabilities = tuple(float(v) for v in arrays[1][:, j, 0]) if len(arrays) > 1 else ()
            return (value, name_of.get(value, str(value))) + probabilities

        return fields, classes
    if isinstance(head, ProbabilityHead):
        names = ["probability"]
    elif len(contract.class_names) == head.channels:
        names = unique_names([field_name(n, f"forecast_{i + 1}") for i, n in enumerate(contract.class_names)])
    else:
        names = [f"forecast_{i + 1}" for i in range(head.channels)]
    return [(n, "real") for n in names], lambda arrays, j: tuple(float(v) for v in arrays[0][:, j, 0])


def run_sequence_table(
    model: str | SequenceModel,
    series: Series,
    options: TableOptions | None = None,
    log: LogFn | None = None,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    what: str = "the series",
    dates: bool = True,
) -> TableResult:
    """Run a sequence model on series keyed by id (times as day numbers when `dates`, else plain numbers).

    A model whose metadata gives `sequence_interval_days` gets each series on its own regular grid of that
    step, ending at the series' own last complete time, which is written as a field (last_date, or
    last_time for plain numbers). Otherwise the series are aligned on the union of their times and the
    model is fed steps as they come (a missing time is a gap); uneven steps and series that end early are
    logged as warnings.
    """
    log = log or quiet
    options = options or TableOptions()
    runner = model if isinstance(model, SequenceModel) else SequenceModel(model, options.device, options.threads)
    interval = runner.contract.sequence_interval_days
    if interval is None:
        ids, times, x = align_series(series)
        log(f"{len(ids)} series on {len(times)} time step(s), {x.shape[2]} value(s) per step")
        _refuse_unshared_times(runner, times, x, dates)
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


def _refuse_unshared_times(runner: SequenceModel, times: np.ndarray, x: np.ndarray, dates: bool) -> None:
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


def table_inputs(table: LongTable | WellTable | LasFiles | None) -> list[tuple[str, str]]:
    """The files a run reads its table (or LAS files) from, which no output may overwrite."""
    if isinstance(table, LasFiles):
        return [(os.fspath(p), "a LAS file of the input") for p in table.paths if os.path.isfile(os.fspath(p))]
    source = getattr(table, "source", None)
    return [(source, "the well table" if isinstance(table, WellTable) else "the input table")] if source else []


def _same_file(a: str, b: str) -> bool:
    """Whether two paths (relative, through links, in other case on Windows) name one file."""
    if os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b)):
        return True
    try:
        return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)
    except OSError:
        return False


def check_outputs(outputs: list[str], inputs: list[str | tuple[str, str]], suffixes: list[str]) -> None:
    """Refuse outputs of the wrong type or that are an input: `inputs` are paths (the input layer) or (path, what)."""
    for path, suffix in zip(outputs, suffixes):
        if not str(path).lower().endswith(suffix):
            raise InputError(f"The output {path} must be a {suffix} file.")
        for source in inputs:
            source, what = source if isinstance(source, tuple) else (source, "the input layer")
            if source and _same_file(path, source):
                raise InputError(
                    f"The output {path} is {what} itself; choose another file name (the results go to a new file, "
                    "and the input is never changed)."
                )
        check_output_path(path)
    if len({os.path.abspath(p) for p in outputs}) != len(outputs):
        raise InputError("Two outputs have the same file name; give each output its own file.")


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
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    in_place: bool = False,
    field_prefix: str = "",
) -> TableResult:
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
    with output_lock([layer_path if in_place else output_path]):
        if table is None:
            series, chosen, dates = read_wide_layer(layer_path, layer, fields, date_format)
            what = f"the {len(chosen)} date fields"
            log(f"Dates of the fields: {dates[0].date()} to {dates[-1].date()} ({len(dates)})")
        else:
            if not id_field:
                raise InputError("A long table needs the id field that joins it to the layer.")
            series = series_from_long(table, date_format)
            check_join(list(series), layer_keys(layer_path, layer, id_field), "the table", log)
            what = "the table's series"
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
        result = run_sequence_table(runner, series, options, log, progress, is_cancelled, what, dates)
        plots = options.plots and plots_available(log)
        if plots and in_place:
            log("The series plots are written beside a copy; in place, none are written.")
            plots = False

        def write(tx: OutputTransaction) -> list[str]:
            key_field = None if table is None else id_field
            if plots:  # before the fields get the names the copy gives them
                result.plots = table_series_png(
                    tx,
                    output_path,
                    series,
                    result,
                    dates=dates,
                    feature_names=feature_names,
                    id_label="feature" if table is None else str(id_field),
                    log=log,
                    contract=runner.contract,
                )
            new = [(field_prefix + n, kind) for n, kind in result.fields]
            if target is not None:
                names = target.write(new, result.outputs, tx)
            else:
                names = write_layer_copy(
                    layer_path, layer, output_path, new, result.outputs, key_field, tx, is_cancelled
                )
            result.fields = [(n, kind) for n, (_, kind) in zip(names, result.fields)]
            return [layer_path if in_place else output_path]

        result.paths = commit_outputs(cancellable(write, is_cancelled), target)
        if target is not None:
            log(target.describe())
    return result


def cancellable(write: Callable[[OutputTransaction], list[str]], is_cancelled: Callable[[], bool] | None):
    """`write`, then a last look at the cancel button: a cancel before the commit leaves every file as it was."""

    def wrapped(transaction: OutputTransaction) -> list[str]:
        paths = write(transaction)
        if is_cancelled and is_cancelled():
            raise CancelledError()
        return paths

    return wrapped
