# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility classes: breaks, a class raster (uint8 1..5, nodata 255), its style and a table per class.

Break methods: "quantile" (equal shares of the area), "natural_breaks" (Fisher-Jenks: the breaks
that minimise the spread within classes, on a random sample of at most 5,000 values, computed
here with numpy), "equal_interval" (equal widths between the lowest and highest probability) and
"user" (the breaks given). Breaks come from a random sample of the raster's valid pixels (and its
exact minimum and maximum), read window by window, so memory does not grow with the area.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
import rasterio
from rasterio.windows import Window

from ..inference.errors import CancelledError, InputError
from ..inference.outputs.styles import paletted_qml
from ..inference.sources.base import EXTREME_VALUE
from ..inference.text import label

CLASS_METHODS = ("quantile", "natural_breaks", "equal_interval", "user")
CLASS_NAMES = ("very low", "low", "moderate", "high", "very high")
CLASS_COLORS = ("#1a9641", "#a6d96a", "#ffffbf", "#fdae61", "#d7191c")  # greens to reds
CLASS_NODATA = 255
JENKS_SAMPLE = 5000
_WINDOW = 1024


def windows(height: int, width: int, size: int = _WINDOW):
    """Windows of at most size x size covering a grid, row by row."""
    for r in range(0, height, size):
        for c in range(0, width, size):
            yield Window(c, r, min(size, width - c), min(size, height - r))


def valid_values(data: np.ndarray, nodata: float | None) -> np.ndarray:
    ok = np.abs(data) < EXTREME_VALUE  # NaN, infinity and an undeclared -3.4e38 are no value
    if nodata is not None and not math.isnan(nodata):
        ok &= data != nodata
    return ok


def raster_sample(path: str, n: int = 100_000, seed: int = 0) -> tuple[np.ndarray, float, float]:
    """A uniform random sample of up to n valid values (reservoir by window) and the exact min and max."""
    rng = np.random.default_rng(seed)
    kept = np.zeros(0)
    keys = np.zeros(0)
    lo, hi = math.inf, -math.inf
    with rasterio.open(path) as ds:
        nodata = ds.nodata
        for win in windows(ds.height, ds.width):
            data = ds.read(1, window=win).astype(np.float64)
            values = data[valid_values(data, nodata)]
            if not values.size:
                continue
            lo, hi = min(lo, float(values.min())), max(hi, float(values.max()))
            # Reservoir by random keys: the n values with the smallest keys are a uniform sample.
            kept = np.concatenate([kept, values])
            keys = np.concatenate([keys, rng.random(values.size)])
            if kept.size > n:
                best = np.argpartition(keys, n)[:n]
                kept, keys = kept[best], keys[best]
    if not kept.size:
        raise InputError(f"The probability raster {path} has no valid pixels.")
    return kept, lo, hi


def fisher_jenks(values: np.ndarray, k: int = 5) -> np.ndarray:
    """Inner breaks (k - 1) of the Fisher-Jenks optimal classification of `values` (exact, O(k n^2))."""
    x = np.sort(np.asarray(values, np.float64))
    n = len(x)
    if n <= k:
        return np.unique(x)[1:]
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def ssd(i: np.ndarray, j: int) -> np.ndarray:  # within-class squared deviation of x[i:j]
        m = j - i
        s = s1[j] - s1[i]
        return (s2[j] - s2[i]) - s * s / m

    cost = np.full((k + 1, n + 1), np.inf)
    start = np.zeros((k + 1, n + 1), np.int64)
    cost[1, 1:] = s2[1:] - s1[1:] ** 2 / np.arange(1, n + 1)
    for c in range(2, k + 1):
        for j in range(c, n + 1):
            i = np.arange(c - 1, j)  # the last class is x[i:j]
            total = cost[c - 1, i] + ssd(i, j)
            best = int(np.argmin(total))
            cost[c, j], start[c, j] = total[best], i[best]
    bounds, j = [], n
    for c in range(k, 1, -1):
        i = start[c, j]
        bounds.append((x[i - 1] + x[i]) / 2.0)
        j = i
    return np.array(bounds[::-1])


def check_user_breaks(breaks: list[float] | tuple[float, ...] | None, n: int = 5) -> np.ndarray:
    """The user's inner class breaks, checked: n - 1 of them, rising, inside 0..1 (they split probabilities)."""
    if breaks is None or len(breaks) != n - 1:
        raise InputError(f"Give {n - 1} class breaks (e.g. 0.2, 0.4, 0.6, 0.8) for {n} classes.")
    inner = np.asarray(breaks, np.float64)
    if not np.all(np.isfinite(inner)) or np.any(inner <= 0) or np.any(inner >= 1):
        raise InputError(
            f"The class breaks {list(breaks)} must lie between 0 and 1: they split probabilities of a landslide "
            "(e.g. 0.2, 0.4, 0.6, 0.8); breaks outside put the whole map in one class."
        )
    if not np.all(np.diff(inner) > 0):
        raise InputError(f"The class breaks {list(breaks)} must rise from one to the next.")
    return inner


