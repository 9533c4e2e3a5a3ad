# SPDX-License-Identifier: GPL-2.0-or-later
"""Plugin wiring: the toolbar and menu action, the Processing provider, and a clean unload."""

from __future__ import annotations

import os

from qgis.core import Qgis, QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QPushButton

from .i18n import core_label, locale_in_use, tr, translation_file


def recover_unfinished_runs() -> None:
    """Finish or undo the output commits of runs that were killed (inference/outputs/recovery.py), at load.

    Also headless (qgis_process loads the provider through initProcessing). Never stops the plugin from
    loading: what goes wrong is logged in QGIS's Lithoscope log tab.
    """
    import traceback

    from qgis.core import Qgis, QgsMessageLog

    from .inference.outputs.recovery import recover_pending

    try:
        recover_pending(lambda message: QgsMessageLog.logMessage(message, "Lithoscope", Qgis.Warning))
    except Exception:  # noqa: BLE001 (whatever it is, QGIS must start; the traceback is kept in the log)
        QgsMessageLog.logMessage(traceback.format_exc(), "Lithoscope", Qgis.Critical)


PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))
ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "icon.svg")
SUSCEPTIBILITY_ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "susceptibility.svg")
SEQUENCE_ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "sequence.svg")
SERIES_TOOL_ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "series_tool.svg")
MODELS_ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "models.svg")
TRAIN_ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "train.svg")
TERRAIN_ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "terrain.svg")


