# SPDX-License-Identifier: GPL-2.0-or-later
"""The model contract: what a model expects and produces, stored in ONNX metadata_props.

Every value is a JSON-encoded string. Deepness's keys are read so that its models run
unchanged; Lithoscope's own keys fill the gaps Deepness leaves (scaling in native units for
any data type, band names, nodata, colours, output kind, provenance and metrics).

Deepness keys: model_type, class_names, resolution (cm/px), tile_size (or tiles_size),
tiles_overlap (percent), standardization_mean, standardization_std (applied after /255),
seg_thresh.

Lithoscope keys: lithoscope_task, output_kind, output_activation, band_names, band_offset,
band_scale, input_nodata, nodata_fill, class_colors, tile_overlap_px, resolution_m,
model_version, description, training_data, metrics, licence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .errors import ModelError
from .onnx_file import read_header, write_metadata_props

TASKS = (
    "segmentation",
    "patch_classification",
    "susceptibility",
    "regression",
    "sequence",
    "autoencoder",
    "generator",
    "classification",
)
OUTPUT_KINDS = ("classes", "probability", "values")
ACTIVATIONS = ("none", "softmax", "sigmoid")

# Deepness model_type -> (Lithoscope task, output kind)
_DEEPNESS_TYPES = {
    "segmentor": ("segmentation", "classes"),
    "regressor": ("regression", "values"),
    "recognition": ("patch_classification", "classes"),
}

# A categorical palette for class maps whose model gives no colours (ColorBrewer Set3/Paired-like).
DEFAULT_COLORS = (
    "#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#b2df8a",
    "#fb9a99", "#fdbf6f", "#cab2d6", "#ffff99", "#8dd3c7", "#bebada", "#80b1d3", "#fccde5",
)  # fmt: skip


@dataclass(frozen=True)
class ModelContract:
    """What a model expects and produces. Fields left None are decided at run time."""

    task: str = "segmentation"
    output_kind: str = "classes"
    output_activation: str = "none"
    class_names: tuple[str, ...] = ()
    class_colors: tuple[str, ...] = ()
    band_names: tuple[str, ...] = ()
    band_offset: tuple[float, ...] | None = None
    band_scale: tuple[float, ...] | None = None
    input_nodata: float | None = None
    nodata_fill: float = 0.0
    tile_size: int | None = None
    tile_overlap: int | None = None
    seg_thresh: float = 0.5
    resolution_m: float | None = None
    model_version: str = ""
    description: str = ""
    licence: str = ""
    training_data: Any = None
    metrics: Any = None
    band_kinds: tuple[str, ...] = ()  # "continuous" or "categorical" per band
    band_categories: dict[str, tuple[float, ...]] = field(default_factory=dict)  # band name -> one-hot values
    sequence_length: int | None = None  # T of (N, T, F) sequence models
    sequence_features: int | None = None  # F of (N, T, F)
    input_roles: dict[str, str] = field(default_factory=dict)  # input name -> values | mask
    output_roles: dict[str, str] = field(default_factory=dict)  # output name -> label | probabilities | ...
    task_given: bool = False  # the metadata names the task (else the engine infers it from the input shape)
    deepness: bool = False
    deepness_scaling: bool = False  # band_offset/scale derived from Deepness's /255 standardisation
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def band_count(self) -> int | None:
        """Number of input bands the model expects, when the metadata says."""
        if self.band_names:
            return len(self.band_names)
        for values in (self.band_offset, self.band_scale):
            if values and len(values) > 1:  # a single offset or scale applies to every band
                return len(values)
        return None

    def class_name(self, index: int) -> str:
        """Name of output class `index` (0-based), with a fallback for unnamed classes."""
        if index < len(self.class_names) and self.class_names[index]:
            return self.class_names[index]
        return f"Class {index}"

    def class_color(self, index: int) -> str:
        """Colour of output class `index` as #rrggbb."""
        if index < len(self.class_colors) and self.class_colors[index]:
            return self.class_colors[index]
        return DEFAULT_COLORS[index % len(DEFAULT_COLORS)]


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, TypeError):
        return value  # third-party tools sometimes store plain strings


