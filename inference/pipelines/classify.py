# SPDX-License-Identifier: GPL-2.0-or-later
""" "Classify raster": run an ONNX model over a raster (or a stack of layers) and write styled results.

The pipeline of the dialog, the Processing algorithm `lithoscope:classify`, the demo and scripts.
The model's contract (or, without one, its input shape) decides the model kind (kinds/): class
map with optional probabilities and polygons, a probability raster, regression values, latent
bands with a reconstruction error, or a filled raster. Parameters given here override the
contract, and make models without metadata usable.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Callable

from ..engine.plan import ExecutorSpec, Plan, RunStats
from ..engine.runner import execute
from ..engine.tiling import TileGrid
from ..engine.windows import probe
from ..errors import CancelledError, InputError, ModelError
from ..kinds.encoding import SequenceEncoding, resolve_encoding
from ..kinds.layouts import LAYOUT_SHAPES, RANK_LAYOUT
from ..kinds.sequences import plan_sequence, sample_units_warning
from ..kinds.tasks import build_kind, check_count, task_and_layout
from ..model.contract import ACTIVATIONS, ModelContract, read_contract
from ..model.registry import resolve_model
from ..model.session import open_model, optional_outputs
from ..outputs.files import OutputTransaction
from ..outputs.geotiff import check_geotiff_name, check_output_path, geotiff_writers
from ..outputs.locks import output_lock
from ..outputs.styles import categorized_qml, polygons_style_path, write_qml, write_style
from ..progress import CancelFn, LogFn, ProgressFn
from ..sources import terrain
from ..sources.base import EXTREME_VALUE, RasterLayer, VectorLayer
from ..sources.checks import band_range_warnings, extreme_value_warnings, training_range_warnings
from ..sources.derived import DerivedSource
from ..sources.raster import open_raster, open_source
from ..sources.stack import build_stack, coverage_warnings
from ..sources.vectors import crs_missing, no_crs_message
from .result import RunResult

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
    uncertainty_path: str | None = None  # a probability model's 'uncertainty' output (fold models in one graph)
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


def _mask_from_file(path: str, crs) -> list:
    import geopandas as gpd

    try:
        frame = gpd.read_file(path)
    except Exception as exc:
        raise InputError(f"Cannot read the mask polygons {path}: {exc}") from exc
    if frame.empty:
        raise InputError(
            f"The mask layer {path} has no features; nothing would be processed. Choose a mask layer with polygons, "
            "or leave the mask empty to process the whole raster."
        )
    if crs_missing(frame.crs):
        raise InputError(no_crs_message(f"The mask layer {os.path.basename(path)}"))
    frame = frame.to_crs(crs.to_wkt())
    return [g for g in frame.geometry if g is not None and not g.is_empty]


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


def _device_message(session) -> str:
    """Where onnxruntime runs the model, in a user's words (its first provider)."""
    first = (list(session.providers) or ["CPUExecutionProvider"])[0]
    if first == "CPUExecutionProvider":
        return "the CPU"
    if first == "CUDAExecutionProvider":
        return "the GPU (CUDA)"
    return first.replace("ExecutionProvider", "")


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
) -> RunResult:
    """Run a model over a raster; write the outputs atomically and style them (.qml)."""
    progress = progress or (lambda f: None)
    log = log or (lambda m: None)
    model_path = resolve_model(params.model)
    if not params.output_path or not str(params.output_path).strip():
        raise InputError("No output file was given; give the path of the class map to write (e.g. classes.tif).")
    open_raster(params.input_path).close()  # a missing or unreadable input is named before the outputs
    outputs = [
        p for p in (params.output_path, params.probabilities_path, params.polygons_path, params.uncertainty_path) if p
    ]
    check_geotiff_name(params.output_path)
    check_geotiff_name(params.probabilities_path, "probability output")
    check_geotiff_name(params.uncertainty_path, "uncertainty output")
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
    with output_lock(outputs, log):  # a raster's lock covers its .qml and .aux.xml too
        return _classify(params, model_path, progress, is_cancelled, log)


