# SPDX-License-Identifier: GPL-2.0-or-later
"""Bad input to the sequence tools (issue 8, from a tester's runs): each refused or warned about in plain words.

Each test names one failure the tester found. A refusal must say what is wrong and how to fix it,
write nothing and leave the inputs byte-identical; a warning must appear in the log with the
generated data and not with well-formed data.
"""

from __future__ import annotations

import csv
import hashlib
import os
from datetime import datetime

import numpy as np
import pytest
import rasterio
from builders import make_linear_sequence, write_points, write_raster
from lithoscope.inference.errors import CancelledError, InputError
from lithoscope.inference.pipelines.classify import ClassifyParams
from lithoscope.inference.pipelines.features import run_sequence_table, run_sequence_vector
from lithoscope.inference.pipelines.sequence_raster import run_sequence_raster
from lithoscope.inference.pipelines.tables import TableOptions
from lithoscope.inference.pipelines.wells import run_well_logs
from lithoscope.inference.sources.base import RasterLayer
from lithoscope.inference.sources.dates import day_number, stack_dates
from lithoscope.inference.sources.series import LongTable, series_from_long
from lithoscope.inference.sources.wells import WellTable, wells_from_table

DATES = [f"2021-{m:02d}-01" for m in range(1, 13)]
OPTIONS = TableOptions(threads=1, plots=False)


def digest(*paths) -> dict[str, str]:
    """The bytes of files, as hashes: equal before and after means untouched."""
    return {str(p): hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths}


def stack(path, data: np.ndarray, descriptions: list[str | None], nodata=None) -> str:
    """A GeoTIFF stack (bands, rows, cols) whose bands carry descriptions (dates, usually)."""
    write_raster(str(path), data, nodata=nodata)
    with rasterio.open(str(path), "r+") as ds:
        for band, text in enumerate(descriptions, start=1):
            if text:
                ds.set_band_description(band, text)
    return str(path)


def classifier(tmp_path, steps: int = 12, features: int = 1, name: str = "gru.onnx", **metadata) -> str:
    """A 3-class softmax over (steps, features) series; NDVI x 10000 scaled as the shipped model is."""
    weights = np.random.default_rng(3).normal(0, 1, (steps * features, 3))
    meta = {"lithoscope_task": "sequence", "class_names": ["a", "b", "c"], "band_offset": 5630, "band_scale": 2080}
    return make_linear_sequence(str(tmp_path / name), steps, features, weights, None, "softmax", {**meta, **metadata})


def forecaster(tmp_path, steps: int, features: int = 1, name: str = "f.onnx", **metadata) -> str:
    """Values: the mean of the fed series per feature (a stand-in for a forecaster)."""
    weights = np.tile(np.eye(features), (steps, 1)) / steps
    meta = {"lithoscope_task": "sequence", "output_kind": "values", **metadata}
    return make_linear_sequence(str(tmp_path / name), steps, features, weights, metadata=meta)


def facies(tmp_path, metadata: dict | None = None) -> str:
    """Two classes from windows of 3 samples of two curves (GR, PE)."""
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": 3}
    weights = np.zeros((6, 2))
    weights[2, 1] = 1.0
    return make_linear_sequence(
        str(tmp_path / "facies.onnx"), 3, 2, weights, [0, -55.0], "softmax", {**meta, **(metadata or {})}
    )


def write_csv(path, header: list[str], rows: list) -> str:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def log_lines() -> tuple[list[str], callable]:
    lines: list[str] = []
    return lines, lines.append


# -- 1. an output may never overwrite the table it reads ------------------------------------------------------


def test_an_output_that_is_the_well_table_itself_is_refused_by_any_path(tmp_path, monkeypatch):
    rows = [("A", 100 + i, 30.0 + i, 3.0) for i in range(6)]
    table_path = write_csv(tmp_path / "logs.csv", ["well", "depth", "gr", "pe"], rows)
    os.symlink(table_path, tmp_path / "alias.csv")
    before = digest(table_path)
    model = facies(tmp_path)
    monkeypatch.chdir(tmp_path)
    for output in ("logs.csv", str(tmp_path / "alias.csv"), str(tmp_path / "sub" / ".." / "logs.csv")):
        table = WellTable([r[0] for r in rows], [r[1] for r in rows], [r[2:] for r in rows], ("gr", "pe"), "logs.csv")
        with pytest.raises(InputError, match=r"is the well table itself; choose another file name"):
            run_well_logs(model, table, output, options=OPTIONS)
    assert digest(table_path) == before
    assert sorted(os.listdir(tmp_path)) == ["alias.csv", "facies.onnx", "logs.csv"]


