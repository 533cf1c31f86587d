"""The report as a plain value: what `build_report` computes and every renderer reads.

Nothing here computes or prints; each value has `as_dict()`, the shape of `-o json`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "SEVERITIES",
    "AnnotationMove",
    "Answer",
    "Blast",
    "Change",
    "ClassRow",
    "DifferenceKind",
    "Example",
    "GroupRow",
    "IngressMove",
    "Inventory",
    "Leaving",
    "LoadBalancerRow",
    "ObjectRef",
    "Problem",
    "Readiness",
    "Report",
    "RuleRow",
    "ServiceRow",
    "Severity",
    "Summary",
    "Surprise",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Readiness = Literal["ready", "review", "work"]


@dataclass(frozen=True, slots=True)
class ObjectRef:
    """A Kubernetes object a finding is about, and where it was read (file:line), if read."""

    kind: str
    namespace: str | None
    name: str
    file: str | None = None
    line: int | None = None
    #: the field the finding is about, e.g. spec.rules[0].http.paths[1]
    field: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.name}" if self.namespace else self.name

    @property
    def where(self) -> str | None:
        """`file:line`, when the object was read from a file."""
        if self.file is None or self.line is None:
            return None
        return f"{self.file}:{self.line}"

    def text(self) -> str:
        where = self.where
        what = f"{self.kind} {self.ref}" + (f" {self.field}" if self.field else "")
        return f"{what} ({where})" if where else what

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "namespace": self.namespace,
            "name": self.name,
            "field": self.field,
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class Blast:
    """How far a finding reaches: teams (namespaces), hosts, rule paths and generated requests
    it affects. Findings rank by these, in this order, largest first."""

    teams: int
    hosts: int
    paths: int
    requests: int

    def key(self) -> tuple[int, int, int, int]:
        return (self.teams, self.hosts, self.paths, self.requests)

    def text(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return ", ".join(
            [
                n(self.teams, "team"),
                n(self.hosts, "host"),
                n(self.paths, "path"),
                n(self.requests, "request"),
            ]
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "teams": self.teams,
            "hosts": self.hosts,
            "paths": self.paths,
            "requests": self.requests,
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """One model's answer, as a reader needs it: outcome, backend or status and location, and
    the rule that matched (`namespace/ingress host path (pathType)`)."""

    outcome: str
    backend: str | None = None
    status: int | None = None
    location: str | None = None
    rule: str | None = None
    upstream_path: str | None = None

    def text(self, own: str | None = None) -> str:
        """In words: `route ns/svc:80 via ns/ing host /path (Prefix)`; the rule is left out
        when it is `own` (the row the answer is shown in)."""
        parts = [self.outcome]
        if self.backend:
            parts.append(self.backend)
        elif self.status:
            parts.append(str(self.status))
        if self.location:
            parts.append(f"-> {self.location}")
        if self.upstream_path is not None:
            parts.append(f"(upstream path {self.upstream_path})")
        if self.rule is not None and self.rule != own:
            parts.append(f"via {self.rule}")
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "backend": self.backend,
            "status": self.status,
            "location": self.location,
            "rule": self.rule,
            "upstream_path": self.upstream_path,
        }

    def compact(self, own: str) -> dict[str, Any]:
        """The fields that are set; `rule` is "own" when the rule is `own` (a rule table's
        row), absent when no rule matched."""
        data = {k: v for k, v in self.as_dict().items() if v is not None}
        if self.rule == own:
            data["rule"] = "own"
        return data


@dataclass(frozen=True, slots=True)
class Example:
    """A request and the answers it got, model by model."""

    url: str
    answers: tuple[tuple[str, Answer], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "answers": {name: a.as_dict() for name, a in self.answers}}


@dataclass(frozen=True, slots=True)
class Surprise:
    """One finding: what happens, to which objects, how far it reaches, and the fix."""

    rank: int
    kind: str
    severity: Severity
    controller: str | None
    title: str
    message: str
    fix: str
    objects: tuple[ObjectRef, ...]
    blast: Blast
    #: the site page (and anchor) that explains this kind of finding, relative to the site root
    link: str
    examples: tuple[Example, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "kind": self.kind,
            "severity": self.severity,
            "controller": self.controller,
            "title": self.title,
            "message": self.message,
            "fix": self.fix,
            "objects": [o.as_dict() for o in self.objects],
            "blast_radius": self.blast.as_dict(),
            "link": self.link,
            "examples": [e.as_dict() for e in self.examples],
        }


@dataclass(frozen=True, slots=True)
class ClassRow:
    """Ingresses of one class, the controller the class names, and who manages them."""

    class_name: str | None
    controller: str
    managed_by: tuple[str, ...]
    ingresses: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "class": self.class_name,
            "controller": self.controller,
            "managed_by": list(self.managed_by),
            "ingresses": list(self.ingresses),
        }


@dataclass(frozen=True, slots=True)
class GroupRow:
    """An explicit ALB IngressGroup: its members in the order the controller sorts them."""

    name: str
    load_balancer: str
    members: tuple[tuple[str, int], ...]  # (Ingress, group.order)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "load_balancer": self.load_balancer,
            "members": [{"ingress": ref, "order": order} for ref, order in self.members],
        }


@dataclass(frozen=True, slots=True)
class LoadBalancerRow:
    """A load balancer a controller builds (an ALB), or the NLB in front of ingress-nginx."""

    controller: str
    name: str
    kind: str  # "ALB", "NLB", "CLB"
    scheme: str | None
    listeners: tuple[str, ...]
    rules: int
    hosts: tuple[str, ...]
    ingresses: tuple[str, ...]
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "controller": self.controller,
            "name": self.name,
            "kind": self.kind,
            "scheme": self.scheme,
            "listeners": list(self.listeners),
            "rules": self.rules,
            "hosts": list(self.hosts),
            "ingresses": list(self.ingresses),
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class ServiceRow:
    """A backend the Ingresses name: its Service, ready endpoints, and who references it."""

    backend: str  # namespace/service:port
    service: ObjectRef
    type: str | None
    endpoints: int
    state: str  # "ready", "no-endpoints", "no-service", "no-port", "assumed", "external-name"
    reason: str
    referenced_by: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "service": self.service.as_dict(),
            "type": self.type,
            "ready_endpoints": self.endpoints,
            "state": self.state,
            "reason": self.reason,
            "referenced_by": list(self.referenced_by),
        }


@dataclass(frozen=True, slots=True)
class Inventory:
    namespaces: tuple[str, ...]
    classes: tuple[ClassRow, ...]
    groups: tuple[GroupRow, ...]
    load_balancers: tuple[LoadBalancerRow, ...]
    hosts: tuple[str, ...]
    paths: int
    services: tuple[ServiceRow, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "namespaces": list(self.namespaces),
            "classes": [c.as_dict() for c in self.classes],
            "ingress_groups": [g.as_dict() for g in self.groups],
            "load_balancers": [lb.as_dict() for lb in self.load_balancers],
            "hosts": list(self.hosts),
            "paths": self.paths,
            "services": [s.as_dict() for s in self.services],
        }


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One Ingress rule path and each model's answer to its own path, per scheme.

    `answers[scheme]` holds `cluster` (the controller that manages the Ingress, reading every
    class as written) and each compared model reading every Ingress as its own."""

    ingress: ObjectRef
    host: str | None
    path: str
    path_type: str
    controller: str | None
    answers: tuple[tuple[str, tuple[tuple[str, Answer], ...]], ...]

    @property
    def rule(self) -> str:
        """The rule as answers name it: `namespace/ingress host path (pathType)`."""
        return f"{self.ingress.ref} {self.host or '*'} {self.path} ({self.path_type})"

    def as_dict(self) -> dict[str, Any]:
        own = self.rule
        return {
            "ingress": self.ingress.ref,
            "file": self.ingress.file,
            "line": self.ingress.line,
            "field": self.ingress.field,
            "host": self.host,
            "path": self.path,
            "pathType": self.path_type,
            "controller": self.controller,
            "answers": {
                scheme: {name: a.compact(own) for name, a in answers}
                for scheme, answers in self.answers
            },
        }


