"""A loaded set of manifests: the model objects, and every problem found while loading.

This is the configured collection every controller model reads. It knows nothing about how
any controller routes.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from .._gc import paused_gc
from .checks import admit, cross_check
from .gateway_model import Gateway, GatewayClass, HTTPRoute, Namespace, ReferenceGrant
from .load import KubeObject, LoadResult, Problem, load_paths, load_text
from .model import Ingress, IngressClass, Service

__all__ = ["Manifests", "load", "loads"]


@dataclass(slots=True)
class Manifests:
    """Ingresses, IngressClasses and Services from some inputs, plus what loading found, and
    the Gateway API objects (GatewayClasses, Gateways, HTTPRoutes, ReferenceGrants) with the
    Namespaces their listeners select routes by."""

    ingresses: list[Ingress] = field(default_factory=list)
    ingress_classes: list[IngressClass] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    #: every object the API server would accept, Pods, workloads and Nodes included
    objects: list[KubeObject] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: objects decoded from the inputs, including those the API server would reject
    checked: int = 0
    gateway_classes: list[GatewayClass] = field(default_factory=list)
    gateways: list[Gateway] = field(default_factory=list)
    http_routes: list[HTTPRoute] = field(default_factory=list)
    reference_grants: list[ReferenceGrant] = field(default_factory=list)
    namespaces: list[Namespace] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def any_class(self) -> Manifests:
        """The same manifests with every Ingress's class removed, and no IngressClasses.

        Each controller model then counts every Ingress as its own (an Ingress without a class
        is the simulated controller's): the way to ask "what would ALB *and* NGINX do with
        these rules?" of manifests written for one of them.
        """
        ingresses = [
            dataclasses.replace(
                ingress,
                class_name=None,
                class_annotation=None,
                annotations={
                    k: v
                    for k, v in ingress.annotations.items()
                    if k != "kubernetes.io/ingress.class"
                },
            )
            for ingress in self.ingresses
        ]
        return dataclasses.replace(self, ingresses=ingresses, ingress_classes=[])

    def service(self, namespace: str, name: str) -> Service | None:
        for service in self.services:
            if service.namespace == namespace and service.name == name:
                return service
        return None

    @classmethod
    def from_result(cls, result: LoadResult) -> Manifests:
        """Model objects from a load, after the checks that need every object at once."""
        objects = list(result.objects)
        problems = admit(objects) + cross_check(objects)
        result = replace(result, objects=objects, problems=result.problems + problems)
        manifests = cls(
            objects=list(result.objects),
            problems=list(result.problems),
            notes=list(result.notes),
            checked=result.seen,
        )
        for obj in result.objects:
            if obj.kind == "Ingress":
                manifests.ingresses.append(Ingress.from_object(obj))
            elif obj.kind == "IngressClass":
                manifests.ingress_classes.append(IngressClass.from_object(obj))
            elif obj.kind == "Service":
                manifests.services.append(Service.from_object(obj))
            elif obj.kind in _GATEWAY_KINDS and obj.api_version.startswith(_GATEWAY_GROUP):
                _GATEWAY_KINDS[obj.kind](manifests, obj)
            elif obj.kind == "Namespace":
                manifests.namespaces.append(Namespace.from_object(obj))
        return manifests


_GATEWAY_GROUP = "gateway.networking.k8s.io/"
_GATEWAY_KINDS: dict[str, Callable[[Manifests, KubeObject], None]] = {
    "GatewayClass": lambda m, o: m.gateway_classes.append(GatewayClass.from_object(o)),
    "Gateway": lambda m, o: m.gateways.append(Gateway.from_object(o)),
    "HTTPRoute": lambda m, o: m.http_routes.append(HTTPRoute.from_object(o)),
    "ReferenceGrant": lambda m, o: m.reference_grants.append(ReferenceGrant.from_object(o)),
}


def load(*paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> Manifests:
    """Load manifests from files, directories (recursively) or `-` (standard input).

    Problems never raise: they are collected in `Manifests.problems`.
    """
    flat: list[str | os.PathLike[str]] = []
    for item in paths:
        if isinstance(item, str | os.PathLike):
            flat.append(item)
        else:
            flat.extend(item)
    with paused_gc():
        return _settled(Manifests.from_result(load_paths(flat)))


def loads(text: str, filename: str = "<string>") -> Manifests:
    """Load manifests from a string of YAML or JSON."""
    with paused_gc():
        return _settled(Manifests.from_result(load_text(text, filename)))


#: Loads of at least this many objects move what they made to the collector's oldest generation.
SETTLE_OBJECTS = 1_000


def _settled(manifests: Manifests) -> Manifests:
    """A large load leaves its values (hundreds of thousands of containers, all long-lived) in
    the collector's youngest generation: the first collection after it would walk them all, and
    every young collection while the models are built would again. Moving everything tracked to
    the oldest generation (gc.freeze, then gc.unfreeze: two list splices) leaves them to the
    full collections, which is where long-lived objects end anyway. Measured with
    benchmarks/load.py: a fifth off loading a 10,000-Ingress dump, a third off its models."""
    if len(manifests.objects) >= SETTLE_OBJECTS:
        gc.freeze()
        gc.unfreeze()
    return manifests
