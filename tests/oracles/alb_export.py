"""An independent ALB evaluator over `export_alb`'s requests alone (a test oracle).

`evaluate_rules(export, request)` answers a request from the exported CreateListener and
CreateRule params alone, by the ELBv2 user guide (`load-balancer-listeners.md` @fb24293): rules
by ascending priority, the first whose conditions all hold wins, else the default actions. Its
wildcard matcher is written here on purpose, so that it is a second, independent path to the
answer `AlbModel.resolve` gives; it shares with the model only the points AWS leaves unsettled,
each listed in `ASSUMPTIONS`. It lives under tests/ because only the tests use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ingresslab import Backend, Outcome, Request

#: The fixed 503 bodies the controller uses when it tolerates a missing Service or action
#: (`enhanced_backend_builder.go`, --tolerate-non-existent-backend-service/-action).
_TOLERATED_BODIES = ("Backend service does not exist", "Backend action does not exist")

# What AWS does not document, where this evaluator takes the ALB model's reading (and why):
ASSUMPTIONS = (
    "a Host header's :port is dropped before host-header matching; RFC 7230 5.4 makes the port "
    "part of Host, AWS does not say whether conditions see it",
    "#{host} in a redirect is the Host lower-cased and without its port (RFC 3986 6.2.2.1 "
    "normalises a URI's host to lower case)",
    "path-pattern and query-string see the request's path and query as sent, not "
    "percent-decoded or dot-segment normalised",
    "a weighted forward is answered with its heaviest target group (the first one on a tie); "
    "the ALB itself splits traffic by weight",
    "RegexValues use Python's re.search, as the model does (ALB regex syntax is undocumented)",
)


# ------------------------------------------------------------------------------------------------
# Evaluation over the exported requests only


@dataclass(frozen=True, slots=True)
class ExportAnswer:
    """What one exported load balancer does with a request.

    `priority` is the CreateRule Priority that matched (None: the default actions answered).
    """

    load_balancer: str
    outcome: Outcome
    status: int | None = None
    backend: Backend | None = None
    location: str | None = None
    priority: int | None = None
    message: str | None = None


def wildcard_match(pattern: str, text: str) -> bool:
    """ALB wildcards: `*` is 0 or more characters, `?` exactly one, every other character
    literal (user guide, host and path conditions). Greedy two-pointer matching that
    backtracks only to the last `*`, which is enough because a later `*` can absorb anything
    an earlier one could."""
    p = t = 0
    star, resume = -1, 0
    while t < len(text):
        if p < len(pattern) and pattern[p] == "*":
            star, resume = p, t
            p += 1
        elif p < len(pattern) and pattern[p] in ("?", text[t]):
            p += 1
            t += 1
        elif star >= 0:
            resume += 1
            p, t = star + 1, resume
        else:
            return False
    return all(c == "*" for c in pattern[p:])


def _split_host(header: str) -> str:
    """The host of a Host header (`host[:port]`, `[v6]:port`), lower-cased (`ASSUMPTIONS`)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.index("]") + 1] if "]" in header else header
    name, colon, port = header.rpartition(":")
    return name if colon and (port.isdigit() or not port) else header


def _condition_holds(condition: Mapping[str, Any], host: str, request: Request) -> bool:
    field = condition["Field"]
    if field == "host-header":
        config = condition["HostHeaderConfig"]
        return any(wildcard_match(v.lower(), host) for v in config.get("Values", [])) or any(
            re.search(v, host, re.IGNORECASE) for v in config.get("RegexValues", [])
        )
    if field == "path-pattern":
        config = condition["PathPatternConfig"]
        return any(wildcard_match(v, request.path) for v in config.get("Values", [])) or any(
            re.search(v, request.path) for v in config.get("RegexValues", [])
        )
    if field == "query-string":
        pairs = [item.partition("=") for item in request.query.split("&") if item]
        for want in condition["QueryStringConfig"]["Values"]:
            key, value = want.get("Key"), want["Value"].lower()
            for k, _, v in pairs:
                if (key is None or wildcard_match(key.lower(), k.lower())) and wildcard_match(
                    value, v.lower()
                ):
                    return True
        return False
    # http-header, http-request-method, source-ip: a Request carries none of them.
    return False


def evaluate_rules(export: Sequence[Mapping[str, Any]], request: Request) -> list[ExportAnswer]:
    """One answer per exported load balancer, from its CreateListener/CreateRule params."""
    return [_evaluate_one(entry, request) for entry in export]


