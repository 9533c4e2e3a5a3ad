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
    if c.task in ("autoencoder", "generator"):  # the terrain autoencoder and the void filler have no classes
        assert not c.class_names
    else:  # classes, or the names and colours of the output bands (the forecaster's components)
        assert c.class_names and c.class_colors and len(c.class_names) == len(c.class_colors)
    assert c.band_names and c.band_offset and c.band_scale and c.model_version and c.licence
    if c.task == "sequence":  # band_names name the features of one step (curves, components), in order
        assert c.sequence_features and len(c.band_names) == c.sequence_features
        assert len(c.band_offset) in (1, c.sequence_features) and len(c.band_scale) in (1, c.sequence_features)
    assert isinstance(c.metrics, dict) and c.metrics
    if "## baselines and targets" in text:  # retrained through a job (make models): each target met or missed
        with open(os.path.splitext(path)[0] + ".metrics.json", encoding="utf-8") as f:
            recorded = json.load(f)
        assert recorded["version"] == c.model_version and recorded["scores"]
        assert "**met**" in text or "**missed**" in text


def test_tiled_engine_reproduces_the_held_out_metrics_of_the_card(tmp_path):
    """make models scored the lithology model through the engine on the job's held-out blocks; a re-run must agree."""
    from sklearn.metrics import cohen_kappa_score

    dem_path = dataset("hungary_landslides", "dem_srtm_31m.tif")
    labels_path = dataset("hungary_landslides", "geology_14classes_31m.tif")
    metrics = json.load(open(os.path.splitext(SHIPPED["lithology_terrain_hungary"])[0] + ".metrics.json"))
    recorded = metrics["engine_held_out"]
    result = run_classify(ClassifyParams(dem_path, "lithology_terrain_hungary", str(tmp_path / "classes.tif")))
    assert (result.stats.tile, result.stats.overlap) == (recorded["tile"], recorded["overlap"]) == (256, 32)
    with rasterio.open(result.output_path) as ds, rasterio.open(labels_path) as lab, rasterio.open(dem_path) as d:
        predicted, truth, dem, dem_nodata = ds.read(1), lab.read(1), d.read(1), d.nodata
    values = [int(v) for v in metrics["class_values"]]
    assert (predicted[dem == dem_nodata] == CLASS_NODATA).all()  # the DEM's nodata stays nodata
    ok = predicted != CLASS_NODATA
    assert (predicted[ok] < len(values)).all() and ok.sum() > 0.75 * (dem != dem_nodata).sum()  # the rim is lost
    side = 32 * 4  # the job's tile x block_tiles
    test = np.zeros(truth.shape, bool)
    for name in metrics["group_names"]["test"]:
        a, b = (int(t) for t in name.split()[1].split(","))
        test[a * side : (a + 1) * side, b * side : (b + 1) * side] = True
    test &= ok & np.isin(truth, values)
    assert int(test.sum()) == recorded["pixels"]
    y_true = np.searchsorted(values, truth[test])
    y_pred = predicted[test].astype(int)
    card = recorded["scores"]["model (tiled engine)"]
    assert float((y_true == y_pred).mean()) == pytest.approx(card["accuracy"], abs=0.002)
    assert cohen_kappa_score(y_true, y_pred) == pytest.approx(card["kappa"], abs=0.002)
