"""The catalogue "ALB Gateway vs the Gateway API spec": every witness, run through both models.

Each witness is a manifest `examples/gateway-alb-*.yaml`. Requests are made from its Gateways
and HTTPRoutes, aimed where the two models part ways: every hostname (a wildcard's one and two
labels deep and its own domain; a name in upper case) on every listener port, `/` and every
path at its boundaries (one segment deeper, as written, with and without a trailing slash, one
character longer and shorter, in upper case), each with no header and no query, each match's
method, each header match's value as written, in other case and split at its commas, each
query parameter in other case. Every request is answered by the Gateway API model (`gateway`)
and the ALB Gateway model (`alb-gateway`) of one Engine, and kept when the client gets
something else (outcome, backend, status, Location, or the path the backend receives).

`python tests/alb_gateway_catalogue.py` prints the tables of
docs/explanation/alb-gateway-vs-gateway-api.md; tests/test_alb_gateway_catalogue.py checks the
page holds exactly these, and that every witness on which the models differ is on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ingresslab
from ingresslab import Engine, Manifests, Outcome, Request, Resolution

ROOT = Path(__file__).resolve().parent.parent
MODELS = ("gateway", "alb-gateway")
HEADER = "| n | for example | Gateway API | ALB Gateway |"
PATTERN = "examples/gateway-alb-*.yaml"


@dataclass(frozen=True, slots=True)
class Group:
    """Requests on which the two models did the same two things (rule for rule)."""

    answers: tuple[Resolution, Resolution]
    requests: tuple[Request, ...]


def _hosts(manifests: Manifests) -> list[str]:
    names = [ls.hostname for g in manifests.gateways for ls in g.listeners if ls.hostname]
    names += [h for route in manifests.http_routes for h in route.hostnames]
    hosts: list[str] = []
    for name in names:
        if name.startswith("*."):
            domain = name[2:]
            hosts += [f"x.{domain}", f"a.b.{domain}", domain]
        else:
            hosts += [name, name.upper()]
    hosts.append("unmatched.invalid")
    return list(dict.fromkeys(hosts))


def _listeners(manifests: Manifests) -> list[tuple[str, int | None]]:
    """(scheme, port in the URL) of every HTTP and HTTPS listener; None for a default port."""
    found = []
    for gateway in manifests.gateways:
        for listener in gateway.listeners:
            scheme = {"HTTP": "http", "HTTPS": "https"}.get(listener.protocol)
            if scheme is None:
                continue
            default = 443 if scheme == "https" else 80
            found.append((scheme, None if listener.port == default else listener.port))
    return list(dict.fromkeys(found)) or [("http", None)]


def _paths(manifests: Manifests) -> list[str]:
    paths: list[str] = ["/"]
    for route in manifests.http_routes:
        for rule in route.rules:
            for match in rule.matches:
                if match.path.type == "RegularExpression":
                    continue
                path = match.path.value.replace("*", "x")
                base = path.rstrip("/") or "/"
                paths += [base.rstrip("/") + "/x", match.path.value, path, base, base + "/"]
                paths.append(base + "x")
                if len(base) > 1:
                    paths.append(base[:-1])
                if path.upper() != path:
                    paths.append(path.upper())
    paths.append("/unmatched")
    return list(dict.fromkeys(p for p in paths if p.startswith("/")))


def _variants(manifests: Manifests) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """(method, headers, query) to send besides a plain GET."""
    found: list[tuple[str, tuple[tuple[str, str], ...], str]] = [("GET", (), "")]
    for route in manifests.http_routes:
        for rule in route.rules:
            for match in rule.matches:
                if match.method:
                    found.append((match.method, (), ""))
                for header in match.headers:
                    values = [header.value, header.value.lower(), header.value.upper()]
                    values += header.value.split(",")
                    found += [("GET", ((header.name, v),), "") for v in values if v]
                if match.headers:
                    every = tuple((h.name, h.value) for h in match.headers)
                    found.append(("GET", every, ""))
                for param in match.query:
                    for name, value in (
                        (param.name, param.value),
                        (param.name.upper(), param.value.lower()),
                        (param.name, param.value.upper()),
                    ):
                        found.append(("GET", (), f"{name}={value}"))
                if match.query:
                    every_query = "&".join(f"{q.name}={q.value}" for q in match.query)
                    every_header = tuple((h.name, h.value) for h in match.headers)
                    found.append((match.method or "GET", every_header, every_query))
    return list(dict.fromkeys(found))


def candidate_requests(manifests: Manifests) -> Iterator[Request]:
    variants = _variants(manifests)
    paths = _paths(manifests)
    for host in _hosts(manifests):
        for scheme, port in _listeners(manifests):
            for path in paths:
                for method, headers, query in variants:
                    yield Request(scheme, host, path, query, port, method=method, headers=headers)


def _key(answer: Resolution) -> tuple[object, ...]:
    """What the client gets; the backend only when the request reaches one."""
    routed = answer.outcome is Outcome.ROUTE
    return (
        answer.outcome,
        answer.backend if routed else None,
        answer.status,
        answer.location,
        answer.upstream_path if routed else None,
    )


def _group_key(answer: Resolution) -> tuple[object, ...]:
    matched = answer.matched
    rule = None if matched is None else (matched.route, matched.rule, matched.host, matched.path)
    return (answer.outcome, answer.backend, answer.status, rule, answer.upstream_path is None)


def groups(example: str) -> list[Group]:
    manifests = ingresslab.load(ROOT / example)
    engine = Engine(manifests)
    found: dict[tuple[object, ...], tuple[tuple[Resolution, Resolution], list[Request]]] = {}
    for request in candidate_requests(manifests):
        spec, alb = (engine.answer(request, model) for model in MODELS)
        if _key(spec) == _key(alb):
            continue
        key = (_group_key(spec), _group_key(alb))
        found.setdefault(key, ((spec, alb), []))[1].append(request)
    return [Group(answers, tuple(requests)) for answers, requests in found.values()]


def shown(request: Request) -> str:
    """A request as the table shows it: method (when not GET), URL, headers."""
    method = "" if request.method == "GET" else f"{request.method} "
    headers = "".join(f" `{name}: {value}`" for name, value in request.headers)
    return f"`{method}{request.url}`{headers}"


def answer(result: Resolution) -> str:
    if result.outcome is Outcome.ROUTE and result.backend is not None:
        where = f" via `{result.matched.path}`" if result.matched else ""
        upstream = f", upstream `{result.upstream_path}`" if result.upstream_path else ""
        return f"{result.backend.service}{where}{upstream}"
    if result.outcome is Outcome.REDIRECT:
        return f"{result.status} to `{result.location}`"
    status = f" {result.status}" if result.status else ""
    return f"{result.outcome}{status}"


def table(example: str) -> str:
    lines = [HEADER, "|---|---|---|---|"]
    for group in groups(example):
        spec, alb = group.answers
        lines.append(
            f"| {len(group.requests)} | {shown(group.requests[0])} | {answer(spec)} | "
            f"{answer(alb)} |"
        )
    return "\n".join(lines)


def witnesses(paths: Iterable[Path] | None = None) -> list[str]:
    """Witness manifests on which the two models answer some request differently."""
    found = []
    for path in sorted(paths if paths is not None else ROOT.glob(PATTERN)):
        manifests = ingresslab.load(path)
        if manifests.errors:
            continue
        example = str(path.relative_to(ROOT))
        if groups(example):
            found.append(example)
    return found


if __name__ == "__main__":
    for example in witnesses():
        print(f"<!-- {example} -->")
        print(table(example))
        print()
