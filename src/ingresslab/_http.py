"""Requests and their normalisation: the one home of URL parsing and Host/URI handling.

Every controller model reads requests through this module: `Request.from_url` parses a URL
(with an optional Host override, method and headers), `Request.with_target` takes a request
target sent as is (control bytes, an absolute-form `http://host/path`), `normalize_host` is how
the Ingress spec, the ALB and Gateway API compare a Host (lower-case, port removed), and
`nginx_host` / `nginx_uri` are nginx's own stricter readings (ngx_http_validate_host and
ngx_http_parse_complex_uri), which may refuse a request. `nginx_read` is how nginx reads the
whole request head before it picks a server: the request line (ngx_http_parse_request_line),
the URI, the header lines and their buffers, the Host header; it answers with what nginx uses
(`NginxRead`) or with the refusal the client sees (`NginxRefusal`). `nginx_escape_uri` and
`nginx_unescape_redirect` are the escaping nginx applies to a rewritten URI. This module knows
nothing about rules or controllers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TypeAlias
from urllib.parse import unquote, urlsplit

__all__ = [
    "PLAIN_HOST",
    "HeaderInput",
    "NginxRead",
    "NginxRefusal",
    "Request",
    "header_pairs",
    "nginx_escape_uri",
    "nginx_host",
    "nginx_read",
    "nginx_unescape_redirect",
    "nginx_uri",
    "normalize_host",
    "split_host_port",
]


@dataclass(frozen=True, slots=True)
class Request:
    """An HTTP request as routing sees it: scheme, Host (as sent), path and query, and the
    method and header lines (`GET` and none unless given; only Gateway API matches on them).

    `raw_target` is the request target exactly as the client sends it in the request line
    (`GET <raw_target> HTTP/1.1`), when that is not simply `path?query`: control bytes, an
    absolute-form `http://host/path`, a space. `path` and `query` are then its path and query as
    far as they can be told apart (what the spec and ALB models read); nginx reads the raw
    target itself (`nginx_read`). Characters are sent UTF-8 encoded; a lone surrogate
    (`surrogateescape`) is the raw byte it stands for.
    """

    scheme: str
    host: str
    path: str
    query: str = ""
    port: int | None = None
    raw_target: str | None = None
    #: the request method, upper case as sent on the request line
    method: str = "GET"
    #: header lines other than Host, as (name, value) pairs in the order sent; names keep the
    #: case they were given in, a name may repeat
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_url(
        cls,
        url: str,
        host: str | None = None,
        *,
        method: str = "GET",
        headers: HeaderInput = (),
    ) -> Request:
        """Parse `http://my.example.com/some-path?q=1`; `host` overrides the Host header.

        `method` and `headers` (a mapping, or (name, value) pairs, or `Name: value` lines)
        are what Gateway API matches on besides the host, path and query."""
        fast = _PLAIN_URL.fullmatch(url)
        if fast is not None and host is None:
            # The common case, as urlsplit would read it, without its general machinery.
            scheme, name, port, path, query = fast.groups()
            request = cls(scheme, name, path or "/", query or "", int(port) if port else None)
        else:
            request = cls._from_any_url(url, host)
        if method != "GET" or headers:
            return replace(request, method=method, headers=header_pairs(headers))
        return request

    def header(self, name: str) -> str | None:
        """The value of header `name` (compared case-insensitively, RFC 9110 section 5.1), or
        None when the request does not carry it. A repeated header gives its values joined
        by `, `, as RFC 9110 section 5.3 lets a recipient combine them."""
        wanted = name.lower()
        values = [v for k, v in self.headers if k.lower() == wanted]
        return ", ".join(values) if values else None

    def header_count(self, name: str) -> int:
        """How many header lines named `name` (case-insensitively) the request carries."""
        wanted = name.lower()
        return sum(1 for k, _ in self.headers if k.lower() == wanted)

    @property
    def query_params(self) -> tuple[tuple[str, str], ...]:
        """The query as (name, value) pairs in order, each %-decoded (a `+` stays a `+`); a
        parameter without `=` has the value ``""``; empty pieces between `&` are skipped."""
        if not self.query:
            return ()
        pairs = []
        for piece in self.query.split("&"):
            if piece:
                name, _, value = piece.partition("=")
                pairs.append((unquote(name), unquote(value)))
        return tuple(pairs)

    @classmethod
    def _from_any_url(cls, url: str, host: str | None) -> Request:
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

    @classmethod
    def with_target(cls, scheme: str, host: str, target: str, port: int | None = None) -> Request:
        """A request whose request line carries `target` as is (see `raw_target`)."""
        path, query = split_target(target)
        plain = target == path + (f"?{query}" if query else "") and _PLAIN_TARGET.fullmatch(target)
        return cls(scheme, host, path, query, port, None if plain else target)

    @property
    def target(self) -> str:
        """The request target of the request line: `raw_target`, else `path?query`."""
        if self.raw_target is not None:
            return self.raw_target
        return self.path + (f"?{self.query}" if self.query else "")

    @property
    def url(self) -> str:
        port = f":{self.port}" if self.port else ""
        query = f"?{self.query}" if self.query else ""
        return f"{self.scheme}://{self.host}{port}{self.path}{query}"


#: Headers as callers give them: a mapping, (name, value) pairs, or `Name: value` lines.
HeaderInput: TypeAlias = Mapping[str, str] | Iterable[tuple[str, str] | str]


def header_pairs(headers: HeaderInput) -> tuple[tuple[str, str], ...]:
    """Headers as (name, value) pairs: from a mapping, from pairs, or from `Name: value`
    lines (the value loses the spaces around it, as a field value does, RFC 9110 section
    5.5). A line without `:` is a ValueError."""
    if isinstance(headers, Mapping):
        return tuple((str(k), str(v)) for k, v in headers.items())
    pairs: list[tuple[str, str]] = []
    for item in headers:
        if isinstance(item, str):
            name, sep, value = item.partition(":")
            if not sep or not name.strip():
                raise ValueError(f"not a header line (want `Name: value`): {item!r}")
            pairs.append((name.strip(), value.strip(" \t")))
        else:
            name, value = item
            pairs.append((str(name), str(value)))
    return tuple(pairs)


#: a URL that urlsplit reads as scheme, DNS-name host, optional port, path and query with no
#: surprise: no userinfo, no brackets, no whitespace or control byte anywhere
_PLAIN_URL = re.compile(
    r"(https?)://([A-Za-z0-9.-]+)(?::([0-9]+))?(/[^\x00-\x20\x7f?#]*)?"
    r"(?:\?([^\x00-\x20\x7f#]*))?(?:#[^\x00-\x20\x7f]*)?"
)
#: an origin-form target nginx's request-line parser takes without a second look: a `/`, then
#: no control byte, space or DEL
_PLAIN_TARGET = re.compile(r"/[^\x00-\x20\x7f]*")
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def split_target(target: str) -> tuple[str, str]:
    """A request target's path and query, as far as they can be told apart.

    An absolute-form target (`http://host/p?q`) loses its scheme and authority (its path is `/`
    when it has none); the query starts at the first `?`. A target that is no URI at all (`*`)
    is kept whole as the path.
    """
    if _ABSOLUTE.match(target):
        rest = target.split("://", 1)[1]
        cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
        target = rest[cut:]
        if not target.startswith("/"):
            target = "/" + target
    path, _, query = target.partition("?")
    return path, query


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


# --------------------------------------------------------------------------------------------
# How nginx reads a request head: request line, header lines, Host


@dataclass(frozen=True, slots=True)
class NginxRefusal:
    """nginx answers before it picks a server: the status the client sees, and why."""

    status: int
    #: nginx's own words (its log line or error page) and what in the request caused them
    message: str
    #: the nginx function and file that decide
    source: str
    #: the request line was HTTP/0.9 (a LF ended it): the answer has no status line
    http09: bool = False


@dataclass(frozen=True, slots=True)
class NginxRead:
    """What nginx takes from a request head it accepts.

    `host` is the name nginx looks servers up by (`r->headers_in.server`: the host of an
    absolute-form target, else the Host header, validated and lower-cased); None when there is
    none (HTTP/0.9 reads no headers; HTTP/1.0 may send no Host), and nginx uses the default
    server. `uri` is the normalised URI locations match, `args` the query (`$args`, None without
    a `?`), `request_uri` the target from its path on as sent (`$request_uri`), `http_host` the
    Host header as sent without surrounding spaces (`$http_host`, None when not read).
    """

    host: str | None
    uri: str
    args: str | None
    request_uri: str
    http_host: str | None
    http09: bool = False
    #: the request line names the host (`GET http://host/path HTTP/1.1`)
    absolute: bool = False
    #: the request target as sent, as bytes
    target: bytes = b""

    def escapes_captures(self) -> bool:
        """nginx's `r->quoted_uri || r->plus_in_uri`: a `%` or `+` its request-line parser saw
        in the path (ngx_http_parse_request_line), which makes a rewrite escape captures it
        copies into arguments or a redirect (ngx_http_script_copy_capture_code)."""
        line = _request_line(b"GET " + self.target + _LINE_TAIL)
        return isinstance(line, _Line) and line.quoted


_PARSE = "ngx_http_parse_request_line (src/http/ngx_http_parse.c, nginx 1.27.1)"
_HEADERS = "ngx_http_process_request_headers (src/http/ngx_http_request.c, nginx 1.27.1)"
#: large_client_header_buffers 4 8k (nginx's default and config.go's): a request line or one
#: header line must fit one 8k buffer, and a request head gets four of them; the first read
#: goes into client_header_buffer_size 1k (ngx_http_alloc_large_header_buffer)
_LARGE_BUFFER = 8192
_LARGE_BUFFERS = 4
_FIRST_BUFFER = 1024
_LINE_TAIL = b" HTTP/1.1\r\n"
#: ngx_http_parse.c `usual[]`: URI bytes the request-line parser passes without a look
_USUAL = (0x00000000, 0x7FFF37D6, 0xFFFFFFFF, 0x7FFFFFFF, *(0xFFFFFFFF,) * 4)

_TOO_LONG_URI = NginxRefusal(
    414,
    "414 Request-URI Too Large: the request line does not fit one 8k "
    "large_client_header_buffers buffer (nginx and config.go default '4 8k')",
    "ngx_http_alloc_large_header_buffer (src/http/ngx_http_request.c, nginx 1.27.1)",
)
_TOO_LARGE_HEADER = NginxRefusal(
    400,
    "400 Request Header Or Cookie Too Large: 'client sent too long header line', a header line "
    "over one 8k large_client_header_buffers buffer (or a head over four); nginx's status 494 "
    "goes out as 400",
    "ngx_http_process_request_headers (src/http/ngx_http_request.c), ngx_http_error_494_page "
    "(src/http/ngx_http_special_response.c, nginx 1.27.1)",
)


@dataclass(frozen=True, slots=True)
class _Line:
    """ngx_http_parse_request_line's pointers, as offsets into the request bytes."""

    end: int  # just after the line's LF
    uri_start: int
    uri_end: int
    host: tuple[int, int] | None
    empty_path: bool
    quoted: bool  # quoted_uri or plus_in_uri
    version: int  # major * 1000 + minor


