# SPDX-License-Identifier: GPL-2.0-or-later
"""Engine v2 benchmarks: each section measures its contenders side by side in one run.

Every contender runs in a fresh Python subprocess (alternating between contenders when
repeated), so its peak resident memory (VmHWM) is its own; each run also records its CPU
seconds and the cores other processes used meanwhile. The engines are `git archive` snapshots
(--engine, default HEAD; --before) imported as `lithoscope` from their own plugins folders.
Rasters, stacks and models are generated once into the scratch folder (--out) and cached;
generation is never timed.

  classify   the CNN job (bench_classify.py's model and raster, tile 256, overlap 32) through
             the engine before the rewrite and the engine under test; MP/s, CPU s, bare
             onnxruntime efficiency, peak RSS and whether the class maps agree
  tabular    a scikit-learn random forest over an 8-layer float32 stack: run_classify with
             layers= (ONNX) vs the rasterio + sklearn predict loop a user would write
  executors  the tabular and the CNN job with the local executor and Dask (LocalCluster of
             1 and 2 workers); the LocalCluster start and close are also timed on their own

    .venv/bin/python bench/bench_engine.py classify --size 16 --repeat 3
    .venv/bin/python bench/bench_engine.py tabular --sizes 16,64
    .venv/bin/python bench/bench_engine.py executors --size 16
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import threading
import time

import numpy as np
from bench_classify import (
    HIDDEN,
    LAYERS,
    ROOT,
    _contention,
    _cpu_snapshot,
    _import_core,
    _plugin_path,
    _SmoothField,
    bare_onnxruntime,
    core_api,
    ensure_model,
    ensure_raster,
    geotiff_profile,
    machine_info,
    side_for,
    wait_for_idle,
)

DEFAULT_OUT = "/tmp/lithoscope-bench"
BEFORE = "a783ff9"  # the engine before "Engine v2 core"
FACTORS, RF_CLASSES = 8, 4
CLEAN = 0.1  # a run is clean when other processes used at most this many cores meanwhile
LITH, LOOP = "Lithoscope run_classify (ONNX, layers=)", "rasterio + sklearn predict loop"


# -- inputs (cached in the scratch folder) ------------------------------------------------------
def ensure_engine(scratch: str, rev: str) -> tuple[str, str]:
    """(plugins folder holding the package `lithoscope` at commit `rev`, short hash), by git archive.

    rev "checkout" is the working tree itself (through .build/plugins), uncommitted changes included.
    """
    if rev == "checkout":
        return _plugin_path(scratch), "checkout"
    full = subprocess.run(["git", "-C", ROOT, "rev-parse", rev], capture_output=True, text=True, check=True)
    short = full.stdout.strip()[:7]
    folder = os.path.join(scratch, f"engine-{short}")
    package = os.path.join(folder, "lithoscope")
    if not os.path.isdir(package):
        tmp = package + ".part"
        os.makedirs(tmp, exist_ok=True)
        archive = subprocess.run(["git", "-C", ROOT, "archive", rev], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        os.replace(tmp, package)
    return folder, short


def ensure_stack(scratch: str, megapixels: float) -> list[str]:
    """FACTORS single-band float32 GeoTIFFs (tiled 256, deflate) on one grid: smooth random fields."""
    import rasterio
    from rasterio.windows import Window

    side = side_for(megapixels)
    folder = os.path.join(scratch, f"stack_{side}")
    paths = [os.path.join(folder, f"factor_{i + 1}.tif") for i in range(FACTORS)]
    os.makedirs(folder, exist_ok=True)
    profile = geotiff_profile(side, 1, "float32")
    for i, path in enumerate(paths):
        if os.path.exists(path):
            continue
        t0 = time.perf_counter()
        field = _SmoothField(side, seed=200 + i)
        tmp = path + ".part.tif"
        with rasterio.Env(GDAL_CACHEMAX=64 << 20), rasterio.open(tmp, "w", **profile) as dst:
            for y in range(0, side, 256):
                h = min(256, side - y)
                dst.write(field.rows(y, h)[None], window=Window(0, y, side, h))
        os.replace(tmp, path)
        print(f"generated {path} in {time.perf_counter() - t0:.0f} s", flush=True)
    return paths


def ensure_forest(scratch: str) -> tuple[str, str]:
    """A seeded RandomForestClassifier (100 trees, depth 12, 4 classes, 20k samples of 8 factors)
    as a pickle for the sklearn loop and as ONNX (skl2onnx, zipmap off) for Lithoscope."""
    pkl, onnx_path = (os.path.join(scratch, f"forest.{ext}") for ext in ("pkl", "onnx"))
    if os.path.exists(pkl) and os.path.exists(onnx_path):
        return pkl, onnx_path
    from skl2onnx import to_onnx
    from sklearn.ensemble import RandomForestClassifier

    rng = np.random.default_rng(7)
    x = np.clip(rng.normal(0.0, 0.4, (20_000, FACTORS)), -1, 1).astype(np.float32)  # like the fields
    scores = x @ rng.standard_normal((FACTORS, RF_CLASSES)) + np.sin(4 * x[:, :4]) @ rng.standard_normal((4, 4))
    y = np.argmax(scores + 0.3 * rng.standard_normal(scores.shape), axis=1)
    forest = RandomForestClassifier(n_estimators=100, max_depth=12, random_state=0, n_jobs=-1).fit(x, y)
    onx = to_onnx(forest, x[:1], options={id(forest): {"zipmap": False}}, target_opset={"": 17, "ai.onnx.ml": 3})
    with open(onnx_path, "wb") as f:
        f.write(onx.SerializeToString())
    with open(pkl, "wb") as f:
        pickle.dump(forest, f)
    return pkl, onnx_path


# -- children: one measured job each -----------------------------------------------------------
class _TreeRss(threading.Thread):
    """Peak summed RSS of this process and its descendants (Dask workers), sampled every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self.stop.wait(0.2):
            total = 0
            for p in [me, *me.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total / 2**20)


