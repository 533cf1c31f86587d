"""Where the site explains each kind of finding, and what each kind means.

Links are page paths relative to the site root, with an anchor: the renderers put the site's
address in front (`--site-url`). A test checks that each page exists in `docs/` and holds the
anchor.
"""

from __future__ import annotations

__all__ = [
    "ANSWERS_LINK",
    "DEFAULT_SITE_URL",
    "DIFFERENCE_LINKS",
    "GATEWAY_LINK",
    "LEAVING_LINK",
    "REPORT_KINDS",
    "REPORT_LINK",
    "SURPRISE_KINDS",
    "difference_link",
]

#: The published site (Makefile `publish`: INGRESSLAB_SITE_URL's default).
DEFAULT_SITE_URL = "https://ingresslab.github.io/ingresslab/"

_DIFF = "explanation/alb-vs-nginx-differences/"
_MOVE = "how-to/move-off-ingress-nginx/"

#: kind -> (what it is, the page that explains it), in the order findings of equal blast
#: radius are listed.
SURPRISE_KINDS: dict[str, tuple[str, str]] = {
    "elbv2-refusal": (
        "a value the ELBv2 API refuses: the whole IngressGroup stops reconciling",
        "how-to/why-an-ingressgroup-does-not-reconcile/#what-the-elbv2-api-refuses",
    ),
    "alb-reconcile-error": (
        "the AWS Load Balancer Controller cannot build the load balancer",
        "how-to/why-an-ingressgroup-does-not-reconcile/#what-the-controller-does-with-a-mistake",
    ),
    "webhook-refusal": (
        "ingress-nginx's admission webhook denies the Ingress: kubectl apply fails",
        "explanation/how-an-ingress-controller-works/"
        "#the-admission-webhook-saying-no-before-the-object-is-stored",
    ),
    "nginx-ignored": (
        "ingress-nginx's store drops the Ingress: nothing of it is served",
        "how-to/lint-before-you-apply/#what-the-controllers-refuse",
    ),
    "nginx-config-invalid": (
        "nginx -t refuses the rendered configuration: the controller keeps the previous one",
        _DIFF + "#a-configuration-nginx-refuses",
    ),
    "group-takes-paths": (
        "an IngressGroup member takes requests another team's Ingress names",
        _DIFF + "#a-host-less-rule-first",
    ),
    "shadowed-rule": (
        "a rule no request reaches: an earlier rule takes every request it names",
        "how-to/order-rules-in-an-ingressgroup/#3-find-the-shadowed-rules",
    ),
    "regex-mode": (
        "use-regex or rewrite-target on one Ingress makes every path of its host a regex",
        _DIFF + "#one-teams-use-regex-changes-another-teams-paths",
    ),
    "no-ready-endpoints": (
        "a backend Service with no ready endpoint: its requests answer 503",
        "how-to/why-503/#2-no-ready-endpoint",
    ),
    "internal-scheme": (
        "an ALB left on the controller's default scheme, internal: unreachable from the internet",
        "explanation/how-an-ingress-controller-works/#aws-load-balancer-controller-aws-api-calls",
    ),
    "rewrite": (
        "the backend receives another path than the client sent",
        "reference/annotations/",
    ),
}

#: Links for the group-takes-paths cause that is not a host-less rule.
GROUP_ORDER_LINK = _DIFF + "#ingressgroup-order-beats-path-length"
#: An nginx rule shadowed by another: how nginx picks a location.
NGINX_ORDER_LINK = "explanation/how-a-request-is-routed/#ingress-nginx-nginx"

#: Each `DIFFERENCE_KINDS` entry's explanation.
DIFFERENCE_LINKS: dict[str, str] = {
    "ssl-redirect-code": _DIFF
    + "#https-redirects-301-on-every-alb-listener-308-per-tls-host-in-nginx",
    "alb-ssl-redirect-group-wide": _DIFF
    + "#https-redirects-301-on-every-alb-listener-308-per-tls-host-in-nginx",
    "tls-redirect-nginx-only": _DIFF + "#spectls-alone-redirects-under-nginx",
    "trailing-slash-redirect": _DIFF + "#a-trailing-slash-becomes-a-redirect-in-nginx",
    "regex-mode": _DIFF + "#one-teams-use-regex-changes-another-teams-paths",
    "wildcard-depth": _DIFF + "#wildcard-hosts-and-dots",
    "host-less-fallthrough": _DIFF + "#a-host-less-rule-first",
    "rule-order": _DIFF + "#ingressgroup-order-beats-path-length",
    "default-server-healthz": _MOVE + "#5-walk-through-each-difference",
    "no-https-listener": _MOVE + "#5-walk-through-each-difference",
    "unexplained": _MOVE + "#5-walk-through-each-difference",
}

#: Kinds of difference a report names besides `DIFFERENCE_KINDS`: one side cannot serve the
#: rules at all. kind -> what it is.
REPORT_KINDS: dict[str, str] = {
    "alb-instance-needs-nodeport": "the ALB controller cannot build a load balancer from these "
    "rules as written: instance targets (the default) need NodePort Services; `migrate` sets "
    "target-type ip",
    "alb-cannot-build": "the ALB controller cannot build a load balancer from these rules: "
    "every request answers controller-error",
    "nginx-refuses": "ingress-nginx refuses the Ingress (its webhook, or nginx -t): the request "
    "is not served as its rule says",
}
DIFFERENCE_LINKS["alb-instance-needs-nodeport"] = _DIFF + "#instance-targets-need-a-nodeport"
DIFFERENCE_LINKS["alb-cannot-build"] = (
    "how-to/why-an-ingressgroup-does-not-reconcile/#what-the-controller-does-with-a-mistake"
)
DIFFERENCE_LINKS["nginx-refuses"] = _DIFF + "#a-configuration-nginx-refuses"

LEAVING_LINK = _MOVE
GATEWAY_LINK = _MOVE + "#6-where-gateway-api-is-the-better-target"
ANSWERS_LINK = "explanation/how-a-request-is-routed/"
REPORT_LINK = "how-to/check-my-cluster/"


def difference_link(kind: str | None) -> str:
    return DIFFERENCE_LINKS.get(kind or "unexplained", DIFFERENCE_LINKS["unexplained"])
