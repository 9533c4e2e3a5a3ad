# SPDX-License-Identifier: GPL-2.0-or-later
"""Maps from labels (lithoscope:trainsegmentation's core): a tiny U-Net trains end to end in the training worker on a
generated raster with label polygons, is validated on held-out spatial blocks against a majority class and a random
forest, is exported with its contract, card and report together, and runs through Lithoscope's own classify."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from builders import label_scene as _scene
from builders import training_python as _python
from lithoscope.inference.errors import CancelledError, InputError
from lithoscope.inference.model.contract import read_contract
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from lithoscope.learning.common import TrainSettings, train_model
from lithoscope.learning.segmentation import prepare_segmentation

rasterio = pytest.importorskip("rasterio")
gpd = pytest.importorskip("geopandas")


def _settings(**kw) -> TrainSettings:
    base = {"epochs": 12, "minutes": 2.0, "patience": 12, "batch": 8, "width": 8, "threads": 2, "seed": 0}
    return TrainSettings(**{**base, **kw})


def test_trains_validates_by_block_exports_and_classifies(tmp_path):
    python = _python()
    raster, labels, truth = _scene(tmp_path)
    data = prepare_segmentation([raster], labels=labels, class_field="lith", tile=32, block_tiles=1, log=lambda m: None)
    assert data.class_names == ["high", "low", "ridge"]
    assert len(set(data.groups.tolist())) == 36  # one block per tile: 6 x 6
    out = str(tmp_path / "litho.onnx")
    logs: list[str] = []
    result = train_model(data, _settings(), out, python, lambda f: None, logs.append, lambda: False, "Test map")
    assert os.path.isfile(out) and os.path.isfile(result.card) and os.path.isfile(result.report)
    assert result.check_max_diff <= 1e-4
    assert not os.path.exists(data.folder)  # the job folder is removed
    scores = result.metrics["scores"]
    assert set(scores) == {"model", "majority class", "random forest"}
    assert scores["model"]["samples"] == scores["random forest"]["samples"] > 0
    # held out by whole blocks: the test tiles' blocks are neither trained on nor used for early stopping
    assert result.metrics["groups"]["test"] >= 1 and result.metrics["held_out"] == "spatial blocks"
    assert scores["model"]["macro_f1"] > scores["majority class"]["macro_f1"] + 0.2
    contract = read_contract(out)
    assert contract.class_names == ("high", "low", "ridge") and contract.band_names == ("stack_1", "stack_2")
    assert contract.band_ranges[0][0] < 500 < contract.band_ranges[0][1]
    assert any("Epoch" in m for m in logs) and any("Training on device: cpu" in m for m in logs)
    report = open(result.report, encoding="utf-8").read()
    assert "held-out spatial blocks" in report and "random forest" in report and "data:image/png" in report
    card = open(result.card, encoding="utf-8").read()
    assert "## Validation" in card and "majority class" in card
    # the exported model runs at once through Lithoscope's classify, on the whole raster
    classes = str(tmp_path / "classes.tif")
    run_classify(ClassifyParams(input_path=raster, model=out, output_path=classes), log=lambda m: None)
    with rasterio.open(classes) as src:
        got = src.read(1)
    # class index 0 = "high", 1 = "low", 2 = "ridge": map the scene's codes (0 low, 1 high, 2 ridge) to them
    expected = np.choose(truth, [1, 0, 2])
    assert np.mean(got == expected) > 0.8


def test_loss_decreases(tmp_path):
    python = _python()
    raster, labels, _ = _scene(tmp_path, 128)
    data = prepare_segmentation([raster], labels=labels, class_field="lith", tile=32, block_tiles=1, log=lambda m: None)
    result = train_model(data, _settings(epochs=6, refit=False), str(tmp_path / "m.onnx"), python,
                         lambda f: None, lambda m: None, lambda: False, "t")  # fmt: skip
    assert result.metrics["scores"]["model"]["samples"] > 0


def test_cancel_leaves_nothing(tmp_path):
    python = _python()
    raster, labels, _ = _scene(tmp_path, 128)
    data = prepare_segmentation([raster], labels=labels, class_field="lith", tile=32, block_tiles=1, log=lambda m: None)
    out = str(tmp_path / "m.onnx")
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 40

    with pytest.raises(CancelledError):
        train_model(data, _settings(epochs=200), out, python, lambda f: None, lambda m: None, cancel, "t")
    assert sorted(os.listdir(tmp_path)) == ["labels.gpkg", "stack.tif"]
    assert not os.path.exists(data.folder)


def test_bad_labels_are_refused_with_a_message(tmp_path):
    raster, labels, _ = _scene(tmp_path, 128)
    with pytest.raises(InputError, match="no field 'rock'.*lith"):
        prepare_segmentation([raster], labels=labels, class_field="rock")
    one = gpd.read_file(labels)
    one["lith"] = "low"
    one.to_file(str(tmp_path / "one.gpkg"))
    with pytest.raises(InputError, match="at least two classes"):
        prepare_segmentation([raster], labels=str(tmp_path / "one.gpkg"), class_field="lith")
    far = gpd.read_file(labels)
    far["geometry"] = far.geometry.translate(1e6, 0)
    far.to_file(str(tmp_path / "far.gpkg"))
    with pytest.raises(InputError, match="No label polygon overlaps the raster"):
        prepare_segmentation([raster], labels=str(tmp_path / "far.gpkg"), class_field="lith")
    with pytest.raises(InputError, match="smaller than one training tile"):
        prepare_segmentation([raster], labels=labels, class_field="lith", tile=256)
    # labels in another CRS are reprojected, not refused
    other = gpd.read_file(labels).to_crs("EPSG:4326")
    other.to_file(str(tmp_path / "wgs.gpkg"))
    data = prepare_segmentation([raster], labels=str(tmp_path / "wgs.gpkg"), class_field="lith", tile=32)
    assert len(data.groups) >= 12
    shutil.rmtree(data.folder)


def test_terrain_factors_are_bands_the_model_computes_itself(tmp_path):
    """With terrain=("slope",), the model is trained on elevation + slope and its contract derives the slope, so
    Classify runs it on the DEM alone; the slope it was trained on is the engine's own, tile for tile."""
    python = _python()
    from rasterio.transform import from_origin
    from shapely.geometry import box

    size = 128
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    dem = 300 + 40 * np.sin(xx / 9.0) * np.cos(yy / 13.0) + 0.2 * xx  # steep and gentle ground
    path = str(tmp_path / "dem.tif")
    grid = {"crs": "EPSG:32633", "transform": from_origin(500000, 4000000, 10, 10), "nodata": -9999}
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1, dtype="float32", **grid) as dst:
        dst.write(dem[None])
    gy, gx = np.gradient(dem, 10.0)
    steep = np.degrees(np.arctan(np.hypot(gx, gy))) > 12
    rows = [
        {"c": "steep" if steep[r + 4, c + 4] else "gentle",
         "geometry": box(500000 + c * 10, 4000000 - (r + 8) * 10, 500000 + (c + 8) * 10, 4000000 - r * 10)}
        for r in range(0, size, 8) for c in range(0, size, 8)
    ]  # fmt: skip
    labels = str(tmp_path / "steep.gpkg")
    gpd.GeoDataFrame(rows, crs="EPSG:32633").to_file(labels)
    data = prepare_segmentation([path], labels=labels, class_field="c", tile=32, block_tiles=1, terrain=("slope",))
    assert data.band_names == ["dem", "slope_deg"]
    x = np.load(os.path.join(data.folder, "x.npy"), mmap_mode="r")
    inner = np.asarray(x[:, 1, 2:-2, 2:-2])
    assert np.nanmax(inner) > 12 > np.nanmin(inner)
    out = str(tmp_path / "steep.onnx")
    train_model(data, _settings(epochs=10), out, python, lambda f: None, lambda m: None, lambda: False, "steep")
    contract = read_contract(out)
    assert contract.band_derived == {"slope_deg": ("slope", "dem")}
    classes = str(tmp_path / "steep_classes.tif")
    run_classify(ClassifyParams(input_path=path, model=out, output_path=classes), log=lambda m: None)
    with rasterio.open(classes) as src:
        got = src.read(1)
    expected = np.where(steep, 1, 0)  # classes sorted: gentle, steep
    assert np.mean(got[2:-2, 2:-2] == expected[2:-2, 2:-2]) > 0.8


