"""URL fetching against a real HTTP server on loopback; no traffic leaves the machine."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reportedly.errors import FetchError
from reportedly.ingest.fetch import fetch

PAGE = b"<html><head><title>T</title></head><body><p>Hallo Welt.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 5000)
        elif self.path == "/page":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_follows_redirect_when_private_allowed(server):
    raw = fetch(f"{server}/redirect", max_bytes=10_000, timeout=5, allow_private=True)
    assert raw.content == PAGE
    assert raw.url == f"{server}/page"
    assert raw.media_type == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/", "http://localhost/", "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/", "http://[::1]/"],
)
def test_fetch_refuses_private_targets_by_default(url):
    with pytest.raises(FetchError, match=r"refused: .* non-public address"):
        fetch(url, max_bytes=1000, timeout=2)


def test_fetch_reports_http_errors(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/missing", max_bytes=1000, timeout=5, allow_private=True)


def test_fetch_caps_size(server):
    with pytest.raises(FetchError, match="over the 1,000-byte limit"):
        fetch(f"{server}/big", max_bytes=1000, timeout=5, allow_private=True)


def test_fetch_stops_redirect_loops(server):
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{server}/loop", max_bytes=1000, timeout=5, allow_private=True)


def test_fetch_unreachable_port_is_one_line_error():
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch("http://127.0.0.1:1/", max_bytes=1000, timeout=2, allow_private=True)


def test_fetch_refuses_non_http_scheme():
    with pytest.raises(FetchError, match="not an http"):
        fetch("http:///nohost", max_bytes=1000, timeout=2)
