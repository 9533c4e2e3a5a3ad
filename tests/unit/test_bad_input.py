# SPDX-License-Identifier: GPL-2.0-or-later
"""Bad input gets a clear message, and nothing the user had is lost or half-written."""

import hashlib
import os

import numpy as np
import pytest
from builders import make_cnn, smooth_field, write_raster
from lithoscope.inference.errors import CancelledError, InputError, ModelError
from lithoscope.inference.pipelines.classify import ClassifyParams, run_classify


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def leftovers(folder):
    return [f for f in os.listdir(folder) if f.startswith(".lithoscope-")]


@pytest.fixture
def image(tmp_path):
    data = (np.stack([smooth_field((120, 120), seed=i) for i in range(3)]) * 120 + 128).astype(np.uint8)
    return write_raster(str(tmp_path / "image.tif"), data)


@pytest.fixture
def cnn(tmp_path):
    return make_cnn(str(tmp_path / "cnn.onnx"), 3, 4)


def test_band_count_that_does_not_fit_the_model(tmp_path, image):
    model = make_cnn(str(tmp_path / "m.onnx"), 2, 3, metadata={"band_names": ["elevation_m", "slope_deg"]})
    with pytest.raises(InputError, match=r"expects 2 band\(s\) \(elevation_m, slope_deg\), but 3"):
        run_classify(ClassifyParams(image, model, str(tmp_path / "o.tif")))
    assert not os.path.exists(tmp_path / "o.tif") and not leftovers(tmp_path)


def test_input_shape_that_does_not_fit_a_dynamic_model(tmp_path, image):
    model = make_cnn(str(tmp_path / "m.onnx"), 5, 3)  # fixed channel dim 5 in the graph
    with pytest.raises(InputError, match="expects 5 band"):
        run_classify(ClassifyParams(image, model, str(tmp_path / "o.tif")))


def test_bands_parameter_picks_the_bands_the_model_needs(tmp_path, image):
    model = make_cnn(str(tmp_path / "m.onnx"), 2, 3)
    r = run_classify(ClassifyParams(image, model, str(tmp_path / "o.tif"), bands=(1, 3)))
    assert os.path.exists(r.output_path)


@pytest.mark.parametrize("content", [b"", b"not an onnx model at all" * 10, bytes(range(256)) * 4])
def test_corrupt_or_non_onnx_file(tmp_path, image, content):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(content)
    with pytest.raises(ModelError, match="not a valid ONNX model"):
        run_classify(ClassifyParams(image, str(bad), str(tmp_path / "o.tif")))


def test_truncated_onnx_file(tmp_path, image, cnn):
    data = open(cnn, "rb").read()
    bad = tmp_path / "truncated.onnx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="(?i)corrupt|not a valid ONNX"):
        run_classify(ClassifyParams(image, str(bad), str(tmp_path / "o.tif")))


def test_ir_version_newer_than_onnxruntime_supports(tmp_path, image):
    import onnxruntime

    model = make_cnn(str(tmp_path / "new.onnx"), 3, 2, ir_version=99)
    with pytest.raises(ModelError) as err:
        run_classify(ClassifyParams(image, model, str(tmp_path / "o.tif")))
    text = str(err.value)
    assert "IR version 99" in text and onnxruntime.__version__ in text and "upgrade onnxruntime" in text


def test_opset_newer_than_onnxruntime_supports(tmp_path, image):
    model = make_cnn(str(tmp_path / "new.onnx"), 3, 2, opset=99)
    with pytest.raises(ModelError, match=r"opset 99.*supports opset up to \d+"):
        run_classify(ClassifyParams(image, model, str(tmp_path / "o.tif")))


def test_output_equal_to_input_is_refused_and_the_input_kept(tmp_path, image, cnn):
    before = digest(image)
    with pytest.raises(InputError, match="is the input raster"):
        run_classify(ClassifyParams(image, cnn, image))
    assert digest(image) == before


def test_output_in_a_folder_that_cannot_be_written(tmp_path, image, cnn):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="does not exist"):
        run_classify(ClassifyParams(image, cnn, str(blocker / "out.tif")))
    # A folder nobody can create files in, root included (os.access would say yes to root anywhere).
    with pytest.raises(InputError, match="not writable"):
        run_classify(ClassifyParams(image, cnn, "/proc/lithoscope-out.tif"))
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    os.chmod(readonly, 0o500)
    try:
        if os.geteuid() == 0:  # root may write there: the check must try, not refuse on permission bits
            run_classify(ClassifyParams(image, cnn, str(readonly / "out.tif")))
            assert os.path.getsize(readonly / "out.tif") > 0
        else:
            with pytest.raises(InputError, match="not writable"):
                run_classify(ClassifyParams(image, cnn, str(readonly / "out.tif")))
    finally:
        os.chmod(readonly, 0o700)


def test_raster_without_crs(tmp_path, cnn):
    src = write_raster(str(tmp_path / "nocrs.tif"), np.ones((3, 20, 20), np.uint8), crs=None)
    with pytest.raises(InputError, match="no coordinate reference system"):
        run_classify(ClassifyParams(src, cnn, str(tmp_path / "o.tif")))


def test_all_nodata_raster(tmp_path, cnn):
    src = write_raster(str(tmp_path / "empty.tif"), np.zeros((3, 100, 100), np.uint8), nodata=0)
    with pytest.raises(InputError, match="no valid pixels"):
        run_classify(ClassifyParams(src, cnn, str(tmp_path / "o.tif"), tile_size=32, overlap=0))
    assert not os.path.exists(tmp_path / "o.tif") and not leftovers(tmp_path)


def test_cancel_in_the_middle_keeps_the_previous_output(tmp_path, image, cnn):
    out = str(tmp_path / "o.tif")
    run_classify(ClassifyParams(image, cnn, out, str(tmp_path / "p.tif"), str(tmp_path / "o.gpkg")))
    before = (digest(out), digest(tmp_path / "p.tif"), digest(tmp_path / "o.gpkg"))
    seen = []

    def progress(f):
        seen.append(f)

    with pytest.raises(CancelledError):
        run_classify(
            ClassifyParams(image, cnn, out, str(tmp_path / "p.tif"), str(tmp_path / "o.gpkg"), tile_size=16, overlap=0),
            progress=progress,
            is_cancelled=lambda: len(seen) >= 3,
        )
    assert 0 < max(seen) < 0.9, "the run was stopped part-way"
    assert (digest(out), digest(tmp_path / "p.tif"), digest(tmp_path / "o.gpkg")) == before
    assert not leftovers(tmp_path)


def test_extent_outside_the_raster(tmp_path, image, cnn):
    with pytest.raises(InputError, match="does not overlap"):
        run_classify(ClassifyParams(image, cnn, str(tmp_path / "o.tif"), extent=(0.0, 0.0, 10.0, 10.0)))


def test_unknown_model_name(tmp_path, image):
    with pytest.raises(ModelError, match="neither an existing file nor a shipped model"):
        run_classify(ClassifyParams(image, "no_such_model", str(tmp_path / "o.tif")))
