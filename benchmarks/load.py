"""How long large `kubectl get ingress -A -o yaml` (and `-o json`) dumps take to load.

Goals (printed, never asserted):

* a dump of 10,000 Ingresses: load + validate <= 2 s from JSON, <= 4 s from YAML, peak memory
  <= 10x the file size; building every model (spec, alb, nginx) from it is measured apart;
* a 50 MB YAML dump with a syntax error in its last lines (an over-indented `backend:`, the
  circulating defect the loader repairs) loads in <= 1.5x the time of the same dump without it,
  within the same memory bound.

Every figure is the median of several runs, each in a fresh process: seconds for `load()`,
seconds for `Engine(manifests).model(name)` for every model, and the peak resident memory the
load added to the process (its peak resident size less its size before loading, after imports;
libyaml's buffers count too).

Run with `make bench` (or `python benchmarks/load.py [COUNT] [--runs N] [--big-mb MB]`).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import ingress_dump

_ROOT = Path(__file__).resolve().parent.parent
#: (line to find from the end, the same line over-indented): the syntax error of the broken dump
_DEFECT = ("          backend:\n", "            backend:\n")

# --- writing the dumps ------------------------------------------------------------------------
#
# yaml.safe_dump takes about a second per 1,000 Ingresses; this writer makes the same text for
# the shapes in workload.py (block style, lists not indented under their key, single-quoted
# strings where YAML would read something else) about twenty times faster.

_PLAIN = re.compile(r"[A-Za-z0-9/][A-Za-z0-9./_-]*\Z")
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and not any(
        regexp.match(text) for _, regexp in _IMPLICIT.get(text[0], ())
    ):
        return text
    return "'" + text.replace("'", "''") + "'"


def _emit(value: Any, indent: str, out: list[str]) -> None:
    # `value` is a non-empty dict or list; each entry starts a line at `indent`.
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                lines: list[str] = []
                _emit(item, indent + "  ", lines)
                lines[0] = f"{indent}- {lines[0][len(indent) + 2 :]}"
                out.extend(lines)
            else:
                out.append(f"{indent}- {_scalar(item)}\n")
        return
    for key, item in value.items():
        if isinstance(item, dict | list) and item:
            out.append(f"{indent}{key}:\n")
            _emit(item, indent if isinstance(item, list) else indent + "  ", out)
        elif isinstance(item, dict | list):
            out.append(f"{indent}{key}: {'{}' if isinstance(item, dict) else '[]'}\n")
        else:
            out.append(f"{indent}{key}: {_scalar(item)}\n")


def dump_yaml(data: dict[str, Any]) -> str:
    out: list[str] = []
    _emit(data, "", out)
    return "".join(out)


def _write_dumps(tmp: Path, count: int, big_mb: float) -> dict[str, Path]:
    dump = ingress_dump(count)
    files = {"yaml": tmp / "dump.yaml", "json": tmp / "dump.json"}
    files["yaml"].write_text(dump_yaml(dump))
    files["json"].write_text(json.dumps(dump, indent=4))
    if big_mb:
        per_item = files["yaml"].stat().st_size / count
        big = dump_yaml(ingress_dump(int(big_mb * 2**20 / per_item) + 1, seed=8))
        files["50MB yaml"] = tmp / "big.yaml"
        files["50MB yaml"].write_text(big)
        old, new = _DEFECT
        at = big.rindex(old)
        files["50MB broken"] = tmp / "big-broken.yaml"
        files["50MB broken"].write_text(big[:at] + new + big[at + len(old) :])
    return files


# --- measuring, in a fresh process each time ----------------------------------------------


def _memory(field: str) -> int:
    """VmRSS or VmHWM (peak) of this process, in bytes. ru_maxrss would not do: Linux carries
    it over from the parent across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # not Linux: best effort


def _measure(path: str, models: bool) -> dict[str, Any]:
    import ingresslab

    ingresslab.loads("kind: List\napiVersion: v1\nitems: []\n")  # imports everything it needs
    before = _memory("VmRSS")
    start = time.perf_counter()
    manifests = ingresslab.load(path)
    loaded = time.perf_counter()
    grown = _memory("VmHWM") - before
    figures = {
        "load_s": loaded - start,
        "load_rss": grown,
        "objects": len(manifests.ingresses),
        "errors": len(manifests.errors),
    }
    if models:
        engine = ingresslab.Engine(manifests)
        for name in ingresslab.CONTROLLERS:
            engine.model(name)
        figures["models_s"] = time.perf_counter() - loaded
        figures["total_rss"] = _memory("VmHWM") - before
    return figures


