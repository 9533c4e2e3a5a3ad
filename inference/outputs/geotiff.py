# SPDX-License-Identifier: GPL-2.0-or-later
"""GeoTIFF outputs: the `Writer` interface of a run's outputs, the atomic tiled GeoTIFF that
implements it for rasters, and the check of an output path before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import rasterio
from rasterio.windows import Window

from ..errors import InputError
from .files import temporary_path

GEOTIFF_SUFFIXES = (".tif", ".tiff")


def check_geotiff_name(path: str, what: str = "output") -> None:
    """Refuse a raster output whose name says another format: it would be a GeoTIFF under a .png name, say."""
    if path and not str(path).lower().endswith(GEOTIFF_SUFFIXES):
        stem = os.path.splitext(str(path))[0]
        raise InputError(
            f"The {what} {path} is written as a GeoTIFF, but its name says another format; give it the extension "
            f".tif (e.g. {stem}.tif)."
        )


def check_output_path(path: str, input_path: str | None = None) -> None:
    """Refuse an output that would overwrite the input or cannot be written (tried, not guessed)."""
    if not path or not str(path).strip():
        raise InputError("No output file was given; give the path of the file to write (e.g. classes.tif).")
    path = str(path)
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.isdir(path):
        raise InputError(f"The output {path} is a folder; give a file name inside it (e.g. {path}/classes.tif).")
    if input_path and os.path.abspath(path) == os.path.abspath(input_path):
        raise InputError(f"The output {path} is the input raster; choose another file name so the input is kept.")
    if input_path and os.path.exists(path) and os.path.exists(input_path) and os.path.samefile(path, input_path):
        raise InputError(f"The output {path} is the input raster; choose another file name so the input is kept.")
    if not os.path.isdir(folder):
        raise InputError(f"The output folder {folder} does not exist; create it or choose another.")
    try:  # os.access says yes to root everywhere, also where nothing can be created (/proc)
        os.unlink(temporary_path(path, ".probe"))
    except (OSError, InputError) as exc:
        raise InputError(f"The output folder {folder} is not writable; choose a folder you can write to.") from exc
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise InputError(f"The output file {path} exists and is read-only; choose another file name.")


@dataclass
class OutputSpec:
    """One output raster of a run."""

    path: str
    count: int
    dtype: str
    nodata: float
    descriptions: tuple[str, ...] = ()
    colormap: dict[int, tuple[int, int, int, int]] | None = None
    tags: dict[str, str] = field(default_factory=dict)


class Writer(Protocol):
    """Where a run's blocks go: one writer per output of the head (a GeoTIFF, or rows of a table).

    `write` gets each finished block (bands, h, w) at (y, x) of the grid and the mask of its pixels
    that were written (the rest holds the spec's nodata); `finish` hands the result to the run's
    transaction; `abort` drops everything.
    """

    spec: OutputSpec

    def write(self, data: np.ndarray, y: int, x: int, written: np.ndarray | None = None) -> None: ...

    def finish(self, transaction) -> None: ...

    def abort(self) -> None: ...


def geotiff_writers(specs: list[OutputSpec], source, block: int) -> list[AtomicGeoTiff]:
    """An AtomicGeoTiff on the source's grid for each spec; none left behind if one cannot be created."""
    writers: list[AtomicGeoTiff] = []
    try:
        for spec in specs:
            writers.append(AtomicGeoTiff(spec, source.width, source.height, source.transform, source.crs, block))
    except BaseException:
        for w in writers:
            w.abort()
        raise
    return writers


class AtomicGeoTiff:
    """A tiled, compressed GeoTIFF written to a temporary file and renamed into place on commit."""

    def __init__(self, spec: OutputSpec, width: int, height: int, transform, crs, block: int) -> None:
        self.spec = spec
        self.tmp_path = temporary_path(spec.path, ".tif")
        profile = {
            "driver": "GTiff",
            "width": width,
            "height": height,
            "count": spec.count,
            "dtype": spec.dtype,
            "nodata": spec.nodata,
            "crs": crs,
            "transform": transform,
            "compress": "deflate",
            "zlevel": 1,
            "predictor": 2 if np.dtype(spec.dtype).kind in "ui" else 3,
            "bigtiff": "if_safer",
        }
        if width > block or height > block:
            profile.update(tiled=True, blockxsize=block, blockysize=block)
        self.ds = rasterio.open(self.tmp_path, "w", **profile)
        for i, text in enumerate(spec.descriptions[: spec.count]):
            self.ds.set_band_description(i + 1, text)
        if spec.tags:
            self.ds.update_tags(**spec.tags)
        if spec.colormap:
            self.ds.write_colormap(1, spec.colormap)

    def write(self, data: np.ndarray, y: int, x: int, written: np.ndarray | None = None) -> None:
        self.ds.write(data, window=Window(x, y, data.shape[2], data.shape[1]))

    def close(self) -> None:
        """Finish writing (the file stays under its temporary name until commit)."""
        if not self.ds.closed:
            self.ds.close()

    def finish(self, transaction) -> None:
        """Close the file and hand it (and GDAL's side-car) to a transaction that commits all outputs."""
        self.close()
        transaction.add(self.tmp_path, self.spec.path)
        if os.path.exists(self.tmp_path + ".aux.xml"):
            transaction.add(self.tmp_path + ".aux.xml", self.spec.path + ".aux.xml")
        else:
            transaction.remove(self.spec.path + ".aux.xml")  # stale, from an earlier file of that name

    def abort(self) -> None:
        try:
            self.close()
        finally:
            for path in (self.tmp_path, self.tmp_path + ".aux.xml"):
                if os.path.exists(path):
                    os.unlink(path)
