# SPDX-License-Identifier: GPL-2.0-or-later
"""Train a small fully-convolutional CNN that predicts 14 geology units from terrain (DEM + slope).

Data: ``hungary_landslides`` (Gerecse hills, Hungary; github.com/gerzsd/frmod, MIT, (c) 2024 David Gerzsenyi).
The eastern 25 % of the columns is held out as TEST area; a stripe just west of it is used for
checkpoint selection; random crops are drawn from the remaining western part only.

The script exports ``models/lithology_terrain_hungary.onnx`` (softmax inside the graph), then runs
``evaluate_lithology_cnn.py`` on the exported file, which writes the metrics JSON and stores the
held-out metrics in the ONNX metadata.

Usage (from the repository root)::

    .venv/bin/python training/train_lithology_cnn.py
"""

from __future__ import annotations

import argparse
import copy
import time
from pathlib import Path

import numpy as np
from export_common import export_onnx as export_onnx_file
from export_common import require_torch, seed_everything, write_json
from lithology_common import (
    BAND_NAMES,
    DEFAULT_DATA_DIR,
    DEFAULT_OUT_DIR,
    MODEL_BASENAME,
    N_CLASSES,
    Dataset,
    band_stats,
    confusion,
    load_dataset,
    metrics_from_confusion,
    scale_inputs,
)

torch = require_torch()  # a clear message and exit status 1 without PyTorch (the classes below need it)
nn = torch.nn
fuse_conv_bn_eval = torch.nn.utils.fusion.fuse_conv_bn_eval

CLASS_COLORS: list[str] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#f7b6d2", "#98df8a", "#ffdd00",
]  # fmt: skip


