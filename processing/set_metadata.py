# SPDX-License-Identifier: GPL-2.0-or-later
"""Processing algorithm `lithoscope:set_model_metadata`: write the model contract into an ONNX file."""

from __future__ import annotations

import json
import os
import re
from typing import Any

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..i18n import tr, translate_message
from ..inference.errors import LithoscopeError
from ..inference.model.contract import OUTPUT_KINDS, TASKS, ModelContract
from .algorithm import LithoscopeAlgorithm, parse_numbers

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")


def split_names(text: str | None) -> list[str] | None:
    """'a, b ,c' -> ['a', 'b', 'c']; None for an empty value."""
    text = (text or "").strip()
    if not text:
        return None
    return [part.strip() for part in text.split(",")]


def contract_summary(contract: ModelContract) -> str:
    """One paragraph describing a contract, for logs and the dialog."""
    parts = [tr("task {task}, output {kind}").format(task=contract.task, kind=contract.output_kind)]
    if contract.class_names:
        parts.append(
            tr("{n} classes: {names}").format(n=len(contract.class_names), names=", ".join(contract.class_names))
        )
    if contract.band_names:
        parts.append(tr("bands: {names}").format(names=", ".join(contract.band_names)))
    if contract.tile_size:
        parts.append(tr("tile {size} px").format(size=contract.tile_size))
    if contract.model_version:
        parts.append(tr("version {version}").format(version=contract.model_version))
    return "; ".join(parts)


