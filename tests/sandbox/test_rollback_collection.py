"""A collection that is due when a cell is rolled back does not stop every later run.

A collection costs fuel in proportion to the live heap, and the run whose allocation makes it due
pays for it. With a large live heap and a small fuel limit that run is stopped and rolled back, and
the restored state has the same collection due: every later run, however small, used to pay for it
and be stopped again (`FuelExhausted` on `print(len(keep))`, forever). After a rollback the host now
collects once itself, outside any run's budget.

The fuel limit leaves room for what a small run costs beside a 100 MB live heap even so: with the
heap full, the run's own allocations make a top-level collection due at its end (40-105 M fuel
here, measured; docs/speed.md), a separate cost that this test does not cover.
"""

from __future__ import annotations

from mpwasm_kernel import Limits, Sandbox


def test_small_runs_after_a_rolled_back_cell_are_not_stopped() -> None:
    with Sandbox(Limits(fuel=10**11, wall_seconds=300)) as sb:
        assert sb.run("keep = [[0] * 64 for i in range(100_000)]").error is None
        sb.limits = Limits(fuel=4 * 10**8, wall_seconds=300)
        heavy = sb.run("y = [str(i) for i in range(10**6)]")
        assert heavy.error is not None and heavy.error.ename == "FuelExhausted" and heavy.rolled_back
        for _ in range(5):
            r = sb.run("print(len(keep), len(keep[-1]))")
            assert r.error is None, r.error
            assert r.stdout == "100000 64\n"
