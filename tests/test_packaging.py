"""What installs the app: the wheel's contents and the Linux desktop integration files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from configparser import ConfigParser
from importlib.metadata import version
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINUX = REPO / "resources" / "linux"
APP_ID = "org.briefingbuilder.BriefingBuilder"
MIME = "application/x-briefing-builder-brief"


def _desktop_entry() -> dict:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_entry_metainfo_and_mime_type_name_each_other():
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID and entry["MimeType"] == f"{MIME};"
    assert entry["Exec"].split()[0] == "briefing-builder"
    meta = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == f"{APP_ID}.desktop"
    assert meta.find("provides/mediatype").text == MIME
    # The newest release listed is the version being built.
    assert meta.find("releases/release").get("version") == version("briefing-builder")
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot().find("m:mime-type", ns)
    assert mime.get("type") == MIME and mime.find("m:icon", ns).get("name") == APP_ID


def test_mime_magic_matches_a_real_brief_and_no_plain_sqlite_file(tmp_path):
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    outer = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot().find(".//m:magic/m:match", ns)
    inner = outer.find("m:match", ns)

    def matches(data: bytes) -> bool:
        start = int(outer.get("offset"))
        at = int(inner.get("offset"))
        return (data[start:].startswith(outer.get("value").encode())
                and data[at:at + 4] == int(inner.get("value"), 16).to_bytes(4, "big"))

    assert matches((REPO / "briefs" / "example.brief").read_bytes())
    import sqlite3

    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("create table t(x)").connection.close()
    assert not matches(plain.read_bytes())


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_metainfo_passes_appstream_validation():
    done = subprocess.run(["appstreamcli", "validate", "--no-net", "--explain",
                           str(LINUX / f"{APP_ID}.metainfo.xml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed")
def test_desktop_entry_passes_desktop_file_validate():
    done = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="shared-mime-info is not installed")
def test_install_script_makes_brief_files_open_with_the_app_and_show_its_icon(tmp_path):
    data = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    # A venv's bin folder is not on the desktop's PATH: the entry names the program in full,
    # quoted the way the Desktop Entry spec wants ("$" escaped, "%" doubled).
    bin_dir = tmp_path / "my $venv 100%" / "bin"
    bin_dir.mkdir(parents=True)
    program = bin_dir / "briefing-builder"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    subprocess.run(["sh", str(REPO / "packaging" / "linux" / "install.sh")], check=True,
                   env={**env, "PATH": f"{bin_dir}:/usr/bin:/bin"}, capture_output=True)
    entry = (data / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    quoted = str(program).replace("$", "\\\\$").replace("%", "%%")
    assert f'Exec="{quoted}" %f' in entry.splitlines()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(data / "applications" / f"{APP_ID}.desktop")],
                       check=True)
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    # A renamed brief is still recognised by its content; Qt reads the same database the
    # desktop's file manager does.
    renamed = tmp_path / "from-a-colleague.dat"
    shutil.copyfile(REPO / "briefs" / "example.brief", renamed)
    probe = ("import sys\nfrom PySide6.QtCore import QMimeDatabase\n"
             "db = QMimeDatabase()\n"
             "for name in sys.argv[1:]:\n"
             "    t = db.mimeTypeForFile(name)\n"
             "    print(t.name(), t.iconName())\n")
    out = subprocess.run([sys.executable, "-c", probe, str(renamed), str(tmp_path / "new.brief")],
                         env={**env, "XDG_DATA_DIRS": f"{data}:/usr/share"},
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == f"{MIME} {APP_ID}"
    assert out[1].startswith(MIME)


def test_install_script_refuses_without_a_program_to_run(tmp_path):
    done = subprocess.run(["sh", str(REPO / "packaging" / "linux" / "install.sh")],
                          env={**os.environ, "XDG_DATA_HOME": str(tmp_path),
                               "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.startswith("error: briefing-builder is not on")
    assert not (tmp_path / "applications").exists()


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=REPO, capture_output=True, check=True)
    names = [n for n in listed.stdout.decode().split("\0") if n]
    # A venv created inside the checkout (python3 -m venv v) is not source.
    venvs = {str(p.parent.relative_to(REPO)) + "/" for p in REPO.glob("*/pyvenv.cfg")}
    return [n for n in names if not n.startswith(tuple(venvs)) and (REPO / n).is_file()]


def test_wheel_carries_the_template_icons_desktop_files_and_example_brief(tmp_path):
    # Built from a copy of the sources: setuptools writes build/ and *.egg-info beside them.
    source = tmp_path / "source"
    for name in _tracked_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path), str(source)], check=True, capture_output=True, timeout=600,
                   cwd=tmp_path)
    wheel = next(tmp_path.glob("briefing_builder-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = "desktop/_bundled/"
    for needed in ("resources/templates/memo.docx", "resources/icons/briefing-builder.svg",
                   "resources/icons/briefing-builder-256.png",
                   f"resources/linux/{APP_ID}.desktop", f"resources/linux/{APP_ID}.metainfo.xml",
                   f"resources/linux/{APP_ID}.mime.xml", "briefs/example.brief"):
        assert bundled + needed in names, needed
    assert "desktop/ui/shell/selftest.py" in names and "desktop/core/export/writer.py" in names
    # Build scripts and test fixtures stay out of what users install.
    assert not [n for n in names if n.startswith(("tests/", "briefs/", "resources/"))]
