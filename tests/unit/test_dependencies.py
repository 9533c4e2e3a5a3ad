# SPDX-License-Identifier: GPL-2.0-or-later
"""The dependency listing: each optional package, whether it imports (a blocked import reads as missing), its
pinned requirement from requirements.txt, and the install commands (never run here)."""

from __future__ import annotations

import sys

from lithoscope.inference.dependencies import (
    install_arguments,
    list_dependencies,
    manual_commands,
    missing_requirements,
    read_pins,
)


def test_pins_come_from_requirements_txt(tmp_path):
    (tmp_path / "requirements.txt").write_text("# runtime\nonnxruntime==1.32.0\nlasio == 0.32  # LAS\nprotobuf>=6,<7\n")
    (tmp_path / "constraints.txt").write_text("numpy==1.24.2\n")
    assert read_pins(str(tmp_path)) == {
        "onnxruntime": "onnxruntime==1.32.0",
        "lasio": "lasio==0.32",
        "protobuf": "protobuf>=6,<7",
        "numpy": "numpy==1.24.2",
    }


def test_a_blocked_import_is_listed_as_missing_with_its_pinned_requirement(monkeypatch):
    monkeypatch.setitem(sys.modules, "lasio", None)  # import lasio raises ImportError
    monkeypatch.setitem(sys.modules, "skl2onnx", None)
    deps = {d.name: d for d in list_dependencies()}
    assert list(deps) == ["onnxruntime", "scikit-learn + skl2onnx", "lasio", "matplotlib", "distributed"]
    lasio = deps["lasio"]
    assert not lasio.available and lasio.version == "" and "lasio" in lasio.error
    assert lasio.requirements == ("lasio==0.32",) and "LAS" in lasio.needed_by
    sklearn = deps["scikit-learn + skl2onnx"]
    assert not sklearn.available and sklearn.requirements == ("scikit-learn==1.9.1", "skl2onnx==1.20.0")
    onnxruntime = deps["onnxruntime"]
    import onnxruntime as ort

    assert onnxruntime.available and onnxruntime.version == ort.__version__
    assert onnxruntime.requirements == ("onnxruntime==1.32.0",)
    assert deps["distributed"].requirements == ("distributed",)  # not pinned: the bare name
    assert missing_requirements(list(deps.values()))[:3] == ["scikit-learn==1.9.1", "skl2onnx==1.20.0", "lasio==0.32"]


def test_install_commands():
    requirements = ["lasio==0.32", "protobuf>=6,<7"]
    assert install_arguments(requirements, managed=False) == [
        "-m", "pip", "install", "--user", "lasio==0.32", "protobuf>=6,<7",
    ]  # fmt: skip
    commands = manual_commands(requirements)
    assert commands["Linux"].startswith('python3 -m pip install --user lasio==0.32 "protobuf>=6,<7"')
    assert commands["Windows"].startswith('python -m pip install lasio==0.32 "protobuf>=6,<7"')
    assert "OSGeo4W Shell" in commands["Windows"]
    assert commands["macOS"].startswith("/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install --user lasio")


def test_an_externally_managed_python_gets_the_flag_pip_needs(tmp_path):
    """Debian 12's Python is EXTERNALLY-MANAGED (PEP 668): pip install --user refuses without
    --break-system-packages."""
    from lithoscope.inference.dependencies import externally_managed

    assert not externally_managed(str(tmp_path))
    (tmp_path / "EXTERNALLY-MANAGED").write_text("[externally-managed]\n")
    assert externally_managed(str(tmp_path))
    args = install_arguments(["lasio==0.32"], managed=True)
    assert args == ["-m", "pip", "install", "--user", "--break-system-packages", "lasio==0.32"]
