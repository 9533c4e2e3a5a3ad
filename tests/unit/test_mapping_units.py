# SPDX-License-Identifier: GPL-2.0-or-later
"""Mapping units as SZ-plugin users know them (issue "Susceptibility v2", item 1 and 5): the units' own fields,
area and shape as factors, labels or landslide counts on the units, raster statistics beside them; and the unit
layers a user gets wrong, each refused with what to fix and nothing written."""

from __future__ import annotations

import os

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from builders import write_raster
from lithoscope.inference.errors import InputError
from lithoscope.susceptibility.units import UnitSpec, load_unit_samples, read_units, unit_statistics
from lithoscope.susceptibility.workflow import PredictParams, TrainParams, predict, train
from shapely.geometry import Polygon, box

ORIGIN = (500000.0, 5000000.0)
CRS = "EPSG:32633"


def grid_units(n: int = 10, size: float = 100.0) -> list:
    x0, y0 = ORIGIN
    return [
        box(x0 + c * size, y0 - (r + 1) * size, x0 + (c + 1) * size, y0 - r * size) for r in range(n) for c in range(n)
    ]


def write_units(path, geoms, **columns) -> str:
    gpd.GeoDataFrame(columns, geometry=geoms, crs=CRS).to_file(path, driver="GPKG")
    return str(path)


def slope_units(tmp_path) -> tuple[str, dict]:
    """400 units; landslides (a count) on the steep shale units only: a known answer any model finds."""
    rng = np.random.default_rng(1)
    steep = rng.uniform(5, 45, 400)
    rock = np.where(rng.random(400) < 0.5, "shale", "granite")
    slides = np.where((steep > 25) & (rock == "shale"), rng.integers(1, 4, 400), 0)
    columns = {"steep": steep, "rock": rock, "slides": slides, "name": [f"u{i}" for i in range(400)]}
    return write_units(tmp_path / "units.gpkg", grid_units(20), **columns), columns


def test_units_with_their_own_fields_and_a_count_train_and_map_without_any_raster(tmp_path):
    """SZ-plugin's workflow: covariates as attribute columns, a landslide count per unit, no factors raster and no
    inventory. The steep shale units hold every landslide, so the model must rank them first (AUC 1 in training and
    a susceptibility above every other unit's on the map)."""
    units, columns = slope_units(tmp_path)
    model = str(tmp_path / "units.onnx")
    result = train(
        TrainParams(
            None,
            None,
            model,
            mapping_units_path=units,
            unit_spec=UnitSpec(fields=("steep", "rock")),
            unit_count_field="slides",
            model_type="random_forest",
            validation=("random", "spatial"),
            compare_models=False,
            keep_fold_models=True,
        )
    )
    assert result.samples_info["units"] == 400 and result.samples_info["presences"] == int(
        (columns["slides"] > 0).sum()
    )
    assert (
        result.metrics["validation"]["random"]["mean"] > 0.95 and result.metrics["validation"]["spatial"]["mean"] > 0.9
    )
    out = str(tmp_path / "mapped.gpkg")
    before = open(units, "rb").read()
    predict(PredictParams(None, model, out, mapping_units_path=units))
    frame = gpd.read_file(out)
    assert len(frame) == 400 and list(frame["name"]) == columns["name"]  # every unit, in order, its fields kept
    p = frame["susceptibility"].to_numpy()
    slid = columns["slides"] > 0
    assert p[slid].min() > p[~slid].max()
    assert frame["class"].between(1, 5).all()
    assert open(units, "rb").read() == before  # the input layer is untouched
    # The uncertainty field from the fold models inside the model equals that of the fold model files run one by one
    # (the way of models from earlier versions).
    import shutil

    from lithoscope.inference.model.contract import read_contract, write_contract

    older = str(tmp_path / "older.onnx")
    shutil.copy(result.fold_model_paths[0], older)
    names = []
    for k, path in enumerate(result.fold_model_paths):
        names.append(f"older.fold{k + 1}.onnx")
        shutil.copy(path, tmp_path / names[-1])
    write_contract(older, {"training_data": {**read_contract(older).training_data, "fold_models": names}})
    predict(PredictParams(None, older, str(tmp_path / "older.gpkg"), mapping_units_path=units))
    spread = gpd.read_file(tmp_path / "older.gpkg")["uncertainty"].to_numpy()
    np.testing.assert_allclose(frame["uncertainty"].to_numpy(), spread, atol=2e-6)
    assert spread.max() > 0.01


def test_unit_area_and_compactness_are_factors_in_square_metres(tmp_path):
    """Units of two sizes; landslides in the large ones only: the area factor (m²) alone separates them."""
    x0, y0 = ORIGIN
    small = [box(x0 + c * 50, y0 - 50, x0 + (c + 1) * 50, y0) for c in range(20)]
    large = [box(x0 + c * 200, y0 - 250, x0 + (c + 1) * 200, y0 - 50) for c in range(5)]
    labels = [0] * 20 + [1] * 5
    units = write_units(tmp_path / "sizes.gpkg", small + large, label=labels)
    samples = load_unit_samples(
        None, None, units, spec=UnitSpec(geometry=("area", "perimeter", "compactness")), unit_label_field="label"
    )
    assert samples.names == ["unit_area_m2", "unit_perimeter_m", "unit_compactness"]
    np.testing.assert_allclose(samples.X[:20, 0], 2500.0)
    np.testing.assert_allclose(samples.X[20:, 0], 40000.0)
    np.testing.assert_allclose(samples.X[:20, 1], 200.0)
    np.testing.assert_allclose(samples.X[:20, 2], np.pi / 4)  # a square: 4 pi A / P^2
    assert samples.y.tolist() == labels


