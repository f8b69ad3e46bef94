"""Give the host back the pages of guest memory that the guest's allocators hold free.

Two allocators share the guest's linear memory: Emscripten's C allocator (dlmalloc), and
MicroPython's garbage-collected heap, whose areas are blocks `malloc`'d from it (the first area at
start-up, more when the heap grows: `MICROPY_GC_SPLIT_HEAP_AUTO`). After one heavy cell the host
would keep the pages of its garbage resident for the rest of the session. Between runs nothing
allocates, so what either allocator holds free holds nothing anyone reads:

* dlmalloc's free chunks and its top chunk: dlmalloc only reads a free chunk's first 32 bytes
  (header, list and tree links) and the next chunk's `prev_foot`, and clears what `calloc`
  returns; the memory past the end of its one segment (the top chunk's fence post), when that end
  is the C library's break (`sbrk`), is used by nothing;
* the GC's free blocks: a block is free when its two bits in the area's allocation table (ATB)
  are 0, and `gc_alloc` / `gc_realloc` clear every block they hand out
  (`MICROPY_GC_CONSERVATIVE_CLEAR`); a collection reads only blocks whose ATB says head or tail.
  An area freed by a collection is a dlmalloc chunk again (above); one that still holds a live
  object keeps its free blocks here, which is where most of a heavy cell's garbage ends up.

So those pages are discarded (`MADV_DONTNEED`): they read as zeros (or the image's bytes)
afterwards. Collections inside a run (interpreter patches) only make more blocks free: the host
looks between runs, when the tables are consistent.

dlmalloc's state (`_gm_`: smallmap, treemap, dvsize, topsize, least_addr, dv, top, ..., magic)
and the first GC area (`MP_STATE_MEM(area)`: next, alloc table, its length, finaliser and weakref
tables, pool start and end, ...) are found by shape once per image, in static data. Every use
checks the shape again: the chunk walk checks every header (size, alignment, `cinuse` against the
next chunk's `pinuse`), the area walk every area's tables against `gc_setup_area`'s arithmetic,
and each gives up, discarding nothing, at the first inconsistency. A guest that corrupted its own
heap can at most lose its own free memory.
"""

from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Callable

from .image import PAGE, discard

CINUSE, PINUSE = 2, 1
FREE_HEADER = 32        # prev_foot, head, fd, bk, child[2], parent, index (32-bit dlmalloc)
SEGMENT = 448           # offset of `seg` (base, size, next, sflags) in dlmalloc's state
STATIC_SCAN = 512 << 10  # where to look for the allocators' state (static data, below the heap)
MAX_CHUNKS = 200_000    # walk bound
MAX_AREAS = 256         # GC areas walked at most
BYTES_PER_BLOCK, BLOCKS_PER_ATB, BLOCKS_PER_FTB = 16, 4, 8
ATB_PAGE = PAGE // (BYTES_PER_BLOCK * BLOCKS_PER_ATB)  # ATB bytes that describe one page of pool
# Runs of free blocks covering a page or more. A run is only tried where it starts (not after a
# zero byte), so a table of runs just short of a page is scanned in linear time.
_FREE_ATB = re.compile(b"(?<!\0)\0{%d,}" % ATB_PAGE)
AREA_WORDS = 9          # next, atb, atb_len, ftb, wtb, pool_start, pool_end, last_free, last_used


