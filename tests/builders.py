# SPDX-License-Identifier: GPL-2.0-or-later
"""Small deterministic fixtures made by code: ONNX CNNs and GeoTIFFs.

Also used by bench/ and the demo, so that every generated model and raster comes from one place.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np


def make_cnn(
    path: str,
    in_channels: int,
    classes: int,
    hidden: int = 8,
    layers: int = 2,
    kernel: int = 3,
    seed: int = 0,
    fixed_tile: int | None = None,
    fixed_batch: int | None = None,
    activation: str = "softmax",
    metadata: dict[str, Any] | None = None,
    opset: int = 17,
    ir_version: int = 8,
) -> str:
    """Write a small fully convolutional ONNX network: (N, C, H, W) -> (N, classes, H, W).

    `layers` 3x3 convolutions with ReLU, then a 1x1 convolution to `classes` channels and a
    softmax (or sigmoid / nothing). Weights are random but fixed by `seed`. Metadata values
    are JSON-encoded, as in Lithoscope's contract.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    nodes, inits = [], []
    prev, ch = "input", in_channels
    pad = kernel // 2
    for i in range(layers):
        w = (rng.standard_normal((hidden, ch, kernel, kernel)) / np.sqrt(ch * kernel * kernel)).astype(np.float32)
        b = (0.1 * rng.standard_normal(hidden)).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        nodes.append(helper.make_node("Conv", [prev, f"w{i}", f"b{i}"], [f"c{i}"], pads=[pad] * 4))
        nodes.append(helper.make_node("Relu", [f"c{i}"], [f"r{i}"]))
        prev, ch = f"r{i}", hidden
    w = (rng.standard_normal((classes, ch, 1, 1)) / np.sqrt(ch)).astype(np.float32) * 3
    b = (0.1 * rng.standard_normal(classes)).astype(np.float32)
    inits += [numpy_helper.from_array(w, "wout"), numpy_helper.from_array(b, "bout")]
    out_name = "logits" if activation == "none" else "scores"
    nodes.append(helper.make_node("Conv", [prev, "wout", "bout"], [out_name]))
    if activation == "softmax":
        nodes.append(helper.make_node("Softmax", [out_name], ["output"], axis=1))
    elif activation == "sigmoid":
        nodes.append(helper.make_node("Sigmoid", [out_name], ["output"]))
    else:
        nodes.append(helper.make_node("Identity", [out_name], ["output"]))
    n = fixed_batch if fixed_batch else "N"
    hw = [fixed_tile, fixed_tile] if fixed_tile else ["H", "W"]
    graph = helper.make_graph(
        nodes,
        "lithoscope_test_cnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [n, in_channels] + hw)],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [n, classes] + hw)],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="lithoscope-tests")
    model.ir_version = ir_version
    for key, value in (metadata or {}).items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, json.dumps(value)
    onnx.save(model, path)
    return path


def write_raster(
    path: str,
    data: np.ndarray,
    nodata: float | None = None,
    crs: str | None = "EPSG:32633",
    pixel: float = 10.0,
    origin: tuple[float, float] = (500000.0, 5000000.0),
    tags: dict[str, str] | None = None,
) -> str:
    """Write a (bands, rows, cols) array as a GeoTIFF with a north-up grid."""
    import rasterio
    from rasterio.transform import from_origin

    if data.ndim == 2:
        data = data[None]
    profile = {
        "driver": "GTiff",
        "width": data.shape[2],
        "height": data.shape[1],
        "count": data.shape[0],
        "dtype": data.dtype.name,
        "transform": from_origin(origin[0], origin[1], pixel, pixel),
        "nodata": nodata,
        "tiled": data.shape[1] >= 256 and data.shape[2] >= 256,
        "compress": "deflate",
    }
    if crs:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
        if tags:
            dst.update_tags(**tags)
    return path


def smooth_field(shape: tuple[int, int], seed: int = 0, scales: tuple[int, ...] = (64, 16, 4)) -> np.ndarray:
    """A smooth random field (sum of upsampled noise octaves), float32 in about [-1, 1]."""
    rng = np.random.default_rng(seed)
    h, w = shape
    out = np.zeros(shape, np.float64)
    for i, s in enumerate(scales):
        gh, gw = max(2, h // s + 2), max(2, w // s + 2)
        grid = rng.standard_normal((gh, gw))
        ys = np.linspace(0, gh - 1.001, h)
        xs = np.linspace(0, gw - 1.001, w)
        y0, x0 = ys.astype(int), xs.astype(int)
        fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
        g = grid[y0][:, x0] * (1 - fy) * (1 - fx) + grid[y0 + 1][:, x0] * fy * (1 - fx)
        g += grid[y0][:, x0 + 1] * (1 - fy) * fx + grid[y0 + 1][:, x0 + 1] * fy * fx
        out += g / (2**i)
    return (out / np.abs(out).max()).astype(np.float32)


def make_identity(
    path: str, channels: int, metadata: dict[str, Any] | None = None, fixed_tile: int | None = None
) -> str:
    """Write an ONNX model whose output is its input: it shows exactly what the engine fed it."""
    import onnx
    from onnx import TensorProto, helper

    hw = [fixed_tile, fixed_tile] if fixed_tile else ["H", "W"]
    graph = helper.make_graph(
        [helper.make_node("Identity", ["input"], ["output"])],
        "lithoscope_identity",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", channels] + hw)],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", channels] + hw)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="lithoscope-tests")
    model.ir_version = 8
    for key, value in (metadata or {}).items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, json.dumps(value)
    onnx.save(model, path)
    return path


