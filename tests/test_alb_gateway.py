"""The ALB as a Gateway (`alb-gateway`): what the AWS Load Balancer Controller v3.5 builds from
Gateways of class `gateway.k8s.aws/alb`, and how the ALB routes.

Each test names the controller source it checks (kubernetes-sigs/aws-load-balancer-controller
v3.5.0, `pkg/gateway/...`) or the ELBv2 reference. The conformance cases of
tests/data/gateway/ that the controller's report says it passes are asked of both models,
which must agree there; where they differ, each difference is a documented one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from alb_gateway_catalogue import candidate_requests

import ingresslab
from ingresslab import Engine, Outcome, Request, Resolution
from ingresslab._controllers import MODELS
from ingresslab._controllers.gateway.alb import AlbGatewayModel
from ingresslab._controllers.gateway.alb_build import header_values
from ingresslab._controllers.gateway.route import GatewayModel

DATA = Path(__file__).resolve().parent / "data" / "gateway"

HEAD = """\
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: alb}
spec: {controllerName: gateway.k8s.aws/alb}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: alb
  listeners: [{name: http, port: 80, protocol: HTTP}]
"""


def route(name: str, body: str, *, hostnames: str = "", created: str = "") -> str:
    meta = f", creationTimestamp: '{created}'" if created else ""
    hosts = f"\n  hostnames: [{hostnames}]" if hostnames else ""
    return (
        f"---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n"
        f"metadata: {{name: {name}{meta}}}\nspec:\n  parentRefs: [{{name: gw}}]{hosts}\n"
        f"  rules:\n{body}"
    )


def models(text: str) -> tuple[GatewayModel, AlbGatewayModel]:
    manifests = ingresslab.loads(text)
    assert not manifests.errors, [p.message for p in manifests.errors]
    engine = Engine(manifests)
    spec, alb = engine.model("gateway"), engine.model("alb-gateway")
    assert isinstance(spec, GatewayModel) and isinstance(alb, AlbGatewayModel)
    return spec, alb


def ask(model: AlbGatewayModel, url: str, **kw: object) -> Resolution:
    """The one answer, asked without and with an explanation, which must agree."""
    request = Request.from_url(url, **kw)  # type: ignore[arg-type]
    [answer] = model.resolve(request)
    [explained] = model.resolve(request, explain=True)
    assert answer == explained, (answer, explained)
    assert explained.explain
    return answer


def got(answer: Resolution) -> str | int | None:
    if answer.outcome is Outcome.ROUTE:
        assert answer.backend is not None
        return answer.backend.service
    return answer.status if answer.status else str(answer.outcome)


def to(service: str) -> str:
    return f"    backendRefs: [{{name: {service}, port: 80}}]\n"


def test_registered() -> None:
    assert MODELS["alb-gateway"] is AlbGatewayModel


# -- which Gateways ---------------------------------------------------------------------------


def test_only_gateways_of_its_class() -> None:
    """`controllerName: gateway.k8s.aws/alb` (pkg/gateway/constants/controller_constants.go);
    the generic model answers for every Gateway, whatever its class."""
    other = HEAD.replace("name: alb}\nspec: {controllerName: gateway.k8s.aws/alb}",
                         "name: alb}\nspec: {controllerName: example.com/other}")  # fmt: skip
    spec, alb = models(other + route("r", "  - " + to("web").lstrip()))
    [answer] = alb.resolve(Request.from_url("http://x.example.com/"))
    assert answer.outcome is Outcome.IGNORED
    assert "gateway.k8s.aws/alb" in str(answer.message)
    assert got(spec.answer(Request.from_url("http://x.example.com/"))) == "web"
    missing = HEAD.split("---\n", 1)[1]  # the GatewayClass is not in the input
    _, alb = models(missing + route("r", "  - " + to("web").lstrip()))
    [answer] = alb.resolve(Request.from_url("http://x.example.com/"), explain=True)
    assert answer.outcome is Outcome.IGNORED
    assert answer.explain[0].reason == "its GatewayClass alb is not in the input"
    _, alb = models("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
    [answer] = alb.resolve(Request.from_url("http://x.example.com/"))
    assert (answer.outcome, answer.message) == (Outcome.IGNORED, "the input holds no Gateway")


def test_gateway_names_one() -> None:
    _, alb = models(HEAD + route("r", "  - " + to("web").lstrip()))
    request = Request.from_url("http://x.example.com/")
    assert [a.load_balancer for a in alb.resolve(request, gateway="default/gw")] == ["default/gw"]
    with pytest.raises(ValueError, match="no Gateway 'default/nope' in the input"):
        alb.resolve(request, gateway="default/nope")


def test_a_port_without_routes_has_no_listener() -> None:
    """model_build_listener.go `buildListeners`: a listener only for ports that have routes."""
    text = HEAD.replace(
        "listeners: [{name: http, port: 80, protocol: HTTP}]",
        "listeners: [{name: http, port: 80, protocol: HTTP}, "
        "{name: alt, port: 8080, protocol: HTTP}]",
    )
    body = "  - " + to("web").lstrip()
    spec, alb = models(text + route("r", body).replace("[{name: gw}]", "[{name: gw, port: 80}]"))
    assert got(ask(alb, "http://x.example.com/")) == "web"
    assert ask(alb, "http://x.example.com:8080/").outcome is Outcome.NO_LISTENER
    assert spec.answer(Request.from_url("http://x.example.com:8080/")).status == 404


# -- precedence: route_rule_precedence.go ------------------------------------------------------


def test_every_path_prefix_outranks_every_regex() -> None:
    """Exact 3 > PathPrefix 2 > RegularExpression 1, before path length."""
    body = (
        "  - matches: [{path: {type: RegularExpression, value: '/api/v[0-9]+/orders'}}]\n"
        + to("regex")
        + "  - matches: [{path: {type: PathPrefix, value: /}}]\n"
        + to("root")
        + "  - matches: [{path: {type: Exact, value: /api/v1/orders}}]\n"
        + to("exact")
    )
    _, alb = models(HEAD + route("r", body))
    assert got(ask(alb, "http://x.example.com/api/v1/orders")) == "exact"
    assert got(ask(alb, "http://x.example.com/api/v2/orders")) == "root"
    [listener] = alb.albs[0].listeners
    assert [r.match.path.type for r in listener.rules] == [
        "Exact",
        "PathPrefix",
        "RegularExpression",
    ]


def test_hostname_comes_first_exact_wildcard_then_none() -> None:
    """`getHostnamePrecedenceOrder`: a hostname before none, exact before wildcard; a Prefix /
    under an exact hostname beats a longer path under a wildcard."""
    text = HEAD + route("exact", "  - " + to("exact").lstrip(), hostnames="a.example.com")
    text += route(
        "wild", "  - matches: [{path: {type: PathPrefix, value: /long/path}}]\n" + to("wild"),
        hostnames="'*.example.com'",
    )  # fmt: skip
    text += route("none", "  - matches: [{path: {type: Exact, value: /long/path}}]\n" + to("none"))
    _, alb = models(text)
    assert got(ask(alb, "http://a.example.com/long/path")) == "exact"
    assert got(ask(alb, "http://b.example.com/long/path")) == "wild"
    assert got(ask(alb, "http://other.test/long/path")) == "none"
    [listener] = alb.albs[0].listeners
    assert [r.hostname for r in listener.rules] == ["a.example.com", "*.example.com", ""]


def test_then_length_method_headers_query_age_name_rule_match() -> None:
    """Path length, a method, header count, query count, creation time, namespace/name, rule
    index, match index (`compareRulePrecedenceUnified`, `compareCommonTieBreakers`)."""
    body = (
        "  - matches: [{path: {type: PathPrefix, value: /a}}, {path: {type: PathPrefix, "
        "value: /a}, queryParams: [{name: q, value: '1'}]}]\n"
        + to("query")
        + "  - matches: [{path: {type: PathPrefix, value: /a}, headers: [{name: h, value: '1'}]}]\n"
        + to("header")
        + "  - matches: [{path: {type: PathPrefix, value: /a}, method: POST}]\n"
        + to("method")
        + "  - matches: [{path: {type: PathPrefix, value: /ab}}]\n"
        + to("longer")
    )
    text = HEAD + route("b-young", body, created="2026-02-01T00:00:00Z")
    text += route("a-old", "  - matches: [{path: {type: PathPrefix, value: /a}}]\n" + to("old"),
                  created="2026-01-01T00:00:00Z")  # fmt: skip
    text += route("c-same-age", "  - matches: [{path: {type: PathPrefix, value: /a}}]\n"
                  + to("same-age"), created="2026-01-01T00:00:00Z")  # fmt: skip
    _, alb = models(text)
    [listener] = alb.albs[0].listeners
    order = [(r.route.name, r.rule.index, r.match.index) for r in listener.rules]
    assert order == [
        ("b-young", 3, 0),  # /ab: the longer path
        ("b-young", 2, 0),  # a method
        ("b-young", 1, 0),  # a header
        ("b-young", 0, 1),  # a query parameter
        ("a-old", 0, 0),  # then the oldest route
        ("c-same-age", 0, 0),  # then namespace/name
        ("b-young", 0, 0),  # the youngest
    ]
    assert [r.priority for r in listener.rules] == list(range(1, 8))
    assert got(ask(alb, "http://x.example.com/a?q=1", method="POST", headers=["h: 1"])) == "method"


def test_each_hostname_is_its_own_rule() -> None:
    """`SortAllRulesByPrecedence` splits a route's hostnames: one ALB rule per hostname."""
    text = HEAD + route("r", "  - " + to("web").lstrip(), hostnames="a.example.com, b.example.com")
    _, alb = models(text)
    [listener] = alb.albs[0].listeners
    hosts = [c.values for r in listener.rules for c in r.alb.conditions if c.field == "host-header"]
    assert hosts == [("a.example.com",), ("b.example.com",)]


