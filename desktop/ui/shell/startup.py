"""Which brief the app opens, decided before Qt's widgets and the app's modules load.

Light on purpose (platformdirs, and Qt's core only for the recent files): ``python -m
desktop`` asks it for the brief first, so the brief's safe open can begin on a worker thread
(:class:`desktop.core.ahead.OpenAhead`) while Qt and the rest of the app load.
"""

from __future__ import annotations

import importlib
import logging
import shutil
from pathlib import Path

import platformdirs

from desktop import resources

APP_NAME = "Briefing Builder"
ORG_NAME = "BriefingBuilder"

log = logging.getLogger("briefing-builder")


def name_the_app() -> None:
    """Set the names QSettings files the user's settings under (before or after the
    QApplication exists)."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)


def data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def example_copy() -> Path | None:
    """The user's own copy of the shipped example (the shipped file stays clean)."""
    target = data_dir() / "Example brief.brief"
    if not target.exists():
        try:
            shutil.copyfile(resources.example_brief(), target)
        except FileNotFoundError as exc:
            log.error("%s", exc)
    return target if target.exists() else None


def recent_files() -> list[str]:
    from PySide6.QtCore import QSettings

    value = QSettings().value("recent", []) or []
    if isinstance(value, str):
        value = [value]
    return [p for p in value if Path(p).exists()][:10]


def remember(path: Path) -> None:
    from PySide6.QtCore import QSettings

    path = str(Path(path).resolve())
    files = [path] + [p for p in recent_files() if p != path]
    QSettings().setValue("recent", files[:10])


def brief_to_open(argv: list[str]) -> tuple[Path | None, bool]:
    """(path, create): the file named on the command line, else the last one, else the example.

    ``--example`` opens the user's copy of the example brief whatever was open last.
    """
    if argv and argv[0] == "--example":
        return example_copy(), False
    if argv:
        path = Path(argv[0])
        return path, not path.exists() and path.suffix == ".brief"
    recent = recent_files()
    if recent:
        return Path(recent[0]), False
    return example_copy(), False


def open_ahead(argv: list[str]):
    """Begin opening the brief the app will open (an :class:`OpenAhead`), or None when
    there is none to open yet (a new brief, no brief at all)."""
    if not argv:  # the recent files are the user's settings, filed under the app's name
        load_before_qt()
        name_the_app()
    try:
        path, create = brief_to_open(argv)
    except OSError as exc:  # no data folder for the example: the app says so when it starts
        log.info("choosing the brief to open ahead: %s", exc)
        return None
    if path is None or create:
        return None
    from desktop.core.ahead import OpenAhead

    return OpenAhead(path)


# The app's modules that need no Qt, loaded before Qt is: once PySide6 is loaded, its import
# hook (__feature__) reads the source of every module imported, to look for "PySide6" in it
# (inspect.getsource, 5 ms over these modules and theirs).
BEFORE_QT = ("desktop.core.ahead", "desktop.core.users", "desktop.core.edits",
             "desktop.core.queries", "desktop.core.review.listing", "desktop.core.tag_colours",
             "desktop.core.matching", "desktop.core.text", "html")


def load_before_qt() -> None:
    for name in BEFORE_QT:
        importlib.import_module(name)

