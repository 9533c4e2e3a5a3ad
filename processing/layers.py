# SPDX-License-Identifier: GPL-2.0-or-later
"""QGIS layers -> the core's sources: local file paths, RasterLayer and VectorLayer values.

The core reads files itself (rasterio, geopandas), on this machine or on Dask workers, so a
layer is usable only when it is a plain local file; anything else gets a message saying how
to save it as one.
"""

from __future__ import annotations

import os
from typing import Sequence

from qgis.core import QgsMapLayer, QgsProcessingException, QgsProviderRegistry, QgsRasterLayer, QgsVectorLayer

from ..i18n import tr, translate_message

CONTINUOUS = "continuous"
CATEGORICAL = "categorical"
_SUBLAYER_SEPARATOR = "!!::!!"  # QgsDataProvider.subLayers(): "id!!::!!name!!::!!count!!::!!type..."


def _file_uri_parts(layer: QgsMapLayer, provider: str, hint: str) -> dict:
    """The decoded source of a layer that is a plain local file of `provider`; else `hint` as the error."""
    if layer.providerType() != provider:
        raise QgsProcessingException(hint)
    parts = QgsProviderRegistry.instance().decodeUri(provider, layer.source())
    if parts.get("vsiPrefix") or not os.path.isfile(parts.get("path") or ""):
        raise QgsProcessingException(hint)
    return parts


def raster_file_path(layer: QgsRasterLayer) -> str:
    """The local file behind a raster layer, or a QgsProcessingException saying to save it as GeoTIFF."""
    hint = tr(
        "The raster '{name}' is not a local file that GDAL can read (provider '{provider}'). Save it as "
        "a GeoTIFF first (right-click the layer > Export > Save As…) and run again with that file."
    ).format(name=layer.name(), provider=layer.providerType())
    parts = _file_uri_parts(layer, "gdal", hint)
    if parts.get("layerName"):  # a subdataset (NetCDF variable, GeoPackage raster table)
        raise QgsProcessingException(hint)
    return parts["path"]


def vector_file_source(layer: QgsVectorLayer) -> tuple[str, str | None]:
    """The local file behind a vector layer and the name of its layer in that file (None: the only one).

    Raises a QgsProcessingException saying to save the layer as a GeoPackage when it is not a
    plain file OGR reads (memory, database, web and zipped layers), or when a filter hides some
    of its features (the core reads the whole file).
    """
    hint = tr(
        "The vector layer '{name}' is not a local file (provider '{provider}'). Save it as a GeoPackage "
        "first (right-click the layer > Export > Save Features As…) and run again with that file."
    ).format(name=layer.name(), provider=layer.providerType())
    parts = _file_uri_parts(layer, "ogr", hint)
    path = parts["path"]
    if layer.subsetString() or parts.get("subset"):
        raise QgsProcessingException(
            tr(
                "The vector layer '{name}' has a filter ({subset}), but Lithoscope reads all features of the file. "
                "Save the filtered features as a new layer (right-click the layer > Export > Save Features As…) "
                "and use that one."
            ).format(name=layer.name(), subset=layer.subsetString() or parts.get("subset"))
        )
    return path, parts.get("layerName") or _sublayer_name(layer, parts.get("layerId"))


def _sublayer_name(layer: QgsVectorLayer, layer_id) -> str | None:
    """The name of the layer a `layerid=` URI (or none: the first layer) opens in a file of several layers."""
    entries = [entry.split(_SUBLAYER_SEPARATOR) for entry in layer.dataProvider().subLayers()]
    if len(entries) <= 1 and layer_id is None:
        return None
    wanted = str(layer_id if layer_id is not None else 0)
    for entry in entries:
        if len(entry) > 1 and entry[0] == wanted:
            return entry[1]
    return entries[0][1] if entries and len(entries[0]) > 1 else None


def band_count(layer: QgsMapLayer) -> int:
    """Bands a layer adds to a stack: a raster's bands, one for a vector layer (burned)."""
    return layer.bandCount() if isinstance(layer, QgsRasterLayer) else 1


def stack_sources(
    layers: Sequence[QgsMapLayer],
    vector_field: str | None = None,
    categorical: Sequence[int] | None = None,
    first_band: int = 1,
) -> list:
    """Raster and vector layers -> the core's RasterLayer / VectorLayer values, in stack order.

    `categorical`: 1-based band numbers of the whole stack whose values are categories, the
    layers' first band being number `first_band`; None keeps the defaults (raster bands
    continuous, vector layers categorical), a list makes exactly those bands categorical. A
    raster whose bands differ in kind becomes one source per run of bands of the same kind.
    `vector_field`: the field every vector layer burns (None: 1 inside features, 0 outside).
    """
    from ..inference.sources.base import RasterLayer, VectorLayer

    chosen = None if categorical is None else set(categorical)
    sources: list = []
    band = first_band
    for layer in layers:
        if isinstance(layer, QgsRasterLayer):
            path = raster_file_path(layer)
            numbers = range(band, band + layer.bandCount())
            kinds = [CONTINUOUS if chosen is None or n not in chosen else CATEGORICAL for n in numbers]
            for kind, bands in _runs(kinds):
                whole = len(bands) == layer.bandCount()
                sources.append(RasterLayer(path, None if whole else bands, kind, layer.name()))
        elif isinstance(layer, QgsVectorLayer) and layer.isSpatial():
            path, sublayer = vector_file_source(layer)
            if vector_field and layer.fields().indexOf(vector_field) < 0:
                raise QgsProcessingException(
                    tr(
                        "The vector layer '{name}' has no field '{field}' (its fields: {fields}). Give a field that "
                        "every vector layer has, or leave the vector field empty to burn 1 inside features, 0 outside."
                    ).format(name=layer.name(), field=vector_field, fields=", ".join(layer.fields().names()))
                )
            kind = CATEGORICAL if chosen is None or band in chosen else CONTINUOUS
            sources.append(VectorLayer(path, vector_field or None, kind, layer.name(), sublayer))
        else:
            raise QgsProcessingException(
                tr(
                    "The layer '{name}' is neither a raster nor a vector layer with geometries; the further layers "
                    "may be rasters and vector layers only."
                ).format(name=layer.name())
            )
        band += band_count(layer)
    return sources


