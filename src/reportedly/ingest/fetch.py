"""Fetch an http(s) URL with limits: timeouts, a size cap and checked redirects.

Every hop of a redirect chain is resolved and refused when it points at a private, loopback,
link-local or otherwise non-public address, unless the user allows it: a URL from an
untrusted feed must not reach into the user's own network.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from reportedly.errors import FetchError
from reportedly.model import RawDocument

MAX_REDIRECTS = 5
USER_AGENT = "reportedly/0.1 (+https://example.invalid/reportedly)"


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def _check_target(source: str, url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(source, f"not an http(s) URL: {url}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(source, f"cannot resolve host {parts.hostname!r} ({exc})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(
                source,
                f"refused: {parts.hostname} resolves to non-public address {address} (use --allow-private to allow it)",
            )


def fetch(source: str, *, max_bytes: int, timeout: float, allow_private: bool = False) -> RawDocument:
    """Download ``source`` and return its bytes; raise :class:`FetchError` with the reason."""
    url = source
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
            for _ in range(MAX_REDIRECTS + 1):
                _check_target(source, url, allow_private)
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    if response.status_code >= 400:
                        raise FetchError(source, f"HTTP {response.status_code} {response.reason_phrase}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(source, f"response is {int(declared):,} bytes, over the {max_bytes:,}-byte limit")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(source, f"response is over the {max_bytes:,}-byte limit")
                        chunks.append(chunk)
                    return RawDocument(
                        source=source,
                        content=b"".join(chunks),
                        url=str(response.url),
                        media_type=response.headers.get("content-type"),
                    )
            raise FetchError(source, f"more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException:
        raise FetchError(source, f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(source, f"cannot fetch: {exc or type(exc).__name__}") from None
