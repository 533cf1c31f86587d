"""The ELBv2 API requests the AWS Load Balancer Controller (LBC) would make, and a second router.

`export_alb(model)` turns each load balancer of an `AlbModel` into the create calls the LBC's
deployer makes, in its order (`pkg/deploy/stack_deployer.go`, v3.5.0: target groups, load
balancer, listeners, listener rules), each `params` shaped exactly as the ELBv2 API (botocore
service model `elbv2`, 2015-12-01) takes it:

* `CreateTargetGroup` (`target_group_manager.go` `buildSDKCreateTargetGroupInput`), with the
  controller's health-check defaults (`model_builder.go` 194-201);
* `CreateLoadBalancer` (`load_balancer_manager.go` `buildSDKCreateLoadBalancerInput`);
* `CreateListener` (`listener_manager.go` `buildSDKCreateListenerInput`): only the first
  certificate, the default one; every certificate is then added with one
  `AddListenerCertificates` each (`updateSDKListenerWithExtraCertificates`);
* `CreateRule` (`listener_rule_manager.go` `buildSDKCreateListenerRuleInput`): conditions in
  their `*Config` members, never the legacy top-level `Values` (`listener_utils.go`).

Each request is `{"operation", "params", "returns", "placeholders"}`: `returns` holds the ARN the
API would answer with, `placeholders` names each param the manifests cannot decide and says where
the controller gets it. Everything is plain JSON/YAML data.

Placeholders are deterministic and of the right format: account `123456789012` and region
`us-east-1` (the AWS documentation's examples), IDs of 16 hex digits from a SHA-256 of the
resource's identity, e.g.
`arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/<name>/<16 hex>`;
`vpc-`, `subnet-` and `sg-` IDs are zeros with a last distinguishing digit.

`evaluate_rules(export, request)` answers a request from the exported CreateListener and
CreateRule params alone, by the ELBv2 user guide (`load-balancer-listeners.md` @fb24293): rules
by ascending priority, the first whose conditions all hold wins, else the default actions. Its
wildcard matcher is written here on purpose, so that it is a second, independent path to the
answer `AlbModel.resolve` gives; it shares with the model only the points AWS leaves unsettled,
each listed in `ASSUMPTIONS`.

This module knows the ALB model's values and the API's shapes; it knows nothing about how the
model builds them, how the CLI prints, or the spec and NGINX models.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._alb import Action, AlbModel, Condition, Listener, LoadBalancer, Rule, TargetGroup
from ._model import Backend
from ._result import Outcome, Request

__all__ = [
    "ACCOUNT",
    "ASSUMPTIONS",
    "REGION",
    "ExportAnswer",
    "evaluate_rules",
    "export_alb",
    "wildcard_match",
]

REGION = "us-east-1"
ACCOUNT = "123456789012"
_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:"
_VPC = "vpc-00000000000000000"
_SUBNETS = ("subnet-00000000000000001", "subnet-00000000000000002")
_SECURITY_GROUPS = ("sg-00000000000000001", "sg-00000000000000002")
_ACM_PLACEHOLDER = (
    f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/00000000-0000-0000-0000-000000000000"
)
#: --default-ssl-policy (`pkg/config/controller_config.go` 49, v3.5.0)
DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"
#: --default-load-balancer-ip-address-type (`model_builder.go` 188)
DEFAULT_IP_ADDRESS_TYPE = "ipv4"
#: Tag keys of `pkg/deploy/tracking/provider.go` and `shared_constants/tag_keys.go`.
_TAG_CLUSTER, _TAG_STACK, _TAG_RESOURCE = (
    "elbv2.k8s.aws/cluster",
    "ingress.k8s.aws/stack",
    "ingress.k8s.aws/resource",
)
#: The fixed 503 bodies the controller uses when it tolerates a missing Service or action
#: (`enhanced_backend_builder.go`, --tolerate-non-existent-backend-service/-action).
_TOLERATED_BODIES = ("Backend service does not exist", "Backend action does not exist")

# What AWS does not document, where this evaluator takes the ALB model's reading (and why):
ASSUMPTIONS = (
    "a Host header's :port is dropped before host-header matching; RFC 7230 5.4 makes the port "
    "part of Host, AWS does not say whether conditions see it",
    "#{host} in a redirect is the Host lower-cased and without its port (RFC 3986 6.2.2.1 "
    "normalises a URI's host to lower case)",
    "path-pattern and query-string see the request's path and query as sent, not "
    "percent-decoded or dot-segment normalised",
    "a weighted forward is answered with its heaviest target group (the first one on a tie); "
    "the ALB itself splits traffic by weight",
    "RegexValues use Python's re.search, as the model does (ALB regex syntax is undocumented)",
)


def _id(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------------------------
# Export


def export_alb(model: AlbModel, *, cluster_name: str = "") -> list[dict[str, Any]]:
    """Per load balancer: `{"load_balancer", "group", "ingresses", "error", "requests",
    "target_group_bindings"}`.

    `error` is the model's reconcile or API error; the build errors stop the controller before
    any request, so `requests` is then empty. `target_group_bindings` are the Kubernetes
    objects (`elbv2.k8s.aws/v1beta1` TargetGroupBinding, `model_build_target_group.go` 63-100)
    that tie each target group ARN to its Service; they are not ELBv2 requests.
    `cluster_name` is the controller's --cluster-name for the cluster tag: pass the one given to
    `AlbModel`.
    """
    return [_export_one(lb, cluster_name) for lb in model.load_balancers]


def _export_one(lb: LoadBalancer, cluster: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "load_balancer": lb.name,
        "group": lb.group,
        "ingresses": list(lb.ingresses),
        "error": lb.error,
        "requests": [],
        "target_group_bindings": [],
    }
    if lb.error is not None:
        return out

    def tags(resource: str) -> list[dict[str, str]]:
        return [
            {"Key": _TAG_CLUSTER, "Value": cluster},
            {"Key": _TAG_STACK, "Value": lb.group},
            {"Key": _TAG_RESOURCE, "Value": resource},
        ]

    requests: list[dict[str, Any]] = out["requests"]
    tg_arns: dict[str, str] = {}
    for tg in lb.target_groups:
        arn = f"{_ARN}targetgroup/{tg.name}/{_id('targetgroup', tg.name, tg.id)}"
        tg_arns[tg.id] = arn
        requests.append(_create_target_group(tg, arn, tags(tg.id)))
        out["target_group_bindings"].append(_binding(tg, arn))
    lb_id = _id("loadbalancer", lb.name, lb.group)
    lb_arn = f"{_ARN}loadbalancer/app/{lb.name}/{lb_id}"
    requests.append(
        {
            "operation": "CreateLoadBalancer",
            "params": {
                "Name": lb.name,
                "Type": "application",
                "Scheme": lb.scheme or "internal",
                "IpAddressType": DEFAULT_IP_ADDRESS_TYPE,
                "SubnetMappings": [{"SubnetId": s} for s in _SUBNETS],
                "SecurityGroups": list(_SECURITY_GROUPS),
                "Tags": tags("LoadBalancer"),
            },
            "returns": {"LoadBalancerArn": lb_arn},
            "placeholders": {
                "SubnetMappings": "subnets the controller discovers by their "
                "kubernetes.io/role/elb (internet-facing) or kubernetes.io/role/internal-elb "
                "tags, or the subnets annotation",
                "SecurityGroups": "the frontend security group the controller creates (or the "
                "security-groups annotation) and the shared backend security group",
            },
        }
    )
    rules: list[dict[str, Any]] = []
    for listener in lb.listeners:
        ls_arn = (
            f"{_ARN}listener/app/{lb.name}/{lb_id}/{_id('listener', lb_arn, str(listener.port))}"
        )
        requests.extend(_create_listener(listener, lb_arn, ls_arn, tg_arns, tags))
        for rule in listener.rules:
            rules.append(_create_rule(rule, listener, lb, lb_id, ls_arn, tg_arns, tags))
    requests.extend(rules)
    return out


def _create_target_group(tg: TargetGroup, arn: str, tags: list[dict[str, str]]) -> dict[str, Any]:
    placeholders: dict[str, str] = {
        "VpcId": "the cluster's VPC (--aws-vpc-id, or discovered from the node's metadata)"
    }
    port = tg.port
    if port is None:
        if tg.target_type == "ip" and isinstance(tg.backend.port, int):
            # An assumed Service: its targetPort defaults to its port (core/v1 ServicePort).
            port = tg.backend.port
            placeholders["Port"] = (
                "the Service's numeric targetPort; the Service is not in the input, so its "
                "port, the default targetPort, stands in"
            )
        elif tg.target_type == "ip":
            port = 1  # what the controller uses for a named targetPort
            placeholders["Port"] = "the Service is not in the input; 1 stands for a named port"
        else:
            port = 30000
            placeholders["Port"] = (
                "the Service's nodePort, which the input does not give (the Service is assumed "
                "or the API server assigns it); 30000 is the start of the default NodePort range"
            )
    return {
        "operation": "CreateTargetGroup",
        "params": {
            "Name": tg.name,
            "TargetType": tg.target_type,
            "Port": port,
            "Protocol": tg.protocol,
            "ProtocolVersion": "HTTP1",
            "HealthCheckEnabled": True,
            "HealthCheckPort": "traffic-port",
            "HealthCheckProtocol": tg.protocol,
            "HealthCheckPath": "/",
            "Matcher": {"HttpCode": "200"},
            "HealthCheckIntervalSeconds": 15,
            "HealthCheckTimeoutSeconds": 5,
            "HealthyThresholdCount": 2,
            "UnhealthyThresholdCount": 2,
            "VpcId": _VPC,
            "Tags": tags,
        },
        "returns": {"TargetGroupArn": arn},
        "placeholders": placeholders,
    }


def _binding(tg: TargetGroup, arn: str) -> dict[str, Any]:
    return {
        "apiVersion": "elbv2.k8s.aws/v1beta1",
        "kind": "TargetGroupBinding",
        "metadata": {"namespace": tg.backend.namespace, "name": tg.name},
        "spec": {
            "targetGroupARN": arn,
            "targetType": tg.target_type,
            "serviceRef": {"name": tg.backend.service, "port": tg.backend.port},
        },
    }


def _create_listener(
    listener: Listener,
    lb_arn: str,
    ls_arn: str,
    tg_arns: Mapping[str, str],
    tags: Callable[[str], list[dict[str, str]]],
) -> list[dict[str, Any]]:
    params: dict[str, Any] = {
        "LoadBalancerArn": lb_arn,
        "Port": listener.port,
        "Protocol": listener.protocol,
        "DefaultActions": _actions(listener.default_actions, tg_arns),
    }
    placeholders: dict[str, str] = {}
    certificates = list(listener.certificates)
    if listener.protocol == "HTTPS":
        if not certificates:
            # No certificate-arn: the controller discovers ACM certificates by the rules' hosts
            # and spec.tls (model_build_listener.go 163-169).
            certificates = [_ACM_PLACEHOLDER]
            placeholders["Certificates"] = (
                "an ACM certificate the controller discovers for the Ingress hosts"
            )
        params["Certificates"] = [{"CertificateArn": certificates[0]}]
        params["SslPolicy"] = DEFAULT_SSL_POLICY
    params["Tags"] = tags(str(listener.port))
    out = [
        {
            "operation": "CreateListener",
            "params": params,
            "returns": {"ListenerArn": ls_arn},
            "placeholders": placeholders,
        }
    ]
    if listener.protocol == "HTTPS":
        # Every certificate, the default one included, is also added as an extra one, one call
        # each in sorted order (listener_manager.go buildSDKCertificates, sets.String.List()).
        for arn in sorted(set(certificates)):
            out.append(
                {
                    "operation": "AddListenerCertificates",
                    "params": {"ListenerArn": ls_arn, "Certificates": [{"CertificateArn": arn}]},
                    "returns": {},
                    "placeholders": dict(placeholders),
                }
            )
    return out


def _create_rule(
    rule: Rule,
    listener: Listener,
    lb: LoadBalancer,
    lb_id: str,
    ls_arn: str,
    tg_arns: Mapping[str, str],
    tags: Callable[[str], list[dict[str, str]]],
) -> dict[str, Any]:
    resource = f"{listener.port}:{rule.priority}"
    rule_id = _id("rule", ls_arn, resource)
    ls_id = ls_arn.rsplit("/", 1)[1]
    return {
        "operation": "CreateRule",
        "params": {
            "ListenerArn": ls_arn,
            "Priority": rule.priority,
            "Conditions": [_condition(c) for c in rule.conditions],
            "Actions": _actions(rule.actions, tg_arns),
            "Tags": tags(resource),
        },
        "returns": {"RuleArn": f"{_ARN}listener-rule/app/{lb.name}/{lb_id}/{ls_id}/{rule_id}"},
        "placeholders": {},
    }


_CONFIG_KEY = {
    "host-header": "HostHeaderConfig",
    "path-pattern": "PathPatternConfig",
    "http-header": "HttpHeaderConfig",
    "http-request-method": "HttpRequestMethodConfig",
    "query-string": "QueryStringConfig",
    "source-ip": "SourceIpConfig",
}


def _condition(condition: Condition) -> dict[str, Any]:
    """`listener_utils.go` `buildSDKRuleCondition`: the field's config only."""
    config: dict[str, Any] = {}
    if condition.field == "query-string":
        pairs = []
        for value in condition.values:
            key, _, want = value.partition("=")
            pairs.append({"Key": key, "Value": want} if key else {"Value": want})
        config["Values"] = pairs
    else:
        if condition.http_header_name is not None:
            config["HttpHeaderName"] = condition.http_header_name
        if condition.values:
            config["Values"] = list(condition.values)
        if condition.regex_values:
            config["RegexValues"] = list(condition.regex_values)
    return {"Field": condition.field, _CONFIG_KEY[condition.field]: config}