def _usual(ch: int) -> bool:
    return bool(_USUAL[ch >> 5] >> (ch & 0x1F) & 1)


def _request_line(data: bytes) -> _Line | NginxRefusal:
    """ngx_http_parse_request_line (src/http/ngx_http_parse.c, nginx 1.27.1) after `GET `.

    Every byte the 8k buffer holds is parsed; a line not finished by then is 414
    (ngx_http_alloc_large_header_buffer). The parser stops at the first LF (a CR must be
    followed by one); a URI ended by CR LF or LF alone is an HTTP/0.9 request.
    """
    state = "before_uri"
    uri_start = uri_end = host_start = host_end = schema_end = -1
    empty_path = quoted = False
    major = minor = 0
    bad = NginxRefusal(400, "client sent invalid request", _PARSE)
    p = 4
    while p < len(data):
        if p >= _LARGE_BUFFER:
            return _TOO_LONG_URI
        ch = data[p]
        if state == "before_uri":
            if ch == 0x2F:
                uri_start, state = p, "after_slash"
            elif 0x61 <= (ch | 0x20) <= 0x7A:
                state = "schema"
            elif ch != 0x20:
                return _refuse(bad, "the request target starts with neither `/` nor a scheme")
        elif state == "schema":
            if ch == 0x3A:
                schema_end, state = p, "schema_slash"
            elif not (0x61 <= (ch | 0x20) <= 0x7A or 0x30 <= ch <= 0x39 or ch in b"+-."):
                return _refuse(bad, "a scheme is letters, digits, `+`, `-` or `.`")
        elif state in ("schema_slash", "schema_slash_slash"):
            if ch != 0x2F:
                return _refuse(bad, "a scheme must be followed by `://`")
            state = "host_start" if state == "schema_slash_slash" else "schema_slash_slash"
        elif state == "host_ip_literal":
            if ch == 0x5D:
                state = "host_end"
            elif not (
                0x30 <= ch <= 0x39 or 0x61 <= (ch | 0x20) <= 0x7A or ch in b":-._~!$&'()*+,;="
            ):
                return _refuse(bad, "not a character of an IP literal")
        elif state in ("host_start", "host", "host_end"):
            if state == "host_start":
                host_start = p
                if ch == 0x5B:
                    state = "host_ip_literal"
                    p += 1
                    continue
                state = "host"
            if state == "host" and (
                0x61 <= (ch | 0x20) <= 0x7A or 0x30 <= ch <= 0x39 or ch in b".-"
            ):
                p += 1
                continue
            host_end = p
            if ch == 0x3A:
                state = "port"
            elif ch == 0x2F:
                uri_start, state = p, "after_slash"
            elif ch == 0x3F:
                uri_start, empty_path, state = p, True, "uri"
            elif ch == 0x20:
                uri_start, uri_end, state = schema_end + 1, schema_end + 2, "http_09"
            else:
                return _refuse(
                    bad, "the host of an absolute-form target is letters, digits, `.` and `-`"
                )
        elif state == "port":
            if 0x30 <= ch <= 0x39:
                pass
            elif ch == 0x2F:
                uri_start, state = p, "after_slash"
            elif ch == 0x3F:
                uri_start, empty_path, state = p, True, "uri"
            elif ch == 0x20:
                uri_start, uri_end, state = schema_end + 1, schema_end + 2, "http_09"
            else:
                return _refuse(bad, "a port is digits")
        elif state in ("after_slash", "check_uri", "uri"):
            if _usual(ch):
                if state == "after_slash":
                    state = "check_uri"
            elif ch == 0x20:
                uri_end, state = p, "http_09"
            elif ch == 0x0D:
                uri_end, minor, state = p, 9, "almost_done"
            elif ch == 0x0A:
                return _Line(p + 1, uri_start, p, _span(host_start, host_end), empty_path,
                             quoted, 9)  # fmt: skip
            elif ch < 0x20 or ch == 0x7F:
                return _refuse(
                    bad, f"a control byte 0x{ch:02X} in the request target (only CR or LF, "
                    "which end the request line, are not refused)"
                )  # fmt: skip
            elif state == "uri":
                pass  # `#`, `%`, `?`, `.`, `/` change nothing once the parser is here
            elif ch in b"%+":
                quoted = True
                if ch == 0x25:
                    state = "uri"
            elif ch in b".#?" or (ch == 0x2F and state == "after_slash"):
                # `.` right after a slash, `#`, `?`, `//`: ngx_http_parse_complex_uri decides
                if ch != 0x2E or state == "after_slash":
                    state = "uri"
            elif ch == 0x2F:
                state = "after_slash"
        elif state == "http_09":
            if ch == 0x0D:
                minor, state = 9, "almost_done"
            elif ch == 0x0A:
                return _Line(p + 1, uri_start, uri_end, _span(host_start, host_end),
                             empty_path, quoted, 9)  # fmt: skip
            elif ch == 0x48:
                state = "http_H"
            elif ch != 0x20:
                return _refuse(bad, "a space in the request target, then not `HTTP/`")
        elif state in ("http_H", "http_HT", "http_HTT", "http_HTTP"):
            want = {"http_H": 0x54, "http_HT": 0x54, "http_HTT": 0x50, "http_HTTP": 0x2F}[state]
            if ch != want:
                return _refuse(bad, "a space in the request target, then not `HTTP/`")
            state = {"http_H": "http_HT", "http_HT": "http_HTT", "http_HTT": "http_HTTP",
                     "http_HTTP": "first_major"}[state]  # fmt: skip
        elif state in ("first_major", "major"):
            if state == "major" and ch == 0x2E:
                state = "first_minor"
            elif not 0x30 <= ch <= 0x39 or (state == "first_major" and ch == 0x30):
                return _refuse(bad, "not an HTTP version")
            else:
                major = major * 10 + ch - 0x30 if state == "major" else ch - 0x30
                state = "major"
                if major > 1:
                    return NginxRefusal(
                        505,
                        "client sent invalid version: HTTP/2 and later are no HTTP/1 request "
                        "lines (505 HTTP Version Not Supported)",
                        _PARSE,
                    )
        elif state in ("first_minor", "minor"):
            if state == "minor" and ch in b"\r\n ":
                state = {0x0D: "almost_done", 0x20: "spaces_after_digit"}.get(ch, "done")
                if state == "done":
                    return _Line(p + 1, uri_start, uri_end, _span(host_start, host_end),
                                 empty_path, quoted, major * 1000 + minor)  # fmt: skip
            elif not 0x30 <= ch <= 0x39 or (state == "minor" and minor > 99):
                return _refuse(bad, "not an HTTP version")
            else:
                minor = minor * 10 + ch - 0x30 if state == "minor" else ch - 0x30
                state = "minor"
        elif state == "spaces_after_digit":
            if ch == 0x0D:
                state = "almost_done"
            elif ch == 0x0A:
                return _Line(p + 1, uri_start, uri_end, _span(host_start, host_end), empty_path,
                             quoted, major * 1000 + minor)  # fmt: skip
            elif ch != 0x20:
                return _refuse(bad, "text after the HTTP version")
        else:  # almost_done: a CR must be followed by LF
            if ch != 0x0A:
                return _refuse(bad, "a CR in the request line not followed by LF")
            return _Line(p + 1, uri_start, uri_end, _span(host_start, host_end), empty_path,
                         quoted, major * 1000 + minor)  # fmt: skip
        p += 1
    return _refuse(bad, "the request line never ends")  # not reached: the head ends in LF


