# SPDX-License-Identifier: GPL-2.0-or-later
"""Lithoscope QGIS plugin: deep learning for geology. QGIS calls classFactory(); nothing else here."""


def classFactory(iface):  # noqa: N802 (name required by QGIS)
    """Create the plugin instance (imports stay lazy so QGIS starts fast)."""
    from .plugin import LithoscopePlugin

    return LithoscopePlugin(iface)
