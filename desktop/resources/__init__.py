"""Files the app ships beside its code (the Word memo template), found with importlib.resources.

They live inside the ``desktop`` package so that an editable install and a normal wheel
install find them the same way; ``pyproject.toml`` lists them as package data.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def memo_template() -> Path:
    """Path of the default Word template for exported memos."""
    return Path(str(resources.files(__name__).joinpath("templates", "memo.docx")))


def csl_style(filename: str) -> Path:
    """Path of a citation style shipped with the app (see ``csl/SOURCES.md``)."""
    return Path(str(resources.files(__name__).joinpath("csl", filename)))
