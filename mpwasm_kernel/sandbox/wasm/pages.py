"""Snapshots of image-backed memory that cost what the sandbox owns, not the size of its memory.

A sandbox started from a `MemoryImage` (image.py) maps the image privately: a page it never
wrote is still the image's page (or, beyond the image, an untouched zero page). Linux tells which
pages a process owns privately through `/proc/self/pagemap` (present, and not a file page). So:

* `PageSnapshot.take` copies only the sandbox's private pages (found in runs, with the bytes of
  the pagemap handled as byte strings, not page by page in Python);
* `PageSnapshot.restore` copies them back and *discards* every page that became private since
  (`madvise(MADV_DONTNEED)`): in the image region it reads as the image again, beyond it as
  zeros. Memory grown since the snapshot is discarded the same way, so a rolled-back heavy run
  gives its resident memory back to the host;
* `ImagePristine` is the pristine state of such a sandbox: the image itself. Restoring it maps
  the image again (dropping every private page) and discards the memory grown beyond it.

`private_bytes(memory)` measures what one sandbox owns (its share of resident memory that no
other sandbox shares).
"""

from __future__ import annotations

import ctypes
import mmap
import os
import re
import threading

from .emscripten import EmscriptenInstance
from .image import PAGE, BootImage, discard

_PRESENT = 0x80  # bit 63 of a pagemap entry, in the entry's last byte
_FILE = 0x20     # bit 61: a file page (here: still the image's page) or shared anonymous memory
#: pagemap entry's last byte -> 1 if the page is the process's own (present, anonymous)
_OWNED = bytes(1 if b & _PRESENT and not b & _FILE else 0 for b in range(256))
_RUNS = re.compile(b"\x01+")

_pagemap_fd = -1
_pagemap_lock = threading.Lock()


def _pagemap() -> int:
    global _pagemap_fd
    with _pagemap_lock:
        if _pagemap_fd < 0:
            _pagemap_fd = os.open("/proc/self/pagemap", os.O_RDONLY | os.O_CLOEXEC)
        return _pagemap_fd


def owned_pages(address: int, size: int) -> bytes:
    """One byte per page of `[address, address + size)`: 1 if the process owns it privately."""
    count = (size + PAGE - 1) // PAGE
    raw = os.pread(_pagemap(), count * 8, (address // PAGE) * 8)
    return raw[7::8].translate(_OWNED)


def _runs(mask: bytes) -> list[tuple[int, int]]:
    """`(first page, page count)` of every run of 1s in `mask`."""
    return [(m.start(), m.end() - m.start()) for m in _RUNS.finditer(mask)]


def private_bytes(address: int, size: int) -> int:
    """Bytes of `[address, address + size)` this process owns privately (written pages)."""
    return owned_pages(address, size).count(1) * PAGE


class PageSnapshot:
    """The pre-run snapshot of an image-backed instance: its private pages and stack pointer."""

    def __init__(self, image: BootImage) -> None:
        self._image = image
        self._map: mmap.mmap | None = None
        self._addr = 0
        self._mask = b""
        self.size = 0
        self.stack_pointer = 0
        self.valid = False

    def _ensure_capacity(self, size: int) -> None:
        if self._map is not None and len(self._map) >= size:
            return
        new = mmap.mmap(-1, max(size, PAGE))  # untouched pages of it cost nothing
        new_addr = ctypes.addressof(ctypes.c_char.from_buffer(new))
        if self._map is not None:
            for first, count in _runs(self._mask):
                ctypes.memmove(new_addr + first * PAGE, self._addr + first * PAGE, count * PAGE)
            self._map.close()
        self._map, self._addr = new, new_addr

    def take(self, instance: EmscriptenInstance) -> None:
        """Copy the pages the instance owns now (everything else is the image or zeros)."""
        size = instance.memory.size
        base = instance.memory.address()
        self._ensure_capacity(size)
        mask = owned_pages(base, size)
        for first, count in _runs(mask):
            ctypes.memmove(self._addr + first * PAGE, base + first * PAGE, count * PAGE)
        if self._mask:  # buffer pages no longer needed give their memory back
            stale = int.from_bytes(self._mask, "little") & ~int.from_bytes(mask.ljust(len(self._mask), b"\0"),
                                                                            "little")
            if stale:
                gone = stale.to_bytes(len(self._mask), "little")
                for first, count in _runs(gone):
                    discard(self._addr + first * PAGE, count * PAGE)
        self._mask = mask
        self.size = size
        self.stack_pointer = instance.stack_pointer()
        self.valid = True

    def restore(self, instance: EmscriptenInstance) -> None:
        """Put the memory back as it was at `take`: saved pages copied back, pages written since
        discarded (they read as the image or zeros again), memory grown since discarded."""
        if not self.valid:
            raise RuntimeError("no snapshot to restore")
        size = instance.memory.size
        if size < self.size:
            raise RuntimeError("memory shrank below the snapshot; cannot restore")
        base = instance.memory.address()
        now = owned_pages(base, self.size)
        written = int.from_bytes(now, "little") & ~int.from_bytes(self._mask, "little")
        if written:
            for first, count in _runs(written.to_bytes(len(now), "little")):
                discard(base + first * PAGE, count * PAGE)
        for first, count in _runs(self._mask):
            ctypes.memmove(base + first * PAGE, self._addr + first * PAGE, count * PAGE)
        discard(base + self.size, size - self.size)
        instance.after_restore(self.stack_pointer)

    def release(self) -> None:
        """Unmap the copy now (the snapshot becomes empty and invalid)."""
        if self._map is not None:
            self._map.close()
        self._map, self._addr, self._mask = None, 0, b""
        self.size, self.valid = 0, False

    @property
    def stored_bytes(self) -> int:
        """Bytes copied (the instance's private pages at `take`)."""
        return self._mask.count(1) * PAGE


class ImagePristine:
    """The pristine state of an image-backed instance: the image (nothing to copy or keep)."""

    stored_bytes = 0
    valid = True

    def __init__(self, image: BootImage) -> None:
        self._image = image
        self.size = image.size
        self.stack_pointer = image.stack_pointer

    def restore(self, instance: EmscriptenInstance) -> None:
        """Map the image again (every private page is dropped) and discard memory grown since."""
        base = instance.memory.address()
        self._image.memory.map_over(base)
        discard(base + self.size, instance.memory.size - self.size)
        instance.after_restore(self.stack_pointer)

    def release(self) -> None:
        """Nothing to free: the image belongs to the process."""
