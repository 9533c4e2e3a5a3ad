# SPDX-License-Identifier: GPL-2.0-or-later
"""Translation helper shared by the plugin, its Processing algorithms and dialogs, and the choice of .qm file."""

from __future__ import annotations

import os

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "Lithoscope"
I18N_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resources", "i18n")
# Chinese written in Traditional characters: these must never get the Simplified file (English is better).
_TRADITIONAL = {"hant", "tw", "hk", "mo"}


def tr(text: str) -> str:
    """Translate a user-facing string in the 'Lithoscope' context."""
    return QCoreApplication.translate(CONTEXT, text)


def locale_in_use(override_flag: bool, user_locale: str, qgis_translation: str, system_locale: str) -> str:
    """The locale QGIS shows its interface in: the one chosen in Options when overridden, else the one QGIS loaded
    (QgsApplication.translation(), empty when headless), else the setting, else the system's."""
    if override_flag and user_locale:
        return user_locale
    return qgis_translation or user_locale or system_locale


def translation_codes(locale: str) -> list[str]:
    """The lithoscope_<code>.qm codes to try for a QGIS locale, best first; [] means English.

    Chinese goes by script, not by two letters: zh, zh_CN, zh-Hans, zh_Hans, zh-CN and zh_SG read Simplified
    (zh_CN); zh_TW, zh-Hant and zh_HK are Traditional and get English rather than the Simplified file. Other
    languages try the full code (pt_BR) and then the language (pt).
    """
    code = (locale or "").split(".")[0].split("@")[0].replace("-", "_").strip()
    parts = [p for p in code.split("_") if p]
    if not parts or parts[0].lower() in ("c", "posix"):
        return []
    language = parts[0].lower()
    if language == "zh":
        rest = {p.lower() for p in parts[1:]}
        if "hans" in rest:  # the script decides: zh-Hans-HK is Simplified
            return ["zh_CN"]
        return [] if rest & _TRADITIONAL else ["zh_CN"]
    full = "_".join([language] + parts[1:2])
    return [full, language] if full != language else [language]


def translation_file(locale: str, folder: str = I18N_DIR) -> str | None:
    """The .qm file for a QGIS locale, or None when Lithoscope has none for it (English)."""
    for code in translation_codes(locale):
        path = os.path.join(folder, f"lithoscope_{code}.qm")
        if os.path.exists(path):
            return path
    return None
