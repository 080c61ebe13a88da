"""Export to Word through the controller: off the GUI thread, then Open / Show in folder."""

from __future__ import annotations

import threading
import zipfile

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.core import edits
from desktop.core.model import SourceInput
from desktop.ui.memo import export as export_ui
from desktop.ui.memo.export import ExportController, ExportDoneDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def controller(qtbot, session):
    window = QWidget()
    qtbot.addWidget(window)
    return ExportController(session, window)


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(export_ui.QDesktopServices, "openUrl",
                        staticmethod(lambda url: urls.append(url.toLocalFile()) or True))
    return urls


def place_claim(session):
    text = "Operators reported three outages in 2023, each longer than a day."
    source = session.run(edits.add_source, SourceInput(
        text=text, title="Grid report", author="Ada Byron", outlet="Energy Weekly")).item_id
    claim = session.run(edits.add_claim, "The grid failed three times in 2023",
                        likelihood="likely", confidence="moderate").item_id
    ann = session.run(edits.add_annotation, source, 0, 40).item_id
    session.run(edits.link_evidence, claim, ann)
    section = session.store.select("memo_sections", order_by=["position"])[0]["id"]
    session.run(edits.add_block, section, claim_id=claim)


def test_export_writes_the_docx_and_offers_to_open_it(qtbot, session, controller, tmp_path,
                                                      monkeypatch, opened):
    place_claim(session)
    asked = []
    monkeypatch.setattr(ExportDoneDialog, "ask", classmethod(
        lambda cls, parent, path, warnings: asked.append((path, warnings)) or cls.OPEN))
    out = tmp_path / "memo.docx"
    gui_thread = threading.get_ident()
    finished_in = []  # a direct connection runs the slot in the thread that emits
    controller.finished.connect(lambda path: finished_in.append(threading.get_ident()),
                                Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(controller.finished, timeout=20000) as done:
        assert controller.start(out)
        assert controller.busy
    assert done.args == [str(out)] and not controller.busy
    assert finished_in == [gui_thread]  # the result reaches the app on the GUI thread
    body = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "The grid failed three times in 2023" in body
    with zipfile.ZipFile(out) as package:
        assert "Operators reported three outages" in package.read("word/footnotes.xml").decode()
    assert asked[0][0] == str(out)
    assert opened == [str(out)]


def test_show_in_folder(qtbot, session, controller, tmp_path, monkeypatch, opened):
    place_claim(session)
    monkeypatch.setattr(ExportDoneDialog, "ask",
                        classmethod(lambda cls, *a: cls.SHOW_IN_FOLDER))
    with qtbot.waitSignal(controller.finished, timeout=20000):
        controller.start(tmp_path / "memo.docx", annex=False)
    assert opened == [str(tmp_path)]


def test_failure_is_reported_clearly(qtbot, session, controller, tmp_path, opened):
    errors = []
    session.error.connect(errors.append)
    out = tmp_path / "missing folder" / "memo.docx"
    with qtbot.waitSignal(controller.failed, timeout=20000) as failed:
        controller.start(out)
    assert failed.args[0].startswith("Export to Word failed:")
    assert errors == failed.args and not out.exists() and opened == []


def test_cancel_stops_the_export_and_writes_nothing(qtbot, session, controller, tmp_path,
                                                    monkeypatch):
    release = threading.Event()  # never set: a pause between progress ticks
    calls = []

    def slow_export(store, out_path, template=None, annex=True, progress=None, style=None,
                    cancelled=None):
        calls.append(store is not session.store)
        for done in range(1, 1000):
            progress(done, 1000)
            release.wait(0.01)
        raise AssertionError("the export was not cancelled")

    monkeypatch.setattr(export_ui, "export_docx", slow_export)
    with qtbot.waitSignal(controller.cancelled, timeout=20000):
        controller.start(tmp_path / "memo.docx")
        qtbot.waitUntil(lambda: controller._progress.value() > 0)
        controller._progress.findChild(QPushButton).click()  # the dialog's Cancel
    assert calls == [True]  # the worker had a store of its own
    assert not (tmp_path / "memo.docx").exists() and not controller.busy


def test_options_dialog_offers_the_styles_and_any_csl_file(qtbot, tmp_path, monkeypatch):
    from desktop.ui.memo.export import ExportOptionsDialog

    dialog = ExportOptionsDialog(None, "apa", annex=False)
    qtbot.addWidget(dialog)
    assert dialog.choice() == ("apa", False)
    labels = [dialog.styles.itemText(i) for i in range(dialog.styles.count())]
    assert labels[1:] == ["Chicago (full note)", "APA (7th edition)", "Other CSL style file…"]
    from desktop.ui.common.filedialogs import OpenPaths

    chosen = tmp_path / "house.csl"
    monkeypatch.setattr(OpenPaths, "ask", classmethod(lambda cls, *a, **k: [str(chosen)]))
    other = dialog.styles.findData(ExportOptionsDialog.OTHER)
    dialog.styles.setCurrentIndex(other)
    dialog.styles.activated.emit(other)
    assert dialog.choice() == (str(chosen), False)
    assert dialog.styles.currentText() == "house.csl"
    # Cancelling the file dialog keeps the previous choice.
    monkeypatch.setattr(OpenPaths, "ask", classmethod(lambda cls, *a, **k: []))
    other = dialog.styles.findData(ExportOptionsDialog.OTHER)
    dialog.styles.setCurrentIndex(other)
    dialog.styles.activated.emit(other)
    assert dialog.choice() == (str(chosen), False)


def test_export_in_a_csl_style(qtbot, session, controller, tmp_path, monkeypatch):
    place_claim(session)
    monkeypatch.setattr(ExportDoneDialog, "ask", classmethod(lambda cls, *a: None))
    out = tmp_path / "memo.docx"
    with qtbot.waitSignal(controller.finished, timeout=20000):
        assert controller.start(out, style="apa")
    entries = [p.text for p in docx.Document(out).paragraphs if p.style.name == "Bibliography"]
    assert entries[0].startswith("Byron, A. (n.d.). Grid report. Energy Weekly.")


def test_a_bad_style_file_is_one_clear_message(qtbot, session, controller, tmp_path):
    place_claim(session)
    bad = tmp_path / "bad.csl"
    bad.write_text("<style", encoding="utf-8")
    with qtbot.waitSignal(controller.failed, timeout=20000) as failed:
        assert controller.start(tmp_path / "memo.docx", style=str(bad))
    assert failed.args[0].startswith("Export to Word failed: citation style bad.csl could not")
    assert not (tmp_path / "memo.docx").exists()
