# SPDX-License-Identifier: GPL-2.0-or-later
"""The Python this process runs: inside QGIS sys.executable is QGIS itself, so install hints and
Dask's worker processes need the interpreter found here.
"""

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
