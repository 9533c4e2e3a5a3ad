# SPDX-License-Identifier: GPL-2.0-or-later
"""An aligned stack as a source: rasters on any grid and CRS read onto one reference grid window by
window (a warped VRT each: bilinear for continuous layers, nearest for categorical ones), and
vector layers rasterised per window.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.windows import Window

from ..errors import InputError
from .base import (
    EXTREME_VALUE,
    SUPPORTED_DTYPES,
    GridWindows,
    RasterLayer,
    VectorLayer,
    check_kind,
    gaps_to_nan,
    pad_tile,
)
from .raster import RasterSource, open_source
from .vectors import LoadedVector, field_codes, layer_stem, load_vector, query_boxes, read_vector_frame, spatial_index


@dataclass
class StackSource(GridWindows):
    """Rasters and vectors read onto one reference grid, window by window."""

    layers: tuple
    crs: Any
    transform: Any  # of the processing window
    width: int
    height: int
    full_transform: Any  # of the reference grid, before cutting the window
    window: Window
    band_names: tuple[str, ...]
    band_kinds: tuple[str, ...]
    layer_bands: tuple[tuple[int, ...], ...]  # bands read from each layer (() for vectors)
    reference: int  # index of the layer whose grid is the reference, or -1
    mask_geometries: list = field(default_factory=list)
    extra_nodata: float | None = None
    gaps_as_nan: bool = False  # series: nodata bands become NaN, a pixel is valid when any band is
    vector_codes: dict[str, dict[str, int]] = field(default_factory=dict)
    _vectors: dict = field(default_factory=dict, repr=False)
    spatial_index: Any = field(default=None, repr=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_vectors": {}, "spatial_index": None}

    @property
    def count(self) -> int:
        return len(self.band_names)

    @property
    def dtype(self) -> str:
        return "float32"

    @property
    def description(self) -> str:
        return f"stack of {len(self.layers)} layers"

    @property
    def path(self) -> str:  # for messages
        return ", ".join(os.path.basename(layer.path) for layer in self.layers)

    # -- reading -----------------------------------------------------------------------
    def open(self) -> _StackHandle:
        return _StackHandle(self)

    def read_tile(
        self, handle: _StackHandle, y: int, x: int, size: int, dtype: str = "float32"
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A size x size tile at (y, x) of the window on the reference grid (see RasterSource.read_tile)."""
        h = min(size, self.height - y)
        w = min(size, self.width - x)
        win = Window(self.window.col_off + x, self.window.row_off + y, w, h)
        data = np.empty((self.count, h, w), dtype)
        ok = np.ones((self.count, h, w), bool)  # per band
        b = 0
        for i, layer in enumerate(self.layers):
            if isinstance(layer, VectorLayer):
                data[b] = self._burn(i, layer, win, h, w)
                b += 1
                continue
            bands = self.layer_bands[i]
            n = len(bands)
            data[b : b + n], ok[b : b + n] = handle.read_raster(i, bands, win)
            b += n
        if self.extra_nodata is not None:
            ok &= data != np.float32(self.extra_nodata)
        valid = gaps_to_nan(data, ok) if self.gaps_as_nan else ok.all(axis=0)
        inside = self._inside_mask(win, h, w) if self.mask_geometries else np.ones((h, w), bool)
        valid &= inside
        return pad_tile(data, valid, inside, size)

    def read_decimated(self, max_pixels: int) -> tuple[np.ndarray, np.ndarray]:
        """A sample of the stack for statistics: whole tiles on a lattice, about max_pixels in all."""
        size = 256
        spacing = max(size, int((self.width * self.height * size * size / max_pixels) ** 0.5))
        parts, oks = [], []
        with self.open() as handle:
            for y in range(0, self.height, spacing):
                for x in range(0, self.width, spacing):
                    data, valid, _ = self.read_tile(handle, y, x, size)
                    h, w = min(size, self.height - y), min(size, self.width - x)
                    parts.append(data[:, :h, :w].reshape(self.count, -1))
                    oks.append(valid[:h, :w].reshape(-1))
        data = np.concatenate(parts, axis=1)
        return data[:, :, None], np.concatenate(oks)[:, None]

    def _vector(self, i: int, layer: VectorLayer) -> LoadedVector:
        cached = self._vectors.get(i)
        if cached is None:
            cached = self._vectors[i] = load_vector(layer, self.crs, self.vector_codes.get(str(i)))
        return cached

    def _burn(self, i: int, layer: VectorLayer, win: Window, h: int, w: int) -> np.ndarray:
        from rasterio.features import rasterize
        from rasterio.windows import bounds as window_bounds
        from rasterio.windows import transform as window_transform

        vector = self._vector(i, layer)
        hits = query_boxes(vector.tree, vector.geometries, window_bounds(win, self.full_transform))
        if not len(hits):
            return np.zeros((h, w), np.float32)
        shapes = [(vector.geometries[j], float(vector.values[j])) for j in hits]
        return rasterize(
            shapes,
            out_shape=(h, w),
            transform=window_transform(win, self.full_transform),
            fill=0.0,
            all_touched=layer.all_touched,
            dtype="float32",
        )

    def _inside_mask(self, win: Window, h: int, w: int) -> np.ndarray:
        from rasterio.features import geometry_mask
        from rasterio.windows import bounds as window_bounds
        from rasterio.windows import transform as window_transform

        if self._tree is None:
            self._tree = spatial_index(self.mask_geometries)
        hits = query_boxes(self._tree, self.mask_geometries, window_bounds(win, self.full_transform))
        if not len(hits):
            return np.zeros((h, w), bool)
        geoms = [self.mask_geometries[j] for j in hits]
        return geometry_mask(geoms, out_shape=(h, w), transform=window_transform(win, self.full_transform), invert=True)


