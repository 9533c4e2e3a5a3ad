# SPDX-License-Identifier: GPL-2.0-or-later
"""Dask's local workers start with the Python this process runs, whatever PATH and sys.executable say.

Inside QGIS and qgis_process, an embedded Python may take the first `python3` on PATH (a conda or pyenv
Python) as sys.executable; workers started with it cannot load QGIS's modules and the run died with
"Nanny failed to start". Here a process whose PATH starts with a folder holding a `python3` that only
fails, and whose sys.executable is that file, runs a Classify job on a LocalCluster of one worker.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
import rasterio
from builders import make_cnn, write_raster

pytest.importorskip("distributed", reason="the Dask executor needs dask.distributed (requirements-dev.txt)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CHILD = r"""
import sys
fake = sys.argv[1]
sys.executable = fake  # as an embedded Python that found another python3 on PATH
sys.path.insert(0, sys.argv[2])
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify

if __name__ == "__main__":
    params = ClassifyParams(sys.argv[3], sys.argv[4], sys.argv[5], executor="dask", workers=1, threads=1)
    result = run_classify(params)
    print("executor", result.stats.executor, "chunks", result.stats.chunks)
"""


def test_local_workers_start_with_this_python_not_the_first_on_path(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python3"
    fake.write_text("#!/bin/sh\necho 'this is not the Python that runs Lithoscope' >&2\nexit 3\n")
    fake.chmod(0o755)
    raster = write_raster(str(tmp_path / "image.tif"), np.random.default_rng(0).uniform(0, 1, (2, 64, 64)).astype("f4"))
    model = make_cnn(str(tmp_path / "m.onnx"), 2, 3)
    out = tmp_path / "classes.tif"
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    plugins = os.path.join(ROOT, ".build", "plugins")
    run = subprocess.run(
        [sys.executable, str(script), str(fake), plugins, raster, model, str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "executor dask chunks 1" in run.stdout
    with rasterio.open(out) as ds:
        classes = ds.read(1)
    assert classes.shape == (64, 64) and set(np.unique(classes)) <= {0, 1, 2}
