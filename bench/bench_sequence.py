# SPDX-License-Identifier: GPL-2.0-or-later
"""Per-pixel sequence throughput: a 12-date NDVI stack through a GRU classifier, side by side in one run.

Contenders, each in a fresh Python subprocess so that its peak resident memory (VmHWM) is its own,
alternating which goes first when repeated:

  Lithoscope  run_sequence_raster (the streaming raster path with the sequences layout), class map
  loop        what a user would otherwise write: rasterio windows of 512 x 512 px (as many pixels per
              session.run as Lithoscope's 4 tiles of 256 px), reshape to (N, 12, 1), scale as the model's
              contract says, onnxruntime, argmax, uint8 GeoTIFF; nodata steps (gaps) masked or filled
              linearly (ends held) as the contract says

Both open onnxruntime with the same intra-op thread count (--threads, 0 = onnxruntime's default). The
two class maps are compared pixel by pixel. The stack (12 int16 bands, NDVI x 10000, nodata -3000,
monthly dates in the band descriptions, land-cover patches with seasonal profiles like the labelled
MODIS series, noise, cloud gaps and nodata holes) is generated once per size into --scratch; generation
is never timed. The model is models/ndvi_landcover.onnx when it exists, else a GRU built with
onnx.helper (12 steps x 1 feature, hidden 32, 4 classes, softmax; random recurrent weights and a read-out
fitted to the generated profiles) cached in --scratch.

    .venv/bin/python bench/bench_sequence.py --sizes 16,64 --out /tmp/lithoscope-bench/sequence.json
    .venv/bin/python bench/bench_sequence.py --sizes 1,4 --threads 1          # a quick check
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
from bench_classify import (
    ROOT,
    _contention,
    _plugin_path,
    _SmoothField,
    core_api,
    geotiff_profile,
    machine_info,
    side_for,
    wait_for_idle,
)
from bench_engine import (
    CLEAN,
    clean,
    clock,
    counted,
    cpu,
    cpu_snapshot,
    each,
    ensure_engine,
    med,
    peak_rss_mb,
    remove,
    serve_child,
    since,
    table,
)
from bench_engine import run_child as _run_child

DEFAULT_SCRATCH = "/tmp/lithoscope-bench"
SHIPPED = os.path.join(ROOT, "models", "ndvi_landcover.onnx")
STEPS, NODATA, HIDDEN, BLOCK = 12, -3000, 32, 512
DATES = [f"{2013 + (8 + m) // 12}-{(8 + m) % 12 + 1:02d}-15" for m in range(STEPS)]  # 2013-09 .. 2014-08
# Mean NDVI x 100 per month (Sep to Aug) of the labelled MODIS series (samples_modis_ndvi_wide.csv).
PROFILES = {
    "Cerrado": [46, 56, 58, 61, 56, 63, 63, 67, 63, 57, 49, 44],
    "Forest": [73, 79, 68, 65, 76, 70, 68, 87, 83, 83, 81, 72],
    "Pasture": [38, 48, 56, 63, 62, 56, 66, 66, 59, 47, 39, 36],
    "Soy_Corn": [28, 32, 54, 90, 74, 38, 72, 82, 68, 37, 27, 25],
}
LITH, LOOP = "Lithoscope run_sequence_raster", "rasterio + onnxruntime loop"


# -- inputs (cached in the scratch folder) ------------------------------------------------------
def ensure_stack(scratch: str, megapixels: float) -> str:
    """A square 12-band int16 NDVI stack (tiled 256, deflate), written one strip of 256 rows at a time.

    Land cover: patches of the 4 profiles (a smooth field cut at its quartiles), each pixel's series
    scaled by a smooth gain (+-15 %) plus noise (sd 0.04). Nodata (-3000): a few % of pixels on every
    date (holes), and cloud patches that blank one date of a few % of pixels (gaps in the series).
    """
    import rasterio
    from rasterio.windows import Window

    side = side_for(megapixels)
    path = os.path.join(scratch, f"ndvi_stack_{side}_v1.tif")
    if os.path.exists(path):
        return path
    print(f"generating {path} ({side}x{side}, {STEPS} bands int16) ...", flush=True)
    start = clock()
    cover, gain, cloud, when = (_SmoothField(side, seed=300 + i) for i in range(4))
    profiles = np.array(list(PROFILES.values()), np.float32) / 100.0  # (4, 12)
    cuts = np.array([-0.17, 0.0, 0.17], np.float32)  # about the quartiles of a smooth field (sd 0.25)
    tmp = path + ".part.tif"
    with rasterio.Env(GDAL_CACHEMAX=64 << 20):
        with rasterio.open(tmp, "w", **dict(geotiff_profile(side, STEPS, "int16"), nodata=NODATA)) as dst:
            for y in range(0, side, 256):
                h = min(256, side - y)
                rng = np.random.default_rng([7, y])
                c = cover.rows(y, h)
                series = profiles[np.searchsorted(cuts, c)] * (1.0 + 0.15 * gain.rows(y, h))[..., None]
                series += rng.normal(0.0, 0.04, series.shape).astype(np.float32)
                data = np.rint(np.clip(series, -0.2, 1.0) * 10000).astype(np.int16)  # (h, side, 12)
                date = np.minimum((when.rows(y, h) + 1.0) * 0.5 * STEPS, STEPS - 1).astype(np.int64)
                cloudy = np.nonzero(cloud.rows(y, h) > 0.5)
                data[cloudy + (date[cloudy],)] = NODATA
                data[c < -0.5] = NODATA  # holes (water, say): no valid date
                dst.write(np.moveaxis(data, -1, 0), window=Window(0, y, side, h))
            dst.descriptions = tuple(f"NDVI_{d}" for d in DATES)
    os.replace(tmp, path)
    print(f"  done in {since(start)['seconds']:.0f} s ({os.path.getsize(path) / 2**20:.0f} MiB)", flush=True)
    return path


def _gru_model(weights: dict[str, np.ndarray], head: bool):
    """ONNX GRU (N, 12, 1) -> last hidden state (N, H), or with `head` -> softmax (N, K) "probabilities"."""
    from onnx import TensorProto, helper, numpy_helper

    h = weights["R"].shape[-1]
    nodes = [
        helper.make_node("Transpose", ["series"], ["tnf"], perm=[1, 0, 2]),
        helper.make_node("GRU", ["tnf", "W", "R", "B"], ["", "h_last"], hidden_size=h, linear_before_reset=1),
        helper.make_node("Squeeze", ["h_last", "axis0"], ["h"]),
    ]
    names = ["W", "R", "B", "axis0"]
    out = helper.make_tensor_value_info("h", TensorProto.FLOAT, ["N", h])
    if head:
        nodes += [
            helper.make_node("MatMul", ["h", "Wo"], ["hw"]),
            helper.make_node("Add", ["hw", "Bo"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        ]
        names += ["Wo", "Bo"]
        out = helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", weights["Bo"].size])
    series = helper.make_tensor_value_info("series", TensorProto.FLOAT, ["N", STEPS, 1])
    inits = [numpy_helper.from_array(weights[n], n) for n in names]
    model = helper.make_model(
        helper.make_graph(nodes, "ndvi_gru", [series], [out], inits),
        opset_imports=[helper.make_opsetid("", 17)],
        producer_name="lithoscope-bench",
    )
    model.ir_version = 8
    return model


def ensure_gru(scratch: str) -> str:
    """A GRU (N, 12, 1) -> softmax (N, 4) built with onnx.helper, with its sequence contract.

    Seeded random recurrent weights; the linear read-out is fitted by least squares on the last hidden
    states of 4000 series drawn as the stack is (the 4 profiles, gain, noise), so the classes vary
    over the stack as a trained model's would. Input scaling: (x - 5500) / 2000 on NDVI x 10000.
    """
    path = os.path.join(scratch, f"ndvi_gru_h{HIDDEN}_v2.onnx")
    if os.path.exists(path):
        return path
    import onnx
    import onnxruntime as ort
    from lithoscope.inference.model.contract import write_contract

    rng = np.random.default_rng(11)
    h, k, offset, scale = HIDDEN, len(PROFILES), 5500.0, 2000.0
    weights = {
        "W": rng.normal(0, 1.0, (1, 3 * h, 1)).astype(np.float32),
        "R": rng.normal(0, 0.3, (1, 3 * h, h)).astype(np.float32),
        "B": rng.normal(0, 0.3, (1, 6 * h)).astype(np.float32),
        "axis0": np.array([0], np.int64),
    }
    y = rng.integers(0, k, 4000)
    profiles = np.array(list(PROFILES.values()), np.float32) * 100.0  # NDVI x 10000
    x = profiles[y] * (1.0 + 0.15 * rng.normal(0, 0.27, (len(y), 1))) + rng.normal(0, 400.0, (len(y), STEPS))
    feed = ((x - offset) / scale).astype(np.float32)[..., None]
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    hidden = ort.InferenceSession(_gru_model(weights, False).SerializeToString(), options)
    states = hidden.run(None, {"series": feed})[0]
    design = np.hstack([states, np.ones((len(y), 1), np.float32)])
    fit = np.linalg.lstsq(design, 4.0 * np.eye(k)[y], rcond=None)[0]  # one-hot x 4: a sharper softmax
    weights.update(Wo=fit[:-1].astype(np.float32), Bo=fit[-1].astype(np.float32))
    model = _gru_model(weights, True)
    onnx.checker.check_model(model)
    tmp = path + ".part"
    onnx.save(model, tmp)
    accuracy = float((np.argmax(design @ fit, axis=1) == y).mean())
    contract = {
        "lithoscope_task": "sequence",
        "output_kind": "classes",
        "class_names": list(PROFILES),
        "sequence_length": STEPS,
        "sequence_features": 1,
        "band_offset": [offset],
        "band_scale": [scale],
        "description": (
            "Benchmark GRU: random recurrent weights, read-out fitted by least squares on generated series "
            f"(training accuracy {accuracy:.3f}); NDVI x 10000, 12 monthly steps. Not a land-cover model."
        ),
    }
    write_contract(tmp, contract)
    os.replace(tmp, path)
    print(f"built {path} (read-out training accuracy {accuracy:.3f})", flush=True)
    return path


def loop_recipe(model: str) -> dict:
    """What the loop needs from the model, as a user reads it off the model card: output, scaling, nodata.

    Exits when the contract asks for pre-processing the loop does not mirror.
    """
    import onnxruntime as ort
    from lithoscope.inference.model.contract import read_contract

    c = read_contract(model)
    if c.sequence_step != 1 or c.sequence_difference or c.sequence_scaling == "per_series":
        raise SystemExit(f"{model}: the loop mirrors only step 1, no differencing and per-feature or no scaling")
    if c.sequence_gaps == "refuse":
        raise SystemExit(f"{model}: refuses series with gaps, and the generated stack has cloud gaps")
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    shape = session.get_inputs()[0].shape
    if shape[1] not in (STEPS, None) or shape[2] not in (1, None):
        raise SystemExit(f"{model}: takes {shape}, not (N, {STEPS}, 1)")
    wanted = [n for n, r in c.output_roles.items() if r == "probabilities"]
    floats = [o.name for o in session.get_outputs() if o.type == "tensor(float)" and len(o.shape) == 2]
    if not (wanted or floats):
        raise SystemExit(f"{model}: no (N, K) float output to take the arg-max of")
    per_feature = c.sequence_scaling == "per_feature" or (c.sequence_scaling is None and c.band_scale is not None)
    offset, scale = (c.band_offset or (0.0,), c.band_scale or (1.0,)) if per_feature else ((0.0,), (1.0,))
    return {
        "output": (wanted or floats)[0],
        "offset": np.broadcast_to(offset, STEPS).tolist(),  # one per step (F = 1)
        "scale": np.broadcast_to(scale, STEPS).tolist(),
        "input_nodata": c.input_nodata,
        "gaps": c.sequence_gaps,
        "min_valid": c.sequence_min_valid,
    }


# -- children: one measured job each -----------------------------------------------------------
def job_lithoscope(spec: dict) -> dict:
    api = core_api()
    ClassifyParams, run_sequence_raster = api["ClassifyParams"], api["run_sequence_raster"]
    params = ClassifyParams(spec["stack"], spec["model"], spec["output"], device="cpu", threads=spec["threads"])
    start = clock()
    result = run_sequence_raster(params, plots=False)  # the loop draws no plots either
    s = result.stats
    out = since(start)
    out.update(in_model_s=s.inference_seconds, valid_pixels=s.valid_pixels, class_values=result.class_values)
    out.update(gaps={"with_gaps": s.gaps.with_gaps, "interpolated": s.gaps.interpolated, "masked": s.gaps.masked})
    return out


def job_loop(spec: dict) -> dict:
    """The hand-written loop: windows of the stack -> (n, 12, 1) -> onnxruntime -> argmax -> uint8 GeoTIFF."""
    import onnxruntime as ort
    import rasterio
    from rasterio.windows import Window

    start = clock()
    options = ort.SessionOptions()
    if spec["threads"] > 0:
        options.intra_op_num_threads = spec["threads"]
    session = ort.InferenceSession(spec["model"], options, providers=["CPUExecutionProvider"])
    name, output = session.get_inputs()[0].name, spec["recipe"]["output"]
    offset, scale = (np.asarray(spec["recipe"][k], np.float32) for k in ("offset", "scale"))
    interpolate, min_valid = spec["recipe"]["gaps"] == "interpolate", spec["recipe"]["min_valid"]
    in_model = 0.0
    with rasterio.open(spec["stack"]) as src:
        bad = [v for v in (src.nodata, spec["recipe"]["input_nodata"]) if v is not None]
        profile = dict(src.profile, count=1, dtype="uint8", nodata=255)
        with rasterio.open(spec["output"], "w", **profile) as dst:
            for y in range(0, src.height, BLOCK):
                for x in range(0, src.width, BLOCK):
                    win = Window(x, y, min(BLOCK, src.width - x), min(BLOCK, src.height - y))
                    series = src.read(window=win).reshape(STEPS, -1).T.astype(np.float32)  # (n, 12)
                    valid = np.isin(series, bad, invert=True)
                    ok = valid.all(axis=1)
                    if interpolate:
                        share = valid.mean(axis=1)
                        fix = ~ok & (share >= min_valid) & (share > 0)
                        series[fix] = fill_gaps(series[fix], valid[fix])
                        ok |= fix
                    classes = np.full(len(series), 255, np.uint8)
                    if ok.any():
                        feed = ((series[ok] - offset) / scale)[..., None]
                        t0 = time.perf_counter()
                        probs = session.run([output], {name: feed})[0]
                        in_model += time.perf_counter() - t0
                        classes[ok] = probs.argmax(axis=1)
                    dst.write(classes.reshape(1, win.height, win.width), window=win)
    return {**since(start), "in_model_s": in_model}


def fill_gaps(x: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """The loop's gap filling, as the model card says: linear between the nearest valid steps, ends held."""
    t = np.arange(x.shape[1])
    before = np.maximum.accumulate(np.where(valid, t, -1), axis=1)
    after = np.minimum.accumulate(np.where(valid, t, len(t))[:, ::-1], axis=1)[:, ::-1]
    lo, hi = np.where(before >= 0, before, after), np.where(after < len(t), after, before)
    x_lo, x_hi = np.take_along_axis(x, lo, axis=1), np.take_along_axis(x, hi, axis=1)
    return x_lo + np.where(hi > lo, (t - lo) / np.maximum(hi - lo, 1), 0.0).astype(np.float32) * (x_hi - x_lo)


