# SPDX-License-Identifier: GPL-2.0-or-later
"""Processing algorithms for sequence models: per pixel, per feature and per depth.

- `lithoscope:sequenceraster`: a time stack (bands are dates) through the engine's per-pixel path;
- `lithoscope:sequencevector`: monitoring points whose fields are dates, or a long table joined by id;
- `lithoscope:welllogs`: a facies (or other output) per depth sample of each well, and per-well summaries.

Adapters only: QGIS layers and parameters become plain values for inference.sequences and
inference.tables; tables are read through QGIS, so any table QGIS opens (CSV included) works.
"""

from __future__ import annotations

import os
from typing import Any

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
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
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant

from ..i18n import tr
from ..inference.model.session import DEVICES, import_onnxruntime
from .algorithm import LithoscopeAlgorithm, advanced, parse_numbers
from .classify import forget_output, name_output
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


def read_columns(source, names: list[str], feedback, parameters: list[str] | None = None) -> list[list[Any]]:
    """The values of fields `names` of every feature of a source (table), one list per field.

    A name the table lacks is refused with the table's fields (`parameters`: the parameter of each name).
    """
    indices = [source.fields().lookupField(name) for name in names]
    missing = [i for i, index in enumerate(indices) if index < 0]
    if missing:
        params = parameters or [""] * len(names)
        shown = ", ".join(f"'{names[i]}'" + (f" ({params[i]})" if params[i] else "") for i in missing)
        raise QgsProcessingException(
            tr("The table has no field {names}; its fields: {fields}. Choose fields of the table.").format(
                names=shown, fields=", ".join(source.fields().names()) or tr("none")
            )
        )
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(indices)
    columns: list[list[Any]] = [[] for _ in names]
    for feature in source.getFeatures(request):
        if feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled by the user; no output was written."))
        attributes = feature.attributes()
        for column, index in zip(columns, indices):
            column.append(python_value(attributes[index]))
    return columns


def table_file(algorithm, parameters: dict, name: str, context) -> str | None:
    """The local file a table parameter reads (so that no output overwrites it); None when it is no file."""
    layer = algorithm.parameterAsVectorLayer(parameters, name, context)
    if layer is None or layer.providerType() != "ogr":
        return None
    return QgsProviderRegistry.instance().decodeUri("ogr", layer.source()).get("path") or None


def _same_path(path: str) -> str:
    return os.path.normcase(os.path.realpath(os.path.abspath(path)))


def same_file_layers(path: str, layer=None) -> list:
    """`layer` and every vector layer of the current project whose source is the file `path`."""
    target = _same_path(path)
    found = [layer] if layer is not None else []
    for other in QgsProject.instance().mapLayers().values():
        if other is layer or not isinstance(other, QgsVectorLayer) or other.providerType() != "ogr":
            continue
        source = QgsProviderRegistry.instance().decodeUri("ogr", other.source()).get("path") or ""
        if source and _same_path(source) == target:
            found.append(other)
    return found


