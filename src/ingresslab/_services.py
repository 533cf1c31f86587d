"""The cluster behind the Services: Nodes, Pods, and the Service layer with its allocations.

From manifests alone, a reader can start with a Deployment + Service + Ingress: what the
manifests do not give is made up deterministically and marked `generated`:

* **Nodes**: three, one per availability zone, unless the manifests hold Nodes.
* **Pods**: from each Deployment/ReplicaSet/StatefulSet's replicas, spread over the nodes in
  turn, with IPs from their node's subnet (the Amazon VPC CNI gives pods VPC addresses).
* **Services** an Ingress references but the input does not define (when it defines none):
  assumed to exist, each with two ready pods listening on port 8080.
* **Allocations** the API server would make: a ClusterIP from the service CIDR, and a
  nodePort from 30000-32767 for NodePort and LoadBalancer Services (Kubernetes picks both at
  random; here a random generator seeded by the Service's namespace, name and port, so pages
  print the same values every time).

Endpoints are the ready Pods whose labels match the selector, with `targetPort` resolved (a
number, or a container port *name*). Services without a selector get no endpoints here.

This module knows nothing about Ingress controllers or load balancer routing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._k8s.manifests import Manifests
from ._k8s.model import Backend, Service, ServicePort

__all__ = [
    "NODE_PORT_RANGE",
    "SERVICE_CIDR",
    "BackendState",
    "Cluster",
    "Endpoint",
    "LoadBalancerKind",
    "Node",
    "Pod",
    "ServiceCatalogue",
    "ServiceView",
    "load_balancer_for",
]

#: EKS picks 10.100.0.0/16 for Services unless the VPC uses 10.0.0.0/8 addresses, then
#: 172.20.0.0/16; the generated VPC here is 10.0.0.0/16, so 172.20.0.0/16.
SERVICE_CIDR = ipaddress.ip_network("172.20.0.0/16")
#: The API server's default --service-node-port-range.
NODE_PORT_RANGE = (30000, 32767)
_ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")
#: Kinds whose presence means the input describes its own backends (Pods are made from these).
_WORKLOADS = frozenset({"Deployment", "ReplicaSet", "StatefulSet", "Pod"})
_GENERATED_TARGET_PORT = 8080


@dataclass(frozen=True, slots=True)
class Node:
    name: str
    ip: str
    zone: str
    generated: bool = False


@dataclass(frozen=True, slots=True)
class Pod:
    namespace: str
    name: str
    ip: str
    node: str
    labels: Mapping[str, str]
    #: (name, containerPort, protocol) of every container port
    ports: tuple[tuple[str | None, int, str], ...]
    ready: bool = True
    owner: str | None = None
    generated: bool = False

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.name}"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One ready pod behind a Service port: where traffic for it finally lands."""

    pod: Pod
    port: int

    @property
    def address(self) -> str:
        return f"{self.pod.ip}:{self.port}"


@dataclass(frozen=True, slots=True)
class LoadBalancerKind:
    """Which load balancer a `type: LoadBalancer` Service gets on EKS, and who makes it."""

    kind: str  # "nlb" or "clb"
    provisioner: str  # "aws-load-balancer-controller" or "in-tree cloud provider"
    target_type: str  # "ip" or "instance"
    reason: str


@dataclass(frozen=True, slots=True)
class ServiceView:
    """A Service as the API server stores it: defaults applied, addresses allocated."""

    namespace: str
    name: str
    type: str
    cluster_ip: str | None  # None for headless and ExternalName Services
    ports: tuple[ServicePort, ...]
    selector: Mapping[str, str] | None
    external_traffic_policy: str | None
    load_balancer: LoadBalancerKind | None
    annotations: Mapping[str, str] = field(default_factory=dict)
    external_name: str | None = None
    generated: bool = False

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.name}"

    def port(self, wanted: int | str) -> ServicePort | None:
        """The port a backend names by number or by name."""
        for port in self.ports:
            if (port.port == wanted) if isinstance(wanted, int) else (port.name == wanted):
                return port
        return None


@dataclass(frozen=True, slots=True)
class _Slice:
    """One EndpointSlice: (port name, port) pairs and (address, node, ready, target) rows."""

    ports: tuple[tuple[str, int], ...]
    endpoints: tuple[tuple[str, str | None, bool, str | None], ...]


