# SPDX-License-Identifier: GPL-2.0-or-later
"""The optional dependencies: what needs each, whether it imports, its version and the version pinned in
requirements.txt, and the pip commands that install what is missing (into QGIS's own Python)."""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass

from .system import qgis_python

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIREMENT_FILES = ("requirements.txt", "constraints.txt")

# name shown, modules imported, pip packages, what needs it
OPTIONAL = (
    ("onnxruntime", ("onnxruntime",), ("onnxruntime",), "every model run: Classify, Sequence, susceptibility maps"),
    (
        "scikit-learn + skl2onnx",
        ("sklearn", "skl2onnx"),
        ("scikit-learn", "skl2onnx"),
        "training susceptibility models (exported to ONNX)",
    ),
    ("lasio", ("lasio",), ("lasio",), "well logs read from LAS files"),
    ("matplotlib", ("matplotlib",), ("matplotlib",), "plots: series, profiles and susceptibility reports"),
    ("distributed", ("distributed",), ("distributed",), "runs on a Dask cluster or local Dask workers"),
)

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*([<>=!~].*)?$")


@dataclass(frozen=True)
class Dependency:
    """One optional dependency as this Python has it."""

    name: str
    packages: tuple[str, ...]
    needed_by: str
    available: bool
    version: str  # of the first package, '' when missing
    requirements: tuple[str, ...]  # what pip is given: 'onnxruntime==1.32.0', or the bare name when not pinned
    error: str = ""  # why it does not import


def read_pins(folder: str = PLUGIN_DIR) -> dict[str, str]:
    """Package name (lower case) -> its requirement line, from requirements.txt and constraints.txt in `folder`."""
    pins: dict[str, str] = {}
    for name in REQUIREMENT_FILES:
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                text = line.split("#", 1)[0].strip()
                match = _REQUIREMENT.match(text)
                if text and match:
                    pins.setdefault(match.group(1).lower(), text.replace(" ", ""))
    return pins


def _version(package: str, module) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return str(getattr(module, "__version__", ""))


def list_dependencies(folder: str = PLUGIN_DIR) -> list[Dependency]:
    """Every optional dependency: whether all its modules import, the version and the pinned requirement."""
    pins = read_pins(folder)
    out = []
    for name, modules, packages, needed_by in OPTIONAL:
        error, first = "", None
        for module_name in modules:
            try:
                module = importlib.import_module(module_name)
            except Exception as exc:  # noqa: BLE001 (a broken install raises more than ImportError)
                error = error or f"{module_name}: {type(exc).__name__}: {exc}"
                continue
            first = first or module
        available = not error
        version = _version(packages[0], first) if available and first is not None else ""
        requirements = tuple(pins.get(p.lower(), p) for p in packages)
        out.append(Dependency(name, packages, needed_by, available, version, requirements, error))
    return out


def missing_at_load() -> list[tuple[str, str]]:
    """(name, what needs it) of each optional dependency whose modules cannot be found, without importing them (a
    quick check when QGIS loads the plugin; `list_dependencies` imports them and says why one fails)."""
    from importlib.util import find_spec

    missing = []
    for name, modules, _packages, needed_by in OPTIONAL:
        try:
            found = all(find_spec(module) is not None for module in modules)
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append((name, needed_by))
    return missing


def missing_requirements(dependencies: list[Dependency]) -> list[str]:
    """The pip requirements of the dependencies that do not import."""
    return [r for d in dependencies if not d.available for r in d.requirements]


def externally_managed(stdlib: str | None = None) -> bool:
    """Whether the Python (whose standard library is `stdlib`; default: this one, the one QGIS embeds) is marked
    EXTERNALLY-MANAGED (PEP 668, Debian 12 and newer): pip then refuses to install, even with --user, unless told."""
    import sysconfig

    return os.path.exists(os.path.join(stdlib or sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))


def install_arguments(requirements: list[str], managed: bool | None = None) -> list[str]:
    """The arguments of `python -m pip install --user` for `requirements` (the program is `qgis_python()`).

    On an externally managed Python (`managed`; default: detected) pip needs --break-system-packages; with --user it
    installs into the user's site folder and leaves the system's packages alone.
    """
    managed = externally_managed() if managed is None else managed
    return ["-m", "pip", "install", "--user", *(["--break-system-packages"] if managed else []), *requirements]


def install_program() -> str:
    """The Python that QGIS runs (inside QGIS sys.executable is QGIS itself)."""
    return qgis_python()


def manual_commands(requirements: list[str]) -> dict[str, str]:
    """The commands to install `requirements` by hand, by system."""
    packages = " ".join(f'"{r}"' if any(c in r for c in "<>") else r for r in requirements)
    return {
        "Linux": f"python3 -m pip install --user {packages}  (Debian 12 and newer: add --break-system-packages)",
        "Windows": f"python -m pip install {packages}  (in the OSGeo4W Shell, from the Start menu)",
        "macOS": f"/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install --user {packages}",
    }
