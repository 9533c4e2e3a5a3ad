# SPDX-License-Identifier: GPL-2.0-or-later
"""Train a small bidirectional GRU that classifies facies over depth from well logs (SEG 2016 facies contest).

The data is the SEG 2016 machine-learning contest table (Hall 2016, The Leading Edge 35(10):906-909),
``../shared/datasets/well_logs/seg2016_facies_vectors.csv``: 4149 samples at 0.5 ft from 10 wells of the
Panoma field (Council Grove group, Kansas), nine facies, logs GR, ILD_LOG10, DPHI, PHIND, PE, NM_M, RELPOS.

The model sees what Lithoscope's per-depth run feeds it (`inference/tables.py`: `well_windows`,
`run_well_logs`): a window of WINDOW samples centred on each depth sample, the ends of a well padded with
its end sample, six curves per sample scaled as (x - band_offset) / band_scale. It returns the nine facies
probabilities of the centre sample (softmax inside the graph).

Decisions (said again in the model card):

- **PE is left out.** Two of the nine real wells (ALEXANDER D, KIMZEY A) have no PE at all, so a model
  that needs PE could not run on them (gap interpolation has nothing to fill from). The six curves every
  well has are used; `--pe-check` measures what leaving PE out costs a random forest on the seven wells
  that have it.
- **Table clean-up**, needed because Lithoscope refuses a well whose depths repeat or go up: three rows that
  repeat the depth of the row before (SHRIMPLIN 2944.0, CROSS H CATTLE 2696.5 and 2721.5 ft) are dropped,
  keeping the first; the pseudo-well 'Recruit F9' (80 bafflestone samples cut from several wells and
  concatenated, depths jumping up and down) is split into its contiguous runs, named 'Recruit F9 #k'.
- **'Recruit F9' is never held out.** It is not a well; its runs are always in the training set (they hold
  80 of the 185 bafflestone samples), in every fold and in the shipped model.

Skill: leave-one-well-out over the nine real wells (micro F1 = accuracy, the contest's score, and macro
F1 per held-out well and pooled), against a random forest on the same six logs per sample and a random
forest on the same windows (flattened), same folds, same training rows. Then the shipped model is
trained on every well, exported (opset 17, dynamic N) with its contract, and run through Lithoscope's
`run_well_logs`; its per-depth classes must equal a direct onnxruntime run on this script's windows.

Usage (from the repository root)::

    .venv/bin/python training/train_facies_sequence.py              # LOWO table, train, export, check
    .venv/bin/python training/train_facies_sequence.py --no-eval    # train + export + engine check only

PyTorch is only needed here (`make train-deps`), never by the plugin at run time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
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

DEFAULT_CSV: Path = REPO_ROOT / ".." / "shared" / "datasets" / "well_logs" / "seg2016_facies_vectors.csv"
DEFAULT_OUT_DIR: Path = REPO_ROOT / "models"
MODEL_BASENAME = "seg2016_facies_gru"
MODEL_VERSION = "1.0.0"

CURVES: tuple[str, ...] = ("GR", "ILD_LOG10", "DPHI", "PHIND", "NM_M", "RELPOS")
CURVE_UNITS: dict[str, str] = {
    "GR": "gamma ray, API",
    "ILD_LOG10": "log10 of deep induction resistivity (ohm.m)",
    "DPHI": "density porosity, %",
    "PHIND": "average of neutron and density porosity, %",
    "NM_M": "1 nonmarine, 2 marine (geologic constraint)",
    "RELPOS": "relative position in the formation, 1 at its top, 0 at its base",
}
FACIES: tuple[str, ...] = (
    "SS nonmarine sandstone",
    "CSiS nonmarine coarse siltstone",
    "FSiS nonmarine fine siltstone",
    "SiSh marine siltstone and shale",
    "MS mudstone",
    "WS wackestone",
    "D dolomite",
    "PS packstone-grainstone",
    "BS phylloid-algal bafflestone",
)
# The facies colours of Hall (2016)'s notebook, so strip logs look like the paper's.
COLORS: tuple[str, ...] = (
    "#F4D03F",
    "#F5B041",
    "#DC7633",
    "#6E2C00",
    "#1B4F72",
    "#2E86C1",
    "#AED6F1",
    "#A569BD",
    "#196F3D",
)
PSEUDO_WELL = "Recruit F9"
RUN_BREAK_FT = 10.0  # a jump larger than any gap in a real well (5.5 ft) starts a new run of the pseudo-well
# The 2016 contest's winner (boosted trees on engineered features): micro F1 about 0.64 on the two blind
# wells STUART and CRAWFORD, which are not in this table. Stored for the card's comparison, not measured here.
CONTEST_WINNER_F1 = 0.64
CITATION = (
    "SEG 2016 machine-learning contest facies vectors: Hall, B. (2016) Facies classification using machine "
    "learning. The Leading Edge 35(10):906-909, doi:10.1190/tle35100906.1; data from the Kansas Geological "
    "Survey (Dubois, Bohling & Chakrabarti 2007, Computers & Geosciences 33:599-617), github.com/seg/2016-ml-contest"
)


# -- data ----------------------------------------------------------------------------------------
@dataclass
class Wells:
    """The table as wells: curves (n, 6), PE (n,) with NaN, facies 0..8, depths (ft), one entry per well."""

    names: list[str]
    depths: list[np.ndarray]
    curves: list[np.ndarray]
    pe: list[np.ndarray]
    facies: list[np.ndarray]
    info: dict = field(default_factory=dict)

    def real(self) -> list[int]:
        """Indices of the real wells (not runs of the pseudo-well)."""
        return [i for i, n in enumerate(self.names) if not n.startswith(PSEUDO_WELL)]

    def rows(self) -> int:
        return int(sum(len(d) for d in self.depths))


def _float(text: str) -> float:
    return float(text) if text.strip() else np.nan


def read_facies_csv(path: Path | str) -> Wells:
    """Read the contest CSV into wells, cleaned as the module docstring says (counts in `info`)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["WELL"], []).append(row)
    wells = Wells([], [], [], [], [])
    dropped = []
    for name, group in groups.items():
        depth = np.array([float(r["DEPTH"]) for r in group])
        if name == PSEUDO_WELL:
            step = np.diff(depth)
            starts = np.concatenate([[0], np.flatnonzero((step <= 0) | (step > RUN_BREAK_FT)) + 1, [len(group)]])
            parts = [(f"{name} #{k + 1}", group[a:b]) for k, (a, b) in enumerate(zip(starts[:-1], starts[1:]))]
            wells.info["pseudo_well_runs"] = [len(p) for _, p in parts]
        else:
            keep = np.concatenate([[True], np.diff(depth) != 0])
            dropped += [f"{name} {d:g}" for d in depth[~keep]]
            parts = [(name, [r for r, k in zip(group, keep) if k])]
        for part_name, part in parts:
            d = np.array([float(r["DEPTH"]) for r in part])
            assert (np.diff(d) > 0).all(), part_name
            wells.names.append(part_name)
            wells.depths.append(d)
            wells.curves.append(np.array([[float(r[c]) for c in CURVES] for r in part]))
            wells.pe.append(np.array([_float(r["PE"]) for r in part]))
            wells.facies.append(np.array([int(r["FACIES"]) - 1 for r in part]))
    wells.info.update(rows_in_csv=len(rows), rows_used=wells.rows(), dropped_repeated_depths=dropped)
    return wells


