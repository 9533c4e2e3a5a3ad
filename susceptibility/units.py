# SPDX-License-Identifier: GPL-2.0-or-later
"""Mapping units (slope units or any polygons) as samples, as SZ-plugin users know them.

A unit's features: the factors raster summarised over its pixels (mean, and the standard deviation beside it when
asked, majority of categorical factors), the unit layer's own attribute columns (numbers as they are, text and
columns marked categorical as codes), and its geometry (area, perimeter, compactness). Its label: a 0/1 field of the
units, a count field (presence = count > 0), or the landslides of an inventory that meet it. The same `UnitSpec`
builds the features at training and at prediction; the exported model records it (`unit_features`).
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.windows import Window

from ..inference.errors import InputError
from ..inference.sources.raster import open_raster
from ..inference.sources.vectors import crs_missing, no_crs_message
from .classes import valid_values
from .factors import CATEGORICAL, read_factor_info
from .inventory import (
    LogFn,
    Samples,
    bounds_window,
    check_factors_have_data,
    finish_samples,
    parse_years,
    pixel_of,
    read_pixels,
    read_vector,
)


def unit_statistics(ds, geoms, kinds: list[str], log: LogFn | None = None, std: bool = False):
    """Per unit: mean of each continuous factor, majority of each categorical one; and its pixel count.

    Over pixels whose centre lies inside the unit, window by window; a unit holding no pixel centre
    takes the values of the pixel under its representative point. NaN where a unit has no data.
    With `std`, also the standard deviation of each continuous factor over the unit's pixels (0 for a unit
    of one pixel; NaN for categorical factors): (values, pixels, stds).
    """
    from rasterio.features import rasterize
    from rasterio.windows import transform as window_transform
    from shapely.geometry import box
    from shapely.strtree import STRtree

    n, F = len(geoms), ds.count
    sums = np.zeros((F, n + 1))
    squares = np.zeros((F, n + 1))
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
                    if std:
                        squares[b] += np.bincount(unit, weights=v * v, minlength=n + 1)
    out = np.full((n, F), np.nan)
    spread = np.full((n, F), np.nan)
    for b in range(F):
        has = counts[b, 1:] > 0
        if kinds[b] == "categorical" and votes[b]:
            codes = np.array(sorted(votes[b]))
            table = np.stack([votes[b][c][1:] for c in codes])
            out[has, b] = codes[table.argmax(axis=0)][has]
        elif kinds[b] != "categorical":
            mean = sums[b, 1:][has] / counts[b, 1:][has]
            out[has, b] = mean
            if std:
                spread[has, b] = np.sqrt(np.maximum(squares[b, 1:][has] / counts[b, 1:][has] - mean * mean, 0.0))
    empty = np.flatnonzero(pixels[1:] == 0)
    if len(empty):
        reps = [geoms[i].representative_point() for i in empty]
        r, c = pixel_of(ds.transform, np.array([p.x for p in reps]), np.array([p.y for p in reps]))
        inside = (r >= 0) & (r < ds.height) & (c >= 0) & (c < ds.width)
        values = np.full((len(empty), F), np.nan)
        values[inside] = read_pixels(ds, r[inside], c[inside])
        out[empty] = values
        pixels[1:][empty] = inside.astype(float)
        spread[empty] = np.where(np.isfinite(values), 0.0, np.nan)  # one pixel: no spread
        spread[:, [b for b in range(F) if kinds[b] == "categorical"]] = np.nan
    return (out, pixels[1:], spread) if std else (out, pixels[1:])


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


GEOMETRY_FACTORS = {"area": "unit_area_m2", "perimeter": "unit_perimeter_m", "compactness": "unit_compactness"}
UNIT_NODATA = ("drop", "fill")
OVERLAP_SHARE = 0.01  # two units overlapping by more than this share of the smaller one are refused


@dataclass(frozen=True)
class UnitSpec:
    """Which features each unit gets, besides the factors raster's statistics (see the module docstring)."""

    fields: tuple[str, ...] = ()  # attribute columns of the units used as factors
    categorical_fields: tuple[str, ...] = ()  # numeric columns among them that hold class codes (text always does)
    geometry: tuple[str, ...] = ()  # of GEOMETRY_FACTORS
    std: bool = False  # the standard deviation of each continuous raster factor beside its mean
    nodata: str = "drop"  # units lacking a value: dropped (no susceptibility), or filled (training's median/mode)

    def check(self) -> None:
        unknown = [g for g in self.geometry if g not in GEOMETRY_FACTORS]
        if unknown:
            raise InputError(f"Unknown unit geometry factor(s) {unknown}; choose from {', '.join(GEOMETRY_FACTORS)}.")
        if self.nodata not in UNIT_NODATA:
            raise InputError(f"Units without a value are '{' or '.join(UNIT_NODATA)}', not '{self.nodata}'.")
        stray = [f for f in self.categorical_fields if f not in self.fields]
        if stray:
            raise InputError(
                f"The categorical field(s) {', '.join(stray)} are not among the unit fields used as factors "
                f"({', '.join(self.fields) or 'none'}); add them to the factor fields too."
            )


