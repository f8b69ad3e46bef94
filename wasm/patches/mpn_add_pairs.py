"""mpn add pairs: big-integer addition adds sixteen, four, then two 16-bit digits per step.

In MicroPython's terms (v1.29.0, `py/mpz.c`, `mpn_add(idig, jdig, jlen, kdig, klen)`, 16-bit
digits on this 32-bit build): the sum of two magnitudes is computed one digit per loop step,
`carry += *jdig + *kdig; *idig = carry; carry >>= 16` over the `klen` digits both have, then
`carry += *jdig ...` over the `jlen - klen` digits of the longer one: ~31 wasm operations per
digit, most of `a + b` for numbers of a few hundred digits (Fibonacci numbers, sums of
factorials). The patch puts a loop before each of the two that takes two digits per step while
at least two are left: the 32-bit little-endian word of each operand (digits `k` and `k + 1`) is
added as a 64-bit value with the carry, the low 32 bits are stored (the two result digits) and
bit 32 is the carry. That is the same arithmetic as two 16-bit steps, so every stored digit and
the carry are as upstream's. Before each pair loop a loop takes four digits per step while at least
four are left: the 64-bit little-endian words are added with the carry (0 or 1), stored, and the
carry out is whether the sum wrapped (`S = A + B < A`, or `S + carry < S`; never both) — again the
same digits as four 16-bit steps (~10 wasm operations a digit instead of ~16 for pairs). Before
each four-digit loop, a loop takes sixteen digits per step while at least sixteen are left: four
such words at offsets 0, 8, 16 and 24 from the cursors, the carry passed from one to the next,
then the cursors advance once (~6.5 operations a digit: the cursor and count updates and the loop
test are shared by four words). The four-digit loops then take at most three words, the pair
loops at most one pair, and the original loops do what is left (0 or 1 digit; the first
one only when a digit is left: it is a do-while loop), and the final carry digit and the
returned length are upstream's code, untouched. Each word or pair is read before it is written
(and after the words before it are written, which lie below it), so `idig` equal to `jdig` or
`kdig` (in-place `+=`) stays exact, as upstream.

Site, by shape: the five-parameter function whose first loop stores
`carry + *jdig + *kdig` as a 16-bit digit and shifts the carry right by 16 (unsigned), guarded
by `klen != 0`, followed by the loop over the `jlen - klen` remaining digits guarded by
`jlen - klen == 0` (`mpn_add`; `mpn_sub` subtracts and shifts arithmetically): exactly `SITES` = 1.

Test: `tests/sandbox/test_patch_mpn_add_pairs.py`.
"""

from __future__ import annotations

import re

from wasm.patches.base import Target, split_functions
from wasm.patches.mpz_shapes import digit_loops, rewrite_digit_loops

NAME = "mpn_add_pairs"
SITES = 1
TEST = "tests/sandbox/test_patch_mpn_add_pairs.py::test_long_additions_take_half_the_fuel"

# The two digit loops (`mpz_shapes.digit_loops`): the carry `c` and the operands' digits added,
# the carry shifted right unsigned.
FIRST = digit_loops(r"\(i32\.add \(i32\.add \(local\.get \$(?P=c)\) \(i32\.load16_u \(local\.get \$(?P<j>\d+)\)\)\) "
                    r"\(i32\.load16_u \(local\.get \$(?P<k>\d+)\)\)\)", "shr_u")
CARRY = "$mpk_pair_carry"
QA, QS, QT = "$mpk_quad_a", "$mpk_quad_s", "$mpk_quad_t"  # i64 locals of the four-digit steps