class LithoscopePlugin:
    """What QGIS sees of Lithoscope: the toolbar's dialogs and series tool, and the 'lithoscope' provider."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider = None
        self.toolbar = None
        self.classify_action: QAction | None = None
        self.susceptibility_action: QAction | None = None
        self.sequence_action: QAction | None = None
        self.series_action: QAction | None = None
        self.models_action: QAction | None = None
        self.train_action: QAction | None = None
        self.terrain_action: QAction | None = None
        self.dependencies_action: QAction | None = None
        self.models_dialog = None
        self.dependencies_dialog = None
        self.train_dialog = None
        self.terrain_dialog = None
        self.dialog = None
        self.susceptibility_dialog = None
        self.sequence_dialog = None
        self.series_tool = None
        self.options_factory = None
        self.translator = self._install_translator()
        if self.translator is not None:
            # The core's report and plot labels (inference/text.py) in the same language, headless runs included.
            from .i18n import translate_message
            from .inference.text import set_label_translator, set_message_translator

            set_label_translator(core_label)
            set_message_translator(translate_message)

    @staticmethod
    def _install_translator() -> QTranslator | None:
        """Load resources/i18n/lithoscope_<code>.qm for the language QGIS runs in (i18n.translation_codes)."""
        settings = QgsSettings()
        app = QgsApplication.instance()
        locale = locale_in_use(
            settings.value("locale/overrideFlag", False, type=bool),
            str(settings.value("locale/userLocale", "") or ""),
            app.translation() if isinstance(app, QgsApplication) else "",
            QLocale().name(),
        )
        path = translation_file(locale)
        if path is None:
            return None
        translator = QTranslator()
        if not translator.load(path):
            return None
        QCoreApplication.installTranslator(translator)
        return translator

    @property
    def menu_name(self) -> str:
        """Name of the entry in the Raster menu."""
        return tr("Lithoscope")

    def initProcessing(self) -> None:  # noqa: N802 (name required by QGIS)
        """Register the Processing provider once (QGIS and initGui may both call this)."""
        if self.provider is not None:
            return
        recover_unfinished_runs()
        from .processing.provider import LithoscopeProvider

        provider = LithoscopeProvider()
        if QgsApplication.processingRegistry().addProvider(provider):
            self.provider = provider

    def initGui(self) -> None:  # noqa: N802 (name required by QGIS)
        """Add the toolbar, the menu entry and the Processing provider."""
        self.initProcessing()
        self.classify_action = QAction(QIcon(ICON_PATH), tr("Classify raster…"), self.iface.mainWindow())
        self.classify_action.setObjectName("LithoscopeClassifyAction")
        self.classify_action.setToolTip(tr("Classify a raster with a deep-learning model (ONNX)"))
        self.classify_action.triggered.connect(self.show_classify_dialog)
        self.toolbar = self.iface.addToolBar(tr("Lithoscope"))
        self.toolbar.setObjectName("LithoscopeToolbar")
        self.toolbar.addAction(self.classify_action)
        self.iface.addPluginToRasterMenu(self.menu_name, self.classify_action)
        self.susceptibility_action = QAction(
            QIcon(SUSCEPTIBILITY_ICON_PATH), tr("Landslide susceptibility…"), self.iface.mainWindow()
        )
        self.susceptibility_action.setObjectName("LithoscopeSusceptibilityAction")
        self.susceptibility_action.setToolTip(
            tr("Build factors, train on a landslide inventory, validate and map landslide susceptibility")
        )
        self.susceptibility_action.triggered.connect(self.show_susceptibility_dialog)
        self.toolbar.addAction(self.susceptibility_action)
        self.iface.addPluginToRasterMenu(self.menu_name, self.susceptibility_action)
        self.sequence_action = QAction(QIcon(SEQUENCE_ICON_PATH), tr("Sequence models…"), self.iface.mainWindow())
        self.sequence_action.setObjectName("LithoscopeSequenceAction")
        self.sequence_action.setToolTip(
            tr("Run a sequence model (LSTM, GRU) per pixel of a time stack, per monitoring point or per well depth")
        )
        self.sequence_action.triggered.connect(self.show_sequence_dialog)
        self.toolbar.addAction(self.sequence_action)
        self.iface.addPluginToRasterMenu(self.menu_name, self.sequence_action)
        self.series_action = QAction(QIcon(SERIES_TOOL_ICON_PATH), tr("Inspect series"), self.iface.mainWindow())
        self.series_action.setObjectName("LithoscopeSeriesToolAction")
        self.series_action.setToolTip(
            tr("Click a pixel or feature of the active layer to plot its series with the sequence model's prediction")
        )
        self.series_action.setCheckable(True)
        self.series_action.triggered.connect(self.start_series_tool)
        self.toolbar.addAction(self.series_action)
        self.iface.addPluginToRasterMenu(self.menu_name, self.series_action)
        self.models_action = QAction(QIcon(MODELS_ICON_PATH), tr("Model manager…"), self.iface.mainWindow())
        self.models_action.setObjectName("LithoscopeModelManagerAction")
        self.models_action.setToolTip(tr("The shipped models and yours: model cards, contracts, import, metadata"))
        self.models_action.triggered.connect(self.show_model_manager)
        self.toolbar.addAction(self.models_action)
        self.iface.addPluginToRasterMenu(self.menu_name, self.models_action)
        self.train_action = QAction(QIcon(TRAIN_ICON_PATH), tr("Train a model…"), self.iface.mainWindow())
        self.train_action.setObjectName("LithoscopeTrainAction")
        self.train_action.setToolTip(
            tr("Train a deep model on your own layers: maps from labels, sequences, well-log facies")
        )
        self.train_action.triggered.connect(self.show_train_dialog)
        self.toolbar.addAction(self.train_action)
        self.iface.addPluginToRasterMenu(self.menu_name, self.train_action)
        self.terrain_action = QAction(QIcon(TERRAIN_ICON_PATH), tr("Encode and fill voids…"), self.iface.mainWindow())
        self.terrain_action.setObjectName("LithoscopeTerrainAction")
        self.terrain_action.setToolTip(
            tr("Autoencoder latent bands, anomaly maps and landform units; DEM void filling")
        )
        self.terrain_action.triggered.connect(self.show_terrain_dialog)
        self.toolbar.addAction(self.terrain_action)
        self.iface.addPluginToRasterMenu(self.menu_name, self.terrain_action)
        self.dependencies_action = QAction(tr("Dependencies…"), self.iface.mainWindow())
        self.dependencies_action.setObjectName("LithoscopeDependenciesAction")
        self.dependencies_action.setToolTip(tr("The optional Python packages Lithoscope uses, and how to install them"))
        self.dependencies_action.triggered.connect(self.show_dependencies)
        self.iface.addPluginToRasterMenu(self.menu_name, self.dependencies_action)
        from .ui.settings_page import LithoscopeOptionsFactory

        self.options_factory = LithoscopeOptionsFactory(ICON_PATH, self.show_model_manager, self.show_dependencies)
        self.options_factory.setObjectName("LithoscopeOptionsFactory")
        self.iface.registerOptionsWidgetFactory(self.options_factory)
        self.notify_missing_dependencies()

    def notify_missing_dependencies(self) -> str:
        """At load: say in the message bar which optional packages are missing and what needs them, with a button
        to the Dependencies dialog (found without importing them, so loading stays quick). Returns the text ('' if
        none is missing)."""
        from .inference.dependencies import missing_at_load

        missing = missing_at_load()
        if not missing:
            return ""
        from .ui.dependencies_dialog import needed_by  # only when there is something to say: loading stays light

        text = tr("Missing Python packages: {list}. Install them from Dependencies… (Raster > Lithoscope).").format(
            list="; ".join(tr("{name} (for {needed_by})").format(name=n, needed_by=needed_by(n)) for n, _ in missing)
        )
        bar = self.iface.messageBar()
        item = bar.createMessage(tr("Lithoscope"), text)
        button = QPushButton(tr("Dependencies…"), item)
        button.clicked.connect(self.show_dependencies)
        item.layout().addWidget(button)
        level = Qgis.Warning if any(name == "onnxruntime" for name, _ in missing) else Qgis.Info
        bar.pushWidget(item, level, 15)
        return text

    def unload(self) -> None:
        """Remove everything initGui and initProcessing added."""
        if self.dialog is not None:
            self.dialog.cancel_run()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if self.susceptibility_dialog is not None:
            self.susceptibility_dialog.cancel_run()
            self.susceptibility_dialog.close()
            self.susceptibility_dialog.deleteLater()
            self.susceptibility_dialog = None
        if self.sequence_dialog is not None:
            self.sequence_dialog.unload()
            self.sequence_dialog.close()
            self.sequence_dialog.deleteLater()
            self.sequence_dialog = None
        if self.series_tool is not None:
            self.series_tool.stop()
            self.series_tool = None
        for name in ("models_dialog", "dependencies_dialog", "train_dialog", "terrain_dialog"):
            dialog = getattr(self, name)
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
                setattr(self, name, None)
        actions = (
            self.classify_action,
            self.susceptibility_action,
            self.sequence_action,
            self.series_action,
            self.models_action,
            self.train_action,
            self.terrain_action,
            self.dependencies_action,
        )
        for action in actions:
            if action is None:
                continue
            self.iface.removePluginRasterMenu(self.menu_name, action)
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.classify_action = self.susceptibility_action = self.sequence_action = self.series_action = None
        self.models_action = self.train_action = self.terrain_action = self.dependencies_action = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.setParent(None)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            from .inference.text import set_label_translator, set_message_translator

            set_label_translator(None)
            set_message_translator(None)
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    def show_susceptibility_dialog(self) -> None:
        """Open (or raise) the "Landslide susceptibility" dialog."""
        if self.susceptibility_dialog is None:
            from .ui.susceptibility_dialog import SusceptibilityDialog

            self.susceptibility_dialog = SusceptibilityDialog(self.iface, self.iface.mainWindow())
        self.susceptibility_dialog.show()
        self.susceptibility_dialog.raise_()
        self.susceptibility_dialog.activateWindow()

    def show_sequence_dialog(self) -> None:
        """Open (or raise) the "Sequence models" dialog."""
        if self.sequence_dialog is None:
            from .ui.sequence_dialog import SequenceDialog

            self.sequence_dialog = SequenceDialog(self.iface, self.iface.mainWindow())
        self.sequence_dialog.show()
        self.sequence_dialog.raise_()
        self.sequence_dialog.activateWindow()

    def start_series_tool(self) -> None:
        """The series map tool on the active layer, with the Sequence dialog's model (or the last one used)."""
        from qgis.core import Qgis

        from .ui.sequence_dialog import SequenceDialog
        from .ui.series_tool import start_series_tool

        model = self.sequence_dialog.model() if self.sequence_dialog is not None else ""
        model = model or SequenceDialog.last_model()
        if not model:
            self.series_action.setChecked(False)
            self.iface.messageBar().pushMessage(
                tr("Lithoscope"),
                tr("Choose a sequence model first (Sequence models…), then click Inspect series again."),
                level=Qgis.Warning,
                duration=6,
            )
            self.show_sequence_dialog()
            return
        self.series_tool = start_series_tool(self.iface, model, None, self.series_action, tool=self.series_tool)

    def show_classify_dialog(self) -> None:
        """Open (or raise) the "Classify raster" dialog."""
        if self.dialog is None:
            from .ui.classify_dialog import ClassifyDialog

            self.dialog = ClassifyDialog(self.iface, self.iface.mainWindow())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def show_model_manager(self) -> None:
        """Open (or raise) the model manager."""
        if self.models_dialog is None:
            from .ui.model_manager import ModelManagerDialog

            self.models_dialog = ModelManagerDialog(self.iface, self.iface.mainWindow())
        self.models_dialog.refresh(select=self.models_dialog.current_path())
        self.models_dialog.show()
        self.models_dialog.raise_()
        self.models_dialog.activateWindow()

    def show_train_dialog(self) -> None:
        """Open (or raise) the "Train a model" dialog."""
        if self.train_dialog is None:
            from .ui.train_dialog import TrainDialog

            self.train_dialog = TrainDialog(self.iface, self.iface.mainWindow())
        self.train_dialog.refresh_environment()
        self.train_dialog.show()
        self.train_dialog.raise_()
        self.train_dialog.activateWindow()

    def show_terrain_dialog(self) -> None:
        """Open (or raise) the "Encode and fill voids" dialog."""
        if self.terrain_dialog is None:
            from .ui.train_dialog import TerrainDialog

            self.terrain_dialog = TerrainDialog(self.iface, self.iface.mainWindow())
        self.terrain_dialog.show()
        self.terrain_dialog.raise_()
        self.terrain_dialog.activateWindow()

    def show_dependencies(self) -> None:
        """Open (or raise) the dependency manager."""
        if self.dependencies_dialog is None:
            from .ui.dependencies_dialog import DependenciesDialog

            self.dependencies_dialog = DependenciesDialog(self.iface.mainWindow())
        else:
            self.dependencies_dialog.refresh()
        self.dependencies_dialog.show()
        self.dependencies_dialog.raise_()
        self.dependencies_dialog.activateWindow()
