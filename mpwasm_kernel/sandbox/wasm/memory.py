"""Bounds-checked access to the guest's linear memory.

Every pointer that comes from the guest is untrusted: all reads and writes here check that the
range lies inside the memory as it is *now* (it can grow between calls) and raise
`GuestMemoryFault` otherwise, which the sandbox treats like a trap (hard stop and rollback).
"""

from __future__ import annotations

import ctypes
import struct

import wasmtime

_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")


class GuestMemoryFault(Exception):
    """The guest handed the host a pointer or length outside its linear memory."""


class GuestMemory:
    """View of one instance's exported `memory`, used only on the thread that owns the store.

    `address()` is the exception: the host address of byte 0, stable for the life of the
    instance (wasmtime reserves the whole address range up front), so another thread may write
    a few interrupt words there while the guest runs.
    """

    def __init__(self, store: wasmtime.Store, memory: wasmtime.Memory) -> None:
        self._store = store
        self._memory = memory
        self._base: int | None = None

    @property
    def size(self) -> int:
        """Current size of linear memory in bytes."""
        return self._memory.data_len(self._store)

    def address(self) -> int:
        """Host address of guest byte 0 (read once: it does not move, see the class)."""
        if self._base is None:
            self._base = ctypes.addressof(self._memory.data_ptr(self._store).contents)
        return self._base

    def _check(self, ptr: int, length: int) -> int:
        size = self.size
        if ptr < 0 or length < 0 or ptr + length > size:
            raise GuestMemoryFault(f"guest range [{ptr}, {ptr + length}) is outside memory of {size} bytes")
        return ptr

    def read(self, ptr: int, length: int) -> bytes:
        """Copy `length` bytes starting at `ptr`."""
        self._check(ptr, length)
        if length == 0:
            return b""
        return ctypes.string_at(self.address() + ptr, length)

    def write(self, ptr: int, data: bytes | bytearray | memoryview) -> None:
        """Copy `data` into guest memory at `ptr`."""
        data = bytes(data)
        self._check(ptr, len(data))
        if data:
            ctypes.memmove(self.address() + ptr, data, len(data))

    def gather(self, vecs: list[tuple[int, int]]) -> bytes:
        """The bytes of several ranges ``(ptr, length)``, concatenated (one size check for all)."""
        size, base = self.size, self.address()
        for ptr, length in vecs:
            if ptr < 0 or length < 0 or ptr + length > size:
                raise GuestMemoryFault(f"guest range [{ptr}, {ptr + length}) is outside memory of {size} bytes")
        return b"".join([ctypes.string_at(base + ptr, length) for ptr, length in vecs])

    def read_u32(self, ptr: int) -> int:
        return _U32.unpack(self.read(ptr, 4))[0]

    def read_i32(self, ptr: int) -> int:
        return _I32.unpack(self.read(ptr, 4))[0]

    def write_u32(self, ptr: int, value: int) -> None:
        self.write(ptr, _U32.pack(value & 0xFFFFFFFF))

    def write_i32(self, ptr: int, value: int) -> None:
        self.write(ptr, _I32.pack(value))

    def read_cstr(self, ptr: int, limit: int = 4096) -> bytes:
        """Read a NUL-terminated byte string (without the NUL), at most `limit` bytes."""
        size = self.size
        self._check(ptr, 0)
        end = min(size, ptr + limit + 1)
        raw = self.read(ptr, end - ptr)
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
