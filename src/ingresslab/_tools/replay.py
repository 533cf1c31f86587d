"""Replay an access log through two controller models and report what would change.

Three log layouts are read, one line at a time:

* `ingress-nginx`: the controller's default `log_format upstreaminfo`
  (`logFormatUpstream`, internal/ingress/controller/config/config.go, controller-v1.15.1)::

      $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
      "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name]
      [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length
      $upstream_response_time $upstream_status $req_id

  optionally followed by one more field, `$host` (the default format does not log the Host).
  `$proxy_upstream_name` is `namespace-service-port` for a location with a Service
  (`upstreamName`, internal/ingress/controller/util.go), `upstream-default-backend` for the
  controller's 404 (`defUpstreamName`, controller.go) and `-` when no location ran (the server
  block's `set $proxy_upstream_name "-"`, nginx.tmpl). The upstream fields may be lists
  (`10.0.0.1:80, 10.0.0.2:80`, ` : ` after an internal redirect).
* `combined`: nginx's `combined` format followed by the Host, as
  `log_format combined_host '... "$http_referer" "$http_user_agent" "$host"'`; the last field
  may also be written `"$scheme://$host"`.
* `lines`: `HOST PATH` per line (HOST may be `https://host`), or one absolute URL; blank lines
  and `#` comments are skipped.

Where the Host comes from, in this order: the Host field; an absolute-form request target
(`GET http://host/path HTTP/1.1`); the only host whose rules reach the logged
`$proxy_upstream_name` (such lines are counted as inferred and left out of the agreement
figure, which they would bias). A line with none of these is counted, not replayed.

Scheme: the field when given; else `http` for a 308 that no upstream answered (ingress-nginx's
ssl-redirect answers plain HTTP that way), `https` on a host some Ingress gives `spec.tls`
(plain HTTP there would have been redirected), and `http` otherwise.

Each distinct request is resolved once per model through the models' indexes (no
explanation); explanations are computed only for the first request of each group. Memory
stays bounded: the per-request cache is dropped when it fills. This module knows nothing about
printing or about how any model decides.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .._controllers.alb.route import AlbModel
from .._controllers.nginx.route import NginxModel
from .._engine import Engine
from .._k8s.manifests import Manifests
from .._k8s.model import Backend
from .._result import Outcome, Request, Resolution, Step

__all__ = [
    "LOG_FORMATS",
    "LogEntry",
    "Malformed",
    "ReplayExample",
    "ReplayGroup",
    "ReplayReport",
    "UpstreamAgreement",
    "parse_log",
    "replay",
    "upstream_name",
]

LogFormat = Literal["ingress-nginx", "combined", "lines"]
LOG_FORMATS: tuple[LogFormat, ...] = ("ingress-nginx", "combined", "lines")
Verdict = Literal["same", "changed-backend", "changed-outcome", "refused"]

#: `defUpstreamName` (internal/ingress/controller/controller.go, controller-v1.15.1).
DEFAULT_UPSTREAM = "upstream-default-backend"
#: Example requests kept per group, malformed line numbers kept, disagreements kept.
EXAMPLES = 3
MALFORMED_KEPT = 5
#: Distinct requests remembered before the cache is dropped (bounded memory).
CACHE_SIZE = 200_000
#: Lines between two progress callbacks.
PROGRESS_EVERY = 50_000

# Outcomes a client sees as "the new setup does not take the request at all".
_REFUSED = frozenset(
    {
        Outcome.NO_LISTENER,
        Outcome.CONTROLLER_ERROR,
        Outcome.INVALID_CONFIG,
        Outcome.REJECTED_BY_WEBHOOK,
        Outcome.BAD_REQUEST,
    }
)
_SERVED = frozenset({Outcome.ROUTE, Outcome.DEFAULT_BACKEND})

_QUOTED = r'"([^"]*)"'
# The default format up to `[$proxy_alternative_upstream_name] `; nginx escapes `"` inside
# variables as \x22, so a quoted field never holds a raw quote.
_SKIPPED = r'"[^"]*"'  # a quoted field that is not read
_INGRESS_NGINX = re.compile(
    rf"\S+ - \S+ \[[^\]]*\] {_QUOTED} (\d{{3}}) \S+ {_SKIPPED} {_SKIPPED} \S+ \S+ "
    r"\[([^\]]*)\] \[[^\]]*\] (.+)"
)
_COMBINED = re.compile(
    rf"^\S+ - \S+ \[[^\]]*\] {_QUOTED} (\d{{3}}) \S+ {_QUOTED} {_QUOTED} {_QUOTED}$"
)


# ------------------------------------------------------------------------------------------------
# Reading


@dataclass(slots=True)  # not frozen: a million of them are made, and frozen ones cost twice
class LogEntry:
    """One request read from a log line: what the line says, nothing inferred yet."""

    line: int
    host: str | None
    target: str  # origin-form `/path?query`
    scheme: str | None = None
    status: int | None = None
    upstream: str | None = None  # `$proxy_upstream_name`
    upstream_addr: str | None = None


@dataclass(frozen=True, slots=True)
class Malformed:
    """A line that is not in the format asked for, and why."""

    line: int
    reason: str


def _request_line(text: str) -> tuple[str | None, str | None, str] | str:
    """`GET /p?q HTTP/1.1` -> (scheme, host, target); a string is why it is not one."""
    parts = text.split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return f"not an HTTP request line: {text[:60]!r}"
    return _target(parts[1])


def _target(target: str) -> tuple[str | None, str | None, str] | str:
    if target.startswith("/"):
        return None, None, target
    scheme, sep, rest = target.partition("://")
    if sep and scheme.lower() in ("http", "https"):
        host, slash, path = rest.partition("/")
        return scheme.lower(), host or None, slash + path if slash else "/"
    return f"not an origin-form or absolute request target: {target[:60]!r}"


def _host_field(value: str) -> tuple[str | None, str | None]:
    """`host` or `scheme://host` -> (scheme, host); `-` or empty is no host."""
    scheme, sep, host = value.partition("://")
    if not sep:
        scheme, host = "", value
    host = host.rstrip("/")
    if host in ("", "-"):
        return None, None
    return (scheme.lower() or None), host


def _tail_groups(tail: str) -> list[str]:
    """Fields after `[$proxy_alternative_upstream_name]`, list-valued ones kept together."""
    if ", " not in tail and " : " not in tail:
        return tail.split(" ")
    groups: list[str] = []
    glue = False
    for token in tail.split(" "):
        if glue or token == ":":
            groups[-1] += " " + token
        else:
            groups.append(token)
        glue = token.endswith(",") or token == ":"
    return groups


def _parse_ingress_nginx(number: int, text: str) -> LogEntry | Malformed:
    m = _INGRESS_NGINX.fullmatch(text)
    if m is None:
        return Malformed(number, "not ingress-nginx's default log format (upstreaminfo)")
    request, status, upstream, tail = m.groups()
    fields = _tail_groups(tail)
    if len(fields) not in (5, 6):
        return Malformed(
            number,
            f"{len(fields)} fields after [$proxy_alternative_upstream_name]: want 5 "
            "($upstream_addr ... $req_id), or 6 with $host",
        )
    parsed = _request_line(request)
    if isinstance(parsed, str):
        return Malformed(number, parsed)
    scheme, host, target = parsed
    if len(fields) == 6:
        scheme_field, host_field = _host_field(fields[5])
        scheme, host = scheme_field or scheme, host_field or host
    return LogEntry(number, host, target, scheme, int(status), upstream, fields[0])


def _parse_combined(number: int, text: str) -> LogEntry | Malformed:
    m = _COMBINED.match(text)
    if m is None:
        return Malformed(number, 'not the combined format followed by "$host"')
    request, status, _, _, host_value = m.groups()
    parsed = _request_line(request)
    if isinstance(parsed, str):
        return Malformed(number, parsed)
    scheme, host, target = parsed
    scheme_field, host_field = _host_field(host_value)
    return LogEntry(number, host_field or host, target, scheme_field or scheme, int(status))


def _parse_lines(number: int, text: str) -> LogEntry | Malformed | None:
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    parts = stripped.split()
    if len(parts) == 1:
        parsed = _target(parts[0])
        if isinstance(parsed, str) or parsed[1] is None:
            return Malformed(number, "want HOST PATH or an absolute URL")
        return LogEntry(number, parsed[1], parsed[2], parsed[0])
    if len(parts) != 2 or not parts[1].startswith("/"):
        return Malformed(number, "want HOST PATH (PATH starting with /)")
    scheme, host = _host_field(parts[0])
    if host is None:
        return Malformed(number, "want HOST PATH: no host")
    return LogEntry(number, host, parts[1], scheme)


def parse_log(
    lines: Iterable[str], format: LogFormat = "ingress-nginx"
) -> Iterator[LogEntry | Malformed]:
    """Read `lines` lazily in `format`; every line gives a `LogEntry` or a `Malformed`
    (`lines` also skips blank and `#` lines). Line numbers start at 1."""
    if format not in LOG_FORMATS:
        raise ValueError(f"unknown log format {format!r}: choose from {', '.join(LOG_FORMATS)}")
    return _parse_numbered(enumerate(lines, 1), format)


def _parse_numbered(
    numbered: Iterable[tuple[int, str]], format: LogFormat
) -> Iterator[LogEntry | Malformed]:
    for number, raw in numbered:
        text = raw.rstrip("\r\n")
        if format == "lines":
            entry = _parse_lines(number, text)
            if entry is not None:
                yield entry
        elif not text.strip():
            continue
        elif format == "ingress-nginx":
            yield _parse_ingress_nginx(number, text)
        else:
            yield _parse_combined(number, text)


# ------------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True, slots=True)
class ReplayExample:
    line: int
    url: str


@dataclass(slots=True)
class ReplayGroup:
    """Requests the two models answered the same way, rule for rule: one lesson."""

    verdict: Verdict
    count: int
    old: Resolution  # the first request's answers, with their explanations
    new: Resolution
    examples: list[ReplayExample]
    old_reason: str
    new_reason: str
    #: the documented difference that explains the change (None when unchanged);
    #: see `DIFFERENCE_KINDS`
    kind: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "count": self.count,
            "kind": self.kind,
            "old": _answer_dict(self.old, self.old_reason),
            "new": _answer_dict(self.new, self.new_reason),
            "examples": [{"line": e.line, "url": e.url} for e in self.examples],
        }


def _answer_dict(answer: Resolution, reason: str) -> dict[str, Any]:
    data = answer.as_dict()
    del data["explain"], data["request"]
    data["reason"] = reason
    return data


@dataclass(slots=True)
class UpstreamAgreement:
    """How often the NGINX model names the upstream the log says the request went to."""

    compared: int = 0
    agreed: int = 0
    #: (line, upstream in the log, upstream the model names), the first few
    disagreements: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.agreed / self.compared if self.compared else 1.0


@dataclass(slots=True)
class ReplayReport:
    source: str
    target: str
    lines: int = 0
    requests: int = 0
    same: int = 0
    changed_backend: int = 0
    changed_outcome: int = 0
    refused: int = 0
    malformed: int = 0
    malformed_lines: list[tuple[int, str]] = field(default_factory=list)
    #: lines whose Host could not be known (see the module docstring), not replayed
    no_host: int = 0
    #: lines whose Host was inferred from the logged upstream
    host_inferred: int = 0
    groups: list[ReplayGroup] = field(default_factory=list)
    #: None when the log has no upstream column or the NGINX model is not one of the two
    upstream: UpstreamAgreement | None = None

    @property
    def changed(self) -> int:
        return self.changed_backend + self.changed_outcome + self.refused

    def changed_groups(self) -> list[ReplayGroup]:
        return [g for g in self.groups if g.verdict != "same"]

    def as_dict(self) -> dict[str, Any]:
        upstream = self.upstream
        return {
            "source": self.source,
            "target": self.target,
            "lines": self.lines,
            "requests": self.requests,
            "totals": {
                "same": self.same,
                "changed_backend": self.changed_backend,
                "changed_outcome": self.changed_outcome,
                "refused": self.refused,
            },
            "malformed": {
                "count": self.malformed,
                "first": [list(m) for m in self.malformed_lines],
            },
            "no_host": self.no_host,
            "host_inferred": self.host_inferred,
            "upstream_agreement": None
            if upstream is None
            else {
                "compared": upstream.compared,
                "agreed": upstream.agreed,
                "disagreements": [
                    {"line": n, "log": log, "model": model}
                    for n, log, model in upstream.disagreements
                ],
            },
            "groups": [g.as_dict() for g in self.groups],
        }


# ------------------------------------------------------------------------------------------------
# Models


def upstream_name(backend: Backend) -> str:
    """`$proxy_upstream_name` of a location: `namespace-service-port` (upstreamName,
    internal/ingress/controller/util.go, controller-v1.15.1)."""
    return f"{backend.namespace}-{backend.service}-{backend.port}"


def _model_upstream(nginx: NginxModel, answer: Resolution) -> str:
    """What ingress-nginx would log as `$proxy_upstream_name` for the model's answer."""
    if answer.backend is not None:
        return upstream_name(answer.backend)
    if answer.outcome is Outcome.NOT_FOUND:
        return DEFAULT_UPSTREAM  # the host's fallback `/` (or its regex twin) proxies there
    matched = answer.matched
    if matched is None or answer.outcome is not Outcome.REDIRECT:
        return "-"  # nginx answered itself: 400, 414, the template's /healthz, /nginx_status
    if answer.outcome is Outcome.REDIRECT and answer.status == 301:
        return "-"  # auto_redirect answers in the find-config phase, before the location's `set`
    server = next(
        (s for s in nginx.servers if s.hostname == (matched.host or "_")),
        None,
    )
    if server is not None and matched.priority is not None:
        location = server.locations[matched.priority]
        if location.backend is not None:
            return upstream_name(location.backend)
    return DEFAULT_UPSTREAM