class SetModelMetadataAlgorithm(LithoscopeAlgorithm):
    """Write class names, colours, band scaling and provenance into an ONNX model's metadata."""

    HELP_TOPIC = "set_model_metadata"

    INPUT = "INPUT"
    CLASS_NAMES = "CLASS_NAMES"
    CLASS_COLORS = "CLASS_COLORS"
    BAND_NAMES = "BAND_NAMES"
    BAND_OFFSET = "BAND_OFFSET"
    BAND_SCALE = "BAND_SCALE"
    TILE_SIZE = "TILE_SIZE"
    TILE_OVERLAP = "TILE_OVERLAP"
    OUTPUT_KIND = "OUTPUT_KIND"
    TASK = "TASK"
    MODEL_VERSION = "MODEL_VERSION"
    DESCRIPTION = "DESCRIPTION"
    LICENCE = "LICENCE"
    EXTRA_JSON = "EXTRA_JSON"
    OUTPUT = "OUTPUT"
    SUMMARY = "SUMMARY"

    def name(self) -> str:
        return "set_model_metadata"

    def displayName(self) -> str:  # noqa: N802
        return tr("Set model metadata")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Stores what a model expects and produces inside its ONNX file, so that it classifies a raster "
            "with the right bands, scaling, class names and colours without further settings.\n\n"
            "Only the values you fill in are written; the model's other metadata is kept. Class names, "
            "colours (#rrggbb), band names, offsets and scales are comma-separated lists (one entry per class "
            "or band). Band scaling is in the raster's own units: x' = (x - offset) / scale. Further keys "
            "can be given as a JSON object (a value of null removes a key).\n\n"
            "Leave the output empty to update the model file in place."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT, tr("Model (ONNX file)"), QgsProcessingParameterFile.File, extension="onnx"
            )
        )
        strings = (
            (self.CLASS_NAMES, tr("Class names (comma-separated, in output order)")),
            (self.CLASS_COLORS, tr("Class colours (comma-separated #rrggbb)")),
            (self.BAND_NAMES, tr("Band names (comma-separated, in input order)")),
            (self.BAND_OFFSET, tr("Band offsets (comma-separated, raster units)")),
            (self.BAND_SCALE, tr("Band scales (comma-separated, raster units)")),
        )
        for key, label in strings:
            self.addParameter(QgsProcessingParameterString(key, label, optional=True))
        self.addParameter(
            QgsProcessingParameterNumber(self.TILE_SIZE, tr("Tile size in pixels"), optional=True, minValue=1)
        )
        self.addParameter(
            QgsProcessingParameterNumber(self.TILE_OVERLAP, tr("Tile overlap in pixels"), optional=True, minValue=0)
        )
        self.addParameter(
            QgsProcessingParameterEnum(self.OUTPUT_KIND, tr("Output kind"), options=list(OUTPUT_KINDS), optional=True)
        )
        self.addParameter(QgsProcessingParameterEnum(self.TASK, tr("Task"), options=list(TASKS), optional=True))
        for key, label in (
            (self.MODEL_VERSION, tr("Model version")),
            (self.DESCRIPTION, tr("Description")),
            (self.LICENCE, tr("Licence")),
        ):
            self.addParameter(QgsProcessingParameterString(key, label, optional=True))
        extra = QgsProcessingParameterString(
            self.EXTRA_JSON, tr("Further keys as a JSON object"), optional=True, multiLine=True
        )
        extra.setFlags(extra.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(extra)
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT,
                tr("Model with metadata (empty = update the input in place)"),
                tr("ONNX models (*.onnx)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputString(self.SUMMARY, tr("Summary")))

    def contract_values(self, parameters: dict, context) -> dict[str, Any]:
        """The contract keys given in the parameters, as JSON-ready values."""
        values: dict[str, Any] = {}

        def text(key: str) -> str:
            return self.parameterAsString(parameters, key, context) if self.given(parameters, key) else ""

        names = split_names(text(self.CLASS_NAMES))
        if names:
            values["class_names"] = {str(i): name for i, name in enumerate(names)}  # Deepness style
        colors = split_names(text(self.CLASS_COLORS))
        if colors:
            bad = [c for c in colors if not _COLOR.match(c)]
            if bad:
                raise QgsProcessingException(
                    tr("Class colours must be #rrggbb; these are not: {bad}").format(bad=", ".join(bad))
                )
            values["class_colors"] = colors
        band_names = split_names(text(self.BAND_NAMES))
        if band_names:
            values["band_names"] = band_names
        for key, param, what in (
            ("band_offset", self.BAND_OFFSET, tr("Band offsets")),
            ("band_scale", self.BAND_SCALE, tr("Band scales")),
        ):
            numbers = parse_numbers(text(param), float, what)
            if numbers:
                values[key] = list(numbers)
        if self.given(parameters, self.TILE_SIZE):
            values["tile_size"] = self.parameterAsInt(parameters, self.TILE_SIZE, context)
        if self.given(parameters, self.TILE_OVERLAP):
            values["tile_overlap_px"] = self.parameterAsInt(parameters, self.TILE_OVERLAP, context)
        if self.given(parameters, self.OUTPUT_KIND):
            values["output_kind"] = OUTPUT_KINDS[self.parameterAsEnum(parameters, self.OUTPUT_KIND, context)]
        if self.given(parameters, self.TASK):
            values["lithoscope_task"] = TASKS[self.parameterAsEnum(parameters, self.TASK, context)]
        for key, param in (
            ("model_version", self.MODEL_VERSION),
            ("description", self.DESCRIPTION),
            ("licence", self.LICENCE),
        ):
            if text(param).strip():
                values[key] = text(param).strip()
        extra = text(self.EXTRA_JSON).strip()
        if extra:
            try:
                more = json.loads(extra)
            except ValueError as exc:
                raise QgsProcessingException(tr("Further keys are not valid JSON: {error}").format(error=exc)) from None
            if not isinstance(more, dict):
                raise QgsProcessingException(tr('Further keys must be a JSON object, e.g. {"seg_thresh": 0.4}.'))
            values.update(more)
        return values

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..inference.model.contract import contract_with, write_contract
        from ..inference.pipelines.describe import check_metadata_fits

        model_path = self.parameterAsFile(parameters, self.INPUT, context)
        if not model_path or not os.path.isfile(model_path):
            raise QgsProcessingException(tr("Model file not found: {path}").format(path=model_path))
        output = (
            self.parameterAsFileOutput(parameters, self.OUTPUT, context) if self.given(parameters, self.OUTPUT) else ""
        )
        if output and not output.lower().endswith(".onnx"):
            raise QgsProcessingException(
                tr("The output {name} is not an ONNX file; give a file name ending in .onnx.").format(
                    name=os.path.basename(output)
                )
            )
        values = self.contract_values(parameters, context)
        if not values:
            raise QgsProcessingException(tr("No metadata was given; fill in at least one value."))
        feedback.pushInfo(tr("Writing keys: {keys}").format(keys=", ".join(sorted(values))))
        try:
            check_metadata_fits(model_path, contract_with(model_path, values), feedback.pushWarning)
            contract = write_contract(model_path, values, output or None)
        except LithoscopeError as exc:
            raise QgsProcessingException(translate_message(str(exc))) from None
        except OSError as exc:
            raise QgsProcessingException(
                tr("Cannot write the model file: {error}").format(error=exc.strerror or str(exc))
            ) from None
        summary = contract_summary(contract)
        feedback.pushInfo(summary)
        return {self.OUTPUT: output or model_path, self.SUMMARY: summary}
