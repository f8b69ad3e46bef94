"""small index: a dict whose keys are not all interned strings gets its hash index at 32 entries
instead of 128; key comparisons in map and set lookups reject unequal small ints, interned
strings, strs and tuples without the generic equality call; index hits fill the lookup cache.

In MicroPython's terms (v1.29.0, `py/map.c`, `mp_map_lookup` and `mp_set_lookup`, as patched by
`ordered_index` and `tuple_equal`):

1. An insertion-ordered map (every dict, with `new_dicts`) below `ordered_index`'s threshold
   (128 entries) is searched by a linear scan that calls `mp_obj_equal(elem->key, index)` on every
   entry it passes, so a `(row, col)` key in a dict of 127 entries cost ~12k fuel a lookup (and
   filling such a dict is quadratic in its size). `ordered_index` builds the index at the growth
   step (`used == alloc`) when `used >= 128`; this patch makes that test
   `used >= (all_keys_are_qstrs ? 128 : 32)` (bit 0 of the map's word 0). A map whose keys are
   all interned strings (module and class namespaces, instance attributes, keyword arguments)
   keeps the linear scan up to 128 entries: it compares pointers only, which costs less than a
   hash. Any other map (int, run-time str, tuple, float or mixed keys) gets the index at the first
   growth step with at least 32 entries (the 33rd key of a dict that started empty: the ordered
   array grows `alloc += 4` from its initial size); from there on it keeps insertion order,
   deletion, `popitem` and copies as `ordered_index` describes. Not lower: an index costs ~4x
   the memory of the array at that size (at 8: a dict of 9-20 keys ~710 bytes instead of
   120-180), and records (a dict per row, str keys made at run time) are mostly smaller; the
   scan of up to 32 keys costs less than the old scan of 128 thanks to change 2.
2. `mp_obj_equal(elem->key, index)` in the ordered scan of `mp_map_lookup`, which mostly meets
   keys other than the one looked up, becomes `$mpk_key_equal(a, b)`: the
   same object → equal (`mp_obj_equal`'s own first test); two small ints, or two interned strings
   (qstrs are unique), that are not the same object → not equal; two heap objects of the same
   type word: exact tuples (`Target.tuple_type`) → `$mpk_tuple_equal` (`tuple_equal`'s helper:
   lengths, identical items, distinct small-int items; it never calls out) when it is sure; exact
   strs (`Target.str_type`) of different lengths (offset 8), or whose stored hashes (offset 4)
   are both computed and differ → not equal (`lazy_str_hash` stores 0 for "not computed", and a
   key reaching the ordered or hash path has been hashed); anything else → `mp_obj_equal` as
   before (so `1 == 1.0 == True`, a str against a qstr, user `__eq__` keep their path). Without
   the `tuple_equal` patch the tuple test is left out. The comparisons that mostly meet the key
   itself — `$mpk_oi_find`'s, made only after equal hashes, and the hash probes of
   `mp_map_lookup` and `mp_set_lookup` (load at most two thirds, `table_load`) — become
   `$mpk_hit_equal(a, b)`: the same object → equal (the set probe has no identity test of its
   own), two small ints → not equal, two exact tuples → `$mpk_tuple_equal` when it is sure,
   anything else → `mp_obj_equal` (there the str and int tests cost more than they save: a str member of a set
   ~70 fuel more a lookup).
3. `MICROPY_OPT_MAP_LOOKUP_CACHE`: `mp_map_lookup` first tries `table[cache[(index >> 2) & 127] %
   alloc]` and uses it if its key is `index` itself (identity; the linear and hash paths store the
   position they found in that byte). `$mpk_oi_find` never stored it, so an int key in an indexed
   dict never hit it; it now stores the position of the entry it returns when it is below 256
   (upstream truncates larger ones, which the identity test then rejects; not storing them spares
   large dicts the store).

Sites, by shape: in the map lookup (the function calling `$mpk_oi_find`), `ordered_index`'s
growth-step build test `used >= 128` (one), the two calls `mp_obj_equal(<key>, index)` and the
lookup cache's store `cache[(index >> 2) & 127] = pos` (one address); in the set lookup (the
other three-argument function that hashes with `mp_unary_op(6, index)` and probes with a
`br_table` on the slot's key) one call of the same callee; in `$mpk_oi_find`, its three
`return slot` and its one `mp_obj_equal(ek, k)`. `SITES` = 6 (build test, map comparisons, set
comparison, cache, `$mpk_oi_find`'s returns and comparison). Applied
after `tuple_equal` (it calls `$mpk_tuple_equal`), before `gc_in_calls` (the new helper calls
`mp_obj_equal`, which can run `__eq__` and allocate, as the call it replaces did).

Test: `tests/sandbox/test_patch_small_index.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "small_index"
SITES = 6
TEST = "tests/sandbox/test_patch_small_index.py::test_small_dicts_of_tuple_keys_are_cheap_and_like_cpython"
# Extends code `ordered_index` adds (its build test in `mp_map_lookup`).
EXTENDS = ("ordered_index",)
CACHE = re.compile(r"\(i32\.store8 offset=(\d+) \(i32\.add \(i32\.const (\d+)\) \(i32\.and \(i32\.shr_u "
                   r"\(local\.get \$1\) \(i32\.const 2\)\) \(i32\.const 127\)\)\) ")
FOUND = "(return (local.get $slot))"
SMALL = 32  # entries from which a map with a key other than a qstr gets its index
LARGE = 128  # ordered_index's threshold, kept for maps of qstr keys only
BUILD_TEST = (f"(if (i32.ge_u (i32.shr_u (i32.load (local.get $0)) (i32.const 3)) (i32.const {LARGE})) "
              "(then (drop (call $mpk_oi_build (local.get $0)))")
EQUAL = re.compile(r"\(call \$(\w+) (?=\(local\.get \$(?!1\))\d+\) \(local\.get \$1\)\))")


def _helper(equal: str, str_type: int, tuple_type: int, with_tuples: bool) -> str:
    """The WAT text of `$mpk_key_equal(a, b)`: 1 equal, 0 not, as `mp_obj_equal` answers."""
    tuples = (f"(if (i32.eq (local.get $t) (i32.const {tuple_type})) (then "
              f"(if (i32.ge_s (local.tee $r (call $mpk_tuple_equal (local.get $a) (local.get $b))) (i32.const 0)) "
              f"(then (return (local.get $r)))))) ") if with_tuples else ""
    # after equal hashes (`$mpk_oi_find`): only exact tuples are worth a test before the call
    hit = ("(if (i32.eqz (i32.and (i32.or (local.get $a) (local.get $b)) (i32.const 3))) (then "
           "(if (i32.and (i32.ge_u (local.get $a) (i32.const 8)) (i32.ge_u (local.get $b) (i32.const 8))) (then "
           f"(if (i32.and (i32.eq (i32.load (local.get $a)) (i32.const {tuple_type})) "
           f"(i32.eq (i32.load (local.get $b)) (i32.const {tuple_type}))) (then "
           "(if (i32.ge_s (local.tee $r (call $mpk_tuple_equal (local.get $a) (local.get $b))) (i32.const 0)) "
           "(then (return (local.get $r)))))))))) ") if with_tuples else ""
    # two exact strs of different lengths, or whose hashes (offset 4; 0: not computed yet) differ
    strs = (f"(if (i32.eq (local.get $t) (i32.const {str_type})) (then "
            f"(if (i32.ne (i32.load offset=8 (local.get $a)) (i32.load offset=8 (local.get $b))) "
            f"(then (return (i32.const 0)))) "
            f"(local.set $r (i32.load offset=4 (local.get $a))) (local.set $t (i32.load offset=4 (local.get $b))) "
            f"(if (i32.and (i32.ne (local.get $r) (local.get $t)) "
            f"(i32.and (i32.ne (local.get $r) (i32.const 0)) (i32.ne (local.get $t) (i32.const 0)))) "
            f"(then (return (i32.const 0))))))")
    # nested tests: wasm evaluates both operands of `i32.and`, and a load needs a heap pointer
    return f"""
 (func $mpk_key_equal (param $a i32) (param $b i32) (result i32) (local $r i32) (local $t i32)
  (if (i32.eq (local.get $a) (local.get $b)) (then (return (i32.const 1))))
  (if (i32.and (i32.and (local.get $a) (local.get $b)) (i32.const 1)) (then (return (i32.const 0))))
  (if (i32.and (i32.eq (i32.and (local.get $a) (i32.const 7)) (i32.const 2))
               (i32.eq (i32.and (local.get $b) (i32.const 7)) (i32.const 2))) (then (return (i32.const 0))))
  (if (i32.eqz (i32.and (i32.or (local.get $a) (local.get $b)) (i32.const 3))) (then
   (if (i32.and (i32.ge_u (local.get $a) (i32.const 8)) (i32.ge_u (local.get $b) (i32.const 8))) (then
    (if (i32.eq (local.tee $t (i32.load (local.get $a))) (i32.load (local.get $b))) (then
     {tuples}{strs}))))))
  (call ${equal} (local.get $a) (local.get $b)))
 (func $mpk_hit_equal (param $a i32) (param $b i32) (result i32) (local $r i32)
  (if (i32.eq (local.get $a) (local.get $b)) (then (return (i32.const 1))))
  (if (i32.and (i32.and (local.get $a) (local.get $b)) (i32.const 1)) (then (return (i32.const 0))))
  {hit}(call ${equal} (local.get $a) (local.get $b)))
