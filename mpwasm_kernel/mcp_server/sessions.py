"""Sessions of the MCP server: one `PythonSession` per MCP session, each on its own worker thread.

The event loop never runs sandbox code: every call is queued to the session's worker thread and
awaited, so replies of other sessions keep flowing while one session computes (wasmtime releases
the GIL while guest code runs). Calls of one session run one at a time, in order. A cancelled
call that is still queued never runs; one that is running gets `interrupt()` (KeyboardInterrupt
in the guest, whose state is kept; code that ignores it is stopped and rolled back by the
sandbox). Floods get errors, not waits: at most `max_sessions` sessions, at most `max_pending`
calls queued per session. Sessions take their sandboxes from the manager's `SandboxPool`
(`engine.session_pool`): a new session costs a checkout, a closed one gives its sandbox back.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from ..sandbox.pool import SandboxPool
from .engine import EngineSettings, PythonSession, session_pool

T = TypeVar("T")


class SessionLimitError(Exception):
    """No room for another session (the administrator's max_sessions)."""


class SessionBusyError(Exception):
    """Too many calls already queued in one session (max_pending)."""


class SessionExpiredError(Exception):
    """The session's interpreter was closed (idle expiry or shutdown)."""


class Worker:
    """One daemon thread running submitted calls in order; knows which call is running."""

    def __init__(self, name: str) -> None:
        self._queue: queue.SimpleQueue[tuple[concurrent.futures.Future, Callable[[], Any]] | None] = \
            queue.SimpleQueue()
        self._lock = threading.Lock()
        self._running: concurrent.futures.Future | None = None
        self.pending = 0
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, call: Callable[[], T]) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        with self._lock:
            self.pending += 1
        self._queue.put((future, call))
        return future

    def is_running(self, future: concurrent.futures.Future) -> bool:
        with self._lock:
            return self._running is future

    def run_if_running(self, future: concurrent.futures.Future, action: Callable[[], None]) -> None:
        """Call `action` (e.g. interrupt) only while `future`'s call is the one running."""
        with self._lock:
            if self._running is future:
                action()

    def stop(self) -> None:
        self._queue.put(None)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, call = item
            with self._lock:
                self.pending -= 1
                if not future.set_running_or_notify_cancel():
                    continue
                self._running = future
            try:
                value = call()
            except BaseException as exc:  # noqa: B036 - handed to the awaiting task
                with self._lock:
                    self._running = None
                future.set_exception(exc)
            else:
                with self._lock:
                    self._running = None
                future.set_result(value)


class Session:
    """One MCP session's interpreter, worker thread and bookkeeping."""

    _ids = itertools.count(1)

    def __init__(self, settings: EngineSettings, pool: SandboxPool | None = None) -> None:
        self.number = next(self._ids)
        self.settings = settings
        self.pool = pool
        self.worker = Worker(f"mpwasm-mcp-{self.number}")
        self.python: PythonSession | None = None
        self.last_used = time.monotonic()
        self.created = self.last_used
        self.closed = False
        self.expired = False  # closed by idle expiry (the next call says so)
        self.active = 0  # calls submitted and not finished
        self.spare: list[PythonSession] = []  # an interpreter started ahead of time, used first

    def _ensure(self) -> PythonSession:
        if self.python is None:
            self.python = self.spare.pop() if self.spare else PythonSession(self.settings, self.pool)
        return self.python

    def close_now(self) -> None:
        """On the worker thread: release the interpreter."""
        for python in [*self.spare, *([self.python] if self.python is not None else [])]:
            python.close()
        self.python, self.spare = None, []


class SessionManager:
    """All sessions of one server process, with the administrator's caps."""

    def __init__(self, settings: EngineSettings, *, max_sessions: int = 16, max_pending: int = 4,
                 idle_seconds: float | None = 1800.0) -> None:
        self.settings = settings
        self.max_sessions = max_sessions
        self.max_pending = max_pending
        self.idle_seconds = idle_seconds
        self.sessions: set[Session] = set()
        self._lock = threading.Lock()
        self._spare: PythonSession | None = None
        self.pool = session_pool(settings, max_idle=min(4, max_sessions))

    def add_spare(self, python: PythonSession) -> None:
        """An interpreter started ahead of time (the server's start-up check): the first session
        uses it instead of starting its own."""
        self._spare = python

    def open(self) -> Session:
        """A new session (its interpreter starts on its first call); `SessionLimitError` if full."""
        with self._lock:
            if len(self.sessions) >= self.max_sessions:
                raise SessionLimitError(
                    f"this server already holds {len(self.sessions)} sessions (max_sessions={self.max_sessions}, "
                    "set by the administrator); close a session or try again later")
            session = Session(self.settings, self.pool)
            if self._spare is not None:
                session.spare.append(self._spare)
                self._spare = None
            self.sessions.add(session)
        return session

    async def call(self, session: Session, work: Callable[[PythonSession], T], *, interruptible: bool = True) -> T:
        """Run `work(python)` on the session's worker thread and await it.

        Cancellation of the awaiting task: a queued call is dropped; a running one is interrupted
        (when `interruptible`), and the cancellation propagates at once.
        """
        if session.closed:
            raise SessionExpiredError("this session was closed")
        if session.worker.pending >= self.max_pending:
            raise SessionBusyError(
                f"this session already has {session.worker.pending} calls waiting to run (max_pending="
                f"{self.max_pending}); wait for them to finish")
        session.active += 1
        session.last_used = time.monotonic()

        def job() -> T:
            if session.closed:
                raise SessionExpiredError("this session was closed")
            return work(session._ensure())

        future = session.worker.submit(job)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            if interruptible:
                session.worker.run_if_running(future, lambda: session.python and session.python.interrupt())
            raise
        finally:
            session.active -= 1
            session.last_used = time.monotonic()

    def close(self, session: Session, *, expired: bool = False) -> None:
        """Close `session`: its interpreter is released on its worker thread (after a running call,
        which is interrupted), and its thread ends."""
        with self._lock:
            if session.closed:
                return
            session.closed = True
            session.expired = expired
            self.sessions.discard(session)
        python = session.python
        if python is not None:
            python.interrupt()
        session.worker.submit(session.close_now)
        session.worker.stop()

    def expire_idle(self, now: float | None = None) -> list[Session]:
        """Close sessions without a call for `idle_seconds`; return them."""
        if self.idle_seconds is None:
            return []
        now = time.monotonic() if now is None else now
        with self._lock:
            idle = [s for s in self.sessions if s.active == 0 and now - s.last_used >= self.idle_seconds]
        for session in idle:
            self.close(session, expired=True)
        return idle

    def close_all(self) -> None:
        for session in list(self.sessions):
            self.close(session)
        if self._spare is not None:
            self._spare.close()
            self._spare = None
        self.pool.close()
