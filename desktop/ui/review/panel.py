"""The Review panel: reviewers' comments and edits, worked through.

The panel lists open review items grouped by the claim or memo paragraph they touch (author,
date, the change as a word diff, a comment with its replies); Accept, Reject and Done are
each one undo step (:func:`desktop.core.review.resolve` through ``session.run``). Reading a
reviewed .docx runs off the GUI thread (:mod:`.importing`); the Edit it builds is pushed
on the GUI thread as one undo step.

:mod:`.feature` adds the panel, in a dock made when first shown, to the main window.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTextBrowser,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from desktop.core import review as core_review
from desktop.core.review import listing  # resolve (and what it loads) on first use

D = Qt.ItemDataRole
ID_ROLE = D.UserRole + 1
REFRESH_DELAY_MS = 150


class ReviewPanel(QWidget):
    """Open review items by claim and paragraph, the selected one in full, and its actions."""

    target_activated = Signal(str, str)   # target kind, target id
    import_requested = Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.items: dict[str, dict] = {}
        self._stale = True
        self._shown_before = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self._refresh_if_open)
        self._build_list()
        self._build_actions()
        self._build_layout()
        session.changed.connect(self._on_changed)
        # Filled when first shown (showEvent): the dock starts behind the library, and
        # reading the items loads the review modules the first window does not need.
        self._show_current()  # nothing chosen yet: the item buttons start disabled

    def _build_list(self) -> None:
        """The count, the last import's report and the items by claim and paragraph."""
        self.header = QLabel(self)
        self.report = QLabel(self)  # what the last import found (matched by text? unplaced?)
        self.report.setWordWrap(True)
        self.report.setVisible(False)
        self.import_button = QPushButton("&Import review…", self)
        self.import_button.clicked.connect(self.import_requested)
        self.show_resolved = QCheckBox("Show resolved", self)
        self.show_resolved.toggled.connect(self.refresh)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Item", "Author", "Date"])
        self.tree.setAccessibleName("Review items by claim and paragraph")
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())
        self.tree.itemActivated.connect(lambda *_: self.go_to_current())

    def _build_actions(self) -> None:
        """The selected item in full, a note, and Accept / Reject / Done / Show."""
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("The selected review item")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Note on how it was resolved (optional)")
        self.accept_button = QPushButton("&Accept", self)
        self.reject_button = QPushButton("Re&ject", self)
        self.done_button = QPushButton("Mar&k done", self)
        self.go_button = QPushButton("Sho&w", self)
        self.go_button.setToolTip("Show the claim, paragraph or evidence this item is on")
        self.accept_button.clicked.connect(lambda: self.resolve_current("accept"))
        self.reject_button.clicked.connect(lambda: self.resolve_current("reject"))
        self.done_button.clicked.connect(lambda: self.resolve_current("done"))
        self.go_button.clicked.connect(self.go_to_current)

    def _build_layout(self) -> None:
        # Two short rows each, so the panel fits the narrow left-hand column it shares.
        self.header.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.show_resolved)
        top.addStretch(1)
        top.addWidget(self.import_button)
        buttons = QGridLayout()
        for i, b in enumerate((self.accept_button, self.reject_button, self.done_button,
                               self.go_button)):
            buttons.addWidget(b, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(top)
        layout.addWidget(self.report)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.detail, 2)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------------- contents
    def refresh(self) -> None:
        self._timer.stop()
        self._stale = False
        current = self.current_id()
        rows = listing.items(self.session.store, everything=self.show_resolved.isChecked())
        self.items = {r["id"]: r for r in rows}
        self.tree.clear()
        groups: dict[tuple, QTreeWidgetItem] = {}
        chosen = None
        for row in rows:
            key = (row["target_kind"], row["target_id"])
            group = groups.get(key)
            if group is None:
                group = QTreeWidgetItem(self.tree, [row["target"] or "Unplaced", "", ""])
                font = QFont()
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                groups[key] = group
            label = row["kind_label"]
            if row["state"] != "open":
                label += f" ({row['state']})"
            summary = row["body"] if row["kind"] == "comment" else row["quote"]
            child = QTreeWidgetItem(group, [f"{label}: {_clip(summary)}", row["author"],
                                            row["made"][:10]])
            child.setData(0, ID_ROLE, row["id"])
            child.setToolTip(0, summary)
            if row["id"] == current:
                chosen = child
        self.tree.expandAll()
        open_rows = [r for r in rows if r["status"] == "open"]
        comments = sum(r["kind"] == "comment" for r in open_rows)
        self.header.setText("No open review items" if not open_rows else
                            f"{len(open_rows)} open: {comments} comment(s), "
                            f"{len(open_rows) - comments} change(s)")
        if chosen is None and groups:
            chosen = next(iter(groups.values())).child(0)
        self.tree.setCurrentItem(chosen)
        self._show_current()

    def current_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select(self, item_id: str) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, ID_ROLE) == item_id:
                    self.tree.setCurrentItem(group.child(j))
                    return True
        return False

    def _show_current(self) -> None:
        row = self.items.get(self.current_id() or "")
        self.detail.setHtml(item_html(row) if row else "")
        is_open = bool(row) and row["status"] == "open"
        can_accept = is_open and row["kind"] != "comment" and row["state"] != "conflict" \
            and row["target_kind"] in ("claim", "paragraph")
        self.accept_button.setEnabled(can_accept)
        self.reject_button.setEnabled(is_open)
        self.done_button.setEnabled(is_open)
        self.go_button.setEnabled(bool(row) and bool(row["target_id"]))

    # -------------------------------------------------------------------------- actions
    def resolve_current(self, action: str) -> bool:
        item_id = self.current_id()
        if not item_id:
            return False
        done = self.session.run(core_review.resolve, item_id, action, self.note.text().strip())
        if done is not None:
            self.note.clear()
        return done is not None

    def go_to_current(self) -> None:
        row = self.items.get(self.current_id() or "")
        if row and row["target_id"]:
            self.target_activated.emit(row["target_kind"], row["target_id"])

    def _on_changed(self, changes) -> None:
        # An item's state (a conflict?) depends on the text it changes: re-read after a burst
        # of edits (typing in the memo), and only while the panel is shown.
        if changes.touches("reviews", "claims", "memo", "evidence"):
            self._stale = True
            if self.isVisible():
                self._timer.start()

    def refresh_if_stale(self) -> None:
        """Read the items again if the brief changed since they were read."""
        if self._stale:
            self.refresh()

    def _refresh_if_open(self) -> None:
        if not self.session.closed and self._stale and self.in_view():
            self.refresh()

    def in_view(self) -> bool:
        """Shown and not behind another dock's tab (a tabbed dock stays "visible")."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def showEvent(self, event) -> None:
        if self._stale:
            if self._shown_before:
                self.refresh()
            else:
                # The window's first show passes through every dock, this one too while it
                # is still tabbed behind the library: fill it only if it stays in view.
                QTimer.singleShot(0, self, self._refresh_if_open)
        self._shown_before = True
        super().showEvent(event)


def item_html(row: dict) -> str:
    """The item in full: who and when, the change as a diff, or the comment and replies."""
    e = html.escape
    parts = [f"<p><b>{e(row['kind_label'].capitalize())}</b> by {e(row['author'] or 'unknown')}"
             f" · {e(row['made'][:16].replace('T', ' '))}"
             f"<br><i>{e(row['target'] or 'Not placed on a claim or paragraph')}</i></p>"]
    if row["kind"] == "comment":
        if row["quote"]:
            parts.append(f"<p>On “{e(row['quote'])}”:</p>")
        parts.append(f"<blockquote>{e(row['body'])}</blockquote>")
        for reply in row["replies"]:
            parts.append(f"<blockquote><b>{e(reply.get('author', ''))}</b>: "
                         f"{e(reply.get('text', ''))}</blockquote>")
    else:
        segments = []
        previous = "equal"
        for op, text in row["diff"]:
            if op == "insert" and previous == "delete":
                segments.append(" ")  # "a major" struck through, then "one": apart
            previous = op
            if op == "delete":
                segments.append(f"<span style='color:#c62828;text-decoration:line-through'>"
                                f"{e(text)}</span>")
            elif op == "insert":
                segments.append(f"<span style='color:#2e7d32;text-decoration:underline'>"
                                f"{e(text)}</span>")
            else:
                segments.append(e(text))
        parts.append("<p>" + "".join(segments) + "</p>")
    if row["state"] == "conflict":
        parts.append("<p><b>Conflict:</b> the brief changed since this export.</p>"
                     f"<p>The brief now: {e(row['brief_text'])}</p>"
                     f"<p>The reviewer: {e(row['after'])}</p>")
    if row["note"]:
        parts.append(f"<p>Note: {e(row['note'])}</p>")
    return "".join(parts)


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
