"""The NGINX model against real nginx: `ingresslab export nginx` configs, run by Debian's nginx.

For each generated set of Ingresses the model's servers are exported (`render_nginx_conf`), a
private nginx serves them on 127.0.0.1, and every request is answered twice: by nginx (backend
from the `X-Ingresslab-Backend` header, status, `Location`) and by `NginxModel.resolve`. A
disagreement fails with the manifests, the request and both answers, after hypothesis has
shrunk it. Configurations the model says nginx refuses must fail `nginx -t` too.

Requests also go out as nginx refuses or reads them specially: control bytes in the target
(400, or HTTP/0.9 for a LF, whose answer has no status line and is compared by its body),
absolute-form targets (`GET http://host/path`, the host overriding the Host header), Hosts
around the 8k header-line limit (400 'Request Header Or Cookie Too Large'). Locations with a
rewrite-target proxy to an echo server (`render_nginx_conf(upstream=...)`), so the path
nginx sends upstream is compared with the model's `upstream_path`.

What this can find: the model's request-line and header reading, Host and URI normalisation,
server and location selection, nginx's own 301s, the ssl-redirect answer, the rewrite and the
URI proxy_pass sends, and locations the template renders that the model does not list. What it
cannot: the controller's side (sorting, splitting, regex mode, de-duplication), since the
config is built from the model's own servers.

Reproducible: `derandomize=True` and no example database, so every run draws the same
CONFIGS Ingress sets and request seeds. Bounded: REQUESTS_PER_CONFIG plus ODD_PER_CONFIG
requests per config, a 5 s timeout on every socket, nginx start and echo answer,
BUDGET_SECONDS for the run and SHRINK_SECONDS for shrinking a disagreement; nginx and the
echo server are stopped by PID and by event. On the 2-core development machine a passing run
is about 25,000 requests over about 250 configs in about 25 s, some 5,700 of them with a raw
target, 900 HTTP/0.9, 800 absolute-form, 240 with an 8k Host and 760 through a rewrite
(printed, and recorded as the property `nginx_differential`; MIN_SPECIAL holds the floors).
nginx here is Debian's 1.22.1 with PCRE2 10.42; the controller ships nginx 1.27.1, whose
location, server-name, URI, request-line, header-buffer, rewrite and escaping code is the
same for all of this (git diff release-1.22.1 release-1.27.1 changes none of it).
"""

from __future__ import annotations

import re
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
from nginx_support import EchoServer, NginxProcess, free_port, send

import ingresslab
from ingresslab import Manifests, Outcome, Request, Resolution
from ingresslab._controllers.nginx.route import NginxModel
from ingresslab._http import NginxRead, nginx_read
from ingresslab._tools.export_nginx import (
    BACKEND_HEADER,
    UPSTREAM_HEADER,
    nginx_check,
    render_nginx_conf,
)

pytestmark = pytest.mark.nginx

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CONFIGS = 280  # hypothesis examples; about 1 in 7 is a config nginx refuses (no requests)
REQUESTS_PER_CONFIG = 80
#: and this many more from the targets nginx reads specially (`odd_requests`)
ODD_PER_CONFIG = 24
MIN_REQUESTS = 10_000
MIN_CONFIGS = 200
#: after this many seconds the differential starts no new configs
BUDGET_SECONDS = 90.0
#: after a disagreement, hypothesis may shrink it for this long
SHRINK_SECONDS = 20.0
#: at least this many of the compared requests must be of each special kind
MIN_SPECIAL = {"raw target": 1000, "HTTP/0.9": 100, "absolute form": 300, "long Host": 50,
               "upstream path": 300}  # fmt: skip


@pytest.fixture(scope="module")
def nginx(
    nginx_executable: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NginxProcess]:
    echo = EchoServer()
    process = NginxProcess(
        nginx_executable, tmp_path_factory.mktemp("nginx-prefix"), upstream=echo.address
    )
    try:
        yield process
    finally:
        process.stop()
        echo.stop()


