# SPDX-License-Identifier: GPL-2.0-or-later
"""Vector layers read for a stack: reprojected once per process, values by field (text as codes
1..n), and the spatial index used to rasterise each window.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from .base import VectorLayer


def layer_stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


@dataclass
class LoadedVector:
    """A vector layer read and reprojected once per process (not shipped between processes)."""

    geometries: list
    values: np.ndarray
    codes: dict[str, int]
    tree: Any


def spatial_index(geometries: list) -> Any:
    from shapely.strtree import STRtree

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return STRtree(geometries)


def query_boxes(tree: Any, geometries: list, bounds: tuple[float, float, float, float]) -> list[int]:
    """Indices of the geometries whose boxes meet `bounds` (shapely 1.8 and 2 alike)."""
    from shapely.geometry import box

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hits = tree.query(box(*bounds))
    if len(hits) and hasattr(hits[0], "geom_type"):  # shapely 1.8 returns geometries
        ids = {id(g): j for j, g in enumerate(geometries)}
        return [ids[id(g)] for g in hits]
    return [int(j) for j in hits]


def crs_missing(crs: Any) -> bool:
    """Whether a vector file declares no CRS: none at all, or the "Undefined geographic/cartesian SRS" that
    GeoPackages without one carry (and QGIS shows as a valid CRS)."""
    return crs is None or str(getattr(crs, "name", "") or "").lower().startswith("undefined")


def no_crs_message(what: str) -> str:
    return (
        f"{what} has no coordinate reference system, so its features cannot be placed on the grid. Assign one (layer "
        "Properties > Source > Assigned coordinate reference system, then Export > Save Features As) and run again."
    )


def read_vector_frame(layer: VectorLayer):
    import geopandas as gpd

    if not os.path.exists(layer.path):
        raise InputError(f"Vector layer not found: {layer.path}")
    try:
        frame = gpd.read_file(layer.path, layer=layer.layer) if layer.layer else gpd.read_file(layer.path)
    except Exception as exc:
        raise InputError(f"Cannot read the vector layer {layer.path}: {exc}") from exc
    if crs_missing(frame.crs):
        raise InputError(no_crs_message(f"The vector layer '{os.path.basename(layer.path)}'"))
    if layer.field and layer.field not in frame.columns:
        fields = ", ".join(c for c in frame.columns if c != "geometry")
        raise InputError(
            f"The vector layer '{os.path.basename(layer.path)}' has no field '{layer.field}' (fields: {fields})."
        )
    return frame


def field_codes(layer: VectorLayer, frame) -> dict[str, int]:
    """Codes 1..n for the text values of a field (sorted), so that each class has a number.

    A categorical field of decimal numbers (areas, say) is refused: each value would become a class of its own.
    """
    if not layer.field:
        return {}
    column = frame[layer.field]
    if column.dtype.kind == "f" and layer.kind == "categorical":
        values = column.dropna().to_numpy()
        fraction = values[np.abs(values - np.round(values)) > 0]
        if len(fraction):
            name = os.path.basename(layer.path)
            raise InputError(
                f"The field '{layer.field}' of '{name}' holds decimal numbers ({fraction[0]:g}, ...), not category "
                f"codes: burned as categories, each value would be a class of its own. Choose a text or integer "
                "field of classes (lithology, unit code), or burn the field as a continuous band."
            )
    if column.dtype.kind in "iufb":
        return {}
    values = sorted({str(v) for v in frame[layer.field].dropna()})
    return {v: k + 1 for k, v in enumerate(values)}


def load_vector(layer: VectorLayer, crs: Any, codes: dict[str, int] | None) -> LoadedVector:
    frame = read_vector_frame(layer).to_crs(crs.to_wkt())
    keep = frame.geometry.notna() & ~frame.geometry.is_empty
    frame = frame[keep]
    if layer.field is None:
        values = np.ones(len(frame), np.float64)
    elif codes:
        values = np.array([codes.get(str(v), 0) for v in frame[layer.field]], np.float64)
    else:  # numbers: an empty value is 0 in a categorical field (no class), NaN (no value) in a continuous one
        values = frame[layer.field].astype(float)
        values = (values.fillna(0.0) if layer.kind == "categorical" else values).to_numpy()
    geometries = list(frame.geometry)
    return LoadedVector(geometries, values, codes or {}, spatial_index(geometries) if geometries else None)


def check_vector_file(path: str) -> None:
    """Refuse a vector file that is missing, empty or not one OGR reads, naming the fix."""
    name = os.path.basename(path)
    if not os.path.exists(path):
        raise InputError(f"The vector file {path} does not exist; check the path, or choose the layer again.")
    if os.path.isfile(path) and os.path.getsize(path) == 0:
        raise InputError(
            f"The vector file '{name}' is empty (0 bytes): it was not written completely. Save or export it again, "
            "or choose another file."
        )
    from osgeo import gdal

    try:
        ds = gdal.OpenEx(path, gdal.OF_VECTOR)
    except RuntimeError as exc:
        ds, detail = None, f" ({exc})"
    else:
        detail = ""
    if ds is None or ds.GetLayerCount() == 0:
        raise InputError(
            f"'{name}' is not a vector layer OGR can read{detail}. Choose a vector file (GeoPackage, Shapefile, "
            "GeoJSON), or export the layer again (right-click > Export > Save Features As)."
        )