def _span(start: int, end: int) -> tuple[int, int] | None:
    return (start, end) if start >= 0 and end >= 0 else None


def _refuse(refusal: NginxRefusal, detail: str) -> NginxRefusal:
    return NginxRefusal(refusal.status, f"{refusal.message}: {detail}", refusal.source)


def _lowcase(ch: int) -> bool:
    """ngx_http_parse_header_line's `lowcase[]`: a letter, digit or `-` in a header name."""
    return 0x61 <= (ch | 0x20) <= 0x7A or 0x30 <= ch <= 0x39 or ch == 0x2D


@dataclass(slots=True)
class _Buffers:
    """Where the buffer nginx parses ends, and how many 8k buffers the head took
    (ngx_http_alloc_large_header_buffer, src/http/ngx_http_request.c, nginx 1.27.1)."""

    end: int
    busy: int

    def grow(self, p: int, line_start: int) -> bool:
        """The parser reached the buffer's end at `p`, inside a line that began at
        `line_start` (== p: between lines). False when nginx declines (494)."""
        if p > line_start and p - line_start >= _LARGE_BUFFER:
            return False
        if self.busy >= _LARGE_BUFFERS:
            return False
        self.busy += 1
        self.end = line_start + _LARGE_BUFFER  # the unfinished line is copied to its start
        return True


