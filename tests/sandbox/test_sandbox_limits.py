"""Every limit is enforced by the host, names itself, and rolls the run back.

Soft stops (wall clock, output cap) roll back only with ``rollback="always"``, used here; what they
keep by default is tested in test_sandbox_soft_stops.py."""

from __future__ import annotations

import threading
import time

import pytest
from interrupt_signal import InterruptWhenRunning

from mpwasm_kernel import Limits, Sandbox

MiB = 1 << 20
SWALLOWS_INTERRUPTS = (
    "changed = 1\nwhile True:\n    try:\n        while True:\n            pass\n"
    "    except BaseException:\n        pass"
)


@pytest.fixture()
def sb():
    with Sandbox(limits=Limits(wall_seconds=20, memory_bytes=64 * MiB)) as sandbox:
        sandbox.run("kept = 'before'")
        yield sandbox


@pytest.fixture()
def signalled():
    """Like `sb`; the guest's `running()` has another thread interrupt it (never before the run
    starts), and a guest that reaches its checks has a minute to stop softly however busy the machine."""
    signal = InterruptWhenRunning()
    with Sandbox(limits=Limits(wall_seconds=120, memory_bytes=64 * MiB), interrupt_grace=60,
                 functions=signal.functions) as sandbox:
        sandbox.run("kept = 'before'")
        signal.arm(sandbox)
        yield sandbox
        signal.disarm()


def assert_rolled_back(sb: Sandbox) -> None:
    assert sb.run("kept").value == "'before'"
    assert sb.run("'changed' in globals()").value == "False"
    assert sb.run("print('next run works')").stdout == "next run works\n"


def assert_limit_error(r, ename: str, limit_name: str) -> None:
    assert r.error is not None, r
    assert r.error.ename == ename
    assert limit_name in r.error.evalue
    assert "rolled back" in r.error.evalue
    assert r.rolled_back is True


def test_fuel(sb: Sandbox) -> None:
    sb.limits = Limits(fuel=50_000_000, wall_seconds=20, memory_bytes=64 * MiB)
    r = sb.run("changed = 1\nwhile True:\n    pass")
    assert_limit_error(r, "FuelExhausted", "fuel=50000000")
    assert r.fuel_used == 50_000_000
    assert_rolled_back(sb)


def test_fuel_used_is_reported_for_normal_runs(sb: Sandbox) -> None:
    small = sb.run("1").fuel_used
    big = sb.run("for i in range(20000):\n    pass").fuel_used
    assert 0 < small < big


def test_wall_clock_soft_stop(sb: Sandbox) -> None:
    sb.limits = Limits(wall_seconds=0.3, memory_bytes=64 * MiB, rollback="always")
    r = sb.run("changed = 0\nwhile True:\n    changed += 1")
    assert_limit_error(r, "TimeLimitExceeded", "wall_seconds=0.3")
    assert_rolled_back(sb)


def test_wall_clock_hard_stop_when_guest_swallows_interrupts(sb: Sandbox) -> None:
    sb.limits = Limits(wall_seconds=0.3, memory_bytes=64 * MiB)
    sb.interrupt_grace = 0.3
    src = SWALLOWS_INTERRUPTS
    r = sb.run(src)
    assert_limit_error(r, "TimeLimitExceeded", "wall_seconds=0.3")
    assert_rolled_back(sb)


def test_memory_error_for_one_huge_allocation_keeps_state(sb: Sandbox) -> None:
    r = sb.run("x = 1\nb = bytearray(200 * 1024 * 1024)")
    assert r.error is not None and r.error.ename == "MemoryError" and not r.rolled_back
    assert sb.run("x").value == "1"


def test_memory_livelock_is_stopped_quickly(sb: Sandbox) -> None:
    r = sb.run("changed = []\nwhile True:\n    changed.append([0] * 64)")
    # the detector stopped it (MemoryLimitExceeded below), not the 20 s wall clock (TimeLimitExceeded)
    assert sb.memory_size <= 64 * MiB
    if r.rolled_back:  # the allocator kept retrying inside C code: a hard stop
        assert_limit_error(r, "MemoryLimitExceeded", "memory_bytes=67108864")
        assert_rolled_back(sb)
    else:  # a soft stop at the guest's next check keeps what the cell did, as a time stop does
        assert r.error is not None and r.error.ename == "MemoryLimitExceeded"
        assert "memory_bytes=67108864" in r.error.evalue and "kept what it did" in r.error.evalue
        assert sb.run("len(changed) > 0").value == "True"


def test_bytearray_hoarding_hits_memory_limit(sb: Sandbox) -> None:
    r = sb.run("changed = []\nwhile True:\n    changed.append(bytearray(1024 * 1024))")
    assert r.error is not None
    assert r.error.ename in ("MemoryError", "MemoryLimitExceeded")
    assert sb.run("kept").value == "'before'"


def test_output_limit_keeps_output_up_to_cap(sb: Sandbox) -> None:
    sb.limits = Limits(output_bytes=10_000, wall_seconds=20, memory_bytes=64 * MiB, rollback="always")
    r = sb.run("changed = 1\nwhile True:\n    print('x' * 99)")
    assert_limit_error(r, "OutputLimitExceeded", "output_bytes=10000")
    assert len(r.stdout.encode()) == 10_000
    assert r.stdout.startswith("x" * 99 + "\n")
    assert_rolled_back(sb)


def test_recursion_is_a_guest_runtime_error(sb: Sandbox) -> None:
    r = sb.run("def down(n):\n    return down(n + 1)\ndown(0)")
    assert r.error is not None and r.error.ename == "RecursionError"  # CPython's name (cpython/exceptions.py)
    assert "recursion" in r.error.evalue and not r.rolled_back
    r = sb.run("l = []\nfor i in range(100000):\n    l = [l]\nrepr(l)")
    assert r.error is not None and r.error.ename == "RecursionError"
    assert sb.run("kept").value == "'before'"


