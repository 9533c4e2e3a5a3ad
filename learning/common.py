# SPDX-License-Identifier: GPL-2.0-or-later
"""What the three training jobs share: held-out groups, the worker call, baselines, metrics, and the outputs.

A job module (segmentation, sequences, wells) turns the user's layers into a `TrainingData`: raw samples written
to a job folder as .npy files (x, y), the group of each sample (a spatial block, a group of points, a station or a
well), the band names, their scaling and training ranges, the classes, and the contract keys of its kind. Then
`train_model` does the rest the same way for every job:

1. whole groups are held out (`split_groups`): a test set for the report and a validation set for early stopping,
   never random samples;
2. the training worker (worker/run_job.py, PyTorch in its own process) trains, predicts the held-out samples and
   exports ONNX;
3. baselines are fitted on the same training samples and scored on the same held-out ones (majority class and a
   random forest; persistence and a straight line for forecasts);
4. the contract is written into the model (classes, colours, band names, scaling, training ranges, metrics), the
   exported model is run through Lithoscope's session on the worker's check batch and compared with torch's output;
5. the model, its card (.md) and the HTML report are committed together (`OutputTransaction`): all or none.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..inference.errors import InputError, LithoscopeError
from ..inference.model.contract import write_contract
from ..inference.model.session import open_model
from ..inference.outputs.figures import class_color
from ..inference.outputs.files import OutputTransaction, temporary_path
from ..inference.progress import CancelFn, LogFn, ProgressFn
from ..inference.text import note
from ..inference.training import find_environment, run_training

CHECK_TOLERANCE = 1e-4


def class_colours(count: int) -> list[str]:
    """The plugin's default class colours (those of its class maps), one per class."""
    return [class_color(i) for i in range(count)]


RARE_CHOICES = ("keep", "drop", "merge")


@dataclass
class TrainingData:
    """Samples of one job, written to `folder` (x.npy, y.npy), and what the contract and report need."""

    kind: str  # "segmentation" or "sequence" (the worker's job kind)
    folder: str
    groups: np.ndarray  # (N,) group index of each sample
    group_names: list[str]
    group_word: str  # "spatial blocks", "groups of points", "stations", "wells"
    band_names: list[str]
    offset: list[float]
    scale: list[float]
    ranges: list[list[float] | None]
    contract: dict[str, Any]  # the kind's own keys (task, tile size, sequence length, ...)
    data: dict[str, Any]  # rows of the report's and card's Data table
    task: str = "classify"  # or "forecast"
    class_names: list[str] = field(default_factory=list)
    horizons: int = 0
    warnings: list[str] = field(default_factory=list)
    baseline_features: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
    penalty: np.ndarray | None = None  # (K, K) cost of predicting column for row (wells), or None
    sample_word: str = "samples"  # what one scored sample is: "pixels", "series", "depth samples", "windows"
    strips: Callable[[np.ndarray, np.ndarray], list] | None = None  # held-out pictures for the report


@dataclass
class TrainSettings:
    arch: str = "gru"
    epochs: int = 40
    minutes: float = 10.0
    patience: int = 8
    batch: int = 32
    lr: float = 2e-3
    hidden: int = 32
    width: int = 16
    test_fraction: float = 0.25
    val_fraction: float = 0.15
    test_groups: tuple[str, ...] = ()
    refit: bool = True
    augment: bool = True
    noise: float = 0.1  # Gaussian jitter of series in training, in scaled units (standard deviations of a feature)
    dropout: float = 0.3  # before the head of sequence networks
    weight_decay: float = 1e-3
    label_smoothing: float = 0.05
    clip: float = 6.0  # scaled inputs clamped to +-clip (in the exported graph too)
    seed: int = 0
    threads: int = 0
    class_weighting: bool = True
    forecast_loss: str = "mse"  # forecasters: "mse" (squared error) or "l1" (absolute error: robust to jumps)


@dataclass
class TrainResult:
    model: str
    card: str
    report: str
    metrics: dict[str, Any]
    device: str
    samples_per_s: float
    check_max_diff: float
    messages: list[str] = field(default_factory=list)
    history: dict[str, list] = field(default_factory=dict)  # per epoch: "validation" and "final" (refit) phases


def job_folder(prefix: str) -> str:
    return tempfile.mkdtemp(prefix=f"lithoscope-{prefix}-")


