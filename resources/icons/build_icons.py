"""Render ``briefing-builder.svg`` to the PNG sizes desktops ask for: ``python build_icons.py``.

The PNGs are committed (hicolor theme sizes, Windows and macOS bundles want them); this
script is how they were made, with Qt's own SVG renderer; it also writes the .ico and
.icns the Windows and macOS bundles use.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    here = Path(__file__).resolve().parent
    renderer = QSvgRenderer(str(here / "briefing-builder.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(here / f"briefing-builder-{size}.png"))
        if size == 256:
            image.save(str(here / "briefing-builder.ico"))    # Windows bundle
        if size == 512:
            image.save(str(here / "briefing-builder.icns"))   # macOS bundle
    return 0


if __name__ == "__main__":
    sys.exit(main())
