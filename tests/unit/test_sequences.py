# SPDX-License-Identifier: GPL-2.0-or-later
"""Sequence models: contract pre-processing, per pixel through the engine, per feature and per depth on tables.

Series are generated with a known answer: a pure sine, whose next steps a linear
autoregressive model forecasts exactly, and a step change that a model fed first differences
finds. Bad input is refused with a message and nothing written.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
from builders import (
    make_linear_sequence,
    make_step_detector,
    sine_forecast_weights,
    write_points,
    write_raster,
)
from lithoscope.inference.errors import InputError, ModelError
from lithoscope.inference.kinds.heads import CLASS_NODATA, VALUE_NODATA
from lithoscope.inference.kinds.sequences import plan_sequence
from lithoscope.inference.model.contract import contract_from_metadata
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from lithoscope.inference.pipelines.features import run_sequence_table, run_sequence_vector
from lithoscope.inference.pipelines.wells import run_well_logs
from lithoscope.inference.sources.dates import parse_dates, stack_dates
from lithoscope.inference.sources.series import LongTable
from lithoscope.inference.sources.wells import WellTable, thickness

OMEGA = 2 * np.pi / 10  # angular step of the generated sines
STEPS, HORIZONS = 12, 3
SEQUENCE = {"lithoscope_task": "sequence", "output_kind": "values"}


def sines(shape: tuple[int, ...], steps: int, omega: float = OMEGA) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sines of known amplitude and phase per series: values (steps, *shape), amplitude, phase."""
    rng = np.random.default_rng(1)
    amplitude = rng.uniform(0.5, 3.0, shape)
    phase = rng.uniform(0, 2 * np.pi, shape)
    t = np.arange(steps).reshape((steps,) + (1,) * len(shape))
    return amplitude * np.sin(omega * t + phase), amplitude, phase


def future(amplitude: np.ndarray, phase: np.ndarray, first: int, omega: float = OMEGA) -> np.ndarray:
    """The sines' values at steps first .. first + HORIZONS - 1, horizon first."""
    t = np.arange(first, first + HORIZONS).reshape((HORIZONS,) + (1,) * amplitude.ndim)
    return amplitude * np.sin(omega * t + phase)


def forecaster(tmp_path, steps: int = STEPS, omega: float = OMEGA, **metadata) -> str:
    weights = sine_forecast_weights(steps, omega, HORIZONS)
    return make_linear_sequence(str(tmp_path / "ar.onnx"), steps, 1, weights, metadata={**SEQUENCE, **metadata})


def files(folder) -> set[str]:
    return set(os.listdir(folder))


def read(path: str) -> np.ndarray:
    with rasterio.open(path) as ds:
        return ds.read()


# -- the contract's keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("sequence_step", 0, "sequence_step"),
        ("sequence_step", 1.5, "sequence_step"),
        ("sequence_step", "two", "sequence_step"),
        ("sequence_step", float("nan"), "sequence_step"),
        ("sequence_difference", 2, "sequence_difference"),
        ("sequence_difference", [], "sequence_difference"),
        ("sequence_scaling", "", "sequence_scaling"),
        ("sequence_scaling", "minmax", "sequence_scaling"),
        ("sequence_scaling", "per_feature", "sequence_scaling"),  # without band_offset / band_scale
        ("sequence_gaps", None, "sequence_gaps"),
        ("sequence_gaps", "fill", "sequence_gaps"),
        ("sequence_min_valid", 1.5, "sequence_min_valid"),
        ("sequence_min_valid", float("inf"), "sequence_min_valid"),
        ("sequence_min_valid", {}, "sequence_min_valid"),
    ],
)
def test_wrong_sequence_keys_are_refused_naming_the_key(key, value, expected):
    import json

    with pytest.raises(ModelError, match=expected):
        contract_from_metadata({key: json.dumps(value)})


def test_sequence_keys_are_read():
    contract = contract_from_metadata(
        {
            "sequence_step": "2",
            "sequence_difference": "true",
            "sequence_scaling": '"per_series"',
            "sequence_gaps": '"Interpolate"',
            "sequence_min_valid": "0.75",
        }
    )
    assert (contract.sequence_step, contract.sequence_difference) == (2, 1)
    assert (contract.sequence_scaling, contract.sequence_gaps, contract.sequence_min_valid) == (
        "per_series",
        "interpolate",
        0.75,
    )


