# SPDX-License-Identifier: GPL-2.0-or-later
"""Waiting for a dialog's background task in the tests (the task manager reports in the main thread)."""

from __future__ import annotations

import time

from qgis.PyQt.QtCore import QCoreApplication, QEventLoop


def wait_until(condition, timeout: float = 120.0) -> None:
    """Process Qt events until `condition()` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the background task"
        QCoreApplication.processEvents(QEventLoop.AllEvents, 50)
        time.sleep(0.01)
