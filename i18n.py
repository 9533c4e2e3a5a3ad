# SPDX-License-Identifier: GPL-2.0-or-later
"""Translation helper shared by the plugin, its Processing algorithms and dialogs."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "Lithoscope"


def tr(text: str) -> str:
    """Translate a user-facing string in the 'Lithoscope' context."""
    return QCoreApplication.translate(CONTEXT, text)