def _header_lines(
    data: bytes, p: int, buffers: _Buffers
) -> list[tuple[bytes, bytes]] | NginxRefusal:
    """The header lines from `p` to the empty line, as (lower-case name, value).

    ngx_http_parse_header_line (src/http/ngx_http_parse.c, nginx 1.27.1) with
    `underscores_in_headers off` and `ignore_invalid_headers on` (nginx.tmpl): a name with a
    byte other than a letter, digit or `-` is dropped; a control byte or space in a name, a
    NUL in a value, or a CR not followed by LF is 400.
    """
    bad = NginxRefusal(400, "client sent invalid header line", _HEADERS)
    lines: list[tuple[bytes, bytes]] = []
    while p < len(data):
        start = p
        state = "start"
        invalid = False
        name_end = value_start = value_end = -1
        while True:
            if p == buffers.end and not buffers.grow(p, start):
                return _TOO_LARGE_HEADER
            if p >= len(data):
                return _refuse(bad, "the head never ends")  # not reached: it ends in CR LF
            ch = data[p]
            p += 1
            if state == "start":
                if ch == 0x0D:
                    state = "header_almost_done"
                elif ch == 0x0A:
                    return lines
                elif _lowcase(ch):
                    state = "name"
                elif ch <= 0x20 or ch == 0x7F or ch == 0x3A:
                    return _refuse(bad, "a header line starts with a space or control byte")
                else:
                    invalid, state = True, "name"
            elif state == "name":
                if _lowcase(ch):
                    continue
                if ch == 0x3A:
                    name_end, state = p - 1, "before_value"
                elif ch in b"\r\n":
                    name_end = value_start = value_end = p - 1
                    if ch == 0x0A:
                        break
                    state = "almost_done"
                elif ch <= 0x20 or ch == 0x7F:
                    return _refuse(bad, "a space or control byte in a header name")
                else:
                    invalid = True  # `_` (underscores_in_headers off) or another byte
            elif state in ("before_value", "value", "after_value"):
                if ch == 0x00:
                    return _refuse(bad, "a NUL byte in a header value")
                if ch in b"\r\n":
                    if state == "before_value":
                        value_start = p - 1
                    if state != "after_value":
                        value_end = p - 1
                    if ch == 0x0A:
                        break
                    state = "almost_done"
                elif ch == 0x20:
                    if state == "value":
                        value_end, state = p - 1, "after_value"
                elif state == "before_value":
                    value_start, state = p - 1, "value"
                else:
                    state = "value"
            elif state == "almost_done":
                if ch == 0x0A:
                    break
                if ch != 0x0D:
                    return _refuse(bad, "a CR in a header line not followed by LF")
            else:  # header_almost_done
                if ch != 0x0A:
                    return _refuse(bad, "a CR not followed by LF")
                return lines
        if not invalid:
            lines.append((data[start:name_end].lower(), data[value_start:value_end]))
    return lines


