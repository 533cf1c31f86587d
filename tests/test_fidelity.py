"""Where the real systems refuse: the ELBv2 API, ingress-nginx's webhook, and what `lint` says
about it. Each test names its source; `lint` and `route` agree on whether a manifest works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import ingresslab
from ingresslab import Engine, Outcome
from ingresslab._cli import main
from ingresslab._controllers.alb.elbv2 import value_error

A = "alb.ingress.kubernetes.io/"


def ingress(
    name: str, host: str | None, path: str, path_type: str = "Prefix", **annotations: str
) -> str:
    rule: dict[str, object] = {"http": {"paths": [{
        "path": path, "pathType": path_type,
        "backend": {"service": {"name": name, "port": {"number": 80}}},
    }]}}  # fmt: skip
    if host is not None:
        rule["host"] = host
    obj = {
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": name, "annotations": annotations},
        "spec": {"ingressClassName": annotations.pop("class", "alb"), "rules": [rule]},
    }  # fmt: skip
    return "---\n" + json.dumps(obj) + "\n"


def lint(text: str, tmp_path: Path) -> tuple[int, list[dict[str, object]]]:
    path = tmp_path / "in.yaml"
    path.write_text(text)
    result = CliRunner().invoke(main, ["lint", "-f", str(path), "-o", "json"])
    return result.exit_code, json.loads(result.output)["problems"]


@pytest.mark.parametrize(
    ("field", "value", "refused"),
    [
        ("host-header", "intranet", True),  # no "."
        ("host-header", "example.c0m", True),  # a digit after the last "."
        ("host-header", "*.example.com", False),
        ("host-header", "a_b.example.com", True),  # "_" is not a host character
        ("host-header", "x" * 121 + ".example", True),  # 129 characters: over 128
        ("path-pattern", "/foo/bar/(.+)", True),  # "(" is not a path character
        ("path-pattern", "/api/*", False),
        ("path-pattern", "/caf%C3%A9", True),  # "%" is not a path character
        ("path-pattern", "/a~b@c:d+e$f'g\"h&i", False),
    ],
)
def test_elbv2_condition_values(field: str, value: str, refused: bool) -> None:
    """ELBv2 API reference HostHeaderConditionConfig / PathPatternConditionConfig."""
    assert (value_error(field, value) is not None) == refused


def test_a_host_without_a_dot_fails_the_whole_group(tmp_path: Path) -> None:
    """ELBv2 HostHeaderConditionConfig ("at least one '.'"); the LBC does not check host values
    (LBC v3.5.0 model_build_listener_rules.go) and the group stops reconciling."""
    group = {"alb.ingress.kubernetes.io/group.name": "office"}
    text = ingress("intranet", "intranet", "/", **group) + ingress(
        "wiki", "wiki.example.com", "/", **group
    )
    engine = Engine(ingresslab.loads(text))
    for url in ("http://intranet/", "http://wiki.example.com/"):
        answer = engine.answer(url, "alb")
        assert answer.outcome is Outcome.CONTROLLER_ERROR
        assert answer.message == (
            "ValidationError: Condition value 'intranet' contains a character that is not valid"
        )
    code, problems = lint(text, tmp_path)
    assert code == 1
    (problem,) = [p for p in problems if p["check"] == "alb-reconcile-error"]
    assert "breaks every Ingress in IngressGroup office" in str(problem["message"])
    assert problem["field"] == "spec.rules[0].http.paths[0]" and problem["line"] == 2


def test_regex_characters_need_use_regex_path_match() -> None:
    """LBC v3.5.0 model_build_listener_rules.go: an ImplementationSpecific path goes verbatim
    into path-pattern Values, or into RegexValues with use-regex-path-match."""
    plain = ingress("app", "app.example.com", "/foo/bar/(.+)", "ImplementationSpecific")
    answer = Engine(ingresslab.loads(plain)).answer("http://app.example.com/foo/bar/x", "alb")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert "'/foo/bar/(.+)' contains a character that is not valid" in (answer.message or "")
    regex = ingress("app", "app.example.com", "/^/foo/bar/(.+)$", "ImplementationSpecific",
                    **{A + "use-regex-path-match": "true"})  # fmt: skip
    answer = Engine(ingresslab.loads(regex)).answer("http://app.example.com/foo/bar/x", "alb")
    assert answer.outcome is Outcome.ROUTE


def test_more_than_five_wildcards_in_a_rule_is_refused() -> None:
    """load-balancer-limits.md: condition wildcards per rule, 5, not adjustable."""
    text = ingress("w", "*.example.com", "/a*/b*/c*/d*/e*", "ImplementationSpecific")
    answer = Engine(ingresslab.loads(text)).answer("http://x.example.com/a/b/c/d/e", "alb")
    assert answer.outcome is Outcome.CONTROLLER_ERROR and "wildcards" in (answer.message or "")


def test_the_nginx_webhook_denies_a_regex_character_in_a_prefix_path(tmp_path: Path) -> None:
    """ingress-nginx controller-v1.15.1 internal/ingress/inspector/rules.go: with
    strict-validate-path-type (default true) Exact and Prefix paths allow only
    `[A-Za-z0-9/._-]`; the webhook denies the Ingress."""
    text = ingress("q", "q.example.com", "/foo?", **{"class": "nginx"})
    answer = Engine(ingresslab.loads(text)).answer("http://q.example.com/foo", "nginx")
    assert answer.outcome is Outcome.REJECTED_BY_WEBHOOK
    assert answer.message is not None and answer.message.endswith(
        "ingress contains invalid paths: path /foo? cannot be used with pathType Prefix"
    )
    code, problems = lint(text, tmp_path)
    assert code == 1 and any(p["check"] == "nginx-webhook-denied" for p in problems)


def test_lint_warns_where_regex_mode_spills_across_a_host(tmp_path: Path) -> None:
    """ingress-nginx controller-v1.15.1 template.go enforceRegexModifier."""
    root = Path(__file__).resolve().parent.parent
    code, problems = lint(
        (root / "examples" / "nginx-regex-mode-host-wide.yaml").read_text(), tmp_path
    )
    assert code == 0
    (warning,) = [p for p in problems if p["check"] == "nginx-regex-mode-host-wide"]
    assert warning["severity"] == "warning" and "case-insensitive regex" in str(warning["message"])


def test_lint_and_route_agree_on_every_example() -> None:
    """Every controller-error or rejected-by-webhook answer of route is an error in lint, and
    every ALB error in lint shows in route, on every example (each controller reading its own
    class). A webhook denial can stay invisible to requests (another Ingress serves the same
    paths), so lint may flag more than route shows there."""
    from ingresslab._tools.diff import candidate_requests
    from ingresslab._tools.lint import controller_problems

    root = Path(__file__).resolve().parent.parent
    broken = (Outcome.CONTROLLER_ERROR, Outcome.REJECTED_BY_WEBHOOK, Outcome.INVALID_CONFIG)
    for path in sorted((root / "examples").rglob("*.yaml")):
        manifests = ingresslab.load(path)
        engine = Engine(manifests)
        errors = [p for p in controller_problems(engine) if p.severity == "error"]
        seen: set[str] = set()
        for request in candidate_requests(manifests, limit=200):
            for controller in ("alb", "nginx"):
                for answer in engine.model(controller).resolve(request):
                    if answer.outcome in broken:
                        seen.add(answer.outcome)
        checks = {p.check for p in errors}
        assert not seen or errors, (path.name, seen)
        assert ("alb-reconcile-error" in checks) == (Outcome.CONTROLLER_ERROR in seen), path.name


URL_REWRITE = json.dumps([
    {"type": "url-rewrite", "urlRewriteConfig": {"rewrites": [
        {"regex": "^/api/(.+)$", "replace": "/$1"}]}},
])  # fmt: skip


def test_an_alb_url_rewrite_shows_the_path_the_target_receives() -> None:
    """LBC v3.5.0 `transforms.<service>` annotation; ELBv2 user guide rule-transforms.md (the
    match is replaced, capture groups by $N; no match sends the original)."""
    text = ingress("api", "shop.example.com", "/api", **{A + "transforms.api": URL_REWRITE})
    engine = Engine(ingresslab.loads(text))
    answer = engine.answer("http://shop.example.com/api/orders?id=7", "alb")
    assert (answer.outcome, answer.upstream_path) == (Outcome.ROUTE, "/orders?id=7")
    assert engine.answer("http://shop.example.com/api", "alb").upstream_path is None
    explained = engine.answer("http://shop.example.com/api/orders", "alb", explain=True)
    assert any("the target receives '/orders'" in s.reason for s in explained.explain)
    (export,) = ingresslab.export_alb(engine.alb)
    (rule,) = [r["params"] for r in export["requests"] if r["operation"] == "CreateRule"]
    assert rule["Transforms"] == [{"Type": "url-rewrite", "UrlRewriteConfig": {
        "Rewrites": [{"Regex": "^/api/(.+)$", "Replace": "/$1"}]}}]  # fmt: skip


def test_two_url_rewrites_on_one_rule_are_refused() -> None:
    """ELBv2 user guide rule-transforms.md: one URL rewrite transform per rule."""
    twice = json.dumps(json.loads(URL_REWRITE) * 2)
    text = ingress("api", "shop.example.com", "/api", **{A + "transforms.api": twice})
    answer = Engine(ingresslab.loads(text)).answer("http://shop.example.com/api/x", "alb")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert "one url-rewrite transform" in (answer.message or "")
