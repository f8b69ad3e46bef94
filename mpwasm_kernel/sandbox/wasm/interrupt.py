"""Stopping a running guest: the soft interrupt and the hard stop, and the watchdog (one deadline thread per process).

*Soft*: the port's `mp_sched_keyboard_interrupt()` only writes a few words of linear memory
(the kbd exception's traceback pointer, the pending exception, the scheduler state). They are
found once per artifact by diffing memory around that call; writing the same words from another
thread makes the VM raise KeyboardInterrupt at its next check, with the interpreter intact.

*Hard*: `Engine.increment_epoch()` traps the running wasm at its next epoch check (each sandbox
owns its engine, so no other sandbox is hit). The sandbox then restores the pre-run snapshot.
"""

from __future__ import annotations

import ctypes
import heapq
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .emscripten import EmscriptenInstance, GuestException

_PAGE = 1 << 16
#: Longest single wait of the watchdog (far below `threading.TIMEOUT_MAX`); it re-checks after.
MAX_WAIT = min(threading.TIMEOUT_MAX, 3600.0)


def _diff_words(before: bytes, after: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Aligned 4-byte words that differ: address -> (old, new)."""
    out: dict[int, tuple[bytes, bytes]] = {}
    n = min(len(before), len(after))
    for page in range(0, n, _PAGE):
        if before[page:page + _PAGE] == after[page:page + _PAGE]:
            continue
        for addr in range(page, min(page + _PAGE, n), 4):
            if before[addr:addr + 4] != after[addr:addr + 4]:
                out[addr] = (before[addr:addr + 4], after[addr:addr + 4])
    return out


@dataclass(frozen=True)
class InterruptWords:
    """What to write to raise KeyboardInterrupt (`arm`, in order) and to cancel it (`disarm`)."""

    arm: tuple[tuple[int, bytes], ...]
    disarm: tuple[tuple[int, bytes], ...]


def find_interrupt_words(instance: EmscriptenInstance) -> InterruptWords:
    """Discover the interrupt words of this build, leaving the instance's state unchanged."""
    mem = instance.memory
    pristine = mem.read(0, mem.size)
    sp = instance.stack_pointer()
    instance.schedule_keyboard_interrupt()
    first = _diff_words(pristine, mem.read(0, mem.size))
    # Let the interrupt fire once so the kbd exception holds a traceback, then look again: the
    # second diff also shows the traceback pointer being cleared.
    try:
        instance.exec("for _ in range(3):\n    pass\n")
    except GuestException:
        pass
    fired = mem.read(0, mem.size)
    instance.schedule_keyboard_interrupt()
    second = _diff_words(fired, mem.read(0, mem.size))
    mem.write(0, pristine)
    instance.after_restore(sp)
    if not first:
        raise RuntimeError("could not locate the interrupt words of this MicroPython build")
    clear_first = [(a, new) for a, (_, new) in sorted(second.items()) if a not in first]
    pending = [(a, new) for a, (_, new) in sorted(first.items()) if new != b"\0\0\0\0"]
    state = [(a, new) for a, (_, new) in sorted(first.items()) if new == b"\0\0\0\0"]
    disarm = tuple((a, old) for a, (old, _) in sorted(first.items()))
    return InterruptWords(tuple(clear_first + pending + state), disarm)


def words_to_json(words: InterruptWords) -> dict:
    return {"arm": [[a, v.hex()] for a, v in words.arm], "disarm": [[a, v.hex()] for a, v in words.disarm]}


MAX_WORDS = 64


def words_from_json(data: dict, memory_size: int) -> InterruptWords:
    """Parse cached interrupt words, checking every address: aligned, inside the first
    `memory_size` bytes of linear memory (which never shrinks), each value exactly 4 bytes.
    `ValueError` for anything else: these addresses are written with a raw host `memmove`."""
    if not isinstance(data, dict):
        raise ValueError("interrupt words: not an object")

    def parse(entries: object) -> tuple[tuple[int, bytes], ...]:
        if not isinstance(entries, list) or not 0 < len(entries) <= MAX_WORDS:
            raise ValueError("interrupt words: bad list")
        words = []
        for entry in entries:
            if not (isinstance(entry, list) and len(entry) == 2 and type(entry[0]) is int
                    and isinstance(entry[1], str)):
                raise ValueError("interrupt words: bad entry")
            address, value = entry[0], bytes.fromhex(entry[1])
            if address < 0 or address % 4 or address + 4 > memory_size or len(value) != 4:
                raise ValueError(f"interrupt words: address {address} outside linear memory")
            words.append((address, value))
        return tuple(words)

    return InterruptWords(parse(data.get("arm")), parse(data.get("disarm")))


def write_words(base_address: int, words: tuple[tuple[int, bytes], ...]) -> None:
    """Write aligned words at `base_address + addr` (safe from any thread)."""
    for addr, value in words:
        ctypes.memmove(base_address + addr, value, 4)


class _DeadlineService:
    """One daemon thread per process that serves the deadlines of every `Watchdog`.

    Deadlines are entries `[when, sequence, watchdog]` of a heap; a watchdog changing its
    deadline cancels its entry (sets the watchdog slot to None) and pushes a new one, so a
    cancelled entry can never fire. All watchdog state is guarded by the service's one lock, and
    callbacks run with it held: once `end_run()` returns, nothing of that run fires any more.
    The thread starts with the first run of the process (a process that never runs a sandbox
    costs no thread) and again in a forked child (`os.register_at_fork`).
    """

    COMPACT_AT = 64  # cancelled entries tolerated before the heap is rebuilt without them

    def __init__(self) -> None:
        self._init()

    def _init(self) -> None:
        self.cond = threading.Condition(threading.RLock())  # a callback may call its watchdog again
        self.heap: list[list] = []
        self.sequence = 0
        self.cancelled = 0
        self.failures = 0
        self.thread: threading.Thread | None = None

    def schedule(self, when: float, watchdog: Watchdog) -> list:
        """Add a deadline (called with `cond` held); returns its entry, for `cancel`."""
        if self.thread is None:
            self.thread = threading.Thread(target=self._loop, name="mpwasm-watchdog", daemon=True)
            self.thread.start()
        self.sequence += 1
        entry = [when, self.sequence, watchdog]
        heapq.heappush(self.heap, entry)
        if self.heap[0] is entry:  # earlier than what the thread waits for
            self.cond.notify()
        return entry

    def cancel(self, entry: list) -> None:
        """Make `entry` never fire (called with `cond` held)."""
        if entry[2] is not None:
            entry[2] = None
            self.cancelled += 1
            if self.cancelled > self.COMPACT_AT and self.cancelled * 2 > len(self.heap):
                self.heap = [e for e in self.heap if e[2] is not None]
                heapq.heapify(self.heap)
                self.cancelled = 0

    def _loop(self) -> None:
        """Fire due deadlines, in order, forever; an exception in a callback never ends the thread
        (it would leave every later run of every sandbox without a wall clock)."""
        cond, heap = self.cond, None
        with cond:
            while True:
                heap = self.heap
                while heap and heap[0][2] is None:
                    heapq.heappop(heap)
                    self.cancelled -= 1
                if not heap:
                    cond.wait()
                    continue
                now = time.monotonic()
                when = heap[0][0]
                if when > now:
                    cond.wait(timeout=min(when - now, MAX_WAIT))  # clamped below TIMEOUT_MAX
                    continue
                entry = heapq.heappop(heap)
                watchdog = entry[2]
                entry[2] = None
                try:
                    watchdog._due(now)
                except Exception:
                    self.failures += 1

    def after_fork(self) -> None:
        """In a forked child: no thread, a fresh lock; every watchdog re-schedules at its next change."""
        self._init()


_service = _DeadlineService()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_service.after_fork)


