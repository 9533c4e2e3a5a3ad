# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the NDVI land-cover classifier through Lithoscope's own sequence training job (lithoscope:trainsequence).

The labelled MODIS series (``../shared/datasets/modis_ndvi_timeseries/samples_modis_ndvi_wide.csv``:
1218 labelled 12-step MODIS NDVI series in Mato Grosso), written as a point layer whose 12 numeric fields are named
by the dates of the MOD13Q1 season and in its unit (NDVI x 10000), as a user would give it. The job holds out
k-means groups of the point coordinates (never random samples) and compares the model with a majority class and a
random forest on the same held-out series; it writes the model, its card and the HTML report.

Usage (from the repository root; the training environment .venv-train must exist)::

    .venv/bin/python training/train_ndvi_sequence_job.py --minutes 3 --out /tmp/ndvi_job/ndvi_job.onnx

`make models` runs `train()` here for the shipped models/ndvi_landcover.onnx (training/make_models.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import REPO_ROOT, lithoscope  # noqa: E402

DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "datasets" / "modis_ndvi_timeseries" / "samples_modis_ndvi_wide.csv"


# The 12 MOD13Q1 composites of the 2013-14 season (the dates of the Sinop stack the model runs on)
SEASON = ("2013-09-14", "2013-10-16", "2013-11-17", "2013-12-19", "2014-01-17", "2014-02-18", "2014-03-22",
          "2014-04-23", "2014-05-25", "2014-06-26", "2014-07-28", "2014-08-29")  # fmt: skip
FILL = -3000.0  # MOD13Q1's fill value in the NDVI x 10000 stacks the model runs on
TITLE = "NDVI land cover (MODIS, Mato Grosso) trained with lithoscope:trainsequence"


def train(out: Path, data: Path = DEFAULT_DATA, arch: str = "cnn1d", minutes: float = 3.0, epochs: int = 80,
          hidden: int = 32, groups: int = 10, seed: int = 0, threads: int = 2, report: str | None = None,
          log=print):  # fmt: skip
    """Write the labelled series as a point layer (NDVI x 10000, as MOD13Q1 stacks hold it) and run the sequence
    job; the job's TrainResult (model `out`, its card and report written)."""
    if not data.is_file():
        sys.exit(f"{data} not found (the shared dataset modis_ndvi_timeseries)")
    lithoscope()
    import geopandas as gpd
    import pandas as pd
    from lithoscope.learning.common import TrainSettings, train_model, training_python
    from lithoscope.learning.sequences import prepare_table_sequences
    from shapely.geometry import Point

    wide = pd.read_csv(data)
    # one season (mid-September to August), 12 steps: fields named by dates in step order, in the stack's unit
    dated = {day: (wide[f"t{k:02d}"].to_numpy() * 10000.0).round() for k, day in enumerate(SEASON)}
    layer = gpd.GeoDataFrame(
        {"label": wide["label"].to_numpy(), **dated},
        geometry=[Point(xy) for xy in zip(wide["longitude"], wide["latitude"])],
        crs="EPSG:4326",
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ndvi_samples.gpkg")
        layer.to_file(path)
        prepared = prepare_table_sequences(path, task="classify", class_field="label", groups=groups, seed=seed)
    prepared.band_names = ["NDVI"]  # the one value per step, named as the stack's bands are
    prepared.contract["input_nodata"] = FILL  # a fill pixel of the stack is a gap (interpolated), never a value
    settings = TrainSettings(
        arch=arch, epochs=epochs, minutes=minutes, patience=15, batch=32, lr=3e-3, hidden=hidden, seed=seed,
        threads=threads,
    )  # fmt: skip
    return train_model(prepared, settings, str(out), training_python(), lambda f: None, log, lambda: False, TITLE,
                       report_path=report)  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ndvi_sequence_job" / "ndvi_job.onnx")
    p.add_argument("--arch", default="cnn1d", choices=("gru", "lstm", "cnn1d"))
    p.add_argument("--minutes", type=float, default=3.0)
    p.add_argument("--epochs", type=int, default=80)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--groups", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result = train(args.out, args.data, args.arch, args.minutes, args.epochs, args.hidden, args.groups, args.seed,
                   args.threads)  # fmt: skip
    scores = result.metrics["scores"]
    summary = {
        name: {k: round(s[k], 4) for k in ("accuracy", "macro_f1", "kappa")} | {"samples": s["samples"]}
        for name, s in scores.items()
    }
    print(json.dumps({"held_out": result.metrics["held_out"], "groups": result.metrics["groups"], **summary}, indent=1))
    print(
        f"model {result.model}, report {result.report}, {time.perf_counter() - started:.0f} s, "
        f"{result.samples_per_s:.0f} samples/s"
    )


if __name__ == "__main__":
    main()