class _SequenceAlgorithm(LithoscopeAlgorithm):
    """What the sequence algorithms share: the model parameter, the device and threads of table runs."""

    HELP_TOPIC = "sequence"

    MODEL = "MODEL"
    DATE_FORMAT = "DATE_FORMAT"
    PLOTS = "PLOTS"
    BAND_OFFSET = "BAND_OFFSET"
    BAND_SCALE = "BAND_SCALE"
    PLOT_FILES = "PLOT_FILES"
    WRITE_TO_INPUT = "WRITE_TO_INPUT"
    FIELD_PREFIX = "FIELD_PREFIX"

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

    def add_plots_parameter(self, what: str) -> None:
        """PLOTS (boolean, default true) and the output PLOT_FILES (the PNGs written, separated by ';')."""
        self.addParameter(QgsProcessingParameterBoolean(self.PLOTS, what, defaultValue=True))
        self.addOutput(QgsProcessingOutputString(self.PLOT_FILES, tr("Plots written (PNG files, ';'-separated)")))

    def plot_results(self, paths: list[str]) -> dict:
        """The PNGs written as the PLOT_FILES output (the core's log already names each one)."""
        return {self.PLOT_FILES: ";".join(paths)}

    def add_in_place_parameters(self, what: str) -> None:
        """WRITE_TO_INPUT (boolean, default false: results go to a copy) and FIELD_PREFIX (advanced)."""
        self.addParameter(QgsProcessingParameterBoolean(self.WRITE_TO_INPUT, what, defaultValue=False))
        self.addParameter(
            advanced(
                QgsProcessingParameterString(
                    self.FIELD_PREFIX,
                    tr(
                        "Prefix of the new field names (e.g. seq_), for a layer that already has fields of those "
                        "names that Lithoscope did not write"
                    ),
                    optional=True,
                )
            )
        )

    def in_place_values(self, parameters: dict, context, layer, path: str) -> tuple[bool, str]:
        """Whether the user asked to write onto `layer` (of the file `path`) itself, and the field prefix.

        Refuses the run when any layer of that file is being edited: the given layer, or another
        layer of the project with the same source file (each would save over the new fields).
        """
        in_place = self.parameterAsBoolean(parameters, self.WRITE_TO_INPUT, context)
        self._changed_layers = same_file_layers(path, layer) if in_place else []
        for other in self._changed_layers:
            if other.isEditable():
                same = "" if other is layer else tr(" (the same file as the input layer)")
                raise QgsProcessingException(
                    tr(
                        "The layer '{name}'{same} is being edited; save or discard its edits (toggle editing off), "
                        "then run again, or write the results to a copy."
                    ).format(name=other.name(), same=same)
                )
        return in_place, self.parameterAsString(parameters, self.FIELD_PREFIX, context).strip()

    def postProcessAlgorithm(self, context, feedback) -> dict:  # noqa: N802 (QGIS API)
        """Reload every layer of the file the run changed in place, so that QGIS shows its new fields."""
        for layer in getattr(self, "_changed_layers", []):
            layer.reload()
        return {}

    def add_table_engine_parameters(self) -> None:
        """DEVICE and THREADS (advanced): table runs have no tiles or executors. Defaults: QGIS Options > Lithoscope."""
        from .settings import load_settings

        defaults = load_settings()
        self.addParameter(
            advanced(
                QgsProcessingParameterEnum(
                    self.DEVICE,
                    tr("Device"),
                    options=[tr("Automatic (GPU if available)"), tr("CPU"), tr("CUDA GPU")],
                    defaultValue=DEVICES.index(defaults.device),
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.THREADS, tr("CPU threads (0 = all)"), defaultValue=defaults.threads, minValue=0
                )
            )
        )

    def add_scaling_parameters(self) -> None:
        """BAND_OFFSET / BAND_SCALE (advanced): per-feature scaling that overrides the model's."""
        for name, label in (
            (self.BAND_OFFSET, tr("Feature offsets, one per feature or one for all (override the model's scaling)")),
            (self.BAND_SCALE, tr("Feature scales, one per feature or one for all (override the model's scaling)")),
        ):
            self.addParameter(advanced(QgsProcessingParameterString(name, label, optional=True)))

    def scaling_values(self, parameters: dict, context) -> dict:
        """band_offset / band_scale as the run's override of the model's scaling (x' = (x - offset) / scale)."""
        return {
            "band_offset": parse_numbers(
                self.parameterAsString(parameters, self.BAND_OFFSET, context), float, tr("Feature offsets")
            ),
            "band_scale": parse_numbers(
                self.parameterAsString(parameters, self.BAND_SCALE, context), float, tr("Feature scales")
            ),
        }

    def table_options(self, parameters: dict, context):
        from ..inference.pipelines.tables import TableOptions

        return TableOptions(
            device=DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)],
            threads=self.parameterAsInt(parameters, self.THREADS, context),
            plots=self.parameterAsBoolean(parameters, self.PLOTS, context),
            **self.scaling_values(parameters, context),
        )

    def read_table(
        self, source, parameters: dict, context, feedback, keys: dict[str, str], values: tuple[str, list[str]]
    ) -> tuple[list[list[Any]], list[tuple], str | None]:
        """The TABLE's key columns (`keys`: parameter -> field), its value rows, and the file it was read from.

        `values`: the parameter of the value fields and the fields; a field the table lacks is refused by name.
        """
        value_parameter, names = values
        columns = read_columns(source, [*keys.values(), *names], feedback, [*keys, *[value_parameter] * len(names)])
        rows = list(zip(*columns[len(keys) :]))
        return columns[: len(keys)], rows, table_file(self, parameters, self.TABLE, context)

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
            "The log counts the pixels interpolated and masked.\n\n"
            "Plots (unless Plots is off): <result>_series.png beside the result, written with it: the mean and "
            "spread of the series of each predicted class (from up to 2,000 sampled pixels), or a few sample "
            "pixels' series with their forecast."
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
        self.add_scaling_parameters()
        self.add_output_parameters()
        self.add_plots_parameter(
            tr("Plot the series beside the result (<result>_series.png: class profiles, or sample pixels)")
        )
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Result (classes or forecasts)")))
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT_PROBABILITIES, tr("Class probabilities"), optional=True, createByDefault=False
            )
        )

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.pipelines.classify import ClassifyParams
        from ..inference.pipelines.sequence_raster import run_sequence_raster
        from ..inference.sources.base import RasterLayer

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
            **self.scaling_values(parameters, context),
        )
        result = self.run_core(
            lambda: run_sequence_raster(
                params,
                self.parameterAsString(parameters, self.DATES, context),
                self.date_format(parameters, context),
                progress=lambda f: feedback.setProgress(100.0 * f),
                is_cancelled=feedback.isCanceled,
                log=self.core_log(feedback),
                plots=self.parameterAsBoolean(parameters, self.PLOTS, context),
            )
        )
        results = {self.OUTPUT: result.output_path, **self.plot_results(result.plots)}
        name = tr("{layer} sequence result").format(layer=layers[0].name())
        name_output(context, result.output_path, name, style=True)
        if result.probabilities_path:
            results[self.OUTPUT_PROBABILITIES] = result.probabilities_path
            name = tr("{layer} sequence probabilities").format(layer=layers[0].name())
            name_output(context, result.probabilities_path, name, style=True)
        elif probabilities:
            feedback.pushInfo(tr("This model gives no class probabilities; that output was not written."))
            forget_output(context, probabilities)
        return results


