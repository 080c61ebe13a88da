"""File → Import from URL…: the address is fetched off the GUI thread (a local server)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desktop.core import queries

PAGE = (b"<html><head><title>Ports reopen</title></head><body><article><h1>Ports reopen</h1>"
        b"<p>The ministry said on Monday that grain exports through the southern ports "
        b"would resume next week, ending a suspension that began in March.</p>"
        b"</article></body></html>")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path != "/ports.html":
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("no_proxy", "*")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def window(make_window, brief_path):
    return make_window(brief_path)


def _menu_action(window, text):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text().replace("&", "") == text)


def test_import_from_url_adds_the_page_with_its_address(qtbot, window, server, monkeypatch):
    from desktop.ui.library.importing import AddressPrompt

    monkeypatch.setattr(AddressPrompt, "ask", classmethod(lambda cls, parent:
                                                          f"{server}/ports.html"))
    with qtbot.waitSignal(window.importer.imported, timeout=10000):
        _menu_action(window, "Import from URL…").trigger()
    source = queries.sources(window.session.store)[0]
    assert source["title"] == "Ports reopen" and source["url"] == f"{server}/ports.html"
    assert "grain exports through the southern ports" in window.reader.text
    window.session.undo_stack.undo()
    assert queries.sources(window.session.store) == []


def test_import_from_url_failure_is_a_message(qtbot, window, server, monkeypatch):
    from desktop.ui.library.importing import AddressPrompt

    monkeypatch.setattr(AddressPrompt, "ask", classmethod(lambda cls, parent:
                                                          f"{server}/gone.html"))
    _menu_action(window, "Import from URL…").trigger()
    qtbot.waitUntil(lambda: bool(window.errors), timeout=10000)
    assert "404" in window.errors[0] and queries.sources(window.session.store) == []