def serve(nginx: NginxProcess, model: NginxModel) -> str:
    """Start nginx on the model's export; a port taken meanwhile gets one more try."""
    for attempt in range(2):
        conf = render_nginx_conf(
            model, listen=nginx.listen, prefix=str(nginx.prefix), upstream=nginx.upstream
        )
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
    """What a client sees: status, the backend that answered, the redirect target, the path
    the backend received after a rewrite; HTTP/0.9 answers carry only a body, so they show
    the status of nginx's error page, or the backend or echoed path in the body."""

    status: int
    backend: str | None = None
    location: str | None = None
    upstream: str | None = None
    http09: bool = False

    def __str__(self) -> str:
        parts = [str(self.status)]
        if self.backend is not None:
            parts.append(f"backend {self.backend}")
        if self.location is not None:
            parts.append(f"Location {self.location}")
        if self.upstream is not None:
            parts.append(f"upstream path {self.upstream!r}")
        if self.http09:
            parts.append("HTTP/0.9 (body only)")
        return ", ".join(parts)


def model_answer(resolution: Resolution) -> Answer:
    http09 = nginx_read(resolution.request).http09
    outcome = resolution.outcome
    if outcome in (Outcome.ROUTE, Outcome.DEFAULT_BACKEND):
        upstream = resolution.upstream_path
        if http09 and upstream is not None:  # the body is the echo server's
            return Answer(200, upstream=upstream, http09=True)
        return Answer(200, str(resolution.backend), upstream=upstream, http09=http09)
    if outcome is Outcome.NOT_FOUND:
        return Answer(404, http09=http09)
    if outcome is Outcome.REDIRECT:
        return Answer(resolution.status or 0, location=resolution.location, http09=http09)
    if outcome in (Outcome.BAD_REQUEST, Outcome.FIXED_RESPONSE):
        return Answer(resolution.status or 0, http09=http09)
    return Answer(0, backend=f"(model outcome {outcome})")


ERROR_PAGE = re.compile(rb"<title>(\d{3}) ")


def nginx_answer(nginx: NginxProcess, request: Request) -> Answer:
    reply = send(nginx.port, request.target, request.host)
    if reply.http09:
        page = ERROR_PAGE.search(reply.body)
        if page is not None:
            return Answer(int(page.group(1)), http09=True)
        if reply.body.startswith(b"upstream "):
            return Answer(200, upstream=_text(reply.body[9:].rstrip(b"\n")), http09=True)
        return Answer(200, reply.body.decode().strip() or None, http09=True)
    if reply.status in (301, 302, 303, 307, 308):
        return Answer(reply.status, location=reply.headers.get("location"))
    if reply.status == 200:
        upstream = reply.headers.get(UPSTREAM_HEADER.lower())
        return Answer(
            200,
            reply.headers.get(BACKEND_HEADER.lower()),
            upstream=None if upstream is None else _text(upstream.encode("latin-1")),
        )
    return Answer(reply.status)


def _text(raw: bytes) -> str:
    """Bytes as the model writes them: UTF-8, a lone surrogate for any other byte."""
    return raw.decode("utf-8", "surrogateescape")


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
    # rewrite-target's usual companions: capture groups
    "/a(/|$)(.*)",
    "/b/(.*)",
    "/(a|b)/(.*)",
)
#: concrete URIs for the regexes above (a two-byte UTF-8 character among them; escapes and
#: dot segments the rewrite sees decoded, `+` and `%` that proxy_pass escapes again)
REGEX_PROBES = (
    "/a/1", "/a/x", "/aa", "/ab", "/b/", "/A", "/Z9", "/9", "/%C3%A9", "/a{,2}",
    "/a/x/y", "/A/%41", "/b/x%20y", "/a", "/b/%2e%2e/a/z", "/a/%3F%23", "/a/+b", "/b/%25",
)  # fmt: skip
#: rewrite-target values the controller accepts: captures, a fixed path, an empty result (500
#: where $1 is empty), a URL (302)
REWRITE_TARGETS = ("/$1", "/$2", "/x/$2$1", "/", "$1", "/fixed", "https://r.test/$2")
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
        if rarely(draw, 2):
            target = draw(st.sampled_from(REWRITE_TARGETS))
            annotations["nginx.ingress.kubernetes.io/rewrite-target"] = target
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


