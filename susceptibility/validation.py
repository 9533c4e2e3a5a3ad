# SPDX-License-Identifier: GPL-2.0-or-later
"""Cross-validation of susceptibility models: random, spatial and temporal splits.

- random: StratifiedKFold (shuffled with the seed).
- spatial, "blocks": square blocks laid over the samples' extent, about 4 blocks per fold (side =
  sqrt(extent area / (4 x folds)), halved until there are enough occupied blocks), assigned to folds
  by StratifiedGroupKFold so that each fold holds landslides; "kmeans": k-means clusters of the
  sample coordinates, one cluster per fold (as sperrorest and SZ-plugin do). Most test samples lie
  away from every training sample, so the AUC says how well the model predicts ground it has not
  seen; but samples on either side of a block (or cluster) edge are still neighbours, and no buffer
  is left between training and test, so the figure is somewhat optimistic near the edges.
- temporal (needs a year field): the landslides of the latest years (about 1/folds of them, whole
  years only) are the test set and earlier ones train the model; presences without a year stay in
  training; absences, which have no date, are split at random in the same proportion.

For each split: ROC and AUC, the precision-recall curve, permutation importance of each factor on
the held-out fold (AUC drop, sklearn.inspection.permutation_importance), partial-dependence curves
of the most important factors (averaged over the fold models) and the AUC of a baseline model on
the same folds. Success- and prediction-rate curves: the share of landslides (y) found in the most
susceptible x % of the area, with the area represented by a random sample of its pixels.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..inference.errors import CancelledError, InputError
from ..inference.text import note
from .inventory import Samples
from .models import fit_model

VALIDATION_KINDS = ("random", "spatial", "temporal")
SPATIAL_METHODS = ("blocks", "kmeans")
# A fold's AUC from fewer held-out landslides than this is noise (two samples give 1.000 or 0.000): such a fold
# is shown as "too few to judge" and left out of the mean, and a validation without a judged fold has no AUC.
MIN_HELD_OUT_LANDSLIDES = 10
IMPORTANCE_REPEATS = 5
PDP_POINTS = 15


@dataclass
class FoldResult:
    """One held-out fold."""

    kind: str
    fold: int
    auc: float
    n_train: int
    n_test: int
    roc: tuple[np.ndarray, np.ndarray]  # false positive rate, true positive rate
    pr: tuple[np.ndarray, np.ndarray]  # recall, precision (x and y of the curve; report.py reads them so)
    test_index: np.ndarray
    scores: np.ndarray  # predicted probabilities of the test samples
    pr_auc: float = math.nan  # average precision
    n_test_landslides: int = -1  # held-out landslides (-1: not counted)

    @property
    def judged(self) -> bool:
        """Whether the fold holds enough held-out landslides for its AUC to mean anything."""
        return self.n_test_landslides < 0 or self.n_test_landslides >= MIN_HELD_OUT_LANDSLIDES


@dataclass
class ValidationResult:
    """Cross-validation of one model type with one kind of split."""

    kind: str
    folds: list[FoldResult]
    mean_auc: float
    std_auc: float
    importance: dict[str, tuple[float, float]]  # factor -> (mean AUC drop, std) on held-out folds
    partial_dependence: dict[str, tuple[np.ndarray, np.ndarray]]  # factor -> (grid values, mean probability)
    baseline_auc: float | None
    model_type: str = ""
    baseline_model: str = ""
    description: str = ""  # how the split was made, in words
    warnings: list[str] = field(default_factory=list)
    prediction_rate: tuple[np.ndarray, np.ndarray] | None = None  # % area, % held-out landslides
    prediction_rate_auc: float | None = None
    fold_models: list[Any] = field(default_factory=list, repr=False)
    method: str = ""  # spatial folds: blocks or kmeans

    def summary(self) -> dict:
        """The JSON-able part: per-fold AUCs, mean and std."""
        out = {
            "folds": [_round(f.auc) for f in self.folds],
            "mean": _round(self.mean_auc),
            "std": _round(self.std_auc),
            "n_test": [f.n_test for f in self.folds],
            "pr_auc": [_round(f.pr_auc) for f in self.folds],
            "split": self.description,
        }
        if self.baseline_auc is not None:
            out["baseline"] = {"model": self.baseline_model, "mean": _round(self.baseline_auc)}
        if self.importance:
            out["importance"] = {k: [_round(m), _round(s)] for k, (m, s) in self.importance.items()}
        if self.prediction_rate_auc is not None:
            out["prediction_rate_auc"] = _round(self.prediction_rate_auc)
        return out


def auc_text(mean: float, std: float) -> str:
    """ "AUC 0.812 ± 0.030", "AUC 0.742" (one fold: no spread), or "no AUC (too few held-out landslides)"."""
    if not math.isfinite(mean):
        return "no AUC (too few held-out landslides to judge)"
    return f"AUC {mean:.3f} ± {std:.3f}" if math.isfinite(std) else f"AUC {mean:.3f}"


def _round(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 4)


# -- splits ---------------------------------------------------------------------------------------


@dataclass
class Split:
    kind: str
    folds: list[tuple[np.ndarray, np.ndarray]]  # (train index, test index)
    description: str


def check_folds(samples: Samples, folds: int) -> None:
    """Refuse fewer samples of a class than folds (a fold would hold none)."""
    if folds < 2:
        raise InputError(f"Cross-validation needs at least 2 folds, not {folds}.")
    for label, name in ((1, "landslide"), (0, "absence")):
        n = int((samples.y == label).sum())
        if n < folds:
            raise InputError(
                f"There are {n} {name} sample(s) for {folds} cross-validation folds: each fold needs at least one. "
                "Give more landslides, a higher absence ratio, or fewer folds."
            )


def make_split(
    samples: Samples,
    kind: str,
    folds: int = 5,
    seed: int = 0,
    spatial_method: str = "blocks",
    split_year: float | None = None,
) -> Split:
    """Train/test indices of each fold for one kind of validation."""
    from sklearn.model_selection import StratifiedKFold

    check_folds(samples, folds)
    n = len(samples.y)
    if kind == "random":
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        pairs = list(splitter.split(np.zeros(n), samples.y))
        return Split(kind, pairs, f"{folds} random folds, stratified by class")
    if kind == "spatial":
        if spatial_method == "kmeans":
            return _kmeans_split(samples, folds, seed)
        if spatial_method != "blocks":
            raise InputError(f"Spatial method '{spatial_method}' is unknown; choose {' or '.join(SPATIAL_METHODS)}.")
        return _block_split(samples, folds, seed)
    if kind == "temporal":
        return _temporal_split(samples, folds, seed, split_year)
    raise InputError(f"Validation '{kind}' is unknown; choose from {', '.join(VALIDATION_KINDS)}.")


def block_side(xy: np.ndarray, folds: int) -> float:
    """Side of square blocks: about 4 blocks per fold over the samples' extent."""
    w, h = np.ptp(xy[:, 0]), np.ptp(xy[:, 1])
    return max(math.sqrt(max(w * h, 1e-12) / (4 * folds)), 1e-6)