@dataclass
class UnitTable:
    """The features of every unit (NaN where a unit lacks a value) and how they were made."""

    X: np.ndarray  # (units, F)
    names: list[str]
    kinds: list[str]
    raster_names: list[str]  # the factors raster's bands used (their means or majorities come first, in this order)
    text_codes: dict[str, dict[str, int]]  # text field -> text -> code
    xy: np.ndarray  # (units, 2) a point inside each unit, in the frame's CRS
    pixels: np.ndarray | None  # factor pixels per unit (None without a factors raster)

    def record(self, spec: UnitSpec, fill: list[float | None] | None) -> dict:
        """What the exported model keeps to build the same features at prediction (contract key unit_features)."""
        return {
            "raster_factors": list(self.raster_names),
            "std": spec.std,
            "fields": list(spec.fields),
            "categorical_fields": list(spec.categorical_fields),
            "geometry": list(spec.geometry),
            "nodata": spec.nodata,
            "text_codes": self.text_codes,
            "fill": fill,
            "names": list(self.names),
        }


def spec_of_record(record: dict) -> UnitSpec:
    return UnitSpec(
        fields=tuple(record.get("fields") or ()),
        categorical_fields=tuple(record.get("categorical_fields") or ()),
        geometry=tuple(record.get("geometry") or ()),
        std=bool(record.get("std")),
        nodata=str(record.get("nodata") or "drop"),
    )


# -- the unit layer --------------------------------------------------------------------------------


def read_units(units_path: str, crs_wkt: str | None, layer: str | None = None):
    """Mapping unit polygons in the factors' CRS (in their own CRS when `crs_wkt` is None), checked: polygons, none
    empty or invalid, none overlapping another. Row i of the frame is feature i of the layer."""
    import geopandas as gpd

    name = os.path.basename(units_path)
    try:
        frame = gpd.read_file(units_path, layer=layer) if layer else gpd.read_file(units_path)
    except Exception as exc:  # noqa: BLE001 (GDAL's, fiona's or pyogrio's own error types)
        if isinstance(exc, (MemoryError, TypeError, AttributeError, NameError, AssertionError, RecursionError)):
            raise
        raise InputError(f"Cannot read the mapping units {units_path}: {exc}") from exc
    if len(frame) == 0:
        raise InputError(
            f"The mapping units {name} have no features (no polygons). Choose a layer of slope units or other "
            "polygons over the factors' area, or leave the mapping units empty to map pixels."
        )
    if crs_missing(frame.crs):
        raise InputError(no_crs_message(f"The mapping units {name}"))
    empty = frame.geometry.isna() | frame.geometry.is_empty
    if empty.any():
        raise InputError(
            f"{int(empty.sum())} of the {len(frame)} mapping units of {name} have no geometry (e.g. feature "
            f"{int(np.flatnonzero(empty.to_numpy())[0]) + 1}). Delete them, or give them their polygon, then run again."
        )
    if not frame.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        kinds = ", ".join(sorted(set(frame.geom_type.dropna())))
        raise InputError(
            f"The mapping units {name} must be a layer of polygons, but it holds {kinds}. Choose a layer of slope "
            "units or other polygons."
        )
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        raise InputError(
            f"{int(invalid.sum())} of the {len(frame)} mapping units of {name} are invalid polygons (self-"
            f"intersecting, e.g. feature {int(np.flatnonzero(invalid.to_numpy())[0]) + 1}): their area and pixels "
            "are undefined. Repair them (Vector > Geometry Tools > Fix Geometries) and run again."
        )
    _check_overlaps(list(frame.geometry), name)
    return frame.to_crs(crs_wkt) if crs_wkt else frame


