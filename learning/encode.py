# SPDX-License-Identifier: GPL-2.0-or-later
"""Autoencoders of rasters: latent terrain features, anomaly maps and landform units.

Training (`prepare_autoencoder` + `train_autoencoder`): pixels of a raster or an aligned stack (optionally with
terrain factors of the first band, a DEM, that the model then computes itself at run time: the contract's
band_derived) are drawn from spatial blocks; whole blocks are held out. The training worker fits a per-pixel MLP
autoencoder (bands -> k latent units -> bands); its reconstruction error on the held-out blocks is compared with
PCA of the same k and with the band means. Model, card and HTML report are committed together.

Encoding (`encode_raster`): the engine's autoencoder kind writes k latent bands and the reconstruction error
(mean squared, in scaled units: an anomaly map), here split into two rasters. Landform units
(`landform_units`): k-means (seeded) of the latent bands, k given or chosen by silhouette on a sample, written
window by window as a styled class raster with a per-unit table (area, mean elevation, slope, curvature).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import html
import os
import shutil
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from ..inference.errors import CancelledError, InputError, LithoscopeError, ModelError
from ..inference.model.contract import read_contract, write_contract
from ..inference.model.session import open_model
from ..inference.outputs.files import OutputTransaction, temporary_path
from ..inference.progress import CancelFn, LogFn, ProgressFn
from ..inference.training import run_training
from .common import (
    CHECK_TOLERANCE,
    TrainSettings,
    band_statistics,
    class_colours,
    hold_out,
    job_folder,
    onnx_difference,
    output_paths,
    save_array,
)
from .segmentation import derived_band_name, open_aligned, raster_band_names, terrain_source

MAX_CODES = 20  # an integer band with at most this many distinct values reads as class codes
UNIT_FACTORS = ("slope", "plan_curvature", "profile_curvature")
SILHOUETTE_SAMPLE = 4000


@dataclass
class AutoencoderData:
    """Pixels of one autoencoder job, written to `folder` (x.npy (N, F) raw values), and what the card needs."""

    folder: str
    groups: np.ndarray
    group_names: list[str]
    band_names: list[str]
    offset: list[float]
    scale: list[float]
    ranges: list[list[float] | None]
    contract: dict[str, Any]
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


@dataclass
class AutoencoderResult:
    model: str
    card: str
    report: str
    metrics: dict[str, Any]
    device: str
    check_max_diff: float
    history: dict[str, list] = field(default_factory=dict)


# -- samples ------------------------------------------------------------------------------------------


def _refuse_categorical(handles, names: list[str], band_kinds: Sequence[str] | None) -> None:
    """Class codes (geology, land cover) have no distance between them: an autoencoder's squared error over them
    means nothing. Declared categorical bands are refused, and so are integer bands with a colour table or few
    distinct codes unless declared continuous."""
    kinds = [str(k).strip().lower() for k in band_kinds] if band_kinds else []
    if kinds and len(kinds) != len(names):
        raise InputError(
            f"Band kinds {list(band_kinds)} must give continuous or categorical for each of the {len(names)} bands "
            f"({', '.join(names)})."
        )
    i = 0
    for h in handles:
        for b in range(1, h.count + 1):
            kind = kinds[i] if kinds else ""
            why = "declared categorical" if kind == "categorical" else ""
            if not why and kind != "continuous" and np.issubdtype(np.dtype(h.dtypes[b - 1]), np.integer):
                with contextlib.suppress(ValueError):
                    h.colormap(b)
                    why = "a class raster with a colour table"
                if not why:
                    step = max(1, max(h.height, h.width) // 512)
                    sample = h.read(b, out_shape=(max(1, h.height // step), max(1, h.width // step)))
                    codes = np.unique(sample[sample != h.nodata] if h.nodata is not None else sample)
                    if len(codes) <= MAX_CODES:
                        why = f"integer class codes ({len(codes)} distinct values)"
            if why:
                raise InputError(
                    f"The band {names[i]} is categorical ({why}): an autoencoder measures distances between values, "
                    "which class codes do not have. Leave it out (use it as a categorical factor in Build "
                    "susceptibility factors instead), or, if its values are measurements, declare it continuous."
                )
            i += 1


def prepare_autoencoder(
    rasters: Sequence[str],
    terrain: Sequence[str] = (),
    band_kinds: Sequence[str] | None = None,
    block: int = 64,
    max_pixels: int = 60_000,
    seed: int = 0,
    log: LogFn = print,
    is_cancelled: CancelFn = lambda: False,
) -> AutoencoderData:
    """Pixels of aligned `rasters` (+ `terrain` factors of the first band, computed as the engine computes them at
    run time) drawn at random from every block of `block` x `block` px; each block is a group held out whole."""
    from ..inference.sources.raster import open_source
    from ..inference.sources.stack import build_stack

    if block < 8:
        raise InputError(f"The spatial block side must be at least 8 pixels, got {block}.")
    handles = open_aligned(rasters)
    folder = None
    try:
        ref = handles[0]
        names = raster_band_names(handles)
        _refuse_categorical(handles, names, band_kinds)
        height, width, crs, transform = ref.height, ref.width, ref.crs, ref.transform
        if len(rasters) == 1:
            source = open_source(rasters[0])
        else:
            from ..inference.sources.base import RasterLayer

            source = build_stack([RasterLayer(p) for p in rasters])
        given = list(names)
        if terrain:
            dem = terrain_source(rasters[0], names[0], tuple(terrain), crs)  # refuses unknown factors, degrees
            from ..inference.sources.derived import DerivedSource

            recipe = tuple(("", i) for i in range(len(given))) + tuple((f, 0) for f in terrain)
            names = names + [derived_band_name(f) for f in terrain]
            source = DerivedSource(source, recipe, tuple(names), dem.res, dem.halo)
        blocks = [(r, c) for r in range(0, height, block) for c in range(0, width, block)]
        per_block = max(20, max_pixels // max(1, len(blocks)))
        rng = np.random.default_rng(seed)
        parts, groups, group_names = [], [], []
        handle = source.open()
        try:
            for r, c in blocks:
                if is_cancelled():
                    raise CancelledError("Training cancelled; no model file was written.")
                data, valid, _ = source.read_tile(handle, r, c, block, "float32")
                valid = valid & np.all(np.isfinite(data), axis=0)
                rows, cols = np.nonzero(valid)
                if len(rows) < 10:
                    continue
                pick = rng.choice(len(rows), min(per_block, len(rows)), replace=False)
                parts.append(data[:, rows[pick], cols[pick]].T.astype(np.float32))
                groups.append(np.full(len(pick), len(group_names), np.int64))
                group_names.append(f"block {r // block},{c // block}")
        finally:
            handle.close()
        if not parts:
            raise InputError(
                "No pixel has a value in every band (nodata everywhere, or the rasters do not overlap); give rasters "
                "with data over the same area."
            )
        x = np.concatenate(parts)
        folder = job_folder("autoencoder")
        save_array(folder, "x", x)
        offset, scale, ranges = band_statistics(x)
        res = abs(transform.a)
        metres = crs is not None and crs.is_projected and (crs.linear_units or "").lower() in ("metre", "meter", "m")
        contract = {
            "model_type": "Autoencoder",
            "lithoscope_task": "autoencoder",
            "band_kinds": ["continuous"] * len(names),
            "output_roles": {"latent": "latent", "reconstruction": "reconstruction"},
            **(
                {"band_derived": {derived_band_name(f): {"terrain": f, "of": given[0]} for f in terrain}}
                if terrain
                else {}
            ),
            **({"resolution_m": round(res, 4)} if metres else {}),
        }
        info = {
            "rasters": [os.path.basename(p) for p in rasters],
            "pixels": f"{len(x)} drawn from {len(group_names)} spatial blocks of {block} x {block} px",
            "pixel size": f"{res:g} {'m' if metres else 'map units'}",
        }
        log(f"{len(x)} pixels of {len(names)} band(s) from {len(group_names)} spatial blocks of {block} px.")
        return AutoencoderData(
            folder, np.concatenate(groups), group_names, names, offset, scale, ranges, contract, info
        )
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        for h in handles:
            h.close()


# -- training -----------------------------------------------------------------------------------------


def _errors(recon: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    sq = (np.asarray(recon, np.float64) - truth) ** 2
    return {"mse": float(sq.mean()), "mse_per_band": [float(v) for v in sq.mean(0)]}


def train_autoencoder(
    data: AutoencoderData,
    output: str,
    python: str,
    latent: int = 4,
    settings: TrainSettings | None = None,
    progress: ProgressFn = lambda f: None,
    log: LogFn = print,
    is_cancelled: CancelFn = lambda: False,
    title: str = "Autoencoder",
    report_path: str | None = None,
    hidden: int = 32,
) -> AutoencoderResult:
    """Train in the worker, score held-out blocks against PCA (same k) and the band means, export, check the ONNX
    run against torch, and commit model + card + report together."""
    from sklearn.decomposition import PCA

    settings = settings or TrainSettings(epochs=40, minutes=5.0, batch=256)
    try:
        bands = len(data.band_names)
        if not 1 <= latent < bands:
            raise InputError(
                f"The latent size must be at least 1 and smaller than the number of bands ({bands}: "
                f"{', '.join(data.band_names)}), got {latent}; a latent as wide as the input compresses nothing."
            )
        report_path, card_path = output_paths(output, report_path)
        idx, n_groups = hold_out(data.groups, data.group_names, "spatial blocks", data.folder, settings, log)
        tmp_model = temporary_path(output, ".onnx")
        job = {
            "kind": "autoencoder", "data": data.folder, "output": tmp_model, "offset": data.offset,
            "scale": data.scale, "latent": int(latent), "hidden": int(hidden), "epochs": settings.epochs,
            "minutes": settings.minutes, "patience": settings.patience, "batch": settings.batch, "lr": settings.lr,
            "refit": settings.refit, "clip": settings.clip, "seed": settings.seed, "threads": settings.threads,
        }  # fmt: skip
        written = [tmp_model]
        try:
            done = run_training(job, python, lambda f: progress(0.05 + 0.8 * f), log, is_cancelled)
            x = np.load(os.path.join(data.folder, "x.npy"))
            scaled = np.nan_to_num((x - np.asarray(data.offset)) / np.asarray(data.scale))
            fit_rows = np.concatenate([idx["train"], idx["val"]])
            truth = scaled[idx["test"]]
            pca = PCA(n_components=latent, random_state=settings.seed).fit(scaled[fit_rows])
            scores = {
                "autoencoder": _errors(np.load(os.path.join(data.folder, "test_recon.npy")), truth),
                f"PCA (k={latent})": _errors(pca.inverse_transform(pca.transform(truth)), truth),
                "band means": _errors(np.broadcast_to(scaled[fit_rows].mean(0), truth.shape), truth),
            }
            metrics = {
                "held_out": "spatial blocks",
                "groups": n_groups,
                "samples": {k: len(v) for k, v in idx.items()},
                "scores": scores,
                "pca_explained_variance": float(np.sum(pca.explained_variance_ratio_)),
            }
            if is_cancelled():
                raise CancelledError("Training cancelled; no model file was written.")
            contract = dict(data.contract)
            contract.update(
                {
                    "band_names": data.band_names,
                    "band_offset": [round(v, 6) for v in data.offset],
                    "band_scale": [round(v, 6) for v in data.scale],
                    "band_ranges": data.ranges,
                    "latent_size": int(latent),
                    "model_version": "1.0.0",
                    "description": title,
                    "metrics": {
                        "held_out": "spatial blocks",
                        **{name: {"mse": round(s["mse"], 5)} for name, s in scores.items()},
                    },
                    "training_data": {**data.data, "trained": datetime.date.today().isoformat()},
                }
            )
            write_contract(tmp_model, contract)
            diff = check_autoencoder(tmp_model, data.folder)
            log(f"Exported model checked against PyTorch on 64 pixels: largest difference {diff:.2e}.")
            if not diff <= CHECK_TOLERANCE:
                raise LithoscopeError(
                    f"The exported model differs from the trained network by {diff:.3g} (more than "
                    f"{CHECK_TOLERANCE}); nothing was written. Report this as a bug, with the log."
                )
            history = {"validation": done.get("history", []), "final": done.get("refit_history", [])}
            context = {
                "title": title, "data": data, "settings": settings, "metrics": metrics, "latent": latent,
                "device": done.get("device", "cpu"), "best_epoch": done.get("best_epoch"), "check_diff": diff,
                "model_name": os.path.basename(output), "history": history,
            }  # fmt: skip
            tx = OutputTransaction()
            tx.add(tmp_model, output)
            for path, text in ((card_path, _card(context)), (report_path, _report(context))):
                tmp = temporary_path(path, os.path.splitext(path)[1])
                written.append(tmp)
                with open(tmp, "w", encoding="utf-8") as f:
                    f.write(text)
                tx.add(tmp, path)
            if is_cancelled():
                tx.abort()
                raise CancelledError("Training cancelled; no model file was written.")
            tx.commit()
            progress(1.0)
            return AutoencoderResult(
                output, card_path, report_path, metrics, str(done.get("device", "cpu")), diff, history
            )
        finally:
            for path in written:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
    finally:
        shutil.rmtree(data.folder, ignore_errors=True)


def check_autoencoder(model: str, folder: str) -> float:
    """Largest absolute difference between Lithoscope's onnxruntime run and torch's latent and reconstruction."""
    load = lambda name: np.load(os.path.join(folder, f"{name}.npy"))  # noqa: E731
    wants = {"latent": load("check_latent"), "reconstruction": load("check_recon")}
    return onnx_difference(model, {"features": load("check_in")}, wants)


def _verdict(context: dict) -> str:
    scores, latent = context["metrics"]["scores"], context["latent"]
    ae, pca = scores["autoencoder"]["mse"], scores[f"PCA (k={latent})"]["mse"]
    means = scores["band means"]["mse"]
    n, groups = context["metrics"]["samples"]["test"], context["metrics"]["groups"]["test"]
    text = (
        f"On {n} pixels of {groups} held-out spatial blocks, the autoencoder's reconstruction error (mean squared, "
        f"in standard deviations of each band) is {ae:.4f}, against {pca:.4f} for PCA with the same {latent} "
        f"components and {means:.4f} for the band means. "
    )
    if ae > pca:
        return text + (
            "The autoencoder is WORSE than PCA here: its latent bands add nothing a linear projection does not; prefer "
            "PCA, or train longer, on more data, or with another latent size."
        )
    return text + "The autoencoder reconstructs the held-out blocks better than PCA with the same latent size."


def _card(context: dict) -> str:
    data, metrics, settings = context["data"], context["metrics"], context["settings"]
    lines = [
        f"# {context['model_name']}",
        "",
        context["title"] + ".",
        "",
        "## Data",
        *[f"- {k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in data.data.items()],
        f"- inputs, in order: {', '.join(data.band_names)}",
        *(
            [f"- computed by the model from {data.band_names[0]}: {', '.join(data.contract['band_derived'])}"]
            if data.contract.get("band_derived")
            else []
        ),
        f"- outputs: {context['latent']} latent bands (tanh, -1..1) and the reconstruction error",
        "",
        "## Validation",
        f"Held out by whole spatial blocks ({metrics['groups']['test']} for testing, {metrics['groups']['val']} for "
        f"early stopping, {metrics['groups']['train']} for training).",
        "",
        "| reconstruction of held-out pixels | mean squared error (scaled units) |",
        "|---|---|",
        *[f"| {name} | {s['mse']:.4f} |" for name, s in metrics["scores"].items()],
        "",
        _verdict(context),
        "",
        "## Training",
        f"- per-pixel MLP autoencoder, {context['latent']} latent units; device {context['device']}, best epoch "
        f"{context['best_epoch']}; retrained on all pixels: {'yes' if settings.refit else 'no'}",
        f"- exported ONNX checked against PyTorch: largest difference {context['check_diff']:.2e}",
        "",
        "## Limits",
        "- Latent bands are only comparable between runs of this same model; the reconstruction error is high where "
        "the terrain (or image) differs from what the model saw in training: an anomaly, or simply new ground.",
        "- Training ranges (1st–99th percentile): "
        + "; ".join(f"{n} {r[0]:.4g}–{r[1]:.4g}" for n, r in zip(data.band_names, data.ranges) if r),
        *[f"- {w}" for w in data.warnings],
        "",
    ]
    return "\n".join(lines)


def _report(context: dict) -> str:
    from ..susceptibility.report import CSS
    from .report import figure_html, html_table

    data, metrics = context["data"], context["metrics"]
    names = list(metrics["scores"])
    rows = [[name, s["mse"], *s["mse_per_band"]] for name, s in metrics["scores"].items()]

    def curves(fig):
        ax = fig.add_subplot(1, 1, 1)
        hist = context["history"]["validation"]
        ax.plot([h["epoch"] for h in hist], [h["loss"] for h in hist], label="training")
        ax.plot([h["epoch"] for h in hist], [h["val_loss"] for h in hist], label="early-stopping blocks")
        ax.axhline(metrics["scores"][names[1]]["mse"], color="grey", ls="--", label=f"{names[1]} (held out)")
        ax.set_xlabel("epoch"), ax.set_ylabel("reconstruction MSE (scaled)"), ax.legend()

    e = html.escape
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{e(context['title'])}</title>"
        f"<style>{CSS}</style></head><body><h1>{e(context['title'])}</h1>"
        f"<p>{e(_verdict(context))}</p><h2>Held-out reconstruction error</h2>"
        + html_table(["reconstruction", "MSE", *data.band_names], rows)
        + f"<p>PCA with {context['latent']} components explains {metrics['pca_explained_variance']:.1%} of the "
        "training pixels' (scaled) variance.</p><h2>Learning curve</h2>"
        + figure_html(curves, "Reconstruction error per epoch")
        + "<h2>Data</h2>"
        + html_table(["", ""], [[k, ", ".join(v) if isinstance(v, list) else v] for k, v in data.data.items()])
        + f"<p>Inputs: {e(', '.join(data.band_names))}. ONNX checked against PyTorch: largest difference "
        f"{context['check_diff']:.2e}.</p></body></html>"
    )


# -- encoding a raster --------------------------------------------------------------------------------


def _model_latent_size(model: str) -> int:
    """The model's latent width; refuses a model that is no autoencoder, or whose contract's latent_size differs
    from its latent output."""
    contract = read_contract(model)
    if contract.task != "autoencoder":
        raise ModelError(
            f"The model {os.path.basename(model)} is a '{contract.task}' model, not an autoencoder; give a model "
            "trained with Train an autoencoder (lithoscope:trainautoencoder)."
        )
    session = open_model(model, threads=1)
    outputs = {o.name: o for o in session.outputs}
    role = {r: n for n, r in contract.output_roles.items() if n in outputs}
    name = role.get("latent") or next((n for n in outputs if "latent" in n.lower()), None)
    width = outputs[name].shape[-1] if name else None
    declared = contract.raw.get("latent_size")
    if declared is not None and width is not None and int(declared) != int(width):
        raise ModelError(
            f"The model's metadata says {declared} latent bands, but its latent output '{name}' has {width}; the "
            "metadata does not belong to this network. Export the model again (or fix latent_size)."
        )
    return int(width or declared or 0)


def _refuse_categorical_layers(raster: str, layers, band_kinds) -> None:
    import rasterio

    from ..inference.sources.base import VectorLayer

    if band_kinds and any(str(k).strip().lower() == "categorical" for k in band_kinds):
        raise InputError(
            "Categorical bands were given to an autoencoder; it measures distances between values, which class "
            "codes do not have. Give continuous bands only (use class rasters as categorical factors instead)."
        )
    for layer in layers or ():
        if isinstance(layer, VectorLayer) or getattr(layer, "kind", "continuous") == "categorical":
            raise InputError(
                f"The layer {os.path.basename(layer.path)} is categorical (a vector, or declared categorical); an "
                "autoencoder takes continuous bands only. Leave it out."
            )
    if not band_kinds:
        with rasterio.open(raster) as ds:
            _refuse_categorical([ds], raster_band_names([ds]), None)


def encode_raster(
    model: str,
    raster: str,
    latent_path: str,
    error_path: str,
    layers: list | None = None,
    band_kinds: Sequence[str] | None = None,
    tile_size: int = 256,
    threads: int = 0,
    progress: ProgressFn = lambda f: None,
    log: LogFn = print,
    is_cancelled: CancelFn = lambda: False,
) -> dict[str, Any]:
    """Run an autoencoder (a file or a shipped model's name) over `raster` (+ `layers`, or terrain factors the model
    computes itself) through the engine; write its k latent bands to `latent_path` and the reconstruction error
    to `error_path` (both styled)."""
    import tempfile

    import rasterio

    from ..inference.kinds.heads import VALUE_NODATA
    from ..inference.outputs.geotiff import check_geotiff_name
    from ..inference.outputs.styles import pseudocolor_qml, write_qml
    from ..inference.pipelines.classify import ClassifyParams, run_classify

    for path, what in ((latent_path, "latent output"), (error_path, "reconstruction error output")):
        check_geotiff_name(path, what)
    if os.path.abspath(latent_path) == os.path.abspath(error_path):
        raise InputError("The latent and reconstruction error outputs have the same file name; give each its own.")
    from ..inference.model.registry import resolve_model

    model = resolve_model(model)
    latent = _model_latent_size(model)
    _refuse_categorical_layers(raster, layers, band_kinds)
    work = tempfile.mkdtemp(prefix=".lithoscope-encode-", dir=os.path.dirname(os.path.abspath(latent_path)))
    try:
        combined = os.path.join(work, "encoded.tif")
        params = ClassifyParams(
            raster, model, combined, layers=layers, band_kinds=tuple(band_kinds) if band_kinds else None,
            tile_size=tile_size, threads=threads,
        )  # fmt: skip
        run_classify(params, lambda f: progress(0.9 * f), is_cancelled, log)
        tx = OutputTransaction()
        with rasterio.open(combined) as src:
            if src.count != latent + 1:
                raise ModelError(
                    f"The model wrote {src.count - 1} latent bands, but it declares {latent}; the model does not "
                    "match its metadata."
                )
            profile = {**src.profile, "dtype": "float32", "nodata": VALUE_NODATA}
            profile.update(tiled=True, blockxsize=256, blockysize=256, compress="deflate")
            tmp_latent = temporary_path(latent_path, ".tif")
            tmp_error = temporary_path(error_path, ".tif")
            tx.add(tmp_latent, latent_path), tx.add(tmp_error, error_path)
            lo, hi, errors = np.full(latent, np.inf), np.full(latent, -np.inf), []
            with (
                rasterio.open(tmp_latent, "w", **{**profile, "count": latent}) as lat,
                rasterio.open(tmp_error, "w", **{**profile, "count": 1}) as err,
            ):
                lat.descriptions = tuple(f"latent {i + 1}" for i in range(latent))
                err.descriptions = ("reconstruction error",)
                for _, window in src.block_windows(1):
                    data = src.read(window=window)
                    lat.write(data[:latent], window=window)
                    err.write(data[latent:], window=window)
                    ok = data[latent] != VALUE_NODATA
                    if ok.any():
                        lo = np.minimum(lo, data[:latent, ok].min(1))
                        hi = np.maximum(hi, data[:latent, ok].max(1))
                        errors.append(data[latent, ok][:: max(1, ok.sum() // 2000)])
        sample = np.concatenate(errors) if errors else np.zeros(1)
        e_lo, e_hi = (float(v) for v in np.percentile(sample, [2, 98]))
        write_qml(latent_path, pseudocolor_qml(float(lo[0]), float(hi[0]), 1, "latent 1"), tx)
        write_qml(error_path, pseudocolor_qml(e_lo, e_hi, 1, "reconstruction error"), tx)
        if is_cancelled():
            tx.abort()
            raise CancelledError("Encoding cancelled; no output was written.")
        tx.commit()
        progress(1.0)
        log(
            f"Latent bands written to {latent_path} ({latent} bands); reconstruction error (2nd–98th percentile "
            f"{e_lo:.3g}–{e_hi:.3g}) to {error_path}."
        )
        return {
            "latent": latent_path,
            "error": error_path,
            "latent_size": latent,
            "error_range": (e_lo, e_hi),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- landform units -----------------------------------------------------------------------------------


def _windows(height: int, width: int, size: int = 256):
    from rasterio.windows import Window

    for r in range(0, height, size):
        for c in range(0, width, size):
            yield r, c, Window(c, r, min(size, width - c), min(size, height - r))


def _valid(data: np.ndarray, nodata) -> np.ndarray:
    ok = np.all(np.isfinite(data), axis=0)
    if nodata is not None:
        ok &= np.all(data != nodata, axis=0)
    return ok


def choose_k(sample: np.ndarray, k_range: Sequence[int], seed: int, log: LogFn = print) -> tuple[int, dict[int, float]]:
    """The k of the highest silhouette (on a seeded subsample) among `k_range`, and each k's silhouette."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    scores = {}
    for k in k_range:
        if k >= len(sample):
            break
        labels = KMeans(k, n_init=4, random_state=seed).fit_predict(sample)
        scores[k] = float(
            silhouette_score(sample, labels, sample_size=min(SILHOUETTE_SAMPLE, len(sample)), random_state=seed)
        )
    if not scores:
        raise InputError("Too few valid pixels in the latent raster to choose a number of units.")
    best = max(scores, key=lambda k: scores[k])
    log("Silhouette by number of units: " + ", ".join(f"{k}: {s:.3f}" for k, s in scores.items()) + f"; chosen {best}.")
    return best, scores


