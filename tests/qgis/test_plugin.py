# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin loads into QGIS (toolbar, Raster menu, Processing provider) and unloads cleanly."""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QPushButton, QToolBar


def _lithoscope_toolbars(iface) -> list:
    return [t for t in iface.mainWindow().findChildren(QToolBar) if t.objectName() == "LithoscopeToolbar"]


def test_plugin_load_and_unload(qgis_iface, qgis_processing):
    from lithoscope import classFactory

    registry = QgsApplication.processingRegistry()
    if registry.providerById("lithoscope") is not None:  # registered by another test's fixture
        registry.removeProvider(registry.providerById("lithoscope"))

    plugin = classFactory(qgis_iface)
    plugin.initProcessing()  # QGIS calls this for plugins with hasProcessingProvider=yes ...
    plugin.initGui()  # ... and initGui calls it again: registered once
    try:
        assert registry.providerById("lithoscope") is plugin.provider
        assert [p.id() for p in registry.providers()].count("lithoscope") == 1
        assert {a.id() for a in plugin.provider.algorithms()} == {
            "lithoscope:classify",
            "lithoscope:set_model_metadata",
            "lithoscope:buildfactors",
            "lithoscope:trainsusceptibility",
            "lithoscope:susceptibility",
            "lithoscope:sequenceraster",
            "lithoscope:sequencevector",
            "lithoscope:welllogs",
            "lithoscope:trainsegmentation",
            "lithoscope:trainsequence",
            "lithoscope:trainwells",
            "lithoscope:trainautoencoder",
            "lithoscope:encode",
            "lithoscope:fillvoids",
            "lithoscope:trainvoidfiller",
        }

        [toolbar] = _lithoscope_toolbars(qgis_iface)
        assert toolbar.windowTitle() == "Lithoscope"
        action, susceptibility, sequence, series, models, train, terrain = toolbar.actions()
        assert terrain is plugin.terrain_action and terrain.text() == "Encode and fill voids…"
        terrain.trigger()
        assert plugin.terrain_dialog is not None and plugin.terrain_dialog.isVisible()
        assert plugin.terrain_dialog.windowTitle() == "Lithoscope — Encode and fill voids"
        assert [plugin.terrain_dialog.tabs.tabText(i) for i in range(2)] == ["Encode", "Fill voids"]
        assert train is plugin.train_action and train.text() == "Train a model…" and not train.icon().isNull()
        qgis_iface.addPluginToRasterMenu.assert_any_call("Lithoscope", train)
        train.trigger()
        assert plugin.train_dialog is not None and plugin.train_dialog.isVisible()
        assert plugin.train_dialog.windowTitle() == "Lithoscope — Train a model"
        tabs = plugin.train_dialog.tabs
        assert [tabs.tabText(i) for i in range(tabs.count())] == [
            "Maps from labels",
            "Sequences",
            "Well logs",
            "Autoencoder",
            "Void filler",
        ]
        assert models is plugin.models_action and models.text() == "Model manager…" and not models.icon().isNull()
        qgis_iface.addPluginToRasterMenu.assert_any_call("Lithoscope", models)
        qgis_iface.addPluginToRasterMenu.assert_any_call("Lithoscope", plugin.dependencies_action)
        assert plugin.dependencies_action.text() == "Dependencies…"
        models.trigger()
        assert plugin.models_dialog is not None and plugin.models_dialog.isVisible()
        assert plugin.models_dialog.windowTitle() == "Lithoscope — Model manager"
        plugin.dependencies_action.trigger()
        assert plugin.dependencies_dialog is not None and plugin.dependencies_dialog.isVisible()
        assert action is plugin.classify_action and susceptibility is plugin.susceptibility_action
        assert sequence is plugin.sequence_action and series is plugin.series_action
        assert sequence.text() == "Sequence models…" and not sequence.icon().isNull()
        assert series.text() == "Inspect series" and series.isCheckable() and not series.icon().isNull()
        assert action.text() == "Classify raster…" and not action.icon().isNull()
        assert susceptibility.text() == "Landslide susceptibility…" and not susceptibility.icon().isNull()
        qgis_iface.addPluginToRasterMenu.assert_any_call("Lithoscope", action)
        qgis_iface.addPluginToRasterMenu.assert_any_call("Lithoscope", susceptibility)
        qgis_iface.addPluginToRasterMenu.assert_any_call("Lithoscope", sequence)

        action.trigger()
        assert plugin.dialog is not None and plugin.dialog.isVisible()
        assert plugin.dialog.windowTitle() == "Lithoscope — Classify raster"
        susceptibility.trigger()
        assert plugin.susceptibility_dialog is not None and plugin.susceptibility_dialog.isVisible()
        assert plugin.susceptibility_dialog.windowTitle() == "Lithoscope — Landslide susceptibility"
        sequence.trigger()
        assert plugin.sequence_dialog is not None and plugin.sequence_dialog.isVisible()
        assert plugin.sequence_dialog.windowTitle() == "Lithoscope — Sequence models"
    finally:
        plugin.unload()

    assert registry.providerById("lithoscope") is None
    assert registry.algorithmById("lithoscope:classify") is None
    assert _lithoscope_toolbars(qgis_iface) == []
    assert toolbar.parent() is None and action not in toolbar.actions()
    qgis_iface.removePluginRasterMenu.assert_any_call("Lithoscope", action)
    qgis_iface.removePluginRasterMenu.assert_any_call("Lithoscope", susceptibility)
    qgis_iface.removePluginRasterMenu.assert_any_call("Lithoscope", sequence)
    assert plugin.sequence_dialog is None and plugin.sequence_action is None and plugin.series_action is None
    assert plugin.dialog is None and plugin.classify_action is None and plugin.provider is None
    assert plugin.susceptibility_dialog is None and plugin.susceptibility_action is None
    assert plugin.models_dialog is None and plugin.models_action is None
    assert plugin.train_dialog is None and plugin.train_action is None
    assert plugin.terrain_dialog is None and plugin.terrain_action is None
    assert plugin.dependencies_dialog is None and plugin.dependencies_action is None
    qgis_iface.removePluginRasterMenu.assert_any_call("Lithoscope", models)


