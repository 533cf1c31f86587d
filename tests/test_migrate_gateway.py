"""`migrate --to gateway`: ingress-nginx Ingresses as one Gateway and its HTTPRoutes.

Each translation rule, each warning, each difference kind `compare` names, the JSON shape
(the same keys as `--to alb`), and the round trip: what is emitted loads and validates with
this package's own Gateway API validation (the standard-channel CRDs and their CEL rules).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import ingresslab
from ingresslab import Manifests
from ingresslab._cli import main
from ingresslab._tools.migrate import TARGETS, migrate
from ingresslab._tools.migrate_gateway import (
    GATEWAY_DIFFERENCE_KINDS,
    GatewayMigration,
    compare_gateway,
    migrate_gateway,
)
from ingresslab._tools.replay import ReplayReport

ROOT = Path(__file__).resolve().parent.parent
MIGRATION = ROOT / "examples" / "migration"
PAGE = ROOT / "docs" / "how-to" / "leave-ingress-nginx-for-gateway-api.md"
N = "nginx.ingress.kubernetes.io/"


def ingress(
    name: str,
    paths: str,
    *,
    host: str | None = "web.example.com",
    namespace: str = "web",
    annotations: dict[str, str] | None = None,
    tls: str | None = None,
    created: str = "2025-01-01T00:00:00Z",
    extra: str = "",
) -> str:
    """One Ingress of class nginx; `paths` is a YAML list of `{path, pathType, backend}`."""
    meta: dict[str, Any] = {"name": name, "namespace": namespace, "creationTimestamp": created}
    if annotations:
        meta["annotations"] = annotations
    spec: dict[str, Any] = {"ingressClassName": "nginx"}
    if tls:
        spec["tls"] = [{"hosts": [host], "secretName": tls}]
    rule: dict[str, Any] = {"http": {"paths": yaml.safe_load(paths)}}
    if host:
        rule["host"] = host
    spec["rules"] = [rule]
    doc = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta, "spec": spec}
    return yaml.safe_dump(doc, sort_keys=False) + textwrap.dedent(extra)


def path(value: str, service: str = "web", kind: str = "Prefix", port: Any = 80) -> str:
    number = {"number": port} if isinstance(port, int) else {"name": port}
    item = {
        "path": value,
        "pathType": kind,
        "backend": {"service": {"name": service, "port": number}},
    }
    return json.dumps(item)


def paths(*items: str) -> str:
    return "[" + ", ".join(items) + "]"


def with_default_backend(document: str, service: str) -> str:
    backend = f"  defaultBackend: {{service: {{name: {service}, port: {{number: 80}}}}}}\n"
    return document.replace("  ingressClassName: nginx\n", "  ingressClassName: nginx\n" + backend)


APP = "{matches: [{path: {type: PathPrefix, value: /app}}], backendRefs: [{name: app, port: 80}]}"
ARCHIVE = (
    "{matches: [{path: {type: PathPrefix, value: /archive/}}], "
    "backendRefs: [{name: archive, port: 80}]}"
)
HEALTH = (
    "{matches: [{path: {type: Exact, value: /healthz}}], backendRefs: [{name: health, port: 80}]}"
)


def load(*documents: str) -> Manifests:
    return ingresslab.loads("---\n".join(documents), "ingresses.yaml")


def translate(*documents: str, **options: Any) -> GatewayMigration:
    migration = migrate_gateway(load(*documents), **options)
    assert_valid(migration)
    return migration


def assert_valid(migration: GatewayMigration) -> None:
    """The round trip: the YAML loads, and the API server's rules refuse none of it."""
    loaded = ingresslab.loads(migration.yaml(), "migrated.yaml")
    assert loaded.errors == []
    assert len(loaded.objects) == len(migration.documents)


def routes(migration: GatewayMigration) -> dict[str, dict[str, Any]]:
    return {
        f"{d['metadata']['namespace']}/{d['metadata']['name']}": d
        for d in migration.documents
        if d["kind"] == "HTTPRoute"
    }


def gateway(migration: GatewayMigration) -> dict[str, Any]:
    (found,) = [d for d in migration.documents if d["kind"] == "Gateway"]
    return found


def listeners(migration: GatewayMigration) -> dict[str, dict[str, Any]]:
    return {ls["name"]: ls for ls in gateway(migration)["spec"]["listeners"]}


def messages(migration: GatewayMigration, action: str | None = None) -> list[str]:
    return [f.message for f in migration.findings if action is None or f.action == action]


def finding(migration: GatewayMigration, ingress: str, annotation: str | None) -> str:
    found = [f for f in migration.findings if f.ingress == ingress and f.annotation == annotation]
    assert found, (ingress, annotation)
    return found[0].action + ": " + found[0].message