def _classify(params: ClassifyParams, model_path: str, progress: ProgressFn, is_cancelled, log: LogFn) -> RunResult:
    # A probability model's uncertainty output (its fold models) is left out of the session unless asked for.
    unasked = [] if params.uncertainty_path else optional_outputs(read_contract(model_path), ())
    session = open_model(model_path, params.device, params.threads, leave_out=unasked)
    contract = _run_contract(params, session.contract)
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
    encoding = _encoding(params, contract, session, source, layout, log)
    plan = _plan(params, model_path, session, contract, source, encoding, log)
    head = plan.kind.head
    stats, extras, polygons, styles = _write_outputs(params, plan, session, contract, progress, is_cancelled, log)
    if layout == "sequences" and stats.gaps.with_gaps:
        log(stats.gaps.summary("pixel(s)"))
    for warning in run_warnings(stats, contract):
        log(f"Warning: {warning}")
    progress(1.0)
    log(
        f"Done: {stats.valid_pixels:,} pixels written in {stats.total_seconds:.1f} s ({stats.inference_seconds:.1f} s "
        f"in the model; {stats.tiles} windows, {stats.tiles_skipped} of them empty)"
    )
    return RunResult.of(
        plan.kind,
        stats,
        contract,
        model_path,
        paths=list(stats.outputs),
        output_path=params.output_path,
        probabilities_path=head.probabilities_path,
        polygons_path=polygons,
        styles=styles,
        plots=extras,
    )


def _run_contract(params: ClassifyParams, contract: ModelContract) -> ModelContract:
    """The model's contract with the run's output activation, if one was given."""
    if not params.output_activation:
        return contract
    activation = str(params.output_activation).strip().lower()
    if activation not in ACTIVATIONS:
        raise InputError(
            f"Output activation '{params.output_activation}' is unknown; choose one of {', '.join(ACTIVATIONS)}."
        )
    return dataclasses.replace(contract, output_activation=activation)


def _encoding(params: ClassifyParams, contract: ModelContract, session, source, layout: str, log: LogFn):
    """How the source's bands become the model's feed: scaling (and one-hot), or a sequence's pre-processing."""
    if layout != "sequences":
        check_count(contract.band_count, source.count, "band(s)", contract, source.description)
        kinds = _band_kinds(params, contract, source)
        return resolve_encoding(params.band_offset, params.band_scale, contract, source, kinds, layout, log)
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
    return SequenceEncoding(prep)


def _plan(params: ClassifyParams, model_path: str, session, contract, source, encoding, log: LogFn) -> Plan:
    """The model kind for this raster, probed, and the plan of the run."""
    paths = {
        "output": params.output_path,
        "probabilities": params.probabilities_path,
        "uncertainty": params.uncertainty_path,
    }
    kind = build_kind(contract, session, paths, params.tags, source.description, encoding, source.dtype)
    log(f"Model {os.path.basename(model_path)} ({kind.task.replace('_', ' ')}), running on {_device_message(session)}")
    tile, overlap = _tile_and_overlap(params, contract, session, source, kind.layout, log)
    if kind.stitching == "none":
        overlap = 0
    size = f"{source.width:,} x {source.height:,} px"
    if kind.layout == "tiles":
        log(f"{size} in tiles of {tile} px overlapping by {overlap} px")
    else:  # per-pixel models: windows only bound the memory
        series = " (each pixel's series)" if kind.layout == "sequences" else ""
        log(f"{size}, pixel by pixel{series}, {tile} x {tile} px at a time")
    labels = tuple(session.class_labels)
    kind = probe(session, kind, encoding.features, tile, labels)
    return Plan(
        source=source,
        model_path=model_path,
        device=params.device,
        threads=params.threads,
        kind=kind,
        encoding=encoding,
        grid=TileGrid(source.height, source.width, tile, overlap),
        batch_size=session.fixed_batch or _batch_size(params, kind.layout, tile),
        labels=labels,
        nonfinite=params.nonfinite,
        read_dtype=kind.head.read_dtype,
    )


def _write_outputs(params: ClassifyParams, plan: Plan, session, contract, progress, is_cancelled, log):
    """Run the plan into the head's rasters, then polygons, styles and plots; commit all of them, or none.

    Returns (stats, plots, polygons path, style paths).
    """
    head = plan.kind.head
    polygons_wanted = bool(params.polygons_path and head.classes)
    share = 0.9 if polygons_wanted else 1.0
    executor = ExecutorSpec(params.executor or "local", params.scheduler or None, params.workers, params.chunk_size)
    transaction = OutputTransaction()
    polygons = None
    try:
        writers = geotiff_writers(head.output_specs(), plan.source, plan.block)
        stats = execute(
            plan,
            session,
            writers,
            executor,
            progress=lambda f: progress(share * f),
            is_cancelled=is_cancelled,
            log=log,
            transaction=transaction,
        )
        styles = []
        if polygons_wanted:
            polygons = _polygons(params, head, transaction, lambda f: progress(share + (1 - share) * f), is_cancelled)
            values, names, colors = (list(column) for column in zip(*head.classes))
            outline = categorized_qml("class_id", values, names, colors, opacity=1.0, fill=False)  # the map shows
            styles.append(write_style(polygons_style_path(polygons, params.output_path), outline, transaction))
        styles += [write_qml(path, qml, transaction) for path, qml in head.styles(stats.value_range)]
        extras = []
        if params.before_commit:
            extras = params.before_commit(transaction, plan.source, head, contract, plan.encoding)
        if is_cancelled and is_cancelled():
            raise CancelledError()
        transaction.commit()
    except BaseException:
        transaction.abort()
        raise
    return stats, extras, polygons, styles