# -- pre-processing --------------------------------------------------------------------------------


def prep_for(metadata: dict, raw_steps: int, features: int = 1, steps: int | None = None):
    return plan_sequence(contract_from_metadata(metadata), (None, steps, None), raw_steps=raw_steps, features=features)


def test_step_difference_and_scaling_in_order():
    series = np.arange(10, dtype=float).reshape(1, 10, 1) ** 2  # 0, 1, 4, 9, ... 81
    prep = prep_for({"sequence_step": "3", "sequence_difference": "1"}, 10)
    x, keep, _ = prep.prepare(series)
    # Every 3rd step back from the last: 0, 9, 36, 81 -> differences 9, 27, 45.
    assert prep.indices == (0, 3, 6, 9) and keep.all()
    np.testing.assert_allclose(x[0, :, 0], [9, 27, 45])
    per_series = prep_for({"sequence_difference": "1", "sequence_scaling": '"per_series"'}, 10)
    x, _, _ = per_series.prepare(series)
    d = np.diff(series[0, :, 0])
    np.testing.assert_allclose(x[0, :, 0], (d - d.mean()) / d.std(), rtol=1e-6)
    per_feature = prep_for({"band_offset": "[1, 10]", "band_scale": "[2, 5]"}, 3, features=2)
    x, _, _ = per_feature.prepare(np.array([[[1.0, 10.0], [3.0, 15.0], [5.0, 20.0]]]))
    np.testing.assert_allclose(x[0], [[0, 0], [1, 1], [2, 2]])


