"""`table` and `compare`: the text helpers the pages print results with."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingresslab

ROOT = Path(__file__).resolve().parent.parent
SOME_INGRESS = ROOT / "examples" / "some-ingress.yaml"


def test_table_lines_up_columns_under_the_header() -> None:
    rows = [{"host": "a.test", "port": 80}, {"host": "longer.example.com", "port": None}]
    text = ingresslab.table(rows, "host", "port")
    assert text.splitlines() == [
        "host                port",
        "a.test              80",
        "longer.example.com  -",
    ]
    assert text.rows == (("a.test", "80"), ("longer.example.com", "-"))


def test_table_walks_dotted_names_and_takes_functions() -> None:
    manifests = ingresslab.load(SOME_INGRESS)
    results = ingresslab.route_all(manifests, "http://my.example.com/other", any_class=True)
    text = ingresslab.table(
        results, "controller", "backend.service", ("routed", lambda r: r.backend is not None)
    )
    assert text.header == ("controller", "backend.service", "routed")
    assert text.rows == (
        ("spec", "service-d", "yes"),
        ("alb", "service-d", "yes"),
        ("nginx", "-", "no"),
    )


def test_table_needs_a_column() -> None:
    with pytest.raises(ValueError, match="at least one column"):
        ingresslab.table([1, 2])


def test_compare_marks_where_the_models_disagree() -> None:
    manifests = ingresslab.load(SOME_INGRESS)
    text = ingresslab.compare(
        manifests, ["http://my.example.com/some-path", "http://my.example.com/other"]
    )
    assert text.header == ("url", "spec", "alb", "nginx", "same?")
    agree, disagree = text.rows
    assert agree[1:] == ("default/service-a:80",) * 3 + ("yes",)
    assert disagree[2] == "default/service-d:80"
    assert disagree[3] == "404 not-found"
    assert disagree[4] == "NO"


def test_compare_uses_the_engine_it_is_given() -> None:
    engine = ingresslab.Engine(ingresslab.load(SOME_INGRESS))  # classes as written: alb only
    (row,) = ingresslab.compare(engine, "http://my.example.com/other").rows
    assert row[3] == "ignored"


def test_answer_text_names_a_default_backend() -> None:
    manifests = ingresslab.loads(
        """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
"""
    )
    result = ingresslab.route(manifests, "http://x.test/")
    assert ingresslab.answer_text(result) == "default/fallback:80 (default-backend)"
