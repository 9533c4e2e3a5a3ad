# SPDX-License-Identifier: GPL-2.0-or-later
"""Terrain factors of a DEM window (numpy/scipy, no I/O).

Every function takes elevations `z` (rows x cols, metres, north-up, NaN = nodata) and returns
an array of the same shape. A value whose stencil leaves the array or touches a NaN is NaN
(the TPI leaves NaN out of its mean instead), so a caller passes a window with a halo
(`halo_for`) and keeps its core; `terrain_window` does both. Local derivatives follow
Zevenbergen & Thorne (1987): a quadratic surface through the 3 x 3 neighbourhood,
z = D x^2 + E y^2 + F x y + G x + H y + z5 (x east, y north).

Flow accumulation is D8 (each cell drains to its steepest downslope neighbour) within the
array it is given: a catchment reaching past the array's edge is cut there. Pits and flats
end a flow path (no depression filling: fill sinks first where that matters).
"""

from __future__ import annotations

import math

import numpy as np

TERRAIN_FACTORS = (
    "slope",
    "aspect_sin",
    "aspect_cos",
    "plan_curvature",
    "profile_curvature",
    "roughness",
    "tpi",
    "flow_accumulation",
    "twi",
    "relief_3",
    "relief_10",
    "relief_30",
)
LOCAL = frozenset(TERRAIN_FACTORS[:6])  # 3 x 3 neighbourhood: one pixel of halo
# Local relief (highest minus lowest elevation) in squares of these half-widths in cells: multi-scale terrain.
RELIEF_RADII = {"relief_3": 3, "relief_10": 10, "relief_30": 30}
TPI_RADIUS_CELLS = 10.0
FLOW_HALO = 256
MIN_TAN_SLOPE = 1e-3  # about 0.06 degrees: flats keep a finite wetness index
D8 = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))  # (row, col) offsets


