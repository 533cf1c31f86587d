"""One request, hop by hop, under each architecture: who sends it where, and what source
address each hop sees.

Architectures:

* `alb-ip`: ALB → pod. The AWS Load Balancer Controller registers pod IPs in the target group.
* `alb-instance`: ALB → node:nodePort → kube-proxy → pod (instance targets; the backend
  Service must be NodePort or LoadBalancer).
* `nlb-nginx`: NLB → (node:nodePort → kube-proxy →) ingress-nginx pod → pod. The NLB only
  forwards TCP; NGINX routes, and proxies straight to the endpoint pod IPs (its Lua balancer;
  not through the Service's ClusterIP). By default the NLB is the one the ingress-nginx AWS
  manifest asks for (deploy/static/provider/aws/deploy.yaml, controller-v1.15.1): in-tree NLB,
  instance targets, cross-zone on, `externalTrafficPolicy: Local`, PROXY protocol off.

Facts used, with their sources (see also docs/explanation pages):

* ALB targets see the ALB node's private IP as the source; the ALB appends the client IP to
  `X-Forwarded-For` (ELB user guide, x-forwarded-headers.html). Cross-zone is always on.
* NLB: client IP preservation is on for instance targets, off for TCP ip targets
  (edit-target-group-attributes.html#client-ip-preservation); cross-zone off by default
  (target-group-cross-zone.html); one static IP per zone. PROXY protocol v2 must be on at
  both ends: the NLB target group attribute and ingress-nginx's `use-proxy-protocol`.
* kube-proxy, `externalTrafficPolicy: Cluster`: any node forwards to any ready endpoint, with
  source NAT to the node's IP (a second hop when the endpoint is elsewhere); `Local`: only
  node-local endpoints, the client's address is kept, nodes without one fail the load
  balancer's health check (kubernetes.io "Create an External Load Balancer", "Using Source IP").
* ingress-nginx sets `X-Forwarded-For` to the address it sees (`$remote_addr`, or the PROXY
  protocol address), ignoring an incoming header unless `use-forwarded-headers` is on
  (nginx.tmpl and configmap.md, controller-v1.15.1).

Simplified, and said so: addresses of clients and load balancers are documentation addresses;
the load balancer node a request enters by is one zone picked by a seeded generator (DNS
would pick one); which target or endpoint a single request reaches is a seeded pick too.
`spread()` runs many requests to show how load lands.

This module knows nothing about how routing rules match; it asks the controller models.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from .._engine import Engine
from .._k8s.manifests import Manifests
from .._k8s.model import ServicePort
from .._result import Outcome, Request, Resolution
from .._services import Cluster, Endpoint, Node, Pod, PortMatch, ServiceCatalogue, ServiceView

__all__ = ["ARCHITECTURES", "Hop", "Trace", "TraceSettings", "spread", "trace"]

_T = TypeVar("_T")

ARCHITECTURES = ("alb-ip", "alb-instance", "nlb-nginx")
Architecture = Literal["alb-ip", "alb-instance", "nlb-nginx"]
ProxyProtocol = Literal["off", "both", "nlb-only", "nginx-only"]

CLIENT_IP = "203.0.113.7"  # TEST-NET-3 (RFC 5737): a documentation address
_CLIENT_PORT = 50123
_ALB_PUBLIC = "198.51.100.{}"  # TEST-NET-2
_NLB_PUBLIC = "198.51.100.{}"
_NGINX_NAMESPACE = "ingress-nginx"
_DEFAULT_SEED = "ingresslab"  # the Service catalogue's own seed


@dataclass(frozen=True, slots=True)
class TraceSettings:
    """What the architecture is built with. `None` means "the default for the architecture"."""

    #: externalTrafficPolicy of the Service instance targets reach (the backend Service for
    #: alb-instance, the ingress-nginx controller Service for nlb-nginx)
    external_traffic_policy: str | None = None
    #: nlb-nginx: "instance" (the ingress-nginx AWS manifest) or "ip"
    nlb_target_type: str = "instance"
    #: nlb-nginx: NLB client IP preservation; None = AWS's default for the target type
    preserve_client_ip: bool | None = None
    proxy_protocol: ProxyProtocol = "off"
    #: None = the load balancer's default (ALB on; NLB off, but the ingress-nginx AWS
    #: manifest turns it on)
    cross_zone: bool | None = None
    controller_replicas: int = 2
    client_ip: str = CLIENT_IP
    seed: str = _DEFAULT_SEED


@dataclass(frozen=True, slots=True)
class Hop:
    """One arrival: what reaches `name`, from which address to which, and what it does."""

    name: str
    kind: str  # client, load-balancer, node, kube-proxy, ingress-controller, pod
    source: str
    destination: str
    note: str
    forwarded_for: str | None = None  # X-Forwarded-For as this hop receives it


@dataclass(frozen=True, slots=True)
class Trace:
    architecture: str
    request: Request
    routing: Resolution
    hops: tuple[Hop, ...]
    notes: tuple[str, ...] = ()
    error: str | None = None

    @property
    def pod_sees(self) -> str | None:
        """The source IP the final pod sees on its connection."""
        last = self.hops[-1] if self.hops else None
        return last.source.rsplit(":", 1)[0] if last and last.kind == "pod" else None

    @property
    def client_ip_in_header(self) -> str | None:
        last = self.hops[-1] if self.hops else None
        return last.forwarded_for if last and last.kind == "pod" else None

    def mermaid(self) -> str:
        """A Mermaid sequence diagram of the hops."""
        lines = ["sequenceDiagram"]
        names: dict[str, str] = {}
        for hop in self.hops:
            if hop.name not in names:
                names[hop.name] = f"P{len(names)}"
                lines.append(f"    participant {names[hop.name]} as {_mermaid_text(hop.name)}")
        for previous, hop in zip(self.hops, self.hops[1:], strict=False):
            label = f"{hop.source} to {hop.destination}"
            if hop.forwarded_for:
                label += f", X-Forwarded-For {hop.forwarded_for}"
            lines.append(f"    {names[previous.name]}->>{names[hop.name]}: {_mermaid_text(label)}")
            lines.append(f"    Note over {names[hop.name]}: {_mermaid_text(hop.note)}")
        if self.error:
            lines.append(f"    Note over {names[self.hops[-1].name]}: {_mermaid_text(self.error)}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, object]:
        return {
            "architecture": self.architecture,
            "request": self.request.url,
            "routing": self.routing.as_dict(),
            "hops": [
                {
                    "name": h.name,
                    "kind": h.kind,
                    "source": h.source,
                    "destination": h.destination,
                    "note": h.note,
                    "forwarded_for": h.forwarded_for,
                }
                for h in self.hops
            ],
            "pod_sees": self.pod_sees,
            "client_ip_in_header": self.client_ip_in_header,
            "notes": list(self.notes),
            "error": self.error,
        }


def _mermaid_text(text: str) -> str:
    # Mermaid reads ";" as a statement end and "#" as the start of an entity.
    return text.replace(";", ",").replace("#", "").replace("\n", " ")


@dataclass(slots=True)
class _World:
    """Everything built once for a set of manifests; `rng` and the round-robin counters carry
    on from request to request, as a running load balancer's would."""

    engine: Engine
    services: ServiceCatalogue
    settings: TraceSettings
    rng: random.Random
    notes: list[str] = field(default_factory=list)
    counters: Counter[str] = field(default_factory=Counter)

    @property
    def cluster(self) -> Cluster:
        return self.services.cluster

    def zone_index(self, zone: str) -> int:
        zones = sorted({n.zone for n in self.cluster.nodes})
        return zones.index(zone) if zone in zones else 0

    def lb_private_ip(self, node: Node, last_octet: int) -> str:
        prefix = node.ip.rsplit(".", 1)[0]
        return f"{prefix}.{last_octet}"

    def round_robin(self, key: str, items: Sequence[_T]) -> _T:
        """The next of `items` for the balancer `key` (ALB and ingress-nginx default)."""
        index = self.counters[key] % len(items)
        self.counters[key] += 1
        return items[index]

    def route(self, architecture: str, request: Request) -> Resolution:
        """The engine's answer, as `ingresslab route` gives it."""
        return self.engine.answer(request, "nginx" if architecture == "nlb-nginx" else "alb")