# -- conditions: route_rule_condition.go -------------------------------------------------------


def test_path_prefix_becomes_two_patterns() -> None:
    body = (
        "  - matches: [{path: {type: PathPrefix, value: /docs/}}]\n" + to("docs")
        + "  - matches: [{path: {type: PathPrefix, value: /}}]\n" + to("root")
    )  # fmt: skip
    _, alb = models(HEAD + route("r", body))
    [listener] = alb.albs[0].listeners
    assert [r.alb.conditions[0].values for r in listener.rules] == [("/docs", "/docs/*"), ("/*",)]
    for path, service in [("/docs", "docs"), ("/docs/", "docs"), ("/docs/a", "docs"),
                          ("/docsx", "root")]:  # fmt: skip
        assert got(ask(alb, f"http://x.example.com{path}")) == service


def test_a_wildcard_in_a_prefix_stops_the_build() -> None:
    body = "  - matches: [{path: {type: PathPrefix, value: '/a*'}}]\n" + to("a")
    _, alb = models(HEAD + route("r", body))
    answer = ask(alb, "http://x.example.com/a*")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert answer.message == "prefix path shouldn't contain wildcards: /a*"


def test_exact_is_an_alb_glob() -> None:
    body = "  - matches: [{path: {type: Exact, value: '/v*/status'}}]\n" + to("status")
    spec, alb = models(HEAD + route("r", body))
    assert got(ask(alb, "http://x.example.com/v2/status")) == "status"
    assert spec.answer(Request.from_url("http://x.example.com/v2/status")).status == 404
    assert "is sent to the ALB as a path pattern" in str(
        ask(alb, "http://x.example.com/v1/status").message
    )


