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
model_version, description, training_data, metrics, licence; sequence models: sequence_length,
sequence_features, sequence_step, sequence_difference, sequence_scaling, sequence_gaps,
sequence_min_valid, sequence_window (applied by kinds/sequences.py), sequence_interval_days
(applied by pipelines/features.py).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ModelError
from ..outputs.styles import DEFAULT_COLORS
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


SEQUENCE_SCALINGS = ("none", "per_series", "per_feature")


SEQUENCE_GAPS = ("mask", "interpolate", "refuse")


SEQUENCE_WINDOWS = ("exact", "last")


ACTIVATIONS = ("none", "softmax", "sigmoid")


# Deepness model_type -> (Lithoscope task, output kind)
_DEEPNESS_TYPES = {
    "segmentor": ("segmentation", "classes"),
    "regressor": ("regression", "values"),
    "recognition": ("patch_classification", "classes"),
}


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
    # Per band, the range of the training data (1st to 99th percentile), None for a band without one (categorical):
    # an input that lies mostly outside is warned about before a run.
    band_ranges: tuple[tuple[float, float] | None, ...] = ()
    # Bands the run computes from another band: band name -> (terrain factor, name of the band it is computed of),
    # e.g. {"slope_deg": ("slope", "elevation_m")}: the model then also runs on the other bands alone.
    band_derived: dict[str, tuple[str, str]] = field(default_factory=dict)
    sequence_length: int | None = None  # T of (N, T, F) sequence models
    sequence_features: int | None = None  # F of (N, T, F)
    sequence_step: int = 1  # use every k-th step of a series, counted back from the last
    sequence_difference: int = 0  # 1: feed first differences along time
    sequence_scaling: str | None = None  # none | per_series | per_feature (None: per_feature when offsets are given)
    sequence_gaps: str = "mask"  # nodata steps in a series: mask the series, interpolate them, or refuse the run
    sequence_min_valid: float = 0.5  # fraction of valid steps a series needs to be interpolated
    sequence_window: str = "exact"  # a series longer than a fixed-length model: refuse (exact) or use the last steps
    sequence_interval_days: float | None = None  # table series put on a regular grid of this step (days for dates)
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
        if self.task == "sequence":
            return None  # a sequence model's offsets are per feature, and its band count depends on the series
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


MAX_CLASSES = 254  # a class map is uint8 with 255 as nodata


MAX_BANDS = 4096


MAX_TILE = 16384


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, TypeError):
        return value  # third-party tools sometimes store plain strings
    except RecursionError:
        raise ModelError("Model metadata holds JSON nested too deeply to read; write it again.") from None


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(value: Any, key: str, minimum: float | None = None, maximum: float | None = None) -> float:
    """One finite number; JSON strings of numbers ("256") are read as numbers."""
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text)
        except ValueError:
            raise ModelError(f"Model metadata '{key}' must be a number, got {_describe(value)}.") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelError(f"Model metadata '{key}' must be a number, got {_describe(value)}.")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ModelError(f"Model metadata '{key}' must be a finite number, got {_describe(value)}.")
    if minimum is not None and number < minimum or maximum is not None and number > maximum:
        lo = "" if minimum is None else f" from {minimum:g}"
        hi = "" if maximum is None else f" up to {maximum:g}"
        raise ModelError(f"Model metadata '{key}' is {number:g}; expected a number{lo}{hi}.")
    return number


def _integer(value: Any, key: str, minimum: int, maximum: int) -> int:
    number = _number(value, key, minimum, maximum)
    if number != int(number):
        raise ModelError(f"Model metadata '{key}' must be a whole number, got {_describe(value)}.")
    return int(number)


