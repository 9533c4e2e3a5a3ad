# SPDX-License-Identifier: GPL-2.0-or-later
"""Fixed texts the core writes for people to read (report headings, table headers, plot labels), translatable
without Qt: the core wraps each in `label("...")`, a literal template filled in afterwards with `.format()`, and
the plugin installs a translator (Qt's, context 'LithoscopeCore') with `set_label_translator`. Without one,
labels are English. tools/update_translations.py collects the literals of `label()` calls into the .ts.
"""

from __future__ import annotations

from typing import Callable


def _identity(text: str) -> str:
    return text


_translator: Callable[[str], str] = _identity


def label(text: str) -> str:
    """`text` in the language of the installed translator (English when none is)."""
    return _translator(text) or text


def set_label_translator(translator: Callable[[str], str] | None) -> None:
    """Install the function that translates labels; None goes back to English."""
    global _translator
    _translator = translator if translator is not None else _identity


# -- warnings and notes kept for later (a report, a result) ------------------------------------------------------
_messages: Callable[[str], str] = _identity


def note(text: str) -> str:
    """Mark a warning or note the core keeps for a report or a result (not raised, not logged): returned as it is,
    in English (the metrics JSON keeps it so); tools/update_translations.py collects the template of its f-string,
    and `message()` translates it where people read it."""
    return text


def message(text: str) -> str:
    """A kept warning or note in the language of the installed message translator (English when none is)."""
    return _messages(text) or text


def set_message_translator(translator: Callable[[str], str] | None) -> None:
    """Install the function that translates whole messages (i18n.translate_message); None goes back to English."""
    global _messages
    _messages = translator if translator is not None else _identity