def _save(graph, path: str, metadata: dict[str, Any] | None, opset: int = 17) -> str:
    import onnx
    from onnx import helper

    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="lithoscope-tests")
    model.ir_version = 8
    for key, value in (metadata or {}).items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, json.dumps(value)
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return path


def make_rnn_sequence(
    path: str, steps: int, features: int, hidden: int, outputs: int, seed: int = 0, metadata: dict | None = None
) -> tuple[str, dict[str, np.ndarray]]:
    """A per-pixel recurrent model (N, T, F) -> (N, outputs): an ONNX RNN (tanh) and a linear read-out.

    Returns the path and the weights, so a test can compute the same recurrence in numpy.
    """
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    w = (rng.standard_normal((1, hidden, features)) * 0.5).astype(np.float32)
    r = (rng.standard_normal((1, hidden, hidden)) * 0.3).astype(np.float32)
    b = (rng.standard_normal((1, 2 * hidden)) * 0.1).astype(np.float32)
    wo = rng.standard_normal((hidden, outputs)).astype(np.float32)
    bo = rng.standard_normal(outputs).astype(np.float32)
    nodes = [
        helper.make_node("Transpose", ["series"], ["tnf"], perm=[1, 0, 2]),
        helper.make_node("RNN", ["tnf", "W", "R", "B"], ["", "h_last"], hidden_size=hidden),
        helper.make_node("Squeeze", ["h_last", "axis0"], ["h"]),
        helper.make_node("MatMul", ["h", "Wo"], ["hw"]),
        helper.make_node("Add", ["hw", "Bo"], ["forecast"]),
    ]
    inits = [
        numpy_helper.from_array(w, "W"),
        numpy_helper.from_array(r, "R"),
        numpy_helper.from_array(b, "B"),
        numpy_helper.from_array(wo, "Wo"),
        numpy_helper.from_array(bo, "Bo"),
        numpy_helper.from_array(np.array([0], np.int64), "axis0"),
    ]
    graph = helper.make_graph(
        nodes,
        "lithoscope_rnn",
        [helper.make_tensor_value_info("series", TensorProto.FLOAT, ["N", steps, features])],
        [helper.make_tensor_value_info("forecast", TensorProto.FLOAT, ["N", outputs])],
        inits,
    )
    return _save(graph, path, metadata), {"W": w[0], "R": r[0], "B": b[0], "Wo": wo, "Bo": bo}


def rnn_reference(series: np.ndarray, weights: dict[str, np.ndarray]) -> np.ndarray:
    """The recurrence of make_rnn_sequence in numpy: h_t = tanh(x_t W' + h_(t-1) R' + Wb + Rb)."""
    hidden = weights["R"].shape[0]
    h = np.zeros((series.shape[0], hidden), np.float64)
    wb, rb = weights["B"][:hidden], weights["B"][hidden:]
    for t in range(series.shape[1]):
        h = np.tanh(series[:, t] @ weights["W"].T.astype(np.float64) + h @ weights["R"].T + wb + rb)
    return h @ weights["Wo"] + weights["Bo"]


