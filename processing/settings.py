# SPDX-License-Identifier: GPL-2.0-or-later
"""Lithoscope's settings (QGIS Options > Lithoscope), stored with QgsSettings under "lithoscope/...".

The dialogs and the Processing algorithms take their defaults from here: device, threads, tile size and batch
size of a run, the user's model folders (listed beside the shipped models), the output folder and the Dask
scheduler address.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from qgis.core import QgsSettings

from ..inference.model.session import DEVICES

GROUP = "lithoscope/settings"


@dataclass
class LithoscopeSettings:
    """What the settings page edits; the defaults are those of a fresh install."""

    device: str = "auto"
    threads: int = 0  # 0: all cores
    tile_size: int = 0  # 0: from the model
    batch_size: int = 4
    model_folders: list[str] = field(default_factory=list)
    output_folder: str = ""
    scheduler: str = ""


def _as_list(value) -> list[str]:
    if value in (None, ""):
        return []
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    return [str(v) for v in values if str(v).strip()]


def _as_int(value, default: int, minimum: int) -> int:
    try:
        return max(minimum, int(value))
    except (TypeError, ValueError):
        return default


def load_settings() -> LithoscopeSettings:
    """The stored settings; a missing or unreadable value is its default."""
    stored = QgsSettings()
    default = LithoscopeSettings()

    def get(key: str):
        return stored.value(f"{GROUP}/{key}", getattr(default, key))

    device = str(get("device") or "auto").lower()
    return LithoscopeSettings(
        device=device if device in DEVICES else "auto",
        threads=_as_int(get("threads"), default.threads, 0),
        tile_size=_as_int(get("tile_size"), default.tile_size, 0),
        batch_size=_as_int(get("batch_size"), default.batch_size, 1),
        model_folders=_as_list(get("model_folders")),
        output_folder=str(get("output_folder") or ""),
        scheduler=str(get("scheduler") or ""),
    )


def save_settings(values: LithoscopeSettings) -> None:
    """Store every setting."""
    stored = QgsSettings()
    for item in fields(values):
        stored.setValue(f"{GROUP}/{item.name}", getattr(values, item.name))


def model_folders() -> list[str]:
    """The user's model folders that exist, in the order given."""
    return [folder for folder in load_settings().model_folders if os.path.isdir(folder)]


def remembered_model(tool: str) -> str:
    """The model last chosen in a run tool ('' if none)."""
    return str(QgsSettings().value(f"lithoscope/last_model/{tool}", "") or "")


def remember_model(tool: str, model: str) -> None:
    """Remember the model chosen in a run tool."""
    QgsSettings().setValue(f"lithoscope/last_model/{tool}", model or "")


TRAINING_PYTHON_KEY = f"{GROUP}/training_python"


def training_python_setting() -> str:
    """The training environment's Python the user chose (empty: found by `training_environment`)."""
    return str(QgsSettings().value(TRAINING_PYTHON_KEY, "") or "")


def set_training_python(python: str) -> None:
    QgsSettings().setValue(TRAINING_PYTHON_KEY, python or "")


def training_environment():
    """The training environment (a venv with PyTorch, run in its own process) or None: $LITHOSCOPE_TRAINING_PYTHON,
    the setting lithoscope/settings/training_python, the venv in this QGIS profile folder, `.venv-train` beside the
    plugin in a checkout."""
    from qgis.core import QgsApplication

    from ..inference.training import find_environment

    return find_environment(QgsApplication.qgisSettingsDirPath(), training_python_setting())
