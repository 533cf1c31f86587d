"""The NGINX model against real nginx: `ingresslab export nginx` configs, run by Debian's nginx.

For each generated set of Ingresses the model's servers are exported (`render_nginx_conf`), a
private nginx serves them on 127.0.0.1, and every request is answered twice: by nginx (backend
from the `X-Ingresslab-Backend` header, status, `Location`) and by `NginxModel.resolve`. A
disagreement fails with the manifests, the request and both answers, after hypothesis has
shrunk it. Configurations the model says nginx refuses must fail `nginx -t` too.

What this can find: the model's Host and URI normalisation, server and location selection,
nginx's own 301s, the ssl-redirect answer, and locations the template renders that the model
does not list. What it cannot: the controller's side (sorting, splitting, regex mode,
de-duplication), since the config is built from the model's own servers.

Reproducible: `derandomize=True` and no example database, so every run draws the same
CONFIGS Ingress sets and request seeds. Bounded: REQUESTS_PER_CONFIG requests per config, a
5 s timeout on every socket and nginx start, BUDGET_SECONDS for the run and SHRINK_SECONDS for
shrinking a disagreement. On the 2-core development machine a passing run is about 18,000
requests over about 240 configs in about 15 s (printed, and recorded as the property
`nginx_differential`). nginx here is Debian's 1.22.1 with PCRE2 10.42; the controller ships
nginx 1.27.1, whose location, server-name and URI code is the same for all of this.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nginx_support import NginxProcess, free_port, send

import ingresslab
from ingresslab import Manifests, Outcome, Request, Resolution
from ingresslab._controllers.nginx.route import NginxModel
from ingresslab._tools.export_nginx import BACKEND_HEADER, nginx_check, render_nginx_conf

pytestmark = pytest.mark.nginx

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CONFIGS = 280  # hypothesis examples; about 1 in 7 is a config nginx refuses (no requests)
REQUESTS_PER_CONFIG = 80
MIN_REQUESTS = 10_000
MIN_CONFIGS = 200
#: after this many seconds the differential starts no new configs
BUDGET_SECONDS = 90.0
#: after a disagreement, hypothesis may shrink it for this long
SHRINK_SECONDS = 20.0


@pytest.fixture(scope="module")
def nginx(
    nginx_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NginxProcess]:
    process = NginxProcess(nginx_executable, tmp_path_factory.mktemp("nginx-prefix"))
    try:
        yield process
    finally:
        process.stop()


def serve(nginx: NginxProcess, model: NginxModel) -> str:
    """Start nginx on the model's export; a port taken meanwhile gets one more try."""
    for attempt in range(2):
        conf = render_nginx_conf(model, listen=nginx.listen, prefix=str(nginx.prefix))
        try:
            nginx.start(conf)
        except RuntimeError as err:
            if "Address already in use" in str(err) and attempt == 0:
                nginx.port = free_port()
                continue
            raise
        return conf
    raise AssertionError("unreachable")


# --- answers -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """What a client sees: status, the backend that answered, the redirect target."""

    status: int
    backend: str | None = None
    location: str | None = None

    def __str__(self) -> str:
        parts = [str(self.status)]
        if self.backend is not None:
            parts.append(f"backend {self.backend}")
        if self.location is not None:
            parts.append(f"Location {self.location}")
        return ", ".join(parts)


def model_answer(resolution: Resolution) -> Answer:
    outcome = resolution.outcome
    if outcome in (Outcome.ROUTE, Outcome.DEFAULT_BACKEND):
        return Answer(200, str(resolution.backend))
    if outcome is Outcome.NOT_FOUND:
        return Answer(404)
    if outcome is Outcome.REDIRECT:
        return Answer(resolution.status or 0, location=resolution.location)
    if outcome in (Outcome.BAD_REQUEST, Outcome.FIXED_RESPONSE):
        return Answer(resolution.status or 0)
    return Answer(0, backend=f"(model outcome {outcome})")


def nginx_answer(nginx: NginxProcess, request: Request) -> Answer:
    reply = send(nginx.port, target(request), request.host)
    if reply.status in (301, 302, 303, 307, 308):
        return Answer(reply.status, location=reply.headers.get("location"))
    if reply.status == 200:
        return Answer(200, reply.headers.get(BACKEND_HEADER.lower()))
    return Answer(reply.status)