def _names(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, dict):
        try:
            items = sorted((int(k), str(v)) for k, v in value.items())
        except ValueError:
            raise ModelError(f"Model metadata '{key}' must map class numbers to names, got {value!r}.") from None
        if not items:
            return ()
        names = [""] * (items[-1][0] + 1)
        for i, name in items:
            if i < 0:
                raise ModelError(f"Model metadata '{key}' has a negative class number {i}.")
            names[i] = name
        return tuple(names)
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    if isinstance(value, str):
        return tuple(s.strip() for s in value.split(",")) if value else ()
    raise ModelError(f"Model metadata '{key}' must be a list or an object of names, got {value!r}.")


def _numbers(value: Any, key: str) -> tuple[float, ...]:
    if isinstance(value, (int, float)):
        value = [value]
    try:
        out = tuple(float(v) for v in value)
    except (TypeError, ValueError):
        raise ModelError(f"Model metadata '{key}' must be a list of numbers, got {value!r}.") from None
    return out


def _choice(value: Any, key: str, allowed: tuple[str, ...]) -> str:
    text = str(value).strip().lower()
    if text not in allowed:
        raise ModelError(f"Model metadata '{key}' is {value!r}; expected one of {', '.join(allowed)}.")
    return text


def contract_from_metadata(metadata: dict[str, str]) -> ModelContract:
    """Build a ModelContract from raw ONNX metadata_props (JSON-encoded values)."""
    raw = {k: _decode(v) for k, v in metadata.items()}
    kw: dict[str, Any] = {"raw": raw}

    model_type = raw.get("model_type")
    if model_type is not None:
        kind = str(model_type).strip().lower()
        if kind == "detector":
            raise ModelError(
                "This is an object-detection model (Deepness model_type 'Detector'); Lithoscope runs "
                "segmentation, classification, regression and other per-pixel models, not detectors."
            )
        if kind in _DEEPNESS_TYPES:
            kw["task"], kw["output_kind"] = _DEEPNESS_TYPES[kind]
            kw["deepness"] = True
    for key in ("lithoscope_task", "task"):
        if key in raw:
            # Any name is kept: the engine's task table refuses one it cannot run, and says which it can.
            task = str(raw[key]).strip().lower()
            if not task:
                raise ModelError(f"Model metadata '{key}' is empty; expected one of {', '.join(TASKS)}.")
            kw["task"] = task
            kw["task_given"] = True
            break
    if "output_kind" in raw:
        kw["output_kind"] = _choice(raw["output_kind"], "output_kind", OUTPUT_KINDS)
    if "output_activation" in raw:
        kw["output_activation"] = _choice(raw["output_activation"], "output_activation", ACTIVATIONS)

    if "class_names" in raw:
        kw["class_names"] = _names(raw["class_names"], "class_names")
    if "class_colors" in raw:
        kw["class_colors"] = _names(raw["class_colors"], "class_colors")
    if "band_names" in raw:
        kw["band_names"] = _names(raw["band_names"], "band_names")

    # Scaling: Lithoscope's native-unit keys win; Deepness's are on the 0..1 scale after /255.
    if "band_offset" in raw or "band_scale" in raw:
        offset = _numbers(raw.get("band_offset", 0.0), "band_offset")
        scale = _numbers(raw.get("band_scale", 1.0), "band_scale")
        kw["band_offset"], kw["band_scale"] = _broadcast_pair(offset, scale)
    elif "standardization_mean" in raw or "standardization_std" in raw or kw.get("deepness"):
        mean = _numbers(raw.get("standardization_mean", 0.0), "standardization_mean")
        std = _numbers(raw.get("standardization_std", 1.0), "standardization_std")
        mean, std = _broadcast_pair(mean, std)
        kw["band_offset"] = tuple(255.0 * m for m in mean)
        kw["band_scale"] = tuple(255.0 * s for s in std)
        kw["deepness"] = kw["deepness_scaling"] = True
    if kw.get("band_scale") and any(s == 0 for s in kw["band_scale"]):
        raise ModelError("Model metadata gives a band scale (or standard deviation) of 0; it must be non-zero.")

    if raw.get("input_nodata") is not None:
        kw["input_nodata"] = _numbers(raw["input_nodata"], "input_nodata")[0]
    if "nodata_fill" in raw:
        kw["nodata_fill"] = _numbers(raw["nodata_fill"], "nodata_fill")[0]

    tile = raw.get("tile_size", raw.get("tiles_size"))
    if tile is not None:
        kw["tile_size"] = int(_numbers(tile, "tile_size")[0])
    if "tile_overlap_px" in raw:
        kw["tile_overlap"] = int(_numbers(raw["tile_overlap_px"], "tile_overlap_px")[0])
    elif "tiles_overlap" in raw and kw.get("tile_size"):
        percent = _numbers(raw["tiles_overlap"], "tiles_overlap")[0]
        kw["tile_overlap"] = int(round(kw["tile_size"] * percent / 100.0))
    if "seg_thresh" in raw:
        kw["seg_thresh"] = _numbers(raw["seg_thresh"], "seg_thresh")[0]
    if "resolution_m" in raw:
        kw["resolution_m"] = _numbers(raw["resolution_m"], "resolution_m")[0]
    elif "resolution" in raw:
        kw["resolution_m"] = _numbers(raw["resolution"], "resolution")[0] / 100.0  # Deepness: cm/px

    if "band_kinds" in raw:
        kinds = _names(raw["band_kinds"], "band_kinds")
        for k in kinds:
            if k not in ("continuous", "categorical"):
                raise ModelError(f"Model metadata 'band_kinds' has {k!r}; each must be continuous or categorical.")
        kw["band_kinds"] = kinds
    if "band_categories" in raw:
        value = raw["band_categories"]
        if not isinstance(value, dict):
            raise ModelError("Model metadata 'band_categories' must map band names to lists of category values.")
        kw["band_categories"] = {str(k): _numbers(v, "band_categories") for k, v in value.items()}
    for key in ("sequence_length", "sequence_features"):
        if key in raw:
            n = _numbers(raw[key], key)[0]
            if n != int(n) or n < 1:
                raise ModelError(f"Model metadata '{key}' must be a positive whole number, got {raw[key]!r}.")
            kw[key] = int(n)
    for key in ("input_roles", "output_roles"):
        if key in raw:
            if not isinstance(raw[key], dict):
                raise ModelError(f"Model metadata '{key}' must map tensor names to roles, got {raw[key]!r}.")
            kw[key] = {str(k): str(v).lower() for k, v in raw[key].items()}

    for key in ("model_version", "description", "licence"):
        if key in raw:
            kw[key] = str(raw[key])
    for key in ("training_data", "metrics"):
        if key in raw:
            kw[key] = raw[key]
    return ModelContract(**kw)


def _broadcast_pair(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    if len(a) == 1 and len(b) > 1:
        a = a * len(b)
    if len(b) == 1 and len(a) > 1:
        b = b * len(a)
    if len(a) != len(b):
        raise ModelError(f"Model metadata gives {len(a)} band offsets/means but {len(b)} scales/stds.")
    return a, b


def read_contract(model_path: str) -> ModelContract:
    """Read the contract stored in an ONNX file (an empty contract if it has no metadata)."""
    return contract_from_metadata(read_header(model_path).metadata)


def write_contract(model_path: str, values: dict[str, Any], output_path: str | None = None) -> ModelContract:
    """Write or update contract keys in an ONNX file; a value of None removes the key.

    Values are JSON-encoded. The result is validated by parsing it back before the file is
    written, so a bad value never reaches the model file.
    """
    header = read_header(model_path)
    encoded = {k: (None if v is None else json.dumps(v)) for k, v in values.items()}
    merged = {**header.metadata, **{k: v for k, v in encoded.items() if v is not None}}
    for k, v in encoded.items():
        if v is None:
            merged.pop(k, None)
    contract = contract_from_metadata(merged)  # raises ModelError on a bad value
    write_metadata_props(model_path, encoded, output_path)
    return contract
