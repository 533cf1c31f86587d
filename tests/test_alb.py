"""The ALB model: what the AWS Load Balancer Controller builds, and how the ALB routes.

Each test names its upstream source; "LBC" is kubernetes-sigs/aws-load-balancer-controller v3.5.0,
"user guide" is awsdocs/elb-application-load-balancers-user-guide @fb24293.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ingresslab
from ingresslab import Backend, HTTPPath, Ingress, IngressRule, Manifests, Options, Outcome, Request
from ingresslab._controllers.alb.build import LoadBalancer, path_patterns, sort_paths
from ingresslab._controllers.alb.route import AlbModel
from ingresslab._controllers.spec import SpecModel
from ingresslab._k8s.yaml import Pos

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
POS = Pos(1, 1)


def ingress_yaml(
    name: str = "web",
    *,
    rules: list[dict[str, Any]] | None = None,
    annotations: dict[str, str] | None = None,
    class_name: str | None = "alb",
    default_backend: tuple[str, int] | None = None,
) -> str:
    spec: dict[str, Any] = {"rules": rules or [rule(None, ("/", "Prefix", "web", 80))]}
    if class_name is not None:
        spec["ingressClassName"] = class_name
    if default_backend is not None:
        svc, port = default_backend
        spec["defaultBackend"] = {"service": {"name": svc, "port": {"number": port}}}
    meta: dict[str, Any] = {"name": name, "annotations": annotations or {}}
    obj = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta, "spec": spec}
    return "---\n" + json.dumps(obj) + "\n"


def rule(host: str | None, *paths: tuple[str, str, str, int | str]) -> dict[str, Any]:
    items = []
    for path, kind, svc, port in paths:
        ref = {"number": port} if isinstance(port, int) else {"name": port}
        items.append(
            {"path": path, "pathType": kind, "backend": {"service": {"name": svc, "port": ref}}}
        )
    out: dict[str, Any] = {"http": {"paths": items}}
    if host:
        out["host"] = host
    return out


def service_yaml(name: str, port: int = 80, type_: str = "ClusterIP") -> str:
    spec = {"type": type_, "selector": {"app": name}, "ports": [{"port": port}]}
    obj = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": spec}
    return "---\n" + json.dumps(obj) + "\n"


def deployment_yaml(app: str, replicas: int = 2) -> str:
    template = {
        "metadata": {"labels": {"app": app}},
        "spec": {"containers": [{"name": app, "image": "nginx"}]},
    }
    spec = {"replicas": replicas, "selector": {"matchLabels": {"app": app}}, "template": template}
    obj = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": app}, "spec": spec}
    return "---\n" + json.dumps(obj) + "\n"


def model(text: str, **kw: Any) -> AlbModel:
    manifests = ingresslab.loads(text)
    assert not manifests.errors, manifests.errors
    return AlbModel(manifests, options=Options(**kw))


def example(name: str, **kw: Any) -> tuple[Manifests, AlbModel]:
    manifests = ingresslab.load(EXAMPLES / name)
    return manifests, AlbModel(manifests, options=Options(**kw))


def one(m: AlbModel, url: str, **kw: Any) -> ingresslab.Resolution:
    (answer,) = m.resolve(Request.from_url(url), **kw)
    explained = m.resolve(Request.from_url(url), explain=True)[0]
    assert answer == explained  # the index agrees with the walk (explain is not compared)
    return answer


# ------------------------------------------------------------------------------------------------
# The home-page Ingress


def test_home_page_ingress_rule_priorities() -> None:
    """LBC v3.5.0 pkg/ingress/model_build_listener_rules.go: one rule per path, Exact first within
    a rule, priorities from 1 in spec.rules order."""
    _, m = example("some-ingress.yaml")
    (lb,) = m.load_balancers
    assert (lb.name, lb.scheme, lb.error) == ("ingress", "internet-facing", None)
    (listener,) = lb.listeners
    assert (listener.port, listener.protocol) == (80, "HTTP")
    got = [
        (r.priority, r.host, r.path, r.path_type, [(c.field, c.values) for c in r.conditions])
        for r in listener.rules
    ]
    assert got == [
        (1, "my.example.com", "/some-other-path", "Exact",
         [("host-header", ("my.example.com",)), ("path-pattern", ("/some-other-path",))]),
        (2, "my.example.com", "/some-path", "Prefix",
         [("host-header", ("my.example.com",)), ("path-pattern", ("/some-path", "/some-path/*"))]),
        (3, "*.example.com", "/some-path", "Prefix",
         [("host-header", ("*.example.com",)), ("path-pattern", ("/some-path", "/some-path/*"))]),
        (4, None, "/", "Prefix", [("path-pattern", ("/*",))]),
    ]  # fmt: skip
    assert listener.default_actions[0].fixed_response_config is not None
    assert listener.default_actions[0].fixed_response_config.status_code == "404"
    assert {tg.target_type for tg in lb.target_groups} == {"ip"}


@pytest.mark.parametrize(
    ("url", "service", "port", "priority"),
    [
        ("http://my.example.com/some-path", "service-a", 80, 2),
        ("http://my.example.com/some-other-path", "service-b", 81, 1),
        ("http://a.b.example.com/some-path", "service-c", 82, 3),
        ("http://my.example.com/other", "service-d", 80, 4),
    ],
)
def test_home_page_ingress_routes(url: str, service: str, port: int, priority: int) -> None:
    """LBC v3.5.0 model_build_listener_rules.go; user guide load-balancer-listeners.md (first
    matching rule by priority; host `*` is 0 or more characters, so it spans labels)."""
    _, m = example("some-ingress.yaml")
    answer = one(m, url)
    assert answer.outcome is Outcome.ROUTE
    assert answer.backend == Backend("default", service, port)
    assert answer.matched is not None and answer.matched.priority == priority
    assert (answer.controller, answer.load_balancer) == ("alb", "ingress")


def test_home_page_ingress_explains_each_rule_in_priority_order() -> None:
    """User guide load-balancer-listeners.md: rules are evaluated lowest priority first."""
    _, m = example("some-ingress.yaml")
    (answer,) = m.resolve(Request.from_url("http://a.b.example.com/some-path"), explain=True)
    rules = [s for s in answer.explain if s.priority is not None]
    assert [(s.priority, s.verdict) for s in rules] == [
        (1, "no match"),
        (2, "no match"),
        (3, "match"),
    ]
    assert "host-header my.example.com does not match a.b.example.com" in rules[0].reason
    assert "unsettled" in rules[2].reason
    assert any("IngressClass alb" in s.reason for s in answer.explain)
    assert any("assumed to exist" in s.reason for s in answer.explain)


# ------------------------------------------------------------------------------------------------
# Path order and path patterns


def _path(path: str, kind: str, index: int) -> HTTPPath:
    return HTTPPath(path, kind, Backend("default", "s", 80), index, f"paths[{index}]", POS)


def test_paths_sort_exact_then_prefix_by_utf8_length_then_implementation_specific() -> None:
    """LBC v3.5.0 model_build_listener_rules.go sortIngressPaths: Go len() counts UTF-8 bytes."""
    paths = [
        _path("/a", "ImplementationSpecific", 0),
        _path("/abcde", "Prefix", 1),
        _path("/üüü", "Prefix", 2),  # 4 characters, 7 bytes
        _path("/x", "Exact", 3),
        _path("/ab", "Prefix", 4),
        _path("/ü", "Prefix", 5),  # 3 bytes, like /ab: manifest order kept
        _path("/a", "Exact", 6),
    ]
    assert [p.index for p in sort_paths(paths)] == [3, 6, 2, 1, 4, 5, 0]


@pytest.mark.parametrize(
    ("path", "kind", "patterns"),
    [
        ("/", "Prefix", ("/*",)),
        ("/foo", "Prefix", ("/foo", "/foo/*")),
        ("/foo/", "Prefix", ("/foo", "/foo/*")),
        ("/foo//", "Prefix", ("/foo/", "/foo//*")),
        ("/foo/", "Exact", ("/foo/",)),
        ("/api/*", "ImplementationSpecific", ("/api/*",)),
    ],
)
def test_path_patterns_follow_the_controller(
    path: str, kind: str, patterns: tuple[str, ...]
) -> None:
    """LBC v3.5.0 model_build_listener_rules.go buildPathPatterns (lines 248-288)."""
    assert path_patterns(path, kind) == patterns


@pytest.mark.parametrize(
    ("url", "service"),
    [
        ("http://x.test/foo", "foo"),
        ("http://x.test/foo/", "foo"),
        ("http://x.test/foo/a/b", "foo"),
        ("http://x.test/foobar", "root"),
        ("http://x.test/Foo", "root"),  # path-pattern is case-sensitive
        ("http://x.test/exact?q=/foo", "exact"),  # the query is not part of the path
        ("http://x.test/exact/", "root"),
    ],
)
def test_path_pattern_matching(url: str, service: str) -> None:
    """ELBv2 API PathPatternConditionConfig and user guide: case-sensitive, path only,
    `*` crosses `/`; LBC v3.5.0 Prefix /foo -> /foo, /foo/*."""
    m = model(
        ingress_yaml(
            rules=[
                rule(None, ("/foo", "Prefix", "foo", 80), ("/exact", "Exact", "exact", 80)),
                rule(None, ("/", "Prefix", "root", 80)),
            ]
        )
    )
    answer = one(m, url)
    assert answer.backend is not None and answer.backend.service == service


def test_host_header_matches_case_insensitively_without_port() -> None:
    """User guide load-balancer-listeners.md: host-header matching is case-insensitive (the
    :port case is unsettled and the trail says so)."""
    m = model(ingress_yaml(rules=[rule("my.example.com", ("/", "Prefix", "web", 80))]))
    answer = one(m, "http://MY.Example.COM/")
    assert answer.outcome is Outcome.ROUTE
    request = Request("http", "my.example.com:80", "/")
    (explained,) = m.resolve(request, explain=True)
    assert explained.outcome is Outcome.ROUTE
    assert any(":port" in s.reason and "unsettled" in s.reason for s in explained.explain)


# ------------------------------------------------------------------------------------------------
# Which Ingresses, which groups


CLASSES = {
    "alb-class": "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
    "metadata: {name: shared}\nspec: {controller: ingress.k8s.aws/alb}\n",
    "nginx-default": "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n"
    "  name: nginx\n  annotations: {ingressclass.kubernetes.io/is-default-class: 'true'}\n"
    "spec: {controller: k8s.io/ingress-nginx}\n",
    "alb-default": "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n"
    "  name: lb\n  annotations: {ingressclass.kubernetes.io/is-default-class: 'true'}\n"
    "spec: {controller: ingress.k8s.aws/alb}\n",
}


@pytest.mark.parametrize(
    ("class_name", "annotation", "classes", "managed"),
    [
        ("alb", None, [], True),  # no IngressClass in the input: alb is assumed
        ("other", None, [], False),
        (None, "alb", ["nginx-default"], True),  # the annotation decides alone
        (None, "nginx", ["alb-default"], False),
        ("shared", None, ["alb-class"], True),  # the controller field decides, not the name
        ("alb", None, ["alb-class"], False),  # IngressClass alb not found: ignored
        (None, None, [], True),  # no class at all: Ingress Lab counts it
        (None, None, ["nginx-default"], False),
        (None, None, ["alb-default"], True),
    ],
)
def test_class_selection(
    class_name: str | None, annotation: str | None, classes: list[str], managed: bool
) -> None:
    """LBC v3.5.0 pkg/ingress/group_loader.go 196-230 and class_loader.go 74-123."""
    annotations = {"kubernetes.io/ingress.class": annotation} if annotation else {}
    text = "".join(CLASSES[c] for c in classes)
    text += ingress_yaml(class_name=class_name, annotations=annotations)
    m = model(text)
    assert [d.managed for d in m.decisions] == [managed]
    outcome = m.resolve(Request.from_url("http://x.test/"))[0].outcome
    assert (outcome is Outcome.ROUTE) == managed
    assert (outcome is Outcome.IGNORED) == (not managed)


def test_several_default_classes_fail_the_group() -> None:
    """LBC v3.5.0 pkg/ingress/class_loader.go: `multiple default IngressClasses found` (the API
    server's admission refuses such an Ingress on create, so the objects are built directly)."""
    classes = ingresslab.loads(CLASSES["nginx-default"] + CLASSES["alb-default"]).ingress_classes
    manifests = Manifests(ingresses=[_ingress([[(None, "/", "Prefix")]], None)])
    manifests.ingress_classes = classes
    answer = AlbModel(manifests).resolve(Request.from_url("http://x.test/"))[0]
    assert (answer.outcome, answer.message) == (
        Outcome.CONTROLLER_ERROR,
        "multiple default IngressClasses found",
    )


def test_group_members_order_by_group_order_then_namespace_name() -> None:
    """LBC v3.5.0 pkg/ingress/group_loader.go 266-315."""
    group = {"alb.ingress.kubernetes.io/group.name": "g"}
    text = (
        ingress_yaml("c", annotations={**group, "alb.ingress.kubernetes.io/group.order": "-5"},
                     rules=[rule(None, ("/c", "Prefix", "c", 80))])
        + ingress_yaml("b", annotations=group, rules=[rule(None, ("/b", "Prefix", "b", 80))])
        + ingress_yaml("a", annotations=group, rules=[rule(None, ("/a", "Prefix", "a", 80))])
    )  # fmt: skip
    (lb,) = model(text).load_balancers
    assert lb.ingresses == ("default/c", "default/a", "default/b")
    assert [r.path for r in lb.listeners[0].rules] == ["/c", "/a", "/b"]
    assert lb.name.startswith("k8s-g-") and len(lb.name) == len("k8s-g-") + 10


def test_invalid_group_name_leaves_the_ingress_out() -> None:
    """LBC v3.5.0 pkg/ingress/group_loader.go 317-326: tolerated at load time."""
    m = model(ingress_yaml(annotations={"alb.ingress.kubernetes.io/group.name": "Bad_Name"}))
    (answer,) = m.resolve(Request.from_url("http://x.test/"), explain=True)
    assert answer.outcome is Outcome.IGNORED
    assert any("FailedLoadGroupID" in s.reason for s in answer.explain)


# ------------------------------------------------------------------------------------------------
# Reconcile errors

A = "alb.ingress.kubernetes.io/"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            ingress_yaml(rules=[rule(None, ("/api*", "Prefix", "web", 80))]),
            "ingress: default/web: prefix path shouldn't contain wildcards: /api*",
        ),
        (
            ingress_yaml(rules=[rule(None, ("/a?", "Exact", "web", 80))]),
            "ingress: default/web: exact path shouldn't contain wildcards: /a?",
        ),
        (
            ingress_yaml(annotations={A + "group.order": "x"}),
            "failed to load Ingress group order for ingress: default/web: failed to parse int32 "
            f'annotation, {A}group.order: x: strconv.ParseInt: parsing "x": invalid syntax',
        ),
        (
            ingress_yaml(annotations={A + "group.order": "1001"}),
            "explicit Ingress group order must be within [-1000:1000], Ingress: default/web, "
            "order: 1001",
        ),
        (
            ingress_yaml("a", annotations={A + "group.name": "g", A + "scheme": "internal"})
            + ingress_yaml(
                "b", annotations={A + "group.name": "g", A + "scheme": "internet-facing"}
            ),
            "conflicting scheme: map[internal:{} internet-facing:{}]",
        ),
        (ingress_yaml(annotations={A + "scheme": "public"}), "unknown scheme: public"),
        (
            ingress_yaml(annotations={A + "load-balancer-name": "x" * 33}),
            "load balancer name cannot be longer than 32 characters",
        ),
        (
            ingress_yaml() + service_yaml("web"),
            "ingress: default/web: TargetGroup port is empty. When using Instance targets, your "
            "service be must of type 'NodePort' or 'LoadBalancer'",
        ),
        (
            ingress_yaml(rules=[rule(None, ("/", "Prefix", "web", 8080))]) + service_yaml("web"),
            "ingress: default/web: unable to find port 8080 on service default/web",
        ),
        (
            ingress_yaml(annotations={A + "listen-ports": "[]"}),
            "ingress: default/web: empty listen-ports configuration: `[]`",
        ),
        (
            ingress_yaml(annotations={A + "listen-ports": '[{"TCP": 80}]'}),
            "ingress: default/web: listen protocol must be within [HTTP, HTTPS]: TCP",
        ),
        (
            ingress_yaml(annotations={A + "listen-ports": '[{"HTTP": 70000}]'}),
            "ingress: default/web: listen port must be within [1, 65535]: 70000",
        ),
        (
            ingress_yaml("a", annotations={A + "group.name": "g"}, default_backend=("a", 80))
            + ingress_yaml("b", annotations={A + "group.name": "g"}, default_backend=("b", 80)),
            "multiple ingress defined default backend: [default/a default/b]",
        ),
        (
            ingress_yaml(annotations={A + "ssl-redirect": "443"}),
            "listener does not exist for SSLRedirect port: 443",
        ),
        (
            ingress_yaml("a", annotations={A + "group.name": "g"})
            + ingress_yaml(
                "b",
                annotations={A + "group.name": "g", A + "listen-ports": '[{"HTTPS": 80}]'},
            ),
            "failed to merge listenPort config for port: 80: conflicting protocol, "
            "default/a: HTTP | default/b: HTTPS",
        ),
        (
            ingress_yaml(annotations={A + "target-type": "pod"}),
            "ingress: default/web: unknown targetType: pod",
        ),
    ],
)
def test_reconcile_errors_answer_every_request(text: str, message: str) -> None:
    """LBC v3.5.0: model_build_listener_rules.go, group_loader.go, model_build_load_balancer.go,
    model_build_target_group.go, enhanced_backend_builder.go, model_build_listener.go,
    model_builder.go (error texts and their `ingress: ns/name:` wrapping)."""
    answer = model(text).resolve(Request.from_url("http://x.test/"))[0]
    assert (answer.outcome, answer.message) == (Outcome.CONTROLLER_ERROR, message)


def test_bad_listen_ports_json_is_a_reconcile_error() -> None:
    """LBC v3.5.0 model_build_listener.go 246-252 (the inner JSON error text is Go's)."""
    m = model(ingress_yaml(annotations={A + "listen-ports": "[{HTTP: 80"}))
    answer = m.resolve(Request.from_url("http://x.test/"))[0]
    assert answer.outcome is Outcome.CONTROLLER_ERROR and answer.message is not None
    assert answer.message.startswith(
        "ingress: default/web: failed to parse listen-ports configuration: `[{HTTP: 80`: "
    )


# ------------------------------------------------------------------------------------------------
# Services


def test_missing_service_is_a_fixed_503() -> None:
    """LBC v3.5.0 enhanced_backend_builder.go: --tolerate-non-existent-backend-service (true)."""
    _, m = example("alb-missing-service.yaml")
    gone = one(m, "http://x.test/gone/1")
    assert (gone.outcome, gone.status, gone.backend) == (Outcome.SERVICE_UNAVAILABLE, 503, None)
    assert gone.matched is not None and gone.matched.path == "/gone"
    here = one(m, "http://x.test/")
    assert here.backend == Backend("default", "here", 80)
    (tg,) = m.load_balancers[0].target_groups
    assert (tg.target_type, tg.port) == ("ip", 8080)


def test_no_assumed_services_makes_every_backend_missing() -> None:
    """LBC v3.5.0 enhanced_backend_builder.go (toleration), with `assume_services=False`."""
    _, m = example("some-ingress.yaml", assume_services=False)
    answer = one(m, "http://my.example.com/some-path")
    assert (answer.outcome, answer.status) == (Outcome.SERVICE_UNAVAILABLE, 503)


def test_instance_target_with_a_nodeport_service_builds() -> None:
    """LBC v3.5.0 model_build_target_group.go 291-305: instance targets use the nodePort."""
    text = ingress_yaml() + service_yaml("web", type_="NodePort") + deployment_yaml("web")
    answer = one(model(text), "http://x.test/")
    assert answer.outcome is Outcome.ROUTE
    (group,) = model(text).load_balancers[0].target_groups
    assert group.target_type == "instance" and group.port is not None


def test_a_service_without_ready_endpoints_answers_as_the_alb_does() -> None:
    """ELB user guide, HTTP 503 (no registered targets) and 502 (target refused): an ip target
    group of a Service with no ready pod is empty; instance targets stay registered."""
    ip = ingress_yaml(annotations={A + "target-type": "ip"}) + service_yaml("web")
    answer = one(model(ip), "http://x.test/")
    assert (answer.outcome, answer.status) == (Outcome.SERVICE_UNAVAILABLE, 503)
    assert "no ready endpoints" in (answer.message or "")
    instance = ingress_yaml() + service_yaml("web", type_="NodePort")
    assert one(model(instance), "http://x.test/").status == 502
    assert one(model(ip + deployment_yaml("web")), "http://x.test/").outcome is Outcome.ROUTE


# ------------------------------------------------------------------------------------------------
# Listeners, default actions, actions annotations


def test_certificate_arn_makes_the_default_listener_https_443() -> None:
    """LBC v3.5.0 model_build_listener.go 236-244: `{443: HTTPS}` when certificates are given."""
    m = model(ingress_yaml(annotations={A + "certificate-arn": "arn:aws:acm:x:1:certificate/c"}))
    assert one(m, "https://x.test/").outcome is Outcome.ROUTE
    plain = one(m, "http://x.test/")
    assert (plain.outcome, plain.message) == (
        Outcome.NO_LISTENER,
        "no listener on port 80 (listeners: HTTPS:443)",
    )
    assert m.load_balancers[0].listeners[0].certificates == ("arn:aws:acm:x:1:certificate/c",)


def test_ssl_redirect_answers_301_keeping_host_path_and_query() -> None:
    """LBC v3.5.0 model_builder.go buildSSLRedirectConfig, model_build_listener_rules.go 20-22;
    ELBv2 RedirectActionConfig (unset parts keep the request's)."""
    _, m = example("alb-ssl-redirect.yaml")
    answer = one(m, "http://www.example.com/a?b=1")
    assert (answer.outcome, answer.status, answer.location) == (
        Outcome.REDIRECT,
        301,
        "https://www.example.com:443/a?b=1",
    )
    http = m.load_balancers[0].listener(80)
    assert http is not None and http.rules == ()
    assert one(m, "https://www.example.com/a").backend == Backend("default", "www", 80)


def test_default_backend_answers_unmatched_requests() -> None:
    """LBC v3.5.0 model_build_listener.go 71-101: the one spec.defaultBackend is the default
    action; without one the default is a 404 fixed response."""
    text = ingress_yaml(rules=[rule("a.test", ("/", "Prefix", "a", 80))], default_backend=("d", 80))
    m = model(text)
    answer = one(m, "http://b.test/")
    assert (answer.outcome, answer.backend, answer.matched) == (
        Outcome.DEFAULT_BACKEND,
        Backend("default", "d", 80),
        None,
    )
    bare = model(ingress_yaml(rules=[rule("a.test", ("/api", "Prefix", "a", 80))]))
    missed = one(bare, "http://a.test/other")
    assert (missed.outcome, missed.status) == (Outcome.NOT_FOUND, 404)
    # A Host no rule names reaches no load balancer of its own (DNS has no record for it).
    assert one(bare, "http://b.test/").outcome is Outcome.NO_LOAD_BALANCER


@pytest.mark.parametrize(
    ("action", "outcome", "status", "location", "service"),
    [
        (
            {"type": "fixed-response",
             "fixedResponseConfig": {"contentType": "text/plain", "statusCode": "418"}},
            Outcome.FIXED_RESPONSE, 418, None, None,
        ),
        (
            {"type": "redirect",
             "redirectConfig": {"host": "new.test", "path": "/moved/#{path}",
                                "statusCode": "HTTP_302"}},
            Outcome.REDIRECT, 302, "http://new.test:80/moved/old?q=1", None,
        ),
        (
            {"type": "forward", "forwardConfig": {"targetGroups": [
                {"serviceName": "blue", "servicePort": "80", "weight": 10},
                {"serviceName": "green", "servicePort": 80, "weight": 90}]}},
            Outcome.ROUTE, None, None, "green",
        ),
        (
            {"type": "forward", "targetGroupARN": "arn:aws:elasticloadbalancing:tg"},
            Outcome.UNRESOLVED_BACKEND, None, None, None,
        ),
        (None, Outcome.SERVICE_UNAVAILABLE, 503, None, None),
    ],
)  # fmt: skip
def test_use_annotation_actions(
    action: dict[str, Any] | None,
    outcome: Outcome,
    status: int | None,
    location: str | None,
    service: str | None,
) -> None:
    """LBC v3.5.0 enhanced_backend_builder.go 130-134, 201-267 and config_types.go; ELBv2
    RedirectActionConfig placeholders."""
    annotations = {A + "actions.special": json.dumps(action)} if action else {}
    text = ingress_yaml(
        rules=[rule(None, ("/", "Prefix", "special", "use-annotation"))], annotations=annotations
    )
    answer = one(model(text), "http://x.test/old?q=1")
    assert (answer.outcome, answer.status, answer.location) == (outcome, status, location)
    assert (answer.backend.service if answer.backend else None) == service


# ------------------------------------------------------------------------------------------------
# Quotas


def test_more_than_100_rules_is_too_many_rules() -> None:
    """ELBv2 load-balancer-limits.md @fb24293 (100 rules per load balancer) and the TooManyRules
    error code (LBC v3.5.0 pkg/deploy/elbv2/listener_rule_synthesizer.go 316-320)."""
    paths = tuple((f"/p{i}", "Exact", "web", 80) for i in range(101))
    text = ingress_yaml(rules=[rule(None, *paths)])
    answer = model(text).resolve(Request.from_url("http://x.test/p1"))[0]
    assert answer.outcome is Outcome.CONTROLLER_ERROR and answer.message is not None
    assert answer.message.startswith("TooManyRules: 101 rules on load balancer ")
    assert one(model(text, rule_quota=200), "http://x.test/p1").outcome is Outcome.ROUTE


def test_more_than_5_condition_values_is_a_validation_error() -> None:
    """ELBv2 load-balancer-limits.md @fb24293 (5 condition values per rule); LBC v3.5.0
    enhanced_backend_builder.go 170-183 (conditions.<svc> host values join the rule's host)."""
    extra = [
        {"field": "host-header", "hostHeaderConfig": {"values": ["b.test", "c.test", "d.test"]}}
    ]
    text = ingress_yaml(
        rules=[rule("a.test", ("/api", "Prefix", "web", 80))],
        annotations={A + "conditions.web": json.dumps(extra)},
    )
    answer = model(text).resolve(Request.from_url("http://a.test/api"))[0]
    assert (answer.outcome, answer.message) == (
        Outcome.CONTROLLER_ERROR,
        "ValidationError: A rule can only have '5' condition values",
    )


def test_conditions_annotation_hosts_are_ored_with_the_rule_host() -> None:
    """LBC v3.5.0 model_build_listener_rules.go 152-199."""
    extra = [{"field": "host-header", "hostHeaderConfig": {"values": ["b.test"]}}]
    text = ingress_yaml(
        rules=[rule("a.test", ("/", "Prefix", "web", 80))],
        annotations={A + "conditions.web": json.dumps(extra)},
    )
    assert one(model(text), "http://b.test/").outcome is Outcome.ROUTE


# ------------------------------------------------------------------------------------------------
# Witnesses: where ALB and the Ingress spec disagree


@pytest.mark.parametrize(
    ("file", "url", "alb", "spec"),
    [
        ("alb-ordering-pitfall.yaml", "http://shop.example.com/api/orders", "web", "api"),
        ("alb-group-order-shadowing.yaml", "http://app.example.com/api", "frontend", "api"),
        ("alb-hostless-rule-first.yaml", "http://admin.example.com/", "public", "admin"),
        ("alb-wildcard-multi-label.yaml", "http://a.b.example.com/", "tenants", None),
        ("alb-implementation-specific-glob.yaml", "http://cdn.example.com/static/a/b.css", "css",
         None),
    ],
)  # fmt: skip
def test_witness_alb_and_spec_disagree(file: str, url: str, alb: str, spec: str | None) -> None:
    """LBC v3.5.0 model_build_listener_rules.go (priorities in group and manifest order) and
    user guide load-balancer-listeners.md (host `*`, path globs), against the spec model."""
    manifests, m = example(file)
    answers = [one(m, url)] if len(m.load_balancers) == 1 else m.resolve(Request.from_url(url))
    assert [a.backend.service if a.backend else None for a in answers] == [alb]
    by_spec = SpecModel(manifests).answer(Request.from_url(url))
    assert (by_spec.backend.service if by_spec.backend else None) == spec


def test_witness_instance_target_needs_nodeport() -> None:
    """LBC v3.5.0 model_build_target_group.go 205-210 (instance is the default target type)."""
    _, m = example("alb-instance-needs-nodeport.yaml")
    answer = m.resolve(Request.from_url("http://x.test/"))[0]
    assert answer.outcome is Outcome.CONTROLLER_ERROR
    assert answer.message is not None and "be must of type 'NodePort'" in answer.message


# ------------------------------------------------------------------------------------------------
# The index against the walk


HOSTS = [None, "a.test", "b.a.test", "*.a.test", "*.test", "x?.a.test", "*"]
PATHS = ["/", "/a", "/a/", "/a/b", "/ab", "/a*", "/*/b", "/a?", ""]
KINDS = ["Exact", "Prefix", "ImplementationSpecific"]


