"""The NGINX Ingress Controller (kubernetes/ingress-nginx) as a routing model.

kubernetes/ingress-nginx was retired in March 2026: there will be no further releases or
security fixes. This model describes its last release, v1.15.x (tag controller-v1.15.1), with
the nginx 1.27.1 it ships. Sources are cited as `file (version)`; "controller.go" is
`internal/ingress/controller/controller.go (controller-v1.15.1)`, "nginx.tmpl" is
`rootfs/etc/nginx/template/nginx.tmpl (controller-v1.15.1)`.

The controller merges every Ingress it manages, from every namespace, into one nginx.conf: one
`server` per host (`_` for host-less rules and unknown hosts) holding ordered `location`s. This
module rebuilds those servers (`NginxModel.servers`, close enough to nginx.tmpl that an exporter
can write them out) and then answers a request as nginx would: Host validation, URI
normalisation, server selection, location selection, the Lua ssl-redirect, the balancer.

Defaults assumed, each the chart's or the binary's own: the admission webhook is on
(`charts/ingress-nginx/values.yaml`), `strict-validate-path-type` true, `allow-snippet-annotations`
false, `annotations-risk-level` High, `ssl-redirect` true, `http-redirect-code` 308, no
`--default-backend-service` (pkg/flags/flags.go, internal/ingress/controller/config/config.go).
Ingresses the webhook denies are left out of the configuration and listed in
`NginxModel.rejections`; a request answers `rejected-by-webhook` (with the webhook's message)
only when, had those Ingresses been admitted, it would have reached one of their locations.
Not modelled: canary Ingresses, `server-alias`, `app-root`, `from-to-www-redirect`, auth.

Lookups go through an index (servers by name; per server a dict of `=` locations and a dict of
prefix locations probed at the lengths that exist; regexes only in a regex-mode server), so they
do not scan the rules; `explain=True` walks every server and location in nginx's order instead
and is the reference the index is tested against. This module knows nothing about ALB, the
spec model, YAML or printing.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from ._gc import paused_gc
from ._manifests import Manifests
from ._model import Backend, Ingress, IngressClass
from ._result import Match, Outcome, Request, Resolution, Step

__all__ = [
    "CONTROLLER_NAME",
    "RETIREMENT_NOTE",
    "Location",
    "NginxModel",
    "Rejection",
    "Server",
    "controller_order",
    "normalize_host",
    "normalize_uri",
]

#: The IngressClass `spec.controller` ingress-nginx answers to (pkg/flags/flags.go,
#: `--controller-class` default, controller-v1.15.1).
CONTROLLER_NAME = "k8s.io/ingress-nginx"
RETIREMENT_NOTE = (
    "kubernetes/ingress-nginx was retired in March 2026 (no further releases or security "
    "fixes); this model describes its last release, v1.15.x (controller-v1.15.1, nginx 1.27.1)"
)
_PREFIX = "nginx.ingress.kubernetes.io/"  # --annotations-prefix default (pkg/flags/flags.go)
_DEFAULT_SERVER = "_"  # defServerName, controller.go:58
_WEBHOOK = 'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: '
# Strict path validation for Exact/Prefix, on by default since v1.12
# (internal/ingress/inspector/rules.go validPathType, controller-v1.15.1).
_VALID_PATH = re.compile(r"^/[A-Za-z0-9._\-/]*$")
# DeepInspect's forbidden values in hosts and paths (internal/ingress/inspector/rules.go).
_FORBIDDEN = tuple(
    re.compile(p, re.S)
    for p in (
        r"\s*alias\s*.*;",
        r"\s*root\s*.*;",
        r"/etc/(passwd|shadow|group|nginx|ingress-controller)",
        r"/var/run/secrets",
        r".*_by_lua.*",
    )
)
# rewrite-target must match parser.RegexPathWithCapture or it is dropped with a warning
# (internal/ingress/annotations/parser/validators.go, rewrite/main.go, controller-v1.15.1).
_REWRITE_TARGET = re.compile(r"^/?[\-._~a-zA-Z0-9/:$]*$")
# `no-tls-redirect-locations` default (internal/ingress/controller/config/config.go).
_NO_TLS_REDIRECT = ("/.well-known/acme-challenge",)
# The whole request line must fit one large_client_header_buffers buffer: 4 8k by default in
# nginx and in config.go; "GET " + URI + " HTTP/1.1\r\n" over 8192 bytes gives 414
# (ngx_http_request.c ngx_http_alloc_large_header_buffer, nginx 1.27.1).
_REQUEST_LINE_MAX = 8192
_REQUEST_LINE_OVERHEAD = len("GET ") + len(" HTTP/1.1\r\n")

Source = Literal["rule", "default-backend", "catch-all", "controller", "health", "status"]


@dataclass(frozen=True, slots=True)
class Location:
    """One `location` block as nginx.tmpl renders it (`buildLocation`, template.go:523-540).

    `path` is the rendered path (`/foo/` for Prefix `/foo`), `ingress_path` the Ingress path it
    came from. `backend` None means the controller's own default backend (404). `source` says
    where the backend comes from: a rule path, an Ingress's `spec.defaultBackend` on a host's
    fallback `/` ("default-backend"), the rule-less catch-all Ingress on server `_`
    ("catch-all"), or the controller ("controller").
    """

    modifier: Literal["=", "", "~*"]
    path: str
    backend: Backend | None
    ingress: str | None
    ingress_path: str
    path_type: str
    declared_type: str
    source: Source
    ssl_redirect: bool
    force_ssl_redirect: bool = False
    preserve_trailing_slash: bool = False
    use_regex: bool = False
    rewrite_target: str | None = None
    #: the exact copy `updateServerLocations` adds after a split Prefix (location.go:34-88)
    exact_copy: bool = False

    @property
    def is_default_backend(self) -> bool:
        """The controller's `IsDefBackend`: a host's fallback `/` that no rule took over."""
        return self.source in ("default-backend", "controller")

    @property
    def directive(self) -> str:
        """The opening line nginx.tmpl writes, quoted as v1.15 does (PR #14501)."""
        quoted = self.path.replace("\\", "\\\\").replace('"', '\\"')  # sanitizeQuotedRegex
        if self.modifier == "~*":
            return f'location ~* "^{quoted}"'
        if self.modifier == "=":
            return f'location = "{quoted}"'
        return f'location "{quoted}"'


@dataclass(frozen=True, slots=True)
class Server:
    """One `server` block: its host, rendered `server_name`, certificate and locations."""

    hostname: str
    names: tuple[str, ...]
    is_default: bool
    tls: bool
    locations: tuple[Location, ...]
    #: any location with use-regex or a rewrite-target makes every location of the server a
    #: case-insensitive regex (enforceRegexModifier, template.go:504-521)
    enforce_regex: bool
    #: the Ingress that created the server (its fallback `/` and annotations come from it)
    ingress: str | None = None

    @property
    def directive(self) -> str:
        names = " ".join('"' + n.replace("\\", "\\\\") + '"' for n in self.names)
        return f"server_name {names} ;"


@dataclass(frozen=True, slots=True)
class Rejection:
    """An Ingress the admission webhook denies, or the controller's store refuses to load."""

    ingress: Ingress
    message: str
    by_webhook: bool


# --------------------------------------------------------------------------------------------
# nginx request processing


def normalize_host(host: str) -> str | None:
    """The Host as nginx keeps it, or None when nginx answers 400.

    ngx_http_validate_host (src/http/ngx_http_request.c, nginx 1.27.1): ASCII lower-case, the
    `:port` and one trailing dot removed; two dots in a row, `/`, control bytes, space, DEL or an
    empty name are invalid.
    """
    if _PLAIN_HOST.fullmatch(host):
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
_PLAIN_HOST = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")


def normalize_uri(raw: str) -> str | None:
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
# Building the configuration


@dataclass(slots=True)
class _Loc:
    """A location while the controller builds it (ingress.Location before rendering)."""

    path: str
    path_type: str
    declared_type: str
    backend: Backend | None
    ingress: Ingress | None
    source: Source
    ssl_redirect: bool = False
    force_ssl_redirect: bool = False
    preserve_trailing_slash: bool = False
    use_regex: bool = False
    rewrite_target: str | None = None
    ingress_path: str = ""
    exact_copy: bool = False

    def apply(self, ingress: Ingress) -> None:
        """locationApplyAnnotations, for the rewrite group (annotations/rewrite/main.go)."""
        anns = ingress.annotations
        self.ingress = ingress
        self.ssl_redirect = _bool(anns, "ssl-redirect", True)
        self.force_ssl_redirect = _bool(anns, "force-ssl-redirect", False)
        self.preserve_trailing_slash = _bool(anns, "preserve-trailing-slash", False)
        self.use_regex = _bool(anns, "use-regex", False)
        self.rewrite_target = _rewrite_target(anns)

    @property
    def is_default_backend(self) -> bool:
        return self.source in ("default-backend", "controller")

    def needs_rewrite(self) -> bool:
        """needsRewrite (location.go:90-98): a rewrite-target that differs from the path."""
        return bool(self.rewrite_target) and self.rewrite_target != self.path

    def render(self, enforce_regex: bool) -> Location:
        """buildLocation (template.go:523-540)."""
        modifier: Literal["=", "", "~*"] = (
            "~*" if enforce_regex else "=" if self.path_type == "Exact" else ""
        )
        return Location(
            modifier=modifier,
            path=self.path,
            backend=self.backend,
            ingress=self.ingress.ref if self.ingress else None,
            ingress_path=self.ingress_path or self.path,
            path_type=self.path_type,
            declared_type=self.declared_type,
            source=self.source,
            ssl_redirect=self.ssl_redirect,
            force_ssl_redirect=self.force_ssl_redirect,
            preserve_trailing_slash=self.preserve_trailing_slash,
            use_regex=self.use_regex,
            rewrite_target=self.rewrite_target,
            exact_copy=self.exact_copy,
        )


def _bool(anns: Mapping[str, str], key: str, default: bool) -> bool:
    """parser.GetBoolAnnotation: Go's strconv.ParseBool; an invalid value keeps the default."""
    value = anns.get(_PREFIX + key)
    if value in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if value in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return default


def _rewrite_target(anns: Mapping[str, str]) -> str | None:
    value = anns.get(_PREFIX + "rewrite-target")
    if not value or not _REWRITE_TARGET.match(value):
        return None  # "rewrite-target is invalid, defaulting to empty" (rewrite/main.go)
    return value


def _own_regex(ingress: Ingress, path: str) -> bool:
    """use-regex, or a rewrite-target other than the path: the Ingress's own annotations."""
    target = _rewrite_target(ingress.annotations)
    return _bool(ingress.annotations, "use-regex", False) or (bool(target) and target != path)


@dataclass(slots=True)
class _HostBuild:
    hostname: str
    locations: list[_Loc]
    creator: Ingress | None
    tls: bool
    #: the first location of each path string, which the de-duplication looks at
    first: dict[str, _Loc] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.first = {loc.path: loc for loc in reversed(self.locations)}


def _server_names(hostname: str) -> tuple[str, ...]:
    """buildServerName (template.go:1686-1695): `*.a.b` becomes a one-label regex."""
    if not hostname.startswith("*"):
        return (hostname,)
    parts = hostname.replace("*.", "", 1).split(".")
    return ("~^(?<subdomain>[\\w-]+)\\." + "\\.".join(parts) + "$",)


def _build_servers(ingresses: Sequence[Ingress]) -> tuple[Server, ...]:
    """createServers, getBackendServers and updateServerLocations, then the template.

    `ingresses` are in the controller's order: oldest creationTimestamp first
    (store.go:1102-1132, sortIngressSlice).
    """
    root = _Loc("/", "Prefix", "Prefix", None, None, "controller")
    hosts: dict[str, _HostBuild] = {
        _DEFAULT_SERVER: _HostBuild(_DEFAULT_SERVER, [root], None, True)
    }
    # createServers (controller.go:1269-1388). The first Ingress with a defaultBackend and no
    # rules becomes the catch-all of `_`, without its rewrite/redirect annotations. Each new
    # host gets a fallback `/` from the first Ingress naming it, with that Ingress's
    # annotations and its spec.defaultBackend, else the controller's default backend.
    for ing in ingresses:
        if ing.default_backend is not None and not ing.rules and root.source == "controller":
            root.ingress, root.backend, root.source = ing, ing.default_backend, "catch-all"
        for rule in ing.rules:
            host = rule.host or _DEFAULT_SERVER
            if host not in hosts:
                source: Source = "controller" if ing.default_backend is None else "default-backend"
                fallback = _Loc("/", "Prefix", "Prefix", ing.default_backend, ing, source)
                fallback.apply(ing)
                hosts[host] = _HostBuild(host, [fallback], ing, False)
    # controller.go:1448-1512: the first Ingress with a rule for the host and a non-empty
    # spec.tls gives the server a certificate (its secret's or the default one); either way
    # the Lua ssl-redirect then applies to the host. Server `_` always has the default one.
    for ing in ingresses:
        if ing.has_tls:
            for rule in ing.rules:
                hosts[rule.host or _DEFAULT_SERVER].tls = True
    # getBackendServers (controller.go:730-860): the first location with the same path string
    # decides. The same pathType drops the newcomer, or lets it take over a fallback `/`; a
    # different pathType ends the search and both are kept (the cause of issue #10090).
    for ing in ingresses:
        for rule in ing.rules:
            build = hosts[rule.host or _DEFAULT_SERVER]
            for p in rule.paths:
                if p.backend is None:
                    continue  # resource backends are skipped
                path = p.path or "/"
                # SetDefaultNGINXPathType (internal/k8s/main.go:164-185): IS becomes Prefix.
                path_type = "Exact" if p.path_type == "Exact" else "Prefix"
                first = build.first.get(path)
                if first is not None and first.path_type == path_type:
                    if first.is_default_backend:
                        first.backend, first.source, first.declared_type = (
                            p.backend,
                            "rule",
                            p.path_type,
                        )
                        first.apply(ing)
                    continue
                loc = _Loc(path, path_type, p.path_type, p.backend, ing, "rule")
                loc.apply(ing)
                build.locations.append(loc)
                build.first.setdefault(path, loc)
    servers = []
    for build in sorted(hosts.values(), key=lambda b: b.hostname):  # controller.go:1011-1013
        locations = _order_and_split(build.locations)
        enforce = any(loc.needs_rewrite() or loc.use_regex for loc in locations)
        rendered = tuple(loc.render(enforce) for loc in locations)
        if build.hostname == _DEFAULT_SERVER:
            rendered += _DEFAULT_SERVER_LOCATIONS
        servers.append(
            Server(
                hostname=build.hostname,
                names=_server_names(build.hostname),
                is_default=build.hostname == _DEFAULT_SERVER,
                tls=build.tls,
                locations=rendered,
                enforce_regex=enforce,
                ingress=build.creator.ref if build.creator else None,
            )
        )
    return tuple(servers)


# nginx.tmpl (controller-v1.15.1) writes two fixed locations into server `_` only:
# `location /healthz { return 200; }` and `location /nginx_status` (stub_status, allowed from
# 127.0.0.1 only, so 403 from anywhere else). Plain prefix locations: a longer rule path or a
# regex location still wins over them.
_DEFAULT_SERVER_LOCATIONS = (
    Location("", "/healthz", None, None, "/healthz", "Prefix", "Prefix", "health", False),
    Location("", "/nginx_status", None, None, "/nginx_status", "Prefix", "Prefix", "status", False),
)


def _order_and_split(locations: list[_Loc]) -> list[_Loc]:
    """Sort (controller.go:995-1004), then split Prefix paths (location.go:34-88).

    A stable sort by path descending, then by length descending: longest original path first,
    equal lengths in reverse byte order. Then each Prefix path other than `/` without a rewrite
    or use-regex of its own gets a trailing `/` and, unless an Exact location has the same
    path, an exact copy with the original path right after it.
    """
    ordered = sorted(locations, key=lambda loc: loc.path, reverse=True)
    ordered.sort(key=lambda loc: len(loc.path), reverse=True)
    exact_paths = {loc.path for loc in ordered if loc.path_type == "Exact"}
    result: list[_Loc] = []
    for loc in ordered:
        loc.ingress_path = loc.path
        if loc.path == "/" or loc.path_type != "Prefix" or loc.needs_rewrite() or loc.use_regex:
            result.append(loc)
            continue
        original = loc.path
        copy = replace(loc, path_type="Exact", exact_copy=True)
        loc.path = original if original.endswith("/") else original + "/"
        result.append(loc)
        if original not in exact_paths:
            result.append(copy)
    return result


def _nginx_t(server: Server) -> str | None:
    """What `nginx -t` refuses in a server: duplicate locations, regexes that do not compile.

    ngx_http_join_exact_locations (src/http/ngx_http.c, nginx 1.27.1) refuses two `=` or two
    prefix locations with the same name; identical regex locations are accepted. A location
    regex must compile (ngx_http_regex_compile); this model compiles with Python's `re`, which
    agrees with PCRE2 on the syntax errors paths realistically contain.
    """
    if server.enforce_regex:
        for loc in server.locations:
            try:
                _compile("^" + loc.path)
            except re.error as err:
                return (
                    f'nginx: [emerg] pcre_compile() failed: {err} in "^{loc.path}" '
                    f"(server {server.hostname}, Ingress {loc.ingress}, path {loc.ingress_path})"
                )
        return None
    seen: dict[tuple[str, str], Location] = {}
    for loc in server.locations:
        other = seen.setdefault((loc.modifier, loc.path), loc)
        if other is not loc:
            return (
                f'nginx: [emerg] duplicate location "{loc.path}" (server {server.hostname}: '
                f"{other.ingress} {other.declared_type} {other.ingress_path} and "
                f"{loc.ingress} {loc.declared_type} {loc.ingress_path})"
            )
    return None


def _pcre_to_python(pattern: str) -> str:
    """PCRE (the PCRE1 the controller image links) spellings Python's `re` reads differently.

    `(?<name>` and POSIX classes; `{,n}` is literal text in PCRE but a quantifier in Python
    3.11; `(?i)` anywhere is a no-op under `~*` (PCRE allows it mid-pattern, Python does not);
    a branch-reset group `(?|...)` matches as a plain group. Patterns match bytes, not
    characters: nginx compiles location regexes without UTF mode.
    """
    pattern = re.sub(r"\(\?<(?![=!])", "(?P<", pattern)
    pattern = re.sub(r"(?<!\\)\{(?=,)", r"\\{", pattern)
    pattern = pattern.replace("(?i)", "").replace("(?|", "(?:")
    for name, chars in (
        ("alnum", "a-zA-Z0-9"),
        ("alpha", "a-zA-Z"),
        ("digit", "0-9"),
        ("lower", "a-z"),
        ("upper", "A-Z"),
        ("space", r"\s"),
        ("xdigit", "0-9A-Fa-f"),
        ("word", r"\w"),
    ):
        pattern = pattern.replace(f"[:{name}:]", chars)
    return pattern


def _compile(pattern: str) -> re.Pattern[str]:
    """`~*`: case-insensitive, ASCII semantics as PCRE2 without UTF mode."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return re.compile(_as_bytes(_pcre_to_python(pattern)), re.IGNORECASE | re.ASCII)


def _as_bytes(text: str) -> str:
    """`text`'s UTF-8 bytes, one character per byte: what a non-UTF PCRE regex sees."""
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


# --------------------------------------------------------------------------------------------
# The admission webhook


def _deep_inspect(ing: Ingress) -> str | None:
    """inspector.InspectIngress (internal/ingress/inspector/ingress.go, rules.go)."""

    def bad(value: str) -> bool:
        return any(p.search(value) for p in _FORBIDDEN)

    for rule in ing.rules:
        if rule.host and bad(rule.host):
            return f"invalid host in ingress {ing.ref}: invalid value found: {rule.host}"
        for p in rule.paths:
            if bad(p.path):
                return (
                    f"invalid rule in ingress {ing.ref}: invalid http path: "
                    f"invalid value found: {p.path}"
                )
    for host in ing.tls_hosts:
        if bad(host):
            return f"invalid host in ingress tls config {ing.ref}: invalid value found: {host}"
    return None


def _snippet(ing: Ingress) -> str | None:
    keys = sorted(k for k in ing.annotations if k.endswith("-snippet"))
    return keys[0] if keys else None


@dataclass(slots=True)
class _HostState:
    """What the overlap check sees of one host among the Ingresses already admitted.

    `strings` maps a location path after splitting to (original path, position, owner);
    `copies` holds the exact copies of split Prefix paths, which exist only while no Exact
    location has the same path (location.go:66-72).
    """

    first: dict[str, tuple[str, bool]] = field(default_factory=lambda: {"/": ("Prefix", True)})
    strings: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    copies: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    exact: set[str] = field(default_factory=set)
    count: int = 1

    def owner_of(self, path: str, extra_exact: set[str], candidate: str) -> str | None:
        """The first other Ingress with a location of that path string, in location order."""
        found = [
            (0 if orig == path else 1, pos, who) for orig, pos, who in self.strings.get(path, ())
        ]
        if path not in self.exact and path not in extra_exact:
            found += [(0, pos, who) for pos, who in self.copies.get(path, ())]
        for _, _, who in sorted(found):
            if who != candidate:
                return who
        return None

    def add(self, ing: Ingress, path: str, path_type: str) -> None:
        """getBackendServers' de-duplication and updateServerLocations' split, for one path."""
        first = self.first.get(path)
        if first is not None and first[0] == path_type:
            if first[1]:  # takes over the fallback `/`
                self.first[path] = (path_type, False)
                self.strings.setdefault(path, []).append((path, 0, ing.ref))
            return
        self.first.setdefault(path, (path_type, False))
        pos, self.count = self.count, self.count + 1
        if path_type == "Exact":
            self.exact.add(path)
            self.strings.setdefault(path, []).append((path, pos, ing.ref))
        elif path == "/" or _own_regex(ing, path):
            self.strings.setdefault(path, []).append((path, pos, ing.ref))
        else:
            split = path if path.endswith("/") else path + "/"
            self.strings.setdefault(split, []).append((path, pos, ing.ref))
            self.copies.setdefault(path, []).append((pos, ing.ref))


def _admit(ingresses: Sequence[Ingress], webhook: bool) -> tuple[list[Ingress], list[Rejection]]:
    """CheckIngress (controller.go:331-465), in apply order, and the store's own refusals.

    Each Ingress is checked against those admitted before it, in this order: DeepInspect;
    strict path validation (`strict-validate-path-type`, default true); snippet annotations
    (`allow-snippet-annotations`, default false); the host+path overlap check (checkOverlap,
    controller.go:1822-1874), which compares path strings after the Prefix split and ignores
    pathType, so it is lopsided. The webhook's own `nginx -t` is disabled (CVE-2025-1974).
    Without the webhook the store still drops DeepInspect failures (store.go:445-449) and
    snippet Ingresses (Critical risk above the default level High, annotations.go:185-188).
    """
    admitted: list[Ingress] = []
    rejected: list[Rejection] = []
    states: dict[str, _HostState] = {}
    for ing in ingresses:
        message = _check(ing, states, webhook)
        if message is not None:
            rejected.append(Rejection(ing, message, webhook))
            continue
        admitted.append(ing)
        if ing.default_backend is not None and not ing.rules:
            state = states.setdefault(_DEFAULT_SERVER, _HostState())
            if state.first["/"][1]:
                state.add(ing, "/", "Prefix")
        for rule in ing.rules:
            state = states.setdefault(rule.host or _DEFAULT_SERVER, _HostState())
            for p in rule.paths:
                if p.backend is not None:
                    state.add(ing, p.path or "/", "Exact" if p.path_type == "Exact" else "Prefix")
    return admitted, rejected


def _check(ing: Ingress, states: Mapping[str, _HostState], webhook: bool) -> str | None:
    inspected = _deep_inspect(ing)
    if inspected is not None:
        return f"invalid object: {inspected}"
    if webhook:
        invalid = [
            f"path {p.path} cannot be used with pathType {p.path_type}"
            for rule in ing.rules
            for p in rule.paths
            if p.path and p.path_type != "ImplementationSpecific" and not _VALID_PATH.match(p.path)
        ]
        if invalid:
            return "ingress contains invalid paths: " + "\n".join(invalid)
    snippet = _snippet(ing)
    if snippet is not None:
        if webhook:
            return (
                f"{snippet} annotation cannot be used. Snippet directives are disabled by the "
                "Ingress administrator"
            )
        return (
            f"{snippet} is a Critical-risk annotation, above the default annotations-risk-level "
            "High: the controller's store does not load the Ingress"
        )
    if not webhook:
        return None
    extra_exact = {p.path for r in ing.rules for p in r.paths if p.path_type == "Exact"}
    for rule in ing.rules:
        host = rule.host or _DEFAULT_SERVER
        state = states.get(host)
        if state is None:
            continue
        for p in rule.paths:
            if p.backend is None:
                continue
            path = p.path or "/"
            owner = state.owner_of(path, extra_exact, ing.ref)
            if owner is not None:
                return f'host "{host}" and path "{path}" is already defined in ingress {owner}'
    return None


# --------------------------------------------------------------------------------------------
# The compiled configuration and its index


@dataclass(frozen=True, slots=True)
class _ServerIndex:
    """One server's locations: `=` and prefix names in dicts, regexes in config order."""

    exact: dict[str, int]
    prefix: dict[str, int]
    lengths: tuple[int, ...]  # the prefix lengths present, longest first
    regexes: tuple[tuple[re.Pattern[str], int], ...]

    @classmethod
    def of(cls, server: Server) -> _ServerIndex:
        exact: dict[str, int] = {}
        prefix: dict[str, int] = {}
        regexes: list[tuple[re.Pattern[str], int]] = []
        for i, loc in enumerate(server.locations):
            if loc.modifier == "~*":
                regexes.append((_compile("^" + loc.path), i))
            else:
                (exact if loc.modifier == "=" else prefix).setdefault(loc.path, i)
        lengths = tuple(sorted({len(p) for p in prefix}, reverse=True))
        return cls(exact, prefix, lengths, tuple(regexes))


@dataclass(frozen=True, slots=True)
class _Config:
    servers: tuple[Server, ...]
    error: str | None
    by_name: dict[str, int]
    wildcards: tuple[tuple[re.Pattern[str], int], ...]
    indexes: tuple[_ServerIndex, ...]
    cert_hosts: frozenset[str]
    #: `*.foo.com` servers by `foo.com` (their regex, position); other regex names in order
    wildcard_suffix: dict[str, tuple[re.Pattern[str], int]]
    wildcard_other: tuple[tuple[re.Pattern[str], int], ...]
    matches: dict[tuple[int, int], Match] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, ingresses: Sequence[Ingress]) -> _Config:
        servers = _build_servers(ingresses)
        error = next((e for e in map(_nginx_t, servers) if e is not None), None)
        by_name: dict[str, int] = {}
        wildcards: list[tuple[re.Pattern[str], int]] = []
        suffix: dict[str, tuple[re.Pattern[str], int]] = {}
        other: list[tuple[re.Pattern[str], int]] = []
        for i, server in enumerate(servers):
            name = server.names[0]
            if name.startswith("~"):
                entry = (re.compile(name[1:].replace("(?<", "(?P<"), re.ASCII), i)
                wildcards.append(entry)
                # `^([\w-]+)\.foo\.com$` matches only hosts whose text after the first dot is
                # foo.com, so those servers are found by that text (the regex still decides).
                literal = server.hostname[2:]
                if server.hostname.startswith("*.") and _PLAIN_HOST.fullmatch(literal):
                    suffix.setdefault(literal, entry)
                else:
                    other.append(entry)
            else:
                by_name.setdefault(name, i)
        return cls(
            servers,
            error,
            by_name,
            tuple(wildcards),
            () if error else tuple(map(_ServerIndex.of, servers)),
            frozenset(s.hostname for s in servers if s.tls),
            suffix,
            tuple(other),
        )

    def wildcard_server(self, host: str) -> int:
        """The first regex server name, in config order, that matches `host`; else `_`."""
        found = None
        dot = host.find(".")
        if dot > 0:
            hit = self.wildcard_suffix.get(host[dot + 1 :])
            if hit is not None and hit[0].search(host):
                found = hit[1]
        for rx, i in self.wildcard_other:
            if found is not None and i > found:
                break
            if rx.search(host):
                return i
        return self.default if found is None else found

    @property
    def default(self) -> int:
        return self.by_name[_DEFAULT_SERVER]

    def has_certificate(self, host: str) -> bool:
        """certificate.lua get_pem_cert_uid: the host, then `*.` + the host minus one label."""
        if host in self.cert_hosts:
            return True
        dot = host.find(".")
        return dot > 0 and "*." + host[dot + 1 :] in self.cert_hosts