def candidate_requests(manifests: Manifests) -> tuple[list[Request], list[Request]]:
    """Every request host with every probe path, rule paths first (a query on some); and the
    same paths as targets nginx reads specially (`odd_requests`)."""
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
    hosts = request_hosts(manifests)
    plain = [
        Request("http", host, path, queries[i % len(queries)])
        for host in hosts
        for i, path in enumerate(paths)
    ]
    return plain, odd_requests(hosts, [p for p in paths if len(p) < 100])


#: what goes into a request target as raw bytes: control bytes nginx refuses, CR and LF that
#: end the request line (HTTP/0.9), a space, a second request line's version
ODD_BYTES = ("\t", "\x00", "\x0b", "\x7f", "\r", " ", "\rx", "\n", "\r\n", "\nx", " HTTP/1.0\r\n")
#: Host headers around the 8k header-line limit (`Host: ` + name + CR LF = 8192 bytes at 8184)
LONG_HOSTS = ("a" * 8183, "a" * 8184, "a" * 8185, "x." * 4100)


def odd_requests(hosts: list[str], paths: list[str]) -> list[Request]:
    """Targets as sent: control bytes at the end, inside the path or in the query; absolute
    forms naming each host (upper-case, a port, a trailing dot, no path, an invalid host),
    sent with another Host header; Hosts near the header-line limit."""
    out: list[Request] = []
    names = [h for h in hosts if "[" not in h and ":" not in h and ".." not in h]
    for i, path in enumerate(paths):
        host = hosts[i % len(hosts)]
        for j, odd in enumerate(ODD_BYTES):
            where = (path + odd, path[:1] + odd + path[1:], path + "?q=" + odd)[(i + j) % 3]
            out.append(Request.with_target("http", host, where))
        name = names[i % len(names)]
        for target in (
            f"http://{name}{path}",
            f"HTTP://{name.upper()}:81{path}?q=/",
            f"http://{name}.{path}",
            f"http://{name}",
            f"http://{name}?q=1",
            f"http://b_c.test{path}",
            f"http://{name}..x{path}",
            f"http://{name}{path}\t",
        ):
            out.append(Request.with_target("http", "other.test" if i % 4 else "a..b", target))
        out.append(Request("http", LONG_HOSTS[i % len(LONG_HOSTS)], path))
    return out


# --- the differential ----------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    configs: int = 0
    refused: int = 0
    requests: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)
    #: compared requests of each special kind (MIN_SPECIAL)
    special: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MIN_SPECIAL, 0))
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
        f"--- request ---\nGET {request.target!r} HTTP/1.1\nHost: {shown(request.host)}\n"
        f"--- model ---\n{mine}\n--- nginx ---\n{theirs}\n"
        f"--- the model's explanation ---\n{trail}\n"
        f"--- exported nginx.conf ---\n{conf}"
    )


def check_against_nginx(nginx: NginxProcess, text: str, seed: int, tally: Tally) -> None:
    """Serve `text`'s export; compare REQUESTS_PER_CONFIG plain and ODD_PER_CONFIG odd
    candidates chosen by `seed`."""
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
    plain, odd = candidate_requests(manifests)
    rng = Random(seed)
    chosen = rng.sample(plain, min(REQUESTS_PER_CONFIG, len(plain)))
    chosen += rng.sample(odd, min(ODD_PER_CONFIG, len(odd)))
    served = model
    for request in chosen:
        resolution = model.answer(request)
        if resolution.outcome is Outcome.REJECTED_BY_WEBHOOK:
            if served is model:
                served = admitted_only(model)
            resolution = served.answer(request)
        mine, theirs = model_answer(resolution), nginx_answer(nginx, request)
        tally.requests += 1
        count(tally, request, mine)
        assert mine == theirs, disagreement(text, conf, served, request, mine, theirs)


def count(tally: Tally, request: Request, answer: Answer) -> None:
    """Which special kinds of request this one is (MIN_SPECIAL)."""
    read = nginx_read(request)
    kinds = {
        "raw target": request.raw_target is not None,
        "HTTP/0.9": answer.http09,
        "absolute form": isinstance(read, NginxRead) and read.absolute,
        "long Host": len(request.host) > 8000,
        "upstream path": answer.upstream is not None,
    }
    for kind, hit in kinds.items():
        tally.special[kind] += hit


