# SPDX-License-Identifier: GPL-2.0-or-later
"""Autoencoders in Processing: lithoscope:trainautoencoder (unsupervised, on any stack of continuous rasters) and
lithoscope:encode (latent bands, a reconstruction-error anomaly map and optional landform units).

Adapters only: the work is learning/encode.py's."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..i18n import tr
from ..inference.model.registry import shipped_models
from .algorithm import LithoscopeAlgorithm, advanced
from .classify import forget_output, name_output
from .layers import raster_file_path
from .train import TrainAlgorithm


class TrainAutoencoderAlgorithm(TrainAlgorithm):
    """lithoscope:trainautoencoder: a per-pixel autoencoder of a raster or aligned rasters, no labels needed."""

    HELP_TOPIC = "encode"
    RASTERS = "RASTERS"
    TERRAIN = "TERRAIN"
    LATENT = "LATENT"
    BLOCK = "BLOCK"
    MAX_PIXELS = "MAX_PIXELS"
    INTEGER_CONTINUOUS = "INTEGER_CONTINUOUS"

    def name(self) -> str:
        return "trainautoencoder"

    def displayName(self) -> str:  # noqa: N802
        return tr("Train an autoencoder (latent features)")

    def tags(self) -> list[str]:
        return super().tags() + [tr("autoencoder"), tr("unsupervised"), tr("latent"), tr("anomaly"), tr("landform")]

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Trains an autoencoder, without labels, on the pixels of a raster or aligned rasters (a DEM and its "
            "terrain derivatives, imagery, a factor stack): each pixel's bands are squeezed into a few latent values "
            "and rebuilt from them. Optional terrain factors of the first raster (a DEM in metres) are computed by the "
            "model itself, so it then runs on the DEM alone. Whole spatial blocks are held out; the report compares "
            "their reconstruction error with PCA of the same size. Categorical bands (class codes) are refused. "
            "Writes the ONNX model, its card (.md) and an HTML report; run it with Encode with an autoencoder."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        from ..inference.sources.terrain import TERRAIN_FACTORS

        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.RASTERS, tr("Input rasters (aligned, continuous bands, in order)"), QgsProcessing.TypeRaster
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.TERRAIN,
                tr("Terrain factors of the first raster (a DEM in metres), computed by the model itself"),
                list(TERRAIN_FACTORS),
                allowMultiple=True,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.LATENT, tr("Latent bands (k)"), QgsProcessingParameterNumber.Integer, 4, False, 1, 64
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.BLOCK, tr("Spatial block side (pixels)"), QgsProcessingParameterNumber.Integer, 64, False, 8
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.MAX_PIXELS,
                    tr("Training pixels (drawn from every block)"),
                    QgsProcessingParameterNumber.Integer,
                    60000,
                    False,
                    100,
                )
            )
        )
        self.add_hidden_parameter(tr("Hidden units"))
        self.addParameter(
            advanced(
                QgsProcessingParameterBoolean(
                    self.INTEGER_CONTINUOUS,
                    tr("Integer bands with few values are measurements, not class codes"),
                    False,
                )
            )
        )
        self.add_training_parameters(epochs=40, minutes=5.0, rare=False)
        self.parameterDefinition(self.BATCH).setDefaultValue(256)  # pixels, not tiles

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.sources.terrain import TERRAIN_FACTORS
        from ..learning.encode import prepare_autoencoder, train_autoencoder

        layers = self.parameterAsLayerList(parameters, self.RASTERS, context)
        if not layers:
            raise QgsProcessingException(tr("Give at least one input raster."))
        rasters = [raster_file_path(layer) for layer in layers]
        chosen = (
            self.parameterAsEnums(parameters, self.TERRAIN, context) if self.given(parameters, self.TERRAIN) else []
        )
        terrain = tuple(TERRAIN_FACTORS[i] for i in chosen)  # (parameterAsEnums gives [0] when none is given)
        kinds = None
        if self.parameterAsBool(parameters, self.INTEGER_CONTINUOUS, context):
            kinds = ["continuous"] * sum(layer.bandCount() for layer in layers)
        settings = self.settings_values(
            parameters, context, hidden=self.parameterAsInt(parameters, self.HIDDEN, context)
        )
        python = self.training_python()
        log, cancelled = self.core_log(feedback), feedback.isCanceled
        feedback.pushInfo(tr("Reading the training pixels…"))
        data = self.run_core(
            lambda: prepare_autoencoder(
                rasters,
                terrain=terrain,
                band_kinds=kinds,
                block=self.parameterAsInt(parameters, self.BLOCK, context),
                max_pixels=self.parameterAsInt(parameters, self.MAX_PIXELS, context),
                seed=settings.seed,
                log=log,
                is_cancelled=cancelled,
            )
        )
        model, report = self.outputs(parameters, context)
        title = tr("Autoencoder trained on {layers}").format(layers=", ".join(layer.name() for layer in layers))
        result = self.run_core(
            lambda: train_autoencoder(
                data,
                model,
                python,
                latent=self.parameterAsInt(parameters, self.LATENT, context),
                settings=settings,
                progress=lambda f: feedback.setProgress(100 * f),
                log=log,
                is_cancelled=cancelled,
                title=title,
                report_path=report,
                hidden=settings.hidden,
            )
        )
        scores = {name: s["mse"] for name, s in result.metrics["scores"].items()}
        return self.written(feedback, result, DEVICE=result.device, SCORES=scores)


class EncodeAlgorithm(LithoscopeAlgorithm):
    """lithoscope:encode: latent bands, reconstruction error and optional landform units of a raster."""

    HELP_TOPIC = "encode"
    INPUT = "INPUT"
    MODEL = "MODEL"
    DEM = "DEM"
    K = "K"
    SEED = "SEED"
    OUTPUT_LATENT = "OUTPUT_LATENT"
    OUTPUT_ERROR = "OUTPUT_ERROR"
    OUTPUT_UNITS = "OUTPUT_UNITS"
    OUTPUT_TABLE = "OUTPUT_TABLE"

    def name(self) -> str:
        return "encode"

    def displayName(self) -> str:  # noqa: N802
        return tr("Encode with an autoencoder (latent bands, anomalies, landform units)")

    def tags(self) -> list[str]:
        return [tr("autoencoder"), tr("latent"), tr("anomaly"), tr("landform"), tr("k-means"), tr("clustering")]

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Runs an autoencoder over a raster (and further continuous layers): writes its k latent bands, usable as "
            "susceptibility factors (Build susceptibility factors: continuous factor rasters), and the "
            "reconstruction error, an anomaly map (high where the ground differs from what the model learned). "
            "Optionally clusters the latent bands into landform units by k-means (K = 0: chosen by silhouette; the "
            "same SEED gives the same map), styled, with a table per unit: area (km²) and, with a DEM on the same "
            "grid, mean elevation, slope and curvatures. A terrain autoencoder that computes its own terrain factors "
            "takes the DEM alone, which is then also the DEM of the table. The shipped terrain_autoencoder (trained on "
            "public DEMs; see its card in the model manager) is the default model."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Input raster")))
        shipped = "terrain_autoencoder" if "terrain_autoencoder" in shipped_models() else None
        self.addParameter(
            QgsProcessingParameterString(
                self.MODEL, tr("Autoencoder (shipped model name or path of an .onnx file)"), defaultValue=shipped
            )
        )
        self.add_stack_parameters(tr("Further continuous layers stacked after the input's bands"))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT_LATENT, tr("Latent bands")))
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT_ERROR, tr("Reconstruction error (anomalies)"))
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT_UNITS, tr("Landform units"), optional=True, createByDefault=False
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_TABLE, tr("Landform unit table"), tr("CSV files (*.csv)"), optional=True,
                createByDefault=False,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterNumber(
                self.K, tr("Landform units (0: chosen by silhouette)"), QgsProcessingParameterNumber.Integer, 0,
                False, 0, 250,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterNumber(
                self.SEED, tr("Random seed"), QgsProcessingParameterNumber.Integer, 0, False, 0
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.DEM, tr("DEM for the unit table (on the input's grid)"), optional=True
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.THREADS, tr("CPU threads (0: all)"), QgsProcessingParameterNumber.Integer, 0, False, 0, 256
                )
            )
        )

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.model.contract import read_contract
        from ..inference.model.registry import resolve_model
        from ..learning.encode import encode_raster, landform_units

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        raster = raster_file_path(layer)
        model = self.run_core(lambda: resolve_model(self.parameterAsString(parameters, self.MODEL, context).strip()))
        stack = self.stack_values(parameters, context, feedback, [str(b) for b in range(1, layer.bandCount() + 1)])
        latent = self.parameterAsOutputLayer(parameters, self.OUTPUT_LATENT, context)
        error = self.parameterAsOutputLayer(parameters, self.OUTPUT_ERROR, context)
        units = self.parameterAsOutputLayer(parameters, self.OUTPUT_UNITS, context) if self.given(
            parameters, self.OUTPUT_UNITS
        ) else None  # fmt: skip
        table = self.parameterAsFileOutput(parameters, self.OUTPUT_TABLE, context) or None
        if table and not units:
            raise QgsProcessingException(tr("The unit table needs the landform units output; give OUTPUT_UNITS too."))
        log, cancelled = self.core_log(feedback), feedback.isCanceled
        steps = 2 if units else 1
        self.run_core(
            lambda: encode_raster(
                model, raster, latent, error, layers=stack["layers"], band_kinds=stack["band_kinds"],
                threads=self.parameterAsInt(parameters, self.THREADS, context),
                progress=lambda f: feedback.setProgress(100 * f / steps), log=log, is_cancelled=cancelled,
            )
        )  # fmt: skip
        name_output(context, latent, tr("{layer} latent bands").format(layer=layer.name()), style=True)
        name_output(context, error, tr("{layer} reconstruction error").format(layer=layer.name()), style=True)
        results = {self.OUTPUT_LATENT: latent, self.OUTPUT_ERROR: error}
        if not units:
            forget_output(context, self.parameterAsOutputLayer(parameters, self.OUTPUT_UNITS, context))
            return results
        dem = None
        if self.given(parameters, self.DEM):
            dem = raster_file_path(self.parameterAsRasterLayer(parameters, self.DEM, context))
        elif read_contract(model).band_derived and not stack["layers"]:
            dem = raster  # the model computed its terrain factors of this DEM
        found = self.run_core(
            lambda: landform_units(
                latent, units, table, k=self.parameterAsInt(parameters, self.K, context),
                seed=self.parameterAsInt(parameters, self.SEED, context), dem=dem,
                progress=lambda f: feedback.setProgress(50 + 50 * f), log=log, is_cancelled=cancelled,
            )
        )  # fmt: skip
        name_output(context, units, tr("{layer} landform units").format(layer=layer.name()), style=True)
        results.update({self.OUTPUT_UNITS: units, self.OUTPUT_TABLE: table, "K": found["k"]})
        return results