def _slide_scene(tmp_path, size: int = 128, lift: float = 0.0):
    """A DEM (10 m, UTM 33N) of hills and a label raster: 1 (landslide) on steep ground with some noise, 0 on the
    rest, 255 unmapped in one corner."""
    from rasterio.transform import from_origin

    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    dem = 300 + lift + 40 * np.sin(xx / 9.0) * np.cos(yy / 13.0) + 0.2 * xx
    grid = {"crs": "EPSG:32633", "transform": from_origin(500000, 4000000, 10, 10), "width": size, "height": size}
    path = str(tmp_path / f"dem{int(lift)}.tif")
    with rasterio.open(path, "w", driver="GTiff", count=1, dtype="float32", nodata=-9999, **grid) as dst:
        dst.write(dem[None])
    gy, gx = np.gradient(dem, 10.0)
    slope = np.degrees(np.arctan(np.hypot(gx, gy)))
    rng = np.random.default_rng(3)
    label = ((slope > 14) & (rng.random(slope.shape) < 0.6)).astype(np.uint8)
    label[:20, :20] = 255
    labels = str(tmp_path / "slides.tif")
    with rasterio.open(labels, "w", driver="GTiff", count=1, dtype="uint8", nodata=255, **grid) as dst:
        dst.write(label[None])
    return path, labels, slope, label


