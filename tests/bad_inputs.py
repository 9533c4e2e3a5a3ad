# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers of the bad-input suite (tests/qgis/test_bad_input_suite.py): run an algorithm through
Processing and check what the issue "Crash-proof outputs and no silent garbage" asks of a refusal.

A refusal must be a QgsProcessingException (not another exception, not a crash) whose message names
the problem and the fix, carries no Python traceback or repr, and leaves every watched folder exactly
as it was: no output, no temporary (`.lithoscope-*`) or lock (`*.lithoscope-lock`) file, every input
and every earlier output byte-identical. A warning case must log the warning and give a correct result.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
from qgis.core import QgsProcessingException, QgsProcessingFeedback

# Signs of a Python traceback or of an exception's repr in a message meant for the user.
TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|\b[A-Za-z_]\w*(Error|Exception): "
    r"|<[\w.]+ object at 0x[0-9a-f]+>|\b(errno|Errno) \d+\]"
)
LEFTOVER = re.compile(r"^\.lithoscope-|\.lithoscope-lock$")


class Feedback(QgsProcessingFeedback):
    """A feedback that keeps its info, warning and error lines."""

    def __init__(self) -> None:
        super().__init__()
        self.infos: list[str] = []
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def pushInfo(self, info: str) -> None:  # noqa: N802 (QGIS API)
        self.infos.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning: str) -> None:  # noqa: N802 (QGIS API)
        self.warnings.append(warning)
        super().pushWarning(warning)

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N802,N803 (QGIS API)
        self.errors.append(error)
        super().reportError(error, fatalError)


