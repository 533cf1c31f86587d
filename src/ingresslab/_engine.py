"""The engine: load once, build each model once, ask many times.

`Engine` holds one set of manifests, the options every model is built with, one Service
catalogue, and each controller model, built lazily on its first question and kept. Every tool
(route, diff, replay, trace, migrate, the exporters) and every page asks through it. This
module knows which models exist only through the registry (`_controllers.MODELS`); it knows
nothing about how any of them decides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from ._controllers import CONTROLLERS, Controller, Options, model_class
from ._controllers.alb.route import AlbModel
from ._controllers.base import choose
from ._controllers.nginx.route import NginxModel
from ._controllers.spec import SpecModel
from ._http import Request
from ._k8s.manifests import Manifests
from ._result import Resolution
from ._services import ServiceCatalogue

__all__ = ["CONTROLLERS", "Engine", "route", "route_all"]


class Engine:
    """Manifests, options, one Service catalogue and every controller model, each built once.

    Options are those of `Options` (`assume_services`, `any_class`, `rule_quota`,
    `cluster_name`, `ingress_class`, `admission_webhook`), given as keywords or as `options`.

    >>> import ingresslab
    >>> engine = ingresslab.Engine(ingresslab.load("examples/some-ingress.yaml"))
    >>> print(engine.answer("http://my.example.com/some-path", "alb").backend)
    default/service-a:80
    """

    def __init__(
        self, manifests: Manifests, *, options: Options | None = None, **settings: Any
    ) -> None:
        options = options or Options()
        self.options: Options = dataclasses.replace(options, **settings) if settings else options
        #: the manifests as every model reads them (every class removed under `any_class`)
        self.manifests: Manifests = manifests.any_class() if self.options.any_class else manifests
        self._models: dict[str, Controller] = {}
        self._catalogues: dict[str, ServiceCatalogue] = {}

    @cached_property
    def services(self) -> ServiceCatalogue:
        """The one Service catalogue every model reads, under the assume-services policy."""
        return self.catalogue("ClusterIP")

    def catalogue(self, assumed_type: str) -> ServiceCatalogue:
        """The catalogue whose assumed Services (if any) have `assumed_type`: NodePort for a
        question about instance targets. Read Services are the same in every catalogue."""
        found = self._catalogues.get(assumed_type)
        if found is None:
            found = self._catalogues[assumed_type] = ServiceCatalogue(
                self.manifests, assume=self.options.assume_services, assumed_type=assumed_type
            )
        return found

    def model(self, name: str) -> Controller:
        """The model called `name` (spec, alb, nginx), built on first use."""
        found = self._models.get(name)
        if found is None:
            cls = model_class(name)
            # The manifests have any_class applied already: the models must not do it again.
            options = dataclasses.replace(self.options, any_class=False)
            found = self._models[name] = cls(
                self.manifests, options=options, services=self.services
            )
        return found

    @property
    def spec(self) -> SpecModel:
        model = self.model("spec")
        assert isinstance(model, SpecModel)
        return model

    @property
    def alb(self) -> AlbModel:
        model = self.model("alb")
        assert isinstance(model, AlbModel)
        return model

    @property
    def nginx(self) -> NginxModel:
        model = self.model("nginx")
        assert isinstance(model, NginxModel)
        return model

    def resolve(
        self,
        url: str | Request,
        *,
        controllers: Sequence[str] = CONTROLLERS,
        host: str | None = None,
        explain: bool = False,
    ) -> list[Resolution]:
        """Every answer of every model in `controllers`: one per load balancer or proxy the
        request can reach, in each model's order of preference."""
        request = as_request(url, host)
        results: list[Resolution] = []
        for name in controllers:
            results.extend(self.model(name).resolve(request, explain=explain))
        return results

    def answer(
        self,
        url: str | Request,
        controller: str,
        *,
        host: str | None = None,
        explain: bool = False,
    ) -> Resolution:
        """The one answer a caller shows for `controller`: with several load balancers, the one
        DNS would send the Host to (`choose`)."""
        return choose(self.model(controller).resolve(as_request(url, host), explain=explain))


def as_request(url: str | Request, host: str | None = None) -> Request:
    return url if isinstance(url, Request) else Request.from_url(url, host)


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
    """Every model's answers for `url` (`Engine.resolve` on a new engine): one per controller,
    and for ALB one per load balancer the request can reach.

    `any_class=True` simulates every Ingress under each controller, whatever class it names
    (`Manifests.any_class`). A controller that manages none of the Ingresses answers `ignored`.
    To ask many questions, build one `Engine` and ask it: the models are built once.
    """
    engine = Engine(manifests, assume_services=assume_services, any_class=any_class)
    return engine.resolve(url, controllers=controllers, host=host, explain=explain)


def route(
    manifests: Manifests,
    url: str | Request,
    *,
    controller: str = "spec",
    host: str | None = None,
    explain: bool = False,
    any_class: bool = False,
) -> Resolution:
    """Which backend gets `url` under one controller model (`Engine.answer`).

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
    engine = Engine(manifests, any_class=any_class)
    return engine.answer(url, controller, host=host, explain=explain)
