# SPDX-License-Identifier: GPL-2.0-or-later
"""The 'lithoscope' Processing provider."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from .algorithm import ICON_PATH


class LithoscopeProvider(QgsProcessingProvider):
    """Lithoscope's algorithms.

    Every algorithm is listed even when onnxruntime is missing; those that need it raise a
    QgsProcessingException with the install hint when run, so users learn what to install.
    """

    def id(self) -> str:  # noqa: A003 (QGIS API)
        return "lithoscope"

    def name(self) -> str:
        return tr("Lithoscope")

    def longName(self) -> str:  # noqa: N802
        return tr("Lithoscope: deep learning for geology")

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def svgIconPath(self) -> str:  # noqa: N802
        return ICON_PATH

    def loadAlgorithms(self) -> None:  # noqa: N802
        from .buildfactors import BuildFactorsAlgorithm
        from .classify import ClassifyAlgorithm
        from .encode import EncodeAlgorithm, TrainAutoencoderAlgorithm
        from .sequence import SequenceRasterAlgorithm, SequenceVectorAlgorithm, WellLogsAlgorithm
        from .set_metadata import SetModelMetadataAlgorithm
        from .susceptibility import SusceptibilityAlgorithm, TrainSusceptibilityAlgorithm
        from .train import TrainSegmentationAlgorithm
        from .train_sequence import TrainSequenceAlgorithm
        from .train_wells import TrainWellsAlgorithm
        from .voids import FillVoidsAlgorithm, TrainVoidFillerAlgorithm

        for algorithm in (
            ClassifyAlgorithm(),
            SetModelMetadataAlgorithm(),
            BuildFactorsAlgorithm(),
            TrainSusceptibilityAlgorithm(),
            SusceptibilityAlgorithm(),
            SequenceRasterAlgorithm(),
            SequenceVectorAlgorithm(),
            WellLogsAlgorithm(),
            TrainSegmentationAlgorithm(),
            TrainSequenceAlgorithm(),
            TrainWellsAlgorithm(),
            TrainAutoencoderAlgorithm(),
            EncodeAlgorithm(),
            FillVoidsAlgorithm(),
            TrainVoidFillerAlgorithm(),
        ):
            self.addAlgorithm(algorithm)

    # The core writes GeoTIFF rasters and GeoPackage polygons only.
    def supportedOutputRasterLayerExtensions(self) -> list[str]:  # noqa: N802
        return ["tif"]

    def defaultRasterFileExtension(self) -> str:  # noqa: N802
        return "tif"

    def supportedOutputVectorLayerExtensions(self) -> list[str]:  # noqa: N802
        return ["gpkg"]

    def defaultVectorFileExtension(self, hasGeometry: bool = True) -> str:  # noqa: N802, N803
        return "gpkg"
