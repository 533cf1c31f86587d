"""The annotations the controller models read, what each does there, and where it comes from.

This is the table on the reference page; a test checks it names exactly the annotations the
models' code reads, so neither can drift. It knows nothing about how they are applied.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ANNOTATIONS", "Annotation"]

_ALB = "alb.ingress.kubernetes.io/"
_NGINX = "nginx.ingress.kubernetes.io/"
_LBC_DOCS = "aws-load-balancer-controller v3.5.0, docs/guide/ingress/annotations.md"
_NGINX_DOCS = "ingress-nginx controller-v1.15.1, docs/user-guide/nginx-configuration/annotations.md"


@dataclass(frozen=True, slots=True)
class Annotation:
    name: str  # a `<name>` part stands for a backend Service name
    controller: str  # "alb", "nginx" or "both"
    effect: str  # what the model does with it
    source: str


ANNOTATIONS: tuple[Annotation, ...] = (
    Annotation(
        "kubernetes.io/ingress.class", "both",
        "Picks the controller when present, before spec.ingressClassName (deprecated, still "
        "honoured by both).",
        "kubernetes/website ingress.md (deprecated annotation); both controllers' class loaders",
    ),
    Annotation(
        _ALB + "group.name", "alb",
        "Joins an IngressGroup: the group's Ingresses share one ALB.", _LBC_DOCS,
    ),
    Annotation(
        _ALB + "group.order", "alb",
        "Orders the group's Ingresses (-1000..1000, then namespace/name): earlier Ingresses get "
        "the lower rule priorities.", _LBC_DOCS,
    ),
    Annotation(
        _ALB + "load-balancer-name", "alb",
        "The ALB's name (at most 32 characters); otherwise a generated k8s-... name.", _LBC_DOCS,
    ),
    Annotation(_ALB + "scheme", "alb", "internal (default) or internet-facing.", _LBC_DOCS),
    Annotation(
        _ALB + "target-type", "alb",
        "instance (default: nodePorts) or ip (pod IPs); a Service annotation wins over the "
        "Ingress's.", _LBC_DOCS,
    ),
    Annotation(
        _ALB + "listen-ports", "alb",
        'The listeners, e.g. [{"HTTP": 80}, {"HTTPS": 443}]; default HTTP:80, or HTTPS:443 with '
        "a certificate.", _LBC_DOCS,
    ),
    Annotation(
        _ALB + "certificate-arn", "alb",
        "Certificates for HTTPS listeners; makes HTTPS:443 the default listener.", _LBC_DOCS,
    ),
    Annotation(
        _ALB + "ssl-redirect", "alb",
        "Every HTTP listener answers with a 301 redirect to HTTPS on this port, and gets no "
        "rules.", _LBC_DOCS,
    ),
    Annotation(
        _ALB + "use-regex-path-match", "alb",
        "ImplementationSpecific paths are regular expressions (path-pattern RegexValues).",
        _LBC_DOCS,
    ),
    Annotation(
        _ALB + "actions.<name>", "alb",
        "An action for backends with port name use-annotation: fixed-response, redirect or "
        "forward.", _LBC_DOCS,
    ),
    Annotation(
        _ALB + "conditions.<name>", "alb",
        "Extra rule conditions for that backend: host and path values are added to the rule's "
        "own, other kinds are ANDed.", _LBC_DOCS,
    ),
    Annotation(
        _ALB + "transforms.<name>", "alb",
        "URL and Host rewrites for that backend's rules: the ALB replaces the regex match "
        "before forwarding (the routing decision is not changed).", _LBC_DOCS,
    ),
    Annotation(
        _NGINX + "ssl-redirect", "nginx",
        'Default "true": hosts with TLS redirect plain HTTP with a 308; "false" turns it off for '
        "this Ingress's paths.", _NGINX_DOCS,
    ),
    Annotation(
        _NGINX + "force-ssl-redirect", "nginx",
        "Redirect to HTTPS with a 308 even without a certificate for the host.", _NGINX_DOCS,
    ),
    Annotation(
        _NGINX + "preserve-trailing-slash", "nginx",
        "Keep the URI's trailing slash in the HTTPS redirect.", _NGINX_DOCS,
    ),
    Annotation(
        _NGINX + "use-regex", "nginx",
        "Paths are case-insensitive regular expressions; switches every location of the host "
        "to regex matching, other Ingresses' too.", _NGINX_DOCS,
    ),
    Annotation(
        _NGINX + "rewrite-target", "nginx",
        "Rewrites the URI sent upstream; a target other than the path switches the host to "
        "regex matching like use-regex.", _NGINX_DOCS,
    ),
    Annotation(
        _NGINX + "canary", "nginx",
        "Marks a canary Ingress; canary routing is not modelled: its paths are left out, and "
        "the explanation says so.", _NGINX_DOCS,
    ),
    Annotation(
        _NGINX + "<any>-snippet", "nginx",
        "Configuration snippets: the admission webhook refuses them (allow-snippet-annotations "
        "is false by default).", _NGINX_DOCS,
    ),
)  # fmt: skip