def test_unload_without_gui_removes_the_provider(qgis_iface, qgis_processing):
    """qgis_process only calls initProcessing(); unload() must still clean up."""
    from lithoscope import classFactory

    registry = QgsApplication.processingRegistry()
    if registry.providerById("lithoscope") is not None:
        registry.removeProvider(registry.providerById("lithoscope"))
    plugin = classFactory(qgis_iface)
    plugin.initProcessing()
    assert registry.algorithmById("lithoscope:set_model_metadata") is not None
    plugin.unload()
    assert registry.providerById("lithoscope") is None


def test_options_page_factory_registers_and_unregisters(qgis_iface, qgis_processing):
    """initGui adds the Lithoscope page to QGIS Options; unload takes it away again."""
    from lithoscope import classFactory
    from lithoscope.ui.settings_page import LithoscopeOptionsFactory, LithoscopeOptionsPage

    plugin = classFactory(qgis_iface)
    plugin.initGui()
    factory = plugin.options_factory
    try:
        assert isinstance(factory, LithoscopeOptionsFactory) and factory.title() == "Lithoscope"
        qgis_iface.registerOptionsWidgetFactory.assert_any_call(factory)
        page = factory.createWidget(None)
        assert isinstance(page, LithoscopeOptionsPage)
        page.deleteLater()
    finally:
        plugin.unload()
    qgis_iface.unregisterOptionsWidgetFactory.assert_any_call(factory)
    assert plugin.options_factory is None


def test_missing_packages_are_named_at_load_with_a_button_to_install_them(qgis_iface, monkeypatch):
    """At load the plugin says, in the message bar, which optional packages are missing and what needs them."""
    import importlib.util

    from lithoscope import classFactory

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "lasio" else real(name, *a))
    plugin = classFactory(qgis_iface)
    bar = qgis_iface.messageBar()
    text = plugin.notify_missing_dependencies()
    assert "lasio (for well logs read from LAS files)" in text and "onnxruntime" not in text
    item = bar.currentItem()
    assert item is not None and "lasio" in item.text()
    assert [b.text() for b in item.findChildren(QPushButton)] == ["Dependencies…"]
    monkeypatch.setattr(importlib.util, "find_spec", real)
    assert plugin.notify_missing_dependencies() == ""  # nothing missing: nothing said
