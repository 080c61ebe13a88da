"""``briefing-builder --self-test``: does this installation work, end to end?

Run from a wheel install, a bundle or a checkout, it starts Qt (offscreen unless
QT_QPA_PLATFORM says otherwise), opens a copy of the shipped example brief in a real main
window, exports the memo to a temporary .docx, re-opens that file and checks that every
footnote the exporter wrote is there, referenced and cites a graded excerpt. Then it imports
one small file of each format (text, Markdown, a web page, a PDF, the exported .docx), which
proves a bundle carries every importer's libraries and data files. Nothing is written
outside a temporary folder, user settings included. Exit 0 when all is well.
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
GRADE = re.compile(r"(?<!\w)[A-F?][1-6]\b")  # "?2": a source not graded


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


SENTENCE = "Grain prices in Kayes rose by a third after the border closed."


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def sample_sources(memo_docx: Path) -> dict[str, tuple[bytes, str]]:
    """One small file of each importable format, each holding ``SENTENCE`` (the .docx: the
    exported memo, which holds its first claim)."""
    page = ("<html><head><title>Kayes market report</title></head><body><nav>Home | News</nav>"
            f"<article><h1>Kayes market report</h1><p>{SENTENCE}</p>"
            "<p>Traders expect the rise to last until the next harvest comes in. "
            "Officials have promised to reopen the crossing before the rains.</p>"
            "</article></body></html>")
    return {"txt": (SENTENCE.encode("utf-8"), "note.txt"),
            "md": (f"# Kayes\n\n{SENTENCE}\n".encode("utf-8"), "note.md"),
            "html": (page.encode("utf-8"), "report.html"),
            "pdf": (tiny_pdf(SENTENCE), "report.pdf"),
            "docx": (memo_docx.read_bytes(), "memo.docx")}


def check_imports(store, memo_docx: Path, first_claim: str) -> list[str]:
    """Import one file of each format into ``store``; the formats whose text came out."""
    from desktop.core import edits
    from desktop.core.importers import load

    done = []
    for fmt, (data, name) in sample_sources(memo_docx).items():
        source = load(data, name)
        expected = first_claim if fmt == "docx" else SENTENCE
        if " ".join(expected.split()[:6]) not in " ".join(source.text.split()):
            raise SelfTestFailure(f"importing a .{fmt} file lost its text")
        edits.add_source(store, source).apply(store)
        done.append(fmt)
    return done


def run() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from desktop import resources, version
    from desktop.core import queries
    from desktop.core.export import export_docx
    from desktop.core.store import Store
    from desktop.ui.shell.main_window import MainWindow
    from desktop.ui.shell.session import Session

    def quiet_offscreen(mode, context, message):
        # The offscreen platform cannot size native windows; that says nothing about the app.
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet_offscreen)
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
            formats = check_imports(store, result.path, queries.claims(store)[0]["text"])
        except SelfTestFailure as exc:
            print(f"self-test failed: {exc}", file=sys.stderr)
            return 1
        except Exception as exc:  # a broken installation: say what broke, in one line
            print(f"self-test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        finally:
            window.close()   # closes the session and its store
            qt_app.processEvents()
    print(f"self-test passed: Briefing Builder {version()} on {qt_app.platformName()}: opened "
          f"the example brief ({claims} claims) and exported its memo ({result.claims} claims, "
          f"{notes} footnotes), then imported {', '.join(formats)}")
    return 0
