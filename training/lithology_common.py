# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared data loading, spatial split and metrics for the terrain-to-geology CNN.

Used by ``train_lithology_cnn.py`` and ``evaluate_lithology_cnn.py`` so that both
scripts agree exactly on the hold-out geometry, the input scaling and the metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio

REPO_ROOT: Path = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR: Path = REPO_ROOT / ".." / "shared" / "datasets"
DEFAULT_OUT_DIR: Path = REPO_ROOT / "models"
DATASET: str = "hungary_landslides"
INPUT_FILES: tuple[str, str] = ("dem_srtm_31m.tif", "slope_31m.tif")
LABEL_FILE: str = "geology_14classes_31m.tif"
BAND_NAMES: tuple[str, str] = ("elevation_m", "slope_deg")
INPUT_NODATA: float = -99999.0
N_CLASSES: int = 14
MODEL_BASENAME: str = "lithology_terrain_hungary"

# Spatial split (column indices of the 1064 x 475 grid, west -> east).
TEST_FRACTION: float = 0.25  # eastern 25 % of the columns: TEST, never used for fitting or model selection
VAL_COLUMNS: int = 112  # stripe just west of the test block: validation (early stopping / checkpoint choice)


@dataclass
class Split:
    """Column boundaries (half-open): fit [0, val_start), val [val_start, test_start), test [test_start, W)."""

    val_start: int
    test_start: int
    width: int

    def as_dict(self) -> dict[str, list[int]]:
        """Half-open column ranges of each part."""
        return {
            "fit_columns": [0, self.val_start],
            "val_columns": [self.val_start, self.test_start],
            "test_columns": [self.test_start, self.width],
        }


@dataclass
class Dataset:
    """Raw inputs (2, H, W) float32 in native units, labels (H, W) uint8 (0 = nodata) and validity mask."""

    x: np.ndarray
    y: np.ndarray
    valid: np.ndarray
    split: Split


def load_dataset(data_dir: Path) -> Dataset:
    """Read DEM, slope and geology rasters and define the spatial split."""
    folder = Path(data_dir) / DATASET
    bands = []
    shape = None
    for name in INPUT_FILES:
        with rasterio.open(folder / name) as src:
            arr = src.read(1).astype(np.float32)
            if shape is None:
                shape = arr.shape
            if arr.shape != shape:
                raise ValueError(f"{name}: grid {arr.shape} differs from {shape}")
            bands.append(arr)
    with rasterio.open(folder / LABEL_FILE) as src:
        y = src.read(1).astype(np.uint8)
    x = np.stack(bands, axis=0)
    valid = (y > 0) & np.all(x != INPUT_NODATA, axis=0) & np.all(np.isfinite(x), axis=0)
    y = np.where(valid, y, 0).astype(np.uint8)
    width = x.shape[2]
    test_start = int(round(width * (1.0 - TEST_FRACTION)))
    split = Split(val_start=test_start - VAL_COLUMNS, test_start=test_start, width=width)
    return Dataset(x=x, y=y, valid=valid, split=split)


def band_stats(ds: Dataset) -> tuple[list[float], list[float]]:
    """Mean and std of each band over valid pixels of the fitting area (west of the validation stripe)."""
    cols = slice(0, ds.split.val_start)
    mask = ds.valid[:, cols]
    offsets = [float(ds.x[b, :, cols][mask].mean()) for b in range(ds.x.shape[0])]
    scales = [float(ds.x[b, :, cols][mask].std()) for b in range(ds.x.shape[0])]
    return offsets, scales


def scale_inputs(x: np.ndarray, offsets: list[float], scales: list[float]) -> np.ndarray:
    """Apply the engine's scaling x' = (x - offset) / scale; nodata pixels become 0.0."""
    out = np.empty_like(x, dtype=np.float32)
    for b in range(x.shape[0]):
        bad = (x[b] == INPUT_NODATA) | ~np.isfinite(x[b])
        out[b] = np.where(bad, 0.0, (x[b] - offsets[b]) / scales[b])
    return out


def confusion(y_true: np.ndarray, y_pred: np.ndarray, n: int = N_CLASSES) -> np.ndarray:
    """Confusion matrix (rows = truth, cols = prediction) for 1-based class ids 1..n."""
    idx = (y_true.astype(np.int64) - 1) * n + (y_pred.astype(np.int64) - 1)
    return np.bincount(idx, minlength=n * n).reshape(n, n)


def metrics_from_confusion(cm: np.ndarray) -> dict[str, object]:
    """Overall accuracy, balanced accuracy, macro F1 (classes present in truth) and Cohen's kappa."""
    cm = cm.astype(np.float64)
    total = cm.sum()
    present = cm.sum(axis=1) > 0
    tp = np.diag(cm)
    recall = np.divide(tp, cm.sum(axis=1), out=np.zeros_like(tp), where=cm.sum(axis=1) > 0)
    precision = np.divide(tp, cm.sum(axis=0), out=np.zeros_like(tp), where=cm.sum(axis=0) > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(tp), where=(precision + recall) > 0)
    po = tp.sum() / total
    pe = float((cm.sum(axis=0) * cm.sum(axis=1)).sum()) / total**2
    kappa = (po - pe) / (1 - pe) if pe < 1 else 0.0
    return {
        "overall_accuracy": round(float(po), 4),
        "balanced_accuracy": round(float(recall[present].mean()), 4),
        "macro_f1": round(float(f1[present].mean()), 4),
        "cohen_kappa": round(float(kappa), 4),
        "per_class_recall": {str(c + 1): round(float(recall[c]), 4) for c in np.where(present)[0]},
        "per_class_f1": {str(c + 1): round(float(f1[c]), 4) for c in np.where(present)[0]},
    }