def _tls_hosts(manifests: Manifests) -> frozenset[str]:
    return frozenset(
        (rule.host or "_").lower()
        for ing in manifests.ingresses
        if ing.has_tls
        for rule in ing.rules
    )


def _has_tls(tls: frozenset[str], host: str) -> bool:
    host = host.lower().rsplit(":", 1)[0] if host.count(":") == 1 else host.lower()
    if host in tls:
        return True
    dot = host.find(".")
    return dot > 0 and "*." + host[dot + 1 :] in tls


def _hosts_by_upstream(manifests: Manifests) -> dict[str, str | None]:
    """Upstream name -> the only concrete host whose rules reach it (None: several or none)."""
    found: dict[str, set[str]] = {}
    for ing in manifests.ingresses:
        for rule in ing.rules:
            for path in rule.paths:
                if path.backend is None:
                    continue
                hosts = found.setdefault(upstream_name(path.backend), set())
                hosts.add(rule.host if rule.host and "*" not in rule.host else "")
    return {
        name: next(iter(h)) if len(h) == 1 and "" not in h else None for name, h in found.items()
    }


# ------------------------------------------------------------------------------------------------
# Comparing


def _served_key(answer: Resolution) -> tuple[object, ...]:
    if answer.outcome in _SERVED:
        return ("served", answer.backend)
    return (answer.outcome, answer.status)


