# SPDX-License-Identifier: GPL-2.0-or-later
"""Autoencoders (lithoscope:trainautoencoder and lithoscope:encode's core): a tiny per-pixel autoencoder trains end
to end in the training worker, is scored on held-out spatial blocks against PCA of the same size, and runs through
Lithoscope's own engine to the same latent bands and reconstruction error as the exported network; landform units
are k-means of the latent bands, reproducible with a seed, with a per-unit table; bad inputs are refused."""

from __future__ import annotations

import csv
import os

import numpy as np
import pytest
from builders import make_autoencoder, smooth_field, write_raster
from builders import training_python as _python
from lithoscope.inference.errors import InputError, ModelError
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.model.session import open_model
from lithoscope.inference.sources import terrain
from lithoscope.learning.common import TrainSettings
from lithoscope.learning.encode import encode_raster, landform_units, prepare_autoencoder, train_autoencoder

rasterio = pytest.importorskip("rasterio")
pytest.importorskip("sklearn")

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "datasets")
ECUADOR_DEM = os.path.join(SHARED, "ecuador_landslides", "dem_10m.tif")


def _settings(**kw) -> TrainSettings:
    base = {"epochs": 8, "minutes": 1.0, "patience": 8, "batch": 256, "threads": 1, "seed": 0, "refit": False}
    return TrainSettings(**{**base, **kw})


def _stack(tmp_path) -> tuple[str, np.ndarray]:
    """Four bands driven by two smooth fields (so two latent units can hold them), in native units."""
    a, b = smooth_field((96, 112), seed=1), smooth_field((96, 112), seed=2)
    data = np.stack([a * 300 + 1000, b * 20 + 5, a - b, np.tanh(2 * a) + 0.5 * b]).astype(np.float32)
    return write_raster(str(tmp_path / "stack.tif"), data), data


def test_trains_on_held_out_blocks_and_the_engine_matches_the_network(tmp_path):
    python = _python()
    raster, data = _stack(tmp_path)
    prepared = prepare_autoencoder([raster], block=16, max_pixels=8000, log=lambda m: None)
    assert prepared.band_names == ["stack_1", "stack_2", "stack_3", "stack_4"]
    assert len(set(prepared.groups.tolist())) == 42  # 6 x 7 blocks of 16 px
    out = str(tmp_path / "ae.onnx")
    logs: list[str] = []
    result = train_autoencoder(prepared, out, python, latent=2, settings=_settings(), log=logs.append, title="T")
    assert os.path.isfile(out) and os.path.isfile(result.card) and os.path.isfile(result.report)
    assert not os.path.exists(prepared.folder)
    assert result.check_max_diff <= 1e-4  # Lithoscope's onnxruntime run against torch's, latent and reconstruction
    scores = result.metrics["scores"]
    assert set(scores) == {"autoencoder", "PCA (k=2)", "band means"}
    assert scores["autoencoder"]["mse"] < 0.5 * scores["band means"]["mse"]
    assert result.metrics["groups"]["test"] >= 1 and result.metrics["held_out"] == "spatial blocks"
    contract = read_contract(out)
    assert contract.task == "autoencoder" and contract.raw["latent_size"] == 2
    report = open(result.report, encoding="utf-8").read()
    assert "PCA" in report and "held-out spatial blocks" in report and "data:image/png" in report

    latent_path, error_path = str(tmp_path / "latent.tif"), str(tmp_path / "error.tif")
    encode_raster(out, raster, latent_path, error_path, tile_size=64, log=lambda m: None)
    with rasterio.open(latent_path) as ds:
        latent = ds.read()
        assert ds.count == 2 and ds.descriptions == ("latent 1", "latent 2")
    with rasterio.open(error_path) as ds:
        error = ds.read(1)
    assert os.path.isfile(str(tmp_path / "latent.qml")) and os.path.isfile(str(tmp_path / "error.qml"))
    # the same pixels run directly through the exported network (checked against torch above)
    x = ((data.reshape(4, -1).T - np.asarray(contract.band_offset)) / np.asarray(contract.band_scale)).astype(
        np.float32
    )
    session = open_model(out, threads=1)
    got = session.run_named({session.input_name: x})
    np.testing.assert_allclose(latent.reshape(2, -1).T, got["latent"], atol=1e-4)
    want_error = ((got["reconstruction"] - x) ** 2).mean(1)
    np.testing.assert_allclose(error.ravel(), want_error, rtol=1e-3, atol=1e-5)


