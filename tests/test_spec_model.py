"""The spec model: the Ingress API's own routing rules.

Source: kubernetes/website content/en/docs/concepts/services-networking/ingress.md (Path types,
Hostname wildcards) and k8s.io/api networking/v1 types.go (IngressRule.Host, HTTPIngressPath).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import ingresslab
from ingresslab import Outcome, Request, SpecModel


def _ingress(rules: list[tuple[str | None, list[tuple[str, str]]]], default: bool = False) -> str:
    lines = ["apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata: {name: t}", "spec:"]
    if default:
        lines.append("  defaultBackend: {service: {name: fallback, port: {number: 80}}}")
    lines.append("  rules:")
    for i, (host, paths) in enumerate(rules):
        lines.append(f"    - host: {host!r}" if host else "    - {}")
        if host is None:
            lines[-1] = "    - http:"
        else:
            lines.append("      http:")
        lines.append("        paths:")
        for j, (path, kind) in enumerate(paths):
            lines.append(
                f"          - {{path: {path!r}, pathType: {kind}, "
                f"backend: {{service: {{name: s{i}-{j}, port: {{number: 80}}}}}}}}"
            )
    return "\n".join(lines) + "\n"


def _model(text: str) -> SpecModel:
    manifests = ingresslab.loads(text)
    assert not manifests.errors, manifests.errors
    return SpecModel(manifests)


def _service(model: SpecModel, url: str) -> str | None:
    answer = model.answer(Request.from_url(url))
    return answer.backend.service if answer.backend else None


def test_wildcard_host_covers_exactly_one_label() -> None:
    """ingress.md, Hostname wildcards: `*.foo.com` matches `bar.foo.com`, not
    `baz.bar.foo.com` nor `foo.com`."""
    model = _model(_ingress([("*.foo.com", [("/", "Prefix")])]))
    assert _service(model, "http://bar.foo.com/") == "s0-0"
    assert _service(model, "http://baz.bar.foo.com/") is None
    assert _service(model, "http://foo.com/") is None


def test_host_is_compared_in_lower_case_without_port() -> None:
    """Hosts are DNS names (validation requires lower case); the Host header's port is not
    part of the name."""
    model = _model(_ingress([("web.example.com", [("/", "Prefix")])]))
    assert _service(model, "http://WEB.Example.com:8080/") == "s0-0"


def test_precise_host_rules_come_before_wildcard_and_host_less_ones() -> None:
    model = _model(
        _ingress(
            [
                (None, [("/", "Prefix")]),
                ("*.example.com", [("/", "Prefix")]),
                ("a.example.com", [("/", "Prefix")]),
            ]
        )
    )
    assert _service(model, "http://a.example.com/") == "s2-0"
    assert _service(model, "http://b.example.com/") == "s1-0"
    assert _service(model, "http://other.test/") == "s0-0"


def test_longest_path_wins_and_exact_wins_a_tie() -> None:
    """ingress.md, Multiple matches."""
    model = _model(
        _ingress(
            [(None, [("/", "Prefix"), ("/a", "Prefix"), ("/a/b", "Prefix"), ("/a/b", "Exact")])]
        )
    )
    assert _service(model, "http://h/a/b/c") == "s0-2"
    assert _service(model, "http://h/a/b") == "s0-3"
    assert _service(model, "http://h/a/x") == "s0-1"


def test_default_backend_takes_what_no_rule_matches() -> None:
    model = _model(_ingress([("a.test", [("/a", "Exact")])], default=True))
    answer = model.answer(Request.from_url("http://a.test/b"))
    assert (answer.outcome, answer.backend and answer.backend.service) == (
        Outcome.DEFAULT_BACKEND,
        "fallback",
    )


def test_without_default_backend_the_answer_is_404() -> None:
    model = _model(_ingress([("a.test", [("/a", "Exact")])]))
    answer = model.answer(Request.from_url("http://a.test/b"))
    assert (answer.outcome, answer.status) == (Outcome.NOT_FOUND, 404)


def test_implementation_specific_is_left_to_the_class_and_the_trail_says_so() -> None:
    """ingress.md: ImplementationSpecific matching is up to the IngressClass."""
    model = _model(_ingress([(None, [("/a", "ImplementationSpecific")])]))
    answer = model.answer(Request.from_url("http://h/a"), explain=True)
    assert answer.outcome is Outcome.NOT_FOUND
    assert any("up to the IngressClass" in step.reason for step in answer.explain)


HOSTS = st.sampled_from([None, "a.example.com", "b.example.com", "*.example.com"])
PATHS = st.sampled_from(["/", "/a", "/a/", "/a/b", "/ab", "/b", "/a/b/c"])
KINDS = st.sampled_from(["Prefix", "Exact", "ImplementationSpecific"])
REQUEST_HOSTS = st.sampled_from(["a.example.com", "x.example.com", "a.b.example.com", "other"])
REQUEST_PATHS = st.sampled_from(["/", "/a", "/a/", "/a/b", "/a/b/", "/ab", "/a/bc", "/b/x"])


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(
    st.lists(
        st.tuples(HOSTS, st.lists(st.tuples(PATHS, KINDS), min_size=1, max_size=4)),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.tuples(REQUEST_HOSTS, REQUEST_PATHS), min_size=1, max_size=10),
)
def test_index_agrees_with_the_explained_walk(
    rules: list[tuple[str | None, list[tuple[str, str]]]], requests: list[tuple[str, str]]
) -> None:
    """The index (no trail) and the explained walk over every candidate give one answer."""
    model = _model(_ingress(rules))
    for host, path in requests:
        request = Request("http", host, path)
        fast, slow = model.answer(request), model.answer(request, explain=True)
        assert (fast.outcome, fast.backend, fast.matched) == (
            slow.outcome,
            slow.backend,
            slow.matched,
        ), (host, path)


def test_the_longest_path_as_written_wins_with_trailing_slashes() -> None:
    """k8s.io/api networking/v1 types.go HTTPIngressPath: "/foo and /foo/ both match requests
    to /foo and /foo/. If both paths are present in an Ingress spec, the longest matching path
    (/foo/) is given priority."""

    def path(value: str, kind: str, service: str) -> str:
        backend = f"{{service: {{name: {service}, port: {{number: 80}}}}}}"
        return f"{{path: {value}, pathType: {kind}, backend: {backend}}}"

    paths = f"[{path('/foo', 'Prefix', 'short')}, {path('/foo/', 'Prefix', 'long')}, " + (
        f"{path('/foo', 'Exact', 'exact')}]"
    )
    text = (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: t}\nspec:\n"
        f"  rules:\n  - host: h.test\n    http:\n      paths: {paths}\n"
    )
    model = _model(text)
    for url in ("http://h.test/foo", "http://h.test/foo/", "http://h.test/foo/x"):
        answer = model.answer(Request.from_url(url))
        explained = model.answer(Request.from_url(url), explain=True)
        assert answer.backend is not None and answer.backend.service == "long", url
        assert explained == answer


def test_a_class_no_controller_implements_is_served_by_none() -> None:
    """Kubernetes Ingress concept page ("Default IngressClass"): defaulting applies only to
    Ingresses without a class; an explicit class that names no IngressClass is served by no
    controller, the spec model included."""
    text = (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: t}}\nspec:\n"
        "  ingressClassName: {cls}\n  rules:\n  - host: h.test\n    http:\n      paths:\n"
        "      - {{path: /, pathType: Prefix, backend: "
        "{{service: {{name: web, port: {{number: 80}}}}}}}}\n"
    )
    lost = _model(text.format(cls="alb-internal")).answer(Request.from_url("http://h.test/"))
    assert lost.outcome is Outcome.IGNORED
    for served in ("alb", "nginx"):
        answer = _model(text.format(cls=served)).answer(Request.from_url("http://h.test/"))
        assert answer.outcome is Outcome.ROUTE, served


def test_a_backend_port_is_a_port_of_the_service_not_its_target_port() -> None:
    """k8s.io/api networking/v1 types.go ServiceBackendPort: `number` is "the numerical port
    number (e.g. 80) on the Service". With the Service in the input, a targetPort number or a
    missing Service leaves the backend unresolved under the spec."""
    ingress = (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {{name: t}}\nspec:\n"
        "  rules:\n  - host: h.test\n    http:\n      paths:\n"
        "      - {{path: /, pathType: Prefix, backend: {{service: {{name: {name}, port: "
        "{{number: {port}}}}}}}}}\n"
    )
    service = (
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        "spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n"
    )
    for name, port, outcome in [
        ("web", 80, Outcome.ROUTE),
        ("web", 8080, Outcome.UNRESOLVED_BACKEND),
        ("gone", 80, Outcome.UNRESOLVED_BACKEND),
    ]:
        model = _model(ingress.format(name=name, port=port) + service)
        assert model.answer(Request.from_url("http://h.test/")).outcome is outcome, (name, port)
