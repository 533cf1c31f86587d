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

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

from ..._gc import paused_gc
from ..._http import (
    PLAIN_HOST,
    NginxRead,
    NginxRefusal,
    nginx_escape_uri,
    nginx_read,
    nginx_unescape_redirect,
)
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
_HTTP09 = (
    "HTTP/0.9: a LF in the request target ended the request line before a version, so nginx "
    "reads no headers, serves the default server (or the target's own host), and sends only "
    "the body, without status line or headers (ngx_http_process_request_line, "
    "src/http/ngx_http_request.c; ngx_http_header_filter, nginx 1.27.1)"
)


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
        read = nginx_read(request)
        if isinstance(read, NginxRefusal):
            note("request", "no match", f"{read.status}: {read.message} ({read.source})")
            message = read.message
            if read.http09:
                message += (
                    "; HTTP/0.9 (a LF in the target ended the request line): the answer has no "
                    "status line or headers (ngx_http_header_filter, nginx 1.27.1)"
                )
            return done(Outcome.BAD_REQUEST, status=read.status, message=message), None, None
        # HTTP/0.9 (the target's LF ended the request line) reads no headers: no Host, the
        # default server; an HTTP/1.0 head may carry no Host either
        host = read.host if read.host is not None else ""
        uri = read.uri
        if steps is not None:
            _note_read(request, read, note)
        if read.http09:
            answer = self._after_read(config, request, read, host, uri, steps, done, note)
            message = f"{answer.message}; {_HTTP09}" if answer.message else _HTTP09
            note("HTTP/0.9", "note", _HTTP09)
            return (
                replace(
                    answer,
                    location=None,
                    message=message,
                    explain=tuple(steps) if steps is not None else (),
                ),
                host,
                uri,
            )
        return self._after_read(config, request, read, host, uri, steps, done, note), host, uri

    def _after_read(
        self,
        config: _Config,
        request: Request,
        read: NginxRead,
        host: str,
        uri: str,
        steps: list[Step] | None,
        done: Callable[..., Resolution],
        note: Callable[[str, str, str], None],
    ) -> Resolution:
        """Server and location selection and what the location does, once nginx has read the
        request head."""
        if steps is not None:
            sel = _select_explained(config, host, uri, steps)
        else:
            sel = _select_indexed(config, host, uri)
        server = config.servers[sel.server]
        if sel.location is None:
            note(f"server {server.hostname}", "no match", "no location matches: 404")
            return done(Outcome.NOT_FOUND, status=404)
        loc = server.locations[sel.location]
        matched = config.matches.get((sel.server, sel.location))
        if matched is None:  # made once per location: a Match costs more than the lookup
            matched = config.matches[sel.server, sel.location] = _match(server, loc, sel.location)
        # $host: the server name nginx read, else the chosen server's first server_name
        host_var = read.host if read.host is not None else server.names[0]
        if sel.kind == "redirect":
            # absolute_redirect on, server_name_in_redirect off: the host nginx read, else the
            # address the client connected to (ngx_http_header_filter, nginx 1.27.1)
            where = read.host if read.host is not None else "(the address the client reached)"
            location = f"{request.scheme}://{where}{loc.path}"
            if read.args:
                location += f"?{read.args}"
            note(
                loc.directive,
                "note",
                "nginx answers 301 before any Lua runs: the URI is this prefix location's name "
                "without its trailing `/` (ngx_http_core_find_static_location auto_redirect, "
                "nginx 1.27.1); port_in_redirect off (nginx.tmpl)",
            )
            return done(Outcome.REDIRECT, status=301, location=location, matched=matched)
        if steps is not None:  # the directive is formatted only for a trail
            note(loc.directive, "note", f"nginx uses this location ({sel.kind} match)")
        upstream: str | None = None
        if loc.rewrite_target and loc.rewrite_target != loc.path:
            rewritten = _rewrite(loc, read)
            note("rewrite-target", "note", rewritten.note)
            if rewritten.status == 302:
                return done(
                    Outcome.REDIRECT, status=302, location=rewritten.location, matched=matched
                )
            if rewritten.status == 500:
                return done(
                    Outcome.FIXED_RESPONSE,
                    status=500,
                    matched=matched,
                    message="the rewritten URI has a zero length: nginx answers 500",
                )
            upstream = rewritten.upstream
        if request.scheme == "http":
            exempt = any(loc.path.startswith(p) for p in _NO_TLS_REDIRECT)
            certificate = config.has_certificate(host_var)
            if not exempt and (loc.force_ssl_redirect or (loc.ssl_redirect and certificate)):
                raw = read.request_uri
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
                # redirect_host(): $best_http_host ($http_host, else $host) up to its first ':'
                to = read.http_host if read.http_host is not None else host_var
                return done(
                    Outcome.REDIRECT,
                    status=308,
                    location=f"https://{to.split(':')[0]}{raw}",
                    matched=matched,
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
            return done(Outcome.FIXED_RESPONSE, status=status)
        if loc.backend is None:
            note(
                "upstream-default-backend",
                "note",
                "the controller's default backend: without --default-backend-service it is "
                "127.0.0.1:8181, whose `location /` returns 404 (controller.go:600-632, "
                "nginx.tmpl:669-680)",
            )
            return done(Outcome.NOT_FOUND, status=404)
        missing = self._missing(loc.backend)
        if missing is not None:
            note(
                str(loc.backend),
                "no match",
                f"{missing}: the upstream has no endpoints and the Lua balancer answers 503 "
                "(rootfs/etc/nginx/lua/balancer.lua:329-335)",
            )
            return done(
                Outcome.SERVICE_UNAVAILABLE,
                status=503,
                backend=loc.backend,
                matched=matched,
                message=f"{missing}: the Lua balancer answers 503",
            )
        if loc.source != "rule":
            note(str(loc.backend), "match", f"spec.defaultBackend of {loc.ingress} ({loc.source})")
            return done(Outcome.DEFAULT_BACKEND, backend=loc.backend, upstream_path=upstream)
        return done(Outcome.ROUTE, backend=loc.backend, matched=matched, upstream_path=upstream)

    def _missing(self, backend: Backend) -> str | None:
        """Why the upstream has no endpoint (the Service, its port by number, target or name,
        its ready endpoints: serviceEndpoints, controller.go), or None."""
        state = self.services.lookup(backend, ports="ingress-nginx")
        return None if state.problem is None else state.reason


def _note_read(request: Request, read: NginxRead, note: Callable[[str, str, str], None]) -> None:
    """The explanation step for what nginx read from the request head."""
    if read.absolute:
        where = (
            f"Host {read.host!r} from the absolute-form request target, which overrides the "
            f"Host header {read.http_host!r} (ngx_http_process_request_line)"
        )
    elif read.host is None:
        where = "no Host: nginx takes the default server"
    else:
        where = f"Host {read.host!r} (lower-cased, port and one trailing dot removed)"
    if request.raw_target is not None:
        where = f"request target {request.raw_target!r} sent as is; " + where
    note(
        "request",
        "note",
        f"{where}, URI {read.uri!r} (%XX decoded, `.`/`..` resolved, slashes merged) before "
        "matching",
    )


@dataclass(frozen=True, slots=True)
class _Rewritten:
    """What `rewrite "(?i)<path>" <target> break;` does to one request."""

    note: str
    #: the path and query proxy_pass sends upstream; None when the URI stays
    upstream: str | None = None
    #: 302 for a target that is an http(s) URL, 500 for an empty rewritten URI
    status: int | None = None
    location: str | None = None


@functools.lru_cache(maxsize=256)
def _rewrite_regex(path: str) -> re.Pattern[str]:
    """The rewrite's regex `(?i)<path>`: searched, not anchored, bytes not characters."""
    return _compile(path)


def _rewrite(loc: Location, read: NginxRead) -> _Rewritten:
    """The rewrite buildProxyPass writes for a location whose rewrite-target differs from its
    path (internal/ingress/controller/template/template.go, controller-v1.15.1):
    `rewrite "(?i)<path>" <target> break;`, then `proxy_pass http://upstream_balancer;`.

    nginx (ngx_http_rewrite_module.c, ngx_http_script.c, nginx 1.27.1) searches the normalised
    URI; `$1`..`$9` copy captures (a group that took no part is empty); the result is the new
    URI, and the request's arguments stay, since the target (which the controller allows only
    `-._~/:$`, letters and digits) has no `?`. proxy_pass then sends the new URI escaped with
    ngx_escape_uri and `?` + the arguments when there are any (ngx_http_proxy_create_request).
    A target starting `http://` or `https://` is a 302 redirect instead, captures escaped when
    the request's path had `%` or `+`, the result unescaped (NGX_UNESCAPE_REDIRECT), arguments
    appended. An empty result is 500. Other `$name` variables are not modelled. Every regex
    match sets nginx's captures anew (ngx_http_regex_exec, src/http/ngx_http_variables.c), so
    a regex without groups leaves `$1` empty, whatever the server name regex captured.
    """
    target = loc.rewrite_target or ""
    directive = f'rewrite "(?i){loc.path}" {target} break;'
    found = _rewrite_regex(loc.path).search(_as_bytes(read.uri))
    if found is None:
        return _Rewritten(f"{directive} does not match {read.uri!r}: the URI stays")
    redirect = target.startswith(("http://", "https://"))
    out = bytearray()
    i = 0
    while i < len(target):
        ch = target[i]
        digit = target[i + 1 : i + 2]
        if ch == "$" and "1" <= digit <= "9":
            n = int(digit)
            group = found.group(n) if n <= found.re.groups else None
            data = (group or "").encode("latin-1")
            if redirect and data and read.escapes_captures():
                data = nginx_escape_uri(data, args=True)
            out += data
            i += 2
        elif ch == "$":
            return _Rewritten(
                f"{directive}: the nginx variable in {target!r} is not modelled, so the path "
                "the backend receives is not known here"
            )
        else:
            out += ch.encode("ascii")
            i += 1
    args = read.args.encode("utf-8", "surrogateescape") if read.args else b""
    if redirect:
        location = nginx_unescape_redirect(bytes(out)) + (b"?" + args if args else b"")
        text = location.decode("utf-8", "surrogateescape")
        return _Rewritten(
            f"{directive}: the target is a URL, so nginx answers 302 to {text!r} "
            "(ngx_http_rewrite, ngx_http_script_regex_end_code)",
            status=302,
            location=text,
        )
    if not out:
        return _Rewritten(
            f"{directive}: the rewritten URI has a zero length, nginx answers 500 "
            "(ngx_http_script_regex_end_code)",
            status=500,
        )
    upstream = (nginx_escape_uri(bytes(out)) + (b"?" + args if args else b"")).decode(
        "utf-8", "surrogateescape"
    )
    return _Rewritten(
        f"{directive} turns URI {read.uri!r} into "
        f"{bytes(out).decode('utf-8', 'surrogateescape')!r}; proxy_pass sends {upstream!r} "
        "(escaped, the arguments kept: ngx_http_proxy_create_request, nginx 1.27.1)",
        upstream=upstream,
    )


def _match(server: Server, loc: Location, index: int) -> Match:
    return Match(
        ingress=loc.ingress or "(controller default backend)",
        host=None if server.is_default else server.hostname,
        path=loc.ingress_path,
        path_type=loc.declared_type,
        priority=index,
    )
