# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility from factors and an inventory: `train()` and `predict()`.

train: samples (inventory.py) -> cross-validation of the chosen model for each validation kind
(validation.py), every model type compared on the same folds (`compare_models`) -> the chosen model
fitted on all samples -> ONNX with the Lithoscope contract, a metrics JSON and the HTML report. The
fold models of the spatial (else the random) validation (a temporal validation alone has one fold, so a
random cross-validation is run for them) go into the same ONNX graph as the final model, which then
gives the uncertainty too (`uncertainty`: the std of their probabilities; TrainParams.uncertainty), and
are written as separate files (name.foldN.onnx) only when asked (TrainParams.keep_fold_models). The
contract records the factors' names and kinds, the codes of text categories (`factor_text_codes`)
and the category codes seen in training (`factor_categories`). All files are renamed into place
together, or none (inference.files.OutputTransaction); fold models of an earlier run beyond the
current count are removed in the same commit.

predict: the factors are matched to the model by name first (`match_factors`): the same factors in
another order are read in the model's order, missing or extra ones are refused, and so are text
categories coded differently from training; pixels holding a category never seen in training are
counted and reported as warnings. Then the engine (inference.classify.run_classify) -> probability
raster; optionally the class raster (classes.py) with a CSV table per class beside it, and the
uncertainty raster: the standard deviation of the fold models' probabilities, in the same pass over
the factors when the model holds its fold models (older models with separate fold files: one run per
fold model, then the spread window by window). With mapping units the output is a copy of the unit
layer (GeoPackage) with fields susceptibility, class, class_name (and uncertainty). Again all
outputs are committed together, or none.
"""

from __future__ import annotations

import contextlib
import dataclasses
import glob
import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..inference.errors import CancelledError, InputError
from ..inference.model.registry import resolve_model
from ..inference.outputs.files import OutputTransaction, temporary_path
from ..inference.outputs.geotiff import check_output_path
from ..inference.outputs.locks import output_lock
from ..inference.outputs.styles import pseudocolor_qml, write_qml
from ..inference.sources.raster import open_raster
from . import classes as cls
from .factors import CATEGORICAL, FactorsResult
from .inventory import Samples, classes_at

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]
LogFn = Callable[[str], None]
METRICS_VERSION = 1


@dataclass
class TrainParams:
    """Everything a training run needs, as plain values."""

    factors_path: str | None  # None: mapping units whose own fields are the factors
    inventory_path: str | None  # None: mapping units labelled by a field of theirs
    model_path: str
    report_path: str | None = None
    metrics_path: str | None = None
    model_type: str = "random_forest"
    validation: tuple[str, ...] = ("random", "spatial")
    folds: int = 5
    year_field: str | None = None
    label_field: str | None = None  # 0/1 labels: the inventory's points are used as given
    inventory_layer: str | None = None
    study_area_path: str | None = None
    mapping_units_path: str | None = None
    units_layer: str | None = None  # the layer of a multi-layer file (GeoPackage) of mapping units
    unit_spec: Any = None  # units.UnitSpec: the units' own fields, geometry and statistics as factors
    unit_label_field: str | None = None  # 0/1 on the units
    unit_count_field: str | None = None  # landslides per unit (presence = count > 0)
    absence_ratio: float = 1.0
    buffer_m: float | None = None
    seed: int = 0
    spatial_method: str = "blocks"
    temporal_split: float | None = None  # a decimal year: train on landslides before it, test on those from it on
    categorical_encoding: str = "onehot"
    compare_models: bool = True
    area_samples: int = 20_000  # random pixels standing for the area (rate curves, class shares)
    uncertainty: bool = True  # the model holds its fold models (one graph) and gives the uncertainty map
    keep_fold_models: bool = False  # also write each fold model as its own file (name.foldN.onnx)


@dataclass
class TrainResult:
    model_path: str
    metrics: dict
    validations: list
    samples_info: dict
    report_path: str | None
    fold_model_paths: list[str]
    metrics_path: str | None = None
    report_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def fold_model_path(model_path: str, fold: int) -> str:
    """The ONNX of cross-validation fold `fold` (1-based), beside the model."""
    stem, ext = os.path.splitext(model_path)
    return f"{stem}.fold{fold}{ext or '.onnx'}"


def stale_fold_models(model_path: str, count: int) -> list[str]:
    """Fold models beside `model_path` numbered above `count` (left by an earlier run with more folds)."""
    stem, ext = os.path.splitext(model_path)
    ext = ext or ".onnx"
    pattern = re.compile(re.escape(os.path.basename(stem)) + r"\.fold(\d+)" + re.escape(ext) + "$")
    found = []
    for path in glob.glob(glob.escape(stem) + ".fold*" + glob.escape(ext)):
        match = pattern.match(os.path.basename(path))
        if match and int(match.group(1)) > count:
            found.append(path)
    return sorted(found)


def _check_outputs(pairs: list[tuple[str | None, tuple[str, ...], str]], inputs: list[str | None]) -> list[str]:
    paths = []
    for path, suffixes, what in pairs:
        if not path:
            continue
        if not path.lower().endswith(suffixes):
            raise InputError(f"The {what} must be a {'/'.join(suffixes)} file: {path}")
        for source in inputs:
            if source:
                check_output_path(path, source)
        paths.append(path)
    if len({os.path.abspath(p) for p in paths}) != len(paths):
        raise InputError("Two outputs have the same file name; give each output its own file.")
    return paths


def train(
    params: TrainParams,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    log: LogFn | None = None,
) -> TrainResult:
    """Train, validate and export a susceptibility model (see the module docstring)."""
    from .models import MODEL_TYPES, import_sklearn
    from .validation import SPATIAL_METHODS, VALIDATION_KINDS

    import_sklearn()
    progress = progress or (lambda f: None)
    log = log or (lambda m: None)
    if params.model_type not in MODEL_TYPES:
        raise InputError(f"Model type '{params.model_type}' is unknown; choose one of {', '.join(MODEL_TYPES)}.")
    kinds = tuple(dict.fromkeys(params.validation or ()))
    if not kinds or any(k not in VALIDATION_KINDS for k in kinds):
        raise InputError(f"Validation must be one or more of {', '.join(VALIDATION_KINDS)}, not {list(kinds)}.")
    if params.spatial_method not in SPATIAL_METHODS:
        raise InputError(f"Spatial method must be {' or '.join(SPATIAL_METHODS)}, not '{params.spatial_method}'.")
    if "temporal" in kinds and not params.year_field:
        raise InputError("Temporal validation needs the inventory's year or date field (YEAR_FIELD).")
    if not params.model_path:
        raise InputError("No model file was given; give the path of the .onnx file to write.")
    if not params.factors_path and not params.mapping_units_path:
        raise InputError("Give the factors raster (or mapping units whose fields are the factors).")
    if not params.inventory_path and not (params.unit_label_field or params.unit_count_field):
        raise InputError(
            "Give the landslide inventory (or, with mapping units, the units' label or count field)."
            if params.mapping_units_path
            else "Give the landslide inventory."
        )
    inputs = [params.factors_path, params.inventory_path, params.study_area_path, params.mapping_units_path]
    outputs = _check_outputs(
        [
            (params.model_path, (".onnx",), "model output"),
            (params.report_path, (".html", ".htm"), "report output"),
            (params.metrics_path, (".json",), "metrics output"),
        ],
        inputs,
    )
    kept = params.folds if params.keep_fold_models else 0
    outputs += [fold_model_path(params.model_path, k + 1) for k in range(kept)]
    outputs += stale_fold_models(params.model_path, kept)  # an earlier run's fold files would not match the model
    from ..inference.sources.checks import extreme_value_warnings

    for warning in extreme_value_warnings([params.factors_path] if params.factors_path else []):  # said, not silent
        log(f"Warning: {warning}")
    with output_lock(outputs, log):
        return _train(params, kinds, progress, is_cancelled or (lambda: False), log)


def _samples(params: TrainParams, log: LogFn) -> Samples:
    from .inventory import load_samples
    from .units import load_unit_samples

    if params.mapping_units_path:
        return load_unit_samples(
            params.factors_path,
            params.inventory_path,
            params.mapping_units_path,
            spec=params.unit_spec,
            layer=params.inventory_layer,
            units_layer=params.units_layer,
            year_field=params.year_field,
            label_field=params.label_field,
            unit_label_field=params.unit_label_field,
            unit_count_field=params.unit_count_field,
            log=log,
        )
    return load_samples(
        params.factors_path,
        params.inventory_path,
        layer=params.inventory_layer,
        year_field=params.year_field,
        label_field=params.label_field,
        study_area_path=params.study_area_path,
        absence_ratio=params.absence_ratio,
        buffer_m=params.buffer_m,
        seed=params.seed,
        log=log,
    )


@dataclass
class _Trained:
    """What a training run found, before any file is written."""

    samples: Samples
    validations: list  # one ValidationResult per validation kind, in the order asked for
    fold_kind: str  # the validation whose folds give the uncertainty map's fold models
    fold_models: list
    compared: dict[str, dict[str, float]]  # model type -> validation kind -> mean AUC
    final: Any  # the chosen model fitted on all samples
    success_rate: tuple  # (% area, % training landslides, AUC)
    chosen: Any  # the validation whose prediction-rate curve is reported
    warnings: list[str]
    class_rows: list[dict]  # landslides per class by the final model: the training fit
    classes_note: str
    held_out_rows: list[dict] = field(
        default_factory=list
    )  # each landslide classed by the fold model that did not see it
    spatial_other: Any = None  # the other spatial fold method's validation (blocks beside k-means), for the report


@dataclass
class _Contract:
    """What every exported model (the final one and each fold's) records beside its factors."""

    description: str
    training_data: dict
    metrics: dict
    text_codes: dict[str, dict[str, int]]
    categories: dict[str, list[float]]
    unit_features: dict | None = None  # how mapping units get their features (units.UnitTable.record)


def _train(params: TrainParams, kinds: tuple, progress: ProgressFn, is_cancelled: CancelFn, log: LogFn) -> TrainResult:
    """Samples -> validations -> the model fitted on all samples -> every output written together."""
    from .factors import read_factor_info
    from .models import fit_model
    from .validation import success_rate

    samples, splits, area_X, area_km2 = _prepare_samples(params, kinds, progress, log)
    # The fold models of the uncertainty map: spatial, else random folds (a temporal split has one fold only).
    fold_kind = "spatial" if "spatial" in kinds else "random"
    validations = _validate(params, kinds, samples, splits, area_X, fold_kind, progress, is_cancelled, log)
    wanted = params.uncertainty or params.keep_fold_models
    fold_models = _fold_models(params, kinds, samples, validations, fold_kind, is_cancelled, log) if wanted else []
    compared = _compare_models(params, kinds, samples, splits, validations, progress, is_cancelled, log)
    spatial_other = None
    if "spatial" in kinds:
        spatial_other = _other_spatial(
            params, kinds, samples, area_X, is_cancelled, lambda f: progress(0.75 + 0.1 * f), log
        )
    if is_cancelled():
        raise CancelledError()
    log(f"Fitting the final model on all {len(samples.y)} samples")
    progress(0.85)
    final = fit_model(params.model_type, samples.X, samples.y, samples.kinds, params.categorical_encoding, params.seed)
    trained = _Trained(
        samples=samples,
        validations=validations,
        fold_kind=fold_kind,
        fold_models=fold_models,
        compared=compared,
        final=final,
        success_rate=success_rate(final, samples, area_X),
        chosen=next((v for v in validations if v.kind == fold_kind), validations[0]),
        warnings=[w for v in validations for w in v.warnings],
        class_rows=_estimated_classes(final, samples, area_X, area_km2),
        classes_note=_classes_note(params, len(area_X)),
        spatial_other=spatial_other,
    )
    progress(0.92)
    if fold_kind in kinds:
        trained.held_out_rows = _held_out_classes(trained.chosen, trained.class_rows, samples, area_X)
    metrics = _metrics(params, trained)
    factor_info = read_factor_info(params.factors_path) if params.factors_path else None
    text_codes = dict(factor_info.text_codes) if factor_info else {}
    record = samples.info.get("unit_features")
    if record:
        text_codes.update(record["text_codes"])
    contract = _contract(params, trained, text_codes)
    missing = factor_info.missing if factor_info else {}
    fold_paths, report_files = _write_training(params, kinds, trained, metrics, contract, missing, is_cancelled)
    progress(1.0)
    size = metrics.get("onnx_size_mb", {})
    megabytes = f"{size.get('model', 0):.1f}"
    if size.get("fold_models_in_model"):
        log(
            f"Model written to {params.model_path} ({megabytes} MB, holding {len(trained.fold_models)} fold models "
            f"for the uncertainty; {len(fold_paths)} fold model file(s) beside it)"
        )
    else:
        log(f"Model written to {params.model_path} ({megabytes} MB; {len(fold_paths)} fold model file(s) beside it)")
    return TrainResult(
        model_path=params.model_path,
        metrics=metrics,
        validations=validations,
        samples_info=samples.info,
        report_path=params.report_path,
        fold_model_paths=fold_paths,
        metrics_path=params.metrics_path,
        report_files=report_files,
        warnings=trained.warnings,
    )


def _prepare_samples(
    params: TrainParams, kinds: tuple, progress: ProgressFn, log: LogFn
) -> tuple[Samples, dict, np.ndarray, float]:
    """The samples, the folds of each validation kind, and the area's sample with the area in km²."""
    from .inventory import area_sample
    from .validation import check_folds, make_split

    samples = _samples(params, log)
    info = samples.info
    log(
        f"Samples: {info['presences']} landslide(s), {info['absences']} absence(s) "
        f"({info.get('dropped_nodata', 0)} dropped for missing factor values)"
    )
    check_folds(samples, params.folds)
    splits = {
        k: make_split(samples, k, params.folds, params.seed, params.spatial_method, params.temporal_split)
        for k in kinds
    }
    progress(0.1)
    if params.mapping_units_path:
        area_X, area_km2 = samples.X, math.nan  # the units stand for the area, each counted once
    else:
        area_X, area_km2 = area_sample(params.factors_path, params.area_samples, params.study_area_path, params.seed)
    return samples, splits, area_X, area_km2


def _validate(
    params: TrainParams,
    kinds: tuple,
    samples: Samples,
    splits: dict,
    area_X: np.ndarray,
    fold_kind: str,
    progress: ProgressFn,
    is_cancelled: CancelFn,
    log: LogFn,
) -> list:
    """Cross-validate the chosen model type once per validation kind; the `fold_kind` run keeps its fold models."""

    validations = []
    for i, kind in enumerate(kinds):
        validations.append(
            _cross_validate(
                params,
                samples,
                splits[kind],
                keep_models=kind == fold_kind,
                area_X=area_X,
                is_cancelled=is_cancelled,
                log=log,
                progress=lambda f, i=i: progress(0.1 + 0.4 * (i + f) / len(kinds)),
            )
        )
        if kind == "spatial":
            validations[-1].method = params.spatial_method
    return validations


def _cross_validate(params: TrainParams, samples: Samples, split, model_type: str | None = None, **options):
    """validation.cross_validate with the run's model type (unless another is given), seed and encoding."""
    from .validation import cross_validate

    return cross_validate(
        samples,
        split,
        model_type or params.model_type,
        seed=params.seed,
        categorical_encoding=params.categorical_encoding,
        **options,
    )


def _fold_models(
    params: TrainParams,
    kinds: tuple,
    samples: Samples,
    validations: list,
    fold_kind: str,
    is_cancelled: CancelFn,
    log: LogFn,
) -> list:
    """The fold models of the uncertainty map: those of the `fold_kind` validation, else of random folds."""
    from .validation import make_split

    if fold_kind in kinds:
        return next(v for v in validations if v.kind == fold_kind).fold_models
    log("Temporal validation has one fold: the fold models of the uncertainty map come from random folds.")
    return _cross_validate(
        params,
        samples,
        make_split(samples, "random", params.folds, params.seed),
        importance=False,
        baseline=False,
        keep_models=True,
        is_cancelled=is_cancelled,
    ).fold_models


def _other_spatial(
    params: TrainParams,
    kinds: tuple,
    samples: Samples,
    area_X,
    is_cancelled: CancelFn,
    progress: ProgressFn,
    log: LogFn,
):
    """The spatial validation with the other fold method (k-means beside square blocks, or blocks beside k-means), so
    that the report shows both: they answer the same question with test ground nearer or farther from training."""
    from .validation import SPATIAL_METHODS, make_split

    other = next(m for m in SPATIAL_METHODS if m != params.spatial_method)
    words = {"kmeans": "k-means clusters", "blocks": "square blocks"}
    log(f"Spatial validation with {words.get(other, other)} too, for the report's side-by-side")
    result = _cross_validate(
        params,
        samples,
        make_split(samples, "spatial", params.folds, params.seed, other),
        importance=False,
        area_X=area_X,
        is_cancelled=is_cancelled,
        progress=progress,
    )
    result.method = other
    return result


def _held_out_classes(validation, fit_rows: list[dict], samples: Samples, area_X: np.ndarray) -> list[dict]:
    """Landslides per class as the maps of the fold models show them: each held-out landslide classed by the fold
    model that did not see it, with that model's own quantile breaks over the area. Skill, where the final model's
    table (fit_rows) is fit."""
    classes = []
    for fold, model in zip(validation.folds, validation.fold_models):
        area = model.predict_proba(area_X)[:, 1]
        inner = cls.compute_breaks(area, "quantile")
        held = fold.scores[samples.y[fold.test_index] == 1]
        classes.append(cls.classify(held, inner))
    if not classes:
        return []
    landslides = np.concatenate(classes)
    counts = np.array([row["area_pct"] for row in fit_rows], float)
    area_m2 = sum(row["area_km2"] for row in fit_rows) * 1e6
    pixel_m2 = area_m2 / max(counts.sum(), 1e-12)
    inner = np.array([row["upper"] for row in fit_rows[:-1]], float)
    rows = cls.class_table(counts, inner, pixel_m2, landslides)
    for row in rows:
        row["lower"] = row["upper"] = None  # each fold's map has breaks of its own
    return rows


def _compare_models(
    params: TrainParams,
    kinds: tuple,
    samples: Samples,
    splits: dict,
    validations: list,
    progress: ProgressFn,
    is_cancelled: CancelFn,
    log: LogFn,
) -> dict[str, dict[str, float]]:
    """Mean AUC per validation kind of the chosen model type and, when asked, of every other one on the same folds."""
    from .models import MODEL_LABELS, MODEL_TYPES

    compared: dict[str, dict[str, float]] = {params.model_type: {v.kind: v.mean_auc for v in validations}}
    if not params.compare_models:
        return compared
    others = [m for m in MODEL_TYPES if m != params.model_type]
    steps = len(others) * len(kinds)
    for j, other in enumerate(others):
        compared[other] = {}
        log(f"Comparing: {MODEL_LABELS[other]} on the same folds ({j + 1} of {len(others)})")
        for i, kind in enumerate(kinds):
            if is_cancelled():
                raise CancelledError()
            done = j * len(kinds) + i
            result = _cross_validate(
                params,
                samples,
                splits[kind],
                other,
                importance=False,
                baseline=False,
                is_cancelled=is_cancelled,
                progress=lambda f, done=done: progress(0.5 + 0.25 * (done + f) / steps),
            )
            compared[other][kind] = result.mean_auc
    return compared


def _classes_note(params: TrainParams, area_count: int) -> str:
    """How the report's class table was estimated, and where the map's own classes come from."""
    if params.mapping_units_path:
        return (
            f"Estimated with quantile breaks over the {area_count:,} mapping units at training time; the map's "
            "own classes are written by lithoscope:susceptibility (OUTPUT_UNITS)."
        )
    return (
        f"Estimated with quantile breaks on a sample of {area_count:,} pixels at training time; the map's own "
        "table, with the class method it uses, is written by lithoscope:susceptibility (OUTPUT_TABLE)."
    )


def _metrics(params: TrainParams, trained: _Trained) -> dict:
    """The metrics JSON of a training run."""
    from .models import CLASS_WEIGHT

    samples = trained.samples
    return {
        "version": METRICS_VERSION,
        "model_type": params.model_type,
        "validation": {
            **{v.kind: v.summary() for v in trained.validations},
            **(
                {f"spatial_{trained.spatial_other.method}": trained.spatial_other.summary()}
                if trained.spatial_other is not None
                else {}
            ),
        },
        "models": {m: {k: _r(a) for k, a in by_kind.items()} for m, by_kind in trained.compared.items()},
        "samples": _jsonable(samples.info),
        "class_weight": CLASS_WEIGHT,
        "categorical_encoding": params.categorical_encoding,
        "success_rate_auc": _r(trained.success_rate[2]),
        "prediction_rate_auc": _r(trained.chosen.prediction_rate_auc),
        "factors": {"names": samples.names, "kinds": samples.kinds},
        "fold_models": {
            "validation": trained.fold_kind,
            "count": len(trained.fold_models),
            "in_model": _uncertainty_in_graph(params, trained),
            "files": bool(params.keep_fold_models and trained.fold_models),
        },
        "forest": _forest_sizes(trained),
        # Landslides per class: held out (each by the fold model that did not see it), and the final model's fit.
        "classes": {
            "held_out": _jsonable_rows(trained.held_out_rows),
            "training_fit": _jsonable_rows(trained.class_rows),
        },
    }


def _uncertainty_in_graph(params: TrainParams, trained: _Trained) -> bool:
    """Whether the model file holds the fold models (two or more) and gives the uncertainty."""
    return bool(params.uncertainty and len(trained.fold_models) > 1)


def _forest_sizes(trained: _Trained) -> dict | None:
    """The leaf size and trees chosen by out-of-bag AUC for the final forest and each fold's (None: no forest)."""
    from .models import forest_size

    final = forest_size(trained.final)
    if final is None:
        return None
    return {"final": final, "folds": [forest_size(m) for m in trained.fold_models]}


def _jsonable_rows(rows: list[dict]) -> list[dict]:
    return [{k: (_r(v) if isinstance(v, float) else v) for k, v in row.items()} for row in rows]


def _contract(params: TrainParams, trained: _Trained, factor_text_codes: dict[str, dict[str, int]]) -> _Contract:
    """What the exported models record: their training data, metrics, text codes and the categories seen."""
    from .models import CLASS_WEIGHT, describe

    samples, info = trained.samples, trained.samples.info
    text_codes = {n: factor_text_codes[n] for n in samples.names if n in factor_text_codes}
    categories = {
        n: sorted({float(c) for c in samples.X[:, j]})
        for j, n in enumerate(samples.names)
        if samples.kinds[j] == CATEGORICAL
    }
    kept = len(trained.fold_models) if params.keep_fold_models else 0
    fold_names = [os.path.basename(fold_model_path(params.model_path, k + 1)) for k in range(kept)]
    training_data = {
        "factors": os.path.abspath(params.factors_path) if params.factors_path else None,
        "inventory": os.path.abspath(params.inventory_path) if params.inventory_path else None,
        "area": os.path.abspath(params.study_area_path) if params.study_area_path else "factors extent",
        "mapping_units": os.path.abspath(params.mapping_units_path) if params.mapping_units_path else None,
        "samples": {"presences": info["presences"], "absences": info["absences"], "labels": info.get("labels")},
        "fold_validation": trained.fold_kind,
        "fold_models": fold_names,
        "fold_models_in_model": _uncertainty_in_graph(params, trained),
    }
    contract_metrics = {f"auc_{v.kind}": _r(v.mean_auc) for v in trained.validations}
    contract_metrics["class_weight"] = CLASS_WEIGHT
    description = describe(params.model_type, samples.kinds, params.categorical_encoding)
    return _Contract(
        description, training_data, contract_metrics, text_codes, categories, samples.info.get("unit_features")
    )


def _export(model, path: str, samples: Samples, contract: _Contract, description: str, folds: list = ()) -> None:
    """One ONNX model with the Lithoscope contract (with `folds`: they are in its graph, for the uncertainty)."""
    from .models import export_model

    export_model(
        model,
        path,
        samples.names,
        samples.kinds,
        description=description,
        training_data=contract.training_data,
        metrics=contract.metrics,
        text_codes=contract.text_codes,
        categories=contract.categories,
        ranges=training_ranges(samples),
        unit_features=contract.unit_features,
        folds=folds,
    )


def training_ranges(samples: Samples) -> list[list[float] | None]:
    """Per factor, the 1st and 99th percentiles of the training samples (None for categorical factors)."""
    out: list[list[float] | None] = []
    for j, kind in enumerate(samples.kinds):
        column = samples.X[:, j]
        column = column[np.isfinite(column)]
        if kind == CATEGORICAL or not column.size:
            out.append(None)
        else:
            out.append([round(float(v), 6) for v in np.percentile(column, [1, 99])])
    return out


def _write_training(
    params: TrainParams,
    kinds: tuple,
    trained: _Trained,
    metrics: dict,
    contract: _Contract,
    factor_missing: dict[str, int],
    is_cancelled: CancelFn,
) -> tuple[list[str], list[str]]:
    """Write the model, its fold models, the metrics and the report, all or none: (fold model paths, report files)."""
    transaction = OutputTransaction()
    try:
        tmp = _temp(params.model_path, transaction, ".onnx")
        in_graph = _uncertainty_in_graph(params, trained)
        description = contract.description
        if in_graph:
            description += (
                f" Holds the {len(trained.fold_models)} fold models of {trained.fold_kind} cross-validation for the "
                "uncertainty output (std of their probabilities)."
            )
        _export(trained.final, tmp, trained.samples, contract, description, trained.fold_models if in_graph else [])
        sizes: dict[str, Any] = {"model": round(os.path.getsize(tmp) / 1e6, 2), "fold_models_in_model": in_graph}
        fold_paths = []
        if params.keep_fold_models:
            for k, model in enumerate(trained.fold_models):
                target = fold_model_path(params.model_path, k + 1)
                tmp = _temp(target, transaction, ".onnx")
                description = f"{contract.description} Fold {k + 1} of {trained.fold_kind} cross-validation."
                _export(model, tmp, trained.samples, contract, description)
                fold_paths.append(target)
                sizes.setdefault("fold_model_files", []).append(round(os.path.getsize(tmp) / 1e6, 2))
        for stale in stale_fold_models(params.model_path, len(fold_paths)):
            transaction.remove(stale)
        metrics["onnx_size_mb"] = sizes
        if params.metrics_path:
            tmp = _temp(params.metrics_path, transaction, ".json")
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(metrics, f, indent=2)
        report_files: list[str] = []
        if params.report_path:
            context = _report_context(params, kinds, trained, factor_missing, metrics)
            report_files = _write_report(params.report_path, context, transaction)
        if is_cancelled():
            raise CancelledError()
        transaction.commit()
    except BaseException:
        transaction.abort()
        raise
    return fold_paths, report_files


def _report_context(
    params: TrainParams, kinds: tuple, trained: _Trained, factor_missing: dict[str, int], metrics: dict | None = None
) -> dict:
    """What the HTML report shows."""
    sx, sy, _ = trained.success_rate
    return {
        "title": "Landslide susceptibility report",
        "settings": {**_settings(params, kinds), **_model_size(metrics or {})},
        "data": {**_jsonable(trained.samples.info), **({"missing": factor_missing} if factor_missing else {})},
        "validations": trained.validations,
        "models_compared": trained.compared if params.compare_models else {},
        "classes": trained.held_out_rows or trained.class_rows,
        "classes_held_out": bool(trained.held_out_rows),
        "classes_fit": trained.class_rows if trained.held_out_rows else [],
        "classes_note": trained.classes_note,
        "spatial_methods": _spatial_methods(params, trained),
        "mapping_units": bool(params.mapping_units_path),
        "success_rate": (sx, sy),
        "prediction_rate": trained.chosen.prediction_rate,
        "warnings": trained.warnings,
    }


def _model_size(metrics: dict) -> dict:
    """The report's lines on the model's size: the forest chosen by out-of-bag AUC and the ONNX file(s)."""
    out = {}
    forest = (metrics.get("forest") or {}).get("final")
    if forest:
        folds = [f["min_samples_leaf"] for f in metrics["forest"].get("folds") or [] if f]
        in_folds = f"; in the fold models {', '.join(map(str, folds))}" if folds else ""
        auc = f", out-of-bag AUC {forest['oob_auc']:.3f}" if forest.get("oob_auc") is not None else ""
        out["Forest size (chosen by out-of-bag AUC in each fit)"] = (
            f"{forest['trees']} trees, at least {forest['min_samples_leaf']} samples per leaf{auc}{in_folds}"
        )
    size = metrics.get("onnx_size_mb")
    if size:
        inside = " (with the fold models, for the uncertainty map)" if size.get("fold_models_in_model") else ""
        files = size.get("fold_model_files") or []
        beside = f"; fold model files {', '.join(f'{s:.1f}' for s in files)} MB" if files else ""
        out["ONNX size"] = f"{size['model']:.1f} MB{inside}{beside}"
    return out


def _spatial_methods(params: TrainParams, trained: _Trained) -> dict:
    """Mean AUC of each spatial fold method (square blocks, k-means clusters), when spatial validation ran."""
    if trained.spatial_other is None:
        return {}
    spatial = next(v for v in trained.validations if v.kind == "spatial")
    out = {params.spatial_method: spatial, trained.spatial_other.method: trained.spatial_other}
    return {method: out[method] for method in ("blocks", "kmeans") if method in out}


def _write_report(path: str, context: dict, transaction: OutputTransaction) -> list[str]:
    try:
        from .report import write_report
    except ImportError as exc:
        raise InputError(
            f"The report cannot be written: susceptibility/report.py could not be loaded ({exc}). Leave the report "
            "output empty, or install matplotlib (python3 -m pip install matplotlib)."
        ) from None
    return write_report(path, context, transaction=transaction)


def _estimated_classes(model, samples: Samples, area_X: np.ndarray, area_km2: float) -> list[dict]:
    """Class shares estimated from the area sample (quantile breaks), for the report."""
    area = model.predict_proba(area_X)[:, 1]
    inner = cls.compute_breaks(area, "quantile")
    counts = np.bincount(cls.classify(area, inner), minlength=6)[1:].astype(float)
    landslides = cls.classify(model.predict_proba(samples.X[samples.y == 1])[:, 1], inner)
    pixel_km2 = area_km2 / max(1, len(area)) if math.isfinite(area_km2) else 0.0
    return cls.class_table(counts, inner, pixel_km2 * 1e6, landslides)


def _settings(params: TrainParams, kinds: tuple) -> dict:
    from .models import CLASS_WEIGHT, MODEL_LABELS

    out = {
        "Model": MODEL_LABELS[params.model_type],
        "Validation": ", ".join(kinds),
        "Folds": params.folds,
        "Spatial folds": params.spatial_method,
        "Class imbalance": f"class weights '{CLASS_WEIGHT}' (each class weighs the same in training)",
        "Categorical factors": params.categorical_encoding,
        "Factors": params.factors_path,
        "Inventory": params.inventory_path,
        "Seed": params.seed,
    }
    if params.label_field:
        out["Labels"] = f"field '{params.label_field}' (points used as given, no absence sampling)"
    elif params.mapping_units_path:
        out["Mapping units"] = params.mapping_units_path
    else:
        out["Absence ratio"] = params.absence_ratio
        out["Buffer around landslides"] = _buffer_text(params)
    if params.study_area_path:
        out["Study area"] = params.study_area_path
    if params.year_field:
        out["Year field"] = params.year_field
    if params.temporal_split is not None:
        out["Temporal split"] = f"train before {params.temporal_split:g}, test from it on"
    return out


def _buffer_text(params: TrainParams) -> str:
    """The buffer in metres, with the cells it makes when it is the default (two cells)."""
    if params.buffer_m is not None:
        return f"{params.buffer_m:g} m"
    if not params.factors_path:
        return "2 cells"
    import rasterio

    with rasterio.open(params.factors_path) as ds:
        cell = abs(ds.transform.a)
    return f"{2 * cell:g} m (2 cells of {cell:g} m)"


def _r(value: Any) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 4)


