# SPDX-License-Identifier: GPL-2.0-or-later
"""Results written onto the input layer itself, only when asked: all fields or none, the file otherwise untouched.

Monitoring points carry pure sines in date fields; a linear model forecasts their next steps
exactly, so the new fields' values are known. A success adds exactly the new fields and leaves
every other attribute and geometry as it was; a cancel or a failure injected half-way through
the features leaves the file (GeoPackage) or every file of the set (Shapefile) byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3

import numpy as np
import pytest
from builders import make_linear_sequence, sine_forecast_weights, write_points, write_shapefile
from lithoscope.inference.errors import CancelledError, InputError
from lithoscope.inference.pipelines.features import run_sequence_vector
from lithoscope.inference.pipelines.wells import run_well_logs
from lithoscope.inference.sources.las import LasFiles
from osgeo import ogr

OMEGA = 2 * np.pi / 10
STEPS, HORIZONS = 12, 3
DATES = [f"2021{m:02d}01" for m in range(1, STEPS + 1)]
FORECASTS = ["forecast_1", "forecast_2", "forecast_3"]


def forecaster(tmp_path, gain: float = 1.0) -> str:
    """Forecasts the next three steps of any pure sine of angular step OMEGA (times `gain`)."""
    weights = gain * sine_forecast_weights(STEPS, OMEGA, HORIZONS)
    meta = {"lithoscope_task": "sequence", "output_kind": "values"}
    return make_linear_sequence(str(tmp_path / f"ar{gain:g}.onnx"), STEPS, 1, weights, metadata=meta)


def sines(n: int) -> tuple[np.ndarray, np.ndarray]:
    """n sines (n, STEPS) and their next HORIZONS values (n, HORIZONS)."""
    rng = np.random.default_rng(4)
    amplitude, phase = rng.uniform(0.5, 3, n), rng.uniform(0, 6, n)
    t = np.arange(STEPS + HORIZONS)
    values = amplitude[:, None] * np.sin(OMEGA * t[None, :] + phase[:, None])
    return values[:, :STEPS], values[:, STEPS:]


def columns(n: int, extra: dict | None = None) -> dict[str, list]:
    series, _ = sines(n)
    out = {"name": [f"P{i}" for i in range(n)], "depth": [1.5 * i if i != 2 else np.nan for i in range(n)]}
    out.update({d: list(series[:, j]) for j, d in enumerate(DATES)})
    out.update(extra or {})
    return out


def digest(*paths: str) -> list[str]:
    return [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths]


def table_rows(path: str, table: str = "points") -> tuple[list[str], list[tuple]]:
    """Column names and every row (geometry blob included) of a GeoPackage table, by fid."""
    con = sqlite3.connect(path)
    try:
        cur = con.execute(f'SELECT * FROM "{table}" ORDER BY fid')
        return [c[0] for c in cur.description], cur.fetchall()
    finally:
        con.close()


def read_layer(path: str) -> tuple[list[str], list[dict], list[str]]:
    """Field names, attributes per feature and geometries (WKT) of an OGR layer."""
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    rows, geoms = [], []
    for f in lyr:
        rows.append({n: f.GetField(n) for n in names})
        geoms.append(f.GetGeometryRef().ExportToWkt())
    del lyr, ds
    return names, rows, geoms


def test_fields_go_onto_the_geopackage_and_nothing_else_changes(tmp_path):
    n = 7
    layer = write_points(str(tmp_path / "points.gpkg"), columns(n))
    model = forecaster(tmp_path)
    before_names, before = table_rows(layer)
    listing = sorted(os.listdir(tmp_path))
    lines: list[str] = []
    result = run_sequence_vector(model, layer, None, in_place=True, log=lines.append)

    names, after = table_rows(layer)
    assert names == before_names + FORECASTS  # exactly the new fields, after the others
    assert [row[: len(before_names)] for row in after] == before  # every attribute and geometry blob unchanged
    np.testing.assert_allclose([row[len(before_names) :] for row in after], sines(n)[1], atol=1e-4)
    assert result.paths == [layer] and [name for name, _ in result.fields] == FORECASTS
    assert sorted(os.listdir(tmp_path)) == listing  # no copy, no temporary or lock file left
    changed = f"The input layer {layer} was changed: field(s) {', '.join(FORECASTS)} added, on {n} feature(s)."
    assert lines[-1] == changed
    ds = ogr.Open(layer)
    assert json.loads(ds.GetLayer(0).GetMetadataItem("LITHOSCOPE_FIELDS")) == FORECASTS


def test_a_second_run_updates_the_fields_lithoscope_wrote(tmp_path):
    layer = write_points(str(tmp_path / "points.gpkg"), columns(5))
    run_sequence_vector(forecaster(tmp_path), layer, None, in_place=True)
    lines: list[str] = []
    run_sequence_vector(forecaster(tmp_path, gain=2.0), layer, None, in_place=True, log=lines.append)
    names, rows, _ = read_layer(layer)
    assert names.count("forecast_1") == 1 and names[-3:] == FORECASTS
    np.testing.assert_allclose([[r[f] for f in FORECASTS] for r in rows], 2 * sines(5)[1], atol=1e-4)
    assert "(written by Lithoscope before) updated" in lines[-1]


def test_fields_of_those_names_that_lithoscope_did_not_write_are_refused(tmp_path):
    layer = write_points(str(tmp_path / "points.gpkg"), columns(4, {"forecast_2": [1.0, 2.0, 3.0, 4.0]}))
    before = digest(layer)
    with pytest.raises(InputError, match=r"already has the field\(s\) 'forecast_2', which Lithoscope did not write"):
        run_sequence_vector(forecaster(tmp_path), layer, None, in_place=True)
    assert digest(layer) == before
    run_sequence_vector(forecaster(tmp_path), layer, None, in_place=True, field_prefix="seq_")
    names, rows, _ = read_layer(layer)
    assert names[-3:] == ["seq_forecast_1", "seq_forecast_2", "seq_forecast_3"]
    assert [r["forecast_2"] for r in rows] == [1.0, 2.0, 3.0, 4.0]


class FailAfter:
    """Wraps ogr.Layer.SetFeature: counts the features written; optionally raises after `limit` of them."""

    def __init__(self, monkeypatch, limit: int | None = None) -> None:
        self.count, self.limit = 0, limit
        original = ogr.Layer.SetFeature

        def set_feature(lyr, feature):
            if self.limit is not None and self.count >= self.limit:
                raise RuntimeError("disk full (injected)")
            self.count += 1
            return original(lyr, feature)

        monkeypatch.setattr(ogr.Layer, "SetFeature", set_feature)


@pytest.mark.parametrize("how", ["cancel", "failure"])
def test_a_cancel_or_failure_mid_write_leaves_the_geopackage_byte_identical(tmp_path, monkeypatch, how):
    layer = write_points(str(tmp_path / "points.gpkg"), columns(6))
    model = forecaster(tmp_path)
    before, listing = digest(layer), sorted(os.listdir(tmp_path))
    writes = FailAfter(monkeypatch, None if how == "cancel" else 3)
    cancel = (lambda: writes.count >= 3) if how == "cancel" else None
    with pytest.raises(CancelledError if how == "cancel" else RuntimeError):
        run_sequence_vector(model, layer, None, in_place=True, is_cancelled=cancel)
    assert writes.count == 3  # half-way through the features
    assert digest(layer) == before
    assert sorted(os.listdir(tmp_path)) == listing


def shapefile_parts(folder) -> list[str]:
    return [str(folder / f"points{s}") for s in (".shp", ".shx", ".dbf", ".prj")]


def test_fields_go_onto_a_shapefile_whose_geometries_are_not_rewritten(tmp_path):
    n = 6
    layer = write_shapefile(str(tmp_path / "points.shp"), columns(n))
    names0, rows0, geoms0 = read_layer(layer)
    shp, shx, _, prj = shapefile_parts(tmp_path)
    geometry_files = digest(shp, shx, prj)
    run_sequence_vector(forecaster(tmp_path), layer, None, in_place=True)
    names, rows, geoms = read_layer(layer)
    assert names == names0 + FORECASTS
    assert [{k: r[k] for k in names0} for r in rows] == rows0 and geoms == geoms0
    np.testing.assert_allclose([[r[f] for f in FORECASTS] for r in rows], sines(n)[1], atol=1e-4)
    assert digest(shp, shx, prj) == geometry_files
    with open(tmp_path / "points.lithoscope.json", encoding="utf-8") as f:
        assert json.load(f) == {"fields": FORECASTS}
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".lithoscope")]


def test_a_failure_mid_write_leaves_every_file_of_the_shapefile_byte_identical(tmp_path, monkeypatch):
    layer = write_shapefile(str(tmp_path / "points.shp"), columns(6))
    model = forecaster(tmp_path)
    before, listing = digest(*shapefile_parts(tmp_path)), sorted(os.listdir(tmp_path))
    FailAfter(monkeypatch, 2)
    with pytest.raises(RuntimeError, match="injected"):
        run_sequence_vector(model, layer, None, in_place=True)
    assert digest(*shapefile_parts(tmp_path)) == before
    assert sorted(os.listdir(tmp_path)) == listing


def test_other_formats_and_an_output_copy_in_place_are_refused(tmp_path):
    model = forecaster(tmp_path)
    geojson = str(tmp_path / "points.geojson")
    ds = ogr.GetDriverByName("GeoJSON").CreateDataSource(geojson)
    lyr = ds.CreateLayer("points", geom_type=ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn(DATES[0], ogr.OFTReal))
    del lyr, ds
    before = digest(geojson)
    with pytest.raises(InputError, match=r"Only GeoPackage and Shapefile layers can get the results on the layer"):
        run_sequence_vector(model, geojson, None, in_place=True)
    assert digest(geojson) == before
    layer = write_points(str(tmp_path / "points.gpkg"), columns(3))
    with pytest.raises(InputError, match=r"either onto the input layer or to a copy"):
        run_sequence_vector(model, layer, str(tmp_path / "copy.gpkg"), in_place=True)
    assert not (tmp_path / "copy.gpkg").exists()


def test_a_read_only_layer_is_refused(tmp_path, monkeypatch):
    layer = write_points(str(tmp_path / "points.gpkg"), columns(3))
    os.chmod(layer, 0o444)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Root may write a file whatever its mode, so os.access says yes; answer as for any other user.
        import lithoscope.inference.outputs.vector as tables

        real = os.access
        monkeypatch.setattr(
            tables.os, "access", lambda path, mode: False if path == layer and mode & os.W_OK else real(path, mode)
        )
    before = digest(layer)
    with pytest.raises(InputError, match=r"is read-only, so its fields cannot be changed"):
        run_sequence_vector(forecaster(tmp_path), layer, None, in_place=True)
    assert digest(layer) == before


def test_the_well_summary_goes_onto_the_well_points(tmp_path):
    import lasio

    weights = np.zeros((5, 2))
    weights[2, 1] = 1.0  # shale where the centre sample's gamma ray exceeds 55
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": 5}
    model = make_linear_sequence(str(tmp_path / "facies.onnx"), 5, 1, weights, [0, -55.0], "softmax", meta)
    las = lasio.LASFile()
    las.well["WELL"].value = "A"
    las.append_curve("DEPT", 100 + 0.5 * np.arange(10), unit="M")
    las.append_curve("GR", np.where((np.arange(10) >= 3) & (np.arange(10) < 7), 80.0, 30.0))
    las.write(str(tmp_path / "a.las"), version=2.0)
    wells = write_points(str(tmp_path / "wells.gpkg"), {"name": ["B", "A"], "kb": [12.5, 20.0]})
    before_names, before = table_rows(wells)
    out = str(tmp_path / "facies.csv")
    result = run_well_logs(
        model, LasFiles([str(tmp_path / "a.las")], ("GR",)), out, (wells, None, "name"), in_place=True
    )
    names, after = table_rows(wells)
    assert names == before_names + ["dominant", "thick_sand", "thick_shale"]
    assert [row[: len(before_names)] for row in after] == before
    assert [row[len(before_names) :] for row in after] == [(None, None, None), ("sand", 3.0, 2.0)]
    assert result.paths[:2] == [out, wells]


# -- two-phase commit: files renamed first, the GeoPackage committed last --------------------------------------


def facies_run(tmp_path, shale_from: int = 3):
    """A facies model, well A's LAS file (shale from sample `shale_from` to 6) and the well points (B, A)."""
    import lasio

    weights = np.zeros((5, 2))
    weights[2, 1] = 1.0
    meta = {"lithoscope_task": "sequence", "class_names": ["sand", "shale"], "sequence_length": 5}
    model = make_linear_sequence(str(tmp_path / "facies.onnx"), 5, 1, weights, [0, -55.0], "softmax", meta)
    las = lasio.LASFile()
    las.well["WELL"].value = "A"
    las.append_curve("DEPT", 100 + 0.5 * np.arange(10), unit="M")
    las.append_curve("GR", np.where((np.arange(10) >= shale_from) & (np.arange(10) < 7), 80.0, 30.0))
    las.write(str(tmp_path / "a.las"), version=2.0)
    wells = str(tmp_path / "wells.gpkg")
    if not os.path.exists(wells):
        write_points(wells, {"name": ["B", "A"]})
    return model, LasFiles([str(tmp_path / "a.las")], ("GR",)), wells


