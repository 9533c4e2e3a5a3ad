# SPDX-License-Identifier: GPL-2.0-or-later
"""Run inside the QGIS desktop (`qgis --code this.py`) with Lithoscope installed from its zip in the profile.

Triggers every Lithoscope action, checks each dialog fits the 1366 x 768 screen (frame inside it, Run and Close
showing), runs one small job from the Classify, Sequence and Susceptibility dialogs and checks the layers they
add are styled, opens every lithoscope:* Processing dialog, and saves a screenshot of each dialog.

Environment: LITHOSCOPE_DESKTOP_INPUTS (a JSON file: the generated rasters, vectors and models),
LITHOSCOPE_DESKTOP_SHOTS (the folder for the screenshots), LITHOSCOPE_DESKTOP_RESULT (a JSON report written
here: what was seen, and "problems", one a line; "error" with a traceback if the script itself failed).
A crash of QGIS leaves no report. QGIS quits when done.
"""

import json
import os
import sys
import time
import traceback

from qgis.core import QgsApplication, QgsPointXY, QgsProject, QgsRasterLayer, QgsVectorLayer
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QEventLoop, QPoint, QRect, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialog, QToolBar
from qgis.utils import iface

SCREEN = QRect(0, 0, 1366, 768)
TIMEOUT = 90.0  # seconds for one job; each takes a few on the tiny inputs
INPUTS = json.load(open(os.environ["LITHOSCOPE_DESKTOP_INPUTS"], encoding="utf-8"))
SHOTS = os.environ["LITHOSCOPE_DESKTOP_SHOTS"]
REPORT = {"problems": [], "actions": {}, "titles": {}, "renderers": {}, "algorithms": [], "screenshots": []}


def _problem(text: str) -> None:
    REPORT["problems"].append(text)


def _events(rounds: int = 5) -> None:
    for _ in range(rounds):
        QgsApplication.processEvents()


def _wait(condition, timeout: float = TIMEOUT) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        QgsApplication.processEvents(QEventLoop.AllEvents, 50)
        time.sleep(0.01)
    return True


def _check_fits(widget, name: str) -> None:
    """The window's frame inside the screen, and its Run and Close buttons (where it has them) showing on it."""
    frame = widget.frameGeometry()
    if not SCREEN.contains(frame):
        _problem(f"{name}: its frame {frame.getRect()} is not inside the 1366 x 768 screen")
    for attribute in ("run_button", "close_button"):
        button = getattr(widget, attribute, None)
        if button is None:
            continue
        corner = button.mapToGlobal(QPoint(button.width(), button.height()))
        if not button.isVisible() or not SCREEN.contains(corner):
            _problem(f"{name}: the {button.text()} button is hidden or ends off the screen at {corner}")


def _shot(widget, name: str) -> None:
    path = os.path.join(SHOTS, f"{name}.png")
    if widget.grab().save(path):
        REPORT["screenshots"].append(os.path.basename(path))
    else:
        _problem(f"{name}: the screenshot could not be saved to {path}")


def _trigger(action, name: str):
    """Trigger a toolbar action; the dialog it opened (a visible top-level dialog that was not showing)."""
    before = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    action.trigger()
    _events(10)
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible() and w not in before]
    if len(opened) != 1:
        _problem(f"{name}: the action opened {len(opened)} dialog(s), not one")
        return None
    REPORT["titles"][name] = opened[0].windowTitle()
    _check_fits(opened[0], name)
    return opened[0]


def _wait_for_run(dialog, name: str) -> None:
    if not _wait(lambda: not dialog.is_running()):
        _problem(f"{name}: the job did not end within {TIMEOUT:.0f} s")
        dialog.cancel_run()
    _events(10)


def _check_styled(dialog, name: str) -> None:
    """The job added layers, each styled from the run (not QGIS's default grey or multiband renderer)."""
    layers = list(dialog.added_layers)
    if not layers:
        _problem(f"{name}: the job added no layer; its log:\n{dialog.log_view.toPlainText()[-1500:]}")
    types = {layer.name(): layer.renderer().type() for layer in layers}
    REPORT["renderers"][name] = types
    for layer in layers:
        if QgsProject.instance().mapLayer(layer.id()) is None:
            _problem(f"{name}: '{layer.name()}' is not in the project")
    for layer_name, kind in types.items():
        if kind in ("singlebandgray", "multibandcolor"):
            _problem(f"{name}: '{layer_name}' keeps QGIS's default renderer ({kind})")
    if not any(kind in ("paletted", "categorizedSymbol") for kind in types.values()):
        _problem(f"{name}: no layer styled by class ({types})")


