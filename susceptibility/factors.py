# SPDX-License-Identifier: GPL-2.0-or-later
"""Factors of landslide susceptibility on one grid: one multi-band GeoTIFF, built window by window.

Each factor is read onto the grid through the engine's layer stack (`inference.sources`):
rasters on any grid and CRS through a warped VRT (bilinear for continuous factors, nearest for
categorical ones), vector layers rasterised per window. Every window is read with the halo its
factor needs (`halo`), so that nothing depends on where windows are cut:

- terrain factors of a DEM (terrain.py): one pixel, the TPI radius, or the flow halo (flow
  accumulation and the wetness index count catchments up to `flow_halo` cells beyond the
  window; longer ones are cut there);
- distance to vector features: `max_distance_m`, so distances are exact up to that cap, and
  read as the cap beyond it;
- rasters and polygon fields: none.

Memory depends on the window, the halos and the number of factors, never on the area. The
output is float32, NaN = nodata, one band per factor named after it, with the names, kinds,
categories seen and text codes in the tag LITHOSCOPE_FACTORS (JSON).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Mapping

import numpy as np
import rasterio
from rasterio.windows import Window

from ..inference.engine.cache import capped_block_cache
from ..inference.errors import CancelledError, InputError
from ..inference.outputs.files import OutputTransaction
from ..inference.outputs.geotiff import AtomicGeoTiff, OutputSpec, check_output_path
from ..inference.outputs.locks import output_lock
from ..inference.progress import CancelFn, LogFn, ProgressFn
from ..inference.sources import terrain
from ..inference.sources.base import SUPPORTED_DTYPES, RasterLayer, VectorLayer
from ..inference.sources.checks import check_elevation, extreme_value_warnings, slope_factor_warning
from ..inference.sources.raster import open_raster
from ..inference.sources.stack import StackSource
from ..inference.sources.terrain import FLOW_HALO, TERRAIN_FACTORS
from ..inference.sources.vectors import field_codes, layer_stem, read_vector_frame
from .grid import GridSpec, check_grid_size

CONTINUOUS = "continuous"
CATEGORICAL = "categorical"
TAG = "LITHOSCOPE_FACTORS"
WINDOW = 512
MAX_CATEGORIES = 1000  # more distinct values than this is a continuous raster declared categorical
_FILL_SAMPLE = 1_000_000  # pixels of the decimated sample the fill medians come from


@dataclass(frozen=True)
class RasterFactor:
    """One band of a raster, continuous (resampled bilinearly) or categorical (nearest, codes kept)."""

    path: str
    band: int = 1
    name: str | None = None
    kind: str = CONTINUOUS


@dataclass(frozen=True)
class TerrainFactors:
    """Terrain factors derived from a DEM (elevations in metres, on a projected grid)."""

    dem_path: str
    band: int = 1
    names: tuple[str, ...] = TERRAIN_FACTORS
    tpi_radius_m: float | None = None  # default: 10 cells
    flow_halo: int = FLOW_HALO  # cells beyond a window that flow accumulation counts


@dataclass(frozen=True)
class DistanceFactor:
    """Distance (m) from each pixel to the nearest feature of a vector layer, capped at max_distance_m."""

    path: str
    name: str | None = None
    layer: str | None = None
    max_distance_m: float = 5000.0


@dataclass(frozen=True)
class PolygonFieldFactor:
    """A field of polygons burned as a factor: text as categories (codes 1..n, sorted); numbers as they are, as a
    continuous factor unless `categorical` marks them as class codes (then whole numbers only).

    `text_codes` (text -> code, e.g. a trained model's `factor_text_codes` for this factor) fixes the
    codes, so that factors built from another polygon layer mean what they meant in training; texts it
    does not list get the next free codes, in sorted order.
    """

    path: str
    field: str
    name: str | None = None
    layer: str | None = None
    text_codes: Mapping[str, int] | None = None
    categorical: bool = False  # numbers that are class codes (a text field is categorical anyway)


@dataclass
class FactorsResult:
    """A factors GeoTIFF and what is known about its bands."""

    path: str
    names: list[str]
    kinds: list[str]
    categories: dict[str, list[float]]  # categorical band -> codes seen
    missing: dict[str, int]  # pixels without data per factor (before filling)
    text_codes: dict[str, dict[str, int]]  # polygon text field values -> codes
    named: bool = True  # names from the tag or the band descriptions (else band_1, band_2, ...)
    tagged: bool = True  # kinds, categories and text codes from Lithoscope's tag (else unknown)


Compute = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass
class _Input:
    """One factor (or the terrain set of a DEM): its stack on the grid grown by its halo, and its work."""

    names: list[str]
    kinds: list[str]
    what: str  # the layer, for messages
    halo: int
    source: StackSource
    compute: Compute  # (data, valid) of a window with its halo -> (bands, rows, cols) of the core
    text_codes: dict[str, int] = field(default_factory=dict)


def _stack(layers: list, grid: GridSpec, halo: int, codes: dict[str, int] | None = None) -> StackSource:
    """A stack of `layers` on `grid` grown by `halo` pixels on each side (no reference raster: all warped)."""
    g = grid.expanded(halo)
    return StackSource(
        layers=tuple(layers),
        crs=g.rasterio_crs,
        transform=g.affine,
        width=g.width,
        height=g.height,
        full_transform=g.affine,
        window=Window(0, 0, g.width, g.height),
        band_names=tuple(layer.name or layer_stem(layer.path) for layer in layers),
        band_kinds=tuple(layer.kind for layer in layers),
        layer_bands=tuple(layer.bands if isinstance(layer, RasterLayer) else () for layer in layers),
        reference=-1,
        vector_codes={"0": codes} if codes else {},
    )


# -- checks ------------------------------------------------------------------------------------
def _check_raster(path: str, band: int, grid: GridSpec) -> tuple[int, int]:
    """Refuse a raster without CRS, band or overlap with the grid; its width and height."""
    from rasterio.warp import transform_bounds

    name = os.path.basename(path)
    with open_raster(path) as ds:
        if ds.crs is None:
            raise InputError(
                f"The raster '{name}' has no coordinate reference system, so it cannot be put on the factors' grid. "
                "Assign one (Raster > Projections > Assign Projection) and run again."
            )
        if band < 1 or band > ds.count:
            raise InputError(
                f"Band {band} does not exist: '{name}' has {ds.count} band(s). Choose a band from 1 to {ds.count}."
            )
        if ds.dtypes[band - 1] not in SUPPORTED_DTYPES:
            raise InputError(f"Raster data type {ds.dtypes[band - 1]} of '{name}' is not supported.")
        size = (ds.width, ds.height)
        bounds = transform_bounds(ds.crs, grid.rasterio_crs, *ds.bounds, densify_pts=21)
    _check_overlap(bounds, grid.bounds, name)
    return size


def _check_overlap(bounds, grid_bounds, name: str, margin: float = 0.0) -> None:
    left, bottom, right, top = bounds
    gl, gb, gr, gt = grid_bounds
    if right < gl - margin or left > gr + margin or top < gb - margin or bottom > gt + margin:
        raise InputError(
            f"The layer '{name}' does not overlap the factors' grid (after reprojection to its CRS); check the "
            "layer, its CRS and the extent."
        )


def _vector_frame(layer: VectorLayer, grid: GridSpec, margin: float = 0.0):
    """The layer's features (checked: CRS, field, features, overlap), for codes."""
    frame = read_vector_frame(layer)
    name = os.path.basename(layer.path)
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        raise InputError(
            f"The vector layer '{name}' has no features. Choose a layer with features, or remove it from the inputs."
        )
    bounds = frame.to_crs(grid.crs).total_bounds
    if not np.isfinite(bounds).all():
        x0, y0, x1, y1 = frame.total_bounds
        raise InputError(
            f"The features of '{name}' cannot be placed in the factors' CRS: their coordinates "
            f"(x {x0:.6g} to {x1:.6g}, y {y0:.6g} to {y1:.6g}) do not fit the layer's CRS ({frame.crs.name}). "
            "Check the layer's CRS and assign the one its coordinates are in (layer Properties > Source)."
        )
    _check_overlap(tuple(bounds), grid.bounds, name, margin)
    return frame


def _need_metres(grid: GridSpec, what: str) -> None:
    if not grid.is_projected:
        raise InputError(
            f"{what} needs a grid in metres, but the factors' grid is in geographic coordinates (degrees). "
            "Choose a projected CRS for the grid (e.g. the UTM zone of the area)."
        )


# -- window work -------------------------------------------------------------------------------
def _raster_values(data: np.ndarray, valid: np.ndarray) -> np.ndarray:
    return np.where(valid, data[0], np.nan)[None].astype(np.float32)


def _terrain_values(
    data: np.ndarray, valid: np.ndarray, halo: int, res, names, tpi_radius: float, flow_halo: int
) -> np.ndarray:
    z = np.where(valid, data[0].astype(np.float64), np.nan)
    maps = terrain.terrain_window(z, halo, res, names, tpi_radius, flow_halo)
    return np.stack([maps[n] for n in names]).astype(np.float32)


def _distance_values(data: np.ndarray, valid: np.ndarray, halo: int, res, cap: float) -> np.ndarray:
    from scipy import ndimage

    features = data[0] > 0
    rows, cols = features.shape[0] - 2 * halo, features.shape[1] - 2 * halo
    if not features.any():
        return np.full((1, rows, cols), cap, np.float32)
    distance = ndimage.distance_transform_edt(~features, sampling=(res[1], res[0]))
    core = distance[halo : halo + rows, halo : halo + cols]
    return np.minimum(core, cap)[None].astype(np.float32)


def _polygon_values(data: np.ndarray, valid: np.ndarray, text: bool) -> np.ndarray:
    missing = data[1] == 0  # outside every polygon
    if text:
        missing |= data[0] == 0  # a polygon without a value (text codes start at 1)
    return np.where(missing, np.nan, data[0])[None].astype(np.float32)


def _terrain_input(factor: TerrainFactors, grid: GridSpec, log: LogFn) -> _Input:
    names = tuple(factor.names)
    unknown = [n for n in names if n not in TERRAIN_FACTORS]
    if unknown or not names:
        raise InputError(
            f"Unknown terrain factor(s) {', '.join(unknown) or '(none chosen)'}; choose among "
            f"{', '.join(TERRAIN_FACTORS)}."
        )
    _need_metres(grid, "Terrain factors")
    width, height = _check_raster(factor.dem_path, factor.band, grid)
    if width < 3 or height < 3:
        raise InputError(
            f"The DEM '{os.path.basename(factor.dem_path)}' is {width} x {height} cells; terrain factors need at least "
            "3 x 3 (a slope takes the cells around each one). Give a DEM that covers the study area."
        )
    check_elevation(factor.dem_path, factor.band)  # a DEM in micrometres gives slopes of 90 degrees everywhere
    for warning in extreme_value_warnings([factor.dem_path]):
        log(f"Warning: {warning}")
    radius = factor.tpi_radius_m / grid.cell_size if factor.tpi_radius_m else terrain.TPI_RADIUS_CELLS
    if radius < 1:
        raise InputError(f"The TPI radius {factor.tpi_radius_m} m is under one cell ({grid.cell_size:g} m).")
    flow_halo = int(factor.flow_halo)
    if flow_halo < 1:
        raise InputError(f"The flow halo must be at least 1 cell, not {factor.flow_halo}.")
    halo = terrain.halo_for(names, radius, flow_halo)
    layer = RasterLayer(factor.dem_path, (factor.band,), CONTINUOUS)
    compute = partial(_terrain_values, halo=halo, res=grid.res, names=names, tpi_radius=radius, flow_halo=flow_halo)
    what = os.path.basename(factor.dem_path)
    return _Input(list(names), [CONTINUOUS] * len(names), what, halo, _stack([layer], grid, halo), compute)


def _raster_input(factor: RasterFactor, grid: GridSpec, log: LogFn) -> _Input:
    kind = (factor.kind or CONTINUOUS).lower()
    if kind not in (CONTINUOUS, CATEGORICAL):
        raise InputError(f"Factor {factor.path}: kind '{factor.kind}' is unknown; use continuous or categorical.")
    _check_raster(factor.path, factor.band, grid)
    layer = RasterLayer(factor.path, (factor.band,), kind)
    name = factor.name or layer_stem(factor.path)
    for warning in extreme_value_warnings([factor.path]):
        log(f"Warning: {warning}")
    if "slope" in name.lower() and kind == CONTINUOUS:
        warning = slope_factor_warning(factor.path, factor.band, name)
        if warning:
            log(f"Warning: {warning[0].upper()}{warning[1:]}")
    return _Input([name], [kind], os.path.basename(factor.path), 0, _stack([layer], grid, 0), _raster_values)


def _distance_input(factor: DistanceFactor, grid: GridSpec, log: LogFn) -> _Input:
    _need_metres(grid, "Distance to features")
    cap = float(factor.max_distance_m)
    if not math.isfinite(cap) or cap <= 0:
        raise InputError(f"The maximum distance must be above 0 m, not {factor.max_distance_m}.")
    # Not all_touched: GDAL draws all-touched lines differently in different windows (seams).
    layer = VectorLayer(factor.path, None, CATEGORICAL, layer=factor.layer)
    _vector_frame(layer, grid, margin=cap)
    halo = int(math.ceil(cap / min(grid.res))) + 1
    name = factor.name or f"distance_{layer_stem(factor.path)}"
    compute = partial(_distance_values, halo=halo, res=grid.res, cap=cap)
    return _Input([name], [CONTINUOUS], os.path.basename(factor.path), halo, _stack([layer], grid, halo), compute)


def _polygon_input(factor: PolygonFieldFactor, grid: GridSpec, log: LogFn) -> _Input:
    what = os.path.basename(factor.path)
    if not factor.field:
        raise InputError(f"Choose the field of '{what}' whose values to burn.")
    values = VectorLayer(factor.path, factor.field, CATEGORICAL, layer=factor.layer)
    frame = _vector_frame(values, grid)
    if frame[factor.field].dtype.kind in "iufb" and not factor.categorical:
        return _numeric_polygon_input(factor, frame, grid, log)
    codes = field_codes(values, frame)
    if factor.text_codes is not None:
        if codes:
            codes = fixed_text_codes(codes, factor.text_codes, what)
        else:
            log(f"Warning: the field '{factor.field}' of '{what}' holds numbers; the text codes given are not used.")
    empty = int(frame[factor.field].isna().sum())
    if empty and not codes:
        log(f"Warning: {empty} polygon(s) of '{what}' have no value in '{factor.field}'; they read as 0.")
    coverage = VectorLayer(factor.path, None, CATEGORICAL, layer=factor.layer)  # where polygons are
    name = factor.name or f"{layer_stem(factor.path)}_{factor.field}"
    compute = partial(_polygon_values, text=bool(codes))
    stack = _stack([values, coverage], grid, 0, codes)
    return _Input([name], [CATEGORICAL], what, 0, stack, compute, dict(codes))


def _numeric_polygon_input(factor: PolygonFieldFactor, frame, grid: GridSpec, log: LogFn) -> _Input:
    """A numeric field as a continuous factor: its value inside each polygon, nodata outside and where it is empty."""
    what = os.path.basename(factor.path)
    empty = int(frame[factor.field].isna().sum())
    if empty:
        log(f"Warning: {empty} polygon(s) of '{what}' have no value in '{factor.field}'; they are nodata there.")
    values = VectorLayer(factor.path, factor.field, CONTINUOUS, layer=factor.layer)
    coverage = VectorLayer(factor.path, None, CATEGORICAL, layer=factor.layer)
    name = factor.name or f"{layer_stem(factor.path)}_{factor.field}"
    stack = _stack([values, coverage], grid, 0)
    return _Input([name], [CONTINUOUS], what, 0, stack, partial(_polygon_values, text=False))


def fixed_text_codes(found: Mapping[str, int], given: Mapping[str, int], what: str = "") -> dict[str, int]:
    """The codes `given` (text -> code) for their texts; texts of `found` it lacks get the next free codes."""
    try:
        codes = {str(t): int(c) for t, c in dict(given).items()}
    except (TypeError, ValueError):
        raise InputError(f"The text codes for '{what}' must map texts to whole numbers.") from None
    if any(c < 1 for c in codes.values()) or len(set(codes.values())) != len(codes):
        raise InputError(f"The text codes for '{what}' must be distinct whole numbers from 1: {codes}.")
    following = max(codes.values(), default=0) + 1
    for text in sorted(found):
        if text not in codes:
            codes[text] = following
            following += 1
    return codes


_INPUTS: dict[type, Callable[..., _Input]] = {
    TerrainFactors: _terrain_input,
    RasterFactor: _raster_input,
    DistanceFactor: _distance_input,
    PolygonFieldFactor: _polygon_input,
}


def _inputs(factors: list, grid: GridSpec, log: LogFn) -> list[_Input]:
    """Check every factor and give each its stack, halo and window work."""
    out = []
    for factor in factors:
        make = _INPUTS.get(type(factor))
        if make is None:
            raise InputError(f"Unknown factor {factor!r}; use {', '.join(t.__name__ for t in _INPUTS)}.")
        out.append(make(factor, grid, log))
    names = [n for inp in out for n in inp.names]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(f"Two factors are named {', '.join(repeated)}; give each factor its own name.")
    return out


def _read(inp: _Input, handle, r0: int, c0: int, rows: int, cols: int) -> np.ndarray:
    """The factor bands of one window (rows x cols at r0, c0 of the grid)."""
    h = inp.halo
    data, valid, _ = inp.source.read_tile(handle, r0, c0, max(rows, cols) + 2 * h)
    data = data[:, : rows + 2 * h, : cols + 2 * h]
    valid = valid[: rows + 2 * h, : cols + 2 * h]
    return inp.compute(data, valid)


def _windows(grid: GridSpec, size: int) -> list[tuple[int, int, int, int]]:
    return [
        (r, c, min(size, grid.height - r), min(size, grid.width - c))
        for r in range(0, grid.height, size)
        for c in range(0, grid.width, size)
    ]


@dataclass
class _Tally:
    """What pass one learns about each band: missing pixels, codes seen, a sample for the median."""

    kinds: list[str]
    step: int  # of the decimated sample, in rows and columns of the grid; 0: no sample
    missing: np.ndarray = field(init=False)
    valid_sum: np.ndarray = field(init=False)
    codes: list[Counter] = field(init=False)
    samples: list[list[np.ndarray]] = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.kinds)
        self.missing = np.zeros(n, np.int64)
        self.valid_sum = np.zeros(n, np.float64)
        self.codes = [Counter() for _ in range(n)]
        self.samples = [[] for _ in range(n)]

    def add(self, block: np.ndarray, r0: int, c0: int) -> None:
        s = self.step
        for b, kind in enumerate(self.kinds):
            band = block[b]
            nan = np.isnan(band)
            self.missing[b] += int(nan.sum())
            values = band[~nan]
            self.valid_sum[b] += values.sum(dtype=np.float64)
            if kind == CATEGORICAL:
                codes, counts = np.unique(values, return_counts=True)
                self.codes[b].update(dict(zip(codes.tolist(), counts.tolist())))
            elif s:  # every s-th row and column of the grid, wherever the window is cut
                part = band[(-r0) % s :: s, (-c0) % s :: s]
                self.samples[b].append(part[~np.isnan(part)])

    def fill_values(self, pixels: int) -> list[float]:
        out = []
        for b, kind in enumerate(self.kinds):
            if kind == CATEGORICAL:
                out.append(float(self.codes[b].most_common(1)[0][0]) if self.codes[b] else math.nan)
                continue
            sample = np.concatenate(self.samples[b]) if self.samples[b] else np.empty(0)
            valid = pixels - self.missing[b]
            if sample.size:
                out.append(float(np.median(sample)))
            else:  # too few pixels for the decimated sample: their mean
                out.append(float(self.valid_sum[b] / valid) if valid else math.nan)
        return out