def save_array(folder: str, name: str, array: np.ndarray) -> None:
    np.save(os.path.join(folder, f"{name}.npy"), array)


def open_array(folder: str, name: str, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """A .npy file of `shape` on disk, written through memory mapping (samples never all in memory). Refused when the
    disk has not the room: writing through a mapping onto a full disk kills the process (SIGBUS), no message."""
    need = int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
    free = shutil.disk_usage(folder).free
    if need > 0.95 * free:
        raise InputError(
            f"The training samples need {need / 1e9:.2f} GB in {folder}, but only {free / 1e9:.2f} GB are free. Free "
            "some space there (the system's temporary folder), or use fewer or smaller tiles (most training tiles)."
        )
    return np.lib.format.open_memmap(os.path.join(folder, f"{name}.npy"), mode="w+", dtype=dtype, shape=shape)


def class_index(values: list[Any], what: str) -> tuple[list[Any], dict[Any, int]]:
    """Sorted distinct label values and value -> class index; refuses fewer than two classes."""
    distinct = sorted({v for v in values if v is not None and v == v}, key=lambda v: (not _numeric(v), str(v), v))
    distinct = sorted(distinct, key=lambda v: (0, float(v)) if _numeric(v) else (1, str(v)))
    if len(distinct) < 2:
        found = f"only {distinct[0]!r}" if distinct else "none"
        raise InputError(
            f"{what} holds {found}: a model needs at least two classes to learn anything. Label samples of "
            "at least two classes (or choose another label field)."
        )
    return distinct, {v: i for i, v in enumerate(distinct)}


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def rare_classes(
    counts: np.ndarray, names: list[str], minimum: int, choice: str, unit: str
) -> tuple[np.ndarray, list[str], str | None]:
    """Classes with fewer than `minimum` samples: kept (with a warning), dropped, or merged into one class 'other'.

    Returns the new index of each old class (-1: dropped), the new class names and the warning."""
    if choice not in RARE_CHOICES:
        raise InputError(f"Unknown choice for rare classes {choice!r}; use one of {', '.join(RARE_CHOICES)}.")
    rare = [i for i, c in enumerate(counts) if c < minimum]
    mapping = np.arange(len(names))
    if not rare:
        return mapping, list(names), None
    listed = ", ".join(f"{names[i]} ({int(counts[i])} {unit})" for i in rare)
    if choice == "keep":
        return (
            mapping,
            list(names),
            note(
                f"{len(rare)} class(es) have fewer than {minimum} {unit}: {listed}. The model will hardly learn them; "
                "label more of them, or drop or merge them (rare classes setting)."
            ),
        )
    kept = [i for i in range(len(names)) if i not in rare]
    new_names = [names[i] for i in kept]
    mapping = np.full(len(names), -1)
    for new, old in enumerate(kept):
        mapping[old] = new
    if choice == "merge":
        mapping[rare] = len(new_names)
        new_names.append("other")
    if len(new_names) < 2:
        raise InputError(
            f"After {'dropping' if choice == 'drop' else 'merging'} the classes with fewer than {minimum} {unit} "
            f"({listed}) fewer than two classes are left. Label more samples, or keep rare classes."
        )
    did = "dropped" if choice == "drop" else "merged into 'other'"
    return mapping, new_names, note(f"{len(rare)} class(es) with fewer than {minimum} {unit} were {did}: {listed}.")


def split_groups(
    groups: np.ndarray, names: list[str], test_fraction: float, val_fraction: float, seed: int,
    test_groups: tuple[str, ...] = (), what: str = "groups",
) -> dict[str, np.ndarray]:  # fmt: skip
    """Whole groups held out: about `test_fraction` of the samples for testing (or the named `test_groups`), about
    `val_fraction` of the rest for early stopping, the others for training. Samples of one group are never split."""
    present = np.unique(groups[groups >= 0])  # a sample of group -1 is never used
    if len(present) < 3:
        raise InputError(
            f"The samples fall in {len(present)} {what}; holding whole {what} out needs at least 3 (one to test, "
            f"one to stop training early, one to train on). Label a larger area, or more {what}."
        )
    rng = np.random.default_rng(seed)
    sizes = np.bincount(groups[groups >= 0], minlength=len(names))
    if test_groups:
        unknown = [g for g in test_groups if g not in names]
        if unknown:
            raise InputError(
                f"Held-out {what} {', '.join(map(repr, unknown))} are not in the data (there are: "
                f"{', '.join(names[i] for i in present)}). Give names as they appear."
            )
        test = [names.index(g) for g in test_groups]
        rest = [g for g in rng.permutation(present) if g not in test]
    else:
        order = list(rng.permutation(present))
        test, total = [], sizes[present].sum()
        while order and (not test or sizes[test].sum() < test_fraction * total) and len(order) > 2:
            test.append(order.pop(0))
        rest = order
    if test_groups and len(rest) < 2:
        raise InputError(
            f"With {', '.join(map(repr, test_groups))} held out, {len(rest)} {what[:-1] if len(rest) == 1 else what} "
            f"remain; training needs at least 2 besides the held-out ones (one to train on, one to stop early). Hold "
            f"out fewer {what}."
        )
    val, rest_total = [], sizes[rest].sum()
    while rest and (not val or sizes[val].sum() < val_fraction * rest_total) and len(rest) > 1:
        val.append(rest.pop(0))
    if not rest:
        raise InputError(f"Every {what[:-1]} was held out; hold out fewer {what} so some remain to train on.")
    out = {}
    for key, chosen in (("train", rest), ("val", val), ("test", test)):
        out[key] = np.flatnonzero(np.isin(groups, chosen)).astype(np.int64)
    return out


def band_statistics(sample: np.ndarray) -> tuple[list[float], list[float], list[list[float] | None]]:
    """Per band (last axis): mean, standard deviation (1 where constant) and [1st, 99th] percentile, NaN ignored."""
    offsets, scales, ranges = [], [], []
    for b in range(sample.shape[-1]):
        v = sample[..., b].ravel()
        v = v[np.isfinite(v)]
        if v.size == 0:
            offsets.append(0.0), scales.append(1.0), ranges.append(None)
            continue
        sd = float(v.std())
        offsets.append(float(v.mean()))
        scales.append(sd if sd > 1e-12 else 1.0)
        lo, hi = np.percentile(v, [1, 99])
        ranges.append([float(lo), float(hi)])
    return offsets, scales, ranges


def class_weights(counts: np.ndarray) -> list[float]:
    """Inverse square-root frequency, mean 1, capped at 10x the smallest: rare classes count more, not absurdly."""
    c = np.maximum(np.asarray(counts, dtype=float), 1.0)
    w = 1.0 / np.sqrt(c / c.sum())
    w = np.minimum(w, 10 * w.min())
    return [float(v) for v in w / w.mean()]


# -- metrics -----------------------------------------------------------------------------------------


def classification_metrics(
    truth: np.ndarray, pred: np.ndarray, classes: int, penalty: np.ndarray | None = None
) -> dict:
    from sklearn.metrics import cohen_kappa_score, confusion_matrix, f1_score, precision_recall_fscore_support

    labels = list(range(classes))
    truth, pred = np.asarray(truth).ravel(), np.asarray(pred).ravel()
    p, r, f, support = precision_recall_fscore_support(truth, pred, labels=labels, zero_division=0)
    present = support > 0
    out = {
        "samples": int(truth.size),
        "accuracy": float(np.mean(truth == pred)) if truth.size else float("nan"),
        "macro_f1": float(
            f1_score(truth, pred, labels=np.flatnonzero(present).tolist(), average="macro", zero_division=0)
        ),
        "kappa": float(cohen_kappa_score(truth, pred, labels=labels)) if truth.size else float("nan"),
        "precision": [float(v) for v in p],
        "recall": [float(v) for v in r],
        "f1": [float(v) for v in f],
        "support": [int(v) for v in support],
        "confusion": confusion_matrix(truth, pred, labels=labels).tolist(),
    }
    if penalty is not None:
        out["penalty_score"] = float(-np.mean(penalty[truth, pred]))
    return out


def forecast_metrics(truth: np.ndarray, pred: np.ndarray) -> dict:
    err = np.asarray(pred, dtype=float) - np.asarray(truth, dtype=float)
    return {
        "samples": int(err.shape[0]),
        "rmse": float(np.sqrt(np.nanmean(err**2))),
        "mae": float(np.nanmean(np.abs(err))),
        "rmse_per_horizon": [float(v) for v in np.sqrt(np.nanmean(err**2, axis=0))],
    }


def roc_auc(positive: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve of `score` ranking the `positive` samples first (NaN with one kind only)."""
    from sklearn.metrics import roc_auc_score

    positive = np.asarray(positive, bool)
    if positive.all() or not positive.any():
        return float("nan")
    return float(roc_auc_score(positive, np.asarray(score, np.float64)))


def classification_baselines(
    data: TrainingData, idx: dict[str, np.ndarray], classes: int, settings: TrainSettings, positive: int | None = None
):
    """Majority class and a random forest fitted on the training and validation samples, scored on the test ones.
    Returns (truth, {name: predictions}, where) with `where` passed to pick the deep model's predictions; with a
    `positive` class, also the forest's probability of it (key "_probability")."""
    from sklearn.ensemble import RandomForestClassifier

    fit_rows = np.concatenate([idx["train"], idx["val"]])
    x_fit, y_fit, _ = data.baseline_features(fit_rows)
    x_test, y_test, where = data.baseline_features(idx["test"])
    majority = int(np.bincount(y_fit, minlength=classes).argmax())
    forest = RandomForestClassifier(
        n_estimators=200, min_samples_leaf=2, n_jobs=settings.threads or -1, random_state=settings.seed,
        class_weight="balanced_subsample" if settings.class_weighting else None,
    )  # fmt: skip
    forest.fit(np.nan_to_num(x_fit), y_fit)
    preds = {"majority class": np.full(len(y_test), majority), "random forest": forest.predict(np.nan_to_num(x_test))}
    if positive is not None:  # the forest's probability of that class, for the AUC beside the model's
        proba = forest.predict_proba(np.nan_to_num(x_test))
        seen = list(forest.classes_)
        preds["_probability"] = proba[:, seen.index(positive)] if positive in seen else np.zeros(len(y_test))
    return y_test, preds, where


# -- the job ------------------------------------------------------------------------------------------


def output_paths(output: str, report_path: str | None) -> tuple[str, str]:
    """The report's and the card's paths beside a model `output` (refused unless .onnx in an existing folder)."""
    if not output.lower().endswith(".onnx"):
        raise InputError(f"The model file must end in .onnx, got {output!r}; choose a name like model.onnx.")
    folder_out = os.path.dirname(os.path.abspath(output)) or "."
    if not os.path.isdir(folder_out):
        raise InputError(f"The folder {folder_out} does not exist; choose an existing folder for the model.")
    return report_path or os.path.splitext(output)[0] + "_report.html", os.path.splitext(output)[0] + ".md"


def hold_out(
    groups: np.ndarray, names: list[str], word: str, folder: str, settings: TrainSettings, log: LogFn
) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Split whole groups (split_groups), write idx_train/val/test.npy for the worker, log the split; the indices
    and the number of groups in each part."""
    idx = split_groups(
        groups, names, settings.test_fraction, settings.val_fraction, settings.seed, settings.test_groups, word
    )
    for key in idx:
        save_array(folder, f"idx_{key}", idx[key])
    n_groups = {k: len(np.unique(groups[v])) for k, v in idx.items()}
    log(
        f"Held out by {word}: {len(idx['train'])} training samples ({n_groups['train']}), "
        f"{len(idx['val'])} for early stopping ({n_groups['val']}), {len(idx['test'])} held out for the report "
        f"({n_groups['test']})."
    )
    return idx, n_groups


def training_python(configured: str = "", settings_path: str = "") -> str:
    env = find_environment(settings_path, configured)
    if env is None:
        raise InputError(
            "The training components (a Python environment with PyTorch) are not installed. Install them from "
            "Lithoscope > Dependencies… > Training components… (or run `make train-env` in a checkout), then run "
            "the training again."
        )
    return env.python


def train_model(
    data: TrainingData,
    settings: TrainSettings,
    output: str,
    python: str,
    progress: ProgressFn,
    log: LogFn,
    is_cancelled: CancelFn,
    title: str,
    report_path: str | None = None,
) -> TrainResult:
    """Train, validate on held-out groups against baselines, export and commit model + card + report together."""
    try:
        return _train_model(data, settings, output, python, progress, log, is_cancelled, title, report_path)
    finally:
        # the job folder goes whatever happened (a refused split, a bad model name, a failure, a cancel); the
        # memory maps onto its files are let go first (Windows refuses to delete a mapped file)
        data.baseline_features = data.strips = None
        gc.collect()
        shutil.rmtree(data.folder, ignore_errors=True)


def _train_model(
    data: TrainingData, settings: TrainSettings, output: str, python: str, progress: ProgressFn, log: LogFn,
    is_cancelled: CancelFn, title: str, report_path: str | None,
) -> TrainResult:  # fmt: skip
    from .report import write_card, write_report

    report_path, card_path = output_paths(output, report_path)
    for w in data.warnings:
        log(f"Warning: {w}")
    idx, n_groups = hold_out(data.groups, data.group_names, data.group_word, data.folder, settings, log)
    classify = data.task == "classify"
    positive = data.contract.get("_worker", {}).get("probability_of")  # a susceptibility model's landslide class
    y = np.load(os.path.join(data.folder, "y.npy"), mmap_mode="r")
    weights = None
    if classify and settings.class_weighting:
        flat = np.asarray(y[idx["train"]]).ravel()
        weights = class_weights(np.bincount(flat[flat >= 0], minlength=len(data.class_names)))
    tmp_model = temporary_path(output, ".onnx")
    feed_offset, feed_scale = data.offset, data.scale
    x_file = data.contract.get("_worker", {}).get("x_file", "x.npy")
    if data.contract.get("_worker", {}).get("encoded"):  # the model's features already (one-hot bands)
        width = np.load(os.path.join(data.folder, x_file), mmap_mode="r").shape[1]
        feed_offset, feed_scale = [0.0] * width, [1.0] * width
    job = {
        "kind": data.kind, "task": data.task, "data": data.folder, "output": tmp_model,
        "offset": feed_offset, "scale": feed_scale, "classes": len(data.class_names), "horizons": data.horizons,
        "class_weights": weights, "arch": settings.arch, "epochs": settings.epochs, "minutes": settings.minutes,
        "patience": settings.patience, "batch": settings.batch, "lr": settings.lr, "hidden": settings.hidden,
        "width": settings.width, "refit": settings.refit, "augment": settings.augment, "noise": settings.noise,
        "dropout": settings.dropout, "weight_decay": settings.weight_decay, "label_smoothing": settings.label_smoothing,
        "clip": settings.clip, "seed": settings.seed, "forecast_loss": settings.forecast_loss,
        "threads": settings.threads, **data.contract.get("_worker", {}),
    }  # fmt: skip
    written: list[str] = [tmp_model]
    try:
        done = run_training(job, python, lambda f: progress(0.05 + 0.8 * f), log, is_cancelled)
        progress(0.86)
        pred = np.load(os.path.join(data.folder, "test_pred.npy"))
        metrics: dict[str, Any] = {
            "held_out": data.group_word,
            "groups": n_groups,
            "samples": {k: len(v) for k, v in idx.items()},
            "group_names": {k: [data.group_names[g] for g in np.unique(data.groups[v])] for k, v in idx.items()},
        }
        if classify:
            truth, preds, where = classification_baselines(data, idx, len(data.class_names), settings, positive)
            forest_probability = preds.pop("_probability", None)
            deep = where(pred)
            scored = {"model": classification_metrics(truth, deep, len(data.class_names), data.penalty)}
            for name, p in preds.items():
                scored[name] = classification_metrics(truth, p, len(data.class_names), data.penalty)
            if positive is not None:  # a susceptibility model: how well each ranks the held-out pixels
                if 0 < np.sum(truth == positive) < len(truth):
                    deep_probability = where(np.load(os.path.join(data.folder, "test_prob.npy")))
                    scored["model"]["auc"] = roc_auc(truth == positive, deep_probability)
                    scored["random forest"]["auc"] = roc_auc(truth == positive, forest_probability)
                else:
                    log(
                        f"Warning: the held-out {data.group_word} hold only one of the two classes, so no AUC can be "
                        "given; label more of the area, or hold out other blocks."
                    )
        else:
            truth = np.asarray(y[idx["test"]], dtype=float)
            scored = {"model": forecast_metrics(truth, pred)}
            for name, p in data.baseline_features(idx["test"])[2].items():
                scored[name] = forecast_metrics(truth, p)
        metrics["scores"] = scored
        if is_cancelled():
            raise LithoscopeError("Training cancelled; no model file was written.")
        contract = dict(data.contract)
        contract.pop("_worker", None)
        contract.update(
            {
                "band_names": data.band_names,
                "band_offset": [round(v, 6) for v in data.offset],
                "band_scale": [round(v, 6) for v in data.scale],
                "band_ranges": data.ranges,
                "output_activation": "none",
                "model_version": "1.0.0",
                "metrics": _summary_metrics(metrics, classify),
                "training_data": {
                    **{k: _plain(v) for k, v in data.data.items()},
                    "trained": datetime.date.today().isoformat(),
                },
            }
        )
        if classify:
            contract["class_names"] = list(data.class_names)
            contract["class_colors"] = class_colours(len(data.class_names))
        if positive is not None:  # one output: the probability of that class
            contract["class_names"] = [data.class_names[int(positive)]]
            contract.pop("class_colors", None)
        contract.setdefault("description", title)
        write_contract(tmp_model, contract)
        diff = check_against_torch(tmp_model, data.folder, "values" if data.task == "forecast" else "probabilities")
        log(f"Exported model checked against PyTorch on {8} samples: largest difference {diff:.2e}.")
        if not diff <= CHECK_TOLERANCE:
            raise LithoscopeError(
                f"The exported model differs from the trained network by {diff:.3g} (more than {CHECK_TOLERANCE}); "
                "nothing was written. Report this as a bug, with the log."
            )
        history = {"validation": done.get("history", []), "final": done.get("refit_history", [])}
        context = {
            "title": title, "data": data, "settings": settings, "metrics": metrics, "history": history,
            "device": done.get("device", "cpu"), "samples_per_s": float(done.get("samples_per_s", 0.0)),
            "best_epoch": done.get("best_epoch"), "check_diff": diff, "idx": idx, "pred": pred,
            "model_name": os.path.basename(output),
        }  # fmt: skip
        tx = OutputTransaction()
        tx.add(tmp_model, output)
        tmp_card = temporary_path(card_path, ".md")
        written.append(tmp_card)
        write_card(tmp_card, context)
        tx.add(tmp_card, card_path)
        write_report(report_path, context, tx)
        progress(0.97)
        if is_cancelled():
            tx.abort()
            raise LithoscopeError("Training cancelled; no model file was written.")
        tx.commit()
        progress(1.0)
        return TrainResult(
            output, card_path, report_path, metrics, str(done.get("device", "cpu")),
            float(done.get("samples_per_s", 0.0)), diff, history=history,
        )  # fmt: skip
    except OSError as exc:
        if getattr(exc, "errno", None) == 28:
            raise InputError(
                f"The disk is full while writing the model near {output}; nothing was written. Free some space "
                "or choose another folder."
            ) from exc
        raise
    finally:
        for path in written:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        del y


def onnx_difference(model: str, feeds: dict[str, np.ndarray], wants: dict[str, np.ndarray], scale=1.0) -> float:
    """Largest absolute difference (divided by `scale`) between Lithoscope's onnxruntime run of an exported model on
    `feeds` (input name -> array) and torch's outputs `wants` (output name -> array); infinite on a shape mismatch."""
    session = open_model(model, threads=1)
    got = session.run_named({name: np.asarray(value, np.float32) for name, value in feeds.items()})
    worst = 0.0
    for name, want in wants.items():
        value = np.asarray(got.get(name))
        if value.shape != want.shape:
            return float("inf")
        worst = max(worst, float(np.max(np.abs(value - want) / scale)))
    return worst


def check_against_torch(model: str, folder: str, output: str) -> float:
    """onnx_difference on the worker's check batch (check_in.npy, check_out.npy) of a one-input, one-output model;
    relative to the value where it exceeds 1 (a forecast of 5000 mm carries float32 steps of 5e-4)."""
    load = lambda name: np.load(os.path.join(folder, f"{name}.npy"))  # noqa: E731
    want = load("check_out")
    return onnx_difference(model, {"features": load("check_in")}, {output: want}, np.maximum(1.0, np.abs(want)))


def _summary_metrics(metrics: dict, classify: bool) -> dict:
    keys = ("accuracy", "macro_f1", "kappa", "penalty_score", "auc") if classify else ("rmse", "mae")
    return {
        "held_out": metrics["held_out"],
        **{name: {k: round(v[k], 4) for k in keys if k in v} for name, v in metrics["scores"].items()},
    }


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))
