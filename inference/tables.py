# SPDX-License-Identifier: GPL-2.0-or-later
"""The table path: sequence models over the series of features (monitoring points) and depths (wells).

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

import csv
import math
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Callable, Hashable, Sequence

import numpy as np

from .engine import RunStats, run_model
from .errors import CancelledError, InputError, ModelError
from .files import OutputTransaction, output_lock, remove_sqlite, temporary_path
from .kinds import SequenceEncoding, build_kind, task_and_layout
from .plots import plots_available, table_series_png, well_pngs
from .raster_io import check_output_path
from .registry import resolve_model
from .sequences import (
    GapCounts,
    all_masked,
    check_date_format,
    day_number,
    examples,
    fed_values_warning,
    gaps_refused,
    model_steps,
    parse_date,
    parse_dates,
    plan_sequence,
    span_rows,
    window_length,
)
from .session import open_model
from .tasks import ClassesHead, ProbabilityHead

Series = dict  # id -> (times or depths (T,), values (T, F)); NaN values are nodata steps
LogFn = Callable[[str], None]


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


@dataclass
class LongTable:
    """A long table: one row per id and time, one column per value (feature)."""

    ids: Sequence[Any]
    times: Sequence[Any]
    values: Any  # (rows, F): numbers, or numbers as text
    value_names: tuple[str, ...] = ()
    source: str | None = None  # the file the table was read from: an output may never overwrite it


@dataclass
class WellTable:
    """Well logs: one row per well and depth sample, one column per curve (feature)."""

    wells: Sequence[Any]
    depths: Sequence[Any]
    curves: Any  # (rows, F): numbers, or numbers as text
    curve_names: tuple[str, ...] = ()
    source: str | None = None  # the file the table was read from: an output may never overwrite it


def _quiet(*_args) -> None:
    return None


# -- the model ---------------------------------------------------------------------------------------


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
        (log or _quiet)(prep.describe())
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
                (self.log or _quiet)(f"Warning: {note}")
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
        log = log or _quiet
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


def field_name(text: str, fallback: str) -> str:
    """A plain field name from a class or value name: lower case, letters, digits and underscores."""
    name = re.sub(r"\W+", "_", str(text).strip().lower()).strip("_")
    return name or fallback


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, i = name, 2
        while candidate.lower() in seen:
            candidate, i = f"{name}_{i}", i + 1
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def _row_reader(head, contract) -> tuple[list[tuple[str, str]], Callable[[list[np.ndarray], int], tuple]]:
    """The fields a head gives per series, and how to read series j's values from its finalized arrays."""
    if isinstance(head, ClassesHead):
        name_of = dict(zip(head.values, head.names))
        probs = head.names[1:] if head.binary else head.names
        fields = [("class", "integer"), ("class_name", "text")]
        if head.probabilities_path:
            names = _unique([f"p_{field_name(n, f'class_{i}')}" for i, n in enumerate(probs)])
            fields += [(n, "real") for n in names]

        def classes(arrays: list[np.ndarray], j: int) -> tuple:
            value = int(arrays[0][0, j, 0])
            probabilities = tuple(float(v) for v in arrays[1][:, j, 0]) if len(arrays) > 1 else ()
            return (value, name_of.get(value, str(value))) + probabilities

        return fields, classes
    if isinstance(head, ProbabilityHead):
        names = ["probability"]
    elif len(contract.class_names) == head.channels:
        names = _unique([field_name(n, f"forecast_{i + 1}") for i, n in enumerate(contract.class_names)])
    else:
        names = [f"forecast_{i + 1}" for i in range(head.channels)]
    return [(n, "real") for n in names], lambda arrays, j: tuple(float(v) for v in arrays[0][:, j, 0])


# -- series ------------------------------------------------------------------------------------------


def _sorted_series(series: Series) -> tuple[list[Hashable], list[tuple[np.ndarray, np.ndarray]], int]:
    """Ids, each series' (times, values (T, F)) sorted by time, and F; series of different F are refused."""
    if not series:
        raise InputError("There are no series to run the model on (no features or rows with values).")
    ids = list(series)
    features = None
    parts = []
    for key in ids:
        times, values = series[key]
        times = np.asarray(times, np.float64).reshape(-1)
        values = np.asarray(values, np.float64)
        values = values[:, None] if values.ndim == 1 else values
        if values.shape[0] != len(times):
            raise InputError(f"The series of '{key}' has {len(times)} times but {values.shape[0]} rows of values.")
        if features is None:
            features = values.shape[1]
        elif values.shape[1] != features:
            raise InputError(f"The series of '{key}' has {values.shape[1]} value(s) per time; the others {features}.")
        order = np.argsort(times, kind="stable")
        parts.append((times[order], values[order]))
    return ids, parts, features


def align_series(series: Series) -> tuple[list[Hashable], np.ndarray, np.ndarray]:
    """Series of each id -> ids, the sorted union of their times (T,), values (N, T, F) with NaN where missing."""
    ids, parts, features = _sorted_series(series)
    union = np.unique(np.concatenate([t for t, _ in parts]))
    x = np.full((len(ids), len(union), features), np.nan)
    for i, (times, values) in enumerate(parts):
        x[i, np.searchsorted(union, times)] = values
    return ids, union, x


def feature_order(given: Sequence[str], model: Sequence[str], what: str, log: LogFn) -> list[int] | None:
    """The value columns (curves) `given` in the order of the model's features (its band_names), by name.

    Names are matched without regard to case. The model's features in another order: the indices
    of the given columns in the model's order (logged); in that order already, or none of them
    named as a feature (a warning: fed in the order given): None. Some named as features but not
    all, or with others: refused, naming the model's features.
    """
    given, model = [str(n).strip() for n in given], [str(n).strip() for n in model]
    if not given or not model:
        return None
    lower, wanted = [n.lower() for n in given], [n.lower() for n in model]
    features = ", ".join(model)
    if lower == wanted:
        return None
    if sorted(lower) == sorted(wanted) and len(set(wanted)) == len(wanted):
        order = [lower.index(n) for n in wanted]
        log(
            f"The {what} {', '.join(given)} are the model's features in another order; they are fed in the model's "
            f"order: {', '.join(given[i] for i in order)}."
        )
        return order
    if not set(lower) & set(wanted):
        log(
            f"Warning: the model's features are {features} (band_names in its metadata), but none of the {what} "
            f"{', '.join(given)} is named so; they are fed in the order given. Check that it is the model's order."
        )
        return None
    extra = [n for n in given if n.lower() not in wanted]
    missing = [n for n in model if n.lower() not in lower]
    problems = [f"{examples(extra)} {'is' if len(extra) == 1 else 'are'} not among them"] if extra else []
    problems += [f"{examples(missing)} {'is' if len(missing) == 1 else 'are'} missing"] if missing else []
    if not problems:
        problems = ["some are given twice"]
    raise InputError(
        f"The {what} {', '.join(given)} are only partly the model's features, {features} (band_names in its "
        f"metadata): {'; '.join(problems)}. Choose the {what} of exactly those features (in any order: they are fed "
        "in the model's order)."
    )