@pytest.mark.parametrize(
    ("value", "values"),
    [
        ("cat", ("cat",)),
        ("value1,value2", ("value1", "value2")),
        ("bar\\,bat", ("bar,bat",)),  # docs/guide/gateway/l7gateway.md, HTTP Header Matching
        ("a\\\\,b", ("a\\", "b")),
        (",", ("", "")),
    ],
)
def test_header_values_split_at_unescaped_commas(value: str, values: tuple[str, ...]) -> None:
    """`generateValuesFromMatchHeaderValue`."""
    assert header_values(value) == values


def test_header_and_query_values_ignore_case_and_glob() -> None:
    """ELBv2 http-header and query-string conditions: case-insensitive, `*` and `?`."""
    body = (
        "  - matches: [{headers: [{name: X-Env, value: 'Stag*'}]}]\n" + to("staging")
        + "  - matches: [{queryParams: [{name: Animal, value: Whale}]}]\n" + to("whale")
        + "  - " + to("web").lstrip()
    )  # fmt: skip
    _, alb = models(HEAD + route("r", body))
    assert got(ask(alb, "http://x.example.com/", headers=["x-env: staging-2"])) == "staging"
    assert got(ask(alb, "http://x.example.com/", headers=["X-Env: prod", "X-Env: STAGING"])) == (
        "staging"  # each line of a repeated header is tried in order
    )
    assert got(ask(alb, "http://x.example.com/?ANIMAL=whale")) == "whale"
    assert got(ask(alb, "http://x.example.com/?animal=whales")) == "web"


def test_method_is_exact() -> None:
    body = "  - matches: [{method: HEAD}]\n" + to("head") + "  - " + to("web").lstrip()
    _, alb = models(HEAD + route("r", body))
    assert got(ask(alb, "http://x.example.com/", method="HEAD")) == "head"
    assert got(ask(alb, "http://x.example.com/", method="GET")) == "web"


