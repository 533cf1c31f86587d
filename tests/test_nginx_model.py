"""The ingress-nginx model: servers and locations as the controller renders them, and nginx's
answer to a request. Each test names the upstream source of the behaviour it checks
(ingress-nginx controller-v1.15.1, nginx release-1.27.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ingresslab
from ingresslab import RETIREMENT_NOTE, Backend, NginxModel, Outcome, Request
from ingresslab._http import nginx_host as normalize_host
from ingresslab._http import nginx_uri as normalize_uri

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def model(name: str, **kwargs: object) -> NginxModel:
    return NginxModel(ingresslab.load(EXAMPLES / name), options=ingresslab.Options(**kwargs))  # type: ignore[arg-type]


def ask(m: NginxModel, url: str) -> ingresslab.Resolution:
    """Resolve through the index and through the explained walk; both must agree."""
    request = Request.from_url(url)
    fast, explained = m.answer(request), m.answer(request, explain=True)
    assert fast == explained
    return fast


def ingress(name: str, host: str | None, paths: str, annotations: str = "", ts: str = "") -> str:
    host_line = f"host: {host}\n    " if host else ""
    created = f"\n  creationTimestamp: '{ts}'" if ts else ""
    return f"""
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}{created}
  annotations: {{{annotations}}}
spec:
  ingressClassName: nginx
  rules:
  - {host_line}http:
      paths: {paths}
---"""


def path(p: str, kind: str, svc: str) -> str:
    backend = f"{{service: {{name: {svc}, port: {{number: 80}}}}}}"
    return f"{{path: '{p}', pathType: {kind}, backend: {backend}}}"


HOME = [
    ("http://my.example.com/some-path", Outcome.ROUTE, "service-a", 80),
    ("http://my.example.com/some-other-path", Outcome.ROUTE, "service-b", 81),
    ("http://foo.example.com/some-path", Outcome.ROUTE, "service-c", 82),
    ("http://a.b.example.com/some-path", Outcome.ROUTE, "service-d", 80),
    ("http://my.example.com/other", Outcome.NOT_FOUND, None, None),
]


@pytest.mark.parametrize(("url", "outcome", "service", "port"), HOME)
def test_home_page_ingress_routes_as_ingress_nginx_does(
    url: str, outcome: Outcome, service: str | None, port: int | None
) -> None:
    """examples/some-ingress.yaml read as nginx's. controller.go (v1.15.1) createServers: the
    host server gets a fallback `/` to the default backend, so /other on my.example.com is 404,
    not service-d as on ALB; `*.example.com` is a one-label regex (template.go
    buildServerName), so a.b.example.com falls to server `_` and its host-less rule."""
    answer = ask(model("some-ingress.yaml", ingress_class="alb"), url)
    assert answer.outcome is outcome
    expected = None if service is None else Backend("default", service, port or 0)
    assert answer.backend == expected


def test_trail_opens_with_the_retirement_note() -> None:
    """kubernetes/ingress-nginx README (archived March 2026): v1.15.x is the last release."""
    m = model("some-ingress.yaml", ingress_class="alb")
    first = m.answer(Request.from_url("http://my.example.com/"), explain=True).explain[0]
    assert first.reason == RETIREMENT_NOTE
    assert "retired in March 2026" in first.reason


def test_ingress_of_another_class_is_skipped() -> None:
    """store.go GetIngressClass (v1.15.1): spec.ingressClassName must be this controller's."""
    m = model("some-ingress.yaml")
    assert m.ingresses == ()
    # Nothing is managed, so the model answers `ignored` (decided once for every model).
    assert ask(m, "http://my.example.com/some-path").outcome is Outcome.IGNORED


