"""Snapshots of an interpreter's state, taken before each run and restored after a hard stop.

The state of a MicroPython instance is its linear memory plus the wasm globals outside it; of
those only the shadow-stack pointer changes between top-level calls (`setThrew` is reset
explicitly). A snapshot is a byte copy of memory (one `memmove`, ~0.7 ms for 16 MiB) into a
buffer that is reused while the memory size stays the same.
"""

from __future__ import annotations

import ctypes

from .emscripten import EmscriptenInstance


class MemorySnapshot:
    """A reusable copy of one instance's memory and stack pointer."""

    def __init__(self) -> None:
        self._buffer: ctypes.Array[ctypes.c_char] | None = None
        self.size = 0
        self.stack_pointer = 0
        self.valid = False

    def take(self, instance: EmscriptenInstance) -> None:
        """Copy the instance's memory now."""
        size = instance.memory.size
        if self._buffer is None or len(self._buffer) != size:
            self._buffer = (ctypes.c_char * size)()
        ctypes.memmove(self._buffer, instance.memory.address(), size)
        self.size = size
        self.stack_pointer = instance.stack_pointer()
        self.valid = True

    def restore(self, instance: EmscriptenInstance) -> None:
        """Write the copy back. Memory grown since stays allocated but unused by the guest."""
        if not self.valid or self._buffer is None:
            raise RuntimeError("no snapshot to restore")
        if instance.memory.size < self.size:
            raise RuntimeError("memory shrank below the snapshot; cannot restore")
        ctypes.memmove(instance.memory.address(), self._buffer, self.size)
        instance.after_restore(self.stack_pointer)

    def copy(self) -> MemorySnapshot:
        """An independent copy (used to keep the pristine post-start state)."""
        other = MemorySnapshot()
        if self._buffer is not None:
            other._buffer = (ctypes.c_char * self.size)()
            ctypes.memmove(other._buffer, self._buffer, self.size)
        other.size, other.stack_pointer, other.valid = self.size, self.stack_pointer, self.valid
        return other
