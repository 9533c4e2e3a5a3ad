# SPDX-License-Identifier: GPL-2.0-or-later
"""Output heads: how a model kind's named outputs become per-pixel channels and rasters.

A head sees the outputs of a batch by name, already brought to per-pixel maps
(N, K, tile, tile) by the layout (see kinds.py), together with the scaled input and its
validity mask, and returns the channels the stitching policy blends. When a block is final
it turns the blended channels (and, for copy-through, the block's native input) into one
array per output raster.

Classes (segmentation, patch and pixel classification): per-class probabilities are
blended, the class map is their arg-max, or the model's own label output where nothing is
blended (scikit-learn classifiers). Probability (susceptibility): one probability channel.
Values (regression): the model's channels as they are. Latent (autoencoder): latent bands
and the reconstruction error. Fill (generator): the model's values where the input is void,
the input itself everywhere else.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ModelError
from ..model.contract import ModelContract
from ..outputs.geotiff import OutputSpec
from ..outputs.styles import paletted_qml, pseudocolor_qml
from ..outputs.vector import field_name, unique_names

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


class Head:
    """The output side of a model kind: everything about its outputs. Subclasses override what differs.

    A head is configured once, by the probe (`configure`, on the probe's copy of the kind), and is
    plain values after that: what a run observes (value ranges for the styles) is kept in RunStats.
    Everything downstream asks the head, never its class: the rasters it writes (`output_specs`),
    their styles (`styles`), the fields a table run gets (`table_fields`, `table_row`), the classes
    it maps (`classes`), its `output_kind` for results and plots.
    """

    output_kind = "values"  # what the result is called: classes, probability, values, latent, filled
    channels: int = 0  # per-pixel channels handed to the stitching policy
    probability_channels: int = 0  # the first channels are probabilities (their range is checked)
    needs_native = False  # finalize() gets the block's native input (copy-through)
    nodata = VALUE_NODATA  # of the first output
    _output_attributes: tuple[str, ...] = ("value_name",)

    def __init__(
        self,
        contract: ModelContract,
        session: Any,
        paths: dict[str, str | None],
        tags: dict,
        encoding: Any = None,
        source_dtype: str = "float32",
    ) -> None:
        self.contract = contract
        self.paths = paths
        self.tags = tags or {}
        self.outputs = {o.name: o for o in session.outputs}
        self.class_labels = tuple(session.class_labels)

    # -- finding outputs by name, role or type ------------------------------------------
    def role(self, role: str, kinds: tuple[str, ...] = ("float",)) -> str | None:
        """The output that plays `role`: named in the contract's output_roles, else by name, else by type."""
        roles = self.contract.output_roles
        for name, r in roles.items():
            if r == role and name in self.outputs:
                return name
        for name in self.outputs:
            if role in name.lower():
                return name
        for name, info in self.outputs.items():
            if name not in roles and _type_kind(info.type) in kinds:
                return name
        return None

    def configure(self, maps: dict[str, np.ndarray], blended: bool) -> None:
        """See the outputs of a probe run (as maps); set `channels`; raise ModelError if unusable."""
        raise NotImplementedError

    def used_outputs(self) -> list[str]:
        """The model outputs this head reads (the engine converts only these)."""
        return [n for n in (getattr(self, a, None) for a in self._output_attributes) if n]

    # -- per batch and per block ---------------------------------------------------------
    def to_channels(self, maps: dict[str, np.ndarray], inputs: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Outputs of a batch (maps by name) -> channels (N, channels, t, t) float32."""
        raise NotImplementedError

    def finalize(self, blended: np.ndarray, valid: np.ndarray, native: np.ndarray | None, inside: np.ndarray):
        """Blended channels (channels, h, w) of a finished block -> one array per output."""
        out = blended.astype(np.float32, copy=True)
        out[:, ~valid] = self.nodata
        return [out]

    def skip(self, valid: np.ndarray, inside: np.ndarray) -> bool:
        """Whether a tile needs no model run (nothing valid in it)."""
        return not valid.any()

    def written(self, valid: np.ndarray, inside: np.ndarray) -> np.ndarray:
        """Pixels of a block that get a value (the rest is nodata)."""
        return valid

    @property
    def read_dtype(self) -> str:
        """The type the input is read as (float64 where copy-through must give back every value exactly)."""
        return "float32"

    # -- the outputs ---------------------------------------------------------------------
    def output_specs(self) -> list[OutputSpec]:
        """The rasters (or table columns) this head writes: one spec per output array of `finalize`."""
        desc = tuple(self.contract.class_names) or tuple(f"value {i + 1}" for i in range(self.channels))
        return [OutputSpec(self.paths["output"], self.channels, "float32", self.nodata, desc, None, self.tags)]

    def observed(self, arrays: list[np.ndarray]) -> np.ndarray | None:
        """The values whose range styles the output (RunStats.observe); None: styles need no range."""
        return arrays[0]

    def styles(self, value_range: tuple[float, float]) -> list[tuple[str, str]]:
        """(raster path, QGIS style) of each output: a colour ramp over the values written."""
        return [(self.paths["output"], pseudocolor_qml(*value_range))]

    @property
    def classes(self) -> list[tuple[int, str, str]]:
        """(value in the output, name, colour) of each class it maps; empty when it maps none."""
        return []

    @property
    def probabilities_path(self) -> str | None:
        """The raster of per-class probabilities it writes, if any."""
        return None

    def table_fields(self) -> list[tuple[str, str]]:
        """The fields (name, integer | real | text) a table run gets: one per output value."""
        names = list(self.contract.class_names)
        if len(names) == self.channels:
            names = unique_names([field_name(n, f"forecast_{i + 1}") for i, n in enumerate(names)])
        else:
            names = [f"forecast_{i + 1}" for i in range(self.channels)]
        return [(n, "real") for n in names]

    def table_row(self, arrays: list[np.ndarray], j: int) -> tuple:
        """The field values of row j of a table run, from the arrays of `finalize` (rows along axis 1)."""
        return tuple(float(v) for v in arrays[0][:, j])


def _type_kind(onnx_type: str) -> str:
    if onnx_type.startswith("seq(map"):
        return "float"  # ZipMap: probabilities by class label
    if onnx_type in ("tensor(float)", "tensor(double)", "tensor(float16)"):
        return "float"
    return "label"


class ClassesHead(Head):
    """Class map (paletted, uint8) plus optional per-class probability raster."""

    output_kind = "classes"
    nodata = CLASS_NODATA
    _output_attributes = ("prob_name", "label_name")

    def configure(self, maps: dict[str, np.ndarray], blended: bool) -> None:
        self.prob_name = self.role("probabilities")
        if self.prob_name not in maps:
            self.prob_name = None
        # The class is the arg-max of the probabilities (as scikit-learn's predict); a label output is
        # read only when there are no probabilities (and nothing is blended).
        label = None if blended or self.prob_name else self.role("label", ("label",))
        self.label_name = label if label in maps else None
        if self.prob_name is None and self.label_name is None:
            raise ModelError(
                "The model has no output Lithoscope can read as classes (probabilities, or labels it lists). "
                "Export the class probabilities too (skl2onnx does by default)."
            )
        n_label = len(self.class_labels)
        self.prob_channels = int(maps[self.prob_name].shape[1]) if self.prob_name else 0
        if self.prob_name is None:
            if not n_label:
                raise ModelError(
                    "The model outputs class labels only, without the list of classes; give class_names in its "
                    "metadata (Set model metadata) or export the probabilities too."
                )
            self.prob_channels = 0
        self.binary = self.prob_channels == 1
        n_classes = 2 if self.binary else (self.prob_channels or n_label)
        if n_classes > 254:
            raise ModelError(f"The model has {n_classes} classes; Lithoscope class maps hold at most 254.")
        names = list(self.contract.class_names)
        if not names and self.class_labels and list(self.class_labels) != list(range(n_classes)):
            names = [str(v) for v in self.class_labels]
        if self.binary and len(names) == 1:
            names = ["background", names[0]]
        if names and len(names) != n_classes:
            raise ModelError(
                f"The model outputs {n_classes} classes but its metadata names {len(names)} "
                f"({', '.join(names)}). Give exactly {n_classes} names, one per class in output order, in "
                "class_names (Set model metadata)."
            )
        self.names = [names[i] if i < len(names) and names[i] else f"Class {i}" for i in range(n_classes)]
        # Integer class labels (lithology codes 1..14, say) are written as themselves, as predict gives them.
        labels = self.class_labels
        if (
            len(labels) == n_classes
            and all(isinstance(v, int) and 0 <= v < CLASS_NODATA for v in labels)
            and len(set(labels)) == n_classes
        ):
            self.values = [int(v) for v in labels]
        else:
            self.values = list(range(n_classes))
        self._lut = np.array(self.values, np.uint8)
        self.channels = self.prob_channels + (1 if self.label_name else 0)
        self.probability_channels = self.prob_channels

    def to_channels(self, maps: dict[str, np.ndarray], inputs: np.ndarray, valid: np.ndarray) -> np.ndarray:
        parts = []
        if self.prob_name:
            out = maps[self.prob_name]
            activation = self.contract.output_activation
            if self.binary and activation == "softmax":
                activation = "sigmoid"
            parts.append(_activate(out, activation))
        if self.label_name:
            parts.append(maps[self.label_name])
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)

    @property
    def probabilities_path(self) -> str | None:
        return self.paths.get("probabilities") if self.prob_channels else None

    def output_specs(self) -> list[OutputSpec]:
        colormap = {v: _hex_to_rgba(self.contract.class_color(i)) for i, v in enumerate(self.values)}
        class_tags = {f"CLASS_{v}": name for v, name in zip(self.values, self.names)}
        specs = [
            OutputSpec(
                self.paths["output"], 1, "uint8", CLASS_NODATA, ("class",), colormap, {**self.tags, **class_tags}
            )
        ]
        if self.probabilities_path:
            desc = tuple(f"p({n})" for n in (self.names[1:] if self.binary else self.names))
            specs.append(
                OutputSpec(
                    self.probabilities_path, self.prob_channels, "float32", PROBABILITY_NODATA, desc, None, self.tags
                )
            )
        return specs

    def finalize(self, blended: np.ndarray, valid: np.ndarray, native: np.ndarray | None, inside: np.ndarray):
        probs = blended[: self.prob_channels]
        if self.label_name:
            classes = blended[self.prob_channels].astype(np.uint8)
        elif self.binary:
            classes = (probs[0] >= self.contract.seg_thresh).astype(np.uint8)
        else:
            classes = _argmax_classes(probs)
        if self.values != list(range(len(self.values))):
            classes = self._lut[np.minimum(classes, len(self.values) - 1)]
        classes[~valid] = CLASS_NODATA
        result = [classes[None]]
        if self.probabilities_path:
            out = probs.astype(np.float32, copy=True)
            out[:, ~valid] = PROBABILITY_NODATA
            result.append(out)
        return result

    def observed(self, arrays: list[np.ndarray]) -> np.ndarray | None:
        return None  # a paletted style: no range

    @property
    def classes(self) -> list[tuple[int, str, str]]:
        return [(v, n, self.contract.class_color(i)) for i, (v, n) in enumerate(zip(self.values, self.names))]

    def styles(self, value_range: tuple[float, float]) -> list[tuple[str, str]]:
        colors = [self.contract.class_color(i) for i in range(len(self.names))]
        out = [(self.paths["output"], paletted_qml(self.names, colors, values=self.values))]
        if self.probabilities_path:
            out.append((self.probabilities_path, pseudocolor_qml(0.0, 1.0)))
        return out

    def table_fields(self) -> list[tuple[str, str]]:
        fields = [("class", "integer"), ("class_name", "text")]
        if self.probabilities_path:
            probs = self.names[1:] if self.binary else self.names
            names = unique_names([f"p_{field_name(n, f'class_{i}')}" for i, n in enumerate(probs)])
            fields += [(n, "real") for n in names]
        return fields

    def table_row(self, arrays: list[np.ndarray], j: int) -> tuple:
        value = int(arrays[0][0, j])
        probabilities = tuple(float(v) for v in arrays[1][:, j]) if len(arrays) > 1 else ()
        return (value, dict(zip(self.values, self.names)).get(value, str(value))) + probabilities


class ValuesHead(Head):
    """Regression: the model's channels written as float32 bands."""

    def configure(self, maps: dict[str, np.ndarray], blended: bool) -> None:
        self.value_name = self.role("values") or next(iter(maps))
        self.channels = int(maps[self.value_name].shape[1])

    def to_channels(self, maps: dict[str, np.ndarray], inputs: np.ndarray, valid: np.ndarray) -> np.ndarray:
        out = maps[self.value_name]
        activation = self.contract.output_activation
        if activation == "softmax" and out.shape[1] == 1:
            activation = "sigmoid"  # softmax over one channel is always 1: the model means a sigmoid
        return _activate(out, activation)


class ProbabilityHead(ValuesHead):
    """One probability per pixel (e.g. landslide susceptibility) in [0, 1].

    A model with an output of role "uncertainty" (N, 1) (a susceptibility model holding its fold models
    in one graph) also gives the uncertainty raster, in the same pass, when the run names its path.
    """

    output_kind = "probability"
    nodata = PROBABILITY_NODATA
    uncertainty_name: str | None = None
    _output_attributes = ("value_name", "uncertainty_name")

    def configure(self, maps: dict[str, np.ndarray], blended: bool) -> None:
        self.value_name = self.role("probabilities") or next(iter(maps))
        channels = int(maps[self.value_name].shape[1])
        if channels not in (1, 2):
            raise ModelError(f"A probability model must output 1 or 2 channels, this one outputs {channels}.")
        self.source_channels = channels
        self.channels = 1
        self.probability_channels = 1
        self.uncertainty_name = None
        if self.paths.get("uncertainty"):
            named = [n for n, r in self.contract.output_roles.items() if r == "uncertainty" and n in self.outputs]
            self.uncertainty_name = named[0] if named else ("uncertainty" if "uncertainty" in self.outputs else None)
            if self.uncertainty_name is None:
                raise ModelError(
                    "The model has no 'uncertainty' output (the spread of its fold models), so there is no "
                    "uncertainty raster to write; train it again with Lithoscope keeping the uncertainty, or leave "
                    "the uncertainty output empty."
                )
            self.channels = 2

    def to_channels(self, maps: dict[str, np.ndarray], inputs: np.ndarray, valid: np.ndarray) -> np.ndarray:
        out = super().to_channels(maps, inputs, valid)
        out = out[:, 1:2] if self.source_channels == 2 else out  # 2 channels: p(not), p(yes)
        if self.uncertainty_name:
            out = np.concatenate([out, maps[self.uncertainty_name][:, :1].astype(np.float32, copy=False)], axis=1)
        return out

    def finalize(self, blended: np.ndarray, valid: np.ndarray, native: np.ndarray | None, inside: np.ndarray):
        out = blended.astype(np.float32, copy=True)
        out[:, ~valid] = self.nodata
        return [out[:1], out[1:]] if self.uncertainty_name else [out]

    def output_specs(self) -> list[OutputSpec]:
        specs = [OutputSpec(self.paths["output"], 1, "float32", PROBABILITY_NODATA, ("probability",), None, self.tags)]
        if self.uncertainty_name:
            desc = ("susceptibility spread (std of fold models)",)
            specs.append(OutputSpec(self.paths["uncertainty"], 1, "float32", PROBABILITY_NODATA, desc, None, self.tags))
        return specs

    def styles(self, value_range: tuple[float, float]) -> list[tuple[str, str]]:
        out = [(self.paths["output"], pseudocolor_qml(0.0, 1.0))]
        if self.uncertainty_name:  # a standard deviation of probabilities is at most 0.5
            out.append((self.paths["uncertainty"], pseudocolor_qml(0.0, 0.5, label="std")))
        return out

    def table_fields(self) -> list[tuple[str, str]]:
        return [("probability", "real")] + ([("uncertainty", "real")] if self.uncertainty_name else [])

    def table_row(self, arrays: list[np.ndarray], j: int) -> tuple:
        return tuple(float(a[0, j]) for a in arrays)


class LatentHead(Head):
    """Autoencoder: k latent bands and the reconstruction error (mean squared, in scaled units)."""

    output_kind = "latent"
    _output_attributes = ("latent_name", "recon_name")

    def configure(self, maps: dict[str, np.ndarray], blended: bool) -> None:
        self.latent_name = self.role("latent", ())
        self.recon_name = self.role("reconstruction", ())
        if self.recon_name is None or self.latent_name is None:
            names = ", ".join(self.outputs)
            raise ModelError(
                f"An autoencoder needs a latent output and a reconstruction output; this model has {names}. "
                'Name them in the metadata: output_roles = {"<name>": "latent", "<name>": "reconstruction"}.'
            )
        self.latent = int(maps[self.latent_name].shape[1])
        self.channels = self.latent + 1

    def to_channels(self, maps: dict[str, np.ndarray], inputs: np.ndarray, valid: np.ndarray) -> np.ndarray:
        recon = maps[self.recon_name]
        if recon.shape[1] != inputs.shape[1]:
            raise ModelError(
                f"The reconstruction has {recon.shape[1]} channels but the model was fed {inputs.shape[1]}."
            )
        error = np.square(recon - inputs).mean(axis=1, keepdims=True)
        return np.concatenate([maps[self.latent_name].astype(np.float32, copy=False), error], axis=1)

    def output_specs(self) -> list[OutputSpec]:
        desc = tuple(f"latent {i + 1}" for i in range(self.latent)) + ("reconstruction error",)
        return [OutputSpec(self.paths["output"], self.channels, "float32", VALUE_NODATA, desc, None, self.tags)]

    def observed(self, arrays: list[np.ndarray]) -> np.ndarray | None:
        return arrays[0][-1]  # the reconstruction error: the band the style shows

    def styles(self, value_range: tuple[float, float]) -> list[tuple[str, str]]:
        return [(self.paths["output"], pseudocolor_qml(*value_range, self.channels, "reconstruction error"))]

    def table_fields(self) -> list[tuple[str, str]]:
        return [(f"latent_{i + 1}", "real") for i in range(self.latent)] + [("reconstruction_error", "real")]


class FillHead(Head):
    """Generator (void filling): the model's values where the input is void, the input elsewhere.

    Copy-through: pixels with data are the input's own values, bit for bit; only void pixels
    (nodata inside the area) take the model's output, brought back to native units.
    """

    output_kind = "filled"
    needs_native = True

    def __init__(self, contract, session, paths, tags, encoding=None, source_dtype: str = "float32") -> None:
        super().__init__(contract, session, paths, tags)
        self.offset = encoding.offset
        self.scale = encoding.scale
        # Copy-through must give back every input value exactly: float32 holds 8/16-bit integers and
        # float32 values, not float64 or 32-bit integers.
        self.output_dtype = "float64" if source_dtype in ("float64", "int32", "uint32") else "float32"

    @property
    def read_dtype(self) -> str:
        return self.output_dtype

    def configure(self, maps: dict[str, np.ndarray], blended: bool) -> None:
        self.value_name = self.role("values") or next(iter(maps))
        self.channels = int(maps[self.value_name].shape[1])
        bands = len(self.offset)
        if self.channels != bands:
            raise ModelError(
                f"The generator outputs {self.channels} band(s) for {bands} input band(s); they must match."
            )

    def to_channels(self, maps: dict[str, np.ndarray], inputs: np.ndarray, valid: np.ndarray) -> np.ndarray:
        return maps[self.value_name]

    def skip(self, valid: np.ndarray, inside: np.ndarray) -> bool:
        return bool(valid.all()) or not inside.any()

    def written(self, valid: np.ndarray, inside: np.ndarray) -> np.ndarray:
        return inside

    def output_specs(self) -> list[OutputSpec]:
        desc = ("filled",) if self.channels == 1 else tuple(f"filled {i + 1}" for i in range(self.channels))
        return [OutputSpec(self.paths["output"], self.channels, self.output_dtype, VALUE_NODATA, desc, None, self.tags)]

    def finalize(self, blended: np.ndarray, valid: np.ndarray, native: np.ndarray | None, inside: np.ndarray):
        model = (
            blended * np.asarray(self.scale, np.float32)[:, None, None]
            + np.asarray(self.offset, np.float32)[:, None, None]
        )
        dtype = np.dtype(self.output_dtype)
        out = np.where(valid[None], native, model).astype(dtype)
        filled = inside & ~valid
        if filled.any() and not np.isfinite(out[:, filled]).all():
            raise ModelError(
                "The generator's values, brought back to the raster's units, overflow; check the model's band "
                "offset and scale."
            )
        out[:, ~inside] = VALUE_NODATA
        return [out]
