"""The two interpreter builds side by side (issue 27): what ulab costs in start, memory and compute.

Run ``python -m benchmarks.variants`` from the repository root. For ``--repeat`` rounds, the
builds alternate (so a busy machine slows both alike): each round creates a sandbox of each
build and records the creation time, the process's resident memory before and after (RSS, the
sandbox kept open), and the wasm fuel and wall time of a few pure-Python workloads. The ulab
build also imports the guest ``numpy``. The table gives medians; the JSON goes to
``benchmarks/results/variants.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

import psutil

from mpwasm_kernel import Limits, Sandbox

RESULTS = Path(__file__).resolve().parent / "results" / "variants.json"
VARIANTS = ("micropython", "ulab")
WORKLOADS = {
    "fib": "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nfib(20)",
    "strings": "s = ''\nfor i in range(3000):\n    s += str(i)\nlen(s.upper().split('9'))",
    "dicts": "d = {}\nfor i in range(20000):\n    d[i % 997] = d.get(i % 997, 0) + i\nsum(d.values())",
    "import numpy": "import numpy as np\nnp.arange(10).sum()",
}


def one_round(variant: str) -> dict[str, float]:
    """Create a sandbox of `variant`, run each workload once (fresh interpreter each), close it."""
    proc = psutil.Process()
    gc.collect()
    rss0 = proc.memory_info().rss
    t0 = time.perf_counter()
    sb = Sandbox(Limits(fuel=20_000_000_000, wall_seconds=120.0), variant=variant)
    sb.run("0")  # the interpreter is started on first use
    row: dict[str, float] = {"start_s": time.perf_counter() - t0}
    try:
        row["rss_mb"] = (proc.memory_info().rss - rss0) / 2**20
        for name, code in WORKLOADS.items():
            if name == "import numpy" and variant != "ulab":
                continue
            sb.reset()
            result = sb.run(code)
            if result.error is not None:
                raise RuntimeError(f"{variant} {name}: {result.error.ename}: {result.error.evalue}")
            row[f"{name} fuel"] = result.fuel_used
            row[f"{name} s"] = result.seconds
    finally:
        sb.close()
    return row


def measure(repeat: int) -> dict[str, dict[str, float]]:
    """Medians per build over `repeat` alternating rounds (the first round of each is a warm-up)."""
    rounds: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
    for i in range(repeat + 1):
        for variant in VARIANTS if i % 2 == 0 else VARIANTS[::-1]:
            row = one_round(variant)
            if i:
                rounds[variant].append(row)
    return {v: {k: statistics.median(r[k] for r in rows) for k in rows[0]} for v, rows in rounds.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    medians = measure(args.repeat)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"repeat": args.repeat, "medians": medians}, indent=2) + "\n")
    keys = list(medians["ulab"])
    print(f"{'median of ' + str(args.repeat):<22} {'micropython':>14} {'ulab':>14}")
    def text(value: float | None) -> str:
        return "—" if value is None else f"{value:,.3f}" if value < 1000 else f"{value:,.0f}"

    for key in keys:
        print(f"{key:<22} {text(medians['micropython'].get(key)):>14} {text(medians['ulab'][key]):>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
