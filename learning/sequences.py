# SPDX-License-Identifier: GPL-2.0-or-later
"""Sequences: series of values over time, for the GRU / LSTM / 1-D CNN of the training worker (job kind "sequence").

Two sources, each becoming a `TrainingData` of x (N, L, F) raw values and y:

- `prepare_pixel_sequences`: a band stack (bands = time steps in date order, or steps x features interleaved as
  the per-pixel run reads them: band t * F + f) sampled at labelled points; a class per point; held out by k-means
  groups of the point coordinates. The model runs at once per pixel (Sequence model on a raster stack).
- `prepare_table_sequences`: series per feature of a vector layer (numeric fields named by dates) or of a long
  table (id, time, value columns), read by the same code as at run time (`inference.sources`), so dates parse as
  they will when the model runs. A classifier (a class per feature / id) or a multi-horizon forecaster (sliding
  windows of L steps -> the next H values of one feature), held out by station (forecasts) or k-means groups of
  the features' centroids (classes).

Gaps (NaN steps) are interpolated as at run time (sequence_gaps "interpolate", linear between the nearest valid
steps, ends held); series with too few valid steps are left out, with a count in the log.
"""

from __future__ import annotations

import os
import shutil
from typing import Any, Sequence

import numpy as np

from ..inference.errors import CancelledError, InputError
from ..inference.progress import CancelFn, LogFn
from ..inference.sources.dates import DATE_FORMATS, band_labels, parse_date, parse_dates
from ..inference.sources.series import LongTable, align_series, key, regular_series, series_from_long
from .common import (
    TrainingData,
    band_statistics,
    class_colours,
    class_index,
    job_folder,
    rare_classes,
    save_array,
)

TASKS = ("classify", "forecast")
MIN_VALID_CLASSIFY = 0.75
MIN_VALID_FORECAST = 0.5
LINE_STEPS = 6  # the straight-line baseline fits the last min(L, 6) steps


# -- helpers ---------------------------------------------------------------------------------------


def fill_gaps(x: np.ndarray, min_valid: float) -> tuple[np.ndarray, np.ndarray]:
    """Series (N, L, F) with NaN gaps -> gaps interpolated linearly (ends held), and which series had enough
    valid steps (at least `min_valid` of the steps of every feature); the others are returned unchanged."""
    x = np.array(x, np.float64)
    valid = np.isfinite(x)
    share = valid.mean(axis=1)  # (N, F)
    ok = ((share >= min_valid) & (share > 0)).all(axis=1)
    steps = np.arange(x.shape[1])
    for i in np.flatnonzero(ok & ~valid.all(axis=(1, 2))):
        for f in range(x.shape[2]):
            v = valid[i, :, f]
            if not v.all():
                x[i, :, f] = np.interp(steps, steps[v], x[i, v, f])
    return x, ok


def spatial_groups(xy: np.ndarray, groups: int, seed: int) -> tuple[np.ndarray, list[str]]:
    """k-means groups of coordinates (N, 2) -> group of each sample and the groups' names (seeded)."""
    from sklearn.cluster import KMeans

    n = max(1, min(int(groups), len(np.unique(xy, axis=0))))
    labels = KMeans(n_clusters=n, n_init=10, random_state=seed).fit_predict(xy)
    used = np.unique(labels)
    remap = np.full(labels.max() + 1, -1)
    remap[used] = np.arange(len(used))
    return remap[labels].astype(np.int64), [f"group {k + 1}" for k in range(len(used))]


def _labels(values: list[Any], what: str, minimum: int, rare: str, unit: str):
    """Class index per sample (-1: dropped), the class names and the warning about rare classes."""
    distinct, lookup = class_index(values, what)
    y = np.array([lookup[v] for v in values], np.int64)
    names = [str(v) for v in distinct]
    mapping, names, warning = rare_classes(np.bincount(y, minlength=len(distinct)), names, minimum, rare, unit)
    return mapping[y], names, warning