def _shifted(z: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
    """The 3 x 3 neighbours of every cell as views, (row, col) offset -> array; NaN past the edge."""
    zp = np.pad(z, 1, mode="constant", constant_values=np.nan)
    rows, cols = z.shape
    return {(dy, dx): zp[1 + dy : 1 + dy + rows, 1 + dx : 1 + dx + cols] for dy in (-1, 0, 1) for dx in (-1, 0, 1)}


def coefficients(z: np.ndarray, res: tuple[float, float]) -> tuple[np.ndarray, ...]:
    """Zevenbergen & Thorne's D, E, F, G, H: half the second derivatives, the twist and the gradient.

    `res` = (pixel width, pixel height) in metres. G = dz/dx (east), H = dz/dy (north).
    """
    rx, ry = res
    n = _shifted(np.asarray(z, np.float64))
    z5 = n[0, 0]
    d = ((n[0, -1] + n[0, 1]) / 2 - z5) / rx**2
    e = ((n[-1, 0] + n[1, 0]) / 2 - z5) / ry**2
    f = (-n[-1, -1] + n[-1, 1] + n[1, -1] - n[1, 1]) / (4 * rx * ry)
    # The gradient does not use the centre: a nodata centre must still make it nodata.
    hole = np.where(np.isnan(z5), np.nan, 0.0)
    g = (n[0, 1] - n[0, -1]) / (2 * rx) + hole
    h = (n[-1, 0] - n[1, 0]) / (2 * ry) + hole
    return d, e, f, g, h


def slope(z: np.ndarray, res: tuple[float, float]) -> np.ndarray:
    """Slope in degrees."""
    return _slope(*coefficients(z, res)[3:])


def aspect(z: np.ndarray, res: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Sine and cosine of the aspect (the downslope direction, clockwise from north): eastness, northness.

    Both are 0 on flat ground, where the aspect is undefined.
    """
    return _aspect(*coefficients(z, res)[3:])


def curvature(z: np.ndarray, res: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Plan and profile curvature (1/m), Zevenbergen & Thorne; positive where the surface is convex.

    Profile: along the slope, positive where it steepens downhill (flow accelerates). Plan: across
    it, along the contour, positive on spurs and ridges (flow diverges). Both are 0 on flat
    ground. The signs are those of SAGA's profile and plan curvature.
    """
    return _curvature(*coefficients(z, res))


def _slope(g: np.ndarray, h: np.ndarray) -> np.ndarray:
    return np.degrees(np.arctan(np.hypot(g, h)))


def _aspect(g: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    norm = np.hypot(g, h)
    with np.errstate(invalid="ignore", divide="ignore"):
        sin = np.where(norm > 0, -g / norm, 0.0)
        cos = np.where(norm > 0, -h / norm, 0.0)
    nan = np.isnan(norm)
    sin[nan] = np.nan
    cos[nan] = np.nan
    return sin, cos


def _curvature(d, e, f, g, h) -> tuple[np.ndarray, np.ndarray]:
    g2, h2 = g * g, h * h
    norm = g2 + h2
    with np.errstate(invalid="ignore", divide="ignore"):
        profile = np.where(norm > 0, -2 * (d * g2 + e * h2 + f * g * h) / norm, 0.0)
        plan = np.where(norm > 0, -2 * (d * h2 + e * g2 - f * g * h) / norm, 0.0)
    nan = np.isnan(norm + d + e + f)
    plan[nan] = np.nan
    profile[nan] = np.nan
    return plan, profile


def roughness(z: np.ndarray) -> np.ndarray:
    """Standard deviation of the elevation in the 3 x 3 neighbourhood (metres)."""
    n = _shifted(np.asarray(z, np.float64))
    centre = n[0, 0]
    # Differences from the centre keep the sums small, hence precise, on high terrain.
    stack = np.stack([v - centre for v in n.values()])
    return stack.std(axis=0)


def disk(radius: float) -> np.ndarray:
    """A boolean disk of `radius` cells (at least the 3 x 3 cross)."""
    r = max(1, int(math.floor(radius)))
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1]
    return yy * yy + xx * xx <= max(radius, 1.0) ** 2


def tpi(z: np.ndarray, radius: float = TPI_RADIUS_CELLS) -> np.ndarray:
    """Topographic position index: elevation minus the mean elevation within `radius` cells (metres).

    NaN cells are left out of the mean; a NaN cell, or one whose disk leaves the array, is NaN.
    """
    from scipy import signal

    z = np.asarray(z, np.float64)
    kernel = disk(radius).astype(np.float64)
    r = kernel.shape[0] // 2
    valid = np.isfinite(z)
    ref = float(np.nanmedian(z)) if valid.any() else 0.0
    filled = np.where(valid, z - ref, 0.0)
    total = signal.fftconvolve(filled, kernel, mode="same")
    count = signal.fftconvolve(valid.astype(np.float64), kernel, mode="same")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = filled - total / np.maximum(np.rint(count), 1.0)
    out[~valid] = np.nan
    inside = np.zeros(z.shape, bool)
    inside[r : z.shape[0] - r, r : z.shape[1] - r] = True
    out[~inside] = np.nan
    return out


def relief(z: np.ndarray, radius: int) -> np.ndarray:
    """Local relief: the highest minus the lowest elevation in the square of half-width `radius` cells (metres).

    NaN cells and cells past the array's edge are left out (an edge cell sees the part of its square inside);
    a NaN cell is NaN. The filters are separable, so a wide square costs little more than a narrow one.
    """
    from scipy import ndimage

    z = np.asarray(z, np.float64)
    valid = np.isfinite(z)
    size = 2 * int(radius) + 1
    top = ndimage.maximum_filter(np.where(valid, z, -np.inf), size=size, mode="constant", cval=-np.inf)
    bottom = ndimage.minimum_filter(np.where(valid, z, np.inf), size=size, mode="constant", cval=np.inf)
    out = top - bottom
    out[~valid] = np.nan
    return out


def flow_receivers(z: np.ndarray, res: tuple[float, float]) -> np.ndarray:
    """Flat index of each cell's D8 receiver (the neighbour of steepest descent), -1 for none.

    Ties go to the first of D8's order. NaN cells, and cells with no lower valid neighbour (pits,
    flats, edges), have none.
    """
    z = np.asarray(z, np.float64)
    rows, cols = z.shape
    rx, ry = res
    n = _shifted(z)
    best = np.zeros(z.shape)
    code = np.full(z.shape, len(D8), np.int64)
    with np.errstate(invalid="ignore"):
        for k, (dy, dx) in enumerate(D8):
            drop = (z - n[dy, dx]) / math.hypot(dy * ry, dx * rx)
            steeper = drop > best  # False for NaN
            np.copyto(best, drop, where=steeper)
            np.copyto(code, k, where=steeper)
    offsets = np.array([dy * cols + dx for dy, dx in D8] + [0], np.int64)
    receiver = np.arange(rows * cols, dtype=np.int64).reshape(rows, cols) + offsets[code]
    receiver[code == len(D8)] = -1
    return receiver.ravel()


def flow_accumulation(z: np.ndarray, res: tuple[float, float]) -> np.ndarray:
    """Upslope area of each cell (itself included) in m^2, D8, counted within the array only.

    Cells are visited in topological order by frontiers (Kahn): a cell joins the frontier once
    all the cells draining into it are done, so the loop runs once per cell of the longest flow
    path, not once per cell.
    """
    z = np.asarray(z, np.float64)
    valid = np.isfinite(z).ravel()
    receiver = flow_receivers(z, res)
    acc = valid.astype(np.float64)
    drains = receiver >= 0
    pending = np.bincount(receiver[drains], minlength=receiver.size)
    frontier = np.flatnonzero(valid & (pending == 0) & drains)
    while frontier.size:
        targets, inverse = np.unique(receiver[frontier], return_inverse=True)
        acc[targets] += np.bincount(inverse, weights=acc[frontier])
        pending[targets] -= np.bincount(inverse)
        ready = targets[pending[targets] == 0]
        frontier = ready[drains[ready]]
    acc[~valid] = np.nan
    return acc.reshape(z.shape) * (res[0] * res[1])


def wetness_index(accumulation: np.ndarray, slope_degrees: np.ndarray, res: tuple[float, float]) -> np.ndarray:
    """Topographic wetness index ln(a / tan(slope)), a = upslope area per unit contour width (m).

    The contour width is the pixel width; tan(slope) is at least MIN_TAN_SLOPE.
    """
    a = accumulation / res[0]
    tan = np.maximum(np.tan(np.radians(slope_degrees)), MIN_TAN_SLOPE)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.log(a / tan)


def halo_for(names: tuple[str, ...], tpi_radius: float = TPI_RADIUS_CELLS, flow_halo: int = FLOW_HALO) -> int:
    """Pixels of halo a window needs around it for `names`."""
    halo = 1 if LOCAL & set(names) else 0
    if "tpi" in names:
        halo = max(halo, disk(tpi_radius).shape[0] // 2)
    if {"flow_accumulation", "twi"} & set(names):
        halo = max(halo, int(flow_halo))
    for name in set(RELIEF_RADII) & set(names):
        halo = max(halo, RELIEF_RADII[name])
    return halo


def terrain_window(
    z: np.ndarray,
    halo: int,
    res: tuple[float, float],
    names: tuple[str, ...] = TERRAIN_FACTORS,
    tpi_radius: float = TPI_RADIUS_CELLS,
    flow_halo: int = FLOW_HALO,
) -> dict[str, np.ndarray]:
    """Terrain factors of the core of `z` (the array less `halo` pixels on each side), by name.

    Each factor is computed on the smallest part of `z` it needs, so the flow halo does not
    slow down the local derivatives.
    """
    rows, cols = z.shape[0] - 2 * halo, z.shape[1] - 2 * halo

    def crop(pad: int) -> np.ndarray:
        m = halo - min(pad, halo)
        return z[m : z.shape[0] - m, m : z.shape[1] - m]

    def core(a: np.ndarray) -> np.ndarray:
        m = (a.shape[0] - rows) // 2
        return a[m : m + rows, m : m + cols]

    wanted = set(names)
    out: dict[str, np.ndarray] = {}
    local = crop(1)
    d, e, f, g, h = coefficients(local, res)
    slope_core = core(_slope(g, h))
    out["slope"] = slope_core
    if {"aspect_sin", "aspect_cos"} & wanted:
        out["aspect_sin"], out["aspect_cos"] = (core(a) for a in _aspect(g, h))
    if {"plan_curvature", "profile_curvature"} & wanted:
        out["plan_curvature"], out["profile_curvature"] = (core(a) for a in _curvature(d, e, f, g, h))
    if "roughness" in wanted:
        out["roughness"] = core(roughness(local))
    if "tpi" in wanted:
        out["tpi"] = core(tpi(crop(disk(tpi_radius).shape[0] // 2), tpi_radius))
    if {"flow_accumulation", "twi"} & wanted:
        acc = core(flow_accumulation(crop(int(flow_halo)), res))
        out["flow_accumulation"] = acc
        out["twi"] = wetness_index(acc, slope_core, res)
    for name in set(RELIEF_RADII) & wanted:
        out[name] = core(relief(crop(RELIEF_RADII[name]), RELIEF_RADII[name]))
    return {name: out[name] for name in names}