def test_a_susceptibility_model_from_terrain_only_ranks_steep_ground_whatever_the_elevation(tmp_path):
    """probability_of + terrain_only: one probability band (lithoscope_task susceptibility), scored by AUC on the
    held-out blocks; the network reads the slope it derives, never the elevation, so the same terrain 1000 m higher
    gets the same map."""
    python = _python()
    dem, labels, slope, truth = _slide_scene(tmp_path)
    data = prepare_segmentation(
        [dem], label_raster=labels, tile=32, block_tiles=1, terrain=("slope",), terrain_only=True,
        probability_of="1", log=lambda m: None,
    )  # fmt: skip
    assert data.contract["_worker"] == {"input_bands": [1], "probability_of": 1} and data.ranges[0] is None
    out = str(tmp_path / "slides.onnx")
    result = train_model(data, _settings(epochs=10), out, python, lambda f: None, lambda m: None, lambda: False, "s")
    scores = result.metrics["scores"]
    assert scores["model"]["auc"] > 0.75 and 0 < scores["random forest"]["auc"] <= 1
    contract = read_contract(out)
    assert (contract.task, contract.output_kind, contract.class_names) == ("susceptibility", "probability", ("1",))
    assert contract.band_derived == {"slope_deg": ("slope", "dem0")}
    maps = []
    for path in (dem, _slide_scene(tmp_path, lift=1000.0)[0]):
        target = str(tmp_path / f"p_{os.path.basename(path)}")
        run_classify(ClassifyParams(input_path=path, model=out, output_path=target), log=lambda m: None)
        with rasterio.open(target) as src:
            assert src.count == 1
            maps.append(src.read(1))
    inner = (slice(2, -2), slice(2, -2))
    # elevation itself plays no part (float32 DEM values 1000 m higher round the slope differently: 1e-4)
    np.testing.assert_allclose(maps[0][inner], maps[1][inner], atol=1e-4)
    p, t = maps[0][inner], truth[inner]
    steep = p[(t == 1)].mean()
    assert steep > p[(t == 0) & (slope[inner] < 8)].mean() + 0.2  # landslide ground ranks above gentle ground
    # the susceptibility tool maps it from the DEM alone (its band named as in training: the factors are derived)
    from lithoscope.susceptibility.workflow import PredictParams, predict

    with rasterio.open(dem, "r+") as ds:
        ds.set_band_description(1, "elevation")  # another name than in training: read by position
    mapped = predict(PredictParams(dem, out, str(tmp_path / "susc.tif"), classes_path=str(tmp_path / "cls.tif")))
    with rasterio.open(mapped.output_path) as src:
        np.testing.assert_allclose(src.read(1)[inner], maps[0][inner], atol=1e-6)
    assert os.path.isfile(mapped.classes_path)


def test_susceptibility_and_terrain_only_options_are_checked(tmp_path):
    dem, labels, _, _ = _slide_scene(tmp_path)
    with pytest.raises(InputError, match="'Terrain factors only' needs terrain factors"):
        prepare_segmentation([dem], label_raster=labels, tile=32, terrain_only=True)
    with pytest.raises(InputError, match="needs two classes, one of them '7'.*0, 1"):
        prepare_segmentation([dem], label_raster=labels, tile=32, probability_of="7", log=lambda m: None)


def test_disk_full_while_writing_leaves_nothing(tmp_path, monkeypatch):
    import errno

    python = _python()
    raster, labels, _ = _scene(tmp_path, 128)
    data = prepare_segmentation([raster], labels=labels, class_field="lith", tile=32, block_tiles=1, log=lambda m: None)

    def full(path, context):
        with open(path, "w") as f:
            f.write("half a card")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("lithoscope.learning.report.write_card", full)
    out = str(tmp_path / "m.onnx")
    with pytest.raises(InputError, match="disk is full.*nothing was written"):
        train_model(data, _settings(epochs=2, refit=False), out, python, lambda f: None, lambda m: None,
                    lambda: False, "t")  # fmt: skip
    assert sorted(os.listdir(tmp_path)) == ["labels.gpkg", "stack.tif"]


