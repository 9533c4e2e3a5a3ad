# SPDX-License-Identifier: GPL-2.0-or-later
"""Translation helper shared by the plugin, its Processing algorithms and dialogs, and the choice of .qm file."""

from __future__ import annotations

import json
import os
import re

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "Lithoscope"
# The core's (inference/, susceptibility/) messages as templates, its report and plot labels: no Qt there.
CORE_CONTEXT = "LithoscopeCore"
I18N_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resources", "i18n")
TEMPLATES_FILE = os.path.join(I18N_DIR, "core_templates.json")
_NUMBERED = re.compile(r"\{(\d+)\}")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z'\"(])")
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


def core_label(text: str) -> str:
    """A core label (inference/text.py) in the language of the installed translation."""
    return QCoreApplication.translate(CORE_CONTEXT, text)


_compiled: tuple[str, list[tuple[re.Pattern, str]]] | None = None


_loaded: list[str] | None = None


def _templates() -> list[str]:
    """The core's message templates (resources/i18n/core_templates.json, written by the translation tool)."""
    global _loaded
    if _loaded is None:
        try:
            with open(TEMPLATES_FILE, encoding="utf-8") as handle:
                _loaded = [str(t) for t in json.load(handle)]
        except (OSError, ValueError):
            _loaded = []
    return _loaded


def _probe() -> str:
    """The translation of the first template: the template itself while no translation of the core is
    installed (English), and it tells one installed translation from another."""
    templates = _templates()
    return QCoreApplication.translate(CORE_CONTEXT, templates[0]) if templates else ""


def _patterns() -> list[tuple[re.Pattern, str]]:
    """(regex of an English template, its translation) for the translated templates, most literal text first;
    compiled once per installed translation (the probe's translation tells one from another)."""
    global _compiled
    probe = _probe()
    if _compiled is not None and _compiled[0] == probe:
        return _compiled[1]
    found = []
    for template in _templates():
        translation = QCoreApplication.translate(CORE_CONTEXT, template)
        if not translation or translation == template:
            continue
        parts = _NUMBERED.split(template)  # literal, number, literal, number, ...
        regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<p{part}>.*?)" for i, part in enumerate(parts))
        literal = sum(len(part) for part in parts[::2])
        found.append((literal, re.compile(regex, re.DOTALL), translation))
    found.sort(key=lambda item: -item[0])
    _compiled = (probe, [(regex, translation) for _, regex, translation in found])
    return _compiled[1]


def _match(text: str, patterns: list[tuple[re.Pattern, str]], depth: int = 0) -> str | None:
    """The translation of the first template matching all of `text`; a value that is itself a core message
    (the warning in 'Warning: {0}') is translated too, one level deep."""
    for regex, translation in patterns:
        found = regex.fullmatch(text)
        if found is not None:
            values = found.groupdict()
            if depth == 0:
                values = {k: _match(v, patterns, 1) or v if " " in v else v for k, v in values.items()}
            return _NUMBERED.sub(lambda m, v=values: v.get(f"p{m.group(1)}", m.group(0)), translation)
    return None


def translate_message(text: str) -> str:
    """A message of the core (an error, a log line) in the language of the installed translation.

    The core writes English f-strings; tools/update_translations.py turns each into a template ('Band {0} of
    {1}') translated in the context 'LithoscopeCore'. The first template matching the whole message gives its
    translation with the message's values put in; a message of several sentences that matches no template is
    translated sentence by sentence. Text that matches nothing, and any text while Lithoscope shows English,
    is returned unchanged."""
    templates = _templates()
    if not text or not templates or _probe() == templates[0]:
        return text
    patterns = _patterns()
    whole = _match(text, patterns)
    if whole is not None:
        return whole
    sentences = _SENTENCE_END.split(text)
    if len(sentences) < 2:
        return text
    return " ".join(_match(sentence, patterns) or sentence for sentence in sentences)


WARNING = "Warning: "


def translate_warning(message: str) -> tuple[bool, str]:
    """(whether the core's log line is a warning, its text translated without the 'Warning: ' prefix)."""
    if not message.startswith(WARNING):
        return False, translate_message(message)
    text = translate_message(message)
    if text == message:
        return True, message[len(WARNING) :]
    prefix = translate_message(WARNING + "\x00").split("\x00")[0]
    return True, text[len(prefix) :].lstrip() if prefix and text.startswith(prefix) else text
