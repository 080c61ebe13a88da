"""File → Merge another brief…: the window side of :mod:`desktop.core.merge`.

The other file is opened read-only and only read, on a worker thread with a progress dialog
that can cancel (comparing two large copies takes a while; the worker opens its own
read-only connection to this brief too). The plan is shown to the user, who picks
a side for every conflict, and the whole merge is pushed as ONE undo command (one Ctrl+Z
takes it all back). Every problem with the other file — not a brief, damaged, a different
brief, newer — is one message, and nothing changes.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFileDialog,
                               QGridLayout, QGroupBox, QLabel, QPushButton, QRadioButton,
                               QScrollArea, QVBoxLayout, QWidget)

from desktop.core import merge
from desktop.core.errors import BriefError
from desktop.core.store import Store
from desktop.ui.sharing import dialogs as sharing
from desktop.ui.common.background import BackgroundTask
from desktop.ui.common.folders import remember_folder, start_folder
from desktop.ui.common.messages import Messages

# Bookkeeping columns a user never needs to compare (``modified`` is shown on its own).
HIDDEN = {"id", "created", "created_by", "modified", "locations", "sha256", "prefix",
          "suffix", "color", "line_boxes"}
LABELS = {"import_warnings": "Import warnings", "statement": "Statement", "likelihood": "Likelihood", "confidence": "Confidence",
          "quote": "Highlighted text", "note": "Note", "credibility": "Credibility",
          "reliability": "Reliability", "memo_to": "To", "memo_from": "From",
          "memo_date": "Date", "start": "Starts at", "end": "Ends at",
          "source_id": "Source", "claim_id": "Claim", "annotation_id": "Highlight",
          "section_id": "Memo section"}
# A reference is shown as the referred item's label, not as its UUID.
REFERENCES = {"source_id": ("sources", "title"), "claim_id": ("claims", "statement"),
              "annotation_id": ("annotations", "quote"),
              "section_id": ("memo_sections", "title")}
LONGEST = 300  # characters of a value shown (a source's whole text would swamp the dialog)


# ------------------------------------------------------------------- pure rendering
def differing_fields(change: merge.ItemChange, plan: merge.MergePlan) -> list[tuple[str, str, str]]:
    """(field label, this copy's value, their value) for each field a user would compare.

    Both present: the fields that differ. One side deleted: every field the other side has,
    against "(deleted)".
    """
    mine, theirs = change.mine or {}, change.theirs or {}
    names = [k for k in (change.mine or change.theirs or {}) if k not in HIDDEN]
    if change.mine and change.theirs:
        names = [k for k in names if mine.get(k) != theirs.get(k)]
    rows = []
    for name in names:
        rows.append((LABELS.get(name, name.replace("_", " ").capitalize()),
                     _value(name, mine, change.mine is None, plan),
                     _value(name, theirs, change.theirs is None, plan)))
    return rows


def _value(name: str, row: dict, deleted: bool, plan: merge.MergePlan) -> str:
    if deleted:
        return "(deleted)"
    value = row.get(name)
    if name == "reliability" and not value:
        return "(not graded)"
    if value in (None, ""):
        return "(not set)"
    if name in REFERENCES:
        table, column = REFERENCES[name]
        target = plan.mine_rows.get(table, {}).get(value) or next(
            (c.theirs for c in plan.added if c.table == table and c.id == value), None)
        value = target[column] if target and target.get(column) else value
    text = " ".join(str(value).split())
    return text if len(text) <= LONGEST else text[:LONGEST - 1] + "…"


def title_of(item: dict) -> str:
    """A conflict's heading from its summary item: Claim “…” — changed in both copies."""
    kind = item["kind"].capitalize()
    name = f"{kind} “{item['label']}”" if item["label"] else kind
    return f"{name} — {item['reason']}"


def summary_text(plan: merge.MergePlan) -> str:
    """One paragraph: what merging will add, change and delete, and how many conflicts."""
    parts, summary = [], plan.summary()
    for word in ("added", "changed", "deleted"):
        kinds = Counter(item["kind"] for item in summary[word])
        detail = ", ".join(f"{n} {_plural(k, n)}" for k, n in sorted(kinds.items()))
        parts.append(f"{len(summary[word])} {word}" + (f" ({detail})" if detail else ""))
    if plan.tag_links:
        parts.append(f"{len(plan.tag_links)} {_plural('tag', len(plan.tag_links))} "
                     "put on highlights")
    text = f"Merging {plan.other_name} into this brief: " + "; ".join(parts) + "."
    if plan.kept:
        text += f" {plan.kept} item(s) changed only in this copy stay as they are."
    if plan.conflicts:
        text += (f"\n\n{len(plan.conflicts)} {_plural('item', len(plan.conflicts))} changed "
                 "in both copies (or deleted in one): choose which version to keep. The "
                 "version not chosen is saved in the brief.")
    return text


def _plural(word: str, n: int) -> str:
    return word if n == 1 or word.endswith("s") else word + "s"


# ------------------------------------------------------------------------- dialogs
class MergeFileChooser:
    """Which brief to merge into this one."""

    @classmethod
    def ask(cls, parent, folder: Path) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Merge another brief", str(folder),
                                              "Briefs (*.brief);;All files (*)")
        return path or None