def _block_split(samples: Samples, folds: int, seed: int) -> Split:
    from sklearn.model_selection import StratifiedGroupKFold

    side = block_side(samples.xy, folds)
    origin = samples.xy.min(axis=0)
    for _ in range(20):
        ij = np.floor((samples.xy - origin) / side).astype(np.int64)
        groups = ij[:, 0] * 1_000_003 + ij[:, 1]
        if len(np.unique(groups[samples.y == 1])) >= folds:
            break
        side /= 2
    else:
        raise InputError("The landslides are too close together for spatial folds; use random validation.")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pairs = list(splitter.split(np.zeros(len(groups)), samples.y, groups))
    blocks = len(np.unique(groups))
    return Split("spatial", pairs, f"{folds} spatial folds of {blocks} square blocks of {side:.0f} map units a side")


def _kmeans_split(samples: Samples, folds: int, seed: int) -> Split:
    from sklearn.cluster import KMeans

    labels = KMeans(n_clusters=folds, n_init=10, random_state=seed).fit_predict(samples.xy)
    index = np.arange(len(labels))
    pairs = [(index[labels != k], index[labels == k]) for k in range(folds)]
    return Split("spatial", pairs, f"{folds} spatial folds: k-means clusters of the sample coordinates")


def _temporal_split(samples: Samples, folds: int, seed: int, split_year: float | None = None) -> Split:
    """Train on the landslides before the cut, test on those from it on: the cut given (split_year, a decimal year),
    else the year that leaves about one fold's share of the landslides, and at least MIN_HELD_OUT_LANDSLIDES, later."""
    if samples.years is None:
        raise InputError("Temporal validation needs a year or date field in the inventory (YEAR_FIELD).")
    years = samples.years
    dated = (samples.y == 1) & np.isfinite(years)
    unique = np.unique(years[dated])
    if len(unique) < 2:
        raise InputError(
            "Temporal validation needs landslides of at least two different years; the year field gives "
            f"{len(unique)}. Choose random or spatial validation."
        )
    if split_year is not None:
        return _split_at(samples, years, dated, split_year, seed)
    target = max(1.0 / folds, 0.1)
    later = np.array([int((years[dated] > cut).sum()) for cut in unique[:-1]])
    judged = later >= MIN_HELD_OUT_LANDSLIDES  # split years that leave enough later landslides to judge
    if not judged.any():
        raise InputError(
            f"Temporal validation would test on only {int(later.max())} landslide(s) later than {unique[0]:g}, too few "
            f"to judge (at least {MIN_HELD_OUT_LANDSLIDES}): its AUC would say nothing. Give more dated landslides "
            "of later years, or choose random or spatial validation."
        )
    shares = np.where(judged, later / dated.sum(), np.inf)
    cut = unique[:-1][int(np.argmin(np.abs(shares - target)))]
    test_p = np.flatnonzero(dated & (years > cut))
    train_p = np.flatnonzero((samples.y == 1) & ~np.isin(np.arange(len(years)), test_p))
    absences = np.flatnonzero(samples.y == 0)
    rng = np.random.default_rng(seed)
    share = len(test_p) / max(1, len(test_p) + len(train_p))
    chosen = rng.permutation(absences)
    n_test_a = max(1, int(round(share * len(absences))))
    test = np.sort(np.concatenate([test_p, chosen[:n_test_a]]))
    train = np.sort(np.concatenate([train_p, chosen[n_test_a:]]))
    text = (
        f"temporal: trained on landslides up to {cut:g} ({len(train_p)}), tested on later ones ({len(test_p)}); "
        "absences split at random in the same proportion"
    )
    return Split("temporal", [(train, test)], text)


