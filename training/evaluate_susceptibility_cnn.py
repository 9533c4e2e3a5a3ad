# SPDX-License-Identifier: GPL-2.0-or-later
"""Cross-area skill of the landslide susceptibility CNN against logistic regression and a slope baseline.

For each direction (train on Hungary, test on Ecuador; train on Ecuador, test on Hungary) it trains
the CNN with the same recipe as the shipped model on the training area only (scaling from that area
only), exports it to ONNX with its contract, runs it THROUGH Lithoscope's engine (`run_classify`) on
the held-out area's factor raster and reads the probabilities at the held-out labelled pixels.
On the same splits and features it fits a logistic regression (scikit-learn; the network's input
features at the pixel: scaled factors, asinh'ed curvatures) and a logistic regression on the raw
standardised factors, and scores slope alone (steeper = more susceptible, nothing fitted).

With ``--cv`` it adds a within-area spatial cross-validation (5 folds: Ecuador k-means blocks of the
points, Hungary column strips): the CNN sees no label of the test fold (its factors only, as context).

Finally it scores the shipped model (trained on both areas) on each area's labelled pixels through
the engine (a training fit, not skill) and stores all of it in the shipped ONNX's `metrics` entry.

Usage (from the repository root)::

    .venv/bin/python training/evaluate_susceptibility_cnn.py [--cv] [--json metrics.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

import numpy as np
from export_common import lithoscope
from train_susceptibility_cnn import (
    AREAS,
    DEFAULT_OUT_DIR,
    FACTORS,
    MODEL_BASENAME,
    Area,
    TrainConfig,
    add_common_args,
    auc,
    build_contract,
    compressed_features,
    config_from_args,
    engine_probability,
    export_onnx,
    fit_scaling,
    load_areas,
    scale,
    train_net,
)

CV_FOLDS = 5


def logistic_scores(
    train: list[tuple[np.ndarray, np.ndarray, np.ndarray]], test_x: np.ndarray, seed: int
) -> np.ndarray:
    """Logistic regression on per-pixel features; each (area, class) group weighted equally, as for the CNN.

    `train`: (features, labels, area id) per training area; `test_x`: features to score.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    xs, ys, ws = [], [], []
    groups = sum(len(np.unique(y)) for _, y, _ in train)
    for x, y, _ in train:
        for c in (0, 1):
            n = int((y == c).sum())
            if n:
                xs.append(x[y == c])
                ys.append(y[y == c])
                ws.append(np.full(n, 1.0 / (n * groups)))
    x, y, w = np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000, random_state=seed))
    model.fit(x, y, logisticregression__sample_weight=w * len(y))
    return model.predict_proba(test_x)[:, 1]


