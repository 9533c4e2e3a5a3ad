# SPDX-License-Identifier: GPL-2.0-or-later
"""Leave-one-well-out skill of the plugin's own well-log training job (lithoscope:trainwells' core:
`learning.wells.prepare_wells` + `learning.common.train_model`) on the SEG 2016 facies table.

The table is cleaned as facies_common.py says (repeated depths dropped, the pseudo-well 'Recruit F9' split
into its contiguous runs, always trained on, never held out); the six curves every well has (no PE). Each of the
nine real wells is held out in turn (the job picks the early-stopping well(s) among the rest); the job's model and
its random forest on the same flattened windows are scored on the held-out well. Printed: per fold and pooled
micro F1 (accuracy, the contest's score) and macro F1.

    .venv/bin/python training/train_facies_wells_job.py --minutes 1.5 --epochs 60 --window 25

`make models` runs `lowo()` and `train()` here for the shipped models/seg2016_facies.onnx (training/make_models.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import lithoscope  # noqa: E402
from facies_common import CURVES, DEFAULT_CSV, FACIES, read_facies_csv  # noqa: E402


def columns(csv_path: str) -> tuple[dict[str, list], list[str]]:
    """The cleaned table as columns (WELL, DEPTH, curves, FACIES 1..9) and the names of the real wells."""
    wells = read_facies_csv(csv_path)
    cols: dict[str, list] = {"WELL": [], "DEPTH": [], "FACIES": [], **{c: [] for c in CURVES}}
    for name, d, curves, facies in zip(wells.names, wells.depths, wells.curves, wells.facies):
        cols["WELL"] += [name] * len(d)
        cols["DEPTH"] += d.tolist()
        cols["FACIES"] += (facies + 1).tolist()
        for j, c in enumerate(CURVES):
            cols[c] += curves[:, j].tolist()
    return cols, [wells.names[i] for i in wells.real()]


def prepared(cols: dict[str, list], window: int):
    """The job's samples of the cleaned table `cols` (columns()), class codes 1..9 named by the facies' short names."""
    from lithoscope.learning.wells import prepare_wells

    with tempfile.TemporaryDirectory() as tmp:
        codes = Path(tmp) / "codes.csv"
        codes.write_text("".join(f"{i + 1},{name.split()[0]}\n" for i, name in enumerate(FACIES)))
        return prepare_wells(
            table=cols, well_field="WELL", depth_field="DEPTH", curves=list(CURVES), label="FACIES",
            class_codes=str(codes), window=window, min_samples=1, log=lambda m: None,
        )  # fmt: skip


def settings(arch="cnn1d", epochs=60, minutes=1.5, hidden=32, threads=1, seed=0, patience=10, val_fraction=0.15,
             class_weights=False, held=(), refit=False):  # fmt: skip
    from lithoscope.learning.common import TrainSettings

    return TrainSettings(
        arch=arch, epochs=epochs, minutes=minutes, patience=patience, batch=64, hidden=hidden, test_groups=held,
        refit=refit, seed=seed, threads=threads, class_weighting=class_weights, val_fraction=val_fraction,
    )  # fmt: skip


def lowo(csv_path: str = str(DEFAULT_CSV), window: int = 25, wells: list[str] | None = None, log=print, **kw) -> dict:
    """Hold each real well out in turn: per-fold and pooled micro F1 (accuracy) and macro F1 of the job's model and
    its random forest (`kw`: settings())."""
    lithoscope()
    from lithoscope.learning.common import train_model, training_python

    python = training_python()
    cols, real = columns(csv_path)  # read once; each fold prepares its own samples (train_model removes them)
    real = [w for w in real if not wells or w in wells]
    totals = {"model": [0.0, 0], "random forest": [0.0, 0]}
    folds = []
    head = f"{'held-out well':18s} {'samples':>7s}  {'model micro':>11s} {'macro':>6s}"
    log(f"{head}  {'forest micro':>12s} {'macro':>6s}")
    for held in real:
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as tmp:
            result = train_model(
                prepared(cols, window), settings(held=(held,), **kw), os.path.join(tmp, "fold.onnx"), python,
                lambda f: None, lambda m: None, lambda: False, f"LOWO {held}",
            )  # fmt: skip
        s = result.metrics["scores"]
        n = s["model"]["samples"]
        for name in totals:
            totals[name][0] += s[name]["accuracy"] * n
            totals[name][1] += n
        folds.append({"well": held, "samples": n, **{
            name: {"micro_f1": round(s[name]["accuracy"], 4), "macro_f1": round(s[name]["macro_f1"], 4)}
            for name in totals}})  # fmt: skip
        log(
            f"{held:18s} {n:7d}  {s['model']['accuracy']:11.3f} {s['model']['macro_f1']:6.3f}  "
            f"{s['random forest']['accuracy']:12.3f} {s['random forest']['macro_f1']:6.3f}  "
            f"({time.monotonic() - started:.0f} s, {len(result.history['validation'])} epochs, "
            f"{result.samples_per_s:.0f} samples/s)"
        )
    pooled = {name: round(a / max(1, n), 4) for name, (a, n) in totals.items()}
    log(f"pooled micro F1 (accuracy): model {pooled['model']:.3f}, random forest {pooled['random forest']:.3f}")
    return {"folds": folds, "pooled_micro_f1": pooled, "window": window, **{k: v for k, v in kw.items()}}


def train(out: str, csv_path: str = str(DEFAULT_CSV), window: int = 25, report: str | None = None, log=print, **kw):
    """The shipped model: the job on every well (a quarter of the wells held out for its report, then the final
    model retrained on all samples); the job's TrainResult."""
    lithoscope()
    from lithoscope.learning.common import train_model, training_python

    return train_model(
        prepared(columns(csv_path)[0], window), settings(refit=True, **kw), out, training_python(), lambda f: None, log,
        lambda: False, "Facies per depth sample of the SEG 2016 wells (Kansas) trained with lithoscope:trainwells",
        report_path=report,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", default=str(DEFAULT_CSV))
    parser.add_argument("--arch", default="cnn1d", choices=("gru", "lstm", "cnn1d"))
    parser.add_argument("--window", type=int, default=25)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--minutes", type=float, default=1.5, help="time budget per fold")
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--patience", type=int, default=10)
    parser.add_argument("--val-fraction", type=float, default=0.15, help="share of training wells for early stopping")
    parser.add_argument("--class-weights", action="store_true", help="weighted cross-entropy (macro F1, not accuracy)")
    parser.add_argument("--wells", default="", help="comma-separated: only these folds")
    args = parser.parse_args(argv)
    lowo(
        args.csv, args.window, [w for w in args.wells.split(",") if w], arch=args.arch, epochs=args.epochs,
        minutes=args.minutes, hidden=args.hidden, threads=args.threads, seed=args.seed, patience=args.patience,
        val_fraction=args.val_fraction, class_weights=args.class_weights,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
