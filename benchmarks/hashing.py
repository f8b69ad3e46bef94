"""Dict and set keys at real sizes: the sandbox beside CPython, optionally beside another build.

    python -m benchmarks.hashing [--repeat 1] [--before OTHER.wasm] [--fuel 1e11] [--only NAME ...]

Each workload is a function `run()` whose result (a checksum) is printed; the same source runs in
CPython (`exec` in this process) and in a `Sandbox` (fuel metered as by default, 512 MiB), and the
outputs must be equal. Times are CPU seconds of this process (`time.process_time`, best of
`--repeat`): the sandbox runs on the calling thread, and CPU time is less disturbed than wall
time on a shared machine. A run is capped by fuel (`--fuel`, deterministic: ~30-60 s of compute
here), not by the wall clock, so a busy machine cannot turn a slow run into a stop. With
`--before`, the workloads also run on that interpreter file (e.g. a build without the hashing
patches), where a run that exhausts the fuel is recorded as such. Writes
`benchmarks/results/hashing.json` and `hashing.md`.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

from mpwasm_kernel import Limits, Sandbox

RESULTS = Path(__file__).resolve().parent / "results"
MiB = 1 << 20

WORKLOADS: dict[str, str] = {
    "10^6 int keys (dict, insert + lookup)": """
def run():
    d = {}
    for i in range(1000000):
        d[i] = i
    c = 0
    for i in range(1000000):
        c += d[i] & 1
    return len(d), c
""",
    "10^6 str keys (dict, build keys + insert + lookup)": """
def run():
    keys = ["k%d" % i for i in range(1000000)]
    d = {}
    for i, k in enumerate(keys):
        d[k] = i
    c = 0
    for k in keys:
        c += d[k] & 1
    return len(d), c
""",
    "10^6 tuple keys (dict, 1000 x 1000 grid)": """
def run():
    d = {}
    for i in range(1000):
        for j in range(1000):
            d[(i, j)] = i ^ j
    c = 0
    for i in range(1000):
        for j in range(1000):
            c += d[(i, j)] & 1
    return len(d), c
""",
    "10^6 str keys (set, add + membership)": """
def run():
    keys = ["k%d" % i for i in range(1000000)]
    s = set()
    for k in keys:
        s.add(k)
    c = 0
    for k in keys:
        if k in s:
            c += 1
    return len(s), c
""",
    "memoised grid paths, memo[(r, c)], 200 x 200": """
def paths(r, c, memo):
    if r == 0 or c == 0:
        return 1
    if (r, c) in memo:
        return memo[(r, c)]
    v = (paths(r - 1, c, memo) + paths(r, c - 1, memo)) % 1000000007
    memo[(r, c)] = v
    return v

def run():
    return paths(199, 199, {})
""",
    "d[(i, j)] = i * j, 200 x 200": """
def run():
    d = {}
    for i in range(200):
        for j in range(200):
            d[(i, j)] = i * j
    return len(d), d[(199, 198)]
""",
    "word list of 113,783 words into a dict (count twice)": """
