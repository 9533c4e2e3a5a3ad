# SPDX-License-Identifier: GPL-2.0-or-later
"""[from session.py] onnxruntime sessions: lazy import with an install hint, provider choice, clear load errors."""

from __future__ import annotations

import os
import sys


def qgis_python() -> str:
    """The Python interpreter of this process (inside QGIS sys.executable is QGIS itself)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in ("bin", ""):
        for name in (version, "python3", "python.exe"):
            candidate = os.path.join(sys.exec_prefix, folder, name)
            if os.path.isfile(candidate):
                return candidate
    return sys.executable