class MergeDialog(QDialog):
    """The plan's counts, and each conflict with both versions side by side and a choice."""

    def __init__(self, parent, plan: merge.MergePlan):
        super().__init__(parent)
        self.setWindowTitle(f"Merge {plan.other_name}")
        self.plan = plan
        self.theirs_buttons: dict[str, QRadioButton] = {}
        self.mine_buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary_text(plan), wordWrap=True)
        layout.addWidget(self.summary)
        if plan.conflicts:
            layout.addWidget(self._conflict_list(plan), 1)
            row = QDialogButtonBox()
            self.all_mine = row.addButton("Keep all mine", QDialogButtonBox.ButtonRole.ActionRole)
            self.all_theirs = row.addButton("Take all theirs",
                                            QDialogButtonBox.ButtonRole.ActionRole)
            self.all_mine.clicked.connect(lambda: self.choose_all("mine"))
            self.all_theirs.clicked.connect(lambda: self.choose_all("theirs"))
            layout.addWidget(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button: QPushButton = buttons.addButton(
            "Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 560 if plan.conflicts else 200)

    def _conflict_list(self, plan: merge.MergePlan) -> QScrollArea:
        inner = QWidget()
        column = QVBoxLayout(inner)
        items = plan.summary()["conflicts"]  # in the order of plan.conflicts
        for change, item in zip(plan.conflicts, items):
            column.addWidget(self._conflict_box(change, title_of(item), plan))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _conflict_box(self, change: merge.ItemChange, title: str,
                      plan: merge.MergePlan) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        for col, text in ((1, "<b>This copy</b>"), (2, f"<b>{plan.other_name}</b>")):
            grid.addWidget(QLabel(text), 0, col)
        fields = differing_fields(change, plan)
        for row, (label, mine, theirs) in enumerate(fields, start=1):
            grid.addWidget(QLabel(label + ":"), row, 0, Qt.AlignmentFlag.AlignTop)
            for col, value in ((1, mine), (2, theirs)):
                cell = QLabel(value, wordWrap=True)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                cell.setTextFormat(Qt.TextFormat.PlainText)
                grid.addWidget(cell, row, col, Qt.AlignmentFlag.AlignTop)
        row = len(fields) + 1
        grid.addWidget(QLabel("Last changed:"), row, 0)
        for col, version in ((1, change.mine), (2, change.theirs)):
            grid.addWidget(QLabel(_when(version)), row, col)
        mine = QRadioButton("Keep mine" + (" (stays deleted)" if change.mine is None else ""),
                            accessibleName=f"Keep mine: {title}")
        theirs = QRadioButton("Take theirs" + (" (delete it)" if change.theirs is None else ""),
                              accessibleName=f"Take theirs: {title}")
        mine.setChecked(True)  # the default, as in the CLI: nothing of mine is replaced
        group = QButtonGroup(box)
        group.addButton(mine)
        group.addButton(theirs)
        grid.addWidget(mine, row + 1, 1)
        grid.addWidget(theirs, row + 1, 2)
        self.mine_buttons[change.id], self.theirs_buttons[change.id] = mine, theirs
        return box

    def choose_all(self, side: str) -> None:
        buttons = self.theirs_buttons if side == "theirs" else self.mine_buttons
        for button in buttons.values():
            button.setChecked(True)

    def choices(self) -> dict[str, str]:
        """Conflict id -> "mine" or "theirs", as :func:`merge.merge_edit` takes them."""
        return {item_id: "theirs" if button.isChecked() else "mine"
                for item_id, button in self.theirs_buttons.items()}

    @classmethod
    def ask(cls, parent, plan: merge.MergePlan) -> dict[str, str] | None:
        """The user's choices, or None if the merge was cancelled (tests replace this)."""
        dialog = cls(parent, plan)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choices()


def _when(version: dict | None) -> str:
    """When a version was last changed, in local time (stamps are stored in UTC)."""
    if version is None:
        return "(deleted)"
    stamp = str(version.get("modified") or "")
    try:
        return f"{datetime.fromisoformat(stamp.replace('Z', '+00:00')).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return stamp


# -------------------------------------------------------------------------- action
def merge_another(window) -> BackgroundTask | None:
    """File → Merge another brief…: compare off the GUI thread (progress, Cancel), then ask
    for the conflicts' choices and push the merge as one undo command.

    Returns the comparing task (None when nothing was started); its ``succeeded`` comes
    after the merge was pushed or declined, so the whole gesture is over by then.
    """
    session = window.session
    if session.readonly:
        session.error.emit("This brief is open read-only; another brief cannot be merged "
                           "into it.")
        return None
    path = MergeFileChooser.ask(window, start_folder("brief", session.store.path))
    if not path:
        return None
    remember_folder("brief", path)
    session.flush_pending()  # typing held back is part of what the other copy is compared to
    before = _state(session)
    name, user, brief = Path(path).name, session.store.user, session.store.path
    session_store = session.store

    def plan(progress, cancelled) -> merge.MergePlan:
        # On a worker thread: its own read-only connections, never the session's.
        with Store.open(path, readonly=True, user=user) as other:
            if brief is None:  # only ever called on the GUI thread (below)
                return merge.plan_merge(session.store, other, progress, cancelled)
            with session_store.reader() as mine:  # not a new open: see Store.reader
                return merge.plan_merge(mine, other, progress, cancelled)

    if brief is None:  # a brief held in memory (tests, scratch work): compared right here
        try:
            planned = plan(lambda *_: None, lambda: False)
        except BriefError as exc:
            session.error.emit(f"Cannot merge {name}: {exc}")
            return None
        _merge_planned(window, planned, before)
        return None
    task = BackgroundTask(window, plan, "Merge another brief",
                          f"Comparing {name} with this brief…")
    task.failed.connect(lambda message: session.error.emit(f"Cannot merge {name}: {message}"))
    task.cancelled.connect(lambda: window.statusBar().showMessage(
        "Merge cancelled: nothing was changed", 5000))
    # Connected before the task's own end (it is deleted after its signal): the choices are
    # asked and the merge pushed before ``succeeded`` reaches anyone connected later.
    task.succeeded.connect(lambda planned: _merge_planned(window, planned, before))
    return task.start()


def _state(session) -> tuple:
    """What tells that the brief changed: another program's commit, or a step of ours."""
    stack = session.undo_stack
    return session.store.data_version(), stack.count(), stack.index()


def _merge_planned(window, plan: merge.MergePlan, before: tuple) -> bool:
    """The comparison is done (on the GUI thread): ask, then push the merge."""
    session = window.session
    if session.closed:
        return False
    if _state(session) != before:  # changed while it was being compared
        session.check_external_changes()
        session.error.emit("The brief changed while it was being compared; nothing was "
                           "merged. Merge again to include the changes.")
        return False
    if plan.is_empty():
        Messages.info(window, "Merge another brief",
                      f"{plan.other_name} holds nothing that this brief lacks: there is "
                      "nothing to merge.")
        return False
    choices = MergeDialog.ask(window, plan)
    if choices is None:
        return False
    if session.store.data_version() != before[0]:  # another program wrote meanwhile
        session.check_external_changes()
        session.error.emit("The brief was changed by another program while you were "
                           "choosing; nothing was merged. Merge again to see the changes.")
        return False
    sharing.back_up(session.store)  # a merge can be undone, and it is backed up first too
    if session.run(merge.merge_edit, plan, choices) is None:
        return False
    window.statusBar().showMessage(
        f"Merged {plan.other_name}: {len(plan.added)} added, {len(plan.changed)} changed, "
        f"{len(plan.deleted)} deleted, {len(plan.conflicts)} conflict(s) resolved", 10000)
    return True
