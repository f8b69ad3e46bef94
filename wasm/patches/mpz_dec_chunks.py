"""mpz decimal chunks: `str()` of a mid-size int divides by 10**9 per pass, not by 10 per digit.

In MicroPython's terms (v1.29.0, `py/mpz.c`, `mpz_as_str_inpl(i, base, prefix, base_char, comma,
str)`, 16-bit digits on this 32-bit build): the digits are copied to a heap array (`m_new`), then
every output character is one pass over the whole number dividing it by `base` (`a = (a << 16) |
*d; *d = a / base; a %= base`), followed by a scan for zero: for a number of `n` decimal digits,
`n` passes over `n / 4.8` digits. `str()` of a 120-digit int costs ~98 k fuel, more than the
host conversion (`bigint_host`, from 32 digits ≈ 154 decimal digits) charges for 150 digits.

The patch adds `$mpk_mpz_to_dec` and calls it on entry for `base == 10` and `1 <= i->len <=
MAX_DIGITS`: the digits are copied as 32-bit words (two 16-bit digits each, little-endian: the
same bytes) into a 128-byte frame on the C stack (`$global$0`), each pass divides the words by
10**9 in 64-bit arithmetic (`(rem << 32 | word) / 10**9`, below 2**62) and writes the remainder's
nine digits (only the significant ones for the last chunk). The text is upstream's, byte for byte:
digits least significant first with `comma` after every third digit when more follow (`n_comma`
= 3 in base 10), then the prefix reversed, `-` when `i->neg`, then the whole reversed and NUL
terminated; the length is returned. It calls nothing, allocates nothing and cannot raise. Other
bases, zero (`len == 0`) and longer numbers (the host's, or upstream's when the host declines)
are unchanged. Passes fall from `n` to `n / 9`, each over half as many words.

Site, by shape (normalised Binaryen text), exactly one (`SITES` = 1): `mpz_as_str_inpl`, found as
`bigint_host` finds it (six parameters, the `(rem << 16 | digit) / base` division, the comma group
chosen as 3 or 4); the `mpz_t` layout it passes (`neg` bit 0 of the first word, `len` at offset 4,
`dig` at offset 8) is checked against the function's own loads.

Test: `tests/sandbox/test_patch_mpz_dec_chunks.py`.
"""

from __future__ import annotations

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions
from wasm.patches.bigint_host import NEG, SIX_PARAMS, TO_STR_DIV, _body_start, _load

NAME = "mpz_dec_chunks"
SITES = 1
TEST = "tests/sandbox/test_patch_mpz_dec_chunks.py::test_mid_size_str_is_cheap_and_like_cpython"
MAX_DIGITS = 64     # mpz digits (16 bits; ~308 decimal digits) converted here; the frame holds 32 words
FRAME = 128         # bytes of C stack for the words (MAX_DIGITS * 2)
CHUNK = 1_000_000_000  # 10**9: the largest power of 10 below 2**30, so (rem << 32 | word) < 2**62