def own_cpu() -> float:
    """CPU seconds of this process and its ended children (Dask workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def cpu_snapshot() -> tuple:
    """bench_classify's /proc/stat snapshot, with the CPU of ended children as our own."""
    wall, busy, steal, _ = _cpu_snapshot()
    return wall, busy, steal, own_cpu()


def clock() -> tuple[float, float]:
    return time.perf_counter(), own_cpu()


def since(start: tuple[float, float]) -> dict:
    """Wall and CPU seconds since clock(): CPU time is what other processes on the machine disturb least."""
    return {"seconds": time.perf_counter() - start[0], "cpu_s": own_cpu() - start[1]}


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: on Linux a child's ru_maxrss starts from its
    parent's RSS at fork (the high-water mark survives fork + exec), which a large parent inflates."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024.0


def job_lithoscope(spec: dict) -> dict:
    import lithoscope

    api = core_api()
    ClassifyParams, run_classify = api["ClassifyParams"], api["run_classify"]
    kwargs = {k: spec[k] for k in ("input_path", "model", "output_path", "tile_size", "overlap") if k in spec}
    if spec.get("layers"):
        kwargs["layers"] = [api["RasterLayer"](p) for p in spec["layers"]]
    if spec.get("executor"):
        kwargs.update(executor=spec["executor"], workers=spec["workers"])
    params = ClassifyParams(device="cpu", threads=spec["threads"], **kwargs)
    start = clock()
    s = run_classify(params).stats
    out = {**since(start), "package": os.path.dirname(lithoscope.__file__), "tiles": s.tiles}
    out.update(in_model_s=s.inference_seconds, executor=getattr(s, "executor", "local"), chunks=getattr(s, "chunks", 0))
    if spec.get("bare"):
        bands, t = spec["bands"], s.tile
        run = s.tiles - s.tiles_skipped
        sizes = [s.batch_size] * (run // s.batch_size) + ([run % s.batch_size] if run % s.batch_size else [])
        out["bare_shapes"] = [(n, bands, t, t) for n in sizes]
    return out


def job_sklearn(spec: dict) -> dict:
    """What a user would write: read blocks of every factor, predict the rows, write uint8."""
    import rasterio
    import sklearn.ensemble  # noqa: F401 (imported before the clock starts, as onnxruntime is)
    from rasterio.windows import Window

    start = clock()
    with open(spec["model"], "rb") as f:
        forest = pickle.load(f)
    forest.n_jobs = -1
    block = 1024
    sources = [rasterio.open(p) for p in spec["layers"]]
    first = sources[0]
    profile = dict(first.profile, count=1, dtype="uint8", nodata=255, tiled=True, blockxsize=256, blockysize=256)
    with rasterio.open(spec["output_path"], "w", **dict(profile, compress="deflate")) as dst:
        for y in range(0, first.height, block):
            for x in range(0, first.width, block):
                win = Window(x, y, min(block, first.width - x), min(block, first.height - y))
                stack = np.stack([src.read(1, window=win) for src in sources])
                classes = forest.predict(stack.reshape(len(sources), -1).T).astype(np.uint8)
                dst.write(classes.reshape(1, win.height, win.width), window=win)
    for src in sources:
        src.close()
    return since(start)


def job_startup(spec: dict) -> dict:
    """The LocalCluster of the Dask executor alone: start (workers up) and close."""
    from lithoscope.inference.engine.dask import open_client
    from lithoscope.inference.engine.plan import ExecutorSpec

    t0 = time.perf_counter()
    client, cluster = open_client(ExecutorSpec("dask", None, spec["workers"]), lambda m: None)
    t1 = time.perf_counter()
    client.close()
    cluster.close()
    return {"start_s": t1 - t0, "close_s": time.perf_counter() - t1}


JOBS = {"lithoscope": job_lithoscope, "sklearn": job_sklearn, "startup": job_startup}


def child(spec: dict) -> dict:
    if spec.get("wait_idle"):
        wait_for_idle(CLEAN, spec["wait_idle"])
    tree = _TreeRss()
    tree.start()
    snap = cpu_snapshot()
    out = JOBS[spec["job"]](spec)  # times itself, without the imports
    out["load"] = _contention(snap, cpu_snapshot())
    tree.stop.set()
    out["peak_rss_mb"] = peak_rss_mb()
    out["peak_tree_rss_mb"] = max(tree.peak, out["peak_rss_mb"])
    shapes = out.pop("bare_shapes", None)
    if shapes:  # after the job, so that its memory is not counted
        if spec.get("wait_idle"):
            wait_for_idle(CLEAN, spec["wait_idle"])
        snap = cpu_snapshot()
        shapes = [tuple(s) for s in shapes]
        out["bare_s"] = bare_onnxruntime(spec["model"], spec["threads"], shapes, (1, *shapes[0][1:]))
        out["bare_load"] = _contention(snap, cpu_snapshot())
    return out


def serve_child(spec_path: str, job) -> int:
    """The child side of run_child: run `job(spec)` and write its result where the spec says."""
    with open(spec_path) as f:
        spec = json.load(f)
    with open(spec["result"], "w") as f:
        json.dump(job(spec), f)
    return 0


def run_child(spec: dict, plugins: str, scratch: str, script: str = __file__) -> dict:
    """Run a job of `script` (`script --child spec.json`) in a fresh interpreter importing lithoscope from `plugins`."""
    path = os.path.join(scratch, f"spec_{os.path.basename(script)}_{os.getpid()}.json")
    spec = dict(spec, result=path + ".out")
    with open(path, "w") as f:
        json.dump(spec, f)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (plugins, os.environ.get("PYTHONPATH")) if p))
    subprocess.run([sys.executable, os.path.abspath(script), "--child", path], env=env, check=True)
    with open(spec["result"]) as f:
        result = json.load(f)
    os.unlink(path)
    os.unlink(spec["result"])
    return result