def _classifier_features(x: np.ndarray, y: np.ndarray):
    """Flattened series (NaN filled) for the baselines; the deep model's class is the argmax of its probabilities."""

    def features(rows: np.ndarray):
        rows = np.asarray(rows, np.int64)
        flat = np.nan_to_num(np.asarray(x[rows], np.float64).reshape(len(rows), -1))
        return flat, np.asarray(y[rows]).astype(np.int64), lambda pred: np.asarray(pred).argmax(1).astype(np.int64)

    return features


def forecast_baselines(
    x: np.ndarray, target: int | Sequence[int], horizons: int | Sequence[int]
) -> dict[str, np.ndarray]:
    """Persistence (the last value repeated) and a straight line through the last min(L, 6) steps, extrapolated.

    x: (n, L, F) raw windows; `target`: the feature of each output (one index for all), `horizons`: the steps
    ahead of each output (a count H: steps 1..H). Returns {name: (n, outputs)}."""
    x = np.asarray(x, np.float64)
    n, length = x.shape[:2]
    ahead = np.arange(1, int(horizons) + 1) if np.ndim(horizons) == 0 else np.asarray(horizons, np.float64)
    feature = np.broadcast_to(np.asarray(target, np.int64), ahead.shape)
    series = x[:, :, feature]  # (n, L, outputs)
    k = min(length, LINE_STEPS)
    t = np.arange(k) - (k - 1) / 2.0
    tail = series[:, -k:]
    slope = (tail * t[None, :, None]).sum(axis=1) / max((t**2).sum(), 1e-12) if k > 1 else np.zeros((n, len(ahead)))
    return {
        "persistence": series[:, -1].copy(),
        "straight line": tail.mean(axis=1) + slope * ((k - 1) / 2.0 + ahead)[None, :],
    }


def _forecaster_features(x: np.ndarray, target, horizons):
    def features(rows: np.ndarray):
        rows = np.asarray(rows, np.int64)
        return None, None, forecast_baselines(np.asarray(x[rows]), target, horizons)

    return features


def _steps_ahead(horizons: int, ahead: Sequence[int] | str | None) -> list[int]:
    """The steps ahead to forecast: `ahead` ("7,30", or a list) when given, else 1..horizons."""
    if ahead is None or (isinstance(ahead, str) and not ahead.strip()):
        if int(horizons) < 1:
            raise InputError(f"The horizons must be at least 1 (got {horizons}).")
        return list(range(1, int(horizons) + 1))
    parts = ahead.replace(";", ",").split(",") if isinstance(ahead, str) else list(ahead)
    try:
        steps = [int(str(p).strip()) for p in parts if str(p).strip()]
    except ValueError:
        raise InputError(
            f"The steps ahead {ahead!r} are not whole numbers; give them like 7,30 (steps of the series)."
        ) from None
    if not steps or min(steps) < 1 or len(set(steps)) != len(steps):
        raise InputError(f"The steps ahead {ahead!r} must be distinct whole numbers of 1 or more, like 7,30.")
    return sorted(steps)


def _targets(target: str | Sequence[str] | None, value_names: list[str]) -> list[int]:
    """The value columns to forecast (names, or one comma-separated text; the first column when not given)."""
    if target is None or (isinstance(target, str) and not target.strip()):
        return [0]
    names = [t.strip() for t in target.split(",")] if isinstance(target, str) else [str(t) for t in target]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in value_names]
    if unknown:
        raise InputError(f"The target {unknown[0]!r} is not a value column; choose among {', '.join(value_names)}.")
    if len(set(names)) != len(names):
        raise InputError(f"A target is given twice ({', '.join(names)}); give each value column once.")
    return sorted(value_names.index(n) for n in names)  # in the value columns' order, as the plots read them


def _write(folder: str, x: np.ndarray, y: np.ndarray) -> None:
    """The worker's samples: x (N, L, F) float32 and y."""
    save_array(folder, "x", x.astype(np.float32))
    save_array(folder, "y", y)