def _evaluate_one(entry: Mapping[str, Any], request: Request) -> ExportAnswer:
    name = str(entry["load_balancer"])
    if entry.get("error") is not None:
        return ExportAnswer(name, Outcome.CONTROLLER_ERROR, message=str(entry["error"]))
    requests: list[Mapping[str, Any]] = list(entry["requests"])
    port = request.port or (443 if request.scheme == "https" else 80)
    listener = next(
        (r for r in requests if r["operation"] == "CreateListener" and r["params"]["Port"] == port),
        None,
    )
    if listener is None:
        return ExportAnswer(name, Outcome.NO_LISTENER, message=f"no listener on port {port}")
    arn = listener["returns"]["ListenerArn"]
    rules = sorted(
        (
            r["params"]
            for r in requests
            if r["operation"] == "CreateRule" and r["params"]["ListenerArn"] == arn
        ),
        key=lambda params: int(params["Priority"]),
    )
    host = _split_host(request.host)
    bindings = {
        b["spec"]["targetGroupARN"]: Backend(
            b["metadata"]["namespace"],
            b["spec"]["serviceRef"]["name"],
            b["spec"]["serviceRef"]["port"],
        )
        for b in entry.get("target_group_bindings", ())
    }
    for params in rules:
        if all(_condition_holds(c, host, request) for c in params["Conditions"]):
            return _act(name, params["Actions"], port, host, request, bindings, params["Priority"])
    return _act(name, listener["params"]["DefaultActions"], port, host, request, bindings, None)


def _act(
    name: str,
    actions: Iterable[Mapping[str, Any]],
    port: int,
    host: str,
    request: Request,
    bindings: Mapping[str, Backend],
    priority: int | None,
) -> ExportAnswer:
    # Authentication actions come first; the one with the highest Order answers.
    action = max(actions, key=lambda a: int(a["Order"]))
    kind = action["Type"]
    if kind == "redirect":
        config = action["RedirectConfig"]
        status = 301 if config["StatusCode"] == "HTTP_301" else 302
        location = _location(config, port, host, request)
        return ExportAnswer(name, Outcome.REDIRECT, status, location=location, priority=priority)
    if kind == "fixed-response":
        config = action["FixedResponseConfig"]
        status = int(config["StatusCode"])
        body = config.get("MessageBody")
        if status == 503 and body in _TOLERATED_BODIES:
            outcome = Outcome.SERVICE_UNAVAILABLE
        elif priority is None and status == 404 and body is None:
            outcome = Outcome.NOT_FOUND  # the controller's own default action
        else:
            outcome = Outcome.FIXED_RESPONSE
        return ExportAnswer(name, outcome, status, priority=priority, message=body)
    tuples = action["ForwardConfig"]["TargetGroups"]
    chosen = max(tuples, key=lambda t: int(t.get("Weight", 0)))  # see ASSUMPTIONS
    backend = bindings.get(chosen["TargetGroupArn"])
    if backend is None:
        return ExportAnswer(
            name,
            Outcome.UNRESOLVED_BACKEND,
            priority=priority,
            message=f"forwards to {chosen['TargetGroupArn']}, outside the export",
        )
    outcome = Outcome.ROUTE if priority is not None else Outcome.DEFAULT_BACKEND
    return ExportAnswer(name, outcome, backend=backend, priority=priority)


def _location(config: Mapping[str, Any], port: int, host: str, request: Request) -> str:
    """`protocol://hostname:port/path?query`; an unset part keeps the request's, and the
    `#{...}` keywords stand for the request's parts (user guide, redirect actions)."""
    keep = {
        "#{protocol}": request.scheme.upper(),
        "#{host}": host,
        "#{port}": str(port),
        "#{path}": request.path[1:] if request.path.startswith("/") else request.path,
        "#{query}": request.query,
    }

    def part(key: str, default: str) -> str:
        text = str(config.get(key, default))
        for word, value in keep.items():
            text = text.replace(word, value)
        return text

    url = (
        f"{part('Protocol', '#{protocol}').lower()}://{part('Host', '#{host}')}:"
        f"{part('Port', '#{port}')}{part('Path', '/#{path}')}"
    )
    query = part("Query", "#{query}")
    return f"{url}?{query}" if query else url
