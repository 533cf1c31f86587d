"""Naive reference scans, one per controller model: every rule, every request, no index.

Each states its model's semantics as plainly as possible, independently of the model's index, so
that the benchmark (and `tests/test_index_reference.py`) can check the index's answer against it
on every request. A scan returns the rule the request reaches as the model's `Match` (None: no
rule). Building a scan only flattens the model's public values into a list; it indexes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ingresslab import AlbModel, Ingress, Match, NginxModel, Request, Resolution
from ingresslab._controllers.alb.build import Rule
from ingresslab._http import nginx_host, normalize_host
from ingresslab._http import nginx_uri as normalize_uri

__all__ = ["alb_scan", "answer", "nginx_scan", "spec_scan"]

Scan = Callable[[Request], Match | None]


def spec_scan(ingresses: Sequence[Ingress]) -> Scan:
    """The Ingress spec: precise host, then wildcard (one more label), then host-less rules;
    within a tier the longest path as written, Exact before Prefix at equal length, then input
    order.
    Prefix matches whole `/`-separated elements, a trailing `/` ignored; ImplementationSpecific
    never matches."""
    rules = []
    order = 0
    for ingress in ingresses:
        for rule in ingress.rules:
            for path in rule.paths:
                rules.append((ingress, rule.host, path, order))
                order += 1

    def scan(request: Request) -> Match | None:
        host = normalize_host(request.host)
        url = request.path
        best: tuple[int, int, int, int] | None = None
        found = None
        for ingress, rule_host, path, order in rules:
            if rule_host is None:
                tier = 2
            elif rule_host.startswith("*."):
                dot = host.find(".")
                if dot <= 0 or host[dot + 1 :] != rule_host[2:]:
                    continue
                tier = 1
            elif rule_host == host:
                tier = 0
            else:
                continue
            if path.path_type == "Exact":
                if path.path != url:
                    continue
                key = (tier, -len(path.path), 0, order)
            elif path.path_type == "Prefix":
                base = path.path.rstrip("/")
                if base and url != base and not url.startswith(base + "/"):
                    continue
                key = (tier, -len(path.path), 1, order)  # /foo/ outranks /foo
            else:
                continue
            if best is None or key < best:
                best, found = key, (ingress, rule_host, path)
        if found is None:
            return None
        ingress, rule_host, path = found
        return Match(ingress.ref, rule_host, path.path, path.path_type)

    return scan


def _alb_glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def alb_scan(model: AlbModel) -> Scan:
    """The ALB of the first load balancer: the listener for the request's port, then its rules by
    ascending priority, the first whose conditions all hold (values OR'ed; `*` any characters,
    `?` one; hosts ignore case, paths not)."""
    lb = model.load_balancers[0]
    listeners: dict[int, list[tuple[Rule, list[list[re.Pattern[str]]]]]] = {}
    for listener in lb.listeners:
        rules = []
        for rule in listener.rules:
            conditions = []
            for condition in rule.conditions:
                if condition.field not in ("host-header", "path-pattern") or condition.regex_values:
                    raise ValueError(f"the scan covers host and path globs, not {condition}")
                host = condition.field == "host-header"
                conditions.append([_alb_glob(v, host) for v in condition.values])
            rules.append((rule, conditions))
        listeners[listener.port] = rules

    def scan(request: Request) -> Match | None:
        port = request.port or (443 if request.scheme == "https" else 80)
        if port not in listeners:
            return None
        host = normalize_host(request.host)
        for rule, conditions in listeners[port]:
            for condition, values in zip(rule.conditions, conditions, strict=True):
                text = host if condition.field == "host-header" else request.path
                if not any(v.fullmatch(text) for v in values):
                    break
            else:
                return rule.match()
        return None

    return scan


def nginx_scan(model: NginxModel) -> Scan:
    """nginx: exact server names, then wildcard (regex) names in config order, else `_`; in the
    server, an `=` location equal to the URI, else a prefix location equal to the URI, else a
    location named URI + `/` (a 301), else the longest prefix location; in a regex server the
    first regex that matches. A location the controller fills (fallback `/`) is no rule."""
    servers = model.servers
    names = [(s.names[0], i) for i, s in enumerate(servers) if not s.names[0].startswith("~")]
    regexes = [
        (re.compile(s.names[0][1:].replace("(?<", "(?P<"), re.ASCII), i)
        for i, s in enumerate(servers)
        if s.names[0].startswith("~")
    ]
    default = next(i for name, i in names if name == "_")

    def scan(request: Request) -> Match | None:
        host = nginx_host(request.host)
        uri = normalize_uri(request.path)
        if host is None or uri is None:
            return None
        chosen = next((i for name, i in names if name == host), None)
        if chosen is None:
            chosen = next((i for rx, i in regexes if rx.search(host)), default)
        server = servers[chosen]
        if server.enforce_regex:
            raise ValueError("the scan covers prefix and exact locations only")
        exact = equal = redirect = longest = None
        for i, loc in enumerate(server.locations):
            if loc.path == uri:
                if loc.modifier == "=":
                    exact = i if exact is None else exact
                else:
                    equal = i if equal is None else equal
            elif loc.path == uri + "/":
                if redirect is None or (
                    loc.modifier == "=" and server.locations[redirect].modifier != "="
                ):
                    redirect = i
            elif (
                loc.modifier == ""
                and uri.startswith(loc.path)
                and (longest is None or len(loc.path) > len(server.locations[longest].path))
            ):
                longest = i
        pick = next((i for i in (exact, equal, redirect, longest) if i is not None), None)
        if pick is None:
            return None
        loc = server.locations[pick]
        if loc.source != "rule" or loc.backend is None:
            return None
        return Match(
            loc.ingress or "",
            None if server.is_default else server.hostname,
            loc.ingress_path,
            loc.declared_type,
            pick,
        )

    return scan


def answer(resolution: Resolution | list[Resolution]) -> Match | None:
    """The rule a model's answer names, comparable with a scan's."""
    if isinstance(resolution, list):
        resolution = resolution[0]
    return resolution.matched
