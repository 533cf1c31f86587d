"""The Gateway API model against the conformance suite's HTTPRoute cases.

Each test names the conformance test it is ported from (kubernetes-sigs/gateway-api v1.6.1,
`conformance/tests/<file>.go` and its `.yaml`); the manifests are under tests/data/gateway/,
on top of `base.yaml` (the suite's base manifests, in this repository's names). Every question
is asked twice, through the index and through the explained walk, which must agree.
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path

import pytest

import ingresslab
from ingresslab import Engine, Outcome, Request, Resolution
from ingresslab._controllers.gateway.build import intersect_hostnames
from ingresslab._controllers.gateway.route import GatewayModel, replace_prefix

DATA = Path(__file__).resolve().parent / "data" / "gateway"
SAME = "infra/same-namespace"


@cache
def model(*names: str) -> GatewayModel:
    manifests = ingresslab.load(DATA / "base.yaml", *(DATA / n for n in names))
    assert not manifests.errors, [p.message for p in manifests.errors]
    return GatewayModel(manifests)


def ask(
    gateway_model: GatewayModel,
    url: str,
    *,
    gateway: str = SAME,
    method: str = "GET",
    headers: tuple[str, ...] = (),
) -> Resolution:
    request = Request.from_url(url, method=method, headers=headers)
    [answer] = gateway_model.resolve(request, gateway=gateway)
    [explained] = gateway_model.resolve(request, gateway=gateway, explain=True)
    assert answer == explained, (answer, explained)
    assert explained.explain, "an explained answer has a trail"
    return answer


def got(answer: Resolution) -> str | int | None:
    """The Service a routed answer names, else its status."""
    if answer.outcome is Outcome.ROUTE:
        assert answer.backend is not None
        return answer.backend.service
    return answer.status


# -- matching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "headers", "expected"),
    [
        ("/", (), "backend-v1"),
        ("/example", (), "backend-v1"),
        ("/", ("Version: one",), "backend-v1"),
        ("/v2", (), "backend-v2"),
        ("/v2/example", (), "backend-v2"),
        ("/", ("Version: two",), "backend-v2"),
        ("/v2/", (), "backend-v2"),
        ("/v2example", (), "backend-v1"),  # not an element-wise prefix
        ("/foo/v2/example", (), "backend-v1"),
    ],
)
def test_matching(path: str, headers: tuple[str, ...], expected: str) -> None:
    """httproute-matching.go (HTTPRouteMatching)."""
    assert got(ask(model("matching.yaml"), f"http://example.com{path}", headers=headers)) == (
        expected
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/match/exact/one", "backend-v3"),
        ("/match/exact", "backend-v2"),
        ("/match", "backend-v1"),
        ("/match/prefix/one/any", "backend-v2"),
        ("/match/prefix/any", "backend-v1"),
        ("/match/any", "backend-v3"),
    ],
)
def test_path_match_order(path: str, expected: str) -> None:
    """httproute-path-match-order.go (HTTPRoutePathMatchOrder)."""
    assert got(ask(model("path-match-order.yaml"), f"http://example.com{path}")) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/one", "backend-v1"), ("/two", "backend-v2"), ("/", 404), ("/one/example", 404),
     ("/two/", 404), ("/Two", 404)],
)  # fmt: skip
def test_exact_path_matching(path: str, expected: str | int) -> None:
    """httproute-exact-path-matching.go (HTTPRouteExactPathMatching)."""
    assert got(ask(model("exact-path-matching.yaml"), f"http://example.com{path}")) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (("Version: one",), "backend-v1"),
        (("Version: two",), "backend-v2"),
        (("Version: two", "Color: orange"), "backend-v1"),
        (("Version: two", "Color: blue"), "backend-v2"),  # equal precedence: the first rule
        (("Color: orange",), 404),
        (("Some-Other-Header: one",), 404),
        (("Color: blue",), "backend-v1"),
        (("Color: green",), "backend-v1"),
        (("Color: red",), "backend-v2"),
        (("Color: yellow",), "backend-v2"),
        (("Color: purple",), 404),
        (("COLOR: red",), "backend-v2"),  # names are case-insensitive
        (("Color: Red",), 404),  # values are not
    ],
)
def test_header_matching(headers: tuple[str, ...], expected: str | int) -> None:
    """httproute-header-matching.go (HTTPRouteHeaderMatching)."""
    answer = ask(model("header-matching.yaml"), "http://example.com/", headers=headers)
    assert got(answer) == expected


@pytest.mark.parametrize(
    ("path", "headers", "expected"),
    [
        ("/?animal=whale", (), "backend-v1"),
        ("/?animal=dolphin", (), "backend-v2"),
        ("/?animal=dolphin&color=blue", (), "backend-v3"),
        ("/?ANIMAL=Whale", (), "backend-v3"),
        ("/?animal=whale&otherparam=irrelevant", (), "backend-v1"),
        ("/?animal=dolphin&color=yellow", (), "backend-v2"),
        ("/?color=blue", (), 404),
        ("/?animal=dog", (), 404),
        ("/?animal=whaledolphin", (), 404),
        ("/", (), 404),
        ("/path1?animal=whale", (), "backend-v1"),
        ("/?animal=whale", ("version: one",), "backend-v2"),
        ("/path2?animal=whale", ("version: two",), "backend-v3"),
        ("/path3?animal=shark", (), "backend-v1"),
        ("/path4?animal=kraken", ("version: three",), "backend-v1"),
        ("/?animal=shark", (), 404),
        ("/path4?animal=kraken", (), 404),
        ("/path5?animal=hydra", (), "backend-v1"),  # a longer prefix outranks a parameter
        ("/?animal=hydra", ("version: four",), "backend-v3"),  # a header outranks a parameter
    ],
)
def test_query_param_matching(path: str, headers: tuple[str, ...], expected: str | int) -> None:
    """httproute-query-param-matching.go (HTTPRouteQueryParamMatching)."""
    answer = ask(model("query-param-matching.yaml"), f"http://example.com{path}", headers=headers)
    assert got(answer) == expected


@pytest.mark.parametrize(
    ("method", "path", "headers", "expected"),
    [
        ("POST", "/", (), "backend-v1"),
        ("GET", "/", (), "backend-v2"),
        ("HEAD", "/", (), 404),
        ("GET", "/path1", (), "backend-v1"),
        ("PUT", "/", ("version: one",), "backend-v2"),
        ("POST", "/path2", ("version: two",), "backend-v3"),
        ("PATCH", "/path3", (), "backend-v1"),
        ("DELETE", "/path4", ("version: three",), "backend-v1"),
        ("PUT", "/", (), 404),
        ("DELETE", "/path4", (), 404),
        ("PATCH", "/path5", (), "backend-v1"),  # a longer prefix outranks a method
        ("PATCH", "/", ("version: four",), "backend-v2"),  # a method outranks a header
    ],
)
def test_method_matching(
    method: str, path: str, headers: tuple[str, ...], expected: str | int
) -> None:
    """httproute-method-matching.go (HTTPRouteMethodMatching)."""
    answer = ask(
        model("method-matching.yaml"), f"http://example.com{path}", method=method, headers=headers
    )
    assert got(answer) == expected


@pytest.mark.parametrize(
    ("host", "path", "headers", "expected"),
    [
        ("example.com", "/", (), "backend-v1"),
        ("example.com", "/example", (), "backend-v1"),
        ("example.net", "/example", (), "backend-v1"),
        ("example.com", "/example", ("Version: one",), "backend-v1"),
        ("example.com", "/v2", (), "backend-v2"),
        ("example.net", "/v2", (), "backend-v1"),  # the v2 rules are for example.com only
        ("example.com", "/v2/example", (), "backend-v2"),
        ("example.com", "/", ("Version: two",), "backend-v2"),
    ],
)
def test_matching_across_routes(
    host: str, path: str, headers: tuple[str, ...], expected: str
) -> None:
    """httproute-matching-across-routes.go (HTTPRouteMatchingAcrossRoutes)."""
    answer = ask(model("matching-across-routes.yaml"), f"http://{host}{path}", headers=headers)
    assert got(answer) == expected
    assert answer.matched is not None and answer.matched.host == host


# -- hostnames and listeners -------------------------------------------------------------------

INTERSECTION = "infra/intersection"


@pytest.mark.parametrize(
    ("host", "path", "expected"),
    [
        ("very.specific.com", "/s1", "backend-v1"),
        ("very.specific.com:1234", "/s1", "backend-v1"),  # the Host's port is ignored
        ("non.matching.com", "/s1", 404),
        ("foo.nonmatchingwildcard.io", "/s1", 404),
        ("foo.wildcard.io", "/s1", 404),
        ("very.specific.com", "/non-matching-prefix", 404),
        ("foo.wildcard.io", "/s2", "backend-v2"),
        ("bar.wildcard.io", "/s2", "backend-v2"),
        ("foo.bar.wildcard.io", "/s2", "backend-v2"),
        ("non.matching.com", "/s2", 404),
        ("wildcard.io", "/s2", 404),
        ("very.specific.com", "/s2", 404),
        ("foo.wildcard.io", "/non-matching-prefix", 404),
        ("very.specific.com", "/s3", "backend-v3"),
        ("non.matching.com", "/s3", 404),
        ("foo.specific.com", "/s3", 404),
        ("foo.wildcard.io", "/s3", 404),
        ("foo.anotherwildcard.io", "/s4", "backend-v1"),
        ("bar.anotherwildcard.io", "/s4", "backend-v1"),
        ("foo.bar.anotherwildcard.io", "/s4", "backend-v1"),
        ("anotherwildcard.io", "/s4", 404),
        ("foo.wildcard.io", "/s4", 404),
        ("very.specific.com", "/s4", 404),
        ("specific.but.wrong.com", "/s5", 404),
        ("wildcard.io", "/s5", 404),
    ],
)
def test_hostname_intersection(host: str, path: str, expected: str | int) -> None:
    """httproute-hostname-intersection.go (HTTPRouteHostnameIntersection)."""
    gateway_model = model("hostname-intersection.yaml")
    request = Request("http", host, path)  # sent to port 80, whatever the Host says
    [answer] = gateway_model.resolve(request, gateway=INTERSECTION)
    [explained] = gateway_model.resolve(request, gateway=INTERSECTION, explain=True)
    assert answer == explained
    assert got(answer) == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [("first.com", "backend-v2"), ("sub.first.com", "backend-v2"), ("second.com", "backend-v2"),
     ("sub.second.com", "backend-v2"), ("third.com", 404), ("sub.third.com", 404)],
)  # fmt: skip
def test_hostname_intersection_with_a_listener_without_hostname(
    host: str, expected: str | int
) -> None:
    """httproute-hostname-intersection.go ("HTTPRoutes intersects with an unspecified hostname
    listener")."""
    answer = ask(model("hostname-intersection.yaml"), f"http://{host}/",
                 gateway="infra/intersection-all")  # fmt: skip
    assert got(answer) == expected


def test_attached_routes_per_listener() -> None:
    """httproute-hostname-intersection.go ("HTTPRoutes have to be counted in AttachedRoutes
    only if they are Accepted"): 2, 1 and 1."""
    [built] = [g for g in model("hostname-intersection.yaml").gateways
               if g.gateway.ref == INTERSECTION]  # fmt: skip
    assert {bl.listener.name: len(bl.routes) for bl in built.listeners} == {
        "specific": 2, "wildcard": 1, "other-wildcard": 1,
    }  # fmt: skip


def test_no_intersecting_hostname_is_not_accepted() -> None:
    """httproute-hostname-intersection.go: Accepted=False, NoMatchingListenerHostname."""
    statuses = {s.route: s for s in model("hostname-intersection.yaml").route_statuses}
    [parent] = statuses["infra/no-intersection"].parents
    assert (parent.accepted, parent.reason) == (False, "NoMatchingListenerHostname")
    [parent] = statuses["infra/specific-on-wildcard"].parents
    assert (parent.accepted, parent.reason, parent.listeners) == (True, "Accepted", ("wildcard",))


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("bar.com", "backend-v1"),
        ("foo.bar.com", "backend-v2"),  # exact before wildcard
        ("baz.bar.com", "backend-v3"),
        ("boo.bar.com", "backend-v3"),
        ("multiple.prefixes.bar.com", "backend-v3"),
        ("multiple.prefixes.foo.com", "backend-v3"),
        ("foo.com", 404),  # a wildcard takes no host without a label in its place
        ("no.matching.host", 404),
    ],
)
def test_listener_hostname_matching(host: str, expected: str | int) -> None:
    """httproute-listener-hostname-matching.go (HTTPRouteListenerHostnameMatching)."""
    answer = ask(model("listener-hostname-matching.yaml"), f"http://{host}/",
                 gateway="infra/listener-hostnames")  # fmt: skip
    assert got(answer) == expected