def _reorder(series: Series, order: list[int] | None) -> Series:
    """Series with their value columns in `order` (None: as they are)."""
    if order is None:
        return series
    return {k: (times, np.asarray(values)[:, order]) for k, (times, values) in series.items()}


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
    log = log or _quiet
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


def time_text(value: float, dates: bool = True) -> str:
    """A time of a table as text: a day number as an ISO date (with the time of day if any), else the number."""
    if not dates:
        return f"{value:g}"
    moment = datetime(1970, 1, 1) + timedelta(days=float(value))
    return moment.date().isoformat() if moment.time() == datetime.min.time() else moment.isoformat()


def regular_series(
    series: Series, interval: float, steps: int | None = None
) -> tuple[list[Hashable], np.ndarray, np.ndarray, int]:
    """Each series on its own regular grid of `interval`, ending at its last complete time (every value given).

    Each observation goes to the nearest grid step (of two on one step, the nearer is kept); a step
    without one is a gap (NaN). The grid has `steps` steps (the model's window), or fewer when even
    the longest series is shorter; without `steps`, the longest series' span. Returns ids, the last
    times (N,) (NaN for a series without values), values (N, steps, F) and the observations left out.
    """
    ids, parts, features = _sorted_series(series)
    last = np.full(len(ids), np.nan)
    longest = 0
    for i, (times, values) in enumerate(parts):
        rows = span_rows(values)
        if len(rows):
            last[i] = times[rows[-1]]
            longest = max(longest, int(np.rint((last[i] - times[rows[0]]) / interval)) + 1)
    length = min(steps, longest) if steps else longest
    if length > 100_000:
        raise InputError(
            f"The longest series spans {length} steps of {interval:g} (sequence_interval_days in the model's "
            "metadata); at most 100 000 fit a run. Give the model's sequence_length with sequence_window last, or "
            "shorter series."
        )
    x = np.full((len(ids), max(length, 1), features), np.nan)
    left_out = 0
    for i, (times, values) in enumerate(parts):
        if not np.isfinite(last[i]):
            continue
        keep = np.isfinite(values).any(axis=1) & (times <= last[i])
        ago = (last[i] - times[keep]) / interval
        slot = np.rint(ago).astype(np.int64)
        inside = slot < length
        slot, distance, rows = slot[inside], np.abs(ago - np.rint(ago))[inside], values[keep][inside]
        order = np.argsort(-distance, kind="stable")  # the nearest is written last and wins
        x[i, length - 1 - slot[order]] = rows[order]
        left_out += len(slot) - len(np.unique(slot))
    return ids, last, x, left_out


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


def key(value: Any) -> str | None:
    """An id as text, so that 7, 7.0 and '7' join; None for an empty id."""
    if value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    return text or None


def _time_number(value: Any, date_format: str | None) -> tuple[float | None, str]:
    """A time as a number: dates as days since 1970, numbers (also as text) as they are; says which it was."""
    if isinstance(value, datetime):
        return day_number(value), "date"
    if isinstance(value, date):
        return day_number(datetime(value.year, value.month, value.day)), "date"
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return (float(value) if math.isfinite(float(value)) else None), "number"
    parsed = parse_date(value, date_format) if value is not None else None
    if parsed:
        return day_number(parsed), "date"
    try:  # a CSV read as text: "12.5"
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None, "date"
    return (number if math.isfinite(number) else None), "number"


def _matrix(rows: Any, names: Sequence[str], what: str) -> np.ndarray:
    """Value columns (rows, F) as float64: numbers, or numbers as text (a CSV); empty cells are NaN."""
    if isinstance(rows, np.ndarray) and rows.dtype.kind in "fiu":
        out = rows.astype(np.float64)
        return out[:, None] if out.ndim == 1 else out
    out = []
    for r, row in enumerate(rows):
        values = []
        for c, value in enumerate(row if isinstance(row, (list, tuple, np.ndarray)) else [row]):
            if value is None or (isinstance(value, str) and not value.strip()):
                values.append(np.nan)
                continue
            try:
                values.append(float(value))
            except (TypeError, ValueError):
                column = names[c] if c < len(names) else f"column {c + 1}"
                raise InputError(f"Row {r + 1} of {what} has {value!r} in '{column}', not a number.") from None
        if out and len(values) != len(out[0]):
            raise InputError(
                f"Row {r + 1} of {what} has {len(values)} value(s), the rows before it {len(out[0])}; give every row "
                "one value per value column."
            )
        out.append(values)
    return np.asarray(out, np.float64)


def _check_rows(what: str, per_row: str, columns: dict[str, Any]) -> None:
    """Refuse a table without rows, or whose columns (ids, times, values) differ in length."""
    lengths = {name: len(column) for name, column in columns.items()}
    if not any(lengths.values()):
        raise InputError(f"{what} has no rows (only a header?); give one row per {per_row}.")
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{n} {name}" for name, n in lengths.items())
        raise InputError(f"The columns of {what.lower()} differ in length ({shown}); give every row each column.")


def series_from_long(table: LongTable, date_format: str | None = None) -> Series:
    """A long table -> series per id, sorted by time; refuses empty ids, non-dates and an id's time given twice."""
    _check_rows("The table", "id and time", {"ids": table.ids, "times": table.times, "rows of values": table.values})
    date_format = check_date_format(date_format)
    values = _matrix(table.values, table.value_names, "the table")
    keys = [key(v) for v in table.ids]
    if None in keys:
        raise InputError(f"Row {keys.index(None) + 1} of the table has no id; give every row an id.")
    numbers, kinds, wrong = [], set(), []
    for value in table.times:
        number, kind = _time_number(value, date_format)
        if number is None:
            wrong.append(value)
        numbers.append(number)
        kinds.add(kind)
    if wrong:
        tried = date_format or "the default formats, e.g. 2020-01-31"
        raise InputError(
            f"{len(wrong)} time value(s) of the table are not dates or numbers: {examples(wrong)} ({tried}). "
            "Set the date format, or fix those rows."
        )
    if len(kinds) > 1:
        raise InputError("The time column mixes dates and plain numbers; give one or the other.")
    groups: dict[str, list[int]] = {}
    for row, k in enumerate(keys):
        groups.setdefault(k, []).append(row)
    times = np.asarray(numbers, np.float64)
    out: Series = {}
    for k, rows in groups.items():
        rows = np.asarray(rows)[np.argsort(times[rows], kind="stable")]
        same = np.flatnonzero(np.diff(times[rows]) == 0)
        if len(same):
            shown = table.times[rows[same[0]]]
            raise InputError(f"The id '{k}' has two rows for the time {shown}; each id may have one row per time.")
        out[k] = (times[rows], values[rows])
    return out


