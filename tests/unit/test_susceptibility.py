# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility training, validation, classes and prediction (susceptibility/ without QGIS).

The generated area has a known susceptibility: p = sigmoid(2 f1 - 1.5 f2 - 4), f3 is noise and the
geology (categorical) plays no part. A model must recover that, and the engine must reproduce
scikit-learn's predictions pixel for pixel.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil

import numpy as np
import pytest
import rasterio
from builders import smooth_field, write_polygons, write_raster
from lithoscope.inference.errors import CancelledError, InputError

pytest.importorskip("sklearn")
pytest.importorskip("skl2onnx")

from lithoscope.inference.model.contract import read_contract, write_contract  # noqa: E402
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify  # noqa: E402
from lithoscope.susceptibility import classes as cls  # noqa: E402
from lithoscope.susceptibility import inventory  # noqa: E402
from lithoscope.susceptibility.factors import PolygonFieldFactor, RasterFactor, build_factors  # noqa: E402
from lithoscope.susceptibility.grid import grid_from_raster  # noqa: E402
from lithoscope.susceptibility.inventory import area_sample, load_samples, parse_years, pixel_centres
from lithoscope.susceptibility.models import MODEL_TYPES, export_model, fit_model, import_sklearn  # noqa: E402
from lithoscope.susceptibility.units import load_unit_samples, unit_statistics
from lithoscope.susceptibility.validation import (  # noqa: E402
    cross_validate,
    make_split,
    rate_curve,
)
from lithoscope.susceptibility.workflow import (  # noqa: E402
    PredictParams,
    TrainParams,
    fold_model_path,
    predict,
    train,
)

H, W, PIXEL = 120, 150, 10.0
ORIGIN = (500000.0, 5000000.0)
NAMES = ["f1", "f2", "f3", "geology"]
KINDS = ["continuous", "continuous", "continuous", "categorical"]


def _standard(a: np.ndarray) -> np.ndarray:
    return ((a - a.mean()) / a.std()).astype(np.float32)


def make_factors(path: str, geology_codes: int = 4, nan_block: bool = True) -> np.ndarray:
    """The factors GeoTIFF (f1, f2, f3, geology) with the tag build_factors writes; returns the data."""
    f1 = _standard(smooth_field((H, W), seed=11, scales=(32, 8)))
    f2 = _standard(smooth_field((H, W), seed=12, scales=(32, 8)))
    f3 = np.random.default_rng(13).standard_normal((H, W)).astype(np.float32)
    geo = smooth_field((H, W), seed=14, scales=(32,))
    geology = (np.digitize(geo, np.quantile(geo, np.linspace(0, 1, geology_codes + 1)[1:-1])) + 1).astype(np.float32)
    data = np.stack([f1, f2, f3, geology])
    if nan_block:
        data[1, :6, :6] = np.nan  # a gap in f2
    tag = {"names": NAMES, "kinds": KINDS, "categories": {"geology": list(range(1, geology_codes + 1))}}
    write_raster(
        path, data, nodata=float("nan"), pixel=PIXEL, origin=ORIGIN, tags={"LITHOSCOPE_FACTORS": json.dumps(tag)}
    )
    return data


def true_probability(data: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(2.0 * data[0] - 1.5 * data[1] - 4.0)))


