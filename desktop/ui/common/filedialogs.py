"""File dialogs, each behind a ``classmethod ask()`` that tests replace.

Save dialogs confirm the name that will really be written.

Adding ".brief" or ".docx" after a save dialog has returned would skip its "replace the
existing file?" question for the real name; a default suffix makes the dialog ask it.
"""

from __future__ import annotations


class SavePath:
    @classmethod
    def ask(cls, parent, title: str, default: str, name_filter: str,
            suffix: str) -> str | None:
        """The chosen path (always ending in ``.suffix``), or None if cancelled."""
        from PySide6.QtWidgets import QFileDialog  # made when first asked for

        dialog = QFileDialog(parent, title, default, name_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(suffix)
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return dialog.selectedFiles()[0]


class OpenPaths:
    @classmethod
    def ask(cls, parent, title: str, folder: str, name_filter: str,
            many: bool = False) -> list[str]:
        """The chosen existing files (at most one unless ``many``); empty if cancelled."""
        from PySide6.QtWidgets import QFileDialog

        if many:
            paths, _ = QFileDialog.getOpenFileNames(parent, title, folder, name_filter)
            return list(paths)
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, name_filter)
        return [path] if path else []
