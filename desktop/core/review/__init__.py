"""The review round trip: exports remembered, reviewed copies read back, items worked through.

``brief → export (identity marks, export.identity) → Word or LibreOffice → reviewed .docx →
read (docx_reader) → placed on claims, paragraphs and evidence (placing) → review items in the
brief → accepted as ordinary edits (resolving)``.

No Qt here. Every change is an :class:`~desktop.core.edits.Edit`: recording an export,
importing a review, resolving an item (with the claim or paragraph edit an acceptance makes,
in one step).
"""

from __future__ import annotations

import importlib

# name -> the module that defines it; loaded when first used, so that recording an export
# (``brief export``) does not load the reader and its dependencies.
_API = {"record_export": "records", "current_record": "records",
        "import_review": "importing", "ImportReport": "importing",
        "resolve": "resolving", "proposal": "resolving", "ReviewConflict": "resolving"}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_API[name]}", __name__), name)
