# SPDX-License-Identifier: GPL-2.0-or-later
"""What ``train_susceptibility_cnn.py`` and ``evaluate_susceptibility_cnn.py`` share: the whole recipe.

Data (each area's terrain factors built with Lithoscope's own code, and its labels), input scaling, the
network, training, the ONNX export with its contract, scoring through Lithoscope's engine, the recipe's
command-line options, and the cross-area evaluation that both scripts run. Neither script imports the other.
See the two scripts' docstrings and ``models/landslide_susceptibility_terrain.md`` for the method.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from export_common import (
    REPO_ROOT,
    inference,
    lithoscope,
    require_torch,
    seed_everything,
    with_activation,
    write_contract,
    write_json,
)
from export_common import export_onnx as export_onnx_file

DEFAULT_DATA_DIR: Path = REPO_ROOT / ".." / "shared" / "datasets"
DEFAULT_OUT_DIR: Path = REPO_ROOT / "models"
DEFAULT_WORK_DIR: Path = Path(tempfile.gettempdir()) / "lithoscope_susceptibility_cnn"
MODEL_BASENAME = "landslide_susceptibility_terrain"
MODEL_VERSION = "1.0.0"

# Terrain factors the model takes, in Lithoscope's canonical order (a subset of terrain.TERRAIN_FACTORS).
# Left out: roughness (metres; at a fixed 3 x 3 window it grows with the cell size) and flow_accumulation
# (m^2; grows with the cell size and catchment cut-off; the wetness index carries it on a log scale).
FACTORS: tuple[str, ...] = (
    "slope",
    "aspect_sin",
    "aspect_cos",
    "plan_curvature",
    "profile_curvature",
    "tpi",
    "twi",
)
# Curvatures differ by about 60x in magnitude between the 10 m Andes DEM and the 31 m SRTM hills:
# they are divided by a typical magnitude (the median |curvature| of the training pixels) and then
# compressed with asinh inside the graph, which keeps the sign and turns the magnitude into a log scale.
COMPRESSED: tuple[str, ...] = ("plan_curvature", "profile_curvature")
# Aspect sine/cosine are passed as they are (offset 0, scale 1): 0 keeps meaning "flat".
UNSCALED: tuple[str, ...] = ("aspect_sin", "aspect_cos")
AREAS: tuple[str, ...] = ("ecuador", "hungary")
LOGIT_BOUND = 8.0  # probabilities between 3.4e-4 and 0.99966

ECUADOR_CITATION = (
    "ecuador_landslides: Reserva Biologica San Francisco, Ecuador; 10 m DEM and 1535 labelled points "
    "(field lslpts: 175 landslide initiation points, 1360 non-landslide points); from github.com/r-spatial/RSAGA "
    "(GPL-2) and github.com/Nowosad/spDataLarge (CC0); Muenchow, Brenning & Richter (2012) Geomorphology "
    "139-140:271-284"
)
HUNGARY_CITATION = (
    "hungary_landslides: Gerecse hills, Hungary; 31 m SRTM DEM and a landslide scarp mask (4997 scarp pixels, "
    "the other mapped pixels non-scarp); github.com/gerzsd/frmod, MIT, (c) 2024 David Gerzsenyi"
)


# -- data ----------------------------------------------------------------------------------------
@dataclass
class Area:
    """One study area: its factor raster (native units) and labels on the same grid."""

    name: str
    factors_path: str
    x: np.ndarray  # (C, H, W) float32, native units; NaN where any factor is missing
    valid: np.ndarray  # (H, W) every factor present (the engine's notion of a valid pixel)
    labels: np.ndarray  # (H, W) int8: -1 unlabelled or invalid, 0 absence, 1 presence
    cell_size: float
    info: dict = field(default_factory=dict)

    def labelled(self, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Flat pixel indices and 0/1 labels of the labelled valid pixels (inside `mask` if given)."""
        keep = self.labels >= 0
        if mask is not None:
            keep &= mask
        idx = np.flatnonzero(keep)
        return idx, self.labels.ravel()[idx].astype(np.int64)


