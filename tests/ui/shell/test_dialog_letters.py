"""The dialogs of the task by keyboard (issue 16): in the import details form, the New claim
dialog, the Link to claim chooser, Preferences and the Export to Word options, every field's
label and every button has an Alt letter, and no two share one (Qt then only moves between
them); Alt+letter reaches the field. A label with a letter but no field shows its "&"."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
                               QLabel)


def letter(text: str) -> str | None:
    plain = text.replace("&&", "")
    return plain[plain.index("&") + 1].upper() if "&" in plain else None


def letters(dialog) -> dict:
    """Alt letter -> what has it, and the fields and buttons that have none (under None);
    labels that show their "&" as typed (a letter and no field) under "&"."""
    found = defaultdict(list)
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None:
            found[letter(label.text())].append(label.text())
        elif letter(label.text()) and label.textFormat() != Qt.TextFormat.RichText:
            found["&"].append(label.text())
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisibleTo(dialog) and button.text():
            found[letter(button.text())].append(button.text())
    return found


def problems(dialog) -> dict:
    return {k: v for k, v in letters(dialog).items() if k in (None, "&") or len(v) > 1}


def make_import_details(qtbot):
    from desktop.ui.library.details import ImportDetailsDialog

    dialog = ImportDetailsDialog({"title": "Readout", "format": "docx"}, remaining=2)
    qtbot.addWidget(dialog)
    return dialog


def make_source_details(qtbot):
    from desktop.ui.library.details import SourceDialog

    dialog = SourceDialog({"title": "Readout"})
    qtbot.addWidget(dialog)
    return dialog


def make_new_claim(qtbot):
    from desktop.ui.claims.panel import NewClaimDialog

    dialog = NewClaimDialog(None, "Insurers left the market")
    qtbot.addWidget(dialog)
    return dialog


def make_link_chooser(qtbot):
    from desktop.ui.claims.evidence_dialog import LinkEvidenceDialog

    dialog = LinkEvidenceDialog([{"id": "c1", "text": "Insurers left the market"}])
    qtbot.addWidget(dialog)
    return dialog


def make_preferences(qtbot):
    from desktop.ui.common.preferences import Preferences
    from desktop.ui.common.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(Preferences(), 11.0)
    qtbot.addWidget(dialog)
    return dialog


def make_export_options(qtbot):
    from desktop.ui.memo.export import ExportOptionsDialog

    dialog = ExportOptionsDialog(None, "house", True)
    qtbot.addWidget(dialog)
    return dialog


DIALOGS = [make_import_details, make_source_details, make_new_claim, make_link_chooser,
           make_preferences, make_export_options]


@pytest.mark.parametrize("make", DIALOGS, ids=lambda f: f.__name__[5:])
def test_every_field_and_button_has_its_own_alt_letter(qtbot, make):
    dialog = make(qtbot)
    assert problems(dialog) == {}
    assert len(letters(dialog)) >= 4  # the fields and buttons were found at all


def shown(qtbot, make):
    dialog = make(qtbot)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def alt(qtbot, dialog, text: str) -> None:
    key = getattr(Qt.Key, f"Key_{letter(text)}")
    qtbot.keyClick(dialog.focusWidget() or dialog, key, Qt.KeyboardModifier.AltModifier)


@pytest.mark.parametrize("make", DIALOGS, ids=lambda f: f.__name__[5:])
def test_alt_letter_of_each_field_moves_the_focus_there(qtbot, make):
    dialog = shown(qtbot, make)
    for label in [lb for lb in dialog.findChildren(QLabel) if lb.buddy() is not None]:
        alt(qtbot, dialog, label.text())
        assert label.buddy().hasFocus(), label.text()


@pytest.mark.parametrize("make", DIALOGS, ids=lambda f: f.__name__[5:])
def test_alt_letter_of_the_cancel_button_closes_without_saving(qtbot, make):
    dialog = shown(qtbot, make)
    cancel = dialog.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Cancel)
    alt(qtbot, dialog, cancel.text())
    qtbot.waitUntil(lambda: not dialog.isVisible())  # a button's letter clicks it shortly after
    assert dialog.result() == QDialog.DialogCode.Rejected
