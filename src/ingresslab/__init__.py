"""Ingress Lab: how a request from outside a Kubernetes cluster reaches a pod.

Load manifests, validate them as the API server would, and ask which backend a URL reaches
under the Ingress spec, under the AWS Load Balancer Controller's ALB, and under ingress-nginx::

    import ingresslab
    engine = ingresslab.Engine(ingresslab.load("examples/some-ingress.yaml"))
    print(engine.answer("http://my.example.com/some-path", "alb").backend)

`Engine` loads once, builds each model once and answers many questions; `route` and
`route_all` are one-question shortcuts. The layout of the package: `_k8s/` reads and
validates manifests as the API server would; `_services.py` is the one catalogue of
Services, endpoints and Pods; `_controllers/` holds the models behind one contract (spec,
ALB, NGINX, each split into what the controller builds and how that routes); `_engine.py`
joins them; `_tools/` are diff, replay, migrate, trace and the exporters; `_cli.py` renders.
"""

from ._annotations import ANNOTATIONS, Annotation
from ._controllers import CONTROLLERS, Controller, Options
from ._controllers.alb.build import Listener, LoadBalancer
from ._controllers.alb.build import Rule as AlbRule
from ._controllers.alb.route import AlbModel
from ._controllers.base import ClassDecision
from ._controllers.nginx.build import RETIREMENT_NOTE, Location, Rejection, Server
from ._controllers.nginx.route import NginxModel
from ._controllers.spec import SpecModel
from ._engine import Engine, route, route_all
from ._http import Request
from ._k8s.errors import FieldError
from ._k8s.load import Problem
from ._k8s.manifests import Manifests, load, loads
from ._k8s.model import Backend, HTTPPath, Ingress, IngressClass, IngressRule, Service, ServicePort
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
from ._tools.trace import ARCHITECTURES, Hop, Trace, TraceSettings, spread, trace

__all__ = [
    "ANNOTATIONS",
    "ARCHITECTURES",
    "CONTROLLERS",
    "DIFFERENCE_KINDS",
    "OUTCOME_MEANINGS",
    "RETIREMENT_NOTE",
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
    "HTTPPath",
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
    "Rejection",
    "ReplayReport",
    "Request",
    "Resolution",
    "Server",
    "Service",
    "ServiceCatalogue",
    "ServicePort",
    "ServiceView",
    "SpecModel",
    "Step",
    "Trace",
    "TraceSettings",
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
    "trace",
]

__version__ = "0.1.0"
