# SPDX-License-Identifier: GPL-2.0-or-later
"""What Lithoscope's dialogs share: one background run at a time, whose Close button cancels it."""

from __future__ import annotations


class BackgroundRunMixin:
    """For a QDialog with `self.task` (None when idle) and a `cancel_run()` method."""

    task = None

    def is_running(self) -> bool:
        """Whether a run is under way."""
        return self.task is not None

    def _close_or_cancel(self) -> None:
        if self.task is not None:
            self.cancel_run()
        else:
            self.close()