def _ingress(
    rules: list[list[tuple[str | None, str, str]]], class_name: str | None = "alb"
) -> Ingress:
    built = []
    for i, paths in enumerate(rules):
        host = paths[0][0] if paths else None
        items = tuple(
            HTTPPath(
                p, k, Backend("default", f"s{i}-{j}", 80), j, f"spec.rules[{i}].paths[{j}]", POS
            )
            for j, (_, p, k) in enumerate(paths)
        )
        built.append(IngressRule(host, items, i, POS))
    return Ingress(
        "default", "gen", class_name, None, {A + "target-type": "ip"}, tuple(built), None, (), None,
        "<gen>", POS,
    )  # fmt: skip


def _safe(path: str, kind: str) -> bool:
    """Paths the controller accepts: wildcards only in ImplementationSpecific ones."""
    return kind == "ImplementationSpecific" or ("*" not in path and "?" not in path)


@st.composite
def rule_sets(draw: st.DrawFn) -> list[list[tuple[str | None, str, str]]]:
    rules = []
    for _ in range(draw(st.integers(1, 6))):
        host = draw(st.sampled_from(HOSTS))
        paths = draw(
            st.lists(
                st.tuples(st.just(host), st.sampled_from(PATHS), st.sampled_from(KINDS)).filter(
                    lambda t: _safe(t[1], t[2]) and (t[1] or t[2] == "ImplementationSpecific")
                ),
                min_size=1,
                max_size=4,
            )
        )
        rules.append(paths)
    return rules


