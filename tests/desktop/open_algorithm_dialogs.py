# SPDX-License-Identifier: GPL-2.0-or-later
"""Run inside the QGIS desktop (`qgis --code this.py`): open algorithm dialogs with a raster as the active layer.

Environment: LITHOSCOPE_PLUGINS (the folder holding the lithoscope package), LITHOSCOPE_RASTER (a raster file),
LITHOSCOPE_ALGORITHMS (ids, comma separated), LITHOSCOPE_DESKTOP_RESULT (written "OK", or "ERROR" and the
traceback). A crash of QGIS leaves no result file. QGIS quits when done.
"""

import os
import sys
import traceback

from qgis.core import QgsApplication, QgsProcessingContext, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface

_KEEP = []  # the provider must outlive this script's function, or its algorithms vanish


def _open_dialogs() -> None:
    from processing.core.Processing import Processing

    import processing

    Processing.initialize()
    sys.path.insert(0, os.environ["LITHOSCOPE_PLUGINS"])
    from lithoscope.processing.provider import LithoscopeProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("lithoscope") is None:
        _KEEP.append(LithoscopeProvider())
        registry.addProvider(_KEEP[-1])
    raster = QgsRasterLayer(os.environ["LITHOSCOPE_RASTER"], "landslides raster")
    QgsProject.instance().addMapLayer(raster)
    iface.setActiveLayer(raster)
    for algorithm in os.environ["LITHOSCOPE_ALGORITHMS"].split(","):
        dialog = processing.createAlgorithmDialog(algorithm)
        dialog.show()
        QgsApplication.processEvents()
        wrappers = dialog.mainWidget().wrappers
        wrapper = wrappers.get("INVENTORY_RASTER") or wrappers.get("INVENTORY")
        wrapper.setParameterValue(raster, QgsProcessingContext())  # the raster inventory picked
        QgsApplication.processEvents()
        dialog.close()


def _run() -> None:
    result = os.environ["LITHOSCOPE_DESKTOP_RESULT"]
    try:
        _open_dialogs()
        text = "OK"
    except Exception:  # noqa: BLE001 (reported to the test)
        text = "ERROR\n" + traceback.format_exc()
    with open(result, "w", encoding="utf-8") as f:
        f.write(text)
    QgsApplication.exit(0)


QTimer.singleShot(500, _run)