@pytest.mark.parametrize(
    ("host", "path", "expected"),
    [
        ("bar.com", "/empty-hostname", "backend-v1"),
        ("bar.com", "/wildcard-example-com", 404),
        ("bar.com", "/wildcard-foo-example-com", 404),
        ("bar.com", "/abc-foo-example-com", 404),
        ("bar.example.com", "/empty-hostname", 404),
        ("bar.example.com", "/wildcard-example-com", "backend-v1"),
        ("bar.example.com", "/wildcard-foo-example-com", 404),
        ("bar.example.com", "/abc-foo-example-com", 404),
        ("bar.foo.example.com", "/empty-hostname", 404),
        ("bar.foo.example.com", "/wildcard-example-com", 404),
        ("bar.foo.example.com", "/wildcard-foo-example-com", "backend-v1"),
        ("bar.foo.example.com", "/abc-foo-example-com", 404),
        ("abc.foo.example.com", "/empty-hostname", 404),
        ("abc.foo.example.com", "/wildcard-example-com", 404),
        ("abc.foo.example.com", "/wildcard-foo-example-com", 404),
        ("abc.foo.example.com", "/abc-foo-example-com", "backend-v1"),
    ],
)
def test_listener_isolation(host: str, path: str, expected: str | int) -> None:
    """gateway-http-listener-isolation.go (GatewayHTTPListenerIsolation), with the routes of its
    -with-hostname-intersection manifests."""
    answer = ask(model("listener-isolation.yaml"), f"http://{host}{path}",
                 gateway="infra/isolation")  # fmt: skip
    assert got(answer) == expected


