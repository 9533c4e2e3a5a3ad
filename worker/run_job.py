# SPDX-License-Identifier: GPL-2.0-or-later
"""The training worker: run by the training environment's Python (a venv with PyTorch), never imported by the plugin.

    <training venv>/bin/python run_job.py < job.json

This is the only file of the plugin that imports torch. It reads one job (JSON) on stdin and prints one JSON
event per line on stdout (inference/training/runner.py reads them): "device", "epoch", "log", then "done" or
"error". The model is written to `<output>.part` and renamed to `output` only when complete, so a cancelled or
crashed run leaves no model file behind.

Job kinds:
  mlp_demo  {"kind": "mlp_demo", "data": "train.npz" (X: (N, F) float, y: (N,) int labels), "output": "m.onnx",
             "epochs": 20, "hidden": 16, "lr": 0.05, "val_fraction": 0.25, "seed": 0}
            a small MLP classifier; the ONNX takes "features" (N, F) float32 and gives "probabilities" (N, classes)
  segmentation / sequence
            the deep jobs of learning/ (maps from labels; sequences and well logs): see `train_deep`. The data folder
            holds x.npy (raw values, read memory-mapped: segmentation (N, C, T, T), sequences (N, L, F)), y.npy
            (segmentation (N, T, T) int with -1 unlabelled; classifier (N,) int; forecaster (N, H) float) and
            idx_train.npy, idx_val.npy, idx_test.npy. The worker writes test_pred.npy (held-out predictions: classes
            per pixel, probabilities per sample, or forecasts), check_in.npy / check_out.npy (a few scaled inputs
            and the exported network's torch outputs, so the caller can check its ONNX run against torch) and the
            ONNX model (input already scaled: the contract's band_offset / band_scale do that at run time).
  autoencoder
            learning/encode.py's per-pixel autoencoder (see `train_autoencoder`): x.npy (N, F) raw band values, the
            idx files; writes test_recon.npy, check_in / check_latent / check_recon.npy and the ONNX model
  voidfill  DEM void filling (learning/voids.py): a conditional generator (U-Net over a coarse-to-fine first guess)
            trained on tiles with synthetic voids, optionally against a patch discriminator: see `train_voidfill`
  crash     exits at once with status 3 after a line on stderr, or with "signal": "KILL" is killed by SIGKILL as the
            kernel's out-of-memory killer would (tests of the caller's error handling)
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

_PARTIAL = []  # the temporary model file being written, removed on SIGTERM


def emit(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def _on_term(signum, _frame) -> None:
    for path in _PARTIAL:
        try:
            os.remove(path)
        except OSError:
            pass
    os._exit(128 + signum)


def mlp_demo(job: dict) -> str:
    import numpy as np
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    emit("device", name=device, torch=torch.__version__)
    path, output = job["data"], job["output"]
    try:
        with np.load(path) as data:
            x, y = np.asarray(data["X"], dtype=np.float32), np.asarray(data["y"]).astype(np.int64)
    except Exception as exc:  # noqa: BLE001 (numpy raises many kinds for a bad file)
        raise ValueError(f"cannot read the training data {path}: {type(exc).__name__}: {exc}") from exc
    if x.ndim != 2 or y.shape != (x.shape[0],) or len(y) < 4:
        raise ValueError(f"{path}: X must be (N, F) and y (N,) with N >= 4; got X {x.shape}, y {y.shape}")
    epochs = int(job.get("epochs", 20))
    classes = int(y.max()) + 1
    torch.manual_seed(int(job.get("seed", 0)))
    rng = np.random.default_rng(int(job.get("seed", 0)))
    order = rng.permutation(len(y))
    n_val = max(1, int(len(y) * float(job.get("val_fraction", 0.25))))
    val_idx, train_idx = order[:n_val], order[n_val:]
    mean, std = x[train_idx].mean(0), x[train_idx].std(0) + 1e-6

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("mean", torch.from_numpy(mean))
            self.register_buffer("std", torch.from_numpy(std))
            hidden = int(job.get("hidden", 16))
            self.body = torch.nn.Sequential(
                torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, classes)
            )

        def forward(self, features):
            return self.body((features - self.mean) / self.std)

    net = Net().to(device)
    xt, yt = torch.from_numpy(x).to(device), torch.from_numpy(y).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=float(job.get("lr", 0.05)))
    loss_fn = torch.nn.CrossEntropyLoss()
    for epoch in range(1, epochs + 1):
        net.train()
        opt.zero_grad()
        loss = loss_fn(net(xt[train_idx]), yt[train_idx])
        loss.backward()
        opt.step()
        net.eval()
        with torch.no_grad():
            val = (net(xt[val_idx]).argmax(1) == yt[val_idx]).float().mean().item()
        emit("epoch", epoch=epoch, epochs=epochs, loss=float(loss.item()), val=val)

    class Probabilities(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, features):
            return torch.softmax(self.inner(features), dim=1)

    partial = output + ".part"
    _PARTIAL.append(partial)
    model = Probabilities(net.cpu().eval())
    torch.onnx.export(
        model, (torch.zeros(1, x.shape[1]),), partial, dynamo=False, input_names=["features"],
        output_names=["probabilities"], dynamic_axes={"features": {0: "n"}, "probabilities": {0: "n"}},
    )  # fmt: skip
    os.replace(partial, output)
    _PARTIAL.remove(partial)
    return output


def export_onnx(torch, model, example: tuple, output: str, inputs: list, outputs: list, axes: dict) -> str:
    """Export `model` (TorchScript exporter, opset 17) to `<output>.part`, cap the IR version (older onnxruntime
    builds still load it), clear the exporter's metadata, and rename it to `output` only when complete."""
    import warnings

    import onnx

    partial = output + ".part"
    _PARTIAL.append(partial)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, example, partial, dynamo=False, opset_version=17, do_constant_folding=True, input_names=inputs,
            output_names=outputs, dynamic_axes=axes,
        )  # fmt: skip
    proto = onnx.load(partial)
    proto.ir_version = min(proto.ir_version, 10)
    del proto.metadata_props[:]
    onnx.save(proto, partial)
    os.replace(partial, output)
    _PARTIAL.remove(partial)
    return output


