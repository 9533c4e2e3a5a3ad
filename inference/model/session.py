# SPDX-License-Identifier: GPL-2.0-or-later
"""onnxruntime sessions: lazy import with an install hint, provider choice, clear load errors."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import LithoscopeError, ModelError
from ..system import qgis_python
from .contract import ModelContract, contract_from_metadata
from .onnx_file import OnnxHeader, read_header

DEVICES = ("auto", "cpu", "cuda")


_GPU_PROVIDERS = ("CUDAExecutionProvider", "ROCMExecutionProvider", "DmlExecutionProvider", "CoreMLExecutionProvider")


def import_onnxruntime() -> Any:
    """Import onnxruntime, or say how to install it into the Python that QGIS uses."""
    try:
        import onnxruntime
    except ImportError:
        python = qgis_python()
        raise LithoscopeError(
            f"onnxruntime is not installed in the Python that QGIS uses ({python}). Install it with: "
            f"{python} -m pip install --user onnxruntime (on Debian 12 and newer add "
            "--break-system-packages; on Windows run python -m pip install onnxruntime in the "
            "OSGeo4W Shell), then restart QGIS."
        ) from None
    return onnxruntime


def run_failures() -> tuple[type[BaseException], ...]:
    """The exceptions a model run raises when onnxruntime refuses the feed or fails in an operator.

    onnxruntime's own error types, and the ValueError its Python layer raises for a missing or
    mistyped input. Anything else (MemoryError, a bug) is not a model failure and is left to rise.
    """
    state = import_onnxruntime().capi.onnxruntime_pybind11_state
    own = tuple(v for v in vars(state).values() if isinstance(v, type) and issubclass(v, Exception))
    return own + (ValueError,)


def available_providers() -> list[str]:
    """Execution providers of the installed onnxruntime, best first."""
    return list(import_onnxruntime().get_available_providers())


def choose_providers(device: str = "auto") -> list[str]:
    """Providers for a device name: 'cpu', 'cuda' (must be present) or 'auto' (GPU if any)."""
    device = (device or "auto").lower()
    if device not in DEVICES:
        raise LithoscopeError(f"Unknown device '{device}'; choose one of {', '.join(DEVICES)}.")
    available = available_providers()
    if device == "cpu":
        return ["CPUExecutionProvider"]
    if device == "cuda":
        if "CUDAExecutionProvider" not in available:
            raise LithoscopeError(
                "The CUDA device was asked for, but the installed onnxruntime has no CUDA support "
                f"(available: {', '.join(available)}). Install onnxruntime-gpu with matching CUDA "
                "libraries, or choose the CPU device."
            )
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    return [p for p in _GPU_PROVIDERS if p in available] + ["CPUExecutionProvider"]


@dataclass(frozen=True)
class TensorInfo:
    """One model input or output: name, shape (None where dynamic) and ONNX type string."""

    name: str
    shape: tuple[int | None, ...]
    type: str

    @property
    def rank(self) -> int:
        return len(self.shape)


_FLOAT_TYPES = {"tensor(float)": np.float32, "tensor(float16)": np.float16, "tensor(double)": np.float64}


@dataclass
class ModelSession:
    """An onnxruntime session with the facts the engine needs about its inputs and outputs.

    `inputs[0]` is the primary input (image tiles, pixel rows or sequences); a model kind may
    feed further named inputs (a void mask, say). Outputs are returned by name.
    """

    session: Any
    header: OnnxHeader
    contract: ModelContract
    inputs: list[TensorInfo]
    outputs: list[TensorInfo]
    providers: list[str]
    class_labels: tuple = ()  # class labels stored in the graph (scikit-learn classifiers), in output order

    @property
    def input_name(self) -> str:
        return self.inputs[0].name

    @property
    def input_shape(self) -> tuple[int | None, ...]:
        return self.inputs[0].shape

    @property
    def output_names(self) -> list[str]:
        return [o.name for o in self.outputs]

    @property
    def fixed_batch(self) -> int | None:
        return self.input_shape[0] if self.input_shape else None

    @property
    def fixed_tile(self) -> int | None:
        """Tile size the model's input shape demands (square), or None if H and W are dynamic."""
        if len(self.input_shape) != 4:
            return None
        h, w = self.input_shape[2], self.input_shape[3]
        if h is not None and w is not None and h != w:
            raise ModelError(f"The model expects non-square {h}x{w} tiles; Lithoscope needs square tiles.")
        return h if h is not None else w

    def input_dtype_of(self, name: str) -> Any:
        for info in self.inputs:
            if info.name == name:
                return _FLOAT_TYPES.get(info.type, np.float32)
        return np.float32

    def run_named(self, feed: dict[str, np.ndarray], outputs: Any = None) -> dict[str, Any]:
        """Run the model on one batch of named inputs; return the outputs asked for (default: all) by name.

        Asking only for what is used matters: a scikit-learn classifier's label output costs about
        as much as its probabilities.
        """
        feed = {k: v.astype(self.input_dtype_of(k), copy=False) for k, v in feed.items()}
        names = [n for n in self.output_names if n in outputs] if outputs else self.output_names
        values = self.session.run(names, feed)
        return dict(zip(names, values))