def test_listener_isolation_is_said_and_hostnames_narrow() -> None:
    """gateway-http-listener-isolation-with-hostname-intersection.yaml: `*.example.com` on the
    `*.foo.example.com` listener becomes `*.foo.example.com`; the trail names the isolation."""
    gateway_model = model("listener-isolation.yaml")
    request = Request.from_url("http://bar.foo.example.com/wildcard-foo-example-com")
    [answer] = gateway_model.resolve(request, gateway="infra/isolation", explain=True)
    assert answer.listener == "wildcard-foo-example-com"
    assert answer.matched is not None and answer.matched.host == "*.foo.example.com"
    assert any("Listener Isolation" in step.reason for step in answer.explain)
    assert intersect_hostnames("*.foo.example.com", ["*.example.com", "bar.com"]) == (
        "*.foo.example.com",
    )
    assert intersect_hostnames("abc.foo.example.com", ["*.example.com", "*.foo.example.com"]) == (
        "abc.foo.example.com",
    )
    assert intersect_hostnames(None, []) == ()
    assert intersect_hostnames("*.wildcard.io", ["wildcard.io"]) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://foo.com/", "backend-v1"),
        ("http://foo.com:8080/", "backend-v2"),
        ("http://bar.com:8080/", "backend-v2"),
        ("http://foo.com:8090/", "backend-v3"),
        ("http://bar.com:8090/", 404),
    ],
)
def test_listener_port_matching(url: str, expected: str | int) -> None:
    """httproute-listener-port-matching.go (HTTPRouteListenerPortMatching)."""
    assert got(ask(model("listener-port-matching.yaml"), url, gateway="infra/ports")) == expected


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("infra/wrong-port", "NoMatchingParent"),
        ("infra/wrong-section", "NoMatchingParent"),
        ("infra/section-and-wrong-port", "NoMatchingParent"),
        ("infra/disallowed-kind", "NotAllowedByListeners"),
        ("web/other-namespace", "NotAllowedByListeners"),
    ],
)
def test_routes_not_accepted(route: str, reason: str) -> None:
    """httproute-invalid-parentref-not-matching-listener-port.go,
    -not-matching-section-name.go, -section-name-not-matching-port.go (NoMatchingParent),
    httproute-disallowed-kind.go and httproute-invalid-cross-namespace-parent-ref.go
    (NotAllowedByListeners)."""
    gateway_model = model("parent-refs.yaml")
    statuses = {s.route: s for s in gateway_model.route_statuses}
    [parent] = statuses[route].parents
    assert (parent.accepted, parent.reason) == (False, reason)
    # Refused routes route nothing, and the explanation says why.
    assert parent.gateway is not None
    url = "https://example.com/" if parent.gateway == "infra/tls-routes-only" else "http://a/"
    [answer] = gateway_model.resolve(Request.from_url(url), gateway=parent.gateway, explain=True)
    assert answer.outcome in (Outcome.NOT_FOUND, Outcome.NO_LISTENER)
    assert any(s.candidate == f"HTTPRoute {route}" and reason in s.reason for s in answer.explain)


