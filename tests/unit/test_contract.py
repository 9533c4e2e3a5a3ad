# SPDX-License-Identifier: GPL-2.0-or-later
"""Model contract: Deepness keys, Lithoscope keys, writing metadata into an ONNX file."""

import json

import numpy as np
import pytest
from builders import make_cnn
from lithoscope.inference.errors import ModelError
from lithoscope.inference.model.contract import contract_from_metadata, read_contract, write_contract
from lithoscope.inference.model.onnx_file import read_header


def meta(**values):
    return {k: json.dumps(v) for k, v in values.items()}


def test_deepness_keys_are_understood():
    c = contract_from_metadata(
        meta(
            model_type="Segmentor",
            class_names={"0": "background", "1": "landslide"},
            resolution=50,
            tiles_size=512,
            tiles_overlap=10,
            standardization_mean=[0.485, 0.456, 0.406],
            standardization_std=[0.229, 0.224, 0.225],
            seg_thresh=0.4,
        )
    )
    assert c.task == "segmentation" and c.output_kind == "classes" and c.deepness and c.deepness_scaling
    assert c.class_names == ("background", "landslide")
    assert c.tile_size == 512 and c.tile_overlap == 51  # 10 % of 512
    assert c.resolution_m == pytest.approx(0.5)
    assert c.seg_thresh == pytest.approx(0.4)
    # Deepness divides by 255 before standardising: (x/255 - m)/s == (x - 255 m)/(255 s)
    np.testing.assert_allclose(c.band_offset, [255 * 0.485, 255 * 0.456, 255 * 0.406])
    np.testing.assert_allclose(c.band_scale, [255 * 0.229, 255 * 0.224, 255 * 0.225])


def test_deepness_model_without_standardisation_divides_by_255():
    c = contract_from_metadata(meta(model_type="Segmentor"))
    assert c.band_offset == (0.0,) and c.band_scale == (255.0,)


def test_deepness_regressor_and_detector():
    assert contract_from_metadata(meta(model_type="Regressor")).output_kind == "values"
    with pytest.raises(ModelError, match="detection"):
        contract_from_metadata(meta(model_type="Detector"))


def test_lithoscope_keys_win_over_deepness_scaling():
    c = contract_from_metadata(
        meta(
            model_type="Segmentor",
            lithoscope_task="susceptibility",
            output_kind="probability",
            band_names=["elevation_m", "slope_deg"],
            band_offset=[300.0, 10.0],
            band_scale=[100.0, 5.0],
            standardization_mean=[0.5],
            input_nodata=-9999,
            class_colors=["#ff0000", "#00ff00"],
            tile_size=256,
            tile_overlap_px=32,
            metrics={"auc": 0.8},
            model_version="1.2.0",
        )
    )
    assert c.task == "susceptibility" and c.output_kind == "probability" and not c.deepness_scaling
    assert c.band_count == 2 and c.band_offset == (300.0, 10.0) and c.band_scale == (100.0, 5.0)
    assert c.input_nodata == -9999 and c.tile_overlap == 32
    assert c.class_color(1) == "#00ff00" and c.metrics == {"auc": 0.8} and c.model_version == "1.2.0"


def test_no_metadata_gives_an_open_contract():
    c = contract_from_metadata({})
    assert c.band_offset is None and c.tile_size is None and c.band_count is None
    assert c.class_name(3) == "Class 3" and c.class_color(0).startswith("#")


def test_plain_string_values_and_list_names_are_accepted():
    c = contract_from_metadata({"class_names": "rock,soil,water", "model_type": "Segmentor"})
    assert c.class_names == ("rock", "soil", "water")


@pytest.mark.parametrize(
    "bad,message",
    [
        ({"output_kind": '"pictures"'}, "output_kind"),
        ({"band_offset": "[1, 2]", "band_scale": "[1, 2, 3]"}, "offsets"),
        ({"band_scale": "[0]"}, "non-zero"),
        ({"band_offset": '"abc"'}, "list of numbers"),
    ],
)
def test_bad_metadata_values_are_reported(bad, message):
    with pytest.raises(ModelError, match=message):
        contract_from_metadata(bad)


def test_write_contract_adds_updates_and_removes_keys(tmp_path):
    path = str(make_cnn(str(tmp_path / "m.onnx"), 2, 3, metadata={"model_type": "Segmentor", "seg_thresh": 0.5}))
    write_contract(path, {"class_names": {"0": "a", "1": "b", "2": "c"}, "seg_thresh": None, "band_offset": [1, 2]})
    header = read_header(path)
    assert json.loads(header.metadata["class_names"]) == {"0": "a", "1": "b", "2": "c"}
    assert "seg_thresh" not in header.metadata and header.metadata["model_type"] == '"Segmentor"'
    c = read_contract(path)
    assert c.class_names == ("a", "b", "c") and c.band_offset == (1.0, 2.0)
    # The edited file is still a valid model that onnxruntime runs
    import onnxruntime as ort

    out = ort.InferenceSession(path).run(None, {"input": np.zeros((1, 2, 8, 8), np.float32)})[0]
    assert out.shape == (1, 3, 8, 8)


def test_write_contract_to_another_file_keeps_the_original(tmp_path):
    src = make_cnn(str(tmp_path / "m.onnx"), 1, 2)
    before = open(src, "rb").read()
    write_contract(src, {"model_version": "2.0"}, str(tmp_path / "out.onnx"))
    assert open(src, "rb").read() == before
    assert read_contract(str(tmp_path / "out.onnx")).model_version == "2.0"


def test_bad_value_never_reaches_the_file(tmp_path):
    src = make_cnn(str(tmp_path / "m.onnx"), 1, 2)
    before = open(src, "rb").read()
    with pytest.raises(ModelError):
        write_contract(src, {"output_kind": "nonsense"})
    assert open(src, "rb").read() == before


def test_header_reports_ir_and_opset(tmp_path):
    path = make_cnn(str(tmp_path / "m.onnx"), 1, 2, opset=13, ir_version=7)
    header = read_header(path)
    assert header.ir_version == 7 and header.default_opset == 13
