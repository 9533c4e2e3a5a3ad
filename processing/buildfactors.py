# SPDX-License-Identifier: GPL-2.0-or-later
"""Processing algorithm `lithoscope:buildfactors`: the factors of landslide susceptibility on one grid.

An adapter only: layers and parameters become `susceptibility.factors` values and a grid,
and `build_factors` writes the multi-band GeoTIFF.
"""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterVectorLayer,
)

from ..i18n import tr
from ..inference.sources.terrain import TERRAIN_FACTORS  # numpy only: listing the algorithms stays light
from ..labels import terrain_factor_labels
from .algorithm import LithoscopeAlgorithm, advanced
from .layers import raster_file_path, vector_file_source


def crs_text(crs: QgsCoordinateReferenceSystem) -> str:
    """A CRS as GDAL reads it: its EPSG code where it has one, else WKT."""
    if crs.authid().upper().startswith("EPSG:"):
        return crs.authid()
    return crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL)


class BuildFactorsAlgorithm(LithoscopeAlgorithm):
    """Terrain factors of a DEM, rasters, distances to features and polygon fields on one grid."""

    HELP_TOPIC = "susceptibility"

    REFERENCE = "REFERENCE"
    CRS = "CRS"
    CELL_SIZE = "CELL_SIZE"
    DEM = "DEM"
    TERRAIN = "TERRAIN"
    RASTERS = "RASTERS"
    CATEGORICAL_RASTERS = "CATEGORICAL_RASTERS"
    DISTANCE_TO = "DISTANCE_TO"
    MAX_DISTANCE = "MAX_DISTANCE"
    POLYGON_FIELDS = "POLYGON_FIELDS"
    FIELD = "FIELD"
    FIELD_CATEGORICAL = "FIELD_CATEGORICAL"
    FILL_NODATA = "FILL_NODATA"
    ALLOW_LARGE_GRID = "ALLOW_LARGE_GRID"
    TPI_RADIUS = "TPI_RADIUS"
    FLOW_HALO = "FLOW_HALO"
    TEXT_CODES_MODEL = "TEXT_CODES_MODEL"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "buildfactors"

    def displayName(self) -> str:  # noqa: N802
        return tr("Build susceptibility factors")

    def tags(self) -> list[str]:
        return tr("landslide,susceptibility,factors,slope,curvature,twi,distance,lithology,dem,terrain").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Puts the factors of a landslide susceptibility model on one grid and writes them as one "
            "multi-band GeoTIFF (float32, one band per factor, named after it; nodata is NaN).\n\n"
            "Grid: that of the reference raster (else the DEM, else the first factor raster), limited to the "
            "extent; or, with a cell size, a grid of that cell size over the extent (or the reference's) in "
            "the chosen CRS (or the reference's).\n\n"
            "Terrain factors from a DEM (elevations in metres, projected grid): slope (degrees), aspect as "
            "sine and cosine, plan and profile curvature (1/m, positive where convex), roughness, topographic "
            "position index, flow accumulation (D8, upslope area in m²; catchments are counted up to the flow "
            "halo beyond each window, longer ones are cut) and the topographic wetness index.\n\n"
            "Rasters on any grid and CRS are resampled onto the grid: bilinear for continuous factors, "
            "nearest neighbour for categorical ones (their codes are kept). Distance to the features of "
            "vector layers (faults, rivers, roads) is exact up to the maximum distance and reads as that "
            "maximum beyond it. Polygon fields (lithology) are burned as categories: numbers as they are, "
            "text as codes 1..n in sorted order; to map with a model trained on other factors, give that model "
            "as 'Text codes from model' so that each text gets the code it had in training.\n\n"
            "Pixels without data stay NaN and are counted per factor in the log; with 'Fill missing pixels' "
            "they take the factor's median (categorical: its most common code)."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:  # noqa: N802
        self._add_grid_parameters()
        self._add_raster_parameters()
        self._add_vector_parameters()
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.FILL_NODATA, tr("Fill missing pixels (median; categorical: most common code)"), False
            )
        )
        self._add_advanced_parameters()
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Factors")))

    def _add_grid_parameters(self) -> None:
        """The grid of the factors: a reference raster, or a CRS, an extent and a cell size."""
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.REFERENCE, tr("Reference raster (its grid; default: the DEM)"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterCrs(self.CRS, tr("CRS of the grid (with a cell size)"), optional=True))
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, tr("Extent of the grid"), optional=True))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.CELL_SIZE,
                tr("Cell size in CRS units (0 = that of the reference)"),
                type=QgsProcessingParameterNumber.Double,
                defaultValue=0.0,
                minValue=0.0,
            )
        )

    def _add_raster_parameters(self) -> None:
        """The DEM with its terrain factors, and the continuous and categorical factor rasters."""
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, tr("DEM (terrain factors)"), optional=True))
        self.addParameter(
            QgsProcessingParameterEnum(
                self.TERRAIN,
                tr("Terrain factors"),
                options=[terrain_factor_labels()[code] for code in TERRAIN_FACTORS],  # the codes' order: indices stay
                allowMultiple=True,
                defaultValue=list(range(len(TERRAIN_FACTORS))),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.RASTERS, tr("Continuous factor rasters"), QgsProcessing.TypeRaster, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.CATEGORICAL_RASTERS,
                tr("Categorical factor rasters (land cover, geology codes)"),
                QgsProcessing.TypeRaster,
                optional=True,
            )
        )

    def _add_vector_parameters(self) -> None:
        """Distances to features, and the categorical fields of polygons."""
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.DISTANCE_TO,
                tr("Distance to the features of (faults, rivers, roads)"),
                QgsProcessing.TypeVectorAnyGeometry,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MAX_DISTANCE,
                tr("Maximum distance (m; farther reads as this)"),
                type=QgsProcessingParameterNumber.Double,
                defaultValue=5000.0,
                minValue=0.001,
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.POLYGON_FIELDS,
                tr("Polygons with fields (lithology, rock strength)"),
                [QgsProcessing.TypeVectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.FIELD,
                tr("Fields of the polygons (one factor each: text as classes, numbers as they are)"),
                parentLayerParameterName=self.POLYGON_FIELDS,
                allowMultiple=True,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.FIELD_CATEGORICAL,
                tr("Numeric fields among them that hold class codes (categorical)"),
                parentLayerParameterName=self.POLYGON_FIELDS,
                type=QgsProcessingParameterField.Numeric,
                allowMultiple=True,
                optional=True,
            )
        )

    def _add_advanced_parameters(self) -> None:
        """Terrain and text-code settings most runs leave as they are (advanced)."""
        for param in (
            QgsProcessingParameterNumber(
                self.TPI_RADIUS,
                tr("Topographic position radius in m (0 = 10 cells)"),
                type=QgsProcessingParameterNumber.Double,
                defaultValue=0.0,
                minValue=0.0,
            ),
            QgsProcessingParameterNumber(
                self.FLOW_HALO,
                tr("Flow halo in cells (catchments counted this far beyond each window)"),
                defaultValue=256,
                minValue=1,
                maxValue=8192,
            ),
            QgsProcessingParameterFile(
                self.TEXT_CODES_MODEL,
                tr("Text codes from model (polygon fields coded as in its training)"),
                extension="onnx",
                optional=True,
            ),
            QgsProcessingParameterBoolean(
                self.ALLOW_LARGE_GRID,
                tr("Allow a grid of more than 400 million cells (refused otherwise: most often a cell-size typo)"),
                defaultValue=False,
            ),
        ):
            self.addParameter(advanced(param))

    def processAlgorithm(self, parameters: dict, context, feedback) -> dict:  # noqa: N802
        from ..susceptibility.factors import (
            DistanceFactor,
            PolygonFieldFactor,
            RasterFactor,
            TerrainFactors,
            build_factors,
        )

        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        factors: list = []
        dem = self.layer(parameters, self.DEM, context)
        if dem is not None:
            chosen = self.parameterAsEnums(parameters, self.TERRAIN, context)
            if not self.given(parameters, self.TERRAIN):
                chosen = list(range(len(TERRAIN_FACTORS)))
            names = tuple(TERRAIN_FACTORS[i] for i in sorted(chosen))
            if not names:
                raise QgsProcessingException(tr("A DEM was given but no terrain factor was chosen; choose some."))
            radius = self.parameterAsDouble(parameters, self.TPI_RADIUS, context)
            factors.append(
                TerrainFactors(
                    raster_file_path(dem),
                    names=names,
                    tpi_radius_m=radius or None,
                    flow_halo=self.parameterAsInt(parameters, self.FLOW_HALO, context),
                )
            )
        rasters = self.parameterAsLayerList(parameters, self.RASTERS, context)
        categorical = self.parameterAsLayerList(parameters, self.CATEGORICAL_RASTERS, context)
        for layer in rasters:  # every band of a continuous raster (the latent bands of an autoencoder, say)
            count = max(1, layer.bandCount())
            for band in range(1, count + 1):
                name = layer.name() if count == 1 else f"{layer.name()}_{band}"
                factors.append(RasterFactor(raster_file_path(layer), band=band, name=name, kind="continuous"))
        for layer in categorical:
            factors.append(RasterFactor(raster_file_path(layer), name=layer.name(), kind="categorical"))
        max_distance = self.parameterAsDouble(parameters, self.MAX_DISTANCE, context)
        for layer in self.parameterAsLayerList(parameters, self.DISTANCE_TO, context):
            path, sublayer = vector_file_source(layer)
            factors.append(DistanceFactor(path, f"distance_{layer.name()}", sublayer, max_distance))
        polygons = self.layer(parameters, self.POLYGON_FIELDS, context, vector=True)
        fields = self.parameterAsFields(parameters, self.FIELD, context)
        if polygons is not None:
            if not fields:
                raise QgsProcessingException(
                    tr("Choose the field(s) of '{name}' to burn (e.g. the lithology).").format(name=polygons.name())
                )
            path, sublayer = vector_file_source(polygons)
            coded = set(self.parameterAsFields(parameters, self.FIELD_CATEGORICAL, context))
            stray = sorted(coded - set(fields))
            if stray:
                raise QgsProcessingException(
                    tr("The categorical field(s) {names} are not among the fields to burn; add them there too.").format(
                        names=", ".join(stray)
                    )
                )
            for name in fields:
                factors.append(
                    PolygonFieldFactor(path, name, f"{polygons.name()}_{name}", sublayer, categorical=name in coded)
                )
        if not factors:
            raise QgsProcessingException(
                tr("No factors were given; add a DEM, factor rasters, layers to measure distances to, or polygons.")
            )
        text_codes = self.model_text_codes(parameters, context)
        grid = self.grid(parameters, context, feedback, [dem, *rasters, *categorical])
        result = self.run_core(
            lambda: build_factors(
                factors,
                grid,
                output,
                fill_nodata=self.parameterAsBoolean(parameters, self.FILL_NODATA, context),
                progress=lambda f: feedback.setProgress(100.0 * f),
                is_cancelled=feedback.isCanceled,
                log=self.core_log(feedback),
                text_codes=text_codes,
                allow_large=self.parameterAsBoolean(parameters, self.ALLOW_LARGE_GRID, context),
            )
        )
        feedback.pushInfo(tr("Factors: {names}").format(names=", ".join(result.names)))
        return {self.OUTPUT: result.path}

    def model_text_codes(self, parameters: dict, context) -> dict | None:
        """The text codes of the polygon fields a trained model records (TEXT_CODES_MODEL), or None."""
        from ..inference.model.contract import read_contract

        path = (
            self.parameterAsFile(parameters, self.TEXT_CODES_MODEL, context)
            if self.given(parameters, self.TEXT_CODES_MODEL)
            else ""
        )
        if not path:
            return None
        codes = self.run_core(lambda: read_contract(path)).raw.get("factor_text_codes")
        if not isinstance(codes, dict):
            raise QgsProcessingException(
                tr(
                    "The model '{path}' records no text codes (factor_text_codes); train it again with Lithoscope, "
                    "or leave 'Text codes from model' empty."
                ).format(path=path)
            )
        return codes

    def grid(self, parameters: dict, context, feedback, rasters: list):
        """The grid: the reference's (limited to EXTENT), or CRS + EXTENT + CELL_SIZE."""
        from ..susceptibility.grid import grid_from_extent, grid_from_raster

        reference = self.layer(parameters, self.REFERENCE, context) or next(
            (layer for layer in rasters if layer is not None), None
        )
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        cell = self.parameterAsDouble(parameters, self.CELL_SIZE, context)
        if not crs.isValid():
            if reference is None:
                raise QgsProcessingException(
                    tr("Give a reference raster (or a DEM or factor raster), or a CRS, an extent and a cell size.")
                )
            crs = reference.crs()
        extent = self.extent_in(parameters, context, crs)
        if cell > 0:
            if extent is None:
                if reference is None:
                    raise QgsProcessingException(tr("Give the extent of the grid, or a reference raster."))
                extent = self._extent_of(reference, crs, context)
            feedback.pushInfo(
                tr("Grid: {cell:g} units in {crs}").format(cell=cell, crs=crs.authid() or crs.description())
            )
            return self.run_core(lambda: grid_from_extent(crs_text(crs), extent, cell))
        if reference is None:
            raise QgsProcessingException(tr("Give a cell size for the grid, or a reference raster."))
        if reference.crs() != crs:
            raise QgsProcessingException(
                tr(
                    "The CRS {crs} differs from that of the reference raster '{name}'; give a cell size to build a "
                    "grid in that CRS, or leave the CRS empty."
                ).format(crs=crs.authid(), name=reference.name())
            )
        feedback.pushInfo(tr("Grid of '{name}'").format(name=reference.name()))
        path = raster_file_path(reference)
        return self.run_core(lambda: grid_from_raster(path, extent))

    def layer(self, parameters: dict, name: str, context, vector: bool = False):
        """An optional layer parameter: None when not given, a QgsProcessingException when it cannot be loaded."""
        if not self.given(parameters, name):
            return None
        if vector:
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, name))
            return layer
        layer = self.parameterAsRasterLayer(parameters, name, context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, name))
        return layer

    @staticmethod
    def _extent_of(layer, crs: QgsCoordinateReferenceSystem, context) -> tuple[float, float, float, float]:
        rect = layer.extent()
        if layer.crs() != crs:
            try:
                rect = QgsCoordinateTransform(layer.crs(), crs, context.transformContext()).transformBoundingBox(rect)
            except QgsCsException as exc:
                raise QgsProcessingException(
                    tr("The extent of '{name}' cannot be transformed to {crs}: {error}").format(
                        name=layer.name(), crs=crs.authid(), error=str(exc)
                    )
                ) from None
        return rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()
