"""The ALB as a Gateway, part one: what the AWS Load Balancer Controller builds from Gateways.

Sources: kubernetes-sigs/aws-load-balancer-controller **v3.5.0** (L7 Gateway, GatewayClass
`controllerName: gateway.k8s.aws/alb`, `pkg/gateway/constants/controller_constants.go`):

* listeners: `pkg/gateway/model/model_build_listener.go` (one ALB listener per port that has
  routes, `mapGatewayListenerConfigsByPort`: one protocol per port; certificates from ACM,
  discovered by hostname unless a LoadBalancerConfiguration names one; default action a fixed
  404, a rule without a usable backend a fixed 500);
* attachment and hostnames: the Gateway API model's (`build.py`: parentRefs, allowedRoutes,
  listener and route hostnames, backend references and ReferenceGrants), then the controller's
  own list of hostnames per route and port (`pkg/gateway/routeutils/route_listener_mapper.go`,
  `listener_attachment_helper.go` `hostnameCheck`: a listener without hostname adds none, and a
  route with no hostname left keeps its own);
* rule order: `pkg/gateway/routeutils/route_rule_precedence.go` (each hostname its own rule;
  hostname (none last, exact before wildcard, more dots, longer), then path type Exact >
  PathPrefix > RegularExpression, path length, a method, header count, query parameter count,
  creation time, namespace/name, rule index, match index);
* conditions: `route_rule_condition.go` (PathPrefix `/p` becomes the patterns `/p` and `/p/*`,
  `/` becomes `/*`, and a `*` or `?` in it is an error; Exact is sent as is, so ALB globbing
  applies; RegularExpression becomes `RegexValues`; an Exact header value is split at unescaped
  commas into OR'ed values; a query parameter is sent as `key=value` whatever its type);
* actions and transforms: `route_rule_action.go` (RequestRedirect only; other filter types
  but URLRewrite and ExtensionRef are an error; the status is sent as `HTTP_<code>`; a scheme
  without port takes the scheme's well-known port), `route_rule_transform.go` (URLRewrite, and a
  redirect's ReplacePrefixMatch, become an ALB `url-rewrite` with the regex `(^<prefix>(/)?)`);
  invalid backend references are dropped with a status (`backend.go` `accumulateRules`);
* target groups: `pkg/gateway/model/model_build_target_group.go` (instance targets unless a
  TargetGroupConfiguration says otherwise: `--default-target-type` defaults to instance, and an
  instance target needs a NodePort or LoadBalancer Service).

What ELBv2 refuses is `alb/elbv2.py`'s (values, per-rule quotas), plus a redirect status other
than HTTP_301/HTTP_302 and a redirect that changes none of protocol, host, port and path (ELBv2
API reference, RedirectActionConfig). Any error stops the Gateway's reconcile: the model holds
it in `AlbGateway.error`. Not read: LoadBalancerConfiguration, ListenerRuleConfiguration,
TargetGroupConfiguration (kinds the loader skips), ListenerSets, GRPCRoutes, L4 routes.

This module knows nothing about requests; `alb.py` routes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..._k8s.gateway_model import Gateway, HTTPRoute, RequestRedirect, RouteMatch, RouteRule
from ..._k8s.manifests import Manifests
from ..._services import ServiceCatalogue
from ..alb import elbv2
from ..alb.build import (
    Action,
    Condition,
    FixedResponseConfig,
    RedirectConfig,
    Rule,
    Transform,
)
from .build import BackendCheck, Built, BuiltGateway, BuiltListener, intersect_hostnames
from .build import _created as created_key  # the Gateway API model's reading of the timestamp

__all__ = [
    "ALB_GATEWAY_CONTROLLER",
    "AlbGateway",
    "AlbGatewayListener",
    "AlbGatewayRule",
    "build_alb_gateways",
    "header_values",
    "precedence",
]

#: `GatewayClass.spec.controllerName` of the LBC's L7 (ALB) Gateways.
ALB_GATEWAY_CONTROLLER = "gateway.k8s.aws/alb"

_PATH_TYPE = {"Exact": 3, "PathPrefix": 2, "RegularExpression": 1}
_UNSUPPORTED_FILTER = (
    "Unsupported filter type: {}. Only request redirect is supported. To specify header "
    "modification, please configure it through LoadBalancerConfiguration."
)


@dataclass(frozen=True, slots=True)
class AlbGatewayRule:
    """One ALB listener rule: one HTTPRouteMatch of one rule of one route, for one hostname
    (`hostname` "" for none: the rule has no host-header condition). `alb` is the rule as
    CreateRule sends it (conditions, actions, transforms, priority); `backends` the rule's
    backend references, valid or not (the controller forwards to the valid ones)."""

    alb: Rule
    route: HTTPRoute
    rule: RouteRule
    match: RouteMatch
    hostname: str
    backends: tuple[BackendCheck, ...]

    @property
    def priority(self) -> int:
        return self.alb.priority

    @property
    def redirect(self) -> RedirectConfig | None:
        action = self.alb.actions[0] if self.alb.actions else None
        return None if action is None else action.redirect_config

    def describe(self) -> str:
        match = self.match
        parts = [f"{self.route.ref} rule {self.rule.index}"]
        if len(self.rule.matches) > 1:
            parts.append(f"match {match.index}")
        parts.append(f"{self.hostname or '*'} {match.path.type} {match.path.value}")
        if match.method:
            parts.append(match.method)
        parts += [f"header {h.name}" for h in match.headers]
        parts += [f"query {q.name}" for q in match.query]
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class AlbGatewayListener:
    """The one ALB listener of a port: every Gateway listener on that port (`listeners`, their
    names) feeds its rules, in priority order."""

    port: int
    protocol: str
    listeners: tuple[str, ...]
    rules: tuple[AlbGatewayRule, ...]

    @property
    def scheme(self) -> str:
        return self.protocol.lower()


@dataclass(frozen=True, slots=True)
class AlbGateway:
    """The ALB the controller builds for one Gateway of its class, or the error that stops it
    (`error`; the rules built before it are kept for explanations)."""

    gateway: Gateway
    built: BuiltGateway
    listeners: tuple[AlbGatewayListener, ...]
    error: str | None
    notes: tuple[str, ...]

    @property
    def ref(self) -> str:
        return self.gateway.ref

    def listener(self, port: int) -> AlbGatewayListener | None:
        for listener in self.listeners:
            if listener.port == port:
                return listener
        return None


class _Stop(Exception):
    """The controller's reconcile error for this Gateway."""


