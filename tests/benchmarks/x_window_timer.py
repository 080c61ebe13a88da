"""Time a program's start as a user sees it, under a real X server (not a test).

    python x_window_timer.py TITLE COMMAND [ARG...]

Starts COMMAND and prints two figures in seconds from the start of the process: when a
top-level window whose title contains TITLE exists on the display (``window``), and when
that window's program answers an X round trip through its event loop (``usable``: a
``_NET_WM_PING`` sent to the window comes back, which Qt answers on the GUI thread, so a
program still busy building its panels or filling lists answers late). Then it stops the
program. Talks to the X server through libX11 with ctypes: no dependency beyond what Qt's
X11 support already needs. Exit status 1 (and one line on stderr) when the program exits
or times out before its window appears.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import select
import subprocess
import sys
import time

TIMEOUT_S = 60.0
POLL_S = 0.005

Window = ctypes.c_ulong
Atom = ctypes.c_ulong


class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                ("window", Window), ("message_type", Atom), ("format", ctypes.c_int),
                ("data", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("client", ClientMessage), ("pad", ctypes.c_long * 24)]


CLIENT_MESSAGE = 33
STRUCTURE_NOTIFY_MASK = 1 << 17  # Qt answers a ping to the root with this mask

x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = Window
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XInternAtom.restype = Atom
x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x11.XQueryTree.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(Window),
                           ctypes.POINTER(Window), ctypes.POINTER(ctypes.POINTER(Window)),
                           ctypes.POINTER(ctypes.c_uint)]
x11.XGetWindowProperty.argtypes = [
    ctypes.c_void_p, Window, Atom, ctypes.c_long, ctypes.c_long, ctypes.c_int, Atom,
    ctypes.POINTER(Atom), ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
    ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p)]
x11.XFree.argtypes = [ctypes.c_void_p]
x11.XSelectInput.argtypes = [ctypes.c_void_p, Window, ctypes.c_long]
x11.XSendEvent.argtypes = [ctypes.c_void_p, Window, ctypes.c_int, ctypes.c_long,
                           ctypes.POINTER(XEvent)]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XPending.argtypes = [ctypes.c_void_p]
x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(XEvent)]
x11.XConnectionNumber.argtypes = [ctypes.c_void_p]


def _property(display, window, name) -> tuple[int, bytes]:
    """(format, bytes) of a window property, (0, b"") when it has none."""
    kind, fmt = Atom(), ctypes.c_int()
    count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
    if x11.XGetWindowProperty(display, window, name, 0, 1024, 0, 0, ctypes.byref(kind),
                              ctypes.byref(fmt), ctypes.byref(count), ctypes.byref(after),
                              ctypes.byref(data)) != 0 or not data.value:
        return 0, b""
    size = {8: 1, 16: ctypes.sizeof(ctypes.c_short), 32: ctypes.sizeof(ctypes.c_long)}
    value = ctypes.string_at(data.value, count.value * size.get(fmt.value, 0))
    x11.XFree(data)
    return fmt.value, value


def _title(display, window, names) -> bytes:
    for name in names:
        fmt, value = _property(display, window, name)
        if fmt == 8 and value:
            return value
    return b""


def _answers_ping(display, window, protocols, ping) -> bool:
    """Lists _NET_WM_PING in WM_PROTOCOLS: a program's real window, not Qt's hidden
    client-leader window, which carries the application's name too."""
    fmt, value = _property(display, window, protocols)
    if fmt != 32:
        return False
    atoms = (ctypes.c_long * (len(value) // ctypes.sizeof(ctypes.c_long))).from_buffer_copy(value)
    return ping in list(atoms)


def _find(display, root, title: bytes, names, protocols, ping) -> int | None:
    """The first window (depth-first from the root) whose title contains ``title``."""
    stack = [root]
    while stack:
        window = stack.pop()
        if (window != root and title in _title(display, window, names)
                and _answers_ping(display, window, protocols, ping)):
            return window
        root_ret, parent = Window(), Window()
        children, count = ctypes.POINTER(Window)(), ctypes.c_uint()
        if x11.XQueryTree(display, window, ctypes.byref(root_ret), ctypes.byref(parent),
                          ctypes.byref(children), ctypes.byref(count)):
            stack.extend(children[i] for i in range(count.value))
            if children:
                x11.XFree(children)
    return None


def time_window(title: str, command: list[str]) -> tuple[float, float]:
    """(seconds to the window, seconds to its first answered ping) from the start."""
    display = x11.XOpenDisplay(None)
    if not display:
        raise SystemExit("error: no X display (run under xvfb-run)")
    root = x11.XDefaultRootWindow(display)
    names = [x11.XInternAtom(display, b"_NET_WM_NAME", 0), x11.XInternAtom(display, b"WM_NAME", 0)]
    protocols = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
    ping = x11.XInternAtom(display, b"_NET_WM_PING", 0)
    x11.XSelectInput(display, root, STRUCTURE_NOTIFY_MASK)  # where the answer is sent
    x11.XFlush(display)
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while (window := _find(display, root, title.encode(), names, protocols, ping)) is None:
            if process.poll() is not None or time.perf_counter() - began > TIMEOUT_S:
                raise SystemExit(f"error: {command[0]} exited or timed out before a window "
                                 f"titled '{title}' appeared")
            time.sleep(POLL_S)
        shown = time.perf_counter() - began
        event = XEvent()
        event.client.type = CLIENT_MESSAGE
        event.client.window = window
        event.client.message_type = protocols
        event.client.format = 32
        event.client.data[0], event.client.data[2] = ping, window
        x11.XSendEvent(display, window, 0, 0, ctypes.byref(event))
        x11.XFlush(display)
        fd = x11.XConnectionNumber(display)
        while True:
            while x11.XPending(display):
                x11.XNextEvent(display, ctypes.byref(event))
                if (event.type == CLIENT_MESSAGE and event.client.data[0] == ping
                        and event.client.data[2] == window):
                    return shown, time.perf_counter() - began
            if time.perf_counter() - began > TIMEOUT_S or process.poll() is not None:
                raise SystemExit(f"error: {command[0]} never answered a ping")
            select.select([fd], [], [], 0.05)
    finally:
        process.kill()
        process.wait()


if __name__ == "__main__":
    window_s, usable_s = time_window(sys.argv[1], sys.argv[2:])
    print(f"{window_s:.3f} {usable_s:.3f}")
