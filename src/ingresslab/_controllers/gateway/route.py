"""Gateway API, part two: how a conformant implementation routes a request.

Sources: kubernetes-sigs/gateway-api v1.6.1 (commit 8bb74df00e56), `apis/v1/gateway_types.go`
(GatewaySpec.Listeners, Listener.Hostname), `apis/v1/httproute_types.go` (HTTPRouteSpec,
HTTPRouteRule, HTTPRouteMatch, PathMatchType, HTTPHeaderMatch, HTTPQueryParamMatch,
HTTPRequestRedirectFilter, HTTPURLRewriteFilter, HTTPPathModifier, HTTPBackendRef), and the
conformance tests named in tests/test_gateway_model.py.

* **Which Gateway.** One answer per Gateway with a listener on the request's port (from the
  URL, else 80 or 443), as the ALB model answers once per load balancer; `load_balancer` names
  the Gateway. Which address DNS gives a host is not modelled.
* **Which listener.** Among the listeners on that port whose protocol serves the scheme (HTTP,
  HTTPS), the Host (lower-cased, its port ignored: HTTPRouteSpec.Hostnames) picks one: an exact
  hostname, else the matching wildcard with the most dots after `*`, else one without hostname
  (GatewaySpec.Listeners). Only that listener's routes are tried: Listener Isolation, which the
  spec asks for with a SHOULD (the Extended feature GatewayHTTPListenerIsolation); answers say
  so. No listener takes the host: 404. Not modelled: TLS itself (an HTTPS listener is taken to
  terminate with a valid certificate; its Secrets are not read) and listener conflicts beyond
  what the CRD refuses (a Gateway is taken to be programmed as written).
* **Which rule.** Across the routes attached to the listener: the route whose matching
  hostname has the most characters without a wildcard, then the most characters; then the
  precedence of `build.rank` (Exact, longest PathPrefix, method, headers, query parameters,
  oldest route, namespace/name, rule, match). A rule's matches are OR'ed, a match's fields
  AND'ed. PathPrefix matches element by element (`/foo` takes `/foo`, `/foo/`, `/foo/bar`, not
  `/foobar`; a trailing `/` is ignored) and Exact character for character, both
  case-sensitive; header names are compared case-insensitively, query parameter names exactly,
  and Exact header and parameter values as strings (parameters %-decoded). The path is matched
  as sent: Gateway API leaves URL normalisation to implementations. Nothing matches: 404.
* **Where the spec leaves the choice** the answer says what this model does: RegularExpression
  (paths, headers, query parameters) is read as a Python regular expression that must match the
  whole value; a repeated request header is matched on its values joined by `, ` (RFC 9110
  section 5.3); a repeated query parameter on its first value, as the spec recommends.
* **What the rule does.** RequestRedirect: the Location is an absolute URL with the filter's
  scheme, hostname, path and port; without a port, a given scheme's well-known port, else the
  listener's; the port is left out for http:80 and https:443; the query is kept; 302 unless
  `statusCode` says otherwise. URLRewrite: ReplaceFullPath or ReplacePrefixMatch (whole path
  elements) give `upstream_path`; a hostname rewrite is said in the message. Otherwise the
  backendRefs: none, or every weight 0, or the heaviest invalid (`build.BackendCheck`): 500
  (`invalid-backend`); several: the split is said and the heaviest named (a share going to an
  invalid backend gets 500); the Service has no ready endpoint: 503 (a SHOULD of
  HTTPRouteRule.BackendRefs), from the shared `ServiceCatalogue`.

Lookups go through indexes (listeners by hostname, then each listener's entries by hostname
and path), built once; `explain=True` walks every entry in precedence order instead and is the
reference the index is tested against. Both use one matcher. This module knows nothing about
Ingress, ALB or NGINX.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from ..._gc import paused_gc
from ..._http import normalize_host, split_host_port
from ..._k8s.gateway_model import PathMatch, PathModifier, RequestRedirect, ValueMatch
from ..._k8s.manifests import Manifests
from ..._result import Match, Outcome, Request, Resolution, Step
from ..._services import ServiceCatalogue
from ..base import ClassDecision, Controller, Options, prepare
from ..spec import prefix_matches
from .build import (
    BackendCheck,
    BuiltGateway,
    BuiltListener,
    Entry,
    RouteStatus,
    build_gateways,
    hostname_matches,
)

__all__ = ["GatewayModel", "replace_prefix"]

_PRECEDENCE = (
    "rules are tried in Gateway API's order: the route with the longest matching non-wildcard "
    "hostname, then the longest matching hostname; then an Exact path, the longest PathPrefix, "
    "a method match, the most header matches, the most query parameter matches, the oldest "
    "route, the first route by namespace/name, the first rule, the first match "
    "(HTTPRouteSpec.Hostnames, HTTPRouteRule.Matches); RegularExpression paths, whose "
    "precedence is implementation-specific, rank below every Exact and PathPrefix match here"
)
_ISOLATION = (
    "only this listener's routes are tried (Listener Isolation: requests SHOULD match at most "
    "one listener; an implementation without the Extended feature GatewayHTTPListenerIsolation "
    "may also try other listeners' routes)"
)
_REGEX_PATH = (
    "the path matched a RegularExpression, whose dialect, anchoring and precedence are "
    "implementation-specific: read here as a Python regular expression over the whole path, "
    "ranked below every Exact and PathPrefix match"
)
_REGEX_VALUE = (
    "a RegularExpression {what} match is implementation-specific: read here as a Python "
    "regular expression over the whole value"
)


# ------------------------------------------------------------------------------------------------
# Matching: the one matcher of the index and of the explained walk


@lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _regex_holds(pattern: str, text: str) -> bool:
    compiled = _regex(pattern)
    return compiled is not None and compiled.fullmatch(text) is not None


def _path_holds(path: PathMatch, value: str) -> bool:
    if path.type == "Exact":
        return value == path.value
    if path.type == "PathPrefix":
        return prefix_matches(path.value, value)
    return _regex_holds(path.value, value)


def _path_reason(path: PathMatch, value: str) -> str:
    holds = _path_holds(path, value)
    if path.type == "Exact":
        return "Exact: the path is equal" if holds else f"Exact: {value!r} is not {path.value!r}"
    if path.type == "PathPrefix":
        verb = "is" if holds else "is not"
        return f"PathPrefix: {path.value!r} {verb} an element-wise prefix of {value!r}"
    if _regex(path.value) is None:
        return f"RegularExpression {path.value!r} cannot be read as a Python regular expression"
    verb = "matches" if holds else "does not match"
    return f"RegularExpression {path.value!r} {verb} the whole path {value!r}"


def _value_holds(match: ValueMatch, value: str | None) -> bool:
    if value is None:
        return False
    if match.type == "Exact":
        return value == match.value
    return _regex_holds(match.value, value)


def _query_value(params: Sequence[tuple[str, str]], name: str) -> str | None:
    """The first value of query parameter `name` (an exact, case-sensitive name)."""
    for key, value in params:
        if key == name:
            return value
    return None


def _entry_holds(entry: Entry, request: Request) -> bool:
    match = entry.match
    if match.method is not None and request.method != match.method:
        return False
    if not _path_holds(match.path, request.path):
        return False
    for header in entry.headers:
        if not _value_holds(header, request.header(header.name)):
            return False
    if entry.query:
        params = request.query_params
        for param in entry.query:
            if not _value_holds(param, _query_value(params, param.name)):
                return False
    return True


def _entry_reason(entry: Entry, request: Request) -> tuple[bool, str]:
    """`_entry_holds`, said in words: every condition checked up to the first that fails."""
    match = entry.match
    reasons = []
    if match.method is not None:
        if request.method != match.method:
            return False, f"method {request.method} is not {match.method}"
        reasons.append(f"method {match.method}")
    reasons.append(_path_reason(match.path, request.path))
    if not _path_holds(match.path, request.path):
        return False, "; ".join(reasons)
    for header in entry.headers:
        value = request.header(header.name)
        shown = "absent" if value is None else repr(value)
        holds = _value_holds(header, value)
        verb = "=" if header.type == "Exact" else "~"
        reasons.append(
            f"header {header.name}{verb}{header.value!r}: {shown}{'' if holds else ', no match'}"
        )
        if not holds:
            return False, "; ".join(reasons)
    params = request.query_params
    for param in entry.query:
        value = _query_value(params, param.name)
        shown = "absent" if value is None else repr(value)
        holds = _value_holds(param, value)
        verb = "=" if param.type == "Exact" else "~"
        reasons.append(
            f"query {param.name}{verb}{param.value!r}: {shown}{'' if holds else ', no match'}"
        )
        if not holds:
            return False, "; ".join(reasons)
    return True, "; ".join(reasons)


def _host_key(hostnames: Sequence[str], host: str) -> tuple[int, int] | None:
    """The route-hostname part of precedence for `host`: (characters of the matching
    non-wildcard hostname, characters of the matching hostname), the best of the entry's
    hostnames; (0, 0) when it takes any host; None when none of its hostnames takes `host`."""
    if not hostnames:
        return (0, 0)
    best: tuple[int, int] | None = None
    for name in hostnames:
        if hostname_matches(name, host):
            key = (0, len(name)) if name.startswith("*.") else (len(name), len(name))
            if best is None or key > best:
                best = key
    return best


def _matched_hostname(hostnames: Sequence[str], host: str) -> str | None:
    best: tuple[tuple[int, int], str] | None = None
    for name in hostnames:
        if hostname_matches(name, host):
            key = (0, len(name)) if name.startswith("*.") else (len(name), len(name))
            if best is None or key > best[0]:
                best = (key, name)
    return None if best is None else best[1]


def replace_prefix(prefix: str, path: str, replacement: str) -> str:
    """ReplacePrefixMatch: the matched PathPrefix's whole path elements give way to
    `replacement` (HTTPPathModifier.ReplacePrefixMatch's table: `/foo/bar` with prefix `/foo`
    and `/xyz` is `/xyz/bar`; with `""` it is `/bar`; `/foo` with `/` is `/`)."""
    base = prefix.rstrip("/")
    rest = path[len(base) :] if prefix_matches(prefix, path) else path
    result = replacement.rstrip("/") + rest
    return result or "/"


def _modified_path(modifier: PathModifier | None, entry: Entry, request: Request) -> str:
    if modifier is None:
        return request.path
    if modifier.type == "ReplaceFullPath":
        return modifier.value
    return replace_prefix(entry.match.path.value, request.path, modifier.value)


def _location(redirect: RequestRedirect, entry: Entry, request: Request, listener_port: int) -> str:
    """HTTPRequestRedirectFilter's Location, as an absolute URL."""
    scheme = redirect.scheme or request.scheme
    host = redirect.hostname or split_host_port(request.host)[0]
    if redirect.port is not None:
        port = redirect.port
    elif redirect.scheme is not None:
        port = 443 if scheme == "https" else 80
    else:
        port = listener_port
    default = 443 if scheme == "https" else 80
    authority = host if port == default else f"{host}:{port}"
    path = _modified_path(redirect.path, entry, request)
    query = f"?{request.query}" if request.query else ""
    return f"{scheme}://{authority}{path}{query}"


