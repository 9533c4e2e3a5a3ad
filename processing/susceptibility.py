# SPDX-License-Identifier: GPL-2.0-or-later
"""Processing algorithms `lithoscope:trainsusceptibility` and `lithoscope:susceptibility`.

Adapters only: QGIS layers and parameters -> `susceptibility.workflow.TrainParams` / `PredictParams`,
and the results -> named, styled output layers. The work is in susceptibility/ (no QGIS import).
"""

from __future__ import annotations

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
    QgsProcessingParameterVectorLayer,
    QgsRasterLayer,
)

from ..i18n import tr
from ..labels import validation_labels
from .algorithm import LithoscopeAlgorithm, advanced, parse_numbers
from .classify import name_output
from .layers import raster_file_path, vector_file_source

# Option order of the enums (susceptibility.models.MODEL_TYPES, validation.VALIDATION_KINDS, ...), not
# imported here so that listing the algorithms does not import scikit-learn; a test checks they agree.
MODEL_CHOICES = ("random_forest", "logistic", "gradient_boosting", "mlp", "frequency_ratio")
VALIDATION_CHOICES = ("random", "spatial", "temporal")
SPATIAL_CHOICES = ("blocks", "kmeans")
ENCODING_CHOICES = ("onehot", "target")
CLASS_METHOD_CHOICES = ("quantile", "natural_breaks", "equal_interval", "user")
_ENGINE_KEYS = ("tile_size", "batch_size", "device", "threads", "executor", "scheduler", "workers")


def _vector_path(alg: LithoscopeAlgorithm, parameters: dict, name: str, context) -> tuple[str | None, str | None]:
    """(file, layer name) of an optional vector layer parameter; (None, None) when not given."""
    if not alg.given(parameters, name):
        return None, None
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    if layer is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, name))
    return vector_file_source(layer)


INVENTORY_RASTER = "INVENTORY_RASTER"
# Files that older scripts passed to INVENTORY as a raster inventory (INVENTORY took rasters before it became
# vector-only: QGIS 3.22's form crashed when a raster fed its label field parameter).
_RASTER_SUFFIXES = (".tif", ".tiff", ".vrt", ".img", ".asc", ".jp2", ".nc", ".bil", ".flt", ".sdat", ".rst")


def _raster_given_as_inventory(value, context) -> bool:
    """Whether an INVENTORY value names a raster (a raster layer, its id or name, or a raster file's path)."""
    from qgis.core import QgsProcessingUtils

    if isinstance(value, QgsRasterLayer):
        return True
    if not isinstance(value, str) or not value.strip():
        return False
    if os.path.splitext(value.split("|")[0].strip())[1].lower() in _RASTER_SUFFIXES:
        return True
    return isinstance(QgsProcessingUtils.mapLayerFromString(value, context, False), QgsRasterLayer)


def raster_inventory_moved(parameters: dict, context) -> dict:
    """The parameters with a raster given to INVENTORY (as older scripts did) moved to INVENTORY_RASTER.

    Raises a QgsProcessingException when both INVENTORY and INVENTORY_RASTER hold an inventory.
    """
    value = parameters.get("INVENTORY")
    if not _raster_given_as_inventory(value, context):
        return parameters
    if parameters.get(INVENTORY_RASTER) not in (None, ""):
        raise QgsProcessingException(_both_inventories_message())
    moved = dict(parameters)
    moved[INVENTORY_RASTER] = moved.pop("INVENTORY")
    return moved


def _both_inventories_message() -> str:
    return tr(
        "Give the landslide inventory once: as points or polygons (INVENTORY) or as a raster with 1 = landslide "
        "(INVENTORY_RASTER), not both."
    )


def _inventory_parameters(alg: LithoscopeAlgorithm, label: str, raster_label: str) -> None:
    """INVENTORY (points or polygons: it is the parent of field parameters) and INVENTORY_RASTER, apart.

    One parameter taking both vectors and rasters crashed QGIS 3.22's algorithm dialog: its field parameters
    were fed a raster layer.
    """
    alg.addParameter(
        QgsProcessingParameterVectorLayer(
            alg.INVENTORY, label, [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon], optional=True
        )
    )
    alg.addParameter(QgsProcessingParameterRasterLayer(INVENTORY_RASTER, raster_label, optional=True))