def _runs(kinds: list[str]) -> list[tuple[str, tuple[int, ...]]]:
    """['c', 'c', 'k'] -> [('c', (1, 2)), ('k', (3,))]: runs of 1-based bands of the same kind."""
    runs: list[tuple[str, list[int]]] = []
    for b, kind in enumerate(kinds, start=1):
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(b)
        else:
            runs.append((kind, [b]))
    return [(kind, tuple(bands)) for kind, bands in runs]


def input_file_problem(definition, value, context) -> str | None:
    """What is wrong with an input file given by path to a layer or file parameter (None: nothing, or not a path).

    A value that names a layer of the project (or is a layer) is QGIS's to check; a path is opened by the
    core's readers, whose messages name the problem and the fix.
    """
    from qgis.core import (
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterFile,
        QgsProcessingParameterMultipleLayers,
        QgsProcessingParameterRasterLayer,
        QgsProcessingParameterVectorLayer,
        QgsProcessingUtils,
    )

    from ..inference.errors import LithoscopeError

    if isinstance(definition, QgsProcessingParameterRasterLayer):
        kind = "raster"
    elif isinstance(definition, (QgsProcessingParameterVectorLayer, QgsProcessingParameterFeatureSource)):
        kind = "vector"
    elif isinstance(definition, QgsProcessingParameterFile) and definition.behavior() == definition.File:
        kind = "file"
    elif isinstance(definition, QgsProcessingParameterMultipleLayers):
        kind = "raster" if definition.layerType() == 3 else "any"  # QgsProcessing.TypeRaster
    else:
        return None
    values = value if isinstance(value, (list, tuple)) else [value]
    for item in values:
        if not isinstance(item, str) or not item.strip():
            continue
        if QgsProcessingUtils.mapLayerFromString(item, context, False) is not None:
            continue  # a layer of the project, by id or name
        path = item.split("|")[0]
        if kind == "any" and os.path.exists(path):
            continue  # a raster or a vector: the algorithm tells them apart
        try:
            _check_file(path, kind)
        except LithoscopeError as exc:
            return translate_message(str(exc))
    return None


def _check_file(path: str, kind: str) -> None:
    from ..inference.errors import InputError

    if kind == "raster":
        from ..inference.sources.raster import open_raster

        open_raster(path).close()
    elif kind == "vector":
        from ..inference.sources.vectors import check_vector_file

        check_vector_file(path)
    elif not os.path.exists(path):
        from ..inference.model.registry import shipped_models

        if path in shipped_models():
            raise InputError(
                tr(
                    "'{name}' is the name of a model shipped with Lithoscope, not a file, and shipped models are not "
                    "changed. Give the path of a model file (a copy of {file} in your own folder, say), or give an "
                    "OUTPUT file to write a described copy."
                ).format(name=path, file=shipped_models()[path])
            )
        raise InputError(
            tr("The file {path} does not exist; check the path, or choose the file again.").format(path=path)
        )
    elif os.path.isfile(path) and os.path.getsize(path) == 0:
        raise InputError(
            tr(
                "The file '{name}' is empty (0 bytes): it was not written completely. Save or export it again, or "
                "choose another file."
            ).format(name=os.path.basename(path))
        )


def _file_key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _input_paths(definition, value, context) -> list[str]:
    """The files an input parameter reads (layers of the project resolved to their sources)."""
    from qgis.core import QgsMapLayer, QgsProcessingFeatureSourceDefinition, QgsProcessingUtils

    out = []
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(item, QgsProcessingFeatureSourceDefinition):  # a layer with options (selected features, say)
            item = item.source.staticValue()
        if isinstance(item, QgsMapLayer):
            out.append(item.source().split("|")[0])
        elif isinstance(item, str) and item.strip():
            layer = QgsProcessingUtils.mapLayerFromString(item, context, False)
            out.append((layer.source() if layer is not None else item).split("|")[0])
    return [path for path in out if os.path.isfile(path)]


def _output_path(value) -> str | None:
    from qgis.core import QgsProcessingOutputLayerDefinition

    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.staticValue()
    if not isinstance(value, str) or not value.strip() or value.startswith(("memory:", "TEMPORARY_OUTPUT")):
        return None
    return value.split("|")[0]


def output_input_clash(definitions, parameters: dict, context, skip: tuple[str, ...] = ()) -> str | None:
    """A message when an output parameter names a file an input parameter reads (None: no clash).

    Inputs named in `skip` are left to the core, which names such a clash in its own words.
    """
    inputs: dict[str, str] = {}
    for definition in definitions:
        if not definition.isDestination() and definition.name() not in skip:
            for path in _input_paths(definition, parameters.get(definition.name()), context):
                inputs.setdefault(_file_key(path), definition.description())
    for definition in definitions:
        if not definition.isDestination():
            continue
        path = _output_path(parameters.get(definition.name()))
        if path and _file_key(path) in inputs:
            return tr(
                "The output '{output}' ({path}) is also the input '{input}': writing it would overwrite the input. "
                "Choose another file name for the output."
            ).format(output=definition.description(), path=path, input=inputs[_file_key(path)])
    return None
