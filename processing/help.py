# SPDX-License-Identifier: GPL-2.0-or-later
"""Where the help pages are: docs/ of the plugin folder, shipped with it (the Help buttons and helpUrl)."""

from __future__ import annotations

import os

from qgis.PyQt.QtCore import QUrl

DOCS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs")

# The page of docs/ for each dialog and algorithm of the plugin.
HELP_PAGES = {
    "classify": "usage.md",
    "set_model_metadata": "model_contract.md",
    "sequence": "sequences.md",
    "susceptibility": "susceptibility.md",
    "model_manager": "models.md",
    "dependencies": "dependencies.md",
    "settings": "settings.md",
    "training": "training.md",
    "encode": "encode.md",
    "voids": "voids.md",
}


def help_path(topic: str) -> str:
    """The docs page (a local file) of a topic, a key of HELP_PAGES."""
    return os.path.join(DOCS_DIR, HELP_PAGES[topic])


def help_url(topic: str) -> str:
    """The file:// URL of a topic's docs page."""
    return QUrl.fromLocalFile(help_path(topic)).toString()