def target(request: Request) -> str:
    return request.path + (f"?{request.query}" if request.query else "")


# --- generated Ingresses -------------------------------------------------------------------

HOSTS = ("app.test", "api.test", "*.app.test", "x.app.test", None)
SEGMENTS = ("a", "ab", "b", "A", "a.b", "a-b", "a_b", "v1", "healthz")
#: use-regex paths: anchored, classes, alternation, quantifiers, an inline flag, one that does
#: not compile
REGEXES = (
    "/a/[0-9]+",
    "/a.*",
    "/(a|b)/",
    "/a$",
    "/[A-Z]+",
    "/a{2}",
    "/\\d",
    "/.$",
    "/a{,2}",
    "/(?i)a",
    "/a(",
)
#: concrete URIs for the regexes above (a two-byte UTF-8 character among them)
REGEX_PROBES = ("/a/1", "/a/x", "/aa", "/ab", "/b/", "/A", "/Z9", "/9", "/%C3%A9", "/a{,2}")
PATH_TYPES = ("Exact", "Prefix", "ImplementationSpecific")
TIMESTAMPS = ("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", None)
ANNOTATIONS = (
    ("use-regex", "true"),
    ("ssl-redirect", "false"),
    ("force-ssl-redirect", "true"),
    ("preserve-trailing-slash", "true"),
)


@st.composite
def plain_paths(draw: st.DrawFn) -> str:
    segments: list[str] = draw(st.lists(st.sampled_from(SEGMENTS), max_size=3))
    path = "/" + "/".join(segments)
    if segments and rarely(draw, 2):
        path += "/"
    return path


def backends() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda name, port: {"service": {"name": name, "port": {"number": port}}},
        st.sampled_from(("s0", "s1", "s2")),
        st.sampled_from((80, 81)),
    )