def landform_units(
    latent_path: str,
    units_path: str,
    table_path: str | None = None,
    k: int = 0,
    seed: int = 0,
    dem: str | None = None,
    max_k: int = 8,
    sample_size: int = 20_000,
    progress: ProgressFn = lambda f: None,
    log: LogFn = print,
    is_cancelled: CancelFn = lambda: False,
) -> dict[str, Any]:
    """k-means (seeded) of the latent bands: a class raster of units 1..k (0 nodata, styled) and a CSV table per
    unit (pixels, area km², latent centre; with a DEM on the same grid: mean elevation, slope, curvatures).

    k = 0 chooses k in 2..max_k by silhouette on a sample. Units are numbered by their centre's first latent value,
    so the same seed gives the same map."""
    import rasterio
    from sklearn.cluster import KMeans

    from ..inference.outputs.geotiff import check_geotiff_name
    from ..inference.outputs.styles import paletted_qml, write_qml

    check_geotiff_name(units_path, "landform units output")
    if k < 0 or k == 1 or k > 250:
        raise InputError(f"The number of landform units must be 0 (chosen by silhouette) or 2 to 250, got {k}.")
    if table_path and not table_path.lower().endswith(".csv"):
        raise InputError(f"The unit table {table_path} is written as CSV; give it the extension .csv.")
    with rasterio.open(latent_path) as src:
        height, width, nodata, crs, transform = src.height, src.width, src.nodata, src.crs, src.transform
        profile = src.profile
        rng = np.random.default_rng(seed)
        keep = min(1.0, sample_size / max(1, height * width))
        parts = []
        for _, _, window in _windows(height, width):
            data = src.read(window=window)
            ok = _valid(data, nodata)
            values = data[:, ok].T
            parts.append(values[rng.random(len(values)) < keep])
        sample = np.concatenate(parts).astype(np.float64)
        if len(sample) < 10:
            raise InputError(f"The latent raster {latent_path} has fewer than 10 valid pixels; nothing to cluster.")
        scores = {}
        if k == 0:
            k, scores = choose_k(sample, range(2, max_k + 1), seed, log)
        if k > len(sample):
            raise InputError(f"{k} units asked for, but only {len(sample)} pixels were sampled; ask for fewer units.")
        km = KMeans(k, n_init=10, random_state=seed).fit(sample)
        order = np.argsort(km.cluster_centers_[:, 0], kind="stable")
        rank = np.empty(k, np.int64)
        rank[order] = np.arange(k)
        progress(0.3)
        terrain_src, handle, names = None, None, []
        if dem:
            terrain_src, handle, names = _dem_source(dem, height, width, crs, transform, log)
        counts, area = np.zeros(k, np.int64), np.zeros(k)
        sums, seen = np.zeros((k, len(names))), np.zeros((k, len(names)), np.int64)
        tx = OutputTransaction()
        tmp_units = temporary_path(units_path, ".tif")
        tx.add(tmp_units, units_path)
        out_profile = {**profile, "count": 1, "dtype": "uint8", "nodata": 0, "tiled": True}
        out_profile.update(blockxsize=256, blockysize=256, compress="deflate")
        try:
            with rasterio.open(tmp_units, "w", **out_profile) as out:
                out.descriptions = ("landform unit",)
                for r, c, window in _windows(height, width):
                    if is_cancelled():
                        raise CancelledError("Landform units cancelled; no output was written.")
                    data = src.read(window=window)
                    ok = _valid(data, nodata)
                    units = np.zeros(ok.shape, np.uint8)
                    if ok.any():
                        units[ok] = rank[km.predict(data[:, ok].T.astype(np.float64))] + 1
                    out.write(units[None], window=window)
                    idx = units[ok].astype(np.int64) - 1
                    counts += np.bincount(idx, minlength=k)
                    rows = np.nonzero(ok)[0] + r
                    area += np.bincount(idx, weights=_cell_km2(crs, transform, rows), minlength=k)
                    if terrain_src is not None:
                        block, valid, _ = terrain_src.read_tile(handle, r, c, 256, "float64")
                        if len(names) > 1:  # the elevation's own validity: slope is void at the edge, not the DEM
                            valid = terrain_src.inner.read_tile(handle, r, c, 256, "float64")[1]
                        block = block[:, : ok.shape[0], : ok.shape[1]]
                        valid = valid[: ok.shape[0], : ok.shape[1]]
                        for b in range(len(names)):
                            there = ok & valid & np.isfinite(block[b])
                            i = units[there].astype(np.int64) - 1
                            sums[:, b] += np.bincount(i, weights=block[b][there], minlength=k)
                            seen[:, b] += np.bincount(i, minlength=k)
        finally:
            if handle is not None:
                handle.close()
    centres = km.cluster_centers_[order]
    rows = []
    for u in range(k):
        row = {"unit": u + 1, "pixels": int(counts[u]), "area_km2": round(float(area[u]), 6)}
        for b, name in enumerate(names):
            row[f"mean_{name}"] = float(sums[u, b] / seen[u, b]) if seen[u, b] else float("nan")
        row.update({f"latent_{j + 1}": round(float(v), 6) for j, v in enumerate(centres[u])})
        rows.append(row)
    write_qml(
        units_path, paletted_qml([f"unit {u + 1}" for u in range(k)], class_colours(k), 1, list(range(1, k + 1))), tx
    )
    if table_path:
        tmp_table = temporary_path(table_path, ".csv")
        tx.add(tmp_table, table_path)
        with open(tmp_table, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    if is_cancelled():
        tx.abort()
        raise CancelledError("Landform units cancelled; no output was written.")
    tx.commit()
    progress(1.0)
    log(f"{k} landform units written to {units_path}" + (f", their table to {table_path}" if table_path else ""))
    return {"units": units_path, "table": table_path, "k": k, "silhouette": scores, "rows": rows}


def _dem_source(dem: str, height: int, width: int, crs, transform, log: LogFn):
    """The DEM's elevation (+ slope and curvatures on a grid in metres) on the latent raster's grid."""
    import rasterio

    with rasterio.open(dem) as ds:
        same = ds.shape == (height, width) and ds.crs == crs and ds.transform.almost_equals(transform)
    if not same:
        raise InputError(
            f"The DEM {os.path.basename(dem)} is not on the grid of the latent raster; give the DEM the latent bands "
            "were computed from (or align it first: Raster > Align Rasters)."
        )
    metric = crs is not None and crs.is_projected and abs(float(crs.linear_units_factor[1]) - 1.0) < 1e-9
    if metric:
        source = terrain_source(dem, "elevation_m", UNIT_FACTORS, crs)
        names = ["elevation_m", "slope_deg", "plan_curvature", "profile_curvature"]
    else:
        from ..inference.sources.raster import open_source

        log("Warning: the DEM is not on a grid in metres; the unit table has elevation but no slope or curvature.")
        source, names = open_source(dem, bands=[1]), ["elevation_m"]
    return source, source.open(), names


def _cell_km2(crs, transform, rows: np.ndarray) -> np.ndarray:
    """Area of the cells of `rows` in km²: the cell's own on a projected grid, by latitude on a grid in degrees."""
    cell = abs(transform.a * transform.e)
    if crs is not None and crs.is_geographic:
        lat = np.radians(transform.f + transform.e * (rows + 0.5))
        radius = 6_371_008.8
        return np.cos(lat) * np.radians(abs(transform.a)) * np.radians(abs(transform.e)) * radius**2 / 1e6
    factor = float(crs.linear_units_factor[1]) if crs is not None and crs.is_projected else 1.0
    return np.full(len(rows), cell * factor**2 / 1e6)
