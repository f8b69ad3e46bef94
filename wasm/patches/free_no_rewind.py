"""free no rewind: a block freed outside a collection no longer moves the allocator's search back.

In MicroPython's terms (v1.29.0, `py/gc.c`): `gc_free` (and `gc_realloc`, where it frees the old
blocks after moving an object, or the tail of one it shrinks) ends with
`if (block / BLOCKS_PER_ATB < area->gc_last_free_atb_index) area->gc_last_free_atb_index = ...`,
and the `alloc_hint` patch lowers its own search memos there as well (`$mpk_fit_free`). But
`gc_alloc`'s one-block search moves the hint only past the block it finds. So when code frees
a temporary block and the next call's temporary refills the same hole — `mp_obj_instance_make_new`
(`py/objtype.c`) copies a call's arguments into a one-block buffer for a Python `__new__` and
`m_del`s it; `tuple(a_list)` (`py/objtuple.c`) frees its items buffer — every allocation after it
scanned all the blocks used since the hole, up to the end of the used heap: creating n namedtuples
(their tuple is built in `__new__`) or n `tuple(L)` cost O(n²) until the heap filled.

The patch drops those rewinds: a block freed between collections stays unused until the next
collection, whose sweep resets every hint and memo (`gc_collect_end`, as before). That is sound:
the hints only say where searching may start; skipping a free block only places an allocation
later or makes it collect sooner (a full search then collects and searches again from the start).
It costs memory only as garbage does: such blocks wait for the collection, like unreachable ones.

Sites, by shape (with `alloc_hint`'s `$mpk_fit_free` call before each, when applied): the hint-lowering test
`(i32.ge_u (local.tee $x (i32.shr_u … (i32.const 6))) (i32.load offset=28 area))` and its store,
whose `$x` is overwritten at once (gc_free's and gc_realloc's after a move), and gc_realloc's
shrink, whose lowering test (`i32.lt_u`) returns the pointer on both paths: exactly `SITES` = 3.

Test: `tests/sandbox/test_patch_free_no_rewind.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "free_no_rewind"
SITES = 3
TEST = "tests/sandbox/test_patch_free_no_rewind.py::test_new_with_arguments_is_linear"

# alloc_hint's call before each rewind, when that patch is applied (the sites are found either way)
_FIT = (r"(?:\(call \$mpk_fit_free \(local\.get \$\d+\) "
        r"(?:\(local\.get \$\d+\)|\(i32\.shr_u \(local\.get \$\d+\) \(i32\.const 4\)\))\) )?")
# gc_free, and gc_realloc after a move: the rewind, then `$x` set again.
FREE = re.compile(_FIT + r"\(block \$(?P<l>\w+) \(br_if \$(?P=l) \(i32\.ge_u \(local\.tee \$(?P<x>\d+) "
                  r"\(i32\.shr_u \(local\.get \$(?P=x)\) \(i32\.const 6\)\)\) "
                  r"\(i32\.load offset=28 \(local\.get \$(?P<a>\d+)\)\)\)\) "
                  r"\(i32\.store offset=28 \(local\.get \$(?P=a)\) \(local\.get \$(?P=x)\)\)\) "
                  r"(?=\(local\.set \$(?P=x) )")
# gc_realloc's shrink: `if (!(block / 4 < hint)) return ptr; hint = block / 4; return ptr;`.
SHRINK = re.compile(_FIT + r"\(block \$(?P<l>\w+) \(br_if \$(?P=l) \(i32\.lt_u \(local\.tee \$(?P<x>\d+) "
                    r"\(i32\.shr_u \(local\.get \$\d+\) \(i32\.const 2\)\)\) "
                    r"\(i32\.load offset=28 \(local\.get \$(?P<a>\d+)\)\)\)\) "
                    r"(?P<ret>\(return \(local\.get \$\d+\)\))\) "
                    r"\(i32\.store offset=28 \(local\.get \$(?P=a)\) \(local\.get \$(?P=x)\)\) (?P=ret)")


def apply(wat: str, target: Target) -> str:
    """Remove the three rewinds; `FetchError` unless exactly `SITES` are found."""
    chunks = split_functions(wat)
    found = 0
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "offset=28" in chunk:
            flat = normalise(chunk)
            flat, n = FREE.subn("", flat)
            flat, m = SHRINK.subn(lambda s: s.group("ret") + " ", flat)
            if n or m:
                chunks[i], found = flat, found + n + m
    if found != SITES:
        raise FetchError(f"free no rewind patch: expected {SITES} hint rewinds after frees, found {found}")
    return "".join(chunks)
