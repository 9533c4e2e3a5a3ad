# SPDX-License-Identifier: GPL-2.0-or-later
"""Benchmark of DEM void filling: GDAL FillNodata, GRASS r.fillnulls and a Lithoscope void filler.

For each DEM (../shared/datasets/dems) the held-out block (`learning.voids.held_out_block`: the right-most columns,
never seen by the shipped model's training) gets synthetic voids (blobs of random shape) of one size class at a time
(5-20, 20-60, 60-200 px across, seeded). Each method fills the holed block as a GeoTIFF with nodata; errors are
measured inside the voids against the true DEM: elevation RMSE, max |error|, and slope RMSE (degrees, central
differences). Lithoscope runs the model through the plugin's own pipeline (run_classify, generator kind). GRASS runs
headless (`grass --tmp-location <tif> --exec ...`, r.fillnulls method=rst, its default); if it cannot run, the table
says so. See docs/benchmarks.md.

    .venv/bin/python bench/bench_voidfill.py [--model models/dem_void_filler.onnx] [--json out.json] [--terrain coast]
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
DEMS = os.path.join(ROOT, "..", "shared", "datasets", "dems")
TERRAINS = {
    "steep mountains (Big Tujunga, 30 m)": "sangabriel_bigtujunga_srtm1s_utm11.tif",
    "rolling hills (NC Piedmont, 30 m)": "nc_piedmont_ned30m.tif",
    "flat plain (Plainfield WI, 10 m)": "wisconsin_plainfield_dem10m.tif",
    "coast (Cape Peninsula, SRTM 3 s, sea as nodata)": "cape_peninsula_srtm3s.tif",
}
COUNTS = {(5, 20): 20, (20, 60): 8, (60, 200): 2}  # GRASS RST takes 2-4 s a void


def _package():
    """Import this checkout as `lithoscope` (PYTHONPATH if it already points here, else a link in a temp folder)."""
    try:
        import lithoscope

        if os.path.realpath(os.path.dirname(lithoscope.__file__)) == os.path.realpath(ROOT):
            return lithoscope
        sys.modules.pop("lithoscope", None)
    except ImportError:
        pass
    plugins = os.path.join(tempfile.gettempdir(), "lithoscope-bench-voids", "plugins")
    os.makedirs(plugins, exist_ok=True)
    link = os.path.join(plugins, "lithoscope")
    if os.path.lexists(link) and os.path.realpath(link) != os.path.realpath(ROOT):
        os.remove(link)  # left by another checkout (or one since removed)
    if not os.path.lexists(link):
        os.symlink(ROOT, link)
    sys.path.insert(0, plugins)
    import lithoscope

    return lithoscope


def write_block(path: str, array: np.ndarray, profile: dict) -> str:
    import rasterio

    prof = dict(profile, driver="GTiff", count=1, dtype="float32", nodata=np.nan, tiled=False, compress=None)
    prof.pop("blockxsize", None), prof.pop("blockysize", None)
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(array.astype(np.float32), 1)
    return path


def grass_fill(holed_tif: str, out_tif: str) -> str | None:
    """r.fillnulls (RST) in a temporary GRASS location; None when it ran, else why not."""
    grass = shutil.which("grass")
    if not grass:
        return "GRASS not installed (apt-get install grass-core)"
    script = (
        f"r.in.gdal input={holed_tif} output=dem -o --q --o && g.region raster=dem && "
        f"r.fillnulls input=dem output=filled method=rst --q --o && "
        f"r.out.gdal input=filled output={out_tif} type=Float32 -c -m --q --o"
    )
    run = subprocess.run(
        [grass, "--tmp-location", holed_tif, "--exec", "bash", "-c", script], capture_output=True, text=True
    )
    if run.returncode or not os.path.exists(out_tif):
        return f"GRASS failed: {run.stderr.strip().splitlines()[-1:]}"
    return None


def lithoscope_fill(pkg, holed_tif: str, out_tif: str, model: str) -> np.ndarray:
    import rasterio

    classify = __import__(f"{pkg.__name__}.inference.pipelines.classify", fromlist=["x"])
    classify.run_classify(classify.ClassifyParams(holed_tif, model, out_tif, threads=1))
    with rasterio.open(out_tif) as ds:
        return ds.read(1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="a Lithoscope void-filler ONNX model (left out: only the baselines)")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-grass", action="store_true")
    ap.add_argument("--terrain", action="append", help="only terrains whose name contains this (repeatable)")
    args = ap.parse_args()
    pkg = _package()
    voids_mod = __import__(f"{pkg.__name__}.learning.voids", fromlist=["x"])
    import rasterio

    tmp = tempfile.mkdtemp(prefix="bench-voids-")
    rows, notes = [], []
    methods = ["GDAL FillNodata", "GRASS r.fillnulls"] + (["Lithoscope"] if args.model else [])
    for terrain, name in TERRAINS.items():
        if args.terrain and not any(t.lower() in terrain.lower() for t in args.terrain):
            continue
        path = os.path.join(DEMS, name)
        if not os.path.exists(path):
            notes.append(f"{name} missing: skipped")
            continue
        with rasterio.open(path) as ds:
            dem = ds.read(1).astype(np.float32)
            rws, cls = voids_mod.held_out_block(dem.shape)
            window = rasterio.windows.Window(cls.start, rws.start, cls.stop - cls.start, rws.stop - rws.start)
            profile = dict(ds.profile, width=window.width, height=window.height,
                           transform=ds.window_transform(window))  # fmt: skip
            pixel = (abs(ds.transform.a), abs(ds.transform.e))
            if ds.crs is not None and ds.crs.is_geographic:
                # Degrees -> metres at the block's latitude, and the block handed to every method on that local
                # metric grid (same pixels; UTM 34S labels it): GRASS r.fillnulls fails in a lat-long location.
                lat = np.radians(abs((ds.bounds.top + ds.bounds.bottom) / 2))
                pixel = (pixel[0] * 111_320 * np.cos(lat), pixel[1] * 110_574)
                metric = rasterio.Affine(pixel[0], 0, 260_000, 0, -pixel[1], 6_240_000)
                profile.update(crs="EPSG:32734", transform=metric)
        truth = dem[rws, cls]
        for k, size in enumerate(voids_mod.SIZE_CLASSES):
            rng = np.random.default_rng(args.seed + 100 * k)
            voids = voids_mod.cut_voids(np.isfinite(truth), size, COUNTS[size], rng)
            holed = np.where(voids, np.nan, truth).astype(np.float32)
            stem = os.path.join(tmp, f"{os.path.splitext(name)[0]}_{size[0]}_{size[1]}")
            holed_tif = write_block(stem + "_holed.tif", holed, profile)
            found = voids_mod.void_summary(voids)
            results = {}
            t = time.perf_counter()
            results["GDAL FillNodata"] = (voids_mod.gdal_fill(holed, voids), time.perf_counter() - t)
            if not args.no_grass:
                t = time.perf_counter()
                why = grass_fill(holed_tif, stem + "_grass.tif")
                if why:
                    notes.append(f"{name} {size}: {why}")
                else:
                    with rasterio.open(stem + "_grass.tif") as g:
                        results["GRASS r.fillnulls"] = (g.read(1), time.perf_counter() - t)
            if args.model:
                t = time.perf_counter()
                out = lithoscope_fill(pkg, holed_tif, stem + "_lithoscope.tif", args.model)
                kept = ~voids & np.isfinite(truth)  # the sea of the coast block is nodata: filled too, not scored
                assert np.array_equal(out[kept].view(np.uint32), truth[kept].view(np.uint32))
                results["Lithoscope"] = (out, time.perf_counter() - t)
            for method in methods:
                if method not in results:
                    continue
                filled, seconds = results[method]
                err = voids_mod.void_errors(truth, filled, voids, pixel)
                rows.append({"terrain": terrain, "voids": f"{size[0]}-{size[1]} px", "count": found.count,
                             "method": method, **err, "seconds": seconds})  # fmt: skip
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"`{' '.join([os.path.relpath(sys.executable, ROOT)] + sys.argv)}`\n")
    print("| terrain | voids | n | method | elev. RMSE (m) | max error (m) | slope RMSE (°) | s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['terrain']} | {r['voids']} | {r['count']} | {r['method']} | {r['rmse']:.2f} | {r['max']:.2f} | "
              f"{r['slope_rmse']:.2f} | {r['seconds']:.1f} |")  # fmt: skip
    if args.model:
        print()
        for size in voids_mod.SIZE_CLASSES:
            label = f"{size[0]}-{size[1]} px"
            sel = [r for r in rows if r["voids"] == label]
            pooled = {}
            for m in methods:
                rs = [r for r in sel if r["method"] == m]
                if rs:
                    pooled[m] = float(
                        np.sqrt(sum(r["rmse"] ** 2 * r["pixels"] for r in rs) / sum(r["pixels"] for r in rs))
                    )
            base = min(v for m, v in pooled.items() if m != "Lithoscope")
            gain = 100 * (1 - pooled["Lithoscope"] / base)
            than = f"{abs(gain):.0f} % {'lower' if gain >= 0 else 'higher'}"
            print(f"- {label}: pooled elevation RMSE " + ", ".join(f"{m} {v:.2f} m" for m, v in pooled.items())
                  + f"; Lithoscope vs the better baseline: {than}")  # fmt: skip
    for n in notes:
        print(f"- note: {n}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "notes": notes}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