def make_autoencoder(
    path: str, features: int, latent: int, seed: int = 0, metadata: dict | None = None
) -> tuple[str, dict[str, np.ndarray]]:
    """A per-pixel autoencoder (N, F) -> latent (N, k) = tanh(x E), reconstruction (N, F) = latent D."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    enc = (rng.standard_normal((features, latent)) * 0.5).astype(np.float32)
    dec = (rng.standard_normal((latent, features)) * 0.5).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["pixels", "E"], ["xe"]),
        helper.make_node("Tanh", ["xe"], ["latent"]),
        helper.make_node("MatMul", ["latent", "D"], ["reconstruction"]),
    ]
    graph = helper.make_graph(
        nodes,
        "lithoscope_autoencoder",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["N", features])],
        [
            helper.make_tensor_value_info("latent", TensorProto.FLOAT, ["N", latent]),
            helper.make_tensor_value_info("reconstruction", TensorProto.FLOAT, ["N", features]),
        ],
        [numpy_helper.from_array(enc, "E"), numpy_helper.from_array(dec, "D")],
    )
    return _save(graph, path, metadata), {"E": enc, "D": dec}


def make_void_filler(path: str, kernel: int = 5, metadata: dict | None = None) -> str:
    """A two-input generator: values (N, 1, H, W) and void mask (N, 1, H, W), 1 where void.

    Normalised convolution: the mean of the non-void values in a kernel x kernel window,
    conv(values * (1 - mask)) / conv(1 - mask), a classic way to fill small voids.
    """
    from onnx import TensorProto, helper, numpy_helper

    k = np.ones((1, 1, kernel, kernel), np.float32)
    pad = [kernel // 2] * 4
    nodes = [
        helper.make_node("Sub", ["one", "void_mask"], ["keep"]),
        helper.make_node("Mul", ["dem", "keep"], ["kept"]),
        helper.make_node("Conv", ["kept", "K"], ["num"], pads=pad),
        helper.make_node("Conv", ["keep", "K"], ["den"], pads=pad),
        helper.make_node("Max", ["den", "eps"], ["den_safe"]),
        helper.make_node("Div", ["num", "den_safe"], ["filled"]),
    ]
    inits = [
        numpy_helper.from_array(k, "K"),
        numpy_helper.from_array(np.array(1.0, np.float32), "one"),
        numpy_helper.from_array(np.array(1e-6, np.float32), "eps"),
    ]
    graph = helper.make_graph(
        nodes,
        "lithoscope_void_filler",
        [
            helper.make_tensor_value_info("dem", TensorProto.FLOAT, ["N", 1, "H", "W"]),
            helper.make_tensor_value_info("void_mask", TensorProto.FLOAT, ["N", 1, "H", "W"]),
        ],
        [helper.make_tensor_value_info("filled", TensorProto.FLOAT, ["N", 1, "H", "W"])],
        inits,
    )
    return _save(graph, path, metadata)


def write_polygons(path: str, geometries: list, crs: str, values: list | None = None) -> str:
    """Write shapely polygons (and an optional 'unit' field) to a GeoPackage."""
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"unit": values or list(range(1, len(geometries) + 1))}, geometry=geometries, crs=crs)
    frame.to_file(path, driver="GPKG")
    return path


def make_linear_sequence(
    path: str,
    steps: int,
    features: int,
    weights: np.ndarray,
    bias: np.ndarray | None = None,
    activation: str = "none",
    metadata: dict | None = None,
) -> str:
    """A linear sequence model (N, T, F) -> (N, K) = flatten(x) @ weights + bias, with an optional softmax.

    `weights` is (T * F, K), row t * F + f for feature f at step t. Without an activation the
    output is named "forecast", with a softmax "probabilities".
    """
    from onnx import TensorProto, helper, numpy_helper

    weights = np.asarray(weights, np.float32).reshape(steps * features, -1)
    k = weights.shape[1]
    bias = np.zeros(k, np.float32) if bias is None else np.asarray(bias, np.float32)
    out = "probabilities" if activation == "softmax" else "forecast"
    nodes = [
        helper.make_node("Flatten", ["series"], ["flat"], axis=1),
        helper.make_node("MatMul", ["flat", "W"], ["xw"]),
        helper.make_node("Add", ["xw", "B"], ["scores" if activation == "softmax" else out]),
    ]
    if activation == "softmax":
        nodes.append(helper.make_node("Softmax", ["scores"], [out], axis=1))
    graph = helper.make_graph(
        nodes,
        "lithoscope_linear_sequence",
        [helper.make_tensor_value_info("series", TensorProto.FLOAT, ["N", steps, features])],
        [helper.make_tensor_value_info(out, TensorProto.FLOAT, ["N", k])],
        [numpy_helper.from_array(weights, "W"), numpy_helper.from_array(bias, "B")],
    )
    return _save(graph, path, metadata)


def sine_forecast_weights(steps: int, omega: float, horizons: int) -> np.ndarray:
    """Weights (steps, horizons) of the exact linear forecast of a pure sine of angular step `omega`.

    x(t + h) = [sin((h + 1) w) x(t) - sin(h w) x(t - 1)] / sin(w), for any amplitude and phase.
    """
    weights = np.zeros((steps, horizons))
    for h in range(1, horizons + 1):
        weights[-1, h - 1] = np.sin((h + 1) * omega) / np.sin(omega)
        weights[-2, h - 1] = -np.sin(h * omega) / np.sin(omega)
    return weights


def make_step_detector(
    path: str, steps: int, threshold: float, sharpness: float = 10.0, metadata: dict | None = None
) -> str:
    """(N, T, 1) -> probabilities (N, 2) of [stable, step]: p(step) = sigmoid(sharpness (max_t |x_t| - threshold)).

    Fed first differences (sequence_difference = 1), it finds a jump larger than `threshold`.
    """
    from onnx import TensorProto, helper, numpy_helper

    nodes = [
        helper.make_node("Abs", ["series"], ["size"]),
        helper.make_node("ReduceMax", ["size"], ["largest"], axes=[1, 2], keepdims=1),
        helper.make_node("Reshape", ["largest", "shape"], ["column"]),
        helper.make_node("Sub", ["column", "threshold"], ["excess"]),
        helper.make_node("Mul", ["excess", "sharpness"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["p_step"]),
        helper.make_node("Sub", ["one", "p_step"], ["p_stable"]),
        helper.make_node("Concat", ["p_stable", "p_step"], ["probabilities"], axis=1),
    ]
    inits = [
        numpy_helper.from_array(np.array([-1, 1], np.int64), "shape"),
        numpy_helper.from_array(np.array(threshold, np.float32), "threshold"),
        numpy_helper.from_array(np.array(sharpness, np.float32), "sharpness"),
        numpy_helper.from_array(np.array(1.0, np.float32), "one"),
    ]
    graph = helper.make_graph(
        nodes,
        "lithoscope_step_detector",
        [helper.make_tensor_value_info("series", TensorProto.FLOAT, ["N", steps, 1])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2])],
        inits,
    )
    return _save(graph, path, metadata)


def write_points(path: str, columns: dict[str, list], crs_epsg: int = 32633, layer: str = "points") -> str:
    """A GeoPackage of points along a line (10 m apart), one field per column: text, or reals (NaN = null)."""
    from osgeo import ogr, osr

    ogr.UseExceptions()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(crs_epsg)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    lyr = ds.CreateLayer(layer, srs=srs, geom_type=ogr.wkbPoint)
    n = max((len(v) for v in columns.values()), default=0)
    for name, values in columns.items():
        text = any(isinstance(v, str) for v in values)
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString if text else ogr.OFTReal))
    for i in range(n):
        feature = ogr.Feature(lyr.GetLayerDefn())
        for name, values in columns.items():
            value = values[i]
            if isinstance(value, str) or (value is not None and np.isfinite(value)):
                feature.SetField(name, value if isinstance(value, str) else float(value))
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({500000 + 10 * i} 5000000)"))
        lyr.CreateFeature(feature)
    del lyr, ds
    return str(path)


def write_shapefile(path: str, cols: dict[str, list]) -> str:
    """A point Shapefile with a text field and real fields (NaN = null)."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    lyr = ds.CreateLayer("points", srs=srs, geom_type=ogr.wkbPoint)
    for name, values in cols.items():
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString if isinstance(values[0], str) else ogr.OFTReal))
    for i in range(len(next(iter(cols.values())))):
        feature = ogr.Feature(lyr.GetLayerDefn())
        for name, values in cols.items():
            if isinstance(values[i], str) or np.isfinite(values[i]):
                feature.SetField(name, values[i])
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({500000 + 10 * i} {5000000 - i})"))
        lyr.CreateFeature(feature)
    del lyr, ds
    return path


