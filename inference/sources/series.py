# SPDX-License-Identifier: GPL-2.0-or-later
"""Series of tables: a long table (id, time, values) read into series per id, series aligned on their
shared times or each on its own regular grid, value columns matched to the model's features.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Hashable, Sequence

import numpy as np

from ..errors import InputError, examples
from ..progress import LogFn
from .dates import check_date_format, day_number, parse_date


def span_rows(values: np.ndarray) -> np.ndarray:
    """The steps of a table series (T, F) that bound its span: those with every value given, else those with any.

    Its last such step is the series' last complete time, from which a regular-grid run forecasts.
    """
    given = np.isfinite(values)
    complete = given.all(axis=1)
    return np.flatnonzero(complete if complete.any() else given.any(axis=1))


Series = dict  # id -> (times or depths (T,), values (T, F)); NaN values are nodata steps


@dataclass
class LongTable:
    """A long table: one row per id and time, one column per value (feature)."""

    ids: Sequence[Any]
    times: Sequence[Any]
    values: Any  # (rows, F): numbers, or numbers as text
    value_names: tuple[str, ...] = ()
    source: str | None = None  # the file the table was read from: an output may never overwrite it
    time_name: str | None = None  # the time column, for messages


def _sorted_series(series: Series) -> tuple[list[Hashable], list[tuple[np.ndarray, np.ndarray]], int]:
    """Ids, each series' (times, values (T, F)) sorted by time, and F; series of different F are refused."""
    if not series:
        raise InputError(
            "There are no series to run the model on (no features, or no rows with values). Choose a layer or table "
            "with features whose fields hold the series, or add features to it."
        )
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


def reorder_columns(series: Series, order: list[int] | None) -> Series:
    """Series with their value columns in `order` (None: as they are)."""
    if order is None:
        return series
    return {k: (times, np.asarray(values)[:, order]) for k, (times, values) in series.items()}


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


def time_number(value: Any, date_format: str | None) -> tuple[float | None, str]:
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


def value_matrix(rows: Any, names: Sequence[str], what: str) -> np.ndarray:
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
                raise InputError(
                    f"Row {r + 1} of {what} has {value!r} in '{column}', not a number: '{column}' is not a numeric "
                    "column. Choose numeric columns only (VALUE_FIELDS; for well logs, CURVES)."
                ) from None
        if out and len(values) != len(out[0]):
            raise InputError(
                f"Row {r + 1} of {what} has {len(values)} value(s), the rows before it {len(out[0])}; give every row "
                "one value per value column."
            )
        out.append(values)
    return np.asarray(out, np.float64)


def check_rows(what: str, per_row: str, columns: dict[str, Any]) -> None:
    """Refuse a table without rows, or whose columns (ids, times, values) differ in length."""
    lengths = {name: len(column) for name, column in columns.items()}
    if not any(lengths.values()):
        raise InputError(f"{what} has no rows (only a header?); give one row per {per_row}.")
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{n} {name}" for name, n in lengths.items())
        raise InputError(f"The columns of {what.lower()} differ in length ({shown}); give every row each column.")


def series_from_long(table: LongTable, date_format: str | None = None) -> Series:
    """A long table -> series per id, sorted by time; refuses empty ids, non-dates and an id's time given twice."""
    check_rows("The table", "id and time", {"ids": table.ids, "times": table.times, "rows of values": table.values})
    date_format = check_date_format(date_format)
    values = value_matrix(table.values, table.value_names, "the table")
    keys = [key(v) for v in table.ids]
    if None in keys:
        raise InputError(f"Row {keys.index(None) + 1} of the table has no id; give every row an id.")
    numbers, kinds, wrong = [], set(), []
    for value in table.times:
        number, kind = time_number(value, date_format)
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
            hint = ""
            if kinds == {"number"} and not float(times[rows[same[0]]]).is_integer():
                hint = (
                    f" The times are plain numbers such as {shown}, which look like measured values rather than "
                    "times: if the time field is a value column, choose the table's date (or time) column instead."
                )
            raise InputError(
                f"The id '{k}' has two rows for the time {shown}; each id may have one row per time.{hint}"
            )
        out[k] = (times[rows], values[rows])
    return out
