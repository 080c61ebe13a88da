"""Asking before a deletion that takes more with it; tests replace ``Confirm.ask``."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """ "1 highlight", "3 highlights", "no highlights". """
    if count == 0:
        return f"no {noun}s"
    return f"{count} {noun}" + ("" if count == 1 else "s")


class Confirm:
    @classmethod
    def ask(cls, parent, title: str, text: str, action: str) -> bool:
        """True when the user chose ``action``; Cancel is the default (Enter is safe)."""
        from PySide6.QtWidgets import QMessageBox  # made when first asked for

        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go
