# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:trainwells: a facies model over depth from labelled well logs (LAS files or a table)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..i18n import tr
from .algorithm import advanced
from .sequence import add_well_log_inputs, read_columns
from .train import TrainAlgorithm

ARCHS = ("gru", "lstm", "cnn1d")


class TrainWellsAlgorithm(TrainAlgorithm):
    """lithoscope:trainwells: a bidirectional GRU / LSTM or a 1-D CNN over a window of log samples per depth."""

    TABLE = "TABLE"
    LAS_FILES = "LAS_FILES"
    WELL_FIELD = "WELL_FIELD"
    DEPTH_FIELD = "DEPTH_FIELD"
    CURVES = "CURVES"
    LAS_CURVES = "LAS_CURVES"
    LABEL = "LABEL"
    CLASS_CODES = "CLASS_CODES"
    PENALTY = "PENALTY"
    WINDOW = "WINDOW"
    ARCH = "ARCH"
    TEST_WELLS = "TEST_WELLS"
    NODATA = "NODATA"

    def name(self) -> str:
        return "trainwells"

    def displayName(self) -> str:  # noqa: N802
        return tr("Train a well-log facies model")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Trains a small sequence model (a bidirectional GRU or LSTM, or a 1-D CNN) that gives a facies (or "
            "lithology) at each depth from a window of log samples centred on it, exactly as 'Sequence model over "
            "well logs (per depth)' runs it.\n\n"
            "Labelled wells: LAS files (one well each; the label is a curve, chosen by mnemonic) or a table with one "
            "row per well and depth, the curves and a label column. A class-code table (CSV code,name) gives the "
            "classes their names; a penalty matrix (CSV, K x K, rows: true class, columns: predicted, in class "
            "order) adds a penalty score to the report. Depth samples without a label or with a gap in a curve at "
            "the depth are not trained on.\n\n"
            "Whole wells are held out (the named test wells, or chosen at random) to test the model against a "
            "majority class and a random forest on the same windows. Training runs in the training components' own "
            "Python (PyTorch), never in QGIS's. Writes the ONNX model, its card (.md) and an HTML report with strip "
            "plots of the held-out wells."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        add_well_log_inputs(
            self,
            tr("Labelled well logs table (well, depth, curves, label)"),
            tr("Log curves of the table"),
            tr("LAS curve mnemonics, comma-separated (for LAS files)"),
        )
        self.addParameter(
            QgsProcessingParameterString(self.LABEL, tr("Label: the facies curve (LAS mnemonic) or field of the table"))
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.CLASS_CODES, tr("Class-code table (CSV: code,name)"), extension="csv", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.PENALTY,
                tr("Penalty matrix (CSV, K x K: rows true class, columns predicted)"),
                extension="csv",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.WINDOW,
                tr("Window (samples centred on each depth, odd)"),
                QgsProcessingParameterNumber.Integer,
                15,
                False,
                1,
                1001,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.ARCH,
                tr("Network"),
                [tr("GRU (bidirectional)"), tr("LSTM (bidirectional)"), tr("1-D CNN")],
                False,
                2,  # the 1-D CNN: best and fastest on SEG 2016 leaving one well out (docs/benchmarks.md)
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.TEST_WELLS,
                tr("Wells held out for testing (comma-separated; empty: chosen at random)"),
                optional=True,
            )
        )
        self.add_hidden_parameter(tr("Hidden units"))
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
            advanced(
                QgsProcessingParameterNumber(
                    self.MIN_SAMPLES,
                    tr("Fewest labelled depth samples per class"),
                    QgsProcessingParameterNumber.Integer,
                    20,
                    False,
                    1,
                )
            )
        )
        self.add_training_parameters(epochs=40, minutes=10.0)

    def _inputs(self, parameters: dict, context, feedback) -> dict:
        """prepare_wells' keyword arguments for the logs: LAS files, or the table's columns."""
        label = self.parameterAsString(parameters, self.LABEL, context).strip()
        if not label:
            raise QgsProcessingException(tr("Choose the label: the facies curve or field (LABEL)."))
        curves = self.parameterAsFields(parameters, self.CURVES, context)
        las = [p for p in self.parameterAsFileList(parameters, self.LAS_FILES, context) if p]
        if las and self.given(parameters, self.TABLE):
            raise QgsProcessingException(tr("Give the well logs either as a table or as LAS files, not both."))
        las_curves = [c.strip() for c in self.parameterAsString(parameters, self.LAS_CURVES, context).split(",")]
        las_curves = [c for c in las_curves if c] or curves
        if las:
            return {"las": las, "curves": las_curves, "label": label}
        if not self.given(parameters, self.TABLE):
            raise QgsProcessingException(tr("Give the labelled well logs: a table (well, depth, curves) or LAS files."))
        source = self.parameterAsSource(parameters, self.TABLE, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.TABLE))
        well_field = self.parameterAsString(parameters, self.WELL_FIELD, context)
        depth_field = self.parameterAsString(parameters, self.DEPTH_FIELD, context)
        if not (well_field and depth_field):
            raise QgsProcessingException(tr("A well logs table needs its well id field and its depth field."))
        if not curves:
            raise QgsProcessingException(tr("Choose the log curves to train on (CURVES)."))
        names = [well_field, depth_field, *curves, label]
        which = [self.WELL_FIELD, self.DEPTH_FIELD, *[self.CURVES] * len(curves), self.LABEL]
        columns = read_columns(source, names, feedback, which)
        return {
            "table": dict(zip(names, columns)),
            "well_field": well_field,
            "depth_field": depth_field,
            "curves": curves,
            "label": label,
        }

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..learning.wells import prepare_wells

        inputs = self._inputs(parameters, context, feedback)
        codes = self.parameterAsFile(parameters, self.CLASS_CODES, context) or None
        penalty = self.parameterAsFile(parameters, self.PENALTY, context) or None
        nodata = (
            self.parameterAsDouble(parameters, self.NODATA, context) if self.given(parameters, self.NODATA) else None
        )
        window = self.parameterAsInt(parameters, self.WINDOW, context)
        test_wells = tuple(
            w.strip() for w in self.parameterAsString(parameters, self.TEST_WELLS, context).split(",") if w.strip()
        )

        def prepare(log, cancelled):
            return prepare_wells(
                **inputs,
                class_codes=codes,
                penalty=penalty,
                window=window,
                rare=self.rare_value(parameters, context),
                min_samples=self.parameterAsInt(parameters, self.MIN_SAMPLES, context),
                nodata=nodata,
                log=log,
                is_cancelled=cancelled,
            )

        settings = self.settings_values(
            parameters,
            context,
            arch=ARCHS[self.parameterAsEnum(parameters, self.ARCH, context)],
            hidden=self.parameterAsInt(parameters, self.HIDDEN, context),
            test_groups=test_wells,
        )
        title = tr("Well-log facies model ({label}) from {curves}").format(
            label=inputs["label"], curves=", ".join(inputs["curves"])
        )
        return self.train(parameters, context, feedback, prepare, settings, title)