def shown(text: str) -> str:
    """`text`, or its start and length when it is one of the 8k Hosts."""
    return repr(text) if len(text) < 200 else f"{text[:20]!r}... ({len(text)} characters)"


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
        kinds = ", ".join(f"{n} {kind}" for kind, n in tally.special.items())
        summary = (
            f"nginx differential: {tally.requests} requests over {tally.configs} configs "
            f"(+{tally.refused} refused by nginx -t as predicted, {tally.skipped} over budget), "
            f"{nginx.starts} nginx starts, {tally.seconds:.1f} s; among them {kinds}"
        )
        print(summary)
        record_property("nginx_differential", summary)
    assert tally.requests >= MIN_REQUESTS, summary
    assert tally.configs >= MIN_CONFIGS, summary
    for kind, least in MIN_SPECIAL.items():
        assert tally.special[kind] >= least, summary


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


def one_ingress(
    path: str, path_type: str, host: str | None = None, regex: bool = False, rewrite: str = ""
) -> str:
    """One Ingress with one path to web:80, optionally on a host, with use-regex and with a
    rewrite-target."""
    metadata: dict[str, Any] = {"name": "web"}
    if regex or rewrite:
        metadata["annotations"] = {"nginx.ingress.kubernetes.io/use-regex": "true"}
    if rewrite:
        metadata["annotations"]["nginx.ingress.kubernetes.io/rewrite-target"] = rewrite
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


# --- what real nginx answers to requests it refuses or reads specially ----------------------

APP = one_ingress("/", "Prefix", "app.test")
#: (target, Host, what a client sees), each checked against the model and against nginx:
#: ngx_http_parse_request_line refuses control bytes and a space (400) and HTTP/2+ (505); a LF
#: ends the request line (HTTP/0.9: no headers, so the default server, whose `/` is the
#: controller's 404, and no status line); an absolute-form target's host picks the server; a
#: Host line over one 8k buffer is 400 "Request Header Or Cookie Too Large"
REQUESTS_AS_SENT = {
    "tab": ("/a\tb", "app.test", Answer(400)),
    "nul": ("/a\x00b", "app.test", Answer(400)),
    "vertical-tab": ("/a\x0bb", "app.test", Answer(400)),
    "del": ("/a\x7fb", "app.test", Answer(400)),
    "cr": ("/a\rb", "app.test", Answer(400)),
    "tab-in-query": ("/a?b=\t", "app.test", Answer(400)),
    "space": ("/a b", "app.test", Answer(400)),
    "lf": ("/a\nb", "app.test", Answer(404, http09=True)),
    "cr-lf": ("/a\r\nb", "app.test", Answer(404, http09=True)),
    "lf-absolute": (
        "http://app.test/a\n",
        "other.test",
        Answer(200, "default/web:80", http09=True),
    ),
    "http-2": ("/ HTTP/2.0\r\nX: y", "app.test", Answer(505)),
    "absolute": ("http://app.test/x", "other.test", Answer(200, "default/web:80")),
    "absolute-upper-port": ("HTTP://APP.TEST:81/x", "other.test", Answer(200, "default/web:80")),
    "absolute-no-path": ("http://app.test?q", "other.test", Answer(200, "default/web:80")),
    "absolute-over-host": ("http://other.test/x", "app.test", Answer(404)),
    "absolute-underscore": ("http://a_b.test/", "app.test", Answer(400)),
    "absolute-bad-host-header": ("http://app.test/", "a..b", Answer(400)),
    "host-8184": ("/", "a" * 8184, Answer(404)),
    "host-8185": ("/", "a" * 8185, Answer(400)),
    "second-host-header": ("/ HTTP/1.1\r\nHost: app.test", "app.test", Answer(400)),
}


@pytest.mark.parametrize("case", sorted(REQUESTS_AS_SENT))
def test_requests_as_sent_get_the_answer_nginx_gives(nginx: NginxProcess, case: str) -> None:
    target, host, expected = REQUESTS_AS_SENT[case]
    model = NginxModel(ingresslab.loads(APP))
    conf = serve(nginx, model)
    request = Request.with_target("http", host, target)
    mine, theirs = model_answer(model.answer(request)), nginx_answer(nginx, request)
    assert mine == theirs, disagreement(APP, conf, model, request, mine, theirs)
    assert theirs == expected


