"""A report as analysts receive it: a two-column PDF made by LibreOffice from a Word file.

Running headers and footers with page numbers, numbered headings, paragraphs whose long
words LibreOffice may hyphenate at a line end (soft hyphens), bulleted and numbered lists.
Deterministic for a given page count, so tests and the benchmark can name key sentences.
Nothing big is committed: tests and the benchmark build it in their temp folder.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
RUNNING_HEADER = "Regional Grain Outlook 2026 · Institute for Agrarian Studies"
WORDS = ("grain exports ports capacity ministry harvest shipments terminals officials season "
         "prices traders supply demand corridor insurance vessels storage tariffs rainfall "
         "fertiliser logistics cooperatives subsidies markets inflation currency reserves "
         "the of and in to a for on with by that was were is are as at from").split()
LONG = ("infrastructure", "reconstruction", "administration", "transportation",
        "international", "responsibilities", "environmental", "representatives",
        "telecommunications", "internationalisation")
SHY = "\u00ad"


def _hyphenable(word: str) -> str:
    """``word`` with soft hyphens between its syllable-ish chunks of four letters."""
    return SHY.join(word[i:i + 4] for i in range(0, len(word), 4))


def key_sentence(n: int) -> str:
    return (f"Key finding {n}: the {LONG[n % len(LONG)]} programme for the southern "
            f"{LONG[(n + 3) % len(LONG)]} will need about {n + 12} million dollars of "
            f"international support before the harvest season of {2027 + n % 5}.")


def paragraphs(count: int, seed: int = 7):
    """``(kind, text)`` blocks: heading, para, bullet, number. Every 10th para holds a key
    sentence (plain text, as a user would copy it)."""
    rng = random.Random(seed)
    out, keys = [], []
    section = 0
    for i in range(count):
        if i % 12 == 0:
            section += 1
            out.append(("heading", f"{section}. Section {section}: outlook for the "
                                   f"{rng.choice(LONG)} sector"))
        words = [rng.choice(WORDS + list(LONG[:4])) for _ in range(rng.randint(70, 120))]
        sentence = " ".join(words).capitalize() + "."
        if i % 10 == 3:
            key = key_sentence(len(keys))
            keys.append(key)
            half = sentence.index(" ", len(sentence) // 2)
            sentence = (sentence[:half] + ". " + key + " " + sentence[half + 1:].capitalize())
        out.append(("para", sentence))
        if i % 15 == 7:
            for k in range(3):
                out.append(("bullet", f"{rng.choice(LONG).capitalize()} measures for "
                                      f"{rng.choice(WORDS)} {rng.choice(WORDS)} markets, "
                                      f"item {k + 1}"))
    return out, keys


def make_docx(path: Path, pages: int) -> list[str]:
    """Write the report as .docx (about ``pages`` pages once laid out); return its key
    sentences."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    blocks, keys = paragraphs(pages * 9 // 2)  # about 4.5 paragraphs a page
    doc = docx.Document()
    doc.core_properties.title = "Regional Grain Outlook 2026"
    doc.core_properties.author = "Institute for Agrarian Studies"
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    doc.add_paragraph("Regional Grain Outlook 2026", style="Title")
    doc.add_paragraph("Institute for Agrarian Studies")
    section = doc.add_section(WD_SECTION.CONTINUOUS)
    cols = section._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        section._sectPr.append(cols)
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), "540")
    header = doc.sections[0].header.paragraphs[0]
    header.text = RUNNING_HEADER
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = "Page "
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.text = text
        run._r.append(el)
    for kind, text in blocks:
        if kind == "heading":
            doc.add_paragraph(text, style="Heading 1")
        elif kind == "bullet":
            doc.add_paragraph(text, style="List Bullet")
        else:
            doc.add_paragraph(" ".join(_hyphenable(w) if len(w) > 11 else w
                                       for w in text.split(" ")))
    doc.save(path)
    return keys


def make_pdf(folder: Path, pages: int) -> tuple[Path, list[str]]:
    """The report as PDF, converted by LibreOffice in ``folder``; and its key sentences."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "report.docx"
    keys = make_docx(source, pages)
    profile = (folder / "lo-profile").as_uri()  # each run its own profile
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=600)
    pdf = folder / "report.pdf"
    if not pdf.is_file() or pdf.stat().st_size == 0:  # soffice can exit 0 and write nothing
        raise RuntimeError("LibreOffice wrote no PDF")
    return pdf, keys
