"""Exception and error-record types shared by the sandbox and the kernel."""

from __future__ import annotations

from dataclasses import dataclass, field


class SandboxError(Exception):
    """Base class for host-side sandbox failures (not errors raised by guest code)."""


class ArtifactError(SandboxError):
    """The MicroPython `.wasm` artifact is missing or does not match the pinned lock."""


class SandboxClosedError(SandboxError):
    """The sandbox was used after `close()`."""


class SandboxBusyError(SandboxError):
    """The sandbox was used while it runs code, e.g. by a host function re-entering it."""


@dataclass(frozen=True)
class GuestError:
    """An error a run ended with, in the shape of Jupyter's `error` message.

    `ename` is the guest exception's type name (`ZeroDivisionError`, `KeyboardInterrupt`, …) or
    the name of a host limit (`FuelExhausted`, `TimeLimitExceeded`, `MemoryLimitExceeded`,
    `OutputLimitExceeded`, `SandboxFault`). `traceback` holds the lines to show, last line
    `ename: evalue`. `frames` lists the traceback's frames, outermost first, as
    ``(filename, line, function)`` (empty for limit stops and host failures).
    """

    ename: str
    evalue: str
    traceback: list[str] = field(default_factory=list)
    frames: tuple[tuple[str, int, str], ...] = ()

    def __str__(self) -> str:
        return f"{self.ename}: {self.evalue}" if self.evalue else self.ename


LIMIT_ERRORS = frozenset({"FuelExhausted", "TimeLimitExceeded", "MemoryLimitExceeded", "OutputLimitExceeded",
                          "HostCallLimitExceeded"})
