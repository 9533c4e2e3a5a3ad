# SPDX-License-Identifier: GPL-2.0-or-later
"""PNGs beside the outputs of sequence runs: names, content, PLOTS off, and nothing lost on failure.

Series are generated with a known answer (pure sines a linear model forecasts exactly, a step
change, two facies of known depths), so a plot's data can be checked value by value, and a
strip log's class column pixel by pixel.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta

import numpy as np
import pytest
from builders import make_linear_sequence, make_step_detector, sine_forecast_weights, write_points, write_raster
from lithoscope.inference.errors import LithoscopeError
from lithoscope.inference.outputs import figures, plots
from lithoscope.inference.outputs import files as files_module
from lithoscope.inference.pipelines.classify import ClassifyParams
from lithoscope.inference.pipelines.features import run_sequence_vector
from lithoscope.inference.pipelines.sequence_raster import run_sequence_raster
from lithoscope.inference.pipelines.tables import TableOptions
from lithoscope.inference.pipelines.wells import run_well_logs
from lithoscope.inference.sources.wells import WellTable

OMEGA = 2 * np.pi / 10
STEPS, HORIZONS = 12, 3
DATES = [f"2021-{m:02d}-01" for m in range(1, STEPS + 1)]
SAND, SHALE = 30.0, 80.0
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def forecaster(tmp_path) -> str:
    weights = sine_forecast_weights(STEPS, OMEGA, HORIZONS)
    meta = {"lithoscope_task": "sequence", "output_kind": "values"}
    return make_linear_sequence(str(tmp_path / "ar.onnx"), STEPS, 1, weights, metadata=meta)


def sines(n: int, seed: int = 1) -> np.ndarray:
    """n pure sines of angular step OMEGA, (STEPS, n)."""
    rng = np.random.default_rng(seed)
    amplitude, phase = rng.uniform(0.5, 3.0, n), rng.uniform(0, 2 * np.pi, n)
    return amplitude * np.sin(OMEGA * np.arange(STEPS)[:, None] + phase)


def exact_forecast(series: np.ndarray) -> np.ndarray:
    """The next HORIZONS values of a pure sine from its steps (what the forecaster must give)."""
    return np.asarray(series, float).reshape(-1) @ sine_forecast_weights(STEPS, OMEGA, HORIZONS)


def image(path: str) -> np.ndarray:
    """A PNG as (rows, columns, 3) uint8, after checking that it is one."""
    from PIL import Image

    with open(path, "rb") as f:
        assert f.read(8) == PNG_SIGNATURE
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def assert_drawn(path: str) -> np.ndarray:
    """A PNG of real content: not blank, several colours, a sensible size."""
    pixels = image(path)
    assert pixels.shape[0] > 300 and pixels.shape[1] > 300
    assert pixels.std() > 10 and len(np.unique(pixels.reshape(-1, 3), axis=0)) > 20
    return pixels


def rgb(color: str) -> np.ndarray:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])


def spy(monkeypatch, name: str) -> list[tuple]:
    """Record the arguments of plots.`name` (still drawing)."""
    calls: list[tuple] = []
    original = getattr(plots, name)

    def wrapper(*args, **kwargs):
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(plots, name, wrapper)
    return calls


def leftovers(folder) -> list[str]:
    return [n for n in os.listdir(folder) if n.startswith(".lithoscope-")]


# -- per depth: strip logs ---------------------------------------------------------------------------------


def facies_model(tmp_path, window: int = 5) -> str:
    """Shale where the centre sample's GR > 55 (softmax of a linear score), else sand."""
    weights = np.zeros((window, 2))
    weights[window // 2, 1] = 1.0
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": window}
    return make_linear_sequence(str(tmp_path / "facies.onnx"), window, 1, weights, [0, -55.0], "softmax", meta)


def well_table(shale: dict[str, np.ndarray]) -> WellTable:
    wells, depths, gr = [], [], []
    for well, is_shale in shale.items():
        wells += [well] * len(is_shale)
        depths += list(1000 + 0.5 * np.arange(len(is_shale)))
        gr += list(np.where(is_shale, SHALE, SAND))
    return WellTable(wells, depths, np.array(gr)[:, None], ("GR",))


def class_runs(pixels: np.ndarray, colors: dict[str, str]) -> list[tuple[str, int]]:
    """Runs (class, rows) down the image column that holds the most class-coloured pixels."""
    hits = {name: (pixels == rgb(c)).all(axis=2) for name, c in colors.items()}
    column = int(np.argmax(sum(h.sum(axis=0) for h in hits.values())))
    runs: list[tuple[str, int]] = []
    for row in range(pixels.shape[0]):
        name = next((n for n, h in hits.items() if h[row, column]), None)
        if name is None:
            continue
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + 1)
        else:
            runs.append((name, 1))
    return runs


