"""Host-function round trip: median microseconds per call, beside a plain guest function call.

    python -m benchmarks.host_calls [--calls 500] [--batches 15]

Each batch is one sandbox run that calls a function `calls` times in a loop; the same loop with
an empty body is the baseline. Per call = (batch seconds - baseline seconds) / calls; the median
over batches is reported for: a guest function (`def g(x): return x`), a host function called as
a builtin (`f(i)`), through `host.call` with a prepared payload (the bare transport), and a host
function taking a 10 KiB string and returning it (JSON work both ways). Writes
`benchmarks/results/host_calls.json`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from mpwasm_kernel import Limits, Sandbox

RESULTS = Path(__file__).resolve().parent / "results" / "host_calls.json"

CASES = {
    "guest function call": "g(i)",
    "host function (builtin)": "f(i)",
    "host.call (raw transport)": "host.call('f', P)",
    "host function, 10 KiB str each way": "echo(S)",
}


def _batch(sb: Sandbox, body: str, calls: int) -> float:
    start = time.perf_counter()
    result = sb.run(f"for i in range({calls}):\n    {body}\n", store_result=False)
    elapsed = time.perf_counter() - start
    if result.error is not None:
        raise RuntimeError(f"benchmark run failed: {result.error}")
    return elapsed


def measure(calls: int, batches: int) -> dict[str, float]:
    """Median µs per call for each case."""
    limits = Limits(host_calls=calls + 1, wall_seconds=300)
    with Sandbox(limits, functions={"f": lambda x: x, "echo": lambda s: s}) as sb:
        sb.run("import host\ndef g(x):\n    return x\nP = '{\"args\": [1]}'\nS = 'x' * 10240")
        _batch(sb, "f(i)", 50)  # warm up
        out = {}
        for name, body in CASES.items():
            samples = []
            for _ in range(batches):
                base = _batch(sb, "pass", calls)
                samples.append((_batch(sb, body, calls) - base) / calls * 1e6)
            out[name] = round(statistics.median(samples), 2)
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--batches", type=int, default=15)
    args = parser.parse_args(argv)
    numbers = measure(args.calls, args.batches)
    width = max(map(len, numbers))
    print(f"{'case':<{width}}  median µs per call")
    for name, micros in numbers.items():
        print(f"{name:<{width}}  {micros:>10.1f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"calls": args.calls, "batches": args.batches, "median_us": numbers},
                                  indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
