"""str order: `a < b` (`<=`, `>`, `>=`) and `a in b` of two `str` are answered without the type slot.

In MicroPython's terms (v1.29.0, `py/runtime.c`, `mp_binary_op`): an ordering comparison or `in`
whose left operand is not a small int, float or complex reaches `generic_binary_op`
(`IN` first becomes `CONTAINS` with the operands swapped): `mp_obj_get_type(lhs)`, the type's
`binary_op` slot, `mp_obj_str_binary_op` (`py/objstr.c`), which gets both operands' data
(`GET_STR_DATA_LEN`: `qstr_data` for an interned string), checks that the right operand has the
left one's type, and answers with `mp_seq_cmp_bytes` (`py/sequence.c`: `memcmp` of the common
length, then the lengths) or `find_subbytes(lhs, rhs, 1) != NULL` (a naive forward search;
an empty needle is found). `'A' <= ch <= 'Z'` cost ~680 fuel a comparison, twice a small int's.

The patch answers there first, before the type slot: when `op` is one of the four orderings
(`MP_BINARY_OP_LESS`, `MORE`, `LESS_EQUAL`, `MORE_EQUAL`) or `CONTAINS` (tested inline, so other
operators skip the call), `$mpk_str_op(op, lhs, rhs)` checks that both operands are exact `str`
objects — interned (`(o & 7) == 2`: data and length from the qstr pools, read as `qstr_data`
reads them: the pool whose `total_prev_len` is at most the id, its one-byte `lengths` and its
`qstrs` table) or with type `mp_type_str` (`len` at 8, `data` at 12: heap and ROM str objects) —
and returns `True`/`False` computed as upstream computes them: the bytes compared unsigned up to
the shorter length, then the lengths (UTF-8 byte order is code point order, which upstream relies
on too), or the needle (`rhs` of `CONTAINS`, the left operand of `in`) searched naively in `lhs`
(an empty needle is found). Anything else (bytes, str subclasses, a str against another type,
which raises `TypeError` upstream) returns 0 and the upstream path runs unchanged. `==`/`!=` never
get there (`mp_obj_equal`); small ints and floats on the left are answered before it. Nothing is
allocated or raised. A comparison retried by `reflected_compare` comes back to the same label and
is asked again (it is not two str then).

Sites, by shape: `generic_binary_op` is the loop, in the three-parameter function holding
`reflected_compare`'s `__rop__` retry block (`op - MP_BINARY_OP_OR > 12`; present with or without
that patch), that reloads `rhs` and is the retry's target; the check goes at its start, before
the slot call `if ((r = slot(op, lhs, rhs))) goto done`, whose `done` and `r` it uses. `qstr_data`
is the two-parameter function that walks pools from a fixed address, masking `total_prev_len`
with `0x7fffffff`, and reads `lengths` at 20 (one byte) and `qstrs` from 24. Exactly one of
each (`SITES` = 1 check inserted).

Test: `tests/sandbox/test_patch_str_order.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions
from wasm.patches.reflected_compare import SITE as ROP_RETRY

NAME = "str_order"
SITES = 1
TEST = "tests/sandbox/test_patch_str_order.py::test_str_comparisons_skip_the_type_slot"
HELPER = "$mpk_str_op"
TRUE, FALSE = 30, 14  # mp_const_true / mp_const_false: immediate objects (3 << 3 | 6, 1 << 3 | 6)
ORDERINGS = (0, 1, 3, 4)  # MP_BINARY_OP_LESS, MORE, LESS_EQUAL, MORE_EQUAL
CONTAINS = 36  # MP_BINARY_OP_CONTAINS: `a in b` becomes `b CONTAINS a` before generic_binary_op
THREE_PARAMS = "(param $0 i32) (param $1 i32) (param $2 i32) (result i32)"
# the type slot's call at generic_binary_op: `if ((r = type->binary_op(op, lhs, rhs))) goto done;`
SLOT_CALL = re.compile(r"\(br_if \$(?P<exit>\w+) \(local\.tee \$(?P<res>\d+) \(call_indirect ")
# qstr_data: `pool = &last_pool - 0 (a pseudo pool); do pool = pool->prev while (q < total_prev_len)`
QSTR_DATA = re.compile(
    r"^ \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(result i32\) \(local \$2 i32\) \(local \$3 i32\) "
    r"\(local\.set \$2 (?P<head>\(i32\.add \(i32\.const \d+\) \(i32\.const \d+\)\)|\(i32\.const \d+\))\) "
    r"\(loop \$(?P<l>\w+) \(br_if \$(?P=l) \(i32\.lt_u \(local\.get \$0\) \(local\.tee \$3 \(i32\.and "
    r"\(i32\.load offset=4 \(local\.tee \$2 \(i32\.load \(local\.get \$2\)\)\)\) \(i32\.const 2147483647\)\)\)\)\)\) "
    r"\(i32\.store \(local\.get \$1\) \(i32\.load8_u \(i32\.add \(i32\.load offset=20 \(local\.get \$2\)\) "
    r"\(local\.tee \$0 \(i32\.sub \(local\.get \$0\) \(local\.get \$3\)\)\)\)\)\) "
    r"\(i32\.load offset=24 \(i32\.add \(local\.get \$2\) \(i32\.shl \(local\.get \$0\) \(i32\.const 2\)\)\)\)\)\s*$")


def _operand(obj: str, data: str, length: str, head: str, str_type: int) -> str:
    """Set `data`/`length` from the str `obj` (interned or heap `str`), or return 0 from the helper."""
    return (f"(if (i32.eq (i32.and (local.get {obj}) (i32.const 7)) (i32.const 2)) (then "
            f"(local.set $q (i32.shr_u (local.get {obj}) (i32.const 3))) "
            f"(local.set $p {head}) "
            f"(loop $mpk_pools_{obj[1:]} (br_if $mpk_pools_{obj[1:]} (i32.lt_u (local.get $q) (local.tee $t "
            f"(i32.and (i32.load offset=4 (local.tee $p (i32.load (local.get $p)))) (i32.const 2147483647)))))) "
            f"(local.set $q (i32.sub (local.get $q) (local.get $t))) "
            f"(local.set {length} (i32.load8_u (i32.add (i32.load offset=20 (local.get $p)) (local.get $q)))) "
            f"(local.set {data} (i32.load offset=24 (i32.add (local.get $p) (i32.shl (local.get $q) (i32.const 2)))))) "
            # two tests: the type word is read only from an aligned object pointer
            f"(else (if (i32.and (local.get {obj}) (i32.const 3)) (then (return (i32.const 0)))) "
            f"(if (i32.ne (i32.load (local.get {obj})) (i32.const {str_type})) (then (return (i32.const 0)))) "
            f"(local.set {length} (i32.load offset=8 (local.get {obj}))) "
            f"(local.set {data} (i32.load offset=12 (local.get {obj})))))")


def _helper(head: str, str_type: int) -> str:
    """`$mpk_str_op(op, lhs, rhs)`: True/False for an ordering or `in` of two str, else 0."""
    compare = ("(local.set $n (select (local.get $ll) (local.get $rl) (i32.lt_u (local.get $ll) (local.get $rl)))) "
               "(local.set $c (i32.sub (local.get $ll) (local.get $rl))) "
               "(block $mpk_cmp_done (loop $mpk_cmp "
               "(br_if $mpk_cmp_done (i32.ge_u (local.get $i) (local.get $n))) "
               "(if (local.tee $t (i32.sub (i32.load8_u (i32.add (local.get $ld) (local.get $i))) "
               "(i32.load8_u (i32.add (local.get $rd) (local.get $i))))) "
               "(then (local.set $c (local.get $t)) (br $mpk_cmp_done))) "
               "(local.set $i (i32.add (local.get $i) (i32.const 1))) (br $mpk_cmp))) "
               # LESS: c < 0, MORE: c > 0, LESS_EQUAL: c <= 0, MORE_EQUAL: c >= 0
               "(local.set $t (if (result i32) (i32.eqz (local.get $op)) "
               "(then (i32.lt_s (local.get $c) (i32.const 0))) "
               "(else (if (result i32) (i32.eq (local.get $op) (i32.const 1)) "
               "(then (i32.gt_s (local.get $c) (i32.const 0))) "
               "(else (if (result i32) (i32.eq (local.get $op) (i32.const 3)) "
               "(then (i32.le_s (local.get $c) (i32.const 0))) "
               "(else (i32.ge_s (local.get $c) (i32.const 0))))))))) ")
    # CONTAINS (`rhs in lhs` after the swap): the needle rhs (rd, rl) searched in lhs (ld, ll), naively
    search = ("(local.set $t (i32.const 0)) "
              "(if (i32.le_u (local.get $rl) (local.get $ll)) (then "
              "(local.set $n (i32.sub (local.get $ll) (local.get $rl))) "
              "(block $mpk_found (loop $mpk_at "
              "(local.set $c (i32.const 0)) "
              "(block $mpk_differ (loop $mpk_byte "
              "(br_if $mpk_found (i32.ge_u (local.get $c) (local.get $rl))) "
              "(br_if $mpk_differ (i32.ne (i32.load8_u (i32.add (local.get $rd) (local.get $c))) "
              "(i32.load8_u (i32.add (i32.add (local.get $ld) (local.get $i)) (local.get $c))))) "
              "(local.set $c (i32.add (local.get $c) (i32.const 1))) (br $mpk_byte))) "
              "(if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const " + str(FALSE) + ")))) "
              "(local.set $i (i32.add (local.get $i) (i32.const 1))) (br $mpk_at))) "
              "(local.set $t (i32.const 1)))) ")
    return (f" (func {HELPER} (param $op i32) (param $l i32) (param $r i32) (result i32) "
            "(local $ld i32) (local $ll i32) (local $rd i32) (local $rl i32) (local $q i32) (local $p i32) "
            "(local $t i32) (local $n i32) (local $i i32) (local $c i32) "
            f"{_operand('$l', '$ld', '$ll', head, str_type)} "
            f"{_operand('$r', '$rd', '$rl', head, str_type)} "
            f"(if (i32.eq (local.get $op) (i32.const {CONTAINS})) (then {search}) (else {compare})) "
            f"(select (i32.const {TRUE}) (i32.const {FALSE}) (local.get $t)))\n")


def _applies(op: str) -> str:
    """The test that `op` is an ordering or CONTAINS (inline: other operators skip the call)."""
    return (f"(i32.or (i32.and (i32.lt_u (local.get {op}) (i32.const 5)) (i32.ne (local.get {op}) (i32.const 2))) "
            f"(i32.eq (local.get {op}) (i32.const {CONTAINS})))")


def apply(wat: str, target: Target) -> str:
    """Call `$mpk_str_op` at `generic_binary_op` in `mp_binary_op`; `FetchError` unless found exactly once."""
    chunks = split_functions(wat)
    if HELPER in wat or "$mpk_str_res" in wat:
        raise FetchError("str order patch: the helper's names are in use")
    heads, found = [], []
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func "):
            continue
        first = chunk.split("\n", 1)[0]
        if "(i32.const 2147483647)" in chunk and "(param $0 i32) (param $1 i32) (result i32)" in first:
            m = QSTR_DATA.match(normalise(chunk))
            if m:
                heads.append(m.group("head"))
        if THREE_PARAMS in first and "(i32.const -22)" in chunk:
            flat = normalise(chunk)
            for m in ROP_RETRY.finditer(flat):
                start = f"(loop ${m.group('loop')} (local.set ${m.group('rhs')} (local.get ${m.group('new')}))"
                at = flat.find(start)
                slot = SLOT_CALL.search(flat, at + len(start))
                if at >= 0 and flat.count(start) == 1 and slot and slot.start() - at < 400:
                    found.append((i, flat, m, at + len(start), slot))
    if len(heads) != 1:
        raise FetchError(f"str order patch: expected 1 qstr_data, found {len(heads)} (a different upstream build?)")
    if len(found) != SITES:
        raise FetchError(f"str order patch: expected {SITES} generic_binary_op, found {len(found)} "
                         "(a different upstream build?)")
    i, flat, m, at, slot = found[0]
    header = flat[:flat.index("(global.set") if "(global.set" in flat else 0]
    last = list(re.finditer(r"\(local \$\w+ i32\)", header))
    if not last:
        raise FetchError("str order patch: mp_binary_op declares no i32 local (layout?)")
    op, lhs, rhs = (f"${m.group(k)}" for k in ("op", "lhs", "rhs"))
    fast = (f" (if {_applies(op)} (then (if (local.tee $mpk_str_res (call {HELPER} (local.get {op}) "
            f"(local.get {lhs}) (local.get {rhs}))) (then (local.set ${slot.group('res')} (local.get $mpk_str_res)) "
            f"(br ${slot.group('exit')})))))")
    patched = flat[:at] + fast + flat[at:]
    end = last[-1].end()
    chunks[i] = patched[:end] + " (local $mpk_str_res i32)" + patched[end:]
    chunks.insert(1, _helper(heads[0], target.str_type))
    return "".join(chunks)
