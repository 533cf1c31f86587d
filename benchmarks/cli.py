"""`ingresslab --help` as a whole process: what the command costs before it does anything.

Goal (issue: scale): <= 80 ms. Printed, never asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from typing import Any


def _median(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(runs: int = 15) -> dict[str, Any]:
    help_s = _median([sys.executable, "-m", "ingresslab", "--help"], runs)
    bare_s = _median([sys.executable, "-c", "pass"], runs)
    print(
        f"  ingresslab --help: {help_s * 1000:.0f} ms "
        f"(bare Python {bare_s * 1000:.0f} ms; goal <= 80 ms)"
    )
    return {"help_s": help_s, "python_s": bare_s}


if __name__ == "__main__":
    run()