# -- 2. a table with no rows ------------------------------------------------------------------------------------


def test_a_table_with_only_a_header_is_refused_not_a_traceback(tmp_path):
    with pytest.raises(InputError, match=r"^The table has no rows \(only a header\?\); give one row per id and time"):
        series_from_long(LongTable([], [], [], ("E", "N", "U")))
    with pytest.raises(InputError, match=r"^The well table has no rows .* give one row per well and depth sample"):
        wells_from_table(WellTable([], [], [], ("GR",)))
    points = write_points(str(tmp_path / "points.gpkg"), {"station": ["S0"]})
    before = digest(points)
    with pytest.raises(InputError, match=r"has no rows"):
        run_sequence_vector(
            forecaster(tmp_path, 4), points, str(tmp_path / "out.gpkg"), table=LongTable([], [], [], ("v",)),
            id_field="station", options=OPTIONS,
        )  # fmt: skip
    assert digest(points) == before and not (tmp_path / "out.gpkg").exists()


# -- 3. columns of different lengths (the core's part; missing fields are refused by the adapter) ---------------


def test_columns_of_different_lengths_are_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"columns of the table differ in length \(3 ids, 3 times, 2 rows of values\)"):
        series_from_long(LongTable([1, 1, 1], DATES[:3], [[1.0], [2.0]], ("v",)))
    with pytest.raises(InputError, match=r"columns of the well table differ in length \(3 wells, 2 depths, 3 rows"):
        wells_from_table(WellTable(["A"] * 3, [1, 2], [[1.0], [2.0], [3.0]], ("GR",)))
    with pytest.raises(InputError, match=r"^Row 2 of the table has 1 value\(s\), the rows before it 2; give every row"):
        series_from_long(LongTable([1, 1], DATES[:2], [[1.0, 2.0], [2.0]], ("a", "b")))


# -- 4. a date given twice in a stack is not silently "features per step" ---------------------------------------


def test_a_date_twice_in_a_stack_is_refused_unless_the_model_takes_that_many_features(tmp_path):
    data = np.random.default_rng(0).uniform(2000, 8000, (12, 4, 5)).astype(np.float32)
    pairs = stack(tmp_path / "pairs.tif", data, [f"NDVI_{d}" for d in DATES[:6] for _ in range(2)])
    single = stack(tmp_path / "ndvi_2021-01-01.tif", data[:1], [None])
    before = digest(pairs, single)
    one_feature = classifier(tmp_path)  # 12 steps x 1 feature
    out = str(tmp_path / "classes.tif")
    twice = (
        r"Each date of the stack comes 2 times in a row .* takes 1 feature\(s\) per step, so each date may appear once"
    )
    with pytest.raises(InputError, match=twice + r"\. Remove the duplicate bands"):
        run_sequence_raster(ClassifyParams(pairs, one_feature, out, threads=1), plots=False)
    with pytest.raises(InputError, match=r"ndvi_2021-01-01.tif is given more than once \(rasters 1 and 2"):
        params = ClassifyParams(single, one_feature, out, threads=1)
        params.layers = [RasterLayer(single)] * 11
        run_sequence_raster(params, plots=False)
    assert not os.path.exists(out) and digest(pairs, single) == before
    # The same stack is 6 steps of 2 features for a model that takes 2 per step: one date per step.
    result = run_sequence_raster(
        ClassifyParams(pairs, classifier(tmp_path, 6, 2, "two.onnx"), out, threads=1), plots=False
    )
    with rasterio.open(result.output_path) as ds:
        assert ds.tags()["DATES"].split(",") == DATES[:6]


