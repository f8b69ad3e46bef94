"""ordered growth: an insertion-ordered plain `dict` of 128 entries becomes a hash map.

In MicroPython's terms (v1.29.0, `py/map.c`, `mp_map_lookup`): a map with `is_ordered` set (an
OrderedDict's, and with the `new_dicts` patch every dict's) finds keys by a linear scan and its
table grows by 4 entries (`map->alloc += 4`, "TODO: Alloc policy") when full, so filling one is
quadratic (20,000 keys: 2.6 s instead of 0.01 s). At that growth step, a map with at least
`ORDERED_MAX` entries whose owner is not an OrderedDict (the word before the map, the object's
type pointer, differs from `mp_type_ordereddict`'s address; an OrderedDict keeps its order at any
size, a plain `dict` and, with the `instance_order` patch, an instance's attributes do not)
clears `is_ordered`, is rehashed by `mp_map_rehash` and the lookup is retried as a hash lookup
(`mp_map_lookup(map, index, lookup_kind)` again). Ordered maps are dicts, OrderedDicts, instance
attributes and fixed (ROM) maps, which are never added to. `mp_type_ordereddict`'s address is read
from `mp_obj_dict_make_new` (`if (type == &mp_type_ordereddict) dict->map.is_ordered = 1`, the one
comparison of an argument with a constant followed by setting bit 2 of a word; exactly one).

With the `ordered_index` patch (applied after this one) an ordered map of 128 entries gets a
hash index at that same growth step, before this conversion, which is then not reached.

Also, the ordered path never hashed its key, so an unhashable key (`d[[1]] = 2`) was accepted: at
its start (`if (map->is_ordered)`), a key that is neither a small int nor a qstr is hashed with
`mp_unary_op(MP_UNARY_OP_HASH, index)` as the hash path does, which raises CPython's TypeError.

Sites, by shape: the growth step (compare `used` = word 0 >> 3 with `alloc` = word 1, then store
`alloc + 4`) exactly once in the build, in a 3-argument function (the lookup) that calls exactly
one function with the map alone (the rehash) and `mp_unary_op(6, index)` (the hash) with one
callee, and has exactly one `is_ordered` test (bit 2 of word 0) before the growth step;
`dict_type` must occur as a constant. `SITES` = 1.

Test: `tests/sandbox/test_patch_ordered_growth.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "ordered_growth"
SITES = 1
TEST = "tests/sandbox/test_patch_ordered_growth.py::test_large_plain_dict_fills_in_linear_fuel"
# An insertion-ordered dict holding this many entries becomes a hash map before its next new key
# (guest/pycompat_lazy.py, ORDERED_MAX).
ORDERED_MAX = 128

# In normalised Binaryen text (no spaces before closing parentheses).
GROWTH_SITE = re.compile(
    r"\(block \$(\w+) \(br_if \$\1 \(i32\.ne \(local\.tee \$(\w+) \(i32\.shr_u \(local\.tee \$\w+ "
    r"\(i32\.load \(local\.get \$0\)\)\) \(i32\.const 3\)\)\) \(i32\.load offset=4 \(local\.get \$0\)\)\)\) "
    r"\(i32\.store offset=4 \(local\.get \$0\) \(local\.tee \$\2 \(i32\.add \(local\.get \$\2\) \(i32\.const 4\)\)\)\)")
# The start of mp_map_lookup's ordered path: `if (map->is_ordered)` (bit 2 of word 0).
ORDERED_PATH_SITE = re.compile(
    r"\(block \$(\w+) \(br_if \$\1 \(i32\.eqz \(i32\.and \(local\.get \$\w+\) \(i32\.const 4\)\)\)\) ")
# mp_obj_dict_make_new's `if (type == &mp_type_ordereddict) dict->map.is_ordered = 1;`.
ORDEREDDICT_TEST = re.compile(
    r"\(br_if \$\w+ \(i32\.ne \(local\.get \$\w+\) \(i32\.const (\d+)\)\)\) "
    r"\(i32\.store \(local\.get \$(\w+)\) \(i32\.or \(i32\.load \(local\.get \$\2\)\) \(i32\.const 4\)\)\)")
# mp_unary_op(MP_UNARY_OP_HASH, index), as the hash path of mp_map_lookup calls it.
HASH_CALL = re.compile(r"\(call \$(\w+) \(i32\.const 6\) \(local\.get \$1\)\)")


def apply(wat: str, target: Target) -> str:
    """Add the conversion at the growth site and the key hash at the ordered path's start."""
    dict_type = target.dict_type
    chunks = split_functions(wat)
    sites = [(i, normalise(c)) for i, c in enumerate(chunks) if c.startswith(" (func ") and "i32.shr_u" in c]
    sites = [(i, flat, m) for i, flat in sites for m in [GROWTH_SITE.search(flat)] if m]
    if len(sites) != SITES or wat.count(f"(i32.const {dict_type})") < 10:
        raise FetchError(f"ordered dict patch: expected one ordered-map growth site and the dict type {dict_type}, "
                         f"found {len(sites)} sites (a different upstream build?)")
    i, flat, site = sites[0]
    func = re.match(r" \(func \$(\w+) \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(result i32\)", flat)
    rehash = set(re.findall(r"\(call \$(\w+) \(local\.get \$0\)\)", flat))
    if func is None or len(rehash) != 1:
        raise FetchError(f"ordered dict patch: the growth site is not in a 3-argument lookup calling one rehash "
                         f"function (found {sorted(rehash)})")
    odicts = {m.group(1) for c in chunks if f"(i32.const {dict_type})" in c
              for m in ORDEREDDICT_TEST.finditer(normalise(c))}
    if len(odicts) != 1:
        raise FetchError(f"ordered dict patch: expected one OrderedDict type test in a dict maker, "
                         f"found {sorted(odicts)}")
    convert = (
        f"(if (i32.and (i32.ge_u (i32.shr_u (i32.load (local.get $0)) (i32.const 3)) (i32.const {ORDERED_MAX})) "
        f"(i32.ne (i32.load (i32.sub (local.get $0) (i32.const 4))) (i32.const {odicts.pop()}))) "
        f"(then (i32.store (local.get $0) (i32.and (i32.load (local.get $0)) (i32.const -5))) "
        f"(call ${rehash.pop()} (local.get $0)) "
        f"(return (call ${func.group(1)} (local.get $0) (local.get $1) (local.get $2))))) ")
    starts = list(ORDERED_PATH_SITE.finditer(flat, 0, site.start()))
    hashes = set(HASH_CALL.findall(flat))
    if len(starts) != 1 or len(hashes) != 1:
        raise FetchError(f"ordered dict patch: expected one ordered-path start and one hash call before the growth "
                         f"site, found {len(starts)} and {sorted(hashes)}")
    check = (f"(if (i32.and (i32.ne (i32.and (local.get $1) (i32.const 7)) (i32.const 2)) "
             f"(i32.eqz (i32.and (local.get $1) (i32.const 1)))) "
             f"(then (drop (call ${hashes.pop()} (i32.const 6) (local.get $1))))) ")
    at = starts[0].end()
    chunks[i] = flat[:at] + check + flat[at:site.start()] + convert + flat[site.start():]
    return "".join(chunks)
