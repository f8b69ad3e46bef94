"""Per-run output: decode, stream, keep, and cap what the guest writes.

The guest writes raw bytes to fd 1 and 2 (and display messages through the channel). Bytes are
decoded as UTF-8 incrementally per stream (a character split across writes is kept whole;
invalid bytes become U+FFFD), passed to the `on_output` callback as they arrive, and kept for the
`RunResult`. Once the run's total passes `limit` bytes, the part up to the cap is delivered and
`on_overflow` is called (the sandbox's soft stop: KeyboardInterrupt at the guest's next check);
the write returns normally and later output is dropped. A guest that goes on writing anyway (it
swallowed the stop) gets `OutputLimitHit` after `WRITES_AFTER_OVERFLOW` more writes, which traps
it (hard stop). Without `on_overflow`, the first overflow raises `OutputLimitHit` at once.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

STREAMS = {1: "stdout", 2: "stderr"}
#: Writes the guest may still make after the cap was reached (a print ending its line, a handler's
#: last words) before the output limit becomes a hard stop.
WRITES_AFTER_OVERFLOW = 32


class OutputLimitHit(Exception):
    """The run wrote more than its output limit."""


class RunOutput:
    """Output of one run."""

    def __init__(self, limit: int, on_output: Callable[[str, str], None] | None,
                 on_overflow: Callable[[], None] | None = None) -> None:
        self.limit = limit
        self.used = 0
        self.overflowed = False
        self._writes_after = 0
        self._on_output = on_output
        self._on_overflow = on_overflow
        self._decoders = {name: codecs.getincrementaldecoder("utf-8")("replace") for name in STREAMS.values()}
        self._parts: dict[str, list[str]] = {name: [] for name in STREAMS.values()}

    def charge(self, nbytes: int) -> int:
        """Count `nbytes` against the limit; return how many of them fit (may be 0)."""
        room = max(0, self.limit - self.used)
        self.used += nbytes
        return min(nbytes, room)

    def overflow(self) -> None:
        """The cap was reached: soft stop the first time, `OutputLimitHit` once writes go on regardless."""
        if self._on_overflow is None:
            raise OutputLimitHit()
        if not self.overflowed:
            self.overflowed = True
            self._on_overflow()
            return
        self._writes_after += 1
        if self._writes_after > WRITES_AFTER_OVERFLOW:
            raise OutputLimitHit()

    def write(self, fd: int, data: bytes) -> None:
        """Accept bytes the guest wrote to fd 1/2; past the cap, see `overflow`."""
        if self.overflowed:
            self.overflow()
            return
        fits = self.charge(len(data))
        self._emit(STREAMS[fd], data[:fits], final=fits < len(data))
        if fits < len(data):
            self.overflow()

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