def _check_overlaps(geoms: list, name: str) -> None:
    """Refuse units that overlap (a pixel or landslide would count for two units): slope units partition the area."""
    from shapely.strtree import STRtree

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = STRtree(geoms)
        pairs = []
        for i, g in enumerate(geoms):
            for j in _query(tree, geoms, g):
                if j <= i or not g.intersects(geoms[j]):
                    continue
                shared = g.intersection(geoms[j]).area
                if shared > OVERLAP_SHARE * min(g.area, geoms[j].area):
                    pairs.append((i, j, shared / min(g.area, geoms[j].area)))
    if pairs:
        i, j, share = pairs[0]
        raise InputError(
            f"{len(pairs)} pair(s) of the mapping units of {name} overlap (e.g. features {i + 1} and {j + 1}: "
            f"{share:.0%} of the smaller one), so pixels and landslides would count for two units. Mapping units must "
            "not overlap: repair the layer (Vector > Geometry Tools > Fix Geometries, then Difference or Dissolve), "
            "or build the slope units again."
        )


# -- labels -----------------------------------------------------------------------------------------


def _numbers(frame, field: str, what: str, name: str) -> np.ndarray:
    if field not in frame.columns:
        raise InputError(
            f"The mapping units {name} have no field '{field}' ({what}); fields: "
            f"{', '.join(c for c in frame.columns if c != 'geometry')}."
        )
    out = np.full(len(frame), np.nan)
    for i, value in enumerate(frame[field].tolist()):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        try:
            out[i] = float(value)
        except (TypeError, ValueError):
            raise InputError(
                f"Unit {i + 1} of {name} has {value!r} in '{field}' ({what}), not a number. Choose a numeric field."
            ) from None
    return out


def unit_labels(frame, name: str, label_field: str | None, count_field: str | None, landslides, years):
    """(positive 0/1 per unit, earliest landslide year per unit or None, how the labels were read)."""
    if label_field:
        labels = _numbers(frame, label_field, "the label field", name)
        bad = np.flatnonzero(~np.isin(labels, (0.0, 1.0)))
        if len(bad):
            raise InputError(
                f"The label field '{label_field}' of {name} must hold 1 (landslide) or 0 (none), but unit {bad[0] + 1} "
                f"has {labels[bad[0]]:g}. Give 0/1 labels, or use a count field (COUNT_FIELD) for landslide counts."
            )
        positive, first, how = labels.astype(np.int64), None, f"the units' label field '{label_field}'"
    elif count_field:
        counts = _numbers(frame, count_field, "the landslide count", name)
        bad = np.flatnonzero(~(counts >= 0))
        if len(bad):
            value = "empty" if np.isnan(counts[bad[0]]) else f"{counts[bad[0]]:g}"
            raise InputError(
                f"The count field '{count_field}' of {name} must hold landslide counts of 0 or more, but unit "
                f"{bad[0] + 1} has {value}. Fix the counts, or choose the field of landslide counts."
            )
        positive, first, how = (counts > 0).astype(np.int64), None, f"the units' count field '{count_field}' (> 0)"
    else:
        positive, first = _units_hit(list(frame.geometry), landslides, years)
        how = "the inventory's landslides that meet each unit"
    if not positive.any():
        raise InputError(
            f"None of the {len(frame)} mapping units of {name} holds a landslide (by {how}): there is nothing to "
            "learn from. Check the labels, or that the inventory and the units cover the same area (their CRS)."
        )
    if positive.all():
        raise InputError(
            f"Every one of the {len(frame)} mapping units of {name} holds a landslide (by {how}): with no unit "
            "without one there is nothing to contrast them with. Give units over a wider area, or other labels."
        )
    return positive, first, how


# -- features ---------------------------------------------------------------------------------------


def _field_values(frame, spec: UnitSpec, name: str, codes: dict[str, dict[str, int]] | None, log: LogFn):
    """The unit fields as columns, their kinds and the text codes (fixed ones at prediction, else made here)."""
    columns, kinds, text_codes = [], [], {}
    for field_name in spec.fields:
        if field_name not in frame.columns or field_name == "geometry":
            raise InputError(
                f"The mapping units {name} have no field '{field_name}'; fields: "
                f"{', '.join(c for c in frame.columns if c != 'geometry')}. Choose the factor fields among them."
            )
        column = frame[field_name]
        if column.dtype.kind in "iufb":
            values = column.astype(float).to_numpy()
            categorical = field_name in spec.categorical_fields
            fraction = values[np.isfinite(values) & (np.abs(values - np.round(values)) > 0)]
            if categorical and len(fraction):
                raise InputError(
                    f"The field '{field_name}' of {name} is marked categorical but holds decimal numbers "
                    f"({fraction[0]:g}, ...), not class codes. Leave it continuous, or choose a field of class codes."
                )
            columns.append(values)
            kinds.append(CATEGORICAL if categorical else "continuous")
            continue
        texts = [None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in column.tolist()]
        known = (codes or {}).get(field_name)
        if known is None:
            known = {t: k + 1 for k, t in enumerate(sorted({t for t in texts if t is not None}))}
        unseen = sorted({t for t in texts if t is not None and t not in known})
        if unseen:
            log(
                f"Warning: {len(unseen)} value(s) of '{field_name}' were not seen in training ({', '.join(unseen[:5])}"
                f"{', ...' if len(unseen) > 5 else ''}): their units get no value there."
            )
        columns.append(np.array([known.get(t, np.nan) if t is not None else np.nan for t in texts], float))
        kinds.append(CATEGORICAL)
        text_codes[field_name] = dict(known)
    return columns, kinds, text_codes