def build_terrain_factors(dem_path: Path, out_path: Path) -> str:
    """The model's factors of a DEM, on the DEM's own grid, with Lithoscope's code (NaN = nodata)."""
    lithoscope()
    from lithoscope.susceptibility.factors import TerrainFactors, build_factors
    from lithoscope.susceptibility.grid import grid_from_raster

    out_path.parent.mkdir(parents=True, exist_ok=True)
    result = build_factors(
        [TerrainFactors(str(dem_path), names=FACTORS)], grid_from_raster(str(dem_path)), str(out_path)
    )
    assert tuple(result.names) == FACTORS, result.names
    return str(out_path)


def _read_factors(path: str) -> tuple[np.ndarray, np.ndarray, float, object]:
    import rasterio

    with rasterio.open(path) as ds:
        x = ds.read().astype(np.float32)
        assert tuple(ds.descriptions) == FACTORS, ds.descriptions
        cell, transform = float(abs(ds.transform.a)), ds.transform
    valid = np.isfinite(x).all(axis=0)
    x[:, ~valid] = np.nan
    return x, valid, cell, transform


def load_ecuador(data_dir: Path, work_dir: Path) -> Area:
    """Ecuador: the 1535 labelled points of `landslide_points_all_1535.gpkg` on the 10 m factor grid."""
    import geopandas as gpd
    import rasterio

    folder = Path(data_dir) / "ecuador_landslides"
    path = build_terrain_factors(folder / "dem_10m.tif", Path(work_dir) / "ecuador_factors.tif")
    x, valid, cell, transform = _read_factors(path)
    points = gpd.read_file(folder / "landslide_points_all_1535.gpkg")
    rows, cols = rasterio.transform.rowcol(transform, points.geometry.x.values, points.geometry.y.values)
    rows, cols = np.asarray(rows), np.asarray(cols)
    y = points["lslpts"].astype(int).values
    labels = np.full(valid.shape, -1, np.int8)
    inside = (rows >= 0) & (rows < valid.shape[0]) & (cols >= 0) & (cols < valid.shape[1])
    order = np.argsort(y, kind="stable")  # presences last: a pixel with both keeps the presence
    for i in order[inside[order]]:
        labels[rows[i], cols[i]] = y[i]
    dropped = int(((labels >= 0) & ~valid).sum())
    labels[~valid] = -1
    info = {
        "points": int(len(y)),
        "presences": int((labels == 1).sum()),
        "absences": int((labels == 0).sum()),
        "outside_grid": int((~inside).sum()),
        "dropped_nodata": dropped,
    }
    return Area("ecuador", path, x, valid, labels, cell, info)


def load_hungary(data_dir: Path, work_dir: Path) -> Area:
    """Hungary: every pixel of the scarp mask (1 = scarp, 0 = not, 255 = unmapped) on the 31 m factor grid."""
    import rasterio

    folder = Path(data_dir) / "hungary_landslides"
    path = build_terrain_factors(folder / "dem_srtm_31m.tif", Path(work_dir) / "hungary_factors.tif")
    x, valid, cell, _ = _read_factors(path)
    with rasterio.open(folder / "landslide_scarps_mask_31m.tif") as ds:
        mask = ds.read(1)
    assert mask.shape == valid.shape
    labels = np.where(mask == 255, -1, mask).astype(np.int8)
    dropped = int(((labels >= 0) & ~valid).sum())
    labels[~valid] = -1
    info = {
        "presences": int((labels == 1).sum()),
        "absences": int((labels == 0).sum()),
        "dropped_nodata": dropped,
    }
    return Area("hungary", path, x, valid, labels, cell, info)


def load_areas(data_dir: Path, work_dir: Path) -> dict[str, Area]:
    """Both study areas, factors built with Lithoscope's own code."""
    return {"ecuador": load_ecuador(data_dir, work_dir), "hungary": load_hungary(data_dir, work_dir)}


