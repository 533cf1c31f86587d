"""The AWS Load Balancer Controller (LBC), part two: how the ALBs it built route a request.

Sources: the ELBv2 user guide (`load-balancer-listeners.md`, `load-balancer-troubleshooting.md`,
awsdocs/elb-application-load-balancers-user-guide @fb24293) and API reference
(`PathPatternConditionConfig`, `RedirectActionConfig`).

`AlbModel` builds once (`build.py`) and then answers requests. Lookups go through indexes: the
load balancers by the hosts their rules name (the ones DNS would send a Host to), then per
listener the rules by exact host and literal suffix of wildcard patterns, then by literal path
prefix, so a request costs about the same at 10 and at 100,000 rules and with one ALB or
thousands; `explain=True` walks every rule in priority order instead and is the reference the
index is tested against. Both use one matcher (`_matching_value`). This module knows nothing
about the spec model, NGINX or how results are printed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, ClassVar

from ..._gc import paused_gc
from ..._http import normalize_host
from ..._k8s.manifests import Manifests
from ..._result import Outcome, Request, Resolution, Step
from ..._services import ServiceCatalogue
from ..base import ClassDecision, Controller, Options, ignored, prepare
from .build import (
    Condition,
    Listener,
    LoadBalancer,
    RedirectConfig,
    Rule,
    TargetGroupTuple,
    build_load_balancers,
)

__all__ = ["AlbModel", "alb_glob_matches"]

_UNSETTLED_PORT = (
    "the Host is compared case-insensitively and without its :port; AWS does not document how "
    "a :port in the Host header is treated (unsettled)"
)


@lru_cache(maxsize=4096)
def _glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def alb_glob_matches(pattern: str, text: str, *, ignore_case: bool) -> bool:
    """ALB condition matching: `*` is 0 or more characters (`/` and `.` included), `?` exactly
    one (ELBv2 user guide `load-balancer-listeners.md` @fb24293; hosts ignore case, paths not)."""
    return _glob(pattern, ignore_case).fullmatch(text) is not None


def _wildcard_crosses_dot(pattern: str, host: str) -> bool:
    """Whether a host pattern's `*` had to match a `.`: the case AWS does not document."""
    body = "".join("([^.]*)" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return "*" in pattern and re.fullmatch(body, host, re.IGNORECASE) is None


# ------------------------------------------------------------------------------------------------
# The model


class AlbModel(Controller):
    """The ALBs the LBC builds from some manifests (`load_balancers`), and how each routes."""

    name: ClassVar[str] = "alb"
    label: ClassVar[str] = "the AWS Load Balancer Controller"

    def __init__(
        self,
        manifests: Manifests,
        *,
        options: Options | None = None,
        services: ServiceCatalogue | None = None,
    ) -> None:
        manifests, options, self.services = prepare(manifests, options, services)
        built = build_load_balancers(
            manifests,
            self.services,
            rule_quota=options.rule_quota,
            cluster_name=options.cluster_name,
        )
        self.decisions: tuple[ClassDecision, ...] = built.decisions
        self._class_steps = built.class_steps
        self.load_balancers: tuple[LoadBalancer, ...] = built.load_balancers
        with paused_gc():
            self._indexes = [
                {ls.port: _ListenerIndex(ls.rules) for ls in lb.listeners}
                for lb in self.load_balancers
            ]
            self._reach = _Reach(self.load_balancers, manifests)

    # -- resolving --------------------------------------------------------------------------

    def resolve(self, request: Request, *, explain: bool = False) -> list[Resolution]:
        """One answer per load balancer the request can reach: those whose rules name the Host
        exactly; if none, those whose wildcard covers it; if none, those with host-less rules
        or a default backend. (Simplified: DNS records, e.g. from external-dns, are taken to
        point each host at the load balancers that name it, an exact record before a wildcard
        one.) When no rule names the Host, the one load balancer that takes any host answers;
        with none, or several (DNS decides), one `no-load-balancer` answer says so."""
        none = ignored(self, request, explain=explain)
        if none is not None:
            return [none]
        host = normalize_host(request.host)
        reached, named = self._reach.lookup(host)
        if not named and len(reached) != 1:
            # Nothing names the Host: DNS has no record for it. One load balancer that takes
            # any host is the one the request is meant for; with none, or several, the input
            # does not say where the request goes.
            if reached:
                shown = ", ".join(self.load_balancers[i].name for i in reached[:3])
                more = f" and {len(reached) - 3} more" if len(reached) > 3 else ""
                message = (
                    f"no load balancer has a rule for host {host!r}, and {len(reached)} take "
                    f"any host ({shown}{more}): which one answers depends on the DNS name the "
                    "request was sent to"
                )
            else:
                message = (
                    f"no load balancer has a rule for host {host!r}, nor host-less rules or a "
                    "default backend: DNS would send it to none"
                )
            trail = (*self._class_steps, Step(f"host {host}", "no match", message))
            return [
                Resolution(
                    "alb",
                    request,
                    Outcome.NO_LOAD_BALANCER,
                    message=message,
                    explain=trail if explain else (),
                )
            ]
        return [
            self._resolve_one(self.load_balancers[i], self._indexes[i], request, host, explain)
            for i in reached
        ]

    def _resolve_one(
        self,
        lb: LoadBalancer,
        indexes: Mapping[int, _ListenerIndex],
        request: Request,
        host: str,
        explain: bool,
    ) -> Resolution:
        trail: list[Step] = []
        if explain:
            trail.extend(self._class_steps)
            trail.extend(Step(f"load balancer {lb.name}", "note", n) for n in lb.notes)
        if lb.error is not None:
            trail.append(
                Step(
                    f"load balancer {lb.name}",
                    "no match",
                    f"the controller cannot build IngressGroup {lb.group}: {lb.error}",
                )
            )
            return Resolution(
                "alb",
                request,
                Outcome.CONTROLLER_ERROR,
                message=lb.error,
                load_balancer=lb.name,
                explain=tuple(trail) if explain else (),
            )
        port = request.port or (443 if request.scheme == "https" else 80)
        listener = lb.listener(port)
        if listener is None:
            ports = ", ".join(f"{ls.protocol}:{ls.port}" for ls in lb.listeners)
            message = f"no listener on port {port} (listeners: {ports})"
            trail.append(Step(f"port {port}", "no match", message))
            return Resolution(
                "alb",
                request,
                Outcome.NO_LISTENER,
                message=message,
                load_balancer=lb.name,
                explain=tuple(trail) if explain else (),
            )
        if not explain:
            for position in indexes[port].candidates(host, request.path):
                rule = listener.rules[position]
                if _rule_holds(rule, host, request):
                    return _answer(lb, listener, rule, request, (), self.services)
            return _answer(lb, listener, None, request, (), self.services)
        trail.append(
            Step(
                f"listener {listener.protocol}:{port}",
                "note",
                f"port {port} from the {'URL' if request.port else 'scheme'}; "
                f"{len(listener.rules)} rule(s), evaluated by ascending priority, first match "
                f"wins; {_UNSETTLED_PORT}",
            )
        )
        trail.append(Step("(services)", "note", self.services.note))
        for rule in listener.rules:
            matched, reason = _rule_verdict(rule, host, request)
            trail.append(
                Step(_describe(rule), "match" if matched else "no match", reason, rule.priority)
            )
            if matched:
                return _answer(lb, listener, rule, request, tuple(trail), self.services)
        return _answer(lb, listener, None, request, tuple(trail), self.services)


# ------------------------------------------------------------------------------------------------
# Evaluation


def _matching_value(condition: Condition, host: str, request: Request) -> str | None:
    """The first value of `condition` that holds for the request, or None: values are OR'ed
    (ELBv2 user guide `load-balancer-listeners.md` @fb24293). `host` is lower-case already.
    The one matcher of this model: the index's candidates and the explained walk both use it."""
    field = condition.field
    if field == "host-header" or field == "path-pattern":
        text, fold = (host, True) if field == "host-header" else (request.path, False)
        for value in condition.values:
            if _glob_holds(value, text, fold):
                return value
        flags = re.IGNORECASE if fold else 0
        for value in condition.regex_values:
            if re.search(value, text, flags):
                return value
        return None
    if field == "query-string":
        pairs = [p.partition("=") for p in request.query.split("&") if p]
        for value in condition.values:
            key, _, want = value.partition("=")
            for k, _, v in pairs:
                if (not key or alb_glob_matches(key, k, ignore_case=True)) and alb_glob_matches(
                    want, v, ignore_case=True
                ):
                    return value
    # http-header, http-request-method, source-ip: requests here carry none of them
    return None


def _rule_holds(rule: Rule, host: str, request: Request) -> bool:
    """All conditions of a rule must hold (AND)."""
    return all(_matching_value(c, host, request) is not None for c in rule.conditions)


def _condition_reason(condition: Condition, host: str, request: Request) -> tuple[bool, str]:
    """`_matching_value`, said in words for an explanation trail."""
    value = _matching_value(condition, host, request)
    field = condition.field
    shown = " or ".join((*condition.values, *condition.regex_values))
    if field in ("host-header", "path-pattern"):
        text = host if field == "host-header" else request.path
        if value is None:
            return False, f"{field} {shown} does not match {text}"
        if value in condition.regex_values:
            unsettled = " (ALB regex syntax unsettled)" if field == "path-pattern" else ""
            return True, f"{field} regex {value} matches {text}{unsettled}"
        crossing = ""
        if field == "host-header" and _wildcard_crosses_dot(value, host):
            crossing = (
                " (its * spans a dot; AWS documents * as 0 or more characters but does "
                "not document multi-label matches: unsettled)"
            )
        return True, f"{field} {value} matches {text}{crossing}"
    if field == "query-string":
        if value is None:
            return False, f"query-string {shown} does not match"
        return True, f"query-string {value} matches"
    return False, (
        f"{field} cannot be evaluated: Ingress Lab's requests carry no headers, method "
        "or source IP, so it is taken as not holding"
    )


def _rule_verdict(rule: Rule, host: str, request: Request) -> tuple[bool, str]:
    """`_rule_holds` with the reason of every condition checked, for the explained walk."""
    reasons = []
    for condition in rule.conditions:
        holds, reason = _condition_reason(condition, host, request)
        reasons.append(reason)
        if not holds:
            return False, "; ".join(reasons)
    return True, "; ".join(reasons)


def _glob_holds(pattern: str, text: str, ignore_case: bool) -> bool:
    """`alb_glob_matches` without a regex for the patterns rules are made of: a literal, or a
    literal and one trailing `*`. With `ignore_case`, `text` must be lower-cased already; other
    patterns, and non-ASCII text (whose case folding only the regex gets right), take the regex.
    """
    if ignore_case:
        if not (text.isascii() and pattern.isascii()):
            return alb_glob_matches(pattern, text, ignore_case=True)
        pattern = pattern.lower()
    if "?" not in pattern:
        star = pattern.find("*")
        if star < 0:
            return text == pattern
        if star == len(pattern) - 1:
            return text.startswith(pattern[:-1])
    return alb_glob_matches(pattern, text, ignore_case=ignore_case)


def _describe(rule: Rule) -> str:
    return f"{rule.ingress} {rule.host or '*'} {rule.path} ({rule.path_type})"


def _answer(
    lb: LoadBalancer,
    listener: Listener,
    rule: Rule | None,
    request: Request,
    trail: tuple[Step, ...],
    services: ServiceCatalogue,
) -> Resolution:
    action = rule.actions[0] if rule else listener.default_actions[0]
    matched = rule.match() if rule else None
    steps = list(trail)
    if rule is None and trail:
        what = f"the default action of listener {listener.protocol}:{listener.port}"
        if listener.default_ingress:
            what += f" (spec.defaultBackend of {listener.default_ingress})"
        steps.append(Step("(default action)", "match", f"no rule matched: {what}"))
    if action.reason and trail:
        steps.append(Step("(action)", "note", action.reason))

    def result(outcome: Outcome, **kw: Any) -> Resolution:
        return Resolution(
            "alb",
            request,
            outcome,
            matched=matched,
            load_balancer=lb.name,
            explain=tuple(steps),
            **kw,
        )

    if action.type == "redirect" and action.redirect_config is not None:
        config = action.redirect_config
        status = 302 if config.status_code == "HTTP_302" else 301
        return result(
            Outcome.REDIRECT, status=status, location=_location(config, listener, request)
        )
    if action.type == "fixed-response" and action.fixed_response_config is not None:
        status = int(action.fixed_response_config.status_code)
        if action.reason:
            return result(Outcome.SERVICE_UNAVAILABLE, status=status, message=action.reason)
        if rule is None and listener.default_ingress is None and status == 404:
            return result(Outcome.NOT_FOUND, status=404)
        return result(Outcome.FIXED_RESPONSE, status=status)
    assert action.forward_config is not None
    tuples = action.forward_config.target_groups
    if len(tuples) > 1:
        steps.append(
            Step(
                "(forward)",
                "note",
                "weighted forward: "
                + ", ".join(f"{_target(t)} weight {t.weight}" for t in tuples)
                + "; the answer names the heaviest",
            )
        )
    chosen = max(tuples, key=lambda t: t.weight or 0)
    if chosen.target_group is None:
        return result(
            Outcome.UNRESOLVED_BACKEND,
            message=f"forwards to target group {_target(chosen)}, which is outside the input",
        )
    group = chosen.target_group
    state = services.lookup(group.backend)
    if state.problem == "no-endpoints":
        if group.target_type == "ip":
            status, why = (
                503,
                (
                    "the target group has no registered targets, and the ALB answers 503 "
                    "(ELB user guide, HTTP 503)"
                ),
            )
        else:
            status, why = (
                502,
                (
                    "the nodes stay registered but fail every health check; the ALB then sends to "
                    "them anyway (fail open), kube-proxy refuses a nodePort without endpoints, and "
                    "the ALB answers 502 (ELB user guide, target health and HTTP 502)"
                ),
            )
        if trail:
            steps.append(Step(str(group.backend), "no match", f"{state.reason}: {why}"))
        return result(
            Outcome.SERVICE_UNAVAILABLE,
            status=status,
            backend=group.backend,
            message=f"{state.reason}: {why}",
        )
    outcome = Outcome.DEFAULT_BACKEND if rule is None else Outcome.ROUTE
    upstream, rewrite = _url_rewrite(rule, request)
    if rewrite is not None and trail:
        steps.append(Step("(transform)", "note", rewrite))
    return result(outcome, backend=group.backend, upstream_path=upstream)


_GROUP_REFERENCE = re.compile(r"\$(\d+)")


def _url_rewrite(rule: Rule | None, request: Request) -> tuple[str | None, str | None]:
    """The URL a rule's `url-rewrite` transform sends to the target, and why (user guide
    `rule-transforms.md`): the regex is matched against the request URL (path and query), the
    match is replaced, `$1`... naming capture groups; with no match the original goes. The
    routing decision is not changed. Simplified: several rewrites in one transform are tried in
    order, the first that matches is applied; the regex dialect is read as Python's."""
    transform = (
        next((t for t in rule.transforms if t.type == "url-rewrite"), None) if rule else None
    )
    if transform is None:
        return None, None
    url = request.path + (f"?{request.query}" if request.query else "")
    for regex, replace in transform.rewrites:
        try:
            found = re.search(regex, url)
        except re.error as error:
            return None, f"url-rewrite regex {regex!r} cannot be read here ({error})"
        if found is not None:
            rewritten = (
                url[: found.start()]
                + found.expand(_GROUP_REFERENCE.sub(r"\\g<\1>", replace.replace("\\", "\\\\")))
                + url[found.end() :]
            )
            return (
                rewritten,
                f"url-rewrite: {regex!r} matches {url!r}; the target receives {rewritten!r}",
            )
    return None, f"url-rewrite: no regex matches {url!r}; the original URL is sent"


def _target(item: TargetGroupTuple) -> str:
    if item.target_group is not None:
        return str(item.target_group.backend)
    return item.target_group_arn or item.target_group_name or "?"


def _location(config: RedirectConfig, listener: Listener, request: Request) -> str:
    """`RedirectActionConfig`: unset parts keep the request's (`#{protocol}`, `#{host}`,
    `#{port}`, `/#{path}`, `#{query}`; ELBv2 API reference)."""
    values = {
        "#{protocol}": request.scheme.upper(),
        "#{host}": normalize_host(request.host),
        "#{port}": str(listener.port),
        "#{path}": request.path.removeprefix("/"),
        "#{query}": request.query,
    }

    def fill(part: str | None, default: str) -> str:
        text = default if part is None else part
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        return text

    scheme = fill(config.protocol, "#{protocol}").lower()
    query = fill(config.query, "#{query}")
    location = (
        f"{scheme}://{fill(config.host, '#{host}')}:{fill(config.port, '#{port}')}"
        f"{fill(config.path, '/#{path}')}"
    )
    return f"{location}?{query}" if query else location


# ------------------------------------------------------------------------------------------------
# The index


class _PathIndex:
    """Rules of one host bucket by what their path values need: an exact path, a literal prefix
    (the text before the first wildcard), or nothing checkable (regex, no path condition).
    `lengths` holds the prefix lengths present, so a lookup probes only those."""

    __slots__ = ("any", "exact", "lengths", "prefix")

    def __init__(self) -> None:
        self.exact: dict[str, list[int]] = {}
        self.prefix: dict[str, list[int]] = {}
        self.any: list[int] = []
        self.lengths: tuple[int, ...] = ()

    def add(self, position: int, paths: Condition | None) -> None:
        if paths is None or paths.regex_values:
            self.any.append(position)
            return
        for value in paths.values:
            star, question = value.find("*"), value.find("?")
            cut = star if question < 0 else question if star < 0 else min(star, question)
            table, key = (self.exact, value) if cut < 0 else (self.prefix, value[:cut])
            bucket = table.get(key)
            if bucket is None:
                table[key] = [position]
            elif bucket[-1] != position:
                bucket.append(position)

    def seal(self) -> None:
        self.lengths = tuple(sorted({len(p) for p in self.prefix}))

    def lookup(self, path: str, out: list[int]) -> None:
        hit = self.exact.get(path)
        if hit is not None:
            out.extend(hit)
        if self.any:
            out.extend(self.any)
        size = len(path)
        for end in self.lengths:
            if end > size:
                break
            hit = self.prefix.get(path[:end])
            if hit is not None:
                out.extend(hit)


class _ListenerIndex:
    """Rules of one listener bucketed by host: exact lower-cased name, wildcard pattern by its
    literal suffix after the last wildcard, or any host; then by path. A lookup gathers the few
    rules that could match and the caller checks them in priority order."""

    __slots__ = ("any_host", "exact", "lengths", "suffix")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.exact: dict[str, _PathIndex] = {}
        self.suffix: dict[str, _PathIndex] = {}
        self.any_host = _PathIndex()
        for position, rule in enumerate(rules):
            hosts = paths = None
            for condition in rule.conditions:
                if condition.field == "host-header":
                    hosts = hosts or condition
                elif condition.field == "path-pattern":
                    paths = paths or condition
            if hosts is None or hosts.regex_values:
                self.any_host.add(position, paths)
                continue
            for value in hosts.values:
                value = value.lower()
                cut = max(value.rfind("*"), value.rfind("?"))
                table, key = (self.exact, value) if cut < 0 else (self.suffix, value[cut + 1 :])
                bucket = table.get(key)
                if bucket is None:
                    bucket = table[key] = _PathIndex()
                bucket.add(position, paths)
        for bucket in (*self.exact.values(), *self.suffix.values(), self.any_host):
            bucket.seal()
        self.lengths = tuple(sorted({len(s) for s in self.suffix}))

    def candidates(self, host: str, path: str) -> list[int]:
        found: list[int] = []
        exact = self.exact.get(host)
        if exact is not None:
            exact.lookup(path, found)
        size = len(host)
        for length in self.lengths:
            if length > size:
                break
            bucket = self.suffix.get(host[size - length :])
            if bucket is not None:
                bucket.lookup(path, found)
        self.any_host.lookup(path, found)
        return sorted(set(found)) if len(found) > 1 else found


class _Reach:
    """Load balancers by the hosts their rules name: exact lower-cased names, wildcard
    patterns by the literal text after their last wildcard, and those that take any host
    (host-less or regex host rules, a default backend, a redirect default action). A load
    balancer that failed to build is placed by its Ingresses' rules."""

    __slots__ = ("any_host", "exact", "lengths", "suffix")

    def __init__(self, load_balancers: Sequence[LoadBalancer], manifests: Manifests) -> None:
        self.exact: dict[str, list[int]] = {}
        #: literal text after a pattern's last wildcard -> (load balancer, pattern)
        self.suffix: dict[str, list[tuple[int, str]]] = {}
        self.any_host: list[int] = []
        ingresses = {i.ref: i for i in manifests.ingresses}
        for position, lb in enumerate(load_balancers):
            hosts: set[str] = set()
            anywhere = False
            if lb.error is not None:
                for ref in lb.ingresses:
                    ingress = ingresses[ref]
                    anywhere |= ingress.default_backend is not None
                    for ingress_rule in ingress.rules:
                        if ingress_rule.host is None:
                            anywhere = True
                        else:
                            hosts.add(ingress_rule.host.lower())
            for listener in lb.listeners:
                default = listener.default_actions[0]
                anywhere |= listener.default_ingress is not None or default.type == "redirect"
                for rule in listener.rules:
                    condition = next((c for c in rule.conditions if c.field == "host-header"), None)
                    if condition is None or condition.regex_values:
                        anywhere = True
                    else:
                        hosts.update(v.lower() for v in condition.values)
            if anywhere:
                self.any_host.append(position)
            for value in hosts:
                cut = max(value.rfind("*"), value.rfind("?"))
                if cut < 0:
                    self.exact.setdefault(value, []).append(position)
                else:
                    self.suffix.setdefault(value[cut + 1 :], []).append((position, value))
        self.lengths = tuple(sorted({len(s) for s in self.suffix}))

    def lookup(self, host: str) -> tuple[list[int], bool]:
        """The load balancers DNS can send `host` to: those naming it exactly, else those
        whose wildcard covers it (an exact DNS record beats a wildcard one), else those that
        take any host; and whether a rule named the host."""
        exact = self.exact.get(host)
        if exact:
            return list(dict.fromkeys(exact)), True
        size = len(host)
        wildcard: set[int] = set()
        for length in self.lengths:
            if length > size:
                break
            for position, pattern in self.suffix.get(host[size - length :], ()):
                if position not in wildcard and _glob_holds(pattern, host, True):
                    wildcard.add(position)
        if wildcard:
            return sorted(wildcard), True
        return list(self.any_host), False