class _StackHandle:
    """Open datasets (and warped VRTs) of one reader thread or worker."""

    def __init__(self, source: StackSource) -> None:
        self.source = source
        self.datasets: dict[int, Any] = {}
        self.vrts: dict[int, Any] = {}

    def __enter__(self) -> _StackHandle:
        return self

    def __exit__(self, *exc) -> None:
        for vrt in self.vrts.values():
            vrt.close()
        for ds in self.datasets.values():
            ds.close()

    def read_raster(self, i: int, bands: tuple[int, ...], win: Window) -> tuple[np.ndarray, np.ndarray]:
        """Bands of layer i over a window of the reference grid, and where each band holds data."""
        src = self.source
        layer = src.layers[i]
        ds = self.datasets.get(i)
        if ds is None:
            ds = self.datasets[i] = rasterio.open(layer.path)
        nodata = layer.nodata if layer.nodata is not None else ds.nodata
        if i == src.reference:
            raw = ds.read(bands, window=win)
            data = raw.astype(np.float32, copy=False)
            ok = np.ones(raw.shape, bool)
        else:
            vrt = self.vrts.get(i)
            if vrt is None:
                from rasterio.vrt import WarpedVRT

                resampling = Resampling.nearest if layer.kind == "categorical" else Resampling.bilinear
                vrt = self.vrts[i] = WarpedVRT(
                    ds,
                    crs=src.crs,
                    transform=src.full_transform,
                    width=int(src.window.col_off + src.window.width),
                    height=int(src.window.row_off + src.window.height),
                    resampling=resampling,
                    src_nodata=nodata,
                    nodata=nodata,
                    add_alpha=True,  # pixels the layer does not cover are told apart from data
                )
            raw = vrt.read(list(bands) + [vrt.count], window=win)
            data = raw[:-1].astype(np.float32, copy=False)
            ok = np.repeat(raw[-1:] > 0, len(bands), axis=0)
        if nodata is not None and not np.isnan(nodata):
            ok &= data != np.float32(nodata)
        if data.dtype.kind == "f":
            ok &= np.abs(data) < EXTREME_VALUE  # NaN, infinity, an undeclared -3.4e38
        return data, ok


