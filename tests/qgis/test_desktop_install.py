# SPDX-License-Identifier: GPL-2.0-or-later
"""Lithoscope installed from its zip into a fresh QGIS profile, in the real desktop on a 1366 x 768 Xvfb screen,
in English and in Simplified Chinese: every action and algorithm dialog opens and fits, one small job runs from
each of the Classify, Sequence and Susceptibility dialogs to styled layers, and each dialog is photographed.

The zip is built like `make package` (tools/package.py, the same list of files) but from the tracked files as
they are on disk, not from committed HEAD, so that uncommitted edits are what gets tested. QGIS loads the plugin
the normal way: unzipped into the profile's python/plugins/ and enabled in its QGIS3.ini (no --noplugins, no
QGIS_PLUGINPATH pointing at the checkout).

Screenshots go to pytest's tmp folder. To refresh the ones in docs/ (docs/usage.md, "Screenshots"):
    LITHOSCOPE_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest -q tests/qgis/test_desktop_install.py
which writes docs/screenshots/en/ and docs/screenshots/zh_CN/ (PNG, each kept under 150 KB).
"""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest
from builders import make_cnn, make_step_detector, smooth_field, write_raster

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "tests", "desktop", "installed_plugin.py")
TS_FILE = os.path.join(ROOT, "resources", "i18n", "lithoscope_zh_CN.ts")
ORIGIN = (500000.0, 5000000.0)
DATES = [f"2021-{m:02d}-01" for m in range(1, 13)]
MAX_PNG_BYTES = 150_000
# What each action and dialog says in English; in Chinese each must read the .ts file's translation instead.
ACTIONS = {
    "LithoscopeClassifyAction": "Classify raster…",
    "LithoscopeSusceptibilityAction": "Landslide susceptibility…",
    "LithoscopeSequenceAction": "Sequence models…",
    "LithoscopeSeriesToolAction": "Inspect series",
    "LithoscopeModelManagerAction": "Model manager…",
    "LithoscopeTrainAction": "Train a model…",
    "LithoscopeTerrainAction": "Encode and fill voids…",
    "LithoscopeDependenciesAction": "Dependencies…",
}
TITLES = {
    "classify": "Lithoscope — Classify raster",
    "sequence": "Lithoscope — Sequence models",
    "susceptibility": "Lithoscope — Landslide susceptibility",
    "series": "Lithoscope — Series",
    "model_manager": "Lithoscope — Model manager",
    "dependencies": "Lithoscope — Dependencies",
    "train": "Lithoscope — Train a model",
    "terrain": "Lithoscope — Encode and fill voids",
}
SCREENSHOTS = {"classify_dialog", "sequence_dialog", "susceptibility_dialog", "series_plot", "model_manager_dialog"}
SCREENSHOTS |= {"dependencies_dialog", "processing_classify", "main_window", "train_dialog", "terrain_dialog"}


