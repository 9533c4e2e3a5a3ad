# SPDX-License-Identifier: GPL-2.0-or-later
"""Training jobs: memory of the sample preparation against the raster size, and training throughput.

    cd bench && ../.venv/bin/python bench_training.py [--sizes 1024 4096] [--minutes 1]

1. Memory: `prepare_segmentation` on generated rasters of each size (two float32 bands, label polygons over the
   whole raster, at most --max-tiles tiles), each in a fresh subprocess; its peak resident memory (ru_maxrss)
   beside a bare `rasterio` read of the whole raster (what a script that loads the raster would hold). Tiles are
   read window by window into a memory-mapped file, so Lithoscope's peak should not grow with the raster.
2. Throughput: one map-from-labels training run (U-Net, 32 px tiles) and the samples per second the worker reports,
   with the time to the model (validation + final fit), on this machine's CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, ".build", "plugins"))  # `lithoscope`: a link to this checkout (make setup)


def make_scene(folder: str, size: int) -> tuple[str, str]:
    import geopandas as gpd
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin
    from shapely.geometry import box

    path = os.path.join(folder, f"stack_{size}.tif")
    transform = from_origin(500000, 4000000, 10, 10)
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=2, dtype="float32", crs="EPSG:32633",
                       transform=transform, tiled=True, blockxsize=256, blockysize=256) as dst:  # fmt: skip
        for r in range(0, size, 256):
            yy, xx = np.mgrid[r : r + 256, 0:size].astype(np.float32)
            b1 = np.sin(xx / 23.0) + np.cos(yy / 31.0)
            dst.write(np.stack([b1 * 100 + 500, np.exp(-(((xx - yy) % 200 - 100) / 9.0) ** 2)]),
                      window=rasterio.windows.Window(0, r, size, min(256, size - r)))  # fmt: skip
    cell = size // 16
    rows = [
        {"c": ("a", "b", "c")[(i + j) % 3],
         "geometry": box(500000 + j * cell * 10, 4000000 - (i + 1) * cell * 10, 500000 + (j + 1) * cell * 10,
                         4000000 - i * cell * 10)}
        for i in range(16) for j in range(16)
    ]  # fmt: skip
    labels = os.path.join(folder, f"labels_{size}.gpkg")
    gpd.GeoDataFrame(rows, crs="EPSG:32633").to_file(labels)
    return path, labels


def _child(mode: str, raster: str, labels: str, max_tiles: int) -> None:
    import numpy as np

    if mode == "lithoscope":
        from lithoscope.learning.segmentation import prepare_segmentation

        data = prepare_segmentation([raster], labels=labels, class_field="c", tile=64, max_tiles=max_tiles,
                                    log=lambda m: None)  # fmt: skip
        import shutil

        shutil.rmtree(data.folder, ignore_errors=True)
    else:
        import rasterio

        with rasterio.open(raster) as src:
            whole = src.read()
        np.asarray(whole).sum()
    print(json.dumps({"peak_mb": peak_mb()}))


def peak_mb() -> float:
    """This process's peak resident memory since it started (VmHWM: ru_maxrss would include the parent's at fork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(mode: str, raster: str, labels: str, max_tiles: int) -> tuple[float, float]:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, raster, labels, str(max_tiles)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"], time.perf_counter() - started


def throughput(folder: str, minutes: float) -> dict:
    from builders import label_scene
    from lithoscope.learning.common import TrainSettings, train_model, training_python
    from lithoscope.learning.segmentation import prepare_segmentation

    class Where:
        def __truediv__(self, name: str) -> str:
            return os.path.join(folder, name)

    raster, labels, _ = label_scene(Where(), 256)
    started = time.perf_counter()
    data = prepare_segmentation([raster], labels=labels, class_field="lith", tile=32, block_tiles=1, log=lambda m: None)
    settings = TrainSettings(arch="unet", epochs=200, minutes=minutes, patience=1000, batch=16, width=16, threads=2)
    result = train_model(data, settings, os.path.join(folder, "bench.onnx"), training_python(), lambda f: None,
                         lambda m: None, lambda: False, "bench")  # fmt: skip
    return {
        "tiles": int(len(data.groups)),
        "samples_per_s": round(result.samples_per_s, 1),
        "seconds_to_model": round(time.perf_counter() - started, 1),
        "macro_f1_model": round(result.metrics["scores"]["model"]["macro_f1"], 3),
        "macro_f1_forest": round(result.metrics["scores"]["random forest"]["macro_f1"], 3),
        "onnx_vs_torch": result.check_max_diff,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1024, 4096])
    parser.add_argument("--max-tiles", type=int, default=400)
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--no-train", action="store_true", help="the memory table only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print("| raster | Lithoscope prepare: peak MB | time s | whole-raster rasterio read: peak MB | time s |")
        print("|---|---|---|---|---|")
        for size in args.sizes:
            raster, labels = make_scene(folder, size)
            lit = measure("lithoscope", raster, labels, args.max_tiles)
            bare = measure("rasterio", raster, labels, args.max_tiles)
            print(f"| {size} x {size} x 2 float32 | {lit[0]:.0f} | {lit[1]:.1f} | {bare[0]:.0f} | {bare[1]:.1f} |")
        if not args.no_train:
            print(json.dumps({"segmentation_training": throughput(folder, args.minutes)}, indent=1))


if __name__ == "__main__":
    main()