def _split_at(samples: Samples, years: np.ndarray, dated: np.ndarray, split_year: float, seed: int) -> Split:
    """The temporal split at a year the user gave: landslides before it train, those from it on test."""
    test_p = np.flatnonzero(dated & (years >= split_year))
    train_p = np.flatnonzero((samples.y == 1) & ~np.isin(np.arange(len(years)), test_p))
    span = f"{np.nanmin(years[dated]):.0f} to {np.nanmax(years[dated]):.0f}"
    if len(test_p) < MIN_HELD_OUT_LANDSLIDES:
        raise InputError(
            f"The temporal split at {split_year:g} leaves {len(test_p)} landslide(s) from then on to test, too few to "
            f"judge (at least {MIN_HELD_OUT_LANDSLIDES}; the landslides date from {span}). Give an earlier split "
            "year (TEMPORAL_SPLIT), or leave it empty to have one chosen."
        )
    if len(train_p) < MIN_HELD_OUT_LANDSLIDES:
        raise InputError(
            f"The temporal split at {split_year:g} leaves {len(train_p)} landslide(s) before it to train on (the "
            f"landslides date from {span}). Give a later split year (TEMPORAL_SPLIT), or leave it empty."
        )
    absences = np.flatnonzero(samples.y == 0)
    share = len(test_p) / (len(test_p) + len(train_p))
    chosen = np.random.default_rng(seed).permutation(absences)
    n_test_a = max(1, int(round(share * len(absences))))
    test = np.sort(np.concatenate([test_p, chosen[:n_test_a]]))
    train = np.sort(np.concatenate([train_p, chosen[n_test_a:]]))
    text = (
        f"temporal: trained on landslides before {split_year:g} ({len(train_p)}), tested on those from {split_year:g} "
        f"on ({len(test_p)}); absences split at random in the same proportion"
    )
    return Split("temporal", [(train, test)], text)


# -- curves -----------------------------------------------------------------------------------


def rate_curve(presence_scores: np.ndarray, area_scores: np.ndarray, points: int = 201):
    """Cumulative % of area (most susceptible first) vs % of landslides inside it, and its AUC (0..1).

    For each landslide, the share of the area at least as susceptible as it; the curve at x is the
    share of landslides whose area share is at most x.
    """
    if len(area_scores) == 0 or len(presence_scores) == 0:
        return np.zeros(0), np.zeros(0), math.nan
    exceed = _exceedance(np.asarray(presence_scores, np.float64), np.asarray(area_scores, np.float64))
    return _curve_from_exceedance(exceed, points)


# -- cross-validation ---------------------------------------------------------------------------


