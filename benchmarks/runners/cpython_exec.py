"""Time a workload in CPython: ``exec`` of the whole source, interpreter start-up excluded.

Usage: ``python cpython_exec.py <workload.py> <reps> [no-numpy]``; ``no-numpy`` makes
``import numpy`` fail so the array workload takes its plain-list path. Each repetition compiles and executes the
source in a fresh ``__main__``-like namespace with stdout captured; the time covers compile +
exec (imports inside the workload included, so the first repetition may pay for them).
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
    source = path.read_text(encoding="utf-8")
    times: list[float] = []
    out = ""
    for _ in range(reps):
        buf = io.StringIO()
        namespace = {"__name__": "__main__"}
        try:
            with contextlib.redirect_stdout(buf):
                t0 = time.perf_counter()
                exec(compile(source, str(path), "exec"), namespace)
                elapsed = time.perf_counter() - t0
        except BaseException as exc:  # noqa: BLE001 - report any failure of the workload
            emit("failed", times, out, short_reason(f"{type(exc).__name__}: {exc}"))
            return
        times.append(elapsed)
        out = buf.getvalue()
    emit("ok", times, out, implementation=sys.implementation.name, version=sys.version.split()[0])


if __name__ == "__main__":
    main(sys.argv)