# -- pixel stacks --------------------------------------------------------------------------------------


def prepare_pixel_sequences(
    raster: str,
    points: str,
    class_field: str,
    features: int = 1,
    feature_names: Sequence[str] | None = None,
    groups: int = 10,
    rare: str = "keep",
    min_samples: int = 10,
    min_valid: float = MIN_VALID_CLASSIFY,
    seed: int = 0,
    log: LogFn = print,
    is_cancelled: CancelFn = lambda: False,
) -> TrainingData:
    """Labelled points on a band stack -> series (N, L, F) of the pixels under the points, a class each.

    The stack's bands are the steps in date order (F = 1), or steps x `features` interleaved (band t * F + f), as
    the per-pixel run reads a stack. Points are reprojected to the raster's CRS; those outside it are left out."""
    import geopandas as gpd
    import rasterio

    try:
        ds = rasterio.open(raster)
    except Exception as exc:  # noqa: BLE001 (rasterio raises several kinds for unreadable files)
        raise InputError(f"The raster {raster} cannot be read ({exc}); give a GDAL-readable band stack.") from exc
    folder = None
    try:
        features = int(features)
        if features < 1 or ds.count % features:
            raise InputError(
                f"The raster has {ds.count} band(s), not a whole number of steps of {features} feature(s) each; "
                "give the number of features per date (1 for one band per date)."
            )
        length = ds.count // features
        if length < 2:
            raise InputError(
                f"The raster has {ds.count} band(s): a series needs at least 2 dates. Give a band stack whose bands "
                "are the dates in order (e.g. build it with Raster > Miscellaneous > Build Virtual Raster, "
                "'Place each input file into a separate band')."
            )
        labels = band_labels([raster])
        if features == 1 and labels and all(parse_date(b) for b in labels):
            parse_dates(labels, None, "band")  # dated bands out of order or given twice are refused, as at run time
        stem = os.path.splitext(os.path.basename(raster))[0]
        names = list(feature_names or ([stem] if features == 1 else [f"{stem}_{f + 1}" for f in range(features)]))
        if len(names) != features:
            raise InputError(f"Give {features} feature name(s), one per feature of a step; got {len(names)}.")
        try:
            gdf = gpd.read_file(points)
        except Exception as exc:  # noqa: BLE001 (pyogrio / fiona raise several kinds)
            raise InputError(f"The points {points} cannot be read ({exc}); give a vector layer GDAL can open.") from exc
        if not class_field or class_field not in gdf.columns:
            raise InputError(
                f"The points have no field {class_field!r}; choose the class field among: "
                f"{', '.join(c for c in gdf.columns if c != 'geometry')}."
            )
        gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty & gdf[class_field].notna()]
        if gdf.empty:
            raise InputError("The labelled points layer has no points with a class; label some points.")
        if gdf.crs is not None and ds.crs is not None and gdf.crs != ds.crs:
            gdf = gdf.to_crs(ds.crs)
        centre = gdf.geometry.centroid if not (gdf.geometry.geom_type == "Point").all() else gdf.geometry
        px, py = centre.x.to_numpy(), centre.y.to_numpy()
        cols, rows = (np.floor(v).astype(np.int64) for v in ~ds.transform * (px, py))
        inside = (rows >= 0) & (rows < ds.height) & (cols >= 0) & (cols < ds.width)
        if not inside.any():
            raise InputError(
                f"None of the {len(gdf)} labelled points lies on the raster (after reprojecting them to the "
                "raster's CRS). Check that the points and the raster cover the same place."
            )
        if not inside.all():
            log(f"{int((~inside).sum())} of {len(gdf)} labelled points lie outside the raster; they are left out.")
        gdf, px, py, rows, cols = gdf[inside], px[inside], py[inside], rows[inside], cols[inside]
        values = np.empty((len(gdf), ds.count), np.float64)
        for start in range(0, len(gdf), 4096):
            if is_cancelled():
                raise CancelledError("Training cancelled; no model file was written.")
            chunk = list(zip(px[start : start + 4096], py[start : start + 4096]))
            values[start : start + len(chunk)] = np.array([v for v in ds.sample(chunk)], np.float64)
        if ds.nodata is not None:
            values[values == ds.nodata] = np.nan
        values[~np.isfinite(values)] = np.nan
        x, ok = fill_gaps(values.reshape(len(gdf), length, features), min_valid)
        if not ok.all():
            log(f"{int((~ok).sum())} point(s) have fewer than {min_valid:.0%} valid dates (nodata) and are left out.")
        if not ok.any():
            raise InputError(
                "Every labelled point falls on pixels with too many nodata dates; label points on valid pixels."
            )
        values_of = [v.item() if hasattr(v, "item") else v for v in gdf[class_field]]
        y, class_names, warning = _labels(
            [v for v, k in zip(values_of, ok) if k], f"The class field {class_field!r}", min_samples, rare, "points"
        )
        x, px, py = x[ok], px[ok], py[ok]
        keep = y >= 0
        x, y, px, py = x[keep], y[keep], px[keep], py[keep]
        group, group_names = spatial_groups(np.column_stack([px, py]), groups, seed)
        offset, scale, ranges = band_statistics(x.reshape(-1, features))
        folder = job_folder("sequence")
        _write(folder, x, y.astype(np.int64))
        steps = [d for d in (ds.descriptions or ()) if d]
        counts = np.bincount(y, minlength=len(class_names))
        contract: dict[str, Any] = {
            "model_type": "SequenceClassifier",
            "lithoscope_task": "sequence",
            "output_kind": "classes",
            "sequence_length": length,
            "sequence_features": features,
            "sequence_scaling": "per_feature",
            "sequence_gaps": "interpolate",
            "sequence_min_valid": min_valid,
            "nodata_fill": 0.0,
            "output_roles": {"probabilities": "probabilities"},
        }
        if ds.nodata is not None and np.isfinite(ds.nodata):
            contract["input_nodata"] = float(ds.nodata)
        data = TrainingData(
            kind="sequence",
            folder=folder,
            groups=group,
            group_names=group_names,
            group_word="groups of points",
            sample_word="labelled series",
            band_names=names,
            offset=offset,
            scale=scale,
            ranges=ranges,
            class_names=class_names,
            contract=contract,
            data={
                "raster": os.path.basename(raster),
                "points": os.path.basename(points),
                "class field": class_field,
                "series": f"{len(y)} of {length} steps x {features} feature(s)",
                **({"steps": steps} if len(steps) == ds.count else {}),
                "groups of points": f"{len(group_names)} (k-means of the coordinates)",
                "points per class": {n: int(c) for n, c in zip(class_names, counts)},
            },
            warnings=[warning] if warning else [],
        )
        data.baseline_features = _classifier_features(x, y)
        log(
            f"{len(y)} labelled series of {length} steps x {features} feature(s), {len(class_names)} classes, "
            f"{len(group_names)} groups of points."
        )
        return data
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        ds.close()