def landslide_pixels(data: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    p = np.nan_to_num(true_probability(data))
    return np.nonzero(np.random.default_rng(seed).random(p.shape) < p)


def write_points(path: str, rows, cols, crs: str = "EPSG:32633", **fields) -> str:
    import geopandas as gpd
    from shapely.geometry import Point

    xy = pixel_centres(rasterio.transform.from_origin(*ORIGIN, PIXEL, PIXEL), np.asarray(rows), np.asarray(cols))
    frame = gpd.GeoDataFrame(dict(fields), geometry=[Point(x, y) for x, y in xy], crs="EPSG:32633")
    frame.to_crs(crs).to_file(path, driver="GPKG")
    return path


@pytest.fixture(scope="module")
def area(tmp_path_factory):
    folder = tmp_path_factory.mktemp("area")
    factors = str(folder / "factors.tif")
    data = make_factors(factors)
    rows, cols = landslide_pixels(data)
    years = 2000 + (np.arange(len(rows)) % 20)
    inventory = write_points(str(folder / "landslides.gpkg"), rows, cols, year=years)
    return {"folder": folder, "factors": factors, "data": data, "rows": rows, "cols": cols, "inventory": inventory}


def presence_set(s) -> set:
    return set(zip(s.rows[s.y == 1].tolist(), s.cols[s.y == 1].tolist()))


def files(folder) -> dict[str, str]:
    return {
        name: hashlib.sha256(open(os.path.join(folder, name), "rb").read()).hexdigest()
        for name in os.listdir(folder)
        if os.path.isfile(os.path.join(folder, name))
    }


# -- samples ---------------------------------------------------------------------------------------


def test_absences_keep_out_of_the_buffer_and_are_reproducible(area):
    s = load_samples(area["factors"], area["inventory"], absence_ratio=2.0, buffer_m=25.0, seed=3)
    again = load_samples(area["factors"], area["inventory"], absence_ratio=2.0, buffer_m=25.0, seed=3)
    np.testing.assert_array_equal(s.X, again.X)
    presences, absences = s.xy[s.y == 1], s.xy[s.y == 0]
    assert s.info["presences"] == len(presences) and s.info["absences"] == len(absences)
    # Every landslide pixel that has data is a presence (several points in a pixel count once).
    valid = np.isfinite(area["data"]).all(axis=0)
    expected = {(r, c) for r, c in zip(area["rows"], area["cols"]) if valid[r, c]}
    assert {(r, c) for r, c in zip(s.rows[s.y == 1], s.cols[s.y == 1])} == expected
    assert abs(len(absences) - 2 * len(presences)) <= 2 * s.info["dropped_nodata"] + 1
    distance = np.sqrt(((absences[:, None, :] - presences[None, :, :]) ** 2).sum(-1)).min(axis=1)
    assert distance.min() > 25.0
    assert np.isfinite(s.X).all()
    other = load_samples(area["factors"], area["inventory"], absence_ratio=2.0, buffer_m=25.0, seed=4)
    assert not np.array_equal(other.xy[other.y == 0], absences)


def test_absences_inside_the_study_area_and_inventory_in_another_crs(area, tmp_path):
    from shapely.geometry import box

    inventory = write_points(str(tmp_path / "wgs84.gpkg"), area["rows"], area["cols"], crs="EPSG:4326")
    study = box(ORIGIN[0] + 300, ORIGIN[1] - 900, ORIGIN[0] + 1300, ORIGIN[1] - 100)
    study_path = write_polygons(str(tmp_path / "study.gpkg"), [study], "EPSG:32633")
    s = load_samples(area["factors"], inventory, study_area_path=study_path)
    absences = s.xy[s.y == 0]
    assert (absences[:, 0] > study.bounds[0]).all() and (absences[:, 0] < study.bounds[2]).all()
    assert (absences[:, 1] > study.bounds[1]).all() and (absences[:, 1] < study.bounds[3]).all()
    # Reprojected to the grid: the same presence pixels as the inventory in the grid's CRS.
    direct = load_samples(area["factors"], area["inventory"])
    assert set(zip(s.rows[s.y == 1], s.cols[s.y == 1])) == set(
        zip(direct.rows[direct.y == 1], direct.cols[direct.y == 1])
    )


def test_polygons_give_the_pixels_whose_centre_is_inside(area, tmp_path):
    from shapely.geometry import box

    x0, y0 = ORIGIN
    big = box(x0 + 100, y0 - 300, x0 + 140, y0 - 260)  # 4 x 4 pixel centres
    tiny = box(x0 + 1002, y0 - 508, x0 + 1004, y0 - 506)  # holds no pixel centre: its own pixel
    path = write_polygons(str(tmp_path / "polygons.gpkg"), [big, tiny], "EPSG:32633")
    s = load_samples(area["factors"], path, absence_ratio=1.0)
    pixels = set(zip(s.rows[s.y == 1].tolist(), s.cols[s.y == 1].tolist()))
    assert pixels == {(r, c) for r in range(26, 30) for c in range(10, 14)} | {(50, 100)}


def test_label_field_uses_the_points_as_given(area, tmp_path):
    rows = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    cols = np.array([15, 25, 35, 45, 55, 65, 75, 85, 95, 105])
    labels = np.array([1, 0, 1, 0, 0, 1, 0, 1, 0, 0])
    path = write_points(str(tmp_path / "labelled.gpkg"), rows, cols, lslpts=labels)
    s = load_samples(area["factors"], path, label_field="lslpts", absence_ratio=5.0)
    assert s.info["labels"] == "given"
    np.testing.assert_array_equal(np.sort(s.rows[s.y == 1]), rows[labels == 1])
    np.testing.assert_array_equal(np.sort(s.rows[s.y == 0]), rows[labels == 0])


def test_raster_inventory(area, tmp_path):
    mask = np.zeros((H, W), np.uint8)
    mask[area["rows"], area["cols"]] = 1
    path = write_raster(str(tmp_path / "scarps.tif"), mask, nodata=255, pixel=PIXEL, origin=ORIGIN)
    s = load_samples(area["factors"], path)
    direct = load_samples(area["factors"], area["inventory"])
    assert set(zip(s.rows[s.y == 1], s.cols[s.y == 1])) == set(
        zip(direct.rows[direct.y == 1], direct.cols[direct.y == 1])
    )


def test_years_from_numbers_dates_and_text():
    years = parse_years([2001, "2003", "2005-07-01", None, "", 20100315], "year")
    assert years[0] == 2001 and years[1] == 2003 and 2005.4 < years[2] < 2005.6
    assert np.isnan(years[3]) and np.isnan(years[4]) and 2010.1 < years[5] < 2010.3


# -- models ------------------------------------------------------------------------------------------


def test_known_susceptibility_is_recovered(area):
    s = load_samples(area["factors"], area["inventory"], seed=0)
    split = make_split(s, "spatial", folds=5, seed=0)
    for model_type in ("logistic", "random_forest"):
        v = cross_validate(s, split, model_type, baseline=model_type == "logistic")
        assert v.mean_auc > 0.8, model_type
        order = list(v.importance)
        assert order.index("f1") < order.index("f3") and order.index("f2") < order.index("f3"), v.importance
        assert v.importance["f1"][0] > 0.05 and v.importance["f2"][0] > 0.03
        assert abs(v.importance["f3"][0]) < 0.02
        assert len(v.folds) == 5 and all(0 <= f.auc <= 1 for f in v.folds)
    # Partial dependence: susceptibility rises with f1 and falls with f2, as the true function does.
    grid, curve = v.partial_dependence["f1"]
    assert curve[-1] > curve[0] + 0.2
    grid, curve = v.partial_dependence["f2"]
    assert curve[-1] < curve[0] - 0.1
    assert v.prediction_rate is None


def test_frequency_ratio_is_a_calibrated_baseline(area):
    s = load_samples(area["factors"], area["inventory"], seed=0)
    model = fit_model("frequency_ratio", s.X, s.y, s.kinds)
    p = model.predict_proba(s.X)[:, 1]
    assert 0 < p.min() and p.max() < 1
    assert abs(p.mean() - s.y.mean()) < 0.05  # calibrated on the (balanced) samples
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(s.y, p) > 0.8
    # The frequency ratios: more landslides in the highest f1 bin than in the lowest.
    weights = model.steps[-1][1].log_fr_
    assert weights[9] > 0 > weights[0]


@pytest.mark.parametrize(
    "model_type, encoding",
    [(m, "onehot") for m in MODEL_TYPES] + [("logistic", "target"), ("gradient_boosting", "target")],
)
def test_engine_reproduces_predict_proba(area, tmp_path, model_type, encoding):
    s = load_samples(area["factors"], area["inventory"], seed=0)
    model = fit_model(model_type, s.X, s.y, s.kinds, encoding)
    path = export_model(model, str(tmp_path / "m.onnx"), s.names, s.kinds, metrics={"auc_spatial": 0.9})
    contract = read_contract(path)
    assert contract.task == "susceptibility" and contract.output_kind == "probability"
    assert list(contract.band_names) == NAMES and list(contract.band_kinds) == KINDS
    assert contract.band_offset == (0.0,) * 4 and contract.band_scale == (1.0,) * 4
    out = str(tmp_path / "p.tif")
    run_classify(ClassifyParams(area["factors"], path, out))
    with rasterio.open(out) as ds:
        got = ds.read(1)
        nodata = ds.nodata
    data = area["data"]
    valid = np.isfinite(data).all(axis=0)
    expected = model.predict_proba(data[:, valid].T.astype(np.float64))[:, 1]
    np.testing.assert_allclose(got[valid], expected, atol=1e-5)
    assert (got[~valid] == nodata).all()


def test_category_never_seen_in_training(area, tmp_path):
    """Geology 4 never appears in the samples; its pixels are still predicted, as scikit-learn does."""
    s = load_samples(area["factors"], area["inventory"], seed=0)
    seen = s.X[:, 3] != 4
    for model_type in ("logistic", "random_forest"):
        model = fit_model(model_type, s.X[seen], s.y[seen], s.kinds)
        path = export_model(model, str(tmp_path / f"{model_type}.onnx"), s.names, s.kinds)
        out = str(tmp_path / f"{model_type}.tif")
        run_classify(ClassifyParams(area["factors"], path, out))
        with rasterio.open(out) as ds:
            got = ds.read(1)
        data = area["data"]
        unseen = np.isfinite(data).all(axis=0) & (data[3] == 4)
        assert unseen.sum() > 100
        expected = model.predict_proba(data[:, unseen].T.astype(np.float64))[:, 1]
        np.testing.assert_allclose(got[unseen], expected, atol=1e-5)
        assert ((got[unseen] >= 0) & (got[unseen] <= 1)).all()


# -- validation --------------------------------------------------------------------------------------


def test_spatial_folds_hold_out_whole_blocks_and_kmeans_clusters(area):
    s = load_samples(area["factors"], area["inventory"], seed=0)
    split = make_split(s, "spatial", folds=4, seed=1)
    assert len(split.folds) == 4
    tests = np.concatenate([test for _, test in split.folds])
    assert sorted(tests.tolist()) == list(range(len(s.y)))  # each sample tested once
    side = float(split.description.split("blocks of ")[1].split(" ")[0])
    block = np.floor((s.xy - s.xy.min(axis=0)) / side).astype(int)
    for fit, test in split.folds:
        assert not {tuple(b) for b in block[fit]} & {tuple(b) for b in block[test]}
        assert s.y[test].sum() > 0
    km = make_split(s, "spatial", folds=3, spatial_method="kmeans")
    for fit, test in km.folds:  # clusters are compact: a test fold's hull holds few training samples
        lo, hi = s.xy[test].min(axis=0), s.xy[test].max(axis=0)
        inside = ((s.xy[fit] >= lo) & (s.xy[fit] <= hi)).all(axis=1)
        assert inside.mean() < 0.35


def test_temporal_split_trains_on_earlier_landslides(area):
    s = load_samples(area["factors"], area["inventory"], year_field="year", seed=0)
    split = make_split(s, "temporal", folds=5)
    ((train_index, test_index),) = split.folds
    train_years = s.years[train_index][s.y[train_index] == 1]
    test_years = s.years[test_index][s.y[test_index] == 1]
    assert train_years.max() < test_years.min()
    p_share = len(test_years) / (len(test_years) + len(train_years))
    a_share = (s.y[test_index] == 0).sum() / (s.y == 0).sum()
    assert abs(p_share - a_share) < 0.01
    v = cross_validate(s, split, "logistic", importance=False, baseline=False)
    assert v.mean_auc > 0.75 and len(v.folds) == 1


def test_rate_curves():
    area_scores = np.linspace(0, 1, 1001)
    x, y, auc = rate_curve(np.full(50, 0.995), area_scores)
    assert auc > 0.98 and y[-1] == 100 and x[0] == 0
    x, y, auc = rate_curve(np.random.default_rng(0).random(5000), area_scores)
    assert abs(auc - 0.5) < 0.02


# -- classes -----------------------------------------------------------------------------------------


def test_fisher_jenks_finds_the_optimal_breaks():
    import itertools

    rng = np.random.default_rng(1)
    x = np.sort(np.r_[rng.normal(0, 1, 10), rng.normal(6, 1, 9), rng.normal(14, 1, 8)])

    def brute(k):
        best = None
        for cuts in itertools.combinations(range(1, len(x)), k - 1):
            cost = sum(((p - p.mean()) ** 2).sum() for p in np.split(x, cuts))
            if best is None or cost < best[0]:
                best = (cost, [(x[i - 1] + x[i]) / 2 for i in cuts])
        return best[1]

    for k in (3, 4):
        np.testing.assert_allclose(cls.fisher_jenks(x, k), brute(k))


def test_break_methods():
    values = np.random.default_rng(0).random(10_000) ** 2
    q = cls.compute_breaks(values, "quantile")
    counts = np.bincount(cls.classify(values, q), minlength=6)[1:]
    assert (abs(counts - 2000) <= 1).all()
    np.testing.assert_allclose(cls.compute_breaks(values, "equal_interval", minimum=0, maximum=1), [0.2, 0.4, 0.6, 0.8])
    jenks = cls.compute_breaks(values, "natural_breaks")
    assert len(jenks) == 4 and np.all(np.diff(jenks) > 0)
    assert list(cls.compute_breaks(values, "user", [0.1, 0.3, 0.5, 0.7])) == [0.1, 0.3, 0.5, 0.7]
    with pytest.raises(InputError, match="must rise"):
        cls.compute_breaks(values, "user", [0.5, 0.3, 0.6, 0.7])
    with pytest.raises(InputError, match="Give 4 class breaks"):
        cls.compute_breaks(values, "user", [0.5])


def test_class_raster_and_table(tmp_path):
    prob = np.tile(np.linspace(0, 0.99, 100, dtype=np.float32), (50, 1))
    prob[0, :10] = -1.0  # nodata of the engine's probability raster
    path = write_raster(str(tmp_path / "p.tif"), prob, nodata=-1.0, pixel=PIXEL, origin=ORIGIN)
    out = str(tmp_path / "c.tif")
    inner = np.array([0.2, 0.4, 0.6, 0.8])
    counts = cls.write_class_raster(path, out, inner)
    with rasterio.open(out) as ds:
        classes = ds.read(1)
        assert ds.nodata == 255 and ds.dtypes[0] == "uint8"
    assert (classes[0, :10] == 255).all()
    assert classes[1, 0] == 1 and classes[1, 99] == 5 and classes[1, 41] == 3
    assert counts.sum() == 50 * 100 - 10
    landslides = inventory.classes_at(out, np.array([5, 6, 7, 8]), np.array([99, 98, 97, 1]))
    table = cls.class_table(counts, inner, PIXEL * PIXEL, landslides)
    top = table[4]
    assert top["name"] == "very high" and top["landslides"] == 3 and top["landslide_pct"] == 75.0
    assert top["area_km2"] == pytest.approx(counts[4] * 100 / 1e6)
    assert top["density"] == pytest.approx(3 / top["area_km2"])
    assert top["frequency_ratio"] == pytest.approx(75.0 / top["area_pct"])
    qml = cls.classes_qml()
    assert 'value="1"' in qml and 'value="5"' in qml and 'value="0"' not in qml and "very high" in qml


# -- mapping units -----------------------------------------------------------------------------------


def test_unit_statistics_mean_and_majority(area, tmp_path):
    from shapely.geometry import box

    x0, y0 = ORIGIN
    unit = box(x0 + 200, y0 - 200, x0 + 300, y0 - 100)  # rows 10..19, cols 20..29
    with rasterio.open(area["factors"]) as ds:
        values, pixels = unit_statistics(ds, [unit], KINDS)
    block = area["data"][:, 10:20, 20:30]
    assert pixels[0] == 100
    np.testing.assert_allclose(values[0, :3], block[:3].reshape(3, -1).mean(axis=1), rtol=1e-5)
    codes, counts = np.unique(block[3], return_counts=True)
    assert values[0, 3] == codes[counts.argmax()]


def test_mapping_units_train_and_predict_as_fields(area, tmp_path):
    from shapely.geometry import box

    x0, y0 = ORIGIN
    units = [
        box(x0 + c * 100, y0 - (r + 1) * 100, x0 + (c + 1) * 100, y0 - r * 100) for r in range(12) for c in range(15)
    ]
    units_path = write_polygons(str(tmp_path / "units.gpkg"), units, "EPSG:32633")
    s = load_unit_samples(area["factors"], area["inventory"], units_path)
    assert s.info["units"] == 180 and s.y.sum() > 20 and (s.y == 0).sum() > 20
    model_path = str(tmp_path / "units.onnx")
    result = train(
        TrainParams(
            area["factors"],
            area["inventory"],
            model_path,
            mapping_units_path=units_path,
            model_type="logistic",
            validation=("random",),
            compare_models=False,
            report_path=str(tmp_path / "units.html"),
        )
    )
    assert result.metrics["validation"]["random"]["mean"] > 0.7
    page = open(tmp_path / "units.html", encoding="utf-8").read()
    assert "<th>Units (%)</th>" in page and "most susceptible share of the mapping units" in page
    assert f"quantile breaks over the {int(s.y.size):,} mapping units at training time" in page
    out = str(tmp_path / "units_susceptibility.gpkg")
    predict(PredictParams(area["factors"], model_path, out, mapping_units_path=units_path))
    import geopandas as gpd

    frame = gpd.read_file(out)
    assert len(frame) == 180 and {"unit", "susceptibility", "class", "class_name", "uncertainty"} <= set(frame.columns)
    assert frame["class"].between(1, 5).all() and frame["susceptibility"].between(0, 1).all()
    source = gpd.read_file(units_path)
    assert "susceptibility" not in source.columns  # the input layer is untouched
    # The same factors in another order give the same fields: the units' values are put in the model's order.
    order = [3, 2, 1, 0]
    reordered = write_factors(
        str(tmp_path / "reordered.tif"), area["data"][order], [NAMES[i] for i in order], [KINDS[i] for i in order]
    )
    again = str(tmp_path / "again.gpkg")
    predict(PredictParams(reordered, model_path, again, mapping_units_path=units_path))
    np.testing.assert_allclose(gpd.read_file(again)["susceptibility"], frame["susceptibility"], atol=1e-6)


# -- workflow ----------------------------------------------------------------------------------------


def test_train_and_predict_write_every_output(area, tmp_path):
    model = str(tmp_path / "model.onnx")
    steps, lines = [], []
    result = train(
        TrainParams(
            area["factors"],
            area["inventory"],
            model,
            report_path=str(tmp_path / "report.html"),
            metrics_path=str(tmp_path / "metrics.json"),
            model_type="logistic",
            year_field="year",
            validation=("random", "spatial", "temporal"),
            folds=3,
            compare_models=True,
            keep_fold_models=True,
        ),
        progress=steps.append,
        log=lines.append,
    )
    # The progress bar moves fold by fold (never back; the largest step is the temporal split's one fold), the log
    # says each fold.
    assert steps == sorted(steps) and steps[-1] == 1.0 and max(np.diff([0.0, *steps])) <= 0.11, steps
    assert "Spatial fold 2 of 3: trained on" in "\n".join(lines) and any("Fitting the final" in x for x in lines)
    metrics = json.load(open(tmp_path / "metrics.json"))
    # Spatial validation with square blocks (the default) runs with k-means clusters too, side by side.
    assert set(metrics["validation"]) == {"random", "spatial", "temporal", "spatial_kmeans"}
    assert "k-means" in metrics["validation"]["spatial_kmeans"]["split"]
    assert len(metrics["validation"]["spatial_kmeans"]["folds"]) == 3
    spatial = metrics["validation"]["spatial"]
    assert len(spatial["folds"]) == 3 and spatial["mean"] == pytest.approx(np.mean(spatial["folds"]), abs=1e-3)
    assert spatial["mean"] > 0.8 and set(metrics["models"]) == set(MODEL_TYPES)
    assert metrics["class_weight"] == "balanced" and metrics["samples"]["presences"] > 100
    assert 0.5 < metrics["success_rate_auc"] <= 1 and 0.5 < metrics["prediction_rate_auc"] <= 1
    contract = read_contract(model)
    assert contract.metrics["auc_spatial"] == pytest.approx(spatial["mean"], abs=1e-4)
    assert contract.training_data["fold_models"] == [f"model.fold{k}.onnx" for k in range(1, 4)]
    assert len(result.fold_model_paths) == 3 and all(os.path.exists(p) for p in result.fold_model_paths)
    # The fold models are in the model's own graph too (its 'uncertainty' output); the sizes are stated.
    assert contract.training_data["fold_models_in_model"] is True
    assert contract.output_roles["uncertainty"] == "uncertainty"
    assert metrics["fold_models"] == {"validation": "spatial", "count": 3, "in_model": True, "files": True}
    sizes = metrics["onnx_size_mb"]
    assert sizes["model"] == pytest.approx(os.path.getsize(model) / 1e6, abs=0.01)
    assert sizes["fold_model_files"] == [
        pytest.approx(os.path.getsize(f) / 1e6, abs=0.01) for f in result.fold_model_paths
    ]
    assert result.report_files[0].endswith("report.html") and all(os.path.exists(p) for p in result.report_files)
    page = open(tmp_path / "report.html", encoding="utf-8").read()
    assert f"{sizes['model']:.1f} MB (with the fold models, for the uncertainty map)" in page  # the ONNX size stated
    sampled = len(area_sample(area["factors"], 20_000)[0])
    assert (
        f"Estimated with quantile breaks on a sample of {sampled:,} pixels at training time; the map&#x27;s own "
        "table, with the class method it uses, is written by lithoscope:susceptibility (OUTPUT_TABLE)."
    ) in page

    out = {name: str(tmp_path / f"{name}.tif") for name in ("probability", "classes", "uncertainty")}
    p = predict(
        PredictParams(
            area["factors"],
            model,
            out["probability"],
            classes_path=out["classes"],
            uncertainty_path=out["uncertainty"],
            inventory_path=area["inventory"],
        ),
        log=(predicted := []).append,
    )
    # The log in words a geologist reads: one pass over the factors, no provider names, no lists of 0 and 1.
    text = "\n".join(predicted)
    assert text.count("running on the CPU") == 1 and "fed to the model as they are" in text
    assert "ExecutionProvider" not in text and "stitching" not in text and "offset [" not in text
    with rasterio.open(out["probability"]) as ds:
        prob = ds.read(1)
    with rasterio.open(out["classes"]) as ds:
        classes = ds.read(1)
    with rasterio.open(out["uncertainty"]) as ds:
        spread = ds.read(1)
    valid = np.isfinite(area["data"]).all(axis=0)
    assert (classes[valid] >= 1).all() and (classes[valid] <= 5).all() and (classes[~valid] == 255).all()
    # Uncertainty = std of the fold models' probabilities.
    folds = []
    for k, fold_model in enumerate(result.fold_model_paths):
        run_classify(ClassifyParams(area["factors"], fold_model, str(tmp_path / f"f{k}.tif")))
        with rasterio.open(tmp_path / f"f{k}.tif") as ds:
            folds.append(ds.read(1))
    # One pass of the model's graph gives what the fold models give run one by one.
    np.testing.assert_allclose(spread[valid], np.std(folds, axis=0)[valid], atol=2e-6)
    assert spread[valid].max() > 1e-3 and (spread[~valid] == -1).all()
    # Landslides concentrate in the high classes.
    table = p.class_table
    assert table[4]["frequency_ratio"] > 2 and table[0]["frequency_ratio"] < 0.5
    assert abs(sum(r["area_pct"] for r in table) - 100) < 1e-6
    assert open(p.table_path).read().startswith("class,name,lower,upper")
    for path in (out["probability"], out["classes"], out["uncertainty"]):
        assert os.path.exists(os.path.splitext(path)[0] + ".qml")
    assert prob[valid].min() >= 0 and prob[valid].max() <= 1


def test_cancel_leaves_earlier_files_as_they_were(area, tmp_path):
    model = str(tmp_path / "model.onnx")
    params = TrainParams(
        area["factors"],
        area["inventory"],
        model,
        metrics_path=str(tmp_path / "m.json"),
        model_type="logistic",
        validation=("random",),
        compare_models=False,
    )
    train(params)
    before = files(tmp_path)
    calls = []
    with pytest.raises(CancelledError):
        train(params, is_cancelled=lambda: calls.append(1) or len(calls) > 3)
    assert files(tmp_path) == before
    out = str(tmp_path / "p.tif")
    with pytest.raises(CancelledError):
        predict(PredictParams(area["factors"], model, out), is_cancelled=lambda: True)
    assert files(tmp_path) == before


# -- bad input: one test each, a clear message and nothing written -------------------------------------


def _refused(area, tmp_path, match: str, **kwargs) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    params = dict(model_type="logistic", validation=("random",), compare_models=False)
    params.update(kwargs)
    inventory = params.pop("inventory", area["inventory"])
    factors = params.pop("factors", area["factors"])
    with pytest.raises(InputError, match=match):
        train(
            TrainParams(
                factors,
                inventory,
                str(folder / "m.onnx"),
                report_path=str(folder / "r.html"),
                metrics_path=str(folder / "m.json"),
                **params,
            )
        )
    assert os.listdir(folder) == []


def test_inventory_outside_the_factor_extent(area, tmp_path):
    path = write_points(str(tmp_path / "far.gpkg"), [10, 20], [10, 20])
    import geopandas as gpd

    frame = gpd.read_file(path)
    frame.geometry = frame.geometry.translate(50_000, 0)
    frame.to_file(path, driver="GPKG")
    _refused(area, tmp_path, "outside the factors' extent", inventory=path)


def test_inventory_without_landslides(area, tmp_path):
    import geopandas as gpd

    path = str(tmp_path / "empty.gpkg")
    gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:32633").to_file(path, driver="GPKG")
    _refused(area, tmp_path, "has no landslides", inventory=path)


def test_inventory_with_one_landslide(area, tmp_path):
    path = write_points(str(tmp_path / "one.gpkg"), [40], [40])
    _refused(area, tmp_path, "only one landslide", inventory=path)


def test_year_field_with_text(area, tmp_path):
    path = write_points(str(tmp_path / "text.gpkg"), [40, 50, 60], [40, 50, 60], year=["2001", "spring", "2004"])
    _refused(
        area,
        tmp_path,
        "'spring', which is not a year or a date",
        inventory=path,
        year_field="year",
        validation=("temporal",),
    )


def test_fewer_samples_than_folds(area, tmp_path):
    path = write_points(str(tmp_path / "three.gpkg"), [40, 60, 80], [40, 60, 80])
    _refused(area, tmp_path, "3 landslide sample.* for 5 cross-validation folds", inventory=path, folds=5)


def test_factor_without_any_data(area, tmp_path):
    data = area["data"].copy()
    data[2] = np.nan
    path = str(tmp_path / "gappy.tif")
    tag = {"names": NAMES, "kinds": KINDS}
    write_raster(
        path, data, nodata=float("nan"), pixel=PIXEL, origin=ORIGIN, tags={"LITHOSCOPE_FACTORS": json.dumps(tag)}
    )
    _refused(area, tmp_path, "factor 'f3' .*has no data anywhere", factors=path)


def test_samples_without_factor_values_are_dropped_and_counted(area):
    s = load_samples(area["factors"], area["inventory"], seed=0)
    gap = {(r, c) for r in range(6) for c in range(6)}
    in_gap = sum((r, c) in gap for r, c in set(zip(area["rows"].tolist(), area["cols"].tolist())))
    assert s.info["dropped_nodata"] == in_gap and s.info["missing_per_factor"]["f2"] == in_gap


# -- prediction checks the factors against the model; fold models; reproducible encoding; bounded reads ----


def read_band(path: str) -> np.ndarray:
    with rasterio.open(path) as ds:
        return ds.read(1)


def write_factors(path: str, data: np.ndarray, names: list[str], kinds: list[str], **extra) -> str:
    tag = {"names": names, "kinds": kinds, **extra}
    return write_raster(
        path, data, nodata=float("nan"), pixel=PIXEL, origin=ORIGIN, tags={"LITHOSCOPE_FACTORS": json.dumps(tag)}
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> dict:
    """Factors without gaps, landslides with years, a logistic model with random folds."""
    folder = tmp_path_factory.mktemp("trained")
    factors = str(folder / "factors.tif")
    data = make_factors(factors, nan_block=False)
    rows, cols = landslide_pixels(data)
    years = 2000 + (np.arange(len(rows)) % 20)
    inventory_path = write_points(str(folder / "landslides.gpkg"), rows, cols, year=years)
    model = str(folder / "model.onnx")
    result = train(
        TrainParams(factors, inventory_path, model, model_type="logistic", validation=("random",), folds=3,
                    compare_models=False)
    )  # fmt: skip
    return {"folder": folder, "factors": factors, "data": data, "inventory": inventory_path, "model": model,
            "result": result}  # fmt: skip


# -- factors in another order, missing or extra ---------------------------------------------------------


def test_factors_in_another_order_are_read_in_the_models_order(trained, tmp_path):
    order = [1, 0, 2, 3]  # f2 first
    other = write_factors(
        str(tmp_path / "reordered.tif"), trained["data"][order], [NAMES[i] for i in order], [KINDS[i] for i in order]
    )
    logs: list[str] = []
    same = predict(PredictParams(trained["factors"], trained["model"], str(tmp_path / "p1.tif")))
    swapped = predict(
        PredictParams(other, trained["model"], str(tmp_path / "p2.tif"), uncertainty_path=str(tmp_path / "u2.tif")),
        log=logs.append,
    )
    expected, got = read_band(same.output_path), read_band(swapped.output_path)
    assert expected.std() > 0.05  # a map that depends on the factors, so a swap would show
    np.testing.assert_allclose(got, expected, atol=1e-6)
    assert any("another order" in line and "[f2, f1, f3, geology]" in line for line in logs), logs
    # The fold models are read in the model's order too: the spread equals that of the file in order.
    reference = predict(
        PredictParams(trained["factors"], trained["model"], str(tmp_path / "p3.tif"),
                      uncertainty_path=str(tmp_path / "u3.tif"))
    )  # fmt: skip
    np.testing.assert_allclose(read_band(swapped.uncertainty_path), read_band(reference.uncertainty_path), atol=1e-6)


@pytest.mark.parametrize(
    "names, detail",
    [
        (["f1", "f2", "slope", "geology"], r"missing: f3; not in the model: slope"),
        (["f1", "f2", "f3"], r"missing: geology"),
    ],
)
def test_missing_or_extra_factors_are_refused_with_both_lists(trained, tmp_path, names, detail):
    data = trained["data"][: len(names)]
    path = write_factors(str(tmp_path / "other.tif"), data, names, KINDS[: len(names)])
    with pytest.raises(InputError, match=r"trained on \[f1, f2, f3, geology\].*holds \[" + ", ".join(names)) as err:
        predict(PredictParams(path, trained["model"], str(tmp_path / "p.tif")))
    assert detail in str(err.value)
    assert not os.path.exists(tmp_path / "p.tif")


def test_a_factor_of_another_kind_is_refused(trained, tmp_path):
    path = write_factors(str(tmp_path / "kinds.tif"), trained["data"], NAMES, ["continuous"] * 4)
    with pytest.raises(InputError, match="'geology' is categorical in the model .* but continuous"):
        predict(PredictParams(path, trained["model"], str(tmp_path / "p.tif")))


# -- text categories and categories never seen in training ----------------------------------------------


def geology_layers(folder) -> tuple[str, str, str]:
    """A DEM, a map of marl (west) and shale (east), and a regional map whose extra andesite sorts first."""
    import geopandas as gpd
    from shapely.geometry import box

    x0, y0 = ORIGIN
    z = (smooth_field((100, 100), seed=3) * 100).astype(np.float32)
    dem = write_raster(str(folder / "dem.tif"), z, origin=ORIGIN)
    west, east = box(x0, y0 - 1000, x0 + 500, y0), box(x0 + 500, y0 - 1000, x0 + 1000, y0)
    local = str(folder / "local.gpkg")
    gpd.GeoDataFrame({"rock": ["marl", "shale"]}, geometry=[west, east], crs="EPSG:32633").to_file(local)
    # Regional: the north-east quarter is andesite, a rock the local map (and the training) never had.
    north_east, south_east = box(x0 + 500, y0 - 500, x0 + 1000, y0), box(x0 + 500, y0 - 1000, x0 + 1000, y0 - 500)
    regional = str(folder / "regional.gpkg")
    frame = gpd.GeoDataFrame({"rock": ["marl", "shale", "andesite"]}, geometry=[west, south_east, north_east],
                             crs="EPSG:32633")  # fmt: skip
    frame.to_file(regional)
    return dem, local, regional


def test_text_codes_of_other_factors_are_refused_then_fixed_from_the_model(tmp_path):
    import geopandas as gpd

    dem, local, regional = geology_layers(tmp_path)
    grid = grid_from_raster(dem)
    fa = build_factors([RasterFactor(dem, name="elev"), PolygonFieldFactor(local, "rock", name="rock")], grid,
                       str(tmp_path / "fa.tif"))  # fmt: skip
    rng = np.random.default_rng(0)
    rows, cols = rng.integers(0, 100, 60), rng.integers(55, 100, 60)  # landslides on shale only
    points = gpd.points_from_xy(ORIGIN[0] + 10 * cols + 5, ORIGIN[1] - 10 * rows - 5)
    slides = str(tmp_path / "slides.gpkg")
    gpd.GeoDataFrame(geometry=points, crs="EPSG:32633").to_file(slides)
    model = str(tmp_path / "m.onnx")
    train(TrainParams(fa.path, slides, model, model_type="logistic", validation=("random",), compare_models=False))
    raw = read_contract(model).raw
    assert raw["factor_text_codes"] == {"rock": {"marl": 1, "shale": 2}}
    assert raw["factor_categories"] == {"rock": [1.0, 2.0]}
    trained_map = read_band(predict(PredictParams(fa.path, model, str(tmp_path / "pa.tif"))).output_path)
    shale, marl = trained_map[:, 60:95].mean(), trained_map[:, 5:45].mean()
    assert shale > marl + 0.3

    # The regional map codes andesite 1, marl 2, shale 3: marl would read as the model's shale.
    fb = build_factors([RasterFactor(dem, name="elev"), PolygonFieldFactor(regional, "rock", name="rock")], grid,
                       str(tmp_path / "fb.tif"))  # fmt: skip
    assert fb.text_codes == {"rock": {"andesite": 1, "marl": 2, "shale": 3}}
    with pytest.raises(InputError, match=r"'rock' codes its text values otherwise.*marl: model 1, factors 2") as err:
        predict(PredictParams(fb.path, model, str(tmp_path / "pb.tif")))
    assert "TEXT_CODES_MODEL=m.onnx" in str(err.value) and not os.path.exists(tmp_path / "pb.tif")

    # Built with the model's codes: marl and shale mean what they meant, andesite gets a new code and a warning.
    fc = build_factors([RasterFactor(dem, name="elev"), PolygonFieldFactor(regional, "rock", name="rock")], grid,
                       str(tmp_path / "fc.tif"), text_codes=raw["factor_text_codes"])  # fmt: skip
    assert fc.text_codes == {"rock": {"marl": 1, "shale": 2, "andesite": 3}}
    logs: list[str] = []
    result = predict(PredictParams(fc.path, model, str(tmp_path / "pc.tif")), log=logs.append)
    mapped = read_band(result.output_path)
    np.testing.assert_allclose(mapped[:, :50], trained_map[:, :50], atol=1e-6)  # marl
    np.testing.assert_allclose(mapped[50:, 50:], trained_map[50:, 50:], atol=1e-6)  # shale
    andesite = 50 * 50
    assert result.warnings == [
        f"factor rock: {andesite:,} px hold codes never seen in training (codes 3 = andesite): their "
        "susceptibility rests on the other factors only"
    ]
    assert f"Warning: {result.warnings[0]}" in logs


def test_categories_never_seen_in_training_are_counted(trained, tmp_path):
    s = load_samples(trained["factors"], trained["inventory"], seed=0)
    seen = s.X[:, 3] != 4
    model = fit_model("logistic", s.X[seen], s.y[seen], s.kinds)
    path = export_model(model, str(tmp_path / "m.onnx"), s.names, s.kinds, categories={"geology": [1, 2, 3]})
    result = predict(PredictParams(trained["factors"], path, str(tmp_path / "p.tif")))
    count = int((trained["data"][3] == 4).sum())
    assert count > 100
    assert result.warnings == [
        f"factor geology: {count:,} px hold codes never seen in training (codes 4): their susceptibility rests on "
        "the other factors only"
    ]
    # Mapping units: the units whose majority is a code never seen are counted.
    from shapely.geometry import box

    x0, y0 = ORIGIN
    units = [
        box(x0 + c * 100, y0 - (r + 1) * 100, x0 + (c + 1) * 100, y0 - r * 100) for r in range(12) for c in range(15)
    ]
    units_path = write_polygons(str(tmp_path / "units.gpkg"), units, "EPSG:32633")
    with rasterio.open(trained["factors"]) as ds:
        values, _ = unit_statistics(ds, units, KINDS)
    majority_four = int((values[:, 3] == 4).sum())
    assert 5 < majority_four < 170
    out = predict(PredictParams(trained["factors"], path, str(tmp_path / "u.gpkg"), mapping_units_path=units_path))
    assert out.warnings == [
        f"factor geology: {majority_four} unit(s) hold codes never seen in training (codes 4): their susceptibility "
        "rests on the other factors only"
    ]
    # Every code seen: no warning.
    path = export_model(model, str(tmp_path / "all.onnx"), s.names, s.kinds, categories={"geology": [1, 2, 3, 4]})
    assert predict(PredictParams(trained["factors"], path, str(tmp_path / "q.tif"))).warnings == []


# -- fold models ---------------------------------------------------------------------------------------


def test_temporal_validation_alone_gives_fold_models_with_a_spread(trained, tmp_path):
    logs: list[str] = []
    model = str(tmp_path / "t.onnx")
    result = train(
        TrainParams(trained["factors"], trained["inventory"], model, model_type="logistic", validation=("temporal",),
                    year_field="year", folds=4, compare_models=False, keep_fold_models=True),
        log=logs.append,
    )  # fmt: skip
    assert len(result.fold_model_paths) == 4 and result.metrics["fold_models"]["validation"] == "random"
    assert list(result.metrics["validation"]) == ["temporal"]
    assert any("fold models of the uncertainty map come from random folds" in line for line in logs)
    p = predict(
        PredictParams(trained["factors"], model, str(tmp_path / "p.tif"), uncertainty_path=str(tmp_path / "u.tif"))
    )
    spread = read_band(p.uncertainty_path)
    assert spread.max() > 0.005

    # An older model with its fold models as separate files (no 'uncertainty' output) still maps the spread, one
    # run per fold model: the same map as the one pass.
    older = str(tmp_path / "older.onnx")
    shutil.copy(result.fold_model_paths[0], older)  # a fold model's file: no fold models inside
    for k, path in enumerate(result.fold_model_paths):
        shutil.copy(path, fold_model_path(older, k + 1))
    data = read_contract(older).training_data
    write_contract(older, {"training_data": {**data, "fold_models": [f"older.fold{k}.onnx" for k in range(1, 5)]}})
    assert "uncertainty" not in read_contract(older).output_roles.values()
    q = predict(
        PredictParams(trained["factors"], older, str(tmp_path / "o.tif"), uncertainty_path=str(tmp_path / "ou.tif"))
    )
    valid = spread != -1
    np.testing.assert_allclose(read_band(q.uncertainty_path)[valid], spread[valid], atol=2e-6)

    # A model that lists one fold model (an earlier temporal-only run) gives no uncertainty map of zeros.
    single = str(tmp_path / "single.onnx")
    shutil.copy(result.fold_model_paths[0], single)
    shutil.copy(result.fold_model_paths[0], fold_model_path(single, 1))
    data = read_contract(single).training_data
    write_contract(single, {"training_data": {**data, "fold_models": ["single.fold1.onnx"]}})
    with pytest.raises(InputError, match="one fold model only"):
        predict(
            PredictParams(trained["factors"], single, str(tmp_path / "q.tif"), uncertainty_path=str(tmp_path / "v.tif"))
        )
    assert not os.path.exists(tmp_path / "v.tif") and not os.path.exists(tmp_path / "q.tif")


def test_fold_models_of_an_earlier_run_with_more_folds_are_removed(trained, tmp_path):
    model = str(tmp_path / "m.onnx")
    params = dict(model_type="logistic", validation=("random",), compare_models=False)
    train(TrainParams(trained["factors"], trained["inventory"], model, folds=5, keep_fold_models=True, **params))
    assert os.path.exists(fold_model_path(model, 5))
    own = tmp_path / "m.fold7.txt"  # not a fold model: kept
    own.write_text("mine")
    result = train(
        TrainParams(trained["factors"], trained["inventory"], model, folds=3, keep_fold_models=True, **params)
    )
    assert sorted(os.listdir(tmp_path)) == ["m.fold1.onnx", "m.fold2.onnx", "m.fold3.onnx", "m.fold7.txt", "m.onnx"]
    assert len(result.fold_model_paths) == 3
    # Not asked to keep them: no fold model file, and those of the earlier run go (they would not match the model).
    result = train(TrainParams(trained["factors"], trained["inventory"], model, folds=3, **params))
    assert sorted(os.listdir(tmp_path)) == ["m.fold7.txt", "m.onnx"] and result.fold_model_paths == []
    assert read_contract(model).training_data["fold_models"] == []
    assert result.metrics["fold_models"] == {"validation": "random", "count": 3, "in_model": True, "files": False}


def test_without_uncertainty_the_model_is_the_final_model_alone(trained, tmp_path):
    model = str(tmp_path / "m.onnx")
    params = dict(model_type="logistic", validation=("random",), compare_models=False, folds=3)
    train(TrainParams(trained["factors"], trained["inventory"], model, uncertainty=False, **params))
    assert os.listdir(tmp_path) == ["m.onnx"] and "uncertainty" not in read_contract(model).output_roles.values()
    with pytest.raises(InputError, match="holds no fold models"):
        predict(
            PredictParams(trained["factors"], model, str(tmp_path / "p.tif"), uncertainty_path=str(tmp_path / "u.tif"))
        )
    assert os.listdir(tmp_path) == ["m.onnx"]


# -- models -------------------------------------------------------------------------------------------


def test_target_encoding_is_reproducible_from_the_seed(trained):
    s = load_samples(trained["factors"], trained["inventory"], seed=0)
    runs = [fit_model("logistic", s.X, s.y, s.kinds, "target", seed=0).predict_proba(s.X)[:, 1] for _ in range(3)]
    np.testing.assert_array_equal(runs[0], runs[1])
    np.testing.assert_array_equal(runs[0], runs[2])
    other = fit_model("logistic", s.X, s.y, s.kinds, "target", seed=1).predict_proba(s.X)[:, 1]
    assert not np.array_equal(runs[0], other)


def test_old_scikit_learn_gives_the_install_hint(monkeypatch):
    import sklearn

    monkeypatch.setattr(sklearn, "__version__", "1.8.2")
    with pytest.raises(InputError, match=r"scikit-learn 1\.9 or newer; QGIS's Python has 1\.8\.2.*pip install"):
        import_sklearn()


# -- reads bounded by blocks ---------------------------------------------------------------------------


class CountingReads:
    """A dataset that records the shape of every read."""

    def __init__(self, ds) -> None:
        self._ds = ds
        self.reads: list[tuple[int, int]] = []

    def __getattr__(self, name):
        return getattr(self._ds, name)

    def read(self, *args, **kwargs):
        data = self._ds.read(*args, **kwargs)
        self.reads.append(data.shape[-2:])
        return data


def test_sample_reads_touch_only_the_blocks_that_hold_samples(tmp_path):
    width = 40_000
    data = np.tile(np.arange(width, dtype=np.float32), (300, 1))
    path = write_raster(str(tmp_path / "wide.tif"), np.stack([data, -data]), nodata=float("nan"))
    rows, cols = np.array([5, 290, 7, 150]), np.array([3, 39_990, 20_000, 20_010])
    with rasterio.open(path) as src:
        ds = CountingReads(src)
        values = inventory.read_pixels(ds, rows, cols)
    np.testing.assert_array_equal(values[:, 0], cols)
    np.testing.assert_array_equal(values[:, 1], -cols)
    assert len(ds.reads) == 3  # three blocks hold samples (two of them share one)
    assert all(h <= 256 and w <= 256 for h, w in ds.reads), ds.reads


def test_factor_data_check_reads_window_by_window(tmp_path):
    data = np.full((2, 1500, 2300), np.nan, np.float32)
    data[0] = 1.0
    data[1, 1403, 2207] = 5.0  # one pixel: the decimated read misses it
    path = write_raster(str(tmp_path / "f.tif"), data, nodata=float("nan"))
    with rasterio.open(path) as src:
        ds = CountingReads(src)
        inventory.check_factors_have_data(ds, ["a", "b"])
        assert max(h * w for h, w in ds.reads) <= 1024 * 1024
        data[1, 1403, 2207] = np.nan
    path = write_raster(str(tmp_path / "g.tif"), data, nodata=float("nan"))
    with rasterio.open(path) as src, pytest.raises(InputError, match="factor 'b' .*has no data anywhere"):
        inventory.check_factors_have_data(src, ["a", "b"])


def test_training_reads_the_chosen_layer_of_a_units_geopackage(area, tmp_path):
    """A GeoPackage with two layers of units: training takes the one named, as prediction does."""
    import geopandas as gpd
    from lithoscope.susceptibility.workflow import _samples
    from shapely.geometry import box

    x0, y0 = ORIGIN
    path = str(tmp_path / "units.gpkg")
    coarse = [
        box(x0 + c * 750, y0 - (r + 1) * 600, x0 + (c + 1) * 750, y0 - r * 600) for r in range(2) for c in range(2)
    ] + [box(x0 + 1500, y0 - 600, x0 + 2250, y0)]  # one unit beyond the landslides: units without any are needed
    fine = [
        box(x0 + c * 100, y0 - (r + 1) * 100, x0 + (c + 1) * 100, y0 - r * 100) for r in range(12) for c in range(15)
    ]
    gpd.GeoDataFrame(geometry=coarse, crs="EPSG:32633").to_file(path, layer="coarse", driver="GPKG")
    gpd.GeoDataFrame(geometry=fine, crs="EPSG:32633").to_file(path, layer="fine", driver="GPKG")
    for layer, count in (("fine", 180), ("coarse", 5)):
        params = TrainParams(area["factors"], area["inventory"], str(tmp_path / "m.onnx"), mapping_units_path=path)
        params.units_layer = layer
        assert _samples(params, lambda m: None).info["units"] == count


# -- validation a user can trust (issue "Susceptibility v2", item 3) ----------------------------------------------


def test_held_out_class_table_counts_every_landslide_once_and_is_labelled_apart_from_the_fit(trained):
    """Random folds test each landslide exactly once: the held-out table holds every landslide, each classed by the
    fold model that did not see it; the training-fit table is kept beside it, named so."""
    import json as _json

    metrics_path = str(trained["folder"] / "ho_metrics.json")
    report = str(trained["folder"] / "ho_report.html")
    train(
        TrainParams(
            trained["factors"], trained["inventory"], str(trained["folder"] / "ho.onnx"), model_type="logistic",
            validation=("random",), folds=3, compare_models=False, metrics_path=metrics_path, report_path=report,
        )
    )  # fmt: skip
    classes = _json.load(open(metrics_path))["classes"]
    held, fit = classes["held_out"], classes["training_fit"]
    assert len(held) == len(fit) == 5
    presences = _json.load(open(metrics_path))["samples"]["presences"]
    assert sum(row["landslides"] for row in held) == presences == sum(row["landslides"] for row in fit)
    assert [row["area_pct"] for row in held] == [row["area_pct"] for row in fit]
    assert held[-1]["landslide_pct"] > 40  # the steep pixels hold the landslides: the top class still finds them
    page = open(report, encoding="utf-8").read()
    assert (
        "<strong>Held out:</strong>" in page and "Training fit (not skill)" in page and "each fold&#x27;s own" in page
    )


def test_temporal_split_at_a_given_year_trains_before_and_tests_from_it(trained):
    from lithoscope.susceptibility.validation import make_split

    samples = load_samples(trained["factors"], trained["inventory"], year_field="year", seed=0)
    split = make_split(samples, "temporal", 5, 0, split_year=2015.0)
    ((train_idx, test_idx),) = split.folds
    years = samples.years
    test_slides = test_idx[samples.y[test_idx] == 1]
    train_slides = train_idx[samples.y[train_idx] == 1]
    assert (years[test_slides] >= 2015).all() and (years[train_slides] < 2015).all()
    assert len(test_slides) == int(((years >= 2015) & (samples.y == 1)).sum())
    assert "before 2015" in split.description and "from 2015 on" in split.description
    with pytest.raises(InputError, match=r"leaves \d+ landslide\(s\) from then on to test, too few"):
        make_split(samples, "temporal", 5, 0, split_year=2019.5)
    with pytest.raises(InputError, match=r"before it to train on"):
        make_split(samples, "temporal", 5, 0, split_year=2000.0)


def test_report_shows_blocks_and_kmeans_side_by_side_and_the_buffer_in_metres(area, tmp_path):
    report = str(tmp_path / "r.html")
    train(
        TrainParams(
            area["factors"], area["inventory"], str(tmp_path / "m.onnx"), model_type="logistic",
            validation=("spatial",), folds=3, compare_models=False, report_path=report,
        )
    )  # fmt: skip
    page = open(report, encoding="utf-8").read()
    assert "Spatial folds: square blocks and k-means clusters" in page and "the stricter estimate" in page
    assert "<td>Square blocks</td>" in page and "<td>K-means clusters of the coordinates</td>" in page
    assert "20 m (2 cells of 10 m)" in page  # the buffer in metres, the cells beside


def test_boosting_leaf_size_follows_the_sample_count():
    from lithoscope.susceptibility.models import boosting_leaf_size, fit_model

    assert [boosting_leaf_size(n) for n in (50, 600, 1200, 9000)] == [20, 50, 100, 100]
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 2))
    y = (X[:, 0] + 0.5 * rng.normal(size=600) > 0).astype(int)
    model = fit_model("gradient_boosting", X, y, ["continuous", "continuous"])
    assert model.named_steps["model"].min_samples_leaf == 50