def test_a_parent_the_input_lacks_is_said() -> None:
    statuses = {s.route: s for s in model("parent-refs.yaml").route_statuses}
    [parent] = statuses["infra/no-such-gateway"].parents
    assert parent.gateway is None and parent.reason is None
    assert "not-in-the-input" in parent.message


def test_cross_namespace_by_selector() -> None:
    """httproute-cross-namespace.go (HTTPRouteCrossNamespace): the selector takes namespaces
    by label; a namespace the input lacks has only its kubernetes.io/metadata.name label."""
    gateway_model = model("cross-namespace.yaml")
    answer = ask(gateway_model, "http://example.com/", gateway="infra/backend-namespaces")
    assert answer.backend == ingresslab.Backend("web", "web-backend", 8080)
    assert answer.matched is not None and answer.matched.route == "web/from-web"
    statuses = {s.route: s for s in gateway_model.route_statuses}
    [parent] = statuses["elsewhere/from-unlabelled"].parents
    assert parent.reason == "NotAllowedByListeners"
    assert "kubernetes.io/metadata.name" in parent.message


# -- filters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gateway", "url", "location"),
    [
        (SAME, "http://example.com/scheme-nil-and-port-nil", "http://example.org/scheme-nil-and-port-nil"),
        (SAME, "http://example.com/scheme-nil-and-port-80", "http://example.org/scheme-nil-and-port-80"),
        (SAME, "http://example.com/scheme-nil-and-port-8080",
         "http://example.org:8080/scheme-nil-and-port-8080"),
        (SAME, "http://example.com/scheme-https-and-port-nil",
         "https://example.org/scheme-https-and-port-nil"),
        (SAME, "http://example.com/scheme-https-and-port-443",
         "https://example.org/scheme-https-and-port-443"),
        (SAME, "http://example.com/scheme-https-and-port-8443",
         "https://example.org:8443/scheme-https-and-port-8443"),
        ("infra/http-8080", "http://example.com:8080/scheme-nil-and-port-nil",
         "http://example.org:8080/scheme-nil-and-port-nil"),
        ("infra/http-8080", "http://example.com:8080/scheme-nil-and-port-80",
         "http://example.org/scheme-nil-and-port-80"),
        ("infra/http-8080", "http://example.com:8080/scheme-https-and-port-nil",
         "https://example.org/scheme-https-and-port-nil"),
        ("infra/https-443", "https://example.com/scheme-nil-and-port-nil",
         "https://example.org/scheme-nil-and-port-nil"),
        ("infra/https-443", "https://example.com/scheme-nil-and-port-443",
         "https://example.org/scheme-nil-and-port-443"),
        ("infra/https-443", "https://example.com/scheme-nil-and-port-8443",
         "https://example.org:8443/scheme-nil-and-port-8443"),
        ("infra/https-443", "https://example.com/scheme-http-and-port-nil",
         "http://example.org/scheme-http-and-port-nil"),
        ("infra/https-443", "https://example.com/scheme-http-and-port-80",
         "http://example.org/scheme-http-and-port-80"),
        ("infra/https-443", "https://example.com/scheme-http-and-port-8080",
         "http://example.org:8080/scheme-http-and-port-8080"),
    ],
)  # fmt: skip
def test_redirect_port_and_scheme(gateway: str, url: str, location: str) -> None:
    """httproute-redirect-port-and-scheme.go (HTTPRouteRedirectPortAndScheme)."""
    answer = ask(model("redirect-port-and-scheme.yaml"), url, gateway=gateway)
    assert (answer.outcome, answer.status, answer.location) == (Outcome.REDIRECT, 302, location)


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("/original-prefix/lemon", 302, "http://example.com/replacement-prefix/lemon"),
        ("/full/path/original", 302, "http://example.com/full-path-replacement"),
        ("/path-and-host", 302, "http://example.org/replacement-prefix"),
        ("/path-and-status", 301, "http://example.com/replacement-prefix"),
        ("/full-path-and-host", 302, "http://example.org/replacement-full"),
        ("/full-path-and-status", 301, "http://example.com/replacement-full"),
        ("/hostname-redirect", 302, "http://example.org/hostname-redirect"),
        ("/host-and-status", 301, "http://example.org/host-and-status"),
        ("/original-prefix/lemon?q=1", 302, "http://example.com/replacement-prefix/lemon?q=1"),
    ],
)
def test_redirect_path_host_and_status(path: str, status: int, location: str) -> None:
    """httproute-redirect-path.go (HTTPRouteRedirectPath) and
    httproute-redirect-host-and-status.go (HTTPRouteRedirectHostAndStatus)."""
    answer = ask(model("redirect-path.yaml"), f"http://example.com:80{path}")
    assert (answer.outcome, answer.status, answer.location) == (Outcome.REDIRECT, status, location)


