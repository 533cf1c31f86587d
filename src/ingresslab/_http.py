"""Requests and their normalisation: the one home of URL parsing and Host/URI handling.

Every controller model reads requests through this module: `Request.from_url` parses a URL
(with an optional Host override), `normalize_host` is how the Ingress spec and the ALB compare
a Host (lower-case, port removed), and `nginx_host` / `nginx_uri` are nginx's own stricter
readings (ngx_http_validate_host and ngx_http_parse_complex_uri), which may refuse a request.
This module knows nothing about rules or controllers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["PLAIN_HOST", "Request", "nginx_host", "nginx_uri", "normalize_host", "split_host_port"]


@dataclass(frozen=True, slots=True)
class Request:
    """An HTTP request as routing sees it: scheme, Host (as sent), path and query."""

    scheme: str
    host: str
    path: str
    query: str = ""
    port: int | None = None

    @classmethod
    def from_url(cls, url: str, host: str | None = None) -> Request:
        """Parse `http://my.example.com/some-path?q=1`; `host` overrides the Host header."""
        if "://" not in url:
            raise ValueError(f"not an absolute URL (want http://host/path): {url!r}")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"unsupported scheme {parts.scheme!r}: use http or https")
        netloc = host if host is not None else parts.netloc.rpartition("@")[2]
        name, port = split_host_port(netloc)
        return cls(
            scheme=parts.scheme,
            host=name,
            path=parts.path or "/",
            query=parts.query,
            port=int(port) if port else None,
        )

    @property
    def url(self) -> str:
        port = f":{self.port}" if self.port else ""
        query = f"?{self.query}" if self.query else ""
        return f"{self.scheme}://{self.host}{port}{self.path}{query}"


def split_host_port(netloc: str) -> tuple[str, str]:
    """`host:port`, `[v6]:port` or a bare host; a port that is not digits stays in the host."""
    if netloc.startswith("["):
        end = netloc.find("]")
        if end > 0 and netloc[end + 1 : end + 2] == ":" and netloc[end + 2 :].isdigit():
            return netloc[: end + 1], netloc[end + 2 :]
        return netloc, ""
    name, sep, port = netloc.rpartition(":")
    if sep and netloc.count(":") == 1 and port.isdigit():
        return name, port
    return netloc, ""


def normalize_host(host: str) -> str:
    """The Host header as rules compare it: lower-case, port removed (hosts are DNS names)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def nginx_host(host: str) -> str | None:
    """The Host as nginx keeps it, or None when nginx answers 400.

    ngx_http_validate_host (src/http/ngx_http_request.c, nginx 1.27.1): ASCII lower-case, the
    `:port` and one trailing dot removed; two dots in a row, `/`, control bytes, space, DEL or an
    empty name are invalid.
    """
    if PLAIN_HOST.fullmatch(host):
        return host  # lower-case labels, single dots, no port: nothing to change or refuse
    end = len(host)
    last_dot = -2
    literal = False
    cut = False
    for i, ch in enumerate(host):
        if ch == ".":
            if last_dot == i - 1:
                return None
            last_dot = i
        elif ch == ":":
            if not literal and not cut:
                end, cut = i, True
        elif ch == "[":
            literal = literal or i == 0
        elif ch == "]":
            if literal and not cut:
                end, cut = i + 1, True
        elif ch == "/" or ord(ch) <= 0x20 or ord(ch) == 0x7F:
            return None
    if last_dot == end - 1:
        end -= 1
    if end <= 0:
        return None
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in host[:end])


_HEX = frozenset(b"0123456789abcdefABCDEF")
#: A host nginx keeps as it is: lower-case labels, single dots, no port.
PLAIN_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")


def nginx_uri(raw: str) -> str | None:
    """The URI nginx matches locations against, or None when nginx answers 400.

    A re-statement of ngx_http_parse_complex_uri (src/http/ngx_http_parse.c, nginx 1.27.1) with
    `merge_slashes on` (ingress-nginx never changes it): `%XX` is decoded and the decoded byte is
    parsed again, except `%25`, `%23` and `%3F`, which stay literal; `%00` or a bad escape is
    invalid; runs of `/` collapse; `.` segments go; `..` removes the previous segment, and a
    `..` above the root is invalid.
    """
    if raw.isascii() and not any(part in raw for part in ("%", "#", "//", "/.")):
        return raw  # nothing to decode, merge or resolve: the state machine would copy it
    src = raw.encode("utf-8", "surrogateescape")
    out = bytearray()
    state = "usual"
    i = 0
    while i < len(src):
        ch = src[i]
        i += 1
        if ch == 0x23:  # '#': a fragment ends the path
            break
        if ch == 0x25:  # '%'
            if i + 2 > len(src) or src[i] not in _HEX or src[i + 1] not in _HEX:
                return None
            ch = int(src[i : i + 2], 16)
            i += 2
            if ch == 0:
                return None
            if ch in (0x25, 0x23, 0x3F):
                out.append(ch)
                state = "usual"
                continue
        if state == "usual":
            out.append(ch)
            if ch == 0x2F:
                state = "slash"
        elif state == "slash":
            if ch == 0x2F:
                continue  # merge_slashes on
            out.append(ch)
            state = "dot" if ch == 0x2E else "usual"
        elif state == "dot":
            if ch == 0x2F:
                out.pop()
                state = "slash"
            else:
                out.append(ch)
                state = "dotdot" if ch == 0x2E else "usual"
        else:  # dotdot
            if ch == 0x2F:
                if not _up_one(out):
                    return None
                state = "slash"
            else:
                out.append(ch)
                state = "usual"
    if state == "dot":
        out.pop()
    elif state == "dotdot" and not _up_one(out):
        return None
    return out.decode("utf-8", "surrogateescape")


def _up_one(out: bytearray) -> bool:
    """Drop `/<segment>/..` from the end of `out`, keeping the slash before the segment."""
    cut = len(out) - 4
    while cut >= 0 and out[cut] != 0x2F:
        cut -= 1
    if cut < 0:
        return False
    del out[cut + 1 :]
    return True
