# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the shipped NDVI sequence classifier (a small GRU) on the labelled MODIS NDVI series.

Data (``../shared/datasets/modis_ndvi_timeseries``, from the R package sits, INPE, GPL-2):

- ``samples_modis_ndvi_wide.csv``: 1218 labelled 12-step NDVI series (Cerrado, Forest, Pasture,
  Soy_Corn) in Mato Grosso, one agricultural season each (mid-September to end of August, 16-day
  MOD13Q1 composites, one every ~32 days), seasons 2000-01 to 2015-16;
- ``sinop_mod13q1_ndvi_2013-09_2014-08_stack.tif``: a 12-date int16 stack (NDVI x 10000) of the
  2013-14 season near Sinop, and ``samples_sinop_crop.csv``: 18 labelled points inside it.

The model takes a series of 12 NDVI values in the unit of the MOD13Q1 stack (NDVI x 10000, int16);
Lithoscope scales it with the contract's band_offset / band_scale (per_feature) before feeding
(N, 12, 1). The graph ends in a softmax, so Lithoscope writes classes and probabilities.

What this script does:

1. checks that the samples' 12 steps fall on the stack's 12 dates (day of the year);
2. scores a GRU held out by area: k-means groups of the sample coordinates, GroupKFold (5 folds),
   against nearest-centroid and random-forest baselines on the same 12 values and folds; also a
   random stratified 5-fold split for comparison;
3. trains the shipped GRU on all samples, exports ``models/ndvi_landcover_gru.onnx`` with its
   contract, runs it through Lithoscope (per pixel on the stack, and the table path on the
   samples), checks the class at the 18 points, and writes ``models/ndvi_landcover_gru.metrics.json``.

Usage (from the repository root)::

    .venv/bin/python training/train_ndvi_sequence.py
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import (  # noqa: E402
    REPO_ROOT,
    atomic_path,
    inference,
    require_torch,
    seed_everything,
    with_activation,
    write_contract,
    write_json,
)
from export_common import export_onnx as export_onnx_file  # noqa: E402  (shared by the training scripts)

DEFAULT_DATA_DIR: Path = REPO_ROOT / ".." / "shared" / "datasets"
DEFAULT_OUT_DIR: Path = REPO_ROOT / "models"
SUBDIR = "modis_ndvi_timeseries"
WIDE_CSV = "samples_modis_ndvi_wide.csv"
LONG_CSV = "samples_modis_ndvi_long.csv"
STACK_TIF = "sinop_mod13q1_ndvi_2013-09_2014-08_stack.tif"
POINTS_CSV = "samples_sinop_crop.csv"
MODEL_BASENAME = "ndvi_landcover_gru"
MODEL_VERSION = "1.0.0"
STEPS = 12
NDVI_UNIT = 10000.0  # MOD13Q1 stores NDVI x 10000 as int16; the model takes that unit
MOD13Q1_FILL = -3000  # MOD13Q1's _FillValue for NDVI
CLASSES: tuple[str, ...] = ("Cerrado", "Forest", "Pasture", "Soy_Corn")
COLORS: tuple[str, ...] = ("#c9a66b", "#1b7837", "#b8e186", "#f1c40f")
CITATION = (
    "modis_ndvi_timeseries: 1218 labelled MOD13Q1 NDVI series (Cerrado 379, Soy_Corn 364, Pasture 344, "
    "Forest 131), Mato Grosso, Brazil, seasons 2000-01 to 2015-16, 12 steps mid-September to end of August; "
    "from the R package sits (github.com/e-sensing/sits, INPE), GPL-2; Simoes et al. (2021) Remote Sensing "
    "13(13):2428, 'Satellite image time series analysis for big Earth observation data'"
)


@dataclass
class TrainConfig:
    hidden: int = 32
    epochs: int = 150
    batch_size: int = 64
    lr: float = 3e-3
    weight_decay: float = 1e-4
    noise: float = 0.02  # Gaussian noise added to the NDVI (0..1) of each training series
    dropout: float = 0.1
    seed: int = 2024
    threads: int = 1


