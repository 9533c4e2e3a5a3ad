# SPDX-License-Identifier: GPL-2.0-or-later
"""The table path: sequence models over the series of features (monitoring points) and depths (wells).

Series come from tables instead of rasters but run through the pieces the raster path uses:
the session (session.py), the contract and its sequence pre-processing (sequences.py), the
model kind and its head (kinds.py, tasks.py: classes, probability or values), the same errors,
and outputs written under temporary names and renamed into place together
(files.OutputTransaction).

- Readers: a wide layer (numeric fields named by dates, as ground-motion exports are), a long
  table (id, time, values) joined to a layer by id, well logs (well, depth, curves).
- `run_sequence_table` / `SequenceModel.predict`: (N, T, F) batches -> one row of fields per series.
- Writers: a GeoPackage copy of a layer with the new fields (never the layer itself), and for
  wells a CSV per depth sample plus per-well summary fields (dominant class, thickness per class).
"""

from __future__ import annotations

import csv
import math
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Hashable, Sequence

import numpy as np

from .engine import RunStats, run_model
from .errors import CancelledError, InputError, ModelError
from .files import OutputTransaction, output_lock, remove_sqlite, temporary_path
from .kinds import SequenceEncoding, build_kind, task_and_layout
from .raster_io import check_output_path
from .registry import resolve_model
from .sequences import (
    GapCounts,
    day_number,
    examples,
    gaps_refused,
    parse_date,
    parse_dates,
    plan_sequence,
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


@dataclass
class TableResult:
    """What a model gave per series: `outputs[id]` holds one value per field (None: masked)."""

    output_kind: str
    fields: list[tuple[str, str]]  # (name, "integer" | "real" | "text")
    outputs: dict[Hashable, tuple | None]
    class_names: list[str]
    gaps: GapCounts
    task: str = "sequence"
    model_path: str = ""
    times: np.ndarray | None = None  # the time steps the series were aligned on
    nonfinite: int = 0  # series masked because the model gave NaN
    paths: list[str] = field(default_factory=list)  # files written


@dataclass
class LongTable:
    """A long table: one row per id and time, one column per value (feature)."""

    ids: Sequence[Any]
    times: Sequence[Any]
    values: Any  # (rows, F): numbers, or numbers as text
    value_names: tuple[str, ...] = ()


@dataclass
class WellTable:
    """Well logs: one row per well and depth sample, one column per curve (feature)."""

    wells: Sequence[Any]
    depths: Sequence[Any]
    curves: Any  # (rows, F): numbers, or numbers as text
    curve_names: tuple[str, ...] = ()


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
        result = TableResult(
            output_kind=_output_kind(kind.head),
            fields=fields,
            outputs={},
            class_names=list(getattr(kind.head, "names", [])),
            gaps=GapCounts(),
            task=kind.task,
            model_path=self.path,
        )
        return TableRun(self.session, prep, kind, labels, row_of, result, what, options)

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

    def add(
        self,
        ids: Sequence[Hashable],
        series: np.ndarray,
        progress: Callable[[float], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        where: str | None = None,
    ) -> None:
        """Run the model on raw series (N, T_raw, F) of `ids`; their rows join the result (None where masked)."""
        prep, kind, result = self.prep, self.kind, self.result
        where = where or self.what
        x, keep, gaps = prep.prepare(series)
        if gaps.with_gaps and prep.gaps == "refuse":
            raise gaps_refused(gaps.with_gaps, f"of {where} (e.g. {examples([ids[i] for i in np.flatnonzero(~keep)])})")
        result.gaps.add(gaps)
        result.outputs.update(dict.fromkeys(ids))
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

    def finish(self, log: LogFn | None = None) -> TableResult:
        """The result, with the gap counts logged."""
        if self.result.gaps.with_gaps:
            (log or _quiet)(self.result.gaps.summary())
        if self.result.nonfinite:
            (log or _quiet)(
                f"Warning: {self.result.nonfinite} series where the model gave NaN or infinity were left empty."
            )
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


def align_series(series: Series) -> tuple[list[Hashable], np.ndarray, np.ndarray]:
    """Series of each id -> ids, the sorted union of their times (T,), values (N, T, F) with NaN where missing."""
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
    union = np.unique(np.concatenate([t for t, _ in parts]))
    x = np.full((len(ids), len(union), features), np.nan)
    for i, (times, values) in enumerate(parts):
        x[i, np.searchsorted(union, times)] = values
    return ids, union, x


def run_sequence_table(
    model: str,
    series: Series,
    options: TableOptions | None = None,
    log: LogFn | None = None,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    what: str = "the series",
) -> TableResult:
    """Run a sequence model on series keyed by id (aligned on the union of their times; missing = gap)."""
    log = log or _quiet
    ids, times, x = align_series(series)
    log(f"{len(ids)} series on {len(times)} time step(s), {x.shape[2]} value(s) per step")
    options = options or TableOptions()
    runner = SequenceModel(model, options.device, options.threads)
    result = runner.predict(ids, x, what, options, log, progress, is_cancelled)
    result.times = times
    return result


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
        out.append(values)
    return np.asarray(out, np.float64).reshape(len(out), -1)


def series_from_long(table: LongTable, date_format: str | None = None) -> Series:
    """A long table -> series per id, sorted by time; refuses empty ids, non-dates and an id's time given twice."""
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
    curves = _matrix(table.curves, table.curve_names, "the well table")
    if nodata is not None:
        curves[curves == nodata] = np.nan
    groups: dict[str, list[int]] = {}
    for row, well in enumerate(table.wells):
        k = key(well)
        if k is None:
            raise InputError(f"Row {row + 1} of the well table has no well id; give every row its well.")
        groups.setdefault(k, []).append(row)
    if not groups:
        raise InputError("The well table has no rows; give one row per well and depth sample.")
    out: Series = {}
    for well, rows in groups.items():
        depths = []
        for row in rows:
            value = table.depths[row]
            number, kind = _time_number(value, None)
            if number is None or kind != "number":
                raise InputError(f"Row {row + 1} (well '{well}') has the depth {value!r}, not a number.")
            depths.append(number)
        d = np.asarray(depths)
        steps = np.diff(d)
        if (steps <= 0).any():
            i = int(np.flatnonzero(steps <= 0)[0])
            if steps[i] == 0:
                raise InputError(
                    f"Well '{well}' has the depth {d[i]:g} twice (rows {rows[i] + 1} and {rows[i + 1] + 1})."
                )
            raise InputError(
                f"The depths of well '{well}' go up from {d[i]:g} to {d[i + 1]:g} (rows {rows[i] + 1} and "
                f"{rows[i + 1] + 1}); depths must increase down each well. Sort the table by well and depth, or fix "
                "those rows."
            )
        out[well] = (d, curves[rows])
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
) -> list[str]:
    """A GeoPackage copy of a layer with new fields, joined by feature id (`key_field` None) or by a field.

    The copy is written under a temporary name and joins the transaction. A new field whose
    name the layer already has gets a number (class_2). Returns the new fields' names.
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
        for feature in lyr:
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


def _check_outputs(outputs: list[str], inputs: list[str], suffixes: list[str]) -> None:
    for path, suffix in zip(outputs, suffixes):
        if not str(path).lower().endswith(suffix):
            raise InputError(f"The output {path} must be a {suffix} file.")
        for source in inputs:
            same = os.path.abspath(path) == os.path.abspath(source)
            if same or (os.path.exists(path) and os.path.exists(source) and os.path.samefile(path, source)):
                raise InputError(
                    f"The output {path} is the input layer itself; choose another file name (the results go to a "
                    "copy, and the input is never changed)."
                )
        check_output_path(path)
    if len({os.path.abspath(p) for p in outputs}) != len(outputs):
        raise InputError("Two outputs have the same file name; give each output its own file.")


def _commit(write: Callable[[OutputTransaction], list[str]]) -> list[str]:
    transaction = OutputTransaction()
    try:
        paths = write(transaction)
        transaction.commit()
    except BaseException:
        transaction.abort()
        raise
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
) -> TableResult:
    """Per feature: the series of a wide layer (date fields), or of a long table joined by `id_field`.

    Writes a GeoPackage copy of the layer with the model's fields (class, probabilities or
    forecasts); features without a result (masked, or no rows) get empty fields.
    """
    log = log or _quiet
    _check_outputs([output_path], [layer_path], [".gpkg"])
    with output_lock([output_path]):
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
        result = run_sequence_table(model, series, options, log, progress, is_cancelled, what)

        def write(tx: OutputTransaction) -> list[str]:
            key_field = None if table is None else id_field
            names = write_layer_copy(layer_path, layer, output_path, result.fields, result.outputs, key_field, tx)
            result.fields = [(n, kind) for n, (_, kind) in zip(names, result.fields)]
            return [output_path]

        result.paths = _commit(write)
    return result


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
    table: WellTable,
    output_table: str,
    wells_layer: tuple[str, str | None, str] | None = None,
    output_wells: str | None = None,
    nodata: float | None = None,
    options: TableOptions | None = None,
    log: LogFn | None = None,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> WellsResult:
    """Per depth: a window of samples centred on each depth of each well through the model.

    Writes `output_table` (CSV: well, depth and the model's fields per sample) and, given
    `wells_layer` (path, layer name, well id field) and `output_wells`, a GeoPackage copy of
    the well points with the summary fields (dominant class, thickness per class).
    """
    log = log or _quiet
    options = options or TableOptions()
    outputs, inputs = [output_table], []
    if output_wells:
        if wells_layer is None:
            raise InputError("A well summary layer needs the well points (WELLS) and their id field.")
        outputs.append(output_wells)
        inputs.append(wells_layer[0])
    _check_outputs(outputs, inputs, [".csv", ".gpkg"])
    with output_lock(outputs):
        wells = wells_from_table(table, nodata)
        runner = SequenceModel(model, options.device, options.threads)
        window = runner.window()
        total = sum(len(d) for d, _ in wells.values())
        log(f"{len(wells)} well(s), {total} depth samples, windows of {window} sample(s) centred on each depth")
        if wells_layer is not None:
            check_join(list(wells), layer_keys(*wells_layer), "the well table", log, strict=False)
        features = next(iter(wells.values()))[1].shape[1]
        run = runner.start(window, features, "the well logs", options, log)
        done_samples = 0
        for well, (depths, values) in wells.items():  # one well at a time: memory of its windows only
            n = len(depths)
            share = (lambda f, d=done_samples, n=n: progress(min(1.0, (d + f * n) / total))) if progress else None
            run.add(
                [(well, i) for i in range(n)],
                well_windows(depths, values, window),
                share,
                is_cancelled,
                f"well '{well}'",
            )
            done_samples += n
        result = run.finish(log)
        summary_fields, summary = summarise_wells(wells, result)
        if output_wells and not summary_fields:
            log("Warning: the model gives no classes, so the well points get no summary fields.")

        def write(tx: OutputTransaction) -> list[str]:
            nonlocal summary_fields
            header = ["well", "depth"] + [name for name, _ in result.fields]
            rows = []
            for well, (depths, _) in wells.items():
                for i, depth in enumerate(depths):
                    values = result.outputs[(well, i)] or (None,) * len(result.fields)
                    rows.append([well, float(depth), *values])
            write_csv(output_table, header, rows, tx)
            if not (output_wells and summary_fields):
                return [output_table]
            names = write_layer_copy(*wells_layer[:2], output_wells, summary_fields, summary, wells_layer[2], tx)
            summary_fields = [(n, kind) for n, (_, kind) in zip(names, summary_fields)]
            return [output_table, output_wells]

        paths = _commit(write)
    return WellsResult(result, summary_fields, summary, paths)
