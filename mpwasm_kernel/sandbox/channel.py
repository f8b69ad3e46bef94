"""Host end of the guest -> host message channel, served as the device file `/dev/mpk`.

The guest writes JSON objects, one per line (see `guest/channel.py`). Messages are untrusted:
user code can open the device too. A malformed or unknown message is dropped with a note on the
run's stderr; it never raises in the host. Messages count against the run's output limit, each
with a fixed `MESSAGE_OVERHEAD` on top of its bytes (what it costs as a Jupyter message).

Message types: `display` and `clear_output` go to the `on_display` callback as dicts;
`input` calls `on_input(prompt, password)` and queues the JSON reply for the guest's next read;
`source` queues the text of a lazily loaded guest runtime file (`sources(name)`, `None` for an
unknown name) as a JSON line `{"size": n}` followed by the n bytes; other request types
(`help`: documentation) go to the `handlers` given, whose reply dict is queued for the guest
(`{"error": ...}` if one fails); `exit` (the guest's `exit()`/`quit()`) calls
`on_exit(keep_kernel)` and replies whether the host took it (the guest raises `SystemExit` as
CPython does when nobody did).

The guest's `random` seeds its generator with a length-prefixed binary frame (byte 0x03, see
`mtstream.py`; the words that follow are drawn in the guest); it does not count against the
output limit (its size and work are bounded) and the reply is queued for the guest's next read.

Host-function calls use a framed message instead (byte 0x01, a header line, a body of known
length; see `functions.py`). They do not count against the output limit: their own bounds
(argument bytes, calls per run) apply, and the reply is queued for the guest's next read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from .functions import CALL_MARK, HEADER_MAX, HostFunctions
from .mimebundle import clean_bundle, clean_transient
from .mtstream import SEED_MARK, SEED_MAX, seed
from .output import RunOutput
from .text import encodable

MAX_PENDING = 64 << 20  # a single message larger than this is dropped
MAX_REPLIES = 1 << 20  # unread input replies beyond this are not queued (guest gets EOF)
MESSAGE_OVERHEAD = 512  # bytes charged per delivered display/clear_output message (see _deliver)
#: display_ids tracked exactly per session; displays of further ids are counted together (which
#: overcharges their updates, never undercharges), so host memory stays bounded.
DISPLAY_IDS_TRACKED = 4096


class InputUnavailable(Exception):
    """Raised by an `on_input` callback when the frontend cannot provide input."""


class ChannelDevice:
    """The `/dev/mpk` device: `write()` takes guest bytes, `read()` returns queued replies."""

    def __init__(self, on_display: Callable[[dict], None] | None,
                 on_input: Callable[[str, bool], str] | None,
                 on_exit: Callable[[bool], bool] | None = None,
                 handlers: Mapping[str, Callable[[dict], dict]] | None = None) -> None:
        self.on_display = on_display
        self.on_input = on_input
        self.on_exit = on_exit
        self.handlers = dict(handlers or {})
        self.output: RunOutput | None = None
        self.before_input: Callable[[], None] = lambda: None
        self.after_input: Callable[[], None] = lambda: None
        self.sources: Callable[[str], bytes | None] = lambda _name: None
        self.functions: HostFunctions | None = None
        self._pending = bytearray()
        self._replies = bytearray()
        self._state = "start"     # start | line | head | body | mt | seed | seed body
        self._frame_left = 0      # bytes still to come of a generator frame
        self._call_name: str | None = None
        self._body_left = 0
        self._body_kept = True
        self.displays: list[dict] = []
        self.forget_displays()

    def forget_displays(self) -> None:
        """A new session (`Sandbox.reset()`): no earlier output carries a display_id any more."""
        self._ids: dict[str, list[int]] = {}  # display_id -> [outputs with it, size of their content]
        self._untracked = 0  # displays of ids past DISPLAY_IDS_TRACKED

    def _charge_copies(self, display_id: str, size: int, update: bool) -> bool:
        """A message with a display_id is copied by the frontend (and nbclient) into every earlier
        output with that id: charge what those copies add (`size` more than the content they held,
        per copy). False when the output limit is hit (the message is then dropped)."""
        entry = self._ids.get(display_id)
        if entry is None:
            if len(self._ids) < DISPLAY_IDS_TRACKED:
                entry = self._ids[display_id] = [0, size]
            else:  # untracked: as if every such display held this id with empty content
                entry = [self._untracked, 0]
        copies, held = entry
        extra = copies * max(0, size - held)
        output = self.output
        if extra and output is not None and (output.overflowed or output.charge(extra) < extra):
            output.overflow()  # soft stop the first time (the message is dropped); hard if the guest goes on
            return False
        entry[1] = size
        if not update:
            entry[0] = copies + 1
            if display_id not in self._ids:
                self._untracked += 1
        return True

    def reset(self) -> None:
        """Forget partial messages and unread replies (new run after a stop, or reset)."""
        self._pending.clear()
        self._replies.clear()
        self._state = "start"

    # Device protocol -------------------------------------------------------------------
    def write(self, data: bytes) -> int:
        data = bytes(data)
        pos, size = 0, len(data)
        overflow_seen = False
        while pos < size:
            if self._state == "start":
                if data[pos] == CALL_MARK:
                    self._state = "head"
                    pos += 1
                    continue
                if data[pos] == SEED_MARK:  # a generator seeding frame (mtstream.py)
                    self._state = "seed"
                    self._frame_left = 4
                    pos += 1
                    continue
                self._state = "line"
            if self._state in ("seed", "seed body"):
                take = min(self._frame_left, size - pos)
                self._pending += data[pos:pos + take]
                pos += take
                self._frame_left -= take
                if not self._frame_left:
                    self._generator_frame()
                continue
            if self._state == "body":
                take = min(self._body_left, size - pos)
                if self._body_kept:
                    self._pending += data[pos:pos + take]
                pos += take
                self._body_left -= take
                if self._body_left == 0:
                    self._finish_call()
                continue
            end = data.find(b"\n", pos)
            stop = size if end < 0 else end
            if self._state == "line":
                charged = stop - pos + (end >= 0)
                output = self.output
                over = output is not None and (output.overflowed or output.charge(charged) < charged)
                if over:
                    self._pending.clear()  # a message that does not fit is dropped whole
                    if not overflow_seen:  # soft stop the first time; hard once writes go on regardless
                        overflow_seen = True
                        output.overflow()  # type: ignore[union-attr]
                else:
                    self._pending += data[pos:stop]
                pos = stop + 1 if end >= 0 else size
                if end >= 0:
                    line = bytes(self._pending)
                    self._pending.clear()
                    self._state = "start"
                    if not over:
                        self._dispatch(line)
                elif len(self._pending) > MAX_PENDING:
                    self._pending.clear()
                    self._note("a channel message was too large and was dropped")
            else:  # "head": the call header line
                self._pending += data[pos:stop]
                pos = stop + 1 if end >= 0 else size
                if end >= 0 or len(self._pending) > HEADER_MAX:
                    self._start_call(bytes(self._pending) if end >= 0 else None)
        return size

    def _start_call(self, header: bytes | None) -> None:
        self._pending.clear()
        functions = self.functions
        if functions is not None:
            functions.count_call()
        parsed = functions.parse_header(header) if functions is not None and header is not None else None
        if parsed is None:
            self._state = "start"
            self._reply(functions.handle(None, None) if functions is not None else b"")
            return
        # An address and capacity in the header (older guests) are ignored: the host never writes
        # where guest code says, which would be a raw memory write for any cell (issue 25.2).
        self._call_name, self._body_left = parsed[0], parsed[1]
        self._body_kept = self._body_left <= functions.max_argument_bytes  # type: ignore[union-attr]
        self._state = "body"
        if self._body_left == 0:
            self._finish_call()

    def _finish_call(self) -> None:
        payload = bytes(self._pending) if self._body_kept else None
        self._pending.clear()
        self._state = "start"
        assert self.functions is not None and self._call_name is not None
        self._reply(self.functions.handle(self._call_name, payload))

    def _generator_frame(self) -> None:
        # a seeding request's length (then its body follows), or its body
        body = bytes(self._pending)
        self._pending.clear()
        if self._state == "seed":
            self._frame_left = int.from_bytes(body, "little")
            if 0 < self._frame_left <= SEED_MAX:
                self._state = "seed body"
                return
            self._state = "start"
            self._reply(seed(b""))
            return
        self._state = "start"
        self._reply(seed(body))

    def _reply(self, frame: bytes) -> None:
        if len(self._replies) > MAX_REPLIES:  # only a guest that never reads its replies gets here
            self._replies.clear()
        self._replies += frame

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
            if transient and not self._charge_copies(transient["display_id"], len(line), update):
                return
            self._deliver({"type": "display", "data": data, "metadata": metadata,
                           "transient": transient, "update": update})
        elif kind == "clear_output":
            self._deliver({"type": "clear_output", "wait": bool(msg.get("wait", False))})
        elif kind == "input":
            self._input(str(msg.get("prompt", "")), bool(msg.get("password", False)))
        elif kind == "source":
            self._source(msg.get("name"))
        elif isinstance(kind, str) and kind in self.handlers:
            self._request(kind, msg)
        elif kind == "exit":
            self._exit(bool(msg.get("keep_kernel", False)))
        else:
            self._note(f"dropped a channel message of unknown type {str(kind)[:40]!r}")

    def _deliver(self, msg: dict) -> None:
        # Each message costs the frontend a whole protocol message (headers, signature: several
        # hundred bytes), whatever its payload: charged against the output limit so a flood of
        # tiny messages cannot amplify the cap into far more traffic.
        output = self.output
        if output is not None and (output.overflowed or output.charge(MESSAGE_OVERHEAD) < MESSAGE_OVERHEAD):
            output.overflow()  # soft stop the first time (the message is dropped); hard if the guest goes on
            return
        self.displays.append(msg)
        if self.on_display is not None:
            self.on_display(msg)

    def _request(self, kind: str, msg: dict) -> None:
        try:
            reply = self.handlers[kind](msg)
        except Exception as exc:  # a failing handler is the guest's problem only, never the host's
            reply = {"error": type(exc).__name__}
        if len(self._replies) <= MAX_REPLIES:
            self._replies += (json.dumps(reply) + "\n").encode()

    def _exit(self, keep_kernel: bool) -> None:
        handled = False
        if self.on_exit is not None:
            try:
                handled = bool(self.on_exit(keep_kernel))
            except Exception:
                handled = False
        if len(self._replies) <= MAX_REPLIES:
            self._replies += (json.dumps({"handled": handled}) + "\n").encode()

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

    def _source(self, name: object) -> None:
        if len(self._replies) > MAX_REPLIES:
            self._note("dropped a source request: too many unread replies")
            return
        data = self.sources(name) if isinstance(name, str) else None
        if data is None:
            self._replies += b'{"error": "unknown guest module"}\n'
        else:
            self._replies += json.dumps({"size": len(data)}).encode() + b"\n" + data
