"""The memo's document properties: core (title, author, dates) and extended (``app.xml``).

Dates come from the brief, never from the clock, and nothing the template said about itself
(its author, revision, print date, page counts or template name) survives, so exporting an
unchanged brief gives the same bytes.
"""

from __future__ import annotations

import re

from .. import docx_internals
from . import citations
from .content import MemoContent
from .wordml import CT_EXTENDED_PROPERTIES, RT_EXTENDED_PROPERTIES, xml_escape

# Word and python-docx hold a core property to 255 characters; the memo keeps the whole
# value in its header block, the property gets as much as fits.
CORE_PROPERTY_LIMIT = 255


def set_core_properties(document, content: MemoContent) -> None:
    """Title, author and subject from the memo; dates from the brief."""
    header = content.header

    def fit(text: str | None) -> str:
        text = citations.clean(text)
        if len(text) > CORE_PROPERTY_LIMIT:
            text = text[:CORE_PROPERTY_LIMIT - 1].rstrip() + "…"
        return text

    props = document.core_properties
    root = docx_internals.element(props)
    for child in list(root):  # the template's author, revision, print date...
        root.remove(child)
    subject = fit(header.get("subject"))
    props.title = subject or fit(content.title) or "Memorandum"
    props.subject = subject
    props.author = fit(header.get("memo_from")) or fit(content.author)
    props.last_modified_by = props.author
    props.category = fit(header.get("classification"))
    props.comments = "Exported from a Briefing Builder brief"
    props.created = content.created
    props.modified = content.modified
    props.revision = 1


_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def set_app_properties(document, application: str, version: str) -> None:
    """Replace the template's ``docProps/app.xml`` with one naming this app.

    No page, word or line counts (Word recomputes them; a stale count is a lie) and no
    template name. ECMA-376 wants ``AppVersion`` as ``XX.YYYY``: major, then minor and patch
    two digits each ("0.1.0" is "00.0100").
    """
    numbers = [int(n) for n in re.findall(r"\d+", version)[:3]] + [0, 0, 0]
    app_version = f"{numbers[0] % 100:02d}.{numbers[1] % 100:02d}{numbers[2] % 100:02d}"
    blob = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_EXTENDED_NS}" xmlns:vt="http://schemas.openxmlformats.org/'
            'officeDocument/2006/docPropsVTypes"><Application>'
            f'{xml_escape(application)}</Application><DocSecurity>0</DocSecurity>'
            f'<AppVersion>{app_version}</AppVersion></Properties>').encode()
    docx_internals.put_package_part(document, RT_EXTENDED_PROPERTIES, "/docProps/app.xml",
                                    CT_EXTENDED_PROPERTIES, blob)