def test_the_host_is_compared_without_its_port() -> None:
    """HTTPRouteListenerPortMatching passes on the controller: `foo.com:8080` on port 8080."""
    text = HEAD.replace("port: 80, protocol: HTTP}", "port: 8080, protocol: HTTP}")
    _, alb = models(text + route("r", "  - " + to("web").lstrip(), hostnames="foo.com"))
    assert got(ask(alb, "http://FOO.com:8080/")) == "web"
    assert ask(alb, "http://bar.com:8080/").status == 404


# -- what ELBv2 and the controller refuse --------------------------------------------------------


def test_five_condition_values_per_rule() -> None:
    """ELBv2 quota (alb/elbv2.py): hostname 1 + PathPrefix 2 + two headers = 5 is accepted, a
    query parameter more is refused; the Gateway's reconcile stops."""
    match = ("{path: {type: PathPrefix, value: /a}, headers: [{name: h1, value: '1'}, "
             "{name: h2, value: '2'}]")  # fmt: skip
    ok = route("r", f"  - matches: [{match}}}]\n" + to("a"), hostnames="x.example.com")
    _, alb = models(HEAD + ok)
    assert ask(alb, "http://x.example.com/a").outcome is Outcome.NOT_FOUND
    refused = ok.replace(match, match + ", queryParams: [{name: q, value: '1'}]")
    _, alb = models(HEAD + refused)
    answer = ask(alb, "http://x.example.com/a")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert answer.message == "ValidationError: A rule can only have '5' condition values"


@pytest.mark.parametrize("status", [303, 307, 308])
def test_redirect_status_beyond_301_302_is_refused(status: int) -> None:
    """ELBv2 RedirectActionConfig.StatusCode: HTTP_301 | HTTP_302."""
    body = (f"  - filters: [{{type: RequestRedirect, requestRedirect: {{hostname: b.example.com,"
            f" statusCode: {status}}}}}]\n")  # fmt: skip
    spec, alb = models(HEAD + route("r", body))
    answer = ask(alb, "http://x.example.com/")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert f"HTTP_{status} is not one of HTTP_301, HTTP_302" in str(answer.message)
    assert spec.answer(Request.from_url("http://x.example.com/")).status == status


@pytest.mark.parametrize(
    ("redirect", "location"),
    [
        ("{scheme: https}", "https://x.example.com:443/a/b?q=1"),
        ("{scheme: https, port: 8443}", "https://x.example.com:8443/a/b?q=1"),
        ("{hostname: y.example.com}", "http://y.example.com:80/a/b?q=1"),
        ("{port: 8080}", "http://x.example.com:8080/a/b?q=1"),
        ("{path: {type: ReplaceFullPath, replaceFullPath: /c}}", "http://x.example.com:80/c?q=1"),
        ("{hostname: y.example.com, path: {type: ReplacePrefixMatch, replacePrefixMatch: /z}}",
         "http://y.example.com:80/z/b?q=1"),
    ],
)  # fmt: skip
def test_redirect_location_always_carries_the_port(redirect: str, location: str) -> None:
    """`buildHttpRedirectAction` (a scheme without port: its well-known port); ELBv2 keeps the
    parts left unset; a ReplacePrefixMatch comes through the url-rewrite transform
    (l7gateway.md, RequestRedirect ReplacePrefixMatch: suffix preserved)."""
    body = ("  - matches: [{path: {type: PathPrefix, value: /a}}]\n"
            f"    filters: [{{type: RequestRedirect, requestRedirect: {redirect}}}]\n")  # fmt: skip
    _, alb = models(HEAD + route("r", body))
    answer = ask(alb, "http://x.example.com/a/b?q=1")
    assert (answer.outcome, answer.status, answer.location) == (Outcome.REDIRECT, 302, location)


@pytest.mark.parametrize(
    "redirect",
    ["{path: {type: ReplacePrefixMatch, replacePrefixMatch: /z}}", "{statusCode: 301}"],
)
def test_a_redirect_that_changes_nothing_is_a_loop(redirect: str) -> None:
    """ELBv2 RedirectActionConfig: protocol, host, port or path must change; a path-only
    ReplacePrefixMatch leaves the redirect's path unset (l7gateway.md)."""
    body = ("  - matches: [{path: {type: PathPrefix, value: /a}}]\n"
            f"    filters: [{{type: RequestRedirect, requestRedirect: {redirect}}}]\n")  # fmt: skip
    _, alb = models(HEAD + route("r", body))
    answer = ask(alb, "http://x.example.com/a")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert "creates a loop" in str(answer.message)


