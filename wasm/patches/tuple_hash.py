"""tuple hash: a tuple's hash mixes its items' hashes in order (xxHash rounds, as CPython's does).

In MicroPython's terms (v1.29.0, `py/objtuple.c`, `mp_obj_tuple_unary_op`, case
`MP_UNARY_OP_HASH`): the hash starts from the address of `mp_const_empty_tuple` and *adds* each
item's hash (`hash += MP_OBJ_SMALL_INT_VALUE(mp_unary_op(MP_UNARY_OP_HASH, item))`), so `(i, j)`,
`(j, i)` and every pair with the same `i + j` collide; with linear probing a dict of the 200 × 200
grid's `(r, c)` keys takes > 30 s. The patch replaces the addition by one xxHash round per item
on 32-bit words, as CPython's `tuplehash` (`Objects/tupleobject.c`) does on 32-bit builds:
`acc = rotl(acc + lane * XXPRIME_2, 13) * XXPRIME_1`, from the same seed. Equal tuples still hash
equally (the items' own hashes are used unchanged: `hash((1, 2)) == hash((1.0, 2))`), and the
result is still a small int. Namedtuples use the same function. (frozenset's hash, an unordered
sum in `py/objset.c`, is a different function and unchanged.)

Site, by shape: the loop statement `acc = (mp_unary_op(6, items[i]) >> 1) + acc` where the item is
loaded from the tuple's inline item array (`items + (i << 2)`); exactly `SITES` = 1 per build,
and its callee is the function called with `(i32.const 6)` (MP_UNARY_OP_HASH) elsewhere too.

Test: `tests/sandbox/test_patch_tuple_hash.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "tuple_hash"
SITES = 1
TEST = "tests/sandbox/test_patch_tuple_hash.py::test_tuple_keys_fill_in_linear_fuel_and_hash_like_cpython"
XXPRIME_1 = 2654435761
XXPRIME_2 = 2246822519

# In normalised Binaryen text (no spaces before closing parentheses).
SITE = re.compile(
    r"\(local\.set \$(?P<acc>\d+) \(i32\.add "
    r"(?P<lane>\(i32\.shr_s \(call \$(?P<hash>\d+) \(i32\.const 6\) \(i32\.load \(i32\.add \(local\.get \$\d+\) "
    r"\(i32\.shl \(local\.get \$\d+\) \(i32\.const 2\)\)\)\)\) \(i32\.const 1\)\)) \(local\.get \$(?P=acc)\)\)\)")


def _i32(value: int) -> int:
    """`value` as a signed 32-bit constant (Binaryen text)."""
    return value - (1 << 32) if value >= 1 << 31 else value


def apply(wat: str, target: Target) -> str:
    """Replace the item-hash addition by an xxHash round; `FetchError` unless exactly one site."""
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "(i32.const 6)" in chunk and "i32.shr_s" in chunk:
            flat = normalise(chunk)
            found += [(i, flat, m) for m in SITE.finditer(flat)]
    if len(found) != SITES:
        raise FetchError(f"tuple hash patch: expected {SITES} tuple hash loop, found {len(found)} "
                         "(a different upstream build?)")
    i, flat, m = found[0]
    callee = m.group("hash")
    if len(re.findall(rf"\(call \${callee}\s+\(i32\.const 6\)", wat)) < 3:
        raise FetchError(f"tuple hash patch: ${callee} is not the hash function used elsewhere")
    acc = m.group("acc")
    round_ = (f"(local.set ${acc} (i32.mul (i32.rotl (i32.add (local.get ${acc}) "
              f"(i32.mul {m.group('lane')} (i32.const {_i32(XXPRIME_2)}))) (i32.const 13)) "
              f"(i32.const {_i32(XXPRIME_1)})))")
    chunks[i] = flat[:m.start()] + round_ + flat[m.end():]
    return "".join(chunks)