def build_stack(
    layers: Sequence[RasterLayer | VectorLayer],
    extent: tuple[float, float, float, float] | None = None,
    mask_geometries: list | None = None,
    reference: int | None = None,
) -> StackSource:
    """Check the layers and put them on one grid: that of `reference` (default: the first raster).

    Every raster must have a CRS and overlap the reference grid; vector layers must have a CRS
    and, for a field, that field. Pixels a layer does not cover are nodata, and a layer that
    covers only part of the area is reported by `coverage_warnings`.
    """
    layers = tuple(layers)
    if not layers:
        raise InputError("No input layers were given; choose at least one raster.")
    rasters = [i for i, layer in enumerate(layers) if isinstance(layer, RasterLayer)]
    if not rasters:
        raise InputError("A stack needs at least one raster to give its grid; add a raster layer.")
    ref = rasters[0] if reference is None else reference
    if ref not in rasters:
        raise InputError("The reference layer of a stack must be one of its rasters.")
    ref_layer = layers[ref]
    grid = open_source(ref_layer.path, ref_layer.bands, extent, nodata=ref_layer.nodata)
    full_transform = grid.transform_full
    names: list[str] = []
    kinds: list[str] = []
    layer_bands: list[tuple[int, ...]] = []
    codes: dict[str, dict[str, int]] = {}
    for i, layer in enumerate(layers):
        kind = check_kind(layer.kind, layer.path)
        stem = layer.name or layer_stem(layer.path)
        if isinstance(layer, VectorLayer):
            frame = read_vector_frame(layer)
            if frame.empty:
                raise InputError(
                    f"The vector layer {layer.path} has no features. Choose a layer with features, or remove it "
                    "from the further layers."
                )
            layer_codes = field_codes(layer, frame)
            if layer_codes:
                codes[str(i)] = layer_codes
            names.append(f"{stem}:{layer.field}" if layer.field else stem)
            kinds.append(kind)
            layer_bands.append(())
            continue
        if i == ref:
            bands = grid.bands
        else:
            bands = _check_raster(layer, grid)
        names.extend(stem if len(bands) == 1 else f"{stem}:{b}" for b in bands)
        kinds.extend(kind for _ in bands)
        layer_bands.append(tuple(bands))
    return StackSource(
        layers=layers,
        crs=grid.crs,
        transform=grid.transform,
        width=grid.width,
        height=grid.height,
        full_transform=full_transform,
        window=grid.window,
        band_names=tuple(names),
        band_kinds=tuple(kinds),
        layer_bands=tuple(layer_bands),
        reference=ref,
        mask_geometries=list(mask_geometries or []),
        vector_codes=codes,
    )


def _check_raster(layer: RasterLayer, grid: RasterSource) -> tuple[int, ...]:
    from rasterio.warp import transform_bounds
    from rasterio.windows import bounds as window_bounds

    name = os.path.basename(layer.path)
    if not os.path.exists(layer.path):
        raise InputError(f"Input raster not found: {layer.path}")
    try:
        ds = rasterio.open(layer.path)
    except rasterio.errors.RasterioIOError as exc:
        raise InputError(f"Cannot open the raster {layer.path}: {exc}. Is it a raster that GDAL can read?") from None
    with ds:
        if ds.crs is None:
            raise InputError(
                f"The raster '{name}' has no coordinate reference system, so it cannot be aligned with the "
                "other layers. Assign one (Raster > Projections > Assign Projection) and run again."
            )
        bands = tuple(layer.bands) if layer.bands else tuple(range(1, ds.count + 1))
        for b in bands:
            if b < 1 or b > ds.count:
                raise InputError(
                    f"Band {b} does not exist: '{name}' has {ds.count} band(s). "
                    f"Choose bands from 1 to {ds.count} (BANDS)."
                )
        for b in bands:
            if ds.dtypes[b - 1] not in SUPPORTED_DTYPES:
                raise InputError(f"Raster data type {ds.dtypes[b - 1]} of '{name}' is not supported.")
        left, bottom, right, top = transform_bounds(ds.crs, grid.crs, *ds.bounds, densify_pts=21)
    gl, gb, gr, gt = window_bounds(grid.window, grid.transform_full)
    if right <= gl or left >= gr or top <= gb or bottom >= gt:
        raise InputError(
            f"The raster '{name}' does not overlap the area of the reference layer "
            f"'{os.path.basename(grid.path)}' (after reprojection to its CRS); check the layers and their CRSs."
        )
    return bands


def coverage_warnings(source: StackSource) -> list[str]:
    """Layers that leave part of the reference window uncovered (their pixels there are nodata)."""
    from rasterio.warp import transform_bounds
    from rasterio.windows import bounds as window_bounds

    gl, gb, gr, gt = window_bounds(source.window, source.full_transform)
    out = []
    for i, layer in enumerate(source.layers):
        if isinstance(layer, VectorLayer) or i == source.reference:
            continue
        with rasterio.open(layer.path) as ds:
            left, bottom, right, top = transform_bounds(ds.crs, source.crs, *ds.bounds, densify_pts=21)
        covered = max(0.0, min(right, gr) - max(left, gl)) * max(0.0, min(top, gt) - max(bottom, gb))
        share = covered / ((gr - gl) * (gt - gb))
        if share < 0.999:
            out.append(
                f"The layer '{os.path.basename(layer.path)}' covers about {100 * share:.0f} % of the area; "
                "pixels outside it are nodata."
            )
    return out
