# SPDX-License-Identifier: GPL-2.0-or-later
"""Processing algorithm `lithoscope:classify`: run an ONNX model over a raster layer and further layers.

An adapter only: it turns Processing parameters (layers, extents in any CRS, polygons) into
plain values for `inference.classify.run_classify` and its results into output layers. The
parameters it shares with other algorithms (area, layer stack, engine) come from algorithm.py.
"""

from __future__ import annotations

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputString,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from ..i18n import tr, translate_message
from ..inference.model.registry import models_for, shipped_models
from ..inference.model.session import import_onnxruntime
from ..inference.outputs.styles import polygons_style_path
from .algorithm import LithoscopeAlgorithm, advanced, parse_numbers
from .layers import raster_file_path

# Post-processors must outlive the algorithm (Processing calls them after it finished);
# keyed by output path, so re-running into the same file replaces the old one.
_POST_PROCESSORS: dict[str, QgsProcessingLayerPostProcessorInterface] = {}


class StyleFromQml(QgsProcessingLayerPostProcessorInterface):
    """Apply the .qml written next to a raster output.

    Processing loads result layers without their default style, and a class map then shows
    the GeoTIFF's colour table with bare numbers instead of the model's class names.
    """

    def __init__(self, qml_path: str) -> None:
        super().__init__()
        self.qml_path = qml_path

    def postProcessLayer(self, layer, context, feedback) -> None:  # noqa: N802 (QGIS API)
        error = apply_qml(layer, self.qml_path)
        if error and feedback is not None:
            feedback.reportError(error)


def name_output(context, path: str, name: str, style: bool | str = False) -> None:
    """Name a layer Processing will load; with `style`, apply the .qml the core wrote beside it (or the style file
    `style` names)."""
    if not context.willLoadLayerOnCompletion(path):
        return
    details = context.layerToLoadOnCompletionDetails(path)
    details.name = name
    if not style:
        return
    post = StyleFromQml(style if isinstance(style, str) else qml_path(path))
    _POST_PROCESSORS[path] = post
    details.setPostProcessor(post)


def forget_output(context, path: str) -> None:
    """Stop Processing from loading an output that was not written (it would report an error)."""
    layers = context.layersToLoadOnCompletion()
    if layers.pop(path, None) is not None:
        context.setLayersToLoadOnCompletion(layers)


def qml_path(raster_path: str) -> str:
    """The style file the core writes next to a raster output."""
    return os.path.splitext(raster_path)[0] + ".qml"


def apply_qml(layer, path: str) -> str | None:
    """Apply a .qml style to a layer (raster, or vector such as mapping units) if the file exists; an error message
    if it fails."""
    if layer is None or not os.path.exists(path):
        return None
    message, ok = layer.loadNamedStyle(path)
    layer.triggerRepaint()
    return None if ok else tr("Could not apply the style {path}: {message}").format(path=path, message=message)


def result_layer_name(input_name: str, output: str, output_kind: str = "classes") -> str:
    """Layer name of an output of lithoscope:classify (OUTPUT, OUTPUT_PROBABILITIES, OUTPUT_POLYGONS).

    OUTPUT is named after what the model gives (`RunResult.output_kind`).
    """
    if output == ClassifyAlgorithm.OUTPUT_PROBABILITIES:
        return tr("{layer} probabilities").format(layer=input_name)
    if output == ClassifyAlgorithm.OUTPUT_POLYGONS:
        return tr("{layer} class polygons").format(layer=input_name)
    names = {
        "probability": tr("{layer} probability"),
        "values": tr("{layer} values"),
        "latent": tr("{layer} latent features"),
        "filled": tr("{layer} filled"),
    }
    return names.get(output_kind, tr("{layer} classes")).format(layer=input_name)