def _inventory_values(alg: LithoscopeAlgorithm, parameters: dict, context) -> tuple[str | None, str | None]:
    """(file, layer name) of the inventory, from INVENTORY or INVENTORY_RASTER; (None, None) when neither."""
    parameters = raster_inventory_moved(parameters, context)
    vector_given, raster_given = alg.given(parameters, alg.INVENTORY), alg.given(parameters, INVENTORY_RASTER)
    if vector_given and raster_given:
        raise QgsProcessingException(_both_inventories_message())
    if raster_given:
        layer = alg.parameterAsRasterLayer(parameters, INVENTORY_RASTER, context)
        if layer is None:
            raise QgsProcessingException(alg.invalidRasterError(parameters, INVENTORY_RASTER))
        return raster_file_path(layer), None
    if vector_given:
        layer = alg.parameterAsVectorLayer(parameters, alg.INVENTORY, context)
        if layer is None:
            raise QgsProcessingException(alg.invalidSourceError(parameters, alg.INVENTORY))
        return vector_file_source(layer)
    return None, None


class _InventoryChecks:
    """checkParameterValues that reads a raster given to INVENTORY (older scripts) as INVENTORY_RASTER."""

    HELP_TOPIC = "susceptibility"

    def checkParameterValues(self, parameters: dict, context) -> tuple[bool, str]:  # noqa: N802 (QGIS API)
        try:
            parameters = raster_inventory_moved(parameters, context)
        except QgsProcessingException as exc:
            return False, str(exc)
        if self.given(parameters, self.INVENTORY) and self.given(parameters, INVENTORY_RASTER):
            return False, _both_inventories_message()
        return super().checkParameterValues(parameters, context)


