# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the GNSS displacement forecaster through Lithoscope's own sequence training job (lithoscope:trainsequence).

Data: ``../shared/datasets/gnss_timeseries/stations_neu/*.csv``, 17 GNSS stations with daily east (`lon`), north
(`lat`) and up (`ver`) displacement in mm, 2005-2018 (github.com/helmsman-sun/gnss-station-neu-timeseries, CC BY 4.0),
given to the job as a user gives it: one long table (station, date, E, N, U). The job puts each station on a daily
grid, slides windows of 90 days over it and forecasts E, N and U 7 and 30 days after each window's last day, as the
change from the last day (`relative`: the level of a station does not matter, a step cannot saturate the network).
It holds out whole stations (never random windows) and compares the model with persistence and a straight line on
the same held-out windows; it writes the model, its card and the HTML report.

Usage (from the repository root; the training environment .venv-train must exist)::

    .venv/bin/python training/train_gnss_forecaster_job.py --minutes 6 --out /tmp/gnss_job/gnss.onnx

`make models` runs `train()` here for the shipped models/gnss_displacement_forecast.onnx (training/make_models.py).
"""

from __future__ import annotations

import argparse
import functools
import glob
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import REPO_ROOT, lithoscope  # noqa: E402

DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "datasets" / "gnss_timeseries" / "stations_neu"
TITLE = "GNSS displacement forecaster (17 stations, daily E/N/U) trained with lithoscope:trainsequence"
LENGTH, AHEAD, TARGETS = 90, "7,30", "E,N,U"


def read_stations(folder: Path = DEFAULT_DATA):
    """The stations as one long table (station, ISO date, (E, N, U) mm), in file order."""
    import pandas as pd

    files = sorted(glob.glob(str(folder / "*.csv")))
    if not files:
        sys.exit(f"{folder} has no station files (the shared dataset gnss_timeseries)")
    ids, times, rows = [], [], []
    for path in files:
        table = pd.read_csv(path, usecols=["time", "lon", "lat", "ver", "group"]).sort_values("time")
        ids += table["group"].astype(str).tolist()
        times += table["time"].astype(str).tolist()
        rows += list(zip(*(table[c].astype(float).tolist() for c in ("lon", "lat", "ver"))))
    return ids, times, rows


OUTPUTS = ("E_7d", "N_7d", "U_7d", "E_30d", "N_30d", "U_30d")  # the job's E_7 ... U_30 (steps of one day)
HORIZONS = (7, 30)


@functools.lru_cache(maxsize=1)
def _values_by_station(data: Path) -> dict:
    """Station -> its daily (E, N, U) mm (n, 3), read once per folder."""
    import numpy as np

    ids, _, rows = read_stations(data)
    ids, rows = np.asarray(ids), np.asarray(rows, np.float64)
    return {name: rows[ids == name] for name in sorted(set(ids.tolist()))}


def station_windows(names, data: Path = DEFAULT_DATA, history: int = LENGTH):
    """Every window of the stations `names` whose last day has `history` days up to it and both targets after it:
    raw windows (n, 90, 3) mm and targets (n, 6) in the model's output order. The files have every day."""
    import numpy as np

    x, y = [], []
    for name in names:
        values = _values_by_station(data)[name]
        last = np.arange(history - 1, len(values) - max(HORIZONS))
        x += [values[o - LENGTH + 1 : o + 1] for o in last]
        y += [np.concatenate([values[o + h] for h in HORIZONS]) for o in last]
    return np.stack(x), np.stack(y)


def _table(mae) -> dict:
    """MAE per output and their mean, rounded."""
    return {**{k: round(float(v), 4) for k, v in zip(OUTPUTS, mae)}, "mean": round(float(sum(mae) / len(mae)), 4)}


def _errors(model: str, names, data: Path, history: int) -> tuple[int, dict]:
    """The number of windows of the stations `names` and each method's MAE (mm) per output on them: the model through
    Lithoscope's table run, persistence, the mean of the last 7 days and a least-squares line over the 90-day window."""
    import numpy as np
    from lithoscope.inference.pipelines.tables import SequenceModel

    x, y = station_windows(names, data, history)
    run = SequenceModel(model, threads=2).predict(list(range(len(x))), x, "held-out windows")
    feature, ahead = np.tile([0, 1, 2], len(HORIZONS)), np.repeat(HORIZONS, 3)
    t = np.arange(LENGTH) - (LENGTH - 1) / 2.0
    window = x[:, :, feature]
    slope = (window * t[None, :, None]).sum(axis=1) / (t**2).sum()
    methods = {
        "model": np.array([run.outputs[i] for i in range(len(x))], np.float64),
        "persistence": window[:, -1],
        "mean of the last 7 days": window[:, -7:].mean(axis=1),
        "line over the 90-day window": window.mean(axis=1) + slope * ((LENGTH - 1) / 2.0 + ahead)[None, :],
    }
    return len(x), {name: np.abs(p - y).mean(axis=0) for name, p in methods.items()}


def scores(model: str, names, data: Path = DEFAULT_DATA, history: int = LENGTH) -> dict:
    """MAE (mm) per output and their mean on the windows of the stations `names` (see `_errors`)."""
    windows, mae = _errors(model, names, data, history)
    return {"stations": sorted(names), "windows": windows, "mae_mm": {n: _table(v) for n, v in mae.items()}}


def station_folds(folds: int = 5, history: int = 365, data: Path = DEFAULT_DATA, log=print, **kw) -> dict:
    """The job run once per fold of a GroupKFold over the stations (the folds of the 1.0 card: windows with a year of
    history, stations assigned by their window counts), each fold's stations held out (two others stop training);
    MAE pooled over every held-out window, per fold and pooled."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    values = _values_by_station(data)
    names = list(values)
    counts = [max(0, len(values[n]) - max(HORIZONS) - history + 1) for n in names]  # windows of each station
    groups = np.repeat(np.arange(len(names)), counts)
    out, sums, total = [], {}, 0
    with tempfile.TemporaryDirectory() as tmp:
        for k, (_, test) in enumerate(GroupKFold(folds).split(groups, groups=groups)):
            held = [names[i] for i in np.unique(groups[test])]
            log(f"Fold {k + 1}/{folds}: stations {', '.join(held)} held out")
            model = Path(tmp) / f"fold{k}.onnx"
            train(model, data, test_groups=tuple(held), log=lambda m: None, **kw)
            windows, mae = _errors(str(model), held, data, history)
            for name, value in mae.items():
                sums[name] = sums.get(name, 0) + value * windows
            total += windows
            out.append({"stations": sorted(held), "windows": windows, "mae_mm": {n: _table(v) for n, v in mae.items()}})
            log(f"  MAE model {mae['model'].mean():.3f}, persistence {mae['persistence'].mean():.3f}")
    pooled = {name: _table(s / total) for name, s in sums.items()}
    return {"folds": out, "windows": total, "pooled_mae_mm": pooled, "history_days": history}


def train(out: Path, data: Path = DEFAULT_DATA, arch: str = "gru", minutes: float = 8.0, epochs: int = 40,
          hidden: int = 32, seed: int = 0, threads: int = 2, refit: bool = False, report: str | None = None,
          test_groups: tuple[str, ...] = (), log=print):  # fmt: skip
    """Run the sequence job (forecaster of E, N, U at 7 and 30 days from 90 days, relative, absolute-error loss) on
    the stations; the job's TrainResult (model `out`, its card and report written)."""
    lithoscope()
    from lithoscope.inference.sources.series import LongTable
    from lithoscope.learning.common import TrainSettings, train_model, training_python
    from lithoscope.learning.sequences import prepare_table_sequences

    ids, times, rows = read_stations(data)
    table = LongTable(ids, times, rows, ("E", "N", "U"), str(data), "time")
    prepared = prepare_table_sequences(
        table=table, id_field="station", task="forecast", length=LENGTH, target=TARGETS, ahead=AHEAD,
        interval_days=1.0, relative=True, seed=seed, log=log,
    )  # fmt: skip
    settings = TrainSettings(
        arch=arch, epochs=epochs, minutes=minutes, patience=6, batch=256, lr=3e-3, hidden=hidden, seed=seed,
        threads=threads, refit=refit, noise=0.0, dropout=0.1, weight_decay=1e-4, forecast_loss="l1",
        test_groups=test_groups,
    )  # fmt: skip
    return train_model(prepared, settings, str(out), training_python(), lambda f: None, log, lambda: False, TITLE,
                       report_path=report)  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "gnss_job" / "gnss_job.onnx")
    p.add_argument("--arch", default="gru", choices=("gru", "lstm", "cnn1d"))
    p.add_argument("--minutes", type=float, default=8.0)
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--folds", type=int, default=0, help="run a GroupKFold over the stations instead (the 1.0 card's)")
    args = p.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if args.folds:
        lithoscope()
        cv = station_folds(args.folds, minutes=args.minutes, epochs=args.epochs, hidden=args.hidden, seed=args.seed,
                           threads=args.threads, arch=args.arch)  # fmt: skip
        print(json.dumps({"windows": cv["windows"], **cv["pooled_mae_mm"]}, indent=1))
        print(f"{time.perf_counter() - started:.0f} s")
        return
    result = train(args.out, args.data, args.arch, args.minutes, args.epochs, args.hidden, args.seed, args.threads)
    scores = result.metrics["scores"]
    summary = {name: {k: round(s[k], 3) for k in ("mae", "rmse")} for name, s in scores.items()}
    print(json.dumps({"held_out": result.metrics["group_names"]["test"], **summary}, indent=1))
    print(
        f"model {result.model}, report {result.report}, {time.perf_counter() - started:.0f} s, "
        f"{result.samples_per_s:.0f} samples/s"
    )


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