@dataclass
class Samples:
    x: np.ndarray  # (N, 12) NDVI, 0..1
    y: np.ndarray  # (N,) class index into CLASSES
    lon: np.ndarray
    lat: np.ndarray
    ids: np.ndarray


# -- data ----------------------------------------------------------------------------------------


def load_samples(data_dir: Path) -> Samples:
    """The wide table: 12 NDVI values per sample, its class and coordinates."""
    import pandas as pd

    wide = pd.read_csv(data_dir / SUBDIR / WIDE_CSV)
    unknown = sorted(set(wide["label"]) - set(CLASSES))
    if unknown:
        raise ValueError(f"labels {unknown} are not among {CLASSES}")
    columns = [f"t{k:02d}" for k in range(STEPS)]
    return Samples(
        x=wide[columns].to_numpy(np.float64),
        y=wide["label"].map({c: i for i, c in enumerate(CLASSES)}).to_numpy(np.int64),
        lon=wide["longitude"].to_numpy(np.float64),
        lat=wide["latitude"].to_numpy(np.float64),
        ids=wide["sample_id"].to_numpy(),
    )


def check_dates(data_dir: Path) -> dict:
    """Do the samples' 12 steps fall on the stack's 12 band dates (as days into the season)?"""
    import pandas as pd
    import rasterio

    long = pd.read_csv(data_dir / SUBDIR / LONG_CSV, parse_dates=["date"])
    long["step"] = long.groupby("sample_id").cumcount()
    with rasterio.open(data_dir / SUBDIR / STACK_TIF) as ds:
        stack = [date.fromisoformat(d.split("_", 1)[1]) for d in ds.descriptions]
    season_start = {sid: d for sid, d in long[long.step == 0][["sample_id", "date"]].itertuples(index=False)}
    long["day"] = [(d - season_start[s]).days for s, d in zip(long.sample_id, long.date)]
    stack_days = [(d - stack[0]).days for d in stack]
    per_step = []
    for k in range(STEPS):
        days = long.loc[long.step == k, "day"]
        per_step.append(
            {
                "step": k,
                "stack_date": stack[k].isoformat(),
                "sample_month_days": sorted({d.strftime("%m-%d") for d in long.loc[long.step == k, "date"]}),
                "days_from_season_start_min": int(days.min()),
                "days_from_season_start_max": int(days.max()),
                "stack_days_from_season_start": stack_days[k],
            }
        )
    years = long[long.step == 0]["date"].dt.year
    offsets = [
        max(
            abs(s["days_from_season_start_min"] - s["stack_days_from_season_start"]),
            abs(s["days_from_season_start_max"] - s["stack_days_from_season_start"]),
        )
        for s in per_step
    ]
    label_years = (
        long[long.step == 0].groupby("label")["date"].agg(lambda d: [int(d.dt.year.min()), int(d.dt.year.max())])
    )
    return {
        "steps_per_sample": int(long.groupby("sample_id").size().unique()[0]),
        "per_step": per_step,
        "max_offset_days": int(max(offsets)),
        "season_start_years": [int(years.min()), int(years.max())],
        "season_start_years_by_class": {k: v for k, v in label_years.items()},
        "stack_dates": [d.isoformat() for d in stack],
    }


def spatial_groups(samples: Samples, n_groups: int, seed: int) -> np.ndarray:
    """k-means groups of the coordinates (longitude shrunk by cos(latitude), so distances are roughly km)."""
    from sklearn.cluster import KMeans

    xy = np.column_stack([samples.lon * np.cos(np.radians(samples.lat.mean())), samples.lat])
    return KMeans(n_clusters=n_groups, n_init=10, random_state=seed).fit_predict(xy)


def scaling_of(x: np.ndarray) -> tuple[float, float]:
    """One offset and scale for the single feature, in the stack's unit (NDVI x 10000), rounded to 10."""
    values = x.reshape(-1) * NDVI_UNIT
    return float(np.round(values.mean(), -1)), float(np.round(values.std(), -1))