JOBS = {"lithoscope": job_lithoscope, "loop": job_loop}


def child(spec: dict) -> dict:
    if spec.get("wait_idle"):
        wait_for_idle(CLEAN, spec["wait_idle"])
    snap = cpu_snapshot()
    out = JOBS[spec["job"]](spec)  # times itself, without the imports
    out["load"] = _contention(snap, cpu_snapshot())
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def compare(lith: str, loop: str, values: list[int]) -> dict:
    """Pixel counts: same class, different class, written by one map only; Lithoscope's classes per value.

    The loop writes class indices; `values` (Lithoscope's class_values) maps them to Lithoscope's values.
    """
    import rasterio

    lut = np.full(256, 255, np.uint8)
    lut[: len(values)] = values
    n = {"same": 0, "differ": 0, "lithoscope_only": 0, "loop_only": 0}
    hist = np.zeros(256, np.int64)
    with rasterio.open(lith) as da, rasterio.open(loop) as db:
        for _, win in da.block_windows(1):
            a, b = da.read(1, window=win), lut[db.read(1, window=win)]
            wa, wb = a != 255, b != 255
            n["same"] += int((wa & wb & (a == b)).sum())
            n["differ"] += int((wa & wb & (a != b)).sum())
            n["lithoscope_only"] += int((wa & ~wb).sum())
            n["loop_only"] += int((~wa & wb).sum())
            hist += np.bincount(a.ravel(), minlength=256)
    n["lithoscope_classes"] = {int(v): int(hist[v]) for v in values}
    return n