def _controller_pods(world: _World) -> list[Pod]:
    nodes = world.cluster.nodes
    pods = []
    for i in range(world.settings.controller_replicas):
        node = nodes[i % len(nodes)]
        ip = f"{node.ip.rsplit('.', 1)[0]}.{50 + i}"
        pods.append(
            Pod(_NGINX_NAMESPACE, f"ingress-nginx-controller-{i}", ip, node.name,
                {"app.kubernetes.io/name": "ingress-nginx"}, (("http", 80, "TCP"),),
                owner="Deployment ingress-nginx/ingress-nginx-controller (assumed)",
                generated=True)
        )  # fmt: skip
    return pods


def _world(
    source: Manifests | Engine, architecture: str, settings: TraceSettings, rng_seed: str
) -> _World:
    if architecture not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {architecture!r}: {', '.join(ARCHITECTURES)}")
    # The same rules under each controller, whatever class the Ingresses name.
    engine = source if isinstance(source, Engine) else Engine(source, any_class=True)
    # Instance targets need a nodePort: assumed Services are NodePort Services then.
    assumed = "NodePort" if architecture == "alb-instance" else "ClusterIP"
    if settings.seed == _DEFAULT_SEED:
        services = engine.catalogue(assumed)
    else:
        services = ServiceCatalogue(
            engine.manifests,
            assume=engine.options.assume_services,
            assumed_type=assumed,
            seed=settings.seed,
        )
    return _World(engine, services, settings, random.Random(rng_seed))