# -- the network ---------------------------------------------------------------------------------


def make_net(hidden: int, dropout: float):
    """GRU over the 12 scaled steps; its last hidden state -> a small head -> class logits."""
    torch = require_torch()
    nn = torch.nn

    class NdviGRU(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.gru = nn.GRU(1, hidden, batch_first=True)
            self.head = nn.Sequential(
                nn.Dropout(dropout), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, len(CLASSES))
            )

        def forward(self, x):
            _, h = self.gru(x)
            return self.head(h[-1])

    return NdviGRU()


def train_gru(x: np.ndarray, y: np.ndarray, cfg: TrainConfig):
    """Fit on NDVI series (N, 12) in 0..1; returns (net, offset, scale) with offset/scale in NDVI x 10000."""
    torch = require_torch()
    seed_everything(cfg.seed, cfg.threads)
    offset, scale = scaling_of(x)
    xs = torch.tensor((x * NDVI_UNIT - offset) / scale, dtype=torch.float32).unsqueeze(-1)
    ys = torch.tensor(y)
    counts = np.bincount(y, minlength=len(CLASSES)).astype(np.float64)
    # Mild class weights (Forest has a third of the others' samples): inverse square root of frequency.
    weights = (counts.sum() / np.maximum(counts, 1)) ** 0.5
    weights = torch.tensor(weights / weights.mean(), dtype=torch.float32)
    net = make_net(cfg.hidden, cfg.dropout)
    optimiser = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    steps_per_epoch = int(np.ceil(len(x) / cfg.batch_size))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, cfg.lr, total_steps=cfg.epochs * steps_per_epoch)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    generator = torch.Generator().manual_seed(cfg.seed)
    noise = cfg.noise * NDVI_UNIT / scale
    net.train()
    for _ in range(cfg.epochs):
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), cfg.batch_size):
            idx = order[start : start + cfg.batch_size]
            batch = xs[idx] + noise * torch.randn(xs[idx].shape, generator=generator)
            loss = loss_fn(net(batch), ys[idx])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
    net.eval()
    return net, offset, scale


def gru_probabilities(net, x: np.ndarray, offset: float, scale: float) -> np.ndarray:
    torch = require_torch()
    with torch.no_grad():
        xs = torch.tensor((x * NDVI_UNIT - offset) / scale, dtype=torch.float32).unsqueeze(-1)
        return torch.softmax(net(xs), dim=1).numpy()


# -- baselines and scores ------------------------------------------------------------------------


def baseline_models(seed: int) -> dict:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.neighbors import NearestCentroid

    return {
        "nearest_centroid": NearestCentroid(),
        "random_forest": RandomForestClassifier(n_estimators=300, random_state=seed, n_jobs=1),
    }


def scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    """Accuracy and macro F1 over the classes present in the truth."""
    from sklearn.metrics import f1_score

    present = sorted(set(y_true.tolist()))
    return {
        "n": int(len(y_true)),
        "accuracy": round(float((y_true == y_pred).mean()), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)), 4),
        "classes_present": [CLASSES[i] for i in present],
    }


def per_class(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=list(range(len(CLASSES))), zero_division=0)
    return {
        c: {
            "precision": round(float(p[i]), 4),
            "recall": round(float(r[i]), 4),
            "f1": round(float(f[i]), 4),
            "n": int(s[i]),
        }
        for i, c in enumerate(CLASSES)
    }


