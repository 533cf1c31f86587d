"""Gateway API, part one: what a conformant implementation builds from Gateways and HTTPRoutes.

Sources: kubernetes-sigs/gateway-api v1.6.1 (commit 8bb74df00e56), `apis/v1/gateway_types.go`
(Listener, AllowedRoutes, RouteNamespaces, RouteGroupKind), `apis/v1/httproute_types.go`
(HTTPRouteSpec.Hostnames, HTTPRouteRule, HTTPBackendRef), `apis/v1/shared_types.go`
(ParentReference, BackendRef, RouteConditionReason), `apis/v1/referencegrant_types.go`, and the
conformance tests named in tests/test_gateway_model.py.

* **Attachment.** Each `parentRefs` entry names a Gateway; `sectionName` and `port` narrow it
  to the listeners with that name and port (none left: `Accepted=False`, `NoMatchingParent`).
  A listener takes the route when its `allowedRoutes.kinds` name HTTPRoute (when empty: when
  its protocol is HTTP or HTTPS) and its `allowedRoutes.namespaces` allow the route's namespace
  (`Same`, the default; `All`; `Selector`, by the Namespace's labels); none: `Accepted=False`,
  `NotAllowedByListeners`. Then hostnames: a listener hostname and the route's hostnames must
  intersect (none left on any listener: `NoMatchingListenerHostname`); the intersection keeps
  the more specific side (listener `*.example.com`, route `*.foo.example.com`: the route's;
  listener `foo.example.com`, route `*.example.com`: the listener's), a route without hostnames
  takes the listener's, and a listener without a hostname takes the route's.
* **Backends** (`ResolvedRefs`): a backendRef must be a core Service (else `InvalidKind`), in
  the route's namespace or allowed by a ReferenceGrant in the Service's namespace (else
  `RefNotPermitted`), and exist with that port (else `BackendNotFound`; the spec names no reason
  for a missing port, this model uses this one). Invalid references are answered 500 by route.py.
* **Precedence** (`rank`): across all rules of the routes attached to a listener, an `Exact`
  path match first, then the longest `PathPrefix`, then a method match, the most header
  matches, the most query parameter matches, then the oldest route (creationTimestamp), the
  route first by `{namespace}/{name}`, the first rule, the first match (HTTPRouteRule.Matches).
  Route hostnames come before all of these (HTTPRouteSpec.Hostnames: the most characters in a
  matching non-wildcard hostname, then in a matching hostname): route.py adds that part per
  request. RegularExpression paths have implementation-specific precedence; this model ranks
  them below every Exact and PathPrefix match, longer patterns first, as the AWS Load Balancer
  Controller does (pkg/gateway/routeutils/route_rule_precedence.go) and says so in answers.

This module knows nothing about requests; route.py routes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..._k8s.gateway_api import GROUP
from ..._k8s.gateway_model import (
    BackendRef,
    Gateway,
    GatewayListener,
    HTTPRoute,
    ParentRef,
    RouteMatch,
    RouteRule,
    ValueMatch,
)
from ..._k8s.manifests import Manifests
from ..._services import ServiceCatalogue

__all__ = [
    "Attachment",
    "BackendCheck",
    "Built",
    "BuiltGateway",
    "BuiltListener",
    "Entry",
    "RouteStatus",
    "build_gateways",
    "hostname_matches",
    "intersect_hostnames",
]

#: The listener protocols HTTPRoutes attach to, and the request scheme each serves.
HTTP_PROTOCOLS: Mapping[str, str] = {"HTTP": "http", "HTTPS": "https"}
_PATH_KIND = {"Exact": 3, "PathPrefix": 2, "RegularExpression": 1}


@dataclass(frozen=True, slots=True)
class Attachment:
    """One parentRef of one HTTPRoute, resolved as a Gateway controller writes it into the
    route's status: `reason` is the `Accepted` condition's (Accepted, NoMatchingParent,
    NotAllowedByListeners, NoMatchingListenerHostname), or None when no modelled Gateway
    answers for the reference (it names no Gateway of the input, or another kind of parent)."""

    route: str
    parent: ParentRef
    gateway: str | None
    accepted: bool
    reason: str | None
    message: str
    listeners: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BackendCheck:
    """One backendRef of a rule: `reason` None when it resolves, else the `ResolvedRefs`
    condition's reason (InvalidKind, RefNotPermitted, BackendNotFound)."""

    ref: BackendRef
    reason: str | None
    message: str