def trace(
    manifests: Manifests | Engine,
    url: str | Request,
    architecture: str,
    settings: TraceSettings | None = None,
) -> Trace:
    """Follow one request from the client to the pod under `architecture`.

    Given `Manifests`, every Ingress counts as the architecture's controller's, whatever class
    it names; given an `Engine`, its models answer, exactly as `route` shows.
    """
    settings = settings or TraceSettings()
    request = url if isinstance(url, Request) else Request.from_url(url)
    world = _world(manifests, architecture, settings, f"{settings.seed}:{request.url}")
    return _trace_one(world, architecture, request)


def _trace_one(world: _World, architecture: str, request: Request) -> Trace:
    world.notes = list(world.cluster.notes)
    routing = world.route(architecture, request)
    client = Hop("client", "client", f"{world.settings.client_ip}:{_CLIENT_PORT}", "-",
                 f"sends {request.url}")  # fmt: skip
    hops = [client]
    if architecture == "nlb-nginx":
        error = _nlb_nginx(world, request, routing, hops)
    else:
        error = _alb(world, architecture, request, routing, hops)
    last = hops[-1]
    if routing.upstream_path is not None and last.kind == "pod":
        # a rewrite (ingress-nginx rewrite-target, an ALB url-rewrite transform) changed the
        # path: the pod's request line carries the rewritten one
        hops[-1] = Hop(last.name, last.kind, last.source, last.destination,
                       f"{last.note}; the request arrives as {routing.upstream_path} "
                       f"(rewritten from {request.target})", last.forwarded_for)  # fmt: skip
    return Trace(architecture, request, routing, tuple(hops), tuple(world.notes), error)


def _entry_node(world: _World, nodes: list[Node]) -> Node:
    zones = sorted({n.zone for n in world.cluster.nodes})
    zone = world.rng.choice(zones)
    return next((n for n in nodes if n.zone == zone), nodes[0])