def cross_validate(samples: Samples, splits: list[tuple[np.ndarray, np.ndarray]], cfg: TrainConfig, log) -> dict:
    """GRU and baselines on the same folds: per-fold scores, their mean, and per-class scores of the pooled folds."""
    names = ("gru", "nearest_centroid", "random_forest")
    predicted = {n: np.full(len(samples.y), -1) for n in names}
    folds = {n: [] for n in names}
    for k, (train, test) in enumerate(splits):
        started = time.perf_counter()
        net, offset, scale = train_gru(samples.x[train], samples.y[train], cfg)
        predicted["gru"][test] = gru_probabilities(net, samples.x[test], offset, scale).argmax(1)
        for name, model in baseline_models(cfg.seed).items():
            model.fit(samples.x[train], samples.y[train])
            predicted[name][test] = model.predict(samples.x[test])
        for name in names:
            folds[name].append(scores(samples.y[test], predicted[name][test]))
        log(
            f"  fold {k + 1}: n={len(test)} "
            + ", ".join(f"{n} acc {folds[n][-1]['accuracy']:.3f} F1 {folds[n][-1]['macro_f1']:.3f}" for n in names)
            + f" ({time.perf_counter() - started:.0f} s)"
        )
    out = {}
    not_forest = samples.y != CLASSES.index("Forest")
    for name in names:
        acc = [f["accuracy"] for f in folds[name]]
        f1 = [f["macro_f1"] for f in folds[name]]
        out[name] = {
            "folds": folds[name],
            "mean_accuracy": round(float(np.mean(acc)), 4),
            "std_accuracy": round(float(np.std(acc)), 4),
            "mean_macro_f1": round(float(np.mean(f1)), 4),
            "std_macro_f1": round(float(np.std(f1)), 4),
            "pooled": scores(samples.y, predicted[name]),
            # Forest comes from one ~3 km patch: held out by area, no fold trains on it. Scores of the other three
            # classes (a Forest prediction still counts as an error):
            "pooled_without_forest_truth": scores(samples.y[not_forest], predicted[name][not_forest]),
            "per_class_pooled": per_class(samples.y, predicted[name]),
        }
    return out


# -- export and the check through Lithoscope ----------------------------------------------------


def export_onnx(net, path: Path, contract: dict) -> None:
    """TorchScript export (opset 17): (N, 12, 1) scaled NDVI -> softmax probabilities (N, 4); then the contract."""
    model, example = with_activation(net, "softmax"), require_torch().zeros(2, STEPS, 1)
    export_onnx_file(model, path, example, "ndvi", "probabilities", {0: "N"}, contract=contract)


def build_contract(offset: float, scale: float, dates: dict, metrics: dict | None) -> dict:
    steps = [s["stack_date"][5:] for s in dates["per_step"]]
    return {
        "lithoscope_task": "sequence",
        "output_kind": "classes",
        "output_activation": "none",
        "class_names": list(CLASSES),
        "class_colors": list(COLORS),
        "band_names": ["NDVI"],  # a sequence model's features per step; the steps' dates are in the card
        "sequence_length": STEPS,
        "sequence_features": 1,
        "sequence_scaling": "per_feature",
        "band_offset": [offset],
        "band_scale": [scale],
        "input_nodata": MOD13Q1_FILL,
        "sequence_gaps": "interpolate",
        "sequence_min_valid": 0.75,
        "nodata_fill": 0.0,
        "output_roles": {"probabilities": "probabilities"},
        "resolution_m": 231.656,
        "model_version": MODEL_VERSION,
        "description": (
            "GRU classifier of one season of MODIS MOD13Q1 NDVI (12 steps, about 32 days apart, mid-September "
            "to end of August) into Cerrado, Forest, Pasture and Soy_Corn, for Mato Grosso (Brazil). Input: NDVI "
            f"x 10000 as MOD13Q1 stores it (int16); the model scales it as (x - {offset:g}) / {scale:g}. For NDVI "
            f"in 0..1 (tables) give band offset {offset / NDVI_UNIT:g} and scale {scale / NDVI_UNIT:g}. Output: "
            "softmax probabilities of the 4 classes. See models/ndvi_landcover_gru.md."
        ),
        "training_data": {
            "source": CITATION,
            "licence": "GPL-2 (sits)",
            "unit": "NDVI x 10000 (the CSV's 0..1 NDVI multiplied by 10000)",
            "steps": steps,
            "date_check": {k: dates[k] for k in ("max_offset_days", "season_start_years")},
        },
        "metrics": metrics or {},
        "licence": "Model and code GPL-2.0-or-later; training data GPL-2 (R package sits, INPE)",
    }


