# SPDX-License-Identifier: GPL-2.0-or-later
"""Landslide inventory -> training samples on the factors grid.

Presences are the pixels of inventory points, or the pixels whose centre lies inside an inventory
polygon (a polygon too small to hold a pixel centre gives the pixel of its representative point, so
no landslide is lost), or the pixels equal to 1 of an inventory raster. Absences are drawn at random
from the valid factor pixels outside a buffer around every landslide pixel (and inside the study area
when one is given), `absence_ratio` times as many as presences, reproducibly from `seed`. An inventory
with a field of 0/1 labels (`label_field`, e.g. lslpts of the Ecuador set) is used as given: its 0
points are the absences and nothing is sampled.

Mapping units (slope units, catchments or any polygons): `load_unit_samples` gives one sample per
unit (mean of each continuous factor, majority of each categorical one over the pixels whose centre
lies inside it), labelled 1 when the unit contains a landslide.

Rows with any missing factor value are dropped and counted. Every problem a user can fix is an
InputError that says what to do.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import rasterio
from rasterio.windows import Window

from ..inference.errors import InputError
from ..inference.sources.raster import open_raster
from ..inference.sources.vectors import crs_missing, no_crs_message
from .classes import pixel_area, valid_values, windows
from .factors import read_factor_info

LogFn = Callable[[str], None]
RASTER_SUFFIXES = (".tif", ".tiff", ".vrt", ".img", ".asc", ".sdat", ".nc")
_BLOCK = 256  # pixels a side of the blocks read when picking pixel values
# Errors that say nothing about the file the user gave (no memory, a bug in Lithoscope or a library): they
# rise as they are instead of becoming advice about the input.
_NOT_THE_INPUT = (MemoryError, RecursionError, AssertionError, AttributeError, NameError, TypeError)


@dataclass
class Samples:
    """Training samples: factor values, labels and where they are."""

    X: np.ndarray  # (n, F) float64 factor values
    y: np.ndarray  # (n,) 0/1
    rows: np.ndarray  # pixel rows on the factors grid
    cols: np.ndarray
    xy: np.ndarray  # (n, 2) map coordinates of pixel centres (units: of their centroids)
    years: np.ndarray | None  # (n,) decimal years of presences (absences NaN) when a year field is given
    names: list[str]
    kinds: list[str]
    info: dict[str, Any]
    unit_ids: np.ndarray | None = None  # index of the mapping unit of each sample


# -- reading -----------------------------------------------------------------------------------


def read_pixels(ds, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Values (n, bands) float64 at pixel (row, col) pairs, NaN where nodata.

    The pixels are grouped by blocks of _BLOCK x _BLOCK; only blocks holding a pixel are read, each
    trimmed to its pixels' extent, so memory stays within one block whatever the raster's size.
    """
    rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    n = len(rows)
    out = np.full((n, ds.count), np.nan)
    if n == 0:
        return out
    nodata = ds.nodatavals
    blocks = (rows // _BLOCK) * (ds.width // _BLOCK + 1) + cols // _BLOCK
    order = np.argsort(blocks, kind="stable")
    bounds = np.flatnonzero(np.diff(blocks[order])) + 1
    for part in np.split(order, bounds):
        r, c = rows[part], cols[part]
        r0, c0 = int(r.min()), int(c.min())
        win = Window(c0, r0, int(c.max()) - c0 + 1, int(r.max()) - r0 + 1)
        data = ds.read(window=win).astype(np.float64)
        values = data[:, r - r0, c - c0].T
        for b, nd in enumerate(nodata):
            values[~valid_values(values[:, b], nd), b] = np.nan
        out[part] = values
    return out


def pixel_of(transform, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pixel (row, col) holding map coordinates (x, y)."""
    inv = ~transform
    cols = np.floor(inv.a * x + inv.b * y + inv.c).astype(np.int64)
    rows = np.floor(inv.d * x + inv.e * y + inv.f).astype(np.int64)
    return rows, cols


def bounds_window(ds, bounds) -> Window | None:
    """The whole pixels of the grid that a bounding box (xmin, ymin, xmax, ymax) touches; None if none."""
    xmin, ymin, xmax, ymax = bounds
    rows, cols = pixel_of(ds.transform, np.array([xmin, xmin, xmax, xmax]), np.array([ymin, ymax, ymin, ymax]))
    r0, r1 = max(0, int(rows.min())), min(ds.height, int(rows.max()) + 1)
    c0, c1 = max(0, int(cols.min())), min(ds.width, int(cols.max()) + 1)
    if r0 >= r1 or c0 >= c1:
        return None
    return Window(c0, r0, c1 - c0, r1 - r0)


def pixel_centres(transform, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """(n, 2) map coordinates of pixel centres."""
    c, r = cols + 0.5, rows + 0.5
    return np.column_stack(
        [transform.a * c + transform.b * r + transform.c, transform.d * c + transform.e * r + transform.f]
    )


def read_vector(path: str, layer: str | None, crs_wkt: str | None, what: str):
    """A vector file as a GeoDataFrame without empty geometries, in the factors' CRS (None: its own CRS)."""
    import geopandas as gpd

    try:
        frame = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except _NOT_THE_INPUT:
        raise
    except Exception as exc:  # fiona's, pyogrio's or GDAL's own error types, which vary with their versions
        raise InputError(f"Cannot read the {what} {path}: {exc}") from exc
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if len(frame) and crs_missing(frame.crs):
        raise InputError(no_crs_message(f"The {what} {os.path.basename(path)}"))
    return frame.to_crs(crs_wkt) if len(frame) and crs_wkt else frame


def contains_xy(geometry, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Whether each point (x, y) lies inside `geometry` (shapely 1.8 or 2)."""
    import shapely

    if hasattr(shapely, "contains_xy"):
        return shapely.contains_xy(geometry, x, y)
    from shapely import vectorized

    return vectorized.contains(geometry, x, y)


def study_area_geometry(path: str | None, crs_wkt: str):
    """The union of the study area polygons in the factors' CRS (None when not given)."""
    if not path:
        return None
    frame = read_vector(path, None, crs_wkt, "study area")
    polygons = [g for g in frame.geometry if g.geom_type in ("Polygon", "MultiPolygon")]
    if not polygons:
        raise InputError(f"The study area {os.path.basename(path)} has no polygons; give a polygon layer.")
    from shapely.ops import unary_union

    return unary_union(polygons)


# -- years ------------------------------------------------------------------------------------

_YEAR = re.compile(r"^\s*(\d{4})(\.0+)?\s*$")


def parse_years(values, field_name: str) -> np.ndarray:
    """Decimal years from a field of years, dates or date text; NaN where empty.

    Text that is neither a year nor a date raises an InputError naming the value.
    """
    import pandas as pd

    series = pd.Series(values)
    out = np.full(len(series), np.nan)
    if pd.api.types.is_datetime64_any_dtype(series):
        dates = pd.to_datetime(series)
        ok = dates.notna().to_numpy()
        out[ok] = (dates[ok].dt.year + (dates[ok].dt.dayofyear - 1) / 366.0).to_numpy()
        return out
    for i, value in enumerate(series):
        if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
            continue
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            number = float(value)
            if 1000 <= number <= 3000:
                out[i] = number
                continue
            if 10_000_000 <= number <= 30_000_000 and number == int(number):  # yyyymmdd
                text = str(int(number))
            else:
                raise InputError(_year_message(field_name, value))
        elif hasattr(value, "year"):  # date or datetime objects
            out[i] = float(value.year)
            continue
        else:
            text = str(value).strip()
        match = _YEAR.match(text)
        if match:
            out[i] = float(match.group(1))
            continue
        try:
            date = pd.to_datetime(text, errors="raise")
        except (ValueError, TypeError, OverflowError):
            raise InputError(_year_message(field_name, value)) from None
        out[i] = date.year + (date.dayofyear - 1) / 366.0
    return out


def _year_message(field_name: str, value) -> str:
    return (
        f"The year field '{field_name}' holds {value!r}, which is not a year or a date. Give years (e.g. 2015) or "
        "dates (e.g. 2015-06-30), leave the field empty where unknown, or choose no year field."
    )


# -- presences --------------------------------------------------------------------------------


@dataclass
class _Inventory:
    rows: np.ndarray
    cols: np.ndarray
    years: np.ndarray | None
    labels: np.ndarray | None  # given labels (label_field), else None: all presences
    features: int
    outside: int


def _inventory_from_vector(ds, path: str, layer: str | None, year_field, label_field, log: LogFn) -> _Inventory:
    frame = read_vector(path, layer, ds.crs.to_wkt(), "inventory")
    if len(frame) == 0:
        raise InputError(
            f"The inventory {os.path.basename(path)} has no landslides (no features with a geometry); give a layer "
            "of landslide points or polygons."
        )
    for name in (year_field, label_field):
        if name and name not in frame.columns:
            fields = ", ".join(c for c in frame.columns if c != "geometry")
            raise InputError(f"The inventory has no field '{name}'; its fields are: {fields}.")
    years = parse_years(frame[year_field].tolist(), year_field) if year_field else None
    labels = None
    if label_field:
        raw = frame[label_field].to_numpy()
        try:
            labels = raw.astype(float)
        except (TypeError, ValueError):
            labels = np.full(len(raw), np.nan)
        bad = ~np.isin(labels, (0.0, 1.0))
        if bad.any():
            raise InputError(
                f"The label field '{label_field}' must hold 1 (landslide) or 0 (no landslide); it holds "
                f"{raw[bad][0]!r}. Fix those values or choose no label field (absences are then sampled)."
            )
    types = set(frame.geom_type)
    if types & {"LineString", "MultiLineString"}:
        raise InputError("The inventory holds lines; give landslide points or polygons.")
    rows_list, cols_list, index_list = [], [], []
    points = frame.geom_type.isin(["Point", "MultiPoint"]).to_numpy()
    if points.any() or label_field:
        # A label field: every feature is one sample at the pixel of its (representative) point.
        chosen = np.flatnonzero(points | bool(label_field))
        geoms = frame.geometry.iloc[chosen]
        reps = [g if g.geom_type == "Point" else g.representative_point() for g in geoms]
        r, c = pixel_of(ds.transform, np.array([p.x for p in reps]), np.array([p.y for p in reps]))
        rows_list.append(r)
        cols_list.append(c)
        index_list.append(chosen)
    if not label_field and (~points).any():
        r, c, i = _polygon_pixels(ds, frame.geometry.iloc[np.flatnonzero(~points)], np.flatnonzero(~points))
        rows_list.append(r)
        cols_list.append(c)
        index_list.append(i)
    rows, cols, index = (np.concatenate(a) for a in (rows_list, cols_list, index_list))
    inside = (rows >= 0) & (rows < ds.height) & (cols >= 0) & (cols < ds.width)
    outside_features = len(frame) - len(np.unique(index[inside]))
    if not inside.any():
        b = frame.total_bounds
        raise InputError(
            f"The inventory {os.path.basename(path)} lies outside the factors' extent (inventory "
            f"{_bounds_text(b)}, factors {_bounds_text(ds.bounds)}, in the factors' CRS). Check both layers' CRS "
            "and that they cover the same area."
        )
    if outside_features:
        log(f"Warning: {outside_features} inventory feature(s) lie outside the factors' extent and are not used.")
    rows, cols, index = rows[inside], cols[inside], index[inside]
    return _Inventory(
        rows,
        cols,
        None if years is None else years[index],
        None if labels is None else labels[index],
        len(frame),
        outside_features,
    )


def _bounds_text(b) -> str:
    return f"x {b[0]:.1f} to {b[2]:.1f}, y {b[1]:.1f} to {b[3]:.1f}"


def _polygon_pixels(ds, geoms, index: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixels whose centre lies inside each polygon (all_touched=False), strip by strip over their extent."""
    from rasterio.features import rasterize
    from rasterio.windows import transform as window_transform

    win = bounds_window(ds, geoms.total_bounds)
    if win is None:
        return (np.zeros(0, np.int64),) * 3
    found_r, found_c, found_i = [], [], []
    shapes = [(g, k + 1) for k, g in enumerate(geoms)]
    for r0 in range(int(win.row_off), int(win.row_off + win.height), 1024):
        sub = Window(win.col_off, r0, win.width, min(1024, int(win.row_off + win.height) - r0))
        burned = rasterize(
            shapes,
            out_shape=(int(sub.height), int(sub.width)),
            transform=window_transform(sub, ds.transform),
            fill=0,
            all_touched=False,
            dtype="int32",
        )
        rr, cc = np.nonzero(burned)
        found_r.append(rr + r0)
        found_c.append(cc + int(sub.col_off))
        found_i.append(burned[rr, cc] - 1)
    rows, cols, which = (np.concatenate(a) if a else np.zeros(0, np.int64) for a in (found_r, found_c, found_i))
    missed = np.setdiff1d(np.arange(len(geoms)), which)
    if len(missed):  # too small for any pixel centre: the pixel of a point inside it
        reps = [geoms.iloc[int(k)].representative_point() for k in missed]
        r, c = pixel_of(ds.transform, np.array([p.x for p in reps]), np.array([p.y for p in reps]))
        rows, cols, which = np.concatenate([rows, r]), np.concatenate([cols, c]), np.concatenate([which, missed])
    return rows.astype(np.int64), cols.astype(np.int64), index[which.astype(np.int64)]


def _inventory_from_raster(ds, path: str) -> _Inventory:
    """Pixels equal to 1 of a raster inventory, read onto the factors grid (nearest neighbour)."""
    from rasterio.coords import disjoint_bounds
    from rasterio.vrt import WarpedVRT
    from rasterio.warp import transform_bounds

    with open_raster(path) as src:
        if src.crs is None:
            raise InputError(f"The inventory raster {os.path.basename(path)} has no CRS; assign one and run again.")
        if disjoint_bounds(transform_bounds(src.crs, ds.crs, *src.bounds), ds.bounds):
            raise InputError(
                f"The inventory raster {os.path.basename(path)} lies outside the factors' extent; check both "
                "layers' CRS and that they cover the same area."
            )
        same = src.crs == ds.crs and src.transform == ds.transform and src.shape == (ds.height, ds.width)
        reader = src if same else WarpedVRT(src, crs=ds.crs, transform=ds.transform, width=ds.width, height=ds.height)
        rows, cols, others = [], [], set()
        for r0 in range(0, ds.height, 1024):
            block = reader.read(1, window=Window(0, r0, ds.width, min(1024, ds.height - r0)))
            rr, cc = np.nonzero(block == 1)
            rows.append(rr + r0)
            cols.append(cc)
            if len(others) < 20:  # what else it holds, to say so when no pixel is 1
                seen = np.unique(block[(block != 1) & (block != 0)])
                others.update(v.item() for v in seen[:20] if src.nodata is None or v != src.nodata)
        if reader is not src:
            reader.close()
    rows, cols = np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64)
    if not rows.size and others:
        shown = ", ".join(f"{v:g}" for v in sorted(others)[:8])
        raise InputError(
            f"The inventory raster {os.path.basename(path)} has no landslide pixel (value 1) on the factors' grid; "
            f"besides 0 it holds {shown}. Mark the landslide pixels 1 and the others 0 (e.g. Raster Calculator: "
            f'"inventory@1" = {sorted(others)[0]:g}), then run again.'
        )
    return _Inventory(rows, cols, None, None, int(rows.size), 0)


# -- sampling -------------------------------------------------------------------------------


def sample_pixels(
    ds,
    n: int,
    rng: np.random.Generator,
    *,
    area=None,
    avoid_xy: np.ndarray | None = None,
    buffer_m: float = 0.0,
    exclude: np.ndarray | None = None,
    max_rounds: int = 40,
    stats: dict | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Up to `n` distinct random pixels with data in every factor: (rows, cols, values).

    Inside `area` (a polygon in the grid's CRS) when given, farther than `buffer_m` from every
    point of `avoid_xy`, and never a pixel id listed in `exclude`. Memory holds only candidates.
    `stats`, when given, receives "eligible_pixels": the number of pixels that qualify, estimated
    from the share of random candidates that did.
    """
    from scipy.spatial import cKDTree

    r_lo, r_hi, c_lo, c_hi = 0, ds.height, 0, ds.width
    if area is not None:
        win = bounds_window(ds, area.bounds)
        if win is None:
            raise InputError("The study area does not overlap the factors' extent; check its CRS and extent.")
        r_lo, c_lo = int(win.row_off), int(win.col_off)
        r_hi, c_hi = r_lo + int(win.height), c_lo + int(win.width)
    tree = cKDTree(avoid_xy) if avoid_xy is not None and len(avoid_xy) and buffer_m > 0 else None
    taken = set(exclude.tolist()) if exclude is not None else set()
    got_r, got_c, got_v = [], [], []
    have = drawn = passed = 0
    for _ in range(max_rounds):
        if have >= n:
            break
        m = min(max(4 * (n - have), 2000), 2_000_000)
        rows = rng.integers(r_lo, r_hi, m)
        cols = rng.integers(c_lo, c_hi, m)
        ids = rows * ds.width + cols
        ids, first = np.unique(ids, return_index=True)
        first = np.sort(first)  # keep the random order
        rows, cols, ids = rows[first], cols[first], (rows * ds.width + cols)[first]
        keep = np.array([i not in taken for i in ids.tolist()], bool)
        xy = pixel_centres(ds.transform, rows, cols)
        if area is not None:
            keep &= contains_xy(area, xy[:, 0], xy[:, 1])
        if tree is not None and keep.any():
            dist, _ = tree.query(xy[keep], distance_upper_bound=buffer_m * (1 + 1e-9))
            sub = np.flatnonzero(keep)
            keep[sub[np.isfinite(dist)]] = False
        rows, cols, ids = rows[keep], cols[keep], ids[keep]
        values = read_pixels(ds, rows, cols)
        ok = np.isfinite(values).all(axis=1)
        drawn, passed = drawn + len(keep), passed + int(ok.sum())
        rows, cols, ids, values = rows[ok], cols[ok], ids[ok], values[ok]
        rows, cols, ids, values = rows[: n - have], cols[: n - have], ids[: n - have], values[: n - have]
        taken.update(ids.tolist())
        got_r.append(rows)
        got_c.append(cols)
        got_v.append(values)
        have += len(rows)
    if stats is not None:
        stats["eligible_pixels"] = passed / max(1, drawn) * (r_hi - r_lo) * (c_hi - c_lo)
    if not got_r:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, ds.count))
    return np.concatenate(got_r), np.concatenate(got_c), np.concatenate(got_v)


MIN_FACTOR_PIXELS = 100  # fewer pixels than a 10 x 10 grid: no study area to sample and validate on


def check_factors_have_data(ds, names: list[str]) -> None:
    """Refuse a factor without any data.

    A decimated read (at most 1024 px a side) finds data in most factors at once; a factor it finds
    none in is scanned window by window (1024 x 1024), stopping at the first valid pixel, so memory
    never grows with the raster.
    """
    if ds.width * ds.height < MIN_FACTOR_PIXELS:
        raise InputError(
            f"The factors raster {os.path.basename(ds.name)} is only {ds.width} x {ds.height} pixels "
            f"({ds.width * ds.height} pixels): too few to draw landslide and absence samples from and validate on "
            f"(at least {MIN_FACTOR_PIXELS}). Give factors over the whole study area: a larger extent, or a smaller "
            "cell size (Build susceptibility factors)."
        )
    h, w = min(ds.height, 1024), min(ds.width, 1024)
    for b in range(1, ds.count + 1):
        nd = ds.nodatavals[b - 1]
        if valid_values(ds.read(b, out_shape=(h, w)).astype(np.float64), nd).any():
            continue
        # The decimated read may have missed a small patch of data.
        if any(
            valid_values(ds.read(b, window=win).astype(np.float64), nd).any() for win in windows(ds.height, ds.width)
        ):
            continue
        raise InputError(
            f"The factor '{names[b - 1]}' (band {b}) has no data anywhere (every pixel is nodata); rebuild the "
            "factors without it or fill its gaps."
        )


def area_sample(
    factors_path: str, n: int, study_area_path: str | None = None, seed: int = 0
) -> tuple[np.ndarray, float]:
    """Factor values of `n` random valid pixels of the area (for rate curves and class shares), and the
    area's estimated size in km² (from the share of random pixels that are valid)."""
    stats: dict = {}
    with open_raster(factors_path) as ds:
        area = study_area_geometry(study_area_path, ds.crs.to_wkt())
        values = sample_pixels(ds, n, np.random.default_rng(seed + 7919), area=area, stats=stats)[2]
        km2 = stats["eligible_pixels"] * pixel_area(ds.transform) / 1e6
    return values, km2


def load_samples(
    factors_path: str,
    inventory_path: str,
    *,
    layer: str | None = None,
    year_field: str | None = None,
    label_field: str | None = None,
    study_area_path: str | None = None,
    absence_ratio: float = 1.0,
    buffer_m: float | None = None,
    seed: int = 0,
    max_samples: int = 200_000,
    log: LogFn | None = None,
) -> Samples:
    """Presence and absence samples with their factor values (see the module docstring)."""
    log = log or (lambda m: None)
    info_f = read_factor_info(factors_path)
    rng = np.random.default_rng(seed)
    with open_raster(factors_path) as ds:
        if ds.crs is None:
            raise InputError(f"The factors raster {factors_path} has no CRS; assign one and run again.")
        check_factors_have_data(ds, info_f.names)
        cell = math.sqrt(pixel_area(ds.transform))
        buffer = 2.0 * cell if buffer_m is None else float(buffer_m)
        inv = _read_inventory(ds, inventory_path, layer, year_field, label_field, log)
        presence = inv.labels == 1 if inv.labels is not None else np.ones(len(inv.rows), bool)
        info: dict[str, Any] = {
            "inventory_features": inv.features,
            "outside_extent": inv.outside,
            "labels": "given" if inv.labels is not None else "sampled",
            "seed": seed,
        }
        p_rows, p_cols, p_years = _landslide_pixels(inv, presence, ds.width, info)
        check_presence_count(len(p_rows), inventory_path)
        p_values = read_pixels(ds, p_rows, p_cols)
        if inv.labels is not None:
            a_rows, a_cols, a_values = _given_absences(ds, inv, presence, label_field)
        else:
            a_rows, a_cols, a_values = _sampled_absences(
                ds, p_rows, p_cols, rng, absence_ratio, buffer, study_area_path, log
            )
            info.update(ratio=float(absence_ratio), buffer_m=buffer, study_area=bool(study_area_path))
        transform = ds.transform
    rows = np.concatenate([p_rows, a_rows])
    cols = np.concatenate([p_cols, a_cols])
    X = np.concatenate([p_values, a_values])
    y = np.concatenate([np.ones(len(p_rows), np.int64), np.zeros(len(a_rows), np.int64)])
    years = None
    if p_years is not None:
        a_years = np.full(len(a_rows), np.nan) if inv.labels is None else inv.years[~presence]
        years = np.concatenate([p_years, a_years])
    samples = finish_samples(
        X, y, rows, cols, pixel_centres(transform, rows, cols), years, info_f.names, info_f.kinds, info, log
    )
    return _limit(samples, max_samples, rng, log)


def _read_inventory(
    ds, path: str, layer: str | None, year_field: str | None, label_field: str | None, log: LogFn
) -> _Inventory:
    """The inventory's pixels on the factors grid, from a raster (1 = landslide) or a vector layer."""
    if path.lower().endswith(RASTER_SUFFIXES):
        if label_field or year_field:
            raise InputError("A raster inventory has no fields; give no label or year field with it.")
        return _inventory_from_raster(ds, path)
    return _inventory_from_vector(ds, path, layer, year_field, label_field, log)


def _landslide_pixels(
    inv: _Inventory, presence: np.ndarray, width: int, info: dict
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Rows, columns and years of the presence samples: one per pixel (the merged ones counted in `info`),
    or the points labelled 1 as they are when labels are given."""
    if inv.labels is None:
        # Several points (or polygons) in one pixel are one presence; keep its earliest year.
        ids = inv.rows * width + inv.cols
        order = np.lexsort((inv.years if inv.years is not None else np.zeros(len(ids)), ids))
        ids_sorted = ids[order]
        first = order[np.r_[True, ids_sorted[1:] != ids_sorted[:-1]]]
        info["merged_in_pixels"] = int(len(ids) - len(first))
        return inv.rows[first], inv.cols[first], None if inv.years is None else inv.years[first]
    return inv.rows[presence], inv.cols[presence], None if inv.years is None else inv.years[presence]


def _given_absences(
    ds, inv: _Inventory, presence: np.ndarray, label_field: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The points labelled 0 as absences, with their factor values; refused when there are none."""
    a_rows, a_cols = inv.rows[~presence], inv.cols[~presence]
    a_values = read_pixels(ds, a_rows, a_cols)
    if len(a_rows) == 0:
        raise InputError(
            f"The label field '{label_field}' holds no 0 (no-landslide) samples; give absences too, or choose "
            "no label field so that absences are sampled."
        )
    return a_rows, a_cols, a_values


def _sampled_absences(
    ds,
    p_rows: np.ndarray,
    p_cols: np.ndarray,
    rng: np.random.Generator,
    absence_ratio: float,
    buffer: float,
    study_area_path: str | None,
    log: LogFn,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Absences drawn at random outside the buffer around the presences (inside the study area when given)."""
    if absence_ratio <= 0:
        raise InputError("The absence ratio must be above 0 (e.g. 1 = as many absences as landslides).")
    wanted = int(round(absence_ratio * len(p_rows)))
    area = study_area_geometry(study_area_path, ds.crs.to_wkt())
    avoid = pixel_centres(ds.transform, p_rows, p_cols)
    a_rows, a_cols, a_values = sample_pixels(
        ds, wanted, rng, area=area, avoid_xy=avoid, buffer_m=buffer, exclude=p_rows * ds.width + p_cols
    )
    if len(a_rows) == 0:
        raise InputError(
            f"No absence sample could be drawn: every valid pixel lies within {buffer:g} m of a landslide"
            + (" or outside the study area" if area is not None else "")
            + ". Reduce the buffer or enlarge the study area."
        )
    if len(a_rows) < wanted:
        log(f"Warning: only {len(a_rows)} of {wanted} absences could be drawn outside the buffer.")
    return a_rows, a_cols, a_values


def check_presence_count(n: int, path: str) -> None:
    if n == 0:
        raise InputError(
            f"The inventory {os.path.basename(path)} holds no landslides inside the factors' extent (no presence "
            "pixels); give landslide points or polygons (or label 1 in the label field)."
        )
    if n == 1:
        raise InputError(
            f"The inventory {os.path.basename(path)} holds only one landslide; a model cannot be trained or validated "
            "on one. Give more landslides (at least as many as the cross-validation folds)."
        )


def finish_samples(X, y, rows, cols, xy, years, names: list[str], kinds: list[str], info: dict, log: LogFn) -> Samples:
    """Drop rows with missing values (counted per factor), check what is left."""
    missing = ~np.isfinite(X)
    bad = missing.any(axis=1)
    info["dropped_nodata"] = int(bad.sum())
    info["missing_per_factor"] = {name: int(missing[:, j].sum()) for j, name in enumerate(names)}
    for j, name in enumerate(names):
        if missing[:, j].all():
            raise InputError(
                f"The factor '{name}' has no data at any sample; rebuild the factors without it or fill its gaps."
            )
    if bad.any():
        worst = max(info["missing_per_factor"].items(), key=lambda kv: kv[1])
        log(f"Warning: {int(bad.sum())} sample(s) lack a factor value and were dropped (most in '{worst[0]}').")
    keep = ~bad
    y = y[keep]
    check_presence_count(int((y == 1).sum()), "after dropping samples without factor values")
    info["presences"] = int((y == 1).sum())
    info["absences"] = int((y == 0).sum())
    return Samples(
        X=X[keep].astype(np.float64),
        y=y,
        rows=rows[keep],
        cols=cols[keep],
        xy=xy[keep],
        years=None if years is None else years[keep],
        names=list(names),
        kinds=list(kinds),
        info=info,
    )


def _limit(samples: Samples, max_samples: int, rng, log: LogFn) -> Samples:
    n = len(samples.y)
    if n <= max_samples:
        return samples
    keep = np.sort(rng.choice(n, max_samples, replace=False))
    log(f"{n} samples are more than {max_samples}; a random {max_samples} (both classes in proportion) are used.")
    samples.info["subsampled_from"] = n
    for name in ("X", "y", "rows", "cols", "xy"):
        setattr(samples, name, getattr(samples, name)[keep])
    if samples.years is not None:
        samples.years = samples.years[keep]
    samples.info["presences"] = int((samples.y == 1).sum())
    samples.info["absences"] = int((samples.y == 0).sum())
    return samples


def presence_pixels(
    factors_path: str, inventory_path: str, layer: str | None = None, label_field: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct landslide pixels (rows, cols) of an inventory on the factors grid (for class tables)."""
    with open_raster(factors_path) as ds:
        if inventory_path.lower().endswith(RASTER_SUFFIXES):
            inv = _inventory_from_raster(ds, inventory_path)
        else:
            inv = _inventory_from_vector(ds, inventory_path, layer, None, label_field, lambda m: None)
        keep = inv.labels == 1 if inv.labels is not None else np.ones(len(inv.rows), bool)
        ids = np.unique(inv.rows[keep] * ds.width + inv.cols[keep])
        return ids // ds.width, ids % ds.width


# -- mapping units ----------------------------------------------------------------------------


def classes_at(path: str, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Class values of a class raster at pixels (nodata dropped)."""
    with rasterio.open(path) as ds:
        values = read_pixels(ds, rows, cols)[:, 0]
    return values[np.isfinite(values)].astype(np.int64)
