"""User-facing message boxes, in one place so every module (and every test) uses the same.

PySide6 makes a Qt class when first asked for it: the message box class is asked for when a
message is first shown, not while the first window is built."""

from __future__ import annotations


class Messages:
    """User-facing messages; tests replace these class methods."""

    @classmethod
    def error(cls, parent, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, "Briefing Builder", text)

    @classmethod
    def info(cls, parent, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, title, text)