def test_gaps_are_interpolated_masked_or_counted():
    series = np.array(
        [
            [0.0, np.nan, 2.0, np.nan, np.nan, 5.0],  # inner gaps: linear
            [np.nan, 1.0, 2.0, 3.0, 4.0, np.nan],  # ends held constant
            [np.nan, np.nan, np.nan, np.nan, 4.0, 5.0],  # 2 of 6 valid: below min_valid
            [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        ]
    )[:, :, None]
    prep = prep_for({"sequence_gaps": '"interpolate"', "sequence_min_valid": "0.5"}, 6)
    x, keep, counts = prep.prepare(series)
    np.testing.assert_allclose(x[0, :, 0], [0, 1, 2, 3, 4, 5])
    np.testing.assert_allclose(x[1, :, 0], [1, 1, 2, 3, 4, 4])
    assert keep.tolist() == [True, True, False, True]
    assert (counts.with_gaps, counts.interpolated, counts.masked) == (3, 2, 1)
    x, keep, counts = prep_for({"sequence_gaps": '"mask"'}, 6).prepare(series)
    assert keep.tolist() == [False, False, False, True] and counts.masked == 3


# -- per pixel through the engine ---------------------------------------------------------------------


@pytest.mark.parametrize("step", [1, 2])
def test_sine_forecast_per_pixel_is_exact(tmp_path, step):
    raw = (STEPS - 1) * step + 1
    data, amplitude, phase = sines((20, 24), raw)
    data[4, 0, 0] = np.nan  # an early gap the forecast does not use: interpolated
    data[:, 1, 1] = -9999.0  # a nodata pixel
    data[:-3, 2, 2] = np.nan  # too few valid steps: masked
    raster = write_raster(str(tmp_path / "sines.tif"), data.astype(np.float32), nodata=-9999.0)
    model = forecaster(tmp_path, omega=OMEGA * step, sequence_step=step, sequence_gaps="interpolate")
    lines: list[str] = []
    result = run_classify(ClassifyParams(raster, model, str(tmp_path / "forecast.tif"), tile_size=16), log=lines.append)
    got = read(result.output_path)
    # The model sees every step-th step, so its horizons are `step` raw steps apart.
    t = raw - 1 + step * np.arange(1, HORIZONS + 1)
    expected = amplitude * np.sin(OMEGA * t[:, None, None] + phase)
    valid = np.ones((20, 24), bool)
    valid[1, 1] = valid[2, 2] = False
    np.testing.assert_allclose(got[:, valid], expected[:, valid], atol=2e-4)
    assert (got[:, ~valid] == VALUE_NODATA).all()
    assert "2 pixel(s) with nodata steps: 1 interpolated, 1 masked (written as nodata)" in lines


def test_step_change_is_found_on_first_differences(tmp_path):
    rng = np.random.default_rng(3)
    raw = 10
    level = rng.uniform(-50, 50, (16, 16))
    data = np.repeat(level[None], raw, axis=0) + 0.5 * np.arange(raw)[:, None, None]  # a slow trend everywhere
    jump = np.zeros((16, 16), bool)
    jump[4:12, 2:9] = True
    data[6:, jump] += 5.0  # a step of 5 between steps 5 and 6
    raster = write_raster(str(tmp_path / "steps.tif"), data.astype(np.float32))
    meta = {"lithoscope_task": "sequence", "sequence_difference": 1, "class_names": ["stable", "step"]}
    model = make_step_detector(str(tmp_path / "step.onnx"), raw - 1, threshold=2.5, metadata=meta)
    result = run_classify(ClassifyParams(raster, model, str(tmp_path / "classes.tif")))
    assert result.class_names == ["stable", "step"]
    np.testing.assert_array_equal(read(result.output_path)[0], jump.astype(np.uint8))
    # Without differencing the level itself (up to 50) would pass the threshold almost everywhere.
    assert CLASS_NODATA not in read(result.output_path)


def test_too_few_time_steps_are_refused(tmp_path):
    raster = write_raster(str(tmp_path / "short.tif"), sines((8, 8), 8)[0].astype(np.float32))
    with pytest.raises(InputError, match=r"8 time step\(s\) in the stack 'short.tif' are too few .*takes 12 step"):
        run_classify(ClassifyParams(raster, forecaster(tmp_path), str(tmp_path / "out.tif")))
    assert files(tmp_path) == {"short.tif", "ar.onnx"}


def test_a_step_count_the_model_does_not_accept_is_refused(tmp_path):
    raster = write_raster(str(tmp_path / "long.tif"), sines((8, 8), 14)[0].astype(np.float32))
    with pytest.raises(
        InputError, match=r"exactly 12 time steps .*there are 14 in the stack.*does not accept. Give 12"
    ):
        run_classify(ClassifyParams(raster, forecaster(tmp_path), str(tmp_path / "out.tif")))
    assert files(tmp_path) == {"long.tif", "ar.onnx"}


def test_gaps_are_refused_when_the_model_says_so(tmp_path):
    data = sines((8, 8), STEPS)[0].astype(np.float32)
    data[5, 2:4, 3] = np.nan
    raster = write_raster(str(tmp_path / "gappy.tif"), data)
    (tmp_path / "out.tif").write_bytes(b"earlier")
    model = forecaster(tmp_path, sequence_gaps="refuse")
    with pytest.raises(InputError, match="2 series in the window at row 0, column 0 have nodata steps"):
        run_classify(ClassifyParams(raster, model, str(tmp_path / "out.tif")))
    assert files(tmp_path) == {"gappy.tif", "ar.onnx", "out.tif"}
    assert (tmp_path / "out.tif").read_bytes() == b"earlier"


def test_a_model_that_is_no_sequence_model_is_named(tmp_path):
    from builders import make_cnn

    raster = write_raster(str(tmp_path / "s.tif"), sines((8, 8), 3)[0].astype(np.float32))
    cnn = make_cnn(str(tmp_path / "cnn.onnx"), 3, 2)
    with pytest.raises(ModelError, match=r"not sequences \(N, T, F\)"):
        run_classify(ClassifyParams(raster, cnn, str(tmp_path / "o.tif"), layout="sequences"))


# -- dates ----------------------------------------------------------------------------------------------


def test_dates_from_names_and_their_checks():
    dates = parse_dates(["ndvi_2020-01-31", "D20200229", "2020_03_31"])
    assert [d.isoformat()[:10] for d in dates] == ["2020-01-31", "2020-02-29", "2020-03-31"]
    assert parse_dates(["31/01/2020"], "%d/%m/%Y")[0].month == 1
    with pytest.raises(InputError, match=r"'banana' are not dates"):
        parse_dates(["2020-01-01", "banana"])
    with pytest.raises(InputError, match=r"not in date order: '2020-01-01' \(2020-01-01\) comes after '2020-02-01'"):
        parse_dates(["2020-02-01", "2020-01-01"])
    with pytest.raises(InputError, match=r"'2020-01-01' and '20200101' are the same date"):
        parse_dates(["2020-01-01", "20200101"])
    assert stack_dates(["band 1", "band 2"], None, None) is None
    with pytest.raises(InputError, match="2 dates were given for 3 band"):
        stack_dates(["a", "b", "c"], "2020-01-01, 2020-02-01", None)


# -- per feature: wide and long tables --------------------------------------------------------------------

DATES = [f"2021-{m:02d}-01" for m in range(1, STEPS + 1)]


def points_layer(path, values: np.ndarray, names=DATES) -> str:
    """Points with a 'station' id (S0, S1, ...) and one numeric field per date (values (n, T))."""
    columns = {"station": [f"S{i}" for i in range(len(values))]}
    columns.update({name: list(values[:, t]) for t, name in enumerate(names)})
    return write_points(str(path), columns)


def read_fields(path: str, names: list[str]) -> dict[str, list]:
    from osgeo import ogr

    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    out = {n: [] for n in names}
    for feature in layer:
        for n in names:
            out[n].append(feature.GetField(n) if feature.IsFieldSetAndNotNull(n) else None)
    return out


def test_sine_forecast_per_feature_from_date_fields(tmp_path):
    values, amplitude, phase = sines((6,), STEPS)
    values = values.T.copy()
    values[4, 2] = np.nan  # a gap: this model masks it (the default)
    layer = points_layer(tmp_path / "points.gpkg", values)
    out = str(tmp_path / "forecast.gpkg")
    lines: list[str] = []
    result = run_sequence_vector(forecaster(tmp_path), layer, out, log=lines.append)
    assert result.paths == [out] and [f for f, _ in result.fields] == ["forecast_1", "forecast_2", "forecast_3"]
    got = read_fields(out, ["station", "forecast_1", "forecast_2", "forecast_3", DATES[0]])
    expected = future(amplitude, phase, STEPS)
    for h in range(HORIZONS):
        column = got[f"forecast_{h + 1}"]
        assert column[4] is None
        np.testing.assert_allclose([v for i, v in enumerate(column) if i != 4], np.delete(expected[h], 4), atol=1e-5)
    assert got["station"] == [f"S{i}" for i in range(6)] and got[DATES[0]][0] == pytest.approx(values[0, 0])
    assert "Dates of the fields: 2021-01-01 to 2021-12-01 (12)" in lines


def test_sine_forecast_per_feature_from_a_long_table(tmp_path):
    values, amplitude, phase = sines((5,), STEPS)
    layer = points_layer(tmp_path / "points.gpkg", np.zeros((5, 0)), names=[])
    rows = [(f"S{i}", DATES[t], values[t, i]) for i in range(5) for t in range(STEPS)]
    rows.reverse()  # a long table's row order carries no meaning
    table = LongTable([r[0] for r in rows], [r[1] for r in rows], np.array([[r[2]] for r in rows]))
    out = str(tmp_path / "forecast.gpkg")
    run_sequence_vector(forecaster(tmp_path), layer, out, table=table, id_field="station")
    got = read_fields(out, ["forecast_1", "forecast_3"])
    expected = future(amplitude, phase, STEPS)
    np.testing.assert_allclose(got["forecast_1"], expected[0], atol=1e-5)
    np.testing.assert_allclose(got["forecast_3"], expected[2], atol=1e-5)


def enu_model(tmp_path) -> str:
    """A model of features E, N, U (band_names) that gives back the last step's E, N and U as fields e, n, u."""
    weights = np.zeros((2 * 3, 3))
    weights[3:, :] = np.eye(3)  # step 1 (the last), features 0..2 -> outputs 0..2
    meta = {**SEQUENCE, "band_names": ["E", "N", "U"], "class_names": ["e", "n", "u"]}
    return make_linear_sequence(str(tmp_path / "enu.onnx"), 2, 3, weights, metadata=meta)


def enu_table(names: tuple[str, ...]) -> tuple[LongTable, dict[str, np.ndarray]]:
    """Two stations over two dates; columns `names` hold E (1, 2 ...), N (10, 20 ...) and U (100, ...) in turn."""
    last = {"E": np.array([1.0, 2.0]), "N": np.array([10.0, 20.0]), "U": np.array([100.0, 200.0])}
    rows = [
        (f"S{i}", date, *[last[n.upper()][i] - (t == 0) if n.upper() in last else 7.0 for n in names])
        for i in range(2)
        for t, date in enumerate(DATES[:2])
    ]
    return LongTable([r[0] for r in rows], [r[1] for r in rows], [r[2:] for r in rows], names), last


def test_value_fields_in_another_order_than_the_models_features_are_reordered(tmp_path):
    model = enu_model(tmp_path)
    layer = points_layer(tmp_path / "points.gpkg", np.zeros((2, 0)), names=[])
    for names in (("E", "N", "U"), ("n", "U", "e")):  # names matched whatever their case
        table, last = enu_table(names)
        out, lines = str(tmp_path / f"{''.join(names)}.gpkg"), []
        run_sequence_vector(model, layer, out, table=table, id_field="station", log=lines.append)
        got = read_fields(out, ["e", "n", "u"])
        assert got == {"e": list(last["E"]), "n": list(last["N"]), "u": list(last["U"])}
        reordered = [line for line in lines if "in another order" in line]
        if names == ("E", "N", "U"):
            assert not reordered
        else:
            assert reordered == [
                "The value fields n, U, e are the model's features in another order; they are fed in the model's "
                "order: e, n, U."
            ]


@pytest.mark.parametrize(
    "names, detail",
    [(("E", "N", "X"), "'X' is not among them; 'U' is missing"), (("E", "U"), "'N' is missing")],
)
def test_value_fields_that_are_only_partly_the_models_features_are_refused(tmp_path, names, detail):
    layer = points_layer(tmp_path / "points.gpkg", np.zeros((2, 0)), names=[])
    out = tmp_path / "out.gpkg"
    message = rf"The value fields {', '.join(names)} are only partly the model's features, E, N, U .*: {detail}\."
    with pytest.raises(InputError, match=message):
        run_sequence_vector(enu_model(tmp_path), layer, str(out), table=enu_table(names)[0], id_field="station")
    assert not out.exists()


def test_value_fields_named_otherwise_are_fed_in_the_order_given_with_a_warning(tmp_path):
    layer = points_layer(tmp_path / "points.gpkg", np.zeros((2, 0)), names=[])
    table, _ = enu_table(("E", "N", "U"))
    table = LongTable(table.ids, table.times, [row[::-1] for row in table.values], ("up", "north", "east"))
    out, lines = str(tmp_path / "out.gpkg"), []
    run_sequence_vector(enu_model(tmp_path), layer, out, table=table, id_field="station", log=lines.append)
    assert read_fields(out, ["e", "n", "u"]) == {"e": [100.0, 200.0], "n": [10.0, 20.0], "u": [1.0, 2.0]}
    assert (
        "Warning: the model's features are E, N, U (band_names in its metadata), but none of the value fields up, "
        "north, east is named so; they are fed in the order given. Check that it is the model's order."
    ) in lines


def test_series_on_different_dates_are_aligned_with_gaps(tmp_path):
    values, amplitude, phase = sines((2,), STEPS)
    series = {"a": (np.arange(STEPS), values[:, 0]), "b": (np.arange(1, STEPS), values[1:, 1])}
    model = forecaster(tmp_path, sequence_gaps="interpolate")
    result = run_sequence_table(model, series)
    assert result.gaps.with_gaps == 1 and result.gaps.interpolated == 1
    np.testing.assert_allclose(result.outputs["a"], future(amplitude, phase, STEPS)[:, 0], atol=1e-5)


def test_the_input_layer_is_never_the_output(tmp_path):
    layer = points_layer(tmp_path / "points.gpkg", sines((2,), STEPS)[0].T)
    before = (tmp_path / "points.gpkg").read_bytes()
    with pytest.raises(InputError, match="is the input layer itself"):
        run_sequence_vector(forecaster(tmp_path), layer, layer)
    assert (tmp_path / "points.gpkg").read_bytes() == before


def test_date_fields_that_are_not_dates_are_refused(tmp_path):
    layer = points_layer(tmp_path / "points.gpkg", np.zeros((2, 3)), names=["2021-01-01", "height", "2021-03-01"])
    with pytest.raises(InputError, match=r"field\(s\) 'height' are not dates"):
        run_sequence_vector(forecaster(tmp_path), layer, str(tmp_path / "o.gpkg"), fields=["2021-01-01", "height"])
    assert not (tmp_path / "o.gpkg").exists()


def test_date_fields_out_of_order_are_refused(tmp_path):
    shuffled = points_layer(tmp_path / "a.gpkg", np.zeros((2, 3)), names=["2021-01-01", "2021-03-01", "2021-02-01"])
    with pytest.raises(InputError, match=r"not in date order: '2021-02-01' \(2021-02-01\) comes after '2021-03-01'"):
        run_sequence_vector(forecaster(tmp_path), shuffled, str(tmp_path / "o.gpkg"))
    assert not (tmp_path / "o.gpkg").exists()


def test_a_date_given_twice_is_refused(tmp_path):
    twice = points_layer(tmp_path / "b.gpkg", np.zeros((2, 2)), names=["2021-01-01", "20210101"])
    with pytest.raises(InputError, match=r"'2021-01-01' and '20210101' are the same date \(2021-01-01\)"):
        run_sequence_vector(forecaster(tmp_path), twice, str(tmp_path / "o.gpkg"))
    assert not (tmp_path / "o.gpkg").exists()


def test_a_long_table_whose_ids_do_not_match_is_refused(tmp_path):
    layer = points_layer(tmp_path / "points.gpkg", np.zeros((3, 0)), names=[])
    ids = [f"X{i}" for i in range(4) for _ in range(STEPS)] + ["S0"] * STEPS
    times = DATES * 5
    table = LongTable(ids, times, np.ones((len(ids), 1)))
    with pytest.raises(InputError, match=r"4 of the 5 id\(s\) of the table are not in the layer: 'X0', 'X1'"):
        run_sequence_vector(forecaster(tmp_path), layer, str(tmp_path / "o.gpkg"), table=table, id_field="station")
    assert not (tmp_path / "o.gpkg").exists()


def test_gaps_in_a_table_are_refused_with_the_count(tmp_path):
    values = sines((3,), STEPS)[0].T.copy()
    values[[0, 2], 5] = np.nan
    layer = points_layer(tmp_path / "points.gpkg", values)
    with pytest.raises(InputError, match=r"^2 series of the 12 date fields \(e.g. '1', '3'\) have nodata steps"):
        run_sequence_vector(forecaster(tmp_path, sequence_gaps="refuse"), layer, str(tmp_path / "o.gpkg"))
    assert not (tmp_path / "o.gpkg").exists()


# -- per depth: well logs ------------------------------------------------------------------------------

SAND, SHALE = 30.0, 80.0  # gamma ray of the two facies


def facies_model(tmp_path, window: int = 5) -> str:
    """Classes from the centre sample of a window: shale where GR > 55 (softmax of a linear score)."""
    weights = np.zeros((window, 2))
    weights[window // 2, 1] = 1.0
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": window}
    return make_linear_sequence(str(tmp_path / "facies.onnx"), window, 1, weights, [0, -55.0], "softmax", meta)


def well_logs(depths: dict[str, np.ndarray], shale: dict[str, np.ndarray]) -> WellTable:
    wells, d, gr = [], [], []
    for well in depths:
        wells += [well] * len(depths[well])
        d += list(depths[well])
        gr += list(np.where(shale[well], SHALE, SAND))
    return WellTable(wells, d, np.array(gr)[:, None], ("GR",))


def test_facies_per_depth_and_thickness_per_well(tmp_path):
    depths = {"W1": 1000 + 0.5 * np.arange(40), "W2": 2000 + 0.25 * np.arange(30)}
    shale = {"W1": (np.arange(40) >= 10) & (np.arange(40) < 34), "W2": np.arange(30) < 6}
    wells_path = write_points(str(tmp_path / "wells.gpkg"), {"station": ["W2", "W1", "W9"]})
    table, out_wells = str(tmp_path / "facies.csv"), str(tmp_path / "wells_facies.gpkg")
    lines: list[str] = []
    result = run_well_logs(
        facies_model(tmp_path),
        well_logs(depths, shale),
        table,
        (wells_path, None, "station"),
        out_wells,
        log=lines.append,
    )
    import csv

    with open(table, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["well", "depth", "class", "class_name", "p_sand", "p_shale"]
    got = [r["class_name"] for r in rows]
    expected = [("shale" if s else "sand") for w in depths for s in shale[w]]
    assert got == expected and float(rows[40]["depth"]) == 2000.0
    summary = read_fields(out_wells, ["station", "dominant", "thick_sand", "thick_shale"])
    assert summary["station"] == ["W2", "W1", "W9"]
    assert summary["dominant"] == ["sand", "shale", None]
    np.testing.assert_allclose(summary["thick_shale"][:2], [6 * 0.25, 24 * 0.5])
    np.testing.assert_allclose(summary["thick_sand"][:2], [24 * 0.25, 16 * 0.5])
    assert result.paths == [table, out_wells]
    assert any("1 feature(s) of the layer have no rows" in line for line in lines)


def test_thickness_of_samples():
    np.testing.assert_allclose(thickness(np.array([1.0, 2.0, 4.0])), [1.0, 1.5, 2.0])


def test_a_well_with_depths_going_up_is_refused(tmp_path):
    depths = {"W1": np.array([10.0, 10.5, 11.0, 11.5]), "W7": np.array([5.0, 5.5, 5.2, 6.0])}
    shale = {w: np.zeros(4, bool) for w in depths}
    table = str(tmp_path / "facies.csv")
    with pytest.raises(InputError, match=r"depths of well 'W7' go up from 5.5 to 5.2 \(rows 6 and 7\)"):
        run_well_logs(facies_model(tmp_path), well_logs(depths, shale), table)
    assert not os.path.exists(table)


# -- forecasters: the latest window of a longer series, on the model's own step ------------------------------


def test_sequence_window_and_interval_keys_are_read_and_checked():
    import json

    contract = contract_from_metadata({"sequence_window": '"Last"', "sequence_interval_days": "1"})
    assert (contract.sequence_window, contract.sequence_interval_days) == ("last", 1.0)
    assert contract_from_metadata({}).sequence_window == "exact"
    assert contract_from_metadata({"sequence_window": "null"}).sequence_window == "exact"  # null: the default
    for key, value in [("sequence_window", "first"), ("sequence_interval_days", 0), ("sequence_interval_days", "x")]:
        with pytest.raises(ModelError, match=key):
            contract_from_metadata({key: json.dumps(value)})


def test_sequence_window_last_forecasts_from_the_latest_steps(tmp_path):
    raw = STEPS + 7
    values, amplitude, phase = sines((4,), raw)
    series = {f"s{i}": (np.arange(raw), values[:, i]) for i in range(4)}
    lines: list[str] = []
    result = run_sequence_table(forecaster(tmp_path, sequence_window="last"), series, log=lines.append)
    expected = future(amplitude, phase, raw)  # from the last 12 of 19 steps
    for i in range(4):
        np.testing.assert_allclose(result.outputs[f"s{i}"], expected[:, i], atol=1e-5)
    assert f"from the last {STEPS} of {raw} raw step(s)" in " ".join(lines)
    prep = prep_for({"sequence_window": '"last"', "sequence_step": "2", "sequence_difference": "1"}, 20, steps=3)
    assert prep.indices == (13, 15, 17, 19) and prep.steps == 3  # 3 + 1 (differences) raw steps of 2, counted back
    with pytest.raises(InputError, match="set sequence_window to last"):
        run_sequence_table(forecaster(tmp_path), series)


def test_a_longer_stack_for_a_last_window_model_is_steps_of_one_feature():
    """24 bands for a model of 12 steps reading the latest: 24 steps of 1 feature, not 12 steps x 2 features."""
    last = contract_from_metadata({"lithoscope_task": '"sequence"', "sequence_window": '"last"'})
    prep = plan_sequence(last, (None, 12, None), bands=24, what="a 24-date stack")
    assert (prep.raw_steps, prep.features, prep.steps) == (24, 1, 12)
    assert prep.indices == tuple(range(12, 24))  # the latest 12 dates
    assert "12 step(s) x 1 feature(s) from the last 12 of 24 raw step(s)" in prep.describe()
    # Features the model declares still count: sequence_features or the input shape.
    two = contract_from_metadata({"sequence_window": '"last"', "sequence_features": "2"})
    prep = plan_sequence(two, (None, 12, None), bands=24)
    assert (prep.raw_steps, prep.features, prep.indices) == (12, 2, tuple(range(12)))
    prep = plan_sequence(last, (None, 5, 3), bands=24)
    assert (prep.raw_steps, prep.features, prep.steps) == (8, 3, 5)
    # A model of exact length still reads 24 bands as its 12 steps x 2 features.
    exact = contract_from_metadata({"lithoscope_task": '"sequence"'})
    prep = plan_sequence(exact, (None, 12, None), bands=24)
    assert (prep.raw_steps, prep.features, prep.steps) == (12, 2, 12)


def picker(tmp_path, steps: int, **metadata) -> str:
    """A model whose outputs are the steps it was fed (identity weights): the feed, read back."""
    meta = {**SEQUENCE, "class_names": [f"t{i}" for i in range(steps)], **metadata}
    return make_linear_sequence(str(tmp_path / "picker.onnx"), steps, 1, np.eye(steps), metadata=meta)


def test_series_are_put_on_the_models_daily_grid_ending_at_their_own_last_date(tmp_path):
    from datetime import datetime

    from lithoscope.inference.sources.dates import day_number

    start = day_number(datetime(2021, 3, 1))
    days = np.arange(20.0)
    level = {"a": 100 + days**1.5, "b": -3 * days}  # a curve and a line, known on every day
    keep = {"a": days != 15, "b": (days != 15) & (days < 16) & (days != 12)}  # day 15 missing from both; b ends
    series = {k: (start + days[keep[k]], level[k][keep[k]]) for k in level}
    series["c"] = (start + np.array([0.0, 1.0]), np.array([1.0, np.nan]))  # one value: far too few, masked
    meta = {"sequence_window": "last", "sequence_interval_days": 1, "sequence_gaps": "interpolate"}
    lines: list[str] = []
    result = run_sequence_table(picker(tmp_path, 8, **meta), series, log=lines.append)
    assert [f for f, _ in result.fields][-1] == "last_date"
    a, b = np.asarray(result.outputs["a"][:8]), np.asarray(result.outputs["b"][:8])
    # a: days 12..19; day 15 is a gap, filled between days 14 and 16.
    expected_a = level["a"][12:20].copy()
    expected_a[3] = (level["a"][14] + level["a"][16]) / 2
    np.testing.assert_allclose(a, expected_a, rtol=1e-6)
    # b ends on day 15 missing, so its last date is day 14 (not the table's last): days 7..14, day 12 filled.
    np.testing.assert_allclose(b, level["b"][7:15], rtol=1e-6)  # a line: interpolation is exact
    assert result.outputs["a"][8] == "2021-03-20" and result.outputs["b"][8] == "2021-03-15"
    assert result.outputs["c"] is None and result.gaps.masked == 1
    assert "each ending at its own last complete time (2021-03-01 to 2021-03-20)" in " ".join(lines)
    # Without a declared step the same table is aligned on the union of its dates: warned, never silent.
    lines.clear()
    union = run_sequence_table(
        picker(tmp_path, 8, sequence_window="last", sequence_gaps="interpolate"), series, log=lines.append
    )
    text = " ".join(lines)
    assert "unevenly spaced (steps of 1 to 2, the longest after 2021-03-15)" in text
    assert "2 series have no values at the last time (2021-03-20): 'b', 'c'" in text
    assert "last_date" not in [f for f, _ in union.fields]


def test_a_table_longer_than_the_model_with_a_daily_grid_is_refused_when_exact(tmp_path):
    days = np.arange(10.0)
    series = {"a": (days, days), "b": (days[3:], days[3:])}
    with pytest.raises(InputError, match=r"exactly 8 time steps .*there are 10 in the series"):
        run_sequence_table(picker(tmp_path, 8, sequence_interval_days=1), series)
    too_short = {"a": (days[:5], days[:5])}
    with pytest.raises(InputError, match=r"5 time step\(s\) in the series are too few"):
        run_sequence_table(picker(tmp_path, 8, sequence_interval_days=1, sequence_window="last"), too_short)
