# SPDX-License-Identifier: GPL-2.0-or-later
"""Model kinds: a layout (how a window becomes the model's feed) + a head (how named outputs
become per-pixel channels and rasters) + a stitching policy. One table maps each contract
`task` to what it may use; a task without an entry is refused, never run as something else.

Layouts:
- tiles: (N, C, H, W) image tiles (CNNs); outputs (N, K, H, W), (N, H, W) or one vector per tile (N, K).
- rows: (N, F) one row per valid pixel (scikit-learn and other tabular models); outputs (N, K),
  (N,) labels or ZipMap lists of {label: probability}.
- sequences: (N, T, F) one sequence per valid pixel from a band stack ordered step by step
  (band = t * F + f), pre-processed as the contract says (SequenceEncoding, sequences.py).

Stitching policies: "blend" (weighted blending of overlapping tiles), "none" (no overlap: a
pixel's value is its own tile's, exactly) and "copy" (blend the model's channels, but the head
copies the input through wherever it says, bit for bit).

A new model kind is a Head subclass in tasks.py plus an entry in TASK_TABLE here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .contract import ModelContract
from .errors import InputError, ModelError
from .sequences import GapCounts, SequencePrep
from .tasks import ClassesHead, FillHead, Head, LatentHead, ProbabilityHead, ValuesHead

LAYOUTS = ("tiles", "rows", "sequences")
_RANK_LAYOUT = {4: "tiles", 2: "rows", 3: "sequences"}
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


class Encoding:
    """Scaling and encoding of the native band values into the model's features.

    x' = (x - offset) / scale per band; categorical bands listed in `categories` become one
    0/1 feature per category value (one-hot) instead; nodata pixels get `fill`.
    """

    def __init__(
        self, offset: np.ndarray, scale: np.ndarray, fill: float = 0.0, categories: dict[int, tuple] | None = None
    ) -> None:
        self.offset = np.asarray(offset, np.float64)
        self.scale = np.asarray(scale, np.float64)
        self.fill = float(fill)
        self.categories = dict(categories or {})
        self._offset = self.offset.astype(np.float32)[:, None, None]
        self._inverse = (1.0 / self.scale).astype(np.float32)[:, None, None]

    @property
    def features(self) -> int:
        return len(self.offset) + sum(len(v) - 1 for v in self.categories.values())

    def encode_tile(
        self, data: np.ndarray, valid: np.ndarray, extent: tuple[int, int] | None = None
    ) -> tuple[np.ndarray, GapCounts | None]:
        """A tile's features (see apply); no series, so no gap counts."""
        return self.apply(data, valid), None

    def apply(self, data: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Scale `data` (a float32 array the caller hands over) in place, encode, fill invalid pixels."""
        if self.categories:
            parts = []
            for b in range(data.shape[0]):
                values = self.categories.get(b)
                if values is None:
                    parts.append((data[b : b + 1] - self._offset[b]) * self._inverse[b])
                else:
                    parts.append(np.stack([(data[b] == np.float32(v)).astype(np.float32) for v in values]))
            data = np.concatenate(parts)
        else:
            data -= self._offset
            data *= self._inverse
        if not valid.all():
            data[:, ~valid] = self.fill
        return data


class SequenceEncoding:
    """A sequence model's pre-processing in the engine's encoding interface.

    The source marks nodata steps as NaN (its `gaps_as_nan`) and calls a pixel valid when any
    step is; here each pixel's series is pre-processed, and pixels whose series the contract
    masks (or refuses) are cleared from `valid`, so they are written as nodata.
    """

    def __init__(self, prep: SequencePrep) -> None:
        self.prep = prep

    @property
    def features(self) -> int:
        return self.prep.channels

    def encode_tile(
        self, data: np.ndarray, valid: np.ndarray, extent: tuple[int, int] | None = None
    ) -> tuple[np.ndarray, GapCounts]:
        """Native bands (T_raw * F, t, t) -> fed channels (T * F, t, t); clears `valid` where a series is left out.

        `extent` (h, w): the tile's pixels inside the raster; the padding past its edge is left
        out, so that counts are of real pixels (padding is never written).
        """
        p = self.prep
        if extent is not None:
            valid[extent[0] :] = False
            valid[:, extent[1] :] = False
        series = data[:, valid].T.reshape(-1, p.raw_steps, p.features)
        x, keep, counts = p.prepare(series)
        out = np.full((p.channels,) + valid.shape, p.fill, np.float32)
        out[:, valid] = x.reshape(len(x), p.channels).T
        valid[valid] = keep
        return out, counts


@dataclass
class ModelKind:
    """The configured kind of one run: layout, head, stitching, and how to feed named inputs."""

    task: str
    layout: str
    stitching: str
    head: Head
    input_names: tuple[str, ...]
    input_roles: tuple[str, ...]  # values | mask, per input
    steps: int = 0  # T for sequences
    features: int = 0  # F per step for sequences, F for rows
    used_outputs: frozenset | None = None  # the outputs the head reads (known after the probe)

    # -- feed ----------------------------------------------------------------------------
    def feed(self, batch: np.ndarray, valid: np.ndarray, inside: np.ndarray) -> tuple[dict[str, np.ndarray], int]:
        """A batch of scaled tiles (N, C, t, t) -> the model's named inputs and their row count."""
        if self.layout == "tiles":
            feed = {}
            for name, role in zip(self.input_names, self.input_roles):
                if role == "mask":
                    feed[name] = (~valid & inside)[:, None].astype(np.float32)
                else:
                    feed[name] = batch
            return feed, batch.shape[0]
        rows = np.moveaxis(batch, 1, -1)[valid]  # (n, C), valid pixels of every tile in turn
        if self.layout == "sequences":
            rows = rows.reshape(rows.shape[0], self.steps, self.features)
        return {self.input_names[0]: np.ascontiguousarray(rows)}, rows.shape[0]

    def to_maps(
        self, outputs: dict[str, Any], valid: np.ndarray, labels: tuple, lenient: bool = False
    ) -> dict[str, np.ndarray]:
        """Named model outputs (those the head uses, once configured) -> per-pixel maps (N, K, t, t) float32.

        `lenient` (the probe) skips outputs that cannot be read as numbers or known labels.
        """
        n, t = valid.shape[0], valid.shape[-1]
        maps = {}
        for name, value in outputs.items():
            if self.used_outputs is not None and name not in self.used_outputs:
                continue
            value = _numeric(value, labels, name, lenient)
            if value is None:
                continue
            if self.layout == "tiles":
                maps[name] = _tile_maps(value, n, t, name)
                continue
            if value.ndim == 1:
                value = value[:, None]
            if value.ndim != 2 or value.shape[0] != int(valid.sum()):
                raise ModelError(
                    f"The model output '{name}' has shape {list(value.shape)}; a per-pixel model must give one row "
                    "(N, K) or one value (N,) per input row."
                )
            out = np.zeros((n, t, t, value.shape[1]), np.float32)
            out[valid] = value
            maps[name] = np.moveaxis(out, -1, 1)
        return maps


def _numeric(value: Any, labels: tuple, name: str, lenient: bool = False) -> np.ndarray | None:
    """Model output -> float32 array; ZipMap lists become (N, K); class labels become class indices."""
    if isinstance(value, list):  # ZipMap: [{label: p, ...}, ...] in the classifier's label order
        if not value:
            return np.zeros((0, max(1, len(labels))), np.float32)
        keys = list(value[0])
        flat = np.fromiter((p for row in value for p in row.values()), np.float32, count=len(value) * len(keys))
        out = flat.reshape(len(value), len(keys))
        if labels and sorted(map(str, keys)) == sorted(map(str, labels)):
            position = {str(k): i for i, k in enumerate(keys)}
            out = out[:, [position[str(label)] for label in labels]]  # columns in the classifier's label order
        return out
    value = np.asarray(value)
    if value.dtype.kind in "OUS" or (value.dtype.kind in "iu" and labels):
        if not labels:
            if lenient:
                return None
            raise ModelError(f"The model output '{name}' holds labels, but the model does not list its classes.")
        if value.dtype.kind in "iu" and all(isinstance(v, int) for v in labels):
            order = np.argsort(np.asarray(labels, np.int64))
            known = np.asarray(labels, np.int64)[order]
            at = np.clip(np.searchsorted(known, value), 0, len(known) - 1)
            if (known[at] == value).all():  # vectorised: a Python loop costs seconds per 64 MP
                return order[at].astype(np.float32)
        lookup = {str(v): i for i, v in enumerate(labels)}
        try:
            return np.array([lookup[str(v)] for v in value.reshape(-1)], np.float32).reshape(value.shape)
        except KeyError as exc:
            if lenient:
                return None
            raise ModelError(
                f"The model output '{name}' gives label {exc.args[0]!r}, not one of its classes."
            ) from None
    return value.astype(np.float32, copy=False)


def _tile_maps(out: np.ndarray, n: int, tile: int, name: str) -> np.ndarray:
    """(N, C, t, t) per-pixel maps, or one vector per tile (N, C) broadcast over it."""
    if out.ndim == 3 and out.shape[1:] == (tile, tile):
        out = out[:, None]
    if out.ndim == 1:
        out = out[:, None]
    if out.ndim == 2:  # patch classification: one score vector per tile
        out = np.broadcast_to(out[:, :, None, None], out.shape + (tile, tile))
    if out.ndim != 4 or out.shape[2:] != (tile, tile):
        raise ModelError(
            f"The model output '{name}' has shape {list(out.shape)}; Lithoscope expects per-pixel maps "
            f"(N, C, {tile}, {tile}) of the input tile size, or one score vector per tile (N, C)."
        )
    return out


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
    layout = _RANK_LAYOUT.get(session.inputs[0].rank)
    if layout is None or layout not in entry.layouts:
        shape = list(session.inputs[0].shape)
        expected = " or ".join(f"{lay} ({_LAYOUT_SHAPES[lay]})" for lay in entry.layouts)
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
    if head_class is FillHead:
        # Copy-through must give back every input value exactly: float32 holds 8/16-bit integers and
        # float32 values, not float64 or 32-bit integers.
        exact = "float64" if source_dtype in ("float64", "int32", "uint32") else "float32"
        head = FillHead(contract, session, paths, tags, encoding.offset, encoding.scale, exact)
    else:
        head = head_class(contract, session, paths, tags)
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


_LAYOUT_SHAPES = {"tiles": "N, C, H, W", "rows": "N, F", "sequences": "N, T, F"}


def check_count(need: int | None, have: int, what: str, contract: ModelContract, source: str) -> None:
    """Refuse an input whose band (or feature) count differs from the model's."""
    if need is not None and need != have:
        names = contract.band_names if what == "band(s)" else ()
        listed = f" ({', '.join(names)})" if names else ""
        raise InputError(
            f"The model expects {need} {what}{listed}, but {have} {what} of '{source}' were given. Choose input "
            f"layers with the bands the model expects, in its order, or pick the bands to use (BANDS)."
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
