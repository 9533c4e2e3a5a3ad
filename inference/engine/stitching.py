# SPDX-License-Identifier: GPL-2.0-or-later
"""Stitching: overlapping tile predictions blended into blocks, each handed out as soon as it is
final (see tiling.py for why an overlap-wide band between tile rows is all that is carried).
"""

from __future__ import annotations

import numpy as np

from .tiling import Tile, TileGrid


class Stitcher:
    """Accumulates weighted tile predictions and hands out blocks as soon as they are final.

    Works on the tile columns [c0, c1) of the grid, row after row. Carries an `overlap`-row
    band (as wide as those columns) between tile rows and an `overlap`-column strip between
    neighbouring tiles of a row; see tiling.py for why that suffices.
    """

    def __init__(self, grid: TileGrid, channels: int, c0: int = 0, c1: int | None = None) -> None:
        self.grid = grid
        self.k = channels
        self.c0 = c0
        self.c1 = grid.cols if c1 is None else c1
        o, t = grid.overlap, grid.tile
        self.x0 = c0 * grid.stride
        width = (self.c1 - c0) * grid.stride + o
        self.band = np.zeros((channels + 1, o, width), np.float32)
        self.next_band = np.zeros_like(self.band)
        self.left = np.zeros((channels + 1, t, o), np.float32)
        self.weights = grid.weights

    def add(self, tile: Tile, pred: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Add one tile's prediction (channels, t, t) or None if skipped; return its block.

        The block comes back as (blended channels (k, s, s), weight sum (s, s)), unclipped.
        """
        g, k = self.grid, self.k
        o, s, t = g.overlap, g.stride, g.tile
        if tile.col == self.c0:
            self.left[:] = 0
        acc = np.empty((k + 1, t, t), np.float32)
        if pred is None:
            acc[:] = 0
        else:
            np.multiply(pred, self.weights, out=acc[:k])
            acc[k] = self.weights
        if o:
            x = tile.x - self.x0
            acc[:, :, :o] += self.left
            acc[:, :o, :s] += self.band[:, :, x : x + s]
            self.left[:] = acc[:, :, s:]
            self.next_band[:, :, x : x + s] = acc[:, s:, :s]
            if tile.col == self.c1 - 1:
                self.band, self.next_band = self.next_band, self.band
                self.next_band[:] = 0
        return acc[:k, :s, :s], acc[k, :s, :s]
