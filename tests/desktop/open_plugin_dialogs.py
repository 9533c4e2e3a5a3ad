# SPDX-License-Identifier: GPL-2.0-or-later
"""Run inside the QGIS desktop (`qgis --code this.py`) on a 1366 x 768 screen: open Lithoscope's dialogs over a
main window of 1366 x 728 and check that each fits the screen, its Run and Close buttons show and it leaves the
message bar in view.

Environment: LITHOSCOPE_PLUGINS (the folder holding the lithoscope package), LITHOSCOPE_DESKTOP_RESULT (written
"OK", or the problems, one a line). QGIS quits when done.
"""

import os
import sys
import traceback

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QPoint, QRect, QTimer
from qgis.utils import iface


def _problems() -> list:
    sys.path.insert(0, os.environ["LITHOSCOPE_PLUGINS"])
    from lithoscope.ui.classify_dialog import ClassifyDialog
    from lithoscope.ui.common import message_bar_rect
    from lithoscope.ui.sequence_dialog import SequenceDialog
    from lithoscope.ui.susceptibility_dialog import SusceptibilityDialog

    main = iface.mainWindow()
    main.setGeometry(0, 0, 1366, 728)
    for _ in range(10):
        QgsApplication.processEvents()
    screen = QRect(0, 0, 1366, 768)
    problems = []
    for kind in (ClassifyDialog, SequenceDialog, SusceptibilityDialog):
        dialog = kind(iface, main)
        dialog.show()
        for _ in range(5):
            QgsApplication.processEvents()
        name, frame = kind.__name__, dialog.frameGeometry()
        if dialog.minimumSizeHint().height() > 700:
            problems.append(f"{name}: minimum height {dialog.minimumSizeHint().height()}")
        if not screen.contains(frame):
            problems.append(f"{name}: {frame} is not inside the screen")
        for button in (dialog.run_button, dialog.close_button):
            corner = button.mapToGlobal(QPoint(button.width(), button.height()))
            if not screen.contains(corner):
                problems.append(f"{name}: the {button.text()} button ends off the screen at {corner}")
        if frame.intersects(message_bar_rect(iface)):
            problems.append(f"{name}: {frame} covers the message bar {message_bar_rect(iface)}")
        dialog.close()
    return problems


def _run() -> None:
    try:
        text = "\n".join(_problems()) or "OK"
    except Exception:  # noqa: BLE001 (reported to the test)
        text = "ERROR\n" + traceback.format_exc()
    with open(os.environ["LITHOSCOPE_DESKTOP_RESULT"], "w", encoding="utf-8") as f:
        f.write(text)
    QgsApplication.exit(0)


QTimer.singleShot(1500, _run)
