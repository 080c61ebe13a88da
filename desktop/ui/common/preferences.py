"""Preferences: what the user sets once for every brief, kept in QSettings.

:class:`Preferences` reads and writes the values (with their defaults); the window applies
them; :mod:`.preferences_dialog` edits them. Keys: ``user/name``, ``export/template``,
``backups/keep``, ``view/text_size``, ``export/style`` (the citation style the export
dialog offers first; it remembers the last one chosen there too).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.core.model import HOUSE_STYLE as HOUSE

MIN_TEXT_SIZE, MAX_TEXT_SIZE = 7.0, 36.0
DEFAULT_BACKUPS = 5


@dataclass
class Preferences:
    name: str = ""
    template: str = ""          # a .docx/.dotx the export starts from; "" = the app's own
    backups: int = DEFAULT_BACKUPS  # backups kept per brief, taken when it is opened
    text_size: float = 0.0      # points for sources and the memo; 0 = the default size
    style: str = HOUSE          # citation style: "house", "chicago", "apa" or a .csl path

    @classmethod
    def load(cls) -> "Preferences":
        settings = QSettings()
        return cls(name=str(settings.value("user/name", "") or ""),
                   template=str(settings.value("export/template", "") or ""),
                   backups=_int(settings.value("backups/keep"), DEFAULT_BACKUPS, 1, 100),
                   text_size=_size(settings.value("view/text_size")),
                   style=str(settings.value("export/style", HOUSE) or HOUSE))

    def save(self) -> None:
        settings = QSettings()
        settings.setValue("user/name", self.name)
        settings.setValue("export/template", self.template)
        settings.setValue("backups/keep", int(self.backups))
        settings.setValue("view/text_size", float(self.text_size))
        settings.setValue("export/style", self.style)

    def template_path(self) -> Path | None:
        """The default template if it is set and still exists."""
        path = Path(self.template) if self.template else None
        return path if path is not None and path.is_file() else None


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def _size(value) -> float:
    try:
        size = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if size <= 0 else min(max(size, MIN_TEXT_SIZE), MAX_TEXT_SIZE)


def clamp_text_size(size: float) -> float:
    return min(max(size, MIN_TEXT_SIZE), MAX_TEXT_SIZE)