# -- 5. every series masked is a failure; some masked are named ---------------------------------------------------


def test_every_series_masked_fails_with_the_valid_share_and_nothing_is_written(tmp_path):
    values = np.full((3, 12), np.nan)
    values[:, [0, 4, 8, 11]] = 1.0  # 4 of 12 valid (33%), the model needs 75%
    columns = {"station": ["S0", "S1", "S2"]} | {d: list(values[:, t]) for t, d in enumerate(DATES)}
    points = write_points(str(tmp_path / "points.gpkg"), columns)
    model = forecaster(tmp_path, 12, sequence_gaps="interpolate", sequence_min_valid=0.75)
    before = digest(points)
    with pytest.raises(InputError, match=r"^All 3 series were masked, so nothing was written: at best 33% of their "
                                         r"steps are valid, and the model needs at least 75% \(sequence_min_valid\).*"
                                         r"Give series on the model's step .* or fill the gaps"):  # fmt: skip
        run_sequence_vector(model, points, str(tmp_path / "out.gpkg"), options=OPTIONS)
    assert digest(points) == before and not (tmp_path / "out.gpkg").exists()
    # Per pixel: every pixel has a nodata step and the model masks gaps.
    data = np.ones((12, 3, 4), np.float32)
    data[5] = np.nan
    raster = stack(tmp_path / "stack.tif", data, [f"d_{d}" for d in DATES])
    out = str(tmp_path / "forecast.tif")
    with pytest.raises(InputError, match=r"^All 12 pixel\(s\) with values were masked, .*\(sequence_gaps = mask\).*"
                                         r"Fill the gaps first .*, or set sequence_gaps to interpolate"):  # fmt: skip
        run_sequence_raster(
            ClassifyParams(raster, forecaster(tmp_path, 12, name="m.onnx"), out, threads=1), plots=False
        )
    assert not os.path.exists(out)


def test_masked_wells_are_named_with_the_curve_that_is_empty(tmp_path):
    rows = []
    for well in ("ALEXANDER D", "KIMZEY A", "NEWBY"):
        rows += [(well, 100 + i, 40.0 + 10 * i, "" if well != "NEWBY" else 3.1) for i in range(5)]
    table = WellTable([r[0] for r in rows], [r[1] for r in rows], [r[2:] for r in rows], ("GR", "PE"))
    lines, log = log_lines()
    result = run_well_logs(facies(tmp_path), table, str(tmp_path / "facies.csv"), options=OPTIONS, log=log)
    warning = next(line for line in lines if "were masked" in line)
    assert warning.startswith("Warning: 10 of 15 depth samples were masked for their gaps")
    assert "'ALEXANDER D' 5 of 5 samples (PE empty), 'KIMZEY A' 5 of 5 samples (PE empty)" in warning
    assert "NEWBY" not in warning
    assert [result.outputs[("NEWBY", i)][1] for i in range(5)] == ["sand"] * 2 + ["shale"] * 3


# -- 6. a cancel after the model step still stops the copy --------------------------------------------------------


def test_a_cancel_after_the_model_leaves_the_previous_copy_byte_identical(tmp_path):
    values = np.arange(24.0).reshape(2, 12)
    points = write_points(
        str(tmp_path / "points.gpkg"), {"station": ["S0", "S1"]} | {d: list(values[:, t]) for t, d in enumerate(DATES)}
    )
    model, out = forecaster(tmp_path, 12), str(tmp_path / "out.gpkg")
    run_sequence_vector(model, points, out, options=OPTIONS)
    before, names = digest(points, out), set(os.listdir(tmp_path))
    asked = {"cancel": False}

    def progress(fraction: float) -> None:
        asked["cancel"] = fraction >= 1.0  # the model is done: only the copy is left to write

    with pytest.raises(CancelledError):
        run_sequence_vector(
            model, points, out, options=OPTIONS, progress=progress, is_cancelled=lambda: asked["cancel"]
        )
    assert digest(points, out) == before and set(os.listdir(tmp_path)) == names


# -- 7. every well with depths not increasing, in one message -------------------------------------------------


