# SPDX-License-Identifier: GPL-2.0-or-later
"""Well logs from LAS files: the same per-depth results as the same logs given as a table.

LAS files are written with lasio in tmp_path from generated curves whose answer is known (a
linear model over a window of two curves), and one well of the SEG 2016 contest table is
written to LAS and read back. Bad input is refused with a message naming the file or well,
and nothing is written.
"""

from __future__ import annotations

import csv
import os
import sys

import numpy as np
import pytest
from builders import make_linear_sequence
from conftest import dataset
from lithoscope.inference.errors import InputError
from lithoscope.inference.pipelines.wells import run_well_logs
from lithoscope.inference.sources.las import LasFiles, wells_from_las
from lithoscope.inference.sources.wells import WellTable, wells_from_table

lasio = pytest.importorskip("lasio")

NULL = -999.25
WINDOW = 3
# The model's input, per step: (RHOB, GR); the files hold GR before RHOB, so curves are matched by name.
CURVES = ("RHOB", "GR")


def write_las(path, depths, curves: dict[str, np.ndarray], well: str | None, unit: str = "M") -> str:
    """A LAS 2.0 file of one well: depth index, curves (NaN written as the NULL value), WELL item if given."""
    las = lasio.LASFile()
    las.well["WELL"].value = well or ""
    las.well["NULL"].value = NULL
    las.append_curve("DEPT", np.asarray(depths, float), unit=unit)
    for name, values in curves.items():
        las.append_curve(name, np.where(np.isnan(values), NULL, values))
    las.write(str(path), version=2.0)
    return str(path)


def linear_model(tmp_path) -> str:
    """forecast = 2 GR(centre) - 10 RHOB(centre) + 0.5 GR(sample above), over windows of 3 samples."""
    weights = np.zeros((WINDOW * 2, 1))
    weights[1 * 2 + 1, 0] = 2.0  # step 1 (centre), feature 1 (GR)
    weights[1 * 2 + 0, 0] = -10.0  # centre, RHOB
    weights[0 * 2 + 1, 0] = 0.5  # step 0 (above), GR
    meta = {"lithoscope_task": "sequence", "output_kind": "values", "sequence_length": WINDOW}
    return make_linear_sequence(str(tmp_path / "linear.onnx"), WINDOW, 2, weights, metadata=meta)


def expected(gr: np.ndarray, rhob: np.ndarray) -> np.ndarray:
    """The model's answer per depth sample; NaN where the window (ends padded) holds a NULL sample."""
    index = np.clip(np.arange(len(gr))[:, None] + np.arange(-1, 2)[None, :], 0, len(gr) - 1)
    g, r = gr[index], rhob[index]
    out = 2 * g[:, 1] - 10 * r[:, 1] + 0.5 * g[:, 0]
    out[np.isnan(g).any(axis=1) | np.isnan(r).any(axis=1)] = np.nan
    return out


