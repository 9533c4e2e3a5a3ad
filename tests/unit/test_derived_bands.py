# SPDX-License-Identifier: GPL-2.0-or-later
"""Model inputs derived on the fly: a contract that computes slope of the elevation runs on a DEM alone, and the
slope it is fed is the terrain factor of the whole DEM, whatever the tiles."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from builders import make_identity, smooth_field, write_raster
from lithoscope.inference.errors import InputError, ModelError
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from lithoscope.inference.sources import terrain

DERIVED = {
    "slope_deg": {"terrain": "slope", "of": "elevation_m"},
    "relief": {"terrain": "relief_3", "of": "elevation_m"},
}


@pytest.fixture
def dem(tmp_path):
    z = (800 + 300 * smooth_field((150, 170), seed=4)).astype(np.float32)
    z[60:64, 80:90] = -9999.0  # a hole of nodata
    return write_raster(str(tmp_path / "dem.tif"), z, nodata=-9999.0), z


def model(tmp_path, derived=DERIVED) -> str:
    meta = {
        "lithoscope_task": "regression",
        "band_names": ["elevation_m", "slope_deg", "relief"],
        "band_derived": derived,
        "band_offset": [0.0] * 3,
        "band_scale": [1.0] * 3,
    }  # fed as they are: the output shows the input
    return make_identity(str(tmp_path / "derive.onnx"), 3, metadata=meta)


def test_slope_and_relief_computed_per_tile_equal_the_whole_dem(tmp_path, dem):
    path, z = dem
    lines = []
    result = run_classify(
        ClassifyParams(path, model(tmp_path), str(tmp_path / "out.tif"), tile_size=64), log=lines.append
    )
    with rasterio.open(result.output_path) as ds:
        out, nodata = ds.read().astype(np.float64), ds.nodata
    whole = np.where(z == -9999.0, np.nan, z).astype(np.float64)
    expected = [whole, terrain.slope(whole, (10.0, 10.0)), terrain.relief(whole, 3)]
    ok = np.all([np.isfinite(want) for want in expected], axis=0)  # a pixel is valid where all its bands are
    for band, want in enumerate(expected):
        np.testing.assert_allclose(out[band][ok], want[ok], rtol=1e-5, atol=1e-3)
    written_nodata = out[1] == nodata
    assert (written_nodata == ~np.isfinite(expected[1])).all()  # the edge and the hole's rim: nodata, not a guess
    assert written_nodata[0].all() and written_nodata[62, 85] and not written_nodata[30, 30]
    assert any("slope_deg (slope of elevation_m)" in line for line in lines)


def test_all_bands_given_are_used_as_they_are(tmp_path, dem):
    path, z = dem
    stack = write_raster(
        str(tmp_path / "stack.tif"), np.stack([z, np.full_like(z, 7.0), np.full_like(z, 3.0)]), -9999.0
    )
    result = run_classify(ClassifyParams(stack, model(tmp_path), str(tmp_path / "out.tif")))
    with rasterio.open(result.output_path) as ds:
        assert ds.read(2)[30, 30] == 7.0 and ds.read(3)[30, 30] == 3.0


def test_a_dem_in_degrees_gets_its_cells_measured_in_metres(tmp_path, dem):
    """SRTM comes in degrees: the slope is computed with the cells' lengths in metres at the window's latitude."""
    from pyproj import Geod

    _, z = dem
    geographic = write_raster(str(tmp_path / "ll.tif"), z, -9999.0, crs="EPSG:4326", pixel=0.001, origin=(10.0, 45.0))
    lines = []
    result = run_classify(ClassifyParams(geographic, model(tmp_path), str(tmp_path / "out.tif")), log=lines.append)
    with rasterio.open(result.output_path) as ds:
        slope = ds.read(2).astype(np.float64)
    lat, lon = 45.0 - 0.001 * z.shape[0] / 2, 10.0 + 0.001 * z.shape[1] / 2  # the one window's centre
    geod = Geod(ellps="WGS84")
    metres = (geod.inv(lon, lat, lon + 0.001, lat)[2], geod.inv(lon, lat, lon, lat + 0.001)[2])  # about 79 x 111 m
    want = terrain.slope(np.where(z == -9999.0, np.nan, z).astype(np.float64), metres)
    ok = np.isfinite(want)
    np.testing.assert_allclose(slope[ok], want[ok], rtol=1e-4, atol=1e-3)
    assert any("measured in metres" in line for line in lines)


def test_a_dem_in_feet_is_refused_with_the_fix(tmp_path, dem):
    _, z = dem
    feet = write_raster(str(tmp_path / "ft.tif"), z, -9999.0, crs="EPSG:2227", pixel=30.0, origin=(6e6, 2e6))
    with pytest.raises(InputError, match=r"grid in metres.*Reproject"):
        run_classify(ClassifyParams(feet, model(tmp_path), str(tmp_path / "out.tif")))
    assert not (tmp_path / "out.tif").exists()


@pytest.mark.parametrize(
    "derived, message",
    [
        ({"slope_deg": {"terrain": "steepness", "of": "elevation_m"}}, "does not know"),
        ({"slope_deg": {"terrain": "slope", "of": "dem"}}, "must be in band_names"),
        ({"slope_deg": {"terrain": "slope", "of": "relief"}, "relief": {"terrain": "relief_3", "of": "slope_deg"}},
         "computed itself"),
        ({"slope_deg": "slope"}, "maps band names to"),
    ],
)  # fmt: skip
def test_bad_derivations_are_refused(tmp_path, derived, message):
    with pytest.raises(ModelError, match=message):
        read_contract(model(tmp_path, derived))


def test_the_derived_source_travels_to_other_processes(tmp_path, dem):
    """Dask ships sources to its workers by pickle: the wrapper and the source it wraps must survive it."""
    import pickle

    from lithoscope.inference.sources.derived import DerivedSource
    from lithoscope.inference.sources.raster import open_source

    path, z = dem
    source = DerivedSource(open_source(path), (("", 0), ("slope", 0)), ("elevation_m", "slope_deg"), (10.0, 10.0), 1)
    copy = pickle.loads(pickle.dumps(source))
    assert (copy.count, copy.width, copy.band_names) == (2, 170, ("elevation_m", "slope_deg"))
    copy.extra_nodata = 5.0  # set on the wrapper, read by the raster it wraps
    assert copy.inner.extra_nodata == 5.0
    with copy.open() as handle:
        data, valid, _ = copy.read_tile(handle, 20, 30, 16)
    want = terrain.slope(z.astype(np.float64), (10.0, 10.0))[20:36, 30:46]
    np.testing.assert_allclose(data[1], want, rtol=1e-5)
    assert valid.all()


def test_the_shipped_lithology_model_runs_on_the_dem_alone_and_refuses_half_its_factors(tmp_path):
    """Real data: the Hungary DEM alone gives geology units everywhere the model's terrain factors exist (all but
    the rim the widest factor, 30 px relief, needs); the DEM stacked with a slope raster is refused with a message
    that says the model computes its factors itself."""
    from conftest import dataset
    from lithoscope.inference.errors import InputError
    from lithoscope.inference.model.contract import read_contract
    from lithoscope.inference.model.registry import shipped_models
    from lithoscope.inference.sources.base import RasterLayer
    from scipy import ndimage

    dem = dataset("hungary_landslides", "dem_srtm_31m.tif")
    slope = dataset("hungary_landslides", "slope_31m.tif")
    contract = read_contract(shipped_models()["lithology_terrain_hungary"])
    assert set(contract.band_derived) == set(contract.band_names[1:])  # every band but elevation is computed
    alone = run_classify(ClassifyParams(dem, "lithology_terrain_hungary", str(tmp_path / "alone.tif")))
    with rasterio.open(alone.output_path) as a, rasterio.open(dem) as d:
        classes, nodata, z, z_nodata = a.read(1), a.nodata, d.read(1), d.nodata
    inside = np.pad(z != z_nodata, 1) if z_nodata is not None else np.pad(np.ones(z.shape, bool), 1)
    far = ndimage.distance_transform_edt(inside)[1:-1, 1:-1] > 31  # beyond the 30 px relief window of the edge
    assert far.sum() > 0.5 * (z != z_nodata).sum() and (classes[far] != nodata).all()
    assert (classes[z == z_nodata] == nodata).all()
    assert len(np.unique(classes[far])) >= 3  # a map of units, not one class everywhere
    with pytest.raises(InputError, match=r"expects 6 band\(s\).*computes slope_deg, tpi.* itself when given only"):
        run_classify(
            ClassifyParams(dem, "lithology_terrain_hungary", str(tmp_path / "stacked.tif"), layers=[RasterLayer(slope)])
        )
    assert not (tmp_path / "stacked.tif").exists()
