# SPDX-License-Identifier: GPL-2.0-or-later
"""Screenshots of the real Landslide susceptibility dialog for docs/ (run after `make demo`).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python demo/screenshots.py

Opens the demo's synthetic DEM and landslide inventory in a QGIS application, fills the
dialog as a user would, and saves each step as docs/images/susceptibility_<step>.png.
"""

from __future__ import annotations

import os
import sys
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main() -> int:
    demo = os.path.join(ROOT, "demo_output")
    dem, inventory = os.path.join(demo, "synthetic_dem.tif"), os.path.join(demo, "synthetic_landslides.gpkg")
    if not (os.path.exists(dem) and os.path.exists(inventory)):
        raise SystemExit("Run `make demo` first: it writes the synthetic DEM and inventory this script shows.")
    sys.path.insert(0, os.path.join(ROOT, ".build", "plugins"))
    from qgis.core import QgsApplication, QgsProject, QgsRasterLayer, QgsVectorLayer

    app = QgsApplication([], True)
    app.initQgis()
    from lithoscope.ui.susceptibility_dialog import SusceptibilityDialog

    project = QgsProject.instance()
    project.addMapLayers(
        [QgsRasterLayer(dem, "SYNTHETIC dem"), QgsVectorLayer(inventory, "SYNTHETIC landslides", "ogr")]
    )
    dialog = SusceptibilityDialog(mock.MagicMock())
    dialog.dem_combo.setLayer(project.mapLayersByName("SYNTHETIC dem")[0])
    dialog.inventory_combo.setLayer(project.mapLayersByName("SYNTHETIC landslides")[0])
    dialog.folder_widget.setFilePath(demo)
    dialog.resize(620, 640)
    out = os.path.join(ROOT, "docs", "images")
    os.makedirs(out, exist_ok=True)
    for index, step in enumerate(("factors", "inventory", "model", "validation", "run")):
        dialog.steps.setCurrentIndex(index)
        dialog.show()
        app.processEvents()
        path = os.path.join(out, f"susceptibility_{step}.png")
        dialog.grab().save(path, "PNG")
        print(path)
    dialog.close()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