def _first_pairs(m: re.Match) -> str:
    """Two digits of both operands per step while klen >= 2; then upstream's loop if one is left."""
    i, j, k, c, n = (m.group(x) for x in "ijkcn")
    return (f"(local.set ${i} (local.get ${m.group('o')})) (local.set {CARRY} (i64.const 0)) "
            + _quads(i, j, k, n) +
            f"(block $mpk_pairs_end (loop $mpk_pairs "
            f"(br_if $mpk_pairs_end (i32.lt_u (local.get ${n}) (i32.const 2))) "
            f"(i64.store32 (local.get ${i}) (local.tee {CARRY} (i64.add (i64.add (local.get {CARRY}) "
            f"(i64.load32_u (local.get ${j}))) (i64.load32_u (local.get ${k}))))) "
            f"(local.set {CARRY} (i64.shr_u (local.get {CARRY}) (i64.const 32))) "
            f"(local.set ${k} (i32.add (local.get ${k}) (i32.const 4))) "
            f"(local.set ${j} (i32.add (local.get ${j}) (i32.const 4))) "
            f"(local.set ${i} (i32.add (local.get ${i}) (i32.const 4))) "
            f"(local.set ${n} (i32.sub (local.get ${n}) (i32.const 2))) (br $mpk_pairs))) "
            f"(local.set ${c} (i32.wrap_i64 (local.get {CARRY}))) "
            f"(block ${m.group('b1')} (br_if ${m.group('b1')} (i32.eqz (local.get ${n}))) "
            + _loop_text(m) + ") ")


def _at(offset: int) -> str:
    """A memory access's offset immediate (none for 0)."""
    return f" offset={offset}" if offset else ""


def _quad_step(i: str, j: str, k: str, offset: int) -> str:
    """The four digits at byte `offset` of both operands: their sum with `CARRY` stored, the carry
    out in `CARRY` (0 or 1).

    `S = A + B` (mod 2**64) wrapped iff `S < A`; `T = S + carry` wrapped iff `T < S`; at most one
    of the two wraps (a wrapped `S` is at most 2**64 - 2), so their `or` is the carry out."""
    return (f"(i64.store{_at(offset)} (local.get ${i}) (local.tee {QT} (i64.add (local.tee {QS} (i64.add "
            f"(local.tee {QA} (i64.load{_at(offset)} (local.get ${j}))) "
            f"(i64.load{_at(offset)} (local.get ${k})))) (local.get {CARRY})))) "
            f"(local.set {CARRY} (i64.extend_i32_u (i32.or (i64.lt_u (local.get {QS}) (local.get {QA})) "
            f"(i64.lt_u (local.get {QT}) (local.get {QS}))))) ")


def _quads(i: str, j: str, k: str, n: str) -> str:
    """Sixteen digits of both operands per step while klen >= 16, then four per step while klen
    >= 4 (`CARRY` is 0 or 1 before and after; `_quad_step`)."""
    return (f"(block $mpk_hex_end (loop $mpk_hex "
            f"(br_if $mpk_hex_end (i32.lt_u (local.get ${n}) (i32.const 16))) "
            + "".join(_quad_step(i, j, k, offset) for offset in (0, 8, 16, 24)) +
            f"(local.set ${k} (i32.add (local.get ${k}) (i32.const 32))) "
            f"(local.set ${j} (i32.add (local.get ${j}) (i32.const 32))) "
            f"(local.set ${i} (i32.add (local.get ${i}) (i32.const 32))) "
            f"(local.set ${n} (i32.sub (local.get ${n}) (i32.const 16))) (br $mpk_hex))) "
            f"(block $mpk_quads_end (loop $mpk_quads "
            f"(br_if $mpk_quads_end (i32.lt_u (local.get ${n}) (i32.const 4))) "
            + _quad_step(i, j, k, 0) +
            f"(local.set ${k} (i32.add (local.get ${k}) (i32.const 8))) "
            f"(local.set ${j} (i32.add (local.get ${j}) (i32.const 8))) "
            f"(local.set ${i} (i32.add (local.get ${i}) (i32.const 8))) "
            f"(local.set ${n} (i32.sub (local.get ${n}) (i32.const 4))) (br $mpk_quads))) ")


