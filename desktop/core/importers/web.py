"""Importing from a web address: fetch the page (or PDF, Word file) and read it as a source.

Only ``http`` and ``https`` addresses, also after redirects, at most :data:`MAX_REDIRECTS`
of them. The whole download must finish within :data:`TIMEOUT` seconds (a server that
sends a byte a second is cut off too) and stay under :data:`MAX_BYTES`. The format comes
from the response's content type, else from the bytes and the address. The source keeps
the bytes as they arrived, the address the last redirect led to and today's date as the
date accessed. Every failure is one :class:`BriefError` line.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from email.message import Message

from ..errors import BriefError
from ..model import SourceInput

TIMEOUT = 30.0
MAX_BYTES = 50 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "BriefingBuilder/0.1 (importing a source for an analyst)"

# Content types and the format they are read as.
TYPES = {"text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
         "text/plain": "txt", "text/markdown": "md", "text/x-markdown": "md"}
# Types that say nothing about the content: the bytes and the address decide.
VAGUE = {"", "application/octet-stream", "binary/octet-stream", "application/x-download",
         "application/download", "application/force-download"}


def is_address(text: str) -> bool:
    """Whether ``text`` looks like a web address rather than a file name."""
    return "://" in text and urllib.parse.urlsplit(text.strip()).scheme.isalpha()


def fetch(url: str, fmt: str | None = None, *, timeout: float = TIMEOUT,
          max_bytes: int = MAX_BYTES) -> SourceInput:
    """Download ``url`` and read it as a source (``fmt`` overrides the detected format)."""
    from . import detect_format, load

    url = url.strip()
    _check_scheme(url, url)
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "*/*"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            final = response.geturl()
            kind = _content_type(response.headers)
            charset = response.headers.get_content_charset() or ""
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise BriefError(f"{url} is {int(declared) / 1048576:,.0f} MiB, more than the "
                                 f"{max_bytes // 1048576} MiB a source may be")
            data = _read(response, url, deadline, max_bytes)
    except BriefError:
        raise
    except urllib.error.HTTPError as exc:
        raise BriefError(f"{url} answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise BriefError(f"{url} did not answer within {timeout:g} s") from None
        raise BriefError(f"cannot reach {url}: {_why(reason)}") from None
    except (socket.timeout, TimeoutError):
        raise BriefError(f"{url} did not answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:  # connection reset, bad status line, bad address
        raise BriefError(f"cannot fetch {url}: {_why(exc)}") from None
    name = _name(final)
    if fmt is None:
        fmt = TYPES.get(kind)
        if fmt is None and kind not in VAGUE:
            raise BriefError(f"{final} is {kind}, not a page or document that can be imported")
        if fmt is None:
            fmt = detect_format(name, data)
        elif fmt in ("html", "txt", "md") and data[:5] == b"%PDF-":
            fmt = "pdf"  # a mislabelled PDF: the bytes say what it is
    readable = _with_declared_charset(data, charset) if fmt == "html" else data
    source = load(readable, name, fmt)
    accessed = datetime.now(timezone.utc).date().isoformat()
    return type(source)(**{**source.__dict__, "url": final, "accessed": accessed,
                           "original": data})


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, and only to http(s) addresses."""

    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_scheme(urllib.parse.urljoin(req.full_url, newurl), req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):
        visited = getattr(req, "redirect_dict", {})
        if sum(visited.values()) >= self.max_redirections:
            raise BriefError(f"{req.full_url} redirects more than {MAX_REDIRECTS} times")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _check_scheme(url: str, asked: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        where = "" if url == asked else f" ({asked} redirects there)"
        raise BriefError(f"{url} is not an http(s) web address{where}; only web pages can be "
                         "imported from an address")


def _read(response, url: str, deadline: float, max_bytes: int) -> bytes:
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise BriefError(f"{url} took too long to download; save the page and import the "
                             "file instead")
        chunk = response.read1(65536)  # what has arrived: a dripping server is cut off
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise BriefError(f"{url} is more than the {max_bytes // 1048576} MiB a source "
                             "may be")
        chunks.append(chunk)


def _with_declared_charset(data: bytes, charset: str) -> bytes:
    """A page whose encoding only the server's header names, re-encoded as UTF-8 so the
    HTML reader need not guess (a saved copy would carry no header)."""
    if not charset or b"charset" in data[:4096].lower():
        return data
    try:
        text = data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return data
    return b'<meta charset="utf-8">' + text.encode("utf-8")


def _content_type(headers) -> str:
    message = Message()
    message["Content-Type"] = headers.get("Content-Type", "")
    return message.get_content_type() if headers.get("Content-Type") else ""


def _name(url: str) -> str:
    """A file name for messages and format detection: the address's last path part."""
    parts = urllib.parse.urlsplit(url)
    last = urllib.parse.unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return last or parts.netloc


def _why(reason) -> str:
    text = getattr(reason, "strerror", None) or str(reason)
    return " ".join(str(text).split())[:120] or type(reason).__name__