@dataclass(frozen=True, slots=True)
class RouteStatus:
    """What a Gateway controller reports for one HTTPRoute: each parentRef's acceptance, and
    each rule's backend references."""

    route: str
    parents: tuple[Attachment, ...]
    backends: tuple[tuple[BackendCheck, ...], ...]

    @property
    def resolved_refs(self) -> bool:
        return all(c.reason is None for checks in self.backends for c in checks)

    @property
    def resolved_refs_reason(self) -> str:
        """`ResolvedRefs`, or the first failing reference's reason."""
        for checks in self.backends:
            for check in checks:
                if check.reason is not None:
                    return check.reason
        return "ResolvedRefs"


@dataclass(frozen=True, slots=True)
class Entry:
    """One HTTPRouteMatch of one rule of one route, as attached to one listener. `hostnames` are
    the route's hostnames intersected with the listener's (empty: any host); `rank` is its
    precedence without the hostname part (smaller first); `position` its place in that order."""

    route: HTTPRoute
    rule: RouteRule
    match: RouteMatch
    hostnames: tuple[str, ...]
    rank: tuple[Any, ...]
    checks: tuple[BackendCheck, ...]
    position: int
    #: the header matches that count: the first of each name, compared case-insensitively
    headers: tuple[ValueMatch, ...]
    #: the query parameter matches that count: the first of each name
    query: tuple[ValueMatch, ...]

    def describe(self) -> str:
        match = self.match
        parts = [f"{self.route.ref} rule {self.rule.index}"]
        if len(self.rule.matches) > 1:
            parts.append(f"match {match.index}")
        parts.append(f"{','.join(self.hostnames) or '*'} {match.path.type} {match.path.value}")
        if match.method:
            parts.append(match.method)
        parts += [f"header {h.name}{_OPERATOR[h.type]}{h.value}" for h in self.headers]
        parts += [f"query {q.name}{_OPERATOR[q.type]}{q.value}" for q in self.query]
        return " ".join(parts)


_OPERATOR = {"Exact": "=", "RegularExpression": "~"}


@dataclass(slots=True)
class BuiltListener:
    """A listener and the entries of the routes attached to it, in precedence order."""

    gateway: Gateway
    listener: GatewayListener
    #: the request scheme it serves (None: a protocol HTTPRoutes do not attach to)
    scheme: str | None
    entries: list[Entry] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{self.listener.name} ({self.listener.protocol}:{self.listener.port}, "
            f"{self.listener.hostname or 'any host'})"
        )


@dataclass(slots=True)
class BuiltGateway:
    gateway: Gateway
    #: what the input says about its GatewayClass
    class_note: str
    listeners: tuple[BuiltListener, ...]
    #: routes that name this Gateway but are not accepted by it, with why
    refused: tuple[Attachment, ...]

    @property
    def ports(self) -> frozenset[int]:
        return frozenset(bl.listener.port for bl in self.listeners)


@dataclass(frozen=True, slots=True)
class Built:
    gateways: tuple[BuiltGateway, ...]
    statuses: tuple[RouteStatus, ...]


def hostname_matches(pattern: str, host: str) -> bool:
    """Whether a hostname (`foo.example.com`, or `*.example.com`: any host ending in
    `.example.com`, any number of labels before it, never `example.com`) takes `host`, which is
    lower-case and has no port (HTTPRouteSpec.Hostnames, Listener.Hostname)."""
    if pattern.startswith("*."):
        suffix = pattern[1:]
        return host.endswith(suffix) and len(host) > len(suffix)
    return host == pattern


