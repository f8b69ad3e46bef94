"""str order: `a < b` (`<=`, `>`, `>=`) and `a in b` of two `str` are answered before the str slot's own checks.

In MicroPython's terms (v1.29.0, `py/objstr.c`, `mp_obj_str_binary_op`, the `binary_op` slot of
`str` and `bytes`, which `mp_binary_op` in `py/runtime.c` calls at `generic_binary_op`, `IN`
having become `CONTAINS` with the operands swapped): every call first gets the left operand's
type and data (`GET_STR_DATA_LEN`: `qstr_data` for an interned string), checks for `%` and `*`,
gets the right operand's type and data when it is the left one's type (else bytes' buffer
protocol, or `TypeError` for a str), then answers an ordering with `mp_seq_cmp_bytes`
(`py/sequence.c`: `memcmp` of the common length, then the lengths) and `CONTAINS` with
`find_subbytes(lhs, rhs, 1) != NULL` (a naive forward search; an empty needle is found).
`'A' <= ch <= 'Z'` cost ~680 fuel a comparison, twice a small int's.

The patch adds a fast path at the function's entry: when `op` is one of the four orderings
(`MP_BINARY_OP_LESS`, `MORE`, `LESS_EQUAL`, `MORE_EQUAL`) or `CONTAINS`, and both operands are
exact `str` objects — interned (`(o & 7) == 2`: data and length from the qstr pools, read as
`qstr_data` reads them: the pool whose `total_prev_len` is at most the id, its one-byte `lengths`
and its `qstrs` table) or with type `mp_type_str` (`len` at 8, `data` at 12: heap and ROM str
objects; the type word is read only from an aligned pointer) — it returns `True`/`False`
computed as upstream computes them: the bytes compared unsigned up to the shorter length, then
the lengths (UTF-8 byte order is code point order, which upstream relies on too), or the needle
(`rhs` of `CONTAINS`, the left operand of `in`) searched naively in `lhs`. Anything else (other
operators, bytes, str subclasses, a str against another type, which raises `TypeError` as
before) falls through to the upstream code unchanged. Nothing is allocated, called or raised.
Only calls that reach the str slot run the test (a few instructions for `+`, `%`, `*`): the fast
path is not in `mp_binary_op`, whose growth slowed every operator (measured: +2.8 % fuel on the
`sorting` workload with the same test there).

Sites, by shape: `mp_obj_str_binary_op` is the three-parameter function that makes an 80-byte
stack frame, keeps `rhs` in it and first tests `op != 33` (`MP_BINARY_OP_MODULO`), also holding
the constant 37 (`'%'`); `qstr_data` is the two-parameter function that walks pools from a
fixed address, masking `total_prev_len` with `0x7fffffff`, and reads `lengths` at 20 (one byte)
and `qstrs` from 24. Exactly one of each (`SITES` = 1 fast path inserted).

Test: `tests/sandbox/test_patch_str_order.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, at_entry, normalise, split_functions

NAME = "str_order"
SITES = 1
TEST = "tests/sandbox/test_patch_str_order.py::test_str_comparisons_skip_the_type_slot"
TRUE, FALSE = 30, 14  # mp_const_true / mp_const_false: immediate objects (3 << 3 | 6, 1 << 3 | 6)
ORDERINGS = (0, 1, 3, 4)  # MP_BINARY_OP_LESS, MORE, LESS_EQUAL, MORE_EQUAL
CONTAINS = 36  # MP_BINARY_OP_CONTAINS: `a in b` becomes `b CONTAINS a` before generic_binary_op
THREE_PARAMS = "(param $0 i32) (param $1 i32) (param $2 i32) (result i32)"
# mp_obj_str_binary_op's entry: its frame (80 bytes; the stack pointer is named `__stack_pointer` once
# gc_in_calls has run), `rhs` kept in it, then `if (op == MODULO)`
STR_BINARY_OP = re.compile(
    r"^ \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(result i32\)(?: \(local \$\d+ i32\))+ "
    r"\(global\.set (?P<sp>\$global\$0|\$__stack_pointer) \(local\.tee \$3 \(i32\.sub \(global\.get (?P=sp)\) "
    r"\(i32\.const 80\)\)\)\) "
    r"\(i32\.store offset=24 \(local\.get \$3\) \(local\.get \$2\)\) (?:\(block \$\w+ )+"
    r"\(br_if \$\w+ \(i32\.ne \(local\.get \$0\) \(i32\.const 33\)\)\)")
# qstr_data: `pool = &last_pool - 0 (a pseudo pool); do pool = pool->prev while (q < total_prev_len)`
QSTR_DATA = re.compile(
    r"^ \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(result i32\) \(local \$2 i32\) \(local \$3 i32\) "
    r"\(local\.set \$2 (?P<head>\(i32\.add \(i32\.const \d+\) \(i32\.const \d+\)\)|\(i32\.const \d+\)"
    # with `char_qstr`: an id of a pool of static data starts below the run-time pools
    r"|\(select \(i32\.const \d+\) \(i32\.add \(i32\.const \d+\) \(i32\.const \d+\)\) "
    r"\(i32\.lt_u \(local\.get \$0\) \(i32\.const \d+\)\)\))\) "
    r"\(loop \$(?P<l>\w+) \(br_if \$(?P=l) \(i32\.lt_u \(local\.get \$0\) \(local\.tee \$3 \(i32\.and "
    r"\(i32\.load offset=4 \(local\.tee \$2 \(i32\.load \(local\.get \$2\)\)\)\) \(i32\.const 2147483647\)\)\)\)\)\) "
    r"\(i32\.store \(local\.get \$1\) \(i32\.load8_u \(i32\.add \(i32\.load offset=20 \(local\.get \$2\)\) "
    r"\(local\.tee \$0 \(i32\.sub \(local\.get \$0\) \(local\.get \$3\)\)\)\)\)\) "
    r"\(i32\.load offset=24 \(i32\.add \(local\.get \$2\) \(i32\.shl \(local\.get \$0\) \(i32\.const 2\)\)\)\)\)\s*$")


LOCALS = ("ld", "ll", "rd", "rl", "q", "p", "t", "n", "i", "c")  # each `$mpk_so_<name>`, i32


def _l(name: str) -> str:
    return f"(local.get $mpk_so_{name})"


def _set(name: str, value: str) -> str:
    return f"(local.set $mpk_so_{name} {value})"


def _operand(obj: str, data: str, length: str, head: str, str_type: int) -> str:
    """Set `data`/`length` from the str `obj` (interned, or a `str` object), else leave the block."""
    loop = f"$mpk_so_pools_{data}"
    q, p, t = _l("q"), _l("p"), _l("t")
    return (f"(if (i32.eq (i32.and (local.get {obj}) (i32.const 7)) (i32.const 2)) (then "
            f"{_set('q', f'(i32.shr_u (local.get {obj}) (i32.const 3))')} "
            f"{_set('p', head)} "
            f"(loop {loop} (br_if {loop} (i32.lt_u {q} (local.tee $mpk_so_t "
            f"(i32.and (i32.load offset=4 (local.tee $mpk_so_p (i32.load {p}))) (i32.const 2147483647)))))) "
            f"{_set('q', f'(i32.sub {q} {t})')} "
            f"{_set(length, f'(i32.load8_u (i32.add (i32.load offset=20 {p}) {q}))')} "
            f"{_set(data, f'(i32.load offset=24 (i32.add {p} (i32.shl {q} (i32.const 2))))')}) "
            # two tests: the type word is read only from an aligned object pointer
            f"(else (br_if $mpk_so_skip (i32.and (local.get {obj}) (i32.const 3))) "
            f"(br_if $mpk_so_skip (i32.ne (i32.load (local.get {obj})) (i32.const {str_type}))) "
            f"{_set(length, f'(i32.load offset=8 (local.get {obj}))')} "
            f"{_set(data, f'(i32.load offset=12 (local.get {obj}))')}))")


def _compare() -> str:
    """`$mpk_so_t` = the ordering `op` of (ld, ll) and (rd, rl): memcmp of the common length, then
    the lengths (`mp_seq_cmp_bytes`)."""
    return ("(local.set $mpk_so_n (select (local.get $mpk_so_ll) (local.get $mpk_so_rl) "
            "(i32.lt_u (local.get $mpk_so_ll) (local.get $mpk_so_rl)))) "
            "(local.set $mpk_so_c (i32.sub (local.get $mpk_so_ll) (local.get $mpk_so_rl))) "
            "(local.set $mpk_so_i (i32.const 0)) "
            "(block $mpk_so_cmp_done (loop $mpk_so_cmp "
            "(br_if $mpk_so_cmp_done (i32.ge_u (local.get $mpk_so_i) (local.get $mpk_so_n))) "
            "(if (local.tee $mpk_so_t (i32.sub (i32.load8_u (i32.add (local.get $mpk_so_ld) (local.get $mpk_so_i))) "
            "(i32.load8_u (i32.add (local.get $mpk_so_rd) (local.get $mpk_so_i))))) "
            "(then (local.set $mpk_so_c (local.get $mpk_so_t)) (br $mpk_so_cmp_done))) "
            "(local.set $mpk_so_i (i32.add (local.get $mpk_so_i) (i32.const 1))) (br $mpk_so_cmp))) ")


def _order(op: str) -> str:
    """LESS: c < 0, MORE: c > 0, LESS_EQUAL: c <= 0, MORE_EQUAL: c >= 0 (an i32 0 or 1)."""
    c = "(local.get $mpk_so_c)"
    return (f"(if (result i32) (i32.eqz (local.get {op})) (then (i32.lt_s {c} (i32.const 0))) "
            f"(else (if (result i32) (i32.eq (local.get {op}) (i32.const 1)) (then (i32.gt_s {c} (i32.const 0))) "
            f"(else (if (result i32) (i32.eq (local.get {op}) (i32.const 3)) (then (i32.le_s {c} (i32.const 0))) "
            f"(else (i32.ge_s {c} (i32.const 0))))))))")


def _search() -> str:
    """`$mpk_so_t` = whether the needle (rd, rl) occurs in (ld, ll): naive, as `find_subbytes`."""
    return ("(local.set $mpk_so_t (i32.const 0)) "
            "(if (i32.le_u (local.get $mpk_so_rl) (local.get $mpk_so_ll)) (then "
            "(local.set $mpk_so_n (i32.sub (local.get $mpk_so_ll) (local.get $mpk_so_rl))) "
            "(local.set $mpk_so_i (i32.const 0)) "
            "(block $mpk_so_found (block $mpk_so_absent (loop $mpk_so_at "
            "(local.set $mpk_so_c (i32.const 0)) "
            "(block $mpk_so_differ (loop $mpk_so_byte "
            "(br_if $mpk_so_found (i32.ge_u (local.get $mpk_so_c) (local.get $mpk_so_rl))) "
            "(br_if $mpk_so_differ (i32.ne (i32.load8_u (i32.add (local.get $mpk_so_rd) (local.get $mpk_so_c))) "
            "(i32.load8_u (i32.add (i32.add (local.get $mpk_so_ld) (local.get $mpk_so_i)) (local.get $mpk_so_c))))) "
            "(local.set $mpk_so_c (i32.add (local.get $mpk_so_c) (i32.const 1))) (br $mpk_so_byte))) "
            "(br_if $mpk_so_absent (i32.ge_u (local.get $mpk_so_i) (local.get $mpk_so_n))) "
            "(local.set $mpk_so_i (i32.add (local.get $mpk_so_i) (i32.const 1))) (br $mpk_so_at))) "
            "(br $mpk_so_done)) "
            "(local.set $mpk_so_t (i32.const 1)))) ")


def _fast(op: str, lhs: str, rhs: str, head: str, str_type: int) -> str:
    """The fast path at the entry of `mp_obj_str_binary_op` (before its stack frame is made)."""
    # the operators first, in the fewest steps for `+`, `%` and `*` (op > 4 and not CONTAINS)
    applies = (f"(if (i32.ne (local.get {op}) (i32.const {CONTAINS})) (then "
               f"(br_if $mpk_so_skip (i32.gt_u (local.get {op}) (i32.const 4))) "
               f"(br_if $mpk_so_skip (i32.eq (local.get {op}) (i32.const 2)))))")
    return (f" (block $mpk_so_skip {applies} "
            f"{_operand(lhs, 'ld', 'll', head, str_type)} "
            f"{_operand(rhs, 'rd', 'rl', head, str_type)} "
            f"(block $mpk_so_done (if (i32.eq (local.get {op}) (i32.const {CONTAINS})) (then {_search()}) "
            f"(else {_compare()} (local.set $mpk_so_t {_order(op)})))) "
            f"(return (select (i32.const {TRUE}) (i32.const {FALSE}) (local.get $mpk_so_t))))")


def apply(wat: str, target: Target) -> str:
    """Insert the str fast path at the entry of `mp_obj_str_binary_op`; `FetchError` unless found
    exactly once."""
    chunks = split_functions(wat)
    if "$mpk_so_" in wat:
        raise FetchError("str order patch: its names are in use")
    heads, found = [], []
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func "):
            continue
        first = chunk.split("\n", 1)[0]
        if "(i32.const 2147483647)" in chunk and "(param $0 i32) (param $1 i32) (result i32)" in first:
            m = QSTR_DATA.match(normalise(chunk))
            if m:
                heads.append(m.group("head"))
        if THREE_PARAMS in first and "(i32.const 33)" in chunk and "(i32.const 37)" in chunk:
            flat = normalise(chunk)
            if STR_BINARY_OP.match(flat):
                found.append((i, flat))
    if len(heads) != 1:
        raise FetchError(f"str order patch: expected 1 qstr_data, found {len(heads)} (a different upstream build?)")
    if len(found) != SITES:
        raise FetchError(f"str order patch: expected {SITES} mp_obj_str_binary_op, found {len(found)} "
                         "(a different upstream build?)")
    i, flat = found[0]
    start = heads[0].replace("(local.get $0)", _l("q"))  # the id, in the copy of the walk
    patched = at_entry(flat, _fast("$0", "$1", "$2", start, target.str_type))
    head = re.match(r" \(func \$\w+(?: \((?:type|param|result|local) [^()]*\))*", patched)
    chunks[i] = (patched[:head.end()] + "".join(f" (local $mpk_so_{name} i32)" for name in LOCALS)
                 + patched[head.end():])
    return "".join(chunks)
