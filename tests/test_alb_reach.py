"""The ALB model reaches, in one lookup, the load balancers DNS would send a Host to; its
answers equal a naive walk over every load balancer (a property test).

The naive walk: every load balancer, each answered with the explained rule walk; keep those
whose rules name the Host exactly, else those whose wildcard covers it, else the one that
takes any host (host-less rules, a default backend, a redirect default action); none when
zero or several do.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ingresslab
from ingresslab import AlbModel, Request
from ingresslab._http import normalize_host

HOSTS = ["a.test", "b.test", "x.a.test", "*.a.test", "*.test", None]
PATHS = ["/", "/api", "/api/v1", "/static"]


def _ingress(i: int, host: str | None, path: str, default: bool, grouped: bool) -> str:
    rule: dict[str, object] = {"http": {"paths": [{
        "path": path, "pathType": "Prefix",
        "backend": {"service": {"name": f"s{i}", "port": {"number": 80}}},
    }]}}  # fmt: skip
    if host is not None:
        rule["host"] = host
    spec: dict[str, object] = {"ingressClassName": "alb", "rules": [rule]}
    if default:
        spec["defaultBackend"] = {"service": {"name": "fallback", "port": {"number": 80}}}
    annotations = {"alb.ingress.kubernetes.io/group.name": f"g{i % 3}"} if grouped else {}
    obj = {
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": f"ing{i}", "annotations": annotations}, "spec": spec,
    }  # fmt: skip
    return "---\n" + json.dumps(obj) + "\n"


def _glob(pattern: str, host: str) -> bool:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(body, host) is not None


def naive(model: AlbModel, request: Request) -> list[ingresslab.Resolution]:
    host = normalize_host(request.host)
    exact, wildcard, anywhere = [], [], []
    for position, lb in enumerate(model.load_balancers):
        values = set()
        takes_any = False
        for listener in lb.listeners:
            takes_any |= listener.default_ingress is not None
            takes_any |= listener.default_actions[0].type == "redirect"
            for rule in listener.rules:
                hosts = [c for c in rule.conditions if c.field == "host-header"]
                if not hosts:
                    takes_any = True
                values.update(v.lower() for c in hosts for v in c.values)
        if host in values:
            exact.append(position)
        elif any("*" in v and _glob(v, host) for v in values):
            wildcard.append(position)
        if takes_any:
            anywhere.append(position)
    chosen = exact or wildcard or anywhere
    if not (exact or wildcard) and len(anywhere) != 1:
        return []  # nothing names the Host, and zero or several take any: DNS decides
    return [
        model._resolve_one(model.load_balancers[i], model._indexes[i], request, host, True)
        for i in chosen
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(HOSTS), st.sampled_from(PATHS), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    st.booleans(),
    st.sampled_from(["a.test", "x.a.test", "y.a.test", "b.test", "c.other", "A.TEST:80"]),
    st.sampled_from(["/", "/api/v1/x", "/static", "/nothing"]),
)
def test_reached_load_balancers_answer_as_the_naive_walk(
    specs: list[tuple[str | None, str, bool]], grouped: bool, host: str, path: str
) -> None:
    text = "".join(_ingress(i, h, p, d and i == 0, grouped) for i, (h, p, d) in enumerate(specs))
    model = AlbModel(ingresslab.loads(text))
    request = Request.from_url(f"http://{host}{path}")
    expected = naive(model, request)
    got = model.resolve(request)
    if not expected:
        assert [a.outcome for a in got] == [ingresslab.Outcome.NO_LOAD_BALANCER]
        assert got[0].load_balancer is None
    else:
        assert got == expected
