"""Turning files into sources: one module per format, one entry point for callers.

``load(data, name, fmt)`` and ``load_path(path, fmt)`` return a
:class:`~desktop.core.model.SourceInput` with normalised text, metadata found in the file,
the original bytes and a location map. Formats: plain text (``txt``), Markdown (``md``),
HTML saved from a browser (``html``), Word (``docx``) and PDF (``pdf``). The format comes
from ``fmt`` if given, else from the file's first bytes (a PDF or Word file is recognised
whatever its name), else its extension; binary files that are none of these are refused
with a message saying what they are. Every problem is a one-line :class:`BriefError`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefError
from ..model import SourceInput
from . import docx, html, markdown, pdf, plaintext

# Larger files are refused with a clear message: a 300-page report is a few MiB, and the
# whole file is kept inside the brief, which analysts email.
MAX_BYTES = 100 * 1024 * 1024
LIMIT = "100 MiB"

READERS = {"txt": plaintext.read, "md": markdown.read, "html": html.read, "docx": docx.read,
           "pdf": pdf.read}
EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".mdown": "md",
              ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx",
              ".pdf": "pdf"}
ALIASES = {"text": "txt", "plain": "txt", "markdown": "md", "htm": "html", "word": "docx"}

# Files analysts receive that cannot be imported, by their first bytes: say what they are.
_UNSUPPORTED = {
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old-style Office file (.doc/.xls); save it as "
                                          ".docx and import that",
    b"\x89PNG": "a PNG image, not text", b"\xff\xd8\xff": "a JPEG image, not text",
    b"GIF8": "a GIF image, not text", b"{\\rtf": "an RTF file; save it as .docx and import that",
}


def detect_format(name: str, data: bytes) -> str:
    """The format of a file: strong signatures in its first bytes win, then its extension,
    then a look at its start (HTML); anything else is plain text."""
    head = data[:1024]
    suffix = Path(name).suffix.lower()
    # PDF readers accept junk before the header; only trust that when the name agrees.
    if head.startswith(b"%PDF-") or (b"%PDF-" in head and suffix == ".pdf"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(name, data)
    for magic, what in _UNSUPPORTED.items():
        if head.startswith(magic):
            raise BriefError(f"{name} is {what}")
    fmt = EXTENSIONS.get(suffix)
    if fmt in ("pdf", "docx"):
        raise BriefError(f"{name} is not a {fmt.upper()} file (its content does not match its "
                         "extension; it may be damaged or mislabelled)")
    if fmt:
        return fmt
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "html"
    return "txt"


def _zip_format(name: str, data: bytes) -> str:
    import io
    import zipfile

    from .ooxml import main_part

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        raise BriefError(f"{name} is a damaged or truncated ZIP/Word file") from None
    if main_part(data) is not None:  # named by the package's relationships, not by a path
        return "docx"
    if "content.xml" in names:
        raise BriefError(f"{name} is an OpenDocument file; save it as .docx and import that")
    raise BriefError(f"{name} is a ZIP archive, not a document; unpack it and import the files")


def load(data: bytes, name: str = "pasted text", fmt: str | None = None) -> SourceInput:
    """Read ``data`` (a file's bytes, ``name`` its file name) as a source."""
    if len(data) > MAX_BYTES:
        raise BriefError(f"{name} is larger than the {LIMIT} limit for a source")
    if not data.strip():
        raise BriefError(f"{name} is empty")
    fmt = ALIASES.get(fmt.lower(), fmt.lower()) if fmt else detect_format(name, data)
    if fmt not in READERS:
        raise BriefError(f"unknown format {fmt!r}; use one of: {', '.join(sorted(READERS))}")
    return READERS[fmt](data, name)


def load_path(path: str | Path, fmt: str | None = None) -> SourceInput:
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            raise BriefError(f"{path.name} is larger than the {LIMIT} limit for a source")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BriefError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise BriefError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise BriefError(f"cannot read {path}: {exc.strerror}") from None
    return load(data, path.name, fmt)
