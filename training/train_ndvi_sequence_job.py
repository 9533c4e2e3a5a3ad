# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the NDVI land-cover classifier through Lithoscope's own sequence training job (lithoscope:trainsequence).

The same data as train_ndvi_sequence.py (``../shared/datasets/modis_ndvi_timeseries/samples_modis_ndvi_wide.csv``:
1218 labelled 12-step MODIS NDVI series in Mato Grosso), written as a point layer whose 12 numeric fields are named
by dates, as a user would give it. The job holds out k-means groups of the point coordinates (never random samples)
and compares the model with a majority class and a random forest on the same held-out series; it writes the model,
its card and the HTML report.

Usage (from the repository root; the training environment .venv-train must exist)::

    .venv/bin/python training/train_ndvi_sequence_job.py --minutes 3 --out /tmp/ndvi_job
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_common import REPO_ROOT, lithoscope  # noqa: E402

DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "datasets" / "modis_ndvi_timeseries" / "samples_modis_ndvi_wide.csv"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ndvi_sequence_job")
    p.add_argument("--arch", default="cnn1d", choices=("gru", "lstm", "cnn1d"))
    p.add_argument("--minutes", type=float, default=3.0)
    p.add_argument("--epochs", type=int, default=80)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--groups", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    if not args.data.is_file():
        sys.exit(f"{args.data} not found (the shared dataset modis_ndvi_timeseries)")
    lithoscope()
    import geopandas as gpd
    import pandas as pd
    from lithoscope.inference.training import find_environment
    from lithoscope.learning.common import TrainSettings, train_model
    from lithoscope.learning.sequences import prepare_table_sequences
    from shapely.geometry import Point

    env = find_environment()
    if env is None or not env.exists:
        sys.exit("no training environment: run `make train-env` first")
    args.out.mkdir(parents=True, exist_ok=True)
    wide = pd.read_csv(args.data)
    # one season (mid-September to August), 12 steps: fields named by dates in step order
    dated = {f"2014-{k + 1:02d}-01": wide[f"t{k:02d}"].to_numpy() for k in range(12)}
    layer = gpd.GeoDataFrame(
        {"label": wide["label"].to_numpy(), **dated},
        geometry=[Point(xy) for xy in zip(wide["longitude"], wide["latitude"])],
        crs="EPSG:4326",
    )
    path = str(args.out / "ndvi_samples.gpkg")
    layer.to_file(path)
    started = time.perf_counter()
    data = prepare_table_sequences(path, task="classify", class_field="label", groups=args.groups, seed=args.seed)
    settings = TrainSettings(
        arch=args.arch, epochs=args.epochs, minutes=args.minutes, patience=15, batch=32, lr=3e-3,
        hidden=args.hidden, seed=args.seed, threads=args.threads,
    )  # fmt: skip
    result = train_model(
        data, settings, str(args.out / "ndvi_job.onnx"), env.python, lambda f: None, print, lambda: False,
        "NDVI land cover (MODIS, Mato Grosso) trained with lithoscope:trainsequence",
    )  # fmt: skip
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
