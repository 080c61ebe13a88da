"""How the claims tree edits and sizes its cells: ICD 203 combo boxes for likelihood and
confidence, a line edit for a statement, and statements as tall as they wrap."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QComboBox, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.core.model import CONFIDENCE, LIKELIHOOD
from desktop.ui.claims.model import ClaimsModel

D = Qt.ItemDataRole


class ClaimDelegate(QStyledItemDelegate):
    """Combo boxes of the ICD 203 terms for likelihood and confidence; text for the rest."""

    CHOICES = {ClaimsModel.LIKELIHOOD: [(f"{t} ({r})", t) for t, r in LIKELIHOOD.items()],
               ClaimsModel.CONFIDENCE: [(c, c) for c in CONFIDENCE]}

    def sizeHint(self, option, index):
        """A claim's statement as tall as it wraps to in the column's width.

        Qt's tree gives the delegate no column width when it asks for a row's height, so
        the width comes from the view's header here.
        """
        hint = super().sizeHint(option, index)
        view = self.parent()
        if (index.column() != ClaimsModel.TEXT or index.parent().isValid()  # evidence
                or not hasattr(view, "header") or not view.wordWrap()):
            return hint
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        width = view.header().sectionSize(ClaimsModel.TEXT) - view.indentation() - margin - 4
        if width <= 20:
            return hint
        metrics = QFontMetrics(opt.font)
        rect = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                    int(Qt.TextFlag.TextWordWrap), opt.text)
        return QSize(hint.width(), max(hint.height(), rect.height() + 4))

    def createEditor(self, parent, option, index):
        choices = self.CHOICES.get(index.column())
        if choices is None:
            editor = super().createEditor(parent, option, index)
            editor.setAccessibleName("Claim statement")
            return editor
        combo = QComboBox(parent)
        combo.setAccessibleName(ClaimsModel.COLUMNS[index.column()])
        combo.addItem("(not set)", "")
        for label, value in choices:
            combo.addItem(label, value)
        # Choosing an entry is the whole gesture: commit at once rather than on focus-out.
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor, index):
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(D.EditRole) or "")))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or None, D.EditRole)
        else:
            super().setModelData(editor, model, index)
