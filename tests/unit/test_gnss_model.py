# SPDX-License-Identifier: GPL-2.0-or-later
"""The shipped GNSS displacement forecaster on the real station series (../shared/datasets/gnss_timeseries).

It is made by `make models` through lithoscope:trainsequence (a relative forecaster of E, N, U at 7 and 30 days from
the last 90 days), held out by station.

1. Through Lithoscope's per-feature path (a long table of station, date, E, N, U joined to points):
   each station is forecast from its own last day, with days missing from one station and from
   all of them, and the fields equal onnxruntime run directly on the same last 90 days.
2. The held-out stations' MAE recorded in models/gnss_displacement_forecast.metrics.json is recomputed from the
   data and the shipped file with windows built here, baselines included, and the card's claim checked.
"""

from __future__ import annotations

import glob
import json
import os

import numpy as np
import pytest
from builders import write_points
from conftest import ROOT, dataset

MODEL = os.path.join(ROOT, "models", "gnss_displacement_forecast.onnx")
METRICS = os.path.join(ROOT, "models", "gnss_displacement_forecast.metrics.json")
NAMES = ["E_7d", "N_7d", "U_7d", "E_30d", "N_30d", "U_30d"]
WINDOW, HORIZONS = 90, (7, 30)


@pytest.fixture(scope="module")
def stations() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Station -> (dates datetime64[D] (n,), E/N/U mm (n, 3)), every file of the data set."""
    import pandas as pd

    folder = dataset("gnss_timeseries", "stations_neu")
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        table = pd.read_csv(path, usecols=["time", "lon", "lat", "ver", "group"], parse_dates=["time"])
        table = table.sort_values("time")
        out[str(table["group"].iloc[0])] = (
            table["time"].values.astype("datetime64[D]"),
            table[["lon", "lat", "ver"]].to_numpy(np.float64),
        )
    assert len(out) == 17
    return out


@pytest.fixture(scope="module")
def recorded() -> dict:
    with open(METRICS, encoding="utf-8") as f:
        return json.load(f)


def onnx_forecast(windows: np.ndarray) -> np.ndarray:
    """onnxruntime on raw windows (N, 90, 3) in mm, scaled as the contract says (per feature)."""
    import onnxruntime as ort
    from lithoscope.inference.model.contract import read_contract

    contract = read_contract(MODEL)
    scaled = (windows - np.asarray(contract.band_offset)) / np.asarray(contract.band_scale)
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = ort.InferenceSession(MODEL, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return session.run(None, {name: scaled.astype(np.float32)})[0].astype(np.float64)


def test_the_contract_says_how_to_feed_it(recorded):
    from lithoscope.inference.model.contract import read_contract

    contract = read_contract(MODEL)
    assert (contract.task, contract.output_kind, contract.class_names) == ("sequence", "values", tuple(NAMES))
    assert (contract.sequence_length, contract.sequence_features, contract.sequence_scaling) == (
        WINDOW,
        3,
        "per_feature",
    )
    assert (contract.sequence_window, contract.sequence_interval_days, contract.sequence_gaps) == (
        "last",
        1.0,
        "interpolate",
    )
    assert list(contract.band_names) == ["E", "N", "U"]
    assert contract.metrics["held_out"] == recorded["held_out"] == "stations"


def test_station_forecasts_through_a_long_table_equal_onnxruntime_on_each_last_window(tmp_path, stations, recorded):
    from lithoscope.inference.pipelines.features import run_sequence_vector
    from lithoscope.inference.pipelines.tables import TableOptions
    from lithoscope.inference.sources.series import LongTable

    window = WINDOW
    every = np.datetime64("2018-03-01")  # missing from every station that reaches it
    rows, expected_last, reference = [], {}, {}
    for name, (dates, values) in stations.items():
        keep = np.zeros(len(dates), bool)
        keep[-(window + 40) :] = True  # longer than the model's window: its last 90 days are used
        keep &= dates != every
        if name == "G001":
            keep[[-5, -20, -21]] = False  # three days of one station (inside its window)
        if name == "J089":
            keep[-1] = False  # ends a day before the others
        kept_dates, kept = dates[keep], values[keep]
        rows += [(name, str(d), *v) for d, v in zip(kept_dates, kept)]
        last = kept_dates[-1]
        expected_last[name] = str(last)
        # The reference window: the last 90 calendar days up to the station's own last day, gaps linear.
        days = np.arange(last - window + 1, last + 1).astype(np.float64)
        t = kept_dates.astype(np.float64)
        reference[name] = np.stack([np.interp(days, t, kept[:, c]) for c in range(3)], axis=1)
    rows.reverse()  # a long table's row order carries no meaning
    table = LongTable([r[0] for r in rows], [r[1] for r in rows], np.array([r[2:] for r in rows]), ("E", "N", "U"))
    layer = write_points(str(tmp_path / "stations.gpkg"), {"station": list(stations)})
    out = str(tmp_path / "forecast.gpkg")
    lines: list[str] = []
    result = run_sequence_vector(
        MODEL, layer, out, table=table, id_field="station", options=TableOptions(threads=1), log=lines.append
    )
    fields = [f for f, _ in result.fields]
    assert fields == [n.lower() for n in NAMES] + ["last_date"]
    assert "2016-12-31 to 2018-04-14" in " ".join(lines)  # USUD's record ends in 2016

    from osgeo import ogr

    ds = ogr.Open(out)
    got = {f.GetField("station"): [f.GetField(n) for n in fields] for f in ds.GetLayer(0)}
    del ds
    names = list(stations)
    direct = onnx_forecast(np.stack([reference[n] for n in names]))
    for name, row in zip(names, direct):
        assert got[name][-1] == expected_last[name]
        np.testing.assert_allclose(got[name][:6], row, rtol=0, atol=1e-4, err_msg=name)
    assert expected_last["J089"] == "2018-04-13" and expected_last["USUD"] == "2016-12-31"
    assert result.gaps.with_gaps == 16 and result.gaps.interpolated == 16  # 2018-03-01 is in 16 windows


def test_the_held_out_stations_give_the_recorded_mae(stations, recorded):
    check = recorded["held_out_stations"]
    assert sorted(check["stations"]) == sorted(recorded["group_names"]["test"])
    assert not set(check["stations"]) & set(recorded["group_names"]["train"] + recorded["group_names"]["val"])
    x, y = [], []
    for name in check["stations"]:
        dates, values = stations[name]
        assert (np.diff(dates) == np.timedelta64(1, "D")).all()  # the files have every day
        last = np.arange(WINDOW - 1, len(dates) - max(HORIZONS))  # every window's last day with both targets
        x += [values[o - WINDOW + 1 : o + 1] for o in last]
        y += [np.concatenate([values[o + h] for h in HORIZONS]) for o in last]
    x, y = np.stack(x), np.stack(y)
    assert len(y) == check["windows"]

    def mae(p: np.ndarray) -> np.ndarray:
        return np.abs(p - y).mean(axis=0)

    t = np.arange(WINDOW) - (WINDOW - 1) / 2.0
    slope = np.tile((x * t[None, :, None]).sum(axis=1) / (t**2).sum(), 2)
    ahead = (WINDOW - 1) / 2.0 + np.repeat(HORIZONS, 3)
    methods = {
        "model": mae(onnx_forecast(x)),
        "persistence": mae(np.tile(x[:, -1], 2)),
        "mean of the last 7 days": mae(np.tile(x[:, -7:].mean(axis=1), 2)),
        "line over the 90-day window": mae(np.tile(x.mean(axis=1), 2) + slope * ahead),
    }
    for method, got in methods.items():
        want = [check["mae_mm"][method][n] for n in NAMES]
        np.testing.assert_allclose(got, want, atol=2e-3, err_msg=method)
    # What the card claims: on stations it never saw, the model's mean MAE is below every baseline's, and 20 % or
    # more below persistence's.
    means = {k: float(v.mean()) for k, v in methods.items()}
    assert all(means["model"] < v for k, v in means.items() if k != "model"), means
    assert means["model"] <= 0.8 * means["persistence"], means