def logs() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Two wells: depths, GR (one NULL sample in W1), RHOB."""
    rng = np.random.default_rng(5)
    out = {}
    for well, n, top in (("W1", 25, 1000.0), ("w2", 18, 2000.0)):
        depths = top + 0.5 * np.arange(n)
        gr = rng.uniform(20, 120, n).round(3)
        rhob = rng.uniform(2.0, 2.8, n).round(4)
        out[well] = (depths, gr, rhob)
    out["W1"][1][7] = np.nan
    return out


def read_csv(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_las_files_give_the_same_results_as_the_table(tmp_path):
    folder = tmp_path / "las"
    folder.mkdir()
    data = logs()
    depths, gr, rhob = data["W1"]
    write_las(folder / "first.las", depths, {"GR": gr, "RHOB": rhob}, "W1")
    depths, gr, rhob = data["w2"]
    # No WELL item: the id is the file name. Logged upwards (depths decreasing): turned over when read.
    write_las(folder / "w2.las", depths[::-1], {"GR": gr[::-1], "RHOB": rhob[::-1]}, None)
    (folder / "notes.txt").write_text("not a LAS file, and not read")
    model = linear_model(tmp_path)

    lines: list[str] = []
    from_las = str(tmp_path / "from_las.csv")
    run_well_logs(model, LasFiles([str(folder)], ("rhob", "gr")), from_las, log=lines.append)
    wells, d, values = [], [], []
    for well, (depths, gr, rhob) in data.items():
        wells += [well] * len(depths)
        d += list(depths)
        values += list(zip(rhob, gr))
    from_table = str(tmp_path / "from_table.csv")
    run_well_logs(model, WellTable(wells, d, np.array(values), CURVES), from_table)

    rows = read_csv(from_las)
    assert rows == read_csv(from_table)
    for well, (depths, gr, rhob) in data.items():
        got = [(float(r["depth"]), float(r["forecast_1"] or "nan")) for r in rows if r["well"] == well]
        np.testing.assert_array_equal([g[0] for g in got], depths)
        np.testing.assert_allclose([g[1] for g in got], expected(gr, rhob), rtol=1e-5)
    assert sum(r["forecast_1"] == "" for r in rows) == 3  # W1's NULL sample and the two windows around it
    assert "2 LAS file(s): well(s) 'W1', 'w2'; curves rhob, gr; depths in M" in lines


def test_depths_in_feet_are_converted_to_the_first_wells_unit(tmp_path):
    write_las(tmp_path / "a.las", [10.0, 10.5, 11.0], {"GR": np.array([1.0, 2, 3])}, "A", unit="M")
    write_las(tmp_path / "b.las", [100.0, 101.0, 102.0], {"GR": np.array([4.0, 5, 6])}, "B", unit="FT")
    lines: list[str] = []
    wells = wells_from_las([str(tmp_path)], ["GR"], log=lines.append)
    np.testing.assert_allclose(wells["B"][0], [30.48, 30.7848, 31.0896])
    np.testing.assert_array_equal(wells["A"][0], [10.0, 10.5, 11.0])
    np.testing.assert_array_equal(wells["B"][1][:, 0], [4.0, 5.0, 6.0])
    assert "Depths of wells in other units were converted to M." in lines


def test_nodata_value_of_the_run_applies_to_las_curves_too(tmp_path):
    write_las(tmp_path / "a.las", [1.0, 2.0, 3.0], {"GR": np.array([-1.0, 5.0, np.nan])}, "A")
    wells = wells_from_las([str(tmp_path / "a.las")], ["GR"], nodata=-1.0)
    np.testing.assert_array_equal(wells["A"][1][:, 0], [np.nan, 5.0, np.nan])


def test_one_seg2016_well_written_to_las_reads_back_equal(tmp_path):
    path = dataset("well_logs", "seg2016_facies_vectors.csv")
    with open(path, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["WELL"] == "Recruit F9"]
    rows.sort(key=lambda r: float(r["DEPTH"]))  # this well's rows are pieces out of depth order
    curves = ["GR", "ILD_LOG10", "DPHI", "PHIND", "PE", "NM_M", "RELPOS"]
    table = WellTable([r["WELL"] for r in rows], [r["DEPTH"] for r in rows], [[r[c] for c in curves] for r in rows])
    want = wells_from_table(table)["Recruit F9"]
    assert np.isnan(want[1]).sum() == 12  # the PE gaps of this well (empty cells)
    write_las(tmp_path / "f9.las", want[0], {c: want[1][:, i] for i, c in enumerate(curves)}, "Recruit F9", unit="FT")
    got = wells_from_las([str(tmp_path / "f9.las")], curves)
    assert list(got) == ["Recruit F9"]
    np.testing.assert_array_equal(got["Recruit F9"][0], want[0])
    np.testing.assert_array_equal(got["Recruit F9"][1], want[1])  # NaN where PE is missing, on both sides


# -- bad input: a message, and nothing written -----------------------------------------------------------


def _not_las(folder) -> None:
    (folder / "table.las").write_text("well,depth,gr\nA,1,2\n")


def _missing_curve(folder) -> None:
    write_las(folder / "w1.las", [1.0, 2.0, 3.0], {"GR": np.array([1.0, 2, 3]), "NPHI": np.ones(3)}, "W1")


def _depth_going_up(folder) -> None:
    curves = {"GR": np.ones(5), "RHOB": np.ones(5)}
    write_las(folder / "w3.las", [100.0, 100.5, 101.0, 100.8, 101.5], curves, "W3")


def _duplicate_wells(folder) -> None:
    curves = {"GR": np.ones(3), "RHOB": np.ones(3)}
    write_las(folder / "a.las", [1.0, 2.0, 3.0], curves, "W1")
    write_las(folder / "b.las", [5.0, 6.0, 7.0], curves, "W1")


@pytest.mark.parametrize(
    "make, message",
    [
        (_not_las, r"The file .*table.las is not a LAS file that can be read \(No ~ sections found"),
        (_missing_curve, r"Well 'W1' \(w1.las\) has no curve 'RHOB', which the model needs; its curves: DEPT, GR, NP"),
        (_depth_going_up, r"The depths of well 'W3' go up from 101 to 100.8 \(samples 3 and 4 of w3.las\)"),
        (_duplicate_wells, r"Well 'W1' is in two LAS files, a.las and b.las"),
    ],
)
def test_bad_las_input_is_refused_and_nothing_is_written(tmp_path, make, message):
    folder = tmp_path / "las"
    folder.mkdir()
    make(folder)
    model = linear_model(tmp_path)
    before = sorted(os.listdir(tmp_path)), sorted(os.listdir(folder))
    out = tmp_path / "facies.csv"
    with pytest.raises(InputError, match=message):
        run_well_logs(model, LasFiles([str(folder)], CURVES), str(out))
    assert (sorted(os.listdir(tmp_path)), sorted(os.listdir(folder))) == before


def test_an_empty_folder_and_a_missing_file_are_refused(tmp_path):
    with pytest.raises(InputError, match=r"holds no .las files"):
        wells_from_las([str(tmp_path)], ["GR"])
    with pytest.raises(InputError, match=r"The LAS file .*nowhere.las does not exist"):
        wells_from_las([str(tmp_path / "nowhere.las")], ["GR"])


def test_without_lasio_the_message_says_how_to_install_it(tmp_path, monkeypatch):
    write_las(tmp_path / "a.las", [1.0, 2.0, 3.0], {"GR": np.ones(3), "RHOB": np.ones(3)}, "A")
    monkeypatch.setitem(sys.modules, "lasio", None)  # import lasio raises ImportError
    out = tmp_path / "facies.csv"
    with pytest.raises(InputError, match=r"needs the Python package lasio.*-m pip install --user lasio==0.32"):
        run_well_logs(linear_model(tmp_path), LasFiles([str(tmp_path / "a.las")], CURVES), str(out))
    assert not out.exists()


def test_without_curves_the_models_band_names_are_the_mnemonics(tmp_path):
    depths, gr, rhob = logs()["w2"]
    write_las(tmp_path / "w2.las", depths, {"GR": gr, "RHOB": rhob}, "W2")
    weights = np.zeros((WINDOW * 2, 1))
    weights[1 * 2 + 1, 0], weights[1 * 2 + 0, 0], weights[0 * 2 + 1, 0] = 2.0, -10.0, 0.5
    meta = {"lithoscope_task": "sequence", "output_kind": "values", "sequence_length": WINDOW, "band_names": CURVES}
    model = make_linear_sequence(str(tmp_path / "named.onnx"), WINDOW, 2, weights, metadata=meta)
    out = str(tmp_path / "out.csv")
    run_well_logs(model, LasFiles([str(tmp_path / "w2.las")]), out)
    got = [float(r["forecast_1"]) for r in read_csv(out)]
    np.testing.assert_allclose(got, expected(gr, rhob), rtol=1e-5)
    # A model without band names needs the curves.
    with pytest.raises(InputError, match=r"Give the curves the model takes, by their LAS mnemonics"):
        run_well_logs(linear_model(tmp_path), LasFiles([str(tmp_path / "w2.las")]), str(tmp_path / "other.csv"))
    assert not (tmp_path / "other.csv").exists()


def named_model(tmp_path) -> str:
    """linear_model's weights, with band_names RHOB, GR: the features the model takes, in its order."""
    weights = np.zeros((WINDOW * 2, 1))
    weights[1 * 2 + 1, 0], weights[1 * 2 + 0, 0], weights[0 * 2 + 1, 0] = 2.0, -10.0, 0.5
    meta = {"lithoscope_task": "sequence", "output_kind": "values", "sequence_length": WINDOW, "band_names": CURVES}
    return make_linear_sequence(str(tmp_path / "named.onnx"), WINDOW, 2, weights, metadata=meta)


