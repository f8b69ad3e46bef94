"""One budget per request: the limits cover all the runs a request makes, not each run.

A Jupyter request (execute, complete, inspect) can make many sandbox runs: a cell split by magic
lines, every repeat of ``%timeit``, each of the ``user_expressions``. Applying `Limits` to each
run would let one request use `wall_seconds` (and `fuel`, and `output_bytes`) as many times as
it has runs. Inside `Sandbox.request()` every run gets what is *left* of the request's budget:
the wall clock runs from the start of the request, fuel and output already used are subtracted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .limits import Limits


@dataclass
class RequestBudget:
    """What is left of one request's limits (created by `Sandbox.request()`)."""

    limits: Limits
    started: float = field(default_factory=time.monotonic)
    fuel_used: int = 0
    output_used: int = 0
    host_calls_used: int = 0

    def host_calls_left(self) -> int:
        return max(0, int(self.limits.host_calls) - self.host_calls_used)

    def wall_left(self) -> float:
        return max(0.0, float(self.limits.wall_seconds) - (time.monotonic() - self.started))

    def fuel_left(self) -> int:
        return max(0, int(self.limits.fuel) - self.fuel_used)

    def output_left(self) -> int:
        return max(0, int(self.limits.output_bytes) - self.output_used)

    def charge(self, fuel: int, output_bytes: int, host_calls: int = 0) -> None:
        """Count a finished run's fuel, output and host-function calls against the request."""
        self.fuel_used += max(0, fuel)
        self.output_used += max(0, output_bytes)
        self.host_calls_used += max(0, host_calls)

    def charge_output(self, nbytes: int) -> None:
        """Count bytes the host sends for the request outside any run (replies, magic reports)."""
        self.output_used += max(0, nbytes)
