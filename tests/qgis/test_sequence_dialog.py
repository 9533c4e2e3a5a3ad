# SPDX-License-Identifier: GPL-2.0-or-later
"""The Sequence models dialog and the series map tool, on generated series whose answer is known."""

from __future__ import annotations

import csv
import functools
import os

import numpy as np
import pytest
import rasterio
from builders import make_linear_sequence, make_step_detector, sine_forecast_weights, write_points, write_raster
from qgis.core import Qgis, QgsPointXY, QgsProject, QgsRasterLayer, QgsSettings, QgsVectorLayer
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qt_wait import wait_until

OMEGA = 2 * np.pi / 10
STEPS, HORIZONS = 12, 3
DATES = [f"2021-{m:02d}-01" for m in range(1, STEPS + 1)]
ORIGIN = (500000.0, 5000000.0)


def sines(n: int, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """n sines (STEPS, n) and their next HORIZONS values (HORIZONS, n)."""
    rng = np.random.default_rng(seed)
    amplitude, phase = rng.uniform(0.5, 3, n), rng.uniform(0, 6, n)
    t = np.arange(STEPS + HORIZONS)[:, None]
    values = amplitude * np.sin(OMEGA * t + phase)
    return values[:STEPS], values[STEPS:]


@pytest.fixture
def forecaster(tmp_path) -> str:
    """Forecasts the next three steps of any pure sine of angular step OMEGA exactly."""
    weights = sine_forecast_weights(STEPS, OMEGA, HORIZONS)
    meta = {"lithoscope_task": "sequence", "output_kind": "values"}
    return make_linear_sequence(str(tmp_path / "sine.onnx"), STEPS, 1, weights, metadata=meta)


@pytest.fixture
def detector(tmp_path) -> str:
    """Finds a jump larger than 2 between two steps (fed first differences of 12 steps)."""
    meta = {"lithoscope_task": "sequence", "class_names": ["stable", "step"], "sequence_difference": 1}
    return make_step_detector(str(tmp_path / "step.onnx"), STEPS - 1, 2.0, 10.0, meta)


@pytest.fixture
def dialog(qgis_iface, qgis_new_project):
    from lithoscope.ui.sequence_dialog import SETTINGS_GROUP, SequenceDialog

    QgsSettings().remove(SETTINGS_GROUP)
    qgis_iface.messageBar().clear_messages()
    dialog = SequenceDialog(qgis_iface)
    yield dialog
    dialog.unload()
    dialog.close()
    dialog.deleteLater()
    QgsProject.instance().removeAllMapLayers()


def add_layer(layer):
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def stack_of_single_dates(folder, series: np.ndarray, shape=(12, 10)) -> list:
    """One raster per date, named disp_<yyyymmdd>.tif, added to the project in reverse order."""
    paths = [
        write_raster(str(folder / f"disp_{d.replace('-', '')}.tif"), series[t].reshape(shape).astype(np.float32))
        for t, d in enumerate(DATES)
    ]
    return [add_layer(QgsRasterLayer(p, os.path.basename(p)[:-4])) for p in reversed(paths)][::-1]


def stack_with_band_dates(path: str, data: np.ndarray, nodata: float | None = None) -> str:
    """A multi-band raster whose band descriptions are the dates."""
    write_raster(path, data.astype(np.float32), nodata=nodata)
    with rasterio.open(path, "r+") as ds:
        for band, date in enumerate(DATES, start=1):
            ds.set_band_description(band, f"disp_{date}")
    return path


def run(dialog) -> None:
    dialog.run_button.click()
    wait_until(lambda: not dialog.is_running())


# -- the three modes ------------------------------------------------------------------------------------


def test_per_pixel_forecast_of_single_date_rasters(dialog, qgis_iface, forecaster, tmp_path):
    series, expected = sines(12 * 10)
    layers = stack_of_single_dates(tmp_path, series)
    dialog.modes.setCurrentIndex(0)
    dialog.set_model(forecaster)
    dialog.set_stack(layers)
    assert dialog.stack_layers() == layers
    assert dialog.dates_label.text().startswith("12 date(s), in order: 2021-01-01, 2021-02-01")
    out = str(tmp_path / "forecast.tif")
    dialog.raster_output.setFilePath(out)
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    with rasterio.open(out) as ds:
        np.testing.assert_allclose(ds.read(), expected.reshape(HORIZONS, 12, 10), atol=1e-4)
        assert ds.tags()["DATES"].split(",") == DATES
    [layer] = dialog.added_layers
    assert layer.source() == out and layer.name() == "disp_20210101 values"
    assert QgsProject.instance().mapLayer(layer.id()) is layer
    [message] = qgis_iface.messageBar().get_messages(Qgis.Success)
    assert out in message
    assert "Dates of the stack: 2021-01-01 to 2021-12-01 (12)" in dialog.log_view.toPlainText()
    assert dialog.progress.value() == 100
    png = str(tmp_path / "forecast_series.png")  # written with the outputs, listed in the message
    assert dialog.last_results["plots"] == [png] and png in message
    assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_per_pixel_classes_and_probabilities_are_styled(dialog, detector, tmp_path):
    data = np.zeros((STEPS, 6, 5), np.float32)
    data[6:, :3] = 5.0  # a jump of 5 after the sixth date in the three top rows
    layer = add_layer(QgsRasterLayer(stack_with_band_dates(str(tmp_path / "stack.tif"), data), "stack"))
    dialog.set_model(detector)
    dialog.set_stack([layer])
    out, probabilities = str(tmp_path / "steps.tif"), str(tmp_path / "steps_p.tif")
    dialog.raster_output.setFilePath(out)
    dialog.probabilities_check.setChecked(True)
    dialog.probabilities_widget.setFilePath(probabilities)
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    with rasterio.open(out) as ds:
        np.testing.assert_array_equal(ds.read(1), np.repeat([[1], [1], [1], [0], [0], [0]], 5, axis=1))
    with rasterio.open(probabilities) as ds:
        p_step = ds.read(2)
    np.testing.assert_allclose(p_step[:3], 1 / (1 + np.exp(-10 * 3.0)), atol=1e-6)  # sigmoid(10 (5 - 2))
    np.testing.assert_allclose(p_step[3:], 1 / (1 + np.exp(10 * 2.0)), atol=1e-6)
    # One layer per class, each styled on its own band, in a group below the class map.
    p_stable, p_step_layer, classes = dialog.added_layers
    assert (p_stable.name(), p_step_layer.name(), classes.name()) == ("p(stable)", "p(step)", "stack classes")
    assert [p.renderer().band() for p in (p_stable, p_step_layer)] == [1, 2]
    assert classes.renderer().type() == "paletted"
    assert [c.label for c in classes.renderer().classes()] == ["stable", "step"]


def test_per_pixel_refuses_unsorted_dates_and_writes_nothing(dialog, qgis_iface, forecaster, tmp_path):
    series, _ = sines(4)
    path = write_raster(str(tmp_path / "stack.tif"), series.reshape(STEPS, 2, 2).astype(np.float32))
    layer = add_layer(QgsRasterLayer(path, "stack"))
    dialog.set_model(forecaster)
    dialog.set_stack([layer])
    swapped = DATES[:3] + [DATES[4], DATES[3]] + DATES[5:]
    dialog.dates_edit.setText(", ".join(swapped))
    assert "not in date order: '2021-04-01' (2021-04-01) comes after '2021-05-01'" in dialog.dates_label.text()
    assert "color: #b00020" in dialog.dates_label.styleSheet()
    out = tmp_path / "forecast.tif"
    dialog.raster_output.setFilePath(str(out))
    run(dialog)
    [message] = qgis_iface.messageBar().get_messages(Qgis.Critical)
    assert "not in date order" in message and "Put them in date order" in message
    assert "not in date order" in dialog.log_view.toPlainText()
    assert not out.exists() and dialog.added_layers == [] and dialog.last_results is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sine.onnx", "stack.tif"]
    assert dialog.run_button.isEnabled() and dialog.close_button.text() == "Close"


def test_per_feature_date_fields_and_long_table(dialog, forecaster, tmp_path):
    series, expected = sines(4)
    columns = {"station": [f"S{i}" for i in range(4)]} | {d: list(series[t]) for t, d in enumerate(DATES)}
    points = add_layer(QgsVectorLayer(write_points(str(tmp_path / "points.gpkg"), columns), "points", "ogr"))
    dialog.modes.setCurrentIndex(1)
    dialog.set_model(forecaster)
    dialog.feature_layer.setLayer(points)
    # The numeric fields named by dates are checked; the station names are text and not listed.
    assert dialog._checked(dialog.fields_list) == DATES
    assert dialog.feature_dates_label.text().startswith("12 date(s), in order: 2021-01-01")
    wide = str(tmp_path / "wide.gpkg")
    dialog.feature_output.setFilePath(wide)
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    assert dialog.last_results["fields"] == ["forecast_1", "forecast_2", "forecast_3"]
    assert dialog.last_results["plots"] == [str(tmp_path / "wide_series.png")]

    table = tmp_path / "series.csv"
    with open(table, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["station", "date", "displacement"])
        writer.writerows([f"S{i}", d, series[t, i]] for i in range(4) for t, d in enumerate(DATES))
    table_layer = add_layer(QgsVectorLayer(str(table), "series", "ogr"))
    dialog.from_table.setChecked(True)
    dialog.long_table.setLayer(table_layer)
    dialog.long_id.setField("station")
    dialog.long_time.setField("date")
    values = dialog.long_values.findItems("displacement", Qt.MatchExactly)[0]
    values.setCheckState(Qt.Checked)
    long = str(tmp_path / "long.gpkg")
    dialog.feature_output.setFilePath(long)
    dialog.plots_check.setChecked(False)
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    assert dialog.last_results["plots"] == [] and not os.path.exists(tmp_path / "long_series.png")
    for path in (wide, long):
        layer = QgsVectorLayer(path, "out", "ogr")
        got = np.array([[f[f"forecast_{h + 1}"] for h in range(HORIZONS)] for f in layer.getFeatures()])
        np.testing.assert_allclose(got.T, expected, atol=1e-4)
        assert [f["station"] for f in layer.getFeatures()] == ["S0", "S1", "S2", "S3"]
    [added] = dialog.added_layers
    assert added.source().split("|")[0] == long and added.renderer().type() == "graduatedSymbol"
    assert added.renderer().classAttribute() == "forecast_1"


FACIES_ROWS = [("A", 100 + i, 80.0 if 3 <= i < 7 else 30.0) for i in range(10)]
FACIES_ROWS += [("B", 50 + 2 * i, -999.25 if i == 4 else 80.0) for i in range(6)]
# Well B's sample 4 is nodata: masked (the default), so its facies and the samples whose window holds it are empty.
FACIES = {"A": ["sand"] * 3 + ["shale"] * 4 + ["sand"] * 3, "B": ["shale", "shale", "", "", "", ""]}


@pytest.fixture
def facies_model(tmp_path) -> str:
    weights = np.zeros((5, 2))
    weights[2, 1] = 1.0  # shale where the centre sample's gamma ray exceeds 55
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": 5}
    return make_linear_sequence(str(tmp_path / "facies.onnx"), 5, 1, weights, [0, -55.0], "softmax", meta)


def depth_outputs(dialog, tmp_path, wells) -> tuple[str, str]:
    dialog.nodata_edit.setText("-999.25")
    dialog.wells_layer.setLayer(wells)
    dialog.wells_field.setField("name")
    out_table, out_wells = str(tmp_path / "facies.csv"), str(tmp_path / "wells_facies.gpkg")
    dialog.table_output.setFilePath(out_table)
    dialog.wells_output.setFilePath(out_wells)
    return out_table, out_wells


def check_facies(out_table: str, out_wells: str) -> None:
    with open(out_table, encoding="utf-8") as f:
        got = [(r["well"], r["class_name"]) for r in csv.DictReader(f)]
    assert {w: [c for x, c in got if x == w] for w in "AB"} == FACIES
    layer = QgsVectorLayer(out_wells, "wells", "ogr")
    summary = {f["name"]: (f["dominant"], f["thick_sand"], f["thick_shale"]) for f in layer.getFeatures()}
    assert summary == {"A": ("sand", 6.0, 4.0), "B": ("shale", 0.0, 4.0)}


def well_logs_chosen(dialog, model: str, tmp_path, wells_columns: dict):
    """The per-depth tab on a table of FACIES_ROWS (curve gr) and well points of `wells_columns`; the points."""
    table = tmp_path / "logs.csv"
    table.write_text("well,depth,gr\n" + "".join(f"{w},{d},{g}\n" for w, d, g in FACIES_ROWS))
    logs = add_layer(QgsVectorLayer(str(table), "logs", "ogr"))
    wells = add_layer(QgsVectorLayer(write_points(str(tmp_path / "wells.gpkg"), wells_columns), "wells", "ogr"))
    dialog.modes.setCurrentIndex(2)
    dialog.set_model(model)
    dialog.well_table.setLayer(logs)
    dialog.well_field.setField("well")
    dialog.depth_field.setField("depth")
    dialog.curves_list.findItems("gr", Qt.MatchExactly)[0].setCheckState(Qt.Checked)
    return wells


def test_per_depth_facies_and_well_summary(dialog, facies_model, tmp_path):
    wells = well_logs_chosen(dialog, facies_model, tmp_path, {"name": ["A", "B"]})
    out_table, out_wells = depth_outputs(dialog, tmp_path, wells)
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    check_facies(out_table, out_wells)
    assert dialog.last_results["plots"] == [str(tmp_path / "facies_A.png"), str(tmp_path / "facies_B.png")]
    per_depth, points = dialog.added_layers
    assert per_depth.featureCount() == 16 and per_depth.providerType() == "delimitedtext"
    assert points.renderer().type() == "categorizedSymbol" and points.renderer().classAttribute() == "dominant"
    colors = {c.value(): c.symbol().color().name() for c in points.renderer().categories()}
    from lithoscope.inference.outputs.styles import DEFAULT_COLORS

    assert colors == {"sand": DEFAULT_COLORS[0], "shale": DEFAULT_COLORS[1]}


def test_per_depth_from_las_files_and_a_click_on_a_well(dialog, qgis_iface, facies_model, tmp_path):
    lasio = pytest.importorskip("lasio")
    paths = []
    for well in "AB":
        rows = [r for r in FACIES_ROWS if r[0] == well]
        las = lasio.LASFile()
        las.well["WELL"].value = well
        las.well["NULL"].value = -999.25
        las.append_curve("DEPT", np.array([r[1] for r in rows], float), unit="M")
        las.append_curve("GR", np.array([r[2] for r in rows], float))
        paths.append(str(tmp_path / f"well_{well}.las"))
        las.write(paths[-1], version=2.0)
    wells = add_layer(QgsVectorLayer(write_points(str(tmp_path / "wells.gpkg"), {"name": ["A", "B"]}), "wells", "ogr"))
    dialog.modes.setCurrentIndex(2)
    dialog.set_model(facies_model)
    dialog.from_las.setChecked(True)
    dialog.las_files.setFilePath(" ".join(f'"{p}"' for p in paths))
    dialog.las_curves.setText("GR")
    out_table, out_wells = depth_outputs(dialog, tmp_path, wells)
    dialog.nodata_edit.clear()  # the LAS NULL value is nodata already
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    check_facies(out_table, out_wells)

    canvas = qgis_iface.mapCanvas()
    show(canvas, wells)
    canvas.setExtent(wells.extent().buffered(50))
    tool = dialog.start_inspecting()
    click(canvas, tool, ORIGIN[0], ORIGIN[1])  # well A
    plot = tool.plot_dialog
    gr = [r[2] for r in FACIES_ROWS if r[0] == "A"]
    assert plot.series.well and plot.series.feature_names == ["GR"]
    np.testing.assert_array_equal(plot.series.values[:, 0], gr)
    assert plot.series.times == [r[1] for r in FACIES_ROWS if r[0] == "A"]
    assert plot.prediction.classes == FACIES["A"]
    assert [ax.get_title() for ax in plot.figure.axes[:2]] == ["GR", "class"]  # a strip log: curve and classes


def test_missing_choices_are_named_before_a_run(dialog, forecaster, tmp_path):
    dialog.model_combo.setCurrentIndex(-1)  # no model (shipped sequence models would be listed first)
    dialog.run_button.click()
    assert "Choose a sequence model" in dialog.log_view.toPlainText() and not dialog.is_running()
    dialog.set_model(forecaster)
    dialog.run_button.click()
    assert "Choose the time stack" in dialog.log_view.toPlainText()
    dialog.modes.setCurrentIndex(2)
    dialog.run_button.click()
    assert "Choose the well-log table" in dialog.log_view.toPlainText()
    assert not dialog.is_running()
    from lithoscope.ui.sequence_dialog import build_job

    # An empty output path is a new temporary file (in a folder that exists), as in Processing.
    layer = add_layer(QgsRasterLayer(write_raster(str(tmp_path / "s.tif"), np.zeros((12, 2, 2), np.float32)), "s"))
    job = build_job({"mode": "pixel", "model": forecaster, "stack": [layer], "output": ""})
    [output] = job.outputs
    assert output.endswith(".tif") and os.path.isdir(os.path.dirname(output)) and not os.path.exists(output)
    assert job.options["input_path"] == str(tmp_path / "s.tif") and job.arguments["plots"] is True


def test_cancel_keeps_an_earlier_output_byte_identical(dialog, qgis_iface, forecaster, tmp_path):
    rng = np.random.default_rng(0)
    data = rng.standard_normal((STEPS, 1024, 1024)).astype(np.float32)
    layer = add_layer(QgsRasterLayer(stack_with_band_dates(str(tmp_path / "big.tif"), data), "big"))
    out = tmp_path / "forecast.tif"
    out.write_bytes(b"an earlier result")
    (tmp_path / "forecast_series.png").write_bytes(b"an earlier plot")
    dialog.set_model(forecaster)
    dialog.set_stack([layer])
    dialog.raster_output.setFilePath(str(out))
    dialog.run_button.click()
    assert dialog.is_running() and dialog.close_button.text() == "Cancel"
    wait_until(lambda: dialog.progress.value() >= 1 or not dialog.is_running())
    dialog.close_button.click()  # Cancel while running
    wait_until(lambda: not dialog.is_running())
    log = dialog.log_view.toPlainText()
    assert "Cancelled" in log, log
    assert dialog.progress.value() < 100
    assert out.read_bytes() == b"an earlier result"
    assert (tmp_path / "forecast_series.png").read_bytes() == b"an earlier plot"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert dialog.added_layers == [] and qgis_iface.messageBar().get_messages(Qgis.Critical) == []
    assert [x.name() for x in QgsProject.instance().mapLayers().values()] == ["big"]


def test_choices_are_remembered(qgis_iface, dialog, forecaster, tmp_path):
    from lithoscope.ui.sequence_dialog import SequenceDialog

    series, _ = sines(4)
    columns = {d: list(series[t]) for t, d in enumerate(DATES)}
    points = add_layer(QgsVectorLayer(write_points(str(tmp_path / "points.gpkg"), columns), "points", "ogr"))
    dialog.modes.setCurrentIndex(1)
    dialog.set_model(forecaster)
    dialog.feature_layer.setLayer(points)
    dialog.fields_list.findItems(DATES[-1], Qt.MatchExactly)[0].setCheckState(Qt.Unchecked)
    dialog.date_format_edit.setText("%Y-%m-%d")
    dialog.feature_output.setFilePath(str(tmp_path / "out.gpkg"))
    dialog.save_settings()
    again = SequenceDialog(qgis_iface)
    try:
        assert again.mode() == "feature" and again.model() == forecaster
        assert again.feature_layer.currentLayer() is points
        assert again._checked(again.fields_list) == DATES[:11]
        assert again.date_format_edit.text() == "%Y-%m-%d"
        assert again.feature_output.filePath() == str(tmp_path / "out.gpkg")
        assert SequenceDialog.last_model() == forecaster
    finally:
        again.deleteLater()


# -- the series map tool --------------------------------------------------------------------------------


def click(canvas, tool, x: float, y: float) -> None:
    """A left click at map coordinates (x, y) of the canvas."""
    device = canvas.getCoordinateTransform().transform(QgsPointXY(x, y))
    pos = QPoint(round(device.x()), round(device.y()))
    event = QgsMapMouseEvent(canvas, QEvent.MouseButtonPress, pos, Qt.LeftButton, Qt.LeftButton, Qt.NoModifier)
    tool.canvasPressEvent(event)
    release = QgsMapMouseEvent(canvas, QEvent.MouseButtonRelease, pos, Qt.LeftButton, Qt.NoButton, Qt.NoModifier)
    tool.canvasReleaseEvent(release)


def show(canvas, layer) -> None:
    canvas.setDestinationCrs(layer.crs())
    canvas.setLayers([layer])
    canvas.setExtent(layer.extent())
    canvas.refresh()


def test_series_tool_plots_a_pixel_and_its_forecast(dialog, qgis_iface, forecaster, tmp_path):
    series, expected = sines(6 * 5, seed=7)
    data = series.reshape(STEPS, 6, 5).copy()
    data[:, 0, 0] = -9999.0  # a nodata pixel
    path = stack_with_band_dates(str(tmp_path / "stack.tif"), data, nodata=-9999.0)
    layer = add_layer(QgsRasterLayer(path, "stack"))
    canvas = qgis_iface.mapCanvas()
    show(canvas, layer)
    dialog.set_model(forecaster)
    dialog.set_stack([layer])
    tool = dialog.start_inspecting()
    assert canvas.mapTool() is tool

    row, col = 3, 4  # pixel centre in map coordinates (10 m pixels from ORIGIN)
    click(canvas, tool, ORIGIN[0] + 10 * col + 5, ORIGIN[1] - 10 * row - 5)
    plot = tool.plot_dialog
    assert plot is not None and plot.isVisible()
    assert plot.series.title.startswith("Pixel (row 3, column 4) at 50004") and plot.series.title.endswith("'stack'")
    np.testing.assert_array_equal(plot.series.values[:, 0], data[:, row, col].astype(np.float32))
    assert [d.strftime("%Y-%m-%d") for d in plot.series.times] == DATES
    np.testing.assert_allclose(plot.prediction.forecast, expected.reshape(HORIZONS, 6, 5)[:, row, col], atol=1e-4)
    assert [d.strftime("%Y-%m-%d") for d in plot.prediction.forecast_times] == [
        "2022-01-01",
        "2022-02-01",
        "2022-03-01",
    ]
    # What is drawn: the pixel's series, then the forecast continuing from its last value.
    series_line, forecast_line = plot.figure.axes[0].get_lines()[:2]
    np.testing.assert_allclose(series_line.get_ydata(), data[:, row, col], rtol=1e-6)
    np.testing.assert_allclose(forecast_line.get_ydata()[1:], plot.prediction.forecast, rtol=1e-6)
    assert forecast_line.get_linestyle() == "--"
    assert "forecast_1 = " in plot.details.text()
    # The label wraps rather than being cut off at the figure's edge.
    assert plot.figure.axes[0].get_ylabel() == "Values of 'stack' as stored (before\nthe model's scaling)"
    png = plot.save_png(str(tmp_path / "clicked.png"))
    assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n"

    qgis_iface.messageBar().clear_messages()
    shown = plot.series
    click(canvas, tool, ORIGIN[0] + 5, ORIGIN[1] - 5)  # the nodata pixel
    click(canvas, tool, ORIGIN[0] - 500, ORIGIN[1] + 500)  # outside the stack
    notes = qgis_iface.messageBar().get_messages(Qgis.Info)
    assert any("nodata at every date" in n for n in notes) and any("outside the time stack" in n for n in notes)
    assert qgis_iface.messageBar().get_messages(Qgis.Critical) == []
    assert qgis_iface.messageBar().get_messages(Qgis.Warning) == []
    assert plot.series is shown  # the last plot stays


def test_series_tool_on_a_feature_shows_the_class(dialog, qgis_iface, detector, tmp_path):
    from lithoscope.inference.pipelines.tables import SequenceModel

    flat = np.zeros(STEPS)
    jump = np.where(np.arange(STEPS) >= 6, 5.0, 0.0)
    columns = {"name": ["flat", "jump"]} | {d: [flat[t], jump[t]] for t, d in enumerate(DATES)}
    points = add_layer(QgsVectorLayer(write_points(str(tmp_path / "points.gpkg"), columns), "points", "ogr"))
    canvas = qgis_iface.mapCanvas()
    show(canvas, points)
    canvas.setExtent(points.extent().buffered(50))
    dialog.modes.setCurrentIndex(1)
    dialog.set_model(detector)
    dialog.feature_layer.setLayer(points)
    tool = dialog.start_inspecting()
    direct = SequenceModel(detector).predict(["flat", "jump"], np.stack([flat, jump])[:, :, None], "test")
    for i, (name, values) in enumerate((("flat", flat), ("jump", jump))):
        click(canvas, tool, ORIGIN[0] + 10 * i, ORIGIN[1])
        plot = tool.plot_dialog
        np.testing.assert_array_equal(plot.series.values[:, 0], values)
        expected = direct.outputs[name]
        assert plot.prediction.fields["class_name"] == expected[1] == ("step" if name == "jump" else "stable")
        assert plot.prediction.text == f"{expected[1]} (p = {max(expected[2:]):.2f})"
        assert plot.prediction.text in plot.figure.axes[0].get_title()  # drawn under the title
        shown = plot.details.text()
        assert "e-" not in shown and all(
            f"{k} = {v:.3f}" in shown for k, v in plot.prediction.fields.items() if k.startswith("p_")
        )


def test_toolbar_series_tool_uses_the_active_layer_and_the_last_model(
    qgis_iface, qgis_new_project, forecaster, tmp_path
):
    from lithoscope import classFactory
    from lithoscope.ui.sequence_dialog import SETTINGS_GROUP

    QgsSettings().remove(SETTINGS_GROUP)
    series, expected = sines(4 * 3, seed=3)
    path = stack_with_band_dates(str(tmp_path / "stack.tif"), series.reshape(STEPS, 4, 3))
    layer = add_layer(QgsRasterLayer(path, "stack"))
    canvas = qgis_iface.mapCanvas()
    show(canvas, layer)
    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        qgis_iface.messageBar().clear_messages()
        plugin.series_action.trigger()  # no model chosen yet: a note, and the dialog opens to choose one
        assert plugin.series_tool is None and not plugin.series_action.isChecked()
        assert any("Choose a sequence model first" in m for m in qgis_iface.messageBar().get_messages(Qgis.Warning))
        assert plugin.sequence_dialog is not None and plugin.sequence_dialog.isVisible()
        plugin.sequence_dialog.set_model(forecaster)
        qgis_iface.setActiveLayer(layer)
        plugin.series_action.trigger()
        assert canvas.mapTool() is plugin.series_tool and plugin.series_action.isChecked()
        click(canvas, plugin.series_tool, ORIGIN[0] + 25, ORIGIN[1] - 15)  # row 1, column 2
        np.testing.assert_allclose(
            plugin.series_tool.plot_dialog.prediction.forecast, expected.reshape(HORIZONS, 4, 3)[:, 1, 2], atol=1e-4
        )
    finally:
        plugin.unload()
    assert plugin.series_tool is None and canvas.mapTool() is None


def test_write_onto_the_input_layer_only_when_asked(dialog, forecaster, tmp_path):
    series, expected = sines(4)
    columns = {"station": [f"S{i}" for i in range(4)]} | {d: list(series[t]) for t, d in enumerate(DATES)}
    path = write_points(str(tmp_path / "points.gpkg"), columns)
    points = add_layer(QgsVectorLayer(path, "points", "ogr"))
    dialog.modes.setCurrentIndex(1)
    dialog.set_model(forecaster)
    dialog.feature_layer.setLayer(points)
    dialog.plots_check.setChecked(False)
    assert dialog.feature_in_place.isVisible() or not dialog.isVisible()
    dialog.feature_in_place.setChecked(True)
    assert not dialog.feature_output.isEnabled()
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    assert "written onto the input layer itself: " + path in dialog.log_view.toPlainText()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["points.gpkg", "sine.onnx"]  # no copy
    assert dialog.added_layers == []
    fresh = QgsVectorLayer(path, "fresh", "ogr")
    got = np.array([[f[f"forecast_{h + 1}"] for h in range(HORIZONS)] for f in fresh.getFeatures()])
    np.testing.assert_allclose(got.T, expected, atol=1e-4)
    assert [f["station"] for f in fresh.getFeatures()] == ["S0", "S1", "S2", "S3"]
    assert points.fields().lookupField("forecast_1") >= 0  # the project's layer shows the new fields


def test_series_tool_on_a_long_table_matches_the_run(dialog, qgis_iface, tmp_path):
    """A daily forecaster puts each station on its own grid, ending at its last day: the click does the same."""
    from datetime import date, timedelta

    weights = sine_forecast_weights(STEPS, OMEGA, HORIZONS)
    meta = {"lithoscope_task": "sequence", "output_kind": "values", "sequence_interval_days": 1,
            "sequence_window": "last", "sequence_gaps": "interpolate"}  # fmt: skip
    model = make_linear_sequence(str(tmp_path / "daily.onnx"), STEPS, 1, weights, metadata=meta)
    start = date(2021, 1, 1)
    t = np.arange(20)
    days = {"S0": t, "S1": t[(t < 15) & (t != 9)]}  # S1 ends 5 days earlier and misses a day
    values = {"S0": 2.0 * np.sin(OMEGA * t + 0.3), "S1": np.sin(OMEGA * t + 1.1)}
    table = tmp_path / "daily.csv"
    lines = ["station,date,disp"]
    for name, kept in days.items():
        lines += [f"{name},{start + timedelta(days=int(d))},{values[name][d]!r}" for d in kept]
    table.write_text("\n".join(lines) + "\n")
    table_layer = add_layer(QgsVectorLayer(str(table), "daily", "ogr"))
    points = add_layer(
        QgsVectorLayer(write_points(str(tmp_path / "stations.gpkg"), {"station": ["S0", "S1"]}), "stations", "ogr")
    )
    dialog.modes.setCurrentIndex(1)
    dialog.set_model(model)
    dialog.feature_layer.setLayer(points)
    dialog.from_table.setChecked(True)
    dialog.long_table.setLayer(table_layer)
    dialog.long_id.setField("station")
    dialog.long_time.setField("date")
    dialog.long_values.findItems("disp", Qt.MatchExactly)[0].setCheckState(Qt.Checked)
    out = str(tmp_path / "forecast.gpkg")
    dialog.feature_output.setFilePath(out)
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    written = {f["station"]: f for f in QgsVectorLayer(out, "out", "ogr").getFeatures()}
    exact = 2.0 * np.sin(OMEGA * np.arange(20, 23) + 0.3)  # S0 has no gap: the sine's next days
    np.testing.assert_allclose([written["S0"][f"forecast_{h + 1}"] for h in range(3)], exact, atol=1e-4)

    canvas = qgis_iface.mapCanvas()
    show(canvas, points)
    canvas.setExtent(points.extent().buffered(50))
    tool = dialog.start_inspecting()
    for i, (name, last) in enumerate((("S0", "2021-01-20"), ("S1", "2021-01-15"))):
        click(canvas, tool, ORIGIN[0] + 10 * i, ORIGIN[1])
        prediction = tool.plot_dialog.prediction
        assert written[name]["last_date"] == last and prediction.text.endswith(f"(from {last})")
        np.testing.assert_allclose(
            prediction.forecast, [written[name][f"forecast_{h + 1}"] for h in range(3)], rtol=1e-6
        )
        first = date.fromisoformat(last) + timedelta(days=1)
        assert [d.date() for d in prediction.forecast_times] == [first + timedelta(days=h) for h in range(3)]
        np.testing.assert_array_equal(tool.plot_dialog.series.values[:, 0], values[name][days[name]])


# -- the end of a run: what is reported, what is reloaded, what is never touched ----------------------


def after_the_core(monkeypatch, then) -> None:
    """Make the dialog's runs call `then(hooks)` once the core's run has returned (its outputs committed)."""
    from lithoscope.ui import sequence_dialog

    core = sequence_dialog._run_function

    def patched(mode):
        run_core = core(mode)

        @functools.wraps(run_core)  # the same signature: the dialog reads its options from it
        def run_then(*args, **kwargs):
            result = run_core(*args, **kwargs)
            then(kwargs)
            return result

        return run_then

    monkeypatch.setattr(sequence_dialog, "_run_function", patched)


def test_a_cancel_after_an_in_place_run_committed_reports_its_success(
    dialog, qgis_iface, forecaster, tmp_path, monkeypatch
):
    """Cancel arriving once the core has written onto the layer: the run is done, reported and shown as such."""

    series, expected = sines(4)
    columns = {"station": [f"S{i}" for i in range(4)]} | {d: list(series[t]) for t, d in enumerate(DATES)}
    path = write_points(str(tmp_path / "points.gpkg"), columns)
    points = add_layer(QgsVectorLayer(path, "points", "ogr"))

    def cancel(hooks):  # the core has committed: the layer has its new fields; the user clicks Cancel just now
        dialog.task.cancel()
        assert hooks["is_cancelled"]()

    after_the_core(monkeypatch, cancel)
    dialog.modes.setCurrentIndex(1)
    dialog.set_model(forecaster)
    dialog.feature_layer.setLayer(points)
    dialog.feature_in_place.setChecked(True)
    run(dialog)
    log = dialog.log_view.toPlainText()
    assert dialog.last_results is not None, log
    assert "The run had finished when Cancel arrived; its outputs were written." in log
    assert "no output was written" not in log
    [message] = qgis_iface.messageBar().get_messages(Qgis.Success)
    assert path in message
    assert qgis_iface.messageBar().get_messages(Qgis.Warning) == []
    assert points.fields().lookupField("forecast_3") >= 0  # the project's layer was reloaded
    got = np.array([[f[f"forecast_{h + 1}"] for h in range(HORIZONS)] for f in points.getFeatures()])
    np.testing.assert_allclose(got.T, expected, atol=1e-4)


def test_a_failed_run_leaves_the_users_other_files_alone(tmp_path, monkeypatch):
    """Files that merely share the output's stem are not the run's: a failure never reverts them."""
    from lithoscope.inference.errors import InputError
    from lithoscope.ui import sequence_dialog
    from lithoscope.ui.sequence_dialog import SequenceJob, run_job

    notes = tmp_path / "out_notes.txt"
    notes.write_text("v1")
    earlier = tmp_path / "out.gpkg"
    earlier.write_bytes(b"an earlier result")

    def core(*args, **kwargs):
        (tmp_path / "out_notes.tmp").write_text("v2, the user's newer work")  # saved by another program meanwhile
        os.replace(tmp_path / "out_notes.tmp", notes)
        raise InputError("an input problem found late in the run")

    monkeypatch.setattr(sequence_dialog, "_run_function", lambda mode: core)
    job = SequenceJob("feature", "model.onnx", "points", [str(earlier)], {"output_path": str(earlier)})
    with pytest.raises(InputError, match="found late"):
        run_job(job, None, lambda: False, lambda message: None)
    assert notes.read_text() == "v2, the user's newer work"
    assert earlier.read_bytes() == b"an earlier result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.gpkg", "out_notes.txt"]


