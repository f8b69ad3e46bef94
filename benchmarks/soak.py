"""Soak test: many cells in one `micropython-wasm` kernel, watching the kernel's memory and latency.

Runs `--cells N` (default 10 000) cells through jupyter_client in a single kernel: a fixed mix of
prints, assignments, errors, small computations and displays, and (unless `--no-hostile`)
hostile cells under small limits: runaways, print and display floods, invalid display messages,
oversized results and allocations, host-parser bombs, `%timeit` with a million repeats, long
file names, and runtime tampering that makes the sandbox replace its interpreter. Reports the kernel process's RSS at
the start, every `--every` cells and at the end, the guest's linear-memory size (from the guest:
`gc.mem_alloc()`), and the round-trip latency distribution (p50/p90/p99/max) per kind and overall,
as JSON (`--json PATH`, default stdout section) and text.

Not a CI test. Usage::

    python -m benchmarks.soak --cells 10000 --json soak.json

A leak shows as RSS growing steadily between checkpoints after the first few thousand cells.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
KERNEL = "micropython-wasm"

#: (kind, source) — cycled; `{i}` is the cell number.
MIX: tuple[tuple[str, str], ...] = (
    ("print", "print('cell {i}', {i} * 2)"),
    ("assign", "v{m} = [{i}] * 10\ntotal = {i}"),
    ("compute", "sum(k * k for k in range(200)) + {i}"),
    ("error", "1 / (total - total)"),
    ("display", "from IPython.display import display, HTML\ndisplay(HTML('<b>{i}</b>'))"),
    ("string", "s = 'abc' * 100\ns.upper()[:{m}]"),
    ("dict", "d = {{k: str(k) for k in range(100)}}\nlen(d) + {i}"),
    ("name_error", "undefined_name_{m}"),
    ("class", "class C{m}:\n    def __init__(self):\n        self.x = {i}\nC{m}().x"),
    ("json", "import json\njson.loads(json.dumps({{'a': [{i}, 2, 3]}}))"),
)


#: Hostile kinds mixed in by default (`--no-hostile` leaves them out), one of each per cycle. The
#: kernel then runs with small limits (`HOSTILE_ARGS`) so each ends quickly.
HOSTILE_MIX: tuple[tuple[str, str], ...] = (
    ("runaway", "while True:\n    pass"),
    ("print_flood", "while True:\n    print('x' * 200)"),
    ("display_flood", "line = b'{{\"type\":\"display\",\"data\":{{\"text/plain\":\"x\"}}}}\\n'\n"
                      "with open('/dev/mpk', 'wb') as f:\n    while True:\n        f.write(line)"),
    ("bad_display", "with open('/dev/mpk', 'w') as f:\n"
                    "    f.write('{{\"type\":\"display\",\"data\":{{\"text/plain\":5}},"
                    "\"transient\":{{\"display_id\":{{}}}}}}\\n')"),
    ("big_result", "'r' * 100_000"),
    ("huge_alloc", "bytearray(1 << 30)"),
    ("deep_parse", "x = " + "-" * 50_000 + "1\n%who"),
    ("timeit", "%timeit -n 1 -r 1000000 sum(range(100))"),
    ("files", "import os\nfor k in range(200):\n    try:\n        os.mkdir('/' + 'd' * 200 + str(k))\n"
              "    except OSError:\n        pass"),
    ("restart", "import _mpk_runtime, json\nclass J:\n    calls = 0\n    @staticmethod\n    def dumps(x):\n"
                "        J.calls += 1\n        return json.dumps(x) if J.calls == 1 else 'garbage'\n"
                "_mpk_runtime.run_cell.__globals__['json'] = J"),
)
HOSTILE_ARGS = ["--wall-seconds=0.5", "--output-bytes=64K", "--memory-bytes=64M"]


def _install_kernelspec(prefix: Path) -> None:
    subprocess.run([sys.executable, "-m", "mpwasm_kernel", "install", "--prefix", str(prefix)],
                   check=True, capture_output=True, cwd=REPO)
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))


def _execute(kc: Any, code: str, timeout: float) -> tuple[str, float]:
    """Run one cell; return (status, seconds from request to idle)."""
    start = time.perf_counter()
    msg_id = kc.execute(code, store_history=True)
    status = "timeout"
    reply_seen = idle_seen = False
    deadline = time.monotonic() + timeout
    while not (reply_seen and idle_seen):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no reply within {timeout} s for {code!r}")
        if not reply_seen:
            try:
                msg = kc.get_shell_msg(timeout=0.001)
                if msg["parent_header"].get("msg_id") == msg_id:
                    status, reply_seen = msg["content"]["status"], True
            except Empty:
                pass
        try:
            msg = kc.get_iopub_msg(timeout=0.001)
        except Empty:
            continue
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            idle_seen = True
    return status, time.perf_counter() - start


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"n": len(ordered), "p50_ms": pick(0.5) * 1e3, "p90_ms": pick(0.9) * 1e3,
            "p99_ms": pick(0.99) * 1e3, "max_ms": ordered[-1] * 1e3}


def _guest_heap(kc: Any) -> int | None:
    msg_id = kc.execute("", silent=True, user_expressions={"heap": "__import__('gc').mem_alloc()"})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        msg = kc.get_shell_msg(timeout=10)
        if msg["parent_header"].get("msg_id") == msg_id:
            expr = msg["content"].get("user_expressions", {}).get("heap", {})
            try:
                return int(expr["data"]["text/plain"])
            except (KeyError, ValueError, TypeError):
                return None
    return None


def soak(cells: int, every: int, timeout: float, hostile: bool = True, skip: tuple[str, ...] = (),
         kernel_args: tuple[str, ...] = ()) -> dict[str, Any]:
    """Run the soak; `skip` leaves kinds out of the mix, `kernel_args` are added to the kernel's argv."""
    from jupyter_client.manager import start_new_kernel

    mix = tuple((kind, src) for kind, src in (MIX + HOSTILE_MIX if hostile else MIX) if kind not in skip)
    prefix = Path(tempfile.mkdtemp(prefix="mpwasm-soak-"))
    try:
        _install_kernelspec(prefix)
        km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60,
                                  extra_arguments=(HOSTILE_ARGS if hostile else []) + list(kernel_args))
        try:
            proc = psutil.Process(int(km.provisioner.process.pid))
            latencies: dict[str, list[float]] = {kind: [] for kind, _ in mix}
            statuses: dict[str, int] = {}
            checkpoints: list[dict[str, Any]] = []

            def checkpoint(done: int) -> None:
                point = {"cells": done, "rss_mib": round(proc.memory_info().rss / 2**20, 1),
                         "guest_heap_bytes": _guest_heap(kc), "elapsed_s": round(time.monotonic() - t0, 1)}
                checkpoints.append(point)
                print(json.dumps(point), file=sys.stderr, flush=True)

            t0 = time.monotonic()
            checkpoint(0)
            for i in range(cells):
                kind, template = mix[i % len(mix)]
                status, seconds = _execute(kc, template.format(i=i, m=i % 97), timeout)
                latencies[kind].append(seconds)
                statuses[status] = statuses.get(status, 0) + 1
                if (i + 1) % every == 0 or i + 1 == cells:
                    checkpoint(i + 1)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
    everything = [s for values in latencies.values() for s in values]
    return {
        "cells": cells,
        "hostile": hostile,
        "skipped": list(skip),
        "kernel_args": list(kernel_args),
        "wall_seconds": round(time.monotonic() - t0, 1),
        "rss_start_mib": checkpoints[0]["rss_mib"],
        "rss_end_mib": checkpoints[-1]["rss_mib"],
        "checkpoints": checkpoints,
        "statuses": statuses,
        "latency": _percentiles(everything),
        "latency_by_kind": {kind: _percentiles(values) for kind, values in latencies.items()},
    }


