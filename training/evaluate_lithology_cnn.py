# SPDX-License-Identifier: GPL-2.0-or-later
"""Held-out evaluation of the exported terrain-to-geology ONNX model against two simple baselines.

Runs the ONNX file through Lithoscope's own tiled engine (run_classify, with the scaling, tile
size and overlap stored in its metadata), exactly as a user would, and scores the TEST area
(eastern 25 % of columns) valid pixels. Baselines are learned on the training area (all columns
west of the test block):

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
import os
from pathlib import Path

import numpy as np
import onnxruntime as ort
from export_common import inference, write_contract, write_json
from lithology_common import (
    DATASET,
    DEFAULT_DATA_DIR,
    DEFAULT_OUT_DIR,
    MODEL_BASENAME,
    N_CLASSES,
    Dataset,
    confusion,
    load_dataset,
    metrics_from_confusion,
)

SUMMARY_KEYS: tuple[str, ...] = ("overall_accuracy", "balanced_accuracy", "macro_f1", "cohen_kappa")


def predict_with_engine(onnx_path: Path, data_dir: Path) -> tuple[np.ndarray, float]:
    """Class map (1-based, 0 = nodata) from Lithoscope's own tiled engine, as a user would get it.

    The model runs through `run_classify` with the tile size and overlap of its metadata (256 / 32 px)
    on a 2-band stack of the DEM and slope, so the metrics include tiling, blending and border
    padding. Also returns the largest |sum(probabilities) - 1| over valid pixels.
    """
    import tempfile

    import rasterio

    run = inference()  # Lithoscope's engine, from the checkout seen as the package `lithoscope`
    folder = Path(data_dir) / DATASET
    with rasterio.open(folder / "dem_srtm_31m.tif") as dem, rasterio.open(folder / "slope_31m.tif") as slope:
        profile = dem.profile
        stack = np.stack([dem.read(1), slope.read(1)])
    profile.update(count=2)
    with tempfile.TemporaryDirectory() as tmp:
        stack_path = os.path.join(tmp, "stack.tif")
        with rasterio.open(stack_path, "w", **profile) as dst:
            dst.write(stack)
        result = run.run_classify(
            run.ClassifyParams(stack_path, str(onnx_path), os.path.join(tmp, "c.tif"), os.path.join(tmp, "p.tif"))
        )
        with rasterio.open(result.output_path) as ds, rasterio.open(result.probabilities_path) as pr:
            classes = ds.read(1)
            prob = pr.read()
    valid = classes != 255
    sum_err = float(np.abs(prob[:, valid].sum(axis=0) - 1.0).max())
    return np.where(valid, classes.astype(np.int64) + 1, 0).astype(np.uint8), sum_err


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
    pred, sum_err = predict_with_engine(onnx_path, data_dir)
    results = {"cnn_onnx": score(pred, ds)}
    for name, bpred in bin_baselines(ds).items():
        results[name] = score(bpred, ds)
    test_mask = ds.y[:, ds.split.test_start :] > 0
    test_classes = sorted(int(c) for c in np.unique(ds.y[:, ds.split.test_start :][test_mask]))
    doc = {
        "model": onnx_path.name,
        "evaluated_with": "Lithoscope's engine (run_classify, tiles 256 px, overlap 32 px), "
        f"onnxruntime {ort.__version__}",
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
    metrics_path = out_dir / f"{MODEL_BASENAME}.metrics.json"
    write_json(metrics_path, doc, indent=2)

    compact = {name: {k: r[k] for k in SUMMARY_KEYS} for name, r in results.items()}
    compact = {"test_area": "eastern 25% of columns", "test_pixels": doc["test_pixels"], **compact}
    write_contract(onnx_path, {"metrics": compact}, keep_order=True)  # the entry stays where training put it

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
