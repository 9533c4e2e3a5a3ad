# SPDX-License-Identifier: GPL-2.0-or-later
"""DEM void filling: synthetic voids, metrics, the GDAL baseline, and training a void filler (a conditional generator).

A void filler is an ONNX graph with inputs `dem` (N, 1, H, W, elevations in the raster's units, voids 0) and
`void_mask` (N, 1, H, W, 1 where void) and output `filled`, run by the engine's `generator` kind, which copies every
valid pixel through bit for bit. The graph scales each tile itself (mean and spread of its valid pixels), so one
model runs at any elevation. Training is self-supervised: voids of random size and shape are cut out of valid
terrain of the user's DEM, whole spatial blocks are held out, and the held-out blocks compare the model with GDAL
FillNodata (inverse-distance weighting, what most users would otherwise run).
"""

from __future__ import annotations

import contextlib
import datetime
import html
import json
import os
import shutil
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from ..inference.errors import InputError, LithoscopeError
from ..inference.model.contract import write_contract
from ..inference.outputs.files import OutputTransaction, temporary_path
from ..inference.progress import CancelFn, LogFn, ProgressFn
from ..inference.training.runner import run_training

from .common import job_folder, save_array, split_groups

SIZE_CLASSES = ((5, 20), (20, 60), (60, 200))  # void extent in pixels (the longer side of its bounding box)
CHECK_TOLERANCE = 1e-4  # ONNX vs torch, in units of the tile's elevation spread


# -- synthetic voids ---------------------------------------------------------------------------------------------


def blob(size: int, rng: np.random.Generator) -> np.ndarray:
    """A void-like blob whose bounding box is at most size x size: an ellipse of random aspect and angle with a
    wavy outline (low-frequency harmonics of the radius)."""
    size = max(1, int(size))
    if size <= 2:
        return np.ones((size, size), bool)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float64) - (size - 1) / 2.0
    angle = rng.uniform(0, np.pi)
    aspect = rng.uniform(0.45, 1.0)
    u = xx * np.cos(angle) + yy * np.sin(angle)
    v = (-xx * np.sin(angle) + yy * np.cos(angle)) / aspect
    theta = np.arctan2(v, u)
    wobble = 1.0
    for k in (2, 3, 5):
        wobble = wobble + rng.uniform(0, 0.12) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    radius = np.hypot(u, v) / np.maximum(wobble, 0.3)
    out = radius <= (size - 1) / 2.0 / 1.2
    if not out.any():
        out[size // 2, size // 2] = True
    return out


def cut_voids(
    valid: np.ndarray, size_range: tuple[int, int], count: int, rng: np.random.Generator, margin: int = 4
) -> np.ndarray:
    """Up to `count` blobs of extent in `size_range` placed on valid pixels, apart from each other by `margin`."""
    h, w = valid.shape
    voids = np.zeros((h, w), bool)
    taken = ~valid.copy()
    for _ in range(count * 20):
        if voids.any() and _count(voids) >= count:
            break
        size = int(rng.integers(size_range[0], size_range[1] + 1))
        shape = blob(size, rng)
        bh, bw = shape.shape
        if bh + 2 * margin >= h or bw + 2 * margin >= w:
            continue
        y, x = int(rng.integers(margin, h - bh - margin)), int(rng.integers(margin, w - bw - margin))
        if taken[y - margin : y + bh + margin, x - margin : x + bw + margin].any():
            continue
        voids[y : y + bh, x : x + bw] |= shape
        taken[y - margin : y + bh + margin, x - margin : x + bw + margin] = True
    return voids


def _count(voids: np.ndarray) -> int:
    from scipy import ndimage

    return int(ndimage.label(voids)[1])


@dataclass
class VoidSummary:
    """The voids of a raster: how many, pixels each and the longer side of each one's bounding box."""

    count: int
    pixels: list[int] = field(default_factory=list)
    extents: list[int] = field(default_factory=list)

    @property
    def largest(self) -> int:
        return max(self.extents, default=0)

    def describe(self) -> str:
        if not self.count:
            return "no voids"
        px = np.asarray(self.pixels)
        return (
            f"{self.count} void(s), {int(px.sum())} px in all; largest {self.largest} px across "
            f"({int(px.max())} px); median {int(np.median(px))} px"
        )


def void_summary(voids: np.ndarray) -> VoidSummary:
    """Connected voids (8-neighbours) of a boolean mask."""
    from scipy import ndimage

    labels, n = ndimage.label(voids, structure=np.ones((3, 3), bool))
    if not n:
        return VoidSummary(0)
    pixels = np.bincount(labels.ravel())[1:].tolist()
    extents = [max(s[0].stop - s[0].start, s[1].stop - s[1].start) for s in ndimage.find_objects(labels)]
    return VoidSummary(int(n), [int(p) for p in pixels], [int(e) for e in extents])


def edge_voids(voids: np.ndarray, inside: np.ndarray | None = None) -> np.ndarray:
    """The voids connected to the raster's border (open sea, areas outside a survey): not holes to fill."""
    from scipy import ndimage

    labels, n = ndimage.label(voids, structure=np.ones((3, 3), bool))
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return np.isin(labels, border[border > 0])


# -- metrics and the GDAL baseline ------------------------------------------------------------------------------


def slope_deg(dem: np.ndarray, pixel: tuple[float, float] = (1.0, 1.0)) -> np.ndarray:
    """Slope in degrees by central differences (pixel: x and y sizes in the elevation's units)."""
    gy, gx = np.gradient(dem.astype(np.float64), pixel[1], pixel[0])
    return np.degrees(np.arctan(np.hypot(gx, gy)))


def void_errors(truth: np.ndarray, filled: np.ndarray, voids: np.ndarray, pixel=(1.0, 1.0)) -> dict[str, float]:
    """Elevation RMSE, max error and slope RMSE inside `voids` (truth and filled on the same grid)."""
    if not voids.any():
        return {"rmse": float("nan"), "max": float("nan"), "slope_rmse": float("nan"), "pixels": 0}
    diff = filled[voids].astype(np.float64) - truth[voids].astype(np.float64)
    ds = slope_deg(filled, pixel)[voids] - slope_deg(truth, pixel)[voids]
    return {
        "rmse": float(np.sqrt(np.mean(diff**2))),
        "max": float(np.max(np.abs(diff))),
        "slope_rmse": float(np.sqrt(np.mean(ds**2))),
        "pixels": int(voids.sum()),
    }


def gdal_fill(dem: np.ndarray, voids: np.ndarray, max_distance: int = 1000, smoothing: int = 0) -> np.ndarray:
    """GDAL FillNodata (inverse-distance weighting from the void's edge) on an in-memory copy; voids filled."""
    from osgeo import gdal

    h, w = dem.shape
    ds = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Float32)
    band = ds.GetRasterBand(1)
    band.WriteArray(np.where(voids, np.float32(-32768), dem).astype(np.float32))
    band.SetNoDataValue(-32768)
    gdal.FillNodata(band, None, max_distance, smoothing)
    return band.ReadAsArray().astype(np.float32)


def held_out_block(shape: tuple[int, int]) -> tuple[slice, slice]:
    """The block of a DEM kept out of the shipped model's training and used by the benchmark: the right-most
    columns (a third, at least 240 px and at most half of the width), all rows."""
    h, w = shape
    width = min(max(w // 3, 240), w // 2)
    return slice(0, h), slice(w - width, w)
