# SPDX-License-Identifier: GPL-2.0-or-later
"""The "Landslide susceptibility" dialog: factors, inventory, model, validation, run.

The user's choices become plain values in the main thread (`SusceptibilityJob`: file paths
and the core's parameter objects); a QgsTask runs the three steps of the core in the
background (build factors, train and validate, predict) and the finished layers are added to
the project, styled, with a link to the report. Choices are remembered between sessions.
No business logic here: the same steps run headless as lithoscope:buildfactors,
lithoscope:trainsusceptibility and lithoscope:susceptibility.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from qgis.core import (
    Qgis,
    QgsFieldProxyModel,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsRasterLayer,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.gui import QgsFieldComboBox, QgsFileWidget
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr, translate_message
from ..inference.errors import CancelledError, InputError, LithoscopeError
from ..inference.outputs.files import FolderSnapshot
from ..labels import terrain_factor_labels, validation_labels
from .common import (
    BackgroundRunMixin,
    FormScrollArea,
    JobTask,
    PlacedClearOfMessageBar,
    as_bool,
    as_list,
    layer_combo,
    raster_path,
    save_choices,
    unique_layer_name,
    vector_source,
)

if TYPE_CHECKING:  # for the annotations only: build_job imports the core when a run is built
    from ..susceptibility.workflow import PredictParams, TrainParams

SETTINGS_GROUP = "lithoscope/susceptibility"
TERRAIN = ("slope", "aspect_sin", "aspect_cos", "plan_curvature", "profile_curvature", "roughness", "tpi",
           "flow_accumulation", "twi", "relief_3", "relief_10", "relief_30")  # fmt: skip
MODEL_TYPES = ("random_forest", "logistic", "gradient_boosting", "mlp", "frequency_ratio")
VALIDATIONS = ("random", "spatial", "temporal")
CLASS_METHODS = ("quantile", "natural_breaks", "equal_interval")
SPATIAL_METHODS = ("blocks", "kmeans")
UNIT_SHAPES = ("area", "perimeter", "compactness")  # susceptibility.units.GEOMETRY_FACTORS
UNIT_LABELS = ("inventory", "label", "count")  # landslides per unit: from the inventory, a 0/1 field, a count field


@dataclass
class SusceptibilityJob:
    """Everything a run needs, as plain values (safe to hand to a background thread)."""

    folder: str
    factors: list = field(default_factory=list)  # factor specs to build; empty: use factors_path as it is
    factors_path: str = ""
    reference_path: str = ""
    fill_nodata: bool = False
    train: Any = None  # susceptibility.workflow.TrainParams
    predict: Any = None  # susceptibility.workflow.PredictParams


def build_job(choices: dict) -> SusceptibilityJob:
    """The job for the dialog's choices (layers and values); InputError when something is missing."""
    from ..susceptibility.models import import_sklearn

    import_sklearn()  # before anything is built: a missing scikit-learn is named with the command to install it
    folder = (choices.get("folder") or "").strip()
    if not folder:
        raise InputError(tr("Choose the output folder (Run step)."))
    if not os.path.isdir(folder):
        raise InputError(
            tr("The output folder {folder} does not exist; create it or choose another.").format(folder=folder)
        )
    job = SusceptibilityJob(folder=folder, fill_nodata=bool(choices.get("fill_nodata")))
    if choices.get("units_only"):
        if choices.get("units") is None:
            raise InputError(tr("Without a factors raster, choose the mapping units and their factor fields."))
        job.factors_path = None
    elif choices.get("use_existing"):
        if choices.get("factors_layer") is None:
            raise InputError(tr("Choose the factors raster (Factors step), or build the factors."))
        job.factors_path = raster_path(choices["factors_layer"])
    else:
        _add_factors_to_build(job, choices)
    job.train = _train_params(choices, folder, job.factors_path)
    job.predict = _predict_params(choices, folder, job.train)
    return job


def _add_factors_to_build(job: SusceptibilityJob, choices: dict) -> None:
    """The factors this run builds (Factors step): their grid, each factor, and the factors raster's path."""
    from ..susceptibility.factors import DistanceFactor, PolygonFieldFactor, RasterFactor, TerrainFactors

    reference = choices.get("reference") or choices.get("dem")
    if reference is None:
        raise InputError(tr("Choose a reference raster or a DEM: it gives the grid of the factors (Factors step)."))
    job.reference_path = raster_path(reference)
    if choices.get("dem") is not None and choices.get("terrain"):
        job.factors.append(TerrainFactors(raster_path(choices["dem"]), names=tuple(choices["terrain"])))
    for layer in choices.get("rasters", []):
        job.factors.append(RasterFactor(raster_path(layer), name=layer.name()))
    for layer in choices.get("categorical_rasters", []):
        job.factors.append(RasterFactor(raster_path(layer), name=layer.name(), kind="categorical"))
    for layer in choices.get("distance_to", []):
        path, sub = vector_source(layer)
        job.factors.append(DistanceFactor(path, name=f"distance_{layer.name()}", layer=sub))
    if choices.get("polygons") is not None:
        if not choices.get("polygon_field"):
            raise InputError(tr("Choose the field of the polygon layer whose classes are a factor."))
        path, sub = vector_source(choices["polygons"])
        field_name = choices["polygon_field"]  # lithology: classes, whether coded as text or as numbers
        job.factors.append(PolygonFieldFactor(path, field_name, name=field_name, layer=sub, categorical=True))
    if not job.factors:
        raise InputError(tr("Choose at least one factor: a DEM with terrain factors, rasters or vector layers."))
    job.factors_path = os.path.join(job.folder, "factors.tif")


