"""The whole window on real files: import → highlight → claim → evidence → memo → Word."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from desktop.core import edits, queries
from desktop.core.store import Store

ARTICLE = ("Insurers raised premiums for ships in the Black Sea by a third 🚢.\n"
           "Officials expect exports to recover by autumn.\n"
           "Traders doubt that forecast and cite mines near the ports.\n")


@pytest.fixture
def window(make_window, brief_path, monkeypatch):
    from desktop.ui.memo.export import ExportDoneDialog

    monkeypatch.setattr(ExportDoneDialog, "ask", classmethod(lambda cls, *a, **k: None))
    return make_window(brief_path)


def test_from_source_to_word_footnote_with_undo_at_each_step(qtbot, window, tmp_path,
                                                            monkeypatch):
    session, reader = window.session, window.reader
    article = tmp_path / "premiums.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    with qtbot.waitSignal(window.importer.imported, timeout=10000):
        window.importer.import_files([article])
    assert window.library.model.rowCount() == 1
    assert reader.source_id == window.library.model.rows[0]["id"]

    quote = "raised premiums for ships"
    start = ARTICLE.index(quote)
    reader.select_range(start, start + len(quote))
    reader.highlight_action.trigger()
    assert [a["quote"] for a in queries.annotations(session.store)] == [quote]
    session.undo_stack.undo()
    assert queries.annotations(session.store) == []
    session.undo_stack.redo()

    from desktop.ui.claims.panel import NewClaimDialog
    monkeypatch.setattr(NewClaimDialog, "ask", classmethod(
        lambda cls, *a, **k: {"statement": "Shipping costs will stay high.",
                              "likelihood": "likely", "confidence": "moderate"}))
    doubt = "Traders doubt that forecast"
    start = ARTICLE.index(doubt)
    reader.select_range(start, start + len(doubt))
    reader.claim_action.trigger()
    claim = queries.claims(session.store)[0]
    assert claim["text"] == "Shipping costs will stay high."
    session.undo_stack.undo()
    assert queries.claims(session.store) == []
    session.undo_stack.redo()
    claim = queries.claims(session.store)[0]

    # Link the first highlight as contradicting evidence, through the reader's list.
    reader.list.selectRow(reader.model.row_of(queries.annotations(session.store)[0]["id"]))
    reader.view.moveCursor(reader.view.textCursor().MoveOperation.Start)
    reader.evidence_for(claim["id"], "contradicts")
    stances = sorted(e["stance"] for e in queries.claims(session.store)[0]["evidence"])
    assert stances == ["contradicts", "supports"]
    session.undo_stack.undo()
    assert len(queries.claims(session.store)[0]["evidence"]) == 1
    session.undo_stack.redo()

    # Place the claim through the memo panel: choose the section, then "Place claim…".
    from desktop.ui.memo.dialogs import ClaimChooserDialog

    monkeypatch.setattr(ClaimChooserDialog, "ask",
                        classmethod(lambda cls, parent, claims: claims[0]["id"]))
    window.show_memo()
    section = queries.find_section(session.store, "Bottom line")["id"]
    window.memo.select(section)
    window.memo.place_claim_action.trigger()
    assert queries.memo(session.store)["sections"][0]["blocks"][0]["claim"] == claim["id"]
    session.undo_stack.undo()
    assert queries.memo(session.store)["sections"][0]["blocks"] == []
    session.undo_stack.redo()
    assert queries.memo(session.store)["sections"][0]["blocks"][0]["claim"] == claim["id"]

    out = tmp_path / "memo.docx"
    with qtbot.waitSignal(window.exporter.finished, timeout=60000):
        window.exporter.start(str(out))
    document = docx.Document(str(out))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Shipping costs will stay high." in body
    xml = "".join(p.blob.decode("utf-8", "ignore") for p in document.part.package.parts
                  if p.partname.endswith("footnotes.xml"))
    assert "Traders doubt that forecast" in xml and "But see" in xml
    assert window.errors == []


def test_title_search_navigation_and_checks(qtbot, window, tmp_path):
    session = window.session
    assert window.windowTitle().startswith("Test brief — test.brief")
    session.run(edits.set_brief, title="Grain")
    assert window.windowTitle().startswith("Grain")
    session.undo_stack.undo()
    assert window.windowTitle().startswith("Test brief")

    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with qtbot.waitSignal(window.importer.imported, timeout=10000):
        window.importer.import_files([article])
    source = window.library.model.rows[0]["id"]
    ann = session.run(edits.add_annotation, source, 0, 8).item_id
    window.show_search()
    qtbot.keyClicks(window.search.field, "Insur")
    qtbot.waitUntil(lambda: window.search.results.count() >= 1)
    window.tabs.setCurrentIndex(1)
    window.go_to_hit("annotation", ann, source)
    assert window.tabs.currentWidget() is window.reader
    assert window.reader.selected_annotation() == ann

    claim = session.run(edits.add_claim, "Unsupported claim.").item_id
    window.show_checks()
    assert window.checks_dock.isVisible()  # the panel itself lists the claim's check
    assert ("no-evidence", claim) in [(r["kind"], r["id"]) for r in window.checks.model.rows]


def test_bad_import_shows_one_message_and_changes_nothing(qtbot, window, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with qtbot.waitSignal(window.importer.imported, timeout=3000, raising=False):
        window.importer.import_files([bad])
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert window.library.model.rowCount() == 0
    assert len(window.errors) == 1 and "empty" in window.errors[0]


def test_external_change_is_noticed(qtbot, window, brief_path):
    other = Store.open(brief_path, user="Someone else")
    edits.add_claim(other, "Written elsewhere.").apply(other)
    other.close()
    assert window.session.check_external_changes()
    assert "Written elsewhere." in [c["text"] for c in queries.claims(window.session.store)]


def test_app_opens_example_copy_on_first_run(qtbot, tmp_path, monkeypatch):
    from desktop.ui.shell import startup

    monkeypatch.setattr(startup.platformdirs, "user_data_dir", lambda *a: str(tmp_path / "data"))
    monkeypatch.setattr(startup, "recent_files", lambda: [])
    path, create = startup.brief_to_open([])
    assert path == tmp_path / "data" / "Example brief.brief" and path.exists() and not create
    assert path.read_bytes() == startup.resources.example_brief().read_bytes()
    assert startup.brief_to_open(["--example"]) == (path, False)
    shutil.copyfile(path, tmp_path / "again.brief")
    assert startup.brief_to_open([str(tmp_path / "new.brief")]) == (
        Path(tmp_path / "new.brief"), True)


def test_unexpected_errors_are_logged_and_reported_without_quitting(tmp_path, monkeypatch):
    import sys

    from desktop.ui.shell import app
    from desktop.ui.shell import main_window

    monkeypatch.setattr(app.platformdirs, "user_log_dir", lambda *a: str(tmp_path / "log"))
    shown = []
    monkeypatch.setattr(main_window.Messages, "error",
                        classmethod(lambda cls, parent, text: shown.append(text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app.log, "handlers", [])
    app.install_crash_handler()
    try:
        raise ZeroDivisionError("division by zero in a panel")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    for handler in app.log.handlers:
        handler.flush()
    logged = (tmp_path / "log" / "briefing-builder.log").read_text()
    assert "ZeroDivisionError: division by zero in a panel" in logged
    assert len(shown) == 1 and "Your work is saved" in shown[0]


def test_recent_files_and_layout_persist(qtbot, tmp_path, brief_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from desktop.ui.shell import main_window, startup
    from desktop.ui.shell.session import Session

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    startup.remember(brief_path)
    assert startup.recent_files()[0] == str(brief_path.resolve())
    window = main_window.MainWindow(Session(Store.open(brief_path)))
    qtbot.addWidget(window)
    window.checks_dock.hide()
    window.close()
    again = main_window.MainWindow(Session(Store.open(brief_path)))
    qtbot.addWidget(again)
    again.restore_layout()
    assert again.checks_dock.isHidden()
    again.close()


def test_an_edit_after_another_programs_change_never_undoes_it(qtbot, window, brief_path):
    session = window.session
    a = session.run(edits.add_claim, "Claim A.").item_id
    other = Store.open(brief_path, user="Colleague")
    edits.update_claim(other, a, statement="Claim A, as the colleague wrote it.").apply(other)
    other.close()
    session.run(edits.add_claim, "Claim B.")  # before the poll timer noticed the colleague
    assert session.undo_stack.count() == 1  # the history restarted at the outside change
    window.undo_action.trigger()
    window.undo_action.trigger()
    texts = [c["text"] for c in queries.claims(session.store)]
    assert texts == ["Claim A, as the colleague wrote it."]
    window.focus_dock(window.claims_dock)  # the claims are read when in view
    qtbot.waitUntil(lambda: [window.claims.model.index(r, 0).data()
                             for r in range(window.claims.model.rowCount())] == texts)


def test_undo_notices_another_programs_change_first(qtbot, window, brief_path):
    session = window.session
    session.run(edits.add_claim, "Mine.")
    other = Store.open(brief_path, user="Colleague")
    edits.add_claim(other, "Theirs.").apply(other)
    other.close()
    window.undo_action.trigger()
    assert sorted(c["text"] for c in queries.claims(session.store)) == ["Mine.", "Theirs."]
    assert not window.undo_action.isEnabled()


def test_a_failed_undo_resets_the_history_instead_of_lying(qtbot, window, monkeypatch):
    from desktop.core.errors import BriefError

    session = window.session
    edit = session.run(edits.add_claim, "Stays.")

    def refuse(store):
        raise BriefError("the disk is full; the change was not saved")

    monkeypatch.setattr(edit, "revert", refuse)
    session.undo()
    qtbot.waitUntil(lambda: session.undo_stack.count() == 0)
    assert window.errors == ["the disk is full; the change was not saved"]
    assert [c["text"] for c in queries.claims(session.store)] == ["Stays."]


def test_closing_the_window_saves_the_field_being_typed(qtbot, window, brief_path):
    window.show_memo()
    field = window.memo.header_fields["subject"]
    field.setFocus()
    qtbot.keyClicks(field, "Mali policy")
    window.close()
    with Store.open(brief_path) as store:
        assert store.memo()["subject"] == "Mali policy"


def test_save_dialogs_confirm_the_real_file_name(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui.memo import export as export_ui
    from desktop.ui.shell import main_window
    from desktop.ui.common.filedialogs import SavePath

    seen = {}

    def fake_exec(dialog):
        seen["suffix"] = dialog.defaultSuffix()
        seen["mode"] = dialog.acceptMode()
        dialog.selectFile(str(tmp_path / "memo"))
        return QFileDialog.DialogCode.Rejected

    monkeypatch.setattr(QFileDialog, "exec", fake_exec)
    assert SavePath.ask(None, "Export", str(tmp_path), "Word documents (*.docx)", "docx") is None
    assert seen == {"suffix": "docx", "mode": QFileDialog.AcceptMode.AcceptSave}

    started = []
    monkeypatch.setattr(main_window.SavePath, "ask",
                        classmethod(lambda cls, *a: str(tmp_path / "memo.docx")))
    monkeypatch.setattr(export_ui.ExportOptionsDialog, "ask",
                        classmethod(lambda cls, parent, style, annex: ("chicago", False)))
    monkeypatch.setattr(main_window, "QSettings", _MemorySettings)
    monkeypatch.setattr(window.exporter, "start",
                        lambda path, **options: started.append((path, options)))
    window.export_word()
    assert started == [(str(tmp_path / "memo.docx"), {"style": "chicago", "annex": False})]
    assert _MemorySettings.values["export/style"] == "chicago"


class _MemorySettings:
    """QSettings kept in memory, so a test leaves the user's settings alone."""

    values: dict = {}

    def value(self, key, default=None):
        return self.values.get(key, default)

    def setValue(self, key, value):
        self.values[key] = value