def _package_module():
    spec = importlib.util.spec_from_file_location("lithoscope_package", os.path.join(ROOT, "tools", "package.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def chinese(source: str) -> str:
    """The zh_CN translation of an English message (context Lithoscope) in the .ts file."""
    for message in ET.parse(TS_FILE).getroot().iter("message"):
        if message.findtext("source") == source:
            return message.findtext("translation") or ""
    raise AssertionError(f"no translation of {source!r} in {TS_FILE}")


@pytest.fixture(scope="module")
def desktop_inputs(tmp_path_factory) -> str:
    """Tiny generated inputs and models for the three jobs; the path of the JSON file that lists them."""
    from shapely.geometry import Point

    folder = tmp_path_factory.mktemp("desktop_inputs")
    rgb = np.stack([((smooth_field((48, 64), seed=s) + 1) * 127.5).astype(np.uint8) for s in (1, 2, 3)])
    names, colors = ["sandstone", "limestone", "clay", "basalt"], ["#e6c86e", "#8fb3d9", "#b07d4f", "#404040"]
    stack = np.zeros((12, 16, 20), np.float32)
    stack[6:, :8] = 5.0  # a jump of 5 after the sixth date in the top half
    stack_path = write_raster(str(folder / "ndvi_stack.tif"), stack, origin=ORIGIN)
    import rasterio

    with rasterio.open(stack_path, "r+") as ds:
        for band, date in enumerate(DATES, start=1):
            ds.set_band_description(band, f"ndvi_{date}")
    dem = (smooth_field((64, 64), seed=5, scales=(32, 8)) * 300 + 800).astype(np.float32)
    gy, gx = np.gradient(dem, 10.0)
    steep = np.hypot(gx, gy).ravel() ** 3
    rng = np.random.default_rng(3)
    cells = rng.choice(dem.size, 60, replace=False, p=steep / steep.sum())
    rows, cols = np.unravel_index(cells, dem.shape)
    import geopandas as gpd

    points = [Point(ORIGIN[0] + 10 * c + 5, ORIGIN[1] - 10 * r - 5) for r, c in zip(rows, cols)]
    inventory = str(folder / "landslides.gpkg")
    gpd.GeoDataFrame({"year": rng.integers(1990, 2020, len(points))}, geometry=points, crs="EPSG:32633").to_file(
        inventory
    )
    cnn_meta = {"class_names": names, "class_colors": colors}
    step_meta = {"lithoscope_task": "sequence", "class_names": ["stable", "step"], "sequence_difference": 1}
    inputs = {
        "rgb": write_raster(str(folder / "rocks.tif"), rgb, origin=ORIGIN),
        "cnn": make_cnn(str(folder / "rocks.onnx"), 3, 4, seed=3, metadata=cnn_meta),
        "stack": stack_path,
        "detector": make_step_detector(str(folder / "step.onnx"), 11, 2.0, 10.0, step_meta),
        "dem": write_raster(str(folder / "dem.tif"), dem, origin=ORIGIN),
        "inventory": inventory,
    }  # fmt: skip
    path = folder / "inputs.json"
    path.write_text(json.dumps(inputs), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory) -> str:
    """The plugin zip of the working tree's tracked files (what `make package` would ship once committed)."""
    if shutil.which("git") is None or not os.path.exists(os.path.join(ROOT, ".git")):
        pytest.skip("the plugin zip is built with git from a checkout, and this is not one")
    path = _package_module().build_zip(str(tmp_path_factory.mktemp("dist") / "lithoscope.zip"), worktree=True)
    names = zipfile.ZipFile(path).namelist()
    assert "lithoscope/metadata.txt" in names and "lithoscope/resources/i18n/lithoscope_zh_CN.qm" in names
    assert not [n for n in names if n.startswith(("lithoscope/tests/", "lithoscope/training/"))]
    return path


def _install(profiles: str, plugin_zip: str, locale: str) -> str:
    """A fresh profile `default` with the zip unzipped in its plugins folder, enabled, QGIS in `locale`."""
    profile = os.path.join(profiles, "profiles", "default")
    plugins = os.path.join(profile, "python", "plugins")
    os.makedirs(plugins)
    zipfile.ZipFile(plugin_zip).extractall(plugins)
    settings = configparser.ConfigParser()
    settings.optionxform = str
    settings["PythonPlugins"] = {"lithoscope": "true"}
    settings["locale"] = {"overrideFlag": "true", "userLocale": locale, "globalLocale": locale}
    os.makedirs(os.path.join(profile, "QGIS"))
    with open(os.path.join(profile, "QGIS", "QGIS3.ini"), "w", encoding="utf-8") as f:
        settings.write(f, space_around_delimiters=False)
    return plugins


def _run_qgis(tmp_path, plugin_zip: str, inputs: str, locale: str) -> tuple[dict, str]:
    """Start QGIS on Xvfb with the plugin installed; the script's report, and where the screenshots are."""
    if shutil.which("xvfb-run") is None or shutil.which("Xvfb") is None:
        pytest.skip("xvfb-run or Xvfb is not installed (apt install xvfb): the QGIS desktop needs an X server")
    if shutil.which("qgis") is None:
        pytest.skip("the QGIS desktop binary (qgis) is not installed")
    plugins = _install(str(tmp_path / "profiles"), plugin_zip, locale)
    shots, out, result = tmp_path / "screenshots", tmp_path / "out", tmp_path / "report.json"
    shots.mkdir()
    out.mkdir()
    with open(inputs, encoding="utf-8") as f:
        job = dict(json.load(f), out=str(out))
    (tmp_path / "inputs.json").write_text(json.dumps(job), encoding="utf-8")
    env = dict(os.environ, LITHOSCOPE_DESKTOP_INPUTS=str(tmp_path / "inputs.json"))
    env.update(LITHOSCOPE_DESKTOP_SHOTS=str(shots), LITHOSCOPE_DESKTOP_RESULT=str(result), LANG="C.UTF-8")
    for name in ("QT_QPA_PLATFORM", "QGIS_PLUGINPATH", "PYTHONPATH", "LANGUAGE", "LC_ALL"):
        env.pop(name, None)  # the desktop on Xvfb's display; plugins from the profile only
    # QGIS's Python is the system one: it finds onnxruntime and scikit-learn in the test environment's packages,
    # as a user's QGIS finds them once installed (docs/dependencies.md).
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p.endswith("site-packages") and os.path.isdir(p))
    command = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "qgis", "--nologo", "--noversioncheck"]
    command += ["--profiles-path", str(tmp_path / "profiles"), "--code", SCRIPT]
    try:
        run = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired as timeout:
        tail = timeout.stderr.decode(errors="replace") if isinstance(timeout.stderr, bytes) else timeout.stderr
        tail = (tail or "")[-3000:]
        pytest.fail(f"QGIS ({locale}) did not finish within 180 s; its stderr ends:\n{tail}")
    no_display = ("Xvfb failed to start", "could not connect to display")
    if not result.exists() and any(text in run.stderr for text in no_display):
        pytest.skip(f"no X server could start under xvfb-run: {run.stderr.strip()[:300]}")
    assert result.exists(), (
        f"QGIS ({locale}) ended without a report (exit code {run.returncode}: crashed?)\n" + (run.stderr[-3000:])
    )
    report = json.loads(result.read_text(encoding="utf-8"))
    assert "error" not in report, report["error"] + "\nQGIS stderr ends:\n" + run.stderr[-2000:]
    assert report["loaded"], f"QGIS did not load the plugin from {plugins}\n{run.stderr[-3000:]}"
    assert report["plugin_file"].startswith(plugins), report["plugin_file"]  # the zip's copy, not the checkout
    return report, str(shots)


