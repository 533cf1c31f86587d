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

The tests answer requests from these exported requests alone, with an independent evaluator
(`tests/oracles/alb_export.py`), and check it agrees with `AlbModel.resolve`.

This module knows the ALB model's values and the API's shapes; it knows nothing about how the
model builds them, how the CLI prints, or the spec and NGINX models.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .._controllers.alb.build import Action, Condition, Listener, LoadBalancer, Rule, TargetGroup
from .._controllers.alb.route import AlbModel

__all__ = [
    "ACCOUNT",
    "REGION",
    "export_alb",
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
    params: dict[str, Any] = {
        "ListenerArn": ls_arn,
        "Priority": rule.priority,
        "Conditions": [_condition(c) for c in rule.conditions],
        "Actions": _actions(rule.actions, tg_arns),
        "Tags": tags(resource),
    }
    if rule.transforms:
        # `pkg/deploy/elbv2/listener_rule_manager.go` (LBC v3.5.0): Type plus the config
        # member of that type, its Rewrites as Regex/Replace.
        params["Transforms"] = [
            {
                "Type": transform.type,
                _TRANSFORM_CONFIG[transform.type]: {
                    "Rewrites": [{"Regex": r, "Replace": s} for r, s in transform.rewrites]
                },
            }
            for transform in rule.transforms
        ]
    return {
        "operation": "CreateRule",
        "params": params,
        "returns": {"RuleArn": f"{_ARN}listener-rule/app/{lb.name}/{lb_id}/{ls_id}/{rule_id}"},
        "placeholders": {},
    }


_TRANSFORM_CONFIG = {
    "url-rewrite": "UrlRewriteConfig",
    "host-header-rewrite": "HostHeaderRewriteConfig",
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