def _add(layer):
    if not layer.isValid():
        _problem(f"the input {layer.source()} does not load")
    QgsProject.instance().addMapLayer(layer)
    return layer


def _classify(plugin, action) -> None:
    dialog = _trigger(action, "classify")
    if dialog is None:
        return
    dialog.layer_combo.setLayer(QgsProject.instance().mapLayersByName("rocks")[0])
    dialog.set_model(INPUTS["cnn"])
    dialog.output_widget.setFilePath(os.path.join(INPUTS["out"], "rock_classes.tif"))
    dialog.run_button.click()
    _wait_for_run(dialog, "classify")
    _check_styled(dialog, "classify")
    _shot(dialog, "classify_dialog")
    dialog.close()


def _sequence(plugin, action):
    dialog = _trigger(action, "sequence")
    if dialog is None:
        return None
    stack = QgsProject.instance().mapLayersByName("ndvi stack")[0]
    dialog.modes.setCurrentIndex(0)  # per pixel of a time stack
    dialog.set_model(INPUTS["detector"])
    dialog.set_stack([stack])
    dialog.raster_output.setFilePath(os.path.join(INPUTS["out"], "steps.tif"))
    dialog.run_button.click()
    _wait_for_run(dialog, "sequence")
    _check_styled(dialog, "sequence")
    _shot(dialog, "sequence_dialog")
    dialog.close()
    return stack


def _susceptibility(plugin, action) -> None:
    dialog = _trigger(action, "susceptibility")
    if dialog is None:
        return
    dialog.dem_combo.setLayer(QgsProject.instance().mapLayersByName("dem")[0])
    for i in range(dialog.terrain_list.count()):  # two factors keep the job quick
        item = dialog.terrain_list.item(i)
        item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in ("slope", "roughness") else Qt.Unchecked)
    dialog.inventory_combo.setLayer(QgsProject.instance().mapLayersByName("landslides")[0])
    dialog.model_combo.setCurrentIndex(dialog.model_combo.findData("logistic"))
    dialog.compare_check.setChecked(False)
    dialog.folds_spin.setValue(3)
    folder = os.path.join(INPUTS["out"], "susceptibility")
    os.makedirs(folder, exist_ok=True)
    dialog.folder_widget.setFilePath(folder)
    dialog.run_button.click()
    _wait_for_run(dialog, "susceptibility")
    _check_styled(dialog, "susceptibility")
    _shot(dialog, "susceptibility_dialog")
    dialog.close()


def _series(plugin, action, stack) -> None:
    """The series tool (on the Sequence dialog's model): a click on the stack opens the series plot."""
    iface.setActiveLayer(stack)
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(stack.crs())
    canvas.setExtent(stack.extent())
    canvas.refresh()
    _events(10)
    action.trigger()
    _events(5)
    tool = plugin.series_tool
    if tool is None or canvas.mapTool() is not tool:
        _problem("series: the action did not make the series tool the map tool")
        return
    extent = stack.extent()  # a pixel of the top half, where the values jump after six dates
    point = QgsPointXY(extent.center().x(), extent.yMaximum() - extent.height() / 4)
    centre = canvas.getCoordinateTransform().transform(point)
    pos = QPoint(round(centre.x()), round(centre.y()))
    tool.canvasPressEvent(QgsMapMouseEvent(canvas, QEvent.MouseButtonPress, pos, Qt.LeftButton, Qt.LeftButton))
    tool.canvasReleaseEvent(QgsMapMouseEvent(canvas, QEvent.MouseButtonRelease, pos, Qt.LeftButton, Qt.NoButton))
    _events(10)
    plot = tool.plot_dialog
    if plot is None or not plot.isVisible():
        _problem("series: a click on the stack opened no series plot")
        return
    REPORT["titles"]["series"] = plot.windowTitle()
    _check_fits(plot, "series")
    _shot(plot, "series_plot")
    plot.close()
    canvas.unsetMapTool(tool)