def _dim(d: Any) -> int | None:
    return d if isinstance(d, int) and d > 0 else None


def _explain_load_error(exc: Exception, header: OnnxHeader, ort_version: str, name: str) -> ModelError:
    text = str(exc)
    opset = header.default_opset
    if opset is None:
        return ModelError(
            f"Model '{name}' declares no ONNX opset (its opset_import is empty), so no onnxruntime can load it: "
            "the export was incomplete. Export it again, e.g. torch.onnx.export(..., opset_version=17) or "
            "skl2onnx.to_onnx(..., target_opset=17)."
        )
    if re.search(r"IR version|ir_version", text, re.I) or re.search(r"opset", text, re.I):
        limits = []
        ir_limit = re.search(r"max supported IR version:\s*(\d+)", text)
        if ir_limit:
            limits.append(f"IR version up to {ir_limit.group(1)}")
        opset_limit = re.search(r"till opset\s*(\d+)", text)
        if opset_limit:
            limits.append(f"opset up to {opset_limit.group(1)}")
        lim_text = f" (it supports {' and '.join(limits)})" if limits else ""
        return ModelError(
            f"Model '{name}' uses ONNX IR version {header.ir_version} and opset {opset}, newer than the "
            f"installed onnxruntime {ort_version} can load{lim_text}. It needs an onnxruntime that "
            f"supports IR version {header.ir_version} and opset {opset}: upgrade onnxruntime "
            "(pip install --upgrade onnxruntime) or re-export the model with an older opset "
            "(e.g. torch.onnx.export(..., opset_version=17)). Details: " + text.strip().splitlines()[0]
        )
    return ModelError(
        f"onnxruntime {ort_version} could not load model '{name}': "
        f"{text.strip().splitlines()[0] if text.strip() else repr(exc)}. "
        "The file may be corrupt or incomplete; export it again."
    )


def _refuse_channels_last(info: TensorInfo, name: str) -> None:
    """(N, H, W, C) image models: Lithoscope feeds (N, C, H, W) tiles; say so instead of a size error."""
    if info.rank != 4:
        return
    _, d1, d2, d3 = info.shape
    if d3 is not None and d3 <= 16 and (d1 is None or d1 > 16) and (d2 is None or d2 > 16) and d1 == d2:
        raise ModelError(
            f"Model '{name}' takes channels-last tiles {list(info.shape)} (N, H, W, C); Lithoscope feeds "
            "channels-first tiles (N, C, H, W). Export it with channels first: in PyTorch this is the default; "
            "from TensorFlow use tf2onnx with --inputs-as-nchw, or add a Transpose at the model's input."
        )


