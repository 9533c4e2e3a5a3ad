# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the terrain-to-geology map model through the plugin's own job (lithoscope:trainsegmentation's core).

The Gerecse data (../shared/datasets/hungary_landslides: SRTM elevation (and optionally its slope raster) at 31 m,
14 geology units of the Hungarian 1:100k map as the label raster), trained and validated exactly as a user's job
is: tiles cut where labels are, whole spatial blocks held out for the test and for early stopping, the
held-out pixels scored for the U-Net, a random forest and the majority class trained on the same pixels.

    .venv/bin/python training/train_lithology_job.py --minutes 8 --out /tmp/litho_job.onnx

`make models` runs `train()` here for the shipped models/lithology_terrain_hungary.onnx (training/make_models.py).

Prints the held-out scores (accuracy, macro F1, kappa) of the three and writes the model, its card and report.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import lithoscope  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "hungary_landslides"


SLOPE = "slope_31m.tif"
TERRAIN = "slope,tpi,relief_10,relief_30,roughness"  # the factors the shipped model computes of the DEM itself


def train(out: str, data_dir: Path = DATA, minutes: float = 8.0, epochs: int = 60, tile: int = 32,
          block_tiles: int = 4, width: int = 16, threads: int = 2, seed: int = 0, patience: int = 15,
          terrain: str = TERRAIN, dem_only: bool = True, report: str | None = None, log=print,
          refit: bool = True):  # fmt: skip
    """Run the segmentation job on the Hungarian data; the job's TrainResult (model, card and report written)."""
    lithoscope()
    from lithoscope.learning.common import TrainSettings, train_model, training_python
    from lithoscope.learning.segmentation import prepare_segmentation

    data = prepare_segmentation(
        [str(data_dir / "dem_srtm_31m.tif")] + ([] if dem_only else [str(data_dir / SLOPE)]),
        label_raster=str(data_dir / "geology_14classes_31m.tif"),
        tile=tile,
        block_tiles=block_tiles,
        min_labelled=0.3,
        seed=seed,
        terrain=tuple(t for t in terrain.split(",") if t),
    )
    settings = TrainSettings(
        arch="unet", epochs=epochs, minutes=minutes, patience=patience, batch=16, width=width, threads=threads,
        seed=seed, refit=refit,
    )  # fmt: skip
    return train_model(
        data, settings, out, training_python(), lambda f: None, log, lambda: False,
        "Geology units from SRTM elevation and the terrain factors the model derives of it, Gerecse hills (Hungary)",
        report_path=report,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", default="/tmp/lithology_job.onnx")
    parser.add_argument("--minutes", type=float, default=8.0)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--tile", type=int, default=32)
    parser.add_argument("--block-tiles", type=int, default=4)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--patience", type=int, default=15)
    parser.add_argument("--terrain", default=TERRAIN, help="terrain factors the model computes, comma-separated")
    parser.add_argument("--with-slope", action="store_true", help="also the dataset's slope raster as an input")
    args = parser.parse_args()
    started = time.perf_counter()
    result = train(
        args.out, args.data, args.minutes, args.epochs, args.tile, args.block_tiles, args.width, args.threads,
        args.seed, args.patience, args.terrain, not args.with_slope,
    )  # fmt: skip
    scores = {
        name: {k: round(v[k], 4) for k in ("accuracy", "macro_f1", "kappa")}
        for name, v in result.metrics["scores"].items()
    }
    print(json.dumps({"scores": scores, "groups": result.metrics["groups"], "samples": result.metrics["samples"],
                      "samples_per_s": round(result.samples_per_s, 1), "seconds": round(time.perf_counter() - started)},
                     indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
