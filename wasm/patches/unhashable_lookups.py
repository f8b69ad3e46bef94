"""unhashable lookups: looking up an unhashable key in an empty or string-keyed dict, or in a set
that never held anything, raises CPython's `TypeError: unhashable type: 'list'`; so does hashing
an instance of a class that sets `__hash__ = None`.

In MicroPython's terms (v1.29.0, `py/map.c`): `mp_map_lookup` compares keys by pointer only when
every key of the map is a qstr (`all_keys_are_qstrs`, also true for an empty map); a key that is
neither a qstr nor a `str` then cannot be in the map, and a lookup that does not add returns NULL
at once, without hashing the key (`ordered_growth` hashes the key at the start of the ordered path,
which this early return skips). So `{}[[1]]` raised `KeyError`, `[1] in {}` and
`{'a': 1}.get([1])` answered. `mp_set_lookup` returns NULL for a set whose table was never
allocated (`alloc == 0`) unless it adds, so `[1] in set()` answered `False` and
`set().discard([1])` passed.

The patch hashes the key (`mp_unary_op(MP_UNARY_OP_HASH, index)`, result dropped: it raises
`TypeError` for an unhashable key, as the hash path does) right before those two early returns,
when the key is a heap object (`index & 3 == 0` and not NULL or the sentinel 4: small ints,
qstrs and immediates, always hashable, are not hashed). At the map's early return it does so
unless the lookup removes from an empty map: CPython's `dict.pop` on an empty dict raises
`KeyError` (or returns the default) without hashing (MicroPython's `del d[k]` takes the same
path, so `del {}[[1]]` stays a `KeyError` where CPython raises `TypeError`). Nothing changes for
keys that reach the hash or ordered paths, for str, qstr and small-int keys, or for lookups that
add.

`instance_unary_op` (`py/objtype.c`) calls whatever the class lookup found for the operation's
method, so `hash(x)` for a class with `__hash__ = None` (CPython's way to declare instances
unhashable; dataclasses do it too) called None: "'NoneType' object is not callable". The patch
returns MP_OBJ_NULL ("not supported") for `MP_UNARY_OP_HASH` when the member found is `None`, as
it does for a class defining `__eq__` without `__hash__`: `mp_unary_op` then raises
"unhashable type: 'A'". Other operations keep calling what they find (CPython too calls a
`__neg__ = None`).

Sites, by shape: in the map lookup (the 3-argument function holding `ordered_growth`'s growth
site), the branch `all_keys_are_qstrs` (bit 0 of word 0, kept in a local by `local.tee`) and the
early return `if (lookup_kind != ADD) return NULL` that ends that block (one each); in the set
lookup (the other 3-argument function calling `mp_unary_op(6, index)`), `if (!(kind & ADD))
return NULL` right before the rehash call on an empty table (one); in `instance_unary_op` (the
function calling the hash callee with `(op, self->subobj[0])`), the switch on `member[0]` followed
by the method's call `mp_call_function_1(member[0], self_in)` (one). `SITES` = 3.

Test: `tests/sandbox/test_patch_unhashable_lookups.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches import ordered_growth
from wasm.patches.base import Target, normalise, split_functions

NAME = "unhashable_lookups"
SITES = 3
TEST = "tests/sandbox/test_patch_unhashable_lookups.py::test_unhashable_keys_raise_in_empty_maps_and_sets"

# mp_map_lookup: `if (map->all_keys_are_qstrs)` with word 0 kept in a local.
QSTR_KEYS = re.compile(r"\(br_if \$\w+ \(i32\.and \(local\.tee \$(\d+) \(i32\.load \(local\.get \$0\)\)\) "
                       r"\(i32\.const 1\)\)\)")
# ... and its end: `compare_only_ptrs = true; if (lookup_kind != ADD) return NULL;` closing the block.
MAP_RETURN = re.compile(r"\(local\.set \$\d+ \(i32\.const 1\)\) (\(br_if \$\w+ \(i32\.ne \(local\.get \$2\) "
                        r"\(i32\.const 1\)\)\)\))")
# mp_set_lookup on an empty table: `if (!(kind & ADD)) return NULL; mp_set_rehash(set);`.
SET_RETURN = re.compile(r"\(br_if \$\w+ \(i32\.eqz \(local\.get \$(\d+)\)\)\) \(call \$\w+ \(local\.get \$0\)\)")
# instance_unary_op: `member[0]` switched on (NULL, MP_OBJ_SENTINEL = 4, else a method), the
# sentinel case forwarding to `mp_unary_op(op, self->subobj[0])`, then the method's call.
MEMBER_SWITCH = (r"\(br_table \$\w+ \$(\w+) \$\1 \$\1 \$\w+ \$\1 \(local\.tee \$(?P<member>\d+) \(i32\.load offset=\d+ "
                 r"\(local\.get \$\d+\)\)\)\)\) \(local\.set \$(?P<ret>\d+) \(call \${hash} \(local\.get \$0\) "
                 r"\(i32\.load offset=\d+ \(local\.get \$1\)\)\)\) \(br \$(?P<out>\w+)\)\) "
                 r"(?P<call>\(local\.set \$(?P=ret) \(call \$\w+ "
                 r"\(local\.get \$(?P=member)\) \(local\.get \$1\)\)\))")
NONE = 6  # mp_const_none: MP_OBJ_NEW_IMMEDIATE_OBJ(0) in this build's object representation
HASH_OP = 6  # MP_UNARY_OP_HASH
HEADER = re.compile(r" \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(result i32\)")


def heap_key(then: str) -> str:
    """`then` when the key is a heap object (neither a small int, a qstr nor an immediate; not NULL
    or the sentinel), the cheap test first: a small int costs five instructions."""
    return (f"(if (i32.eqz (i32.and (local.get $1) (i32.const 3))) "
            f"(then (if (i32.gt_u (local.get $1) (i32.const 4)) (then {then}))))")


def apply(wat: str, target: Target) -> str:
    """Hash heap-object keys before the map's pointer-only early return and the empty set's."""
    del target
    chunks = split_functions(wat)
    hashing = [(i, normalise(c)) for i, c in enumerate(chunks)
               if c.startswith(" (func ") and "(i32.const 6)" in c]
    hashing = [(i, flat, set(ordered_growth.HASH_CALL.findall(flat))) for i, flat in hashing
               if HEADER.match(flat) and ordered_growth.HASH_CALL.search(flat)]
    maps = [(i, flat, h) for i, flat, h in hashing if ordered_growth.GROWTH_SITE.search(flat)]
    sets = [(i, flat, h) for i, flat, h in hashing if SET_RETURN.search(flat)]
    if len(maps) != 1 or len(sets) != 1 or maps[0][0] == sets[0][0]:
        raise FetchError(f"unhashable lookups patch: expected one map lookup and one set lookup, found "
                         f"{len(maps)} and {len(sets)} (a different upstream build?)")
    i, flat, hashes = maps[0]
    tests, returns = list(QSTR_KEYS.finditer(flat)), list(MAP_RETURN.finditer(flat))
    if len(hashes) != 1 or len(tests) != 1 or len(returns) != 1 or returns[0].start() < tests[0].end():
        raise FetchError(f"unhashable lookups patch: expected one qstr-keys test, one early return after it "
                         f"and one hash callee in the map lookup, found {len(tests)}, {len(returns)}, "
                         f"{sorted(hashes)}")
    hash_fn, word0 = hashes.pop(), tests[0].group(1)
    # kind is LOOKUP (0) or REMOVE (2) here; hash unless removing from an empty map (used = word0 >> 3).
    check = heap_key(f"(if (i32.or (i32.eqz (local.get $2)) (i32.ge_u (local.get ${word0}) (i32.const 8))) "
                     f"(then (drop (call ${hash_fn} (i32.const 6) (local.get $1)))))") + " "
    at = returns[0].start(1)
    chunks[i] = flat[:at] + check + flat[at:]
    j, flat, hashes = sets[0]
    site = list(SET_RETURN.finditer(flat))
    if len(site) != 1 or hashes != {hash_fn}:
        raise FetchError(f"unhashable lookups patch: expected one empty-set return and the map's hash callee in "
                         f"the set lookup, found {len(site)} and {sorted(hashes)}")
    add = site[0].group(1)
    check = f"(if (i32.eqz (local.get ${add})) (then " + \
        heap_key(f"(drop (call ${hash_fn} (i32.const 6) (local.get $1)))") + ")) "
    chunks[j] = flat[:site[0].start()] + check + flat[site[0].start():]
    switch = re.compile(MEMBER_SWITCH.replace("{hash}", hash_fn))
    units = [(k, normalise(c)) for k, c in enumerate(chunks) if c.startswith(" (func ") and f"${hash_fn}" in c]
    units = [(k, flat, m) for k, flat in units for m in switch.finditer(flat)]
    if len(units) != 1:
        raise FetchError(f"unhashable lookups patch: expected one instance unary-op dispatch, found {len(units)}")
    k, flat, m = units[0]
    refuse = (f"(if (i32.and (i32.eq (local.get $0) (i32.const {HASH_OP})) (i32.eq (local.get ${m['member']}) "
              f"(i32.const {NONE}))) (then (local.set ${m['ret']} (i32.const 0)) (br ${m['out']}))) ")
    chunks[k] = flat[:m.start("call")] + refuse + flat[m.start("call"):]
    return "".join(chunks)