@pytest.mark.skipif(not os.path.isfile(ECUADOR_DEM), reason="../shared/datasets/ecuador_landslides absent")
def test_terrain_autoencoder_on_a_real_dem_runs_on_the_dem_alone(tmp_path):
    python = _python()
    prepared = prepare_autoencoder(
        [ECUADOR_DEM], terrain=("slope", "plan_curvature", "relief_10"), block=64, max_pixels=6000, log=lambda m: None
    )
    assert prepared.band_names == ["elevation_m", "slope_deg", "plan_curvature", "relief_10"]
    out = str(tmp_path / "terrain_ae.onnx")
    result = train_autoencoder(prepared, out, python, latent=2, settings=_settings(epochs=4), log=lambda m: None)
    assert result.check_max_diff <= 1e-4
    assert set(read_contract(out).band_derived) == {"slope_deg", "plan_curvature", "relief_10"}
    latent_path, error_path = str(tmp_path / "l.tif"), str(tmp_path / "e.tif")
    encode_raster(out, ECUADOR_DEM, latent_path, error_path, log=lambda m: None)  # one band: the DEM
    with rasterio.open(error_path) as ds, rasterio.open(ECUADOR_DEM) as dem:
        error = ds.read(1, masked=True)
        assert ds.shape == dem.shape
    assert error.count() > 0.9 * np.isfinite(rasterio.open(ECUADOR_DEM).read(1)).sum()
    assert float(error.min()) >= 0.0


def _latent_clusters(tmp_path) -> str:
    rng = np.random.default_rng(5)
    centres = np.array([[-0.6, 0.1, 0.3], [0.5, -0.5, 0.0], [0.2, 0.7, -0.6]], np.float32)
    field = smooth_field((80, 90), seed=9)
    which = np.digitize(field, [-0.2, 0.2])
    data = centres[which].transpose(2, 0, 1) + rng.normal(0, 0.05, (3, 80, 90)).astype(np.float32)
    data[:, :3, :4] = -9999.0
    return write_raster(str(tmp_path / "latent.tif"), data.astype(np.float32), nodata=-9999.0)


def test_landform_units_are_reproducible_with_a_seed_and_chosen_by_silhouette(tmp_path):
    latent = _latent_clusters(tmp_path)
    first = landform_units(latent, str(tmp_path / "u1.tif"), k=0, seed=3, max_k=5, log=lambda m: None)
    second = landform_units(latent, str(tmp_path / "u2.tif"), k=0, seed=3, max_k=5, log=lambda m: None)
    assert first["k"] == second["k"] == 3
    with rasterio.open(str(tmp_path / "u1.tif")) as a, rasterio.open(str(tmp_path / "u2.tif")) as b:
        one, two = a.read(1), b.read(1)
    np.testing.assert_array_equal(one, two)
    assert (one[:3, :4] == 0).all() and set(np.unique(one[3:])) == {1, 2, 3}
    qml = open(str(tmp_path / "u1.qml"), encoding="utf-8").read()
    assert qml.count("paletteEntry") == 3 and "unit 3" in qml


