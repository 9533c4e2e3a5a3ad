# SPDX-License-Identifier: GPL-2.0-or-later
"""Implausible inputs are caught before they become valid-looking garbage: each case names what it saw and the fix,
and nothing is written where the run is refused."""

from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
from builders import make_cnn, make_linear_sequence, smooth_field, write_raster
from lithoscope.inference.errors import InputError, ModelError
from lithoscope.inference.kinds.heads import CLASS_NODATA
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from lithoscope.inference.pipelines.wells import run_well_logs
from lithoscope.inference.sources.wells import WellTable
from lithoscope.susceptibility import classes as cls
from lithoscope.susceptibility.factors import TerrainFactors, build_factors
from lithoscope.susceptibility.grid import GridSpec, check_grid_size, grid_from_extent, grid_from_raster

UNDECLARED = np.float32(-3.4028235e38)  # the float32 minimum many GIS tools write as nodata


def dem_with_undeclared_nodata(tmp_path) -> tuple[str, np.ndarray]:
    z = (smooth_field((60, 70), seed=2) * 200 + 300).astype(np.float32)
    z[20:30, 30:40] = UNDECLARED  # a void whose nodata value the file does not declare
    return write_raster(str(tmp_path / "dem.tif"), z[None]), z


def test_undeclared_minus_3_4e38_is_nodata_in_classify_and_counted_in_a_warning(tmp_path):
    path, z = dem_with_undeclared_nodata(tmp_path)
    model = make_cnn(str(tmp_path / "m.onnx"), 1, 3)
    lines: list[str] = []
    result = run_classify(
        ClassifyParams(path, model, str(tmp_path / "c.tif"), band_offset=(300,), band_scale=(100,)), log=lines.append
    )
    with rasterio.open(result.output_path) as ds:
        classes = ds.read(1)
    assert (classes[20:30, 30:40] == CLASS_NODATA).all() and (classes[:20] != CLASS_NODATA).all()
    warning = next(line for line in lines if "-3.4e+38" in line)
    assert warning.startswith("Warning: ") and "not declared as nodata" in warning and "gdal_edit.py" in warning
    count = int(warning.split()[1])
    assert count > 0  # the sampled count is named


def test_undeclared_nodata_in_a_dem_leaves_terrain_factors_nodata_there_not_garbage(tmp_path):
    path, z = dem_with_undeclared_nodata(tmp_path)
    clean = z.copy()
    clean[20:30, 30:40] = np.nan
    clean_path = write_raster(str(tmp_path / "clean.tif"), clean[None], nodata=float("nan"))
    factors = {}
    lines: list[str] = []
    for name, source in (("undeclared", path), ("declared", clean_path)):
        out = str(tmp_path / f"factors_{name}.tif")
        build_factors([TerrainFactors(source, names=("slope", "tpi"))], grid_from_raster(source), out, log=lines.append)
        with rasterio.open(out) as ds:
            factors[name] = ds.read()
    # As if the nodata had been declared: the same slope and TPI on every pixel (NaN in and around the void).
    np.testing.assert_array_equal(np.isnan(factors["undeclared"]), np.isnan(factors["declared"]))
    ok = ~np.isnan(factors["declared"])
    np.testing.assert_allclose(factors["undeclared"][ok], factors["declared"][ok], rtol=1e-6)
    assert np.isnan(factors["undeclared"][:, 22:28, 32:38]).all() and ok[:, :10, :10].sum() > 100
    assert sum("not declared as nodata" in line for line in lines) == 1  # only the file that holds them


def test_a_dem_in_micrometres_is_refused_before_anything_is_written(tmp_path):
    z = ((smooth_field((40, 40), seed=1) * 200 + 300) * 1e6).astype(np.float32)  # metres as micrometres
    path = write_raster(str(tmp_path / "dem_um.tif"), z[None])
    out = tmp_path / "factors.tif"
    with pytest.raises(InputError, match=r"beyond any elevation on Earth in metres.*Convert it to metres"):
        build_factors([TerrainFactors(path, names=("slope",))], grid_from_raster(path), str(out))
    assert not out.exists() and not [n for n in os.listdir(tmp_path) if n.startswith(".")]


def test_a_dem_of_2_by_2_cells_is_told_its_size_not_its_coverage(tmp_path):
    path = write_raster(str(tmp_path / "tiny.tif"), np.array([[[100, 101], [102, 103]]], np.float32))
    with pytest.raises(InputError, match=r"is 2 x 2 cells; terrain factors need at least 3 x 3"):
        build_factors([TerrainFactors(path, names=("slope",))], grid_from_raster(path), str(tmp_path / "f.tif"))


def test_a_cell_size_typo_is_refused_at_once_and_allowed_when_meant(tmp_path):
    grid = grid_from_extent("EPSG:32633", (500000, 5000000, 504000, 5004000), 0.01)  # 0.01 m instead of 10 m
    assert grid.width * grid.height == 160_000_000_000
    path = write_raster(str(tmp_path / "dem.tif"), np.ones((1, 10, 10), np.float32))
    with pytest.raises(InputError, match=r"far larger than a susceptibility study needs.*ALLOW_LARGE_GRID"):
        build_factors([TerrainFactors(path, names=("slope",))], grid, str(tmp_path / "f.tif"))
    big = GridSpec("EPSG:32633", (1.0, 0.0, 0.0, 0.0, -1.0, 0.0), 25_000, 20_000)  # 500 million cells
    with pytest.raises(InputError, match="ALLOW_LARGE_GRID"):
        check_grid_size(big, 1, str(tmp_path / "f.tif"))
    check_grid_size(big, 1, str(tmp_path / "f.tif"), allow_large=True)  # meant, and the disk can hold it