def header_values(value: str) -> tuple[str, ...]:
    """An Exact header value as the controller sends it: split at each comma not escaped by a
    backslash, a backslash keeping the next character literally
    (`route_rule_condition.go` `generateValuesFromMatchHeaderValue`)."""
    values: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            current.append(value[i + 1])
            i += 2
            continue
        if ch == ",":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    values.append("".join(current))
    return tuple(values)


def _host_rank(hostname: str) -> tuple[int, int, int, int]:
    """`getHostnamePrecedenceOrder`: a hostname before none, exact before wildcard, then more
    dots, then more characters (smaller first)."""
    if not hostname:
        return (1, 0, 0, 0)
    return (0, 1 if hostname.startswith("*.") else 0, -hostname.count("."), -len(hostname))


def precedence(
    hostname: str, route: HTTPRoute, rule: RouteRule, match: RouteMatch, created: tuple[int, float]
) -> tuple[object, ...]:
    """`compareRulePrecedenceUnified` as a sort key (smaller first). Header and query parameter
    counts are the match's entries as written (the spec counts equivalent names once)."""
    return (
        _host_rank(hostname),
        -_PATH_TYPE.get(match.path.type, 0),
        -len(match.path.value),
        0 if match.method else 1,
        -len(match.headers),
        -len(match.query),
        created,
        f"{route.namespace}/{route.name}",
        rule.index,
        match.index,
        hostname,
    )