def test_prefix_paths_render_as_slash_location_plus_exact_copy() -> None:
    """location.go updateServerLocations and template.go buildLocation (v1.15.1): Prefix /foo
    is `location "/foo/"` plus `location = "/foo"`, Exact is `=`, Prefix / stays `"/"`."""
    m = NginxModel(
        ingresslab.loads(
            ingress(
                "web",
                "h.example.com",
                f"[{path('/exact', 'Exact', 'a')}, {path('/foo', 'Prefix', 'b')}, "
                f"{path('/bar/', 'Prefix', 'c')}, {path('/baz', 'ImplementationSpecific', 'd')}]",
            )
        )
    )
    server = next(s for s in m.servers if s.hostname == "h.example.com")
    assert [loc.directive for loc in server.locations] == [
        'location = "/exact"',
        'location "/bar/"',
        'location = "/bar/"',
        'location "/foo/"',
        'location = "/foo"',
        'location "/baz/"',
        'location = "/baz"',
        'location "/"',
    ]


@pytest.mark.parametrize(
    ("url", "service"),
    [
        ("http://h.example.com/foo", "b"),
        ("http://h.example.com/foo/x", "b"),
        ("http://h.example.com/foobar", None),
        ("http://h.example.com/FOO", None),
        ("http://h.example.com//foo", "b"),
        ("http://h.example.com/x/../foo", "b"),
        ("http://h.example.com/foo%2Fx", "b"),
    ],
)
def test_prefix_matches_whole_segments_after_normalisation(url: str, service: str | None) -> None:
    """test/e2e/ingress/pathtype_prefix.go (v1.15.1) and ngx_http_parse_complex_uri
    (src/http/ngx_http_parse.c, nginx 1.27.1): %XX decoded, dot segments, merge_slashes on."""
    m = NginxModel(
        ingresslab.loads(ingress("web", "h.example.com", f"[{path('/foo', 'Prefix', 'b')}]"))
    )
    answer = ask(m, url)
    assert (answer.backend.service if answer.backend else None) == service


def test_prefix_with_trailing_slash_redirects_the_bare_path() -> None:
    """ngx_http_core_find_static_location auto_redirect (src/http/ngx_http_core_module.c,
    nginx 1.27.1): /docs gets 301 to /docs/ with the query; port_in_redirect off (nginx.tmpl)."""
    m = model("nginx-prefix-trailing-slash-redirect.yaml")
    answer = ask(m, "http://www.example.com:8080/docs?a=1")
    assert (answer.outcome, answer.status) == (Outcome.REDIRECT, 301)
    assert answer.location == "http://www.example.com/docs/?a=1"
    assert ask(m, "http://www.example.com/docs/x").backend == Backend("default", "docs", 80)


def test_use_regex_switches_the_whole_host_to_regex_locations() -> None:
    """template.go enforceRegexModifier (v1.15.1); docs/user-guide/ingress-path-matching.md:
    another Ingress's Exact /health becomes `~* "^/health"` and matches /healthz and /HEALTH/x."""
    m = model("nginx-regex-mode-host-wide.yaml")
    server = next(s for s in m.servers if s.hostname == "shop.example.com")
    assert server.enforce_regex
    assert all(loc.modifier == "~*" for loc in server.locations)
    for url in ("http://shop.example.com/healthz", "http://shop.example.com/HEALTH/x"):
        assert ask(m, url).backend == Backend("team-b", "health", 80)
    assert ask(m, "http://shop.example.com/api/v2/x").backend == Backend("team-a", "api", 80)
    assert ask(m, "http://shop.example.com/other").outcome is Outcome.NOT_FOUND


def test_webhook_rejects_the_newer_duplicate_host_and_path() -> None:
    """controller.go checkOverlap (v1.15.1): the newer Ingress is denied with its message."""
    m = model("nginx-webhook-overlap.yaml")
    assert [r.ingress.ref for r in m.rejections] == ["team-b/shop"]
    assert m.rejections[0].message == (
        'host "shop.example.com" and path "/cart" is already defined in ingress team-a/shop'
    )
    # the denied Ingress would not have won anyway: the request still reaches team-a's path
    assert ask(m, "http://shop.example.com/cart").backend == Backend("team-a", "cart-v1", 80)


def test_without_webhook_the_oldest_ingress_wins() -> None:
    """store.go sortIngressSlice and controller.go getBackendServers (v1.15.1): oldest first,
    the later duplicate dropped silently."""
    m = model("nginx-webhook-overlap.yaml", admission_webhook=False)
    assert ask(m, "http://shop.example.com/cart").backend == Backend("team-a", "cart-v1", 80)


