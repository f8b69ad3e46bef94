"""`random` calls one by one: the sandbox beside CPython, per call.

    python -m benchmarks.random_calls [--repeat 3] [--only NAME ...]

Each workload is a function `run()` that seeds `random` and makes 200,000 calls of one kind in a
loop (as a student writes it: `random.random()` through the module each time) and returns what
it drew, summed; CPython's and the sandbox's results must be equal (the same sequence; `gauss`'s
sum rounded to 6 places, its libm differing in the last bit). Times are
CPU seconds of this process, best of `--repeat` (the measuring and the table are
`benchmarks.hashing`'s). Writes `benchmarks/results/random_calls.json` and `random_calls.md`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json

from benchmarks.hashing import RESULTS, measure, table

CALLS = 200_000


def _workload(body: str, calls: int = CALLS, result: str = "t") -> str:
    return (f"import random\n\ndef run():\n    random.seed(12345)\n    t = 0\n    xs = list(range(52))\n"
            f"    for _ in range({calls}):\n        {body}\n    return {result}\n")


WORKLOADS: dict[str, str] = {
    "random()": _workload("t += random.random()"),
    "uniform(-1, 1)": _workload("t += random.uniform(-1, 1)"),
    "randint(1, 6)": _workload("t += random.randint(1, 6)"),
    "choice(list of 52)": _workload("t += random.choice(xs)"),
    # rounded: gauss's cos/sin/log are the interpreter's libm, which differs from CPython's in the
    # last bit for a few per cent of arguments (README differences list)
    "gauss(0, 1)": _workload("t += random.gauss(0, 1)", result="round(t, 6)"),
    "shuffle(list of 52), 1/50 the calls": _workload("random.shuffle(xs); t += xs[0]", CALLS // 50),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="substrings of workload names")
    args = parser.parse_args(argv)
    names = [n for n in WORKLOADS if not args.only or any(s in n for s in args.only)]
    with contextlib.redirect_stderr(io.StringIO()):
        rows = measure(names, args.repeat, int(1e11), None, WORKLOADS)
    from benchmarks.machine import machine_info

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "random_calls.json").write_text(json.dumps(
        {"machine": machine_info(), "repeat": args.repeat, "calls": CALLS, "rows": rows}, indent=2) + "\n")
    (RESULTS / "random_calls.md").write_text(
        "# `random` calls (CPU seconds of 200,000 calls in a function, ratio to CPython)\n\n"
        f"`python -m benchmarks.random_calls`; best of {args.repeat}, fuel metered, outputs equal to CPython's.\n\n"
        + table(rows, False))
    print(table(rows, False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
