"""Canonical URLs: one story, one address, whatever feed or share button it came through.

Tracking parameters (utm_*, fbclid, ...), fragments, AMP variants and mobile hosts are
removed, the scheme and host are lower-cased and default ports dropped, so the same story
linked from five feeds is stored once.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref|ref_src|"
    r"cmpid|cmp|ncid|ocid|sr_share|taid|rpc|smid|partner|mod|guccounter|guce_\w+|spm|"
    r"at_medium|at_campaign|at_custom\d*|s_cid|icid|ito|outputtype|amp|share)$",
    re.I,
)
_MOBILE_HOST = re.compile(r"^(?:m|mobile|amp|www)\.", re.I)
_AMP_PATH = re.compile(r"(?:/amp/?$|/amp(?=/)|\.amp(?=\.html?$|$))", re.I)


def canonicalize_url(url: str | None) -> str | None:
    """The canonical form of an http(s) URL, or the input unchanged for anything else."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower()
    while _MOBILE_HOST.match(host) and host.count(".") >= 2:
        host = _MOBILE_HOST.sub("", host, count=1)
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1 and path.endswith("/index.html"):
        path = path[: -len("index.html")]
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit(("https", netloc, path, query, ""))
