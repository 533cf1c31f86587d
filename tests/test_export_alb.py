"""`export_alb`: the ELBv2 requests the LBC would make, checked against AWS's own API model.

Shapes: every exported request is validated with botocore's `ParamValidator` against the `elbv2`
service model it bundles (no AWS access), plus the constraints that validator skips (max lengths,
enums, patterns) and the API reference's rules on names, condition values and references.
Routing: `evaluate_rules` answers from the exported CreateListener/CreateRule params alone and
must agree with `AlbModel.resolve` on generated Ingress sets and boundary requests.
"LBC" is kubernetes-sigs/aws-load-balancer-controller v3.5.0; "user guide" is
awsdocs/elb-application-load-balancers-user-guide @fb24293 (`load-balancer-listeners.md`,
`load-balancer-limits.md`).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore.model import OperationModel, Shape, StructureShape
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracles.alb_export import ExportAnswer, evaluate_rules, wildcard_match

import ingresslab
from ingresslab import Outcome, Request, Resolution
from ingresslab._controllers.alb.elbv2 import value_error
from ingresslab._controllers.alb.route import AlbModel
from ingresslab._tools.export_alb import export_alb

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARN = re.compile(r"^arn:aws:elasticloadbalancing:us-east-1:123456789012:([a-z-]+)/(.+)$")
# ELBv2 API reference, CreateLoadBalancer.Name / CreateTargetGroup.Name.
ELB_NAME = re.compile(r"^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")


# ------------------------------------------------------------------------------------------------
# Checking requests against the ELBv2 service model


@cache
def operation(name: str) -> OperationModel:
    return botocore.session.get_session().get_service_model("elbv2").operation_model(name)


def _stricter(value: Any, shape: Shape, where: str) -> Iterator[str]:
    """What ParamValidator leaves out: it checks types, required members and minimums only."""
    meta = shape.metadata
    if shape.type_name == "string":
        if "max" in meta and len(value) > meta["max"]:
            yield f"{where}: length {len(value)} > {meta['max']}"
        enum = getattr(shape, "enum", None)
        if enum and value not in enum:
            yield f"{where}: {value!r} not in {enum}"
        pattern = meta.get("pattern")
        if pattern and "\\p{" not in pattern and not re.search(pattern, value):
            yield f"{where}: {value!r} does not match {pattern}"
    elif shape.type_name in ("integer", "long"):
        if "max" in meta and value > meta["max"]:
            yield f"{where}: {value} > {meta['max']}"
    elif shape.type_name == "list":
        if "max" in meta and len(value) > meta["max"]:
            yield f"{where}: {len(value)} items > {meta['max']}"
        for i, item in enumerate(value):
            yield from _stricter(item, shape.member, f"{where}[{i}]")  # type: ignore[attr-defined]
    elif isinstance(shape, StructureShape):
        for key, item in value.items():
            if key in shape.members:
                yield from _stricter(item, shape.members[key], f"{where}.{key}")


def shape_errors(request: Mapping[str, Any]) -> list[str]:
    op = operation(request["operation"])
    assert op.input_shape is not None
    report = ParamValidator().validate(request["params"], op.input_shape)
    errors = [report.generate_report()] if report.has_errors() else []
    errors += _stricter(request["params"], op.input_shape, request["operation"])
    json.dumps(request)  # plain data only
    return errors


def api_errors(entry: Mapping[str, Any]) -> list[str]:
    """Rules from the ELBv2 API reference and user guide that the service model cannot say."""
    errors: list[str] = []
    made: dict[str, str] = {}  # ARN -> the operation that returns it
    priorities: Counter[tuple[str, int]] = Counter()
    for request in entry["requests"]:
        op, params = request["operation"], request["params"]
        for arn in request["returns"].values():
            assert ARN.match(arn), arn
            made[arn] = op
        if op in ("CreateLoadBalancer", "CreateTargetGroup") and not ELB_NAME.match(params["Name"]):
            errors.append(f"{op}: invalid Name {params['Name']!r}")
        if op == "CreateTargetGroup" and "Port" not in params:
            errors.append(f"{op}: Port is required for {params['TargetType']} targets")
        if op == "CreateListener" and made.get(params["LoadBalancerArn"]) != "CreateLoadBalancer":
            errors.append(f"{op}: LoadBalancerArn {params['LoadBalancerArn']} was not created")
        https = op == "CreateListener" and params["Protocol"] == "HTTPS"
        if https and (not params.get("Certificates") or "SslPolicy" not in params):
            errors.append(f"{op}: HTTPS needs a certificate and a policy")
        on_listener = op in ("CreateRule", "AddListenerCertificates")
        if on_listener and made.get(params["ListenerArn"]) != "CreateListener":
            errors.append(f"{op}: ListenerArn {params['ListenerArn']} was not created")
        if op == "CreateRule":
            priorities[(params["ListenerArn"], params["Priority"])] += 1
            errors += _condition_errors(params["Conditions"])
        for action in params.get("Actions", params.get("DefaultActions", [])):
            for item in action.get("ForwardConfig", {}).get("TargetGroups", []):
                arn = item["TargetGroupArn"]
                if arn in made and made[arn] != "CreateTargetGroup":
                    errors.append(f"{op}: {arn} is not a target group")
            redirect = action.get("RedirectConfig")
            if redirect is not None and not any(
                redirect.get(k, "#").strip("#{}") not in ("", k.lower())
                for k in ("Protocol", "Host", "Port", "Path")
            ):
                errors.append(f"{op}: a redirect must change protocol, host, port or path")
    errors += [f"PriorityInUse: {p}" for p, n in priorities.items() if n > 1]
    return errors


def _condition_errors(conditions: Sequence[Mapping[str, Any]]) -> list[str]:
    errors = []
    fields = Counter(c["Field"] for c in conditions)
    for field in ("host-header", "path-pattern", "http-request-method", "source-ip"):
        if fields[field] > 1:
            errors.append(f"a rule can have one {field} condition, has {fields[field]}")
    for condition in conditions:
        if "Values" in condition:
            errors.append("the legacy top-level Values is set")
        config = condition.get("HostHeaderConfig") or condition.get("PathPatternConfig") or {}
        for value in config.get("Values", []):
            error = value_error(condition["Field"], value)
            if error is not None:
                errors.append(error)
        for value in config.get("RegexValues", []):
            error = value_error(condition["Field"], value, regex=True)
            if error is not None:
                errors.append(error)
    return errors


def condition_values(params: Mapping[str, Any]) -> int:
    """Condition values of one CreateRule, counted as the 5-per-rule quota counts them."""
    total = 0
    for condition in params["Conditions"]:
        for key, config in condition.items():
            if key != "Field":
                total += len(config.get("Values", [])) + len(config.get("RegexValues", []))
    return total


def quota_breach(entry: Mapping[str, Any], rule_quota: int | None = 100) -> str | None:
    """The error the API would answer, from the export alone (user guide load-balancer-limits)."""
    rules = [r["params"] for r in entry["requests"] if r["operation"] == "CreateRule"]
    if any(condition_values(p) > 5 for p in rules):
        return "ValidationError: A rule can only have '5' condition values"
    if rule_quota is not None and len(rules) > rule_quota:
        return "TooManyRules"
    return None


def check_export(model: AlbModel, rule_quota: int | None = 100) -> tuple[list[dict[str, Any]], int]:
    """Export, check every request, and return the export and how many requests were checked;
    a load balancer the model builds without error must be within the quotas."""
    export = export_alb(model)
    checked = 0
    for entry in export:
        errors = api_errors(entry)
        for request in entry["requests"]:
            errors += shape_errors(request)
            checked += 1
        assert not errors, f"{entry['load_balancer']}: " + "\n".join(errors)
        if entry["error"] is None:
            assert quota_breach(entry, rule_quota) is None, entry["load_balancer"]
    return export, checked


# ------------------------------------------------------------------------------------------------
# The examples


def managed_examples() -> list[str]:
    names = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        if AlbModel(ingresslab.load(path)).load_balancers:
            names.append(path.name)
    return names


@pytest.mark.parametrize("name", managed_examples())
def test_example_exports_validate_against_the_elbv2_service_model(name: str) -> None:
    model = AlbModel(ingresslab.load(EXAMPLES / name))
    export, _ = check_export(model)
    for lb, entry in zip(model.load_balancers, export, strict=True):
        rules = sum(r["operation"] == "CreateRule" for r in entry["requests"])
        assert rules == sum(len(ls.rules) for ls in lb.listeners)
        assert (entry["error"] is None) == bool(entry["requests"])


def test_home_page_export_shapes() -> None:
    """LBC listener_utils.go: conditions in *Config members, Order from 1, 404 default action."""
    (entry,) = export_alb(AlbModel(ingresslab.load(EXAMPLES / "some-ingress.yaml")))
    ops = [r["operation"] for r in entry["requests"]]
    assert (
        ops
        == ["CreateTargetGroup"] * 4 + ["CreateLoadBalancer", "CreateListener"] + ["CreateRule"] * 4
    )
    lb = entry["requests"][4]["params"]
    assert (lb["Name"], lb["Scheme"], lb["Type"]) == ("ingress", "internet-facing", "application")
    listener = entry["requests"][5]["params"]
    assert listener["DefaultActions"] == [
        {
            "Type": "fixed-response",
            "Order": 1,
            "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain"},
        }
    ]
    first = entry["requests"][6]["params"]
    assert first["Priority"] == 1
    assert first["Conditions"] == [
        {"Field": "host-header", "HostHeaderConfig": {"Values": ["my.example.com"]}},
        {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/some-other-path"]}},
    ]
    assert first["Actions"][0]["ForwardConfig"]["TargetGroups"][0]["TargetGroupArn"].startswith(
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/k8s-default-serviceb-"
    )


def test_ssl_redirect_export_has_the_redirect_default_action_and_certificates() -> None:
    (entry,) = export_alb(AlbModel(ingresslab.load(EXAMPLES / "alb-ssl-redirect.yaml")))
    listeners = {
        r["params"]["Port"]: r["params"]
        for r in entry["requests"]
        if r["operation"] == "CreateListener"
    }
    assert listeners[80]["DefaultActions"][0]["RedirectConfig"] == {
        "Protocol": "HTTPS",
        "Port": "443",
        "StatusCode": "HTTP_301",
    }
    assert listeners[443]["Certificates"] == [
        {"CertificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/example"}
    ]
    assert listeners[443]["SslPolicy"] == "ELBSecurityPolicy-2016-08"


# ------------------------------------------------------------------------------------------------
# Quotas, as the API would report a breach


def ingress(name: str, annotations: Mapping[str, str], rules: list[Any], **spec: Any) -> str:
    obj = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": name, "annotations": dict(annotations)},
        "spec": {"ingressClassName": "alb", "rules": rules, **spec},
    }
    return "---\n" + json.dumps(obj) + "\n"


def backend(service: str, port: int | str = 80) -> dict[str, Any]:
    ref = {"number": port} if isinstance(port, int) else {"name": port}
    return {"service": {"name": service, "port": ref}}


def http_rule(host: str | None, *paths: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    items = [{"path": p, "pathType": t, "backend": b} for p, t, b in paths]
    return {"http": {"paths": items}} | ({"host": host} if host else {})


def load(text: str) -> ingresslab.Manifests:
    manifests = ingresslab.loads(text)
    assert not manifests.errors, manifests.errors
    return manifests


@settings(max_examples=12, deadline=None, derandomize=True, database=None)
@given(
    st.lists(st.integers(1, 40), min_size=3, max_size=6).filter(lambda c: 100 < sum(c) <= 160),
    st.booleans(),
)
def test_more_than_100_rules_in_a_group_is_too_many_rules(counts: list[int], https: bool) -> None:
    """Quota L-7EED9B64: 100 rules per load balancer, all listeners together."""
    text = ""
    for i, count in enumerate(counts):
        annotations = {"alb.ingress.kubernetes.io/group.name": "big"}
        if https and i % 2:
            annotations["alb.ingress.kubernetes.io/listen-ports"] = '[{"HTTP": 8080}]'
        paths = [(f"/p{i}-{n}", "Exact", backend("web")) for n in range(count)]
        text += ingress(f"ing{i}", annotations, [http_rule(None, *paths)])
    manifests = load(text)
    (lb,) = AlbModel(manifests).load_balancers
    assert lb.error is not None and lb.error.startswith("TooManyRules"), lb.error
    export, _ = check_export(AlbModel(manifests, options=ingresslab.Options(rule_quota=None)), None)
    (entry,) = export
    rules = [r for r in entry["requests"] if r["operation"] == "CreateRule"]
    assert len(rules) == sum(counts) > 100
    assert quota_breach(entry) == "TooManyRules"


def test_exactly_100_rules_is_within_the_quota() -> None:
    paths = [(f"/p{n}", "Exact", backend("web")) for n in range(100)]
    model = AlbModel(load(ingress("web", {}, [http_rule(None, *paths)])))
    assert model.load_balancers[0].error is None
    (entry,), _ = check_export(model)
    assert sum(r["operation"] == "CreateRule" for r in entry["requests"]) == 100


@pytest.mark.parametrize(("extra", "error"), [(2, None), (3, "ValidationError")])
def test_condition_values_beyond_5_are_a_validation_error(extra: int, error: str | None) -> None:
    """Host + Prefix /api is 3 values; conditions.<svc> hosts join them (LBC lr.go 152-163)."""
    hosts = [f"h{n}.test" for n in range(extra)]
    conditions = [{"field": "host-header", "hostHeaderConfig": {"values": hosts}}]
    text = ingress(
        "api",
        {"alb.ingress.kubernetes.io/conditions.api": json.dumps(conditions)},
        [http_rule("a.test", ("/api", "Prefix", backend("api")))],
    )
    model = AlbModel(load(text))
    lb = model.load_balancers[0]
    if error is None:
        assert lb.error is None
        (entry,), _ = check_export(model)
        (rule,) = [r["params"] for r in entry["requests"] if r["operation"] == "CreateRule"]
        assert condition_values(rule) == 5
    else:
        assert lb.error == "ValidationError: A rule can only have '5' condition values"


# ------------------------------------------------------------------------------------------------
# The evaluator on its own


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("/a/*", "/a/", True),
        ("/a/*", "/a", False),
        ("/a/*", "/a/b/c", True),
        ("/a?", "/ab", True),
        ("/a?", "/a", False),
        ("*.example.com", "a.b.example.com", True),
        ("*.example.com", "example.com", False),
        ("/*/x*y", "/a/b/xzzy", True),
        ("/*/x*y", "/a/b/xzzyz", False),
        ("**", "", True),
    ],
)
def test_wildcard_match(pattern: str, text: str, expected: bool) -> None:
    """User guide: `*` matches 0 or more characters (`/` and `.` too), `?` exactly one."""
    assert wildcard_match(pattern, text) is expected


# ------------------------------------------------------------------------------------------------
# Agreement: AlbModel.resolve and evaluate_rules over the export


HOSTS = ["a.test", "b.a.test", "*.a.test", "*.test", "c.example.org"]
PATHS = ["/", "/a", "/a/", "/a/b", "/ab", "/a/b/", "/b", "/A", "/a.b"]
GLOBS = ["/a/*", "/a*", "/*.css", "/a/?", "/a/*/c", "/*", "/a//"]
ACTIONS: dict[str, dict[str, Any] | None] = {
    "to-https": {
        "type": "redirect",
        "redirectConfig": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"},
    },
    "moved": {
        "type": "redirect",
        "redirectConfig": {
            "path": "/new/#{path}",
            "query": "from=#{host}",
            "statusCode": "HTTP_302",
        },
    },
    "elsewhere": {
        "type": "redirect",
        "redirectConfig": {"host": "www.example.org", "statusCode": "HTTP_301"},
    },
    "teapot": {
        "type": "fixed-response",
        "fixedResponseConfig": {"statusCode": "418", "contentType": "text/plain"},
    },
    "ok": {
        "type": "fixed-response",
        "fixedResponseConfig": {"statusCode": "200", "messageBody": "fine"},
    },
    "external": {
        "type": "forward",
        "targetGroupARN": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/"
        "external/0123456789abcdef",
    },
    "nothing": None,  # no actions.nothing annotation: tolerated, a fixed 503
}
LISTENS = [
    {},
    {
        "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-east-1:123456789012:"
        "certificate/11111111-1111-1111-1111-111111111111"
    },
    {
        "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-east-1:123456789012:"
        "certificate/22222222-2222-2222-2222-222222222222",
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
    },
    {
        "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:us-east-1:123456789012:"
        "certificate/22222222-2222-2222-2222-222222222222",
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
    },
    {"alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 8080}]'},
]


@st.composite
def backends(draw: st.DrawFn, actions: set[str]) -> dict[str, Any]:
    if draw(st.integers(0, 4)) == 0:
        name = draw(st.sampled_from(sorted(ACTIONS)))
        actions.add(name)
        return backend(name, "use-annotation")
    return backend(
        draw(st.sampled_from(["web", "api", "css", "gone"])), draw(st.sampled_from([80, 8080]))
    )


@st.composite
def paths(draw: st.DrawFn, actions: set[str]) -> tuple[str, str, dict[str, Any]]:
    kind = draw(st.sampled_from(["Exact", "Prefix", "ImplementationSpecific"]))
    pool = PATHS + GLOBS if kind == "ImplementationSpecific" else PATHS
    return draw(st.sampled_from(pool)), kind, draw(backends(actions))


@st.composite
def configs(draw: st.DrawFn) -> str:
    """Ingress sets: exact, wildcard and host-less rules, all pathTypes, overlapping prefixes,
    trailing slashes, IngressGroups with group.order, listeners, actions and missing Services."""
    grouped = draw(st.booleans())
    text = ""
    for i in range(draw(st.integers(1, 4))):
        actions: set[str] = set()
        annotations: dict[str, str] = {
            "alb.ingress.kubernetes.io/target-type": draw(st.sampled_from(["ip", "ip", "instance"]))
        }
        if grouped:
            annotations["alb.ingress.kubernetes.io/group.name"] = "shop"
            order = draw(st.sampled_from([None, "-1", "0", "1", "7"]))
            if order is not None:
                annotations["alb.ingress.kubernetes.io/group.order"] = order
        annotations |= draw(st.sampled_from(LISTENS[:4] if grouped else LISTENS))
        rules = []
        for _ in range(draw(st.integers(1, 3))):
            host = draw(st.sampled_from([None, *HOSTS]))
            items = draw(st.lists(paths(actions), min_size=1, max_size=4))
            rules.append(http_rule(host, *items))
        if draw(st.integers(0, 5)) == 0:
            extra = draw(
                st.sampled_from(
                    [
                        [{"field": "host-header", "hostHeaderConfig": {"values": ["z.test"]}}],
                        [{"field": "path-pattern", "pathPatternConfig": {"values": ["/zz/*"]}}],
                        [
                            {
                                "field": "query-string",
                                "queryStringConfig": {"values": [{"key": "q", "value": "1"}]},
                            }
                        ],
                    ]
                )
            )
            annotations["alb.ingress.kubernetes.io/conditions.web"] = json.dumps(extra)
        spec: dict[str, Any] = {}
        if draw(st.integers(0, 5)) == 0:
            spec["defaultBackend"] = draw(st.just(backend("fallback")) | backends(actions))
        for name in actions:
            if ACTIONS[name] is not None:
                annotations[f"alb.ingress.kubernetes.io/actions.{name}"] = json.dumps(ACTIONS[name])
        text += ingress(f"ing{i}", annotations, rules, **spec)
    if draw(st.booleans()):  # Services in the input: `gone` is then missing
        for name in ("web", "api", "css", "fallback"):
            ports = [
                {"name": "http", "port": 80, "targetPort": 8000, "nodePort": 30080},
                {"name": "alt", "port": 8080, "nodePort": 30081},
            ]
            obj = {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": name},
                "spec": {"type": "NodePort", "selector": {"app": name}, "ports": ports},
            }
            text += "---\n" + json.dumps(obj) + "\n"
            # Ready pods behind each, so every answer is the rules' (endpoints are tested apart).
            ports = [{"name": "http", "containerPort": 8000}]
            pod = {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": f"{name}-0", "labels": {"app": name}},
                "spec": {"containers": [{"name": name, "image": "nginx", "ports": ports}]},
            }
            text += "---\n" + json.dumps(pod) + "\n"
    return text


def boundary_requests(model: AlbModel) -> list[Request]:
    """Requests at the rules' edges: each path, path + "/", path + "x", its parent, case
    variants; each host, its case variant, one and two labels under a wildcard, the bare
    suffix, a :port in Host; both schemes, a port without listener, a query."""
    hosts = {"other.example", "A.Test:80", "[::1]:8080", "[2001:db8::1]"}
    path_set = {"/", "/zz/q"}
    for lb in model.load_balancers:
        for listener in lb.listeners:
            for rule in listener.rules:
                if rule.host:
                    h = rule.host
                    if h.startswith("*."):
                        bare = h[2:]
                        hosts |= {f"q.{bare}", f"p.q.{bare}", bare, f"Q.{bare}".upper()}
                    else:
                        hosts |= {h, h.upper(), f"z.{h}", f"{h}:8080"}
                p = rule.path.replace("*", "x/y").replace("?", "z")
                parent = p.rstrip("/").rpartition("/")[0] or "/"
                path_set |= {p, p + "/", p + "x", p.rstrip("/") or "/", p.upper(), p + "/c", parent}
    out = []
    for n, (host, path) in enumerate((h, p) for h in sorted(hosts) for p in sorted(path_set)):
        query = "q=1" if n % 3 == 0 else ""
        out.append(Request("https" if n % 2 else "http", host, path, query))
        if n % 5 == 0:
            out.append(Request("http" if n % 2 else "https", host, path, query))
        if n % 13 == 0:
            out.append(Request("http", host, path, query, port=8080))
            out.append(Request("https", host, path, query, port=8443))
    return out


def projection(answer: Resolution | ExportAnswer) -> tuple[Any, ...]:
    outcome, status = answer.outcome, answer.status
    if isinstance(answer, Resolution):
        priority = answer.matched.priority if answer.matched else None
        if outcome is Outcome.SERVICE_UNAVAILABLE and "no ready endpoints" in (
            answer.message or ""
        ):
            # Endpoints are not in the exported rules: compare what the rules decided.
            outcome, status = (Outcome.ROUTE if answer.matched else Outcome.DEFAULT_BACKEND), None
    else:
        priority = answer.priority
    return (
        answer.load_balancer,
        str(outcome),
        status,
        answer.backend,
        answer.location,
        priority,
    )


def disagreement(
    model: AlbModel, export: list[dict[str, Any]], request: Request, stats: Counter[str]
) -> str | None:
    by_model = model.resolve(request)
    by_export = evaluate_rules(export, request)
    stats.update(f"answers {a.outcome}" for a in by_export)
    if not export and [a.outcome for a in by_model] == [Outcome.IGNORED] and not by_export:
        return None
    # The model answers for the load balancers DNS would send the Host to (their rules name
    # it); the oracle answers for every one. The reached ones must agree; when none is
    # reached, every load balancer must answer with its default 404.
    exported = {a.load_balancer: projection(a) for a in by_export}
    left = [projection(a) for a in by_model]
    if [a.outcome for a in by_model] == [Outcome.NO_LOAD_BALANCER]:
        # No rule names the Host: either no load balancer takes it (each would answer its
        # default 404, or has no listener) or several take any host and DNS decides.
        if "take any host" in (by_model[0].message or ""):
            return None
        unclaimed = (Outcome.NOT_FOUND, Outcome.NO_LISTENER, Outcome.CONTROLLER_ERROR)
        right = [projection(a) for a in by_export if a.outcome not in unclaimed]
        if not right:
            return None
    else:
        right = [exported.get(a.load_balancer) for a in by_model]  # type: ignore[misc]
    if left == right:
        return None
    return (
        f"request {request.url} (Host {request.host!r}):\n  AlbModel.resolve: {left}\n"
        f"  evaluate_rules:   {right}"
    )


def agreement_check(text: str, stats: Counter[str]) -> None:
    manifests = ingresslab.loads(text)
    assert not manifests.errors, manifests.errors
    model = AlbModel(manifests)
    export, checked = check_export(model)
    stats["configs"] += 1
    stats["validated requests"] += checked
    stats["controller errors"] += sum(lb.error is not None for lb in model.load_balancers)
    witnesses = []
    for request in boundary_requests(model):
        stats["requests"] += 1
        found = disagreement(model, export, request, stats)
        if found is not None:
            witnesses.append((len(request.url), found))
    if witnesses:
        shortest = min(witnesses)[1]
        rules = [
            {k: v for k, v in r["params"].items() if k not in ("ListenerArn", "Tags")}
            for e in export
            for r in e["requests"]
            if r["operation"] in ("CreateRule", "CreateListener")
        ]
        pytest.fail(f"{shortest}\nmanifests:\n{text}\nexported listeners and rules: {rules}")


def run_agreement(
    strategy: st.SearchStrategy[str], examples: int, stats: Counter[str]
) -> Callable[[], None]:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(strategy)
    def check(text: str) -> None:
        agreement_check(text, stats)

    return check


def test_ipv6_host_with_port_redirects_without_the_port() -> None:
    """RFC 3986 3.2.2: the host of `[::1]:8080` is `[::1]`; #{host} retains the host only."""
    model = AlbModel(ingresslab.load(EXAMPLES / "alb-ssl-redirect.yaml"))
    request = Request("http", "[::1]:8080", "/a", "b=1")
    assert disagreement(model, export_alb(model), request, Counter()) is None


def test_export_evaluator_agrees_with_the_model(
    record_property: Callable[[str, Any], None],
) -> None:
    """A second, independent path to the same answer: every generated request, every config."""
    stats: Counter[str] = Counter()
    started = time.monotonic()
    run_agreement(configs(), 250, stats)()
    for path in sorted(EXAMPLES.glob("*.yaml")):
        if not ingresslab.load(path).errors:
            agreement_check(path.read_text(), stats)
    elapsed = time.monotonic() - started
    for key, value in stats.items():
        record_property(key, value)
    record_property("seconds", round(elapsed, 1))
    print(f"ALB export agreement: {dict(stats)} in {elapsed:.1f}s")
    assert stats["configs"] >= 200 and stats["requests"] >= 10_000, stats
    assert elapsed < 60, f"took {elapsed:.1f}s"
