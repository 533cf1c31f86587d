"""The values a resolve returns, shared by every controller model.

A resolve never prints: the CLI and the docs render these values. This module knows nothing
about how any controller decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ._http import Request
from ._k8s.model import Backend

__all__ = ["OUTCOME_MEANINGS", "Match", "Outcome", "Request", "Resolution", "Step"]


class Outcome(StrEnum):
    """What happened to a request, in words shared by the spec, ALB, NGINX and Gateway API
    models."""

    ROUTE = "route"
    DEFAULT_BACKEND = "default-backend"
    FIXED_RESPONSE = "fixed-response"
    NOT_FOUND = "not-found"
    REDIRECT = "redirect"
    SERVICE_UNAVAILABLE = "service-unavailable"
    BAD_REQUEST = "bad-request"
    CONTROLLER_ERROR = "controller-error"
    REJECTED_BY_WEBHOOK = "rejected-by-webhook"
    INVALID_CONFIG = "invalid-config"
    NO_LISTENER = "no-listener"
    NO_LOAD_BALANCER = "no-load-balancer"
    UNRESOLVED_BACKEND = "unresolved-backend"
    INVALID_BACKEND = "invalid-backend"
    IGNORED = "ignored"


#: What each outcome means, in one line: the reference page's table is checked against it.
OUTCOME_MEANINGS: dict[Outcome, str] = {
    Outcome.ROUTE: "a rule matched; the request goes to its backend Service",
    Outcome.DEFAULT_BACKEND: "no rule matched; spec.defaultBackend takes the request",
    Outcome.FIXED_RESPONSE: "the load balancer or proxy answers itself (an ALB fixed-response "
    "action, nginx's own /healthz)",
    Outcome.NOT_FOUND: "nothing matched and there is no default backend: 404",
    Outcome.REDIRECT: "the answer is a redirect (HTTPS redirects, nginx's trailing-slash 301)",
    Outcome.SERVICE_UNAVAILABLE: "a rule matched, but its Service or endpoints are missing: 503",
    Outcome.BAD_REQUEST: "the request itself is refused (bad Host, bad URI, too long: 400/414)",
    Outcome.CONTROLLER_ERROR: "the controller fails to build the load balancer; its error is "
    "the message",
    Outcome.REJECTED_BY_WEBHOOK: "the Ingress that would have matched was refused by the "
    "admission webhook",
    Outcome.INVALID_CONFIG: "nginx would refuse the generated configuration; the controller "
    "keeps its previous one",
    Outcome.NO_LISTENER: "the load balancer has no listener on the request's port",
    Outcome.NO_LOAD_BALANCER: "no load balancer takes the Host: none names it, and none (or "
    "more than one, and then DNS decides) takes any host",
    Outcome.UNRESOLVED_BACKEND: "the backend cannot be resolved to a Service port",
    Outcome.INVALID_BACKEND: "Gateway API: the matched rule has no valid backend (none given, "
    "not found, an unsupported kind, or another namespace without a ReferenceGrant): 500",
    Outcome.IGNORED: "the controller manages none of the Ingresses (their class is another's)",
}


@dataclass(frozen=True, slots=True)
class Match:
    """The rule a request matched: which Ingress, host, path, pathType, and its priority.

    Under Gateway API, `ingress` names the HTTPRoute that holds the rule (as `route` does),
    `host` is the route hostname that matched (None: the route takes any host), `path` and
    `path_type` are the matched HTTPRouteMatch's path (`PathPrefix`, `Exact`,
    `RegularExpression`), and `rule` and `match` are the rule's index in `spec.rules` and the
    match's index in that rule's `matches`; `as_dict` adds these three keys only then.
    """

    ingress: str
    host: str | None
    path: str
    path_type: str
    priority: int | None = None
    #: the HTTPRoute (namespace/name) whose rule matched; None for Ingress rules
    route: str | None = None
    #: the index of the matched rule in the HTTPRoute's spec.rules
    rule: int | None = None
    #: the index of the matched HTTPRouteMatch in that rule's matches
    match: int | None = None

    def as_dict(self) -> dict[str, Any]:
        shape: dict[str, Any] = {
            "ingress": self.ingress,
            "host": self.host,
            "path": self.path,
            "pathType": self.path_type,
            "priority": self.priority,
        }
        if self.route is not None:
            shape.update(route=self.route, rule=self.rule, match=self.match)
        return shape


@dataclass(frozen=True, slots=True)
class Step:
    """One line of an explanation trail: a candidate considered, in order, and the verdict."""

    candidate: str
    verdict: str  # "match", "no match", "skipped", "note"
    reason: str
    priority: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate,
            "verdict": self.verdict,
            "reason": self.reason,
            "priority": self.priority,
        }


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer of one controller model for one request."""

    controller: str
    request: Request
    outcome: Outcome
    backend: Backend | None = None
    status: int | None = None
    matched: Match | None = None
    location: str | None = None
    message: str | None = None
    load_balancer: str | None = None
    #: the path (and query) the backend receives when a rewrite changed it; None: unchanged
    upstream_path: str | None = None
    explain: tuple[Step, ...] = field(default=(), compare=False)
    #: Gateway API: the Gateway listener (its name) that took the request; None elsewhere
    listener: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `ingresslab route -o json`.

        Keys are added, never changed: `request` carries `method` and `headers` when they are
        not the defaults (GET, none), and a Gateway API answer carries `listener`."""
        request: dict[str, Any] = {
            "scheme": self.request.scheme,
            "host": self.request.host,
            "path": self.request.path,
        }
        if self.request.method != "GET":
            request["method"] = self.request.method
        if self.request.headers:
            request["headers"] = [[name, value] for name, value in self.request.headers]
        shape = {
            "controller": self.controller,
            "load_balancer": self.load_balancer,
            "request": request,
            "outcome": str(self.outcome),
            "status": self.status,
            "backend": None
            if self.backend is None
            else {
                "namespace": self.backend.namespace,
                "service": self.backend.service,
                "port": self.backend.port,
            },
            "location": self.location,
            "upstream_path": self.upstream_path,
            "matched": None if self.matched is None else self.matched.as_dict(),
            "message": self.message,
            "explain": [s.as_dict() for s in self.explain],
        }
        if self.controller in ("gateway", "alb-gateway") or self.listener is not None:
            shape["listener"] = self.listener
        return shape