def wells_from_table(table: WellTable, nodata: float | None = None) -> Series:
    """Well logs -> series per well in table order; depths must increase down each well."""
    _check_rows(
        "The well table",
        "well and depth sample",
        {"wells": table.wells, "depths": table.depths, "rows of curves": table.curves},
    )
    curves = _matrix(table.curves, table.curve_names, "the well table")
    if nodata is not None:
        curves[curves == nodata] = np.nan
    groups: dict[str, list[int]] = {}
    for row, well in enumerate(table.wells):
        k = key(well)
        if k is None:
            raise InputError(f"Row {row + 1} of the well table has no well id; give every row its well.")
        groups.setdefault(k, []).append(row)
    out: Series = {}
    problems: list[str] = []  # one per well whose depths do not increase, all told in one message
    repeated = 0  # rows that repeat the row before them exactly (depth and curves)
    for well, rows in groups.items():
        depths = []
        for row in rows:
            value = table.depths[row]
            number, kind = _time_number(value, None)
            if number is None or kind != "number":
                raise InputError(f"Row {row + 1} (well '{well}') has the depth {value!r}, not a number.")
            depths.append(number)
        d = np.asarray(depths)
        values = curves[rows]
        steps = np.diff(d)
        bad = np.flatnonzero(steps <= 0)
        if len(bad):
            same = [int(i) for i in bad if steps[i] == 0 and np.array_equal(values[i], values[i + 1], equal_nan=True)]
            repeated += len(same)
            i = int(bad[0])
            where = f"rows {rows[i] + 1} and {rows[i + 1] + 1}"
            if steps[i] == 0:
                text = f"Well '{well}' has the depth {d[i]:g} twice ({where}{', identical' if i in same else ''})"
            else:
                text = f"the depths of well '{well}' go up from {d[i]:g} to {d[i + 1]:g} ({where})"
            problems.append(text + (f" and at {len(bad) - 1} more row(s)" if len(bad) > 1 else ""))
        out[well] = (d, values)
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more well(s)" if len(problems) > 10 else "")
        head = (
            f"{shown[0].upper()}{shown[1:]}"
            if len(problems) == 1
            else (f"{len(problems)} wells have depths that do not increase down the well: {shown}")
        )
        duplicates = (
            f" and remove the duplicate rows ({repeated} row(s) repeat the row before them exactly)" if repeated else ""
        )
        raise InputError(
            f"{head}. Rows are counted from the first data row (the header is not counted). Depths must increase "
            f"down each well: sort the table by well and depth{duplicates}, or fix those rows."
        )
    return out


def check_depths(well: str, d: np.ndarray, where: Callable[[int], str], fix: str) -> None:
    """Refuse depths that do not increase down a well; `where(i)` names samples i and i + 1 (rows, or samples)."""
    steps = np.diff(d)
    if (steps <= 0).any():
        i = int(np.flatnonzero(steps <= 0)[0])
        if steps[i] == 0:
            raise InputError(f"Well '{well}' has the depth {d[i]:g} twice ({where(i)}).")
        raise InputError(
            f"The depths of well '{well}' go up from {d[i]:g} to {d[i + 1]:g} ({where(i)}); depths must increase "
            f"down each well. {fix}"
        )


# -- LAS files ---------------------------------------------------------------------------------------


@dataclass
class LasFiles:
    """Well logs as LAS files, one well per file: files and folders of .las files, and the curves by mnemonic."""

    paths: Sequence[str]
    curves: tuple[str, ...] = ()  # in the model's order; empty: the model's band_names


def import_lasio() -> Any:
    """Import lasio (the LAS reader), or say how to install it into the Python that QGIS uses."""
    try:
        import lasio
    except ImportError:
        from .session import qgis_python

        python = qgis_python()
        raise InputError(
            f"Reading LAS files needs the Python package lasio, which is not installed in the Python that QGIS uses "
            f"({python}). Install it with: {python} -m pip install --user lasio==0.32 (on Debian 12 and newer add "
            "--break-system-packages; on Windows run python -m pip install lasio==0.32 in the OSGeo4W Shell), then "
            "restart QGIS. Or give the logs as a table (well, depth, curves)."
        ) from None
    return lasio


def las_paths(paths: Sequence[str]) -> list[str]:
    """The LAS files given: files as they are, folders as their .las files (sorted); each file once."""
    out: list[str] = []
    seen: set[str] = set()
    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            found = sorted(
                os.path.join(path, n)
                for n in os.listdir(path)
                if n.lower().endswith(".las") and os.path.isfile(os.path.join(path, n))
            )
            if not found:
                raise InputError(f"The folder {path} holds no .las files; choose the folder of the LAS files.")
        elif os.path.isfile(path):
            found = [path]
        else:
            raise InputError(f"The LAS file {path} does not exist; check the path.")
        for name in found:
            real = os.path.normcase(os.path.realpath(name))
            if real not in seen:
                seen.add(real)
                out.append(name)
    if not out:
        raise InputError("No LAS files were given; give the files of the wells, or their folder.")
    return out


def _las_curve(las, name: str, well: str, path: str) -> np.ndarray:
    """The data of curve `name` (a mnemonic, any case) of an opened LAS file, as float64."""
    mnemonics = [c.mnemonic for c in las.curves]
    matches = [m for m in mnemonics if m == name] or [m for m in mnemonics if m.lower() == name.lower()]
    if not matches:  # lasio names a mnemonic given twice GR:1, GR:2
        matches = [m for m in mnemonics if m.split(":")[0].lower() == name.lower()]
    if len(matches) != 1:
        listed = ", ".join(mnemonics)
        if matches:
            raise InputError(
                f"Well '{well}' ({os.path.basename(path)}) has the curve '{name}' {len(matches)} times "
                f"({', '.join(matches)}); choose one of them by that name. Its curves: {listed}."
            )
        raise InputError(
            f"Well '{well}' ({os.path.basename(path)}) has no curve '{name}', which the model needs; its curves: "
            f"{listed}. Choose the curves by their LAS mnemonics, in the model's order."
        )
    try:
        return np.asarray(las[matches[0]], np.float64)
    except (TypeError, ValueError):
        raise InputError(
            f"The curve '{matches[0]}' of well '{well}' ({os.path.basename(path)}) holds text, not numbers."
        ) from None