def _slices(manifests: Manifests) -> dict[tuple[str, str], tuple[_Slice, ...]]:
    found: dict[tuple[str, str], list[_Slice]] = {}
    for obj in manifests.objects:
        if obj.kind != "EndpointSlice":
            continue
        labels = (obj.data.get("metadata") or {}).get("labels") or {}
        service = labels.get("kubernetes.io/service-name")
        if not service:
            continue
        ports = tuple(
            (p.get("name") or "", p["port"])
            for p in obj.data.get("ports") or []
            if isinstance(p.get("port"), int)
        )
        rows = tuple(
            (
                address,
                e.get("nodeName"),
                (e.get("conditions") or {}).get("ready") is not False,
                (e.get("targetRef") or {}).get("name"),
            )
            for e in obj.data.get("endpoints") or []
            for address in (e.get("addresses") or [])[:1]
        )
        found.setdefault((obj.namespace or "default", service), []).append(_Slice(ports, rows))
    return {key: tuple(value) for key, value in found.items()}


_LBC = "service.k8s.aws/nlb"
_TYPE = "service.beta.kubernetes.io/aws-load-balancer-type"
_TARGET = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"


def load_balancer_for(service: Service) -> LoadBalancerKind | None:
    """Who provisions the load balancer of a `type: LoadBalancer` Service on EKS.

    Sources: AWS Load Balancer Controller docs (guide/service/nlb.md, annotations.md):
    `spec.loadBalancerClass: service.k8s.aws/nlb`, or the annotation
    `service.beta.kubernetes.io/aws-load-balancer-type: external`, hand the Service to the
    controller, which builds an NLB with `aws-load-balancer-nlb-target-type` ip or instance
    (instance when unset). Otherwise the legacy in-tree cloud provider answers: an NLB for
    `aws-load-balancer-type: nlb` (instance targets), else a Classic Load Balancer.
    """
    if service.type != "LoadBalancer":
        return None
    annotations = service.annotations
    target = annotations.get(_TARGET, "instance")
    if service.load_balancer_class == _LBC or annotations.get(_TYPE) == "external":
        why = (
            f"spec.loadBalancerClass {_LBC}"
            if service.load_balancer_class == _LBC
            else f"{_TYPE}: external"
        )
        return LoadBalancerKind(
            "nlb", "aws-load-balancer-controller", target,
            f"{why}: the AWS Load Balancer Controller builds an NLB with {target} targets",
        )  # fmt: skip
    if service.load_balancer_class is not None:
        return LoadBalancerKind(
            "nlb", service.load_balancer_class, target,
            f"spec.loadBalancerClass {service.load_balancer_class}: another controller's",
        )  # fmt: skip
    if annotations.get(_TYPE) == "nlb":
        return LoadBalancerKind(
            "nlb", "in-tree cloud provider", "instance",
            f"{_TYPE}: nlb: the legacy in-tree cloud provider builds an NLB (instance targets)",
        )  # fmt: skip
    return LoadBalancerKind(
        "clb", "in-tree cloud provider", "instance",
        "no loadBalancerClass and no aws-load-balancer-type annotation: the legacy in-tree "
        "cloud provider builds a Classic Load Balancer",
    )  # fmt: skip


def _seeded(*parts: object) -> random.Random:
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _short_hash(*parts: object, length: int = 5) -> str:
    alphabet = "bcdfghjklmnpqrstvwxz2456789"  # the letters Kubernetes uses in generated names
    rng = _seeded("name", *parts)
    return "".join(rng.choice(alphabet) for _ in range(length))


