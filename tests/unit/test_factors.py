# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility factors: terrain derivatives on analytic surfaces, streaming without seams, distances,
polygon fields, nodata, cancel and errors (no QGIS)."""

import math
import os

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from builders import smooth_field, write_raster
from conftest import dataset
from lithoscope.inference.errors import CancelledError, InputError
from lithoscope.inference.sources import terrain
from lithoscope.susceptibility.factors import (
    TERRAIN_FACTORS,
    DistanceFactor,
    PolygonFieldFactor,
    RasterFactor,
    TerrainFactors,
    build_factors,
    read_factor_info,
)
from lithoscope.susceptibility.grid import GridSpec, grid_from_extent, grid_from_raster
from shapely.geometry import LineString, Point, box

CRS = "EPSG:32633"
ORIGIN = (500000.0, 5000000.0)


def read(path):
    with rasterio.open(path) as ds:
        return ds.read()


def coords(shape, res=(10.0, 10.0)):
    """x (east) and y (north) of pixel centres, origin at the top-left pixel."""
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    return cols * res[0], -rows * res[1]


def write_vector(path, geometries, crs=CRS, **fields):
    gpd.GeoDataFrame(fields or None, geometry=geometries, crs=crs).to_file(path, driver="GPKG")
    return path


@pytest.fixture
def dem(tmp_path):
    """A 150 x 190 px DEM of smooth hills (10 m pixels, 0 to about 600 m)."""
    z = (smooth_field((150, 190), seed=4) * 300 + 300).astype(np.float32)
    return write_raster(str(tmp_path / "dem.tif"), z, nodata=-9999.0), z


# -- terrain on analytic surfaces --------------------------------------------------------------
@pytest.mark.parametrize("res", [(10.0, 10.0), (10.0, 25.0)])
def test_plane_slope_aspect_exact_and_no_curvature(res):
    x, y = coords((40, 50), res)
    a, b = 0.3, -0.4  # rises to the east, falls to the north: faces north-west
    z = a * x + b * y + 1000.0
    core = (slice(1, -1), slice(1, -1))
    np.testing.assert_allclose(terrain.slope(z, res)[core], math.degrees(math.atan(math.hypot(a, b))), rtol=1e-12)
    sin, cos = terrain.aspect(z, res)
    np.testing.assert_allclose(sin[core], -a / math.hypot(a, b), atol=1e-12)  # west: sine < 0
    np.testing.assert_allclose(cos[core], -b / math.hypot(a, b), atol=1e-12)  # north: cosine > 0
    plan, profile = terrain.curvature(z, res)
    np.testing.assert_allclose(plan[core], 0.0, atol=1e-12)
    np.testing.assert_allclose(profile[core], 0.0, atol=1e-12)
    assert np.isnan(terrain.slope(z, res)[0]).all()  # the stencil leaves the array: NaN, not a guess


def test_curvature_of_dome_bowl_and_ridge():
    res, radius = (10.0, 10.0), 500.0
    x, y = coords((41, 41), res)
    x, y = x - 200.0, y + 200.0  # centred
    dome = -(x**2 + y**2) / (2 * radius)
    plan, profile = terrain.curvature(dome, res)
    away = (np.hypot(x, y) > 15)[1:-1, 1:-1]
    np.testing.assert_allclose(profile[1:-1, 1:-1][away], 1 / radius, rtol=1e-9)  # convex: positive
    np.testing.assert_allclose(plan[1:-1, 1:-1][away], 1 / radius, rtol=1e-9)
    plan, profile = terrain.curvature(-dome, res)
    np.testing.assert_allclose(profile[1:-1, 1:-1][away], -1 / radius, rtol=1e-9)  # concave: negative
    np.testing.assert_allclose(plan[1:-1, 1:-1][away], -1 / radius, rtol=1e-9)
    ridge = -(x**2) / (2 * radius) + 0.2 * y  # crest along x = 0, rising to the north
    plan, profile = terrain.curvature(ridge, res)
    crest = np.abs(x) < 1
    np.testing.assert_allclose(plan[crest][1:-1], 1 / radius, rtol=1e-9)  # flow diverges over a spur
    np.testing.assert_allclose(profile[crest][1:-1], 0.0, atol=1e-12)  # straight along the slope


def test_roughness_and_tpi_on_known_surfaces():
    res = (10.0, 10.0)
    x, y = coords((60, 60), res)
    plane = 0.5 * x + 100.0
    np.testing.assert_allclose(terrain.roughness(plane)[1:-1, 1:-1], 0.5 * 10 * math.sqrt(2 / 3), rtol=1e-12)
    np.testing.assert_allclose(terrain.tpi(plane, 5)[5:-5, 5:-5], 0.0, atol=1e-9)
    radius = 300.0
    bowl = ((x - 300) ** 2 + (y + 300) ** 2) / (2 * radius)
    disk = terrain.disk(7)
    dy, dx = np.nonzero(disk)
    expected = -((dy - 7.0) ** 2 + (dx - 7.0) ** 2).mean() * 100.0 / (2 * radius)  # z - mean(z over the disk)
    np.testing.assert_allclose(terrain.tpi(bowl, 7)[7:-7, 7:-7], expected, rtol=1e-9)
    assert np.isnan(terrain.tpi(bowl, 7)[:7]).all()


def test_flow_accumulation_on_a_plane_and_a_funnel():
    res = (10.0, 10.0)
    x, y = coords((30, 20), res)
    plane = 500.0 + 0.1 * y  # falls to the south: every cell drains straight down its column
    acc = terrain.flow_accumulation(plane, res)
    np.testing.assert_array_equal(acc, (np.arange(30)[:, None] + 1) * 100.0 * np.ones((1, 20)))
    slope = terrain.slope(plane, res)
    np.testing.assert_allclose(
        terrain.wetness_index(acc, slope, res)[1:-1, 1:-1], np.log(acc[1:-1, 1:-1] / 10.0 / 0.1), rtol=1e-9
    )
    x, y = coords((31, 31), res)
    funnel = np.hypot(x - 150, y + 150)  # every cell drains to the centre
    acc = terrain.flow_accumulation(funnel, res)
    assert acc[15, 15] == 31 * 31 * 100.0
    funnel[0, 0] = np.nan
    assert terrain.flow_accumulation(funnel, res)[15, 15] == (31 * 31 - 1) * 100.0


def test_flow_accumulation_counts_catchments_within_the_flow_halo(tmp_path):
    x, y = coords((100, 12))
    path = write_raster(str(tmp_path / "plane.tif"), (500.0 + 0.1 * y).astype(np.float32))
    out = str(tmp_path / "f.tif")
    build_factors(
        [TerrainFactors(path, names=("flow_accumulation",), flow_halo=8)], grid_from_raster(path), out, window=16
    )
    acc = read(out)[0]
    rows = np.arange(100)
    # Upslope cells counted: from 8 rows above the pixel's window (or the top of the DEM) down to the pixel.
    counted = rows - np.maximum(0, (rows // 16) * 16 - 8) + 1
    np.testing.assert_array_equal(acc[:, 5], counted * 100.0)


# -- streaming: windows without seams ----------------------------------------------------------
def test_windowed_build_equals_one_window_except_flow_beyond_the_halo(tmp_path, dem):
    path, _ = dem
    faults = write_vector(
        str(tmp_path / "faults.gpkg"), [LineString([(500100, 4999900), (501700, 4998700)]), Point(501200, 4999500)]
    )
    lith = write_vector(
        str(tmp_path / "lith.gpkg"),
        [box(500000, 4998500, 501000, 5000000), box(501000, 4998500, 501900, 4999300)],
        unit=["shale", "granite"],
    )
    others = [
        DistanceFactor(faults, max_distance_m=400.0),
        PolygonFieldFactor(lith, "unit"),
        RasterFactor(path, name="elevation"),
    ]
    grid = grid_from_raster(path)
    # A flow halo (16 cells) much smaller than the DEM (150 x 190): only flow accumulation and TWI may see the cut.
    factors = [TerrainFactors(path, flow_halo=16), *others]
    small = build_factors(factors, grid, str(tmp_path / "small.tif"), window=32)
    big = build_factors(factors, grid, str(tmp_path / "big.tif"), window=512)  # one window: the whole DEM
    a, b = read(small.path), read(big.path)
    assert small.names == big.names == list(TERRAIN_FACTORS) + ["distance_faults", "lith_unit", "elevation"]
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    flow = [small.names.index("flow_accumulation"), small.names.index("twi")]
    cut = [i for i in range(len(small.names)) if i not in flow]
    np.testing.assert_allclose(a[cut], b[cut], rtol=1e-6, atol=1e-6, equal_nan=True)
    exact = [i for i in cut if small.names[i] != "tpi"]  # TPI sums by FFT: equal to rounding
    np.testing.assert_array_equal(a[exact], b[exact])
    for i in flow:  # catchments longer than the halo are cut: lower bounds, lower in a few pixels only
        lower = np.nan_to_num(a[i] - b[i]) < -1e-6
        assert (np.nan_to_num(a[i] - b[i]) <= 1e-6).all() and 0 < lower.sum() < 0.01 * lower.size
    # A halo that reaches across the DEM: every factor is the same whatever the windows.
    factors = [TerrainFactors(path, flow_halo=200), *others]
    a = read(build_factors(factors, grid, str(tmp_path / "small200.tif"), window=32).path)
    b = read(build_factors(factors, grid, str(tmp_path / "big200.tif"), window=512).path)
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6, equal_nan=True)
    np.testing.assert_array_equal(a[exact], b[exact])
    np.testing.assert_array_equal(a[flow], b[flow])


def test_terrain_factors_match_the_dem_read_directly(tmp_path, dem):
    path, z = dem
    result = build_factors([TerrainFactors(path)], grid_from_raster(path), str(tmp_path / "f.tif"))
    data = read(result.path)
    maps = terrain.terrain_window(np.pad(z.astype(np.float64), 256, constant_values=np.nan), 256, (10.0, 10.0))
    for b, name in enumerate(TERRAIN_FACTORS):
        np.testing.assert_allclose(data[b], maps[name].astype(np.float32), rtol=1e-6, atol=1e-5, equal_nan=True)


def test_distances_are_exact_across_windows_and_capped(tmp_path):
    from rasterio.features import rasterize
    from scipy.ndimage import distance_transform_edt

    grid = grid_from_extent(CRS, (500000, 4999000, 501000, 5000000), 10.0)
    lines = [LineString([(500055, 4999955), (500955, 4999105)]), LineString([(500500, 4999800), (500520, 4999810)])]
    path = write_vector(str(tmp_path / "rivers.gpkg"), lines)
    burned = rasterize(lines, out_shape=(100, 100), transform=grid.affine, all_touched=False) > 0
    exact = distance_transform_edt(~burned, sampling=(10.0, 10.0))
    for cap in (2000.0, 120.0):
        out = build_factors([DistanceFactor(path, max_distance_m=cap)], grid, str(tmp_path / "d.tif"), window=16)
        np.testing.assert_allclose(read(out.path)[0], np.minimum(exact, cap), rtol=1e-6)
    assert read(out.path)[0].max() == 120.0  # beyond the cap reads as the cap


def test_distance_counts_features_outside_the_grid(tmp_path):
    grid = grid_from_extent(CRS, (500000, 4999000, 501000, 5000000), 10.0)
    path = write_vector(str(tmp_path / "fault.gpkg"), [LineString([(501203, 4999000), (501203, 5000000)])])
    data = read(build_factors([DistanceFactor(path, max_distance_m=1000)], grid, str(tmp_path / "d.tif")).path)[0]
    # From pixel centre to pixel centre: the last column's at 500995, the line's pixel at 501205.
    np.testing.assert_allclose(data[:, -1], 210.0)


# -- polygons, categories, other CRSs ----------------------------------------------------------
def geology(tmp_path):
    """A 100 x 100 px grid and polygons over three of its quarters: rock shale, granite, marl; age 0, 12, 7."""
    grid = grid_from_extent(CRS, (500000, 4999000, 501000, 5000000), 10.0)
    boxes = [
        box(500000, 4999500, 500500, 5000000),
        box(500500, 4999500, 501000, 5000000),
        box(500000, 4999000, 500500, 4999500),
    ]
    return grid, write_vector(str(tmp_path / "geology.gpkg"), boxes, rock=["shale", "granite", "marl"], age=[0, 12, 7])


def test_numeric_polygon_fields_are_continuous_unless_marked_categorical(tmp_path):
    """Issue "Susceptibility v2": a numeric field (an age, a strength) is a continuous factor with its values inside
    the polygons and nodata outside; only a field marked categorical becomes class codes."""
    grid, path = geology(tmp_path)
    result = build_factors([PolygonFieldFactor(path, "age", name="age")], grid, str(tmp_path / "n.tif"))
    (age,) = read(result.path)
    assert result.kinds == ["continuous"] and result.categories == {}
    assert age[10, 10] == 0 and age[10, 90] == 12 and age[90, 10] == 7 and np.isnan(age[90, 90])


def test_polygon_field_codes_text_sorted_and_numbers_as_they_are(tmp_path):
    grid, path = geology(tmp_path)
    result = build_factors(
        [PolygonFieldFactor(path, "rock"), PolygonFieldFactor(path, "age", name="age", categorical=True)],
        grid,
        str(tmp_path / "g.tif"),
    )
    rock, age = read(result.path)
    assert result.text_codes == {"geology_rock": {"granite": 1, "marl": 2, "shale": 3}}
    assert rock[10, 10] == 3 and rock[10, 90] == 1 and rock[90, 10] == 2 and np.isnan(rock[90, 90])
    assert age[10, 10] == 0 and age[10, 90] == 12 and age[90, 10] == 7 and np.isnan(age[90, 90])  # 0 is a value
    assert result.kinds == ["categorical", "categorical"]
    assert result.categories == {"geology_rock": [1.0, 2.0, 3.0], "age": [0.0, 7.0, 12.0]}
    assert result.missing == {"geology_rock": 2500, "age": 2500}
    info = read_factor_info(result.path)
    assert (info.names, info.kinds, info.categories, info.text_codes, info.missing) == (
        result.names,
        result.kinds,
        result.categories,
        result.text_codes,
        result.missing,
    )


def test_polygon_text_codes_fixed_by_a_model(tmp_path):
    grid, path = geology(tmp_path)
    # The model knew shale as 5 and granite as 2 (and basalt, absent here); marl is new: the next free code.
    trained = {"shale": 5, "granite": 2, "basalt": 1}
    ways = [
        ([PolygonFieldFactor(path, "rock", name="rock", text_codes=trained)], {}),
        ([PolygonFieldFactor(path, "rock", name="rock")], {"text_codes": {"rock": trained}}),
    ]
    for factors, extra in ways:
        result = build_factors(factors, grid, str(tmp_path / "g.tif"), **extra)
        (rock,) = read(result.path)
        assert result.text_codes == {"rock": {"shale": 5, "granite": 2, "basalt": 1, "marl": 6}}
        assert rock[10, 10] == 5 and rock[10, 90] == 2 and rock[90, 10] == 6 and np.isnan(rock[90, 90])
        assert result.categories == {"rock": [2.0, 5.0, 6.0]}
        assert read_factor_info(result.path).text_codes == result.text_codes
    with pytest.raises(InputError, match="distinct whole numbers from 1"):
        build_factors(
            [PolygonFieldFactor(path, "rock", text_codes={"shale": 2, "marl": 2})], grid, str(tmp_path / "h.tif")
        )
    assert not os.path.exists(tmp_path / "h.tif")


def test_polygons_without_a_value(tmp_path):
    grid = grid_from_extent(CRS, (500000, 4999000, 501000, 5000000), 10.0)
    boxes = [box(500000, 4999000, 500500, 5000000), box(500500, 4999000, 501000, 5000000)]
    path = write_vector(str(tmp_path / "geology.gpkg"), boxes, rock=["shale", None], age=[3.0, None])
    lines = []
    factors = [
        PolygonFieldFactor(path, "rock"),
        PolygonFieldFactor(path, "age", categorical=True),
        PolygonFieldFactor(path, "age", name="age_value"),
    ]
    result = build_factors(factors, grid, str(tmp_path / "g.tif"), log=lines.append)
    rock, age, value = read(result.path)
    assert result.missing["geology_rock"] == 5000 and np.isnan(rock[:, 50:]).all()  # no text: missing
    assert (age[:, 50:] == 0).all()  # no class code: 0, with a warning
    assert "Warning: 1 polygon(s) of 'geology.gpkg' have no value in 'age'; they read as 0." in lines
    assert np.isnan(value[:, 50:]).all() and (value[:, :50] == 3.0).all()  # no number: nodata, with a warning
    assert "Warning: 1 polygon(s) of 'geology.gpkg' have no value in 'age'; they are nodata there." in lines


def test_factors_on_other_crs_and_grids_are_aligned(tmp_path):
    from pyproj import Transformer

    grid = grid_from_extent(CRS, (500000, 4999000, 502000, 5001000), 20.0)
    # A continuous raster in geographic coordinates and a categorical one on a coarser UTM grid.
    lon0, lat0 = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(499500, 5001500)
    step = 0.0002
    lons = lon0 + step * (np.arange(200) + 0.5)
    lats = lat0 - step * (np.arange(200) + 0.5)
    values = (lons[None, :] - lon0) * 1000 + (lat0 - lats[:, None]) * 500
    geo = write_raster(
        str(tmp_path / "rain.tif"), values.astype(np.float32), crs="EPSG:4326", pixel=step, origin=(lon0, lat0)
    )
    codes = np.repeat(np.arange(1, 5, dtype=np.uint8), 15)[None, :].repeat(60, axis=0)
    cat = write_raster(str(tmp_path / "land.tif"), codes, nodata=0, pixel=40.0, origin=(499800, 5001200))
    result = build_factors([RasterFactor(geo), RasterFactor(cat, kind="categorical")], grid, str(tmp_path / "f.tif"))
    rain, land = read(result.path)
    assert result.categories["land"] == [1.0, 2.0, 3.0, 4.0] and result.missing == {"rain": 0, "land": 0}
    xs = 500000 + 20 * (np.arange(100) + 0.5)
    ys = 5001000 - 20 * (np.arange(100) + 0.5)
    lon, lat = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(*np.meshgrid(xs, ys))
    np.testing.assert_allclose(rain, (lon - lon0) * 1000 + (lat0 - lat) * 500, atol=0.02)  # a plane: bilinear is exact
    column = ((xs - 499800) // 40).astype(int)  # nearest: codes kept
    np.testing.assert_array_equal(land[0], np.arange(1, 5).repeat(15)[column])


# -- nodata, filling, cancel -------------------------------------------------------------------
def test_missing_pixels_counted_logged_and_filled(tmp_path):
    data = np.arange(100 * 100, dtype=np.float32).reshape(100, 100)
    data[:20, :50] = -1  # 1,000 pixels of nodata
    cont = write_raster(str(tmp_path / "ndvi.tif"), data, nodata=-1)
    codes = np.full((100, 100), 3, np.uint8)
    codes[50:, :] = 5
    codes[90:, 90:] = 9
    codes[:10, :] = 0  # nodata
    cat = write_raster(str(tmp_path / "soil.tif"), codes, nodata=0)
    factors = [RasterFactor(cont), RasterFactor(cat, kind="categorical")]
    grid = grid_from_raster(cont)
    lines = []
    kept = build_factors(factors, grid, str(tmp_path / "kept.tif"), log=lines.append, window=32)
    assert kept.missing == {"ndvi": 1000, "soil": 1000}
    assert "ndvi lacks 1,000 pixels (10.0 %)" in lines
    assert np.isnan(read(kept.path)[0, :20, :50]).all() and np.isnan(read(kept.path)[1, :10]).all()
    filled = build_factors(factors, grid, str(tmp_path / "filled.tif"), fill_nodata=True, window=32)
    ndvi, soil = read(filled.path)
    assert filled.missing == kept.missing and not np.isnan(ndvi).any() and not np.isnan(soil).any()
    assert ndvi[0, 0] == np.float32(np.median(data[data >= 0]))
    assert soil[0, 0] == 5  # the most common code (5: 4,900 pixels, 3: 4,000)
    assert (ndvi[20:] == data[20:]).all() and (soil[10:] == codes[10:]).all()


def test_cancel_keeps_an_earlier_file_byte_identical(tmp_path, dem):
    path, _ = dem
    out = str(tmp_path / "factors.tif")
    build_factors([RasterFactor(path)], grid_from_raster(path), out)
    before = open(out, "rb").read()
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(CancelledError):
        build_factors([TerrainFactors(path)], grid_from_raster(path), out, is_cancelled=cancel, window=32)
    assert open(out, "rb").read() == before
    assert sorted(os.listdir(tmp_path)) == ["dem.tif", "factors.tif"]  # no temporary file left


# -- errors ------------------------------------------------------------------------------------
def test_clear_errors(tmp_path, dem):
    path, z = dem
    grid = grid_from_raster(path)
    out = str(tmp_path / "f.tif")
    with pytest.raises(InputError, match="No factors"):
        build_factors([], grid, out)
    no_crs = write_raster(str(tmp_path / "nocrs.tif"), z, crs=None)
    with pytest.raises(InputError, match="'nocrs.tif' has no coordinate reference system"):
        build_factors([RasterFactor(no_crs)], grid, out)
    far = write_raster(str(tmp_path / "far.tif"), z, origin=(900000.0, 1000000.0))
    with pytest.raises(InputError, match="'far.tif' does not overlap"):
        build_factors([RasterFactor(far)], grid, out)
    far_lines = write_vector(str(tmp_path / "far.gpkg"), [LineString([(900000, 1000000), (900100, 1000100)])])
    with pytest.raises(InputError, match="'far.gpkg' does not overlap"):
        build_factors([DistanceFactor(far_lines, max_distance_m=1000)], grid, out)
    with pytest.raises(InputError, match="'dem' has more than 1000 distinct values; is it continuous"):
        build_factors([RasterFactor(path, kind="categorical")], grid, out)
    empty = write_raster(str(tmp_path / "empty.tif"), np.full_like(z, -9999.0), nodata=-9999.0)
    with pytest.raises(InputError, match="factor 'slope' has no data on the grid"):
        build_factors([RasterFactor(path), TerrainFactors(empty, names=("slope",))], grid, out)
    polygons = write_vector(str(tmp_path / "geo.gpkg"), [box(500000, 4999000, 500500, 5000000)], rock=["shale"])
    with pytest.raises(InputError, match="has no field 'lithology' \\(fields: rock\\)"):
        build_factors([PolygonFieldFactor(polygons, "lithology")], grid, out)
    with pytest.raises(InputError, match="0 x 10 pixels"):
        build_factors([RasterFactor(path)], GridSpec(grid.crs, grid.transform, 0, 10), out)
    with pytest.raises(InputError, match="geographic coordinates"):
        build_factors([TerrainFactors(path)], grid_from_extent("EPSG:4326", (14.9, 45.1, 15.0, 45.2), 0.001), out)
    with pytest.raises(InputError, match="Unknown terrain factor"):
        build_factors([TerrainFactors(path, names=("slope", "hillshade"))], grid, out)
    with pytest.raises(InputError, match="named elevation"):
        build_factors([RasterFactor(path, name="elevation"), RasterFactor(path, name="elevation")], grid, out)
    assert not os.path.exists(out)


# -- real data ---------------------------------------------------------------------------------
@pytest.mark.real_data
@pytest.mark.parametrize(
    "dem_name, slope_name, nodata",
    [
        (("ecuador_landslides", "dem_10m.tif"), ("ecuador_landslides", "factor_slope.tif"), None),
        (("hungary_landslides", "dem_srtm_31m.tif"), ("hungary_landslides", "slope_31m.tif"), -99999.0),
    ],
)
def test_slope_agrees_with_the_shipped_slope(tmp_path, dem_name, slope_name, nodata):
    dem_path, slope_path = dataset(*dem_name), dataset(*slope_name)
    result = build_factors(
        [TerrainFactors(dem_path, names=("slope",))], grid_from_raster(dem_path), str(tmp_path / "f.tif")
    )
    ours = read(result.path)[0].astype(np.float64)
    theirs = read(slope_path)[0].astype(np.float64)
    if nodata is not None:
        theirs[theirs == nodata] = np.nan
    both = np.isfinite(ours) & np.isfinite(theirs)
    r = np.corrcoef(ours[both], theirs[both])[0, 1]
    mae = np.abs(ours[both] - theirs[both]).mean()
    print(f"{dem_name[0]}: slope r = {r:.6f}, mean |difference| = {mae:.2e} deg over {both.sum()} px")
    assert r > 0.95 and mae < 0.01  # both Zevenbergen & Thorne: the same numbers
    assert both.sum() > 0.97 * np.isfinite(theirs).sum()  # only the DEM's edge ring is left out


@pytest.mark.real_data
def test_curvature_signs_and_flow_agree_with_saga(tmp_path):
    from scipy.stats import spearmanr

    dem_path = dataset("ecuador_landslides", "dem_10m.tif")
    names = ("plan_curvature", "profile_curvature", "flow_accumulation")
    result = build_factors([TerrainFactors(dem_path, names=names)], grid_from_raster(dem_path), str(tmp_path / "f.tif"))
    plan, profile, flow = read(result.path).astype(np.float64)
    agreement = {}
    for ours, shipped in ((plan, "cplan"), (profile, "cprof"), (np.log10(flow), "log10_carea")):
        theirs = read(dataset("ecuador_landslides", f"factor_{shipped}.tif"))[0].astype(np.float64)
        both = np.isfinite(ours) & np.isfinite(theirs)
        agreement[shipped] = (
            spearmanr(ours[both], theirs[both]).correlation,
            np.corrcoef(ours[both], theirs[both])[0, 1],
        )
    print("Spearman, Pearson:", {k: f"{rho:.3f}, {r:.3f}" for k, (rho, r) in agreement.items()})
    assert agreement["cplan"][0] > 0.9 and agreement["cprof"][0] > 0.9  # SAGA's signs
    assert agreement["log10_carea"][1] > 0.6  # D8 against SAGA's catchment area: related, not equal


def test_local_relief_is_highest_minus_lowest_in_the_square_and_ignores_nodata():
    z = np.arange(49, dtype=np.float64).reshape(7, 7)  # rows step by 7, columns by 1
    z[0, 0] = np.nan
    r = terrain.relief(z, 1)
    assert r[3, 3] == (4 * 7 + 4) - (2 * 7 + 2)  # the 3 x 3 square around (3, 3): 16 - 32
    assert r[0, 1] == (1 * 7 + 2) - 1  # an edge cell: its square inside the array, the NaN corner left out
    assert np.isnan(r[0, 0]) and np.isfinite(r[1:, :]).all()
    assert terrain.relief(z, 3)[3, 3] == 48 - 1  # the whole array less the NaN
    assert terrain.halo_for(("relief_30",)) == 30 and terrain.halo_for(("slope", "relief_3")) == 3
