"""The interpreter's host imports other than files (`HostImports`, mixed into `Sandbox`):
console output, stdin at EOF, heap growth with the memory-stop detector, the clocks (host time,
or a virtual clock in deterministic mode), random words, abort, big-integer work (`bigint.py`) and
float repr text (`floatrepr.py`)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping

from .bigint import BigIntImports
from .floatrepr import FloatReprImports
from .output import STREAMS
from .stops import GuestAbort, MemoryLimitHit

FIXED_TIME_MS = 1_735_689_600_000.0  # 2025-01-01T00:00:00Z, the clock in deterministic mode
LIVELOCK_FAILURES = 6         # failed heap growths in one run before ...
LIVELOCK_SECONDS = 0.5        # ... or this long after the first failure: MemoryLimitExceeded (soft stop)
EINVAL = 22                   # errno returned by the console's fd_write for an invalid iovec array


class LazyImports(Mapping[str, Callable[..., object]]):
    """The host functions `build()` returns, built on first access: a sandbox created from an
    image and never run (a pool's spare, one of a thousand idle sandboxes) skips making the ~50
    closures."""

    def __init__(self, build: Callable[[], dict[str, Callable[..., object]]]) -> None:
        self._build: Callable[[], dict[str, Callable[..., object]]] | None = build
        self._table: dict[str, Callable[..., object]] = {}

    def _get_table(self) -> dict[str, Callable[..., object]]:
        if self._build is not None:
            self._table, self._build = self._build(), None
        return self._table

    def __getitem__(self, name: str) -> Callable[..., object]:
        return self._get_table()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get_table())

    def __len__(self) -> int:
        return len(self._get_table())


class HostImports:
    """Builds the host functions the interpreter imports, bound to the sandbox's state."""

    def _host_imports(self) -> dict[str, Callable[..., object]]:
        fs_imports = self._fs.imports()

        def fd_write(fd: int, iovs: int, iovs_len: int, nwritten: int) -> int:
            if fd not in STREAMS:
                return fs_imports["fd_write"](fd, iovs, iovs_len, nwritten)
            mem = self._instance.memory
            vecs = self._fs.iovecs(iovs, iovs_len)  # count and total size capped, ranges checked
            if vecs is None:
                return EINVAL
            data = mem.gather(vecs)
            mem.write_u32(nwritten, len(data))
            if self._output is not None:
                self._output.write(fd, data)
            return 0

        def fd_read(fd: int, iovs: int, iovs_len: int, nread: int) -> int:
            if fd == 0:
                self._instance.memory.write_u32(nread, 0)  # stdin is always at EOF
                return 0
            return fs_imports["fd_read"](fd, iovs, iovs_len, nread)

        def resize_heap(requested: int) -> int:
            if self._instance.memory.grow_to(requested & 0xFFFFFFFF):
                return 1
            if self._instance.growth_is_optional():
                return 0  # the heap's policy growth after a collection: the guest goes on without it
            now = time.monotonic()
            if self._growth_failures == 0:
                self._first_failure = now
            self._growth_failures += 1
            if self._memory_stop_at is not None:
                # Still failing after the soft stop: the guest is not unwinding (a loop inside C code).
                if now - self._memory_stop_at > LIVELOCK_SECONDS:
                    raise MemoryLimitHit()
            elif self._growth_failures >= LIVELOCK_FAILURES or now - self._first_failure > LIVELOCK_SECONDS:
                # A soft stop, like the wall clock's first stage: KeyboardInterrupt at the guest's next
                # check, where the interpreter is consistent, so the cell keeps what it did before.
                # Escalates to a hard stop (rollback) as promptly as the detector did before: the
                # allocator can also loop inside C code, where the interpreter never checks.
                self._memory_stop_at = now
                self._watchdog.interrupt(min(self.interrupt_grace, LIVELOCK_SECONDS), reason="memory")
            return 0

        def ticks_ms() -> int:
            # MicroPython's time.sleep() is a busy loop over this clock with no interrupt check.
            # A pending stop makes the clock jump far ahead so any sleep ends at once (then the
            # KeyboardInterrupt fires); a busy loop polling the same millisecond is slowed down
            # with real sleeps so it does not burn a host core.
            if self.deterministic:  # no host time: a clock of fuel and readings (virtualclock.py)
                stop, self._stop_requested = self._stop_requested, False
                fuel = self._instance.store.get_fuel() if self._fuel else None
                now = self._virtual_clock.read(self._run_started, fuel, stop_pending=stop)
                return ((now + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)
            if self._stop_requested:
                self._stop_requested = False
                self._ticks_offset += 1 << 30
            now = int((time.monotonic() - self._start_time) * 1000) + self._ticks_offset
            if now == self._ticks_last:
                self._ticks_repeats += 1
                if self._ticks_repeats > 8:
                    time.sleep(0.001)
            else:
                self._ticks_last, self._ticks_repeats = now, 0
            return ((now + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)  # an i32; the port does unsigned differences

        def time_ms() -> float:
            return FIXED_TIME_MS if self.deterministic else time.time() * 1000.0

        def random_u32() -> int:
            value = self._rng.getrandbits(32)
            return value - (1 << 32) if value >= 1 << 31 else value

        def abort() -> None:
            raise GuestAbort()

        def charge_fuel(cost: int) -> bool:
            if not self._fuel:
                return True
            store = self._instance.store
            left = store.get_fuel()
            store.set_fuel(max(0, left - cost))  # at 0 the guest's next fuel check stops the run
            return cost <= left

        def stopping() -> bool:  # set by the watchdog for any stop of the run (no lock taken)
            return self._watchdog.reason is not None

        imports: dict[str, Callable[..., object]] = dict(fs_imports)
        imports.update(BigIntImports(lambda: self._instance.memory, charge_fuel, stopping).imports())
        imports.update(FloatReprImports(lambda: self._instance.memory, stopping).imports())
        imports.update({
            "fd_write": fd_write,
            "fd_read": fd_read,
            "emscripten_resize_heap": resize_heap,
            "mp_js_ticks_ms": ticks_ms,
            "mp_js_time_ms": time_ms,
            "mp_js_random_u32": random_u32,
            "_abort_js": abort,
        })
        return imports