@dataclass(slots=True)
class Cluster:
    """Nodes, Pods and Services, with the allocations and endpoints the API would give."""

    nodes: list[Node]
    pods: list[Pod]
    services: list[ServiceView]
    notes: list[str] = field(default_factory=list)
    #: EndpointSlices of the input, by (namespace, Service name)
    slices: Mapping[tuple[str, str], tuple[_Slice, ...]] = field(default_factory=dict)
    _label_index: dict[tuple[str, str, str], list[Pod]] | None = field(
        default=None, init=False, repr=False
    )

    def service(self, namespace: str, name: str) -> ServiceView | None:
        for view in self.services:
            if view.namespace == namespace and view.name == name:
                return view
        return None

    def node(self, name: str) -> Node:
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(name)

    def endpoints(self, service: ServiceView, port: ServicePort) -> list[Endpoint]:
        """Ready pods selected by the Service, each with the resolved target port."""
        if not service.selector:
            return self._sliced(service, port)
        # Pods by one label of the selector (any one narrows enough), then the whole selector.
        key, value = next(iter(service.selector.items()))
        found = []
        for pod in self._by_label().get((service.namespace, key, value), ()):
            if not pod.ready:
                continue
            if any(pod.labels.get(k) != v for k, v in service.selector.items()):
                continue
            target = _resolve_target(port.target_port, pod)
            if target is not None:
                found.append(Endpoint(pod, target))
        return found

    def _by_label(self) -> dict[tuple[str, str, str], list[Pod]]:
        if self._label_index is None:
            index: dict[tuple[str, str, str], list[Pod]] = {}
            for pod in self.pods:
                for key, value in pod.labels.items():
                    index.setdefault((pod.namespace, key, value), []).append(pod)
            self._label_index = index
        return self._label_index

    def _sliced(self, service: ServiceView, port: ServicePort) -> list[Endpoint]:
        """A Service without selector: its endpoints are the EndpointSlices someone wrote
        (labelled `kubernetes.io/service-name`), the port found by the Service port's name; an
        endpoint whose `conditions.ready` is unset counts as ready (discovery/v1 types.go)."""
        found = []
        for piece in self.slices.get((service.namespace, service.name), ()):
            number = next((n for name, n in piece.ports if name == (port.name or "")), None)
            if number is None:
                continue
            for address, node, ready, target in piece.endpoints:
                if not ready:
                    continue
                pod = Pod(service.namespace, target or address, address, node or "", {}, ())
                found.append(Endpoint(pod, number))
        return found

    def backend(self, backend: Backend) -> tuple[ServiceView, ServicePort] | None:
        service = self.service(backend.namespace, backend.service)
        if service is None:
            return None
        port = service.port(backend.port)
        return None if port is None else (service, port)

    @classmethod
    def from_manifests(
        cls,
        manifests: Manifests,
        *,
        seed: str = "ingresslab",
        assume: bool | None = None,
        assumed_type: str = "ClusterIP",
    ) -> Cluster:
        """The cluster behind `manifests`. `assume` is the assume-services policy
        (`ServiceCatalogue`): None assumes every referenced Service only when the input holds
        no Services and no workloads, True assumes those the input lacks, False none.
        `assumed_type` is the type assumed Services get (NodePort for instance targets)."""
        notes: list[str] = []
        nodes = _nodes(manifests, notes)
        pods = _given_pods(manifests, nodes, notes)
        pods += _workload_pods(manifests, nodes, pods, seed, notes)
        services = [_allocate(s, seed) for s in manifests.services]
        if _assumes(manifests, assume):
            have = {(s.namespace, s.name) for s in manifests.services}
            extra, extra_pods = _assumed_backends(
                _referenced(manifests), nodes, len(pods), seed, have, assumed_type
            )
            services += extra
            pods += extra_pods
            if extra:
                kind = "" if assumed_type == "ClusterIP" else f" of type {assumed_type}"
                notes.append(
                    f"{_assumed_scope(manifests)}: every Service an Ingress references is "
                    f"assumed to exist{kind}, with two ready pods on port "
                    f"{_GENERATED_TARGET_PORT}"
                )
        return cls(nodes, pods, _unique_node_ports(services), notes, _slices(manifests))


def _assumes(manifests: Manifests, assume: bool | None) -> bool:
    """The assume-services policy: are Services the input lacks assumed to exist?"""
    if assume is None:
        return not manifests.services and not any(o.kind in _WORKLOADS for o in manifests.objects)
    return assume


def _resolve_target(target: int | str, pod: Pod) -> int | None:
    if isinstance(target, int):
        return target
    for name, number, _ in pod.ports:
        if name == target:
            return number
    return None  # a named targetPort no container of this pod declares: not an endpoint