def test_plots_listed_are_the_runs_own(dialog, forecaster, tmp_path, monkeypatch):
    """The PNGs reported are the ones the core wrote, not every <stem>*.png that changed meanwhile."""

    series, _ = sines(4)
    columns = {"station": [f"S{i}" for i in range(4)]} | {d: list(series[t]) for t, d in enumerate(DATES)}
    points = add_layer(QgsVectorLayer(write_points(str(tmp_path / "points.gpkg"), columns), "points", "ogr"))
    after_the_core(monkeypatch, lambda hooks: (tmp_path / "wide_mine.png").write_bytes(b"the user's own picture"))
    dialog.modes.setCurrentIndex(1)
    dialog.set_model(forecaster)
    dialog.feature_layer.setLayer(points)
    dialog.feature_output.setFilePath(str(tmp_path / "wide.gpkg"))
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    assert dialog.last_results["plots"] == [str(tmp_path / "wide_series.png")]
    assert "wide_mine.png" not in dialog.log_view.toPlainText()


def test_well_summary_is_styled_on_the_field_the_copy_named(dialog, facies_model, tmp_path):
    """Well points that already have a field 'dominant': the summary gets another name, and the style follows it."""
    columns = {"name": ["A", "B"], "dominant": ["granite", "gneiss"]}  # the user's own field
    wells = well_logs_chosen(dialog, facies_model, tmp_path, columns)
    _, out_wells = depth_outputs(dialog, tmp_path, wells)
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    field = dialog.last_results["summary_fields"][0]
    assert field != "dominant"
    _, points = dialog.added_layers
    assert points.renderer().type() == "categorizedSymbol" and points.renderer().classAttribute() == field
    got = {f["name"]: (f["dominant"], f[field]) for f in points.getFeatures()}
    assert got == {"A": ("granite", "sand"), "B": ("gneiss", "shale")}
    assert {c.value() for c in points.renderer().categories()} == {"sand", "shale"}


