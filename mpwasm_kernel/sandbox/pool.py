"""`SandboxPool`: clean sandboxes checked out and returned, recycled by `reset()`.

Every sandbox of a process starts from the process's booted image (wasm/image.py), so a new one
costs about a millisecond; the pool also saves that and the instance's first page faults. A
sandbox handed out is always pristine: fresh namespace, no files, the pool's limits, callbacks
and host functions. A returned sandbox is reset and kept for the next checkout, or closed when
the pool already keeps `max_idle` sandboxes, when it was closed, or when its configuration was
changed in a way a reset does not undo (host functions registered while checked out). A borrower
may set its own limits and callbacks (`on_output`, `on_display`, `on_input`, `on_exit`): a
returned sandbox gets the pool's back.

Thread-safe: any thread may check out and return sandboxes (each sandbox is used by one thread
at a time, like any `Sandbox`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .limits import Limits
from .sandbox import Sandbox


class SandboxPool:
    """A pool of pristine `Sandbox` objects created with the same options.

    `options` are the keyword arguments of `Sandbox` (limits, variant, on_output, on_display,
    on_input, mounts, deterministic, seed, interrupt_grace, functions). `max_idle` bounds how many
    returned sandboxes are kept; `prefill` creates that many up front.
    """

    def __init__(self, *, max_idle: int = 8, prefill: int = 0, **options: Any) -> None:
        if max_idle < 0 or prefill < 0:
            raise ValueError("max_idle and prefill must be >= 0")
        self._options = dict(options)
        self._limits: Limits = options.get("limits") or Limits()
        self._on_output: Callable[[str, str], None] | None = options.get("on_output")
        self._callbacks = {name: options.get(name) for name in ("on_display", "on_input", "on_exit")}
        self._functions: Mapping[str, Callable[..., object]] = dict(options.get("functions") or {})
        self._grace = options.get("interrupt_grace", 1.0)
        self.max_idle = max_idle
        self._idle: list[Sandbox] = []
        self._out: set[int] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.created = 0   #: sandboxes created by the pool
        self.reused = 0    #: checkouts served by a recycled sandbox
        for _ in range(min(prefill, max_idle)):
            self._idle.append(self._new())

    def _new(self) -> Sandbox:
        sandbox = Sandbox(**self._options)
        self.created += 1
        return sandbox

    def acquire(self) -> Sandbox:
        """Check out a pristine sandbox (recycled, or new). Return it with `release`."""
        with self._lock:
            if self._closed:
                raise RuntimeError("this SandboxPool is closed")
            sandbox = self._idle.pop() if self._idle else None
            if sandbox is not None:
                self.reused += 1
        if sandbox is None:
            sandbox = self._new()
        with self._lock:
            self._out.add(id(sandbox))
        return sandbox

    def release(self, sandbox: Sandbox) -> None:
        """Return a sandbox checked out from this pool: reset and kept, or closed (see the
        module docstring). `ValueError` for a sandbox this pool did not hand out."""
        with self._lock:
            if id(sandbox) not in self._out:
                raise ValueError("this sandbox was not checked out from this pool")
            self._out.discard(id(sandbox))
            keep = not self._closed and len(self._idle) < self.max_idle
        if keep:
            keep = self._recycle(sandbox)
        if keep:
            with self._lock:
                if not self._closed and len(self._idle) < self.max_idle:
                    self._idle.append(sandbox)
                    return
        sandbox.close()

    def _recycle(self, sandbox: Sandbox) -> bool:
        """Reset `sandbox` to the pool's configuration; False if it cannot be reused."""
        try:
            if sandbox.functions.keys() != self._functions.keys() or any(
                    sandbox.functions[name] is not fn for name, fn in self._functions.items()):
                return False
            sandbox.limits = self._limits
            sandbox.on_output = self._on_output
            for name, callback in self._callbacks.items():  # a borrower may have set its own
                setattr(sandbox, name, callback)
            sandbox.interrupt_grace = self._grace
            sandbox.reset()
        except Exception:  # closed, busy, or a reset that failed: not reusable
            return False
        return True

    @contextlib.contextmanager
    def sandbox(self) -> Iterator[Sandbox]:
        """``with pool.sandbox() as sb:`` — check out a sandbox for the block, return it after."""
        sandbox = self.acquire()
        try:
            yield sandbox
        finally:
            self.release(sandbox)

    @property
    def idle(self) -> int:
        """Sandboxes kept ready for the next checkout."""
        with self._lock:
            return len(self._idle)

    def close(self) -> None:
        """Close the idle sandboxes; sandboxes still checked out are closed when returned."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for sandbox in idle:
            sandbox.close()

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