def _intersection(a: str, b: str) -> str | None:
    """The hostnames two hostnames both take, as one hostname (the more specific), or None."""
    if a == b:
        return a
    if a.startswith("*.") and hostname_matches(a, b.removeprefix("*")):
        return b
    if b.startswith("*.") and hostname_matches(b, a.removeprefix("*")):
        return a
    return None


def intersect_hostnames(listener: str | None, route: Sequence[str]) -> tuple[str, ...] | None:
    """A route's hostnames on a listener: empty for any host, None when they do not intersect."""
    if not route:
        return (listener,) if listener else ()
    if listener is None:
        return tuple(dict.fromkeys(route))
    found = [x for x in (_intersection(listener, h) for h in route) if x is not None]
    return tuple(dict.fromkeys(found)) or None


def _created(route: HTTPRoute) -> tuple[int, float]:
    """Older first; a route without creationTimestamp (not applied yet) after those with one."""
    if not route.creation_timestamp:
        return (1, 0.0)
    try:
        stamp = datetime.fromisoformat(route.creation_timestamp.replace("Z", "+00:00"))
    except ValueError:
        return (1, 0.0)
    return (0, stamp.timestamp())


def effective_headers(match: RouteMatch) -> tuple[ValueMatch, ...]:
    """The header matches that count: only the first of equivalent (case-insensitive) names
    (HTTPHeaderMatch.Name)."""
    seen: set[str] = set()
    out = []
    for header in match.headers:
        key = header.name.lower()
        if key not in seen:
            seen.add(key)
            out.append(header)
    return tuple(out)


def effective_query(match: RouteMatch) -> tuple[ValueMatch, ...]:
    """The query parameter matches that count: only the first of each (exact) name."""
    seen: set[str] = set()
    out = []
    for param in match.query:
        if param.name not in seen:
            seen.add(param.name)
            out.append(param)
    return tuple(out)


def rank(route: HTTPRoute, rule: RouteRule, match: RouteMatch) -> tuple[Any, ...]:
    """The precedence of a match, hostnames aside (see the module docstring): smaller first."""
    path = match.path
    return (
        -_PATH_KIND.get(path.type, 0),
        -len(path.value),
        0 if match.method else 1,
        -len(effective_headers(match)),
        -len(effective_query(match)),
        _created(route),
        f"{route.namespace}/{route.name}",
        rule.index,
        match.index,
    )


def _selector_matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """metav1.LabelSelector: every matchLabels pair and every expression; empty selects all."""
    if not selector:
        return True
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key = expression.get("key")
        operator = expression.get("operator")
        values = set(expression.get("values") or [])
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
        if operator not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return False
    return True


