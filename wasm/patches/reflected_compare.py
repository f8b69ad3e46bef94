"""reflected compare: `a < b` tries `b > a` when `a`'s type does not support `<`, as CPython does.

In MicroPython's terms (v1.29.0, `py/runtime.c`, `mp_binary_op`): at the label
`generic_binary_op` the left operand's type's `binary_op` slot is called; when it returns
`MP_OBJ_NULL` (not supported, which `instance_binary_op` in `py/objtype.c` also returns for a
method that returns `NotImplemented`), an in-place operator falls back to the plain one and, with
`MICROPY_PY_REVERSE_SPECIAL_METHODS`, an arithmetic operator (`MP_BINARY_OP_OR` ..
`MP_BINARY_OP_POWER`) is retried as its `__rop__` on the right operand. The four ordering
comparisons (`MP_BINARY_OP_LESS`, `MORE`, `LESS_EQUAL`, `MORE_EQUAL`) have no such retry, so
`5 < x` fails for an `x` whose class defines only `__gt__` (or an array), and `max`/`sorted` of
objects that define only `__gt__` raise TypeError. CPython (`Objects/object.c`,
`do_richcompare`) tries the reflected comparison of the right operand (`<` ↔ `>`, `<=` ↔ `>=`).

The patch inserts, just before the arithmetic retry, one retry for those four operators: the
operands are swapped, the operator is reflected and control goes back to `generic_binary_op`
(the right operand's type's slot). If that also returns `MP_OBJ_NULL`, operands and operator are
swapped back (so the TypeError names the original operator and types, as before) and the function
continues as upstream. A new local counts the swaps (0, 1, 2), so each comparison is retried at
most once. Equality (`==`, `!=`) is untouched (`mp_obj_equal` handles it); so is everything that
is supported by the left operand's type. Not done: CPython's priority for a right operand whose
type is a subclass of the left one's (its reflected method is tried first there). A right operand
whose type answers every ordering with a non-buffer as False (`bytearray`, `array.array`,
`memoryview`: `array_binary_op` in `py/objarray.c`, so `bytearray(b'a') > 5` was already False)
now makes `5 < bytearray(b'a')` False too, where CPython raises TypeError.

Site, by shape: the block `if (op - MP_BINARY_OP_OR > 12 unsigned) skip; op += 15;
swap lhs/rhs; br generic_binary_op` (constants -22, 12, 15: `MP_BINARY_OP_REVERSE_OR -
MP_BINARY_OP_OR`), exactly `SITES` = 1 per build, inside the function that also converts back
with -15 for the error message.

Test: `tests/sandbox/test_patch_reflected_compare.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "reflected_compare"
SITES = 1
TEST = "tests/sandbox/test_patch_reflected_compare.py::test_comparisons_reflect_like_cpython"
LOCAL = "$reflected_cmp"

# In normalised Binaryen text: `(block $B (br_if $B (i32.gt_u (i32.add op -22) 12)) op += 15;
# newrhs = lhs; lhs = rhs; (br $generic))`.
SITE = re.compile(
    r"\(block \$(?P<b>\w+) \(br_if \$(?P=b) \(i32\.gt_u \(i32\.add \(local\.get \$(?P<op>\d+)\) "
    r"\(i32\.const -22\)\) \(i32\.const 12\)\)\) "
    r"\(local\.set \$(?P=op) \(i32\.add \(local\.get \$(?P=op)\) \(i32\.const 15\)\)\) "
    r"\(local\.set \$(?P<new>\d+) \(local\.get \$(?P<lhs>\d+)\)\) "
    r"\(local\.set \$(?P=lhs) \(local\.get \$(?P<rhs>\d+)\)\) "
    r"\(br \$(?P<loop>\w+)\)\)")


def apply(wat: str, target: Target) -> str:
    """Insert the reflected-comparison retry before the `__rop__` retry; `FetchError` unless exact."""
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "(i32.const -22)" in chunk and "(i32.const -15)" in chunk:
            flat = normalise(chunk)
            found += [(i, flat, m) for m in SITE.finditer(flat)]
    if len(found) != SITES:
        raise FetchError(f"reflected compare patch: expected {SITES} __rop__ retry block, found {len(found)} "
                         "(a different upstream build?)")
    i, flat, m = found[0]
    # The loop `generic_binary_op` starts by reloading rhs from the `new` local.
    loop_start = f"(loop ${m.group('loop')} (local.set ${m.group('rhs')} (local.get ${m.group('new')}))"
    if flat.count(loop_start) != 1:
        raise FetchError("reflected compare patch: the retry does not branch to a loop that reloads rhs")
    header = flat[:flat.index("(local.set") if "(local.set" in flat else 0]
    last = list(re.finditer(r"\(local \$\d+ i32\)", header))
    if not last:
        raise FetchError("reflected compare patch: no i32 locals declared in mp_binary_op")
    op, new, lhs, rhs = (f"${m.group(k)}" for k in ("op", "new", "lhs", "rhs"))
    is_order = (f"(i32.and (i32.lt_u (local.get {op}) (i32.const 5)) "
                f"(i32.ne (local.get {op}) (i32.const 2)))")
    reflected = (f"(select (i32.xor (local.get {op}) (i32.const 1)) "
                 f"(i32.sub (i32.const 7) (local.get {op})) (i32.lt_u (local.get {op}) (i32.const 2)))")
    retry = (f"(if (i32.and {is_order} (i32.lt_u (local.get {LOCAL}) (i32.const 2))) (then "
             f"(local.set {op} {reflected}) "
             f"(local.set {new} (local.get {lhs})) (local.set {lhs} (local.get {rhs})) "
             f"(local.set {rhs} (local.get {new})) "
             f"(local.set {LOCAL} (i32.add (local.get {LOCAL}) (i32.const 1))) "
             f"(br_if ${m.group('loop')} (i32.eq (local.get {LOCAL}) (i32.const 1))))) ")
    decl_end = last[-1].end()
    patched = flat[:m.start()] + retry + flat[m.start():]
    chunks[i] = patched[:decl_end] + f" (local {LOCAL} i32)" + patched[decl_end:]
    return "".join(chunks)
