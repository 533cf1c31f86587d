"""Rewrite ingress-nginx Ingresses as Gateway API objects: one Gateway and its HTTPRoutes.

The translation starts from what ingress-nginx built, not from the Ingresses one by one: the
NGINX model's servers (one per host, `_` for host-less rules) and their locations already hold
the controller's merge rules (the oldest Ingress wins a duplicate host and path, each host's
fallback `/` comes from the Ingress that created the host, one `use-regex` makes a whole host
a case-insensitive regex prefix, a Prefix path written with a trailing `/` answers 301 without
it, a host with a certificate redirects plain HTTP with 308). Each location becomes one
HTTPRouteRule that answers the same requests the same way wherever Gateway API v1.6.1
(standard channel, kubernetes-sigs/gateway-api `apis/v1/httproute_types.go`) can say it; where
it cannot, a finding says what changes. Canary Ingresses, which the NGINX model leaves out, are
folded into the rules of the location they shadow (weights, header matches).

The objects, each checked against the Gateway API model of this package:

* **One Gateway** for what shared one ingress-nginx fleet (one NLB): a listener per host and
  scheme, `http-<host>` on port 80 and, for a host with a certificate, `https-<host>` on 443
  with the `spec.tls` Secret as certificateRef (a ReferenceGrant in the Secret's namespace
  lets the Gateway read it); `http` without hostname for the host-less rules. Each HTTPRoute
  names its listener by `sectionName`, so with Listener Isolation (the Extended feature
  GatewayHTTPListenerIsolation, GatewaySpec.Listeners) a host's requests meet that host's rules
  only, as they met only its `server` block in nginx. Listeners take routes from the
  namespaces that had Ingresses (a `kubernetes.io/metadata.name` selector), not from all.
* **HTTPRoutes in the Ingresses' namespaces**, one per Ingress and host (and one more for
  plain HTTP when its rules differ there, e.g. the HTTPS redirect): backends stay in their own
  namespace, so no ReferenceGrant is needed for Services. A host whose every location
  redirects plain HTTP gets one redirect route in the Gateway's namespace instead.

`migrate_gateway` returns plain values; `GatewayMigration.compare` replays requests through
the NGINX model on the original and the Gateway API model on the result and names, for every
request whose answer changes, the documented difference behind it (`GATEWAY_DIFFERENCE_KINDS`,
explained on docs/how-to/leave-ingress-nginx-for-gateway-api.md). This module knows nothing
about printing.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml

from .._controllers.nginx.build import Location, Server
from .._engine import Engine
from .._http import normalize_host
from .._k8s.manifests import Manifests, loads
from .._k8s.model import Backend, Ingress
from .._result import Outcome, Resolution
from .migrate import Action, Finding, Migration, _candidate_lines
from .replay import ReplayGroup, ReplayReport, replay
from .report._gateway_api import GATEWAY_API

__all__ = [
    "EXTENDED_FEATURES",
    "GATEWAY_DIFFERENCE_KINDS",
    "GatewayMigration",
    "compare_gateway",
    "migrate_gateway",
]

_N = "nginx.ingress.kubernetes.io/"
_GROUP = "gateway.networking.k8s.io"
_API = f"{_GROUP}/v1"
#: Gateway API's limit on listeners per Gateway (GatewaySpec.Listeners, maxItems).
MAX_LISTENERS = 64
#: no-tls-redirect-locations' default (internal/ingress/controller/config/config.go,
#: controller-v1.15.1): locations under it are never redirected to HTTPS.
_NO_TLS_REDIRECT = "/.well-known/acme-challenge"
# The ingress-nginx annotations whose redirect codes Gateway API's RequestRedirect accepts
# (HTTPRequestRedirectFilter.StatusCode's enum).
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
# Gateway CEL on Exact and PathPrefix values (HTTPPathMatch, apis/v1/httproute_types.go).
_PATH_CHARS = re.compile(r"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$")
_PATH_BANNED = ("//", "/./", "/../", "%2f", "%2F", "#")
# `/prefix(/|$)(.*)` with rewrite-target `/$2`: the documented way to strip a prefix
# (ingress-nginx docs, examples/rewrite), which ReplacePrefixMatch says portably.
_STRIP_PATH = re.compile(r"^(/[A-Za-z0-9._~\-/]*?)\(/\|\$\)\(\.\*\)$")
_STRIP_TARGET = re.compile(r"^(/(?:[A-Za-z0-9._~\-]+/)*)\$2$")

#: The Extended features of Gateway API v1.6.1 (pkg/features) a translation may need, and what
#: needs them; an implementation's conformance report says which it supports.
EXTENDED_FEATURES: dict[str, str] = {
    "HTTPRouteSchemeRedirect": "the HTTPS redirect (RequestRedirect scheme https)",
    "HTTPRoute308RedirectStatusCode": "redirects with 308, ingress-nginx's HTTPS redirect code",
    "HTTPRoutePathRedirect": "redirects to a fixed path (trailing `/`, permanent-redirect, "
    "temporal-redirect, app-root)",
    "HTTPRoutePathRewrite": "rewrite-target as URLRewrite",
    "GatewayHTTPListenerIsolation": "every host meeting only its own rules",
}

#: The differences `GatewayMigration.compare` names, each explained on
#: docs/how-to/leave-ingress-nginx-for-gateway-api.md.
GATEWAY_DIFFERENCE_KINDS: dict[str, str] = {
    "wildcard-depth": "`*.example.com` covers one label in nginx, any number in Gateway API",
    "host-less-fills-gaps": "nginx keeps a request in the server its Host selects; a route "
    "without hostnames on the same listener takes what that host's rules miss",
    "regex-mode": "nginx matched the path as a case-insensitive regex prefix because some "
    "Ingress on the host asked for regexes; the route matches it as written",
    "capture-group-rewrite": "nginx rewrote the path with capture groups; the backend now "
    "receives another path",
    "duplicate-split": "two Ingresses with one host and path: nginx serves the oldest, the "
    "route splits traffic between both backends",
    "default-backend": "spec.defaultBackend: nginx used it only on the hosts that Ingress "
    "created (or on `_`); the routes use it elsewhere, or not at all",
    "trailing-slash-redirect": "nginx answers 301 to `/p` when only `/p/` is configured; a "
    "PathPrefix `/p/` takes `/p` itself",
    "ssl-redirect": "one side redirects plain HTTP to HTTPS, the other serves it",
    "redirect-code": "both redirect, with different status codes",
    "https-default-certificate": "nginx answers HTTPS for every host, with its self-signed "
    "default certificate where no spec.tls names one; the Gateway has HTTPS listeners only "
    "for hosts with a certificate",
    "default-server-healthz": "nginx's default server answers /healthz itself (200) for Hosts "
    "no rule names",
    "not-in-nginx-model": "the NGINX model does not simulate this annotation (canary, app-root, "
    "permanent-redirect, temporal-redirect); ingress-nginx did what the route does",
    "invalid-backend": "the backend is missing: ingress-nginx answered 503, Gateway API 500",
    "unexplained": "no documented difference names this change",
}

# What a rule was made for (its origin); `compare` reads it to name a difference.
_NOT_MODELLED = frozenset({"app-root", "permanent-redirect", "temporal-redirect", "canary"})


# ------------------------------------------------------------------------------------------------
# The result


@dataclass(slots=True)
class GatewayMigration(Migration):
    """The Gateway API objects, every finding, and the manifests they came from. `origins`
    maps (HTTPRoute `namespace/name`, rule index) to why the rule exists (`location`,
    `ssl-redirect`, `trailing-slash`, `default-backend`, `regex-mode`, `canary`, ...)."""

    origins: dict[tuple[str, int], str] = field(default_factory=dict)

    def compare(
        self,
        lines: Iterable[str] | None = None,
        *,
        format: str = "lines",
        progress: Callable[[int], None] | None = None,
    ) -> ReplayReport:
        """Replay requests through the original under ingress-nginx and the result under the
        Gateway API model, and name the difference behind each change.

        Without `lines`, the requests are generated from the original rules (`diff`'s), over
        http and, for hosts with TLS, https. A group the two models answer with the same
        backend still counts as changed (`changed-backend`) when the backend receives another
        path (a rewrite) or only a share of the requests (a weighted split)."""
        return _compare(self, lines, format, progress)

    def compare_with(
        self,
        documents: Iterable[Mapping[str, Any]],
        lines: Iterable[str] | None = None,
        *,
        format: str = "lines",
    ) -> ReplayReport:
        """Compare other Gateway API objects (another tool's output, or this one edited by
        hand) with the same original, each change named as `compare` names it."""
        text = yaml.safe_dump_all([dict(d) for d in documents], sort_keys=False)
        return compare_gateway(self.original, loads(text, "<compared>"), lines, format=format)


def compare_gateway(
    original: Manifests,
    translated: Manifests,
    lines: Iterable[str] | None = None,
    *,
    format: str = "lines",
) -> ReplayReport:
    """Compare any Gateway API objects (`translated`, e.g. another tool's output) with the
    Ingresses they replace: the original under ingress-nginx, `translated` under the Gateway
    API model, every change named as `GatewayMigration.compare` names it."""
    kinds = ("GatewayClass", "Gateway", "HTTPRoute", "ReferenceGrant")
    documents = [o.data for o in translated.objects if o.kind in kinds]
    return _compare(GatewayMigration(original, documents, [], "gateway"), lines, format, None)


def _compare(
    migration: GatewayMigration,
    lines: Iterable[str] | None,
    format: str,
    progress: Callable[[int], None] | None,
) -> ReplayReport:
    if lines is None:
        lines = _candidate_lines(migration.original)
        format = "lines"
    translated = migration.manifests()
    # Each Ingress under the class it names: those ingress-nginx did not serve are left out of
    # the translation, so the NGINX side must not serve them either.
    report = replay(
        migration.original,
        lines,
        source="nginx",
        target="gateway",
        format=format,  # type: ignore[arg-type]
        target_manifests=translated,
        any_class=False,
        progress=progress,
    )
    return _explain(report, translated, migration.origins)


# ------------------------------------------------------------------------------------------------
# Translating


@dataclass(slots=True)
class _Rule:
    """One HTTPRouteRule being written, with why it exists."""

    data: dict[str, Any]
    origin: str


@dataclass(slots=True)
class _Route:
    namespace: str
    name: str
    hostnames: list[str]
    sections: list[str]
    rules: list[_Rule] = field(default_factory=list)
    #: the Ingress it comes from (None: the Gateway's own redirect route)
    ingress: str | None = None


@dataclass(slots=True)
class _Canary:
    ingress: Ingress
    backend: dict[str, Any]
    weight: int
    total: int
    header: str | None
    header_value: str | None
    header_pattern: str | None


class _Translator:
    def __init__(
        self,
        manifests: Manifests,
        gateway: str,
        namespace: str,
        gateway_class: str,
        redirect_code: int,
    ) -> None:
        self.manifests = manifests
        self.gateway = gateway
        self.namespace = namespace
        self.gateway_class = gateway_class
        self.redirect_code = redirect_code
        self.findings: list[Finding] = []
        self.left_out: list[tuple[str, str]] = []
        self.routes: dict[tuple[str, str], _Route] = {}
        self.listeners: dict[str, dict[str, Any]] = {}
        #: listener name -> namespaces of the routes attached to it
        self.attached: dict[str, set[str]] = {}
        #: namespace -> Secrets the Gateway reads there
        self.secrets: dict[str, set[str]] = {}
        self.features: set[str] = set()
        self.by_ref = {i.ref: i for i in manifests.ingresses}
        self.tls_secrets = {
            f"{o.namespace or 'default'}/{o.name}": (o.data.get("spec") or {}).get("tls") or []
            for o in manifests.objects
            if o.kind == "Ingress"
        }
        self.done: dict[str, set[str]] = {}
        self.canaries: dict[tuple[str, str, str], list[_Canary]] = {}
        self.used_canaries: set[str] = set()

    # -- findings ---------------------------------------------------------------------------

    def note(self, ingress: str, key: str | None, action: Action, message: str) -> None:
        self.findings.append(Finding(ingress, key, action, message))
        if key is not None:
            self.done.setdefault(ingress, set()).add(key)

    def once(self, ingress: str, key: str | None, action: Action, message: str) -> None:
        finding = Finding(ingress, key, action, message)
        if finding not in self.findings:
            self.note(ingress, key, action, message)

    # -- the objects ------------------------------------------------------------------------

    def listener(self, host: str | None, scheme: str) -> str:
        name = "http" if host is None else f"{scheme}-{host.replace('*', 'wildcard')}"
        if name in self.listeners:
            return name
        listener: dict[str, Any] = {
            "name": name,
            "port": 443 if scheme == "https" else 80,
            "protocol": "HTTPS" if scheme == "https" else "HTTP",
        }
        if host is not None:
            listener["hostname"] = host
        if scheme == "https" and host is not None:
            listener["tls"] = {"mode": "Terminate", "certificateRefs": [self.certificate(host)]}
        self.listeners[name] = listener
        self.attached[name] = set()
        return name

    def certificate(self, host: str) -> dict[str, Any]:
        """The Secret ingress-nginx served for `host`: the first spec.tls entry naming it (or a
        wildcard over it), of the Ingresses with a rule for the host, oldest first."""
        owners = [i for i in self._ordered() if any(r.host == host for r in i.rules)]
        for ingress in owners:
            for entry in self.tls_secrets.get(ingress.ref, []):
                hosts = entry.get("hosts") or []
                if entry.get("secretName") and any(_covers(h, host) for h in hosts):
                    self.once(
                        ingress.ref,
                        None,
                        "translated",
                        f"{host}: listener https-{host.replace('*', 'wildcard')} on port 443 "
                        f"terminates TLS with Secret {ingress.namespace}/{entry['secretName']} "
                        "(certificateRefs; a ReferenceGrant lets the Gateway read it)",
                    )
                    return self.secret(ingress, entry["secretName"])
        for ingress in owners:
            for entry in self.tls_secrets.get(ingress.ref, []):
                if entry.get("secretName"):
                    self.once(
                        ingress.ref,
                        None,
                        "warning",
                        f"no spec.tls entry names host {host}: ingress-nginx served its "
                        "self-signed default certificate there; the listener takes "
                        f"{entry['secretName']}, the Ingress's first Secret: check it covers "
                        "the host",
                    )
                    return self.secret(ingress, entry["secretName"])
        ref = owners[0].ref if owners else "(all)"
        name = f"{host.replace('*', 'wildcard')}-tls"
        self.once(
            ref,
            None,
            "warning",
            f"spec.tls names no Secret for host {host}: ingress-nginx served its self-signed "
            f"default certificate; the listener names Secret {name} in namespace "
            f"{self.namespace}, which you must create",
        )
        return {"kind": "Secret", "name": name}

    def secret(self, ingress: Ingress, name: str) -> dict[str, Any]:
        if ingress.namespace == self.namespace:
            return {"kind": "Secret", "name": name}
        self.secrets.setdefault(ingress.namespace, set()).add(name)
        return {"kind": "Secret", "name": name, "namespace": ingress.namespace}

    def route(self, ingress: Ingress | None, host: str | None, http_only: bool) -> _Route:
        """The route of `ingress` on `host`, for HTTPS and HTTP alike or (`http_only`) for the
        plain-HTTP side of a host whose answers differ there."""
        if ingress is None:
            namespace = self.namespace
            base = f"{(host or 'any-host').replace('*', 'wildcard')}-https-redirect"
        else:
            namespace = ingress.namespace
            hosts = {r.host for r in ingress.rules} or {None}
            base = ingress.name
            if len(hosts) > 1:
                base += "-" + (host or "any-host").replace("*", "wildcard")
            if http_only:
                base += "-http"
        key = (namespace, base)
        found = self.routes.get(key)
        if found is None:
            found = self.routes[key] = _Route(
                namespace, base, [host] if host else [], [], [], ingress.ref if ingress else None
            )
        return found

    def attach(self, route: _Route, section: str) -> None:
        if section not in route.sections:
            route.sections.append(section)
        self.attached[section].add(route.namespace)

    def _ordered(self) -> list[Ingress]:
        return sorted(self.manifests.ingresses, key=lambda i: (i.creation_timestamp or "~", i.ref))

    # -- backends ---------------------------------------------------------------------------

    def backend_ref(self, backend: Backend, ingress: str) -> dict[str, Any] | None:
        port = backend.port
        if isinstance(port, str):
            service = self.manifests.service(backend.namespace, backend.service)
            number = next(
                (p.port for p in (service.ports if service else ()) if p.name == port), None
            )
            if number is None:
                self.once(
                    ingress,
                    None,
                    "warning",
                    f"Service {backend.namespace}/{backend.service} port {port!r}: a backendRef "
                    "needs the port number and the input has no such named port; the rule has "
                    "no backend (Gateway API answers 500) until you write the number",
                )
                return None
            port = number
        return {"name": backend.service, "port": port}

    # -- matches ----------------------------------------------------------------------------

    def path_match(self, kind: str, value: str, ingress: str) -> dict[str, Any]:
        """An Exact or PathPrefix match, or its regex twin when Gateway's CEL refuses the value
        (ImplementationSpecific paths pass ingress-nginx's webhook with any characters)."""
        if _valid_path(value):
            return {"type": kind, "value": value}
        escaped = re.escape(value)
        if kind == "PathPrefix":
            escaped += ".*" if value.endswith("/") else "(/.*)?"
        self.once(
            ingress,
            None,
            "warning",
            f"path {value!r} is refused by Gateway API as an {kind} value (HTTPPathMatch: no "
            "`//`, `/./`, `/../`, `%2f`, `#`, only URL path characters): written as the "
            "RegularExpression "
            f"{escaped!r}, whose support is implementation-specific",
        )
        return {"type": "RegularExpression", "value": escaped}

    def location_match(self, server: Server, loc: Location) -> tuple[dict[str, Any], str]:
        """The path match for a location, and the rule's origin."""
        ingress = loc.ingress or "(all)"
        path = loc.ingress_path
        if server.enforce_regex:
            # nginx.tmpl writes `location ~* "^<path>"`: a case-insensitive regex searched
            # from the start of the URI, i.e. a prefix (template.go buildLocation).
            own = loc.use_regex or (loc.rewrite_target not in (None, loc.ingress_path))
            if not own and loc.source == "rule":
                self.once(
                    ingress,
                    None,
                    "warning",
                    f"{server.hostname}: another Ingress's use-regex or rewrite-target made "
                    "ingress-nginx match every path of the host as a case-insensitive regex "
                    f"prefix (enforceRegexModifier), {loc.declared_type} {path} included; "
                    f"kept as the RegularExpression (?i){path}.* so that nothing changes. "
                    f"Write {'Exact' if loc.declared_type == 'Exact' else 'PathPrefix'} "
                    f"{path} for what the Ingress says, once no client relies on the regex",
                )
                return (
                    {"type": "RegularExpression", "value": f"(?i){path}.*"},
                    "regex-mode",
                )
            return {"type": "RegularExpression", "value": f"(?i){path}.*"}, "location"
        if loc.modifier == "=":
            return self.path_match("Exact", path, ingress), "location"
        return self.path_match("PathPrefix", path, ingress), "location"

    # -- the translation --------------------------------------------------------------------

    def run(self, engine: Engine) -> None:
        nginx = engine.nginx
        decisions = {d.ingress: d for d in nginx.decisions}
        managed = {i.ref for i in nginx.ingresses}
        rejected = {r.ingress.ref: r for r in nginx.rejections}
        for ingress in self.manifests.ingresses:
            decision = decisions.get(ingress.ref)
            if _flag(ingress, "canary") and decision is not None and decision.managed:
                self.add_canary(ingress)
            elif ingress.ref in rejected:
                why = (
                    "ingress-nginx never served it: "
                    + ("its admission webhook denied it: " if rejected[ingress.ref].by_webhook
                       else "its store ignored it: ")
                    + rejected[ingress.ref].message
                )  # fmt: skip
                self.left_out.append((ingress.ref, why))
                self.note(ingress.ref, None, "warning", "left out: " + why)
            elif ingress.ref not in managed:
                why = "ingress-nginx does not manage it (its class names another controller)"
                self.left_out.append((ingress.ref, why))
                self.note(ingress.ref, None, "irrelevant", "left out: " + why)
        if nginx.error is not None:
            self.note(
                "(all)",
                None,
                "warning",
                "ingress-nginx refuses this configuration (" + nginx.error + "): it kept "
                "serving its previous one, which the input does not show; the routes follow "
                "the Ingresses as written",
            )
        for server in nginx.servers:
            self.server(server)
        for canaries in self.canaries.values():
            for canary in canaries:
                if canary.ingress.ref not in self.used_canaries:
                    self.once(
                        canary.ingress.ref,
                        _N + "canary",
                        "warning",
                        "no main Ingress has this host and path: ingress-nginx ignored the "
                        "canary, and so do the routes",
                    )
        for ingress in self.manifests.ingresses:
            if ingress.ref in managed or (
                _flag(ingress, "canary") and ingress.ref in self.used_canaries
            ):
                self.annotations(ingress)

    def add_canary(self, ingress: Ingress) -> None:
        anns = ingress.annotations
        total = _int(anns.get(_N + "canary-weight-total"), 100)
        weight = min(_int(anns.get(_N + "canary-weight"), 0), total)
        for rule in ingress.rules:
            for path in rule.paths:
                if path.backend is None:
                    continue
                ref = self.backend_ref(path.backend, ingress.ref)
                if ref is None:
                    continue
                key = (rule.host or "_", path.path or "/", _nginx_type(path.path_type))
                self.canaries.setdefault(key, []).append(
                    _Canary(
                        ingress,
                        ref,
                        weight,
                        total,
                        anns.get(_N + "canary-by-header"),
                        anns.get(_N + "canary-by-header-value"),
                        anns.get(_N + "canary-by-header-pattern"),
                    )
                )

    def server(self, server: Server) -> None:
        host = None if server.is_default else server.hostname
        secure = server.tls and host is not None
        creator = self.by_ref.get(server.ingress or "")
        locations = [
            loc
            for loc in server.locations
            if not loc.exact_copy and loc.source not in ("health", "status", "controller")
        ]
        # nginx's auto_redirect: `/p` answers 301 to `/p/` when a location is named `/p/`
        # and none `/p` (ngx_http_core_find_static_location, nginx 1.27.1); not in regex mode.
        paths = {loc.path for loc in server.locations}
        slash = [
            loc
            for loc in server.locations
            if not server.enforce_regex
            and not loc.exact_copy
            and loc.path.endswith("/")
            and loc.path != "/"
            and loc.path[:-1] not in paths
            and loc.source == "rule"
        ]
        # A host whose every location (its fallback `/` included) redirects plain HTTP gets
        # one redirect route; otherwise each route says, rule by rule, what HTTP gets.
        redirects_all = secure and all(
            self.redirects(server, loc)
            for loc in server.locations
            if not loc.exact_copy and loc.source not in ("health", "status")
        )
        plain_extra: list[_Rule] = []
        for loc in locations:
            owner = self.by_ref.get(loc.ingress or "")
            if owner is None:
                continue
            rules, match = self.rules(server, loc, owner)
            if not rules:
                continue
            route = self.route(owner, host, http_only=False)
            if not secure:
                if self.redirects(server, loc):  # force-ssl-redirect without a certificate
                    first = [r for r in rules if r.origin == "app-root"]
                    route.rules += [*first, self.ssl_redirect([{"path": match}])]
                    self.once(
                        owner.ref,
                        None,
                        "warning",
                        f"force-ssl-redirect on {host or 'host-less rules'}, which no spec.tls "
                        "gives a certificate: the redirect is kept, but the Gateway has no "
                        "HTTPS listener for the host to take the redirected request",
                    )
                else:
                    route.rules += rules
                self.attach(route, self.listener(host, "http"))
                continue
            route.rules += rules
            self.attach(route, self.listener(host, "https"))
            first = [r for r in rules if r.origin == "app-root"]
            if redirects_all:
                plain_extra += first
            elif self.redirects(server, loc):
                http = self.route(owner, host, http_only=True)
                http.rules += [*first, self.ssl_redirect([{"path": match}])]
                self.attach(http, self.listener(host, "http"))
            else:
                self.attach(route, self.listener(host, "http"))
        for loc in slash:
            owner = self.by_ref.get(loc.ingress or "")
            if owner is None:
                continue
            rule = _Rule(
                {
                    "matches": [{"path": {"type": "Exact", "value": loc.path[:-1]}}],
                    "filters": [_redirect(path=loc.path, code=301)],
                },
                "trailing-slash",
            )
            self.features.add("HTTPRoutePathRedirect")
            self.route(owner, host, http_only=False).rules.append(rule)
            if redirects_all:
                plain_extra.append(rule)
            elif secure and self.redirects(server, loc):
                self.route(owner, host, http_only=True).rules.append(rule)
            self.once(
                owner.ref,
                None,
                "translated",
                f"{host or '*'} {loc.path}: ingress-nginx answers {loc.path[:-1]} with 301 to "
                f"{loc.path} (nginx's auto_redirect); an Exact {loc.path[:-1]} rule redirects "
                "the same way, since a PathPrefix ignores a trailing `/`",
            )
        if redirects_all:
            redirect = self.route(None, host, http_only=True)
            redirect.rules += [*plain_extra, self.ssl_redirect([{"path": dict(_ROOT)}])]
            self.attach(redirect, self.listener(host, "http"))
            if creator is not None:
                self.once(
                    creator.ref,
                    None,
                    "translated",
                    f"{host}: plain HTTP is redirected to HTTPS with {self.redirect_code} by "
                    f"route {self.namespace}/{redirect.name}, as ingress-nginx redirected a "
                    "host with a certificate (ssl-redirect, default true)",
                )
        if host is not None and host.startswith("*.") and creator is not None:
            self.once(
                creator.ref,
                None,
                "warning",
                f"{host}: ingress-nginx's wildcard took exactly one label (a server_name "
                f"regex); a Gateway API hostname takes any number, so a.b{host[1:]} now "
                "reaches these rules instead of the host-less ones",
            )
        if host is None and locations and creator is not None:
            self.once(
                creator.ref,
                None,
                "translated",
                "host-less rules: a route without hostnames on listener http (no hostname), "
                "which takes the Hosts no other listener names, as server `_` did; HTTPS "
                "requests for such Hosts find no listener (ingress-nginx answered them with its "
                "self-signed default certificate)",
            )

    def redirects(self, server: Server, loc: Location) -> bool:
        """Whether ingress-nginx redirects plain HTTP for this location (lua_ingress.lua's
        ssl redirect: force-ssl-redirect, or ssl-redirect and a certificate for the host)."""
        if loc.path.startswith(_NO_TLS_REDIRECT):
            return False
        owner = self.by_ref.get(loc.ingress or "")
        if owner is not None and _redirect_annotation(owner) is not None:
            return False  # its own `return` answers first
        # the certificate is the Host's: server `_` has only the default one
        return loc.force_ssl_redirect or (loc.ssl_redirect and server.tls and not server.is_default)

    def ssl_redirect(self, matches: list[dict[str, Any]]) -> _Rule:
        self.features.add("HTTPRouteSchemeRedirect")
        if self.redirect_code == 308:
            self.features.add("HTTPRoute308RedirectStatusCode")
        return _Rule(
            {
                "matches": [dict(m) for m in matches],
                "filters": [
                    {
                        "type": "RequestRedirect",
                        "requestRedirect": {"scheme": "https", "statusCode": self.redirect_code},
                    }
                ],
            },
            "ssl-redirect",
        )

    def rules(
        self, server: Server, loc: Location, owner: Ingress
    ) -> tuple[list[_Rule], dict[str, Any]]:
        """The rules one location becomes (its own, its canaries' and app-root's before it),
        and its path match."""
        match, origin = self.location_match(server, loc)
        if loc.source == "default-backend":
            origin = "default-backend"
        filters: list[dict[str, Any]] = []
        redirect = _redirect_annotation(owner)
        if redirect is not None:
            return [self.annotation_redirect(owner, match, redirect)], match
        target = loc.rewrite_target
        if target is not None and target != loc.path and loc.source == "rule":
            match, filters, origin = self.rewrite(server, loc, owner, match, origin)
        if loc.backend is None:
            return [], match
        ref = self.backend_ref(loc.backend, owner.ref)
        main: dict[str, Any] = {"matches": [{"path": match}]}
        if filters:
            main["filters"] = filters
        main["backendRefs"] = [ref] if ref is not None else []
        rules = [_Rule(main, origin)]
        key = (server.hostname, loc.ingress_path, _nginx_type(loc.declared_type))
        canaries = self.canaries.get(key, []) if loc.source == "rule" else []
        for canary in canaries[:1]:  # nginx takes one canary per location
            self.used_canaries.add(canary.ingress.ref)
            rules = self.canary(canary, match, filters, main, ref, origin) + rules
            if len(main["backendRefs"]) > 1:
                rules[-1].origin = "canary"  # the weighted split is the canary's
        for extra in canaries[1:]:
            self.once(
                extra.ingress.ref,
                _N + "canary",
                "warning",
                f"{canaries[0].ingress.ref} is already the canary of {owner.ref} "
                f"{loc.ingress_path}: ingress-nginx takes one canary per location",
            )
        app_root = owner.annotations.get(_N + "app-root")
        if app_root and loc.ingress_path == "/" and loc.source == "rule":
            self.features.add("HTTPRoutePathRedirect")
            rules.insert(
                0,
                _Rule(
                    {
                        "matches": [{"path": {"type": "Exact", "value": "/"}}],
                        "filters": [_redirect(path=app_root, code=302)],
                    },
                    "app-root",
                ),
            )
            self.once(
                owner.ref,
                _N + "app-root",
                "translated",
                f"an Exact / rule that redirects with 302 to {app_root} (RequestRedirect path "
                "ReplaceFullPath, the Extended feature HTTPRoutePathRedirect); ingress-nginx "
                "dropped the query string, Gateway API keeps it",
            )
        return rules, match

    def canary(
        self,
        canary: _Canary,
        match: dict[str, Any],
        filters: list[dict[str, Any]],
        main: dict[str, Any],
        ref: dict[str, Any] | None,
        origin: str,
    ) -> list[_Rule]:
        """The canary's rules: its header matches first (ingress-nginx checks the header, then
        the cookie, then the weight: annotations/canary, balancer.lua), its weight as a split
        of the main rule's backends."""
        ingress = canary.ingress
        rules: list[_Rule] = []

        def rule(headers: list[dict[str, Any]], backends: list[dict[str, Any]]) -> _Rule:
            data: dict[str, Any] = {"matches": [{"path": dict(match), "headers": headers}]}
            if filters:
                data["filters"] = [dict(f) for f in filters]
            data["backendRefs"] = backends
            return _Rule(data, "canary")

        header = canary.header
        if header and canary.header_pattern and not canary.header_value:
            rules.append(
                rule(
                    [{"type": "RegularExpression", "name": header, "value": canary.header_pattern}],
                    [canary.backend],
                )
            )
            self.once(
                ingress.ref,
                _N + "canary-by-header-pattern",
                "warning",
                "a RegularExpression header match, whose dialect is implementation-specific "
                "(HTTPHeaderMatch); ingress-nginx read it as a Go regular expression",
            )
        elif header:
            value = canary.header_value or "always"
            rules.append(rule([{"name": header, "value": value}], [canary.backend]))
            if not canary.header_value and canary.weight and ref is not None:
                rules.append(rule([{"name": header, "value": "never"}], [dict(ref)]))
            self.once(
                ingress.ref,
                _N + "canary-by-header",
                "translated",
                f"a rule matching header {header}: {value} sends the request to the canary"
                + (
                    "; `never` keeps it on the main backend"
                    if not canary.header_value and canary.weight
                    else ""
                )
                + " (HTTPHeaderMatch, Core)",
            )
            if canary.header_value:
                self.done.setdefault(ingress.ref, set()).add(_N + "canary-by-header-value")
        if canary.weight and ref is not None:
            main["backendRefs"] = [
                {**ref, "weight": canary.total - canary.weight},
                {**canary.backend, "weight": canary.weight},
            ]
            self.once(
                ingress.ref,
                _N + "canary-weight",
                "translated",
                f"weights {canary.total - canary.weight} and {canary.weight} on the main "
                "rule's backendRefs (HTTPBackendRef weight, Core)",
            )
            self.done.setdefault(ingress.ref, set()).add(_N + "canary-weight-total")
        self.once(
            ingress.ref,
            _N + "canary",
            "translated",
            "folded into the main Ingress's rules for the same host and path",
        )
        return rules

    def rewrite(
        self,
        server: Server,
        loc: Location,
        owner: Ingress,
        match: dict[str, Any],
        origin: str,
    ) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
        target = loc.rewrite_target or ""
        key = _N + "rewrite-target"
        strip = _STRIP_PATH.match(loc.ingress_path)
        to = _STRIP_TARGET.match(target)
        if "$" not in target:
            self.features.add("HTTPRoutePathRewrite")
            self.once(
                owner.ref,
                key,
                "translated",
                f"URLRewrite ReplaceFullPath {target} (the Extended feature "
                "HTTPRoutePathRewrite): the backend receives that path, as nginx's rewrite sent "
                "it",
            )
            return match, [_rewrite({"type": "ReplaceFullPath", "replaceFullPath": target})], origin
        if strip and to and _valid_path(strip[1]):
            self.features.add("HTTPRoutePathRewrite")
            prefix = strip[1]
            replacement = to[1].rstrip("/") or "/"
            bare = "" if to[1] == "/" else f" ({prefix} itself becomes {replacement}, not {to[1]})"
            self.once(
                owner.ref,
                key,
                "translated",
                f"{loc.ingress_path} with {target} strips the prefix: PathPrefix {prefix} with "
                f"URLRewrite ReplacePrefixMatch {replacement}{bare}; the match is now "
                f"case-sensitive, where nginx's regex was not ({prefix.upper()} no longer "
                "matches)",
            )
            return (
                {"type": "PathPrefix", "value": prefix},
                [_rewrite({"type": "ReplacePrefixMatch", "replacePrefixMatch": replacement})],
                "rewrite-prefix",
            )
        self.once(
            owner.ref,
            key,
            "warning",
            f"{target} uses capture groups of {loc.ingress_path}: Gateway API's URLRewrite "
            "replaces a fixed prefix or the whole path only, so the rule forwards the path as "
            "sent; keep the rewrite in the application or in your implementation's own filter "
            "(an ExtensionRef)",
        )
        return match, [], "rewrite-dropped"

    def annotation_redirect(
        self, owner: Ingress, match: dict[str, Any], redirect: tuple[str, str, int]
    ) -> _Rule:
        key, url, code = redirect
        parts = urlsplit(url)
        target: dict[str, Any] = {"statusCode": code}
        if parts.scheme in ("http", "https"):
            target["scheme"] = parts.scheme
            self.features.add("HTTPRouteSchemeRedirect")
        if parts.hostname:
            target["hostname"] = parts.hostname
        if parts.port:
            target["port"] = parts.port
        target["path"] = {"type": "ReplaceFullPath", "replaceFullPath": parts.path or "/"}
        self.features.add("HTTPRoutePathRedirect")
        if code == 308:
            self.features.add("HTTPRoute308RedirectStatusCode")
        lost = f"; its query {parts.query!r} is lost" if parts.query else ""
        self.once(
            owner.ref,
            _N + key,
            "translated",
            f"every rule of the Ingress redirects with {code} to {url} (RequestRedirect with "
            "scheme, hostname, port and ReplaceFullPath); ingress-nginx sent the URL as "
            f"written, Gateway API adds the request's query{lost}",
        )
        self.done.setdefault(owner.ref, set()).add(_N + key + "-code")
        return _Rule(
            {
                "matches": [{"path": match}],
                "filters": [{"type": "RequestRedirect", "requestRedirect": target}],
            },
            key,
        )

    # -- annotations ------------------------------------------------------------------------

    def annotations(self, ingress: Ingress) -> None:
        """Findings for what the rules above did not say: the per-Ingress settings."""
        anns = ingress.annotations
        ref = ingress.ref
        done = self.done.setdefault(ref, set())
        if "kubernetes.io/ingress.class" in anns:
            self.note(
                ref,
                "kubernetes.io/ingress.class",
                "translated",
                f"the routes attach to Gateway {self.namespace}/{self.gateway} (class "
                f"{self.gateway_class})",
            )
        tls = [
            e for e in self.tls_secrets.get(ref, []) if e.get("secretName") and not e.get("hosts")
        ]
        if tls:
            self.note(
                ref,
                None,
                "warning",
                "a spec.tls entry without hosts: ingress-nginx served its Secret as the default "
                "for hosts it did not otherwise match; a listener needs a hostname to choose "
                "it, so only hosts with rules got HTTPS listeners",
            )
        for key in ("ssl-redirect", "force-ssl-redirect"):
            if _N + key in anns and _N + key not in done:
                value = _bool(anns[_N + key])
                self.note(
                    ref,
                    _N + key,
                    "translated",
                    (
                        "plain HTTP is served like HTTPS (the route attaches to both listeners)"
                        if value is False
                        else f"a RequestRedirect to scheme https with {self.redirect_code} on "
                        "the host's HTTP listener (HTTPRouteSchemeRedirect, Extended)"
                    ),
                )
        if _N + "preserve-trailing-slash" in anns:
            self.note(
                ref,
                _N + "preserve-trailing-slash",
                "translated",
                "Gateway API's redirect keeps the path as sent, trailing `/` included; "
                "ingress-nginx dropped one unless this was true",
            )
        if _N + "use-regex" in anns and _N + "use-regex" not in done:
            self.note(
                ref,
                _N + "use-regex",
                "warning",
                "every path of its hosts is a RegularExpression `(?i)<path>.*`, the "
                "case-insensitive prefix nginx matched; RegularExpression support, dialect "
                "(RE2, PCRE...) and precedence are implementation-specific (HTTPPathMatch)",
            )
        protocol = anns.get(_N + "backend-protocol")
        if protocol is not None:
            upper = protocol.upper()
            if upper in ("HTTP", "AUTO_HTTP"):
                self.note(ref, _N + "backend-protocol", "translated", "HTTP is the default")
            else:
                what = {
                    "HTTPS": "a BackendTLSPolicy for the Service (Standard since v1.4), which "
                    "verifies the backend's certificate where ingress-nginx did not "
                    "(proxy-ssl-verify off); this translation writes none",
                    "GRPC": "a GRPCRoute for the Service, or appProtocol kubernetes.io/h2c on "
                    "its port; this translation keeps an HTTPRoute",
                    "GRPCS": "a GRPCRoute and a BackendTLSPolicy; this translation keeps an "
                    "HTTPRoute",
                }.get(upper, f"backend-protocol {protocol}: nothing in Gateway API")
                self.note(ref, _N + "backend-protocol", "warning", what)
        for key in sorted(anns):
            if not key.startswith(_N) or key in done:
                continue
            name = key.removeprefix(_N)
            if name in ("ssl-redirect", "force-ssl-redirect", "use-regex"):
                continue
            level, text = GATEWAY_API.get(
                name, ("none", "not in Ingress Lab's catalogue: not translated, check by hand")
            )
            action: Action = "irrelevant" if level == "irrelevant" else "warning"
            self.note(ref, key, action, f"not translated ({level}): {text}")

    # -- writing ----------------------------------------------------------------------------

    def documents(self) -> tuple[list[dict[str, Any]], dict[tuple[str, int], str]]:
        listeners = []
        # the catch-all first, then by host: HTTP before HTTPS
        order = sorted(
            self.listeners.items(),
            key=lambda item: (item[1].get("hostname", ""), item[1]["port"]),
        )
        for name, listener in order:
            namespaces = sorted(self.attached[name])
            listener["allowedRoutes"] = {
                "namespaces": {
                    "from": "Selector",
                    "selector": {
                        "matchExpressions": [
                            {
                                "key": "kubernetes.io/metadata.name",
                                "operator": "In",
                                "values": namespaces,
                            }
                        ]
                    },
                }
            }
            listeners.append(listener)
        documents: list[dict[str, Any]] = []
        if listeners:
            documents.append(
                {
                    "apiVersion": _API,
                    "kind": "Gateway",
                    "metadata": {"name": self.gateway, "namespace": self.namespace},
                    "spec": {"gatewayClassName": self.gateway_class, "listeners": listeners},
                }
            )
        for namespace, names in sorted(self.secrets.items()):
            documents.append(
                {
                    "apiVersion": f"{_GROUP}/v1beta1",
                    "kind": "ReferenceGrant",
                    "metadata": {"name": f"{self.gateway}-certificates", "namespace": namespace},
                    "spec": {
                        "from": [{"group": _GROUP, "kind": "Gateway", "namespace": self.namespace}],
                        "to": [{"group": "", "kind": "Secret", "name": n} for n in sorted(names)],
                    },
                }
            )
        origins: dict[tuple[str, int], str] = {}
        for route in self.routes.values():
            if not route.rules or not route.sections:
                continue
            spec: dict[str, Any] = {
                "parentRefs": [
                    {"name": self.gateway, "namespace": self.namespace, "sectionName": s}
                    for s in route.sections
                ]
            }
            if route.hostnames:
                spec["hostnames"] = list(route.hostnames)
            # deep copies: a rule shared by two routes must not become a YAML alias
            spec["rules"] = [copy.deepcopy(r.data) for r in route.rules]
            for i, rule in enumerate(route.rules):
                origins[(f"{route.namespace}/{route.name}", i)] = rule.origin
            documents.append(
                {
                    "apiVersion": _API,
                    "kind": "HTTPRoute",
                    "metadata": {"name": route.name, "namespace": route.namespace},
                    "spec": spec,
                }
            )
        return documents, origins

    def summary(self) -> None:
        if not self.listeners:
            return
        self.note(
            "(all)",
            None,
            "translated",
            f"Gateway {self.namespace}/{self.gateway} (gatewayClassName {self.gateway_class}: "
            "set your implementation's class) with a listener per host and scheme; each route "
            "names its listener (sectionName) and each listener takes routes only from the "
            "namespaces that had Ingresses",
        )
        if len(self.listeners) > MAX_LISTENERS:
            self.note(
                "(all)",
                None,
                "warning",
                f"{len(self.listeners)} listeners: a Gateway holds at most {MAX_LISTENERS} "
                "(GatewaySpec.Listeners); split the hosts across Gateways",
            )
        used = [f for f in EXTENDED_FEATURES if f in self.features]
        used.append("GatewayHTTPListenerIsolation")
        self.note(
            "(all)",
            None,
            "warning",
            "uses the Extended features "
            + ", ".join(f"{f} ({EXTENDED_FEATURES[f]})" for f in used)
            + ": check your implementation's conformance report. The AWS Load Balancer "
            "Controller v3.5 claims none of them: on its ALB, host-less rules also answer what "
            "a named host's rules miss, and redirects and rewrites need its own filters",
        )


def _rewrite(path: dict[str, Any]) -> dict[str, Any]:
    return {"type": "URLRewrite", "urlRewrite": {"path": path}}


def _redirect(*, path: str, code: int) -> dict[str, Any]:
    return {
        "type": "RequestRedirect",
        "requestRedirect": {
            "path": {"type": "ReplaceFullPath", "replaceFullPath": path},
            "statusCode": code,
        },
    }


_ROOT = {"type": "PathPrefix", "value": "/"}


def _valid_path(value: str) -> bool:
    """Gateway API's CEL rules for Exact and PathPrefix values (HTTPPathMatch)."""
    return (
        value.startswith("/")
        and not any(bad in value for bad in _PATH_BANNED)
        and not value.endswith(("/..", "/."))
        and _PATH_CHARS.match(value) is not None
    )


def _covers(pattern: str, host: str) -> bool:
    if pattern == host:
        return True
    return pattern.startswith("*.") and host.endswith(pattern[1:]) and "*" not in host


def _bool(value: str | None) -> bool | None:
    if value in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if value in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


def _flag(ingress: Ingress, key: str) -> bool:
    return _bool(ingress.annotations.get(_N + key)) is True


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _nginx_type(path_type: str) -> str:
    """ingress-nginx keys locations on Exact or Prefix (ImplementationSpecific is Prefix)."""
    return "Exact" if path_type == "Exact" else "Prefix"


def _redirect_annotation(ingress: Ingress) -> tuple[str, str, int] | None:
    """permanent-redirect (301 unless permanent-redirect-code), else temporal-redirect (302
    unless temporal-redirect-code): the annotation, the URL, the status Gateway API accepts."""
    anns = ingress.annotations
    for key, default in (("permanent-redirect", 301), ("temporal-redirect", 302)):
        url = anns.get(_N + key)
        if url:
            code = _int(anns.get(_N + key + "-code"), default)
            return key, url, code if code in _REDIRECT_CODES else default
    return None


def migrate_gateway(
    manifests: Manifests,
    *,
    gateway: str = "ingress-nginx",
    namespace: str = "gateway",
    gateway_class: str = "gateway",
    redirect_code: int = 308,
) -> GatewayMigration:
    """Rewrite the Ingresses ingress-nginx manages as one Gateway (`namespace`/`gateway`, of
    class `gateway_class`) and HTTPRoutes in the Ingresses' namespaces.

    `redirect_code` is the HTTPS redirect's status: 308, ingress-nginx's default
    (`http-redirect-code`), or 301 for implementations without the Extended feature
    HTTPRoute308RedirectStatusCode."""
    if redirect_code not in (301, 302, 303, 307, 308):
        raise ValueError(f"redirect_code {redirect_code}: take 301, 302, 303, 307 or 308")
    translator = _Translator(manifests, gateway, namespace, gateway_class, redirect_code)
    translator.run(Engine(manifests))
    translator.summary()
    documents, origins = translator.documents()
    return GatewayMigration(
        manifests, documents, translator.findings, "gateway", translator.left_out, origins
    )


# ------------------------------------------------------------------------------------------------
# Explaining the comparison


def _explain(
    report: ReplayReport, translated: Manifests, origins: Mapping[tuple[str, int], str]
) -> ReplayReport:
    """Name each group's difference; count a same-backend group as changed when the backend
    receives another path or a share of the requests."""
    hostless = {r.ref for r in translated.http_routes if not r.hostnames}
    weights = {
        (r.ref, rule.index): [b.weight for b in rule.backend_refs]
        for r in translated.http_routes
        for rule in r.rules
    }
    for group in report.groups:
        old, new = group.old, group.new
        rule = None if new.matched is None else (new.matched.route or "", new.matched.rule or 0)
        origin = origins.get(rule) if rule else None
        split = rule is not None and sum(1 for w in weights.get(rule, []) if w) > 1
        if group.verdict == "same":
            if _delivered(old) != _delivered(new) or (split and origin != "canary"):
                _recount(report, group)
            else:
                continue
        group.kind = _kind(old, new, origin, split, rule is not None and rule[0] in hostless)
    report.groups.sort(key=lambda g: (g.verdict == "same", -g.count, g.examples[0].line))
    return report


def _recount(report: ReplayReport, group: ReplayGroup) -> None:
    report.same -= group.count
    report.changed_backend += group.count
    group.verdict = "changed-backend"


def _delivered(answer: Resolution) -> str | None:
    """The path and query the backend receives."""
    if answer.outcome not in (Outcome.ROUTE, Outcome.DEFAULT_BACKEND):
        return None
    if answer.upstream_path is not None:
        return answer.upstream_path
    request = answer.request
    return request.path + (f"?{request.query}" if request.query else "")


def _named_server(answer: Resolution) -> bool:
    """Whether nginx chose a server by name (not the default server `_`)."""
    return any(
        s.verdict == "match"
        and s.candidate.startswith('server_name "')
        and s.candidate != 'server_name "_"'
        for s in answer.explain
    )


def _kind(old: Resolution, new: Resolution, origin: str | None, split: bool, hostless: bool) -> str:
    """The documented difference behind a change, from the two answers, their trails, and the
    rule the Gateway API model matched: its origin, whether it splits traffic, whether its
    route has no hostnames."""
    if old.controller != "nginx" or new.controller != "gateway":
        return "unexplained"
    trail = " ".join(s.reason for s in old.explain)
    request = new.request
    unheard = new.outcome in (Outcome.NOT_FOUND, Outcome.NO_LISTENER)
    if request.scheme == "https" and new.listener is None and unheard:
        return "https-default-certificate"
    if old.outcome is Outcome.REDIRECT and old.status == 301 and "auto_redirect" in trail:
        return "trailing-slash-redirect"
    if origin in _NOT_MODELLED:
        return "not-in-nginx-model"
    if old.outcome is Outcome.REDIRECT and new.outcome is Outcome.REDIRECT:
        return "redirect-code"
    if old.outcome is Outcome.REDIRECT and old.status == 308:
        return "ssl-redirect"
    if new.outcome is Outcome.REDIRECT and origin == "ssl-redirect":
        return "ssl-redirect"
    if old.outcome is Outcome.FIXED_RESPONSE and "health check" in trail:
        return "default-server-healthz"
    if old.outcome is Outcome.SERVICE_UNAVAILABLE and new.outcome is Outcome.INVALID_BACKEND:
        return "invalid-backend"
    if _delivered(old) != _delivered(new) and old.backend == new.backend:
        return "capture-group-rewrite" if old.upstream_path is not None else "unexplained"
    if split and origin != "canary":
        return "duplicate-split"
    host = normalize_host(request.host)
    wildcard = new.matched.host if new.matched else None
    suffix = wildcard[1:] if wildcard and wildcard.startswith("*.") else None
    if suffix and host.endswith(suffix) and "." in host[: -len(suffix)]:
        return "wildcard-depth"
    if "enforceRegexModifier" in trail or origin == "regex-mode":
        return "regex-mode"
    if origin == "default-backend" or old.outcome is Outcome.DEFAULT_BACKEND:
        return "default-backend"
    if hostless and _named_server(old):
        return "host-less-fills-gaps"
    return "unexplained"
