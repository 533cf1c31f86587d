"""Gateway API objects are refused as the API server refuses them, at file:line.

The rules are the standard-channel CRDs' of kubernetes-sigs/gateway-api v1.6.1
(`config/crd/standard/gateway.networking.k8s.io_*.yaml`): their schema and their CEL rules.
Each test names where its cases come from: the project's own CEL tests (`tests/cel/*_test.go`,
which create objects against a real API server and check the messages), or the CRD. Messages
are compared whole, as the API server prints them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import ingresslab
from ingresslab import Problem
from ingresslab._cli import main

GATEWAY = """\
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: example
  listeners:
"""

ROUTE = """\
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: route}
spec:
  parentRefs: [{name: gw}]
  rules:
"""


def errors(text: str) -> list[Problem]:
    return ingresslab.loads(textwrap.dedent(text), "objects.yaml").errors


def messages(text: str) -> list[str]:
    return [p.message for p in errors(text)]


def route_with(rules: str) -> str:
    return ROUTE + textwrap.indent(textwrap.dedent(rules), "  ")


def path_rule(kind: str, value: str) -> str:
    return route_with(
        f"""\
        - matches: [{{path: {{type: {kind}, value: "{value}"}}}}]
          backendRefs: [{{name: web, port: 80}}]
        """
    )


REWRITE_PREFIX = (
    "{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /x}}}"
)
REDIRECT_PREFIX = (
    "{type: RequestRedirect, "
    "requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /x}}}"
)

BLOCKED = (
    "<nil>: Invalid value: null: some validation rules were not checked because the object was "
    "invalid; correct the existing errors to complete validation"
)


@pytest.mark.parametrize(
    ("kind", "value", "rule"),
    [
        ("Exact", "foo", "value must be an absolute path and start with '/'"),
        ("PathPrefix", "/foo//bar", "must not contain '//'"),
        ("Exact", "/foo/./bar", "must not contain '/./'"),
        ("Exact", "/foo/../bar", "must not contain '/../'"),
        ("PathPrefix", "/foo%2fbar", "must not contain '%2f'"),
        ("PathPrefix", "/foo%2Fbar", "must not contain '%2F'"),
        ("Exact", "/foo#bar", "must not contain '#'"),
        ("PathPrefix", "/foo/..", "must not end with '/..'"),
        ("PathPrefix", "/foo/.", "must not end with '/.'"),
    ],
)
def test_path_values(kind: str, value: str, rule: str) -> None:
    """tests/cel/httproute_test.go (TestHTTPPathMatch): the path rules for Exact and
    PathPrefix."""
    found = messages(path_rule(kind, value))
    assert f"spec.rules[0].matches[0].path: Invalid value: \"object\": {rule} when type one of " \
           "['Exact', 'PathPrefix']" in found  # fmt: skip


@pytest.mark.parametrize("value", ["/[]", "/^", "/a b", "/é"])
def test_path_characters(value: str) -> None:
    """tests/cel/httproute_test.go (TestHTTPPathMatch): only RFC 3986 path characters."""
    assert messages(path_rule("PathPrefix", value)) == [
        'spec.rules[0].matches[0].path: Invalid value: "object": must only contain valid '
        "characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for "
        "types ['Exact', 'PathPrefix']"
    ]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("RegularExpression", "/foo/./bar"),  # the path rules are for Exact and PathPrefix only
        ("PathPrefix", "/path"),
        ("Exact", "/abc/123'/a-b-c/d@gmail/%0A"),
        ("Exact", "/"),
    ],
)
def test_valid_paths(kind: str, value: str) -> None:
    """tests/cel/httproute_test.go (TestHTTPPathMatch): the valid cases."""
    assert messages(path_rule(kind, value)) == []


def test_unknown_path_type_is_an_unsupported_value_and_blocks_the_cel_rules() -> None:
    """tests/cel/httproute_test.go (TestHTTPPathMatch, "invalid type"); apiextensions-apiserver
    skips the CEL rules after an enum violation and says so."""
    assert messages(path_rule("FooBar", "/path")) == [
        'spec.rules[0].matches[0].path.type: Unsupported value: "FooBar": supported values: '
        '"Exact", "PathPrefix", "RegularExpression"',
        BLOCKED,
    ]


def test_redirect_with_backend_refs() -> None:
    """tests/cel/httproute_test.go (TestHTTPRouteRule): RequestRedirect with backendRefs."""
    text = route_with(
        """\
        - filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]
          backendRefs: [{name: web, port: 80}]
        """
    )
    [problem] = errors(text)
    assert problem.message == (
        'spec.rules[0]: Invalid value: "object": RequestRedirect filter must not be used '
        "together with backendRefs"
    )
    assert (problem.file, problem.line, problem.object) == (
        "objects.yaml",
        7,
        "HTTPRoute default/route",
    )


@pytest.mark.parametrize(
    ("filter_", "matches", "message"),
    [
        (
            REWRITE_PREFIX,
            "[{path: {type: Exact, value: /a}}]",
            "When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix "
            "match must be specified",
        ),
        (
            REWRITE_PREFIX,
            "[{path: {type: PathPrefix, value: /a}}, {path: {type: PathPrefix, value: /b}}]",
            "When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix "
            "match must be specified",
        ),
        (
            REDIRECT_PREFIX,
            "[{path: {type: RegularExpression, value: /a.*}}]",
            "When using RequestRedirect filter with path.replacePrefixMatch, exactly one "
            "PathPrefix match must be specified",
        ),
    ],
)  # fmt: skip
def test_replace_prefix_match_needs_one_path_prefix(
    filter_: str, matches: str, message: str
) -> None:
    """tests/cel/httproute_test.go (TestHTTPRouteRule): ReplacePrefixMatch needs exactly one
    PathPrefix match."""
    backends = "" if "RequestRedirect" in filter_ else "\n  backendRefs: [{name: web, port: 80}]"
    text = route_with(f"- matches: {matches}\n  filters: [{filter_}]{backends}\n")
    assert messages(text) == [f'spec.rules[0]: Invalid value: "object": {message}']


def test_replace_prefix_match_with_the_default_match_is_valid() -> None:
    """The default match is one PathPrefix `/` (the CRD's default), so the rule holds."""
    text = route_with(
        """\
        - filters: [REWRITE]
          backendRefs: [{name: web, port: 80}]
        """.replace("REWRITE", REWRITE_PREFIX)
    )
    assert messages(text) == []


def test_replace_prefix_match_within_backend_refs() -> None:
    """tests/cel/httproute_test.go (TestHTTPRouteRule): the rule for backendRef filters."""
    text = route_with(
        """\
        - matches: [{path: {type: Exact, value: /a}}]
          backendRefs:
          - name: web
            port: 80
            filters: [REWRITE]
        """.replace("REWRITE", REWRITE_PREFIX)
    )
    assert messages(text) == [
        'spec.rules[0]: Invalid value: "object": Within backendRefs, When using URLRewrite '
        "filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"
    ]


def test_redirect_and_rewrite_together_and_repeated_filters() -> None:
    """tests/cel/httproute_test.go (TestHTTPRouteRule): RequestRedirect with URLRewrite, and a
    filter given twice."""
    text = route_with(
        """\
        - filters:
          - {type: RequestRedirect, requestRedirect: {hostname: a.example}}
          - {type: URLRewrite, urlRewrite: {hostname: b.example}}
          - {type: URLRewrite, urlRewrite: {hostname: c.example}}
        """
    )
    assert messages(text) == [
        'spec.rules[0].filters: Invalid value: "array": May specify either '
        "httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both",
        'spec.rules[0].filters: Invalid value: "array": URLRewrite filter cannot be repeated',
    ]


def test_filter_type_and_field_must_agree() -> None:
    """tests/cel/httproute_test.go (TestHTTPRouteFilter)."""
    text = route_with(
        """\
        - filters:
          - {type: RequestHeaderModifier, requestMirror: {backendRef: {name: m, port: 80}}}
          backendRefs: [{name: web, port: 80}]
        """
    )
    assert messages(text) == [
        'spec.rules[0].filters[0]: Invalid value: "object": filter.requestHeaderModifier must '
        "be specified for RequestHeaderModifier filter.type",
        'spec.rules[0].filters[0]: Invalid value: "object": filter.requestMirror must be nil '
        "if the filter.type is not RequestMirror",
    ]


def test_service_backend_needs_a_port() -> None:
    """tests/cel/httproute_test.go (TestBackendObjectReference): "Must have port for Service
    reference"; another kind needs none."""
    text = route_with(
        """\
        - backendRefs:
          - {name: web}
          - {name: bucket, group: storage.example.com, kind: Bucket}
        """
    )
    assert messages(text) == [
        'spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service '
        "reference"
    ]


def test_hostnames_and_header_names_follow_their_patterns() -> None:
    """The CRD's patterns: lower-case RFC 1123 hostnames with an optional leading `*.`, HTTP
    token header names; and what kube-openapi prints for them."""
    text = ROUTE.replace("  rules:\n", "") + (
        '  hostnames: [Example.com, "*.example.com", "foo.*.com"]\n'
        "  rules:\n"
        "  - matches: [{headers: [{name: 'x:y', value: v}]}]\n"
        "    backendRefs: [{name: web, port: 80}]\n"
    )
    pattern = r"'^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'"
    assert messages(text) == [
        f'spec.hostnames[0]: Invalid value: "Example.com": spec.hostnames[0] in body should '
        f"match {pattern}",
        f'spec.hostnames[2]: Invalid value: "foo.*.com": spec.hostnames[2] in body should '
        f"match {pattern}",
        'spec.rules[0].matches[0].headers[0].name: Invalid value: "x:y": '
        "spec.rules[0].matches[0].headers[0].name in body should match "
        "'^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$'",
    ]


def test_duplicate_header_names_are_refused_but_not_case_variants() -> None:
    """`headers` is a list-type map keyed by name: the same name twice is a Duplicate value;
    `Version` and `version` are two keys (the route then considers the first only)."""
    text = route_with(
        """\
        - matches:
          - headers:
            - {name: version, value: a}
            - {name: Version, value: b}
            - {name: version, value: c}
          backendRefs: [{name: web, port: 80}]
        """
    )
    assert messages(text) == [
        "spec.rules[0].matches[0].headers[2]: Duplicate value: "
        'map[string]interface {}{"name":"version"}'
    ]


def test_wrong_types_and_bounds() -> None:
    """kube-openapi's messages as apiextensions-apiserver prints them: a wrong type (blocking
    the CEL rules), a bound, an enum of integers."""
    text = route_with(
        """\
        - backendRefs: [{name: web, port: "80"}]
        - filters: [{type: RequestRedirect, requestRedirect: {statusCode: 304, port: 0}}]
        """
    )
    assert messages(text) == [
        'spec.rules[0].backendRefs[0].port: Invalid value: "string": '
        'spec.rules[0].backendRefs[0].port in body must be of type integer: "string"',
        "spec.rules[1].filters[0].requestRedirect.port: Invalid value: 0: "
        "spec.rules[1].filters[0].requestRedirect.port in body should be greater than or equal "
        "to 1",
        "spec.rules[1].filters[0].requestRedirect.statusCode: Unsupported value: 304: supported "
        'values: "301", "302", "303", "307", "308"',
        BLOCKED,
    ]


def test_rules_and_matches_counts() -> None:
    """The CRD's item bounds: at least one rule when given, at most 128 matches in all."""
    empty = ROUTE.replace("  rules:\n", "  rules: []\n")
    assert messages(empty) == [
        "spec.rules: Invalid value: 0: spec.rules in body should have at least 1 items"
    ]
    many = route_with(
        "".join("- matches: [" + ", ".join(["{method: GET}"] * 50) + "]\n" for _ in range(3))
    )
    assert messages(many) == [
        'spec.rules: Invalid value: "array": While 16 rules and 64 matches per rule are allowed, '
        "the total number of matches across all rules in a route must be less than 128"
    ]


def test_parent_refs_to_one_gateway_need_distinct_section_names() -> None:
    """tests/cel/httproute_standard_test.go (TestHTTPRouteParentRefStandard): two references
    to one parent need sectionNames, distinct ones."""
    base = ROUTE.replace("  parentRefs: [{name: gw}]\n", "REFS").replace("  rules:\n", "")
    both = base.replace("REFS", "  parentRefs: [{name: gw}, {name: gw}]\n")
    assert messages(both) == [
        'spec.parentRefs: Invalid value: "array": sectionName must be unique when parentRefs '
        "includes 2 or more references to the same parent"
    ]
    one = base.replace("REFS", "  parentRefs: [{name: gw, sectionName: a}, {name: gw}]\n")
    assert messages(one) == [
        'spec.parentRefs: Invalid value: "array": sectionName must be specified when parentRefs '
        "includes 2 or more references to the same parent"
    ]
    fine = base.replace(
        "REFS", "  parentRefs: [{name: gw, sectionName: a}, {name: gw, sectionName: b}]\n"
    )
    assert messages(fine) == []


def test_timeouts() -> None:
    """The HTTPRoute CRD's rule on HTTPRouteTimeouts: backendRequest within request (a zero
    request timeout is no limit)."""
    text = route_with("- timeouts: {request: 1s, backendRequest: 2s}\n")
    assert messages(text) == [
        'spec.rules[0].timeouts: Invalid value: "object": backendRequest timeout cannot be '
        "longer than request timeout"
    ]
    assert messages(route_with("- timeouts: {request: 0s, backendRequest: 2s}\n")) == []


@pytest.mark.parametrize(
    ("listeners", "expected"),
    [
        (
            "- {name: http, port: 80, protocol: HTTP, tls: {certificateRefs: [{name: c}]}}",
            ['spec.listeners: Invalid value: "array": tls must not be specified for protocols '
             "['HTTP', 'TCP', 'UDP']"],
        ),
        (
            "- {name: https, port: 443, protocol: HTTPS, tls: {}}",
            ['spec.listeners[0].tls: Invalid value: "object": no such key: certificateRefs '
             "evaluating rule: certificateRefs or options must be specified when mode is "
             "Terminate"],
        ),
        (
            "- {name: https, port: 443, protocol: HTTPS, tls: {mode: Passthrough}}",
            ['spec.listeners: Invalid value: "array": tls mode must be Terminate for protocol '
             "HTTPS"],
        ),
        (
            "- {name: tls, port: 443, protocol: TLS}",
            ['spec.listeners: Invalid value: "array": tls mode must be set for protocol TLS'],
        ),
        (
            "- {name: tcp, port: 9000, protocol: TCP, hostname: a.example}",
            ['spec.listeners: Invalid value: "array": hostname must not be specified for '
             "protocols ['TCP', 'UDP']"],
        ),
        (
            "- {name: a, port: 80, protocol: HTTP}\n- {name: b, port: 80, protocol: HTTP}",
            ['spec.listeners: Invalid value: "array": Combination of port, protocol and '
             "hostname must be unique for each listener"],
        ),
        (
            "- {name: a, port: 88888, protocol: HTTP}",
            ["spec.listeners[0].port: Invalid value: 88888: spec.listeners[0].port in body "
             "should be less than or equal to 65535"],
        ),
        (
            "- {name: tcp, port: 80, protocol: TCP}\n- {name: tcp, port: 80, protocol: TCP}",
            ['spec.listeners[1]: Duplicate value: map[string]interface {}{"name":"tcp"}',
             'spec.listeners: Invalid value: "array": Listener name must be unique within the '
             "Gateway",
             'spec.listeners: Invalid value: "array": Combination of port, protocol and '
             "hostname must be unique for each listener"],
        ),
    ],
)  # fmt: skip
def test_gateway_listeners(listeners: str, expected: list[str]) -> None:
    """tests/cel/gateway_test.go (TestValidateGateway); the port and duplicate cases as Envoy
    Gateway's `egctl x validate` reports them from the same apiextensions code
    (internal/cmd/egctl/validate_test.go)."""
    assert messages(GATEWAY + textwrap.indent(listeners, "  ") + "\n") == expected


def test_gateway_addresses() -> None:
    """tests/cel/gateway_test.go (TestValidateGateway, addresses): an IPAddress must be an IP;
    IPAddress and Hostname values unique."""
    text = GATEWAY + (
        "  - {name: http, port: 80, protocol: HTTP}\n  addresses: [{value: '1.2.3.4:8080'}]\n"
    )
    assert messages(text) == [
        'spec.addresses[0].value: Invalid value: "1.2.3.4:8080": spec.addresses[0].value in body '
        'must be of type ipv4: "1.2.3.4:8080"',
        BLOCKED,
    ]
    text = GATEWAY + (
        "  - {name: http, port: 80, protocol: HTTP}\n"
        "  addresses: [{value: 1.2.3.4}, {value: 1.2.3.4}, {type: Hostname, value: a.b},"
        " {type: Hostname, value: a.b}]\n"
    )
    assert messages(text) == [
        'spec.addresses: Invalid value: "array": IPAddress values must be unique',
        'spec.addresses: Invalid value: "array": Hostname values must be unique',
    ]


def test_reference_grant_and_gateway_class() -> None:
    """The ReferenceGrant CRD (v1beta1 and v1): from and to required, with group and kind; the
    GatewayClass CRD: a domain-prefixed controllerName."""
    grant = """\
        apiVersion: gateway.networking.k8s.io/v1beta1
        kind: ReferenceGrant
        metadata: {name: g, namespace: web}
        spec:
          from: [{kind: HTTPRoute, namespace: infra}]
        """
    assert messages(grant) == [
        "spec.to: Required value",
        "spec.from[0].group: Required value",
        BLOCKED,
    ]
    gateway_class = """\
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: c}
        spec: {controllerName: no-slash}
        """
    [message] = messages(gateway_class)
    assert message.startswith(
        'spec.controllerName: Invalid value: "no-slash": spec.controllerName '
    )


def test_unknown_fields_stop_before_validation() -> None:
    """Strict decoding, as for built-in kinds: an unknown (or experimental-channel) field is
    refused and nothing else is checked."""
    text = route_with(
        """\
        - retry: {attempts: 2}
          backendRefs: [{name: web}]
        """
    )
    [problem] = errors(text)
    assert problem.message == (
        'HTTPRoute default/route: strict decoding error: unknown field "spec.rules[0].retry"'
    )
    assert problem.line == 7


def test_defaults_are_applied() -> None:
    """The CRDs' defaults: a rule without matches gets PathPrefix `/`; a route without rules
    one such rule; a backendRef weight 1 and kind Service; a parentRef group and kind; a
    listener allowedRoutes from Same; a redirect 302."""
    manifests = ingresslab.loads(
        GATEWAY
        + "  - {name: http, port: 80, protocol: HTTP}\n---\n"
        + ROUTE
        + "  - backendRefs: [{name: web, port: 80}]\n"
        + "  - matches: [{headers: [{name: a, value: b}]}]\n"
        + "    filters: [{type: RequestRedirect, requestRedirect: {hostname: x.example}}]\n"
        + "---\n"
        + ROUTE.replace("name: route", "name: bare").replace("  rules:\n", "")
    )
    assert not manifests.errors
    [gateway] = manifests.gateways
    assert gateway.listeners[0].namespaces == "Same"
    route, bare = manifests.http_routes
    assert route.parent_refs[0].group == "gateway.networking.k8s.io"
    assert route.parent_refs[0].kind == "Gateway"
    first, second = route.rules
    assert first.matches[0].path.type == "PathPrefix" and first.matches[0].path.value == "/"
    assert first.backend_refs[0].weight == 1 and first.backend_refs[0].kind == "Service"
    assert second.matches[0].path.value == "/"
    assert second.filters[0].redirect is not None
    assert second.filters[0].redirect.status_code == 302
    [default_rule] = bare.rules
    assert default_rule.backend_refs == () and default_rule.matches[0].path.value == "/"


def test_lint_refuses_an_invalid_route_at_its_line(tmp_path: Path) -> None:
    """An invalid object is refused like any invalid manifest: `lint` exits 1 with the API
    server's message at file:line."""
    path = tmp_path / "route.yaml"
    path.write_text(path_rule("PathPrefix", "/a//b"))
    result = CliRunner().invoke(main, ["lint", "-f", str(path)])
    assert result.exit_code == 1, result.output
    assert "route.yaml:7" in result.output
    assert "must not contain '//'" in result.output


def test_metadata_that_is_not_an_object_is_a_type_error_not_a_crash() -> None:
    manifests = ingresslab.loads(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: true\nspec: {}\n"
    )
    (problem,) = manifests.problems
    assert problem.message == (
        'metadata: Invalid value: "boolean": metadata in body must be of type object: "boolean"'
    )
    assert problem.line == 3


def test_a_list_map_key_of_the_wrong_type_is_a_type_error_not_a_crash() -> None:
    manifests = ingresslab.loads(
        """
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web}
spec:
  gatewayClassName: alb
  listeners:
  - {name: [a], port: 80, protocol: HTTP}
  - {name: [a], port: 81, protocol: HTTP}
"""
    )
    assert manifests.problems
    assert all("must be of type string" in p.message for p in manifests.problems[:2])


def test_lint_reports_what_a_gateway_controller_writes_into_status() -> None:
    """Unresolved backendRefs (500 for their share) and parentRefs that are not Accepted."""
    invalid = CliRunner().invoke(main, ["lint", "-f", "examples/gateway-invalid-backends.yaml"])
    assert invalid.exit_code == 1
    assert "27:7: error [backend-ref-unresolved] BackendNotFound" in invalid.output
    assert "29:7: error [backend-ref-unresolved] RefNotPermitted" in invalid.output
    shared = CliRunner().invoke(main, ["lint", "-f", "examples/gateway-shared.yaml"])
    assert shared.exit_code == 0
    assert "warning [route-not-accepted] NotAllowedByListeners" in shared.output