class SequenceVectorAlgorithm(_SequenceAlgorithm):
    """Monitoring points through a sequence model: their date fields, or a long table joined by id."""

    INPUT = "INPUT"
    FIELDS = "FIELDS"
    TABLE = "TABLE"
    OWN_OUTPUT_CHECKS = ("TABLE",)
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
            "The layer itself is changed only when you tick 'Write the fields onto the input layer' (GeoPackage "
            "or Shapefile layers only): the fields are then added to it, or updated if an earlier Lithoscope run "
            "wrote them, all in one transaction (a failure or a cancel leaves the file as it was); fields of "
            "those names that Lithoscope did not write are refused (give a field prefix). The log says when the "
            "input layer was changed.\n\n"
            "Series come either from the layer's numeric fields whose names are dates (as ground-motion and GNSS "
            "exports have them; by default every such field, in field order, which must be date order), or from "
            "a long table with one row per id and time, joined to the layer by the id field (both must have it; "
            "table ids the layer lacks are refused). Series on different dates are aligned on all dates; missing "
            "values are gaps, handled as the model's metadata says (mask, interpolate or refuse).\n\n"
            "Plots (unless Plots is off): <copy>_series.png beside the copy, with up to six features' series and "
            "their class or forecast."
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
        self.add_scaling_parameters()
        self.add_plots_parameter(tr("Plot some features' series beside the copy (<copy>_series.png)"))
        self.add_in_place_parameters(
            tr("Write the fields onto the input layer itself instead of a copy (changes that layer's file)")
        )
        self.addParameter(
            QgsProcessingParameterVectorDestination(
                self.OUTPUT,
                tr("Copy with the model's fields (not written when writing onto the input layer)"),
                optional=True,
            )
        )

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.pipelines.features import run_sequence_vector
        from ..inference.sources.series import LongTable

        self.check_onnxruntime()
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        path, sublayer = vector_file_source(layer)
        in_place, prefix = self.in_place_values(parameters, context, layer, path)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context) or None
        if in_place and output:
            forget_output(context, output)  # the fields go onto the layer: no copy
            output = None
        elif not in_place and not output:
            raise QgsProcessingException(
                tr("Give the copy to write (OUTPUT), or choose to write the fields onto the input layer.")
            )
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
            keys = {self.ID_FIELD: id_field, self.TIME_FIELD: time_field}
            (ids, times), rows, table_path = self.read_table(
                source, parameters, context, feedback, keys, (self.VALUE_FIELDS, values)
            )
            table = LongTable(ids, times, rows, tuple(values), table_path, time_field)
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
                in_place=in_place,
                field_prefix=prefix,
            )
        )
        feedback.pushInfo(tr("New fields: {fields}").format(fields=", ".join(name for name, _ in result.fields)))
        if in_place:
            return {self.OUTPUT: path, **self.plot_results(result.plots)}
        name_output(context, output, tr("{layer} sequence results").format(layer=layer.name()))
        return {self.OUTPUT: output, **self.plot_results(result.plots)}