def run():
    syllables = [c + v for c in "bdgklmn" for v in "aeiouyw"]
    words = []
    for a in syllables:
        for b in syllables:
            for c in syllables:
                words.append(a + b + c)
    words = words[:113783]
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return len(counts), counts["bababa"], counts[words[-1]]
""",
}


@contextlib.contextmanager
def _sandbox(limits: Limits, wasm: Path | None) -> Iterator[Sandbox]:
    """A sandbox on the installed interpreter, or on the interpreter file `wasm`."""
    if wasm is None:
        with Sandbox(limits) as sb:
            yield sb
        return
    from mpwasm_kernel.sandbox import sandbox as sandbox_module
    from mpwasm_kernel.sandbox.wasm.artifact import Artifact

    real = sandbox_module.load_artifact
    digest = hashlib.sha256(wasm.read_bytes()).hexdigest()
    sandbox_module.load_artifact = lambda variant="micropython": Artifact(variant, wasm, digest, "other")
    try:
        sb = Sandbox(limits)
    finally:
        sandbox_module.load_artifact = real
    with sb:
        yield sb


def _cpython(source: str, repeat: int) -> tuple[float, str]:
    best, out = float("inf"), ""
    for _ in range(repeat):
        namespace: dict = {"__name__": "__main__"}
        exec(source, namespace)
        start = time.process_time()
        result = namespace["run"]()
        best = min(best, time.process_time() - start)
        out = f"{result!r}\n"
    return best, out


def _sandboxed(source: str, repeat: int, limits: Limits, wasm: Path | None) -> dict:
    best, out = float("inf"), ""
    for _ in range(repeat):
        with _sandbox(limits, wasm) as sb:
            setup = sb.run(source)
            if setup.error is not None:
                return {"error": str(setup.error)}
            start = time.process_time()
            r = sb.run("print(repr(run()))")
            seconds = time.process_time() - start
            if r.error is not None:
                return {"error": str(r.error).splitlines()[0], "cpu_s": round(seconds, 1)}
            best, out = min(best, seconds), r.stdout
    return {"seconds": round(best, 3), "fuel": r.fuel_used, "stdout": out}


def measure(names: list[str], repeat: int, fuel: int, before: Path | None,
            workloads: dict[str, str] | None = None) -> list[dict]:
    """Each named workload (of `workloads`, default this module's) on CPython and in the sandbox
    (and on `before`), outputs compared: one row each, printed as it is measured."""
    limits = Limits(fuel=fuel, wall_seconds=24 * 3600.0, memory_bytes=512 * MiB)
    rows = []
    for name in names:
        source = (WORKLOADS if workloads is None else workloads)[name]
        cpython_s, expected = _cpython(source, repeat)
        row = {"workload": name, "cpython_s": round(cpython_s, 3)}
        for column, wasm in (("sandbox", None), ("before", before)):
            if column == "before" and before is None:
                continue
            got = _sandboxed(source, repeat, limits, wasm)
            if "stdout" in got and got["stdout"] != expected:
                got = {"error": f"output {got['stdout']!r} differs from CPython's {expected!r}"}
            row[column] = got
            if "error" in got:
                got["fuel_limit"] = fuel
            if "seconds" in got:
                got["ratio"] = round(got["seconds"] / cpython_s, 2)
        rows.append(row)
        print(_line(row), flush=True)
    return rows


def _cell(got: dict | None) -> str:
    if got is None:
        return ""
    if "error" in got:
        if "FuelExhausted" in got["error"]:
            return f"stopped: fuel limit ({got['fuel_limit']:.0e}) after {got['cpu_s']} s"
        return f"failed: {got['error'][:80]}"
    return f"{got['seconds']:.2f} s ({got['ratio']:.1f}×)"


def _line(row: dict) -> str:
    return f"{row['workload']:<55} CPython {row['cpython_s']:.3f} s  sandbox {_cell(row.get('sandbox'))}" + (
        f"  before {_cell(row['before'])}" if "before" in row else "")


def table(rows: list[dict], before: bool) -> str:
    head = "| workload | CPython | sandbox (ratio) |" + (" before the patches (ratio) |" if before else "")
    rule = "|---|---|---|" + ("---|" if before else "")
    lines = [head, rule]
    for row in rows:
        cells = [row["workload"], f"{row['cpython_s']:.3f} s", _cell(row["sandbox"])]
        if before:
            cells.append(_cell(row.get("before")))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--fuel", type=float, default=1e11, help="fuel limit per sandbox run")
    parser.add_argument("--before", type=Path, help="another interpreter file to run the workloads on too")
    parser.add_argument("--only", nargs="*", help="substrings of workload names")
    args = parser.parse_args(argv)
    names = [n for n in WORKLOADS if not args.only or any(s in n for s in args.only)]
    with contextlib.redirect_stderr(io.StringIO()):
        rows = measure(names, args.repeat, int(args.fuel), args.before)
    from benchmarks.machine import machine_info

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "hashing.json").write_text(json.dumps(
        {"machine": machine_info(), "repeat": args.repeat, "fuel_limit": int(args.fuel),
         "before": args.before.name if args.before else None, "rows": rows}, indent=2) + "\n")
    (RESULTS / "hashing.md").write_text(
        "# Dict and set keys at real sizes (CPU seconds, ratio to CPython)\n\n"
        f"`python -m benchmarks.hashing`; fuel metered, each run capped at {args.fuel:.0e} fuel, 512 MiB.\n\n"
        + table(rows, args.before is not None))
    print(table(rows, args.before is not None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
