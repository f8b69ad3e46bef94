"""Per-run resource limits and their teaching defaults."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

MiB = 1 << 20
#: Largest accepted value of each limit: what wasmtime and the host clocks can represent
#: (fuel is a u64; memory of a wasm32 instance is at most 4 GiB; a year of wall clock).
MAX_VALUES: dict[str, float] = {
    "fuel": float(1 << 62),
    "wall_seconds": 365 * 24 * 3600.0,
    "memory_bytes": float(1 << 32),
    "output_bytes": float(1 << 40),
    "disk_bytes": float(1 << 40),
    "host_result_bytes": float(1 << 31),
    "host_argument_bytes": float(1 << 31),
    "host_calls": float(1 << 40),
}
#: `Limits.rollback` values: roll back hard stops only, or every limit stop.
ROLLBACK_MODES = ("hard", "always")


@dataclass(frozen=True)
class Limits:
    """Limits the host enforces on every run (cell, completion, inspection).

    Defaults suit teaching notebooks: far above what exercises need, low enough that a runaway
    cell ends in seconds and cannot exhaust the machine.

    - `fuel`: wasmtime fuel per run (roughly one unit per wasm instruction; 10-20 billion is about a
      second of guest compute here). Exhaustion: `FuelExhausted`. `None` turns fuel metering off
      (guest compute ~1.14x faster; the wall clock is then the only CPU limit, so runs are no
      longer stopped at a deterministic point). Fixed for a sandbox's lifetime.
    - `wall_seconds`: wall-clock seconds per run (time waiting for `input()` does not count).
      Exceeded: a soft stop, then (`interrupt_grace` later, if the guest ignores it) a hard stop:
      `TimeLimitExceeded`.
    - `memory_bytes`: the guest's whole linear memory (interpreter + heap). Over it, an
      allocation raises `MemoryError` in the guest; an allocation livelock is stopped as
      `MemoryLimitExceeded`.
    - `output_bytes`: stdout + stderr + display data per run. Exceeded: output kept up to the
      cap, a soft stop, `OutputLimitExceeded` (output written after the soft stop: hard stop).
    - `disk_bytes`: size of the private in-memory file system (all files together). Exceeded:
      `OSError(ENOSPC)` in the guest.
    - `host_result_bytes`: serialized reply of one host-function call. Over it: `ValueError("host
      callback result too large")` in the guest.
    - `host_argument_bytes`: serialized arguments of one host-function call. Over it: `ValueError`
      in the guest, before the host is called.
    - `host_calls`: host-function calls per run, shared by all runs of a request (`Sandbox.request()`,
      like fuel and output). Exceeded: `HostCallLimitExceeded`.

    What a stop keeps depends on its kind and on `rollback`:

    - a *soft* stop — the wall clock's first stage, an interrupt, the output cap reached while
      printing — raises inside the guest at its next check, where the interpreter is consistent:
      the cell stops there and what it defined before the stop is kept (like KeyboardInterrupt
      under IPython); the error names the limit;
    - a *hard* stop — fuel, the wall clock's second stage (the guest ignored the soft stop),
      a memory livelock, a trap, output written after the soft stop — undoes the whole run
      (`rolled_back`), since the interpreter may be mid-operation.

    `rollback`: ``"hard"`` (default) rolls back hard stops only; ``"always"`` rolls back every
    limit stop, so a cell either completes or leaves no trace (transactional cells).
    `disk_bytes` never stops a run: the guest gets `OSError(ENOSPC)`.

    The default `wall_seconds` (10 s) is below the time the default `fuel` lasts in the tightest
    loop (20 s or more here), so a runaway loop meets the soft wall-clock stop first; and, with the
    interrupt grace (1 s), below nbgrader's and nbclient's usual 30 s cell timeout, so the kernel's
    message is what the grader sees.
    """

    fuel: int | None = 300_000_000_000
    wall_seconds: float = 10.0
    memory_bytes: int = 256 * MiB
    output_bytes: int = 2 * MiB
    disk_bytes: int = 32 * MiB
    host_result_bytes: int = 256 * 1024
    host_argument_bytes: int = 1 * MiB
    host_calls: int = 10_000
    rollback: str = "hard"

    def __post_init__(self) -> None:
        if self.rollback not in ROLLBACK_MODES:
            raise ValueError(f"rollback must be one of {', '.join(ROLLBACK_MODES)}, got {self.rollback!r}")
        for f in fields(self):
            if f.name == "rollback":
                continue
            value = getattr(self, f.name)
            if value is None and f.name == "fuel":
                continue
            if not isinstance(value, int | float) or isinstance(value, bool) or not value > 0:
                raise ValueError(f"limit {f.name} must be a positive number, got {value!r}")
            ceiling = MAX_VALUES.get(f.name, float(1 << 62))
            if not math.isfinite(value) or value > ceiling:
                raise ValueError(f"limit {f.name} must be finite and at most {ceiling:g}, got {value!r}")
        if self.memory_bytes < 32 * MiB:
            raise ValueError(f"limit memory_bytes must be at least {32 * MiB} (32 MiB), got {self.memory_bytes}")

    def lowered(self, **changes: float) -> Limits:
        """A copy with `changes` applied; `ValueError` if a change would raise any limit.

        With fuel metering off (`fuel=None`) fuel stays `None`: it cannot be turned on by lowering.
        """
        names = {f.name for f in fields(self)}
        for name, value in changes.items():
            if name not in names:
                raise ValueError(f"unknown limit {name!r}; limits are {', '.join(sorted(names))}")
            if name == "rollback":  # a choice, not a resource: any mode may be chosen
                continue
            current = getattr(self, name)
            if value is None or current is None:
                if value is not current:
                    raise ValueError(
                        "fuel metering is off (fuel=None) and cannot be turned on for a session" if current is None
                        else f"limit {name} cannot be removed (the administrator's is {current})")
                continue
            if value > current:
                raise ValueError(
                    f"limit {name} cannot be raised above the administrator's {getattr(self, name)} "
                    f"(asked for {value})")
        converted = {k: (v if v is None else type(getattr(self, k))(v)) for k, v in changes.items()}
        return replace(self, **converted)

    def as_dict(self) -> dict[str, float | str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