def remove(path: str) -> None:
    for p in (path, path + ".aux.xml", os.path.splitext(path)[0] + ".qml"):
        if os.path.exists(p):
            os.unlink(p)


def agreement(a: str, b: str) -> float:
    """Share of pixels where two class maps hold the same value."""
    import rasterio

    same = total = 0
    with rasterio.open(a) as da, rasterio.open(b) as db:
        for _, win in da.block_windows(1):
            x, y = da.read(1, window=win), db.read(1, window=win)
            same += int((x == y).sum())
            total += x.size
    return same / total


# -- reporting ---------------------------------------------------------------------------------
def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def others(run: dict, key: str = "load") -> float:
    """Cores that other processes used during the run (from /proc/stat)."""
    return run[key]["others_cores"]


def clean(runs: list[dict]) -> list[dict]:
    """The runs other processes left alone (all of them if none was)."""
    return [r for r in runs if others(r) <= CLEAN] or runs


def med(runs: list[dict], key: str = "seconds") -> float:
    """Median over the clean runs."""
    return statistics.median(r[key] for r in clean(runs))


def cpu(runs: list[dict]) -> float:
    """Median CPU seconds over all runs (others' load changes them much less than wall time)."""
    return statistics.median(r["cpu_s"] for r in runs)


def counted(runs: list[dict]) -> str:
    return f"{sum(others(r) <= CLEAN for r in runs)}/{len(runs)}"