@pytest.mark.parametrize(
    ("path", "upstream"),
    [
        ("/prefix/one/two", "/one/two"),
        ("/strip-prefix/three", "/three"),
        ("/strip-prefix", "/"),
        ("/full/one/two", "/one"),
        ("/full/rewrite-path-and-modify-headers/test", "/test"),
        ("/prefix/rewrite-path-and-modify-headers/one", "/prefix/one"),
        ("/prefix/one/two?x=1", "/one/two?x=1"),
    ],
)
def test_rewrite_path(path: str, upstream: str) -> None:
    """httproute-rewrite-path.go (HTTPRouteRewritePath)."""
    answer = ask(model("rewrite-path.yaml"), f"http://example.com{path}")
    assert (got(answer), answer.upstream_path) == ("backend-v1", upstream)


def test_rewrite_host_is_said() -> None:
    """httproute-rewrite-host.go (HTTPRouteRewriteHost): the backend gets the new Host."""
    answer = ask(model("rewrite-path.yaml"), "http://example.com/host/x")
    assert answer.upstream_path is None
    assert answer.message is not None and "Host one.example.org" in answer.message


@pytest.mark.parametrize(
    ("path", "prefix", "replacement", "expected"),
    [
        ("/foo/bar", "/foo", "/xyz", "/xyz/bar"),
        ("/foo/bar", "/foo", "/xyz/", "/xyz/bar"),
        ("/foo/bar", "/foo/", "/xyz", "/xyz/bar"),
        ("/foo/bar", "/foo/", "/xyz/", "/xyz/bar"),
        ("/foo", "/foo", "/xyz", "/xyz"),
        ("/foo/", "/foo", "/xyz", "/xyz/"),
        ("/foo/bar", "/foo", "", "/bar"),
        ("/foo/", "/foo", "", "/"),
        ("/foo", "/foo", "", "/"),
        ("/foo/", "/foo", "/", "/"),
        ("/foo", "/foo", "/", "/"),
    ],
)
def test_replace_prefix_match_table(
    path: str, prefix: str, replacement: str, expected: str
) -> None:
    """The table of HTTPPathModifier.ReplacePrefixMatch (apis/v1/httproute_types.go)."""
    assert replace_prefix(prefix, path, replacement) == expected