def folder_bytes(folder) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in sorted(os.listdir(folder)) if (folder / name).is_file()}


def test_a_csv_that_cannot_be_replaced_leaves_the_well_points_byte_identical(tmp_path, monkeypatch):
    from lithoscope.inference.outputs import files

    model, las, wells = facies_run(tmp_path)
    before = folder_bytes(tmp_path)
    publish = files.publish

    def locked(tmp: str, target: str) -> str:  # as Windows answers for a file open in another program
        if target.endswith(".csv"):
            raise PermissionError(13, "The process cannot access the file because it is being used", target)
        return publish(tmp, target)

    monkeypatch.setattr(files, "publish", locked)
    out = str(tmp_path / "facies.csv")
    with pytest.raises(InputError, match=r"The file .*facies\.csv could not be written .*close it there") as info:
        run_well_logs(model, las, out, (wells, None, "name"), in_place=True)
    assert isinstance(info.value, OSError)  # still the file system's error for code that catches that
    assert folder_bytes(tmp_path) == before  # the well points unchanged, no CSV, no strip log, nothing left over


def test_well_points_that_cannot_be_saved_put_the_earlier_csv_and_plots_back(tmp_path, monkeypatch):
    model, las, wells = facies_run(tmp_path)
    out = str(tmp_path / "facies.csv")
    first = run_well_logs(model, las, out, (wells, None, "name"), in_place=True)
    assert first.plots and os.path.exists(out)
    before = folder_bytes(tmp_path)
    model, las, wells = facies_run(tmp_path, shale_from=5)  # other logs: another CSV, strip log and summary
    saved = folder_bytes(tmp_path)
    renamed: list[bool] = []
    original = ogr.DataSource.CommitTransaction

    def locked(ds):
        renamed.append(open(out, "rb").read() != before["facies.csv"])  # the new CSV is in place by now
        raise RuntimeError("database is locked (injected)")

    monkeypatch.setattr(ogr.DataSource, "CommitTransaction", locked)
    with pytest.raises(InputError, match=r"wells\.gpkg could not be saved \(database is locked \(injected\)\)"):
        run_well_logs(model, las, out, (wells, None, "name"), in_place=True)
    assert renamed == [True]  # committed last, after the renames
    assert folder_bytes(tmp_path) == {**saved, "facies.csv": before["facies.csv"]}
    assert folder_bytes(tmp_path)["wells.gpkg"] == before["wells.gpkg"]
    monkeypatch.setattr(ogr.DataSource, "CommitTransaction", original)
    run_well_logs(model, las, out, (wells, None, "name"), in_place=True)
    assert open(out, "rb").read() != before["facies.csv"]  # the same run, unlocked, goes through


