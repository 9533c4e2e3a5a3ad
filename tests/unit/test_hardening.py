# SPDX-License-Identifier: GPL-2.0-or-later
"""Nothing lost, nothing silently wrong: outputs commit together, NaN never becomes a map,
two runs never mix, logits are spotted, and ordinary mistakes get clear messages."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading

import numpy as np
import onnx
import pytest
import rasterio
from builders import make_cnn, smooth_field, write_polygons, write_raster
from lithoscope.inference.errors import CancelledError, InputError, LithoscopeError, ModelError
from lithoscope.inference.kinds.heads import CLASS_NODATA
from lithoscope.inference.outputs import files
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify
from onnx import TensorProto, helper


def digest(path) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def leftovers(folder) -> list[str]:
    return [f for f in os.listdir(folder) if f.startswith(".lithoscope-") or f.endswith("lithoscope-lock")]


@pytest.fixture
def image(tmp_path):
    data = (np.stack([smooth_field((120, 140), seed=i) for i in range(3)]) * 120 + 128).astype(np.uint8)
    return write_raster(str(tmp_path / "image.tif"), data)


@pytest.fixture
def cnn(tmp_path):
    return make_cnn(str(tmp_path / "cnn.onnx"), 3, 4, metadata={"class_names": ["a", "b", "c", "d"]})


def outputs(tmp_path) -> dict[str, str]:
    return {"c": str(tmp_path / "c.tif"), "p": str(tmp_path / "p.tif"), "g": str(tmp_path / "c.gpkg")}


def snapshot(tmp_path) -> dict[str, str]:
    return {f: digest(tmp_path / f) for f in sorted(os.listdir(tmp_path)) if f[0] != "." and f.startswith(("c", "p"))}


def test_cancel_while_polygonising_keeps_every_earlier_file(tmp_path, image, cnn):
    out = outputs(tmp_path)
    run_classify(ClassifyParams(image, cnn, out["c"], out["p"], out["g"]))
    before = snapshot(tmp_path)
    assert {"c.tif", "p.tif", "c.gpkg", "c.qml", "p.qml"} <= set(before)
    seen = []
    with pytest.raises(CancelledError):
        run_classify(
            ClassifyParams(image, cnn, out["c"], out["p"], out["g"], tile_size=32, overlap=8),
            progress=seen.append,
            is_cancelled=lambda: bool(seen) and max(seen) >= 0.9,  # the class map is done: polygons next
        )
    assert max(seen) >= 0.9, "the cancel came after the rasters were finished"
    assert snapshot(tmp_path) == before
    assert not leftovers(tmp_path)


def test_failure_while_polygonising_keeps_every_earlier_file(tmp_path, image, cnn, monkeypatch):
    out = outputs(tmp_path)
    run_classify(ClassifyParams(image, cnn, out["c"], out["p"], out["g"]))
    before = snapshot(tmp_path)
    from lithoscope.inference.outputs import polygons

    def broken(*args, **kwargs):
        raise InputError("disk full while writing polygons")

    monkeypatch.setattr(polygons, "polygonize_classes", broken)
    with pytest.raises(InputError, match="disk full"):
        run_classify(ClassifyParams(image, cnn, out["c"], out["p"], out["g"], tile_size=32, overlap=8))
    assert snapshot(tmp_path) == before
    assert not leftovers(tmp_path)


def test_a_commit_that_fails_half_way_restores_every_earlier_file(tmp_path, monkeypatch):
    targets = [tmp_path / f"out{i}.tif" for i in range(3)]
    for i, t in enumerate(targets):
        t.write_bytes(b"old %d" % i)
    tx = files.OutputTransaction()
    for i, t in enumerate(targets):
        tmp = files.temporary_path(str(t), ".tif")
        with open(tmp, "wb") as f:
            f.write(b"new %d" % i)
        tx.add(tmp, str(t))
    calls = []
    real = files.publish

    def flaky(tmp, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(tmp, target)

    monkeypatch.setattr(files, "publish", flaky)
    with pytest.raises(OSError):
        tx.commit()
    assert [t.read_bytes() for t in targets] == [b"old 0", b"old 1", b"old 2"]
    assert not leftovers(tmp_path)


def _nan_model(path: str) -> str:
    """(N, 1, H, W) -> (N, 2, H, W): sqrt(x - 0.5) and its negative: NaN wherever x < 0.5."""
    nodes = [
        helper.make_node("Sub", ["input", "half"], ["d"]),
        helper.make_node("Sqrt", ["d"], ["s"]),
        helper.make_node("Neg", ["s"], ["n"]),
        helper.make_node("Concat", ["s", "n"], ["output"], axis=1),
    ]
    graph = helper.make_graph(
        nodes,
        "nan_model",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 1, "H", "W"])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 2, "H", "W"])],
        [onnx.numpy_helper.from_array(np.array(0.5, np.float32), "half")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)
    return path


def test_nan_from_the_model_never_becomes_a_class(tmp_path):
    data = np.linspace(0, 1, 40 * 50, dtype=np.float32).reshape(1, 40, 50)  # below 0.5 on the first half
    raster = write_raster(str(tmp_path / "r.tif"), data)
    model = _nan_model(str(tmp_path / "nan.onnx"))
    out = str(tmp_path / "c.tif")
    write_raster(out, np.full((40, 50), 7, np.uint8))  # an earlier result
    before = digest(out)
    params = dict(band_offset=(0.0,), band_scale=(1.0,), output_activation="none")
    # The option as a user gives it: its label in the dialog and its number for Processing and qgis_process.
    with pytest.raises(ModelError, match="NaN or infinite values.*Write nodata there and warn.*NONFINITE=1"):
        run_classify(ClassifyParams(raster, model, out, **params))
    assert digest(out) == before
    messages = []
    result = run_classify(ClassifyParams(raster, model, out, nonfinite="mask", **params), log=messages.append)
    with rasterio.open(result.output_path) as ds:
        classes = ds.read(1)
    nan_pixels = int((data[0] < 0.5).sum())
    assert int((classes == CLASS_NODATA).sum()) == nan_pixels
    assert (classes[data[0] >= 0.5] == 0).all()  # sqrt >= -sqrt: class 0 where defined
    assert any(f"{nan_pixels} pixel(s) where the model gave NaN" in m for m in messages)


def test_nan_scale_parameter_is_refused_by_name(tmp_path, image, cnn):
    with pytest.raises(InputError, match="scaling from the parameters holds NaN"):
        run_classify(ClassifyParams(image, cnn, str(tmp_path / "o.tif"), band_scale=(1.0, float("nan"), 1.0)))


def test_second_run_on_the_same_output_is_refused_while_the_first_runs(tmp_path, image, cnn):
    out = str(tmp_path / "c.tif")
    second: list = []

    def progress(f):
        if not second:  # start a second run on the same output from inside the first
            try:
                run_classify(ClassifyParams(image, cnn, out))
                second.append("ran")
            except InputError as exc:
                second.append(str(exc))

    result = run_classify(ClassifyParams(image, cnn, out, tile_size=32, overlap=8), progress=progress)
    assert "Another Lithoscope run" in second[0] and out in second[0]
    assert os.path.exists(result.output_path) and not leftovers(tmp_path)


def test_second_run_in_another_thread_is_refused(tmp_path, image, cnn):
    out = str(tmp_path / "c.tif")
    started, release = threading.Event(), threading.Event()
    errors = []

    def progress(f):
        started.set()
        release.wait(30)

    first = threading.Thread(
        target=lambda: run_classify(ClassifyParams(image, cnn, out, tile_size=32, overlap=8), progress=progress)
    )
    first.start()
    try:
        assert started.wait(30)
        try:
            run_classify(ClassifyParams(image, cnn, out, str(tmp_path / "p.tif")))
        except InputError as exc:
            errors.append(str(exc))
    finally:
        release.set()
        first.join(60)
    assert errors and "Another Lithoscope run" in errors[0]
    assert not os.path.exists(tmp_path / "p.tif")


def test_lock_of_another_live_process_is_respected_and_a_stale_one_taken_over(tmp_path, image, cnn):
    import socket

    out = tmp_path / "c.tif"
    lock = tmp_path / ".c.tif.lithoscope-lock"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock.write_text(f"{socket.gethostname()}:{sleeper.pid}:0123abcd")
        with pytest.raises(InputError, match=f"process {socket.gethostname()}:{sleeper.pid}"):
            run_classify(ClassifyParams(image, cnn, str(out)))
        assert lock.exists()  # not ours to remove
    finally:
        sleeper.kill()
        sleeper.wait()
    run_classify(ClassifyParams(image, cnn, str(out)))  # its process is gone: the lock is stale
    assert out.exists() and not lock.exists()


def test_a_lock_being_created_is_respected_and_an_old_empty_one_taken_over(tmp_path, image, cnn):
    out = tmp_path / "c.tif"
    lock = tmp_path / ".c.tif.lithoscope-lock"
    lock.write_text("")  # another run has just created it and not yet written its owner
    with pytest.raises(InputError, match="Another Lithoscope run"):
        run_classify(ClassifyParams(image, cnn, str(out)))
    assert lock.exists()
    old = os.path.getmtime(lock) - 3600
    os.utime(lock, (old, old))  # an empty lock an hour old: its run died before writing its owner
    run_classify(ClassifyParams(image, cnn, str(out)))
    assert out.exists() and not lock.exists()


def test_the_same_output_through_a_linked_folder_is_refused(tmp_path, image, cnn):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    second: list = []

    def progress(f):
        if not second:
            try:
                run_classify(ClassifyParams(image, cnn, str(tmp_path / "link" / "c.tif")))
                second.append("ran")
            except InputError as exc:
                second.append(str(exc))

    run_classify(ClassifyParams(image, cnn, str(real / "c.tif"), tile_size=32, overlap=8), progress=progress)
    assert "Another Lithoscope run" in second[0]
    assert not leftovers(real)


def test_logits_are_spotted_and_the_activation_can_be_given_at_run_time(tmp_path, image):
    logits = make_cnn(str(tmp_path / "raw.onnx"), 3, 4, activation="none")
    messages = []
    run_classify(ClassifyParams(image, logits, str(tmp_path / "a.tif"), str(tmp_path / "pa.tif")), log=messages.append)
    warning = [m for m in messages if m.startswith("Warning") and "logits" in m]
    assert warning and "OUTPUT_ACTIVATION" in warning[0] and "softmax" in warning[0]
    messages.clear()
    params = ClassifyParams(
        image, logits, str(tmp_path / "b.tif"), str(tmp_path / "pb.tif"), output_activation="softmax"
    )
    run_classify(params, log=messages.append)
    assert not [m for m in messages if "logits" in m]
    with rasterio.open(tmp_path / "pb.tif") as ds:
        np.testing.assert_allclose(ds.read().sum(axis=0), 1.0, atol=1e-4)


# -- messages that name the problem and the fix ----------------------------------------------------


def _no_opset(tmp_path) -> str:
    model = onnx.load(make_cnn(str(tmp_path / "m.onnx"), 3, 2))
    del model.opset_import[:]
    path = str(tmp_path / "noopset.onnx")
    onnx.save(model, path)
    return path


def _channels_last(tmp_path) -> str:
    graph = helper.make_graph(
        [helper.make_node("Transpose", ["input"], ["output"], perm=[0, 3, 1, 2])],
        "nhwc",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 256, 256, 3])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, 256, 256])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    path = str(tmp_path / "nhwc.onnx")
    onnx.save(model, path)
    return path


def _zero_bands(tmp_path) -> str:
    path = tmp_path / "zero.vrt"
    path.write_text(
        '<VRTDataset rasterXSize="10" rasterYSize="10"><SRS>EPSG:32633</SRS>'
        "<GeoTransform>500000,10,0,5000000,0,-10</GeoTransform></VRTDataset>"
    )
    return str(path)


def _vector(tmp_path) -> str:
    from shapely.geometry import box

    return write_polygons(str(tmp_path / "v.gpkg"), [box(0, 0, 1, 1)], "EPSG:32633")


def _mask_without_crs(tmp_path) -> str:
    import geopandas as gpd
    from shapely.geometry import box

    path = str(tmp_path / "nocrs.gpkg")
    gpd.GeoDataFrame({"a": [1]}, geometry=[box(500000, 4999000, 500500, 5000000)]).to_file(path)
    return path


@pytest.mark.parametrize(
    "case,message",
    [
        ("no_opset", "declares no ONNX opset.*Export it again"),
        ("channels_last", r"channels-last tiles \[1, 256, 256, 3\].*channels first"),
        ("zero_bands", "has no raster bands"),
        ("vector_input", "is a vector layer, not a raster"),
        ("output_is_a_folder", "is a folder; give a file name inside it"),
        ("empty_output", "No output file was given"),
        ("missing_input_output_exists", "Input raster not found"),
        ("nan_extent", "not four finite numbers"),
        ("mask_without_crs", "mask layer .* has no coordinate reference system"),
        ("bad_activation", "Output activation 'relu' is unknown"),
        ("bands_before_scaling", r"expects 2 band\(s\).*but 3 band\(s\)"),
    ],
)
def test_ordinary_mistakes_get_clear_messages(case, message, tmp_path, image, cnn):
    out = str(tmp_path / "o.tif")
    kw: dict = {}
    model, raster = cnn, image
    if case == "no_opset":
        model = _no_opset(tmp_path)
    elif case == "channels_last":
        model = _channels_last(tmp_path)
    elif case == "zero_bands":
        raster = _zero_bands(tmp_path)
    elif case == "vector_input":
        raster = _vector(tmp_path)
    elif case == "output_is_a_folder":
        out = str(tmp_path / "folder.tif")
        os.mkdir(out)
    elif case == "empty_output":
        out = ""
    elif case == "missing_input_output_exists":
        shutil.copyfile(image, out)
        raster = str(tmp_path / "missing.tif")
    elif case == "nan_extent":
        kw["extent"] = (float("nan"), 0.0, 1.0, 1.0)
    elif case == "mask_without_crs":
        kw["mask_path"] = _mask_without_crs(tmp_path)
    elif case == "bad_activation":
        kw["output_activation"] = "relu"
    elif case == "bands_before_scaling":
        meta = {"band_names": ["elevation_m", "slope_deg"], "band_offset": [300, 8], "band_scale": [120, 6]}
        model = make_cnn(str(tmp_path / "two.onnx"), 2, 3, metadata=meta)
    with pytest.raises(LithoscopeError, match=message):
        run_classify(ClassifyParams(raster, model, out, **kw))
    assert not leftovers(tmp_path)
