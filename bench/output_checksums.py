# SPDX-License-Identifier: GPL-2.0-or-later
"""Checksums of a run's outputs by content, not by file bytes: to show that a change left results as they were.

Rasters by their pixels, data type, grid, nodata and band descriptions (GeoTIFF headers also hold
timestamps and software versions); vector layers by their fields and geometries (WKB) per feature;
CSV, QML, JSON and HTML as text with the output folder's path taken out; ONNX models by their
graph and metadata with the output folder's path taken out (the metadata names the training files); PNG and .qgz
files are listed but not compared (matplotlib and QGIS embed versions and dates).

    .venv/bin/python bench/output_checksums.py demo_output > after.txt
    .venv/bin/python bench/output_checksums.py /tmp/demo_before --compare after.txt
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys

SKIPPED = (".png", ".qgz", ".aux.xml")


def _raster(path: str) -> str:
    import rasterio

    h = hashlib.sha256()
    with rasterio.open(path) as ds:
        h.update(repr((ds.dtypes, ds.transform, str(ds.crs), ds.nodatavals, ds.descriptions, ds.shape)).encode())
        h.update(ds.read().tobytes())
    return h.hexdigest()[:16]


def _vector(path: str) -> str:
    from osgeo import ogr

    h = hashlib.sha256()
    ds = ogr.Open(path)
    for i in range(ds.GetLayerCount()):
        layer = ds.GetLayer(i)
        defn = layer.GetLayerDefn()
        h.update(repr([defn.GetFieldDefn(j).GetName() for j in range(defn.GetFieldCount())]).encode())
        for feature in layer:
            h.update(repr([feature.GetField(j) for j in range(defn.GetFieldCount())]).encode())
            geometry = feature.GetGeometryRef()
            h.update(geometry.ExportToWkb() if geometry is not None else b"")
    return h.hexdigest()[:16]


def _onnx(path: str, folder: str) -> str:
    import onnx

    model = onnx.load(path)
    h = hashlib.sha256(model.graph.SerializeToString())
    for prop in sorted(model.metadata_props, key=lambda p: p.key):
        h.update(f"{prop.key}={prop.value.replace(os.path.abspath(folder), '<out>')}".encode())
    return h.hexdigest()[:16]


def _text(path: str, folder: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read().replace(os.path.abspath(folder), "<out>")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def checksums(folder: str) -> dict[str, str]:
    """name -> checksum of every output in `folder` (or 'not compared')."""
    out = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        lower = name.lower()
        if lower.endswith(SKIPPED):
            out[name] = "not compared"
        elif lower.endswith((".tif", ".tiff")):
            out[name] = _raster(path)
        elif lower.endswith(".gpkg"):
            out[name] = _vector(path)
        elif lower.endswith((".csv", ".qml", ".json", ".html", ".md")):
            out[name] = _text(path, folder)
        elif lower.endswith(".onnx"):
            out[name] = _onnx(path, folder)
        else:
            with open(path, "rb") as f:
                data = f.read().replace(os.path.abspath(folder).encode(), b"<out>")
            out[name] = hashlib.sha256(data).hexdigest()[:16]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("--compare", help="a listing printed before; exit 1 if any checksum differs")
    args = ap.parse_args()
    sums = checksums(args.folder)
    if not args.compare:
        for name, value in sums.items():
            print(f"{value}  {name}")
        return 0
    with open(args.compare, encoding="utf-8") as f:
        other = dict(reversed(line.rstrip("\n").split("  ", 1)) for line in f if line.strip())
    differ = 0
    for name in sorted(set(sums) | set(other)):
        a, b = sums.get(name, "missing"), other.get(name, "missing")
        same = a == b
        differ += not same
        print(f"{'same   ' if same else 'DIFFERS'}  {name}  {a}  {b}")
    compared = sum(1 for v in sums.values() if v != "not compared")
    print(f"{compared} outputs compared by content, {differ} differ", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