@settings(max_examples=200, deadline=None)
@given(
    rule_sets(),
    st.sampled_from(["a.test", "b.a.test", "c.b.a.test", "xy.a.test", "A.TEST", "other.org"]),
    st.sampled_from(["/", "/a", "/a/", "/a/b", "/ab", "/abc", "/b", "/x/b", "/a/b/c"]),
)
def test_index_answers_as_the_priority_walk(
    rules: list[list[tuple[str | None, str, str]]], host: str, path: str
) -> None:
    """User guide load-balancer-listeners.md (first matching rule by priority): the index must
    give the same answer as walking every rule."""
    m = AlbModel(Manifests(ingresses=[_ingress(rules)]))
    request = Request("http", host, path)
    assert m.resolve(request) == m.resolve(request, explain=True)


def test_index_looks_at_few_rules_among_many() -> None:
    """The speed requirement of issue 4: a lookup must not scan every rule."""
    rules: list[list[tuple[str | None, str, str]]] = [
        [(f"h{i}.test", f"/p{i}", "Prefix")] for i in range(20_000)
    ]
    rules.append([(None, "/", "Prefix")])
    m = AlbModel(Manifests(ingresses=[_ingress(rules)]), options=Options(rule_quota=None))
    lb: LoadBalancer = m.load_balancers[0]
    assert lb.error is None and len(lb.listeners[0].rules) == 20_001
    index = m._indexes[0][80]
    assert index.candidates("h7.test", "/p7/x") == [7, 20_000]
    answer = m.resolve(Request("http", "h7.test", "/p7/x"))[0]
    assert answer.backend == Backend("default", "s7-0", 80)