def _actions(actions: Sequence[Action], tg_arns: Mapping[str, str]) -> list[dict[str, Any]]:
    """`listener_utils.go` `buildSDKActions`: Order is the position plus one."""
    out = []
    for index, action in enumerate(actions):
        item: dict[str, Any] = {"Type": action.type, "Order": index + 1}
        if action.fixed_response_config is not None:
            fixed = action.fixed_response_config
            config: dict[str, Any] = {
                "StatusCode": fixed.status_code,
                "ContentType": fixed.content_type,
            }
            if fixed.message_body is not None:
                config["MessageBody"] = fixed.message_body
            item["FixedResponseConfig"] = config
        if action.redirect_config is not None:
            redirect = action.redirect_config
            parts = {
                "Protocol": redirect.protocol,
                "Port": redirect.port,
                "Host": redirect.host,
                "Path": redirect.path,
                "Query": redirect.query,
            }
            item["RedirectConfig"] = {k: v for k, v in parts.items() if v is not None} | {
                "StatusCode": redirect.status_code
            }
        if action.forward_config is not None:
            tuples = []
            for entry in action.forward_config.target_groups:
                if entry.target_group is not None:
                    arn = tg_arns[entry.target_group.id]
                elif entry.target_group_arn:
                    arn = entry.target_group_arn
                else:
                    # The controller looks the name up (DescribeTargetGroups) and sends its ARN.
                    name = entry.target_group_name or ""
                    arn = f"{_ARN}targetgroup/{name}/{_id('targetgroup', name)}"
                one: dict[str, Any] = {"TargetGroupArn": arn}
                if entry.weight is not None:
                    one["Weight"] = entry.weight
                tuples.append(one)
            item["ForwardConfig"] = {"TargetGroups": tuples}
        out.append(item)
    return out