def compute_breaks(
    values: np.ndarray,
    method: str = "quantile",
    breaks: list[float] | tuple[float, ...] | None = None,
    n: int = 5,
    minimum: float | None = None,
    maximum: float | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Inner class breaks (n - 1, ascending): class c holds breaks[c-2] <= p < breaks[c-1]."""
    if method not in CLASS_METHODS:
        raise InputError(f"Class method '{method}' is unknown; choose one of {', '.join(CLASS_METHODS)}.")
    values = np.asarray(values, np.float64)
    values = values[np.isfinite(values)]
    if method == "user":
        return check_user_breaks(breaks, n)
    if not values.size:
        raise InputError("There are no valid probabilities to compute class breaks from.")
    if method == "quantile":
        inner = np.quantile(values, np.arange(1, n) / n)
    elif method == "equal_interval":
        lo = float(values.min()) if minimum is None else minimum
        hi = float(values.max()) if maximum is None else maximum
        inner = lo + (hi - lo) * np.arange(1, n) / n
    else:
        if values.size > JENKS_SAMPLE:
            values = np.random.default_rng(seed).choice(values, JENKS_SAMPLE, replace=False)
        inner = fisher_jenks(values, n)
    inner = np.maximum.accumulate(np.asarray(inner, np.float64))
    return inner


def classify(values: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """Class 1..n of each value (uint8)."""
    return (np.searchsorted(inner, values, side="right") + 1).astype(np.uint8)


def shown_class_names() -> tuple[str, ...]:
    """The five class names as the user reads them (legends, log): translated when a translator is installed; the
    data (class_name fields, CSV tables, metrics) keep CLASS_NAMES."""
    return (label("very low"), label("low"), label("moderate"), label("high"), label("very high"))


def shown_class_name(name: str) -> str:
    """One class name of CLASS_NAMES as the user reads it (other names as they are)."""
    return dict(zip(CLASS_NAMES, shown_class_names())).get(name, name)


def classes_qml(names: tuple[str, ...] | None = None, colors: tuple[str, ...] = CLASS_COLORS) -> str:
    """A paletted style with a legend of class names (default: the five, as the user reads them) for values 1..n."""
    names = shown_class_names() if names is None else names
    return paletted_qml(list(names), list(colors), values=list(range(1, len(names) + 1)))


def write_class_raster(
    probability_path: str, output_path: str, inner: np.ndarray, is_cancelled: Callable[[], bool] | None = None
) -> np.ndarray:
    """Classify a probability raster window by window into output_path; pixel count per class (index 0 = class 1)."""
    counts = np.zeros(len(inner) + 1, np.int64)
    with rasterio.open(probability_path) as src:
        profile = src.profile.copy()
        profile.update(dtype="uint8", nodata=CLASS_NODATA, count=1, compress="deflate", predictor=2)
        if src.width > 512 or src.height > 512:
            profile.update(tiled=True, blockxsize=512, blockysize=512)
        with rasterio.open(output_path, "w", **profile) as dst:
            dst.set_band_description(1, "susceptibility class")
            for win in windows(src.height, src.width):
                if is_cancelled and is_cancelled():
                    raise CancelledError()
                data = src.read(1, window=win).astype(np.float64)
                ok = valid_values(data, src.nodata)
                out = np.full(data.shape, CLASS_NODATA, np.uint8)
                out[ok] = classify(data[ok], inner)
                counts += np.bincount(out[ok], minlength=len(inner) + 2)[1:]
                dst.write(out, 1, window=win)
    return counts


def class_table(
    counts: np.ndarray,
    inner: np.ndarray,
    pixel_area_m2: float,
    landslide_classes: np.ndarray | None = None,
    lower: float = 0.0,
    upper: float = 1.0,
) -> list[dict]:
    """One row per class: bounds, area km², area %, landslide %, density (landslide pixels per km²), FR.

    `counts` are pixels (or sample counts, for an estimate) per class; `landslide_classes` the class
    (1..n) of each landslide pixel.
    """
    n = len(counts)
    edges = np.concatenate([[lower], inner, [upper]])
    total = max(1, int(counts.sum()))
    ls = np.zeros(n, np.int64)
    if landslide_classes is not None and len(landslide_classes):
        ls = np.bincount(np.asarray(landslide_classes, np.int64), minlength=n + 1)[1 : n + 1]
    ls_total = int(ls.sum())
    rows = []
    for c in range(n):
        area_km2 = counts[c] * pixel_area_m2 / 1e6
        area_pct = 100.0 * counts[c] / total
        ls_pct = 100.0 * ls[c] / ls_total if ls_total else None
        rows.append(
            {
                "class": c + 1,
                "name": CLASS_NAMES[c] if n == len(CLASS_NAMES) else f"class {c + 1}",
                "lower": float(edges[c]),
                "upper": float(edges[c + 1]),
                "pixels": int(counts[c]),
                "area_km2": float(area_km2),
                "area_pct": float(area_pct),
                "landslides": int(ls[c]),
                "landslide_pct": None if ls_pct is None else float(ls_pct),
                "density": float(ls[c] / area_km2) if area_km2 > 0 else None,
                "frequency_ratio": float(ls_pct / area_pct) if ls_pct is not None and area_pct > 0 else None,
            }
        )
    return rows


def pixel_area(transform) -> float:
    """Area of one pixel in the grid's squared units (m² for projected grids)."""
    return abs(transform.a * transform.e - transform.b * transform.d)


def table_csv(rows: list[dict]) -> str:
    """The class table as CSV text."""
    keys = [
        "class",
        "name",
        "lower",
        "upper",
        "pixels",
        "area_km2",
        "area_pct",
        "landslides",
        "landslide_pct",
        "density",
        "frequency_ratio",
    ]
    lines = [",".join(keys)]
    for row in rows:
        cells = []
        for key in keys:
            value = row[key]
            cells.append("" if value is None else f"{value:.6g}" if isinstance(value, float) else str(value))
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"
