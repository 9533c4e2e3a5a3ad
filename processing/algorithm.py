# SPDX-License-Identifier: GPL-2.0-or-later
"""What every Lithoscope algorithm shares: group, icon, instance creation, list parsing."""

from __future__ import annotations

import os

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr

ICON_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "icon.svg")


def parse_numbers(text: str | None, kind: type, what: str) -> tuple | None:
    """'1, 2,3' -> (1, 2, 3) of `kind`; None for an empty value; QgsProcessingException if malformed."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return tuple(kind(part) for part in text.replace(";", ",").split(","))
    except ValueError:
        raise QgsProcessingException(
            tr("{what} must be a comma-separated list of numbers, got '{text}'.").format(what=what, text=text)
        ) from None


class LithoscopeAlgorithm(QgsProcessingAlgorithm):
    """Base of Lithoscope's algorithms (group 'Deep learning')."""

    def group(self) -> str:
        return tr("Deep learning")

    def groupId(self) -> str:  # noqa: N802
        return "deeplearning"

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def createInstance(self) -> LithoscopeAlgorithm:  # noqa: N802
        return type(self)()

    def given(self, parameters: dict, name: str) -> bool:
        """Whether an optional parameter was given a value."""
        return parameters.get(name) not in (None, "")
