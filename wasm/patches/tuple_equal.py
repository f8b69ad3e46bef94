"""tuple equal: `tuple == tuple` of small ints without the dispatch; items compared identity first.

In MicroPython's terms (v1.29.0): `mp_obj_equal_not_equal` (`py/obj.c`) reaches a tuple
comparison only through the generic path: the type's `binary_op` slot (`mp_obj_tuple_binary_op`,
`py/objtuple.c`) → `tuple_cmp_helper` → `mp_seq_cmp_objs` (`py/sequence.c`) → a `bool` object →
`mp_obj_is_true`, and `mp_seq_cmp_objs` compares each pair of items with `mp_obj_equal`, which
goes through the same chain again. A dict keyed by `(row, col)` pays it for the matching slot and
for every other key its probe meets (MicroPython's maps keep no hashes): ~2.4 k fuel more per
lookup than an int key in the memoised-grid program. Two changes:

1. `mp_obj_equal_not_equal(op, o1, o2)`: after its identity shortcut and its str and small-int
   fast paths (where `o1` is known to be neither; so str and int comparisons do not pay for this
   test), when both operands are heap objects whose type word is `mp_type_tuple`
   (`Target.tuple_type`, `id(tuple)`; subclasses such as namedtuples keep the generic path),
   `$mpk_tuple_equal(o1, o2)` looks at the items: lengths differ → not equal; every pair of items
   identical → equal; the first pair that is not identical decides "not equal" if both are small
   ints (their representation is canonical: distinct small ints are distinct values), anything
   else (floats, strs, big ints, nested tuples, user objects) returns "unknown" and the upstream
   generic pass runs. It never calls out, allocates or raises.
   The answer is returned as upstream returns it (`mp_const_true`/`mp_const_false`, swapped for
   `MP_BINARY_OP_NOT_EQUAL`).
2. `mp_seq_cmp_objs`: its per-item `mp_obj_equal(items1[i], items2[i])` becomes
   `$mpk_items_equal`: identical items are equal (CPython's `PyObject_RichCompareBool` identity
   rule, which its tuple and list comparisons use), two distinct small ints are not, anything else
   calls `mp_obj_equal` as before. Besides speed this makes sequence comparison agree with CPython
   and with change 1: `(nan,) == (nan,)` with the same NaN object, and `(a,) == (a,)` for an object
   whose `__eq__` is not reflexive, are True without calling `__eq__` (upstream: False / `__eq__`
   called). Comparisons of the objects themselves (`nan == nan`, `a == a`) are unchanged.

Sites, by shape (normalised Binaryen text), exactly one each (`SITES` = 2): the three-parameter
function whose body starts by choosing `local_true` as `select(30, 14, op != 5)`
(`mp_const_true`, `mp_const_false`, `MP_BINARY_OP_NOT_EQUAL`) and which calls a type slot with
`MP_BINARY_OP_EQUAL` (2) and `MP_BINARY_OP_NOT_EQUAL` (5): `mp_obj_equal_not_equal`, patched at
the one block that, after the str comparison (type word `Target.str_type`) returned, leaves for
the generic pass with `o1` when `o1` is not a small int (`o1 & 1`); the
five-parameter function that starts with `op != 2` and `len1 != len2` and calls, in its loop, a
function on two loaded items whose whole body is `mp_obj_is_true(mp_obj_equal_not_equal(2, a,
b))`: `mp_seq_cmp_objs` and `mp_obj_equal`. The tuple layout the helper reads (`len` at offset 4,
items from offset 8) is checked against the call of `mp_seq_cmp_objs` made by the tuple
comparison.

Test: `tests/sandbox/test_patch_tuple_equal.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "tuple_equal"
SITES = 2
TEST = "tests/sandbox/test_patch_tuple_equal.py::test_tuple_equality_is_cheap_and_like_cpython"
TRUE, FALSE = 30, 14  # mp_const_true, mp_const_false (immediate objects of this build)
THREE = "(param $0 i32) (param $1 i32) (param $2 i32) (result i32)"
FIVE = "(param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (result i32)"
EQ_NE_HEAD = re.compile(r"^ \(func \$(?P<fn>\d+) " + re.escape(THREE) + r"(?P<locals>(?: \(local \$\d+ i32\))*) "
                        r"(?P<first>\(local\.set \$\d+ \(select \(i32\.const 30\) \(i32\.const 14\) "
                        r"\(local\.tee \$\d+ \(i32\.ne \(local\.get \$0\) \(i32\.const 5\)\)\)\)\))")
GENERIC = re.compile(r"\(block \$(?P<b>\w+) \(br_if \$(?P=b) \(i32\.and \(local\.get \$1\) "
                     r"\(i32\.const 1\)\)\) (?P<at>)\(local\.set \$\d+ \(i32\.const 0\)\) "
                     r"\(local\.set \$\d+ \(local\.get \$1\)\) \(br \$\w+\)\)")
STR_RETURN = re.compile(r"\(return \(select \(local\.get \$\d+\) \(local\.get \$\d+\) \(call \$\d+ \(local\.get \$1\) "
                        r"\(local\.get \$2\)\)\)\)")
SEQ_HEAD = re.compile(r"^ \(func \$(?P<fn>\d+) " + re.escape(FIVE) + r"(?: \(local \$\d+ i32\))* \(block \$\w+ "
                      r"\(block \$(?P<b>\w+) \(br_if \$(?P=b) \(i32\.ne \(local\.get \$0\) \(i32\.const 2\)\)\) "
                      r"\(br_if \$\w+ \(i32\.ne \(local\.get \$2\) \(local\.get \$4\)\)\)\)")
ITEM_CALL = r"\(call \${eq} (?=\(i32\.load \(local\.tee )"
TUPLE_CMP = (r"\(call \${seq} \(local\.get \$0\) \(i32\.add \(local\.get \$1\) \(i32\.const 8\)\) "
             r"\(i32\.load offset=4 \(local\.get \$1\)\) \(i32\.add \(local\.get \$2\) \(i32\.const 8\)\) "
             r"\(i32\.load offset=4 \(local\.get \$2\)\)\)")


def _helpers(equal: str) -> str:
    """`$mpk_tuple_equal(a, b)` (1 equal, 0 not, -1 unknown; exact tuples only) and
    `$mpk_items_equal(x, y)` (identity, two small ints, else `mp_obj_equal`)."""
    return (
        " (func $mpk_tuple_equal (param $0 i32) (param $1 i32) (result i32) (local $2 i32) (local $3 i32) "
        "(local $4 i32) (local $5 i32) "
        "(if (i32.ne (local.tee $2 (i32.load offset=4 (local.get $0))) (i32.load offset=4 (local.get $1))) "
        "(then (return (i32.const 0)))) "
        "(local.set $3 (i32.const 0)) "
        "(block $done (loop $next (br_if $done (i32.ge_u (local.get $3) (local.get $2))) "
        "(local.set $4 (i32.load offset=8 (i32.add (local.get $0) (i32.shl (local.get $3) (i32.const 2))))) "
        "(local.set $5 (i32.load offset=8 (i32.add (local.get $1) (i32.shl (local.get $3) (i32.const 2))))) "
        "(if (i32.ne (local.get $4) (local.get $5)) (then "
        "(return (select (i32.const 0) (i32.const -1) (i32.and (i32.and (local.get $4) (local.get $5)) "
        "(i32.const 1)))))) "
        "(local.set $3 (i32.add (local.get $3) (i32.const 1))) (br $next))) "
        "(i32.const 1))\n"
        " (func $mpk_items_equal (param $0 i32) (param $1 i32) (result i32) "
        "(if (i32.eq (local.get $0) (local.get $1)) (then (return (i32.const 1)))) "
        "(if (i32.and (i32.and (local.get $0) (local.get $1)) (i32.const 1)) (then (return (i32.const 0)))) "
        f"(call ${equal} (local.get $0) (local.get $1)))\n")


def _fast_path(tuple_type: int, result: str) -> str:
    """The entry test of `mp_obj_equal_not_equal`: both operands exact tuples and the helper sure."""
    return (f"(if (i32.eqz (i32.and (i32.or (local.get $1) (local.get $2)) (i32.const 3))) (then "
            f"(if (i32.and (i32.eq (i32.load (local.get $1)) (i32.const {tuple_type})) "
            f"(i32.eq (i32.load (local.get $2)) (i32.const {tuple_type}))) (then "
            f"(if (i32.ge_s (local.tee {result} (call $mpk_tuple_equal (local.get $1) (local.get $2))) "
            f"(i32.const 0)) (then (return (select (i32.const {TRUE}) (i32.const {FALSE}) "
            f"(i32.eq (local.get {result}) (i32.ne (local.get $0) (i32.const 5))))))))))) ")


def apply(wat: str, target: Target) -> str:
    """Add the tuple fast path and the identity-first item comparison; `FetchError` unless each
    site is found exactly once."""
    if not target.tuple_type:
        raise FetchError("tuple equal patch: the lock has no tuple_type for this build")
    if "$mpk_tuple_equal" in wat or "$mpk_items_equal" in wat:
        raise FetchError("tuple equal patch: names already in use")
    chunks = split_functions(wat)
    eq_ne, seq = [], []
    for i, chunk in enumerate(chunks):
        head = chunk.split("\n", 1)[0]
        if THREE in head and "(i32.const 30)" in chunk:
            flat = normalise(chunk)
            m = EQ_NE_HEAD.match(flat)
            if m and "call_indirect" in flat and "(i32.const 2) (local.get $1) (local.get $2)" in flat:
                eq_ne.append((i, flat, m))
        elif FIVE in head:
            flat = normalise(chunk)
            m = SEQ_HEAD.match(flat)
            if m:
                seq.append((i, flat, m))
    if len(eq_ne) != 1:
        raise FetchError(f"tuple equal patch: expected 1 mp_obj_equal_not_equal, found {len(eq_ne)}")
    i_ne, flat_ne, m_ne = eq_ne[0]
    ne = m_ne.group("fn")
    equal = [re.match(r" \(func \$(\d+) ", normalise(c)).group(1) for c in chunks[1:]
             if re.fullmatch(rf" \(func \$\d+ \(param \$0 i32\) \(param \$1 i32\) \(result i32\) \(call \$\d+ "
                             rf"\(call \${ne} \(i32\.const 2\) \(local\.get \$0\) \(local\.get \$1\)\)\)\)",
                             normalise(c).rstrip())]
    if len(equal) != 1:
        raise FetchError(f"tuple equal patch: expected 1 mp_obj_equal calling ${ne}, found {len(equal)}")
    eq = equal[0]
    sites = [(i, flat, m, list(re.finditer(ITEM_CALL.format(eq=eq), flat))) for i, flat, m in seq]
    sites = [s for s in sites if len(s[3]) == 1]
    if len(sites) != 1:
        raise FetchError(f"tuple equal patch: expected 1 mp_seq_cmp_objs calling ${eq} once, found {len(sites)}")
    i_seq, flat_seq, m_seq, (call,) = sites[0]
    cmp = re.compile(TUPLE_CMP.format(seq=m_seq.group("fn")))
    if not any(cmp.search(normalise(c)) for c in chunks[1:] if re.search(rf"\(call \${m_seq.group('fn')}\s", c)):
        raise FetchError("tuple equal patch: no tuple comparison calls mp_seq_cmp_objs with len at 4, items at 8")
    chunks[i_seq] = flat_seq[:call.start()] + "(call $mpk_items_equal " + flat_seq[call.end():]
    generic = list(GENERIC.finditer(flat_ne))
    returned = STR_RETURN.search(flat_ne)
    if len(generic) != 1 or returned is None or not (returned.end() < generic[0].start()) or \
            f"(i32.const {target.str_type})" not in flat_ne[:returned.start()]:
        raise FetchError(f"tuple equal patch: expected 1 generic-pass entry after the str comparison in "
                         f"mp_obj_equal_not_equal, found {len(generic)}")
    decls = [int(n) for n in re.findall(r"\((?:local|param) \$(\d+) i32\)", flat_ne)]
    result = f"${max(decls) + 1}"
    at = generic[0].start("at")
    locals_end = m_ne.end("locals")
    flat_ne = (flat_ne[:locals_end] + f" (local {result} i32)" + flat_ne[locals_end:at]
               + _fast_path(target.tuple_type, result) + flat_ne[at:])
    chunks[i_ne] = flat_ne
    chunks.insert(1, _helpers(eq))
    return "".join(chunks)