def test_raster_statistics_per_unit_mean_and_standard_deviation(tmp_path):
    """Two units over a raster of known values: the mean and the (population) standard deviation of their pixels."""
    data = np.arange(100, dtype=np.float32).reshape(10, 10)
    path = write_raster(str(tmp_path / "f.tif"), data[None], origin=ORIGIN, pixel=10.0, crs=CRS)
    x0, y0 = ORIGIN
    left, right = box(x0, y0 - 100, x0 + 50, y0), box(x0 + 50, y0 - 100, x0 + 100, y0)
    with rasterio.open(path) as ds:
        values, pixels, stds = unit_statistics(ds, [left, right], ["continuous"], std=True)
    np.testing.assert_allclose(pixels, [50, 50])
    np.testing.assert_allclose(values[:, 0], [data[:, :5].mean(), data[:, 5:].mean()])
    exact = data.astype(np.float64)
    np.testing.assert_allclose(stds[:, 0], [exact[:, :5].std(), exact[:, 5:].std()], rtol=1e-9)


def test_missing_values_are_dropped_or_filled_as_chosen(tmp_path):
    units, columns = slope_units(tmp_path)
    frame = gpd.read_file(units)
    frame.loc[[3, 7], "steep"] = np.nan
    holes = str(tmp_path / "holes.gpkg")
    frame.to_file(holes, driver="GPKG")
    said: list[str] = []
    dropped = load_unit_samples(
        None, None, holes, spec=UnitSpec(fields=("steep",)), unit_count_field="slides", log=said.append
    )
    assert len(dropped.y) == 398 and 3 not in dropped.unit_ids.tolist()
    assert any("2 of the 400 units" in line and "'steep' 2" in line and "left out" in line for line in said)
    filled = load_unit_samples(
        None, None, holes, spec=UnitSpec(fields=("steep",), nodata="fill"), unit_count_field="slides"
    )
    assert len(filled.y) == 400
    assert filled.X[3, 0] == pytest.approx(np.nanmedian(frame["steep"].to_numpy(float)))


def _refused(tmp_path, geoms=None, spec=UnitSpec(fields=("steep",)), count="slides", label=None, **columns) -> str:
    geoms = geoms if geoms is not None else grid_units(4)
    n = len(geoms)
    columns = {"steep": np.linspace(5, 40, n), "slides": [1, 0] * (n // 2) + [0] * (n % 2), **columns}
    path = write_units(tmp_path / "bad.gpkg", geoms, **columns)
    before = open(path, "rb").read()
    model = str(tmp_path / "bad.onnx")
    with pytest.raises(InputError) as info:
        train(
            TrainParams(
                None,
                None,
                model,
                mapping_units_path=path,
                unit_spec=spec,
                unit_count_field=None if label else count,
                unit_label_field=label,
                validation=("random",),
                folds=2,
                compare_models=False,
            )
        )
    assert not os.path.exists(model) and open(path, "rb").read() == before
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".lithoscope") or f.endswith("lithoscope-lock")]
    return str(info.value)


def test_overlapping_units_are_refused(tmp_path):
    geoms = grid_units(4)
    geoms[5] = box(*np.add(geoms[5].bounds, (-40, 0, 0, 0)))  # reaches 40 m into its neighbour
    message = _refused(tmp_path, geoms)
    assert "1 pair(s)" in message and "features 5 and 6" in message and "must not overlap" in message


def test_invalid_and_empty_units_are_refused(tmp_path):
    geoms = grid_units(4)
    x0, y0 = ORIGIN
    geoms[2] = Polygon([(x0, y0), (x0 + 100, y0 - 100), (x0 + 100, y0), (x0, y0 - 100)])  # a bow tie
    assert "invalid polygons" in _refused(tmp_path, geoms) and "Fix Geometries" in _refused(tmp_path, geoms)
    geoms = grid_units(4)
    geoms[1] = Polygon()
    message = _refused(tmp_path, geoms)
    assert "1 of the 16 mapping units" in message and "no geometry" in message and "feature 2" in message


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ({"slides": [-1] + [1, 0] * 7 + [0]}, "unit 1 has -1"),
        ({"slides": ["many"] + [1, 0] * 7 + [0]}, "'many' in 'slides'"),
        ({"slides": [0] * 16}, "None of the 16 mapping units"),
        ({"slides": [2] * 16}, "Every one of the 16 mapping units"),
    ],
)
def test_landslide_counts_a_user_gets_wrong(tmp_path, case, expected):
    assert expected in _refused(tmp_path, **case)


def test_a_label_field_must_be_zero_or_one(tmp_path):
    message = _refused(tmp_path, label="slides", slides=[2, 0] * 8)
    assert "must hold 1 (landslide) or 0" in message and "unit 1 has 2" in message and "COUNT_FIELD" in message


def test_factor_fields_a_user_gets_wrong(tmp_path):
    assert "no field 'lithology'" in _refused(tmp_path, spec=UnitSpec(fields=("lithology",)))
    message = _refused(tmp_path, spec=UnitSpec(fields=("steep",), categorical_fields=("steep",)))
    assert "marked categorical but holds decimal numbers" in message


def test_units_in_another_crs_are_reprojected(tmp_path):
    units, _ = slope_units(tmp_path)
    other = str(tmp_path / "wgs84.gpkg")
    gpd.read_file(units).to_crs("EPSG:4326").to_file(other, driver="GPKG")
    frame = read_units(other, rasterio.crs.CRS.from_string(CRS).to_wkt())
    assert abs(frame.geometry.iloc[0].bounds[0] - ORIGIN[0]) < 0.01