# -- scaling ---------------------------------------------------------------------------------------
def fit_scaling(areas: list[Area], seed: int, per_area: int = 100_000) -> tuple[list[float], list[float]]:
    """Band offset/scale (native units) from an equal-sized sample of the valid pixels of each area.

    Slope, TPI and TWI: mean and standard deviation. Aspect: 0 and 1. Curvatures: 0 and the median
    absolute value (then compressed by asinh inside the graph).
    """
    rng = np.random.default_rng(seed)
    parts = []
    for area in areas:
        idx = np.flatnonzero(area.valid)
        take = rng.choice(idx, size=min(per_area, idx.size), replace=False)
        parts.append(area.x.reshape(len(FACTORS), -1)[:, take].astype(np.float64))
    sample = np.concatenate(parts, axis=1)
    offsets, scales = [], []
    for b, name in enumerate(FACTORS):
        v = sample[b]
        if name in UNSCALED:
            offsets.append(0.0)
            scales.append(1.0)
        elif name in COMPRESSED:
            offsets.append(0.0)
            scales.append(float(np.median(np.abs(v))))
        else:
            offsets.append(float(v.mean()))
            scales.append(float(v.std()))
    # Rounded here, so that training and the contract use the very same numbers.
    return [float(f"{v:.6g}") for v in offsets], [float(f"{v:.6g}") for v in scales]


def scale(area: Area, offsets: list[float], scales: list[float]) -> np.ndarray:
    """What the engine feeds the model: (x - offset) / scale in float32, every band 0 at invalid pixels."""
    off = np.asarray(offsets, np.float32)[:, None, None]
    inv = (1.0 / np.asarray(scales, np.float64)).astype(np.float32)[:, None, None]
    xs = (area.x - off) * inv
    xs[:, ~area.valid] = 0.0
    return np.ascontiguousarray(xs, dtype=np.float32)


def compressed_features(xs_pixels: np.ndarray) -> np.ndarray:
    """Per-pixel features as the network's first layer sees them: (n, C) scaled values, curvatures asinh'ed."""
    out = np.array(xs_pixels, np.float64, copy=True)
    for b, name in enumerate(FACTORS):
        if name in COMPRESSED:
            out[:, b] = np.arcsinh(out[:, b])
    return out


# -- network ---------------------------------------------------------------------------------------
def make_net(
    ch: int = 16,
    dilations: tuple[int, ...] = (1, 2, 1),
    dropout: float = 0.3,
    noise: float = 0.5,
    bounded: bool = True,
    branch_dropout: float = 0.5,
):
    """The CNN (logits out). Built lazily so that the evaluation helpers do not need torch to import.

    logit = linear(inputs) + linear(conv features): the inputs reach the 1x1 head directly (a per-pixel,
    logistic-regression-like part) beside the convolutional features. With `bounded`, the last feature
    layer is a tanh, so the convolutional part adds at most a bounded amount; far outside the training
    range (another terrain) the linear part decides the ranking instead of unbounded ReLU extrapolation.
    `branch_dropout` drops the whole convolutional part for that share of the training patches, so the
    linear part must be a sound model on its own.
    """
    torch = require_torch()
    from torch import nn

    class SusceptibilityNet(nn.Module):
        """asinh on the curvature bands, 3x3 convolutions, then a 1x1 head on features + inputs."""

        def __init__(self) -> None:
            super().__init__()
            mask = torch.tensor([1.0 if n in COMPRESSED else 0.0 for n in FACTORS]).view(1, -1, 1, 1)
            self.register_buffer("compress", mask)
            layers: list[nn.Module] = []
            c_in = len(FACTORS)
            for i, d in enumerate(dilations):
                last = i == len(dilations) - 1
                layers += [nn.Conv2d(c_in, ch, 3, padding=d, dilation=d), nn.Tanh() if bounded and last else nn.ReLU()]
                c_in = ch
            self.features = nn.Sequential(*layers)
            self.drop = nn.Dropout2d(dropout)
            self.head = nn.Conv2d(ch + len(FACTORS), 1, 1)

        def forward(self, x):
            """Logits bounded softly to (-LOGIT_BOUND, LOGIT_BOUND); strictly increasing, so rankings survive."""
            # asinh(x) written out (the TorchScript ONNX exporter has no Asinh): sign(x) log(|x| + sqrt(x^2 + 1))
            a = torch.abs(x)
            x = torch.where(self.compress > 0, torch.sign(x) * torch.log(a + torch.sqrt(a * a + 1.0)), x)
            if self.training and noise > 0:
                x = x + noise * torch.randn_like(x)
            f = self.drop(self.features(x))
            if self.training and branch_dropout > 0:
                keep = (torch.rand(x.shape[0], 1, 1, 1) >= branch_dropout).to(x.dtype)
                f = f * keep / (1.0 - branch_dropout)
            z = self.head(torch.cat([f, x], dim=1))
            # A soft bound on the logit: far outside the training range the probabilities stay distinct in
            # float32 (onnxruntime's sigmoid is flat beyond about +-18, which would tie them all).
            return LOGIT_BOUND * z / (LOGIT_BOUND + torch.abs(z))

    return SusceptibilityNet()


