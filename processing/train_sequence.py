# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:trainsequence: a sequence model (GRU, LSTM or 1-D CNN) from series: a band stack with labelled points,
a vector layer's date fields, or a long table (id, time, values); a classifier or a multi-horizon forecaster.

The trained model runs at once through the sequence algorithms (per pixel on a stack, per feature on a layer).
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..i18n import tr
from .algorithm import advanced
from .layers import vector_file_source
from .sequence import read_columns, table_file
from .train import TrainAlgorithm

SOURCES = ("pixels", "fields", "table")
TASKS = ("classify", "forecast")
ARCHS = ("gru", "lstm", "cnn1d")


class TrainSequenceAlgorithm(TrainAlgorithm):
    """lithoscope:trainsequence: a GRU / LSTM / 1-D CNN over series, classifying or forecasting."""

    SOURCE = "SOURCE"
    RASTER = "RASTER"
    POINTS = "POINTS"
    FEATURES = "FEATURES"
    LAYER = "LAYER"
    FIELDS = "FIELDS"
    DATE_FORMAT = "DATE_FORMAT"
    TABLE = "TABLE"
    ID_FIELD = "ID_FIELD"
    TIME_FIELD = "TIME_FIELD"
    VALUE_FIELDS = "VALUE_FIELDS"
    CLASS_FIELD = "CLASS_FIELD"
    TASK = "TASK"
    LENGTH = "LENGTH"
    HORIZONS = "HORIZONS"
    TARGET = "TARGET"
    INTERVAL = "INTERVAL_DAYS"
    AHEAD = "AHEAD"
    RELATIVE = "RELATIVE"
    LOSS = "LOSS"
    ARCH = "ARCH"
    GROUPS = "GROUPS"

    def name(self) -> str:
        return "trainsequence"

    def displayName(self) -> str:  # noqa: N802
        return tr("Train a sequence model")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Trains a small recurrent or convolutional network (GRU, LSTM or 1-D CNN) over series: the pixels of a "
            "band stack (bands = dates in order) under labelled points, the numeric date fields of a vector layer, "
            "or a long table (id, time, value columns). A classifier learns a class per series; a forecaster learns "
            "the values of one or more fields some steps ahead from the last steps (optionally as the change from "
            "the last value, for displacements and levels). Whole groups are held out to test it: k-means groups "
            "of the points (classes) or whole stations (forecasts), against a majority class and a random forest, "
            "or persistence and a straight line. Training runs in the training components' own Python (PyTorch). "
            "Writes the ONNX model (the sequence algorithms run it at once), its card (.md) and an HTML report."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self.addParameter(
            QgsProcessingParameterEnum(
                self.SOURCE,
                tr("Series from"),
                [
                    tr("a band stack (bands = dates) with labelled points"),
                    tr("the date fields of a vector layer"),
                    tr("a long table (id, time, values)"),
                ],
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterLayer(self.RASTER, tr("Band stack (bands = dates, in order)"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.POINTS, tr("Labelled points"), [QgsProcessing.TypeVectorPoint], optional=True
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.FEATURES,
                    tr("Features per date in the stack (band t x F + f)"),
                    QgsProcessingParameterNumber.Integer,
                    1,
                    False,
                    1,
                    1000,
                )
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.LAYER,
                tr("Features (date fields, or the class of each id)"),
                [QgsProcessing.TypeVector],
                None,
                True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.FIELDS,
                tr("Date fields (empty = every numeric field named by a date)"),
                parentLayerParameterName=self.LAYER,
                type=QgsProcessingParameterField.Numeric,
                allowMultiple=True,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.DATE_FORMAT, tr("Date format (empty = common formats)"), "", False, True)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.TABLE, tr("Long table (id, time, values)"), [QgsProcessing.TypeVector], optional=True
            )
        )
        for name, label, multiple in (
            (self.ID_FIELD, tr("Id field (in the table and the layer)"), False),
            (self.TIME_FIELD, tr("Time field of the table (dates or numbers)"), False),
            (self.VALUE_FIELDS, tr("Value fields of the table (the features per step)"), True),
        ):
            self.addParameter(
                QgsProcessingParameterField(
                    name, label, parentLayerParameterName=self.TABLE, allowMultiple=multiple, optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterString(
                self.CLASS_FIELD, tr("Class field (of the points, or of the layer's features)"), "", False, True
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.TASK, tr("Task"), [tr("classifier (a class per series)"), tr("forecaster (next values)")], False, 0
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.LENGTH,
                tr("Forecaster: input length (steps)"),
                QgsProcessingParameterNumber.Integer,
                12,
                False,
                2,
                100000,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.HORIZONS,
                tr("Forecaster: horizons (steps ahead)"),
                QgsProcessingParameterNumber.Integer,
                1,
                False,
                1,
                10000,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.AHEAD,
                tr("Forecaster: steps ahead to forecast, e.g. 7,30 (empty = 1 to the horizons)"),
                "",
                False,
                True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.TARGET,
                tr("Forecaster: value field(s) to forecast, comma-separated (empty = the first)"),
                "",
                False,
                True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.RELATIVE,
                tr("Forecaster: forecast the change from the last value (the level does not matter: displacements)"),
                False,
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterEnum(
                    self.LOSS,
                    tr("Forecaster: training loss"),
                    [tr("squared error"), tr("absolute error (robust to jumps)")],
                    False,
                    0,
                )
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.INTERVAL,
                tr("Forecaster: step of the series in days (0 = the steps as they come)"),
                QgsProcessingParameterNumber.Double,
                0.0,
                False,
                0.0,
                36500.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(self.ARCH, tr("Network"), [tr("GRU"), tr("LSTM"), tr("1-D CNN")], False, 2)
        )
        self.add_hidden_parameter(tr("Hidden units (or filters)"))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.GROUPS,
                tr("Spatial groups of points held out together (k-means)"),
                QgsProcessingParameterNumber.Integer,
                10,
                False,
                3,
                1000,
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.MIN_SAMPLES,
                    tr("Fewest labelled series per class"),
                    QgsProcessingParameterNumber.Integer,
                    10,
                    False,
                    1,
                )
            )
        )
        self.add_training_parameters(epochs=60, minutes=10.0)

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.sources.series import LongTable
        from ..learning.sequences import prepare_pixel_sequences, prepare_table_sequences

        source = SOURCES[self.parameterAsEnum(parameters, self.SOURCE, context)]
        task = TASKS[self.parameterAsEnum(parameters, self.TASK, context)]
        class_field = self.parameterAsString(parameters, self.CLASS_FIELD, context).strip() or None
        groups = self.parameterAsInt(parameters, self.GROUPS, context)
        rare = self.rare_value(parameters, context)
        min_samples = self.parameterAsInt(parameters, self.MIN_SAMPLES, context)
        seed = self.parameterAsInt(parameters, self.SEED, context)
        date_format = self.parameterAsString(parameters, self.DATE_FORMAT, context).strip() or None
        if task == "classify" and not class_field:
            raise QgsProcessingException(tr("A classifier needs the class field (CLASS_FIELD)."))
        if source == "pixels":
            if task != "classify":
                raise QgsProcessingException(
                    tr("A band stack with labelled points trains a classifier; choose the classifier task.")
                )
            raster = self.parameterAsRasterLayer(parameters, self.RASTER, context)
            if raster is None or not self.given(parameters, self.POINTS):
                raise QgsProcessingException(tr("Give the band stack (RASTER) and the labelled points (POINTS)."))
            raster_path, name = raster.source(), raster.name()
            points = self.parameterAsCompatibleSourceLayerPath(
                parameters, self.POINTS, context, ["gpkg", "shp"], "gpkg", feedback
            )
            features = self.parameterAsInt(parameters, self.FEATURES, context)

            def prepare(log, cancelled):
                return prepare_pixel_sequences(
                    raster_path, points, class_field, features=features, groups=groups, rare=rare,
                    min_samples=min_samples, seed=seed, log=log, is_cancelled=cancelled,
                )  # fmt: skip

        else:
            layer = self.parameterAsVectorLayer(parameters, self.LAYER, context)
            layer_path = sublayer = None
            if layer is not None:
                layer_path, sublayer = vector_file_source(layer)
            table = id_field = None
            if source == "table":
                table_source = self.parameterAsSource(parameters, self.TABLE, context)
                if table_source is None:
                    raise QgsProcessingException(tr("Give the long table (TABLE)."))
                id_field = self.parameterAsString(parameters, self.ID_FIELD, context)
                time_field = self.parameterAsString(parameters, self.TIME_FIELD, context)
                values = self.parameterAsFields(parameters, self.VALUE_FIELDS, context)
                if not (id_field and time_field and values):
                    raise QgsProcessingException(tr("A long table needs its id field, time field and value field(s)."))
                names = [id_field, time_field, *values]
                params = [self.ID_FIELD, self.TIME_FIELD, *[self.VALUE_FIELDS] * len(values)]
                columns = read_columns(table_source, names, feedback, params)
                rows = list(zip(*columns[2:]))
                path = table_file(self, parameters, self.TABLE, context)
                table = LongTable(columns[0], columns[1], rows, tuple(values), path, time_field)
            elif layer_path is None:
                raise QgsProcessingException(tr("Give the layer whose numeric fields are named by dates (LAYER)."))
            fields = self.parameterAsFields(parameters, self.FIELDS, context) or None
            interval = self.parameterAsDouble(parameters, self.INTERVAL, context) or None
            name = layer.name() if layer is not None else tr("a long table")

            def prepare(log, cancelled):
                return prepare_table_sequences(
                    layer_path, sublayer, fields, table, id_field, date_format, task, class_field,
                    self.parameterAsInt(parameters, self.LENGTH, context),
                    self.parameterAsInt(parameters, self.HORIZONS, context),
                    self.parameterAsString(parameters, self.TARGET, context).strip() or None,
                    interval, groups, rare, min_samples, seed, log, cancelled,
                    ahead=self.parameterAsString(parameters, self.AHEAD, context).strip() or None,
                    relative=self.parameterAsBool(parameters, self.RELATIVE, context),
                )  # fmt: skip

        settings = self.settings_values(
            parameters,
            context,
            arch=ARCHS[self.parameterAsEnum(parameters, self.ARCH, context)],
            hidden=self.parameterAsInt(parameters, self.HIDDEN, context),
            forecast_loss=("mse", "l1")[self.parameterAsEnum(parameters, self.LOSS, context)],
        )
        what = tr("Sequence classifier") if task == "classify" else tr("Sequence forecaster")
        title = tr("{what} trained on {layer}").format(what=what, layer=name)
        return self.train(parameters, context, feedback, prepare, settings, title)