def test_well_summary_in_place_reloads_the_well_points(dialog, facies_model, tmp_path):
    """In place, the well points in the project show the summary; their file is not added as a new layer."""
    wells = well_logs_chosen(dialog, facies_model, tmp_path, {"name": ["A", "B"]})
    path = str(tmp_path / "wells.gpkg")
    depth_outputs(dialog, tmp_path, wells)
    dialog.wells_in_place.setChecked(True)
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    assert dialog.last_results["in_place"] == path
    [per_depth] = dialog.added_layers
    assert per_depth.providerType() == "delimitedtext"
    assert [x.name() for x in QgsProject.instance().mapLayers().values()].count("wells") == 1
    assert {f["name"]: f["dominant"] for f in wells.getFeatures()} == {"A": "sand", "B": "shale"}
    assert not os.path.exists(tmp_path / "wells_facies.gpkg")


# -- feature offsets and scales ---------------------------------------------------------------------------


def test_feature_offsets_and_scales_override_the_models_scaling(dialog, qgis_iface, forecaster, tmp_path):
    from lithoscope.ui.sequence_dialog import SETTINGS_GROUP, SequenceDialog

    # The forecaster takes the sines themselves; the files hold them as x * 100 + 5.
    series, expected = sines(4 * 3, seed=5)
    stored = (series * 100 + 5).astype(np.float32)
    path = stack_with_band_dates(str(tmp_path / "stack.tif"), stored.reshape(STEPS, 4, 3))
    layer = add_layer(QgsRasterLayer(path, "stack"))
    dialog.set_model(forecaster)
    dialog.set_stack([layer])
    unscaled = tmp_path / "unscaled.tif"
    dialog.raster_output.setFilePath(str(unscaled))
    run(dialog)  # without the scaling: the forecast of x * 100 + 5, far from the sines' next values
    with rasterio.open(unscaled) as ds:
        assert np.abs(ds.read() - expected.reshape(HORIZONS, 4, 3)).max() > 50
    dialog.offset_edit.setText("5")
    dialog.scale_edit.setText(" 100 ")
    out = tmp_path / "scaled.tif"
    dialog.raster_output.setFilePath(str(out))
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    with rasterio.open(out) as ds:
        np.testing.assert_allclose(ds.read(), expected.reshape(HORIZONS, 4, 3), atol=1e-4)
    assert QgsSettings().value(f"{SETTINGS_GROUP}/band_offset") == "5"

    # Per feature: the same scaling reaches the table run.
    columns = {"station": [f"S{i}" for i in range(3)]} | {d: list(stored[t, :3]) for t, d in enumerate(DATES)}
    points = add_layer(QgsVectorLayer(write_points(str(tmp_path / "points.gpkg"), columns), "points", "ogr"))
    dialog.modes.setCurrentIndex(1)
    dialog.feature_layer.setLayer(points)
    copy = str(tmp_path / "copy.gpkg")
    dialog.feature_output.setFilePath(copy)
    run(dialog)
    assert dialog.last_results is not None, dialog.log_view.toPlainText()
    got = np.array([[f[f"forecast_{h + 1}"] for h in range(HORIZONS)] for f in QgsVectorLayer(copy).getFeatures()])
    np.testing.assert_allclose(got.T, expected[:, :3], atol=1e-4)

    # The series tool predicts with it too: a click on pixel (row 1, column 2) gives its sine's forecast.
    dialog.modes.setCurrentIndex(0)
    canvas = qgis_iface.mapCanvas()
    show(canvas, layer)
    tool = dialog.start_inspecting()
    click(canvas, tool, ORIGIN[0] + 25, ORIGIN[1] - 15)
    np.testing.assert_array_equal(tool.plot_dialog.series.values[:, 0], stored.reshape(STEPS, 4, 3)[:, 1, 2])
    np.testing.assert_allclose(
        tool.plot_dialog.prediction.forecast, expected.reshape(HORIZONS, 4, 3)[:, 1, 2], atol=1e-4
    )
    dialog.offset_edit.setText("")  # back to the model's scaling: the tool gets no override
    tool = dialog.start_inspecting()
    assert tool.options.band_offset is None and tool.options.band_scale == (100.0,)

    again = SequenceDialog(qgis_iface)  # remembered
    try:
        assert again.offset_edit.text() == "5" and again.scale_edit.text() == " 100 "
        assert again.offset_edit.placeholderText() == "model's scaling"
    finally:
        again.deleteLater()


