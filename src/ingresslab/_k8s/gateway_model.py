"""The Gateway API objects routing works on, built from loaded (validated, defaulted) objects.

GatewayClass, Gateway (with its listeners), HTTPRoute (parent references, hostnames, rules with
their matches, filters and backend references), ReferenceGrant, and the Namespaces whose labels
listeners select routes by. Field meanings: kubernetes-sigs/gateway-api v1.6.1,
`apis/v1/gateway_types.go`, `httproute_types.go`, `shared_types.go`,
`referencegrant_types.go`. The loader has applied the CRDs' defaults already (a parentRef's
group and kind, a match's `PathPrefix /`, a backendRef's weight 1, a redirect's 302, a
listener's `from: Same`), so what is absent here was absent in the object.

This module knows nothing about YAML, validation or how any implementation routes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .gateway_api import GROUP
from .load import KubeObject
from .model import Backend
from .yaml import Pos

__all__ = [
    "BackendRef",
    "Gateway",
    "GatewayClass",
    "GatewayListener",
    "HTTPRoute",
    "Namespace",
    "ParentRef",
    "PathMatch",
    "PathModifier",
    "ReferenceGrant",
    "RequestRedirect",
    "RouteFilter",
    "RouteKind",
    "RouteMatch",
    "RouteRule",
    "URLRewrite",
    "ValueMatch",
]


@dataclass(frozen=True, slots=True)
class Namespace:
    """A Namespace of the input: its labels (with `kubernetes.io/metadata.name`, which the API
    server sets on every Namespace)."""

    name: str
    labels: Mapping[str, str]

    @classmethod
    def from_object(cls, obj: KubeObject) -> Namespace:
        meta = obj.data.get("metadata") or {}
        return cls(obj.name, {str(k): str(v) for k, v in (meta.get("labels") or {}).items()})


@dataclass(frozen=True, slots=True)
class GatewayClass:
    name: str
    controller: str
    file: str
    pos: Pos

    @classmethod
    def from_object(cls, obj: KubeObject) -> GatewayClass:
        spec = obj.data.get("spec") or {}
        return cls(obj.name, spec.get("controllerName") or "", obj.file, obj.pos)


@dataclass(frozen=True, slots=True)
class RouteKind:
    """An `allowedRoutes.kinds` entry: a Route kind and its API group."""

    group: str
    kind: str


@dataclass(frozen=True, slots=True)
class GatewayListener:
    """One entry of a Gateway's `spec.listeners`. `namespaces` is `allowedRoutes.namespaces.
    from` (Same, All, Selector), `selector` its label selector; `kinds` the allowed Route
    kinds (empty: those the protocol supports)."""

    name: str
    port: int
    protocol: str
    hostname: str | None
    namespaces: str
    selector: Mapping[str, Any] | None
    kinds: tuple[RouteKind, ...]
    tls_mode: str | None
    index: int
    pos: Pos


@dataclass(frozen=True, slots=True)
class Gateway:
    namespace: str
    name: str
    class_name: str
    listeners: tuple[GatewayListener, ...]
    file: str
    pos: Pos

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.name}"

    @classmethod
    def from_object(cls, obj: KubeObject) -> Gateway:
        spec = obj.data.get("spec") or {}
        raw_listeners = _get(_get(obj.raw, "spec"), "listeners")
        listeners = []
        for i, item in enumerate(spec.get("listeners") or []):
            allowed = item.get("allowedRoutes") or {}
            namespaces = allowed.get("namespaces") or {}
            tls = item.get("tls")
            listeners.append(
                GatewayListener(
                    name=item["name"],
                    port=int(item["port"]),
                    protocol=item["protocol"],
                    hostname=item.get("hostname") or None,
                    namespaces=namespaces.get("from") or "Same",
                    selector=namespaces.get("selector"),
                    kinds=tuple(
                        RouteKind(k.get("group", GROUP), k["kind"])
                        for k in allowed.get("kinds") or []
                    ),
                    tls_mode=tls.get("mode") if isinstance(tls, dict) else None,
                    index=i,
                    pos=getattr(_index(raw_listeners, i), "pos", obj.pos),
                )
            )
        return cls(
            obj.namespace or "default",
            obj.name,
            spec.get("gatewayClassName") or "",
            tuple(listeners),
            obj.file,
            obj.pos,
        )


@dataclass(frozen=True, slots=True)
class ParentRef:
    """A `spec.parentRefs` entry. `namespace` is the effective one (the route's when unset)."""

    group: str
    kind: str
    namespace: str
    name: str
    section_name: str | None
    port: int | None
    index: int

    def describe(self) -> str:
        what = f"{self.kind} {self.namespace}/{self.name}"
        if self.section_name:
            what += f" sectionName {self.section_name}"
        if self.port is not None:
            what += f" port {self.port}"
        return what


@dataclass(frozen=True, slots=True)
class PathMatch:
    type: str  # Exact, PathPrefix, RegularExpression
    value: str


@dataclass(frozen=True, slots=True)
class ValueMatch:
    """A header or query parameter match: a name, a value, Exact or RegularExpression."""

    name: str
    value: str
    type: str


@dataclass(frozen=True, slots=True)
class RouteMatch:
    """One HTTPRouteMatch: every field given must hold (AND). `index` is its position in the
    rule's `matches`."""

    path: PathMatch
    headers: tuple[ValueMatch, ...]
    query: tuple[ValueMatch, ...]
    method: str | None
    index: int


@dataclass(frozen=True, slots=True)
class PathModifier:
    type: str  # ReplaceFullPath, ReplacePrefixMatch
    value: str


@dataclass(frozen=True, slots=True)
class RequestRedirect:
    scheme: str | None
    hostname: str | None
    port: int | None
    path: PathModifier | None
    status_code: int


@dataclass(frozen=True, slots=True)
class URLRewrite:
    hostname: str | None
    path: PathModifier | None


@dataclass(frozen=True, slots=True)
class RouteFilter:
    """One HTTPRouteFilter. `redirect` and `rewrite` are set for their types; `extension`
    names an ExtensionRef's `group/kind/name`."""

    type: str
    redirect: RequestRedirect | None
    rewrite: URLRewrite | None
    extension: str | None
    index: int


@dataclass(frozen=True, slots=True)
class BackendRef:
    """One HTTPBackendRef. `namespace` is the effective one (the route's when unset)."""

    group: str
    kind: str
    namespace: str
    name: str
    port: int | None
    weight: int
    filters: tuple[RouteFilter, ...]
    index: int

    @property
    def is_service(self) -> bool:
        return self.group == "" and self.kind == "Service"

    @property
    def backend(self) -> Backend | None:
        """The Service port it names (None for another kind)."""
        if not self.is_service or self.port is None:
            return None
        return Backend(self.namespace, self.name, self.port)

    def describe(self) -> str:
        if self.is_service:
            port = "" if self.port is None else f":{self.port}"
            return f"{self.namespace}/{self.name}{port}"
        group = self.group or "core"
        return f"{self.kind}.{group} {self.namespace}/{self.name}"


@dataclass(frozen=True, slots=True)
class RouteRule:
    """One entry of `spec.rules`. `backend_refs_given` tells an omitted list from `[]` (both
    mean no backend)."""

    name: str | None
    matches: tuple[RouteMatch, ...]
    filters: tuple[RouteFilter, ...]
    backend_refs: tuple[BackendRef, ...]
    index: int
    pos: Pos


@dataclass(frozen=True, slots=True)
class HTTPRoute:
    namespace: str
    name: str
    hostnames: tuple[str, ...]
    parent_refs: tuple[ParentRef, ...]
    rules: tuple[RouteRule, ...]
    #: metadata.creationTimestamp when the input carries it (an object read back from a
    #: cluster); None for a manifest not applied yet
    creation_timestamp: str | None
    file: str
    pos: Pos

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.name}"

    @classmethod
    def from_object(cls, obj: KubeObject) -> HTTPRoute:
        data = obj.data
        meta = data.get("metadata") or {}
        spec = data.get("spec") or {}
        namespace = obj.namespace or "default"
        raw_rules = _get(_get(obj.raw, "spec"), "rules")
        parents = tuple(
            ParentRef(
                group=p.get("group", GROUP),
                kind=p.get("kind", "Gateway"),
                namespace=p.get("namespace") or namespace,
                name=p["name"],
                section_name=p.get("sectionName") or None,
                port=p.get("port"),
                index=i,
            )
            for i, p in enumerate(spec.get("parentRefs") or [])
        )
        rules = []
        for i, rule in enumerate(spec.get("rules") or []):
            matches = tuple(_match(m, j) for j, m in enumerate(rule.get("matches") or []))
            backends = tuple(
                BackendRef(
                    group=b.get("group", ""),
                    kind=b.get("kind", "Service"),
                    namespace=b.get("namespace") or namespace,
                    name=b["name"],
                    port=b.get("port"),
                    weight=int(b.get("weight", 1)),
                    filters=_filters(b.get("filters")),
                    index=j,
                )
                for j, b in enumerate(rule.get("backendRefs") or [])
            )
            rules.append(
                RouteRule(
                    name=rule.get("name"),
                    matches=matches,
                    filters=_filters(rule.get("filters")),
                    backend_refs=backends,
                    index=i,
                    pos=getattr(_index(raw_rules, i), "pos", obj.pos),
                )
            )
        return cls(
            namespace,
            obj.name,
            tuple(spec.get("hostnames") or ()),
            parents,
            tuple(rules),
            meta.get("creationTimestamp"),
            obj.file,
            obj.pos,
        )


@dataclass(frozen=True, slots=True)
class ReferenceGrant:
    """A ReferenceGrant: objects of the `from` (group, kind, namespace) entries may refer to
    objects of its own namespace matching a `to` (group, kind, name; None: any name)."""

    namespace: str
    name: str
    from_: tuple[tuple[str, str, str], ...]
    to: tuple[tuple[str, str, str | None], ...]

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.name}"

    @classmethod
    def from_object(cls, obj: KubeObject) -> ReferenceGrant:
        spec = obj.data.get("spec") or {}
        return cls(
            obj.namespace or "default",
            obj.name,
            tuple((f["group"], f["kind"], f["namespace"]) for f in spec.get("from") or []),
            tuple((t["group"], t["kind"], t.get("name") or None) for t in spec.get("to") or []),
        )

    def permits(self, group: str, kind: str, namespace: str, to: tuple[str, str, str]) -> bool:
        """Whether an object (`group`, `kind`) in `namespace` may refer to `to` (group, kind,
        name) in this grant's namespace."""
        if (group, kind, namespace) not in self.from_:
            return False
        return any(
            (t_group, t_kind) == to[:2] and (t_name is None or t_name == to[2])
            for t_group, t_kind, t_name in self.to
        )


def _match(item: Mapping[str, Any], index: int) -> RouteMatch:
    path = item.get("path") or {}
    return RouteMatch(
        path=PathMatch(path.get("type", "PathPrefix"), path.get("value", "/")),
        headers=tuple(
            ValueMatch(h["name"], h["value"], h.get("type", "Exact"))
            for h in item.get("headers") or []
        ),
        query=tuple(
            ValueMatch(q["name"], q["value"], q.get("type", "Exact"))
            for q in item.get("queryParams") or []
        ),
        method=item.get("method"),
        index=index,
    )


def _modifier(path: Mapping[str, Any] | None) -> PathModifier | None:
    if not path:
        return None
    kind = path.get("type", "")
    key = "replaceFullPath" if kind == "ReplaceFullPath" else "replacePrefixMatch"
    return PathModifier(kind, path.get(key) or "")


def _filters(items: Any) -> tuple[RouteFilter, ...]:
    out = []
    for i, item in enumerate(items or []):
        redirect = item.get("requestRedirect")
        rewrite = item.get("urlRewrite")
        extension = item.get("extensionRef")
        out.append(
            RouteFilter(
                type=item["type"],
                redirect=None
                if redirect is None
                else RequestRedirect(
                    scheme=redirect.get("scheme"),
                    hostname=redirect.get("hostname"),
                    port=redirect.get("port"),
                    path=_modifier(redirect.get("path")),
                    status_code=int(redirect.get("statusCode", 302)),
                ),
                rewrite=None
                if rewrite is None
                else URLRewrite(rewrite.get("hostname"), _modifier(rewrite.get("path"))),
                extension=None
                if extension is None
                else f"{extension.get('group')}/{extension.get('kind')}/{extension.get('name')}",
                index=i,
            )
        )
    return tuple(out)


def _get(container: Any, key: str) -> Any:
    return container.get(key) if isinstance(container, dict) else None


def _index(container: Any, i: int) -> Any:
    return container[i] if isinstance(container, list) and i < len(container) else None