def test_rare_classes_are_kept_with_a_warning_dropped_or_merged(tmp_path):
    from lithoscope.learning.common import rare_classes

    counts, names = np.array([500, 12, 900, 3]), ["sand", "coal", "shale", "salt"]
    mapping, kept, warning = rare_classes(counts, names, 50, "keep", "pixels")
    assert kept == names and list(mapping) == [0, 1, 2, 3] and "coal (12 pixels), salt (3 pixels)" in warning
    mapping, kept, warning = rare_classes(counts, names, 50, "drop", "pixels")
    assert kept == ["sand", "shale"] and list(mapping) == [0, -1, 1, -1] and "were dropped" in warning
    mapping, kept, warning = rare_classes(counts, names, 50, "merge", "pixels")
    assert kept == ["sand", "shale", "other"] and list(mapping) == [0, 2, 1, 2] and "merged into 'other'" in warning
    with pytest.raises(InputError, match="fewer than two classes are left"):
        rare_classes(np.array([500, 3, 2]), ["a", "b", "c"], 50, "drop", "pixels")
    # through the job: a class labelled on a single 8 x 8 square is dropped, and no pixel keeps its label
    raster, labels, _ = _scene(tmp_path, 128)
    few = gpd.read_file(labels)
    few.loc[0, "lith"] = "coal"
    few.to_file(str(tmp_path / "few.gpkg"))
    data = prepare_segmentation([raster], labels=str(tmp_path / "few.gpkg"), class_field="lith", tile=32,
                                rare="drop", min_pixels=100)  # fmt: skip
    assert "coal" not in data.class_names and any("were dropped" in w for w in data.warnings)
    y = np.load(os.path.join(data.folder, "y.npy"))
    assert y.max() == len(data.class_names) - 1
    shutil.rmtree(data.folder)


def test_a_loss_that_turns_nan_stops_with_a_message_and_no_model(tmp_path):
    from lithoscope.inference.errors import LithoscopeError

    python = _python()
    raster, labels, _ = _scene(tmp_path, 128)
    data = prepare_segmentation([raster], labels=labels, class_field="lith", tile=32, block_tiles=1, log=lambda m: None)
    out = str(tmp_path / "m.onnx")
    with pytest.raises(
        LithoscopeError, match="Training stopped: the training loss became nan.*lower the learning rate"
    ):
        train_model(data, _settings(epochs=20, lr=1e12), out, python, lambda f: None, lambda m: None,
                    lambda: False, "t")  # fmt: skip
    assert sorted(os.listdir(tmp_path)) == ["labels.gpkg", "stack.tif"]


def test_categorical_bands_are_one_hot_as_the_run_encodes_them(tmp_path):
    """A geology grid of codes 10/20/30 (band 2) beside a continuous band: the model learns the class from the
    codes, its contract one-hot encodes that band, and Classify feeds it the same features."""
    python = _python()
    from rasterio.transform import from_origin
    from shapely.geometry import box

    size = 128
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    codes = np.where(xx + 0.5 * yy < 70, 10, np.where(xx - yy > 10, 20, 30)).astype(np.float32)
    field = (np.sin(xx / 7.0) * 50 + 1000).astype(np.float32)  # unrelated to the classes
    path = str(tmp_path / "geo.tif")
    grid = {"crs": "EPSG:32633", "transform": from_origin(500000, 4000000, 10, 10), "nodata": -9999}
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=2, dtype="float32", **grid) as dst:
        dst.write(np.stack([field, codes]))
        dst.set_band_description(2, "geology")
    names = {10.0: "marl", 20.0: "limestone", 30.0: "sandstone"}
    rows = [
        {"u": names[float(codes[r + 4, c + 4])],
         "geometry": box(500000 + c * 10, 4000000 - (r + 8) * 10, 500000 + (c + 8) * 10, 4000000 - r * 10)}
        for r in range(0, size, 8) for c in range(0, size, 8)
    ]  # fmt: skip
    labels = str(tmp_path / "units.gpkg")
    gpd.GeoDataFrame(rows, crs="EPSG:32633").to_file(labels)
    with pytest.raises(InputError, match="non-integer values"):
        prepare_segmentation([path], labels=labels, class_field="u", tile=32, categorical=("geo_1",))
    data = prepare_segmentation(
        [path], labels=labels, class_field="u", tile=32, block_tiles=1, categorical=("geology",)
    )
    assert np.load(os.path.join(data.folder, "x_encoded.npy"), mmap_mode="r").shape[1] == 4  # 1 scaled + 3 one-hot
    out = str(tmp_path / "geo.onnx")
    train_model(data, _settings(epochs=12), out, python, lambda f: None, lambda m: None, lambda: False, "geo")
    contract = read_contract(out)
    assert contract.band_categories == {"geology": (10.0, 20.0, 30.0)}
    assert contract.band_kinds == ("continuous", "categorical") and contract.band_ranges[1] is None
    classes = str(tmp_path / "geo_classes.tif")
    run_classify(ClassifyParams(input_path=path, model=out, output_path=classes), log=lambda m: None)
    with rasterio.open(classes) as src:
        got = src.read(1)
    order = sorted(names.values())  # limestone, marl, sandstone
    expected = np.vectorize(lambda c: order.index(names[float(c)]))(codes)
    assert np.mean(got == expected) > 0.9


