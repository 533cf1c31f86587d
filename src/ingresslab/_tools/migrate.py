"""Rewrite ingress-nginx Ingresses for the AWS Load Balancer Controller, annotation by annotation.

Every `nginx.ingress.kubernetes.io/*` annotation is accounted for: translated into the ALB
annotation that does the same job, warned about with the nearest alternative, or listed as
irrelevant to an ALB. The ALB side is checked against the controller's annotation guide,
`docs/guide/ingress/annotations.md` of kubernetes-sigs/aws-load-balancer-controller **v3.5.0**
(cited below as "LBC docs#anchor"); the NGINX side against
`docs/user-guide/nginx-configuration/annotations.md` of kubernetes/ingress-nginx
controller-v1.15.1 (the project was retired in March 2026).

What the fleet shared becomes one IngressGroup: the Ingresses behind one ingress-nginx fleet
(one NLB) join one ALB (`group.name`, LBC docs#group.name). `migrate` returns plain values
(rewritten objects and findings) and knows nothing about printing; comparing the result with
the original is `Migration.compare`, which replays requests through both models.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from .._engine import Engine
from .._k8s.manifests import Manifests, loads
from .._k8s.model import Ingress
from .diff import candidate_requests
from .replay import ReplayReport, replay

__all__ = ["ANNOTATIONS", "TARGETS", "Finding", "Migration", "difference_kinds", "migrate"]

#: Where `migrate` rewrites to: the AWS Load Balancer Controller's Ingresses, or Gateway API
#: (`migrate_gateway`).
TARGETS = ("alb", "gateway")

Action = Literal["translated", "warning", "irrelevant"]

_N = "nginx.ingress.kubernetes.io/"
_A = "alb.ingress.kubernetes.io/"
_GATEWAY = "Gateway API's HTTPRoute expresses it directly (see the how-to)"

#: Every ingress-nginx annotation this module knows: what happens to it, and why. Translated
#: ones are rewritten by code below; the text says into what. Sources: LBC docs (v3.5.0).
ANNOTATIONS: dict[str, tuple[Action, str]] = {
    # -- translated ---------------------------------------------------------------------------
    "ssl-redirect": (
        "translated",
        "HTTPS listener plus ssl-redirect: '443' (LBC docs#ssl-redirect); the ALB answers 301, "
        "not ingress-nginx's 308, and the setting is one for the whole IngressGroup",
    ),
    "force-ssl-redirect": (
        "translated",
        "ssl-redirect: '443' with an HTTPS listener (LBC docs#ssl-redirect); the ALB needs an "
        "ACM certificate for the host (certificate discovery by spec.tls hosts, or "
        "certificate-arn)",
    ),
    "backend-protocol": (
        "translated",
        "backend-protocol HTTP|HTTPS, GRPC as backend-protocol-version (LBC "
        "docs#backend-protocol, #backend-protocol-version), health checks over the same "
        "protocol (#healthcheck-protocol); AJP and FCGI have no ALB equivalent",
    ),
    "use-regex": (
        "translated",
        "use-regex-path-match: 'true' and each ImplementationSpecific path written `/^path` "
        "(LBC docs#use-regex-path-match); ALB regexes are case-sensitive, nginx's `~*` was not, "
        "and only this Ingress's ImplementationSpecific paths become regexes",
    ),
    "rewrite-target": (
        "translated",
        "transforms.<service> url-rewrite with the location's regex and the same $n "
        "replacement (LBC docs#transforms), the path as a regex (use-regex-path-match); Ingress "
        "Lab does not simulate transforms, so check the rewritten URL with a real request",
    ),
    "proxy-read-timeout": (
        "translated",
        "load-balancer-attributes idle_timeout.timeout_seconds (LBC "
        "docs#load-balancer-attributes): an idle timeout for the whole load balancer, not a "
        "per-request read timeout; the largest value in the group is used",
    ),
    "proxy-send-timeout": (
        "translated",
        "folded into the load balancer's idle_timeout.timeout_seconds with proxy-read-timeout "
        "(LBC docs#load-balancer-attributes)",
    ),
    "whitelist-source-range": (
        "translated",
        "a source-ip condition on each rule of the Ingress (conditions.<service>, LBC "
        "docs#conditions): other clients fall through to later rules or the 404 default "
        "instead of getting 403; Ingress Lab's requests carry no source IP, so the simulated "
        "rule never matches. inbound-cidrs would restrict the whole shared ALB",
    ),
    "affinity": (
        "translated",
        "cookie affinity as target-group-attributes stickiness.enabled=true,stickiness.type="
        "lb_cookie (LBC docs#target-group-attributes); the cookie is the ALB's AWSALB",
    ),
    "session-cookie-max-age": (
        "translated",
        "stickiness.lb_cookie.duration_seconds (LBC docs#target-group-attributes)",
    ),
    "session-cookie-expires": (
        "translated",
        "stickiness.lb_cookie.duration_seconds when no max-age is set (LBC "
        "docs#target-group-attributes)",
    ),
    "load-balance": (
        "translated",
        "target-group-attributes load_balancing.algorithm.type: round_robin stays, ewma becomes "
        "least_outstanding_requests, the nearest (LBC docs#target-group-attributes)",
    ),
    # -- warned: ALB cannot express it as ingress-nginx did -------------------------------------
    "canary": (
        "warning",
        "canary Ingresses are left out; put both Services in one weighted forward action "
        "(actions.<name>, LBC docs#actions) with an http-header condition for header canaries "
        f"(conditions.<name>, #conditions); {_GATEWAY}",
    ),
    "canary-by-header": ("warning", "an http-header condition (LBC docs#conditions); " + _GATEWAY),
    "canary-by-header-value": (
        "warning",
        "an http-header condition value (LBC docs#conditions); " + _GATEWAY,
    ),
    "canary-by-header-pattern": (
        "warning",
        "an http-header condition with regexValues (LBC docs#conditions); " + _GATEWAY,
    ),
    "canary-by-cookie": (
        "warning",
        "no cookie condition on ALB: nearest is an http-header condition on Cookie with a "
        "wildcard such as `*name=always*` (LBC docs#conditions); " + _GATEWAY,
    ),
    "canary-weight": (
        "warning",
        "weighted forward action across two target groups (actions.<name> forward "
        "targetGroups weights, LBC docs#actions); HTTPRoute backendRefs weights likewise",
    ),
    "canary-weight-total": ("warning", "ALB weights are relative (0-999, LBC docs#actions)"),
    "affinity-canary-behavior": ("warning", "no canary on ALB; see canary"),
    "configuration-snippet": (
        "warning",
        "raw nginx configuration has no ALB equivalent: move it to the application, to "
        "transforms (LBC docs#transforms) or to AWS WAF",
    ),
    "server-snippet": ("warning", "raw nginx configuration has no ALB equivalent"),
    "auth-snippet": ("warning", "raw nginx configuration has no ALB equivalent"),
    "modsecurity-snippet": ("warning", "ModSecurity rules: use AWS WAF (wafv2-acl-arn)"),
    "stream-snippet": ("warning", "TCP/UDP stream configuration: use an NLB Service instead"),
    "auth-url": (
        "warning",
        "external auth per location has no ALB equivalent: the ALB authenticates with OIDC or "
        "Cognito (auth-type, auth-idp-oidc, LBC docs#authentication) or validates JWTs "
        "(jwt-validation); or keep the auth proxy in the request path inside the cluster",
    ),
    "auth-signin": ("warning", "see auth-url: auth-idp-oidc's authorizationEndpoint is nearest"),
    "auth-signin-redirect-param": ("warning", "see auth-url"),
    "auth-method": ("warning", "see auth-url"),
    "auth-response-headers": (
        "warning",
        "the ALB's OIDC action passes x-amzn-oidc-* headers instead (LBC docs#auth-type)",
    ),
    "auth-request-redirect": ("warning", "see auth-url"),
    "auth-cache-key": ("warning", "see auth-url"),
    "auth-cache-duration": ("warning", "see auth-url; auth-session-timeout is nearest"),
    "auth-keepalive": ("warning", "see auth-url"),
    "auth-keepalive-requests": ("warning", "see auth-url"),
    "auth-keepalive-share-vars": ("warning", "see auth-url"),
    "auth-keepalive-timeout": ("warning", "see auth-url"),
    "auth-proxy-set-headers": ("warning", "see auth-url"),
    "auth-always-set-cookie": ("warning", "see auth-url"),
    "enable-global-auth": ("warning", "see auth-url"),
    "auth-type": (
        "warning",
        "basic/digest auth has no ALB equivalent; the ALB's auth-type takes oidc or cognito "
        "(LBC docs#auth-type)",
    ),
    "auth-secret": ("warning", "see auth-type"),
    "auth-secret-type": ("warning", "see auth-type"),
    "auth-realm": ("warning", "see auth-type"),
    "satisfy": ("warning", "see auth-type"),
    "auth-tls-secret": (
        "warning",
        "client certificates: mutual-authentication on the HTTPS listener with a trust store "
        "(LBC docs#mutual-authentication), for the whole listener, not one host",
    ),
    "auth-tls-verify-client": ("warning", "see auth-tls-secret"),
    "auth-tls-verify-depth": ("warning", "see auth-tls-secret"),
    "auth-tls-error-page": ("warning", "see auth-tls-secret"),
    "auth-tls-pass-certificate-to-upstream": (
        "warning",
        "mutual-authentication passthrough mode forwards the certificate in "
        "X-Amzn-Mtls-Clientcert (LBC docs#mutual-authentication)",
    ),
    "auth-tls-match-cn": ("warning", "see auth-tls-secret"),
    "enable-cors": (
        "warning",
        "the ALB adds no CORS headers: answer preflights in the application",
    ),
    "cors-allow-origin": ("warning", "see enable-cors"),
    "cors-allow-methods": ("warning", "see enable-cors"),
    "cors-allow-headers": ("warning", "see enable-cors"),
    "cors-allow-credentials": ("warning", "see enable-cors"),
    "cors-expose-headers": ("warning", "see enable-cors"),
    "cors-max-age": ("warning", "see enable-cors"),
    "limit-rps": ("warning", "rate limits: an AWS WAF rate-based rule (wafv2-acl-arn)"),
    "limit-rpm": ("warning", "see limit-rps"),
    "limit-connections": ("warning", "see limit-rps"),
    "limit-burst-multiplier": ("warning", "see limit-rps"),
    "limit-rate": ("warning", "response bandwidth limits have no ALB equivalent"),
    "limit-rate-after": ("warning", "see limit-rate"),
    "limit-whitelist": ("warning", "a WAF rule's scope-down statement"),
    "denylist-source-range": (
        "warning",
        "ALB conditions cannot negate a source-ip; use an AWS WAF IP set rule",
    ),
    "proxy-body-size": (
        "warning",
        "the ALB sets no request-body limit: enforce it in the application or with an AWS WAF "
        "size-constraint rule",
    ),
    "proxy-connect-timeout": (
        "warning",
        "the ALB's connection timeout to targets is fixed (10 s); nothing to set",
    ),
    "permanent-redirect": (
        "warning",
        "a redirect action (actions.<name> type redirect, StatusCode HTTP_301, LBC "
        "docs#actions) on a use-annotation backend",
    ),
    "permanent-redirect-code": ("warning", "ALB redirects are 301 or 302 only"),
    "temporal-redirect": ("warning", "a redirect action with StatusCode HTTP_302"),
    "temporal-redirect-code": ("warning", "ALB redirects are 301 or 302 only"),
    "app-root": (
        "warning",
        "a redirect action on an Exact `/` path (actions.<name>, LBC docs#actions)",
    ),
    "from-to-www-redirect": ("warning", "a redirect action with a host-header condition"),
    "server-alias": (
        "warning",
        "add the aliases as rules, or as host-header values (conditions.<name>, LBC "
        "docs#conditions)",
    ),
    "default-backend": (
        "warning",
        "the ALB does not fall back to a Service on upstream errors; spec.defaultBackend "
        "becomes the listener default",
    ),
    "custom-http-errors": (
        "warning",
        "the ALB does not intercept upstream errors; fixed-response actions only answer "
        "requests no rule takes",
    ),
    "custom-headers": (
        "warning",
        "response headers: set them in the application (ALB transforms rewrite only URL and Host)",
    ),
    "upstream-vhost": (
        "warning",
        "a host-header-rewrite transform (transforms.<service>, LBC docs#transforms)",
    ),
    "x-forwarded-prefix": ("warning", "no ALB equivalent; pass the prefix in the application"),
    "proxy-redirect-from": ("warning", "Location rewriting has no ALB equivalent"),
    "proxy-redirect-to": ("warning", "see proxy-redirect-from"),
    "proxy-cookie-domain": ("warning", "cookie rewriting has no ALB equivalent"),
    "proxy-cookie-path": ("warning", "see proxy-cookie-domain"),
    "mirror-target": ("warning", "the ALB does not mirror requests"),
    "mirror-host": ("warning", "see mirror-target"),
    "mirror-request-body": ("warning", "see mirror-target"),
    "upstream-hash-by": (
        "warning",
        "no consistent hashing on ALB; stickiness (target-group-attributes) is nearest",
    ),
    "upstream-hash-by-subset": ("warning", "see upstream-hash-by"),
    "upstream-hash-by-subset-size": ("warning", "see upstream-hash-by"),
    "affinity-mode": ("warning", "the ALB's lb_cookie is one mode; no balanced/persistent choice"),
    "session-cookie-name": ("warning", "the ALB's duration-based cookie is always AWSALB"),
    "session-cookie-path": ("warning", "see session-cookie-name"),
    "session-cookie-domain": ("warning", "see session-cookie-name"),
    "session-cookie-samesite": ("warning", "see session-cookie-name"),
    "session-cookie-secure": ("warning", "see session-cookie-name"),
    "session-cookie-conditional-samesite-none": ("warning", "see session-cookie-name"),
    "session-cookie-change-on-failure": ("warning", "see session-cookie-name"),
    "ssl-passthrough": (
        "warning",
        "an ALB always terminates TLS: keep such hosts on an NLB TCP/TLS listener",
    ),
    "ssl-ciphers": (
        "warning",
        "ssl-policy (LBC docs#ssl-policy) for the whole load balancer, from AWS's predefined "
        "policies",
    ),
    "ssl-prefer-server-ciphers": ("warning", "see ssl-ciphers"),
    "proxy-ssl-secret": (
        "warning",
        "the ALB does not verify target certificates; with backend-protocol HTTPS it encrypts only",
    ),
    "proxy-ssl-verify": ("warning", "see proxy-ssl-secret"),
    "proxy-ssl-verify-depth": ("warning", "see proxy-ssl-secret"),
    "proxy-ssl-ciphers": ("warning", "see proxy-ssl-secret"),
    "proxy-ssl-protocols": ("warning", "see proxy-ssl-secret"),
    "proxy-ssl-name": ("warning", "see proxy-ssl-secret"),
    "proxy-ssl-server-name": ("warning", "see proxy-ssl-secret"),
    "enable-modsecurity": ("warning", "a web application firewall: AWS WAF (wafv2-acl-arn)"),
    "enable-owasp-core-rules": ("warning", "AWS WAF's managed core rule set (wafv2-acl-arn)"),
    # -- irrelevant: nginx tuning with nothing to set on an ALB ------------------------------
    "preserve-trailing-slash": (
        "irrelevant",
        "the ALB's redirect keeps the path as sent (LBC docs#ssl-redirect: host, path and query "
        "kept)",
    ),
    "proxy-buffering": ("irrelevant", "nginx buffering; the ALB streams"),
    "proxy-buffer-size": ("irrelevant", "nginx buffering"),
    "proxy-buffers-number": ("irrelevant", "nginx buffering"),
    "proxy-busy-buffers-size": ("irrelevant", "nginx buffering"),
    "proxy-max-temp-file-size": ("irrelevant", "nginx buffering"),
    "proxy-request-buffering": ("irrelevant", "nginx buffering"),
    "client-body-buffer-size": ("irrelevant", "nginx buffering"),
    "proxy-http-version": (
        "irrelevant",
        "the ALB speaks HTTP/1.1 to targets unless backend-protocol-version says otherwise",
    ),
    "connection-proxy-header": ("irrelevant", "hop-by-hop header handling is the ALB's own"),
    "http2-push-preload": ("irrelevant", "HTTP/2 push is gone from browsers and the ALB"),
    "proxy-next-upstream": ("irrelevant", "the ALB does not retry on another target"),
    "proxy-next-upstream-timeout": ("irrelevant", "see proxy-next-upstream"),
    "proxy-next-upstream-tries": ("irrelevant", "see proxy-next-upstream"),
    "service-upstream": (
        "irrelevant",
        "target-type ip registers the pods themselves; instance goes through the nodePort",
    ),
    "enable-access-log": (
        "irrelevant",
        "ALB access logs are one setting per load balancer (load-balancer-attributes "
        "access_logs.s3.enabled)",
    ),
    "enable-rewrite-log": ("irrelevant", "nginx debugging"),
    "enable-opentelemetry": (
        "irrelevant",
        "the ALB adds X-Amzn-Trace-Id; tracing stays in the application",
    ),
    "opentelemetry-trust-incoming-span": ("irrelevant", "see enable-opentelemetry"),
    "modsecurity-transaction-id": ("irrelevant", "ModSecurity is not on the path any more"),
}

_RISKY_PROTOCOLS = {"AJP", "FCGI"}


@dataclass(frozen=True, slots=True)
class Finding:
    """What happened to one annotation (or to the Ingress as a whole when `annotation` is
    None): translated, warned about with the nearest alternative, or irrelevant to ALB."""

    ingress: str
    annotation: str | None
    action: Action
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "ingress": self.ingress,
            "annotation": self.annotation,
            "action": self.action,
            "message": self.message,
        }


@dataclass(slots=True)
class Migration:
    """The rewritten Ingresses, every finding, and the manifests they came from."""

    original: Manifests
    documents: list[dict[str, Any]]
    findings: list[Finding]
    target: str = "alb"
    #: Ingresses not emitted (canaries, Ingresses of another class), with why
    left_out: list[tuple[str, str]] = field(default_factory=list)

    def yaml(self) -> str:
        return yaml.safe_dump_all(self.documents, sort_keys=False, allow_unicode=True)

    def manifests(self) -> Manifests:
        """The rewritten Ingresses with the original's other objects (Services, ...)."""
        others = [o.data for o in self.original.objects if o.kind != "Ingress"]
        return loads(yaml.safe_dump_all([*others, *self.documents], sort_keys=False), "<migrated>")

    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.action == "warning"]

    def compare(
        self,
        lines: Iterable[str] | None = None,
        *,
        format: str = "lines",
        progress: Callable[[int], None] | None = None,
    ) -> ReplayReport:
        """Replay requests through the original under ingress-nginx and the result under ALB.

        Without `lines`, the requests are `diff`'s, generated from the original rules, each
        over http and https."""
        if lines is None:
            lines = _candidate_lines(self.original)
            format = "lines"
        return replay(
            self.original,
            lines,
            source="nginx",
            target=self.target,
            format=format,  # type: ignore[arg-type]
            target_manifests=self.manifests(),
            progress=progress,
        )


