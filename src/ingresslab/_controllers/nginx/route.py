"""ingress-nginx (kubernetes/ingress-nginx), part two: how the built configuration routes.

ingress-nginx was retired in March 2026 (no further releases or security fixes); this describes
its last release, controller-v1.15.1, with nginx 1.27.1. `NginxModel` builds the merged
servers once (`build.py`) and answers a request as nginx would: Host validation and URI
normalisation (`ingresslab._http`), server selection, location selection, the Lua
ssl-redirect, the balancer (`rootfs/etc/nginx/lua/balancer.lua`) with endpoints from the shared
`ServiceCatalogue`.

Lookups go through an index (servers by name; per server a dict of `=` locations and a dict of
prefix locations probed at the lengths that exist; regexes only in a regex-mode server), so they
do not scan the rules; `explain=True` walks every server and location in nginx's order instead
and is the reference the index is tested against. This module knows nothing about ALB, the
spec model, YAML or printing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from ..._gc import paused_gc
from ..._http import PLAIN_HOST, nginx_host, nginx_uri
from ..._k8s.manifests import Manifests
from ..._k8s.model import Backend, Ingress, IngressClass
from ..._result import Match, Outcome, Request, Resolution, Step
from ..._services import ServiceCatalogue
from ..base import ClassDecision, Controller, Options, ignored, prepare
from .build import (
    _DEFAULT_SERVER,
    _WEBHOOK,
    CONTROLLER_NAME,
    RETIREMENT_NOTE,
    Location,
    Rejection,
    Server,
    _admit,
    _as_bytes,
    _bool,
    _build_servers,
    _compile,
    _nginx_t,
    _timestamp,
    controller_order,
)

__all__ = ["NginxModel"]

# `no-tls-redirect-locations` default (internal/ingress/controller/config/config.go).
_NO_TLS_REDIRECT = ("/.well-known/acme-challenge",)
# The whole request line must fit one large_client_header_buffers buffer: 4 8k by default in
# nginx and in config.go; "GET " + URI + " HTTP/1.1\r\n" over 8192 bytes gives 414
# (ngx_http_request.c ngx_http_alloc_large_header_buffer, nginx 1.27.1).
_REQUEST_LINE_MAX = 8192
_REQUEST_LINE_OVERHEAD = len("GET ") + len(" HTTP/1.1\r\n")


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
                if server.hostname.startswith("*.") and PLAIN_HOST.fullmatch(literal):
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


class NginxModel(Controller):
    """ingress-nginx v1.15 (retired March 2026) over a set of manifests.

    Its options (`Options`): `ingress_class`, the class the controller is configured for
    (`--ingress-class`, default `nginx`; pass another name, e.g. `"alb"`, to read Ingresses
    written for another class as if they were nginx's), and `admission_webhook` (False models a
    controller installed without it). One proxy fleet answers every request: one answer.
    """

    name: ClassVar[str] = "nginx"
    label: ClassVar[str] = "ingress-nginx"

    def __init__(
        self,
        manifests: Manifests,
        *,
        options: Options | None = None,
        services: ServiceCatalogue | None = None,
    ) -> None:
        manifests, options, self.services = prepare(manifests, options, services)
        self.ingress_class = options.ingress_class or "nginx"
        self._by_name = options.ingress_class is not None
        self._classes = {c.name: c for c in manifests.ingress_classes}
        notes: list[Step] = []
        managed: list[Ingress] = []
        decisions: list[ClassDecision] = []
        for ing in manifests.ingresses:
            ok, reason = self._managed(ing)
            decisions.append(ClassDecision(ing.ref, ok, reason))
            if ok and _bool(ing.annotations, "canary", False):
                ok, reason = (
                    False,
                    "a canary Ingress: canary routing is not modelled, so it is left out",
                )
            notes.append(Step(ing.ref, "match" if ok else "skipped", reason))
            if ok:
                managed.append(ing)
        self.decisions: tuple[ClassDecision, ...] = tuple(decisions)
        # Admission happens in creation order; Ingresses applied together keep the input order.
        applied = sorted(managed, key=_timestamp)
        with paused_gc():
            admitted, rejections = _admit(applied, options.admission_webhook)
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
        notes.append(Step("(services)", "note", self.services.note))
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

    def resolve(self, request: Request, *, explain: bool = False) -> list[Resolution]:
        """nginx's answer to `request` (one: the proxy fleet behind its load balancer);
        `explain=True` walks every candidate and records why."""
        none = ignored(self, request, explain=explain)
        return [none if none is not None else self._resolve(request, explain)]

    def _resolve(self, request: Request, explain: bool) -> Resolution:
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
        host = nginx_host(request.host)
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
        uri = nginx_uri(request.path)
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
                done(
                    Outcome.SERVICE_UNAVAILABLE,
                    status=503,
                    backend=loc.backend,
                    matched=matched,
                    message=f"{missing}: the Lua balancer answers 503",
                ),
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
        """Why the upstream has no endpoint (the Service, its port by number, target or name,
        its ready endpoints: serviceEndpoints, controller.go), or None."""
        state = self.services.lookup(backend, ports="ingress-nginx")
        return None if state.problem is None else state.reason


def _match(server: Server, loc: Location, index: int) -> Match:
    return Match(
        ingress=loc.ingress or "(controller default backend)",
        host=None if server.is_default else server.hostname,
        path=loc.ingress_path,
        path_type=loc.declared_type,
        priority=index,
    )
