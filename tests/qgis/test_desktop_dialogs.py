# SPDX-License-Identifier: GPL-2.0-or-later
"""The real QGIS desktop (under xvfb-run) opens Lithoscope's Processing dialogs without crashing."""

from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np
import pytest
from builders import write_raster

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "..", "desktop")
PLUGINS = os.path.join(HERE, "..", "..", ".build", "plugins")  # tests/conftest.py links the checkout there


def _run_in_qgis(tmp_path, script: str, env: dict, screen: str = "1366x768x24") -> str:
    """Run `script` in the QGIS desktop on an Xvfb screen; what it wrote as its result."""
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed: the QGIS desktop cannot be started without a display")
    if shutil.which("qgis") is None:
        pytest.skip("the QGIS desktop binary (qgis) is not installed")
    result = tmp_path / "result.txt"
    env = dict(os.environ, LITHOSCOPE_PLUGINS=PLUGINS, LITHOSCOPE_DESKTOP_RESULT=str(result), **env)
    env.pop("QT_QPA_PLATFORM", None)  # the desktop on Xvfb's display, not offscreen
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {screen}", "qgis", "--nologo", "--noplugins"]
    command += ["--profiles-path", str(tmp_path / "profiles"), "--code", os.path.join(SCRIPTS, script)]
    run = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=240)
    assert result.exists(), f"QGIS ended without a result (exit code {run.returncode}: crashed?)\n{run.stderr[-2000:]}"
    return result.read_text()


def test_susceptibility_dialogs_open_with_a_raster_active_and_picked(tmp_path):
    """QGIS 3.22 segfaulted opening Train landslide susceptibility model with a raster as the active layer,
    and when a raster inventory was picked (a raster fed the label field parameter's parent)."""
    mask = np.zeros((20, 20), np.uint8)
    mask[5:8, 5:8] = 1
    raster = write_raster(str(tmp_path / "scarps.tif"), mask, nodata=255, origin=(500000.0, 5000000.0))
    algorithms = "lithoscope:trainsusceptibility,lithoscope:susceptibility"
    env = {"LITHOSCOPE_RASTER": raster, "LITHOSCOPE_ALGORITHMS": algorithms}
    assert _run_in_qgis(tmp_path, "open_algorithm_dialogs.py", env) == "OK"


def test_plugin_dialogs_fit_a_1366_by_768_desktop_below_the_message_bar(tmp_path):
    """In QGIS itself (its fonts and styles), on a 1366 x 768 screen."""
    assert _run_in_qgis(tmp_path, "open_plugin_dialogs.py", {}) == "OK"
