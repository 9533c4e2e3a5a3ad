# SPDX-License-Identifier: GPL-2.0-or-later
"""Layouts: how a window becomes the model's feed, and its named outputs per-pixel maps again.

- tiles: (N, C, H, W) image tiles (CNNs); outputs (N, K, H, W), (N, H, W) or one vector per tile (N, K).
- rows: (N, F) one row per valid pixel (scikit-learn and other tabular models); outputs (N, K),
  (N,) labels or ZipMap lists of {label: probability}.
- sequences: (N, T, F) one sequence per valid pixel from a band stack ordered step by step
  (band = t * F + f), pre-processed as the contract says (encoding.SequenceEncoding).

`ModelKind` is the configured kind of one run: its layout, head, stitching and named inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ModelError
from .heads import Head

LAYOUTS = ("tiles", "rows", "sequences")


RANK_LAYOUT = {4: "tiles", 2: "rows", 3: "sequences"}


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


LAYOUT_SHAPES = {"tiles": "(N, C, H, W)", "rows": "(N, F)", "sequences": "(N, T, F)"}
