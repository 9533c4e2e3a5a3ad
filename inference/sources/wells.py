# SPDX-License-Identifier: GPL-2.0-or-later
"""Well logs from a table (well, depth, curves): series per well with their depths checked, depth
windows and the thickness each sample stands for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import InputError
from .series import Series, check_rows, key, time_number, value_matrix


@dataclass
class WellTable:
    """Well logs: one row per well and depth sample, one column per curve (feature)."""

    wells: Sequence[Any]
    depths: Sequence[Any]
    curves: Any  # (rows, F): numbers, or numbers as text
    curve_names: tuple[str, ...] = ()
    source: str | None = None  # the file the table was read from: an output may never overwrite it
    well_name: str | None = None  # the well column, for messages


def wells_from_table(table: WellTable, nodata: float | None = None) -> Series:
    """Well logs -> series per well in table order; depths must increase down each well."""
    check_rows(
        "The well table",
        "well and depth sample",
        {"wells": table.wells, "depths": table.depths, "rows of curves": table.curves},
    )
    curves = value_matrix(table.curves, table.curve_names, "the well table")
    if nodata is not None:
        curves[curves == nodata] = np.nan
    groups: dict[str, list[int]] = {}
    for row, well in enumerate(table.wells):
        k = key(well)
        if k is None:
            raise InputError(f"Row {row + 1} of the well table has no well id; give every row its well.")
        groups.setdefault(k, []).append(row)
    if len(groups) > 1 and all(len(rows) == 1 for rows in groups.values()):
        column = f"'{table.well_name}'" if table.well_name else "the well column"
        raise InputError(
            f"The well field {column} gives every row a well of its own ({len(groups)} wells of 1 sample each), so no "
            "well has a log over depth: it is not the column that names the wells. Choose the well field (WELL_FIELD) "
            "that names the well of each row."
        )
    out: Series = {}
    problems: list[str] = []  # one per well whose depths do not increase, all told in one message
    repeated = 0  # rows that repeat the row before them exactly (depth and curves)
    for well, rows in groups.items():
        depths = []
        for row in rows:
            value = table.depths[row]
            number, kind = time_number(value, None)
            if number is None or kind != "number":
                raise InputError(
                    f"Row {row + 1} (well '{well}') has the depth {value!r}, not a number. Give depths as plain "
                    "numbers (remove a unit such as ' m' from the column), or choose the depth column (DEPTH_FIELD)."
                )
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


# The null values of the LAS convention (-999.25) and of many log exports (-9999): no measurement.
LAS_NULLS = (-999.25, -9999.0)


def null_values_as_gaps(wells: Series) -> tuple[Series, dict[float, int]]:
    """Well series with the LAS null values read as gaps (NaN); how many of each were found."""
    counts = dict.fromkeys(LAS_NULLS, 0)
    out: Series = {}
    for well, (depths, values) in wells.items():
        values = np.array(values, np.float64)
        for null in LAS_NULLS:
            hit = values == null
            counts[null] += int(hit.sum())
            values[hit] = np.nan
        out[well] = (depths, values)
    return out, {k: v for k, v in counts.items() if v}