def _verdict(old: Resolution, new: Resolution) -> Verdict:
    if _served_key(old) == _served_key(new):
        return "same"
    if new.outcome in _REFUSED:
        return "refused"
    if old.outcome in _SERVED and new.outcome in _SERVED:
        return "changed-backend"
    return "changed-outcome"


def _rule_key(answer: Resolution) -> tuple[object, ...]:
    m = answer.matched
    return (
        answer.outcome,
        answer.backend,
        answer.status,
        None if m is None else (m.ingress, m.host, m.path, m.path_type),
    )


def _reason(answer: Resolution) -> str:
    """The deciding line of an explanation: the last match, or the last step."""
    steps: Sequence[Step] = answer.explain
    decisive = [s for s in steps if s.verdict == "match"] or list(steps)
    parts = []
    if decisive:
        step = decisive[-1]
        parts.append(f"{step.candidate}: {step.reason}")
    if answer.message:
        parts.append(answer.message)
    return "; ".join(parts) or str(answer.outcome)


#: The differences `kind` names, each documented in docs/how-to/move-off-ingress-nginx.md.
DIFFERENCE_KINDS = {
    "ssl-redirect-code": "both redirect HTTP to HTTPS: ingress-nginx with 308, the ALB with 301",
    "alb-ssl-redirect-group-wide": "the ALB's ssl-redirect is one setting for the whole "
    "IngressGroup: its HTTP listener redirects every host",
    "tls-redirect-nginx-only": "spec.tls alone makes ingress-nginx redirect plain HTTP (308); "
    "the ALB redirects only with its ssl-redirect annotation",
    "trailing-slash-redirect": "nginx answers 301 to a Prefix path written with a trailing `/` "
    "(auto_redirect); the ALB's pattern matches without it",
    "regex-mode": "one use-regex or rewrite-target Ingress makes every location of its host a "
    "case-insensitive regex prefix in nginx; the ALB matches each path as written",
    "wildcard-depth": "`*.example.com` covers one label in nginx, any number on the ALB",
    "host-less-fallthrough": "nginx stays in the server its Host selects; the ALB falls through "
    "to a host-less rule of later priority",
    "rule-order": "nginx picks the server by Host, then the longest path; the ALB takes the "
    "first rule in priority (IngressGroup order, then namespace/name), host-less ones included",
    "default-server-healthz": "nginx's default server answers /healthz itself (200) for "
    "Hosts no rule names; the ALB sends it to the rules",
    "no-https-listener": "the ALB has no listener for the request's port",
    "unexplained": "no documented difference names this change",
}


