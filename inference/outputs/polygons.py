# SPDX-License-Identifier: GPL-2.0-or-later
"""Polygons of a class map (one feature per connected patch of a class), streamed by GDAL."""

from __future__ import annotations

import os
from typing import Callable

from ..errors import CancelledError, InputError
from .files import publish, remove_sqlite, temporary_path


def polygonize_classes(
    class_map_path: str,
    output_path: str,
    class_names: list[str],
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    transaction=None,
) -> str:
    """Write a GeoPackage of class polygons (fields class_id, class_name) from a class map.

    GDAL's polygonizer reads the raster in strips, so memory stays bounded. The layer is
    written to a temporary file and renamed into place once complete, or, with a transaction
    (files.OutputTransaction), together with the run's other outputs.
    """
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    ogr.UseExceptions()
    if not output_path.lower().endswith(".gpkg"):
        raise InputError(f"The polygon output {output_path} must be a GeoPackage (.gpkg).")
    tmp = temporary_path(output_path, ".gpkg")
    os.unlink(tmp)  # the GPKG driver wants to create the file itself
    src = gdal.Open(class_map_path)
    band = src.GetRasterBand(1)
    driver = ogr.GetDriverByName("GPKG")
    dst = driver.CreateDataSource(tmp)
    try:
        layer_name = os.path.splitext(os.path.basename(output_path))[0]
        layer = dst.CreateLayer(layer_name, srs=src.GetSpatialRef(), geom_type=ogr.wkbPolygon)
        layer.CreateField(ogr.FieldDefn("class_id", ogr.OFTInteger))

        def callback(fraction, _message, _data):
            if progress:
                progress(0.9 * fraction)
            return 0 if (is_cancelled and is_cancelled()) else 1

        try:
            gdal.Polygonize(band, band.GetMaskBand(), layer, 0, [], callback=callback)
        except RuntimeError:
            if is_cancelled and is_cancelled():
                raise CancelledError() from None
            raise
        name_field = ogr.FieldDefn("class_name", ogr.OFTString)
        layer.CreateField(name_field)
        dst.StartTransaction()
        for feature in layer:
            cid = feature.GetField("class_id")
            feature.SetField("class_name", class_names[cid] if 0 <= cid < len(class_names) else f"Class {cid}")
            layer.SetFeature(feature)
        dst.CommitTransaction()
        dst = None
        if transaction is not None:
            transaction.add(tmp, output_path)
        else:
            publish(tmp, output_path)
    except BaseException:
        dst = None
        remove_sqlite(tmp)
        raise
    finally:
        src = None
    if progress:
        progress(1.0)
    return output_path
