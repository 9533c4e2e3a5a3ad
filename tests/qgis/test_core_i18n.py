# SPDX-License-Identifier: GPL-2.0-or-later
"""Simplified Chinese for the core (inference/, susceptibility/), which has no Qt: its error messages and log
lines translated at display time from their templates (i18n.translate_message), its report and plot labels
through the label translator the plugin installs (inference/text.py)."""

from __future__ import annotations

import os
import re
import sys
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
from builders import write_raster
from conftest import ROOT
from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

sys.path.insert(0, os.path.join(ROOT, "tools"))
import update_translations as extraction  # noqa: E402 (tools/ is scripts, not a package)
from lithoscope.i18n import CORE_CONTEXT, core_label, translate_message, translate_warning  # noqa: E402
from lithoscope.inference.errors import InputError  # noqa: E402
from lithoscope.inference.text import label, set_label_translator, set_message_translator  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese():
    """The shipped zh_CN translation installed, and the core's labels translated through it, as the plugin
    does for zh-Hans; both removed afterwards."""
    translator = QTranslator()
    assert translator.load(extraction.QM_PATH)
    QCoreApplication.installTranslator(translator)
    set_label_translator(core_label)
    set_message_translator(translate_message)
    yield
    set_label_translator(None)
    set_message_translator(None)
    QCoreApplication.removeTranslator(translator)


def test_every_core_template_and_label_has_a_finished_translation():
    core, templates = extraction.extract_core()
    assert not core.errors, "\n".join(core.errors)
    assert len(templates) > 400 and len(core.messages) > len(templates)  # messages and log lines, then labels
    problems = extraction.core_problems(core, templates, extraction.read_ts(context=extraction.CORE_CONTEXT))
    assert not problems, "run tools/update_translations.py and translate:\n" + "\n".join(problems[:40])
    assert extraction.main(["--check"]) == 0


def test_the_shipped_qm_has_every_core_text_in_chinese(chinese):
    core, _ = extraction.extract_core()
    english = [s for s in core.messages if not CJK.search(QCoreApplication.translate(CORE_CONTEXT, s))]
    # Texts that read the same in Chinese: a value and its name only, the names of processors and metrics, and the
    # list separator (a full-width comma, outside the CJK ideographs).
    same = {"{kind} AUC", "{name} (n = {n})", "the CPU", "the GPU (CUDA)", "kappa", "RMSE", "MAE", "F1", "AUC", ", "}
    assert set(english) <= same, english[:10]


def test_the_extraction_makes_numbered_templates_of_raised_messages_and_log_lines(tmp_path):
    module = tmp_path / "core.py"
    module.write_text(
        "from .errors import InputError, ModelError\n"
        "from .text import label as _l\n"
        "def f(log, name, n, path):\n"
        "    log(f'Reading {name}: {n} band(s)')\n"
        "    log(name)\n"
        "    _l('Depth'), label('not ours')\n"
        "    if n:\n"
        "        raise InputError(f'Band {n} of {name!r} is empty; ' 'choose another.')\n"
        "    raise ModelError('Model file not found: ' + path)\n"
    )
    core, templates = extraction.extract_core([str(module)], root=str(tmp_path))
    assert templates == [
        "Reading {0}: {1} band(s)",
        "Band {0} of {1} is empty; choose another.",
        "Model file not found: {0}",
    ]
    assert list(core.messages) == [templates[0], "Depth", templates[1], templates[2]]


def test_english_and_unknown_text_are_left_as_they_are(chinese):
    assert translate_message("Nothing Lithoscope writes, 42.") == "Nothing Lithoscope writes, 42."
    assert translate_message("") == ""


def test_without_the_translation_messages_and_labels_stay_english():
    message = "Model file not found: /tmp/m.onnx"
    assert translate_message(message) == message
    assert translate_warning("Warning: " + message) == (True, message)
    assert label("Summary") == "Summary"


def test_a_core_error_comes_out_in_chinese_with_its_values(chinese, tmp_path):
    from lithoscope.inference.sources.raster import open_raster

    missing = str(tmp_path / "dem_2020.tif")
    with pytest.raises(InputError) as caught:
        open_raster(missing)
    assert str(caught.value).startswith("Input raster not found:")
    text = translate_message(str(caught.value))
    assert CJK.search(text) and missing in text, text
    assert text == f"未找到输入栅格：{missing}。请检查路径，或重新选择图层。"


