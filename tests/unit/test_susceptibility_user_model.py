# SPDX-License-Identifier: GPL-2.0-or-later
"""A user's own ONNX CNN over a factor stack works in the susceptibility workflow like a trained model."""

from __future__ import annotations

import numpy as np
import rasterio
from builders import make_cnn, smooth_field, write_raster
from lithoscope.susceptibility.workflow import PredictParams, predict


def test_users_cnn_over_the_factor_stack_maps_and_classes(tmp_path):
    import onnxruntime as ort

    factors = np.stack([smooth_field((100, 120), seed=i) for i in range(3)]).astype(np.float32)
    path = write_raster(str(tmp_path / "factors.tif"), factors)
    meta = {"lithoscope_task": "susceptibility", "band_offset": [0], "band_scale": [1]}
    model = make_cnn(str(tmp_path / "cnn.onnx"), 3, 1, activation="sigmoid", metadata=meta)
    logs: list[str] = []
    result = predict(
        PredictParams(path, model, str(tmp_path / "p.tif"), classes_path=str(tmp_path / "c.tif")), log=logs.append
    )
    # Its contract names no factors: the bands are used as they are, and the log says so.
    assert "The model cnn.onnx names no factors (band_names): the bands of factors.tif are used in their order." in logs
    with rasterio.open(result.output_path) as ds:
        probability = ds.read(1)
    whole = np.pad(factors, ((0, 0), (0, 28), (0, 8)), mode="symmetric")[None]  # one 128 px tile, mirrored
    expected = ort.InferenceSession(model).run(None, {"input": whole})[0][0, 0, :100, :120]
    np.testing.assert_allclose(probability, expected, atol=2e-3)  # tiled and blended vs one tile
    with rasterio.open(result.classes_path) as ds:
        classes = ds.read(1)
    assert set(np.unique(classes)) == {1, 2, 3, 4, 5}
    shares = np.bincount(classes.ravel(), minlength=6)[1:] / classes.size
    np.testing.assert_allclose(shares, 0.2, atol=0.01)  # quantile classes: a fifth of the area each
    assert [row["name"] for row in result.class_table] == ["very low", "low", "moderate", "high", "very high"]