# -- forest size and one-pass prediction -----------------------------------------------------------------


def _noisy_samples(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 6))
    y = (X[:, 0] + 0.5 * X[:, 1] ** 2 + rng.normal(0, 1.5, n) > 0.8).astype(int)
    return X, y


def test_forest_leaf_size_is_chosen_by_out_of_bag_auc_for_the_sample_count():
    from lithoscope.susceptibility.models import OOB_TOLERANCE, forest_size, leaf_candidates

    assert leaf_candidates(200) == [1, 2] and leaf_candidates(5000) == [1, 15, 50]
    chosen = {}
    for n in (200, 5000):
        X, y = _noisy_samples(n)
        model = fit_model("random_forest", X, y, ["continuous"] * 6)
        size = forest_size(model)
        forest = model.steps[-1][1]
        assert size["min_samples_leaf"] == forest.min_samples_leaf in leaf_candidates(n)
        assert size["trees"] == len(forest.estimators_) in (100, 200) and forest.n_jobs == 1
        assert size["nodes"] == sum(t.tree_.node_count for t in forest.estimators_)
        assert 0.6 < size["oob_auc"] <= 1
        chosen[n] = size
    # Noisy labels: many samples afford (and need) larger leaves; the forest is far smaller than fully grown trees.
    assert chosen[5000]["min_samples_leaf"] >= 15 > chosen[200]["min_samples_leaf"]
    X, y = _noisy_samples(5000)
    full = fit_model("random_forest", X, y, ["continuous"] * 6).steps[-1][1]
    from sklearn.base import clone
    from sklearn.metrics import roc_auc_score

    grown = clone(full).set_params(min_samples_leaf=1, n_estimators=100, oob_score=True).fit(X, y)
    assert chosen[5000]["nodes"] < sum(t.tree_.node_count for t in grown.estimators_) / 3
    assert chosen[5000]["oob_auc"] >= roc_auc_score(y, grown.oob_decision_function_[:, 1]) - OOB_TOLERANCE


