"""Fetch an http(s) URL with limits: an overall deadline, a size cap and checked redirects.

Every hop of a redirect chain is resolved once and refused when it points at a private,
loopback, link-local or otherwise non-public address, unless the user allows it: a URL from an
untrusted feed must not reach into the user's own network. The connection then goes to the
very address that was checked (the URL's host stays in the Host header and the TLS server name),
so a name that answers a public address to the check and 127.0.0.1 to a second lookup (DNS
rebinding) cannot slip through.

The whole fetch, redirects and body included, has one deadline: a server that trickles bytes
slowly keeps each read alive, so a read timeout alone never ends it.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import SplitResult, urljoin, urlsplit

import httpx

from reportedly.errors import FetchError
from reportedly.model import RawDocument

MAX_REDIRECTS = 5
USER_AGENT = "reportedly/0.1 (+https://example.invalid/reportedly)"


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def _resolve(source: str, url: str, allow_private: bool) -> tuple[SplitResult, str]:
    """The URL's parts and the one address to connect to, checked unless private ones are allowed."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(source, f"not a valid port in {url}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(source, f"not an http(s) URL: {url}")
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(source, f"cannot resolve host {parts.hostname!r} ({exc})") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise FetchError(source, f"cannot resolve host {parts.hostname!r}")
    if not allow_private:
        for address in addresses:
            if not address.is_global:
                raise FetchError(
                    source,
                    f"refused: {parts.hostname} resolves to non-public address {address} (use --allow-private to allow it)",
                )
    return parts, str(addresses[0])


def _pinned(parts: SplitResult, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """The URL aimed at ``address``, with the Host header and TLS server name of the original host."""
    host = f"[{address}]" if ":" in address else address
    netloc = f"{host}:{parts.port}" if parts.port else host
    url = parts._replace(netloc=netloc).geturl()
    original = parts.netloc.rpartition("@")[2]  # without user:password
    extensions = {"sni_hostname": parts.hostname or ""} if parts.scheme == "https" else {}
    return url, {"Host": original}, extensions


def fetch(source: str, *, max_bytes: int, timeout: float, allow_private: bool = False) -> RawDocument:
    """Download ``source`` within ``timeout`` seconds in all; raise :class:`FetchError` with the reason."""
    url = source
    deadline = time.monotonic() + timeout

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(source, f"took longer than the {timeout:g} s deadline for one URL")
        return remaining

    try:
        with httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
            for _ in range(MAX_REDIRECTS + 1):
                parts, address = _resolve(source, url, allow_private)
                target, headers, extensions = _pinned(parts, address)
                # Each read waits at most the time left when the request starts; between reads the
                # deadline is checked, so a trickle ends within one read of it.
                with client.stream("GET", target, headers=headers, extensions=extensions,
                                   timeout=httpx.Timeout(left())) as response:
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
                        left()
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(source, f"response is over the {max_bytes:,}-byte limit")
                        chunks.append(chunk)
                    return RawDocument(
                        source=source,
                        content=b"".join(chunks),
                        url=url,
                        media_type=response.headers.get("content-type"),
                    )
            raise FetchError(source, f"more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException:
        raise FetchError(source, f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(source, f"cannot fetch: {exc or type(exc).__name__}") from None
