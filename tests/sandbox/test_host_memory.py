"""Host memory comes back after a heavy cell (issue 23, item 3; wasm/pages.py, wasm/heapfree.py).

After a cell that made a lot of garbage, the next snapshot (taken at the end of a long run, else
before the next run) discards the pages the guest's allocators hold free (the GC's free blocks in
every heap area, dlmalloc's free chunks and the memory past its break) and all-zero pages: the
sandbox owns about its live data again, the
interpreter keeps working on the discarded memory, and a rollback still restores the memory
byte for byte. The heap walkers refuse any heap whose shape is not the expected one.
"""

from __future__ import annotations

import ctypes
import struct

import pytest

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.wasm import heapfree, written
from mpwasm_kernel.sandbox.wasm import image as image_mod
from mpwasm_kernel.sandbox.wasm.image import PAGE
from mpwasm_kernel.sandbox.wasm.pages import owned_pages, private_bytes

MiB = 1 << 20
needs_images = pytest.mark.skipif(not image_mod.images_enabled(), reason="images need Linux and memfd")

# ~50 MB of garbage in several heap areas, each pinned by a small live object allocated among it.
PINNED_GARBAGE = ("keep = []\njunk = []\nfor i in range(50_000):\n    junk.append(bytearray(1000))\n"
                  "    if i % 5000 == 0:\n        keep.append(str(i) * 3)\njunk = None")


def _owned(sb: Sandbox) -> int:
    return private_bytes(sb._instance.memory.address(), sb.memory_size)