def sinop_points(data_dir: Path, stack_crs) -> tuple[list[dict], np.ndarray, np.ndarray]:
    """The 18 labelled points: records, (row, col) in the stack, and class index (-1 if not one of ours)."""
    import pandas as pd
    from rasterio.warp import transform

    points = pd.read_csv(data_dir / SUBDIR / POINTS_CSV)
    xs, ys = transform("EPSG:4326", stack_crs, points["longitude"].tolist(), points["latitude"].tolist())
    return points.to_dict("records"), np.array(xs), np.array(ys)


def check_shipped(model_path: Path, data_dir: Path, samples: Samples, cfg: TrainConfig, net, log) -> dict:
    """The shipped ONNX through Lithoscope: per pixel on the stack (class at the 18 points) and the table path."""
    import onnxruntime as ort
    import rasterio

    run = inference()
    stack = data_dir / SUBDIR / STACK_TIF
    with rasterio.open(stack) as ds:
        raw = ds.read().astype(np.float64)  # (12, H, W) NDVI x 10000
        crs, inverse = ds.crs, ~ds.transform
    records, xs, ys = sinop_points(data_dir, crs)
    cols, rows = (np.floor(v).astype(int) for v in inverse * (xs, ys))
    truth = np.array([CLASSES.index(r["label"]) if r["label"] in CLASSES else -1 for r in records])
    with tempfile.TemporaryDirectory() as tmp:
        lines: list[str] = []
        started = time.perf_counter()
        result = run.run_sequence_raster(
            run.ClassifyParams(
                str(stack),
                str(model_path),
                os.path.join(tmp, "classes.tif"),
                probabilities_path=os.path.join(tmp, "probabilities.tif"),
                threads=1,
            ),
            log=lines.append,
        )
        raster_seconds = time.perf_counter() - started
        with rasterio.open(result.output_path) as ds:
            classes = ds.read(1)
        with rasterio.open(result.probabilities_path) as ds:
            probabilities = ds.read()
    # The same pixels straight through onnxruntime (the engine must agree).
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    meta = json.loads(session.get_modelmeta().custom_metadata_map["band_offset"])[0]
    sc = json.loads(session.get_modelmeta().custom_metadata_map["band_scale"])[0]
    series = raw.reshape(STEPS, -1).T
    direct = session.run(None, {"ndvi": ((series - meta) / sc).astype(np.float32)[:, :, None]})[0]
    direct_classes = direct.argmax(1).reshape(classes.shape)
    # Pixels with a MOD13Q1 fill value (-3000) in a step: the engine interpolates that step, a plain run does not.
    filled = (raw == MOD13Q1_FILL).any(axis=0)
    at = (rows, cols)
    rf = baseline_models(cfg.seed)["random_forest"].fit(samples.x, samples.y)
    nc = baseline_models(cfg.seed)["nearest_centroid"].fit(samples.x, samples.y)
    point_series = raw[:, rows, cols].T / NDVI_UNIT
    rf_pred, nc_pred = rf.predict(point_series), nc.predict(point_series)
    rf_map = rf.predict(series / NDVI_UNIT).reshape(classes.shape)
    gru_pred = classes[at].astype(int)
    points = [
        {
            "id": int(r["id"]),
            "label": r["label"],
            "row": int(rows[i]),
            "col": int(cols[i]),
            "gru": CLASSES[gru_pred[i]],
            "gru_probability": round(float(probabilities[gru_pred[i], rows[i], cols[i]]), 3),
            "random_forest": CLASSES[rf_pred[i]],
            "nearest_centroid": CLASSES[nc_pred[i]],
        }
        for i, r in enumerate(records)
    ]
    share = np.bincount(classes.reshape(-1), minlength=len(CLASSES))[: len(CLASSES)] / classes.size
    # The table path on the 1218 samples (NDVI 0..1: the offset and scale given in that unit).
    offset, scale = meta / NDVI_UNIT, sc / NDVI_UNIT
    table = {int(i): (np.arange(STEPS), samples.x[j]) for j, i in enumerate(samples.ids)}
    table_result = run.run_sequence_table(
        str(model_path), table, run.TableOptions(threads=1, band_offset=(offset,), band_scale=(scale,))
    )
    table_classes = np.array([table_result.outputs[int(i)][0] for i in samples.ids])
    table_direct = session.run(None, {"ndvi": ((samples.x * NDVI_UNIT - meta) / sc).astype(np.float32)[:, :, None]})[0]
    out = {
        "points": points,
        "labels_outside_classes": [r["label"] for r in records if r["label"] not in CLASSES],
        "gru_matches": int((gru_pred == truth).sum()),
        "random_forest_matches": int((rf_pred == truth).sum()),
        "nearest_centroid_matches": int((nc_pred == truth).sum()),
        "n_points": len(records),
        "stack_pixels": int(classes.size),
        "pixels_with_fill_steps": int(filled.sum()),
        "engine_equals_onnxruntime_pixels_without_fill": int((classes == direct_classes)[~filled].sum()),
        "max_abs_probability_difference_without_fill": float(
            np.abs(probabilities - direct.T.reshape(probabilities.shape))[:, ~filled].max()
        ),
        "gru_class_share_of_stack": {c: round(float(share[i]), 4) for i, c in enumerate(CLASSES)},
        "gru_agrees_with_random_forest_pixels": round(float((classes == rf_map).mean()), 4),
        "engine_seconds": round(raster_seconds, 2),
        "engine_log": [line for line in lines if "scaling" in line.lower() or "Dates" in line],
        "table_path_training_fit": scores(samples.y, table_classes),
        "table_path_equals_onnxruntime": int((table_classes == table_direct.argmax(1)).sum()),
        "onnx_vs_torch_max_abs_probability_difference": float(
            np.abs(table_direct - gru_probabilities(net, samples.x, meta, sc)).max()
        ),
    }
    log(
        f"18 points: GRU {out['gru_matches']}/18, RF {out['random_forest_matches']}/18, "
        f"NC {out['nearest_centroid_matches']}/18; engine = onnxruntime at "
        f"{out['engine_equals_onnxruntime_pixels_without_fill']}/{int((~filled).sum())} px without fill steps; "
        f"table path fit accuracy {out['table_path_training_fit']['accuracy']:.4f}"
    )
    return out


