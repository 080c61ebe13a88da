"""The sources list's columns: the title takes the room the grade and count leave."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core import edits
from desktop.core.model import SourceInput


def _title_fills(view) -> bool:
    header = view.horizontalHeader()
    spare = view.viewport().width() - header.sectionSize(0) - header.sectionSize(2)
    return header.sectionSize(1) == max(120, spare)


def test_the_title_column_takes_the_width_the_grade_and_count_leave(qtbot, make_window,
                                                                     brief_path):
    window = make_window(brief_path, size=(1280, 720))
    for n in range(3):
        window.session.run(edits.add_source, SourceInput(text="Some text.\n", title=f"S{n}"))
    view = window.library.view
    qtbot.waitUntil(lambda: view.isVisible() and _title_fills(view), timeout=2000)
    before = view.horizontalHeader().sectionSize(1)
    window.resizeDocks([window.library_dock], [window.width() // 2], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: view.horizontalHeader().sectionSize(1) > before + 100,
                    timeout=2000)
    assert _title_fills(view)
