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
  crash     exits at once with status 3 after a line on stderr, or with "signal": "KILL" is killed by SIGKILL as the
            kernel's out-of-memory killer would (tests of the caller's error handling)
"""

from __future__ import annotations

import json
import os
import signal
import sys

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
        if kind != "mlp_demo":
            raise ValueError(f"unknown job kind {kind!r} (known: mlp_demo, crash)")
        emit("done", model=mlp_demo(job))
        return 0
    except Exception as exc:  # noqa: BLE001 (every failure becomes an event the caller shows)
        for path in _PARTIAL:
            if os.path.exists(path):
                os.remove(path)
        emit("error", message=f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
