"""The model objects routing works on, built from loaded (validated, defaulted) objects.

They hold only what routing, tracing and export need, each with the place it came from. This
module knows nothing about YAML, validation rules or any controller's behaviour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .load import KubeObject
from .yaml import Pos

__all__ = [
    "Backend",
    "HTTPPath",
    "Ingress",
    "IngressClass",
    "IngressRule",
    "Service",
    "ServicePort",
]


@dataclass(frozen=True, slots=True)
class Backend:
    """A Service backend: namespace, name and port (a number or a port name)."""

    namespace: str
    service: str
    port: int | str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.service}:{self.port}"


@dataclass(frozen=True, slots=True)
class HTTPPath:
    """One entry of `spec.rules[i].http.paths`. `index` is its position in that list."""

    path: str
    path_type: str
    backend: Backend | None
    index: int
    field: str  # its field path, e.g. spec.rules[0].http.paths[1]
    pos: Pos
    resource: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class IngressRule:
    """One entry of `spec.rules`: an optional host and its paths."""

    host: str | None
    paths: tuple[HTTPPath, ...]
    index: int
    pos: Pos


@dataclass(frozen=True, slots=True)
class Ingress:
    namespace: str
    name: str
    class_name: str | None
    #: the `kubernetes.io/ingress.class` annotation, which predates `spec.ingressClassName`
    class_annotation: str | None
    annotations: Mapping[str, str]
    rules: tuple[IngressRule, ...]
    default_backend: Backend | None
    tls_hosts: tuple[str, ...]
    creation_timestamp: str | None
    file: str
    pos: Pos
    uid: str | None = None
    #: `spec.tls` is not empty (an entry may name only a secret and no hosts)
    has_tls: bool = False

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.name}"

    @classmethod
    def from_object(cls, obj: KubeObject) -> Ingress:
        data = obj.data
        meta = data.get("metadata") or {}
        spec = data.get("spec") or {}
        ns = obj.namespace or "default"
        annotations = {str(k): str(v) for k, v in (meta.get("annotations") or {}).items()}
        raw_spec = obj.raw.get("spec") if isinstance(obj.raw, dict) else None
        rules = []
        for i, rule in enumerate(spec.get("rules") or []):
            rule = rule or {}  # a null list item decodes to an empty struct, as in Go
            raw_rule = _index(_get(raw_spec, "rules"), i)
            paths = []
            for j, item in enumerate(((rule.get("http") or {}).get("paths")) or []):
                item = item or {}
                raw_path = _index(_get(_get(raw_rule, "http"), "paths"), j)
                backend = item.get("backend") or {}
                paths.append(
                    HTTPPath(
                        path=item.get("path") or "",
                        path_type=item.get("pathType") or "ImplementationSpecific",
                        backend=_backend(ns, backend),
                        index=j,
                        field=f"spec.rules[{i}].http.paths[{j}]",
                        pos=getattr(raw_path, "pos", obj.pos),
                        resource=backend.get("resource"),
                    )
                )
            rules.append(
                IngressRule(
                    rule.get("host") or None, tuple(paths), i, getattr(raw_rule, "pos", obj.pos)
                )
            )
        tls_hosts = tuple(h for t in spec.get("tls") or [] for h in t.get("hosts") or [])
        return cls(
            namespace=ns,
            name=obj.name,
            class_name=spec.get("ingressClassName"),
            class_annotation=annotations.get("kubernetes.io/ingress.class"),
            annotations=annotations,
            rules=tuple(rules),
            default_backend=_backend(ns, spec.get("defaultBackend") or {}),
            tls_hosts=tls_hosts,
            has_tls=bool(spec.get("tls")),
            creation_timestamp=meta.get("creationTimestamp"),
            file=obj.file,
            pos=obj.pos,
            uid=meta.get("uid"),
        )


@dataclass(frozen=True, slots=True)
class IngressClass:
    name: str
    controller: str
    is_default: bool
    file: str
    pos: Pos

    @classmethod
    def from_object(cls, obj: KubeObject) -> IngressClass:
        meta = obj.data.get("metadata") or {}
        annotations = meta.get("annotations") or {}
        return cls(
            name=obj.name,
            controller=(obj.data.get("spec") or {}).get("controller") or "",
            # networking/v1 IngressClass: the annotation must be exactly "true"
            # (k8s.io/api networking/v1 AnnotationIsDefaultIngressClass).
            is_default=annotations.get("ingressclass.kubernetes.io/is-default-class") == "true",
            file=obj.file,
            pos=obj.pos,
        )


@dataclass(frozen=True, slots=True)
class ServicePort:
    name: str | None
    port: int
    target_port: int | str
    node_port: int | None
    protocol: str


@dataclass(frozen=True, slots=True)
class Service:
    namespace: str
    name: str
    type: str
    ports: tuple[ServicePort, ...]
    selector: Mapping[str, str] | None
    cluster_ip: str | None
    annotations: Mapping[str, str] = field(default_factory=dict)
    external_traffic_policy: str | None = None
    load_balancer_class: str | None = None
    allocate_load_balancer_node_ports: bool = True
    external_name: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.name}"

    def find_port(self, port: int | str) -> ServicePort | None:
        """The port a backend's `port.number` or `port.name` names."""
        for candidate in self.ports:
            if (candidate.port == port) if isinstance(port, int) else (candidate.name == port):
                return candidate
        return None

    @classmethod
    def from_object(cls, obj: KubeObject) -> Service:
        meta = obj.data.get("metadata") or {}
        spec = obj.data.get("spec") or {}
        ports = tuple(
            ServicePort(
                name=p.get("name") or None,
                port=p["port"],
                target_port=p.get("targetPort", p["port"]),
                node_port=p.get("nodePort"),
                protocol=p.get("protocol") or "TCP",
            )
            for p in spec.get("ports") or []
        )
        return cls(
            namespace=obj.namespace or "default",
            name=obj.name,
            type=spec.get("type") or "ClusterIP",
            ports=ports,
            selector=spec.get("selector"),
            cluster_ip=spec.get("clusterIP"),
            annotations=meta.get("annotations") or {},
            external_traffic_policy=spec.get("externalTrafficPolicy"),
            load_balancer_class=spec.get("loadBalancerClass"),
            allocate_load_balancer_node_ports=spec.get("allocateLoadBalancerNodePorts", True),
            external_name=spec.get("externalName"),
        )


def _backend(namespace: str, backend: Mapping[str, Any]) -> Backend | None:
    service = backend.get("service")
    if not service:
        return None
    port = service.get("port") or {}
    number = port.get("number")
    return Backend(namespace, service.get("name") or "", number if number else port.get("name", ""))


def _get(container: Any, key: str) -> Any:
    return container.get(key) if isinstance(container, dict) else None


def _index(container: Any, i: int) -> Any:
    return container[i] if isinstance(container, list) and i < len(container) else None