def difference_kinds(target: str) -> dict[str, str]:
    """What each difference `Migration.compare` names means, for `target`."""
    if target == "gateway":
        from .migrate_gateway import GATEWAY_DIFFERENCE_KINDS

        return GATEWAY_DIFFERENCE_KINDS
    from .replay import DIFFERENCE_KINDS

    return DIFFERENCE_KINDS


def _candidate_lines(manifests: Manifests) -> list[str]:
    lines = []
    for request in candidate_requests(manifests.any_class()):
        lines.append(f"{request.scheme}://{request.host} {request.path}")
    return lines


def _bool(value: str | None) -> bool | None:
    if value in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if value in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


def _is_canary(ingress: Ingress) -> bool:
    return _bool(ingress.annotations.get(_N + "canary")) is True


def migrate(
    manifests: Manifests,
    target: str = "alb",
    *,
    group: str = "ingress-nginx",
    scheme: str = "internet-facing",
    target_type: str = "ip",
    redirect_code: int = 308,
) -> Migration:
    """Rewrite the Ingresses ingress-nginx manages for the AWS Load Balancer Controller.

    They join one IngressGroup `group` (one ALB, as they shared one NLB), with `scheme`
    (the ALB's default is internal; the NLB in front of ingress-nginx was usually
    internet-facing) and `target_type` (ip registers pods; instance needs NodePort Services).
    With `target="gateway"` they become one Gateway named `group` and its HTTPRoutes
    (`migrate_gateway.migrate_gateway`), whose HTTPS redirects answer `redirect_code` (308 as
    ingress-nginx; 301 for implementations without 308).
    """
    if target == "gateway":
        from .migrate_gateway import migrate_gateway

        return migrate_gateway(manifests, gateway=group, redirect_code=redirect_code)
    if target != "alb":
        raise ValueError(f"unknown migration target {target!r}: choose from {', '.join(TARGETS)}")
    model = Engine(manifests).nginx
    managed = {i.ref for i in model.ingresses} | {r.ingress.ref for r in model.rejections}
    by_ref = {i.ref: i for i in manifests.ingresses}
    objects = [o for o in manifests.objects if o.kind == "Ingress"]
    findings: list[Finding] = []
    left_out: list[tuple[str, str]] = []
    members: list[tuple[Ingress, dict[str, Any]]] = []
    for obj in objects:
        ingress = by_ref.get(f"{obj.namespace}/{obj.name}")
        if ingress is None:
            continue
        if _is_canary(ingress):
            why = (
                "a canary Ingress: ALB has no canary Ingress; its split must move into the "
                "primary Ingress as a weighted forward action or a header condition"
            )
            left_out.append((ingress.ref, why))
            findings.append(Finding(ingress.ref, None, "warning", "left out: " + why))
            findings.extend(_annotation_findings(ingress, skip=frozenset()))
            continue
        if ingress.ref not in managed:
            why = "ingress-nginx does not manage it (its class names another controller)"
            left_out.append((ingress.ref, why))
            findings.append(Finding(ingress.ref, None, "irrelevant", "left out: " + why))
            continue
        members.append((ingress, copy.deepcopy(obj.data)))
    documents = _rewrite_group(members, findings, group, scheme, target_type)
    return Migration(manifests, documents, findings, target, left_out)


