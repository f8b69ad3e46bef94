"""Import cost of each guest standard-library module (issue 11): first import in a fresh sandbox.

Run ``python -m benchmarks.stdlib_import`` from the repository root. Each module is imported
with the sandbox reset before it (so its dependencies count too), ``--repeat`` times; the table
gives the median wall time and the fuel of the import cell, and the JSON goes to
``benchmarks/results/stdlib_import.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.library import guest_library

RESULTS = Path(__file__).resolve().parent / "results" / "stdlib_import.json"


def measure(repeat: int) -> list[dict[str, object]]:
    """One row per public library module: median seconds and fuel of `import name`."""
    names = [n for n in guest_library()["modules"] if not n.startswith("_")]  # type: ignore[union-attr]
    rows = []
    with Sandbox(Limits(fuel=50_000_000_000, wall_seconds=60.0)) as sb:
        for name in names:
            seconds, fuel = [], []
            for _ in range(repeat):
                sb.reset()
                result = sb.run(f"import {name}")
                if result.error is not None:
                    rows.append({"module": name, "error": f"{result.error.ename}: {result.error.evalue}"})
                    break
                seconds.append(result.seconds)
                fuel.append(result.fuel_used)
            else:
                rows.append({"module": name, "seconds": statistics.median(seconds),
                             "fuel": int(statistics.median(fuel))})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = measure(args.repeat)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n")
    for row in sorted(rows, key=lambda r: -float(r.get("seconds", 0))):  # type: ignore[arg-type]
        if "error" in row:
            print(f"{row['module']:<14} ERROR {row['error']}")
        else:
            print(f"{row['module']:<14} {1000 * float(row['seconds']):8.1f} ms  {int(row['fuel']) / 1e6:9.1f} M fuel")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
