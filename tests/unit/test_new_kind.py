# SPDX-License-Identifier: GPL-2.0-or-later
"""A new model kind is a head and a task-table entry, nothing else: defined here, in this file alone, it runs
on a raster (per pixel), on a table of series and on rows (mapping units), through the one runner.

The head writes 1 where the model's value exceeds 0.5 and 0 elsewhere, as a class map with its own
style and table field; the values are checked against numpy on known inputs.
"""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from builders import make_linear_sequence, write_raster
from lithoscope.inference.kinds.heads import Head
from lithoscope.inference.kinds.tasks import TASK_TABLE, TaskEntry, register_task
from lithoscope.inference.outputs.geotiff import OutputSpec
from lithoscope.inference.outputs.styles import paletted_qml
from lithoscope.inference.pipelines.classify import ClassifyParams
from lithoscope.inference.pipelines.sequence_raster import run_sequence_raster
from lithoscope.inference.pipelines.tables import SequenceModel
from lithoscope.inference.pipelines.units import run_rows

THRESHOLD = 0.5
NAMES, COLORS = ["below", "above"], ["#2c7bb6", "#d7191c"]


class ExceedanceHead(Head):
    """1 where the model's first value exceeds THRESHOLD, 0 elsewhere (uint8, nodata 255)."""

    output_kind = "exceedance"
    nodata = 255

    def configure(self, maps, blended):
        self.value_name = next(iter(maps))
        self.channels = 1

    def to_channels(self, maps, inputs, valid):
        return maps[self.value_name][:, :1]

    def finalize(self, blended, valid, native, inside):
        out = (blended[:1] > THRESHOLD).astype(np.uint8)
        out[:, ~valid] = self.nodata
        return [out]

    def output_specs(self):
        return [OutputSpec(self.paths["output"], 1, "uint8", self.nodata, ("exceeds",), None, self.tags)]

    def observed(self, arrays):
        return None

    @property
    def classes(self):
        return [(0, NAMES[0], COLORS[0]), (1, NAMES[1], COLORS[1])]

    def styles(self, value_range):
        return [(self.paths["output"], paletted_qml(NAMES, COLORS))]

    def table_fields(self):
        return [("exceeds", "integer")]

    def table_row(self, arrays, j):
        return (int(arrays[0][0, j]),)


@pytest.fixture
def exceedance():
    register_task("exceedance", TaskEntry(ExceedanceHead, ("sequences", "rows"), "none", "values"))
    yield "exceedance"
    TASK_TABLE.pop("exceedance")


WEIGHTS = np.array([[0.25], [0.5], [-0.25], [0.5]])  # 4 steps x 1 feature -> one value


def expected(series: np.ndarray) -> np.ndarray:
    return (series.reshape(len(series), -1) @ WEIGHTS[:, 0] > THRESHOLD).astype(np.uint8)


def test_the_new_head_runs_on_a_raster(tmp_path, exceedance):
    rng = np.random.default_rng(5)
    data = rng.uniform(0, 1, (4, 20, 30)).astype(np.float32)
    data[:, 0, 0] = np.nan  # a pixel without values: nodata
    stack = write_raster(str(tmp_path / "stack.tif"), data)
    model = make_linear_sequence(str(tmp_path / "m.onnx"), 4, 1, WEIGHTS, metadata={"lithoscope_task": exceedance})
    out = str(tmp_path / "exceeds.tif")
    result = run_sequence_raster(ClassifyParams(stack, model, out, threads=1), plots=False)
    assert result.output_kind == "exceedance" and result.task == exceedance
    assert result.class_names == NAMES and result.class_colors == COLORS and result.class_values == [0, 1]
    with rasterio.open(out) as ds:
        written = ds.read(1)
    want = expected(data.reshape(4, -1).T.astype(np.float64)).reshape(20, 30)
    want[0, 0] = 255
    np.testing.assert_array_equal(written, want)
    assert 0 < (written == 1).sum() < written.size - 1  # both classes occur
    with open(tmp_path / "exceeds.qml", encoding="utf-8") as f:
        style = f.read()
    assert 'label="above"' in style and 'color="#d7191c"' in style


def test_the_new_head_runs_on_a_table_of_series(tmp_path, exceedance):
    rng = np.random.default_rng(6)
    series = rng.uniform(0, 1, (300, 4, 1))
    series[7, 2, 0] = np.nan  # a gap: the model masks the series (sequence_gaps mask)
    model = make_linear_sequence(str(tmp_path / "m.onnx"), 4, 1, WEIGHTS, metadata={"lithoscope_task": exceedance})
    ids = [f"s{i}" for i in range(300)]
    result = SequenceModel(model, "cpu", 1).predict(ids, series, "the test series")
    assert result.output_kind == "exceedance" and result.fields == [("exceeds", "integer")]
    want = expected(np.nan_to_num(series))
    for i, k in enumerate(ids):
        assert result.outputs[k] == (None if i == 7 else (int(want[i]),))
    assert result.gaps.masked == 1


def _rows_model(path: str, weights: np.ndarray, metadata: dict) -> str:
    from onnx import TensorProto, helper, numpy_helper, save

    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["value"])],
        "rows",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", weights.shape[0]])],
        [helper.make_tensor_value_info("value", TensorProto.FLOAT, ["N", 1])],
        [numpy_helper.from_array(weights.astype(np.float32), "W")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9
    for key, value in metadata.items():
        model.metadata_props.add(key=key, value=f'"{value}"')
    save(model, path)
    return path


def test_the_new_head_runs_on_rows_of_mapping_units(tmp_path, exceedance):
    rng = np.random.default_rng(7)
    values = rng.uniform(0, 1, (50, 4))
    values[3, 1] = np.nan  # a unit without every factor: no prediction
    model = _rows_model(str(tmp_path / "rows.onnx"), WEIGHTS, {"lithoscope_task": exceedance})
    result = run_rows(model, values, what="the units", unit="unit(s)", threads=1)
    assert result.output_kind == "exceedance"
    want = expected(np.nan_to_num(values))
    assert [result.outputs[i] for i in range(50)] == [None if i == 3 else (int(want[i]),) for i in range(50)]
