# SPDX-License-Identifier: GPL-2.0-or-later
"""Simplified Chinese: every tr() message translated in the .ts and the shipped .qm, and loaded for zh-Hans."""

from __future__ import annotations

import os
import re
import sys

import pytest
from conftest import ROOT
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

sys.path.insert(0, os.path.join(ROOT, "tools"))
import update_translations as extraction  # noqa: E402 (tools/ is scripts, not a package)
from lithoscope.i18n import CONTEXT, locale_in_use, translation_codes, translation_file  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
# Names that read the same in Chinese.
SAME_IN_CHINESE = {
    "Lithoscope",
    "CPU",
    "CUDA GPU",
    "Sigmoid",
    "GeoTIFF (*.tif *.tiff)",
    "GeoPackage (*.gpkg)",
    "pytorch",
    "GRU",
    "LSTM",
}


@pytest.fixture(scope="module")
def code():
    return extraction.extract()


@pytest.mark.parametrize(
    "locale",
    ["zh", "zh_CN", "zh-Hans", "zh_Hans", "zh-CN", "zh_SG", "zh_CN.UTF-8", "zh-Hans-CN", "ZH_cn"],
)
def test_simplified_chinese_locales_get_the_zh_cn_file(locale):
    assert translation_codes(locale) == ["zh_CN"]
    assert os.path.samefile(translation_file(locale), extraction.QM_PATH)


@pytest.mark.parametrize("locale", ["zh_TW", "zh-Hant", "zh_HK", "zh-Hant-TW", "zh_Hant_HK", "zh_MO"])
def test_traditional_chinese_never_gets_the_simplified_file(locale):
    assert translation_codes(locale) == []
    assert translation_file(locale) is None


def test_other_languages_try_the_full_code_then_the_language(tmp_path):
    assert translation_codes("pt_BR") == ["pt_BR", "pt"]
    assert translation_codes("de-AT") == ["de_AT", "de"]
    assert translation_codes("fr") == ["fr"]
    assert translation_codes("") == [] and translation_codes("C") == []
    (tmp_path / "lithoscope_pt.qm").write_bytes(b"")
    assert translation_file("pt_BR", str(tmp_path)) == str(tmp_path / "lithoscope_pt.qm")
    assert translation_file("de_DE", str(tmp_path)) is None


def test_the_locale_is_the_one_chosen_in_options_else_the_one_qgis_loaded():
    assert locale_in_use(True, "zh-Hans", "en_US", "en_US") == "zh-Hans"
    assert locale_in_use(False, "de", "zh-Hans", "en_US") == "zh-Hans"
    assert locale_in_use(False, "zh_CN", "", "en_US") == "zh_CN"
    assert locale_in_use(False, "", "", "fr_FR") == "fr_FR"


def test_no_f_string_or_expression_is_passed_to_tr(code):
    assert not code.errors, "\n".join(code.errors)
    assert len(code.messages) > 500


def test_no_sentence_in_the_plugin_is_written_outside_tr():
    texts = extraction.untranslated_texts()
    assert not texts, "pass these through tr():\n" + "\n".join(texts)


def test_the_extraction_reports_f_strings_and_untranslated_texts(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "from .i18n import tr\n"
        "def f(name, label):\n"
        "    label.setText('Choose a layer')\n"
        "    return tr(f'Layer {name}'), tr(name), tr('Fine ' 'and joined'), tr('Good {n}').format(n=name)\n"
    )
    found = extraction.extract([str(module)], root=str(tmp_path))
    assert list(found.messages) == ["Fine and joined", "Good {n}"]
    assert [e.split(": ", 1)[0] for e in found.errors] == ["bad.py:3", "bad.py:4", "bad.py:4"]
    assert "f-string" in found.errors[2] or "f-string" in found.errors[1]
    assert extraction.untranslated_texts([str(module)], root=str(tmp_path)) == [
        "bad.py:3: text outside tr(): 'Choose a layer'"
    ]


