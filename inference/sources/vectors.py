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


def read_vector_frame(layer: VectorLayer):
    import geopandas as gpd

    if not os.path.exists(layer.path):
        raise InputError(f"Vector layer not found: {layer.path}")
    try:
        frame = gpd.read_file(layer.path, layer=layer.layer) if layer.layer else gpd.read_file(layer.path)
    except Exception as exc:
        raise InputError(f"Cannot read the vector layer {layer.path}: {exc}") from exc
    if frame.crs is None:
        raise InputError(
            f"The vector layer '{os.path.basename(layer.path)}' has no coordinate reference system; assign one "
            "(layer Properties > Source) and run again."
        )
    if layer.field and layer.field not in frame.columns:
        fields = ", ".join(c for c in frame.columns if c != "geometry")
        raise InputError(
            f"The vector layer '{os.path.basename(layer.path)}' has no field '{layer.field}' (fields: {fields})."
        )
    return frame


def field_codes(layer: VectorLayer, frame) -> dict[str, int]:
    """Codes 1..n for the text values of a field (sorted), so that each class has a number."""
    if not layer.field or frame[layer.field].dtype.kind in "iufb":
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
    else:
        values = frame[layer.field].astype(float).fillna(0.0).to_numpy()
    geometries = list(frame.geometry)
    return LoadedVector(geometries, values, codes or {}, spatial_index(geometries) if geometries else None)