def rarely(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in `one_in` draws; shrinks to False."""
    return draw(st.integers(0, one_in - 1)) == one_in - 1


@st.composite
def ingresses(draw: st.DrawFn, index: int) -> dict[str, Any]:
    use_regex = rarely(draw, 4)
    annotations = {
        f"nginx.ingress.kubernetes.io/{key}": value
        for key, value in ANNOTATIONS[1:]
        if rarely(draw, 8)
    }
    if use_regex:
        annotations["nginx.ingress.kubernetes.io/use-regex"] = "true"
    rules = []
    hosts: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        host = draw(st.sampled_from(HOSTS))
        paths = []
        for _ in range(draw(st.integers(1, 3))):
            path_type = draw(st.sampled_from(PATH_TYPES))
            if use_regex and path_type == "ImplementationSpecific" and rarely(draw, 2):
                path = draw(st.sampled_from(REGEXES))
            else:
                path = draw(plain_paths())
            paths.append({"path": path, "pathType": path_type, "backend": draw(backends())})
        rule: dict[str, Any] = {"http": {"paths": paths}}
        if host is not None:
            rule["host"] = host
            hosts.append(host)
        rules.append(rule)
    metadata: dict[str, Any] = {
        "name": f"i{index}",
        "namespace": draw(st.sampled_from(("default", "team"))),
    }
    timestamp = draw(st.sampled_from(TIMESTAMPS))
    if timestamp is not None:
        metadata["creationTimestamp"] = timestamp
    if annotations:
        metadata["annotations"] = annotations
    spec: dict[str, Any] = {"ingressClassName": "nginx", "rules": rules}
    if hosts and rarely(draw, 4):
        spec["tls"] = [{"hosts": [draw(st.sampled_from(hosts))], "secretName": "tls"}]
    if rarely(draw, 6):
        spec["defaultBackend"] = draw(backends())
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": metadata,
        "spec": spec,
    }


@st.composite
def manifest_texts(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 4))
    docs = [draw(ingresses(i)) for i in range(count)]
    return yaml.safe_dump_all(docs, sort_keys=False)


# --- requests aimed at the rules' boundaries -----------------------------------------------

#: probes every configuration gets: the default server's own locations, the ACME exemption
#: from ssl-redirect, escapes of `.`, `%00` and bad escapes (400), the longest request line
#: nginx takes (8192 bytes with GET and HTTP/1.1) and one byte more (414)
FIXED_PATHS = (
    "/",
    "/healthz",
    "/nginx_status",
    "/.well-known/acme-challenge/t",
    "/%2e%2e/a",
    "/a/%2E/b",
    "/a%00",
    "/a%zz",
    "/a#b",
    "/a%23b",
    "/a;b",
    "/%61%2f%62",
    "/a/b/%2e%2e/c",
    "/" + "a" * 8176,
    "/" + "a" * 8177,
)


def request_hosts(manifests: Manifests) -> list[str]:
    """Each rule host as sent by odd clients; wildcards with one, two and no labels."""
    hosts = ["other.test"]
    for ing in manifests.ingresses:
        for rule in ing.rules:
            host = rule.host
            if host is None:
                continue
            if host.startswith("*."):
                suffix = host[1:]
                hosts += ["x" + suffix, "y_z" + suffix, "a.b" + suffix, suffix[1:]]
            else:
                hosts += [host, host.upper(), host + ":8080", host + ".", host.upper() + ":1"]
    hosts += ["_", "OTHER.test:8080", "a..b", "other.test:", "[::1]:80", "other.test:80:80"]
    return list(dict.fromkeys(hosts))


def path_variants(path: str) -> list[str]:
    """The path, one character either side of it, its case, escapes and dot segments."""
    variants = [path, path + "/", path + "x", path.upper(), path.swapcase()]
    if len(path) > 1:
        variants += [path[:-1], path[:-1] + "%" + f"{ord(path[-1]):02X}"]
        variants += ["/" + path, path.replace("/", "//"), "/x/.." + path, "/." + path]
        variants.append("/.." + path)
        inner = path.find("/", 1)
        if inner > 0:
            variants.append(path[:inner] + "%2F" + path[inner + 1 :])
            variants.append(path[:inner] + "/./" + path[inner + 1 :])
    return variants


def candidate_requests(manifests: Manifests) -> list[Request]:
    """Every request host with every probe path, rule paths first (a query on some)."""
    paths: list[str] = []
    for ing in manifests.ingresses:
        for rule in ing.rules:
            for p in rule.paths:
                if any(ch in p.path for ch in "[]()|{}$*\\"):
                    paths += REGEX_PROBES
                else:
                    paths += path_variants(p.path or "/")
    paths = list(dict.fromkeys(paths + list(FIXED_PATHS)))
    queries = ("", "", "", "q=/")
    return [
        Request("http", host, path, queries[i % len(queries)])
        for host in request_hosts(manifests)
        for i, path in enumerate(paths)
    ]


# --- the differential ----------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    configs: int = 0
    refused: int = 0
    requests: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)
    #: when the first disagreement was seen, and every input that has failed since
    failed_at: float | None = None
    failures: set[tuple[str, int]] = field(default_factory=set)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started


def admitted_only(model: NginxModel) -> NginxModel:
    """The model over the Ingresses the webhook admitted: what nginx actually serves."""
    return NginxModel(Manifests(ingresses=list(model.ingresses)))


def disagreement(
    text: str, conf: str, model: NginxModel, request: Request, mine: Answer, theirs: Answer
) -> str:
    trail = "\n".join(
        f"  {step.candidate}: {step.verdict}: {step.reason}"
        for step in model.answer(request, explain=True).explain
    )
    return (
        "NGINX model and real nginx disagree\n"
        f"--- manifests ---\n{text}"
        f"--- request ---\nGET {target(request)} HTTP/1.1\nHost: {request.host}\n"
        f"--- model ---\n{mine}\n--- nginx ---\n{theirs}\n"
        f"--- the model's explanation ---\n{trail}\n"
        f"--- exported nginx.conf ---\n{conf}"
    )


def check_against_nginx(nginx: NginxProcess, text: str, seed: int, tally: Tally) -> None:
    """Serve `text`'s export; compare REQUESTS_PER_CONFIG candidates chosen by `seed`."""
    manifests = ingresslab.loads(text)
    model = NginxModel(manifests)
    if model.error is not None:
        accepted, output = nginx_check(render_nginx_conf(model), nginx.binary)
        tally.refused += 1
        assert not accepted, (
            f"the model says nginx refuses:\n{model.error}\nbut nginx -t accepts:\n{output}"
        )
        return
    conf = serve(nginx, model)
    tally.configs += 1
    candidates = candidate_requests(manifests)
    chosen = Random(seed).sample(candidates, min(REQUESTS_PER_CONFIG, len(candidates)))
    served = model
    for request in chosen:
        resolution = model.answer(request)
        if resolution.outcome is Outcome.REJECTED_BY_WEBHOOK:
            if served is model:
                served = admitted_only(model)
            resolution = served.answer(request)
        mine, theirs = model_answer(resolution), nginx_answer(nginx, request)
        tally.requests += 1
        assert mine == theirs, disagreement(text, conf, served, request, mine, theirs)


def test_nginx_answers_every_request_as_the_model_predicts(
    nginx: NginxProcess, record_property: Any
) -> None:
    tally = Tally()

    @settings(
        max_examples=CONFIGS,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(text=manifest_texts(), seed=st.integers(0, 2**32 - 1))
    def differential(text: str, seed: int) -> None:
        now = time.monotonic()
        if tally.failed_at is None and now - tally.started > BUDGET_SECONDS:
            tally.skipped += 1
            return
        if (
            tally.failed_at is not None
            and now - tally.failed_at > SHRINK_SECONDS
            and (text, seed) not in tally.failures
        ):
            # shrinking is over budget: new inputs pass, known failures still fail, so
            # hypothesis stops and reports the smallest failure found so far
            tally.skipped += 1
            return
        try:
            check_against_nginx(nginx, text, seed, tally)
        except AssertionError:
            tally.failures.add((text, seed))
            tally.failed_at = tally.failed_at or now
            raise

    try:
        differential()
    finally:
        summary = (
            f"nginx differential: {tally.requests} requests over {tally.configs} configs "
            f"(+{tally.refused} refused by nginx -t as predicted, {tally.skipped} over budget), "
            f"{nginx.starts} nginx starts, {tally.seconds:.1f} s"
        )
        print(summary)
        record_property("nginx_differential", summary)
    assert tally.requests >= MIN_REQUESTS, summary
    assert tally.configs >= MIN_CONFIGS, summary


# --- examples and pinned cases -------------------------------------------------------------

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def example_model(name: str) -> NginxModel:
    """The example read by ingress-nginx, or as if its class were nginx's (e.g. `alb`)."""
    manifests = ingresslab.load(EXAMPLES / name)
    classes = sorted({i.class_name or i.class_annotation or "nginx" for i in manifests.ingresses})
    return NginxModel(
        manifests,
        options=ingresslab.Options(ingress_class=classes[0] if len(classes) == 1 else None),
    )


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_nginx_t_accepts_exactly_the_examples_the_model_accepts(
    name: str, nginx_executable: str
) -> None:
    model = example_model(name)
    accepted, output = nginx_check(render_nginx_conf(model), nginx_executable)
    assert accepted == (model.error is None), f"model: {model.error}\nnginx -t: {output}"


def test_nginx_t_refuses_the_duplicate_location_example(nginx_executable: str) -> None:
    model = example_model("nginx-duplicate-location.yaml")
    assert model.error is not None
    accepted, output = nginx_check(render_nginx_conf(model), nginx_executable)
    assert not accepted
    assert 'duplicate location "/foo/"' in output


def one_ingress(path: str, path_type: str, host: str | None = None, regex: bool = False) -> str:
    """One Ingress with one path to web:80, optionally on a host and with use-regex."""
    metadata: dict[str, Any] = {"name": "web"}
    if regex:
        metadata["annotations"] = {"nginx.ingress.kubernetes.io/use-regex": "true"}
    backend = {"service": {"name": "web", "port": {"number": 80}}}
    rule: dict[str, Any] = {
        "http": {"paths": [{"path": path, "pathType": path_type, "backend": backend}]}
    }
    if host is not None:
        rule["host"] = host
    return yaml.safe_dump(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": metadata,
            "spec": {"ingressClassName": "nginx", "rules": [rule]},
        },
        sort_keys=False,
    )


HOSTLESS_ROOT = one_ingress("/", "Prefix")
#: single requests at known boundaries: (manifests, Host, path, query)
PINNED = {
    # nginx's own 301 for a prefix location named the URI plus `/`, query kept
    "auto-redirect": (one_ingress("/docs/", "Prefix", "app.test"), "APP.test:8080", "/docs", "a=1"),
    # an escaped `/` and a dot segment reach the prefix location; `..` above the root is 400
    "escaped-slash": (one_ingress("/a", "Prefix", "app.test"), "app.test", "/a%2Fx", ""),
    "dot-dot-above-root": (one_ingress("/a", "Prefix", "app.test"), "app.test", "/../a", ""),
    # a wildcard host covers exactly one label
    "wildcard-two-labels": (one_ingress("/", "Prefix", "*.app.test"), "a.b.app.test", "/", ""),
    "wildcard-underscore": (one_ingress("/", "Prefix", "*.app.test"), "a_b.app.test", "/", ""),
    # nginx.tmpl's own locations in server `_` (`{{ if eq $server.Hostname "_" }}`)
    "default-server-healthz": (HOSTLESS_ROOT, "203.0.113.7", "/healthz", ""),
    "default-server-healthz-prefix": (HOSTLESS_ROOT, "203.0.113.7", "/healthzx", ""),
    "default-server-nginx-status": (HOSTLESS_ROOT, "203.0.113.7", "/nginx_status", ""),
    "default-server-healthz-over-auto-redirect": (
        one_ingress("/healthz/", "Prefix"),
        "203.0.113.7",
        "/healthz",
        "",
    ),
    # PCRE (1 and 2 before 10.43) reads `{,2}` as the text `{,2}`; Python's re as {0,2}
    "regex-open-quantifier": (
        one_ingress("/a{,2}", "ImplementationSpecific", "app.test", True),
        "app.test",
        "/b",
        "",
    ),
    # nginx does not put PCRE in UTF mode: `.` is one byte of a two-byte character
    "regex-dot-is-a-byte": (
        one_ingress("/.$", "ImplementationSpecific", "app.test", True),
        "app.test",
        "/%C3%A9",
        "",
    ),
    # a `#` in the request line ends the URI, and nginx then takes no arguments after it
    "fragment-swallows-query": (
        one_ingress("/a/", "Prefix", "app.test"),
        "app.test",
        "/a#b",
        "q=1",
    ),
}


@pytest.mark.parametrize("case", sorted(PINNED))
def test_pinned_boundaries_agree_with_nginx(nginx: NginxProcess, case: str) -> None:
    text, host, path, query = PINNED[case]
    model = NginxModel(ingresslab.loads(text))
    conf = serve(nginx, model)
    request = Request("http", host, path, query)
    mine, theirs = model_answer(model.answer(request)), nginx_answer(nginx, request)
    assert mine == theirs, disagreement(text, conf, model, request, mine, theirs)


@pytest.mark.parametrize("path", ["/(?i)api", "/(?-i:a)B", "/(?|a|b)"])
def test_nginx_t_refuses_a_use_regex_path_only_when_the_model_does(
    path: str, nginx_executable: str
) -> None:
    """PCRE syntax that Python's re lacks (a flag group after `^`, branch reset)."""
    model = NginxModel(
        ingresslab.loads(one_ingress(path, "ImplementationSpecific", "app.test", True))
    )
    accepted, output = nginx_check(render_nginx_conf(model), nginx_executable)
    assert accepted == (model.error is None), f"model: {model.error}\nnginx -t: {output}"


def test_export_names_the_backend_in_a_header_only_with_marker() -> None:
    model = NginxModel(ingresslab.loads(HOSTLESS_ROOT))
    assert BACKEND_HEADER in render_nginx_conf(model)
    plain = render_nginx_conf(model, marker=False)
    assert BACKEND_HEADER not in plain
    assert 'return 200 "default/web:80\\n";' in plain