def _polygons(params: ClassifyParams, head, transaction, progress, is_cancelled) -> str:
    """The class polygons, traced from the class map under its temporary name, joining the transaction."""
    from ..outputs.polygons import polygonize_classes

    class_map_tmp = next(tmp for tmp, target in transaction.pairs if target == params.output_path)
    by_value = [""] * (max(value for value, _, _ in head.classes) + 1)
    for value, name, _ in head.classes:
        by_value[value] = name
    return polygonize_classes(
        class_map_tmp,
        params.polygons_path,
        by_value,
        progress=progress,
        is_cancelled=is_cancelled,
        transaction=transaction,
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
    _plausibility(params, contract, source, log)
    return _derived(contract, source, log)


def _derived(contract: ModelContract, source, log: LogFn):
    """The source with the bands the model computes of others (contract band_derived), when the run gives only the
    others; else the source as it is (the bands given are counted against the model's later)."""
    names = tuple(contract.band_names)
    given = [n for n in names if n not in contract.band_derived]
    if not contract.band_derived or source.count != len(given) or source.count == len(names):
        return source
    crs = getattr(source, "crs", None)
    geographic = crs is not None and crs.is_geographic
    if not geographic and (crs is None or not crs.is_projected or abs(float(crs.linear_units_factor[1]) - 1.0) > 1e-9):
        what = ", ".join(f"{b} ({f} of {o})" for b, (f, o) in contract.band_derived.items())
        raise InputError(
            f"The model computes {what} from the raster, which needs a grid in metres or in degrees of latitude and "
            f"longitude; {source.description} is {'in ' + crs.to_string() if crs else 'without a CRS'}. Reproject "
            "it to a projected CRS in metres first (Raster > Projections > Warp), or give every band of the model."
        )
    recipe = tuple(
        (contract.band_derived[n][0], given.index(contract.band_derived[n][1])) if n in contract.band_derived
        else ("", given.index(n))
        for n in names
    )  # fmt: skip
    factors = tuple(f for f, _ in recipe if f)
    res = (abs(float(source.transform.a)), abs(float(source.transform.e)))
    halo = terrain.halo_for(factors)
    log(
        "Computed from the raster per window: "
        + ", ".join(f"{n} ({f} of {o})" for n, (f, o) in contract.band_derived.items())
        + f", with a halo of {halo} px"
    )
    ellipsoid = None
    if geographic:  # cell sizes in metres per window, at its latitude, on the CRS's ellipsoid
        from pyproj import CRS

        geod = CRS.from_wkt(crs.to_wkt()).get_geod()
        ellipsoid = (float(geod.a), float(geod.f))
        log("The raster is in degrees: its cells are measured in metres at each window's latitude")
    return DerivedSource(source, recipe, names, res, halo, ellipsoid)


def _plausibility(params: ClassifyParams, contract: ModelContract, source, log: LogFn) -> None:
    """Warn, before the run, of values that read as nodata (-3.4e38 undeclared) or do not fit the model's bands."""
    declared = params.nodata is not None and abs(params.nodata) >= EXTREME_VALUE  # the user's NODATA says so
    rasters = [] if declared else [params.input_path]
    rasters += [layer.path for layer in params.layers or () if isinstance(layer, RasterLayer)]
    for warning in extreme_value_warnings(rasters):
        log(f"Warning: {warning}")
    if not params.layers and contract.band_names and len(contract.band_names) == source.count:
        for warning in band_range_warnings(params.input_path, source.bands, contract.band_names):
            log(f"Warning: {warning[0].upper()}{warning[1:]}")
    if not params.layers and len(contract.band_ranges) == source.count:
        names = contract.band_names or ()
        for warning in training_range_warnings(params.input_path, source.bands, names, contract.band_ranges):
            log(f"Warning: {warning}")
