"""How long a large `kubectl get ingress -A -o yaml` dump takes to load, validate and model.

Prints one table: format, file size, seconds, peak memory (tracemalloc) and objects loaded.
Run with `make bench` (or `python benchmarks/load.py [COUNT]`).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import ingress_dump

import ingresslab


def measure(path: Path) -> tuple[float, int, int]:
    # Timed without tracemalloc, which slows allocation-heavy loading about fivefold.
    start = time.perf_counter()
    ingresslab.load(path)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    manifests = ingresslab.load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert not manifests.errors, manifests.errors[:3]
    return elapsed, peak, len(manifests.ingresses)


def main(count: int = 10_000) -> list[dict[str, object]]:
    dump = ingress_dump(count)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "yaml": Path(tmp, "dump.yaml"),
            "json": Path(tmp, "dump.json"),
        }
        files["yaml"].write_text(yaml.safe_dump(dump, sort_keys=False))
        files["json"].write_text(json.dumps(dump, indent=4))
        print(f"{'format':<6} {'size':>9} {'seconds':>8} {'peak MiB':>9} {'x size':>7} objects")
        for fmt, path in files.items():
            size = path.stat().st_size
            seconds, peak, objects = measure(path)
            rows.append(
                {
                    "format": fmt,
                    "bytes": size,
                    "seconds": round(seconds, 3),
                    "peak_bytes": peak,
                    "objects": objects,
                }
            )
            print(
                f"{fmt:<6} {size / 2**20:>7.1f}MB {seconds:>8.2f} {peak / 2**20:>9.1f} "
                f"{peak / size:>7.1f} {objects}"
            )
    return rows


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
