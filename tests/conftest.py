# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared test set-up: import the checkout as the package `lithoscope`, fixtures, data paths."""

from __future__ import annotations

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_PATH = os.path.join(ROOT, ".build", "plugins")
DATASETS = os.path.abspath(os.path.join(ROOT, "..", "shared", "datasets"))

# `python -m pytest` run from the checkout puts it first on sys.path, where the plugin's own
# processing/ package would shadow QGIS's `processing`; the plugin is imported as `lithoscope`.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != ROOT]

# The plugin folder must be importable as `lithoscope`, whatever the checkout is called.
os.makedirs(PLUGIN_PATH, exist_ok=True)
_link = os.path.join(PLUGIN_PATH, "lithoscope")
if not os.path.exists(_link):
    os.symlink(ROOT, _link)
for path in (PLUGIN_PATH, os.path.dirname(os.path.abspath(__file__))):
    if path not in sys.path:
        sys.path.insert(0, path)
os.environ.setdefault("QGIS_PLUGINPATH", PLUGIN_PATH)
# The index of unfinished commits (inference/outputs/files.py) of the tests' runs: not the user's cache folder.
if "LITHOSCOPE_STATE_DIR" not in os.environ:
    import tempfile

    os.environ["LITHOSCOPE_STATE_DIR"] = tempfile.mkdtemp(prefix="lithoscope-test-state-")
# Debian's pyproj looks for its data under the venv's prefix; point it at the system copy.
if os.path.isdir("/usr/share/proj"):
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
    os.environ.setdefault("PROJ_LIB", "/usr/share/proj")


def dataset(*parts: str) -> str:
    """Path of a file in ../shared/datasets; skips the test with a reason when it is absent."""
    path = os.path.join(DATASETS, *parts)
    if not os.path.exists(path):
        pytest.skip(f"real dataset not available: {path} (../shared/datasets is absent)")
    return path


@pytest.fixture
def dataset_path():
    return dataset
