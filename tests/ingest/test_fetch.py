"""URL fetching against a real HTTP server on loopback; no traffic leaves the machine."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reportedly.errors import FetchError
from reportedly.ingest.fetch import fetch

PAGE = b"<html><head><title>T</title></head><body><p>Hallo Welt.</p></body></html>"
REQUESTS: list[tuple[str, str]] = []  # (path, Host header) of every request the server answered


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        REQUESTS.append((self.path, self.headers.get("Host", "")))
        if self.path == "/trickle":  # one byte every 50 ms for 20 s: no read ever times out
            self.send_response(200)
            self.end_headers()
            for _ in range(400):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.05)
        elif self.path == "/redirect":
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


def _resolver(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """Make ``*.test`` names resolve to ``answers`` in turn (the last one repeats); returns the log."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if not str(host).endswith(".test"):
            return real(host, port, *args, **kwargs)
        address = answers[min(len(asked), len(answers) - 1)]
        asked.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_dns_rebinding_never_reaches_loopback(server, monkeypatch):
    """The name answers a public address to the check and 127.0.0.1 to any later lookup."""
    port = server.rsplit(":", 1)[1]
    asked = _resolver(monkeypatch, ["93.184.216.34", "127.0.0.1"])
    REQUESTS.clear()
    with pytest.raises(FetchError):  # the public address is out of reach here: it fails, it does not go home
        fetch(f"http://rebind.test:{port}/page", max_bytes=10_000, timeout=2)
    assert REQUESTS == []
    assert asked == ["93.184.216.34"]  # one lookup: the address checked is the address used


def test_the_checked_address_is_used_with_the_original_host_header(server, monkeypatch):
    port = server.rsplit(":", 1)[1]
    asked = _resolver(monkeypatch, ["127.0.0.1"])
    REQUESTS.clear()
    raw = fetch(f"http://pinned.test:{port}/redirect", max_bytes=10_000, timeout=5, allow_private=True)
    assert raw.content == PAGE and raw.url == f"http://pinned.test:{port}/page"
    assert [("/redirect", f"pinned.test:{port}"), ("/page", f"pinned.test:{port}")] == REQUESTS
    assert len(asked) == 2  # one lookup per hop: the connection itself looks nothing up


def test_a_trickling_server_is_cut_at_the_deadline(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^http://127.0.0.1:\d+/trickle: took longer than the 1 s deadline for one URL$"):
        fetch(f"{server}/trickle", max_bytes=1_000_000, timeout=1, allow_private=True)
    assert time.monotonic() - started < 2