class _Builder:
    def __init__(self, manifests: Manifests, services: ServiceCatalogue) -> None:
        self.manifests = manifests
        self.services = services
        self.gateways = {g.ref: g for g in manifests.gateways}
        self.classes = {c.name: c for c in manifests.gateway_classes}
        self.labels = {n.name: n.labels for n in manifests.namespaces}
        self.grants: dict[str, list[Any]] = {}
        for grant in manifests.reference_grants:
            self.grants.setdefault(grant.namespace, []).append(grant)

    def namespace_labels(self, namespace: str) -> Mapping[str, str]:
        """A Namespace's labels; one the input lacks has only the label the API server puts
        on every Namespace, `kubernetes.io/metadata.name`."""
        found = self.labels.get(namespace)
        return found if found is not None else {"kubernetes.io/metadata.name": namespace}

    def allowed(self, gateway: Gateway, listener: GatewayListener, route: HTTPRoute) -> str | None:
        """Why `listener` does not take `route` (None: it does)."""
        if listener.protocol not in HTTP_PROTOCOLS:
            return f"listener {listener.name} has protocol {listener.protocol}, not HTTP or HTTPS"
        if listener.kinds and not any(
            k.group == GROUP and k.kind == "HTTPRoute" for k in listener.kinds
        ):
            kinds = ", ".join(k.kind for k in listener.kinds)
            return f"listener {listener.name} allows route kinds {kinds}, not HTTPRoute"
        source = listener.namespaces
        if source == "Same" and route.namespace != gateway.namespace:
            return (
                f"listener {listener.name} takes routes from namespace {gateway.namespace} only "
                "(allowedRoutes.namespaces.from: Same, the default)"
            )
        if source == "Selector":
            labels = self.namespace_labels(route.namespace)
            if not _selector_matches(listener.selector, labels):
                known = (
                    ""
                    if route.namespace in self.labels
                    else " (the Namespace is not in the input: it is taken to carry only the "
                    "kubernetes.io/metadata.name label)"
                )
                return (
                    f"listener {listener.name}'s namespace selector does not select namespace "
                    f"{route.namespace}{known}"
                )
        return None

    def attach(
        self, route: HTTPRoute, parent: ParentRef
    ) -> tuple[Attachment, list[tuple[GatewayListener, tuple[str, ...]]]]:
        if parent.group != GROUP or parent.kind != "Gateway":
            return (
                Attachment(
                    route.ref,
                    parent,
                    None,
                    False,
                    None,
                    f"parentRef {parent.index} names a {parent.kind} ({parent.group or 'core'}): "
                    "only Gateways are modelled",
                ),
                [],
            )
        gateway = self.gateways.get(f"{parent.namespace}/{parent.name}")
        if gateway is None:
            return (
                Attachment(
                    route.ref,
                    parent,
                    None,
                    False,
                    None,
                    f"parentRef {parent.index} names Gateway {parent.namespace}/{parent.name}, "
                    "which the input does not hold",
                ),
                [],
            )
        candidates = [
            ls
            for ls in gateway.listeners
            if (parent.section_name is None or ls.name == parent.section_name)
            and (parent.port is None or ls.port == parent.port)
        ]

        def refused(reason: str, message: str) -> Attachment:
            return Attachment(route.ref, parent, gateway.ref, False, reason, message)

        if not candidates:
            wanted = " and ".join(
                x
                for x in (
                    f"named {parent.section_name}" if parent.section_name else "",
                    f"on port {parent.port}" if parent.port is not None else "",
                )
                if x
            )
            return (
                refused(
                    "NoMatchingParent",
                    f"Gateway {gateway.ref} has no listener {wanted} (parentRef {parent.index})",
                ),
                [],
            )
        reasons = [self.allowed(gateway, ls, route) for ls in candidates]
        allowed = [ls for ls, why in zip(candidates, reasons, strict=True) if why is None]
        if not allowed:
            return refused("NotAllowedByListeners", "; ".join(r for r in reasons if r)), []
        attached = []
        for listener in allowed:
            hostnames = intersect_hostnames(listener.hostname, route.hostnames)
            if hostnames is not None:
                attached.append((listener, hostnames))
        if not attached:
            shown = ", ".join(ls.hostname or "(any)" for ls in allowed)
            return (
                refused(
                    "NoMatchingListenerHostname",
                    f"no hostname of the route ({', '.join(route.hostnames)}) intersects the "
                    f"listener hostname(s) {shown} of Gateway {gateway.ref}",
                ),
                [],
            )
        names = tuple(ls.name for ls, _ in attached)
        return (
            Attachment(
                route.ref,
                parent,
                gateway.ref,
                True,
                "Accepted",
                f"attached to listener(s) {', '.join(names)} of Gateway {gateway.ref}",
                names,
            ),
            attached,
        )

    def check_backend(self, route: HTTPRoute, ref: BackendRef) -> BackendCheck:
        if not ref.is_service:
            return BackendCheck(
                ref,
                "InvalidKind",
                f"backendRef {ref.describe()}: kind {ref.kind} in group {ref.group or 'core'} "
                "is not a Service; this model resolves Service backends only (Core support)",
            )
        if ref.namespace != route.namespace:
            grants = self.grants.get(ref.namespace, [])
            if not any(
                g.permits(GROUP, "HTTPRoute", route.namespace, ("", "Service", ref.name))
                for g in grants
            ):
                return BackendCheck(
                    ref,
                    "RefNotPermitted",
                    f"backendRef {ref.describe()} is in namespace {ref.namespace}, and no "
                    f"ReferenceGrant there lets HTTPRoutes of namespace {route.namespace} refer "
                    f"to Service {ref.name}",
                )
        backend = ref.backend
        assert backend is not None  # a Service reference has a port (a CEL rule requires it)
        state = self.services.lookup(backend)
        if state.problem in ("no-service", "no-port"):
            return BackendCheck(
                ref, "BackendNotFound", f"backendRef {ref.describe()}: {state.reason}"
            )
        return BackendCheck(ref, None, state.reason)

    def class_note(self, gateway: Gateway) -> str:
        found = self.classes.get(gateway.class_name)
        if found is None:
            return (
                f"GatewayClass {gateway.class_name} is not in the input: taken to exist; the "
                "Gateway is routed as the Gateway API specification says"
            )
        return (
            f"GatewayClass {found.name} (controllerName {found.controller}); the Gateway is "
            "routed as the Gateway API specification says"
        )

    def build(self) -> Built:
        built = {
            ref: [BuiltListener(g, ls, HTTP_PROTOCOLS.get(ls.protocol)) for ls in g.listeners]
            for ref, g in self.gateways.items()
        }
        refused: dict[str, list[Attachment]] = {ref: [] for ref in self.gateways}
        statuses = []
        for route in self.manifests.http_routes:
            checks = tuple(
                tuple(self.check_backend(route, ref) for ref in rule.backend_refs)
                for rule in route.rules
            )
            parents = []
            seen: set[tuple[str, str]] = set()
            for parent in route.parent_refs:
                attachment, attached = self.attach(route, parent)
                parents.append(attachment)
                if attachment.gateway is None:
                    continue
                if not attachment.accepted:
                    refused[attachment.gateway].append(attachment)
                    continue
                for listener, hostnames in attached:
                    key = (attachment.gateway, listener.name)
                    if key in seen:
                        continue  # two parentRefs selecting one listener attach once
                    seen.add(key)
                    target = built[attachment.gateway][listener.index]
                    target.routes.append(route.ref)
                    for rule in route.rules:
                        for match in rule.matches:
                            target.entries.append(
                                Entry(
                                    route,
                                    rule,
                                    match,
                                    hostnames,
                                    rank(route, rule, match),
                                    checks[rule.index],
                                    0,
                                    effective_headers(match),
                                    effective_query(match),
                                )
                            )
            statuses.append(RouteStatus(route.ref, tuple(parents), checks))
        gateways = []
        for ref, listeners in built.items():
            for bl in listeners:
                bl.entries.sort(key=lambda e: e.rank)
                bl.entries = [_placed(e, i) for i, e in enumerate(bl.entries)]
            gateway = self.gateways[ref]
            gateways.append(
                BuiltGateway(
                    gateway, self.class_note(gateway), tuple(listeners), tuple(refused[ref])
                )
            )
        return Built(tuple(gateways), tuple(statuses))


def _placed(entry: Entry, position: int) -> Entry:
    return Entry(
        entry.route,
        entry.rule,
        entry.match,
        entry.hostnames,
        entry.rank,
        entry.checks,
        position,
        entry.headers,
        entry.query,
    )


def build_gateways(manifests: Manifests, services: ServiceCatalogue) -> Built:
    """Every Gateway of the input with the routes attached to each listener, and every
    HTTPRoute's status."""
    return _Builder(manifests, services).build()
