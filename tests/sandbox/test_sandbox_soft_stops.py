"""What a limit keeps: soft stops keep the state before the stop, hard stops roll the run back.

A soft stop (wall clock's first stage, interrupt, output cap) is a KeyboardInterrupt raised at the
guest's next check; a hard stop (fuel, the wall clock's second stage, output written after the
stop, memory livelock) traps and restores the pre-run snapshot. ``rollback="always"`` rolls back
both kinds.

Whether a soft stop stays soft depends on the guest reaching its next check within the interrupt
grace; the sandboxes here give it `PATIENCE` seconds (a busy machine can delay a thread by more
than the usual grace), except the test of a guest that ignores the stop. Interrupts are sent once
the guest says it runs (a host function), never after a fixed delay that may end before the run starts.
"""

from __future__ import annotations

import pytest
from interrupt_signal import InterruptWhenRunning

from mpwasm_kernel import Limits, Sandbox

MiB = 1 << 20
KEPT = "kept what it did before the stop"
PATIENCE = 60.0  # the interrupt grace: seconds a guest that reaches its checks may take to stop


@pytest.fixture()
def sb():
    """A sandbox whose guest can call `running()`: another thread then interrupts it."""
    signal = InterruptWhenRunning()
    with Sandbox(limits=Limits(wall_seconds=0.5, output_bytes=10_000, memory_bytes=64 * MiB),
                 interrupt_grace=PATIENCE, functions=signal.functions) as sandbox:
        signal.arm(sandbox)
        yield sandbox
        signal.disarm()


def _names(sb: Sandbox, *names: str) -> list[bool]:
    value = sb.run(f"[n in globals() for n in {list(names)!r}]").value
    return [part.strip() == "True" for part in value.strip("[]").split(",")]


def test_wall_clock_keeps_definitions_made_before_the_stop(sb: Sandbox) -> None:
    r = sb.run("def answer():\n    return 42\nstep = 1\nwhile True:\n    step += 1")
    assert r.error is not None and r.error.ename == "TimeLimitExceeded" and not r.rolled_back
    assert "wall_seconds=0.5" in r.error.evalue and KEPT in r.error.evalue
    assert any(line.startswith('  File "<cell>", line ') for line in r.error.traceback)  # where it stopped
    assert sb.run("answer(), step > 1").value == "(42, True)"


def test_output_cap_keeps_definitions_and_the_output_up_to_the_cap(sb: Sandbox) -> None:
    r = sb.run("def helper():\n    return 'ok'\nwhile True:\n    print('x' * 99)")
    assert r.error is not None and r.error.ename == "OutputLimitExceeded" and not r.rolled_back
    assert "output_bytes=10000" in r.error.evalue and KEPT in r.error.evalue
    assert len(r.stdout.encode()) == 10_000
    assert sb.run("helper()").value == "'ok'"


def test_display_flood_is_a_soft_output_stop(sb: Sandbox) -> None:
    r = sb.run("from IPython.display import display\nbefore = 1\n"
               "while True:\n    display({'text/plain': 'd' * 100}, raw=True)")
    assert r.error is not None and r.error.ename == "OutputLimitExceeded" and not r.rolled_back
    assert _names(sb, "before") == [True]


def test_writing_on_after_the_output_stop_is_a_hard_stop(sb: Sandbox) -> None:
    r = sb.run("swallowed = 1\nwhile True:\n    try:\n        while True:\n            print('s' * 50)\n"
               "    except BaseException:\n        pass")
    assert r.error is not None and r.error.ename == "OutputLimitExceeded" and r.rolled_back
    assert "rolled back" in r.error.evalue and len(r.stdout.encode()) <= 10_000
    assert _names(sb, "swallowed") == [False]


def test_ignoring_the_wall_clock_stop_is_a_hard_stop(sb: Sandbox) -> None:
    sb.interrupt_grace = 0.5  # the guest swallows every KeyboardInterrupt: the grace ends however long
    r = sb.run("swallowed = 1\nwhile True:\n    try:\n        while True:\n            pass\n"
               "    except BaseException:\n        pass")
    assert r.error is not None and r.error.ename == "TimeLimitExceeded" and r.rolled_back
    assert _names(sb, "swallowed") == [False]


def test_fuel_is_a_hard_stop(sb: Sandbox) -> None:
    sb.limits = Limits(fuel=30_000_000, wall_seconds=20, memory_bytes=64 * MiB)
    r = sb.run("defined = 1\nwhile True:\n    pass")
    assert r.error is not None and r.error.ename == "FuelExhausted" and r.rolled_back
    assert _names(sb, "defined") == [False]


def test_interrupt_keeps_state(sb: Sandbox) -> None:
    sb.limits = Limits(wall_seconds=20, memory_bytes=64 * MiB)
    r = sb.run("started = 1\nrunning()\nwhile True:\n    pass")
    assert r.error is not None and r.error.ename == "KeyboardInterrupt" and not r.rolled_back
    assert _names(sb, "started") == [True]


@pytest.mark.parametrize("source", [
    "while True:\n    pass",
    "while True:\n    print('x' * 99)",
    "import time\ntime.sleep(60)",
])
def test_rollback_always_undoes_soft_stops(sb: Sandbox, source: str) -> None:
    sb.limits = Limits(wall_seconds=0.5, output_bytes=10_000, memory_bytes=64 * MiB, rollback="always")
    r = sb.run("transactional = 1\n" + source)
    assert r.error is not None and r.rolled_back and "rollback='always'" in r.error.evalue
    assert _names(sb, "transactional") == [False]


def test_rollback_always_undoes_an_interrupt(sb: Sandbox) -> None:
    sb.limits = Limits(wall_seconds=20, memory_bytes=64 * MiB, rollback="always")
    r = sb.run("started = 1\nrunning()\nwhile True:\n    pass")
    assert r.error is not None and r.error.ename == "KeyboardInterrupt" and r.rolled_back
    assert _names(sb, "started") == [False]


def test_rollback_option_is_validated_and_kept_by_lowered() -> None:
    with pytest.raises(ValueError, match="rollback"):
        Limits(rollback="sometimes")
    assert Limits(rollback="always").lowered(fuel=10).rollback == "always"
    assert Limits().lowered(rollback="always").rollback == "always"


def test_default_wall_clock_fires_before_the_usual_30_s_cell_timeouts() -> None:
    """nbgrader's and nbclient's usual per-cell timeout is 30 s: soft stop plus grace come first."""
    assert Limits().wall_seconds + 1.0 < 30
