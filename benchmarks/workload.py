"""Deterministic, seeded workloads for the benchmarks: realistic `kubectl get -o yaml` dumps.

Kept out of the package: only benchmarks and tests use it.
"""

from __future__ import annotations

import random
from typing import Any

__all__ = ["ingress_dump"]

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
