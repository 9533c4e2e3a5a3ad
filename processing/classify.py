# SPDX-License-Identifier: GPL-2.0-or-later
"""Processing algorithm `lithoscope:classify`: run an ONNX model over a raster layer.

An adapter only: it turns Processing parameters (layers, extents in any CRS, polygons) into
plain values for `inference.classify.run_classify` and its results into output layers.
"""

from __future__ import annotations

import os

from qgis.core import (
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputString,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsWkbTypes,
)

from ..i18n import tr
from ..inference.errors import LithoscopeError
from ..inference.registry import shipped_models
from ..inference.session import DEVICES, import_onnxruntime
from .algorithm import LithoscopeAlgorithm, parse_numbers

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


def qml_path(raster_path: str) -> str:
    """The style file the core writes next to a raster output."""
    return os.path.splitext(raster_path)[0] + ".qml"


def apply_qml(layer, path: str) -> str | None:
    """Apply a .qml style to a raster layer if the file exists; an error message if it fails."""
    if not isinstance(layer, QgsRasterLayer) or not os.path.exists(path):
        return None
    message, ok = layer.loadNamedStyle(path)
    layer.triggerRepaint()
    return None if ok else tr("Could not apply the style {path}: {message}").format(path=path, message=message)


def result_layer_name(input_name: str, output: str, output_kind: str = "classes") -> str:
    """Layer name of an output of lithoscope:classify (OUTPUT, OUTPUT_PROBABILITIES, OUTPUT_POLYGONS)."""
    if output == ClassifyAlgorithm.OUTPUT_PROBABILITIES:
        return tr("{layer} probabilities").format(layer=input_name)
    if output == ClassifyAlgorithm.OUTPUT_POLYGONS:
        return tr("{layer} class polygons").format(layer=input_name)
    if output_kind == "probability":
        return tr("{layer} probability").format(layer=input_name)
    if output_kind == "values":
        return tr("{layer} values").format(layer=input_name)
    return tr("{layer} classes").format(layer=input_name)


def raster_file_path(layer: QgsRasterLayer) -> str:
    """The local file behind a raster layer, or a QgsProcessingException saying to save it as GeoTIFF."""
    hint = tr(
        "The raster '{name}' is not a local file that GDAL can read (provider '{provider}'). Save it as "
        "a GeoTIFF first (right-click the layer > Export > Save As…) and run again with that file."
    ).format(name=layer.name(), provider=layer.providerType())
    if layer.providerType() != "gdal":
        raise QgsProcessingException(hint)
    parts = QgsProviderRegistry.instance().decodeUri("gdal", layer.source())
    path = parts.get("path") or ""
    if parts.get("layerName") or parts.get("vsiPrefix") or not os.path.isfile(path):
        raise QgsProcessingException(hint)
    return path