def _train_params(choices: dict, folder: str, factors_path: str) -> TrainParams:
    """The training run (Inventory and Validation steps); its outputs go into `folder`."""
    from ..susceptibility.workflow import TrainParams

    units = choices.get("units")
    unit_labels = choices.get("unit_labels", "inventory") if units is not None else "inventory"
    inventory = inventory_layer = None
    if unit_labels == "inventory":
        if choices.get("inventory") is None:
            raise InputError(tr("Choose the landslide inventory (Inventory step)."))
        inventory, inventory_layer = vector_source(choices["inventory"])
    study_area = vector_source(choices["study_area"])[0] if choices.get("study_area") is not None else None
    validation = tuple(v for v in VALIDATIONS if v in choices.get("validation", ()))
    if not validation:
        raise InputError(tr("Choose at least one validation (Validation step)."))
    if "temporal" in validation and not choices.get("year_field"):
        raise InputError(tr("A temporal validation needs the inventory's year or date field (Inventory step)."))
    return TrainParams(
        **_unit_params(choices),
        temporal_split=_temporal_split(choices.get("temporal_split")),
        factors_path=factors_path,
        inventory_path=inventory,
        inventory_layer=inventory_layer,
        model_path=os.path.join(folder, "susceptibility_model.onnx"),
        report_path=os.path.join(folder, "susceptibility_report.html"),
        metrics_path=os.path.join(folder, "susceptibility_metrics.json"),
        model_type=choices.get("model_type", "random_forest"),
        validation=validation,
        folds=int(choices.get("folds", 5)),
        year_field=choices.get("year_field") or None,
        label_field=choices.get("label_field") or None,
        study_area_path=study_area,
        absence_ratio=float(choices.get("absence_ratio", 1.0)),
        buffer_m=float(choices["buffer_m"]) if choices.get("buffer_m") else None,
        seed=int(choices.get("seed", 0)),
        spatial_method=choices.get("spatial_method", "blocks"),
        compare_models=bool(choices.get("compare_models", True)),
        uncertainty=bool(choices.get("uncertainty", True)),  # the model holds its fold models for the map
        keep_fold_models=bool(choices.get("keep_fold_models", False)),
    )


def _unit_params(choices: dict) -> dict:
    """The mapping units' part of the training (Mapping units step): the units, their factors and labels."""
    units = choices.get("units")
    if units is None:
        return {}
    from ..susceptibility.units import UnitSpec

    path, layer = vector_source(units)
    labels = choices.get("unit_labels", "inventory")
    field_name = choices.get("unit_label_field") or None
    if labels != "inventory" and not field_name:
        raise InputError(tr("Choose the units' field that holds the landslides (Mapping units step)."))
    fields = tuple(choices.get("unit_fields") or ())
    spec = UnitSpec(
        fields=fields,
        categorical_fields=tuple(f for f in choices.get("unit_categorical") or () if f in fields),
        geometry=tuple(g for g in UNIT_SHAPES if g in (choices.get("unit_geometry") or ())),
        std=bool(choices.get("unit_std")),
        nodata="fill" if choices.get("unit_fill") else "drop",
    )
    return {
        "mapping_units_path": path,
        "units_layer": layer,
        "unit_spec": spec,
        "unit_label_field": field_name if labels == "label" else None,
        "unit_count_field": field_name if labels == "count" else None,
    }


def _temporal_split(text: Any) -> float | None:
    """The temporal split year (a year or a date) as a decimal year; None when empty."""
    text = str(text or "").strip()
    if not text:
        return None
    from ..susceptibility.inventory import parse_years

    return float(parse_years([text], tr("Temporal split"))[0])