def add_well_log_inputs(algorithm, table: str, curves: str, las_curves: str) -> None:
    """The logs of wells: a table (TABLE with WELL_FIELD, DEPTH_FIELD, CURVES) or LAS files (LAS_FILES, LAS_CURVES),
    as the run (lithoscope:welllogs) and the training (lithoscope:trainwells) take them."""
    table_param = algorithm.TABLE
    algorithm.addParameter(
        QgsProcessingParameterFeatureSource(table_param, table, [QgsProcessing.TypeVector], optional=True)
    )
    algorithm.addParameter(
        QgsProcessingParameterMultipleLayers(
            algorithm.LAS_FILES,
            tr("Or LAS files (one well each), or folders of .las files"),
            QgsProcessing.TypeFile,
            optional=True,
        )
    )
    for name, text in (
        (algorithm.WELL_FIELD, tr("Well id field of the table")),
        (algorithm.DEPTH_FIELD, tr("Depth field of the table")),
    ):
        algorithm.addParameter(
            QgsProcessingParameterField(name, text, parentLayerParameterName=table_param, optional=True)
        )
    algorithm.addParameter(
        QgsProcessingParameterField(
            algorithm.CURVES, curves, parentLayerParameterName=table_param, allowMultiple=True, optional=True
        )
    )
    algorithm.addParameter(QgsProcessingParameterString(algorithm.LAS_CURVES, las_curves, optional=True))


