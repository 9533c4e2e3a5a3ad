# SPDX-License-Identifier: GPL-2.0-or-later
"""The contract is parsed totally: 1,000 generated metadata maps end in success or a clear error.

Each map (fixed seed) takes a random subset of the keys Lithoscope reads, with random JSON
types, non-finite and huge numbers, nesting, unicode and numbers written as strings. Parsing,
writing (write_contract) and a tiny classify each must end in success or the plugin's own
error (LithoscopeError), never another exception, never a hang, in bounded memory.
"""

from __future__ import annotations

import json
import os
import resource
import shutil

import numpy as np
import pytest
from builders import make_cnn, write_raster
from lithoscope.inference.errors import LithoscopeError
from lithoscope.inference.model.contract import contract_from_metadata, write_contract
from lithoscope.inference.model.onnx_file import write_metadata_props
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify

KEYS = [
    "model_type", "lithoscope_task", "task", "output_kind", "output_activation", "class_names", "class_colors",
    "band_names", "band_offset", "band_scale", "standardization_mean", "standardization_std", "input_nodata",
    "nodata_fill", "tile_size", "tiles_size", "tile_overlap_px", "tiles_overlap", "seg_thresh", "resolution_m",
    "resolution", "model_version", "description", "licence", "training_data", "metrics", "band_kinds",
    "band_categories", "sequence_length", "sequence_features", "input_roles", "output_roles", "unknown_key",
    "sequence_step", "sequence_difference", "sequence_scaling", "sequence_gaps", "sequence_min_valid",
]  # fmt: skip

WORDS = ["", "classes", "values", "probability", "softmax", "sigmoid", "none", "Segmentor", "Detector", "sequence",
         "generator", "autoencoder", "continuous", "categorical", "#ff0000", "#12345", "red", "256", "1e400", "NaN",
         "-0", "3.5", "granite", "Kőzet ⛰", "\u0000", "[1, 2]", "1,2,3", "input", "output", "mask",
         "latent"]  # fmt: skip


def random_value(rng: np.random.Generator, depth: int = 0):
    kind = rng.integers(0, 14)
    if kind == 0:
        return None
    if kind == 1:
        return bool(rng.integers(0, 2))
    if kind == 2:
        return [0, 1, 2, 3, -1, 8, 64, 256, 10**9, -(10**12), 10**30][int(rng.integers(0, 11))]
    if kind == 3:
        return float(rng.choice([0.0, 0.5, -2.5, 1e-300, 1e308, float("nan"), float("inf"), -float("inf")]))
    if kind == 4:
        return str(rng.choice(WORDS))
    if kind == 5:
        return str(rng.normal() * 10.0 ** int(rng.integers(-3, 40)))  # a number written as a string
    if kind in (6, 7) and depth < 4:
        return [random_value(rng, depth + 1) for _ in range(rng.integers(0, 5))]
    if kind == 8 and depth < 4:
        return {str(rng.choice(["0", "1", "2", "-1", "1000000000", "x", "input"])): random_value(rng, depth + 1)
                for _ in range(rng.integers(0, 4))}  # fmt: skip
    if kind == 9:
        return [float(x) for x in rng.normal(size=rng.integers(1, 4))]
    if kind == 10:
        return list(range(int(rng.choice([1, 3, 300, 5000]))))  # long lists
    if kind == 11:
        return {str(i): str(rng.choice(WORDS)) for i in range(int(rng.integers(0, 4)))}
    if kind == 12:
        return "[" * 3000 + "]" * 3000  # deep nesting, as a string that json.loads would recurse on
    return [str(rng.choice(WORDS)) for _ in range(rng.integers(0, 4))]


# Values a real model could carry, so that about half the maps are valid and run.
PLAUSIBLE = {
    "model_type": ["Segmentor", "Regressor", "Recognition"], "lithoscope_task": ["segmentation", "regression"],
    "task": ["segmentation", "susceptibility"], "output_kind": ["classes", "values", "probability"],
    "output_activation": ["none", "softmax", "sigmoid"], "class_names": [["a", "b", "c"], {"0": "x", "2": "z"}],
    "class_colors": [["#ff0000", "00ff00", "#0000ffcc"]], "band_names": [["elevation"]], "band_offset": [[100], "5"],
    "band_scale": [[50.0], "2.5"], "standardization_mean": [[0.4]], "standardization_std": [[0.2]],
    "input_nodata": [-9999, "0"], "nodata_fill": [0, -1.5], "tile_size": [16, "32"], "tiles_size": [16],
    "tile_overlap_px": [0, 4], "tiles_overlap": [10, "25"], "seg_thresh": [0.5, "0.3"], "resolution_m": [10, "30"],
    "resolution": [1000], "model_version": ["1.0", 2], "description": ["Gerecse lithology ⛰"], "licence": ["CC-BY"],
    "training_data": [{"area": "x"}], "metrics": [{"oa": 0.6}], "band_kinds": [["continuous"]],
    "band_categories": [{}], "sequence_length": [12], "sequence_features": [1], "input_roles": [{"input": "values"}],
    "output_roles": [{"output": "probabilities"}], "unknown_key": [1], "sequence_step": [1, "2"],
    "sequence_difference": [0, 1, True], "sequence_scaling": ["none", "per_series"],
    "sequence_gaps": ["mask", "interpolate", "refuse"], "sequence_min_valid": [0.5, "1"],
}  # fmt: skip


