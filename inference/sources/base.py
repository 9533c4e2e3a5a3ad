# SPDX-License-Identifier: GPL-2.0-or-later
"""What every source is: the `Source` interface the engine reads through, the layers a stack is built
from, and the small pieces of window reading all sources share (padding, validity, sampling lattices).

A source has a grid (width x height windows of values; CRS and transform for rasters), named bands
of a kind (continuous or categorical), and `open()` / `read_tile(handle, y, x, size)`, which gives
the native values (bands x size x size), a validity mask and the inside-the-area mask. Sources are
plain values, so an executor can ship them to other processes; file handles are opened where they
are used. Kinds of source: one raster (raster.py), an aligned stack of rasters and vectors
(stack.py), and a table whose windows are rows (table.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Protocol

import numpy as np

from ..errors import InputError


class Source(Protocol):
    """The interface the engine reads a run's input through (see the module's docstring)."""

    width: int
    height: int
    count: int  # bands (features) per pixel (row)
    dtype: str
    band_names: tuple[str, ...]
    band_kinds: tuple[str, ...]
    description: str
    unit: str  # what a pixel is called in messages: pixel(s), series, depth samples
    nonfinite_option: str  # how the user asks for nodata where the model gives NaN ("" when they cannot)
    extra_nodata: float | None  # the model's input_nodata: invalid in any band
    gaps_as_nan: bool  # series: nodata bands become NaN and a pixel is valid when any band is

    def open(self) -> Any: ...

    def read_tile(self, handle, y: int, x: int, size: int, dtype: str = "float32") -> tuple[Any, Any, Any]: ...

    def read_decimated(self, max_pixels: int) -> tuple[Any, Any]: ...

    def where(self, y: int, x: int, mask) -> str: ...


class GridWindows:
    """What raster sources share: pixels are named by the window they are in."""

    unit = "pixel(s)"
    # How a user writes nodata where the model gives NaN instead of stopping (the dialogs' and Processing's
    # option of the raster runs); table runs have no such option.
    nonfinite_option = (
        "set 'Where the model gives NaN or infinity' to 'Write nodata there and warn with the count' "
        "(in Processing and qgis_process: NONFINITE=1)"
    )

    def where(self, y: int, x: int, mask) -> str:
        """Where pixels of a window at (y, x) are, for a message."""
        return f"in the window at row {y}, column {x}"


# Values this far from zero are no measurement: a nodata value a raster does not declare (-3.4e38, the float32
# minimum many GIS tools write). Every source reads them as nodata; sources/checks.py tells the user.
EXTREME_VALUE = 1e30


SUPPORTED_DTYPES = ("uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64")


def lattice(width: int, height: int, max_pixels: int, size: int = 64) -> Iterator[tuple[int, int, int, int]]:
    """Windows (x, y, w, h) of `size` px on a lattice over a width x height area, about max_pixels in all."""
    count = max(1, max_pixels // (size * size))
    spacing = max(size, int((width * height / count) ** 0.5))
    for y in range(0, height, spacing):
        for x in range(0, width, spacing):
            yield x, y, min(size, width - x), min(size, height - y)


def gaps_to_nan(data: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Mark nodata bands of `data` (a float array) as NaN in place; a pixel is valid where any band is."""
    if not ok.all():
        data[~ok] = np.nan
    return ok.any(axis=0)


def pad_tile(
    data: np.ndarray, valid: np.ndarray, inside: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pad a tile cut short by the window's edge to size x size by reflection."""
    h, w = valid.shape
    if h < size or w < size:
        pad = ((0, size - h), (0, size - w))
        data = np.pad(data, ((0, 0),) + pad, mode="symmetric")
        valid = np.pad(valid, pad, mode="symmetric")
        inside = np.pad(inside, pad, mode="symmetric")
    return data, valid, inside


KINDS = ("continuous", "categorical")


@dataclass(frozen=True)
class RasterLayer:
    """A raster of the stack: which bands, their kind, a name for the bands, its nodata."""

    path: str
    bands: tuple[int, ...] | None = None
    kind: str = "continuous"
    name: str | None = None
    nodata: float | None = None


@dataclass(frozen=True)
class VectorLayer:
    """A vector layer of the stack: burned as 1 inside features and 0 outside, or the value of
    a field (numbers as they are; text as codes 1..n in sorted order, 0 outside features)."""

    path: str
    field: str | None = None
    kind: str = "categorical"
    name: str | None = None
    layer: str | None = None
    all_touched: bool = False


def check_kind(kind: str, path: str) -> str:
    kind = (kind or "continuous").lower()
    if kind not in KINDS:
        raise InputError(f"Layer {path}: kind '{kind}' is unknown; use continuous or categorical.")
    return kind
