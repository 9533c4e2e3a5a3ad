# SPDX-License-Identifier: GPL-2.0-or-later
"""One raster as a source: windowed reading with border padding and validity masks, the checks of
an input raster, band statistics and fill-value warnings.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import rasterio
from rasterio.windows import Window, from_bounds

from ..errors import InputError
from .base import EXTREME_VALUE, SUPPORTED_DTYPES, GridWindows, gaps_to_nan, lattice, pad_tile


@dataclass
class RasterSource(GridWindows):
    """The part of a raster to process: which bands, which window, which pixels are valid.

    `mask_geometries` are shapely geometries in the raster's CRS; pixels outside them are
    treated like nodata. The dataset is opened per thread with `open()`, since GDAL handles
    must not be shared between threads.
    """

    path: str
    bands: tuple[int, ...]
    window: Window
    transform: Any
    crs: Any
    dtype: str
    nodata: tuple[float | None, ...]
    mask_geometries: list = field(default_factory=list)
    extra_nodata: float | None = None  # the model's input_nodata, invalid in any band
    band_kinds: tuple[str, ...] = ()  # "continuous" or "categorical" per band; () = all continuous
    gaps_as_nan: bool = False  # series: nodata bands become NaN, a pixel is valid when any band is
    _tree: Any = field(default=None, repr=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_tree": None}  # the R-tree is rebuilt where the source is used

    @property
    def width(self) -> int:
        return int(self.window.width)

    @property
    def height(self) -> int:
        return int(self.window.height)

    @property
    def count(self) -> int:
        return len(self.bands)

    def open(self):
        return rasterio.open(self.path)

    def geometries_near(self, bounds: tuple[float, float, float, float]) -> list:
        """Mask geometries that intersect a bounding box (an R-tree query)."""
        if not self.mask_geometries:
            return []
        import warnings

        from shapely.geometry import box
        from shapely.strtree import STRtree

        with warnings.catch_warnings():  # shapely 1.8 warns that 2.0 returns indices instead
            warnings.simplefilter("ignore")
            if self._tree is None:
                self._tree = STRtree(self.mask_geometries)
            hits = self._tree.query(box(*bounds))
        if len(hits) and not hasattr(hits[0], "geom_type"):  # shapely 2 returns indices
            return [self.mask_geometries[int(i)] for i in hits]
        return [g for g in hits if g.intersects(box(*bounds))]

    @property
    def band_names(self) -> tuple[str, ...]:
        return tuple(f"band {b}" for b in self.bands)

    def read_tile(
        self, ds, y: int, x: int, size: int, dtype: str = "float32"
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Read a size x size tile at (y, x) of the window, padded by reflection past its edges.

        Returns the native values as float32 (bands, size, size), a boolean validity mask
        (size, size) that is False for nodata, non-finite values and pixels outside the mask
        geometries, and the mask of pixels inside the area (the mask geometries). The padding
        mirrors all three, so the model sees reflected terrain there rather than the nodata
        fill; callers clip blocks to the window, so padding is never written.
        """
        h = min(size, self.height - y)
        w = min(size, self.width - x)
        win = Window(self.window.col_off + x, self.window.row_off + y, w, h)
        raw = ds.read(self.bands, window=win)
        data = raw.astype(dtype, copy=False)
        ok = np.ones(data.shape, bool)  # per band
        for b, nd in enumerate(self.nodata):
            if nd is not None and not np.isnan(nd):
                ok[b] &= data[b] != data.dtype.type(nd)
        if self.extra_nodata is not None:
            ok &= data != data.dtype.type(self.extra_nodata)
        if raw.dtype.kind == "f":  # only floats hold NaN, infinity or an undeclared -3.4e38
            ok &= np.abs(data) < EXTREME_VALUE
        valid = gaps_to_nan(data, ok) if self.gaps_as_nan else ok.all(axis=0)
        inside = self._inside_mask(win, h, w) if self.mask_geometries else np.ones((h, w), bool)
        valid &= inside
        return pad_tile(data, valid, inside, size)

    def _inside_mask(self, win: Window, h: int, w: int) -> np.ndarray:
        from rasterio.features import geometry_mask
        from rasterio.windows import bounds as window_bounds
        from rasterio.windows import transform as window_transform

        geoms = self.geometries_near(window_bounds(win, self.transform_full))
        if not geoms:
            return np.zeros((h, w), bool)
        return geometry_mask(geoms, out_shape=(h, w), transform=window_transform(win, self.transform_full), invert=True)

    @property
    def description(self) -> str:
        return os.path.basename(self.path)

    def read_decimated(self, max_pixels: int, size: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """A sample of the window, about max_pixels in all: data (bands, n, 1) and validity (n, 1).

        Small windows on a lattice over the area, not a read at a coarser resolution: GDAL reads a
        subsampled window through every block it touches, which on a large raster decodes the
        whole file and fills the block cache (1.3 GB of peak memory on a 64 MP 12-band stack).
        """
        with self.open() as ds:
            parts = [
                ds.read(self.bands, window=Window(self.window.col_off + x, self.window.row_off + y, w, h)).reshape(
                    self.count, -1
                )
                for x, y, w, h in lattice(self.width, self.height, max_pixels, size)
            ]
        data = np.concatenate(parts, axis=1).astype(np.float64)[:, :, None]
        valid = (np.abs(data) < EXTREME_VALUE).all(axis=0)  # NaN, infinity and an undeclared -3.4e38 are nodata
        for b, nd in enumerate(self.nodata):
            if nd is not None:
                valid &= data[b] != nd
        return data, valid

    @property
    def transform_full(self):
        """Transform of the whole raster (self.transform is that of the window)."""
        return self.transform * self.transform.translation(-self.window.col_off, -self.window.row_off)


def open_raster(path: str):
    """Open a raster file for reading, or say clearly why it cannot be used as one.

    Its first and last blocks are read too: a file cut short (an interrupted copy or download) opens,
    and would fail only half-way through a run.
    """
    name = os.path.basename(str(path))
    if not path or not os.path.exists(path):
        raise InputError(f"Input raster not found: {path}. Check the path, or choose the layer again.")
    if os.path.isdir(path):
        raise InputError(f"The input {path} is a folder; choose a raster file inside it.")
    if os.path.getsize(path) == 0:
        raise InputError(
            f"The raster file '{name}' is empty (0 bytes): it was not written completely. Save or export it again, "
            "or choose another file."
        )
    try:
        ds = rasterio.open(path)
    except rasterio.errors.RasterioIOError as exc:
        if _is_vector(path):
            raise InputError(
                f"'{name}' is a vector layer, not a raster. Choose a raster as the input; vector layers can join it "
                "as extra layers of a stack (LAYERS), burned onto the raster's grid."
            ) from exc
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "band" in text.lower():
            raise InputError(f"'{name}' has no raster bands; choose a raster with at least one band.") from exc
        raise InputError(
            f"'{name}' is not a raster GDAL can read, or is corrupt or truncated ({text}). Choose a raster file (a "
            "GeoTIFF, say), or export the layer again (Raster > Conversion > Translate)."
        ) from exc
    if ds.count == 0:
        ds.close()
        raise InputError(f"'{name}' has no raster bands; choose a raster with at least one band.")
    _check_readable(ds, name, path)
    return ds


# Files whose first and last blocks were read (path, size, modification time): a run opens its input several
# times, and decoding a large block of a many-band stack again each time costs a noticeable share of a short run.
_READABLE: set[tuple] = set()


def _check_readable(ds, name: str, path: str | None = None) -> None:
    """Read one pixel of the first and of the last block: a truncated file fails here, not half-way through a run."""
    key = None
    if path:
        stat = os.stat(path)
        key = (os.path.abspath(path), stat.st_size, stat.st_mtime_ns)
        if key in _READABLE:
            return
    try:
        for x, y in ((0, 0), (ds.width - 1, ds.height - 1)):
            ds.read(1, window=Window(x, y, 1, 1))
    except (rasterio.errors.RasterioError, rasterio.errors.RasterioIOError) as exc:
        ds.close()
        raise unreadable(name, exc) from exc
    if key is not None:
        if len(_READABLE) > 256:
            _READABLE.clear()
        _READABLE.add(key)


def unreadable(name: str, exc: Exception) -> InputError:
    """The error of a raster whose pixels cannot be read: corrupt or truncated."""
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return InputError(
        f"The raster '{name}' could not be read ({text}): the file is corrupt or truncated (an interrupted copy or "
        "download?). Save or export it again, or choose another file."
    )


def _is_vector(path: str) -> bool:
    try:
        from osgeo import gdal

        with_exceptions = gdal.GetUseExceptions()
        gdal.UseExceptions()
        try:
            ds = gdal.OpenEx(path, gdal.OF_VECTOR)
        finally:
            if not with_exceptions:
                gdal.DontUseExceptions()
        return ds is not None and ds.GetLayerCount() > 0
    except Exception:
        return False


def open_source(
    path: str,
    bands: Sequence[int] | None = None,
    extent: tuple[float, float, float, float] | None = None,
    mask_geometries: list | None = None,
    nodata: float | None = None,
) -> RasterSource:
    """Open a raster for processing and check it can be used.

    `extent` (xmin, ymin, xmax, ymax in the raster CRS) limits the work to a window;
    `mask_geometries` further limits it to polygons; `nodata` overrides the raster's own.
    """
    ds = open_raster(path)
    with ds:
        if ds.crs is None:
            raise InputError(
                f"The raster '{os.path.basename(path)}' has no coordinate reference system. Assign one "
                "(QGIS: Raster > Projections > Assign Projection, or layer Properties > Source) and run again."
            )
        chosen = tuple(bands) if bands else tuple(range(1, ds.count + 1))
        for b in chosen:
            if b < 1 or b > ds.count:
                raise InputError(
                    f"Band {b} does not exist: '{os.path.basename(path)}' has {ds.count} band(s). "
                    f"Choose bands from 1 to {ds.count} (BANDS)."
                )
        dtypes = {ds.dtypes[b - 1] for b in chosen}
        dtype = np.result_type(*dtypes).name
        if dtype not in SUPPORTED_DTYPES:
            raise InputError(
                f"Raster data type {dtype} is not supported; convert it to one of {', '.join(SUPPORTED_DTYPES)}."
            )
        if nodata is not None:
            band_nodata = tuple(float(nodata) for _ in chosen)
        else:
            band_nodata = tuple(None if ds.nodatavals[b - 1] is None else float(ds.nodatavals[b - 1]) for b in chosen)
        full = Window(0, 0, ds.width, ds.height)
        window = full
        if extent is not None:
            if len(extent) != 4 or not all(math.isfinite(float(v)) for v in extent):
                raise InputError(f"The extent {extent} is not four finite numbers (xmin, ymin, xmax, ymax).")
            xmin, ymin, xmax, ymax = (float(v) for v in extent)
            if xmax <= xmin or ymax <= ymin:
                raise InputError(f"The extent {extent} is empty; xmax must exceed xmin and ymax exceed ymin.")
            win = from_bounds(xmin, ymin, xmax, ymax, transform=ds.transform)
            # Every pixel the extent touches, tolerant of float noise at pixel edges.
            c0, r0 = math.floor(win.col_off + 1e-6), math.floor(win.row_off + 1e-6)
            c1 = math.ceil(win.col_off + win.width - 1e-6)
            r1 = math.ceil(win.row_off + win.height - 1e-6)
            try:
                window = Window(c0, r0, c1 - c0, r1 - r0).intersection(full)
            except rasterio.errors.WindowError:
                window = None
            if window is None or window.width < 1 or window.height < 1:
                raise InputError(
                    "The chosen extent does not overlap the raster; pan to the raster or use its full extent."
                )
        window = Window(int(window.col_off), int(window.row_off), int(window.width), int(window.height))
        transform = rasterio.windows.transform(window, ds.transform)
        crs = ds.crs
    return RasterSource(
        path=path,
        bands=chosen,
        window=window,
        transform=transform,
        crs=crs,
        dtype=dtype,
        nodata=band_nodata,
        mask_geometries=list(mask_geometries or []),
    )


def band_statistics(source, max_pixels: int = 1_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of each band over valid pixels, from a decimated read."""
    data, valid = source.read_decimated(max_pixels)
    if not valid.any():
        raise InputError(f"The input '{source.description}' has no valid pixels in the chosen area (all nodata).")
    values = data[:, valid].astype(np.float64)
    std = values.std(axis=1)
    return values.mean(axis=1), np.where(std > 0, std, 1.0)


def fill_value_warnings(paths: Sequence[str], max_pixels: int = 65_536) -> list[str]:
    """16-bit integer rasters without nodata whose sampled values often sit at the type's extreme: a fill value."""
    import rasterio
    from rasterio.windows import Window

    from .base import lattice

    out = []
    for path in paths:
        with rasterio.open(path) as ds:
            dtype = ds.dtypes[0]
            if dtype not in ("int16", "uint16") or any(nd is not None for nd in ds.nodatavals):
                continue
            # Small windows, not a subsampled read: that decodes every block of a large file.
            data = np.concatenate(
                [ds.read(window=Window(x, y, w, h)).ravel() for x, y, w, h in lattice(ds.width, ds.height, max_pixels)]
            )
        info = np.iinfo(dtype)
        # 0 is a plain value of unsigned data; -32768, 32767 and 65535 are the usual fills.
        for value, end in ((info.min, "smallest"), (info.max, "largest")):
            share = float((data == value).mean())
            if share >= 0.01 and value != 0:
                out.append(
                    f"{share:.0%} of the sampled values of '{os.path.basename(path)}' are {value}, the {end} {dtype} "
                    "value, and the raster has no nodata value: likely a fill value, which the model now reads as "
                    f"data. Set the raster's nodata (e.g. gdal_edit.py -a_nodata {value} on the file, or Raster > "
                    "Conversion > Translate with that nodata value) and run again."
                )
    return out