class ClassifyAlgorithm(LithoscopeAlgorithm):
    """Classify a raster with an ONNX model: class map, probabilities and class polygons."""

    INPUT = "INPUT"
    MODEL = "MODEL"
    BANDS = "BANDS"
    EXTENT = "EXTENT"
    MASK = "MASK"
    TILE_SIZE = "TILE_SIZE"
    OVERLAP = "OVERLAP"
    BATCH_SIZE = "BATCH_SIZE"
    DEVICE = "DEVICE"
    THREADS = "THREADS"
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
        return tr("deep learning,onnx,cnn,classification,segmentation,lithology,geology,model").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Runs a deep-learning model (ONNX) over a raster and maps what it recognises: for example "
            "lithology from terrain, or land cover from imagery.\n\n"
            "The raster is cut into overlapping tiles that are classified one batch at a time and blended, "
            "so rasters of any size can be processed; pixels that are nodata in the input (or outside the "
            "chosen extent or mask polygons) stay nodata (255) in the class map.\n\n"
            "Model: the name of a model shipped with Lithoscope or the path of an .onnx file. The model's "
            "metadata gives the class names and colours, the bands it expects and how to scale them; the "
            "advanced parameters override them (tile size, overlap, band offset and scale as "
            "x' = (x - offset) / scale).\n\n"
            "Outputs: a class map (GeoTIFF, styled with the model's classes), optionally the probability of "
            "each class (one band per class, 0 to 1) and the class polygons (GeoPackage with class_id and "
            "class_name), ready for a geological map.\n\n"
            "The input must be a raster file (GeoTIFF or another format GDAL reads); save other layers as "
            "GeoTIFF first. Requires the Python package onnxruntime."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        shipped = list(shipped_models())
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Input raster")))
        model = QgsProcessingParameterString(
            self.MODEL,
            tr("Model (shipped model name or path of an .onnx file)"),
            defaultValue=shipped[0] if shipped else None,
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
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, tr("Limit to extent"), optional=True))
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.MASK, tr("Limit to polygons"), [QgsProcessing.TypeVectorPolygon], optional=True
            )
        )
        advanced = [
            QgsProcessingParameterNumber(
                self.TILE_SIZE,
                tr("Tile size in pixels (0 = from the model)"),
                defaultValue=0,
                minValue=0,
                maxValue=16384,
            ),
            QgsProcessingParameterNumber(
                self.OVERLAP, tr("Tile overlap in pixels (-1 = from the model)"), defaultValue=-1, minValue=-1
            ),
            QgsProcessingParameterNumber(
                self.BATCH_SIZE, tr("Tiles per batch"), defaultValue=4, minValue=1, maxValue=1024
            ),
            QgsProcessingParameterEnum(
                self.DEVICE,
                tr("Device"),
                options=[tr("Automatic (GPU if available)"), tr("CPU"), tr("CUDA GPU")],
                defaultValue=0,
            ),
            QgsProcessingParameterNumber(self.THREADS, tr("CPU threads (0 = all)"), defaultValue=0, minValue=0),
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
        ]
        for param in advanced:
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(param)
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
        self.addOutput(QgsProcessingOutputString(self.OUTPUT_KIND, tr("Output kind (classes, probability or values)")))

    def _extent(self, parameters: dict, context, layer: QgsRasterLayer) -> tuple[float, float, float, float] | None:
        if not self.given(parameters, self.EXTENT):
            return None
        rect = self.parameterAsExtent(parameters, self.EXTENT, context)
        if rect.isNull() or rect.isEmpty():
            return None
        raster_crs = layer.crs()
        extent_crs = self.parameterAsExtentCrs(parameters, self.EXTENT, context)
        if extent_crs.isValid() and extent_crs != raster_crs:
            try:
                transform = QgsCoordinateTransform(extent_crs, raster_crs, context.transformContext())
                rect = transform.transformBoundingBox(rect)
            except QgsCsException as exc:
                raise QgsProcessingException(
                    tr("The extent cannot be transformed to the raster's CRS ({crs}): {error}").format(
                        crs=raster_crs.authid(), error=str(exc)
                    )
                ) from None
        return rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()

    def _mask(self, parameters: dict, context, feedback, raster_crs) -> list | None:
        if not self.given(parameters, self.MASK):
            return None
        source = self.parameterAsSource(parameters, self.MASK, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.MASK))
        from shapely import wkb

        request = QgsFeatureRequest().setDestinationCrs(raster_crs, context.transformContext()).setNoAttributes()
        geometries = []
        for feature in source.getFeatures(request):
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Cancelled by the user; no output was written."))
            geometry = feature.geometry()
            if geometry.isNull() or geometry.isEmpty():
                continue
            geometry = QgsGeometry(geometry)
            if QgsWkbTypes.isCurvedType(geometry.wkbType()):
                geometry = QgsGeometry(geometry.constGet().segmentize())
            geometry.get().dropMValue()
            geometry.get().dropZValue()
            geometries.append(wkb.loads(bytes(geometry.asWkb())))
        if not geometries:
            raise QgsProcessingException(
                tr("The mask layer has no polygons (or none selected); nothing would be classified.")
            )
        feedback.pushInfo(tr("Limited to {n} mask polygon(s)").format(n=len(geometries)))
        return geometries

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.classify import ClassifyParams, run_classify

        try:
            import_onnxruntime()
        except LithoscopeError as exc:
            raise QgsProcessingException(str(exc)) from None

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.INPUT))
        input_path = raster_file_path(layer)
        raster_crs = layer.crs()

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
        tile = self.parameterAsInt(parameters, self.TILE_SIZE, context)
        overlap = self.parameterAsInt(parameters, self.OVERLAP, context)

        params = ClassifyParams(
            input_path=input_path,
            model=self.parameterAsString(parameters, self.MODEL, context),
            output_path=output,
            probabilities_path=probabilities,
            polygons_path=polygons,
            bands=bands,
            extent=self._extent(parameters, context, layer),
            mask_geometries=self._mask(parameters, context, feedback, raster_crs),
            tile_size=tile or None,
            overlap=overlap if overlap >= 0 else None,
            batch_size=self.parameterAsInt(parameters, self.BATCH_SIZE, context),
            band_offset=offset,
            band_scale=scale,
            nodata=nodata,
            device=DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)],
            threads=self.parameterAsInt(parameters, self.THREADS, context),
        )
        try:
            result = run_classify(
                params,
                progress=lambda f: feedback.setProgress(100.0 * f),
                is_cancelled=feedback.isCanceled,
                log=feedback.pushInfo,
            )
        except LithoscopeError as exc:
            raise QgsProcessingException(str(exc)) from None

        results = {self.OUTPUT: result.output_path, self.OUTPUT_KIND: result.output_kind}
        produced = [(self.OUTPUT, result.output_path, True)]
        if result.probabilities_path:
            produced.append((self.OUTPUT_PROBABILITIES, result.probabilities_path, True))
        elif probabilities:
            feedback.pushInfo(tr("This model gives no class probabilities; that output was not written."))
            self._forget_output(context, probabilities)
        if result.polygons_path:
            produced.append((self.OUTPUT_POLYGONS, result.polygons_path, False))
        elif polygons:
            feedback.pushInfo(tr("This model gives no classes; no polygons were written."))
            self._forget_output(context, polygons)
        for key, path, style in produced:
            results[key] = path
            self._name_output(context, path, result_layer_name(layer.name(), key, result.output_kind), style)
        return results

    @staticmethod
    def _forget_output(context, path: str) -> None:
        """Stop Processing from loading an output that was not written (it would report an error)."""
        layers = context.layersToLoadOnCompletion()
        if layers.pop(path, None) is not None:
            context.setLayersToLoadOnCompletion(layers)

    @staticmethod
    def _name_output(context, path: str, name: str, style: bool = False) -> None:
        """Name a layer Processing will load; with `style`, apply the .qml written next to it."""
        if not context.willLoadLayerOnCompletion(path):
            return
        details = context.layerToLoadOnCompletionDetails(path)
        details.name = name
        if not style:
            return
        post = StyleFromQml(qml_path(path))
        _POST_PROCESSORS[path] = post
        details.setPostProcessor(post)