def test_a_classify_run_with_too_few_bands_fails_in_chinese(chinese, provider, cnn_path, tmp_path):
    import processing

    two = write_raster(str(tmp_path / "two_bands.tif"), np.ones((2, 40, 40), np.uint8))
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("lithoscope:classify", {"INPUT": two, "MODEL": cnn_path, "OUTPUT": str(tmp_path / "c.tif")})
    text = str(caught.value)
    assert CJK.search(text), text
    assert "3" in text and "2" in text and "two_bands.tif" in text and "BANDS" in text, text


def test_a_warning_log_line_is_translated_without_its_prefix(chinese):
    line = (
        "Warning: the raster has 5.0 m pixels but the model was trained on 10.0 m; results may be poor. Resample the "
        "raster to the model's resolution for best results."
    )
    warning, text = translate_warning(line)
    assert warning and CJK.search(text) and "5.0" in text and "10.0" in text, text
    assert not text.startswith(("Warning", "警告")), text
    # A warning that is itself a core message, behind the generic 'Warning: {0}'.
    assert translate_message("Warning: Model file not found: a.onnx") == "警告：未找到模型文件：a.onnx"
    # Sentence by sentence when no template covers the whole.
    joined = translate_message(
        "The area to process is empty (0 pixels); choose a larger extent. "
        "Tile size 4 is too small; use at least 8 pixels (256 is typical)."
    )
    assert joined == "待处理区域为空（0 个像元）；请选择更大的范围。 瓦片大小 4 过小；至少应为 8 个像元（常用 256）。"


def _validation() -> SimpleNamespace:
    rng = np.random.default_rng(0)
    folds = []
    for number, auc in enumerate([0.8, 0.84, 0.78], start=1):
        fpr = np.concatenate([[0.0], np.sort(rng.uniform(0, 1, 20)), [1.0]])
        recall = np.linspace(1.0, 0.0, 10)
        folds.append(
            SimpleNamespace(
                kind="spatial",
                fold=number,
                auc=auc,
                n_train=80,
                n_test=20,
                roc=(fpr, np.clip(fpr ** (1 / (2 * auc)), 0, 1)),
                pr=(recall, np.clip(0.5 + 0.4 * (1 - recall), 0, 1)),
            )
        )
    return SimpleNamespace(
        kind="spatial",
        folds=folds,
        mean_auc=0.807,
        std_auc=0.025,
        importance={"slope": (0.12, 0.02), "geology": (0.05, 0.01)},
        partial_dependence={},
        baseline_auc=0.7,
    )


def test_the_susceptibility_report_with_chinese_labels(chinese, tmp_path):
    from lithoscope.susceptibility.report import write_report

    x = np.linspace(0, 100, 51)
    context = {
        "data": {"presences": 150, "absences": 150},
        "validations": [_validation()],
        "success_rate": (x, 100 * (1 - (1 - x / 100) ** 4)),
        "classes": [
            {"class": 1, "name": "low", "lower": 0, "upper": 0.5, "area_pct": 70, "landslide_pct": 20},
            {"class": 2, "name": "high", "lower": 0.5, "upper": 1, "area_pct": 30, "landslide_pct": 80},
        ],
    }
    path = str(tmp_path / "report.html")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_report(path, context)
    # Its plots draw the Chinese labels with a Chinese font (matplotlib warns of every glyph its font lacks).
    assert not [w for w in caught if "missing from" in str(w.message)]
    with open(path, encoding="utf-8") as handle:
        page = handle.read()
    for heading in ("滑坡易发性评价报告", "摘要", "如何阅读本报告", "验证", "成功率曲线与预测率曲线", "易发性分区"):
        assert f">{heading}<" in page, heading
    assert '<html lang="zh-Hans">' in page
    assert "频率比" in page and "空间交叉验证" in page and "0.807" in page
    assert "Summary" not in page and "How to read" not in page


def test_plot_labels_in_chinese(chinese):
    from lithoscope.inference.outputs.figures import import_matplotlib, plot_series
    from lithoscope.susceptibility import report

    import_matplotlib()
    from matplotlib.figure import Figure

    figure = plot_series(Figure(), np.arange(5.0), np.arange(5.0), time_label="Date")
    assert figure.axes[0].get_xlabel() == "日期"
    figure = Figure()
    report._draw_roc(figure, _validation())
    ax = figure.axes[0]
    assert ax.get_xlabel() == "假阳性率（被误判的稳定区）"
    assert ax.get_title() == "ROC，空间验证"


