"""Stopping a running guest: the soft interrupt and the hard stop, and the per-run watchdog.

*Soft*: the port's `mp_sched_keyboard_interrupt()` only writes a few words of linear memory
(the kbd exception's traceback pointer, the pending exception, the scheduler state). They are
found once per artifact by diffing memory around that call; writing the same words from another
thread makes the VM raise KeyboardInterrupt at its next check, with the interpreter intact.

*Hard*: `Engine.increment_epoch()` traps the running wasm at its next epoch check (each sandbox
owns its engine, so no other sandbox is hit). The sandbox then restores the pre-run snapshot.
"""

from __future__ import annotations

import ctypes
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


class Watchdog:
    """One background thread per sandbox (from its first run) that enforces a run's wall clock and interrupt grace.

    For a run: at `soft_at` it raises KeyboardInterrupt in the guest (`reason = "time"`); if the
    run is still going `grace` seconds later it calls `hard_stop()`. `interrupt()` does the same
    with `reason = "interrupt"` (or `"output"` when the output cap was reached). Outside a run it
    does nothing. `pause()`/`resume()` stop the clock while the guest waits for input.
    """

    def __init__(self, soft_stop: Callable[[], None], hard_stop: Callable[[], None]) -> None:
        self._soft_stop = soft_stop
        self._hard_stop = hard_stop
        self._cond = threading.Condition()
        self._run_id = 0
        self._active = False
        self._soft_at: float | None = None
        self._hard_at: float | None = None
        self._paused_at: float | None = None
        self.reason: str | None = None
        self._closed = False
        self._failures = 0
        self._grace = 1.0
        # Started with the first run: a sandbox that never runs costs no thread.
        self._thread: threading.Thread | None = None

    def start_run(self, wall_seconds: float, grace: float) -> None:
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="mpwasm-watchdog", daemon=True)
                self._thread.start()
            self._run_id += 1
            self._active = True
            self.reason = None
            self._grace = grace
            self._soft_at = time.monotonic() + wall_seconds
            self._hard_at = None
            self._paused_at = None
            self._cond.notify_all()

    def end_run(self) -> None:
        with self._cond:
            self._active = False
            self._soft_at = self._hard_at = None
            self._cond.notify_all()

    def interrupt(self, grace: float, reason: str = "interrupt") -> bool:
        """Soft-stop the current run now; escalate after `grace`. False when idle.

        `reason` is recorded unless the run was already stopped for another one.
        """
        with self._cond:
            if not self._active:
                return False
            if self.reason is None:
                self.reason = reason
            self._soft_stop()
            if self._hard_at is None:
                self._hard_at = time.monotonic() + grace
            self._cond.notify_all()
            return True

    def overdue(self) -> bool:
        """Has the current run's wall clock run out (or has the watchdog already stopped it for
        time)? False when idle and after a user interrupt."""
        with self._cond:
            if not self._active:
                return False
            if self.reason == "time":
                return True
            return self.reason is None and self._soft_at is not None and time.monotonic() >= self._soft_at

    def pause(self) -> None:
        with self._cond:
            if self._active and self._paused_at is None:
                self._paused_at = time.monotonic()

    def resume(self) -> None:
        with self._cond:
            if self._paused_at is not None:
                waited = time.monotonic() - self._paused_at
                self._paused_at = None
                if self._soft_at is not None:
                    self._soft_at += waited
                if self._hard_at is not None:
                    self._hard_at += waited
                self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _loop(self) -> None:
        """Run `_step` until closed; an exception in a step never ends the thread (it would leave
        every later run without a wall clock and interrupts without escalation)."""
        with self._cond:
            while not self._closed:
                try:
                    self._step()
                except Exception:
                    self._failures += 1
                    self._cond.wait(timeout=0.01)

    def _step(self) -> None:
        """One decision of the loop (called with the condition held)."""
        if not self._active or self._paused_at is not None:
            self._cond.wait()
            return
        now = time.monotonic()
        if self._hard_at is not None and now >= self._hard_at:
            self._hard_at = None
            self._soft_at = None
            self._hard_stop()
            return
        if self._soft_at is not None and now >= self._soft_at:
            self._soft_at = None
            if self.reason is None:
                self.reason = "time"
            self._hard_at = now + self._grace  # set first: a failing soft stop still escalates
            self._soft_stop()
            return
        pending = [t for t in (self._soft_at, self._hard_at) if t is not None]
        # Clamped: Condition.wait raises OverflowError beyond TIMEOUT_MAX.
        self._cond.wait(timeout=min(min(pending) - now, MAX_WAIT) if pending else None)
