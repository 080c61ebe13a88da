"""The exported memo opens in LibreOffice: convert it to PDF and find the claim and a
footnote in the PDF's text. Skipped only where LibreOffice (soffice) is not installed."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from desktop.core.export import export_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _to_pdf(docx_path, tmp_path):
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()  # each run its own profile
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx_path)],
                   check=True, capture_output=True, timeout=180)
    pdf = out / (docx_path.stem + ".pdf")
    # soffice can exit 0 without writing anything: the file itself is the proof.
    assert pdf.is_file() and pdf.stat().st_size > 0, "LibreOffice wrote no PDF"
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())


def test_claim_and_footnote_reach_the_pdf(sample, tmp_path):
    path = export_docx(sample.store, tmp_path / "memo.docx").path
    text = _to_pdf(path, tmp_path)
    assert "Container traffic will keep falling through Q2." in text
    assert "Ministry figures exclude transshipment." in text
    assert "Container volumes fell 12 per cent in March." in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "Grade B2." in text


def test_dirty_text_still_converts(store, tmp_path, ooxml):
    ooxml.build_sample(store, dirty="\x00\x0b\x0c\x1f\ufffe!")
    path = export_docx(store, tmp_path / "dirty.docx").path
    text = _to_pdf(path, tmp_path)
    assert "Container traffic will keep falling through Q2 !" in text
