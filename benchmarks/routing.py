"""Resolve cost per request: each model's index, its naive reference scan, werkzeug, a dict.

For each rule count and model: ns/request of `resolve()` (mean over the stream, and median of
single calls), of the reference scan (`reference.py`), of werkzeug's router given equivalent rules
(spec semantics; see `werkzeug_map`), and of one dict lookup; the model's build time and retained
memory (tracemalloc). Every index answer is checked against the scan's on every request.
Run with `make bench` (or `python benchmarks/routing.py [RULES ...]`).
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, Map, RequestRedirect
from werkzeug.routing import Rule as WRule

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference
from workload import request_stream, rule_set

from ingresslab import (
    AlbModel,
    Ingress,
    Manifests,
    Match,
    NginxModel,
    Options,
    Outcome,
    Request,
    Resolution,
    SpecModel,
)
from ingresslab._controllers.alb.route import _ListenerIndex
from ingresslab._controllers.nginx.route import _ServerIndex
from ingresslab._http import normalize_host

#: requests per rule count: every one is also run through the naive scan, which is slow at 100k
STREAM = {1_000: 3_000, 10_000: 1_000, 100_000: 100}


class _Label(BaseConverter):
    """One DNS label: `*.foo.com` covers exactly one more label."""

    regex = r"[^.]+"
    part_isolating = True


class _AnyHost(BaseConverter):
    regex = r".+"
    part_isolating = True


def werkzeug_map(ingresses: Sequence[Ingress]) -> Map:
    """The spec model's rules as werkzeug `Rule`s with host matching: a precise host as a static
    host, `*.foo.com` as `<label:sub>.foo.com`, no host as `<anyhost:h>`; Exact `/a` as `/a`,
    Prefix `/a` as `/a` plus `/a/<path:rest>`; ImplementationSpecific left out. Differences:
    werkzeug ranks static parts above converters segment by segment (not host tier first, then
    longest path), with strict_slashes off `/a` also takes `/a/` for Exact rules, and Exact and
    Prefix rules of the same path are one static rule (the first added wins)."""
    rules = []
    for ingress in ingresses:
        for rule in ingress.rules:
            host = rule.host
            pattern = (
                "<anyhost:h>"
                if host is None
                else "<label:sub>" + host[1:]
                if host.startswith("*.")
                else host
            )
            for path in rule.paths:
                if path.path_type not in ("Exact", "Prefix"):
                    continue
                endpoint = (ingress.ref, host, path.path, path.path_type)
                base = path.path.rstrip("/") if path.path_type == "Prefix" else path.path
                rules.append(WRule(base or "/", host=pattern, endpoint=endpoint))
                if path.path_type == "Prefix":
                    rules.append(WRule(base + "/<path:rest>", host=pattern, endpoint=endpoint))
    return Map(
        rules,
        host_matching=True,
        strict_slashes=False,
        merge_slashes=False,
        converters={"label": _Label, "anyhost": _AnyHost},
    )


def _werkzeug_resolver(router: Map) -> Callable[[Request], Any]:
    def resolve(request: Request) -> Any:
        try:
            return router.bind(normalize_host(request.host), path_info=request.path).match()[0]
        except RequestRedirect:
            return "redirect"
        except HTTPException:
            return None

    return resolve


def _endpoint(match: Match | None) -> Any:
    return None if match is None else (match.ingress, match.host, match.path, match.path_type)


def _dict_resolver(ingresses: Sequence[Ingress]) -> Callable[[Request], Any]:
    table = {
        (rule.host, path.path): path.backend
        for ingress in ingresses
        for rule in ingress.rules
        for path in rule.paths
    }
    get = table.get

    def resolve(request: Request) -> Any:
        return get((request.host, request.path))

    return resolve


def _timed(fn: Callable[[Request], Any], requests: Sequence[Request], min_seconds: float) -> float:
    """Mean ns per call over the stream, repeated until `min_seconds` have passed."""
    calls = 0
    start = time.perf_counter_ns()
    while True:
        for request in requests:
            fn(request)
        calls += len(requests)
        elapsed = time.perf_counter_ns() - start
        if elapsed >= min_seconds * 1e9:
            return elapsed / calls


def _median(fn: Callable[[Request], Any], requests: Sequence[Request]) -> float:
    """Median ns of single calls, the clock's own cost taken off."""
    clock = time.perf_counter_ns
    samples = []
    empty = []
    for request in requests:
        start = clock()
        fn(request)
        samples.append(clock() - start)
        start = clock()
        empty.append(clock() - start)
    return max(statistics.median(samples) - statistics.median(empty), 1.0)


