"""The single network entry point: every byte newswatch fetches comes through here.

Why one place: the guards must hold for every request, including each redirect hop. A feed
may point anywhere, so:

* only http and https are fetched;
* hosts resolving to private, loopback, link-local, multicast or reserved addresses are
  refused unless the source opts in with ``allow_private`` (tests on 127.0.0.1 do); the
  check runs before each request and again on the address each connection is actually
  opened to, so a name that resolves differently the second time (DNS rebinding) cannot
  slip through;
* redirects are followed by hand (at most 5), each hop checked again and recorded;
* responses are capped in size, and compressed bodies in decompression ratio;
* conditional GET (ETag / Last-Modified) saves bandwidth and the publisher's patience;
* a per-host politeness delay spaces requests to the same host, across threads;
* 429/503 ``Retry-After`` is reported back so the poller can back off that source.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import threading
import time
import typing
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newswatch.errors import NewswatchError

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_RATIO = 100
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(15.0, connect=5.0)


class FetchError(NewswatchError):
    """A fetch failed; ``retry_after`` (seconds) is set when the server asked us to wait."""

    def __init__(self, url: str, reason: str, *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class BlockedAddressError(FetchError):
    """The URL points at an address sources may not reach (SSRF guard)."""


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    headers: dict[str, str]
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    def date(self) -> datetime | None:
        """The server's Last-Modified as a datetime: 'the source's metadata' for a page."""
        value = self.last_modified
        if not value:
            return None
        try:
            return email.utils.parsedate_to_datetime(value).astimezone(timezone.utc)
        except (TypeError, ValueError):
            return None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now or time.time()))


def _refuse_non_public(url: str, host: str, addresses: list[str]) -> None:
    for raw in addresses:
        address = ipaddress.ip_address(raw.split("%")[0])
        if not address.is_global or address.is_multicast:
            raise BlockedAddressError(
                url, f"{host} resolves to non-public address {address} "
                     "(set allow_private: true on the source to allow it)")


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Opens connections only to public addresses, checking the address it connects to.

    Resolving once in :func:`check_address` and letting the client resolve again leaves a
    window in which a hostile DNS server can answer with a private address; here the name
    is resolved, every answer checked, and the socket opened to a checked address.
    """

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None,
                    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from exc
        addresses = [info[4][0] for info in infos]
        _refuse_non_public(f"{host}:{port}", host, addresses)
        return super().connect_tcp(addresses[0], port, timeout=timeout,
                                   local_address=local_address, socket_options=socket_options)


def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts on non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise BlockedAddressError(url, f"scheme {parts.scheme or '(none)'!r} is not http/https")
    host = parts.hostname
    if not host:
        raise BlockedAddressError(url, "no host in URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(url, f"cannot resolve {host}: {exc.strerror}") from exc
    _refuse_non_public(url, host, [info[4][0] for info in infos])


class _HostClock:
    """Spaces requests to the same host by at least ``delay`` seconds, across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str, delay: float) -> None:
        if delay <= 0:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + delay
        if slot > now:
            time.sleep(slot - now)


_CLOCK = _HostClock()


class Fetcher:
    """An HTTP client with newswatch's guards; one per poll, shared by its threads."""

    def __init__(self, *, user_agent: str, politeness_delay: float = 1.0,
                 max_bytes: int = MAX_BYTES, timeout: httpx.Timeout = TIMEOUT) -> None:
        self.politeness_delay = politeness_delay
        self.max_bytes = max_bytes
        self.client = self._client(user_agent, timeout, public_only=False)
        self.public_client = self._client(user_agent, timeout, public_only=True)

    @staticmethod
    def _client(user_agent: str, timeout: httpx.Timeout, *, public_only: bool) -> httpx.Client:
        limits = httpx.Limits(max_connections=32, max_keepalive_connections=16)
        transport = httpx.HTTPTransport(limits=limits)
        pool = getattr(transport, "_pool", None)
        if public_only and isinstance(pool, httpcore.ConnectionPool):
            pool._network_backend = _PublicOnlyBackend()
        return httpx.Client(timeout=timeout, follow_redirects=False, transport=transport,
                            headers={"User-Agent": user_agent,
                                     "Accept-Encoding": "gzip, deflate"})

    def close(self) -> None:
        self.client.close()
        self.public_client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, *, allow_private: bool = False, etag: str | None = None,
              last_modified: str | None = None, headers: dict[str, str] | None = None) -> FetchResult:
        """GET ``url`` with every guard; raise :class:`FetchError` on any failure."""
        request_headers = dict(headers or {})
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        redirects: list[str] = []
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            check_address(current, allow_private=allow_private)
            _CLOCK.wait(urlsplit(current).netloc.lower(), self.politeness_delay)
            client = self.client if allow_private else self.public_client
            status, resp_headers, content = self._get(client, current, request_headers)
            if status in (301, 302, 303, 307, 308) and "location" in resp_headers:
                current = urljoin(current, resp_headers["location"])
                redirects.append(current)
                continue
            if status == 304:
                return FetchResult(url, current, status, b"", resp_headers, redirects)
            if status in (429, 503):
                raise FetchError(url, f"HTTP {status}", status=status,
                                 retry_after=parse_retry_after(resp_headers.get("retry-after")))
            if status >= 400:
                raise FetchError(url, f"HTTP {status}", status=status)
            return FetchResult(url, current, status, content, resp_headers, redirects)
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _get(self, client: httpx.Client, url: str,
             headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        try:
            with client.stream("GET", url, headers=headers) as response:
                resp_headers = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code >= 300:
                    return response.status_code, resp_headers, b""
                declared = resp_headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(url, f"response of {declared} bytes exceeds the "
                                          f"{self.max_bytes} byte cap")
                raw = bytearray()
                for chunk in response.iter_raw():
                    raw.extend(chunk)
                    if len(raw) > self.max_bytes:
                        raise FetchError(url, f"response exceeds the {self.max_bytes} byte cap")
                body = self._decode(url, bytes(raw), resp_headers.get("content-encoding", ""))
                return response.status_code, resp_headers, body
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timed out ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"{type(exc).__name__}: {exc}") from exc

    def _decode(self, url: str, raw: bytes, encoding: str) -> bytes:
        """Decompress with a ratio cap so a small gzip bomb cannot fill memory."""
        encoding = encoding.strip().lower()
        if encoding not in ("gzip", "x-gzip", "deflate"):
            return raw
        wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
        limit = min(self.max_bytes, max(len(raw), 1) * MAX_RATIO)
        try:
            inflater = zlib.decompressobj(wbits)
            out = inflater.decompress(raw, limit + 1)
        except zlib.error as exc:
            raise FetchError(url, f"corrupt {encoding} body: {exc}") from exc
        if len(out) > limit:
            raise FetchError(url, f"decompressed body exceeds {limit} bytes "
                                  f"(ratio cap {MAX_RATIO}:1)")
        return out