def test_notes_kept_for_the_report_are_translated_where_they_are_read(chinese, tmp_path):
    """A validation's notes (not raised, not logged) stay English in the result and come out Chinese in the report."""
    from lithoscope.susceptibility.report import write_report

    validation = _validation()
    english = "2 spatial fold(s) hold fewer than 5 held-out landslides (fold 1: 3, fold 4: 2): too few to judge, so "
    validation.warnings = [english + "their AUC is left out."]
    path = str(tmp_path / "report.html")
    write_report(path, {"data": {"presences": 150, "absences": 150}, "validations": [validation]})
    page = open(path, encoding="utf-8").read()
    assert "个spatial折的留出滑坡少于 5 个（fold 1: 3, fold 4: 2）" in page and english not in page
    assert validation.warnings[0].startswith("2 spatial fold(s)")  # the result itself stays as the core wrote it


def test_warnings_from_functions_that_return_lists_are_translated(chinese):
    """coverage_warnings and the like build their texts into a list: their templates are extracted too."""
    text = translate_message("The layer 'faults' covers about 40 % of the area; pixels outside it are nodata.")
    assert text == "图层“faults”约覆盖区域的 40%；其范围外的像元为无数据。"


def test_a_value_that_is_itself_a_core_text_is_translated_inside_the_line(chinese):
    """'running on the CPU': the device words come from a message function, so the Chinese line has no English."""
    line = translate_message("Model m.onnx (susceptibility), running on the CPU")
    assert "the CPU" not in line and "CPU" in line and "m.onnx" in line


def test_susceptibility_class_legends_in_chinese_while_the_data_keep_english(chinese):
    from lithoscope.susceptibility import classes

    legend = classes.classes_qml()
    assert 'label="极低"' in legend and 'label="极高"' in legend and "very low" not in legend
    assert classes.CLASS_NAMES[0] == "very low" and classes.shown_class_name("moderate") == "中"


def test_the_training_report_and_card_in_chinese(chinese, tmp_path):
    """The report and card of a training job speak Chinese: headings, the verdict sentence with its filled-in words
    (held-out groups, baselines, metric), table headers and plot labels (drawn with a Chinese font)."""
    from lithoscope.inference.outputs.files import OutputTransaction
    from lithoscope.learning.common import TrainingData, TrainSettings, classification_metrics
    from lithoscope.learning.report import write_card, write_report

    truth = np.array([0, 0, 1, 1, 1, 0, 1, 0])
    scores = {
        "model": classification_metrics(truth, np.array([0, 0, 1, 1, 0, 0, 1, 0]), 2),
        "majority class": classification_metrics(truth, np.zeros(8, int), 2),
        "random forest": classification_metrics(truth, np.array([0, 1, 1, 1, 1, 0, 1, 0]), 2),
    }
    data = TrainingData(
        kind="sequence", folder=str(tmp_path), groups=np.zeros(8, int), group_names=["A"], group_word="wells",
        band_names=["GR", "RHOB"], offset=[0.0, 0.0], scale=[1.0, 1.0], ranges=[[10.0, 150.0], [2.0, 2.9]],
        contract={}, data={"wells": "3", "curves": "GR, RHOB"}, class_names=["sand", "shale"],
        sample_word="labelled depth samples",
    )  # fmt: skip
    history = [{"epoch": e, "loss": 1.0 / e, "val": 0.5 + e / 20, "val_loss": 1.2 / e} for e in range(1, 6)]
    context = {
        "title": "test", "data": data, "settings": TrainSettings(), "history": {"validation": history, "final": []},
        "metrics": {"held_out": "wells", "groups": {"train": 3, "val": 1, "test": 1}, "samples": {"test": 8},
                    "scores": scores},
        "device": "cpu", "samples_per_s": 100.0, "best_epoch": 5, "check_diff": 1e-7, "idx": {"test": np.arange(8)},
        "pred": np.zeros((8, 2)), "model_name": "m.onnx",
    }  # fmt: skip
    path, card = str(tmp_path / "report.html"), str(tmp_path / "m.md")
    tx = OutputTransaction()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_report(path, context, tx)
    tx.commit()
    write_card(card, context)
    assert not [w for w in caught if "missing from" in str(w.message)]
    page = open(path, encoding="utf-8").read()
    assert '<html lang="zh-Hans">' in page
    for text in ("留出数据上的技能", "学习曲线", "逐类", "随机森林", "多数类", "宏 F1", "精确率", "在 1 个留出的井"):
        assert text in page, text
    assert "Skill on held-out" not in page and "random forest" not in page
    text = open(card, encoding="utf-8").read()
    assert "## 局限" in text and "| 随机森林 |" in text