def read_las(path: str, curves: Sequence[str]) -> tuple[str, np.ndarray, np.ndarray, str]:
    """One LAS file -> (well id, depths (n,), curves (n, F) with NaN at the file's NULL value, depth unit).

    The well id is the WELL header item, else the file name; the depths are the index (first)
    curve. A file logged upwards (every depth smaller than the one before) is turned over.
    """
    lasio = import_lasio()
    name = os.path.basename(path)
    try:
        las = lasio.read(path)  # the NULL value of the ~Well section becomes NaN
    except Exception as exc:  # noqa: BLE001 (lasio raises KeyError, ValueError, LASHeaderError, ...)
        detail = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc  # a KeyError's str() adds quotes
        raise InputError(
            f"The file {path} is not a LAS file that can be read ({detail}); give LAS 1.2 or 2.0 files (one well each)."
        ) from None
    if len(las.curves) < 2 or las.data.size == 0:
        raise InputError(
            f"The LAS file {name} has no depth samples with log curves; give a LAS file with a ~Curve section "
            "(depth first) and data."
        )
    try:
        well = key(las.well["WELL"].value)
    except KeyError:
        well = None
    well = well or os.path.splitext(name)[0]
    depths = np.asarray(las.index, np.float64)
    values = np.stack([_las_curve(las, c, well, path) for c in curves], axis=1)
    if not np.isfinite(depths).all():
        i = int(np.flatnonzero(~np.isfinite(depths))[0])
        raise InputError(
            f"Sample {i + 1} of well '{well}' ({name}) has no depth (the NULL value in the depth curve "
            f"'{las.curves[0].mnemonic}'); every sample needs its depth."
        )
    if len(depths) > 1 and (np.diff(depths) < 0).all():
        depths, values = depths[::-1], values[::-1]
    check_depths(
        well,
        depths,
        lambda i: f"samples {i + 1} and {i + 2} of {name}",
        f"Fix the depth curve '{las.curves[0].mnemonic}' of {name}.",
    )
    unit = (las.index_unit or las.curves[0].unit or "").strip()
    return well, depths, values, unit


_DEPTH_METRES = {"M": 1.0, "FT": 0.3048, ".1IN": 0.00254}  # lasio's index_unit


def wells_from_las(
    paths: Sequence[str], curves: Sequence[str], nodata: float | None = None, log: LogFn | None = None
) -> Series:
    """LAS files (or folders of them), one well per file -> series per well, as `wells_from_table` gives them.

    Curves are taken by mnemonic (any case), in the order given; the LAS NULL value and `nodata`
    become NaN. Depths in feet and metres in one run are converted to the unit of the first well.
    """
    log = log or _quiet
    curves = [c.strip() for c in curves if c and c.strip()]
    files = las_paths(paths)
    if not curves:
        raise InputError(
            "Give the curves the model takes, by their LAS mnemonics (such as GR, RHOB), in the model's order; "
            "the model's metadata names none (band_names)."
        )
    out: Series = {}
    source: dict[str, str] = {}
    units: dict[str, str] = {}
    for path in files:
        well, depths, values, unit = read_las(path, curves)
        if well in out:
            raise InputError(
                f"Well '{well}' is in two LAS files, {os.path.basename(source[well])} and {os.path.basename(path)} "
                "(the id is the WELL header item, else the file name); give each well one file, or fix its WELL item."
            )
        if nodata is not None:
            values[values == nodata] = np.nan
        out[well], source[well], units[well] = (depths, values), path, unit
    first = units[next(iter(out))]
    if len({u.upper() for u in units.values()}) > 1:
        if not all(u.upper() in _DEPTH_METRES for u in units.values()):
            shown = ", ".join(f"'{w}' in {u or 'no unit'}" for w, u in units.items())
            raise InputError(
                f"The depths of the LAS files are in different units ({shown}); give every well in one unit."
            )
        for well, (depths, values) in out.items():
            factor = _DEPTH_METRES[units[well].upper()] / _DEPTH_METRES[first.upper()]
            out[well] = (depths * factor, values)
        log(f"Depths of wells in other units were converted to {first}.")
    log(
        f"{len(out)} LAS file(s): well(s) {examples(list(out))}; curves {', '.join(curves)}; depths in "
        f"{first or 'an unnamed unit'}"
    )
    return out


# -- layers (OGR) ------------------------------------------------------------------------------------


def _open_layer(path: str, layer: str | None):
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    ogr.UseExceptions()
    try:
        ds = ogr.Open(path)
    except RuntimeError as exc:
        raise InputError(f"Cannot open the vector layer {path}: {exc}") from None
    if ds is None:
        raise InputError(f"Cannot open the vector layer {path}.")
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    if lyr is None:
        raise InputError(f"The file {path} has no layer '{layer}'.")
    return ds, lyr


def _field_names(lyr) -> list[str]:
    defn = lyr.GetLayerDefn()
    return [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]


def read_wide_layer(
    path: str, layer: str | None = None, fields: Sequence[str] | None = None, date_format: str | None = None
) -> tuple[Series, list[str], list[datetime]]:
    """Series per feature (keyed by feature id) from numeric fields whose names are dates.

    `fields` None: every numeric field whose name parses as a date. Dates must be in field
    order and given once. Returns the series, the fields used and their dates.
    """
    from osgeo import ogr

    date_format = check_date_format(date_format)
    ds, lyr = _open_layer(path, layer)
    defn = lyr.GetLayerDefn()
    names = _field_names(lyr)
    numeric = {
        names[i]
        for i in range(len(names))
        if defn.GetFieldDefn(i).GetType() in (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal)
    }
    if fields:
        missing = [f for f in fields if f not in names]
        if missing:
            raise InputError(f"The layer has no field(s) {examples(missing)}; its fields: {', '.join(names)}.")
        chosen = list(fields)
    else:
        chosen = [n for n in names if n in numeric and parse_date(n, date_format)]
        if not chosen and date_format:
            raise InputError(
                f"No numeric field of the layer is named by a date in the format {date_format} (its numeric fields: "
                f"{examples([n for n in names if n in numeric]) or 'none'}); the whole name must follow the format. "
                "Fix the format, or "
                "leave it empty to find common formats (2020-01-31, 20200131) in the names."
            )
        if not chosen:
            raise InputError(
                "No numeric field of the layer is named by a date (such as 2020-01-31 or 20200131); choose the "
                "date fields, or set the date format their names follow."
            )
    dates = parse_dates(chosen, date_format, "field")
    text = [f for f in chosen if f not in numeric]
    if text:
        raise InputError(f"The date field(s) {examples(text)} are not numeric; the series must be numbers.")
    index = [names.index(f) for f in chosen]
    series: Series = {}
    times = np.array([day_number(d) for d in dates])
    for feature in lyr:
        row = [feature.GetFieldAsDouble(i) if feature.IsFieldSetAndNotNull(i) else np.nan for i in index]
        series[feature.GetFID()] = (times, np.asarray(row, np.float64)[:, None])
    del lyr, ds  # the layer first: it belongs to the dataset
    return series, chosen, dates


def layer_keys(path: str, layer: str | None, id_field: str) -> list[str | None]:
    """The ids of a layer's features (as `key` gives them), in feature order."""
    ds, lyr = _open_layer(path, layer)
    names = _field_names(lyr)
    if id_field not in names:
        raise InputError(f"The layer has no field '{id_field}'; its fields: {', '.join(names)}.")
    out = [key(f.GetField(id_field)) for f in lyr]
    del lyr, ds
    return out


