"""mpz div small: a division of a big integer by a divisor below 2**32 is one pass of 32-bit words.

In MicroPython's terms (v1.29.0, `py/mpz.c`, `mpz_divmod_inpl(dest_quo, dest_rem, lhs, rhs)`, into
which `mpn_div` is inlined; 16-bit digits on this 32-bit build): `//`, `%` and `divmod` size the
quotient (`lhs->len + 1` digits, zeroed), copy `lhs` into the remainder and run `mpn_div`,
schoolbook long division with a normalising shift (~150 wasm operations a quotient digit for a
one-digit divisor); `mpn_div_fast` sends dividends of 48 digits or more to the host (a host call
and its fuel charge per operation). A divisor below 2**32 is what a digit loop (`n % 10`,
`n //= 10`), `f % 1000003` or `x // 7` uses.

The patch adds `$mpk_div_small(quo, rem, rhs)` and calls it right after the copy of `lhs` into the
remainder: when `rhs` has 1 or 2 digits (a magnitude `d` below 2**32, not 0: `rhs` is normalised)
and the remainder (the copy of `lhs`, `n` digits) has at least `MIN_DIGITS`, it divides from the
most significant end — an odd top digit alone, then each 32-bit little-endian word `w` (two
digits): `cur = r << 32 | w` (below `d * 2**32`, as `r < d`), the quotient word `cur / d` (below
2**32) stored at the same place in `quo->dig`, `r = cur % d` — exactly the digits of the quotient
of the magnitudes, written over the zeroed `n` digits, and its length without top zero digits
(what `mpn_div` leaves in `quo->len`); the remainder's at most 2 digits over the start of
`rem->dig`, its length 0, 1 or 2 (as `mpn_div` leaves it, normalised). It returns 1, and
upstream's division (with `mpn_div_fast`'s cases) is skipped; else 0 and it runs as before. The
signs are upstream's code after the division, untouched, so results equal upstream's. Smaller
dividends (at most 4 digits) stay with `mpn_div_fast`'s 64-bit case. It calls nothing, allocates
nothing and cannot raise.

Site, by shape: in the four-parameter function that copies `lhs` into `dest_rem` with
`memory.copy(rem->dig, lhs->dig, ...)`, the expression right after that copy, which contains
`i32.div_u` (the quotient digit estimate) and is followed by the store of `dest_rem->neg &=
!!dest_rem->len` (`mpz_divmod_inpl`'s division, as `mpn_div_fast` finds it; with that patch, its
`if` around the division): exactly `SITES` = 1. The `mpz_t` layout used (`len` at offset 4, `dig`
at 8) is the function's own.

Test: `tests/sandbox/test_patch_mpz_div_small.py`.
"""

from __future__ import annotations

from wasm.errors import FetchError
from wasm.patches.base import Target, split_functions
from wasm.patches.mpz_shapes import division_sites

NAME = "mpz_div_small"
SITES = 1
TEST = "tests/sandbox/test_patch_mpz_div_small.py::test_small_divisors_take_one_pass"
MIN_DIGITS = 5  # dividends of at most 4 digits are `mpn_div_fast`'s 64-bit case

