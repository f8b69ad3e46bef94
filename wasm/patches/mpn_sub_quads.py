"""mpn sub quads: big-integer subtraction takes sixteen (then four) 16-bit digits per step.

In MicroPython's terms (v1.29.0, `py/mpz.c`, `mpn_sub(idig, jdig, jlen, kdig, klen)`, 16-bit digits
on this 32-bit build; `mpz_add_inpl` of operands of different signs and `mpz_sub_inpl` of the same
sign call it with `j >= k`): the difference of two magnitudes is computed one digit per loop step,
`borrow += *jdig - *kdig; *idig = borrow; borrow >>= 16` (arithmetic: `borrow` is 0 or -1) over the
`klen` digits both have, then `borrow += *jdig ...` over the `jlen - klen` digits of the longer one
(~16 wasm operations a digit), then `mpn_remove_trailing_zeros`. The patch runs loops before each
of the two that take the 64-bit little-endian words of the operands (four digits): sixteen digits
a step (four words at offsets 0, 8, 16, 24) while at least sixteen are left, then four while at
least four are left, with the borrow `b` as 0 or 1: `D = A - B` (mod 2**64) borrowed iff `A < B`,
`E = D - b` borrowed iff `D < b`; at most one of the two borrows (a borrowing `A - B` leaves `D >=
1`), so their `or` is the borrow out — the same digits as four 16-bit steps. Over the longer
operand's rest: `E = A - b`, borrowed iff `A < b`. Upstream's loops then do what is left (0 to 3
digits; each is a do-while, run only when a digit is left) with upstream's `borrow` set to `-b`,
and the trailing-zero scan and the returned length are upstream's code, untouched. Each word is
read before its result is written, so `idig` equal to `jdig` or `kdig` (in-place `-=`) stays
exact, as upstream.

Site, by shape: the five-parameter function whose first loop stores `*jdig - *kdig + borrow` as a
16-bit digit and shifts the borrow right by 16 (signed), guarded by `klen != 0`, followed by the
loop over the `jlen - klen` remaining digits guarded by `jlen - klen == 0` (`mpn_sub`; `mpn_add`
adds and shifts unsigned): exactly `SITES` = 1.

Test: `tests/sandbox/test_patch_mpn_sub_quads.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, split_functions
from wasm.patches.mpz_shapes import digit_loops, rewrite_digit_loops

NAME = "mpn_sub_quads"
SITES = 1
TEST = "tests/sandbox/test_patch_mpn_sub_quads.py::test_long_subtractions_take_a_third_of_the_fuel"

# The two digit loops (`mpz_shapes.digit_loops`): the operands' digits subtracted and the borrow
# `c` added, the borrow shifted right signed.
FIRST = digit_loops(r"\(i32\.add \(i32\.sub \(i32\.load16_u \(local\.get \$(?P<j>\d+)\)\) "
                    r"\(i32\.load16_u \(local\.get \$(?P<k>\d+)\)\)\) \(local\.get \$(?P=c)\)\)", "shr_s")
BORROW = "$mpk_sub_borrow"
SA, SB, SD = "$mpk_sub_a", "$mpk_sub_b", "$mpk_sub_d"  # i64 locals of the four-digit steps


def _at(offset: int) -> str:
    """A memory access's offset immediate (none for 0)."""
    return f" offset={offset}" if offset else ""


def _step(i: str, j: str, k: str, offset: int) -> str:
    """The four digits at byte `offset` of both operands: `A - B - b` stored, the borrow out (0 or 1)
    in `BORROW`."""
    return (f"(i64.store{_at(offset)} (local.get ${i}) (i64.sub (local.tee {SD} (i64.sub "
            f"(local.tee {SA} (i64.load{_at(offset)} (local.get ${j}))) "
            f"(local.tee {SB} (i64.load{_at(offset)} (local.get ${k}))))) (local.get {BORROW}))) "
            f"(local.set {BORROW} (i64.extend_i32_u (i32.or (i64.lt_u (local.get {SA}) (local.get {SB})) "
            f"(i64.lt_u (local.get {SD}) (local.get {BORROW}))))) ")


def _rest_step(i: str, j: str, offset: int) -> str:
    """The four digits at byte `offset` of the longer operand less `BORROW`: borrowed iff `A < b`."""
    return (f"(i64.store{_at(offset)} (local.get ${i}) (i64.sub (local.tee {SA} "
            f"(i64.load{_at(offset)} (local.get ${j}))) (local.get {BORROW}))) "
            f"(local.set {BORROW} (i64.extend_i32_u (i64.lt_u (local.get {SA}) (local.get {BORROW})))) ")


def _loops(name: str, count: str, cursors: tuple[str, ...], step) -> str:
    """Sixteen digits a step while `count >= 16`, then four while `count >= 4`, advancing `cursors`."""
    text = ""
    for digits, offsets in ((16, (0, 8, 16, 24)), (4, (0,))):
        label = f"$mpk_{name}{digits}"
        text += (f"(block {label}_end (loop {label} "
                 f"(br_if {label}_end (i32.lt_u (local.get ${count}) (i32.const {digits}))) "
                 + "".join(step(offset) for offset in offsets)
                 + "".join(f"(local.set ${c} (i32.add (local.get ${c}) (i32.const {2 * digits}))) " for c in cursors)
                 + f"(local.set ${count} (i32.sub (local.get ${count}) (i32.const {digits}))) (br {label}))) ")
    return text


def _first(m: re.Match) -> str:
    """The word loops over both operands, then upstream's loop only when a digit is left."""
    i, j, k, c, n = (m.group(x) for x in "ijkcn")
    return (f"(local.set ${i} (local.get ${m.group('o')})) (local.set {BORROW} (i64.const 0)) "
            + _loops("sub", n, (k, j, i), lambda offset: _step(i, j, k, offset))
            + f"(local.set ${c} (i32.sub (i32.const 0) (i32.wrap_i64 (local.get {BORROW})))) "
            f"(block ${m.group('b1')} (br_if ${m.group('b1')} (i32.eqz (local.get ${n}))) {m.group('loop')}) ")


def _rest(m: re.Match) -> str:
    """The word loops over the longer operand's rest, before upstream's loop."""
    i, j, c, r = (m.group(x) for x in "ijcr")
    return (f"(local.set {BORROW} (i64.extend_i32_u (i32.and (local.get ${c}) (i32.const 1)))) "
            + _loops("subr", r, (j, i), lambda offset: _rest_step(i, j, offset))
            + f"(local.set ${c} (i32.sub (i32.const 0) (i32.wrap_i64 (local.get {BORROW})))) ")


def apply(wat: str, target: Target) -> str:
    """Add the word loops to `mpn_sub`; `FetchError` unless exactly `SITES` site."""
    if BORROW in wat:
        raise FetchError("mpn sub quads patch: names already in use")
    chunks = split_functions(wat)
    rewrite_digit_loops(chunks, FIRST, ("i32.shr_s", "i32.load16_u"), SITES,
                        f"mpn sub quads patch: expected {SITES} site (mpn_sub)",
                        lambda m: _first(m) + _rest(m) + m.group("second"),
                        f" (local {BORROW} i64) (local {SA} i64) (local {SB} i64) (local {SD} i64)")
    return "".join(chunks)
