# SPDX-License-Identifier: GPL-2.0-or-later
"""Errors the core raises for the user to read (each says what went wrong and what to do), and
`examples`, the way messages show a few of many values.
"""

from __future__ import annotations

from typing import Sequence


class LithoscopeError(Exception):
    """A problem the user can fix; the message is shown as is in QGIS and on the command line."""


class ModelError(LithoscopeError):
    """The model file cannot be used (not ONNX, corrupt, too new, wrong shape, bad metadata)."""


class InputError(LithoscopeError):
    """The input raster, vector, extent or output path cannot be used."""


class CancelledError(LithoscopeError):
    """The user cancelled the run; nothing was written."""

    def __init__(self, message: str = "Cancelled by the user; no output was written.") -> None:
        super().__init__(message)


def examples(values: Sequence, limit: int = 5) -> str:
    """'a', 'b', 'c' and 4 more: a few values for a message."""
    shown = ", ".join(f"'{v}'" for v in list(values)[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")
