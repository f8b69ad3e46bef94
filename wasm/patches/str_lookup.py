"""str lookup: a new `str` is never looked up among the interned strings.

In MicroPython's terms (v1.29.0, `py/objstr.c`): `mp_obj_new_str`, `mp_obj_new_str_of_type` and
`mp_obj_new_str_type_from_vstr` call `qstr_find_strn(data, len)` (`py/qstr.c`: linear scans of the
static and every run-time qstr pool, ~0.8 µs per string here) and return the interned object
`MP_OBJ_NEW_QSTR(q)` when one exists. The patch replaces that call's result by 0 ("not found"), so
a fresh heap string is always made: equal value, equal hash (the same function computes both),
equal in every comparison and dict lookup; only `is` between equal strings changes, towards
CPython's behaviour. Interning where MicroPython needs it (attribute names, keyword arguments,
imports, the compiler) goes through `qstr_from_strn`, untouched. (`str_make_new`'s own lookup, for
`str(b, encoding)`, has another shape and is left as it is.)

Site, by shape: a call `$f(data, len)` whose result is teed into a local and, when non-zero,
returned as `(q << 3) | 2` (MP_OBJ_NEW_QSTR), optionally after the vstr is cleared. Exactly
`SITES` = 3 such calls, all of one function, and that function contains the qstr hash seed 5381
(`qstr_compute_hash`, the djb2 seed); otherwise the build fails.

Test: `tests/sandbox/test_patch_str_lookup.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, flatten, function_index, split_functions

NAME = "str_lookup"
SITES = 3
TEST = "tests/sandbox/test_patch_str_lookup.py::test_new_strings_are_not_interned_objects"

# In whitespace-normalised Binaryen text (spaces kept before closing parentheses).
SITE = re.compile(
    r"\(local\.tee \$(?P<v>\d+) (?P<call>\(call \$(?P<f>\d+) "
    r"(?:\(local\.get \$\d+\) |\(i32\.load offset=\d+ \(local\.get \$\d+\) \) ){2}\)) \) \) \) "
    r"(?:\(call \$\d+ \(local\.get \$\d+\) \) \(i32\.store \(local\.get \$\d+\) \(i32\.const 0\) \) )?"
    r"\(return \(i32\.or \(i32\.shl \(local\.get \$(?P=v)\) \(i32\.const 3\) \) \(i32\.const 2\) \) \)")


def apply(wat: str, target: Target) -> str:
    """Replace the qstr lookup's result by 0 at its `SITES` call sites; `FetchError` unless exact."""
    chunks = split_functions(wat)
    names = function_index(chunks)
    sites = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "(call $" in chunk:
            flat = flatten(chunk)
            found = list(SITE.finditer(flat))
            if found:
                sites.append((i, flat, found))
    callees = {m.group("f") for _, _, found in sites for m in found}
    count = sum(len(found) for _, _, found in sites)
    if count != SITES or len(callees) != 1 or \
            "(i32.const 5381)" not in chunks[names.get(next(iter(callees)), 0)]:
        raise FetchError(f"str lookup patch: expected {SITES} call sites of one qstr lookup function, "
                         f"found {count} calling {sorted(callees)} (a different upstream build?)")
    for i, flat, found in sites:
        for m in reversed(found):
            flat = flat[:m.start("call")] + "(i32.const 0)" + flat[m.end("call"):]
        chunks[i] = flat + "\n"
    return "".join(chunks)
