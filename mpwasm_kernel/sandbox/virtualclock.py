"""The guest's `ticks_ms` clock in deterministic mode: made of fuel, not of host time.

MicroPython's `time.ticks_ms()`/`ticks_us()` (and `time.sleep`, a busy loop over them) read one
host import. Outside deterministic mode it is the host's monotonic clock. In deterministic mode
it must not reveal host time (how long the host took, how busy the machine is, how long earlier
notebooks in a warm worker ran): `VirtualClock` counts the fuel the guest used in each run
(`FUEL_PER_MS` units a millisecond, about real speed) plus `CALL_US` per reading (so a busy
`sleep` loop always advances), carried from run to run and set back to zero by `reset()`. Two
identical runs read identical values. The jump that ends a sleep when a stop is pending only
affects the stopped run.
"""

from __future__ import annotations

FUEL_PER_MS = 10_000_000  # wasm fuel is about 1e10 a second on a current core
CALL_US = 10              # each reading advances the clock by 10 µs
JUMP_MS = 1 << 30         # what a pending stop adds, for the rest of the stopped run only


class VirtualClock:
    """Milliseconds since `reset()`, derived from fuel and readings only."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._base_us = 0        # clock at the start of the current run
        self._run: object = None  # identity of the current run
        self._start_fuel = 0
        self._calls = 0
        self._jump_ms = 0
        self._now_us = 0

    def read(self, run: object, fuel_left: int | None, *, stop_pending: bool = False) -> int:
        """The clock in ms during run `run` (any value that changes from run to run), given the
        fuel left in the store (None: not metered)."""
        if run != self._run:
            self._base_us, self._run = self._now_us, run
            self._start_fuel, self._calls, self._jump_ms = fuel_left or 0, 0, 0
        self._calls += 1
        used = max(0, self._start_fuel - fuel_left) if fuel_left is not None else 0
        self._now_us = self._base_us + used * 1000 // FUEL_PER_MS + self._calls * CALL_US
        if stop_pending:
            self._jump_ms += JUMP_MS
        return self._now_us // 1000 + self._jump_ms
