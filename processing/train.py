# SPDX-License-Identifier: GPL-2.0-or-later
"""Training deep models on the user's layers: lithoscope:trainsegmentation (and the base of the other training jobs).

Each training algorithm reads its layers into a `learning.common.TrainingData` and hands it to `train_model`,
which runs PyTorch in the training worker's own process, holds whole groups out (spatial blocks, groups of points,
stations, wells), compares with baselines and writes the model, its card and an HTML report together.
"""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..i18n import tr
from .algorithm import LithoscopeAlgorithm, advanced

RARE_CHOICES = ("keep", "drop", "merge")


class TrainAlgorithm(LithoscopeAlgorithm):
    """What the training algorithms share: the model, report and time budget, held-out share, seed, threads."""

    HELP_TOPIC = "training"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    EPOCHS = "EPOCHS"
    MINUTES = "MINUTES"
    PATIENCE = "PATIENCE"
    HELD_OUT = "HELD_OUT"
    SEED = "SEED"
    REFIT = "REFIT"
    HIDDEN = "HIDDEN"
    RARE = "RARE_CLASSES"
    MIN_SAMPLES = "MIN_SAMPLES"
    LEARNING_RATE = "LEARNING_RATE"
    BATCH = "BATCH"

    def tags(self) -> list[str]:
        return [tr("train"), tr("deep learning"), tr("pytorch"), tr("validation")]

    def add_hidden_parameter(self, label: str) -> None:
        """HIDDEN: the width of the network (hidden units, or filters of a 1-D CNN), an advanced parameter."""
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.HIDDEN, label, QgsProcessingParameterNumber.Integer, 32, False, 2, 1024
                )
            )
        )

    def add_training_parameters(
        self, epochs: int = 40, minutes: float = 10.0, rare: bool = True, refit: bool = True
    ) -> None:
        """The parameters every training job takes; `refit`: offer the final fit on all samples (jobs that have one)."""
        self.addParameter(
            QgsProcessingParameterNumber(
                self.EPOCHS, tr("Most epochs"), QgsProcessingParameterNumber.Integer, epochs, False, 1, 10000
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MINUTES,
                tr("Time budget (minutes)"),
                QgsProcessingParameterNumber.Double,
                minutes,
                False,
                0.05,
                10000,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.HELD_OUT,
                tr("Share of samples held out for testing (whole groups)"),
                QgsProcessingParameterNumber.Double,
                0.25,
                False,
                0.05,
                0.6,
            )
        )
        if rare:
            self.addParameter(
                QgsProcessingParameterEnum(
                    self.RARE,
                    tr("Classes with too few samples"),
                    [tr("keep (warn)"), tr("drop"), tr("merge into 'other'")],
                    False,
                    0,
                )
            )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.PATIENCE,
                    tr("Early stopping: epochs without improvement"),
                    QgsProcessingParameterNumber.Integer,
                    8,
                    False,
                    1,
                    1000,
                )
            )
        )
        if refit:
            self.addParameter(
                advanced(
                    QgsProcessingParameterBoolean(
                        self.REFIT, tr("Retrain the final model on all samples (the best epoch count)"), True
                    )
                )
            )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.LEARNING_RATE,
                    tr("Learning rate"),
                    QgsProcessingParameterNumber.Double,
                    0.002,
                    False,
                    1e-6,
                    1.0,
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.BATCH, tr("Batch size"), QgsProcessingParameterNumber.Integer, 16, False, 2, 4096
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.SEED, tr("Random seed"), QgsProcessingParameterNumber.Integer, 0, False, 0
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.THREADS, tr("CPU threads (0: all)"), QgsProcessingParameterNumber.Integer, 0, False, 0, 256
                )
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(self.OUTPUT_MODEL, tr("Trained model"), tr("ONNX models (*.onnx)"))
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT_REPORT,
                tr("Training report"),
                tr("HTML files (*.html)"),
                optional=True,
                createByDefault=False,
            )
        )

    def settings_values(self, parameters: dict, context, settings_class=None, **extra: Any):
        """The shared training parameters (and `extra`) as `settings_class` (default TrainSettings): only the fields
        that class has."""
        from dataclasses import fields

        from ..learning.common import TrainSettings

        settings_class = settings_class or TrainSettings
        values = {
            "epochs": self.parameterAsInt(parameters, self.EPOCHS, context),
            "minutes": self.parameterAsDouble(parameters, self.MINUTES, context),
            "patience": self.parameterAsInt(parameters, self.PATIENCE, context),
            "test_fraction": self.parameterAsDouble(parameters, self.HELD_OUT, context),
            "lr": self.parameterAsDouble(parameters, self.LEARNING_RATE, context),
            "batch": self.parameterAsInt(parameters, self.BATCH, context),
            "seed": self.parameterAsInt(parameters, self.SEED, context),
            "threads": self.parameterAsInt(parameters, self.THREADS, context),
        }
        if self.has_parameter(self.REFIT):
            values["refit"] = self.parameterAsBool(parameters, self.REFIT, context)
        names = {f.name for f in fields(settings_class)}
        return settings_class(**{k: v for k, v in {**values, **extra}.items() if k in names})

    def has_parameter(self, name: str) -> bool:
        return name in [p.name() for p in self.parameterDefinitions()]

    def outputs(self, parameters: dict, context) -> tuple[str, str | None]:
        """The model file and the report file (None: beside the model)."""
        model = self.parameterAsFileOutput(parameters, self.OUTPUT_MODEL, context)
        return model, self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) or None

    def written(self, feedback, result, **more: Any) -> dict:
        """Say where the model, its card and the report went; the algorithm's results (with `more`)."""
        feedback.pushInfo(tr("Model written: {path}").format(path=result.model))
        feedback.pushInfo(tr("Model card: {path}").format(path=result.card))
        feedback.pushInfo(tr("Training report: {path}").format(path=result.report))
        return {self.OUTPUT_MODEL: result.model, self.OUTPUT_REPORT: result.report, "CARD": result.card, **more}

    def rare_value(self, parameters: dict, context) -> str:
        if not self.has_parameter(self.RARE):
            return "keep"
        return RARE_CHOICES[self.parameterAsEnum(parameters, self.RARE, context)]

    def training_python(self) -> str:
        from ..learning.common import training_python
        from .settings import training_environment

        env = training_environment()
        return self.run_core(lambda: training_python(env.python if env else ""))

    def train(self, parameters: dict, context, feedback, prepare, settings, title: str) -> dict:
        """Prepare the data (`prepare(log, is_cancelled)`), train, and return the algorithm's results."""
        from ..learning.common import train_model

        python = self.training_python()
        model, report = self.outputs(parameters, context)
        log = self.core_log(feedback)
        cancelled = feedback.isCanceled
        feedback.pushInfo(tr("Reading the training samples…"))
        data = self.run_core(lambda: prepare(log, cancelled))
        result = self.run_core(
            lambda: train_model(
                data, settings, model, python, lambda f: feedback.setProgress(100 * f), log, cancelled, title, report
            )
        )
        scores = {
            name: {k: v for k, v in s.items() if isinstance(v, (int, float))}
            for name, s in result.metrics["scores"].items()
        }
        return self.written(feedback, result, DEVICE=result.device, SCORES=scores)