def _jsonable(info: dict) -> dict:
    return json.loads(json.dumps(info, default=lambda v: v.item() if hasattr(v, "item") else str(v)))


# -- prediction -----------------------------------------------------------------------------------


@dataclass
class PredictParams:
    """A prediction run: factors + model -> probability raster (or unit layer) and optional classes and uncertainty."""

    factors_path: str | None  # None: a model of mapping units whose own fields are the factors
    model_path: str
    output_path: str
    classes_path: str | None = None
    uncertainty_path: str | None = None
    class_method: str = "quantile"
    class_breaks: tuple[float, ...] | None = None
    executor: str = "local"
    scheduler: str | None = None
    workers: int = 2
    device: str = "auto"
    threads: int = 0
    tile_size: int | None = None
    batch_size: int = 4
    inventory_path: str | None = None  # landslides per class in the table
    inventory_layer: str | None = None
    label_field: str | None = None
    mapping_units_path: str | None = None  # output_path is then a GeoPackage copy of the units ...
    units_layer: str | None = None
    units_output_path: str | None = None  # ... unless this is given: the copy, committed with the rasters


@dataclass
class PredictResult:
    output_path: str
    classes_path: str | None
    uncertainty_path: str | None
    table_path: str | None
    breaks: list[float]
    class_table: list[dict]
    styles: list[str]
    warnings: list[str] = field(default_factory=list)  # e.g. categories never seen in training