def _path_condition(match: RouteMatch) -> Condition:
    """`buildHttpPathCondition`."""
    path = match.path
    if path.type == "PathPrefix":
        if "*" in path.value or "?" in path.value:
            raise _Stop(f"prefix path shouldn't contain wildcards: {path.value}")
        if path.value == "/":
            return Condition("path-pattern", ("/*",))
        trimmed = path.value.removesuffix("/")
        return Condition("path-pattern", (trimmed, trimmed + "/*"))
    if path.type == "Exact":
        return Condition("path-pattern", (path.value,))
    return Condition("path-pattern", regex_values=(path.value,))


def _conditions(hostname: str, match: RouteMatch) -> tuple[Condition, ...]:
    """`BuildHttpRuleConditions`: host, path, headers, query parameters, method, ANDed."""
    conditions = []
    if hostname:
        conditions.append(Condition("host-header", (hostname,)))
    conditions.append(_path_condition(match))
    for header in match.headers:
        if header.type == "RegularExpression":
            conditions.append(
                Condition("http-header", regex_values=(header.value,), http_header_name=header.name)
            )
        else:
            conditions.append(
                Condition("http-header", header_values(header.value), http_header_name=header.name)
            )
    for param in match.query:
        conditions.append(Condition("query-string", (f"{param.name}={param.value}",)))
    if match.method:
        conditions.append(Condition("http-request-method", (match.method,)))
    return tuple(conditions)


def _prefix_rewrite(match: RouteMatch, replacement: str) -> tuple[str, str]:
    """`generatePrefixReplacementRegex`: the matched prefix and an optional `/` after it are
    replaced; an empty replacement keeps one `/`, one without a trailing `/` gets the `/` back."""
    if replacement == "":
        replacement = "/"
    elif not replacement.endswith("/"):
        replacement += "$2"
    return f"(^{match.path.value}(/)?)", replacement


def _transforms(rule: RouteRule, match: RouteMatch) -> tuple[Transform, ...]:
    """`buildHTTPRuleTransforms`."""
    out = []
    for item in rule.filters:
        rewrite = item.rewrite
        if rewrite is not None:
            if rewrite.path is not None:
                out.append(_path_transform(rewrite.path.type, rewrite.path.value, match))
            if rewrite.hostname is not None:
                out.append(Transform("host-header-rewrite", ((".*", rewrite.hostname),)))
        redirect = item.redirect
        if (
            redirect is not None
            and redirect.path is not None
            and redirect.path.type == "ReplacePrefixMatch"
        ):
            out.append(_path_transform(redirect.path.type, redirect.path.value, match))
    return tuple(out)


def _path_transform(kind: str, value: str, match: RouteMatch) -> Transform:
    if kind == "ReplaceFullPath":
        return Transform("url-rewrite", (("^([^?]*)", value),))
    return Transform("url-rewrite", (_prefix_rewrite(match, value),))


def _redirect(redirect: RequestRedirect) -> RedirectConfig:
    """`buildHttpRedirectAction`."""
    port = None if redirect.port is None else str(redirect.port)
    protocol = None
    if redirect.scheme is not None:
        protocol = redirect.scheme.upper()
        if protocol not in ("HTTP", "HTTPS"):
            raise _Stop(f"unsupported redirect scheme: {protocol}")
        if port is None:
            port = "80" if protocol == "HTTP" else "443"
    path = None
    if redirect.path is not None:
        value = redirect.path.value
        if "*" in value or "?" in value:
            raise _Stop(f"{redirect.path.type} shouldn't contain wildcards: {value}")
        if redirect.path.type == "ReplaceFullPath":
            path = value
    return RedirectConfig(
        f"HTTP_{redirect.status_code}", protocol=protocol, port=port, host=redirect.hostname,
        path=path,
    )  # fmt: skip


