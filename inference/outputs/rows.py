# SPDX-License-Identifier: GPL-2.0-or-later
"""Rows in memory: where a table run's blocks go (the Writer of a table source, as a GeoTIFF is a raster's).

The engine hands each finished block (bands, h, w) of the table's grid (sources/table.py: row i is
pixel (i // width, i % width)) with the mask of its pixels that were written; the writer keeps one
value per band and row, and which rows were written (masked series, NaN masked by the run, rows the
model never saw: not). The table pipeline then turns the rows into fields through the head.
"""

from __future__ import annotations

import numpy as np

from .geotiff import OutputSpec


class RowWriter:
    """The values of one output of a table run, by row: `values` (bands, rows) and `written` (rows,)."""

    def __init__(self, spec: OutputSpec, rows: int, width: int) -> None:
        self.spec = spec
        self.width = width
        self.values = np.full((spec.count, rows), spec.nodata, np.dtype(spec.dtype))
        self.written = np.zeros(rows, bool)

    def write(self, data: np.ndarray, y: int, x: int, written: np.ndarray | None = None) -> None:
        rows = self.written.size
        for r in range(data.shape[1]):
            start = (y + r) * self.width + x
            stop = min(start + data.shape[2], rows)
            if stop <= start:
                break
            self.values[:, start:stop] = data[:, r, : stop - start]
            if written is not None:
                self.written[start:stop] = written[r, : stop - start]

    def finish(self, transaction) -> None:
        """Nothing to commit: the pipeline writes the rows (a layer, a CSV) in its own transaction."""

    def abort(self) -> None:
        self.values = self.values[:, :0]
        self.written = self.written[:0]