class ClassifyAlgorithm(LithoscopeAlgorithm):
    """Run an ONNX model over a raster (and further layers): class map, probabilities, polygons or values."""

    INPUT = "INPUT"
    MODEL = "MODEL"
    BANDS = "BANDS"
    BAND_OFFSET = "BAND_OFFSET"
    BAND_SCALE = "BAND_SCALE"
    NODATA = "NODATA"
    OUTPUT = "OUTPUT"
    OUTPUT_PROBABILITIES = "OUTPUT_PROBABILITIES"
    OUTPUT_POLYGONS = "OUTPUT_POLYGONS"
    OUTPUT_KIND = "OUTPUT_KIND"

    def name(self) -> str:
        return "classify"

    def displayName(self) -> str:  # noqa: N802
        return tr("Classify raster")

    def tags(self) -> list[str]:
        tags = tr("deep learning,onnx,cnn,classification,segmentation,lithology,geology,model,scikit-learn,dask")
        return tags.split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Runs a model (ONNX) over a raster and maps what it recognises: for example lithology from "
            "terrain, or land cover from imagery.\n\n"
            "The raster is cut into overlapping tiles that are classified one batch at a time and blended, "
            "so rasters of any size can be processed; pixels that are nodata in the input (or outside the "
            "chosen extent or mask polygons) stay nodata (255) in the class map.\n\n"
            "Model: the name of a model shipped with Lithoscope or the path of an .onnx file. The model's "
            "metadata gives the class names and colours, the bands it expects and how to scale them; the "
            "advanced parameters override them (tile size, overlap, band offset and scale as "
            "x' = (x - offset) / scale). Besides CNNs, scikit-learn models exported with skl2onnx run pixel "
            "by pixel over the bands, and sequence models, autoencoders and generators run as their "
            "metadata says.\n\n"
            "Further layers: rasters (any CRS and resolution, resampled onto the input's grid) and vector "
            "layers (burned as 1 inside features and 0 outside, or the values of a field) are stacked after "
            "the input's bands. Categorical bands (numbered through the whole stack) are resampled by "
            "nearest neighbour and never standardised.\n\n"
            "Outputs: a class map (GeoTIFF, styled with the model's classes), optionally the probability of "
            "each class (one band per class, 0 to 1) and the class polygons (GeoPackage with class_id and "
            "class_name), ready for a geological map. Other models write their probability, values, latent "
            "features or filled raster to the first output.\n\n"
            "Executor (advanced): local threads, or Dask: a cluster at the scheduler address, or local "
            "worker processes. Dask workers must read the input and model files at the same paths.\n\n"
            "The inputs must be files (rasters GDAL reads, vector files OGR reads); save other layers as "
            "files first. Requires the Python package onnxruntime."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        shipped = list(shipped_models())
        runs = list(models_for("classify"))  # shipped ones that make a map of classes first
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Input raster")))
        model = QgsProcessingParameterString(
            self.MODEL,
            tr("Model (shipped model name or path of an .onnx file)"),
            defaultValue=runs[0] if runs else None,
        )
        model.setHelp(
            tr("A shipped model name ({names}) or the path of an ONNX model file.").format(
                names=", ".join(shipped) or tr("none installed")
            )
        )
        self.addParameter(model)
        self.addParameter(
            QgsProcessingParameterString(
                self.BANDS, tr("Bands to use, in the model's order (e.g. 1,2,3; empty = all)"), optional=True
            )
        )
        self.add_stack_parameters()
        self.add_area_parameters()
        self.add_engine_parameters()
        for param in (
            QgsProcessingParameterString(
                self.BAND_OFFSET, tr("Band offsets, one per band (override the model's scaling)"), optional=True
            ),
            QgsProcessingParameterString(
                self.BAND_SCALE, tr("Band scales, one per band (override the model's scaling)"), optional=True
            ),
            QgsProcessingParameterNumber(
                self.NODATA,
                tr("Input nodata value (overrides the raster's)"),
                type=QgsProcessingParameterNumber.Double,
                optional=True,
            ),
        ):
            self.addParameter(advanced(param))
        self.add_output_parameters()
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Class map")))
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT_PROBABILITIES, tr("Class probabilities"), optional=True, createByDefault=False
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorDestination(
                self.OUTPUT_POLYGONS,
                tr("Class polygons"),
                QgsProcessing.TypeVectorPolygon,
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(
            QgsProcessingOutputString(
                self.OUTPUT_KIND, tr("Output kind (classes, probability, values, latent or filled)")
            )
        )

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.pipelines.classify import ClassifyParams, run_classify

        self.run_core(import_onnxruntime)

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.INPUT))
        input_path = raster_file_path(layer)

        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        probabilities = self.parameterAsOutputLayer(parameters, self.OUTPUT_PROBABILITIES, context) or None
        polygons = self.parameterAsOutputLayer(parameters, self.OUTPUT_POLYGONS, context) or None
        for path, what in ((output, tr("class map")), (probabilities, tr("probabilities"))):
            if path and not path.lower().endswith((".tif", ".tiff")):
                raise QgsProcessingException(
                    tr("The {what} output must be a GeoTIFF (.tif): {path}").format(what=what, path=path)
                )
        if polygons and not polygons.lower().endswith(".gpkg"):
            raise QgsProcessingException(
                tr("The class polygons output must be a GeoPackage (.gpkg): {path}").format(path=polygons)
            )

        bands = parse_numbers(self.parameterAsString(parameters, self.BANDS, context), int, tr("Bands"))
        offset = parse_numbers(self.parameterAsString(parameters, self.BAND_OFFSET, context), float, tr("Band offsets"))
        scale = parse_numbers(self.parameterAsString(parameters, self.BAND_SCALE, context), float, tr("Band scales"))
        nodata = None
        if self.given(parameters, self.NODATA):
            nodata = self.parameterAsDouble(parameters, self.NODATA, context)
        input_bands = [
            tr("band {band} of '{layer}'").format(band=b, layer=layer.name())
            for b in (bands or range(1, layer.bandCount() + 1))
        ]

        params = ClassifyParams(
            input_path=input_path,
            model=self.parameterAsString(parameters, self.MODEL, context),
            output_path=output,
            probabilities_path=probabilities,
            polygons_path=polygons,
            bands=bands,
            band_offset=offset,
            band_scale=scale,
            nodata=nodata,
            **self.stack_values(parameters, context, feedback, input_bands),
            **self.area_values(parameters, context, feedback, layer.crs()),
            **self.engine_values(parameters, context, feedback),
            **self.output_values(parameters, context),
        )
        result = self.run_core(
            lambda: run_classify(
                params,
                progress=lambda f: feedback.setProgress(100.0 * f),
                is_cancelled=feedback.isCanceled,
                log=self.core_log(feedback),
            )
        )

        results = {self.OUTPUT: result.output_path, self.OUTPUT_KIND: result.output_kind}
        produced = [(self.OUTPUT, result.output_path, True)]
        if result.probabilities_path:
            produced.append((self.OUTPUT_PROBABILITIES, result.probabilities_path, True))
        elif probabilities:
            feedback.pushInfo(tr("This model gives no class probabilities; that output was not written."))
            forget_output(context, probabilities)
        if result.polygons_path:
            produced.append(
                (self.OUTPUT_POLYGONS, result.polygons_path, polygons_style_path(result.polygons_path, output))
            )
        elif polygons:
            feedback.pushInfo(tr("This model gives no classes; no polygons were written."))
            forget_output(context, polygons)
        for key, path, style in produced:
            results[key] = path
            name_output(context, path, result_layer_name(layer.name(), key, result.output_kind), style)
        return results

    def checkParameterValues(self, parameters: dict, context) -> tuple[bool, str]:  # noqa: N802 (QGIS API)
        """A file QGIS cannot load as a raster is named with the reason (a vector file, no bands)."""
        value = parameters.get(self.INPUT)
        if isinstance(value, str) and os.path.isfile(value.split("|")[0]):
            from ..inference.errors import LithoscopeError
            from ..inference.sources.raster import open_raster

            try:
                open_raster(value.split("|")[0]).close()
            except LithoscopeError as exc:
                return False, translate_message(str(exc))
        return super().checkParameterValues(parameters, context)