def _backend_endpoints(
    world: _World, routing: Resolution, ports: PortMatch
) -> tuple[ServiceView, ServicePort, list[Endpoint]] | str:
    if routing.backend is None:
        return f"no backend: the request ends at the load balancer ({routing.outcome})"
    state = world.services.lookup(routing.backend, ports=ports, endpoints=True)
    if state.problem is not None:
        return state.reason
    assert state.service is not None and state.port is not None
    return state.service, state.port, list(state.endpoints)


def _alb(
    world: _World, architecture: str, request: Request, routing: Resolution, hops: list[Hop]
) -> str | None:
    entry = _entry_node(world, world.cluster.nodes)
    zone = world.zone_index(entry.zone)
    public = _ALB_PUBLIC.format(10 + zone)
    alb_private = world.lb_private_ip(entry, 5)
    port = request.port or (443 if request.scheme == "https" else 80)
    rule = routing.matched
    where = (
        f"rule {rule.priority}: {rule.host or '*'} {rule.path}" if rule else str(routing.outcome)
    )
    hops.append(Hop(f"ALB {routing.load_balancer or ''} ({entry.zone})".replace("  ", " "),
                    "load-balancer", hops[0].source, f"{public}:{port}",
                    f"listener {port}, {where}: evaluated outside the cluster"))  # fmt: skip
    if routing.outcome not in (Outcome.ROUTE, Outcome.DEFAULT_BACKEND):
        return _answers_itself("the ALB", routing)
    found = _backend_endpoints(world, routing, "service")
    if isinstance(found, str):
        return found
    service, port_view, endpoints = found
    xff = world.settings.client_ip  # the ALB appends the client address
    src = f"{alb_private}:{40000 + world.rng.randrange(20000)}"
    if architecture == "alb-ip":
        # cross-zone is always on for an ALB: every target, in turn
        endpoint = world.round_robin(f"alb:{service.ref}", endpoints)
        hops.append(_pod_hop(world, endpoint, src, xff,
                             "target type ip: the ALB sends straight to the pod IP"))  # fmt: skip
        return None
    if port_view.node_port is None:
        return (
            "TargetGroup port is empty. When using Instance targets, your service be must of "
            f"type 'NodePort' or 'LoadBalancer' ({service.ref} is {service.type})"
        )
    return _instance_hops(world, service, port_view, endpoints, src, xff, hops, "ALB")


def _instance_hops(
    world: _World,
    service: ServiceView,
    port: ServicePort,
    endpoints: list[Endpoint],
    src: str,
    xff: str | None,
    hops: list[Hop],
    balancer: str,
    *,
    entry_zone_only: bool = False,
    final_kind: str = "pod",
) -> str | None:
    policy = world.settings.external_traffic_policy or service.external_traffic_policy or "Cluster"
    nodes = world.cluster.nodes
    if policy == "Local":
        with_local = {e.pod.node for e in endpoints}
        nodes = [n for n in nodes if n.name in with_local]
        world.notes.append(
            f"externalTrafficPolicy Local: only nodes with a local endpoint of {service.ref} "
            f"pass the health check ({len(nodes)} of {len(world.cluster.nodes)})"
        )
    if entry_zone_only:
        zone = hops[-1].name
        in_zone = [n for n in nodes if n.zone in zone]
        nodes = in_zone or nodes
    if not nodes:
        return f"no healthy node for {service.ref}: every target fails its health check"
    # the ALB takes its targets in turn; the NLB hashes each new flow onto one
    node = (
        world.round_robin(f"alb:{service.ref}", nodes)
        if balancer == "ALB"
        else world.rng.choice(nodes)
    )
    assert port.node_port is not None
    hops.append(Hop(f"node {node.name} ({node.zone})", "node", src,
                    f"{node.ip}:{port.node_port}",
                    f"instance target: {balancer} sends to the Service's nodePort "
                    f"{port.node_port}", xff))  # fmt: skip
    local = [e for e in endpoints if e.pod.node == node.name]
    if policy == "Local":
        endpoint = world.rng.choice(local)
        hops.append(Hop("kube-proxy", "kube-proxy", src, f"{node.ip}:{port.node_port}",
                        "externalTrafficPolicy Local: a node-local endpoint, source address "
                        "kept", xff))  # fmt: skip
        hops.append(_final_hop(world, endpoint, src, xff, "no source NAT", final_kind))
        return None
    endpoint = world.rng.choice(endpoints)
    snat = f"{node.ip}:{30000 + world.rng.randrange(30000)}"
    elsewhere = endpoint.pod.node != node.name
    hops.append(Hop("kube-proxy", "kube-proxy", src, f"{node.ip}:{port.node_port}",
                    "externalTrafficPolicy Cluster: any ready endpoint; source NAT to the node "
                    "IP" + (", and a second hop to another node" if elsewhere else ""),
                    xff))  # fmt: skip
    note = "source NAT: the pod sees the node's address"
    hops.append(_final_hop(world, endpoint, snat, xff, note, final_kind))
    return None