def _nodes(manifests: Manifests, notes: list[str]) -> list[Node]:
    given = [o for o in manifests.objects if o.kind == "Node"]
    nodes = []
    for obj in given:
        status = obj.data.get("status") or {}
        addresses = {a.get("type"): a.get("address") for a in status.get("addresses") or []}
        labels = obj.data["metadata"].get("labels") or {}
        zone = labels.get("topology.kubernetes.io/zone") or "unknown-zone"
        nodes.append(Node(obj.name, addresses.get("InternalIP") or "0.0.0.0", zone))
    if nodes:
        return nodes
    notes.append("no Nodes in the input: three generated nodes, one per availability zone")
    return [
        Node(f"ip-10-0-{i + 1}-10.ec2.internal", f"10.0.{i + 1}.10", zone, generated=True)
        for i, zone in enumerate(_ZONES)
    ]


def _container_ports(spec: Mapping[str, Any]) -> tuple[tuple[str | None, int, str], ...]:
    return tuple(
        (p.get("name"), p["containerPort"], p.get("protocol") or "TCP")
        for c in spec.get("containers") or []
        for p in c.get("ports") or []
        if isinstance(p.get("containerPort"), int)
    )


def _pod_ip(node: Node, index: int) -> str:
    base = ipaddress.ip_address(node.ip)
    return str(base + 90 + index)  # 10.0.1.10 -> pods from 10.0.1.100


def _given_pods(manifests: Manifests, nodes: list[Node], notes: list[str]) -> list[Pod]:
    pods = []
    for i, obj in enumerate(o for o in manifests.objects if o.kind == "Pod"):
        spec = obj.data.get("spec") or {}
        status = obj.data.get("status") or {}
        node = spec.get("nodeName") or nodes[i % len(nodes)].name
        conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
        ready = conditions.get("Ready", "True") == "True"  # no status: assume it runs
        host = next((n for n in nodes if n.name == node), nodes[i % len(nodes)])
        pods.append(
            Pod(
                obj.namespace or "default", obj.name,
                status.get("podIP") or _pod_ip(host, i), host.name,
                obj.data["metadata"].get("labels") or {}, _container_ports(spec), ready,
            )
        )  # fmt: skip
    if pods and any("status" not in o.data for o in manifests.objects if o.kind == "Pod"):
        notes.append("Pods without status are taken as running and ready")
    return pods


def _workload_pods(
    manifests: Manifests, nodes: list[Node], given: list[Pod], seed: str, notes: list[str]
) -> list[Pod]:
    """Pods for the workloads whose own Pods the input lacks. A dump of `kubectl get
    deployment,replicaset,pod` holds a Deployment, its ReplicaSet and their Pods: the Pods are
    the truth (their readiness included), and nothing is made up twice."""
    pods = []
    slot = len(given)
    deployments = {(o.namespace, o.name) for o in manifests.objects if o.kind == "Deployment"}
    kept = 0
    for obj in manifests.objects:
        if obj.kind not in ("Deployment", "ReplicaSet", "StatefulSet"):
            continue
        spec = obj.data.get("spec") or {}
        template = spec.get("template") or {}
        labels = (template.get("metadata") or {}).get("labels") or {}
        owners = (obj.data.get("metadata") or {}).get("ownerReferences") or []
        if any(
            o.get("kind") == "Deployment" and (obj.namespace, o.get("name")) in deployments
            for o in owners
            if isinstance(o, dict)
        ):
            continue  # a Deployment's ReplicaSet: the Deployment stands for it
        selector = (spec.get("selector") or {}).get("matchLabels") or labels
        namespace = obj.namespace or "default"
        if selector and any(
            pod.namespace == namespace and selector.items() <= pod.labels.items() for pod in given
        ):
            kept += 1
            continue
        replicas = spec.get("replicas", 1)
        template_hash = _short_hash(seed, obj.ref, length=10)
        for replica in range(replicas):
            node = nodes[slot % len(nodes)]
            if obj.kind == "StatefulSet":
                name = f"{obj.name}-{replica}"
            elif obj.kind == "Deployment":
                name = f"{obj.name}-{template_hash}-{_short_hash(seed, obj.ref, replica)}"
            else:
                name = f"{obj.name}-{_short_hash(seed, obj.ref, replica)}"
            pods.append(
                Pod(
                    obj.namespace or "default", name, _pod_ip(node, slot), node.name, labels,
                    _container_ports(template.get("spec") or {}),
                    owner=obj.ref, generated=True,
                )
            )  # fmt: skip
            slot += 1
    if kept:
        notes.append(
            f"{kept} workload(s) with their own Pods in the input: those Pods are used, "
            "none made up"
        )
    return pods


