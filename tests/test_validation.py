"""Table-driven tests for the port of the API server's validation (upstream's style: each rule
gets a valid case and an invalid case, compared on the exact rendered messages)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from ingresslab._k8s.errors import FORBIDDEN, INVALID, REQUIRED, TYPE_INVALID, FieldError
from ingresslab._k8s.validation import (
    admission_forbidden_message,
    admit_ingress,
    default_object,
    validate_object,
)

Obj = dict[str, Any]
Mutate = Callable[[Obj], None]

DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
DNS1035_LABEL_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
WILDCARD_MSG = (
    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which "
    "must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric "
    "character (e.g. '*.example.com', regex used for validation is "
    "'\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  "
    "or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
LABEL_KEY_NAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


# ------------------------------------------------------------------------------------------------
# Minimal valid objects


def ingress(**spec: Any) -> Obj:
    body: Obj = {
        "rules": [
            {
                "host": "shop.example.com",
                "http": {
                    "paths": [
                        {
                            "path": "/",
                            "pathType": "Prefix",
                            "backend": {"service": {"name": "web", "port": {"number": 80}}},
                        }
                    ]
                },
            }
        ]
    }
    body.update(spec)
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": "shop", "namespace": "default"},
        "spec": body,
    }


def ingress_class() -> Obj:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": {"name": "nginx"},
        "spec": {"controller": "k8s.io/ingress-nginx"},
    }


def service(**spec: Any) -> Obj:
    body: Obj = {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}
    body.update(spec)
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": body}


def container(**fields: Any) -> Obj:
    body: Obj = {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 8080}]}
    body.update(fields)
    return body


def pod() -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web-0", "labels": {"app": "web"}},
        "spec": {"containers": [container()]},
    }


def deployment(kind: str = "Deployment") -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": {"name": "web"},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [container()]},
            },
        },
    }


def node() -> Obj:
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-1"}, "spec": {}}


def endpoint_slice() -> Obj:
    return {
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": {"name": "web-abc12"},
        "addressType": "IPv4",
        "endpoints": [{"addresses": ["10.0.0.5"]}],
        "ports": [{"name": "http", "port": 8080}],
    }


def messages(obj: Obj) -> list[str]:
    return [str(e) for e in validate_object(default_object(obj))]


def edited(base: Obj, mutate: Mutate) -> Obj:
    obj = copy.deepcopy(base)
    mutate(obj)
    return obj


def setter(*path_and_value: Any) -> Mutate:
    path, value = path_and_value[:-1], path_and_value[-1]

    def mutate(obj: Obj) -> None:
        target: Any = obj
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def deleter(*path: str | int) -> Mutate:
    def mutate(obj: Obj) -> None:
        target: Any = obj
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


PATH0 = ("spec", "rules", 0, "http", "paths", 0)

# ------------------------------------------------------------------------------------------------
# The table: (base object, mutation, expected messages). An empty list is the valid case.

CASES: list[Any] = [
    # --- metadata
    pytest.param(pod(), setter("metadata", "name", "web-0"), [], id="meta-name-valid"),
    pytest.param(
        pod(),
        deleter("metadata", "name"),
        ["metadata.name: Required value: name or generateName is required"],
        id="meta-name-required",
    ),
    pytest.param(
        pod(),
        setter("metadata", "name", "Web_0"),
        [f'metadata.name: Invalid value: "Web_0": {DNS1123_SUBDOMAIN_MSG}'],
        id="meta-name-dns-subdomain",
    ),
    pytest.param(
        pod(),
        setter("metadata", "name", "a" * 254),
        [
            f'metadata.name: Invalid value: "{"a" * 254}": must be no more than 253 characters',
        ],
        id="meta-name-too-long",
    ),
    pytest.param(
        pod(),
        setter("metadata", "namespace", "team.a"),
        ['metadata.namespace: Invalid value: "team.a": must not contain dots'],
        id="meta-namespace-dns-label",
    ),
    pytest.param(
        node(),
        setter("metadata", "namespace", "default"),
        ["metadata.namespace: Forbidden: not allowed on this type"],
        id="meta-namespace-cluster-scoped",
    ),
    pytest.param(
        pod(),
        setter("metadata", "labels", {"app": "web", "tier": "front end"}),
        [f'metadata.labels: Invalid value: "front end": {LABEL_VALUE_MSG}'],
        id="meta-label-value-syntax",
    ),
    pytest.param(
        pod(),
        setter("metadata", "labels", {"app": "x" * 64}),
        [f'metadata.labels: Invalid value: "{"x" * 64}": must be no more than 63 bytes'],
        id="meta-label-value-length",
    ),
    pytest.param(
        pod(),
        setter("metadata", "labels", {"-app": "web"}),
        [f'metadata.labels: Invalid value: "-app": {LABEL_KEY_NAME_MSG}'],
        id="meta-label-key-syntax",
    ),
    pytest.param(
        pod(),
        setter("metadata", "annotations", {"/note": "x"}),
        ['metadata.annotations: Invalid value: "/note": prefix part must be non-empty'],
        id="meta-annotation-key-prefix",
    ),
    pytest.param(
        pod(),
        setter("metadata", "annotations", {"Example.COM/Note": "x"}),
        [],
        id="meta-annotation-key-case-insensitive",
    ),
    pytest.param(
        pod(),
        setter("metadata", "annotations", {"big": "x" * (256 * 1024)}),
        ["metadata.annotations: Too long: may not be more than 262144 bytes"],
        id="meta-annotations-size",
    ),
    # --- Ingress
    pytest.param(ingress(), lambda o: None, [], id="ingress-valid"),
    pytest.param(
        ingress(),
        deleter(*PATH0, "pathType"),
        ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"],
        id="ingress-pathtype-required",
    ),
    pytest.param(
        ingress(),
        setter(*PATH0, "pathType", "Regex"),
        [
            'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: '
            '"Exact", "ImplementationSpecific", "Prefix"'
        ],
        id="ingress-pathtype-unsupported",
    ),
    pytest.param(
        ingress(),
        setter(*PATH0, "path", "api"),
        ['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path'],
        id="ingress-prefix-path-absolute",
    ),
    pytest.param(
        ingress(),
        setter(*PATH0, "path", "/a//b/.."),
        [
            "spec.rules[0].http.paths[0].path: Invalid value: \"/a//b/..\": must not contain '//'",
            "spec.rules[0].http.paths[0].path: Invalid value: \"/a//b/..\": cannot end with '/..'",
        ],
        id="ingress-path-invalid-sequences",
    ),
    pytest.param(
        ingress(),
        setter(*PATH0, "path", "/a%2Fb"),
        ["spec.rules[0].http.paths[0].path: Invalid value: \"/a%2Fb\": must not contain '%2F'"],
        id="ingress-path-encoded-slash",
    ),
    pytest.param(
        ingress(),
        lambda o: o["spec"]["rules"][0]["http"]["paths"][0].update(
            pathType="ImplementationSpecific", path="/a//b"
        ),
        [],
        id="ingress-implementation-specific-path-free",
    ),
    pytest.param(
        ingress(),
        lambda o: o["spec"]["rules"][0]["http"]["paths"][0].update(
            pathType="ImplementationSpecific", path="a"
        ),
        ['spec.rules[0].http.paths[0].path: Invalid value: "a": must be an absolute path'],
        id="ingress-implementation-specific-absolute",
    ),
    pytest.param(
        ingress(),
        setter("spec", "rules", 0, "host", "1.2.3.4"),
        ['spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address'],
        id="ingress-host-not-ip",
    ),
    pytest.param(
        ingress(),
        setter("spec", "rules", 0, "host", "Shop.example.com"),
        [f'spec.rules[0].host: Invalid value: "Shop.example.com": {DNS1123_SUBDOMAIN_MSG}'],
        id="ingress-host-dns",
    ),
    pytest.param(
        ingress(), setter("spec", "rules", 0, "host", "*.example.com"), [], id="ingress-wildcard"
    ),
    pytest.param(
        ingress(),
        setter("spec", "rules", 0, "host", "*.*.example.com"),
        [f'spec.rules[0].host: Invalid value: "*.*.example.com": {WILDCARD_MSG}'],
        id="ingress-wildcard-invalid",
    ),
    pytest.param(
        ingress(),
        lambda o: o["spec"]["rules"][0].update(host="*.example.com", http={"paths": []}),
        ["spec.rules[0].http.paths: Required value"],
        id="ingress-wildcard-rule-still-validated",
    ),
    pytest.param(
        ingress(),
        setter("spec", "rules", []),
        ["spec: Invalid value: []: either `defaultBackend` or `rules` must be specified"],
        id="ingress-rules-or-default-backend",
    ),
    pytest.param(
        ingress(),
        setter(
            *PATH0, "backend", {"service": {"name": "web", "port": {"name": "http", "number": 80}}}
        ),
        [
            'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & '
            "port number"
        ],
        id="ingress-backend-port-name-and-number",
    ),
    pytest.param(
        ingress(),
        setter(*PATH0, "backend", {"service": {"name": "web"}}),
        [
            "spec.rules[0].http.paths[0].backend: Required value: port name or number is required",
        ],
        id="ingress-backend-port-required",
    ),
    pytest.param(
        ingress(),
        setter(*PATH0, "backend", {"service": {"name": "9web", "port": {"number": 70000}}}),
        [
            f'spec.rules[0].http.paths[0].backend.service.name: Invalid value: "9web": '
            f"{DNS1035_LABEL_MSG}",
            "spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 70000: "
            "must be between 1 and 65535, inclusive",
        ],
        id="ingress-backend-service-name-and-port-number",
    ),
    pytest.param(
        ingress(),
        setter(*PATH0, "backend", {}),
        [
            'spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend '
            "is required"
        ],
        id="ingress-backend-required",
    ),
    pytest.param(
        ingress(),
        setter(*PATH0, "backend", {"service": {"name": "web", "port": {"name": "HTTP"}}}),
        [
            'spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "HTTP": must '
            "contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            'spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "HTTP": must '
            "contain at least one letter (a-z)",
        ],
        id="ingress-backend-port-name",
    ),
    pytest.param(
        ingress(),
        setter(
            "spec",
            "tls",
            [{"hosts": ["shop.example.com", "*.example.com", "bad_host"], "secretName": "Tls"}],
        ),
        [
            f'spec.tls[0].hosts[2]: Invalid value: "bad_host": {DNS1123_SUBDOMAIN_MSG}',
            f'spec.tls[0].secretName: Invalid value: "Tls": {DNS1123_SUBDOMAIN_MSG}',
        ],
        id="ingress-tls-hosts-and-secret",
    ),
    pytest.param(
        ingress(),
        lambda o: (
            o["spec"].update(ingressClassName="nginx"),
            o["metadata"].update(annotations={"kubernetes.io/ingress.class": "traefik"}),
        ),
        [
            'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match '
            "`ingressClassName` when both are specified"
        ],
        id="ingress-class-annotation-mismatch",
    ),
    pytest.param(
        ingress(),
        lambda o: (
            o["spec"].update(ingressClassName="nginx"),
            o["metadata"].update(annotations={"kubernetes.io/ingress.class": "nginx"}),
        ),
        [],
        id="ingress-class-annotation-match",
    ),
    # --- IngressClass
    pytest.param(ingress_class(), lambda o: None, [], id="ingressclass-valid"),
    pytest.param(
        ingress_class(),
        setter("spec", "controller", ""),
        ["spec.controller: Required value"],
        id="ingressclass-controller-required",
    ),
    pytest.param(
        ingress_class(),
        setter("spec", "controller", "nginx"),
        [
            'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as '
            '"acme.io/foo")'
        ],
        id="ingressclass-controller-domain-prefixed",
    ),
    pytest.param(
        ingress_class(),
        setter("spec", "parameters", {"kind": "Config", "name": "c", "scope": "Namespace"}),
        ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"],
        id="ingressclass-parameters-namespace-scope",
    ),
    pytest.param(
        ingress_class(),
        setter("spec", "parameters", {"kind": "Config", "name": "c", "namespace": "x"}),
        ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"],
        id="ingressclass-parameters-cluster-scope-defaulted",
    ),
    # --- Service
    pytest.param(service(), lambda o: None, [], id="service-valid"),
    pytest.param(
        service(),
        setter("metadata", "name", "1web"),
        [f'metadata.name: Invalid value: "1web": {DNS1035_LABEL_MSG}'],
        id="service-name-dns1035",
    ),
    pytest.param(
        service(),
        setter("spec", "ports", []),
        ["spec.ports: Required value"],
        id="service-ports-required",
    ),
    pytest.param(service(clusterIP="None", ports=[]), lambda o: None, [], id="service-headless"),
    pytest.param(
        service(),
        setter("spec", "ports", [{"port": 80}, {"port": 443}]),
        ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"],
        id="service-port-names-required-when-several",
    ),
    pytest.param(
        service(),
        setter("spec", "ports", [{"name": "http", "port": 80}, {"name": "http", "port": 81}]),
        ['spec.ports[1].name: Duplicate value: "http"'],
        id="service-port-name-duplicate",
    ),
    pytest.param(
        service(),
        setter("spec", "ports", [{"name": "a", "port": 80}, {"name": "b", "port": 80}]),
        [
            'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,'
            '"Port":80,"TargetPort":0,"NodePort":0}'
        ],
        id="service-port-duplicate",
    ),
    pytest.param(
        service(),
        setter("spec", "ports", [{"port": 0, "protocol": "HTTP", "targetPort": "HTTP-PORT"}]),
        [
            "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
            'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", '
            '"TCP", "UDP"',
            'spec.ports[0].targetPort: Invalid value: "HTTP-PORT": must contain only '
            "alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            'spec.ports[0].targetPort: Invalid value: "HTTP-PORT": must contain at least one '
            "letter (a-z)",
        ],
        id="service-port-number-protocol-targetport",
    ),
    pytest.param(
        service(),
        setter("spec", "type", "Ingress"),
        [
            'spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", '
            '"ExternalName", "LoadBalancer", "NodePort"'
        ],
        id="service-type-unsupported",
    ),
    pytest.param(
        service(),
        setter("spec", "ports", [{"port": 80, "nodePort": 30080}]),
        ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
        id="service-nodeport-on-clusterip",
    ),
    pytest.param(
        service(type="NodePort", ports=[{"port": 80, "nodePort": 30080}]),
        lambda o: None,
        [],
        id="service-nodeport-in-range",
    ),
    pytest.param(
        service(type="NodePort", ports=[{"port": 80, "nodePort": 80}], sessionAffinity="Sticky"),
        lambda o: None,
        [
            "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. "
            "The range of valid ports is 30000-32767"
        ],
        id="service-nodeport-range-allocation-first",
    ),
    pytest.param(
        service(type="NodePort", ports=[{"port": 80, "nodePort": 30080, "name": "a"}]),
        lambda o: o["spec"]["ports"].append({"port": 81, "nodePort": 30080, "name": "b"}),
        ["spec.ports[1].nodePort: Duplicate value: 30080"],
        id="service-nodeport-duplicate",
    ),
    pytest.param(
        service(type="ExternalName", externalName="db.example.com.", ports=[]),
        deleter("spec", "selector"),
        [],
        id="service-externalname-valid",
    ),
    pytest.param(
        service(type="ExternalName", externalName="", clusterIP="10.0.0.1"),
        lambda o: None,
        [
            "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
            "spec.externalName: Required value",
        ],
        id="service-externalname-required-no-clusterip",
    ),
    pytest.param(
        service(type="NodePort", clusterIP="None"),
        lambda o: None,
        [
            "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort "
            "services"
        ],
        id="service-headless-nodeport",
    ),
    pytest.param(
        service(clusterIP="10.0.0.01"),
        lambda o: None,
        ['spec.clusterIPs[0]: Invalid value: "10.0.0.01": must not have leading 0s'],
        id="service-clusterip-leading-zero",
    ),
    pytest.param(
        service(externalTrafficPolicy="Local"),
        lambda o: None,
        [
            'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for '
            "externally-accessible services"
        ],
        id="service-external-traffic-policy-clusterip",
    ),
    pytest.param(
        service(type="LoadBalancer", externalTrafficPolicy="Global"),
        lambda o: None,
        [
            'spec.externalTrafficPolicy: Unsupported value: "Global": supported values: '
            '"Cluster", "Local"'
        ],
        id="service-external-traffic-policy-unsupported",
    ),
    pytest.param(
        service(internalTrafficPolicy="Node"),
        lambda o: None,
        [
            'spec.internalTrafficPolicy: Unsupported value: "Node": supported values: '
            '"Cluster", "Local"'
        ],
        id="service-internal-traffic-policy",
    ),
    pytest.param(
        service(loadBalancerSourceRanges=["10.0.0.0/8"]),
        lambda o: None,
        [
            "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is "
            "'LoadBalancer'"
        ],
        id="service-source-ranges-need-lb",
    ),
    pytest.param(
        service(type="LoadBalancer", loadBalancerSourceRanges=["10.0.0.1/8"]),
        lambda o: None,
        [
            'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.1/8": must not have bits '
            "set beyond the prefix length"
        ],
        id="service-source-ranges-cidr",
    ),
    pytest.param(
        service(),
        setter("spec", "selector", {"app": "web site"}),
        [f'spec.selector: Invalid value: "web site": {LABEL_VALUE_MSG}'],
        id="service-selector-label-value",
    ),
    # --- Pod
    pytest.param(pod(), lambda o: None, [], id="pod-valid"),
    pytest.param(
        pod(),
        setter("spec", "containers", []),
        ["spec.containers: Required value"],
        id="pod-containers-required",
    ),
    pytest.param(
        pod(),
        setter("spec", "containers", [container(name="Web", image="")]),
        [
            f'spec.containers[0].name: Invalid value: "Web": {DNS1123_LABEL_MSG}',
            "spec.containers[0].image: Required value",
        ],
        id="pod-container-name-and-image",
    ),
    pytest.param(
        pod(),
        setter("spec", "containers", [container(), container()]),
        ['spec.containers[1].name: Duplicate value: "web"'],
        id="pod-container-name-duplicate",
    ),
    pytest.param(
        pod(),
        setter(
            "spec",
            "containers",
            [
                container(
                    ports=[
                        {"containerPort": 70000, "protocol": "ICMP"},
                        {"name": "web-http-endpoint", "containerPort": 80},
                        {"hostPort": 8080},
                    ]
                )
            ],
        ),
        [
            "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 "
            "and 65535, inclusive",
            'spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: '
            '"SCTP", "TCP", "UDP"',
            'spec.containers[0].ports[1].name: Invalid value: "web-http-endpoint": must be no '
            "more than 15 characters",
            "spec.containers[0].ports[2].containerPort: Required value",
        ],
        id="pod-container-ports",
    ),
    # --- Deployment / ReplicaSet / StatefulSet
    pytest.param(deployment(), lambda o: None, [], id="deployment-valid"),
    pytest.param(
        deployment(),
        setter("spec", "replicas", -1),
        ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
        id="deployment-replicas-nonnegative",
    ),
    pytest.param(
        deployment(),
        setter("spec", "template", "metadata", "labels", {"app": "api", "tier": "be"}),
        [
            'spec.template.metadata.labels: Invalid value: {"app":"api","tier":"be"}: '
            "`selector` does not match template `labels`"
        ],
        id="deployment-selector-matches-template",
    ),
    pytest.param(
        deployment(),
        setter("spec", "selector", {}),
        ["spec.selector: Invalid value: {}: empty selector is invalid for deployment"],
        id="deployment-selector-empty",
    ),
    pytest.param(
        deployment(),
        deleter("spec", "selector"),
        [
            "spec.selector: Required value",
            'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not '
            "match template `labels`",
        ],
        id="deployment-selector-required",
    ),
    pytest.param(
        deployment(),
        setter(
            "spec",
            "selector",
            {"matchExpressions": [{"key": "app", "operator": "Equals", "values": ["web"]}]},
        ),
        [
            'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid '
            "selector operator",
            'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Equals",'
            '"values":["web"]}]}: invalid label selector',
        ],
        id="deployment-selector-operator",
    ),
    pytest.param(
        deployment(),
        setter(
            "spec",
            "selector",
            {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]},
        ),
        [],
        id="deployment-selector-expression-valid",
    ),
    pytest.param(
        deployment(),
        setter("spec", "template", "spec", "restartPolicy", "Never"),
        [
            'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: '
            '"Always"'
        ],
        id="deployment-restart-policy",
    ),
    pytest.param(
        deployment(),
        lambda o: o["spec"].update(minReadySeconds=600, progressDeadlineSeconds=600),
        ["spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"],
        id="deployment-progress-deadline",
    ),
    pytest.param(deployment("ReplicaSet"), lambda o: None, [], id="replicaset-valid"),
    pytest.param(
        deployment("StatefulSet"),
        setter("spec", "selector", {}),
        ["spec.selector: Invalid value: {}: empty selector is invalid for statefulset"],
        id="statefulset-selector-empty",
    ),
    # --- Node
    pytest.param(node(), lambda o: None, [], id="node-valid"),
    pytest.param(
        node(),
        setter(
            "spec",
            "taints",
            [
                {"key": "dedicated", "value": "edge", "effect": "NoSchedule"},
                {"key": "dedicated", "value": "other", "effect": "NoSchedule"},
                {"key": "gpu", "effect": "Never"},
            ],
        ),
        [
            'metadata.taints[1]: Duplicate value: {"Key":"dedicated","Value":"other",'
            '"Effect":"NoSchedule","TimeAdded":null}: taints must be unique by key and effect pair',
            'metadata.taints[2].effect: Unsupported value: "Never": supported values: '
            '"NoSchedule", "PreferNoSchedule", "NoExecute"',
        ],
        id="node-taints",
    ),
    # --- EndpointSlice
    pytest.param(endpoint_slice(), lambda o: None, [], id="endpointslice-valid"),
    pytest.param(
        endpoint_slice(),
        lambda o: o.update(addressType="IP", endpoints=[{"addresses": []}]),
        [
            'addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"',
            "endpoints[0].addresses: Required value: must contain at least 1 address",
        ],
        id="endpointslice-address-type-and-addresses",
    ),
    pytest.param(
        endpoint_slice(),
        setter("endpoints", 0, "addresses", ["10.0.0.300"]),
        [
            'endpoints[0].addresses[0]: Invalid value: "10.0.0.300": must be a valid IP address, '
            "(e.g. 10.9.8.7 or 2001:db8::ffff)"
        ],
        id="endpointslice-ipv4-address",
    ),
]


@pytest.mark.parametrize(("base", "mutate", "expected"), CASES)
def test_rule(base: Obj, mutate: Mutate, expected: list[str]) -> None:
    obj = edited(base, mutate)
    assert messages(obj) == expected


# ------------------------------------------------------------------------------------------------
# Behaviour


def test_all_errors_of_an_object_are_reported_at_once() -> None:
    obj = ingress()
    obj["metadata"]["name"] = "Shop"
    del obj["spec"]["rules"][0]["http"]["paths"][0]["pathType"]
    obj["spec"]["rules"][0]["host"] = "1.2.3.4"
    assert len(messages(obj)) == 3


def test_missing_namespace_counts_as_default() -> None:
    obj = ingress()
    del obj["metadata"]["namespace"]
    assert messages(obj) == []


def test_path_type_required_skips_backend_checks() -> None:
    obj = ingress()
    path = obj["spec"]["rules"][0]["http"]["paths"][0]
    del path["pathType"]
    path["backend"] = {}
    assert len(messages(obj)) == 1


def test_defaulting_fills_service_defaults_without_touching_input() -> None:
    obj = service(type="NodePort")
    defaulted = default_object(obj)
    spec = defaulted["spec"]
    assert spec["sessionAffinity"] == "None"
    assert spec["externalTrafficPolicy"] == "Cluster"
    assert spec["internalTrafficPolicy"] == "Cluster"
    assert spec["ports"][0]["protocol"] == "TCP"
    assert "sessionAffinity" not in obj["spec"]


def test_defaulting_sets_target_port_to_port() -> None:
    obj = service(ports=[{"port": 8443}])
    assert default_object(obj)["spec"]["ports"][0]["targetPort"] == 8443


def test_defaulting_sets_type_cluster_ip_and_cluster_ips() -> None:
    spec = default_object(service(clusterIP="10.96.0.10"))["spec"]
    assert spec["type"] == "ClusterIP"
    assert spec["clusterIPs"] == ["10.96.0.10"]


def test_defaulting_ingress_class_parameters_scope_cluster() -> None:
    obj = ingress_class()
    obj["spec"]["parameters"] = {"kind": "Config", "name": "c"}
    assert default_object(obj)["spec"]["parameters"]["scope"] == "Cluster"


def test_defaulting_image_pull_policy_follows_tag() -> None:
    obj = pod()
    obj["spec"]["containers"] = [container(image="nginx"), container(name="b", image="nginx:1.2")]
    containers = default_object(obj)["spec"]["containers"]
    assert [c["imagePullPolicy"] for c in containers] == ["Always", "IfNotPresent"]


def test_unknown_kind_has_no_findings() -> None:
    assert validate_object({"apiVersion": "v1", "kind": "ConfigMap"}) == []


def _default_class(name: str) -> Obj:
    obj = ingress_class()
    obj["metadata"] = {
        "name": name,
        "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"},
    }
    return obj


def test_admission_sets_the_single_default_class() -> None:
    obj = ingress()
    assert admit_ingress(obj, [ingress_class(), _default_class("alb")]) == []
    assert obj["spec"]["ingressClassName"] == "alb"


def test_admission_keeps_an_explicit_class() -> None:
    obj = ingress(ingressClassName="nginx")
    assert admit_ingress(obj, [_default_class("alb")]) == []
    assert obj["spec"]["ingressClassName"] == "nginx"


def test_admission_respects_the_class_annotation() -> None:
    obj = ingress()
    obj["metadata"]["annotations"] = {"kubernetes.io/ingress.class": "nginx"}
    assert admit_ingress(obj, [_default_class("alb")]) == []
    assert "ingressClassName" not in obj["spec"]


def test_admission_rejects_several_default_classes() -> None:
    obj = ingress()
    errs = admit_ingress(obj, [_default_class("alb"), _default_class("nginx")])
    assert [e.type for e in errs] == [FORBIDDEN]
    assert admission_forbidden_message(obj, errs[0]) == (
        'ingresses.networking.k8s.io "shop" is forbidden: Internal error occurred: '
        "2 default IngressClasses were found, only 1 allowed"
    )


# ------------------------------------------------------------------------------------------------
# FieldError rendering (field.Error.ErrorBody)


@pytest.mark.parametrize(
    ("error", "text"),
    [
        pytest.param(
            FieldError(field="f", type=REQUIRED, detail="d", value=""),
            "f: Required value: d",
            id="required-never-prints-value",
        ),
        pytest.param(
            FieldError(field="f", type=FORBIDDEN, value="x"),
            "f: Forbidden",
            id="forbidden-never-prints-value",
        ),
        pytest.param(
            FieldError(field="f", type=INVALID, value='a"b\n'),
            'f: Invalid value: "a\\"b\\n"',
            id="invalid-quotes-like-go",
        ),
        pytest.param(
            FieldError(field="f", type=INVALID, value={"a": "<b>"}),
            'f: Invalid value: {"a":"\\u003cb\\u003e"}',
            id="invalid-composite-as-go-json",
        ),
        pytest.param(
            FieldError(field="f", type=TYPE_INVALID, value=1, detail="d"),
            "f: Invalid value: 1: d",
            id="type-invalid-renders-as-invalid-value",
        ),
    ],
)
def test_rendering(error: FieldError, text: str) -> None:
    assert str(error) == text