def _keep_for_docs(shots: str, language: str) -> None:
    """Copy the screenshots to $LITHOSCOPE_SCREENSHOTS/<language>/, each under MAX_PNG_BYTES (scaled, 256 colours)."""
    target = os.environ.get("LITHOSCOPE_SCREENSHOTS")
    if not target:
        return
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtGui import QImage

    folder = os.path.join(target, language)
    os.makedirs(folder, exist_ok=True)
    for name in sorted(os.listdir(shots)):
        image, path = QImage(os.path.join(shots, name)), os.path.join(folder, name)
        for width in (image.width(), 1000, 800, 640):
            small = image.scaledToWidth(min(width, image.width()), Qt.SmoothTransformation)
            small = small.convertToFormat(QImage.Format_Indexed8, Qt.ThresholdDither | Qt.AvoidDither)
            small.save(path, "PNG", 9)
            if os.path.getsize(path) <= MAX_PNG_BYTES:
                break


def _check(report: dict, expected_algorithms: list) -> None:
    assert report["screen"] == [0, 0, 1366, 768]
    assert not report["problems"], "\n".join(report["problems"])
    assert set(report["actions"]) == set(ACTIONS)
    assert sorted(report["algorithms"]) == sorted(expected_algorithms)
    for dialog in ("classify", "sequence", "susceptibility"):
        assert "paletted" in report["renderers"][dialog].values(), (dialog, report["renderers"])
    assert set(report["screenshots"]) == {f"{name}.png" for name in SCREENSHOTS}


@pytest.mark.parametrize(("locale", "language"), [("en_US", "en"), ("zh-Hans", "zh_CN")])
def test_installed_plugin_in_the_desktop(tmp_path, plugin_zip, desktop_inputs, provider, locale, language):
    report, shots = _run_qgis(tmp_path, plugin_zip, desktop_inputs, locale)
    _keep_for_docs(shots, language)
    _check(report, [algorithm.id() for algorithm in provider.algorithms()])
    if language == "en":
        assert report["actions"] == ACTIONS
        assert {name: report["titles"][name] for name in TITLES} == TITLES
        return
    assert report["locale"] == "zh-Hans"  # QGIS itself runs in Chinese
    assert report["actions"] == {name: chinese(text) for name, text in ACTIONS.items()}
    assert {name: report["titles"][name] for name in TITLES} == {name: chinese(t) for name, t in TITLES.items()}
    assert report["toolbar_title"] == chinese("Lithoscope")