class TrainSegmentationAlgorithm(TrainAlgorithm):
    """lithoscope:trainsegmentation: a small U-Net from a raster (or aligned rasters) and label polygons."""

    RASTERS = "RASTERS"
    LABELS = "LABELS"
    CLASS_FIELD = "CLASS_FIELD"
    LABEL_RASTER = "LABEL_RASTER"
    AOI = "AOI"
    TILE = "TILE"
    BLOCK = "BLOCK_TILES"
    MAX_TILES = "MAX_TILES"
    WIDTH = "WIDTH"
    TERRAIN = "TERRAIN"
    CATEGORICAL_BANDS = "CATEGORICAL_BANDS"
    TERRAIN_ONLY = "TERRAIN_ONLY"
    PROBABILITY_OF = "PROBABILITY_OF"

    def name(self) -> str:
        return "trainsegmentation"

    def displayName(self) -> str:  # noqa: N802
        return tr("Train a map model from labels")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Trains a small fully convolutional network (U-Net) that maps classes from a raster or aligned rasters "
            "(imagery, a DEM, terrain derivatives) and labels: polygons with a class field, or a label raster. "
            "Tiles are cut where labels are; whole spatial blocks are held out to test it against a majority class "
            "and a random forest trained on the same pixels. With two classes (landslide and stable ground) it can "
            "write a susceptibility model instead: the probability of the landslide class, scored by AUC as well. "
            "Training runs in the training components' own Python (PyTorch), never in QGIS's. Writes the ONNX model "
            "(Classify and Susceptibility run it at once), its card (.md) and an HTML report."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.RASTERS, tr("Input rasters (aligned, in order)"), QgsProcessing.TypeRaster
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.LABELS, tr("Label polygons"), [QgsProcessing.TypeVectorPolygon], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(self.CLASS_FIELD, tr("Class field"), None, self.LABELS, optional=True)
        )
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.LABEL_RASTER, tr("Label raster (instead of polygons)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.AOI, tr("Area of interest"), [QgsProcessing.TypeVectorPolygon], optional=True
            )
        )
        from ..inference.sources.terrain import TERRAIN_FACTORS

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
            QgsProcessingParameterBoolean(
                self.TERRAIN_ONLY,
                tr("Terrain factors only: the DEM feeds the factors, the network never sees the elevation itself"),
                False,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.PROBABILITY_OF,
                tr("Susceptibility model: label value of the landslide class (two classes; empty = a map of classes)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.CATEGORICAL_BANDS,
                tr("Categorical bands (class codes, one-hot): names or numbers, comma-separated"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TILE,
                tr("Training tile size (pixels, multiple of 4)"),
                QgsProcessingParameterNumber.Integer,
                64,
                False,
                16,
                1024,
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.BLOCK,
                    tr("Spatial block side (tiles)"),
                    QgsProcessingParameterNumber.Integer,
                    4,
                    False,
                    1,
                    1000,
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.MAX_TILES, tr("Most training tiles"), QgsProcessingParameterNumber.Integer, 2000, False, 10
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.WIDTH,
                    tr("Network width (filters of the first level)"),
                    QgsProcessingParameterNumber.Integer,
                    16,
                    False,
                    4,
                    256,
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterNumber(
                    self.MIN_SAMPLES,
                    tr("Fewest labelled pixels per class"),
                    QgsProcessingParameterNumber.Integer,
                    200,
                    False,
                    1,
                )
            )
        )
        self.add_training_parameters(epochs=40, minutes=10.0)

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..learning.segmentation import prepare_segmentation

        layers = self.parameterAsLayerList(parameters, self.RASTERS, context)
        if not layers:
            raise QgsProcessingException(tr("Give at least one input raster."))
        rasters = [layer.source() for layer in layers]
        labels = aoi = label_raster = None
        if self.given(parameters, self.LABELS):
            labels = self.parameterAsCompatibleSourceLayerPath(
                parameters, self.LABELS, context, ["gpkg", "shp"], "gpkg", feedback
            )
        if self.given(parameters, self.LABEL_RASTER):
            label_raster = self.parameterAsRasterLayer(parameters, self.LABEL_RASTER, context).source()
        if self.given(parameters, self.AOI):
            aoi = self.parameterAsCompatibleSourceLayerPath(
                parameters, self.AOI, context, ["gpkg", "shp"], "gpkg", feedback
            )
        field = self.parameterAsString(parameters, self.CLASS_FIELD, context) or None
        if labels and not field:
            raise QgsProcessingException(tr("Choose the class field of the label polygons (CLASS_FIELD)."))
        tile = self.parameterAsInt(parameters, self.TILE, context)
        from ..inference.sources.terrain import TERRAIN_FACTORS

        # An empty choice would read as [0] (slope): only a given one counts.
        chosen = (
            self.parameterAsEnums(parameters, self.TERRAIN, context) if self.given(parameters, self.TERRAIN) else []
        )
        terrain = tuple(TERRAIN_FACTORS[i] for i in chosen)
        text = self.parameterAsString(parameters, self.CATEGORICAL_BANDS, context) or ""
        categorical = tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())
        seed = self.parameterAsInt(parameters, self.SEED, context)

        def prepare(log, cancelled):
            return prepare_segmentation(
                rasters,
                labels=labels,
                class_field=field,
                label_raster=label_raster,
                aoi=aoi,
                tile=tile,
                block_tiles=self.parameterAsInt(parameters, self.BLOCK, context),
                max_tiles=self.parameterAsInt(parameters, self.MAX_TILES, context),
                rare=self.rare_value(parameters, context),
                min_pixels=self.parameterAsInt(parameters, self.MIN_SAMPLES, context),
                terrain=terrain,
                categorical=categorical,
                seed=seed,
                log=log,
                is_cancelled=cancelled,
                terrain_only=self.parameterAsBool(parameters, self.TERRAIN_ONLY, context),
                probability_of=self.parameterAsString(parameters, self.PROBABILITY_OF, context).strip() or None,
            )

        settings = self.settings_values(
            parameters, context, width=self.parameterAsInt(parameters, self.WIDTH, context), arch="unet"
        )
        title = tr("Map model trained from labels on {layers}").format(
            layers=", ".join(layer.name() for layer in layers)
        )
        return self.train(parameters, context, feedback, prepare, settings, title)
