"""Host end of the guest -> host message channel, served as the device file `/dev/mpk`.

The guest writes JSON objects, one per line (see `guest/channel.py`). Messages are untrusted:
user code can open the device too. A malformed or unknown message is dropped with a note on the
run's stderr; it never raises in the host. Messages count against the run's output limit, each
with a fixed `MESSAGE_OVERHEAD` on top of its bytes (what it costs as a Jupyter message).

Message types: `display` and `clear_output` go to the `on_display` callback as dicts;
`input` calls `on_input(prompt, password)` and queues the JSON reply for the guest's next read.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .mimebundle import clean_bundle, clean_transient
from .output import OutputLimitHit, RunOutput
from .text import encodable

MAX_PENDING = 64 << 20  # a single message larger than this is dropped
MAX_REPLIES = 1 << 20  # unread input replies beyond this are not queued (guest gets EOF)
MESSAGE_OVERHEAD = 512  # bytes charged per delivered display/clear_output message (see _deliver)


class InputUnavailable(Exception):
    """Raised by an `on_input` callback when the frontend cannot provide input."""


class ChannelDevice:
    """The `/dev/mpk` device: `write()` takes guest bytes, `read()` returns queued replies."""

    def __init__(self, on_display: Callable[[dict], None] | None,
                 on_input: Callable[[str, bool], str] | None) -> None:
        self.on_display = on_display
        self.on_input = on_input
        self.output: RunOutput | None = None
        self.before_input: Callable[[], None] = lambda: None
        self.after_input: Callable[[], None] = lambda: None
        self._pending = bytearray()
        self._replies = bytearray()
        self.displays: list[dict] = []

    def reset(self) -> None:
        """Forget partial messages and unread replies (new run after a stop, or reset)."""
        self._pending.clear()
        self._replies.clear()

    # Device protocol -------------------------------------------------------------------
    def write(self, data: bytes) -> int:
        if self.output is not None:
            fits = self.output.charge(len(data))
            if fits < len(data):
                raise OutputLimitHit()
        self._pending += data
        while True:
            end = self._pending.find(b"\n")
            if end < 0:
                break
            line = bytes(self._pending[:end])
            del self._pending[:end + 1]
            self._dispatch(line)
        if len(self._pending) > MAX_PENDING:
            self._pending.clear()
            self._note("a channel message was too large and was dropped")
        return len(data)

    def read(self, n: int) -> bytes:
        chunk = bytes(self._replies[:n])
        del self._replies[:n]
        return chunk

    # Messages ----------------------------------------------------------------------------
    def _note(self, text: str) -> None:
        # Notes count against the output limit like the guest's own output (no amplification).
        if self.output is not None:
            self.output.write(2, f"[mpwasm] {text}\n".encode())

    def _dispatch(self, line: bytes) -> None:
        try:
            msg = encodable(json.loads(line.decode("utf-8", "replace")))
        except (ValueError, RecursionError):
            self._note("dropped a malformed display message")
            return
        if not isinstance(msg, dict):
            self._note("dropped a malformed display message")
            return
        kind = msg.get("type")
        if kind == "display":
            # Validated against the nbformat output schema: an invalid value would make the
            # frontend's or nbclient's validation fail for the whole notebook.
            data, metadata, problems = clean_bundle(msg.get("data"), msg.get("metadata"))
            transient, more = clean_transient(msg.get("transient"))
            problems += more
            update = msg.get("update", False) is True
            if update and not transient:
                problems.append("an update needs a display_id")
            if problems:
                self._note(f"display message: dropped invalid parts ({'; '.join(problems[:4])[:300]})")
            raw = msg.get("data")
            if not isinstance(raw, dict) or (raw and not data) or (update and not transient):
                return  # nothing valid left to show (an empty bundle is a legal placeholder)
            self._deliver({"type": "display", "data": data, "metadata": metadata,
                           "transient": transient, "update": update})
        elif kind == "clear_output":
            self._deliver({"type": "clear_output", "wait": bool(msg.get("wait", False))})
        elif kind == "input":
            self._input(str(msg.get("prompt", "")), bool(msg.get("password", False)))
        else:
            self._note(f"dropped a channel message of unknown type {str(kind)[:40]!r}")

    def _deliver(self, msg: dict) -> None:
        # Each message costs the frontend a whole protocol message (headers, signature: several
        # hundred bytes), whatever its payload: charged against the output limit so a flood of
        # tiny messages cannot amplify the cap into far more traffic.
        if self.output is not None and self.output.charge(MESSAGE_OVERHEAD) < MESSAGE_OVERHEAD:
            raise OutputLimitHit()
        self.displays.append(msg)
        if self.on_display is not None:
            self.on_display(msg)

    def _input(self, prompt: str, password: bool) -> None:
        if len(self._replies) > MAX_REPLIES:
            self._note("dropped an input request: too many unread replies")
            return
        if self.on_input is None:
            reply = {"error": "EOFError",
                     "message": "input() is not available: this sandbox has no input source "
                                "(the frontend does not support stdin)"}
        else:
            self.before_input()
            try:
                reply = {"value": str(self.on_input(prompt, password))}
            except InputUnavailable as exc:
                reply = {"error": "EOFError", "message": str(exc) or "input() is not available"}
            except (EOFError, KeyboardInterrupt) as exc:
                reply = {"error": "EOFError", "message": f"input() was cancelled ({type(exc).__name__})"}
            finally:
                self.after_input()
        self._replies += (json.dumps(reply) + "\n").encode()
