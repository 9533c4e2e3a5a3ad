# SPDX-License-Identifier: GPL-2.0-or-later
"""The y-axis of a per-pixel run's class profiles names the model's feature (contract band_names)."""

from __future__ import annotations

import numpy as np
import pytest
from builders import make_step_detector, write_raster
from lithoscope.inference.outputs import plots
from lithoscope.inference.pipelines.classify import ClassifyParams
from lithoscope.inference.pipelines.sequence_raster import run_sequence_raster

RAW = 10


def profile_labels(tmp_path, monkeypatch, extra: dict) -> list[str]:
    """The y labels of the class-profile figure of a step detector run on a 10-band stack."""
    rng = np.random.default_rng(4)
    data = rng.uniform(0.1, 0.3, (RAW, 8, 8))
    data[6:, :4] += 0.5  # a step in the top half
    stack = write_raster(str(tmp_path / "ndvi.tif"), data.astype(np.float32))
    meta = {"lithoscope_task": "sequence", "sequence_difference": 1, "class_names": ["stable", "step"], **extra}
    model = make_step_detector(str(tmp_path / "step.onnx"), RAW - 1, threshold=0.25, metadata=meta)
    figures = []
    original = plots.plot_class_profiles

    def keep(*args, **kwargs):
        figures.append(original(*args, **kwargs))
        return figures[-1]

    monkeypatch.setattr(plots, "plot_class_profiles", keep)
    result = run_sequence_raster(ClassifyParams(stack, model, str(tmp_path / "classes.tif")))
    assert result.plots == [str(tmp_path / "classes_series.png")]
    [figure] = figures
    return [ax.get_ylabel() for ax in figure.axes]


@pytest.mark.parametrize(("extra", "labels"), [({"band_names": ["NDVI"]}, ["NDVI"]), ({}, ["value"])])
def test_class_profiles_are_labelled_with_the_models_feature(tmp_path, monkeypatch, extra, labels):
    assert profile_labels(tmp_path, monkeypatch, extra) == labels


def test_chinese_axis_labels_draw_with_a_chinese_font_and_long_labels_wrap():
    """Translated labels must not come out as empty boxes (matplotlib warns of each glyph its font lacks), and
    a long y-axis label is wrapped instead of cut off at the figure's edge."""
    import warnings

    from lithoscope.inference.outputs.figures import CJK_FONTS, cjk_fonts, new_figure, plot_series
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not cjk_fonts():
        pytest.skip(f"no Chinese font installed (make setup installs fonts-wqy-microhei; looked for {CJK_FONTS})")
    figure = new_figure()
    FigureCanvasAgg(figure)
    label = "“ndvi stack”的值（原样存储，模型缩放之前）" * 2
    plot_series(figure, [1, 2, 3], [0.1, 0.5, 0.2], ["ndvi"], time_label="日期", value_label=label, title="像元")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    assert not [w for w in caught if "missing from" in str(w.message)]
    assert "\n" in figure.axes[0].get_ylabel()  # wrapped
