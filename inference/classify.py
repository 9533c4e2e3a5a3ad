# SPDX-License-Identifier: GPL-2.0-or-later
""" "Classify raster": run an ONNX model over a raster and write styled results.

The one entry point for the dialog, the Processing algorithm `lithoscope:classify`, the demo
and scripts. The model's contract decides the kind of output (class map with optional
probabilities and polygons, a probability raster, or regression values); parameters given
here override the contract, and make models without metadata usable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from .contract import ModelContract
from .engine import CancelFn, LogFn, ProgressFn, RunStats, Scaling, TaskAdapter, TiledRunner
from .errors import InputError
from .raster_io import band_statistics, check_output_path, open_source
from .registry import resolve_model
from .session import open_model
from .style import paletted_qml, pseudocolor_qml, write_qml
from .tasks import ClassesAdapter, ProbabilityAdapter, ValuesAdapter

DEFAULT_TILE = 256


@dataclass
class ClassifyParams:
    """Everything a classification run needs, as plain values.

    tile_size 0/None and overlap None mean "from the model" (else 256 px and tile/8).
    band_offset/band_scale (native units, x' = (x - offset) / scale) override the model's.
    mask_geometries are shapely polygons in the raster's CRS; mask_path a vector file.
    """

    input_path: str
    model: str
    output_path: str
    probabilities_path: str | None = None
    polygons_path: str | None = None
    bands: tuple[int, ...] | None = None
    extent: tuple[float, float, float, float] | None = None
    mask_geometries: list | None = None
    mask_path: str | None = None
    tile_size: int | None = None
    overlap: int | None = None
    batch_size: int = 4
    band_offset: tuple[float, ...] | None = None
    band_scale: tuple[float, ...] | None = None
    nodata: float | None = None
    device: str = "auto"
    threads: int = 0
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class ClassifyResult:
    """Paths written and what they mean."""

    output_kind: str
    output_path: str
    probabilities_path: str | None
    polygons_path: str | None
    class_names: list[str]
    class_colors: list[str]
    styles: list[str]
    stats: RunStats
    model_path: str
    contract: ModelContract


def _mask_from_file(path: str, crs) -> list:
    import geopandas as gpd

    try:
        frame = gpd.read_file(path)
    except Exception as exc:
        raise InputError(f"Cannot read the mask polygons {path}: {exc}") from None
    if frame.empty:
        raise InputError(f"The mask layer {path} has no features; nothing would be processed.")
    if frame.crs is None:
        raise InputError(f"The mask layer {path} has no coordinate reference system; assign one and run again.")
    frame = frame.to_crs(crs.to_wkt())
    return [g for g in frame.geometry if g is not None and not g.is_empty]


def resolve_scaling(params: ClassifyParams, contract: ModelContract, source, log: LogFn) -> Scaling:
    """Input scaling: the parameters, else the model's metadata, else a documented default."""
    n = source.count
    fill = contract.nodata_fill
    if params.band_offset is not None or params.band_scale is not None:
        offset = np.asarray(params.band_offset if params.band_offset is not None else [0.0], np.float64)
        scale = np.asarray(params.band_scale if params.band_scale is not None else [1.0], np.float64)
        origin = "the parameters"
    elif contract.band_offset is not None:
        offset = np.asarray(contract.band_offset, np.float64)
        scale = np.asarray(contract.band_scale, np.float64)
        origin = "Deepness metadata (after /255)" if contract.deepness_scaling else "the model metadata"
    elif source.dtype == "uint8":
        offset, scale = np.zeros(1), np.full(1, 255.0)
        origin = "the default for 8-bit imagery (divide by 255)"
    else:
        offset, scale = band_statistics(source)
        origin = "the raster's own statistics (standardised per band), as the model gives no scaling"
    if offset.size == 1:
        offset = np.repeat(offset, n)
    if scale.size == 1:
        scale = np.repeat(scale, n)
    if offset.size != n or scale.size != n:
        raise InputError(
            f"Scaling gives {offset.size} offsets and {scale.size} scales for {n} band(s); give one per band."
        )
    if np.any(scale == 0):
        raise InputError("A band scale of 0 was given; scales must be non-zero.")
    log(f"Input scaling from {origin}: offset {np.round(offset, 4).tolist()}, scale {np.round(scale, 4).tolist()}")
    return Scaling(offset=offset, scale=scale, fill=fill)


def _tile_and_overlap(params: ClassifyParams, contract: ModelContract, session, source, log: LogFn) -> tuple[int, int]:
    fixed = session.fixed_tile
    tile = params.tile_size or fixed or contract.tile_size or DEFAULT_TILE
    if fixed and tile != fixed:
        log(f"The model only accepts {fixed}x{fixed} tiles; using {fixed} instead of {tile}.")
        tile = fixed
    overlap = params.overlap if params.overlap is not None else contract.tile_overlap
    if overlap is None:
        overlap = tile // 8
    if not fixed and max(source.width, source.height) < tile:
        # The whole area fits in one tile: shrink it (to a multiple of 32, which most CNNs need).
        tile = max(32, -(-max(source.width, source.height) // 32) * 32)
        overlap = min(overlap, tile // 2)
    return int(tile), int(overlap)


def _check_resolution(contract: ModelContract, source, log: LogFn) -> None:
    if not contract.resolution_m or not source.crs.is_projected:
        return
    res = abs(source.transform.a)
    ratio = res / contract.resolution_m
    if ratio > 1.5 or ratio < 1 / 1.5:
        log(
            f"Warning: the raster has {res:g} m pixels but the model was trained on {contract.resolution_m:g} m; "
            "results may be poor. Resample the raster to the model's resolution for best results."
        )


def run_classify(
    params: ClassifyParams,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    log: LogFn | None = None,
) -> ClassifyResult:
    """Run a model over a raster; write the outputs atomically and style them (.qml)."""
    progress = progress or (lambda f: None)
    log = log or (lambda m: None)
    model_path = resolve_model(params.model)
    outputs = [p for p in (params.output_path, params.probabilities_path, params.polygons_path) if p]
    for path in outputs:
        check_output_path(path, params.input_path)
    if len({os.path.abspath(p) for p in outputs}) != len(outputs):
        raise InputError("Two outputs have the same file name; give each output its own file.")
    if params.polygons_path and not params.polygons_path.lower().endswith(".gpkg"):
        raise InputError(f"The polygon output {params.polygons_path} must be a GeoPackage (.gpkg).")
    if params.mask_geometries is not None and not params.mask_geometries:
        raise InputError("The mask layer has no polygons; nothing would be processed. Choose another layer.")

    session = open_model(model_path, params.device, params.threads)
    contract = session.contract
    source = open_source(params.input_path, params.bands, params.extent, params.mask_geometries, params.nodata)
    source.extra_nodata = contract.input_nodata
    if params.mask_path:
        source.mask_geometries += _mask_from_file(params.mask_path, source.crs)
    log(
        f"Model {os.path.basename(model_path)} ({contract.task}, {contract.output_kind}) "
        f"on {', '.join(session.providers)}"
    )
    _check_resolution(contract, source, log)
    scaling = resolve_scaling(params, contract, source, log)
    tile, overlap = _tile_and_overlap(params, contract, session, source, log)
    log(f"{source.width}x{source.height} px in tiles of {tile} px overlapping by {overlap} px")

    adapter: TaskAdapter
    if contract.output_kind == "values":
        adapter = ValuesAdapter(contract, params.output_path, params.tags)
    elif contract.output_kind == "probability":
        adapter = ProbabilityAdapter(contract, params.output_path, params.tags)
    else:
        adapter = ClassesAdapter(contract, params.output_path, params.probabilities_path, params.tags)
    share = 0.9 if params.polygons_path and contract.output_kind == "classes" else 1.0
    runner = TiledRunner(
        source,
        session,
        adapter,
        scaling,
        tile,
        overlap,
        params.batch_size,
        progress=lambda f: progress(share * f),
        is_cancelled=is_cancelled,
        log=log,
    )
    stats = runner.run()

    styles: list[str] = []
    names: list[str] = []
    colors: list[str] = []
    polygons = None
    if isinstance(adapter, ClassesAdapter):
        names = adapter.names
        colors = [contract.class_color(i) for i in range(len(names))]
        styles.append(write_qml(params.output_path, paletted_qml(names, colors)))
        if params.probabilities_path:
            styles.append(write_qml(params.probabilities_path, pseudocolor_qml(0.0, 1.0)))
        if params.polygons_path:
            from .polygons import polygonize_classes

            polygons = polygonize_classes(
                params.output_path,
                params.polygons_path,
                names,
                progress=lambda f: progress(share + (1 - share) * f),
                is_cancelled=is_cancelled,
            )
    elif isinstance(adapter, ProbabilityAdapter):
        styles.append(write_qml(params.output_path, pseudocolor_qml(0.0, 1.0)))
    else:
        styles.append(write_qml(params.output_path, pseudocolor_qml(adapter.minimum, adapter.maximum)))
    progress(1.0)
    log(
        f"Done: {stats.tiles} tiles ({stats.tiles_skipped} skipped as empty), {stats.valid_pixels} valid pixels, "
        f"{stats.total_seconds:.1f} s ({stats.inference_seconds:.1f} s in the model)"
    )
    return ClassifyResult(
        output_kind=contract.output_kind,
        output_path=params.output_path,
        probabilities_path=params.probabilities_path if isinstance(adapter, ClassesAdapter) else None,
        polygons_path=polygons,
        class_names=names,
        class_colors=colors,
        styles=styles,
        stats=stats,
        model_path=model_path,
        contract=contract,
    )
