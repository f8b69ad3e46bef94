"""stable sort: `list.sort` and `sorted` sort with a stable natural merge sort, as CPython's do.

In MicroPython's terms (v1.29.0, `py/objlist.c`): `mp_obj_list_sort` calls `mp_quicksort(items - 1,
items + len - 1, key_fn, reverse ? mp_const_false : mp_const_true)`, an unstable quicksort whose
pivot is the last item (quadratic on sorted and reversed input) and which calls the key function
in every comparison. The patch makes that call `$mpk_stable_sort(self, key_fn, less_result)`:

- without a key, a list already in the final order is left as it is after one pass (no buffer);
- the keys are computed once each, in order, into a buffer of (key, item) pairs (`m_malloc`);
- `reverse=True` reverses the pairs, sorts, and reverses them back, as CPython does, so equal
  items keep their order either way;
- maximal runs are found first (non-descending, or strictly descending and then reversed, which
  keeps equal items in order), so sorted and reversed input cost one comparison per item; runs
  are then merged in pairs, level by level (O(n log n) comparisons), each merge skipped when its
  two runs are already in order and otherwise copying only the left run out;
- comparisons are `mp_binary_op(MP_BINARY_OP_LESS, a, b) == mp_const_true`, `<` only and always
  with the later item first when it decides, as upstream's compared; two small ints (both words
  with tag bit 1, `MICROPY_OBJ_REPR_A`: the tagged words compare as the values do), two
  objects of exactly `float` (type word `mp_type_float`, `Target.float_type`; the double at offset
  8 of `mp_obj_float_t`) and two heap strs (type word `mp_type_str`, `Target.str_type`; `len` at
  offset 8 and `data` at 12 of `mp_obj_str_t`: the bytes compared unsigned, then the lengths, as
  `mp_seq_cmp_bytes` does; UTF-8's byte order is the code points' order) are compared inline
  with what `mp_binary_op` computes for them (`i32.lt_s`, `f64.lt`: NaN is less and greater than
  nothing), without its dispatch; two exact tuples (type word `mp_type_tuple`, `Target.tuple_type`;
  `len` at offset 4, items from 8 of `mp_obj_tuple_t`) whose items up to the first difference are
  small ints, interned strs (qstr words, tag `0b010`) or heap strs are compared as
  `tuple_cmp_helper` → `mp_seq_cmp_objs` (`py/objtuple.c`, `py/sequence.c`) compares them: the
  same word is an equal item (`mp_obj_equal`'s identity answer, which for these kinds never calls
  anything), two small ints decide with `i32.lt_s`, two heap strs with their bytes then lengths
  (equal text is an equal item), a tie decides by length; any other pair in that prefix (two
  different interned strs too) leaves the whole comparison to `mp_binary_op` (10^5
  `(v % 100, v)` pairs: 851 → 313 M fuel); anything else (interned strs too) goes through
  `mp_binary_op`;
- while the pairs are filled, the keys' kind is noted: all small ints, all exact floats, or
  other. Runs are found with that kind's comparison and merged by a copy of the merge with it
  inlined (`i32.lt_s` of the words; `f64.lt` of the doubles): the same results as the general
  comparison gives for such keys, without its type checks and call (shuffled floats: 0.6-0.7 ×
  the fuel of the general merge);
- the items are written back only after the sort completed and only if the list still has the
  same length and item array: an exception from a key function or a comparison (raised through
  the interpreter's nlr as before) leaves the list as it was, and a key function or comparison
  that resized the list leaves the list as they left it (CPython raises ValueError there).

The buffers are garbage afterwards, collected like any other.

Sites, by shape: the call of the quicksort in `mp_obj_list_sort`: a call with four arguments of
which the fourth is `(select (i32.const FALSE) (i32.const TRUE) ...)`, made from a function other
than the callee, whose callee calls itself twice and calls `mp_binary_op` with `(i32.const 0)`
(MP_BINARY_OP_LESS) and `mp_call_function_1` with the key; exactly `SITES` = 1. `m_malloc` is the
one-argument function that calls `gc_alloc(n, 0)` and, for a NULL result with n != 0, calls the
failure function and traps: exactly one.

Test: `tests/sandbox/test_patch_stable_sort.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "stable_sort"
SITES = 1
TEST = "tests/sandbox/test_patch_stable_sort.py::test_sort_is_stable_and_linear_on_runs"
HELPER = "$mpk_stable_sort"

# In normalised Binaryen text.
CALL = re.compile(r"\(call \$(?P<qs>\d+) (?P<args>\(local\.tee \$(?P<self>\d+) \(i32\.add \(i32\.load offset=12 "
                  r"\(local\.get \$(?P=self)\)\) \(i32\.const -4\)\)\) )")
SELECT = re.compile(r"\(select \(i32\.const (?P<false>\d+)\) \(i32\.const (?P<true>\d+)\) ")
M_MALLOC = re.compile(
    r" \(func \$(?P<f>\d+) \(param \$0 i32\) \(result i32\) \(local \$1 i32\) "
    r"\(local\.set \$1 \(call \$\d+ \(local\.get \$0\) \(i32\.const 0\)\)\) "
    r"\(block \$(?P<b>\w+) \(br_if \$(?P=b) \(i32\.eqz \(local\.get \$0\)\)\) \(br_if \$(?P=b) \(local\.get \$1\)\) "
    r"\(call \$\d+ \(local\.get \$0\)\) \(unreachable\)\) \(local\.get \$1\)\)")


def _int_less(a: str, b: str) -> str:
    """`a < b` for two small ints (their tagged words are in the same order)."""
    return f"(i32.lt_s {a} {b})"


def _float_less(a: str, b: str) -> str:
    """`a < b` for two exact floats (the doubles at +8)."""
    return f"(f64.lt (f64.load offset=8 {a}) (f64.load offset=8 {b}))"


def _merge(name: str, less) -> str:
    """merge `name` with the comparison `less(a, b)` (text of an i32 expression, 1 when a < b)."""
    return (
        # merge(lo, mid, hi, tmp): the sorted runs [lo, mid) and [mid, hi) (byte addresses) into
        # one, stable: the right pair goes first only when its key is less
        f" (func {name} (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) "
        f"(local $4 i32) (local $5 i32) (local $6 i32) "
        f"(if (i32.eqz {less('(i32.load (local.get $1))', '(i32.load (i32.sub (local.get $1) (i32.const 8)))')}) "
        f"(then (return))) "
        f"(local.set $4 (local.get $3)) (local.set $5 (local.get $0)) "
        f"(block $copied (loop $copy (br_if $copied (i32.ge_u (local.get $5) (local.get $1))) "
        f"(i64.store (local.get $4) (i64.load (local.get $5))) "
        f"(local.set $4 (i32.add (local.get $4) (i32.const 8))) "
        f"(local.set $5 (i32.add (local.get $5) (i32.const 8))) (br $copy))) "
        f"(local.set $6 (local.get $4)) (local.set $4 (local.get $3)) (local.set $5 (local.get $1)) "
        f"(block $merged (loop $step "
        f"(br_if $merged (i32.ge_u (local.get $4) (local.get $6))) "
        f"(br_if $merged (i32.ge_u (local.get $5) (local.get $2))) "
        f"(if {less('(i32.load (local.get $5))', '(i32.load (local.get $4))')} "
        f"(then (i64.store (local.get $0) (i64.load (local.get $5))) "
        f"(local.set $5 (i32.add (local.get $5) (i32.const 8)))) "
        f"(else (i64.store (local.get $0) (i64.load (local.get $4))) "
        f"(local.set $4 (i32.add (local.get $4) (i32.const 8))))) "
        f"(local.set $0 (i32.add (local.get $0) (i32.const 8))) (br $step))) "
        f"(block $rest (loop $left (br_if $rest (i32.ge_u (local.get $4) (local.get $6))) "
        f"(i64.store (local.get $0) (i64.load (local.get $4))) "
        f"(local.set $0 (i32.add (local.get $0) (i32.const 8))) "
        f"(local.set $4 (i32.add (local.get $4) (i32.const 8))) (br $left))))\n")


def _helpers(binop: str, call1: str, malloc: str, true: str, false: str, float_type: int,
             str_type: int, tuple_type: int) -> str:
    """The sort's functions (Binaryen text). Pairs are 8 bytes: key at +0, item at +4."""
    less = "$mpk_sort_less"
    rev = "$mpk_sort_reverse"
    merge = "$mpk_sort_merge"
    merge_int = "$mpk_sort_merge_int"
    merge_float = "$mpk_sort_merge_float"
    less_kind = "$mpk_sort_less_kind"

    def less_of(a: str, b: str) -> str:
        return f"(call {less} {a} {b})"

    return (
        # less(a, b): a < b is mp_const_true; two small ints (tag bit 1: their tagged words are
        # in the same order), two exact floats (type word `float_type`, the double at +8) and two
        # heap strs (type word `str_type`; len at +8, data at +12: bytes compared unsigned, then
        # the lengths, as `mp_seq_cmp_bytes`) are compared here, as `mp_binary_op` compares them
        f" (func {less} (param $0 i32) (param $1 i32) (result i32) "
        f"(local $2 i32) (local $3 i32) (local $4 i32) (local $5 i32) (local $6 i32) (local $7 i32) (local $8 i32) "
        f"(local $9 i32) (local $10 i32) (local $11 i32) (local $12 i32) (local $13 i32) "
        f"(if (i32.and (i32.and (local.get $0) (local.get $1)) (i32.const 1)) "
        f"(then (return (i32.lt_s (local.get $0) (local.get $1))))) "
        f"(if (i32.eqz (i32.and (i32.or (local.get $0) (local.get $1)) (i32.const 3))) (then "
        # two exact tuples (type word `tuple_type`; len at +4, items from +8) whose items up to
        # the first difference are small ints, interned strs or heap strs: the same word is the
        # same item (equal as `mp_obj_equal` says for these kinds), two small ints decide as
        # `i32.lt_s`, two heap strs by their bytes then lengths (equal text: equal, go on), a tie
        # decides by length (`mp_seq_cmp_objs`); any other pair in that prefix (two different
        # interned strs too) leaves the whole comparison to `mp_binary_op`
        f"(if (i32.and (i32.eq (i32.load (local.get $0)) (i32.const {tuple_type})) "
        f"(i32.eq (i32.load (local.get $1)) (i32.const {tuple_type}))) (then "
        f"(local.set $2 (i32.load offset=4 (local.get $0))) (local.set $3 (i32.load offset=4 (local.get $1))) "
        f"(local.set $4 (i32.add (local.get $0) (i32.const 8))) (local.set $5 (i32.add (local.get $1) (i32.const 8))) "
        f"(local.set $6 (select (local.get $2) (local.get $3) (i32.lt_u (local.get $2) (local.get $3)))) "
        f"(block $tuple_other (block $tuple_tie (loop $item (br_if $tuple_tie (i32.eqz (local.get $6))) "
        f"(local.set $7 (i32.load (local.get $4))) (local.set $8 (i32.load (local.get $5))) "
        f"(block $item_equal "
        f"(if (i32.eq (local.get $7) (local.get $8)) (then "
        f"(br_if $item_equal (i32.and (local.get $7) (i32.const 1))) "
        f"(br_if $item_equal (i32.eq (i32.and (local.get $7) (i32.const 7)) (i32.const 2))) "
        f"(br_if $tuple_other (i32.and (local.get $7) (i32.const 3))) "
        f"(br_if $item_equal (i32.eq (i32.load (local.get $7)) (i32.const {str_type}))) "
        f"(br $tuple_other))) "
        f"(if (i32.and (i32.and (local.get $7) (local.get $8)) (i32.const 1)) "
        f"(then (return (i32.lt_s (local.get $7) (local.get $8))))) "
        f"(br_if $tuple_other (i32.and (i32.or (local.get $7) (local.get $8)) (i32.const 3))) "
        f"(br_if $tuple_other (i32.eqz (i32.and (i32.eq (i32.load (local.get $7)) (i32.const {str_type})) "
        f"(i32.eq (i32.load (local.get $8)) (i32.const {str_type}))))) "
        f"(local.set $9 (i32.load offset=8 (local.get $7))) (local.set $10 (i32.load offset=8 (local.get $8))) "
        f"(local.set $11 (i32.load offset=12 (local.get $7))) (local.set $12 (i32.load offset=12 (local.get $8))) "
        f"(local.set $13 (select (local.get $9) (local.get $10) (i32.lt_u (local.get $9) (local.get $10)))) "
        f"(block $text_same (loop $text_byte (br_if $text_same (i32.eqz (local.get $13))) "
        f"(if (i32.ne (i32.load8_u (local.get $11)) (i32.load8_u (local.get $12))) "
        f"(then (return (i32.lt_u (i32.load8_u (local.get $11)) (i32.load8_u (local.get $12)))))) "
        f"(local.set $11 (i32.add (local.get $11) (i32.const 1))) "
        f"(local.set $12 (i32.add (local.get $12) (i32.const 1))) "
        f"(local.set $13 (i32.sub (local.get $13) (i32.const 1))) (br $text_byte))) "
        f"(if (i32.ne (local.get $9) (local.get $10)) (then (return (i32.lt_u (local.get $9) (local.get $10)))))) "
        f"(local.set $4 (i32.add (local.get $4) (i32.const 4))) (local.set $5 (i32.add (local.get $5) (i32.const 4))) "
        f"(local.set $6 (i32.sub (local.get $6) (i32.const 1))) (br $item))) "
        f"(return (i32.lt_u (local.get $2) (local.get $3)))))) "
        f"(if (i32.and (i32.eq (i32.load (local.get $0)) (i32.const {float_type})) "
        f"(i32.eq (i32.load (local.get $1)) (i32.const {float_type}))) "
        f"(then (return (f64.lt (f64.load offset=8 (local.get $0)) (f64.load offset=8 (local.get $1)))))) "
        f"(if (i32.and (i32.eq (i32.load (local.get $0)) (i32.const {str_type})) "
        f"(i32.eq (i32.load (local.get $1)) (i32.const {str_type}))) (then "
        f"(local.set $2 (i32.load offset=8 (local.get $0))) (local.set $3 (i32.load offset=8 (local.get $1))) "
        f"(local.set $4 (i32.load offset=12 (local.get $0))) (local.set $5 (i32.load offset=12 (local.get $1))) "
        f"(local.set $6 (select (local.get $2) (local.get $3) (i32.lt_u (local.get $2) (local.get $3)))) "
        f"(block $same (loop $byte (br_if $same (i32.eqz (local.get $6))) "
        f"(if (i32.ne (i32.load8_u (local.get $4)) (i32.load8_u (local.get $5))) "
        f"(then (return (i32.lt_u (i32.load8_u (local.get $4)) (i32.load8_u (local.get $5)))))) "
        f"(local.set $4 (i32.add (local.get $4) (i32.const 1))) (local.set $5 (i32.add (local.get $5) (i32.const 1))) "
        f"(local.set $6 (i32.sub (local.get $6) (i32.const 1))) (br $byte))) "
        f"(return (i32.lt_u (local.get $2) (local.get $3))))))) "
        f"(i32.eq (call ${binop} (i32.const 0) (local.get $0) (local.get $1)) (i32.const {true})))\n"
        # reverse(lo, hi): the pairs in [lo, hi) (byte addresses) in the other order
        f" (func {rev} (param $0 i32) (param $1 i32) (local $2 i32) (local $3 i32) "
        f"(local.set $1 (i32.sub (local.get $1) (i32.const 8))) "
        f"(block $done (loop $next (br_if $done (i32.ge_u (local.get $0) (local.get $1))) "
        f"(local.set $2 (i32.load (local.get $0))) (local.set $3 (i32.load offset=4 (local.get $0))) "
        f"(i32.store (local.get $0) (i32.load (local.get $1))) "
        f"(i32.store offset=4 (local.get $0) (i32.load offset=4 (local.get $1))) "
        f"(i32.store (local.get $1) (local.get $2)) (i32.store offset=4 (local.get $1) (local.get $3)) "
        f"(local.set $0 (i32.add (local.get $0) (i32.const 8))) "
        f"(local.set $1 (i32.sub (local.get $1) (i32.const 8))) (br $next))))\n"
    ) + _merge(merge, less_of) + _merge(merge_int, _int_less) + _merge(merge_float, _float_less) + (
        # less_kind(kind, a, b): the comparison of the keys' kind (1 small ints, 2 floats, else any)
        f" (func {less_kind} (param $0 i32) (param $1 i32) (param $2 i32) (result i32) "
        f"(if (i32.eq (local.get $0) (i32.const 1)) (then (return {_int_less('(local.get $1)', '(local.get $2)')}))) "
        f"(if (i32.eq (local.get $0) (i32.const 2)) (then (return {_float_less('(local.get $1)', '(local.get $2)')}))) "
        f"(call {less} (local.get $1) (local.get $2)))\n"
        # the sort: $0 list, $1 key function or 0, $2 mp_const_false when reverse=True
        f" (func {HELPER} (param $0 i32) (param $1 i32) (param $2 i32) "
        f"(local $3 i32) (local $4 i32) (local $5 i32) (local $6 i32) (local $7 i32) (local $8 i32) "
        f"(local $9 i32) (local $10 i32) (local $11 i32) (local $12 i32) (local $13 i32) (local $14 i32) "
        # $3 n, $4 items, $5 pairs, $6 tmp, $7 runs, $8 i, $9 j, $10 run count, $11 k, $12 value,
        # $13 the keys' kind (bit 0: all small ints so far, bit 1: all exact floats so far), $14 key
        f"(local.set $3 (i32.load offset=8 (local.get $0))) "
        f"(local.set $4 (i32.load offset=12 (local.get $0))) "
        # without a key: a list already in the final order is left alone (no buffer at all)
        f"(if (i32.eqz (local.get $1)) (then (local.set $8 (i32.const 1)) "
        f"(block $broken (loop $scan (br_if $broken (i32.ge_u (local.get $8) (local.get $3))) "
        f"(br_if $broken (i32.ge_u (local.get $8) (i32.load offset=8 (local.get $0)))) "
        f"(local.set $9 (i32.add (i32.load offset=12 (local.get $0)) (i32.shl (local.get $8) (i32.const 2)))) "
        f"(br_if $broken (if (result i32) (i32.eq (local.get $2) (i32.const {false})) "
        f"(then (call {less} (i32.load (i32.sub (local.get $9) (i32.const 4))) (i32.load (local.get $9)))) "
        f"(else (call {less} (i32.load (local.get $9)) (i32.load (i32.sub (local.get $9) (i32.const 4))))))) "
        f"(local.set $8 (i32.add (local.get $8) (i32.const 1))) (br $scan))) "
        f"(if (i32.ge_u (local.get $8) (local.get $3)) (then (return))))) "
        # one buffer: pairs (8 n bytes), then run starts (4 n + 4); the merge buffer when needed
        f"(local.set $5 (call ${malloc} (i32.add (i32.mul (local.get $3) (i32.const 12)) (i32.const 4)))) "
        f"(local.set $7 (i32.add (local.get $5) (i32.shl (local.get $3) (i32.const 3)))) "
        f"(local.set $6 (i32.const 0)) "
        # pairs: each key once, in order
        f"(local.set $8 (i32.const 0)) (local.set $13 (i32.const 3)) "
        f"(block $filled (loop $fill (br_if $filled (i32.ge_u (local.get $8) (local.get $3))) "
        f"(br_if $filled (i32.ge_u (local.get $8) (i32.load offset=8 (local.get $0)))) "
        f"(local.set $12 (i32.load (i32.add (i32.load offset=12 (local.get $0)) "
        f"(i32.shl (local.get $8) (i32.const 2))))) "
        f"(local.set $9 (i32.add (local.get $5) (i32.shl (local.get $8) (i32.const 3)))) "
        f"(i32.store offset=4 (local.get $9) (local.get $12)) "
        f"(local.set $14 (if (result i32) (local.get $1) "
        f"(then (call ${call1} (local.get $1) (local.get $12))) (else (local.get $12)))) "
        f"(i32.store (local.get $9) (local.get $14)) "
        f"(local.set $13 (i32.and (local.get $13) (i32.or (i32.and (local.get $14) (i32.const 1)) "
        f"(i32.shl (if (result i32) (i32.and (local.get $14) (i32.const 3)) (then (i32.const 0)) "
        f"(else (i32.eq (i32.load (local.get $14)) (i32.const {float_type})))) (i32.const 1))))) "
        f"(local.set $8 (i32.add (local.get $8) (i32.const 1))) (br $fill))) "
        f"(if (i32.ne (local.get $8) (local.get $3)) (then (return))) "
        f"(if (i32.eq (local.get $13) (i32.const 3)) (then (local.set $13 (i32.const 0)))) "
        f"(if (i32.eq (local.get $2) (i32.const {false})) (then (call {rev} (local.get $5) "
        f"(i32.add (local.get $5) (i32.shl (local.get $3) (i32.const 3)))))) "
        # runs: $7[0 .. $10] are byte offsets of run starts, then the end
        f"(local.set $10 (i32.const 0)) (local.set $8 (i32.const 0)) "
        f"(local.set $11 (i32.shl (local.get $3) (i32.const 3))) "
        f"(block $found (loop $run (br_if $found (i32.ge_u (local.get $8) (local.get $11))) "
        f"(i32.store (i32.add (local.get $7) (i32.shl (local.get $10) (i32.const 2))) (local.get $8)) "
        f"(local.set $10 (i32.add (local.get $10) (i32.const 1))) "
        f"(local.set $9 (i32.add (local.get $8) (i32.const 8))) "
        f"(if (i32.lt_u (local.get $9) (local.get $11)) (then "
        f"(if (call {less_kind} (local.get $13) (i32.load (i32.add (local.get $5) (local.get $9))) "
        f"(i32.load (i32.add (local.get $5) (local.get $8)))) "
        f"(then (local.set $9 (i32.add (local.get $9) (i32.const 8))) "
        f"(block $down_end (loop $down (br_if $down_end (i32.ge_u (local.get $9) (local.get $11))) "
        f"(br_if $down_end (i32.eqz (call {less_kind} (local.get $13) "
        f"(i32.load (i32.add (local.get $5) (local.get $9))) "
        f"(i32.load (i32.add (local.get $5) (i32.sub (local.get $9) (i32.const 8))))))) "
        f"(local.set $9 (i32.add (local.get $9) (i32.const 8))) (br $down))) "
        f"(call {rev} (i32.add (local.get $5) (local.get $8)) (i32.add (local.get $5) (local.get $9)))) "
        f"(else (local.set $9 (i32.add (local.get $9) (i32.const 8))) "
        f"(block $up_end (loop $up (br_if $up_end (i32.ge_u (local.get $9) (local.get $11))) "
        f"(br_if $up_end (call {less_kind} (local.get $13) (i32.load (i32.add (local.get $5) (local.get $9))) "
        f"(i32.load (i32.add (local.get $5) (i32.sub (local.get $9) (i32.const 8)))))) "
        f"(local.set $9 (i32.add (local.get $9) (i32.const 8))) (br $up))))))) "
        f"(local.set $8 (local.get $9)) (br $run))) "
        f"(i32.store (i32.add (local.get $7) (i32.shl (local.get $10) (i32.const 2))) (local.get $11)) "
        # merge runs in pairs until one is left
        f"(block $sorted (loop $level (br_if $sorted (i32.le_u (local.get $10) (i32.const 1))) "
        f"(local.set $8 (i32.const 0)) (local.set $9 (i32.const 0)) "
        f"(block $level_end (loop $pair (br_if $level_end (i32.ge_u (local.get $8) (local.get $10))) "
        f"(if (i32.lt_u (i32.add (local.get $8) (i32.const 1)) (local.get $10)) (then "
        f"(if (i32.eqz (local.get $6)) (then "
        f"(local.set $6 (call ${malloc} (i32.shl (local.get $3) (i32.const 3)))))) "
        f"(local.set $14 (i32.add (local.get $7) (i32.shl (local.get $8) (i32.const 2)))) "
        + "".join(
            f"(if (i32.eq (local.get $13) (i32.const {kind})) (then (call {fn} "
            f"(i32.add (local.get $5) (i32.load (local.get $14))) "
            f"(i32.add (local.get $5) (i32.load offset=4 (local.get $14))) "
            f"(i32.add (local.get $5) (i32.load offset=8 (local.get $14))) (local.get $6)))) "
            for kind, fn in ((0, merge), (1, merge_int), (2, merge_float)))
        + ")) "
        f"(i32.store (i32.add (local.get $7) (i32.shl (local.get $9) (i32.const 2))) "
        f"(i32.load (i32.add (local.get $7) (i32.shl (local.get $8) (i32.const 2))))) "
        f"(local.set $9 (i32.add (local.get $9) (i32.const 1))) "
        f"(local.set $8 (i32.add (local.get $8) (i32.const 2))) (br $pair))) "
        f"(i32.store (i32.add (local.get $7) (i32.shl (local.get $9) (i32.const 2))) (local.get $11)) "
        f"(local.set $10 (local.get $9)) (br $level))) "
        f"(if (i32.eq (local.get $2) (i32.const {false})) (then (call {rev} (local.get $5) "
        f"(i32.add (local.get $5) (local.get $11))))) "
        # write back, unless the list was resized or its items moved meanwhile
        f"(if (i32.ne (i32.load offset=8 (local.get $0)) (local.get $3)) (then (return))) "
        f"(if (i32.ne (i32.load offset=12 (local.get $0)) (local.get $4)) (then (return))) "
        f"(local.set $8 (i32.const 0)) "
        f"(block $written (loop $write (br_if $written (i32.ge_u (local.get $8) (local.get $3))) "
        f"(i32.store (i32.add (local.get $4) (i32.shl (local.get $8) (i32.const 2))) "
        f"(i32.load offset=4 (i32.add (local.get $5) (i32.shl (local.get $8) (i32.const 3))))) "
        f"(local.set $8 (i32.add (local.get $8) (i32.const 1))) (br $write))))\n")


