"""User-facing message boxes, in one place so every module (and every test) uses the same."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


class Messages:
    """User-facing messages; tests replace these class methods."""

    @classmethod
    def error(cls, parent, text: str) -> None:
        QMessageBox.warning(parent, "Briefing Builder", text)

    @classmethod
    def info(cls, parent, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)