def nginx_read(request: Request) -> NginxRead | NginxRefusal:
    """How nginx 1.27.1 reads `request` before it picks a server, or what it answers instead.

    The client is taken to send `GET <target> HTTP/1.1`, `Host: <host>` and an empty line,
    nothing else. nginx parses the request line (ngx_http_parse_request_line): 414 when it
    does not fit an 8k buffer, 400 for a control byte (TAB, NUL, DEL, a CR without LF) or a
    space in the target, 505 for HTTP/2 and later; a LF (or CR LF) in the target ends the line
    there and makes it an HTTP/0.9 request, whose head nginx does not read and whose answer
    has no status line. Then the URI (ngx_http_parse_complex_uri: 400), the host of an
    absolute-form target (ngx_http_validate_host: 400; it overrides the Host header), the
    header lines (a line over 8k: 494, sent as 400), the Host header (ngx_http_process_host:
    duplicate or invalid, 400; missing in HTTP/1.1, 400). ngx_http_process_request_line and
    ngx_http_process_request_uri, src/http/ngx_http_request.c.

    A `path` without its leading `/` (and no `raw_target`) is read as the path it names, as
    the other models read it; sent as is, nginx would refuse it (give it as `raw_target`).
    """
    target = request.target
    if (
        _PLAIN_VALUE.fullmatch(target)
        and (request.raw_target is None or target.startswith("/"))
        and _PLAIN_VALUE.fullmatch(request.host)
    ):
        return _read_plain(target, request.host)
    return _read(target, request.host)