def _pod_hop(world: _World, endpoint: Endpoint, src: str, xff: str | None, note: str) -> Hop:
    node = world.cluster.node(endpoint.pod.node)
    return Hop(f"pod {endpoint.pod.ref} ({node.zone})", "pod", src, endpoint.address, note, xff)


def _final_hop(
    world: _World, endpoint: Endpoint, src: str, xff: str | None, note: str, kind: str
) -> Hop:
    hop = _pod_hop(world, endpoint, src, xff, note)
    if kind == "pod":
        return hop
    return Hop(hop.name.replace("pod ", "ingress-nginx pod ", 1), kind, hop.source,
               hop.destination, note, None)  # fmt: skip


def _nlb_nginx(world: _World, request: Request, routing: Resolution, hops: list[Hop]) -> str | None:
    settings = world.settings
    controllers = _controller_pods(world)
    entry = _entry_node(world, world.cluster.nodes)
    zone = world.zone_index(entry.zone)
    port = request.port or (443 if request.scheme == "https" else 80)
    target = settings.nlb_target_type
    preserve = settings.preserve_client_ip
    if preserve is None:
        preserve = target == "instance"  # AWS's default: on for instance, off for TCP ip
    cross_zone = True if settings.cross_zone is None else settings.cross_zone
    world.notes.append(
        "ingress-nginx controller assumed as its AWS manifest deploys it: "
        f"{settings.controller_replicas} pods behind an NLB ({target} targets, cross-zone "
        f"{'on' if cross_zone else 'off'}, client IP preservation {'on' if preserve else 'off'}"
        f", PROXY protocol {settings.proxy_protocol})"
    )
    hops.append(Hop(f"NLB ({entry.zone})", "load-balancer", hops[0].source,
                    f"{_NLB_PUBLIC.format(20 + zone)}:{port}",
                    f"listener TCP:{port}: forwards the connection, no HTTP routing; a static "
                    "IP per zone"))  # fmt: skip
    nlb_private = world.lb_private_ip(entry, 6)
    src_ip = settings.client_ip if preserve else nlb_private
    src = f"{src_ip}:{_CLIENT_PORT if preserve else 40000 + world.rng.randrange(20000)}"
    controller_service = ServiceView(
        _NGINX_NAMESPACE, "ingress-nginx-controller", "LoadBalancer", "172.20.0.100",
        (ServicePort("http", 80, "http", 31080, "TCP"),),
        {"app.kubernetes.io/name": "ingress-nginx"},
        settings.external_traffic_policy or "Local", None, generated=True,
    )  # fmt: skip
    endpoints = [Endpoint(p, 80) for p in controllers]
    if target == "instance":
        error = _instance_hops(
            world, controller_service, controller_service.ports[0], endpoints, src, None, hops,
            "the NLB", entry_zone_only=not cross_zone, final_kind="ingress-controller",
        )  # fmt: skip
        if error:
            return error
    else:
        pool = endpoints if cross_zone else [
            e for e in endpoints if world.cluster.node(e.pod.node).zone == entry.zone
        ] or endpoints  # fmt: skip
        endpoint = world.rng.choice(pool)
        hops.append(_final_hop(world, endpoint, src, None,
                               "ip target: the NLB sends straight to the controller pod",
                               "ingress-controller"))  # fmt: skip
    controller_hop = hops[-1]
    proxy = settings.proxy_protocol
    if proxy == "nlb-only":
        return ("PROXY protocol is on at the NLB but not in ingress-nginx: nginx reads the PROXY "
                "header as a malformed request (400 Bad Request)")  # fmt: skip
    if proxy == "nginx-only":
        return ("ingress-nginx expects a PROXY protocol header the NLB does not send: nginx logs "
                "'broken header' and drops the connection")  # fmt: skip
    seen = controller_hop.source.rsplit(":", 1)[0]
    remote = settings.client_ip if proxy == "both" else seen
    how = "from the PROXY protocol header" if proxy == "both" else "the connection's source"
    hops[-1] = Hop(controller_hop.name, controller_hop.kind, controller_hop.source,
                   controller_hop.destination,
                   f"{controller_hop.note}; NGINX routes here ({_nginx_where(routing)}), and "
                   f"takes the client address {remote} {how}")  # fmt: skip
    if routing.outcome not in (Outcome.ROUTE, Outcome.DEFAULT_BACKEND):
        return _answers_itself("NGINX", routing)
    found = _backend_endpoints(world, routing, "ingress-nginx")
    if isinstance(found, str):
        return found
    _, _, backends = found
    endpoint = world.round_robin(f"nginx:{controller_hop.name}", backends)
    controller_ip = controller_hop.destination.rsplit(":", 1)[0]
    hops.append(_pod_hop(world, endpoint, f"{controller_ip}:{40000 + world.rng.randrange(20000)}",
                         remote, "ingress-nginx proxies straight to the endpoint pod IP (not the "
                         "ClusterIP); X-Forwarded-For is the address NGINX saw"))  # fmt: skip
    return None