def test_one_pass_prediction_equals_scikit_learn(area, tmp_path):
    """The probability raster is predict_proba of the model, the uncertainty the std of the fold models' own."""
    from lithoscope.susceptibility.models import to_onnx_bytes

    s = load_samples(area["factors"], area["inventory"], seed=0)
    final = fit_model("random_forest", s.X, s.y, s.kinds)
    folds = [fit_model("random_forest", s.X[k::3], s.y[k::3], s.kinds, seed=k) for k in range(3)]
    model = export_model(final, str(tmp_path / "rf.onnx"), NAMES, KINDS, folds=folds)
    assert len(to_onnx_bytes(final, 4)) < os.path.getsize(model) < 5 * len(to_onnx_bytes(final, 4))
    out = {n: str(tmp_path / f"{n}.tif") for n in ("p", "u", "alone")}
    predict(PredictParams(area["factors"], model, out["p"], uncertainty_path=out["u"]))
    predict(PredictParams(area["factors"], model, out["alone"]))  # the fold models' nodes pruned
    data = area["data"]
    valid = np.isfinite(data).all(axis=0)
    rows = data[:, valid].T.astype(np.float32)
    expected = final.predict_proba(rows)[:, 1]
    spread = np.std([f.predict_proba(rows)[:, 1] for f in folds], axis=0)
    np.testing.assert_allclose(read_band(out["p"])[valid], expected, atol=1e-5)
    np.testing.assert_array_equal(read_band(out["alone"]), read_band(out["p"]))
    np.testing.assert_allclose(read_band(out["u"])[valid], spread, atol=1e-5)
    assert spread.max() > 0.05 and (read_band(out["u"])[~valid] == -1).all()
    # The forest runs as a regressor of p(landslide) (faster in onnxruntime); its label is still predict's.
    import onnx
    import onnxruntime as ort

    ops = {n.op_type for n in onnx.load(model).graph.node}
    assert "TreeEnsembleRegressor" in ops and "TreeEnsembleClassifier" not in ops
    label = ort.InferenceSession(model).run(["label"], {"factors": rows})[0]
    np.testing.assert_array_equal(label, final.predict(rows))