def _built(make: Callable[[], Any]) -> tuple[Any, float, int]:
    """The object, its build seconds (best of 2, one traced build aside) and retained bytes."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    built = make()
    retained = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    best = float("inf")
    for _ in range(2):
        del built
        gc.collect()
        start = time.perf_counter()
        built = make()
        best = min(best, time.perf_counter() - start)
    return built, best, retained


def _index_seconds(model: Any) -> float:
    """Rebuild only the lookup structure of an ALB or NGINX model (the rest is translation)."""
    start = time.perf_counter()
    if isinstance(model, AlbModel):
        for lb in model.load_balancers:
            for listener in lb.listeners:
                _ListenerIndex(listener.rules)
    elif isinstance(model, NginxModel):
        for server in model.servers:
            _ServerIndex.of(server)
    return time.perf_counter() - start


def _resolution_floor(requests: Sequence[Request]) -> float:
    """ns to construct the value every resolve returns: no lookup at all."""
    resolution = Resolution
    route = Outcome.ROUTE

    def make(request: Request) -> Any:
        return resolution("spec", request, route, backend=None, matched=None)

    return _timed(make, requests, 0.1)


def run(rule_counts: Sequence[int] = (1_000, 10_000, 100_000)) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    head = (
        f"{'rules':>7} {'model':<5} {'index ns':>9} {'median':>7} {'scan ns':>11} "
        f"{'werkzeug':>9} {'wz med':>8} {'dict':>5} {'scan/ix':>8} {'wz/ix':>6} {'ix/dict':>7} "
        f"{'build ms':>9} {'index ms':>8} {'MiB':>6}"
    )
    print(head)
    for count in rule_counts:
        ingresses = rule_set(count)
        manifests = Manifests(ingresses=ingresses)
        requests = request_stream(ingresses, STREAM.get(count, 1_000))
        start = time.perf_counter()
        router = werkzeug_map(ingresses)
        wz_build = time.perf_counter() - start
        werkzeug = _werkzeug_resolver(router)
        wz_mean = _timed(werkzeug, requests, 0.3)
        wz_median = _median(werkzeug, requests)
        lookup = _dict_resolver(ingresses)
        dict_mean = _timed(lookup, requests, 0.2)
        floor = _resolution_floor(requests)
        spec = reference.spec_scan(ingresses)
        agree = sum(werkzeug(r) == _endpoint(spec(r)) for r in requests) / len(requests)
        models: list[tuple[str, Callable[[], Any], Callable[[Any], reference.Scan]]] = [
            ("spec", lambda m=manifests: SpecModel(m), lambda m: reference.spec_scan(m.ingresses)),
            (
                "alb",
                lambda m=manifests: AlbModel(m, options=Options(rule_quota=None)),
                reference.alb_scan,
            ),
            ("nginx", lambda m=manifests: NginxModel(m), reference.nginx_scan),
        ]
        for name, make, make_scan in models:
            model, build, retained = _built(make)
            index_only = _index_seconds(model) if name != "spec" else build
            scan = make_scan(model)
            start = time.perf_counter_ns()
            expected = [scan(r) for r in requests]
            scan_ns = (time.perf_counter_ns() - start) / len(requests)
            got = [reference.answer(model.resolve(r)) for r in requests]
            wrong = [(r, e, g) for r, e, g in zip(requests, expected, got, strict=True) if e != g]
            if wrong:
                raise AssertionError(f"{name} at {count} rules: index != scan: {wrong[:3]}")
            resolve = model.resolve
            index_ns = _timed(resolve, requests, 0.3)
            index_median = _median(resolve, requests)
            explain_ns = _timed(lambda r, f=resolve: f(r, explain=True), requests[:3], 0.01)
            hits = sum(e is not None for e in expected) / len(requests)
            row = {
                "rules": count,
                "model": name,
                "requests": len(requests),
                "hit_ratio": round(hits, 3),
                "index_ns": round(index_ns),
                "index_median_ns": round(index_median),
                "explain_ns": round(explain_ns),
                "scan_ns": round(scan_ns),
                "werkzeug_ns": round(wz_mean),
                "werkzeug_median_ns": round(wz_median),
                "werkzeug_agreement": round(agree, 3),
                "dict_ns": round(dict_mean),
                "resolution_floor_ns": round(floor),
                "scan_over_index": round(scan_ns / index_ns, 1),
                "werkzeug_over_index_median": round(wz_median / index_median, 1),
                "index_over_dict": round(index_ns / dict_mean, 1),
                "build_ms": round(build * 1000, 1),
                "index_build_ms": round(index_only * 1000, 1),
                "werkzeug_build_ms": round(wz_build * 1000),
                "retained_bytes": retained,
            }
            rows.append(row)
            print(
                f"{count:>7} {name:<5} {index_ns:>9.0f} {index_median:>7.0f} {scan_ns:>11.0f} "
                f"{wz_mean:>9.0f} {wz_median:>8.0f} {dict_mean:>5.0f} "
                f"{row['scan_over_index']:>8} {row['werkzeug_over_index_median']:>6} "
                f"{row['index_over_dict']:>7} {build * 1000:>9.1f} {index_only * 1000:>8.1f} "
                f"{retained / 2**20:>6.1f}",
                flush=True,
            )
            del model, scan
        print(
            f"{'':>7} werkzeug build {wz_build:.2f} s, agrees with the spec scan on "
            f"{agree:.1%} of requests; a bare Resolution costs {floor:.0f} ns; explain=True "
            f"costs {rows[-3]['explain_ns']}/{rows[-2]['explain_ns']}/{rows[-1]['explain_ns']} "
            "ns (spec/alb/nginx)",
            flush=True,
        )
        del router, werkzeug
    return rows


if __name__ == "__main__":
    run([int(a) for a in sys.argv[1:]] or (1_000, 10_000, 100_000))
