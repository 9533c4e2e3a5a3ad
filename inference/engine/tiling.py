# SPDX-License-Identifier: GPL-2.0-or-later
"""Tiling geometry: a regular grid of overlapping square tiles and their blending weights.

Tile (r, c) covers rows [r*stride, r*stride + tile) and columns [c*stride, c*stride + tile)
of the processing window, padded by reflection where it runs past the raster. Its *block* is
the top-left stride x stride part: once tiles are processed row by row, block (r, c) is
final as soon as tile (r, c) is done, because only tiles (r-1..r, c-1..c) reach it. That lets
the engine write each block as it completes and carry only an `overlap`-wide band between
tile rows, so memory depends on tile size and raster width, never on raster height.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..errors import InputError

# Weight of the pixels nearest a tile edge, where a CNN sees the least context. Not zero, so
# that a pixel covered by a single tile (at the raster border) keeps its prediction.
EDGE_WEIGHT = 1e-3


@dataclass(frozen=True)
class Tile:
    """One tile of a grid: its index and its rows/columns in the processing window."""

    index: int
    row: int
    col: int
    y: int
    x: int


@dataclass(frozen=True)
class TileGrid:
    """A grid of `tile` x `tile` windows overlapping by `overlap` pixels over height x width."""

    height: int
    width: int
    tile: int
    overlap: int

    def __post_init__(self) -> None:
        if self.height <= 0 or self.width <= 0:
            raise InputError("The area to process is empty (0 pixels); choose a larger extent.")
        if self.tile < 8:
            raise InputError(f"Tile size {self.tile} is too small; use at least 8 pixels (256 is typical).")
        if self.overlap < 0 or 2 * self.overlap > self.tile:
            raise InputError(
                f"Tile overlap {self.overlap} px must be between 0 and half the tile size ({self.tile // 2} px)."
            )

    @property
    def stride(self) -> int:
        return self.tile - self.overlap

    @property
    def rows(self) -> int:
        return math.ceil(self.height / self.stride)

    @property
    def cols(self) -> int:
        return math.ceil(self.width / self.stride)

    def __len__(self) -> int:
        return self.rows * self.cols

    def __iter__(self):
        s = self.stride
        for r in range(self.rows):
            for c in range(self.cols):
                yield Tile(r * self.cols + c, r, c, r * s, c * s)

    def block(self, tile: Tile) -> tuple[int, int, int, int]:
        """(y, x, height, width) of the block that tile completes, clipped to the window."""
        s = self.stride
        return tile.y, tile.x, min(s, self.height - tile.y), min(s, self.width - tile.x)

    @cached_property
    def weights(self) -> np.ndarray:
        """Blending weights of one tile (tile x tile, float32).

        The weight ramps from EDGE_WEIGHT to 1 across the overlap and is flat inside, after a
        margin of overlap/4 pixels at the very edge that is all but ignored: predictions there
        lack context, and the neighbouring tile sees those pixels well inside.
        """
        if self.overlap == 0:
            return np.ones((self.tile, self.tile), np.float32)
        margin = self.overlap // 4
        i = np.arange(self.tile)
        d = np.minimum(i, self.tile - 1 - i).astype(np.float64)
        ramp = np.clip((d - margin + 0.5) / (self.overlap - margin), EDGE_WEIGHT, 1.0)
        return np.outer(ramp, ramp).astype(np.float32)
