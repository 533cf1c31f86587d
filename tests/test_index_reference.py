"""Each model's index gives the answer of a naive scan over every rule (`benchmarks/reference.py`).

The rule sets and requests are the benchmark's generator at smaller sizes, plus requests made to
probe the index's edges (trailing slashes, deeper paths, case, ports, escapes, extra labels).
No timing here: speed lives in `make bench`.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import reference
from workload import request_stream, rule_set

from ingresslab import AlbModel, Ingress, Manifests, NginxModel, Options, Request, SpecModel


def _edge_requests(ingresses: list[Ingress], count: int, seed: int) -> list[Request]:
    rng = random.Random(seed)
    rules = [(r.host, p.path) for i in ingresses for r in i.rules for p in r.paths]
    out = []
    for _ in range(count):
        host, path = rng.choice(rules)
        host = host or "any.example.org"
        host = host.replace("*", rng.choice(["x", "a.b", "", "X-1"]))
        path = rng.choice(
            [
                path + "/",
                path + "x",
                path[:-1],
                path.upper(),
                path.replace("/", "//", 1),
                path + "/./y/../z",
                path.replace("/", "%2F", 2),
                path + "%20",
                "/",
                "",
            ]
        )
        host = rng.choice([host, host.upper(), host + ":443", host + ".", "[::1]:80", "a..b"])
        out.append(Request(rng.choice(["http", "https"]), host, path or "/"))
    return out


MODELS: dict[str, tuple[Callable[[list[Ingress]], Any], Callable[[Any], reference.Scan]]] = {
    "spec": (
        lambda i: SpecModel(Manifests(ingresses=i)),
        lambda m: reference.spec_scan(m.ingresses),
    ),
    "alb": (
        lambda i: AlbModel(Manifests(ingresses=i), options=Options(rule_quota=None)),
        reference.alb_scan,
    ),
    "nginx": (lambda i: NginxModel(Manifests(ingresses=i)), reference.nginx_scan),
}


@pytest.mark.parametrize("model_name", sorted(MODELS))
@pytest.mark.parametrize(("rules", "seed"), [(40, 1), (400, 2), (3_000, 3)])
def test_index_answers_equal_the_naive_scan(model_name: str, rules: int, seed: int) -> None:
    make, make_scan = MODELS[model_name]
    ingresses = rule_set(rules, seed=seed)
    model = make(ingresses)
    scan = make_scan(model)
    requests = request_stream(ingresses, 600, seed=seed) + _edge_requests(ingresses, 300, seed)
    for request in requests:
        assert reference.answer(model.resolve(request)) == scan(request), request


@pytest.mark.parametrize("model_name", sorted(MODELS))
def test_index_answers_equal_the_explained_walk(model_name: str) -> None:
    make, _ = MODELS[model_name]
    ingresses = rule_set(150, seed=5)
    model = make(ingresses)
    requests = request_stream(ingresses, 100, seed=5) + _edge_requests(ingresses, 50, 5)
    for request in requests:
        assert model.resolve(request) == model.resolve(request, explain=True), request


def test_the_generated_rules_cover_every_host_form_and_path_type() -> None:
    paths = [(r.host, p.path_type) for i in rule_set(400) for r in i.rules for p in r.paths]
    assert {t for _, t in paths} == {"Exact", "Prefix", "ImplementationSpecific"}
    assert any(h is None for h, _ in paths)
    assert any(h and h.startswith("*.") for h, _ in paths)
    assert any(h and not h.startswith("*.") for h, _ in paths)
