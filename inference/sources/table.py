# SPDX-License-Identifier: GPL-2.0-or-later
"""A table as a source: rows of values (series of features, windows of well samples, factors of mapping
units) whose windows are rows, so that a table runs through the same engine as a raster.

Row i is the "pixel" (i // width, i % width) of a grid `width` wide: a window of the engine is a
block of consecutive rows, fed through the same probe, batching, NaN screen and heads as a tile of
a raster. The rows are read from a `RowReader` when a window needs them, so a table need not be
held as one array (well windows are built per window, say). NaN is a missing value: for series
(`series=True`) a row is valid when it exists and the sequence pre-processing decides about its
gaps; for plain rows a row is valid when every value is given.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

import numpy as np

from ..errors import examples
from .base import EXTREME_VALUE


class RowReader(Protocol):
    """Rows of a table, read in ranges: `read(start, stop)` gives (stop - start, columns) float64, NaN = no value."""

    rows: int
    columns: int

    def read(self, start: int, stop: int) -> np.ndarray: ...


@dataclass
class ArrayRows:
    """Rows held in an array (N, columns), or (N, T, F) series flattened step by step (column t * F + f)."""

    values: np.ndarray

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, np.float64).reshape(len(self.values), -1)

    @property
    def rows(self) -> int:
        return self.values.shape[0]

    @property
    def columns(self) -> int:
        return self.values.shape[1]

    def read(self, start: int, stop: int) -> np.ndarray:
        return self.values[start:stop]


@dataclass
class WindowRows:
    """Windows of `window` samples centred on each sample of several sequences (wells: depth samples).

    Row k is sample k of all sequences in turn; its window is read from its own sequence, the ends
    padded with the end sample. Windows are built for the rows a read asks for, not held.
    """

    sequences: Sequence[np.ndarray]  # (n_i, F) values of each sequence
    window: int
    starts: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.sequences = [np.asarray(v, np.float64) for v in self.sequences]
        self.starts = np.concatenate([[0], np.cumsum([len(v) for v in self.sequences])]).astype(np.int64)

    @property
    def rows(self) -> int:
        return int(self.starts[-1])

    @property
    def columns(self) -> int:
        return self.window * (self.sequences[0].shape[1] if self.sequences else 0)

    def read(self, start: int, stop: int) -> np.ndarray:
        parts = []
        first = int(np.searchsorted(self.starts, start, side="right")) - 1
        for s in range(max(first, 0), len(self.sequences)):
            s0, s1 = int(self.starts[s]), int(self.starts[s + 1])
            if s0 >= stop:
                break
            lo, hi = max(start, s0) - s0, min(stop, s1) - s0
            if hi <= lo:
                continue
            values = self.sequences[s]
            index = np.arange(lo, hi)[:, None] + np.arange(self.window)[None, :] - self.window // 2
            parts.append(values[np.clip(index, 0, len(values) - 1)].reshape(hi - lo, -1))
        return np.concatenate(parts) if parts else np.zeros((0, self.columns))


@dataclass
class TableSource:
    """Rows of a table on a grid `width` wide (see the module's docstring); the engine's Source interface."""

    reader: RowReader
    what: str  # the table in messages: "the 12 date fields", "the well logs"
    label: Callable[[int], str]  # the name of row i in messages (its id, a well and depth)
    unit: str = "series"  # what a row is called in messages
    series: bool = True  # rows are series: valid when present, the pre-processing judges their gaps
    width: int = 32
    band_names: tuple[str, ...] = ()
    groups: list = field(default_factory=list)  # (name, first row, end row) of groups of rows (wells); [] = one
    extra_nodata: float | None = None
    gaps_as_nan: bool = True
    mask_geometries: list = field(default_factory=list)
    crs = None
    transform = None
    nonfinite_option = ""  # the table tools stop on NaN from the model: there is no option to mask it

    @property
    def rows(self) -> int:
        return self.reader.rows

    @property
    def height(self) -> int:
        return max(1, -(-self.rows // self.width))

    @property
    def count(self) -> int:
        return self.reader.columns

    @property
    def dtype(self) -> str:
        return "float64"

    @property
    def band_kinds(self) -> tuple[str, ...]:
        return ("continuous",) * self.count

    @property
    def description(self) -> str:
        return self.what

    def open(self) -> contextlib.nullcontext:
        return contextlib.nullcontext()

    def read_tile(
        self, handle, y: int, x: int, size: int, dtype: str = "float64"
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of grid rows [y, y + size) and columns [x, x + size) as (columns, size, size); see RasterSource."""
        data = np.full((self.count, size, size), np.nan, dtype)
        exists = np.zeros((size, size), bool)
        for r in range(min(size, self.height - y)):
            start = (y + r) * self.width + x
            stop = min(start + min(size, self.width - x), self.rows)
            if stop <= start:
                break
            data[:, r, : stop - start] = self.reader.read(start, stop).T
            exists[r, : stop - start] = True
        if self.extra_nodata is not None:
            data[data == self.extra_nodata] = np.nan
        data[np.abs(data) >= EXTREME_VALUE] = np.nan  # infinity, an undeclared -3.4e38: no value (checks.py warns)
        valid = exists if self.series else exists & np.isfinite(data).all(axis=0)
        return data, valid, exists

    def read_decimated(self, max_pixels: int) -> tuple[np.ndarray, np.ndarray]:
        """The first rows, as a sample (bands, n, 1) with their validity (n, 1)."""
        values = self.reader.read(0, min(self.rows, max_pixels)).copy()
        values[np.abs(values) >= EXTREME_VALUE] = np.nan
        valid = np.ones(len(values), bool) if self.series else np.isfinite(values).all(axis=1)
        return values.T[:, :, None], valid[:, None]

    def row_of(self, y: int, x: int) -> int:
        return y * self.width + x

    def row_groups(self) -> list[tuple[str, int, int]]:
        """(name, first row, end row) of each group of rows (a well, say); the whole table when it has none."""
        return list(self.groups) or [(self.what, 0, self.rows)]

    def group_of(self, row: int) -> str:
        return next((name for name, start, stop in self.row_groups() if start <= row < stop), self.what)

    def where(self, y: int, x: int, mask: np.ndarray) -> str:
        """Which rows of a window at (y, x) `mask` marks, for a message: their group (a well) or the table, or the
        rows of the window when the table spans several, and a few row names."""
        rows, cols = np.nonzero(mask)
        marked = [self.row_of(y + int(r), x + int(c)) for r, c in zip(rows, cols)]
        marked = [row for row in marked if row < self.rows]
        names = [self.label(row) for row in marked[:5]]
        groups = {self.group_of(row) for row in marked}
        first = self.row_of(y, x)
        last = min(self.row_of(y + mask.shape[0] - 1, x + mask.shape[1] - 1), self.rows - 1)
        if len(groups) == 1 and (self.groups or (first == 0 and last == self.rows - 1)):
            place = f"of {groups.pop()}"  # one well, or the whole table
        else:
            place = f"among {self.unit} {first + 1} to {last + 1} of {self.what}"
            if self.groups:
                names = [f"{self.group_of(row)}, {self.label(row)}" for row in marked[:5]]
        return f"{place} (e.g. {examples(names + [''] * max(0, len(marked) - 5))})" if names else place
