"""Ingress Lab: how a request from outside a Kubernetes cluster reaches a pod.

Load manifests, validate them as the API server would, and ask which backend a URL reaches
under the Ingress spec, under the AWS Load Balancer Controller's ALB, under ingress-nginx, and
(for Gateways and HTTPRoutes) under Gateway API::

    import ingresslab
    engine = ingresslab.Engine(ingresslab.load("examples/some-ingress.yaml"))
    print(engine.answer("http://my.example.com/some-path", "alb").backend)

`Engine` loads once, builds each model once and answers many questions; `route` and
`route_all` are one-question shortcuts. The layout of the package: `_k8s/` reads and
validates manifests as the API server would; `_services.py` is the one catalogue of
Services, endpoints and Pods; `_controllers/` holds the models behind one contract (spec,
ALB, NGINX, Gateway API, each split into what is built and how that routes); `_engine.py`
joins them; `_tools/` are diff, replay, migrate, trace, the exporters and the cluster report;
`_cli.py` renders.
"""

# The package loads lazily (PEP 562): `import ingresslab` and `ingresslab --help` stay fast,
# and each name imports its module on first use. The imports below are for type checkers and
# the API docs; `_EXPORTS` says where each public name lives (a test checks the two agree).
import typing as _typing

if _typing.TYPE_CHECKING:
    from ._annotations import ANNOTATIONS, Annotation
    from ._controllers import CONTROLLERS, Controller, Options
    from ._controllers.alb.build import Listener, LoadBalancer
    from ._controllers.alb.build import Rule as AlbRule
    from ._controllers.alb.route import AlbModel
    from ._controllers.base import ClassDecision
    from ._controllers.gateway.alb import AlbGatewayModel
    from ._controllers.gateway.build import RouteStatus
    from ._controllers.gateway.route import GatewayModel
    from ._controllers.nginx.build import RETIREMENT_NOTE, Location, Rejection, Server
    from ._controllers.nginx.route import NginxModel
    from ._controllers.spec import SpecModel
    from ._engine import Engine, route, route_all
    from ._http import Request
    from ._k8s.errors import FieldError
    from ._k8s.gateway_model import (
        Gateway,
        GatewayClass,
        GatewayListener,
        HTTPRoute,
        ReferenceGrant,
    )
    from ._k8s.load import Problem
    from ._k8s.manifests import Manifests, load, loads
    from ._k8s.model import (
        Backend,
        HTTPPath,
        Ingress,
        IngressClass,
        IngressRule,
        Service,
        ServicePort,
    )
    from ._result import OUTCOME_MEANINGS, Match, Outcome, Resolution, Step
    from ._services import (
        BackendState,
        Cluster,
        Endpoint,
        LoadBalancerKind,
        Node,
        Pod,
        ServiceCatalogue,
        ServiceView,
    )
    from ._tools.diff import Difference, DifferenceGroup, diff, group_differences
    from ._tools.export_alb import export_alb
    from ._tools.export_nginx import render_nginx_conf
    from ._tools.migrate import Migration, migrate
    from ._tools.replay import DIFFERENCE_KINDS, ReplayReport, replay
    from ._tools.report import Report, build_report
    from ._tools.table import Table, answer_text, compare, table
    from ._tools.trace import ARCHITECTURES, Hop, Trace, TraceSettings, spread, trace

