# SPDX-License-Identifier: GPL-2.0-or-later
"""The core imports without QGIS."""

import sys


def test_core_does_not_import_qgis():
    import lithoscope.inference.classify  # noqa: F401

    offenders = [m for m in ("lithoscope.plugin", "lithoscope.ui", "lithoscope.processing") if m in sys.modules]
    assert offenders == []