@dataclass
class FactorMatch:
    """How a factors raster feeds a model: the bands in the model's order, and what to warn about."""

    bands: tuple[int, ...] | None  # 1-based bands of the factors raster in the model's order; None: as they are
    unseen: dict[str, list[float]]  # categorical factor -> codes of the factors raster never seen in training
    band_of: dict[str, int]  # factor name -> 1-based band of the factors raster
    categories: dict[str, list[float]] = field(default_factory=dict)  # categorical factor -> codes seen in training


def match_factors(model_path: str, info: FactorsResult, log: LogFn) -> FactorMatch:
    """Check the factors raster against the model's contract, by factor name (see the module docstring).

    Raises an InputError when factors are missing or extra, when a factor's kind differs, or when a
    factor's text categories carry other codes than in training. A model without band names (a user's
    own model) is run on the bands as they are.
    """
    from ..inference.model.contract import read_contract

    contract = read_contract(model_path)
    model = os.path.basename(model_path)
    factors = os.path.basename(info.path)
    names = list(info.names)
    if not contract.band_names:
        log(f"The model {model} names no factors (band_names): the bands of {factors} are used in their order.")
        return FactorMatch(None, {}, {})
    # bands the model computes of others (a slope of the DEM: contract band_derived) are not read from the raster,
    # unless the raster holds them all (a full stack, read as it is)
    derived = {} if set(names) == set(contract.band_names) else contract.band_derived
    read = [i for i, n in enumerate(contract.band_names) if n not in derived]
    wanted = [contract.band_names[i] for i in read]
    kinds = [contract.band_kinds[i] for i in read] if len(contract.band_kinds) == len(contract.band_names) else []
    if derived and len(names) == len(wanted) and names != wanted:
        # a DEM whose band has another name than in training (its own description): the model computes the rest
        log(
            f"{model} computes {', '.join(n for n in contract.band_names if n in derived)} of "
            f"{', '.join(wanted)}; the band(s) of {factors} ({', '.join(names)}) are read as {', '.join(wanted)}."
        )
        return FactorMatch(None, {}, {n: i + 1 for i, n in enumerate(wanted)})
    if not info.named:
        log(
            f"Warning: {factors} names no bands, so they cannot be checked against the factors of {model} "
            f"({', '.join(wanted)}); they are used in their order."
        )
        return FactorMatch(None, {}, {})
    missing = [n for n in wanted if n not in names]
    extra = [n for n in names if n not in wanted]
    if missing or extra or len(set(names)) != len(names):
        details = "; ".join(
            part
            for part in (
                f"missing: {', '.join(missing)}" if missing else "",
                f"not in the model: {', '.join(extra)}" if extra else "",
                "some names repeat" if len(set(names)) != len(names) else "",
            )
            if part
        )
        raise InputError(
            f"The factors do not match the model: {model} was trained on [{', '.join(wanted)}], but {factors} "
            f"holds [{', '.join(names)}] ({details}). Build the factors again with the model's factors."
        )
    band_of = {n: names.index(n) + 1 for n in wanted}
    if info.tagged and kinds:
        for name, kind in zip(wanted, kinds):
            have = info.kinds[band_of[name] - 1]
            if have != kind:
                raise InputError(
                    f"The factor '{name}' is {kind} in the model {model} but {have} in {factors}; build the factors "
                    "again with the kinds the model was trained on."
                )
    order = tuple(band_of[n] for n in wanted)
    if order == tuple(range(1, len(names) + 1)):
        bands = None
    else:
        bands = order
        log(
            f"{factors} holds the model's factors in another order ([{', '.join(names)}]); they are read in the "
            f"model's order ([{', '.join(wanted)}])."
        )
    _check_text_codes(contract.raw, wanted, kinds or contract.band_kinds, info, model, log)
    seen = contract.raw.get("factor_categories")
    seen = {str(k): [float(c) for c in v] for k, v in seen.items()} if isinstance(seen, dict) else {}
    return FactorMatch(bands, _unseen_codes(seen, info), band_of, seen)


