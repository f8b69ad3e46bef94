"""ordered index: an insertion-ordered map of 128 entries or more gets a hash index instead of
becoming a hash map, so dicts keep CPython's order at any size with O(1) average lookups.

In MicroPython's terms (v1.29.0, `py/map.c`, `mp_map_lookup`): a map with `is_ordered` set keeps
its entries in insertion order in `table[0 .. used)` and finds keys by a linear scan; with
`ordered_growth` a plain dict (or an instance's attributes) of 128 entries became a hash map and
continued in hash order. This patch adds, at that growth step (`used == alloc`, `used >= 128`,
before `ordered_growth`'s conversion, which is then never reached), `$mpk_oi_build(map)`: the map
keeps `is_ordered` and gets a new table laid out as

- `table[0 .. cap)`: the entries in insertion order; a deleted one keeps its place with the key
  `MP_OBJ_SENTINEL` (4), which every iteration (`mp_map_slot_is_filled`, `dict_iter_next`)
  already skips; positions `end .. cap` are empty (key `MP_OBJ_NULL`);
- three header elements `table[cap .. cap + 3)`, each with the key `MP_OBJ_SENTINEL` (so
  iteration, the lookup cache and `name_cache` never match them): the values `fill * 2 + 1`,
  `end * 2 + 1` and the address of the index block. `alloc = cap + 3`. Nothing else makes an
  ordered map whose last element has the key 4 and a non-zero value (`dict_popitem` leaves
  `(4, NULL)`), so this marks an indexed map;
- the index block (one GC block, referenced from the header, so the collector keeps it):
  `owner` (the table it was built for), `P` (its number of slots) and `P` slots of three words
  `(key, hash, pos * 2 + 1)` (0: empty), open addressing with linear probing from
  `$mpk_slot_hash(hash, key, P) % P` (`slot_spread`'s start, whose `str` keys hash by bytes in
  large tables; the golden-ratio product without that patch). `P = cap * 3 / 2 | 1`; a slot is
  never emptied until the next build, so every probe run ends at an empty slot.

`mp_map_lookup` on an indexed ordered map (tested right after `if (map->is_ordered)`, before
`ordered_growth`'s key hash, so a key is hashed once) calls `$mpk_oi_find(map, index, kind)`: the
key's hash as the hash path computes it (`qstr_hash`, or `mp_unary_op(MP_UNARY_OP_HASH, index)`,
which raises `TypeError` for an unhashable key), then the probe. A slot is valid when `table[pos].key`
is the slot's key (a deleted entry, or a position reused after a `popitem`, leaves invalid slots
behind, which lookups skip); it matches when the key is the same object, or the hashes are equal
and `mp_obj_equal` says so (after which the lookup restarts if `__eq__` rebuilt the map).
`REMOVE_IF_FOUND` sets the entry's key to 4 and returns it with its value (as the hash path does);
`ADD_IF_NOT_FOUND` first drops deleted entries at the end (`end` moves back over them, so
`popitem` and re-insertion reuse those places), then appends at `end` (a key deleted and added
again goes to the end, as in CPython) and fills the empty slot the probe ended on. When `end`
reaches `cap`, or the slots filled since the last build reach `2 P / 3`, or the index block is
not the table's own (`owner != table`: `mp_obj_dict_copy` copied the table and so its header),
the map is rebuilt by `$mpk_oi_build`: a new table of `2 * used + 8` entries with the live
entries in order, and a new index. The hashes of a rebuild come from the valid slots of the old
index (no `__hash__` runs while a map is rebuilt); only the first build, from a plain ordered
array, hashes its keys, and it restarts the lookup if that changed the map. Old tables and index
blocks are left to the collector (a copy may still read the index block; a freed table could be
reused at an address an index names as its owner). Lookups stay correct even if an index block
is shared (after a copy) or not the table's own: they only trust valid slots, `end` and `fill`
live in the table's own header, and a probe visits at most `P` slots.

`dict_popitem` (`py/objdict.c`) starts at `used - 1` for an ordered map; the patch starts it at
`$mpk_oi_last(map)`: for an indexed map the last live entry (moving `end` back over deleted
ones), otherwise `used - 1` as before. `popitem` is then LIFO, as in CPython, at any size.

Sites, by shape: in `mp_map_lookup` (the function with `ordered_growth`'s growth site), the
`is_ordered` test (one), the growth site (one), the
`qstr_hash` call on `index >> 3` (one callee), `mp_unary_op(6, index)` (one callee) and
`mp_obj_equal(elem_key, index)` (one callee); `m_malloc0` is the function `mp_map_rehash` (the
one function called with the map alone) calls with `alloc << 3`; in `dict_popitem` the
branch-free `is_ordered ? used - 1 : 0` on the map's first word, stored before the call of
`dict_iter_next` (one). `SITES` = 3 (dispatch, growth, popitem).

Test: `tests/sandbox/test_patch_ordered_index.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches import ordered_growth
from wasm.patches.base import Target, normalise, split_functions

NAME = "ordered_index"
SITES = 3
TEST = "tests/sandbox/test_patch_ordered_index.py::test_large_dicts_keep_insertion_order"
MULTIPLIER = 2654435761 - (1 << 32)
SLOT_HASH = "$mpk_slot_hash"

GROWTH_CONVERT = ("(if (i32.and (i32.ge_u (i32.shr_u (i32.load (local.get $0)) (i32.const 3)) "
                  f"(i32.const {ordered_growth.ORDERED_MAX}))")
QSTR_HASH = re.compile(r"\(call \$(\w+) \(i32\.shr_u \(local\.get \$1\) \(i32\.const 3\)\)\)")
EQUAL = re.compile(r"\(call \$(\w+) \(local\.get \$(?!1\))\d+\) \(local\.get \$1\)\)")
MALLOC = re.compile(r"\(call \$(\w+) \(i32\.shl \(local\.get \$\d+\) \(i32\.const 3\)\)\)")
POPITEM = re.compile(r"\(i32\.and \(i32\.shr_s \(i32\.shl \(local\.get \$(\d+)\) \(i32\.const 29\)\) "
                     r"\(i32\.const 31\)\) "
                     r"\(i32\.add \(i32\.shr_u \(local\.get \$\1\) \(i32\.const 3\)\) \(i32\.const -1\)\)\)")
POPITEM_CONTEXT = re.compile(r"\(local\.tee \$(\d+) \(i32\.load offset=4 \(local\.get \$(\d+)\)\)\)")


def new_table(malloc: str) -> str:
    """WAT statements (lines of a helper's body) allocating, with `malloc`, a new table `$nt` of
    `$cap` = 2 * `$live` + 8 slots (and 3 more: the end marks, `table_end`) and a new index `$nix`
    of `$p` ≈ 1.5 × `$cap` entries, odd (12 bytes each after an 8-byte header)."""
    return f"""  (local.set $cap (i32.add (i32.shl (local.get $live) (i32.const 1)) (i32.const 8)))
  (local.set $p (i32.or (i32.add (local.get $cap) (i32.shr_u (local.get $cap) (i32.const 1))) (i32.const 1)))
  (local.set $nt (call ${malloc} (i32.shl (i32.add (local.get $cap) (i32.const 3)) (i32.const 3))))
  (local.set $nix (call ${malloc} (i32.add (i32.mul (local.get $p) (i32.const 12)) (i32.const 8))))
"""


def table_end(count: str) -> str:
    """WAT statements (lines of a helper's body) ending the new table `$nt` after its `count` live
    entries: the end-mark slots after its `$cap` slots (used `count`, the index `$nix`), then the
    map's allocation and table set to it."""
    return f"""  (local.set $e (i32.add (local.get $nt) (i32.shl (local.get $cap) (i32.const 3))))
  (i32.store (local.get $e) (i32.const 4))
  (i32.store offset=4 (local.get $e) (i32.or (i32.shl (local.get {count}) (i32.const 1)) (i32.const 1)))
  (i32.store offset=8 (local.get $e) (i32.const 4))
  (i32.store offset=12 (local.get $e) (i32.or (i32.shl (local.get {count}) (i32.const 1)) (i32.const 1)))
  (i32.store offset=16 (local.get $e) (i32.const 4))
  (i32.store offset=20 (local.get $e) (local.get $nix))
  (i32.store offset=4 (local.get $map) (i32.add (local.get $cap) (i32.const 3)))
  (i32.store offset=8 (local.get $map) (local.get $nt))
"""


def _helpers(qstr_hash: str, unary: str, equal: str, malloc: str, lookup: str, spread: bool) -> str:
    """The WAT text of the new functions."""
    start = (f"(call {SLOT_HASH} (local.get $h) (local.get $k) (local.get $p))" if spread
             else f"(i32.mul (local.get $h) (i32.const {MULTIPLIER}))")
    # Header values: table[alloc-3] = (4, fill*2+1), table[alloc-2] = (4, end*2+1), table[alloc-1] = (4, ix).
    return f"""
 (func $mpk_oi_ix (param $map i32) (result i32) (local $a i32) (local $t i32)
  (if (i32.eqz (local.tee $a (i32.load offset=4 (local.get $map)))) (then (return (i32.const 0))))
  (if (i32.lt_u (local.get $a) (i32.const 4)) (then (return (i32.const 0))))
  (local.set $t (i32.add (i32.load offset=8 (local.get $map))
                         (i32.shl (i32.sub (local.get $a) (i32.const 1)) (i32.const 3))))
  (if (i32.ne (i32.load (local.get $t)) (i32.const 4)) (then (return (i32.const 0))))
  (i32.load offset=4 (local.get $t)))
 (func $mpk_oi_hash (param $k i32) (result i32)
  (if (result i32) (i32.eq (i32.and (local.get $k) (i32.const 7)) (i32.const 2))
   (then (call ${qstr_hash} (i32.shr_u (local.get $k) (i32.const 3))))
   (else (i32.shr_s (call ${unary} (i32.const 6) (local.get $k)) (i32.const 1)))))
 (func $mpk_oi_start (param $h i32) (param $k i32) (param $p i32) (result i32)
  (i32.rem_u {start} (local.get $p)))
 (func $mpk_oi_put (param $ix i32) (param $k i32) (param $h i32) (param $pos i32)
  (local $p i32) (local $i i32) (local $e i32)
  (local.set $p (i32.load offset=4 (local.get $ix)))
  (local.set $i (call $mpk_oi_start (local.get $h) (local.get $k) (local.get $p)))
  (loop $next
   (local.set $e (i32.add (i32.add (local.get $ix) (i32.const 8)) (i32.mul (local.get $i) (i32.const 12))))
   (if (i32.load offset=8 (local.get $e)) (then
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (if (i32.eq (local.get $i) (local.get $p)) (then (local.set $i (i32.const 0))))
    (br $next))))
  (i32.store (local.get $e) (local.get $k))
  (i32.store offset=4 (local.get $e) (local.get $h))
  (i32.store offset=8 (local.get $e) (i32.or (i32.shl (local.get $pos) (i32.const 1)) (i32.const 1))))
 (func $mpk_oi_build (param $map i32) (result i32)
  (local $t i32) (local $a i32) (local $ix i32) (local $n i32) (local $w i32) (local $hs i32)
  (local $i i32) (local $e i32) (local $k i32) (local $pos i32) (local $live i32) (local $cap i32)
  (local $p i32) (local $nt i32) (local $nix i32) (local $j i32)
  (local.set $t (i32.load offset=8 (local.get $map)))
  (local.set $a (i32.load offset=4 (local.get $map)))
  (local.set $w (i32.load (local.get $map)))
  (local.set $ix (call $mpk_oi_ix (local.get $map)))
  (local.set $n (select (i32.sub (local.get $a) (i32.const 3)) (local.get $a) (local.get $ix)))
  ;; hs[pos] = (hash, known) for every position of the old table
  (local.set $hs (call ${malloc} (i32.shl (i32.add (local.get $n) (i32.const 1)) (i32.const 3))))
  (if (local.get $ix) (then
   (local.set $p (i32.load offset=4 (local.get $ix)))
   (local.set $i (i32.const 0))
   (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $p)))
    (local.set $e (i32.add (i32.add (local.get $ix) (i32.const 8)) (i32.mul (local.get $i) (i32.const 12))))
    (if (i32.load offset=8 (local.get $e)) (then
     (local.set $pos (i32.shr_u (i32.load offset=8 (local.get $e)) (i32.const 1)))
     (if (i32.lt_u (local.get $pos) (local.get $n)) (then
      (if (i32.eq (i32.load (i32.add (local.get $t) (i32.shl (local.get $pos) (i32.const 3))))
                  (i32.load (local.get $e))) (then
       (i32.store (i32.add (local.get $hs) (i32.shl (local.get $pos) (i32.const 3))) (i32.load offset=4 (local.get $e)))
       (i32.store offset=4 (i32.add (local.get $hs) (i32.shl (local.get $pos) (i32.const 3))) (i32.const 1))))))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))))
  ;; every live key without a known hash (all of them in a first build) is hashed here; that may
  ;; run a __hash__ that changes the map: then give up, the caller repeats its lookup
  (local.set $i (i32.const 0))
  (block $done (loop $next
   (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
   (local.set $k (i32.load (i32.add (local.get $t) (i32.shl (local.get $i) (i32.const 3)))))
   (if (i32.and (i32.and (i32.ne (local.get $k) (i32.const 0)) (i32.ne (local.get $k) (i32.const 4)))
                (i32.eqz (i32.load offset=4 (i32.add (local.get $hs) (i32.shl (local.get $i) (i32.const 3)))))) (then
    (i32.store (i32.add (local.get $hs) (i32.shl (local.get $i) (i32.const 3))) (call $mpk_oi_hash (local.get $k)))
    (if (i32.or (i32.ne (i32.load offset=8 (local.get $map)) (local.get $t))
                (i32.or (i32.ne (i32.load offset=4 (local.get $map)) (local.get $a))
                        (i32.ne (i32.load (local.get $map)) (local.get $w)))) (then (return (i32.const 0))))))
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (br $next)))
  (local.set $live (i32.shr_u (local.get $w) (i32.const 3)))
{new_table(malloc)}  (if (i32.or (i32.ne (i32.load offset=8 (local.get $map)) (local.get $t))
              (i32.or (i32.ne (i32.load offset=4 (local.get $map)) (local.get $a))
                      (i32.ne (i32.load (local.get $map)) (local.get $w)))) (then (return (i32.const 0))))
  (i32.store (local.get $nix) (local.get $nt))
  (i32.store offset=4 (local.get $nix) (local.get $p))
  (local.set $i (i32.const 0))
  (local.set $j (i32.const 0))
  (block $done (loop $next
   (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
   (local.set $e (i32.add (local.get $t) (i32.shl (local.get $i) (i32.const 3))))
   (local.set $k (i32.load (local.get $e)))
   (if (i32.and (i32.and (i32.ne (local.get $k) (i32.const 0)) (i32.ne (local.get $k) (i32.const 4)))
                (i32.lt_u (local.get $j) (local.get $cap))) (then
    (local.set $pos (i32.add (local.get $nt) (i32.shl (local.get $j) (i32.const 3))))
    (i32.store (local.get $pos) (local.get $k))
    (i32.store offset=4 (local.get $pos) (i32.load offset=4 (local.get $e)))
    (call $mpk_oi_put (local.get $nix) (local.get $k)
     (i32.load (i32.add (local.get $hs) (i32.shl (local.get $i) (i32.const 3)))) (local.get $j))
    (local.set $j (i32.add (local.get $j) (i32.const 1)))))
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (br $next)))
{table_end('$j')}  (i32.const 1))
 (func $mpk_oi_find (param $map i32) (param $k i32) (param $kind i32) (result i32)
  (local $h i32) (local $t i32) (local $a i32) (local $ix i32) (local $cap i32) (local $p i32)
  (local $i i32) (local $n i32) (local $e i32) (local $ek i32) (local $pos i32) (local $slot i32)
  (local $ptrs i32) (local $end i32) (local $fill i32) (local $hdr i32)
  (local.set $h (call $mpk_oi_hash (local.get $k)))
  (loop $restart
   (local.set $ptrs (i32.and (i32.and (i32.load (local.get $map)) (i32.const 1))
                             (i32.eq (i32.and (local.get $k) (i32.const 7)) (i32.const 2))))
   (local.set $ix (call $mpk_oi_ix (local.get $map)))
   (if (i32.eqz (local.get $ix)) (then (return (call ${lookup} (local.get $map) (local.get $k) (local.get $kind)))))
   (local.set $t (i32.load offset=8 (local.get $map)))
   (local.set $a (i32.load offset=4 (local.get $map)))
   (if (i32.ne (i32.load (local.get $ix)) (local.get $t)) (then
    (drop (call $mpk_oi_build (local.get $map)))
    (br $restart)))
   (local.set $cap (i32.sub (local.get $a) (i32.const 3)))
   (local.set $p (i32.load offset=4 (local.get $ix)))
   (local.set $i (call $mpk_oi_start (local.get $h) (local.get $k) (local.get $p)))
   (local.set $n (i32.const 0))
   (block $missing (loop $probe
    (local.set $e (i32.add (i32.add (local.get $ix) (i32.const 8)) (i32.mul (local.get $i) (i32.const 12))))
    (br_if $missing (i32.eqz (i32.load offset=8 (local.get $e))))
    (local.set $ek (i32.load (local.get $e)))
    (if (i32.lt_u (local.tee $pos (i32.shr_u (i32.load offset=8 (local.get $e)) (i32.const 1))) (local.get $cap)) (then
     (if (i32.eq (i32.load (local.tee $slot (i32.add (local.get $t) (i32.shl (local.get $pos) (i32.const 3)))))
                 (local.get $ek)) (then
      (if (i32.eq (local.get $ek) (local.get $k)) (then
       (if (i32.eq (local.get $kind) (i32.const 2)) (then
        (i32.store (local.get $slot) (i32.const 4))
        (i32.store (local.get $map) (i32.sub (i32.load (local.get $map)) (i32.const 8)))))
       (return (local.get $slot))))
      (if (i32.and (i32.eqz (local.get $ptrs)) (i32.eq (i32.load offset=4 (local.get $e)) (local.get $h))) (then
       (if (call ${equal} (local.get $ek) (local.get $k)) (then
        (br_if $restart (i32.ne (i32.load offset=8 (local.get $map)) (local.get $t)))
        (br_if $restart (i32.ne (i32.load (local.get $slot)) (local.get $ek)))
        (if (i32.eq (local.get $kind) (i32.const 2)) (then
         (i32.store (local.get $slot) (i32.const 4))
         (i32.store (local.get $map) (i32.sub (i32.load (local.get $map)) (i32.const 8)))))
        (return (local.get $slot))))
       (br_if $restart (i32.ne (i32.load offset=8 (local.get $map)) (local.get $t)))))))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (if (i32.eq (local.get $i) (local.get $p)) (then (local.set $i (i32.const 0))))
    (br_if $probe (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $p)))))
   (if (i32.ne (local.get $kind) (i32.const 1)) (then (return (i32.const 0))))
   (local.set $hdr (i32.add (local.get $t) (i32.shl (local.get $cap) (i32.const 3))))
   (local.set $fill (i32.shr_u (i32.load offset=4 (local.get $hdr)) (i32.const 1)))
   (local.set $end (i32.shr_u (i32.load offset=12 (local.get $hdr)) (i32.const 1)))
   (if (i32.gt_u (local.get $end) (local.get $cap)) (then (local.set $end (local.get $cap))))
   (block $trimmed (loop $trim
    (br_if $trimmed (i32.eqz (local.get $end)))
    (local.set $ek (i32.load (i32.add (local.get $t) (i32.shl (i32.sub (local.get $end) (i32.const 1)) (i32.const 3)))))
    (br_if $trimmed (i32.and (i32.ne (local.get $ek) (i32.const 0)) (i32.ne (local.get $ek) (i32.const 4))))
    (local.set $end (i32.sub (local.get $end) (i32.const 1)))
    (br $trim)))
   (i32.store offset=12 (local.get $hdr) (i32.or (i32.shl (local.get $end) (i32.const 1)) (i32.const 1)))
   (if (i32.or (i32.ge_u (local.get $n) (local.get $p))
               (i32.or (i32.ge_u (local.get $end) (local.get $cap))
                       (i32.ge_u (i32.mul (local.get $fill) (i32.const 3))
                                 (i32.shl (local.get $p) (i32.const 1))))) (then
    (drop (call $mpk_oi_build (local.get $map)))
    (br $restart)))
   (i32.store (local.get $e) (local.get $k))
   (i32.store offset=4 (local.get $e) (local.get $h))
   (i32.store offset=8 (local.get $e) (i32.or (i32.shl (local.get $end) (i32.const 1)) (i32.const 1)))
   (i32.store offset=4 (local.get $hdr)
    (i32.or (i32.shl (i32.add (local.get $fill) (i32.const 1)) (i32.const 1)) (i32.const 1)))
   (i32.store offset=12 (local.get $hdr)
    (i32.or (i32.shl (i32.add (local.get $end) (i32.const 1)) (i32.const 1)) (i32.const 1)))
   (local.set $slot (i32.add (local.get $t) (i32.shl (local.get $end) (i32.const 3))))
   (i32.store (local.get $slot) (local.get $k))
   (i32.store offset=4 (local.get $slot) (i32.const 0))
   (i32.store (local.get $map) (i32.add (i32.load (local.get $map)) (i32.const 8)))
   (if (i32.ne (i32.and (local.get $k) (i32.const 7)) (i32.const 2)) (then
    (i32.store (local.get $map) (i32.and (i32.load (local.get $map)) (i32.const -2)))))
   (return (local.get $slot)))
  (unreachable))
 (func $mpk_oi_last (param $map i32) (result i32) (local $t i32) (local $cap i32) (local $hdr i32) (local $end i32)
  (local $k i32)
  (if (i32.eqz (call $mpk_oi_ix (local.get $map))) (then
   (return (i32.sub (i32.shr_u (i32.load (local.get $map)) (i32.const 3)) (i32.const 1)))))
  (local.set $t (i32.load offset=8 (local.get $map)))
  (local.set $cap (i32.sub (i32.load offset=4 (local.get $map)) (i32.const 3)))
  (local.set $hdr (i32.add (local.get $t) (i32.shl (local.get $cap) (i32.const 3))))
  (local.set $end (i32.shr_u (i32.load offset=12 (local.get $hdr)) (i32.const 1)))
  (if (i32.gt_u (local.get $end) (local.get $cap)) (then (local.set $end (local.get $cap))))
  (block $trimmed (loop $trim
   (br_if $trimmed (i32.eqz (local.get $end)))
   (local.set $k (i32.load (i32.add (local.get $t) (i32.shl (i32.sub (local.get $end) (i32.const 1)) (i32.const 3)))))
   (br_if $trimmed (i32.and (i32.ne (local.get $k) (i32.const 0)) (i32.ne (local.get $k) (i32.const 4))))
   (local.set $end (i32.sub (local.get $end) (i32.const 1)))
   (br $trim)))
  (i32.store offset=12 (local.get $hdr) (i32.or (i32.shl (local.get $end) (i32.const 1)) (i32.const 1)))
  (i32.sub (local.get $end) (i32.const 1)))
"""


def _one(pattern: re.Pattern[str], text: str, what: str) -> str:
    found = set(pattern.findall(text))
    if len(found) != 1:
        raise FetchError(f"ordered index patch: expected one {what} callee, found {sorted(found)}")
    return found.pop()


def apply(wat: str, target: Target) -> str:
    """Add the index functions, the dispatch, the conversion and the popitem start; `FetchError`
    unless every site is found exactly."""
    if "$mpk_oi_find" in wat:
        raise FetchError("ordered index patch: $mpk_oi_find already exists")
    chunks = split_functions(wat)
    sites = [(i, normalise(c)) for i, c in enumerate(chunks) if c.startswith(" (func ") and "i32.shr_u" in c]
    sites = [(i, flat, m) for i, flat in sites for m in [ordered_growth.GROWTH_SITE.search(flat)] if m]
    if len(sites) != 1:
        raise FetchError(f"ordered index patch: expected one ordered-map growth site, found {len(sites)}")
    li, flat, growth = sites[0]
    func = re.match(r" \(func \$(\w+) \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(result i32\)", flat)
    rehash = set(re.findall(r"\(call \$(\w+) \(local\.get \$0\)\)", flat))
    starts = list(ordered_growth.ORDERED_PATH_SITE.finditer(flat, 0, growth.start()))
    if func is None or len(rehash) != 1 or len(starts) != 1:
        raise FetchError("ordered index patch: the growth site is not in the map lookup")
    unary = _one(ordered_growth.HASH_CALL, flat, "mp_unary_op(6, index)")
    qstr_hash = _one(QSTR_HASH, flat, "qstr_hash")
    equal = _one(EQUAL, flat, "mp_obj_equal")
    rehash_name = rehash.pop()
    rehash_chunk = [normalise(c) for c in chunks if c.startswith(f" (func ${rehash_name} ")]
    if len(rehash_chunk) != 1:
        raise FetchError("ordered index patch: no mp_map_rehash function")
    malloc = _one(MALLOC, rehash_chunk[0], "m_malloc0 in mp_map_rehash")
    # dispatch: right after `if (map->is_ordered)`, before ordered_growth's key hash (the index
    # lookup hashes every key itself, so an unhashable key raises TypeError there too)
    at = starts[0].end()
    dispatch = ("(if (call $mpk_oi_ix (local.get $0)) (then (return "
                "(call $mpk_oi_find (local.get $0) (local.get $1) (local.get $2))))) ")
    grow_at = flat.rfind(GROWTH_CONVERT, at, growth.start())
    grow_at = growth.start() if grow_at < 0 else grow_at
    convert = (f"(if (i32.ge_u (i32.shr_u (i32.load (local.get $0)) (i32.const 3)) "
               f"(i32.const {ordered_growth.ORDERED_MAX})) "
               f"(then (drop (call $mpk_oi_build (local.get $0))) "
               f"(return (call ${func.group(1)} (local.get $0) (local.get $1) (local.get $2))))) ")
    chunks[li] = flat[:at] + dispatch + flat[at:grow_at] + convert + flat[grow_at:]
    # popitem: `cur = is_ordered ? used - 1 : 0`, branch-free, on the map's first word
    pops = []
    for i, chunk in enumerate(chunks):
        if i != li and chunk.startswith(" (func ") and "(i32.const 29)" in chunk:
            f = normalise(chunk)
            for pm in POPITEM.finditer(f):
                word = pm.group(1)
                ctx = [c for c in POPITEM_CONTEXT.finditer(f, 0, pm.start()) if c.group(1) == word]
                if ctx:
                    pops.append((i, f, pm, ctx[-1].group(2)))
    if len(pops) != 1:
        raise FetchError(f"ordered index patch: expected one popitem start, found {len(pops)}")
    pi, f, pm, obj = pops[0]
    start = (f"(if (result i32) (i32.and (local.get ${pm.group(1)}) (i32.const 4)) "
             f"(then (call $mpk_oi_last (i32.add (local.get ${obj}) (i32.const 4)))) (else (i32.const 0)))")
    chunks[pi] = f[:pm.start()] + start + f[pm.end():]
    chunks[0] += _helpers(qstr_hash, unary, equal, malloc, func.group(1), SLOT_HASH in wat)
    return "".join(chunks)