def label_scene(tmp_path, size: int = 192):
    """Two bands; the class is 'high' where band 1 (a smooth field) is above 0, 'low' elsewhere, and 'ridge' on a
    diagonal band where band 2 is high. Labels: 8 x 8 px squares labelled with the class at their centre."""
    import geopandas as gpd
    import rasterio
    from rasterio.transform import from_origin
    from shapely.geometry import box

    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    b1 = np.sin(xx / 23.0) + np.cos(yy / 31.0)
    b2 = np.exp(-(((xx - yy) / 9.0) ** 2))
    cls = np.where(b2 > 0.5, 2, np.where(b1 > 0, 1, 0))
    transform = from_origin(500000, 4000000, 10, 10)
    path = str(tmp_path / "stack.tif")
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=2, dtype="float32",
                       crs="EPSG:32633", transform=transform, nodata=-9999) as dst:  # fmt: skip
        dst.write(np.stack([b1 * 100 + 500, b2]))
    names = ["low", "high", "ridge"]
    rows = []
    for r in range(0, size, 8):
        for c in range(0, size, 8):
            x0, y0 = 500000 + c * 10, 4000000 - r * 10
            rows.append({"lith": names[cls[r + 4, c + 4]], "geometry": box(x0, y0 - 80, x0 + 80, y0)})
    labels = str(tmp_path / "labels.gpkg")
    gpd.GeoDataFrame(rows, crs="EPSG:32633").to_file(labels)
    return path, labels, cls


def training_python() -> str:
    """The training environment's Python, or a skip that says how to create it (`make setup` does)."""
    import pytest
    from lithoscope.inference.training import find_environment

    env = find_environment()
    if env is None or not env.exists:
        pytest.skip("no training environment: run `make train-env` (creates .venv-train with torch==2.13.0)")
    return env.python
