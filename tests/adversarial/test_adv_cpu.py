"""CPU exhaustion: every way of spinning or sleeping ends at the wall clock or the fuel limit.

The wall-clock sandbox has practically unlimited fuel, so the watchdog (soft KeyboardInterrupt,
then the epoch hard stop) must do the work; the fuel sandbox has a generous wall clock, so fuel
must. A hard stop rolls the run back; a soft stop (the guest stopped at the KeyboardInterrupt)
keeps what the cell did before it and says so. Either way the state from before survives.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hostile_support import Canary, Captured, Hostile

from mpwasm_kernel import Limits, Sandbox

SANDBOX_LIMITS = {"wall_seconds": 1.0, "fuel": 10**15}
LIMIT_STOPS = ("TimeLimitExceeded", "FuelExhausted", "MemoryLimitExceeded")

SPINS = {
    "tight_loop": "while True:\n    pass",
    "loop_swallows_base_exception": (
        "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass"),
    "finally_continue": "while True:\n    try:\n        pass\n    finally:\n        continue",
    "sleep_forever": "import time\ntime.sleep(10**9)",
    "sleep_swallowing_interrupts": (
        "import time\nwhile True:\n    try:\n        time.sleep(100)\n    except BaseException:\n        pass"),
    "sleep_ms_loop": "import time\nwhile True:\n    time.sleep_ms(1)",
    "builtin_loop_in_c": "import itertools\nany(itertools.cycle([0]))",
    "builtin_max_of_count": "import itertools\nmax(itertools.count())",
    "generator_forever": "def g():\n    while True:\n        yield 1\nfor _ in g():\n    pass",
    "handler_reraises_into_loop": (
        "def spin():\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n"
        "        spin()\nspin()"),
    "del_swallows_in_finally": (
        "while True:\n    try:\n        while True:\n            pass\n    finally:\n        while True:\n"
        "            pass"),
}


@pytest.mark.parametrize("source", SPINS.values(), ids=SPINS.keys())
def test_spinning_is_stopped_by_the_wall_clock(hostile: Hostile, source: str) -> None:
    """Runaway cells end with a limit error, even if they catch BaseException: rolled back (hard
    stop) or stopped where the soft stop landed with the earlier work kept (and the error says so)."""
    hostile.sb.run("globals().pop('changed', None)")
    r = hostile.attack("changed = 1\n" + source, LIMIT_STOPS + ("RuntimeError",))
    if r.error.ename in LIMIT_STOPS:
        assert r.rolled_back or "kept what it did before the stop" in r.error.evalue
    assert hostile.sb.run("'changed' in globals()").value == ("False" if r.rolled_back else "True")


@pytest.fixture(scope="module")
def fuel_sandbox(captured: Captured) -> Iterator[Sandbox]:
    with Sandbox(Limits(fuel=300_000_000, wall_seconds=30, memory_bytes=48 << 20, output_bytes=65536),
                 interrupt_grace=0.5) as sb:
        yield sb


@pytest.mark.parametrize("source", [SPINS["tight_loop"], SPINS["loop_swallows_base_exception"],
                                    SPINS["builtin_loop_in_c"], "x = 10 ** (10 ** 7)"],
                         ids=["tight_loop", "swallows", "builtin_loop_in_c", "bigint_power"])
def test_fuel_stops_compute_before_the_wall_clock(fuel_sandbox: Sandbox, canary: Canary,
                                                  captured: Captured, source: str) -> None:
    """With a small fuel budget the same cells end as FuelExhausted (not TimeLimitExceeded: the fuel
    limit, not the 30 s wall clock, stopped them)."""
    hostile = Hostile(fuel_sandbox, canary, captured)
    r = hostile.attack("changed = 1\n" + source, "FuelExhausted")
    assert r.rolled_back and r.fuel_used == 300_000_000


def test_repeated_runaways_do_not_degrade(hostile: Hostile) -> None:
    """Three runaway cells in a row each stop at the limit (within `Hostile.bound`, as every attack);
    the interpreter keeps its state."""
    for _ in range(3):
        r, _ = hostile.run(SPINS["loop_swallows_base_exception"])
        assert r.error is not None and r.error.ename in LIMIT_STOPS
    hostile.assert_alive()