def check_join(
    table_ids: Sequence[str], layer_ids: Sequence[str | None], what: str, log: LogFn, strict: bool = True
) -> None:
    """Refuse table ids the layer does not have (count and examples); log layer features without a series.

    Not `strict` (well summaries), only a table none of whose ids the layer has is refused; the
    others are logged.
    """
    have = {k for k in layer_ids if k is not None}
    missing = [k for k in table_ids if k not in have]
    if missing and not strict and len(missing) < len(table_ids):
        log(f"Warning: {len(missing)} id(s) of {what} are not in the layer ({examples(missing)}); they get no summary.")
    elif missing:
        raise InputError(
            f"{len(missing)} of the {len(table_ids)} id(s) of {what} are not in the layer: {examples(missing)} "
            f"(the layer has e.g. {examples(sorted(have)[:3]) or 'no ids'}). Check the id fields of both; nothing "
            "was written."
        )
    given = set(table_ids)  # once, not per feature
    without = sum(1 for k in layer_ids if k not in given)
    if without:
        log(f"Warning: {without} feature(s) of the layer have no rows in {what}; their new fields are empty.")


_OGR_TYPES = {"integer": "OFTInteger", "real": "OFTReal", "text": "OFTString"}


def write_layer_copy(
    path: str,
    layer: str | None,
    output_path: str,
    fields: list[tuple[str, str]],
    values: dict[Hashable, tuple | None],
    key_field: str | None,
    transaction: OutputTransaction,
    is_cancelled: Callable[[], bool] | None = None,
) -> list[str]:
    """A GeoPackage copy of a layer with new fields, joined by feature id (`key_field` None) or by a field.

    The copy is written under a temporary name and joins the transaction. A new field whose
    name the layer already has gets a number (class_2). Returns the new fields' names. A cancel
    (`is_cancelled`, looked at every 1,000 features) removes the copy and raises CancelledError.
    """
    from osgeo import ogr

    src, lyr = _open_layer(path, layer)
    existing = _field_names(lyr)
    names = _unique(existing + [f for f, _ in fields])[len(existing) :]
    tmp = temporary_path(output_path, ".gpkg")
    os.unlink(tmp)  # the GPKG driver creates the file itself
    dst = ogr.GetDriverByName("GPKG").CreateDataSource(tmp)
    try:
        name = os.path.splitext(os.path.basename(output_path))[0]
        out = dst.CreateLayer(name, srs=lyr.GetSpatialRef(), geom_type=lyr.GetGeomType())
        defn = lyr.GetLayerDefn()
        for i in range(defn.GetFieldCount()):
            out.CreateField(defn.GetFieldDefn(i))
        for new, (_, kind) in zip(names, fields):
            out.CreateField(ogr.FieldDefn(new, getattr(ogr, _OGR_TYPES[kind])))
        dst.StartTransaction()
        for number, feature in enumerate(lyr):
            if is_cancelled and number % 1000 == 0 and is_cancelled():
                raise CancelledError()
            copy = ogr.Feature(out.GetLayerDefn())
            copy.SetFrom(feature)
            row = values.get(feature.GetFID() if key_field is None else key(feature.GetField(key_field)))
            for new, value in zip(names, row or ()):
                copy.SetField(new, value)
            out.CreateFeature(copy)
        dst.CommitTransaction()
        dst = None
        transaction.add(tmp, output_path)
    except BaseException:
        dst = None
        remove_sqlite(tmp)
        raise
    finally:
        del lyr, src
    return names


IN_PLACE_DRIVERS = {"GPKG": "GeoPackage", "ESRI Shapefile": "Shapefile"}
LITHOSCOPE_FIELDS = "LITHOSCOPE_FIELDS"  # GeoPackage layer metadata item: the fields Lithoscope wrote (JSON list)


def _fields_record(shapefile: str) -> str:
    """The file beside a Shapefile that lists the fields Lithoscope wrote (a Shapefile has no metadata)."""
    return os.path.splitext(shapefile)[0] + ".lithoscope.json"


def _shapefile_part(shapefile: str, suffix: str) -> str | None:
    """The file of a Shapefile with `suffix` (any case), or None."""
    folder, stem = os.path.split(os.path.splitext(os.path.abspath(shapefile))[0])
    for name in os.listdir(folder):
        base, ext = os.path.splitext(name)
        if base == stem and ext.lower() == suffix:
            return os.path.join(folder, name)
    return None


def check_in_place(path: str, layer: str | None = None) -> str:
    """Refuse a layer that cannot be changed in place (not a GeoPackage or Shapefile, read-only); its driver."""
    ds, lyr = _open_layer(path, layer)
    driver = ds.GetDriver().GetName()
    del lyr, ds
    if driver not in IN_PLACE_DRIVERS:
        raise InputError(
            f"Only GeoPackage and Shapefile layers can get the results on the layer itself; {path} is a {driver} "
            "file. Write the results to a copy (leave 'write to the input layer' off), or save the layer as a "
            "GeoPackage first."
        )
    files = [path] if driver == "GPKG" else [_shapefile_part(path, ".dbf") or path]
    folder = os.path.dirname(os.path.abspath(path))
    if not all(os.access(f, os.W_OK) for f in files) or not os.access(folder, os.W_OK):
        raise InputError(
            f"The layer {path} (or its folder) is read-only, so its fields cannot be changed; write the results to "
            "a copy instead (leave 'write to the input layer' off)."
        )
    return driver


def _check_prefix(prefix: str) -> str:
    prefix = (prefix or "").strip()
    if prefix and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", prefix):
        raise InputError(
            f"The field prefix '{prefix}' must start with a letter or underscore and hold only letters, digits and "
            "underscores (e.g. seq_)."
        )
    return prefix


def _short(names: list[str], limit: int) -> list[str]:
    """Field names cut to `limit` characters (a Shapefile's 10), kept unique."""
    out: list[str] = []
    for name in names:
        candidate, i = name[:limit], 2
        while candidate.lower() in {n.lower() for n in out}:
            candidate, i = f"{name[: limit - len(str(i)) - 1]}_{i}", i + 1
        out.append(candidate)
    return out


def _own_fields(text: str | None, where: str, remove: str, key: str | None = None) -> set[str]:
    """The fields Lithoscope wrote on a layer before, from their record (JSON: a list of names, or {key: list}).

    A record that is not such JSON is refused (InputError) naming `where` it is and how to `remove` it.
    """
    import json

    if text is None or not text.strip():
        return set()
    try:
        value = json.loads(text)
        if key is None:
            names = value
        else:
            names = value.get(key) if isinstance(value, dict) else None
        ok = isinstance(names, list) and all(isinstance(n, str) for n in names)
    except ValueError as exc:
        names, ok, problem = None, False, f"not valid JSON: {exc}"
    else:
        problem = f"not a list of field names: {text.strip()[:80]!r}"
    if not ok:
        expected = f'{{"{key}": ["name", ...]}}' if key else '["name", ...]'
        raise InputError(
            f"{where} is {problem}; expected {expected}. Nothing was changed. {remove} (fields of those names then "
            "count as not written by Lithoscope: give a field prefix), or write the results to a copy."
        )
    return {n.lower() for n in names}


