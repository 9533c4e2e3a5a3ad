# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:buildfactors run through Processing on generated layers."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from builders import smooth_field, write_raster
from qgis import processing
from qgis.core import QgsProcessingException, QgsRasterLayer, QgsVectorLayer
from shapely.geometry import LineString, box


@pytest.fixture
def layers(tmp_path):
    """A DEM (EPSG:32633, 10 m, 80 x 100 px), a categorical raster, faults and lithology polygons."""
    dem = write_raster(str(tmp_path / "dem.tif"), (smooth_field((80, 100), seed=2) * 200 + 400).astype(np.float32))
    codes = np.repeat(np.array([1, 2], np.uint8), 50)[None, :].repeat(80, axis=0)
    land = write_raster(str(tmp_path / "land.tif"), codes, nodata=0)
    faults = str(tmp_path / "faults.gpkg")
    gpd.GeoDataFrame(geometry=[LineString([(500100, 4999900), (500900, 4999300)])], crs="EPSG:32633").to_file(faults)
    geology = str(tmp_path / "geology.gpkg")
    gpd.GeoDataFrame(
        {"rock": ["shale", "granite"]},
        geometry=[box(500000, 4999200, 500500, 5000000), box(500500, 4999200, 501000, 5000000)],
        crs="EPSG:32633",
    ).to_file(geology)
    return {"dem": dem, "land": land, "faults": faults, "geology": geology}


def test_buildfactors_writes_named_bands(provider, layers, tmp_path):
    out = str(tmp_path / "factors.tif")
    results = processing.run(
        "lithoscope:buildfactors",
        {
            "DEM": layers["dem"],
            "TERRAIN": [0, 6, 8],  # slope, tpi, twi
            "CATEGORICAL_RASTERS": [QgsRasterLayer(layers["land"], "land")],
            "DISTANCE_TO": [QgsVectorLayer(layers["faults"], "faults")],
            "MAX_DISTANCE": 300,
            "POLYGON_FIELDS": QgsVectorLayer(layers["geology"], "geology"),
            "FIELD": ["rock"],
            "OUTPUT": out,
        },
    )
    assert results["OUTPUT"] == out
    with rasterio.open(out) as ds:
        assert ds.descriptions == ("slope", "tpi", "twi", "land", "distance_faults", "geology_rock")
        assert (ds.width, ds.height, ds.res) == (100, 80, (10.0, 10.0))
        data = ds.read()
    assert data[4].max() == 300.0 and np.nanmin(data[4]) == 0.0
    assert set(np.unique(data[5])) == {1.0, 2.0} and data[5][0, 0] == 2.0  # shale: code 2 (granite 1)
    assert set(np.unique(data[3])) == {1.0, 2.0}


def test_every_band_of_a_continuous_raster_is_a_factor(provider, layers, tmp_path):
    """A multi-band continuous raster (an autoencoder's latent bands) gives one factor per band, in order."""
    latent = np.stack([smooth_field((80, 100), seed=s) for s in (3, 4, 5)]).astype(np.float32)
    path = write_raster(str(tmp_path / "latent.tif"), latent)
    out = str(tmp_path / "factors.tif")
    processing.run("lithoscope:buildfactors", {"RASTERS": [QgsRasterLayer(path, "latent")], "OUTPUT": out})
    with rasterio.open(out) as ds:
        assert ds.descriptions == ("latent_1", "latent_2", "latent_3")
        np.testing.assert_allclose(ds.read(), latent, rtol=1e-6)


def test_buildfactors_on_a_chosen_grid(provider, layers, tmp_path):
    out = str(tmp_path / "factors.tif")
    processing.run(
        "lithoscope:buildfactors",
        {
            "CRS": "EPSG:32633",
            "EXTENT": "500200,500800,4999400,4999900 [EPSG:32633]",
            "CELL_SIZE": 20,
            "RASTERS": [QgsRasterLayer(layers["dem"], "elevation")],
            "FILL_NODATA": True,
            "OUTPUT": out,
        },
    )
    with rasterio.open(out) as ds:
        assert ds.descriptions == ("elevation",) and (ds.width, ds.height, ds.res) == (30, 25, (20.0, 20.0))
        assert ds.bounds.left == 500200 and ds.bounds.top == 4999900


def test_buildfactors_errors_are_clear(provider, layers, tmp_path):
    with pytest.raises(QgsProcessingException, match="No factors were given"):
        processing.run("lithoscope:buildfactors", {"OUTPUT": str(tmp_path / "f.tif")})
    with pytest.raises(QgsProcessingException, match="Give a reference raster"):
        processing.run(
            "lithoscope:buildfactors",
            # A path, not a QgsVectorLayer: a layer object kept alive by the exception's traceback would
            # be deleted after QGIS has exited, which crashes the interpreter at exit.
            {"DISTANCE_TO": [layers["faults"]], "OUTPUT": str(tmp_path / "f.tif")},
        )
    with pytest.raises(QgsProcessingException, match="Choose the field"):
        processing.run(
            "lithoscope:buildfactors",
            {"DEM": layers["dem"], "POLYGON_FIELDS": layers["geology"], "OUTPUT": str(tmp_path / "f.tif")},
        )
