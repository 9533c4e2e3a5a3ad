# SPDX-License-Identifier: GPL-2.0-or-later
"""Train a DEM-only landslide susceptibility CNN through Lithoscope's map training job (lithoscope:trainsegmentation).

An evaluation, not a shipped model (see "Why it is not shipped"). Data: ``../shared/datasets/hungary_landslides``
(frmod, MIT): the 31 m SRTM DEM of the Gerecse hills and the landslide scarp mask on its grid (1 scarp, 0 mapped
ground without scarps, 255 not mapped), given to the job as a user gives a DEM and a label raster. The model computes
seven terrain factors of the DEM itself (slope, aspect as sine and cosine, plan and profile curvature, TPI, TWI: the
factors of the shipped 1.0 model), never sees the elevation itself (`terrain_only`), and gives the probability of the
scarp class (`probability_of` 1: a susceptibility model, one band, run by lithoscope:susceptibility or Classify on a
DEM). The job holds out whole spatial blocks and compares the model with a majority class and a random forest on the
same factors (F1, kappa and AUC). `checks()` then runs the exported model through the tiled engine on the Hungarian
DEM (AUC on every labelled pixel of the held-out blocks, beside slope alone) and, across areas, on the Ecuadorian
10 m DEM at the 1535 labelled points of that inventory (beside slope alone).

Why it is not shipped: inside the Gerecse hills it ranks held-out scarps better than slope alone and the forest
(AUC 0.799 / 0.758 / 0.663 in the run of docs/benchmarks.md), but on the Ecuadorian Andes it is worse than chance
(0.417; slope alone 0.746, the shipped 1.0 model, trained on both inventories, 0.728): 93 % of the Ecuadorian slopes
lie above the steepest 1 % of the Gerecse ones and the curvatures are about 60 times larger, so the network reads
inputs it never saw. A DEM-only model meant for areas without an inventory needs several training areas; the map job
trains on one raster grid at a time.

Usage (from the repository root; the training environment .venv-train must exist)::

    .venv/bin/python training/train_susceptibility_job.py --minutes 8 --out /tmp/susceptibility_job.onnx
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
from export_common import block_mask, lithoscope  # noqa: E402

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


def checks(model: str, metrics: dict, side: int, data_dir: Path = DATA) -> dict:
    """The exported model through Lithoscope's tiled engine on the Hungarian DEM alone (as a user runs it), AUC of its
    probability on every labelled pixel of the job's held-out blocks beside slope alone; and across areas, on the
    Ecuadorian 10 m DEM at the 1535 labelled points of that inventory (175 landslides), beside slope alone."""
    import geopandas as gpd
    import numpy as np
    import rasterio
    from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
    from lithoscope.learning.common import roc_auc

    ecuador = data_dir.parent / "ecuador_landslides"

    def engine(dem: Path, tmp: str):
        """The model's probability of `dem` (float64), its nodata, transform and CRS."""
        result = run_classify(ClassifyParams(str(dem), model, os.path.join(tmp, f"{dem.parent.name}.tif")))
        with rasterio.open(result.output_path) as ds:
            return ds.read(1).astype(np.float64), ds.nodata, ds.transform, ds.crs

    def aucs(truth, model_score, slope) -> dict:
        return {
            "model (tiled engine)": round(roc_auc(truth, model_score), 4),
            "slope alone": round(roc_auc(truth, slope), 4),
        }

    with tempfile.TemporaryDirectory() as tmp:
        prob, nodata, _, _ = engine(data_dir / "dem_srtm_31m.tif", tmp)
        ecuador_prob, ecuador_nodata, transform, crs = engine(ecuador / "dem_10m.tif", tmp)
    with rasterio.open(data_dir / "landslide_scarps_mask_31m.tif") as m:
        label = m.read(1)
    with rasterio.open(data_dir / "slope_31m.tif") as s:
        slope, slope_nodata = s.read(1).astype(np.float64), s.nodata
    held = block_mask(metrics["group_names"]["test"], side, label.shape)
    ok = held & (label <= 1) & (prob != nodata) & np.isfinite(slope) & (slope != slope_nodata)
    points = gpd.read_file(ecuador / "landslide_points_all_1535.gpkg").to_crs(crs)
    rows, cols = rasterio.transform.rowcol(transform, points.geometry.x.to_numpy(), points.geometry.y.to_numpy())
    rows, cols = np.asarray(rows), np.asarray(cols)
    with rasterio.open(ecuador / "factor_slope.tif") as s:
        point_slope = s.read(1).astype(np.float64)[rows, cols]
    value, truth = ecuador_prob[rows, cols], points["lslpts"].astype(int).to_numpy() == 1
    fine = (value != ecuador_nodata) & np.isfinite(point_slope)
    return {
        "held_out_blocks": {
            "pixels": int(ok.sum()),
            "landslide_pixels": int((label[ok] == 1).sum()),
            "auc": aucs(label[ok] == 1, prob[ok], slope[ok]),
        },
        "ecuador_across_areas": {
            "points": int(fine.sum()),
            "landslides": int(truth[fine].sum()),
            "auc": aucs(truth[fine], value[fine], point_slope[fine]),
        },
    }


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
    engine = checks(args.out, result.metrics, args.tile * 4, args.data)
    print(json.dumps({"scores": scores, "groups": result.metrics["groups"], "samples": result.metrics["samples"],
                      "samples_per_s": round(result.samples_per_s, 1), **engine,
                      "seconds": round(time.perf_counter() - started)}, indent=1))  # fmt: skip


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