def _rest_step(i: str, j: str, offset: int) -> str:
    """The four digits at byte `offset` of the longer operand plus `CARRY`: `T = A + carry`
    wrapped iff `T < A`."""
    return (f"(i64.store{_at(offset)} (local.get ${i}) (local.tee {QT} (i64.add (local.tee {QA} "
            f"(i64.load{_at(offset)} (local.get ${j}))) (local.get {CARRY})))) "
            f"(local.set {CARRY} (i64.extend_i32_u (i64.lt_u (local.get {QT}) (local.get {QA})))) ")


def _rest_quads(i: str, j: str, r: str) -> str:
    """Sixteen, then four digits of the longer operand per step while jlen - klen >= 16, >= 4
    (`_rest_step`)."""
    return (f"(block $mpk_rest16_end (loop $mpk_rest16 "
            f"(br_if $mpk_rest16_end (i32.lt_u (local.get ${r}) (i32.const 16))) "
            + "".join(_rest_step(i, j, offset) for offset in (0, 8, 16, 24)) +
            f"(local.set ${j} (i32.add (local.get ${j}) (i32.const 32))) "
            f"(local.set ${i} (i32.add (local.get ${i}) (i32.const 32))) "
            f"(local.set ${r} (i32.sub (local.get ${r}) (i32.const 16))) (br $mpk_rest16))) "
            f"(block $mpk_rest4_end (loop $mpk_rest4 "
            f"(br_if $mpk_rest4_end (i32.lt_u (local.get ${r}) (i32.const 4))) "
            + _rest_step(i, j, 0) +
            f"(local.set ${j} (i32.add (local.get ${j}) (i32.const 8))) "
            f"(local.set ${i} (i32.add (local.get ${i}) (i32.const 8))) "
            f"(local.set ${r} (i32.sub (local.get ${r}) (i32.const 4))) (br $mpk_rest4))) ")


def _loop_text(m: re.Match) -> str:
    """Upstream's first loop, `(loop ...)`, as matched (without the block around it)."""
    first = m.group(0)[:m.start("second") - m.start(0)].rstrip()
    assert first.endswith("))")
    return first[first.index("(loop $"):-1]


def _rest_pairs(m: re.Match) -> str:
    """Two digits of the longer operand per step while jlen - klen >= 2, before upstream's loop."""
    i, j, c, r = (m.group(x) for x in "ijcr")
    return (f"(local.set {CARRY} (i64.extend_i32_u (local.get ${c}))) "
            + _rest_quads(i, j, r) +
            f"(block $mpk_rest_end (loop $mpk_rest "
            f"(br_if $mpk_rest_end (i32.lt_u (local.get ${r}) (i32.const 2))) "
            f"(i64.store32 (local.get ${i}) (local.tee {CARRY} (i64.add (local.get {CARRY}) "
            f"(i64.load32_u (local.get ${j}))))) "
            f"(local.set {CARRY} (i64.shr_u (local.get {CARRY}) (i64.const 32))) "
            f"(local.set ${j} (i32.add (local.get ${j}) (i32.const 4))) "
            f"(local.set ${i} (i32.add (local.get ${i}) (i32.const 4))) "
            f"(local.set ${r} (i32.sub (local.get ${r}) (i32.const 2))) (br $mpk_rest))) "
            f"(local.set ${c} (i32.wrap_i64 (local.get {CARRY}))) ")


def apply(wat: str, target: Target) -> str:
    """Add the two-digit loops to `mpn_add`; `FetchError` unless exactly `SITES` site."""
    chunks = split_functions(wat)
    rewrite_digit_loops(chunks, FIRST, ("i32.load16_u",), SITES,
                        f"mpn add pairs patch: expected {SITES} site (mpn_add)",
                        lambda m: _first_pairs(m) + _rest_pairs(m) + m.group("second"),
                        f" (local {CARRY} i64) (local {QA} i64) (local {QS} i64) (local {QT} i64)")
    return "".join(chunks)
