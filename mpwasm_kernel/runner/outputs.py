"""What a request produces, in order: stream text, displays, clear_output, then its result or error.

Protocol-free records: the kernel turns them into IOPub messages, the notebook executor into
nbformat outputs, the command line into terminal text, the MCP server into tool content. Each is
a frozen dataclass with a ``kind`` naming it (``stream``, ``display``, ``clear_output``,
``result``, ``error``), so a front end can dispatch on the class or on ``kind``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

__all__ = ["LIMIT_OF_ERROR", "ClearOutput", "Display", "Error", "Output", "Result", "Stream"]

#: The `Limits` field a limit error names (``ename`` → field); see `Error.stopped_by`.
LIMIT_OF_ERROR: dict[str, str] = {
    "FuelExhausted": "fuel",
    "TimeLimitExceeded": "wall_seconds",
    "MemoryLimitExceeded": "memory_bytes",
    "OutputLimitExceeded": "output_bytes",
    "HostCallLimitExceeded": "host_calls",
}


@dataclass(frozen=True)
class Stream:
    """Text the guest (or a magic) wrote to ``stdout`` or ``stderr``, as it was written (one
    record per write; front ends coalesce if they want)."""

    kind: ClassVar[str] = "stream"
    name: Literal["stdout", "stderr"]
    text: str


@dataclass(frozen=True)
class Display:
    """A display from the guest (``IPython.display.display``, a plot, ...): a mimebundle checked by
    the sandbox. ``transient`` may carry a ``display_id``; ``update`` is True for an update of an
    earlier display with that id (``update_display_data``)."""

    kind: ClassVar[str] = "display"
    data: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)
    transient: dict[str, Any] = field(default_factory=dict)
    update: bool = False

    @property
    def display_id(self) -> str | None:
        """The display id from ``transient``, if any."""
        value = self.transient.get("display_id") if isinstance(self.transient, dict) else None
        return None if value is None else str(value)


@dataclass(frozen=True)
class ClearOutput:
    """The guest cleared the output shown so far (``wait``: only when the next output arrives)."""

    kind: ClassVar[str] = "clear_output"
    wait: bool = False


@dataclass(frozen=True)
class Result:
    """The value of the cell's trailing expression: its mimebundle (``text/plain`` in IPython's
    conventions when the request asks for them) and metadata. Always the last output."""

    kind: ClassVar[str] = "result"
    execution_count: int | None
    data: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Error:
    """The error the request ended with. Always the last output.

    ``ename``/``evalue``/``traceback`` as Jupyter's ``error`` message (the traceback laid out as
    IPython would for the runner's ``%xmode``, when the request asks for IPython conventions).
    ``stopped_by`` names the limit that stopped the request: a `Limits` field (``fuel``,
    ``wall_seconds``, ``memory_bytes``, ``output_bytes``, ``host_calls``) or ``"interrupt"``;
    None for an error raised by the code itself or a usage error. ``rolled_back`` is True when the
    stopped run's changes were undone (memory and files as before the run); otherwise what the
    code did before the stop is kept. ``evalue`` says the same in words.

    With IPython's conventions a usage error (``UsageError``: an unknown or misused magic) is not
    an output: as IPython, the runner writes ``UsageError: EVALUE`` on stderr and the outcome's
    error (status error, empty traceback) is only in the reply.
    """

    kind: ClassVar[str] = "error"
    ename: str
    evalue: str
    traceback: list[str] = field(default_factory=list)
    stopped_by: str | None = None
    rolled_back: bool = False

    def __str__(self) -> str:
        return f"{self.ename}: {self.evalue}" if self.evalue else self.ename


#: One output of a request.
Output = Stream | Display | ClearOutput | Result | Error