def _predict_params(choices: dict, folder: str, train: TrainParams) -> PredictParams:
    """The map of the model `train` writes, over the same factors, with classes (Run step); with mapping units, their
    copy with the susceptibility fields too (alone, for a model of the units' own fields or shape)."""
    from ..susceptibility.workflow import PredictParams

    if train.mapping_units_path:
        spec = train.unit_spec
        units_out = os.path.join(folder, "susceptibility_units.gpkg")
        units = {"mapping_units_path": train.mapping_units_path, "units_layer": train.units_layer}
        if spec is not None and (spec.fields or spec.geometry or spec.std):  # a model of the units only
            return PredictParams(
                factors_path=train.factors_path,
                model_path=train.model_path,
                output_path=units_out,
                class_method=choices.get("class_method", "quantile"),
                **units,
            )
        return PredictParams(
            factors_path=train.factors_path,
            model_path=train.model_path,
            output_path=os.path.join(folder, "susceptibility.tif"),
            classes_path=os.path.join(folder, "susceptibility_classes.tif"),
            class_method=choices.get("class_method", "quantile"),
            units_output_path=units_out,
            **units,
        )
    return PredictParams(
        factors_path=train.factors_path,
        model_path=train.model_path,
        output_path=os.path.join(folder, "susceptibility.tif"),
        classes_path=os.path.join(folder, "susceptibility_classes.tif"),
        uncertainty_path=os.path.join(folder, "susceptibility_uncertainty.tif") if choices.get("uncertainty") else None,
        class_method=choices.get("class_method", "quantile"),
        inventory_path=train.inventory_path,
        inventory_layer=train.inventory_layer,
        label_field=choices.get("label_field") or None,
    )


def run_files(job: SusceptibilityJob) -> Callable[[str], bool]:
    """Whether a file name of the output folder is one this run writes: an output, or a side-car of one.

    The outputs, their .aux.xml and .qml, the class table, the fold models (`<model>.fold<k>.onnx`)
    and the report's plots (`<report>_*.png`); never another file that merely shares their stem.
    """
    from ..susceptibility.workflow import table_path_for

    outputs = [job.train.model_path, job.train.report_path, job.train.metrics_path, job.predict.output_path,
               job.predict.classes_path, job.predict.uncertainty_path, job.predict.units_output_path]  # fmt: skip
    if job.factors:  # built by this run (an existing factors raster is only read)
        outputs.append(job.factors_path)
    if job.predict.classes_path:
        outputs.append(table_path_for(job.predict.classes_path))
    names = set()
    for path in filter(None, outputs):
        name = os.path.basename(path)
        names |= {name, name + ".aux.xml", os.path.splitext(name)[0] + ".qml"}
    patterns = []
    if job.train.model_path:
        stem, ext = os.path.splitext(os.path.basename(job.train.model_path))
        patterns.append(re.compile(re.escape(stem) + r"\.fold\d+" + re.escape(ext or ".onnx")))
    if job.train.report_path:
        stem = os.path.splitext(os.path.basename(job.train.report_path))[0]
        patterns.append(re.compile(re.escape(stem) + r"_[^/\\]+\.png"))
    return lambda name: name in names or any(p.fullmatch(name) for p in patterns)


def run_job(job: SusceptibilityJob, progress, is_cancelled, log) -> dict:
    """The three steps of the core, one after the other; returns the paths written.

    Each step commits its own files, so this run's files are snapshotted first: a cancel or a
    failure in any step puts every earlier one back, byte for byte (other files are left alone).
    """
    snapshot = FolderSnapshot(job.folder, run_files(job))
    try:
        results = _run_steps(job, progress, is_cancelled, log)
    except BaseException:
        snapshot.restore()
        raise
    snapshot.discard()
    return results


def _run_steps(job: SusceptibilityJob, progress, is_cancelled, log) -> dict:
    from ..susceptibility.factors import build_factors
    from ..susceptibility.grid import grid_from_raster
    from ..susceptibility.workflow import predict, train

    def part(start: float, share: float):
        return lambda f: progress(start + share * f)

    if job.factors:
        log(tr("Step 1 of 3: building {n} factor source(s)…").format(n=len(job.factors)))
        grid = grid_from_raster(job.reference_path)
        build_factors(job.factors, grid, job.factors_path, job.fill_nodata, part(0.0, 0.25), is_cancelled, log)
    if is_cancelled():
        raise CancelledError()
    log(tr("Step 2 of 3: training and validating…"))
    trained = train(job.train, part(0.25, 0.5), is_cancelled, log)
    if is_cancelled():
        raise CancelledError()
    log(tr("Step 3 of 3: predicting the susceptibility map…"))
    predicted = predict(job.predict, part(0.75, 0.25), is_cancelled, log)
    progress(1.0)
    return {
        "factors": job.factors_path,
        "model": trained.model_path,
        "report": trained.report_path,
        "metrics": trained.metrics_path,
        "probability": predicted.output_path if not predicted.output_path.endswith(".gpkg") else None,
        "units": job.predict.units_output_path or (predicted.output_path if job.predict.mapping_units_path else None),
        "classes": predicted.classes_path,
        "uncertainty": predicted.uncertainty_path,
        "auc": {v.kind: v.mean_auc for v in trained.validations},
    }


