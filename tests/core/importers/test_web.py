"""Importing from a web address, against a local HTTP server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desktop import cli
from desktop.core.errors import BriefError
from desktop.core.importers import web
from desktop.core.store import Store


class Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)

    def reply(self, body: bytes, kind: str, status: int = 200, length: int | None = None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where: str, status: int = 302):
        self.send_response(status)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server(samples, monkeypatch):
    for variable in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    pdf = samples.pdf(["Page one of the report.", "Page two of the report."], title="Report")
    page = samples.page().encode()

    def drip(h):  # headers at once, then a byte every 0.1 s
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        try:
            for _ in range(100):
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    def silent(h):  # says nothing for longer than the client waits
        time.sleep(3)
        try:
            h.reply(page, "text/html")
        except OSError:
            pass

    def endless(h):  # no declared length, more bytes than allowed
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        try:
            for _ in range(64):
                h.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
        except OSError:
            pass

    Handler.routes = {
        "/article.html": lambda h: h.reply(page, "text/html; charset=utf-8"),
        "/old-address": lambda h: h.redirect("/article.html", 301),
        "/hop0": lambda h: h.redirect("/hop1"),
        **{f"/hop{n}": (lambda n: lambda h: h.redirect(f"/hop{n + 1}"))(n) for n in range(1, 9)},
        "/to-ftp": lambda h: h.redirect("ftp://127.0.0.1/file.txt"),
        "/huge": lambda h: h.reply(b"", "text/html", length=80 * 1024 * 1024),
        "/endless": endless,
        "/slow": drip,
        "/silent": silent,
        "/logo.png": lambda h: h.reply(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png"),
        "/data.json": lambda h: h.reply(b'{"a": 1}', "application/json"),
        "/files/report.pdf": lambda h: h.reply(pdf, "application/pdf"),
        "/download?id=7": lambda h: h.reply(pdf, "application/octet-stream"),
        "/mislabelled": lambda h: h.reply(pdf, "text/html"),
        "/latin1": lambda h: h.reply(LATIN1, "text/html; charset=iso-8859-1"),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_is_fetched_with_its_final_address_and_access_date(server, samples):
    source = web.fetch(f"{server}/old-address")
    assert source.format == "html" and samples.article[0] in source.text
    assert source.url == f"{server}/article.html"  # where the redirect led
    assert source.original == samples.page().encode()  # the bytes as they arrived
    assert len(source.accessed) == 10 and source.accessed[:2] == "20"


LATIN1 = ("<html><head><title>Exportations</title></head><body><article><p>Le ministère a "
          "annoncé à Montréal que les exportations de céréales reprendraient la semaine "
          "prochaine, après une suspension décidée en mars.</p></article></body></html>"
          ).encode("latin-1")


def test_the_servers_charset_is_used_when_the_page_names_none(server):
    source = web.fetch(f"{server}/latin1")
    assert "Le ministère a annoncé à Montréal" in source.text
    assert source.original == LATIN1


def test_a_pdf_link_is_read_as_pdf(server):
    for path in ("/files/report.pdf", "/download?id=7", "/mislabelled"):
        source = web.fetch(server + path)
        assert source.format == "pdf" and "Page two of the report." in source.text
        assert [label for _, label in source.locations] == ["p. 1", "p. 2"]


@pytest.mark.parametrize("path, options, message", [
    ("/missing", {}, "answered 404 Not Found"),
    ("/hop0", {}, "redirects more than 5 times"),
    ("/to-ftp", {}, "not an http\\(s\\) web address"),
    ("/huge", {}, "80 MiB, more than the 50 MiB"),
    ("/endless", {"max_bytes": 1024 * 1024}, "more than the 1 MiB"),
    ("/slow", {"timeout": 2.0}, "took too long"),  # bytes keep coming, too slowly
    ("/silent", {"timeout": 1.0}, "did not answer within 1 s"),
    ("/logo.png", {}, "image/png, not a page or document"),
    ("/data.json", {}, "application/json, not a page"),
])
def test_what_cannot_be_imported_is_one_clear_error(server, path, options, message):
    with pytest.raises(BriefError, match=message) as info:
        web.fetch(server + path, **options)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://127.0.0.1/x",
                                     "javascript://alert(1)"])
def test_only_http_addresses(address):
    with pytest.raises(BriefError, match="not an http"):
        web.fetch(address)


def test_nobody_listening_is_one_error(monkeypatch):
    monkeypatch.setenv("no_proxy", "*")
    with pytest.raises(BriefError, match="cannot reach"):
        web.fetch("http://127.0.0.1:9/nothing", timeout=5)


def test_cli_add_source_from_an_address(server, tmp_path, capsys, samples):
    brief = tmp_path / "web.brief"
    assert cli.main(["new", str(brief)]) == 0
    assert cli.main(["add-source", str(brief), f"{server}/old-address"]) == 0
    capsys.readouterr()
    assert cli.main(["sources", str(brief), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["url"] == f"{server}/article.html"
    with Store.open(brief, readonly=True) as store:
        assert store.select("sources")[0]["accessed"]
    assert cli.main(["add-source", str(brief), f"{server}/missing"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "404" in err