HELPER = (
    " (func $mpk_div_small (param $quo i32) (param $rem i32) (param $den i32) (result i32) "
    "(local $k i32) (local $n i32) (local $base i32) (local $src i32) (local $dst i32) (local $len i32) "
    "(local $d i64) (local $r i64) (local $cur i64) "
    "(local.set $k (i32.load offset=4 (local.get $den))) "
    "(if (i32.gt_u (i32.sub (local.get $k) (i32.const 1)) (i32.const 1)) (then (return (i32.const 0)))) "
    "(local.set $n (i32.load offset=4 (local.get $rem))) "
    f"(if (i32.lt_u (local.get $n) (i32.const {MIN_DIGITS})) (then (return (i32.const 0)))) "
    "(local.set $d (i64.extend_i32_u (i32.load16_u (i32.load offset=8 (local.get $den))))) "
    "(if (i32.eq (local.get $k) (i32.const 2)) (then (local.set $d (i64.or (local.get $d) "
    "(i64.shl (i64.extend_i32_u (i32.load16_u offset=2 (i32.load offset=8 (local.get $den)))) "
    "(i64.const 16)))))) "
    "(if (i64.eqz (local.get $d)) (then (return (i32.const 0)))) "
    "(local.set $base (i32.load offset=8 (local.get $rem))) "
    "(local.set $src (i32.add (local.get $base) (i32.shl (local.get $n) (i32.const 1)))) "
    "(local.set $dst (i32.add (i32.load offset=8 (local.get $quo)) (i32.shl (local.get $n) (i32.const 1)))) "
    # an odd top digit alone
    "(if (i32.and (local.get $n) (i32.const 1)) (then "
    "(local.set $src (i32.sub (local.get $src) (i32.const 2))) "
    "(local.set $dst (i32.sub (local.get $dst) (i32.const 2))) "
    "(local.set $cur (i64.extend_i32_u (i32.load16_u (local.get $src)))) "
    "(i32.store16 (local.get $dst) (i32.wrap_i64 (i64.div_u (local.get $cur) (local.get $d)))) "
    "(local.set $r (i64.rem_u (local.get $cur) (local.get $d))))) "
    # then each word from the top
    "(block $words_end (loop $words (br_if $words_end (i32.le_u (local.get $src) (local.get $base))) "
    "(local.set $src (i32.sub (local.get $src) (i32.const 4))) "
    "(local.set $dst (i32.sub (local.get $dst) (i32.const 4))) "
    "(local.set $cur (i64.or (i64.shl (local.get $r) (i64.const 32)) (i64.load32_u (local.get $src)))) "
    "(i64.store32 (local.get $dst) (i64.div_u (local.get $cur) (local.get $d))) "
    "(local.set $r (i64.rem_u (local.get $cur) (local.get $d))) (br $words))) "
    # the quotient's length without top zero digits
    "(local.set $len (local.get $n)) "
    "(local.set $dst (i32.load offset=8 (local.get $quo))) "
    "(block $top_end (loop $top (br_if $top_end (i32.eqz (local.get $len))) "
    "(br_if $top_end (i32.load16_u (i32.sub (i32.add (local.get $dst) (i32.shl (local.get $len) (i32.const 1))) "
    "(i32.const 2)))) "
    "(local.set $len (i32.sub (local.get $len) (i32.const 1))) (br $top))) "
    "(i32.store offset=4 (local.get $quo) (local.get $len)) "
    # the remainder: at most two digits
    "(i32.store16 (local.get $base) (i32.wrap_i64 (local.get $r))) "
    "(i32.store16 offset=2 (local.get $base) (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 16)))) "
    "(i32.store offset=4 (local.get $rem) (select (i32.const 0) (select (i32.const 1) (i32.const 2) "
    "(i64.lt_u (local.get $r) (i64.const 65536))) (i64.eqz (local.get $r)))) "
    "(i32.const 1))\n"
)


def apply(wat: str, target: Target) -> str:
    """Call `$mpk_div_small` before `mpz_divmod_inpl`'s division; `FetchError` unless exactly `SITES` site."""
    if "$mpk_div_small" in wat:
        raise FetchError("mpz div small patch: names already in use")
    chunks = split_functions(wat)
    sites = division_sites(chunks)
    if len(sites) != SITES:
        raise FetchError(f"mpz div small patch: expected {SITES} site (mpz_divmod_inpl's division), found "
                         f"{len(sites)} (a different upstream build?)")
    for index, flat, start, end in sites:
        chunks[index] = (flat[:start] + "(if (i32.eqz (call $mpk_div_small (local.get $0) (local.get $1) "
                         f"(local.get $3))) (then {flat[start:end]}))" + flat[end:])
    chunks.insert(1, HELPER)
    return "".join(chunks)