def test_curves_in_another_order_than_the_models_band_names_are_reordered(tmp_path):
    depths, gr, rhob = logs()["w2"]
    write_las(tmp_path / "w2.las", depths, {"GR": gr, "RHOB": rhob}, "W2")
    model = named_model(tmp_path)
    table = WellTable(["W2"] * len(depths), list(depths), np.stack([gr, rhob], axis=1), ("gr", "Rhob"))
    for name, logs_given in (("las", LasFiles([str(tmp_path / "w2.las")], ("GR", "rhob"))), ("table", table)):
        out, lines = str(tmp_path / f"{name}.csv"), []
        run_well_logs(model, logs_given, out, log=lines.append)
        got = [float(r["forecast_1"]) for r in read_csv(out)]
        np.testing.assert_allclose(got, expected(gr, rhob), rtol=1e-5)  # fed RHOB, GR as the model takes them
        curves = "GR, rhob" if name == "las" else "gr, Rhob"
        shown = "rhob, GR" if name == "las" else "Rhob, gr"
        message = f"The curves {curves} are the model's features in another order; they are fed in the model's order"
        assert f"{message}: {shown}." in lines


def test_curves_that_are_only_partly_the_models_band_names_are_refused(tmp_path):
    depths, gr, rhob = logs()["w2"]
    write_las(tmp_path / "w2.las", depths, {"GR": gr, "RHOB": rhob, "DT": gr / 2}, "W2")
    out = tmp_path / "out.csv"
    with pytest.raises(InputError, match=r"The curves GR, DT are only partly the model's features, RHOB, GR .*'DT' is"):
        run_well_logs(named_model(tmp_path), LasFiles([str(tmp_path / "w2.las")], ("GR", "DT")), str(out))
    table = WellTable(["W2"] * len(depths), list(depths), np.stack([rhob, gr, gr], axis=1), ("RHOB", "GR", "GR2"))
    with pytest.raises(InputError, match=r"only partly the model's features, RHOB, GR .*: 'GR2' is not among them"):
        run_well_logs(named_model(tmp_path), table, str(out))
    assert not out.exists()


def test_curves_named_otherwise_are_fed_in_the_order_given_with_a_warning(tmp_path):
    depths, gr, rhob = logs()["w2"]
    table = WellTable(["W2"] * len(depths), list(depths), np.stack([rhob, gr], axis=1), ("density", "gamma"))
    out, lines = str(tmp_path / "out.csv"), []
    run_well_logs(named_model(tmp_path), table, out, log=lines.append)
    np.testing.assert_allclose([float(r["forecast_1"]) for r in read_csv(out)], expected(gr, rhob), rtol=1e-5)
    assert any(
        line.startswith(
            "Warning: the model's features are RHOB, GR (band_names in its metadata), but none of the "
            "curves density, gamma is named so; they are fed in the order given."
        )
        for line in lines
    )