def test_every_well_whose_depths_do_not_increase_is_named_in_one_message(tmp_path):
    rows = [("A", 10.0, 1.0), ("A", 10.5, 2.0), ("A", 10.5, 2.0), ("A", 11.0, 3.0)]  # an identical row twice
    rows += [("B", 5.0, 1.0), ("B", 5.0, 9.0), ("B", 5.5, 1.0)]  # a depth twice, other values
    rows += [("C", 7.0, 1.0), ("C", 6.0, 1.0), ("C", 8.0, 1.0), ("C", 7.5, 1.0)]  # going up, twice
    path = write_csv(tmp_path / "logs.csv", ["well", "depth", "gr"], rows)
    table = WellTable([r[0] for r in rows], [r[1] for r in rows], [r[2:] for r in rows], ("gr",), path)
    with pytest.raises(InputError) as caught:
        run_well_logs(facies(tmp_path), table, str(tmp_path / "out.csv"), options=OPTIONS)
    message = str(caught.value)
    assert message.startswith("3 wells have depths that do not increase down the well: ")
    assert "Well 'A' has the depth 10.5 twice (rows 2 and 3, identical)" in message
    assert "Well 'B' has the depth 5 twice (rows 5 and 6)" in message
    assert "the depths of well 'C' go up from 7 to 6 (rows 8 and 9) and at 1 more row(s)" in message
    assert "Rows are counted from the first data row (the header is not counted)" in message
    assert "sort the table by well and depth and remove the duplicate rows (1 row(s) repeat" in message
    assert not (tmp_path / "out.csv").exists()


# -- 8. times that cannot be the model's steps ---------------------------------------------------------------------


def test_decimal_years_given_to_a_model_of_daily_steps_are_refused(tmp_path):
    years = 2015 + np.arange(200) / 365.25
    series = {"G1": (years, np.zeros((200, 1))), "G2": (years, np.ones((200, 1)))}
    model = forecaster(tmp_path, 30, sequence_interval_days=1, sequence_window="last")
    with pytest.raises(InputError, match=r"plain numbers \(2015 to 2015.54, spaced about 0.0027\) that look like "
                                         r"decimal years, while the model's step is in days.*Give the times as "
                                         r"dates"):  # fmt: skip
        run_sequence_table(model, series, OPTIONS, dates=False)


def test_series_of_the_models_length_on_different_dates_are_told_so(tmp_path):
    start = day_number(datetime(2001, 1, 1))
    series = {k: (start + 365 * k + 16 * np.arange(12.0), np.ones(12)) for k in range(3)}  # 12 dates, other years
    with pytest.raises(InputError, match=r"^Each series has at most 12 time\(s\), as many as the model takes, but "
                                         r"the series do not share their times: together they have 36 different "
                                         r"times .* Give every series on the same 12 dates"):  # fmt: skip
        run_sequence_table(classifier(tmp_path), series, OPTIONS)


# -- 9. date formats and undated bands -------------------------------------------------------------------------


def test_a_date_format_that_matches_no_band_or_is_invalid_is_refused(tmp_path):
    data = np.full((12, 2, 2), 5000, np.float32)
    raster = stack(tmp_path / "stack.tif", data, [f"NDVI_{d}" for d in DATES])
    out = str(tmp_path / "classes.tif")
    with pytest.raises(
        InputError, match=r"^No band name matches the date format %d/%m/%Y; examples: 'NDVI_2021-01-01'"
    ):
        run_sequence_raster(ClassifyParams(raster, classifier(tmp_path), out, threads=1), None, "%d/%m/%Y", plots=False)
    assert not os.path.exists(out)
    with pytest.raises(InputError, match=r"^The date format '%Q%' cannot be used: give one in strptime codes"):
        stack_dates([f"NDVI_{d}" for d in DATES], None, "%Q%")
    labels = [f"NDVI_{d}" for d in DATES[:11]] + ["quality"]
    with pytest.raises(InputError, match=r"^1 of the 12 bands has no date .*: band 12 \('quality'\)\. Give the dates"):
        stack_dates(labels, None, None)


# -- 10. messages that say what the user gave -------------------------------------------------------------------


