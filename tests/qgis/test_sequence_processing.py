# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:sequenceraster, sequencevector and welllogs run through Processing on series with a known answer."""

from __future__ import annotations

import csv
import os

import numpy as np
import pytest
import rasterio
from builders import make_linear_sequence, sine_forecast_weights, write_points, write_raster
from qgis import processing
from qgis.core import QgsProcessingException, QgsVectorLayer

OMEGA = 2 * np.pi / 10
STEPS, HORIZONS = 12, 3
DATES = [f"2021-{m:02d}-01" for m in range(1, STEPS + 1)]


@pytest.fixture
def forecaster(tmp_path) -> str:
    """Forecasts the next three steps of any pure sine of angular step OMEGA exactly."""
    weights = sine_forecast_weights(STEPS, OMEGA, HORIZONS)
    meta = {"lithoscope_task": "sequence", "output_kind": "values"}
    return make_linear_sequence(str(tmp_path / "ar.onnx"), STEPS, 1, weights, metadata=meta)


def sines(n: int) -> tuple[np.ndarray, np.ndarray]:
    """n sines (STEPS, n) and their next HORIZONS values (HORIZONS, n)."""
    rng = np.random.default_rng(2)
    amplitude, phase = rng.uniform(0.5, 3, n), rng.uniform(0, 6, n)
    t = np.arange(STEPS + HORIZONS)[:, None]
    values = amplitude * np.sin(OMEGA * t + phase)
    return values[:STEPS], values[STEPS:]


def test_sequenceraster_forecasts_single_date_rasters(provider, forecaster, tmp_path):
    series, expected = sines(12 * 10)
    paths = [
        write_raster(str(tmp_path / f"disp_{d.replace('-', '')}.tif"), series[t].reshape(12, 10).astype(np.float32))
        for t, d in enumerate(DATES)
    ]
    out = str(tmp_path / "forecast.tif")
    processing.run("lithoscope:sequenceraster", {"INPUT": paths, "MODEL": forecaster, "OUTPUT": out})
    with rasterio.open(out) as ds:
        np.testing.assert_allclose(ds.read(), expected.reshape(HORIZONS, 12, 10), atol=1e-4)
        assert ds.tags()["DATES"].split(",") == DATES


def test_sequenceraster_refuses_dates_that_are_not_dates(provider, forecaster, tmp_path):
    stack = write_raster(str(tmp_path / "stack.tif"), sines(4)[0].reshape(STEPS, 2, 2).astype(np.float32))
    out = str(tmp_path / "forecast.tif")
    dates = ",".join(DATES[:-1] + ["December"])
    with pytest.raises(QgsProcessingException, match=r"'December' are not dates"):
        processing.run(
            "lithoscope:sequenceraster", {"INPUT": [stack], "MODEL": forecaster, "DATES": dates, "OUTPUT": out}
        )
    assert not os.path.exists(out)


def test_sequencevector_date_fields_and_long_table(provider, forecaster, tmp_path):
    series, expected = sines(4)
    columns = {"station": [f"S{i}" for i in range(4)]} | {d: list(series[t]) for t, d in enumerate(DATES)}
    points = write_points(str(tmp_path / "points.gpkg"), columns)
    wide = str(tmp_path / "wide.gpkg")
    processing.run("lithoscope:sequencevector", {"INPUT": points, "MODEL": forecaster, "OUTPUT": wide})
    table = tmp_path / "series.csv"
    with open(table, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["station", "date", "displacement"])
        writer.writerows([f"S{i}", d, series[t, i]] for i in range(4) for t, d in enumerate(DATES))
    long = str(tmp_path / "long.gpkg")
    params = {"TABLE": str(table), "ID_FIELD": "station", "TIME_FIELD": "date", "VALUE_FIELDS": ["displacement"]}
    processing.run("lithoscope:sequencevector", {"INPUT": points, "MODEL": forecaster, "OUTPUT": long, **params})
    for path in (wide, long):
        layer = QgsVectorLayer(path, "out", "ogr")
        got = np.array([[f[f"forecast_{h + 1}"] for h in range(HORIZONS)] for f in layer.getFeatures()])
        np.testing.assert_allclose(got.T, expected, atol=1e-5)
        assert [f["station"] for f in layer.getFeatures()] == ["S0", "S1", "S2", "S3"]


