"""Give the host back the pages of guest memory that the guest's C allocator holds free.

MicroPython's split heap grows by `malloc`'ing new GC areas and frees an area when a collection
leaves it empty; Emscripten's C allocator (dlmalloc) keeps the freed memory as free chunks, so
after one heavy cell the host would keep its pages resident for the rest of the session. Between
runs nothing allocates, so the interiors of dlmalloc's free chunks (and of its top chunk) hold
nothing anyone reads: dlmalloc only reads a free chunk's first 32 bytes (header, list and tree
links) and the next chunk's `prev_foot`, and clears what `calloc` returns; MicroPython's GC clears
every block it allocates (`MICROPY_GC_CONSERVATIVE_CLEAR`) and the tables of a new area. So those
pages are discarded (`MADV_DONTNEED`): they read as zeros (or the image's bytes) afterwards.

dlmalloc's state (`_gm_`: smallmap, treemap, dvsize, topsize, least_addr, dv, top, ..., magic)
is found by shape once per image: the one place in static data where `top`'s chunk header holds
`topsize | PINUSE`. The chunk walk checks every header (size, alignment, `cinuse` against the next
chunk's `pinuse`) and gives up, discarding nothing, at the first inconsistency.
"""

from __future__ import annotations

import ctypes
import struct

from .image import PAGE, discard

CINUSE, PINUSE = 2, 1
FREE_HEADER = 32        # prev_foot, head, fd, bk, child[2], parent, index (32-bit dlmalloc)
STATIC_SCAN = 512 << 10  # where to look for the allocator's state (static data, below the heap)
MAX_CHUNKS = 200_000    # walk bound


def find_malloc_state(memory: bytes) -> int | None:
    """Address of dlmalloc's state in `memory` (a whole linear memory), or None unless exactly
    one place has its shape."""
    region = memory[:min(len(memory), STATIC_SCAN)]
    words = struct.unpack(f"<{len(region) // 4}I", region[:len(region) // 4 * 4])
    found = []
    for i in range(len(words) - 10):
        topsize, least, top, magic = words[i + 3], words[i + 4], words[i + 6], words[i + 9]
        if not (topsize and magic and 0 < least <= top and top % 8 == 0 and top + topsize <= len(memory)):
            continue
        if struct.unpack_from("<I", memory, top + 4)[0] == topsize | PINUSE:
            found.append(i * 4)
    return found[0] if len(found) == 1 else None


def check_state(value: object, size: int) -> None:
    """`ValueError` unless `value` (a cached `find_malloc_state` result) is None or an address in
    linear memory of `size` bytes (every use checks the heap's shape again)."""
    if value is not None and not (type(value) is int and 0 <= value < size):
        raise ValueError(f"malloc state: bad address {value!r}")


def free_ranges(base: int, size: int, state: int) -> list[tuple[int, int]] | None:
    """Interiors `(start, end)` of dlmalloc's free chunks and top chunk, or None if the heap does
    not look as expected (then nothing may be discarded)."""

    def word(addr: int) -> int:
        return ctypes.c_uint32.from_address(base + addr).value

    if not 0 <= state <= size - 40:
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
    return out


def release_free(base: int, size: int, state: int) -> int:
    """Discard the whole pages inside free chunks; return the bytes discarded (0 when the heap
    could not be read safely)."""
    ranges = free_ranges(base, size, state)
    if not ranges:
        return 0
    total = 0
    for start, end in ranges:
        first, last = -(-start // PAGE) * PAGE, end // PAGE * PAGE
        if last - first >= PAGE:
            discard(base + first, last - first)
            total += last - first
    return total