class TrainSusceptibilityAlgorithm(_InventoryChecks, LithoscopeAlgorithm):
    """Train, validate and export a landslide susceptibility model from factors and an inventory."""

    FACTORS = "FACTORS"
    INVENTORY = "INVENTORY"
    VALIDATION = "VALIDATION"
    FOLDS = "FOLDS"
    YEAR_FIELD = "YEAR_FIELD"
    LABEL_FIELD = "LABEL_FIELD"
    STUDY_AREA = "STUDY_AREA"
    MAPPING_UNITS = "MAPPING_UNITS"
    UNIT_FIELDS = "UNIT_FIELDS"
    UNIT_CATEGORICAL = "UNIT_CATEGORICAL"
    UNIT_GEOMETRY = "UNIT_GEOMETRY"
    UNIT_STD = "UNIT_STD"
    UNIT_LABEL_FIELD = "UNIT_LABEL_FIELD"
    UNIT_COUNT_FIELD = "UNIT_COUNT_FIELD"
    UNIT_NODATA = "UNIT_NODATA"
    TEMPORAL_SPLIT = "TEMPORAL_SPLIT"
    MODEL_TYPE = "MODEL_TYPE"
    ABSENCE_RATIO = "ABSENCE_RATIO"
    BUFFER = "BUFFER"
    SEED = "SEED"
    SPATIAL_METHOD = "SPATIAL_METHOD"
    CATEGORICAL_ENCODING = "CATEGORICAL_ENCODING"
    COMPARE_MODELS = "COMPARE_MODELS"
    UNCERTAINTY = "UNCERTAINTY"
    KEEP_FOLD_MODELS = "KEEP_FOLD_MODELS"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_METRICS = "OUTPUT_METRICS"

    def name(self) -> str:
        return "trainsusceptibility"

    def displayName(self) -> str:  # noqa: N802
        return tr("Train landslide susceptibility model")

    def tags(self) -> list[str]:
        return tr("landslide,susceptibility,hazard,random forest,logistic,frequency ratio,cross-validation,auc").split(
            ","
        )

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Trains a landslide susceptibility model on a factors raster (one band per factor, e.g. from Build "
            "susceptibility factors) and a landslide inventory, validates it and writes it as an ONNX model that "
            "Landslide susceptibility map (and Classify raster) runs.\n\n"
            "Inventory: landslide points or polygons in any CRS (a polygon gives the pixels whose centre lies "
            "inside it), or, as the raster inventory, a raster where 1 marks landslides. Absences are drawn at "
            "random outside a buffer around the landslides (default 2 cells), inside the study area if given, "
            "ABSENCE_RATIO times as many as "
            "landslides, reproducibly from SEED. With a label field (1 = landslide, 0 = not) the points are used "
            "as given.\n\n"
            "Mapping units (slope units or any polygons): each unit is one sample. Its factors: the factors raster "
            "per unit (mean of continuous factors, with their standard deviation if asked; majority of categorical "
            "ones), the unit layer's own fields (numbers as they are, text and fields marked categorical as classes) "
            "and its area, perimeter and compactness if asked; with the units' own fields, the factors raster may be "
            "left empty. Its label: the units' label field (1/0), their landslide count field (a unit with a count "
            "above 0 holds landslides), or the inventory's landslides that meet it. Units lacking a factor value are "
            "left out or filled, as chosen; spatial folds hold out units by their centroids.\n\n"
            "Models: random forest, logistic regression, gradient boosting, a neural network (MLP) and the "
            "frequency-ratio baseline; classes are weighted so landslides and absences count equally.\n\n"
            "Validation: random k-fold, spatial k-fold (square blocks or k-means clusters of coordinates held out "
            "whole, the honest estimate for a new area; both are run and reported side by side) and temporal (train "
            "on landslides before the split year, test on those from it on; needs the year field; the split year is "
            "chosen when not given). The metrics JSON holds the AUC of every fold; the HTML report shows ROC "
            "and precision-recall curves, success- and prediction-rate curves, the importance of each factor, "
            "partial dependence, every model type compared, and explains what the numbers mean.\n\n"
            "Model size: a random forest's leaf size and tree count are chosen by out-of-bag AUC in every fit (inside "
            "each cross-validation fold too), so the forest suits the sample count; the report and metrics state "
            "the choice and the ONNX size. With UNCERTAINTY (default) the model file also holds the fold models of "
            "the validation in the same graph, so the uncertainty map takes one pass over the factors (a map "
            "without it does not run them). KEEP_FOLD_MODELS also writes each fold model beside the model "
            "(name.foldN.onnx).\n\n"
            "Needs scikit-learn and skl2onnx in QGIS's Python."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self._add_input_parameters()
        self._add_model_parameters()
        self._add_sampling_parameters()
        self._add_advanced_parameters()
        self._add_training_outputs()

    def _add_input_parameters(self) -> None:
        """The factors raster and the landslide inventory."""
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.FACTORS,
                tr("Factors raster (one band per factor; empty with mapping units whose fields are the factors)"),
                optional=True,
            )
        )
        _inventory_parameters(
            self,
            tr("Landslide inventory (points or polygons; empty with unit labels)"),
            tr("Landslide inventory as a raster (1 = landslide), instead of points or polygons"),
        )

    def _add_model_parameters(self) -> None:
        """The model type, the validations and their folds, and the inventory's year and label fields."""
        self.addParameter(
            QgsProcessingParameterEnum(
                self.MODEL_TYPE,
                tr("Model"),
                options=[
                    tr("Random forest"),
                    tr("Logistic regression"),
                    tr("Gradient boosting"),
                    tr("Neural network (MLP)"),
                    tr("Frequency ratio (statistical baseline)"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.VALIDATION,
                tr("Validation"),
                options=[tr("Random k-fold"), tr("Spatial k-fold"), tr("Temporal (needs a year field)")],
                allowMultiple=True,
                defaultValue=[0, 1],
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(self.FOLDS, tr("Folds"), defaultValue=5, minValue=2, maxValue=50)
        )
        for name, label in (
            (self.YEAR_FIELD, tr("Year or date field of the inventory (temporal validation)")),
            (self.LABEL_FIELD, tr("Label field (1 = landslide, 0 = not): use the points as given")),
        ):
            self.addParameter(
                QgsProcessingParameterField(name, label, parentLayerParameterName=self.INVENTORY, optional=True)
            )

    def _add_sampling_parameters(self) -> None:
        """Where and how absences are drawn (study area, mapping units, ratio, buffer, seed)."""
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.STUDY_AREA,
                tr("Study area (absences are drawn inside it)"),
                [QgsProcessing.TypeVectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.MAPPING_UNITS,
                tr("Mapping units (slope units or other polygons; empty = pixels)"),
                [QgsProcessing.TypeVectorPolygon],
                optional=True,
            )
        )
        self._add_unit_parameters()
        self.addParameter(
            QgsProcessingParameterNumber(
                self.ABSENCE_RATIO,
                tr("Absences per landslide"),
                QgsProcessingParameterNumber.Double,
                1.0,
                minValue=0.01,
                maxValue=100.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.BUFFER,
                tr("Buffer around landslides without absences, in metres (empty = two cells of the factors)"),
                QgsProcessingParameterNumber.Double,
                optional=True,
                minValue=0.0,
            )
        )
        self.addParameter(QgsProcessingParameterNumber(self.SEED, tr("Random seed"), defaultValue=0, minValue=0))

    def _add_unit_parameters(self) -> None:
        """What mapping units bring besides the factors raster: their fields, shape and labels."""
        fields = (
            (self.UNIT_FIELDS, tr("Fields of the units used as factors"), QgsProcessingParameterField.Any, True),
            (
                self.UNIT_CATEGORICAL,
                tr("Numeric unit fields holding class codes (categorical)"),
                QgsProcessingParameterField.Numeric,
                True,
            ),
            (
                self.UNIT_LABEL_FIELD,
                tr("Label field of the units (1 = landslide, 0 = none)"),
                QgsProcessingParameterField.Numeric,
                False,
            ),
            (
                self.UNIT_COUNT_FIELD,
                tr("Landslide count field of the units (landslides where above 0)"),
                QgsProcessingParameterField.Numeric,
                False,
            ),
        )
        for name, label, kind, multiple in fields:
            self.addParameter(
                QgsProcessingParameterField(
                    name,
                    label,
                    parentLayerParameterName=self.MAPPING_UNITS,
                    type=kind,
                    allowMultiple=multiple,
                    optional=True,
                )
            )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.UNIT_GEOMETRY,
                tr("Shape of the units as factors"),
                options=[tr("Area (m²)"), tr("Perimeter (m)"), tr("Compactness (1 = a circle)")],
                allowMultiple=True,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.UNIT_STD, tr("Standard deviation of each raster factor per unit, beside its mean"), False
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.UNIT_NODATA,
                tr("Units lacking a factor value"),
                options=[tr("Leave them out"), tr("Fill with the median (or most common value) of the units")],
                defaultValue=0,
            )
        )

    def _add_advanced_parameters(self) -> None:
        """Spatial fold method, categorical encoding and the model comparison (advanced)."""
        for param in (
            QgsProcessingParameterString(
                self.TEMPORAL_SPLIT,
                tr("Temporal split: a year or date (train before it, test from it on; empty = chosen)"),
                optional=True,
            ),
            QgsProcessingParameterEnum(
                self.SPATIAL_METHOD,
                tr("Spatial folds"),
                options=[tr("Square blocks"), tr("K-means clusters of coordinates")],
                defaultValue=0,
            ),
            QgsProcessingParameterEnum(
                self.CATEGORICAL_ENCODING,
                tr("Categorical factors"),
                options=[tr("One-hot"), tr("Target encoding")],
                defaultValue=0,
            ),
            QgsProcessingParameterBoolean(
                self.COMPARE_MODELS, tr("Compare every model type in the report"), defaultValue=True
            ),
            QgsProcessingParameterBoolean(
                self.UNCERTAINTY,
                tr("Keep the fold models inside the model, for the uncertainty map (one pass)"),
                defaultValue=True,
            ),
            QgsProcessingParameterBoolean(
                self.KEEP_FOLD_MODELS,
                tr("Also write each fold model as its own file (name.foldN.onnx)"),
                defaultValue=False,
            ),
        ):
            self.addParameter(advanced(param))

    def _add_training_outputs(self) -> None:
        """The model, report and metrics files, and the AUC and fold-model outputs."""
        self.addParameter(
            QgsProcessingParameterFileDestination(self.OUTPUT_MODEL, tr("Model"), tr("ONNX models (*.onnx)"))
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_REPORT, tr("Report"), tr("HTML files (*.html)"), optional=True, createByDefault=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_METRICS, tr("Metrics"), tr("JSON files (*.json)"), optional=True, createByDefault=True
            )
        )
        for kind in VALIDATION_CHOICES:
            label = tr("Mean {kind} CV AUC").format(kind=validation_labels()[kind])
            self.addOutput(QgsProcessingOutputNumber(f"AUC_{kind.upper()}", label))
        self.addOutput(QgsProcessingOutputString("FOLD_MODELS", tr("Fold model files (when kept)")))

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..susceptibility.workflow import TrainParams, train

        factors = None
        if self.given(parameters, self.FACTORS):
            factors = self.parameterAsRasterLayer(parameters, self.FACTORS, context)
            if factors is None:
                raise QgsProcessingException(self.invalidRasterError(parameters, self.FACTORS))
        parameters = raster_inventory_moved(parameters, context)
        inventory_path, inventory_layer = _inventory_values(self, parameters, context)
        kinds = tuple(VALIDATION_CHOICES[i] for i in self.parameterAsEnums(parameters, self.VALIDATION, context))
        fields = {}
        for name in (self.YEAR_FIELD, self.LABEL_FIELD):
            chosen = self.parameterAsFields(parameters, name, context)
            fields[name] = chosen[0] if chosen else None
        study, _ = _vector_path(self, parameters, self.STUDY_AREA, context)
        units, units_layer = _vector_path(self, parameters, self.MAPPING_UNITS, context)
        buffer = (
            self.parameterAsDouble(parameters, self.BUFFER, context) if self.given(parameters, self.BUFFER) else None
        )
        unit_values = self._unit_values(parameters, context) if units else {}
        params = TrainParams(
            factors_path=raster_file_path(factors) if factors is not None else None,
            inventory_path=inventory_path,
            inventory_layer=inventory_layer,
            model_path=self.parameterAsFileOutput(parameters, self.OUTPUT_MODEL, context),
            report_path=self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) or None,
            metrics_path=self.parameterAsFileOutput(parameters, self.OUTPUT_METRICS, context) or None,
            model_type=MODEL_CHOICES[self.parameterAsEnum(parameters, self.MODEL_TYPE, context)],
            validation=kinds or ("random", "spatial"),
            folds=self.parameterAsInt(parameters, self.FOLDS, context),
            year_field=fields[self.YEAR_FIELD],
            label_field=fields[self.LABEL_FIELD],
            study_area_path=study,
            mapping_units_path=units,
            units_layer=units_layer,
            **unit_values,
            temporal_split=self._temporal_split(parameters, context),
            absence_ratio=self.parameterAsDouble(parameters, self.ABSENCE_RATIO, context),
            buffer_m=buffer,
            seed=self.parameterAsInt(parameters, self.SEED, context),
            spatial_method=SPATIAL_CHOICES[self.parameterAsEnum(parameters, self.SPATIAL_METHOD, context)],
            categorical_encoding=ENCODING_CHOICES[self.parameterAsEnum(parameters, self.CATEGORICAL_ENCODING, context)],
            compare_models=self.parameterAsBoolean(parameters, self.COMPARE_MODELS, context),
            uncertainty=self.parameterAsBoolean(parameters, self.UNCERTAINTY, context),
            keep_fold_models=self.parameterAsBoolean(parameters, self.KEEP_FOLD_MODELS, context),
        )
        result = self.run_core(
            lambda: train(
                params,
                progress=lambda f: feedback.setProgress(100.0 * f),
                is_cancelled=feedback.isCanceled,
                log=self.core_log(feedback),
            )
        )
        out = {
            self.OUTPUT_MODEL: result.model_path,
            self.OUTPUT_REPORT: result.report_path,
            self.OUTPUT_METRICS: result.metrics_path,
            "FOLD_MODELS": ";".join(result.fold_model_paths),
        }
        for v in result.validations:
            out[f"AUC_{v.kind.upper()}"] = v.mean_auc
            feedback.pushInfo(
                tr("{kind} cross-validation AUC: {mean:.3f} ± {std:.3f}").format(
                    kind=validation_labels().get(v.kind, v.kind), mean=v.mean_auc, std=v.std_auc
                )
            )
        if result.report_path:
            feedback.pushInfo(tr("Report: {path}").format(path=result.report_path))
        return out

    def _unit_values(self, parameters: dict, context) -> dict:
        """The mapping units' fields, shape, statistics and labels as TrainParams values."""
        from ..susceptibility.units import GEOMETRY_FACTORS, UNIT_NODATA, UnitSpec

        def one(name: str) -> str | None:
            chosen = self.parameterAsFields(parameters, name, context)
            return chosen[0] if chosen else None

        shapes = []  # an enum left empty reads as its first option: read it only when given
        if self.given(parameters, self.UNIT_GEOMETRY):
            shapes = self.parameterAsEnums(parameters, self.UNIT_GEOMETRY, context)
        geometry = tuple(list(GEOMETRY_FACTORS)[i] for i in shapes)
        spec = UnitSpec(
            fields=tuple(self.parameterAsFields(parameters, self.UNIT_FIELDS, context)),
            categorical_fields=tuple(self.parameterAsFields(parameters, self.UNIT_CATEGORICAL, context)),
            geometry=geometry,
            std=self.parameterAsBoolean(parameters, self.UNIT_STD, context),
            nodata=UNIT_NODATA[self.parameterAsEnum(parameters, self.UNIT_NODATA, context)],
        )
        label, count = one(self.UNIT_LABEL_FIELD), one(self.UNIT_COUNT_FIELD)
        if label and count:
            raise QgsProcessingException(tr("Give the units' label field or their landslide count field, not both."))
        return {"unit_spec": spec, "unit_label_field": label, "unit_count_field": count}

    def _temporal_split(self, parameters: dict, context) -> float | None:
        """TEMPORAL_SPLIT as a decimal year (a year, or a date), None when empty."""
        text = self.parameterAsString(parameters, self.TEMPORAL_SPLIT, context).strip()
        if not text:
            return None
        from ..susceptibility.inventory import parse_years

        return float(self.run_core(lambda: parse_years([text], "TEMPORAL_SPLIT"))[0])