# Outputs whose nodes a run leaves out when it does not read them: onnxruntime runs every node of a graph
# whatever outputs are asked for, and a susceptibility model's fold models (its 'uncertainty') cost several
# times its own forest.
OPTIONAL_ROLES = ("uncertainty",)


def _pruned(model_path: str, leave_out: list[str]) -> bytes:
    """The model's graph without the outputs `leave_out` and the nodes (and initializers) only they need."""
    import onnx

    model = onnx.load(model_path)
    graph = model.graph
    keep = [o.name for o in graph.output if o.name not in leave_out]
    needed = set(keep)
    nodes = []
    for node in reversed(graph.node):
        if any(o in needed for o in node.output):
            nodes.append(node)
            needed.update(i for i in node.input if i)
    nodes.reverse()
    outputs = [o for o in graph.output if o.name in keep]
    initializers = [t for t in graph.initializer if t.name in needed]
    del graph.node[:], graph.output[:], graph.initializer[:]
    graph.node.extend(nodes)
    graph.output.extend(outputs)
    graph.initializer.extend(initializers)
    return model.SerializeToString()


def _can_prune() -> bool:
    try:
        import onnx  # noqa: F401  (not needed to run models: without it the whole graph runs, slower but the same)
    except ImportError:
        return False
    return True


def optional_outputs(contract: ModelContract, used: Any) -> list[str]:
    """The outputs of an optional role (OPTIONAL_ROLES) the contract names that are not in `used`."""
    return [n for n, r in contract.output_roles.items() if r in OPTIONAL_ROLES and n not in (used or ())]


def narrowed(session: ModelSession, model_path: str, used: Any, device: str = "auto", threads: int = 0):
    """The session itself, or one over the graph without the optional outputs (OPTIONAL_ROLES) a run does not use."""
    if not used:
        return session
    unused = [o for o in optional_outputs(session.contract, used) if o in session.output_names]
    if not unused or not _can_prune():
        return session
    return open_model(model_path, device, threads, leave_out=unused)


def open_model(
    model_path: str, device: str = "auto", threads: int = 0, leave_out: list[str] | None = None
) -> ModelSession:
    """Open an ONNX model for inference.

    `threads` = 0 lets onnxruntime use all cores. `leave_out`: outputs (of OPTIONAL_ROLES) to leave out,
    with the nodes only they need (when the onnx package is there to prune the graph). Raises ModelError
    with an explanation when the file is not ONNX, is corrupt, or is newer than the installed onnxruntime
    supports.
    """
    ort = import_onnxruntime()
    header = read_header(model_path)
    contract = contract_from_metadata(header.metadata)
    providers = choose_providers(device)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    # Idle intra-op threads would otherwise spin, taking CPU from the reader and writer threads.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if threads and threads > 0:
        options.intra_op_num_threads = int(threads)
    name = os.path.basename(model_path)
    try:
        source = _pruned(model_path, list(leave_out)) if leave_out and _can_prune() else model_path
        session = ort.InferenceSession(source, sess_options=options, providers=providers)
    except run_failures() as exc:  # onnxruntime's own types per failure; MemoryError and bugs go up as they are
        raise _explain_load_error(exc, header, ort.__version__, name) from exc
    inputs = [TensorInfo(i.name, tuple(_dim(d) for d in i.shape), i.type) for i in session.get_inputs()]
    outputs = [TensorInfo(o.name, tuple(_dim(d) for d in o.shape), o.type) for o in session.get_outputs()]
    for info in inputs:
        if info.type not in _FLOAT_TYPES:
            raise ModelError(
                f"Model '{name}' takes {info.type} input '{info.name}'; Lithoscope feeds float tensors "
                "(export the model with float inputs, e.g. skl2onnx FloatTensorType)."
            )
    _refuse_channels_last(inputs[0], name)
    return ModelSession(
        session=session,
        header=header,
        contract=contract,
        inputs=inputs,
        outputs=outputs,
        providers=list(session.get_providers()),
        class_labels=header.class_labels,
    )
