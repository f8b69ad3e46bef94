"""What a run returns (`RunResult`) and the error a failed helper call raises (`CallError`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import GuestError


class CallError(Exception):
    """A helper call (`Sandbox.call`) ended in an error; `.error` holds it."""

    def __init__(self, error: GuestError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass
class RunResult:
    """What one `Sandbox.run` produced. See docs/architecture.md."""

    stdout: str = ""
    stderr: str = ""
    value: str | None = None
    data: dict | None = None
    metadata: dict = field(default_factory=dict)
    error: GuestError | None = None
    fuel_used: int = 0
    rolled_back: bool = False
    seconds: float = 0.0
    displays: list[dict] = field(default_factory=list)
    #: pyplot figures left open by a run with ``flush_figures=False`` (show them with
    #: `Sandbox.flush_figures` after the result, as IPython's inline backend does)
    figures_pending: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None