def _text(report: dict[str, Any]) -> str:
    lat = report["latency"]
    lines = [
        f"soak: {report['cells']} cells in {report['wall_seconds']} s; statuses {report['statuses']}",
        f"kernel RSS: start {report['rss_start_mib']} MiB, end {report['rss_end_mib']} MiB",
        "checkpoints: " + ", ".join(f"{c['cells']}: {c['rss_mib']} MiB (heap {c['guest_heap_bytes']})"
                                    for c in report["checkpoints"]),
        f"latency: p50 {lat['p50_ms']:.2f} ms, p90 {lat['p90_ms']:.2f} ms, p99 {lat['p99_ms']:.2f} ms, "
        f"max {lat['max_ms']:.2f} ms",
    ]
    for kind, stats in report["latency_by_kind"].items():
        if stats:
            lines.append(f"  {kind:<11} p50 {stats['p50_ms']:7.2f}  p99 {stats['p99_ms']:7.2f}  "
                         f"max {stats['max_ms']:7.2f} ms")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=10_000, help="number of cells (default 10000)")
    parser.add_argument("--every", type=int, default=1000, help="RSS checkpoint interval in cells")
    parser.add_argument("--timeout", type=float, default=60.0, help="per-cell timeout in seconds")
    parser.add_argument("--json", type=Path, help="write the JSON report here")
    parser.add_argument("--no-hostile", dest="hostile", action="store_false",
                        help="only the friendly mix (default: friendly and hostile cells, small limits)")
    parser.add_argument("--skip", action="append", default=[], metavar="KIND",
                        help="leave this kind out of the mix (repeatable; for control runs)")
    parser.add_argument("--kernel-arg", action="append", default=[], metavar="ARG",
                        help="extra kernel command-line argument, e.g. --MicroPythonKernel.history_size=50")
    args = parser.parse_args(argv)
    report = soak(args.cells, args.every, args.timeout, args.hostile, tuple(args.skip), tuple(args.kernel_arg))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    else:
        print(json.dumps(report, indent=2))
    print(_text(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
