# SPDX-License-Identifier: GPL-2.0-or-later
"""DEM void filling: lithoscope:fillvoids (fill the nodata voids of a DEM with a void-filler model) and
lithoscope:trainvoidfiller (train one on the user's own DEM, self-supervised). The work is in learning/voids.py."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..i18n import tr
from ..inference.model.registry import shipped_models
from .algorithm import LithoscopeAlgorithm, advanced
from .train import TrainAlgorithm


class FillVoidsAlgorithm(LithoscopeAlgorithm):
    """lithoscope:fillvoids: only void pixels change; every other pixel is the input's, bit for bit."""

    HELP_TOPIC = "voids"
    INPUT = "INPUT"
    MODEL = "MODEL"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "fillvoids"

    def displayName(self) -> str:  # noqa: N802
        return tr("Fill DEM voids")

    def tags(self) -> list[str]:
        return [tr("dem"), tr("void"), tr("nodata"), tr("fill"), tr("generator"), tr("elevation")]

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Fills the nodata voids of a DEM with a void-filler model: the shipped dem_void_filler by default (a "
            "thin-plate first guess corrected by a U-Net trained on public DEMs; see its card in the model manager), "
            "or one trained on your own terrain with 'Train a DEM void filler'. Only void pixels change; every other "
            "pixel is copied through bit for bit. The DEM is processed tile by tile with overlapping, blended tiles."
            "\n\n"
            "A DEM without voids is left alone (nothing is written). A raster that is all nodata, a classified map "
            "(integer classes) and voids wider than the model's tile less its overlap are refused, with the size of "
            "the largest void."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("DEM with voids")))
        shipped = shipped_models().get("dem_void_filler")  # the shipped filler (models/dem_void_filler.md)
        self.addParameter(
            QgsProcessingParameterFile(
                self.MODEL, tr("Void-filler model (ONNX)"), extension="onnx", defaultValue=shipped
            )
        )
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Filled DEM")))
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.THREADS, tr("CPU threads (0: all)"), QgsProcessingParameterNumber.Integer, 0, False, 0, 256
                )
            )
        )

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..learning.voids import fill_voids

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(tr("No DEM was given; choose the DEM whose voids to fill."))
        model = self.parameterAsFile(parameters, self.MODEL, context)
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        threads = self.parameterAsInt(parameters, self.THREADS, context)
        result = self.run_core(
            lambda: fill_voids(
                layer.source(), model, output, lambda f: feedback.setProgress(100 * f), feedback.isCanceled,
                self.core_log(feedback), threads=threads,
            )
        )  # fmt: skip
        if result.output is None:
            feedback.pushWarning(tr("The DEM has no voids; nothing was written."))
        return {
            self.OUTPUT: result.output,
            "VOIDS": result.voids.count,
            "VOID_PIXELS": int(sum(result.voids.pixels)),
            "LARGEST_VOID_PX": result.voids.largest,
        }


class TrainVoidFillerAlgorithm(TrainAlgorithm):
    """lithoscope:trainvoidfiller: self-supervised on the user's DEM (voids cut out of valid terrain)."""

    HELP_TOPIC = "voids"
    INPUT = "INPUT"
    TILE = "TILE"
    WIDTH = "WIDTH"
    ADVERSARIAL = "ADVERSARIAL"

    def name(self) -> str:
        return "trainvoidfiller"

    def displayName(self) -> str:  # noqa: N802
        return tr("Train a DEM void filler")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Trains a void filler on your own DEM, self-supervised: voids of random size and shape are cut out of "
            "valid terrain and a small U-Net (over a coarse-to-fine first guess) learns to fill them, optionally "
            "against a patch discriminator (adversarial weight; 0 turns it off). Whole blocks of the DEM are held "
            "out; the HTML report compares the model with GDAL FillNodata on them, by void size. Writes the model, "
            "its card and the report together; run it with 'Fill DEM voids'."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("DEM (valid terrain to learn from)")))
        self.add_training_parameters(epochs=30, minutes=5.0, rare=False, refit=False)  # no final fit here
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.TILE, tr("Training tile (px, a multiple of 32)"), QgsProcessingParameterNumber.Integer,
                    128, False, 32, 1024,
                )
            )
        )  # fmt: skip
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.WIDTH, tr("Network width"), QgsProcessingParameterNumber.Integer, 16, False, 4, 128
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.ADVERSARIAL, tr("Adversarial weight (0: no discriminator)"),
                    QgsProcessingParameterNumber.Double, 0.01, False, 0.0, 10.0,
                )
            )
        )  # fmt: skip

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..learning.voids import VoidTrainSettings, train_void_filler

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(tr("No DEM was given; choose the DEM to learn from."))
        tile = self.parameterAsInt(parameters, self.TILE, context)
        settings = self.settings_values(
            parameters, context, VoidTrainSettings, tile=tile,
            width=self.parameterAsInt(parameters, self.WIDTH, context),
            adversarial=self.parameterAsDouble(parameters, self.ADVERSARIAL, context),
        )  # fmt: skip
        python = self.training_python()
        model, report = self.outputs(parameters, context)
        log = self.core_log(feedback)
        result = self.run_core(
            lambda: train_void_filler(
                [layer.source()], model, python, settings, lambda f: feedback.setProgress(100 * f), log,
                feedback.isCanceled, report_path=report, title=tr("DEM void filler ({name})").format(name=layer.name()),
            )
        )  # fmt: skip
        return self.written(feedback, result, SCORES=result.metrics["elevation_rmse"])