@needs_images
@pytest.mark.parametrize("tracked", [True, False], ids=["writes-tracked", "untracked"])
def test_garbage_in_heap_areas_still_in_use_goes_back_to_the_host(tracked: bool,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The areas keep a live object each, so no area is freed: the free blocks inside them are
    what comes back. The live objects survive, and the interpreter reuses the discarded blocks.
    The same where the kernel cannot report written pages (every owned page is then copied)."""
    if not tracked:
        monkeypatch.setattr(written, "tracker", lambda: None)
    with Sandbox(Limits(wall_seconds=600)) as sb:  # bounded by the default fuel
        assert sb.run(PINNED_GARBAGE).error is None
        assert sb.memory_size > 48 * MiB
        assert sb.run("len(keep), keep[-1]").value == repr((10, str(45_000) * 3))
        assert sb._snapshot.released_bytes > 40 * MiB
        assert _owned(sb) < 4 * MiB
        assert sb.private_memory_bytes < 8 * MiB
        r = sb.run("blobs = [bytearray(bytes([i % 251]) * 700) for i in range(60_000)]\n"
                   "sum(b[0] + b[-1] + len(b) for b in blobs), ''.join(keep)[:12]")
        kept = "".join(str(i) * 3 for i in range(0, 50_000, 5000))
        expected = (sum(2 * (i % 251) + 700 for i in range(60_000)), kept[:12])
        assert r.error is None and r.value == repr(expected), r.error


@needs_images
def test_the_snapshot_covers_every_owned_page_and_a_rollback_after_a_release_is_exact() -> None:
    """The snapshot's record of owned pages is kept from the written pages of each run (not
    rescanned): every page the sandbox owns is in it, through heavy runs, releases and rollbacks;
    and memory after a rollback is identical to before the run."""
    with Sandbox(Limits(wall_seconds=600)) as sb:  # bounded by the default fuel
        inst = sb._instance

        def check() -> None:
            sb._snapshot.take(inst)  # what the next run does first
            recorded = sb._snapshot._mask
            actual = owned_pages(inst.memory.address(), inst.memory.size)
            missing = [i for i, owned in enumerate(actual) if owned and not recorded[i]]
            assert missing == []

        for source in ("x = [str(i) for i in range(1000)]", PINNED_GARBAGE, "y = bytearray(3 * 1024 * 1024)",
                       "del y", "z = {i: i * i for i in range(100_000)}"):
            assert sb.run(source).error is None
            check()
        size = sb.memory_size
        before = inst.memory.read(0, size)
        sb.limits = Limits(fuel=2_000_000_000, wall_seconds=600)
        r = sb.run("more = [bytearray(1000) for _ in range(30_000)]\nz.clear()\nwhile True:\n    pass")
        assert r.rolled_back
        after = inst.memory.read(0, inst.memory.size)
        assert after[:size] == before
        assert after[size:].count(0) == len(after) - size
        check()
        assert sb.run("len(z), len(x), len(keep)").value == "(100000, 1000, 10)"


def _memory(words: dict[int, int], size: int = 64 * PAGE) -> ctypes.Array:
    buf = (ctypes.c_char * size)()
    for addr, value in words.items():
        struct.pack_into("<I", buf, addr, value)
    return buf


def _area(at: int, atb: int, length: int, nxt: int = 0) -> dict[int, int]:
    """The words of a GC area laid out as `gc_setup_area` does, its pool right after its tables."""
    tables = (length * 4 + 7) // 8
    ftb = atb + length + 1
    pool = ftb + 2 * tables
    pool = -(-pool // 16) * 16
    fields = (nxt, atb, length, ftb, ftb + tables, pool, pool + length * 64, 0, 0)
    return {at + 4 * i: v for i, v in enumerate(fields)}


def test_the_gc_area_is_found_by_shape_and_its_free_pages_listed() -> None:
    length = 1024  # 4096 blocks, 64 KiB of pool
    words = _area(256, 4096, length)
    buf = _memory(words, 128 * PAGE)
    memory = bytes(buf)
    assert heapfree.find_gc_area(memory) == 256
    base = ctypes.addressof(buf)
    pool = words[256 + 20]
    ranges = heapfree.gc_free_ranges(base, len(memory), 256)
    assert ranges == [(pool, pool + length * 64)]  # all free
    ctypes.memset(base + 4096 + 100, 0x01, 1)  # one head block in ATB byte 100 (blocks 400-403)
    ranges = heapfree.gc_free_ranges(base, len(memory), 256)
    assert ranges == [(pool, pool + 100 * 64), (pool + 101 * 64, pool + length * 64)]


@pytest.mark.parametrize("corrupt", ["length", "pool_end", "loop", "outside"])
def test_a_gc_area_of_the_wrong_shape_releases_nothing(corrupt: str) -> None:
    words = _area(256, 4096, 1024)
    if corrupt == "length":
        words[256 + 8] += 1
    elif corrupt == "pool_end":
        words[256 + 24] -= 16
    elif corrupt == "loop":
        words[256] = 256  # `next` points at itself
    else:
        words[256] = 1 << 30  # `next` outside memory
    buf = _memory(words, 128 * PAGE)
    assert heapfree.gc_free_ranges(ctypes.addressof(buf), 128 * PAGE, 256) is None
    assert heapfree.release_free(ctypes.addressof(buf), 128 * PAGE, None, 256) == []


def test_dlmalloc_walk_lists_free_chunks_and_the_memory_past_the_segment() -> None:
    """A heap of: an in-use chunk, a free one, another in-use one, the top chunk with its
    40-byte fence post, then memory past the segment's end (given back only when the C
    library's break says nothing else took it)."""
    state, least = 64, 1024
    used, free = least, least + 256
    used2 = free + 3 * PAGE
    top = used2 + 256
    topsize, foot = 2 * PAGE - 40, 40
    seg_end = top + topsize + foot
    size = 16 * PAGE
    words = {state + 12: topsize, state + 16: least, state + 24: top, state + 36: 0x55555558,
             used + 4: 256 | heapfree.CINUSE | heapfree.PINUSE, free + 4: 3 * PAGE | heapfree.PINUSE,
             used2 + 4: 256 | heapfree.CINUSE, top + 4: topsize | heapfree.PINUSE, top + topsize + 4: foot,
             state + heapfree.SEGMENT: least, state + heapfree.SEGMENT + 4: seg_end - least}
    brk = 32
    words[brk] = seg_end  # the C library's break, in static data below the heap
    buf = _memory(words, size)
    base = ctypes.addressof(buf)
    assert heapfree.find_malloc_state(bytes(buf)) == state
    assert heapfree.find_break(bytes(buf), state) == brk
    assert heapfree.free_ranges(base, size, state, brk) == [
        (free + 32, used2), (top + 32, top + topsize), (seg_end, size)]
    struct.pack_into("<I", buf, brk, seg_end + PAGE)  # something else took memory past the segment
    assert heapfree.free_ranges(base, size, state, brk)[-1] == (top + 32, top + topsize)
    struct.pack_into("<I", buf, brk, seg_end)
    struct.pack_into("<I", buf, state + heapfree.SEGMENT + 8, 4096)  # a second segment: its end is not the break
    assert heapfree.free_ranges(base, size, state, brk)[-1] == (top + 32, top + topsize)
    struct.pack_into("<I", buf, used2 + 4, 256 | heapfree.CINUSE | heapfree.PINUSE)  # pinuse after a free chunk
    assert heapfree.free_ranges(base, size, state) is None
    assert heapfree.release_free(base, size, state, None) == []


