"""float repr digits: `repr`/`str` of a float try 15 significant digits before 16, so that the
shortest decimal that reads back as the float is printed, as CPython prints it (`8.2`, not
`8.199999999999999`).

In MicroPython's terms (v1.29.0, `py/formatfloat.c`, `mp_format_float`, built here with
`MICROPY_FLOAT_FORMAT_IMPL_EXACT`: `long double` is wider than `double` on wasm32): the float's
`print` slot (`float_print`, `py/objfloat.c`) passes the magic precision `MP_FLOAT_REPR_PREC`
(99) for every print kind, so `str(x)`, `repr(x)`, `print(x)`, `format(x)`, `'%s' % x`,
`str.format` and f-strings without a spec all print the same text. `mp_format_float` turns that
precision into `prec = MAX_MANTISSA_DIGITS` (19) and starts at
`num_digits = min(SAFE_MANTISSA_DIGITS, max_digits)` = 16 digits, adding one digit at a time
(`goto try_again`) until the text parses back to the same float. Starting at 16 prints 16 digits
for every float whose shortest round-trip form is shorter but whose 16-digit rounding also reads
back (8.2 → 8.199999999999999; 0.7 and 4.35 happen to print short).

The patch starts the repr case (and only it: `prec == MP_FLOAT_REPR_PREC`, a flag the compiled
function keeps in a local) at 15 digits. Any decimal of at most 15 significant digits survives the
trip decimal → double → 15 digits (DBL_DIG), so when the float has a round-trip form of at most
15 digits, the 15-digit rounding ('g' strips its trailing zeros) is that shortest form; otherwise
the loop goes on to 16 and 17 digits as before: the closest 16- or 17-digit decimal, which is
what CPython's repr prints for those lengths. A subnormal float (|x| < 2**-1022, fewer than 53
bits) does not have that property (the 15-digit rounding of 5e-324 reads back too), so its repr
starts at 1 digit and the loop finds the shortest form one digit at a time. Cost: one more parse
(`mp_parse_float_internal`) for floats that need 16 or 17 digits.

Explicit precisions (`'%.17g'`, `f'{x:.2f}'`, `'%.18e'`, …) start at `max_digits` (at most
`MAX_MANTISSA_DIGITS`, 19) instead of upstream's `min(16, max_digits)`: CPython prints the
correctly rounded digits a precision asks for, not the shortest ones that read back padded with
zeros (`'%.17g' % 0.1` is `0.10000000000000001`, upstream `0.1`; `'%.2f' % 2**60` is
`1152921504606846976.00`, upstream `1152921504606847000.00`). Up to 16 digits nothing changes; a
precision past 19 significant digits still ends in zeros (`'%.20f' % 0.1`).

Site, by shape, in normalised Binaryen text: in the function of `(param f64)` and five i32
parameters that compares the precision with 99 (`mp_format_float`), the flag
`(local.tee $F (i32.eq (local.get $P) (i32.const 99)))` and the start
`(select (local.get $M) (i32.const 16) (i32.lt_s (local.get $M) (i32.const 16)))`, each exactly
once; the flag's local is not written between the two. The start becomes
`min(max_digits, flag ? (subnormal(f) ? 1 : 15) : 19)`, `f` the function's `f64` parameter (its
sign may have been flipped by then: `f64.abs`). `SITES` = 1.

Since patch `float_repr_host`, the repr case is answered by the host first (CPython's `repr`); the
repr start above only runs when the host declines (a stop requested). The explicit-precision start
is what this patch's test now proves (`'%.17g' % 0.1`).

Test: `tests/sandbox/test_patch_float_repr_digits.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "float_repr_digits"
SITES = 1
TEST = "tests/sandbox/test_patch_float_repr_digits.py::test_float_str_is_the_shortest_repr"

HEAD = "(param $0 f64) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (result i32)"
FLAG = re.compile(r"\(local\.tee \$(?P<flag>\d+) \(i32\.eq \(local\.get \$\d+\) \(i32\.const 99\)\)\)")
START = re.compile(r"\(select \(local\.get \$(?P<m>\d+)\) \(i32\.const 16\) "
                   r"\(i32\.lt_s \(local\.get \$(?P=m)\) \(i32\.const 16\)\)\)")


def apply(wat: str, target: Target) -> str:
    """Start `mp_format_float`'s repr case at 15 digits; `FetchError` unless the site is exact."""
    chunks = split_functions(wat)
    found = []
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or HEAD not in chunk.split("\n", 1)[0] or "(i32.const 99)" not in chunk:
            continue
        flat = normalise(chunk)
        flags, starts = list(FLAG.finditer(flat)), list(START.finditer(flat))
        if flags or starts:
            found.append((i, flat, flags, starts))
    if len(found) != SITES or any(len(f) != 1 or len(s) != 1 for _, _, f, s in found):
        counts = [(len(f), len(s)) for _, _, f, s in found]
        raise FetchError(f"float repr digits patch: expected {SITES} mp_format_float with one repr flag and one "
                         f"digit start, found {counts} (a different upstream build?)")
    i, flat, (flag,), (start,) = found[0]
    local = flag.group("flag")
    between = flat[flag.end():start.start()]
    if flag.start() > start.start() or re.search(rf"\(local\.(?:set|tee) \${local} ", between):
        raise FetchError("float repr digits patch: the repr flag is not kept until the digit start")
    m = start.group("m")
    subnormal = "(f64.lt (f64.abs (local.get $0)) (f64.const 2.2250738585072014e-308))"
    limit = f"(select (select (i32.const 1) (i32.const 15) {subnormal}) (i32.const 19) (local.get ${local}))"
    new = f"(select (local.get ${m}) {limit} (i32.lt_s (local.get ${m}) {limit}))"
    chunks[i] = flat[:start.start()] + new + flat[start.end():]
    return "".join(chunks)