@dataclass(frozen=True, slots=True)
class DifferenceKind:
    """Requests two models answer differently, for one documented reason."""

    kind: str
    meaning: str
    models: tuple[str, str]
    requests: int
    link: str
    examples: tuple[Example, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "meaning": self.meaning,
            "models": list(self.models),
            "requests": self.requests,
            "link": self.link,
            "examples": [e.as_dict() for e in self.examples],
        }


@dataclass(frozen=True, slots=True)
class AnnotationMove:
    """One ingress-nginx annotation of an Ingress: its equivalent on the ALB and in Gateway
    API. `alb` is `translated`, `warning` (no exact equivalent) or `irrelevant`; `gateway` is
    the Gateway API support level (`core`, `extended`, `implementation-specific`,
    `experimental`, `none`, `irrelevant`)."""

    annotation: str
    value: str
    alb: str
    alb_text: str
    gateway: str
    gateway_text: str
    #: whether Ingress Lab's NGINX model simulates it (src/ingresslab/_annotations.py): only
    #: then can the requests that change show its effect
    simulated: bool = False

    @property
    def alb_equivalent(self) -> bool:
        return self.alb in ("translated", "irrelevant")

    @property
    def gateway_equivalent(self) -> bool:
        return self.gateway in ("core", "extended", "irrelevant")

    def as_dict(self) -> dict[str, Any]:
        return {
            "annotation": self.annotation,
            "value": self.value,
            "alb": {"verdict": self.alb, "text": self.alb_text},
            "gateway": {"support": self.gateway, "text": self.gateway_text},
            "simulated": self.simulated,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """Requests an Ingress served under ingress-nginx that another model serves differently."""

    target: str
    verdict: str
    kind: str | None
    requests: int
    example: Example
    link: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "verdict": self.verdict,
            "kind": self.kind,
            "requests": self.requests,
            "example": self.example.as_dict(),
            "link": self.link,
        }


