# SPDX-License-Identifier: GPL-2.0-or-later
"""Every dialog fits a 1366 x 768 screen (with every tab and collapsible section open) and leaves QGIS's
message bar, where the results are announced, in view."""

from __future__ import annotations

import pytest
from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt.QtCore import QPoint, QRect, QSize
from qgis.PyQt.QtWidgets import QApplication, QScrollArea, QTabWidget

SCREEN = QRect(0, 0, 1366, 768)
MAX_MIN_HEIGHT = 700  # the smallest height a dialog can take
MAX_HINT = QSize(1366, 728)  # its preferred size: the screen less a taskbar


def _classify(iface):
    from lithoscope.ui.classify_dialog import ClassifyDialog

    return ClassifyDialog(iface)


def _sequence(iface):
    from lithoscope.ui.sequence_dialog import SequenceDialog

    return SequenceDialog(iface)


def _susceptibility(iface):
    from lithoscope.ui.susceptibility_dialog import SusceptibilityDialog

    return SusceptibilityDialog(iface)


def _series(iface):
    pytest.importorskip("matplotlib")
    from lithoscope.ui.series_tool import SeriesPlotDialog

    return SeriesPlotDialog(iface.mainWindow())


def _model_manager(iface):
    from lithoscope.ui.model_manager import ModelManagerDialog

    return ModelManagerDialog(iface)


def _edit_metadata(iface):
    from lithoscope.inference.model.registry import shipped_models
    from lithoscope.ui.model_manager import MetadataDialog

    return MetadataDialog(shipped_models()["lithology_terrain_hungary"], shipped=True)


def _dependencies(iface):
    from lithoscope.ui.dependencies_dialog import DependenciesDialog

    return DependenciesDialog()


def _settings(iface):
    from lithoscope.ui.settings_page import LithoscopeOptionsPage

    return LithoscopeOptionsPage()


def _train(iface):
    from lithoscope.ui.train_dialog import TrainDialog

    return TrainDialog(iface)


def _terrain(iface):
    from lithoscope.ui.train_dialog import TerrainDialog

    return TerrainDialog(iface)


DIALOGS = {
    "classify": _classify,
    "train": _train,
    "terrain": _terrain,
    "sequence": _sequence,
    "susceptibility": _susceptibility,
    "series": _series,
    "model manager": _model_manager,
    "edit metadata": _edit_metadata,
    "dependencies": _dependencies,
    "settings": _settings,
}


def _states(dialog):
    """Every tab of every tab widget in turn, with every collapsible section open."""
    for box in dialog.findChildren(QgsCollapsibleGroupBox):
        box.setCollapsed(False)
    tabs = dialog.findChildren(QTabWidget)
    yield "all open"
    for widget in tabs:
        for index in range(widget.count()):
            widget.setCurrentIndex(index)
            yield f"{widget.tabText(index)!r} open"


def _settle(dialog) -> None:
    for _ in range(3):
        QApplication.processEvents()
    if dialog.layout() is not None:
        dialog.layout().activate()


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_dialog_fits_a_1366_by_768_screen(qgis_iface, qgis_new_project, name):
    dialog = DIALOGS[name](qgis_iface)
    dialog.show()
    try:
        for state in _states(dialog):
            _settle(dialog)
            minimum, hint = dialog.minimumSizeHint(), dialog.sizeHint()
            assert minimum.height() <= MAX_MIN_HEIGHT, f"{name}, {state}: minimum height {minimum.height()}"
            assert hint.width() <= MAX_HINT.width() and hint.height() <= MAX_HINT.height(), (
                f"{name}, {state}: size hint {hint.width()} x {hint.height()}"
            )
            dialog.setGeometry(QRect(QPoint(0, 0), hint.expandedTo(dialog.minimumSize())))
            _settle(dialog)
            for button in ("run_button", "close_button"):
                widget = getattr(dialog, button, None)
                if widget is None:
                    continue
                corner = widget.mapTo(dialog, QPoint(widget.width(), widget.height()))
                assert SCREEN.contains(dialog.geometry().topLeft() + corner), f"{name}, {state}: {button} off screen"
            for area in dialog.findChildren(QScrollArea):
                inner = area.widget()
                if inner is None or not area.isVisible() or not inner.isVisibleTo(dialog):
                    continue
                needed = inner.minimumSizeHint().height()
                if inner.objectName() != "pixel_page":
                    needed = min(needed, 200, 0.9 * area.maximumHeight())  # scrolls, but not through a slit
                assert area.viewport().height() >= needed, (
                    f"{name}, {state}: a scroll area {area.viewport().height()} px high for {needed} px of fields"
                )
    finally:
        dialog.close()


@pytest.mark.parametrize(
    ("size", "bar"),
    [
        (QSize(500, 400), QRect(300, 100, 1066, 40)),  # fits below the bar, at the right of the main window
        (QSize(450, 700), QRect(300, 100, 600, 40)),  # too tall below it: beside the bar, at its right
        (QSize(600, 700), QRect(250, 100, 850, 40)),  # neither: below the bar, shortened to the screen
    ],
)
def test_placement_keeps_the_message_bar_in_view(size, bar):
    from lithoscope.ui.common import placement

    main = QRect(0, 0, 1366, 728)
    where = placement(size, QSize(300, 500), bar, main, SCREEN.adjusted(0, 0, 0, -40))
    assert not where.intersects(bar), (where, bar)
    assert SCREEN.adjusted(0, 0, 0, -40).contains(where), where
    assert where.height() >= min(size.height(), 500) and where.width() == size.width()


@pytest.mark.parametrize("name", ["classify", "series", "model manager", "train"])
def test_dialog_opens_clear_of_the_message_bar(qgis_iface, qgis_new_project, name):
    """The offscreen screen is 800 x 600: a main window filling it, its message bar over a narrow map."""
    from lithoscope.ui.common import message_bar_rect

    main, bar = qgis_iface.mainWindow(), qgis_iface.messageBar()
    main.setGeometry(0, 0, 800, 560)
    main.show()
    old_parent = bar.parentWidget()
    bar.setParent(main)
    bar.setGeometry(10, 40, 180, 36)
    bar.show()
    try:
        dialog = DIALOGS[name](qgis_iface)
        if name == "series":
            dialog.iface = qgis_iface
            dialog._place_beside_the_map()
        dialog.show()
        _settle(dialog)
        bar_rect = message_bar_rect(qgis_iface)
        assert bar_rect == QRect(bar.mapToGlobal(QPoint(0, 0)), bar.size())
        assert not dialog.frameGeometry().intersects(bar_rect), (dialog.frameGeometry(), bar_rect)
        dialog.close()
    finally:
        bar.hide()
        bar.setParent(old_parent)
