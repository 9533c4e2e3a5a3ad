# SPDX-License-Identifier: GPL-2.0-or-later
"""Headless runs through qgis_process (Debian's Python, with onnxruntime added through PYTHONPATH)."""

from __future__ import annotations

import os
import subprocess

import numpy as np
import pytest
import rasterio
from conftest import PLUGIN_PATH

# Debian's /usr/bin/qgis_process wrapper passes --noversioncheck, which qgis_process rejects.
QGIS_PROCESS = "/usr/bin/qgis_process.bin"

pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason=f"{QGIS_PROCESS} is not installed")


def _environment(profile_dir, with_onnxruntime: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QGIS_PLUGINPATH=PLUGIN_PATH, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(profile_dir))
    env.pop("PYTHONPATH", None)
    if with_onnxruntime:
        # qgis_process embeds Debian's /usr/bin/python3, which lacks onnxruntime: lend it the venv's.
        import onnxruntime

        env["PYTHONPATH"] = os.path.dirname(os.path.dirname(onnxruntime.__file__))
    return env


def _qgis_process(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def profile(tmp_path):
    """A throw-away QGIS profile with the plugin enabled."""
    folder = tmp_path / "qgis-profile"
    folder.mkdir()
    done = _qgis_process(["plugins", "enable", "lithoscope"], _environment(folder, True))
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def test_qgis_process_classify(profile, cnn_path, rgb_path, class_names, tmp_path):
    out = tmp_path / "classes.tif"
    polygons = tmp_path / "polygons.gpkg"
    done = _qgis_process(
        ["run", "lithoscope:classify", "--", f"INPUT={rgb_path}", f"MODEL={cnn_path}", f"OUTPUT={out}",
         f"OUTPUT_POLYGONS={polygons}", "EXTENT=500000,501000,4999000,5000000 [EPSG:32633]"],
        _environment(profile, True),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"OUTPUT:\t{out}" in done.stdout and "OUTPUT_KIND:\tclasses" in done.stdout
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (100, 100)
        classes = ds.read(1)
        assert ds.tags()["CLASS_0"] == class_names[0]
    assert classes.max() < len(class_names) and len(np.unique(classes)) >= 2
    assert (tmp_path / "classes.qml").exists() and polygons.exists()


def test_qgis_process_without_onnxruntime_gives_the_install_hint(profile, cnn_path, rgb_path, tmp_path):
    probe = subprocess.run(["/usr/bin/python3", "-c", "import onnxruntime"], capture_output=True)
    if probe.returncode == 0:
        pytest.skip("Debian's Python has onnxruntime here; nothing is missing")
    done = _qgis_process(
        ["run", "lithoscope:classify", "--", f"INPUT={rgb_path}", f"MODEL={cnn_path}", f"OUTPUT={tmp_path / 'o.tif'}"],
        _environment(profile, False),
    )
    assert done.returncode != 0
    assert "onnxruntime is not installed" in done.stdout + done.stderr
    assert not (tmp_path / "o.tif").exists()
