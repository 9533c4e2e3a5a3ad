# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers shared by the training scripts: import the checkout as `lithoscope`, seed, export to ONNX.

The scripts sit in ``training/`` and import this module as ``export_common`` (Python puts a script's own
folder first on ``sys.path``). PyTorch and onnx are imported inside the functions, so a script's
``--help`` works without them.
"""

from __future__ import annotations

import copy
import os
import random
import sys
import warnings
from pathlib import Path

import numpy as np

REPO_ROOT: Path = Path(__file__).resolve().parents[1]
PLUGIN_PATH: Path = REPO_ROOT / ".build" / "plugins"
ONNX_OPSET = 17
MAX_IR_VERSION = 10  # onnxruntime builds older than the exporter's default IR version still load the file
TORCH_MISSING = (
    "PyTorch is not installed in this Python; run `make train-deps` (installs torch==2.13.0 CPU into .venv) and "
    "use .venv/bin/python"
)


def require_torch():
    """The module torch; without it the script stops with TORCH_MISSING on stderr and exit status 1."""
    try:
        import torch
    except ModuleNotFoundError as error:
        if error.name != "torch":  # torch is there but something it needs is not: show the real error
            raise
        sys.exit(TORCH_MISSING)
    return torch


def lithoscope():
    """Import the checkout as the package `lithoscope` (the link `make setup` and the tests create)."""
    link = PLUGIN_PATH / "lithoscope"
    if not link.exists():
        PLUGIN_PATH.mkdir(parents=True, exist_ok=True)
        os.symlink(REPO_ROOT, link)
    if str(PLUGIN_PATH) not in sys.path:
        sys.path.insert(0, str(PLUGIN_PATH))
    if os.path.isdir("/usr/share/proj"):  # Debian's pyproj under a venv
        os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
        os.environ.setdefault("PROJ_LIB", "/usr/share/proj")
    import lithoscope as package

    return package


def seed_everything(seed: int, threads: int | None = None) -> None:
    """Fix every random source the scripts use; deterministic kernels; a fixed thread count if given."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    if threads is not None:
        torch.set_num_threads(threads)


def with_activation(net, activation: str):
    """A copy of `net` in eval mode with a sigmoid or a softmax over dim 1 after it (the graph ends in it)."""
    import torch

    if activation not in ("sigmoid", "softmax"):
        raise ValueError(f"activation must be 'sigmoid' or 'softmax', not {activation!r}")

    class ExportNet(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = copy.deepcopy(inner).eval()

        def forward(self, x):
            y = self.inner(x)
            return torch.sigmoid(y) if activation == "sigmoid" else torch.softmax(y, dim=1)

    return ExportNet(net).eval()


def export_onnx(
    model,
    path: Path,
    example,
    input_name: str,
    output_name: str,
    dynamic_axes: dict[int, str],
    *,
    contract: dict | None = None,
    props: dict[str, str] | None = None,
    quiet: type[Warning] = Warning,
) -> None:
    """Export `model` with the TorchScript exporter and write its metadata.

    `example` is the example input tensor; `dynamic_axes` maps its dynamic axes to names ({0: "N"}), the same
    for the input and the output. The IR version is capped at MAX_IR_VERSION and the exporter's metadata
    is cleared; then `props` (plain strings, set as they are) or `contract` (Lithoscope's keys, written
    with `write_contract`, which JSON-encodes and validates them). Warnings of the class `quiet` raised by
    the exporter (its DeprecationWarning, the GRU batch-size note) are not shown.
    """
    import onnx
    import torch

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", quiet)
        torch.onnx.export(
            model,
            (example,),
            str(path),
            input_names=[input_name],
            output_names=[output_name],
            dynamic_axes={input_name: dict(dynamic_axes), output_name: dict(dynamic_axes)},
            opset_version=ONNX_OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
    proto = onnx.load(str(path))
    if proto.ir_version > MAX_IR_VERSION:
        proto.ir_version = MAX_IR_VERSION
    if props is not None:
        onnx.helper.set_model_props(proto, props)
    else:
        del proto.metadata_props[:]
    onnx.checker.check_model(proto)
    onnx.save(proto, str(path))
    if contract is not None:
        lithoscope()
        from lithoscope.inference.model.contract import write_contract

        write_contract(str(path), contract)
