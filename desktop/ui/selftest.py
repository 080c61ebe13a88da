"""``briefing-builder --self-test``: does this installation work, end to end?

Run from a wheel install, a bundle or a checkout, it starts Qt (offscreen unless
QT_QPA_PLATFORM says otherwise), opens a copy of the shipped example brief in a real main
window, exports the memo to a temporary .docx, re-opens that file and checks that every
footnote the exporter wrote is there, referenced and cites a graded excerpt. Nothing is
written outside a temporary folder, user settings included. Exit 0 when all is well.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GRADE = re.compile(r"\b[A-F][1-6]\b")


class SelfTestFailure(Exception):
    pass


def check_footnotes(docx_path: Path, expected: int) -> int:
    """Re-open an exported memo; the number of real footnotes, each referenced and graded."""
    import docx
    from lxml import etree

    document = docx.Document(str(docx_path))   # python-docx must be able to open it
    if not any(p.text.strip() for p in document.paragraphs):
        raise SelfTestFailure("the exported memo has no text")
    with zipfile.ZipFile(docx_path) as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
    texts = {}
    for note in notes.iter(f"{W}footnote"):
        if int(note.get(f"{W}id")) > 0:   # ids ≤ 0 are Word's separators
            texts[note.get(f"{W}id")] = "".join(t.text or "" for t in note.iter(f"{W}t"))
    referenced = {ref.get(f"{W}id") for ref in body.iter(f"{W}footnoteReference")}
    if len(texts) != expected or expected == 0:
        raise SelfTestFailure(f"expected {expected} footnotes, found {len(texts)}")
    if referenced != set(texts):
        raise SelfTestFailure("footnote references and footnotes do not match")
    ungraded = [i for i, text in texts.items() if not GRADE.search(text)]
    if ungraded:
        raise SelfTestFailure(f"footnotes without a grade: {', '.join(ungraded)}")
    return len(texts)


def run() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from .. import resources, version
    from ..core import queries
    from ..core.export import export_docx
    from ..core.store import Store
    from .main_window import MainWindow
    from .session import Session

    with tempfile.TemporaryDirectory(prefix="briefing-builder-self-test-") as tmp:
        folder = Path(tmp)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        qt_app = QApplication.instance() or QApplication([sys.argv[0]])
        qt_app.setOrganizationName("BriefingBuilderSelfTest")
        brief = folder / "example.brief"
        shutil.copyfile(resources.example_brief(), brief)
        store = Store.open(brief, user="Self-test")
        window = MainWindow(Session(store))
        try:
            window.show()
            qt_app.processEvents()
            claims = len(queries.claims(store))
            if not window.isVisible() or claims == 0:
                raise SelfTestFailure("the example brief did not open in a window")
            result = export_docx(store, folder / "memo.docx")
            notes = check_footnotes(result.path, result.footnotes)
        except SelfTestFailure as exc:
            print(f"self-test failed: {exc}", file=sys.stderr)
            return 1
        finally:
            window.close()   # closes the session and its store
            qt_app.processEvents()
    print(f"self-test passed: Briefing Builder {version()} on {qt_app.platformName()}: opened "
          f"the example brief ({claims} claims) and exported its memo ({result.claims} claims, "
          f"{notes} footnotes)")
    return 0
