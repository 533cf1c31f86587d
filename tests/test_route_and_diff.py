"""`route` and `diff`: the three models side by side, and the requests where they part ways."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import ingresslab
from ingresslab import Outcome, Request
from ingresslab._cli import main
from ingresslab._tools.diff import candidate_requests, diff, group_differences

HOME = "examples/some-ingress.yaml"


@pytest.fixture(scope="module")
def home() -> ingresslab.Manifests:
    return ingresslab.load(HOME)


@pytest.mark.parametrize(
    ("url", "spec", "alb", "nginx"),
    [
        ("http://my.example.com/some-path", "service-a", "service-a", "service-a"),
        ("http://my.example.com/some-other-path", "service-b", "service-b", "service-b"),
        ("http://foo.example.com/some-path", "service-c", "service-c", "service-c"),
        # one label only under the spec and NGINX; any characters under ALB
        ("http://a.b.example.com/some-path", "service-d", "service-c", "service-d"),
        # a host with rules falls through to the host-less rule on the ALB and in the spec
        # model; NGINX's server for the host answers from its own fallback location: 404
        ("http://my.example.com/other", "service-d", "service-d", None),
        ("http://other.test/", "service-d", "service-d", "service-d"),
    ],
)
def test_home_page_ingress_routes_as_s9_describes_under_each_model(
    home: ingresslab.Manifests, url: str, spec: str, alb: str, nginx: str | None
) -> None:
    """S8/S9: host first, then path. Sources: kubernetes/website ingress.md; LBC v3.5.0
    pkg/ingress/model_build_listener_rules.go; ingress-nginx controller-v1.15.1 controller.go."""
    answers = ingresslab.route_all(home, url, any_class=True)
    services = [a.backend.service if a.backend else None for a in answers]
    assert services == [spec, alb, nginx]


def test_a_controller_that_manages_nothing_answers_ignored(home: ingresslab.Manifests) -> None:
    (answer,) = ingresslab.route_all(home, "http://my.example.com/", controllers=("nginx",))
    assert answer.outcome is Outcome.IGNORED
    assert "--any-class" in (answer.message or "")


def test_route_json_has_the_documented_shape() -> None:
    result = CliRunner().invoke(
        main, ["route", "-f", HOME, "-o", "json", "http://my.example.com/some-path?q=1"]
    )
    assert result.exit_code == 0, result.output
    answers = json.loads(result.output)
    assert [a["controller"] for a in answers] == ["spec", "alb", "nginx"]
    assert set(answers[1]) == {
        "controller", "load_balancer", "request", "outcome", "status", "backend", "location",
        "upstream_path", "matched", "message", "explain",
    }  # fmt: skip
    assert answers[1]["load_balancer"] == "ingress"
    assert answers[1]["upstream_path"] is None  # no rewrite
    assert answers[1]["request"] == {"scheme": "http", "host": "my.example.com",
                                     "path": "/some-path"}  # fmt: skip
    assert answers[1]["backend"] == {"namespace": "default", "service": "service-a", "port": 80}
    assert answers[1]["matched"] == {
        "ingress": "default/some-ingress", "host": "my.example.com", "path": "/some-path",
        "pathType": "Prefix", "priority": 2,
    }  # fmt: skip


def test_route_exit_codes() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["route", "-f", HOME, "http://a/"]).exit_code == 0
    broken = runner.invoke(main, ["route", "-f", "examples/some-ingress.broken.yaml", "http://a/"])
    assert broken.exit_code == 1
    assert runner.invoke(main, ["route", "-f", HOME, "not-a-url"]).exit_code == 2


def test_route_host_header_overrides_the_url_host(home: ingresslab.Manifests) -> None:
    result = CliRunner().invoke(
        main,
        ["route", "-f", HOME, "--controller", "spec", "-o", "json", "--header",
         "Host: my.example.com", "http://10.0.0.1/some-other-path"],
    )  # fmt: skip
    assert json.loads(result.output)[0]["backend"]["service"] == "service-b"


def test_explain_walks_every_candidate_in_order(home: ingresslab.Manifests) -> None:
    answer = ingresslab.route(home, "http://my.example.com/other", controller="alb", explain=True)
    priorities = [s.priority for s in answer.explain if s.priority is not None]
    assert priorities == sorted(priorities)
    assert answer.explain[-1].verdict == "match"


def test_diff_finds_the_two_home_page_lessons(home: ingresslab.Manifests) -> None:
    groups = group_differences(diff(home))
    lessons = {
        (g.answers[0].backend.service if g.answers[0].backend else None,
         g.answers[1].outcome)
        for g in groups
    }  # fmt: skip
    assert lessons == {("service-d", Outcome.NOT_FOUND), ("service-c", Outcome.ROUTE)}
    assert any(r.host == "a.b.example.com" for g in groups for r in g.requests)


def test_diff_requests_hit_rule_boundaries(home: ingresslab.Manifests) -> None:
    urls = {r.url for r in candidate_requests(home)}
    for url in (
        "http://my.example.com/some-path",
        "http://my.example.com/some-path/",
        "http://my.example.com/some-pathx",
        "http://my.example.com/some-pat",
        "http://a.b.example.com/some-path",
        "http://example.com/some-path",
    ):
        assert url in urls


def test_diff_of_identical_behaviour_is_empty() -> None:
    manifests = ingresslab.loads(
        """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
    - host: web.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
"""
    )
    assert diff(manifests, requests=[Request.from_url("http://web.example.com/a")]) == []


def test_diff_cli_prints_groups_and_exit_0() -> None:
    result = CliRunner().invoke(main, ["diff", "-f", HOME, "-o", "json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)
    assert len(groups) == 2
    assert all(len(g["answers"]) == 2 for g in groups)
    usage = CliRunner().invoke(main, ["diff", "-f", HOME, "--controllers", "alb"])
    assert usage.exit_code == 2