class InPlaceWrite:
    """New fields written onto a layer itself (only when the user asks), all or nothing.

    GeoPackage: the fields, the values and the record of Lithoscope's fields go in one SQLite
    transaction, rolled back on a failure or a cancel, so the file stays byte-identical.
    Shapefile: a copy of its .dbf (the attributes; with its .cpg) in a temporary folder beside it
    gets the fields and joins the output transaction; the .shp and .shx (geometries) are never
    copied or rewritten. Fields of the same names are refused unless Lithoscope wrote them
    before (a second run updates them); the runs' field prefix gives the new fields other names.
    """

    def __init__(
        self,
        path: str,
        layer: str | None = None,
        key_field: str | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.path, self.layer, self.key_field = path, layer, key_field
        self.is_cancelled = is_cancelled
        self.driver = check_in_place(path, layer)
        self.added: list[str] = []
        self.updated: list[str] = []
        self.features = 0
        self._ds = None  # GeoPackage opened for writing
        self._open = False  # its transaction is open
        self._folder: str | None = None  # Shapefile: the temporary copy

    def _names(self, lyr, fields: list[tuple[str, str]], own: set[str]) -> list[str]:
        """The names the new fields get; refuses names the layer has unless Lithoscope wrote them (same type)."""
        from osgeo import ogr

        names = [name for name, _ in fields]
        if self.driver == "ESRI Shapefile":
            names = _short(names, 10)
        defn = lyr.GetLayerDefn()
        have = {defn.GetFieldDefn(i).GetName().lower(): defn.GetFieldDefn(i) for i in range(defn.GetFieldCount())}
        foreign = [n for n in names if n.lower() in have and n.lower() not in own]
        if foreign:
            raise InputError(
                f"The layer {self.path} already has the field(s) {examples(foreign)}, which Lithoscope did not write; "
                "nothing was changed. Give a prefix for the new fields (FIELD_PREFIX), or write the results to a "
                "copy instead."
            )
        for name, (_, kind) in zip(names, fields):
            existing = have.get(name.lower())
            if existing is not None and existing.GetType() != getattr(ogr, _OGR_TYPES[kind]):
                raise InputError(
                    f"The field '{name}' of {self.path}, written by Lithoscope before, holds {existing.GetTypeName()} "
                    f"values but this run writes {kind} ones; nothing was changed. Delete that field, or give a prefix "
                    "for the new fields (FIELD_PREFIX)."
                )
        self.added = [n for n in names if n.lower() not in have]
        self.updated = [n for n in names if n.lower() in have]
        return names

    def _fill(self, lyr, fields: list[tuple[str, str]], values: dict[Hashable, tuple | None], own: set[str]):
        from osgeo import ogr

        names = self._names(lyr, fields, own)
        if self.key_field is not None and lyr.GetLayerDefn().GetFieldIndex(self.key_field) < 0:
            raise InputError(f"The layer has no field '{self.key_field}'; its fields: {', '.join(_field_names(lyr))}.")
        for name, (_, kind) in zip(names, fields):
            if name in self.added:
                lyr.CreateField(ogr.FieldDefn(name, getattr(ogr, _OGR_TYPES[kind])))
        lyr.ResetReading()
        for feature in lyr:
            if self.is_cancelled and self.is_cancelled():
                raise CancelledError("Cancelled by the user; the layer was not changed and no output was written.")
            k = feature.GetFID() if self.key_field is None else key(feature.GetField(self.key_field))
            row = values.get(k) or (None,) * len(names)
            for name, value in zip(names, row):
                if value is None:
                    feature.SetFieldNull(name)
                else:
                    feature.SetField(name, value)
            lyr.SetFeature(feature)
            self.features += 1
        return names

    def write(
        self, fields: list[tuple[str, str]], values: dict[Hashable, tuple | None], transaction: OutputTransaction
    ) -> list[str]:
        """Add or update the fields (uncommitted until `commit`); values by feature id or by `key_field`."""
        import json

        from osgeo import ogr

        if self.driver == "GPKG":
            try:
                self._ds = ogr.Open(self.path, 1)
            except RuntimeError as exc:
                raise InputError(
                    f"Cannot open {self.path} for writing ({exc}); close what holds it (an edit session, another "
                    "program) or write the results to a copy."
                ) from None
            lyr = self._ds.GetLayerByName(self.layer) if self.layer else self._ds.GetLayer(0)
            if not lyr.TestCapability(ogr.OLCCreateField) or not lyr.TestCapability(ogr.OLCRandomWrite):
                raise InputError(f"The layer of {self.path} cannot be changed (a view?); write the results to a copy.")
            own = _own_fields(
                lyr.GetMetadataItem(LITHOSCOPE_FIELDS),
                f"The layer {self.path} has a metadata item {LITHOSCOPE_FIELDS} (the fields Lithoscope wrote before)",
                f"Remove that metadata item (with GDAL: layer.SetMetadataItem('{LITHOSCOPE_FIELDS}', None))",
            )
            self._ds.StartTransaction()  # one SQLite transaction: fields, values and the record, or nothing
            self._open = True
            names = self._fill(lyr, fields, values, own)
            lyr.SetMetadataItem(LITHOSCOPE_FIELDS, json.dumps(sorted(own | {n.lower() for n in names})))
            self._ds.FlushCache()  # the record is written inside the transaction
            return names
        import shutil
        import tempfile

        record = _fields_record(self.path)
        own: set[str] = set()
        if os.path.exists(record):
            try:
                with open(record, encoding="utf-8") as f:
                    text = f.read()
            except OSError as exc:
                raise InputError(
                    f"Cannot read {record} ({exc.strerror or exc}), the list of the fields Lithoscope wrote on "
                    f"{self.path}; nothing was changed. Make it readable, or write the results to a copy."
                ) from None
            own = _own_fields(text, f"The file {record}", "Delete that file", "fields")
        dbf = _shapefile_part(self.path, ".dbf")
        if dbf is None:
            raise InputError(
                f"The Shapefile {self.path} has no .dbf file (its attributes), so no fields can be added to it; "
                "write the results to a copy instead."
            )
        # Only the attributes (.dbf, and the .cpg naming their encoding) are copied and changed: OGR opens a
        # .dbf alone as a table of the same records, and the .shp and .shx (geometries) are never touched.
        folder = os.path.dirname(os.path.abspath(self.path))
        self._folder = tempfile.mkdtemp(prefix=".lithoscope-", dir=folder)
        copy = os.path.join(self._folder, os.path.basename(dbf))
        shutil.copy2(dbf, copy)
        cpg = _shapefile_part(self.path, ".cpg")
        if cpg:
            shutil.copy2(cpg, os.path.splitext(copy)[0] + os.path.splitext(cpg)[1])
        ds = ogr.Open(copy, 1)
        try:
            lyr = ds.GetLayer(0)
            names = self._fill(lyr, fields, values, own)
        finally:
            lyr = None
            ds = None
        transaction.add(copy, dbf)
        tmp_record = os.path.join(self._folder, "fields.lithoscope.json")
        with open(tmp_record, "w", encoding="utf-8") as f:
            json.dump({"fields": sorted(own | {n.lower() for n in names})}, f)
        transaction.add(tmp_record, record)
        return names

    def commit(self) -> None:
        """Commit the GeoPackage transaction (a Shapefile's .dbf is renamed into place by the output transaction)."""
        if self._open:
            try:
                self._ds.CommitTransaction()
                self._open = False
            except RuntimeError as exc:
                raise InputError(
                    f"The changes to {self.path} could not be saved ({exc}); the layer was not changed. Close what "
                    "holds it (an edit session, another program) and run again, or write the results to a copy."
                ) from None

    def rollback(self) -> None:
        """Undo what was not committed: the layer stays byte-identical."""
        if self._open:
            self._open = False
            self._ds.RollbackTransaction()

    def close(self) -> None:
        """Close the GeoPackage (rolling back what was not committed) and delete the temporary copy."""
        try:
            self.rollback()
        finally:
            self._ds = None
        if self._folder:
            import shutil

            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def describe(self) -> str:
        """What the run changed, for the log."""
        parts = []
        if self.added:
            parts.append(f"field(s) {', '.join(self.added)} added")
        if self.updated:
            parts.append(f"field(s) {', '.join(self.updated)} (written by Lithoscope before) updated")
        return f"The input layer {self.path} was changed: {'; '.join(parts)}, on {self.features} feature(s)."


def write_csv(output_path: str, header: list[str], rows: list[Sequence], transaction: OutputTransaction) -> None:
    """A CSV file under a temporary name that joins the transaction (empty cells for None)."""
    tmp = temporary_path(output_path, ".csv")
    try:
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
    except BaseException:
        os.unlink(tmp)
        raise
    transaction.add(tmp, output_path)


def _table_inputs(table: LongTable | WellTable | LasFiles | None) -> list[tuple[str, str]]:
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


def _check_outputs(outputs: list[str], inputs: list[str | tuple[str, str]], suffixes: list[str]) -> None:
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


def _commit(write: Callable[[OutputTransaction], list[str]], in_place: InPlaceWrite | None = None) -> list[str]:
    """Write the outputs under temporary names and rename them into place together, or none of them.

    With `in_place`, two phases: the files are renamed into place first (the earlier ones kept
    aside), then its GeoPackage transaction is committed last. A file that cannot be renamed leaves
    the layer unchanged (its transaction is rolled back); a layer that cannot be saved (locked by
    another program, say) puts every earlier file back.
    """
    transaction = OutputTransaction()
    try:
        paths = write(transaction)
        transaction.commit(finish=None if in_place is None else in_place.commit)
    except BaseException:
        transaction.abort()
        if in_place is not None:
            in_place.rollback()
        raise
    finally:
        if in_place is not None:
            in_place.close()
    return paths


# -- the runs ----------------------------------------------------------------------------------------


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
    log = log or _quiet
    field_prefix = _check_prefix(field_prefix)
    target = None
    if in_place:
        if output_path:
            raise InputError("The results go either onto the input layer or to a copy; give no output file in place.")
        target = InPlaceWrite(layer_path, layer, None if table is None else id_field, is_cancelled)
    else:
        _check_outputs([output_path], [layer_path, *_table_inputs(table)], [".gpkg"])
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
                series = _reorder(series, order)
                feature_names = tuple(feature_names[i] for i in order)
        # Dates or plain numbers, one kind for the whole table (series_from_long checked it).
        dates = table is None or not len(table.times) or _time_number(table.times[0], date_format)[1] == "date"
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

        result.paths = _commit(_cancellable(write, is_cancelled), target)
        if target is not None:
            log(target.describe())
    return result


def _curve_name(names: Sequence[str], f: int) -> str:
    return str(names[f]) if f < len(names) else f"curve {f + 1}"


def _gap_label(depth: float, window: np.ndarray, names: Sequence[str]) -> str:
    """A depth sample whose window has gaps, for a message: its depth and the curves with nodata."""
    missing = [_curve_name(names, f) for f in range(window.shape[1]) if not np.isfinite(window[:, f]).all()]
    return f"depth {depth:g}: no {', '.join(missing)}"


def _masked_wells(wells: Series, outputs: dict, names: Sequence[str], limit: int = 5) -> str | None:
    """Which wells had depth samples masked, how many, and which curves are empty or have gaps there."""
    parts = []
    for well, (depths, values) in wells.items():
        masked = sum(1 for i in range(len(depths)) if outputs.get((well, i)) is None)
        if not masked:
            continue
        finite = np.isfinite(values)
        empty = [_curve_name(names, f) for f in range(values.shape[1]) if not finite[:, f].any()]
        gaps = [_curve_name(names, f) for f in range(values.shape[1]) if not finite[:, f].all()]
        why = f"{', '.join(empty)} empty" if empty else f"gaps in {', '.join(gaps)}" if gaps else "gaps"
        parts.append(f"'{well}' {masked} of {len(depths)} samples ({why})")
    if not parts:
        return None
    more = f" and {len(parts) - limit} more well(s)" if len(parts) > limit else ""
    return f"by well: {', '.join(parts[:limit])}{more}"


def _cancellable(write: Callable[[OutputTransaction], list[str]], is_cancelled: Callable[[], bool] | None):
    """`write`, then a last look at the cancel button: a cancel before the commit leaves every file as it was."""

    def wrapped(transaction: OutputTransaction) -> list[str]:
        paths = write(transaction)
        if is_cancelled and is_cancelled():
            raise CancelledError()
        return paths

    return wrapped


def well_windows(depths: np.ndarray, values: np.ndarray, window: int) -> np.ndarray:
    """Windows (n, window, F) of samples centred on each depth of one well (ends padded with the end sample)."""
    n = len(depths)
    index = np.clip(np.arange(n)[:, None] + np.arange(window)[None, :] - window // 2, 0, n - 1)
    return np.asarray(values, np.float64)[index]


def thickness(depths: np.ndarray) -> np.ndarray:
    """Thickness each sample stands for: from midway to the sample above to midway to the one below."""
    d = np.asarray(depths, np.float64)
    if len(d) < 2:
        return np.zeros(len(d))
    edges = np.concatenate([[d[0] - (d[1] - d[0]) / 2], (d[1:] + d[:-1]) / 2, [d[-1] + (d[-1] - d[-2]) / 2]])
    return np.diff(edges)


@dataclass
class WellsResult:
    """Per-depth results (ids (well, sample)) and, for classes, per-well summaries."""

    per_depth: TableResult
    summary_fields: list[tuple[str, str]]
    summary: dict[str, tuple]  # well -> (dominant class, thickness per class...)
    paths: list[str] = field(default_factory=list)
    plots: list[str] = field(default_factory=list)  # strip logs (PNG), one per well (not in paths)


def summarise_wells(wells: Series, result: TableResult) -> tuple[list[tuple[str, str]], dict[str, tuple]]:
    """Dominant class (by thickness) and thickness per class of each well; none for other outputs."""
    if result.output_kind != "classes":
        return [], {}
    names = result.class_names
    columns = _unique([f"thick_{field_name(n, f'class_{i}')}" for i, n in enumerate(names)])
    fields = [("dominant", "text")] + [(c, "real") for c in columns]
    out = {}
    for well, (depths, _) in wells.items():
        totals = dict.fromkeys(names, 0.0)
        for i, t in enumerate(thickness(depths)):
            row = result.outputs.get((well, i))
            if row is not None and row[1] in totals:
                totals[row[1]] += float(t)
        dominant = max(totals, key=totals.get) if any(totals.values()) else None
        out[well] = (dominant,) + tuple(round(totals[n], 6) for n in names)
    return fields, out


def run_well_logs(
    model: str,
    table: WellTable | LasFiles,
    output_table: str,
    wells_layer: tuple[str, str | None, str] | None = None,
    output_wells: str | None = None,
    nodata: float | None = None,
    options: TableOptions | None = None,
    log: LogFn | None = None,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    in_place: bool = False,
    field_prefix: str = "",
) -> WellsResult:
    """Per depth: a window of samples centred on each depth of each well through the model.

    Writes `output_table` (CSV: well, depth and the model's fields per sample) and, given
    `wells_layer` (path, layer name, well id field) and `output_wells`, a GeoPackage copy of
    the well points with the summary fields (dominant class, thickness per class). Only with
    `in_place` (and no `output_wells`) do the summary fields go onto the well points layer itself
    (`InPlaceWrite`). `table` is a well table or LAS files (`LasFiles`, curves by mnemonic).
    """
    log = log or _quiet
    options = options or TableOptions()
    field_prefix = _check_prefix(field_prefix)
    outputs, inputs, target = [output_table], [], None
    if in_place:
        if wells_layer is None:
            raise InputError("Writing the summary onto the well points needs the points (WELLS) and their id field.")
        if output_wells:
            raise InputError("The summary goes either onto the well points or to a copy; give no copy in place.")
        target = InPlaceWrite(*wells_layer, is_cancelled)
        inputs.append(wells_layer[0])
    if output_wells:
        if wells_layer is None:
            raise InputError("A well summary layer needs the well points (WELLS) and their id field.")
        outputs.append(output_wells)
        inputs.append(wells_layer[0])
    _check_outputs(outputs, inputs + _table_inputs(table), [".csv", ".gpkg"])
    with output_lock(outputs + inputs[:1] if in_place else outputs):
        if isinstance(table, LasFiles):
            runner = SequenceModel(model, options.device, options.threads)
            curve_names = tuple(c.strip() for c in table.curves if c and c.strip())
            order = feature_order(curve_names, runner.contract.band_names, "curves", log)
            curve_names = tuple(curve_names[i] for i in order) if order else curve_names
            wells = wells_from_las(table.paths, curve_names or runner.contract.band_names, nodata, log)
            curve_names = curve_names or tuple(runner.contract.band_names)
        else:
            wells = wells_from_table(table, nodata)
            runner = SequenceModel(model, options.device, options.threads)
            curve_names = tuple(table.curve_names)
            order = feature_order(curve_names, runner.contract.band_names, "curves", log)
            if order is not None:
                wells = _reorder(wells, order)
                curve_names = tuple(curve_names[i] for i in order)
        window = runner.window()
        total = sum(len(d) for d, _ in wells.values())
        log(f"{len(wells)} well(s), {total} depth samples, windows of {window} sample(s) centred on each depth")
        if wells_layer is not None:
            what = "the LAS files" if isinstance(table, LasFiles) else "the well table"
            check_join(list(wells), layer_keys(*wells_layer), what, log, strict=False)
        features = next(iter(wells.values()))[1].shape[1]
        run = runner.start(window, features, "the well logs", options, log)
        done_samples = 0
        for well, (depths, values) in wells.items():  # one well at a time: memory of its windows only
            n = len(depths)
            share = (lambda f, d=done_samples, n=n: progress(min(1.0, (d + f * n) / total))) if progress else None
            windows = well_windows(depths, values, window)
            run.add(
                [(well, i) for i in range(n)],
                windows,
                share,
                is_cancelled,
                f"well '{well}'",
                lambda i, d=depths, w=windows: _gap_label(d[i], w[i], curve_names),
            )
            done_samples += n
        result = run.finish(log, _masked_wells(wells, run.result.outputs, curve_names), "depth samples")
        summary_fields, summary = summarise_wells(wells, result)
        if (output_wells or in_place) and not summary_fields:
            log("Warning: the model gives no classes, so the well points get no summary fields.")

        plots: list[str] = []

        def write(tx: OutputTransaction) -> list[str]:
            nonlocal summary_fields
            if options.plots and plots_available(log):
                colors = [runner.contract.class_color(i) for i in range(len(result.class_names))]
                plots.extend(
                    well_pngs(tx, output_table, wells, result, curve_names, colors, log=log, is_cancelled=is_cancelled)
                )
            header = ["well", "depth"] + [name for name, _ in result.fields]
            rows = []
            for well, (depths, _) in wells.items():
                for i, depth in enumerate(depths):
                    values = result.outputs[(well, i)] or (None,) * len(result.fields)
                    rows.append([well, float(depth), *values])
            write_csv(output_table, header, rows, tx)
            if not ((output_wells or in_place) and summary_fields):
                return [output_table]
            new = [(field_prefix + n, kind) for n, kind in summary_fields]
            if target is not None:
                names = target.write(new, summary, tx)
            else:
                names = write_layer_copy(*wells_layer[:2], output_wells, new, summary, wells_layer[2], tx, is_cancelled)
            summary_fields = [(n, kind) for n, (_, kind) in zip(names, summary_fields)]
            return [output_table, wells_layer[0] if in_place else output_wells]

        paths = _commit(_cancellable(write, is_cancelled), target)
        if target is not None and summary_fields:
            log(target.describe())
    return WellsResult(result, summary_fields, summary, paths, plots)