def _geometry_values(frame, spec: UnitSpec, name: str) -> list[np.ndarray]:
    if not spec.geometry:
        return []
    if frame.crs is None or not frame.crs.is_projected:
        raise InputError(
            f"Unit area and perimeter need the mapping units in a projected CRS (metres), but {name} is in "
            "geographic coordinates. Reproject the units (or the factors) to a projected CRS, or leave the geometry "
            "factors out."
        )
    area = frame.geometry.area.to_numpy(float)
    perimeter = frame.geometry.length.to_numpy(float)
    values = {
        "area": area,
        "perimeter": perimeter,
        "compactness": 4 * math.pi * area / np.maximum(perimeter, 1e-12) ** 2,
    }
    return [values[g] for g in spec.geometry]


def unit_table(
    frame,
    spec: UnitSpec,
    name: str,
    factors_path: str | None = None,
    raster_names: list[str] | None = None,
    text_codes: dict[str, dict[str, int]] | None = None,
    log: LogFn | None = None,
) -> UnitTable:
    """Every unit's features (the frame in the factors' CRS when a factors raster is given).

    `raster_names`: the factors raster's bands to use, by name, in this order (default: all); `text_codes`: the
    codes of text fields fixed at training (a prediction's).
    """
    log = log or (lambda m: None)
    spec.check()
    names: list[str] = []
    kinds: list[str] = []
    columns: list[np.ndarray] = []
    pixels = None
    used: list[str] = []
    if factors_path:
        info = read_factor_info(factors_path)
        used = list(raster_names) if raster_names is not None else list(info.names)
        missing = [n for n in used if n not in info.names]
        if missing:
            raise InputError(
                f"The factors raster {os.path.basename(factors_path)} has no band {', '.join(missing)} (it holds "
                f"{', '.join(info.names)}). Build the factors the model was trained on (Build susceptibility factors)."
            )
        bands = [info.names.index(n) for n in used]
        with open_raster(factors_path) as ds:
            check_factors_have_data(ds, info.names)
            stats = unit_statistics(ds, frame.geometry, info.kinds, log, std=spec.std)
        for b, factor in zip(bands, used):
            columns.append(stats[0][:, b])
            names.append(factor)
            kinds.append(info.kinds[b])
        if spec.std:
            for b, factor in zip(bands, used):
                if info.kinds[b] != CATEGORICAL:
                    columns.append(stats[2][:, b])
                    names.append(f"{factor}_std")
                    kinds.append("continuous")
        pixels = stats[1]
    elif raster_names:
        raise InputError(
            f"The model takes the factors raster's {', '.join(raster_names)} per unit; give the factors raster too."
        )
    field_columns, field_kinds, codes = _field_values(frame, spec, name, text_codes, log)
    columns += field_columns
    kinds += field_kinds
    names += list(spec.fields)
    columns += _geometry_values(frame, spec, name)
    kinds += ["continuous"] * len(spec.geometry)
    names += [GEOMETRY_FACTORS[g] for g in spec.geometry]
    if not columns:
        raise InputError(
            "The mapping units get no factor: give a factors raster, or choose factor fields of the units (or their "
            "area and shape)."
        )
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError(
            f"The factor name(s) {', '.join(twice)} come both from the factors raster and from the units' fields; "
            "rename the field in the unit layer, or leave it out."
        )
    points = frame.geometry.representative_point()
    xy = np.column_stack([points.x.to_numpy(), points.y.to_numpy()])
    return UnitTable(np.column_stack(columns).astype(float), names, kinds, used, codes, xy, pixels)


def fill_values(table: UnitTable) -> list[float | None]:
    """Per feature, what fills a unit's missing value: the median of a continuous one, the mode of a categorical one."""
    out: list[float | None] = []
    for j, kind in enumerate(table.kinds):
        column = table.X[:, j][np.isfinite(table.X[:, j])]
        if not column.size:
            out.append(None)
        elif kind == CATEGORICAL:
            codes, counts = np.unique(column, return_counts=True)
            out.append(float(codes[counts.argmax()]))
        else:
            out.append(float(np.median(column)))
    return out


