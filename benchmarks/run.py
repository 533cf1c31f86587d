"""`make bench`: every benchmark, printed as tables, also written to benchmarks/results/.

Speed goals live here, never in timed tests.
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_run
import cli
import docs_rebuild
import engine
import goals
import load
import replay
import report
import routing
import shapes


def main() -> None:
    print(f"Python {platform.python_version()} on {platform.machine()}\n")
    print("Resolve, ns/request (index: resolve() without explain; scan: benchmarks/reference.py):")
    results: dict[str, object] = {"routing": routing.run()}
    print("\nResolve end to end (URL parsing included), with and without IngressGroups:")
    results["shapes"] = shapes.run()
    print("\nThe engine (each model built once):")
    results["engine"] = engine.run()
    print("\nLoading a kubectl get ingress -A -o yaml dump of 10,000 Ingresses:")
    results["load"] = load.main(10_000)
    big = {r.get("input"): r for r in results["load"] if isinstance(r, dict)}
    if "50MB yaml" in big and "50MB broken" in big:
        results["load_broken"] = {
            "valid_s": big["50MB yaml"]["load_seconds"],
            "broken_s": big["50MB broken"]["load_seconds"],
        }
    print("\nWhole processes:")
    results["replay"] = replay.run()
    results["report"] = report.run()
    results["cli"] = cli.run()
    results["docs"] = docs_rebuild.run()
    print("\nPython in the browser (chromium, Pyodide), the Run buttons:")
    results["browser"] = browser_run.run()
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print("\nGoals (met or missed in this run):\n")
    print(goals.table(results))
    print(
        f"\nwritten: {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}"
        "/latest.json"
    )


if __name__ == "__main__":
    main()
