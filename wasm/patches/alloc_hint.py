"""alloc hint: after a multi-block allocation, the free-block hint moves to the first free block.

In MicroPython's terms (v1.29.0, `py/gc.c`, `gc_alloc`): the search for `n_blocks` free blocks
starts at the area's `gc_last_free_atb_index`, which promises "no free block before this ATB
byte". After a successful search upstream moves the hint only when `n_free == 1` (a one-block
allocation), to `(end_block + 1) / BLOCKS_PER_ATB`. This build never collects inside a call, so
every allocation of 2+ blocks (a 3-tuple, a small dict, an instance: 32 bytes or more) rescans
every block allocated since the last one-block allocation: `[(i, i, i) for i in range(n)]` is
quadratic (n = 80,000: 35 s).

The patch adds, after upstream's `if (n_free == 1) { ... }` and only when `n_free != 1`:

    size_t b = area->gc_last_free_atb_index * BLOCKS_PER_ATB;
    while (b < start_block && ATB_GET_KIND(area, b) != AT_FREE) b++;
    if (b >= start_block) b = end_block + 1;   // everything from the hint to the run is used
    area->gc_last_free_atb_index = b / BLOCKS_PER_ATB;

It is sound: every block from the old hint to `b` was just seen in use (and the run itself is
marked in use right after), so the hint still never passes a free block; `gc_free` and
`gc_realloc` keep moving it back when they free below it, and a collection resets it. The found
area's hint is the only state touched (`gc_last_free_area`, the split-heap area hint, is left as
upstream leaves it for multi-block allocations). The extra walk covers at most the blocks the
search just crossed, so the total work stays linear. The fragment-preserving first-fit order is
unchanged: the allocation itself is the one upstream makes.

Site, by shape, in the function that has it (`gc_alloc`): the tail after `found:`:
`start_block = end_block - n_free + 1` (`(local.set $S (i32.add (local.tee $t (i32.sub
(local.get $E) (local.get $N))) (i32.const 1)))`), then the block that is skipped when
`n_free != 1` and stores the area into a fixed address (`gc_last_free_area`) and
`(end_block + 1) >> 2` into the hint, then the `gc_last_used_block` update (`offset=32` of the
area). Exactly `SITES` = 1 per build; the hint field's offset is read from the area pointer the
site uses (the `offset=28` load in the same function's search loops must exist).

Test: `tests/sandbox/test_patch_alloc_hint.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "alloc_hint"
SITES = 1
TEST = "tests/sandbox/test_patch_alloc_hint.py::test_multi_block_allocations_take_linear_fuel"

# In normalised Binaryen text (no spaces before closing parentheses).
SITE = re.compile(
    r"\(local\.set \$(?P<start>\d+) \(i32\.add \(local\.tee \$\d+ \(i32\.sub \(local\.get \$(?P<end>\d+)\) "
    r"\(local\.get \$(?P<nfree>\d+)\)\)\) \(i32\.const 1\)\)\) "
    r"(?P<single>\(block \$(?P<label>\w+) "
    r"\(br_if \$(?P=label) \(i32\.ne \(local\.get \$(?P=nfree)\) \(i32\.const 1\)\)\) "
    r"\(i32\.store offset=\d+ \(i32\.const \d+\) \(local\.get \$(?P<area>\d+)\)\) "
    r"\(i32\.store \(local\.get \$\d+\) \(i32\.shr_u \(i32\.add \(local\.get \$(?P=end)\) \(i32\.const 1\)\) "
    r"\(i32\.const 2\)\)\)\)) "
    r"(?=\(i32\.store offset=32 \(local\.get \$(?P=area)\) \(select )")
HINT = 28  # offsetof(mp_state_mem_area_t, gc_last_free_atb_index) with MICROPY_GC_SPLIT_HEAP
ATB = 4  # offsetof(mp_state_mem_area_t, gc_alloc_table_start)


def _walk(m: re.Match, cursor: str) -> str:
    """The code added after upstream's one-block hint update (Binaryen text, one line)."""
    area, start, end, nfree = (m.group(k) for k in ("area", "start", "end", "nfree"))
    b = f"(local.get ${cursor})"
    kind = (f"(i32.and (i32.shr_u (i32.load8_u (i32.add (i32.load offset={ATB} (local.get ${area})) "
            f"(i32.shr_u {b} (i32.const 2)))) (i32.and (i32.shl {b} (i32.const 1)) (i32.const 6))) (i32.const 3))")
    return (f"(if (i32.ne (local.get ${nfree}) (i32.const 1)) (then "
            f"(local.set ${cursor} (i32.shl (i32.load offset={HINT} (local.get ${area})) (i32.const 2))) "
            f"(block $mpk_hint_done (loop $mpk_hint_walk "
            f"(br_if $mpk_hint_done (i32.ge_u {b} (local.get ${start}))) "
            f"(br_if $mpk_hint_done (i32.eqz {kind})) "
            f"(local.set ${cursor} (i32.add {b} (i32.const 1))) (br $mpk_hint_walk))) "
            f"(if (i32.ge_u {b} (local.get ${start})) "
            f"(then (local.set ${cursor} (i32.add (local.get ${end}) (i32.const 1))))) "
            f"(i32.store offset={HINT} (local.get ${area}) (i32.shr_u {b} (i32.const 2)))))")


def apply(wat: str, target: Target) -> str:
    """Add the multi-block hint update to `gc_alloc`; `FetchError` unless exactly one site."""
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "i32.load8_u" in chunk and "offset=32" in chunk:
            flat = normalise(chunk)
            found += [(i, flat, m) for m in SITE.finditer(flat)]
    if len(found) != SITES:
        raise FetchError(f"alloc hint patch: expected {SITES} gc_alloc hint update, found {len(found)} "
                         "(a different upstream build?)")
    i, flat, m = found[0]
    if f"(i32.load offset={HINT} (local.get ${m.group('area')}))" not in flat:
        raise FetchError("alloc hint patch: gc_alloc's search does not read the hint at the expected offset")
    if "$mpk_hint_" in flat:
        raise FetchError("alloc hint patch: labels already in use")
    decls = [int(n) for n in re.findall(r"\(local \$(\d+) i32\)", flat)]
    params = [int(n) for n in re.findall(r"\(param \$(\d+) i32\)", flat)]
    cursor = str(max(decls + params) + 1)
    last = list(re.finditer(r"\(local \$\d+ i32\)", flat))[-1]
    body = flat[:m.end("single")] + " " + _walk(m, cursor) + flat[m.end("single"):]
    head = f" (local ${cursor} i32)"
    body = body[:last.end()] + head + body[last.end():]
    chunks[i] = body
    return "".join(chunks)
