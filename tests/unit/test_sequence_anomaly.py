# SPDX-License-Identifier: GPL-2.0-or-later
"""An anomaly score per pixel and per feature: a one-output sequence model, scored against a known answer."""

from __future__ import annotations

import numpy as np
import rasterio
from builders import make_linear_sequence, write_points, write_raster
from lithoscope.inference.pipelines.classify import ClassifyParams
from lithoscope.inference.pipelines.features import run_sequence_vector
from lithoscope.inference.pipelines.sequence_raster import run_sequence_raster

STEPS = 8
DATES = [f"2022-{m:02d}-01" for m in range(1, STEPS + 1)]


def anomaly_model(tmp_path) -> str:
    """score = last step - mean of the steps before it (a sudden change at the last date scores high)."""
    weights = np.full((STEPS, 1), -1.0 / (STEPS - 1))
    weights[-1, 0] = 1.0
    meta = {"lithoscope_task": "sequence", "output_kind": "values", "class_names": ["anomaly_score"]}
    return make_linear_sequence(str(tmp_path / "anomaly.onnx"), STEPS, 1, weights, metadata=meta)


def series(n: int) -> tuple[np.ndarray, np.ndarray]:
    """n noisy flat series (STEPS, n), every third with a jump of 5 at the last step; their scores."""
    rng = np.random.default_rng(4)
    x = rng.normal(10.0, 0.1, size=(STEPS, n))
    x[-1, ::3] += 5.0
    return x, x[-1] - x[:-1].mean(axis=0)


def test_anomaly_score_per_pixel(tmp_path):
    x, score = series(20 * 15)
    stack = write_raster(str(tmp_path / "stack.tif"), x.reshape(STEPS, 20, 15).astype(np.float32))
    out = str(tmp_path / "anomaly.tif")
    run_sequence_raster(ClassifyParams(stack, anomaly_model(tmp_path), out), ",".join(DATES), plots=True)
    with rasterio.open(out) as ds:
        got = ds.read(1).reshape(-1)
        assert ds.count == 1 and ds.descriptions[0] == "anomaly_score"
    np.testing.assert_allclose(got, score, atol=1e-4)
    assert (got[::3] > 4.5).all() and (np.abs(np.delete(got, np.s_[::3])) < 0.5).all()
    assert (tmp_path / "anomaly_series.png").stat().st_size > 1000


def test_anomaly_score_per_feature(tmp_path):
    x, score = series(6)
    points = write_points(
        str(tmp_path / "points.gpkg"), {"id": list(range(6))} | {d: list(x[t]) for t, d in enumerate(DATES)}
    )
    out = str(tmp_path / "scored.gpkg")
    result = run_sequence_vector(anomaly_model(tmp_path), points, out)
    assert [name for name, _ in result.fields] == ["anomaly_score"]
    got = np.array([result.outputs[key][0] for key in sorted(result.outputs)])
    np.testing.assert_allclose(got, score, atol=1e-4)


def test_a_score_is_not_drawn_as_a_forecast():
    """Outputs named as scores are shown as text in the plots, not as a step into the future."""
    from datetime import datetime

    from lithoscope.inference.outputs.figures import forecast_layout

    times = [datetime(2022, m, 1) for m in range(1, STEPS + 1)]
    assert forecast_layout(["anomaly_score"], times) is None
    assert forecast_layout(["reconstruction_error"], times) is None
    forecast = forecast_layout(["forecast_1", "forecast_2"], times)
    assert forecast is not None and forecast[0] == [datetime(2022, 9, 1), datetime(2022, 10, 1)]