def each(runs: list[dict]) -> str:
    return ", ".join(f"{r['seconds']:.1f} ({others(r):.2f})" for r in runs)


def say(run: dict, label: str) -> None:
    print(
        f"  {label}: {run['seconds']:.1f} s, peak RSS {run['peak_rss_mb']:.0f} MB (tree {run['peak_tree_rss_mb']:.0f}),"
        f" others used {run['load']['others_cores']:.2f} cores",
        flush=True,
    )


# -- sections ----------------------------------------------------------------------------------
def section_classify(args, scratch: str, here: str) -> tuple[str, dict]:
    raster = ensure_raster(scratch, args.size, 4, "uint8")
    model = ensure_model(scratch, 4, HIDDEN, LAYERS, 6)
    before, short = ensure_engine(scratch, args.before)
    engines = {f"before ({short})": before, f"after ({args.engine})": here}
    mp = side_for(args.size) ** 2 / 1e6
    base = {"job": "lithoscope", "input_path": raster, "model": model, "tile_size": 256, "overlap": 32}
    base.update(threads=0, bare=not args.no_bare, bands=4, wait_idle=args.wait_idle)
    runs: dict[str, list[dict]] = {name: [] for name in engines}
    outputs = {}
    for i in range(args.repeat):
        for name in list(engines)[:: 1 if i % 2 == 0 else -1]:  # alternate which goes first
            outputs[name] = os.path.join(scratch, f"classify_{name.split()[0]}.tif")
            print(f"classify {args.size:g} MP, {name}, run {i + 1}/{args.repeat}", flush=True)
            r = run_child(dict(base, output_path=outputs[name]), engines[name], scratch)
            say(r, name)
            runs[name].append(r)
    same = agreement(*outputs.values())
    for path in outputs.values():
        remove(path)
    rows = []
    for name, rs in runs.items():
        eff = [r["bare_s"] / r["seconds"] for r in rs if "bare_s" in r and others(r, "bare_load") <= CLEAN]
        rows.append(
            [name, counted(rs), f"{med(rs):.1f}", f"**{mp / med(rs):.3f}**", f"{cpu(rs):.1f}"]
            + [f"{med(rs, 'in_model_s'):.1f}"]
            + ([f"{statistics.median(eff):.3f} ({len(eff)})" if eff else "-"] if not args.no_bare else [])
            + [f"{max(r['peak_rss_mb'] for r in rs):.0f}", each(rs)]
        )
    before, after = (runs[n] for n in engines)
    pairs = [b["seconds"] / a["seconds"] for b, a in zip(before, after)]
    rss = [max(r["peak_rss_mb"] for r in rs) for rs in (before, after)]
    text = table(
        ["engine", "clean runs", "job s", "MP/s", "CPU s", "in model s"]
        + (["efficiency (clean runs)"] if not args.no_bare else [])
        + ["peak RSS MB", "each run: s (others' cores)"],
        rows,
    )
    text += (
        f"\n\nafter / before: MP/s x{med(before) / med(after):.3f} (clean medians), "
        f"x{statistics.median(pairs):.3f} (median of the {len(pairs)} rounds: {', '.join(f'{p:.3f}' for p in pairs)}); "
        f"CPU s x{cpu(after) / cpu(before):.3f}; peak RSS x{rss[1] / rss[0]:.3f}; "
        f"class maps identical on {100 * same:.4f} % of pixels"
    )
    return text, runs