def test_a_commit_whose_last_step_fails_restores_every_earlier_file(tmp_path):
    from lithoscope.inference.outputs import files

    targets = [tmp_path / "a.csv", tmp_path / "b.png"]
    targets[0].write_bytes(b"old a")
    tx = files.OutputTransaction()
    for target in targets:
        tmp = files.temporary_path(str(target), ".tmp")
        with open(tmp, "wb") as f:
            f.write(b"new")
        tx.add(tmp, str(target))
    seen = []

    def finish():
        seen.append([t.read_bytes() if t.exists() else None for t in targets])
        raise RuntimeError("commit failed")

    with pytest.raises(RuntimeError, match="commit failed"):
        tx.commit(finish=finish)
    assert seen == [[b"new", b"new"]]  # called once every file was in place
    assert sorted(os.listdir(tmp_path)) == ["a.csv"] and targets[0].read_bytes() == b"old a"


# -- Shapefile: only the attributes are copied, and a .dbf that cannot be swapped is named ----------------------


def test_only_the_dbf_of_a_shapefile_is_copied(tmp_path, monkeypatch):
    import shutil

    layer = write_shapefile(str(tmp_path / "points.shp"), columns(4))
    (tmp_path / "points.cpg").write_text("UTF-8")
    copied: list[str] = []
    copy2 = shutil.copy2
    monkeypatch.setattr(shutil, "copy2", lambda src, dst, **kw: copied.append(os.path.basename(src)) or copy2(src, dst))
    run_sequence_vector(forecaster(tmp_path), layer, None, in_place=True)
    assert sorted(copied) == ["points.cpg", "points.dbf"]
    names, rows, _ = read_layer(layer)
    assert names[-3:] == FORECASTS
    np.testing.assert_allclose([[r[f] for f in FORECASTS] for r in rows], sines(4)[1], atol=1e-4)