def _steps_text(answer: Resolution) -> str:
    return " ".join(s.reason for s in answer.explain)


def _kind(
    old: Resolution, new: Resolution, verdict: Verdict, priorities: dict[tuple[str, str], int]
) -> str | None:
    """Name the documented difference behind a change, from the two answers and their trails.

    `priorities` maps an ALB rule (Ingress, path) to its priority, to tell a rule that comes
    first on the ALB (rule-order) from a host that has no rule for the path at all."""
    if verdict == "same":
        return None
    labels = {old.controller: old, new.controller: new}
    nginx, alb = labels.get("nginx"), labels.get("alb")
    if nginx is None or alb is None:
        return "unexplained"
    if alb.outcome is Outcome.NO_LISTENER:
        return "no-https-listener"
    trail = _steps_text(nginx)
    if nginx.outcome is Outcome.REDIRECT and nginx.status == 301 and "auto_redirect" in trail:
        return "trailing-slash-redirect"
    if nginx.outcome is Outcome.REDIRECT and alb.outcome is Outcome.REDIRECT:
        return "ssl-redirect-code"
    if alb.outcome is Outcome.REDIRECT and alb.matched is None:
        return "alb-ssl-redirect-group-wide"
    if nginx.outcome is Outcome.REDIRECT and nginx.status == 308:
        return "tls-redirect-nginx-only"
    if "enforceRegexModifier" in trail and nginx.outcome is Outcome.ROUTE:
        return "regex-mode"
    host = nginx.request.host.lower()
    alb_host = alb.matched.host if alb.matched else None
    suffix = alb_host[1:] if alb_host and alb_host.startswith("*.") else None
    if suffix and host.endswith(suffix) and "." in host[: -len(suffix)]:
        return "wildcard-depth"
    if nginx.outcome is Outcome.FIXED_RESPONSE and "health check" in trail:
        return "default-server-healthz"
    if nginx.matched is not None and alb.matched is not None:
        mine = priorities.get((nginx.matched.ingress, nginx.matched.path))
        theirs = alb.matched.priority
        if mine is not None and theirs is not None and theirs < mine:
            return "rule-order"
    nginx_host = nginx.matched.host if nginx.matched else None
    in_host = nginx_host is not None or (
        nginx.outcome is Outcome.NOT_FOUND and nginx.request.host.lower() != "_"
    )
    if in_host and alb.matched is not None and alb.matched.host is None:
        return "host-less-fallthrough"
    return "unexplained"


