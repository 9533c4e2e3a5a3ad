# SPDX-License-Identifier: GPL-2.0-or-later
"""Task adapters: how each model kind's outputs become blended channels and output rasters.

Classes (segmentation and patch classification): per-class probabilities are blended, the
class map is their arg-max. Probability (susceptibility): one probability channel. Values
(regression): the model's channels as they are.
"""

from __future__ import annotations

import numpy as np

from .contract import ModelContract
from .engine import TaskAdapter
from .errors import ModelError
from .raster_io import OutputSpec

CLASS_NODATA = 255
PROBABILITY_NODATA = -1.0
VALUE_NODATA = -9999.0


def _hex_to_rgba(color: str) -> tuple[int, int, int, int]:
    c = color.lstrip("#")
    if len(c) not in (6, 8):
        raise ModelError(f"Class colour {color!r} is not #rrggbb.")
    r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    a = int(c[6:8], 16) if len(c) == 8 else 255
    return r, g, b, a


def _as_pixel_channels(out: np.ndarray, tile: int, name: str) -> np.ndarray:
    """Bring a model output to (N, C, tile, tile): per-pixel maps, or per-tile vectors broadcast."""
    if out.ndim == 3 and out.shape[1:] == (tile, tile):
        out = out[:, None]
    if out.ndim == 2:  # patch classification: one score vector per tile
        out = np.broadcast_to(out[:, :, None, None], out.shape + (tile, tile))
    if out.ndim != 4 or out.shape[2:] != (tile, tile):
        raise ModelError(
            f"The model output '{name}' has shape {list(out.shape)}; Lithoscope expects per-pixel maps "
            f"(N, C, {tile}, {tile}) of the input tile size, or one score vector per tile (N, C)."
        )
    return out


def _activate(x: np.ndarray, activation: str) -> np.ndarray:
    if activation == "softmax":
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    if activation == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    return x


def _argmax_classes(scores: np.ndarray) -> np.ndarray:
    """Arg-max over the first axis as uint8, as a running maximum.

    ndarray.argmax(axis=0) first copies the strided (classes, h, w) block; a pass per class is
    several times cheaper on the CPU that onnxruntime needs. Ties keep the lower class, as argmax.
    """
    best = scores[0].copy()
    classes = np.zeros(best.shape, np.uint8)
    for i in range(1, scores.shape[0]):
        better = scores[i] > best
        np.copyto(best, scores[i], where=better)
        classes[better] = i
    return classes


