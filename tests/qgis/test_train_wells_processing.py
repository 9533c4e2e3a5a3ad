# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:trainwells through Processing: a facies model from a labelled well table, and its refusals."""

from __future__ import annotations

import os

import numpy as np
import pytest
from qgis import processing
from qgis.core import QgsProcessingException


def _table(path, wells: int = 5, n: int = 60) -> str:
    """Wells of beds: 'sand' (GR about 40) and 'shale' (GR about 110), noisy."""
    rng = np.random.default_rng(1)
    lines = ["well,depth,gr,lith"]
    for w in range(wells):
        facies = np.repeat(rng.integers(0, 2, n // 10 + 1), 10)[:n]
        gr = np.where(facies == 1, 110.0, 40.0) + rng.normal(0, 10, n)
        for i in range(n):
            lines.append(f"W{w + 1},{1000 + 0.5 * i},{gr[i]:.2f},{'shale' if facies[i] else 'sand'}")
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def test_trainwells_trains_from_a_table(provider, tmp_path, monkeypatch):
    from lithoscope.inference.training import find_environment

    env = find_environment()
    if env is None or not env.exists:
        pytest.skip("no training environment: run `make train-env`")
    monkeypatch.setenv("LITHOSCOPE_TRAINING_PYTHON", env.python)
    model = tmp_path / "facies.onnx"
    result = processing.run(
        "lithoscope:trainwells",
        {
            "TABLE": _table(tmp_path / "logs.csv"),
            "WELL_FIELD": "well",
            "DEPTH_FIELD": "depth",
            "CURVES": ["gr"],
            "LABEL": "lith",
            "WINDOW": 5,
            "ARCH": 2,
            "TEST_WELLS": "W2",
            "EPOCHS": 4,
            "THREADS": 1,
            "OUTPUT_MODEL": str(model),
        },
    )
    assert result["OUTPUT_MODEL"] == str(model) and model.exists() and os.path.isfile(result["CARD"])
    assert {"model", "majority class", "random forest"} <= set(result["SCORES"])


def test_trainwells_refuses_a_table_and_las_files_together(provider, tmp_path):
    (tmp_path / "a.las").write_text("~V\n")
    with pytest.raises(QgsProcessingException, match="either as a table or as LAS files, not both"):
        processing.run(
            "lithoscope:trainwells",
            {
                "TABLE": _table(tmp_path / "logs.csv"),
                "LAS_FILES": [str(tmp_path / "a.las")],
                "LABEL": "lith",
                "OUTPUT_MODEL": str(tmp_path / "m.onnx"),
            },
        )