def _numbers(value: Any, key: str) -> tuple[float, ...]:
    """A list of finite numbers: a JSON list, one number, or a string "1, 2" / "[1, 2]"."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            value = _decode(text)
        else:
            value = [part for part in text.replace(";", ",").split(",")] if text else []
    if isinstance(value, (bool, int, float)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ModelError(f"Model metadata '{key}' must be a list of numbers, got {_describe(value)}.")
    if not value:
        raise ModelError(f"Model metadata '{key}' is empty; give one number per band.")
    if len(value) > MAX_BANDS:
        raise ModelError(f"Model metadata '{key}' has {len(value)} values; at most {MAX_BANDS} bands are supported.")
    out = []
    for v in value:
        try:
            out.append(_number(v, key))
        except ModelError:
            raise ModelError(
                f"Model metadata '{key}' must be a list of numbers, all finite, got {_describe(value)}."
            ) from None
    return tuple(out)


def _text(value: Any, key: str) -> str:
    if isinstance(value, (dict, list)):
        raise ModelError(f"Model metadata '{key}' must be text, got {_describe(value)}.")
    return "" if value is None else str(value)


def _names(value: Any, key: str) -> tuple[str, ...]:
    """Names by position: a list, an object of index -> name, or a comma-separated string."""
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            try:
                index = int(str(k).strip())
            except ValueError:
                raise ModelError(f"Model metadata '{key}' must map class numbers to names, got key {k!r}.") from None
            if index < 0 or index >= MAX_CLASSES:
                raise ModelError(f"Model metadata '{key}' has class number {index}; expected 0 to {MAX_CLASSES - 1}.")
            if isinstance(v, (dict, list)):
                raise ModelError(f"Model metadata '{key}' gives {_describe(v)} for class {index}; expected a name.")
            items.append((index, "" if v is None else str(v)))
        if not items:
            return ()
        names = [""] * (max(i for i, _ in items) + 1)
        for i, name in items:
            names[i] = name
        return tuple(names)
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_BANDS:
            raise ModelError(f"Model metadata '{key}' has {len(value)} entries; at most {MAX_BANDS} are supported.")
        for v in value:
            if isinstance(v, (dict, list)):
                raise ModelError(f"Model metadata '{key}' must be a list of names, got {_describe(v)} in it.")
        return tuple("" if v is None else str(v) for v in value)
    if isinstance(value, str):
        return tuple(s.strip() for s in value.split(",")) if value.strip() else ()
    raise ModelError(f"Model metadata '{key}' must be a list or an object of names, got {_describe(value)}.")


_HEX = re.compile(r"^#?[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")


def _colors(value: Any, key: str) -> tuple[str, ...]:
    colors = _names(value, key)
    for c in colors:
        if c and not _HEX.match(c.strip()):
            raise ModelError(f"Model metadata '{key}' has colour {c!r}; each colour must be #rrggbb (or #rrggbbaa).")
    return tuple(("#" + c.strip().lstrip("#")) if c else "" for c in colors)


def _choice(value: Any, key: str, allowed: tuple[str, ...]) -> str:
    text = value.strip().lower() if isinstance(value, str) else None
    if text not in allowed:
        raise ModelError(f"Model metadata '{key}' is {_describe(value)}; expected one of {', '.join(allowed)}.")
    return text


def _roles(value: Any, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ModelError(f"Model metadata '{key}' must map tensor names to roles, got {_describe(value)}.")
    return {str(k): _text(v, key).lower() for k, v in value.items()}


def contract_from_metadata(metadata: dict[str, str]) -> ModelContract:
    """Build a ModelContract from raw ONNX metadata_props (JSON-encoded values).

    Every key Lithoscope reads is checked: a value of the wrong type, empty, not finite or
    out of range raises a ModelError that names the key and what is expected.
    """
    raw = {k: _decode(v) for k, v in metadata.items()}
    kw: dict[str, Any] = {"raw": raw}
    readers = (_read_task, _read_classes, _read_scaling, _read_tiling, _read_bands, _read_sequence, _read_card)
    for read in readers:  # in this order: with several bad keys, the first one met is named
        read(raw, kw)
    return ModelContract(**kw)


def _read_task(raw: dict, kw: dict) -> None:
    """model_type (Deepness), lithoscope_task / task, output_kind, output_activation."""
    model_type = raw.get("model_type")
    if model_type is not None:
        kind = _text(model_type, "model_type").strip().lower()
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
            task = _text(raw[key], key).strip().lower()
            if not task:
                raise ModelError(f"Model metadata '{key}' is empty; expected one of {', '.join(TASKS)}.")
            kw["task"] = task
            kw["task_given"] = True
            break
    if "output_kind" in raw:
        kw["output_kind"] = _choice(raw["output_kind"], "output_kind", OUTPUT_KINDS)
    if "output_activation" in raw:
        kw["output_activation"] = _choice(raw["output_activation"], "output_activation", ACTIVATIONS)


def _read_classes(raw: dict, kw: dict) -> None:
    """class_names, class_colors, band_names."""
    if "class_names" in raw:
        kw["class_names"] = _names(raw["class_names"], "class_names")
        if len(kw["class_names"]) > MAX_CLASSES:
            raise ModelError(f"Model metadata 'class_names' names {len(kw['class_names'])} classes; at most 254.")
    if "class_colors" in raw:
        kw["class_colors"] = _colors(raw["class_colors"], "class_colors")
    if "band_names" in raw:
        kw["band_names"] = _names(raw["band_names"], "band_names")


def _read_scaling(raw: dict, kw: dict) -> None:
    """band_offset / band_scale (native units), else Deepness's standardization (0..1 after /255); nodata."""
    if "band_offset" in raw or "band_scale" in raw:
        offset = _numbers(raw.get("band_offset", 0.0), "band_offset")
        scale = _numbers(raw.get("band_scale", 1.0), "band_scale")
        kw["band_offset"], kw["band_scale"] = _broadcast_pair(offset, scale)
        zero_key = "band_scale"
    elif "standardization_mean" in raw or "standardization_std" in raw or kw.get("deepness"):
        mean = _numbers(raw.get("standardization_mean", 0.0), "standardization_mean")
        std = _numbers(raw.get("standardization_std", 1.0), "standardization_std")
        mean, std = _broadcast_pair(mean, std)
        kw["band_offset"] = tuple(255.0 * m for m in mean)
        kw["band_scale"] = tuple(255.0 * s for s in std)
        kw["deepness"] = kw["deepness_scaling"] = True
        zero_key = "standardization_std"
    if kw.get("band_scale") and any(s == 0 for s in kw["band_scale"]):
        raise ModelError(f"Model metadata '{zero_key}' gives a scale of 0; every scale must be non-zero.")
    if kw.get("band_scale") and not all(math.isfinite(v) for v in kw["band_scale"] + kw["band_offset"]):
        raise ModelError(f"Model metadata '{zero_key}' gives scaling too large to use; check its values.")
    if raw.get("input_nodata") is not None:
        kw["input_nodata"] = _number(raw["input_nodata"], "input_nodata")
    if "nodata_fill" in raw:
        kw["nodata_fill"] = _number(raw["nodata_fill"], "nodata_fill", -3.0e38, 3.0e38)


