# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin's metadata and the zip that `make package` builds for the plugin repository."""

import configparser
import os
import shutil
import subprocess
import zipfile

import pytest
from conftest import ROOT


def test_metadata_is_complete_for_the_plugin_repository():
    meta = configparser.ConfigParser()
    meta.read(os.path.join(ROOT, "metadata.txt"))
    general = meta["general"]
    for key in (
        "name",
        "qgisMinimumVersion",
        "description",
        "about",
        "version",
        "author",
        "email",
        "repository",
        "tracker",
        "tags",
        "category",
        "icon",
    ):
        assert general.get(key), f"metadata.txt lacks {key}"
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    assert general["license"] == "GPL-2.0-or-later"
    assert os.path.exists(os.path.join(ROOT, general["icon"]))


@pytest.mark.skipif(
    shutil.which("zip") is None or not os.path.exists(os.path.join(ROOT, ".git")),  # a worktree's .git is a file
    reason="needs `zip` and a git checkout (make package archives HEAD)",
)
def test_package_holds_the_plugin_without_tests_training_or_bench(tmp_path):
    subprocess.run(["make", "-s", "-C", ROOT, "package", f"DIST={tmp_path}"], check=True, capture_output=True)
    [zip_path] = list(tmp_path.glob("lithoscope-*.zip"))
    names = zipfile.ZipFile(zip_path).namelist()
    assert all(n.startswith("lithoscope/") for n in names)
    for required in (
        "metadata.txt",
        "__init__.py",
        "plugin.py",
        "LICENSE",
        "inference/engine/windows.py",
        "inference/pipelines/classify.py",
        "processing/provider.py",
        "ui/classify_dialog.py",
        "resources/icon.svg",
        "inference/training/runner.py",
        "worker/run_job.py",
        "worker/requirements.txt",
        "resources/i18n/lithoscope_zh_CN.qm",
    ):
        assert f"lithoscope/{required}" in names
    assert "lithoscope/models/lithology_terrain_hungary.onnx" in names
    assert "lithoscope/models/lithology_terrain_hungary.md" in names
    for excluded in ("tests/", "training/", "bench/", "demo/", "tools/", ".ci/", "Makefile"):
        assert not [n for n in names if n.startswith(f"lithoscope/{excluded}")], excluded
