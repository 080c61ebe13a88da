"""Take screenshots of the app's main views on a real display (run under Xvfb).

    xvfb-run -a -s "-screen 0 1920x1080x24" python tools/screenshot.py OUT_DIR [BRIEF] [--dark]
        [--size 1280x720]

Opens the example brief (or BRIEF) in a copy, shows each view, and saves PNGs (the window
1500x900 unless --size says otherwise).
"""

import shutil
import sys
import time
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.core import queries
from desktop.ui.app import EXAMPLE, App


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
    argv = sys.argv[1:]
    size = (1500, 900)
    if "--size" in argv:
        at = argv.index("--size")
        size = tuple(int(n) for n in argv[at + 1].lower().split("x"))
        del argv[at:at + 2]
    args = [a for a in argv if a != "--dark"]
    out = Path(args[0] if args else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    source = Path(args[1]) if len(args) > 1 else EXAMPLE
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
    window.resize(*size)
    window.move(0, 0)

    def settle():
        """Let posted layout requests run (some post more) before a picture is taken."""
        for _ in range(5):
            qt_app.processEvents()
            time.sleep(0.05)

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
            settle()
            window.grab().save(str(out / f"{name}.png"))
        if hasattr(window, "tags_dock"):  # the tag legend and highlights found by tag
            window.tabs.setCurrentWidget(window.reader)
            window.tags_dock.raise_()
            if window.tags.tags_model.rows:
                window.tags.tags_view.selectRow(0)
            settle()
            window.grab().save(str(out / "tags.png"))
        qt_app.quit()

    QTimer.singleShot(800, shoot)
    qt_app.exec()
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