def _run(path: Path, models: bool, runs: int) -> dict[str, Any]:
    samples = []
    for _ in range(runs):
        command = [sys.executable, __file__, "--measure", str(path)]
        if models:
            command.append("--models")
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=_ROOT)
        samples.append(json.loads(done.stdout))
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def main(
    count: int = 10_000, *, runs: int = 3, big_mb: float = 50, big_runs: int = 1
) -> list[dict[str, object]]:
    """Print the table and the goals; return one row per input (benchmarks/run.py keeps them)."""
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        files = _write_dumps(Path(tmp), count, big_mb)
        print(
            f"{'input':<12} {'size':>8} {'ingresses':>9} {'load s':>7} {'models s':>8} "
            f"{'peak MiB':>8} {'x size':>6} {'+models':>8}"
        )
        for name, path in files.items():
            size = path.stat().st_size
            models = not name.startswith("50MB")
            figures = _run(path, models, runs if models else big_runs)
            row: dict[str, object] = {
                "input": name,
                "bytes": size,
                "ingresses": figures["objects"],
                "errors": figures["errors"],
                "runs": runs if models else big_runs,
                "load_seconds": round(figures["load_s"], 3),
                "load_peak_bytes": figures["load_rss"],
                "load_peak_x_size": round(figures["load_rss"] / size, 2),
            }
            if models:
                row["models_seconds"] = round(figures["models_s"], 3)
                row["peak_bytes_with_models"] = figures["total_rss"]
                # the keys benchmarks/goals.py reads: the whole of load + validate + models
                row["format"] = name
                row["seconds"] = row["load_seconds"]
                row["total_seconds"] = round(figures["load_s"] + figures["models_s"], 3)
                row["peak_bytes"] = figures["total_rss"]
            rows.append(row)
            models_s = f"{figures['models_s']:.2f}" if models else "-"
            with_models = f"{figures['total_rss'] / 2**20:.0f}" if models else "-"
            print(
                f"{name:<12} {size / 2**20:>6.1f}MB {figures['objects']:>9} "
                f"{figures['load_s']:>7.2f} {models_s:>8} "
                f"{figures['load_rss'] / 2**20:>8.0f} {figures['load_rss'] / size:>6.1f} "
                f"{with_models:>8}"
            )
        print(
            f"(median of {runs} runs, {big_runs} for the 50 MB dumps, each in a fresh process; "
            "peak: the resident memory the load added, +models: with every model built)"
        )
        print(_goals({str(row["input"]): row for row in rows}))
    return rows


def _goals(rows: dict[str, dict[str, object]]) -> str:
    def figure(name: str, key: str) -> float:
        return float(rows[name][key])  # type: ignore[arg-type]

    lines = ["goals:"]
    for name, limit in (("json", 2.0), ("yaml", 4.0)):
        if name in rows:
            seconds = figure(name, "load_seconds")
            lines.append(
                f"  {name} load + validate {seconds:.2f} s (<= {limit:.0f} s), with every model "
                f"{seconds + figure(name, 'models_seconds'):.2f} s; peak "
                f"{figure(name, 'load_peak_x_size'):.1f}x the file (<= 10x)"
            )
    if "50MB broken" in rows:
        ratio = figure("50MB broken", "load_seconds") / figure("50MB yaml", "load_seconds")
        lines.append(
            f"  50 MB with a syntax error in its last lines: {ratio:.2f}x the valid dump's time "
            f"(<= 1.5x); peak {figure('50MB broken', 'load_peak_x_size'):.1f}x its size "
            f"(valid: {figure('50MB yaml', 'load_peak_x_size'):.1f}x; <= 10x)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000, help="Ingresses per dump")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--big-mb", type=float, default=50, help="size of the big dumps; 0: none")
    parser.add_argument("--big-runs", type=int, default=1, help="runs per 50 MB figure")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--models", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.models)))
    else:
        main(args.count, runs=args.runs, big_mb=args.big_mb, big_runs=args.big_runs)
