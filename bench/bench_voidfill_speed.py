# SPDX-License-Identifier: GPL-2.0-or-later
"""Speed and peak memory of DEM void filling on a large DEM: Lithoscope, GDAL FillNodata and GRASS r.fillnulls.

A DEM of --size x --size px is built by mirroring a real DEM of ../shared/datasets/dems (Big Tujunga, 30 m) and
holed with seeded blobs (10-60 px across) until --share of its pixels are voids. Each method fills the same GeoTIFF
in a process of its own (wall time, and peak resident memory of that process from `os.wait4`): Lithoscope's
`lithoscope:fillvoids` core (`learning.voids.fill_voids`, the shipped dem_void_filler, tile by tile; void-free
tiles are copied), GDAL FillNodata (osgeo.gdal, in place on a copy), GRASS r.fillnulls method=rst (headless).
RMSE inside the voids against the unholed DEM is printed beside.

    cd bench && ../.venv/bin/python bench_voidfill_speed.py --size 2048 --share 0.02 [--no-grass]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "..", "shared", "datasets", "dems", "sangabriel_bigtujunga_srtm1s_utm11.tif")
NODATA = -9999.0


def build(path: str, truth_path: str, size: int, share: float, seed: int) -> None:
    """Write the holed DEM and the truth (float32, tiled GeoTIFFs)."""
    import rasterio
    from rasterio.transform import from_origin

    with rasterio.open(SOURCE) as ds:
        base = ds.read(1).astype(np.float32)
        crs, res = ds.crs, abs(ds.transform.a)
    base = base[: base.shape[0] // 2 * 2, : base.shape[1] // 2 * 2]
    tile = np.block([[base, base[:, ::-1]], [base[::-1], base[::-1, ::-1]]])  # mirrored: no seams
    reps = (-(-size // tile.shape[0]), -(-size // tile.shape[1]))
    dem = np.tile(tile, reps)[:size, :size]
    rng = np.random.default_rng(seed)
    voids = np.zeros(dem.shape, bool)
    yy, xx = np.mgrid[-30:31, -30:31]
    target = share * dem.size
    covered = 0
    while covered < target:
        for _ in range(20):
            r = rng.integers(5, 31)
            cy, cx = rng.integers(40, size - 40, 2)
            a, b = rng.uniform(0.5, 1.0, 2) * r
            blob = (yy / a) ** 2 + (xx / b) ** 2 <= 1.0
            voids[cy - 30 : cy + 31, cx - 30 : cx + 31] |= blob
        covered = int(voids.sum())
    profile = {"driver": "GTiff", "width": size, "height": size, "count": 1, "dtype": "float32", "crs": crs,
               "transform": from_origin(0, size * res, res, res), "nodata": NODATA, "tiled": True,
               "blockxsize": 256, "blockysize": 256, "compress": "deflate", "BIGTIFF": "IF_SAFER"}  # fmt: skip
    with rasterio.open(truth_path, "w", **profile) as dst:
        dst.write(dem, 1)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(np.where(voids, NODATA, dem).astype(np.float32), 1)


def child(method: str, holed: str, out: str) -> None:
    """Run one method in this process (the parent measures it)."""
    if method == "Lithoscope":
        sys.path.insert(0, os.environ["LITHOSCOPE_PLUGINS"])
        from lithoscope.learning.voids import fill_voids

        fill_voids(holed, "dem_void_filler", out, threads=0)
    elif method == "GDAL FillNodata":
        from osgeo import gdal

        shutil.copy(holed, out)
        ds = gdal.Open(out, gdal.GA_Update)
        gdal.FillNodata(ds.GetRasterBand(1), None, 1000, 0)
        ds = None
    else:
        script = (
            f"r.in.gdal input={holed} output=dem -o --q --o && g.region raster=dem && "
            f"r.fillnulls input=dem output=filled method=rst --q --o && "
            f"r.out.gdal input=filled output={out} type=Float32 -c -m --q --o"
        )
        subprocess.run(["grass", "--tmp-location", holed, "--exec", "bash", "-c", script], check=True,
                       capture_output=True)  # fmt: skip


def measure(method: str, holed: str, out: str, plugins: str) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a fresh process running `method`."""
    env = dict(os.environ, LITHOSCOPE_PLUGINS=plugins)
    code = f"import sys; sys.path.insert(0, {os.path.dirname(__file__)!r}); import bench_voidfill_speed as b; "
    code += f"b.child({method!r}, {holed!r}, {out!r})"
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    _, status, usage = os.wait4(proc.pid, 0)  # this process's own peak (and of the processes it waited for: GRASS)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{method} failed (exit {proc.returncode})")
    return seconds, usage.ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=2048)
    ap.add_argument("--share", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--no-grass", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    import rasterio

    tmp = tempfile.mkdtemp(prefix="bench-voidspeed-")
    plugins = os.path.join(tmp, "plugins")
    os.makedirs(plugins)
    os.symlink(ROOT, os.path.join(plugins, "lithoscope"))
    holed, truth = os.path.join(tmp, "holed.tif"), os.path.join(tmp, "truth.tif")
    # Built in a process of its own: a forked child starts with its parent's peak memory as its own, so this
    # process holds no large array while the methods run.
    code = f"import sys; sys.path.insert(0, {os.path.dirname(__file__)!r}); import bench_voidfill_speed as b; "
    code += f"b.build({holed!r}, {truth!r}, {args.size}, {args.share}, {args.seed})"
    subprocess.run([sys.executable, "-c", code], check=True)
    methods = ["GDAL FillNodata"] + ([] if args.no_grass or not shutil.which("grass") else ["GRASS r.fillnulls"])
    rows = []
    for method in methods + ["Lithoscope"]:
        out = os.path.join(tmp, method.split()[0].lower() + ".tif")
        seconds, peak = measure(method, holed, out, plugins)
        rows.append({"method": method, "seconds": seconds, "peak_mb": peak, "out": out})
        print(f"{method}: {seconds:.1f} s, peak {peak:.0f} MB", flush=True)
    with rasterio.open(truth) as t, rasterio.open(holed) as h:
        dem, voids = t.read(1), h.read(1) == NODATA
    n_void = int(voids.sum())
    for r in rows:
        with rasterio.open(r.pop("out")) as ds:
            filled = ds.read(1)
        r["rmse"] = float(np.sqrt(np.mean((filled[voids].astype(np.float64) - dem[voids]) ** 2)))
    shutil.rmtree(tmp, ignore_errors=True)
    mp = args.size**2 / 1e6
    print(f"\n{args.size} x {args.size} px ({mp:.1f} MP), {n_void} void px ({100 * n_void / args.size**2:.1f} %)")
    print("| method | s | MP/s | peak resident MB | void RMSE (m) |\n|---|---|---|---|---|")
    for r in rows:
        rate = mp / r["seconds"]
        print(f"| {r['method']} | {r['seconds']:.1f} | {rate:.2f} | {r['peak_mb']:.0f} | {r['rmse']:.2f} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"size": args.size, "void_px": n_void, "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