def section_tabular(args, scratch: str, here: str) -> tuple[str, dict]:
    pkl, onnx_path = ensure_forest(scratch)
    sizes = [float(s) for s in args.sizes.split(",")]
    stacks = {s: ensure_stack(scratch, s) for s in sizes}
    before, short = ensure_engine(scratch, args.before) if args.tabular_before else (None, None)
    rows, runs = [], {}
    for s in sizes:
        paths, mp = stacks[s], side_for(s) ** 2 / 1e6
        lith = {"job": "lithoscope", "model": onnx_path, "input_path": paths[0], "layers": paths[1:], "engine": here}
        contenders = {LITH: lith}
        if before:
            contenders[f"{LITH}, before ({short})"] = dict(lith, engine=before)
        if s <= args.sklearn_max:
            contenders[LOOP] = {"job": "sklearn", "model": pkl, "layers": paths}
        outputs = {}
        for i in range(args.repeat):
            for name in list(contenders)[:: 1 if i % 2 == 0 else -1]:
                outputs[name] = os.path.join(scratch, f"tabular_{abs(hash(name))}.tif")
                print(f"tabular {s:g} MP, {name}, run {i + 1}/{args.repeat}", flush=True)
                spec = dict(contenders[name], threads=0, output_path=outputs[name], wait_idle=args.wait_idle)
                r = run_child(spec, spec.pop("engine", here), scratch)
                say(r, name)
                runs.setdefault(f"{s:g} MP: {name}", []).append(r)
        reference = LOOP if LOOP in outputs else LITH  # the class map the others are compared with
        same = {name: agreement(outputs[name], outputs[reference]) for name in outputs if name != reference}
        for path in outputs.values():
            remove(path)
        first = None
        for name in contenders:
            rs = runs[f"{s:g} MP: {name}"]
            speed = mp / med(rs)
            first = first or speed
            rows.append(
                [f"{s:g} MP ({side_for(s)}²)", name, counted(rs), f"{med(rs):.1f}", f"**{speed:.3f}**"]
                + [f"{cpu(rs):.1f}", f"{speed / first:.2f}"]
                + [f"{med(rs, 'in_model_s'):.1f}" if "in_model_s" in rs[0] else "-"]
                + [f"{max(r['peak_rss_mb'] for r in rs):.0f}", f"{100 * same[name]:.4f} %" if name in same else "-"]
                + [each(rs)]
            )
    text = table(
        ["size", "contender", "clean runs", "s", "MP/s", "CPU s", "speed / Lithoscope", "in model s", "peak RSS MB"]
        + ["same class as the loop (or Lithoscope)", "each run: s (others' cores)"],
        rows,
    )
    if len(sizes) > 1:
        rss = [max(r["peak_rss_mb"] for r in runs[f"{s:g} MP: {LITH}"]) for s in (sizes[0], sizes[-1])]
        text += f"\n\nLithoscope peak RSS {sizes[-1]:g} MP / {sizes[0]:g} MP: x{rss[1] / rss[0]:.3f}"
    return text, runs