def test_filters_other_than_redirect_rewrite_and_extension_stop_the_build() -> None:
    """`buildHttpRuleRedirectActionsBasedOnFilter` reads the filters in order: a redirect
    first ends the loop, another type first is an error."""
    modifier = "{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: a, value: b}]}}"
    redirect = "{type: RequestRedirect, requestRedirect: {hostname: y.example.com}}"
    _, alb = models(HEAD + route("r", f"  - filters: [{modifier}]\n" + to("web")))
    answer = ask(alb, "http://x.example.com/")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert str(answer.message).startswith("Unsupported filter type: RequestHeaderModifier.")
    _, alb = models(HEAD + route("r", f"  - filters: [{redirect}, {modifier}]\n"))
    assert ask(alb, "http://x.example.com/").status == 302


def test_instance_targets_need_a_node_port() -> None:
    """model_build_target_group.go: instance targets (`--default-target-type`) and a ClusterIP
    Service of the input; a NodePort one without ready pods answers 502, as the ALB model."""
    service = (
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        "spec: {TYPE selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n"
    )
    text = HEAD + route("r", "  - " + to("web").lstrip())
    _, alb = models(text + service.replace("TYPE ", ""))
    answer = ask(alb, "http://x.example.com/")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert str(answer.message).startswith("TargetGroup port is empty.")
    spec, alb = models(text + service.replace("TYPE", "type: NodePort,"))
    answer = ask(alb, "http://x.example.com/")
    assert (answer.outcome, answer.status) == (Outcome.SERVICE_UNAVAILABLE, 502)
    assert spec.answer(Request.from_url("http://x.example.com/")).status == 503


def test_https_needs_a_hostname_for_certificate_discovery() -> None:
    """model_build_listener.go `buildCertificates`: without a LoadBalancerConfiguration (not
    read here), ACM certificates are discovered by hostname; none is an error. Secrets named
    by certificateRefs are not read."""
    https = HEAD.replace(
        "[{name: http, port: 80, protocol: HTTP}]",
        "[{name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}]",
    )
    _, alb = models(https + route("r", "  - " + to("web").lstrip()))
    answer = ask(alb, "https://x.example.com/")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert "No hostnames found for TLS cert discovery" in str(answer.message)
    _, alb = models(https + route("r", "  - " + to("web").lstrip(), hostnames="x.example.com"))
    assert got(ask(alb, "https://x.example.com/")) == "web"
    assert ask(alb, "http://x.example.com:443/").outcome is Outcome.NO_LISTENER
    assert any("certificates ACM holds for x.example.com" in n for n in alb.albs[0].notes)


def test_too_many_rules() -> None:
    body = "".join(
        f"  - matches: [{{path: {{type: Exact, value: /p{i}}}}}]\n" + to("web") for i in range(16)
    )
    text = HEAD + "".join(route(f"r{j}", body) for j in range(7))  # 112 rules
    _, alb = models(text)
    answer = ask(alb, "http://x.example.com/p1")
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert str(answer.message).startswith("TooManyRules: 112 rules")


# -- backends ----------------------------------------------------------------------------------


def test_no_backend_is_a_fixed_500_and_no_rule_the_default_404() -> None:
    """model_build_listener.go: `buildL7ListenerNoBackendActions` (no backend, every weight 0),
    `buildL7ListenerDefaultActions`."""
    body = (
        "  - matches: [{path: {type: PathPrefix, value: /empty}}]\n"
        + "  - matches: [{path: {type: PathPrefix, value: /zero}}]\n"
        + "    backendRefs: [{name: web, port: 80, weight: 0}]\n"
    )
    _, alb = models(HEAD + route("r", body))
    for path in ("/empty", "/zero"):
        answer = ask(alb, f"http://x.example.com{path}")
        assert (answer.outcome, answer.status) == (Outcome.INVALID_BACKEND, 500)
    answer = ask(alb, "http://x.example.com/other")
    assert (answer.outcome, answer.status) == (Outcome.NOT_FOUND, 404)


