"""Deterministic, seeded workloads for the benchmarks: realistic `kubectl get -o yaml` dumps.

Kept out of the package: only benchmarks and tests use it.
"""

from __future__ import annotations

import random
from typing import Any

from ingresslab import Backend, HTTPPath, Ingress, IngressRule, Request
from ingresslab._k8s.yaml import Pos

__all__ = ["ingress_dump", "request_stream", "rule_set"]

_WORDS = ("api", "shop", "cart", "users", "v1", "v2", "static", "admin", "search", "orders")


def _ingress(rng: random.Random, i: int) -> dict[str, Any]:
    namespace = f"team-{i % 50}"
    host = f"app{i}.team-{i % 50}.example.com" if rng.random() < 0.9 else f"*.w{i}.example.com"
    paths = []
    for j in range(rng.randint(2, 5)):
        depth = rng.randint(1, 4)
        path = "/" + "/".join(rng.choice(_WORDS) for _ in range(depth)) + f"-{j}"
        paths.append(
            {
                "path": path,
                "pathType": "Prefix" if rng.random() < 0.7 else "Exact",
                "backend": {"service": {"name": f"svc-{i}-{j}", "port": {"number": 80 + j}}},
            }
        )
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            "name": f"ingress-{i}",
            "namespace": namespace,
            "uid": f"{i:08x}-0000-4000-8000-{i:012x}",
            "resourceVersion": str(100000 + i),
            "generation": 1,
            "creationTimestamp": f"2026-01-{1 + i % 28:02d}T10:{i % 60:02d}:00Z",
            "annotations": {
                "alb.ingress.kubernetes.io/scheme": "internet-facing",
                "alb.ingress.kubernetes.io/target-type": "ip",
                "alb.ingress.kubernetes.io/group.name": f"group-{i % 20}",
            },
            "labels": {"app.kubernetes.io/name": f"app{i}", "team": namespace},
        },
        "spec": {
            "ingressClassName": "alb",
            "rules": [{"host": host, "http": {"paths": paths}}],
            "tls": [{"hosts": [host], "secretName": f"tls-{i}"}],
        },
        "status": {
            "loadBalancer": {
                "ingress": [
                    {"hostname": f"k8s-group{i % 20}-abcdef-{i % 20}.eu-west-1.elb.amazonaws.com"}
                ]
            }
        },
    }


def ingress_dump(count: int, seed: int = 7) -> dict[str, Any]:
    """A `kind: List` of `count` Ingresses, as `kubectl get ingress -A -o yaml` prints it."""
    rng = random.Random(seed)
    return {
        "apiVersion": "v1",
        "kind": "List",
        "metadata": {"resourceVersion": ""},
        "items": [_ingress(rng, i) for i in range(count)],
    }


# ------------------------------------------------------------------------------------------------
# Routing workloads: Ingress model objects built directly (no YAML), and a request stream

_SEGMENTS = (
    "api", "v1", "v2", "users", "orders", "cart", "static", "img", "search", "admin",
    "items", "docs", "auth", "billing", "reports", "health", "assets", "graphql",
)  # fmt: skip
_POS = Pos(1, 1)


def _path_tree(rng: random.Random, root: str, count: int) -> list[str]:
    """`count` distinct paths of depth 1-5 under `/root`: later paths extend earlier ones, so
    prefixes nest (the longest-match choice matters)."""
    paths: list[str] = []
    seen: set[str] = set()
    while len(paths) < count:
        parent = rng.choice(paths) if paths and rng.random() < 0.6 else "/" + root
        if parent.count("/") >= 5:
            parent = "/" + root
        path = parent + "/" + rng.choice(_SEGMENTS) if parent in seen else parent
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return paths


def rule_set(rules: int, seed: int = 11, *, grouped: bool = True) -> list[Ingress]:
    """Ingresses holding `rules` paths in all: 80 % precise hosts, 10 % wildcard, 10 % host-less;
    70 % Prefix, 25 % Exact, 5 % ImplementationSpecific; every (host, path) is unique, so no
    controller sees a conflict. With `grouped`, each Ingress carries the annotation that puts it
    in one ALB; without, each Ingress gets an ALB of its own (the controller's default)."""
    rng = random.Random(seed)
    ingresses: list[Ingress] = []
    made = 0
    i = 0
    while made < rules:
        count = min(rng.randint(2, 8), rules - made)
        roll = rng.random()
        host = (
            f"app{i}.team{i % 50}.example.com"
            if roll < 0.8
            else f"*.w{i}.example.com"
            if roll < 0.9
            else None
        )
        root = rng.choice(_SEGMENTS) + (f"{i}" if host is None else "")
        paths = []
        for j, path in enumerate(_path_tree(rng, root, count)):
            kind = rng.random()
            path_type = (
                "Prefix" if kind < 0.7 else "Exact" if kind < 0.95 else "ImplementationSpecific"
            )
            paths.append(
                HTTPPath(
                    path=path,
                    path_type=path_type,
                    backend=Backend(f"team-{i % 50}", f"svc-{i}-{j}", 80),
                    index=j,
                    field=f"spec.rules[0].http.paths[{j}]",
                    pos=_POS,
                )
            )
        ingresses.append(
            Ingress(
                namespace=f"team-{i % 50}",
                name=f"ing-{i}",
                class_name=None,
                class_annotation=None,
                annotations={"alb.ingress.kubernetes.io/group.name": "bench"} if grouped else {},
                rules=(IngressRule(host, tuple(paths), 0, _POS),),
                default_backend=None,
                tls_hosts=(),
                creation_timestamp=f"2026-01-01T00:00:{i % 60:02d}Z",
                file="<bench>",
                pos=_POS,
            )
        )
        made += count
        i += 1
    return ingresses


def request_stream(ingresses: list[Ingress], count: int, seed: int = 13) -> list[Request]:
    """`count` requests: 80 % aimed at a rule (its path, or deeper under a Prefix), 20 % misses
    (unknown hosts, unknown paths on known hosts); some deep paths (up to 12 segments), some
    upper-case Hosts and ports."""
    rng = random.Random(seed)
    targets = [(ing, rule, p) for ing in ingresses for rule in ing.rules for p in rule.paths]
    out: list[Request] = []
    for _ in range(count):
        _, rule, p = rng.choice(targets)
        host = rule.host
        if host is None:
            host = f"any{rng.randrange(1000)}.example.org"
        elif host.startswith("*."):
            host = f"x{rng.randrange(100)}{host[1:]}"
        path = p.path
        if rng.random() < 0.2:  # a miss
            if rng.random() < 0.5:
                host = f"nobody{rng.randrange(10**6)}.example.net"
            path = "/" + "/".join(rng.choice(_SEGMENTS) for _ in range(rng.randint(1, 4))) + "-x"
        elif p.path_type != "Exact" and rng.random() < 0.5:
            deep = rng.randint(1, 7)
            path += "/" + "/".join(rng.choice(_SEGMENTS) for _ in range(deep))
        if rng.random() < 0.05:
            host = host.upper()
        port = 8080 if rng.random() < 0.02 else None
        out.append(Request("http", host, path, port=port))
    return out
