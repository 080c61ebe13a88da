"""Take screenshots of the app's main views on a real display (run under Xvfb).

    xvfb-run -a -s "-screen 0 1600x1000x24" python tools/screenshot.py OUT_DIR [BRIEF] [--dark]

Opens the example brief (or BRIEF) in a copy, shows each view, and saves PNGs (the Review
panel's is worth taking of a brief that has review items).
"""

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.core import queries
from desktop import resources
from desktop.ui.app import App


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"),
                         (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.AlternateBase, "#2a2a2a"),
                         (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.Button, "#353535"),
                         (QPalette.ColorRole.ButtonText, "#e6e6e6"),
                         (QPalette.ColorRole.Highlight, "#2f65ca"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff")):
        palette.setColor(role, QColor(colour))
    return palette


def main() -> int:
    dark = "--dark" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--dark"]
    out = Path(args[0] if args else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    source = Path(args[1]) if len(args) > 1 else resources.example_brief()
    work = Path(tempfile.mkdtemp()) / source.name
    shutil.copyfile(source, work)
    # Fresh settings, so the pictures show the layout a new user gets.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      tempfile.mkdtemp())
    qt_app = QApplication(sys.argv[:1])
    qt_app.setOrganizationName("BriefingBuilder-screenshots")
    if dark:  # what a user with a dark desktop theme sees
        qt_app.setStyle("Fusion")
        qt_app.setPalette(dark_palette())
    qt_app.setApplicationName("Briefing Builder")
    window = App(qt_app).open(work)
    window.resize(1500, 900)
    window.move(0, 0)

    def shoot():
        claims = window.claims
        if hasattr(claims, "view"):
            claims.view.expandAll()
        anns = window.reader.model.rows
        if anns:
            window.reader.show_annotation(anns[min(1, len(anns) - 1)]["id"])
        for i, name in enumerate(("reader", "memo", "matrix")):
            window.tabs.setCurrentIndex(i)
            if name == "memo":
                blocks = [b for sec in queries.memo(window.session.store)["sections"]
                          for b in sec["blocks"] if b["kind"] == "claim"]
                if blocks:
                    window.memo.select(blocks[0]["id"])
            qt_app.processEvents()
            window.grab().save(str(out / f"{name}.png"))
        # The Review panel beside the memo, the first open item's paragraph selected.
        window.tabs.setCurrentWidget(window.memo)
        window.review_dock.show()
        window.review_dock.raise_()
        window.resizeDocks([window.review_dock], [640], Qt.Orientation.Horizontal)
        window.review.go_to_current()
        qt_app.processEvents()
        window.grab().save(str(out / "review.png"))
        qt_app.quit()

    QTimer.singleShot(800, shoot)
    qt_app.exec()
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
