"""Class 8 of the outside review: administrator values are validated, the watchdog never dies.

Non-finite or unrepresentable limits are rejected with a message naming the limit; waits are
clamped below `threading.TIMEOUT_MAX`; an exception inside the watchdog's loop does not end the
thread, so interrupts keep escalating to the hard stop.
"""

from __future__ import annotations

import threading
import time

import pytest

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.runner.limit_text import parse_limit_value
from mpwasm_kernel.sandbox.wasm.interrupt import Watchdog

SWALLOW = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"


@pytest.mark.parametrize("changes", [{"wall_seconds": float("inf")}, {"wall_seconds": float("nan")},
                                     {"wall_seconds": 1e10}, {"fuel": 2 ** 70}, {"memory_bytes": 1 << 40},
                                     {"output_bytes": float("inf")}, {"disk_bytes": float("nan")}],
                         ids=["inf", "nan", "wall_1e10", "fuel_2_70", "memory_1TiB", "output_inf", "disk_nan"])
def test_unrepresentable_limits_are_rejected(changes: dict) -> None:
    name = next(iter(changes))
    with pytest.raises(ValueError, match=name):
        Limits(**changes)


@pytest.mark.parametrize("name,text", [("wall_seconds", "1e400"), ("fuel", "1e400"), ("memory_bytes", "1e400G")])
def test_configuration_text_must_be_finite(name: str, text: str) -> None:
    with pytest.raises(ValueError, match="not finite"):
        parse_limit_value(name, text)


@pytest.mark.parametrize("grace", [float("inf"), float("nan"), -1.0])
def test_interrupt_grace_is_validated(grace: float) -> None:
    with pytest.raises(ValueError, match="interrupt_grace"):
        Sandbox(interrupt_grace=grace)


@pytest.mark.timeout(60)
def test_watchdog_with_a_huge_wall_clock_still_escalates() -> None:
    """A run armed with a wall clock beyond `threading.TIMEOUT_MAX` (the watchdog used to die of
    OverflowError here): an interrupt still reaches the hard stop after the grace."""
    hard = threading.Event()
    dog = Watchdog(lambda: None, hard.set)
    try:
        dog.start_run(1e12, 0.1)
        time.sleep(0.05)  # let the watchdog reach its (clamped) wait
        assert dog.interrupt(0.1)
        assert hard.wait(20), "the interrupt never escalated to the hard stop"
    finally:
        dog.end_run()
        dog.close()


@pytest.mark.timeout(60)
def test_watchdog_survives_a_failing_callback() -> None:
    """A soft stop that raises does not end the watchdog: the hard stop still comes, and the next
    run still has a wall clock."""
    hard = threading.Event()

    def broken_soft_stop() -> None:
        raise OSError("cannot write the interrupt words")

    dog = Watchdog(broken_soft_stop, hard.set)
    try:
        dog.start_run(0.05, 0.05)
        assert hard.wait(20)
        dog.end_run()
        hard.clear()
        dog.start_run(0.05, 0.05)
        assert hard.wait(20), "the watchdog thread died"
    finally:
        dog.end_run()
        dog.close()


@pytest.mark.timeout(120)
def test_long_admin_wall_clock_and_a_swallowing_loop() -> None:
    """The largest accepted wall clock with a loop that swallows KeyboardInterrupt: the user's
    interrupt ends it with the hard stop after the grace, and the sandbox keeps working."""
    with Sandbox(Limits(wall_seconds=365 * 24 * 3600.0),
                 interrupt_grace=0.3) as sb:
        timer = threading.Timer(0.3, sb.interrupt)
        timer.start()
        r = sb.run(SWALLOW)
        timer.join()
        assert r.error is not None and r.error.ename == "KeyboardInterrupt" and r.rolled_back
        assert sb.run("1 + 1").value == "2"
