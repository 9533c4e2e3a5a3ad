# SPDX-License-Identifier: GPL-2.0-or-later
"""Train a small fully-convolutional CNN for landslide susceptibility from the terrain factors of a DEM alone.

Inputs are seven terrain factors that Lithoscope derives from any projected DEM
(`susceptibility.factors.build_factors` with `TerrainFactors(dem, names=FACTORS)`, or the Processing
algorithm `lithoscope:buildfactors`): slope, aspect sine and cosine, plan and profile curvature,
topographic position index and topographic wetness index. The shipped model is trained on both
real inventories in ``../shared/datasets``:

- ``ecuador_landslides`` (10 m DEM, tropical Andes; RSAGA GPL-2 / spDataLarge CC0): the 1535 labelled
  points (175 landslide initiation points, 1360 non-landslide points);
- ``hungary_landslides`` (31 m SRTM DEM, Gerecse hills; frmod, MIT): every pixel of the scarp mask
  (4997 scarp pixels, the other mapped pixels non-scarp).

Training draws 32 x 32 patches around labelled pixels (half presences, half absences, the areas in
turn) and uses a binary cross-entropy at the labelled pixels of each patch only, weighted so that
each (area, class) group of a batch counts equally. The exported graph takes the scaled factors
(N, 7, H, W) and returns the landslide probability (N, 1, H, W) with the sigmoid inside.

Usage (from the repository root)::

    .venv/bin/python training/train_susceptibility_cnn.py          # train, export, then evaluate
    .venv/bin/python training/evaluate_susceptibility_cnn.py       # cross-area table only

PyTorch is only needed here (`make train-deps`), never by the plugin at run time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import require_torch  # noqa: E402
from susceptibility_cnn_common import (  # noqa: E402
    AREAS,
    DEFAULT_OUT_DIR,
    MODEL_BASENAME,
    add_common_args,
    build_contract,
    config_from_args,
    evaluate_from_args,
    export_onnx,
    fit_scaling,
    load_areas,
    scale,
    train_net,
)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_args(p)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="folder of the exported .onnx")
    p.add_argument("--no-eval", action="store_true", help="skip the cross-area evaluation")
    p.add_argument("--cv", action="store_true", help="also run the within-area spatial CV in the evaluation")
    p.add_argument("--extra-seeds", type=str, default="", help="evaluation: repeat cross-area runs, seeds 1,2")
    p.add_argument("--json", type=Path, default=None, help="evaluation: also write the metrics to this JSON file")
    return p.parse_args()


def main() -> None:
    """Train on both areas, export the ONNX with its contract, then run the cross-area evaluation."""
    args = parse_args()
    require_torch()  # a clear message and exit status 1 without PyTorch
    cfg = config_from_args(args)
    t0 = time.time()
    areas = load_areas(args.data_dir, args.work_dir)
    for a in areas.values():
        print(f"{a.name}: {a.x.shape[2]}x{a.x.shape[1]} px at {a.cell_size:g} m, labels {a.info}")
    both = [areas[n] for n in AREAS]
    offsets, scales = fit_scaling(both, cfg.seed)
    print(f"band_offset {offsets}\nband_scale {scales}")
    t1 = time.time()
    net = train_net([scale(a, offsets, scales) for a in both], [a.labels for a in both], cfg)
    train_s = time.time() - t1
    n_params = sum(p.numel() for p in net.parameters())
    print(f"trained in {train_s:.0f} s ({n_params} parameters); data loading {t1 - t0:.0f} s")
    path = args.out / f"{MODEL_BASENAME}.onnx"
    training = {"training_seconds": round(train_s, 1), "parameters": int(n_params), "config": cfg.as_dict()}
    export_onnx(net, path, build_contract(offsets, scales, cfg, both, metrics={"training": training}))
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    if not args.no_eval:
        evaluate_from_args(path, areas, cfg, args, training)


if __name__ == "__main__":
    main()
