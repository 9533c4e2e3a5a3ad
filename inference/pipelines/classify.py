# SPDX-License-Identifier: GPL-2.0-or-later
"""[from classify.py] "Classify raster": run an ONNX model over a raster (or a stack of layers) and write styled results.

The one entry point for the dialog, the Processing algorithm `lithoscope:classify`, the demo
and scripts. The model's contract (or, without one, its input shape) decides the model kind
(see kinds.py): class map with optional probabilities and polygons, a probability raster,
regression values, latent bands with a reconstruction error, or a filled raster. Parameters
given here override the contract, and make models without metadata usable.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..engine.plan import ExecutorSpec, Plan, RunStats
from ..engine.runner import execute
from ..engine.windows import probe
from ..errors import CancelledError, InputError, ModelError
from ..kinds.encoding import Encoding, SequenceEncoding
from ..kinds.heads import ClassesHead, FillHead, LatentHead, ProbabilityHead
from ..kinds.layouts import LAYOUT_SHAPES, RANK_LAYOUT
from ..kinds.sequences import plan_sequence, sample_units_warning
from ..kinds.tasks import build_kind, check_count, task_and_layout
from ..model.contract import ACTIVATIONS, ModelContract
from ..model.registry import resolve_model
from ..model.session import open_model
from ..outputs.files import OutputTransaction
from ..outputs.geotiff import check_output_path
from ..outputs.locks import output_lock
from ..outputs.styles import paletted_qml, pseudocolor_qml, write_qml
from ..progress import CancelFn, LogFn, ProgressFn
from ..sources.base import RasterLayer, VectorLayer
from ..sources.raster import band_statistics, open_raster, open_source
from ..sources.stack import build_stack, coverage_warnings

DEFAULT_TILE = 256


NONFINITE = ("fail", "mask")


@dataclass
class ClassifyParams:
    """Everything a classification run needs, as plain values.

    tile_size 0/None and overlap None mean "from the model" (else 256 px and tile/8).
    band_offset/band_scale (native units, x' = (x - offset) / scale) override the model's.
    mask_geometries are shapely polygons in the raster's CRS; mask_path a vector file.
    layers: further rasters and vectors stacked after the input's bands, read onto its grid.
    executor "local" or "dask" (scheduler: address of a running cluster, else a LocalCluster
    of `workers` processes).
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
    layers: list[RasterLayer | VectorLayer] | None = None
    executor: str = "local"
    scheduler: str | None = None
    workers: int = 2
    band_kinds: tuple[str, ...] | None = None  # continuous | categorical per band of the input (or stack)
    chunk_size: int = 2048  # pixels a side of a Dask chunk (whole tiles)
    output_activation: str | None = None  # none | softmax | sigmoid: overrides the model's
    nonfinite: str = "fail"  # NaN or infinity from the model: "fail" the run or "mask" the pixels as nodata
    layout: str | None = None  # the layout the caller runs ("sequences" for sequence tools); others are refused
    # More files to commit with the outputs (plots): called as before_commit(transaction, source, head, contract,
    # encoding) once the outputs are written under temporary names; returns the paths it added.
    before_commit: Callable[..., list[str]] | None = None


@dataclass
class ClassifyResult:
    """Paths written and what they mean."""

    output_kind: str
    task: str
    output_path: str
    probabilities_path: str | None
    polygons_path: str | None
    class_names: list[str]
    class_colors: list[str]
    class_values: list[int]  # the value of each class in the class map (its label, or its index)
    styles: list[str]
    stats: RunStats
    model_path: str
    contract: ModelContract
    extras: list[str] = field(default_factory=list)  # files of before_commit (plots)


def _mask_from_file(path: str, crs) -> list:
    import geopandas as gpd

    try:
        frame = gpd.read_file(path)
    except Exception as exc:
        raise InputError(f"Cannot read the mask polygons {path}: {exc}") from None
    if frame.empty:
        raise InputError(f"The mask layer {path} has no features; nothing would be processed.")
    if frame.crs is None or str(frame.crs.name).lower().startswith("undefined"):
        raise InputError(
            f"The mask layer {path} has no coordinate reference system; assign one (layer Properties > Source) "
            "and run again."
        )
    frame = frame.to_crs(crs.to_wkt())
    return [g for g in frame.geometry if g is not None and not g.is_empty]


def resolve_encoding(
    params: ClassifyParams, contract: ModelContract, source, kinds: tuple, layout: str, log: LogFn
) -> Encoding:
    """Input scaling and encoding: the parameters, else the model's metadata, else a documented default.

    Categorical bands are never standardised: without explicit scaling they pass as their
    codes, and the contract's band_categories turns them into one-hot features.
    """
    n = source.count
    fill = contract.nodata_fill
    categorical = np.array([k == "categorical" for k in kinds], bool) if kinds else np.zeros(n, bool)
    if params.band_offset is not None or params.band_scale is not None:
        offset = np.asarray(params.band_offset if params.band_offset is not None else [0.0], np.float64)
        scale = np.asarray(params.band_scale if params.band_scale is not None else [1.0], np.float64)
        origin = "the parameters"
    elif contract.band_offset is not None:
        offset = np.asarray(contract.band_offset, np.float64)
        scale = np.asarray(contract.band_scale, np.float64)
        origin = "Deepness metadata (after /255)" if contract.deepness_scaling else "the model metadata"
    elif layout != "tiles":
        # A per-pixel model without scaling keys (scikit-learn, say) was trained on raw values; any
        # scaling it needs is inside its graph (a StandardScaler step), so guessing one would be wrong.
        offset, scale = np.zeros(1), np.ones(1)
        origin = "none (a per-pixel model without scaling keys gets the raw values)"
    else:
        offset, scale, origin = _default_scaling(source, categorical)
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
    if not (np.isfinite(offset).all() and np.isfinite(scale).all()):
        raise InputError(f"The input scaling from {origin} holds NaN or infinity; give finite offsets and scales.")
    with np.errstate(over="ignore", divide="ignore"):
        single = np.concatenate([offset, 1.0 / scale]).astype(np.float32)
    if not np.isfinite(single).all() or np.any(np.abs(scale) > 1e30):
        raise InputError(
            f"The input scaling from {origin} (offset {offset.tolist()}, scale {scale.tolist()}) is out of the range "
            "a model's float32 input can hold; give offsets and scales in the raster's units."
        )
    log(f"Input scaling from {origin}: offset {np.round(offset, 4).tolist()}, scale {np.round(scale, 4).tolist()}")
    categories = {}
    names = list(contract.band_names) or list(source.band_names)
    for key, values in contract.band_categories.items():
        index = names.index(key) if key in names else (int(key) if key.isascii() and key.isdigit() else None)
        if index is None or index >= n:
            raise InputError(f"The model one-hot encodes band '{key}', which the input does not have.")
        categories[index] = values
    return Encoding(offset, scale, fill, categories)


def _default_scaling(source, categorical: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    if source.dtype == "uint8":
        offset, scale = np.zeros(len(categorical)), np.full(len(categorical), 255.0)
        scale[categorical] = 1.0
        return offset, scale, "the default for 8-bit imagery (divide by 255; categorical bands as codes)"
    offset, scale = band_statistics(source)
    offset[categorical], scale[categorical] = 0.0, 1.0
    return offset, scale, "the input's own statistics (standardised per band; categorical bands as codes)"


# A recurrent model's memory grows with the series fed per call (onnxruntime keeps every step's
# hidden state): 4 tiles of 256 x 256 px were 262,144 series and 1.7-2.6 GB peak for a small GRU,
# against 0.6 GB at one tile, at the same speed (bench/bench_sequence.py). Sequence runs are fed
# at most this many series per call, or one tile when a tile holds more (a TILE_SIZE above 256 px).
SEQUENCE_SERIES_PER_CALL = 65536


def _batch_size(params: ClassifyParams, layout: str, tile: int) -> int:
    """Tiles per model call: the run's batch size; for sequence models at most SEQUENCE_SERIES_PER_CALL
    series (but never less than one tile)."""
    size = max(1, int(params.batch_size))
    if layout == "sequences":
        size = max(1, min(size, SEQUENCE_SERIES_PER_CALL // (tile * tile)))
    return size


def _tile_and_overlap(
    params: ClassifyParams, contract: ModelContract, session, source, layout: str, log: LogFn
) -> tuple[int, int]:
    if layout != "tiles":
        # Per-pixel models: windows of whole pixels, no overlap (nothing to blend).
        tile = params.tile_size or DEFAULT_TILE
        if max(source.width, source.height) < tile:
            tile = max(8, max(source.width, source.height))
        return int(tile), 0
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
    if not params.output_path or not str(params.output_path).strip():
        raise InputError("No output file was given; give the path of the class map to write (e.g. classes.tif).")
    open_raster(params.input_path).close()  # a missing or unreadable input is named before the outputs
    outputs = [p for p in (params.output_path, params.probabilities_path, params.polygons_path) if p]
    for path in outputs:
        check_output_path(path, params.input_path)
        for layer in params.layers or ():
            check_output_path(path, layer.path)
    if len({os.path.abspath(p) for p in outputs}) != len(outputs):
        raise InputError("Two outputs have the same file name; give each output its own file.")
    if params.polygons_path and not params.polygons_path.lower().endswith(".gpkg"):
        raise InputError(f"The polygon output {params.polygons_path} must be a GeoPackage (.gpkg).")
    if params.mask_geometries is not None and not params.mask_geometries:
        raise InputError("The mask layer has no polygons; nothing would be processed. Choose another layer.")
    with output_lock(outputs):  # a raster's lock covers its .qml and .aux.xml too
        return _classify(params, model_path, progress, is_cancelled, log)


def _classify(
    params: ClassifyParams, model_path: str, progress: ProgressFn, is_cancelled, log: LogFn
) -> ClassifyResult:
    session = open_model(model_path, params.device, params.threads)
    contract = session.contract
    if params.output_activation:
        activation = str(params.output_activation).strip().lower()
        if activation not in ACTIVATIONS:
            raise InputError(
                f"Output activation '{params.output_activation}' is unknown; choose one of {', '.join(ACTIVATIONS)}."
            )
        contract = dataclasses.replace(contract, output_activation=activation)
    if params.nonfinite not in NONFINITE:
        raise InputError(f"NONFINITE must be one of {', '.join(NONFINITE)}, not '{params.nonfinite}'.")
    layout = RANK_LAYOUT.get(session.inputs[0].rank, "tiles")
    if params.layout and layout != params.layout:
        shape = list(session.inputs[0].shape)
        raise ModelError(
            f"The model {os.path.basename(model_path)} takes input of shape {shape}, not {params.layout} "
            f"{LAYOUT_SHAPES.get(params.layout, '')}; run it with Classify raster instead."
        )
    source = _open_input(params, contract, log)
    _check_resolution(contract, source, log)
    paths = {"output": params.output_path, "probabilities": params.probabilities_path}
    if layout == "sequences":
        task_and_layout(contract, session)  # a model that is no sequence model is named as such first
        prep = plan_sequence(
            contract,
            session.inputs[0].shape,
            bands=source.count,
            offset=params.band_offset,
            scale=params.band_scale,
            what=f"the stack '{source.description}'",
        )
        log(prep.describe())
        source.gaps_as_nan = True  # nodata steps reach the pre-processing as NaN
        warning = sample_units_warning(source, prep)  # NDVI as 0..1 to a model of NDVI x 10000, say
        if warning:
            log(f"Warning: {warning}")
        encoding = SequenceEncoding(prep)
    else:
        check_count(contract.band_count, source.count, "band(s)", contract, source.description)
        kinds = _band_kinds(params, contract, source)
        encoding = resolve_encoding(params, contract, source, kinds, layout, log)
    kind = build_kind(contract, session, paths, params.tags, source.description, encoding, source.dtype)
    log(f"Model {os.path.basename(model_path)} ({kind.task}) on {', '.join(session.providers)}")
    tile, overlap = _tile_and_overlap(params, contract, session, source, kind.layout, log)
    if kind.stitching == "none":
        overlap = 0
    log(
        f"{kind.task} model ({kind.layout}, stitching: {kind.stitching}) over {source.width}x{source.height} px "
        f"in windows of {tile} px overlapping by {overlap} px"
    )
    from ..engine.tiling import TileGrid

    plan = Plan(
        source=source,
        model_path=model_path,
        device=params.device,
        threads=params.threads,
        kind=kind,
        encoding=encoding,
        grid=TileGrid(source.height, source.width, tile, overlap),
        batch_size=session.fixed_batch or _batch_size(params, kind.layout, tile),
        labels=tuple(session.class_labels),
        nonfinite=params.nonfinite,
        read_dtype=getattr(kind.head, "output_dtype", "float32"),
    )
    probe(plan, session)
    head = kind.head
    is_classes = isinstance(head, ClassesHead)
    share = 0.9 if params.polygons_path and is_classes else 1.0
    executor = ExecutorSpec(params.executor or "local", params.scheduler or None, params.workers, params.chunk_size)
    transaction = OutputTransaction()
    names: list[str] = []
    colors: list[str] = []
    polygons = None
    try:
        stats = execute(
            plan,
            session,
            head.output_specs(),
            executor,
            progress=lambda f: progress(share * f),
            is_cancelled=is_cancelled,
            log=log,
            transaction=transaction,
        )
        if is_classes and params.polygons_path:
            from ..outputs.polygons import polygonize_classes

            class_map_tmp = next(tmp for tmp, target in transaction.pairs if target == params.output_path)
            by_value = [""] * (max(head.values) + 1)
            for value, name in zip(head.values, head.names):
                by_value[value] = name
            polygons = polygonize_classes(
                class_map_tmp,
                params.polygons_path,
                by_value,
                progress=lambda f: progress(share + (1 - share) * f),
                is_cancelled=is_cancelled,
                transaction=transaction,
            )
        styles = _write_styles(params, contract, head, transaction)
        extras = params.before_commit(transaction, source, head, contract, encoding) if params.before_commit else []
        if is_classes:
            names = head.names
            colors = [contract.class_color(i) for i in range(len(names))]
        if is_cancelled and is_cancelled():
            raise CancelledError()
        transaction.commit()
    except BaseException:
        transaction.abort()
        raise
    if layout == "sequences" and stats.gaps.with_gaps:
        log(stats.gaps.summary("pixel(s)"))
    for warning in run_warnings(stats, contract):
        log(f"Warning: {warning}")
    progress(1.0)
    log(
        f"Done: {stats.tiles} windows ({stats.tiles_skipped} skipped as empty), {stats.valid_pixels} pixels written, "
        f"{stats.total_seconds:.1f} s ({stats.inference_seconds:.1f} s in the model, executor {stats.executor})"
    )
    output_kind = {ClassesHead: "classes", ProbabilityHead: "probability", LatentHead: "latent", FillHead: "filled"}
    return ClassifyResult(
        output_kind=output_kind.get(type(head), "values"),
        task=kind.task,
        output_path=params.output_path,
        probabilities_path=head.probabilities_path if is_classes else None,
        polygons_path=polygons,
        class_names=names,
        class_colors=colors,
        class_values=list(head.values) if is_classes else [],
        styles=styles,
        stats=stats,
        model_path=model_path,
        contract=contract,
        extras=extras,
    )


def _band_kinds(params: ClassifyParams, contract: ModelContract, source) -> tuple[str, ...]:
    """Kind of each band: the parameter, else the model's metadata, else the source's (vectors categorical)."""
    if params.band_kinds:
        kinds = tuple(str(k).strip().lower() for k in params.band_kinds)
        if len(kinds) != source.count or any(k not in ("continuous", "categorical") for k in kinds):
            raise InputError(
                f"Band kinds {list(params.band_kinds)} must give continuous or categorical for each of the "
                f"{source.count} band(s)."
            )
        return kinds
    if len(contract.band_kinds) == source.count:
        return contract.band_kinds
    return tuple(source.band_kinds)


def run_warnings(stats: RunStats, contract: ModelContract) -> list[str]:
    """What a user should know about a finished run: masked NaN pixels, logits taken for probabilities."""
    out = []
    if stats.nonfinite_pixels:
        out.append(f"{stats.nonfinite_pixels} pixel(s) where the model gave NaN or infinity were written as nodata.")
    low, high = stats.probability_min, stats.probability_max
    if low <= high and (low < -1e-3 or high > 1 + 1e-3):
        fix = "softmax (several classes) or sigmoid (one class)"
        out.append(
            f"The probabilities range from {low:.3g} to {high:.3g}, outside 0 to 1: the model most likely outputs "
            f"logits (output_activation is '{contract.output_activation}'). Set the output activation to {fix}: the "
            "run parameter OUTPUT_ACTIVATION, or output_activation in the model metadata (Set model metadata)."
        )
    return out


def _write_styles(params: ClassifyParams, contract: ModelContract, head, transaction) -> list[str]:
    """The .qml styles of the outputs, committed with them."""
    if isinstance(head, ClassesHead):
        colors = [contract.class_color(i) for i in range(len(head.names))]
        styles = [write_qml(params.output_path, paletted_qml(head.names, colors, values=head.values), transaction)]
        if head.probabilities_path:
            styles.append(write_qml(params.probabilities_path, pseudocolor_qml(0.0, 1.0), transaction))
        return styles
    if isinstance(head, ProbabilityHead):
        return [write_qml(params.output_path, pseudocolor_qml(0.0, 1.0), transaction)]
    if isinstance(head, LatentHead):
        qml = pseudocolor_qml(head.minimum, head.maximum, head.channels, "reconstruction error")
        return [write_qml(params.output_path, qml, transaction)]
    return [write_qml(params.output_path, pseudocolor_qml(head.minimum, head.maximum), transaction)]


def _open_input(params: ClassifyParams, contract: ModelContract, log: LogFn):
    """The source of a run: the input raster alone, or with further layers as an aligned stack."""
    if params.layers:
        layers = [RasterLayer(params.input_path, params.bands, nodata=params.nodata)] + list(params.layers)
        source = build_stack(layers, params.extent, params.mask_geometries)
        for warning in coverage_warnings(source):
            log(f"Warning: {warning}")
        log(
            f"Stack of {source.count} band(s) on the grid of {os.path.basename(params.input_path)}: "
            + ", ".join(f"{n} ({k})" for n, k in zip(source.band_names, source.band_kinds))
        )
    else:
        source = open_source(params.input_path, params.bands, params.extent, params.mask_geometries, params.nodata)
    source.extra_nodata = contract.input_nodata
    if params.mask_path:
        source.mask_geometries += _mask_from_file(params.mask_path, source.crs)
    return source
