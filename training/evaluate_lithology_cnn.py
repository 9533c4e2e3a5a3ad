# SPDX-License-Identifier: GPL-2.0-or-later
"""Held-out evaluation of the exported terrain-to-geology ONNX model against two simple baselines.

Runs the ONNX file with onnxruntime over the whole raster, using the scaling stored in its own
metadata, and scores the TEST area (eastern 25 % of columns) valid pixels. Baselines are learned on
the training area (all columns west of the test block):

* ``majority``: the most frequent class of the training area everywhere;
* ``elev_slope_bins_majority``: 16 elevation x 8 slope quantile bins, majority class per bin;
* ``elev_slope_bins_balanced``: same bins, class with the highest p(class | bin) / p(class)
  (a prior-corrected variant, the fair comparison for a class-weighted CNN on balanced accuracy).

Writes ``<out>/lithology_terrain_hungary.metrics.json`` and the ``metrics`` metadata entry of the ONNX.

Usage (from the repository root)::

    .venv/bin/python training/evaluate_lithology_cnn.py
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from lithology_common import (
    DEFAULT_DATA_DIR,
    DEFAULT_OUT_DIR,
    MODEL_BASENAME,
    N_CLASSES,
    Dataset,
    confusion,
    dumps,
    load_dataset,
    metrics_from_confusion,
    scale_inputs,
)

SUMMARY_KEYS: tuple[str, ...] = ("overall_accuracy", "balanced_accuracy", "macro_f1", "cohen_kappa")


def predict_onnx(onnx_path: Path, ds: Dataset, pad_multiple: int = 8) -> tuple[np.ndarray, float]:
    """Argmax class map (1-based) over the whole raster and the max |sum(prob) - 1| seen."""
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    meta = sess.get_modelmeta().custom_metadata_map
    offsets = json.loads(meta["band_offset"])
    scales = json.loads(meta["band_scale"])
    fill = float(json.loads(meta["nodata_fill"]))
    xs = scale_inputs(ds.x, offsets, scales)
    if fill != 0.0:
        raise ValueError("scale_inputs fills nodata with 0.0")
    _, h, w = xs.shape
    ph, pw = (-h) % pad_multiple, (-w) % pad_multiple
    xp = np.pad(xs, ((0, 0), (0, ph), (0, pw)), constant_values=fill)[None].astype(np.float32)
    prob = sess.run(["probabilities"], {"input": xp})[0][0, :, :h, :w]
    sum_err = float(np.abs(prob.sum(axis=0) - 1.0).max())
    return prob.argmax(axis=0).astype(np.uint8) + 1, sum_err


def bin_baselines(ds: Dataset, n_elev: int = 16, n_slope: int = 8) -> dict[str, np.ndarray]:
    """Majority and elevation/slope-bin class maps learned on the training area (west of the test block)."""
    tr = np.zeros_like(ds.valid)
    tr[:, : ds.split.test_start] = True
    tr &= ds.valid
    y_tr = ds.y[tr]
    counts = np.bincount(y_tr, minlength=N_CLASSES + 1)[1:].astype(np.float64)
    majority = int(counts.argmax()) + 1
    prior = counts / counts.sum()

    e_edges = np.quantile(ds.x[0][tr], np.linspace(0, 1, n_elev + 1)[1:-1])
    s_edges = np.quantile(ds.x[1][tr], np.linspace(0, 1, n_slope + 1)[1:-1])
    bin_id = np.digitize(ds.x[0], e_edges) * n_slope + np.digitize(ds.x[1], s_edges)
    table = np.zeros((n_elev * n_slope, N_CLASSES))
    np.add.at(table, (bin_id[tr], y_tr.astype(np.int64) - 1), 1.0)
    empty = table.sum(axis=1) == 0
    maj_lut = table.argmax(axis=1) + 1
    maj_lut[empty] = majority
    cond = table / np.maximum(table.sum(axis=1, keepdims=True), 1)
    bal_lut = np.divide(cond, prior, out=np.zeros_like(cond), where=prior > 0).argmax(axis=1) + 1
    bal_lut[empty] = majority
    return {
        "majority": np.full(ds.y.shape, majority, dtype=np.uint8),
        "elev_slope_bins_majority": maj_lut[bin_id].astype(np.uint8),
        "elev_slope_bins_balanced": bal_lut[bin_id].astype(np.uint8),
    }


def score(pred: np.ndarray, ds: Dataset) -> dict[str, object]:
    """Metrics on the valid pixels of the TEST area."""
    cols = slice(ds.split.test_start, ds.split.width)
    y, p = ds.y[:, cols], pred[:, cols]
    m = y > 0
    return metrics_from_confusion(confusion(y[m], p[m]))


def evaluate(onnx_path: Path, data_dir: Path, out_dir: Path, train_info: dict[str, object] | None = None) -> dict:
    """Score CNN and baselines on the test area, write the metrics JSON and the ONNX `metrics` metadata."""
    ds = load_dataset(data_dir)
    pred, sum_err = predict_onnx(onnx_path, ds)
    results = {"cnn_onnx": score(pred, ds)}
    for name, bpred in bin_baselines(ds).items():
        results[name] = score(bpred, ds)
    test_mask = ds.y[:, ds.split.test_start :] > 0
    test_classes = sorted(int(c) for c in np.unique(ds.y[:, ds.split.test_start :][test_mask]))
    doc = {
        "model": onnx_path.name,
        "evaluated_with": f"onnxruntime {ort.__version__}, whole raster in one pass (padded to a multiple of 8)",
        "test_area": f"eastern 25% of columns, [{ds.split.test_start}, {ds.split.width}) 0-based half-open, "
        "valid label pixels",
        "test_pixels": int(test_mask.sum()),
        "test_classes_present": test_classes,
        "metric_notes": "balanced_accuracy = mean recall and macro_f1 = mean F1 over classes present in the test "
        "truth; kappa = Cohen's kappa; baselines learned on all columns west of the test block.",
        "split": ds.split.as_dict(),
        "max_abs_prob_sum_error": sum_err,
        "results": results,
    }
    if train_info:
        doc["training"] = train_info
    out_dir.mkdir(parents=True, exist_ok=True)
    metrics_path = out_dir / f"{MODEL_BASENAME}.metrics.json"
    metrics_path.write_text(json.dumps(doc, indent=2) + "\n")

    compact = {name: {k: r[k] for k in SUMMARY_KEYS} for name, r in results.items()}
    compact = {"test_area": "eastern 25% of columns", "test_pixels": doc["test_pixels"], **compact}
    proto = onnx.load(str(onnx_path))
    props = {p.key: p.value for p in proto.metadata_props}
    props["metrics"] = dumps(compact)
    del proto.metadata_props[:]
    onnx.helper.set_model_props(proto, props)
    onnx.checker.check_model(proto)
    onnx.save(proto, str(onnx_path))

    print(f"{'model':28s} " + " ".join(f"{k:>18s}" for k in SUMMARY_KEYS))
    for name, r in results.items():
        print(f"{name:28s} " + " ".join(f"{r[k]:18.4f}" for k in SUMMARY_KEYS))
    print(f"max |sum(prob)-1| = {sum_err:.2e}; wrote {metrics_path}")
    return doc


def main() -> None:
    """Command-line entry point."""
    p = argparse.ArgumentParser(description="Held-out evaluation of the lithology ONNX model.")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="folder with the .onnx; metrics go here")
    p.add_argument("--model", type=Path, default=None, help="ONNX file (default <out>/lithology_terrain_hungary.onnx)")
    args = p.parse_args()
    model = args.model or args.out / f"{MODEL_BASENAME}.onnx"
    train_info = None
    old = args.out / f"{MODEL_BASENAME}.metrics.json"
    if old.exists():  # keep the training record written by train_lithology_cnn.py
        train_info = json.loads(old.read_text()).get("training")
    evaluate(model, args.data_dir, args.out, train_info)


if __name__ == "__main__":
    main()
