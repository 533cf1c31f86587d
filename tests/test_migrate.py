"""`migrate`: no annotation is dropped silently, the translations the ALB model then reads,
and the CLI's streams."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import ingresslab
from ingresslab._cli import main
from ingresslab._tools.migrate import ANNOTATIONS, migrate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "migration" / "ingresses.yaml"
SOURCE = ROOT / "src" / "ingresslab" / "_controllers" / "nginx"

# docs/user-guide/nginx-configuration/annotations.md, kubernetes/ingress-nginx controller-v1.15.1
DOCUMENTED = [
    "affinity",
    "affinity-canary-behavior",
    "affinity-mode",
    "app-root",
    "auth-always-set-cookie",
    "auth-cache-duration",
    "auth-cache-key",
    "auth-keepalive",
    "auth-keepalive-requests",
    "auth-keepalive-share-vars",
    "auth-keepalive-timeout",
    "auth-method",
    "auth-proxy-set-headers",
    "auth-realm",
    "auth-request-redirect",
    "auth-response-headers",
    "auth-secret",
    "auth-secret-type",
    "auth-signin",
    "auth-signin-redirect-param",
    "auth-snippet",
    "auth-tls-error-page",
    "auth-tls-match-cn",
    "auth-tls-pass-certificate-to-upstream",
    "auth-tls-secret",
    "auth-tls-verify-client",
    "auth-tls-verify-depth",
    "auth-type",
    "auth-url",
    "backend-protocol",
    "canary",
    "canary-by-cookie",
    "canary-by-header",
    "canary-by-header-pattern",
    "canary-by-header-value",
    "canary-weight",
    "canary-weight-total",
    "client-body-buffer-size",
    "configuration-snippet",
    "connection-proxy-header",
    "cors-allow-credentials",
    "cors-allow-headers",
    "cors-allow-methods",
    "cors-allow-origin",
    "cors-expose-headers",
    "cors-max-age",
    "custom-headers",
    "custom-http-errors",
    "default-backend",
    "denylist-source-range",
    "enable-access-log",
    "enable-cors",
    "enable-global-auth",
    "enable-modsecurity",
    "enable-opentelemetry",
    "enable-owasp-core-rules",
    "enable-rewrite-log",
    "force-ssl-redirect",
    "from-to-www-redirect",
    "http2-push-preload",
    "limit-burst-multiplier",
    "limit-connections",
    "limit-rate",
    "limit-rate-after",
    "limit-rpm",
    "limit-rps",
    "limit-whitelist",
    "load-balance",
    "mirror-host",
    "mirror-request-body",
    "mirror-target",
    "modsecurity-snippet",
    "modsecurity-transaction-id",
    "opentelemetry-trust-incoming-span",
    "permanent-redirect",
    "permanent-redirect-code",
    "preserve-trailing-slash",
    "proxy-body-size",
    "proxy-buffer-size",
    "proxy-buffering",
    "proxy-buffers-number",
    "proxy-busy-buffers-size",
    "proxy-connect-timeout",
    "proxy-cookie-domain",
    "proxy-cookie-path",
    "proxy-http-version",
    "proxy-max-temp-file-size",
    "proxy-next-upstream",
    "proxy-next-upstream-timeout",
    "proxy-next-upstream-tries",
    "proxy-read-timeout",
    "proxy-redirect-from",
    "proxy-redirect-to",
    "proxy-request-buffering",
    "proxy-send-timeout",
    "proxy-ssl-ciphers",
    "proxy-ssl-name",
    "proxy-ssl-protocols",
    "proxy-ssl-secret",
    "proxy-ssl-server-name",
    "proxy-ssl-verify",
    "proxy-ssl-verify-depth",
    "rewrite-target",
    "satisfy",
    "server-alias",
    "server-snippet",
    "service-upstream",
    "session-cookie-change-on-failure",
    "session-cookie-conditional-samesite-none",
    "session-cookie-domain",
    "session-cookie-expires",
    "session-cookie-max-age",
    "session-cookie-name",
    "session-cookie-path",
    "session-cookie-samesite",
    "session-cookie-secure",
    "ssl-ciphers",
    "ssl-passthrough",
    "ssl-prefer-server-ciphers",
    "ssl-redirect",
    "stream-snippet",
    "temporal-redirect",
    "temporal-redirect-code",
    "upstream-hash-by",
    "upstream-hash-by-subset",
    "upstream-hash-by-subset-size",
    "upstream-vhost",
    "use-regex",
    "whitelist-source-range",
    "x-forwarded-prefix",
]

VALUES = {
    "backend-protocol": "GRPC",
    "affinity": "cookie",
    "load-balance": "ewma",
    "proxy-read-timeout": "120",
    "proxy-send-timeout": "30",
    "session-cookie-max-age": "3600",
    "whitelist-source-range": "10.0.0.0/8",
    "rewrite-target": "/$1",
    "canary": "false",
}


def _understood_by_the_nginx_model() -> set[str]:
    text = "".join(p.read_text() for p in sorted(SOURCE.glob("*.py")))
    found = set(re.findall(r'_bool\([a-z]+, "([a-z-]+)"', text))
    found |= set(re.findall(r'_PREFIX \+ "([a-z-]+)"', text))
    found |= set(re.findall(r'annotations, "([a-z-]+)"', text))
    return found


def test_the_catalogue_covers_the_model_and_the_documented_annotations() -> None:
    understood = _understood_by_the_nginx_model()
    assert {"ssl-redirect", "use-regex", "rewrite-target", "canary"} <= understood
    assert understood - set(ANNOTATIONS) == set()
    assert set(DOCUMENTED) - set(ANNOTATIONS) == set()


def _everything_ingress() -> ingresslab.Manifests:
    names = sorted(set(DOCUMENTED) | _understood_by_the_nginx_model())
    annotations = {
        f"nginx.ingress.kubernetes.io/{n}": VALUES.get(n, "true" if "enable" in n else "x")
        for n in names
    }
    annotations["nginx.ingress.kubernetes.io/configuration-snippet"] = "more_set_headers 'A: b';"
    annotations["nginx.ingress.kubernetes.io/made-up-annotation"] = "1"
    doc = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": "all", "namespace": "t", "annotations": annotations},
        "spec": {
            "ingressClassName": "nginx",
            "tls": [{"hosts": ["a.example.com"], "secretName": "s"}],
            "rules": [
                {
                    "host": "a.example.com",
                    "http": {
                        "paths": [
                            {
                                "path": "/api/(.*)",
                                "pathType": "ImplementationSpecific",
                                "backend": {"service": {"name": "api", "port": {"number": 80}}},
                            }
                        ]
                    },
                }
            ],
        },
    }
    return ingresslab.loads(yaml.safe_dump(doc))


def test_no_annotation_is_dropped_silently() -> None:
    manifests = _everything_ingress()
    (ingress,) = manifests.ingresses
    migration = migrate(manifests)
    accounted = {f.annotation for f in migration.findings if f.ingress == "t/all"}
    nginx_keys = {k for k in ingress.annotations if k.startswith("nginx.ingress.kubernetes.io/")}
    assert nginx_keys - accounted == set()
    actions = {f.annotation: f.action for f in migration.findings if f.annotation}
    assert actions["nginx.ingress.kubernetes.io/made-up-annotation"] == "warning"
    assert actions["nginx.ingress.kubernetes.io/configuration-snippet"] == "warning"
    assert actions["nginx.ingress.kubernetes.io/proxy-buffering"] == "irrelevant"
    assert actions["nginx.ingress.kubernetes.io/use-regex"] == "translated"
    (document,) = migration.documents
    assert not any(k.startswith("nginx.") for k in document["metadata"]["annotations"])


def test_translations_land_in_alb_annotations() -> None:
    (document,) = migrate(_everything_ingress()).documents
    anns = document["metadata"]["annotations"]
    assert document["spec"]["ingressClassName"] == "alb"
    assert anns["alb.ingress.kubernetes.io/ssl-redirect"] == "443"
    assert anns["alb.ingress.kubernetes.io/backend-protocol-version"] == "GRPC"
    assert anns["alb.ingress.kubernetes.io/load-balancer-attributes"] == (
        "idle_timeout.timeout_seconds=120"
    )
    assert anns["alb.ingress.kubernetes.io/target-group-attributes"] == (
        "stickiness.enabled=true,stickiness.type=lb_cookie,"
        "stickiness.lb_cookie.duration_seconds=3600,"
        "load_balancing.algorithm.type=least_outstanding_requests"
    )
    assert json.loads(anns["alb.ingress.kubernetes.io/transforms.api"]) == [
        {
            "type": "url-rewrite",
            "urlRewriteConfig": {"rewrites": [{"regex": "^/api/(.*)", "replace": "/$1"}]},
        }
    ]
    assert document["spec"]["rules"][0]["http"]["paths"][0]["path"] == "/^/api/(.*)"


def test_the_fleet_becomes_one_ingress_group_with_the_catch_all_last() -> None:
    migration = migrate(ingresslab.load(EXAMPLE))
    (alb,) = ingresslab.AlbModel(migration.manifests()).load_balancers
    assert alb.error is None
    assert alb.group == "ingress-nginx"
    https = alb.listener(443)
    assert https is not None
    assert https.rules[-1].ingress == "platform/fallback"
    assert [i for i, _ in migration.left_out] == ["cart/cart-canary"]


def test_the_regex_path_matches_on_the_alb_case_sensitively() -> None:
    migrated = migrate(ingresslab.load(EXAMPLE)).manifests()
    (lower,) = ingresslab.route_all(
        migrated, "https://api.example.com/v2/orders", controllers=["alb"]
    )
    (upper,) = ingresslab.route_all(
        migrated, "https://api.example.com/V2/orders", controllers=["alb"]
    )
    assert lower.backend is not None and lower.backend.service == "orders"
    assert upper.backend is not None and upper.backend.service == "fallback"


def test_only_alb_and_gateway_are_targets() -> None:
    with pytest.raises(ValueError, match="target 'nlb': choose from alb, gateway"):
        migrate(ingresslab.load(EXAMPLE), "nlb")


def test_cli_writes_yaml_on_stdout_and_findings_on_stderr() -> None:
    result = CliRunner().invoke(main, ["migrate", "-f", str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0
    documents = list(yaml.safe_load_all(result.stdout))
    assert len(documents) == 8
    assert "warning: shop/admin nginx.ingress.kubernetes.io/auth-url" in result.stderr
    assert "requests replayed" in result.stderr


def test_cli_json_has_everything() -> None:
    result = CliRunner().invoke(
        main, ["migrate", "-f", str(EXAMPLE), "-o", "json"], catch_exceptions=False
    )
    data = json.loads(result.stdout)
    assert set(data) == {"documents", "findings", "left_out", "comparison"}
    assert data["comparison"]["totals"]["changed_outcome"] > 0


def test_cli_replay_json() -> None:
    log = str(EXAMPLE.parent / "access.log")
    result = CliRunner().invoke(
        main, ["replay", "-f", str(EXAMPLE), "--log", log, "-o", "json"], catch_exceptions=False
    )
    data = json.loads(result.stdout)
    assert data["malformed"]["count"] == 1
    assert data["upstream_agreement"]["compared"] == 91
