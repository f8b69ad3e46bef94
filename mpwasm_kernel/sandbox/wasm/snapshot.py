"""Snapshots of an interpreter's state, taken before each run and restored after a hard stop.

The state of a MicroPython instance is its linear memory plus the wasm globals outside it; of
those only the shadow-stack pointer changes between top-level calls (the setjmp state,
`__THREW__` and `__threwValue`, is in linear memory).

Memory is copied in 64 KiB chunks into an anonymous mapping. Chunks that are all zero (most of
a fresh 16 MiB memory, and whatever the guest has not touched since it grew) are only marked,
not copied, so they cost neither copy time nor resident memory in the snapshot.
"""

from __future__ import annotations

import ctypes
import mmap

from .emscripten import EmscriptenInstance

CHUNK = 1 << 16
_libc = ctypes.CDLL(None)
_memcmp = _libc.memcmp
_memcmp.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
_memcmp.restype = ctypes.c_int
_ZERO = (ctypes.c_char * CHUNK)()
_ZERO_ADDR = ctypes.addressof(_ZERO)


class MemorySnapshot:
    """A reusable copy of one instance's memory and stack pointer."""

    incremental = False  #: every `take` compares the whole memory

    def __init__(self) -> None:
        self._map: mmap.mmap | None = None
        self._addr = 0
        self._nonzero = bytearray()
        self.size = 0
        self.stack_pointer = 0
        self.valid = False

    def _ensure_capacity(self, size: int) -> None:
        if self._map is not None and len(self._map) >= size:
            return
        new = mmap.mmap(-1, max(size, CHUNK))
        new_addr = ctypes.addressof(ctypes.c_char.from_buffer(new))
        if self._map is not None:
            for i, flag in enumerate(self._nonzero):
                if flag:
                    ctypes.memmove(new_addr + i * CHUNK, self._addr + i * CHUNK, min(CHUNK, self.size - i * CHUNK))
        self._map, self._addr = new, new_addr

    def take(self, instance: EmscriptenInstance) -> None:
        """Copy the instance's memory now (only chunks that are not all zero)."""
        size = instance.memory.size
        self._ensure_capacity(size)
        base, dst = instance.memory.address(), self._addr
        count = (size + CHUNK - 1) // CHUNK
        if len(self._nonzero) < count:
            self._nonzero.extend(bytes(count - len(self._nonzero)))
        flags = self._nonzero
        for i in range(count):
            off = i * CHUNK
            n = min(CHUNK, size - off)
            if _memcmp(base + off, _ZERO_ADDR, n) == 0:
                flags[i] = 0
            else:
                ctypes.memmove(dst + off, base + off, n)
                flags[i] = 1
        self.size = size
        self.stack_pointer = instance.stack_pointer()
        self.valid = True

    def restore(self, instance: EmscriptenInstance) -> None:
        """Write the copy back. Memory grown since stays allocated but unused by the guest."""
        if not self.valid:
            raise RuntimeError("no snapshot to restore")
        if instance.memory.size < self.size:
            raise RuntimeError("memory shrank below the snapshot; cannot restore")
        base, src = instance.memory.address(), self._addr
        for i in range((self.size + CHUNK - 1) // CHUNK):
            off = i * CHUNK
            n = min(CHUNK, self.size - off)
            if self._nonzero[i]:
                ctypes.memmove(base + off, src + off, n)
            elif _memcmp(base + off, _ZERO_ADDR, n) != 0:
                ctypes.memset(base + off, 0, n)
        instance.after_restore(self.stack_pointer)

    def copy(self) -> MemorySnapshot:
        """An independent copy (used to keep the pristine post-start state)."""
        other = MemorySnapshot()
        other._ensure_capacity(self.size)
        other._nonzero = bytearray(self._nonzero)
        for i, flag in enumerate(self._nonzero):
            if flag:
                off = i * CHUNK
                ctypes.memmove(other._addr + off, self._addr + off, min(CHUNK, self.size - off))
        other.size, other.stack_pointer, other.valid = self.size, self.stack_pointer, self.valid
        return other

    def release(self) -> None:
        """Unmap the copy now (the snapshot becomes empty and invalid)."""
        if self._map is not None:
            self._map.close()
        self._map, self._addr, self._nonzero = None, 0, bytearray()
        self.size, self.valid = 0, False

    @property
    def stored_bytes(self) -> int:
        """Bytes actually copied (non-zero chunks)."""
        return sum(self._nonzero) * CHUNK
