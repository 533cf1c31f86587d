"""`ingresslab report`: one shareable report on a cluster's Ingresses.

`build_report` reads loaded manifests (a `kubectl get ingress,ingressclass,service,
endpointslice,deployment,pod -A -o yaml` dump, or files) and returns a `Report`, a plain value:
the inventory (Ingresses by class and controller, IngressGroups in member order, the load
balancers each controller builds, hosts and paths, Services and their endpoints), every rule
answered under each model, the differences between ingress-nginx and the ALB grouped by
documented kind, surprises ranked by blast radius, and what leaving ingress-nginx takes.
`render_json`, `render_markdown` and `render_html` print it; none of them decides anything.
"""

from __future__ import annotations

from ._build import COMPARED, build_report, compared_models
from ._data import Report
from ._links import DEFAULT_SITE_URL, SURPRISE_KINDS
from ._render import BLAST_RADIUS, render_html, render_json, render_markdown

__all__ = [
    "BLAST_RADIUS",
    "COMPARED",
    "DEFAULT_SITE_URL",
    "SURPRISE_KINDS",
    "Report",
    "build_report",
    "compared_models",
    "render_html",
    "render_json",
    "render_markdown",
]
