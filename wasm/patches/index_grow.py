"""index grow: an ordered index that only grew is rebuilt from its own slots, without the
side array of hashes.

In MicroPython's terms (v1.29.0, `py/map.c`, `mp_map_lookup` as patched by `ordered_index`): that
patch's `$mpk_oi_build(map)` (a dict of 128 entries or more, see `wasm/patches/ordered_index.py`)
first allocates an array of one hash per old position, fills it from the old index, then
allocates the new table and the new index. Each of those three allocations is larger than the
port's collection threshold (`gc_alloc_threshold`, 16 KiB), so from a few thousand entries up
every rebuild runs three full collections (each scanning every live block, the old table and
index included); at 10**6 int keys collections were ~25 % of the fill's fuel.

The patch adds `$mpk_oi_grow`, called at the start of `$mpk_oi_build` when the map's index is
its own (`owner == table`, not a copy's) and the header says the map only grew since the last
build: `fill == end == used` (no entry deleted or popped, no index slot other than one per
entry, since `fill` counts the slots filled and every live entry has one valid slot). Then every
entry keeps its position: the new table gets the `used` entries copied in order, and each valid
slot of the old index (`table[pos].key == key`, `pos < used`) is put into the new index with its
hash, as `$mpk_oi_build` does, with the same sizes (`cap = 2 * used + 8`, `P = cap * 3 / 2 | 1`)
and the same header. Two allocations instead of three; no `__hash__` runs; if an allocation's
collection changed the map (a finaliser), it gives up as `$mpk_oi_build` does and the caller
repeats its lookup. Every other case (a first build, deletions, a copy's table) takes the
general path, unchanged.

Sites, by shape: in `$mpk_oi_build`, the statement `n = ix ? alloc - 3 : alloc` (exactly one),
and the `m_malloc0` callee it calls with `(cap + 3) << 3` (one). `SITES` = 1. Applied right
after `ordered_index` (and `slot_range`).

Test: `tests/sandbox/test_patch_index_grow.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions
from wasm.patches.ordered_index import new_table, table_end

NAME = "index_grow"
SITES = 1
TEST = "tests/sandbox/test_patch_index_grow.py::test_growing_dicts_rebuild_with_two_allocations"
# Extends code `ordered_index` adds (`$mpk_oi_build`): a build without that patch leaves this one out.
EXTENDS = ("ordered_index",)
N_SET = "(local.set $n (select (i32.sub (local.get $a) (i32.const 3)) (local.get $a) (local.get $ix)))"
MALLOC = re.compile(r"\(local\.set \$nt \(call \$(\w+) \(i32\.shl \(i32\.add \(local\.get \$cap\) \(i32\.const 3\)\) "
                    r"\(i32\.const 3\)\)\)\)")


def _grow(malloc: str) -> str:
    """The WAT text of `$mpk_oi_grow(map, t, a, w, ix, live)`: 1 when rebuilt, 0 when the map changed."""
    changed = ("(i32.or (i32.ne (i32.load offset=8 (local.get $map)) (local.get $t)) "
               "(i32.or (i32.ne (i32.load offset=4 (local.get $map)) (local.get $a)) "
               "(i32.ne (i32.load (local.get $map)) (local.get $w))))")
    return f"""
 (func $mpk_oi_grow (param $map i32) (param $t i32) (param $a i32) (param $w i32) (param $ix i32) (param $live i32)
  (result i32) (local $cap i32) (local $p i32) (local $nt i32) (local $nix i32) (local $i i32) (local $op i32)
  (local $e i32) (local $pos i32)
{new_table(malloc)}  (if {changed} (then (return (i32.const 0))))
  (memory.copy (local.get $nt) (local.get $t) (i32.shl (local.get $live) (i32.const 3)))
  (i32.store (local.get $nix) (local.get $nt))
  (i32.store offset=4 (local.get $nix) (local.get $p))
  (local.set $op (i32.load offset=4 (local.get $ix)))
  (local.set $i (i32.const 0))
  (block $done (loop $next
   (br_if $done (i32.ge_u (local.get $i) (local.get $op)))
   (local.set $e (i32.add (i32.add (local.get $ix) (i32.const 8)) (i32.mul (local.get $i) (i32.const 12))))
   (if (i32.load offset=8 (local.get $e)) (then
    (local.set $pos (i32.shr_u (i32.load offset=8 (local.get $e)) (i32.const 1)))
    (if (i32.lt_u (local.get $pos) (local.get $live)) (then
     (if (i32.eq (i32.load (i32.add (local.get $t) (i32.shl (local.get $pos) (i32.const 3))))
                 (i32.load (local.get $e))) (then
      (call $mpk_oi_put (local.get $nix) (i32.load (local.get $e)) (i32.load offset=4 (local.get $e))
       (local.get $pos))))))))
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (br $next)))
{table_end('$live')}  (i32.const 1))
"""


# In $mpk_oi_build, right after `n` is set: the index is the table's own and fill == end == used.
GROW_CALL = (
    "(if (local.get $ix) (then (if (i32.eq (i32.load (local.get $ix)) (local.get $t)) (then "
    "(local.set $e (i32.add (local.get $t) (i32.shl (local.get $n) (i32.const 3)))) "
    "(local.set $live (i32.shr_u (local.get $w) (i32.const 3))) "
    "(if (i32.and (i32.eq (i32.shr_u (i32.load offset=4 (local.get $e)) (i32.const 1)) (local.get $live)) "
    "(i32.eq (i32.shr_u (i32.load offset=12 (local.get $e)) (i32.const 1)) (local.get $live))) "
    "(then (return (call $mpk_oi_grow (local.get $map) (local.get $t) (local.get $a) (local.get $w) "
    "(local.get $ix) (local.get $live)))))))))")


def apply(wat: str, target: Target) -> str:
    """Add `$mpk_oi_grow` and its call in `$mpk_oi_build`; `FetchError` unless the site is exact."""
    if "$mpk_oi_grow" in wat:
        raise FetchError("index grow patch: $mpk_oi_grow already exists")
    chunks = split_functions(wat)
    builds = [i for i, c in enumerate(chunks) if c.startswith(" (func $mpk_oi_build ")]
    if len(builds) != 1:
        raise FetchError(f"index grow patch: expected one $mpk_oi_build (ordered_index applied), found {len(builds)}")
    flat = normalise(re.sub(r";;[^\n]*", "", chunks[builds[0]]))  # its comments would swallow the rest
    mallocs = set(MALLOC.findall(flat))
    if flat.count(N_SET) != SITES or len(mallocs) != 1:
        raise FetchError(f"index grow patch: expected {SITES} `n` statement and one allocator in $mpk_oi_build, "
                         f"found {flat.count(N_SET)} and {sorted(mallocs)}")
    at = flat.index(N_SET) + len(N_SET)
    chunks[builds[0]] = flat[:at] + " " + GROW_CALL + flat[at:]
    chunks[0] += _grow(mallocs.pop())
    return "".join(chunks)