def test_every_message_has_a_finished_translation_in_the_ts(code):
    problems = extraction.problems(code, extraction.read_ts())
    assert not problems, "run tools/update_translations.py and translate:\n" + "\n".join(problems[:40])


def test_the_shipped_qm_translates_every_message_as_the_ts_does(code):
    ts = extraction.read_ts()
    translator = QTranslator()
    assert translator.load(extraction.QM_PATH), "resources/i18n/lithoscope_zh_CN.qm is missing: run the tool"
    stale = []
    # Through the application, as tr() reads it (QTranslator.translate() in PyQt takes ASCII only).
    QCoreApplication.installTranslator(translator)
    try:
        for source in code.messages:
            text = QCoreApplication.translate(CONTEXT, source)
            if text != ts[source][0] or not text.strip():
                stale.append(source)
            elif source not in SAME_IN_CHINESE and not CJK.search(text):
                stale.append(source)
    finally:
        QCoreApplication.removeTranslator(translator)
    assert not stale, (
        f"{len(stale)} messages not in Chinese in the .qm (rerun tools/update_translations.py): {stale[:5]}"
    )


def test_key_geology_terms(code):
    ts = extraction.read_ts()
    assert ts["Slope"][0] == "坡度"
    assert ts["Landslide susceptibility"][0] == "滑坡易发性"
    assert "岩性" in ts["Polygons with fields (lithology, rock strength)"][0]
    assert "空间" in ts["Spatial k-fold"][0] and "交叉验证" in ts["Spatial k-fold"][0]


@pytest.fixture
def chinese_qgis():
    """QGIS set to Simplified Chinese the way its Options dialog stores it (zh-Hans); restored afterwards."""
    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/userLocale", "locale/overrideFlag")}

    def use(locale: str) -> None:
        settings.setValue("locale/userLocale", locale)
        settings.setValue("locale/overrideFlag", True)

    yield use
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def _plugin(qgis_iface):
    from lithoscope.plugin import LithoscopePlugin

    return LithoscopePlugin(qgis_iface)


def test_qgis_in_simplified_chinese_shows_the_plugin_in_chinese(qgis_iface, qgis_processing, chinese_qgis):
    from lithoscope.inference.text import label
    from lithoscope.processing.susceptibility import SusceptibilityAlgorithm

    chinese_qgis("zh-Hans")
    plugin = _plugin(qgis_iface)
    try:
        assert plugin.translator is not None
        registry = QgsApplication.processingRegistry()
        if registry.providerById("lithoscope") is not None:
            registry.removeProvider(registry.providerById("lithoscope"))
        plugin.initGui()
        assert plugin.classify_action.text() == "栅格分类…"
        assert plugin.susceptibility_action.text() == "滑坡易发性…"
        assert plugin.sequence_action.text() == "序列模型…"
        assert plugin.series_action.text() == "查看序列"
        algorithm = SusceptibilityAlgorithm()
        assert algorithm.displayName() == "滑坡易发性制图"
        assert "滑坡易发性" in algorithm.shortHelpString()
        algorithm.initAlgorithm()
        descriptions = [p.description() for p in algorithm.parameterDefinitions()]
        assert all(CJK.search(d) for d in descriptions), descriptions
        assert label("Landslide susceptibility report") == "滑坡易发性评价报告"  # the core's report and plots
    finally:
        plugin.unload()
    assert plugin.translator is None
    assert QCoreApplication.translate(CONTEXT, "Slope") == "Slope"  # removed on unload
    assert label("Landslide susceptibility report") == "Landslide susceptibility report"


@pytest.mark.parametrize("locale", ["zh_TW", "zh-Hant"])
def test_qgis_in_traditional_chinese_shows_the_plugin_in_english(qgis_iface, chinese_qgis, locale):
    chinese_qgis(locale)
    translator = _plugin(qgis_iface).translator
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
    assert translator is None
    assert QCoreApplication.translate(CONTEXT, "Classify raster…") == "Classify raster…"
