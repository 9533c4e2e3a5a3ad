# SPDX-License-Identifier: GPL-2.0-or-later
"""The callbacks a run reports through: progress (0..1), a cancel check and a log of messages."""

from __future__ import annotations

from typing import Callable

ProgressFn = Callable[[float], None]
CancelFn = Callable[[], bool]
LogFn = Callable[[str], None]


def quiet(*_args) -> None:
    """A log that drops its messages."""
    return None
