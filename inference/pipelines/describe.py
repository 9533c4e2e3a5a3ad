# SPDX-License-Identifier: GPL-2.0-or-later
"""Metadata against the model's graph: what Set model metadata checks before it writes a contract.

The contract parser (model/contract.py) checks each key on its own; here the keys are checked against the
model itself: the task against its input's rank, band names and scaling against its input channels, the tile
size against a fixed one, and the class names and colours against the classes it outputs (seen by running it
once on a tile of zeros, as every run does). A contradiction is refused before the file is written, with the
count to give.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

import numpy as np

from ..engine.windows import configured, probe_outputs
from ..errors import InputError, LithoscopeError, ModelError
from ..kinds.encoding import Encoding, SequenceEncoding
from ..kinds.layouts import LAYOUT_SHAPES, RANK_LAYOUT
from ..kinds.sequences import model_steps, plan_sequence, window_length
from ..kinds.tasks import TASK_TABLE, build_kind, task_and_layout
from ..model.contract import ModelContract
from ..model.session import open_model

_PROBE_TILE = 64  # a tile of zeros most CNNs take (a multiple of 32)
_PROBE_STEPS = 12  # a series length for sequence models that take any


def check_metadata_fits(model_path: str, contract: ModelContract, log: Callable[[str], None] | None = None) -> None:
    """Refuse a contract the model at `model_path` contradicts (InputError naming the count to give)."""
    log = log or (lambda message: None)
    _check_names(contract)
    session = open_model(model_path, device="cpu")
    layout = _check_task(contract, session)
    channels = session.inputs[0].shape[1] if layout == "tiles" else session.inputs[0].shape[-1]
    _check_band_lists(contract, channels, layout)
    _check_tile(contract, session, layout)
    if contract.output_kind != "classes" or not channels:
        return
    try:
        kind, features, tile = _kind(contract, session, layout, channels)
        maps = probe_outputs(session, kind, features, tile, tuple(session.class_labels))
    except LithoscopeError as exc:  # the model did not run on zeros: the class count cannot be seen here
        log(f"Warning: the model was not run to count its classes ({exc}); class names and colours were not checked.")
        return
    head = configured(kind, maps).head  # refuses class names of another count
    names = getattr(head, "names", None)
    if names and contract.class_colors and len(contract.class_colors) != len(names):
        raise InputError(
            f"{len(contract.class_colors)} colours are given for the model's {len(names)} classes. Give exactly "
            f"{len(names)} colours (#rrggbb), one per class in output order, or none."
        )


def _check_names(contract: ModelContract) -> None:
    names = list(contract.class_names)
    if any(not name.strip() for name in names):
        blank = [i + 1 for i, name in enumerate(names) if not name.strip()]
        raise InputError(
            f"Class name {', '.join(map(str, blank))} of {len(names)} is empty. Give each class a name (class names "
            "are comma-separated, in output order)."
        )
    twice = [name for name, n in Counter(names).items() if n > 1]
    if twice:
        raise InputError(
            f"The class name '{twice[0]}' is given more than once; a legend could not tell those classes apart. Give "
            "each class a different name."
        )


def _layout_tasks(layout: str) -> str:
    return ", ".join(task for task, entry in TASK_TABLE.items() if layout in entry.layouts)


def _check_task(contract: ModelContract, session) -> str:
    """The layout the model's input rank gives, once the task fits it."""
    layout = RANK_LAYOUT.get(session.inputs[0].rank)
    try:
        task_and_layout(contract, session)
    except ModelError as exc:
        if layout is None:
            raise
        what = {"tiles": "image tiles (a CNN)", "rows": "one row of features per pixel", "sequences": "sequences"}
        raise InputError(
            f"The task '{contract.task}' does not fit this model: its input has {session.inputs[0].rank} dimensions "
            f"{LAYOUT_SHAPES[layout]}, {what[layout]}, which the tasks {_layout_tasks(layout)} take ({exc}). Choose "
            "one of those tasks, or leave Task empty to keep the model's."
        ) from None
    return layout


def _check_band_lists(contract: ModelContract, channels: int | None, layout: str) -> None:
    if not channels or contract.band_categories:  # one-hot categories: features are not bands
        return
    unit = "features" if layout == "sequences" else "bands"
    names = contract.raw.get("band_names")
    if isinstance(names, list) and len(names) != channels:
        raise InputError(
            f"{len(names)} band names are given, but the model takes {channels} {unit} (its input channels). Give "
            f"exactly {channels} names, one per {unit[:-1]} in input order."
        )
    for key, what in (("band_offset", "offsets"), ("band_scale", "scales")):
        values = contract.raw.get(key)
        if isinstance(values, list) and len(values) not in (1, channels):
            raise InputError(
                f"{len(values)} band {what} are given, but the model takes {channels} {unit} (its input channels). "
                f"Give exactly {channels} {what}, one per {unit[:-1]}, or one for all."
            )


def _check_tile(contract: ModelContract, session, layout: str) -> None:
    fixed = session.fixed_tile if layout == "tiles" else None
    if fixed and contract.tile_size and contract.tile_size != fixed:
        raise InputError(
            f"The model only takes tiles of {fixed} x {fixed} px (its input shape is fixed), so a tile size of "
            f"{contract.tile_size} px cannot be used. Set the tile size to {fixed}, or leave it empty."
        )


def _kind(contract: ModelContract, session, layout: str, channels: int):
    """The model kind and the probe's features and tile size, with a neutral encoding."""
    if layout != "sequences":
        encoding = Encoding(np.zeros(channels), np.ones(channels), contract.nodata_fill)
        tile = (session.fixed_tile or contract.tile_size or _PROBE_TILE) if layout == "tiles" else 8
        features = channels
    else:
        shape = session.inputs[0].shape
        raw_steps = window_length(contract, shape) if model_steps(contract, shape) else _PROBE_STEPS
        prep = plan_sequence(contract, shape, raw_steps=raw_steps, features=channels)
        encoding = SequenceEncoding(prep)
        features, tile = encoding.features, 8
    kind = build_kind(contract, session, {}, {}, "the model", encoding)
    return kind, features, tile