def _check_text_codes(raw: dict, wanted: list[str], kinds: tuple, info: FactorsResult, model: str, log: LogFn) -> None:
    """Refuse text categories coded otherwise than in training (a code would mean another category)."""
    factors = os.path.basename(info.path)
    categorical = [n for n, k in zip(wanted, kinds) if k == CATEGORICAL]
    recorded = raw.get("factor_text_codes")
    if not isinstance(recorded, dict):
        if any(n in info.text_codes for n in categorical):
            log(
                f"Warning: the model {model} does not record the codes of its text categories, so those of "
                f"{factors} cannot be checked; make sure the factors were built from the same polygon layers."
            )
        return
    if not info.tagged:
        if any(recorded.get(n) for n in categorical):
            log(
                f"Warning: {factors} does not record the codes of its text categories, so they cannot be checked "
                f"against those of {model}; make sure the factors were built with the model's text codes."
            )
        return
    fix = (
        f"Build the factors again with the model's text codes: in Build susceptibility factors give "
        f"TEXT_CODES_MODEL={model} (core: build_factors(..., text_codes=...)), or build them from the polygon layer "
        "the model was trained on."
    )
    for name in categorical:
        trained = {str(t): int(c) for t, c in (recorded.get(name) or {}).items()}
        have = info.text_codes.get(name) or {}
        if trained and not have:
            raise InputError(
                f"The factor '{name}' was coded from text values in training ({_codes_text(trained)}), but {factors} "
                f"holds numbers for it. {fix}"
            )
        if have and not trained:
            raise InputError(
                f"The factor '{name}' holds codes of text values in {factors} ({_codes_text(have)}), but numbers in "
                f"the model's training. {fix}"
            )
        meaning = {c: t for t, c in trained.items()}
        clashes = [
            f"{t}: model {trained[t] if t in trained else 'none'}, factors {c}"
            for t, c in sorted(have.items(), key=lambda tc: tc[1])
            if trained.get(t, c) != c or (t not in trained and c in meaning)
        ]
        if clashes:
            raise InputError(
                f"The factor '{name}' codes its text values otherwise than the model {model} "
                f"({'; '.join(clashes)}), so a code would stand for another category. {fix}"
            )


