"""`ingresslab report` on the 10,000-Ingress dump of the scale benchmarks (benchmarks/load.py,
`workload.ingress_dump`), read from JSON: the whole report, as a user runs it, in a fresh
process: imports, load and validation, both readings of every model, every generated request,
the findings, and the HTML page (or the JSON).

Goal (issue: "Check my cluster"): <= 30 s for the whole report from JSON. Printed, never
asserted. Each figure is the median of `--runs` runs (one by default: a run takes about as long
as the goal), with the time of each stage measured inside the process and its peak memory.

Run with `make bench`, or `python benchmarks/report.py [COUNT] [--runs N]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import ingress_dump

_ROOT = Path(__file__).resolve().parent.parent


def _peak() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _measure(path: str, output: str) -> dict[str, Any]:
    """One report, stage by stage, in this (fresh) process."""
    start = time.perf_counter()
    import ingresslab

    imported = time.perf_counter()
    manifests = ingresslab.load(path)
    loaded = time.perf_counter()
    report = ingresslab.build_report(manifests)
    built = time.perf_counter()
    text = report.html() if output == "html" else report.json()
    rendered = time.perf_counter()
    return {
        "import_s": imported - start,
        "load_s": loaded - imported,
        "build_s": built - loaded,
        "render_s": rendered - built,
        "total_s": rendered - start,
        "requests": report.summary.requests,
        "rules": len(report.rules),
        "surprises": len(report.surprises),
        "output_bytes": len(text.encode()),
        "peak_bytes": _peak(),
    }


def _run(path: Path, output: str, runs: int) -> dict[str, Any]:
    samples = []
    for _ in range(runs):
        command = [sys.executable, __file__, "--measure", str(path), "--output", output]
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=_ROOT)
        samples.append(json.loads(done.stdout))
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def run(count: int = 10_000, runs: int = 1) -> dict[str, Any]:
    """Print the figures; return them (benchmarks/run.py keeps them, goals.py reads them)."""
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.json"
        dump.write_text(json.dumps(ingress_dump(count), indent=4))
        size = dump.stat().st_size
        rows: dict[str, Any] = {"ingresses": count, "dump_bytes": size, "runs": runs}
        for output in ("html", "json"):
            rows[output] = _run(dump, output, runs)
    html = rows["html"]
    print(
        f"  report on {count:,} Ingresses ({size / 2**20:.0f} MB JSON): "
        f"{html['requests']:,.0f} requests, {html['rules']:,.0f} rule paths, "
        f"{html['surprises']:.0f} surprises"
    )
    for output in ("html", "json"):
        r = rows[output]
        print(
            f"  -o {output:<4} {r['total_s']:6.1f} s: import {r['import_s']:.1f}, load "
            f"{r['load_s']:.1f}, report {r['build_s']:.1f}, render {r['render_s']:.1f}; "
            f"{r['output_bytes'] / 2**20:.0f} MB out, peak {r['peak_bytes'] / 2**20:.0f} MiB"
        )
    print(f"  (median of {runs} run(s), each in a fresh process; goal: <= 30 s)")
    rows["total_s"] = max(rows[o]["total_s"] for o in ("html", "json"))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000, help="Ingresses")
    parser.add_argument("--runs", type=int, default=1, help="runs per figure (median)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--output", default="html", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.output)))
    else:
        run(args.count, args.runs)