def sha(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tree(folders: Iterable[str]) -> dict[str, str]:
    """Every file under the folders (recursively, hidden ones too) -> its hash."""
    files: dict[str, str] = {}
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    files[path] = sha(path)
    return files


def leftovers(folders: Iterable[str]) -> list[str]:
    """Temporary and lock files of Lithoscope left in the folders."""
    found = []
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            found += [os.path.join(root, n) for n in names if LEFTOVER.search(n)]
    return sorted(found)


@dataclass
class Snapshot:
    """The files of some folders (and some single paths) before a run, to say what the run changed."""

    folders: list[str]
    paths: list[str] = field(default_factory=list)
    before: dict[str, str] = field(init=False)
    existed: dict[str, bool] = field(init=False)

    def __post_init__(self) -> None:
        self.folders = [f for f in dict.fromkeys(self.folders) if f and os.path.isdir(f)]
        self.before = tree(self.folders)
        self.existed = {p: os.path.exists(p) for p in self.paths}

    def changes(self) -> list[str]:
        after = tree(self.folders)
        out = [f"written: {p}" for p in sorted(set(after) - set(self.before))]
        out += [f"removed: {p}" for p in sorted(set(self.before) - set(after))]
        out += [f"changed: {p}" for p in sorted(set(after) & set(self.before)) if after[p] != self.before[p]]
        out += [f"written: {p}" for p, was in self.existed.items() if not was and os.path.exists(p)]
        return out


def message_problems(message: str, problem: str, fix: str) -> list[str]:
    """What is wrong with a refusal's message: the problem or the fix not named, a traceback or repr in it."""
    wrong = []
    if not re.search(problem, message, re.I | re.S):
        wrong.append(f"the message does not name the problem (/{problem}/)")
    if not re.search(fix, message, re.I | re.S):
        wrong.append(f"the message does not name the fix (/{fix}/)")
    sign = TRACEBACK.search(message)
    if sign:
        wrong.append(f"the message shows a traceback or repr ({sign.group(0)!r})")
    return wrong


def run(algorithm: str, params: dict, feedback=None) -> tuple[Any, BaseException | None]:
    from qgis import processing

    try:
        return processing.run(algorithm, params, feedback=feedback), None
    except BaseException as exc:  # noqa: BLE001 (any exception type is a finding here)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)) or type(exc).__name__ == "Failed":
            raise
        return None, exc


def assert_refused(
    algorithm: str,
    params: dict,
    problem: str,
    fix: str,
    watch: Iterable[str],
    paths: Iterable[str] = (),
) -> str:
    """Run `algorithm`; it must be refused as the issue says. Returns the message.

    `problem` and `fix`: regular expressions (case-insensitive) the message must match; `watch`: folders
    whose files must be left as they were; `paths`: outputs outside those folders that must not appear.
    """
    watch = list(watch)
    snapshot = Snapshot(watch, list(paths))
    feedback = Feedback()
    result, exc = run(algorithm, params, feedback)
    changes = snapshot.changes()
    stale = leftovers(snapshot.folders)
    wrong: list[str] = []
    if exc is None:
        wrong.append(f"the run was not refused; it returned {result!r}")
        message = ""
    else:
        message = str(exc)
        if "Failed: Timeout (>" in message:  # pytest-timeout stopped the run; QGIS wrapped that in its exception
            assert not changes, f"{algorithm}: still running when the test's timeout stopped it; " + "; ".join(changes)
            raise AssertionError(f"{algorithm}: not refused quickly: still running when the test's timeout stopped it")
        if not isinstance(exc, QgsProcessingException):
            wrong.append(f"the run failed with {type(exc).__name__}, not QgsProcessingException")
        wrong += message_problems(message, problem, fix)
    for line in feedback.errors:
        sign = TRACEBACK.search(line)
        if sign:
            wrong.append(f"the log shows a traceback or repr ({sign.group(0)!r}): {line[:300]}")
    wrong += [f"leftover: {p}" for p in stale if f"written: {p}" not in changes]
    wrong += changes
    assert not wrong, f"{algorithm}: " + "; ".join(wrong) + f"\nMESSAGE: {message[:1500]}"
    return message


def assert_warned(algorithm: str, params: dict, warning: str) -> tuple[dict, Any]:
    """Run `algorithm`; it must succeed and warn (a feedback warning matching `warning`, case-insensitive)."""
    feedback = Feedback()
    result, exc = run(algorithm, params, feedback)
    assert exc is None, f"{algorithm} failed with {type(exc).__name__}: {exc}"
    shown = feedback.warnings + feedback.infos
    assert any(re.search(warning, line, re.I | re.S) for line in feedback.warnings), (
        f"{algorithm}: no warning matches /{warning}/; the log was:\n" + "\n".join(shown)[-3000:]
    )
    return result, feedback


def assert_said(algorithm: str, params: dict, pattern: str) -> list[str]:
    """Run `algorithm`; it must succeed and say (an info or a warning line) what `pattern` matches."""
    feedback = Feedback()
    result, exc = run(algorithm, params, feedback)
    assert exc is None, f"{algorithm} failed with {type(exc).__name__}: {exc}"
    shown = feedback.warnings + feedback.infos
    lines = [line for line in shown if re.search(pattern, line, re.I | re.S)]
    assert lines, f"{algorithm}: no log line matches /{pattern}/; the log was:\n" + "\n".join(shown)[-3000:]
    return lines


# -- bad files ---------------------------------------------------------------------------------------------


def empty_file(path: str) -> str:
    open(path, "wb").close()
    return str(path)


def text_file(path: str, text: str = "this is not what the name says\n" * 20) -> str:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return str(path)


def truncated_copy(source: str, path: str, fraction: float = 0.5) -> str:
    data = open(source, "rb").read()
    with open(path, "wb") as f:
        f.write(data[: max(1, int(len(data) * fraction))])
    return str(path)


def copy(source: str, path: str) -> str:
    shutil.copyfile(source, path)
    return str(path)


def vector(path: str, geometries: list, crs: str | None = "EPSG:32633", **columns) -> str:
    """A GeoPackage (or any OGR file by extension) of shapely geometries with columns; no CRS when crs is None."""
    from osgeo import ogr, osr

    ogr.UseExceptions()
    driver = {".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".geojson": "GeoJSON", ".json": "GeoJSON"}[
        os.path.splitext(str(path))[1].lower()
    ]
    srs = None
    if crs:
        srs = osr.SpatialReference()
        srs.SetFromUserInput(crs)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    kind = ogr.wkbUnknown
    if geometries:
        kind = {"Point": ogr.wkbPoint, "Polygon": ogr.wkbPolygon, "LineString": ogr.wkbLineString}[
            geometries[0].geom_type
        ]
    layer = ds.CreateLayer(os.path.splitext(os.path.basename(str(path)))[0], srs=srs, geom_type=kind)
    for name, values in columns.items():
        sample = next((v for v in values if v is not None), 0.0)
        if isinstance(sample, str):
            kind_ = ogr.OFTString
        elif isinstance(sample, (int, np.integer)) and not isinstance(sample, bool):
            kind_ = ogr.OFTInteger
        else:
            kind_ = ogr.OFTReal
        layer.CreateField(ogr.FieldDefn(name, kind_))
    for i, geometry in enumerate(geometries):
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, values in columns.items():
            value = values[i]
            if value is None:
                continue
            feature.SetField(name, value.item() if isinstance(value, np.generic) else value)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(geometry.wkb))
        layer.CreateFeature(feature)
    del layer, ds
    return str(path)


def csv_file(path: str, header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)