#: a Host value nginx's header parser keeps as it is (no space, control byte or DEL)
_PLAIN_VALUE = re.compile(r"[^\x00-\x20\x7f]*")


def _read_plain(target: str, host: str) -> NginxRead | NginxRefusal:
    """`_read` for an origin-form target and a Host without spaces or control bytes, where
    the state machines have nothing to decide: the same answers, without them."""
    raw = target.encode("utf-8", "surrogateescape")
    if len(raw) + len("GET ") + len(_LINE_TAIL) > _LARGE_BUFFER:
        return _TOO_LONG_URI
    path, args = _path_and_args(target)
    uri = nginx_uri(path)
    if uri is None:
        return _BAD_URI
    if len(host.encode("utf-8", "surrogateescape")) + len("Host: \r\n") > _LARGE_BUFFER:
        return _TOO_LARGE_HEADER
    name = nginx_host(host)
    if name is None:
        return _BAD_HOST
    return NginxRead(name, uri, args, target, host, target=raw)


def _read(target: str, host: str) -> NginxRead | NginxRefusal:
    """The request head as bytes through nginx's parsers and buffers (see `nginx_read`)."""
    raw = target.encode("utf-8", "surrogateescape")
    data = b"GET " + raw + _LINE_TAIL + b"Host: " + host.encode("utf-8", "surrogateescape")
    data += b"\r\n\r\n"
    line = _request_line(data)
    if isinstance(line, NginxRefusal):
        return line
    request_uri = data[line.uri_start : line.uri_end].decode("utf-8", "surrogateescape")
    path, args = _path_and_args(request_uri)
    if line.empty_path:
        path, args = "/", request_uri[1:]
    http09 = line.version < 1000
    uri = nginx_uri(path)
    if uri is None:
        return replace(_BAD_URI, http09=http09)
    name: str | None = None
    if line.host is not None:
        name = nginx_host(data[line.host[0] : line.host[1]].decode("ascii"))
        if name is None:
            return NginxRefusal(
                400,
                "client sent invalid host in request line",
                "ngx_http_process_request_line, ngx_http_validate_host "
                "(src/http/ngx_http_request.c, nginx 1.27.1)",
                http09,
            )
    if http09:
        return NginxRead(name, uri, args, request_uri, None, True, line.host is not None, raw)
    large = line.end > _FIRST_BUFFER  # the line outgrew the 1k buffer: it took an 8k one
    buffers = _Buffers(_LARGE_BUFFER if large else _FIRST_BUFFER, 1 if large else 0)
    lines = _header_lines(data, line.end, buffers)
    if isinstance(lines, NginxRefusal):
        return lines
    http_host: str | None = None
    for key, value in lines:
        if key != b"host":
            continue  # other headers are not modelled
        if http_host is not None:
            return NginxRefusal(
                400,
                "client sent duplicate host header",
                "ngx_http_process_host (src/http/ngx_http_request.c, nginx 1.27.1)",
            )
        http_host = value.decode("utf-8", "surrogateescape")
        valid = nginx_host(http_host)
        if valid is None:
            return _BAD_HOST
        name = valid if name is None else name
    if http_host is None and line.version > 1000:
        return NginxRefusal(
            400,
            'client sent HTTP/1.1 request without "Host" header',
            "ngx_http_process_request_header (src/http/ngx_http_request.c, nginx 1.27.1)",
        )
    return NginxRead(name, uri, args, request_uri, http_host, False, line.host is not None, raw)


