# SPDX-License-Identifier: GPL-2.0-or-later
"""Autoencoders from Processing: lithoscope:trainautoencoder trains in the worker and writes model, card and report;
lithoscope:encode writes latent bands, the reconstruction error and seeded landform units with their table."""

from __future__ import annotations

import csv
import os

import numpy as np
import pytest
from builders import smooth_field, write_raster
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.training import find_environment
from qgis.core import QgsProcessingException

import processing


def test_train_then_encode_through_processing(provider, tmp_path):
    env = find_environment()
    if env is None or not env.exists:
        pytest.skip("no training environment: run `make train-env` (creates .venv-train with torch)")
    a, b = smooth_field((64, 80), seed=1), smooth_field((64, 80), seed=2)
    stack = np.stack([a * 300 + 1000, b * 20 + 5, a - b]).astype(np.float32)
    raster = write_raster(str(tmp_path / "stack.tif"), stack)
    model = str(tmp_path / "ae.onnx")
    trained = processing.run(
        "lithoscope:trainautoencoder",
        {
            "RASTERS": [raster],
            "LATENT": 2,
            "BLOCK": 16,
            "EPOCHS": 3,
            "MINUTES": 1.0,
            "THREADS": 1,
            "OUTPUT_MODEL": model,
        },
    )
    assert trained["OUTPUT_MODEL"] == model and os.path.isfile(model) and os.path.isfile(trained["CARD"])
    assert set(trained["SCORES"]) == {"autoencoder", "PCA (k=2)", "band means"}
    assert read_contract(model).band_names == ("stack_1", "stack_2", "stack_3")  # no terrain factor unless asked
    out = {k: str(tmp_path / f"{k.lower()}.{'csv' if k == 'OUTPUT_TABLE' else 'tif'}") for k in
           ("OUTPUT_LATENT", "OUTPUT_ERROR", "OUTPUT_UNITS", "OUTPUT_TABLE")}  # fmt: skip
    result = processing.run("lithoscope:encode", {"INPUT": raster, "MODEL": model, "K": 3, "SEED": 1, **out})
    assert result["K"] == 3 and all(os.path.isfile(p) for p in out.values())
    rows = list(csv.DictReader(open(out["OUTPUT_TABLE"], encoding="utf-8")))
    assert [r["unit"] for r in rows] == ["1", "2", "3"] and sum(int(r["pixels"]) for r in rows) == 64 * 80
    with pytest.raises(QgsProcessingException, match="categorical"):
        processing.run(
            "lithoscope:encode",
            {"INPUT": raster, "MODEL": model, "CATEGORICAL": "2", "OUTPUT_LATENT": str(tmp_path / "x.tif"),
             "OUTPUT_ERROR": str(tmp_path / "y.tif")},
        )  # fmt: skip


def test_classify_offers_maps_of_classes_first_and_encode_and_fillvoids_default_to_the_shipped_models():
    """models_for orders a tool's models by its tasks (the shipped lithology map before the autoencoder and the void
    filler, whatever their names), and the Processing defaults are the shipped models each tool runs."""
    from lithoscope.inference.model.contract import read_contract
    from lithoscope.inference.model.registry import TOOL_TASKS, models_for, shipped_models
    from lithoscope.processing.classify import ClassifyAlgorithm
    from lithoscope.processing.encode import EncodeAlgorithm
    from lithoscope.processing.voids import FillVoidsAlgorithm

    SHIPPED = shipped_models()  # noqa: N806
    names = list(models_for("classify"))
    tasks = [read_contract(SHIPPED[n]).task for n in names]
    assert tasks == sorted(tasks, key=TOOL_TASKS["classify"].index)  # in the tool's order of tasks
    assert names[0] == "lithology_terrain_hungary" and {"terrain_autoencoder", "dem_void_filler"} <= set(names)
    assert names.index("dem_void_filler") > names.index("terrain_autoencoder")
    defaults = {}
    for alg in (ClassifyAlgorithm(), EncodeAlgorithm(), FillVoidsAlgorithm()):
        alg.initAlgorithm()
        defaults[alg.name()] = alg.parameterDefinition("MODEL").defaultValue()
    assert defaults == {
        "classify": "lithology_terrain_hungary",
        "encode": "terrain_autoencoder",
        "fillvoids": SHIPPED["dem_void_filler"],
    }