def test_a_stack_of_too_few_steps_says_how_its_bands_were_counted(tmp_path):
    raster = stack(tmp_path / "stack.tif", np.ones((12, 2, 2), np.float32), [None] * 12)
    model = forecaster(tmp_path, 90, 3)
    with pytest.raises(InputError, match=r"^4 time step\(s\) in the stack 'stack.tif' \(12 bands = 4 steps x 3 "
                                         r"features\) are too few for the model: it takes 90 step\(s\), so it needs 90 "
                                         r"time steps \(270 bands\)"):  # fmt: skip
        run_sequence_raster(ClassifyParams(raster, model, str(tmp_path / "o.tif"), threads=1), plots=False)


def test_refused_gaps_in_a_well_are_named_by_depth_and_curve(tmp_path):
    rows = [("A", 100 + i, 40.0, "" if i == 2 else 3.0) for i in range(6)]
    table = WellTable([r[0] for r in rows], [r[1] for r in rows], [r[2:] for r in rows], ("GR", "PE"))
    model = facies(tmp_path, {"sequence_gaps": "refuse"})
    with pytest.raises(InputError) as caught:
        run_well_logs(model, table, str(tmp_path / "out.csv"), options=OPTIONS)
    message = str(caught.value)
    assert message.startswith("3 series of well 'A' (e.g. 'depth 101: no PE', 'depth 102: no PE', 'depth 103: no PE')")
    assert "('A'," not in message and not (tmp_path / "out.csv").exists()


# -- 11. input in other units than the model's -----------------------------------------------------------------


def test_input_in_other_units_is_warned_about_per_feature_and_per_pixel(tmp_path):
    ndvi = np.random.default_rng(5).uniform(0.2, 0.8, (12, 4, 5))  # NDVI as 0..1; the model takes NDVI x 10000
    model = classifier(tmp_path)
    for scale, warned in ((1.0, True), (10000.0, False)):
        values = (ndvi * scale).astype(np.float32)
        raster = stack(tmp_path / f"stack_{scale:g}.tif", values, [f"NDVI_{d}" for d in DATES])
        lines, log = log_lines()
        params = ClassifyParams(raster, model, str(tmp_path / f"c_{scale:g}.tif"), threads=1)
        run_sequence_raster(params, log=log, plots=False)
        columns = {"id": [f"P{i}" for i in range(5)]} | {d: list(values[t, 0]) for t, d in enumerate(DATES)}
        points = write_points(str(tmp_path / f"p_{scale:g}.gpkg"), columns)
        run_sequence_vector(model, points, str(tmp_path / f"o_{scale:g}.gpkg"), options=OPTIONS, log=log)
        units = [line for line in lines if "values fed to the model" in line]
        if warned:
            assert len(units) == 2 and all(
                line.startswith("Warning: the values fed to the model span only") for line in units
            )
            assert "after its scaling (offset 5630, scale 2080): the input is likely in other units" in units[0]
            assert "BAND_OFFSET / BAND_SCALE" in units[1]
        else:
            assert units == []


def test_input_outside_the_training_range_is_warned_about_per_pixel_and_per_feature(tmp_path):
    """A model trained on NDVI x 10000 between 2000 and 8000 (band_ranges), run on a stack whose values are mostly
    9000 to 9900 (in its units, so no units warning): the Zion case of a model far outside what it learned."""
    model = classifier(tmp_path, name="ranged.onnx", band_ranges=[[2000.0, 8000.0]], band_names=["NDVI"])
    rng = np.random.default_rng(8)
    for low, high, warned in ((9000, 9900, True), (3000, 7000, False)):
        values = rng.uniform(low, high, (12, 4, 5)).astype(np.float32)
        raster = stack(tmp_path / f"r_{low}.tif", values, [f"NDVI_{d}" for d in DATES])
        lines, log = log_lines()
        run_sequence_raster(
            ClassifyParams(raster, model, str(tmp_path / f"c_{low}.tif"), threads=1), log=log, plots=False
        )
        columns = {"id": [f"P{i}" for i in range(5)]} | {d: list(values[t, 0]) for t, d in enumerate(DATES)}
        points = write_points(str(tmp_path / f"p_{low}.gpkg"), columns)
        run_sequence_vector(model, points, str(tmp_path / f"o_{low}.gpkg"), options=OPTIONS, log=log)
        found = [line for line in lines if "outside the range the model was trained on (2000 to 8000)" in line]
        if warned:
            assert len(found) == 2 and all(
                line.startswith("Warning: 100% of the sampled values of 'NDVI'") for line in found
            )
        else:
            assert found == []


