"""float round even: a float formatted to a number of digits rounds an exact tie to the even digit,
as CPython does (`'%.1f' % 5.25` → `5.2`, `'%.2f' % 0.125` → `0.12`, `f'{2.5:.0f}'` → `2`); the
build rounded it up (`5.3`, `0.13`, `3`).

In MicroPython's terms (v1.29.0, `py/formatfloat.c`, `mp_format_float`, built with
`MICROPY_FLOAT_FORMAT_IMPL_EXACT`: `mp_large_float_t` is `long double`, IEEE binary128 in
software on wasm32): the decimal mantissa of `num_digits` digits is
`mantissa_f = mp_decimal_exp((mp_large_float_t)f, decexp)` (`py/parsenum.c`: `f` times or divided
by exact powers 10**1, 10**2, 10**4, ... 10**32) and then
`mantissa = (mp_large_float_uint_t)(mantissa_f + 0.5)`: round half up. A tie is a float whose
exact value scaled by 10**decexp is k + 1/2; its odd part then has fewer than 66 bits, so every
product and quotient on the way is exact in 113 bits, `mantissa_f` is exactly k + 1/2 and
`mantissa_f + 0.5` is exactly the integer k + 1. The patch keeps the conversion and, when that
sum is an integer (no fraction bits set in its binary128 encoding) and the converted mantissa is
odd, takes one off: k + 1 odd means k is the even neighbour. Every other value keeps its digits.
The repr search (`goto try_again`) saw the same rounding, which was unlike CPython for a 16-digit
tie that does not read back (`2**-24`: CPython's shortest repr takes the other neighbour); the
repr case is now answered by the host first (patch `float_repr_host`).

Site, by shape, in normalised Binaryen text: the function of `(param f64)` and five i32 parameters
that adds the binary128 constant 0.5 (`(i64.const 0) (i64.const 4611123068473966592)`, the high
word 0x3FFE000000000000, via compiler-rt's `__addtf3` into a stack slot) and converts the slot
straight after with `__fixunstfdi`:
`(local.tee $R (call $C (i64.load (local.get $S)) (i64.load offset=8 (local.get $S))))` (or the
`call_ref` of `(ref.func $C)` that an earlier patch, `table_sites`, makes of such calls), exactly
once per build. The conversion becomes `R = C(...); R - (R & 1 & integer(slot))`, where
`integer` reads the slot's two words: the unbiased exponent `u` gives `112 - u` fraction bits,
all of which must be zero (the low word, and the low bits of the high word when there are 64 or
more). `SITES` = 1.

Test: `tests/sandbox/test_patch_float_round_even.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "float_round_even"
SITES = 1
TEST = "tests/sandbox/test_patch_float_round_even.py::test_float_ties_round_to_even"

HEAD = "(param $0 f64) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (result i32)"
HALF = "(i64.const 0) (i64.const 4611123068473966592)"
CALL = r"\((?:call|call_ref) \$\d+ "  # a direct call, or a call_ref of a function reference (table_sites)
REF = r"(?: \(ref\.func \$\d+\))?\)"
SITE = re.compile(
    CALL + r"\(local\.get \$(?P<s>\d+)\) \(i64\.load offset=16 \(local\.get \$(?P=s)\)\) "
    r"\(i64\.load offset=24 \(local\.get \$(?P=s)\)\) \(i64\.const 0\) \(i64\.const 4611123068473966592\)" + REF + " "
    r"(?:\((?:block|br_if|i32\.eqz|i64\.eqz) (?:\$\w+ )?)*"
    r"(?P<conv>\(local\.tee \$(?P<r>\d+) " + CALL + r"\(i64\.load \(local\.get \$(?P=s)\)\) "
    r"\(i64\.load offset=8 \(local\.get \$(?P=s)\)\)" + REF + r"\))")


def _integer(slot: str) -> str:
    """An i32 expression: 1 when the positive binary128 value at `slot` is an integer."""
    lo = f"(i64.load (local.get ${slot}))"
    hi = f"(i64.load offset=8 (local.get ${slot}))"
    fraction_bits = f"(i64.sub (i64.const 16495) (i64.and (i64.shr_u {hi} (i64.const 48)) (i64.const 32767)))"
    high_part = (f"(i32.and (i64.eqz {lo}) (i64.eqz (i64.and {hi} (i64.sub (i64.shl (i64.const 1) "
                 f"(i64.sub {fraction_bits} (i64.const 64))) (i64.const 1)))))")
    low_part = f"(i64.eqz (i64.and {lo} (i64.sub (i64.shl (i64.const 1) {fraction_bits}) (i64.const 1))))"
    return f"(select {high_part} {low_part} (i64.ge_s {fraction_bits} (i64.const 64)))"


def apply(wat: str, target: Target) -> str:
    """Make `mp_format_float` round an exact tie to even; `FetchError` unless the site is exact."""
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or HEAD not in chunk.split("\n", 1)[0] or HALF not in normalise(chunk):
            continue
        flat = normalise(chunk)
        found.extend((i, flat, m) for m in SITE.finditer(flat))
    if len(found) != SITES:
        raise FetchError(f"float round even patch: expected {SITES} rounding of mp_format_float's mantissa, "
                         f"found {len(found)} (a different upstream build?)")
    i, flat, m = found[0]
    r, slot = m.group("r"), m.group("s")
    conv = m.group("conv")
    odd_tie = f"(i32.and (i32.wrap_i64 (local.get ${r})) {_integer(slot)})"
    new = f"(local.tee ${r} (i64.sub {conv} (i64.extend_i32_u {odd_tie})))"
    chunks[i] = flat[:m.start("conv")] + new + flat[m.end("conv"):]
    return "".join(chunks)