def test_sequencevector_refuses_table_ids_the_layer_lacks(provider, forecaster, tmp_path):
    points = write_points(str(tmp_path / "points.gpkg"), {"station": ["S0", "S1"]})
    table = tmp_path / "series.csv"
    table.write_text("station,date,v\n" + "".join(f"T{i},{d},1\n" for i in range(3) for d in DATES))
    params = {"TABLE": str(table), "ID_FIELD": "station", "TIME_FIELD": "date", "VALUE_FIELDS": ["v"]}
    out = str(tmp_path / "out.gpkg")
    with pytest.raises(QgsProcessingException, match=r"3 of the 3 id\(s\) of the table are not in the layer"):
        processing.run("lithoscope:sequencevector", {"INPUT": points, "MODEL": forecaster, "OUTPUT": out, **params})
    assert not os.path.exists(out)


def test_welllogs_facies_per_depth_and_per_well(provider, tmp_path):
    weights = np.zeros((5, 2))
    weights[2, 1] = 1.0  # shale where the centre sample's gamma ray exceeds 55
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": 5}
    model = make_linear_sequence(str(tmp_path / "facies.onnx"), 5, 1, weights, [0, -55.0], "softmax", meta)
    rows = [("A", 100 + i, 80.0 if 3 <= i < 7 else 30.0) for i in range(10)]
    rows += [("B", 50 + 2 * i, -999.25 if i == 4 else 80.0) for i in range(6)]
    table = tmp_path / "logs.csv"
    table.write_text("well,depth,gr\n" + "".join(f"{w},{d},{g}\n" for w, d, g in rows))
    wells = write_points(str(tmp_path / "wells.gpkg"), {"name": ["A", "B"]})
    out_table, out_wells = str(tmp_path / "facies.csv"), str(tmp_path / "wells_facies.gpkg")
    processing.run(
        "lithoscope:welllogs",
        {
            "TABLE": str(table),
            "WELL_FIELD": "well",
            "DEPTH_FIELD": "depth",
            "CURVES": ["gr"],
            "MODEL": model,
            "NODATA": -999.25,
            "WELLS": wells,
            "WELLS_FIELD": "name",
            "OUTPUT_TABLE": out_table,
            "OUTPUT_WELLS": out_wells,
        },
    )
    with open(out_table, encoding="utf-8") as f:
        got = [(r["well"], r["class_name"]) for r in csv.DictReader(f)]
    # Well B's sample 4 is nodata: masked (the default), so its facies and the samples whose window holds it are empty.
    assert [c for w, c in got if w == "A"] == ["sand"] * 3 + ["shale"] * 4 + ["sand"] * 3
    assert [c for w, c in got if w == "B"] == ["shale", "shale", "", "", "", ""]
    layer = QgsVectorLayer(out_wells, "wells", "ogr")
    summary = {f["name"]: (f["dominant"], f["thick_sand"], f["thick_shale"]) for f in layer.getFeatures()}
    assert summary == {"A": ("sand", 6.0, 4.0), "B": ("shale", 0.0, 4.0)}


def test_sequencevector_feature_scaling_overrides_the_model(provider, forecaster, tmp_path):
    """BAND_OFFSET / BAND_SCALE: series stored as x * 100 + 5 forecast like the model's unit once scaled back."""
    series, expected = sines(3)
    columns = {"station": ["S0", "S1", "S2"]} | {d: list(series[t] * 100 + 5) for t, d in enumerate(DATES)}
    points = write_points(str(tmp_path / "points.gpkg"), columns)
    outputs = {}
    for name, extra in (("raw", {}), ("scaled", {"BAND_OFFSET": "5", "BAND_SCALE": "100"})):
        outputs[name] = str(tmp_path / f"{name}.gpkg")
        processing.run(
            "lithoscope:sequencevector", {"INPUT": points, "MODEL": forecaster, "OUTPUT": outputs[name], **extra}
        )
    got = {}
    for name, path in outputs.items():
        layer = QgsVectorLayer(path, name, "ogr")
        got[name] = np.array([[f[f"forecast_{h + 1}"] for h in range(HORIZONS)] for f in layer.getFeatures()]).T
        del layer
    np.testing.assert_allclose(got["scaled"], expected, atol=1e-4)  # the model's unit: (x - 5) / 100
    assert np.abs(got["raw"] - expected).max() > 1.0  # unscaled, the same model is far off
