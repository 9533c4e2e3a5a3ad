# SPDX-License-Identifier: GPL-2.0-or-later
"""Shipped models: each has a card and a complete contract, and the engine reproduces its metrics."""

import json
import os

import numpy as np
import pytest
import rasterio
from conftest import dataset
from lithoscope.inference.kinds.heads import CLASS_NODATA
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.model.registry import model_card, shipped_models
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify

SHIPPED = shipped_models()


def test_at_least_one_model_is_shipped():
    assert "lithology_terrain_hungary" in SHIPPED


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_model_has_card_and_complete_contract(name):
    path = SHIPPED[name]
    card = model_card(path)
    assert card, f"{name} has no model card"
    text = open(card, encoding="utf-8").read().lower()
    for section in ("licence", "training data", "held-out", "baseline"):
        assert section in text, f"the card of {name} says nothing about {section}"
    c = read_contract(path)
    if c.task in ("autoencoder", "generator"):  # the terrain autoencoder and the void filler have no classes
        assert not c.class_names
    else:  # classes, or the names and colours of the output bands (the forecaster's components)
        assert c.class_names and c.class_colors and len(c.class_names) == len(c.class_colors)
    assert c.band_names and c.band_offset and c.band_scale and c.model_version and c.licence
    if c.task == "sequence":  # band_names name the features of one step (curves, components), in order
        assert c.sequence_features and len(c.band_names) == c.sequence_features
        assert len(c.band_offset) in (1, c.sequence_features) and len(c.band_scale) in (1, c.sequence_features)
    assert isinstance(c.metrics, dict) and c.metrics
    if "## baselines and targets" in text:  # retrained through a job (make models): each target met or missed
        with open(os.path.splitext(path)[0] + ".metrics.json", encoding="utf-8") as f:
            recorded = json.load(f)
        assert recorded["version"] == c.model_version and (recorded.get("scores") or recorded.get("benchmark"))
        section = text.split("## baselines and targets")[1].split("\n## ")[0]
        assert section.count("**met**") + section.count("**missed**") >= 1  # a verdict, with its numbers beside it


def test_tiled_engine_reproduces_the_held_out_metrics_of_the_card(tmp_path):
    """make models scored the lithology model through the engine on the job's held-out blocks; a re-run must agree."""
    from sklearn.metrics import cohen_kappa_score

    dem_path = dataset("hungary_landslides", "dem_srtm_31m.tif")
    labels_path = dataset("hungary_landslides", "geology_14classes_31m.tif")
    metrics = json.load(open(os.path.splitext(SHIPPED["lithology_terrain_hungary"])[0] + ".metrics.json"))
    recorded = metrics["engine_held_out"]
    result = run_classify(ClassifyParams(dem_path, "lithology_terrain_hungary", str(tmp_path / "classes.tif")))
    assert (result.stats.tile, result.stats.overlap) == (recorded["tile"], recorded["overlap"]) == (256, 32)
    with rasterio.open(result.output_path) as ds, rasterio.open(labels_path) as lab, rasterio.open(dem_path) as d:
        predicted, truth, dem, dem_nodata = ds.read(1), lab.read(1), d.read(1), d.nodata
    values = [int(v) for v in metrics["class_values"]]
    assert (predicted[dem == dem_nodata] == CLASS_NODATA).all()  # the DEM's nodata stays nodata
    ok = predicted != CLASS_NODATA
    assert (predicted[ok] < len(values)).all() and ok.sum() > 0.75 * (dem != dem_nodata).sum()  # the rim is lost
    side = metrics["block_px"]  # the job's tile x block_tiles
    test = np.zeros(truth.shape, bool)
    for name in metrics["group_names"]["test"]:
        a, b = (int(t) for t in name.split()[1].split(","))
        test[a * side : (a + 1) * side, b * side : (b + 1) * side] = True
    test &= ok & np.isin(truth, values)
    assert int(test.sum()) == recorded["pixels"]
    y_true = np.searchsorted(values, truth[test])
    y_pred = predicted[test].astype(int)
    card = recorded["scores"]["model (tiled engine)"]
    assert float((y_true == y_pred).mean()) == pytest.approx(card["accuracy"], abs=0.002)
    assert cohen_kappa_score(y_true, y_pred) == pytest.approx(card["kappa"], abs=0.002)