# -- backends ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("nonexistent.example", "BackendNotFound"),
        ("unknown-kind.example", "InvalidKind"),
        ("no-grant.example", "RefNotPermitted"),
        ("missing-port.example", "BackendNotFound"),
    ],
)
def test_invalid_backends_answer_500(host: str, reason: str) -> None:
    """httproute-invalid-nonexistent-backendref.go (BackendNotFound),
    httproute-invalid-backendref-unknown-kind.go (InvalidKind),
    httproute-invalid-cross-namespace-backend-ref.go and httproute-invalid-reference-grant.go
    (RefNotPermitted, whatever the grants that miss)."""
    gateway_model = model("invalid-backends.yaml")
    answer = ask(gateway_model, f"http://{host}/")
    assert (answer.outcome, answer.status) == (Outcome.INVALID_BACKEND, 500)
    assert answer.message is not None and reason in answer.message
    route = answer.matched.route if answer.matched else None
    status = {s.route: s for s in gateway_model.route_statuses}[str(route)]
    assert (status.resolved_refs, status.resolved_refs_reason) == (False, reason)


def test_reference_grant() -> None:
    """httproute-reference-grant.go (HTTPRouteReferenceGrant)."""
    answer = ask(model("reference-grant.yaml"), "http://example.com/")
    assert answer.backend == ingresslab.Backend("web", "web-backend", 8080)


@pytest.mark.parametrize(("path", "expected"), [("/v2", 500), ("/", "app-v1")])
def test_partially_invalid_via_reference_grant(path: str, expected: str | int) -> None:
    """httproute-partially-invalid-via-invalid-reference-grant.go."""
    assert got(ask(model("partially-invalid.yaml"), f"http://example.com{path}")) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/forward", "backend-v1"), ("/omitted-no-forward", 500), ("/empty-no-forward", 500)],
)
def test_omitted_backend_refs(path: str, expected: str | int) -> None:
    """httproute-omitted-backendrefs.go (HTTPRouteOmittedBackendRefs)."""
    answer = ask(model("omitted-backendrefs.yaml"), f"http://example.com{path}")
    assert got(answer) == expected
    if expected == 500:
        assert answer.outcome is Outcome.INVALID_BACKEND


