"""The ALB as a Gateway, part two: how the ALBs the AWS Load Balancer Controller builds from
Gateways (`alb_build.py`) route a request.

Sources: the ELBv2 user guide (`rule-condition-types.md`: host, path, HTTP header, method and
query string conditions) and API reference (`HttpHeaderConditionConfig`,
`QueryStringConditionConfig`, `RedirectActionConfig`); AWS Load Balancer Controller v3.5.0
(`conformance/conformance_test.go`, whose skipped tests say what the ALB does not do).

* **Which Gateway.** Only Gateways whose GatewayClass names `gateway.k8s.aws/alb` (the class
  must be in the input); others are ignored. One answer per such Gateway with an ALB listener on
  the request's port, as the Gateway API model (`route.py`) answers once per Gateway; the
  controller creates a listener only for ports that have routes.
* **No listener isolation.** Every Gateway listener on a port feeds one ALB listener: its rules,
  from every route attached there, are tried in priority order (`alb_build.py`), first match
  wins, whatever Gateway listener the Host would have picked (the Extended feature
  GatewayHTTPListenerIsolation is not supported).
* **Conditions** (all must hold, a condition's values are OR'ed): host-header against the Host
  without its port, case-insensitive, `*` and `?` wildcards (`alb_glob_matches`); path-pattern
  against the path, case-sensitive, a glob (so an Exact path holding `*` is a pattern), regex
  values searched anywhere in the path; http-header by name case-insensitively, each line of a
  repeated header tried in order, values case-insensitive globs; query-string on each
  `key=value` pair as sent, both case-insensitive globs; the method exactly.
* **The Host's port.** The controller passes HTTPRouteListenerPortMatching, which sends
  `foo.com:8080` to the 8080 listener of hostname `foo.com`: a port equal to the listener's is
  ignored. One that is not (the skipped HTTPRouteHostnameIntersection case,
  `very.specific.com:1234` sent to port 80, which its conformance setup says the ALB does not
  strip) cannot be asked here: a request's Host and connection share one port.
* **Actions.** A redirect's Location always carries the port (`#{port}` is the listener's);
  unset parts keep the request's, and a ReplacePrefixMatch path comes from the rule's url-rewrite
  transform. A forward goes to the valid backends only (invalid references are dropped, so their
  share goes to the others); none valid, or every weight 0: the rule's fixed 500; no rule: the
  listener's fixed 404. Instance targets without a ready pod: 502 (the nodes fail their health
  checks, the ALB fails open, kube-proxy refuses), as the ALB model answers. A url-rewrite
  transform gives `upstream_path` (`alb/route.py`'s reading of ELBv2 transforms).

Rules are walked in priority order for every request (ALB rule counts per listener are small:
the quota is 100 per load balancer by default); `explain=True` says why at each rule. This
module knows nothing about Ingress, NGINX or how results are printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from ..._http import normalize_host
from ..._k8s.manifests import Manifests
from ..._result import Match, Outcome, Request, Resolution, Step
from ..._services import ServiceCatalogue
from ..alb.build import Condition, RedirectConfig
from ..alb.route import _url_rewrite as url_rewrite  # ELBv2 transforms, read once for both
from ..alb.route import alb_glob_matches
from ..base import ClassDecision, Controller, Options, prepare
from .alb_build import (
    ALB_GATEWAY_CONTROLLER,
    AlbGateway,
    AlbGatewayListener,
    AlbGatewayRule,
    build_alb_gateways,
)
from .build import BackendCheck, RouteStatus, build_gateways

__all__ = ["ALB_GATEWAY_CONTROLLER", "AlbGatewayModel"]

_ORDER = (
    "rules are tried by ascending priority, first match wins; the controller numbered them by "
    "hostname (a hostname before none, exact before wildcard, more dots, longer), then path "
    "type (Exact, PathPrefix, RegularExpression: every PathPrefix before every regex), path "
    "length, a method, header count, query parameter count, creation time, namespace/name, "
    "rule, match (route_rule_precedence.go); every Gateway listener on this port shares these "
    "rules (no listener isolation); the Host is compared without its port"
)


def _query_pairs(request: Request) -> list[tuple[str, str]]:
    pairs = []
    for piece in request.query.split("&"):
        if piece:
            key, _, value = piece.partition("=")
            pairs.append((key, value))
    return pairs


def _holds(condition: Condition, host: str, request: Request) -> tuple[bool, str]:
    """Whether one condition holds, and why (ELBv2 `rule-condition-types.md`)."""
    field = condition.field
    shown = " or ".join((*condition.values, *condition.regex_values))
    if field == "host-header":
        ok = any(alb_glob_matches(v, host, ignore_case=True) for v in condition.values)
        return ok, f"host-header {shown} {'matches' if ok else 'does not match'} {host}"
    if field == "path-pattern":
        path = request.path
        if condition.regex_values:
            ok = any(_search(v, path) for v in condition.regex_values)
            verb = "is found in" if ok else "is not found in"
            return ok, f"path-pattern regex {shown} {verb} {path} (ALB regex syntax unsettled)"
        ok = any(alb_glob_matches(v, path, ignore_case=False) for v in condition.values)
        return ok, f"path-pattern {shown} {'matches' if ok else 'does not match'} {path}"
    if field == "http-header":
        name = condition.http_header_name or ""
        wanted = name.lower()
        lines = [v for k, v in request.headers if k.lower() == wanted]
        if not lines:
            return False, f"http-header {name}: absent"
        for line in lines:
            if any(alb_glob_matches(v, line, ignore_case=True) for v in condition.values) or any(
                _search(v, line) for v in condition.regex_values
            ):
                return True, f"http-header {name} {shown} matches {line!r}"
        return False, f"http-header {name} {shown} does not match {', '.join(map(repr, lines))}"
    if field == "query-string":
        pairs = _query_pairs(request)
        for value in condition.values:
            key, _, want = value.partition("=")
            for k, v in pairs:
                if alb_glob_matches(key, k, ignore_case=True) and alb_glob_matches(
                    want, v, ignore_case=True
                ):
                    return True, f"query-string {value} matches {k}={v} (case-insensitive)"
        return False, f"query-string {shown} does not match"
    if field == "http-request-method":
        ok = request.method in condition.values
        return ok, f"http-request-method {shown} {'is' if ok else 'is not'} {request.method}"
    return False, f"{field}: not evaluated"


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def _rule_holds(rule: AlbGatewayRule, host: str, request: Request) -> tuple[bool, str]:
    reasons = []
    for condition in rule.alb.conditions:
        ok, reason = _holds(condition, host, request)
        reasons.append(reason)
        if not ok:
            return False, "; ".join(reasons)
    return True, "; ".join(reasons)


def _location(config: RedirectConfig, port: int, request: Request, path: str) -> str:
    """`RedirectActionConfig`: unset parts keep the request's (`#{protocol}`, `#{host}`,
    `#{port}` the listener's, `/#{path}`, `#{query}`); the port is always written."""
    scheme = (config.protocol or request.scheme).lower()
    host = config.host or normalize_host(request.host)
    location = f"{scheme}://{host}:{config.port or port}{config.path or path}"
    return f"{location}?{request.query}" if request.query else location


