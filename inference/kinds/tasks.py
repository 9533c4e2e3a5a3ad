# SPDX-License-Identifier: GPL-2.0-or-later
"""The task table: which head, layouts and stitching each contract `task` runs with.

A task without an entry is refused, never run as something else. Stitching policies: "blend"
(weighted blending of overlapping tiles), "none" (no overlap: a pixel's value is its own window's,
exactly) and "copy" (blend the model's channels, but the head copies the input through wherever
it says, bit for bit). A new model kind is a Head subclass (heads.py) plus an entry here
(`TASK_TABLE`, or `register_task` from a plugin or a test).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InputError, ModelError
from ..model.contract import ModelContract
from .encoding import Encoding, SequenceEncoding
from .heads import ClassesHead, FillHead, LatentHead, ProbabilityHead, ValuesHead
from .layouts import LAYOUT_SHAPES, LAYOUTS, RANK_LAYOUT, ModelKind

_HEADS_BY_OUTPUT_KIND = {"classes": ClassesHead, "probability": ProbabilityHead, "values": ValuesHead}


@dataclass(frozen=True)
class TaskEntry:
    """What a task may run as: its head (None: chosen by the contract's output_kind), layouts, stitching."""

    head: type | None
    layouts: tuple[str, ...]
    stitching: str  # for tiles; rows and sequences never overlap
    default_output_kind: str


TASK_TABLE: dict[str, TaskEntry] = {
    "segmentation": TaskEntry(None, ("tiles", "rows"), "blend", "classes"),
    "patch_classification": TaskEntry(None, ("tiles",), "blend", "classes"),
    "classification": TaskEntry(None, ("rows", "tiles"), "blend", "classes"),
    "susceptibility": TaskEntry(None, ("tiles", "rows"), "blend", "probability"),
    "regression": TaskEntry(None, ("tiles", "rows"), "blend", "values"),
    "sequence": TaskEntry(None, ("sequences",), "none", "classes"),
    "autoencoder": TaskEntry(LatentHead, ("rows", "tiles"), "blend", "values"),
    "generator": TaskEntry(FillHead, ("tiles",), "copy", "values"),
}


def supported_tasks() -> str:
    return ", ".join(TASK_TABLE)


def register_task(task: str, entry: TaskEntry) -> None:
    """Add a task to the table (a model kind of a plugin or a test): models whose metadata names it run with it."""
    if not task or task != task.strip().lower():
        raise ValueError(f"A task name is lower case without spaces around it, not {task!r}.")
    unknown = [layout for layout in entry.layouts if layout not in LAYOUTS]
    if unknown:
        raise ValueError(f"Unknown layout(s) {unknown}; the layouts are {', '.join(LAYOUTS)}.")
    TASK_TABLE[task] = entry


def choose_task(contract: ModelContract, session: Any) -> str:
    """The contract's task, or one inferred from the input's rank when the metadata is silent."""
    if contract.task_given or contract.deepness:
        task = contract.task
    else:
        rank = session.inputs[0].rank
        if rank == 2:
            has_label = any(not o.type.startswith(("tensor(float", "tensor(double")) for o in session.outputs)
            given = "output_kind" in contract.raw
            task = "classification" if has_label or (given and contract.output_kind == "classes") else "regression"
        elif rank == 3:
            task = "sequence"
        else:
            task = contract.task
    if task not in TASK_TABLE:
        raise ModelError(
            f"The model's task is '{task}', which this version of Lithoscope does not run; it runs: "
            f"{supported_tasks()}. Set the task in the model metadata (Set model metadata) if it is one of these."
        )
    return task


def task_and_layout(contract: ModelContract, session: Any) -> tuple[str, str]:
    """The task a model runs as and its layout (from its input's rank), or a ModelError saying why not."""
    task = choose_task(contract, session)
    entry = TASK_TABLE[task]
    layout = RANK_LAYOUT.get(session.inputs[0].rank)
    if layout is None or layout not in entry.layouts:
        shape = list(session.inputs[0].shape)
        expected = " or ".join(f"{lay} {LAYOUT_SHAPES[lay]}" for lay in entry.layouts)
        raise ModelError(
            f"A {task} model takes {expected} input, but this model's input has shape {shape} "
            "(None = any size). Export it with that input shape."
        )
    return task, layout


def build_kind(
    contract: ModelContract,
    session: Any,
    paths: dict[str, str | None],
    tags: dict[str, str],
    source: str,
    encoding: Encoding | SequenceEncoding,
    source_dtype: str = "float32",
) -> ModelKind:
    """Choose and check the model kind of a run (before the probe fixes the head's channels).

    A sequence model needs a SequenceEncoding (its shape comes from the contract and the series).
    """
    task, layout = task_and_layout(contract, session)
    entry = TASK_TABLE[task]
    output_kind = (
        contract.output_kind if "output_kind" in contract.raw or contract.deepness else entry.default_output_kind
    )
    head_class = entry.head or _HEADS_BY_OUTPUT_KIND[output_kind]
    head = head_class(contract, session, paths, tags, encoding=encoding, source_dtype=source_dtype)
    names = tuple(i.name for i in session.inputs)
    roles = _input_roles(contract, session, task)
    if len(names) > 1 and layout != "tiles":
        raise ModelError(f"The model has {len(names)} inputs; Lithoscope feeds several inputs to tile models only.")
    stitching = entry.stitching if layout == "tiles" else "none"
    kind = ModelKind(task, layout, stitching, head, names, roles)
    features = encoding.features
    if layout == "rows":
        kind.features = features
        check_count(session.inputs[0].shape[-1], features, "feature(s)", contract, source)
    elif layout == "sequences":
        if not isinstance(encoding, SequenceEncoding):
            raise ModelError("A sequence model needs its sequence pre-processing (SequenceEncoding).")
        kind.steps, kind.features = encoding.prep.steps, encoding.prep.features
    else:
        check_count(session.inputs[0].shape[1], features, "band(s)", contract, source)
    return kind


def check_count(need: int | None, have: int, what: str, contract: ModelContract, source: str) -> None:
    """Refuse an input whose band (or feature) count differs from the model's."""
    if need is not None and need != have:
        names = contract.band_names if what == "band(s)" else ()
        listed = f" ({', '.join(names)})" if names else ""
        derived = ""
        if what == "band(s)" and contract.band_derived:
            given = [n for n in names if n not in contract.band_derived]
            derived = f" It computes {', '.join(contract.band_derived)} itself when given only {', '.join(given)}."
        raise InputError(
            f"The model expects {need} {what}{listed}, but {have} {what} of '{source}' were given.{derived} Add the "
            "missing layers after the input (Classify: 'Further layers'; Processing: LAYERS) in the model's order, "
            "or pick the bands to use (Classify: 'Bands'; Processing: BANDS)."
        )


def _input_roles(contract: ModelContract, session: Any, task: str) -> tuple[str, ...]:
    roles = []
    for info in session.inputs:
        role = contract.input_roles.get(info.name)
        if role is None:
            lowered = info.name.lower()
            role = "mask" if any(w in lowered for w in ("mask", "void", "hole")) else "values"
        if role not in ("values", "mask"):
            raise ModelError(f"Model metadata 'input_roles' gives '{role}' for '{info.name}'; use values or mask.")
        roles.append(role)
    if len(roles) > 1:
        if task != "generator" or sorted(roles) != ["mask", "values"]:
            raise ModelError(
                f"The model has {len(roles)} inputs ({', '.join(i.name for i in session.inputs)}); Lithoscope feeds "
                "two inputs to generator models only: the values and a void mask (1 where the input is void). "
                "Say which is which with input_roles in the metadata."
            )
    elif roles != ["values"]:
        raise ModelError(f"The only input of the model, '{session.inputs[0].name}', must take the values.")
    return tuple(roles)
