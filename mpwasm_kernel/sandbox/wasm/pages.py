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
import threading
import time

from . import heapfree, written
from .emscripten import EmscriptenInstance
from .image import PAGE, BootImage, discard
from .snapshot import MemorySnapshot

_PRESENT = 0x80  # bit 63 of a pagemap entry, in the entry's last byte
_FILE = 0x20     # bit 61: a file page (here: still the image's page) or shared anonymous memory
#: pagemap entry's last byte -> 1 if the page is the process's own (present, anonymous)
_OWNED = bytes(1 if b & _PRESENT and not b & _FILE else 0 for b in range(256))
RELEASE_STEP = 16 << 20  # bytes written since the last release: look for free memory

_ZERO_PAGE = bytes(PAGE)

_pagemap_fd = -1
_pagemap_lock = threading.Lock()


def _pagemap() -> int:
    global _pagemap_fd
    with _pagemap_lock:
        if _pagemap_fd < 0:
            _pagemap_fd = os.open("/proc/self/pagemap", os.O_RDONLY | os.O_CLOEXEC)
        return _pagemap_fd


def _mask(runs: list[tuple[int, int]], pages: int) -> bytes:
    out = bytearray(pages)
    for first, end in runs:
        out[first:end] = b"\x01" * (end - first)
    return bytes(out)


