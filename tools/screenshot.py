"""Take screenshots of the app's main views on a real display (run under Xvfb).

    xvfb-run -a -s "-screen 0 1280x720x24" python tools/screenshot.py OUT_DIR [BRIEF] [--dark]

Opens the example brief (or BRIEF) in a copy with fresh settings, so the window has the
size and layout a new user gets on that screen, shows each view, and saves PNGs.

docs/screenshots/ holds one set per screen size and theme, reduced to 256 colours:

    for size in 1280x720 1920x1080; do for theme in light dark; do
      xvfb-run -a -s "-screen 0 ${size}x24" python tools/screenshot.py /tmp/s \
        $([ $theme = dark ] && echo --dark)
      for f in /tmp/s/*.png; do
        convert "$f" -colors 256 "PNG8:docs/screenshots/$size-$theme-$(basename "$f")"
      done; done; done The Review panel's picture
is worth taking of a brief that has review items.
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

# The app keeps backups, logs and settings in the user's folders: a screenshot run keeps
# them in a temporary home instead (set before Qt or the app read them).
_HOME = tempfile.mkdtemp(prefix="briefing-screenshots-")
for _var, _sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                   ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache")):
    os.environ[_var] = os.path.join(_HOME, _sub)

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.core import queries
from desktop import resources
from desktop.ui.shell.app import App


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
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):  # greyed-out actions must look greyed out
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
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
    window.move(0, 0)

    def settle():
        # Layouts finish over a few event-loop turns (the memo page sizes its paragraphs),
        # some after a short pause (the claims re-wrap their rows 60 ms after a resize).
        end = time.monotonic() + 0.25
        while time.monotonic() < end:
            qt_app.processEvents()
            time.sleep(0.01)

    def shoot():
        claims = window.claims
        if hasattr(claims, "view"):
            claims.view.expandAll()
        anns = window.reader.model.rows
        if anns:
            window.reader.show_annotation(anns[min(1, len(anns) - 1)]["id"])
        blocks = [b for sec in queries.memo(window.session.store)["sections"]
                  for b in sec["blocks"] if b["kind"] == "claim"]
        views = {"reader": window.show_reader, "memo": window.show_memo,
                 "claims": lambda: window.focus_dock(window.claims_dock),
                 "matrix": window.show_matrix, "checks": window.show_checks}
        for name, show in views.items():
            show()
            if name == "memo" and blocks:
                window.memo.select(blocks[0]["id"])
            settle()
            window.grab().save(str(out / f"{name}.png"))
        window.tags_dock.show()   # the tag legend and highlights found by tag
        window.tags_dock.raise_()
        if window.tags.tags_model.rows:
            window.tags.tags_view.selectRow(0)
        settle()
        window.grab().save(str(out / "tags.png"))
        # The Review panel beside the memo, the first open item's paragraph selected.
        window.show_memo()
        window.review_dock.show()
        window.review_dock.raise_()
        window.resizeDocks([window.review_dock], [640], Qt.Orientation.Horizontal)
        window.review.go_to_current()
        settle()
        window.grab().save(str(out / "review.png"))
        qt_app.quit()

    QTimer.singleShot(800, shoot)
    qt_app.exec()
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
