"""Resolve under real shapes: with and without IngressGroups (one ALB, or one per Ingress:
the controller's default), hosts of mixed exact/wildcard depth, URL parsing included, first
pass on fresh models as well as warm, and werkzeug's router as the yardstick for every model.

Goals (issue: scale): <= 5 us median end to end at 100k rules for every model, with and without
IngressGroups; >= 10x faster than werkzeug at 10k. Printed, never asserted.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from routing import _werkzeug_resolver, werkzeug_map
from workload import request_stream, rule_set

from ingresslab import CONTROLLERS, Engine, Manifests, Request

STREAM = {1_000: 2_000, 10_000: 1_000, 100_000: 300}


def _urls(requests: Sequence[Request]) -> list[str]:
    return [r.url for r in requests]


def _median_ns(fn: Callable[[str], Any], urls: Sequence[str], rounds: int = 3) -> float:
    clock = time.perf_counter_ns
    samples = []
    for _ in range(rounds):
        for url in urls:
            start = clock()
            fn(url)
            samples.append(clock() - start)
    return float(statistics.median(samples))


def run(rule_counts: Sequence[int] = (1_000, 10_000, 100_000)) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    print(
        f"{'rules':>7} {'groups':<6} {'ALBs':>6} {'model':<5} {'first pass s':>12} "
        f"{'warm ns':>8} {'werkzeug ns':>11} {'wz/ours':>7}"
    )
    for count in rule_counts:
        for grouped in (True, False):
            ingresses = rule_set(count, grouped=grouped)
            manifests = Manifests(ingresses=ingresses)
            requests = request_stream(ingresses, STREAM.get(count, 500))
            urls = _urls(requests)
            werkzeug_ns = None
            if count <= 10_000:
                router = _werkzeug_resolver(werkzeug_map(ingresses))
                werkzeug_ns = _median_ns(lambda u, r=router: r(Request.from_url(u)), urls)
            engine = Engine(manifests, rule_quota=None)
            for name in CONTROLLERS:
                start = time.perf_counter()
                for url in urls:  # fresh: the model is built by the first question
                    engine.answer(url, name)
                first = time.perf_counter() - start
                warm = _median_ns(lambda u, n=name, e=engine: e.answer(u, n), urls)
                albs = len(engine.alb.load_balancers) if name == "alb" else ""
                ratio = round(werkzeug_ns / warm, 1) if werkzeug_ns else None
                rows.append({
                    "rules": count, "grouped": grouped, "model": name,
                    "load_balancers": albs or None, "first_pass_s": round(first, 3),
                    "warm_median_ns": round(warm), "werkzeug_median_ns": werkzeug_ns,
                    "werkzeug_over_ours": ratio,
                })  # fmt: skip
                print(
                    f"{count:>7} {'yes' if grouped else 'no':<6} {albs!s:>6} {name:<5} "
                    f"{first:>12.3f} {warm:>8.0f} {werkzeug_ns or 0:>11.0f} {ratio or '-'!s:>7}",
                    flush=True,
                )
    return rows


if __name__ == "__main__":
    import sys

    run([int(a) for a in sys.argv[1:]] or (1_000, 10_000, 100_000))
