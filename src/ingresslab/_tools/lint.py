"""What the controllers themselves refuse, as lint problems: `lint` says what `route` shows.

The API server's checks (`_k8s/`) say whether an object is accepted. These say whether the
controller that manages it can serve it, read from the same engine `route` asks, so that the
two never disagree about whether a manifest works:

* `alb-reconcile-error` (error): the AWS Load Balancer Controller cannot build a load balancer
  (a reconcile error, or a value the ELBv2 API refuses). Its blast radius is the whole
  IngressGroup: every member's requests answer `controller-error`.
* `nginx-webhook-denied` (error): ingress-nginx's admission webhook denies the Ingress, so
  `kubectl apply` fails and nothing of it is served.
* `nginx-store-ignored` (error): the controller's store drops the Ingress (no webhook).
* `nginx-config-invalid` (error): the rendered nginx.conf fails `nginx -t`; the controller
  keeps its previous configuration for every Ingress of its class.
* `backend-no-endpoints` (warning): a backend Service with no ready endpoint: 503.
* `nginx-regex-mode-host-wide` (warning): `use-regex` or `rewrite-target` on one Ingress makes
  every location of its host a case-insensitive regex, including other Ingresses' Exact and
  Prefix paths (`template.go` `enforceRegexModifier`, controller-v1.15.1).

Only Ingresses each controller manages are checked (their class). This module knows how to
word and place findings; what each controller does is the models'.
"""

from __future__ import annotations

from .._engine import Engine
from .._k8s.load import Problem
from .._k8s.model import Ingress

__all__ = ["controller_problems"]

_LBC = "LBC v3.5.0 pkg/ingress (model_build_*.go) and the ELBv2 API reference"
_WEBHOOK = "ingress-nginx controller-v1.15.1 internal/admission, internal/ingress/inspector"


def controller_problems(engine: Engine) -> list[Problem]:
    """Findings of every controller about the Ingresses it manages."""
    ingresses = {i.ref: i for i in engine.manifests.ingresses}
    return (
        _alb(engine, ingresses) + _nginx(engine, ingresses) + _endpoints(engine) + _gateway(engine)
    )


def _gateway(engine: Engine) -> list[Problem]:
    """What a Gateway controller writes into status: an HTTPRoute parentRef that is not
    Accepted (the route serves nothing through that parent), a backendRef that does not resolve
    (its share of the rule's traffic answers 500; HTTPRoute spec, BackendRefs), and an ALB
    Gateway the AWS Load Balancer Controller cannot build."""
    manifests = engine.manifests
    if not manifests.http_routes and not manifests.gateways:
        return []
    routes = {r.ref: r for r in manifests.http_routes}
    problems = []
    for status in engine.model("gateway").route_statuses:  # type: ignore[attr-defined]
        route = routes[status.route]
        where = (route.file, route.pos.line, route.pos.column, f"HTTPRoute {route.ref}")
        for attachment in status.parents:
            if attachment.accepted or attachment.reason is None:
                continue
            problems.append(
                Problem(
                    *where, f"spec.parentRefs[{attachment.parent.index}]", "controller",
                    "warning", "route-not-accepted",
                    f"{attachment.reason}: {attachment.message}",
                    "attach the route to a listener that allows it (sectionName, port, "
                    "hostnames, allowedRoutes); source: Gateway API v1.6 RouteConditionReason",
                )
            )  # fmt: skip
        for index, checks in enumerate(status.backends):
            rule = route.rules[index].pos
            for check in checks:
                if check.reason is None:
                    continue
                problems.append(
                    Problem(
                        route.file, rule.line, rule.column, where[3],
                        f"spec.rules[{index}].backendRefs", "controller", "error",
                        "backend-ref-unresolved",
                        f"{check.reason}: {check.message}; its share of the rule answers 500",
                        "create the Service, fix the kind, or add a ReferenceGrant in the "
                        "backend's namespace; source: Gateway API v1.6 HTTPRoute BackendRefs",
                    )
                )  # fmt: skip
    for alb in engine.model("alb-gateway").albs:  # type: ignore[attr-defined]
        if alb.error is None:
            continue
        gateway = alb.gateway
        problems.append(
            Problem(
                gateway.file, gateway.pos.line, gateway.pos.column, f"Gateway {gateway.ref}",
                None, "controller", "error", "alb-gateway-error",
                f"the AWS Load Balancer Controller cannot build this ALB: {alb.error}",
                "fix the route or filter the message names; source: aws-load-balancer-"
                "controller v3.5.0 pkg/gateway",
            )
        )  # fmt: skip
    return problems