def _annotation_findings(ingress: Ingress, skip: frozenset[str]) -> list[Finding]:
    """The catalogue's verdict for every nginx annotation not translated by code."""
    found = []
    for key in sorted(ingress.annotations):
        if not key.startswith(_N) or key in skip:
            continue
        name = key.removeprefix(_N)
        action, text = ANNOTATIONS.get(
            name, ("warning", "not in Ingress Lab's catalogue: not translated, check by hand")
        )
        if action == "translated":
            action = "warning"
            text = "not translated here: " + text
        found.append(Finding(ingress.ref, key, action, text))
    return found


def _rewrite_group(
    members: list[tuple[Ingress, dict[str, Any]]],
    findings: list[Finding],
    group: str,
    scheme: str,
    target_type: str,
) -> list[dict[str, Any]]:
    any_tls = any(ing.has_tls for ing, _ in members)
    idle = max(
        (
            int(ing.annotations[_N + key])
            for ing, _ in members
            for key in ("proxy-read-timeout", "proxy-send-timeout")
            if ing.annotations.get(_N + key, "").isdigit()
        ),
        default=None,
    )
    regex_hosts = {
        rule.host: ing.ref for ing, _ in members if _regex_ingress(ing) for rule in ing.rules
    }
    documents = []
    for ingress, data in members:
        documents.append(
            _rewrite(
                ingress, data, findings, group, scheme, target_type, any_tls, idle, regex_hosts
            )
        )
    if members:
        findings.append(
            Finding(
                "(all)",
                None,
                "warning",
                "the ALB health-checks every target itself: GET / over the backend protocol, "
                "healthy on 200 (LBC docs#healthcheck-path, #success-codes); ingress-nginx "
                "relied on readiness probes only. Set healthcheck-path to each Service's "
                "readiness endpoint",
            )
        )
    return documents