# -- tables ------------------------------------------------------------------------------------------


def _table_series(table: LongTable, date_format: str | None) -> dict:
    try:
        return series_from_long(table, date_format)
    except InputError as exc:
        if "not dates or numbers" not in str(exc):
            raise
        column = f"'{table.time_name}'" if table.time_name else "the time column"
        expected = date_format or f"one of {', '.join(DATE_FORMATS)} (e.g. 2020-01-31)"
        raise InputError(
            f"The dates of {column} do not parse: {exc} Expected format: {expected}. Set the date format the column "
            "follows (e.g. %d/%m/%Y), or fix those rows."
        ) from None


def _layer_info(path: str, layer: str | None, id_field: str | None, class_field: str | None):
    """Per feature of a layer (keyed by its id field, or its feature id): class value and centroid (or None)."""
    from ..inference.sources.features import field_names, open_layer

    ds, lyr = open_layer(path, layer)
    names = field_names(lyr)
    for wanted, what in ((id_field, "id field"), (class_field, "class field")):
        if wanted and wanted not in names:
            del lyr, ds
            raise InputError(f"The layer has no {what} {wanted!r}; choose it among: {', '.join(names)}.")
    classes, centres = {}, {}
    for feature in lyr:
        k = key(feature.GetField(id_field)) if id_field else feature.GetFID()
        if class_field:
            classes[k] = feature.GetField(class_field)
        geom = feature.GetGeometryRef()
        if geom is not None and not geom.IsEmpty():
            c = geom.Centroid()
            centres[k] = (c.GetX(), c.GetY())
    del lyr, ds
    return classes, centres