def test_an_8k_host_is_the_error_page_request_header_or_cookie_too_large(
    nginx: NginxProcess,
) -> None:
    """nginx finalizes with 494, which ngx_http_special_response.c sends as 400 with its own
    page; the model's message names it."""
    serve(nginx, NginxModel(ingresslab.loads(APP)))
    reply = send(nginx.port, "/", "a" * 8185)
    assert reply.status == 400
    assert b"<title>400 Request Header Or Cookie Too Large</title>" in reply.body
    answer = NginxModel(ingresslab.loads(APP)).answer(Request("http", "a" * 8185, "/"))
    assert answer.message and answer.message.startswith("400 Request Header Or Cookie Too Large")


API = one_ingress("/api(/|$)(.*)", "ImplementationSpecific", "r.test", rewrite="/$2")
TO_NOTHING = one_ingress("/api(/|$)(.*)", "ImplementationSpecific", "r.test", rewrite="$2")
TO_URL = one_ingress(
    "/api(/|$)(.*)", "ImplementationSpecific", "r.test", rewrite="https://n.test/$2"
)
NO_GROUP = one_ingress("/api", "Prefix", "*.r.test", rewrite="/$1")
WEB = "default/web:80"
#: (manifests, target, what a client sees): the path the echo backend received after
#: `rewrite "(?i)<path>" <target> break;` and proxy_pass: the URI decoded and normalised,
#: captures copied, escaped again by ngx_escape_uri, the arguments kept as sent; an empty
#: result is 500, a URL a 302; a regex without groups leaves `$1` empty even on a wildcard
#: server (whose name regex captured the first label)
REWRITES = {
    "captures-and-query": (API, "/api/v1/x?q=1", Answer(200, WEB, upstream="/v1/x?q=1")),
    "case-insensitive": (API, "/API", Answer(200, WEB, upstream="/")),
    "decoded-escaped": (API, "/api/a%20b%3f?x=%20", Answer(200, WEB, upstream="/a%20b%3F?x=%20")),
    "normalised-first": (API, "/api/%7e/./x//y", Answer(200, WEB, upstream="/~/x/y")),
    "utf-8": (API, "/api/%C3%A9+", Answer(200, WEB, upstream="/%C3%A9+")),
    "absolute-form": (API, "http://r.test/api/z?k", Answer(200, WEB, upstream="/z?k")),
    "http-09": (API, "http://r.test/api/x\n", Answer(200, upstream="/x", http09=True)),
    "empty-is-500": (TO_NOTHING, "/api", Answer(500)),
    "url-is-302": (TO_URL, "/api/a%20b?c", Answer(302, location="https://n.test/a%20b?c")),
    "no-group-no-capture": (NO_GROUP, "/api", Answer(200, WEB, upstream="/")),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(REWRITES))
def test_rewrite_target_sends_the_upstream_path_nginx_sends(nginx: NginxProcess, case: str) -> None:
    text, target, expected = REWRITES[case]
    model = NginxModel(ingresslab.loads(text))
    conf = serve(nginx, model)
    host = "x.r.test" if "*.r.test" in text else "r.test"
    request = Request.with_target("http", host, target)
    mine, theirs = model_answer(model.answer(request)), nginx_answer(nginx, request)
    assert mine == theirs, disagreement(text, conf, model, request, mine, theirs)
    assert theirs == expected


@pytest.mark.parametrize("target", ["/foo$", "/$1x", "/$bar", "/${host}/$1", "/${x", "/a$$"])
def test_nginx_t_refuses_a_rewrite_target_only_when_the_model_does(
    target: str, nginx_executable: str
) -> None:
    """ngx_http_script_compile (nginx 1.27.1): `$` with no name is "invalid variable name", an
    unknown name is 'unknown "bar" variable'; captures and known variables are accepted."""
    model = NginxModel(
        ingresslab.loads(
            one_ingress("/x(.*)", "ImplementationSpecific", "app.test", rewrite=target)
        )
    )
    conf = render_nginx_conf(model, upstream="127.0.0.1:9")
    accepted, output = nginx_check(conf, nginx_executable)
    assert accepted == (model.error is None), f"model: {model.error}\nnginx -t: {output}"