_EXPORTS: dict[str, tuple[str, str]] = {
    "ANNOTATIONS": ("._annotations", "ANNOTATIONS"),
    "ARCHITECTURES": ("._tools.trace", "ARCHITECTURES"),
    "AlbModel": ("._controllers.alb.route", "AlbModel"),
    "AlbRule": ("._controllers.alb.build", "Rule"),
    "Annotation": ("._annotations", "Annotation"),
    "Backend": ("._k8s.model", "Backend"),
    "BackendState": ("._services", "BackendState"),
    "CONTROLLERS": ("._controllers", "CONTROLLERS"),
    "ClassDecision": ("._controllers.base", "ClassDecision"),
    "Cluster": ("._services", "Cluster"),
    "Controller": ("._controllers", "Controller"),
    "DIFFERENCE_KINDS": ("._tools.replay", "DIFFERENCE_KINDS"),
    "Difference": ("._tools.diff", "Difference"),
    "DifferenceGroup": ("._tools.diff", "DifferenceGroup"),
    "Endpoint": ("._services", "Endpoint"),
    "Engine": ("._engine", "Engine"),
    "FieldError": ("._k8s.errors", "FieldError"),
    "Gateway": ("._k8s.gateway_model", "Gateway"),
    "GatewayClass": ("._k8s.gateway_model", "GatewayClass"),
    "GatewayListener": ("._k8s.gateway_model", "GatewayListener"),
    "GatewayModel": ("._controllers.gateway.route", "GatewayModel"),
    "AlbGatewayModel": ("._controllers.gateway.alb", "AlbGatewayModel"),
    "HTTPRoute": ("._k8s.gateway_model", "HTTPRoute"),
    "HTTPPath": ("._k8s.model", "HTTPPath"),
    "Hop": ("._tools.trace", "Hop"),
    "Ingress": ("._k8s.model", "Ingress"),
    "IngressClass": ("._k8s.model", "IngressClass"),
    "IngressRule": ("._k8s.model", "IngressRule"),
    "Listener": ("._controllers.alb.build", "Listener"),
    "LoadBalancer": ("._controllers.alb.build", "LoadBalancer"),
    "LoadBalancerKind": ("._services", "LoadBalancerKind"),
    "Location": ("._controllers.nginx.build", "Location"),
    "Manifests": ("._k8s.manifests", "Manifests"),
    "Match": ("._result", "Match"),
    "Migration": ("._tools.migrate", "Migration"),
    "NginxModel": ("._controllers.nginx.route", "NginxModel"),
    "Node": ("._services", "Node"),
    "OUTCOME_MEANINGS": ("._result", "OUTCOME_MEANINGS"),
    "Options": ("._controllers", "Options"),
    "Outcome": ("._result", "Outcome"),
    "Pod": ("._services", "Pod"),
    "Problem": ("._k8s.load", "Problem"),
    "RETIREMENT_NOTE": ("._controllers.nginx.build", "RETIREMENT_NOTE"),
    "ReferenceGrant": ("._k8s.gateway_model", "ReferenceGrant"),
    "Rejection": ("._controllers.nginx.build", "Rejection"),
    "ReplayReport": ("._tools.replay", "ReplayReport"),
    "Report": ("._tools.report", "Report"),
    "Request": ("._http", "Request"),
    "Resolution": ("._result", "Resolution"),
    "RouteStatus": ("._controllers.gateway.build", "RouteStatus"),
    "Server": ("._controllers.nginx.build", "Server"),
    "Service": ("._k8s.model", "Service"),
    "ServiceCatalogue": ("._services", "ServiceCatalogue"),
    "ServicePort": ("._k8s.model", "ServicePort"),
    "ServiceView": ("._services", "ServiceView"),
    "SpecModel": ("._controllers.spec", "SpecModel"),
    "Step": ("._result", "Step"),
    "Trace": ("._tools.trace", "Trace"),
    "Table": ("._tools.table", "Table"),
    "TraceSettings": ("._tools.trace", "TraceSettings"),
    "answer_text": ("._tools.table", "answer_text"),
    "build_report": ("._tools.report", "build_report"),
    "compare": ("._tools.table", "compare"),
    "diff": ("._tools.diff", "diff"),
    "export_alb": ("._tools.export_alb", "export_alb"),
    "group_differences": ("._tools.diff", "group_differences"),
    "load": ("._k8s.manifests", "load"),
    "loads": ("._k8s.manifests", "loads"),
    "migrate": ("._tools.migrate", "migrate"),
    "render_nginx_conf": ("._tools.export_nginx", "render_nginx_conf"),
    "replay": ("._tools.replay", "replay"),
    "route": ("._engine", "route"),
    "route_all": ("._engine", "route_all"),
    "spread": ("._tools.trace", "spread"),
    "table": ("._tools.table", "table"),
    "trace": ("._tools.trace", "trace"),
}

__all__ = [
    "ANNOTATIONS",
    "ARCHITECTURES",
    "CONTROLLERS",
    "DIFFERENCE_KINDS",
    "OUTCOME_MEANINGS",
    "RETIREMENT_NOTE",
    "AlbGatewayModel",
    "AlbModel",
    "AlbRule",
    "Annotation",
    "Backend",
    "BackendState",
    "ClassDecision",
    "Cluster",
    "Controller",
    "Difference",
    "DifferenceGroup",
    "Endpoint",
    "Engine",
    "FieldError",
    "Gateway",
    "GatewayClass",
    "GatewayListener",
    "GatewayModel",
    "HTTPPath",
    "HTTPRoute",
    "Hop",
    "Ingress",
    "IngressClass",
    "IngressRule",
    "Listener",
    "LoadBalancer",
    "LoadBalancerKind",
    "Location",
    "Manifests",
    "Match",
    "Migration",
    "NginxModel",
    "Node",
    "Options",
    "Outcome",
    "Pod",
    "Problem",
    "ReferenceGrant",
    "Rejection",
    "ReplayReport",
    "Report",
    "Request",
    "Resolution",
    "RouteStatus",
    "Server",
    "Service",
    "ServiceCatalogue",
    "ServicePort",
    "ServiceView",
    "SpecModel",
    "Step",
    "Table",
    "Trace",
    "TraceSettings",
    "answer_text",
    "build_report",
    "compare",
    "diff",
    "export_alb",
    "group_differences",
    "load",
    "loads",
    "migrate",
    "render_nginx_conf",
    "replay",
    "route",
    "route_all",
    "spread",
    "table",
    "trace",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> _typing.Any:
    found = _EXPORTS.get(name)
    if found is None:
        raise AttributeError(f"module 'ingresslab' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(found[0], __name__), found[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
