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
SCRIPT = os.path.join(HERE, "..", "desktop", "open_algorithm_dialogs.py")
PLUGINS = os.path.join(HERE, "..", "..", ".build", "plugins")  # tests/conftest.py links the checkout there


def test_susceptibility_dialogs_open_with_a_raster_active_and_picked(tmp_path):
    """QGIS 3.22 segfaulted opening Train landslide susceptibility model with a raster as the active layer,
    and when a raster inventory was picked (a raster fed the label field parameter's parent)."""
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed: the QGIS desktop cannot be started without a display")
    if shutil.which("qgis") is None:
        pytest.skip("the QGIS desktop binary (qgis) is not installed")
    mask = np.zeros((20, 20), np.uint8)
    mask[5:8, 5:8] = 1
    raster = write_raster(str(tmp_path / "scarps.tif"), mask, nodata=255, origin=(500000.0, 5000000.0))
    result = tmp_path / "result.txt"
    env = dict(
        os.environ,
        LITHOSCOPE_PLUGINS=PLUGINS,
        LITHOSCOPE_RASTER=raster,
        LITHOSCOPE_ALGORITHMS="lithoscope:trainsusceptibility,lithoscope:susceptibility",
        LITHOSCOPE_DESKTOP_RESULT=str(result),
    )
    env.pop("QT_QPA_PLATFORM", None)  # the desktop on Xvfb's display, not offscreen
    command = ["xvfb-run", "-a", "qgis", "--nologo", "--noplugins", "--profiles-path", str(tmp_path / "profiles")]
    run = subprocess.run(
        [*command, "--code", SCRIPT], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=240
    )
    assert result.exists(), f"QGIS ended without a result (exit code {run.returncode}: crashed?)\n{run.stderr[-2000:]}"
    assert result.read_text() == "OK", result.read_text()