"""


def apply(wat: str, target: Target) -> str:
    """Lower the index threshold for non-qstr maps, route the key comparisons through
    `$mpk_key_equal` / `$mpk_hit_equal` and fill the lookup cache from the index; `FetchError`
    unless every site is found exactly."""
    if "$mpk_key_equal" in wat:
        raise FetchError("small index patch: $mpk_key_equal already exists")
    chunks = split_functions(wat)
    lookups = [i for i, c in enumerate(chunks) if "(call $mpk_oi_find (local.get $0)" in c
               and not c.startswith(" (func $mpk_")]
    if len(lookups) != 1:
        raise FetchError(f"small index patch: expected one map lookup calling $mpk_oi_find, found {len(lookups)}")
    li = lookups[0]
    flat = normalise(chunks[li])
    if flat.count(BUILD_TEST) != 1:
        raise FetchError(f"small index patch: expected one index build test, found {flat.count(BUILD_TEST)}")
    calls = list(EQUAL.finditer(flat))
    callee = {m.group(1) for m in calls}
    if len(calls) != 2 or len(callee) != 1:
        raise FetchError(f"small index patch: expected two mp_obj_equal calls in the map lookup, found {len(calls)}")
    equal = callee.pop()
    hashes = set(re.findall(r"\(call \$(\w+) \(i32\.const 6\) \(local\.get \$1\)\)", flat))
    if len(hashes) != 1:
        raise FetchError(f"small index patch: expected one mp_unary_op callee in the map lookup, found {hashes}")
    unary = hashes.pop()
    caches = set(CACHE.findall(flat))
    if len(caches) != 1:
        raise FetchError(f"small index patch: expected one lookup cache in the map lookup, found {sorted(caches)}")
    (offset, base), = caches
    finds = [i for i, c in enumerate(chunks) if c.startswith(" (func $mpk_oi_find ")]
    if len(finds) != 1 or chunks[finds[0]].count(FOUND) != 3:
        raise FetchError("small index patch: expected $mpk_oi_find with three returns of the slot")
    # positions from 256 on cannot be cached (one byte): not stored, so large maps pay no store
    remember = (f"(if (i32.lt_u (i32.sub (local.get $slot) (local.get $t)) (i32.const 2048)) (then "
                f"(i32.store8 offset={offset} (i32.add (i32.const {base}) (i32.and (i32.shr_u (local.get $k) "
                f"(i32.const 2)) (i32.const 127))) "
                f"(i32.shr_u (i32.sub (local.get $slot) (local.get $t)) (i32.const 3))))) ")
    find = chunks[finds[0]].replace(FOUND, remember + FOUND)
    compare = f"(call ${equal} (local.get $ek) (local.get $k))"
    if find.count(compare) != 1:
        raise FetchError(f"small index patch: expected one key comparison in $mpk_oi_find, found {find.count(compare)}")
    chunks[finds[0]] = find.replace(compare, "(call $mpk_hit_equal (local.get $ek) (local.get $k))")
    # the ordered scan (before the build test) mostly meets other keys; the hash probe (after it)
    # mostly meets the key itself, where the rejections would only add work
    scan, probe = calls
    if not scan.start() < flat.index(BUILD_TEST) < probe.start():
        raise FetchError("small index patch: the comparisons are not around the index build test")
    flat = (flat[:scan.start()] + "(call $mpk_key_equal " + flat[scan.end():probe.start()]
            + "(call $mpk_hit_equal " + flat[probe.end():])
    threshold = (f"(select (i32.const {LARGE}) (i32.const {SMALL}) "
                 "(i32.and (i32.load (local.get $0)) (i32.const 1)))")
    chunks[li] = flat.replace(BUILD_TEST, BUILD_TEST.replace(f"(i32.const {LARGE})", threshold, 1))
    sets = []
    head = "(param $0 i32) (param $1 i32) (param $2 i32) (result i32)"
    for i, chunk in enumerate(chunks):
        if i == li or not chunk.startswith(" (func $") or head not in chunk.split("\n", 1)[0]:
            continue
        if f"(call ${unary} (i32.const 6) (local.get $1))" not in chunk or "br_table" not in chunk:
            continue
        f = normalise(chunk)
        found = [m for m in EQUAL.finditer(f) if m.group(1) == equal]
        if found:
            sets.append((i, f, found))
    if len(sets) != 1 or len(sets[0][2]) != 1:
        raise FetchError(f"small index patch: expected one set lookup with one mp_obj_equal call, "
                         f"found {[(i, len(m)) for i, _, m in sets]}")
    si, f, (m,) = sets[0]
    chunks[si] = f[:m.start()] + "(call $mpk_hit_equal " + f[m.end():]
    with_tuples = "(func $mpk_tuple_equal " in wat
    if with_tuples and not target.tuple_type:
        raise FetchError("small index patch: the lock has no tuple_type for this build")
    chunks[0] += _helper(equal, target.str_type, target.tuple_type, with_tuples)
    return "".join(chunks)