@dataclass
class _FoldRuns:
    """What the folds of one cross-validation gave, before they are summed up."""

    results: list[FoldResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # folds left out, in words
    models: list[Any] = field(default_factory=list)
    drops: list[np.ndarray] = field(default_factory=list)  # per fold: AUC drop of each factor x repeats
    presence_scores: list[np.ndarray] = field(default_factory=list)  # per fold: the held-out landslides' scores
    area_scores: list[np.ndarray] = field(default_factory=list)  # per fold: the area sample's scores


def cross_validate(
    samples: Samples,
    split: Split,
    model_type: str,
    *,
    seed: int = 0,
    categorical_encoding: str = "onehot",
    importance: bool = True,
    partial_dependence_top: int = 4,
    baseline: bool = True,
    keep_models: bool = False,
    area_X: np.ndarray | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    log: Callable[[str], None] | None = None,
    progress: Callable[[float], None] | None = None,
) -> ValidationResult:
    """Fit one model per fold and score it on the held-out samples (see the module docstring).

    `progress` gets the share done (0..1) after each fold (the baseline's folds count in the last fifth);
    `log` gets a line per fold.
    """
    log = log or (lambda m: None)
    share = 0.8 if baseline else 1.0
    runs = _run_folds(
        samples,
        split,
        model_type,
        seed,
        categorical_encoding,
        importance,
        area_X,
        is_cancelled,
        lambda f: progress(share * f) if progress else None,
        log,
    )
    if not runs.results:
        raise InputError(
            f"No {split.kind} fold holds both landslides and absences; use fewer folds or another validation."
        )
    judged = [f for f in runs.results if f.judged]
    aucs = np.array([f.auc for f in judged])
    notes = list(runs.notes)
    if len(judged) < len(runs.results):
        few = [f for f in runs.results if not f.judged]
        shown = ", ".join(f"fold {f.fold}: {f.n_test_landslides}" for f in few)
        if judged:
            notes.append(
                note(
                    f"{len(few)} {split.kind} fold(s) hold fewer than {MIN_HELD_OUT_LANDSLIDES} held-out landslides "
                    f"({shown}): too few to judge, so their AUC is left out."
                )
            )
        else:
            notes.append(
                note(
                    f"{len(few)} {split.kind} fold(s) hold fewer than {MIN_HELD_OUT_LANDSLIDES} held-out landslides "
                    f"({shown}): too few to judge, so their AUC is left out and this validation has no AUC. Use fewer "
                    "folds, or more landslides."
                )
            )
    out = ValidationResult(
        kind=split.kind,
        folds=runs.results,
        mean_auc=float(aucs.mean()) if len(aucs) else math.nan,
        # One fold has no spread: not 0.
        std_auc=float(aucs.std()) if len(aucs) > 1 else math.nan,
        importance={},
        partial_dependence={},
        baseline_auc=None,
        model_type=model_type,
        description=split.description,
        warnings=notes,
        fold_models=runs.models if keep_models else [],
    )
    if runs.drops:
        _add_importance(out, runs, samples, partial_dependence_top, seed)
    if runs.presence_scores:
        curves = [_exceedance(p, a) for p, a in zip(runs.presence_scores, runs.area_scores)]
        x, yy, auc_rate = _curve_from_exceedance(np.concatenate(curves))
        out.prediction_rate, out.prediction_rate_auc = (x, yy), auc_rate
    if baseline:
        other = "logistic" if model_type == "frequency_ratio" else "frequency_ratio"
        base = cross_validate(
            samples,
            split,
            other,
            seed=seed,
            categorical_encoding=categorical_encoding,
            importance=False,
            baseline=False,
            is_cancelled=is_cancelled,
        )
        out.baseline_auc, out.baseline_model = base.mean_auc, other
    if progress:
        progress(1.0)
    log(f"{split.kind} CV ({model_type}): {auc_text(out.mean_auc, out.std_auc)} over {len(judged)} judged fold(s)")
    return out


def _run_folds(
    samples: Samples,
    split: Split,
    model_type: str,
    seed: int,
    categorical_encoding: str,
    importance: bool,
    area_X: np.ndarray | None,
    is_cancelled: Callable[[], bool] | None,
    progress: Callable[[float], None] | None = None,
    log: Callable[[str], None] | None = None,
) -> _FoldRuns:
    """Fit and score one model per fold; a fold holding one class only is left out with a note."""
    from sklearn.inspection import permutation_importance

    X, y = samples.X, samples.y
    runs = _FoldRuns()
    count = len(split.folds)
    for k, (train, test) in enumerate(split.folds):
        started = time.perf_counter()
        if is_cancelled and is_cancelled():
            raise CancelledError()
        if len(np.unique(y[train])) < 2 or len(np.unique(y[test])) < 2:
            runs.notes.append(
                note(f"{split.kind} fold {k + 1} holds one class only in training or test; it is left out.")
            )
            continue
        model = fit_model(model_type, X[train], y[train], samples.kinds, categorical_encoding, seed)
        scores = model.predict_proba(X[test])[:, 1]
        runs.results.append(_fold_result(split.kind, k + 1, train, test, y[test], scores))
        runs.models.append(model)
        if importance:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                drop = permutation_importance(
                    model, X[test], y[test], scoring="roc_auc", n_repeats=IMPORTANCE_REPEATS, random_state=seed
                )
            runs.drops.append(drop.importances)
        if area_X is not None and len(area_X):
            runs.presence_scores.append(scores[y[test] == 1])
            runs.area_scores.append(model.predict_proba(area_X)[:, 1])
        if log:
            log(
                f"{split.kind.capitalize()} fold {k + 1} of {count}: trained on {len(train)} samples, AUC "
                f"{runs.results[-1].auc:.3f} on {len(test)} held out ({time.perf_counter() - started:.1f} s)"
            )
        if progress:
            progress((k + 1) / count)
    return runs


def _fold_result(
    kind: str, fold: int, train: np.ndarray, test: np.ndarray, truth: np.ndarray, scores: np.ndarray
) -> FoldResult:
    """The ROC, precision-recall curve and AUCs of one fold's held-out scores."""
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

    fpr, tpr, _ = roc_curve(truth, scores)
    precision, recall, _ = precision_recall_curve(truth, scores)
    return FoldResult(
        kind,
        fold,
        float(roc_auc_score(truth, scores)),
        len(train),
        len(test),
        (fpr, tpr),
        (recall, precision),
        test,
        scores,
        float(average_precision_score(truth, scores)),
        int((truth == 1).sum()),
    )


def _add_importance(out: ValidationResult, runs: _FoldRuns, samples: Samples, top: int, seed: int) -> None:
    """Permutation importance over every fold, and partial dependence of the `top` most important factors."""
    all_drops = np.concatenate(runs.drops, axis=1)
    order = np.argsort(-all_drops.mean(axis=1))
    out.importance = {samples.names[j]: (float(all_drops[j].mean()), float(all_drops[j].std())) for j in order}
    features = [samples.names.index(name) for name in list(out.importance)[:top]]
    out.partial_dependence = partial_dependence_curves(runs.models, samples, features, seed)


def _exceedance(presence_scores: np.ndarray, area_scores: np.ndarray) -> np.ndarray:
    area = np.sort(area_scores)
    return 1.0 - np.searchsorted(area, presence_scores, side="left") / len(area)


def _curve_from_exceedance(exceed: np.ndarray, points: int = 201):
    x = np.linspace(0.0, 1.0, points)
    y = np.searchsorted(np.sort(exceed), x, side="right") / max(1, len(exceed))
    return 100 * x, 100 * y, float(np.trapz(y, x))


def partial_dependence_curves(models: list, samples: Samples, features: list[int], seed: int = 0) -> dict:
    """Mean predicted probability as each factor varies (others as observed), averaged over the models."""
    from sklearn.inspection import partial_dependence

    rng = np.random.default_rng(seed)
    X = samples.X
    rows = X[rng.choice(len(X), min(len(X), 300), replace=False)]
    categorical = [i for i, k in enumerate(samples.kinds) if k == "categorical"]
    out = {}
    for j in features:
        if samples.kinds[j] == "categorical":
            grid = np.unique(X[:, j])[:50]
        else:
            grid = np.unique(np.percentile(X[:, j], np.linspace(5, 95, PDP_POINTS)))
        curves = []
        for model in models:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = partial_dependence(
                    model,
                    rows,
                    [j],
                    custom_values={j: grid},
                    categorical_features=categorical or None,
                    response_method="predict_proba",
                    method="brute",
                    kind="average",
                )
            curves.append(np.asarray(result["average"])[0])
        out[samples.names[j]] = (grid, np.mean(curves, axis=0))
    return out


def success_rate(model, samples: Samples, area_X: np.ndarray):
    """Success-rate curve of a model fitted on all samples: (% area, % training landslides, AUC)."""
    p = model.predict_proba(samples.X[samples.y == 1])[:, 1]
    a = model.predict_proba(area_X)[:, 1]
    return rate_curve(p, a)
