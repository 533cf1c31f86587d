"""The controller models behind one contract (`base.Controller`), and the one registry of them.

Every caller that picks a model by name goes through `MODELS`; nothing else lists them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._k8s.manifests import Manifests
from .alb.route import AlbModel
from .base import Controller, Options
from .gateway.alb import AlbGatewayModel
from .gateway.route import GatewayModel
from .nginx.route import NginxModel
from .spec import SpecModel

__all__ = [
    "CONTROLLERS",
    "GATEWAY_CONTROLLERS",
    "MODELS",
    "Controller",
    "Options",
    "model_class",
    "models_for",
]

#: Every model by the name the engine, the CLI and the pages use.
MODELS: Mapping[str, type[Controller]] = {
    SpecModel.name: SpecModel,
    AlbModel.name: AlbModel,
    NginxModel.name: NginxModel,
    GatewayModel.name: GatewayModel,
    AlbGatewayModel.name: AlbGatewayModel,
}

#: The models every tool asks by default (route_all, diff, compare): the Ingress spec itself,
#: the AWS Load Balancer Controller's ALB, ingress-nginx. The Gateway API models (`gateway`,
#: `alb-gateway`) are in `MODELS` and answer when asked by name; they are not defaults yet.
CONTROLLERS: tuple[str, ...] = (SpecModel.name, AlbModel.name, NginxModel.name)
#: The models that read Gateways and HTTPRoutes: Gateway API as specified, and the AWS Load
#: Balancer Controller's ALB Gateway (GatewayClass controllerName `gateway.k8s.aws/alb`).
GATEWAY_CONTROLLERS: tuple[str, ...] = (GatewayModel.name, AlbGatewayModel.name)


def models_for(manifests: Manifests) -> tuple[str, ...]:
    """Every model that has something to read in `manifests`: the Ingress models (`CONTROLLERS`)
    unless the input holds Gateway API objects and no Ingress, and the Gateway API models
    (`GATEWAY_CONTROLLERS`) when it holds Gateways or HTTPRoutes."""
    gateway_api = bool(manifests.gateways or manifests.http_routes)
    ingress = bool(manifests.ingresses) or not gateway_api
    return (*(CONTROLLERS if ingress else ()), *(GATEWAY_CONTROLLERS if gateway_api else ()))


def model_class(name: str) -> type[Controller]:
    """The model called `name`, or a ValueError naming the choices."""
    try:
        return MODELS[name]
    except KeyError:
        raise ValueError(f"unknown controller {name!r}: choose from {', '.join(MODELS)}") from None
