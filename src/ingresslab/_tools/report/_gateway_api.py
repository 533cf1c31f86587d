"""What each ingress-nginx annotation becomes in Gateway API v1.6, as a table.

Read at kubernetes-sigs/gateway-api **v1.6.0** (released 2026-06-30): the types in
`apis/v1/httproute_types.go` (matches, filters, timeouts, retry, sessionPersistence),
`apis/v1/shared_types.go` (BackendRef weights, SessionPersistence), `apis/v1/gateway_types.go`
(`spec.tls.frontend` client certificate validation, `spec.tls.backend` client certificate),
`apis/v1/backendtlspolicy_types.go`, `apis/v1/tlsroute_types.go`,
`apis/v1/tcproute_types.go`, and the conformance levels and release channels in
`pkg/features/*.go`. A level is the API's own word for how portable a field is:

* `core`: every conformant implementation supports it;
* `extended`: a named feature an implementation may claim (HTTPRouteCORS, ...), in the
  Standard channel;
* `implementation-specific`: the API has the field, the behaviour is the implementation's
  (RegularExpression matches, ExtensionRef filters, listener TLS options);
* `experimental`: only in the Experimental channel in v1.6 (retry, sessionPersistence,
  the ExternalAuth filter);
* `none`: nothing in Gateway API does it; implementations add their own policies;
* `irrelevant`: proxy tuning with nothing to move.

Keys are the annotation names after `nginx.ingress.kubernetes.io/`, the same keys as the ALB
catalogue (`migrate.ANNOTATIONS`); a test keeps the two in step. This table says what Gateway
API can express; how the translated routes then answer is `migrate --to gateway`'s comparison
(the `gateway` model), which uses this table for its per-annotation warnings.
"""

from __future__ import annotations

__all__ = ["GATEWAY_API", "GATEWAY_API_SOURCE", "GATEWAY_LEVELS", "gateway_equivalent"]

GATEWAY_API_SOURCE = (
    "kubernetes-sigs/gateway-api v1.6.0: apis/v1/httproute_types.go, shared_types.go, "
    "gateway_types.go, backendtlspolicy_types.go, tlsroute_types.go, tcproute_types.go; "
    "pkg/features/*.go for conformance levels and channels"
)
GATEWAY_LEVELS = (
    "core",
    "extended",
    "implementation-specific",
    "experimental",
    "none",
    "irrelevant",
)

_REDIRECT_CODES = "statusCode 301 or 302 (Core); 303, 307, 308 are extended features"
_CORS = "the CORS filter (HTTPRouteCORS, extended, Standard channel since v1.5)"
_EXT_AUTH = "the ExternalAuth filter (experimental channel in v1.6)"
_NO_POLICY = "no field in Gateway API: implementations offer their own policy resources"
_BACKEND_TLS = "a BackendTLSPolicy for the Service (Standard)"
_FRONTEND_TLS = (
    "client certificate validation in the Gateway's spec.tls.frontend (Standard since v1.5), "
    "per port, not per host"
)
_SESSION = "sessionPersistence on the rule (experimental channel in v1.6)"
_TUNING = "proxy tuning of the implementation; nothing to move"