def test_equal_timestamps_break_ties_by_name_descending() -> None:
    """store.go sortIngressSlice (v1.15.1): `in > jn`, so default/b is before default/a."""
    text = ingress(
        "a", "t.example.com", f"[{path('/x', 'Prefix', 'svc-a')}]", ts="2025-01-01T00:00:00Z"
    )
    text += ingress(
        "b", "t.example.com", f"[{path('/x', 'Prefix', 'svc-b')}]", ts="2025-01-01T00:00:00Z"
    )
    m = NginxModel(ingresslab.loads(text), options=ingresslab.Options(admission_webhook=False))
    assert ask(m, "http://t.example.com/x").backend == Backend("default", "svc-b", 80)


def test_prefix_and_slash_prefix_make_a_config_nginx_refuses() -> None:
    """location.go normalizePrefixPath (v1.15.1) and ngx_http_join_exact_locations
    (src/http/ngx_http.c, nginx 1.27.1): two `location "/foo/"` fail nginx -t."""
    m = model("nginx-duplicate-location.yaml")
    assert m.rejections == ()
    answer = ask(m, "http://app.example.com/foo/")
    assert answer.outcome is Outcome.INVALID_CONFIG
    assert answer.message is not None and 'duplicate location "/foo/"' in answer.message


def test_strict_path_validation_rejects_regex_characters_in_prefix_paths() -> None:
    """internal/ingress/inspector/rules.go validPathType and inspector.go (v1.15.1)."""
    m = NginxModel(
        ingresslab.loads(ingress("re", "r.example.com", f"[{path('/a+', 'Prefix', 'x')}]"))
    )
    assert [r.message for r in m.rejections] == [
        "ingress contains invalid paths: path /a+ cannot be used with pathType Prefix"
    ]
    assert ask(m, "http://r.example.com/a+").outcome is Outcome.REJECTED_BY_WEBHOOK


def test_snippet_annotations_are_rejected() -> None:
    """controller.go CheckIngress (v1.15.1): allow-snippet-annotations defaults to false."""
    text = ingress(
        "snip",
        "s.example.com",
        f"[{path('/', 'Prefix', 'x')}]",
        annotations="nginx.ingress.kubernetes.io/configuration-snippet: 'return 200;'",
    )
    m = NginxModel(ingresslab.loads(text))
    assert m.rejections[0].message.startswith(
        "nginx.ingress.kubernetes.io/configuration-snippet annotation cannot be used"
    )


@pytest.mark.parametrize(
    ("url", "status", "location"),
    [
        ("http://secure.example.com/", 308, "https://secure.example.com"),
        ("http://secure.example.com/a/?q=1", 308, "https://secure.example.com/a/?q=1"),
        ("http://secure.example.com/a/", 308, "https://secure.example.com/a"),
        ("http://secure.example.com/plain", None, None),
        ("https://secure.example.com/a", None, None),
    ],
)
def test_tls_hosts_redirect_plain_http_with_308(
    url: str, status: int | None, location: str | None
) -> None:
    """rootfs/etc/nginx/lua/lua_ingress.lua redirect_to_https and config.go http-redirect-code
    (v1.15.1): 308, trailing `/` of the raw URI dropped; ssl-redirect "false" opts out."""
    answer = ask(model("nginx-tls-redirect.yaml"), url)
    assert (answer.status, answer.location) == (status, location)


def test_force_ssl_redirect_without_tls() -> None:
    """lua_ingress.lua redirect_to_https (v1.15.1): force-ssl-redirect needs no certificate."""
    text = ingress(
        "f",
        "f.example.com",
        f"[{path('/', 'Prefix', 'x')}]",
        annotations="nginx.ingress.kubernetes.io/force-ssl-redirect: 'true'",
    )
    answer = ask(NginxModel(ingresslab.loads(text)), "http://f.example.com/p")
    assert (answer.status, answer.location) == (308, "https://f.example.com/p")