def handle_missing(table: UnitTable, spec: UnitSpec, fill: list[float | None] | None, name: str, log: LogFn):
    """Units lacking a value: said per feature, then filled (with `fill`) or left NaN (dropped by the caller)."""
    missing = ~np.isfinite(table.X)
    if not missing.any():
        return
    counts = {n: int(missing[:, j].sum()) for j, n in enumerate(table.names) if missing[:, j].any()}
    shown = ", ".join(f"'{n}' {c}" for n, c in counts.items())
    units = int(missing.any(axis=1).sum())
    if spec.nodata == "fill" and fill is not None:
        for j, value in enumerate(fill):
            if value is not None:
                table.X[missing[:, j], j] = value
        log(
            f"Warning: {units} of the {len(table.X)} units of {name} lack a value ({shown}); filled with the "
            "training's median (continuous) or most common value (categorical)."
        )
    else:
        log(
            f"Warning: {units} of the {len(table.X)} units of {name} lack a value ({shown}); they are left out (no "
            "susceptibility). Fill the fields, or choose to fill missing values."
        )


# -- training samples ------------------------------------------------------------------------------


def load_unit_samples(
    factors_path: str | None,
    inventory_path: str | None,
    units_path: str,
    *,
    spec: UnitSpec | None = None,
    layer: str | None = None,
    units_layer: str | None = None,
    year_field: str | None = None,
    label_field: str | None = None,
    unit_label_field: str | None = None,
    unit_count_field: str | None = None,
    log: LogFn | None = None,
) -> Samples:
    """One sample per mapping unit (see the module docstring); samples.info["unit_features"] is the record the
    exported model keeps."""
    log = log or (lambda m: None)
    spec = spec or UnitSpec()
    name = os.path.basename(units_path)
    crs = None
    transform = None
    if factors_path:
        with open_raster(factors_path) as ds:
            crs, transform = ds.crs.to_wkt(), ds.transform
    units = read_units(units_path, crs, units_layer)
    landslides, years, inventory_count = [], None, 0
    if not (unit_label_field or unit_count_field):
        if not inventory_path:
            raise InputError(
                "Give the landslide inventory, or the units' label field (0/1) or count field (landslides per unit)."
            )
        inventory = read_vector(inventory_path, layer, crs or units.crs.to_wkt(), "inventory")
        if len(inventory) == 0:
            raise InputError(f"The inventory {os.path.basename(inventory_path)} has no landslides.")
        if label_field:
            if label_field not in inventory.columns:
                raise InputError(f"The inventory has no field '{label_field}'.")
            inventory = inventory[inventory[label_field].astype(float) == 1]
        years = parse_years(inventory[year_field].tolist(), year_field) if year_field else None
        ub, ib = units.total_bounds, inventory.total_bounds
        if ib[0] > ub[2] or ib[2] < ub[0] or ib[1] > ub[3] or ib[3] < ub[1]:
            raise InputError("The inventory lies outside the mapping units; check both layers' CRS and extent.")
        landslides, inventory_count = list(inventory.geometry), len(inventory)
    elif year_field:
        raise InputError(
            "Temporal validation takes the years of an inventory's landslides; with labels or counts on the units "
            "there are none. Give the inventory with its year field, or choose random or spatial validation."
        )
    positive, unit_years, how = unit_labels(units, name, unit_label_field, unit_count_field, landslides, years)
    table = unit_table(units, spec, name, factors_path, log=log)
    fill = fill_values(table) if spec.nodata == "fill" else None
    handle_missing(table, spec, fill, name, log)
    log(
        f"Mapping units: {len(units)} ({int(positive.sum())} with landslides, by {how}); "
        f"factors: {', '.join(table.names)}"
    )
    if transform is not None:
        rows, cols = pixel_of(transform, table.xy[:, 0], table.xy[:, 1])
    else:
        rows = cols = np.zeros(len(units), np.int64)
    info = {
        "units": len(units),
        "inventory_features": inventory_count,
        "labels": "units",
        "mapping_units": units_path,
        "unit_labels": how,
        "unit_features": table.record(spec, fill),
    }
    samples = finish_samples(table.X, positive, rows, cols, table.xy, unit_years, table.names, table.kinds, info, log)
    samples.unit_ids = np.flatnonzero(np.isfinite(table.X).all(axis=1))
    return samples
