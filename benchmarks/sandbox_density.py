"""Sandbox density: creation, reset, first run and memory per sandbox, image clones beside boots.

    python -m benchmarks.sandbox_density [--counts 1,10,100,1000] [--samples 50]

Two modes, each measured in its own fresh process:

* ``image`` — today's `Sandbox()`: a copy-on-write clone of the process's booted image, sharing
  one engine and compiled module (mpwasm_kernel/sandbox/wasm/image.py);
* ``boot`` — `Sandbox()` as it was before images (``MPWASM_IMAGE=0``): its own engine, its own
  deserialized module and a full boot of the interpreter and guest runtime per sandbox.

Per mode: the first sandbox of the process (compile cache warm on disk), the median creation,
`reset()` and first trivial run of a new sandbox; then for 1/10/100/1,000 sandboxes alive at once,
each answering a trivial run, the process's resident and private memory per sandbox (from
/proc/self/smaps_rollup, so pages shared between clones count once) and the time to create and
run them all. Also heavy cells (~100 MB of garbage; ~150 MB, over the memory limit and rolled back), each in
a new sandbox: a trivial run's time and the process's resident memory before and after. Writes
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
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
MODES = {"image": "1", "boot": "0"}
TRIVIAL = "x = 6 * 7\nx"
HEAVY = {  # ~100 MB of short-lived objects: completes; ~150 MB: over the default memory limit, rolled back
    "completes": "junk = [bytearray(1000) for _ in range(100_000)]\njunk = None",
    "rolled_back": "junk = [bytearray(1000) for _ in range(150_000)]\njunk = None",
}


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
    start = time.perf_counter()
    first = Sandbox()
    out["first_sandbox_ms"] = _ms(time.perf_counter() - start)
    first.close()

    creates, runs, resets, closes = [], [], [], []
    for _ in range(samples):
        t0 = time.perf_counter()
        sb = Sandbox()
        t1 = time.perf_counter()
        result = sb.run(TRIVIAL)
        t2 = time.perf_counter()
        assert result.value == "42", result
        sb.reset()
        t3 = time.perf_counter()
        sb.close()
        t4 = time.perf_counter()
        creates.append(t1 - t0)
        runs.append(t2 - t1)
        resets.append(t3 - t2)
        closes.append(t4 - t3)
    out["create_ms"] = _median_ms(creates)
    out["first_run_ms"] = _median_ms(runs)
    out["reset_ms"] = _median_ms(resets)
    out["close_ms"] = _median_ms(closes)
    with Sandbox() as sb:
        warm = []
        for _ in range(samples):
            t0 = time.perf_counter()
            sb.run(TRIVIAL)
            warm.append(time.perf_counter() - t0)
        out["trivial_run_ms"] = _median_ms(warm)

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
        })
        for sb in sandboxes:
            sb.close()
        del sandboxes

    out["heavy"] = {}
    for name, source in HEAVY.items():
        with Sandbox() as sb:
            def trivial_ms(sb: Sandbox = sb) -> float:
                times = []
                for _ in range(20):
                    t0 = time.perf_counter()
                    sb.run(TRIVIAL)
                    times.append(time.perf_counter() - t0)
                return _median_ms(times)

            gc.collect()
            heavy: dict = {"trivial_before_ms": trivial_ms(), "rss_before_mib": round(_memory_kib()["rss"] / 1024, 1)}
            t0 = time.perf_counter()
            r = sb.run(source)
            heavy["heavy_cell_s"] = round(time.perf_counter() - t0, 3)
            heavy["heavy_error"] = r.error.ename if r.error else None
            heavy["rolled_back"] = r.rolled_back
            heavy["memory_size_mib"] = round(sb.memory_size / (1 << 20), 1)
            heavy["trivial_after_ms"] = trivial_ms()
            heavy["rss_after_mib"] = round(_memory_kib()["rss"] / 1024, 1)
            out["heavy"][name] = heavy
    return out


def _table(results: dict) -> str:
    image, boot = results["modes"]["image"], results["modes"]["boot"]
    lines = ["| measure | image clone | boot (before) |", "|---|---|---|"]
    for key, label in (("first_sandbox_ms", "first sandbox of a process, ms"), ("create_ms", "Sandbox(), ms"),
                       ("first_run_ms", "first trivial run of a new sandbox, ms"),
                       ("trivial_run_ms", "trivial run, ms"), ("reset_ms", "reset(), ms"),
                       ("close_ms", "close(), ms")):
        lines.append(f"| {label} | {image[key]} | {boot[key]} |")
    boot_density = {d["sandboxes"]: d for d in boot["density"]}
    for d in image["density"]:
        b = boot_density.get(d["sandboxes"])
        for key, label in (("private_per_sandbox_kib", "private KiB per sandbox"),
                           ("rss_per_sandbox_kib", "resident KiB per sandbox"),
                           ("create_all_s", "create all, s"), ("run_all_s", "one trivial run each, s")):
            other = b[key] if b else "not run"
            lines.append(f"| {d['sandboxes']} alive: {label} | {d[key]} | {other} |")
    for name, what in (("completes", "a heavy cell (~100 MB of garbage)"),
                       ("rolled_back", "a heavy cell over the memory limit (rolled back)")):
        for key, label in (("trivial_before_ms", f"trivial run before {what}, ms"),
                           ("trivial_after_ms", "trivial run after it, ms"),
                           ("rss_before_mib", "process RSS before, MiB"), ("rss_after_mib", "process RSS after, MiB")):
            lines.append(f"| {label} | {image['heavy'][name][key]} | {boot['heavy'][name][key]} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="1,10,100,1000")
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--boot-max", type=int, default=1000, help="largest count measured in boot mode")
    parser.add_argument("--worker", choices=sorted(MODES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.counts.split(",") if c]
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
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "sandbox_density.json").write_text(json.dumps(results, indent=2) + "\n")
    table = _table(results)
    (RESULTS / "sandbox_density.md").write_text("# Sandbox density (python -m benchmarks.sandbox_density)\n\n" + table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
