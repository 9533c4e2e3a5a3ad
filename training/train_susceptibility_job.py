# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the DEM-only landslide susceptibility CNN through Lithoscope's map training job (lithoscope:trainsegmentation).

Data: ``../shared/datasets/hungary_landslides`` (frmod, MIT): the 31 m SRTM DEM of the Gerecse hills and the landslide
scarp mask on its grid (1 scarp, 0 mapped ground without scarps, 255 not mapped), given to the job as a user gives a
DEM and a label raster. The model computes seven terrain factors of the DEM itself (slope, aspect as sine and cosine,
plan and profile curvature, TPI, TWI: the scale-free factors of the 1.0 model), never sees the elevation itself
(`terrain_only`), and gives the probability of the scarp class (`probability_of` 1: a susceptibility model, one band,
run by lithoscope:susceptibility or Classify on a DEM). The job holds out whole spatial blocks and compares the model
with a majority class and a random forest on the same factors (F1, kappa and AUC).

Usage (from the repository root; the training environment .venv-train must exist)::

    .venv/bin/python training/train_susceptibility_job.py --minutes 6 --out /tmp/susceptibility_job.onnx

`make models` runs `train()` here for the shipped models/landslide_susceptibility_terrain.onnx
(training/make_models.py), and scores it across areas on the Ecuador inventory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import lithoscope  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "hungary_landslides"
TERRAIN = "slope,aspect_sin,aspect_cos,plan_curvature,profile_curvature,tpi,twi"
TITLE = "Landslide susceptibility from the terrain of a DEM (scarps of the Gerecse hills, Hungary)"


def train(out: str, data_dir: Path = DATA, minutes: float = 8.0, epochs: int = 60, tile: int = 32,
          block_tiles: int = 4, width: int = 16, threads: int = 2, seed: int = 0, patience: int = 15,
          terrain: str = TERRAIN, refit: bool = False, report: str | None = None, log=print):  # fmt: skip
    """Run the map job on the Hungarian DEM and scarp mask; the job's TrainResult (model, card and report written)."""
    lithoscope()
    from lithoscope.learning.common import TrainSettings, train_model, training_python
    from lithoscope.learning.segmentation import prepare_segmentation

    data = prepare_segmentation(
        [str(data_dir / "dem_srtm_31m.tif")],
        label_raster=str(data_dir / "landslide_scarps_mask_31m.tif"),
        tile=tile,
        block_tiles=block_tiles,
        min_labelled=0.3,
        seed=seed,
        terrain=tuple(t for t in terrain.split(",") if t),
        terrain_only=True,
        probability_of="1",
        log=log,
    )
    settings = TrainSettings(
        arch="unet", epochs=epochs, minutes=minutes, patience=patience, batch=16, width=width, threads=threads,
        seed=seed, refit=refit,
    )  # fmt: skip
    return train_model(data, settings, out, training_python(), lambda f: None, log, lambda: False, TITLE,
                       report_path=report)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", default="/tmp/susceptibility_job.onnx")
    parser.add_argument("--minutes", type=float, default=8.0)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--tile", type=int, default=32)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--terrain", default=TERRAIN, help="terrain factors the model computes, comma-separated")
    args = parser.parse_args()
    started = time.perf_counter()
    result = train(args.out, args.data, args.minutes, args.epochs, args.tile, width=args.width, threads=args.threads,
                   seed=args.seed, terrain=args.terrain)  # fmt: skip
    scores = {
        name: {k: round(v[k], 4) for k in ("accuracy", "macro_f1", "kappa", "auc") if k in v}
        for name, v in result.metrics["scores"].items()
    }
    print(json.dumps({"scores": scores, "groups": result.metrics["groups"], "samples": result.metrics["samples"],
                      "samples_per_s": round(result.samples_per_s, 1), "seconds": round(time.perf_counter() - started)},
                     indent=1))  # fmt: skip


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
