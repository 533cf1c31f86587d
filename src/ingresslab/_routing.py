"""The request-bound entry point: pick a controller model, parse the URL, resolve.

This module knows which models exist; it knows nothing about how any of them decides.
"""

from __future__ import annotations

from ._manifests import Manifests
from ._result import Request, Resolution
from ._spec import SpecModel

__all__ = ["CONTROLLERS", "route"]

CONTROLLERS = ("spec",)


def route(
    manifests: Manifests,
    url: str | Request,
    *,
    controller: str = "spec",
    host: str | None = None,
    explain: bool = False,
) -> Resolution:
    """Which backend gets `url` under one controller model.

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
    request = url if isinstance(url, Request) else Request.from_url(url, host)
    if controller != "spec":
        raise ValueError(f"unknown controller {controller!r}: choose from {', '.join(CONTROLLERS)}")
    return SpecModel(manifests.ingresses).resolve(request, explain=explain)