def test_invalid_references_are_left_out_of_the_forward() -> None:
    """backend.go `accumulateRules`: an invalid reference gets a status and is dropped."""
    text = HEAD + route(
        "r", "    - backendRefs: [{name: gone, port: 80}, {name: web, port: 80, weight: 3}]\n"
    ).replace("  rules:\n    - ", "  rules:\n  - ")
    text += ("---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: NodePort, "
             "ports: [{port: 80}]}\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
             "metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}\n"
             "addressType: IPv4\nports: [{port: 80}]\n"
             "endpoints: [{addresses: [10.0.0.1]}]\n")  # fmt: skip
    spec, alb = models(text)
    answer = ask(alb, "http://x.example.com/")
    assert got(answer) == "web"
    assert "default/gone:80 is invalid (BackendNotFound)" in str(answer.message)
    assert got(spec.answer(Request.from_url("http://x.example.com/"))) == "web"  # the heaviest


# -- agreement with the spec where the controller passes the conformance tests -------------------

BASE = re.sub(
    r"(kind: Service\nmetadata: [^\n]*\nspec:\n)",
    r"\1  type: NodePort\n",
    (DATA / "base.yaml")
    .read_text()
    .replace(
        "controllerName: example.com/gateway-controller", "controllerName: gateway.k8s.aws/alb"
    ),
)

#: Conformance cases of tests/data/gateway/ whose tests the controller passes (its v3.5.0
#: report: core minus the skipped ones, and HTTPRouteMethodMatching, HTTPRouteParentRefPort);
#: requests whose header values are not written as the route writes them are left out (the ALB
#: compares header values case-insensitively; the tests send them as written).
AGREED = [
    "cross-namespace.yaml",
    "exact-path-matching.yaml",
    "header-matching.yaml",
    "invalid-backends.yaml",
    "listener-hostname-matching.yaml",
    "listener-port-matching.yaml",
    "matching-across-routes.yaml",
    "matching.yaml",
    "method-matching.yaml",
    "omitted-backendrefs.yaml",
    "partially-invalid.yaml",
    "path-match-order.yaml",
    "reference-grant.yaml",
]


@cache
def conformance(name: str) -> tuple[Engine, ingresslab.Manifests]:
    manifests = ingresslab.loads(BASE + "\n---\n" + (DATA / name).read_text())
    assert not manifests.errors, [p.message for p in manifests.errors]
    return Engine(manifests), manifests


def _as_written(request: Request, manifests: ingresslab.Manifests) -> bool:
    written = {
        (h.name.lower(), h.value)
        for r in manifests.http_routes for rule in r.rules for m in rule.matches for h in m.headers
    }  # fmt: skip
    return all((k.lower(), v) in written for k, v in request.headers)


@pytest.mark.parametrize("name", AGREED)
def test_the_models_agree_where_the_controller_passes_conformance(name: str) -> None:
    engine, manifests = conformance(name)
    asked = 0
    for request in candidate_requests(manifests):
        if not _as_written(request, manifests):
            continue
        for gateway in manifests.gateways:
            [alb] = engine.model("alb-gateway").resolve(request, gateway=gateway.ref)  # type: ignore[call-arg]
            if alb.outcome is Outcome.NO_LISTENER and "creates one per port" in str(alb.message):
                continue  # a Gateway without routes: the spec answers 404, the ALB has no listener
            [spec] = engine.model("gateway").resolve(request, gateway=gateway.ref)  # type: ignore[call-arg]
            asked += 1
            assert (alb.outcome, got(alb), alb.location) == (
                spec.outcome, got(spec), spec.location,
            ), (request, gateway.ref, spec, alb)  # fmt: skip
    assert asked


@pytest.mark.parametrize("name", ["invalid-backends.yaml", "parent-refs.yaml"])
def test_the_route_statuses_are_the_gateway_api_models(name: str) -> None:
    engine, _ = conformance(name)
    alb, spec = engine.model("alb-gateway"), engine.model("gateway")
    assert isinstance(alb, AlbGatewayModel) and isinstance(spec, GatewayModel)
    assert alb.route_statuses == spec.route_statuses
    assert any(
        not s.resolved_refs or not all(a.accepted for a in s.parents) for s in alb.route_statuses
    )


def test_no_route_accepted_no_listener() -> None:
    """parent-refs.yaml: no route is accepted, so no Gateway gets an ALB listener."""
    engine, manifests = conformance("parent-refs.yaml")
    for gateway in manifests.gateways:
        [answer] = engine.model("alb-gateway").resolve(  # type: ignore[call-arg]
            Request.from_url("http://x.example.com/"), gateway=gateway.ref
        )
        assert answer.outcome in (Outcome.NO_LISTENER, Outcome.IGNORED), answer
