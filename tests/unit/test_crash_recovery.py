# SPDX-License-Identifier: GPL-2.0-or-later
"""A run killed (SIGKILL) at any rename of its commit loses nothing: the next run finds its journal and leaves all
the earlier files, byte for byte, or all the new ones, complete; and no temporary file or lock of it stays.

A child process runs the job with os.replace wrapped so that it kills itself just before the k-th rename, for
every k of the commit (the journal's own writes included); the parent then does what the next run does
(recovery.recover_folder and the stale-lock removal of locks.output_lock) and compares the folder with the
earlier files and with a complete run of the same job. Two jobs: Classify raster with a class map,
probabilities, polygons and their styles over earlier outputs, and fields written onto a Shapefile in place
(its .dbf and the record of Lithoscope's fields).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys

import numpy as np
import pytest
from builders import make_cnn, make_linear_sequence, sine_forecast_weights, write_raster, write_shapefile
from osgeo import ogr

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX) to kill the child")

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(HERE)

CHILD = r"""
import json, os, signal, sys
spec = json.load(open(sys.argv[1]))
sys.path[:0] = [spec["plugins"], spec["tests"]]
calls = [0]
real = os.replace

def replace(src, dst, *args, **kwargs):
    calls[0] += 1
    if calls[0] == spec["kill_at"]:
        os.kill(os.getpid(), signal.SIGKILL)  # killed at this rename: nothing after it happens
    return real(src, dst, *args, **kwargs)

os.replace = replace
if spec["job"] == "classify":
    from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
    folder = spec["folder"]
    run_classify(ClassifyParams(spec["raster"], spec["model"], os.path.join(folder, "classes.tif"),
                                probabilities_path=os.path.join(folder, "probabilities.tif"),
                                polygons_path=os.path.join(folder, "polygons.gpkg"), threads=1))
else:
    from lithoscope.inference.pipelines.features import run_sequence_vector
    from lithoscope.inference.pipelines.tables import TableOptions
    run_sequence_vector(spec["model"], spec["layer"], None, in_place=True, options=TableOptions(threads=1))
json.dump({"renames": calls[0]}, open(spec["report"], "w"))
"""


def run_child(tmp_path, spec: dict) -> int:
    """Run the job in a child; returns its exit status (-9: killed) after writing the rename count when it ends."""
    spec = dict(spec, plugins=os.path.join(ROOT, ".build", "plugins"), tests=HERE, report=str(tmp_path / "report.json"))
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ, PYTHONPATH="")
    return subprocess.run([sys.executable, str(script), str(path)], env=env, capture_output=True).returncode


def next_run(folder) -> None:
    """What the next Lithoscope run on that folder does before it writes anything."""
    from lithoscope.inference.outputs.locks import remove_stale_locks
    from lithoscope.inference.outputs.recovery import recover_folder

    recover_folder(str(folder))
    remove_stale_locks(str(folder))


def file_bytes(folder) -> dict[str, str]:
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in sorted(os.listdir(folder))}


def contents(folder) -> dict[str, str]:
    """Each file by what it holds (rasters by pixels, layers by features, text as text): equal for equal runs."""
    import rasterio

    out = {}
    for name in sorted(os.listdir(folder)):
        path = str(folder / name)
        if name.endswith(".tif"):
            with rasterio.open(path) as ds:
                out[name] = hashlib.sha256(ds.read().tobytes() + repr(ds.transform).encode()).hexdigest()
        elif name.endswith((".gpkg", ".shp", ".dbf")):
            ds = ogr.Open(path)
            layer = ds.GetLayer(0)
            defn = layer.GetLayerDefn()
            rows = [[f.GetField(i) for i in range(defn.GetFieldCount())] for f in layer]
            names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
            out[name] = hashlib.sha256(repr((names, rows)).encode()).hexdigest()
            del layer, ds
        else:
            out[name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    return out


def check_every_kill(tmp_path, job: dict, earlier, reference, prepare) -> dict[str, int]:
    """Kill the job at each rename in turn; after recovery the folder is all earlier or all new."""
    folder = tmp_path / "work"
    prepare(folder)
    assert run_child(tmp_path, dict(job, kill_at=0)) == 0  # a whole run counts the renames
    renames = json.loads((tmp_path / "report.json").read_text())["renames"]
    assert renames >= 6
    outcomes = {"earlier": 0, "new": 0}
    for k in range(1, renames + 1):
        shutil.rmtree(folder)
        prepare(folder)
        before = file_bytes(folder)
        assert run_child(tmp_path, dict(job, kill_at=k)) == -signal.SIGKILL, f"the child was not killed at {k}"
        next_run(folder)
        names = sorted(os.listdir(folder))
        assert not [n for n in names if n.startswith(".")], f"left after a kill at rename {k}: {names}"
        if file_bytes(folder) == before:
            outcomes["earlier"] += 1
        else:
            assert contents(folder) == reference, f"a kill at rename {k} left a mix of earlier and new files"
            outcomes["new"] += 1
    assert outcomes["earlier"] and outcomes["new"], outcomes  # kills before and after the point of no return
    return outcomes


def test_a_classify_run_killed_at_any_rename_leaves_all_earlier_or_all_new_outputs(tmp_path):
    rng = np.random.default_rng(1)
    raster = write_raster(str(tmp_path / "image.tif"), rng.uniform(0, 1, (3, 40, 50)).astype(np.float32))
    old, new = (make_cnn(str(tmp_path / f"m{s}.onnx"), 3, 4, seed=s) for s in (1, 2))
    reference = tmp_path / "reference"
    reference.mkdir()
    job = {"job": "classify", "raster": raster, "model": new, "folder": str(reference)}
    assert run_child(tmp_path, dict(job, kill_at=0)) == 0
    new_contents = contents(reference)
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    assert run_child(tmp_path, dict(job, model=old, folder=str(earlier), kill_at=0)) == 0
    assert contents(earlier) != new_contents  # the two runs differ, so a mix would show

    def prepare(folder):
        shutil.copytree(earlier, folder)

    job["folder"] = str(tmp_path / "work")
    check_every_kill(tmp_path, job, earlier, new_contents, prepare)


def test_fields_written_in_place_on_a_shapefile_killed_at_any_rename(tmp_path):
    weights = sine_forecast_weights(12, 2 * np.pi / 10, 3)
    model = make_linear_sequence(
        str(tmp_path / "ar.onnx"), 12, 1, weights, metadata={"lithoscope_task": "sequence", "output_kind": "values"}
    )
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    t = np.arange(12)
    series = {f"2021{m + 1:02d}01": list(np.sin(2 * np.pi / 10 * m + np.arange(6.0))) for m in t}
    write_shapefile(str(earlier / "points.shp"), {"name": [f"P{i}" for i in range(6)], **series})
    reference = tmp_path / "reference"
    shutil.copytree(earlier, reference)
    job = {"job": "shapefile", "model": model, "layer": str(reference / "points.shp")}
    assert run_child(tmp_path, dict(job, kill_at=0)) == 0
    new_contents = contents(reference)
    assert contents(earlier) != new_contents  # the fields were added, so a mix would show

    def prepare(folder):
        shutil.copytree(earlier, folder)

    job["layer"] = str(tmp_path / "work" / "points.shp")
    check_every_kill(tmp_path, job, earlier, new_contents, prepare)
