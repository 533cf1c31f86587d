"""`route` and `trace` agree: on every example and test manifest, for requests at the rules'
boundaries, the trace's routing answer is the engine's, and the trace reaches a pod exactly
when that answer sends the request to a backend (no-endpoint and named-targetPort cases
included)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingresslab
from ingresslab import Engine, Outcome
from ingresslab._tools.diff import candidate_requests

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = sorted(
    p
    for p in [*(ROOT / "examples").rglob("*.yaml"), *(ROOT / "tests" / "data").glob("*.yaml")]
    if (m := ingresslab.load(p)).ingresses and not m.errors
)
ARCHITECTURES = {"alb-ip": "alb", "nlb-nginx": "nginx"}
ROUTED = (Outcome.ROUTE, Outcome.DEFAULT_BACKEND)


def test_there_are_manifests_to_walk() -> None:
    assert len(MANIFESTS) >= 20


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_trace_follows_route(path: Path) -> None:
    engine = Engine(ingresslab.load(path), any_class=True)
    for request in candidate_requests(engine.manifests, limit=120):
        for architecture, controller in ARCHITECTURES.items():
            answer = engine.answer(request, controller)
            result = ingresslab.trace(engine, request, architecture)
            assert result.routing == answer, (path.name, request.url, architecture)
            reached = result.hops[-1].kind == "pod"
            assert reached == (answer.outcome in ROUTED), (
                path.name, request.url, architecture, answer.outcome, result.error,
            )  # fmt: skip


def test_no_ready_endpoint_is_503_in_route_and_in_trace() -> None:
    text = (ROOT / "examples" / "shop.yaml").read_text().replace("replicas: 3", "replicas: 0")
    engine = Engine(ingresslab.loads(text), any_class=True)
    url = "http://shop.example.com/"
    for architecture, controller in ARCHITECTURES.items():
        answer = engine.answer(url, controller)
        assert (answer.outcome, answer.status) == (Outcome.SERVICE_UNAVAILABLE, 503), controller
        assert ingresslab.trace(engine, url, architecture).hops[-1].kind != "pod"


def test_a_named_target_port_no_container_declares_has_no_endpoint() -> None:
    text = (ROOT / "examples" / "shop.yaml").read_text()
    assert "targetPort: http" in text
    broken = text.replace("targetPort: http", "targetPort: no-such-port")
    engine = Engine(ingresslab.loads(broken), any_class=True)
    answer = engine.answer("http://shop.example.com/", "nginx")
    assert answer.status == 503 and "has a port named no-such-port" in (answer.message or "")
