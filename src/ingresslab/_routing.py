"""The request-bound entry point: pick controller models, parse the URL, resolve.

This module knows which models exist; it knows nothing about how any of them decides.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._alb import AlbModel
from ._manifests import Manifests
from ._nginx import NginxModel
from ._result import Outcome, Request, Resolution
from ._spec import SpecModel

__all__ = ["CONTROLLERS", "route", "route_all"]

#: The models: the Ingress spec itself, the AWS Load Balancer Controller's ALB, ingress-nginx.
CONTROLLERS = ("spec", "alb", "nginx")


def route_all(
    manifests: Manifests,
    url: str | Request,
    *,
    controllers: Sequence[str] = CONTROLLERS,
    host: str | None = None,
    explain: bool = False,
    assume_services: bool | None = None,
    any_class: bool = False,
) -> list[Resolution]:
    """Every model's answer for `url`: one per controller, and for ALB one per load balancer.

    `any_class=True` simulates every Ingress under each controller, whatever class it names
    (`Manifests.any_class`). A controller that manages none of the Ingresses answers `ignored`.
    """
    request = url if isinstance(url, Request) else Request.from_url(url, host)
    if any_class:
        manifests = manifests.any_class()
    results: list[Resolution] = []
    for controller in controllers:
        if controller == "spec":
            results.append(SpecModel(manifests.ingresses).resolve(request, explain=explain))
        elif controller == "alb":
            model = AlbModel(manifests, assume_services=assume_services)
            results.extend(model.resolve(request, explain=explain))
        elif controller == "nginx":
            nginx = NginxModel(manifests, assume_services=assume_services)
            if nginx.ingresses:
                results.append(nginx.resolve(request, explain=explain))
            else:
                results.append(_ignored(request, bool(manifests.ingresses)))
        else:
            raise ValueError(
                f"unknown controller {controller!r}: choose from {', '.join(CONTROLLERS)}"
            )
    return results


def _ignored(request: Request, has_ingresses: bool) -> Resolution:
    why = (
        "no Ingress in the input is managed by the NGINX Ingress Controller (their class names "
        "another controller); simulate them anyway with any_class=True (--any-class)"
        if has_ingresses
        else "the input holds no Ingress"
    )
    return Resolution("nginx", request, Outcome.IGNORED, message=why)


def route(
    manifests: Manifests,
    url: str | Request,
    *,
    controller: str = "spec",
    host: str | None = None,
    explain: bool = False,
    any_class: bool = False,
) -> Resolution:
    """Which backend gets `url` under one controller model.

    With several ALB load balancers, the first one's answer (`route_all` returns each).

    >>> import ingresslab
    >>> m = ingresslab.loads('''
    ... apiVersion: networking.k8s.io/v1
    ... kind: Ingress
    ... metadata: {name: web}
    ... spec:
    ...   rules:
    ...   - http:
    ...       paths:
    ...       - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
    ... ''')
    >>> print(ingresslab.route(m, "http://anything.test/x").backend)
    default/web:80
    """
    results = route_all(
        manifests, url, controllers=(controller,), host=host, explain=explain, any_class=any_class
    )
    return results[0]