def build_factors(
    factors: list,
    grid: GridSpec,
    output_path: str,
    fill_nodata: bool = False,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    log: LogFn | None = None,
    window: int = WINDOW,
    text_codes: Mapping[str, Mapping[str, int]] | None = None,
    allow_large: bool = False,
) -> FactorsResult:
    """Put `factors` on `grid` and write them to `output_path` (float32 GeoTIFF, one band per factor).

    Windows of `window` pixels are read with the halo each factor needs and written as they
    are done. With `fill_nodata`, missing pixels take the factor's median (from a decimated
    sample) or, for a categorical factor, its most common code, in a second pass over the
    written file. `text_codes` (factor name -> text -> code, e.g. a trained model's
    `factor_text_codes`) fixes the codes of the polygon fields of those names, so that the factors
    match the model. Nothing is written unless the whole run succeeds; an earlier file of the
    same name is kept until then. A grid of more than grid.LARGE_GRID_CELLS cells is refused unless
    `allow_large`, and one the disk cannot hold always.
    """
    progress = progress or (lambda f: None)
    is_cancelled = is_cancelled or (lambda: False)
    log = log or (lambda m: None)
    factors = list(factors or [])
    if not factors:
        raise InputError("No factors were given; add a DEM, factor rasters or vector layers.")
    if grid.width < 1 or grid.height < 1:
        raise InputError(
            f"The grid has {grid.width} x {grid.height} pixels; choose a larger extent or a smaller cell size."
        )
    if not str(output_path or "").lower().endswith((".tif", ".tiff")):
        raise InputError(f"The factors output must be a GeoTIFF (.tif): {output_path}")
    window = max(16, int(window))
    if text_codes:
        factors = [_with_codes(f, text_codes) for f in factors]
    check_output_path(output_path)  # a folder that cannot be written is named before any size check
    check_grid_size(grid, len(factors), output_path, allow_large)  # before any input is read: a typo can hang
    inputs = _inputs(factors, grid, log)
    check_grid_size(grid, sum(len(inp.names) for inp in inputs), output_path, allow_large)
    for inp in inputs:
        for layer in inp.source.layers:
            check_output_path(output_path, layer.path)
    with output_lock([output_path], log):
        return _build(inputs, grid, output_path, fill_nodata, window, progress, is_cancelled, log)


