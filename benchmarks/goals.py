"""The goals table `make bench` ends with: each goal, the figure measured in this run, and
whether it was met. The figures come from the other benchmarks' results; none is typed here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Row = tuple[str, str, str, bool | None]


def _get(results: dict[str, Any], *keys: str | int) -> Any:
    value: Any = results
    for key in keys:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _resolve(results: dict[str, Any]) -> list[Row]:
    rows = results.get("shapes") or []
    at_100k = [r for r in rows if r["rules"] == 100_000]
    at_10k = [r for r in rows if r["rules"] == 10_000 and r["werkzeug_over_ours"]]
    out: list[Row] = []
    if at_100k:
        worst = max(at_100k, key=lambda r: r["warm_median_ns"])
        shown = ", ".join(
            f"{r['model']}{'' if r['grouped'] else ' (no groups)'} {r['warm_median_ns'] / 1000:.1f}"
            for r in at_100k
        )
        out.append((
            "resolve at 100k rules, every model, with and without IngressGroups",
            "<= 5 us median, end to end",
            f"{shown} us",
            worst["warm_median_ns"] <= 5_000,
        ))  # fmt: skip
    if at_10k:
        least = min(at_10k, key=lambda r: r["werkzeug_over_ours"])
        out.append((
            "resolve at 10k rules against werkzeug's router",
            ">= 10x faster",
            f"{least['werkzeug_over_ours']}x at worst ({least['model']})",
            least["werkzeug_over_ours"] >= 10,
        ))  # fmt: skip
    return out


def _load(results: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    for row in results.get("load") or []:
        if not isinstance(row, dict) or "format" not in row or "seconds" not in row:
            continue
        fmt = row["format"]
        goal = {"json": 2.0, "yaml": 4.0}.get(fmt)
        if goal is None:
            continue
        ratio = row["peak_bytes"] / row["bytes"] if row.get("bytes") else None
        seconds = row.get("total_seconds", row["seconds"])
        out.append((
            f"10,000-Ingress dump from {fmt.upper()}: load + validate"
            + (" + build every model" if "total_seconds" in row else ""),
            f"<= {goal:.0f} s, peak <= 10x the file",
            f"{seconds:.2f} s, peak {ratio:.1f}x" if ratio else f"{seconds:.2f} s",
            seconds <= goal and (ratio is None or ratio <= 10),
        ))  # fmt: skip
    broken = _get(results, "load_broken")
    if isinstance(broken, dict) and broken.get("valid_s"):
        times = broken["broken_s"] / broken["valid_s"]
        out.append((
            "50 MB YAML with a syntax error in its last lines",
            "<= 1.5x the valid file's time, same memory bound",
            f"{times:.2f}x ({broken['broken_s']:.1f} s against {broken['valid_s']:.1f} s)",
            times <= 1.5,
        ))  # fmt: skip
    return out


def _simple(results: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    replay = results.get("replay") or {}
    if replay:
        out.append((
            "replay 1M lines, 100k distinct requests",
            "<= 5 s on 2 cores",
            f"{replay['per_core_s']:.1f} s with {replay['cores']} workers "
            f"({replay['one_worker_s']:.1f} s with one)",
            replay["per_core_s"] <= 5,
        ))  # fmt: skip
    cli = results.get("cli") or {}
    if cli:
        out.append((
            "ingresslab --help", "<= 80 ms", f"{cli['help_s'] * 1000:.0f} ms",
            cli["help_s"] <= 0.08,
        ))  # fmt: skip
    docs = results.get("docs") or {}
    if docs:
        out.append((
            "make serve rebuild after editing one page",
            "<= 3 s, no unchanged notebook re-rendered",
            f"{docs['rebuild_s']:.1f} s, {docs['notebooks_rendered']} notebooks re-rendered",
            docs["rebuild_s"] <= 3 and docs["notebooks_rendered"] == 0,
        ))  # fmt: skip
    engine = results.get("engine") or {}
    diff = engine.get("diff") or {}
    if diff:
        out.append((
            "diff, 1,000 generated Ingresses", "<= 5 s", f"{diff['fleet_1000_seconds']:.2f} s",
            diff["fleet_1000_seconds"] <= 5,
        ))  # fmt: skip
        out.append((
            "diff, the home-page example", "<= 0.5 s", f"{diff['home_seconds']:.3f} s",
            diff["home_seconds"] <= 0.5,
        ))  # fmt: skip
    report = results.get("report") or {}
    if report:
        html = report["html"]
        out.append((
            "report on a 10,000-Ingress dump from JSON, whole process (-o html, -o json)",
            "<= 30 s",
            f"{html['total_s']:.1f} s html, {report['json']['total_s']:.1f} s json "
            f"({html['requests']:,.0f} requests)",
            report["total_s"] <= 30,
        ))  # fmt: skip
    return out


def _browser(results: dict[str, Any]) -> list[Row]:
    browser = results.get("browser") or {}
    if not browser:
        return []
    return [
        (
            "first Run of an example in the browser (cold: Pyodide starts)",
            "<= 3 s",
            f"{browser['cold_s']:.2f} s, median of {len(browser['cold_runs_s'])}; "
            f"{browser['first_run_bytes'] / 1e6:.1f} MB transferred "
            f"({browser['first_run_gzip_bytes'] / 1e6:.1f} MB gzipped)",
            browser["cold_s"] <= 3,
        ),
        (
            "Run again (warm)",
            "<= 100 ms",
            f"{browser['warm_ms']:.0f} ms",
            browser["warm_ms"] <= 100,
        ),
        (
            "a page that is not run",
            "costs no more than before: no runtime byte before the first Run",
            f"{browser['runtime_bytes_before_run']} runtime bytes; run.js + run.css "
            f"{browser['run_assets_bytes'] / 1e3:.1f} kB of {browser['page_bytes'] / 1e3:.0f} kB",
            browser["runtime_bytes_before_run"] == 0,
        ),
    ]


SECTIONS: tuple[Callable[[dict[str, Any]], list[Row]], ...] = (
    _resolve,
    _load,
    _simple,
    _browser,
)


def table(results: dict[str, Any]) -> str:
    rows = [row for section in SECTIONS for row in section(results)]
    lines = ["| work | goal | measured | met |", "|---|---|---|---|"]
    for work, goal, measured, met in rows:
        lines.append(f"| {work} | {goal} | {measured} | {'yes' if met else 'no'} |")
    return "\n".join(lines)