# -- the deep jobs (learning/ prepares the data, reads the results and writes the contract, card and report) --


def _nets(torch):
    nn = torch.nn

    def block(cin: int, cout: int):
        return nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        )  # fmt: skip

    class UNet(nn.Module):
        """A small U-Net (two poolings): tiles whose sides are multiples of 4."""

        def __init__(self, channels: int, classes: int, width: int) -> None:
            super().__init__()
            w = width
            self.enc1, self.enc2, self.mid = block(channels, w), block(w, 2 * w), block(2 * w, 4 * w)
            self.up2, self.dec2 = nn.ConvTranspose2d(4 * w, 2 * w, 2, stride=2), block(4 * w, 2 * w)
            self.up1, self.dec1 = nn.ConvTranspose2d(2 * w, w, 2, stride=2), block(2 * w, w)
            self.head = nn.Conv2d(w, classes, 1)
            self.pool = nn.MaxPool2d(2)

        def forward(self, x):
            e1 = self.enc1(x)
            e2 = self.enc2(self.pool(e1))
            m = self.mid(self.pool(e2))
            d2 = self.dec2(torch.cat([self.up2(m), e2], 1))
            d1 = self.dec1(torch.cat([self.up1(d2), e1], 1))
            return self.head(d1)

    class Recurrent(nn.Module):
        """GRU or LSTM over (N, L, F): the last step's state (with the first and the centre step's when bidirectional)
        -> a small head -> outputs."""

        def __init__(self, features: int, outputs: int, hidden: int, cell: str, bidirectional: bool, dropout: float):
            super().__init__()
            kind = nn.GRU if cell == "gru" else nn.LSTM
            self.rnn = kind(features, hidden, batch_first=True, bidirectional=bidirectional)
            self.bidirectional = bidirectional
            width = hidden * (4 if bidirectional else 1)
            self.head = nn.Sequential(
                nn.Dropout(dropout), nn.Linear(width, hidden), nn.ReLU(), nn.Linear(hidden, outputs)
            )

        def forward(self, x):
            out, _ = self.rnn(x)
            h = self.rnn.hidden_size
            last = out[:, -1, :h]
            if self.bidirectional:  # both ends, and the centre step (a depth window's own sample) in both directions
                last = torch.cat([last, out[:, 0, h:], out[:, x.shape[1] // 2, :]], 1)
            return self.head(last)

    class Conv1d(nn.Module):
        """Two 1-D convolutions over the steps; their mean, last and centre step -> outputs."""

        def __init__(self, features: int, outputs: int, hidden: int, dropout: float) -> None:
            super().__init__()
            self.drop = nn.Dropout(dropout)
            self.body = nn.Sequential(
                nn.Conv1d(features, hidden, 3, padding=1), nn.ReLU(),
                nn.Conv1d(hidden, hidden, 3, padding=1), nn.ReLU(),
            )  # fmt: skip
            self.head = nn.Linear(3 * hidden, outputs)

        def forward(self, x):
            z = self.body(x.transpose(1, 2))
            return self.head(self.drop(torch.cat([z.mean(2), z[:, :, -1], z[:, :, x.shape[1] // 2]], 1)))

    return UNet, Recurrent, Conv1d


class NonFiniteLoss(ValueError):
    """The loss became NaN or infinite (reported as the event error with code "nonfinite_loss")."""


def _batches(index, size: int, rng):
    order = rng.permutation(index)
    for start in range(0, len(order), size):
        yield order[start : start + size]


def _start(job: dict, torch) -> tuple[str, dict]:
    """What every training job does first: its thread count, the device (said in the log) and the split
    (idx_train / idx_val / idx_test.npy of the job folder)."""
    import numpy as np

    threads = int(job.get("threads", 0))
    if threads > 0:
        torch.set_num_threads(threads)
    device = "cuda" if torch.cuda.is_available() and job.get("device", "auto") != "cpu" else "cpu"
    emit("device", name=device, torch=torch.__version__)
    idx = {k: np.load(os.path.join(job["data"], f"idx_{k}.npy")).astype(np.int64) for k in ("train", "val", "test")}
    return device, idx


def train_deep(job: dict) -> dict:
    """Train on idx_train with early stopping on idx_val, predict idx_test, optionally refit on every sample for
    the best epoch count, export ONNX. See the module docstring for the files."""
    import numpy as np
    import torch

    device, idx = _start(job, torch)
    folder, output = job["data"], job["output"]
    x = np.load(os.path.join(folder, job.get("x_file", "x.npy")), mmap_mode="r")  # batch by batch, never all in memory
    y = np.load(os.path.join(folder, "y.npy"), mmap_mode="r")
    kind, forecast = job["kind"], job.get("task") == "forecast"
    seed = int(job.get("seed", 0))
    torch.manual_seed(seed)
    np.random.seed(seed)
    spatial = kind == "segmentation"
    shape = (1, -1, 1, 1) if spatial else (1, 1, -1)
    offset = torch.tensor(np.asarray(job["offset"], dtype=np.float32)).reshape(shape)
    scale = torch.tensor(np.asarray(job["scale"], dtype=np.float32)).reshape(shape)
    outputs = int(job["horizons"] if forecast else job["classes"])
    weights = job.get("class_weights")
    if forecast:
        loss_fn = torch.nn.L1Loss() if job.get("forecast_loss", "mse") == "l1" else torch.nn.MSELoss()
    else:
        w = torch.tensor(weights, dtype=torch.float32).to(device) if weights else None
        loss_fn = torch.nn.CrossEntropyLoss(
            weight=w, ignore_index=-1, label_smoothing=float(job.get("label_smoothing", 0.0))
        )
    y_scale = torch.tensor(np.asarray(job.get("target_scale", 1.0), dtype=np.float32)).reshape(1, -1)
    y_offset = torch.tensor(np.asarray(job.get("target_offset", 0.0), dtype=np.float32)).reshape(1, -1)
    relative = forecast and bool(job.get("relative", False))
    if relative:  # the last step's raw value of each output's feature is its base; the network sees changes
        target_features = [int(f) for f in job["target_features"]]
        change = torch.tensor(np.asarray(job["change_scale"], dtype=np.float32)).reshape(1, 1, -1)
        t_offset, t_scale = offset.reshape(-1)[target_features], scale.reshape(-1)[target_features]

    def base(features):
        """What a forecast adds to the network's scaled output: the mean of the targets, or (relative) each
        output's feature at the window's last step, in raw units."""
        if relative:
            return features[:, -1, target_features] * t_scale + t_offset
        return y_offset

    class Relative(torch.nn.Module):
        """The network reads asinh(change since the window's last step / its spread): the level of a series does not
        matter and a step (an earthquake, a jump) cannot saturate it."""

        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner
            self.register_buffer("factor", scale / change)  # a buffer: moves to the training device with the net

        def forward(self, features):
            z = (features - features[:, -1:, :]) * self.factor
            return self.inner(torch.sign(z) * torch.log1p(z.abs() + z * z / (1 + torch.sqrt(1 + z * z))))  # asinh

    clip = float(job.get("clip", 0.0))

    class Clipped(torch.nn.Module):
        """Scaled inputs clamped to +-clip before the network (in training and in the exported graph): a value
        far outside the training data (an undeclared nodata, a spike) cannot swamp the output."""

        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, features):
            return self.inner(torch.clamp(features, -clip, clip))

    bands = job.get("input_bands")  # the channels the network reads (others only feed bands the model derives)
    positive = job.get("probability_of")  # a class index: the exported model gives that class's probability only

    class Select(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, features):
            return self.inner(features[:, bands])

    def make():
        net = make_net()
        if bands is not None:
            net = Select(net)
        if relative:
            return Relative(net)
        return Clipped(net) if clip > 0 else net

    def make_net():
        UNet, Recurrent, Conv1d = _nets(torch)
        arch, hidden = job.get("arch", "gru"), int(job.get("hidden", 32))
        if spatial:
            return UNet(len(bands) if bands is not None else x.shape[1], outputs, int(job.get("width", 16)))
        dropout = float(job.get("dropout", 0.1))
        if arch == "cnn1d":
            return Conv1d(x.shape[2], outputs, hidden, dropout)
        return Recurrent(x.shape[2], outputs, hidden, arch, not forecast, dropout)

    def feed(rows, augment: bool, rng, on: str | None = None):
        rows = np.sort(rows)  # memory-mapped rows read in file order
        xb = (torch.from_numpy(np.asarray(x[rows], dtype=np.float32)) - offset) / scale
        xb = torch.nan_to_num(xb, nan=0.0, posinf=0.0, neginf=0.0)  # nodata is fed as 0 (nodata_fill)
        yb = torch.from_numpy(np.asarray(y[rows]))
        yb = ((yb.float() - base(xb)) / y_scale) if forecast else yb.long()  # relative: from the true last value
        noise = float(job.get("noise", 0.0))
        if augment and not spatial and noise > 0:  # jitter of each series, in scaled units (sensor noise)
            gen = torch.Generator().manual_seed(int(rng.integers(2**31)))
            jitter = noise * torch.randn(xb.shape, generator=gen)
            xb = xb + (jitter * change / scale if relative else jitter)  # relative: in units of the changes' spread
        if augment and spatial:
            k, flip = int(rng.integers(4)), bool(rng.integers(2))
            xb, yb = torch.rot90(xb, k, (2, 3)), torch.rot90(yb, k, (1, 2))
            if flip:
                xb, yb = torch.flip(xb, (3,)), torch.flip(yb, (2,))
        return xb.contiguous().to(on or device), yb.contiguous().to(on or device)

    def predict(net, rows):
        net.eval()
        parts = []
        with torch.no_grad():
            for start in range(0, len(rows), 64):
                xb, _ = feed(rows[start : start + 64], False, None)
                out, xb = net(xb).cpu(), xb.cpu()  # decoded on the CPU, where the constants are
                parts.append((out * y_scale + base(xb)) if forecast else torch.softmax(out, 1))
        return torch.cat(parts).cpu().numpy() if parts else np.zeros((0,))

    def score(net, rows) -> float:
        """Validation score: macro F1 over labelled samples (pixels), or minus the RMSE of forecasts."""
        if len(rows) == 0:
            return float("nan")
        out = predict(net, np.sort(rows))
        truth = np.asarray(y[np.sort(rows)])
        if forecast:
            return -float(np.sqrt(np.nanmean((out - truth) ** 2)))
        pred = out.argmax(1)
        keep = truth >= 0
        t, p = truth[keep].ravel(), pred[keep].ravel()
        f1 = []
        for c in np.unique(t):
            tp = np.sum((t == c) & (p == c))
            f1.append(2 * tp / max(1, np.sum(t == c) + np.sum(p == c)))
        return float(np.mean(f1)) if f1 else float("nan")

    def val_loss(net, rows) -> float:
        """The training loss (class-weighted) over the validation samples: smoother than a score on few groups."""
        net.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for start in range(0, len(rows), 64):
                xb, yb = feed(np.sort(rows)[start : start + 64], False, None)
                n = int((yb >= 0).sum()) if not forecast else yb.numel()
                if n:
                    total += float(loss_fn(net(xb), yb)) * n
                    count += n
        return total / count if count else float("nan")

    def fit(rows, val_rows, epochs: int, budget_s: float, phase: str, step0: int, total: int, lrs=None):
        """Train on `rows`; with `val_rows`, keep the epoch of the lowest validation loss (or best score, job key
        "select"), halve the learning rate when it stops improving, stop after `patience` epochs without; without
        them (the final fit), run `epochs` epochs following the learning rates `lrs` of the validation run."""
        net = make().to(device)
        decay = float(job.get("weight_decay", 1e-4))
        opt = torch.optim.AdamW(net.parameters(), lr=float(job.get("lr", 2e-3)), weight_decay=decay)
        plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(
            opt, mode="max", factor=0.5, patience=max(2, int(job.get("patience", 8)) // 3)
        )
        by_loss = job.get("select", "loss") == "loss"
        rng = np.random.default_rng(seed)
        best, best_state, best_epoch, waited, history = -np.inf, None, 0, 0, []
        patience, started, seen = int(job.get("patience", 8)), time.monotonic(), 0
        batch = int(job.get("batch", 32))
        for epoch in range(1, epochs + 1):
            if lrs:
                for group in opt.param_groups:
                    group["lr"] = lrs[min(epoch, len(lrs)) - 1]
            lr_now = opt.param_groups[0]["lr"]
            net.train()
            losses = []
            for rows_b in _batches(rows, batch, rng):
                if len(rows_b) < 2 and not spatial:
                    continue
                xb, yb = feed(rows_b, bool(job.get("augment", True)), rng)
                opt.zero_grad()
                loss = loss_fn(net(xb), yb)
                if not torch.isfinite(loss):
                    raise NonFiniteLoss(f"the training loss became {float(loss.item())} at epoch {epoch}")
                loss.backward()
                opt.step()
                losses.append(float(loss.item()))
                seen += len(rows_b)
            val = score(net, val_rows) if len(val_rows) else float("nan")
            vloss = val_loss(net, val_rows) if len(val_rows) else float("nan")
            mean_loss = float(np.mean(losses)) if losses else float("nan")
            history.append({"epoch": epoch, "loss": mean_loss, "val": val, "val_loss": vloss, "lr": lr_now})
            emit("epoch", epoch=step0 + epoch, epochs=total, loss=mean_loss, val=val, phase=phase)
            chosen = -vloss if by_loss else val
            if len(val_rows):
                plateau.step(chosen)
            if not len(val_rows) or chosen > best:
                best, best_epoch, waited = chosen, epoch, 0
                best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            else:
                waited += 1
            elapsed = time.monotonic() - started
            if waited >= patience:
                emit("early_stop", phase=phase, epoch=epoch, best=best_epoch)
                break
            if elapsed > budget_s:
                emit("time_budget", phase=phase, epoch=epoch, seconds=elapsed)
                break
        if best_state is None:  # the validation samples gave no finite loss (no labelled pixel in them)
            raise ValueError(
                "the validation samples have no labelled value, so training cannot tell when to stop; label more "
                "of the area, or hold out other groups"
            )
        net.load_state_dict(best_state)
        rate = seen / max(1e-9, time.monotonic() - started)
        return net.eval(), best_epoch, history, rate

    epochs = int(job.get("epochs", 50))
    budget = float(job.get("minutes", 10.0)) * 60.0
    refit = bool(job.get("refit", True))
    total = epochs * (2 if refit else 1)
    started = time.monotonic()
    net, best_epoch, history, rate = fit(
        idx["train"], idx["val"], epochs, budget * (0.6 if refit else 1.0), "validation", 0, total
    )
    pred = predict(net, idx["test"]) if len(idx["test"]) else np.zeros((0,))
    if len(idx["test"]) and positive is not None:  # the held-out probability of that class, for an AUC
        np.save(os.path.join(folder, "test_prob.npy"), pred[:, int(positive)].astype(np.float32))
    if len(idx["test"]) and not forecast:
        pred = pred.argmax(1).astype(np.int16) if spatial else pred.astype(np.float32)
    np.save(os.path.join(folder, "test_pred.npy"), pred)
    refit_history: list = []
    if refit:
        every = np.concatenate([idx["train"], idx["val"], idx["test"]])
        # The final fit runs the best epoch count: the rest of the budget, or as long as those epochs take at the
        # measured rate (more samples than the validation run), so it is not cut short of the epochs it is meant for.
        needed = 1.25 * best_epoch * len(every) / max(rate, 1e-9)
        rest = budget - (time.monotonic() - started)
        none = np.zeros(0, np.int64)
        lrs = [h["lr"] for h in history[:best_epoch]]
        net, _, refit_history, _ = fit(every, none, best_epoch, max(rest, needed), "final", epochs, total, lrs)
        emit("final_fit", samples=len(every), epochs=best_epoch)
    net = net.cpu().eval()

    class Exported(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, features):
            out = self.inner(features)
            if forecast:
                return out * y_scale + base(features)
            out = torch.softmax(out, 1)
            return out if positive is None else out[:, int(positive) : int(positive) + 1]

    model = Exported(net).eval()
    check_rows = np.sort(np.concatenate([idx["test"], idx["val"], idx["train"]])[:8])
    check_in, _ = feed(check_rows, False, None, on="cpu")
    with torch.no_grad():
        check_out = model(check_in).numpy()
    np.save(os.path.join(folder, "check_in.npy"), check_in.numpy())
    np.save(os.path.join(folder, "check_out.npy"), check_out)
    axes = {0: "N", 2: "H", 3: "W"} if spatial else {0: "N"}
    out_axes = {0: "N", 2: "H", 3: "W"} if spatial else {0: "N"}
    name = "values" if forecast else "probabilities"
    export_onnx(torch, model, (check_in[:1],), output, ["features"], [name], {"features": axes, name: out_axes})
    return {
        "model": output,
        "device": device,
        "best_epoch": best_epoch,
        "history": history,
        "refit_history": refit_history,
        "samples_per_s": rate,
    }


# -- the autoencoder job (learning/encode.py prepares the pixels, reads the results, writes contract, card, report) --


def train_autoencoder(job: dict) -> dict:
    """A per-pixel MLP autoencoder: bands (scaled with the job's offset/scale, clamped to +-clip) -> `latent` units
    (tanh) -> bands. Early stopping on idx_val's reconstruction loss, optionally a refit on every sample for the best
    epoch count. Writes test_recon.npy (the held-out pixels' reconstruction, scaled units), check_in.npy,
    check_latent.npy, check_recon.npy and the ONNX model: input "features" (N, F) already scaled, outputs "latent"
    (N, k) and "reconstruction" (N, F) as the engine's autoencoder kind reads them."""
    import numpy as np
    import torch

    nn = torch.nn
    device, idx = _start(job, torch)
    folder, output = job["data"], job["output"]
    x = np.load(os.path.join(folder, "x.npy"), mmap_mode="r")
    seed = int(job.get("seed", 0))
    features, latent, hidden = x.shape[1], int(job["latent"]), int(job.get("hidden", 32))
    offset = torch.tensor(np.asarray(job["offset"], dtype=np.float32)).reshape(1, -1)
    scale = torch.tensor(np.asarray(job["scale"], dtype=np.float32)).reshape(1, -1)
    clip = float(job.get("clip", 6.0)) or 1e6

    class Autoencoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, latent), nn.Tanh()
            )  # fmt: skip
            self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, features))

        def forward(self, scaled):
            code = self.encoder(torch.clamp(scaled, -clip, clip))
            return code, self.decoder(code)

    def feed(rows):
        xb = (torch.from_numpy(np.asarray(x[np.sort(rows)], dtype=np.float32)) - offset) / scale
        return torch.nan_to_num(xb, nan=0.0, posinf=0.0, neginf=0.0)

    def loss_of(net, rows) -> float:
        net.eval()
        total = 0.0
        with torch.no_grad():
            for start in range(0, len(rows), 8192):
                xb = feed(rows[start : start + 8192]).to(device)
                total += float(((net(xb)[1] - xb) ** 2).mean(1).sum())
        return total / max(1, len(rows))

    def fit(rows, val_rows, epochs: int, budget_s: float, phase: str, step0: int, total: int):
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        net = Autoencoder().to(device)
        opt = torch.optim.AdamW(net.parameters(), lr=float(job.get("lr", 2e-3)), weight_decay=1e-5)
        best, best_state, best_epoch, waited, history = np.inf, None, 0, 0, []
        patience, started, seen, batch = int(job.get("patience", 8)), time.monotonic(), 0, int(job.get("batch", 256))
        for epoch in range(1, epochs + 1):
            net.train()
            losses = []
            for rows_b in _batches(rows, batch, rng):
                xb = feed(rows_b).to(device)
                opt.zero_grad()
                loss = ((net(xb)[1] - xb) ** 2).mean()
                if not torch.isfinite(loss):
                    raise NonFiniteLoss(f"the training loss became {float(loss.item())} at epoch {epoch}")
                loss.backward()
                opt.step()
                losses.append(float(loss.item()))
                seen += len(rows_b)
            vloss = loss_of(net, val_rows) if len(val_rows) else float("nan")
            mean_loss = float(np.mean(losses)) if losses else float("nan")
            history.append({"epoch": epoch, "loss": mean_loss, "val_loss": vloss})
            emit("epoch", epoch=step0 + epoch, epochs=total, loss=mean_loss, val=vloss, phase=phase)
            if not len(val_rows) or vloss < best:
                best, best_epoch, waited = vloss, epoch, 0
                best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
            else:
                waited += 1
            if waited >= patience:
                emit("early_stop", phase=phase, epoch=epoch, best=best_epoch)
                break
            if time.monotonic() - started > budget_s:
                emit("time_budget", phase=phase, epoch=epoch, seconds=time.monotonic() - started)
                break
        net.load_state_dict(best_state)
        return net.eval(), best_epoch, history, seen / max(1e-9, time.monotonic() - started)

    epochs, budget = int(job.get("epochs", 40)), float(job.get("minutes", 5.0)) * 60.0
    refit = bool(job.get("refit", False))
    total = epochs * (2 if refit else 1)
    started = time.monotonic()
    net, best_epoch, history, rate = fit(
        idx["train"], idx["val"], epochs, budget * (0.6 if refit else 1.0), "validation", 0, total
    )
    with torch.no_grad():
        recon = [net(feed(idx["test"][s : s + 8192]).to(device))[1].cpu() for s in range(0, len(idx["test"]), 8192)]
    test = torch.cat(recon).numpy() if recon else np.zeros((0, features), np.float32)
    np.save(os.path.join(folder, "test_recon.npy"), test.astype(np.float32))
    refit_history: list = []
    if refit:
        every = np.concatenate([idx["train"], idx["val"], idx["test"]])
        rest = max(budget - (time.monotonic() - started), 1.25 * best_epoch * len(every) / max(rate, 1e-9))
        net, _, refit_history, _ = fit(every, np.zeros(0, np.int64), best_epoch, rest, "final", epochs, total)
        emit("final_fit", samples=len(every), epochs=best_epoch)
    net = net.cpu().eval()
    check_in = feed(np.concatenate([idx["test"], idx["val"], idx["train"]])[:64])
    with torch.no_grad():
        check_latent, check_recon = (t.numpy() for t in net(check_in))
    for name, value in (("check_in", check_in.numpy()), ("check_latent", check_latent), ("check_recon", check_recon)):
        np.save(os.path.join(folder, f"{name}.npy"), value)
    axes = {"features": {0: "N"}, "latent": {0: "N"}, "reconstruction": {0: "N"}}
    export_onnx(torch, net, (check_in[:1],), output, ["features"], ["latent", "reconstruction"], axes)
    return {
        "model": output, "device": device, "best_epoch": best_epoch, "history": history,
        "refit_history": refit_history, "samples_per_s": rate,
    }  # fmt: skip


# -- DEM void filling (learning/voids.py prepares the tiles and void masks, checks the export, writes the contract) --


def _void_filler(torch, width: int, levels: int, min_scale: float, iterations: int = 600, guess: str = "biharmonic"):
    """The void filler's graph: inputs dem (N, 1, H, W; voids any value) and void_mask (1 where void) -> filled.

    Each tile is scaled by the mean and spread of its valid pixels (so one model runs at any elevation), a
    coarse-to-fine fill over a pyramid of `levels` halvings gives a first guess, and a small U-Net adds a correction;
    valid pixels are given back unchanged. H and W must be multiples of 2**levels. The first guess (`guess`):
    "biharmonic" (default) relaxes the biharmonic equation (a thin plate bent through the void's rim: smooth, and its
    slope continues the terrain's at the edge) `iterations` times per level; "membrane" relaxes Laplace's equation (a
    stretched membrane: flat, with a kink at the edge; what version 0.4 shipped)."""
    nn, F = torch.nn, torch.nn.functional
    UNet = _nets(torch)[0]
    guess_kind = guess

    def _bend(data, w, guess, stencil, iterations: int):
        # Richardson steps on the 13-point biharmonic stencil (stable for a step below 1/32), data held where w is 1
        for _ in range(iterations):
            bent = torch.nn.functional.conv2d(torch.nn.functional.pad(guess, [2, 2, 2, 2], mode="replicate"), stencil)
            guess = w * data + (1.0 - w) * (guess - 0.03 * bent)
        return guess

    bend = torch.jit.script(_bend)

    class VoidFiller(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.unet = UNet(3, 1, width)
            stencil = [[0, 0, 1, 0, 0], [0, 2, -8, 2, 0], [1, -8, 20, -8, 1], [0, 2, -8, 2, 0], [0, 0, 1, 0, 0]]
            self.register_buffer("stencil", torch.tensor(stencil, dtype=torch.float32)[None, None])
            nn.init.zeros_(self.unet.head.weight)
            nn.init.zeros_(self.unet.head.bias)

        def relax(self, data, w, guess):
            if guess_kind == "biharmonic":  # one ONNX Loop, not `iterations` copies of its body in the graph
                return bend(data, w, guess, self.stencil, iterations)
            for _ in range(iterations):
                guess = w * data + (1.0 - w) * F.avg_pool2d(guess, 3, 1, 1, count_include_pad=False)
            return guess

        def scaled(self, dem, void_mask):
            keep = 1.0 - void_mask
            n = keep.sum((2, 3), keepdim=True).clamp_min(1.0)
            dem = dem * keep  # whatever the voids hold (0, NaN turned 0 by the caller) never enters
            mean = dem.sum((2, 3), keepdim=True) / n
            std = torch.sqrt((((dem - mean) * keep) ** 2).sum((2, 3), keepdim=True) / n).clamp_min(min_scale)
            z = (dem - mean) / std * keep
            values, weights = [z], [keep]
            for _ in range(levels):
                values.append(F.avg_pool2d(values[-1], 2))
                weights.append(F.avg_pool2d(weights[-1], 2))
            guess = values[-1] / weights[-1].clamp_min(1e-6)
            if guess_kind == "biharmonic":
                guess = self.relax(guess, weights[-1], guess)
            for v, w in zip(values[-2::-1], weights[-2::-1]):
                # Coarse to fine: start from the coarser level, relax where the level has no data (w: share of valid
                # pixels under a coarse pixel; the data is held where w is 1).
                guess = F.interpolate(guess, scale_factor=2.0, mode="bilinear", align_corners=False)
                data = v / w.clamp_min(1e-6)
                guess = self.relax(data, w, guess)
            out = guess + self.unet(torch.cat([z, void_mask, guess], 1))
            return out, z, mean, std

        def forward(self, dem, void_mask):
            out, _, mean, std = self.scaled(dem, void_mask)
            return dem * (1.0 - void_mask) + (out * std + mean) * void_mask

    class Critic(nn.Module):
        """A patch discriminator: real or filled, per patch of about 22 px, given the void mask."""

        def __init__(self) -> None:
            super().__init__()
            self.body = nn.Sequential(
                nn.Conv2d(2, width, 4, 2, 1), nn.LeakyReLU(0.2),
                nn.Conv2d(width, 2 * width, 4, 2, 1), nn.LeakyReLU(0.2),
                nn.Conv2d(2 * width, 1, 3, 1, 1),
            )  # fmt: skip

        def forward(self, z, void_mask):
            return self.body(torch.cat([z, void_mask], 1))

    return VoidFiller, Critic


def train_voidfill(job: dict) -> dict:
    """Self-supervised void filling: x.npy (N, 1, T, T) raw elevations (NaN: no data), masks.npy (M, T, T) bool
    synthetic voids; idx_train / idx_val / idx_test. Loss inside the synthetic voids: L1 of the scaled elevation +
    `gradient` x L1 of its x/y differences + `adversarial` x the generator's loss against a patch discriminator
    (0: no discriminator). Early stopping on the validation L1 (fixed masks). Writes test_pred.npy (filled held-out
    tiles with their fixed masks), check_in_dem/check_in_mask/check_out.npy and the ONNX model."""
    import numpy as np
    import torch

    device, idx = _start(job, torch)
    folder, output = job["data"], job["output"]
    x = np.load(os.path.join(folder, "x.npy"), mmap_mode="r")
    masks = np.load(os.path.join(folder, "masks.npy"), mmap_mode="r")
    seed = int(job.get("seed", 0))
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    VoidFiller, Critic = _void_filler(torch, int(job.get("width", 16)), int(job.get("levels", 5)),
                                      float(job.get("min_scale", 1.0)), int(job.get("relaxations", 600)),
                                      str(job.get("first_guess", "biharmonic")))  # fmt: skip
    net, critic = VoidFiller().to(device), Critic().to(device)
    adv_w, grad_w = float(job.get("adversarial", 0.01)), float(job.get("gradient", 1.0))
    opt = torch.optim.AdamW(net.parameters(), lr=float(job.get("lr", 2e-3)), weight_decay=1e-4)
    opt_d = torch.optim.AdamW(critic.parameters(), lr=float(job.get("lr", 2e-3)), betas=(0.5, 0.999))
    bce = torch.nn.BCEWithLogitsLoss()

    def feed(rows, fixed: bool, r):
        rows = np.sort(rows)
        truth = torch.from_numpy(np.asarray(x[rows], dtype=np.float32))
        natural = torch.isnan(truth)
        pick = rows % len(masks) if fixed else r.integers(0, len(masks), len(rows))
        cut = torch.from_numpy(np.asarray(masks[np.sort(pick)] if not fixed else masks[pick])).unsqueeze(1)
        if not fixed:
            k = int(r.integers(4))
            truth, natural, cut = (torch.rot90(t, k, (2, 3)) for t in (truth, natural, cut))
            if r.integers(2):
                truth, natural, cut = (torch.flip(t, (3,)) for t in (truth, natural, cut))
        void = (cut | natural).float()
        scored = (cut & ~natural).float()  # loss only where the truth is known
        dem = torch.nan_to_num(truth, nan=0.0) * (1.0 - void)
        return (t.contiguous().to(device) for t in (dem, void, torch.nan_to_num(truth, nan=0.0), scored))

    def losses(dem, void, truth, scored):
        out, z, mean, std = net.scaled(dem, void)
        zt = (truth - mean) / std
        comp = z + out * void
        n = scored.sum().clamp_min(1.0)
        l1 = ((comp - zt).abs() * scored).sum() / n
        dx = ((comp.diff(dim=3) - zt.diff(dim=3)).abs() * torch.maximum(scored[..., 1:], scored[..., :-1])).sum()
        dy = ((comp.diff(dim=2) - zt.diff(dim=2)).abs() * torch.maximum(scored[..., 1:, :], scored[..., :-1, :])).sum()
        return l1, (dx + dy) / (2 * n), comp, zt * (1.0 - (void - scored))

    def evaluate(rows) -> float:
        net.eval()
        total, count = 0.0, 0.0
        with torch.no_grad():
            for start in range(0, len(rows), 16):
                dem, void, truth, scored = feed(rows[start : start + 16], True, None)
                l1, _, _, _ = losses(dem, void, truth, scored)
                total += float(l1) * float(scored.sum())
                count += float(scored.sum())
        return total / max(count, 1.0)

    epochs, batch = int(job.get("epochs", 30)), int(job.get("batch", 8))
    budget, patience = float(job.get("minutes", 5.0)) * 60.0, int(job.get("patience", 6))
    started = time.monotonic()
    # Epoch 0 is the first guess alone: the U-Net's correction is kept only if it does better on validation.
    best, best_epoch, waited, history = evaluate(idx["val"]), 0, 0, []
    best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
    emit("log", message=f"Validation L1 of the first guess alone (no correction): {best:.4f}")
    for epoch in range(1, epochs + 1):
        net.train()
        critic.train()
        parts = {"l1": [], "gradient": [], "adversarial": [], "critic": []}
        for rows_b in _batches(idx["train"], batch, rng):
            dem, void, truth, scored = feed(rows_b, False, rng)
            l1, grad, comp, real = losses(dem, void, truth, scored)
            loss = l1 + grad_w * grad
            if adv_w > 0:
                opt_d.zero_grad()
                d_real, d_fake = critic(real, void), critic(comp.detach(), void)
                d_loss = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
                d_loss.backward()
                opt_d.step()
                g_adv = bce(critic(comp, void), torch.ones_like(d_fake))
                loss = loss + adv_w * g_adv
                parts["adversarial"].append(float(g_adv))
                parts["critic"].append(float(d_loss))
            if not torch.isfinite(loss):
                raise NonFiniteLoss(f"the training loss became {float(loss.item())} at epoch {epoch}")
            opt.zero_grad()
            loss.backward()
            opt.step()
            parts["l1"].append(float(l1))
            parts["gradient"].append(float(grad))
            if time.monotonic() - started > budget:
                break
        val = evaluate(idx["val"])
        means = {k: (float(np.mean(v)) if v else None) for k, v in parts.items()}
        history.append({"epoch": epoch, "loss": means["l1"], "val": val, **means})
        emit("epoch", epoch=epoch, epochs=epochs, loss=means["l1"], val=val, phase="validation")
        if val < best:
            best, best_epoch, waited = val, epoch, 0
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        else:
            waited += 1
        if waited >= patience:
            emit("early_stop", phase="validation", epoch=epoch, best=best_epoch)
            break
        if time.monotonic() - started > budget:
            emit("time_budget", phase="validation", epoch=epoch, seconds=time.monotonic() - started)
            break
    net.load_state_dict(best_state)
    net = net.cpu().eval()
    device = "cpu"
    preds = []
    with torch.no_grad():
        for start in range(0, len(idx["test"]), 16):
            dem, void, _, _ = feed(idx["test"][start : start + 16], True, None)
            preds.append(net(dem, void).numpy())
    test = np.concatenate(preds) if preds else np.zeros((0,) + tuple(x.shape[1:]), np.float32)
    np.save(os.path.join(folder, "test_pred.npy"), test.astype(np.float32))
    check_rows = np.sort(np.concatenate([idx["test"], idx["val"], idx["train"]])[:4])
    dem, void, _, _ = feed(check_rows, True, None)
    with torch.no_grad():
        check_out = net(dem, void).numpy()
    np.save(os.path.join(folder, "check_in_dem.npy"), dem.numpy())
    np.save(os.path.join(folder, "check_in_mask.npy"), void.numpy())
    np.save(os.path.join(folder, "check_out.npy"), check_out)
    axes = {0: "N", 2: "H", 3: "W"}
    names = {"dem": axes, "void_mask": axes, "filled": axes}
    export_onnx(torch, net, (dem[:1], void[:1]), output, ["dem", "void_mask"], ["filled"], names)
    return {"model": output, "device": device, "best_epoch": best_epoch, "history": history,
            "seconds": time.monotonic() - started}  # fmt: skip


def main() -> int:
    signal.signal(signal.SIGTERM, _on_term)
    try:
        job = json.loads(sys.stdin.read())
        kind = job.get("kind")
        if kind == "crash":
            print("worker: crashing on purpose (job kind 'crash')", file=sys.stderr, flush=True)
            if job.get("signal") == "KILL":
                os.kill(os.getpid(), signal.SIGKILL)
            os._exit(3)
        if kind == "autoencoder":
            emit("done", **train_autoencoder(job))
            return 0
        if kind == "voidfill":
            emit("done", **train_voidfill(job))
            return 0
        if kind in ("segmentation", "sequence"):
            emit("done", **train_deep(job))
            return 0
        if kind != "mlp_demo":
            known = "segmentation, sequence, autoencoder, voidfill, mlp_demo, crash"
            raise ValueError(f"unknown job kind {kind!r} (known: {known})")
        emit("done", model=mlp_demo(job))
        return 0
    except Exception as exc:  # noqa: BLE001 (every failure becomes an event the caller shows)
        for path in _PARTIAL:
            if os.path.exists(path):
                os.remove(path)
        code = "nonfinite_loss" if type(exc).__name__ == "NonFiniteLoss" else ""
        text = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
        emit("error", message=text, code=code)
        return 1


if __name__ == "__main__":
    sys.exit(main())