class AlbGatewayModel(Controller):
    """The ALBs the AWS Load Balancer Controller v3.5 builds from Gateways of its class
    (`albs`), and how each routes; `route_statuses` are the Gateway API model's, as attachment
    and backend references are resolved the same way. Ingresses are left to the Ingress models.
    """

    name: ClassVar[str] = "alb-gateway"
    label: ClassVar[str] = "the AWS Load Balancer Controller's ALB Gateway"

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
                i.ref, False, "an Ingress: the ALB Gateway model reads Gateways and HTTPRoutes"
            )
            for i in manifests.ingresses
        )
        built = build_gateways(manifests, self.services)
        self.route_statuses: tuple[RouteStatus, ...] = built.statuses
        self.albs: tuple[AlbGateway, ...] = build_alb_gateways(
            manifests, self.services, built, rule_quota=options.rule_quota
        )
        self._positions = {alb.ref: i for i, alb in enumerate(self.albs)}
        classes = {c.name: c.controller for c in manifests.gateway_classes}
        #: every Gateway of another class, with why it is not this model's
        self.skipped: dict[str, str] = {}
        for gateway in manifests.gateways:
            if gateway.ref in self._positions:
                continue
            controller = classes.get(gateway.class_name)
            self.skipped[gateway.ref] = (
                f"its GatewayClass {gateway.class_name} is not in the input"
                if controller is None
                else f"its GatewayClass {gateway.class_name} names controller {controller}"
            )

    # -- resolving ------------------------------------------------------------------------------

    def resolve(
        self, request: Request, *, explain: bool = False, gateway: str | None = None
    ) -> list[Resolution]:
        """One answer per Gateway of this controller with an ALB listener on the request's
        port (`gateway`, a `namespace/name`, asks one Gateway only)."""
        if gateway is not None and gateway in self.skipped:
            return [self._ignored(request, explain, only=gateway)]
        if not self.albs:
            return [self._ignored(request, explain)]
        positions = range(len(self.albs))
        if gateway is not None:
            found = self._positions.get(gateway)
            if found is None:
                known = ", ".join([*self._positions, *self.skipped])
                raise ValueError(f"no Gateway {gateway!r} in the input: choose from {known}")
            positions = range(found, found + 1)
        port = request.port or (443 if request.scheme == "https" else 80)
        reached = [i for i in positions if _listens(self.albs[i], port)]
        if not reached:
            ports = "; ".join(
                f"{a.ref}: {', '.join(str(ls.port) for ls in a.listeners) or 'none'}"
                for a in (self.albs[i] for i in positions)
            )
            message = (
                f"no ALB Gateway has a listener on port {port} (the controller creates one per "
                f"port that has routes; ALB listener ports: {ports})"
            )
            trail = (Step(f"port {port}", "no match", message),) if explain else ()
            return [
                Resolution(self.name, request, Outcome.NO_LISTENER, message=message, explain=trail)
            ]
        return [self._resolve_one(self.albs[i], request, port, explain) for i in reached]

    def _ignored(self, request: Request, explain: bool, only: str | None = None) -> Resolution:
        if only is not None:
            message = (
                f"Gateway {only} is not the AWS Load Balancer Controller's: "
                f"{self.skipped[only]}, not {ALB_GATEWAY_CONTROLLER}"
            )
        elif self.skipped:
            message = (
                f"no Gateway in the input has a GatewayClass whose controllerName is "
                f"{ALB_GATEWAY_CONTROLLER}"
            )
        else:
            message = "the input holds no Gateway"
        trail = (
            tuple(Step(f"Gateway {ref}", "skipped", why) for ref, why in self.skipped.items())
            if explain
            else ()
        )
        return Resolution(self.name, request, Outcome.IGNORED, message=message, explain=trail)

    def _resolve_one(
        self, alb: AlbGateway, request: Request, port: int, explain: bool
    ) -> Resolution:
        trail: list[Step] = []
        if explain:
            trail.append(
                Step(
                    f"Gateway {alb.ref}",
                    "note",
                    f"GatewayClass {alb.gateway.class_name} (controllerName "
                    f"{ALB_GATEWAY_CONTROLLER}): one ALB",
                )
            )
            for refused in alb.built.refused:
                trail.append(
                    Step(
                        f"HTTPRoute {refused.route}",
                        "skipped",
                        f"Accepted=False, {refused.reason}: {refused.message}",
                    )
                )
            trail.extend(Step(f"Gateway {alb.ref}", "note", note) for note in alb.notes)

        def answer(outcome: Outcome, **kw: Any) -> Resolution:
            return Resolution(
                self.name,
                request,
                outcome,
                load_balancer=alb.ref,
                explain=tuple(trail) if explain else (),
                **kw,
            )

        if alb.error is not None:
            message = f"the controller cannot build the ALB of Gateway {alb.ref}: {alb.error}"
            trail.append(Step(f"Gateway {alb.ref}", "no match", message))
            return answer(Outcome.CONTROLLER_ERROR, message=alb.error)
        listener = alb.listener(port)
        assert listener is not None  # resolve() asked only those with one
        names = ", ".join(listener.listeners)
        if listener.scheme != request.scheme:
            message = (
                f"the ALB listener on port {port} is {listener.protocol}, not "
                f"{request.scheme.upper()}"
            )
            trail.append(Step(f"port {port}", "no match", message))
            return answer(Outcome.NO_LISTENER, message=message)
        host = normalize_host(request.host)
        if explain:
            trail.append(
                Step(
                    f"listener {listener.protocol}:{port} (Gateway listeners {names})",
                    "note",
                    f"{len(listener.rules)} rule(s); {_ORDER}",
                )
            )
            trail.append(Step("(services)", "note", self.services.note))
        for rule in listener.rules:
            if explain:
                ok, reason = _rule_holds(rule, host, request)
                trail.append(
                    Step(rule.describe(), "match" if ok else "no match", reason, rule.priority)
                )
            else:
                ok = all(_holds(c, host, request)[0] for c in rule.alb.conditions)
            if ok:
                return self._answer(alb, listener, rule, request, trail, explain)
        message = (
            f"no rule of the ALB listener {listener.protocol}:{port} of Gateway {alb.ref} "
            "matches: its default action is a fixed 404"
        )
        if explain:
            trail.append(Step("(default action)", "match", message))
        return answer(Outcome.NOT_FOUND, status=404, message=message, listener=names)

    def _answer(
        self,
        alb: AlbGateway,
        listener: AlbGatewayListener,
        rule: AlbGatewayRule,
        request: Request,
        trail: list[Step],
        explain: bool,
    ) -> Resolution:
        matched = Match(
            rule.route.ref,
            rule.hostname or None,
            rule.match.path.value,
            rule.match.path.type,
            rule.priority,
            route=rule.route.ref,
            rule=rule.rule.index,
            match=rule.match.index,
        )
        notes = _notes(rule)

        def answer(outcome: Outcome, **kw: Any) -> Resolution:
            return Resolution(
                self.name,
                request,
                outcome,
                matched=matched,
                load_balancer=alb.ref,
                listener=", ".join(listener.listeners),
                explain=tuple(trail) if explain else (),
                **kw,
            )

        upstream, rewrite = url_rewrite(rule.alb, request)
        if rewrite is not None and explain:
            trail.append(Step("(transform)", "note", rewrite))
        action = rule.alb.actions[0]
        if action.redirect_config is not None:
            config = action.redirect_config
            path = request.path if upstream is None else upstream.partition("?")[0]
            location = _location(config, listener.port, request, path)
            status = int(config.status_code.removeprefix("HTTP_"))
            if explain:
                trail.append(
                    Step(
                        "(redirect)",
                        "note",
                        f"{config.status_code} to {location} (unset parts keep the request's; "
                        "the port is always written)",
                    )
                )
            return answer(
                Outcome.REDIRECT,
                status=status,
                location=location,
                message="; ".join(notes) or None,
            )
        if action.fixed_response_config is not None:
            message = _no_backend(rule)
            trail.append(Step("(backendRefs)", "no match", message))
            return answer(Outcome.INVALID_BACKEND, status=500, message="; ".join((message, *notes)))
        valid = [c for c in rule.backends if c.reason is None]
        dropped = [c for c in rule.backends if c.reason is not None]
        for check in dropped:
            notes.append(
                f"backendRef {check.ref.describe()} is invalid ({check.reason}): the controller "
                "leaves it out and forwards its share to the valid ones (the spec answers 500 "
                "for it)"
            )
        total = sum(c.ref.weight for c in valid)
        chosen = max(valid, key=lambda c: c.ref.weight)
        if len(valid) > 1:
            notes.append(_split(valid, total))
        backend = chosen.ref.backend
        assert backend is not None  # a valid reference is a Service port
        state = self.services.lookup(backend)
        if state.problem == "no-endpoints":
            why = (
                "instance targets: the nodes stay registered but fail every health check; the "
                "ALB then sends to them anyway (fail open), kube-proxy refuses a nodePort "
                "without endpoints, and the ALB answers 502 (ELB user guide, target health and "
                "HTTP 502)"
            )
            trail.append(Step(str(backend), "no match", f"{state.reason}: {why}"))
            return answer(
                Outcome.SERVICE_UNAVAILABLE,
                status=502,
                backend=backend,
                message="; ".join((f"{state.reason}: {why}", *notes)),
            )
        if explain:
            trail.append(Step(str(backend), "match", state.reason))
        return answer(
            Outcome.ROUTE,
            backend=backend,
            upstream_path=upstream,
            message="; ".join(notes) or None,
        )