def _piedmont_block(tmp_path):
    """The NC Piedmont DEM's benchmark block (learning.voids.held_out_block: never trained on) as its own GeoTIFF."""
    from lithoscope.learning.voids import held_out_block

    path = dataset("dems", "nc_piedmont_ned30m.tif")
    with rasterio.open(path) as ds:
        rows, cols = held_out_block((ds.height, ds.width))
        window = rasterio.windows.Window(cols.start, rows.start, cols.stop - cols.start, rows.stop - rows.start)
        dem = ds.read(1, window=window).astype(np.float32)
        profile = dict(ds.profile, width=window.width, height=window.height, transform=ds.window_transform(window))
    profile.update(dtype="float32", nodata=-9999.0, count=1)
    return dem, profile


def test_shipped_void_filler_beats_gdal_on_voids_cut_out_of_terrain_it_never_saw(tmp_path):
    """make models ships dem_void_filler; on the held-out Piedmont block a 40 px and a 12 px void come back closer to
    the truth than GDAL FillNodata fills them, and no other pixel changes (bit for bit)."""
    from lithoscope.learning.voids import fill_voids, gdal_fill

    assert "dem_void_filler" in SHIPPED
    dem, profile = _piedmont_block(tmp_path)
    assert np.isfinite(dem).all()
    yy, xx = np.mgrid[: dem.shape[0], : dem.shape[1]]
    voids = ((yy - 120) ** 2 + (xx - 110) ** 2 < 20**2) | ((yy - 300) ** 2 / 36 + (xx - 60) ** 2 / 16 < 1)
    holed = str(tmp_path / "holed.tif")
    with rasterio.open(holed, "w", **profile) as dst:
        dst.write(np.where(voids, -9999.0, dem).astype(np.float32), 1)
    result = fill_voids(holed, "dem_void_filler", str(tmp_path / "filled.tif"), threads=1)
    assert result.voids.count == 2
    with rasterio.open(result.output) as ds:
        filled = ds.read(1)
    assert np.array_equal(filled[~voids].view(np.uint32), dem[~voids].view(np.uint32))
    ours = float(np.sqrt(np.mean((filled[voids] - dem[voids]) ** 2)))
    gdal = float(np.sqrt(np.mean((gdal_fill(dem, voids)[voids] - dem[voids]) ** 2)))
    assert ours < gdal, (ours, gdal)


def test_shipped_terrain_autoencoder_encodes_a_dem_alone(tmp_path):
    """The default of lithoscope:encode: 3 latent bands and an error map from the DEM alone, finite away from the rim
    its terrain factors need, and lower error on the terrain it was built for than on a scrambled DEM."""
    from lithoscope.learning.encode import encode_raster

    dem, profile = _piedmont_block(tmp_path)
    path = str(tmp_path / "dem.tif")
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(dem, 1)
    rng = np.random.default_rng(0)
    noise = str(tmp_path / "noise.tif")
    with rasterio.open(noise, "w", **profile) as dst:  # the same values, their places shuffled: no terrain
        dst.write(rng.permutation(dem.ravel()).reshape(dem.shape), 1)
    errors = []
    for src in (path, noise):
        latent, error = str(tmp_path / "latent.tif"), str(tmp_path / "error.tif")
        encode_raster("terrain_autoencoder", src, latent, error, threads=1, log=lambda m: None)
        with rasterio.open(latent) as a, rasterio.open(error) as e:
            z, err, nodata = a.read(), e.read(1), e.nodata
        inner = np.zeros(err.shape, bool)
        inner[12:-12, 12:-12] = True  # beyond the 10 px relief window the model computes
        assert z.shape[0] == 3 and np.isfinite(z[:, inner]).all() and (err[inner] != nodata).all()
        errors.append(float(np.median(err[inner])))
    assert errors[0] < 0.5 * errors[1], errors
