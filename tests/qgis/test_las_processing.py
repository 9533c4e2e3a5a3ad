# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:welllogs on LAS files, and WRITE_TO_INPUT of welllogs and sequencevector, through Processing."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from builders import make_linear_sequence, sine_forecast_weights, write_points
from qgis import processing
from qgis.core import QgsProcessingException, QgsProject, QgsVectorLayer

lasio = pytest.importorskip("lasio")

OMEGA = 2 * np.pi / 10
STEPS = 12


def facies_model(tmp_path) -> str:
    """Shale where the centre sample's gamma ray exceeds 55, over windows of 5 samples."""
    weights = np.zeros((5, 2))
    weights[2, 1] = 1.0
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": 5}
    return make_linear_sequence(str(tmp_path / "facies.onnx"), 5, 1, weights, [0, -55.0], "softmax", meta)


def write_las(path, well: str, depths, gr) -> None:
    las = lasio.LASFile()
    las.well["WELL"].value = well
    las.well["NULL"].value = -999.25
    las.append_curve("DEPT", np.asarray(depths, float), unit="M")
    las.append_curve("GR", np.asarray(gr, float), unit="API")
    las.write(str(path), version=2.0)


def test_welllogs_reads_a_folder_of_las_files_and_writes_onto_the_well_points(provider, tmp_path):
    folder = tmp_path / "las"
    folder.mkdir()
    write_las(folder / "a.las", "A", 100 + np.arange(10), [80.0 if 3 <= i < 7 else 30.0 for i in range(10)])
    write_las(folder / "b.las", "B", 50 + 2 * np.arange(6), [-999.25 if i == 4 else 80.0 for i in range(6)])
    wells = write_points(str(tmp_path / "wells.gpkg"), {"name": ["A", "B"]})
    out_table = str(tmp_path / "facies.csv")
    result = processing.run(
        "lithoscope:welllogs",
        {
            "LAS_FILES": [str(folder)],
            "CURVES": ["gr"],
            "MODEL": facies_model(tmp_path),
            "WELLS": wells,
            "WELLS_FIELD": "name",
            "WRITE_TO_INPUT": True,
            "PLOTS": False,
            "OUTPUT_TABLE": out_table,
        },
    )
    with open(out_table, encoding="utf-8") as f:
        got = [(r["well"], r["class_name"]) for r in csv.DictReader(f)]
    # The same answer as the table in test_sequence_processing: B's NULL sample masks the windows holding it.
    assert [c for w, c in got if w == "A"] == ["sand"] * 3 + ["shale"] * 4 + ["sand"] * 3
    assert [c for w, c in got if w == "B"] == ["shale", "shale", "", "", "", ""]
    layer = QgsVectorLayer(wells, "wells", "ogr")
    summary = {f["name"]: (f["dominant"], f["thick_sand"], f["thick_shale"]) for f in layer.getFeatures()}
    assert summary == {"A": ("sand", 6.0, 4.0), "B": ("shale", 0.0, 4.0)}
    assert result["OUTPUT_WELLS"] == wells


def test_welllogs_refuses_a_table_and_las_files_together(provider, tmp_path):
    write_las(tmp_path / "a.las", "A", [1.0, 2.0], [30.0, 30.0])
    table = tmp_path / "logs.csv"
    table.write_text("well,depth,gr\nA,1,30\n")
    out = tmp_path / "facies.csv"
    with pytest.raises(QgsProcessingException, match="either as a table or as LAS files, not both"):
        processing.run(
            "lithoscope:welllogs",
            {
                "TABLE": str(table),
                "LAS_FILES": [str(tmp_path / "a.las")],
                "MODEL": facies_model(tmp_path),
                "OUTPUT_TABLE": str(out),
            },
        )
    assert not out.exists()


def sine_points(tmp_path) -> tuple[str, np.ndarray]:
    rng = np.random.default_rng(3)
    amplitude, phase = rng.uniform(0.5, 3, 5), rng.uniform(0, 6, 5)
    t = np.arange(STEPS + 1)
    values = amplitude[:, None] * np.sin(OMEGA * t[None, :] + phase[:, None])
    columns = {"name": [f"P{i}" for i in range(5)]}
    columns.update({f"2021-{m + 1:02d}-01": list(values[:, m]) for m in range(STEPS)})
    return write_points(str(tmp_path / "points.gpkg"), columns), values[:, STEPS]


def forecaster(tmp_path) -> str:
    meta = {"lithoscope_task": "sequence", "output_kind": "values"}
    return make_linear_sequence(
        str(tmp_path / "ar.onnx"), STEPS, 1, sine_forecast_weights(STEPS, OMEGA, 1), metadata=meta
    )