def receptive_radius(dilations: tuple[int, ...]) -> int:
    """Pixels of context on each side of an output pixel."""
    return int(sum(dilations))


# -- training --------------------------------------------------------------------------------------
@dataclass
class TrainConfig:
    """The recipe. Defaults chosen by within-area spatial CV only (see the model card), never on the other area."""

    steps: int = 400
    batch_size: int = 32
    patch: int = 32
    channels: int = 16
    dilations: tuple[int, ...] = (1, 2, 1)
    dropout: float = 0.3
    noise: float = 0.5  # standard deviation of Gaussian noise added to the (scaled) inputs in training
    bounded: bool = True  # tanh on the last feature layer
    branch_dropout: float = 0.5  # share of patches trained without the convolutional part
    lr: float = 3e-3
    weight_decay: float = 1e-2
    ema_decay: float = 0.995
    seed: int = 20247
    threads: int = 1  # 2 threads were slower on a loaded 2-core machine (tiny convolutions)

    def as_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(self).items()}


class PatchSampler:
    """Patches around labelled pixels: half presences, half absences, the areas in turn.

    The labelled pixel lies anywhere in the patch's inner part (the patch less the receptive
    radius on each side); the loss is taken at every labelled pixel of that inner part, so no
    pixel is scored whose context the patch cuts off.
    """

    def __init__(self, scaled: list[np.ndarray], labels: list[np.ndarray], patch: int, margin: int, rng) -> None:
        self.patch, self.margin, self.rng = patch, margin, rng
        self.xs = [np.pad(x, ((0, 0), (patch, patch), (patch, patch))) for x in scaled]  # 0 = the engine's fill
        self.ys = [np.pad(y, patch, constant_values=-1) for y in labels]
        self.widths = [y.shape[1] for y in labels]
        self.pix = [[np.flatnonzero(y.ravel() == c) for c in (0, 1)] for y in labels]
        for i, (neg, pos) in enumerate(self.pix):
            if not len(neg) or not len(pos):
                raise ValueError(f"area {i} has no presences or no absences to train on")

    def batch(self, n: int):
        torch = require_torch()
        p, m = self.patch, self.margin
        xs, ys, groups = [], [], []
        for i in range(n):
            a = i % len(self.xs)
            cls = (i // len(self.xs)) % 2
            pool = self.pix[a][cls]
            r, c = divmod(int(pool[self.rng.integers(len(pool))]), self.widths[a])
            pr, pc = (int(v) for v in self.rng.integers(m, p - m, size=2))
            r0, c0 = r - pr + p, c - pc + p
            xs.append(self.xs[a][:, r0 : r0 + p, c0 : c0 + p])
            y = self.ys[a][r0 : r0 + p, c0 : c0 + p].astype(np.int64)
            y[:m], y[p - m :], y[:, :m], y[:, p - m :] = -1, -1, -1, -1
            ys.append(y)
            groups.append(np.where(y >= 0, 2 * a + y, -1))
        y = np.stack(ys)
        g = np.stack(groups)
        # Each (area, class) group present in the batch has the same total weight.
        w = np.zeros(y.shape, np.float32)
        present = [k for k in range(2 * len(self.xs)) if (g == k).any()]
        for k in present:
            sel = g == k
            w[sel] = 1.0 / (sel.sum() * len(present))
        x = torch.from_numpy(np.ascontiguousarray(np.stack(xs)))
        return x, torch.from_numpy(np.clip(y, 0, 1).astype(np.float32))[:, None], torch.from_numpy(w)[:, None]


def train_net(scaled: list[np.ndarray], labels: list[np.ndarray], cfg: TrainConfig, log=print):
    """Train on the labelled pixels of the given areas (labels -1 = ignore); returns the EMA network (eval)."""
    torch = require_torch()
    seed_everything(cfg.seed, cfg.threads)
    rng = np.random.default_rng(cfg.seed)
    margin = receptive_radius(cfg.dilations)
    if cfg.patch <= 2 * margin:
        raise ValueError(f"patch {cfg.patch} must exceed twice the receptive radius {margin}")
    sampler = PatchSampler(scaled, labels, cfg.patch, margin, rng)
    net = make_net(cfg.channels, cfg.dilations, cfg.dropout, cfg.noise, cfg.bounded, cfg.branch_dropout)
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=cfg.steps, pct_start=0.1)
    ema = torch.optim.swa_utils.AveragedModel(
        net, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(cfg.ema_decay), use_buffers=True
    )
    bce = torch.nn.BCEWithLogitsLoss(reduction="none")
    t0, running = time.time(), 0.0
    for step in range(cfg.steps):
        x, y, w = sampler.batch(cfg.batch_size)
        loss = (bce(net(x), y) * w).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        ema.update_parameters(net)
        running += loss.item()
        if (step + 1) % max(1, cfg.steps // 5) == 0:
            mean = running / max(1, cfg.steps // 5)
            log(f"  step {step + 1:5d}/{cfg.steps} loss {mean:.4f} [{time.time() - t0:.0f}s]")
            running = 0.0
    model = ema.module
    model.eval()
    return model


# -- export ----------------------------------------------------------------------------------------
def export_onnx(net, path: Path, contract: dict) -> None:
    """TorchScript export (opset 17, dynamic N/H/W), sigmoid in the graph, then Lithoscope's contract."""
    torch = require_torch()
    axes = {0: "N", 2: "H", 3: "W"}
    model = with_activation(net, "sigmoid")
    example = torch.zeros(1, len(FACTORS), 64, 80)
    export_onnx_file(model, path, example, "input", "probability", axes, contract=contract, quiet=DeprecationWarning)


def build_contract(
    offsets: list[float],
    scales: list[float],
    cfg: TrainConfig,
    areas: list[Area],
    metrics: dict | None = None,
    description: str | None = None,
) -> dict:
    """The Lithoscope contract keys (plain values; write_contract JSON-encodes them)."""
    names = [a.name for a in areas]
    sources = {"ecuador": ECUADOR_CITATION, "hungary": HUNGARY_CITATION}
    licences = {"ecuador": "GPL-2 (RSAGA) / CC0 (spDataLarge)", "hungary": "MIT (frmod, (c) 2024 David Gerzsenyi)"}
    counts = {a.name: a.info for a in areas}
    training_data = {
        "areas": [sources[n] for n in names],
        "labels": counts,
        "factors": "built from each DEM with Lithoscope's susceptibility.factors.build_factors "
        "(TerrainFactors, default TPI radius 10 cells, flow halo 256 cells), no nodata filling",
        "sampling": f"{cfg.patch}x{cfg.patch} px patches around labelled pixels, half presences/half absences, "
        "areas in turn; loss at labelled pixels only, each (area, class) group of a batch weighted equally",
    }
    return {
        "lithoscope_task": "susceptibility",
        "output_kind": "probability",
        "output_activation": "none",
        "class_names": ["landslide"],
        "class_colors": ["#d7191c"],
        "band_names": list(FACTORS),
        "band_kinds": ["continuous"] * len(FACTORS),
        "band_offset": offsets,
        "band_scale": scales,
        "nodata_fill": 0.0,
        "tile_size": 256,
        "tile_overlap_px": 16,
        "model_version": MODEL_VERSION,
        "description": description
        or (
            "Landslide susceptibility (relative ranking) from a DEM alone: a small fully convolutional CNN over "
            f"{len(FACTORS)} terrain factors that Lithoscope derives from the DEM ({', '.join(FACTORS)}; build "
            "them with lithoscope:buildfactors). Trained on two real inventories (Ecuador 10 m points, Hungary "
            "31 m scarps). A ranking aid, not a replacement for a study with a local inventory."
        ),
        "licence": "GPL-2.0-or-later (model); training data: " + "; ".join(f"{n} {licences[n]}" for n in names),
        "training_data": training_data,
        "metrics": metrics or {},
    }


# -- engine scoring -----------------------------------------------------------------------------------
def engine_probability(onnx_path: str, factors_path: str, work_dir: Path) -> np.ndarray:
    """The probability raster Lithoscope's engine writes for `factors_path` (NaN where it writes nodata)."""
    import rasterio

    run = inference()
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        out = os.path.join(tmp, "probability.tif")
        run.run_classify(run.ClassifyParams(factors_path, str(onnx_path), out, threads=1))
        with rasterio.open(out) as ds:
            p = ds.read(1).astype(np.float64)
            nodata = ds.nodata
    if nodata is not None:
        p[p == nodata] = np.nan
    return p


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """ROC AUC (ties count half) of `score` for 0/1 labels `y`, ignoring non-finite scores."""
    from sklearn.metrics import roc_auc_score

    ok = np.isfinite(score)
    return float(roc_auc_score(y[ok], score[ok]))


# -- command line ----------------------------------------------------------------------------------
def config_from_args(args: argparse.Namespace) -> TrainConfig:
    return TrainConfig(
        steps=args.steps,
        batch_size=args.batch_size,
        patch=args.patch,
        channels=args.channels,
        dilations=tuple(int(d) for d in args.dilations.split(",")),
        dropout=args.dropout,
        noise=args.noise,
        bounded=not args.unbounded,
        branch_dropout=args.branch_dropout,
        lr=args.lr,
        weight_decay=args.weight_decay,
        ema_decay=args.ema_decay,
        seed=args.seed,
        threads=args.threads,
    )


def add_common_args(p: argparse.ArgumentParser) -> None:
    d = TrainConfig()
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder holding the two datasets")
    p.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR, help="scratch folder for factor rasters")
    p.add_argument("--steps", type=int, default=d.steps)
    p.add_argument("--batch-size", type=int, default=d.batch_size)
    p.add_argument("--patch", type=int, default=d.patch)
    p.add_argument("--channels", type=int, default=d.channels)
    p.add_argument("--dilations", type=str, default=",".join(str(v) for v in d.dilations))
    p.add_argument("--dropout", type=float, default=d.dropout)
    p.add_argument("--noise", type=float, default=d.noise)
    p.add_argument("--unbounded", action="store_true", help="ReLU (not tanh) on the last feature layer")
    p.add_argument("--branch-dropout", type=float, default=d.branch_dropout)
    p.add_argument("--lr", type=float, default=d.lr)
    p.add_argument("--weight-decay", type=float, default=d.weight_decay)
    p.add_argument("--ema-decay", type=float, default=d.ema_decay)
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--threads", type=int, default=d.threads)


# -- evaluation (cross-area table, spatial CV) --------------------------------------------------------
CV_FOLDS = 5


def logistic_scores(
    train: list[tuple[np.ndarray, np.ndarray, np.ndarray]], test_x: np.ndarray, seed: int
) -> np.ndarray:
    """Logistic regression on per-pixel features; each (area, class) group weighted equally, as for the CNN.

    `train`: (features, labels, area id) per training area; `test_x`: features to score.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    xs, ys, ws = [], [], []
    groups = sum(len(np.unique(y)) for _, y, _ in train)
    for x, y, _ in train:
        for c in (0, 1):
            n = int((y == c).sum())
            if n:
                xs.append(x[y == c])
                ys.append(y[y == c])
                ws.append(np.full(n, 1.0 / (n * groups)))
    x, y, w = np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000, random_state=seed))
    model.fit(x, y, logisticregression__sample_weight=w * len(y))
    return model.predict_proba(test_x)[:, 1]


def _pixels(area: Area, xs: np.ndarray, idx: np.ndarray) -> np.ndarray:
    return xs.reshape(len(FACTORS), -1)[:, idx].T


def score_split(
    train_areas: list[Area],
    train_masks: list[np.ndarray | None],
    test_area: Area,
    test_mask: np.ndarray | None,
    cfg: TrainConfig,
    work_dir: Path,
    tag: str,
    log=print,
) -> dict:
    """Train on the labelled pixels of `train_areas` (inside the masks), score `test_area` (inside its mask)."""
    offsets, scales = fit_scaling(train_areas, cfg.seed)
    scaled = [scale(a, offsets, scales) for a in train_areas]
    labels = []
    for a, m in zip(train_areas, train_masks):
        y = a.labels.copy()
        if m is not None:
            y[~m] = -1
        labels.append(y)
    t0 = time.time()
    net = train_net(scaled, labels, cfg, log=log)
    train_s = time.time() - t0
    onnx_path = work_dir / f"{tag}.onnx"
    export_onnx(net, onnx_path, build_contract(offsets, scales, cfg, train_areas))
    prob = engine_probability(str(onnx_path), test_area.factors_path, work_dir)
    test_idx, y_test = test_area.labelled(test_mask)
    p_test = prob.ravel()[test_idx]
    test_scaled = scale(test_area, offsets, scales)

    lr_train, raw_train = [], []
    for i, (a, xs, y) in enumerate(zip(train_areas, scaled, labels)):
        idx = np.flatnonzero(y.ravel() >= 0)
        yy = y.ravel()[idx].astype(np.int64)
        lr_train.append((compressed_features(_pixels(a, xs, idx)), yy, i))
        raw_train.append((a.x.reshape(len(FACTORS), -1)[:, idx].T.astype(np.float64), yy, i))
    lr = logistic_scores(lr_train, compressed_features(_pixels(test_area, test_scaled, test_idx)), cfg.seed)
    raw = logistic_scores(raw_train, test_area.x.reshape(len(FACTORS), -1)[:, test_idx].T.astype(np.float64), cfg.seed)
    slope = test_area.x[FACTORS.index("slope")].ravel()[test_idx].astype(np.float64)
    out = {
        "cnn_engine": auc(y_test, p_test),
        "logistic_regression": auc(y_test, lr),
        "logistic_regression_raw_factors": auc(y_test, raw),
        "slope_only": auc(y_test, slope),
        "n_test": int(len(y_test)),
        "n_test_presences": int(y_test.sum()),
        "cnn_nodata_at_test_pixels": int((~np.isfinite(p_test)).sum()),
        "training_seconds": round(train_s, 1),
    }
    log(f"{tag}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in out.items()))
    return out


def spatial_folds(area: Area, k: int, seed: int) -> np.ndarray:
    """Fold (0..k-1) of every pixel: Ecuador k-means blocks of the labelled points, Hungary column strips."""
    h, w = area.valid.shape
    if area.name == "hungary":
        cols = np.arange(w)
        labelled_cols = np.nonzero((area.labels >= 0).any(axis=0))[0]
        edges = np.linspace(labelled_cols.min(), labelled_cols.max() + 1, k + 1)
        strip = np.clip(np.searchsorted(edges, cols, side="right") - 1, 0, k - 1)
        return np.broadcast_to(strip, (h, w)).copy()
    from sklearn.cluster import KMeans

    idx, _ = area.labelled()
    rr, cc = np.divmod(idx, w)
    km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(np.column_stack([rr, cc]).astype(np.float64))
    grid_r, grid_c = np.mgrid[0:h, 0:w]
    return km.predict(np.column_stack([grid_r.ravel(), grid_c.ravel()]).astype(np.float64)).reshape(h, w)


def _mean_std(values: list[float]) -> list[float]:
    return [round(float(np.mean(values)), 4), round(float(np.std(values)), 4)]


def spatial_cv(area: Area, cfg: TrainConfig, work_dir: Path, log=print) -> dict:
    """Within-area spatial CV: mean and standard deviation of each score over the folds."""
    folds = spatial_folds(area, CV_FOLDS, cfg.seed)
    per_fold = []
    for f in range(CV_FOLDS):
        test = folds == f
        per_fold.append(score_split([area], [~test], area, test, cfg, work_dir, f"cv_{area.name}_{f}", log))
    keys = ("cnn_engine", "logistic_regression", "logistic_regression_raw_factors", "slope_only")
    return {
        "folds": CV_FOLDS,
        "method": "k-means blocks of the labelled points" if area.name == "ecuador" else "column strips",
        **{k: _mean_std([p[k] for p in per_fold]) for k in keys},
        "per_fold": per_fold,
    }


def evaluate(
    model_path: Path,
    areas: dict[str, Area],
    cfg: TrainConfig,
    cv: bool = False,
    work_dir: Path | None = None,
    training: dict | None = None,
    json_path: Path | None = None,
    extra_seeds: tuple[int, ...] = (),
    log=print,
) -> dict:
    """Cross-area table (and optionally spatial CV); stores the metrics in the shipped model's contract."""
    work_dir = Path(work_dir or Path(model_path).parent) / "eval"
    work_dir.mkdir(parents=True, exist_ok=True)
    import onnxruntime as ort

    cross = {}
    for train_name, test_name in (("hungary", "ecuador"), ("ecuador", "hungary")):
        key = f"train_{train_name}_test_{test_name}"
        cross[key] = score_split([areas[train_name]], [None], areas[test_name], None, cfg, work_dir, key, log)
    metrics: dict = {
        "metric": "ROC AUC at the held-out area's labelled pixels (Ecuador: 1535 points; Hungary: every mapped "
        "pixel of the scarp mask); the CNN scored through Lithoscope's engine (run_classify, tiles 256 px, "
        f"overlap 16 px, onnxruntime {ort.__version__})",
        "cross_area": cross,
    }
    if extra_seeds:  # the same splits again with other seeds: how much of a difference is run-to-run noise
        other: dict = {}
        for seed in extra_seeds:
            cfg_seed = dataclasses.replace(cfg, seed=int(seed))
            for train_name, test_name in (("hungary", "ecuador"), ("ecuador", "hungary")):
                key = f"train_{train_name}_test_{test_name}"
                r = score_split(
                    [areas[train_name]], [None], areas[test_name], None, cfg_seed, work_dir, f"{key}_seed{seed}", log
                )
                entry = other.setdefault(key, {"seeds": [], "cnn_engine": [], "logistic_regression": []})
                entry["seeds"].append(int(seed))
                entry["cnn_engine"].append(round(r["cnn_engine"], 4))
                entry["logistic_regression"].append(round(r["logistic_regression"], 4))
        metrics["cross_area_other_seeds"] = other
    if cv:
        metrics["spatial_cv"] = {name: spatial_cv(areas[name], cfg, work_dir, log) for name in AREAS}
    fit = {}
    for name in AREAS:
        a = areas[name]
        idx, y = a.labelled()
        p = engine_probability(str(model_path), a.factors_path, work_dir).ravel()[idx]
        fit[name] = round(auc(y, p), 4)
    metrics["training_fit_shipped_model"] = fit
    if training:
        metrics["training"] = training
    for v in cross.values():
        for m in ("cnn_engine", "logistic_regression", "logistic_regression_raw_factors", "slope_only"):
            v[m] = round(v[m], 4)
    write_contract(model_path, {"metrics": metrics})
    if json_path:
        write_json(json_path, metrics)
    print(json.dumps(metrics, indent=1))
    print_table(metrics)
    return metrics


def evaluate_from_args(model_path: Path, areas: dict[str, Area], cfg: TrainConfig, args, training: dict | None) -> dict:
    """`evaluate` with the options both scripts take: --cv, --work-dir, --json, --extra-seeds."""
    seeds = tuple(int(v) for v in args.extra_seeds.split(",") if v.strip())
    return evaluate(
        model_path,
        areas,
        cfg,
        cv=args.cv,
        work_dir=args.work_dir,
        training=training,
        json_path=args.json,
        extra_seeds=seeds,
    )


def print_table(metrics: dict) -> None:
    """The card's Markdown table."""
    print("\n| train -> test | CNN (engine) | logistic regression | LR (raw factors) | slope only |")
    print("|---|---|---|---|---|")
    for key, v in metrics["cross_area"].items():
        _, a, _, b = key.split("_")
        print(
            f"| {a} -> {b} | {v['cnn_engine']:.3f} | {v['logistic_regression']:.3f} | "
            f"{v['logistic_regression_raw_factors']:.3f} | {v['slope_only']:.3f} |"
        )
    for key, v in metrics.get("cross_area_other_seeds", {}).items():
        print(f"{key}, seeds {v['seeds']}: CNN {v['cnn_engine']}, logistic regression {v['logistic_regression']}")
    for name, v in metrics.get("spatial_cv", {}).items():
        cells = " | ".join(
            f"{v[k][0]:.3f} ± {v[k][1]:.3f}"
            for k in ("cnn_engine", "logistic_regression", "logistic_regression_raw_factors", "slope_only")
        )
        print(f"| {name} spatial CV ({v['folds']} folds) | {cells} |")
