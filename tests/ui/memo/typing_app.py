"""Run by tests/ui/memo/test_typing_crash.py (not a test): the real app on a brief, typing into a
memo paragraph, then waiting to be killed.

``python typing_app.py BRIEF BLOCK TEXT pause|hang``: opens BRIEF as ``briefing-builder``
does, shows the memo, types TEXT at the end of paragraph BLOCK with key events, prints
"typed" and then either keeps the event loop running (``pause``: the save on a pause comes)
or stops it dead (``hang``: a crash inside the pause, before the save could come).
"""

from __future__ import annotations

import sys
import time


def main(brief: str, block: str, text: str, mode: str) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell import app

    qt_app = QApplication([sys.argv[0]])
    qt_app.setOrganizationName(app.ORG_NAME)
    qt_app.setApplicationName(app.APP_NAME)
    window = app.App(qt_app, watch_file_open=False).open(brief)
    window.show_memo()
    memo = window.memo
    deadline = time.monotonic() + 30
    while memo.document.editor(block) is None and time.monotonic() < deadline:
        qt_app.processEvents()  # the memo page is built just after the window shows
        memo.select(block)
    editor = memo.document.editor(block)
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    for char in text:  # key events carrying their text: keyClicks maps ASCII only
        QTest.sendKeyEvent(QTest.KeyAction.Click, editor, Qt.Key.Key_unknown, char,
                           Qt.KeyboardModifier.NoModifier)
    print("typed", flush=True)
    if mode == "hang":
        time.sleep(600)  # no event is processed: the pause's timer never fires
    return qt_app.exec()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
