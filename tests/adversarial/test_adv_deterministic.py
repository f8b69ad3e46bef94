"""Deterministic mode shows no real clock (issue 25, item 10).

`deterministic=True` fixes `time.time()` and the random seed. `ticks_ms`/`ticks_us` were the host's
monotonic clock (two identical runs printed 117 and 686; a warm worker showed how long earlier
notebooks took), jumped by 2**30 after a soft stop, and files in mounts showed their real mtimes.
"""

from __future__ import annotations

from pathlib import Path

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.sandbox import FIXED_TIME_MS

CLOCKS = ("import time\nt0, u0 = time.ticks_ms(), time.ticks_us()\nx = sum(range(20000))\ntime.sleep_ms(20)\n"
          "print(t0, u0, time.ticks_diff(time.ticks_ms(), t0), time.ticks_ms(), time.ticks_us())")


def _clocks(sb: Sandbox) -> str:
    r = sb.run(CLOCKS)
    assert r.error is None, r.error
    return r.stdout


def test_ticks_are_the_same_in_identical_runs() -> None:
    with Sandbox(deterministic=True) as a:
        first = _clocks(a)
        a.run("y = [i * i for i in range(50000)]")  # busy earlier work in a warm sandbox
        a.reset()
        after_reset = _clocks(a)
    with Sandbox(deterministic=True) as b:
        second = _clocks(b)
    assert first == second == after_reset
    elapsed = int(first.split()[2])
    assert elapsed >= 20  # sleep_ms still waits on the virtual clock


def test_no_jump_after_a_soft_stop() -> None:
    with Sandbox(Limits(wall_seconds=30), deterministic=True) as sb:
        before = int(sb.run("import time\ntime.ticks_ms()").value)
        sb.limits = Limits(wall_seconds=0.5)  # only the run that must stop gets the short clock
        stopped = sb.run("time.sleep(1000)")
        sb.limits = Limits(wall_seconds=30)
        assert stopped.error is not None and stopped.error.ename == "TimeLimitExceeded"
        after = int(sb.run("time.ticks_ms()").value)
        assert 0 <= after - before < 1 << 20, (before, after)


def test_mounted_files_show_the_fixed_time(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("x")
    with Sandbox(mounts={"/data": str(tmp_path)}, deterministic=True) as sb:
        r = sb.run("import os\nos.stat('/data/data.txt')[8], os.stat('/data')[8]")
        assert r.value == f"({int(FIXED_TIME_MS / 1000)}, {int(FIXED_TIME_MS / 1000)})", r
