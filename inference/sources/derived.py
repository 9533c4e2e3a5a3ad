# SPDX-License-Identifier: GPL-2.0-or-later
"""Bands derived on the fly: a model's input band computed from another band of the run, window by window.

A model whose contract says a band is a terrain derivative of another (`band_derived`: slope of the
elevation, say) runs on the elevation alone: `DerivedSource` wraps the source of the bands given and
reads each tile with the halo the derivatives need (terrain.halo_for), computes them with the same
functions that build susceptibility factors (terrain.terrain_window) and hands the engine every band in
the model's order. Past the raster's edge the halo is nodata, as in build_factors, so a derivative whose
stencil leaves the raster is nodata there (slope: the outermost pixel). Flow accumulation and the wetness
index see only the catchment within the halo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import terrain
from .base import lattice, pad_tile

_OWN = frozenset(("inner", "recipe", "names", "res", "halo", "ellipsoid"))


@dataclass
class DerivedSource:
    """The source of the bands given (`inner`) plus bands derived from them, in the model's band order.

    `recipe` has one (terrain factor or "", index of the inner band) per band: "" copies the inner band.
    On a grid in degrees (`ellipsoid` given) each window's cells are measured in metres at its latitude.
    Everything else (grid, CRS, masks, nodata options) is the inner source's.
    """

    inner: Any
    recipe: tuple[tuple[str, int], ...]
    names: tuple[str, ...]
    res: tuple[float, float]  # cell width and height: metres, or degrees when `ellipsoid` is given
    halo: int
    ellipsoid: tuple[float, float] | None = None  # (semi-major axis, flattening) of a grid in degrees

    def __getattr__(self, name: str):
        if name in _OWN or name.startswith("__"):  # not set yet (unpickling): no recursion into inner
            raise AttributeError(name)
        return getattr(self.inner, name)

    def __setattr__(self, name: str, value) -> None:
        if name in _OWN:
            object.__setattr__(self, name, value)
        else:  # extra_nodata, gaps_as_nan, mask_geometries: the inner source reads them
            setattr(self.inner, name, value)

    @property
    def count(self) -> int:
        return len(self.recipe)

    @property
    def band_names(self) -> tuple[str, ...]:
        return self.names

    @property
    def band_kinds(self) -> tuple[str, ...]:
        given = tuple(self.inner.band_kinds) or ("continuous",) * self.inner.count
        return tuple("continuous" if f else given[i] for f, i in self.recipe)

    @property
    def dtype(self) -> str:
        return "float32"

    def open(self):
        return self.inner.open()

    def read_tile(self, handle, y: int, x: int, size: int, dtype: str = "float32"):
        """The size x size tile at (y, x) with every band; derived bands computed on the tile grown by the halo."""
        h = min(size, self.inner.height - y)
        w = min(size, self.inner.width - x)
        data, valid, inside = self._core(handle, y, x, h, w)
        data, valid, inside = pad_tile(data.astype(dtype, copy=False), valid, inside, size)
        return data, valid, inside

    def _core(self, handle, y: int, x: int, h: int, w: int):
        """Every band of the h x w window at (y, x), its validity and inside masks (no padding)."""
        g = self.halo
        top, left = max(0, y - g), max(0, x - g)
        bottom, right = min(self.inner.height, y + h + g), min(self.inner.width, x + w + g)
        rows, cols = bottom - top, right - left
        data, valid, inside = self.inner.read_tile(handle, top, left, max(rows, cols), "float64")
        data, valid, inside = data[:, :rows, :cols], valid[:rows, :cols], inside[:rows, :cols]
        out = np.empty((len(self.recipe), h, w), np.float64)
        core = (slice(y - top, y - top + h), slice(x - left, x - left + w))
        ok = valid[core].copy()
        wanted: dict[int, list[str]] = {}
        for factor, band in self.recipe:
            if factor:
                wanted.setdefault(band, []).append(factor)
        maps: dict[tuple[int, str], np.ndarray] = {}
        for band, factors in wanted.items():
            z = np.full((h + 2 * g, w + 2 * g), np.nan)  # the halo past the raster's edge is nodata
            oy, ox = top - (y - g), left - (x - g)
            z[oy : oy + rows, ox : ox + cols] = np.where(valid, data[band], np.nan)
            res = self._metres(y + h / 2.0, x + w / 2.0)
            for name, values in terrain.terrain_window(z, g, res, tuple(factors)).items():
                maps[band, name] = values
        for k, (factor, band) in enumerate(self.recipe):
            out[k] = maps[band, factor] if factor else data[band][core]
            if factor:
                ok &= np.isfinite(out[k])
        return out, ok, inside[core]

    def _metres(self, row: float, col: float) -> tuple[float, float]:
        """The cell's width and height in metres at (row, col) of the window: `res` itself on a metric grid; on a
        grid in degrees, the geodesic lengths of one cell east and one cell north there."""
        if self.ellipsoid is None:
            return self.res
        from pyproj import Geod

        t = self.inner.transform
        lon, lat = t.c + t.a * col, t.f + t.e * row
        geod = Geod(a=self.ellipsoid[0], f=self.ellipsoid[1])
        width = geod.inv(lon, lat, lon + self.res[0], lat)[2]
        height = geod.inv(lon, lat, lon, lat + self.res[1])[2]
        return (abs(float(width)), abs(float(height)))

    def read_decimated(self, max_pixels: int, size: int = 64):
        """A sample of every band, about max_pixels in all, on the lattice the rasters use: (bands, n, 1), (n, 1)."""
        parts, oks = [], []
        with self.open() as handle:
            for x, y, w, h in lattice(self.inner.width, self.inner.height, max_pixels, size):
                data, ok, _ = self._core(handle, y, x, h, w)
                parts.append(data.reshape(len(self.recipe), -1))
                oks.append(ok.reshape(-1))
        return np.concatenate(parts, axis=1)[:, :, None], np.concatenate(oks)[:, None]