def _with_codes(factor, text_codes: Mapping[str, Mapping[str, int]]):
    if not isinstance(factor, PolygonFieldFactor) or factor.text_codes is not None:
        return factor
    name = factor.name or f"{layer_stem(factor.path)}_{factor.field}"
    codes = text_codes.get(name)
    return dataclasses.replace(factor, text_codes=dict(codes)) if codes else factor


def _build(
    inputs: list[_Input],
    grid: GridSpec,
    output_path: str,
    fill_nodata: bool,
    window: int,
    progress: ProgressFn,
    is_cancelled: CancelFn,
    log: LogFn,
) -> FactorsResult:
    names = [n for inp in inputs for n in inp.names]
    kinds = [k for inp in inputs for k in inp.kinds]
    pixels = grid.width * grid.height
    windows = _windows(grid, window)
    halo = max(inp.halo for inp in inputs)
    log(
        f"{len(names)} factor(s) on a {grid.width} x {grid.height} px grid of {grid.cell_size:g} units, in "
        f"{len(windows)} window(s) of {window} px (halo up to {halo} px)"
    )
    spec = OutputSpec(output_path, len(names), "float32", float("nan"), tuple(names))
    tally = _Tally(kinds, math.ceil(math.sqrt(pixels / _FILL_SAMPLE)) if fill_nodata else 0)
    share = 0.8 if fill_nodata else 1.0
    cache = max(64 << 20, 2 * (grid.width + 2 * halo) * (window + 2 * halo) * 4 * len(inputs))
    writers: list[AtomicGeoTiff] = []
    try:
        with capped_block_cache(cache), contextlib.ExitStack() as stack:
            writers.append(AtomicGeoTiff(spec, grid.width, grid.height, grid.affine, grid.rasterio_crs, 256))
            handles = [stack.enter_context(inp.source.open()) for inp in inputs]
            for i, (r0, c0, rows, cols) in enumerate(windows):
                if is_cancelled():
                    raise CancelledError()
                block = np.concatenate([_read(inp, h, r0, c0, rows, cols) for inp, h in zip(inputs, handles)])
                tally.add(block, r0, c0)
                writers[0].write(block, r0, c0)
                progress(share * (i + 1) / len(windows))
                _check_categories(tally, names)
        b = 0
        for inp in inputs:
            for name in inp.names:
                if tally.missing[b] == pixels:
                    raise InputError(
                        f"The factor '{name}' has no data on the grid (all nodata): check that '{inp.what}' covers "
                        "the area and that its nodata value is right; nothing was written."
                    )
                b += 1
        missing = {n: int(m) for n, m in zip(names, tally.missing)}
        for name, count in missing.items():
            if count:
                log(f"{name} lacks {count:,} pixels ({100 * count / pixels:.1f} %)")
        categories = {
            n: sorted(float(c) for c in tally.codes[b]) for b, n in enumerate(names) if kinds[b] == CATEGORICAL
        }
        text_codes = {inp.names[0]: inp.text_codes for inp in inputs if inp.text_codes}
        info = {"names": names, "kinds": kinds, "categories": categories, "text_codes": text_codes, "missing": missing}
        if fill_nodata and any(missing.values()):
            values = tally.fill_values(pixels)
            for b, name in enumerate(names):
                if missing[name]:
                    how = "most common code" if kinds[b] == CATEGORICAL else "median"
                    log(f"{name}: {missing[name]:,} missing pixels filled with its {how}, {values[b]:g}")
            writers[0].close()
            writers.append(AtomicGeoTiff(spec, grid.width, grid.height, grid.affine, grid.rasterio_crs, 256))
            _fill(writers[0].tmp_path, writers[1], windows, values, is_cancelled, lambda f: progress(share + 0.2 * f))
        out = writers[-1]
        out.ds.update_tags(**{TAG: json.dumps(info)})
        if is_cancelled():
            raise CancelledError()
        tx = OutputTransaction()
        out.finish(tx)
        tx.commit()
        if len(writers) > 1:
            writers[0].abort()
    except BaseException:
        for w in writers:
            w.abort()
        raise
    progress(1.0)
    return FactorsResult(output_path, names, kinds, categories, missing, text_codes)


