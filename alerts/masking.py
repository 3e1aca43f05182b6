"""Keep notification URLs secret: apprise URLs carry tokens and passwords in clear.

``mask_url`` is what any human-facing text shows for a channel. ``redact`` scrubs the secret
parts of every configured URL out of free text (exception messages from HTTP libraries quote
the full URL), and :class:`RedactingFilter` does the same to log records, so an error stored
in ``last_error``, a CLI line or a log line never carries a token.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlsplit

MASK = "***"
_HOSTLIKE = re.compile(r"^(localhost|[0-9.]+|\[[0-9a-f:]+\]|[a-z0-9-]+(\.[a-z0-9-]+)+)$", re.I)
# Query keys whose values are addresses or modes, not secrets: shown so a user can tell
# two email channels apart.
_PUBLIC_KEYS = frozenset({"to", "from", "cc", "bcc", "mode", "format", "smtp", "name"})


def mask_url(url: str) -> str:
    """``scheme://host[:port]/***?key=***``: enough to recognise a channel, nothing to abuse.

    The host is shown only when it looks like a host name; token-style URLs
    (``slack://TOKEN/TOKEN/TOKEN``) put secrets where the host would be.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return MASK
    if not parts.scheme:
        return MASK
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
    hostlike = bool(_HOSTLIKE.match(host)) and ("." in host or host == "localhost")
    shown = host if hostlike else (MASK if host else "")
    netloc = (f"{MASK}@" if parts.username or parts.password else "") + shown
    if port and shown != MASK:
        netloc += f":{port}"
    out = f"{parts.scheme}://{netloc}"
    if parts.path.strip("/"):
        out += f"/{MASK}"
    if parts.query:
        pairs = [f"{k}={v if k.lower() in _PUBLIC_KEYS else MASK}"
                 for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        out += "?" + "&".join(pairs)
    return out


def secret_parts(url: str) -> set[str]:
    """The substrings of ``url`` that must never appear in output.

    The whole URL, its user and password, every path segment and every non-public query
    value (and their %-decoded forms), ignoring fragments too short to be secrets.
    """
    found = {url.strip()}
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return found
    pieces = [parts.username or "", parts.password or ""]
    raw_host = parts.netloc.rsplit("@", 1)[-1].split(":", 1)[0]  # hostname is lower-cased
    if raw_host != "localhost" and not (_HOSTLIKE.match(raw_host) and "." in raw_host):
        pieces.append(raw_host)
    pieces += [seg for seg in parts.path.split("/") if seg]
    pieces += [v for k, v in parse_qsl(parts.query, keep_blank_values=True)
               if k.lower() not in _PUBLIC_KEYS]
    for piece in pieces:
        for form in (piece, unquote(piece)):
            if len(form) >= 4:
                found.add(form)
    return found


class _Registry:
    """The secrets of every URL seen by this process; read by the log filter."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()

    def add(self, urls: Iterable[str]) -> None:
        with self._lock:
            known = set(self._secrets)
            for url in urls:
                known |= secret_parts(url)
            # Longest first, so a whole URL is replaced before its pieces.
            self._secrets = tuple(sorted(known, key=len, reverse=True))

    @property
    def secrets(self) -> tuple[str, ...]:
        return self._secrets


registry = _Registry()


def redact(text: str, urls: Iterable[str] = ()) -> str:
    """``text`` with every secret part of ``urls`` (and of registered URLs) replaced."""
    secrets = set(registry.secrets)
    for url in urls:
        secrets |= secret_parts(url)
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites log records so registered secrets never reach a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not registry.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is the logger's problem
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_info, record.exc_text = None, redact(text)
        return True


_FILTER = RedactingFilter()
_GUARDED = ("alerts", "alerts.send", "alerts.outbox", "alerts.render", "apprise",
            "httpx", "httpcore", "urllib3", "urllib3.connectionpool", "newswatch.cli")


def protect(urls: Iterable[str]) -> None:
    """Register ``urls`` as secret and guard the loggers that could quote them.

    Logger filters are not inherited by child loggers, so each logger that handles URLs
    (ours, apprise's, the HTTP clients') gets the filter itself.
    """
    registry.add(urls)
    for name in _GUARDED:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
