# SPDX-License-Identifier: GPL-2.0-or-later
"""Leave-one-well-out skill of the plugin's own well-log training job (lithoscope:trainwells' core:
`learning.wells.prepare_wells` + `learning.common.train_model`) on the SEG 2016 facies table.

The table is cleaned as train_facies_sequence.py does (repeated depths dropped, the pseudo-well 'Recruit F9' split
into its contiguous runs, always trained on, never held out); the six curves every well has (no PE). Each of the
nine real wells is held out in turn (the job picks the early-stopping well(s) among the rest); the job's model and
its random forest on the same flattened windows are scored on the held-out well. Printed: per fold and pooled
micro F1 (accuracy, the contest's score) and macro F1.

    .venv/bin/python training/train_facies_wells_job.py --minutes 1.5 --epochs 40
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import lithoscope  # noqa: E402
from train_facies_sequence import CURVES, DEFAULT_CSV, FACIES, read_facies_csv  # noqa: E402


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", default=str(DEFAULT_CSV))
    parser.add_argument("--arch", default="cnn1d", choices=("gru", "lstm", "cnn1d"))
    parser.add_argument("--window", type=int, default=15)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--minutes", type=float, default=1.5, help="time budget per fold")
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--patience", type=int, default=10)
    parser.add_argument("--val-fraction", type=float, default=0.15, help="share of training wells for early stopping")
    parser.add_argument("--no-class-weights", action="store_true", help="plain cross-entropy (accuracy, not macro F1)")
    parser.add_argument("--wells", default="", help="comma-separated: only these folds")
    args = parser.parse_args(argv)
    lithoscope()
    from lithoscope.inference.training import find_environment
    from lithoscope.learning.common import TrainSettings, train_model
    from lithoscope.learning.wells import prepare_wells

    env = find_environment()
    if env is None:
        print("no training environment (make train-env)")
        return 2
    cols, real = columns(args.csv)
    if args.wells:
        real = [w for w in real if w in args.wells.split(",")]
    codes = Path(tempfile.mkdtemp()) / "codes.csv"
    codes.write_text("".join(f"{i + 1},{name.split()[0]}\n" for i, name in enumerate(FACIES)))
    totals = {"model": [0.0, 0], "random forest": [0.0, 0]}
    head = f"{'held-out well':18s} {'samples':>7s}  {'model micro':>11s} {'macro':>6s}"
    print(f"{head}  {'forest micro':>12s} {'macro':>6s}")
    for held in real:
        started = time.monotonic()
        data = prepare_wells(
            table=cols, well_field="WELL", depth_field="DEPTH", curves=list(CURVES), label="FACIES",
            class_codes=str(codes), window=args.window, min_samples=1, log=lambda m: None,
        )  # fmt: skip
        settings = TrainSettings(
            arch=args.arch, epochs=args.epochs, minutes=args.minutes, patience=args.patience, batch=64,
            hidden=args.hidden, test_groups=(held,), refit=False, seed=args.seed, threads=args.threads,
            class_weighting=not args.no_class_weights, val_fraction=args.val_fraction,
        )  # fmt: skip
        out = Path(tempfile.mkdtemp()) / "fold.onnx"
        result = train_model(
            data, settings, str(out), env.python, lambda f: None, lambda m: None, lambda: False, f"LOWO {held}"
        )
        s = result.metrics["scores"]
        n = s["model"]["samples"]
        for name in totals:
            totals[name][0] += s[name]["accuracy"] * n
            totals[name][1] += n
        print(
            f"{held:18s} {n:7d}  {s['model']['accuracy']:11.3f} {s['model']['macro_f1']:6.3f}  "
            f"{s['random forest']['accuracy']:12.3f} {s['random forest']['macro_f1']:6.3f}  "
            f"({time.monotonic() - started:.0f} s, {len(result.history['validation'])} epochs, "
            f"{result.samples_per_s:.0f} samples/s)",
            flush=True,
        )
    pooled = {name: a / max(1, n) for name, (a, n) in totals.items()}
    print(f"pooled micro F1 (accuracy): model {pooled['model']:.3f}, random forest {pooled['random forest']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
