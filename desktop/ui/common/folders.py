"""Where file dialogs open: the folder last used for the same purpose, else the user's documents.

Never the app's own data folder (where the example brief lives): a user who imports an
article or exports a memo expects their own folders, and files saved in a hidden data folder
are lost to them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

PURPOSES = ("brief", "import", "export", "template", "style", "review")


def documents() -> Path:
    """The user's documents folder (their home when the platform names none)."""
    location = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(location) if location else Path.home()
    return path if path.is_dir() else Path.home()


def _hidden_data_folder(path: Path) -> bool:
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    if not data:
        return False
    try:
        path.resolve().relative_to(Path(data).resolve())
    except ValueError:
        return False
    return True


def start_folder(purpose: str, brief_path: Path | None = None) -> Path:
    """The folder a ``purpose`` dialog opens in.

    The last folder used for that purpose if it still exists; else the open brief's folder
    unless that is the app's data folder; else the user's documents.
    """
    last = QSettings().value(f"folders/{purpose}", "") or ""
    if last and Path(last).is_dir():
        return Path(last)
    if brief_path is not None:
        folder = Path(brief_path).parent
        if folder.is_dir() and not _hidden_data_folder(folder):
            return folder
    return documents()


def remember_folder(purpose: str, chosen: str | Path) -> None:
    """Remember the folder of ``chosen`` (a file or folder path) for the next ``purpose``."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    QSettings().setValue(f"folders/{purpose}", str(folder))
