"""The `alloc_words` patch (wasm/patches/alloc_words.py): `gc_alloc` searches the allocation table
32 blocks at a time and marks a new object's tail blocks a table byte at a time.

Allocating a sequence of growing byte arrays (the allocations `s += t` makes for a string of
39 kB) walked the tail blocks of every array made since the search start one entry at a time;
now the same sequence takes half the fuel, most of what is left being the clearing of the new
blocks and the collections (fuel is deterministic). Which blocks an object gets is unchanged:
the same program places every object at the same address with and without the patch, objects
of every size from 2 to 300 blocks keep their contents through collections (their tail entries
are what upstream writes: the collector keeps every block of a live object and frees every
block of a dead one), and string building prints what CPython prints. `check` is the patched
behaviour; `test_build_pipeline.py` runs it on a build without the patch, where it must fail."""

from __future__ import annotations

from patch_builds import build_without, cpython, sandbox_on

from mpwasm_kernel import Limits, Sandbox

# 1 GiB: builds without `gc_in_calls` (the patch-needed check's, see patch_builds.HEAVY) collect
# only between cells, so the arrays' 195 MB pile up; the fuel gap between the two regimes holds.
LIMITS = Limits(wall_seconds=300, memory_bytes=1 << 30)
PIECES = ("P = [str(i) for i in range(10_000)]\nL = []\nt = 0\nfor p in P:\n    t += len(p)\n    L.append(t)\n"
          "del P, p, t")
ARRAYS = "for n in L:\n    b = bytearray(n)\nprint(len(b))"
# Measured: 928 M fuel before the patch, 457 M after (839 M and 388 M on builds without
# `gc_in_calls`); ~195 M of it is clearing the new blocks (`memory.fill`, which wasmtime charges
# a fuel unit per byte), most of the rest collections.
ARRAYS_FUEL = 650_000_000

# Objects of many sizes (2-300 blocks, across table-byte and table-word boundaries) kept among
# garbage of many sizes, collected several times, then checked item by item.
SIZES = """
import gc
keep = []
def fill(k):
    n = 17 + (k * 37) % 4800
    if k % 4 == 0:
        return bytearray((k + j) % 251 for j in range(n))
    if k % 4 == 1:
        return ''.join(chr(97 + (k + j) % 26) for j in range(n // 8))
    if k % 4 == 2:
        return [k + j for j in range(n // 16)]
    return tuple(str(k * j) for j in range(n // 64 + 2))
for k in range(900):
    junk = [fill(k + 1), bytearray(k % 700), 'x' * (k % 300)]
    if k % 3 != 1:
        keep.append(fill(k))
    if k % 97 == 0:
        gc.collect()
gc.collect()
ok = all(o == fill(k) for k, o in zip((k for k in range(900) if k % 3 != 1), keep))
print(len(keep), ok, sum(len(o) for o in keep))
s = ''
for i in range(3000):
    s += str(i)
    if i % 500 == 0:
        gc.collect()
print(len(s), s[-20:], s.count('9'))
"""

# Addresses (relative to the first object) of objects of many sizes beside holes of many sizes:
# first fit is unchanged, so they are the same with and without the patch.
PLACEMENT = """
out = []
keep = []
for r in range(400):
    a = bytearray(16 * (r % 70) + 20)
    b = 'y' * (r * 13 % 900) + str(r)
    c = [r] * (r % 45 + 2)
    if r % 5:
        keep.append((a, c))
    if r % 7 == 0:
        keep.append(b)
    out.append((id(a), id(b), id(c)))
print([tuple(x - out[0][0] for x in o) for o in out])
"""


def arrays_fuel(sb: Sandbox) -> int:
    sb.reset()
    assert sb.run(PIECES).error is None
    r = sb.run(ARRAYS)
    assert r.error is None and r.stdout == "38890\n", (r.stdout, r.error)
    return r.fuel_used


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb`'s interpreter (empty: the patch works)."""
    sb.limits = LIMITS
    problems = []
    fuel = arrays_fuel(sb)
    if fuel >= ARRAYS_FUEL:
        problems.append(f"10,000 growing byte arrays (up to 39 kB) took {fuel:,} fuel")
    sb.reset()
    r = sb.run(SIZES)
    if r.error is not None or r.stdout != cpython(SIZES):
        problems.append(f"objects of many sizes differ from CPython: {r.stdout!r} ({r.error})")
    return problems


def test_large_allocations_take_little_fuel() -> None:
    with Sandbox(LIMITS) as sb:
        assert check(sb) == []


def test_objects_land_where_the_unpatched_allocator_puts_them() -> None:
    """First fit is unchanged: the same program places every object at the same address with and
    without this patch. `build_without("alloc_words")` also leaves out `gc_in_calls`
    (patch_builds.HEAVY), so it is compared with the build of every patch but `gc_in_calls`."""
    outputs = []
    for wasm in (build_without("gc_in_calls"), build_without("alloc_words")):
        with sandbox_on(wasm, limits=LIMITS) as sb:
            runs = [sb.run(PLACEMENT) for _ in range(2)] + [sb.run(SIZES)]
        assert all(r.error is None for r in runs), [r.error for r in runs]
        outputs.append([r.stdout for r in runs])
    assert outputs[0] == outputs[1]
    assert len(outputs[0][0]) > 1000
