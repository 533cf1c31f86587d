"""Ingress Lab: how a request from outside a Kubernetes cluster reaches a pod.

Load manifests, validate them as the API server would, and ask which backend a URL reaches
under the Ingress spec, under the AWS Load Balancer Controller's ALB, and under ingress-nginx::

    import ingresslab
    manifests = ingresslab.load("examples/some-ingress.yaml")
    print(ingresslab.route(manifests, "http://my.example.com/some-path").backend)
"""

from ._alb import AlbModel, ClassDecision, Listener, LoadBalancer
from ._alb import Rule as AlbRule
from ._annotations import ANNOTATIONS, Annotation
from ._cluster import Cluster, Endpoint, LoadBalancerKind, Node, Pod, ServiceView
from ._diff import Difference, DifferenceGroup, diff, group_differences
from ._errors import FieldError
from ._load import Problem
from ._manifests import Manifests, load, loads
from ._model import Backend, HTTPPath, Ingress, IngressClass, IngressRule, Service, ServicePort
from ._nginx import RETIREMENT_NOTE, Location, NginxModel, Rejection, Server
from ._result import OUTCOME_MEANINGS, Match, Outcome, Request, Resolution, Step
from ._routing import CONTROLLERS, route, route_all
from ._spec import SpecModel
from ._trace import ARCHITECTURES, Hop, Trace, TraceSettings, spread, trace

__all__ = [
    "ANNOTATIONS",
    "ARCHITECTURES",
    "CONTROLLERS",
    "OUTCOME_MEANINGS",
    "RETIREMENT_NOTE",
    "AlbModel",
    "AlbRule",
    "Annotation",
    "Backend",
    "ClassDecision",
    "Cluster",
    "Difference",
    "DifferenceGroup",
    "Endpoint",
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
    "NginxModel",
    "Node",
    "Outcome",
    "Pod",
    "Problem",
    "Rejection",
    "Request",
    "Resolution",
    "Server",
    "Service",
    "ServicePort",
    "ServiceView",
    "SpecModel",
    "Step",
    "Trace",
    "TraceSettings",
    "diff",
    "group_differences",
    "load",
    "loads",
    "route",
    "route_all",
    "spread",
    "trace",
]

__version__ = "0.1.0"
