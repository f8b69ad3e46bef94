"""builtins hashed: the dict of overridden builtins is a hash map, not an insertion-ordered array.

In MicroPython's terms (v1.29.0): a name that is not a local or a global (`len`, `str`, `range`,
`isinstance`, ...) is looked up by `mp_load_global` (`py/runtime.c`) in the module's globals, then
in `MP_STATE_VM(mp_module_builtins_override_dict)`, then in the ROM table of `builtins`. The
override dict is made by `module_attr` (`py/objmodule.c`) with `mp_obj_new_dict(1)` at the first
store into the `builtins` module; with the `new_dicts` patch every new dict is insertion-ordered,
and an ordered map is searched linearly. The guest runtime stores ~90 names there (`print`,
`sorted`, `open`, `_mpk_*` helpers, ...), so every builtin that is *not* overridden (`len`,
`str`, `range`, ...) scanned all of them (~14 fuel an entry) before reaching the ROM table:
~950 fuel a use, ~10 times a global's.

Right after that `mp_obj_new_dict(1)` the patch clears the new map's `is_ordered` bit (bit 2 of
the map's first word, the dict's word 1), so the override dict is a hash map from its first key:
a miss costs a qstr hash and a few probes. Its order is never observable: the dict object is
reachable only through `MP_STATE_VM` (`builtins.__dict__`, `dir(builtins)` and attribute loads
from `builtins` read the ROM table), and `mp_load_global`, `mp_builtin___import__`'s override and
`__build_class__`'s lookups only look keys up. Storing, replacing and deleting overrides
(`builtins.print = f`, `del builtins.print`) work as on any dict.

Sites, by shape: `mp_load_global` is the one function that looks a key up (with `MP_MAP_LOOKUP`)
in the map of the dict loaded from a fixed state address `S` and, if that fails, in the map of a
constant dict `B` (the ROM builtins table); the site is the one store of `mp_obj_new_dict(1)`'s
result (a call with the constant 1) into that address `S`, in a function that compares an object
with `B`. `SITES` = 1.

Test: `tests/sandbox/test_patch_builtins_hashed.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "builtins_hashed"
SITES = 1
TEST = "tests/sandbox/test_patch_builtins_hashed.py::test_builtin_names_cost_little_more_than_globals"

# In mp_load_global (normalised Binaryen text): `if (override != NULL) { elem = mp_map_lookup(
# &override->map, key, MP_MAP_LOOKUP); if (elem) return ...; } elem = mp_map_lookup(&builtins.map, ...)`.
LOAD_GLOBAL = re.compile(
    r"\(br_if \$(?P<skip>\w+) \(i32\.eqz \(local\.tee \$(?P<d>\d+) (?P<slot>\(i32\.load offset=(?P<off>\d+) "
    r"\(i32\.const (?P<addr>\d+)\)\))\)\)\) "
    r"\(br_if \$(?P<found>\w+) \(local\.tee \$\d+ \(call \$(?P<lookup>\w+) \(i32\.add \(local\.get \$(?P=d)\) "
    r"\(i32\.const 4\)\) \(local\.get \$(?P<key>\d+)\) \(i32\.const 0\)\)\)\)\) "
    r"\(br_if \$(?P=found) \(local\.tee \$\d+ \(call \$(?P=lookup) \(i32\.add \(i32\.const (?P<rom>\d+)\) "
    r"\(i32\.const 4\)\) \(local\.get \$(?P=key)\) \(i32\.const 0\)\)\)\)")
# module_attr: `MP_STATE_VM(mp_module_builtins_override_dict) = mp_obj_new_dict(1)`.
STORE = r"\(i32\.store offset={off} \(i32\.const {addr}\) \(local\.tee \$(?P<d>\d+) \(call \$\w+ \(i32\.const 1\)\)\)\)"


def apply(wat: str, target: Target) -> str:
    """Clear `is_ordered` of the override dict right after it is made; `FetchError` unless exact."""
    chunks = split_functions(wat)
    found = [m for c in chunks if c.startswith(" (func ") and "(i32.const 4)" in c
             for m in LOAD_GLOBAL.finditer(normalise(c))]
    if len(found) != 1:
        raise FetchError(f"builtins hashed patch: expected one mp_load_global, found {len(found)}")
    g = found[0]
    store = re.compile(STORE.format(off=g["off"], addr=g["addr"]))
    sites = []
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or f"(i32.const {g['addr']})" not in chunk:
            continue
        flat = normalise(chunk)
        sites += [(i, flat, m) for m in store.finditer(flat)]
    if len(sites) != SITES:
        raise FetchError(f"builtins hashed patch: expected {SITES} store of a new dict into the override "
                         f"slot, found {len(sites)}")
    i, flat, m = sites[0]
    if f"(i32.const {g['rom']})" not in flat:
        raise FetchError("builtins hashed patch: the override dict's maker does not test the builtins table")
    end = expression_end(flat, m.start())
    d = m["d"]
    clear = f" (i32.store offset=4 (local.get ${d}) (i32.and (i32.load offset=4 (local.get ${d})) (i32.const -5)))"
    chunks[i] = flat[:end] + clear + flat[end:]
    return "".join(chunks)