def test_interrupt_from_thread_keeps_state(signalled: Sandbox) -> None:
    sb = signalled
    r = sb.run("n = 0\nwhile True:\n    n += 1\n    if n == 1:\n        running()")
    assert r.error is not None and r.error.ename == "KeyboardInterrupt"
    assert not r.rolled_back
    assert sb.run("n > 0").value == "True"


def test_interrupt_escalates_to_hard_stop(signalled: Sandbox) -> None:
    sb = signalled
    sb.interrupt_grace = 0.3  # the guest swallows the interrupt: the grace ends however long it is
    # the interrupt lands inside the `try` (after `running()`), where it is swallowed
    r = sb.run("changed = 1\nwhile True:\n    try:\n        running()\n        while True:\n            pass\n"
               "    except BaseException:\n        pass")
    assert r.error is not None and r.error.ename == "KeyboardInterrupt"
    assert r.rolled_back and "rolled back" in r.error.evalue
    assert_rolled_back(sb)


def test_interrupt_when_idle_is_a_no_op(sb: Sandbox) -> None:
    sb.interrupt()
    sb.interrupt()
    r = sb.run("for i in range(1000):\n    pass\n'fine'")
    assert r.error is None and r.value == "'fine'"


def test_interrupt_storm_during_a_cell(sb: Sandbox) -> None:
    stop = threading.Event()

    def storm() -> None:
        while not stop.is_set():
            sb.interrupt()
            time.sleep(0.001)

    thread = threading.Thread(target=storm)
    thread.start()
    try:
        r = sb.run("while True:\n    pass")
    finally:
        stop.set()
        thread.join()
    assert r.error is not None and r.error.ename == "KeyboardInterrupt"
    assert sb.run("kept").value == "'before'"


def test_reset_gives_a_pristine_interpreter(sb: Sandbox) -> None:
    sb.run("import json\nsecret = 1\nwith open('/tmp/f.txt', 'w') as f:\n    f.write('x')")
    sb.reset()
    assert sb.run("secret").error.ename == "NameError"
    assert sb.run("import os\n'f.txt' in os.listdir('/tmp')").value == "False"
    assert sb.run("6 * 7").value == "42"


def test_memory_corruption_through_uctypes_is_rolled_back(sb: Sandbox) -> None:
    # uctypes is sealed for user code (issue 25.2); the host puts it back to play a raw-memory bug
    from tests.adversarial.hostile_support import unseal

    unseal(sb)
    r = sb.run("changed = 1\nimport uctypes\nm = uctypes.bytearray_at(0, 4 * 1024 * 1024)\n"
               "for i in range(len(m)):\n    m[i] = 0xff")
    assert r.error is not None and r.rolled_back
    assert r.error.ename in ("SandboxFault", "FuelExhausted", "TimeLimitExceeded")
    assert_rolled_back(sb)


def test_limits_lowered_only() -> None:
    base = Limits()
    assert base.lowered(fuel=10).fuel == 10
    with pytest.raises(ValueError, match="cannot be raised"):
        base.lowered(wall_seconds=base.wall_seconds + 1)
    with pytest.raises(ValueError, match="unknown limit"):
        base.lowered(cpu=1)
    with pytest.raises(ValueError):
        Limits(fuel=0)


def test_sleep_is_interrupted_softly_with_state_kept() -> None:
    """The interrupt comes 0.2 s after the guest says it runs (so it lands in the sleep, or on a
    busy machine just before it); a minute's grace: the soft stop stays soft however busy."""
    signal = InterruptWhenRunning(delay=0.2)
    with Sandbox(Limits(wall_seconds=120, memory_bytes=64 * MiB), interrupt_grace=60,
                 functions=signal.functions) as sb:
        signal.arm(sb)
        r = sb.run("import time\nslept = 'started'\nrunning()\ntime.sleep(1000)")
        assert r.error is not None and r.error.ename == "KeyboardInterrupt"
        assert not r.rolled_back  # a soft stop: the sleep ended, no escalation to a hard stop
        assert sb.run("slept").value == "'started'"


def test_sleep_past_the_wall_clock_is_a_time_limit(sb: Sandbox) -> None:
    sb.limits = Limits(wall_seconds=0.3, memory_bytes=64 * MiB, rollback="always")
    r = sb.run("import time\nchanged = 1\ntime.sleep(60)")
    assert_limit_error(r, "TimeLimitExceeded", "wall_seconds=0.3")
    assert_rolled_back(sb)


def test_short_sleeps_still_measure_time(sb: Sandbox) -> None:
    r = sb.run("import time\nt = time.ticks_ms()\ntime.sleep_ms(30)\ntime.ticks_diff(time.ticks_ms(), t)")
    assert r.error is None and 30 <= int(r.value) < 10_000


def test_lowered_memory_limit_is_enforced(sb: Sandbox) -> None:
    sb.limits = Limits(wall_seconds=20, memory_bytes=40 * MiB)
    r = sb.run("hoard = []\nwhile True:\n    hoard.append(bytearray(256 * 1024))")
    assert r.error is not None and r.error.ename in ("MemoryError", "MemoryLimitExceeded")
    assert sb.memory_size <= 40 * MiB


def test_first_large_allocation_in_a_fresh_sandbox() -> None:
    with Sandbox() as fresh:
        r = fresh.run("flags = [True] * 10**6\nbuf = bytearray(4 * 1024 * 1024)\nlen(flags) + len(buf)")
        assert r.error is None, r.error
        assert r.value == str(10**6 + 4 * 1024 * 1024)