def _listens(alb: AlbGateway, port: int) -> bool:
    """Whether the ALB has a listener on `port`; one that failed to build, whether its Gateway
    has one there."""
    if alb.error is not None:
        return port in alb.built.ports
    return alb.listener(port) is not None


def _no_backend(rule: AlbGatewayRule) -> str:
    where = f"rule {rule.rule.index} of HTTPRoute {rule.route.ref}"
    if not rule.backends:
        return f"{where} has no backendRefs: the ALB rule's action is a fixed 500"
    if all(c.reason is not None for c in rule.backends):
        reasons = ", ".join(f"{c.ref.describe()} ({c.reason})" for c in rule.backends)
        return f"{where} has no valid backendRef ({reasons}): the ALB rule's action is a fixed 500"
    return f"every valid backendRef of {where} has weight 0: the ALB rule's action is a fixed 500"


def _notes(rule: AlbGatewayRule) -> list[str]:
    """What the answer rests on that AWS or the controller leave unsettled or do not apply."""
    notes = []
    if rule.match.path.type == "RegularExpression":
        notes.append(
            "the path matched an ALB regex condition (RegexValues), ranked below every Exact "
            "and PathPrefix rule; its syntax is AWS's and read here as a Python regular "
            "expression found anywhere in the path (unsettled)"
        )
    if rule.match.path.type == "Exact" and ("*" in rule.match.path.value):
        notes.append(
            f"the Exact path {rule.match.path.value} is sent to the ALB as a path pattern, "
            "where * matches any characters"
        )
    for item in rule.rule.filters:
        if item.type == "ExtensionRef":
            notes.append(
                f"the rule's ExtensionRef ({item.extension}) names a ListenerRuleConfiguration "
                "(or another extension), which this model does not read"
            )
        if item.rewrite is not None and item.rewrite.hostname is not None:
            notes.append(
                f"host-header-rewrite transform: the backend receives Host {item.rewrite.hostname}"
            )
    if any(c.ref.filters for c in rule.backends):
        notes.append("backendRef filters are not read by the controller: not applied")
    return notes


def _split(checks: Sequence[BackendCheck], total: int) -> str:
    parts = []
    for check in checks:
        weight = check.ref.weight
        share = "no traffic" if weight == 0 else f"{weight * 100 / total:.4g}%"
        parts.append(f"{check.ref.describe()} weight {weight} ({share})")
    return "weighted forward: " + ", ".join(parts) + "; the answer names the heaviest"