def test_strip_log_per_well_shows_the_classes_in_depth_order(tmp_path):
    n = 40
    shale = {"W1": (np.arange(n) >= 10) & (np.arange(n) < 34), "A/2 west": np.arange(n) < 30}
    table = str(tmp_path / "facies.csv")
    lines: list[str] = []
    result = run_well_logs(facies_model(tmp_path), well_table(shale), table, log=lines.append)
    expected = [str(tmp_path / "facies_W1.png"), str(tmp_path / "facies_A_2_west.png")]
    assert result.plots == expected and result.paths == [table]
    assert f"Plot: {expected[0]}" in lines
    colors = {"sand": figures.class_color(0), "shale": figures.class_color(1)}
    for path, is_shale in zip(expected, shale.values()):
        runs = class_runs(assert_drawn(path), colors)
        # Top to bottom, the column must show the facies in depth order, each over its share of the well.
        changes = np.flatnonzero(np.diff(is_shale.astype(int))) + 1
        bounds = np.concatenate([[0], changes, [n]])
        want = [("shale" if is_shale[a] else "sand", (b - a) / n) for a, b in zip(bounds[:-1], bounds[1:])]
        assert [name for name, _ in runs] == [name for name, _ in want]
        total = sum(rows for _, rows in runs)
        np.testing.assert_allclose([rows / total for _, rows in runs], [share for _, share in want], atol=0.02)


def test_no_strip_logs_when_plots_are_off(tmp_path):
    table = str(tmp_path / "facies.csv")
    result = run_well_logs(
        facies_model(tmp_path), well_table({"W1": np.arange(12) < 6}), table, options=TableOptions(plots=False)
    )
    assert result.plots == [] and sorted(os.listdir(tmp_path)) == ["facies.csv", "facies.onnx"]


def test_a_failed_commit_after_the_plots_keeps_earlier_pngs_byte_identical(tmp_path, monkeypatch):
    table = str(tmp_path / "facies.csv")
    model = facies_model(tmp_path)
    first = run_well_logs(model, well_table({"W1": np.arange(20) < 6, "W2": np.arange(20) >= 15}), table)
    before = {p: open(p, "rb").read() for p in [table, *first.plots]}
    publish = files_module.publish

    def fail_on_the_table(tmp: str, target: str) -> str:  # the PNGs are placed first, then the table fails
        if target.endswith(".csv"):
            raise OSError("disk full")
        return publish(tmp, target)

    monkeypatch.setattr(files_module, "publish", fail_on_the_table)
    with pytest.raises(OSError, match="disk full"):
        run_well_logs(model, well_table({"W1": np.arange(20) >= 10, "W2": np.arange(20) < 3, "W3": np.ones(20)}), table)
    assert {p: open(p, "rb").read() for p in before} == before
    assert not os.path.exists(tmp_path / "facies_W3.png") and leftovers(tmp_path) == []


# -- per feature ---------------------------------------------------------------------------------------------