def test_weights_are_said() -> None:
    """httproute-weight.go (HTTPRouteWeight): the answer names the heaviest and says the
    split; weight 0 gets no traffic."""
    answer = ask(model("weight.yaml"), "http://example.com/")
    assert got(answer) == "backend-v1"
    assert answer.message is not None
    assert "infra/backend-v1:8080 weight 70 (70%)" in answer.message
    assert "infra/backend-v2:8080 weight 30 (30%)" in answer.message
    assert "infra/backend-v3:8080 weight 0 (no traffic)" in answer.message


def test_weights_with_an_invalid_share_and_without_traffic() -> None:
    """HTTPRouteRule.BackendRefs: the share going to an invalid backend gets 500; a rule whose
    every weight is 0 forwards nothing; no ready endpoint: 503."""
    gateway_model = model("weight.yaml")
    half = ask(gateway_model, "http://example.com/half-invalid")
    assert (half.outcome, half.status) == (Outcome.INVALID_BACKEND, 500)
    assert half.message is not None and "weight 1 (25%)" in half.message
    assert "weight 3 (75%, invalid: BackendNotFound, answered 500)" in half.message
    zero = ask(gateway_model, "http://example.com/all-zero")
    assert (zero.outcome, zero.status) == (Outcome.INVALID_BACKEND, 500)
    empty = ask(gateway_model, "http://example.com/no-endpoints")
    assert (empty.outcome, empty.status) == (Outcome.SERVICE_UNAVAILABLE, 503)


# -- the contract --------------------------------------------------------------------------------


def test_registered_but_not_a_default() -> None:
    manifests = ingresslab.load(DATA / "base.yaml", DATA / "matching.yaml")
    engine = Engine(manifests)
    assert isinstance(engine.model("gateway"), GatewayModel)
    assert "gateway" not in ingresslab.CONTROLLERS
    answers = engine.resolve("http://example.com/v2", controllers=("gateway",))
    assert [a.load_balancer for a in answers] == [
        "infra/same-namespace", "infra/all-namespaces", "infra/backend-namespaces",
    ]  # fmt: skip
    chosen = ingresslab.route(manifests, "http://example.com/v2", controller="gateway")
    assert (chosen.load_balancer, got(chosen)) == (SAME, "backend-v2")
    shape = chosen.as_dict()
    assert shape["listener"] == "http"
    assert shape["matched"]["route"] == "infra/matching" and shape["matched"]["rule"] == 1
    json.dumps(shape)


def test_ingresses_and_gateways_ignore_each_other() -> None:
    manifests = ingresslab.load(
        DATA / "base.yaml", DATA / "matching.yaml", "examples/some-ingress.yaml"
    )
    engine = Engine(manifests, assume_services=True)
    spec = engine.answer("http://my.example.com/some-path", "spec")
    assert spec.outcome is Outcome.ROUTE and spec.matched is not None
    assert spec.matched.route is None
    gateway = engine.model("gateway")
    assert gateway.decisions and not any(d.managed for d in gateway.decisions)
    only_ingress = Engine(ingresslab.load("examples/some-ingress.yaml"))
    [answer] = only_ingress.resolve("http://my.example.com/", controllers=("gateway",))
    assert answer.outcome is Outcome.IGNORED
    assert "no Gateway" in str(answer.message)


def test_no_gateway_on_the_port_and_wrong_scheme() -> None:
    gateway_model = model("matching.yaml")
    [answer] = gateway_model.resolve(Request.from_url("http://example.com:81/"))
    assert answer.outcome is Outcome.NO_LISTENER and answer.load_balancer is None
    [answer] = gateway_model.resolve(Request.from_url("https://example.com:80/"), gateway=SAME)
    assert answer.outcome is Outcome.NO_LISTENER
    with pytest.raises(ValueError, match="no Gateway"):
        gateway_model.resolve(Request.from_url("http://example.com/"), gateway="infra/nope")


def test_implementation_specific_choices_are_said() -> None:
    manifests = ingresslab.loads(
        """
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: any
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: gw}]
  rules:
  - matches: [{path: {type: RegularExpression, value: "/api/v[0-9]+/.*"}}]
    backendRefs: [{name: api, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: prefix, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /h}, headers: [{name: x-v, value: "2"}]}]
    backendRefs: [{name: header, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /q}, queryParams: [{name: v, value: "2"}]}]
    backendRefs: [{name: query, port: 80}]
"""
    )
    gateway_model = GatewayModel(manifests)
    # A PathPrefix outranks every regular expression here (implementation-specific): said.
    assert got(ask(gateway_model, "http://a/api/v1/x", gateway="default/gw")) == "prefix"
    regex = ask(gateway_model, "http://a/v1/x", gateway="default/gw")
    assert got(regex) == 404
    # A repeated header is read as its values joined by ", " (implementation-specific).
    answer = ask(gateway_model, "http://a/h", gateway="default/gw", headers=("X-V: 2", "x-v: 3"))
    assert got(answer) == 404
    assert got(ask(gateway_model, "http://a/h", gateway="default/gw", headers=("X-V: 2",))) == (
        "header"
    )
    answer = ask(gateway_model, "http://a/q?v=2&v=3", gateway="default/gw")
    assert got(answer) == "query"
    assert answer.message is not None and "first value" in answer.message


