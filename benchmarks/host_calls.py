"""Host calls: median CPU microseconds per call of one interpreter import, and of a host function.

    python -m benchmarks.host_calls [--calls 2000] [--batches 7] [--out FILE] [--profile CASE]

Each batch is one sandbox run that makes `calls` calls in a guest loop; the same loop with an
empty body is the baseline. Per call = (batch CPU seconds - baseline CPU seconds) / calls, CPU
seconds of this process (`time.process_time`: the guest's wasm and the host's Python alike, so a
loaded machine changes them less than wall times); the median over batches is reported.

Cases: a guest function (`def g(x): return x`, no host call), then one interpreter import each:
the clock (`time.time()`: `mp_js_time_ms`, a handler that does nothing), a console write
(`sys.stdout.write('x')`: `fd_write` to fd 1), an unbuffered one-byte file read (`fd_read`), a
`stat` of a path (`__syscall_stat64`), a `print` of three plain arguments (the guest's print
joins them: one `fd_write`); then the host functions' bridge over `/dev/mpk` (one write and two
reads a call, and the guest's JSON work): a host function called as a builtin (`f(i)`), through
`host.call` with a prepared payload, and one taking a 10 KiB string and returning it.
`--profile CASE` prints cProfile's top entries for one batch of that case instead. Writes
`benchmarks/results/host_calls.json` (or `--out`).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import time
from pathlib import Path

from mpwasm_kernel import Limits, Sandbox

RESULTS = Path(__file__).resolve().parent / "results" / "host_calls.json"

SETUP = ("import host, os, sys, time\ndef g(x):\n    return x\nP = '{\"args\": [1]}'\nS = 'x' * 10240\n"
         "w = sys.stdout.write\n")
CASES = {
    "guest function call": "g(i)",
    "clock: time.time()": "time.time()",
    "console write: sys.stdout.write('x')": "w('x')",
    "file read: f.read(1), unbuffered": "r(1)",
    "stat: os.stat(path)": "os.stat('/tmp/data')",
    "print('x =', i, True)": "print('x =', i, True)",
    "host function (builtin)": "f(i)",
    "host.call (raw transport)": "host.call('f', P)",
    "host function, 10 KiB str each way": "echo(S)",
}
# host functions are capped at this many calls a run; the others are not host functions
HOST_FUNCTION_CALLS = 500


def _calls(body: str, calls: int) -> int:
    return min(calls, HOST_FUNCTION_CALLS) if body in ("f(i)", "host.call('f', P)", "echo(S)") else calls


def _batch(sb: Sandbox, body: str, calls: int) -> float:
    """CPU seconds of one run of `calls` iterations of `body` (a fresh file for the reads)."""
    reads = body == "r(1)"
    code = (("f_ = open('/tmp/data', 'rb', buffering=0)\nr = f_.read\n" if reads else "")
            + f"for i in range({calls}):\n    {body}\n" + ("f_.close()\n" if reads else ""))
    start = time.process_time()
    result = sb.run(code, store_result=False)
    elapsed = time.process_time() - start
    if result.error is not None:
        raise RuntimeError(f"benchmark run failed: {result.error}")
    return elapsed


def _sandbox(calls: int) -> Sandbox:
    limits = Limits(host_calls=HOST_FUNCTION_CALLS + 1, wall_seconds=300, output_bytes=64 << 20)
    sb = Sandbox(limits, functions={"f": lambda x: x, "echo": lambda s: s})
    setup = sb.run(SETUP + f"with open('/tmp/data', 'wb') as f_:\n    f_.write(b'x' * {calls + 1})\n")
    if setup.error is not None:
        raise RuntimeError(f"benchmark set-up failed: {setup.error}")
    return sb


def measure(calls: int, batches: int) -> dict[str, float]:
    """Median CPU µs per call for each case."""
    with _sandbox(calls) as sb:
        _batch(sb, "f(i)", 50)  # warm up
        out = {}
        for name, body in CASES.items():
            n = _calls(body, calls)
            samples = []
            for _ in range(batches):
                base = _batch(sb, "pass", n)
                samples.append((_batch(sb, body, n) - base) / n * 1e6)
            out[name] = round(statistics.median(samples), 2)
        return out


def profile(name: str, calls: int) -> None:
    """cProfile's top entries (by own time) for one batch of case `name`."""
    body = CASES[name]
    with _sandbox(calls) as sb:
        _batch(sb, body, 50)
        profiler = cProfile.Profile()
        profiler.runcall(_batch, sb, body, _calls(body, calls))
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--profile", choices=sorted(CASES), help="profile one batch of this case instead")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile, args.calls)
        return 0
    numbers = measure(args.calls, args.batches)
    width = max(map(len, numbers))
    print(f"{'case':<{width}}  median CPU µs per call")
    for name, micros in numbers.items():
        print(f"{name:<{width}}  {micros:>10.1f}")
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps({"calls": args.calls, "batches": args.batches, "clock": "process_time",
                                    "median_cpu_us": numbers}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