def agreement_text(n: dict) -> str:
    if not (n["differ"] or n["lithoscope_only"] or n["loop_only"]):
        return f"identical ({n['same']} classified pixels)"
    return (
        f"{n['same']} same, **{n['differ']} differ**, {n['lithoscope_only']} written by Lithoscope only, "
        f"{n['loop_only']} by the loop only"
    )


# -- the parent --------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="16,64", help="stack sizes in megapixels (2^20 px), square (default 16,64)")
    ap.add_argument("--model", default=None, help=f"sequence ONNX model (default {SHIPPED} if present, else a GRU)")
    ap.add_argument("--threads", type=int, default=0, help="onnxruntime intra-op threads of both (0 = its default)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per contender and size (medians of clean runs)")
    ap.add_argument("--wait-idle", type=float, default=0, help="seconds a child may wait for an idle machine")
    ap.add_argument("--scratch", default=DEFAULT_SCRATCH, help=f"inputs cached here (default {DEFAULT_SCRATCH})")
    ap.add_argument("--out", default=None, help="JSON results (default SCRATCH/sequence_results.json)")
    ap.add_argument("--before", default=None, help="also run Lithoscope at this commit (side by side), e.g. HEAD~3")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return serve_child(args.child, child)

    scratch = os.path.abspath(args.scratch)
    os.makedirs(scratch, exist_ok=True)
    plugins = _plugin_path(scratch)
    sys.path.insert(0, plugins)
    model = os.path.abspath(args.model) if args.model else (SHIPPED if os.path.exists(SHIPPED) else ensure_gru(scratch))
    recipe = loop_recipe(model)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    stacks = {s: ensure_stack(scratch, s) for s in sizes}
    report = {"machine": machine_info(), "argv": sys.argv[1:], "model": model, "recipe": recipe, "sizes": {}}
    print(json.dumps(report["machine"]), f"\nmodel {model}", flush=True)
    rows, runs, notes = [], {}, []
    for s in sizes:
        mp = side_for(s) ** 2 / 1e6
        base = {"stack": stacks[s], "model": model, "threads": args.threads, "wait_idle": args.wait_idle}
        specs = {LITH: dict(base, job="lithoscope", engine=plugins), LOOP: dict(base, job="loop", recipe=recipe)}
        if args.before:
            engine, short = ensure_engine(scratch, args.before)
            specs[f"{LITH}, before ({short})"] = dict(base, job="lithoscope", engine=engine)
        outputs = {n: os.path.join(scratch, f"sequence_{i}.tif") for i, n in enumerate(specs)}
        for i in range(args.repeat):
            for name in list(specs)[:: 1 if i % 2 == 0 else -1]:  # alternate which goes first
                print(f"{s:g} MP, {name}, run {i + 1}/{args.repeat}", flush=True)
                spec = dict(specs[name], output=outputs[name])
                r = _run_child(spec, spec.pop("engine", plugins), scratch, __file__)
                print(f"  {r['seconds']:.1f} s, peak RSS {r['peak_rss_mb']:.0f} MB", flush=True)
                runs.setdefault(f"{s:g} MP: {name}", []).append(r)
        lith = runs[f"{s:g} MP: {LITH}"]
        n = compare(outputs[LITH], outputs[LOOP], lith[-1]["class_values"])
        for name in specs:
            if name not in (LITH, LOOP):  # an earlier engine: its class map against this one's
                other = compare(outputs[name], outputs[LITH], lith[-1]["class_values"])
                notes.append(f"{s:g} MP: {name} against {LITH}: {agreement_text(other)}")
        for path in outputs.values():
            remove(path)
        gaps = lith[-1]["gaps"]
        report["sizes"][f"{s:g}"] = {"stack": stacks[s], "megapixels": mp, "class_maps": n, "gaps": gaps}
        notes.append(f"{s:g} MP: class maps {agreement_text(n)}; Lithoscope: {gaps['with_gaps']} pixels with gaps")
        speed = {name: mp / med(runs[f"{s:g} MP: {name}"]) for name in specs}
        for name in specs:
            rs = runs[f"{s:g} MP: {name}"]
            rss = max(r["peak_rss_mb"] for r in rs)
            first = max(r["peak_rss_mb"] for r in runs[f"{sizes[0]:g} MP: {name}"])
            rows.append(
                [f"{s:g} MP ({side_for(s)}²)", name, counted(rs), f"{med(rs):.1f}", f"**{speed[name]:.3f}**"]
                + [f"{speed[name] / speed[LOOP]:.2f}", f"{cpu(rs):.1f}", f"{med(rs, 'in_model_s'):.1f}"]
                + [f"{rss:.0f}", f"{rss / first:.2f}", each(rs)]
            )
    text = table(
        ["size", "contender", "clean runs", "s", "MP/s", "speed / loop", "CPU s", "in model s", "peak RSS MB"]
        + [f"RSS / {sizes[0]:g} MP", "each run: s (others' cores)"],
        rows,
    )
    text += "\n\n" + "\n".join(f"- {line}" for line in notes)
    text += f"\n\nmodel `{os.path.relpath(model, ROOT) if model.startswith(ROOT) else os.path.basename(model)}`, "
    text += f"onnxruntime threads {args.threads or 'default'} in both; MP/s = 10^6 px of the stack per second"
    print(f"\n{text}\n")
    report.update(table=text, runs=runs, clean_runs={k: len(clean(v)) for k, v in runs.items()})
    out = args.out or os.path.join(scratch, "sequence_results.json")
    with open(out, "w") as f:
        json.dump(report, f, indent=1)
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
