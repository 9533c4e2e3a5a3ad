# SPDX-License-Identifier: GPL-2.0-or-later
"""DEM void filling: synthetic voids, metrics, the GDAL baseline, and training a void filler (a conditional generator).

A void filler is an ONNX graph with inputs `dem` (N, 1, H, W, elevations in the raster's units, voids 0) and
`void_mask` (N, 1, H, W, 1 where void) and output `filled`, run by the engine's `generator` kind, which copies every
valid pixel through bit for bit. The graph scales each tile itself (mean and spread of its valid pixels), so one
model runs at any elevation. Training is self-supervised: voids of random size and shape are cut out of valid
terrain of the user's DEM, whole spatial blocks are held out, and the held-out blocks compare the model with GDAL
FillNodata (inverse-distance weighting, what most users would otherwise run).
"""

from __future__ import annotations

import contextlib
import datetime
import html
import json
import os
import shutil
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from ..inference.errors import InputError, LithoscopeError
from ..inference.model.contract import write_contract
from ..inference.outputs.files import OutputTransaction, temporary_path
from ..inference.progress import CancelFn, LogFn, ProgressFn
from ..inference.training.runner import run_training
from .common import CHECK_TOLERANCE, job_folder, onnx_difference, open_array, output_paths, save_array, split_groups

SIZE_CLASSES = ((5, 20), (20, 60), (60, 200))  # void extent in pixels (the longer side of its bounding box)


# -- synthetic voids ---------------------------------------------------------------------------------------------


def blob(size: int, rng: np.random.Generator) -> np.ndarray:
    """A void-like blob whose bounding box is at most size x size: an ellipse of random aspect and angle with a
    wavy outline (low-frequency harmonics of the radius)."""
    size = max(1, int(size))
    if size <= 2:
        return np.ones((size, size), bool)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float64) - (size - 1) / 2.0
    angle = rng.uniform(0, np.pi)
    aspect = rng.uniform(0.45, 1.0)
    u = xx * np.cos(angle) + yy * np.sin(angle)
    v = (-xx * np.sin(angle) + yy * np.cos(angle)) / aspect
    theta = np.arctan2(v, u)
    wobble = 1.0
    for k in (2, 3, 5):
        wobble = wobble + rng.uniform(0, 0.12) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    radius = np.hypot(u, v) / np.maximum(wobble, 0.3)
    out = radius <= (size - 1) / 2.0 / 1.2
    if not out.any():
        out[size // 2, size // 2] = True
    return out


def cut_voids(
    valid: np.ndarray, size_range: tuple[int, int], count: int, rng: np.random.Generator, margin: int = 4
) -> np.ndarray:
    """Up to `count` blobs of extent in `size_range` placed on valid pixels, apart from each other by `margin`."""
    h, w = valid.shape
    voids = np.zeros((h, w), bool)
    taken = ~valid.copy()
    for _ in range(count * 20):
        if voids.any() and _count(voids) >= count:
            break
        size = int(rng.integers(size_range[0], size_range[1] + 1))
        shape = blob(size, rng)
        bh, bw = shape.shape
        if bh + 2 * margin >= h or bw + 2 * margin >= w:
            continue
        y, x = int(rng.integers(margin, h - bh - margin)), int(rng.integers(margin, w - bw - margin))
        if taken[y - margin : y + bh + margin, x - margin : x + bw + margin].any():
            continue
        voids[y : y + bh, x : x + bw] |= shape
        taken[y - margin : y + bh + margin, x - margin : x + bw + margin] = True
    return voids


def _count(voids: np.ndarray) -> int:
    from scipy import ndimage

    return int(ndimage.label(voids)[1])


@dataclass
class VoidSummary:
    """The voids of a raster: how many, pixels each and the longer side of each one's bounding box."""

    count: int
    pixels: list[int] = field(default_factory=list)
    extents: list[int] = field(default_factory=list)

    @property
    def largest(self) -> int:
        return max(self.extents, default=0)

    def describe(self) -> str:
        if not self.count:
            return "no voids"
        px = np.asarray(self.pixels)
        return (
            f"{self.count} void(s), {int(px.sum())} px in all; largest {self.largest} px across "
            f"({int(px.max())} px); median {int(np.median(px))} px"
        )


def void_summary(voids: np.ndarray) -> VoidSummary:
    """Connected voids (8-neighbours) of a boolean mask."""
    from scipy import ndimage

    labels, n = ndimage.label(voids, structure=np.ones((3, 3), bool))
    if not n:
        return VoidSummary(0)
    pixels = np.bincount(labels.ravel())[1:].tolist()
    extents = [max(s[0].stop - s[0].start, s[1].stop - s[1].start) for s in ndimage.find_objects(labels)]
    return VoidSummary(int(n), [int(p) for p in pixels], [int(e) for e in extents])


def edge_voids(voids: np.ndarray, inside: np.ndarray | None = None) -> np.ndarray:
    """The voids connected to the raster's border (open sea, areas outside a survey): not holes to fill."""
    from scipy import ndimage

    labels, n = ndimage.label(voids, structure=np.ones((3, 3), bool))
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return np.isin(labels, border[border > 0])


# -- metrics and the GDAL baseline ------------------------------------------------------------------------------


def slope_deg(dem: np.ndarray, pixel: tuple[float, float] = (1.0, 1.0)) -> np.ndarray:
    """Slope in degrees by central differences (pixel: x and y sizes in the elevation's units)."""
    gy, gx = np.gradient(dem.astype(np.float64), pixel[1], pixel[0])
    return np.degrees(np.arctan(np.hypot(gx, gy)))


def void_errors(truth: np.ndarray, filled: np.ndarray, voids: np.ndarray, pixel=(1.0, 1.0)) -> dict[str, float]:
    """Elevation RMSE, max error and slope RMSE inside `voids` (truth and filled on the same grid)."""
    if not voids.any():
        return {"rmse": float("nan"), "max": float("nan"), "slope_rmse": float("nan"), "pixels": 0}
    diff = filled[voids].astype(np.float64) - truth[voids].astype(np.float64)
    ds = slope_deg(filled, pixel)[voids] - slope_deg(truth, pixel)[voids]
    return {
        "rmse": float(np.sqrt(np.mean(diff**2))),
        "max": float(np.max(np.abs(diff))),
        "slope_rmse": float(np.sqrt(np.mean(ds**2))),
        "pixels": int(voids.sum()),
    }


def gdal_fill(dem: np.ndarray, voids: np.ndarray, max_distance: int = 1000, smoothing: int = 0) -> np.ndarray:
    """GDAL FillNodata (inverse-distance weighting from the void's edge) on an in-memory copy; voids filled."""
    from osgeo import gdal

    h, w = dem.shape
    ds = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Float32)
    band = ds.GetRasterBand(1)
    band.WriteArray(np.where(voids, np.float32(-32768), dem).astype(np.float32))
    band.SetNoDataValue(-32768)
    gdal.FillNodata(band, None, max_distance, smoothing)
    return band.ReadAsArray().astype(np.float32)