def test_zero_runs_finds_exactly_the_all_zero_pages_of_owned_runs() -> None:
    """`zero_runs` reports the aligned all-zero pages of the owned runs, merged into runs: on
    pages of random content, on zero runs that straddle page boundaries, and on the shape a heap
    of zeroed 1 kB buffers leaves (a zero run of ~1 kB after every object header), which a
    pattern search for "a page of zeros" once took seconds per MB to scan."""
    import random

    from mpwasm_kernel.sandbox.wasm.pages import zero_runs

    rng = random.Random(23)
    pages = 96
    buf = bytearray(pages * PAGE)
    for p in range(pages):
        kind = rng.choice(["zero", "random", "straddle", "buffers"])
        chunk = memoryview(buf)[p * PAGE:(p + 1) * PAGE]
        if kind == "random":
            chunk[rng.randrange(PAGE)] = 1
        elif kind == "straddle":
            chunk[0] = 7  # zeros run on into the next page, but this one is not all zero
        elif kind == "buffers":
            for at in range(0, PAGE, 1016):
                chunk[at] = 0x2A
    owned = bytearray(rng.choice([0, 1, 1, 1]) for _ in range(pages))
    raw = (ctypes.c_char * len(buf)).from_buffer(buf)
    base = ctypes.addressof(raw)
    expected, run = [], None
    for p in range(pages):
        zero = owned[p] == 1 and p >= 3 and not any(buf[p * PAGE:(p + 1) * PAGE])
        if zero and run is None:
            run = p
        elif not zero and run is not None:
            expected.append((run, p))
            run = None
    if run is not None:
        expected.append((run, pages))
    assert zero_runs(base, owned, 3) == expected
    del raw


@needs_images
@pytest.mark.skipif(written.tracker() is None, reason="write tracking needs PAGEMAP_SCAN (Linux 6.7+)")
def test_a_trivial_cell_after_a_large_string_costs_what_it_changes() -> None:
    """After a cell that made a 9 MB string (kept alive), a trivial cell's snapshot copies the few
    pages it writes, not the string's, and its fuel is the same as before (no collection, no
    heap walk): the cost follows what changed, not the size of the memory."""
    with Sandbox(Limits()) as sb:
        sb.run("0")
        before = [sb.run("1 + 1") for _ in range(3)][-1]
        copied_before = sb._snapshot.copied_bytes
        r = sb.run("s = 'x' * 9_000_000\nprint(len(s))")
        assert (r.error, r.stdout) == (None, "9000000\n")
        assert sb.memory_size > 24 * MiB
        after = [sb.run("1 + 1") for _ in range(3)]
        assert all(a.error is None for a in after)
        assert max(a.fuel_used for a in after) < before.fuel_used * 1.1, (before.fuel_used, after)
        sb.run("1 + 1")
        assert sb._snapshot.copied_bytes <= max(4 * copied_before, 256 << 10), (copied_before,
                                                                                sb._snapshot.copied_bytes)
