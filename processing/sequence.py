# SPDX-License-Identifier: GPL-2.0-or-later
"""Processing algorithms for sequence models: per pixel, per feature and per depth.

- `lithoscope:sequenceraster`: a time stack (bands are dates) through the engine's per-pixel path;
- `lithoscope:sequencevector`: monitoring points whose fields are dates, or a long table joined by id;
- `lithoscope:welllogs`: a facies (or other output) per depth sample of each well, and per-well summaries.

Adapters only: QGIS layers and parameters become plain values for inference.sequences and
inference.tables; tables are read through QGIS, so any table QGIS opens (CSV included) works.
"""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant

from ..i18n import tr
from ..inference.session import DEVICES, import_onnxruntime
from .algorithm import LithoscopeAlgorithm, advanced
from .classify import ClassifyAlgorithm, name_output
from .layers import raster_file_path, vector_file_source


def python_value(value: Any) -> Any:
    """A QGIS attribute as a plain Python value: NULL -> None, QDate / QDateTime -> date / datetime."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    return value


def read_columns(source, names: list[str], feedback) -> list[list[Any]]:
    """The values of fields `names` of every feature of a source (table), one list per field."""
    indices = [source.fields().lookupField(name) for name in names]
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(indices)
    columns: list[list[Any]] = [[] for _ in names]
    for feature in source.getFeatures(request):
        if feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled by the user; no output was written."))
        attributes = feature.attributes()
        for column, index in zip(columns, indices):
            column.append(python_value(attributes[index]))
    return columns


class _SequenceAlgorithm(LithoscopeAlgorithm):
    """What the sequence algorithms share: the model parameter, the device and threads of table runs."""

    MODEL = "MODEL"
    DATE_FORMAT = "DATE_FORMAT"

    def tags(self) -> list[str]:
        return tr("sequence,time series,lstm,gru,forecast,well logs,facies,insar,ndvi,onnx").split(",")

    def add_model_parameter(self) -> None:
        self.addParameter(
            QgsProcessingParameterString(self.MODEL, tr("Sequence model (shipped model name or path of an .onnx file)"))
        )

    def add_date_format_parameter(self) -> None:
        self.addParameter(
            advanced(
                QgsProcessingParameterString(
                    self.DATE_FORMAT,
                    tr("Date format of the names (e.g. %Y%m%d; empty = common formats such as 2020-01-31)"),
                    optional=True,
                )
            )
        )

    def add_table_engine_parameters(self) -> None:
        """DEVICE and THREADS (advanced): table runs have no tiles or executors."""
        self.addParameter(
            advanced(
                QgsProcessingParameterEnum(
                    self.DEVICE,
                    tr("Device"),
                    options=[tr("Automatic (GPU if available)"), tr("CPU"), tr("CUDA GPU")],
                    defaultValue=0,
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(self.THREADS, tr("CPU threads (0 = all)"), defaultValue=0, minValue=0)
            )
        )

    def table_options(self, parameters: dict, context):
        from ..inference.tables import TableOptions

        return TableOptions(
            device=DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)],
            threads=self.parameterAsInt(parameters, self.THREADS, context),
        )

    def check_onnxruntime(self) -> None:
        self.run_core(import_onnxruntime)

    def date_format(self, parameters: dict, context) -> str | None:
        return self.parameterAsString(parameters, self.DATE_FORMAT, context).strip() or None


class SequenceRasterAlgorithm(_SequenceAlgorithm):
    """A time stack through a sequence model, pixel by pixel."""

    INPUT = "INPUT"
    DATES = "DATES"
    OUTPUT = "OUTPUT"
    OUTPUT_PROBABILITIES = "OUTPUT_PROBABILITIES"

    def name(self) -> str:
        return "sequenceraster"

    def displayName(self) -> str:  # noqa: N802
        return tr("Sequence model over a time stack (per pixel)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Runs a sequence model (an LSTM, GRU or other ONNX model taking series (N, T, F)) over the series of "
            "each pixel of a time stack: a multi-band raster whose bands are dates (NDVI, displacement, "
            "rainfall), or single-date rasters given in date order. It writes a class map (with probabilities), "
            "a probability, or a forecast raster with one band per horizon step, as the model says.\n\n"
            "Dates: the Dates parameter (one per band, comma-separated), else the band descriptions or file "
            "names when they are dates; they must be in order and given once. They are logged and stored in the "
            "output's metadata.\n\n"
            "The model's metadata says how a series is prepared: its length, every k-th step, first "
            "differences, scaling, and what to do with nodata steps (mask the pixel, interpolate, or refuse). "
            "The log counts the pixels interpolated and masked."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.INPUT,
                tr("Time stack (a raster whose bands are dates, or single-date rasters in date order)"),
                QgsProcessing.TypeRaster,
            )
        )
        self.add_model_parameter()
        self.addParameter(
            QgsProcessingParameterString(
                self.DATES,
                tr("Dates of the bands, comma-separated (empty = from band descriptions or file names)"),
                optional=True,
            )
        )
        self.add_date_format_parameter()
        self.add_area_parameters()
        self.add_engine_parameters()
        self.add_output_parameters()
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Result (classes or forecasts)")))
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT_PROBABILITIES, tr("Class probabilities"), optional=True, createByDefault=False
            )
        )

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.classify import ClassifyParams
        from ..inference.sequences import run_sequence_raster
        from ..inference.sources import RasterLayer

        self.check_onnxruntime()
        layers = self.parameterAsLayerList(parameters, self.INPUT, context)
        if not layers:
            raise QgsProcessingException(tr("Give the time stack: one raster, or several single-date rasters."))
        paths = [raster_file_path(layer) for layer in layers]
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        probabilities = self.parameterAsOutputLayer(parameters, self.OUTPUT_PROBABILITIES, context) or None
        params = ClassifyParams(
            input_path=paths[0],
            model=self.parameterAsString(parameters, self.MODEL, context),
            output_path=output,
            probabilities_path=probabilities,
            layers=[RasterLayer(path) for path in paths[1:]] or None,
            **self.area_values(parameters, context, feedback, layers[0].crs()),
            **self.engine_values(parameters, context, feedback),
            **self.output_values(parameters, context),
        )
        result = self.run_core(
            lambda: run_sequence_raster(
                params,
                self.parameterAsString(parameters, self.DATES, context),
                self.date_format(parameters, context),
                progress=lambda f: feedback.setProgress(100.0 * f),
                is_cancelled=feedback.isCanceled,
                log=self.core_log(feedback),
            )
        )
        results = {self.OUTPUT: result.output_path}
        name = tr("{layer} sequence result").format(layer=layers[0].name())
        name_output(context, result.output_path, name, style=True)
        if result.probabilities_path:
            results[self.OUTPUT_PROBABILITIES] = result.probabilities_path
            name = tr("{layer} sequence probabilities").format(layer=layers[0].name())
            name_output(context, result.probabilities_path, name, style=True)
        elif probabilities:
            feedback.pushInfo(tr("This model gives no class probabilities; that output was not written."))
            ClassifyAlgorithm._forget_output(context, probabilities)
        return results


class SequenceVectorAlgorithm(_SequenceAlgorithm):
    """Monitoring points through a sequence model: their date fields, or a long table joined by id."""

    INPUT = "INPUT"
    FIELDS = "FIELDS"
    TABLE = "TABLE"
    ID_FIELD = "ID_FIELD"
    TIME_FIELD = "TIME_FIELD"
    VALUE_FIELDS = "VALUE_FIELDS"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "sequencevector"

    def displayName(self) -> str:  # noqa: N802
        return tr("Sequence model over features (monitoring points)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Runs a sequence model over the series of each feature and writes a copy of the layer (GeoPackage) "
            "with new fields: the class and its probabilities, a probability, or forecasts, as the model says. "
            "The layer itself is never changed.\n\n"
            "Series come either from the layer's numeric fields whose names are dates (as ground-motion and GNSS "
            "exports have them; by default every such field, in field order, which must be date order), or from "
            "a long table with one row per id and time, joined to the layer by the id field (both must have it; "
            "table ids the layer lacks are refused). Series on different dates are aligned on all dates; missing "
            "values are gaps, handled as the model's metadata says (mask, interpolate or refuse)."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.INPUT, tr("Features (monitoring points)"), [QgsProcessing.TypeVector]
            )
        )
        self.add_model_parameter()
        self.addParameter(
            QgsProcessingParameterField(
                self.FIELDS,
                tr("Date fields (empty = every numeric field named by a date)"),
                parentLayerParameterName=self.INPUT,
                type=QgsProcessingParameterField.Numeric,
                allowMultiple=True,
                optional=True,
            )
        )
        self.add_date_format_parameter()
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.TABLE,
                tr("Long table (id, time, values) instead of date fields"),
                [QgsProcessing.TypeVector],
                optional=True,
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
        self.add_table_engine_parameters()
        self.addParameter(QgsProcessingParameterVectorDestination(self.OUTPUT, tr("Copy with the model's fields")))

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.tables import LongTable, run_sequence_vector

        self.check_onnxruntime()
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        path, sublayer = vector_file_source(layer)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        table = None
        id_field = None
        if self.given(parameters, self.TABLE):
            source = self.parameterAsSource(parameters, self.TABLE, context)
            if source is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, self.TABLE))
            id_field = self.parameterAsString(parameters, self.ID_FIELD, context)
            time_field = self.parameterAsString(parameters, self.TIME_FIELD, context)
            values = self.parameterAsFields(parameters, self.VALUE_FIELDS, context)
            if not (id_field and time_field and values):
                raise QgsProcessingException(tr("A long table needs its id field, time field and value field(s)."))
            ids, times, *columns = read_columns(source, [id_field, time_field, *values], feedback)
            table = LongTable(ids, times, list(zip(*columns)), tuple(values))
        fields = self.parameterAsFields(parameters, self.FIELDS, context) or None
        result = self.run_core(
            lambda: run_sequence_vector(
                self.parameterAsString(parameters, self.MODEL, context),
                path,
                output,
                layer=sublayer,
                fields=fields,
                date_format=self.date_format(parameters, context),
                table=table,
                id_field=id_field,
                options=self.table_options(parameters, context),
                log=self.core_log(feedback),
                progress=lambda f: feedback.setProgress(100.0 * f),
                is_cancelled=feedback.isCanceled,
            )
        )
        feedback.pushInfo(tr("New fields: {fields}").format(fields=", ".join(name for name, _ in result.fields)))
        name_output(context, output, tr("{layer} sequence results").format(layer=layer.name()))
        return {self.OUTPUT: output}


class WellLogsAlgorithm(_SequenceAlgorithm):
    """Well logs through a sequence model over depth: a class (facies) per depth sample, summaries per well."""

    TABLE = "TABLE"
    WELL_FIELD = "WELL_FIELD"
    DEPTH_FIELD = "DEPTH_FIELD"
    CURVES = "CURVES"
    NODATA = "NODATA"
    WELLS = "WELLS"
    WELLS_FIELD = "WELLS_FIELD"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    OUTPUT_WELLS = "OUTPUT_WELLS"

    def name(self) -> str:
        return "welllogs"

    def displayName(self) -> str:  # noqa: N802
        return tr("Sequence model over well logs (per depth)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Predicts a facies or lithology (or whatever the model gives) at each depth sample of each well from "
            "a window of log samples centred on it (the model's sequence length; ends padded with the end "
            "sample).\n\n"
            "Table: one row per well and depth with the log curves (a CSV or a layer without geometry); depths "
            "must increase down each well. Outputs: a CSV with the well, the depth and the model's fields per "
            "sample and, given the well points and their id field, a copy of the points with the dominant class "
            "and the thickness of each class per well."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.TABLE, tr("Well logs (well, depth, curves)"), [QgsProcessing.TypeVector]
            )
        )
        self.addParameter(
            QgsProcessingParameterField(self.WELL_FIELD, tr("Well id field"), parentLayerParameterName=self.TABLE)
        )
        self.addParameter(
            QgsProcessingParameterField(self.DEPTH_FIELD, tr("Depth field"), parentLayerParameterName=self.TABLE)
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.CURVES,
                tr("Log curves, in the model's order"),
                parentLayerParameterName=self.TABLE,
                allowMultiple=True,
            )
        )
        self.add_model_parameter()
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.NODATA,
                    tr("Curve value meaning no data (e.g. -999.25)"),
                    type=QgsProcessingParameterNumber.Double,
                    optional=True,
                )
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.WELLS, tr("Well points (for the per-well summary)"), [QgsProcessing.TypeVectorPoint], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.WELLS_FIELD,
                tr("Well id field of the points (empty = the table's well field name)"),
                parentLayerParameterName=self.WELLS,
                optional=True,
            )
        )
        self.add_table_engine_parameters()
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_TABLE, tr("Prediction per depth"), tr("CSV files (*.csv)")
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorDestination(
                self.OUTPUT_WELLS, tr("Well points with the summary"), optional=True, createByDefault=False
            )
        )

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.tables import WellTable, run_well_logs

        self.check_onnxruntime()
        source = self.parameterAsSource(parameters, self.TABLE, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.TABLE))
        well_field = self.parameterAsString(parameters, self.WELL_FIELD, context)
        curves = self.parameterAsFields(parameters, self.CURVES, context)
        if not curves:
            raise QgsProcessingException(tr("Choose the log curves the model takes, in its order."))
        wells, depths, *columns = read_columns(
            source, [well_field, self.parameterAsString(parameters, self.DEPTH_FIELD, context), *curves], feedback
        )
        table = WellTable(wells, depths, list(zip(*columns)), tuple(curves))
        output_table = self.parameterAsFileOutput(parameters, self.OUTPUT_TABLE, context)
        output_wells = self.parameterAsOutputLayer(parameters, self.OUTPUT_WELLS, context) or None
        wells_layer = None
        if self.given(parameters, self.WELLS):
            points = self.parameterAsVectorLayer(parameters, self.WELLS, context)
            path, sublayer = vector_file_source(points)
            wells_layer = (path, sublayer, self.parameterAsString(parameters, self.WELLS_FIELD, context) or well_field)
        elif output_wells:
            feedback.pushInfo(tr("No well points were given; the well summary layer is not written."))
            output_wells = None
        nodata = (
            self.parameterAsDouble(parameters, self.NODATA, context) if self.given(parameters, self.NODATA) else None
        )
        result = self.run_core(
            lambda: run_well_logs(
                self.parameterAsString(parameters, self.MODEL, context),
                table,
                output_table,
                wells_layer if output_wells else None,
                output_wells,
                nodata,
                self.table_options(parameters, context),
                log=self.core_log(feedback),
                progress=lambda f: feedback.setProgress(100.0 * f),
                is_cancelled=feedback.isCanceled,
            )
        )
        results = {self.OUTPUT_TABLE: output_table}
        if output_wells in result.paths:
            results[self.OUTPUT_WELLS] = output_wells
            name_output(context, output_wells, tr("Wells with predicted facies"))
        return results