class ClassesAdapter(TaskAdapter):
    """Class map (paletted, uint8) plus optional per-class probability raster."""

    def __init__(
        self,
        contract: ModelContract,
        class_map_path: str,
        probabilities_path: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> None:
        self.contract = contract
        self.class_map_path = class_map_path
        self.probabilities_path = probabilities_path
        self.tags = tags or {}
        self.binary = False
        self.names: list[str] = []

    def configure(self, outputs: list[np.ndarray], tile: int) -> None:
        out = _as_pixel_channels(outputs[0], tile, "0")
        self.channels = int(out.shape[1])
        self.binary = self.channels == 1
        n_classes = 2 if self.binary else self.channels
        if n_classes > 254:
            raise ModelError(f"The model has {n_classes} classes; Lithoscope class maps hold at most 254.")
        names = list(self.contract.class_names)
        if self.binary and len(names) == 1:
            names = ["background", names[0]]
        if names and len(names) != n_classes:
            raise ModelError(
                f"The model outputs {n_classes} classes but its metadata names {len(names)} "
                f"({', '.join(names)}). Fix class_names with the Set model metadata tool."
            )
        self.names = [names[i] if i < len(names) and names[i] else f"Class {i}" for i in range(n_classes)]

    def postprocess(self, outputs: list[np.ndarray], tile: int) -> np.ndarray:
        out = _as_pixel_channels(outputs[0], tile, "0").astype(np.float32, copy=False)
        activation = self.contract.output_activation
        if self.binary and activation == "softmax":
            activation = "sigmoid"
        return _activate(out, activation)

    def output_specs(self) -> list[OutputSpec]:
        colormap = {i: _hex_to_rgba(self.contract.class_color(i)) for i in range(len(self.names))}
        specs = [
            OutputSpec(
                self.class_map_path, 1, "uint8", CLASS_NODATA, ("class",), colormap, {**self.tags, **self._class_tags()}
            )
        ]
        if self.probabilities_path:
            desc = tuple(f"p({n})" for n in (self.names[1:] if self.binary else self.names))
            specs.append(
                OutputSpec(self.probabilities_path, self.channels, "float32", PROBABILITY_NODATA, desc, None, self.tags)
            )
        return specs

    def _class_tags(self) -> dict[str, str]:
        return {f"CLASS_{i}": name for i, name in enumerate(self.names)}

    def finalize(self, blended: np.ndarray, valid: np.ndarray) -> list[np.ndarray]:
        if self.binary:
            classes = (blended[0] >= self.contract.seg_thresh).astype(np.uint8)
        else:
            classes = _argmax_classes(blended)
        classes[~valid] = CLASS_NODATA
        result = [classes[None]]
        if self.probabilities_path:
            probs = blended.astype(np.float32, copy=True)
            probs[:, ~valid] = PROBABILITY_NODATA
            result.append(probs)
        return result


class ValuesAdapter(TaskAdapter):
    """Regression: the model's channels written as float32 bands."""

    def __init__(self, contract: ModelContract, output_path: str, tags: dict[str, str] | None = None) -> None:
        self.contract = contract
        self.output_path = output_path
        self.tags = tags or {}
        self.minimum = np.inf
        self.maximum = -np.inf

    def configure(self, outputs: list[np.ndarray], tile: int) -> None:
        self.channels = int(_as_pixel_channels(outputs[0], tile, "0").shape[1])

    def postprocess(self, outputs: list[np.ndarray], tile: int) -> np.ndarray:
        out = _as_pixel_channels(outputs[0], tile, "0").astype(np.float32, copy=False)
        return _activate(out, self.contract.output_activation)

    def output_specs(self) -> list[OutputSpec]:
        desc = tuple(self.contract.class_names) or tuple(f"value {i + 1}" for i in range(self.channels))
        return [OutputSpec(self.output_path, self.channels, "float32", VALUE_NODATA, desc, None, self.tags)]

    def finalize(self, blended: np.ndarray, valid: np.ndarray) -> list[np.ndarray]:
        out = blended.astype(np.float32, copy=True)
        if valid.any():
            self.minimum = min(self.minimum, float(out[:, valid].min()))
            self.maximum = max(self.maximum, float(out[:, valid].max()))
        out[:, ~valid] = VALUE_NODATA
        return [out]


class ProbabilityAdapter(ValuesAdapter):
    """One probability per pixel (e.g. landslide susceptibility) in [0, 1]."""

    def configure(self, outputs: list[np.ndarray], tile: int) -> None:
        channels = int(_as_pixel_channels(outputs[0], tile, "0").shape[1])
        if channels not in (1, 2):
            raise ModelError(f"A probability model must output 1 or 2 channels, this one outputs {channels}.")
        self.source_channels = channels
        self.channels = 1

    def postprocess(self, outputs: list[np.ndarray], tile: int) -> np.ndarray:
        out = super().postprocess(outputs, tile)
        return out[:, 1:2] if self.source_channels == 2 else out  # 2 channels: p(not), p(yes)

    def output_specs(self) -> list[OutputSpec]:
        return [OutputSpec(self.output_path, 1, "float32", PROBABILITY_NODATA, ("probability",), None, self.tags)]

    def finalize(self, blended: np.ndarray, valid: np.ndarray) -> list[np.ndarray]:
        out = blended.astype(np.float32, copy=True)
        out[:, ~valid] = PROBABILITY_NODATA
        return [out]
