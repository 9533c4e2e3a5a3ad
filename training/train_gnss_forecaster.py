# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the GNSS displacement forecaster: a small GRU over the last 90 days of east, north, up (mm).

Data: ``../shared/datasets/gnss_timeseries/stations_neu/*.csv``, 17 GNSS stations with daily east
(`lon`), north (`lat`) and up (`ver`) displacement in mm, 2005-2018
(github.com/helmsman-sun/gnss-station-neu-timeseries, CC BY 4.0).

The model takes the raw daily series (N, 90, 3) in mm and returns the displacement 7 and 30 days
after the last day (N, 6): E_7d, N_7d, U_7d, E_30d, N_30d, U_30d, in mm. The normalisation is inside
the graph: the last day is subtracted, the change since then is compressed with asinh(dx / 10 mm),
the GRU predicts the change at each horizon (in units of 10 mm), and the last day is added back.
So the contract feeds raw mm (sequence_scaling none) and the model works at any level.

Skill is measured held out by station (GroupKFold over the 17 stations, 5 folds), as MAE in mm at
7 and 30 days per component, against persistence (the last day), the mean of the last 7 days, a
least-squares line over the 90-day input window and a line over the last 365 days, on the same
windows. The shipped model is then trained on all stations up to a cut-off one year before the end
of the data; that last year (2017-04-15 to 2018-04-14) is a held-out check in time, scored on the
exported ONNX file with onnxruntime (the test `tests/unit/test_gnss_model.py` repeats it).

Usage (from the repository root)::

    .venv/bin/python training/train_gnss_forecaster.py            # CV table, shipped model, metrics
    .venv/bin/python training/train_gnss_forecaster.py --no-cv    # shipped model and its time check only

PyTorch is only needed here (`make train-deps`), never by the plugin at run time.
"""

from __future__ import annotations

import argparse
import copy
import glob
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import (  # noqa: E402
    REPO_ROOT,
    atomic_path,
    contract_from_values,
    inference,
    require_torch,
    seed_everything,
    write_contract,
    write_json,
)
from export_common import export_onnx as export_onnx_file  # noqa: E402  (shared by the training scripts)

DEFAULT_DATA_DIR: Path = REPO_ROOT / ".." / "shared" / "datasets"
DEFAULT_OUT_DIR: Path = REPO_ROOT / "models"
MODEL_BASENAME = "gnss_displacement_forecast"
MODEL_VERSION = "1.0.0"
STATIONS_DIR = ("gnss_timeseries", "stations_neu")

COMPONENTS = ("E", "N", "U")
COLUMNS = ("lon", "lat", "ver")  # east, north, up in the station files
HORIZONS = (7, 30)  # days after the last day of the window
OUTPUT_NAMES = tuple(f"{c}_{h}d" for h in HORIZONS for c in COMPONENTS)  # E_7d, N_7d, U_7d, E_30d, ...
INPUT_SCALE_MM = 10.0  # inside the graph: asinh((x - last) / 10 mm)
OUTPUT_SCALE_MM = 10.0  # the GRU's change is in units of 10 mm
TREND_DAYS = 365  # the longer-trend baseline; CV windows start where a year of history exists
CITATION = (
    "17 GNSS stations, daily east/north/up displacement (mm), github.com/helmsman-sun/gnss-station-neu-timeseries, "
    "CC BY 4.0"
)
BASELINES = ("persistence", "mean_7d", "trend_window", "trend_365d")


# -- data ----------------------------------------------------------------------------------------


@dataclass
class Station:
    """One station on a daily grid: dates (n,) datetime64[D], values (n, 3) mm, NaN on missing days."""

    name: str
    dates: np.ndarray
    values: np.ndarray


def load_stations(data_dir: Path) -> list[Station]:
    """Every station file, put on a daily grid from its first to its last day (missing days are NaN)."""
    import pandas as pd

    files = sorted(glob.glob(str(Path(data_dir, *STATIONS_DIR) / "*.csv")))
    if not files:
        raise SystemExit(f"No station files under {Path(data_dir, *STATIONS_DIR)}")
    stations = []
    for path in files:
        table = pd.read_csv(path, parse_dates=["time"])
        name = str(table["group"].iloc[0]) if "group" in table else Path(path).stem[:4]
        table = table.set_index("time").sort_index()[list(COLUMNS)]
        days = pd.date_range(table.index.min(), table.index.max(), freq="D")
        daily = table.reindex(days)
        stations.append(Station(name, days.values.astype("datetime64[D]"), daily.to_numpy(np.float64)))
    return stations


def contract_keys(window: int) -> dict:
    """The pre-processing part of the contract (also what training feeds through SequencePrep)."""
    return {
        "lithoscope_task": "sequence",
        "output_kind": "values",
        "sequence_length": window,
        "sequence_features": len(COMPONENTS),
        "sequence_scaling": "none",
        "sequence_gaps": "interpolate",
        "sequence_min_valid": 0.5,
        "sequence_window": "last",
        "sequence_interval_days": 1,
    }


def sequence_prep(window: int):
    """Lithoscope's own pre-processing for `window` raw days x 3 (gaps interpolated as at run time)."""
    contract = contract_from_values(contract_keys(window))
    return inference().plan_sequence(
        contract, (None, window, len(COMPONENTS)), raw_steps=window, features=len(COMPONENTS)
    )


def origins(station: Station, first: int, start=None, end=None) -> np.ndarray:
    """Days o (indices) usable as a forecast origin: o >= first, the day observed, every target observed.

    `start` / `end` (datetime64[D]): only origins on or after `start`, and only targets before `end`.
    """
    n = len(station.values)
    o = np.arange(first, n - max(HORIZONS))
    ok = np.isfinite(station.values[o]).all(axis=1)
    for h in HORIZONS:
        ok &= np.isfinite(station.values[o + h]).all(axis=1)
        if end is not None:
            ok &= station.dates[o + h] < end
    if start is not None:
        ok &= station.dates[o] >= start
    return o[ok]


def windows(station: Station, days: np.ndarray, length: int, prep=None) -> np.ndarray:
    """Raw windows (len(days), length, 3) ending on each origin, through `prep` (gaps interpolated) if given."""
    index = days[:, None] + np.arange(1 - length, 1)[None, :]
    raw = station.values[index]
    if prep is None:
        return raw
    x, keep, _ = prep.prepare(raw)
    x = x.astype(np.float64)
    x[~keep] = np.nan
    return x


def targets(station: Station, days: np.ndarray) -> np.ndarray:
    """(len(days), 6): E, N, U at +7 then +30 days."""
    return np.concatenate([station.values[days + h] for h in HORIZONS], axis=1)


@dataclass
class Samples:
    """Windows of several stations: inputs (n, W, 3), targets (n, 6), station index (n,), origin dates (n,)."""

    x: np.ndarray
    y: np.ndarray
    station: np.ndarray
    dates: np.ndarray
    long: np.ndarray | None = None  # (n, TREND_DAYS, 3) for the longer-trend baseline


def samples(stations: list[Station], which: list[int], window: int, first: int, start=None, end=None, long=False):
    prep = sequence_prep(window)
    prep_long = sequence_prep(TREND_DAYS) if long else None
    parts = []
    for i in which:
        s = stations[i]
        days = origins(s, first, start, end)
        if not len(days):
            continue
        x = windows(s, days, window, prep)
        ok = np.isfinite(x).all(axis=(1, 2))  # series Lithoscope would mask (too few valid days) are left out
        xl = windows(s, days, TREND_DAYS, prep_long) if long else None
        if long:
            ok &= np.isfinite(xl).all(axis=(1, 2))
        parts.append((x[ok], targets(s, days)[ok], np.full(ok.sum(), i), s.dates[days][ok], xl[ok] if long else None))
    return Samples(
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]),
        np.concatenate([p[4] for p in parts]) if long else None,
    )


# -- baselines -----------------------------------------------------------------------------------


def line_forecast(x: np.ndarray) -> np.ndarray:
    """Least-squares line through each window (n, L, 3), extrapolated to +7 and +30 days: (n, 6)."""
    length = x.shape[1]
    t = np.arange(length) - (length - 1) / 2
    slope = (x * t[None, :, None]).sum(axis=1) / (t**2).sum()
    mean = x.mean(axis=1)
    return np.concatenate([mean + slope * ((length - 1) / 2 + h) for h in HORIZONS], axis=1)


def baseline_forecasts(s: Samples) -> dict[str, np.ndarray]:
    last = s.x[:, -1]
    out = {
        "persistence": np.concatenate([last] * len(HORIZONS), axis=1),
        "mean_7d": np.concatenate([s.x[:, -7:].mean(axis=1)] * len(HORIZONS), axis=1),
        "trend_window": line_forecast(s.x),
    }
    if s.long is not None:
        out["trend_365d"] = line_forecast(s.long)
    return out


def mae(prediction: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """MAE (mm) per output name."""
    err = np.abs(prediction - truth).mean(axis=0)
    return {name: round(float(e), 4) for name, e in zip(OUTPUT_NAMES, err)}


# -- model ---------------------------------------------------------------------------------------


@dataclass
class TrainConfig:
    window: int = 90
    hidden: int = 32
    steps: int = 800
    batch_size: int = 256
    lr: float = 3e-3
    weight_decay: float = 1e-4
    seed: int = 20248
    threads: int = 1
    flip: bool = True  # random sign flips of east and north (horizontal motion has no preferred direction)
    summaries: bool = True  # the head also reads the window's 7-day mean and trend


def _asinh(z):
    """asinh, written out: the TorchScript exporter has no Asinh (a signed log for large changes)."""
    torch = require_torch()
    return torch.sign(z) * torch.log(z.abs() + torch.sqrt(z * z + 1.0))


def build_net(hidden: int, window: int, summaries: bool = True):
    """The forecaster; with `summaries` its head also reads the window's 7-day mean and least-squares trend."""
    torch = require_torch()
    t = torch.arange(window, dtype=torch.float32) - (window - 1) / 2
    # Weights of the least-squares slope (per day) and of the last week's mean, as fixed linear maps.
    slope = (t / (t * t).sum()).reshape(1, window, 1)
    week = torch.zeros(1, window, 1)
    week[:, -7:] = 1.0 / 7

    class Forecaster(torch.nn.Module):
        """(N, W, 3) raw mm -> (N, 6) mm: the change since the last day, predicted by a GRU, added back."""

        def __init__(self) -> None:
            super().__init__()
            self.gru = torch.nn.GRU(len(COMPONENTS), hidden, batch_first=True)
            extra = 2 * len(COMPONENTS) if summaries else 0
            self.head = torch.nn.Linear(hidden + extra, len(OUTPUT_NAMES))
            self.register_buffer("slope", slope)
            self.register_buffer("week", week)

        def forward(self, x):
            last = x[:, -1:, :]
            z = (x - last) / INPUT_SCALE_MM
            states, _ = self.gru(_asinh(z))
            features = states[:, -1]
            if summaries:  # the baselines' own numbers: last week's mean, and the trend over 30 days
                features = torch.cat(
                    [features, _asinh((z * self.week).sum(1)), _asinh((z * self.slope).sum(1) * 30.0)], dim=1
                )
            delta = self.head(features) * OUTPUT_SCALE_MM
            return delta + torch.cat([last[:, 0]] * len(HORIZONS), dim=1)

    return Forecaster()


def train(data: Samples, cfg: TrainConfig, log=print):
    """A GRU forecaster trained with an L1 loss (the metric is MAE) on random batches of `data`."""
    torch = require_torch()
    seed_everything(cfg.seed, cfg.threads)
    net = build_net(cfg.hidden, cfg.window, cfg.summaries)
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=cfg.steps, pct_start=0.15)
    x_all = torch.from_numpy(data.x.astype(np.float32))
    y_all = torch.from_numpy(data.y.astype(np.float32))
    # Each station is drawn equally often, so the long records (USUD, J089) do not dominate.
    counts = np.bincount(data.station)
    weights = torch.from_numpy((1.0 / counts[data.station]).astype(np.float64))
    gen = torch.Generator().manual_seed(cfg.seed)
    net.train()
    started = time.time()
    for step in range(cfg.steps):
        idx = torch.multinomial(weights, cfg.batch_size, replacement=True, generator=gen)
        x, y = x_all[idx], y_all[idx]
        if cfg.flip:
            sign = torch.where(torch.rand(len(idx), 1, 3, generator=gen) < 0.5, -1.0, 1.0)
            sign[:, :, 2] = 1.0  # up stays up
            x = x * sign
            y = y * torch.cat([sign[:, 0]] * len(HORIZONS), dim=1)
        loss = ((net(x) - y).abs() / OUTPUT_SCALE_MM).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        sched.step()
        if (step + 1) % max(1, cfg.steps // 4) == 0:
            took = time.time() - started
            log(f"  step {step + 1}/{cfg.steps}: L1 {loss.item() * OUTPUT_SCALE_MM:.2f} mm ({took:.0f} s)")
    net.eval()
    return net


def predict(net, x: np.ndarray, batch: int = 4096) -> np.ndarray:
    torch = require_torch()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out.append(net(torch.from_numpy(x[i : i + batch].astype(np.float32))).numpy())
    return np.concatenate(out).astype(np.float64)


# -- evaluation ----------------------------------------------------------------------------------


def cross_validate(stations: list[Station], cfg: TrainConfig, folds: int, log=print) -> dict:
    """GroupKFold over stations: the GRU and the baselines on every held-out station's windows."""
    from sklearn.model_selection import GroupKFold

    first_eval = TREND_DAYS - 1  # a year of history, so that every method sees the same windows
    names = [s.name for s in stations]
    groups = np.arange(len(stations))
    predictions: dict[str, list] = {"gru": [], **{b: [] for b in BASELINES}}
    truth, station_of, fold_rows = [], [], []
    for k, (train_idx, test_idx) in enumerate(GroupKFold(n_splits=folds).split(groups, groups=groups)):
        log(f"fold {k + 1}/{folds}: held out {', '.join(names[i] for i in test_idx)}")
        train_set = samples(stations, list(train_idx), cfg.window, cfg.window - 1)
        test_set = samples(stations, list(test_idx), cfg.window, first_eval, long=True)
        net = train(train_set, cfg, log)
        fold_pred = {"gru": predict(net, test_set.x), **baseline_forecasts(test_set)}
        for name, p in fold_pred.items():
            predictions[name].append(p)
        truth.append(test_set.y)
        station_of.append(test_set.station)
        fold_rows.append(
            {
                "held_out": [names[i] for i in test_idx],
                "windows": int(len(test_set.y)),
                "train_windows": int(len(train_set.y)),
                "mae_mm": {name: mae(p, test_set.y) for name, p in fold_pred.items()},
            }
        )
    y = np.concatenate(truth)
    station = np.concatenate(station_of)
    pooled = {name: mae(np.concatenate(p), y) for name, p in predictions.items()}
    # Stations where the GRU beats the best baseline, per output (how general a pooled win is).
    per_station = {}
    for i, name in enumerate(names):
        rows = station == i
        per_station[name] = {m: mae(np.concatenate(p)[rows], y[rows]) for m, p in predictions.items()}
    wins = {}
    for out in OUTPUT_NAMES:
        best = [min(per_station[n][b][out] for b in BASELINES) for n in names]
        wins[out] = int(sum(per_station[n]["gru"][out] < b for n, b in zip(names, best)))
    return {
        "method": f"GroupKFold over the {len(stations)} stations, {folds} folds; every origin day of a held-out "
        f"station with {TREND_DAYS} days of history and observed targets (MAE in mm, pooled over windows)",
        "windows": int(len(y)),
        "mae_mm": pooled,
        "stations_where_gru_beats_best_baseline": wins,
        "folds": fold_rows,
        "per_station_mae_mm": per_station,
    }


def time_check(stations: list[Station], onnx_path: Path, cfg: TrainConfig, start) -> dict:
    """The last year (origins from `start`), after the shipped model's cut-off: exported ONNX vs baselines."""
    import onnxruntime as ort

    test_set = samples(stations, list(range(len(stations))), cfg.window, TREND_DAYS - 1, start=start, long=True)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])
    got = session.run(None, {session.get_inputs()[0].name: test_set.x.astype(np.float32)})[0].astype(np.float64)
    results = {
        "gru_onnx": mae(got, test_set.y),
        **{b: mae(p, test_set.y) for b, p in baseline_forecasts(test_set).items()},
    }
    return {
        "method": f"origins from {start} to the end of each record (targets observed), all stations; the shipped "
        "model was trained only on targets before that date; scored on the exported ONNX with onnxruntime",
        "origin_start": str(start),
        "stations": sorted({stations[i].name for i in test_set.station}),
        "windows": int(len(test_set.y)),
        "mae_mm": results,
    }


# -- export --------------------------------------------------------------------------------------


def export_onnx(net, path: Path, contract: dict, window: int) -> None:
    """TorchScript export (opset 17, dynamic N), then Lithoscope's contract."""
    model = copy.deepcopy(net).eval()
    example = require_torch().zeros(2, window, len(COMPONENTS))
    export_onnx_file(model, path, example, "series", "forecast", {0: "N"}, contract=contract)


def build_contract(cfg: TrainConfig, cutoff, stations: list[Station], metrics: dict) -> dict:
    return {
        **contract_keys(cfg.window),
        "class_names": list(OUTPUT_NAMES),  # the value outputs' names: fields e_7d ... u_30d
        "class_colors": ["#1f78b4", "#33a02c", "#e31a1c", "#a6cee3", "#b2df8a", "#fb9a99"],  # 30 d: lighter
        "band_names": list(COMPONENTS),  # a sequence model's features per step (a stack: band t * 3 + f)
        "band_offset": [0.0],  # raw mm: the normalisation is inside the graph (sequence_scaling none)
        "band_scale": [1.0],
        "model_version": MODEL_VERSION,
        "description": (
            f"GNSS (or other daily) displacement forecast: from the last {cfg.window} days of east, north and up "
            "displacement (mm) of a monitoring point, the displacement 7 and 30 days after its last observed day "
            "(E_7d, N_7d, U_7d, E_30d, N_30d, U_30d, mm). A small GRU trained on 17 GNSS stations of one regional "
            "network. Held out by station its MAE beats persistence, the last week's mean and 90- and 365-day "
            "trends at both horizons; in a calm held-out final year a straight 90-day trend still forecasts east "
            "and north at 30 days better. See models/gnss_displacement_forecast.md."
        ),
        "licence": "GPL-2.0-or-later (model); training data CC BY 4.0 (gnss-station-neu-timeseries)",
        "training_data": {
            "source": CITATION,
            "stations": [s.name for s in stations],
            "days": {s.name: [str(s.dates[0]), str(s.dates[-1])] for s in stations},
            "cutoff": f"targets before {cutoff} (the last year is a held-out check in time)",
            "inputs": "raw mm; inside the graph: asinh((x - last day) / 10 mm); output = last day + 10 mm x GRU",
        },
        "metrics": metrics,
    }


# -- command line ----------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR)
    p.add_argument("--window", type=int, default=TrainConfig.window)
    p.add_argument("--hidden", type=int, default=TrainConfig.hidden)
    p.add_argument("--steps", type=int, default=TrainConfig.steps)
    p.add_argument("--batch-size", type=int, default=TrainConfig.batch_size)
    p.add_argument("--lr", type=float, default=TrainConfig.lr)
    p.add_argument("--seed", type=int, default=TrainConfig.seed)
    p.add_argument("--threads", type=int, default=TrainConfig.threads)
    p.add_argument("--no-flip", action="store_true", help="no random sign flips of east and north")
    p.add_argument("--no-summaries", action="store_true", help="the head reads the GRU state only")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--holdout-days", type=int, default=365, help="the last days kept out of the shipped model")
    p.add_argument("--no-cv", action="store_true", help="skip the station cross-validation")
    return p.parse_args()


def main() -> None:
    args = parse_args()
    require_torch()  # a clear message and exit status 1 without PyTorch
    cfg = TrainConfig(
        window=args.window,
        hidden=args.hidden,
        steps=args.steps,
        batch_size=args.batch_size,
        lr=args.lr,
        seed=args.seed,
        threads=args.threads,
        flip=not args.no_flip,
        summaries=not args.no_summaries,
    )
    started = time.time()
    stations = load_stations(args.data_dir)
    print(f"{len(stations)} stations: " + ", ".join(f"{s.name} ({len(s.dates)} d)" for s in stations))
    metrics: dict = {"config": cfg.__dict__, "outputs": list(OUTPUT_NAMES), "horizons_days": list(HORIZONS)}
    if not args.no_cv:
        metrics["station_cv"] = cross_validate(stations, cfg, args.folds)
        print(json.dumps(metrics["station_cv"]["mae_mm"], indent=1))
    end = max(s.dates[-1] for s in stations)
    cutoff = end - np.timedelta64(args.holdout_days - 1, "D")
    print(f"shipped model: all stations, targets before {cutoff}")
    shipped = samples(stations, list(range(len(stations))), cfg.window, cfg.window - 1, end=cutoff)
    net = train(shipped, cfg)
    metrics["shipped_training_windows"] = int(len(shipped.y))
    # The model is written under a temporary name and renamed into place after the checks, the metrics
    # just before it, so a failed or interrupted run leaves the shipped files as they were.
    onnx_path = args.out / f"{MODEL_BASENAME}.onnx"
    metrics_path = args.out / f"{MODEL_BASENAME}.metrics.json"
    with atomic_path(onnx_path) as tmp_onnx:
        export_onnx(net, tmp_onnx, build_contract(cfg, cutoff, stations, {}), cfg.window)
        metrics["time_check"] = time_check(stations, tmp_onnx, cfg, cutoff)
        print(json.dumps(metrics["time_check"]["mae_mm"], indent=1))
        metrics["command"] = " ".join(["python training/train_gnss_forecaster.py", *sys.argv[1:]])
        metrics["train_seconds"] = round(time.time() - started, 1)
        import onnxruntime
        import torch

        metrics["versions"] = {"torch": torch.__version__, "onnxruntime": onnxruntime.__version__}
        summary = {k: metrics[k] for k in ("outputs", "time_check")}
        if "station_cv" in metrics:
            summary["station_cv"] = {k: v for k, v in metrics["station_cv"].items() if k != "per_station_mae_mm"}
        write_contract(tmp_onnx, {"metrics": summary})
        write_json(metrics_path, metrics)
    print(f"wrote {onnx_path} and {metrics_path.name} in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
