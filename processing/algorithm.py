# SPDX-License-Identifier: GPL-2.0-or-later
"""What every Lithoscope algorithm shares: group, icon, list parsing, and the parameters of a run.

An algorithm that runs a model over layers declares its own inputs and outputs and takes the
rest from here, as DataPlotly's generic plot does for its plots:

- `add_area_parameters` / `area_values`: EXTENT and MASK -> `extent`, `mask_geometries`;
- `add_stack_parameters` / `stack_values`: LAYERS, VECTOR_FIELD, CATEGORICAL -> `layers`;
- `add_engine_parameters` / `engine_values`: TILE_SIZE, OVERLAP, BATCH_SIZE, DEVICE, THREADS,
  EXECUTOR, SCHEDULER, WORKERS (advanced) -> the engine's keyword arguments;
- `run_core`: calls the core and turns its errors (and a Dask cluster's) into QgsProcessingException.

Each `*_values` returns a dict of `ClassifyParams` keyword arguments, so an algorithm builds
its parameters as `ClassifyParams(..., **self.area_values(...), **self.engine_values(...))`.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr, translate_message, translate_warning
from ..inference.model.session import DEVICES
from .layers import band_count, stack_sources

ICON_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "icon.svg")

# Option order of the EXECUTOR enum: inference.engine.EXECUTORS, not imported here so that
# listing the algorithms does not import rasterio (a test checks that the two agree).
EXECUTOR_CHOICES = ("local", "dask")
_SCHEDULER_SCHEMES = ("tcp", "tls")  # what inference.executors reaches


def parse_numbers(text: str | None, kind: type, what: str) -> tuple | None:
    """'1, 2,3' -> (1, 2, 3) of `kind`; None for an empty value; QgsProcessingException if malformed."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return tuple(kind(part) for part in text.replace(";", ",").split(","))
    except ValueError:
        raise QgsProcessingException(
            tr("{what} must be a comma-separated list of numbers, got '{text}'.").format(what=what, text=text)
        ) from None


def scheduler_address(text: str | None) -> str | None:
    """A Dask scheduler address as given ('tcp://host:8786', 'host:8786'), stripped; None when empty.

    A QgsProcessingException names the expected form when it is malformed (dask.distributed
    would raise a bare ValueError before trying to connect).
    """
    address = (text or "").strip()
    if not address:
        return None
    scheme, sep, location = address.partition("://")
    if not sep:
        scheme, location = "tcp", address
    host, colon, port = location.rpartition(":")
    ok = False
    if scheme in _SCHEDULER_SCHEMES and colon and host and port.isdigit():
        ok = 0 < int(port) < 65536
    if not ok:
        raise QgsProcessingException(
            tr(
                "The Dask scheduler address '{address}' is not valid; give it as tcp://host:port, as "
                "`dask scheduler` prints it (e.g. tcp://192.168.1.10:8786), or leave it empty to start local workers."
            ).format(address=address)
        )
    return address


def advanced(param: QgsProcessingParameterDefinition) -> QgsProcessingParameterDefinition:
    """Mark a parameter as advanced (shown under 'Advanced parameters')."""
    param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    return param


ACTIVATION_CHOICES = (None, "none", "softmax", "sigmoid")  # None: from the model
NONFINITE_CHOICES = ("fail", "mask")


def crs_missing(crs) -> bool:
    """Whether a layer has no CRS: an invalid one, or the "Undefined geographic SRS" of a GeoPackage without one."""
    return not crs.isValid() or crs.description().lower().startswith("undefined")


