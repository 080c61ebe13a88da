"""Before Qt starts: can its platform plugin load on this system? (No Qt imported here.)

Qt aborts the whole process when its platform plugin cannot load, and for the X11 plugin
(xcb) its message names only ``xcb-cursor0`` whatever is really missing. So the app asks the
dynamic loader first: it loads the plugin the way Qt will and, if that fails, lists every
library ``ldd`` cannot find and says which packages provide them.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Shared library → (Debian/Ubuntu package, Fedora package). Names not listed fall back to the
# Debian convention (libxcb-foo.so.N → libxcb-fooN) and Fedora's "libxcb".
PACKAGES = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
}

NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def packages_for(library: str) -> tuple[str, str]:
    if library in PACKAGES:
        return PACKAGES[library]
    base = re.sub(r"\.so\.?(\d*).*$", r"\1", library)   # libxcb-shape.so.0 → libxcb-shape0
    stem = library.split(".so")[0]
    if stem.startswith("libxcb-") or stem == "libxcb":
        # Try the versionless name (libxcb-icccm.so.9 → libxcb-icccm4) before guessing.
        for known, names in PACKAGES.items():
            if known.split(".so")[0] == stem:
                return names
        return base, "libxcb"
    return base, stem.removeprefix("lib")


def _qt_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent


def platform_name() -> str:
    """The platform plugin Qt will use: QT_QPA_PLATFORM's first choice, else the default."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if sys.platform.startswith("linux"):
        wayland = os.environ.get("WAYLAND_DISPLAY") or os.environ.get(
            "XDG_SESSION_TYPE") == "wayland"
        return "wayland" if wayland else "xcb"
    return ""


def plugin_path(qt_dir: Path, name: str) -> Path:
    folder = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    base = Path(folder) if folder else qt_dir / "Qt" / "plugins" / "platforms"
    return base / f"libq{name}.so"


def missing_libraries(library: Path) -> list[str]:
    """Libraries the loader cannot find for ``library`` (empty when it loads)."""
    try:
        ctypes.CDLL(str(library))
        return []
    except OSError as exc:
        first = str(exc)
    ldd = shutil.which("ldd")
    if ldd:
        try:
            out = subprocess.run([ldd, str(library)], capture_output=True, text=True,
                                 timeout=20).stdout
            found = sorted(set(NOT_FOUND.findall(out)))
            if found:
                return found
        except (OSError, subprocess.SubprocessError):
            pass
    named = re.match(r"^([^:]+\.so[^:]*): cannot open shared object", first.split(": ", 1)[-1])
    return [named.group(1)] if named else [first]


def _install_hint(missing: list[str]) -> str:
    debian = " ".join(dict.fromkeys(packages_for(m)[0] for m in missing))
    fedora = " ".join(dict.fromkeys(packages_for(m)[1] for m in missing))
    return ("Install them, then start the app again:\n"
            f"  Debian/Ubuntu: sudo apt install {debian}\n"
            f"  Fedora:        sudo dnf install {fedora}")


def import_problem(exc: ImportError) -> str:
    """The message for Qt's own libraries failing to load (``import PySide6.QtWidgets``)."""
    named = re.search(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object", str(exc))
    if not named:
        return f"error: Qt could not be loaded: {exc}"
    return (f"error: Briefing Builder cannot start: Qt needs {named.group(1)}, which this "
            f"system lacks.\n" + _install_hint([named.group(1)]))


def problem() -> str | None:
    """A message for the user when Qt cannot start here, else None."""
    if not sys.platform.startswith("linux"):
        return None
    qt_dir = _qt_dir()
    if qt_dir is None:
        return ("error: PySide6 (Qt for Python) is not installed; install Briefing Builder "
                "with pip so that its dependencies come with it.")
    if platform_name() != "xcb":
        return None
    if not os.environ.get("DISPLAY"):
        return ("error: there is no X display to open a window on (DISPLAY is not set). "
                "Start Briefing Builder from a desktop session.")
    plugin = plugin_path(qt_dir, "xcb")
    if not plugin.exists():
        return f"error: Qt's X11 platform plugin is missing ({plugin}); reinstall PySide6."
    missing = missing_libraries(plugin)
    if not missing:
        return None
    return (f"error: Briefing Builder cannot open a window: Qt's X11 support needs "
            f"{', '.join(missing)}, which this system lacks.\n" + _install_hint(missing))