def owned_pages(address: int, size: int) -> bytes:
    """One byte per page of `[address, address + size)`: 1 if the process owns it privately
    (present, anonymous, not the shared zero page)."""
    count = (size + PAGE - 1) // PAGE
    if written.tracker() is not None:  # PAGEMAP_SCAN: one call, and it knows the zero page
        hidden = written.PAGE_IS_FILE | written.PAGE_IS_PFNZERO
        return _mask(written.regions(address, size, mask=written.PAGE_IS_PRESENT | hidden, inverted=hidden), count)
    raw = os.pread(_pagemap(), count * 8, (address // PAGE) * 8)
    return raw[7::8].translate(_OWNED)


def _runs(mask: bytes) -> list[tuple[int, int]]:
    """`(first page, page count)` of every run of 1s in `mask` (a mask of 0s and 1s)."""
    out = []
    find = mask.find
    start = find(1)
    while start >= 0:
        end = find(0, start)
        if end < 0:
            end = len(mask)
        out.append((start, end - start))
        start = find(1, end)
    return out


def _and_not(a: bytes, b: bytes) -> bytes:
    """Pages set in `a` and not in `b` (`b` padded with zeros to `a`'s length)."""
    value = int.from_bytes(a, "little") & ~int.from_bytes(b[:len(a)].ljust(len(a), b"\0"), "little")
    return value.to_bytes(len(a), "little")


def _and(a: bytes, b: bytes) -> bytes:
    value = int.from_bytes(a, "little") & int.from_bytes(b[:len(a)].ljust(len(a), b"\0"), "little")
    return value.to_bytes(len(a), "little")


SWAP_CHECK_SECONDS = 1.0  # how long an answer of `swap_active` is reused
_swap_checked: list[float | bool] = []  # [monotonic time of the last read, its answer]


def swap_active() -> bool:
    """Is any swap space in use on this host? A swapped-out page is neither present nor a file
    page, so these snapshots could not tell it from an untouched one: with swap, sandboxes keep
    the content-comparing `MemorySnapshot` (snapshot.py) instead. `/proc/swaps` is read at most
    every `SWAP_CHECK_SECONDS` (a read costs about a third of a sandbox's creation); a sandbox
    keeps the kind of snapshot it was created with either way."""
    now = time.monotonic()
    if _swap_checked and now - float(_swap_checked[0]) < SWAP_CHECK_SECONDS:
        return bool(_swap_checked[1])
    try:
        with open("/proc/swaps", encoding="ascii") as f:
            active = len(f.read().strip().splitlines()) > 1
    except OSError:
        active = True
    _swap_checked[:] = [now, active]
    return active


def private_bytes(address: int, size: int) -> int:
    """Bytes of `[address, address + size)` this process owns privately (written pages)."""
    return owned_pages(address, size).count(1) * PAGE


def zero_runs(base: int, owned: bytes | bytearray, start: int) -> list[tuple[int, int]]:
    """Page runs `(first, end)` from page `start` on that `owned` marks and that hold only
    zeros: discarding them changes nothing the guest can read (past the image, a discarded page
    reads as zeros)."""
    out = []
    for first, count in _runs(memoryview(owned)[start:].tobytes()):
        first += start
        data = ctypes.string_at(base + first * PAGE, count * PAGE)
        # Page by page (one memcmp each): linear in the run, whatever the zeros between the
        # guest's objects look like (a regex for "a page of zeros" backtracks over every
        # shorter run of zeros, quadratic on e.g. many zeroed 1 kB buffers).
        run = -1
        for page in range(count):
            if data.startswith(_ZERO_PAGE, page * PAGE):
                if run < 0:
                    run = page
            elif run >= 0:
                out.append((first + run, first + page))
                run = -1
        if run >= 0:
            out.append((first + run, first + count))
    return out


class PageSnapshot:
    """The pre-run snapshot of an image-backed instance: its private pages and stack pointer."""

    incremental = True  #: a `take` right after another costs what changed in between

    def __init__(self, image: BootImage) -> None:
        self._image = image
        self._map: mmap.mmap | None = None
        self._addr = 0
        self._mask = b""
        self._tracked = 0         # bytes of memory whose writes are tracked (0: none)
        self._written = 0         # pages written (or newly owned) since the last release
        self._pid = 0             # the process that registered the tracked range
        self.released_bytes = 0   # bytes the last release gave back (releases follow heavy runs)
        self.copied_bytes = 0     # bytes the last `take` copied
        self.size = 0
        self.stack_pointer = 0
        self.valid = False

    def _ensure_capacity(self, size: int) -> None:
        if self._map is not None and len(self._map) >= size:
            return
        # Private and anonymous: untouched pages cost nothing, and discarded ones are freed.
        new = mmap.mmap(-1, max(size, PAGE), flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        new_addr = ctypes.addressof(ctypes.c_char.from_buffer(new))
        if self._map is not None:
            for first, count in _runs(self._mask):
                ctypes.memmove(new_addr + first * PAGE, self._addr + first * PAGE, count * PAGE)
            self._map.close()
        self._map, self._addr = new, new_addr

    def take(self, instance: EmscriptenInstance) -> None:
        """Copy the pages the instance owns that changed since the previous `take` (all of them
        the first time, or where writes cannot be tracked); everything else is the image or
        zeros.

        Where writes are tracked, the cost follows what the last run wrote, not the memory's
        size: the pages owned now are those owned at the previous `take`, plus the pages written
        since (one PAGEMAP_SCAN of the tracked range reports them and protects them again), plus
        the pages owned in memory grown since (scanned once, then tracked). When the runs since
        the last look wrote `RELEASE_STEP` bytes or more, the pages the guest's allocators hold
        free are discarded first (heapfree.py) and leave the snapshot too."""
        size = instance.memory.size
        base = instance.memory.address()
        pages = (size + PAGE - 1) // PAGE
        self._ensure_capacity(size)
        tracker = written.tracker()
        changed: list[tuple[int, int]] | None = None
        if tracker is not None and self._tracked and self.valid and self._pid == os.getpid():
            try:
                changed = tracker.written(base, self._tracked)
            except OSError:  # the range is no longer registered: copy what is owned
                self._tracked = 0
        if changed is not None:
            tracked_pages = self._tracked // PAGE
            owned = bytearray(self._mask[:tracked_pages].ljust(pages, b"\0"))
            copy = bytearray(pages)
            for first, end in changed:  # written since the last look: owned now (or a hole, harmless)
                owned[first:end] = copy[first:end] = b"\1" * (end - first)
            if size > self._tracked:  # memory grown since: what the guest wrote there, then track it
                grown = owned_pages(base + self._tracked, size - self._tracked)
                owned[tracked_pages:] = copy[tracked_pages:] = grown
                self._track(tracker, base + self._tracked, size - self._tracked, size)
        else:
            owned = bytearray(owned_pages(base, size))
            copy = bytearray(owned)
            if tracker is not None:
                self._track(tracker, base, size, size)
                self._pid = os.getpid()
        # Pages written since the last look (untracked: pages newly owned) count towards a release.
        self._written += copy.count(1) if changed is not None else _and_not(bytes(owned), self._mask).count(1)
        previous, released = self._mask, []
        if self._written * PAGE >= RELEASE_STEP:
            # Heavy runs left memory behind: give back what the guest's allocators hold free.
            state = self._image.state
            released = heapfree.release_free(base, size, state.get("malloc_state"), state.get("gc_area"),
                                             state.get("malloc_break"))
            for first, end in released:
                owned[first:end] = bytes(end - first)
            zeros = zero_runs(base, owned, self._image.size // PAGE)  # e.g. a new GC area's tables
            for first, end in zeros:
                discard(base + first * PAGE, (end - first) * PAGE)
            released += zeros
            for first, end in released:
                owned[first:end] = copy[first:end] = bytes(end - first)
            if released and self._tracked:  # a discarded page reads as written: protect them again
                tracker.written(base, self._tracked)
            self._written = 0
            self.released_bytes = sum(end - first for first, end in released) * PAGE
        for first, count in _runs(copy):
            ctypes.memmove(self._addr + first * PAGE, base + first * PAGE, count * PAGE)
        if previous and (released or changed is None):  # buffer pages no longer needed give their memory back
            for first, count in _runs(_and_not(previous, owned)):
                discard(self._addr + first * PAGE, count * PAGE)
        self.copied_bytes = copy.count(1) * PAGE
        self._mask = bytes(owned)
        self.size = size
        self.stack_pointer = instance.stack_pointer()
        self.valid = True

    def _track(self, tracker: written.WriteTracker, address: int, length: int, size: int) -> None:
        try:
            tracker.track(address, length)
            self._tracked = size
        except OSError:  # this range cannot be tracked: every take copies what is owned
            self._tracked = 0

    def forget(self) -> None:
        """The memory was changed outside the tracked runs (mapped anew, restored): the next
        `take` copies everything the instance owns."""
        self._tracked = 0

    def restore(self, instance: EmscriptenInstance) -> None:
        """Put the memory back as it was at `take`: saved pages copied back, pages written since
        discarded (they read as the image or zeros again), memory grown since discarded. Where
        writes are tracked, only the pages written since `take` are touched."""
        if not self.valid:
            raise RuntimeError("no snapshot to restore")
        size = instance.memory.size
        if size < self.size:
            raise RuntimeError("memory shrank below the snapshot; cannot restore")
        base = instance.memory.address()
        tracker = written.tracker()
        pages = len(self._mask)
        incremental = tracker is not None and self._tracked == self.size and self._pid == os.getpid()
        if incremental:
            try:
                changed = _mask(tracker.written(base, self.size), pages)
            except OSError:
                incremental = False
        if incremental:
            back, drop = _and(changed, self._mask), _and_not(changed, self._mask)
        else:
            back, drop = self._mask, _and_not(owned_pages(base, self.size), self._mask)
        for first, count in _runs(drop):
            discard(base + first * PAGE, count * PAGE)
        for first, count in _runs(back):
            ctypes.memmove(base + first * PAGE, self._addr + first * PAGE, count * PAGE)
        discard(base + self.size, size - self.size)
        instance.after_restore(self.stack_pointer)
        if incremental:
            tracker.written(base, self.size)  # the pages just copied back equal the copy again
        else:
            self.forget()

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

    def __init__(self, image: BootImage, snapshot: PageSnapshot | MemorySnapshot) -> None:
        self._image = image
        self._snapshot = snapshot
        self.size = image.size
        self.stack_pointer = image.stack_pointer

    def restore(self, instance: EmscriptenInstance) -> None:
        """Map the image again (every private page is dropped) and discard memory grown since."""
        base = instance.memory.address()
        self._image.memory.map_over(base)
        discard(base + self.size, instance.memory.size - self.size)
        instance.after_restore(self.stack_pointer)
        if isinstance(self._snapshot, PageSnapshot):
            self._snapshot.forget()  # a new mapping: its writes are no longer tracked

    def release(self) -> None:
        """Nothing to free: the image belongs to the process."""