def points(tmp_path, values: np.ndarray) -> str:
    """Points with one numeric field per date; values (n, STEPS)."""
    columns = {"station": [f"S{i}" for i in range(len(values))]}
    columns.update({d: list(values[:, t]) for t, d in enumerate(DATES)})
    return write_points(str(tmp_path / "points.gpkg"), columns)


def test_feature_series_png_shows_series_and_their_forecasts(tmp_path, monkeypatch):
    values = sines(9).T
    values[3, 4] = np.nan  # masked (the model's default): drawn after those with a result, if at all
    layer = points(tmp_path, values)
    out = str(tmp_path / "forecast.gpkg")
    calls = spy(monkeypatch, "plot_series_grid")
    result = run_sequence_vector(forecaster(tmp_path), layer, out)
    png = str(tmp_path / "forecast_series.png")
    assert result.plots == [png] and result.paths == [out]
    assert_drawn(png)
    (items,) = [args[1] for args, _ in calls]
    assert len(items) == plots.MAX_SERIES
    fids = [int(item["title"].split()[-1]) for item in items]
    assert 4 not in fids  # the masked feature (fid 4) has no result to show
    for fid, item in zip(fids, items):
        series = values[fid - 1]  # GeoPackage feature ids start at 1
        np.testing.assert_allclose(item["values"][:, 0], series)
        np.testing.assert_allclose(item["forecast"], exact_forecast(series), atol=1e-4)
        # Monthly dates: the forecast continues after the last date, about a month apart.
        steps = np.diff(np.concatenate([item["times"][-1:], item["forecast_times"]])).astype("timedelta64[D]")
        assert all(28 <= s.astype(int) <= 31 for s in steps)


def test_no_feature_png_when_plots_are_off_or_matplotlib_is_missing(tmp_path, monkeypatch):
    layer = points(tmp_path, sines(3).T)
    model = forecaster(tmp_path)
    out = str(tmp_path / "forecast.gpkg")
    result = run_sequence_vector(model, layer, out, options=TableOptions(plots=False))
    assert result.plots == [] and not os.path.exists(tmp_path / "forecast_series.png")
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    with pytest.raises(LithoscopeError, match=r"Plots need matplotlib.*pip install --user matplotlib.*PLOTS = false"):
        figures.import_matplotlib()
    lines: list[str] = []
    result = run_sequence_vector(model, layer, out, log=lines.append)
    assert result.plots == [] and os.path.exists(out) and not os.path.exists(tmp_path / "forecast_series.png")
    assert any(line.startswith("Warning: no plots are written. Plots need matplotlib") for line in lines)


# -- per pixel -----------------------------------------------------------------------------------------------


def dated_stack(tmp_path, data: np.ndarray, name: str = "stack.tif") -> str:
    """A raster whose band descriptions are the dates."""
    import rasterio

    path = write_raster(str(tmp_path / name), data.astype(np.float32))
    with rasterio.open(path, "r+") as ds:
        for b, d in enumerate(DATES[: data.shape[0]]):
            ds.set_band_description(b + 1, d)
    return path


def test_per_pixel_forecasts_are_drawn_for_sample_pixels(tmp_path, monkeypatch):
    data = sines(30 * 40, seed=4).reshape(STEPS, 30, 40)
    stack = dated_stack(tmp_path, data)
    out = str(tmp_path / "forecast.tif")
    calls = spy(monkeypatch, "plot_series_grid")
    lines: list[str] = []
    result = run_sequence_raster(ClassifyParams(stack, forecaster(tmp_path), out), log=lines.append)
    png = str(tmp_path / "forecast_series.png")
    assert result.plots == [png] and f"Plot: {png}" in lines
    assert_drawn(png)
    (items,) = [args[1] for args, _ in calls]
    assert len(items) == plots.MAX_SERIES
    flat = data.reshape(STEPS, -1).T
    for item in items:
        series = item["values"][:, 0]
        assert np.isclose(flat, series, atol=1e-6).all(axis=1).any()  # a real pixel's series, in step order
        np.testing.assert_allclose(item["forecast"], exact_forecast(series), atol=2e-4)  # that pixel's own forecast
        assert str(item["times"][0])[:10] == DATES[0] and item["forecast_times"][0] > item["times"][-1]


