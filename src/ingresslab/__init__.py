"""Ingress Lab: how a request from outside a Kubernetes cluster reaches a pod.

Load manifests, validate them as the API server would, and ask which backend a URL reaches
under the Ingress spec (and, as the project grows, under the AWS Load Balancer Controller's
ALB and under ingress-nginx)::

    import ingresslab
    manifests = ingresslab.load("examples/some-ingress.yaml")
    print(ingresslab.route(manifests, "http://my.example.com/some-path").backend)
"""

from ._errors import FieldError
from ._load import Problem
from ._manifests import Manifests, load, loads
from ._model import Backend, HTTPPath, Ingress, IngressClass, IngressRule, Service, ServicePort
from ._result import Match, Outcome, Request, Resolution, Step
from ._routing import CONTROLLERS, route

__all__ = [
    "CONTROLLERS",
    "Backend",
    "FieldError",
    "HTTPPath",
    "Ingress",
    "IngressClass",
    "IngressRule",
    "Manifests",
    "Match",
    "Outcome",
    "Problem",
    "Request",
    "Resolution",
    "Service",
    "ServicePort",
    "Step",
    "load",
    "loads",
    "route",
]

__version__ = "0.1.0"