def _codes_text(codes: dict[str, int], limit: int = 6) -> str:
    items = sorted(codes.items(), key=lambda tc: tc[1])
    text = ", ".join(f"{c} = {t}" for t, c in items[:limit])
    return text + (", ..." if len(items) > limit else "")


def _unseen_codes(seen: dict[str, list[float]], info: FactorsResult) -> dict[str, list[float]]:
    """Codes of each categorical factor that training never saw and that the factors raster may hold."""
    out = {}
    for name, codes in seen.items():
        if name not in info.names:
            continue
        known = {float(c) for c in codes}
        present = info.categories.get(name) if info.tagged else None
        if present is None:  # unknown: every code outside training is counted
            out[name] = []
        else:
            new = sorted(float(c) for c in present if float(c) not in known)
            if new:
                out[name] = new
    return out


def _count_unseen(path: str, match: FactorMatch, text_codes: dict, is_cancelled: CancelFn) -> list[str]:
    """One warning per categorical factor whose pixels hold codes never seen in training (window by window)."""
    if not match.unseen:
        return []
    warnings = []
    with open_raster(path) as ds:
        nodata = ds.nodatavals
        for name in match.unseen:
            band = match.band_of.get(name)
            if band is None:
                continue
            known = np.array(sorted(set(match.categories.get(name, []))), np.float64)
            counts: dict[float, int] = {}
            for win in cls.windows(ds.height, ds.width):
                if is_cancelled():
                    raise CancelledError()
                data = ds.read(band, window=win).astype(np.float64)
                data = data[cls.valid_values(data, nodata[band - 1])]
                other = data[~np.isin(data, known)]
                if other.size:
                    codes, n = np.unique(other, return_counts=True)
                    for c, k in zip(codes.tolist(), n.tolist()):
                        counts[c] = counts.get(c, 0) + k
            if counts:
                warnings.append(_unseen_message(name, counts, "px", text_codes.get(name) or {}))
    return warnings