def _action(rule: RouteRule, checks: Sequence[BackendCheck]) -> Action:
    """`BuildRuleRoutingAction`: a redirect when the rule's filters hold one (after them, in
    order: an unsupported filter type before it is an error), else a forward to the valid
    backends when one has a weight, else a fixed 500."""
    for item in rule.filters:
        if item.redirect is not None:
            return Action("redirect", redirect_config=_redirect(item.redirect))
        if item.type in ("ExtensionRef", "URLRewrite"):
            continue
        raise _Stop(_UNSUPPORTED_FILTER.format(item.type))
    valid = [c for c in checks if c.reason is None]
    if any(c.ref.weight != 0 for c in valid):
        return Action("forward")
    return Action("fixed-response", fixed_response_config=FixedResponseConfig("500"))


def _redirect_error(config: RedirectConfig) -> str | None:
    """What ELBv2 refuses in a RedirectActionConfig (API reference: StatusCode HTTP_301 or
    HTTP_302; at least one of protocol, host, port and path must change)."""
    if config.status_code not in ("HTTP_301", "HTTP_302"):
        return (
            f"ValidationError: the redirect status {config.status_code} is not one of "
            "HTTP_301, HTTP_302 (RedirectActionConfig.StatusCode)"
        )
    if (
        config.protocol is None
        and config.host is None
        and config.port is None
        and (config.path is None)
    ):
        return (
            "InvalidLoadBalancerAction: The redirect configuration is not valid because it "
            "creates a loop."
        )
    return None


def _compatible(listener_hostname: str | None, route: HTTPRoute) -> list[str]:
    """`hostnameCheck`'s hostnames for one listener: the listener's when the route has none,
    none when the listener has none, else the more specific side of each overlapping pair."""
    if not route.hostnames:
        return [listener_hostname] if listener_hostname else []
    if listener_hostname is None:
        return []
    return list(intersect_hostnames(listener_hostname, route.hostnames) or ())