def apply(wat: str, target: Target) -> str:
    """Call `$mpk_stable_sort` instead of the quicksort; `FetchError` unless every site is exact."""
    if HELPER in wat:
        raise FetchError(f"stable sort patch: {HELPER} already exists")
    chunks = split_functions(wat)
    sites = []
    for i, chunk in enumerate(chunks):
        if "(i32.const -4)" not in chunk or "(select" not in chunk:
            continue
        flat = normalise(chunk)
        for m in CALL.finditer(flat):
            sites.append((i, flat, m))
    if len(sites) != SITES:
        raise FetchError(f"stable sort patch: expected {SITES} quicksort call, found {len(sites)}")
    i, flat, m = sites[0]
    qs = m.group("qs")
    callee = [normalise(c) for c in chunks if re.match(rf" \(func \${qs} ", c)]
    if len(callee) != 1 or flat.startswith(f" (func ${qs} "):
        raise FetchError("stable sort patch: the quicksort's function is not where it was expected")
    body = callee[0]
    binops = set(re.findall(r"\(call \$(\d+) \(i32\.const 0\) \(local\.get \$\d+\) \(local\.get \$\d+\)\)", body))
    calls1 = set(re.findall(r"\(call \$(\d+) \(local\.get \$2\) \(local\.get \$\d+\)\)", body))
    if body.count(f"(call ${qs} ") != 2 or len(binops) != 1 or len(calls1) != 1:
        raise FetchError("stable sort patch: the quicksort does not have the expected shape")
    # the call's arguments: the items pointer (replaced by the list), the tail, key, less result
    start = m.start("args")
    first_end = expression_end(flat, start)
    second_start = first_end + 1
    second_end = expression_end(flat, second_start)
    key_start = second_end + 1
    key_end = expression_end(flat, key_start)
    less_start = key_end + 1
    less_end = expression_end(flat, less_start)
    select = SELECT.match(flat, less_start)
    if select is None or flat[less_end] != ")":
        raise FetchError("stable sort patch: the quicksort call's arguments are not as expected")
    mallocs = [mm.group("f") for c in chunks if c.startswith(" (func ") and "(unreachable)" in c and len(c) < 1200
               for mm in [M_MALLOC.fullmatch(normalise(c).rstrip())] if mm]
    if len(mallocs) != 1:
        raise FetchError(f"stable sort patch: expected one m_malloc, found {len(mallocs)}")
    call = (f"(call {HELPER} (local.get ${m.group('self')}) {flat[key_start:key_end]} "
            f"{flat[less_start:less_end]})")
    chunks[i] = flat[:m.start()] + call + flat[less_end + 1:]
    if not target.float_type or not target.tuple_type:
        raise FetchError("stable sort patch: the lock has no float_type or tuple_type for this build")
    chunks[0] += _helpers(binops.pop(), calls1.pop(), mallocs[0], select.group("true"), select.group("false"),
                          target.float_type, target.str_type, target.tuple_type)
    return "".join(chunks)