def _unseen_message(name: str, counts: dict[float, int], what: str, text_codes: dict[str, int]) -> str:
    meaning = {float(c): t for t, c in text_codes.items()}
    codes = sorted(counts)
    shown = ", ".join(f"{c:g}" + (f" = {meaning[c]}" if c in meaning else "") for c in codes[:10])
    more = ", ..." if len(codes) > 10 else ""
    return (
        f"factor {name}: {sum(counts.values()):,} {what} hold codes never seen in training (codes {shown}{more}): "
        "their susceptibility rests on the other factors only"
    )


def table_path_for(classes_path: str) -> str:
    """The CSV table per class written beside a class raster."""
    return os.path.splitext(classes_path)[0] + ".csv"


def uncertainty_in_model(model_path: str) -> bool:
    """Whether the model holds its fold models and gives the uncertainty itself (an output of role uncertainty)."""
    from ..inference.model.contract import read_contract

    return "uncertainty" in read_contract(model_path).output_roles.values()


def fold_models_of(model_path: str) -> list[str]:
    """The fold models an older trained model lists in its contract (separate files beside it)."""
    from ..inference.model.contract import read_contract

    data = read_contract(model_path).training_data
    names = data.get("fold_models") if isinstance(data, dict) else None
    if not names:
        raise InputError(
            f"The model {os.path.basename(model_path)} holds no fold models, so there is no spread to map. Train it "
            "again with Lithoscope keeping the uncertainty (UNCERTAINTY in Train landslide susceptibility), or leave "
            "the uncertainty output empty."
        )
    folder = os.path.dirname(os.path.abspath(model_path))
    paths = [os.path.join(folder, os.path.basename(str(n))) for n in names]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise InputError(
            f"The fold model {missing[0]} is missing; keep the .foldN.onnx files beside the model, or leave the "
            "uncertainty output empty."
        )
    return paths


def predict(
    params: PredictParams,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    log: LogFn | None = None,
) -> PredictResult:
    """Map susceptibility with a trained model (see the module docstring)."""
    progress = progress or (lambda f: None)
    is_cancelled = is_cancelled or (lambda: False)
    log = log or (lambda m: None)
    if params.class_method not in cls.CLASS_METHODS:
        raise InputError(f"Class method must be one of {', '.join(cls.CLASS_METHODS)}, not '{params.class_method}'.")
    if params.class_method == "user":
        cls.compute_breaks(np.zeros(0), "user", params.class_breaks)  # refuses bad breaks before any work
    params = dataclasses.replace(params, model_path=resolve_model(params.model_path))  # a file or a shipped name
    check_susceptibility_model(params.model_path)
    if params.units_output_path and not params.mapping_units_path:
        raise InputError("The mapping units output needs mapping units; give the mapping units layer too.")
    units = bool(params.mapping_units_path) and not params.units_output_path  # the units are the only output
    inputs = [params.factors_path, params.model_path, params.inventory_path, params.mapping_units_path]
    raster = (".tif", ".tiff")
    outputs = _check_outputs(
        [
            (params.output_path, (".gpkg",) if units else raster, "units output" if units else "probability output"),
            (None if units else params.classes_path, raster, "class output"),
            (None if units else params.uncertainty_path, raster, "uncertainty output"),
            (params.units_output_path, (".gpkg",), "units output"),
        ],
        inputs,
    )
    if not params.output_path:
        raise InputError("No output file was given; give the path of the probability raster to write.")
    from .factors import read_factor_info

    record = unit_record(params.model_path)
    _check_unit_model(params, record, units)
    info = read_factor_info(params.factors_path) if params.factors_path else None
    match = None
    if not units:  # a pixel map: the factors raster's bands matched with the model's by name
        match = match_factors(params.model_path, info, log)
        _refuse_slope_in_radians(params, info, match)
    in_graph = uncertainty_in_model(params.model_path)  # one pass gives the uncertainty too
    unit_folds = _unit_folds(params, log) if params.mapping_units_path and not in_graph else []
    if units:
        folds = unit_folds
    else:
        folds = fold_models_of(params.model_path) if params.uncertainty_path and not in_graph else []
        if len(folds) == 1:
            raise InputError(
                f"The model {os.path.basename(params.model_path)} has one fold model only (a temporal validation "
                "alone has one fold), and the spread of one model is no uncertainty. Train it again with random or "
                "spatial validation too, or leave the uncertainty output empty."
            )
    bands: dict[str, tuple | None] = {}
    if match is not None:  # a pixel map: each fold model reads the factors in its own order too
        bands[params.model_path] = match.bands
        for path in folds:
            bands[path] = match_factors(path, info, lambda m: None).bands
    if params.classes_path and not units:
        outputs.append(table_path_for(params.classes_path))
    with output_lock(outputs, log):
        warnings: list[str] = []
        if not units:
            warnings = _count_unseen(params.factors_path, match, info.text_codes, is_cancelled)
            for w in warnings:
                log(f"Warning: {w}")
        if units:
            return _predict_units(params, folds, progress, is_cancelled, log)
        with_units = None
        if params.units_output_path:  # read and run before any raster: bad units are refused with nothing written
            with_units = _units_result(params, unit_folds, log)
        result = _predict_rasters(params, folds, bands, progress, is_cancelled, log, with_units)
        result.warnings = warnings + (with_units.warnings if with_units else [])
        return result


def unit_record(model_path: str) -> dict | None:
    """How a model of mapping units builds their features (contract key unit_features); None for other models."""
    from ..inference.model.contract import read_contract

    record = read_contract(model_path).raw.get("unit_features")
    return record if isinstance(record, dict) else None


def _check_unit_model(params: PredictParams, record: dict | None, units_only: bool) -> None:
    """A model of units with their own fields or geometry maps units only; each model needs its inputs."""
    model = os.path.basename(params.model_path)
    if record and (record.get("fields") or record.get("geometry") or record.get("std")):
        if not params.mapping_units_path:
            raise InputError(
                f"The model {model} was trained on mapping units with factors of their own "
                f"({', '.join(record.get('names') or [])}); give the mapping units to map (with those fields)."
            )
        if not units_only:
            raise InputError(
                f"The model {model} maps mapping units from their own fields and shape, not pixels: leave the "
                "probability, class and uncertainty rasters empty and give the mapping units output."
            )
    needs_raster = not units_only or record is None or bool(record.get("raster_factors"))
    if needs_raster and not params.factors_path:
        raise InputError(f"The model {model} takes the factors raster; give it (FACTORS).")