def _path_and_args(request_uri: str) -> tuple[str, str | None]:
    """The path and `$args` of a request URI: arguments start at the first `?`, unless a `#`
    comes before it (ngx_http_parse_complex_uri stops at `#` and resets args_start)."""
    q = request_uri.find("?")
    if q < 0:
        return request_uri, None
    h = request_uri.find("#", 0, q)
    if h >= 0:
        return request_uri, None
    return request_uri[:q], request_uri[q + 1 :]


_BAD_URI = NginxRefusal(
    400,
    "client sent invalid request",
    "ngx_http_parse_complex_uri (src/http/ngx_http_parse.c, nginx 1.27.1): a bad %-escape, "
    "%00 or `..` above the root",
)
_BAD_HOST = NginxRefusal(
    400,
    "client sent invalid host header",
    "ngx_http_validate_host (src/http/ngx_http_request.c, nginx 1.27.1): `..`, `/`, a space "
    "or control byte, or an empty name",
)


# --------------------------------------------------------------------------------------------
# nginx's escaping of a rewritten URI (src/core/ngx_string.c, nginx 1.27.1)

#: ngx_escape_uri's tables: a set bit is a byte nginx writes as %XX (upper-case hex)
_ESCAPE_URI = (0xFFFFFFFF, 0xD000002D, 0x50000000, 0xB8000001, *(0xFFFFFFFF,) * 4)
_ESCAPE_ARGS = (0xFFFFFFFF, 0xD800086D, 0x50000000, 0xB8000001, *(0xFFFFFFFF,) * 4)


