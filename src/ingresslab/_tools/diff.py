"""Concrete requests that two controller models answer differently.

The requests are generated from the rules themselves, aimed where the models are known to part
ways: each path exactly, with and without a trailing slash, one character longer and shorter,
one segment deeper, in upper case; each host exactly, in upper case, one and two labels under
a wildcard and the wildcard's own domain; and a host no rule names. Every path is tried on
every host, so a host-less rule is tried where a named host's rules leave gaps, and requests
to a host with TLS go over `https://` too (TLS hosts and ssl-redirects part ways there). Every
request is resolved by each model of one `Engine` (each model built once) and kept when the
answers the client gets differ.

This module knows nothing about how any model decides, nor how results are printed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .._engine import Engine
from .._k8s.manifests import Manifests
from .._k8s.model import Ingress
from .._result import Outcome, Request, Resolution

__all__ = ["Difference", "DifferenceGroup", "candidate_requests", "diff", "group_differences"]

#: Most requests `diff` tries, so a large input stays fast; the generator's order puts the
#: most telling requests first.
MAX_REQUESTS = 20_000


@dataclass(frozen=True, slots=True)
class Difference:
    """One request and the answers of the models compared, in the order asked."""

    request: Request
    answers: tuple[Resolution, ...]


@dataclass(frozen=True, slots=True)
class DifferenceGroup:
    """Differences whose answers agree rule for rule: one lesson, several example requests."""

    answers: tuple[Resolution, ...]  # those of the first request
    requests: tuple[Request, ...]


def _hosts(ingresses: Iterable[Ingress]) -> list[str]:
    hosts: list[str] = []
    for ingress in ingresses:
        for rule in ingress.rules:
            host = rule.host
            if host is None:
                continue
            if host.startswith("*."):
                domain = host[2:]
                hosts += [f"x.{domain}", f"a.b.{domain}", domain, f"X.{domain}".upper()]
            else:
                hosts += [host, host.upper()]
    hosts.append("unmatched.invalid")
    return list(dict.fromkeys(hosts))


def _paths(ingresses: Iterable[Ingress]) -> list[str]:
    paths: list[str] = []
    for ingress in ingresses:
        for rule in ingress.rules:
            for item in rule.paths:
                path = item.path.replace("*", "x").replace("?", "x") or "/"
                if not path.startswith("/"):
                    continue
                base = path.rstrip("/") or "/"
                paths += [path, base, base + "/", base + "x", base.rstrip("/") + "/x"]
                if len(base) > 1:
                    paths.append(base[:-1])
                if path.upper() != path:
                    paths.append(path.upper())
    paths += ["/", "/unmatched"]
    return list(dict.fromkeys(p for p in paths if p.startswith("/")))


def _https_hosts(ingresses: Iterable[Ingress]) -> set[str] | None:
    """Hosts worth asking over https: those of an Ingress with `spec.tls` (ingress-nginx
    redirects them, and serves them over TLS) or with an ALB HTTPS listener; None: every host
    (a `spec.tls` entry without hosts, or an HTTPS listener on a host-less rule)."""
    hosts: set[str] = set()
    for ingress in ingresses:
        annotations = ingress.annotations
        alb_https = "alb.ingress.kubernetes.io/certificate-arn" in annotations or "HTTPS" in (
            annotations.get("alb.ingress.kubernetes.io/listen-ports", "")
        )
        if not (ingress.has_tls or alb_https):
            continue
        named = [r.host for r in ingress.rules if r.host]
        if any(r.host is None for r in ingress.rules) or (
            ingress.has_tls and not ingress.tls_hosts and not named
        ):
            return None
        hosts.update(h.lower() for h in (*named, *ingress.tls_hosts))
    return hosts


def _covered(host: str, patterns: set[str]) -> bool:
    host = host.lower()
    if host in patterns:
        return True
    dot = host.find(".")
    return any(p.startswith("*.") and host.endswith(p[1:]) for p in patterns) or (
        dot > 0 and "*" + host[dot:] in patterns
    )


def candidate_requests(manifests: Manifests, *, limit: int = MAX_REQUESTS) -> list[Request]:
    """Requests at the rules' boundaries: every generated host with every generated path, over
    http, and over https too for hosts with TLS (`spec.tls`, an ALB HTTPS listener)."""
    hosts = _hosts(manifests.ingresses)
    paths = _paths(manifests.ingresses)
    secure = _https_hosts(manifests.ingresses)
    requests = []
    for host in hosts:
        name, _, port = host.partition(":")
        schemes = ("http", "https") if secure is None or _covered(name, secure) else ("http",)
        for path in paths:
            for scheme in schemes:
                requests.append(Request(scheme, name, path, port=int(port) if port else None))
            if len(requests) >= limit:
                return requests[:limit]
    return requests


_ROUTED = (Outcome.ROUTE, Outcome.DEFAULT_BACKEND)


def _answer_key(answer: Resolution) -> tuple[object, ...]:
    # What the client gets: the backend only matters when the request reaches one. A Host no
    # load balancer takes is served by no rule, as a 404 is: the two compare as the same.
    if answer.outcome is Outcome.NO_LOAD_BALANCER:
        return (Outcome.NOT_FOUND, None, 404, None)
    backend = answer.backend if answer.outcome in _ROUTED else None
    return (answer.outcome, backend, answer.status, answer.location)


def diff(
    manifests: Manifests | Engine,
    *,
    controllers: Sequence[str] = ("alb", "nginx"),
    any_class: bool = True,
    requests: Sequence[Request] | None = None,
) -> list[Difference]:
    """Requests the `controllers` answer differently (by outcome, backend, status or
    redirect location), with every answer.

    Given `Manifests`, one `Engine` is built with `any_class` (default True: every Ingress is
    simulated under each controller, whatever its class, since the question is how the same
    rules behave under each); given an `Engine`, its options stand. Each model answers with the
    load balancer DNS would send the Host to (`Engine.answer`).
    """
    engine = manifests if isinstance(manifests, Engine) else Engine(manifests, any_class=any_class)
    differences = []
    for request in requests if requests is not None else candidate_requests(engine.manifests):
        answers = tuple(engine.answer(request, controller) for controller in controllers)
        if len({_answer_key(a) for a in answers}) > 1:
            differences.append(Difference(request, answers))
    return differences


def _group_key(answer: Resolution) -> tuple[object, ...]:
    matched = answer.matched
    rule = None if matched is None else (matched.ingress, matched.host, matched.path)
    return (answer.controller, answer.outcome, answer.backend, answer.status, rule)


def group_differences(differences: Iterable[Difference]) -> list[DifferenceGroup]:
    """Differences grouped by what each model did (outcome, backend, matched rule)."""
    groups: dict[tuple[object, ...], tuple[tuple[Resolution, ...], list[Request]]] = {}
    for difference in differences:
        key = tuple(_group_key(a) for a in difference.answers)
        groups.setdefault(key, (difference.answers, []))[1].append(difference.request)
    return [DifferenceGroup(answers, tuple(requests)) for answers, requests in groups.values()]