def kinds(report: ReplayReport) -> dict[str, str | None]:
    return {g.examples[0].url: g.kind for g in report.changed_groups()}


# ------------------------------------------------------------------------------------------------
# The objects


def test_one_gateway_with_a_listener_per_host_and_scheme() -> None:
    migration = translate(
        ingress("shop", paths(path("/")), host="shop.example.com", tls="shop-tls"),
        ingress("blog", paths(path("/")), host="blog.example.com", namespace="blog"),
        ingress("fallback", paths(path("/")), host=None, namespace="platform"),
    )
    found = listeners(migration)
    assert list(found) == [
        "http",
        "http-blog.example.com",
        "http-shop.example.com",
        "https-shop.example.com",
    ]
    assert "hostname" not in found["http"]
    https = found["https-shop.example.com"]
    assert (https["port"], https["protocol"], https["hostname"]) == (
        443,
        "HTTPS",
        "shop.example.com",
    )
    assert https["tls"]["certificateRefs"] == [
        {"kind": "Secret", "name": "shop-tls", "namespace": "web"}
    ]
    selector = found["http-blog.example.com"]["allowedRoutes"]["namespaces"]
    assert selector["from"] == "Selector"
    assert selector["selector"]["matchExpressions"][0]["values"] == ["blog"]
    grants = [d for d in migration.documents if d["kind"] == "ReferenceGrant"]
    assert [(g["metadata"]["namespace"], g["spec"]["to"][0]["name"]) for g in grants] == [
        ("web", "shop-tls")
    ]
    spec = gateway(migration)["spec"]
    assert spec["gatewayClassName"] == "gateway"


def test_routes_live_in_the_ingress_namespace_and_name_their_listener() -> None:
    migration = translate(
        ingress("blog", paths(path("/")), host="blog.example.com", namespace="blog")
    )
    route = routes(migration)["blog/blog"]["spec"]
    assert route["parentRefs"] == [
        {"name": "ingress-nginx", "namespace": "gateway", "sectionName": "http-blog.example.com"}
    ]
    assert route["hostnames"] == ["blog.example.com"]
    assert route["rules"] == [
        {
            "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
            "backendRefs": [{"name": "web", "port": 80}],
        }
    ]


def test_gateway_name_class_and_namespace_are_options() -> None:
    migration = translate(
        ingress("blog", paths(path("/"))), gateway="edge", namespace="infra", gateway_class="eg"
    )
    meta = gateway(migration)["metadata"]
    assert (meta["namespace"], meta["name"]) == ("infra", "edge")
    assert gateway(migration)["spec"]["gatewayClassName"] == "eg"
    assert routes(migration)["web/blog"]["spec"]["parentRefs"][0]["namespace"] == "infra"


def test_migrate_with_target_gateway_is_migrate_gateway() -> None:
    migration = migrate(load(ingress("blog", paths(path("/")))), "gateway", group="edge")
    assert isinstance(migration, GatewayMigration)
    assert gateway(migration)["metadata"]["name"] == "edge"
    with pytest.raises(ValueError, match="choose from alb, gateway"):
        migrate(load(ingress("blog", paths(path("/")))), "nlb")


# ------------------------------------------------------------------------------------------------
# TLS and redirects


