# SPDX-License-Identifier: GPL-2.0-or-later
"""Train the terrain autoencoder on the real DEMs of ../shared/datasets (a thin script over learning/encode.py).

Inputs: elevation and terrain factors the model computes itself of the DEM (slope, curvatures, roughness, TPI,
relief), so it runs on a DEM alone. Pixels are drawn from spatial blocks of every training DEM; whole blocks are
held out (the report's numbers), and one DEM is held out entirely (--test-dem): its reconstruction error, through
the exported model, is printed against PCA of the same size fitted on the training pixels.

Usage (from the repository root; the training environment .venv-train must exist)::

    PYTHONPATH=<folder holding lithoscope> .venv/bin/python training/train_terrain_autoencoder.py \
        --out /tmp/terrain_autoencoder.onnx --minutes 3
"""

from __future__ import annotations

import argparse
import os
import shutil

import numpy as np
from lithoscope.inference.model.session import open_model
from lithoscope.learning.common import TrainSettings, band_statistics, job_folder, save_array, training_python
from lithoscope.learning.encode import AutoencoderData, prepare_autoencoder, train_autoencoder

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "datasets")
TRAIN_DEMS = (
    "dems/sangabriel_bigtujunga_srtm1s_utm11.tif",
    "dems/wisconsin_plainfield_dem10m.tif",
    "ecuador_landslides/dem_10m.tif",
    "hungary_landslides/dem_srtm_31m.tif",
)
TEST_DEM = "dems/nc_piedmont_ned30m.tif"
TERRAIN = ("slope", "plan_curvature", "profile_curvature", "roughness", "tpi", "relief_10")


def merged(parts: list[AutoencoderData], names: list[str]) -> AutoencoderData:
    """One job of the pixels of several DEMs: each DEM's blocks stay groups of their own."""
    xs, groups, group_names = [], [], []
    for part, name in zip(parts, names):
        xs.append(np.load(os.path.join(part.folder, "x.npy")))
        groups.append(part.groups + len(group_names))
        group_names += [f"{name} {g}" for g in part.group_names]
    x = np.concatenate(xs)
    folder = job_folder("autoencoder")
    save_array(folder, "x", x)
    offset, scale, ranges = band_statistics(x)
    first = parts[0]
    contract = {k: v for k, v in first.contract.items() if k != "resolution_m"}
    data = {"DEMs": names, "pixels": f"{len(x)} from {len(group_names)} spatial blocks"}
    return AutoencoderData(folder, np.concatenate(groups), group_names, first.band_names, offset, scale, ranges,
                           contract, data)  # fmt: skip


def train(out: str, latent: int = 3, minutes: float = 3.0, epochs: int = 60, pixels: int = 40_000, threads: int = 1,
          test_dem: str = TEST_DEM, report: str | None = None, log=print):  # fmt: skip
    """Run the autoencoder job on the training DEMs, then score the exported model on the held-out DEM against PCA
    of the same size: the job's result and {name: mean MSE, per band} on that DEM."""
    python = training_python()  # a message, not an AttributeError, without the training components
    quiet = lambda m: None  # noqa: E731
    paths = [os.path.join(SHARED, p) for p in TRAIN_DEMS]
    parts = [prepare_autoencoder([p], terrain=TERRAIN, block=64, max_pixels=pixels, log=quiet) for p in paths]
    names = [os.path.basename(p) for p in paths]
    data = merged(parts, names)
    for part in parts:
        shutil.rmtree(part.folder, ignore_errors=True)
    settings = TrainSettings(epochs=epochs, minutes=minutes, patience=8, batch=256, threads=threads, refit=False,
                             seed=0)  # fmt: skip
    x_train = np.load(os.path.join(data.folder, "x.npy"))
    offset, scale = np.asarray(data.offset), np.asarray(data.scale)
    band_names = list(data.band_names)
    title = "Terrain autoencoder (elevation and terrain factors of a DEM)"
    result = train_autoencoder(data, out, python, latent, settings, title=title, log=log, report_path=report)
    log(f"held-out blocks: { {k: round(v['mse'], 4) for k, v in result.metrics['scores'].items()} }")

    test = prepare_autoencoder([os.path.join(SHARED, test_dem)], terrain=TERRAIN, max_pixels=40_000, log=quiet)
    xt = np.load(os.path.join(test.folder, "x.npy"))
    shutil.rmtree(test.folder, ignore_errors=True)
    scaled = ((xt - offset) / scale).astype(np.float32)
    session = open_model(out, threads=threads)
    recon = session.run_named({session.input_name: scaled})["reconstruction"]
    from sklearn.decomposition import PCA

    pca = PCA(latent, random_state=0).fit((x_train - offset) / scale)
    rows = {
        "autoencoder": ((recon - scaled) ** 2).mean(0),
        f"PCA (k={latent})": ((pca.inverse_transform(pca.transform(scaled)) - scaled) ** 2).mean(0),
    }
    log(f"held-out DEM {os.path.basename(test_dem)} ({len(xt)} pixels), MSE in training standard deviations:")
    for name, per_band in rows.items():
        bands = ", ".join(f"{b} {v:.3f}" for b, v in zip(band_names, per_band))
        log(f"  {name}: {per_band.mean():.4f}  ({bands})")
    comparison = {
        "dem": os.path.basename(test_dem), "pixels": int(len(xt)),
        **{name: {"mse": round(float(v.mean()), 4), "per_band": dict(zip(band_names, np.round(v, 4).tolist()))}
           for name, v in rows.items()},
    }  # fmt: skip
    return result, comparison


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--latent", type=int, default=3)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--pixels", type=int, default=40_000, help="per training DEM")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--test-dem", default=TEST_DEM)
    args = parser.parse_args()
    train(args.out, args.latent, args.minutes, args.epochs, args.pixels, args.threads, args.test_dem)


if __name__ == "__main__":
    main()
