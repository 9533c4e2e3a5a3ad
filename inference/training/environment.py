# SPDX-License-Identifier: GPL-2.0-or-later
"""The training environment: a venv of its own (in the QGIS profile folder, or `.venv-train` in a checkout) with
the pinned PyTorch, numpy and onnx of worker/requirements.txt; how to find it and the commands that create it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from ..system import qgis_python

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORKER_SCRIPT = os.path.join(PLUGIN_DIR, "worker", "run_job.py")
REQUIREMENTS = os.path.join(PLUGIN_DIR, "worker", "requirements.txt")
ENV_VARIABLE = "LITHOSCOPE_TRAINING_PYTHON"
VENV_NAME = "lithoscope-training"


def read_requirements(path: str = REQUIREMENTS) -> list[str]:
    """The pinned requirement lines of worker/requirements.txt (comments and blanks dropped)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = line.split("#", 1)[0].strip().replace(" ", "")
            if text:
                out.append(text)
    return out


def venv_python(venv: str, windows: bool | None = None) -> str:
    """The interpreter inside venv folder `venv` (Scripts\\python.exe on Windows, bin/python elsewhere)."""
    windows = sys.platform == "win32" if windows is None else windows
    return os.path.join(venv, "Scripts", "python.exe") if windows else os.path.join(venv, "bin", "python")


@dataclass(frozen=True)
class TrainingEnvironment:
    """Where the training venv is (or will be) and its interpreter."""

    venv: str

    @property
    def python(self) -> str:
        return venv_python(self.venv)

    @property
    def exists(self) -> bool:
        return os.path.isfile(self.python)

    def create_command(self, base_python: str | None = None, requirements: list[str] | None = None) -> list[list[str]]:
        """The commands, in order, that create the venv and install the pinned packages into it (pip's progress
        is shown: no -q). `base_python` makes the venv (default: the Python QGIS runs)."""
        reqs = read_requirements() if requirements is None else requirements
        return [
            [base_python or qgis_python(), "-m", "venv", self.venv],
            [self.python, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "on", *reqs],
        ]

    def manual_commands(self, requirements: list[str] | None = None) -> dict[str, str]:
        """The same commands to type by hand, per OS: 'Linux', 'Windows' (OSGeo4W Shell), 'macOS'."""
        reqs = " ".join(_quote(r) for r in (read_requirements() if requirements is None else requirements))
        venv = self.venv
        return {
            "Linux": f'python3 -m venv "{venv}"\n"{venv_python(venv, False)}" -m pip install {reqs}',
            "Windows": f'python -m venv "{venv}"\n"{venv_python(venv, True)}" -m pip install {reqs}',
            "macOS": f'python3 -m venv "{venv}"\n"{venv_python(venv, False)}" -m pip install {reqs}',
        }


def _quote(requirement: str) -> str:
    return f'"{requirement}"' if any(c in requirement for c in "<>,") else requirement


def default_venv(settings_path: str) -> str:
    """The training venv in the QGIS profile folder `settings_path` (QgsApplication.qgisSettingsDirPath())."""
    return os.path.join(settings_path, "python", VENV_NAME)


def find_environment(settings_path: str = "", configured: str = "") -> TrainingEnvironment | None:
    """The training environment to use, first found: $LITHOSCOPE_TRAINING_PYTHON, the `configured` python (the
    setting lithoscope/settings/training_python), the venv in the profile folder `settings_path`, `.venv-train` in
    the plugin's checkout. None when there is none (then offer `create_command` / `manual_commands`)."""
    candidates = [os.environ.get(ENV_VARIABLE, ""), configured]
    for python in candidates:
        if python and os.path.isfile(python):
            return TrainingEnvironment(_venv_of(python))
    for venv in ([default_venv(settings_path)] if settings_path else []) + [os.path.join(PLUGIN_DIR, ".venv-train")]:
        env = TrainingEnvironment(venv)
        if env.exists:
            return env
    return None


def _venv_of(python: str) -> str:
    """The venv folder of an interpreter path (.../bin/python or ...\\Scripts\\python.exe)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(python)))