def _read_tiling(raw: dict, kw: dict) -> None:
    """tile_size (tiles_size), tile_overlap_px (tiles_overlap in %), seg_thresh, resolution_m (resolution)."""
    for key in ("tile_size", "tiles_size"):
        if raw.get(key) is not None:
            kw["tile_size"] = _integer(raw[key], key, 8, MAX_TILE)
            break
    if raw.get("tile_overlap_px") is not None:
        kw["tile_overlap"] = _integer(raw["tile_overlap_px"], "tile_overlap_px", 0, MAX_TILE // 2)
        tile = kw.get("tile_size")
        if tile and 2 * kw["tile_overlap"] > tile:
            raise ModelError(
                f"Model metadata 'tile_overlap_px' is {kw['tile_overlap']} px, more than half the tile size ({tile} "
                f"px): tiles would overlap more than they advance. Give an overlap of at most {tile // 2} px."
            )
    elif raw.get("tiles_overlap") is not None:
        percent = _number(raw["tiles_overlap"], "tiles_overlap", 0.0, 50.0)
        if kw.get("tile_size"):
            kw["tile_overlap"] = int(round(kw["tile_size"] * percent / 100.0))
    if "seg_thresh" in raw:
        kw["seg_thresh"] = _number(raw["seg_thresh"], "seg_thresh", 0.0, 1.0)
    if raw.get("resolution_m") is not None:
        kw["resolution_m"] = _number(raw["resolution_m"], "resolution_m", 1e-9)
    elif raw.get("resolution") is not None:
        kw["resolution_m"] = _number(raw["resolution"], "resolution", 1e-7) / 100.0  # Deepness: cm/px


def _read_bands(raw: dict, kw: dict) -> None:
    """band_kinds, band_categories (one-hot)."""
    if "band_kinds" in raw:
        kinds = tuple(k.strip().lower() for k in _names(raw["band_kinds"], "band_kinds"))
        for k in kinds:
            if k not in ("continuous", "categorical"):
                raise ModelError(f"Model metadata 'band_kinds' has {k!r}; each must be continuous or categorical.")
        kw["band_kinds"] = kinds
    if raw.get("band_ranges") is not None:
        value = raw["band_ranges"]
        if not isinstance(value, list):
            raise ModelError(
                "Model metadata 'band_ranges' must be a list of [low, high] pairs (or null), one per band."
            )
        ranges = []
        for pair in value:
            if pair is None:
                ranges.append(None)
                continue
            low, high = _numbers(pair, "band_ranges") if isinstance(pair, list) and len(pair) == 2 else (1.0, 0.0)
            if not low <= high:
                raise ModelError(f"Model metadata 'band_ranges' has {pair!r}; each entry is [low, high] or null.")
            ranges.append((low, high))
        kw["band_ranges"] = tuple(ranges)
    if "band_categories" in raw:
        value = raw["band_categories"]
        if not isinstance(value, dict):
            raise ModelError("Model metadata 'band_categories' must map band names to lists of category values.")
        categories = {}
        for k, v in value.items():
            values = _numbers(v, "band_categories")
            if len(values) > MAX_CLASSES:
                raise ModelError(
                    f"Model metadata 'band_categories' lists {len(values)} categories for {k}; at most 254."
                )
            categories[str(k)] = values
        kw["band_categories"] = categories
    if raw.get("band_derived") is not None:
        kw["band_derived"] = _read_derived(raw["band_derived"], kw.get("band_names") or ())


def _read_derived(value: Any, names: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """band_derived: {band: {"terrain": factor, "of": band}}, each band named in band_names, computed of one that is
    not itself computed."""
    from ..sources.terrain import TERRAIN_FACTORS

    usage = 'Model metadata \'band_derived\' maps band names to {"terrain": "<factor>", "of": "<band>"}'
    if not isinstance(value, dict):
        raise ModelError(f"{usage}, not {type(value).__name__}.")
    out: dict[str, tuple[str, str]] = {}
    for band, recipe in value.items():
        if not isinstance(recipe, dict) or set(recipe) != {"terrain", "of"}:
            raise ModelError(f"{usage}; '{band}' has {recipe!r}.")
        factor, source = str(recipe["terrain"]), str(recipe["of"])
        if factor not in TERRAIN_FACTORS:
            raise ModelError(
                f"Model metadata 'band_derived' computes '{band}' as terrain factor '{factor}', which Lithoscope does "
                f"not know; use one of {', '.join(TERRAIN_FACTORS)}."
            )
        if band not in names or source not in names:
            raise ModelError(
                f"Model metadata 'band_derived' names '{band}' of '{source}'; both must be in band_names "
                f"({', '.join(names) or 'none given'})."
            )
        out[str(band)] = (factor, source)
    for band, (_, source) in out.items():
        if source in out:
            raise ModelError(
                f"Model metadata 'band_derived' computes '{band}' of '{source}', which is computed itself; compute "
                "every band of a band the run is given."
            )
    return out


def _read_sequence(raw: dict, kw: dict) -> None:
    """The sequence_* keys: length, features, step, difference, scaling, gaps, min_valid, window, interval."""
    for key in ("sequence_length", "sequence_features", "sequence_step"):
        if raw.get(key) is not None:
            kw[key] = _integer(raw[key], key, 1, 100_000)
    if raw.get("sequence_difference") is not None:
        value = raw["sequence_difference"]
        kw["sequence_difference"] = _integer(
            int(value) if isinstance(value, bool) else value, "sequence_difference", 0, 1
        )
    if "sequence_scaling" in raw:
        kw["sequence_scaling"] = _choice(raw["sequence_scaling"], "sequence_scaling", SEQUENCE_SCALINGS)
        if kw["sequence_scaling"] == "per_feature" and kw.get("band_scale") is None:
            raise ModelError(
                "Model metadata 'sequence_scaling' is per_feature, but the metadata gives no band_offset or "
                "band_scale; give one value per feature (or one for all)."
            )
    if "sequence_gaps" in raw:
        kw["sequence_gaps"] = _choice(raw["sequence_gaps"], "sequence_gaps", SEQUENCE_GAPS)
    if raw.get("sequence_min_valid") is not None:
        kw["sequence_min_valid"] = _number(raw["sequence_min_valid"], "sequence_min_valid", 0.0, 1.0)
    if raw.get("sequence_window") is not None:
        kw["sequence_window"] = _choice(raw["sequence_window"], "sequence_window", SEQUENCE_WINDOWS)
    if raw.get("sequence_interval_days") is not None:
        kw["sequence_interval_days"] = _number(raw["sequence_interval_days"], "sequence_interval_days", 1e-6, 36_500)


def _read_card(raw: dict, kw: dict) -> None:
    """input_roles and output_roles; what the model card says: model_version, description, licence, etc."""
    for key in ("input_roles", "output_roles"):
        if key in raw:
            kw[key] = _roles(raw[key], key)
    for key in ("model_version", "description", "licence"):
        if key in raw:
            kw[key] = _text(raw[key], key)
    for key in ("training_data", "metrics"):
        if key in raw:
            kw[key] = raw[key]


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
    contract = contract_with(model_path, values)  # raises ModelError on a bad value
    write_metadata_props(model_path, _encoded(values), output_path)
    return contract


def _encoded(values: dict[str, Any]) -> dict[str, str | None]:
    return {k: (None if v is None else json.dumps(v)) for k, v in values.items()}


def contract_with(model_path: str, values: dict[str, Any]) -> ModelContract:
    """The contract the model would have with `values` written (None removes a key); nothing is written."""
    encoded = _encoded(values)
    merged = {**read_header(model_path).metadata, **{k: v for k, v in encoded.items() if v is not None}}
    for k, v in encoded.items():
        if v is None:
            merged.pop(k, None)
    return contract_from_metadata(merged)
