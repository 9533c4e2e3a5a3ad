# SPDX-License-Identifier: GPL-2.0-or-later
"""Facies from well logs (lithoscope:trainwells' core): generated wells (LAS files and a table) train a small
sequence model end to end in the training worker, held out by whole wells against a majority class and a random
forest; the exported model runs through Lithoscope's own per-depth run (run_well_logs) and gives the held-out
scores again. Bad input is refused with a message naming the problem and the fix."""

from __future__ import annotations

import csv
import os

import numpy as np
import pytest
from builders import training_python as _python
from lithoscope.inference.errors import InputError
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.pipelines.wells import run_well_logs
from lithoscope.inference.sources.las import LasFiles
from lithoscope.learning.common import TrainSettings, train_model
from lithoscope.learning.wells import prepare_wells

lasio = pytest.importorskip("lasio")
pytest.importorskip("sklearn")

SEG2016 = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "datasets", "well_logs", "seg2016_facies_vectors.csv"
)
SEG2016 = SEG2016 if os.path.isfile(SEG2016) else "/work/shared/datasets/well_logs/seg2016_facies_vectors.csv"
NAMES = ["W1", "W2", "W3", "W4", "W5", "W6"]
CODES = {1: "sand", 2: "shale", 3: "lime"}


def _wells(n: int = 180, count: int = 6, seed: int = 3):
    """Wells of beds 6-20 samples thick; facies 1 sand (low GR, low RHOB), 2 shale (high GR), 3 lime (low GR,
    high RHOB); curves = facies means + noise, smoothed over 3 samples like a logging tool."""
    rng = np.random.default_rng(seed)
    means = {1: (40.0, 2.25), 2: (110.0, 2.45), 3: (35.0, 2.70)}
    out = {}
    for w in range(count):
        facies = []
        while len(facies) < n:
            facies += [int(rng.integers(1, 4))] * int(rng.integers(6, 21))
        facies = np.array(facies[:n])
        gr = np.array([means[f][0] for f in facies]) + rng.normal(0, 12, n)
        rhob = np.array([means[f][1] for f in facies]) + rng.normal(0, 0.06, n)
        kernel = np.ones(3) / 3
        gr, rhob = np.convolve(gr, kernel, "same"), np.convolve(rhob, kernel, "same")
        depths = 1000.0 + 37 * w + 0.5 * np.arange(n)
        out[NAMES[w]] = (depths, gr.round(3), rhob.round(4), facies)
    return out


def _write_las(path, well, depths, curves: dict) -> str:
    las = lasio.LASFile()
    las.well["WELL"].value = well
    las.append_curve("DEPT", np.asarray(depths, float), unit="M")
    for name, values in curves.items():
        las.append_curve(name, np.where(np.isnan(values), -999.25, values))
    las.write(str(path), version=2.0)
    return str(path)


def _las_files(tmp_path, wells) -> list[str]:
    folder = tmp_path / "las"
    folder.mkdir(exist_ok=True)
    return [
        _write_las(folder / f"{w}.las", w, d, {"GR": gr, "RHOB": rhob, "FACIES": f.astype(float)})
        for w, (d, gr, rhob, f) in wells.items()
    ]


def _table(wells) -> dict[str, list]:
    cols: dict[str, list] = {"Well": [], "Depth": [], "GR": [], "RHOB": [], "Facies": []}
    for w, (d, gr, rhob, f) in wells.items():
        cols["Well"] += [w] * len(d)
        cols["Depth"] += [str(v) for v in d]
        cols["GR"] += [str(v) for v in gr]
        cols["RHOB"] += [str(v) for v in rhob]
        cols["Facies"] += [str(v) for v in f]
    return cols


def _csv(path, rows) -> str:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return str(path)


def _settings(**kw) -> TrainSettings:
    base = {"epochs": 25, "minutes": 2.0, "patience": 25, "batch": 32, "hidden": 16, "threads": 1, "seed": 0}
    return TrainSettings(**{**base, **kw})