def _answers_itself(who: str, routing: Resolution) -> str:
    """Where the trace stops when the routing answer sends the request to no pod."""
    what = f"{who} answers itself: {routing.outcome} {routing.status or ''}".strip()
    return f"{what} ({routing.message})" if routing.message else what


def _nginx_where(routing: Resolution) -> str:
    rule = routing.matched
    if rule is None:
        return str(routing.outcome)
    return f"server {rule.host or '_'}, location for {rule.path} ({rule.path_type})"


def spread(
    manifests: Manifests | Engine,
    url: str | Request,
    architecture: str,
    requests: int = 1000,
    settings: TraceSettings | None = None,
) -> Mapping[str, int]:
    """How many of `requests` new connections land on each pod (seeded, deterministic).

    Each request is a new client connection: DNS gives it one of the load balancer's zones at
    random; the ALB and ingress-nginx take targets in turn (round robin, their defaults); the
    NLB hashes each flow onto one target and kube-proxy picks an endpoint at random (both
    modelled as a uniform random pick).
    """
    settings = settings or TraceSettings()
    request = url if isinstance(url, Request) else Request.from_url(url)
    world = _world(manifests, architecture, settings, f"{settings.seed}:spread:{request.url}")
    counts: Counter[str] = Counter()
    for _ in range(requests):
        one = _trace_one(world, architecture, request)
        last = one.hops[-1]
        key = last.name.split(" (")[0].removeprefix("pod ") if last.kind == "pod" else None
        counts[key or f"({one.error})"] += 1
    return dict(sorted(counts.items()))
