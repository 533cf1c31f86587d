"""The Python half of the routing playground (docs/playground.md), run in the reader's browser.

docs/assets/javascripts/playground.js loads this file into the Pyodide interpreter that
run.js starts, and calls `analyse()` with the page's state as JSON whenever the manifest, the
URL, the method, the headers or the architecture change. The answer is JSON too: what every
controller model answers (spec, alb, nginx, and gateway when the installed package has it),
with its explanation trail; the problems `ingresslab lint` reports, with their line and column;
and the hop-by-hop map of the chosen architecture, drawn by the package's own renderer
(`_tools/trace_map.py`), so it is the same map the site's pages show.

Plain CPython runs it too: tests/test_playground_logic.py imports it as it is. It imports
`ingresslab` only inside its functions, and only what the installed package offers: the models
come from the package's registry, and the method and headers are passed to `Request.from_url`
only when it takes them.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

__all__ = ["FILENAME", "analyse", "capabilities", "first_url", "parse_headers"]

#: The name problems are reported under (`manifest.yaml:LINE:COLUMN`).
FILENAME = "manifest.yaml"
#: The methods offered in the page's menu; any other token is accepted too.
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def capabilities() -> dict[str, Any]:
    """What the installed package offers: its models, its trace architectures, and whether a
    request carries a method and headers."""
    import ingresslab

    parameters = inspect.signature(ingresslab.Request.from_url).parameters
    return {
        "models": list(ingresslab.CONTROLLERS),
        "architectures": list(ingresslab.ARCHITECTURES),
        "method": "method" in parameters,
        "headers": "headers" in parameters,
        "methods": list(METHODS),
    }


def parse_headers(text: str) -> tuple[str | None, list[tuple[str, str]]]:
    """`Name: value` lines as (Host, the other headers): a Host line sets the Host the request
    carries (as `ingresslab route --header Host:...` does); blank lines are skipped. A line
    without a name and a colon is a ValueError that names its line."""
    host: str | None = None
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        name = name.strip()
        if not sep or not name or any(c in name for c in " \t"):
            raise ValueError(f"headers, line {number}: want `Name: value`, got {line.strip()!r}")
        if name.lower() == "host":
            host = value.strip()
        else:
            pairs.append((name, value.strip(" \t")))
    return host, pairs


def first_url(manifest: str) -> str | None:
    """A URL the manifest has a rule for, to start from when an example is picked: the first
    Ingress rule's host and path (a wildcard host gets a `www` label; a path that is not
    plain gives `/`), else the first HTTPRoute hostname; None when neither names a host."""
    import ingresslab

    manifests = ingresslab.loads(manifest, FILENAME)
    for ingress in manifests.ingresses:
        for rule in ingress.rules:
            if not rule.host:
                continue
            host = "www" + rule.host[1:] if rule.host.startswith("*") else rule.host
            path = rule.paths[0].path if rule.paths else "/"
            if not path.startswith("/") or any(c in path for c in "*()[]^$\\|?+{}"):
                path = "/"
            return f"http://{host}{path}"
    for route in getattr(manifests, "http_routes", []):
        for hostname in getattr(route, "hostnames", ()):
            host = "www" + hostname[1:] if hostname.startswith("*") else hostname
            return f"http://{host}/"
    return None


def _request(state: dict[str, Any], caps: dict[str, Any]) -> tuple[Any, list[str]]:
    """The request of the state, and notes about what the package could not take."""
    import ingresslab

    notes: list[str] = []
    url = str(state.get("url") or "").strip()
    method = str(state.get("method") or "GET").strip().upper() or "GET"
    if not method.isalpha():
        raise ValueError(f"method {method!r}: want a token such as GET or POST")
    host, headers = parse_headers(str(state.get("headers") or ""))
    options: dict[str, Any] = {}
    if method != "GET":
        if caps["method"]:
            options["method"] = method
        else:
            notes.append("method-unsupported")
    if headers:
        if caps["headers"]:
            options["headers"] = tuple(headers)
        else:
            notes.append("headers-unsupported")
    if not url:
        raise ValueError("the URL is empty: want http://host/path")
    return ingresslab.Request.from_url(url, host, **options), notes


def _problem(problem: Any) -> dict[str, Any]:
    return {
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "check": problem.check,
        "type": problem.type,
        "object": problem.object,
        "field": problem.field,
        "message": problem.message,
        "hint": problem.hint,
        "where": problem.where,
    }


def _answer(resolution: Any) -> dict[str, Any]:
    shape: dict[str, Any] = resolution.as_dict()
    shape["backend_text"] = None if resolution.backend is None else str(resolution.backend)
    shape["request_url"] = resolution.request.url
    return shape


def analyse(state_json: str, lang: str = "en") -> str:
    """Everything the page shows for one state, as JSON.

    The state: `manifest` (YAML text), `url`, `method`, `headers` (`Name: value` lines),
    `architecture` (one of the trace architectures) and `any_class` (every Ingress counts as
    each controller's, whatever class it names: `ingresslab route --any-class`). The answer:
    `capabilities`, `problems` (load problems and what the controllers refuse, as
    `ingresslab lint` lists them), `objects` (how many were checked), `request` (the URL as
    routed) or `request_error`, `answers` (one list per model: one answer per load balancer
    or proxy the request can reach), `notes`, and `trace` (the map as HTML, or its error).
    """
    import ingresslab
    from ingresslab._tools.lint import controller_problems
    from ingresslab._tools.trace_map import render_figure

    state = json.loads(state_json)
    caps = capabilities()
    manifests = ingresslab.loads(str(state.get("manifest") or ""), FILENAME)
    engine = ingresslab.Engine(manifests, any_class=bool(state.get("any_class", True)))
    problems = list(manifests.problems)
    result: dict[str, Any] = {
        "capabilities": caps,
        "objects": manifests.checked,
        "notes": [],
        "answers": [],
        "request": None,
        "request_error": None,
        "trace": None,
        "internal_error": None,
    }
    try:
        problems += controller_problems(engine)
    except Exception as error:  # a model that fails must not hide the load problems
        result["internal_error"] = f"lint: {type(error).__name__}: {error}"
    result["problems"] = [_problem(p) for p in problems]
    result["errors"] = sum(p.severity == "error" for p in problems)
    try:
        request, notes = _request(state, caps)
    except ValueError as error:
        result["request_error"] = str(error)
        return json.dumps(result)
    result["notes"] = notes
    result["request"] = request.url
    for name in caps["models"]:
        try:
            answers = engine.resolve(request, controllers=(name,), explain=True)
        except Exception as error:
            result["answers"].append(
                {"controller": name, "answers": [], "error": f"{type(error).__name__}: {error}"}
            )
            continue
        result["answers"].append(
            {"controller": name, "answers": [_answer(a) for a in answers], "error": None}
        )
    architecture = str(state.get("architecture") or caps["architectures"][0])
    if architecture not in caps["architectures"]:
        architecture = caps["architectures"][0]
    try:
        traced = ingresslab.trace(engine, request, architecture)
        result["trace"] = {
            "architecture": architecture,
            "html": render_figure(traced, lang, id_prefix="playground-map"),
            "error": traced.error,
            "pod_sees": traced.pod_sees,
        }
    except Exception as error:
        result["trace"] = {
            "architecture": architecture,
            "html": None,
            "error": f"{type(error).__name__}: {error}",
            "pod_sees": None,
        }
    return json.dumps(result)
