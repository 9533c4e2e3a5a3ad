# SPDX-License-Identifier: GPL-2.0-or-later
"""The shipped NDVI sequence classifier (models/ndvi_landcover.onnx) on real MODIS data.

Per pixel on the 12-date Sinop stack and through the table path on the 1218 labelled series,
Lithoscope must give what a plain onnxruntime run gives for the same series, and reproduce the
figures `make models` (training/make_models.py, through lithoscope:trainsequence's job) recorded in
models/ndvi_landcover.metrics.json.
"""

from __future__ import annotations

import csv
import json
import os

import numpy as np
import pytest
import rasterio
from conftest import dataset
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.model.registry import shipped_models
from lithoscope.inference.pipelines.classify import ClassifyParams
from lithoscope.inference.pipelines.features import run_sequence_table
from lithoscope.inference.pipelines.sequence_raster import run_sequence_raster
from lithoscope.inference.pipelines.tables import TableOptions

NAME = "ndvi_landcover"
CLASSES = ["Cerrado", "Forest", "Pasture", "Soy_Corn"]
STEPS, UNIT, FILL = 12, 10000.0, -3000
SUB = "modis_ndvi_timeseries"


@pytest.fixture(scope="module")
def model():
    path = shipped_models().get(NAME)
    if path is None:
        pytest.fail(f"{NAME}.onnx is not in models/")
    contract = read_contract(path)
    with open(os.path.splitext(path)[0] + ".metrics.json", encoding="utf-8") as f:
        metrics = json.load(f)
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    return path, contract, metrics, session


def direct(session, series: np.ndarray, offset: float, scale: float) -> np.ndarray:
    """Probabilities (N, 4) of series (N, 12) in NDVI x 10000, straight through onnxruntime."""
    feed = ((series - offset) / scale).astype(np.float32)[:, :, None]
    return session.run(None, {session.get_inputs()[0].name: feed})[0]


def test_the_contract_takes_the_stack_unit(model):
    _, contract, metrics, _ = model
    assert contract.task == "sequence" and contract.output_kind == "classes"
    assert list(contract.class_names) == CLASSES
    assert (contract.sequence_length, contract.sequence_features, contract.sequence_scaling) == (12, 1, "per_feature")
    offset, scale = contract.band_offset[0], contract.band_scale[0]
    assert contract.band_names == ("NDVI",) and metrics["held_out"] == "groups of points"
    # NDVI x 10000: a typical NDVI of 0.3 to 0.8 is thousands, so the offset and scale are in that range.
    assert 3000 < offset < 8000 and 1000 < scale < 4000
    assert contract.input_nodata == FILL and contract.sequence_gaps == "interpolate"


def test_the_stack_through_lithoscope_equals_onnxruntime_and_the_18_points(model, tmp_path):
    path, contract, metrics, session = model
    stack = dataset(SUB, "sinop_mod13q1_ndvi_2013-09_2014-08_stack.tif")
    points_csv = dataset(SUB, "samples_sinop_crop.csv")
    lines: list[str] = []
    params = ClassifyParams(
        stack, NAME, str(tmp_path / "classes.tif"), probabilities_path=str(tmp_path / "p.tif"), threads=1
    )
    result = run_sequence_raster(params, log=lines.append)
    assert result.class_names == CLASSES
    assert "Dates of the stack: 2013-09-14 to 2014-08-29 (12)" in lines
    with rasterio.open(result.output_path) as ds:
        classes = ds.read(1)
    with rasterio.open(result.probabilities_path) as ds:
        probabilities = ds.read().reshape(len(CLASSES), -1).T
    with rasterio.open(stack) as ds:
        raw = ds.read().astype(np.float64)
        crs, inverse = ds.crs, ~ds.transform
    series = raw.reshape(STEPS, -1).T
    # The stack holds 4 MOD13Q1 fill values (-3000): the model's metadata says to interpolate such steps.
    gaps = np.flatnonzero((series == FILL).any(axis=1))
    assert len(gaps) == 4
    steps = np.arange(STEPS)
    for i in gaps:
        ok = series[i] != FILL
        series[i] = np.interp(steps, steps[ok], series[i, ok])
    expected = direct(session, series, contract.band_offset[0], contract.band_scale[0])
    np.testing.assert_array_equal(classes.reshape(-1), expected.argmax(1))
    np.testing.assert_allclose(probabilities, expected, atol=1e-5)

    from rasterio.warp import transform

    with open(points_csv, encoding="utf-8") as f:
        points = list(csv.DictReader(f))
    xs, ys = transform(
        "EPSG:4326", crs, [float(p["longitude"]) for p in points], [float(p["latitude"]) for p in points]
    )
    cols, rows = (np.floor(v).astype(int) for v in inverse * (np.array(xs), np.array(ys)))
    got = [CLASSES[c] for c in classes[rows, cols]]
    recorded = metrics["sinop_check"]
    assert {p["label"] for p in points} <= set(CLASSES) and len(points) == recorded["n_points"] == 18
    assert got == [p["model"] for p in recorded["points"]]
    matches = sum(g == p["label"] for g, p in zip(got, points))
    assert matches == recorded["matches"] and matches >= 12


def wide_samples() -> tuple[list[int], np.ndarray, np.ndarray]:
    with open(dataset(SUB, "samples_modis_ndvi_wide.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = [int(r["sample_id"]) for r in rows]
    x = np.array([[float(r[f"t{k:02d}"]) for k in range(STEPS)] for r in rows])
    labels = np.array([CLASSES.index(r["label"]) for r in rows])
    return ids, x, labels


def test_the_samples_through_the_table_path(model):
    _, contract, metrics, session = model
    ids, x, labels = wide_samples()
    assert len(ids) == 1218
    offset, scale = contract.band_offset[0], contract.band_scale[0]
    steps = np.arange(STEPS)  # one season per sample, seasons of different years: steps, not dates
    # The CSV holds NDVI in 0..1: the run's offset and scale are given in that unit.
    options = TableOptions(threads=1, band_offset=(offset / UNIT,), band_scale=(scale / UNIT,))
    result = run_sequence_table(NAME, {i: (steps, x[j]) for j, i in enumerate(ids)}, options)
    assert [name for name, _ in result.fields] == [
        "class",
        "class_name",
        "p_cerrado",
        "p_forest",
        "p_pasture",
        "p_soy_corn",
    ]
    got = np.array([result.outputs[i][0] for i in ids])
    probabilities = np.array([result.outputs[i][2:] for i in ids])
    expected = direct(session, x * UNIT, offset, scale)
    np.testing.assert_array_equal(got, expected.argmax(1))
    np.testing.assert_allclose(probabilities, expected, atol=1e-5)
    assert [result.outputs[i][1] for i in ids[:3]] == [CLASSES[c] for c in got[:3]]
    accuracy = float((got == labels).mean())  # the training fit (all samples were used for training)
    assert accuracy >= metrics["sinop_check"]["table_path_training_fit"]["accuracy"] - 0.005
    # In the stack's unit (NDVI x 10000) the model's own scaling applies, with the same classes.
    same = run_sequence_table(NAME, {i: (steps, x[j] * UNIT) for j, i in enumerate(ids)}, TableOptions(threads=1))
    np.testing.assert_array_equal([same.outputs[i][0] for i in ids], got)
    # NDVI in 0..1 without that scaling is far off the model's unit: it collapses to one or two classes.
    wrong = run_sequence_table(NAME, {i: (steps, x[j]) for j, i in enumerate(ids)}, TableOptions(threads=1))
    assert float((np.array([wrong.outputs[i][0] for i in ids]) == labels).mean()) < 0.5
