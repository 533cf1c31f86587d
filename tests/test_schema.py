"""Tests of the strict-decoding field schema in ingresslab._k8s.schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingresslab._k8s.schema import (
    INT32,
    INT64,
    INT_OR_STRING,
    KINDS,
    LIST_KINDS,
    LIST_META,
    REMOVED,
    STRING,
    TIME,
    Any_,
    ListOf,
    MapOf,
    Node,
    Scalar,
    Struct,
    known_fields,
    lookup,
)

INGRESS = KINDS["networking.k8s.io/v1", "Ingress"]
SERVICE = KINDS["v1", "Service"]
POD = KINDS["v1", "Pod"]

JSON_KINDS = {"string", "integer", "boolean", "number", "int-or-string", "quantity", "time"}
GO_SCALARS = {"string", "int32", "int64", "bool", "float64", "IntOrString", "Quantity", "Time"}


def walk(node: Node, path: str = "") -> Iterator[tuple[str, Node]]:
    """Every (dotted path, node) below `node`, the node itself first."""
    yield path, node
    match node:
        case Struct(fields=fields):
            for name, child in fields.items():
                yield from walk(child, f"{path}.{name}" if path else name)
        case ListOf(item=item):
            yield from walk(item, path + "[]")
        case MapOf(value=value):
            yield from walk(value, path + "{}")
        case _:
            pass


def owner(node: Node, path: list[str | int]) -> Struct:
    """The Struct that declares the last field of `path` (what encoding/json names)."""
    parent = lookup(node, path[:-1])
    assert isinstance(parent, Struct)
    assert path[-1] in parent.fields
    return parent


def test_ingress_path_backend_port_number_is_int32() -> None:
    path: list[str | int] = [
        "spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "number",
    ]  # fmt: skip
    assert lookup(INGRESS, path) == INT32
    assert owner(INGRESS, path).go_name == "ServiceBackendPort"
    assert lookup(INGRESS, [*path[:-1], "name"]) == STRING


def test_service_port_is_int32_owned_by_service_port() -> None:
    # json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32
    assert lookup(SERVICE, ["spec", "ports", 0, "port"]) == Scalar("int32", "integer")
    assert owner(SERVICE, ["spec", "ports", 0, "port"]).go_name == "ServicePort"


def test_target_ports_accept_int_or_string() -> None:
    assert lookup(SERVICE, ["spec", "ports", 0, "targetPort"]) == INT_OR_STRING
    probe_port: list[str | int] = ["spec", "containers", 0, "readinessProbe", "httpGet", "port"]
    assert lookup(POD, probe_port) == INT_OR_STRING


def test_embedded_rule_value_is_flattened_into_ingress_rule() -> None:
    # IngressRuleValue is embedded: `http` sits beside `host`, and encoding/json names
    # IngressRule as the struct in its errors.
    rule = lookup(INGRESS, ["spec", "rules", 0])
    assert isinstance(rule, Struct)
    assert rule.go_name == "IngressRule"
    assert known_fields(rule) == {"host", "http"}


def test_paths_one_level_too_high_is_unknown_but_known_below_http() -> None:
    assert lookup(INGRESS, ["spec", "rules", 0, "paths"]) is None
    http = lookup(INGRESS, ["spec", "rules", 0, "http"])
    assert isinstance(http, Struct)
    assert "paths" in known_fields(http)


def test_ingress_default_backend_has_service_and_resource() -> None:
    backend = lookup(INGRESS, ["spec", "defaultBackend"])
    assert isinstance(backend, Struct)
    assert known_fields(backend) == {"service", "resource"}
    assert lookup(backend, ["resource", "apiGroup"]) == STRING
    # The v1beta1 names are gone.
    assert lookup(INGRESS, ["spec", "backend"]) is None
    assert lookup(backend, ["serviceName"]) is None


def test_ingress_status_load_balancer_ports_are_typed() -> None:
    ports: list[str | int] = ["status", "loadBalancer", "ingress", 0, "ports", 0]
    assert lookup(INGRESS, [*ports, "port"]) == INT32
    assert lookup(INGRESS, [*ports, "error"]) == STRING
    assert owner(INGRESS, [*ports, "port"]).go_name == "IngressPortStatus"


def test_ingress_class_parameters_reference_fields() -> None:
    params = lookup(KINDS["networking.k8s.io/v1", "IngressClass"], ["spec", "parameters"])
    assert isinstance(params, Struct)
    assert known_fields(params) == {"apiGroup", "kind", "name", "scope", "namespace"}


def test_service_spec_declares_every_field() -> None:
    spec = lookup(SERVICE, ["spec"])
    assert isinstance(spec, Struct)
    assert known_fields(spec) == {
        "ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs",
        "sessionAffinity", "loadBalancerIP", "loadBalancerSourceRanges", "externalName",
        "externalTrafficPolicy", "healthCheckNodePort", "publishNotReadyAddresses",
        "sessionAffinityConfig", "ipFamilies", "ipFamilyPolicy",
        "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy",
        "trafficDistribution",
    }  # fmt: skip
    assert lookup(spec, ["sessionAffinityConfig", "clientIP", "timeoutSeconds"]) == INT32
    assert lookup(spec, ["selector", "app"]) == STRING


def test_every_kind_has_type_meta_and_full_object_meta() -> None:
    server_set = {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
        "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    }  # fmt: skip
    for (api_version, kind), struct in KINDS.items():
        assert struct.go_name == kind, (api_version, kind)
        assert struct.fields["apiVersion"] == STRING
        assert struct.fields["kind"] == STRING
        meta = struct.fields["metadata"]
        assert isinstance(meta, Struct)
        assert meta.go_name == "ObjectMeta"
        assert known_fields(meta) == server_set


def test_object_meta_types_match_go() -> None:
    assert lookup(POD, ["metadata", "generation"]) == INT64
    assert lookup(POD, ["metadata", "creationTimestamp"]) == TIME
    assert lookup(POD, ["metadata", "labels", "app.kubernetes.io/name"]) == STRING
    assert lookup(POD, ["metadata", "ownerReferences", 0, "controller"]) == Scalar(
        "bool", "boolean"
    )


def test_container_ports_are_fully_typed() -> None:
    port = lookup(POD, ["spec", "containers", 0, "ports", 0])
    assert isinstance(port, Struct)
    assert port.go_name == "ContainerPort"
    assert dict(port.fields) == {
        "name": STRING,
        "containerPort": INT32,
        "hostPort": INT32,
        "protocol": STRING,
        "hostIP": STRING,
    }


def test_pod_spec_names_fields_kubectl_dumps_carry() -> None:
    spec = lookup(POD, ["spec"])
    assert isinstance(spec, Struct)
    for name in ("containers", "initContainers", "volumes", "nodeName", "serviceAccount",
                 "tolerations", "enableServiceLinks", "hostNetwork", "readinessGates"):  # fmt: skip
        assert name in spec.fields, name
    assert "container" not in spec.fields


def test_workload_templates_reuse_the_pod_spec() -> None:
    for kind in ("Deployment", "ReplicaSet", "StatefulSet"):
        struct = KINDS["apps/v1", kind]
        assert lookup(struct, ["spec", "template", "spec"]) is POD.fields["spec"]
        assert lookup(struct, ["spec", "replicas"]) == INT32
        selector = lookup(struct, ["spec", "selector"])
        assert isinstance(selector, Struct)
        assert known_fields(selector) == {"matchLabels", "matchExpressions"}
        assert lookup(selector, ["matchExpressions", 0, "operator"]) == STRING


def test_endpoint_slice_and_endpoints_ports_are_int32() -> None:
    slice_ = KINDS["discovery.k8s.io/v1", "EndpointSlice"]
    assert lookup(slice_, ["ports", 0, "port"]) == INT32
    assert lookup(slice_, ["endpoints", 0, "conditions", "ready"]) == Scalar("bool", "boolean")
    endpoints = KINDS["v1", "Endpoints"]
    assert lookup(endpoints, ["subsets", 0, "ports", 0, "port"]) == INT32
    assert lookup(endpoints, ["subsets", 0, "addresses", 0, "targetRef", "kind"]) == STRING


def test_node_addresses_and_capitalised_kubelet_port() -> None:
    node = KINDS["v1", "Node"]
    address = lookup(node, ["status", "addresses", 0])
    assert isinstance(address, Struct)
    assert known_fields(address) == {"type", "address"}
    # DaemonEndpoint's JSON tag is "Port", not "port".
    assert lookup(node, ["status", "daemonEndpoints", "kubeletEndpoint", "Port"]) == INT32
    assert lookup(node, ["status", "daemonEndpoints", "kubeletEndpoint", "port"]) is None
    assert lookup(node, ["status", "capacity", "cpu"]) == Scalar("Quantity", "quantity")


def test_traffic_kinds_check_every_field() -> None:
    # Any_ is for deep, off-topic subtrees; nothing on the traffic path may be unchecked,
    # except managedFields' fieldsV1, whose keys are data.
    for key in [
        ("networking.k8s.io/v1", "Ingress"),
        ("networking.k8s.io/v1", "IngressClass"),
        ("v1", "Service"),
        ("v1", "Endpoints"),
        ("discovery.k8s.io/v1", "EndpointSlice"),
    ]:
        unchecked = [path for path, node in walk(KINDS[key]) if isinstance(node, Any_)]
        assert unchecked == ["metadata.managedFields[].fieldsV1"], key


def test_scalars_use_the_documented_vocabulary() -> None:
    for struct in [*KINDS.values(), LIST_META]:
        for path, node in walk(struct):
            if isinstance(node, Scalar):
                assert node.go_type in GO_SCALARS, path
                assert node.json in JSON_KINDS, path
            if isinstance(node, Struct):
                assert node.go_name.isidentifier() and node.go_name[0].isupper(), path


def test_every_list_kind_is_known() -> None:
    assert {
        "List", "IngressList", "IngressClassList", "ServiceList", "EndpointsList",
        "EndpointSliceList", "PodList", "NodeList", "DeploymentList", "ReplicaSetList",
        "StatefulSetList",
    } == LIST_KINDS  # fmt: skip
    assert not LIST_KINDS & {kind for _, kind in KINDS}
    assert known_fields(LIST_META) >= {"resourceVersion", "continue", "remainingItemCount"}


@pytest.mark.parametrize(
    "key",
    [
        ("extensions/v1beta1", "Ingress"),
        ("networking.k8s.io/v1beta1", "Ingress"),
        ("networking.k8s.io/v1beta1", "IngressClass"),
    ],
)
def test_removed_ingress_versions_name_the_replacement(key: tuple[str, str]) -> None:
    message = REMOVED[key]
    assert key not in KINDS
    assert "networking.k8s.io/v1 " in message
    assert "v1.22" in message
    if key[1] == "Ingress":
        for rename in ("spec.defaultBackend", "service.name", "service.port.number",
                       "service.port.name", "pathType"):  # fmt: skip
            assert rename in message, rename


def test_every_removed_version_points_to_a_served_kind() -> None:
    served = {api_version for api_version, _ in KINDS}
    for (api_version, kind), message in REMOVED.items():
        assert (api_version, kind) not in KINDS
        replacements = [v for v in served if (v, kind) in KINDS and f"apiVersion {v} " in message]
        assert replacements, (api_version, kind)


def test_lookup_steps_must_fit_the_node() -> None:
    assert lookup(SERVICE, []) is SERVICE
    assert lookup(SERVICE, ["spec", "ports", "port"]) is None  # a list needs an index
    assert lookup(SERVICE, ["spec", 0]) is None  # a struct needs a name
    assert lookup(SERVICE, ["spec", "clusterIP", "x"]) is None  # nothing below a scalar


def test_lookup_below_an_unchecked_subtree_returns_it() -> None:
    affinity = lookup(POD, ["spec", "affinity"])
    assert isinstance(affinity, Any_)
    assert lookup(POD, ["spec", "affinity", "nodeAffinity", "anything", 3]) is affinity


def test_schema_is_read_only_and_hashable() -> None:
    with pytest.raises(TypeError):
        KINDS["v1", "Secret"] = SERVICE  # type: ignore[index]
    with pytest.raises(TypeError):
        SERVICE.fields["extra"] = STRING  # type: ignore[index]
    assert len({struct for struct in KINDS.values()}) == len(KINDS)
