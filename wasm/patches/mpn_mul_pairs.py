"""mpn mul pairs: big-integer multiplication multiplies two 16-bit digits of a row per step.

In MicroPython's terms (v1.29.0, `py/mpz.c`, `mpn_mul(idig, jdig, jlen, kdig, klen)`, inlined
into `mpz_mul_inpl`, 16-bit digits on this 32-bit build): for each digit `*kdig` of one factor,
the row `carry += *id + *jd * *kdig; *id = carry; carry >>= 16` runs over the `jlen` digits of
the other, one digit per loop step (~29 wasm operations a digit). Products where a factor is
small (`f *= i` building a factorial, `n * 10`) and every product below `bigint_host`'s threshold
are made of these rows. The patch puts a loop before the row's loop that takes two digits per
step while at least two are left: the 32-bit little-endian word of the result (digits `id`,
`id + 1`) plus the carry plus the 32-bit word of `jd` times the 16-bit `*kdig`, as a 64-bit sum
(below 2**49: no overflow), stores the low 32 bits (the two result digits) and keeps the rest as
the carry. That is the same arithmetic as two one-digit steps, so every stored digit and the
carry are upstream's; upstream's loop then does what is left (0 or 1 digit: it is a do-while,
so it runs only when a digit is left), and the row's final carry digit is upstream's code,
untouched (its cursor, the last digit's address, is set as the one-digit loop leaves it).
`mpz_mul_inpl` clones a factor that is also the destination, so the row never reads digits it
has written.

Site, by shape: the row loop that stores `carry + *id + *jd * *kdig` as a 16-bit digit, shifts
the carry right by 16 (unsigned) and counts the `jlen` digits down, inside the block guarded by
`jlen == 0` that stores the final carry digit at offset 2 of the last digit's address
(`mpz_mul_inpl`, where `bigint_host` leaves it as its fallback): exactly `SITES` = 1.

Test: `tests/sandbox/test_patch_mpn_mul_pairs.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "mpn_mul_pairs"
SITES = 1
TEST = "tests/sandbox/test_patch_mpn_mul_pairs.py::test_rows_take_half_the_fuel"

# Normalised Binaryen text. Groups: the block label `b` and the count it tests `n0`, the row loop
# `loop` with its label `l`, the step's digit address `s`, the result cursor `i`, the carry `c`,
# the multiplier's cursor `k`, the other factor's cursor `j` and the count `n`.
ROW = re.compile(
    r"\(block \$(?P<b>\w+) \(br_if \$(?P=b) \(i32\.eqz \(local\.get \$(?P<n0>\d+)\)\)\) "
    r"(?P<loop>\(loop \$(?P<l>\w+) \(i32\.store16 \(local\.tee \$(?P<s>\d+) \(local\.get \$(?P<i>\d+)\)\) "
    r"\(local\.tee \$(?P<c>\d+) \(i32\.add \(i32\.add \(local\.get \$(?P=c)\) "
    r"\(i32\.load16_u \(local\.get \$(?P=s)\)\)\) "
    r"\(i32\.mul \(i32\.load16_u \(local\.get \$(?P<k>\d+)\)\) \(i32\.load16_u \(local\.get \$(?P<j>\d+)\)\)\)\)\)\) "
    r"\(local\.set \$(?P=c) \(i32\.shr_u \(local\.get \$(?P=c)\) \(i32\.const 16\)\)\) "
    r"\(local\.set \$(?P=i) \(i32\.add \(local\.get \$(?P=s)\) \(i32\.const 2\)\)\) "
    r"\(local\.set \$(?P=j) \(i32\.add \(local\.get \$(?P=j)\) \(i32\.const 2\)\)\) "
    r"\(br_if \$(?P=l) \(local\.tee \$(?P<n>\d+) \(i32\.add \(local\.get \$(?P=n)\) \(i32\.const -1\)\)\)\)\)) "
    r"\(br_if \$(?P=b) \(i32\.eqz \(local\.get \$(?P=c)\)\)\) "
    r"\(i32\.store16 offset=2 \(local\.get \$(?P=s)\) \(local\.get \$(?P=c)\)\)")
# The row's count starts as the block's tested count (`jl = jlen`), just before the block.
COUNT_START = r"\(local\.set \${n} \(local\.get \${n0}\)\)"
CARRY = "$mpk_row_carry"
DIGIT = "$mpk_row_digit"


def _pairs(m: re.Match) -> str:
    """The row's two-digit loop, then upstream's loop only when a digit is left."""
    i, c, k, j, n, s = (m.group(x) for x in "ickjns")
    return (f"(local.set {DIGIT} (i64.extend_i32_u (i32.load16_u (local.get ${k})))) "
            f"(local.set {CARRY} (i64.extend_i32_u (local.get ${c}))) "
            f"(block $mpk_row_end (loop $mpk_row "
            f"(br_if $mpk_row_end (i32.lt_u (local.get ${n}) (i32.const 2))) "
            f"(i64.store32 (local.get ${i}) (local.tee {CARRY} (i64.add (i64.add (local.get {CARRY}) "
            f"(i64.load32_u (local.get ${i}))) (i64.mul (i64.load32_u (local.get ${j})) (local.get {DIGIT}))))) "
            f"(local.set {CARRY} (i64.shr_u (local.get {CARRY}) (i64.const 32))) "
            f"(local.set ${i} (i32.add (local.get ${i}) (i32.const 4))) "
            f"(local.set ${j} (i32.add (local.get ${j}) (i32.const 4))) "
            f"(local.set ${n} (i32.sub (local.get ${n}) (i32.const 2))) (br $mpk_row))) "
            f"(local.set ${c} (i32.wrap_i64 (local.get {CARRY}))) "
            f"(local.set ${s} (i32.sub (local.get ${i}) (i32.const 2))) "
            f"(if (local.get ${n}) (then {m.group('loop')})) ")


def apply(wat: str, target: Target) -> str:
    """Add the two-digit loop to `mpz_mul_inpl`'s row; `FetchError` unless exactly `SITES` site."""
    if CARRY in wat or DIGIT in wat:
        raise FetchError("mpn mul pairs patch: names already in use")
    chunks = split_functions(wat)
    sites = []
    for index, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or "i32.mul" not in chunk or "i32.load16_u" not in chunk:
            continue
        flat = normalise(chunk)
        for m in ROW.finditer(flat):
            if re.search(COUNT_START.format(n=m.group("n"), n0=m.group("n0")) + r"[^;]{0,200}$", flat[:m.start()]):
                sites.append((index, flat, m))
    if len(sites) != SITES:
        raise FetchError(f"mpn mul pairs patch: expected {SITES} site (mpz_mul_inpl's row), found {len(sites)} "
                         "(a different upstream build?)")
    for index, flat, m in sites:
        body = flat[:m.start("loop")] + _pairs(m) + flat[m.end("loop"):]
        locals_ = list(re.finditer(r"\((?:local|param) \$\d+ i32\)", body))
        if not locals_:
            raise FetchError("mpn mul pairs patch: no locals in mpz_mul_inpl")
        at = locals_[-1].end()
        chunks[index] = body[:at] + f" (local {CARRY} i64) (local {DIGIT} i64)" + body[at:]
    return "".join(chunks)
