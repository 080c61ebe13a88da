"""PDF: the text layer page by page, so a citation can say which page a quote is on.

pypdf is pure Python (no poppler or MuPDF binary to ship with the app) and reads the text
layer in content order, which for reports set in one column is reading order. Each page is
one location, ``"p. N"`` with N the page's position in the file. A PDF without a text layer
(a scan) or one that needs a password cannot be read and says so; pages without text in an
otherwise readable PDF are reported as a warning.
"""

from __future__ import annotations

import io
import logging

from ..errors import BriefError
from ..model import SourceInput
from .blocks import assemble

# pypdf logs every odd construct of real-world PDFs; the reader reports what matters itself.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read(data: bytes, name: str) -> SourceInput:
    from pypdf import PdfReader
    from pypdf.errors import (DependencyError, FileNotDecryptedError, LimitReachedError,
                              PdfReadError)

    if b"%PDF-" not in data[:1024]:
        raise BriefError(f"{name} is not a PDF file (it does not start like one)")
    if b"%%EOF" not in data[-4096:]:
        raise BriefError(f"{name} is truncated: the PDF ends before its end marker; "
                         "download or copy it again")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise BriefError(f"{name} is password-protected; open it in a PDF reader, save an "
                             "unprotected copy and import that")
        pages = [_page_text(page) for page in reader.pages]
        info = _info(reader)
    except BriefError:
        raise
    except LimitReachedError:  # pypdf's own caps: 75 MB a stream, 100,000 items an array
        raise BriefError(f"{name} has a part that unpacks to more than PDF readers allow; "
                         "refusing it as a likely decompression bomb") from None
    except (FileNotDecryptedError, DependencyError):
        raise BriefError(f"{name} is encrypted in a way that cannot be opened without its "
                         "password; save an unprotected copy and import that") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError) as exc:
        raise BriefError(f"{name} is damaged and cannot be read ({_short(exc)})") from None
    text, locations = assemble((f"p. {n}", page) for n, page in enumerate(pages, 1))
    if not text.strip():
        raise BriefError(f"{name} has no text layer (it looks scanned); run it through OCR "
                         "and import the result")
    blank = [n for n, page in enumerate(pages, 1) if not page.strip()]
    warnings = [f"{name}: no text on {_pages(blank)} of {len(pages)} (scanned images?); "
                "that part is missing from the source"] if blank else []
    return SourceInput(text=text, title=info.get("title", ""), author=info.get("author", ""),
                       format="pdf", original=data, locations=locations, warnings=warnings)


def _page_text(page) -> str:
    """A page's text with its hard-wrapped lines kept (lines are how PDFs store text)."""
    return page.extract_text() or ""


def _info(reader) -> dict:
    """Title and author from the document information dictionary, where they are set."""
    meta = reader.metadata or {}
    out = {}
    for key, field in (("/Title", "title"), ("/Author", "author")):
        value = meta.get(key)
        if value:
            out[field] = " ".join(str(value).split())
    return out


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10])) + (", …" if len(numbers) > 10 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:100] or type(exc).__name__