def section_executors(args, scratch: str, here: str) -> tuple[str, dict]:
    pkl, onnx_path = ensure_forest(scratch)
    paths = ensure_stack(scratch, args.size)
    raster = ensure_raster(scratch, args.size, 4, "uint8")
    cnn = ensure_model(scratch, 4, HIDDEN, LAYERS, 6)
    jobs = {
        "tabular (forest, 8 layers)": {"model": onnx_path, "input_path": paths[0], "layers": paths[1:]},
        "CNN (tile 256, overlap 32)": {"model": cnn, "input_path": raster, "tile_size": 256, "overlap": 32},
    }
    dask = {"executor": "dask", "threads": 0}
    executors = {"local": {"threads": 0}, "dask, 1 worker": dict(dask, workers=1)}
    executors["dask, 2 workers"] = dict(dask, workers=2)
    executors["dask, 2 workers, 1 ORT thread each"] = dict(dask, workers=2, threads=1)
    runs: dict[str, list[dict]] = {}
    startup: dict[int, list[dict]] = {1: [], 2: []}
    out = os.path.join(scratch, "executors.tif")
    for i in range(args.repeat):
        for w in startup:
            startup[w].append(run_child({"job": "startup", "workers": w}, here, scratch))
            print(f"LocalCluster of {w}: start {startup[w][-1]['start_s']:.1f} s", flush=True)
        for job, spec in jobs.items():
            for name in list(executors)[:: 1 if i % 2 == 0 else -1]:
                print(f"executors {args.size:g} MP, {job}, {name}, run {i + 1}/{args.repeat}", flush=True)
                full = dict(spec, **executors[name], job="lithoscope", output_path=out)
                r = run_child(dict(full, wait_idle=args.wait_idle), here, scratch)
                say(r, name)
                runs.setdefault(f"{job}: {name}", []).append(r)
                remove(out)
    rows = []
    for job in jobs:
        local = med(runs[f"{job}: local"])
        for name in executors:
            rs = runs[f"{job}: {name}"]
            w = executors[name].get("workers")
            start = f"{med(startup[w], 'start_s'):.1f} + {med(startup[w], 'close_s'):.1f}" if w else "-"
            rows.append(
                [job, name, counted(rs), f"{med(rs):.1f}", f"**{med(rs) / local:.2f}**", f"{med(rs) - local:+.1f}"]
                + [f"{cpu(rs):.1f}", start, rs[0]["chunks"] or "-", rs[0]["tiles"], f"{med(rs, 'in_model_s'):.1f}"]
                + [f"{max(r['peak_tree_rss_mb'] for r in rs):.0f}", each(rs)]
            )
    text = table(
        ["job", "executor", "clean runs", "wall s", "/ local", "overhead s", "CPU s (all processes)"]
        + ["cluster start + close s", "chunks"]
        + ["windows run", "in model s (all processes)", "peak RSS, all processes MB", "each run: s (others' cores)"],
        rows,
    )
    return text, {"runs": runs, "startup": {str(k): v for k, v in startup.items()}}


SECTIONS = {"classify": section_classify, "tabular": section_tabular, "executors": section_executors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("sections", nargs="*", metavar="section", help=f"{', '.join(SECTIONS)} (default: all, in order)")
    ap.add_argument("--size", type=float, default=16, help="classify, executors: megapixels (2^20 px), default 16")
    ap.add_argument("--sizes", default="16,64", help="tabular: stack sizes in megapixels, default 16,64")
    ap.add_argument("--repeat", type=int, default=None, help="runs per contender (default 3 classify, 1 others)")
    ap.add_argument("--before", default=BEFORE, help=f"classify: the engine to compare with (default {BEFORE})")
    ap.add_argument(
        "--tabular-before", action="store_true", help="tabular: also run the engine --before (side by side)"
    )
    ap.add_argument(
        "--engine", default="HEAD", help="commit to measure (default HEAD), or 'checkout' for the working tree"
    )
    ap.add_argument("--no-bare", action="store_true", help="classify: skip the bare onnxruntime timing")
    ap.add_argument("--sklearn-max", type=float, default=64, help="tabular: largest size for the sklearn loop")
    ap.add_argument("--wait-idle", type=float, default=0, help="seconds a child may wait for an idle machine")
    ap.add_argument("--out", default=DEFAULT_OUT, help=f"scratch folder, inputs cached here (default {DEFAULT_OUT})")
    ap.add_argument("--json", default=None, help="write every run here")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return serve_child(args.child, child)

    scratch = os.path.abspath(args.out)
    os.makedirs(scratch, exist_ok=True)
    _import_core(scratch)  # the generators in tests/builders.py
    here, args.engine = ensure_engine(scratch, args.engine)  # a snapshot: others may commit meanwhile
    report = {"machine": machine_info(), "argv": sys.argv[1:], "engine": args.engine, "sections": {}}
    print(json.dumps(report["machine"]))
    texts = []
    for name in args.sections or list(SECTIONS):
        if name not in SECTIONS:
            ap.error(f"unknown section {name}; choose from {', '.join(SECTIONS)}")
        sub = argparse.Namespace(**vars(args))
        sub.repeat = args.repeat or (3 if name == "classify" else 1)
        text, runs = SECTIONS[name](sub, scratch, here)
        texts.append(f"### {name}\n\n{text}")
        print(f"\n{texts[-1]}\n", flush=True)
        report["sections"][name] = {"table": text, "runs": runs}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    if len(texts) > 1:
        print("\n\n".join(texts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