# ------------------------------------------------------------------------------------------------
# Evaluation over the exported requests only


@dataclass(frozen=True, slots=True)
class ExportAnswer:
    """What one exported load balancer does with a request.

    `priority` is the CreateRule Priority that matched (None: the default actions answered).
    """

    load_balancer: str
    outcome: Outcome
    status: int | None = None
    backend: Backend | None = None
    location: str | None = None
    priority: int | None = None
    message: str | None = None


def wildcard_match(pattern: str, text: str) -> bool:
    """ALB wildcards: `*` is 0 or more characters, `?` exactly one, every other character
    literal (user guide, host and path conditions). Greedy two-pointer matching that
    backtracks only to the last `*`, which is enough because a later `*` can absorb anything
    an earlier one could."""
    p = t = 0
    star, resume = -1, 0
    while t < len(text):
        if p < len(pattern) and pattern[p] == "*":
            star, resume = p, t
            p += 1
        elif p < len(pattern) and pattern[p] in ("?", text[t]):
            p += 1
            t += 1
        elif star >= 0:
            resume += 1
            p, t = star + 1, resume
        else:
            return False
    return all(c == "*" for c in pattern[p:])


def _split_host(header: str) -> str:
    """The host of a Host header (`host[:port]`, `[v6]:port`), lower-cased (`ASSUMPTIONS`)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.index("]") + 1] if "]" in header else header
    name, colon, port = header.rpartition(":")
    return name if colon and (port.isdigit() or not port) else header


def _condition_holds(condition: Mapping[str, Any], host: str, request: Request) -> bool:
    field = condition["Field"]
    if field == "host-header":
        config = condition["HostHeaderConfig"]
        return any(wildcard_match(v.lower(), host) for v in config.get("Values", [])) or any(
            re.search(v, host, re.IGNORECASE) for v in config.get("RegexValues", [])
        )
    if field == "path-pattern":
        config = condition["PathPatternConfig"]
        return any(wildcard_match(v, request.path) for v in config.get("Values", [])) or any(
            re.search(v, request.path) for v in config.get("RegexValues", [])
        )
    if field == "query-string":
        pairs = [item.partition("=") for item in request.query.split("&") if item]
        for want in condition["QueryStringConfig"]["Values"]:
            key, value = want.get("Key"), want["Value"].lower()
            for k, _, v in pairs:
                if (key is None or wildcard_match(key.lower(), k.lower())) and wildcard_match(
                    value, v.lower()
                ):
                    return True
        return False
    # http-header, http-request-method, source-ip: a Request carries none of them.
    return False


def evaluate_rules(export: Sequence[Mapping[str, Any]], request: Request) -> list[ExportAnswer]:
    """One answer per exported load balancer, from its CreateListener/CreateRule params."""
    return [_evaluate_one(entry, request) for entry in export]


def _evaluate_one(entry: Mapping[str, Any], request: Request) -> ExportAnswer:
    name = str(entry["load_balancer"])
    if entry.get("error") is not None:
        return ExportAnswer(name, Outcome.CONTROLLER_ERROR, message=str(entry["error"]))
    requests: list[Mapping[str, Any]] = list(entry["requests"])
    port = request.port or (443 if request.scheme == "https" else 80)
    listener = next(
        (r for r in requests if r["operation"] == "CreateListener" and r["params"]["Port"] == port),
        None,
    )
    if listener is None:
        return ExportAnswer(name, Outcome.NO_LISTENER, message=f"no listener on port {port}")
    arn = listener["returns"]["ListenerArn"]
    rules = sorted(
        (
            r["params"]
            for r in requests
            if r["operation"] == "CreateRule" and r["params"]["ListenerArn"] == arn
        ),
        key=lambda params: int(params["Priority"]),
    )
    host = _split_host(request.host)
    bindings = {
        b["spec"]["targetGroupARN"]: Backend(
            b["metadata"]["namespace"],
            b["spec"]["serviceRef"]["name"],
            b["spec"]["serviceRef"]["port"],
        )
        for b in entry.get("target_group_bindings", ())
    }
    for params in rules:
        if all(_condition_holds(c, host, request) for c in params["Conditions"]):
            return _act(name, params["Actions"], port, host, request, bindings, params["Priority"])
    return _act(name, listener["params"]["DefaultActions"], port, host, request, bindings, None)


def _act(
    name: str,
    actions: Iterable[Mapping[str, Any]],
    port: int,
    host: str,
    request: Request,
    bindings: Mapping[str, Backend],
    priority: int | None,
) -> ExportAnswer:
    # Authentication actions come first; the one with the highest Order answers.
    action = max(actions, key=lambda a: int(a["Order"]))
    kind = action["Type"]
    if kind == "redirect":
        config = action["RedirectConfig"]
        status = 301 if config["StatusCode"] == "HTTP_301" else 302
        location = _location(config, port, host, request)
        return ExportAnswer(name, Outcome.REDIRECT, status, location=location, priority=priority)
    if kind == "fixed-response":
        config = action["FixedResponseConfig"]
        status = int(config["StatusCode"])
        body = config.get("MessageBody")
        if status == 503 and body in _TOLERATED_BODIES:
            outcome = Outcome.SERVICE_UNAVAILABLE
        elif priority is None and status == 404 and body is None:
            outcome = Outcome.NOT_FOUND  # the controller's own default action
        else:
            outcome = Outcome.FIXED_RESPONSE
        return ExportAnswer(name, outcome, status, priority=priority, message=body)
    tuples = action["ForwardConfig"]["TargetGroups"]
    chosen = max(tuples, key=lambda t: int(t.get("Weight", 0)))  # see ASSUMPTIONS
    backend = bindings.get(chosen["TargetGroupArn"])
    if backend is None:
        return ExportAnswer(
            name,
            Outcome.UNRESOLVED_BACKEND,
            priority=priority,
            message=f"forwards to {chosen['TargetGroupArn']}, outside the export",
        )
    outcome = Outcome.ROUTE if priority is not None else Outcome.DEFAULT_BACKEND
    return ExportAnswer(name, outcome, backend=backend, priority=priority)


def _location(config: Mapping[str, Any], port: int, host: str, request: Request) -> str:
    """`protocol://hostname:port/path?query`; an unset part keeps the request's, and the
    `#{...}` keywords stand for the request's parts (user guide, redirect actions)."""
    keep = {
        "#{protocol}": request.scheme.upper(),
        "#{host}": host,
        "#{port}": str(port),
        "#{path}": request.path[1:] if request.path.startswith("/") else request.path,
        "#{query}": request.query,
    }

    def part(key: str, default: str) -> str:
        text = str(config.get(key, default))
        for word, value in keep.items():
            text = text.replace(word, value)
        return text

    url = (
        f"{part('Protocol', '#{protocol}').lower()}://{part('Host', '#{host}')}:"
        f"{part('Port', '#{port}')}{part('Path', '/#{path}')}"
    )
    query = part("Query", "#{query}")
    return f"{url}?{query}" if query else url