def test_a_host_with_a_certificate_redirects_plain_http_with_308() -> None:
    migration = translate(ingress("shop", paths(path("/")), tls="shop-tls"))
    found = routes(migration)
    assert found["web/shop"]["spec"]["parentRefs"][0]["sectionName"] == "https-web.example.com"
    redirect = found["gateway/web.example.com-https-redirect"]["spec"]
    assert redirect["parentRefs"][0]["sectionName"] == "http-web.example.com"
    assert redirect["rules"][0]["filters"] == [
        {"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 308}}
    ]
    report = migration.compare(["http://web.example.com /a", "https://web.example.com /a"])
    assert report.changed == 0 and report.same == 2


def test_the_redirect_code_is_an_option() -> None:
    migration = migrate(
        load(ingress("shop", paths(path("/")), tls="shop-tls")), "gateway", redirect_code=301
    )
    assert isinstance(migration, GatewayMigration)
    redirect = routes(migration)["gateway/web.example.com-https-redirect"]["spec"]["rules"][0]
    assert redirect["filters"][0]["requestRedirect"]["statusCode"] == 301
    with pytest.raises(ValueError, match="301, 302, 303, 307 or 308"):
        migrate_gateway(load(ingress("shop", paths(path("/")))), redirect_code=300)


def test_ssl_redirect_false_serves_plain_http_on_both_listeners() -> None:
    migration = translate(
        ingress("shop", paths(path("/")), tls="shop-tls"),
        ingress(
            "open",
            paths(path("/open", "open")),
            tls="shop-tls",
            annotations={N + "ssl-redirect": "false"},
            created="2025-01-02T00:00:00Z",
        ),
    )
    found = routes(migration)
    sections = [p["sectionName"] for p in found["web/open"]["spec"]["parentRefs"]]
    assert sections == ["https-web.example.com", "http-web.example.com"]
    plain = found["web/shop-http"]["spec"]["rules"]
    assert plain[0]["filters"][0]["requestRedirect"]["scheme"] == "https"
    report = migration.compare(
        [
            "http://web.example.com /open/x",
            "http://web.example.com /x",
            "https://web.example.com /x",
        ]
    )
    assert report.changed == 0
    assert finding(migration, "web/open", N + "ssl-redirect").startswith("translated: plain HTTP")


def test_force_ssl_redirect_without_a_certificate_still_redirects() -> None:
    migration = translate(
        ingress("shop", paths(path("/")), annotations={N + "force-ssl-redirect": "true"})
    )
    report = migration.compare(["http://web.example.com /a"])
    assert report.changed == 0
    rule = routes(migration)["web/shop"]["spec"]["rules"][0]
    assert rule["filters"][0]["requestRedirect"]["scheme"] == "https"
    assert "no HTTPS listener" in finding(migration, "web/shop", None)


def test_a_trailing_slash_prefix_keeps_nginx_301() -> None:
    migration = translate(ingress("blog", paths(path("/"), path("/archive/", "archive"))))
    rules = routes(migration)["web/blog"]["spec"]["rules"]
    assert {
        "matches": [{"path": {"type": "Exact", "value": "/archive"}}],
        "filters": [
            {
                "type": "RequestRedirect",
                "requestRedirect": {
                    "path": {"type": "ReplaceFullPath", "replaceFullPath": "/archive/"},
                    "statusCode": 301,
                },
            }
        ],
    } in rules
    report = migration.compare(
        ["http://web.example.com /archive", "http://web.example.com /archive/x"]
    )
    assert report.changed == 0


def test_no_trailing_slash_redirect_when_the_bare_path_is_configured() -> None:
    migration = translate(
        ingress("blog", paths(path("/archive/", "archive"), path("/archive", "old", "Exact")))
    )
    rules = routes(migration)["web/blog"]["spec"]["rules"]
    assert all("filters" not in r for r in rules)


def test_permanent_redirect_with_its_code() -> None:
    migration = translate(
        ingress(
            "moved",
            paths(path("/")),
            annotations={
                N + "permanent-redirect": "https://new.example.com/home?from=old",
                N + "permanent-redirect-code": "308",
            },
        )
    )
    rule = routes(migration)["web/moved"]["spec"]["rules"][0]
    assert rule == {
        "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
        "filters": [
            {
                "type": "RequestRedirect",
                "requestRedirect": {
                    "statusCode": 308,
                    "scheme": "https",
                    "hostname": "new.example.com",
                    "path": {"type": "ReplaceFullPath", "replaceFullPath": "/home"},
                },
            }
        ],
    }
    text = finding(migration, "web/moved", N + "permanent-redirect")
    assert "query 'from=old' is lost" in text
    assert N + "permanent-redirect-code" not in {f.annotation for f in migration.findings}


def test_temporal_redirect_code_outside_gateway_api_falls_back_to_302() -> None:
    migration = translate(
        ingress(
            "moved",
            paths(path("/")),
            annotations={
                N + "temporal-redirect": "https://new.example.com/",
                N + "temporal-redirect-code": "300",
            },
        )
    )
    rule = routes(migration)["web/moved"]["spec"]["rules"][0]
    assert rule["filters"][0]["requestRedirect"]["statusCode"] == 302


def test_app_root_is_an_exact_slash_redirect() -> None:
    migration = translate(ingress("web", paths(path("/")), annotations={N + "app-root": "/app"}))
    rules = routes(migration)["web/web"]["spec"]["rules"]
    assert rules[0]["matches"] == [{"path": {"type": "Exact", "value": "/"}}]
    assert rules[0]["filters"][0]["requestRedirect"] == {
        "path": {"type": "ReplaceFullPath", "replaceFullPath": "/app"},
        "statusCode": 302,
    }
    assert finding(migration, "web/web", N + "app-root").startswith("translated:")


# ------------------------------------------------------------------------------------------------
# Paths: regex mode, rewrites, values Gateway API refuses


def test_use_regex_makes_every_path_of_the_host_a_case_insensitive_prefix() -> None:
    migration = translate(
        ingress(
            "orders",
            paths(path("/v[0-9]+/orders", "orders", "ImplementationSpecific")),
            annotations={N + "use-regex": "true"},
        ),
        ingress(
            "health", paths(path("/healthz", "health", "Exact")), created="2025-01-02T00:00:00Z"
        ),
    )
    found = routes(migration)
    orders = found["web/orders"]["spec"]["rules"][0]["matches"][0]["path"]
    health = found["web/health"]["spec"]["rules"][0]["matches"][0]["path"]
    assert orders == {"type": "RegularExpression", "value": "(?i)/v[0-9]+/orders.*"}
    assert health == {"type": "RegularExpression", "value": "(?i)/healthz.*"}
    assert "implementation-specific" in finding(migration, "web/orders", N + "use-regex")
    assert "enforceRegexModifier" in finding(migration, "web/health", None)
    report = migration.compare(
        ["http://web.example.com /V2/orders/1", "http://web.example.com /healthz/ready"]
    )
    assert report.changed == 0


def test_rewrite_target_without_captures_is_replace_full_path() -> None:
    migration = translate(
        ingress(
            "api",
            paths(path("/api", "api", "ImplementationSpecific")),
            annotations={N + "rewrite-target": "/"},
        )
    )
    rule = routes(migration)["web/api"]["spec"]["rules"][0]
    assert rule["filters"] == [
        {
            "type": "URLRewrite",
            "urlRewrite": {"path": {"type": "ReplaceFullPath", "replaceFullPath": "/"}},
        }
    ]
    report = migration.compare(["http://web.example.com /api/x"])
    assert report.changed == 0


def test_the_strip_prefix_rewrite_is_replace_prefix_match() -> None:
    migration = translate(
        ingress(
            "legacy",
            paths(path("/legacy(/|$)(.*)", "legacy", "ImplementationSpecific")),
            annotations={N + "rewrite-target": "/$2"},
        )
    )
    rule = routes(migration)["web/legacy"]["spec"]["rules"][0]
    assert rule["matches"] == [{"path": {"type": "PathPrefix", "value": "/legacy"}}]
    assert rule["filters"][0]["urlRewrite"]["path"] == {
        "type": "ReplacePrefixMatch",
        "replacePrefixMatch": "/",
    }
    assert "case-sensitive" in finding(migration, "web/legacy", N + "rewrite-target")
    report = migration.compare(
        ["http://web.example.com /legacy/users?page=2", "http://web.example.com /legacy"]
    )
    assert report.changed == 0
    assert kinds(migration.compare(["http://web.example.com /LEGACY/users"])) == {
        "http://web.example.com/LEGACY/users": "regex-mode"
    }


def test_capture_groups_are_warned_about_and_the_change_named() -> None:
    migration = translate(
        ingress(
            "api",
            paths(path("/api/(v[0-9]+)/(.*)", "api", "ImplementationSpecific")),
            annotations={N + "rewrite-target": "/$2/$1"},
        )
    )
    rule = routes(migration)["web/api"]["spec"]["rules"][0]
    assert "filters" not in rule
    assert finding(migration, "web/api", N + "rewrite-target").startswith("warning: /$2/$1 uses")
    report = migration.compare(["http://web.example.com /api/v1/users"])
    (group,) = report.changed_groups()
    assert (group.verdict, group.kind) == ("changed-backend", "capture-group-rewrite")
    assert (group.old.upstream_path, group.new.upstream_path) == ("/users/v1", None)
    assert report.same == 0 and report.changed_backend == 1


def test_a_path_gateway_api_refuses_becomes_an_escaped_regex() -> None:
    migration = translate(ingress("odd", paths(path("/a b", "odd", "ImplementationSpecific"))))
    match = routes(migration)["web/odd"]["spec"]["rules"][0]["matches"][0]["path"]
    assert match == {"type": "RegularExpression", "value": "/a\\ b(/.*)?"}
    assert any("refused by Gateway API" in m for m in messages(migration, "warning"))


# ------------------------------------------------------------------------------------------------
# Backends: canaries, default backends, duplicates, ports


CANARY = {N + "canary": "true", N + "canary-by-header": "X-Beta", N + "canary-weight": "20"}


def test_a_canary_is_folded_into_the_main_rule() -> None:
    migration = translate(
        ingress("main", paths(path("/", "stable"))),
        ingress(
            "beta", paths(path("/", "beta")), annotations=CANARY, created="2025-01-02T00:00:00Z"
        ),
    )
    rules = routes(migration)["web/main"]["spec"]["rules"]
    assert rules == [
        {
            "matches": [
                {
                    "path": {"type": "PathPrefix", "value": "/"},
                    "headers": [{"name": "X-Beta", "value": "always"}],
                }
            ],
            "backendRefs": [{"name": "beta", "port": 80}],
        },
        {
            "matches": [
                {
                    "path": {"type": "PathPrefix", "value": "/"},
                    "headers": [{"name": "X-Beta", "value": "never"}],
                }
            ],
            "backendRefs": [{"name": "stable", "port": 80}],
        },
        {
            "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
            "backendRefs": [
                {"name": "stable", "port": 80, "weight": 80},
                {"name": "beta", "port": 80, "weight": 20},
            ],
        },
    ]
    assert migration.left_out == []
    assert finding(migration, "web/beta", N + "canary").startswith("translated: folded")
    assert "web/beta" not in routes(migration)


def test_a_canary_header_value_and_pattern() -> None:
    value = translate(
        ingress("main", paths(path("/", "stable"))),
        ingress(
            "beta",
            paths(path("/", "beta")),
            annotations={
                N + "canary": "true",
                N + "canary-by-header": "X-Beta",
                N + "canary-by-header-value": "yes",
            },
            created="2025-01-02T00:00:00Z",
        ),
    )
    rules = routes(value)["web/main"]["spec"]["rules"]
    assert rules[0]["matches"][0]["headers"] == [{"name": "X-Beta", "value": "yes"}]
    assert len(rules) == 2
    pattern = translate(
        ingress("main", paths(path("/", "stable"))),
        ingress(
            "beta",
            paths(path("/", "beta")),
            annotations={
                N + "canary": "true",
                N + "canary-by-header": "X-Beta",
                N + "canary-by-header-pattern": "^y.*",
            },
            created="2025-01-02T00:00:00Z",
        ),
    )
    rules = routes(pattern)["web/main"]["spec"]["rules"]
    assert rules[0]["matches"][0]["headers"] == [
        {"type": "RegularExpression", "name": "X-Beta", "value": "^y.*"}
    ]
    assert "implementation-specific" in finding(pattern, "web/beta", N + "canary-by-header-pattern")


def test_a_canary_without_a_main_ingress_is_warned_about() -> None:
    migration = translate(
        ingress("main", paths(path("/", "stable"))),
        ingress(
            "beta",
            paths(path("/other", "beta")),
            annotations=CANARY,
            created="2025-01-02T00:00:00Z",
        ),
    )
    assert finding(migration, "web/beta", N + "canary").startswith("warning: no main Ingress")


def test_a_cookie_canary_is_warned_about() -> None:
    migration = translate(
        ingress("main", paths(path("/", "stable"))),
        ingress(
            "beta",
            paths(path("/", "beta")),
            annotations={**CANARY, N + "canary-by-cookie": "beta"},
            created="2025-01-02T00:00:00Z",
        ),
    )
    assert finding(migration, "web/beta", N + "canary-by-cookie").startswith("warning:")


def test_a_default_backend_fills_the_hosts_its_ingress_created() -> None:
    migration = translate(
        with_default_backend(ingress("web", paths(path("/app", "app"))), "web-default")
    )
    rules = routes(migration)["web/web"]["spec"]["rules"]
    assert {
        "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
        "backendRefs": [{"name": "web-default", "port": 80}],
    } in rules
    fallback = rules.index(
        {
            "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
            "backendRefs": [{"name": "web-default", "port": 80}],
        }
    )
    assert migration.origins[("web/web", fallback)] == "default-backend"
    report = migration.compare(["http://web.example.com /elsewhere", "http://other.example.com /"])
    assert report.changed == 0


def test_an_ingress_with_only_a_default_backend_is_the_catch_all() -> None:
    catch_all = textwrap.dedent(
        """\
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: catch-all, namespace: platform}
        spec:
          ingressClassName: nginx
          defaultBackend: {service: {name: fallback, port: {number: 80}}}
        """
    )
    migration = translate(catch_all, ingress("web", paths(path("/app", "app"))))
    route = routes(migration)["platform/catch-all"]["spec"]
    assert "hostnames" not in route
    assert route["parentRefs"][0]["sectionName"] == "http"
    assert route["rules"] == [
        {
            "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
            "backendRefs": [{"name": "fallback", "port": 80}],
        }
    ]
    report = migration.compare(["http://unknown.example.com /x", "http://web.example.com /x"])
    assert report.changed == 0


def test_a_duplicate_host_and_path_keeps_the_oldest_as_nginx_did() -> None:
    migration = translate(
        ingress("old", paths(path("/", "old"))),
        ingress("new", paths(path("/", "new")), created="2025-01-02T00:00:00Z"),
    )
    assert "web/new" not in routes(migration)
    (left,) = migration.left_out
    assert left[0] == "web/new" and "admission webhook denied it" in left[1]
    assert migration.compare(["http://web.example.com /"]).changed == 0


def test_a_named_port_is_resolved_from_the_service() -> None:
    service = textwrap.dedent(
        """\
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: web}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 8080, targetPort: 80}]
        """
    )
    migration = translate(service, ingress("web", paths(path("/", "web", port="http"))))
    refs = routes(migration)["web/web"]["spec"]["rules"][0]["backendRefs"]
    assert refs == [{"name": "web", "port": 8080}]


def test_an_unknown_named_port_leaves_the_rule_without_backend() -> None:
    migration = translate(ingress("web", paths(path("/", "web", port="http"))))
    assert routes(migration)["web/web"]["spec"]["rules"][0]["backendRefs"] == []
    assert "needs the port number" in finding(migration, "web/web", None)


def test_ingresses_of_another_class_are_left_out() -> None:
    other = ingress("alb", paths(path("/"))).replace(
        "ingressClassName: nginx", "ingressClassName: alb"
    )
    migration = translate(other, ingress("web", paths(path("/x"))))
    assert migration.left_out == [
        ("web/alb", "ingress-nginx does not manage it (its class names another controller)")
    ]
    assert migration.compare(["http://web.example.com /"]).changed == 0


# ------------------------------------------------------------------------------------------------
# Annotations: every one accounted for


def test_every_annotation_of_every_ingress_has_a_finding() -> None:
    migration = migrate_gateway(ingresslab.load(str(MIGRATION / "ingresses.yaml")))
    for item in ingresslab.load(str(MIGRATION / "ingresses.yaml")).ingresses:
        for key in item.annotations:
            if key.startswith(N):
                assert any(
                    f.ingress == item.ref and f.annotation == key for f in migration.findings
                ), (item.ref, key)


def test_annotations_gateway_api_cannot_express_are_warnings() -> None:
    migration = translate(
        ingress(
            "web",
            paths(path("/")),
            annotations={
                N + "whitelist-source-range": "10.0.0.0/8",
                N + "auth-url": "http://auth/check",
                N + "proxy-buffering": "on",
                N + "made-up": "x",
            },
        )
    )
    assert finding(migration, "web/web", N + "whitelist-source-range").startswith(
        "warning: not translated (none)"
    )
    assert finding(migration, "web/web", N + "auth-url").startswith(
        "warning: not translated (experimental)"
    )
    assert finding(migration, "web/web", N + "proxy-buffering").startswith("irrelevant:")
    assert "not in Ingress Lab's catalogue" in finding(migration, "web/web", N + "made-up")


@pytest.mark.parametrize(
    ("protocol", "action", "words"),
    [
        ("HTTP", "translated", "default"),
        ("HTTPS", "warning", "BackendTLSPolicy"),
        ("GRPC", "warning", "GRPCRoute"),
        ("AJP", "warning", "nothing in Gateway API"),
    ],
)
def test_backend_protocol(protocol: str, action: str, words: str) -> None:
    migration = translate(
        ingress("web", paths(path("/")), annotations={N + "backend-protocol": protocol})
    )
    text = finding(migration, "web/web", N + "backend-protocol")
    assert text.startswith(action) and words in text


def test_wildcard_hosts_and_extended_features_are_warned_about() -> None:
    migration = translate(ingress("blog", paths(path("/")), host="*.blog.example.com"))
    assert "exactly one label" in finding(migration, "web/blog", None)
    summary = [m for m in messages(migration, "warning") if m.startswith("uses the Extended")]
    assert summary and "GatewayHTTPListenerIsolation" in summary[0]


def test_more_listeners_than_a_gateway_holds_are_warned_about() -> None:
    docs = [
        ingress(f"web{i}", paths(path("/")), host=f"h{i}.example.com", tls="t") for i in range(33)
    ]
    migration = migrate_gateway(load(*docs))
    assert any("at most 64" in m for m in messages(migration, "warning"))


# ------------------------------------------------------------------------------------------------
# The migration example: what changes, and why


@pytest.fixture(scope="module")
def example() -> GatewayMigration:
    migration = migrate_gateway(ingresslab.load(str(MIGRATION / "ingresses.yaml")))
    assert_valid(migration)
    return migration


def test_the_example_log_changes_only_wildcard_depth(example: GatewayMigration) -> None:
    with open(MIGRATION / "access.log") as log:
        report = example.compare(log, format="ingress-nginx")
    assert (report.requests, report.same, report.changed) == (91, 89, 2)
    assert kinds(report) == {"http://staging.en.blog.example.com/": "wildcard-depth"}


def test_the_example_rules_changes_have_documented_kinds(example: GatewayMigration) -> None:
    report = example.compare()
    assert report.changed_groups()
    assert {g.kind for g in report.changed_groups()} == {"wildcard-depth", "default-server-healthz"}


def test_https_for_a_host_without_certificate(example: GatewayMigration) -> None:
    report = example.compare(["https://en.blog.example.com /"])
    assert kinds(report) == {"https://en.blog.example.com/": "https-default-certificate"}


def test_the_redirect_code_difference_is_named() -> None:
    migration = migrate_gateway(
        ingresslab.load(str(MIGRATION / "ingresses.yaml")), redirect_code=301
    )
    report = migration.compare(["http://shop.example.com /"])
    assert kinds(report) == {"http://shop.example.com/": "redirect-code"}


def test_annotations_the_nginx_model_does_not_simulate() -> None:
    migration = translate(ingress("web", paths(path("/")), annotations={N + "app-root": "/app"}))
    assert kinds(migration.compare(["http://web.example.com /"])) == {
        "http://web.example.com/": "not-in-nginx-model"
    }
    heavy = translate(
        ingress("main", paths(path("/", "stable"))),
        ingress(
            "beta",
            paths(path("/", "beta")),
            annotations={N + "canary": "true", N + "canary-weight": "80"},
            created="2025-01-02T00:00:00Z",
        ),
    )
    assert kinds(heavy.compare(["http://web.example.com /"])) == {
        "http://web.example.com/": "not-in-nginx-model"
    }


def test_a_missing_service_is_500_not_503() -> None:
    service = textwrap.dedent(
        """\
        apiVersion: v1
        kind: Service
        metadata: {name: other, namespace: web}
        spec:
          selector: {app: other}
          ports: [{port: 80}]
        """
    )
    migration = translate(service, ingress("web", paths(path("/", "gone"))))
    assert kinds(migration.compare(["http://web.example.com /"])) == {
        "http://web.example.com/": "invalid-backend"
    }


# Other tools' output, compared the same way (`compare_gateway`): the kinds a faithful
# translation avoids.

GATEWAY = """\
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: nginx, namespace: web}
spec:
  gatewayClassName: nginx
  listeners:
  - {name: web-example-com-http, port: 80, protocol: HTTP, hostname: web.example.com}
  - {name: http, port: 80, protocol: HTTP}
"""


def route(name: str, rules: str, hostnames: str = "[web.example.com]") -> str:
    return textwrap.dedent(
        f"""\
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {{name: {name}, namespace: web}}
        spec:
          parentRefs: [{{name: nginx}}]
          hostnames: {hostnames}
          rules: {rules}
        """
    )


def compared(original: list[str], translated: list[str], lines: list[str]) -> dict[str, str | None]:
    report = compare_gateway(load(*original), load(*translated), lines)
    return kinds(report)


def test_host_less_rules_filling_a_named_hosts_gaps() -> None:
    original = [
        ingress("web", paths(path("/app", "app"))),
        ingress(
            "fallback", paths(path("/", "fallback")), host=None, created="2025-01-02T00:00:00Z"
        ),
    ]
    translated = [
        GATEWAY,
        route(
            "web",
            f"[{APP}]",
        ),
        route("fallback", "[{backendRefs: [{name: fallback, port: 80}]}]", hostnames="[]"),
    ]
    assert compared(original, translated, ["http://web.example.com /other"]) == {
        "http://web.example.com/other": "host-less-fills-gaps"
    }


def test_duplicate_ingresses_becoming_a_split() -> None:
    original = [ingress("old", paths(path("/", "old")))]
    translated = [
        GATEWAY,
        route("web", "[{backendRefs: [{name: old, port: 80}, {name: new, port: 80}]}]"),
    ]
    report = compare_gateway(load(*original), load(*translated), ["http://web.example.com /"])
    (group,) = report.changed_groups()
    assert (group.verdict, group.kind) == ("changed-backend", "duplicate-split")


def test_a_missing_trailing_slash_redirect() -> None:
    original = [ingress("blog", paths(path("/archive/", "archive")))]
    translated = [
        GATEWAY,
        route(
            "blog",
            f"[{ARCHIVE}]",
        ),
    ]
    assert compared(original, translated, ["http://web.example.com /archive"]) == {
        "http://web.example.com/archive": "trailing-slash-redirect"
    }


def test_a_default_backend_left_out() -> None:
    original = [with_default_backend(ingress("web", paths(path("/app", "app"))), "dflt")]
    translated = [
        GATEWAY,
        route(
            "web",
            f"[{APP}]",
        ),
    ]
    assert compared(original, translated, ["http://web.example.com /x"]) == {
        "http://web.example.com/x": "default-backend"
    }


def test_a_missing_https_redirect() -> None:
    original = [ingress("shop", paths(path("/", "shop")), tls="shop-tls")]
    translated = [GATEWAY, route("shop", "[{backendRefs: [{name: shop, port: 80}]}]")]
    assert compared(original, translated, ["http://web.example.com /"]) == {
        "http://web.example.com/": "ssl-redirect"
    }


def test_compare_with_other_documents() -> None:
    migration = translate(ingress("blog", paths(path("/archive/", "archive"))))
    documents = list(yaml.safe_load_all(GATEWAY + "---\n" + route("blog", f"[{ARCHIVE}]")))
    report = migration.compare_with(documents, ["http://web.example.com /archive"])
    assert kinds(report) == {"http://web.example.com/archive": "trailing-slash-redirect"}
    assert migration.compare(["http://web.example.com /archive"]).changed == 0


def test_regex_mode_lost() -> None:
    original = [
        ingress(
            "orders",
            paths(path("/v[0-9]+/orders", "orders", "ImplementationSpecific")),
            annotations={N + "use-regex": "true"},
        ),
        ingress(
            "health", paths(path("/healthz", "health", "Exact")), created="2025-01-02T00:00:00Z"
        ),
    ]
    translated = [
        GATEWAY,
        route(
            "health",
            f"[{HEALTH}]",
        ),
    ]
    assert compared(original, translated, ["http://web.example.com /healthz/ready"]) == {
        "http://web.example.com/healthz/ready": "regex-mode"
    }


def test_every_kind_is_tested_and_documented() -> None:
    tested = Path(__file__).read_text()
    page = PAGE.read_text()
    korean = PAGE.with_suffix(".ko.md").read_text()
    for kind in GATEWAY_DIFFERENCE_KINDS:
        if kind != "unexplained":
            assert f'"{kind}"' in tested, kind
        assert f"| `{kind}` |" in page, kind
        assert f"| `{kind}` |" in korean, kind


# ------------------------------------------------------------------------------------------------
# The command


def run(args: list[str], columns: int = 100) -> Any:
    return CliRunner().invoke(main, args, env={"NO_COLOR": "1", "COLUMNS": str(columns)})


def test_json_has_the_keys_of_the_alb_migration() -> None:
    def shape(target: str) -> dict[str, Any]:
        result = run(
            ["migrate", "-f", str(MIGRATION / "ingresses.yaml"), "--to", target, "-o", "json"]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    alb, gw = shape("alb"), shape("gateway")
    assert alb.keys() == gw.keys()
    assert alb["comparison"].keys() == gw["comparison"].keys()
    assert alb["comparison"]["totals"].keys() == gw["comparison"]["totals"].keys()
    assert alb["findings"][0].keys() == gw["findings"][0].keys()
    assert alb["comparison"]["groups"][0].keys() == gw["comparison"]["groups"][0].keys()
    assert gw["comparison"]["target"] == "gateway"
    assert {d["kind"] for d in gw["documents"]} == {"Gateway", "ReferenceGrant", "HTTPRoute"}


def test_yaml_on_stdout_loads_back() -> None:
    result = run(["migrate", "-f", str(MIGRATION / "ingresses.yaml"), "--to", "gateway"])
    assert result.exit_code == 0
    assert ingresslab.loads(result.stdout, "out.yaml").errors == []
    assert "wildcard-depth" in result.stderr


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_report_prints_the_changes_and_their_meaning(columns: int) -> None:
    args = ["migrate", "-f", str(MIGRATION / "ingresses.yaml"), "--to", "gateway", "--report"]
    result = run([*args, "--log", str(MIGRATION / "access.log")], columns)
    assert result.exit_code == 0
    assert "apiVersion" not in result.stdout and result.stderr == ""
    words = result.stdout.split()
    assert "changed-backend" in words and "(wildcard-depth)," in words
    assert "http://staging.en.blog.example.com/" in words
    meaning = " ".join(f"wildcard-depth: {GATEWAY_DIFFERENCE_KINDS['wildcard-depth']}".split())
    assert meaning in " ".join(words)
    for line in result.stdout.splitlines():
        assert len(line) <= columns or " " not in line.strip(), line


def test_the_cli_knows_the_targets() -> None:
    from ingresslab import _cli

    assert _cli.MIGRATION_TARGETS == TARGETS