def _pixels(area: Area, xs: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return xs.reshape(len(FACTORS), -1)[:, idx].T


def score_split(
    train_areas: list[Area],
    train_masks: list[np.ndarray | None],
    test_area: Area,
    test_mask: np.ndarray | None,
    cfg: TrainConfig,
    work_dir: Path,
    tag: str,
    log=print,
) -> dict:
    """Train on the labelled pixels of `train_areas` (inside the masks), score `test_area` (inside its mask)."""
    offsets, scales = fit_scaling(train_areas, cfg.seed)
    scaled = [scale(a, offsets, scales) for a in train_areas]
    labels = []
    for a, m in zip(train_areas, train_masks):
        y = a.labels.copy()
        if m is not None:
            y[~m] = -1
        labels.append(y)
    t0 = time.time()
    net = train_net(scaled, labels, cfg, log=log)
    train_s = time.time() - t0
    onnx_path = work_dir / f"{tag}.onnx"
    export_onnx(net, onnx_path, build_contract(offsets, scales, cfg, train_areas))
    prob = engine_probability(str(onnx_path), test_area.factors_path, work_dir)
    test_idx, y_test = test_area.labelled(test_mask)
    p_test = prob.ravel()[test_idx]
    test_scaled = scale(test_area, offsets, scales)

    lr_train, raw_train = [], []
    for i, (a, xs, y) in enumerate(zip(train_areas, scaled, labels)):
        idx = np.flatnonzero(y.ravel() >= 0)
        yy = y.ravel()[idx].astype(np.int64)
        lr_train.append((compressed_features(_pixels(a, xs, idx)), yy, i))
        raw_train.append((a.x.reshape(len(FACTORS), -1)[:, idx].T.astype(np.float64), yy, i))
    lr = logistic_scores(lr_train, compressed_features(_pixels(test_area, test_scaled, test_idx)), cfg.seed)
    raw = logistic_scores(raw_train, test_area.x.reshape(len(FACTORS), -1)[:, test_idx].T.astype(np.float64), cfg.seed)
    slope = test_area.x[FACTORS.index("slope")].ravel()[test_idx].astype(np.float64)
    out = {
        "cnn_engine": auc(y_test, p_test),
        "logistic_regression": auc(y_test, lr),
        "logistic_regression_raw_factors": auc(y_test, raw),
        "slope_only": auc(y_test, slope),
        "n_test": int(len(y_test)),
        "n_test_presences": int(y_test.sum()),
        "cnn_nodata_at_test_pixels": int((~np.isfinite(p_test)).sum()),
        "training_seconds": round(train_s, 1),
    }
    log(f"{tag}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in out.items()))
    return out


def spatial_folds(area: Area, k: int, seed: int) -> np.ndarray:
    """Fold (0..k-1) of every pixel: Ecuador k-means blocks of the labelled points, Hungary column strips."""
    h, w = area.valid.shape
    if area.name == "hungary":
        cols = np.arange(w)
        labelled_cols = np.nonzero((area.labels >= 0).any(axis=0))[0]
        edges = np.linspace(labelled_cols.min(), labelled_cols.max() + 1, k + 1)
        strip = np.clip(np.searchsorted(edges, cols, side="right") - 1, 0, k - 1)
        return np.broadcast_to(strip, (h, w)).copy()
    from sklearn.cluster import KMeans

    idx, _ = area.labelled()
    rr, cc = np.divmod(idx, w)
    km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(np.column_stack([rr, cc]).astype(np.float64))
    grid_r, grid_c = np.mgrid[0:h, 0:w]
    return km.predict(np.column_stack([grid_r.ravel(), grid_c.ravel()]).astype(np.float64)).reshape(h, w)


def _mean_std(values: list[float]) -> list[float]:
    return [round(float(np.mean(values)), 4), round(float(np.std(values)), 4)]


def spatial_cv(area: Area, cfg: TrainConfig, work_dir: Path, log=print) -> dict:
    """Within-area spatial CV: mean and standard deviation of each score over the folds."""
    folds = spatial_folds(area, CV_FOLDS, cfg.seed)
    per_fold = []
    for f in range(CV_FOLDS):
        test = folds == f
        per_fold.append(score_split([area], [~test], area, test, cfg, work_dir, f"cv_{area.name}_{f}", log))
    keys = ("cnn_engine", "logistic_regression", "logistic_regression_raw_factors", "slope_only")
    return {
        "folds": CV_FOLDS,
        "method": "k-means blocks of the labelled points" if area.name == "ecuador" else "column strips",
        **{k: _mean_std([p[k] for p in per_fold]) for k in keys},
        "per_fold": per_fold,
    }


def evaluate(
    model_path: Path,
    areas: dict[str, Area],
    cfg: TrainConfig,
    cv: bool = False,
    work_dir: Path | None = None,
    training: dict | None = None,
    json_path: Path | None = None,
    extra_seeds: tuple[int, ...] = (),
    log=print,
) -> dict:
    """Cross-area table (and optionally spatial CV); stores the metrics in the shipped model's contract."""
    work_dir = Path(work_dir or Path(model_path).parent) / "eval"
    work_dir.mkdir(parents=True, exist_ok=True)
    import onnxruntime as ort

    cross = {}
    for train_name, test_name in (("hungary", "ecuador"), ("ecuador", "hungary")):
        key = f"train_{train_name}_test_{test_name}"
        cross[key] = score_split([areas[train_name]], [None], areas[test_name], None, cfg, work_dir, key, log)
    metrics: dict = {
        "metric": "ROC AUC at the held-out area's labelled pixels (Ecuador: 1535 points; Hungary: every mapped "
        "pixel of the scarp mask); the CNN scored through Lithoscope's engine (run_classify, tiles 256 px, "
        f"overlap 16 px, onnxruntime {ort.__version__})",
        "cross_area": cross,
    }
    if extra_seeds:  # the same splits again with other seeds: how much of a difference is run-to-run noise
        other: dict = {}
        for seed in extra_seeds:
            cfg_seed = dataclasses.replace(cfg, seed=int(seed))
            for train_name, test_name in (("hungary", "ecuador"), ("ecuador", "hungary")):
                key = f"train_{train_name}_test_{test_name}"
                r = score_split(
                    [areas[train_name]], [None], areas[test_name], None, cfg_seed, work_dir, f"{key}_seed{seed}", log
                )
                entry = other.setdefault(key, {"seeds": [], "cnn_engine": [], "logistic_regression": []})
                entry["seeds"].append(int(seed))
                entry["cnn_engine"].append(round(r["cnn_engine"], 4))
                entry["logistic_regression"].append(round(r["logistic_regression"], 4))
        metrics["cross_area_other_seeds"] = other
    if cv:
        metrics["spatial_cv"] = {name: spatial_cv(areas[name], cfg, work_dir, log) for name in AREAS}
    fit = {}
    for name in AREAS:
        a = areas[name]
        idx, y = a.labelled()
        p = engine_probability(str(model_path), a.factors_path, work_dir).ravel()[idx]
        fit[name] = round(auc(y, p), 4)
    metrics["training_fit_shipped_model"] = fit
    if training:
        metrics["training"] = training
    for v in cross.values():
        for m in ("cnn_engine", "logistic_regression", "logistic_regression_raw_factors", "slope_only"):
            v[m] = round(v[m], 4)
    lithoscope()
    from lithoscope.inference.model.contract import write_contract

    write_contract(str(model_path), {"metrics": metrics})
    text = json.dumps(metrics, indent=1)
    if json_path:
        Path(json_path).write_text(text + "\n")
    print(text)
    print_table(metrics)
    return metrics


def evaluate_from_args(model_path: Path, areas: dict[str, Area], cfg: TrainConfig, args, training: dict | None) -> dict:
    """`evaluate` with the options both scripts take: --cv, --work-dir, --json, --extra-seeds."""
    seeds = tuple(int(v) for v in args.extra_seeds.split(",") if v.strip())
    return evaluate(
        model_path,
        areas,
        cfg,
        cv=args.cv,
        work_dir=args.work_dir,
        training=training,
        json_path=args.json,
        extra_seeds=seeds,
    )


def print_table(metrics: dict) -> None:
    """The card's Markdown table."""
    print("\n| train -> test | CNN (engine) | logistic regression | LR (raw factors) | slope only |")
    print("|---|---|---|---|---|")
    for key, v in metrics["cross_area"].items():
        _, a, _, b = key.split("_")
        print(
            f"| {a} -> {b} | {v['cnn_engine']:.3f} | {v['logistic_regression']:.3f} | "
            f"{v['logistic_regression_raw_factors']:.3f} | {v['slope_only']:.3f} |"
        )
    for key, v in metrics.get("cross_area_other_seeds", {}).items():
        print(f"{key}, seeds {v['seeds']}: CNN {v['cnn_engine']}, logistic regression {v['logistic_regression']}")
    for name, v in metrics.get("spatial_cv", {}).items():
        cells = " | ".join(
            f"{v[k][0]:.3f} ± {v[k][1]:.3f}"
            for k in ("cnn_engine", "logistic_regression", "logistic_regression_raw_factors", "slope_only")
        )
        print(f"| {name} spatial CV ({v['folds']} folds) | {cells} |")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_args(p)
    p.add_argument("--model", type=Path, default=DEFAULT_OUT_DIR / f"{MODEL_BASENAME}.onnx")
    p.add_argument("--cv", action="store_true", help="also run the within-area spatial CV (10 more trainings)")
    p.add_argument("--json", type=Path, default=None, help="also write the metrics to this JSON file")
    p.add_argument("--extra-seeds", type=str, default="", help="repeat the cross-area runs with these seeds: 1,2,3")
    args = p.parse_args()
    cfg = config_from_args(args)
    lithoscope()
    from lithoscope.inference.model.contract import read_contract

    training = (read_contract(str(args.model)).metrics or {}).get("training")
    evaluate_from_args(args.model, load_areas(args.data_dir, args.work_dir), cfg, args, training)


if __name__ == "__main__":
    main()
