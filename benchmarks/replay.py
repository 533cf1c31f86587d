"""`ingresslab replay` on a generated ingress-nginx access log: 1,000,000 lines carrying
100,000 distinct requests (each distinct request first, then random repeats), as a whole
process, the way a user runs it (one worker per core for a log this size).

Goal (issue: scale): <= 5 s on 2 cores. Printed, never asserted.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = ROOT / "examples" / "migration" / "ingresses.yaml"
_HOSTS = ("shop.example.com", "api.example.com", "blog.example.com", "admin.example.com")
_PATHS = ("/products/{}", "/cart/items/{}", "/api/v1/orders/{}", "/static/{}.css", "/healthz", "/")


def write_log(path: Path, lines: int = 1_000_000, distinct: int = 100_000, seed: int = 7) -> None:
    rng = random.Random(seed)
    requests = [
        (rng.choice(_HOSTS), rng.choice(_PATHS).format(i)) for i in range(distinct)
    ]  # fmt: skip
    with path.open("w") as out:
        for n in range(lines):
            host, target = requests[n] if n < distinct else rng.choice(requests)
            out.write(
                f'198.51.100.{n % 250} - - [12/Mar/2026:10:15:02 +0000] "GET {target} HTTP/1.1" '
                '200 7967 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" 445 0.211 '
                f"[shop-storefront-80] [] 10.0.1.79:80 7967 0.210 200 {n:032x} {host}\n"
            )


def run(runs: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "access.log"
        write_log(log)
        size = log.stat().st_size
        command = [
            sys.executable, "-m", "ingresslab", "replay", "-f", str(MANIFESTS),
            "--log", str(log), "-o", "json",
        ]  # fmt: skip
        samples = {}
        for jobs in ("1", "0"):
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                subprocess.run([*command, "--jobs", jobs], check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            samples[jobs] = statistics.median(times)
    cores = os.cpu_count() or 1
    print(
        f"  replay, 1,000,000 lines / 100,000 distinct requests ({size / 2**20:.0f} MB): "
        f"{samples['1']:.1f} s with one worker, {samples['0']:.1f} s with {cores} "
        "(goal <= 5 s on 2 cores)"
    )
    return {"one_worker_s": samples["1"], "per_core_s": samples["0"], "cores": cores}


if __name__ == "__main__":
    run()
