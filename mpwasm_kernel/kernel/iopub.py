"""IOPub output of one request: ordered, with stream text coalesced by a small flusher thread."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..sandbox.text import encodable

if TYPE_CHECKING:
    from .kernel import MicroPythonKernel

#: Stream text is coalesced for at most this long before it is sent to IOPub.
STREAM_FLUSH_SECONDS = 0.05


class IOPubOutput:
    """Sends one cell's output to IOPub in order, coalescing stream text for up to 50 ms.

    ``stream()`` is called from the kernel's main thread while the guest runs; a small flusher
    thread sends text that waits longer than `STREAM_FLUSH_SECONDS`. Every other message first
    flushes pending text, so the frontend sees output in the order the guest produced it.
    Silent and muted cells send nothing.
    """

    def __init__(self, kernel: MicroPythonKernel) -> None:
        self._kernel = kernel
        self._lock = threading.Condition()
        self._parent: dict = {}
        self._silent = False
        self._muted = 0
        self._pending: list[tuple[str, str]] = []
        self._deadline = 0.0
        self._thread = threading.Thread(target=self._flusher, name="mpwasm-stream-flush", daemon=True)
        self._thread.start()

    def begin(self, parent: dict, silent: bool) -> None:
        """Start a request: later messages go out with this parent header."""
        with self._lock:
            self._flush_locked()
            self._parent, self._silent = parent, silent

    @contextlib.contextmanager
    def muted(self) -> Iterator[None]:
        """Drop all output while the block runs (user expressions, probes)."""
        with self._lock:
            self._flush_locked()
            self._muted += 1
        try:
            yield
        finally:
            with self._lock:
                self._muted -= 1

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        with self._lock:
            if self._silent or self._muted:
                return
            if self._pending and self._pending[-1][0] != name:
                try:
                    self._flush_locked()
                except Exception:  # keep flushing later output whatever happened
                    self._pending.clear()
            if not self._pending:
                self._deadline = time.monotonic() + STREAM_FLUSH_SECONDS
                self._lock.notify()
            self._pending.append((name, text))

    def send(self, msg_type: str, content: dict) -> None:
        """Send an IOPub message after any pending stream text (unless silent/muted)."""
        with self._lock:
            self._flush_locked()
            if self._silent or self._muted:
                return
            self._send_locked(msg_type, content)

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()

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