def sklearn_error() -> str | None:
    """The install hint when scikit-learn (training) cannot be imported, else None."""
    from ..susceptibility.models import import_sklearn

    try:
        import_sklearn()
    except LithoscopeError as exc:
        return translate_message(str(exc))
    return None


class SusceptibilityDialog(PlacedClearOfMessageBar, BackgroundRunMixin, QDialog):
    """Lithoscope — Landslide susceptibility."""

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.task: JobTask | None = None
        self.added_layers: list = []
        self.last_results: dict | None = None
        self.setWindowTitle(tr("Lithoscope — Landslide susceptibility"))
        self.setMinimumWidth(560)
        self._build()
        self.restore_settings()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.steps = QTabWidget(self)
        steps = (
            (self._factors_step(), tr("1 Factors")),
            (self._inventory_step(), tr("2 Inventory")),
            (self._units_step(), tr("3 Mapping units")),
            (self._model_step(), tr("4 Model")),
            (self._validation_step(), tr("5 Validation")),
            (self._run_step(), tr("6 Run")),
        )
        for page, label in steps:  # a step taller than a laptop screen scrolls; the buttons stay in view
            self.steps.addTab(FormScrollArea(page, hint_height=600, min_height=440, parent=self), label)
        layout.addWidget(self.steps)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(tr("Back"), self)
        self.next_button = QPushButton(tr("Next"), self)
        self.run_button = QPushButton(tr("Run"), self)
        self.close_button = QPushButton(tr("Close"), self)
        for button in (self.back_button, self.next_button):
            buttons.addWidget(button)
        self._add_help_and_dependencies(buttons, "susceptibility", sklearn_error())
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(lambda: self.steps.setCurrentIndex(max(0, self.steps.currentIndex() - 1)))
        self.next_button.clicked.connect(
            lambda: self.steps.setCurrentIndex(min(self.steps.count() - 1, self.steps.currentIndex() + 1))
        )
        self.run_button.clicked.connect(self.run)
        self.close_button.clicked.connect(self._close_or_cancel)

    def _layer_list(self, filters) -> QListWidget:
        """A checkable list of the project's layers of one type."""
        widget = QListWidget(self)
        widget.setSelectionMode(QAbstractItemView.NoSelection)
        widget.setMaximumHeight(90)
        widget.setProperty("filters", int(filters))
        self._fill_layer_list(widget)
        return widget

    def _fill_layer_list(self, widget: QListWidget) -> None:
        checked = set(self._checked_ids(widget))
        widget.clear()
        raster = int(widget.property("filters")) == int(QgsMapLayerProxyModel.RasterLayer)
        for layer in QgsProject.instance().mapLayers().values():
            if isinstance(layer, QgsRasterLayer) != raster:
                continue
            item = QListWidgetItem(layer.name(), widget)
            item.setData(Qt.UserRole, layer.id())
            item.setCheckState(Qt.Checked if layer.id() in checked else Qt.Unchecked)

    @staticmethod
    def _checked_ids(widget: QListWidget) -> list[str]:
        items = [widget.item(i) for i in range(widget.count())]
        return [item.data(Qt.UserRole) for item in items if item.checkState() == Qt.Checked]

    def _checked_layers(self, widget: QListWidget) -> list:
        project = QgsProject.instance()
        return [project.mapLayer(i) for i in self._checked_ids(widget) if project.mapLayer(i) is not None]

    def _factors_step(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.existing_radio = QRadioButton(tr("Use a factors raster built before"), page)
        self.build_radio = QRadioButton(tr("Build the factors now"), page)
        self.build_radio.setChecked(True)
        form.addRow(self.build_radio)
        self.reference_combo = layer_combo(self, QgsMapLayerProxyModel.RasterLayer, allow_empty=True)
        self.reference_combo.setToolTip(tr("Its grid (CRS, cell size, extent) is the factors' grid; empty: the DEM's."))
        form.addRow(tr("Reference grid"), self.reference_combo)
        self.dem_combo = layer_combo(self, QgsMapLayerProxyModel.RasterLayer, allow_empty=True)
        form.addRow(tr("DEM (terrain factors)"), self.dem_combo)
        self.terrain_list = QListWidget(page)
        self.terrain_list.setMaximumHeight(90)
        labels = terrain_factor_labels()
        for code in TERRAIN:
            item = QListWidgetItem(labels.get(code, code), self.terrain_list)
            item.setData(Qt.UserRole, code)  # the run and the settings take the code, the list shows the label
            item.setToolTip(
                tr("{label} (factor name in the factors raster: {code})").format(label=item.text(), code=code)
            )
            item.setCheckState(Qt.Checked)
        form.addRow(tr("Terrain factors"), self.terrain_list)
        self.rasters_list = self._layer_list(QgsMapLayerProxyModel.RasterLayer)
        form.addRow(tr("Continuous rasters"), self.rasters_list)
        self.categorical_list = self._layer_list(QgsMapLayerProxyModel.RasterLayer)
        form.addRow(tr("Categorical rasters"), self.categorical_list)
        self.distance_list = self._layer_list(QgsMapLayerProxyModel.VectorLayer)
        form.addRow(tr("Distance to (faults, rivers, roads)"), self.distance_list)
        self.polygons_combo = layer_combo(self, QgsMapLayerProxyModel.PolygonLayer, allow_empty=True)
        self.polygon_field = QgsFieldComboBox(page)
        self.polygon_field.setAllowEmptyFieldName(True)
        self.polygons_combo.layerChanged.connect(self.polygon_field.setLayer)
        row = QHBoxLayout()
        row.addWidget(self.polygons_combo)
        row.addWidget(self.polygon_field)
        form.addRow(tr("Lithology polygons, field"), row)
        self.fill_check = QCheckBox(tr("Fill missing factor values (median, most common class)"), page)
        form.addRow(self.fill_check)
        form.addRow(self.existing_radio)
        self.factors_combo = layer_combo(self, QgsMapLayerProxyModel.RasterLayer, allow_empty=True)
        form.addRow(tr("Factors raster"), self.factors_combo)
        self.units_only_radio = QRadioButton(tr("No factors raster: the mapping units' fields are the factors"), page)
        form.addRow(self.units_only_radio)
        return page

    def _units_step(self) -> QWidget:
        """Slope units or other polygons as samples: their own fields and shape as factors, their landslides."""
        page = QWidget(self)
        form = QFormLayout(page)
        self.units_combo = layer_combo(self, QgsMapLayerProxyModel.PolygonLayer, allow_empty=True)
        self.units_combo.setToolTip(tr("Each unit is one sample and gets one susceptibility; empty: pixels."))
        form.addRow(tr("Mapping units (empty: pixels)"), self.units_combo)
        self.unit_fields_list = QListWidget(page)
        self.unit_fields_list.setMaximumHeight(80)
        form.addRow(tr("Fields used as factors"), self.unit_fields_list)
        self.unit_categorical_list = QListWidget(page)
        self.unit_categorical_list.setMaximumHeight(60)
        form.addRow(tr("Numeric fields holding class codes"), self.unit_categorical_list)
        shapes = QHBoxLayout()
        labels = {"area": tr("Area"), "perimeter": tr("Perimeter"), "compactness": tr("Compactness")}
        self.unit_shape_checks = {}
        for shape in UNIT_SHAPES:
            self.unit_shape_checks[shape] = QCheckBox(labels[shape], page)
            shapes.addWidget(self.unit_shape_checks[shape])
        form.addRow(tr("Shape as factors"), shapes)
        self.unit_std_check = QCheckBox(tr("Standard deviation of each raster factor per unit"), page)
        form.addRow(self.unit_std_check)
        self.unit_labels_combo = QComboBox(page)
        for value, label in zip(UNIT_LABELS, (tr("the inventory's landslides that meet it"), tr("a 0/1 label field"),
                                              tr("a landslide count field (> 0)"))):  # fmt: skip
            self.unit_labels_combo.addItem(label, value)
        self.unit_label_field = QgsFieldComboBox(page)
        self.unit_label_field.setFilters(QgsFieldProxyModel.Numeric)
        self.unit_label_field.setAllowEmptyFieldName(True)
        row = QHBoxLayout()
        row.addWidget(self.unit_labels_combo)
        row.addWidget(self.unit_label_field)
        form.addRow(tr("A unit holds landslides by"), row)
        self.unit_fill_check = QCheckBox(tr("Fill units lacking a value (median, most common value)"), page)
        form.addRow(self.unit_fill_check)
        self.units_combo.layerChanged.connect(self._units_changed)
        self.units_combo.layerChanged.connect(self.unit_label_field.setLayer)
        self._units_changed(self.units_combo.currentLayer())
        return page

    def _units_changed(self, layer) -> None:
        """List the unit layer's fields (checkable) for the factor and class-code choices."""
        for widget, numeric in ((self.unit_fields_list, False), (self.unit_categorical_list, True)):
            checked = set(self._checked_texts(widget))
            widget.clear()
            if not isinstance(layer, QgsVectorLayer):
                continue
            for f in layer.fields():
                if numeric and not f.isNumeric():
                    continue
                item = QListWidgetItem(f.name(), widget)
                item.setCheckState(Qt.Checked if f.name() in checked else Qt.Unchecked)

    @staticmethod
    def _checked_texts(widget: QListWidget) -> list[str]:
        items = [widget.item(i) for i in range(widget.count())]
        return [item.text() for item in items if item.checkState() == Qt.Checked]

    def _inventory_step(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.inventory_combo = layer_combo(
            self, QgsMapLayerProxyModel.PointLayer | QgsMapLayerProxyModel.PolygonLayer, allow_empty=True
        )
        form.addRow(tr("Landslide inventory (points or polygons)"), self.inventory_combo)
        self.label_field = QgsFieldComboBox(page)
        self.label_field.setAllowEmptyFieldName(True)
        self.label_field.setFilters(QgsFieldProxyModel.Numeric)
        form.addRow(tr("0/1 label field (empty: every feature is a landslide)"), self.label_field)
        self.year_field = QgsFieldComboBox(page)
        self.year_field.setAllowEmptyFieldName(True)
        form.addRow(tr("Year or date field (temporal validation)"), self.year_field)
        self.inventory_combo.layerChanged.connect(self.label_field.setLayer)
        self.inventory_combo.layerChanged.connect(self.year_field.setLayer)
        self.study_combo = layer_combo(self, QgsMapLayerProxyModel.PolygonLayer, allow_empty=True)
        form.addRow(tr("Study area (optional)"), self.study_combo)
        self.ratio_spin = QDoubleSpinBox(page)
        self.ratio_spin.setRange(0.1, 20.0)
        self.ratio_spin.setValue(1.0)
        form.addRow(tr("Absence samples per landslide"), self.ratio_spin)
        self.buffer_spin = QDoubleSpinBox(page)
        self.buffer_spin.setRange(0.0, 100000.0)
        self.buffer_spin.setSpecialValueText(tr("Two cells"))
        form.addRow(tr("No absences within (m) of a landslide"), self.buffer_spin)
        self.seed_spin = QSpinBox(page)
        self.seed_spin.setRange(0, 2**31 - 1)
        form.addRow(tr("Random seed"), self.seed_spin)
        return page

    def _model_step(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.model_combo = QComboBox(page)
        labels = (tr("Random forest"), tr("Logistic regression"), tr("Gradient boosting"), tr("Neural network (MLP)"),
                  tr("Frequency ratio (statistical baseline)"))  # fmt: skip
        for value, label in zip(MODEL_TYPES, labels):
            self.model_combo.addItem(label, value)
        form.addRow(tr("Model"), self.model_combo)
        self.compare_check = QCheckBox(tr("Compare with the other models in the report"), page)
        self.compare_check.setChecked(True)
        form.addRow(self.compare_check)
        return page

    def _validation_step(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.validation_checks = {}
        labels = {"random": tr("Random k-fold"), "spatial": tr("Spatial k-fold (the honest figure)"),
                  "temporal": tr("Temporal: train on earlier, test on later events")}  # fmt: skip
        for kind in VALIDATIONS:
            check = QCheckBox(labels[kind], page)
            check.setChecked(kind != "temporal")
            self.validation_checks[kind] = check
            form.addRow(check)
        self.folds_spin = QSpinBox(page)
        self.folds_spin.setRange(2, 20)
        self.folds_spin.setValue(5)
        form.addRow(tr("Folds"), self.folds_spin)
        self.spatial_combo = QComboBox(page)
        self.spatial_combo.addItem(tr("Square blocks"), "blocks")
        self.spatial_combo.addItem(tr("Clusters of coordinates (k-means)"), "kmeans")
        form.addRow(tr("Spatial folds from"), self.spatial_combo)
        self.temporal_split_edit = QLineEdit(page)
        self.temporal_split_edit.setPlaceholderText(tr("a year or date, e.g. 2015; empty: chosen"))
        form.addRow(tr("Temporal split (train before, test from)"), self.temporal_split_edit)
        self.keep_folds_check = QCheckBox(tr("Also write each fold model as its own file (name.foldN.onnx)"), page)
        self.keep_folds_check.setToolTip(
            tr(
                "The model keeps the fold models inside it for the uncertainty map; tick this to get each fold's "
                "model as a file too (larger output folder)."
            )
        )
        form.addRow(self.keep_folds_check)
        return page

    def _run_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.folder_widget = QgsFileWidget(page)
        self.folder_widget.setStorageMode(QgsFileWidget.GetDirectory)
        form.addRow(tr("Output folder"), self.folder_widget)
        self.class_combo = QComboBox(page)
        for value, label in zip(CLASS_METHODS, (tr("Quantiles"), tr("Natural breaks"), tr("Equal intervals"))):
            self.class_combo.addItem(label, value)
        form.addRow(tr("Five classes by"), self.class_combo)
        self.uncertainty_check = QCheckBox(tr("Uncertainty (spread of the fold models)"), page)
        self.uncertainty_check.setChecked(True)
        form.addRow(self.uncertainty_check)
        layout.addLayout(form)
        self._add_progress_and_log(layout, page, min_height=120, max_lines=0)
        self.summary = QLabel(page)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        return page

    # -- choices and settings ------------------------------------------------------------
    def choices(self) -> dict:
        """What the user chose, as layers and values."""
        terrain = [self.terrain_list.item(i).data(Qt.UserRole) for i in range(self.terrain_list.count())
                   if self.terrain_list.item(i).checkState() == Qt.Checked]  # fmt: skip
        return {
            "folder": self.folder_widget.filePath(),
            "use_existing": self.existing_radio.isChecked(),
            "factors_layer": self.factors_combo.currentLayer(),
            "reference": self.reference_combo.currentLayer(),
            "dem": self.dem_combo.currentLayer(),
            "terrain": terrain,
            "rasters": self._checked_layers(self.rasters_list),
            "categorical_rasters": self._checked_layers(self.categorical_list),
            "distance_to": self._checked_layers(self.distance_list),
            "polygons": self.polygons_combo.currentLayer(),
            "polygon_field": self.polygon_field.currentField(),
            "fill_nodata": self.fill_check.isChecked(),
            "inventory": self.inventory_combo.currentLayer(),
            "label_field": self.label_field.currentField(),
            "year_field": self.year_field.currentField(),
            "study_area": self.study_combo.currentLayer(),
            "absence_ratio": self.ratio_spin.value(),
            "buffer_m": self.buffer_spin.value(),
            "seed": self.seed_spin.value(),
            "model_type": self.model_combo.currentData(),
            "compare_models": self.compare_check.isChecked(),
            "validation": [k for k, c in self.validation_checks.items() if c.isChecked()],
            "folds": self.folds_spin.value(),
            "spatial_method": self.spatial_combo.currentData(),
            "class_method": self.class_combo.currentData(),
            "uncertainty": self.uncertainty_check.isChecked(),
            "keep_fold_models": self.keep_folds_check.isChecked(),
            "units_only": self.units_only_radio.isChecked(),
            "units": self.units_combo.currentLayer(),
            "unit_fields": self._checked_texts(self.unit_fields_list),
            "unit_categorical": self._checked_texts(self.unit_categorical_list),
            "unit_geometry": [g for g, check in self.unit_shape_checks.items() if check.isChecked()],
            "unit_std": self.unit_std_check.isChecked(),
            "unit_labels": self.unit_labels_combo.currentData(),
            "unit_label_field": self.unit_label_field.currentField(),
            "unit_fill": self.unit_fill_check.isChecked(),
            "temporal_split": self.temporal_split_edit.text(),
        }

    def save_settings(self) -> None:
        """Remember the choices (layers by their source) for the next time the dialog opens."""
        save_choices(SETTINGS_GROUP, self.choices())

    def restore_settings(self) -> None:
        settings = QgsSettings()

        def get(key: str, default=None):
            return settings.value(f"{SETTINGS_GROUP}/{key}", default)

        by_source = {layer.source(): layer for layer in QgsProject.instance().mapLayers().values()}
        for key, combo in (("reference", self.reference_combo), ("dem", self.dem_combo),
                           ("factors_layer", self.factors_combo), ("polygons", self.polygons_combo),
                           ("inventory", self.inventory_combo), ("study_area", self.study_combo),
                           ("units", self.units_combo)):  # fmt: skip
            layer = by_source.get(get(key, ""))
            if layer is not None:
                combo.setLayer(layer)
        for key, widget in (("rasters", self.rasters_list), ("categorical_rasters", self.categorical_list),
                            ("distance_to", self.distance_list)):  # fmt: skip
            wanted = set(as_list(get(key, [])))
            for i in range(widget.count()):
                layer = QgsProject.instance().mapLayer(widget.item(i).data(Qt.UserRole))
                if layer is not None and layer.source() in wanted:
                    widget.item(i).setCheckState(Qt.Checked)
        terrain = get("terrain")
        if terrain is not None:
            chosen = set(as_list(terrain))
            for i in range(self.terrain_list.count()):
                item = self.terrain_list.item(i)
                item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in chosen else Qt.Unchecked)
        field_combos = (("polygon_field", self.polygon_field), ("label_field", self.label_field),
                        ("year_field", self.year_field), ("unit_label_field", self.unit_label_field))  # fmt: skip
        for key, field_combo in field_combos:
            if get(key):
                field_combo.setField(get(key))
        self.folder_widget.setFilePath(get("folder", "") or "")
        self.existing_radio.setChecked(as_bool(get("use_existing", False)))
        self.units_only_radio.setChecked(as_bool(get("units_only", False)))
        for key, widget in (("unit_fields", self.unit_fields_list), ("unit_categorical", self.unit_categorical_list)):
            wanted = set(as_list(get(key, [])))
            for i in range(widget.count()):
                widget.item(i).setCheckState(Qt.Checked if widget.item(i).text() in wanted else Qt.Unchecked)
        shapes = set(as_list(get("unit_geometry", [])))
        for shape, check in self.unit_shape_checks.items():
            check.setChecked(shape in shapes)
        self.unit_std_check.setChecked(as_bool(get("unit_std", False)))
        self.unit_fill_check.setChecked(as_bool(get("unit_fill", False)))
        self.temporal_split_edit.setText(str(get("temporal_split", "") or ""))
        self.fill_check.setChecked(as_bool(get("fill_nodata", False)))
        self.compare_check.setChecked(as_bool(get("compare_models", True)))
        self.uncertainty_check.setChecked(as_bool(get("uncertainty", True)))
        self.keep_folds_check.setChecked(as_bool(get("keep_fold_models", False)))
        self.ratio_spin.setValue(float(get("absence_ratio", 1.0)))
        self.buffer_spin.setValue(float(get("buffer_m", 0.0) or 0.0))
        self.seed_spin.setValue(int(get("seed", 0)))
        self.folds_spin.setValue(int(get("folds", 5)))
        for combo, key in ((self.model_combo, "model_type"), (self.spatial_combo, "spatial_method"),
                           (self.class_combo, "class_method"), (self.unit_labels_combo, "unit_labels")):  # fmt: skip
            index = combo.findData(get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        validation = get("validation")
        if validation is not None:
            chosen = set(as_list(validation))
            for kind, check in self.validation_checks.items():
                check.setChecked(kind in chosen)

    # -- running -------------------------------------------------------------------------
    def log(self, text: str, error: bool = False) -> None:
        self.log_view.appendPlainText(("⚠ " if error else "") + text)

    def run(self) -> None:
        """Start the three steps in the background."""
        if self.task is not None:
            return
        self.steps.setCurrentIndex(self.steps.count() - 1)
        job = self.job_or_warning(lambda: build_job(self.choices()))
        if job is None:
            return
        self.save_settings()
        self.log_view.clear()
        self.progress.setValue(0)
        self.summary.clear()
        self.start_job(
            tr("Landslide susceptibility"),
            lambda progress, is_cancelled, log: run_job(job, progress, is_cancelled, log),
            tr("Cancelled; the outputs of this run were not written (earlier files are unchanged)."),
        )

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.close_button.setText(tr("Cancel") if running else tr("Close"))
        for index in range(self.steps.count() - 1):
            self.steps.widget(index).setEnabled(not running)

    def _on_done(self, results: dict | None, error: str) -> None:
        self.task = None
        self._set_running(False)
        if error or results is None:
            self.log(error, error=True)
            self.iface.messageBar().pushMessage(tr("Lithoscope"), error, level=Qgis.Warning, duration=0)
            return
        self.last_results = results
        self.progress.setValue(100)
        self.added_layers = self.add_result_layers(results)
        labels = validation_labels()
        auc = ", ".join(f"{labels.get(kind, kind)} {value:.2f}" for kind, value in results["auc"].items())
        self.summary.setText(
            tr("Cross-validated AUC: {auc}. Report: {report}").format(auc=auc, report=results["report"])
        )
        self._report_message(results)

    def _report_message(self, results: dict) -> None:
        bar = self.iface.messageBar()
        widget = bar.createMessage(tr("Lithoscope"), tr("Susceptibility map ready."))
        button = QPushButton(tr("Open the report"), widget)
        button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(results["report"])))
        widget.layout().addWidget(button)
        bar.pushWidget(widget, Qgis.Success, 0)

    def add_result_layers(self, results: dict) -> list:
        """Add the maps to the project (their .qml styles load as default styles)."""
        added = []
        names = {"probability": tr("Landslide susceptibility"), "classes": tr("Susceptibility classes"),
                 "uncertainty": tr("Susceptibility uncertainty")}  # fmt: skip
        for key in ("uncertainty", "probability", "classes"):
            path = results.get(key)
            if not path or not os.path.exists(path):
                continue
            layer = QgsRasterLayer(path, unique_layer_name(names[key]))
            if layer.isValid():
                QgsProject.instance().addMapLayer(layer)
                added.append(layer)
        units = results.get("units")
        if units and os.path.exists(units):
            layer = QgsVectorLayer(units, unique_layer_name(tr("Mapping units susceptibility")), "ogr")
            if layer.isValid():
                layer.loadNamedStyle(os.path.splitext(units)[0] + ".qml")  # filled by class
                QgsProject.instance().addMapLayer(layer)
                added.append(layer)
        return added
