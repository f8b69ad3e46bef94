"""IOPub output of one request: ordered, with stream text coalesced by a small flusher thread."""

from __future__ import annotations

import threading
import time
from typing import Any, Protocol

from ..sandbox.text import encodable

#: Stream text is coalesced for at most this long before it is sent to IOPub.
STREAM_FLUSH_SECONDS = 0.05
#: After this many messages in one request, stream text is coalesced for `SLOW_FLUSH_SECONDS`.
THROTTLE_AFTER = 200
SLOW_FLUSH_SECONDS = 1.0
#: At most this many display/clear_output messages per request; later ones are dropped (one
#: note on stderr). Keeps a request's IOPub traffic well below the frontend's ZMQ high-water
#: mark (1000 messages), so the final messages of a cell (error, status idle) always arrive.
MAX_DISPLAY_MESSAGES = 500
_DISPLAY_TYPES = frozenset({"display_data", "update_display_data", "clear_output"})
#: Messages carrying a guest mimebundle: passed through `IOPubSender.safe_bundle`.
_BUNDLE_TYPES = frozenset({"display_data", "update_display_data", "execute_result"})


class IOPubSender(Protocol):
    """What `IOPubOutput` needs from the kernel that owns it (`MicroPythonKernel` is one)."""

    session: Any  #: the kernel's `jupyter_client.Session` (None before it is connected)
    iopub_socket: Any
    log: Any

    def _topic(self, topic: str) -> bytes:
        """The ZMQ topic of an IOPub message type."""

    def safe_bundle(self, data: dict[str, Any]) -> dict[str, Any]:
        """`data` as it may be shown (active content removed when the kernel asks for it)."""


class IOPubOutput:
    """Sends one cell's output to IOPub in order, coalescing stream text for up to 50 ms.

    ``stream()`` is called from the kernel's main thread while the guest runs; a small flusher
    thread sends text that waits longer than `STREAM_FLUSH_SECONDS`. Every other message first
    flushes pending text, so the frontend sees output in the order the guest produced it.
    Silent cells send nothing (the runner itself drops the output of its silent guest calls).
    """

    def __init__(self, kernel: IOPubSender) -> None:
        self._kernel = kernel
        self._lock = threading.Condition()
        self._parent: dict = {}
        self._silent = False
        self._pending: list[tuple[str, str]] = []
        self._deadline = 0.0
        self._sent = 0
        self._displays = 0
        self._dropped = 0
        self._thread = threading.Thread(target=self._flusher, name="mpwasm-stream-flush", daemon=True)
        self._thread.start()

    def begin(self, parent: dict, silent: bool) -> None:
        """Start a request: later messages go out with this parent header."""
        with self._lock:
            self._flush_locked()
            self._note_dropped_locked()
            self._parent, self._silent = parent, silent
            self._sent = self._displays = self._dropped = 0

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        with self._lock:
            if self._silent:
                return
            if self._pending and self._pending[-1][0] != name:
                try:
                    self._flush_locked()
                except Exception:  # keep flushing later output whatever happened
                    self._pending.clear()
            if not self._pending:
                delay = SLOW_FLUSH_SECONDS if self._sent >= THROTTLE_AFTER else STREAM_FLUSH_SECONDS
                self._deadline = time.monotonic() + delay
                self._lock.notify()
            self._pending.append((name, text))

    def send(self, msg_type: str, content: dict) -> None:
        """Send an IOPub message after any pending stream text (unless silent).

        Display and clear_output messages beyond `MAX_DISPLAY_MESSAGES` in a request are dropped
        and counted; `flush()` reports them once."""
        if msg_type in _BUNDLE_TYPES and isinstance(content.get("data"), dict):
            content = {**content, "data": self._kernel.safe_bundle(content["data"])}
        with self._lock:
            if msg_type in _DISPLAY_TYPES and not self._silent:
                if self._displays >= MAX_DISPLAY_MESSAGES:
                    self._dropped += 1
                    return
                self._displays += 1
            self._flush_locked()
            if msg_type not in _DISPLAY_TYPES:
                self._note_dropped_locked()
            if self._silent:
                return
            self._send_locked(msg_type, content)

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()
            self._note_dropped_locked()

    def _note_dropped_locked(self) -> None:
        if self._dropped and not self._silent:
            text = (f"[mpwasm] {self._dropped} display message(s) were not sent: more than "
                    f"{MAX_DISPLAY_MESSAGES} in one cell\n")
            self._dropped = 0
            self._send_locked("stream", {"name": "stderr", "text": text})

    def _flush_locked(self) -> None:
        if not self._pending:
            return
        name, text = self._pending[0][0], "".join(part for _, part in self._pending)
        self._pending.clear()
        self._send_locked("stream", {"name": name, "text": text})

    def _send_locked(self, msg_type: str, content: dict) -> None:
        """Send one message; never raises (a failure is logged and the message dropped), so
        neither the caller nor the flusher thread dies on guest data."""
        kernel = self._kernel
        if kernel.session is None:
            return
        self._sent += 1
        try:
            kernel.session.send(
                kernel.iopub_socket, msg_type, encodable(content), parent=self._parent, ident=kernel._topic(msg_type)
            )
        except Exception:
            kernel.log.error("could not send an IOPub %s message", msg_type, exc_info=True)

    def _flusher(self) -> None:
        with self._lock:
            while True:
                while not self._pending:
                    self._lock.wait()
                delay = self._deadline - time.monotonic()
                if delay > 0:
                    self._lock.wait(delay)
                    continue
                try:
                    self._flush_locked()
                except Exception:  # keep flushing later output whatever happened
                    self._pending.clear()
