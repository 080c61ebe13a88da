"""The Review panel in the real window: import a reviewed copy off the GUI thread, see the
items by claim and paragraph with badges and a Checks count, accept / done with undo."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core import queries
from desktop.core.store import Store

REVIEW_TESTS = Path(__file__).parents[2] / "core" / "review"
sys.path.insert(0, str(REVIEW_TESTS))
from reviewing import Package, edit_text, track_replace, word_comment  # noqa: E402

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _sample_module():
    path = REVIEW_TESTS.parent / "export" / "conftest.py"
    spec = importlib.util.spec_from_file_location("export_sample_memo_ui", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def window(qtbot, brief_path, monkeypatch):
    from desktop.ui.shell import main_window
    from desktop.ui.memo.export import ExportDoneDialog
    from desktop.ui.shell.session import Session

    monkeypatch.setattr(main_window.QSettings, "value", lambda self, key, default=None: default)
    errors = []
    monkeypatch.setattr(main_window.Messages, "error",
                        classmethod(lambda cls, parent, text: errors.append(text)))
    monkeypatch.setattr(ExportDoneDialog, "ask", classmethod(lambda cls, *a, **k: None))
    with Store.open(brief_path, user="Test Analyst") as store:
        sample = _sample_module().build_sample(store)
    w = main_window.MainWindow(Session(Store.open(brief_path, user="Test Analyst")))
    w.errors, w.sample = errors, sample
    qtbot.addWidget(w)
    w.show()
    yield w
    w.session.undo_stack.clear()


@pytest.fixture
def reviewed(qtbot, window, tmp_path):
    """The memo exported from the window (so recorded), then reviewed in Word."""
    out = tmp_path / "memo.docx"
    with qtbot.waitSignal(window.exporter.finished, timeout=60000):
        window.exporter.start(str(out))
    assert window.session.store.count("exports") == 1
    pkg = Package(out)
    claim = pkg.paragraph(startswith="Container traffic")
    track_replace(pkg, claim, "likely", "very likely")
    word_comment(pkg, claim, "through Q2", "Source for Q2?")
    edit_text(pkg.paragraph(startswith="Port traffic is"), "and ", "and very ")
    return pkg.save(tmp_path / "reviewed.docx")


def _import(qtbot, window, path):
    with qtbot.waitSignal(window.review_importer.finished, timeout=60000):
        assert window.review_importer.start(path)


def _child(panel, kind):
    tree = panel.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            child = group.child(j)
            if panel.items[child.data(0, Qt.ItemDataRole.UserRole + 1)]["kind"] == kind:
                return child
    raise KeyError(kind)


def test_import_groups_items_with_badges_and_a_checks_count(qtbot, window, reviewed):
    _import(qtbot, window, reviewed)
    panel, store = window.review, window.session.store
    groups = sorted(panel.tree.topLevelItem(i).text(0)
                    for i in range(panel.tree.topLevelItemCount()))
    assert groups == ["Claim: Container traffic will keep falling through Q2",
                      "Paragraph: Port traffic is falling, and fast."]
    assert panel.header.text() == "3 open: 1 comment(s), 2 change(s)"
    assert panel.report.text().startswith("3 new item(s) from reviewed.docx: 1 comment(s)")
    assert window.review_dock.isVisible()
    # Badges on the claim and the paragraph with open items, none elsewhere.
    window.focus_dock(window.claims_dock)  # the claims are read when in view
    claims = window.claims.model
    qtbot.waitUntil(lambda: claims.rowCount() > 0)
    badge = {c["id"]: claims.data(claims.index_of(c["id"]), Qt.ItemDataRole.DecorationRole)
             for c in claims.claims}
    assert badge[window.sample.claim] is not None and badge[window.sample.bare_claim] is None
    memo = window.memo.model
    prose = next(b["id"] for s in queries.memo(store)["sections"] for b in s["blocks"]
                 if b["kind"] == "prose")
    assert memo.data(memo.find(prose), Qt.ItemDataRole.DecorationRole) is not None
    window.show_checks()
    messages = [r["message"] for r in window.checks.model.rows]
    assert "1 reviewer comment unanswered" in messages
    assert "2 reviewer changes to accept or reject" in messages
    # A click on that line asks for the Review panel.
    with qtbot.waitSignal(window.checks.review_activated, timeout=1000):
        window.checks.view.clicked.emit(window.checks.model.index(
            messages.index("1 reviewer comment unanswered")))
    # The same file again adds nothing.
    _import(qtbot, window, reviewed)
    assert store.count("review_items") == 3 and window.errors == []


def test_accept_and_done_are_each_one_undo_step(qtbot, window, reviewed):
    _import(qtbot, window, reviewed)
    panel, session = window.review, window.session
    claim = lambda: session.store.get("claims", window.sample.claim)  # noqa: E731
    panel.tree.setCurrentItem(_child(panel, "replacement"))
    assert "very" in panel.detail.toPlainText() and panel.accept_button.isEnabled()
    panel.accept_button.click()
    assert claim()["likelihood"] == "very likely"
    assert session.undo_stack.undoText() == "Accept review item"
    qtbot.waitUntil(lambda: panel.header.text() == "2 open: 1 comment(s), 1 change(s)")
    session.undo()
    assert claim()["likelihood"] == "likely"
    qtbot.waitUntil(lambda: panel.header.text() == "3 open: 1 comment(s), 2 change(s)")

    panel.tree.setCurrentItem(_child(panel, "comment"))
    assert not panel.accept_button.isEnabled()
    panel.note.setText("Cited the Economist")
    panel.done_button.click()
    qtbot.waitUntil(lambda: panel.header.text() == "2 open: 0 comment(s), 2 change(s)")
    item = next(r for r in session.store.select("review_items") if r["kind"] == "comment")
    assert (item["status"], item["note"]) == ("done", "Cited the Economist")
    window.show_checks()
    assert "1 reviewer comment unanswered" not in [r["message"] for r in window.checks.model.rows]
    session.undo()
    assert session.store.get("review_items", item["id"])["status"] == "open"


def test_go_to_shows_the_paragraph_in_the_memo(qtbot, window, reviewed):
    _import(qtbot, window, reviewed)
    panel = window.review
    panel.tree.setCurrentItem(_child(panel, "edit"))
    panel.go_button.click()
    assert window.memo_dock.isVisible() and not window.memo_dock.visibleRegion().isEmpty()
    assert window.memo.current_id() == panel.items[panel.current_id()]["target_id"]


def test_a_copy_of_another_brief_is_refused_unless_the_user_agrees(qtbot, window, tmp_path,
                                                                   monkeypatch):
    from desktop.core.export import export_docx
    from desktop.ui.review import importing as review_import

    other = Store.create(tmp_path / "other.brief", user="x")
    _sample_module().build_sample(other)
    foreign = export_docx(other, tmp_path / "foreign.docx").path
    other.close()
    asked = []
    monkeypatch.setattr(review_import.ForeignCopyDialog, "ask",
                        classmethod(lambda cls, parent, message: asked.append(message)))
    with qtbot.waitSignal(window.session.error, timeout=60000):
        window.review_importer.start(foreign)
    assert "another brief" in asked[0] and window.session.store.count("review_items") == 0
    assert window.errors and "another brief" in window.errors[-1]


def test_the_review_tab_is_read_when_brought_to_the_front_not_at_start(qtbot, window,
                                                                      reviewed):
    from desktop.ui.shell.main_window import MainWindow
    from desktop.ui.shell.session import Session

    _import(qtbot, window, reviewed)
    path = window.session.store.path
    later = MainWindow(Session(Store.open(path, user="Test Analyst", readonly=True)))
    qtbot.addWidget(later)
    later.show()
    qtbot.wait(50)
    # Behind the library's tab at start: not made (nor its modules loaded) yet.
    assert not later.review_dock.is_built()
    later.review_dock.raise_()
    qtbot.waitUntil(lambda: later.review.tree.topLevelItemCount() == 2, timeout=2000)
    assert later.review.header.text() == "3 open: 1 comment(s), 2 change(s)"
    later.session.close()


def test_file_import_review_asks_for_the_file_then_reads_it(qtbot, window, reviewed,
                                                         monkeypatch):
    """File → Import review… opens its dialog where review files were last chosen (here,
    with no settings, the brief's folder) and imports the chosen file."""
    from PySide6.QtWidgets import QFileDialog

    asked = []

    def choose(parent, title, folder, filters):
        asked.append(folder)
        return str(reviewed), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    with qtbot.waitSignal(window.review_importer.finished, timeout=60000):
        window.import_review_action.trigger()
    assert asked == [str(window.session.store.path.parent)]
    assert window.review.items
