"""Allocation-heavy student programs (issue 23) in CPython and in the ``Sandbox``, on a chosen build.

``python -m benchmarks.alloc_heavy [--build default|incall|PATH.wasm] [--only NAME ...]`` runs each
program of ``PROGRAMS`` in this process's CPython (``exec``, wall time) and in a new ``Sandbox``
under the *default* limits (``Limits()``: the limits a student meets), compares the outputs in
full, and writes ``results/alloc_heavy_<build>.json`` and ``.md``. For each program it records:

- CPython and Sandbox wall seconds, the fuel the run used, and how it ended (the error's type);
- the guest's peak memory (the interpreter's linear memory after the run: it never shrinks) and the
  host process's resident memory before the sandbox was created and after the run;
- a trivial cell's cost in that sandbox before and after the heavy cell (median of 5 each): wall and
  CPU milliseconds (noisy), and the deterministic parts, its fuel and the bytes its pre-run
  snapshot copied (what the host does for a run that changed little).

``--build default`` is the installed interpreter; ``--build incall`` is the same pipeline with the
``gc_in_calls`` patch added when ``wasm/patches/__init__.py`` does not apply it (built once, with
Node.js and the pinned Binaryen, cached under the system's temporary directory); a path runs that
``.wasm``. The numpy row always runs the installed ``ulab`` build. Wall times on a shared machine are
noisy: compare within one run; never assert on them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import gc
import hashlib
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

from benchmarks.machine import load_average

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
TRIVIAL = "1 + 1"

PROGRAMS: dict[str, str] = {
    "s += str(i), 10^4": "s = ''\nfor i in range(10_000):\n    s += str(i)\nprint(len(s), s[-12:])",
    "s += str(i), 10^5": "s = ''\nfor i in range(100_000):\n    s += str(i)\nprint(len(s), s[-12:])",
    "s += str(i), 10^6": "s = ''\nfor i in range(1_000_000):\n    s += str(i)\nprint(len(s), s[-12:])",
    "s = s + ch in a function, 10^5": (
        "def f(t):\n    s = ''\n    for ch in t:\n        s = s + ch\n    return s\n"
        "print(len(f('abcdefghij' * 10_000)))"),
    "Euler projectile 4e5 (top level)": (
        "x, y, vx, vy, dt = 0.0, 0.0, 30.0, 40.0, 0.00002\nsteps = 0\nwhile steps < 400_000:\n"
        "    vy -= 9.81 * dt\n    x += vx * dt\n    y += vy * dt\n    steps += 1\n"
        "print(steps, round(x, 3), round(y, 3))"),
    "Monte Carlo pi 1e6": (
        "import random\nrandom.seed(1)\ninside = 0\nfor _ in range(1_000_000):\n"
        "    a, b = random.random(), random.random()\n    if a * a + b * b < 1.0:\n        inside += 1\n"
        "print(abs(4 * inside / 1_000_000 - 3.14159) < 0.01)"),
    "list(range(3e6))": "x = list(range(3_000_000))\nprint(len(x), x[-1], sum(x[::1000]))",
    "[True]*10**7 sieve": (
        "n = 10**7\nsieve = [True] * n\nsieve[0] = sieve[1] = False\ni = 2\nwhile i * i < 10**5:\n"
        "    if sieve[i]:\n        for j in range(i * i, 10**5, i):\n            sieve[j] = False\n    i += 1\n"
        "print(len(sieve), sum(sieve[:10**5]))"),
    "'x' * 9e6": "s = 'x' * 9_000_000\nprint(len(s), s.count('x'))",
    "np.zeros(2e6)": "import numpy as np\na = np.zeros(2_000_000)\na[::2] = 1.0\nprint(a.size, float(a.sum()))",
    "sum of a generator 2e7": (
        "def squared_numbers(n):\n    for i in range(n):\n        yield i * i\n"
        "print(sum(squared_numbers(20_000_000)))"),
    "trial division, 16 digits": (
        "def factors(n):\n    out = []\n    d = 2\n    while d * d <= n:\n        while n % d == 0:\n"
        "            out.append(d)\n            n //= d\n        d += 1 if d == 2 else 2\n    if n > 1:\n"
        "        out.append(n)\n    return out\nprint(factors(1000000007 * 9999991))"),
    "float simulation 1e6 (function)": (
        "def simulate(steps):\n    pos, vel, dt = 0.0, 1.0, 0.001\n    for _ in range(steps):\n"
        "        acc = -pos * 0.5 - vel * 0.01\n        vel += acc * dt\n        pos += vel * dt\n"
        "    return round(pos, 6), round(vel, 6)\nprint(simulate(1_000_000))"),
    "10^6-tuple comprehension": "t = tuple((i, i * 2) for i in range(1_000_000))\nprint(len(t), t[-1])",
    "wide list [[0]*64 for 1e5]": "x = [[0] * 64 for i in range(100_000)]\nprint(len(x), sum(map(len, x)))",
}


def cpython(source: str) -> tuple[str, float]:
    """The program's stdout and wall seconds in this process's CPython."""
    buf = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(buf):
        exec(compile(source, "<program>", "exec"), {"__name__": "__main__"})
    return buf.getvalue(), time.perf_counter() - start


def build_incall() -> Path:
    """The ``micropython`` build with ``gc_in_calls`` added to the applied patches (cached)."""
    sys.path.insert(0, str(REPO))
    from wasm import patches, pipeline, sources
    from wasm.patches import gc_in_calls

    chosen = patches.PATCHES if gc_in_calls in patches.PATCHES else patches.PATCHES + (gc_in_calls,)
    h = hashlib.sha256(sources.LOCK.read_bytes() + sources.SHIM.read_bytes())
    for path in sorted((REPO / "wasm").rglob("*.py")):
        h.update(path.name.encode() + path.read_bytes())
    out = Path(tempfile.gettempdir()) / "mpwasm-bench-builds" / f"incall-{h.hexdigest()[:20]}.wasm"
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = sources.read_lock()
    variant = "micropython.wasm"
    with tempfile.TemporaryDirectory(prefix="mpwasm-bench-build-") as tmp:
        upstream, bindir = sources.fetch_inputs(lock, Path(tmp))
        built = pipeline.build(lock, {variant: upstream[variant]}, bindir, Path(tmp), patches=chosen)
        out.write_bytes(built[variant].read_bytes())
    return out


@contextlib.contextmanager
def sandbox(wasm: Path | None, variant: str = "micropython") -> Iterator:
    """A `Sandbox` with default limits, on `wasm` instead of the installed build when given."""
    from mpwasm_kernel import Limits, Sandbox
    from mpwasm_kernel.sandbox import sandbox as sandbox_module
    from mpwasm_kernel.sandbox.wasm.artifact import Artifact

    if wasm is None or variant != "micropython":
        with Sandbox(Limits(), variant=variant) as sb:
            yield sb
        return
    data = wasm.read_bytes()
    fake = Artifact("micropython", wasm, hashlib.sha256(data).hexdigest(), "bench")
    real = sandbox_module.load_artifact
    sandbox_module.load_artifact = lambda variant="micropython": fake
    try:
        sb = Sandbox(Limits())
    finally:
        sandbox_module.load_artifact = real
    with sb:
        yield sb


def _trivial(sb) -> dict:
    """A trivial cell's cost in `sb`, five runs: median wall ms and process CPU ms (noisy on a shared
    machine), and the deterministic parts: its fuel and the bytes its pre-run snapshot copied."""
    walls, cpus, fuels, copied = [], [], [], []
    for _ in range(5):
        start = time.process_time()
        r = sb.run(TRIVIAL)
        cpus.append(time.process_time() - start)
        walls.append(r.seconds)
        fuels.append(r.fuel_used)
        copied.append(getattr(sb._snapshot, "copied_bytes", 0))
    return {"ms": round(statistics.median(walls) * 1000, 2), "cpu_ms": round(statistics.median(cpus) * 1000, 2),
            "fuel": int(statistics.median(fuels)), "snapshot_kib": round(statistics.median(copied) / 1024, 1)}


def measure(name: str, source: str, wasm: Path | None) -> dict:
    """One program in both runtimes (see the module docstring for the fields)."""
    expected, cpython_s = cpython(source)
    proc = psutil.Process()
    gc.collect()
    rss_before = proc.memory_info().rss
    with sandbox(wasm, "ulab" if "numpy" in source else "micropython") as sb:
        sb.run("0")
        trivial_before = _trivial(sb)
        r = sb.run(source)
        trivial_after = _trivial(sb)
        row = {
            "cpython_seconds": round(cpython_s, 4), "sandbox_seconds": round(r.seconds, 4),
            "fuel": r.fuel_used, "error": None if r.error is None else f"{r.error.ename}: {r.error.evalue[:160]}",
            "same_output": r.error is None and r.stdout == expected,
            "peak_guest_mib": round(sb.memory_size / 2**20, 1),
            "rss_before_mib": round(rss_before / 2**20, 1),
            "rss_after_mib": round(proc.memory_info().rss / 2**20, 1),
            "trivial_before_ms": trivial_before["ms"], "trivial_after_ms": trivial_after["ms"],
            "trivial_before": trivial_before, "trivial_after": trivial_after,
        }
    row["ratio"] = round(row["sandbox_seconds"] / row["cpython_seconds"], 2) if row["same_output"] else None
    return row


def _det(row: dict, when: str) -> str:
    t = row.get(f"trivial_{when}") or {}
    return f"{t.get('fuel', 0) / 1000:.0f} k, {t.get('snapshot_kib', 0)}"


def markdown(result: dict) -> str:
    lines = [f"Allocation-heavy programs on the `{result['build']}` build, {result['when']} (load at end "
             f"{result['load_average_end']}); default limits; wall seconds, one run each; outputs compared in full.",
             "", "| program | CPython s | Sandbox s | ratio | result | peak guest MiB | host RSS MiB before → after "
             "| trivial cell ms before → after | trivial cell fuel, snapshot KiB before → after |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, row in result["programs"].items():
        status = "same output" if row["same_output"] else (row["error"] or "output differs")[:70]
        ratio = f"{row['ratio']:.1f}×" if row["ratio"] else "—"
        lines.append(f"| {name} | {row['cpython_seconds']:.3f} | {row['sandbox_seconds']:.3f} | {ratio} | {status} "
                     f"| {row['peak_guest_mib']} | {row['rss_before_mib']} → {row['rss_after_mib']} "
                     f"| {row['trivial_before_ms']} → {row['trivial_after_ms']} | {_det(row, 'before')} → "
                     f"{_det(row, 'after')} |")
    lines.append(f"\n{result['passed']} of {len(result['programs'])} programs print CPython's output "
                 "under the default limits.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="default", help="default, incall, or a path to a micropython .wasm")
    parser.add_argument("--only", nargs="*", help="program names")
    args = parser.parse_args(argv)
    wasm = None if args.build == "default" else build_incall() if args.build == "incall" else Path(args.build)
    label = args.build if args.build in ("default", "incall") else Path(args.build).stem
    rows = {}
    for name, source in PROGRAMS.items():
        if args.only and name not in args.only:
            continue
        rows[name] = measure(name, source, wasm)
        print(name, rows[name], flush=True)
    result = {"when": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "build": label,
              "programs": rows, "passed": sum(r["same_output"] for r in rows.values()),
              "load_average_end": load_average()}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"alloc_heavy_{label}.json").write_text(json.dumps(result, indent=1) + "\n")
    text = markdown(result)
    (RESULTS / f"alloc_heavy_{label}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