def _check_categories(tally: _Tally, names: list[str]) -> None:
    for b, codes in enumerate(tally.codes):
        if len(codes) > MAX_CATEGORIES:
            raise InputError(
                f"The categorical factor '{names[b]}' has more than {MAX_CATEGORIES} distinct values; is it "
                "continuous? Add it as a continuous raster."
            )


def _fill(path: str, writer: AtomicGeoTiff, windows, values: list[float], is_cancelled, progress) -> None:
    """Copy the factors at `path` into `writer`, missing pixels replaced by `values` (one per band)."""
    fill = np.asarray(values, np.float32)[:, None, None]
    with rasterio.open(path) as src:
        for i, (r0, c0, rows, cols) in enumerate(windows):
            if is_cancelled():
                raise CancelledError()
            block = src.read(window=Window(c0, r0, cols, rows))
            writer.write(np.where(np.isnan(block), fill, block), r0, c0)
            progress((i + 1) / len(windows))


def read_factor_info(path: str) -> FactorsResult:
    """Names, kinds, categories, missing pixels and text codes of a factors GeoTIFF.

    A GeoTIFF without Lithoscope's tag gives its band descriptions (or band_1, band_2, ...) as
    names, every band continuous, with `tagged` False (and `named` False without descriptions).
    """
    with open_raster(path) as ds:
        text = ds.tags().get(TAG)
        named = any(ds.descriptions)
        descriptions = [d or f"band_{i + 1}" for i, d in enumerate(ds.descriptions)]
    if not text:
        return FactorsResult(path, descriptions, [CONTINUOUS] * len(descriptions), {}, {}, {}, named, False)
    try:
        info = json.loads(text)
        names = [str(n) for n in info["names"]]
        kinds = [str(k) for k in info["kinds"]]
    except (ValueError, KeyError, TypeError):
        raise InputError(f"The factors tag of {os.path.basename(path)} is damaged; build the factors again.") from None
    if len(names) != len(descriptions) or len(kinds) != len(names):
        raise InputError(
            f"{os.path.basename(path)} has {len(descriptions)} band(s) but its factors tag names {len(names)}; "
            "build the factors again."
        )
    return FactorsResult(
        path,
        names,
        kinds,
        {str(k): [float(c) for c in v] for k, v in (info.get("categories") or {}).items()},
        {str(k): int(v) for k, v in (info.get("missing") or {}).items()},
        {str(k): {str(t): int(c) for t, c in v.items()} for k, v in (info.get("text_codes") or {}).items()},
    )
