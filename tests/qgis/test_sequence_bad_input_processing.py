# SPDX-License-Identifier: GPL-2.0-or-later
"""Bad input to lithoscope:sequencevector and lithoscope:welllogs that only the Processing adapters see.

An output named like the table it reads (also by a relative path, through qgis_process), fields the
table lacks, and the log of the plots written. Each refusal names the problem and the fix, writes
nothing and leaves the inputs byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import subprocess

import numpy as np
import pytest
from builders import make_linear_sequence, write_points
from conftest import PLUGIN_PATH
from osgeo import ogr
from qgis import processing
from qgis.core import QgsProcessingException, QgsProcessingFeedback

DATES = [f"2021-{m:02d}-01" for m in range(1, 13)]
QGIS_PROCESS = "/usr/bin/qgis_process.bin"


def digest(*paths) -> dict[str, str]:
    return {str(p): hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths}


@pytest.fixture
def mean_model(tmp_path) -> str:
    """Values: the mean of each of the 3 features over 12 steps."""
    weights = np.tile(np.eye(3), (12, 1)) / 12
    meta = {"lithoscope_task": "sequence", "output_kind": "values"}
    return make_linear_sequence(str(tmp_path / "mean.onnx"), 12, 3, weights, metadata=meta)


@pytest.fixture
def facies_model(tmp_path) -> str:
    """Sand or shale from the gamma ray (curve GR) of windows of 3 samples of GR and PE."""
    weights = np.zeros((6, 2))
    weights[2, 1] = 1.0
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": 3}
    return make_linear_sequence(str(tmp_path / "facies.onnx"), 3, 2, weights, [0, -55.0], "softmax", meta)


def long_table_gpkg(path) -> str:
    """A long table (station, date, E, N, U) without geometry, in a GeoPackage."""
    ogr.UseExceptions()
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    lyr = ds.CreateLayer("series", geom_type=ogr.wkbNone)
    for name, kind in (("station", ogr.OFTString), ("date", ogr.OFTString)) + tuple((c, ogr.OFTReal) for c in "ENU"):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for station in ("S0", "S1"):
        for t, day in enumerate(DATES):
            feature = ogr.Feature(lyr.GetLayerDefn())
            for name, value in (("station", station), ("date", day), ("E", t), ("N", -t), ("U", 2.0 * t)):
                feature.SetField(name, value)
            lyr.CreateFeature(feature)
    del lyr, ds
    return str(path)


def well_csv(path) -> str:
    rows = [("A", 100 + i, 40.0 + 10 * i, 3.0) for i in range(5)] + [("B", 50 + i, 70.0, 2.5) for i in range(4)]
    path.write_text("well,depth,GR,PE\n" + "".join(f"{w},{d},{g},{p}\n" for w, d, g, p in rows))
    return str(path)


def test_an_output_that_is_the_table_read_is_refused(provider, mean_model, facies_model, tmp_path, monkeypatch):
    logs = well_csv(tmp_path / "logs.csv")
    table = long_table_gpkg(tmp_path / "series.gpkg")
    points = write_points(str(tmp_path / "points.gpkg"), {"station": ["S0", "S1"]})
    before = digest(logs, table, points)
    monkeypatch.chdir(tmp_path)  # the output named by a relative path
    wells = {"TABLE": logs, "WELL_FIELD": "well", "DEPTH_FIELD": "depth", "CURVES": ["GR", "PE"], "PLOTS": False}
    with pytest.raises(QgsProcessingException, match=r"The output logs.csv is the well table itself; choose another"):
        processing.run("lithoscope:welllogs", {**wells, "MODEL": facies_model, "OUTPUT_TABLE": "logs.csv"})
    series = {"TABLE": table, "ID_FIELD": "station", "TIME_FIELD": "date", "VALUE_FIELDS": ["E", "N", "U"]}
    with pytest.raises(QgsProcessingException, match=r"series.gpkg is the input table itself; choose another file"):
        processing.run(
            "lithoscope:sequencevector",
            {**series, "INPUT": points, "MODEL": mean_model, "OUTPUT": table, "PLOTS": False},
        )
    assert digest(logs, table, points) == before


@pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason=f"{QGIS_PROCESS} is not installed")
def test_qgis_process_refuses_a_relative_output_that_is_the_well_table(facies_model, tmp_path):
    logs = well_csv(tmp_path / "logs.csv")
    before = digest(logs)
    profile = tmp_path / "profile"
    profile.mkdir()
    import onnxruntime

    env = dict(
        os.environ, QGIS_PLUGINPATH=PLUGIN_PATH, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(profile)
    )
    env["PYTHONPATH"] = os.path.dirname(os.path.dirname(onnxruntime.__file__))  # qgis_process's Python lacks it

    def qgis_process(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([QGIS_PROCESS, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)

    assert qgis_process("plugins", "enable", "lithoscope").returncode == 0
    done = qgis_process(
        "run", "lithoscope:welllogs", "--", "TABLE=logs.csv", "WELL_FIELD=well", "DEPTH_FIELD=depth", "CURVES=GR",
        "CURVES=PE", f"MODEL={facies_model}", "OUTPUT_TABLE=./logs.csv", "PLOTS=false",
    )  # fmt: skip
    assert done.returncode != 0
    assert "The output ./logs.csv is the well table itself; choose another file name" in done.stdout + done.stderr
    assert digest(logs) == before


def test_fields_the_table_lacks_are_named_with_the_fields_it_has(provider, mean_model, facies_model, tmp_path):
    table = long_table_gpkg(tmp_path / "series.gpkg")
    points = write_points(str(tmp_path / "points.gpkg"), {"station": ["S0", "S1"]})
    logs = well_csv(tmp_path / "logs.csv")
    before = digest(table, points, logs)
    out, out_table = str(tmp_path / "out.gpkg"), str(tmp_path / "facies.csv")
    series = {"TABLE": table, "ID_FIELD": "station", "TIME_FIELD": "date", "VALUE_FIELDS": ["E", "N", "Up"]}
    expected = r"^The table has no field 'Up' \(VALUE_FIELDS\); its fields: (fid, )?station, date, E, N, U\. Choose"
    with pytest.raises(QgsProcessingException, match=expected):
        processing.run("lithoscope:sequencevector", {**series, "INPUT": points, "MODEL": mean_model, "OUTPUT": out})
    wells = {"TABLE": logs, "WELL_FIELD": "WELLNAME", "DEPTH_FIELD": "MD", "CURVES": ["GR", "PE"]}
    expected = (
        r"^The table has no field 'WELLNAME' \(WELL_FIELD\), 'MD' \(DEPTH_FIELD\); its fields: well, depth, GR, PE\."
    )
    with pytest.raises(QgsProcessingException, match=expected):
        processing.run("lithoscope:welllogs", {**wells, "MODEL": facies_model, "OUTPUT_TABLE": out_table})
    assert not os.path.exists(out) and not os.path.exists(out_table)
    assert digest(table, points, logs) == before


class Lines(QgsProcessingFeedback):
    """A feedback that keeps its log lines."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def pushInfo(self, info: str) -> None:  # noqa: N802 (QGIS API)
        self.lines.append(info)
        super().pushInfo(info)


def test_welllogs_logs_each_plot_once(provider, facies_model, tmp_path):
    pytest.importorskip("matplotlib")
    logs = well_csv(tmp_path / "logs.csv")
    feedback = Lines()
    params = {"TABLE": logs, "WELL_FIELD": "well", "DEPTH_FIELD": "depth", "CURVES": ["GR", "PE"], "PLOTS": True}
    result = processing.run(
        "lithoscope:welllogs",
        {**params, "MODEL": facies_model, "OUTPUT_TABLE": str(tmp_path / "f.csv")},
        feedback=feedback,
    )
    plots = result["PLOT_FILES"].split(";")
    assert [os.path.basename(p) for p in plots] == ["f_A.png", "f_B.png"]
    assert [line for line in feedback.lines if line.startswith("Plot: ")] == [f"Plot: {p}" for p in plots]
