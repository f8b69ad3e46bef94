"""mpz mul small: a product with a factor below 2**32 is one pass of 32-bit words, without the memset.

In MicroPython's terms (v1.29.0, `py/mpz.c`, `mpz_mul_inpl(dest, lhs, rhs)`, 16-bit digits on this
32-bit build): after cloning an operand that is also `dest` and sizing `dest` to `lhs->len +
rhs->len` digits (`mpz_need_dig`), upstream zeroes all of `dest->alloc` digits (`memset`: the
engine charges bulk memory one fuel per byte) and runs `mpn_mul`, inlined: for each digit of
`rhs` a row over all digits of `lhs` that adds into `dest` (`carry += *id + *jd * *kdig`). With a
small factor — `f *= i` building a factorial, `n * 10`, `3 * x` — that is one row of ~16 wasm
operations a digit (two digits a step under `mpn_mul_pairs`) after the memset, or, when the small
factor is on the left (`i * f`), one short row per digit of the long one.

The patch adds `$mpk_mul_small(dest, lhs, rhs)` and calls it right after `mpz_need_dig`: when one
operand has 1 or 2 digits (a magnitude `m` below 2**32) it writes the product of the other one's
`n` digits by `m` into `dest->dig` in one pass: each 32-bit little-endian word `w` (two digits)
gives `p = w * m + carry` (at most (2**32 - 1)**2 + 2**32 - 1 < 2**64: exact in `i64`), the low 32
bits are stored, `carry = p >> 32`; four words a step, then single words, then an odd last digit
(`p = d * m + carry`, 16 bits stored, `carry = p >> 16`); the carry (below 2**16 when `m` has one
digit, below 2**32 when it has two) fills the last 1 or 2 digits, so exactly the `n + len(m)`
digits `mpz_need_dig` sized are written, and the returned length drops the top zero digits (the
product's length, which upstream's `mpn_mul` returns). `mpz_mul_inpl` then stores the length and
the sign as upstream. Digits of `dest->alloc` beyond that are not zeroed: no mpz function reads a
digit at or beyond `len` without writing it first (`mpz_clone` copies them, unread), as with any
`dest` reused by the in-place operations upstream. It returns -1 (upstream's memset and `mpn_mul`
run, with `bigint_host` and `mpn_mul_pairs` as before) when neither operand has at most 2 digits.
It reads the operands before it writes (they are not `dest`: upstream cloned them), calls nothing,
allocates nothing and cannot raise.

Site, by shape (normalised Binaryen text): in the three-parameter function, the call
`mpz_need_dig(dest, rhs->len + lhs->len)` on `$0` followed by `len = 0` and the block that
memsets `dest->dig` for `(word0 >> 1) & ~1` bytes (`alloc * 2`), up to the store of that `len`
into `dest->len` (`mpz_mul_inpl`): exactly `SITES` = 1. The `mpz_t` layout used (`len` at offset 4,
`dig` at 8) is the function's own.

Test: `tests/sandbox/test_patch_mpz_mul_small.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "mpz_mul_small"
SITES = 1
TEST = "tests/sandbox/test_patch_mpz_mul_small.py::test_small_factors_take_one_pass"

HEAD = re.compile(r" \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(local")
SITE = re.compile(
    r"\(call \$\w+ \(local\.get \$0\) \(i32\.add \(i32\.load offset=4 \(local\.get \$2\)\) "
    r"\(i32\.load offset=4 \(local\.get \$1\)\)\)\) "
    r"(?P<region>\(local\.set \$(?P<len>\d+) \(i32\.const 0\)\) \(block \$(?P<b>\w+) \(br_if \$(?P=b) "
    r"\(i32\.eqz \(local\.tee \$(?P<t>\d+) \(i32\.and \(i32\.shr_u \(i32\.load \(local\.get \$0\)\) "
    r"\(i32\.const 1\)\) \(i32\.const 2147483646\)\)\)\)\) "
    r"\(memory\.fill \(i32\.load offset=8 \(local\.get \$0\)\) \(i32\.const 0\) \(local\.get \$(?P=t)\)\)\))")
STORE = "(i32.store offset=4 (local.get $0) (local.get ${len}))"
RESULT = "$mpk_mul_len"


def _word(offset: int) -> str:
    """One 32-bit word of the long operand at `$src + offset` times `$m` plus the carry, stored at
    `$out + offset`; `$p` keeps the whole product (its high half is the next carry)."""
    return (f"(i64.store32 offset={offset} (local.get $out) (local.tee $p (i64.add (i64.mul "
            f"(i64.load32_u offset={offset} (local.get $src)) (local.get $m)) "
            f"(i64.shr_u (local.get $p) (i64.const 32))))) ")


HELPER = (
    " (func $mpk_mul_small (param $dest i32) (param $lhs i32) (param $rhs i32) (result i32) "
    "(local $long i32) (local $small i32) (local $k i32) (local $n i32) (local $src i32) (local $out i32) "
    "(local $end i32) (local $len i32) (local $m i64) (local $p i64) "
    # the operand of 1 or 2 digits is `small` (rhs first, as upstream's row multiplier), else decline
    "(if (i32.le_u (i32.sub (i32.load offset=4 (local.get $rhs)) (i32.const 1)) (i32.const 1)) "
    "(then (local.set $small (local.get $rhs)) (local.set $long (local.get $lhs))) "
    "(else (if (i32.le_u (i32.sub (i32.load offset=4 (local.get $lhs)) (i32.const 1)) (i32.const 1)) "
    "(then (local.set $small (local.get $lhs)) (local.set $long (local.get $rhs))) "
    "(else (return (i32.const -1)))))) "
    "(local.set $k (i32.load offset=4 (local.get $small))) "
    "(local.set $n (i32.load offset=4 (local.get $long))) "
    "(if (i32.eqz (local.get $n)) (then (return (i32.const -1)))) "
    "(local.set $m (i64.extend_i32_u (i32.load16_u (i32.load offset=8 (local.get $small))))) "
    "(if (i32.eq (local.get $k) (i32.const 2)) (then (local.set $m (i64.or (local.get $m) "
    "(i64.shl (i64.extend_i32_u (i32.load16_u offset=2 (i32.load offset=8 (local.get $small)))) "
    "(i64.const 16)))))) "
    "(local.set $src (i32.load offset=8 (local.get $long))) "
    "(local.set $out (i32.load offset=8 (local.get $dest))) "
    # four words (eight digits) a step
    "(local.set $end (i32.add (local.get $src) (i32.shl (i32.shr_u (local.get $n) (i32.const 3)) (i32.const 4)))) "
    "(block $quads_end (loop $quads (br_if $quads_end (i32.ge_u (local.get $src) (local.get $end))) "
    + _word(0) + _word(4) + _word(8) + _word(12) +
    "(local.set $src (i32.add (local.get $src) (i32.const 16))) "
    "(local.set $out (i32.add (local.get $out) (i32.const 16))) (br $quads))) "
    # then one word (two digits) a step
    "(local.set $end (i32.add (local.get $end) (i32.shl (i32.and (i32.shr_u (local.get $n) (i32.const 1)) "
    "(i32.const 3)) (i32.const 2)))) "
    "(block $words_end (loop $words (br_if $words_end (i32.ge_u (local.get $src) (local.get $end))) "
    + _word(0) +
    "(local.set $src (i32.add (local.get $src) (i32.const 4))) "
    "(local.set $out (i32.add (local.get $out) (i32.const 4))) (br $words))) "
    # the carry so far, then an odd last digit
    "(local.set $p (i64.shr_u (local.get $p) (i64.const 32))) "
    "(if (i32.and (local.get $n) (i32.const 1)) (then "
    "(i32.store16 (local.get $out) (i32.wrap_i64 (local.tee $p (i64.add (i64.mul "
    "(i64.extend_i32_u (i32.load16_u (local.get $src))) (local.get $m)) (local.get $p))))) "
    "(local.set $p (i64.shr_u (local.get $p) (i64.const 16))) "
    "(local.set $out (i32.add (local.get $out) (i32.const 2))))) "
    # the carry's 1 or 2 digits, then the length without top zero digits
    "(i32.store16 (local.get $out) (i32.wrap_i64 (local.get $p))) "
    "(if (i32.eq (local.get $k) (i32.const 2)) (then (i32.store16 offset=2 (local.get $out) "
    "(i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 16)))))) "
    "(local.set $len (i32.add (local.get $n) (local.get $k))) "
    "(local.set $out (i32.load offset=8 (local.get $dest))) "
    "(block $top_end (loop $top (br_if $top_end (i32.eqz (local.get $len))) "
    "(br_if $top_end (i32.load16_u (i32.sub (i32.add (local.get $out) (i32.shl (local.get $len) (i32.const 1))) "
    "(i32.const 2)))) "
    "(local.set $len (i32.sub (local.get $len) (i32.const 1))) (br $top))) "
    "(local.get $len))\n"
)


def apply(wat: str, target: Target) -> str:
    """Call `$mpk_mul_small` in `mpz_mul_inpl`; `FetchError` unless exactly `SITES` site."""
    if "$mpk_mul_small" in wat or RESULT in wat:
        raise FetchError("mpz mul small patch: names already in use")
    chunks = split_functions(wat)
    sites = []
    for index, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or "memory.fill" not in chunk:
            continue
        flat = normalise(chunk)
        if not HEAD.match(flat):
            continue
        for m in SITE.finditer(flat):
            store = flat.find(STORE.format(len=m.group("len")), m.end())
            if store >= 0 and _expressions(flat, m.start("region"), store):
                sites.append((index, flat, m, store))
    if len(sites) != SITES:
        raise FetchError(f"mpz mul small patch: expected {SITES} site (mpz_mul_inpl), found {len(sites)} "
                         "(a different upstream build?)")
    for index, flat, m, store in sites:
        region = flat[m.start("region"):store].rstrip()
        body = (f"(if (i32.lt_s (local.tee {RESULT} (call $mpk_mul_small (local.get $0) (local.get $1) "
                f"(local.get $2))) (i32.const 0)) (then {region}) (else (local.set ${m.group('len')} "
                f"(local.get {RESULT})))) ")
        flat = flat[:m.start("region")] + body + flat[store:]
        locals_ = list(re.finditer(r"\((?:local|param) \$\w+ i(?:32|64)\)", flat))
        at = locals_[-1].end()
        chunks[index] = flat[:at] + f" (local {RESULT} i32)" + flat[at:]
    chunks.insert(1, HELPER)
    return "".join(chunks)


def _expressions(flat: str, start: int, end: int) -> bool:
    """Whether `flat[start:end]` is a sequence of whole parenthesised expressions."""
    at = start
    while at < end:
        if flat[at] == " ":
            at += 1
            continue
        if flat[at] != "(":
            return False
        at = expression_end(flat, at)
    return at == end
