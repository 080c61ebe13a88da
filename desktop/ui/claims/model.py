"""The claims tree as an item model: claims at the top level, their evidence beneath.

The model adapts the plain rows of :func:`queries.claims` and holds no SQL and no rules.
Edits made in the view (a claim's statement, likelihood or confidence; an annotation dropped
on a claim) are turned into core edits pushed through the session, so each is one undo step;
the panel then re-reads the claims a change notice touched and :meth:`ClaimsModel.update`
swaps, inserts, moves and removes just those rows.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.core import edits
from desktop.core.model import LIKELIHOOD
from desktop.ui.common.badges import (STANCE_LABELS, grade_tooltip, review_icon, stance_colour,
                                      stance_icon)
from desktop.ui.common.mime import ANNOTATION_MIME, read_id
from desktop.ui.common.rows_model import sync_rows

# internalId of a claim index. An evidence index stores its claim's key: a number given to
# each claim id for the model's lifetime, so child indexes stay right when claims move.
_ROOT = 0
D = Qt.ItemDataRole
F = Qt.ItemFlag
# Flags computed once: a tree view asks for every expanded row's flags on each relayout.
_NO_FLAGS = F.NoItemFlags
_CLAIM_FLAGS = F.ItemIsEnabled | F.ItemIsSelectable | F.ItemIsDropEnabled
_EDITABLE_FLAGS = _CLAIM_FLAGS | F.ItemIsEditable
_EVIDENCE_FLAGS = _CLAIM_FLAGS | F.ItemNeverHasChildren


def stance_summary(evidence: list[dict]) -> str:
    """ "2 ✓ 1 ✗" — supporting and contradicting counts, context in brackets."""
    counts = {s: 0 for s in STANCE_LABELS}
    for e in evidence:
        counts[e["stance"]] += 1
    parts = []
    if counts["supports"]:
        parts.append(f"{counts['supports']} ✓")
    if counts["contradicts"]:
        parts.append(f"{counts['contradicts']} ✗")
    if counts["context"]:
        parts.append(f"({counts['context']})")
    return " ".join(parts)


class ClaimsModel(QAbstractItemModel):
    """Rows of :func:`queries.claims`; writes go through ``session.run`` as core edits."""

    COLUMNS = ("Claim / evidence", "Likelihood", "Confidence", "Grade / source")
    TEXT, LIKELIHOOD, CONFIDENCE, GRADE = range(4)
    FIELDS = {TEXT: "statement", LIKELIHOOD: "likelihood", CONFIDENCE: "confidence"}
    IdRole = D.UserRole + 1          # the claim's or the evidence link's id
    KindRole = D.UserRole + 2        # "claim" or "evidence"
    AnnotationRole = D.UserRole + 3  # an evidence row's annotation id
    ClaimRole = D.UserRole + 4       # the claim id (of the row itself or of its parent)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.claims: list[dict] = []
        self._keys: dict[str, int] = {}  # claim id -> key (internalId of its evidence rows)
        self._ids: dict[int, str] = {}   # key -> claim id
        self._rows: dict[str, int] = {}  # claim id -> row
        self.review_counts: dict[str, int] = {}  # claim id -> open review items (a badge)

    # --------------------------------------------------------------------------- loading
    def load(self, claims: list[dict]) -> bool:
        """Adopt fresh rows. Returns True when the tree's shape changed (a reset).

        When only values changed (the common case: an edited likelihood, a new stance) the
        rows are swapped in place with ``dataChanged``, so open editors, expansion and
        selection are untouched.
        """
        if _shape(claims) == _shape(self.claims):
            self.claims = claims
            if claims:
                last = len(self.COLUMNS) - 1
                self.dataChanged.emit(self.index(0, 0), self.index(len(claims) - 1, last))
                for row, claim in enumerate(claims):
                    if claim["evidence"]:
                        parent = self.index(row, 0)
                        self.dataChanged.emit(self.index(0, 0, parent),
                                              self.index(len(claim["evidence"]) - 1, last,
                                                         parent))
            return False
        self.beginResetModel()
        self.claims = claims
        self._keys.clear()
        self._ids.clear()
        self._reindex()
        self.endResetModel()
        return True

    def update(self, order: list[str], fresh: dict[str, dict]) -> list[str] | None:
        """Adopt a partial re-read without a reset.

        ``order`` is every claim id in display order, ``fresh`` the re-read claims by id
        (every claim that is new or whose values or evidence may have changed). Claims
        missing from ``order`` are removed, new ones inserted, and the rows of ``fresh``
        claims updated in place (evidence rows inserted, moved or removed as needed). Returns
        the ids of claims that were inserted or gained their first evidence (to expand), or
        None when the change is too big to signal row by row: the caller then reloads.
        """
        if any(cid not in self._rows and cid not in fresh for cid in order):
            return None
        inserted = sync_rows(self, QModelIndex(), self.claims, order, fresh.__getitem__,
                             self._reindex)
        if inserted is None:
            return None
        grown = []
        last = len(self.COLUMNS) - 1
        for cid, claim in fresh.items():
            row = self._rows.get(cid)
            if row is None or cid in inserted:
                continue
            shown = self.claims[row]
            had = len(shown["evidence"])
            links = {e["id"]: e for e in claim["evidence"]}
            if sync_rows(self, self.index(row, 0), shown["evidence"],
                         [e["id"] for e in claim["evidence"]], links.__getitem__) is None:
                return None
            self.claims[row] = claim  # same evidence ids in the same order as shown now
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            if claim["evidence"]:
                parent = self.index(row, 0)
                self.dataChanged.emit(self.index(0, 0, parent),
                                      self.index(len(claim["evidence"]) - 1, last, parent))
                if not had:
                    grown.append(cid)
        return inserted + grown

    def claims_showing(self, ids) -> set[str]:
        """Ids of the shown claims that are among ``ids`` or show an evidence link, highlight
        or source among them (rows a deletion may have touched; the store no longer knows)."""
        ids = set(ids)
        return {c["id"] for c in self.claims
                if c["id"] in ids or any(e["id"] in ids or e["annotation"] in ids
                                         or e["source"] in ids for e in c["evidence"])}

    def _reindex(self) -> None:
        self._rows = {c["id"]: row for row, c in enumerate(self.claims)}
        for cid in self._rows:
            if cid not in self._keys:
                key = len(self._keys) + 1
                self._keys[cid] = key
                self._ids[key] = cid

    def _row_of_key(self, key: int) -> int:
        return self._rows.get(self._ids.get(key, ""), -1)

    def claim_row(self, claim_id: str) -> int:
        return self._rows.get(claim_id, -1)

    def index_of(self, item_id: str) -> QModelIndex:
        """The index (column 0) of a claim or an evidence link by id; invalid if absent."""
        for row, claim in enumerate(self.claims):
            if claim["id"] == item_id:
                return self.index(row, 0)
            for erow, ev in enumerate(claim["evidence"]):
                if ev["id"] == item_id:
                    return self.index(erow, 0, self.index(row, 0))
        return QModelIndex()

    def is_claim(self, index: QModelIndex) -> bool:
        return index.isValid() and index.internalId() == _ROOT

    def claim_of(self, index: QModelIndex) -> dict | None:
        """The claim an index is, or belongs to."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == _ROOT else self._row_of_key(index.internalId())
        return self.claims[row] if row >= 0 else None

    def evidence_of(self, index: QModelIndex) -> dict | None:
        if not index.isValid() or index.internalId() == _ROOT:
            return None
        row = self._row_of_key(index.internalId())
        return self.claims[row]["evidence"][index.row()] if row >= 0 else None

    # ------------------------------------------------------------------------- structure
    def index(self, row, column, parent=QModelIndex()):
        # Bounds checked here rather than with hasIndex(): this runs for every visible row.
        if row < 0 or not 0 <= column < len(self.COLUMNS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _ROOT) if row < len(self.claims) else QModelIndex()
        if parent.internalId() != _ROOT or parent.column() != 0:
            return QModelIndex()
        claim = self.claims[parent.row()]
        if row >= len(claim["evidence"]):
            return QModelIndex()
        return self.createIndex(row, column, self._keys[claim["id"]])

    def parent(self, index=None):
        if index is None:  # QObject.parent()
            return super().parent()
        if not index.isValid() or index.internalId() == _ROOT:
            return QModelIndex()
        row = self._row_of_key(index.internalId())
        return self.createIndex(row, 0, _ROOT) if row >= 0 else QModelIndex()

    def rowCount(self, parent=QModelIndex()):
        if not parent.isValid():
            return len(self.claims)
        if parent.internalId() == _ROOT and parent.column() == 0:
            return len(self.claims[parent.row()]["evidence"])
        return 0

    def columnCount(self, parent=QModelIndex()):
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=D.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == D.DisplayRole:
            return self.COLUMNS[section]
        return None

    def set_review_counts(self, counts: dict[str, int]) -> None:
        """Badge the claims with open review items (``counts``: claim id -> items)."""
        changed = {k for k in counts.keys() | self.review_counts.keys()
                   if counts.get(k) != self.review_counts.get(k)}
        self.review_counts = counts
        for claim_id in changed:
            if claim_id in self._rows:
                index = self.index(self._rows[claim_id], self.TEXT)
                self.dataChanged.emit(index, index)

    # ------------------------------------------------------------------------------ data
    def data(self, index, role=D.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == _ROOT:
            return self._claim_data(self.claims[index.row()], index.column(), role)
        claim = self.claims[self._row_of_key(index.internalId())]
        return self._evidence_data(claim, claim["evidence"][index.row()], index.column(), role)

    def _claim_data(self, claim: dict, column: int, role):
        if role in (D.DisplayRole, D.EditRole):
            if column == self.GRADE:
                return stance_summary(claim["evidence"]) if role == D.DisplayRole else None
            return claim[("text", "likelihood", "confidence")[column]] or ""
        if role == D.ToolTipRole:
            if column == self.LIKELIHOOD and claim["likelihood"]:
                return f"{claim['likelihood']} ({LIKELIHOOD[claim['likelihood']]})"
            if column == self.GRADE:
                return _count_sentence(claim["evidence"])
            if column == self.TEXT:
                count = self.review_counts.get(claim["id"], 0)
                return claim["text"] + (f"\n({count} open review item(s))" if count else "")
            return None
        if role == D.FontRole and column == self.TEXT:
            font = QFont()
            font.setBold(True)
            return font
        if role == D.DecorationRole and column == self.TEXT and self.review_counts.get(
                claim["id"]):
            return review_icon()
        if role == D.AccessibleTextRole and column == self.TEXT:
            return f"Claim: {claim['text']}"
        if role == self.IdRole or role == self.ClaimRole:
            return claim["id"]
        if role == self.KindRole:
            return "claim"
        return None

    def _evidence_data(self, claim: dict, ev: dict, column: int, role):
        if role == D.DisplayRole:
            if column == self.TEXT:
                return " ".join(ev["quote"].split())
            if column == self.GRADE:
                return f"{ev['grade']} · {ev['source_title'] or '(untitled source)'}"
            return None
        if role == D.DecorationRole and column == self.TEXT:
            return stance_icon(ev["stance"])
        if role == D.ForegroundRole and column == self.TEXT:
            return stance_colour(ev["stance"])
        if role == D.FontRole and column == self.TEXT and ev["status"] == "orphan":
            font = QFont()
            font.setItalic(True)
            return font
        if role == D.ToolTipRole:
            if column == self.GRADE:
                return grade_tooltip(ev["grade"])
            lines = [f"{STANCE_LABELS[ev['stance']]}: “{ev['quote']}”"]
            if ev["note"]:
                lines.append(f"Note: {ev['note']}")
            if ev["status"] == "orphan":
                lines.append("This highlight lost its place in the source text.")
            return "\n".join(lines)
        if role == D.AccessibleTextRole and column == self.TEXT:
            return f"{STANCE_LABELS[ev['stance']]}: {ev['quote']}"
        if role == self.IdRole:
            return ev["id"]
        if role == self.ClaimRole:
            return claim["id"]
        if role == self.AnnotationRole:
            return ev["annotation"]
        if role == self.KindRole:
            return "evidence"
        return None

    def flags(self, index):
        if not index.isValid():
            return _NO_FLAGS  # no dropping between claims: nothing to link to
        if index.internalId() != _ROOT:
            return _EVIDENCE_FLAGS
        return _EDITABLE_FLAGS if index.column() in self.FIELDS else _CLAIM_FLAGS

    def setData(self, index, value, role=D.EditRole):
        """Edit a claim's statement, likelihood or confidence as one undoable step."""
        if role != D.EditRole or not self.is_claim(index) or index.column() not in self.FIELDS:
            return False
        field = self.FIELDS[index.column()]
        claim = self.claims[index.row()]
        value = value or None if field != "statement" else str(value or "")
        current = claim["text"] if field == "statement" else claim[field]
        if value == current:
            return False
        return self.session.run(edits.update_claim, claim["id"], **{field: value}) is not None

    # --------------------------------------------------------------------- drag and drop
    def mimeTypes(self):
        return [ANNOTATION_MIME]

    def supportedDropActions(self):
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction | Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        return bool(read_id(data, ANNOTATION_MIME)) and self.claim_of(parent) is not None

    def dropMimeData(self, data: QMimeData, action, row, column, parent) -> bool:
        """An annotation dropped on a claim (or on one of its evidence rows) supports it."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        annotation_id = read_id(data, ANNOTATION_MIME)
        claim = self.claim_of(parent)
        if not annotation_id or claim is None:
            return False
        return self.session.run(edits.link_evidence, claim["id"], annotation_id) is not None


def _shape(claims: list[dict]) -> list:
    return [(c["id"], [e["id"] for e in c["evidence"]]) for c in claims]


def _count_sentence(evidence: list[dict]) -> str:
    if not evidence:
        return "No evidence yet"
    counts = {s: sum(e["stance"] == s for e in evidence) for s in STANCE_LABELS}
    sources = len({e["source"] for e in evidence})
    return (f"{counts['supports']} supporting, {counts['contradicts']} contradicting, "
            f"{counts['context']} context, from {sources} source(s)")
