"""The controller models behind one contract (`base.Controller`), and the one registry of them.

Every caller that picks a model by name goes through `MODELS`; nothing else lists them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .alb.route import AlbModel
from .base import Controller, Options
from .gateway.route import GatewayModel
from .nginx.route import NginxModel
from .spec import SpecModel

__all__ = ["CONTROLLERS", "MODELS", "Controller", "Options", "model_class"]

#: Every model by the name the engine, the CLI and the pages use.
MODELS: Mapping[str, type[Controller]] = {
    SpecModel.name: SpecModel,
    AlbModel.name: AlbModel,
    NginxModel.name: NginxModel,
    GatewayModel.name: GatewayModel,
}

#: The models every tool asks by default (route_all, diff, compare): the Ingress spec itself,
#: the AWS Load Balancer Controller's ALB, ingress-nginx. The Gateway API model (`gateway`) is
#: in `MODELS` and answers when asked by name; it is not a default yet.
CONTROLLERS: tuple[str, ...] = (SpecModel.name, AlbModel.name, NginxModel.name)


def model_class(name: str) -> type[Controller]:
    """The model called `name`, or a ValueError naming the choices."""
    try:
        return MODELS[name]
    except KeyError:
        raise ValueError(f"unknown controller {name!r}: choose from {', '.join(MODELS)}") from None