def _words(memory: bytes) -> tuple[int, ...]:
    region = memory[:min(len(memory), STATIC_SCAN)]
    return struct.unpack(f"<{len(region) // 4}I", region[:len(region) // 4 * 4])


def find_malloc_state(memory: bytes) -> int | None:
    """Address of dlmalloc's state in `memory` (a whole linear memory), or None unless exactly
    one place has its shape."""
    words = _words(memory)
    found = []
    for i in range(len(words) - 10):
        topsize, least, top, magic = words[i + 3], words[i + 4], words[i + 6], words[i + 9]
        if not (topsize and magic and 0 < least <= top and top % 8 == 0 and top + topsize <= len(memory)):
            continue
        if struct.unpack_from("<I", memory, top + 4)[0] == topsize | PINUSE:
            found.append(i * 4)
    return found[0] if len(found) == 1 else None


def find_break(memory: bytes, state: int | None) -> int | None:
    """Address of the C library's break (`sbrk`'s current end, a word in static data) in
    `memory`, given dlmalloc's state there: the one word below the heap equal to the end of
    dlmalloc's segment; None unless exactly one."""
    if state is None or not 0 <= state <= len(memory) - SEGMENT - 16:
        return None
    seg_base, seg_size = struct.unpack_from("<II", memory, state + SEGMENT)
    words = _words(memory[:seg_base])  # static data, below the heap
    found = [i * 4 for i, value in enumerate(words) if value == seg_base + seg_size]
    return found[0] if len(found) == 1 else None


def _area_ok(w: tuple[int, ...] | list[int], size: int) -> bool:
    """Do these `AREA_WORDS` words describe a GC area as `gc_setup_area` lays it out?"""
    _next, atb, length, ftb, wtb, pool, end, last_free, last_used = w
    tables = (length * BLOCKS_PER_ATB + BLOCKS_PER_FTB - 1) // BLOCKS_PER_FTB
    return (0 < length and 0 < atb and ftb == atb + length + 1 and wtb == ftb + tables
            and pool >= wtb + tables and end - pool == length * BLOCKS_PER_ATB * BYTES_PER_BLOCK
            and end <= size and last_free <= length and last_used < length * BLOCKS_PER_ATB)


def find_gc_area(memory: bytes) -> int | None:
    """Address of the GC's first heap area (`MP_STATE_MEM(area)`, in static data) in `memory`
    (a whole booted linear memory), or None unless exactly one place has its shape."""
    words = _words(memory)
    found = [i * 4 for i in range(len(words) - AREA_WORDS)
             if words[i + 2] and _area_ok(words[i:i + AREA_WORDS], len(memory))]
    return found[0] if len(found) == 1 else None


def check_state(value: object, size: int) -> None:
    """`ValueError` unless `value` (a cached `find_malloc_state` or `find_gc_area` result) is
    None or an address in linear memory of `size` bytes (every use checks the heap's shape
    again)."""
    if value is not None and not (type(value) is int and 0 <= value < size):
        raise ValueError(f"heap state: bad address {value!r}")


def _reader(base: int) -> Callable[[int], int]:
    def word(addr: int) -> int:
        return ctypes.c_uint32.from_address(base + addr).value

    return word


def free_ranges(base: int, size: int, state: int, brk: int | None = None) -> list[tuple[int, int]] | None:
    """Interiors `(start, end)` of dlmalloc's free chunks and top chunk, and the memory past its
    segment's end when that is the break (the word at `brk`), or None if the heap does not look
    as expected (then nothing may be discarded)."""
    word = _reader(base)
    if not 0 <= state <= size - SEGMENT - 16:
        return None
    least, top, topsize = word(state + 16), word(state + 24), word(state + 12)
    if not (0 < least <= top and top + max(topsize, 8) <= size and word(top + 4) == topsize | PINUSE):
        return None
    out = []
    p, steps = least, 0
    while p < top:
        steps += 1
        head = word(p + 4)
        chunk = head & ~7
        if steps > MAX_CHUNKS or chunk < 16 or chunk % 8 or p + chunk > top:
            return None
        following = word(p + chunk + 4)
        if bool(head & CINUSE) != bool(following & PINUSE):
            return None
        if not head & CINUSE:
            out.append((p + FREE_HEADER, p + chunk))
        p += chunk
    if p != top:
        return None
    out.append((top + FREE_HEADER, top + topsize))
    # One contiguous segment (sbrk) whose end is the top chunk's fence post: past it, nothing.
    seg_base, seg_size, seg_next = word(state + SEGMENT), word(state + SEGMENT + 4), word(state + SEGMENT + 8)
    seg_end = seg_base + seg_size
    if (seg_base == least and seg_next == 0 and top + topsize < seg_end <= min(size, top + topsize + 256)
            and brk is not None and 0 <= brk <= size - 4 and word(brk) == seg_end):
        out.append((seg_end, size))
    return out


def gc_free_ranges(base: int, size: int, area: int) -> list[tuple[int, int]] | None:
    """`(start, end)` of the runs of free GC blocks, in every heap area, that cover at least a
    page; None if an area does not look as `gc_setup_area` made it (then nothing may be
    discarded)."""
    word = _reader(base)
    out: list[tuple[int, int]] = []
    seen = set()
    while area:
        if area in seen or len(seen) >= MAX_AREAS or not 0 <= area <= size - 4 * AREA_WORDS:
            return None
        seen.add(area)
        fields = [word(area + 4 * i) for i in range(AREA_WORDS)]
        if not _area_ok(fields, size):
            return None
        atb, length, pool = fields[1], fields[2], fields[5]
        table = ctypes.string_at(base + atb, length)
        for run in _FREE_ATB.finditer(table):
            first, end = run.span()
            out.append((pool + first * BLOCKS_PER_ATB * BYTES_PER_BLOCK, pool + end * BLOCKS_PER_ATB * BYTES_PER_BLOCK))
        area = fields[0]
    return out


def release_free(base: int, size: int, state: int | None, area: int | None = None,
                 brk: int | None = None) -> list[tuple[int, int]]:
    """Discard the whole pages inside what the allocators hold free (dlmalloc's state at
    `state`, the first GC area at `area`, the break's word at `brk`; any may be None). Returns
    the discarded page runs `(first page, end page)`, relative to `base`; nothing from an
    allocator whose heap could not be read safely."""
    ranges: list[tuple[int, int]] = []
    for found in (free_ranges(base, size, state, brk) if state is not None else None,
                  gc_free_ranges(base, size, area) if area is not None else None):
        ranges.extend(found or ())
    out = []
    for start, end in sorted(ranges):
        first, last = -(-start // PAGE), end // PAGE
        if out and first <= out[-1][1]:  # touching or overlapping runs: one madvise
            if last > out[-1][1]:
                out[-1] = (out[-1][0], last)
        elif last > first:
            out.append((first, last))
    for first, last in out:
        discard(base + first * PAGE, (last - first) * PAGE)
    return out