def test_las_wells_train_validate_by_well_export_and_run_per_depth(tmp_path):
    python = _python()
    wells = _wells()
    paths = _las_files(tmp_path, wells)
    codes = _csv(tmp_path / "codes.csv", [["code", "name"], *[[c, n] for c, n in CODES.items()]])
    penalty = _csv(tmp_path / "penalty.csv", [[0, 1, 2], [1, 0, 1], [2, 1, 0]])
    data = prepare_wells(
        las=paths, curves=["gr", "rhob"], label="facies", class_codes=codes, penalty=penalty, window=15,
        log=lambda m: None,
    )  # fmt: skip
    assert data.class_names == ["sand", "shale", "lime"] and data.group_names == NAMES
    assert data.group_word == "wells" and data.band_names == ["gr", "rhob"]
    x = np.load(os.path.join(data.folder, "x.npy"))
    assert x.shape == (6 * 180, 15, 2) and x.dtype == np.float32
    out = str(tmp_path / "facies.onnx")
    result = train_model(
        data, _settings(refit=False, test_groups=("W5",)), out, python, lambda f: None, lambda m: None,
        lambda: False, "Test facies",
    )  # fmt: skip
    assert os.path.isfile(out) and os.path.isfile(result.card) and os.path.isfile(result.report)
    assert result.check_max_diff <= 1e-4
    assert not os.path.exists(data.folder)
    losses = [h["loss"] for h in result.history["validation"]]
    assert min(losses) < 0.7 * losses[0]
    scores = result.metrics["scores"]
    assert result.metrics["held_out"] == "wells" and result.metrics["groups"]["test"] == 1
    assert scores["model"]["samples"] == scores["random forest"]["samples"] == 180
    assert scores["model"]["macro_f1"] > scores["majority class"]["macro_f1"] + 0.4
    assert "penalty_score" in scores["model"]
    contract = read_contract(out)
    assert contract.class_names == ("sand", "shale", "lime") and contract.band_names == ("gr", "rhob")
    assert contract.sequence_length == 15 and contract.sequence_gaps == "mask"
    report = open(result.report, encoding="utf-8").read()
    assert "held-out wells" in report and "random forest" in report and "Held-out wells: true classes" in report
    # the exported model through Lithoscope's per-depth run on the held-out well: the held-out scores again
    table = str(tmp_path / "w5.csv")
    run = run_well_logs(
        out, LasFiles([paths[4]], ("GR", "RHOB")), table, log=lambda m: None, options=_no_plots()
    )  # fmt: skip
    got = [run.outputs[("W5", i)][1] for i in range(180)]
    truth = [CODES[int(f)] for f in wells["W5"][3]]
    accuracy = float(np.mean([g == t for g, t in zip(got, truth)]))
    assert abs(accuracy - scores["model"]["accuracy"]) <= 1.5 / 180
    assert accuracy > 0.8


def _no_plots():
    from lithoscope.inference.pipelines.tables import TableOptions

    return TableOptions(plots=False)


def test_table_csv_trains_a_1d_cnn(tmp_path):
    python = _python()
    cols = _table(_wells(n=120, seed=4))
    path = str(tmp_path / "logs.csv")
    _csv(path, [list(cols), *zip(*cols.values())])
    data = prepare_wells(
        table=path, well_field="well", depth_field="DEPTH", curves=["gr", "Rhob"], label="facies", window=9,
        log=lambda m: None,
    )  # fmt: skip
    assert data.class_names == ["1", "2", "3"] and data.band_names == ["GR", "RHOB"]
    result = train_model(
        data, _settings(arch="cnn1d", epochs=10), str(tmp_path / "m.onnx"), python, lambda f: None,
        lambda m: None, lambda: False, "t",
    )  # fmt: skip
    assert result.check_max_diff <= 1e-4
    assert result.history["final"]  # refitted on every well
    scores = result.metrics["scores"]
    assert scores["model"]["macro_f1"] > scores["majority class"]["macro_f1"] + 0.3


def test_gaps_and_missing_labels_are_left_out_and_baselines_see_windows(tmp_path):
    wells = _wells(n=60)
    d, gr, rhob, f = wells["W2"]
    gr = gr.copy()
    gr[10] = np.nan
    f = f.astype(float)
    f[20] = np.nan
    wells["W2"] = (d, gr, rhob, f)
    cols = _table(wells)
    cols["GR"] = ["" if v == "nan" else v for v in cols["GR"]]
    cols["Facies"] = ["" if v == "nan" else v for v in cols["Facies"]]
    data = prepare_wells(
        table=cols, well_field="Well", depth_field="Depth", curves=["GR", "RHOB"], label="Facies", window=5,
        log=lambda m: None,
    )  # fmt: skip
    x = np.load(os.path.join(data.folder, "x.npy"))
    assert len(data.groups) == 6 * 60 - 2 and np.isnan(x).sum() == 4  # the gap sits in 4 neighbours' windows
    feats, labels, where = data.baseline_features(np.arange(10))
    assert feats.shape == (10, 10) and np.isfinite(feats).all() and labels.shape == (10,)
    probs = np.eye(3)[[2, 0, 1]]
    assert where(probs).tolist() == [2, 0, 1]
    assert "1 without a label, 1 with a gap" in data.data["samples left out"]