Kind = Literal["exact", "prefix", "regex", "redirect", "none"]


@dataclass(frozen=True, slots=True)
class _Selection:
    server: int
    location: int | None
    kind: Kind


def _select_indexed(config: _Config, host: str, uri: str) -> _Selection:
    """nginx's choice through the index: no walk over all servers or locations."""
    server = config.by_name.get(host)
    if server is None:
        server = config.wildcard_server(host)
    index = config.indexes[server]
    if not config.servers[server].enforce_regex:
        hit = index.exact.get(uri)
        if hit is not None:
            return _Selection(server, hit, "exact")
        hit = index.prefix.get(uri)
        if hit is not None:
            return _Selection(server, hit, "prefix")
        slash = uri + "/"
        hit = index.exact.get(slash, index.prefix.get(slash))
        if hit is not None:
            return _Selection(server, hit, "redirect")
        for n in index.lengths:
            if n < len(uri):
                hit = index.prefix.get(uri[:n])
                if hit is not None:
                    return _Selection(server, hit, "prefix")
        return _Selection(server, None, "none")
    raw = _as_bytes(uri)
    for rx, i in index.regexes:
        if rx.search(raw):
            return _Selection(server, i, "regex")
    return _Selection(server, None, "none")


def _select_explained(config: _Config, host: str, uri: str, steps: list[Step]) -> _Selection:
    """The reference: every server, then every location, in nginx's order, with a verdict.

    Servers (ngx_http_find_virtual_server, src/http/ngx_http_request.c; server_names.html):
    exact names first, then regex names in config order, else the `default_server` `_`.
    Locations (ngx_http_core_find_location, ngx_http_core_find_static_location,
    src/http/ngx_http_core_module.c, nginx 1.27.1): an `=` location equal to the URI wins at
    once; a prefix location equal to the URI is the longest prefix; a location named the URI
    plus `/` (prefix or `=`, with proxy_pass) makes nginx answer 301 to that name
    (auto_redirect); else the longest prefix is remembered; then regexes in config order, the
    first match wins; else the remembered prefix.
    """
    chosen: int | None = None
    for i, server in enumerate(config.servers):
        name = server.names[0]
        if name.startswith("~"):
            continue
        if name == host and chosen is None:
            chosen = i
            steps.append(Step(f'server_name "{name}"', "match", "exact name equals the Host"))
        else:
            steps.append(Step(f'server_name "{name}"', "no match", f"exact name, Host is {host!r}"))
    for i, server in enumerate(config.servers):
        name = server.names[0]
        if not name.startswith("~"):
            continue
        if chosen is not None:
            steps.append(Step(f'server_name "{name}"', "skipped", "an exact name matched first"))
            continue
        pattern = re.compile(name[1:].replace("(?<", "(?P<"), re.ASCII)
        if pattern.search(host):
            chosen = i
            steps.append(
                Step(
                    f'server_name "{name}"',
                    "match",
                    f"wildcard host {server.hostname}: the regex matches exactly one label",
                )
            )
        else:
            steps.append(
                Step(
                    f'server_name "{name}"',
                    "no match",
                    f"wildcard host {server.hostname} covers exactly one label, not {host!r}",
                )
            )
    if chosen is None:
        chosen = config.default
        steps.append(
            Step('server_name "_"', "match", "no server name matches: the default_server `_`")
        )
    server = config.servers[chosen]
    if server.enforce_regex:
        steps.append(
            Step(
                f"server {server.hostname}",
                "note",
                "a location of this host has use-regex or rewrite-target, so every location of "
                "the host is a case-insensitive regex `~*` (template.go enforceRegexModifier)",
            )
        )
        for i, loc in enumerate(server.locations):
            if _compile("^" + loc.path).search(_as_bytes(uri)):
                steps.append(Step(loc.directive, "match", "first regex that matches", i))
                return _Selection(chosen, i, "regex")
            steps.append(Step(loc.directive, "no match", f"regex does not match {uri!r}", i))
        return _Selection(chosen, None, "none")
    exact = equal = redirect = longest = None
    redirect_exact = False
    for i, loc in enumerate(server.locations):
        if loc.modifier == "=" and loc.path == uri:
            exact = i if exact is None else exact
            steps.append(Step(loc.directive, "match", "exact location equals the URI", i))
        elif loc.modifier == "" and loc.path == uri:
            equal = i if equal is None else equal
            steps.append(Step(loc.directive, "match", "prefix equals the URI", i))
        elif loc.path == uri + "/":
            # the tree node holds both; nginx takes its `=` location's config (node->exact)
            if redirect is None or (loc.modifier == "=" and not redirect_exact):
                redirect, redirect_exact = i, loc.modifier == "="
            steps.append(
                Step(
                    loc.directive,
                    "match",
                    "the URI is this location's name without its trailing `/`: unless an equal "
                    "location exists, nginx answers 301 to the name (auto_redirect)",
                    i,
                )
            )
        elif loc.modifier == "" and uri.startswith(loc.path):
            if longest is None or len(loc.path) > len(server.locations[longest].path):
                longest = i
            steps.append(Step(loc.directive, "match", "prefix of the URI", i))
        else:
            what = "exact location" if loc.modifier == "=" else "prefix location"
            steps.append(Step(loc.directive, "no match", f"{what}; the URI is {uri!r}", i))
    if exact is not None:
        return _Selection(chosen, exact, "exact")
    if equal is not None:
        return _Selection(chosen, equal, "prefix")
    if redirect is not None:
        return _Selection(chosen, redirect, "redirect")
    if longest is not None:
        return _Selection(chosen, longest, "prefix")
    return _Selection(chosen, None, "none")


