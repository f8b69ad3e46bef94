"""new dicts ordered: every `dict` is created insertion-ordered, as CPython's are.

In MicroPython's terms (v1.29.0, `py/objdict.c`): `mp_obj_new_dict`, `mp_obj_dict_init`,
`mp_obj_dict_make_new`, `mp_obj_dict_copy` and `dict_fromkeys` set `base.type = &mp_type_dict`
and call `mp_map_init` on the dict's map, which leaves `is_ordered` clear (only OrderedDict sets
it). Right after that `mp_map_init` call the patch sets the map's `is_ordered` bit (bit 2 of the
map's first word, the dict's word 1): dict displays, `dict(...)`, `**kwargs`, `json.loads`,
`dict.fromkeys`, module and class namespaces keep insertion order, with linear lookups until the
`ordered_growth` patch makes a dict of 128 entries a hash map (`mp_obj_dict_copy` then copies the
bit of its source, as before).

Sites, by shape: the store of `target.dict_type` (the address of `mp_type_dict`) as the type word
of a fresh 16-byte object (`m_new_obj`), or of the object argument (`mp_obj_dict_init`), directly
followed by a call (the `mp_map_init` of the map at offset 4). Exactly `SITES` = 5.

Test: `tests/sandbox/test_patch_new_dicts.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "new_dicts"
SITES = 5
TEST = "tests/sandbox/test_patch_new_dicts.py::test_every_kind_of_new_dict_keeps_insertion_order"

# In normalised Binaryen text; `{t}` is the dict type's address.
NEW_DICT_SITE = r"\(i32\.store \(local\.tee \$(\w+) \(call \$\w+ \(i32\.const 16\)\)\) \(i32\.const {t}\)\) (?=\(call )"
INIT_DICT_SITE = (r"\(i32\.store \(local\.get \$(0)\) \(i32\.const {t}\)\) "
                  r"(?=\(call \$\w+ \(i32\.add \(local\.get \$0\) \(i32\.const 4\)\))")


def apply(wat: str, target: Target) -> str:
    """Set `is_ordered` after each of the `SITES` dict creations; `FetchError` unless exact."""
    dict_type = target.dict_type
    chunks = split_functions(wat)
    found = 0
    for i, chunk in enumerate(chunks):
        if f"(i32.const {dict_type})" not in chunk:
            continue
        flat = normalise(chunk)
        sites = sorted((m for site in (NEW_DICT_SITE, INIT_DICT_SITE)
                        for m in re.finditer(site.format(t=dict_type), flat)), key=lambda m: m.start())
        pieces, pos = [], 0
        for m in sites:
            end = expression_end(flat, m.end())
            pieces += [flat[pos:end], f" (i32.store offset=4 (local.get ${m.group(1)}) "
                                      f"(i32.or (i32.load offset=4 (local.get ${m.group(1)})) (i32.const 4)))"]
            pos = end
        if sites:
            chunks[i] = "".join(pieces) + flat[pos:]
            found += len(sites)
    if found != SITES:
        raise FetchError(f"new dict patch: expected {SITES} places that make a dict, found {found}")
    return "".join(chunks)