def test_dropping_files_and_text_on_the_window_imports_them(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    article = tmp_path / "dropped.md"
    article.write_text("# Dropped report\n\nPorts *reopened* in May.\n", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(article))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.importer.imported, timeout=10000):
        window.dropEvent(event)
    text = QMimeData()
    text.setText("Pasted by dragging: grain prices eased.")
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, text,
                                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    titles = [s["title"] for s in queries.sources(window.session.store)]
    assert titles[0] == "Dropped report" and len(titles) == 2
    assert "*" not in queries.sources(window.session.store)[0]["title"]


def test_source_hit_selects_the_accent_insensitive_match(qtbot, window, tmp_path):
    article = tmp_path / "mali.txt"
    article.write_text("Flags 🇲🇱🇫🇷 fly.\nIn Malí, the junta ruled.\n", encoding="utf-8")
    with qtbot.waitSignal(window.importer.imported, timeout=10000):
        window.importer.import_files([article])
    source = window.library.model.rows[0]["id"]
    window.search.field.setText("mali")
    assert any(h["id"] == source for h in queries.search(window.session.store, "mali"))
    window.go_to_hit("source", source, source)
    start, end = window.reader.selection()
    assert window.reader.text[start:end] == "Malí"
    assert window.reader.view.textCursor().selectedText() == "Malí"


def test_a_refused_new_edit_keeps_the_undo_history(qtbot, window, brief_path):
    session = window.session
    session.run(edits.add_claim, "First.")
    session.run(edits.add_claim, "Second.")
    import sqlite3

    blocker = sqlite3.connect(brief_path, timeout=0.1)
    blocker.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        session.store.conn.execute("PRAGMA busy_timeout = 100")
        assert session.run(edits.add_claim, "Third.") is None
    finally:
        blocker.rollback()
        blocker.close()
    qtbot.wait(20)
    assert session.undo_stack.count() == 2
    assert len(window.errors) == 1 and "busy" in window.errors[0]
    window.undo_action.trigger()
    assert [c["text"] for c in queries.claims(session.store)] == ["First."]
