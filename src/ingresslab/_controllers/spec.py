"""The Kubernetes Ingress specification as a routing model, with no controller's quirks.

Sources (kubernetes/website, content/en/docs/concepts/services-networking/ingress.md, and the
IngressRule/HTTPIngressPath API docs in k8s.io/api networking/v1 types.go):

* pathType Exact matches the URL path exactly, case-sensitively. Prefix matches element by
  element on `/`-separated elements; a trailing `/` in either path is ignored, and `/aaa/bb`
  does not match `/aaa/bbb`. ImplementationSpecific is left to the IngressClass: this model
  does not match it and says so in the trail.
* Among matching paths the longest wins; at equal length Exact wins over Prefix.
* A precise host matches the Host header exactly; `*.foo.com` matches exactly one more label;
  a rule without host matches every host. The spec does not rank host forms against each
  other: this model takes precise, then wildcard, then host-less rules, as Gateway API
  specifies for hostnames (gateway-api, HTTPRouteSpec.hostnames) — stated in each trail.
* `spec.defaultBackend` takes requests that match no rule; with none, the answer is 404 from
  the controller's own default.

Lookups go through an index (hosts by name and wildcard suffix, prefixes by path), so they do
not scan the rules; `explain=True` walks every candidate in order instead and is the
reference the index is tested against. This module knows nothing about ALB or NGINX.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from .._gc import paused_gc
from .._http import normalize_host
from .._k8s.manifests import Manifests
from .._k8s.model import Backend, HTTPPath, Ingress, IngressRule
from .._result import Match, Outcome, Request, Resolution, Step
from .._services import ServiceCatalogue
from .base import CHART_CLASSES, ClassDecision, Controller, Options, ignored, prepare

__all__ = ["SpecModel", "prefix_matches"]

_UNRANKED = (
    "the Ingress spec does not rank precise, wildcard and host-less rules; this model "
    "follows Gateway API's order (precise, then wildcard, then any host)"
)


def prefix_matches(prefix: str, path: str) -> bool:
    """Element-wise prefix match: `/foo` matches `/foo`, `/foo/`, `/foo/bar`, not `/foobar`."""
    base = prefix.rstrip("/")
    return not base or path == base or path.startswith(base + "/")


@dataclass(frozen=True, slots=True)
class _Entry:
    ingress: Ingress
    rule: IngressRule
    path: HTTPPath
    order: int  # position among all paths, for ties the spec leaves open

    def match(self) -> Match:
        return Match(self.ingress.ref, self.rule.host, self.path.path, self.path.path_type)


@dataclass(slots=True)
class _PathTable:
    """Exact paths by path; Prefix paths by their path without trailing slash.

    `/foo` and `/foo/` share a key, since both match `/foo` and `/foo/`; the longer one is
    kept, as the longest matching path wins (k8s.io/api networking/v1 types.go, HTTPIngressPath:
    "If both paths are present in an Ingress spec, the longest matching path (/foo/) is given
    priority"). Lengths are those of the paths as written."""

    exact: dict[str, _Entry] = field(default_factory=dict)
    prefix: dict[str, _Entry] = field(default_factory=dict)

    def add(self, entry: _Entry) -> None:
        if entry.path.path_type == "Exact":
            self.exact.setdefault(entry.path.path, entry)  # the first one wins a tie
            return
        key = entry.path.path.rstrip("/")
        kept = self.prefix.get(key)
        if kept is None or len(entry.path.path) > len(kept.path.path):
            self.prefix[key] = entry

    def lookup(self, path: str) -> _Entry | None:
        exact = self.exact.get(path)
        prefix = self._prefix(path) if self.prefix else None
        if prefix is None or exact is None:
            return exact or prefix
        # The longest path wins; at equal length, Exact.
        return prefix if len(prefix.path.path) > len(exact.path.path) else exact

    def _prefix(self, path: str) -> _Entry | None:
        probe = path.rstrip("/")
        while True:
            hit = self.prefix.get(probe)
            if hit is not None:
                return hit
            if not probe:
                return None
            probe = probe[: probe.rfind("/")]


class SpecModel(Controller):
    """Routing as the Ingress spec defines it, over every Ingress given.

    Backends are checked against the shared `ServiceCatalogue`: when the input holds the
    Services, a backend's `port.number` must be a port of the Service and `port.name` one of
    its port names (k8s.io/api networking/v1 ServiceBackendPort), else the answer is
    `unresolved-backend`. The spec says nothing about endpoints: a matched rule routes.
    """

    name: ClassVar[str] = "spec"
    label: ClassVar[str] = "the Ingress spec"

    def __init__(
        self,
        manifests: Manifests,
        *,
        options: Options | None = None,
        services: ServiceCatalogue | None = None,
    ) -> None:
        manifests, options, self.services = prepare(manifests, options, services)
        classes = {c.name for c in manifests.ingress_classes}
        self.decisions: tuple[ClassDecision, ...] = tuple(
            _served(i, classes) for i in manifests.ingresses
        )
        served = {d.ingress for d in self.decisions if d.managed}
        self.ingresses = [i for i in manifests.ingresses if i.ref in served]
        self._exact: dict[str, _PathTable] = {}
        self._wildcard: dict[str, _PathTable] = {}
        self._any = _PathTable()
        self._entries: list[_Entry] = []
        self._default: tuple[Ingress, Backend] | None = None
        # Each entry's Match, made on its first hit: a Match costs more than the whole lookup.
        self._walk_ready = False
        self._matches: dict[int, Match] = {}
        with paused_gc():
            self._build()

    def _build(self) -> None:
        order = 0
        for ingress in self.ingresses:
            if ingress.default_backend is not None and self._default is None:
                self._default = (ingress, ingress.default_backend)
            for rule in ingress.rules:
                for path in rule.paths:
                    entry = _Entry(ingress, rule, path, order)
                    order += 1
                    self._entries.append(entry)
                    if path.path_type not in ("Exact", "Prefix"):
                        continue
                    self._table(rule.host).add(entry)

    def _table(self, host: str | None) -> _PathTable:
        if host is None:
            return self._any
        tables, key = (self._wildcard, host[2:]) if host.startswith("*.") else (self._exact, host)
        table = tables.get(key)
        if table is None:
            table = tables[key] = _PathTable()
        return table

    def resolve(self, request: Request, *, explain: bool = False) -> list[Resolution]:
        """The spec's one answer."""
        none = ignored(self, request, explain=explain)
        return [none if none is not None else self._resolve(request, explain)]

    def _resolve(self, request: Request, explain: bool) -> Resolution:
        if explain:
            return self._resolve_explained(request)
        host = normalize_host(request.host)
        path = request.path
        # Precise host, then wildcard (one more label), then host-less: no generator, so the
        # common case costs three dict probes at most.
        table = self._exact.get(host)
        if table is not None:
            hit = table.lookup(path)
            if hit is not None:
                return self._route(request, hit)
        if self._wildcard:
            dot = host.find(".")
            if dot > 0:
                table = self._wildcard.get(host[dot + 1 :])
                if table is not None:
                    hit = table.lookup(path)
                    if hit is not None:
                        return self._route(request, hit)
        hit = self._any.lookup(path)
        if hit is not None:
            return self._route(request, hit)
        return self._fallback(request, ())

    def _route(self, request: Request, entry: _Entry, trail: tuple[Step, ...] = ()) -> Resolution:
        matched = self._matches.get(entry.order)
        if matched is None:
            matched = self._matches[entry.order] = entry.match()
        backend = entry.path.backend
        unresolved = self._unresolved(backend)
        if unresolved is not None:
            steps = (*trail, Step(str(backend), "no match", unresolved)) if trail else ()
            return Resolution(
                "spec",
                request,
                Outcome.UNRESOLVED_BACKEND,
                backend=backend,
                matched=matched,
                message=unresolved,
                explain=steps,
            )
        return Resolution(
            "spec",
            request,
            Outcome.ROUTE,
            backend=backend,
            matched=matched,
            explain=trail,
        )

    def _unresolved(self, backend: Backend | None) -> str | None:
        """Why a backend does not name a Service port (a Resource backend is left alone)."""
        if backend is None:
            return None
        state = self.services.lookup(backend)
        if state.problem in ("no-service", "no-port"):
            return f"{state.reason} ({self.services.note})"
        return None

    def _fallback(self, request: Request, trail: tuple[Step, ...]) -> Resolution:
        if self._default is not None:
            ingress, backend = self._default
            steps = (
                *trail,
                Step(
                    f"spec.defaultBackend of {ingress.ref}",
                    "match",
                    "no rule matched; the default backend takes the request",
                ),
            )
            return Resolution(
                "spec",
                request,
                Outcome.DEFAULT_BACKEND,
                backend=backend,
                explain=steps if trail else (),
            )
        steps = (
            *trail,
            Step(
                "(no default backend)",
                "note",
                "no rule matched and no Ingress sets spec.defaultBackend: "
                "the controller's own default answers 404",
            ),
        )
        return Resolution(
            "spec", request, Outcome.NOT_FOUND, status=404, explain=steps if trail else ()
        )

    def _resolve_explained(self, request: Request) -> Resolution:
        if not self._walk_ready:
            # Longer paths first, Exact before Prefix at equal length, then input order: the
            # order the trail walks, and the order the index's answers must agree with. Sorted
            # on the first explained resolve, so that building the index does not pay for it.
            self._entries.sort(key=_precedence)
            self._walk_ready = True
        host = normalize_host(request.host)
        steps: list[Step] = []
        for tier, label in (
            (_tier_exact, "precise host"),
            (_tier_wildcard, "wildcard host"),
            (_tier_any, "any host"),
        ):
            candidates = [e for e in self._entries if tier(e.rule.host)]
            if not candidates:
                continue
            hosts = [e for e in candidates if host_matches(e.rule.host, host)]
            if not hosts:
                continue
            if label == "precise host":
                reason = f"rules for exactly {host!r} are considered first"
            elif label == "wildcard host":
                reason = (
                    f"wildcard rules that cover {host!r} (one more label) come next; {_UNRANKED}"
                )
            else:
                reason = f"rules without host match any host; {_UNRANKED}"
            steps.append(Step(label, "note", reason))
            for entry in hosts:
                verdict, reason = _path_verdict(entry, request.path)
                steps.append(Step(_describe(entry), verdict, reason))
                if verdict == "match":
                    return self._route(request, entry, tuple(steps))
        if not steps:
            steps.append(Step("(rules)", "no match", f"no rule's host matches {host!r}"))
        return self._fallback(request, tuple(steps))


def _served(ingress: Ingress, classes: set[str]) -> ClassDecision:
    """Whether any controller serves the Ingress. A class it names explicitly must exist: an
    IngressClass of the input, or one the modelled controllers' charts install (`alb`,
    `nginx`) when the input does not hold it. Defaulting applies only to Ingresses without a
    class (Kubernetes Ingress concept page, "Default IngressClass"; the admission plugin sets
    the default at creation): a class that names no controller is served by none."""
    name = ingress.class_name or ingress.class_annotation
    if name is None:
        return ClassDecision(ingress.ref, True, "no class: the Ingress spec applies to it")
    if name in classes or name in CHART_CLASSES:
        return ClassDecision(ingress.ref, True, f"class {name}: the Ingress spec applies to it")
    return ClassDecision(
        ingress.ref,
        False,
        f"class {name} names no IngressClass of the input nor one a modelled controller "
        "installs: no controller serves it",
    )


def host_matches(rule_host: str | None, host: str) -> bool:
    """Spec host matching: precise equality, `*.foo.com` = one more label, None = any."""
    if rule_host is None:
        return True
    if rule_host.startswith("*."):
        dot = host.find(".")
        return dot > 0 and host[dot + 1 :] == rule_host[2:]
    return rule_host == host


def _tier_exact(host: str | None) -> bool:
    return host is not None and not host.startswith("*.")


def _tier_wildcard(host: str | None) -> bool:
    return host is not None and host.startswith("*.")


def _tier_any(host: str | None) -> bool:
    return host is None


def _precedence(entry: _Entry) -> tuple[int, int, int]:
    """Longest path as written first (`/foo/` before `/foo`), Exact before Prefix at equal
    length, then input order (types.go HTTPIngressPath)."""
    path = entry.path
    return (-len(path.path), 0 if path.path_type == "Exact" else 1, entry.order)


def _describe(entry: _Entry) -> str:
    host = entry.rule.host or "*"
    return f"{entry.ingress.ref} {host} {entry.path.path} ({entry.path.path_type})"


def _path_verdict(entry: _Entry, path: str) -> tuple[str, str]:
    rule_path, kind = entry.path.path, entry.path.path_type
    if kind == "Exact":
        if rule_path == path:
            return "match", "Exact: the path is equal"
        return "no match", f"Exact: {path!r} is not {rule_path!r}"
    if kind == "Prefix":
        if prefix_matches(rule_path, path):
            return "match", f"Prefix: {rule_path!r} is an element-wise prefix of {path!r}"
        return "no match", f"Prefix: {rule_path!r} is not an element-wise prefix of {path!r}"
    return "skipped", (
        "ImplementationSpecific: matching is up to the IngressClass; the spec "
        "model does not decide it"
    )