def test_per_pixel_classes_are_drawn_as_profiles_per_class(tmp_path, monkeypatch):
    raw = 10
    rng = np.random.default_rng(3)
    data = rng.uniform(-20, 20, (16, 16))[None] + 0.5 * np.arange(raw)[:, None, None]
    jump = np.zeros((16, 16), bool)
    jump[4:12, 2:9] = True
    data[6:, jump] += 5.0  # a step of 5 between steps 5 and 6
    data[:, 0, 0] = -9999.0  # nodata: never sampled
    stack = write_raster(str(tmp_path / "steps.tif"), data.astype(np.float32), nodata=-9999.0)
    meta = {"lithoscope_task": "sequence", "sequence_difference": 1, "class_names": ["stable", "step"]}
    model = make_step_detector(str(tmp_path / "step.onnx"), raw - 1, threshold=2.5, metadata=meta)
    calls = spy(monkeypatch, "plot_class_profiles")
    result = run_sequence_raster(ClassifyParams(stack, model, str(tmp_path / "classes.tif")))
    png = str(tmp_path / "classes_series.png")
    assert result.plots == [png]
    pixels = assert_drawn(png)
    ((args, kwargs),) = calls
    _, times, series, classes, names = args[:5]
    assert names == ["stable", "step"] and list(times) == list(range(1, raw + 1))
    assert len(series) == 16 * 16 - 1  # every valid pixel (fewer than the sample's limit), nodata left out
    assert (classes == 1).sum() == jump.sum()
    jumps = series[:, 6, 0] - series[:, 5, 0]
    np.testing.assert_allclose(jumps[classes == 1], 5.5, atol=1e-4)  # the step pixels' series, step included
    np.testing.assert_allclose(jumps[classes == 0], 0.5, atol=1e-4)
    for color in kwargs["class_colors"]:  # both classes' lines are drawn in their class-map colours
        near = (np.abs(pixels.astype(int) - rgb(color)) <= 12).all(axis=2)
        assert near.sum() > 200


def test_per_pixel_plots_off_and_failure_after_the_plots(tmp_path, monkeypatch):
    data = sines(8 * 8).reshape(STEPS, 8, 8)
    stack = dated_stack(tmp_path, data)
    model = forecaster(tmp_path)
    out = str(tmp_path / "forecast.tif")
    result = run_sequence_raster(ClassifyParams(stack, model, out), plots=False)
    assert result.plots == [] and not os.path.exists(tmp_path / "forecast_series.png")
    run_sequence_raster(ClassifyParams(stack, model, out))
    earlier = [out, str(tmp_path / "forecast_series.png"), out[:-4] + ".qml"]
    before = {p: open(p, "rb").read() for p in earlier}
    publish = files_module.publish

    def fail_on_the_plot(tmp: str, target: str) -> str:  # the raster and its style are placed, then this fails
        if target.endswith(".png"):
            raise OSError("disk full")
        return publish(tmp, target)

    monkeypatch.setattr(files_module, "publish", fail_on_the_plot)
    with pytest.raises(OSError, match="disk full"):
        run_sequence_raster(ClassifyParams(stack, model, out), ",".join(d.replace("2021", "2019") for d in DATES))
    assert {p: open(p, "rb").read() for p in earlier} == before and leftovers(tmp_path) == []


# -- the drawing API ---------------------------------------------------------------------------------------


