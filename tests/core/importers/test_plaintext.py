"""Plain text in the encodings analysts receive, normalised once at import."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.core import importers
from desktop.core.errors import BriefError

MULTILINGUAL = ("Le ministe\u0300re a annonce\u0301 la reprise.\r\n"      # decomposed accents
                "\r\n"
                "قال المتحدث إن الصادرات ستستأنف 🌾 next week.\r\n"        # Arabic and emoji
                "\r\n"
                "Déjà vu: l'été à Montréal.\r\n")


def test_multilingual_utf8_is_normalised():
    source = importers.load(MULTILINGUAL.encode("utf-8"), "notes.txt")
    assert "\r" not in source.text
    assert "ministère a annoncé" in source.text
    assert unicodedata.is_normalized("NFC", source.text)
    assert "🌾" in source.text and "الصادرات" in source.text
    assert source.locations == [[0, "¶ 1"], [source.text.index("قال"), "¶ 2"],
                                [source.text.index("Déjà"), "¶ 3"]]
    assert source.format == "txt" and source.title == "notes"
    assert source.original == MULTILINGUAL.encode("utf-8")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_unicode_encodings(encoding):
    source = importers.load(MULTILINGUAL.encode(encoding), "notes.txt")
    assert "🌾" in source.text and "annoncé" in source.text


def test_windows_1252_french():
    text = "Le ministère a annoncé l'été dernier que les élèves étaient très « forts » — 5 €."
    assert importers.load(text.encode("cp1252"), "fr.txt").text == text


def test_cyrillic_code_page_is_detected():
    text = "Министерство объявило, что экспорт зерна возобновится на следующей неделе."
    assert importers.load(text.encode("cp1251"), "ru.txt").text == text


def test_xml_invalid_characters_are_removed():
    source = importers.load(b"Report from the field.\x00 Second sentence.\x0bNew line.\x0c"
                            b"Next page.\x1c End.", "x.txt")
    assert source.text == "Report from the field. Second sentence.\nNew line.\nNext page.\n End."


@pytest.mark.parametrize("data, message", [
    (b"", "is empty"),
    (b"  \r\n\t ", "is empty"),
    (bytes(range(256)) * 8, "binary"),
    (b"\x7fELF\x02\x01\x01" + bytes(200), "binary"),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
    (bytes(range(0x80, 0x100)) * 4, "cannot tell how its text is encoded"),
])
def test_bad_text_files(data, message):
    with pytest.raises(BriefError, match=message) as info:
        importers.load(data, "report.txt")
    assert "\n" not in str(info.value)


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(importers, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    with pytest.raises(BriefError, match="larger than the 100 MiB limit"):
        importers.load_path(path)
    with pytest.raises(BriefError, match="larger than"):
        importers.load(b"y" * 11, "pasted text")


def test_pasted_text_title_is_its_first_line():
    source = importers.load("First line of the paste\nsecond".encode(), "pasted text")
    assert source.title == "First line of the paste"
