"""Finding the files the app ships beside its code: icons, the Word template, the example.

They live in the top-level ``resources/`` and ``briefs/`` folders of a checkout. A wheel
carries copies inside the package (``desktop/_bundled/``, made by ``setup.py``), and a
PyInstaller bundle keeps them under its data folder with the same layout. ``find`` looks in
each place in turn, so code never needs to know how the app was installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _roots() -> list[Path]:
    """Folders that may hold ``resources/`` and ``briefs/``, the one in use first.

    A checkout (its ``pyproject.toml`` beside the package) wins over a stray ``_bundled``
    copy left there by a build, so an edited template takes effect at once; an installed
    wheel has no ``pyproject.toml`` beside its package, so site-packages is never searched.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return [Path(frozen)]
    if (_PACKAGE.parent / "pyproject.toml").is_file():
        return [_PACKAGE.parent, _PACKAGE / "_bundled"]
    return [_PACKAGE / "_bundled"]


def find(*parts: str) -> Path:
    """Path of a shipped file, e.g. ``find("resources", "templates", "memo.docx")``.

    Raises FileNotFoundError naming every place looked in, so a packaging mistake is one
    clear line rather than a later, puzzling failure.
    """
    tried = []
    for root in _roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
        tried.append(str(candidate))
    raise FileNotFoundError(f"{'/'.join(parts)} is missing from this installation "
                            f"(looked in: {', '.join(tried)})")


def memo_template() -> Path:
    """The default Word template for exported memos."""
    return find("resources", "templates", "memo.docx")


def csl_style(filename: str) -> Path:
    """A citation style shipped with the app (see ``resources/csl/SOURCES.md``)."""
    return find("resources", "csl", filename)


def example_brief() -> Path:
    """The example brief shipped with the app (never opened for writing: users get a copy)."""
    return find("briefs", "example.brief")


def icon(name: str = "briefing-builder.svg") -> Path:
    return find("resources", "icons", name)
