# SPDX-License-Identifier: GPL-2.0-or-later
"""The shipped landslide susceptibility CNN (DEM-only terrain factors): contract, engine = onnxruntime, real skill."""

import numpy as np
import onnxruntime as ort
import pytest
import rasterio
from conftest import dataset
from lithoscope.inference.kinds.heads import PROBABILITY_NODATA
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.model.registry import model_card, shipped_models
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from lithoscope.susceptibility.factors import TerrainFactors, build_factors
from lithoscope.susceptibility.grid import grid_from_raster
from rasterio.transform import from_origin

NAME = "landslide_susceptibility_terrain"
FACTORS = ("slope", "aspect_sin", "aspect_cos", "plan_curvature", "profile_curvature", "tpi", "twi")
RADIUS = 4  # receptive radius of the network (dilations 1, 2, 1)


@pytest.fixture(scope="module")
def model_path():
    models = shipped_models()
    if NAME not in models:
        pytest.skip(f"models/{NAME}.onnx is not there (trained by training/train_susceptibility_cnn.py)")
    return models[NAME]


def factors_of(dem_path, out_path):
    result = build_factors([TerrainFactors(str(dem_path), names=FACTORS)], grid_from_raster(str(dem_path)), out_path)
    assert tuple(result.names) == FACTORS
    return out_path


def test_contract_is_a_susceptibility_probability_over_the_terrain_factors(model_path):
    c = read_contract(model_path)
    assert (c.task, c.output_kind, c.output_activation) == ("susceptibility", "probability", "none")
    assert c.band_names == FACTORS
    assert len(c.band_offset) == len(c.band_scale) == len(FACTORS) and all(s > 0 for s in c.band_scale)
    assert c.tile_size == 256 and c.tile_overlap >= RADIUS
    assert "MIT" in c.licence and "CC0" in c.licence and c.model_version
    cross = c.metrics["cross_area"]
    assert set(cross) == {"train_hungary_test_ecuador", "train_ecuador_test_hungary"}
    for row in cross.values():
        assert {"cnn_engine", "logistic_regression", "slope_only"} <= set(row)
    assert model_card(model_path) is not None
    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    (inp,), (out,) = session.get_inputs(), session.get_outputs()
    assert inp.shape[1] == len(FACTORS) and out.shape[1] == 1
    prob = session.run(None, {inp.name: np.zeros((2, 7, 40, 33), np.float32)})[0]
    assert prob.shape == (2, 1, 40, 33) and ((prob > 0) & (prob < 1)).all()


def synthetic_dem(path, rows=300, cols=280, cell=20.0):
    """Hills and valleys with noise and a nodata hole, in a projected CRS (UTM 33N)."""
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:rows, 0:cols].astype(np.float64)
    z = (
        400
        + 60 * np.sin(xx / 23) * np.cos(yy / 31)
        + 0.8 * yy
        + 25 * np.sin((xx + yy) / 9)
        + rng.normal(0, 1.5, xx.shape)
    )
    z[120:140, 60:75] = np.nan
    profile = dict(driver="GTiff", width=cols, height=rows, count=1, dtype="float32", nodata=np.nan, crs="EPSG:32633")
    profile["transform"] = from_origin(500000, 5200000, cell, cell)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(z.astype(np.float32), 1)
    return path


def test_engine_reproduces_onnxruntime_on_generated_factors(model_path, tmp_path):
    stack = factors_of(synthetic_dem(tmp_path / "dem.tif"), str(tmp_path / "factors.tif"))
    result = run_classify(ClassifyParams(stack, NAME, str(tmp_path / "p.tif")))
    assert result.output_kind == "probability" and result.stats.tiles > 1
    with rasterio.open(result.output_path) as ds:
        engine = ds.read(1)
    with rasterio.open(stack) as ds:
        x = ds.read().astype(np.float32)
    valid = np.isfinite(x).all(axis=0)
    assert valid.sum() > 0.8 * valid.size and (~valid).sum() > 0
    c = read_contract(model_path)
    offset = np.asarray(c.band_offset, np.float32)[:, None, None]
    inverse = (1.0 / np.asarray(c.band_scale, np.float64)).astype(np.float32)[:, None, None]
    xs = (x - offset) * inverse
    xs[:, ~valid] = 0.0  # the engine's nodata fill
    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    direct = session.run(None, {session.get_inputs()[0].name: xs[None]})[0][0, 0]
    assert (engine[~valid] == PROBABILITY_NODATA).all()
    core = np.zeros_like(valid)
    core[RADIUS:-RADIUS, RADIUS:-RADIUS] = True  # the raster's own border is padded differently
    check = valid & core
    diff = np.abs(engine[check] - direct[check])
    # Exact away from tile seams; at a seam the pixels a tile sees without full context keep a blending
    # weight of 1e-3 (tiling.EDGE_WEIGHT), which moves the probability by well under 1e-3.
    assert np.median(diff) < 1e-6 and diff.max() < 2e-3
    assert direct[check].std() > 1e-3  # the map is not flat


@pytest.mark.real_data
def test_shipped_model_ranks_ecuador_landslides_through_the_engine(model_path, tmp_path):
    """A sanity floor (training fit, the model saw these points); the card gives the cross-area skill."""
    import geopandas as gpd
    from sklearn.metrics import roc_auc_score

    dem = dataset("ecuador_landslides", "dem_10m.tif")
    points = gpd.read_file(dataset("ecuador_landslides", "landslide_points_all_1535.gpkg"))
    stack = factors_of(dem, str(tmp_path / "factors.tif"))
    result = run_classify(ClassifyParams(stack, NAME, str(tmp_path / "p.tif")))
    with rasterio.open(result.output_path) as ds:
        prob = ds.read(1)
        rows, cols = rasterio.transform.rowcol(ds.transform, points.geometry.x.values, points.geometry.y.values)
    p = prob[np.asarray(rows), np.asarray(cols)]
    assert (p != PROBABILITY_NODATA).all()
    assert roc_auc_score(points["lslpts"].astype(int).values, p) > 0.6
