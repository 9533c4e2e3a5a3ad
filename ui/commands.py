# SPDX-License-Identifier: GPL-2.0-or-later
"""Commands run one after another with their output live in a dialog (the Dependencies and Training components
dialogs' pip): a module of its own, so that ui/common.py, which opens the Dependencies dialog, does not import it
back."""

from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QPlainTextEdit

from ..i18n import tr


class CommandsMixin:
    """Runs commands one after another through QProcess, their output live in the dialog's `output` (a
    QPlainTextEdit): `process` is the one running, `pending` those to come. After the last one, or the first that
    fails, `_commands_done(exit code)` is called. `stop_commands()` kills the one running (on close)."""

    process = None
    pending: list = []

    def _add_manual_and_output(self, layout, min_height: int) -> None:
        """`manual` (the commands to run by hand, selectable) and `output` (what the commands print) under it."""
        from qgis.PyQt.QtWidgets import QLabel

        self.manual = QLabel(self)
        self.manual.setWordWrap(True)
        self.manual.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.manual)
        self.output = QPlainTextEdit(self)
        self.output.setReadOnly(True)
        self.output.setMinimumHeight(min_height)
        self.output.setPlaceholderText(tr("pip's output shows here."))
        layout.addWidget(self.output, 1)

    def run_commands(self, commands: list[list[str]]) -> None:
        self.pending = [list(c) for c in commands]
        self._next_command()

    def _next_command(self) -> None:
        from qgis.PyQt.QtCore import QProcess

        program, *arguments = self.pending.pop(0)
        self.output.appendPlainText(" ".join([program, *arguments]))
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.finished.connect(self._command_finished)
        self.process.start(program, arguments)

    def _read_output(self) -> None:
        data = bytes(self.process.readAllStandardOutput()).decode("utf-8", errors="replace")
        self.output.insertPlainText(data)
        self.output.ensureCursorVisible()

    def _command_finished(self, code: int, _status) -> None:
        self.process = None
        if code == 0 and self.pending:
            self._next_command()
            return
        self.pending = []
        self._commands_done(code)

    def _commands_done(self, code: int) -> None:
        raise NotImplementedError

    def stop_commands(self) -> None:
        if self.process is not None:
            self.pending = []
            self.process.kill()
            self.process.waitForFinished(3000)
            self.process = None
