# SPDX-License-Identifier: GPL-2.0-or-later
"""Screenshots of the real Landslide susceptibility and Sequence models dialogs for docs/ (run after `make demo`).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python demo/screenshots.py [--only sequence]

Opens the demo's SYNTHETIC layers in a QGIS application and fills the dialogs as a user would:
- the susceptibility dialog on the synthetic DEM and landslide inventory, each step saved as
  docs/images/susceptibility_<step>.png;
- the Sequence models dialog on the synthetic 12-date NDVI stack (docs/images/sequence_dialog.png),
  and the window of its series map tool after a click on a synthetic monitoring point, with the
  GNSS forecaster's 7- and 30-day forecast (docs/images/series_tool.png).
"""

from __future__ import annotations

import os
import sys
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEMO = os.path.join(ROOT, "demo_output")
OUT = os.path.join(ROOT, "docs", "images")


def demo_file(name: str) -> str:
    path = os.path.join(DEMO, name)
    if not os.path.exists(path):
        raise SystemExit(f"Run `make demo` first: it writes {name}, which this script shows.")
    return path


def susceptibility_screens(app) -> None:
    from lithoscope.ui.susceptibility_dialog import SusceptibilityDialog
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    dem, inventory = demo_file("synthetic_dem.tif"), demo_file("synthetic_landslides.gpkg")
    project = QgsProject.instance()
    project.addMapLayers(
        [QgsRasterLayer(dem, "SYNTHETIC dem"), QgsVectorLayer(inventory, "SYNTHETIC landslides", "ogr")]
    )
    dialog = SusceptibilityDialog(mock.MagicMock())
    dialog.dem_combo.setLayer(project.mapLayersByName("SYNTHETIC dem")[0])
    dialog.inventory_combo.setLayer(project.mapLayersByName("SYNTHETIC landslides")[0])
    dialog.folder_widget.setFilePath(DEMO)
    dialog.resize(620, 640)
    for index, step in enumerate(("factors", "inventory", "model", "validation", "run")):
        dialog.steps.setCurrentIndex(index)
        dialog.show()
        app.processEvents()
        path = os.path.join(OUT, f"susceptibility_{step}.png")
        dialog.grab().save(path, "PNG")
        print(path)
    dialog.close()
    project.removeAllMapLayers()


def sequence_screens(app) -> None:
    """The Sequence models dialog (per pixel, NDVI stack) and the series tool's window on a monitoring point."""
    from lithoscope.ui.sequence_dialog import SequenceDialog
    from qgis.core import QgsPointXY, QgsProject, QgsRasterLayer, QgsVectorLayer
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtCore import Qt

    stack = QgsRasterLayer(demo_file("synthetic_ndvi_stack.tif"), "SYNTHETIC NDVI stack (12 dates)")
    points = QgsVectorLayer(demo_file("synthetic_monitoring_points.gpkg"), "SYNTHETIC monitoring points", "ogr")
    table = QgsVectorLayer(demo_file("synthetic_monitoring_enu.csv"), "SYNTHETIC monitoring E N U (daily)", "ogr")
    project = QgsProject.instance()
    project.addMapLayers([stack, points, table])
    canvas = QgsMapCanvas()  # the series tool is a map tool: it needs a real canvas
    canvas.resize(600, 400)
    canvas.setDestinationCrs(points.crs())
    canvas.setLayers([points])
    canvas.setExtent(points.extent().buffered(500))
    iface = mock.MagicMock()
    iface.mapCanvas.return_value = canvas
    iface.mainWindow.return_value = None

    dialog = SequenceDialog(iface)
    dialog.set_model("ndvi_landcover")
    dialog.modes.setCurrentIndex(0)
    dialog.set_stack([stack])
    dialog.raster_output.setFilePath(os.path.join(DEMO, "synthetic_ndvi_landcover.tif"))
    dialog.probabilities_check.setChecked(True)
    dialog.probabilities_widget.setFilePath(os.path.join(DEMO, "synthetic_ndvi_landcover_probabilities.tif"))
    dialog.resize(680, 760)
    dialog.show()
    app.processEvents()
    path = os.path.join(OUT, "sequence_dialog.png")
    dialog.grab().save(path, "PNG")
    print(path)

    # Per feature from the long table, then "Inspect series on map" and a click on point P01.
    dialog.set_model("gnss_displacement_forecast")
    dialog.modes.setCurrentIndex(1)
    dialog.feature_layer.setLayer(points)
    dialog.from_table.setChecked(True)
    dialog.long_table.setLayer(table)
    dialog.long_id.setField("point_id")
    dialog.long_time.setField("date")
    for name in ("E", "N", "U"):
        dialog.long_values.findItems(name, Qt.MatchExactly)[0].setCheckState(Qt.Checked)
    app.processEvents()
    tool = dialog.start_inspecting()
    if tool is None:
        raise SystemExit("The series tool did not start: " + dialog.log_view.toPlainText())
    # The first point (P01, P02, ...) whose legend does not cover the forecast text ("best" avoids lines only).
    for feature in sorted(points.getFeatures(), key=lambda f: f["point_id"]):
        if not tool.inspect(QgsPointXY(feature.geometry().asPoint())) or tool.plot_dialog is None:
            raise SystemExit(f"No plot for the point: {iface.messageBar().pushMessage.call_args}")
        plot = tool.plot_dialog
        plot.resize(820, 560)
        plot.show()
        app.processEvents()
        plot.canvas.draw()
        app.processEvents()
        if not covered(plot.figure):
            break
    print(f"series tool: point {feature['point_id']}")
    path = os.path.join(OUT, "series_tool.png")
    plot.grab().save(path, "PNG")
    print(path)
    dialog.unload()
    dialog.close()
    project.removeAllMapLayers()


def covered(figure) -> bool:
    """Whether a legend of the figure overlaps one of its text boxes."""
    renderer = figure.canvas.get_renderer()
    for ax in figure.axes:
        legend = ax.get_legend()
        if legend is not None and any(
            legend.get_window_extent(renderer).overlaps(text.get_window_extent(renderer)) for text in ax.texts
        ):
            return True
    return False


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("susceptibility", "sequence"), help="only this dialog's screenshots")
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(ROOT, ".build", "plugins"))
    from qgis.core import QgsApplication

    app = QgsApplication([], True)
    app.initQgis()
    os.makedirs(OUT, exist_ok=True)
    if args.only in (None, "susceptibility"):
        susceptibility_screens(app)
    if args.only in (None, "sequence"):
        sequence_screens(app)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
