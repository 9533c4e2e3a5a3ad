# SPDX-License-Identifier: GPL-2.0-or-later
"""Implausible inputs, caught before a run from a sample of each raster (small windows on a lattice).

A value that is valid to the computer can still be garbage to a geologist: -3.4e38 where the raster
forgot to declare its nodata, a DEM in micrometres, a slope in radians where degrees are expected,
NDVI scaled otherwise than the model's. Each check names what it saw, what it means and the fix.
Values of |x| >= EXTREME_VALUE are read as nodata by every source (sources/base.py); the warning here
tells the user how many and why.
"""

from __future__ import annotations

import math
import os
import re
from typing import Sequence

import numpy as np

from ..errors import InputError
from .base import EXTREME_VALUE, lattice

SAMPLE_PIXELS = 65_536

# Physical ranges of a band by what its name says it is (lower case, anywhere in the name).
ELEVATION = re.compile(r"(elev|dem|dtm|dsm|height|altitude|srtm|topo)")
SLOPE_DEGREES = re.compile(r"slope")
ELEVATION_RANGE_M = (-11_500.0, 9_000.0)  # the Mariana Trench to Everest, in metres


def sample(path: str, bands: Sequence[int] | None = None, max_pixels: int = SAMPLE_PIXELS) -> np.ndarray:
    """Values of `bands` (1-based; default all) at a lattice of small windows: (bands, n) float64, native values."""
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(path) as ds:
        chosen = list(bands) if bands else list(range(1, ds.count + 1))
        parts = [
            ds.read(chosen, window=Window(x, y, w, h)).reshape(len(chosen), -1)
            for x, y, w, h in lattice(ds.width, ds.height, max_pixels)
        ]
        nodata = ds.nodatavals
    data = np.concatenate(parts, axis=1).astype(np.float64)
    for i, b in enumerate(chosen):
        nd = nodata[b - 1]
        if nd is not None and not math.isnan(nd):
            data[i, data[i] == nd] = np.nan
    return data


def extreme_value_warnings(paths: Sequence[str]) -> list[str]:
    """Rasters whose sampled values reach |x| >= 1e30 (a nodata value such as -3.4e38 left undeclared) or infinity."""
    out = []
    for path in paths:
        out += not_a_measurement(sample(path), f"sampled values of '{os.path.basename(path)}'", raster=True)
    return out


def not_a_measurement(values: np.ndarray, what: str, raster: bool = False) -> list[str]:
    """Warnings for values no measurement gives: infinity, and |x| >= 1e30 (read as nodata by every source)."""
    out = []
    infinite = np.isinf(values)
    extreme = (np.abs(values) >= EXTREME_VALUE) & ~infinite  # NaN is not counted: it is nodata already
    if extreme.any():
        example = float(values[extreme][0])
        fix = (
            f"Declare its nodata value (gdal_edit.py -a_nodata {example:.8g} on the file, or Raster > Conversion > "
            "Translate) so that every tool reads those pixels as nodata."
            if raster
            else "Replace them with empty values (NULL) in the table, so that every tool reads them as gaps."
        )
        out.append(
            f"{int(extreme.sum())} of the {values.size} {what} are {example:.3g} (|value| of 1e30 or more), a fill "
            f"value that is not declared as nodata: they are read as nodata. {fix}"
        )
    if infinite.any():
        out.append(
            f"{int(infinite.sum())} of the {values.size} {what} are infinite (inf): they are read as nodata. "
            "Check how the input was computed (a division by zero?)."
        )
    return out


def _range(values: np.ndarray) -> tuple[float, float] | None:
    ok = values[np.isfinite(values) & (np.abs(values) < EXTREME_VALUE)]
    return (float(ok.min()), float(ok.max())) if ok.size else None


def check_elevation(path: str, band: int = 1, what: str = "The DEM") -> None:
    """Refuse a DEM whose values lie beyond any elevation on Earth in metres (other units, a wrong nodata)."""
    seen = _range(sample(path, [band])[0])
    low, high = ELEVATION_RANGE_M
    if seen is None or (low <= seen[0] and seen[1] <= high):
        return
    raise InputError(
        f"{what} '{os.path.basename(path)}' has values from {seen[0]:.4g} to {seen[1]:.4g}, beyond any elevation on "
        f"Earth in metres ({low:.0f} to {high:.0f} m): it is likely in other units (millimetres, micrometres) or "
        'holds an undeclared nodata value. Convert it to metres (Raster Calculator, e.g. "dem@1" / 1000 for '
        "millimetres) or declare its nodata value, then run again; nothing was written."
    )