def _priorities(model: AlbModel) -> dict[tuple[str, str], int]:
    """ALB rule priorities by (Ingress, path as the Ingress wrote it before migration)."""
    found: dict[tuple[str, str], int] = {}
    for lb in model.load_balancers:
        for listener in lb.listeners:
            for rule in listener.rules:
                path = rule.path.removeprefix("/^") if rule.path.startswith("/^") else rule.path
                found.setdefault((rule.ingress, path), rule.priority)
    return found


@dataclass(slots=True)
class _Seen:
    group: ReplayGroup
    verdict: Verdict
    model_upstream: str | None


def replay(
    manifests: Manifests,
    lines: Iterable[str],
    *,
    source: str = "nginx",
    target: str = "alb",
    format: LogFormat = "ingress-nginx",
    target_manifests: Manifests | None = None,
    any_class: bool = True,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> ReplayReport:
    """Replay every request of an access log through `source` and `target` and compare.

    `lines` is read lazily, once (a file object or any generator of lines). With
    `target_manifests`, the target model reads those instead (e.g. `migrate`'s output), so the
    report shows the behaviour change of a migration. `any_class=True` (the default) simulates
    every Ingress under each model, whatever class it names, as `diff` does. `progress` is
    called with the number of lines read every `PROGRESS_EVERY` lines and at the end.

    `jobs` > 1 reads a log file (a file object with a name on disk) in that many parts at once,
    in worker processes that share the models built here; the report is the same as with one.
    """
    replayer = _Replayer(manifests, source, target, format, target_manifests, any_class)
    path = getattr(lines, "name", None)
    if jobs > 1 and isinstance(path, str) and os.path.isfile(path):
        return replayer.parallel(path, jobs, progress)
    state = replayer.run(enumerate(lines, 1), progress)
    return replayer.report([state])


@dataclass(slots=True)
class _State:
    """What one reader found in its lines; states of consecutive parts merge in order."""

    lines: int = 0
    requests: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    malformed: int = 0
    malformed_lines: list[tuple[int, str]] = field(default_factory=list)
    no_host: int = 0
    host_inferred: int = 0
    groups: dict[tuple[object, ...], ReplayGroup] = field(default_factory=dict)
    agreement: UpstreamAgreement = field(default_factory=UpstreamAgreement)
    upstream_seen: bool = False


class _Replayer:
    """The two engines, built once, and what every line needs from them."""

    def __init__(
        self,
        manifests: Manifests,
        source: str,
        target: str,
        format: LogFormat,
        target_manifests: Manifests | None,
        any_class: bool,
    ) -> None:
        if format not in LOG_FORMATS:
            raise ValueError(f"unknown log format {format!r}: choose from {', '.join(LOG_FORMATS)}")
        self.source, self.target, self.format = source, target, format
        self.old = Engine(manifests, any_class=any_class)
        self.new = (
            self.old if target_manifests is None else Engine(target_manifests, any_class=any_class)
        )
        # Build both models now: before reading any line (an unknown name fails at once) and
        # before worker processes start, which then share them.
        self.old.model(source)
        self.new.model(target)
        # The log's upstream column is ingress-nginx's: compared with the source model only.
        self.nginx = self.old.nginx if source == "nginx" else None
        self.priorities: dict[tuple[str, str], int] = {}
        for engine, name in ((self.old, source), (self.new, target)):
            if name == "alb":
                self.priorities.update(_priorities(engine.alb))
        self.tls = _tls_hosts(manifests)
        self.by_upstream = _hosts_by_upstream(manifests)

    def resolve_old(self, request: Request, explain: bool) -> Resolution:
        return self.old.answer(request, self.source, explain=explain)

    def resolve_new(self, request: Request, explain: bool) -> Resolution:
        return self.new.answer(request, self.target, explain=explain)

    def run(
        self, numbered: Iterable[tuple[int, str]], progress: Callable[[int], None] | None
    ) -> _State:
        state = _State()
        cache: dict[tuple[str, str, str], _Seen] = {}
        secure: dict[str, bool] = {}  # TLS per Host, looked up once
        for entry in _parse_numbered(numbered, self.format):
            state.lines = entry.line
            if progress is not None and entry.line % PROGRESS_EVERY == 0:
                progress(entry.line)
            if isinstance(entry, Malformed):
                _malformed(state, entry.line, entry.reason)
                continue
            host = entry.host
            inferred = False
            if host is None and entry.upstream:
                host = self.by_upstream.get(entry.upstream)
                inferred = host is not None
            if host is None:
                state.no_host += 1
                continue
            state.host_inferred += inferred
            scheme = entry.scheme
            if scheme is None:
                if entry.status == 308 and entry.upstream_addr in (None, "-"):
                    scheme = "http"
                else:
                    known = secure.get(host)
                    if known is None:
                        known = secure[host] = _has_tls(self.tls, host)
                    scheme = "https" if known else "http"
            key = (scheme, host, entry.target)
            seen = cache.get(key)
            if seen is None:
                if len(cache) >= CACHE_SIZE:
                    cache.clear()
                try:
                    request = Request.from_url(f"{scheme}://{host}{entry.target}")
                except ValueError as error:
                    _malformed(state, entry.line, str(error))
                    continue
                seen = _first_seen(
                    request,
                    self.resolve_old,
                    self.resolve_new,
                    self.nginx,
                    state.groups,
                    entry.line,
                    self.priorities,
                )
                cache[key] = seen
            elif len(seen.group.examples) < EXAMPLES:
                seen.group.examples.append(
                    ReplayExample(entry.line, f"{scheme}://{host}{entry.target}")
                )
            seen.group.count += 1
            state.requests += 1
            state.counts[seen.verdict] += 1
            if entry.upstream is not None and seen.model_upstream is not None:
                state.upstream_seen = True
                if not inferred:
                    agreement = state.agreement
                    agreement.compared += 1
                    if entry.upstream == seen.model_upstream:
                        agreement.agreed += 1
                    elif len(agreement.disagreements) < MALFORMED_KEPT:
                        agreement.disagreements.append(
                            (entry.line, entry.upstream, seen.model_upstream)
                        )
        if progress is not None:
            progress(state.lines)
        return state

    def parallel(
        self, path: str, jobs: int, progress: Callable[[int], None] | None
    ) -> ReplayReport:
        """Split the file at line boundaries into `jobs` parts, read each in a forked worker
        (the models built above are shared copy-on-write), and merge the parts in order."""
        parts = _split_lines(path, jobs)
        context = multiprocessing.get_context("fork")
        with context.Pool(len(parts)) as pool:
            pending = [
                pool.apply_async(_run_part, (self, path, start, end, first))
                for start, end, first in parts
            ]
            states = []
            for job in pending:
                states.append(job.get())
                if progress is not None:
                    progress(states[-1].lines)
        return self.report(states)

    def report(self, states: Sequence[_State]) -> ReplayReport:
        """One report from the states of consecutive parts of the log, in order."""
        report = ReplayReport(self.source, self.target)
        groups: dict[tuple[object, ...], ReplayGroup] = {}
        agreement = UpstreamAgreement()
        upstream_seen = False
        for state in states:
            report.lines = max(report.lines, state.lines)
            report.requests += state.requests
            report.same += state.counts["same"]
            report.changed_backend += state.counts["changed-backend"]
            report.changed_outcome += state.counts["changed-outcome"]
            report.refused += state.counts["refused"]
            report.malformed += state.malformed
            room = MALFORMED_KEPT - len(report.malformed_lines)
            report.malformed_lines += state.malformed_lines[: max(room, 0)]
            report.no_host += state.no_host
            report.host_inferred += state.host_inferred
            upstream_seen |= state.upstream_seen
            agreement.compared += state.agreement.compared
            agreement.agreed += state.agreement.agreed
            room = MALFORMED_KEPT - len(agreement.disagreements)
            agreement.disagreements += state.agreement.disagreements[: max(room, 0)]
            for key, group in state.groups.items():
                kept = groups.get(key)
                if kept is None:
                    groups[key] = group  # the earliest part's explanations stand
                    continue
                kept.count += group.count
                kept.examples = (kept.examples + group.examples)[:EXAMPLES]
        report.groups = sorted(
            groups.values(), key=lambda g: (g.verdict == "same", -g.count, g.examples[0].line)
        )
        report.upstream = agreement if upstream_seen else None
        return report


def _malformed(state: _State, line: int, reason: str) -> None:
    state.malformed += 1
    if len(state.malformed_lines) < MALFORMED_KEPT:
        state.malformed_lines.append((line, reason))


def _split_lines(path: str, jobs: int) -> list[tuple[int, int, int]]:
    """(start byte, end byte, number of the first line) of `jobs` parts cut at newlines."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as handle:
        for i in range(1, jobs):
            handle.seek(max(size * i // jobs, cuts[-1]))
            handle.readline()  # to the end of the line the cut falls in
            cuts.append(min(handle.tell(), size))
        cuts.append(size)
        parts = []
        first = 1
        for start, end in itertools.pairwise(cuts):
            if end <= start:
                continue
            parts.append((start, end, first))
            handle.seek(start)
            left = end - start
            while left > 0:  # count the part's lines in bounded reads
                block = handle.read(min(left, 1 << 23))
                first += block.count(b"\n")
                left -= len(block)
    return parts


def _run_part(replayer: _Replayer, path: str, start: int, end: int, first: int) -> _State:
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    # As a text file iterates: lines end at "\n" only (str.splitlines would also cut at \x0c).
    text = data.decode("utf-8", "replace").split("\n")
    if text and not text[-1]:
        text.pop()
    return replayer.run(enumerate(text, first), None)


def _first_seen(
    request: Request,
    resolve_old: Callable[[Request, bool], Resolution],
    resolve_new: Callable[[Request, bool], Resolution],
    nginx: NginxModel | None,
    groups: dict[tuple[object, ...], ReplayGroup],
    line: int,
    priorities: dict[tuple[str, str], int],
) -> _Seen:
    old = resolve_old(request, False)
    new = resolve_new(request, False)
    verdict = _verdict(old, new)
    key = (verdict, _rule_key(old), _rule_key(new))
    group = groups.get(key)
    if group is None:
        # Only the first request of a group pays for the explanations.
        old_explained = resolve_old(request, True)
        new_explained = resolve_new(request, True)
        group = ReplayGroup(
            verdict,
            0,
            old_explained,
            new_explained,
            [],
            _reason(old_explained),
            _reason(new_explained),
            _kind(old_explained, new_explained, verdict, priorities),
        )
        groups[key] = group
    if len(group.examples) < EXAMPLES:
        group.examples.append(ReplayExample(line, request.url))
    upstream = _model_upstream(nginx, old) if nginx is not None else None
    return _Seen(group, verdict, upstream)