def test_bad_input_is_refused_with_a_message(tmp_path):
    wells = _wells(n=40)
    paths = _las_files(tmp_path, wells)
    with pytest.raises(InputError, match=r"Well 'W1' \(W1.las\) has no label curve 'LITH'; its curves: DEPT, GR"):
        prepare_wells(las=paths, curves=["GR", "RHOB"], label="LITH")
    cols = _table(wells)
    cols["Depth"][5], cols["Depth"][6] = cols["Depth"][6], cols["Depth"][5]
    with pytest.raises(InputError, match="depths of well 'W1' go up"):
        prepare_wells(table=cols, well_field="Well", depth_field="Depth", curves=["GR"], label="Facies")
    codes = _csv(tmp_path / "codes.csv", [[1, "sand"], [2, "shale"]])
    with pytest.raises(InputError, match=r"label value\(s\) 3, not in the class-code table"):
        prepare_wells(las=paths, curves=["GR", "RHOB"], label="FACIES", class_codes=codes)
    with pytest.raises(InputError, match="at least 3"):
        prepare_wells(las=paths[:2], curves=["GR", "RHOB"], label="FACIES")
    one = _table(wells)
    one["Facies"] = ["2"] * len(one["Facies"])
    with pytest.raises(InputError, match="at least two classes"):
        prepare_wells(table=one, well_field="Well", depth_field="Depth", curves=["GR"], label="Facies")
    rare = _table(wells)
    rare["Facies"] = ["1"] * (len(rare["Facies"]) - 5) + ["2"] * 3 + ["3"] * 2
    kw = {"table": rare, "well_field": "Well", "depth_field": "Depth", "curves": ["GR"], "label": "Facies"}
    data = prepare_wells(**kw, rare="keep", min_samples=4, log=lambda m: None)
    assert data.class_names == ["1", "2", "3"] and "fewer than 4" in data.warnings[0]
    data = prepare_wells(**kw, rare="merge", min_samples=4, log=lambda m: None)
    assert data.class_names == ["1", "other"]
    with pytest.raises(InputError, match="fewer than two classes are left"):
        prepare_wells(**kw, rare="drop", min_samples=4)
    with pytest.raises(InputError, match="must be 3 x 3 numbers"):
        prepare_wells(**kw, penalty=_csv(tmp_path / "p.csv", [[0, 1], [1, 0]]))
    with pytest.raises(InputError, match="no column 'PE' for the curve; its columns: Well, Depth"):
        prepare_wells(**{**kw, "curves": ["GR", "PE"]})
    with pytest.raises(InputError, match="odd number"):
        prepare_wells(**kw, window=4)


def _seg2016_columns() -> dict[str, list]:
    """The contest table without the pseudo-well 'Recruit F9' and without the rows repeating a well's depth."""
    with open(SEG2016, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["WELL"] != "Recruit F9"]
    kept, last = [], {}
    for r in rows:
        if last.get(r["WELL"]) != r["DEPTH"]:
            kept.append(r)
        last[r["WELL"]] = r["DEPTH"]
    return {k: [r[k] for r in kept] for k in kept[0]}


def test_seg2016_real_wells(tmp_path):
    if not os.path.isfile(SEG2016):
        pytest.skip(f"the SEG 2016 facies table is not here ({SEG2016}); see /work/shared/datasets/README.md")
    python = _python()
    data = prepare_wells(
        table=_seg2016_columns(), well_field="WELL", depth_field="DEPTH", label="FACIES", window=15,
        curves=["GR", "ILD_LOG10", "DPHI", "PHIND", "NM_M", "RELPOS"], log=lambda m: None,
    )  # fmt: skip
    assert len(data.group_names) == 9 and len(data.class_names) == 9
    result = train_model(
        data, _settings(epochs=2, hidden=8, batch=64, test_groups=("SHANKLE", "NEWBY"), refit=False),
        str(tmp_path / "seg.onnx"), python, lambda f: None, lambda m: None, lambda: False, "SEG 2016",
    )  # fmt: skip
    scores = result.metrics["scores"]
    assert result.metrics["groups"]["test"] == 2
    assert scores["model"]["samples"] == 449 + 463 and 0 <= scores["model"]["accuracy"] <= 1
    assert os.path.isfile(result.report) and "SHANKLE" in open(result.report, encoding="utf-8").read()