def _endpoints(engine: Engine) -> list[Problem]:
    """`backend-no-endpoints` (warning): a backend whose Service is there but has no ready
    endpoint answers 503 under every controller (ingress-nginx's Lua balancer; an ALB target
    group without targets). Missing Services are the cross-object checks' to report."""
    problems = []
    seen: set[tuple[str, object]] = set()
    for ingress in engine.manifests.ingresses:
        for rule in ingress.rules:
            for path in rule.paths:
                backend = path.backend
                if backend is None or backend.port == "use-annotation":
                    continue
                state = engine.services.lookup(backend)
                if state.problem != "no-endpoints" or (ingress.ref, backend) in seen:
                    continue
                seen.add((ingress.ref, backend))
                problems.append(
                    _problem(
                        ingress,
                        "backend-no-endpoints",
                        f"{state.reason}: requests to {path.path} answer 503 (502 from an ALB "
                        "with instance targets)",
                        "scale the workload up, make its pods ready, or fix the selector or "
                        "the named targetPort; source: ingress-nginx controller-v1.15.1 "
                        "rootfs/etc/nginx/lua/balancer.lua, ELB user guide (HTTP 503)",
                        field=path.field,
                        severity="warning",
                    )
                )
    return problems


def _problem(
    ingress: Ingress, check: str, message: str, hint: str, *, field: str | None = None,
    severity: str = "error",
) -> Problem:  # fmt: skip
    line, column = ingress.pos.line, ingress.pos.column
    if field is not None:
        for rule in ingress.rules:
            for path in rule.paths:
                if path.field == field:
                    line, column = path.pos.line, path.pos.column
    return Problem(
        ingress.file, line, column, f"Ingress {ingress.ref}", field, "controller", severity,
        check, message, hint,
    )  # fmt: skip


def _alb(engine: Engine, ingresses: dict[str, Ingress]) -> list[Problem]:
    if not any(d.managed for d in engine.alb.decisions):
        return []
    problems = []
    for lb in engine.alb.load_balancers:
        if lb.error is None:
            continue
        members = list(lb.ingresses)
        ref, field = lb.culprit or (members[0], None)
        if len(members) > 1:
            radius = (
                f"breaks every Ingress in IngressGroup {lb.group} ({', '.join(members)}): the "
                "group does not reconcile and each answers controller-error"
            )
        else:
            radius = "this Ingress gets no load balancer (controller-error)"
        # The controller records the error on every member (group_controller.go, v3.5.0): a
        # model it cannot build, or one the ELBv2 API refuses to deploy.
        deploy = lb.error.startswith(("ValidationError", "TooManyRules"))
        event = (
            f"FailedDeployModel: Failed deploy model due to {lb.error}"
            if deploy
            else f"FailedBuildModel: Failed build model due to {lb.error}"
        )
        problems.append(
            _problem(
                ingresses[ref],
                "alb-reconcile-error",
                f"AWS Load Balancer Controller: {lb.error}; {radius}. kubectl describe ingress "
                f"shows Warning {event}",
                f"fix the value the error names, or move the Ingress out of the group; "
                f"source: {_LBC}",
                field=field,
            )
        )
    return problems


def _nginx(engine: Engine, ingresses: dict[str, Ingress]) -> list[Problem]:
    nginx = engine.nginx
    if not any(d.managed for d in nginx.decisions):
        return []
    problems = []
    for rejection in nginx.rejections:
        if rejection.by_webhook:
            check, message = (
                "nginx-webhook-denied",
                'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: '
                f"{rejection.message}; kubectl apply fails and nothing of it is served",
            )
        else:
            check, message = (
                "nginx-store-ignored",
                f"ingress-nginx ignores this Ingress: {rejection.message}",
            )
        problems.append(
            _problem(
                rejection.ingress, check, message,
                f"change what the message names; source: {_WEBHOOK}",
            )
        )  # fmt: skip
    if nginx.error is not None and nginx.ingresses:
        problems.append(
            _problem(
                nginx.ingresses[0],
                "nginx-config-invalid",
                f"the rendered nginx.conf fails nginx -t ({nginx.error}): the controller keeps "
                "its previous configuration for every Ingress of its class",
                "find the path or annotation the nginx error names; source: ingress-nginx "
                "controller-v1.15.1 internal/ingress/controller/controller.go",
            )
        )
    problems += _regex_mode(engine, ingresses)
    return problems


def _regex_mode(engine: Engine, ingresses: dict[str, Ingress]) -> list[Problem]:
    problems = []
    for server in engine.nginx.servers:
        if not server.enforce_regex:
            continue
        causes = sorted({
            loc.ingress for loc in server.locations
            if loc.ingress and (loc.use_regex or loc.rewrite_target)
        })  # fmt: skip
        literal = [
            loc for loc in server.locations
            if loc.ingress and loc.ingress not in causes and loc.source == "rule"
            and loc.declared_type in ("Exact", "Prefix")
        ]  # fmt: skip
        for ref in sorted({loc.ingress for loc in literal if loc.ingress}):
            example = next(loc for loc in literal if loc.ingress == ref)
            problems.append(
                _problem(
                    ingresses[ref],
                    "nginx-regex-mode-host-wide",
                    f"use-regex or rewrite-target on {', '.join(causes)} makes every location "
                    f"of host {server.hostname} a case-insensitive regex: this Ingress's "
                    f"{example.declared_type} {example.ingress_path} now also takes "
                    f"{example.ingress_path.upper()} and longer paths",
                    "give the regex paths their own host, or write these paths as regexes on "
                    "purpose; source: ingress-nginx controller-v1.15.1 "
                    "internal/ingress/controller/template/template.go enforceRegexModifier",
                    severity="warning",
                )
            )
    return problems