def _percent(weight: int, total: int) -> str:
    return f"{weight * 100 / total:.4g}%"


# ------------------------------------------------------------------------------------------------
# The indexes


class _PathBucket:
    """Entries of one hostname group by what their path needs: an exact path, a prefix (its
    value without trailing `/`), or a regular expression (checked every time)."""

    __slots__ = ("any", "exact", "prefix")

    def __init__(self) -> None:
        self.exact: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        self.any: list[int] = []

    def add(self, position: int, path: PathMatch) -> None:
        if path.type == "Exact":
            self.exact.setdefault(path.value, []).append(position)
        elif path.type == "PathPrefix":
            self.prefix.setdefault(path.value.rstrip("/"), []).append(position)
        else:
            self.any.append(position)

    def candidates(self, path: str) -> list[int]:
        found = list(self.any)
        hit = self.exact.get(path)
        if hit is not None:
            found += hit
        if self.prefix:
            probe = path.rstrip("/")
            while True:
                hit = self.prefix.get(probe)
                if hit is not None:
                    found += hit
                if not probe:
                    break
                probe = probe[: probe.rfind("/")] if "/" in probe else ""
        return sorted(found) if len(found) > 1 else found


class _ListenerIndex:
    """A listener's entries by hostname group (the route hostname that takes the host: an
    exact name, a wildcard by its suffix, or none), then by path. Groups are visited in
    precedence order: exact, longer wildcard, shorter wildcard, any host."""

    __slots__ = ("any", "exact", "lengths", "wildcard")

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.exact: dict[str, _PathBucket] = {}
        self.wildcard: dict[str, _PathBucket] = {}
        self.any = _PathBucket()
        for entry in entries:
            if not entry.hostnames:
                self.any.add(entry.position, entry.match.path)
            for name in entry.hostnames:
                table, key = (
                    (self.wildcard, name[2:]) if name.startswith("*.") else (self.exact, name)
                )
                bucket = table.get(key)
                if bucket is None:
                    bucket = table[key] = _PathBucket()
                bucket.add(entry.position, entry.match.path)
        self.lengths = sorted({len(s) for s in self.wildcard}, reverse=True)

    def groups(self, host: str) -> list[_PathBucket]:
        out = []
        exact = self.exact.get(host)
        if exact is not None:
            out.append(exact)
        size = len(host)
        for length in self.lengths:
            if length + 1 >= size:
                continue
            if host[size - length - 1] != ".":
                continue
            bucket = self.wildcard.get(host[size - length :])
            if bucket is not None:
                out.append(bucket)
        out.append(self.any)
        return out