def _escape(data: bytes, table: tuple[int, ...]) -> bytes:
    out = bytearray()
    for ch in data:
        if table[ch >> 5] >> (ch & 0x1F) & 1:
            out += b"%%%02X" % ch
        else:
            out.append(ch)
    return bytes(out)


def nginx_escape_uri(data: bytes, *, args: bool = False) -> bytes:
    """ngx_escape_uri with NGX_ESCAPE_URI (space, `"`, `#`, `%`, `<`, `>`, `?`, `\\`, `^`,
    `` ` ``, `{`, `|`, `}`, control bytes and bytes over 0x7E), or NGX_ESCAPE_ARGS (those and
    `&`, `+`, `;`): how proxy_pass sends a rewritten URI, how a rewrite copies a capture into
    arguments or a redirect."""
    return _escape(data, _ESCAPE_ARGS if args else _ESCAPE_URI)


def nginx_unescape_redirect(data: bytes) -> bytes:
    """ngx_unescape_uri with NGX_UNESCAPE_REDIRECT, as a rewrite applies it to a redirect:
    `%XX` becomes the byte when that is printable and above `%`, else stays; a `?` (written or
    decoded) ends the decoding; a `%` with a bad first hex digit is dropped, one with a bad
    second digit is dropped with both."""
    out = bytearray()
    state = "usual"
    decoded = 0
    for i, ch in enumerate(data):
        if state == "usual":
            if ch == 0x3F:
                return bytes(out) + data[i:]
            if ch == 0x25:
                state = "quoted"
            else:
                out.append(ch)
        elif state == "quoted":
            if 0x30 <= ch <= 0x39 or 0x61 <= (ch | 0x20) <= 0x66:
                decoded = ch - 0x30 if ch <= 0x39 else (ch | 0x20) - 0x61 + 10
                state = "second"
            else:
                out.append(ch)
                state = "usual"
        else:
            state = "usual"
            if 0x30 <= ch <= 0x39 or 0x61 <= (ch | 0x20) <= 0x66:
                byte = (decoded << 4) + (ch - 0x30 if ch <= 0x39 else (ch | 0x20) - 0x61 + 10)
                if byte == 0x3F and ch > 0x39:
                    return bytes(out) + b"?" + data[i + 1 :]
                if 0x25 < byte < 0x7F:
                    out.append(byte)
                else:
                    out += data[i - 2 : i + 1]
    return bytes(out)
