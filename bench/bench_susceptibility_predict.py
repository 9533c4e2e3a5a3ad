# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility prediction side by side: Lithoscope against scikit-learn's predict_proba and bare onnxruntime.

A factors stack of 826 x 987 px and 29 float32 bands (smooth generated fields, the size of the issue's
Hungarian stack) and a random forest trained on a few thousand of its pixels. Two forests:

  before   the forest Lithoscope trained until now: 200 trees, min_samples_leaf=3 (make_model, fitted as is),
           with its 5 fold models as separate ONNX files (the uncertainty map: one engine run per fold)
  after    models.fit_model: leaf size and tree count chosen by out-of-bag AUC; the model file holds the
           5 fold models in one graph (models.export_model(folds=...)), so the uncertainty takes one pass

Contenders, each in its own subprocess (so imports, sessions and memory are its own), in alternating
order, repeated; the median is reported:

  sklearn    a rasterio block loop (the file's 512 px blocks) + the pipeline's predict_proba on the valid
             pixels + a float32 GeoTIFF writer: what a user would otherwise write (threads: the forest's n_jobs)
  ort        the same loop feeding onnxruntime directly (threads: intra_op_num_threads)
  lithoscope susceptibility.workflow.predict (probability only; threads: PredictParams.threads)
  lithoscope + uncertainty   the same with the uncertainty raster

    .venv/bin/python bench/bench_susceptibility_predict.py                  # 1 and 2 threads, 3 repeats
    .venv/bin/python bench/bench_susceptibility_predict.py --repeats 1 --threads 1
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import time

import numpy as np
from bench_classify import _plugin_path, _SmoothField

DEFAULT_OUT = "/tmp/lithoscope-bench-susceptibility-predict"
HEIGHT, WIDTH, BANDS = 826, 987, 29
SAMPLES = 3000
FOLDS = 5


def ensure_factors(scratch: str) -> str:
    """The factors stack with Lithoscope's factors tag (all continuous), tiled 512 px; cached."""
    import rasterio
    from rasterio.transform import from_origin

    path = os.path.join(scratch, "factors.tif")
    if os.path.exists(path):
        return path
    names = [f"factor_{b + 1:02d}" for b in range(BANDS)]
    tag = {"names": names, "kinds": ["continuous"] * BANDS, "categories": {}}
    profile = {"driver": "GTiff", "width": WIDTH, "height": HEIGHT, "count": BANDS, "dtype": "float32",
               "crs": "EPSG:32634", "transform": from_origin(500000, 5200000, 25, 25), "tiled": True,
               "blockxsize": 512, "blockysize": 512, "nodata": float("nan")}  # fmt: skip
    side = max(HEIGHT, WIDTH)
    tmp = path + ".part"
    with rasterio.open(tmp, "w", **profile) as ds:
        for b in range(BANDS):
            field = _SmoothField(side, seed=100 + b, scales=(256, 64, 16)).rows(0, HEIGHT)[:, :WIDTH]
            data = (10.0 * (b + 1) * field + b).astype(np.float32)
            if b == 3:
                data[:40, :60] = np.nan  # a gap, as a DEM's edge leaves
            ds.write(data, b + 1)
            ds.set_band_description(b + 1, names[b])
        ds.update_tags(LITHOSCOPE_FACTORS=json.dumps(tag))
    os.replace(tmp, path)
    return path


def samples(factors: str) -> tuple[np.ndarray, np.ndarray]:
    """SAMPLES random valid pixels, labelled by a made-up noisy rule over a few factors."""
    import rasterio

    with rasterio.open(factors) as ds:
        data = ds.read()
    rows = data.reshape(BANDS, -1).T
    rows = rows[np.isfinite(rows).all(axis=1)]
    rng = np.random.default_rng(0)
    X = rows[rng.choice(len(rows), SAMPLES, replace=False)].astype(np.float64)
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    score = 1.2 * z[:, 0] - 0.8 * z[:, 5] + 0.6 * z[:, 9] * z[:, 2] + 0.5 * z[:, 14] ** 2 + rng.normal(0, 1.0, SAMPLES)
    return X, (score > np.quantile(score, 0.5)).astype(int)


def ensure_models(scratch: str, factors: str) -> dict:
    """Both forests (see the module docstring) as pickles and ONNX; their sizes. Cached."""
    info_path = os.path.join(scratch, "models.json")
    if os.path.exists(info_path):
        return json.load(open(info_path))
    from lithoscope.inference.model.contract import write_contract
    from lithoscope.susceptibility.models import export_model, fit_model, forest_size, make_model

    X, y = samples(factors)
    names = [f"factor_{b + 1:02d}" for b in range(BANDS)]
    kinds = ["continuous"] * BANDS
    folds = np.arange(len(y)) % FOLDS
    np.random.default_rng(1).shuffle(folds)

    def before(Xs, ys):
        model = make_model("random_forest", kinds).fit(Xs, ys)  # 200 trees, leaf 3: the forest as it was
        return model.set_params(model__n_jobs=1)

    info: dict = {}
    start = time.perf_counter()
    old = before(X, y)
    old_folds = [before(X[folds != k], y[folds != k]) for k in range(FOLDS)]
    info["fit_before_s"] = time.perf_counter() - start
    start = time.perf_counter()
    new = fit_model("random_forest", X, y, kinds)
    new_folds = [fit_model("random_forest", X[folds != k], y[folds != k], kinds) for k in range(FOLDS)]
    info["fit_after_s"] = time.perf_counter() - start
    for name, model in (("before", old), ("after", new)):
        with open(os.path.join(scratch, f"{name}.pkl"), "wb") as f:
            pickle.dump(model, f)
    before_path = export_model(old, os.path.join(scratch, "before.onnx"), names, kinds)
    fold_names = []
    for k, model in enumerate(old_folds):
        fold_names.append(f"before.fold{k + 1}.onnx")
        export_model(model, os.path.join(scratch, fold_names[-1]), names, kinds)
    write_contract(before_path, {"training_data": {"fold_models": fold_names}})
    export_model(new, os.path.join(scratch, "after_alone.onnx"), names, kinds)
    export_model(new, os.path.join(scratch, "after.onnx"), names, kinds, folds=new_folds)
    mb = lambda name: os.path.getsize(os.path.join(scratch, name)) / 1e6  # noqa: E731
    info["before"] = {"onnx_mb": mb("before.onnx"), "fold_files_mb": [mb(n) for n in fold_names],
                      "nodes": int(sum(t.tree_.node_count for t in old.steps[-1][1].estimators_))}  # fmt: skip
    info["after"] = {"onnx_mb": mb("after_alone.onnx"), "with_folds_mb": mb("after.onnx"), **forest_size(new),
                     "fold_leaves": [forest_size(m)["min_samples_leaf"] for m in new_folds]}  # fmt: skip
    with open(info_path, "w") as f:
        json.dump(info, f, indent=1)
    return info


# -- contenders (each in its own subprocess) ---------------------------------------------------
def _block_loop(factors: str, out: str, predict) -> None:
    """Read each 512 px block, predict its valid pixels, write a float32 GeoTIFF (nodata -1)."""
    import rasterio

    with rasterio.open(factors) as src:
        profile = src.profile.copy()
        profile.update(count=1, nodata=-1.0, compress="deflate")
        with rasterio.open(out, "w", **profile) as dst:
            for _, window in src.block_windows(1):
                block = src.read(window=window)
                rows = block.reshape(block.shape[0], -1).T
                ok = np.isfinite(rows).all(axis=1)
                result = np.full(len(rows), -1.0, np.float32)
                if ok.any():
                    result[ok] = predict(rows[ok])
                dst.write(result.reshape(1, *block.shape[1:]), window=window)


def job(spec: dict) -> dict:
    sys.path.insert(0, spec["plugins"])
    threads = spec["threads"]
    kind = spec["kind"]
    start = time.perf_counter()
    if kind == "sklearn":
        with open(spec["pickle"], "rb") as f:
            model = pickle.load(f)
        model.set_params(model__n_jobs=threads or -1)
        _block_loop(spec["factors"], spec["out"], lambda rows: model.predict_proba(rows)[:, 1])
    elif kind == "ort":
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        session = ort.InferenceSession(spec["onnx"], options, providers=["CPUExecutionProvider"])
        _block_loop(
            spec["factors"], spec["out"], lambda rows: session.run(["probabilities"], {"factors": rows})[0][:, 1]
        )
    else:
        from lithoscope.susceptibility.workflow import PredictParams, predict

        uncertainty = spec["out"][:-4] + "_u.tif" if kind == "lithoscope_uncertainty" else None
        predict(PredictParams(spec["factors"], spec["onnx"], spec["out"], uncertainty_path=uncertainty,
                              threads=threads, device="cpu"))  # fmt: skip
    return {"seconds": time.perf_counter() - start}


def run(spec: dict) -> float:
    out = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True, check=False
    )
    if out.returncode:
        raise SystemExit(f"{spec['kind']} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


def _check_same(a: str, b: str) -> float:
    """Largest difference between two probability rasters (valid pixels)."""
    import rasterio

    with rasterio.open(a) as x, rasterio.open(b) as y:
        p, q = x.read(1), y.read(1)
    ok = (p != -1) & (q != -1)
    return float(np.abs(p[ok] - q[ok]).max())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", default="1,2", help="thread counts, comma-separated (0: all cores)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(job(json.loads(args.child))))
        return 0
    os.makedirs(args.out, exist_ok=True)
    plugins = _plugin_path(args.out)
    sys.path.insert(0, plugins)
    factors = ensure_factors(args.out)
    info = ensure_models(args.out, factors)
    base = {"plugins": plugins, "factors": factors}
    contenders = []
    for threads in (int(t) for t in args.threads.split(",")):
        for model in ("before", "after"):
            for kind in ("sklearn", "ort", "lithoscope", "lithoscope_uncertainty"):
                name = f"{kind} {model} t{threads}"
                # Bare onnxruntime runs the model alone (onnxruntime runs every node of a graph, asked for or not).
                onnx = os.path.join(
                    args.out, f"{model}_alone.onnx" if kind == "ort" and model == "after" else f"{model}.onnx"
                )
                spec = {**base, "kind": kind, "threads": threads, "onnx": onnx,
                        "pickle": os.path.join(args.out, f"{model}.pkl"),
                        "out": os.path.join(args.out, f"{kind}_{model}_t{threads}.tif")}  # fmt: skip
                contenders.append((name, spec))
    times: dict[str, list[float]] = {name: [] for name, _ in contenders}
    for r in range(args.repeats):
        order = contenders if r % 2 == 0 else contenders[::-1]  # alternating: drift in machine load cancels
        for name, spec in order:
            times[name].append(run(spec))
            print(f"  {name}: {times[name][-1]:.2f} s", file=sys.stderr)
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"\nMachine: {os.cpu_count()} cores; {HEIGHT} x {WIDTH} px, {BANDS} float32 bands; {SAMPLES:,} samples.")
    print(f"Median of {args.repeats} run(s) each, every run its own subprocess, in alternating order.\n")
    print("| threads | forest | sklearn predict_proba | bare onnxruntime | Lithoscope | Lithoscope / sklearn | "
          "Lithoscope / onnxruntime | Lithoscope + uncertainty |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for threads in (int(t) for t in args.threads.split(",")):
        for model in ("before", "after"):
            sk, rt, li, lu = (median[f"{k} {model} t{threads}"] for k in
                              ("sklearn", "ort", "lithoscope", "lithoscope_uncertainty"))  # fmt: skip
            print(f"| {threads} | {model} | {sk:.1f} s | {rt:.1f} s | {li:.1f} s | {li / sk:.2f} | {li / rt:.2f} | "
                  f"{lu:.1f} s |")  # fmt: skip
    t = args.threads.split(",")[0]
    for model in ("before", "after"):
        diff = _check_same(os.path.join(args.out, f"sklearn_{model}_t{t}.tif"),
                           os.path.join(args.out, f"lithoscope_{model}_t{t}.tif"))  # fmt: skip
        print(f"\n{model}: largest |Lithoscope - predict_proba| = {diff:.2e}", end="")
    b, a = info["before"], info["after"]
    print(
        f"\n\nONNX before: {b['onnx_mb']:.1f} MB ({b['nodes']:,} nodes; 200 trees, leaf 3) + "
        f"{len(b['fold_files_mb'])} fold model files of {statistics.mean(b['fold_files_mb']):.1f} MB on average"
    )
    print(
        f"ONNX after: {a['onnx_mb']:.1f} MB alone ({a['nodes']:,} nodes; {a['trees']} trees, leaf "
        f"{a['min_samples_leaf']}, OOB AUC {a['oob_auc']}), {a['with_folds_mb']:.1f} MB holding the "
        f"{FOLDS} fold models (their leaves {a['fold_leaves']})"
    )
    print(
        f"Training the forest and its {FOLDS} fold models: before {info['fit_before_s']:.1f} s, "
        f"after {info['fit_after_s']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