class SusceptibilityAlgorithm(_InventoryChecks, LithoscopeAlgorithm):
    """Map landslide susceptibility with a trained model: probability, classes and uncertainty."""

    FACTORS = "FACTORS"
    MODEL = "MODEL"
    CLASS_METHOD = "CLASS_METHOD"
    CLASS_BREAKS = "CLASS_BREAKS"
    INVENTORY = "INVENTORY"
    LABEL_FIELD = "LABEL_FIELD"
    MAPPING_UNITS = "MAPPING_UNITS"
    OUTPUT = "OUTPUT"
    OUTPUT_CLASSES = "OUTPUT_CLASSES"
    OUTPUT_UNCERTAINTY = "OUTPUT_UNCERTAINTY"
    OUTPUT_UNITS = "OUTPUT_UNITS"
    OUTPUT_TABLE = "OUTPUT_TABLE"

    def name(self) -> str:
        return "susceptibility"

    def displayName(self) -> str:  # noqa: N802
        return tr("Landslide susceptibility map")

    def tags(self) -> list[str]:
        return tr("landslide,susceptibility,hazard,classes,uncertainty,onnx").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Maps landslide susceptibility with a model from Train landslide susceptibility model (or any ONNX "
            "model over the same factors) through Lithoscope's engine, window by window.\n\n"
            "Outputs: the probability of a landslide (0 to 1, styled yellow to red); optionally 5 classes (very low "
            "to very high) by quantiles, natural breaks, equal intervals or your breaks (e.g. 0.2,0.4,0.6,0.8), with "
            "a CSV table beside them (area, share of landslides, density and frequency ratio per class, when an "
            "inventory is given; with a label field only its 1 points count as landslides); and the uncertainty: "
            "the standard deviation of the cross-validation fold models' probabilities, in the same pass over the "
            "factors (the model holds its fold models; an older model's .foldN.onnx files beside it are run one by "
            "one).\n\n"
            "With mapping units, a copy of the unit layer gets the fields susceptibility, class and class_name (and "
            "uncertainty, from two fold models or more), styled by class, committed with the rasters. A model trained "
            "on units with their own fields or shape maps units only: leave the probability output empty.\n\n"
            "The factors raster must hold the factors the model was trained on (matched by name: another order is "
            "read in the model's order, a missing or extra factor is refused), with text categories coded as in "
            "training (else build the factors with 'Text codes from model'). Pixels of a category never seen in "
            "training are counted in a warning."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.FACTORS,
                tr("Factors raster (one band per factor; empty for a model of units that takes their fields only)"),
                optional=True,
            )
        )
        # A string, as in Classify raster: the name of a shipped model or the path of an .onnx file
        # (a file parameter refuses a name before the algorithm can resolve it).
        model = QgsProcessingParameterString(
            self.MODEL, tr("Susceptibility model (shipped model name or path of an .onnx file)")
        )
        model.setHelp(
            tr(
                "A shipped model name ({names}) or the path of a model trained by Train landslide susceptibility model."
            ).format(names=", ".join(susceptibility_models()) or tr("none installed"))
        )
        self.addParameter(model)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.CLASS_METHOD,
                tr("Classes"),
                options=[
                    tr("Quantiles (equal areas)"),
                    tr("Natural breaks (Jenks)"),
                    tr("Equal intervals"),
                    tr("My breaks"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.CLASS_BREAKS, tr("My class breaks (4 values, e.g. 0.2,0.4,0.6,0.8)"), optional=True
            )
        )
        _inventory_parameters(
            self,
            tr("Landslide inventory (points or polygons: landslides per class in the table)"),
            tr("Landslide inventory as a raster (1 = landslide), instead of points or polygons"),
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.LABEL_FIELD,
                tr("Label field of the inventory (1 = landslide, 0 = not): only 1 counts as a landslide"),
                parentLayerParameterName=self.INVENTORY,
                type=QgsProcessingParameterField.Numeric,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.MAPPING_UNITS,
                tr("Mapping units (write susceptibility as fields of a copy)"),
                [QgsProcessing.TypeVectorPolygon],
                optional=True,
            )
        )
        self.add_engine_parameters()
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT,
                tr("Susceptibility (probability; empty to map the mapping units only)"),
                optional=True,
                createByDefault=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT_CLASSES, tr("Susceptibility classes"), optional=True, createByDefault=True
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT_UNCERTAINTY,
                tr("Uncertainty (spread of the fold models)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorDestination(
                self.OUTPUT_UNITS,
                tr("Mapping units with susceptibility"),
                QgsProcessing.TypeVectorPolygon,
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputString(self.OUTPUT_TABLE, tr("Table per class (CSV)")))

    def _maps_units_only(self, model: str, feedback) -> bool:
        """Whether the model takes the mapping units' own fields or shape (so it maps units, not pixels)."""
        from ..inference.errors import LithoscopeError
        from ..inference.model.registry import resolve_model
        from ..susceptibility.workflow import unit_record

        try:
            record = unit_record(resolve_model(model))
        except LithoscopeError:
            return False  # the run names what is wrong with the model
        return bool(record and (record.get("fields") or record.get("geometry") or record.get("std")))

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..susceptibility.workflow import PredictParams, predict

        factors = None
        if self.given(parameters, self.FACTORS):
            factors = self.parameterAsRasterLayer(parameters, self.FACTORS, context)
            if factors is None:
                raise QgsProcessingException(self.invalidRasterError(parameters, self.FACTORS))
        model = self.parameterAsString(parameters, self.MODEL, context).strip()
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context) or None
        classes = self.parameterAsOutputLayer(parameters, self.OUTPUT_CLASSES, context) or None
        uncertainty = self.parameterAsOutputLayer(parameters, self.OUTPUT_UNCERTAINTY, context) or None
        units_out = self.parameterAsOutputLayer(parameters, self.OUTPUT_UNITS, context) or None
        method_index = self.parameterAsEnum(parameters, self.CLASS_METHOD, context)
        method = CLASS_METHOD_CHOICES[method_index]
        breaks = parse_numbers(
            self.parameterAsString(parameters, self.CLASS_BREAKS, context), float, tr("Class breaks")
        )
        if breaks and method != "user":
            chosen = self.parameterDefinition(self.CLASS_METHOD).options()[method_index]  # the user's words
            feedback.pushInfo(tr("Class breaks were given: using them instead of {method}.").format(method=chosen))
            method = "user"
        parameters = raster_inventory_moved(parameters, context)
        inventory_path, inventory_layer = _inventory_values(self, parameters, context)
        label_field = None
        if inventory_path is not None:
            chosen = self.parameterAsFields(parameters, self.LABEL_FIELD, context)
            label_field = chosen[0] if chosen else None
        elif self.given(parameters, self.LABEL_FIELD):
            raise QgsProcessingException(tr("A label field was given without an inventory; give the inventory too."))
        units, units_layer = _vector_path(self, parameters, self.MAPPING_UNITS, context)
        if units_out and not units:
            raise QgsProcessingException(tr("The mapping units output needs a mapping units layer."))
        engine = {k: v for k, v in self.engine_values(parameters, context, feedback).items() if k in _ENGINE_KEYS}
        base = dict(
            factors_path=raster_file_path(factors) if factors is not None else None,
            model_path=model,
            class_method=method,
            class_breaks=breaks,
            inventory_path=inventory_path,
            inventory_layer=inventory_layer,
            label_field=label_field,
            **engine,
        )
        run = dict(
            progress=lambda f: feedback.setProgress(100.0 * f),
            is_cancelled=feedback.isCanceled,
            log=self.core_log(feedback),
        )
        if self._maps_units_only(model, feedback):
            if not (units and units_out):
                raise QgsProcessingException(
                    tr(
                        "The model {name} was trained on mapping units with factors of their own: give the mapping "
                        "units (MAPPING_UNITS) and their output (OUTPUT_UNITS)."
                    ).format(name=os.path.basename(model))
                )
            if output is not None and not _temporary(parameters.get(self.OUTPUT)):
                raise QgsProcessingException(
                    tr(
                        "The model {name} maps mapping units from their own fields and shape, not pixels: leave the "
                        "probability, class and uncertainty rasters empty and give the mapping units output."
                    ).format(name=os.path.basename(model))
                )
            output = None  # a raster Processing would create by default: not for a model of units
        if output is None and not units_out:
            raise QgsProcessingException(
                tr(
                    "Give the susceptibility raster to write (OUTPUT), or mapping units and their output "
                    "(OUTPUT_UNITS)."
                )
            )
        if output is None:  # the units are the only output
            params = PredictParams(output_path=units_out, mapping_units_path=units, units_layer=units_layer, **base)
            self.run_core(lambda: predict(params, **run))
            name_output(context, units_out, tr("Mapping units susceptibility"), style=True)
            return {self.OUTPUT_UNITS: units_out, self.OUTPUT_TABLE: ""}
        params = PredictParams(
            output_path=output,
            classes_path=classes,
            uncertainty_path=uncertainty,
            mapping_units_path=units if units_out else None,
            units_layer=units_layer,
            units_output_path=units_out,
            **base,
        )
        result = self.run_core(lambda: predict(params, **run))  # rasters and units: committed together, or none
        results = {self.OUTPUT: result.output_path, self.OUTPUT_TABLE: result.table_path or ""}
        stem = factors.name() if factors is not None else "units"
        name_output(context, result.output_path, tr("{layer} susceptibility").format(layer=stem), style=True)
        if result.classes_path:
            results[self.OUTPUT_CLASSES] = result.classes_path
            name_output(
                context, result.classes_path, tr("{layer} susceptibility classes").format(layer=stem), style=True
            )
            feedback.pushInfo(tr("Table per class: {path}").format(path=result.table_path))
        if result.uncertainty_path:
            results[self.OUTPUT_UNCERTAINTY] = result.uncertainty_path
            name_output(
                context,
                result.uncertainty_path,
                tr("{layer} susceptibility uncertainty").format(layer=stem),
                style=True,
            )
        if units_out:
            results[self.OUTPUT_UNITS] = units_out
            name_output(context, units_out, tr("Mapping units susceptibility"), style=True)
        return results


def _temporary(value) -> bool:
    """Whether an output parameter's value is Processing's own temporary file (not given by the user)."""
    from qgis.core import QgsProcessingOutputLayerDefinition

    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.staticValue()
    return value in (None, "", "TEMPORARY_OUTPUT")


def susceptibility_models() -> list[str]:
    """The shipped models whose task is landslide susceptibility by name, then those of the user's model folders
    (QGIS Options > Lithoscope) by path."""
    from ..inference.model.registry import models_for
    from .settings import model_folders

    return list(models_for("susceptibility", model_folders()))