class WellLogsAlgorithm(_SequenceAlgorithm):
    """Well logs through a sequence model over depth: a class (facies) per depth sample, summaries per well."""

    TABLE = "TABLE"
    OWN_OUTPUT_CHECKS = ("TABLE",)
    LAS_FILES = "LAS_FILES"
    WELL_FIELD = "WELL_FIELD"
    DEPTH_FIELD = "DEPTH_FIELD"
    CURVES = "CURVES"
    LAS_CURVES = "LAS_CURVES"
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
            "Logs: a table with one row per well and depth and the log curves (a CSV or a layer without "
            "geometry), or LAS files (one well each; files, or folders of .las files). A LAS well's id is its WELL "
            "header item (else the file name), its depths the index curve (in its unit), its curves are chosen by "
            "mnemonic and its NULL value is no data. Depths must increase down each well (a LAS file logged "
            "upwards is turned over).\n\n"
            "Outputs: a CSV with the well, the depth and the model's fields per sample and, given the well points "
            "and their id field, a copy of the points with the dominant class and the thickness of each class per "
            "well. Only when you tick 'Write the summary onto the well points' do the summary fields go onto the "
            "well points layer itself (GeoPackage or Shapefile; in one transaction, a failure or a cancel leaves "
            "it as it was; fields of those names that Lithoscope did not write are refused); the log says so.\n\n"
            "Plots (unless Plots is off): a strip log per well beside the table, <table>_<well>.png: the curves "
            "against depth and the predicted classes in their class-map colours."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        add_well_log_inputs(
            self,
            tr("Well logs table (well, depth, curves)"),
            tr("Log curves of the table, in the model's order"),
            tr("LAS curve mnemonics, comma-separated in the model's order (empty = the model's band names)"),
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
        self.add_scaling_parameters()
        self.add_plots_parameter(tr("Draw a strip log per well beside the table (<table>_<well>.png)"))
        self.add_in_place_parameters(
            tr("Write the summary onto the well points layer itself instead of a copy (changes that layer's file)")
        )
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
        from ..inference.pipelines.wells import run_well_logs

        self.check_onnxruntime()
        table, well_field = self._well_logs(parameters, context, feedback)
        output_table = self.parameterAsFileOutput(parameters, self.OUTPUT_TABLE, context)
        output_wells = self.parameterAsOutputLayer(parameters, self.OUTPUT_WELLS, context) or None
        wells_layer, output_wells, in_place, prefix = self._well_points(
            parameters, context, feedback, output_wells, well_field
        )
        nodata = (
            self.parameterAsDouble(parameters, self.NODATA, context) if self.given(parameters, self.NODATA) else None
        )
        result = self.run_core(
            lambda: run_well_logs(
                self.parameterAsString(parameters, self.MODEL, context),
                table,
                output_table,
                wells_layer,
                output_wells,
                nodata,
                self.table_options(parameters, context),
                log=self.core_log(feedback),
                progress=lambda f: feedback.setProgress(100.0 * f),
                is_cancelled=feedback.isCanceled,
                in_place=in_place,
                field_prefix=prefix,
            )
        )
        results = {self.OUTPUT_TABLE: output_table, **self.plot_results(result.plots)}
        if in_place and wells_layer[0] in result.paths:
            results[self.OUTPUT_WELLS] = wells_layer[0]
        elif output_wells in result.paths:
            results[self.OUTPUT_WELLS] = output_wells
            name_output(context, output_wells, tr("Wells with predicted facies"))
        return results

    def _well_logs(self, parameters: dict, context, feedback) -> tuple[Any, str | None]:
        """The well logs, from LAS files or a table, and the table's well id field (None for LAS files)."""
        from ..inference.sources.las import LasFiles
        from ..inference.sources.wells import WellTable

        curves = self.parameterAsFields(parameters, self.CURVES, context)
        las = [p for p in self.parameterAsFileList(parameters, self.LAS_FILES, context) if p]
        if las and self.given(parameters, self.TABLE):
            raise QgsProcessingException(tr("Give the well logs either as a table or as LAS files, not both."))
        las_curves = [c.strip() for c in self.parameterAsString(parameters, self.LAS_CURVES, context).split(",")]
        las_curves = [c for c in las_curves if c] or curves  # CURVES typed by a script works for LAS files too
        if las:
            return LasFiles(las, tuple(las_curves)), None
        if not self.given(parameters, self.TABLE):
            raise QgsProcessingException(tr("Give the well logs: a table (well, depth, curves) or LAS files."))
        source = self.parameterAsSource(parameters, self.TABLE, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.TABLE))
        well_field = self.parameterAsString(parameters, self.WELL_FIELD, context)
        depth_field = self.parameterAsString(parameters, self.DEPTH_FIELD, context)
        if not (well_field and depth_field):
            raise QgsProcessingException(tr("A well logs table needs its well id field and its depth field."))
        if not curves:
            raise QgsProcessingException(tr("Choose the log curves the model takes, in its order."))
        keys = {self.WELL_FIELD: well_field, self.DEPTH_FIELD: depth_field}
        (wells, depths), rows, table_path = self.read_table(
            source, parameters, context, feedback, keys, (self.CURVES, curves)
        )
        return WellTable(wells, depths, rows, tuple(curves), table_path, well_field), well_field

    def _well_points(
        self, parameters: dict, context, feedback, output_wells: str | None, well_field: str | None
    ) -> tuple[tuple[str, str | None, str] | None, str | None, bool, str]:
        """Where the per-well summary goes.

        Returns the well points as (path, layer, id field) or None, the output layer (None when no summary
        layer is written), whether the summary goes onto the points themselves, and the prefix of its fields.
        """
        wells_layer, in_place, prefix = None, False, ""
        if self.given(parameters, self.WELLS):
            points = self.parameterAsVectorLayer(parameters, self.WELLS, context)
            path, sublayer = vector_file_source(points)
            in_place, prefix = self.in_place_values(parameters, context, points, path)
            if in_place and output_wells:
                forget_output(context, output_wells)  # the summary goes onto the points
                output_wells = None
            if output_wells or in_place:
                id_field = self.parameterAsString(parameters, self.WELLS_FIELD, context) or well_field
                if not id_field:
                    raise QgsProcessingException(
                        tr(
                            "Choose the well id field of the points (WELLS_FIELD); the ids of LAS wells are their "
                            "WELL header items, else the file names."
                        )
                    )
                wells_layer = (path, sublayer, id_field)
        elif self.parameterAsBoolean(parameters, self.WRITE_TO_INPUT, context):
            raise QgsProcessingException(tr("Writing the summary onto the well points needs the well points (WELLS)."))
        elif output_wells:
            feedback.pushInfo(tr("No well points were given; the well summary layer is not written."))
            output_wells = None
        return wells_layer, output_wells, in_place, prefix
