"""Time a workload in CPython: ``exec`` of the whole source, interpreter start-up excluded.

Usage: ``python cpython_exec.py <workload.py> <reps> [no-numpy] [fresh-modules]``; ``no-numpy``
makes ``import numpy`` fail so the array workload takes its plain-list path. Each repetition
compiles and executes the source in a fresh ``__main__``-like namespace with stdout captured; the
time covers compile + exec (imports inside the workload included, so the first repetition may pay
for them). With ``fresh-modules`` every repetition starts with the ``sys.modules`` the first one
started with (the modules a repetition imported are dropped after it), so each repetition imports
them again, as each repetition in a reset ``Sandbox`` does (``sandbox_exec.py``); the bytecode
caches on disk stay, as the sandbox's precompiled guest library does. Besides the wall ``times``
the info has ``cpu_seconds``, ``time.process_time()`` per repetition.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from protocol import emit, short_reason  # noqa: E402


def main(argv: list[str]) -> None:
    """Run the workload ``reps`` times and emit the timings."""
    path, reps = Path(argv[1]), int(argv[2])
    if "no-numpy" in argv[3:]:
        sys.modules["numpy"] = None  # type: ignore[assignment] - makes ``import numpy`` raise ImportError
    fresh_modules = "fresh-modules" in argv[3:]
    source = path.read_text(encoding="utf-8")
    modules_before = dict(sys.modules)
    times: list[float] = []
    cpu: list[float] = []
    out = ""
    for _ in range(reps):
        buf = io.StringIO()
        namespace = {"__name__": "__main__"}
        try:
            with contextlib.redirect_stdout(buf):
                c0, t0 = time.process_time(), time.perf_counter()
                exec(compile(source, str(path), "exec"), namespace)
                elapsed, cpu_elapsed = time.perf_counter() - t0, time.process_time() - c0
        except BaseException as exc:  # noqa: BLE001 - report any failure of the workload
            emit("failed", times, out, short_reason(f"{type(exc).__name__}: {exc}"))
            return
        times.append(elapsed)
        cpu.append(cpu_elapsed)
        out = buf.getvalue()
        del namespace
        if fresh_modules:
            _restore_modules(modules_before)
    emit("ok", times, out, implementation=sys.implementation.name, version=sys.version.split()[0],
         cpu_seconds=cpu, fresh_modules=fresh_modules)


def _restore_modules(before: dict) -> None:
    """Make ``sys.modules`` hold exactly the entries of ``before`` again."""
    for name in [n for n in sys.modules if n not in before]:
        del sys.modules[name]
    sys.modules.update(before)


if __name__ == "__main__":
    main(sys.argv)
