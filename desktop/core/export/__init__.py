"""Export a brief's memo to Word (.docx), formatted the way a policy shop would.

No Qt here: the app runs :func:`export_docx` on a worker thread and the ``brief export``
command calls it directly. The modules, each with one job:

- ``content``: gathers the memo and only what it cites (placed claims, their evidence,
  sources and locations) and the timestamps;
- ``template``: opens any template (Word, LibreOffice, pandoc, python-docx), completes its
  page setup and makes sure every style the memo uses exists, once;
- ``writer``: writes the header block, sections, claims with footnotes, sources, annex;
- ``footnotes``: the footnotes part, which python-docx has no API for;
- ``citations`` and ``names``: the house style's wording of notes, source entries and annex
  rows, and how it reads and sorts authors' names (pure);
- ``csl``: the same from a CSL style (Chicago, APA, any .csl file) through citeproc-py;
- ``wordml``: WordprocessingML written as text (runs, paragraphs, tables, links);
- ``wordtree``: WordprocessingML edited as lxml elements (settings, styles, fields, schema
  order, right-to-left marks);
- ``identity``: the marks that let a reviewed copy come back (:mod:`desktop.core.review`);
- ``properties``: core and extended document properties;
- ``package``: refusing targets that must not be replaced, deterministic bytes and the
  atomic write.

Whatever they need below python-docx's public API is in :mod:`desktop.core.docx_internals`,
and only there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BriefError, Cancelled
from ..progress import CancelCheck
from ..store import Store
from . import citations

if TYPE_CHECKING:
    from .identity import ExportRecord

__all__ = ["ExportResult", "export_docx", "STYLES"]


def __getattr__(name: str):
    # The exporter's modules load python-docx and lxml (a fifth of a second): the app's
    # start-up imports this package for the house citations alone, so they load on first use.
    if name == "STYLES":
        from .template import STYLES
        return STYLES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Progress = Callable[[int, int], None]


@dataclass
class ExportResult:
    """What an export wrote, and what the analyst should know about it."""

    path: Path
    warnings: list[str] = field(default_factory=list)
    footnotes: int = 0
    sources: int = 0
    claims: int = 0
    record: ExportRecord | None = None  # what the brief keeps of this export (identity.py)


def export_docx(store: Store, out_path: str | Path, template: str | Path | None = None,
                annex: bool = True, progress: Progress | None = None,
                style: str | Path | None = None,
                cancelled: CancelCheck | None = None) -> ExportResult:
    """Write the brief's memo to ``out_path`` as a .docx.

    ``template`` is a user's styled .docx or .dotx (the app's own template when None);
    styles it lacks are taken from the app's template and named in the warnings.
    ``style`` is the citation style: None or "house" for the built-in one, "chicago" or
    "apa" for the bundled CSL styles, or the path of any .csl file.
    ``progress(done, total)`` is called as the memo is written; an exception it raises
    cancels the export before anything is written, and so does ``cancelled()`` answering
    True (it raises :class:`~desktop.core.errors.Cancelled`). Raises
    :class:`~desktop.core.errors.BriefError` for a bad template or an unwritable path;
    an empty memo or a claim without evidence is only a warning.
    """
    from . import csl
    from .content import gather
    from .package import check_target, write_atomically
    from .template import open_template

    brief = store.path
    check_target(out_path, brief)  # refuse the brief itself, a folder, a device: before work
    if store.older:  # its tables lack what the memo's content is read with
        name = brief.name if brief is not None else "the brief"
        raise BriefError(f"{name} was made by an older version of Briefing Builder and is "
                         "open read-only, so it cannot be brought up to date to export; "
                         "export from a copy you can write to")
    style_file = csl.style_path(style)
    content = gather(store)
    blocks = sum(len(s["blocks"]) for s in content.sections)
    tick = _ticker(blocks + (len(content.placed_claims) if annex else 0) + 1, progress,
                   cancelled)
    document = open_template(template)
    using = _TemplateSteps(template)
    writer, marks = _memo_writer(using, document, store, content, tick, style_file)
    splices = _write_memo(writer, annex)
    record, data = _package(using, document, writer, marks, content, splices)
    record.sha256 = hashlib.sha256(data).hexdigest()
    tick()  # the last chance for a progress callback to cancel by raising: nothing written
    path = write_atomically(out_path, data, brief)
    return ExportResult(path=path, warnings=writer.warnings, footnotes=writer.footnotes.count,
                        sources=len(writer.cited), claims=len(content.placed_claims),
                        record=record)


def _ticker(total: int, progress: Progress | None, cancelled: CancelCheck | None):
    """A step counter: each call checks ``cancelled`` and reports progress out of ``total``."""
    done = 0

    def tick() -> None:
        nonlocal done
        if cancelled is not None and cancelled():
            raise Cancelled
        done += 1
        if progress is not None:
            progress(done, total)
    return tick


def _memo_writer(using, document, store: Store, content, tick, style_file):
    """The writer for the memo on ``document`` (its styles ensured) and the identity marks
    it leaves on each block."""
    from . import csl
    from .identity import IdentityMarks
    from .template import ensure_styles
    from .writer import MemoWriter

    style_ids, missing = using(ensure_styles, document)
    citation_style = csl.CslStyle(style_file, content.sources) if style_file else None
    writer = using(MemoWriter, document, style_ids, content, tick, citation_style)
    marks = using(IdentityMarks, document, store.brief()["id"])
    writer.on_block = lambda block, xml: marks.block(block, xml,
                                                     content.claims.get(block.get("claim")))
    writer.warnings += [f"the template has no “{name}” style; using the default"
                        for name in missing]
    return writer, marks


def _write_memo(writer, annex: bool) -> dict:
    """The memo's parts in order; the splices the package step puts in place."""
    writer.header_block()
    writer.sections()
    writer.sources()
    if annex:
        writer.annex()
    splices: dict = {}
    writer.finish(splices)
    return splices


def _package(using, document, writer, marks, content, splices: dict):
    """Page furniture, properties and identity finished: the export's record and bytes."""
    from ... import version
    from .. import docx_internals
    from .package import docx_bytes
    from .properties import set_app_properties, set_core_properties
    from .wordtree import put_in_schema_order, set_compatibility_mode

    using(writer.page_furniture)
    using(set_core_properties, document, content)
    record = using(marks.finish, content.modified.isoformat() + "Z", splices,
                   writer.footnotes.root)
    settings = using(lambda: docx_internals.element(document.settings))
    using(set_compatibility_mode, settings, 15)
    using(set_app_properties, document, "Briefing Builder", version())
    using(put_in_schema_order, settings)
    data = using(docx_bytes, document, content.modified, splices)
    return record, data


class _TemplateSteps:
    """Runs a step that reads the template's parts, so that whatever a broken template
    makes python-docx or lxml raise reaches the user as one :class:`BriefError` naming the
    template. (Only these steps: the progress callback's own exceptions, which cancel an
    export, must pass through unchanged.)"""

    def __init__(self, template: str | Path | None):
        self.name = Path(template).name if template is not None else "memo.docx"

    def __call__(self, step, *args):
        try:
            return step(*args)
        except (BriefError, Cancelled):
            raise
        except Exception as exc:
            reason = str(exc).strip() or type(exc).__name__
            raise BriefError(f"template {self.name} could not be used ({reason})") from None