def held_out_block(shape: tuple[int, int]) -> tuple[slice, slice]:
    """The block of a DEM kept out of the shipped model's training and used by the benchmark: the right-most
    columns (a third, at least 240 px and at most half of the width), all rows."""
    h, w = shape
    width = min(max(w // 3, 240), w // 2)
    return slice(0, h), slice(w - width, w)


# -- training a void filler --------------------------------------------------------------------------------------


RELAXATIONS = {"biharmonic": 600, "membrane": 64}  # the first guesses the worker builds, with their default sweeps


@dataclass
class VoidTrainSettings:
    """How a void filler is trained. adversarial: weight of the patch discriminator's loss (0: none)."""

    tile: int = 128
    width: int = 16
    epochs: int = 30
    minutes: float = 5.0
    patience: int = 6
    batch: int = 8
    lr: float = 2e-3
    adversarial: float = 0.01
    gradient: float = 1.0
    max_void: int = 0  # 0: 3/4 of the tile
    run_tile: int = 0  # the tile the model runs on (contract tile_size; 0: the training tile); overlap a quarter
    test_fraction: float = 0.2
    val_fraction: float = 0.15
    seed: int = 0
    threads: int = 0
    masks: int = 1024
    relaxations: int = 0  # relaxations per pyramid level of the first guess (0: 600 biharmonic, 64 membrane)
    first_guess: str = "biharmonic"  # or "membrane" (Laplace; version 0.4): see worker/run_job.py _void_filler


@dataclass
class VoidTrainResult:
    model: str
    card: str
    report: str
    metrics: dict
    check_diff: float
    history: list = field(default_factory=list)


def void_masks(count: int, tile: int, max_void: int, seed: int) -> np.ndarray:
    """`count` tiles of synthetic voids: 1-3 blobs each, extents log-uniform between 3 px and `max_void`."""
    rng = np.random.default_rng(seed)
    out = np.zeros((count, tile, tile), bool)
    everywhere = np.ones((tile, tile), bool)
    for i in range(count):
        size = int(np.exp(rng.uniform(np.log(3), np.log(max_void))))
        n = int(rng.integers(1, 4)) if size < tile // 3 else 1
        out[i] = cut_voids(everywhere, (max(2, size // 2), size), n, rng, margin=2)
    return out


def prepare_void_samples(
    dems: Sequence[str],
    tile: int,
    exclude: dict[str, tuple[slice, slice]] | None = None,
    max_nodata: float = 0.05,
    folder: str | None = None,
) -> tuple[str, np.ndarray, list[str], dict]:
    """Tiles (stride tile/2) of the DEMs with at most `max_nodata` no data, written to x.npy (N, 1, T, T) read
    window by window; tiles touching an `exclude` block (rows, cols per path) are left out. Groups: blocks of
    4 x 4 tile strides per DEM (2 x 2 or single strides when that gives fewer than 8 blocks).
    Returns the folder, the group of each tile, the group names and provenance."""
    import rasterio
    from rasterio.windows import Window

    exclude = exclude or {}
    stride = tile // 2
    plans = []
    for path in dems:
        with rasterio.open(path) as ds:
            if ds.count < 1 or np.dtype(ds.dtypes[0]).kind not in "fiu":
                raise InputError(f"{path} is not a single-band numeric raster; give a DEM.")
            h, w = ds.height, ds.width
        if h < tile or w < tile:
            raise InputError(
                f"{os.path.basename(path)} ({w} x {h} px) is smaller than one training tile ({tile} px); "
                "use a larger DEM or a smaller tile."
            )
        rows, cols = exclude.get(path, (slice(0, 0), slice(0, 0)))
        for y in range(0, h - tile + 1, stride):
            for x in range(0, w - tile + 1, stride):
                if y < rows.stop and y + tile > rows.start and x < cols.stop and x + tile > cols.start:
                    continue
                plans.append((path, y, x))
    if not plans:
        raise InputError("No training tiles: the DEMs are smaller than a tile or all held out.")
    folder = folder or job_folder("lithoscope_voids_")
    x = open_array(folder, "x", (len(plans), 1, tile, tile), np.float32)
    keep, groups, names = [], [], {}
    handles: dict[str, Any] = {}
    try:
        for i, (path, y, xo) in enumerate(plans):
            ds = handles.get(path) or handles.setdefault(path, rasterio.open(path))
            a = ds.read(1, window=Window(xo, y, tile, tile), masked=True).astype(np.float32).filled(np.nan)
            a[~np.isfinite(a)] = np.nan
            if np.isnan(a).mean() > max_nodata:
                continue
            x[len(keep)] = a[None]
            keep.append(i)
    finally:
        for ds in handles.values():
            ds.close()
    x.flush()
    del x
    if len(keep) < 3:
        raise InputError(
            f"Only {len(keep)} tile(s) of {tile} px have enough valid elevations; at least 3 are needed. "
            "Use a larger DEM, a smaller tile, or fill the existing voids first."
        )
    # Blocks of 4 x 4 tile strides (tiles overlap by half, so a block keeps most overlapping tiles together); smaller
    # blocks when a small DEM would give too few to hold some out.
    for span in (4, 2, 1):
        blocks = {(plans[i][0], plans[i][1] // (span * stride), plans[i][2] // (span * stride)) for i in keep}
        if len(blocks) >= 8:
            break
    for i in keep:
        path, y, xo = plans[i]
        name = f"{os.path.splitext(os.path.basename(path))[0]} block {y // (span * stride)},{xo // (span * stride)}"
        groups.append(names.setdefault(name, len(names)))
    full = np.load(os.path.join(folder, "x.npy"), mmap_mode="r")
    np.save(os.path.join(folder, "x_kept.npy"), np.asarray(full[: len(keep)]))
    del full
    os.replace(os.path.join(folder, "x_kept.npy"), os.path.join(folder, "x.npy"))
    provenance = {"dems": [os.path.basename(p) for p in dems], "tiles": len(keep), "tile_px": tile}
    return folder, np.asarray(groups, np.int64), list(names), provenance


def _fixed_mask_errors(truth: np.ndarray, filled: np.ndarray, voids: np.ndarray, extents: np.ndarray) -> dict:
    """Elevation RMSE per void size class over held-out tiles (pooled), and over all."""
    out = {}
    for lo, hi in ((3, 20),) + SIZE_CLASSES[1:]:
        sel = (extents >= lo) & (extents < hi)
        if not sel.any():
            continue
        m = voids[sel]
        d = (filled[sel] - truth[sel])[m]
        ok = np.isfinite(d)
        out[f"{lo}-{hi} px"] = {"rmse": float(np.sqrt(np.mean(d[ok] ** 2))), "tiles": int(sel.sum())}
    d = (filled - truth)[voids]
    d = d[np.isfinite(d)]
    out["all"] = {"rmse": float(np.sqrt(np.mean(d**2))) if d.size else float("nan"), "tiles": len(truth)}
    return out


def check_void_filler(model: str, folder: str) -> float:
    """Largest difference between onnxruntime and torch on the check tiles, relative to each tile's spread."""
    dem = np.load(os.path.join(folder, "check_in_dem.npy"))
    mask = np.load(os.path.join(folder, "check_in_mask.npy"))
    want = np.load(os.path.join(folder, "check_out.npy"))
    spread = np.maximum(np.nanstd(np.where(mask > 0, np.nan, dem), axis=(1, 2, 3), keepdims=True), 1.0)
    return onnx_difference(model, {"dem": dem, "void_mask": mask}, {"filled": want}, spread)


def train_void_filler(
    dems: Sequence[str],
    output: str,
    python: str,
    settings: VoidTrainSettings,
    progress: ProgressFn,
    log: LogFn,
    is_cancelled: CancelFn,
    exclude: dict[str, tuple[slice, slice]] | None = None,
    report_path: str | None = None,
    title: str = "DEM void filler",
    sources: str = "",
) -> VoidTrainResult:
    """Train a void filler on the DEMs (self-supervised), hold out spatial blocks, compare the held-out blocks with
    GDAL FillNodata, and write model + card + HTML report together (nothing when anything fails)."""
    if settings.first_guess not in RELAXATIONS:
        raise InputError(
            f"Unknown first guess '{settings.first_guess}' for the void filler; give one of: {', '.join(RELAXATIONS)}."
        )
    report_path, card_path = output_paths(output, report_path)
    tile = int(settings.tile)
    if tile % 32:
        raise InputError(f"The tile size must be a multiple of 32 px, got {tile}.")
    max_void = int(settings.max_void) or (3 * tile) // 4
    folder, groups, names, provenance = prepare_void_samples(dems, tile, exclude)
    written: list[str] = []
    try:
        idx = split_groups(groups, names, settings.test_fraction, settings.val_fraction, settings.seed, (), "blocks")
        for key in idx:
            save_array(folder, f"idx_{key}", idx[key])
        masks = void_masks(settings.masks, tile, max_void, settings.seed)
        save_array(folder, "masks", masks)
        log(
            f"{len(groups)} tiles of {tile} px in {len(names)} blocks: {len(idx['train'])} to train, "
            f"{len(idx['val'])} to stop early, {len(idx['test'])} held out for the report; synthetic voids up to "
            f"{max_void} px across."
        )
        progress(0.05)
        tmp_model = temporary_path(output, ".onnx")
        written.append(tmp_model)
        job = {
            "kind": "voidfill", "data": folder, "output": tmp_model, "width": settings.width,
            "epochs": settings.epochs, "minutes": settings.minutes, "patience": settings.patience,
            "batch": settings.batch, "lr": settings.lr, "adversarial": settings.adversarial,
            "gradient": settings.gradient, "seed": settings.seed, "threads": settings.threads, "levels": 5,
            "relaxations": settings.relaxations or RELAXATIONS[settings.first_guess],
            "first_guess": settings.first_guess,
        }  # fmt: skip
        done = run_training(job, python, lambda f: progress(0.05 + 0.8 * f), log, is_cancelled)
        diff = check_void_filler(tmp_model, folder)
        log(f"Exported model checked against PyTorch: largest difference {diff:.2e} of a tile's spread.")
        if not diff <= CHECK_TOLERANCE:
            raise LithoscopeError(
                f"The exported model differs from the trained network by {diff:.3g} (more than {CHECK_TOLERANCE}); "
                "nothing was written. Report this as a bug, with the log."
            )
        x = np.load(os.path.join(folder, "x.npy"), mmap_mode="r")
        test = np.sort(idx["test"])
        truth = np.asarray(x[test, 0], dtype=np.float32)
        pred = np.load(os.path.join(folder, "test_pred.npy"))[:, 0]
        cut = np.asarray(masks[test % len(masks)]) & np.isfinite(truth)
        extents = np.asarray([void_summary(m).largest for m in cut])
        gdal = np.stack([gdal_fill(np.nan_to_num(t), c | ~np.isfinite(t)) for t, c in zip(truth, cut)])
        scores = {"model": _fixed_mask_errors(truth, pred, cut, extents),
                  "GDAL FillNodata": _fixed_mask_errors(truth, gdal, cut, extents)}  # fmt: skip
        metrics = {"held_out": "blocks", "tiles": {k: len(v) for k, v in idx.items()}, "elevation_rmse": scores}
        for key, value in scores["model"].items():
            log(f"Held-out voids {key}: elevation RMSE {value['rmse']:.3f} (GDAL FillNodata "
                f"{scores['GDAL FillNodata'][key]['rmse']:.3f}) over {value['tiles']} tiles.")  # fmt: skip
        if is_cancelled():
            raise LithoscopeError("Training cancelled; no model file was written.")
        run_tile = int(settings.run_tile) or tile
        overlap = run_tile // 4
        contract = {
            "lithoscope_task": "generator", "output_kind": "values", "band_names": ["elevation"],
            "band_offset": [0.0], "band_scale": [1.0], "tile_size": run_tile, "tile_overlap_px": overlap,
            "input_roles": {"dem": "values", "void_mask": "mask"}, "model_version": "1.0.0",
            "description": title, "max_void_px": max_void,
            "metrics": {"held_out": "blocks", **{k: {c: round(v["rmse"], 4) for c, v in s.items()}
                                                 for k, s in scores.items()}},
            "training_data": {**provenance, "adversarial": settings.adversarial, "gradient": settings.gradient,
                              "trained": datetime.date.today().isoformat()},
        }  # fmt: skip
        write_contract(tmp_model, contract)
        history = list(done.get("history", []))
        tx = OutputTransaction()
        tx.add(tmp_model, output)
        tmp_card = temporary_path(card_path, ".md")
        written.append(tmp_card)
        with open(tmp_card, "w", encoding="utf-8") as f:
            f.write(
                _card(title, contract, scores, history, settings, done)
                + (f"\n## Data\n\n{sources}\n" if sources else "")
            )
        tx.add(tmp_card, card_path)
        tmp_report = temporary_path(report_path, ".html")
        written.append(tmp_report)
        with open(tmp_report, "w", encoding="utf-8") as f:
            f.write(_report(title, contract, scores, history, settings, done, truth, pred, gdal, cut))
        tx.add(tmp_report, report_path)
        tx.commit()
        progress(1.0)
        return VoidTrainResult(output, card_path, report_path, metrics, diff, history)
    finally:
        for path in written:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        shutil.rmtree(folder, ignore_errors=True)


def _scores_rows(scores: dict) -> list[list[str]]:
    keys = list(scores["model"])
    rows = []
    for k in keys:
        m, g = scores["model"][k]["rmse"], scores["GDAL FillNodata"].get(k, {}).get("rmse", float("nan"))
        rows.append(
            [
                k,
                f"{m:.3f}",
                f"{g:.3f}",
                f"{100 * (1 - m / g):+.0f} %" if g > 0 else "",
                str(scores["model"][k]["tiles"]),
            ]
        )
    return rows


def _card(title, contract, scores, history, settings, done) -> str:
    lines = [f"# {title}", "", "Task: generator (DEM void filling). Inputs `dem` (elevations, voids any value) and",
             "`void_mask` (1 where void); output `filled`; valid pixels are copied through unchanged.", "",
             f"Trained {contract['training_data']['trained']} on {', '.join(contract['training_data']['dems'])} "
             f"({contract['training_data']['tiles']} tiles of {settings.tile} px), synthetic voids up to "
             f"{contract['max_void_px']} px; adversarial weight {settings.adversarial}, gradient weight "
             f"{settings.gradient}; best epoch {done.get('best_epoch')}.", "",
             "## Held-out blocks: elevation RMSE inside synthetic voids (DEM units)", "",
             "| voids | model | GDAL FillNodata | model RMSE lower by | tiles |", "|---|---|---|---|---|"]  # fmt: skip
    lines += ["| " + " | ".join(r) + " |" for r in _scores_rows(scores)]
    return "\n".join(lines) + "\n"


def _report(title, contract, scores, history, settings, done, truth, pred, gdal, cut) -> str:
    e = html.escape
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in _scores_rows(scores))
    hist = "".join(
        f"<tr><td>{h['epoch']}</td><td>{h['l1']:.4f}</td><td>{h['val']:.4f}</td>"
        f"<td>{'' if h.get('adversarial') is None else format(h['adversarial'], '.3f')}</td></tr>"
        for h in history
    )
    figure = ""
    with contextlib.suppress(Exception):
        from .report import figure_png

        worst = int(np.argmax(cut.reshape(len(cut), -1).sum(1))) if len(cut) else 0

        def draw(fig):
            panels = (("truth", truth[worst]), ("voids", np.where(cut[worst], np.nan, truth[worst])),
                      ("model", pred[worst]), ("GDAL FillNodata", gdal[worst]))  # fmt: skip
            lo, hi = np.nanpercentile(truth[worst], [1, 99])
            for i, (name, a) in enumerate(panels):
                ax = fig.add_subplot(1, 4, i + 1)
                ax.imshow(a, vmin=lo, vmax=hi, cmap="terrain")
                ax.set_title(name)
                ax.axis("off")

        figure = f'<img src="data:image/png;base64,{figure_png(draw, (10, 3))}" alt="held-out tile">'
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title></head><body>"
        f"<h1>{e(title)}</h1><p>Self-supervised: voids cut out of valid terrain, whole blocks held out. Elevation "
        f"RMSE inside the synthetic voids of the held-out blocks (DEM units), against GDAL FillNodata.</p>"
        f"<table border='1'><tr><th>voids</th><th>model</th><th>GDAL FillNodata</th><th>model RMSE lower by</th>"
        f"<th>tiles</th></tr>{rows}</table><h2>Largest held-out void</h2>{figure}"
        f"<h2>Training</h2><p>Adversarial weight {settings.adversarial} (0: no discriminator), gradient weight "
        f"{settings.gradient}, best epoch {done.get('best_epoch')}, {done.get('seconds', 0):.0f} s.</p>"
        f"<table border='1'><tr><th>epoch</th><th>L1 (train)</th><th>L1 (validation)</th><th>adversarial</th></tr>"
        f"{hist}</table><h2>Contract</h2><pre>{e(json.dumps(contract, indent=1))}</pre></body></html>"
    )


# -- filling the voids of a DEM ----------------------------------------------------------------------------------


@dataclass
class FillResult:
    """What a fill did: the output (None when nothing was written), the voids filled, and why nothing was."""

    output: str | None
    voids: VoidSummary
    message: str


STRIP_ROWS = 512  # rows of the void mask held at once while the voids of a raster are counted


def raster_void_summary(path: str, band: int = 1, strip: int = STRIP_ROWS) -> tuple[VoidSummary, bool, str]:
    """The voids (nodata or NaN) of a DEM band, counted strip by strip: connected voids (8-neighbours) with their
    pixels and extents, voids that cross strips joined through the rows where strips meet (a union-find), so memory
    does not grow with the raster. Returns (summary, whether every pixel is void, the file name); raises InputError
    for a raster that is not an elevation (integer classes, a colour table)."""
    import rasterio
    from scipy import ndimage

    name = os.path.basename(path)
    parent: list[int] = []  # union-find over the voids of all strips (global ids)
    pixels: list[int] = []
    boxes: list[list[int]] = []  # [row0, row1, col0, col1) per global id

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    structure = np.ones((3, 3), bool)
    with rasterio.Env(GDAL_CACHEMAX=64), rasterio.open(path) as ds:  # GDAL's block cache would grow with the raster
        dtype = np.dtype(ds.dtypes[band - 1])
        colormap = None
        with contextlib.suppress(ValueError):
            colormap = ds.colormap(band)
        distinct: set = set()
        valid_any, previous = False, None  # previous: (last row's global ids) of the strip above
        for row0 in range(0, ds.height, strip):
            window = rasterio.windows.Window(0, row0, ds.width, min(strip, ds.height - row0))
            a = ds.read(band, window=window, masked=True)
            voids = np.ma.getmaskarray(a)
            if dtype.kind == "f":
                voids = voids | ~np.isfinite(np.ma.getdata(a))
            valid_any = valid_any or not voids.all()
            if dtype.kind in "iu" and len(distinct) <= 256:
                distinct.update(np.unique(np.ma.compressed(a)).tolist()[:300])
            labels, n = ndimage.label(voids, structure=structure)
            first = len(parent)
            for k, sl in enumerate(ndimage.find_objects(labels)):
                parent.append(first + k)
                pixels.append(int((labels[sl] == k + 1).sum()))
                boxes.append([row0 + sl[0].start, row0 + sl[0].stop, sl[1].start, sl[1].stop])
            top = np.where(labels[0] > 0, labels[0] + first - 1, -1)
            if previous is not None:  # voids touching across the strip edge (8-neighbours) are one void
                ids = np.stack([previous, top])
                touching, _ = ndimage.label(ids >= 0, structure=structure)
                joined: dict[int, int] = {}
                for group, gid in zip(touching[ids >= 0].tolist(), ids[ids >= 0].tolist()):
                    ru, rv = root(joined.setdefault(group, gid)), root(gid)
                    parent[rv] = ru
            previous = np.where(labels[-1] > 0, labels[-1] + first - 1, -1)
    if colormap or (dtype.kind in "iu" and (dtype.itemsize == 1 or len(distinct) <= 64)):
        raise InputError(
            f"'{name}' looks like a classified map ({dtype.name}, {len(distinct)} distinct values"
            f"{', a colour table' if colormap else ''}), not elevations; give a DEM (elevations in metres or feet)."
        )
    if not parent:
        return VoidSummary(0), not valid_any, name
    _, void = np.unique([root(i) for i in range(len(parent))], return_inverse=True)  # each piece's void
    boxes_ = np.asarray(boxes)
    low = np.full((void.max() + 1, 2), np.iinfo(np.int64).max)
    high = np.zeros((void.max() + 1, 2), np.int64)
    np.minimum.at(low, void, boxes_[:, [0, 2]])
    np.maximum.at(high, void, boxes_[:, [1, 3]])
    counts = np.bincount(void, weights=pixels).astype(np.int64).tolist()
    extents = (high - low).max(axis=1).tolist()
    return VoidSummary(len(counts), counts, extents), not valid_any, name


def fill_voids(
    dem: str,
    model: str,
    output: str,
    progress: ProgressFn | None = None,
    is_cancelled: CancelFn | None = None,
    log: LogFn | None = None,
    threads: int = 0,
    device: str = "auto",
) -> FillResult:
    """Fill the voids of a DEM with a void-filler model (engine: generator kind, copy-through of valid pixels).

    Nothing is written for a DEM without voids; a DEM that is all void, a classified map, or voids larger than the
    model fills (tile size minus overlap) are refused with the fix."""
    from ..inference.model.contract import read_contract
    from ..inference.model.registry import resolve_model
    from ..inference.pipelines.classify import ClassifyParams, run_classify

    log = log or (lambda m: None)
    summary, all_void, name = raster_void_summary(dem)  # strip by strip: memory does not grow with the raster
    if all_void:
        raise InputError(
            f"'{name}' has no valid elevation at all (every pixel is nodata); there is nothing to fill from."
        )
    if not summary.count:
        message = f"'{name}' has no voids (no nodata pixels); nothing was written."
        log(message)
        return FillResult(None, summary, message)
    contract = read_contract(resolve_model(model))
    if contract.task != "generator":
        raise InputError(f"The model is a '{contract.task}' model, not a void filler (task generator).")
    tile = int(contract.tile_size or 256)
    overlap = int(contract.tile_overlap if contract.tile_overlap is not None else tile // 4)
    limit = tile - overlap
    if summary.largest > limit:
        raise InputError(
            f"'{name}' has a void {summary.largest} px across; this model fills voids up to {limit} px across (its "
            f"tile of {tile} px less the overlap of {overlap} px). Fill the large void another way first (or leave it "
            "out with an extent), or use a model with larger tiles."
        )
    log(f"Filling {summary.describe()}.")
    run_classify(
        ClassifyParams(dem, model, output, threads=threads, device=device, bands=(1,)), progress, is_cancelled, log
    )
    message = f"Filled {summary.describe()}."
    log(message)
    return FillResult(output, summary, message)
