# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility at scale: factor building plus prediction on a generated DEM, side by side.

For each DEM side (default 2,500 and 10,000 px: 6.25 and 100 MP, 10 m cells) every contender
runs in its own Python subprocess, so its wall time and peak resident memory (VmHWM) are its own:

  lithoscope factors   susceptibility.factors.build_factors: 8 terrain factors (slope, aspect sine
                       and cosine, plan and profile curvature, roughness, TPI, TWI), by window
  lithoscope predict   run_classify of a logistic-regression susceptibility model (skl2onnx,
                       trained on a sample of the small grid's factors) over those 8 factors
  gdaldem              the GDAL baseline a user would otherwise run for the factors GDAL has:
                       gdaldem slope, aspect, roughness and TPI (4 passes)
  lithoscope 4 factors build_factors of the same four (slope, aspect sin/cos, roughness, TPI), to
                       compare with gdaldem on equal terms

    .venv/bin/python bench/bench_susceptibility.py                 # 2,500 and 10,000 px
    .venv/bin/python bench/bench_susceptibility.py --sides 1000    # a quick check
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
from bench_classify import _plugin_path, _SmoothField
from bench_engine import peak_rss_mb

DEFAULT_OUT = "/tmp/lithoscope-bench-susceptibility"
EIGHT = ("slope", "aspect_sin", "aspect_cos", "plan_curvature", "profile_curvature", "roughness", "tpi", "twi")
FOUR = ("slope", "aspect_sin", "aspect_cos", "roughness", "tpi")  # gdaldem: slope, aspect, roughness, TPI


def ensure_dem(scratch: str, side: int) -> str:
    """A hilly DEM (metres, 10 m cells, EPSG:32633), written strip by strip; cached."""
    import rasterio
    from rasterio.transform import from_origin

    path = os.path.join(scratch, f"dem_{side}.tif")
    if os.path.exists(path):
        return path
    field = _SmoothField(side, seed=7, scales=(512, 128, 32))
    profile = {"driver": "GTiff", "width": side, "height": side, "count": 1, "dtype": "float32",
               "crs": "EPSG:32633", "transform": from_origin(500000, 5000000, 10, 10), "tiled": True,
               "blockxsize": 512, "blockysize": 512, "compress": "deflate", "predictor": 3,
               "BIGTIFF": "IF_SAFER"}  # fmt: skip
    tmp = path + ".part"
    with rasterio.open(tmp, "w", **profile) as ds:
        for y in range(0, side, 512):
            h = min(512, side - y)
            ds.write((600 + 500 * field.rows(y, h))[None].astype(np.float32), window=((y, y + h), (0, side)))
    os.replace(tmp, path)
    return path


def ensure_model(scratch: str, factors_path: str) -> str:
    """A logistic regression over the 8 factors, trained on a sample with a made-up rule; cached."""
    path = os.path.join(scratch, "susceptibility_lr.onnx")
    if os.path.exists(path):
        return path
    import rasterio
    from skl2onnx import to_onnx
    from sklearn.linear_model import LogisticRegression

    with rasterio.open(factors_path) as ds:
        x = ds.read(out_shape=(ds.count, 200, 200)).reshape(ds.count, -1).T.astype(np.float32)
    x = x[np.isfinite(x).all(axis=1)]
    y = (x[:, 0] + 5 * x[:, 3] * 1e3 + np.random.default_rng(0).normal(0, 5, len(x)) > np.median(x[:, 0])).astype(int)
    model = LogisticRegression(max_iter=1000).fit(x, y)
    onx = to_onnx(model, x[:1], options={"zipmap": False}, target_opset=17)
    with open(path, "wb") as f:
        f.write(onx.SerializeToString())
    from lithoscope.inference.model.contract import write_contract

    write_contract(path, {"lithoscope_task": "susceptibility", "band_names": list(EIGHT), "description": "bench"})
    return path


# -- contenders (each in its own subprocess) ---------------------------------------------------
def job(spec: dict) -> dict:
    sys.path.insert(0, spec["plugins"])
    start = time.perf_counter()
    if spec["kind"] == "factors":
        from lithoscope.susceptibility.factors import TerrainFactors, build_factors
        from lithoscope.susceptibility.grid import grid_from_raster

        dem = spec["dem"]
        build_factors([TerrainFactors(dem, names=tuple(spec["names"]))], grid_from_raster(dem), spec["out"])
    elif spec["kind"] == "predict":
        from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify

        run_classify(ClassifyParams(spec["factors"], spec["model"], spec["out"], tile_size=512))
    elif spec["kind"] == "gdaldem":
        for mode in ("slope", "aspect", "roughness", "TPI"):
            out = f"{spec['out']}_{mode}.tif"
            subprocess.run(["gdaldem", mode, spec["dem"], out, "-q", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE",
                            "-co", "BIGTIFF=IF_SAFER"], check=True)  # fmt: skip
    seconds = time.perf_counter() - start
    # gdaldem runs as its own processes: their peak memory is read from RUSAGE_CHILDREN.
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return {"seconds": seconds, "peak_mb": max(peak_rss_mb(), children)}


def run(spec: dict) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True, check=False
    )
    if out.returncode:
        raise SystemExit(f"{spec['kind']} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sides", default="2500,10000", help="DEM sides in pixels, comma-separated")
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(job(json.loads(args.child))))
        return 0
    os.makedirs(args.out, exist_ok=True)
    plugins = _plugin_path(args.out)
    sys.path.insert(0, plugins)
    rows = []
    model = None
    for side in (int(s) for s in args.sides.split(",")):
        dem = ensure_dem(args.out, side)
        mp = side * side / 1e6
        factors = os.path.join(args.out, f"factors_{side}.tif")
        base = {"plugins": plugins, "dem": dem}
        eight = run({**base, "kind": "factors", "names": list(EIGHT), "out": factors})
        model = model or ensure_model(args.out, factors)
        predict = run({**base, "kind": "predict", "factors": factors, "model": model,
                       "out": os.path.join(args.out, f"susceptibility_{side}.tif")})  # fmt: skip
        four = run({**base, "kind": "factors", "names": list(FOUR), "out": os.path.join(args.out, f"four_{side}.tif")})
        gdal = run({**base, "kind": "gdaldem", "out": os.path.join(args.out, f"gdaldem_{side}")})
        rows.append((side, mp, eight, predict, four, gdal))
        for f in os.listdir(args.out):
            if f.startswith(("four_", "gdaldem_", "susceptibility_")) and f.endswith(".tif"):
                os.unlink(os.path.join(args.out, f))
    print(f"\nMachine: {os.cpu_count()} cores. Each figure from its own subprocess; peak = VmHWM.\n")
    print("| DEM | 8 factors | predict (LR) | factors + predict | peak RSS factors / predict |")
    print("|---|---|---|---|---|")
    for side, mp, eight, predict, _, _ in rows:
        total = eight["seconds"] + predict["seconds"]
        print(f"| {side:,}² ({mp:.2f} MP) | {eight['seconds']:.1f} s | {predict['seconds']:.1f} s | {total:.1f} s "
              f"({mp / total:.2f} MP/s) | {eight['peak_mb']:.0f} / {predict['peak_mb']:.0f} MB |")  # fmt: skip
    print(
        "\n| DEM | Lithoscope slope, aspect, roughness, TPI | gdaldem (4 passes) | ratio | peak RSS Lithoscope / GDAL |"
    )
    print("|---|---|---|---|---|")
    for side, _, _, _, four, gdal in rows:
        ratio = gdal["seconds"] / four["seconds"]
        print(f"| {side:,}² | {four['seconds']:.1f} s | {gdal['seconds']:.1f} s | {ratio:.2f}x | "
              f"{four['peak_mb']:.0f} / {gdal['peak_mb']:.0f} MB |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