def test_a_16_bit_stack_without_nodata_full_of_its_extreme_value_is_warned_about(tmp_path):
    data = np.random.default_rng(6).integers(2000, 8000, (12, 10, 10)).astype(np.int16)
    data[:, :, :3] = -32768  # 30 % of the pixels: a fill value the raster does not declare
    model = classifier(tmp_path)
    lines, log = log_lines()
    raster = stack(tmp_path / "filled.tif", data, [f"NDVI_{d}" for d in DATES])
    run_sequence_raster(ClassifyParams(raster, model, str(tmp_path / "a.tif"), threads=1), log=log, plots=False)
    assert any(
        line.startswith("Warning: 30% of the sampled values of 'filled.tif' are -32768, the smallest int16 value")
        and "likely a fill value" in line
        and "Set the raster's nodata" in line
        for line in lines
    )
    lines.clear()
    declared = stack(tmp_path / "declared.tif", data, [f"NDVI_{d}" for d in DATES], nodata=-32768)
    run_sequence_raster(ClassifyParams(declared, model, str(tmp_path / "b.tif"), threads=1), log=log, plots=False)
    assert not any("fill value" in line for line in lines)


# -- 12. DATES for a stack of F features per step: one date per step of F bands ------------------------------------


def test_dates_one_per_step_date_a_stack_of_two_features_per_step(tmp_path):
    steps, features = 12, 2
    rng = np.random.default_rng(11)
    weights = rng.normal(0, 1, (steps * features, 2))
    meta = {"lithoscope_task": "sequence", "output_kind": "values", "sequence_features": 2}
    model = make_linear_sequence(str(tmp_path / "en.onnx"), steps, features, weights, metadata=meta)
    data = rng.uniform(-5, 5, (steps * features, 3, 4)).astype(np.float32)  # band t * 2 + f, undated
    raster = stack(tmp_path / "en.tif", data, [None] * (steps * features))
    before = digest(raster)
    lines, log = log_lines()
    out = str(tmp_path / "forecast.tif")
    result = run_sequence_raster(
        ClassifyParams(raster, model, out, threads=1), ", ".join(DATES), None, log=log, plots=False
    )
    assert "12 dates for 12 x 2 bands (2 features per step)" in lines
    expected = (data.reshape(steps * features, -1).T.astype(np.float64) @ weights).T.reshape(2, 3, 4)
    with rasterio.open(result.output_path) as ds:
        assert ds.tags()["DATES"].split(",") == DATES
        np.testing.assert_allclose(ds.read(), expected, rtol=1e-4, atol=1e-4)
    # Each date twice in a row (one per band) is the same stack: one date per step.
    twice = ", ".join(d for d in DATES for _ in range(features))
    again = run_sequence_raster(ClassifyParams(raster, model, str(tmp_path / "b.tif"), threads=1), twice, plots=False)
    with rasterio.open(again.output_path) as ds:
        assert ds.tags()["DATES"].split(",") == DATES
        np.testing.assert_allclose(ds.read(), expected, rtol=1e-4, atol=1e-4)
    # 13 dates are neither one per band nor one per step: refused, naming both forms, nothing written.
    bad = str(tmp_path / "bad.tif")
    thirteen = ", ".join(DATES + ["2022-01-01"])
    refused = (
        r"^13 dates were given for 24 band\(s\); give one date per band \(24 dates\) or one per step of 2 bands "
        r"\(12 dates: the model takes 2 features per step, bands ordered step by step\)\.$"
    )
    with pytest.raises(InputError, match=refused):
        run_sequence_raster(ClassifyParams(raster, model, bad, threads=1), thirteen, plots=False)
    assert not os.path.exists(bad) and digest(raster) == before
