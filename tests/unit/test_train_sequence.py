# SPDX-License-Identifier: GPL-2.0-or-later
"""Sequences (lithoscope:trainsequence's core): a small GRU classifier trains on a generated band stack with labelled
points and runs at once through Lithoscope's per-pixel sequence run; a forecaster trains on generated station series
and beats persistence on held-out stations; bad input is refused with a message that names the fix."""

from __future__ import annotations

import os

import numpy as np
import pytest
from builders import training_python as _python
from lithoscope.inference.errors import InputError
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.pipelines.classify import ClassifyParams
from lithoscope.inference.pipelines.features import run_sequence_table
from lithoscope.inference.pipelines.sequence_raster import run_sequence_raster
from lithoscope.inference.sources.series import LongTable
from lithoscope.learning.common import TrainSettings, train_model
from lithoscope.learning.sequences import forecast_baselines, prepare_pixel_sequences, prepare_table_sequences

rasterio = pytest.importorskip("rasterio")
gpd = pytest.importorskip("geopandas")


def _settings(**kw) -> TrainSettings:
    base = {
        "epochs": 30,
        "minutes": 1.0,
        "patience": 30,
        "batch": 16,
        "lr": 0.01,
        "hidden": 16,
        "threads": 2,
        "seed": 0,
    }
    return TrainSettings(**{**base, **kw})


CURVES = {  # three seasonal curves over 12 dates (NDVI x 10000)
    "crop": lambda t: 2500 + 5000 * np.exp(-(((t - 5) / 1.8) ** 2)),
    "forest": lambda t: 7800 + 300 * np.cos(2 * np.pi * t / 12),
    "pasture": lambda t: 4500 + 1200 * np.sin(2 * np.pi * t / 12),
}