def random_map(rng: np.random.Generator) -> dict[str, str]:
    keys = rng.choice(KEYS, size=rng.integers(1, 7), replace=False)
    out = {}
    for key in keys:
        options = PLAUSIBLE[str(key)]
        value = options[int(rng.integers(0, len(options)))] if rng.random() < 0.8 else random_value(rng)
        if isinstance(value, str) and value.startswith("[[[") or rng.random() < 0.08:
            out[str(key)] = value if isinstance(value, str) else str(value)  # raw text, not JSON
        else:
            out[str(key)] = json.dumps(value)  # NaN and Infinity as JSON tokens, as Python writes them
    return out


@pytest.mark.timeout(600)
@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_thousand_generated_metadata_maps_end_in_success_or_a_clear_error(tmp_path):
    rng = np.random.default_rng(20261129)
    raster = write_raster(str(tmp_path / "tiny.tif"), (np.arange(144, dtype=np.float32).reshape(12, 12)))
    base = make_cnn(str(tmp_path / "base.onnx"), 1, 3, hidden=2, layers=1)
    model = str(tmp_path / "model.onnx")
    out = str(tmp_path / "out.tif")
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcomes = {"parsed": 0, "refused": 0, "written": 0, "classified": 0}
    for _ in range(1000):
        metadata = random_map(rng)
        try:
            contract_from_metadata(metadata)
            outcomes["parsed"] += 1
        except LithoscopeError as exc:
            assert str(exc), metadata
            outcomes["refused"] += 1
        values = {k: _decoded(v) for k, v in metadata.items()}
        try:
            write_contract(base, values, model)
            outcomes["written"] += 1
        except LithoscopeError:
            pass
        # Classify with exactly this metadata in the model, whether or not write_contract took it.
        shutil.copyfile(base, model)
        write_metadata_props(model, metadata)
        try:
            run_classify(ClassifyParams(raster, model, out, tile_size=16, overlap=0))
            outcomes["classified"] += 1
        except LithoscopeError as exc:
            assert str(exc), metadata
        assert not any(f.startswith(".lithoscope-") for f in os.listdir(tmp_path)), metadata  # no temporary left
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mb < 500, f"peak memory grew by {grown_mb:.0f} MB"
    # The generator reaches both ends: many maps parse and classify, many are refused.
    print(outcomes)
    assert outcomes["parsed"] > 100 and outcomes["refused"] > 100 and outcomes["classified"] > 100, outcomes


def _decoded(text: str):
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


@pytest.mark.parametrize(
    "metadata,message",
    [
        ({"tile_size": '"256"'}, None),  # a number as a JSON string is a number
        ({"band_offset": '"300"', "band_scale": '"12.5"'}, None),
        ({"tile_size": "NaN"}, "'tile_size' must be a finite number"),
        ({"band_scale": "[1, Infinity]"}, "'band_scale' must be a list of numbers, all finite"),
        ({"standardization_std": "[NaN]"}, "'standardization_std'"),
        ({"band_offset": "[]"}, "'band_offset' is empty"),
        ({"class_names": "{}"}, None),
        ({"class_names": '{"1000000000": "x"}'}, "class number 1000000000; expected 0 to 253"),
        ({"class_colors": '["#ff00zz"]'}, "colour '#ff00zz'; each colour must be #rrggbb"),
        ({"tile_size": "true"}, "'tile_size' must be a number, got True"),
        ({"tile_size": "4"}, "'tile_size' is 4; expected a number from 8"),
        ({"seg_thresh": "2"}, "'seg_thresh' is 2; expected a number from 0 up to 1"),
        ({"description": '{"a": 1}'}, "'description' must be text"),
        ({"output_kind": '""'}, "'output_kind' is ''; expected one of"),
        ({"lithoscope_task": '""'}, "'lithoscope_task' is empty"),
    ],
)
def test_contract_values_are_read_or_refused_by_name(metadata, message):
    if message is None:
        contract = contract_from_metadata(metadata)
        if "tile_size" in metadata:
            assert contract.tile_size == 256
        if "band_offset" in metadata:
            assert contract.band_offset == (300.0,) and contract.band_scale == (12.5,)
        return
    with pytest.raises(LithoscopeError, match=message.replace("(", r"\(").replace("[", r"\[")):
        contract_from_metadata(metadata)


def test_write_contract_refuses_what_parsing_refuses(tmp_path):
    model = make_cnn(str(tmp_path / "m.onnx"), 1, 2)
    before = open(model, "rb").read()
    for values in ({"class_colors": ["#12"]}, {"band_scale": [float("nan")]}, {"tile_size": "big"}):
        with pytest.raises(LithoscopeError):
            write_contract(model, values)
    assert open(model, "rb").read() == before
