"""Before Qt starts: can one of its platform plugins load here? (No Qt imported here.)

Qt aborts the whole process when no platform plugin can load, and for the X11 plugin (xcb)
its message names only ``xcb-cursor0`` whatever is really missing. So the app asks first, for
each plugin in the order Qt will try them (on a Wayland session: wayland, then xcb): is its
display there, and does the dynamic loader find every library it needs? Only when every
candidate fails does the app refuse to start, naming the missing libraries and the packages
that provide them. Anything the loader check cannot explain is left for Qt to try.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Shared library → (Debian/Ubuntu package, Fedora package), for every library Qt's xcb and
# wayland plugins load that a minimal system may lack. libxcb's own family follows a rule
# (see ``packages_for``); anything else gets a "which package has it" command, not a guess.
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
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libz.so.1": ("zlib1g", "zlib"),
    "libexpat.so.1": ("libexpat1", "expat"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libpcre2-8.so.0": ("libpcre2-8-0", "pcre2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
    "libffi.so.8": ("libffi8", "libffi"),
}

NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)
CANNOT_OPEN = re.compile(r"(?:^|/|\s)([\w.+-]+\.so[\w.]*): cannot open shared object file")


def packages_for(library: str) -> tuple[str, str] | None:
    """(Debian, Fedora) package names for a missing library, or None when unknown."""
    if library in PACKAGES:
        return PACKAGES[library]
    stem, _, version = library.partition(".so")
    for known, names in PACKAGES.items():   # another soname of a library we know
        if known.partition(".so")[0] == stem:
            return names
    if stem == "libxcb" or stem.startswith("libxcb-"):
        # Debian names each of libxcb's extension libraries after its soname (libxcb-shape.so.0
        # → libxcb-shape0, libxcb-dri3.so.0 → libxcb-dri3-0); Fedora ships them all in libxcb.
        number = version.lstrip(".").split(".")[0]
        joiner = "-" if stem[-1].isdigit() else ""
        return f"{stem.lower()}{joiner}{number}", "libxcb"
    return None


def install_hint(missing: list[str]) -> str:
    known = [packages_for(m) for m in missing if packages_for(m)]
    unknown = [m for m in missing if not packages_for(m)]
    lines = ["Install them, then start the app again:"]
    if known:
        lines.append("  Debian/Ubuntu: sudo apt install "
                     + " ".join(dict.fromkeys(k[0] for k in known)))
        lines.append("  Fedora:        sudo dnf install "
                     + " ".join(dict.fromkeys(k[1] for k in known)))
    for library in unknown:
        lines.append(f"  {library}: find its package with `apt-file search {library}` "
                     f"or `dnf provides '*/{library}'`")
    return "\n".join(lines)


def _qt_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent


def platform_candidates() -> list[str]:
    """The platform plugins Qt will try, in order: QT_QPA_PLATFORM's list, else the default.

    QT_QPA_PLATFORM may list fallbacks ("wayland;xcb"), each with options after a colon. Qt 6
    on Linux tries wayland first on a Wayland session and falls back to xcb.
    """
    chosen = [part.split(":")[0].strip()
              for part in os.environ.get("QT_QPA_PLATFORM", "").split(";")]
    chosen = [name for name in chosen if name]
    if chosen:
        return chosen
    wayland = bool(os.environ.get("WAYLAND_DISPLAY")) or os.environ.get(
        "XDG_SESSION_TYPE") == "wayland"
    return ["wayland", "xcb"] if wayland else ["xcb"]


def plugin_path(qt_dir: Path, name: str) -> Path:
    folder = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    base = Path(folder) if folder else qt_dir / "Qt" / "plugins" / "platforms"
    return base / f"libq{name}.so"


def missing_libraries(library: Path) -> list[str]:
    """Libraries the dynamic loader cannot find for ``library`` (empty when it loads, and
    when it fails for a reason other than a missing file: Qt may still manage then)."""
    try:
        ctypes.CDLL(str(library), mode=os.RTLD_LAZY)   # bind lazily, as Qt's loader does
        return []
    except OSError as exc:
        first = str(exc)
    ldd = shutil.which("ldd")
    if ldd:
        import subprocess  # only when a library is missing: it is slow to import

        try:
            out = subprocess.run([ldd, str(library)], capture_output=True, text=True,
                                 timeout=20).stdout
            return sorted(set(NOT_FOUND.findall(out)))
        except (OSError, subprocess.SubprocessError):
            pass
    named = CANNOT_OPEN.search(first)
    return [named.group(1)] if named else []


@dataclass
class Attempt:
    """Why one platform plugin cannot be used here ("" when it can)."""

    name: str
    reason: str = ""
    missing: list[str] = field(default_factory=list)


def _attempt(qt_dir: Path, name: str) -> Attempt:
    if name == "xcb" and not os.environ.get("DISPLAY"):
        return Attempt(name, "there is no X display to open a window on (DISPLAY is not set)")
    if name == "wayland":
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        display = os.environ.get("WAYLAND_DISPLAY", "wayland-0")
        socket = Path(display) if os.path.isabs(display) else Path(runtime) / display
        if not socket.exists():
            return Attempt(name, f"there is no Wayland display at {socket}")
    if name not in ("xcb", "wayland"):
        return Attempt(name)   # offscreen, vnc, eglfs…: nothing known to check
    plugin = plugin_path(qt_dir, name)
    if not plugin.exists():
        return Attempt(name, f"Qt's {name} platform plugin is missing ({plugin}); reinstall "
                             "Briefing Builder")
    missing = missing_libraries(plugin)
    if missing:
        return Attempt(name, f"Qt's {'X11' if name == 'xcb' else 'Wayland'} support needs "
                             f"{', '.join(missing)}, which this system lacks", missing)
    return Attempt(name)


def problem() -> str | None:
    """A message for the user when no platform plugin Qt would try can work, else None."""
    if not sys.platform.startswith("linux"):
        return None
    qt_dir = _qt_dir()
    if qt_dir is None:
        return ("error: PySide6 (Qt for Python) is not installed; install Briefing Builder "
                "with pip so that its dependencies come with it.")
    attempts = [_attempt(qt_dir, name) for name in platform_candidates()]
    if any(not a.reason for a in attempts):
        return None
    # Missing libraries are what a user can fix: report those first, xcb's before wayland's.
    attempts.sort(key=lambda a: (not a.missing, a.name != "xcb"))
    best = attempts[0]
    message = f"error: Briefing Builder cannot open a window: {best.reason}."
    if best.missing:
        message += "\n" + install_hint(best.missing)
    elif best.name == "xcb" and len(attempts) == 1:
        message += " Start Briefing Builder from a desktop session."
    return message


def import_problem(exc: ImportError) -> str:
    """The message for Qt's own libraries failing to load (``import PySide6.QtWidgets``)."""
    named = CANNOT_OPEN.search(str(exc))
    if not named:
        return f"error: Qt could not be loaded: {exc}"
    return (f"error: Briefing Builder cannot start: Qt needs {named.group(1)}, which this "
            f"system lacks.\n" + install_hint([named.group(1)]))