@pytest.mark.parametrize(
    ("offsets", "scales", "named"),
    [("0.5x", "", "Feature offsets: '0.5x' is not a number"), ("", "0.2, 0", "Feature scales: '0' is not a non-zero")],
)
def test_a_bad_offset_or_scale_is_named_and_nothing_is_written(
    dialog, qgis_iface, forecaster, tmp_path, offsets, scales, named
):
    from lithoscope.ui.sequence_dialog import SETTINGS_GROUP

    path = stack_with_band_dates(str(tmp_path / "stack.tif"), sines(4)[0].reshape(STEPS, 2, 2))
    layer = add_layer(QgsRasterLayer(path, "stack"))
    dialog.set_model(forecaster)
    dialog.set_stack([layer])
    out = tmp_path / "forecast.tif"
    dialog.raster_output.setFilePath(str(out))
    dialog.offset_edit.setText(offsets)
    dialog.scale_edit.setText(scales)
    dialog.run_button.click()
    assert not dialog.is_running()
    [message] = qgis_iface.messageBar().get_messages(Qgis.Warning)
    assert named in message and "leave the field empty to use the model's scaling" in message
    assert named in dialog.log_view.toPlainText()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sine.onnx", "stack.tif"]
    assert dialog.last_results is None and dialog.added_layers == []
    assert QgsSettings().value(f"{SETTINGS_GROUP}/band_offset") is None  # the settings are not saved either
    qgis_iface.messageBar().clear_messages()
    assert dialog.start_inspecting() is None  # nor does the series tool start
    [message] = qgis_iface.messageBar().get_messages(Qgis.Warning)
    assert named in message


def test_option_places_match_the_pipelines_signatures():
    """The dialog's table of where each mode takes an option is true to the pipelines it calls."""
    import dataclasses
    import inspect

    from lithoscope.inference.pipelines.classify import ClassifyParams
    from lithoscope.inference.pipelines.tables import TableOptions
    from lithoscope.ui import sequence_dialog

    for mode, places in sequence_dialog.OPTION_PLACES.items():
        call = set(inspect.signature(sequence_dialog._run_function(mode)).parameters)
        options = {f.name for f in dataclasses.fields(ClassifyParams if mode == "pixel" else TableOptions)}
        for name, place in places.items():
            assert name in (call if place == "call" else options), (mode, name, place)
            assert name not in (options if place == "call" else call), (mode, name, "also the other place")