def well_table(wells: Wells, which: list[int] | None = None):
    """The wells as Lithoscope's WellTable (well id, depth, the six curves) in table order."""
    which = range(len(wells.names)) if which is None else which
    names, depths, curves = [], [], []
    for i in which:
        names += [wells.names[i]] * len(wells.depths[i])
        depths += list(wells.depths[i])
        curves.append(wells.curves[i])
    return inference().WellTable(names, depths, np.concatenate(curves), CURVES)


def windows(wells: Wells, which: list[int], window: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw windows (n, window, 6) centred on each sample of the wells `which`, and their facies (n,).

    The windows are made by Lithoscope's own `well_windows`, so training sees what a run feeds.
    """
    well_windows = inference().well_windows
    xs = [well_windows(wells.depths[i], wells.curves[i], window) for i in which]
    return np.concatenate(xs), np.concatenate([wells.facies[i] for i in which])


def fit_scaling(wells: Wells, which: list[int]) -> tuple[list[float], list[float]]:
    """Per-curve mean and standard deviation of the samples of the wells `which` (6 significant digits)."""
    x = np.concatenate([wells.curves[i] for i in which])
    return [float(f"{v:.6g}") for v in x.mean(0)], [float(f"{v:.6g}") for v in x.std(0)]


def scale(x: np.ndarray, offsets: list[float], scales: list[float]) -> np.ndarray:
    """(x - offset) / scale in float32, as the engine's per_feature scaling computes it."""
    return ((x - np.asarray(offsets)) / np.asarray(scales)).astype(np.float32)


# -- network ---------------------------------------------------------------------------------------
def make_net(window: int, hidden: int = 32, dropout: float = 0.3, clip: float = 6.0):
    """Bidirectional GRU over the window; the head reads both directions at the centre sample (logits out)."""
    torch = require_torch()
    from torch import nn

    class FaciesGRU(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.gru = nn.GRU(len(CURVES), hidden, batch_first=True, bidirectional=True)
            self.drop = nn.Dropout(dropout)
            self.head = nn.Linear(2 * hidden, len(FACIES))

        def forward(self, x):
            # A bound on the scaled inputs: a spike (GR up to 361 API) cannot saturate the GRU gates.
            x = torch.clamp(x, -clip, clip)
            out, _ = self.gru(x)
            return self.head(self.drop(out[:, window // 2]))

    return FaciesGRU()


@dataclass
class TrainConfig:
    """The recipe (see the model card for how it was chosen)."""

    window: int = 25
    hidden: int = 32
    dropout: float = 0.3
    noise: float = 0.1  # Gaussian noise added to the scaled inputs in training
    epochs: int = 10
    batch_size: int = 64
    lr: float = 3e-3
    weight_decay: float = 1e-3
    label_smoothing: float = 0.05
    seed: int = 2016
    threads: int = 1

    def as_dict(self) -> dict:
        return dict(vars(self))


def train_net(x: np.ndarray, y: np.ndarray, cfg: TrainConfig, log=print):
    """Train on scaled windows x (n, T, 6) with facies y (n,); returns the network in eval mode."""
    torch = require_torch()
    seed_everything(cfg.seed, cfg.threads)
    net = make_net(cfg.window, cfg.hidden, cfg.dropout)
    steps_per_epoch = int(np.ceil(len(x) / cfg.batch_size))
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=cfg.epochs * steps_per_epoch)
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=cfg.label_smoothing)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y.astype(np.int64))
    gen = torch.Generator().manual_seed(cfg.seed)
    net.train()
    for epoch in range(cfg.epochs):
        order = torch.randperm(len(x), generator=gen)
        total = 0.0
        for s in range(steps_per_epoch):
            idx = order[s * cfg.batch_size : (s + 1) * cfg.batch_size]
            xb = xt[idx]
            if cfg.noise > 0:
                xb = xb + cfg.noise * torch.randn(xb.shape, generator=gen)
            loss = loss_fn(net(xb), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        if log and (epoch + 1) % 10 == 0:
            log(f"    epoch {epoch + 1}/{cfg.epochs}: loss {total / len(x):.4f}")
    return net.eval()


def predict(net, x: np.ndarray) -> np.ndarray:
    torch = require_torch()
    with torch.no_grad():
        return net(torch.from_numpy(x)).argmax(1).numpy()


# -- scores ----------------------------------------------------------------------------------------
def scores(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    """Micro F1 (= accuracy, the contest's score) and macro F1 over the facies present in the truth."""
    from sklearn.metrics import f1_score

    present = sorted(set(int(v) for v in y_true))
    return {
        "micro_f1": round(float((y_true == y_pred).mean()), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)), 4),
        "samples": int(len(y_true)),
    }


def window_features(x: np.ndarray) -> np.ndarray:
    """A window (n, T, F) flattened to (n, T * F) rows for the random forest."""
    return x.reshape(len(x), -1)


def random_forest(seed: int):
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=200, random_state=seed, n_jobs=1)


def leave_one_well_out(wells: Wells, cfg: TrainConfig, extra_seeds: tuple[int, ...] = (), log=print) -> dict:
    """Each real well held out in turn: GRU, random forest (per sample and on windows), majority class.

    `extra_seeds`: the GRU again with other seeds (methods gru_seed_<s>), for the run-to-run spread.
    """
    real = wells.real()
    pseudo = [i for i in range(len(wells.names)) if i not in real]
    methods = ("gru", "rf_sample", "rf_window", "majority") + tuple(f"gru_seed_{s}" for s in extra_seeds)
    per_well: dict[str, dict] = {}
    pooled = {m: ([], []) for m in methods}
    for held in real:
        t0 = time.time()
        train = [i for i in real if i != held] + pseudo
        offsets, scales = fit_scaling(wells, train)
        x_train, y_train = windows(wells, train, cfg.window)
        x_test, y_test = windows(wells, [held], cfg.window)
        xs_train, xs_test = scale(x_train, offsets, scales), scale(x_test, offsets, scales)
        centre = cfg.window // 2
        preds = {"gru": predict(train_net(xs_train, y_train, cfg, log=None), xs_test)}
        rf = random_forest(cfg.seed).fit(x_train[:, centre], y_train)
        preds["rf_sample"] = rf.predict(x_test[:, centre])
        rf = random_forest(cfg.seed).fit(window_features(x_train), y_train)
        preds["rf_window"] = rf.predict(window_features(x_test))
        preds["majority"] = np.full(len(y_test), np.bincount(y_train).argmax())
        for seed in extra_seeds:
            other = TrainConfig(**{**cfg.as_dict(), "seed": seed})
            preds[f"gru_seed_{seed}"] = predict(train_net(xs_train, y_train, other, log=None), xs_test)
        name = wells.names[held]
        per_well[name] = {m: scores(y_test, p) for m, p in preds.items()}
        for m, p in preds.items():
            pooled[m][0].append(y_test)
            pooled[m][1].append(p)
        got = per_well[name]
        row = "  ".join(f"{m} {got[m]['micro_f1']:.3f}/{got[m]['macro_f1']:.3f}" for m in methods[:4])
        log(f"  {name:16s} n={len(y_test):4d}  {row}  ({time.time() - t0:.0f} s)")
    overall = {m: scores(np.concatenate(t), np.concatenate(p)) for m, (t, p) in pooled.items()}
    from sklearn.metrics import f1_score

    for m, (t, p) in pooled.items():
        f1 = f1_score(np.concatenate(t), np.concatenate(p), labels=range(len(FACIES)), average=None, zero_division=0)
        overall[m]["f1_per_facies"] = {FACIES[k].split()[0]: round(float(v), 3) for k, v in enumerate(f1)}
    mean = {
        m: {k: round(float(np.mean([per_well[w][m][k] for w in per_well])), 4) for k in ("micro_f1", "macro_f1")}
        for m in methods
    }
    gru_runs = [overall[m]["micro_f1"] for m in methods if m.startswith("gru")]
    spread = {
        "seeds": [cfg.seed, *extra_seeds],
        "pooled_micro_f1": gru_runs,
        "mean": round(float(np.mean(gru_runs)), 4),
        "min": min(gru_runs),
        "max": max(gru_runs),
    }
    return {"per_well": per_well, "pooled": overall, "mean_over_wells": mean, "gru_seed_spread": spread}


def pe_check(wells: Wells, seed: int, log=print) -> dict:
    """What leaving PE out costs: random forest per sample with and without PE, LOWO over the wells with PE."""
    with_pe = [i for i in wells.real() if np.isfinite(wells.pe[i]).all()]
    out: dict[str, list] = {"with_pe": [[], []], "without_pe": [[], []]}
    for held in with_pe:
        train = [i for i in with_pe if i != held]
        y_train = np.concatenate([wells.facies[i] for i in train])
        for key, cols in (("with_pe", True), ("without_pe", False)):

            def feats(idx, cols=cols):
                x = np.concatenate([wells.curves[i] for i in idx])
                return np.column_stack([x, np.concatenate([wells.pe[i] for i in idx])]) if cols else x

            pred = random_forest(seed).fit(feats(train), y_train).predict(feats([held]))
            out[key][0].append(wells.facies[held])
            out[key][1].append(pred)
    result = {k: scores(np.concatenate(t), np.concatenate(p)) for k, (t, p) in out.items()}
    result["wells"] = [wells.names[i] for i in with_pe]
    log(
        f"  PE check, RF per sample, LOWO over the {len(with_pe)} wells with PE: micro F1 "
        f"{result['with_pe']['micro_f1']:.3f} with PE, {result['without_pe']['micro_f1']:.3f} without"
    )
    return result


# -- export and check ------------------------------------------------------------------------------
def export_onnx(net, path: Path, window: int, contract: dict) -> None:
    """TorchScript export (opset 17, dynamic N), softmax in the graph, then Lithoscope's contract."""
    model = with_activation(net, "softmax")
    example = require_torch().zeros(2, window, len(CURVES))
    export_onnx_file(model, path, example, "input", "probabilities", {0: "N"}, contract=contract)


def build_contract(offsets: list[float], scales: list[float], cfg: TrainConfig, wells: Wells) -> dict:
    """The Lithoscope contract keys (plain values; write_contract JSON-encodes them)."""
    return {
        "lithoscope_task": "sequence",
        "output_kind": "classes",
        "output_activation": "none",
        "output_roles": {"probabilities": "probabilities"},
        "class_names": list(FACIES),
        "class_colors": list(COLORS),
        "band_names": list(CURVES),
        "band_kinds": ["continuous"] * len(CURVES),
        "band_offset": offsets,
        "band_scale": scales,
        "sequence_length": cfg.window,
        "sequence_features": len(CURVES),
        "sequence_scaling": "per_feature",
        "sequence_gaps": "mask",
        "model_version": MODEL_VERSION,
        "description": (
            f"Facies over depth from six well logs ({', '.join(CURVES)}; no PE), SEG 2016 contest data (Panoma "
            f"field, Kansas): a bidirectional GRU over a window of {cfg.window} samples (0.5 ft spacing, "
            f"{(cfg.window - 1) / 2:g} ft) centred on each depth; nine facies of Dubois et al. (2007). A "
            "demonstration of Lithoscope's per-depth path; outside these wells, check it against core."
        ),
        "training_data": {
            "source": CITATION,
            "file": "well_logs/seg2016_facies_vectors.csv",
            "wells": [n for n in wells.names if not n.startswith(PSEUDO_WELL)] + [PSEUDO_WELL],
            "rows_in_csv": wells.info["rows_in_csv"],
            "rows_used": wells.info["rows_used"],
            "dropped_repeated_depths": wells.info["dropped_repeated_depths"],
            "pseudo_well": f"'{PSEUDO_WELL}' split into {len(wells.info['pseudo_well_runs'])} contiguous runs "
            "(new run where the depth goes up or jumps more than 10 ft); always in training, never held out",
            "curves": {c: CURVE_UNITS[c] for c in CURVES},
            "sample_spacing": "0.5 ft",
            "recipe": cfg.as_dict(),
        },
        "licence": (
            "Model and code: GPL-2.0-or-later. Training data: SEG 2016 machine-learning contest "
            "(github.com/seg/2016-ml-contest; data from the Kansas Geological Survey), cite Hall (2016) The "
            "Leading Edge 35(10):906-909."
        ),
    }


def engine_check(model_path: Path, wells: Wells, cfg: TrainConfig, offsets, scales, log=print) -> dict:
    """Run the exported model through run_well_logs and directly through onnxruntime; they must agree."""
    import onnxruntime as ort

    run = inference()
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        result = run.run_well_logs(
            str(model_path),
            well_table(wells),
            str(Path(tmp) / "facies.csv"),
            options=run.TableOptions(threads=1),
            log=lambda m: log(f"    {m}"),
        )
    engine_seconds = time.time() - t0
    per_depth = result.outputs  # ids (well, sample) per depth sample
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    all_wells = list(range(len(wells.names)))
    x, y = windows(wells, all_wells, cfg.window)
    direct = session.run(None, {"input": scale(x, offsets, scales)})[0].argmax(1)
    engine = np.array([per_depth[(wells.names[i], j)][0] for i in all_wells for j in range(len(wells.depths[i]))])
    mismatches = int((engine != direct).sum())
    real = np.concatenate([np.full(len(wells.depths[i]), i in wells.real()) for i in all_wells])
    check = {
        "samples": int(len(engine)),
        "engine_vs_onnxruntime_mismatches": mismatches,
        "engine_seconds": round(engine_seconds, 2),
        "training_fit_all_rows": scores(y, engine),
        "training_fit_real_wells": scores(y[real], engine[real]),
    }
    log(
        f"  engine check: {len(engine)} samples, {mismatches} differ from onnxruntime; in-sample micro F1 "
        f"{check['training_fit_all_rows']['micro_f1']:.3f} (all rows), "
        f"{check['training_fit_real_wells']['micro_f1']:.3f} (real wells); run_well_logs {engine_seconds:.1f} s"
    )
    if mismatches:
        raise SystemExit("run_well_logs and onnxruntime disagree; the export or the scaling is wrong")
    return check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR)
    defaults = TrainConfig()
    for key, value in defaults.as_dict().items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--no-eval", action="store_true", help="skip the leave-one-well-out table")
    parser.add_argument("--eval-only", action="store_true", help="the leave-one-well-out table only; no export")
    parser.add_argument("--pe-check", action="store_true", help="also score a random forest with and without PE")
    parser.add_argument("--extra-seeds", default="", help="comma-separated seeds: the GRU's LOWO again with each")
    args = parser.parse_args(argv)
    require_torch()  # a clear message and exit status 1 without PyTorch
    cfg = TrainConfig(**{k: getattr(args, k) for k in defaults.as_dict()})
    t_start = time.time()
    wells = read_facies_csv(args.csv)
    real = wells.real()
    print(
        f"{wells.info['rows_in_csv']} rows, {len(real)} real wells + {len(wells.names) - len(real)} runs of "
        f"{PSEUDO_WELL}; dropped repeated depths: {', '.join(wells.info['dropped_repeated_depths'])}"
    )
    metrics: dict = {"recipe": cfg.as_dict(), "curves": list(CURVES)}
    if not args.no_eval:
        print(f"Leave-one-well-out (micro F1 / macro F1), window {cfg.window}:")
        seeds = tuple(int(s) for s in args.extra_seeds.split(",") if s.strip())
        metrics["leave_one_well_out"] = leave_one_well_out(wells, cfg, seeds)
        for m, s in metrics["leave_one_well_out"]["pooled"].items():
            mean = metrics["leave_one_well_out"]["mean_over_wells"][m]
            print(
                f"  pooled {m:10s} micro F1 {s['micro_f1']:.3f}  macro F1 {s['macro_f1']:.3f}   "
                f"(mean over wells {mean['micro_f1']:.3f} / {mean['macro_f1']:.3f})"
            )
    if args.pe_check:
        metrics["pe_check"] = pe_check(wells, cfg.seed)
    if args.eval_only:
        print(json.dumps(metrics, indent=1)[:2000])
        return 0
    everything = list(range(len(wells.names)))
    offsets, scales = fit_scaling(wells, everything)
    x, y = windows(wells, everything, cfg.window)
    t0 = time.time()
    print(f"Training the shipped model on {len(y)} windows of {len(everything)} wells and runs...")
    net = train_net(scale(x, offsets, scales), y, cfg)
    metrics["training_seconds"] = round(time.time() - t0, 1)
    path = args.out / f"{MODEL_BASENAME}.onnx"
    contract = build_contract(offsets, scales, cfg, wells)
    # Written beside the old file and renamed into place only when the engine check has passed.
    with atomic_path(path) as tmp_path:
        export_onnx(net, tmp_path, cfg.window, contract)
        metrics["engine_check"] = engine_check(tmp_path, wells, cfg, offsets, scales)
        metrics["contest_winner_micro_f1_blind_wells"] = CONTEST_WINNER_F1
        metrics["command"] = "training/train_facies_sequence.py " + " ".join(argv if argv is not None else sys.argv[1:])
        metrics["total_seconds"] = round(time.time() - t_start, 1)
        write_contract(tmp_path, {"metrics": metrics})
        write_json(args.out / f"{MODEL_BASENAME}.metrics.json", metrics)
    print(f"Wrote {path} and its metrics ({metrics['total_seconds']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
