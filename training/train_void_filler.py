# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the DEM void filler (.build/void_filler_dem.onnx; not shipped yet) on the DEMs of ../shared/datasets.

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
           "dems/wisconsin_plainfield_dem10m.tif"]  # fmt: skip
SOURCES = (
    "Real public DEMs from ../shared/datasets (see its README): SRTM 30 m Big Tujunga (TopoToolbox/DEMs, public "
    "domain), USGS NED 30 m NC Piedmont (MiKatt/openSTARS, MIT), USGS 10 m Plainfield WI (DOI-USGS/modflow-setup, "
    "public domain/CC0), Cape Peninsula SRTM 3 s (qgis/QGIS-Training-Data, GPL-2), Ecuador 10 m DEM (r-spatial/RSAGA, "
    "GPL-2; Muenchow et al. 2012), Gerecse SRTM 31 m (gerzsd/frmod, MIT). The benchmark blocks "
    "(learning.voids.held_out_block: right-most columns) of the first three were left out of training."
)
WHOLE = ["dems/cape_peninsula_srtm3s.tif", "ecuador_landslides/dem_10m.tif", "hungary_landslides/dem_srtm_31m.tif"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Not in models/ (shipped) while it does not beat GDAL FillNodata: see docs/benchmarks.md.
    ap.add_argument("--output", default=os.path.join(ROOT, ".build", "void_filler_dem.onnx"))
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
    lithoscope()
    import rasterio
    from lithoscope.inference.training import find_environment
    from lithoscope.learning.voids import VoidTrainSettings, held_out_block, train_void_filler

    dems, exclude = [], {}
    for rel in BENCHED + WHOLE:
        path = os.path.normpath(os.path.join(DATA, rel))
        if not os.path.exists(path):
            print(f"missing {path}: skipped")
            continue
        dems.append(path)
        if rel in BENCHED:
            with rasterio.open(path) as ds:
                exclude[path] = held_out_block((ds.height, ds.width))
    settings = VoidTrainSettings(
        tile=args.tile, run_tile=args.run_tile, width=args.width, epochs=args.epochs, minutes=args.minutes,
        patience=8, batch=8, lr=args.lr, adversarial=args.adversarial, threads=args.threads, seed=args.seed,
        masks=2048,
    )  # fmt: skip
    result = train_void_filler(
        dems, args.output, find_environment().python, settings, lambda f: None, print, lambda: False,
        exclude=exclude, title="DEM void filler (shared DEMs, benchmark blocks held out)", sources=SOURCES,
    )  # fmt: skip
    print(result.model, result.card, result.report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
