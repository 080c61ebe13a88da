"""Search as you type over the whole brief: sources, highlights and claims."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.core import queries
from desktop.ui.common.on_screen import WhenOnScreen

KIND_LABEL = {"source": "Source", "annotation": "Highlight", "claim": "Claim"}


class SearchPanel(QWidget):
    """Emits ``hit_activated(kind, item_id, source_id)`` when a result is chosen."""

    hit_activated = Signal(str, str, str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Search sources, highlights and claims")
        self.field.setAccessibleName("Search")
        self.field.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(self.results)
        # Wait for a pause in typing, so each keystroke does not start a query.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.run_query)
        self.field.textChanged.connect(lambda _: self._timer.start())
        self.field.returnPressed.connect(self._activate_first)
        self.results.itemActivated.connect(self._activate)
        self.results.itemClicked.connect(self._activate)
        # The results of a query left in the field follow the brief's changes while in view;
        # a dock tabbed behind another looks again only when brought to the front.
        self.when_seen = WhenOnScreen(self, self.run_query, 120)
        session.changed.connect(lambda _: self.field.text().strip() and self.when_seen.changed())

    def focus(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def run_query(self) -> None:
        self.when_seen.behind = False
        query = self.field.text().strip()
        self.results.clear()
        if not query:
            self.status.clear()
            return
        hits = queries.search(self.session.store, query)
        self.status.setText(f"{len(hits)} result{'s' if len(hits) != 1 else ''}"
                            + (" (first 50)" if len(hits) == 50 else ""))
        for hit in hits:
            snippet = " ".join(hit["snippet"].split())
            item = QListWidgetItem(f"{KIND_LABEL[hit['kind']]}: {snippet}")
            item.setData(Qt.ItemDataRole.UserRole, (hit["kind"], hit["id"], hit["source_id"]))
            self.results.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        self.hit_activated.emit(*item.data(Qt.ItemDataRole.UserRole))

    def _activate_first(self) -> None:
        self._timer.stop()
        self.run_query()
        if self.results.count():
            self.results.setCurrentRow(0)
            self._activate(self.results.item(0))
