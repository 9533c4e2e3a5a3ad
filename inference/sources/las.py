# SPDX-License-Identifier: GPL-2.0-or-later
"""Well logs from LAS files (lasio), one well per file, as series of depth samples."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..errors import InputError, examples
from ..progress import LogFn, quiet
from .series import Series, key
from .wells import check_depths


@dataclass
class LasFiles:
    """Well logs as LAS files, one well per file: files and folders of .las files, and the curves by mnemonic."""

    paths: Sequence[str]
    curves: tuple[str, ...] = ()  # in the model's order; empty: the model's band_names


def import_lasio() -> Any:
    """Import lasio (the LAS reader), or say how to install it into the Python that QGIS uses."""
    try:
        import lasio
    except ImportError:
        from ..system import qgis_python

        python = qgis_python()
        raise InputError(
            f"Reading LAS files needs the Python package lasio, which is not installed in the Python that QGIS uses "
            f"({python}). Install it with: {python} -m pip install --user lasio==0.32 (on Debian 12 and newer add "
            "--break-system-packages; on Windows run python -m pip install lasio==0.32 in the OSGeo4W Shell), then "
            "restart QGIS. Or give the logs as a table (well, depth, curves)."
        ) from None
    return lasio


def las_paths(paths: Sequence[str]) -> list[str]:
    """The LAS files given: files as they are, folders as their .las files (sorted); each file once."""
    out: list[str] = []
    seen: set[str] = set()
    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            found = sorted(
                os.path.join(path, n)
                for n in os.listdir(path)
                if n.lower().endswith(".las") and os.path.isfile(os.path.join(path, n))
            )
            if not found:
                raise InputError(f"The folder {path} holds no .las files; choose the folder of the LAS files.")
        elif os.path.isfile(path):
            found = [path]
        else:
            raise InputError(f"The LAS file {path} does not exist; check the path.")
        for name in found:
            real = os.path.normcase(os.path.realpath(name))
            if real not in seen:
                seen.add(real)
                out.append(name)
    if not out:
        raise InputError("No LAS files were given; give the files of the wells, or their folder.")
    return out


def _las_curve(las, name: str, well: str, path: str) -> np.ndarray:
    """The data of curve `name` (a mnemonic, any case) of an opened LAS file, as float64."""
    mnemonics = [c.mnemonic for c in las.curves]
    matches = [m for m in mnemonics if m == name] or [m for m in mnemonics if m.lower() == name.lower()]
    if not matches:  # lasio names a mnemonic given twice GR:1, GR:2
        matches = [m for m in mnemonics if m.split(":")[0].lower() == name.lower()]
    if len(matches) != 1:
        listed = ", ".join(mnemonics)
        if matches:
            raise InputError(
                f"Well '{well}' ({os.path.basename(path)}) has the curve '{name}' {len(matches)} times "
                f"({', '.join(matches)}); choose one of them by that name. Its curves: {listed}."
            )
        raise InputError(
            f"Well '{well}' ({os.path.basename(path)}) has no curve '{name}', which the model needs; its curves: "
            f"{listed}. Choose the curves by their LAS mnemonics, in the model's order."
        )
    try:
        return np.asarray(las[matches[0]], np.float64)
    except (TypeError, ValueError):
        raise InputError(
            f"The curve '{matches[0]}' of well '{well}' ({os.path.basename(path)}) holds text, not numbers."
        ) from None


def read_las(path: str, curves: Sequence[str]) -> tuple[str, np.ndarray, np.ndarray, str]:
    """One LAS file -> (well id, depths (n,), curves (n, F) with NaN at the file's NULL value, depth unit).

    The well id is the WELL header item, else the file name; the depths are the index (first)
    curve. A file logged upwards (every depth smaller than the one before) is turned over.
    """
    lasio = import_lasio()
    name = os.path.basename(path)
    try:
        las = lasio.read(path)  # the NULL value of the ~Well section becomes NaN
    except Exception as exc:  # noqa: BLE001 (lasio raises KeyError, ValueError, LASHeaderError, ...)
        detail = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc  # a KeyError's str() adds quotes
        raise InputError(
            f"The file {path} is not a LAS file that can be read ({detail}); give LAS 1.2 or 2.0 files (one well each)."
        ) from exc
    if len(las.curves) < 2 or las.data.size == 0:
        raise InputError(
            f"The LAS file {name} has no depth samples with log curves; give a LAS file with a ~Curve section "
            "(depth first) and data."
        )
    try:
        well = key(las.well["WELL"].value)
    except KeyError:
        well = None
    well = well or os.path.splitext(name)[0]
    depths = np.asarray(las.index, np.float64)
    values = np.stack([_las_curve(las, c, well, path) for c in curves], axis=1)
    if not np.isfinite(depths).all():
        i = int(np.flatnonzero(~np.isfinite(depths))[0])
        raise InputError(
            f"Sample {i + 1} of well '{well}' ({name}) has no depth (the NULL value in the depth curve "
            f"'{las.curves[0].mnemonic}'); every sample needs its depth."
        )
    if len(depths) > 1 and (np.diff(depths) < 0).all():
        depths, values = depths[::-1], values[::-1]
    check_depths(
        well,
        depths,
        lambda i: f"samples {i + 1} and {i + 2} of {name}",
        f"Fix the depth curve '{las.curves[0].mnemonic}' of {name}.",
    )
    unit = (las.index_unit or las.curves[0].unit or "").strip()
    return well, depths, values, unit


_DEPTH_METRES = {"M": 1.0, "FT": 0.3048, ".1IN": 0.00254}  # lasio's index_unit


def wells_from_las(
    paths: Sequence[str], curves: Sequence[str], nodata: float | None = None, log: LogFn | None = None
) -> Series:
    """LAS files (or folders of them), one well per file -> series per well, as `wells_from_table` gives them.

    Curves are taken by mnemonic (any case), in the order given; the LAS NULL value and `nodata`
    become NaN. Depths in feet and metres in one run are converted to the unit of the first well.
    """
    log = log or quiet
    curves = [c.strip() for c in curves if c and c.strip()]
    files = las_paths(paths)
    if not curves:
        raise InputError(
            "Give the curves the model takes, by their LAS mnemonics (such as GR, RHOB), in the model's order; "
            "the model's metadata names none (band_names)."
        )
    out: Series = {}
    source: dict[str, str] = {}
    units: dict[str, str] = {}
    for path in files:
        well, depths, values, unit = read_las(path, curves)
        if well in out:
            raise InputError(
                f"Well '{well}' is in two LAS files, {os.path.basename(source[well])} and {os.path.basename(path)} "
                "(the id is the WELL header item, else the file name); give each well one file, or fix its WELL item."
            )
        if nodata is not None:
            values[values == nodata] = np.nan
        out[well], source[well], units[well] = (depths, values), path, unit
    first = units[next(iter(out))]
    if len({u.upper() for u in units.values()}) > 1:
        if not all(u.upper() in _DEPTH_METRES for u in units.values()):
            shown = ", ".join(f"'{w}' in {u or 'no unit'}" for w, u in units.items())
            raise InputError(
                f"The depths of the LAS files are in different units ({shown}); give every well in one unit."
            )
        for well, (depths, values) in out.items():
            factor = _DEPTH_METRES[units[well].upper()] / _DEPTH_METRES[first.upper()]
            out[well] = (depths * factor, values)
        log(f"Depths of wells in other units were converted to {first}.")
    log(
        f"{len(out)} LAS file(s): well(s) {examples(list(out))}; curves {', '.join(curves)}; depths in "
        f"{first or 'an unnamed unit'}"
    )
    return out
