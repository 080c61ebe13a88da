"""The floor for start-up benchmarks (not a test): a bare PySide6 window with one text
editor, started as a whole process. ``python bare_window.py`` shows it until killed."""

import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QTextEdit

TITLE = "Bare PySide6 window"

if __name__ == "__main__":
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle(TITLE)
    window.setCentralWidget(QTextEdit())
    window.resize(1280, 720)
    window.show()
    sys.exit(app.exec())