@dataclass(frozen=True, slots=True)
class IngressMove:
    """One Ingress ingress-nginx serves, and what moving it off takes."""

    ingress: ObjectRef
    annotations: tuple[AnnotationMove, ...]
    changes: tuple[Change, ...]
    readiness: Readiness
    reasons: tuple[str, ...]
    left_out: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ingress": self.ingress.as_dict(),
            "readiness": self.readiness,
            "reasons": list(self.reasons),
            "left_out": self.left_out,
            "annotations": [a.as_dict() for a in self.annotations],
            "changes": [c.as_dict() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class Leaving:
    """Leaving ingress-nginx: every Ingress it serves, with a readiness summary."""

    ingresses: tuple[IngressMove, ...]
    requests_compared: int
    requests_changed: int
    targets: tuple[str, ...]

    def count(self, readiness: str) -> int:
        return sum(m.readiness == readiness for m in self.ingresses)

    def as_dict(self) -> dict[str, Any]:
        return {
            "targets": list(self.targets),
            "summary": {
                "ingresses": len(self.ingresses),
                "ready": self.count("ready"),
                "review": self.count("review"),
                "work": self.count("work"),
                "requests_compared": self.requests_compared,
                "requests_changed": self.requests_changed,
                "annotations": sum(len(m.annotations) for m in self.ingresses),
                "without_alb_equivalent": sum(
                    not a.alb_equivalent for m in self.ingresses for a in m.annotations
                ),
                "without_gateway_equivalent": sum(
                    not a.gateway_equivalent for m in self.ingresses for a in m.annotations
                ),
            },
            "ingresses": [m.as_dict() for m in self.ingresses],
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found while loading the input (as `lint` prints it)."""

    where: str
    severity: str
    check: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "severity": self.severity,
            "check": self.check,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Summary:
    ingresses: int
    namespaces: int
    hosts: int
    paths: int
    load_balancers: int
    requests: int
    differences: int
    surprises: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ingresses": self.ingresses,
            "namespaces": self.namespaces,
            "hosts": self.hosts,
            "paths": self.paths,
            "load_balancers": self.load_balancers,
            "requests": self.requests,
            "differences": self.differences,
            "surprises": dict(self.surprises),
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `ingresslab report` shows, as plain values."""

    version: str
    site_url: str
    models: tuple[str, ...]
    objects: int
    summary: Summary
    inventory: Inventory
    rules: tuple[RuleRow, ...]
    differences: tuple[DifferenceKind, ...]
    surprises: tuple[Surprise, ...]
    leaving: Leaving
    problems: tuple[Problem, ...]

    def link(self, page: str) -> str:
        """The address of a site page (`page` relative to the site root, with its anchor)."""
        return self.site_url + page

    def markdown(self, *, only: Sequence[str] | None = None) -> str:
        """Markdown for a CI comment (`ingresslab report -o markdown`); `only` picks sections:
        summary, surprises, differences, leaving, inventory, rules, problems."""
        from ._render import render_markdown

        return render_markdown(self, only=only)

    def html(self) -> str:
        """One self-contained page (`-o html`): inline style and script, no request."""
        from ._render import render_html

        return render_html(self)

    def json(self) -> str:
        """`as_dict()` as JSON (`-o json`)."""
        from ._render import render_json

        return render_json(self)

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "site_url": self.site_url,
            "models": list(self.models),
            "objects": self.objects,
            "summary": self.summary.as_dict(),
            "inventory": self.inventory.as_dict(),
            "surprises": [s.as_dict() for s in self.surprises],
            "differences": [d.as_dict() for d in self.differences],
            "leaving_ingress_nginx": self.leaving.as_dict(),
            "rules": [r.as_dict() for r in self.rules],
            "problems": [p.as_dict() for p in self.problems],
        }