# --------------------------------------------------------------------------------------------
# The model


def _timestamp(ing: Ingress) -> float:
    """creationTimestamp as seconds; an Ingress without one counts as created after the rest."""
    if not ing.creation_timestamp:
        return float("inf")
    try:
        return datetime.fromisoformat(ing.creation_timestamp).timestamp()
    except ValueError:
        return float("inf")


def controller_order(ingresses: Iterable[Ingress]) -> list[Ingress]:
    """ListIngresses' order (store.go:1102-1132, sortIngressSlice): oldest creationTimestamp
    first; equal timestamps (1-second resolution) in descending `namespace/name` order."""
    ordered = sorted(ingresses, key=lambda ing: ing.ref, reverse=True)
    ordered.sort(key=_timestamp)
    return ordered


class NginxModel:
    """ingress-nginx v1.15 (retired March 2026) over a set of manifests.

    `ingress_class` is the class the controller is configured for (`--ingress-class`, default
    `nginx`); pass another name, e.g. `"alb"`, to read Ingresses written for another class as
    if they were nginx's. `assume_services`: None assumes every referenced Service exists with
    ready endpoints only when the input holds no Service at all; False counts every referenced
    Service as missing. `admission_webhook` False models a controller installed without it.
    """

    def __init__(
        self,
        manifests: Manifests,
        *,
        ingress_class: str | None = None,
        assume_services: bool | None = None,
        admission_webhook: bool = True,
    ) -> None:
        self.ingress_class = ingress_class or "nginx"
        self._by_name = ingress_class is not None
        self._classes = {c.name: c for c in manifests.ingress_classes}
        notes: list[Step] = []
        managed: list[Ingress] = []
        for ing in manifests.ingresses:
            ok, reason = self._managed(ing)
            if ok and _bool(ing.annotations, "canary", False):
                ok, reason = (
                    False,
                    "a canary Ingress: canary routing is not modelled, so it is left out",
                )
            notes.append(Step(ing.ref, "match" if ok else "skipped", reason))
            if ok:
                managed.append(ing)
        # Admission happens in creation order; Ingresses applied together keep the input order.
        applied = sorted(managed, key=_timestamp)
        with paused_gc():
            admitted, rejections = _admit(applied, admission_webhook)
        self.rejections: tuple[Rejection, ...] = tuple(rejections)
        for rejection in rejections:
            what = _WEBHOOK if rejection.by_webhook else "ignored by the controller's store: "
            notes.append(Step(rejection.ingress.ref, "skipped", what + rejection.message))
        if any(not ing.creation_timestamp for ing in managed):
            notes.append(
                Step(
                    "(order)",
                    "note",
                    "Ingresses without creationTimestamp count as created after the others, in "
                    "the same second (as one `kubectl apply -f`): the webhook sees them in input "
                    "order, the controller orders them by namespace/name descending",
                )
            )
        self.ingresses: tuple[Ingress, ...] = tuple(controller_order(admitted))
        with paused_gc():
            self._config = _Config.of(self.ingresses)
        self.servers: tuple[Server, ...] = self._config.servers
        self.error: str | None = self._config.error
        self._rejected = {r.ingress.ref: r for r in rejections if r.by_webhook}
        self._shadow = _Config.of(controller_order(managed)) if self._rejected else None
        self._services = {(s.namespace, s.name): s for s in manifests.services}
        self.assume_services = (
            not manifests.services if assume_services is None else assume_services
        )
        if self.assume_services:
            notes.append(
                Step(
                    "(services)",
                    "note",
                    "the input holds no Service: every referenced Service is assumed to exist "
                    "with ready endpoints"
                    if assume_services is None
                    else "every referenced Service is assumed to exist with ready endpoints",
                )
            )
        elif not manifests.services:
            notes.append(Step("(services)", "note", "every referenced Service counts as missing"))
        self._notes = tuple(notes)

    def _managed(self, ing: Ingress) -> tuple[bool, str]:
        """GetIngressClass (store.go:1066-1092): spec.ingressClassName, then the annotation."""
        name = self.ingress_class
        if ing.class_name is not None:
            ic: IngressClass | None = self._classes.get(ing.class_name)
            if ic is not None:
                ok = ic.controller == CONTROLLER_NAME or (self._by_name and ic.name == name)
                return ok, (
                    f"spec.ingressClassName {ing.class_name}: its IngressClass names controller "
                    f"{ic.controller!r}" + ("" if ok else f", not {CONTROLLER_NAME!r}")
                )
            ok = ing.class_name == name
            return ok, (
                f"spec.ingressClassName {ing.class_name}: no such IngressClass in the input; "
                + (
                    f"assumed to be the IngressClass {name!r} the Helm chart installs"
                    if ok
                    else f"this controller's class is {name!r}"
                )
            )
        if ing.class_annotation is not None:
            ok = ing.class_annotation == name
            return ok, (
                f"annotation kubernetes.io/ingress.class {ing.class_annotation!r} "
                + ("equals" if ok else "is not")
                + f" --ingress-class {name!r}"
            )
        default = next((c for c in self._classes.values() if c.is_default), None)
        if default is not None:
            ok = default.controller == CONTROLLER_NAME or (self._by_name and default.name == name)
            return ok, (
                f"no class: the API server sets the default IngressClass {default.name!r} "
                f"(controller {default.controller!r}) at creation"
            )
        return True, (
            "no class: counted as this controller's (Ingress Lab's convention); the real "
            "controller takes class-less Ingresses only with --watch-ingress-without-class=true "
            "(default false, pkg/flags/flags.go)"
        )

    def resolve(self, request: Request, *, explain: bool = False) -> Resolution:
        """nginx's answer to `request`; `explain=True` walks every candidate and records why."""
        steps: list[Step] | None = None
        if explain:
            steps = [Step("ingress-nginx", "note", RETIREMENT_NOTE), *self._notes]
        answer, host, uri = self._answer(self._config, request, steps)
        if (
            self._shadow is None
            or host is None
            or uri is None
            or answer.outcome is Outcome.INVALID_CONFIG
        ):
            return answer
        shadow = self._shadow
        if shadow.error is not None:
            return answer
        scratch: list[Step] = []
        sel = (
            _select_explained(shadow, host, uri, scratch)
            if explain
            else _select_indexed(shadow, host, uri)
        )
        if sel.location is None:
            return answer
        loc = shadow.servers[sel.server].locations[sel.location]
        rejection = self._rejected.get(loc.ingress or "")
        if rejection is None:
            return answer
        trail: tuple[Step, ...] = ()
        if steps is not None:
            trail = (
                *answer.explain,
                Step(
                    rejection.ingress.ref,
                    "note",
                    f"without the webhook this request would reach {loc.directive} of "
                    f"{rejection.ingress.ref}, but the webhook denied that Ingress; nginx "
                    f"serves it as above ({answer.outcome}). Every rejection is HTTP 400 "
                    "BadRequest to kubectl (internal/admission/controller/main.go)",
                ),
            )
        return Resolution(
            "nginx",
            request,
            Outcome.REJECTED_BY_WEBHOOK,
            matched=_match(shadow.servers[sel.server], loc, sel.location),
            message=_WEBHOOK + rejection.message,
            explain=trail,
        )

    def _answer(
        self, config: _Config, request: Request, steps: list[Step] | None
    ) -> tuple[Resolution, str | None, str | None]:
        def done(outcome: Outcome, **kw: object) -> Resolution:
            return Resolution(
                "nginx",
                request,
                outcome,
                explain=tuple(steps) if steps is not None else (),
                **kw,  # type: ignore[arg-type]
            )

        def note(candidate: str, verdict: str, reason: str) -> None:
            if steps is not None:
                steps.append(Step(candidate, verdict, reason))

        if config.error is not None:
            note(
                "nginx -t",
                "note",
                "the rendered configuration fails nginx -t: the controller logs 'Unexpected "
                "failure reloading the backend', emits a RELOAD Warning event and keeps running "
                "its previous configuration (controller.go:216-230), which this input does not "
                "show",
            )
            return done(Outcome.INVALID_CONFIG, message=config.error), None, None
        target = request.path + (f"?{request.query}" if request.query else "")
        line = len(target.encode("utf-8", "surrogateescape")) + _REQUEST_LINE_OVERHEAD
        if line > _REQUEST_LINE_MAX:
            note(
                "request line",
                "no match",
                f"{line} bytes with GET and HTTP/1.1: over one 8k large_client_header_buffers "
                "buffer (nginx and config.go default '4 8k')",
            )
            return (
                done(Outcome.BAD_REQUEST, status=414, message="414 Request-URI Too Large"),
                None,
                None,
            )
        host = normalize_host(request.host)
        if host is None:
            note(
                "Host",
                "no match",
                f"{request.host!r} is not a valid host (ngx_http_validate_host): 400",
            )
            return (
                done(Outcome.BAD_REQUEST, status=400, message="client sent invalid host header"),
                None,
                None,
            )
        uri = normalize_uri(request.path)
        if uri is None:
            note(
                "URI",
                "no match",
                f"{request.path!r}: a bad %-escape, %00 or `..` above the root "
                "(ngx_http_parse_complex_uri): 400",
            )
            return (
                done(Outcome.BAD_REQUEST, status=400, message="client sent invalid request"),
                host,
                None,
            )
        note(
            "request",
            "note",
            f"Host {host!r} (lower-cased, port and one trailing dot removed), URI {uri!r} "
            "(%XX decoded, `.`/`..` resolved, slashes merged) before matching",
        )
        if steps is not None:
            sel = _select_explained(config, host, uri, steps)
        else:
            sel = _select_indexed(config, host, uri)
        server = config.servers[sel.server]
        if sel.location is None:
            note(f"server {server.hostname}", "no match", "no location matches: 404")
            return done(Outcome.NOT_FOUND, status=404), host, uri
        loc = server.locations[sel.location]
        matched = config.matches.get((sel.server, sel.location))
        if matched is None:  # made once per location: a Match costs more than the lookup
            matched = config.matches[sel.server, sel.location] = _match(server, loc, sel.location)
        if sel.kind == "redirect":
            location = f"{request.scheme}://{host}{loc.path}"
            # nginx parses no query string after a '#' in the request line
            if request.query and "#" not in request.path:
                location += f"?{request.query}"
            note(
                loc.directive,
                "note",
                "nginx answers 301 before any Lua runs: the URI is this prefix location's name "
                "without its trailing `/` (ngx_http_core_find_static_location auto_redirect, "
                "nginx 1.27.1); port_in_redirect off (nginx.tmpl)",
            )
            return done(Outcome.REDIRECT, status=301, location=location, matched=matched), host, uri
        if steps is not None:  # the directive is formatted only for a trail
            note(loc.directive, "note", f"nginx uses this location ({sel.kind} match)")
        if request.scheme == "http":
            exempt = any(loc.path.startswith(p) for p in _NO_TLS_REDIRECT)
            certificate = config.has_certificate(host)
            if not exempt and (loc.force_ssl_redirect or (loc.ssl_redirect and certificate)):
                raw = target
                if not loc.preserve_trailing_slash and raw.endswith("/"):
                    raw = raw[:-1]
                why = (
                    "force-ssl-redirect"
                    if loc.force_ssl_redirect
                    else "ssl-redirect (default true) and a certificate for the host, because an "
                    "Ingress with a rule for it has a spec.tls section"
                )
                note(
                    "ssl-redirect",
                    "match",
                    f"{why}: lua_ingress.lua redirects with http-redirect-code 308 to https:// "
                    "+ Host without port + the raw URI, dropping one trailing `/` unless "
                    "preserve-trailing-slash",
                )
                return (
                    done(
                        Outcome.REDIRECT,
                        status=308,
                        location=f"https://{request.host.split(':')[0]}{raw}",
                        matched=matched,
                    ),
                    host,
                    uri,
                )
            if steps is not None:
                if exempt:
                    reason = "no-tls-redirect-locations exempts this path"
                elif not certificate:
                    reason = (
                        "no certificate for this host (no Ingress with a rule for it has spec.tls)"
                    )
                else:
                    reason = "ssl-redirect is false for this location"
                note("ssl-redirect", "no match", reason)
        if loc.source in ("health", "status"):
            status = 200 if loc.source == "health" else 403
            why = (
                "the template's own health check: return 200"
                if status == 200
                else "stub_status, allowed from 127.0.0.1 only: 403 from anywhere else"
            )
            note(loc.directive, "match", f"{why} (nginx.tmpl, server `_`)")
            return done(Outcome.FIXED_RESPONSE, status=status), host, uri
        if loc.backend is None:
            note(
                "upstream-default-backend",
                "note",
                "the controller's default backend: without --default-backend-service it is "
                "127.0.0.1:8181, whose `location /` returns 404 (controller.go:600-632, "
                "nginx.tmpl:669-680)",
            )
            return done(Outcome.NOT_FOUND, status=404), host, uri
        missing = self._missing(loc.backend)
        if missing is not None:
            note(
                str(loc.backend),
                "no match",
                f"{missing}: the upstream has no endpoints and the Lua balancer answers 503 "
                "(rootfs/etc/nginx/lua/balancer.lua:329-335)",
            )
            return (
                done(Outcome.SERVICE_UNAVAILABLE, status=503, backend=loc.backend, matched=matched),
                host,
                uri,
            )
        if loc.rewrite_target and server.enforce_regex:
            note(
                "rewrite-target",
                "note",
                f'the location rewrites the URI with rewrite "(?i){loc.path}" '
                f"{loc.rewrite_target} break; before proxying (template.go buildProxyPass)",
            )
        if loc.source != "rule":
            note(str(loc.backend), "match", f"spec.defaultBackend of {loc.ingress} ({loc.source})")
            return done(Outcome.DEFAULT_BACKEND, backend=loc.backend), host, uri
        return done(Outcome.ROUTE, backend=loc.backend, matched=matched), host, uri

    def _missing(self, backend: Backend) -> str | None:
        """serviceEndpoints (controller.go): the Service, then a port by number, target or name."""
        if self.assume_services:
            return None
        service = self._services.get((backend.namespace, backend.service))
        if service is None:
            return f"Service {backend.namespace}/{backend.service} not found"
        key = str(backend.port)
        if any(
            str(p.port) == key or str(p.target_port) == key or p.name == key for p in service.ports
        ):
            return None
        return f"Service {service.ref} has no port {key}"


def _match(server: Server, loc: Location, index: int) -> Match:
    return Match(
        ingress=loc.ingress or "(controller default backend)",
        host=None if server.is_default else server.hostname,
        path=loc.ingress_path,
        path_type=loc.declared_type,
        priority=index,
    )
