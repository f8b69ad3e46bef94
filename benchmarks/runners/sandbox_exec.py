"""Time a workload in this project's ``Sandbox`` (MicroPython 1.29, Emscripten build, wasmtime).

Usage: ``python sandbox_exec.py <workload.py> <reps> <variant> [fuel-off]``. One sandbox with
generous limits is created (not timed) and warmed up with one trivial run; each repetition is the
wall time of ``sb.run(source)`` (and its CPU time, ``time.process_time()``, in ``cpu_seconds``).
Before each repetition ``sb.reset()`` (not timed) gives a pristine interpreter: a fresh namespace and
no imported modules, so every repetition pays the program's imports (``cpython_exec.py``'s
``fresh-modules`` does the same for CPython). ``fuel_used`` lists the fuel of every repetition.
Fuel is metered as with the default limits (only the amount is raised); with
``fuel-off`` the sandbox is made with ``fuel=None`` (no fuel metering, wall clock only).
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from protocol import emit, short_reason  # noqa: E402

GENEROUS = {
    "fuel": 10**14,
    "wall_seconds": 300.0,
    "memory_bytes": 1024 * 1024 * 1024,
    "output_bytes": 16 * 1024 * 1024,
    "disk_bytes": 64 * 1024 * 1024,
}


def generous_limits(limits_cls: type, fuel: bool = True) -> object:
    """Default ``Limits`` with every field named in ``GENEROUS`` raised to a generous value.

    ``fuel=False``: ``fuel=None`` (metering off)."""
    values = dict(GENEROUS, fuel=GENEROUS["fuel"] if fuel else None)
    try:
        base = limits_cls()
    except TypeError:  # no defaults: every field must be given
        return limits_cls(**values)
    fields = {f.name for f in dataclasses.fields(base)}
    return dataclasses.replace(base, **{k: v for k, v in values.items() if k in fields})


def main(argv: list[str]) -> None:
    """Run the workload ``reps`` times and emit the timings."""
    path, reps, variant = Path(argv[1]), int(argv[2]), argv[3]
    fuel = "fuel-off" not in argv[4:]
    source = path.read_text(encoding="utf-8")
    try:
        from mpwasm_kernel import Limits, Sandbox
    except ImportError as exc:
        emit("failed", [], "", f"mpwasm_kernel.Sandbox not importable: {exc}")
        return
    t0 = time.perf_counter()
    try:
        sb = Sandbox(generous_limits(Limits, fuel), variant=variant)
        sb.run("pass")
    except Exception as exc:  # noqa: BLE001 - report any failure to create the sandbox
        emit("failed", [], "", short_reason(f"sandbox creation: {type(exc).__name__}: {exc}"))
        return
    create_seconds = time.perf_counter() - t0
    times: list[float] = []
    cpu: list[float] = []
    guest_seconds: list[float] = []
    fuel: list[int] = []
    out = ""
    try:
        for _ in range(reps):
            sb.reset()  # every repetition from the same pristine state, the first one too
            c0, t0 = time.process_time(), time.perf_counter()
            result = sb.run(source, filename=path.name)
            elapsed, cpu_elapsed = time.perf_counter() - t0, time.process_time() - c0
            if result.error is not None:
                err = result.error
                text = f"{getattr(err, 'ename', type(err).__name__)}: {getattr(err, 'evalue', err)}"
                emit("failed", times, result.stdout, short_reason(text), rolled_back=result.rolled_back)
                return
            times.append(elapsed)
            cpu.append(cpu_elapsed)
            guest_seconds.append(result.seconds)
            fuel.append(result.fuel_used)
            out = result.stdout
    except Exception as exc:  # noqa: BLE001 - a host-side failure is a result too
        emit("failed", times, out, short_reason(f"{type(exc).__name__}: {exc}"))
        return
    finally:
        try:
            sb.close()
        except Exception:  # noqa: BLE001
            pass
    emit("ok", times, out, variant=variant, fuel=fuel, create_seconds=round(create_seconds, 4),
         result_seconds=guest_seconds, fuel_used=fuel, cpu_seconds=cpu)


if __name__ == "__main__":
    main(sys.argv)