def _function() -> str:
    """`$mpk_mpz_to_dec(dig, len, neg, prefix, comma, str) -> length` (Binaryen text)."""
    word = "(i32.add (local.get $6) (i32.shl (i32.sub (local.get $7) (i32.const 1)) (i32.const 2)))"
    return (
        " (func $mpk_mpz_to_dec (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) "
        "(param $5 i32) (result i32) (local $6 i32) (local $7 i32) (local $8 i32) (local $9 i64) "
        "(local $10 i32) (local $11 i32) (local $12 i32) (local $13 i32) (local $14 i32) (local $15 i32) "
        f"(global.set $global$0 (local.tee $6 (i32.sub (global.get $global$0) (i32.const {FRAME})))) "
        # the digits as words: the same bytes; an odd count gets a zero top half
        "(memory.copy (local.get $6) (local.get $0) (i32.shl (local.get $1) (i32.const 1))) "
        "(if (i32.and (local.get $1) (i32.const 1)) (then "
        "(i32.store16 (i32.add (local.get $6) (i32.shl (local.get $1) (i32.const 1))) (i32.const 0)))) "
        "(local.set $7 (i32.shr_u (i32.add (local.get $1) (i32.const 1)) (i32.const 1))) "
        "(local.set $11 (local.get $5)) (local.set $12 (i32.const 0)) "
        "(block $out (loop $chunk "
        # leading zero words dropped
        f"(block $trimmed (loop $trim (br_if $trimmed (i32.eqz (local.get $7))) "
        f"(br_if $trimmed (i32.load {word})) "
        "(local.set $7 (i32.sub (local.get $7) (i32.const 1))) (br $trim))) "
        # words / 10**9 from the most significant; the remainder is the next nine digits
        "(local.set $9 (i64.const 0)) (local.set $8 (local.get $7)) "
        "(block $divided (loop $divide (br_if $divided (i32.eqz (local.get $8))) "
        "(local.set $8 (i32.sub (local.get $8) (i32.const 1))) "
        "(local.set $14 (i32.add (local.get $6) (i32.shl (local.get $8) (i32.const 2)))) "
        "(local.set $9 (i64.or (i64.shl (local.get $9) (i64.const 32)) "
        "(i64.extend_i32_u (i32.load (local.get $14))))) "
        f"(i32.store (local.get $14) (i32.wrap_i64 (i64.div_u (local.get $9) (i64.const {CHUNK})))) "
        f"(local.set $9 (i64.rem_u (local.get $9) (i64.const {CHUNK}))) (br $divide))) "
        "(local.set $10 (i32.wrap_i64 (local.get $9))) "
        f"(block $trimmed2 (loop $trim2 (br_if $trimmed2 (i32.eqz (local.get $7))) "
        f"(br_if $trimmed2 (i32.load {word})) "
        "(local.set $7 (i32.sub (local.get $7) (i32.const 1))) (br $trim2))) "
        "(local.set $13 (i32.const 9)) "
        "(loop $digit "
        "(i32.store8 (local.get $11) (i32.add (i32.rem_u (local.get $10) (i32.const 10)) (i32.const 48))) "
        "(local.set $11 (i32.add (local.get $11) (i32.const 1))) "
        "(local.set $10 (i32.div_u (local.get $10) (i32.const 10))) "
        "(local.set $13 (i32.sub (local.get $13) (i32.const 1))) "
        "(br_if $out (i32.eqz (i32.or (local.get $7) (local.get $10)))) "
        "(if (local.get $4) (then (if (i32.eq (local.tee $12 (i32.add (local.get $12) (i32.const 1))) "
        "(i32.const 3)) (then (i32.store8 (local.get $11) (local.get $4)) "
        "(local.set $11 (i32.add (local.get $11) (i32.const 1))) (local.set $12 (i32.const 0)))))) "
        "(br_if $digit (local.get $13))) "
        "(br $chunk))) "
        # the prefix reversed, the sign, then everything reversed
        "(if (local.get $3) (then (local.set $14 (local.get $3)) "
        "(block $end (loop $find (br_if $end (i32.eqz (i32.load8_u (local.get $14)))) "
        "(local.set $14 (i32.add (local.get $14) (i32.const 1))) (br $find))) "
        "(block $copied (loop $copy (br_if $copied (i32.le_u (local.get $14) (local.get $3))) "
        "(local.set $14 (i32.sub (local.get $14) (i32.const 1))) "
        "(i32.store8 (local.get $11) (i32.load8_u (local.get $14))) "
        "(local.set $11 (i32.add (local.get $11) (i32.const 1))) (br $copy))))) "
        "(if (local.get $2) (then (i32.store8 (local.get $11) (i32.const 45)) "
        "(local.set $11 (i32.add (local.get $11) (i32.const 1))))) "
        "(local.set $14 (local.get $5)) (local.set $15 (i32.sub (local.get $11) (i32.const 1))) "
        "(block $reversed (loop $swap (br_if $reversed (i32.ge_u (local.get $14) (local.get $15))) "
        "(local.set $8 (i32.load8_u (local.get $14))) "
        "(i32.store8 (local.get $14) (i32.load8_u (local.get $15))) "
        "(i32.store8 (local.get $15) (local.get $8)) "
        "(local.set $14 (i32.add (local.get $14) (i32.const 1))) "
        "(local.set $15 (i32.sub (local.get $15) (i32.const 1))) (br $swap))) "
        "(i32.store8 (local.get $11) (i32.const 0)) "
        f"(global.set $global$0 (i32.add (local.get $6) (i32.const {FRAME}))) "
        "(i32.sub (local.get $11) (local.get $5)))\n")


def apply(wat: str, target: Target) -> str:
    """Call `$mpk_mpz_to_dec` on entry of `mpz_as_str_inpl` for mid-size base-10 numbers;
    `FetchError` unless the function is found exactly once."""
    if "$mpk_mpz_to_dec" in wat:
        raise FetchError("mpz dec chunks patch: names already in use")
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and SIX_PARAMS in chunk and "i32.div_u" in chunk:
            flat = normalise(chunk)
            if TO_STR_DIV.search(flat) and "(select (i32.const 3) (i32.const 4)" in flat:
                found.append((i, flat))
    if len(found) != SITES:
        raise FetchError(f"mpz dec chunks patch: expected {SITES} mpz_as_str_inpl, found {len(found)} "
                         "(a different upstream build?)")
    if "(global $global$0 (mut i32)" not in wat:
        raise FetchError("mpz dec chunks patch: expected the stack pointer global $global$0")
    i, flat = found[0]
    for needed in (_load(4, 0), _load(8, 0), NEG):
        if needed not in flat:
            raise FetchError(f"mpz dec chunks patch: mpz_as_str_inpl does not read {needed} (mpz_t layout?)")
    length = _load(4, 0)
    entry = (f"(if (i32.and (i32.eq (local.get $1) (i32.const 10)) (i32.and (i32.ne {length} (i32.const 0)) "
             f"(i32.le_u {length} (i32.const {MAX_DIGITS})))) (then (return (call $mpk_mpz_to_dec "
             f"{_load(8, 0)} {length} {NEG} (local.get $2) (local.get $4) (local.get $5))))) ")
    at = _body_start(flat)
    chunks[i] = flat[:at] + entry + flat[at:]
    chunks.insert(1, _function())
    return "".join(chunks)
