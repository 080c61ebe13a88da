"""A tiny app entry for the whole-process benchmarks (not a test).

``python app_entry.py BRIEF [--rss]`` starts the app the way ``briefing-builder BRIEF`` does
(QApplication, safe open, backup, main window with the saved layout, shown), processes
events once, optionally prints the resident set size in KiB, and exits.
"""

from __future__ import annotations

import sys


def resident_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def main(argv: list[str]) -> int:
    from desktop.ui.shell import startup

    startup.load_before_qt()  # as python -m desktop does, before Qt loads
    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell import app

    qt_app = QApplication([sys.argv[0]])
    qt_app.setOrganizationName(app.ORG_NAME)
    qt_app.setApplicationName(app.APP_NAME)
    window = app.App(qt_app, watch_file_open=sys.platform == "darwin").open(argv[0])
    qt_app.processEvents()
    if window is None or not window.isVisible():
        return 1
    if "--rss" in argv:
        print(resident_kib())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