# -- main ----------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    cfg = TrainConfig()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="folder for the .onnx and .metrics.json")
    for name in ("hidden", "epochs", "batch_size", "seed", "threads"):
        p.add_argument("--" + name.replace("_", "-"), type=int, default=getattr(cfg, name))
    for name in ("lr", "weight_decay", "noise", "dropout"):
        p.add_argument("--" + name.replace("_", "-"), type=float, default=getattr(cfg, name))
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--groups", type=int, default=10, help="k-means groups of the coordinates (spatial CV)")
    p.add_argument("--no-random-cv", action="store_true", help="skip the random stratified split")
    p.add_argument("--no-cv", action="store_true", help="only train, export and check the shipped model")
    return p.parse_args()


def main() -> None:
    args = parse_args()
    require_torch()  # a clear message and exit status 1 without PyTorch
    cfg = TrainConfig(**{k: getattr(args, k) for k in asdict(TrainConfig())})
    started = time.perf_counter()
    log = print
    data_dir = args.data_dir.resolve()
    samples = load_samples(data_dir)
    dates = check_dates(data_dir)
    log(f"{len(samples.y)} series; class counts {dict(zip(CLASSES, np.bincount(samples.y).tolist()))}")
    log(f"steps align with the stack's dates within {dates['max_offset_days']} day(s) of the season")
    metrics: dict = {
        "model": f"{MODEL_BASENAME}.onnx",
        "config": asdict(cfg),
        "date_alignment": dates,
        "metric_notes": "accuracy; macro_f1 = mean F1 over the classes present in the fold's truth; per-fold "
        "scores averaged (mean, std); per_class_pooled = precision/recall/F1 of all out-of-fold predictions",
    }
    if not args.no_cv:
        from sklearn.model_selection import GroupKFold, StratifiedKFold

        groups = spatial_groups(samples, args.groups, cfg.seed)
        splits = list(GroupKFold(n_splits=args.folds).split(samples.x, samples.y, groups))
        fold_info = [
            {
                "groups": sorted(set(groups[test].tolist())),
                "n": int(len(test)),
                "class_counts": dict(zip(CLASSES, np.bincount(samples.y[test], minlength=4).tolist())),
            }
            for _, test in splits
        ]
        log(f"spatial CV: {args.groups} k-means groups of lon/lat, GroupKFold({args.folds})")
        metrics["spatial_cv"] = {
            "how": f"k-means ({args.groups} groups, random_state {cfg.seed}) of (lon*cos(mean lat), lat); "
            f"GroupKFold({args.folds}); samples at the same place (other seasons) stay in one fold",
            "folds": fold_info,
            "results": cross_validate(samples, splits, cfg, log),
        }
        places = np.unique(np.column_stack([samples.lon, samples.lat]), axis=0, return_inverse=True)[1].reshape(-1)
        log(f"CV by place: {places.max() + 1} distinct coordinates, GroupKFold({args.folds})")
        metrics["place_cv"] = {
            "how": f"GroupKFold({args.folds}) over the {int(places.max()) + 1} distinct coordinates: the same place in "
            "other seasons stays in one fold, but neighbouring places can be in train and test",
            "results": cross_validate(
                samples, list(GroupKFold(n_splits=args.folds).split(samples.x, samples.y, places)), cfg, log
            ),
        }
        if not args.no_random_cv:
            log(f"random stratified CV ({args.folds} folds)")
            random_splits = list(
                StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=cfg.seed).split(samples.x, samples.y)
            )
            metrics["random_cv"] = {
                "how": f"StratifiedKFold({args.folds}, shuffle, random_state {cfg.seed}); the same place in other "
                "seasons can be in train and test",
                "results": cross_validate(samples, random_splits, cfg, log),
            }
    log("training the shipped model on all samples")
    t0 = time.perf_counter()
    net, offset, scale = train_gru(samples.x, samples.y, cfg)
    metrics["train_seconds_all_samples"] = round(time.perf_counter() - t0, 1)
    metrics["scaling"] = {"band_offset": offset, "band_scale": scale, "unit": "NDVI x 10000"}
    final_path = args.out / f"{MODEL_BASENAME}.onnx"
    path = args.out / f"{MODEL_BASENAME}.metrics.json"
    # Written beside the old file and renamed into place only when the checks below have run.
    with atomic_path(final_path) as model_path:
        export_onnx(net, model_path, build_contract(offset, scale, dates, None))
        metrics["sinop_check"] = check_shipped(model_path, data_dir, samples, cfg, net, log)
        metrics["parameters"] = int(sum(p.numel() for p in net.parameters()))
        import onnxruntime
        import sklearn
        import torch

        metrics["versions"] = {
            "torch": torch.__version__,
            "onnxruntime": onnxruntime.__version__,
            "sklearn": sklearn.__version__,
        }
        metrics["total_seconds"] = round(time.perf_counter() - started, 1)
        summary = {
            "sinop_18_points": {
                k: metrics["sinop_check"][k]
                for k in ("gru_matches", "random_forest_matches", "nearest_centroid_matches", "n_points")
            }
        }
        for split in ("spatial_cv", "place_cv", "random_cv"):
            if split in metrics:
                summary[split] = {
                    name: {k: r[k] for k in ("mean_accuracy", "mean_macro_f1")}
                    for name, r in metrics[split]["results"].items()
                }
        write_contract(model_path, {"metrics": summary})
        write_json(path, metrics, indent=2)
    log(json.dumps(summary, indent=1))
    log(f"wrote {final_path} and {path} in {metrics['total_seconds']:.0f} s")


if __name__ == "__main__":
    main()
