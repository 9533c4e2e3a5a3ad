# SPDX-License-Identifier: GPL-2.0-or-later
"""lithoscope:classify on real terrain (Gerecse hills, Hungary: SRTM elevation and slope at 31 m)."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from builders import make_cnn
from conftest import dataset
from qgis import processing

SHIPPED = "lithology_terrain_hungary"
N_CLASSES = 14
NODATA = -99999.0


@pytest.fixture(scope="module")
def terrain_stack(tmp_path_factory) -> str:
    """A 2-band float32 GeoTIFF (elevation_m, slope_deg) built from the dataset's DEM and slope."""
    dem = dataset("hungary_landslides", "dem_srtm_31m.tif")
    slope = dataset("hungary_landslides", "slope_31m.tif")
    path = str(tmp_path_factory.mktemp("hungary") / "terrain_stack.tif")
    with rasterio.open(dem) as d, rasterio.open(slope) as s:
        assert (d.transform, d.shape, d.crs) == (s.transform, s.shape, s.crs)
        profile = d.profile
        profile.update(count=2, dtype="float32", nodata=NODATA, driver="GTiff", compress="deflate")
        with rasterio.open(path, "w", **profile) as out:
            out.write(d.read(1).astype(np.float32), 1)
            out.write(s.read(1).astype(np.float32), 2)
            out.set_band_description(1, "elevation_m")
            out.set_band_description(2, "slope_deg")
    return path


def _shipped_model() -> str:
    from lithoscope.inference.model.registry import shipped_models

    if SHIPPED not in shipped_models():
        pytest.fail(f"models/{SHIPPED}.onnx is not there (it is trained by `make models`)")
    return SHIPPED


def _stand_in_model(tmp_path) -> str:
    """A generated CNN with the shipped model's contract (2 terrain bands in, 14 classes out)."""
    return make_cnn(
        str(tmp_path / "stand_in.onnx"), 2, N_CLASSES, seed=7, activation="none",
        metadata={
            "output_activation": "none",
            "class_names": {str(i): f"Geology unit {i + 1}" for i in range(N_CLASSES)},
            "band_names": ["elevation_m", "slope_deg"],
            "band_offset": [300.0, 8.0],
            "band_scale": [100.0, 6.0],
            "tile_size": 256,
            "tile_overlap_px": 32,
            "resolution_m": 31.0,
        },
    )  # fmt: skip


@pytest.mark.real_data
@pytest.mark.parametrize("which", ["shipped", "stand_in"])
def test_lithology_on_hungarian_terrain(which, provider, terrain_stack, tmp_path):
    model = _shipped_model() if which == "shipped" else _stand_in_model(tmp_path)
    out = str(tmp_path / "lithology.tif")
    # the shipped model computes its terrain factors of the DEM itself: it takes band 1 (elevation) of the stack
    bands = {"BANDS": "1"} if which == "shipped" else {}
    processing.run("lithoscope:classify", {"INPUT": terrain_stack, "MODEL": model, "OUTPUT": out, **bands})

    with rasterio.open(terrain_stack) as src:
        nodata = (src.read(1) == NODATA) | (src.read(2) == NODATA)
        shape, transform = src.shape, src.transform
    with rasterio.open(out) as ds:
        assert (ds.shape, ds.transform) == (shape, transform)
        classes = ds.read(1)
    assert nodata.sum() > 0, "the DEM has nodata around the study area"
    assert (classes[nodata] == 255).all()
    if which == "shipped":  # its terrain factors (30 px relief the widest) need valid DEM around a pixel
        from scipy import ndimage

        nodata = ndimage.distance_transform_edt(np.pad(~nodata, 1))[1:-1, 1:-1] <= 31
    assert classes[~nodata].max() <= N_CLASSES - 1
    assert len(np.unique(classes[~nodata])) >= 2, "a terrain model should not paint one unit everywhere"
