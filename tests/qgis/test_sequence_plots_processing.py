# SPDX-License-Identifier: GPL-2.0-or-later
"""The PLOTS parameter of lithoscope:sequenceraster, sequencevector and welllogs, and the PNGs they list."""

from __future__ import annotations

import os

import numpy as np
from builders import make_linear_sequence, sine_forecast_weights, write_points, write_raster
from qgis import processing

OMEGA = 2 * np.pi / 10
STEPS, HORIZONS = 12, 3
DATES = [f"2021-{m:02d}-01" for m in range(1, STEPS + 1)]


def forecaster(tmp_path) -> str:
    meta = {"lithoscope_task": "sequence", "output_kind": "values"}
    weights = sine_forecast_weights(STEPS, OMEGA, HORIZONS)
    return make_linear_sequence(str(tmp_path / "ar.onnx"), STEPS, 1, weights, metadata=meta)


def sines(n: int) -> np.ndarray:
    rng = np.random.default_rng(5)
    return rng.uniform(0.5, 3, n) * np.sin(OMEGA * np.arange(STEPS)[:, None] + rng.uniform(0, 6, n))


def is_png(path: str) -> bool:
    with open(path, "rb") as f:
        return f.read(8) == b"\x89PNG\r\n\x1a\n" and os.path.getsize(path) > 5000


def test_sequenceraster_and_sequencevector_list_their_plots(provider, tmp_path):
    model = forecaster(tmp_path)
    paths = [
        write_raster(str(tmp_path / f"disp_{d.replace('-', '')}.tif"), s.reshape(6, 5).astype(np.float32))
        for d, s in zip(DATES, sines(30))
    ]
    out = str(tmp_path / "forecast.tif")
    result = processing.run("lithoscope:sequenceraster", {"INPUT": paths, "MODEL": model, "OUTPUT": out})
    assert result["PLOT_FILES"] == str(tmp_path / "forecast_series.png") and is_png(result["PLOT_FILES"])
    off = str(tmp_path / "off.tif")
    result = processing.run(
        "lithoscope:sequenceraster", {"INPUT": paths, "MODEL": model, "OUTPUT": off, "PLOTS": False}
    )
    assert result["PLOT_FILES"] == "" and os.path.exists(off) and not os.path.exists(tmp_path / "off_series.png")

    values = sines(4)
    columns = {"station": [f"S{i}" for i in range(4)]} | {d: list(values[t]) for t, d in enumerate(DATES)}
    points = write_points(str(tmp_path / "points.gpkg"), columns)
    wide = str(tmp_path / "wide.gpkg")
    result = processing.run("lithoscope:sequencevector", {"INPUT": points, "MODEL": model, "OUTPUT": wide})
    assert result["PLOT_FILES"] == str(tmp_path / "wide_series.png") and is_png(result["PLOT_FILES"])


def test_welllogs_writes_a_strip_log_per_well_unless_told_not_to(provider, tmp_path):
    weights = np.zeros((5, 2))
    weights[2, 1] = 1.0
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": 5}
    model = make_linear_sequence(str(tmp_path / "facies.onnx"), 5, 1, weights, [0, -55.0], "softmax", meta)
    rows = [(w, 100 + i, 80.0 if 3 <= i < 7 else 30.0) for w in ("A", "B 2") for i in range(10)]
    table = tmp_path / "logs.csv"
    table.write_text("well,depth,gr\n" + "".join(f"{w},{d},{g}\n" for w, d, g in rows))
    params = {"TABLE": str(table), "WELL_FIELD": "well", "DEPTH_FIELD": "depth", "CURVES": ["gr"], "MODEL": model}
    out = str(tmp_path / "facies.csv")
    result = processing.run("lithoscope:welllogs", {**params, "OUTPUT_TABLE": out})
    expected = [str(tmp_path / "facies_A.png"), str(tmp_path / "facies_B_2.png")]
    assert result["PLOT_FILES"].split(";") == expected and all(is_png(p) for p in expected)
    off = str(tmp_path / "off.csv")
    result = processing.run("lithoscope:welllogs", {**params, "OUTPUT_TABLE": off, "PLOTS": False})
    assert result["PLOT_FILES"] == "" and not [n for n in os.listdir(tmp_path) if n.startswith("off_")]