def check_susceptibility_model(model_path: str) -> None:
    """Refuse a model that maps something else (a CNN's classes, a sequence model's series) as susceptibility."""
    from ..inference.model.contract import read_contract
    from ..inference.model.session import open_model

    contract = read_contract(model_path)
    if contract.task == "susceptibility":
        return  # (no session to open: a large forest takes a while to load)
    rank = open_model(model_path, device="cpu").inputs[0].rank
    if rank == 2 and contract.task != "sequence":
        return  # a susceptibility model, or a user's own model of factor rows (scikit-learn, say)
    name = os.path.basename(model_path)
    if contract.task == "sequence" or rank == 3:
        raise InputError(
            f"The model {name} is a sequence model (of series over time or depth), not a susceptibility model of "
            "factors. Train a susceptibility model on your factors (Train landslide susceptibility), or run this "
            "model with Sequence model over a raster stack (lithoscope:sequenceraster)."
        )
    raise InputError(
        f"The model {name} is a {contract.task} model (it maps {contract.output_kind}), not a susceptibility model of "
        "factors. Train a susceptibility model on your factors (Train landslide susceptibility), or run this model "
        "with Classify raster (lithoscope:classify)."
    )


def _refuse_slope_in_radians(params: PredictParams, info: FactorsResult, match: FactorMatch) -> None:
    """A slope factor in radians where the model was trained on degrees: every prediction would be off."""
    from ..inference.model.contract import read_contract
    from ..inference.sources.checks import SLOPE_DEGREES, slope_in_radians

    contract = read_contract(params.model_path)
    trained = dict(zip(contract.band_names, contract.band_ranges))
    for b, (name, kind) in enumerate(zip(info.names, info.kinds)):
        lower = str(name).lower()
        if kind == CATEGORICAL or not SLOPE_DEGREES.search(lower) or "rad" in lower:
            continue
        seen = slope_in_radians(params.factors_path, match.band_of.get(name, b + 1))
        span = trained.get(name)
        if seen is None or (span is not None and span[1] <= math.pi / 2):
            continue
        how = f" (its slopes ranged from {span[0]:.3g} to {span[1]:.3g})" if span else ""
        raise InputError(
            f"The factor '{name}' of {os.path.basename(params.factors_path)} ranges from {seen[0]:.3g} to "
            f"{seen[1]:.3g}, as a slope in radians would, but the model was trained on slopes in degrees{how}. "
            'Convert the slope to degrees (Raster Calculator: "slope@1" * 57.29578) and build the factors again '
            "(Build susceptibility factors)."
        )


def _unit_folds(params: PredictParams, log: LogFn) -> list[str]:
    """The fold models for the units' uncertainty field, when there are two or more."""
    try:
        folds = fold_models_of(params.model_path)
    except InputError:
        folds = []
    if len(folds) == 1:
        log("The model has one fold model only: no uncertainty field (a spread needs two or more).")
    return folds if len(folds) > 1 else []


def _engine_run(
    params: PredictParams,
    model_path: str,
    output: str,
    progress,
    is_cancelled,
    log,
    bands: tuple | None = None,
    uncertainty: str | None = None,
) -> None:
    from ..inference.pipelines.classify import ClassifyParams, run_classify

    run_classify(
        ClassifyParams(
            input_path=params.factors_path,
            model=model_path,
            output_path=output,
            uncertainty_path=uncertainty,
            bands=bands,
            executor=params.executor,
            scheduler=params.scheduler,
            workers=params.workers,
            device=params.device,
            threads=params.threads,
            tile_size=params.tile_size,
            batch_size=params.batch_size,
        ),
        progress=progress,
        is_cancelled=is_cancelled,
        log=log,
    )
    # The engine styled its outputs; the styles of this run are written with the final names.
    for path in (output, uncertainty):
        if path:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.splitext(path)[0] + ".qml")


def _largest(path: str, is_cancelled: CancelFn) -> float:
    """The largest valid value of a one-band raster (window by window)."""
    top = 0.0
    with open_raster(path) as ds:
        for win in cls.windows(ds.height, ds.width):
            if is_cancelled():
                raise CancelledError()
            data = ds.read(1, window=win)
            ok = cls.valid_values(data, ds.nodata)
            if ok.any():
                top = max(top, float(data[ok].max()))
    return top


def _predict_rasters(
    params: PredictParams, folds: list[str], bands: dict, progress, is_cancelled, log, with_units=None
) -> PredictResult:
    """Probability raster, then the class raster with its table and the uncertainty raster, committed together."""
    transaction = OutputTransaction()
    scratch: list[str] = []
    steps = 1 + len(folds)
    styles: list[str] = []
    inner = np.zeros(0)
    one_pass = bool(params.uncertainty_path) and uncertainty_in_model(params.model_path)
    table: list[dict] = []
    table_path = None
    try:
        prob = _temp(params.output_path, transaction, ".tif")
        unc = _temp(params.uncertainty_path, transaction, ".tif") if one_pass else None
        _engine_run(
            params,
            params.model_path,
            prob,
            lambda f: progress(0.8 * f / steps),
            is_cancelled,
            log,
            bands.get(params.model_path),
            uncertainty=unc,
        )
        _add_aux(transaction, prob, params.output_path)
        if unc:
            _add_aux(transaction, unc, params.uncertainty_path)
            top = _largest(unc, is_cancelled)
            styles.append(
                write_qml(params.uncertainty_path, pseudocolor_qml(0.0, max(top, 1e-6), label="std"), transaction)
            )
        styles.append(write_qml(params.output_path, pseudocolor_qml(0.0, 1.0, label="susceptibility"), transaction))
        if params.classes_path:
            inner, table, table_path, style = _write_classes(params, prob, transaction, is_cancelled, log)
            styles.append(style)
        if folds:
            styles.append(_write_uncertainty(params, folds, bands, transaction, scratch, progress, is_cancelled, log))
        if with_units is not None:
            _write_units(with_units, params.units_output_path, transaction)
        if is_cancelled():
            raise CancelledError()
        transaction.commit()
    except BaseException:
        transaction.abort()
        raise
    finally:
        for path in scratch:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
    progress(1.0)
    return PredictResult(
        params.output_path,
        params.classes_path,
        params.uncertainty_path if folds or one_pass else None,
        table_path,
        [float(b) for b in inner],
        table,
        styles,
    )


def _write_classes(
    params: PredictParams, prob: str, transaction: OutputTransaction, is_cancelled: CancelFn, log: LogFn
) -> tuple[np.ndarray, list[dict], str, str]:
    """The class raster of the probability raster `prob` and its CSV table: (inner breaks, table, table path, style)."""
    import rasterio

    values, lo, hi = cls.raster_sample(prob)
    inner = cls.compute_breaks(values, params.class_method, params.class_breaks, minimum=lo, maximum=hi)
    tmp_classes = _temp(params.classes_path, transaction, ".tif")
    counts = cls.write_class_raster(prob, tmp_classes, inner, is_cancelled)
    landslides = None
    if params.inventory_path:
        from .inventory import presence_pixels

        rows, cols = presence_pixels(
            params.factors_path, params.inventory_path, params.inventory_layer, params.label_field
        )
        landslides = classes_at(tmp_classes, rows, cols)
    with rasterio.open(prob) as ds:
        area = cls.pixel_area(ds.transform)
    table = cls.class_table(counts, inner, area, landslides)
    table_path = table_path_for(params.classes_path)
    tmp_table = _temp(table_path, transaction, ".csv")
    with open(tmp_table, "w", encoding="utf-8") as f:
        f.write(cls.table_csv(table))
    style = write_qml(params.classes_path, cls.classes_qml(), transaction)
    for r in table:
        log(f"Class {cls.shown_class_name(r['name'])}: {r['area_pct']:.1f}% of the area")
    if landslides is not None:
        log(
            "The table's landslides per class are those of the inventory given: if the model was trained on them, "
            "they measure its fit, not its skill (the training report's held-out class table does)."
        )
    return inner, table, table_path, style


