# SPDX-License-Identifier: GPL-2.0-or-later
"""Mapping units (slope units or any polygons) as samples."""

from __future__ import annotations

import os
import warnings

import numpy as np
import rasterio
from rasterio.windows import Window

from ..inference.errors import InputError
from ..inference.sources.raster import open_raster
from .classes import valid_values
from .factors import read_factor_info
from .inventory import (
    LogFn,
    Samples,
    bounds_window,
    check_factors_have_data,
    check_presence_count,
    finish_samples,
    parse_years,
    pixel_of,
    read_pixels,
    read_vector,
)


def unit_statistics(ds, geoms, kinds: list[str], log: LogFn | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: mean of each continuous factor, majority of each categorical one; and its pixel count.

    Over pixels whose centre lies inside the unit, window by window; a unit holding no pixel centre
    takes the values of the pixel under its representative point. NaN where a unit has no data.
    """
    from rasterio.features import rasterize
    from rasterio.windows import transform as window_transform
    from shapely.geometry import box
    from shapely.strtree import STRtree

    n, F = len(geoms), ds.count
    sums = np.zeros((F, n + 1))
    counts = np.zeros((F, n + 1))
    votes: list[dict[float, np.ndarray]] = [{} for _ in range(F)]
    pixels = np.zeros(n + 1)
    geoms = list(geoms)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = STRtree(geoms)
    xmin, ymin, xmax, ymax = np.array([g.bounds for g in geoms]).T
    area = bounds_window(ds, (xmin.min(), ymin.min(), xmax.max(), ymax.max()))
    if area is None:
        raise InputError(
            "The mapping units lie outside the factors' extent: none of them covers a factor pixel. Check their CRS "
            "and extent (they must cover the factors' area), or choose the units of this area."
        )
    step = 1024
    nodata = ds.nodatavals
    for r0 in range(int(area.row_off), int(area.row_off + area.height), step):
        for c0 in range(int(area.col_off), int(area.col_off + area.width), step):
            win = Window(
                c0, r0, min(step, int(area.col_off + area.width) - c0), min(step, int(area.row_off + area.height) - r0)
            )
            wt = window_transform(win, ds.transform)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                idx = _query(tree, geoms, box(*rasterio.windows.bounds(win, ds.transform)))
            if not idx:
                continue
            ids = rasterize(
                [(geoms[i], i + 1) for i in idx],
                out_shape=(int(win.height), int(win.width)),
                transform=wt,
                fill=0,
                dtype="int32",
            )
            if not ids.any():
                continue
            data = ds.read(window=win).astype(np.float64)
            pixels += np.bincount(ids.ravel(), minlength=n + 1)
            for b in range(F):
                values = data[b]
                ok = valid_values(values, nodata[b]) & (ids > 0)
                unit, v = ids[ok], values[ok]
                counts[b] += np.bincount(unit, minlength=n + 1)
                if kinds[b] == "categorical":
                    for code in np.unique(v):
                        tally = votes[b].setdefault(float(code), np.zeros(n + 1))
                        tally += np.bincount(unit[v == code], minlength=n + 1)
                else:
                    sums[b] += np.bincount(unit, weights=v, minlength=n + 1)
    out = np.full((n, F), np.nan)
    for b in range(F):
        has = counts[b, 1:] > 0
        if kinds[b] == "categorical" and votes[b]:
            codes = np.array(sorted(votes[b]))
            table = np.stack([votes[b][c][1:] for c in codes])
            out[has, b] = codes[table.argmax(axis=0)][has]
        elif kinds[b] != "categorical":
            out[has, b] = sums[b, 1:][has] / counts[b, 1:][has]
    empty = np.flatnonzero(pixels[1:] == 0)
    if len(empty):
        reps = [geoms[i].representative_point() for i in empty]
        r, c = pixel_of(ds.transform, np.array([p.x for p in reps]), np.array([p.y for p in reps]))
        inside = (r >= 0) & (r < ds.height) & (c >= 0) & (c < ds.width)
        values = np.full((len(empty), F), np.nan)
        values[inside] = read_pixels(ds, r[inside], c[inside])
        out[empty] = values
        pixels[1:][empty] = inside.astype(float)
    return out, pixels[1:]


def _query(tree, geoms: list, geometry) -> list[int]:
    """Indices of the tree's geometries whose box meets `geometry` (shapely 1.8 or 2)."""
    hits = tree.query(geometry)
    if len(hits) and not hasattr(hits[0], "geom_type"):
        return [int(i) for i in hits]
    index = {id(g): i for i, g in enumerate(geoms)}
    return [index[id(h)] for h in hits]


def _units_hit(units: list, landslides: list, years: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Which units a landslide meets (1/0) and, with years, the earliest year of their landslides."""
    from shapely.strtree import STRtree

    with warnings.catch_warnings():  # shapely 1.8 warns that 2.0 returns indices
        warnings.simplefilter("ignore")
        tree = STRtree(units)
        positive = np.zeros(len(units), np.int64)
        first = np.full(len(units), np.nan) if years is not None else None
        for k, geometry in enumerate(landslides):
            for i in _query(tree, units, geometry):
                if units[i].intersects(geometry):
                    positive[i] = 1
                    if first is not None and np.isfinite(years[k]):
                        first[i] = np.fmin(first[i], years[k])
    return positive, first


def read_units(units_path: str, crs_wkt: str | None, layer: str | None = None):
    """Mapping unit polygons in the factors' CRS (a GeoDataFrame; in their own CRS when `crs_wkt` is None)."""
    frame = read_vector(units_path, layer, crs_wkt, "mapping units")
    name = os.path.basename(units_path)
    if len(frame) == 0:
        raise InputError(
            f"The mapping units {name} have no features (no polygons). Choose a layer of slope units or other "
            "polygons over the factors' area, or leave the mapping units empty to map pixels."
        )
    if not frame.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        kinds = ", ".join(sorted(set(frame.geom_type.dropna())))
        raise InputError(
            f"The mapping units {name} must be a layer of polygons, but it holds {kinds}. Choose a layer of slope "
            "units or other polygons."
        )
    return frame


def load_unit_samples(
    factors_path: str,
    inventory_path: str,
    units_path: str,
    *,
    layer: str | None = None,
    units_layer: str | None = None,
    year_field: str | None = None,
    label_field: str | None = None,
    log: LogFn | None = None,
) -> Samples:
    """One sample per mapping unit: factor statistics, label 1 when the unit contains a landslide."""
    log = log or (lambda m: None)
    info_f = read_factor_info(factors_path)
    with open_raster(factors_path) as ds:
        check_factors_have_data(ds, info_f.names)
        crs = ds.crs.to_wkt()
        units = read_units(units_path, crs, units_layer)
        inventory = read_vector(inventory_path, layer, crs, "inventory")
        if len(inventory) == 0:
            raise InputError(f"The inventory {os.path.basename(inventory_path)} has no landslides.")
        if label_field:
            if label_field not in inventory.columns:
                raise InputError(f"The inventory has no field '{label_field}'.")
            inventory = inventory[inventory[label_field].astype(float) == 1]
        years = parse_years(inventory[year_field].tolist(), year_field) if year_field else None
        positive, unit_years = _units_hit(list(units.geometry), list(inventory.geometry), years)
        if not positive.any():
            ub, ib = units.total_bounds, inventory.total_bounds
            if ib[0] > ub[2] or ib[2] < ub[0] or ib[1] > ub[3] or ib[3] < ub[1]:
                raise InputError("The inventory lies outside the mapping units; check both layers' CRS and extent.")
        check_presence_count(int(positive.sum()), inventory_path)
        values, pixels = unit_statistics(ds, units.geometry, info_f.kinds, log)
        transform = ds.transform
    centroids = units.geometry.representative_point()
    xy = np.column_stack([centroids.x.to_numpy(), centroids.y.to_numpy()])
    rows, cols = pixel_of(transform, xy[:, 0], xy[:, 1])
    info = {"units": len(units), "inventory_features": len(inventory), "labels": "units", "mapping_units": units_path}
    samples = finish_samples(values, positive, rows, cols, xy, unit_years, info_f, info, log)
    keep = np.flatnonzero(np.isfinite(values).all(axis=1))
    samples.unit_ids = keep
    return samples
