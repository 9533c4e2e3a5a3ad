# SPDX-License-Identifier: GPL-2.0-or-later
"""The grid every factor is put on: a CRS, a north-up transform and a size in pixels."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import rasterio
from rasterio.crs import CRS
from rasterio.transform import Affine

from ..inference.errors import InputError
from ..inference.sources.raster import open_source


@dataclass(frozen=True)
class GridSpec:
    """A north-up grid: CRS as WKT, affine transform (a, b, c, d, e, f), width and height in pixels."""

    crs: str
    transform: tuple
    width: int
    height: int

    @property
    def affine(self) -> Affine:
        return Affine(*self.transform[:6])

    @property
    def res(self) -> tuple[float, float]:
        """Pixel width and height (map units, positive)."""
        return abs(self.transform[0]), abs(self.transform[4])

    @property
    def cell_size(self) -> float:
        """Pixel side (the mean of width and height where they differ)."""
        x, y = self.res
        return x if x == y else 0.5 * (x + y)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax)."""
        a = self.affine
        x0, y0 = a.c, a.f
        x1, y1 = a * (self.width, self.height)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)

    @property
    def rasterio_crs(self) -> CRS:
        return CRS.from_wkt(self.crs)

    @property
    def is_projected(self) -> bool:
        return bool(self.rasterio_crs.is_projected)

    def expanded(self, halo: int) -> GridSpec:
        """The grid grown by `halo` pixels on every side (for reading a window's surroundings)."""
        return GridSpec(
            self.crs,
            tuple(self.affine * Affine.translation(-halo, -halo))[:6],
            self.width + 2 * halo,
            self.height + 2 * halo,
        )


def _check(grid: GridSpec) -> GridSpec:
    if grid.width < 1 or grid.height < 1:
        raise InputError(
            f"The grid has {grid.width} x {grid.height} pixels; choose a larger extent or a smaller cell size."
        )
    a, b, _, d, e, _ = grid.transform[:6]
    if b or d or a <= 0 or e >= 0:
        raise InputError(
            "The reference grid is rotated or not north-up; warp the reference raster to a north-up grid first "
            "(Raster > Projections > Warp)."
        )
    return grid


# A grid this large (20,000 x 20,000 cells) is far beyond a susceptibility study: most likely a cell size in
# other units (0.01 for 10 m) or a wrong extent. Refused unless the user says they mean it (allow_large).
LARGE_GRID_CELLS = 400_000_000


def check_grid_size(grid: GridSpec, bands: int, output_path: str, allow_large: bool = False) -> None:
    """Refuse, before anything is created, a grid the user almost surely did not mean, or one the disk cannot hold."""
    import shutil

    cells = grid.width * grid.height
    size = cells * max(1, bands) * 4  # float32 bands, before compression
    cell = abs(grid.transform[0])
    if cells > LARGE_GRID_CELLS and not allow_large:
        raise InputError(
            f"The factors' grid would be {grid.width:,} x {grid.height:,} = {cells / 1e6:,.0f} million cells of "
            f"{cell:g} (up to {size / 1e9:,.1f} GB for {bands} factor(s)), far larger than a susceptibility study "
            f"needs. Check the cell size ({cell:g}, in the units of the CRS: metres for a projected CRS) and the "
            "extent; if you do mean such a grid, allow large grids (ALLOW_LARGE_GRID in Processing)."
        )
    folder = os.path.dirname(os.path.abspath(output_path)) or "."
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if size > 4 * free:  # deflate rarely saves more than three quarters of float32 factors
        raise InputError(
            f"The factors' grid ({grid.width:,} x {grid.height:,} cells, {bands} factor(s)) needs up to "
            f"{size / 1e9:,.1f} GB, but the disk of {folder} has {free / 1e9:,.1f} GB free. Free some space, write "
            "the factors to another disk, or choose a larger cell size or a smaller extent."
        )


def grid_from_raster(path: str, extent: tuple | None = None) -> GridSpec:
    """The grid of a raster, limited to `extent` (xmin, ymin, xmax, ymax in its CRS) when given."""
    source = open_source(path, (1,), extent)
    return _check(GridSpec(source.crs.to_wkt(), tuple(source.transform)[:6], source.width, source.height))


def grid_from_extent(crs: str, extent: tuple, cell_size: float) -> GridSpec:
    """A grid of square `cell_size` pixels over `extent` (xmin, ymin, xmax, ymax in `crs`).

    The extent is grown to whole pixels from its top-left corner. `crs`: WKT, 'EPSG:nnnn' or any
    text rasterio reads.
    """
    try:
        wkt = CRS.from_user_input(crs).to_wkt()
    except (rasterio.errors.CRSError, TypeError, ValueError):
        raise InputError(f"The CRS '{crs}' is not one that GDAL knows; choose another (e.g. EPSG:32633).") from None
    try:
        xmin, ymin, xmax, ymax = (float(v) for v in extent)
        cell = float(cell_size)
    except (TypeError, ValueError):
        raise InputError(f"The extent {extent} is not four numbers (xmin, ymin, xmax, ymax).") from None
    if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax, cell)) or cell <= 0:
        raise InputError(f"The cell size {cell_size} and extent {extent} must be finite, the cell size above 0.")
    width = math.ceil((xmax - xmin) / cell - 1e-9)
    height = math.ceil((ymax - ymin) / cell - 1e-9)
    return _check(GridSpec(wkt, (cell, 0.0, xmin, 0.0, -cell, ymax), max(width, 0), max(height, 0)))
