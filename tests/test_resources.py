"""desktop.resources finds shipped files in a checkout, a wheel install and a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop import resources

REPO = Path(__file__).resolve().parents[1]


def _layout(root: Path, marker: str) -> None:
    (root / "resources" / "templates").mkdir(parents=True)
    (root / "resources" / "templates" / "memo.docx").write_text(marker)
    (root / "briefs").mkdir()
    (root / "briefs" / "example.brief").write_text(marker)


def test_checkout_resources_win_over_a_stray_bundled_copy(tmp_path, monkeypatch):
    package = tmp_path / "checkout" / "desktop"
    package.mkdir(parents=True)
    (package.parent / "pyproject.toml").write_text("")
    _layout(package.parent, "checkout")
    _layout(package / "_bundled", "stale build copy")
    monkeypatch.setattr(resources, "_PACKAGE", package)
    assert resources.memo_template().read_text() == "checkout"
    assert resources.example_brief().read_text() == "checkout"


def test_an_installed_wheel_uses_its_bundled_copy_and_never_site_packages(tmp_path,
                                                                           monkeypatch):
    package = tmp_path / "site-packages" / "desktop"
    package.mkdir(parents=True)
    _layout(package.parent, "another project's resources/ in site-packages")
    _layout(package / "_bundled", "wheel")
    monkeypatch.setattr(resources, "_PACKAGE", package)
    assert resources.memo_template().read_text() == "wheel"


def test_a_frozen_bundle_uses_its_data_folder(tmp_path, monkeypatch):
    _layout(tmp_path / "_internal", "bundle")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert resources.example_brief().read_text() == "bundle"


def test_a_missing_file_names_every_place_looked_in(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "desktop"
    package.mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE", package)
    with pytest.raises(FileNotFoundError, match=r"resources/icons/nothing\.svg is missing .*"
                                                r"_bundled"):
        resources.icon("nothing.svg")


def test_this_checkout_finds_the_real_files():
    assert resources.memo_template() == REPO / "resources" / "templates" / "memo.docx"
    assert resources.example_brief() == REPO / "briefs" / "example.brief"
    assert resources.icon().is_file()
