"""Import speed: a 300-page PDF report and a large saved news page, read and stored.

The normal suite runs each once at a small size (pytest runs with --benchmark-disable).
For the real figures: ``BRIEF_BENCH_FULL=1 python -m pytest tests/benchmarks/test_import_bench.py
--benchmark-enable``.
"""

from __future__ import annotations

import os

import pytest

from desktop.core import edits, importers
from desktop.core.store import Store

FULL = os.environ.get("BRIEF_BENCH_FULL") == "1"
PDF_PAGES = 300 if FULL else 8
HTML_PARAGRAPHS = 10_000 if FULL else 200

SENTENCE = ("Paragraph {n}: officials said exports of grain and oilseeds through the southern "
            "ports would rise by {n} percent this season, while port capacity remains the main "
            "constraint on shipments. ")


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Grain Outlook")
    pdf.set_font("Helvetica", size=10)
    for page in range(PDF_PAGES):
        pdf.add_page()
        pdf.multi_cell(0, 5, " ".join(SENTENCE.format(n=page * 10 + i) for i in range(10)))
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def news_page() -> bytes:
    paragraphs = "\n".join(f"<p>{SENTENCE.format(n=n)}</p>" for n in range(HTML_PARAGRAPHS))
    nav = "".join(f'<li><a href="/s/{n}">Section {n}</a></li>' for n in range(200))
    related = "".join(f'<li><a href="/r/{n}">Related story {n}</a></li>' for n in range(100))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Outlook | Ledger</title>"
            f"<script>{'var x = 1;' * 2000}</script><style>{'p{margin:0}' * 2000}</style>"
            f"</head><body><nav><ul>{nav}</ul></nav><div class='cookie-banner'>We use cookies."
            f"</div><article><h1>Outlook</h1>{paragraphs}</article><section class='related'>"
            f"<ul>{related}</ul></section><footer>© Ledger</footer></body></html>").encode()


def _import(data: bytes, name: str) -> int:
    source = importers.load(data, name)
    with Store.memory(user="bench") as store:
        edits.add_source(store, source).apply(store)
        return len(store.select("sources")[0]["text"])


def test_import_300_page_pdf(benchmark, report_pdf):
    chars = benchmark.pedantic(_import, args=(report_pdf, "outlook.pdf"), rounds=3 if FULL else 1)
    assert chars > PDF_PAGES * 1000
    source = importers.load(report_pdf, "outlook.pdf")
    assert source.locations[-1][1] == f"p. {PDF_PAGES}"


def test_import_large_html_page(benchmark, news_page):
    chars = benchmark.pedantic(_import, args=(news_page, "outlook.html"), rounds=3 if FULL else 1)
    assert chars > HTML_PARAGRAPHS * 150