def test_plot_functions_refuse_mismatched_input_with_a_message():
    figure = figures.new_figure()
    with pytest.raises(LithoscopeError, match=r"3 value\(s\) but 4 time\(s\)"):
        figures.plot_series(figure, [1, 2, 3, 4], [1.0, 2.0, 3.0])
    with pytest.raises(LithoscopeError, match=r"curve 'GR' has 2 sample\(s\) but there are 3 depth\(s\)"):
        figures.plot_strip_log(figures.new_figure(), [1, 2, 3], {"GR": [1, 2]})
    with pytest.raises(LithoscopeError, match=r"2 class value\(s\) for 3 series"):
        figures.plot_class_profiles(figures.new_figure(), [1, 2], np.zeros((3, 2)), [0, 1], ["a", "b"])


def test_well_png_names_are_safe_and_distinct(tmp_path):
    paths = plots.well_png_paths(str(tmp_path / "out.csv"), ["A/1", "A_1", "", "é 2"])
    names = [os.path.basename(p) for p in paths.values()]
    assert names == ["out_A_1.png", "out_A_1_2.png", "out_unnamed.png", "out_é_2.png"]


# -- where forecasts lie in time (one rule for the PNGs and the series map tool) ----------------------------


def day(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_forecast_layout_places_horizons_by_name_step_and_calendar():
    daily = [day(f"2021-01-{d:02d}") for d in range(1, 13)]
    times, index = figures.forecast_layout(["v_30d", "v_7d"], daily)
    assert times == [day("2021-01-19"), day("2021-02-11")] and index.tolist() == [[1], [0]]  # in time order
    # Names without numbers: horizons 1, 2, 3 at the series' step; `step` raw steps each (sequence_step).
    times, _ = figures.forecast_layout(["a", "b", "c"], daily, step=2)
    assert times == [day("2021-01-14"), day("2021-01-16"), day("2021-01-18")]
    monthly = [day(f"2021-{m:02d}-31") for m in (1, 3, 5, 7)]  # every second month, on the 31st
    times, _ = figures.forecast_layout(["forecast_1", "forecast_2"], monthly)
    assert times == [day("2021-09-30"), day("2021-11-30")]  # calendar months; the 31st where the month has it
    # numpy datetimes in, an origin and a spacing given (a model's regular grid): from the origin, at that spacing
    grid = np.array(daily, dtype="datetime64[s]")
    times, _ = figures.forecast_layout(["forecast_1", "forecast_2"], grid, origin=grid[5], spacing=timedelta(days=2))
    assert times == [day("2021-01-08"), day("2021-01-10")]
    times, _ = figures.forecast_layout(["h_1", "h_2"], np.array([0.0, 0.5, 1.0]), step=3)  # plain numbers
    assert times == [2.5, 4.0]
    # Two features per step: a field per feature and horizon, else no layout.
    _, index = figures.forecast_layout(["e_1", "n_1", "e_2", "n_2"], daily, features=2)
    assert index.tolist() == [[0, 1], [2, 3]]
    assert figures.forecast_layout(["e", "n", "u"], daily, features=2) is None


def horizon_model(tmp_path, steps: int, metadata: dict | None = None, names=("v_7d", "v_30d")) -> str:
    """Persistence at each named horizon: every output is the last step's value."""
    weights = np.zeros((steps, len(names)))
    weights[-1, :] = 1.0
    meta = {"lithoscope_task": "sequence", "output_kind": "values", "class_names": list(names), **(metadata or {})}
    return make_linear_sequence(str(tmp_path / "horizons.onnx"), steps, 1, weights, metadata=meta)


def test_feature_png_forecasts_lie_at_their_named_horizons(tmp_path, monkeypatch):
    dates = [f"2021-01-{d:02d}" for d in range(1, STEPS + 1)]  # daily
    columns = {"name": ["A", "B"]} | {d: [float(t), 2.0 * t] for t, d in enumerate(dates)}
    layer = write_points(str(tmp_path / "points.gpkg"), columns)
    calls = spy(monkeypatch, "plot_series_grid")
    result = run_sequence_vector(horizon_model(tmp_path, STEPS), layer, str(tmp_path / "out.gpkg"))
    assert [name for name, _ in result.fields] == ["v_7d", "v_30d"]
    ((args, _),) = calls
    for item, last in zip(args[1], (11.0, 22.0)):
        assert list(item["forecast_times"]) == [day("2021-01-19"), day("2021-02-11")]  # +7 and +30 days
        np.testing.assert_allclose(item["forecast"], [last, last])


def test_feature_png_on_a_models_grid_forecasts_from_each_series_last_time(tmp_path, monkeypatch):
    """A model of 2-day steps (sequence_interval_days): horizons 2, 4, 6 days after each series' own last day."""
    from lithoscope.inference.sources.series import LongTable

    meta = {"sequence_interval_days": 2, "sequence_window": "last", "sequence_gaps": "interpolate"}
    model = horizon_model(tmp_path, 6, meta, ("forecast_1", "forecast_2", "forecast_3"))
    ids, times, values = [], [], []
    for name, days in (("S0", 20), ("S1", 15)):  # daily observations; S1 ends five days earlier
        for d in range(days):
            ids.append(name), times.append(f"2021-01-{d + 1:02d}"), values.append([float(d)])
    layer = write_points(str(tmp_path / "stations.gpkg"), {"station": ["S0", "S1"]})
    calls = spy(monkeypatch, "plot_series_grid")
    result = run_sequence_vector(
        model, layer, str(tmp_path / "out.gpkg"), table=LongTable(ids, times, values, ("disp",)), id_field="station"
    )
    assert {k: row[-1] for k, row in result.outputs.items()} == {"S0": "2021-01-20", "S1": "2021-01-15"}
    ((args, _),) = calls
    got = {item["title"]: list(item["forecast_times"]) for item in args[1]}
    assert got == {
        "station S0": [day("2021-01-22"), day("2021-01-24"), day("2021-01-26")],
        "station S1": [day("2021-01-17"), day("2021-01-19"), day("2021-01-21")],
    }


def test_pixel_png_forecasts_lie_at_their_named_horizons_and_steps(tmp_path, monkeypatch):
    import rasterio

    data = sines(4 * 5, seed=6).reshape(STEPS, 4, 5)
    path = write_raster(str(tmp_path / "daily.tif"), data.astype(np.float32))
    with rasterio.open(path, "r+") as ds:
        for b in range(STEPS):
            ds.set_band_description(b + 1, f"2021-01-{b + 1:02d}")
    calls = spy(monkeypatch, "plot_series_grid")
    run_sequence_raster(ClassifyParams(path, horizon_model(tmp_path, STEPS), str(tmp_path / "out.tif")))
    ((args, _),) = calls
    for item in args[1]:
        assert list(item["forecast_times"]) == [day("2021-01-19"), day("2021-02-11")]
        np.testing.assert_allclose(item["forecast"], [item["values"][-1, 0]] * 2, rtol=1e-6)
    # Every second monthly band (sequence_step 2): horizon 1 is two months after the last date.
    monthly = dated_stack(tmp_path, data[:11], "monthly.tif")
    model = horizon_model(tmp_path, 6, {"sequence_step": 2}, ("forecast_1", "forecast_2"))
    calls.clear()
    run_sequence_raster(ClassifyParams(monthly, model, str(tmp_path / "monthly_out.tif")))
    ((args, _),) = calls
    assert list(args[1][0]["forecast_times"]) == [day("2022-01-01"), day("2022-03-01")]


def test_well_png_names_are_distinct_whatever_the_case(tmp_path):
    paths = plots.well_png_paths(str(tmp_path / "out.csv"), ["A", "a", "B-1", "b-1"])
    names = [os.path.basename(p) for p in paths.values()]
    assert names == ["out_A.png", "out_a_2.png", "out_B-1.png", "out_b-1_2.png"]
    assert len({n.casefold() for n in names}) == 4  # distinct on Windows and macOS too
