"""Interrupt storms, rapid resets and rapid sandbox turnover.

`interrupt()` may be called from any thread at any time: during a run it stops the run (soft, then
hard after the grace), while idle it is a no-op that must not leak into the next run. `reset()` and
create/close cycles must not leak host memory.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from hostile_support import Hostile, rss

from mpwasm_kernel import Limits, Sandbox

SANDBOX_LIMITS = {"wall_seconds": 2.0}
SWALLOW = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"


def _storm(action: Callable[[], None], period: float = 0.0005) -> Iterator[None]:
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            action()
            time.sleep(period)

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        yield
    finally:
        stop.set()
        for t in threads:
            t.join(5)


@pytest.mark.parametrize("source", ["while True:\n    pass", SWALLOW, "import time\ntime.sleep(100)",
                                    "while True:\n    print('x', end='')"],
                         ids=["loop", "swallowing_loop", "sleep", "printing"])
def test_interrupt_storm_during_a_run(hostile: Hostile, source: str) -> None:
    """Three threads hammering interrupt() stop the run quickly (KeyboardInterrupt or a limit)."""
    storm = _storm(hostile.sb.interrupt)
    next(storm)
    try:
        r, elapsed = hostile.run("changed = 1\n" + source)
    finally:
        next(storm, None)
    assert r.error is not None
    assert r.error.ename in ("KeyboardInterrupt", "TimeLimitExceeded", "OutputLimitExceeded")
    assert elapsed < hostile.bound
    hostile.assert_alive()


def test_interrupt_storm_while_idle_does_not_leak_into_the_next_run(hostile: Hostile) -> None:
    """Thousands of interrupts while no run is active leave no pending KeyboardInterrupt behind."""
    storm = _storm(hostile.sb.interrupt)
    next(storm)
    time.sleep(0.3)
    next(storm, None)
    r, _ = hostile.run("s = 0\nfor i in range(200000):\n    s += i\ns")
    assert r.error is None and r.value == str(sum(range(200000)))


def test_interrupts_racing_short_runs(hostile: Hostile) -> None:
    """Interrupts arriving around the start and end of many short runs: each run ends normally or
    with KeyboardInterrupt, never a host exception; afterwards runs are clean.

    The assertions rest on what the guest state proves, not on how many runs escaped the storm:
    a run that ended normally executed `count += 1`, and an interrupted one keeps what it did
    (a soft stop keeps state), so `count` lies between the number of clean runs and the number
    of runs, whatever the scheduler did.
    """
    hostile.run("count = 0")
    storm = _storm(hostile.sb.interrupt, period=0.0002)
    next(storm)
    clean = 0
    try:
        outcomes = set()
        for _ in range(200):
            r = hostile.sb.run("count += 1\nfor i in range(100):\n    pass")
            outcomes.add(r.error.ename if r.error else None)
            clean += r.error is None
    finally:
        next(storm, None)
    assert outcomes <= {None, "KeyboardInterrupt"}, outcomes
    r, _ = hostile.run("count")
    assert r.error is None and clean <= int(r.value) <= 200, (clean, r.value)
    for _ in range(20):
        assert hostile.run("1 + 1")[0].value == "2"


@pytest.mark.parametrize("point", ["before_run", "at_start", "at_end"])
def test_interrupt_at_explicit_race_points(hostile: Hostile, point: str) -> None:
    """The race points driven one by one: an interrupt while idle just before a run, one raised
    from the output callback at the first statement, one at the last statement. None causes a
    host exception, the interrupted run either finished or raised KeyboardInterrupt, and no
    pending interrupt reaches the next run."""
    sb = hostile.sb
    fire = {"armed": False}

    def on_output(stream: str, text: str) -> None:
        hostile.captured.streams.append((stream, text))
        if fire["armed"] and text.startswith("@"):
            fire["armed"] = False
            sb.interrupt()

    saved = sb.on_output
    sb.on_output = on_output
    try:
        hostile.run("steps = []")
        if point == "before_run":
            sb.interrupt()
            source = "steps.append(1)\nsteps.append(2)"
        elif point == "at_start":
            source = "print('@start')\nsteps.append(1)\nfor i in range(10):\n    steps.append(2)"
        else:
            source = "steps.append(1)\nsteps.append(2)\nprint('@end')"
        fire["armed"] = point != "before_run"
        for _ in range(5):
            hostile.run("steps.clear()")
            r, _ = hostile.run(source)
            state, _ = hostile.run("steps[:2]")
            assert state.error is None
            if r.error is None:
                assert state.value == "[1, 2]"  # a run reported clean did all its work
            else:
                assert r.error.ename == "KeyboardInterrupt", r.error
                assert point != "before_run", "an idle interrupt leaked into the next run"
                assert not r.rolled_back
            fire["armed"] = point != "before_run"
            if point == "before_run":
                sb.interrupt()
        fire["armed"] = False
        for _ in range(5):
            r, _ = hostile.run("n = 0\nfor i in range(1000):\n    n += 1\nn")
            assert r.error is None and r.value == "1000"
    finally:
        sb.on_output = saved


def test_interrupt_during_input_wait(hostile: Hostile) -> None:
    """An interrupt while the guest waits for input() (the watchdog is paused) ends the run when the
    reply arrives, without a host error."""
    def slow_input(prompt: str, password: bool) -> str:
        threading.Timer(0.05, sb.interrupt).start()
        time.sleep(0.4)
        return "late"

    with Sandbox(Limits(wall_seconds=2), on_input=slow_input, interrupt_grace=0.2) as sb:
        start = time.monotonic()
        r = sb.run("x = input('? ')\nwhile True:\n    pass")
        assert time.monotonic() - start < 2 + 10
        assert r.error is not None and r.error.ename in ("KeyboardInterrupt", "TimeLimitExceeded")
        assert sb.run("1 + 1").value == "2"


def test_rapid_resets(hostile: Hostile) -> None:
    """A hundred reset()s in a row, interleaved with runs and with attacks, leave a working sandbox
    and bounded host memory."""
    before = rss()
    for i in range(100):
        hostile.sb.reset()
        if i % 10 == 0:
            hostile.sb.run("junk = [bytearray(4096) for _ in range(2000)]")
    assert rss() - before < 100 << 20
    assert hostile.run("'junk' in globals(), 6 * 7")[0].value == "(False, 42)"


def test_reset_after_stop_and_during_interrupt_storm(hostile: Hostile) -> None:
    """Resets right after hard stops, with an interrupt storm going on, still give a clean interpreter."""
    storm = _storm(hostile.sb.interrupt)
    next(storm)
    try:
        for _ in range(3):
            hostile.sb.run(SWALLOW)
            hostile.sb.reset()
    finally:
        next(storm, None)
    assert hostile.run("6 * 7")[0].value == "42"


def test_sandbox_turnover_releases_memory() -> None:
    """Creating, using and closing sandboxes repeatedly does not grow the host's RSS: a closed
    sandbox releases its linear memory and snapshots (each run below touches ~10 MiB of guest memory)."""
    def cycle() -> None:
        with Sandbox(Limits(wall_seconds=60)) as sb:
            r = sb.run("l = [bytearray(60000) for _ in range(150)]\nlen(l)")
            assert r.value == "150", r.error

    cycle()
    before = rss()
    for _ in range(8):
        cycle()
    grown = rss() - before
    assert grown < 40 << 20, f"host RSS grew by {grown >> 20} MiB over 8 sandboxes"