#: annotation (after nginx.ingress.kubernetes.io/) -> (level, what it becomes)
GATEWAY_API: dict[str, tuple[str, str]] = {
    "ssl-redirect": (
        "extended",
        "an HTTPRoute on the HTTP listener with a RequestRedirect filter to scheme https "
        f"(HTTPRouteSchemeRedirect); {_REDIRECT_CODES}",
    ),
    "force-ssl-redirect": ("extended", "see ssl-redirect: a RequestRedirect to scheme https"),
    "backend-protocol": (
        "extended",
        f"HTTPS: {_BACKEND_TLS}; GRPC: a GRPCRoute; h2c and WebSocket: the Service port's "
        "appProtocol kubernetes.io/h2c or kubernetes.io/ws; AJP and FCGI: none",
    ),
    "use-regex": (
        "implementation-specific",
        "path match type RegularExpression: dialect, case and precedence are the "
        "implementation's (HTTPPathMatch)",
    ),
    "rewrite-target": (
        "extended",
        "the URLRewrite filter, path ReplacePrefixMatch or ReplaceFullPath "
        "(HTTPRoutePathRewrite); capture groups such as $2 have no portable form",
    ),
    "proxy-read-timeout": (
        "extended",
        "rule timeouts.backendRequest (HTTPRouteBackendTimeout): a limit on the whole "
        "backend request, not the time between two reads",
    ),
    "proxy-send-timeout": ("extended", "see proxy-read-timeout: timeouts.backendRequest"),
    "whitelist-source-range": ("none", "no source-address match in HTTPRoute; " + _NO_POLICY),
    "affinity": ("experimental", f"{_SESSION}, type Cookie"),
    "session-cookie-max-age": ("experimental", f"{_SESSION}: absoluteTimeout"),
    "session-cookie-expires": ("experimental", f"{_SESSION}: absoluteTimeout"),
    "load-balance": ("none", "no balancing algorithm field; " + _NO_POLICY),
    "canary": (
        "core",
        "no canary object: weighted backendRefs in one rule (weight), and a header match for "
        "header canaries",
    ),
    "canary-by-header": ("core", "a rule with an Exact header match"),
    "canary-by-header-value": ("core", "a rule with an Exact header match on that value"),
    "canary-by-header-pattern": (
        "implementation-specific",
        "a header match of type RegularExpression",
    ),
    "canary-by-cookie": (
        "implementation-specific",
        "no cookie match: a RegularExpression header match on Cookie",
    ),
    "canary-weight": ("core", "backendRefs weight"),
    "canary-weight-total": ("core", "weights are relative: any total"),
    "affinity-canary-behavior": ("none", "no canary object, so no canary stickiness"),
    "configuration-snippet": (
        "implementation-specific",
        "no raw configuration: an ExtensionRef filter names an implementation's own resource",
    ),
    "server-snippet": ("implementation-specific", "see configuration-snippet"),
    "auth-snippet": ("implementation-specific", "see configuration-snippet"),
    "modsecurity-snippet": ("none", "no web application firewall; " + _NO_POLICY),
    "stream-snippet": ("extended", "a TCPRoute or UDPRoute (Standard channel since v1.6)"),
    "auth-url": ("experimental", _EXT_AUTH),
    "auth-signin": ("experimental", f"see auth-url: {_EXT_AUTH}"),
    "auth-signin-redirect-param": ("experimental", f"see auth-url: {_EXT_AUTH}"),
    "auth-method": ("experimental", f"see auth-url: {_EXT_AUTH}"),
    "auth-response-headers": ("experimental", f"{_EXT_AUTH} forwards the headers it lists"),
    "auth-request-redirect": ("experimental", f"see auth-url: {_EXT_AUTH}"),
    "auth-cache-key": ("none", "no auth cache field"),
    "auth-cache-duration": ("none", "no auth cache field"),
    "auth-keepalive": ("irrelevant", _TUNING),
    "auth-keepalive-requests": ("irrelevant", _TUNING),
    "auth-keepalive-share-vars": ("irrelevant", _TUNING),
    "auth-keepalive-timeout": ("irrelevant", _TUNING),
    "auth-proxy-set-headers": ("experimental", f"see auth-url: {_EXT_AUTH}"),
    "auth-always-set-cookie": ("none", "no such field"),
    "enable-global-auth": ("none", "no global auth: each route names its filter"),
    "auth-type": ("none", f"no basic or digest auth; {_EXT_AUTH} to a service that does it"),
    "auth-secret": ("none", "see auth-type"),
    "auth-secret-type": ("none", "see auth-type"),
    "auth-realm": ("none", "see auth-type"),
    "satisfy": ("none", "see auth-type"),
    "auth-tls-secret": ("extended", _FRONTEND_TLS),
    "auth-tls-verify-client": ("extended", _FRONTEND_TLS),
    "auth-tls-verify-depth": ("none", "no verification depth field"),
    "auth-tls-error-page": ("none", "no error page field"),
    "auth-tls-pass-certificate-to-upstream": ("none", "no field passes the certificate on"),
    "auth-tls-match-cn": ("none", "no subject match for client certificates"),
    "enable-cors": ("extended", _CORS),
    "cors-allow-origin": ("extended", f"{_CORS}: allowOrigins"),
    "cors-allow-methods": ("extended", f"{_CORS}: allowMethods"),
    "cors-allow-headers": ("extended", f"{_CORS}: allowHeaders"),
    "cors-allow-credentials": ("extended", f"{_CORS}: allowCredentials"),
    "cors-expose-headers": ("extended", f"{_CORS}: exposeHeaders"),
    "cors-max-age": ("extended", f"{_CORS}: maxAge"),
    "limit-rps": ("none", "no rate limits; " + _NO_POLICY),
    "limit-rpm": ("none", "see limit-rps"),
    "limit-connections": ("none", "see limit-rps"),
    "limit-burst-multiplier": ("none", "see limit-rps"),
    "limit-rate": ("none", "no bandwidth limits"),
    "limit-rate-after": ("none", "see limit-rate"),
    "limit-whitelist": ("none", "see limit-rps"),
    "denylist-source-range": ("none", "no source-address match; " + _NO_POLICY),
    "proxy-body-size": ("none", "no request-body limit; " + _NO_POLICY),
    "proxy-connect-timeout": ("none", "no connect timeout field"),
    "permanent-redirect": ("core", "the RequestRedirect filter with statusCode 301"),
    "permanent-redirect-code": ("extended", _REDIRECT_CODES),
    "temporal-redirect": ("core", "the RequestRedirect filter with statusCode 302"),
    "temporal-redirect-code": ("extended", _REDIRECT_CODES),
    "app-root": (
        "extended",
        "a RequestRedirect with path ReplaceFullPath on an Exact / match (HTTPRoutePathRedirect)",
    ),
    "from-to-www-redirect": (
        "core",
        "a RequestRedirect with hostname on a route for the other name",
    ),
    "server-alias": ("core", "more names in the HTTPRoute's spec.hostnames"),
    "default-backend": ("none", "no fallback Service on upstream errors"),
    "custom-http-errors": ("none", "no interception of upstream errors"),
    "custom-headers": (
        "extended",
        "the ResponseHeaderModifier filter (HTTPRouteResponseHeaderModification)",
    ),
    "upstream-vhost": ("extended", "the URLRewrite filter's hostname (HTTPRouteHostRewrite)"),
    "x-forwarded-prefix": ("core", "the RequestHeaderModifier filter sets X-Forwarded-Prefix"),
    "proxy-redirect-from": ("none", "no Location rewriting"),
    "proxy-redirect-to": ("none", "see proxy-redirect-from"),
    "proxy-cookie-domain": ("none", "no cookie rewriting"),
    "proxy-cookie-path": ("none", "see proxy-cookie-domain"),
    "mirror-target": (
        "extended",
        "the RequestMirror filter (HTTPRouteRequestMirror; a share of requests with "
        "HTTPRouteRequestPercentageMirror)",
    ),
    "mirror-host": ("extended", "see mirror-target: the mirrored backendRef"),
    "mirror-request-body": ("none", "no choice: mirrors carry the request as sent"),
    "upstream-hash-by": ("none", "no consistent hashing; " + _NO_POLICY),
    "upstream-hash-by-subset": ("none", "see upstream-hash-by"),
    "upstream-hash-by-subset-size": ("none", "see upstream-hash-by"),
    "affinity-mode": ("none", "no balanced or persistent mode"),
    "session-cookie-name": ("experimental", f"{_SESSION}: sessionName"),
    "session-cookie-path": ("none", "no cookie path field"),
    "session-cookie-domain": ("none", "no cookie domain field"),
    "session-cookie-samesite": ("none", "no SameSite field"),
    "session-cookie-secure": ("none", "no Secure field"),
    "session-cookie-conditional-samesite-none": ("none", "no SameSite field"),
    "session-cookie-change-on-failure": ("none", "no such field"),
    "ssl-passthrough": (
        "extended",
        "a TLS listener in Passthrough mode with a TLSRoute (Standard channel since v1.5)",
    ),
    "ssl-ciphers": ("implementation-specific", "the listener's tls.options"),
    "ssl-prefer-server-ciphers": ("implementation-specific", "the listener's tls.options"),
    "proxy-ssl-secret": (
        "extended",
        "the Gateway's spec.tls.backend clientCertificateRef (one for the whole Gateway)",
    ),
    "proxy-ssl-verify": ("extended", f"{_BACKEND_TLS}: validation.caCertificateRefs"),
    "proxy-ssl-verify-depth": ("none", "no verification depth field"),
    "proxy-ssl-ciphers": ("implementation-specific", "BackendTLSPolicy options"),
    "proxy-ssl-protocols": ("implementation-specific", "BackendTLSPolicy options"),
    "proxy-ssl-name": ("extended", f"{_BACKEND_TLS}: validation.hostname"),
    "proxy-ssl-server-name": ("extended", f"{_BACKEND_TLS}: validation.hostname is the SNI"),
    "enable-modsecurity": ("none", "no web application firewall; " + _NO_POLICY),
    "enable-owasp-core-rules": ("none", "see enable-modsecurity"),
    "preserve-trailing-slash": ("irrelevant", "a RequestRedirect keeps the path as sent"),
    "proxy-buffering": ("irrelevant", _TUNING),
    "proxy-buffer-size": ("irrelevant", _TUNING),
    "proxy-buffers-number": ("irrelevant", _TUNING),
    "proxy-busy-buffers-size": ("irrelevant", _TUNING),
    "proxy-max-temp-file-size": ("irrelevant", _TUNING),
    "proxy-request-buffering": ("irrelevant", _TUNING),
    "client-body-buffer-size": ("irrelevant", _TUNING),
    "proxy-http-version": ("irrelevant", _TUNING),
    "connection-proxy-header": ("irrelevant", _TUNING),
    "http2-push-preload": ("irrelevant", "HTTP/2 push is gone from browsers"),
    "proxy-next-upstream": ("experimental", "rule retry (HTTPRouteRetry, experimental channel)"),
    "proxy-next-upstream-timeout": ("experimental", "see proxy-next-upstream"),
    "proxy-next-upstream-tries": ("experimental", "rule retry attempts (experimental channel)"),
    "service-upstream": (
        "irrelevant",
        "backendRefs name the Service; routing to it is the implementation's",
    ),
    "enable-access-log": ("irrelevant", "access logs are the implementation's"),
    "enable-rewrite-log": ("irrelevant", _TUNING),
    "enable-opentelemetry": ("irrelevant", "tracing is the implementation's"),
    "opentelemetry-trust-incoming-span": ("irrelevant", "tracing is the implementation's"),
    "modsecurity-transaction-id": ("irrelevant", "ModSecurity is not on the path any more"),
}


def gateway_equivalent(name: str) -> tuple[str, str]:
    """The level and the Gateway API form of one annotation (`name` without the prefix)."""
    return GATEWAY_API.get(name, ("none", "not in Ingress Lab's catalogue: check by hand"))
