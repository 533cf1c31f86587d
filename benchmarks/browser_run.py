"""The Run buttons in chromium: the first Run on a page (cold), a Run after it (warm), and the
bytes each costs.

Builds the site as `make serve` does (notebooks not executed) into a temporary directory,
serves it on 127.0.0.1 with the MIME types of tests/conftest.py and drives Debian's chromium
with the tests' flags, through tests/browsing.py (a request to any other host is aborted and
reported). Each of 3 fresh browser contexts (empty cache) opens the home page, which is not run,
and counts its bytes; then opens the first tutorial with examples, waits until the network is
idle and presses Run under its first example: cold is the time from the click to the output,
measured in the page; the bytes are those transferred from the click on. Then Run is pressed
again a few times (warm). Figures are medians.

Goals (issue: run it in the browser): cold <= 3 s, warm <= 100 ms, and a page that is not run
costs no more than before: nothing of the runtime loads before the first Run (run.js and
run.css, the only additions, are shown). Printed, never asserted.
"""

from __future__ import annotations

import functools
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

PAGE = "tutorials/your-first-ingress/"
NOT_RUN = ""  # the home page
RUNTIME = ("/assets/vendor/pyodide/", "/assets/vendor/wheels/", "/assets/run/", "run_example")
ADDED = ("/assets/javascripts/run.js", "/assets/stylesheets/run.css")

# Press Run under example n and resolve with the milliseconds until it has run.
_RUN = """async (n) => {
  const parts = document.querySelectorAll(`div.highlight.example-${n}`);
  let bar = parts[parts.length - 1].nextElementSibling;
  while (!bar.classList.contains("run-bar")) bar = bar.nextElementSibling;
  const finished = () => ["done", "failed", "unavailable"].includes(bar.dataset.state);
  const start = performance.now();
  bar.querySelector("button.run-button").click();
  await new Promise(resolve => {
    const check = () => finished() ? resolve() : setTimeout(check, 2);
    check();
  });
  return [performance.now() - start, bar.dataset.state];
}"""


def _build(site: Path) -> None:
    env = {**os.environ, "INGRESSLAB_EXECUTE_NOTEBOOKS": "false", "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def _bytes(sizes: list[tuple[str, int]], marks: tuple[str, ...]) -> int:
    return sum(size for url, size in sizes if any(m in url for m in marks))


def run(contexts: int = 3, warm_runs: int = 5) -> dict[str, Any]:
    if not Path("/usr/bin/chromium").exists():
        print("  skipped: Debian's chromium is not installed")
        return {}
    from browsing import open_tab
    from conftest import CHROMIUM_ARGS, _QuietHandler
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        _build(site)
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        cold, warm, first_run, gzipped, page, added, early, blocked = ([] for _ in range(8))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
                )
                for _ in range(contexts):
                    context, visit = open_tab(browser, base)
                    sizes: list[tuple[str, int]] = []
                    visit.page.on("requestfinished", functools.partial(_record, sizes))
                    visit.page.goto(NOT_RUN, wait_until="networkidle")
                    page.append(visit.bytes)
                    added.append(_bytes(sizes, ADDED))
                    early.append(_bytes(sizes, RUNTIME))
                    visit.page.goto(PAGE, wait_until="networkidle")
                    early.append(_bytes(sizes, RUNTIME))
                    seen = len(sizes)
                    ms, state = visit.page.evaluate(_RUN, 1)
                    if state != "done":
                        raise RuntimeError(f"the first example of {PAGE} ended {state}")
                    visit.page.wait_for_load_state("networkidle")
                    cold.append(ms / 1000)
                    fetched = sizes[seen:]
                    first_run.append(sum(size for _, size in fetched))
                    gzipped.append(_gzipped(site, base, [url for url, _ in fetched]))
                    for _ in range(warm_runs):
                        warm.append(visit.page.evaluate(_RUN, 1)[0])
                    blocked += visit.blocked
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    result = {
        "cold_s": statistics.median(cold),
        "cold_runs_s": cold,
        "warm_ms": statistics.median(warm),
        "first_run_bytes": int(statistics.median(first_run)),
        "first_run_gzip_bytes": int(statistics.median(gzipped)),
        "page_bytes": int(statistics.median(page)),
        "run_assets_bytes": int(statistics.median(added)),
        "runtime_bytes_before_run": max(early),
        "blocked_requests": len(blocked),
    }
    print(
        f"  first Run, cold (click to output): {result['cold_s']:.2f} s median of {contexts} "
        f"({', '.join(f'{s:.2f}' for s in cold)}; goal <= 3 s)\n"
        f"  Run again, warm: {result['warm_ms']:.0f} ms median of {len(warm)} (goal <= 100 ms)\n"
        f"  bytes transferred by the first Run: {result['first_run_bytes'] / 1e6:.1f} MB "
        f"({result['first_run_gzip_bytes'] / 1e6:.1f} MB from a host that gzips, as GitHub Pages "
        "does)\n"
        f"  home page, not run: {result['page_bytes'] / 1e3:.0f} kB, of which run.js and run.css "
        f"{result['run_assets_bytes'] / 1e3:.1f} kB; runtime before any Run: "
        f"{result['runtime_bytes_before_run']} bytes (goal: none)\n"
        f"  requests that left 127.0.0.1: {result['blocked_requests']}"
    )
    return result


def _gzipped(site: Path, base: str, urls: list[str]) -> int:
    """What the same files weigh gzipped (level 6), as a compressing host sends them."""
    total = 0
    for url in urls:
        path = site / url.removeprefix(base).split("?")[0]
        if path.is_file():
            total += len(gzip.compress(path.read_bytes(), compresslevel=6))
    return total


def _record(sizes: list[tuple[str, int]], request: Any) -> None:
    try:
        sizes.append((request.url, request.sizes()["responseBodySize"]))
    except Exception:
        return


if __name__ == "__main__":
    run()