def _stack(tmp_path, size: int = 60, steps: int = 12, seed: int = 0):
    """A 12-band stack: fields of three classes, each with its seasonal curve plus noise; nodata -3000."""
    from rasterio.transform import from_origin

    rng = np.random.default_rng(seed)
    t = np.arange(steps, dtype=np.float64)
    blocks = np.resize(np.arange(3), (size // 6) ** 2)
    rng.shuffle(blocks)  # fields of 6 x 6 px, each class as often: every group of points holds several classes
    truth = np.kron(blocks.reshape(size // 6, size // 6), np.ones((6, 6), np.int64))
    names = list(CURVES)
    curves = np.stack([CURVES[n](t) for n in names])  # (3, steps)
    cube = curves[truth].transpose(2, 0, 1) + rng.normal(0, 400, (steps, size, size))
    cube[3, 0, :5] = -3000  # a few fill values: interpolated
    path = str(tmp_path / "ndvi_stack.tif")
    grid = {"crs": "EPSG:32721", "transform": from_origin(600000, 8600000, 250, 250), "nodata": -3000}
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=steps, dtype="int16", **grid) as dst:
        dst.write(cube.astype(np.int16))
        dst.descriptions = tuple(f"ndvi_{2013 + (9 + k) // 12}-{(9 + k) % 12 + 1:02d}-01" for k in range(steps))
    # labelled points: 240 at random pixels, a few outside the raster
    from shapely.geometry import Point

    r, c = rng.integers(0, size, 240), rng.integers(0, size, 240)
    rows = [
        {"cover": names[truth[i, j]], "geometry": Point(600000 + (j + 0.5) * 250, 8600000 - (i + 0.5) * 250)}
        for i, j in zip(r, c)
    ]
    rows += [{"cover": "crop", "geometry": Point(500000, 8600000)} for _ in range(3)]
    points = str(tmp_path / "points.gpkg")
    gpd.GeoDataFrame(rows, crs="EPSG:32721").to_file(points)
    return path, points, truth, names


def test_pixel_classifier_trains_exports_and_runs_per_pixel(tmp_path):
    python = _python()
    raster, points, truth, names = _stack(tmp_path)
    logs: list[str] = []
    data = prepare_pixel_sequences(raster, points, "cover", groups=8, log=logs.append)
    assert any("3 of 243 labelled points lie outside" in m for m in logs)
    assert data.class_names == ["crop", "forest", "pasture"] and data.kind == "sequence"
    assert np.load(os.path.join(data.folder, "x.npy")).shape == (240, 12, 1)
    out = str(tmp_path / "seq.onnx")
    result = train_model(data, _settings(), out, python, lambda f: None, logs.append, lambda: False, "Test seq")
    assert os.path.isfile(out) and os.path.isfile(result.card) and os.path.isfile(result.report)
    assert result.check_max_diff <= 1e-4
    scores = result.metrics["scores"]
    assert set(scores) == {"model", "majority class", "random forest"}
    assert result.metrics["held_out"] == "groups of points"
    assert scores["model"]["macro_f1"] > scores["majority class"]["macro_f1"] + 0.3
    contract = read_contract(out)
    assert contract.class_names == ("crop", "forest", "pasture")
    assert contract.sequence_length == 12 and contract.sequence_scaling == "per_feature"
    assert contract.input_nodata == -3000
    # the exported model runs at once through the plugin's per-pixel sequence run
    classes = str(tmp_path / "classes.tif")
    run_sequence_raster(ClassifyParams(input_path=raster, model=out, output_path=classes), plots=False)
    with rasterio.open(classes) as src:
        got = src.read(1)
    assert np.mean(got == truth) > 0.85


def test_forecaster_beats_persistence_on_held_out_stations(tmp_path):
    python = _python()
    rng = np.random.default_rng(1)
    ids, times, values = [], [], []
    for s in range(8):
        t = np.arange(100)
        v = 10 * np.sin(2 * np.pi * t / 20 + s) + 0.05 * s * t + rng.normal(0, 0.5, t.size)
        for k in range(t.size):
            ids.append(f"st{s}")
            times.append(f"2020-{1 + k // 28:02d}-{1 + k % 28:02d}")
            values.append((float(v[k]),))
    table = LongTable(ids, times, values, ("height",), None, "date")
    data = prepare_table_sequences(table=table, task="forecast", length=16, horizons=3, log=lambda m: None)
    assert data.group_word == "stations" and len(data.group_names) == 8
    out = str(tmp_path / "fc.onnx")
    result = train_model(
        data,
        _settings(epochs=20, patience=20, refit=False),
        out,
        python,
        lambda f: None,
        lambda m: None,
        lambda: False,
        "fc",
    )
    scores = result.metrics["scores"]
    assert {"persistence", "straight line"} <= set(scores)
    assert scores["model"]["rmse"] < scores["persistence"]["rmse"]
    assert result.check_max_diff <= 1e-4
    contract = read_contract(out)
    assert contract.output_kind == "values" and contract.sequence_window == "last"
    # runs through the table path: the last 16 steps of each series -> 3 values
    series = {f"st{s}": (np.arange(30.0), np.sin(np.arange(30.0))[:, None]) for s in range(2)}
    run = run_sequence_table(out, series, dates=False)
    assert len(run.outputs["st0"]) >= 3


def test_forecast_baselines():
    x = np.arange(10, dtype=float).reshape(1, 10, 1)
    b = forecast_baselines(x, 0, 3)
    assert np.allclose(b["persistence"], 9) and np.allclose(b["straight line"], [[10, 11, 12]])
    # several targets at chosen steps: feature 0 rises by 1 a step, feature 1 falls by 2 from 100
    two = np.stack([np.arange(10.0), 100 - 2 * np.arange(10.0)], axis=1)[None]
    b = forecast_baselines(two, [0, 1, 0, 1], [1, 1, 5, 5])
    assert np.allclose(b["persistence"], [[9, 82, 9, 82]])
    assert np.allclose(b["straight line"], [[10, 80, 14, 72]])


def _displacements(stations: int = 8, days: int = 160, seed: int = 1) -> LongTable:
    """Daily E and N of stations at levels thousands of mm apart: a trend of its own, a 30-day wave in E, noise."""
    import datetime

    rng = np.random.default_rng(seed)
    ids, times, values = [], [], []
    start = datetime.date(2020, 1, 1)
    t = np.arange(days)
    for s in range(stations):
        level = rng.uniform(-5000, 5000, 2)
        east = level[0] + (0.3 + 0.1 * s) * t + 3 * np.sin(2 * np.pi * t / 30 + s) + rng.normal(0, 0.5, days)
        north = level[1] - 0.2 * t + rng.normal(0, 0.5, days)
        for k in range(days):
            ids.append(f"st{s}")
            times.append((start + datetime.timedelta(days=k)).isoformat())
            values.append((float(east[k]), float(north[k])))
    return LongTable(ids, times, values, ("E", "N"), None, "date")


def test_relative_forecaster_of_two_fields_at_chosen_steps_beats_baselines_whatever_the_level(tmp_path):
    python = _python()
    data = prepare_table_sequences(
        table=_displacements(), task="forecast", length=20, target="E,N", ahead="3,6", relative=True,
        log=lambda m: None,
    )  # fmt: skip
    assert data.contract["class_names"] == ["E_3", "N_3", "E_6", "N_6"] and data.horizons == 4
    out = str(tmp_path / "displacement.onnx")
    settings = _settings(epochs=25, patience=25, refit=False, batch=32, forecast_loss="l1", noise=0.0)
    result = train_model(data, settings, out, python, lambda f: None, lambda m: None, lambda: False, "fc")
    scores = result.metrics["scores"]
    # held-out stations: the model reads the wave and the trend, persistence and a 6-step line cannot
    assert scores["model"]["rmse"] < 0.7 * scores["persistence"]["rmse"]
    assert scores["model"]["rmse"] < 0.8 * scores["straight line"]["rmse"]
    assert result.check_max_diff <= 1e-4
    # through the plugin's own table run: a series moved by 1000 mm gets forecasts moved by 1000 mm, nothing else
    rng = np.random.default_rng(5)
    steps = np.arange(30.0)
    values = np.stack([0.5 * steps + 3 * np.sin(2 * np.pi * steps / 30), -0.2 * steps], 1) + rng.normal(0, 0.5, (30, 2))
    series = {"here": (steps, values + 2000.0), "moved": (steps, values + 3000.0)}
    run = run_sequence_table(out, series, dates=False)
    here, moved = np.asarray(run.outputs["here"], float), np.asarray(run.outputs["moved"], float)
    assert here.shape == (4,) and np.allclose(moved - here, 1000.0, atol=0.01)
    assert np.all(np.abs(here[[0, 2]] - (2000 + values[-1, 0])) < 30)  # E forecasts near the last E, not the mean


def test_forecaster_targets_and_steps_ahead_are_checked():
    table = _displacements(stations=3, days=60)
    with pytest.raises(InputError, match="'Z' is not a value column; choose among E, N"):
        prepare_table_sequences(table=table, task="forecast", length=10, target="E,Z")
    with pytest.raises(InputError, match="given twice"):
        prepare_table_sequences(table=table, task="forecast", length=10, target="E,E")
    with pytest.raises(InputError, match="not whole numbers; give them like 7,30"):
        prepare_table_sequences(table=table, task="forecast", length=10, ahead="7,x")
    with pytest.raises(InputError, match="distinct whole numbers of 1 or more"):
        prepare_table_sequences(table=table, task="forecast", length=10, ahead="0,3")
    with pytest.raises(InputError, match=r"10 \+ 70 = 80 steps"):
        prepare_table_sequences(table=table, task="forecast", length=10, ahead="5,70")


def test_bad_input_is_refused_with_a_message(tmp_path):
    raster, points, _, _ = _stack(tmp_path, size=30)
    with pytest.raises(InputError, match="no field 'rock'.*cover"):
        prepare_pixel_sequences(raster, points, "rock")
    one = gpd.read_file(points)
    one["cover"] = "crop"
    one.to_file(str(tmp_path / "one.gpkg"))
    with pytest.raises(InputError, match="at least two classes"):
        prepare_pixel_sequences(raster, str(tmp_path / "one.gpkg"), "cover")
    far = gpd.read_file(points)
    far["geometry"] = far.geometry.translate(1e6, 0)
    far.to_file(str(tmp_path / "far.gpkg"))
    with pytest.raises(InputError, match="None of the 243 labelled points lies on the raster"):
        prepare_pixel_sequences(raster, str(tmp_path / "far.gpkg"), "cover")
    rare = gpd.read_file(points)
    rare.loc[rare.index[:2], "cover"] = "water"
    rare.to_file(str(tmp_path / "rare.gpkg"))
    with pytest.raises(InputError, match="fewer than two classes are left"):
        prepare_pixel_sequences(raster, str(tmp_path / "rare.gpkg"), "cover", rare="drop", min_samples=1000)
    data = prepare_pixel_sequences(raster, str(tmp_path / "rare.gpkg"), "cover", rare="merge", min_samples=5)
    assert data.class_names[-1] == "other" and "water" in data.warnings[0]
    # fewer than 3 groups: split_groups refuses
    data = prepare_pixel_sequences(raster, points, "cover", groups=2)
    with pytest.raises(InputError, match="at least 3"):
        train_model(data, _settings(), str(tmp_path / "m.onnx"), "python", lambda f: None, print, lambda: False, "t")
    # dates that do not parse, naming the column and the format
    table = LongTable(["a", "a", "b"], ["2020-01-01", "31/01/2020", "2020-01-01"], [(1.0,), (2.0,), (3.0,)],
                      ("v",), None, "when")  # fmt: skip
    with pytest.raises(InputError, match="'when'.*31/01/2020.*Expected format"):
        prepare_table_sequences(table=table, task="forecast", length=2)
    # series shorter than L + H
    table = LongTable(["a"] * 5, [f"2020-01-0{k + 1}" for k in range(5)], [(float(k),) for k in range(5)], ("v",))
    with pytest.raises(InputError, match="shorter than the input length \\+ horizons.*No series is long enough"):
        prepare_table_sequences(table=table, task="forecast", length=4, horizons=2)


def test_date_field_classifier_groups_by_centroids(tmp_path):
    from shapely.geometry import Point

    rng = np.random.default_rng(3)
    t = np.arange(8)
    rows = []
    for i in range(60):
        kind = i % 2
        v = (np.sin(t) if kind else np.cos(t)) + rng.normal(0, 0.1, 8)
        rows.append({"kind": ["a", "b"][kind], **{f"2021-0{k + 1}-01": float(v[k]) for k in range(8)},
                     "geometry": Point(rng.uniform(0, 1000), rng.uniform(0, 1000))})  # fmt: skip
    path = str(tmp_path / "wide.gpkg")
    gpd.GeoDataFrame(rows, crs="EPSG:32633").to_file(path)
    data = prepare_table_sequences(path, task="classify", class_field="kind", groups=5, log=lambda m: None)
    assert data.group_word == "groups of points" and len(data.group_names) == 5
    x, y, where = data.baseline_features(np.arange(4))
    assert x.shape == (4, 8) and list(where(np.eye(2)[[0, 1, 1, 0]])) == [0, 1, 1, 0]
    assert data.contract["sequence_length"] == 8


def test_ndvi_real_data_against_random_forest(tmp_path):
    from conftest import dataset

    wide_csv = dataset("modis_ndvi_timeseries", "samples_modis_ndvi_wide.csv")  # skips with the reason when absent
    python = _python()
    import pandas as pd

    wide = pd.read_csv(wide_csv).iloc[::4]  # a quarter of the samples: seconds
    columns = [f"t{k:02d}" for k in range(12)]
    from shapely.geometry import Point

    dated = {f"2014-{k + 1:02d}-01": wide[c].to_numpy() for k, c in enumerate(columns)}  # fields named by dates
    layer = gpd.GeoDataFrame(
        {"label": wide["label"].to_numpy(), **dated},
        geometry=[Point(xy) for xy in zip(wide["longitude"], wide["latitude"])],
        crs="EPSG:4326",
    )
    path = str(tmp_path / "ndvi.gpkg")
    layer.to_file(path)
    data = prepare_table_sequences(path, task="classify", class_field="label", groups=10, log=lambda m: None)
    result = train_model(data, _settings(epochs=20, patience=6), str(tmp_path / "ndvi.onnx"), python,
                         lambda f: None, lambda m: None, lambda: False, "ndvi")  # fmt: skip
    scores = result.metrics["scores"]
    assert scores["model"]["samples"] == scores["random forest"]["samples"] > 0
    assert 0 <= scores["model"]["macro_f1"] <= 1 and 0 <= scores["random forest"]["macro_f1"] <= 1
    assert scores["model"]["accuracy"] > scores["majority class"]["accuracy"]