def _plain(plugin, action, name: str) -> None:
    dialog = _trigger(action, name)
    if dialog is not None:
        _shot(dialog, f"{name}_dialog")
        dialog.close()


def _algorithm_dialogs() -> None:
    import processing

    provider = QgsApplication.processingRegistry().providerById("lithoscope")
    if provider is None:
        _problem("the lithoscope Processing provider is not registered")
        return
    for algorithm in provider.algorithms():
        name = algorithm.id()
        dialog = processing.createAlgorithmDialog(name)
        if dialog is None:
            _problem(f"{name}: no Processing dialog")
            continue
        dialog.show()
        _events(10)
        REPORT["algorithms"].append(name)
        REPORT["titles"][name] = dialog.windowTitle()
        if not SCREEN.contains(dialog.frameGeometry()):
            _problem(f"{name}: its frame {dialog.frameGeometry().getRect()} is not inside the screen")
        if name == "lithoscope:classify":
            _shot(dialog, "processing_classify")
        dialog.close()
        _events(2)


def _run_all() -> None:
    import qgis.utils

    REPORT["locale"] = QgsApplication.instance().translation()
    REPORT["screen"] = QApplication.primaryScreen().geometry().getRect()
    plugin = qgis.utils.plugins.get("lithoscope")
    REPORT["loaded"] = plugin is not None and "lithoscope" in qgis.utils.active_plugins
    if plugin is None:
        _problem("QGIS did not load the lithoscope plugin from the profile")
        return
    REPORT["plugin_file"] = sys.modules["lithoscope"].__file__
    main = iface.mainWindow()
    main.setGeometry(0, 0, 1366, 728)
    _events(10)
    _add(QgsRasterLayer(INPUTS["rgb"], "rocks"))
    _add(QgsRasterLayer(INPUTS["stack"], "ndvi stack"))
    _add(QgsRasterLayer(INPUTS["dem"], "dem"))
    _add(QgsVectorLayer(INPUTS["inventory"], "landslides", "ogr"))
    toolbar = main.findChild(QToolBar, "LithoscopeToolbar")
    actions = {a.objectName(): a for a in (toolbar.actions() if toolbar is not None else [])}
    actions[plugin.dependencies_action.objectName()] = plugin.dependencies_action  # in the Raster menu only
    REPORT["actions"] = {name: action.text() for name, action in actions.items()}
    REPORT["toolbar_title"] = toolbar.windowTitle() if toolbar is not None else ""
    _classify(plugin, actions.pop("LithoscopeClassifyAction"))
    stack = _sequence(plugin, actions.pop("LithoscopeSequenceAction"))
    _susceptibility(plugin, actions.pop("LithoscopeSusceptibilityAction"))
    series = actions.pop("LithoscopeSeriesToolAction")
    if stack is not None:
        _series(plugin, series, stack)
    _plain(plugin, actions.pop("LithoscopeModelManagerAction"), "model_manager")
    _plain(plugin, actions.pop("LithoscopeDependenciesAction"), "dependencies")
    _plain(plugin, actions.pop("LithoscopeTrainAction"), "train")
    _plain(plugin, actions.pop("LithoscopeTerrainAction"), "terrain")
    for name, action in actions.items():  # an action added later is at least triggered and fitted
        _plain(plugin, action, name)
    _algorithm_dialogs()
    canvas = iface.mapCanvas()
    canvas.setExtent(QgsProject.instance().mapLayersByName("dem")[0].extent())
    canvas.refresh()
    _events(10)
    canvas.waitWhileRendering()
    _events(10)
    _shot(main, "main_window")


def _run() -> None:
    try:
        _run_all()
    except Exception:  # noqa: BLE001 (reported to the test)
        REPORT["error"] = traceback.format_exc()
    with open(os.environ["LITHOSCOPE_DESKTOP_RESULT"], "w", encoding="utf-8") as f:
        json.dump(REPORT, f, ensure_ascii=False, indent=1)
    QgsApplication.exit(0)


QTimer.singleShot(1500, _run)