def test_a_run_without_uncertainty_prunes_the_fold_models(tmp_path):
    """onnxruntime runs every node of a graph, asked for or not: a probability-only run gets the final model alone."""
    from lithoscope.inference.model.session import narrowed, open_model

    X, y = _noisy_samples(300)
    kinds = ["continuous"] * 6
    final = fit_model("random_forest", X, y, kinds)
    folds = [fit_model("random_forest", X[k::2], y[k::2], kinds) for k in range(2)]
    path = export_model(final, str(tmp_path / "m.onnx"), [f"f{i}" for i in range(6)], kinds, folds=folds)
    session = open_model(path, "cpu", 1)
    assert narrowed(session, path, frozenset({"probabilities", "uncertainty"}), "cpu", 1) is session
    alone = narrowed(session, path, frozenset({"probabilities"}), "cpu", 1)
    assert alone is not session and "uncertainty" not in alone.output_names
    rows = X.astype(np.float32)
    np.testing.assert_allclose(alone.run_named({"factors": rows}, ["probabilities"])["probabilities"],
                               final.predict_proba(rows), atol=1e-6)  # fmt: skip
    import onnx

    full = onnx.load(path)
    assert sum(n.op_type == "TreeEnsembleRegressor" for n in full.graph.node) == 3
    from lithoscope.inference.model.session import _pruned

    pruned = onnx.load_from_string(_pruned(path, ["uncertainty"]))
    assert sum(n.op_type == "TreeEnsembleRegressor" for n in pruned.graph.node) == 1