def prepare_table_sequences(
    layer_path: str | None = None,
    layer: str | None = None,
    fields: Sequence[str] | None = None,
    table: LongTable | None = None,
    id_field: str | None = None,
    date_format: str | None = None,
    task: str = "classify",
    class_field: str | None = None,
    length: int = 12,
    horizons: int = 1,
    target: str | Sequence[str] | None = None,
    interval_days: float | None = None,
    groups: int = 10,
    rare: str = "keep",
    min_samples: int = 10,
    seed: int = 0,
    log: LogFn = print,
    is_cancelled: CancelFn = lambda: False,
    ahead: Sequence[int] | str | None = None,
    relative: bool = False,
) -> TrainingData:
    """Series per feature: a layer's numeric fields named by dates, or a long table (id, time, value columns).

    classify: the whole series of each feature (its steps: the layer's date fields, or the table's shared times)
    and a class per feature (`class_field` of the layer; for a long table, the layer's feature with the same id).
    forecast: windows of `length` steps sliding over each series, each with the values `ahead` steps after its
    last step ("7,30"; steps 1..`horizons` when not given) of each `target` value column (several may be given,
    comma-separated; the first value column when not given), outputs ordered by step, then target; with
    `interval_days` the series are put on a regular grid of that step first, as the run does. `relative`: the
    network sees each window's change since its last step and forecasts the change from the last value (added
    back inside the model), so the level of a series does not matter (displacements, water levels)."""
    from ..inference.sources.features import read_wide_layer

    if task not in TASKS:
        raise InputError(f"Unknown task {task!r}; use one of {', '.join(TASKS)}.")
    if table is None and not layer_path:
        raise InputError("Give the series: a layer with date fields, or a long table (id, time, value columns).")
    if table is not None:
        series = _table_series(table, date_format)
        value_names = [str(n) for n in table.value_names] or ["value"]
        source = os.path.basename(table.source or "") or "the long table"
    else:
        series, chosen, dates = read_wide_layer(layer_path, layer, fields, date_format)
        log(f"Dates of the fields: {dates[0].date()} to {dates[-1].date()} ({len(dates)})")
        value_names = ["value"]
        source = os.path.basename(layer_path)
    if not series:
        raise InputError("There are no series (no features, or no rows with values); give a layer or table with some.")
    n_features = len(value_names)
    folder = None
    try:
        if task == "classify":
            return _table_classifier(
                series, value_names, source, layer_path, layer, id_field if table is not None else None, class_field,
                groups, rare, min_samples, seed, log,
            )  # fmt: skip
        if interval_days:
            ids, _, x_all, left_out = regular_series(series, float(interval_days))
            if left_out:
                log(f"{left_out} observation(s) fell on a grid step already taken and were left out.")
        else:
            ids, _, x_all = align_series(series)
        length = int(length)
        if length < 2:
            raise InputError(f"The input length must be at least 2 (got {length}).")
        steps = _steps_ahead(horizons, ahead)
        targets = _targets(target, value_names)
        out_feature = [t for _ in steps for t in targets]  # outputs: step by step, each target in turn
        out_step = [a for a in steps for _ in targets]
        out_names = [f"{value_names[t]}_{a}" for t, a in zip(out_feature, out_step)]  # a: steps of the grid
        horizons = max(steps)
        need = length + horizons
        xs, ys, gs, names, short = [], [], [], [], []
        for i, k in enumerate(ids):
            if is_cancelled():
                raise CancelledError("Training cancelled; no model file was written.")
            v = x_all[i]
            given = np.flatnonzero(np.isfinite(v).any(axis=1))
            v = v[given[0] : given[-1] + 1] if len(given) else v[:0]
            if len(v) < need:
                short.append(str(k))
                continue
            windows = np.lib.stride_tricks.sliding_window_view(v, need, axis=0)  # (n, F, need)
            windows = np.moveaxis(windows, 2, 1)
            xw = windows[:, :length]
            yw = windows[:, [length + a - 1 for a in out_step], out_feature]
            xw, ok = fill_gaps(xw, MIN_VALID_FORECAST)
            ok &= np.isfinite(yw).all(axis=1) & np.isfinite(xw[:, -1, targets]).all(axis=1)
            if not ok.any():
                continue
            xs.append(xw[ok]), ys.append(yw[ok])
            gs.append(np.full(int(ok.sum()), len(names)))
            names.append(str(k))
        if short:
            message = (
                f"{len(short)} series are shorter than the input length + horizons ({length} + {horizons} = {need} "
                f"steps): {', '.join(short[:5])}{'…' if len(short) > 5 else ''}."
            )
            if not xs:
                raise InputError(
                    message + " No series is long enough: give longer series, or a shorter input length or fewer "
                    "horizons."
                )
            log(f"Warning: {message} They are left out.")
        if not xs:
            raise InputError(
                f"No window of {need} steps without gaps in its targets was found; give series with fewer gaps."
            )
        x, y, group = np.concatenate(xs), np.concatenate(ys), np.concatenate(gs).astype(np.int64)
        offset, scale, ranges = band_statistics(x.reshape(-1, n_features))
        folder = job_folder("sequence")
        _write(folder, x, y.astype(np.float32))
        worker: dict[str, Any] = {"target_features": out_feature}
        if relative:  # change since the window's last step: its spread per feature (inputs) and per output
            ranges = [None] * n_features  # the level does not matter to the model: no range of levels to warn about
            change = (x - x[:, -1:, :]).reshape(-1, n_features)
            worker["relative"] = True
            worker["change_scale"] = [float(v) or 1.0 for v in np.nanstd(change, axis=0)]
            delta = y - x[:, -1, out_feature]
            worker["target_scale"] = [float(v) or 1.0 for v in np.nanstd(delta, axis=0)]
        else:
            worker["target_offset"] = [float(v) for v in y.mean(axis=0)]
            worker["target_scale"] = [float(v) or 1.0 for v in y.std(axis=0)]
        contract: dict[str, Any] = {
            "model_type": "SequenceForecaster",
            "lithoscope_task": "sequence",
            "output_kind": "values",
            "sequence_length": length,
            "sequence_features": n_features,
            "sequence_scaling": "per_feature",
            "sequence_gaps": "interpolate",
            "sequence_min_valid": MIN_VALID_FORECAST,
            "sequence_window": "last",
            "nodata_fill": 0.0,
            "class_names": out_names,
            "class_colors": class_colours(len(out_names)),
            "_worker": worker,
        }
        if interval_days:
            contract["sequence_interval_days"] = float(interval_days)
        data = TrainingData(
            kind="sequence",
            folder=folder,
            groups=group,
            group_names=names,
            group_word="stations",
            sample_word="forecast windows",
            band_names=value_names,
            offset=offset,
            scale=scale,
            ranges=ranges,
            contract=contract,
            task="forecast",
            horizons=len(out_names),
            data={
                "source": source,
                "series (stations)": len(names),
                "windows": f"{len(y)} of {length} steps x {n_features} feature(s)",
                "forecast": f"{', '.join(value_names[t] for t in targets)} at {', '.join(map(str, steps))} step(s) "
                "ahead" + (" (as the change from the last value)" if relative else ""),
                **({"step": f"{interval_days:g} day(s)"} if interval_days else {}),
            },
        )
        data.baseline_features = _forecaster_features(x, out_feature, out_step)
        log(
            f"{len(y)} windows of {length} steps from {len(names)} series, forecasting {len(out_names)} value(s): "
            f"{', '.join(out_names)}."
        )
        return data
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _table_classifier(
    series, value_names, source, layer_path, layer, id_field, class_field, groups, rare, min_samples, seed, log
) -> TrainingData:
    if not class_field:
        raise InputError("A classifier needs the class field of the layer's features; choose it.")
    if not layer_path:
        raise InputError("A classifier of table series needs the layer with the class of each id; give it.")
    ids, times, x_all = align_series(series)
    classes, centres = _layer_info(layer_path, layer, id_field, class_field)
    missing = [k for k in ids if k not in classes]
    if len(missing) == len(ids):
        raise InputError(
            f"None of the series' ids is in the layer's {id_field or 'features'}; check the id fields of both."
        )
    if missing:
        log(f"Warning: {len(missing)} series have no feature in the layer; they are left out.")
    labelled = [i for i, k in enumerate(ids) if k in classes and classes[k] is not None]
    x, ok = fill_gaps(x_all[labelled], MIN_VALID_CLASSIFY)
    if not ok.all():
        log(f"{int((~ok).sum())} series have fewer than {MIN_VALID_CLASSIFY:.0%} valid steps; they are left out.")
    rows = [labelled[i] for i in np.flatnonzero(ok)]
    x = x[ok]
    y, class_names, warning = _labels(
        [classes[ids[i]] for i in rows], f"The class field {class_field!r}", min_samples, rare, "series"
    )
    keep = y >= 0
    x, y, rows = x[keep], y[keep], [r for r, k in zip(rows, keep) if k]
    length, n_features = x.shape[1], x.shape[2]
    if all(ids[r] in centres for r in rows):
        xy = np.array([centres[ids[r]] for r in rows], np.float64)
        group, group_names = spatial_groups(xy, groups, seed)
        word = "groups of points"
    else:
        group = np.arange(len(rows), dtype=np.int64)
        group_names = [str(ids[r]) for r in rows]
        word = "features"
    offset, scale, ranges = band_statistics(x.reshape(-1, n_features))
    folder = job_folder("sequence")
    _write(folder, x, y.astype(np.int64))
    counts = np.bincount(y, minlength=len(class_names))
    data = TrainingData(
        kind="sequence",
        folder=folder,
        groups=group,
        group_names=group_names,
        group_word=word,
        sample_word="labelled series",
        band_names=list(value_names),
        offset=offset,
        scale=scale,
        ranges=ranges,
        class_names=class_names,
        contract={
            "model_type": "SequenceClassifier",
            "lithoscope_task": "sequence",
            "output_kind": "classes",
            "sequence_length": length,
            "sequence_features": n_features,
            "sequence_scaling": "per_feature",
            "sequence_gaps": "interpolate",
            "sequence_min_valid": MIN_VALID_CLASSIFY,
            "nodata_fill": 0.0,
            "output_roles": {"probabilities": "probabilities"},
        },
        data={
            "source": source,
            "class field": class_field,
            "series": f"{len(y)} of {length} steps x {n_features} feature(s)",
            word: len(group_names),
            "series per class": {n: int(c) for n, c in zip(class_names, counts)},
        },
        warnings=[warning] if warning else [],
    )
    data.baseline_features = _classifier_features(x, y)
    log(f"{len(y)} labelled series of {length} steps, {len(class_names)} classes, {len(group_names)} {word}.")
    return data