class LithoscopeAlgorithm(QgsProcessingAlgorithm):
    """Base of Lithoscope's algorithms (group 'Deep learning') and the parameters they share."""

    EXTENT = "EXTENT"
    MASK = "MASK"
    LAYERS = "LAYERS"
    VECTOR_FIELD = "VECTOR_FIELD"
    CATEGORICAL = "CATEGORICAL"
    TILE_SIZE = "TILE_SIZE"
    OVERLAP = "OVERLAP"
    BATCH_SIZE = "BATCH_SIZE"
    DEVICE = "DEVICE"
    THREADS = "THREADS"
    EXECUTOR = "EXECUTOR"
    SCHEDULER = "SCHEDULER"
    WORKERS = "WORKERS"
    OUTPUT_ACTIVATION = "OUTPUT_ACTIVATION"
    NONFINITE = "NONFINITE"

    def group(self) -> str:
        return tr("Deep learning")

    def groupId(self) -> str:  # noqa: N802
        return "deeplearning"

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    # The page of docs/ that explains the algorithm (a key of help.HELP_PAGES).
    HELP_TOPIC = "classify"

    def helpUrl(self) -> str:  # noqa: N802 (QGIS API)
        """The file:// URL of the algorithm's page in the plugin's docs/."""
        from .help import help_url

        return help_url(self.HELP_TOPIC)

    def createInstance(self) -> LithoscopeAlgorithm:  # noqa: N802
        return type(self)()

    def checkParameterValues(self, parameters: dict, context) -> tuple[bool, str]:  # noqa: N802 (QGIS API)
        """Input files named by path are checked first, so that a missing, empty, corrupt or truncated file is
        named with the fix (QGIS's own check says only "Could not load source layer ... not found")."""
        from .layers import input_file_problem, output_input_clash

        for definition in self.parameterDefinitions():
            problem = input_file_problem(definition, parameters.get(definition.name()), context)
            if problem:
                return False, problem
        clash = output_input_clash(self.parameterDefinitions(), parameters, context, self.OWN_OUTPUT_CHECKS)
        if clash:
            return False, clash
        return super().checkParameterValues(parameters, context)

    # Inputs whose clash with an output the core names itself, in its own words (a table, say).
    OWN_OUTPUT_CHECKS: tuple[str, ...] = ()

    def given(self, parameters: dict, name: str) -> bool:
        """Whether an optional parameter was given a value."""
        return parameters.get(name) not in (None, "")

    def run_core(self, call: Callable[[], Any]) -> Any:
        """Call the core; its errors (each says what is wrong and what to do) become QgsProcessingException.

        numpy's RuntimeWarnings (a division by zero over nodata, say) are the core's business: it screens
        NaN and infinity itself and says what matters through the feedback's warnings, so they are not shown.
        """
        import numpy as np

        from ..inference.errors import LithoscopeError

        try:
            with np.errstate(all="ignore"):  # numpy's own state, per thread: other algorithms are not affected
                return call()
        except LithoscopeError as exc:
            raise QgsProcessingException(translate_message(str(exc))) from exc

    @staticmethod
    def core_log(feedback) -> Callable[[str], None]:
        """The core's log lines to the feedback, in the language of the plugin; its warnings as warnings."""

        def log(message: str) -> None:
            warning, text = translate_warning(message)
            if warning:
                feedback.pushWarning(text)
            else:
                feedback.pushInfo(text)

        return log

    # -- model outputs: activation and non-finite values ----------------------------------------
    def add_output_parameters(self) -> None:
        """OUTPUT_ACTIVATION (override the model's) and NONFINITE (what NaN from the model does), advanced."""
        self.addParameter(
            advanced(
                QgsProcessingParameterEnum(
                    self.OUTPUT_ACTIVATION,
                    tr("Output activation (turns logits into probabilities)"),
                    options=[
                        tr("From the model's metadata"),
                        tr("None (the model outputs probabilities)"),
                        tr("Softmax (several classes)"),
                        tr("Sigmoid (one class)"),
                    ],
                    defaultValue=0,
                )
            )
        )
        self.addParameter(
            advanced(
                QgsProcessingParameterEnum(
                    self.NONFINITE,
                    tr("Where the model gives NaN or infinity"),
                    options=[tr("Stop the run"), tr("Write nodata there and warn with the count")],
                    defaultValue=0,
                )
            )
        )

    def output_values(self, parameters: dict, context) -> dict:
        """output_activation and nonfinite for the core."""
        activation = ACTIVATION_CHOICES[self.parameterAsEnum(parameters, self.OUTPUT_ACTIVATION, context)]
        return {
            "output_activation": activation,
            "nonfinite": NONFINITE_CHOICES[self.parameterAsEnum(parameters, self.NONFINITE, context)],
        }

    # -- area: EXTENT and MASK -------------------------------------------------------------
    def add_area_parameters(self) -> None:
        """EXTENT (any CRS) and MASK (polygons, any CRS) limit the area a model runs over."""
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, tr("Limit to extent"), optional=True))
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.MASK, tr("Limit to polygons"), [QgsProcessing.TypeVectorPolygon], optional=True
            )
        )

    def area_values(self, parameters: dict, context, feedback, crs: QgsCoordinateReferenceSystem) -> dict:
        """`extent` and `mask_geometries` in `crs` (the grid's), None where not given."""
        return {
            "extent": self.extent_in(parameters, context, crs),
            "mask_geometries": self.mask_geometries_in(parameters, context, feedback, crs),
        }

    def extent_in(
        self, parameters: dict, context, crs: QgsCoordinateReferenceSystem
    ) -> tuple[float, float, float, float] | None:
        """EXTENT as (xmin, ymin, xmax, ymax) in `crs`; None when not given or empty."""
        if not self.given(parameters, self.EXTENT):
            return None
        rect = self.parameterAsExtent(parameters, self.EXTENT, context)
        if rect.isNull() or rect.isEmpty():
            return None
        extent_crs = self.parameterAsExtentCrs(parameters, self.EXTENT, context)
        if extent_crs.isValid() and extent_crs != crs:
            try:
                transform = QgsCoordinateTransform(extent_crs, crs, context.transformContext())
                rect = transform.transformBoundingBox(rect)
            except QgsCsException as exc:
                raise QgsProcessingException(
                    tr("The extent cannot be transformed to the raster's CRS ({crs}): {error}").format(
                        crs=crs.authid(), error=str(exc)
                    )
                ) from None
        return rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()

    def mask_geometries_in(self, parameters: dict, context, feedback, crs: QgsCoordinateReferenceSystem) -> list | None:
        """MASK's polygons as shapely geometries in `crs`; None when not given."""
        if not self.given(parameters, self.MASK):
            return None
        source = self.parameterAsSource(parameters, self.MASK, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.MASK))
        if crs_missing(source.sourceCrs()):
            raise QgsProcessingException(
                tr(
                    "The mask layer has no coordinate reference system, so its polygons cannot be placed on the "
                    "raster. Assign one (layer Properties > Source > Assigned coordinate reference system) and run "
                    "again."
                )
            )
        from shapely import wkb

        request = QgsFeatureRequest().setDestinationCrs(crs, context.transformContext()).setNoAttributes()
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
                tr(
                    "The mask layer has no polygons (or none selected); nothing would be processed. Choose a mask "
                    "layer with polygons, select some, or leave the mask empty to process the whole raster."
                )
            )
        feedback.pushInfo(tr("Limited to {n} mask polygon(s)").format(n=len(geometries)))
        return geometries

    # -- stack: LAYERS, VECTOR_FIELD, CATEGORICAL --------------------------------------------
    def add_stack_parameters(self, layers_label: str | None = None) -> None:
        """Further rasters and vectors stacked after the input's bands, on its grid."""
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.LAYERS,
                layers_label or tr("Further layers stacked after the input's bands (rasters and vectors)"),
                QgsProcessing.TypeMapLayer,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.VECTOR_FIELD,
                tr("Field whose values the vector layers burn (empty = 1 inside features, 0 outside)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.CATEGORICAL,
                tr("Categorical bands of the stack (e.g. 3,4; empty = the vector layers)"),
                optional=True,
            )
        )

    def stack_values(self, parameters: dict, context, feedback, input_bands: Sequence[str]) -> dict:
        """`layers` for the core: LAYERS as RasterLayer / VectorLayer values (None when not given).

        `input_bands` names the bands that come before LAYERS in the stack (the input's), for
        messages. With CATEGORICAL, `band_kinds` gives the kind of every band of the stack.
        """
        layers = self.parameterAsLayerList(parameters, self.LAYERS, context)
        field = self.parameterAsString(parameters, self.VECTOR_FIELD, context).strip() or None
        categorical = parse_numbers(
            self.parameterAsString(parameters, self.CATEGORICAL, context), int, tr("Categorical bands")
        )
        first = len(input_bands) + 1
        total = len(input_bands) + sum(band_count(layer) for layer in layers)
        for number in categorical or ():
            if number < 1 or number > total:
                raise QgsProcessingException(
                    tr(
                        "Categorical bands lists band {n}, but the stack has {total} band(s): bands 1 to {last} are "
                        "the input's, then come the further layers (each raster with its bands, each vector layer "
                        "with one). Give band numbers from 1 to {total}."
                    ).format(n=number, total=total, last=len(input_bands))
                )
        kinds = None
        if categorical is not None:
            chosen = set(categorical)
            kinds = tuple("categorical" if n in chosen else "continuous" for n in range(1, total + 1))
        if not layers:
            if field:
                feedback.pushInfo(tr("No further layers were given; the vector field is not used."))
            return {"layers": None, "band_kinds": kinds}
        from ..inference.sources.base import VectorLayer

        sources = stack_sources(layers, field, categorical, first)
        if field and not any(isinstance(source, VectorLayer) for source in sources):
            feedback.pushInfo(tr("None of the further layers is a vector layer; the vector field is not used."))
        return {"layers": sources, "band_kinds": kinds}

    # -- engine: tiles, device, executor ------------------------------------------------------
    def add_engine_parameters(self) -> None:
        """Tiling, device, threads and executor, all advanced (defaults: QGIS Options > Lithoscope)."""
        from .settings import load_settings

        defaults = load_settings()
        params = [
            QgsProcessingParameterNumber(
                self.TILE_SIZE,
                tr("Tile size in pixels (0 = from the model)"),
                defaultValue=defaults.tile_size,
                minValue=0,
                maxValue=16384,
            ),
            QgsProcessingParameterNumber(
                self.OVERLAP, tr("Tile overlap in pixels (-1 = from the model)"), defaultValue=-1, minValue=-1
            ),
            QgsProcessingParameterNumber(
                self.BATCH_SIZE, tr("Tiles per batch"), defaultValue=defaults.batch_size, minValue=1, maxValue=1024
            ),
            QgsProcessingParameterEnum(
                self.DEVICE,
                tr("Device"),
                options=[tr("Automatic (GPU if available)"), tr("CPU"), tr("CUDA GPU")],
                defaultValue=DEVICES.index(defaults.device),
            ),
            QgsProcessingParameterNumber(
                self.THREADS, tr("CPU threads (0 = all)"), defaultValue=defaults.threads, minValue=0
            ),
            QgsProcessingParameterEnum(
                self.EXECUTOR,
                tr("Executor"),
                options=[tr("Local (threads in this process)"), tr("Dask (a cluster, or local worker processes)")],
                defaultValue=0,
            ),
            QgsProcessingParameterString(
                self.SCHEDULER,
                tr("Dask scheduler address (e.g. tcp://host:8786; empty = start local workers)"),
                defaultValue=defaults.scheduler or None,
                optional=True,
            ),
            QgsProcessingParameterNumber(
                self.WORKERS, tr("Local Dask worker processes"), defaultValue=2, minValue=1, maxValue=256
            ),
        ]
        for param in params:
            self.addParameter(advanced(param))

    def engine_values(self, parameters: dict, context, feedback) -> dict:
        """tile_size, overlap, batch_size, device, threads, executor, scheduler and workers for the core."""
        tile = self.parameterAsInt(parameters, self.TILE_SIZE, context)
        overlap = self.parameterAsInt(parameters, self.OVERLAP, context)
        executor = EXECUTOR_CHOICES[self.parameterAsEnum(parameters, self.EXECUTOR, context)]
        scheduler = scheduler_address(self.parameterAsString(parameters, self.SCHEDULER, context))
        workers = self.parameterAsInt(parameters, self.WORKERS, context)
        if executor == "local" and scheduler:
            feedback.pushInfo(
                tr("A Dask scheduler was given but the executor is local; running here (choose the Dask executor).")
            )
            scheduler = None
        if executor == "dask":
            if scheduler:
                feedback.pushInfo(tr("Executor: Dask cluster at {address}").format(address=scheduler))
            else:
                feedback.pushInfo(tr("Executor: Dask, {n} local worker process(es)").format(n=workers))
        return {
            "tile_size": tile or None,
            "overlap": overlap if overlap >= 0 else None,
            "batch_size": self.parameterAsInt(parameters, self.BATCH_SIZE, context),
            "device": DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)],
            "threads": self.parameterAsInt(parameters, self.THREADS, context),
            "executor": executor,
            "scheduler": scheduler,
            "workers": workers,
        }
