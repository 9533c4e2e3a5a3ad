# SPDX-License-Identifier: GPL-2.0-or-later
"""The Help button of every dialog: the matching page of docs/, its Markdown rendered in a window."""

from __future__ import annotations

import os

from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtWidgets import QDialog, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ..i18n import tr
from ..processing.help import help_path


class HelpWindow(QDialog):
    """A docs page (Markdown) rendered as HTML; links to other pages of docs/ open here too."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resize(760, 600)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([os.path.dirname(path)])  # the page's images
        layout.addWidget(self.browser)
        self.show_page(path)

    def show_page(self, path: str) -> None:
        """Render the Markdown page at `path`."""
        with open(path, encoding="utf-8") as f:
            self.browser.document().setMarkdown(f.read())
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(path))
        self.setWindowTitle(tr("Lithoscope help — {page}").format(page=os.path.basename(path)))


def help_button(parent: QWidget, topic: str) -> QPushButton:
    """A Help button that opens the docs page of `topic` (processing.help.HELP_PAGES); its path is `help_path`."""
    button = QPushButton(tr("Help"), parent)
    button.setObjectName("LithoscopeHelpButton")
    button.help_path = help_path(topic)
    button.setToolTip(button.help_path)

    def show() -> None:
        window = HelpWindow(button.help_path, parent)
        window.show()
        button.help_window = window  # kept alive while it is open

    button.clicked.connect(show)
    return button
