# SPDX-License-Identifier: GPL-2.0-or-later
"""Susceptibility on the real inventories (skipped when ../shared/datasets is absent).

Spatial cross-validation AUC must clear a sanity floor of 0.6 (the measured figures and the 0.80
target are in docs/benchmarks.md, from training/evaluate_susceptibility.py).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from conftest import dataset

pytest.importorskip("sklearn")
pytest.importorskip("skl2onnx")

from lithoscope.susceptibility.factors import RasterFactor, build_factors  # noqa: E402
from lithoscope.susceptibility.grid import grid_from_raster  # noqa: E402
from lithoscope.susceptibility.inventory import load_samples  # noqa: E402
from lithoscope.susceptibility.validation import cross_validate, make_split  # noqa: E402

pytestmark = pytest.mark.real_data


def test_ecuador_points_as_given(tmp_path):
    folder = os.path.dirname(dataset("ecuador_landslides", "landslide_points_all_1535.gpkg"))
    names = ("slope", "cplan", "cprof", "log10_carea")
    factors = [RasterFactor(os.path.join(folder, f"factor_{n}.tif"), name=n) for n in names]
    factors.append(RasterFactor(os.path.join(folder, "dem_10m.tif"), name="elev"))
    path = str(tmp_path / "factors.tif")
    build_factors(factors, grid_from_raster(os.path.join(folder, "factor_slope.tif")), path)
    s = load_samples(path, os.path.join(folder, "landslide_points_all_1535.gpkg"), label_field="lslpts")
    assert s.info["labels"] == "given" and s.info["presences"] == 175
    assert s.info["presences"] + s.info["absences"] + s.info["dropped_nodata"] == 1535
    split = make_split(s, "spatial", folds=5, seed=0)
    v = cross_validate(s, split, "logistic", importance=True, baseline=True)
    assert v.mean_auc > 0.6 and v.baseline_auc > 0.6
    assert list(v.importance)[0] in ("slope", "elev", "log10_carea", "cplan", "cprof")


def test_hungary_scarps_against_the_rest(tmp_path):
    mask = dataset("hungary_landslides", "landslide_scarps_mask_31m.tif")
    folder = os.path.dirname(mask)
    factors = [
        RasterFactor(os.path.join(folder, "dem_srtm_31m.tif"), name="elev"),
        RasterFactor(os.path.join(folder, "slope_31m.tif"), name="slope"),
        RasterFactor(os.path.join(folder, "geology_14classes_31m.tif"), name="geology", kind="categorical"),
    ]
    path = str(tmp_path / "factors.tif")
    build_factors(factors, grid_from_raster(os.path.join(folder, "geology_14classes_31m.tif")), path)
    s = load_samples(path, mask, absence_ratio=1.0, seed=0)  # the raster inventory: 1 = scarp
    assert s.info["presences"] == 4997 and s.info["absences"] == 4997
    assert set(np.unique(s.X[:, 2])) <= set(range(1, 15))
    split = make_split(s, "spatial", folds=5, seed=0)
    v = cross_validate(s, split, "random_forest", importance=False, baseline=False)
    assert v.mean_auc > 0.6
