"""The engine's figures: `diff` (built once per model), each model's build, and `route` end to
end as a process (start, load, build, answer).

Goals (issue: one engine): `diff` on 1,000 generated Ingresses <= 5 s, on the home-page example
<= 0.5 s. Printed, never asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from workload import ingress_dump, rule_set

import ingresslab
from ingresslab import CONTROLLERS, Engine, Manifests

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / "examples" / "some-ingress.yaml"


def _median(fn: Any, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def diff_figures() -> dict[str, Any]:
    home = ingresslab.load(HOME)
    home_seconds = _median(lambda: ingresslab.diff(home), 5)
    fleet = ingresslab.loads(yaml.safe_dump(ingress_dump(1_000)), "fleet.yaml")
    requests = len(ingresslab.diff(fleet))
    fleet_seconds = _median(lambda: ingresslab.diff(fleet), 3)
    print(f"  diff, home-page example: {home_seconds:.3f} s (goal <= 0.5 s)")
    print(
        f"  diff, 1,000 generated Ingresses: {fleet_seconds:.2f} s, {requests} requests differ "
        "(goal <= 5 s)"
    )
    return {"home_seconds": home_seconds, "fleet_1000_seconds": fleet_seconds}


def build_figures(rule_counts: tuple[int, ...] = (10_000, 100_000)) -> list[dict[str, Any]]:
    rows = []
    for rules in rule_counts:
        manifests = Manifests(ingresses=rule_set(rules))
        for name in CONTROLLERS:
            start = time.perf_counter()
            Engine(manifests, rule_quota=None).model(name)
            seconds = time.perf_counter() - start
            print(f"  build {name:<5} at {rules:>7,} rules: {seconds * 1000:8.0f} ms")
            rows.append({"rules": rules, "model": name, "seconds": seconds})
    return rows


def route_end_to_end(runs: int = 10) -> float:
    command = [
        sys.executable, "-m", "ingresslab", "route", "-f", str(HOME),
        "http://my.example.com/some-path",
    ]  # fmt: skip
    seconds = _median(lambda: subprocess.run(command, check=True, capture_output=True), runs)
    print(f"  ingresslab route on the home-page example, process end to end: {seconds:.3f} s")
    return seconds


def run() -> dict[str, Any]:
    return {
        "diff": diff_figures(),
        "build": build_figures(),
        "route_end_to_end_seconds": route_end_to_end(),
    }


if __name__ == "__main__":
    run()
