"""Bounds-checked access to the guest's linear memory.

Every pointer that comes from the guest is untrusted: all reads and writes here check that the
range lies inside the memory as it is *now* (it can grow between calls) and raise
`GuestMemoryFault` otherwise, which the sandbox treats like a trap (hard stop and rollback).
"""

from __future__ import annotations

import ctypes
import struct

import wasmtime
from wasmtime import _bindings

_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")
_data_size = _bindings._wasmtime_memory_data_size  # (context, memory) -> bytes; no wrapper frame


class GuestMemoryFault(Exception):
    """The guest handed the host a pointer or length outside its linear memory."""


class GuestMemory:
    """View of one instance's exported `memory`, used only on the thread that owns the store.

    `address()` is the exception: the host address of byte 0, stable for the life of the
    instance (wasmtime reserves the whole address range up front), so another thread may write
    a few interrupt words there while the guest runs.

    Reads and writes go through a `memoryview` of the memory as large as its last size read:
    slicing it and `struct.pack_into`/`unpack_from` on it cost a fraction of a microsecond, a
    ctypes `string_at`/`memmove` call ~2 µs. A wasm memory never shrinks, so a range inside that
    size is inside the memory now; only a range beyond it reads the size again (the memory may
    have grown since; the view is then made anew) before it is refused. After `close()` the view
    is dropped and every access reads the size again, which fails on the closed store
    (`ValueError`).
    """

    def __init__(self, store: wasmtime.Store, memory: wasmtime.Memory) -> None:
        self._store = store
        self._memory = memory
        self._ref = ctypes.byref(memory._memory)
        self._base: int | None = None
        self._known = 0  # the size `_view` covers (0: read the size at the next access)
        self._view = memoryview(b"")

    @property
    def size(self) -> int:
        """Current size of linear memory in bytes (the view is made anew when it changed)."""
        size = _data_size(self._store._context(), self._ref)
        if size != self._known:
            self._view = memoryview((ctypes.c_char * size).from_address(self.address())).cast("B")
            self._known = size
        return size

    def address(self) -> int:
        """Host address of guest byte 0 (read once: it does not move, see the class)."""
        if self._base is None:
            self._base = ctypes.addressof(self._memory.data_ptr(self._store).contents)
        return self._base

    def close(self) -> None:
        """The store is being closed: drop the view; later accesses fail on the closed store."""
        self._known = 0
        self._view = memoryview(b"")

    def within(self, end: int) -> bool:
        """Is `[0, end)` inside memory (an `end` up to the current size)?"""
        return end <= self._known or end <= self.size

    def _check(self, ptr: int, length: int) -> int:
        end = ptr + length
        if ptr < 0 or length < 0 or (end > self._known and end > self.size):
            raise GuestMemoryFault(f"guest range [{ptr}, {end}) is outside memory of {self._known} bytes")
        return ptr

    def read(self, ptr: int, length: int) -> bytes:
        """Copy `length` bytes starting at `ptr`."""
        self._check(ptr, length)
        return self._view[ptr:ptr + length].tobytes()

    def read_upto(self, ptr: int, limit: int) -> bytes:
        """Copy up to `limit` bytes starting at `ptr`: fewer where memory ends before; `ptr`
        must be inside memory."""
        if ptr < 0 or (ptr >= self._known and ptr >= self.size):
            raise GuestMemoryFault(f"guest pointer {ptr} is outside memory of {self._known} bytes")
        if ptr + limit > self._known:
            _ = self.size  # the memory may have grown since: a larger view
        return self._view[ptr:ptr + max(0, limit)].tobytes()

    def write(self, ptr: int, data: bytes | bytearray | memoryview) -> None:
        """Copy `data` into guest memory at `ptr`."""
        if type(data) is not bytes and type(data) is not bytearray:
            data = bytes(data)
        self._check(ptr, len(data))
        self._view[ptr:ptr + len(data)] = data

    def gather(self, vecs: list[tuple[int, int]]) -> bytes:
        """The bytes of several ranges ``(ptr, length)``, concatenated."""
        for ptr, length in vecs:
            self._check(ptr, length)
        view = self._view
        if len(vecs) == 1:
            ptr, length = vecs[0]
            return view[ptr:ptr + length].tobytes()
        return b"".join([view[ptr:ptr + length] for ptr, length in vecs])

    def read_u32(self, ptr: int) -> int:
        self._check(ptr, 4)
        return _U32.unpack_from(self._view, ptr)[0]

    def read_i32(self, ptr: int) -> int:
        self._check(ptr, 4)
        return _I32.unpack_from(self._view, ptr)[0]

    def write_u32(self, ptr: int, value: int) -> None:
        self._check(ptr, 4)
        _U32.pack_into(self._view, ptr, value & 0xFFFFFFFF)

    def write_i32(self, ptr: int, value: int) -> None:
        self._check(ptr, 4)
        _I32.pack_into(self._view, ptr, value)

    def read_cstr(self, ptr: int, limit: int = 4096) -> bytes:
        """Read a NUL-terminated byte string (without the NUL), at most `limit` bytes."""
        raw = self.read_upto(ptr, limit + 1)
        nul = raw.find(b"\0")
        if nul < 0:
            raise GuestMemoryFault(f"unterminated string at {ptr} (limit {limit})")
        return raw[:nul]

    def grow_to(self, nbytes: int) -> bool:
        """Grow memory so it holds at least `nbytes`; False if the store's limit refuses."""
        size = self.size
        if nbytes <= size:
            return True
        pages = (nbytes - size + 0xFFFF) // 0x10000
        try:
            self._memory.grow(self._store, pages)
        except wasmtime.WasmtimeError:
            return False
        return True