def _allocate(service: Service, seed: str, *, generated: bool = False) -> ServiceView:
    rng = _seeded(seed, "clusterIP", service.namespace, service.name)
    cluster_ip: str | None
    if service.type == "ExternalName" or service.cluster_ip == "None":
        cluster_ip = None
    elif service.cluster_ip:
        cluster_ip = service.cluster_ip
    else:
        # Skip .0-.255 of the range: .1 is the `kubernetes` Service and .10 CoreDNS on EKS.
        offset = rng.randrange(256, SERVICE_CIDR.num_addresses - 1)
        cluster_ip = str(SERVICE_CIDR.network_address + offset)
    wants_node_port = service.type in ("NodePort", "LoadBalancer") and (
        service.allocate_load_balancer_node_ports or service.type == "NodePort"
    )
    ports = []
    for port in service.ports:
        node_port = port.node_port
        if node_port is None and wants_node_port:
            low, high = NODE_PORT_RANGE
            # Since Kubernetes 1.29 automatic picks prefer the range's upper band; the lower
            # min(max(16, size/32), 128) ports are kept for ports set by hand (KEP-3668).
            band = min(max(16, (high - low + 1) // 32), 128)
            rng = _seeded(seed, "nodePort", service.ref, port.port)
            node_port = rng.randint(low + band, high)
        ports.append(dataclasses.replace(port, node_port=node_port))
    policy = service.external_traffic_policy
    if policy is None and service.type in ("NodePort", "LoadBalancer"):
        policy = "Cluster"
    return ServiceView(
        service.namespace, service.name, service.type, cluster_ip, tuple(ports),
        service.selector, policy, load_balancer_for(service), service.annotations,
        service.external_name, generated,
    )  # fmt: skip


def _unique_node_ports(
    services: list[ServiceView], taken: Sequence[ServiceView] = ()
) -> list[ServiceView]:
    # Seeded picks can collide, as the allocator's random picks can; the allocator then takes
    # another free port. Here: the next free one, in input order.
    seen: set[int] = {p.node_port for v in taken for p in v.ports if p.node_port is not None}
    result = []
    for view in services:
        ports = []
        for port in view.ports:
            value = port.node_port
            if value is not None:
                low, high = NODE_PORT_RANGE
                while value in seen:
                    value = low + (value - low + 1) % (high - low + 1)
                seen.add(value)
            ports.append(dataclasses.replace(port, node_port=value))
        result.append(dataclasses.replace(view, ports=tuple(ports)))
    return result


def _assumed_scope(manifests: Manifests) -> str:
    if not manifests.services:
        return "the input holds no Services"
    return "Services the input does not hold are assumed"


def _referenced(manifests: Manifests) -> dict[tuple[str, str], set[int | str]]:
    wanted: dict[tuple[str, str], set[int | str]] = {}
    for ingress in manifests.ingresses:
        backends = [p.backend for r in ingress.rules for p in r.paths]
        backends.append(ingress.default_backend)
        for backend in backends:
            if backend is not None and backend.port != "use-annotation":
                wanted.setdefault((backend.namespace, backend.service), set()).add(backend.port)
    return wanted


def _assumed_backends(
    wanted: Mapping[tuple[str, str], set[int | str]],
    nodes: list[Node],
    start: int,
    seed: str,
    have: set[tuple[str, str]],
    service_type: str,
) -> tuple[list[ServiceView], list[Pod]]:
    services: list[ServiceView] = []
    pods: list[Pod] = []
    slot = start
    for (namespace, name), ports in wanted.items():
        if (namespace, name) in have:
            continue
        labels = {"app": name}
        numbered = [_assumed_port(p) for p in sorted(p for p in ports if isinstance(p, int))]
        named = [_assumed_port(p) for p in sorted(p for p in ports if isinstance(p, str))]
        service = Service(namespace, name, service_type, (*numbered, *named), labels, None)
        services.append(_allocate(service, seed, generated=True))
        template_hash = _short_hash(seed, namespace, name, length=10)
        for replica in range(2):
            node = nodes[slot % len(nodes)]
            pods.append(
                Pod(
                    namespace, f"{name}-{template_hash}-{_short_hash(seed, name, replica)}",
                    _pod_ip(node, slot), node.name, labels,
                    (("http", _GENERATED_TARGET_PORT, "TCP"),),
                    owner=f"Deployment {namespace}/{name} (assumed)", generated=True,
                )
            )  # fmt: skip
            slot += 1
    return services, pods


def _assumed_port(port: int | str) -> ServicePort:
    if isinstance(port, int):
        return ServicePort(None, port, _GENERATED_TARGET_PORT, None, "TCP")
    return ServicePort(port, 80, _GENERATED_TARGET_PORT, None, "TCP")


# ------------------------------------------------------------------------------------------------
# The catalogue every controller model and the trace read


BackendProblem = Literal["no-service", "no-port", "no-endpoints"]
PortMatch = Literal["service", "ingress-nginx"]


@dataclass(frozen=True, slots=True)
class BackendState:
    """What a backend reference finds: its Service, the port, the ready endpoints.

    `problem` is None when requests can reach a pod (or an ExternalName), else what is missing.
    `assumed` marks a Service the input does not hold but the assume-services policy supplies.
    """

    backend: Backend
    service: ServiceView | None
    port: ServicePort | None
    endpoints: tuple[Endpoint, ...]
    assumed: bool
    problem: BackendProblem | None
    reason: str


class ServiceCatalogue:
    """One catalogue of Services, EndpointSlices, Pods and workloads, with one assume-services
    policy, read by every controller model and by the trace.

    The policy (`assume`): None (the default) assumes every referenced Service exists with two
    ready pods when the input holds no Services and no workloads (a bare Ingress), and resolves
    references against the input otherwise; True also assumes the Services the input lacks;
    False assumes nothing (`--no-assume-services`). `assumed_type` is the type assumed Services
    get: NodePort when the question is about instance targets, which need one.
    """

    def __init__(
        self,
        manifests: Manifests,
        *,
        assume: bool | None = None,
        assumed_type: str = "ClusterIP",
        seed: str = "ingresslab",
    ) -> None:
        self._manifests, self._policy = manifests, assume
        self._cluster: Cluster | None = None
        self._by_ref: dict[tuple[str, str], ServiceView] = {}
        self._given = {(s.namespace, s.name) for s in manifests.services}
        self._cache: dict[tuple[Backend, PortMatch], BackendState] = {}
        self._light: dict[tuple[Backend, PortMatch], BackendState] = {}
        self._assume_missing = _assumes(manifests, assume)
        self._seed, self._assumed_type = seed, assumed_type
        given = len(manifests.services)
        if self._assume_missing:
            kind = "" if assumed_type == "ClusterIP" else f" of type {assumed_type}"
            self.note = (
                f"{_assumed_scope(manifests)}: every Service an Ingress references is assumed "
                f"to exist{kind}, with two ready pods on port {_GENERATED_TARGET_PORT}"
            )
        elif assume is False:
            self.note = (
                f"nothing is assumed (--no-assume-services): {given} Service(s) in the input; "
                "a Service the input does not hold is missing"
            )
        else:
            self.note = (
                f"Services are resolved against the input ({given} Service(s)); a Service the "
                "input does not hold is missing"
            )

    @property
    def cluster(self) -> Cluster:
        """Nodes, Pods and Services with their allocations, made on first use (routing an
        input without Services needs none of it; a trace does)."""
        if self._cluster is None:
            self._cluster = Cluster.from_manifests(
                self._manifests,
                seed=self._seed,
                assume=self._policy,
                assumed_type=self._assumed_type,
            )
            self._by_ref = {(v.namespace, v.name): v for v in self._cluster.services}
        return self._cluster

    def service(self, namespace: str, name: str) -> ServiceView | None:
        """The Service as the API server would store it, read or assumed; None if missing."""
        self.cluster  # noqa: B018 (made on first use)
        return self._by_ref.get((namespace, name))

    def lookup(
        self, backend: Backend, *, ports: PortMatch = "service", endpoints: bool = False
    ) -> BackendState:
        """Follow a backend reference to its ready endpoints.

        `ports="service"` reads `port.number` as a port of the Service and `port.name` as a
        port's name (k8s.io/api networking/v1 ServiceBackendPort), as the spec and the AWS Load
        Balancer Controller do; `"ingress-nginx"` also accepts the targetPort
        (serviceEndpoints, internal/ingress/controller/endpointslices.go, controller-v1.15.1).

        An assumed Service is answered without making the cluster (its two ready pods are
        taken as given) unless `endpoints` asks for them, as a trace does.
        """
        key = (backend, ports)
        if (
            not endpoints
            and self._cluster is None
            and self._assume_missing
            and (backend.namespace, backend.service) not in self._given
        ):
            state = self._light.get(key)
            if state is None:
                state = self._light[key] = self._assumed_state(backend, ports)
            return state
        state = self._cache.get(key)
        if state is None:
            state = self._cache[key] = self._lookup(backend, ports)
        return state

    def _assumed_state(self, backend: Backend, ports: PortMatch) -> BackendState:
        # No addresses: routing reads none of them (the cluster, when made, allocates them).
        view = ServiceView(
            backend.namespace, backend.service, self._assumed_type, None,
            (_assumed_port(backend.port),), {"app": backend.service}, None, None,
            generated=True,
        )  # fmt: skip
        port = _find_port(view, backend.port, ports)
        return BackendState(
            backend, view, port, (), True, None,
            f"Service {view.ref} (assumed, two ready endpoints)",
        )  # fmt: skip

    def _lookup(self, backend: Backend, ports: PortMatch) -> BackendState:
        self.cluster  # noqa: B018 (made on first use)
        service = self._by_ref.get((backend.namespace, backend.service))
        if service is None and self._assume_missing:
            service = self._assume(backend)
        if service is None:
            return BackendState(
                backend, None, None, (), False, "no-service",
                f"Service {backend.namespace}/{backend.service} not found",
            )  # fmt: skip
        port = _find_port(service, backend.port, ports)
        if port is None:
            return BackendState(
                backend, service, None, (), service.generated, "no-port",
                f"Service {service.ref} has no port {backend.port}",
            )  # fmt: skip
        if service.type == "ExternalName":
            return BackendState(
                backend, service, port, (), False, None,
                f"ExternalName Service {service.ref}: traffic goes to {service.external_name}",
            )  # fmt: skip
        endpoints = tuple(self.cluster.endpoints(service, port))
        if not endpoints:
            why = (
                "no EndpointSlice in the input lists a ready endpoint for it"
                if not service.selector
                else "no ready Pod matches its selector"
                if isinstance(port.target_port, int)
                else f"no ready Pod it selects has a port named {port.target_port}"
            )  # fmt: skip
            return BackendState(
                backend, service, port, (), service.generated, "no-endpoints",
                f"Service {service.ref} has no ready endpoints ({why})",
            )  # fmt: skip
        what = "assumed, " if service.generated else ""
        return BackendState(
            backend, service, port, endpoints, service.generated, None,
            f"Service {service.ref} ({what}{len(endpoints)} ready endpoint(s))",
        )  # fmt: skip

    def _assume(self, backend: Backend) -> ServiceView:
        """A Service no Ingress rule names (an annotation's forward action, say), assumed
        under the same policy as the others, with its two ready pods."""
        cluster = self.cluster
        views, pods = _assumed_backends(
            {(backend.namespace, backend.service): {backend.port}},
            cluster.nodes,
            len(cluster.pods),
            self._seed,
            set(),
            self._assumed_type,
        )
        cluster.services += _unique_node_ports(views, taken=cluster.services)
        cluster.pods += pods
        cluster._label_index = None
        view = cluster.services[-1]
        self._by_ref[view.namespace, view.name] = view
        return view


def _find_port(service: ServiceView, wanted: int | str, ports: PortMatch) -> ServicePort | None:
    found = service.port(wanted)
    if found is not None or ports == "service":
        return found
    key = str(wanted)
    for port in service.ports:
        if str(port.port) == key or str(port.target_port) == key or port.name == key:
            return port
    return None
