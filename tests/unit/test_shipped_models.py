# SPDX-License-Identifier: GPL-2.0-or-later
"""Shipped models: each has a card and a complete contract, and the engine reproduces its metrics."""

import json
import os

import numpy as np
import pytest
import rasterio
from conftest import dataset
from lithoscope.inference.kinds.heads import CLASS_NODATA
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.model.registry import model_card, shipped_models
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify

SHIPPED = shipped_models()


def test_at_least_one_model_is_shipped():
    assert "lithology_terrain_hungary" in SHIPPED


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_model_has_card_and_complete_contract(name):
    path = SHIPPED[name]
    card = model_card(path)
    assert card, f"{name} has no model card"
    text = open(card, encoding="utf-8").read().lower()
    for section in ("licence", "training data", "held-out", "baseline"):
        assert section in text, f"the card of {name} says nothing about {section}"
    c = read_contract(path)
    assert c.class_names and c.class_colors and len(c.class_names) == len(c.class_colors)
    assert c.band_names and c.band_offset and c.band_scale and c.model_version and c.licence
    if c.task == "sequence":  # band_names name the features of one step (curves, components), in order
        assert c.sequence_features and len(c.band_names) == c.sequence_features
        assert len(c.band_offset) in (1, c.sequence_features) and len(c.band_scale) in (1, c.sequence_features)
    assert isinstance(c.metrics, dict) and c.metrics


def hungary_stack(tmp_path):
    dem_path = dataset("hungary_landslides", "dem_srtm_31m.tif")
    slope_path = dataset("hungary_landslides", "slope_31m.tif")
    with rasterio.open(dem_path) as dem, rasterio.open(slope_path) as slope:
        profile = dem.profile
        data = np.stack([dem.read(1), slope.read(1)])
    profile.update(count=2)
    path = str(tmp_path / "stack.tif")
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
    return path, data


def test_tiled_engine_reproduces_the_held_out_metrics_of_the_card(tmp_path):
    """training/evaluate_lithology_cnn.py scored the card through the engine; a re-run must agree."""
    stack, data = hungary_stack(tmp_path)
    labels_path = dataset("hungary_landslides", "geology_14classes_31m.tif")
    metrics = json.load(open(os.path.splitext(SHIPPED["lithology_terrain_hungary"])[0] + ".metrics.json"))
    c0, c1 = metrics["split"]["test_columns"]
    result = run_classify(ClassifyParams(stack, "lithology_terrain_hungary", str(tmp_path / "classes.tif")))
    assert result.stats.tile == 256 and result.stats.overlap == 32 and result.stats.tiles > 1
    with rasterio.open(result.output_path) as ds, rasterio.open(labels_path) as lab:
        predicted = ds.read(1)
        truth = lab.read(1)
    nodata_in = (data == -99999).any(axis=0)
    assert (predicted[nodata_in] == CLASS_NODATA).all() and (predicted[~nodata_in] < 14).all()
    test = np.zeros_like(truth, bool)
    test[:, c0:c1] = True
    test &= (truth > 0) & ~nodata_in
    assert int(test.sum()) == metrics["test_pixels"]
    y_true, y_pred = truth[test].astype(int) - 1, predicted[test].astype(int)
    accuracy = float((y_true == y_pred).mean())
    cm = np.zeros((14, 14))
    np.add.at(cm, (y_true, y_pred), 1)
    expected = (cm.sum(0) * cm.sum(1)).sum() / cm.sum() ** 2
    kappa = (accuracy - expected) / (1 - expected)
    card = metrics["results"]["cnn_onnx"]
    assert accuracy == pytest.approx(card["overall_accuracy"], abs=0.002)
    assert kappa == pytest.approx(card["cohen_kappa"], abs=0.002)
