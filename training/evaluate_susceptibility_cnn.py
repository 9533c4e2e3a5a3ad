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
from pathlib import Path

from export_common import read_contract
from susceptibility_cnn_common import (
    DEFAULT_OUT_DIR,
    MODEL_BASENAME,
    add_common_args,
    config_from_args,
    evaluate_from_args,
    load_areas,
)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_args(p)
    p.add_argument("--model", type=Path, default=DEFAULT_OUT_DIR / f"{MODEL_BASENAME}.onnx")
    p.add_argument("--cv", action="store_true", help="also run the within-area spatial CV (10 more trainings)")
    p.add_argument("--json", type=Path, default=None, help="also write the metrics to this JSON file")
    p.add_argument("--extra-seeds", type=str, default="", help="repeat the cross-area runs with these seeds: 1,2,3")
    args = p.parse_args()
    cfg = config_from_args(args)
    training = (read_contract(args.model).metrics or {}).get("training")
    evaluate_from_args(args.model, load_areas(args.data_dir, args.work_dir), cfg, args, training)


if __name__ == "__main__":
    main()
