"""The field schema of the Kubernetes kinds Ingress Lab reads, for strict field validation.

The API server decodes a request strictly (``kubectl apply --validate=strict``): a field the
Go type does not declare is an error (``unknown field "spec.rules[0].paths"``), and a value
of the wrong JSON type fails as Go's encoding/json fails (``json: cannot unmarshal string
into Go struct field ServicePort.spec.ports.port of type int32``). This module is the data a
loader needs to reproduce both: for every field its JSON name, the Go struct that declares it
(`Struct.go_name`) and its Go type (`Scalar.go_type`).

Source of the field lists: the Go types of Kubernetes v1.36.3 --
k8s.io/api tag v0.36.3 (commit 3fde3c43c3cf3447606b9c2ac2c6257095444387):
``networking/v1``, ``core/v1``, ``apps/v1`` and ``discovery/v1`` ``types.go``; and
k8s.io/apimachinery tag v0.36.3 (commit 40bf4b2b62f8838b9b37de7b407793f1f17ee225):
``pkg/apis/meta/v1/types.go``. Alpha fields present in those types are included, since the
API server's decoder accepts them whatever the feature gates say.

Conventions:

* Embedded Go structs (``metav1.TypeMeta``, ``IngressRuleValue`` in ``IngressRule``,
  ``ProbeHandler`` in ``Probe``, ``EphemeralContainerCommon``) are flattened into the
  embedding struct, as encoding/json flattens them; the embedding struct is also the one
  encoding/json names in its errors, so it is the `Struct` that owns those fields.
* Go named string types (``Protocol``, ``ServiceType``, ``types.UID``, ...) are `STRING`,
  and ``*T`` is ``T``: this schema does not record optionality or pointers.
* `Any_` marks a subtree that is not checked; each use says why.

This module knows nothing about YAML, files, I/O, routing or how errors are worded: it is
data plus two small look-up helpers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeAlias

__all__ = [
    "BOOL",
    "FLOAT64",
    "INT32",
    "INT64",
    "INT_OR_STRING",
    "KINDS",
    "LABEL_KINDS",
    "LIST_KINDS",
    "LIST_META",
    "QUANTITY",
    "REMOVED",
    "STRING",
    "TIME",
    "Any_",
    "ListOf",
    "MapOf",
    "Node",
    "Scalar",
    "Struct",
    "known_fields",
    "lookup",
]


@dataclass(frozen=True, slots=True)
class Scalar:
    """A leaf value.

    `go_type` is the Go type named in decode errors (``"int32"``, ``"IntOrString"``, ...);
    `json` is the JSON kind it accepts: ``"string"``, ``"integer"``, ``"boolean"``,
    ``"number"``, ``"int-or-string"``, ``"quantity"`` (string or number) or ``"time"``
    (an RFC 3339 string).
    """

    go_type: str
    json: str


@dataclass(frozen=True, slots=True)
class Struct:
    """A Go struct: its type name and its JSON fields, embedded structs flattened in.

    `fields` is read-only (a `MappingProxyType`). Equality compares the fields; the hash
    uses only `go_name`, so a `Struct` can be a dict key or a set member.
    """

    go_name: str
    fields: Mapping[str, Node] = field(hash=False)


@dataclass(frozen=True, slots=True)
class ListOf:
    """A Go slice ``[]T``: a JSON array of `item`."""

    item: Node


@dataclass(frozen=True, slots=True)
class MapOf:
    """A Go ``map[string]T``: a JSON object with any keys, each value a `value`."""

    value: Node


@dataclass(frozen=True, slots=True)
class Any_:
    """A subtree this schema does not check; `go_type` names the Go type it stands for."""

    go_type: str


Node: TypeAlias = Scalar | Struct | ListOf | MapOf | Any_


def _struct(go_name: str, fields: dict[str, Node]) -> Struct:
    return Struct(go_name, MappingProxyType(dict(fields)))


def _object(go_name: str, fields: dict[str, Node]) -> Struct:
    """A top-level kind: ``metav1.TypeMeta`` (apiVersion, kind) and metadata, then `fields`."""
    return _struct(go_name, {**_TYPE_META, "metadata": OBJECT_META, **fields})


# -- scalars -------------------------------------------------------------------------------

STRING = Scalar("string", "string")
INT32 = Scalar("int32", "integer")
INT64 = Scalar("int64", "integer")
BOOL = Scalar("bool", "boolean")
FLOAT64 = Scalar("float64", "number")
INT_OR_STRING = Scalar("IntOrString", "int-or-string")  # k8s.io/apimachinery/pkg/util/intstr
QUANTITY = Scalar("Quantity", "quantity")  # k8s.io/apimachinery/pkg/api/resource
TIME = Scalar("Time", "time")  # metav1.Time, RFC 3339

_STRINGS = ListOf(STRING)
_STRING_MAP = MapOf(STRING)
_RESOURCE_LIST = MapOf(QUANTITY)  # core/v1 ResourceList: map[ResourceName]resource.Quantity

# -- k8s.io/apimachinery/pkg/apis/meta/v1 --------------------------------------------------

_TYPE_META: dict[str, Node] = {"apiVersion": STRING, "kind": STRING}

OWNER_REFERENCE = _struct(
    "OwnerReference",
    {
        "apiVersion": STRING,
        "kind": STRING,
        "name": STRING,
        "uid": STRING,
        "controller": BOOL,
        "blockOwnerDeletion": BOOL,
    },
)

MANAGED_FIELDS_ENTRY = _struct(
    "ManagedFieldsEntry",
    {
        "manager": STRING,
        "operation": STRING,
        "apiVersion": STRING,
        "time": TIME,
        "fieldsType": STRING,
        # FieldsV1 is an opaque JSON object of field-set keys ("f:spec", "k:{...}"):
        # its keys are data, not fields, so there is nothing to check.
        "fieldsV1": Any_("FieldsV1"),
        "subresource": STRING,
    },
)

OBJECT_META = _struct(
    "ObjectMeta",
    {
        "name": STRING,
        "generateName": STRING,
        "namespace": STRING,
        "selfLink": STRING,
        "uid": STRING,
        "resourceVersion": STRING,
        "generation": INT64,
        "creationTimestamp": TIME,
        "deletionTimestamp": TIME,
        "deletionGracePeriodSeconds": INT64,
        "labels": _STRING_MAP,
        "annotations": _STRING_MAP,
        "ownerReferences": ListOf(OWNER_REFERENCE),
        "finalizers": _STRINGS,
        "managedFields": ListOf(MANAGED_FIELDS_ENTRY),
    },
)

LIST_META = _struct(
    "ListMeta",
    {
        "selfLink": STRING,
        "resourceVersion": STRING,
        "continue": STRING,
        "remainingItemCount": INT64,
        "shardInfo": _struct("ShardInfo", {"selector": STRING}),
    },
)
"""``metadata`` of a list kind (`LIST_KINDS`); its items are checked against `KINDS`."""

LABEL_SELECTOR = _struct(
    "LabelSelector",
    {
        "matchLabels": _STRING_MAP,
        "matchExpressions": ListOf(
            _struct(
                "LabelSelectorRequirement",
                {"key": STRING, "operator": STRING, "values": _STRINGS},
            )
        ),
    },
)

CONDITION = _struct(
    "Condition",
    {
        "type": STRING,
        "status": STRING,
        "observedGeneration": INT64,
        "lastTransitionTime": TIME,
        "reason": STRING,
        "message": STRING,
    },
)

# -- k8s.io/api/core/v1: shared pieces -----------------------------------------------------

OBJECT_REFERENCE = _struct(
    "ObjectReference",
    {
        "kind": STRING,
        "namespace": STRING,
        "name": STRING,
        "uid": STRING,
        "apiVersion": STRING,
        "resourceVersion": STRING,
        "fieldPath": STRING,
    },
)

TYPED_LOCAL_OBJECT_REFERENCE = _struct(
    "TypedLocalObjectReference",
    {"apiGroup": STRING, "kind": STRING, "name": STRING},
)

PORT_STATUS = _struct("PortStatus", {"port": INT32, "protocol": STRING, "error": STRING})

LOAD_BALANCER_STATUS = _struct(
    "LoadBalancerStatus",
    {
        "ingress": ListOf(
            _struct(
                "LoadBalancerIngress",
                {
                    "ip": STRING,
                    "hostname": STRING,
                    "ipMode": STRING,
                    "ports": ListOf(PORT_STATUS),
                },
            )
        ),
    },
)

# -- networking.k8s.io/v1 ------------------------------------------------------------------

SERVICE_BACKEND_PORT = _struct("ServiceBackendPort", {"name": STRING, "number": INT32})

INGRESS_BACKEND = _struct(
    "IngressBackend",
    {
        "service": _struct(
            "IngressServiceBackend",
            {"name": STRING, "port": SERVICE_BACKEND_PORT},
        ),
        "resource": TYPED_LOCAL_OBJECT_REFERENCE,
    },
)

HTTP_INGRESS_PATH = _struct(
    "HTTPIngressPath",
    {"path": STRING, "pathType": STRING, "backend": INGRESS_BACKEND},
)

INGRESS_RULE = _struct(
    "IngressRule",
    {
        "host": STRING,
        # `http` comes from the embedded IngressRuleValue; encoding/json names IngressRule.
        "http": _struct("HTTPIngressRuleValue", {"paths": ListOf(HTTP_INGRESS_PATH)}),
    },
)

INGRESS_SPEC = _struct(
    "IngressSpec",
    {
        "ingressClassName": STRING,
        "defaultBackend": INGRESS_BACKEND,
        "tls": ListOf(_struct("IngressTLS", {"hosts": _STRINGS, "secretName": STRING})),
        "rules": ListOf(INGRESS_RULE),
    },
)

INGRESS_STATUS = _struct(
    "IngressStatus",
    {
        "loadBalancer": _struct(
            "IngressLoadBalancerStatus",
            {
                "ingress": ListOf(
                    _struct(
                        "IngressLoadBalancerIngress",
                        {
                            "ip": STRING,
                            "hostname": STRING,
                            "ports": ListOf(
                                _struct(
                                    "IngressPortStatus",
                                    {"port": INT32, "protocol": STRING, "error": STRING},
                                )
                            ),
                        },
                    )
                ),
            },
        ),
    },
)

INGRESS = _object("Ingress", {"spec": INGRESS_SPEC, "status": INGRESS_STATUS})

INGRESS_CLASS = _object(
    "IngressClass",
    {
        "spec": _struct(
            "IngressClassSpec",
            {
                "controller": STRING,
                "parameters": _struct(
                    "IngressClassParametersReference",
                    {
                        "apiGroup": STRING,
                        "kind": STRING,
                        "name": STRING,
                        "scope": STRING,
                        "namespace": STRING,
                    },
                ),
            },
        ),
    },
)

# -- v1 Service ----------------------------------------------------------------------------

SERVICE_PORT = _struct(
    "ServicePort",
    {
        "name": STRING,
        "protocol": STRING,
        "appProtocol": STRING,
        "port": INT32,
        "targetPort": INT_OR_STRING,
        "nodePort": INT32,
    },
)

SERVICE_SPEC = _struct(
    "ServiceSpec",
    {
        "ports": ListOf(SERVICE_PORT),
        "selector": _STRING_MAP,
        "clusterIP": STRING,
        "clusterIPs": _STRINGS,
        "type": STRING,
        "externalIPs": _STRINGS,
        "sessionAffinity": STRING,
        "loadBalancerIP": STRING,
        "loadBalancerSourceRanges": _STRINGS,
        "externalName": STRING,
        "externalTrafficPolicy": STRING,
        "healthCheckNodePort": INT32,
        "publishNotReadyAddresses": BOOL,
        "sessionAffinityConfig": _struct(
            "SessionAffinityConfig",
            {"clientIP": _struct("ClientIPConfig", {"timeoutSeconds": INT32})},
        ),
        "ipFamilies": _STRINGS,
        "ipFamilyPolicy": STRING,
        "allocateLoadBalancerNodePorts": BOOL,
        "loadBalancerClass": STRING,
        "internalTrafficPolicy": STRING,
        "trafficDistribution": STRING,
    },
)

SERVICE = _object(
    "Service",
    {
        "spec": SERVICE_SPEC,
        "status": _struct(
            "ServiceStatus",
            {"loadBalancer": LOAD_BALANCER_STATUS, "conditions": ListOf(CONDITION)},
        ),
    },
)

# -- v1 Endpoints --------------------------------------------------------------------------

ENDPOINT_ADDRESS = _struct(
    "EndpointAddress",
    {"ip": STRING, "hostname": STRING, "nodeName": STRING, "targetRef": OBJECT_REFERENCE},
)

ENDPOINTS = _object(
    "Endpoints",
    {
        "subsets": ListOf(
            _struct(
                "EndpointSubset",
                {
                    "addresses": ListOf(ENDPOINT_ADDRESS),
                    "notReadyAddresses": ListOf(ENDPOINT_ADDRESS),
                    "ports": ListOf(
                        _struct(
                            "EndpointPort",
                            {
                                "name": STRING,
                                "port": INT32,
                                "protocol": STRING,
                                "appProtocol": STRING,
                            },
                        )
                    ),
                },
            )
        ),
    },
)

# -- discovery.k8s.io/v1 EndpointSlice -----------------------------------------------------

ENDPOINT_SLICE = _object(
    "EndpointSlice",
    {
        "addressType": STRING,
        "endpoints": ListOf(
            _struct(
                "Endpoint",
                {
                    "addresses": _STRINGS,
                    "conditions": _struct(
                        "EndpointConditions",
                        {"ready": BOOL, "serving": BOOL, "terminating": BOOL},
                    ),
                    "hostname": STRING,
                    "targetRef": OBJECT_REFERENCE,
                    "deprecatedTopology": _STRING_MAP,
                    "nodeName": STRING,
                    "zone": STRING,
                    "hints": _struct(
                        "EndpointHints",
                        {
                            "forZones": ListOf(_struct("ForZone", {"name": STRING})),
                            "forNodes": ListOf(_struct("ForNode", {"name": STRING})),
                        },
                    ),
                },
            )
        ),
        # discovery/v1 EndpointPort: the same JSON fields as core/v1's, a different Go type.
        "ports": ListOf(
            _struct(
                "EndpointPort",
                {"name": STRING, "protocol": STRING, "port": INT32, "appProtocol": STRING},
            )
        ),
    },
)

# -- v1 Pod: containers --------------------------------------------------------------------

CONTAINER_PORT = _struct(
    "ContainerPort",
    {
        "name": STRING,
        "hostPort": INT32,
        "containerPort": INT32,
        "protocol": STRING,
        "hostIP": STRING,
    },
)

RESOURCE_REQUIREMENTS = _struct(
    "ResourceRequirements",
    {
        "limits": _RESOURCE_LIST,
        "requests": _RESOURCE_LIST,
        "claims": ListOf(_struct("ResourceClaim", {"name": STRING, "request": STRING})),
    },
)

EXEC_ACTION = _struct("ExecAction", {"command": _STRINGS})

HTTP_GET_ACTION = _struct(
    "HTTPGetAction",
    {
        "path": STRING,
        "port": INT_OR_STRING,
        "host": STRING,
        "scheme": STRING,
        "httpHeaders": ListOf(_struct("HTTPHeader", {"name": STRING, "value": STRING})),
    },
)

TCP_SOCKET_ACTION = _struct("TCPSocketAction", {"port": INT_OR_STRING, "host": STRING})

PROBE = _struct(
    "Probe",
    {
        # From the embedded ProbeHandler; encoding/json names Probe.
        "exec": EXEC_ACTION,
        "httpGet": HTTP_GET_ACTION,
        "tcpSocket": TCP_SOCKET_ACTION,
        "grpc": _struct("GRPCAction", {"port": INT32, "service": STRING}),
        "initialDelaySeconds": INT32,
        "timeoutSeconds": INT32,
        "periodSeconds": INT32,
        "successThreshold": INT32,
        "failureThreshold": INT32,
        "terminationGracePeriodSeconds": INT64,
    },
)

LIFECYCLE_HANDLER = _struct(
    "LifecycleHandler",
    {
        "exec": EXEC_ACTION,
        "httpGet": HTTP_GET_ACTION,
        "tcpSocket": TCP_SOCKET_ACTION,
        "sleep": _struct("SleepAction", {"seconds": INT64}),
    },
)

_CONTAINER_FIELDS: dict[str, Node] = {
    "name": STRING,
    "image": STRING,
    "command": _STRINGS,
    "args": _STRINGS,
    "workingDir": STRING,
    "ports": ListOf(CONTAINER_PORT),
    # EnvFromSource points at ConfigMaps/Secrets, which this tool does not model.
    "envFrom": ListOf(Any_("EnvFromSource")),
    "env": ListOf(
        _struct(
            "EnvVar",
            # EnvVarSource (fieldRef, configMapKeyRef, ...) is deep and never routed on.
            {"name": STRING, "value": STRING, "valueFrom": Any_("EnvVarSource")},
        )
    ),
    "resources": RESOURCE_REQUIREMENTS,
    "resizePolicy": ListOf(
        _struct("ContainerResizePolicy", {"resourceName": STRING, "restartPolicy": STRING})
    ),
    "restartPolicy": STRING,
    # ContainerRestartRule holds nested exit-code matchers; not part of traffic flow.
    "restartPolicyRules": ListOf(Any_("ContainerRestartRule")),
    "volumeMounts": ListOf(
        _struct(
            "VolumeMount",
            {
                "name": STRING,
                "readOnly": BOOL,
                "recursiveReadOnly": STRING,
                "mountPath": STRING,
                "subPath": STRING,
                "mountPropagation": STRING,
                "subPathExpr": STRING,
            },
        )
    ),
    "volumeDevices": ListOf(_struct("VolumeDevice", {"name": STRING, "devicePath": STRING})),
    "livenessProbe": PROBE,
    "readinessProbe": PROBE,
    "startupProbe": PROBE,
    "lifecycle": _struct(
        "Lifecycle",
        {"postStart": LIFECYCLE_HANDLER, "preStop": LIFECYCLE_HANDLER, "stopSignal": STRING},
    ),
    "terminationMessagePath": STRING,
    "terminationMessagePolicy": STRING,
    "imagePullPolicy": STRING,
    # SecurityContext (capabilities, SELinux, seccomp, AppArmor) is deep and off-topic.
    "securityContext": Any_("SecurityContext"),
    "stdin": BOOL,
    "stdinOnce": BOOL,
    "tty": BOOL,
}

CONTAINER = _struct("Container", _CONTAINER_FIELDS)

# EphemeralContainerCommon is embedded, so its fields are EphemeralContainer's.
EPHEMERAL_CONTAINER = _struct(
    "EphemeralContainer", {**_CONTAINER_FIELDS, "targetContainerName": STRING}
)

# -- v1 Pod: spec and status ---------------------------------------------------------------

POD_SPEC = _struct(
    "PodSpec",
    {
        # Volume is a union of ~30 volume sources; this tool does not model storage.
        "volumes": ListOf(Any_("Volume")),
        "initContainers": ListOf(CONTAINER),
        "containers": ListOf(CONTAINER),
        "ephemeralContainers": ListOf(EPHEMERAL_CONTAINER),
        "restartPolicy": STRING,
        "terminationGracePeriodSeconds": INT64,
        "activeDeadlineSeconds": INT64,
        "dnsPolicy": STRING,
        "nodeSelector": _STRING_MAP,
        "serviceAccountName": STRING,
        "serviceAccount": STRING,
        "automountServiceAccountToken": BOOL,
        "nodeName": STRING,
        "hostNetwork": BOOL,
        "hostPID": BOOL,
        "hostIPC": BOOL,
        "shareProcessNamespace": BOOL,
        # PodSecurityContext: deep (sysctls, SELinux, seccomp, ...) and off-topic.
        "securityContext": Any_("PodSecurityContext"),
        "imagePullSecrets": ListOf(_struct("LocalObjectReference", {"name": STRING})),
        "hostname": STRING,
        "subdomain": STRING,
        # Affinity nests node/pod (anti-)affinity terms four levels deep; scheduling only.
        "affinity": Any_("Affinity"),
        "schedulerName": STRING,
        "tolerations": ListOf(
            _struct(
                "Toleration",
                {
                    "key": STRING,
                    "operator": STRING,
                    "value": STRING,
                    "effect": STRING,
                    "tolerationSeconds": INT64,
                },
            )
        ),
        "hostAliases": ListOf(_struct("HostAlias", {"ip": STRING, "hostnames": _STRINGS})),
        "priorityClassName": STRING,
        "priority": INT32,
        "dnsConfig": _struct(
            "PodDNSConfig",
            {
                "nameservers": _STRINGS,
                "searches": _STRINGS,
                "options": ListOf(_struct("PodDNSConfigOption", {"name": STRING, "value": STRING})),
            },
        ),
        "readinessGates": ListOf(_struct("PodReadinessGate", {"conditionType": STRING})),
        "runtimeClassName": STRING,
        "enableServiceLinks": BOOL,
        "preemptionPolicy": STRING,
        "overhead": _RESOURCE_LIST,
        # TopologySpreadConstraint: scheduling only (skew, label selector, policies).
        "topologySpreadConstraints": ListOf(Any_("TopologySpreadConstraint")),
        "setHostnameAsFQDN": BOOL,
        "os": _struct("PodOS", {"name": STRING}),
        "hostUsers": BOOL,
        "schedulingGates": ListOf(_struct("PodSchedulingGate", {"name": STRING})),
        # PodResourceClaim: dynamic resource allocation, not modelled.
        "resourceClaims": ListOf(Any_("PodResourceClaim")),
        "resources": RESOURCE_REQUIREMENTS,
        "hostnameOverride": STRING,
        # PodSchedulingGroup: alpha gang-scheduling reference, not modelled.
        "schedulingGroup": Any_("PodSchedulingGroup"),
    },
)

POD_CONDITION = _struct(
    "PodCondition",
    {
        "type": STRING,
        "observedGeneration": INT64,
        "status": STRING,
        "lastProbeTime": TIME,
        "lastTransitionTime": TIME,
        "reason": STRING,
        "message": STRING,
    },
)

CONTAINER_STATUS = _struct(
    "ContainerStatus",
    {
        "name": STRING,
        # ContainerState is a waiting/running/terminated union with details; read-only status.
        "state": Any_("ContainerState"),
        "lastState": Any_("ContainerState"),
        "ready": BOOL,
        "restartCount": INT32,
        "image": STRING,
        "imageID": STRING,
        "containerID": STRING,
        "started": BOOL,
        "allocatedResources": _RESOURCE_LIST,
        "resources": RESOURCE_REQUIREMENTS,
        # The following are kubelet-reported details the tool never reads.
        "volumeMounts": ListOf(Any_("VolumeMountStatus")),
        "user": Any_("ContainerUser"),
        "allocatedResourcesStatus": ListOf(Any_("ResourceStatus")),
        "stopSignal": STRING,
    },
)

POD_STATUS = _struct(
    "PodStatus",
    {
        "observedGeneration": INT64,
        "phase": STRING,
        "conditions": ListOf(POD_CONDITION),
        "message": STRING,
        "reason": STRING,
        "nominatedNodeName": STRING,
        "hostIP": STRING,
        "hostIPs": ListOf(_struct("HostIP", {"ip": STRING})),
        "podIP": STRING,
        "podIPs": ListOf(_struct("PodIP", {"ip": STRING})),
        "startTime": TIME,
        "initContainerStatuses": ListOf(CONTAINER_STATUS),
        "containerStatuses": ListOf(CONTAINER_STATUS),
        "qosClass": STRING,
        "ephemeralContainerStatuses": ListOf(CONTAINER_STATUS),
        "resize": STRING,
        # Dynamic-resource-allocation status, written by the kubelet; not modelled.
        "resourceClaimStatuses": ListOf(Any_("PodResourceClaimStatus")),
        "extendedResourceClaimStatus": Any_("PodExtendedResourceClaimStatus"),
        "allocatedResources": _RESOURCE_LIST,
        "resources": RESOURCE_REQUIREMENTS,
        "nodeAllocatableResourceClaimStatuses": ListOf(Any_("NodeAllocatableResourceClaimStatus")),
    },
)

POD = _object("Pod", {"spec": POD_SPEC, "status": POD_STATUS})

POD_TEMPLATE_SPEC = _struct("PodTemplateSpec", {"metadata": OBJECT_META, "spec": POD_SPEC})

# -- v1 Node -------------------------------------------------------------------------------

NODE_CONFIG_SOURCE = _struct(
    "NodeConfigSource",
    {
        "configMap": _struct(
            "ConfigMapNodeConfigSource",
            {
                "namespace": STRING,
                "name": STRING,
                "uid": STRING,
                "resourceVersion": STRING,
                "kubeletConfigKey": STRING,
            },
        ),
    },
)

NODE_SPEC = _struct(
    "NodeSpec",
    {
        "podCIDR": STRING,
        "podCIDRs": _STRINGS,
        "providerID": STRING,
        "unschedulable": BOOL,
        "taints": ListOf(
            _struct(
                "Taint",
                {"key": STRING, "value": STRING, "effect": STRING, "timeAdded": TIME},
            )
        ),
        "configSource": NODE_CONFIG_SOURCE,
        "externalID": STRING,
    },
)

NODE_STATUS = _struct(
    "NodeStatus",
    {
        "capacity": _RESOURCE_LIST,
        "allocatable": _RESOURCE_LIST,
        "phase": STRING,
        "conditions": ListOf(
            _struct(
                "NodeCondition",
                {
                    "type": STRING,
                    "status": STRING,
                    "lastHeartbeatTime": TIME,
                    "lastTransitionTime": TIME,
                    "reason": STRING,
                    "message": STRING,
                },
            )
        ),
        "addresses": ListOf(_struct("NodeAddress", {"type": STRING, "address": STRING})),
        "daemonEndpoints": _struct(
            "NodeDaemonEndpoints",
            # The Go tag really is "Port", capitalised (kept for backwards compatibility).
            {"kubeletEndpoint": _struct("DaemonEndpoint", {"Port": INT32})},
        ),
        "nodeInfo": _struct(
            "NodeSystemInfo",
            {
                "machineID": STRING,
                "systemUUID": STRING,
                "bootID": STRING,
                "kernelVersion": STRING,
                "osImage": STRING,
                "containerRuntimeVersion": STRING,
                "kubeletVersion": STRING,
                "kubeProxyVersion": STRING,
                "operatingSystem": STRING,
                "architecture": STRING,
                "swap": _struct("NodeSwapStatus", {"capacity": INT64}),
            },
        ),
        "images": ListOf(_struct("ContainerImage", {"names": _STRINGS, "sizeBytes": INT64})),
        "volumesInUse": _STRINGS,
        "volumesAttached": ListOf(
            _struct("AttachedVolume", {"name": STRING, "devicePath": STRING})
        ),
        "config": _struct(
            "NodeConfigStatus",
            {
                "assigned": NODE_CONFIG_SOURCE,
                "active": NODE_CONFIG_SOURCE,
                "lastKnownGood": NODE_CONFIG_SOURCE,
                "error": STRING,
            },
        ),
        # NodeRuntimeHandler carries per-runtime feature flags the kubelet reports.
        "runtimeHandlers": ListOf(Any_("NodeRuntimeHandler")),
        # NodeFeatures: kubelet-reported feature flags, not modelled.
        "features": Any_("NodeFeatures"),
        "declaredFeatures": _STRINGS,
    },
)

NODE = _object("Node", {"spec": NODE_SPEC, "status": NODE_STATUS})

# -- apps/v1 -------------------------------------------------------------------------------


def _workload_condition(go_name: str, *, last_update: bool = False) -> Struct:
    fields: dict[str, Node] = {"type": STRING, "status": STRING}
    if last_update:
        fields["lastUpdateTime"] = TIME
    fields |= {"lastTransitionTime": TIME, "reason": STRING, "message": STRING}
    return _struct(go_name, fields)


DEPLOYMENT = _object(
    "Deployment",
    {
        "spec": _struct(
            "DeploymentSpec",
            {
                "replicas": INT32,
                "selector": LABEL_SELECTOR,
                "template": POD_TEMPLATE_SPEC,
                "strategy": _struct(
                    "DeploymentStrategy",
                    {
                        "type": STRING,
                        "rollingUpdate": _struct(
                            "RollingUpdateDeployment",
                            {"maxUnavailable": INT_OR_STRING, "maxSurge": INT_OR_STRING},
                        ),
                    },
                ),
                "minReadySeconds": INT32,
                "revisionHistoryLimit": INT32,
                "paused": BOOL,
                "progressDeadlineSeconds": INT32,
            },
        ),
        "status": _struct(
            "DeploymentStatus",
            {
                "observedGeneration": INT64,
                "replicas": INT32,
                "updatedReplicas": INT32,
                "readyReplicas": INT32,
                "availableReplicas": INT32,
                "unavailableReplicas": INT32,
                "terminatingReplicas": INT32,
                "conditions": ListOf(_workload_condition("DeploymentCondition", last_update=True)),
                "collisionCount": INT32,
            },
        ),
    },
)

REPLICA_SET = _object(
    "ReplicaSet",
    {
        "spec": _struct(
            "ReplicaSetSpec",
            {
                "replicas": INT32,
                "minReadySeconds": INT32,
                "selector": LABEL_SELECTOR,
                "template": POD_TEMPLATE_SPEC,
            },
        ),
        "status": _struct(
            "ReplicaSetStatus",
            {
                "replicas": INT32,
                "fullyLabeledReplicas": INT32,
                "readyReplicas": INT32,
                "availableReplicas": INT32,
                "terminatingReplicas": INT32,
                "observedGeneration": INT64,
                "conditions": ListOf(_workload_condition("ReplicaSetCondition")),
            },
        ),
    },
)

STATEFUL_SET = _object(
    "StatefulSet",
    {
        "spec": _struct(
            "StatefulSetSpec",
            {
                "replicas": INT32,
                "selector": LABEL_SELECTOR,
                "template": POD_TEMPLATE_SPEC,
                # PersistentVolumeClaim templates: a whole storage kind; not modelled.
                "volumeClaimTemplates": ListOf(Any_("PersistentVolumeClaim")),
                "serviceName": STRING,
                "podManagementPolicy": STRING,
                "updateStrategy": _struct(
                    "StatefulSetUpdateStrategy",
                    {
                        "type": STRING,
                        "rollingUpdate": _struct(
                            "RollingUpdateStatefulSetStrategy",
                            {"partition": INT32, "maxUnavailable": INT_OR_STRING},
                        ),
                    },
                ),
                "revisionHistoryLimit": INT32,
                "minReadySeconds": INT32,
                "persistentVolumeClaimRetentionPolicy": _struct(
                    "StatefulSetPersistentVolumeClaimRetentionPolicy",
                    {"whenDeleted": STRING, "whenScaled": STRING},
                ),
                "ordinals": _struct("StatefulSetOrdinals", {"start": INT32}),
            },
        ),
        "status": _struct(
            "StatefulSetStatus",
            {
                "observedGeneration": INT64,
                "replicas": INT32,
                "readyReplicas": INT32,
                "currentReplicas": INT32,
                "updatedReplicas": INT32,
                "currentRevision": STRING,
                "updateRevision": STRING,
                "collisionCount": INT32,
                "conditions": ListOf(_workload_condition("StatefulSetCondition")),
                "availableReplicas": INT32,
            },
        ),
    },
)

# -- v1 Namespace (its labels are what Gateway listeners' namespace selectors read) --------

NAMESPACE = _object(
    "Namespace",
    {
        "spec": _struct("NamespaceSpec", {"finalizers": _STRINGS}),
        "status": _struct(
            "NamespaceStatus",
            {
                "phase": STRING,
                "conditions": ListOf(
                    _struct(
                        "NamespaceCondition",
                        {
                            "type": STRING,
                            "status": STRING,
                            "lastTransitionTime": TIME,
                            "reason": STRING,
                            "message": STRING,
                        },
                    )
                ),
            },
        ),
    },
)

# -- the tables ----------------------------------------------------------------------------

KINDS: Mapping[tuple[str, str], Struct] = MappingProxyType(
    {
        ("networking.k8s.io/v1", "Ingress"): INGRESS,
        ("networking.k8s.io/v1", "IngressClass"): INGRESS_CLASS,
        ("v1", "Service"): SERVICE,
        ("v1", "Endpoints"): ENDPOINTS,
        ("discovery.k8s.io/v1", "EndpointSlice"): ENDPOINT_SLICE,
        ("v1", "Pod"): POD,
        ("v1", "Node"): NODE,
        ("apps/v1", "Deployment"): DEPLOYMENT,
        ("apps/v1", "ReplicaSet"): REPLICA_SET,
        ("apps/v1", "StatefulSet"): STATEFUL_SET,
    }
)
"""(apiVersion, kind) -> the Go struct of that kind."""

LABEL_KINDS: Mapping[tuple[str, str], Struct] = MappingProxyType({("v1", "Namespace"): NAMESPACE})
"""Kinds read for their labels only, checked like those of `KINDS`: Namespaces, which Gateway
listeners select routes by (`allowedRoutes.namespaces.selector`). Their typed lists
(`NamespaceList`) are not read; `kubectl get -o yaml`'s `List` is."""