def test_a_slope_in_radians_where_the_model_takes_degrees_is_warned(tmp_path):
    rng = np.random.default_rng(0)
    elevation = rng.uniform(100, 600, (50, 50)).astype(np.float32)
    slope_rad = rng.uniform(0.0, 0.9, (50, 50)).astype(np.float32)
    raster = write_raster(str(tmp_path / "stack.tif"), np.stack([elevation, slope_rad]))
    meta = {"band_names": ["elevation_m", "slope_deg"], "band_offset": [300, 8], "band_scale": [120, 6]}
    model = make_cnn(str(tmp_path / "m.onnx"), 2, 3, metadata=meta)
    lines: list[str] = []
    run_classify(ClassifyParams(raster, model, str(tmp_path / "c.tif")), log=lines.append)
    warning = next(line for line in lines if "slope_deg" in line and line.startswith("Warning"))
    assert "radians" in warning and "57.29578" in warning


def test_an_output_named_png_is_refused_and_not_written(tmp_path):
    raster = write_raster(str(tmp_path / "r.tif"), np.ones((1, 20, 20), np.float32))
    model = make_cnn(str(tmp_path / "m.onnx"), 1, 2)
    with pytest.raises(
        InputError, match=r"written as a GeoTIFF.*give it the extension \.tif \(e\.g\. .*/classes\.tif\)"
    ):
        run_classify(ClassifyParams(raster, model, str(tmp_path / "classes.png")))
    assert not (tmp_path / "classes.png").exists()


def test_a_model_giving_infinity_everywhere_is_not_told_its_input_has_no_pixels(tmp_path):
    from onnx import TensorProto, helper, save

    node = helper.make_node("Div", ["x", "zero"], ["y"])
    zero = helper.make_tensor("zero", TensorProto.FLOAT, [1], [0.0])
    graph = helper.make_graph(
        [node],
        "inf",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, "H", "W"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 1, "H", "W"])],
        [zero],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    model.metadata_props.add(key="output_kind", value='"values"')
    path = str(tmp_path / "inf.onnx")
    save(model, path)
    raster = write_raster(str(tmp_path / "r.tif"), np.ones((1, 20, 20), np.float32))
    out = tmp_path / "v.tif"
    params = ClassifyParams(raster, path, str(out), nonfinite="mask", band_offset=(0,), band_scale=(1,))
    with pytest.raises(ModelError, match=r"gave NaN or infinity for every one of the 400 pixel\(s\)"):
        run_classify(params)
    assert not out.exists()


def test_las_null_values_in_a_well_table_are_gaps_and_said_so(tmp_path):
    weights = np.zeros((5, 2), np.float32)
    weights[2, 0], weights[2, 1] = 1.0, -1.0  # the class follows the centre sample's GR
    meta = {"lithoscope_task": "sequence", "class_names": ["low", "high"], "sequence_gaps": "mask"}
    model = make_linear_sequence(str(tmp_path / "f.onnx"), 5, 1, weights, activation="softmax", metadata=meta)
    gr = [10.0, 20.0, -999.25, 30.0, 40.0, 50.0, 60.0, 70.0]
    table = WellTable(["A"] * 8, [100 + i for i in range(8)], [[v] for v in gr], ("GR",))
    lines: list[str] = []
    result = run_well_logs(model, table, str(tmp_path / "out.csv"), log=lines.append)
    assert any(line.startswith("Warning: 1 value(s) of -999.25 in the logs were read as gaps") for line in lines)
    # The windows holding the null sample are masked (gaps), none is classified from -999.25.
    masked = [i for i in range(8) if result.outputs[("A", i)] is None]
    assert masked == [0, 1, 2, 3, 4]


def test_class_breaks_outside_0_to_1_are_refused():
    with pytest.raises(InputError, match="must lie between 0 and 1"):
        cls.check_user_breaks([20, 40, 60, 80])
    np.testing.assert_allclose(cls.check_user_breaks([0.2, 0.4, 0.6, 0.8]), [0.2, 0.4, 0.6, 0.8])


@pytest.mark.parametrize(("scale", "warned"), [(1.0, False), (1000.0, True)])
def test_input_outside_the_models_training_ranges_is_warned(tmp_path, scale, warned):
    """A model whose contract records band_ranges (the training data's 1st-99th percentiles): an input mostly
    outside them (here in other units: x 1000) is warned about, naming the band and both ranges; one inside is not."""
    z = (smooth_field((50, 50), seed=4) * 10 + 20).astype(np.float32)  # about 10..30
    path = write_raster(str(tmp_path / "in.tif"), (z * scale)[None])
    model = make_cnn(str(tmp_path / "m.onnx"), 1, 2, metadata={"band_names": ["slope"], "band_ranges": [[5.0, 35.0]]})
    lines: list[str] = []
    run_classify(ClassifyParams(path, model, str(tmp_path / "c.tif")), log=lines.append)
    said = [line for line in lines if "outside the range the model was trained on" in line]
    if warned:
        assert len(said) == 1 and said[0].startswith("Warning: 100% of the sampled values of 'slope'")
        assert "(5 to 35)" in said[0]
    else:
        assert said == []