class LithoNet(nn.Module):
    """Conv3x3(+BN+ReLU) stack with growing dilation, then a 1x1 classifier; returns logits."""

    def __init__(self, in_ch: int = 2, ch: int = 32, dilations: tuple[int, ...] = (1, 2, 4, 8, 1)) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        c_in = in_ch
        for d in dilations:
            layers += [
                nn.Conv2d(c_in, ch, 3, padding=d, dilation=d, bias=False),
                nn.BatchNorm2d(ch),
                nn.ReLU(inplace=True),
            ]
            c_in = ch
        self.features = nn.Sequential(*layers)
        self.head = nn.Conv2d(ch, N_CLASSES, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Per-pixel class logits, same H x W as the input."""
        return self.head(self.features(x))


class ExportNet(nn.Module):
    """Inference graph: BatchNorm folded into the convolutions, softmax over the class axis."""

    def __init__(self, net: LithoNet) -> None:
        super().__init__()
        net = copy.deepcopy(net).eval()
        mods = list(net.features)
        fused: list[nn.Module] = []
        for i in range(0, len(mods), 3):
            fused += [fuse_conv_bn_eval(mods[i], mods[i + 1]), nn.ReLU()]
        self.features = nn.Sequential(*fused)
        self.head = net.head

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Per-pixel class probabilities (N, 14, H, W)."""
        return torch.softmax(self.head(self.features(x)), dim=1)


def class_weights(y: np.ndarray, power: float, max_ratio: float) -> np.ndarray:
    """Inverse-frequency^power loss weights over classes 1..14, mean 1 over present classes, capped."""
    counts = np.bincount(y[y > 0], minlength=N_CLASSES + 1)[1:].astype(np.float64)
    w = np.zeros(N_CLASSES)
    present = counts > 0
    w[present] = (counts[present] / counts[present].sum()) ** (-power)
    w[present] = np.minimum(w[present], w[present].min() * max_ratio)
    w[present] /= w[present].mean()
    return w.astype(np.float32)


class CropSampler:
    """Random crops from the fitting area; half of them centred on a pixel of a uniformly drawn class."""

    def __init__(self, xs: np.ndarray, y: np.ndarray, crop: int, rng: np.random.Generator, class_frac: float) -> None:
        self.xs, self.y, self.crop, self.rng, self.class_frac = xs, y, crop, rng, class_frac
        h, w = y.shape
        self.h, self.w = h, w
        flat = y.ravel()
        self.pix = {c: np.flatnonzero(flat == c) for c in range(1, N_CLASSES + 1) if (flat == c).any()}
        self.classes = sorted(self.pix)

    def one(self) -> tuple[np.ndarray, np.ndarray]:
        """One augmented (x, y) crop with at least 10 % labelled pixels."""
        c = self.crop
        while True:
            if self.rng.random() < self.class_frac:
                cls = self.classes[self.rng.integers(len(self.classes))]
                p = self.pix[cls][self.rng.integers(len(self.pix[cls]))]
                r, q = divmod(int(p), self.w)
                r0 = int(np.clip(r - self.rng.integers(c), 0, self.h - c))
                c0 = int(np.clip(q - self.rng.integers(c), 0, self.w - c))
            else:
                r0 = int(self.rng.integers(self.h - c + 1))
                c0 = int(self.rng.integers(self.w - c + 1))
            yy = self.y[r0 : r0 + c, c0 : c0 + c]
            if (yy > 0).mean() >= 0.1:
                break
        xx = self.xs[:, r0 : r0 + c, c0 : c0 + c]
        k = int(self.rng.integers(4))  # terrain scalars are rotation/flip invariant
        xx, yy = np.rot90(xx, k, axes=(1, 2)), np.rot90(yy, k)
        if self.rng.random() < 0.5:
            xx, yy = xx[:, :, ::-1], yy[:, ::-1]
        return np.ascontiguousarray(xx), np.ascontiguousarray(yy)

    def batch(self, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Stack n crops; targets are 0-based classes with -1 = ignore."""
        xs, ys = zip(*(self.one() for _ in range(n)))
        x = torch.from_numpy(np.stack(xs))
        y = torch.from_numpy(np.stack(ys).astype(np.int64) - 1)
        return x, y


@torch.no_grad()
def validate(net: LithoNet, xs: np.ndarray, y: np.ndarray, val_cols: slice) -> dict[str, object]:
    """Score the validation stripe, predicting on the non-test part of the raster only."""
    net.eval()
    end = val_cols.stop
    logits = net(torch.from_numpy(xs[None, :, :, :end]))[0]
    pred = logits.argmax(0).numpy() + 1
    yv, pv = y[:, val_cols], pred[:, val_cols]
    m = yv > 0
    net.train()
    return metrics_from_confusion(confusion(yv[m], pv[m]))


def export_onnx(net: LithoNet, path: Path, contract: dict) -> None:
    """Export with the TorchScript exporter (opset 17, dynamic N/H/W), cap ir_version at 10, write the contract."""
    model = ExportNet(net).eval()
    axes = {0: "N", 2: "H", 3: "W"}
    example = torch.zeros(1, 2, 64, 80)
    export_onnx_file(model, path, example, "input", "probabilities", axes, contract=contract, quiet=DeprecationWarning)


def build_contract(offsets: list[float], scales: list[float], ds: Dataset, args: argparse.Namespace) -> dict:
    """The model contract (plain values; write_contract JSON-encodes and validates them)."""
    sp = ds.split
    training_data = (
        "hungary_landslides (Gerecse hills, Hungary; github.com/gerzsd/frmod, MIT, (c) 2024 David Gerzsenyi): "
        "SRTM DEM + slope at 31 m, EPSG:23700, 1064x475 px; labels = 14 unnamed geology units of the Hungarian "
        f"1:100k geological map. Spatial split by columns (0-based, half-open): fit [0, {sp.val_start}), "
        f"validation [{sp.val_start}, {sp.test_start}), held-out test (eastern 25%) [{sp.test_start}, {sp.width}); "
        f"{args.crop}x{args.crop} random crops (rotations/flips) from the fit area only."
    )
    return {
        "model_type": "Segmentor",
        "lithoscope_task": "segmentation",
        "output_kind": "classes",
        "output_activation": "none",
        "class_names": {str(i): f"Geology unit {i + 1}" for i in range(N_CLASSES)},
        "class_colors": CLASS_COLORS,
        "band_names": list(BAND_NAMES),
        # slope_31m.tif is the Zevenbergen & Thorne slope of the DEM (as Lithoscope's terrain slope, to 1e-6 degrees):
        # the engine computes it per window when a user gives the DEM alone.
        "band_derived": {"slope_deg": {"terrain": "slope", "of": "elevation_m"}},
        "band_offset": [round(v, 4) for v in offsets],
        "band_scale": [round(v, 4) for v in scales],
        "nodata_fill": 0.0,
        "tile_size": 256,
        "tile_overlap_px": 32,
        "resolution_m": 31.0,
        "model_version": "1.0.0",
        "licence": "GPL-2.0-or-later (model); training data MIT (frmod, (c) 2024 David Gerzsenyi)",
        "training_data": training_data,
        "metrics": {},
        "description": (
            "Small dilated fully-convolutional CNN predicting 14 unnamed geology units of the Gerecse hills "
            "(Hungary) from 31 m SRTM elevation and slope; weak, terrain-only predictor."
        ),
    }


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder holding hungary_landslides/")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="output folder for .onnx and metrics")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--steps-per-epoch", type=int, default=40)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--crop", type=int, default=64)
    p.add_argument("--channels", type=int, default=32)
    p.add_argument("--dilations", type=str, default="1,2,4,8,1")
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--class-weight-power", type=float, default=0.15, help="loss weight ~ freq^-power (0 = none)")
    p.add_argument("--class-weight-max-ratio", type=float, default=20.0)
    p.add_argument("--class-crop-frac", type=float, default=0.0, help="share of crops centred on a random class")
    p.add_argument("--ema-decay", type=float, default=0.99, help="EMA of weights used for validation/export (0 = off)")
    p.add_argument("--select", choices=["kappa", "balanced", "sum"], default="kappa", help="checkpoint criterion")
    p.add_argument("--seed", type=int, default=20240)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-minutes", type=float, default=10.0, help="stop training after this wall time")
    p.add_argument("--no-eval", action="store_true", help="skip the held-out ONNX evaluation")
    return p.parse_args()


def main() -> None:
    """Train, select the best checkpoint on the validation stripe, export to ONNX, evaluate."""
    args = parse_args()
    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    rng = np.random.default_rng(args.seed)
    t0 = time.time()

    ds = load_dataset(args.data_dir)
    offsets, scales = band_stats(ds)
    xs = scale_inputs(ds.x, offsets, scales)
    sp = ds.split
    fit_y = ds.y[:, : sp.val_start]
    sampler = CropSampler(xs[:, :, : sp.val_start], fit_y, args.crop, rng, args.class_crop_frac)
    weights = class_weights(fit_y, args.class_weight_power, args.class_weight_max_ratio)
    print(f"split {sp.as_dict()}  offsets {offsets}  scales {scales}")
    print("class weights", np.round(weights, 2).tolist())

    dil = tuple(int(d) for d in args.dilations.split(","))
    net = LithoNet(ch=args.channels, dilations=dil)
    n_params = sum(p.numel() for p in net.parameters())
    print(f"parameters: {n_params}")
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    total_steps = args.epochs * args.steps_per_epoch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=total_steps, pct_start=0.15)
    loss_fn = nn.CrossEntropyLoss(weight=torch.from_numpy(weights), ignore_index=-1)
    # Exponential moving average of weights and BN buffers: smooths the noisy epoch-to-epoch validation scores.
    ema = torch.optim.swa_utils.AveragedModel(
        net, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(args.ema_decay), use_buffers=True
    )
    val_cols = slice(sp.val_start, sp.test_start)

    best_score, best_state, best_epoch, history = -1e9, None, -1, []
    for epoch in range(args.epochs):
        run_loss = 0.0
        for _ in range(args.steps_per_epoch):
            x, y = sampler.batch(args.batch_size)
            loss = loss_fn(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            ema.update_parameters(net)
            run_loss += loss.item()
        eval_net: LithoNet = ema.module if args.ema_decay > 0 else net
        vm = validate(eval_net, xs, ds.y, val_cols)
        score = {
            "kappa": vm["cohen_kappa"],
            "balanced": vm["balanced_accuracy"],
            "sum": vm["cohen_kappa"] + vm["balanced_accuracy"],
        }[args.select]
        history.append(
            {
                "epoch": epoch + 1,
                "loss": run_loss / args.steps_per_epoch,
                **{k: vm[k] for k in ("overall_accuracy", "balanced_accuracy", "macro_f1", "cohen_kappa")},
            }
        )
        print(
            f"epoch {epoch + 1:3d} loss {run_loss / args.steps_per_epoch:.3f} val OA {vm['overall_accuracy']:.3f} "
            f"BA {vm['balanced_accuracy']:.3f} F1 {vm['macro_f1']:.3f} kappa {vm['cohen_kappa']:.3f} "
            f"[{time.time() - t0:.0f}s]",
            flush=True,
        )
        if score > best_score:
            best_score, best_state, best_epoch = score, copy.deepcopy(eval_net.state_dict()), epoch + 1
        if time.time() - t0 > args.max_minutes * 60:
            print("time limit reached, stopping")
            break
    train_s = time.time() - t0
    print(f"training took {train_s:.0f} s; best epoch {best_epoch} (val {args.select} {best_score:.3f})")
    assert best_state is not None
    net.load_state_dict(best_state)

    onnx_path = args.out / f"{MODEL_BASENAME}.onnx"
    export_onnx(net, onnx_path, build_contract(offsets, scales, ds, args))
    log = {
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "parameters": n_params,
        "class_weights": weights.tolist(),
        "best_epoch": best_epoch,
        "training_seconds": round(train_s, 1),
        "history": history,
    }
    write_json(args.out / f"{MODEL_BASENAME}.train_log.json", log)
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size / 1024:.0f} KiB)")

    if not args.no_eval:
        from evaluate_lithology_cnn import evaluate

        evaluate(
            onnx_path,
            args.data_dir,
            args.out,
            train_info={"training_seconds": round(train_s, 1), "parameters": n_params, "best_epoch": best_epoch},
        )


if __name__ == "__main__":
    main()