def band_range_warnings(path: str, bands: Sequence[int] | None, names: Sequence[str]) -> list[str]:
    """Bands whose sampled values do not fit what their names (the model's band_names) say they are."""
    if not names:
        return []
    values = sample(path, bands)
    out = []
    for name, row in zip(names, values):
        seen = _range(row)
        lower = str(name).lower()
        if seen is None:
            continue
        if ELEVATION.search(lower) and "slope" not in lower:
            low, high = ELEVATION_RANGE_M
            if seen[0] < low or seen[1] > high:
                out.append(
                    f"the band the model takes as '{name}' ranges from {seen[0]:.4g} to {seen[1]:.4g}, beyond any "
                    "elevation in metres: give the elevation in metres (or declare the raster's nodata value)."
                )
        elif SLOPE_DEGREES.search(lower) and "rad" not in lower:
            out += _slope_warnings(name, row, seen)
    return out


def _slope_warnings(name: str, row: np.ndarray, seen: tuple[float, float]) -> list[str]:
    if seen[0] < -1e-6 or seen[1] > 90.0 + 1e-6:
        return [
            f"the band the model takes as '{name}' (a slope in degrees) ranges from {seen[0]:.4g} to {seen[1]:.4g}, "
            "outside 0 to 90°: check that it is a slope in degrees."
        ]
    if _looks_like_radians(row, seen):
        return [
            f"the band the model takes as '{name}' (a slope in degrees) ranges from {seen[0]:.3g} to {seen[1]:.3g}, "
            'as a slope in radians would: convert it to degrees (Raster Calculator: "slope@1" * 57.29578).'
        ]
    return []


def _looks_like_radians(row: np.ndarray, seen: tuple[float, float]) -> bool:
    """Slopes of 0 to pi/2 at most, yet not all flat: radians (a slope in degrees that gentle is rare)."""
    ok = row[np.isfinite(row)]
    return seen[1] <= math.pi / 2 + 1e-6 and ok.size >= 100 and float(np.percentile(ok, 99)) > 0.05


def slope_in_radians(path: str, band: int) -> tuple[float, float] | None:
    """The sampled range of a slope band that looks like radians, else None."""
    row = sample(path, [band])[0]
    seen = _range(row)
    return seen if seen is not None and seen[0] >= -1e-6 and _looks_like_radians(row, seen) else None


def slope_factor_warning(path: str, band: int, name: str) -> str | None:
    """A raster factor named as a slope whose values look like radians (or are not degrees)."""
    row = sample(path, [band])[0]
    seen = _range(row)
    if seen is None:
        return None
    warnings = _slope_warnings(name, row, seen)
    return warnings[0].replace("the band the model takes as", "the factor") if warnings else None


def training_range_warnings(
    path: str, bands: Sequence[int] | None, names: Sequence[str], ranges: Sequence[tuple[float, float] | None]
) -> list[str]:
    """Bands most of whose sampled values lie outside the range the model was trained on (its band_ranges)."""
    if not ranges:
        return []
    values = sample(path, bands)
    out = []
    for b, (row, pair) in enumerate(zip(values, ranges)):
        ok = row[np.isfinite(row) & (np.abs(row) < EXTREME_VALUE)]
        if pair is None or ok.size < 100:
            continue
        low, high = pair
        margin = 0.05 * (high - low)  # a few per cent past the training's 1st and 99th percentiles is no news
        outside = float(np.mean((ok < low - margin) | (ok > high + margin)))
        if outside > 0.5:
            name = names[b] if b < len(names) else f"band {b + 1}"
            out.append(
                f"{outside:.0%} of the sampled values of '{name}' ({float(ok.min()):.4g} to {float(ok.max()):.4g}) lie "
                f"outside the range the model was trained on ({low:.4g} to {high:.4g}): it extrapolates there. Check "
                "the band's units and that it is the band the model takes."
            )
    return out


def series_value_warnings(series: dict, what: str) -> list[str]:
    """Infinite and |x| >= 1e30 values among the values of series ({id: (times, values)}): read as gaps."""
    parts = [np.asarray(values, np.float64).reshape(-1) for _, values in series.values()]
    values = np.concatenate(parts) if parts else np.zeros(0)
    return not_a_measurement(values[~np.isnan(values)], what)
