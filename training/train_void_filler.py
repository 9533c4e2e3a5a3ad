# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the DEM void filler on the DEMs of ../shared/datasets (`make models` ships it as models/dem_void_filler.onnx).

The benchmark blocks (`learning.voids.held_out_block` of the three DEMs bench/bench_voidfill.py scores) are left out
of training entirely; the other DEMs are used whole. Runs the same job as lithoscope:trainvoidfiller.

    .venv/bin/python training/train_void_filler.py --minutes 6 --threads 2
"""

from __future__ import annotations

import argparse
import os
import sys

from export_common import lithoscope

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "datasets")
BENCHED = ["dems/sangabriel_bigtujunga_srtm1s_utm11.tif", "dems/nc_piedmont_ned30m.tif",
           "dems/wisconsin_plainfield_dem10m.tif", "dems/cape_peninsula_srtm3s.tif"]  # fmt: skip
SOURCES = (
    "Real public DEMs from ../shared/datasets (see its README): SRTM 30 m Big Tujunga (TopoToolbox/DEMs, public "
    "domain), USGS NED 30 m NC Piedmont (MiKatt/openSTARS, MIT), USGS 10 m Plainfield WI (DOI-USGS/modflow-setup, "
    "public domain/CC0), Cape Peninsula SRTM 3 s (qgis/QGIS-Training-Data, GPL-2), Ecuador 10 m DEM (r-spatial/RSAGA, "
    "GPL-2; Muenchow et al. 2012), Gerecse SRTM 31 m (gerzsd/frmod, MIT). The benchmark blocks "
    "(learning.voids.held_out_block: right-most columns) of the first four were left out of training."
)
WHOLE = ["ecuador_landslides/dem_10m.tif", "hungary_landslides/dem_srtm_31m.tif"]


def train(out: str, minutes: float = 6.0, epochs: int = 60, threads: int = 2, tile: int = 128, run_tile: int = 256,
          width: int = 16, adversarial: float = 0.01, seed: int = 0, lr: float = 5e-4, report: str | None = None,
          log=print):  # fmt: skip
    """Run the void-filler job on the shared DEMs (benchmark blocks left out); the job's result."""
    lithoscope()
    import rasterio
    from lithoscope.learning.common import training_python
    from lithoscope.learning.voids import VoidTrainSettings, held_out_block, train_void_filler

    dems, exclude = [], {}
    for rel in BENCHED + WHOLE:
        path = os.path.normpath(os.path.join(DATA, rel))
        if not os.path.exists(path):
            sys.exit(f"missing {path} (../shared/datasets)")
        dems.append(path)
        if rel in BENCHED:
            with rasterio.open(path) as ds:
                exclude[path] = held_out_block((ds.height, ds.width))
    settings = VoidTrainSettings(
        tile=tile, run_tile=run_tile, width=width, epochs=epochs, minutes=minutes, patience=8, batch=8, lr=lr,
        adversarial=adversarial, threads=threads, seed=seed, masks=2048,
    )  # fmt: skip
    return train_void_filler(
        dems, out, training_python(), settings, lambda f: None, log, lambda: False, exclude=exclude,
        report_path=report, title="DEM void filler (shared DEMs, benchmark blocks held out)", sources=SOURCES,
    )  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", default=os.path.join(ROOT, ".build", "dem_void_filler.onnx"))
    ap.add_argument("--minutes", type=float, default=6.0)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tile", type=int, default=128)
    ap.add_argument("--run-tile", type=int, default=256)
    ap.add_argument("--width", type=int, default=16)
    ap.add_argument("--adversarial", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lr", type=float, default=5e-4)
    args = ap.parse_args()
    result = train(args.output, args.minutes, args.epochs, args.threads, args.tile, args.run_tile, args.width,
                   args.adversarial, args.seed, args.lr)  # fmt: skip
    print(result.model, result.card, result.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
