"""Starting the app anywhere: one version, a self-test, and a clear word when Qt can't start."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version as metadata_version
from pathlib import Path

import pytest

from desktop.ui.shell import platform_check

REPO = Path(__file__).resolve().parents[3]
QT_DIR = Path(platform_check._qt_dir())


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_cli_app_and_about_box_show_the_package_metadata_version(qtbot, monkeypatch, window):
    expected = metadata_version("briefing-builder")
    assert _run("-m", "desktop.cli", "--version").stdout.strip() == f"brief {expected}"
    assert _run("-m", "desktop", "--version").stdout.strip() == f"briefing-builder {expected}"
    from desktop.ui.shell import main_window

    shown = []
    monkeypatch.setattr(main_window.Messages, "info",
                        classmethod(lambda cls, parent, title, text: shown.append(text)))
    window.show_about()
    assert f"Briefing Builder {expected}</b>" in shown[0]


@pytest.fixture
def window(qtbot, brief_path):
    from desktop.core.store import Store
    from desktop.ui.shell.main_window import MainWindow
    from desktop.ui.shell.session import Session

    w = MainWindow(Session(Store.open(brief_path, user="Test Analyst")))
    qtbot.addWidget(w)
    yield w


def test_self_test_opens_the_example_exports_and_checks_its_footnotes():
    done = _run("-m", "desktop", "--self-test")
    assert done.returncode == 0, done.stderr
    assert "self-test passed" in done.stdout and "16 footnotes" in done.stdout


def test_self_test_footnote_check_fails_on_a_memo_missing_a_footnote(tmp_path):
    from desktop import resources
    from desktop.core.export import export_docx
    from desktop.core.store import Store
    from desktop.ui.shell.selftest import SelfTestFailure, check_footnotes

    brief = tmp_path / "example.brief"
    shutil.copyfile(resources.example_brief(), brief)
    with Store.open(brief, user="Test Analyst") as store:
        result = export_docx(store, tmp_path / "memo.docx")
    assert check_footnotes(result.path, result.footnotes) == result.footnotes
    with pytest.raises(SelfTestFailure, match="expected"):
        check_footnotes(result.path, result.footnotes + 1)
    # A footnote's reference deleted from the body: the footnote is no longer cited.
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(result.path) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                start = data.index(b"<w:footnoteReference")
                data = data[:start] + data[data.index(b"/>", start) + 2:]
            dst.writestr(item, data)
    with pytest.raises(SelfTestFailure, match="references"):
        check_footnotes(damaged, result.footnotes)


def _plugin_missing_a_library(tmp_path: Path) -> Path:
    """A copy of Qt's xcb plugin whose loader entry names a library no system has.

    The copy needs ``libxcb-icccm.so.9`` instead of ``.so.4`` (same length, so the ELF stays
    valid); its RUNPATH ($ORIGIN/../../lib) finds Qt's own libraries through a link.
    """
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (tmp_path / "lib").symlink_to(QT_DIR / "Qt" / "lib")
    data = (QT_DIR / "Qt" / "plugins" / "platforms" / "libqxcb.so").read_bytes()
    assert data.count(b"libxcb-icccm.so.4\0") == 1
    (platforms / "libqxcb.so").write_bytes(data.replace(b"libxcb-icccm.so.4\0",
                                                        b"libxcb-icccm.so.9\0"))
    return platforms


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None,
                    reason="Qt's xcb plugin and ldd are Linux things")
def test_missing_xcb_library_gives_one_clear_message_with_the_install_command(tmp_path):
    platforms = _plugin_missing_a_library(tmp_path)
    done = _run("-m", "desktop", env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":7301",
                                      "QT_QPA_PLATFORM_PLUGIN_PATH": str(platforms)})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr
    assert done.stderr.startswith("error: Briefing Builder cannot open a window")
    assert "libxcb-icccm.so.9" in done.stderr
    assert "sudo apt install libxcb-icccm4" in done.stderr
    assert "sudo dnf install xcb-util-wm" in done.stderr


def test_the_real_xcb_plugin_loads_here():
    # The machine running the tests has Qt's X11 libraries (.ci/run installs them): a check
    # that cried wolf would stop every user from starting the app.
    assert platform_check.missing_libraries(
        QT_DIR / "Qt" / "plugins" / "platforms" / "libqxcb.so") == []


def test_no_display_is_one_line_not_a_qt_abort():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="xcb")
    done = subprocess.run([sys.executable, "-m", "desktop"], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("error: Briefing Builder cannot open a window: there is no "
                                  "X display") and done.stderr.count("\n") == 1


def test_with_no_display_the_app_writes_nothing_before_it_says_so(tmp_path):
    # With no brief named, the brief to open comes from the user's settings (the example's
    # copy in their data folder the first time): read only once a window can open.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="xcb", HOME=str(tmp_path / "home"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    done = subprocess.run([sys.executable, "-m", "desktop"], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=60)
    assert done.returncode == 1 and "cannot open a window" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_without_pyside6_the_app_says_to_install_it_with_pip(tmp_path):
    hide = ("import importlib.machinery, sys\n"
            "find = importlib.machinery.PathFinder.find_spec\n"
            "importlib.machinery.PathFinder.find_spec = classmethod(\n"
            "    lambda cls, name, path=None, target=None:\n"
            "    None if name.split('.')[0] == 'PySide6' else find(name, path, target))\n"
            "import desktop.__main__ as entry\n"
            "sys.exit(entry.main(sys.argv[1:]))\n")
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    for argv in ([], [str(tmp_path / "named.brief")]):
        done = subprocess.run([sys.executable, "-c", hide, *argv], capture_output=True,
                              text=True, cwd=REPO, env=env, timeout=60)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith("error: PySide6 (Qt for Python) is not installed"), \
            done.stderr


def test_help_needs_no_display():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="xcb")
    done = subprocess.run([sys.executable, "-m", "desktop", "--help"], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("usage: briefing-builder")


def test_wayland_session_falls_back_to_xcb_and_reports_when_both_fail(tmp_path, monkeypatch):
    platforms = _plugin_missing_a_library(tmp_path)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM_PLUGIN_PATH", str(platforms))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-test")   # no such socket: Qt falls back
    monkeypatch.setenv("DISPLAY", ":7301")
    assert platform_check.platform_candidates() == ["wayland", "xcb"]
    message = platform_check.problem()
    assert message.startswith("error: Briefing Builder cannot open a window: Qt's X11 support "
                              "needs libxcb-icccm.so.9")
    # With the Wayland display there (and the real plugin), the app starts on Wayland.
    (tmp_path / "wayland-test").touch()
    monkeypatch.delenv("QT_QPA_PLATFORM_PLUGIN_PATH")
    assert platform_check.problem() is None


def test_a_load_error_that_is_not_a_missing_file_is_left_for_qt(tmp_path):
    # Not an ELF file at all: the loader fails, but ldd names no missing library.
    fake = tmp_path / "libqfake.so"
    fake.write_bytes(b"not a shared object")
    assert platform_check.missing_libraries(fake) == []


def test_package_names_for_libraries_outside_the_table():
    assert platform_check.packages_for("libxcb-shape.so.0") == ("libxcb-shape0", "libxcb")
    assert platform_check.packages_for("libxcb-dri3.so.0") == ("libxcb-dri3-0", "libxcb")
    assert platform_check.packages_for("libxcb-icccm.so.9") == ("libxcb-icccm4", "xcb-util-wm")
    assert platform_check.packages_for("libpng16.so.16") == ("libpng16-16", "libpng")
    assert platform_check.packages_for("libfoo.so.3") is None
    hint = platform_check.install_hint(["libz.so.1", "libfoo.so.3"])
    assert "sudo apt install zlib1g" in hint and "sudo dnf install zlib" in hint
    assert "apt-file search libfoo.so.3" in hint and "dnf provides '*/libfoo.so.3'" in hint


def test_a_double_clicked_brief_on_macos_opens_in_the_running_app(qtbot, brief_path):
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell import app

    the_app = app.App(QApplication.instance())
    QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(brief_path)))
    assert [w.session.store.path for w in the_app.windows] == [brief_path]
    for window in the_app.windows:
        qtbot.addWidget(window)


def test_the_file_open_watch_can_start_once_the_first_window_is_up(qtbot, brief_path):
    # main() builds the first window without a filter on each of its ~10,000 events, then
    # watches for FileOpen before the event loop can deliver one.
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell import app

    the_app = app.App(QApplication.instance(), watch_file_open=False)
    assert the_app._file_open is None
    the_app.watch_file_open()
    assert the_app._file_open.eventFilter(None, QFileOpenEvent(str(brief_path)))
    assert [w.session.store.path for w in the_app.windows] == [brief_path]
    for window in the_app.windows:
        qtbot.addWidget(window)
    QApplication.instance().removeEventFilter(the_app._file_open)


@pytest.mark.parametrize("platform, watched", [("darwin", True), ("linux", False)])
def test_only_macos_watches_for_file_open_events(qtbot, monkeypatch, tmp_path, brief_path,
                                                 platform, watched):
    # FileOpen comes only on macOS; elsewhere a filter on every event would only slow the
    # first window's painting (its first look at an event builds PySide's QEvent enums).
    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell import app

    monkeypatch.setattr(app.platformdirs, "user_log_dir", lambda *a: str(tmp_path / "log"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app.log, "handlers", [])
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    qt_app = QApplication.instance()
    assert app.main([str(brief_path)]) == 0
    the_app = qt_app._briefing_app
    del qt_app._briefing_app
    for window in the_app.windows:
        qtbot.addWidget(window)
    if the_app._file_open is not None:
        qt_app.removeEventFilter(the_app._file_open)
    assert (the_app._file_open is not None) is watched


def test_missing_qt_library_at_import_names_the_package():
    message = platform_check.import_problem(ImportError(
        "libEGL.so.1: cannot open shared object file: No such file or directory"))
    assert message.startswith("error: Briefing Builder cannot start: Qt needs libEGL.so.1")
    assert "sudo apt install libegl1" in message and "sudo dnf install libglvnd-egl" in message
