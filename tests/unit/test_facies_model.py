# SPDX-License-Identifier: GPL-2.0-or-later
"""The shipped SEG 2016 facies model on the real well logs: contract, engine = onnxruntime, well summaries, skill."""

import csv
import json
import os

import numpy as np
import onnxruntime as ort
import pytest
from conftest import dataset
from lithoscope.inference.errors import InputError
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.model.registry import model_card, shipped_models
from lithoscope.inference.pipelines.tables import TableOptions
from lithoscope.inference.pipelines.wells import run_well_logs
from lithoscope.inference.sources.wells import WellTable

NAME = "seg2016_facies"
CURVES = ("GR", "ILD_LOG10", "DPHI", "PHIND", "NM_M", "RELPOS")
FACIES = ("SS", "CSiS", "FSiS", "SiSh", "MS", "WS", "D", "PS", "BS")  # abbreviations that begin the class names
PSEUDO_WELL = "Recruit F9"  # bafflestone snippets of several wells, not a well: left out here


@pytest.fixture(scope="module")
def model_path():
    models = shipped_models()
    if NAME not in models:
        pytest.fail(f"models/{NAME}.onnx is not there (trained by `make models`)")
    return models[NAME]


@pytest.fixture(scope="module")
def metrics(model_path):
    with open(os.path.splitext(model_path)[0] + ".metrics.json", encoding="utf-8") as f:
        return json.load(f)


def read_rows(clean: bool = True) -> list[dict]:
    """The real wells' rows of the contest CSV in file order; `clean` drops a row that repeats its well's last depth."""
    with open(dataset("well_logs", "seg2016_facies_vectors.csv"), newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["WELL"] != PSEUDO_WELL]
    if clean:
        rows = [
            r
            for i, r in enumerate(rows)
            if i == 0 or (r["WELL"], r["DEPTH"]) != (rows[i - 1]["WELL"], rows[i - 1]["DEPTH"])
        ]
    return rows


def table_of(rows: list[dict]) -> WellTable:
    """The CSV's columns as they are (text), as a user's table would give them."""
    return WellTable(
        [r["WELL"] for r in rows], [r["DEPTH"] for r in rows], [[r[c] for c in CURVES] for r in rows], CURVES
    )


def test_contract_is_a_per_depth_facies_classifier(model_path, metrics):
    c = read_contract(model_path)
    assert (c.task, c.output_kind, c.output_activation) == ("sequence", "classes", "none")
    assert [n.split()[0] for n in c.class_names] == list(FACIES) and len(c.class_colors) == 9
    assert c.band_names == CURVES and c.sequence_features == len(CURVES)
    lowo = metrics["leave_one_well_out"]
    assert c.sequence_length == lowo["window"] and c.sequence_gaps == "mask"
    assert all(s > 0 for s in c.band_scale) and "Hall (2016)" in c.licence and model_card(model_path)
    assert [f["well"] for f in lowo["folds"]] == list(dict.fromkeys(r["WELL"] for r in read_rows()))  # each once
    samples = sum(f["samples"] for f in lowo["folds"])
    for name in ("model", "random forest"):  # pooled = the folds' scores weighted by their samples
        pooled = sum(f[name]["micro_f1"] * f["samples"] for f in lowo["folds"]) / samples
        assert lowo["pooled_micro_f1"][name] == pytest.approx(pooled, abs=1e-3)
    assert f"{lowo['pooled_micro_f1']['model']:.3f}" in open(model_card(model_path), encoding="utf-8").read()


def test_a_table_with_a_repeated_depth_is_refused_before_anything_is_written(model_path, tmp_path):
    out = tmp_path / "facies.csv"
    with pytest.raises(InputError, match=r"Well 'SHRIMPLIN' has the depth 2944 twice"):
        run_well_logs(model_path, table_of(read_rows(clean=False)), str(out), options=TableOptions(threads=1))
    assert not out.exists()


def test_run_well_logs_equals_onnxruntime_and_sums_thickness_per_well(model_path, metrics, tmp_path):
    rows = read_rows()
    out = tmp_path / "facies.csv"
    result = run_well_logs(model_path, table_of(rows), str(out), options=TableOptions(threads=1))
    c = read_contract(model_path)
    window = c.sequence_length
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
    wells = list(dict.fromkeys(r["WELL"] for r in rows))
    correct = total = 0
    for well in wells:
        part = [r for r in rows if r["WELL"] == well]
        depths = np.array([float(r["DEPTH"]) for r in part])
        logs = np.array([[float(r[c]) for c in CURVES] for r in part])
        n = len(part)
        # The window centred on each sample, the well's ends padded with its end samples.
        index = np.clip(np.arange(n)[:, None] + np.arange(window) - window // 2, 0, n - 1)
        x = ((logs[index] - np.array(c.band_offset)) / np.array(c.band_scale)).astype(np.float32)
        direct = session.run(None, {session.get_inputs()[0].name: x})[0].argmax(1)
        engine = np.array([result.outputs[(well, i)][0] for i in range(n)])
        np.testing.assert_array_equal(engine, direct, err_msg=well)
        truth = np.array([int(r["FACIES"]) - 1 for r in part])
        correct += int((direct == truth).sum())
        total += n
        # Each sample stands for the depth from midway to the sample above to midway to the one below.
        edges = np.concatenate([[depths[0] - (depths[1] - depths[0]) / 2], (depths[1:] + depths[:-1]) / 2])
        edges = np.append(edges, depths[-1] + (depths[-1] - depths[-2]) / 2)
        per_class = np.bincount(direct, weights=np.diff(edges), minlength=9)
        dominant, *thick = result.summary[well]
        np.testing.assert_allclose(thick, per_class, atol=1e-6, err_msg=well)
        assert sum(thick) == pytest.approx(edges[-1] - edges[0])  # the depth span, half a sample beyond each end
        assert dominant == c.class_names[int(per_class.argmax())]
    with open(out, encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert len(written) == total == len(rows) and written[0]["well"] == "SHRIMPLIN"
    assert [int(r["class"]) for r in written[:50]] == [result.outputs[("SHRIMPLIN", i)][0] for i in range(50)]
    # In-sample (the shipped model saw every well), so not skill: only that it learned more than the commonest facies.
    truth = np.array([int(r["FACIES"]) - 1 for r in rows])
    assert correct / total > np.bincount(truth).max() / total + 0.1