LIST_KINDS: frozenset[str] = frozenset({"List"} | {kind + "List" for _, kind in KINDS})
"""Kinds whose document is ``{apiVersion, kind, metadata: ListMeta, items: [...]}``.

``List`` is the untyped ``v1`` list of ``kubectl get -o yaml``; the others are the typed lists
(``IngressList``, ``EndpointsList``, ...) of the kinds in `KINDS`.
"""

_INGRESS_V1_CHANGES = (
    "In networking.k8s.io/v1, spec.backend is renamed spec.defaultBackend; a backend's "
    "serviceName becomes service.name; servicePort becomes service.port.number when it is a "
    "number and service.port.name when it is a name; and pathType is now required on every "
    "path (Exact, Prefix or ImplementationSpecific; ImplementationSpecific keeps the old "
    "unspecified behaviour)."
)

_APPS_V1_CHANGES = (
    "In apps/v1, spec.selector is required and must match spec.template.metadata.labels."
)

REMOVED: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("extensions/v1beta1", "Ingress"): (
            "Ingress in extensions/v1beta1 is no longer served since Kubernetes v1.22: use "
            "apiVersion networking.k8s.io/v1 (available since v1.19). " + _INGRESS_V1_CHANGES
        ),
        ("networking.k8s.io/v1beta1", "Ingress"): (
            "Ingress in networking.k8s.io/v1beta1 is no longer served since Kubernetes v1.22: "
            "use apiVersion networking.k8s.io/v1 (available since v1.19). " + _INGRESS_V1_CHANGES
        ),
        ("networking.k8s.io/v1beta1", "IngressClass"): (
            "IngressClass in networking.k8s.io/v1beta1 is no longer served since Kubernetes "
            "v1.22: use apiVersion networking.k8s.io/v1 (available since v1.19); its fields "
            "are unchanged."
        ),
        ("discovery.k8s.io/v1beta1", "EndpointSlice"): (
            "EndpointSlice in discovery.k8s.io/v1beta1 is no longer served since Kubernetes "
            "v1.25: use apiVersion discovery.k8s.io/v1 (available since v1.21). In v1 each "
            "endpoint has nodeName and zone fields instead of topology, which is renamed "
            "deprecatedTopology."
        ),
        **{
            (api_version, kind): (
                f"{kind} in {api_version} is no longer served since Kubernetes v1.16: use "
                f"apiVersion apps/v1 (available since v1.9). " + _APPS_V1_CHANGES
            )
            for api_version, kind in (
                ("extensions/v1beta1", "Deployment"),
                ("apps/v1beta1", "Deployment"),
                ("apps/v1beta2", "Deployment"),
                ("extensions/v1beta1", "ReplicaSet"),
                ("apps/v1beta1", "ReplicaSet"),
                ("apps/v1beta2", "ReplicaSet"),
                ("apps/v1beta1", "StatefulSet"),
                ("apps/v1beta2", "StatefulSet"),
            )
        },
    }
)
"""(apiVersion, kind) no longer served -> what to use instead and what changed."""


# -- helpers -------------------------------------------------------------------------------


def lookup(node: Node, path: Sequence[str | int]) -> Node | None:
    """The node at `path` below `node`, or None if the schema has no such field.

    A `str` step names a struct field or a map key; an `int` step indexes a list (any index:
    the schema does not know lengths). Walking into an `Any_` returns that `Any_`, since
    everything below an unchecked subtree is accepted.

    >>> lookup(INGRESS, ["spec", "rules", 0, "http", "paths", 0, "pathType"])
    Scalar(go_type='string', json='string')
    """
    for step in path:
        match node:
            case Any_():
                return node
            case Struct(fields=fields) if isinstance(step, str):
                child = fields.get(step)
                if child is None:
                    return None
                node = child
            case MapOf(value=value) if isinstance(step, str):
                node = value
            case ListOf(item=item) if isinstance(step, int):
                node = item
            case _:
                return None
    return node


def known_fields(node: Struct) -> frozenset[str]:
    """The JSON field names `node` declares, for "did you mean" and indentation hints."""
    return frozenset(node.fields)