def test_a_shapefile_whose_dbf_is_locked_is_named_and_left_byte_identical(tmp_path, monkeypatch):
    from lithoscope.inference.outputs import files

    layer = write_shapefile(str(tmp_path / "points.shp"), columns(5))
    model = forecaster(tmp_path)
    before = folder_bytes(tmp_path)
    publish = files.publish

    def locked(tmp: str, target: str) -> str:
        if target.endswith(".dbf"):
            raise PermissionError(13, "Permission denied", target)
        return publish(tmp, target)

    monkeypatch.setattr(files, "publish", locked)
    with pytest.raises(InputError, match=r"The file .*points\.dbf could not be written \(Permission denied\); .*close"):
        run_sequence_vector(model, layer, None, in_place=True)
    assert folder_bytes(tmp_path) == before


# -- the record of Lithoscope's fields ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "record, shapefile_record, problem",
    [
        ("[forecast_1", '{"fields": [forecast_1', "not valid JSON"),
        ('{"forecast_1": 1}', '{"fields": {"forecast_1": 1}}', "not a list of field names"),
        ("[1, 2]", '["forecast_1"]', "not a list of field names"),
    ],
)
def test_a_malformed_record_of_lithoscopes_fields_is_refused_with_the_fix(tmp_path, record, shapefile_record, problem):
    layer = write_points(str(tmp_path / "points.gpkg"), columns(3))
    ds = ogr.Open(layer, 1)
    ds.GetLayer(0).SetMetadataItem("LITHOSCOPE_FIELDS", record)
    del ds
    model = forecaster(tmp_path)
    before = digest(layer)
    with pytest.raises(
        InputError, match=rf"metadata item LITHOSCOPE_FIELDS .* is {problem}.*Remove that metadata item"
    ):
        run_sequence_vector(model, layer, None, in_place=True)
    assert digest(layer) == before
    (tmp_path / "shp").mkdir()
    shapefile = write_shapefile(str(tmp_path / "shp" / "points.shp"), columns(3))
    (tmp_path / "shp" / "points.lithoscope.json").write_text(shapefile_record)
    before = folder_bytes(tmp_path / "shp")
    with pytest.raises(InputError, match=rf"points\.lithoscope\.json is {problem}.*Delete that file"):
        run_sequence_vector(model, shapefile, None, in_place=True)
    assert folder_bytes(tmp_path / "shp") == before