def test_unit_table_matches_a_direct_computation(tmp_path):
    latent = _latent_clusters(tmp_path)
    z = (smooth_field((80, 90), seed=11) * 150 + 800).astype(np.float32)
    dem = write_raster(str(tmp_path / "dem.tif"), z)
    table = str(tmp_path / "units.csv")
    landform_units(latent, str(tmp_path / "units.tif"), table, k=3, seed=0, dem=dem, log=lambda m: None)
    with rasterio.open(str(tmp_path / "units.tif")) as ds:
        units = ds.read(1)
    rows = list(csv.DictReader(open(table, encoding="utf-8")))
    assert [int(r["unit"]) for r in rows] == [1, 2, 3]
    padded = np.pad(z.astype(np.float64), 1, constant_values=np.nan)
    factors = terrain.terrain_window(padded, 1, (10.0, 10.0), ("slope", "plan_curvature", "profile_curvature"))
    for r in rows:
        inside = units == int(r["unit"])
        assert int(r["pixels"]) == inside.sum()
        assert float(r["area_km2"]) == pytest.approx(inside.sum() * 100 / 1e6)
        assert float(r["mean_elevation_m"]) == pytest.approx(z[inside].mean(dtype=np.float64), rel=1e-6)
        for name, column in (("slope", "mean_slope_deg"), ("plan_curvature", "mean_plan_curvature")):
            values = factors[name][inside]
            assert float(r[column]) == pytest.approx(np.nanmean(values), rel=1e-6, abs=1e-12)


# -- bad inputs -----------------------------------------------------------------------------------


def test_band_count_that_does_not_match_the_model_is_refused(tmp_path):
    raster, _ = _stack(tmp_path)  # 4 bands
    meta = {"lithoscope_task": "autoencoder", "band_offset": [0.0] * 3, "band_scale": [1.0] * 3}
    model, _ = make_autoencoder(str(tmp_path / "ae3.onnx"), 3, 2, metadata=meta)
    with pytest.raises(InputError, match=r"expects 3 band"):
        encode_raster(model, raster, str(tmp_path / "l.tif"), str(tmp_path / "e.tif"), log=lambda m: None)
    assert not os.path.exists(tmp_path / "l.tif")


def test_latent_size_that_does_not_match_the_model_is_refused(tmp_path):
    raster, _ = _stack(tmp_path)
    meta = {"lithoscope_task": "autoencoder", "latent_size": 5}
    model, _ = make_autoencoder(str(tmp_path / "ae.onnx"), 4, 2, metadata=meta)
    with pytest.raises(ModelError, match=r"5 latent bands.*has 2"):
        encode_raster(model, raster, str(tmp_path / "l.tif"), str(tmp_path / "e.tif"), log=lambda m: None)
    prepared = prepare_autoencoder([raster], block=16, max_pixels=2000, log=lambda m: None)
    with pytest.raises(InputError, match=r"latent size must be at least 1 and smaller than the number of bands \(4"):
        train_autoencoder(prepared, str(tmp_path / "x.onnx"), "python", latent=4, log=lambda m: None)
    assert not os.path.exists(prepared.folder)


def test_categorical_bands_are_refused(tmp_path):
    codes = np.digitize(smooth_field((64, 64), seed=4), [-0.3, 0.0, 0.3]).astype(np.uint8) + 1
    geology = write_raster(str(tmp_path / "geology.tif"), codes)
    raster, _ = _stack(tmp_path)
    with pytest.raises(InputError, match=r"geology is categorical \(integer class codes \(4 distinct"):
        prepare_autoencoder([geology], log=lambda m: None)
    with pytest.raises(InputError, match=r"stack_2 is categorical \(declared"):
        prepare_autoencoder([raster], band_kinds=["continuous", "categorical", "continuous", "continuous"])
    meta = {"lithoscope_task": "autoencoder"}
    model, _ = make_autoencoder(str(tmp_path / "ae.onnx"), 4, 2, metadata=meta)
    with pytest.raises(InputError, match="Categorical bands were given to an autoencoder"):
        encode_raster(
            model, raster, str(tmp_path / "l.tif"), str(tmp_path / "e.tif"),
            band_kinds=["categorical", "continuous", "continuous", "continuous"],
        )  # fmt: skip
    # declared continuous, integer codes are taken as measurements
    prepared = prepare_autoencoder([geology], band_kinds=["continuous"], block=16, log=lambda m: None)
    assert prepared.band_names == ["geology"]
