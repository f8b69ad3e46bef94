"""Per-run output: decode, stream, keep, and cap what the guest writes.

The guest writes raw bytes to fd 1 and 2 (and display messages through the channel). Bytes are
decoded as UTF-8 incrementally per stream (a character split across writes is kept whole;
invalid bytes become U+FFFD), passed to the `on_output` callback as they arrive, and kept for the
`RunResult`. Once the run's total passes `limit` bytes, the part up to the cap is delivered and
`OutputLimitHit` is raised, which traps the guest (hard stop).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

STREAMS = {1: "stdout", 2: "stderr"}


class OutputLimitHit(Exception):
    """The run wrote more than its output limit."""


class RunOutput:
    """Output of one run."""

    def __init__(self, limit: int, on_output: Callable[[str, str], None] | None) -> None:
        self.limit = limit
        self.used = 0
        self._on_output = on_output
        self._decoders = {name: codecs.getincrementaldecoder("utf-8")("replace") for name in STREAMS.values()}
        self._parts: dict[str, list[str]] = {name: [] for name in STREAMS.values()}

    def charge(self, nbytes: int) -> int:
        """Count `nbytes` against the limit; return how many of them fit (may be 0)."""
        room = max(0, self.limit - self.used)
        self.used += nbytes
        return min(nbytes, room)

    def write(self, fd: int, data: bytes) -> None:
        """Accept bytes the guest wrote to fd 1/2; raise `OutputLimitHit` past the cap."""
        fits = self.charge(len(data))
        self._emit(STREAMS[fd], data[:fits], final=fits < len(data))
        if fits < len(data):
            raise OutputLimitHit()

    def _emit(self, stream: str, data: bytes, final: bool = False) -> None:
        text = self._decoders[stream].decode(data, final)
        if text:
            self._parts[stream].append(text)
            if self._on_output is not None:
                self._on_output(stream, text)

    def finish(self) -> None:
        """Flush partial characters at the end of the run."""
        for stream in self._parts:
            self._emit(stream, b"", final=True)

    def text(self, stream: str) -> str:
        return "".join(self._parts[stream])
