# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers shared by the training scripts: import the checkout as `lithoscope`, seed, export to ONNX, write files.

The scripts sit in ``training/`` and import this module as ``export_common`` (Python puts a script's own
folder first on ``sys.path``). PyTorch and onnx are imported inside the functions, so a script's
``--help`` works without them.

Every import from ``lithoscope.inference`` in ``training/`` is made here, in `inference()` and `_contract()`
(the package is being reorganised: when a module moves, only this file changes). Every metadata write
goes through `write_contract`, which validates the values; every model, metrics or log file is written
through `atomic_path` (a temporary file in the target's folder, renamed into place with os.replace).
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import random
import sys
import tempfile
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

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
    quiet: type[Warning] = Warning,
) -> None:
    """Export `model` with the TorchScript exporter and write its contract; `path` is replaced atomically.

    `example` is the example input tensor; `dynamic_axes` maps its dynamic axes to names ({0: "N"}), the same
    for the input and the output. The IR version is capped at MAX_IR_VERSION and the exporter's metadata
    is cleared; then `contract` (Lithoscope's keys as plain values) is written with `write_contract`, which
    JSON-encodes and validates them. Warnings of the class `quiet` raised by the exporter (its
    DeprecationWarning, the GRU batch-size note) are not shown.
    """
    import onnx
    import torch

    with atomic_path(path) as tmp:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", quiet)
            torch.onnx.export(
                model,
                (example,),
                str(tmp),
                input_names=[input_name],
                output_names=[output_name],
                dynamic_axes={input_name: dict(dynamic_axes), output_name: dict(dynamic_axes)},
                opset_version=ONNX_OPSET,
                do_constant_folding=True,
                dynamo=False,
            )
        proto = onnx.load(str(tmp))
        if proto.ir_version > MAX_IR_VERSION:
            proto.ir_version = MAX_IR_VERSION
        del proto.metadata_props[:]
        onnx.checker.check_model(proto)
        onnx.save(proto, str(tmp))
        if contract is not None:
            write_contract(tmp, contract)


# -- Lithoscope's inference package: imported here only ------------------------------------------------


def _contract():
    """The module of Lithoscope's model contract (the one import of it in training/)."""
    lithoscope()
    from lithoscope.inference.model import contract

    return contract


def write_contract(path: Path | str, values: dict[str, Any], *, keep_order: bool = False):
    """Write contract keys into the ONNX file `path` with Lithoscope's `write_contract`; returns the contract.

    Values are plain Python values: each is JSON-encoded and the whole contract validated before the file is
    (atomically) rewritten; None removes a key. Keys written are put after the others, unless `keep_order`:
    then a key already in the file keeps its place (every value is written again, decoded and re-encoded).
    """
    module = _contract()
    if keep_order:
        values = {**module.read_contract(str(path)).raw, **values}
    return module.write_contract(str(path), values)


def read_contract(path: Path | str):
    """The ModelContract stored in the ONNX file `path`."""
    return _contract().read_contract(str(path))


def contract_from_values(values: dict[str, Any]):
    """The ModelContract that `values` (plain Python values, as for write_contract) would give; validated."""
    return _contract().contract_from_metadata({k: json.dumps(v) for k, v in values.items()})


def inference() -> SimpleNamespace:
    """What the scripts run from Lithoscope's inference package (the one place it is imported in training/)."""
    lithoscope()
    from lithoscope.inference.kinds.sequences import plan_sequence
    from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
    from lithoscope.inference.pipelines.features import run_sequence_table
    from lithoscope.inference.pipelines.sequence_raster import run_sequence_raster
    from lithoscope.inference.pipelines.tables import TableOptions
    from lithoscope.inference.pipelines.wells import run_well_logs
    from lithoscope.inference.sources.wells import WellTable, well_windows

    return SimpleNamespace(
        ClassifyParams=ClassifyParams,
        run_classify=run_classify,
        plan_sequence=plan_sequence,
        run_sequence_raster=run_sequence_raster,
        TableOptions=TableOptions,
        WellTable=WellTable,
        well_windows=well_windows,
        run_well_logs=run_well_logs,
        run_sequence_table=run_sequence_table,
    )


# -- files ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A temporary file beside `target` to write; renamed onto `target` (os.replace) when the block succeeds.

    The folder is created if needed. The temporary file has the target's suffix; if the block raises, it is
    removed and `target` is left as it was. Nested blocks rename in reverse order, once every block succeeded.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's permissions
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_json(path: Path | str, value: Any, indent: int = 1) -> None:
    """`value` as indented JSON with a final newline, written atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(value, indent=indent) + "\n", encoding="utf-8")


def block_mask(names: list[str], side: int, shape: tuple[int, int]):
    """The pixels of the map job's spatial blocks `names` ("block a,b": row and column of `side`-pixel blocks)."""
    import numpy as np

    mask = np.zeros(shape, bool)
    for name in names:
        a, b = (int(t) for t in name.split()[1].split(","))
        mask[a * side : (a + 1) * side, b * side : (b + 1) * side] = True
    return mask
