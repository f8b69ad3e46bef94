"""instance order: an instance's attributes keep insertion order (`vars(obj)`, `obj.__dict__`).

In MicroPython's terms (v1.29.0, `py/objtype.c`): `mp_obj_new_instance` allocates the instance
(`mp_obj_malloc_var(mp_obj_instance_t, subobj, mp_obj_t, num_native_bases, class)`) and calls
`mp_map_init(&o->members, 0)`, which leaves the map's `is_ordered` bit clear: the attributes live
in a hash map and `obj.__dict__` (`mp_obj_instance_load_attr` copies that map into a dict with
`mp_obj_dict_copy`, which keeps the bit) lists them in hash order. Right after that `mp_map_init`
call the patch sets `is_ordered` (bit 2 of the map's first word, the instance's word 1), as
`new_dicts` does for dicts: attributes are then found by MicroPython's ordered path (a pointer
scan behind the map lookup cache; attribute names are interned, so no string is compared) and
`obj.__dict__`, `vars(obj)` list them in CPython's order. `ordered_growth` turns such a map into a
hash map when it holds 128 attributes and gets another one (its owner is not an OrderedDict), so
setting many attributes stays linear.

Site, by shape: a two-argument function whose body starts with the `mp_map_init` call (the
function called right after a fresh 16-byte object gets `mp_type_dict` as its type, as in
`new_dicts`) on `4 + (the object allocated with size (n << 2) + 16 and type $0)`, with 0 entries,
where `n` comes from a call on both arguments (`instance_count_native_bases`). Exactly `SITES` = 1.

Test: `tests/sandbox/test_patch_instance_order.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "instance_order"
SITES = 1
TEST = "tests/sandbox/test_patch_instance_order.py::test_instance_attributes_keep_insertion_order"

# In normalised Binaryen text; `{t}` is the dict type's address.
MAP_INIT = r"\(i32\.store \(local\.tee \$\w+ \(call \$\w+ \(i32\.const 16\)\)\) \(i32\.const {t}\)\) \(call \$(\w+) "
SITE = (r"\(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(result i32\) "
        r"\(call \${init} \(i32\.add \(local\.tee \$0 \(call \$\w+ \(i32\.add \(i32\.shl \(local\.tee \$1 "
        r"\(call \$\w+ \(local\.get \$0\) \(local\.get \$1\)\)\) \(i32\.const 2\)\) \(i32\.const 16\)\) "
        r"\(local\.get \$0\)\)\) \(i32\.const 4\)\) \(i32\.const 0\)\) ")
SET_ORDERED = "(i32.store offset=4 (local.get $0) (i32.or (i32.load offset=4 (local.get $0)) (i32.const 4))) "


def apply(wat: str, target: Target) -> str:
    """Set `is_ordered` after the instance's `mp_map_init`; `FetchError` unless exactly one site."""
    chunks = split_functions(wat)
    inits = {m.group(1) for c in chunks if f"(i32.const {target.dict_type})" in c
             for m in re.finditer(MAP_INIT.format(t=target.dict_type), normalise(c))}
    if len(inits) != 1:
        raise FetchError(f"instance order patch: expected one mp_map_init after dict creation, found {sorted(inits)}")
    site = re.compile(SITE.format(init=inits.pop()))
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "(i32.const 16)" in chunk:
            flat = normalise(chunk)
            m = site.search(flat)
            if m:
                found.append((i, flat, m))
    if len(found) != SITES:
        raise FetchError(f"instance order patch: expected {SITES} mp_obj_new_instance, found {len(found)}")
    i, flat, m = found[0]
    chunks[i] = flat[:m.end()] + SET_ORDERED + flat[m.end():]
    return "".join(chunks)