def test_sequencevector_writes_onto_a_loaded_layer_which_then_shows_the_new_field(provider, tmp_path):
    path, expected = sine_points(tmp_path)
    layer = QgsVectorLayer(path, "points", "ogr")
    assert layer.isValid() and layer.fields().indexOf("forecast_1") < 0
    result = processing.run(
        "lithoscope:sequencevector",
        {"INPUT": layer, "MODEL": forecaster(tmp_path), "WRITE_TO_INPUT": True, "PLOTS": False},
    )
    assert result["OUTPUT"] == path
    assert layer.fields().indexOf("forecast_1") >= 0  # reloaded after the run
    got = [f["forecast_1"] for f in layer.getFeatures()]
    np.testing.assert_allclose(got, expected, atol=1e-4)
    assert [f["name"] for f in layer.getFeatures()] == [f"P{i}" for i in range(5)]


def test_sequencevector_refuses_to_write_onto_a_layer_being_edited(provider, tmp_path):
    path, _ = sine_points(tmp_path)
    # A project layer, as in the GUI (a free layer that a failed run saw crashes QGIS's exit in tests).
    layer = QgsVectorLayer(path, "points", "ogr")
    QgsProject.instance().addMapLayer(layer)
    layer.startEditing()
    try:
        with pytest.raises(QgsProcessingException, match="is being edited; save or discard its edits"):
            processing.run(
                "lithoscope:sequencevector",
                {"INPUT": layer.id(), "MODEL": forecaster(tmp_path), "WRITE_TO_INPUT": True},
            )
        layer.rollBack()
        # (QGIS's own edit session rewrites the file's header, so compare what the run would have added.)
        assert QgsVectorLayer(path, "again", "ogr").fields().names() == layer.fields().names()
        assert "forecast_1" not in layer.fields().names()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_sequencevector_without_a_copy_or_in_place_is_refused(provider, tmp_path):
    path, _ = sine_points(tmp_path)
    with pytest.raises(QgsProcessingException, match=r"Give the copy to write \(OUTPUT\)"):
        processing.run("lithoscope:sequencevector", {"INPUT": path, "MODEL": forecaster(tmp_path)})


def test_sequencevector_refuses_a_file_another_project_layer_is_editing_and_reloads_every_layer_of_it(
    provider, tmp_path
):
    path, expected = sine_points(tmp_path)
    # Two layers of the same file in the project (one added twice, or once by another path spelling).
    given = QgsVectorLayer(path, "points", "ogr")
    other = QgsVectorLayer(str(tmp_path / "." / "points.gpkg"), "points again", "ogr")
    QgsProject.instance().addMapLayers([given, other])
    try:
        other.startEditing()
        before = open(path, "rb").read()
        with pytest.raises(
            QgsProcessingException, match=r"'points again' \(the same file as the input layer\) is being"
        ):
            processing.run(
                "lithoscope:sequencevector",
                {"INPUT": given.id(), "MODEL": forecaster(tmp_path), "WRITE_TO_INPUT": True, "PLOTS": False},
            )
        assert open(path, "rb").read() == before
        other.rollBack()
        processing.run(
            "lithoscope:sequencevector",
            {"INPUT": given.id(), "MODEL": forecaster(tmp_path), "WRITE_TO_INPUT": True, "PLOTS": False},
        )
        for layer in (given, other):  # both reloaded: each shows the new field and its values
            assert layer.fields().indexOf("forecast_1") >= 0, layer.name()
            np.testing.assert_allclose([f["forecast_1"] for f in layer.getFeatures()], expected, atol=1e-4)
    finally:
        QgsProject.instance().removeMapLayers([given.id(), other.id()])


def test_welllogs_las_curves_typed_as_mnemonics(provider, tmp_path):
    """LAS_CURVES (a text the Processing form can take) picks the curve among several in the file."""
    las = lasio.LASFile()
    las.well["WELL"].value = "A"
    depths = 100 + np.arange(10.0)
    las.append_curve("DEPT", depths, unit="M")
    las.append_curve("RHOB", np.full(10, 30.0), unit="G/C3")  # first curve: would give sand everywhere
    las.append_curve("GR", np.array([80.0 if 3 <= i < 7 else 30.0 for i in range(10)]), unit="API")
    las.write(str(tmp_path / "a.las"), version=2.0)
    got = {}
    for curve in ("gr", "RHOB"):
        out = str(tmp_path / f"facies_{curve}.csv")
        processing.run(
            "lithoscope:welllogs",
            {
                "LAS_FILES": [str(tmp_path / "a.las")],
                "LAS_CURVES": curve,
                "MODEL": facies_model(tmp_path),
                "PLOTS": False,
                "OUTPUT_TABLE": out,
            },
        )
        with open(out, encoding="utf-8") as f:
            got[curve] = [r["class_name"] for r in csv.DictReader(f)]
    assert got["gr"] == ["sand"] * 3 + ["shale"] * 4 + ["sand"] * 3
    assert got["RHOB"] == ["sand"] * 10