class Watchdog:
    """Enforces one sandbox's wall clock and interrupt grace, with the process's one deadline
    thread (`_DeadlineService`), not a thread per sandbox.

    For a run: at `soft_at` it raises KeyboardInterrupt in the guest (`reason = "time"`); if the
    run is still going `grace` seconds later it calls `hard_stop()`. `interrupt()` does the same
    with `reason = "interrupt"` (or `"output"` when the output cap was reached). Outside a run it
    does nothing. `pause()`/`resume()` stop the clock while the guest waits for input. Each
    watchdog has at most one deadline scheduled (the earlier of its soft and hard stop); any
    change cancels it first, so a deadline of an earlier run never fires in a later one.
    """

    def __init__(self, soft_stop: Callable[[], None], hard_stop: Callable[[], None]) -> None:
        self._soft_stop = soft_stop
        self._hard_stop = hard_stop
        self._active = False
        self._soft_at: float | None = None
        self._hard_at: float | None = None
        self._paused_at: float | None = None
        self._entry: list | None = None
        self.reason: str | None = None
        self._closed = False
        self._grace = 1.0

    @property
    def _failures(self) -> int:
        return _service.failures

    def _reschedule(self) -> None:
        """Replace the scheduled deadline by the current earliest one (with the lock held)."""
        entry = self._entry
        if entry is not None:
            _service.cancel(entry)
            self._entry = None
        if not self._active or self._paused_at is not None or self._closed:
            return
        soft, hard = self._soft_at, self._hard_at
        when = soft if hard is None else hard if soft is None else min(soft, hard)
        if when is not None:
            self._entry = _service.schedule(when, self)

    def _due(self, now: float) -> None:
        """The scheduled deadline came (service thread, lock held): soft or hard stop."""
        self._entry = None
        try:
            if not self._active or self._paused_at is not None:
                return
            if self._hard_at is not None and now >= self._hard_at:
                self._hard_at = None
                self._soft_at = None
                self._hard_stop()
            elif self._soft_at is not None and now >= self._soft_at:
                self._soft_at = None
                if self.reason is None:
                    self.reason = "time"
                self._hard_at = now + self._grace  # set first: a failing soft stop still escalates
                self._soft_stop()
        finally:
            self._reschedule()

    def start_run(self, wall_seconds: float, grace: float) -> None:
        with _service.cond:
            self._active = True
            self.reason = None
            self._grace = grace
            self._soft_at = time.monotonic() + wall_seconds
            self._hard_at = None
            self._paused_at = None
            self._reschedule()

    def end_run(self) -> None:
        with _service.cond:
            self._active = False
            self._soft_at = self._hard_at = None
            self._reschedule()

    def interrupt(self, grace: float, reason: str = "interrupt") -> bool:
        """Soft-stop the current run now; escalate after `grace`. False when idle.

        `reason` is recorded unless the run was already stopped for another one.
        """
        with _service.cond:
            if not self._active:
                return False
            if self.reason is None:
                self.reason = reason
            try:
                self._soft_stop()
            finally:
                if self._hard_at is None:
                    self._hard_at = time.monotonic() + grace
                    self._reschedule()
            return True

    def overdue(self) -> bool:
        """Has the current run's wall clock run out (or has the watchdog already stopped it for
        time)? False when idle and after a user interrupt."""
        with _service.cond:
            if not self._active:
                return False
            if self.reason == "time":
                return True
            return self.reason is None and self._soft_at is not None and time.monotonic() >= self._soft_at

    def pause(self) -> None:
        with _service.cond:
            if self._active and self._paused_at is None:
                self._paused_at = time.monotonic()
                self._reschedule()

    def resume(self) -> None:
        with _service.cond:
            if self._paused_at is not None:
                waited = time.monotonic() - self._paused_at
                self._paused_at = None
                if self._soft_at is not None:
                    self._soft_at += waited
                if self._hard_at is not None:
                    self._hard_at += waited
                self._reschedule()

    def close(self) -> None:
        with _service.cond:
            self._closed = True
            self._reschedule()