@dataclass(slots=True)
class _Listeners:
    """The listeners of one Gateway on one port for one scheme, by hostname."""

    exact: dict[str, int] = field(default_factory=dict)
    #: (dots after the `*`, pattern, listener): most dots first
    wildcard: list[tuple[int, str, int]] = field(default_factory=list)
    anyhost: int | None = None
    shown: str = ""

    def pick(self, host: str) -> tuple[int, str] | None:
        found = self.exact.get(host)
        if found is not None:
            return found, "exact"
        for _, pattern, position in self.wildcard:
            if hostname_matches(pattern, host):
                return position, "wildcard"
        if self.anyhost is not None:
            return self.anyhost, "any"
        return None


# ------------------------------------------------------------------------------------------------
# The model


class GatewayModel(Controller):
    """Gateways and HTTPRoutes routed as Gateway API v1.6 specifies (standard channel).

    `gateways` holds what was built (listeners and the routes attached to them) and
    `route_statuses` each HTTPRoute's acceptance per parentRef and its resolved references, as
    a Gateway controller reports them. Ingresses are left to the Ingress models: `decisions`
    lists each as not managed here.
    """

    name: ClassVar[str] = "gateway"
    label: ClassVar[str] = "Gateway API"

    def __init__(
        self,
        manifests: Manifests,
        *,
        options: Options | None = None,
        services: ServiceCatalogue | None = None,
    ) -> None:
        manifests, options, self.services = prepare(manifests, options, services)
        self.decisions: tuple[ClassDecision, ...] = tuple(
            ClassDecision(
                i.ref, False, "an Ingress: the Gateway API model reads Gateways and HTTPRoutes"
            )
            for i in manifests.ingresses
        )
        self._ingresses = len(manifests.ingresses)
        built = build_gateways(manifests, self.services)
        self.gateways: tuple[BuiltGateway, ...] = built.gateways
        self.route_statuses: tuple[RouteStatus, ...] = built.statuses
        self._positions = {g.gateway.ref: i for i, g in enumerate(self.gateways)}
        with paused_gc():
            self._choices = [self._listener_tables(g) for g in self.gateways]
            self._indexes = [
                [_ListenerIndex(bl.entries) for bl in g.listeners] for g in self.gateways
            ]

    @staticmethod
    def _listener_tables(gateway: BuiltGateway) -> dict[tuple[int, str], _Listeners]:
        tables: dict[tuple[int, str], _Listeners] = {}
        for position, bl in enumerate(gateway.listeners):
            if bl.scheme is None:
                continue
            table = tables.setdefault((bl.listener.port, bl.scheme), _Listeners())
            name = bl.listener.hostname
            if name is None:
                table.anyhost = position
            elif name.startswith("*."):
                table.wildcard.append((name.count("."), name, position))
            else:
                table.exact[name] = position
        for (_, _), table in tables.items():
            table.wildcard.sort(key=lambda w: (-w[0], -len(w[1])))
            names = [*table.exact, *(w[1] for w in table.wildcard)]
            if table.anyhost is not None:
                names.append("(any)")
            table.shown = ", ".join(names)
        return tables

    # -- resolving ------------------------------------------------------------------------------

    def resolve(
        self, request: Request, *, explain: bool = False, gateway: str | None = None
    ) -> list[Resolution]:
        """One answer per Gateway with a listener on the request's port (`gateway`, a
        `namespace/name`, asks one Gateway only)."""
        if not self.gateways:
            message = "the input holds no Gateway"
            if self._ingresses:
                message += " (its Ingresses are the Ingress models' to route: spec, alb, nginx)"
            return [Resolution(self.name, request, Outcome.IGNORED, message=message)]
        positions = range(len(self.gateways))
        if gateway is not None:
            found = self._positions.get(gateway)
            if found is None:
                known = ", ".join(self._positions)
                raise ValueError(f"no Gateway {gateway!r} in the input: choose from {known}")
            positions = range(found, found + 1)
        port = request.port or (443 if request.scheme == "https" else 80)
        reached = [i for i in positions if port in self.gateways[i].ports]
        if not reached:
            ports = "; ".join(
                f"{g.gateway.ref}: {', '.join(map(str, sorted(g.ports)))}"
                for g in (self.gateways[i] for i in positions)
            )
            message = f"no Gateway has a listener on port {port} (listener ports: {ports})"
            trail = (Step(f"port {port}", "no match", message),) if explain else ()
            return [
                Resolution(self.name, request, Outcome.NO_LISTENER, message=message, explain=trail)
            ]
        host = normalize_host(request.host)
        return [self._resolve_one(i, request, port, host, explain) for i in reached]

    def _resolve_one(
        self, index: int, request: Request, port: int, host: str, explain: bool
    ) -> Resolution:
        built = self.gateways[index]
        ref = built.gateway.ref
        trail: list[Step] = []
        if explain:
            trail.append(Step(f"Gateway {ref}", "note", built.class_note))
            for refused in built.refused:
                trail.append(
                    Step(
                        f"HTTPRoute {refused.route}",
                        "skipped",
                        f"Accepted=False, {refused.reason}: {refused.message}",
                    )
                )

        def answer(outcome: Outcome, **kw: Any) -> Resolution:
            return Resolution(
                self.name,
                request,
                outcome,
                load_balancer=ref,
                explain=tuple(trail) if explain else (),
                **kw,
            )

        listeners = self._choices[index].get((port, request.scheme))
        if listeners is None:
            protocols = sorted(
                {bl.listener.protocol for bl in built.listeners if bl.listener.port == port}
            )
            message = (
                f"Gateway {ref} has no listener for {request.scheme} on port {port} (protocols "
                f"there: {', '.join(protocols)})"
            )
            trail.append(Step(f"port {port}", "no match", message))
            return answer(Outcome.NO_LISTENER, message=message)
        picked = listeners.pick(host)
        if picked is None:
            message = (
                f"no listener of Gateway {ref} on port {port} takes host {host!r} (listener "
                f"hostnames: {listeners.shown}): Gateway API answers 404"
            )
            trail.append(Step(f"host {host}", "no match", message))
            return answer(Outcome.NOT_FOUND, status=404, message=message)
        position, how = picked
        bl = built.listeners[position]
        name = bl.listener.name
        if explain:
            why = {
                "exact": f"its hostname is exactly {host!r}",
                "wildcard": f"its wildcard {bl.listener.hostname} is the most specific to take "
                f"{host!r} (no exact hostname does)",
                "any": f"it has no hostname and no listener hostname takes {host!r}",
            }[how]
            trail.append(
                Step(
                    f"listener {bl.describe()}",
                    "match",
                    f"port {port} from the {'URL' if request.port else 'scheme'}; {why} "
                    f"(exact before wildcard before none: GatewaySpec.Listeners); {_ISOLATION}; "
                    f"the Host is compared without its port",
                )
            )
            trail.append(Step("(services)", "note", self.services.note))
            trail.append(Step("(precedence)", "note", _PRECEDENCE))
            entry = self._walk(bl, request, host, trail)
        else:
            entry = self._lookup(bl, self._indexes[index][position], request, host)
        if entry is None:
            message = (
                f"no rule of the {len(bl.routes)} HTTPRoute(s) attached to listener {name} of "
                f"Gateway {ref} matches: Gateway API answers 404"
            )
            if explain:
                trail.append(Step("(rules)", "no match", message))
            return answer(Outcome.NOT_FOUND, status=404, message=message, listener=name)
        return self._answer(built, bl, entry, request, host, trail, explain)

    @staticmethod
    def _lookup(
        bl: BuiltListener, index: _ListenerIndex, request: Request, host: str
    ) -> Entry | None:
        entries = bl.entries
        for group in index.groups(host):
            for position in group.candidates(request.path):
                entry = entries[position]
                if _entry_holds(entry, request):
                    return entry
        return None

    @staticmethod
    def _walk(bl: BuiltListener, request: Request, host: str, trail: list[Step]) -> Entry | None:
        keyed = []
        for entry in bl.entries:
            key = _host_key(entry.hostnames, host)
            if key is not None:
                keyed.append(((-key[0], -key[1], entry.rank), entry))
        keyed.sort(key=lambda pair: pair[0])
        skipped = len(bl.entries) - len(keyed)
        if skipped:
            trail.append(
                Step(
                    "(hostnames)",
                    "note",
                    f"{skipped} match(es) of the attached routes are for other hostnames",
                )
            )
        for step, (_, entry) in enumerate(keyed, start=1):
            holds, reason = _entry_reason(entry, request)
            trail.append(Step(entry.describe(), "match" if holds else "no match", reason, step))
            if holds:
                return entry
        return None

    # -- the answer -----------------------------------------------------------------------------

    def _answer(
        self,
        built: BuiltGateway,
        bl: BuiltListener,
        entry: Entry,
        request: Request,
        host: str,
        trail: list[Step],
        explain: bool,
    ) -> Resolution:
        rule = entry.rule
        matched = Match(
            entry.route.ref,
            _matched_hostname(entry.hostnames, host),
            entry.match.path.value,
            entry.match.path.type,
            route=entry.route.ref,
            rule=rule.index,
            match=entry.match.index,
        )
        notes = self._notes(entry, request)

        def answer(outcome: Outcome, **kw: Any) -> Resolution:
            return Resolution(
                self.name,
                request,
                outcome,
                matched=matched,
                load_balancer=built.gateway.ref,
                listener=bl.listener.name,
                explain=tuple(trail) if explain else (),
                **kw,
            )

        redirect = next((f.redirect for f in rule.filters if f.redirect is not None), None)
        if redirect is not None:
            location = _location(redirect, entry, request, bl.listener.port)
            if explain:
                trail.append(
                    Step(
                        "(RequestRedirect)",
                        "note",
                        f"{redirect.status_code} to {location} (no port: the scheme's "
                        "well-known port when a scheme is given, else the listener's; "
                        "left out for http:80 and https:443)",
                    )
                )
            return answer(
                Outcome.REDIRECT,
                status=redirect.status_code,
                location=location,
                message="; ".join(notes) or None,
            )
        rewrite = next((f.rewrite for f in rule.filters if f.rewrite is not None), None)
        upstream = None
        if rewrite is not None:
            if rewrite.path is not None:
                path = _modified_path(rewrite.path, entry, request)
                upstream = path + (f"?{request.query}" if request.query else "")
            if rewrite.hostname is not None:
                notes.append(f"URLRewrite: the backend receives Host {rewrite.hostname}")
            if explain and upstream is not None:
                trail.append(Step("(URLRewrite)", "note", f"the backend receives {upstream}"))
        if explain:
            for item in rule.filters:
                if item.type in ("RequestHeaderModifier", "ResponseHeaderModifier", "CORS"):
                    trail.append(
                        Step(f"({item.type})", "note", "applied; it does not change the route")
                    )
                elif item.type == "RequestMirror":
                    trail.append(
                        Step(
                            "(RequestMirror)",
                            "note",
                            "a copy of the request goes to the mirror; the answer is the backend's",
                        )
                    )
        refs = entry.checks
        if not refs:
            message = (
                f"rule {rule.index} of HTTPRoute {entry.route.ref} has no backendRefs: Gateway "
                "API answers 500 (HTTPRouteRule.BackendRefs)"
            )
            trail.append(Step("(backendRefs)", "no match", message))
            return answer(Outcome.INVALID_BACKEND, status=500, message=_join(message, notes))
        total = sum(c.ref.weight for c in refs)
        if total == 0:
            message = (
                "every backendRef has weight 0, so none receives traffic; the spec names no "
                "status for this: this model answers 500, as for a rule without backends"
            )
            trail.append(Step("(backendRefs)", "no match", message))
            return answer(Outcome.INVALID_BACKEND, status=500, message=_join(message, notes))
        chosen = max(refs, key=lambda c: c.ref.weight)  # the first of the heaviest
        if len(refs) > 1:
            notes.append(_split(refs, total))
        if any(c.ref.filters for c in refs):
            notes.append(
                "backendRef filters have implementation-specific support: not applied here"
            )
        if chosen.reason is not None:
            message = (
                f"{chosen.message} (ResolvedRefs=False, {chosen.reason}): Gateway API answers 500"
            )
            trail.append(Step(chosen.ref.describe(), "no match", message))
            return answer(
                Outcome.INVALID_BACKEND,
                status=500,
                backend=chosen.ref.backend,
                message=_join(message, notes),
            )
        backend = chosen.ref.backend
        assert backend is not None  # a valid reference is a Service port
        state = self.services.lookup(backend)
        if state.problem == "no-endpoints":
            message = (
                f"{state.reason}: Gateway API says an implementation SHOULD answer 503 "
                "(HTTPRouteRule.BackendRefs)"
            )
            trail.append(Step(str(backend), "no match", message))
            return answer(
                Outcome.SERVICE_UNAVAILABLE,
                status=503,
                backend=backend,
                message=_join(message, notes),
            )
        if explain:
            trail.append(Step(str(backend), "match", state.reason))
        return answer(
            Outcome.ROUTE,
            backend=backend,
            upstream_path=upstream,
            message="; ".join(notes) or None,
        )

    @staticmethod
    def _notes(entry: Entry, request: Request) -> list[str]:
        """What the answer rests on that the spec leaves to implementations."""
        notes = []
        if entry.match.path.type == "RegularExpression":
            notes.append(_REGEX_PATH)
        if any(h.type == "RegularExpression" for h in entry.headers):
            notes.append(_REGEX_VALUE.format(what="header"))
        if any(q.type == "RegularExpression" for q in entry.query):
            notes.append(_REGEX_VALUE.format(what="query parameter"))
        for header in entry.headers:
            if request.header_count(header.name) > 1:
                notes.append(
                    f"the request repeats header {header.name}: how a repeated header is "
                    "matched is implementation-specific; its values are read here joined by "
                    "', ' (RFC 9110 section 5.3)"
                )
        if entry.query:
            names = [k for k, _ in request.query_params]
            for param in entry.query:
                if names.count(param.name) > 1:
                    notes.append(
                        f"query parameter {param.name} repeats: its first value is matched, as "
                        "the spec recommends (the behaviour is left undefined)"
                    )
        for item in entry.rule.filters:
            if item.type == "ExtensionRef":
                notes.append(
                    f"the rule has an ExtensionRef filter ({item.extension}), which is "
                    "implementation-specific and not applied here; an implementation that "
                    "cannot resolve it answers with an error instead"
                )
        return notes


def _join(message: str, notes: Sequence[str]) -> str:
    return "; ".join((message, *notes))


def _split(checks: Sequence[BackendCheck], total: int) -> str:
    parts = []
    for check in checks:
        weight = check.ref.weight
        share = "no traffic" if weight == 0 else _percent(weight, total)
        invalid = f", invalid: {check.reason}, answered 500" if check.reason else ""
        parts.append(f"{check.ref.describe()} weight {weight} ({share}{invalid})")
    return "weighted backendRefs: " + ", ".join(parts) + "; the answer names the heaviest"