def _write_uncertainty(
    params: PredictParams,
    folds: list[str],
    bands: dict,
    transaction: OutputTransaction,
    scratch: list[str],
    progress: ProgressFn,
    is_cancelled: CancelFn,
    log: LogFn,
) -> str:
    """The spread of the fold models' probabilities as the uncertainty raster; returns its style.

    Each fold model's raster is a scratch file (listed in `scratch` for the caller to remove).
    """
    steps = 1 + len(folds)
    runs = []
    for k, path in enumerate(folds):
        out = temporary_path(params.uncertainty_path, ".tif")
        scratch += [out, out + ".aux.xml"]
        lo_f = 0.8 * (k + 1) / steps
        fold_progress = lambda f, lo=lo_f: progress(lo + 0.8 * f / steps)  # noqa: E731
        _engine_run(params, path, out, fold_progress, is_cancelled, log, bands.get(path))
        runs.append(out)
    tmp_unc = _temp(params.uncertainty_path, transaction, ".tif")
    top = _spread(runs, tmp_unc, is_cancelled)
    return write_qml(params.uncertainty_path, pseudocolor_qml(0.0, max(top, 1e-6), label="std"), transaction)


def _temp(target: str, transaction: OutputTransaction, suffix: str) -> str:
    tmp = temporary_path(target, suffix)
    transaction.add(tmp, target)
    return tmp


def _add_aux(transaction: OutputTransaction, tmp: str, target: str) -> None:
    if os.path.exists(tmp + ".aux.xml"):
        transaction.add(tmp + ".aux.xml", target + ".aux.xml")
    else:
        transaction.remove(target + ".aux.xml")


def _spread(paths: list[str], output: str, is_cancelled: CancelFn) -> float:
    """Standard deviation across probability rasters, window by window; returns the largest value."""
    import rasterio

    sources = [open_raster(p) for p in paths]
    top = 0.0
    try:
        profile = sources[0].profile.copy()
        nodata = sources[0].nodata
        profile.update(dtype="float32", count=1, compress="deflate", nodata=nodata)
        with rasterio.open(output, "w", **profile) as dst:
            dst.set_band_description(1, "susceptibility spread (std of fold models)")
            for win in cls.windows(sources[0].height, sources[0].width):
                if is_cancelled():
                    raise CancelledError()
                stack = np.stack([s.read(1, window=win).astype(np.float64) for s in sources])
                ok = np.all([cls.valid_values(layer, nodata) for layer in stack], axis=0)
                out = np.full(stack.shape[1:], nodata if nodata is not None else np.nan, np.float32)
                out[ok] = stack[:, ok].std(axis=0)
                if ok.any():
                    top = max(top, float(out[ok].max()))
                dst.write(out, 1, window=win)
    finally:
        for s in sources:
            s.close()
    return top


@dataclass
class _UnitsResult:
    frame: Any  # the units with the fields susceptibility, class, class_name (and uncertainty)
    inner: np.ndarray
    table: list[dict]
    warnings: list[str]


def _predict_units(params: PredictParams, folds: list[str], progress, is_cancelled, log) -> PredictResult:
    """The units as the only output: a GeoPackage copy with the susceptibility fields."""
    units = _units_result(params, folds, log)
    progress(0.5)
    transaction = OutputTransaction()
    try:
        _write_units(units, params.output_path, transaction)
        if is_cancelled():
            raise CancelledError()
        transaction.commit()
    except BaseException:
        transaction.abort()
        raise
    progress(1.0)
    return PredictResult(
        params.output_path, None, None, None, [float(b) for b in units.inner], units.table, [], units.warnings
    )


def _unseen_unit_categories(raw: dict, table, ok: np.ndarray) -> list[str]:
    """Categorical unit features holding codes the model never saw in training."""
    seen = raw.get("factor_categories")
    if not isinstance(seen, dict):
        return []
    text_codes = raw.get("factor_text_codes") if isinstance(raw.get("factor_text_codes"), dict) else {}
    out = []
    for j, name in enumerate(table.names):
        if name not in seen:
            continue
        column = table.X[ok, j]
        other = column[~np.isin(column, np.asarray(seen[name], np.float64))]
        if other.size:
            codes, n = np.unique(other, return_counts=True)
            out.append(
                _unseen_message(name, dict(zip(codes.tolist(), n.tolist())), "unit(s)", text_codes.get(name) or {})
            )
    return out


def _write_units(units: _UnitsResult, path: str, transaction: OutputTransaction) -> None:
    """The units' copy with the susceptibility fields, and its style (units filled by class) beside it."""
    from ..inference.outputs.styles import categorized_qml

    tmp = _temp(path, transaction, ".gpkg")
    os.unlink(tmp)  # the GeoPackage driver makes a new file
    units.frame.to_file(tmp, driver="GPKG", layer="susceptibility")
    values = list(range(1, len(cls.CLASS_NAMES) + 1))
    write_qml(
        path, categorized_qml("class", values, list(cls.shown_class_names()), list(cls.CLASS_COLORS)), transaction
    )


def _units_result(params: PredictParams, folds: list[str], log) -> _UnitsResult:
    """Each unit's features (as the model's unit_features say) through the model and the fold models, classed;
    nothing written."""
    from ..inference.model.contract import read_contract
    from ..inference.pipelines.units import run_rows
    from .units import UnitSpec, handle_missing, read_units, spec_of_record, unit_table

    contract = read_contract(params.model_path)
    record = unit_record(params.model_path)
    name = os.path.basename(params.mapping_units_path)
    # Read once: the features take the units in the factors' CRS, the output keeps the layer's own.
    frame = read_units(params.mapping_units_path, None, params.units_layer).copy()
    work = frame
    if params.factors_path:
        with open_raster(params.factors_path) as ds:
            work = frame.to_crs(ds.crs.to_wkt())
    if record:
        spec, raster_names, codes, fill = (
            spec_of_record(record), list(record.get("raster_factors") or []), record.get("text_codes"),
            record.get("fill"),
        )  # fmt: skip
    else:  # a model of units from before unit_features: the raster factors it names (all, when it names none)
        spec, raster_names, codes, fill = UnitSpec(), list(contract.band_names) or None, None, None
    table = unit_table(work, spec, name, params.factors_path, raster_names, codes, log)
    if contract.band_names and table.names != list(contract.band_names):
        raise InputError(
            f"The units give the factors [{', '.join(table.names)}], but the model "
            f"{os.path.basename(params.model_path)} takes [{', '.join(contract.band_names)}]. Build the factors and "
            "units the model was trained on."
        )
    handle_missing(table, spec, fill, name, log)
    values = table.X
    ok = np.isfinite(values).all(axis=1)
    warnings = _unseen_unit_categories(contract.raw, table, ok)
    for w in warnings:
        log(f"Warning: {w}")

    def run(path: str, fields: int = 1) -> np.ndarray:
        # The engine's table run: the model's head gives each unit's probability (and uncertainty), NaN from the
        # model stops it.
        out = np.full((fields, len(values)), np.nan)
        if ok.any():
            numbers = [int(i) + 1 for i in np.flatnonzero(ok)]  # units by their number in the layer
            result = run_rows(
                path,
                values[ok],
                numbers,
                "the mapping units",
                "unit(s)",
                params.device,
                params.threads,
                uncertainty=fields > 1,
            )
            out[:, ok] = np.array(
                [row[:fields] if row is not None else (np.nan,) * fields for row in result.outputs.values()]
            ).T
        return out

    in_graph = uncertainty_in_model(params.model_path)
    both = run(params.model_path, 2 if in_graph else 1)
    p = both[0]
    inner = cls.compute_breaks(p[ok], params.class_method, params.class_breaks)
    classes = np.where(ok, cls.classify(np.nan_to_num(p), inner), 0)
    frame["susceptibility"] = np.where(ok, p, np.nan)
    frame["class"] = classes.astype(np.int64)
    frame["class_name"] = [cls.CLASS_NAMES[c - 1] if c else None for c in classes]
    if in_graph:
        frame["uncertainty"] = both[1]
    elif folds:
        frame["uncertainty"] = np.std([run(f)[0] for f in folds], axis=0)
    counts = np.bincount(classes[ok], minlength=len(inner) + 2)[1:].astype(float)
    table = cls.class_table(counts, inner, 0.0)
    for r in table:
        log(f"Class {cls.shown_class_name(r['name'])}: {r['area_pct']:.1f}% of the units")
    return _UnitsResult(frame, inner, table, warnings)