def test_regular_expression_answers_say_so() -> None:
    manifests = ingresslab.loads(
        """
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: any
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: gw}]
  rules:
  - matches: [{path: {type: RegularExpression, value: "/api/v[0-9]+/.*"}}]
    backendRefs: [{name: api, port: 80}]
"""
    )
    answer = ask(GatewayModel(manifests), "http://a/api/v2/users", gateway="default/gw")
    assert got(answer) == "api"
    assert answer.message is not None and "implementation-specific" in answer.message
    assert got(ask(GatewayModel(manifests), "http://a/xapi/v2/users", gateway="default/gw")) == 404


# -- the index against the explained walk ----------------------------------------------------------


def _random_route_set(rng: random.Random, routes: int) -> str:
    hosts = ["a.example.com", "b.example.com", "*.example.com", "*.b.example.com", "x.org"]
    paths = ["/a", "/a/", "/a/b", "/ab", "/b", "/a/b/c", "/c"]
    docs = [
        """apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: any
  listeners:
  - {name: any, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
  - {name: wild, port: 80, protocol: HTTP, hostname: "*.example.com",
     allowedRoutes: {namespaces: {from: All}}}
  - {name: exact, port: 80, protocol: HTTP, hostname: b.example.com,
     allowedRoutes: {namespaces: {from: All}}}"""
    ]
    for i in range(routes):
        chosen = rng.sample(hosts, rng.randint(0, 2))
        rules = []
        for _ in range(rng.randint(1, 4)):
            matches = []
            for _ in range(rng.randint(1, 2)):
                kind = rng.choice(["Exact", "PathPrefix", "PathPrefix", "RegularExpression"])
                value = rng.choice(paths) if kind != "RegularExpression" else "/a.*"
                if kind == "PathPrefix" and rng.random() < 0.05:
                    value = "/"
                match = f"{{path: {{type: {kind}, value: '{value}'}}"
                if rng.random() < 0.3:
                    match += ", method: " + rng.choice(["GET", "POST"])
                if rng.random() < 0.3:
                    match += f", headers: [{{name: v, value: '{rng.randint(1, 2)}'}}]"
                if rng.random() < 0.3:
                    match += f", queryParams: [{{name: q, value: '{rng.randint(1, 2)}'}}]"
                matches.append(match + "}")
            rules.append(
                f"  - matches: [{', '.join(matches)}]\n"
                f"    backendRefs: [{{name: s{rng.randint(1, 5)}, port: 80}}]"
            )
        stamp = (
            ""
            if rng.random() < 0.5
            else f", creationTimestamp: '2026-01-0{rng.randint(1, 3)}T00:00:00Z'"
        )
        docs.append(
            f"""apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: r{i}, namespace: ns{rng.randint(1, 2)}{stamp}}}
spec:
  parentRefs: [{{name: gw, namespace: default}}]
  hostnames: [{", ".join(f'"{h}"' for h in chosen)}]
  rules:
"""
            + "\n".join(rules)
        )
    return "\n---\n".join(docs)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_index_equals_explained_walk(seed: int) -> None:
    rng = random.Random(seed)
    manifests = ingresslab.loads(_random_route_set(rng, 25))
    assert not manifests.errors, [p.message for p in manifests.errors]
    gateway_model = GatewayModel(manifests)
    hosts = ["a.example.com", "b.example.com", "c.b.example.com", "x.org", "example.com", "z"]
    paths = ["/", "/a", "/a/", "/a/b", "/ab", "/a/b/c/d", "/b", "//a", "/A"]
    for _ in range(300):
        request = Request.from_url(
            f"http://{rng.choice(hosts)}{rng.choice(paths)}" + rng.choice(["", "?q=1", "?q=2&q=1"]),
            method=rng.choice(["GET", "POST"]),
            headers=rng.choice([(), ("V: 1",), ("v: 2",)]),
        )
        assert gateway_model.resolve(request) == gateway_model.resolve(request, explain=True), (
            request
        )