def test_missing_service_answers_503() -> None:
    """controller.go createUpstreams (no endpoints) and lua/balancer.lua (v1.15.1): 503."""
    text = ingress("w", "w.example.com", f"[{path('/', 'Prefix', 'gone')}]")
    text += (
        "\napiVersion: v1\nkind: Service\nmetadata: {name: other}\nspec: {ports: [{port: 80}]}\n"
    )
    answer = ask(NginxModel(ingresslab.loads(text)), "http://w.example.com/")
    assert (answer.outcome, answer.status) == (Outcome.SERVICE_UNAVAILABLE, 503)
    bare = NginxModel(
        ingresslab.loads(ingress("w", "w.example.com", f"[{path('/', 'Prefix', 'x')}]"))
    )
    assert ask(bare, "http://w.example.com/").outcome is Outcome.ROUTE
    none = NginxModel(
        bare_manifests := ingresslab.loads(text), options=ingresslab.Options(assume_services=False)
    )
    assert bare_manifests.services and ask(none, "http://w.example.com/").status == 503


def test_default_backend_serves_only_hosts_its_ingress_creates() -> None:
    """controller.go createServers (v1.15.1): spec.defaultBackend becomes the fallback `/` of
    the hosts this Ingress is first to name; a rule-less one becomes the catch-all of `_`."""
    text = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: d}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
  rules:
  - host: d.example.com
    http:
      paths: [{path: /a, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]
"""
    m = NginxModel(ingresslab.loads(text))
    answer = ask(m, "http://d.example.com/zzz")
    assert (answer.outcome, answer.backend) == (
        Outcome.DEFAULT_BACKEND,
        Backend("default", "fallback", 80),
    )
    assert ask(m, "http://other.example.com/").outcome is Outcome.NOT_FOUND


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("My.Example.COM", "my.example.com"),
        ("example.com.", "example.com"),
        ("example.com:8080", "example.com"),
        ("a..b", None),
        ("a/b", None),
        ("", None),
        ("a b", None),
    ],
)
def test_host_header_normalisation(host: str, expected: str | None) -> None:
    """ngx_http_validate_host (src/http/ngx_http_request.c, nginx 1.27.1)."""
    assert normalize_host(host) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/a//b", "/a/b"),
        ("/a/./b/.", "/a/b/"),
        ("/a/b/../c", "/a/c"),
        ("/a/%2e%2e/c", "/c"),
        ("/%41%25", "/A%"),
        ("/../a", None),
        ("/a%00", None),
        ("/a%zz", None),
        ("/a%2", None),
        ("/a+b", "/a+b"),
    ],
)
def test_uri_normalisation(raw: str, expected: str | None) -> None:
    """ngx_http_parse_complex_uri (src/http/ngx_http_parse.c, nginx 1.27.1)."""
    assert normalize_uri(raw) == expected


def test_bad_requests() -> None:
    """nginx 1.27.1: `..` above the root is 400; a request line over 8192 bytes is 414
    (large_client_header_buffers 4 8k, config.go v1.15.1)."""
    m = model("some-ingress.yaml", ingress_class="alb")
    assert ask(m, "http://my.example.com/../x").status == 400
    assert ask(m, "http://my..example.com/").status == 400
    assert ask(m, "http://my.example.com/" + "a" * 8176).status == 404
    too_long = ask(m, "http://my.example.com/" + "a" * 8177)
    assert (too_long.outcome, too_long.status) == (Outcome.BAD_REQUEST, 414)


SEGMENTS = st.sampled_from(["a", "b", "ab", "A", "v1", "x.y"])
PATHS = st.lists(SEGMENTS, min_size=0, max_size=3).map(lambda s: "/" + "/".join(s))
RULES = st.lists(
    st.tuples(
        st.sampled_from([None, "h.example.com", "*.example.com"]),
        PATHS,
        st.sampled_from(["Exact", "Prefix", "ImplementationSpecific"]),
        st.booleans(),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(
    rules=RULES,
    requests=st.lists(
        st.tuples(st.sampled_from(["h.example.com", "x.example.com", "a.b.example.com"]), PATHS),
        min_size=1,
        max_size=6,
    ),
    slash=st.booleans(),
)
def test_index_agrees_with_the_explained_walk(
    rules: list[tuple[str | None, str, str, bool, int]],
    requests: list[tuple[str, str]],
    slash: bool,
) -> None:
    """The index must give the answer of the walk over every server and location in nginx's
    order (ngx_http_core_find_location, nginx 1.27.1)."""
    text = ""
    for i, (host, p, kind, regex, ts) in enumerate(rules):
        anns = "nginx.ingress.kubernetes.io/use-regex: 'true'" if regex else ""
        p = p + "/" if slash and p != "/" else p
        text += ingress(
            f"i{i}",
            f'"{host}"' if host else None,
            f"[{path(p, kind, f's{i}')}]",
            anns,
            ts=f"2025-01-0{ts + 1}T00:00:00Z",
        )
    m = NginxModel(ingresslab.loads(text))
    for host, p in requests:
        ask(m, f"http://{host}{p}")
        ask(m, f"http://{host}{p}/")


def test_tls_entry_without_hosts_still_redirects_every_host_of_its_ingress() -> None:
    """A `spec.tls` entry naming only a secret gives the Ingress's hosts the ssl-redirect.

    Source: ingress-nginx controller-v1.15.1, internal/ingress/controller/controller.go
    (createServers: the first Ingress with a rule for the host and a non-empty spec.tls sets
    the server's certificate), and the Lua ssl-redirect that then applies.
    """
    manifests = ingresslab.loads(
        """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, creationTimestamp: "2026-01-01T00:00:00Z"}
spec:
  ingressClassName: nginx
  tls: [{secretName: web-tls}]
  rules:
    - host: web.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
"""
    )
    answer = NginxModel(manifests).answer(Request.from_url("http://web.example.com/a"))
    assert (answer.outcome, answer.status, answer.location) == (
        Outcome.REDIRECT,
        308,
        "https://web.example.com/a",
    )


# --- requests nginx refuses before it picks a server -----------------------------------------
# ngx_http_parse_request_line (src/http/ngx_http_parse.c), ngx_http_process_request_line,
# ngx_http_process_request_headers, ngx_http_process_host (src/http/ngx_http_request.c),
# nginx 1.27.1. tests/test_nginx_real.py sends the same requests to a real nginx.

REFUSED = {
    "tab": ("/a\tb", 400),
    "nul": ("/a\x00b", 400),
    "vertical-tab": ("/a\x0bb", 400),
    "del": ("/a\x7fb", 400),
    "cr-alone": ("/a\rb", 400),
    "tab-in-query": ("/a?x\ty", 400),
    "space": ("/a b", 400),
    "asterisk": ("*", 400),
    "empty": ("", 400),
    "no-slash": ("%2Fa", 400),
    "underscore-in-absolute-host": ("http://b_x.test/", 400),
    "double-dot-in-absolute-host": ("http://b..test/", 400),
    "http-2": ("/ HTTP/2.0\r\nX: y", 505),
    "injected-second-host": ("/ HTTP/1.1\r\nHost: b.test", 400),
    "injected-end-of-head": ("/ HTTP/1.1\r\n", 400),
}


path_ = path


def bare() -> NginxModel:
    """One Ingress: app.test, Prefix / to web:80."""
    return NginxModel(
        ingresslab.loads(ingress("web", '"app.test"', f"[{path_('/', 'Prefix', 'web')}]"))
    )


def send(m: NginxModel, target: str, host: str = "app.test") -> ingresslab.Resolution:
    request = Request.with_target("http", host, target)
    fast, explained = m.answer(request), m.answer(request, explain=True)
    assert fast == explained
    return fast


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_request_lines_nginx_refuses(case: str) -> None:
    target, status = REFUSED[case]
    answer = send(bare(), target)
    assert (answer.outcome, answer.status) == (Outcome.BAD_REQUEST, status), answer.message


def test_a_control_byte_names_itself_and_the_parser() -> None:
    answer = bare().answer(Request.with_target("http", "app.test", "/a\tb"), explain=True)
    assert answer.message == (
        "client sent invalid request: a control byte 0x09 in the request target (only CR or "
        "LF, which end the request line, are not refused)"
    )
    assert "ngx_http_parse_request_line (src/http/ngx_http_parse.c, nginx 1.27.1)" in (
        answer.explain[-1].reason
    )


@pytest.mark.parametrize("target", ["/a\nb", "/a\r\nb", "/a\n"])
def test_a_line_feed_ends_the_request_line_as_http_09(target: str) -> None:
    """`GET /a` then LF is an HTTP/0.9 request: no headers (so no Host), the default server,
    an answer without status line."""
    m = NginxModel(
        ingresslab.loads(
            ingress("web", None, f"[{path_('/a', 'Prefix', 'web')}]")
            + ingress("other", '"app.test"', f"[{path_('/a', 'Prefix', 'other')}]")
        )
    )
    request = Request.with_target("https", "app.test", target)
    answer = m.answer(request)
    assert answer == m.answer(request, explain=True)
    assert (answer.outcome, answer.backend) == (Outcome.ROUTE, Backend("default", "web", 80))
    assert answer.message and answer.message.startswith("HTTP/0.9")


def test_http_09_never_shows_a_location() -> None:
    m = NginxModel(ingresslab.loads(ingress("web", None, f"[{path_('/docs/', 'Prefix', 'web')}]")))
    assert send(m, "/docs").location == "http://app.test/docs/"
    old = send(m, "/docs\n")
    assert (old.outcome, old.status, old.location) == (Outcome.REDIRECT, 301, None)


@pytest.mark.parametrize(("size", "status"), [(8184, None), (8185, 400)])
def test_a_host_header_over_one_8k_buffer_is_400(size: int, status: int | None) -> None:
    """`Host: ` + the name + CR LF must fit one 8k buffer (large_client_header_buffers 4 8k);
    nginx's 494 goes out as 400 'Request Header Or Cookie Too Large'."""
    answer = send(bare(), "/", host="a" * size)
    assert (answer.outcome is Outcome.BAD_REQUEST) == (status is not None)
    if status:
        assert answer.status == status
        assert answer.message and "Request Header Or Cookie Too Large" in answer.message


def test_an_absolute_form_target_overrides_the_host_header() -> None:
    m = NginxModel(
        ingresslab.loads(
            ingress("a", '"a.test"', f"[{path_('/', 'Prefix', 'a')}]")
            + ingress("b", '"b.test"', f"[{path_('/', 'Prefix', 'b')}]")
        )
    )
    for target in ("http://b.test/x", "HTTP://B.TEST:99/x", "http://b.test.", "ftp://b.test?q"):
        assert send(m, target, host="a.test").backend == Backend("default", "b", 80), target
    # the Host header is still validated, and still names the ssl-redirect's host
    assert send(m, "http://b.test/", host="a..b").status == 400


def test_an_absolute_form_target_keeps_the_host_header_in_the_ssl_redirect() -> None:
    """lua_ingress.lua redirect_host(): $best_http_host is $http_host, the Host header;
    the certificate is looked up for $host, the request line's host."""
    text = ingress("b", '"b.test"', f"[{path_('/', 'Prefix', 'b')}]").replace(
        "spec:\n", "spec:\n  tls: [{hosts: [b.test], secretName: b}]\n"
    )
    answer = send(NginxModel(ingresslab.loads(text)), "http://b.test/x?q", host="a.test:8080")
    assert (answer.status, answer.location) == (308, "https://a.test/x?q")


@settings(max_examples=300, deadline=None)
@given(
    target=st.text(st.sampled_from("/a.%2F?#+é"), max_size=12).map(lambda t: "/" + t),
    host=st.text(st.sampled_from("aA.:_-[]1é"), max_size=10),
    pad=st.sampled_from([0, 1000, 1016, 8170, 8176, 8177]),
    long_host=st.sampled_from([0, 1000, 8180, 8184, 8185]),
)
def test_the_plain_reading_equals_the_state_machines(
    target: str, host: str, pad: int, long_host: int
) -> None:
    """nginx_read's shortcut for a plain target and Host gives the parsers' answer."""
    from ingresslab._http import _read, _read_plain

    target = target + "a" * pad
    host = host + "h" * long_host
    fast, slow = _read_plain(target, host), _read(target, host)
    assert fast == slow


# --- rewrite-target: the path the backend receives --------------------------------------------
# template.go buildProxyPass (controller-v1.15.1): rewrite "(?i)<path>" <target> break;
# ngx_http_script.c, ngx_http_proxy_module.c (nginx 1.27.1)

REWRITE = (
    "nginx.ingress.kubernetes.io/rewrite-target: '{}', "
    "nginx.ingress.kubernetes.io/use-regex: 'true'"
)


def rewriting(target: str, rule: str = "/api(/|$)(.*)") -> NginxModel:
    return NginxModel(
        ingresslab.loads(
            ingress(
                "rw",
                '"r.test"',
                f"[{path_(rule, 'ImplementationSpecific', 'web')}]",
                REWRITE.format(target),
            )
        )
    )


@pytest.mark.parametrize(
    ("target", "request_target", "upstream"),
    [
        ("/$2", "/api/v1/items?q=1", "/v1/items?q=1"),
        ("/$2", "/API", "/"),
        ("/$2", "/api/", "/"),
        # the URI is decoded before the rewrite, re-escaped by proxy_pass; arguments kept raw
        ("/$2", "/api/a%20b%3F?x=%20", "/a%20b%3F?x=%20"),
        ("/$2", "/api/%7e/./x//y", "/~/x/y"),
        ("/$2", "/api/%C3%A9", "/%C3%A9"),
        ("/new/$2/$1", "/api/x", "/new/x//"),
        ("/v2$3", "/api/x", "/v2"),  # a group the regex does not have is empty
        ("/fixed", "/api/x?y", "/fixed?y"),
        ("/$2", "http://r.test/api/abs?z", "/abs?z"),
    ],
)
def test_rewrite_target_sets_the_upstream_path(
    target: str, request_target: str, upstream: str
) -> None:
    answer = send(rewriting(target), request_target, host="r.test")
    assert (answer.outcome, answer.upstream_path) == (Outcome.ROUTE, upstream)


def test_without_a_rewrite_the_upstream_path_is_none() -> None:
    assert send(bare(), "/x?q").upstream_path is None
    same = rewriting("/api(/|$)(.*)")  # a target equal to the path: no rewrite (needsRewrite)
    assert send(same, "/api/x", host="r.test").upstream_path is None


def test_a_rewrite_to_nothing_is_500() -> None:
    answer = send(rewriting("$2"), "/api", host="r.test")
    assert (answer.outcome, answer.status) == (Outcome.FIXED_RESPONSE, 500)


def test_a_rewrite_to_a_url_is_a_302() -> None:
    """A replacement starting `https://` makes `rewrite` redirect (ngx_http_rewrite); the
    captures of a request whose path had `%` are escaped, then unescaped for the redirect."""
    answer = send(rewriting("https://new.test/$2"), "/api/x?q=1", host="r.test")
    assert (answer.outcome, answer.status, answer.location) == (
        Outcome.REDIRECT,
        302,
        "https://new.test/x?q=1",
    )
    escaped = send(rewriting("https://new.test/$2"), "/api/a%20b", host="r.test")
    assert escaped.location == "https://new.test/a%20b"


def test_the_rewrite_runs_before_the_ssl_redirect() -> None:
    """rewrite_by_lua (the ssl-redirect) runs after ngx_http_rewrite_module's directives: a
    rewrite to nothing is still 500 on plain HTTP, a URI rewrite leaves the redirect as is."""
    text = ingress(
        "rw", '"r.test"', f"[{path_('/api(/|$)(.*)', 'ImplementationSpecific', 'web')}]",
        REWRITE.format("$2"),
    ).replace("spec:\n", "spec:\n  tls: [{hosts: [r.test], secretName: r}]\n")  # fmt: skip
    m = NginxModel(ingresslab.loads(text))
    assert send(m, "/api", host="r.test").status == 500
    assert send(m, "/api/x", host="r.test").location == "https://r.test/api/x"


def test_a_refusal_after_an_http_09_request_line_has_no_status_line_either() -> None:
    """`GET /a%00` then LF: the URI is refused (400), and the 400 page goes out as an HTTP/0.9
    answer, a body only (the real-nginx differential found this)."""
    answer = send(bare(), "/a%00\n")
    assert (answer.outcome, answer.status) == (Outcome.BAD_REQUEST, 400)
    assert answer.message and "HTTP/0.9" in answer.message