def test_a_refused_split_or_model_name_still_removes_the_samples(tmp_path):
    """Refusals that come after the samples were written (too few blocks, a model name without .onnx) leave no
    job folder behind in the temporary folder."""
    raster, labels, _ = _scene(tmp_path, 128)
    for block_tiles, out, match in ((4, "m.onnx", "at least 3"), (1, "model", "must end in .onnx")):
        data = prepare_segmentation([raster], labels=labels, class_field="lith", tile=32, block_tiles=block_tiles)
        assert os.path.isdir(data.folder)
        with pytest.raises(InputError, match=match):
            train_model(data, _settings(), str(tmp_path / out), "/nonexistent/python", lambda f: None,
                        lambda m: None, lambda: False, "t")  # fmt: skip
        assert not os.path.exists(data.folder)
    assert sorted(os.listdir(tmp_path)) == ["labels.gpkg", "stack.tif"]


def test_tiles_whose_labels_all_fall_on_nodata_are_never_used(tmp_path):
    """Labels drawn past the imagery's valid area: tiles left without a labelled pixel get no group, so they are
    neither trained on nor scored, and the split holds out real blocks only."""
    from lithoscope.learning.common import TrainSettings, hold_out

    raster, labels, _ = _scene(tmp_path, 128)
    with rasterio.open(raster, "r+") as dst:  # the western half becomes nodata
        data = dst.read()
        data[:, :, :64] = -9999
        dst.write(data)
    prepared = prepare_segmentation([raster], labels=labels, class_field="lith", tile=32, block_tiles=1,
                                    min_labelled=0.0)  # fmt: skip
    y = np.load(os.path.join(prepared.folder, "y.npy"))
    empty = ~np.any(y.reshape(len(y), -1) >= 0, axis=1)
    assert empty.sum() == 8 and np.all(prepared.groups[empty] == -1) and np.all(prepared.groups[~empty] >= 0)
    idx, _ = hold_out(prepared.groups, prepared.group_names, "spatial blocks", prepared.folder, TrainSettings(),
                      lambda m: None)  # fmt: skip
    used = np.concatenate(list(idx.values()))
    assert len(used) == 8 and not np.isin(np.flatnonzero(empty), used).any()
    shutil.rmtree(prepared.folder)


def test_a_failed_run_leaves_the_earlier_model_card_and_report_byte_identical(tmp_path):
    python = _python()
    raster, labels, _ = _scene(tmp_path, 128)
    earlier = {"m.onnx": b"earlier model", "m.md": b"earlier card", "m_report.html": b"earlier report"}
    for name, content in earlier.items():
        (tmp_path / name).write_bytes(content)
    data = prepare_segmentation([raster], labels=labels, class_field="lith", tile=32, block_tiles=1, log=lambda m: None)
    from lithoscope.inference.errors import LithoscopeError

    with pytest.raises(LithoscopeError, match="loss became nan"):  # the run fails after training started
        train_model(data, _settings(epochs=20, lr=1e12), str(tmp_path / "m.onnx"), python, lambda f: None,
                    lambda m: None, lambda: False, "t")  # fmt: skip
    assert {name: (tmp_path / name).read_bytes() for name in earlier} == earlier
    assert sorted(os.listdir(tmp_path)) == sorted(["labels.gpkg", "stack.tif", *earlier])