def _regex_ingress(ingress: Ingress) -> bool:
    anns = ingress.annotations
    return _bool(anns.get(_N + "use-regex")) is True or bool(anns.get(_N + "rewrite-target"))


def _rewrite(
    ingress: Ingress,
    data: dict[str, Any],
    findings: list[Finding],
    group: str,
    scheme: str,
    target_type: str,
    any_tls: bool,
    idle: int | None,
    regex_hosts: dict[str | None, str],
) -> dict[str, Any]:
    ref = ingress.ref
    anns = dict(ingress.annotations)
    out: dict[str, str] = {}
    done: set[str] = set()

    def note(key: str | None, action: Action, message: str) -> None:
        findings.append(Finding(ref, key, action, message))

    for key, value in anns.items():
        if not key.startswith(_N) and key != "kubernetes.io/ingress.class":
            out[key] = value
    if "kubernetes.io/ingress.class" in anns:
        done.add("kubernetes.io/ingress.class")
        note("kubernetes.io/ingress.class", "translated", "spec.ingressClassName: alb")
    out[_A + "group.name"] = group
    if not any(rule.host for rule in ingress.rules):
        # ingress-nginx serves host-less rules only to Hosts no rule names (server `_`); on the
        # ALB they would take every Host from the first priority their group order gives them.
        out[_A + "group.order"] = "1000"
        note(
            None,
            "translated",
            "host-less rules: group.order '1000' puts them after every host rule (LBC "
            "docs#group.order); ingress-nginx served them only to Hosts no rule names, the ALB "
            "still gives them every request the host rules miss",
        )
    out[_A + "scheme"] = scheme
    out[_A + "target-type"] = target_type
    note(
        None,
        "translated",
        f"ingressClassName alb; IngressGroup {group} (one ALB for what shared one NLB, LBC "
        f"docs#group.name), scheme {scheme} (the ALB's default is internal, LBC docs#scheme), "
        f"target-type {target_type} (LBC docs#target-type)",
    )
    # TLS and redirects. ingress-nginx redirects HTTP to HTTPS per host when an Ingress gives
    # the host spec.tls (ssl-redirect default true); the ALB's ssl-redirect is per group.
    redirect = _bool(anns.get(_N + "ssl-redirect"))
    force = _bool(anns.get(_N + "force-ssl-redirect")) is True
    if any_tls:
        out[_A + "listen-ports"] = '[{"HTTP": 80}, {"HTTPS": 443}]'
    if (ingress.has_tls and redirect is not False) or force:
        out[_A + "ssl-redirect"] = "443"
        key = _N + ("force-ssl-redirect" if force else "ssl-redirect")
        how = "force-ssl-redirect" if force else "spec.tls and ssl-redirect (default true)"
        note(
            key,
            "translated",
            f"{how}: HTTPS:443 listener and ssl-redirect '443' (LBC docs#ssl-redirect); the ALB "
            "answers 301 where ingress-nginx answered 308, and its HTTP listener then "
            "redirects every host of the IngressGroup, including hosts without TLS",
        )
        done.add(key)
        other = _N + ("ssl-redirect" if force else "force-ssl-redirect")
        if other in anns:
            done.add(other)
            note(other, "translated", f"covered by ssl-redirect '443' ({how})")
    elif redirect is False and any_tls:
        note(
            _N + "ssl-redirect",
            "warning",
            "ssl-redirect false cannot be kept for one Ingress: the ALB's ssl-redirect covers the "
            "whole IngressGroup (LBC docs#ssl-redirect); move this Ingress to its own group to "
            "serve plain HTTP",
        )
        done.add(_N + "ssl-redirect")
    if ingress.has_tls:
        note(
            None,
            "warning",
            "spec.tls secrets are not used by the ALB: it takes ACM certificates, discovered "
            "from the spec.tls hosts or named in certificate-arn (LBC docs#certificate-arn)",
        )
    # Backend protocol.
    protocol = anns.get(_N + "backend-protocol")
    if protocol is not None:
        done.add(_N + "backend-protocol")
        upper = protocol.upper()
        if upper in ("HTTP", "HTTPS", "AUTO_HTTP"):
            proto = "HTTP" if upper == "AUTO_HTTP" else upper
            out[_A + "backend-protocol"] = proto
            out[_A + "healthcheck-protocol"] = proto
            note(
                _N + "backend-protocol",
                "translated",
                f"backend-protocol {proto} and healthcheck-protocol {proto} (LBC "
                "docs#backend-protocol)",
            )
        elif upper in ("GRPC", "GRPCS"):
            proto = "HTTPS" if upper == "GRPCS" else "HTTP"
            out[_A + "backend-protocol"] = proto
            out[_A + "backend-protocol-version"] = "GRPC"
            note(
                _N + "backend-protocol",
                "translated",
                f"backend-protocol {proto} with backend-protocol-version GRPC (LBC "
                "docs#backend-protocol-version); gRPC needs an HTTPS listener",
            )
        else:
            note(
                _N + "backend-protocol",
                "warning",
                f"backend-protocol {protocol}: the ALB speaks HTTP, HTTPS and gRPC only",
            )
    # Timeouts: one idle timeout for the whole load balancer.
    for key in ("proxy-read-timeout", "proxy-send-timeout"):
        if _N + key in anns:
            done.add(_N + key)
            if idle is not None and anns[_N + key].isdigit():
                note(
                    _N + key,
                    "translated",
                    f"idle_timeout.timeout_seconds={idle}: " + ANNOTATIONS[key][1],
                )
            else:
                note(
                    _N + key, "warning", f"{anns[_N + key]!r} is not whole seconds: not translated"
                )
    if idle is not None and any(
        _N + k in anns for k in ("proxy-read-timeout", "proxy-send-timeout")
    ):
        out[_A + "load-balancer-attributes"] = f"idle_timeout.timeout_seconds={idle}"
    # Target group attributes: stickiness and the balancing algorithm.
    tg: list[str] = []
    if anns.get(_N + "affinity") == "cookie":
        done.add(_N + "affinity")
        tg += ["stickiness.enabled=true", "stickiness.type=lb_cookie"]
        note(_N + "affinity", "translated", ANNOTATIONS["affinity"][1])
        for key in ("session-cookie-max-age", "session-cookie-expires"):
            value = anns.get(_N + key, "")
            if not value:
                continue
            done.add(_N + key)
            if value.isdigit() and not any("duration_seconds" in a for a in tg):
                tg.append(f"stickiness.lb_cookie.duration_seconds={value}")
                note(_N + key, "translated", ANNOTATIONS[key][1])
            else:
                note(_N + key, "irrelevant", "already covered by the other cookie lifetime")
    balance = anns.get(_N + "load-balance")
    if balance is not None:
        done.add(_N + "load-balance")
        algorithm = {"round_robin": "round_robin", "ewma": "least_outstanding_requests"}.get(
            balance
        )
        if algorithm is None:
            note(_N + "load-balance", "warning", f"load-balance {balance}: no ALB algorithm")
        else:
            tg.append(f"load_balancing.algorithm.type={algorithm}")
            note(_N + "load-balance", "translated", ANNOTATIONS["load-balance"][1])
    if tg:
        out[_A + "target-group-attributes"] = ",".join(tg)
    # Paths: regexes, rewrites and source ranges.
    spec = data.setdefault("spec", {})
    regex = _regex_ingress(ingress)
    target = anns.get(_N + "rewrite-target")
    transforms: dict[str, list[str]] = {}
    for rule in spec.get("rules") or []:
        for path in (rule.get("http") or {}).get("paths") or []:
            raw = path.get("path") or "/"
            service = ((path.get("backend") or {}).get("service") or {}).get("name")
            if regex and path.get("pathType") == "ImplementationSpecific":
                path["path"] = "/^" + raw
                if target and service:
                    transforms.setdefault(service, []).append("^" + raw)
    if regex:
        out[_A + "use-regex-path-match"] = "true"
        if _N + "use-regex" in anns:
            done.add(_N + "use-regex")
            note(_N + "use-regex", "translated", ANNOTATIONS["use-regex"][1])
    if target:
        done.add(_N + "rewrite-target")
        clashing = [s for s, regexes in transforms.items() if len(set(regexes)) > 1]
        if clashing or not transforms:
            note(
                _N + "rewrite-target",
                "warning",
                "not translated: one transform per Service name (LBC docs#transforms), and "
                + (
                    f"{', '.join(clashing)} sits under several paths"
                    if clashing
                    else "no ImplementationSpecific path to carry the regex"
                ),
            )
        else:
            for service, regexes in transforms.items():
                rewrite = {"regex": regexes[0], "replace": target}
                out[f"{_A}transforms.{service}"] = json.dumps(
                    [{"type": "url-rewrite", "urlRewriteConfig": {"rewrites": [rewrite]}}]
                )
            note(_N + "rewrite-target", "translated", ANNOTATIONS["rewrite-target"][1])
    allow = anns.get(_N + "whitelist-source-range") or anns.get(_N + "allowlist-source-range")
    if allow:
        cidrs = [c.strip() for c in allow.split(",") if c.strip()]
        services = {
            ((p.get("backend") or {}).get("service") or {}).get("name")
            for r in spec.get("rules") or []
            for p in (r.get("http") or {}).get("paths") or []
        }
        for service in sorted(s for s in services if s):
            out[f"{_A}conditions.{service}"] = json.dumps(
                [{"field": "source-ip", "sourceIpConfig": {"values": cidrs}}]
            )
        for key in ("whitelist-source-range", "allowlist-source-range"):
            if _N + key in anns:
                done.add(_N + key)
                note(_N + key, "translated", ANNOTATIONS["whitelist-source-range"][1])
    # ingress-nginx put the whole host into regex mode for another team's Ingress.
    if not regex:
        for rule in ingress.rules:
            owner = regex_hosts.get(rule.host)
            if owner is not None:
                note(
                    None,
                    "warning",
                    f"under ingress-nginx every path of host {rule.host or '*'} was a "
                    f"case-insensitive regex prefix because {owner} uses use-regex or "
                    "rewrite-target (template.go enforceRegexModifier); the ALB matches this "
                    "Ingress's paths exactly as written",
                )
                break
    findings.extend(_annotation_findings(ingress, frozenset(done)))
    metadata = data.setdefault("metadata", {})
    for key in ("creationTimestamp", "uid", "resourceVersion", "generation", "managedFields"):
        metadata.pop(key, None)
    metadata["annotations"] = out
    data.pop("status", None)
    spec["ingressClassName"] = "alb"
    return data