class _Builder:
    def __init__(
        self,
        manifests: Manifests,
        services: ServiceCatalogue,
        built: Built,
        rule_quota: int | None,
    ) -> None:
        self.routes = {r.ref: r for r in manifests.http_routes}
        self.statuses = {s.route: s for s in built.statuses}
        self.services = services
        self.rule_quota = rule_quota

    def build(self, built: BuiltGateway) -> AlbGateway:
        notes: list[str] = []
        listeners: list[AlbGatewayListener] = []
        try:
            by_port: dict[int, list[BuiltListener]] = {}
            for bl in built.listeners:
                if bl.scheme is not None:
                    by_port.setdefault(bl.listener.port, []).append(bl)
            for port in sorted(by_port):
                group = by_port[port]
                if not any(bl.routes for bl in group):
                    notes.append(
                        f"port {port}: no route is attached, so the controller creates no ALB "
                        "listener there"
                    )
                    continue
                listeners.append(self.listener(built.gateway, port, group, notes))
            self.deploy(built.gateway, listeners, notes)
        except _Stop as stop:
            return AlbGateway(built.gateway, built, tuple(listeners), str(stop), tuple(notes))
        return AlbGateway(built.gateway, built, tuple(listeners), None, tuple(notes))

    def listener(
        self, gateway: Gateway, port: int, group: Sequence[BuiltListener], notes: list[str]
    ) -> AlbGatewayListener:
        protocols = {bl.listener.protocol for bl in group}
        if len(protocols) > 1:
            raise _Stop(
                "invalid listeners on gateway, listeners with same ports cannot have different "
                "protocols"
            )
        (protocol,) = protocols
        hostnames: dict[str, set[str]] = {}
        order: list[str] = []
        for bl in group:
            for ref in bl.routes:
                if ref not in hostnames:
                    hostnames[ref] = set()
                    order.append(ref)
                hostnames[ref].update(_compatible(bl.listener.hostname, self.routes[ref]))
        if protocol == "HTTPS":
            certified = {bl.listener.hostname for bl in group if bl.listener.hostname}
            for ref in order:
                certified |= hostnames[ref] or set(self.routes[ref].hostnames)
            if not certified:
                raise _Stop(
                    f"No hostnames found for TLS cert discovery for listener on gateway "
                    f"{gateway.ref} with protocol:port HTTPS:{port}"
                )
            notes.append(
                f"port {port}: HTTPS with the certificates ACM holds for "
                f"{', '.join(sorted(certified))} (discovered by hostname; a "
                "LoadBalancerConfiguration can name them instead, "
                "and certificateRefs to Secrets are not read)"
            )
        units = []
        for ref in order:
            route = self.routes[ref]
            units_of = sorted(hostnames[ref]) or list(route.hostnames) or [""]
            created = created_key(route)
            for rule in route.rules:
                for match in rule.matches:
                    for name in units_of:
                        key = precedence(name, route, rule, match, created)
                        units.append((key, name, route, rule, match))
        units.sort(key=lambda unit: unit[0])
        rules = []
        for priority, (_, name, route, rule, match) in enumerate(units, start=1):
            checks = self.statuses[route.ref].backends[rule.index]
            conditions = _conditions(name, match)
            self.target_types(checks)
            action = _action(rule, checks)
            alb = Rule(
                priority,
                conditions,
                (action,),
                route.ref,
                name or None,
                match.path.value,
                match.path.type,
                f"spec.rules[{rule.index}].matches[{match.index}]",
                _transforms(rule, match),
            )
            rules.append(AlbGatewayRule(alb, route, rule, match, name, checks))
        return AlbGatewayListener(
            port, protocol, tuple(bl.listener.name for bl in group), tuple(rules)
        )

    def target_types(self, checks: Sequence[BackendCheck]) -> None:
        """Instance targets (`--default-target-type`'s default) need a nodePort: a ClusterIP
        Service of the input stops the build (`model_build_target_group.go`)."""
        for check in checks:
            backend = check.ref.backend
            if check.reason is not None or backend is None:
                continue
            service = self.services.lookup(backend).service
            if service is None or service.generated:
                continue
            if service.type not in ("NodePort", "LoadBalancer"):
                raise _Stop(
                    "TargetGroup port is empty. When using Instance targets, your service must "
                    f"be of type 'NodePort' or 'LoadBalancer' (Service {service.ref} is "
                    f"{service.type}; a TargetGroupConfiguration with targetType ip, which this "
                    "model does not read, avoids it)"
                )

    def deploy(
        self, gateway: Gateway, listeners: Sequence[AlbGatewayListener], notes: list[str]
    ) -> None:
        """What ELBv2 refuses when the controller creates the rules, in priority order."""
        for listener in listeners:
            for rule in listener.rules:
                redirect = rule.redirect
                error = elbv2.rule_error(rule.alb) or (
                    None if redirect is None else _redirect_error(redirect)
                )
                if error is not None:
                    notes.append(
                        f"rule {listener.port}:{rule.priority} ({rule.describe()}): the "
                        "controller sends it as built, CreateRule is refused and the reconcile "
                        "stops there"
                    )
                    raise _Stop(error)
        total = sum(len(listener.rules) for listener in listeners)
        if self.rule_quota is not None and total > self.rule_quota:
            raise _Stop(
                f"TooManyRules: {total} rules on the load balancer of Gateway {gateway.ref}; "
                f"the quota is {self.rule_quota} rules per load balancer (all listeners together)"
            )


def build_alb_gateways(
    manifests: Manifests,
    services: ServiceCatalogue,
    built: Built,
    *,
    rule_quota: int | None,
) -> tuple[AlbGateway, ...]:
    """The ALB of every Gateway whose GatewayClass names `gateway.k8s.aws/alb`, from what the
    Gateway API model built (`built`)."""
    classes = {c.name: c.controller for c in manifests.gateway_classes}
    builder = _Builder(manifests, services, built, rule_quota)
    return tuple(
        builder.build(bg)
        for bg in built.gateways
        if classes.get(bg.gateway.class_name) == ALB_GATEWAY_CONTROLLER
    )
