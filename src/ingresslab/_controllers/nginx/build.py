"""ingress-nginx (kubernetes/ingress-nginx), part one: the configuration it builds.

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

from ..._k8s.model import Backend, Ingress

__all__ = [
    "CONTROLLER_NAME",
    "RETIREMENT_NOTE",
    "Location",
    "Rejection",
    "Server",
    "controller_order",
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
            error = _variables_error(loc.rewrite_target or "")
            if error is not None:
                return (
                    f"nginx: [emerg] {error} (server {server.hostname}, Ingress {loc.ingress}, "
                    f"rewrite-target {loc.rewrite_target})"
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


# Variables a rewrite-target may name: nginx's own (ngx_http_variables.c, ngx_http_core_module
# and the proxy and upstream modules, nginx 1.27.1), the prefixed families, and those
# nginx.tmpl defines with `set` or `map` (controller-v1.15.1).
_VARIABLES = frozenset(
    {
        "args",
        "binary_remote_addr",
        "body_bytes_sent",
        "bytes_sent",
        "connection",
        "connection_requests",
        "content_length",
        "content_type",
        "document_root",
        "document_uri",
        "host",
        "hostname",
        "https",
        "is_args",
        "limit_rate",
        "msec",
        "nginx_version",
        "pid",
        "pipe",
        "proxy_add_x_forwarded_for",
        "proxy_host",
        "proxy_port",
        "query_string",
        "realpath_root",
        "remote_addr",
        "remote_port",
        "remote_user",
        "request",
        "request_body",
        "request_completion",
        "request_filename",
        "request_id",
        "request_length",
        "request_method",
        "request_time",
        "request_uri",
        "scheme",
        "server_addr",
        "server_name",
        "server_port",
        "server_protocol",
        "status",
        "time_iso8601",
        "time_local",
        "uri",
        "upstream_addr",
        "upstream_status",
        "best_http_host",
        "pass_access_scheme",
        "pass_server_port",
        "pass_port",
        "proxy_upstream_name",
        "proxy_alternative_upstream_name",
        "namespace",
        "ingress_name",
        "service_name",
        "service_port",
        "location_path",
        "balancer_ewma_score",
        "proxy_x_forwarded_proto",
    }
)
_VARIABLE_FAMILIES = (
    "http_", "sent_http_", "cookie_", "arg_", "upstream_http_", "upstream_cookie_",
)  # fmt: skip


def _variables_error(target: str) -> str | None:
    """What nginx's script compiler says about the `$` references of a rewrite replacement
    (ngx_http_script_compile, src/http/ngx_http_script.c, nginx 1.27.1), or None: `$1`...`$9`
    are captures, `$name` and `${name}` variables, which must exist; a `$` with no name is
    "invalid variable name"."""
    i = target.find("$")
    while i >= 0:
        rest = target[i + 1 :]
        if rest[:1].isdigit():
            i = target.find("$", i + 2)
            continue
        if rest[:1] == "{":
            end = rest.find("}")
            if end < 0:
                return f'the closing bracket in "{rest[1:]}" variable is missing'
            name = rest[1:end]
        else:
            name = re.match(r"[A-Za-z0-9_]*", rest).group()  # type: ignore[union-attr]
        if not name:
            return "invalid variable name"
        if name.lower() not in _VARIABLES and not name.lower().startswith(_VARIABLE_FAMILIES):
            return f'unknown "{name}" variable'
        i = target.find("$", i + 1)
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
