"""mpn div fast: big-integer division of word-sized numbers in 64-bit arithmetic, of large ones by the host.

In MicroPython's terms (v1.29.0, `py/mpz.c`, `mpz_divmod_inpl(dest_quo, dest_rem, lhs, rhs)`, into
which `mpn_div` is inlined; 16-bit digits on this 32-bit build): `//`, `%`, `divmod` and 3-argument
`pow` of big integers size the quotient (`lhs->len + 1` digits, zeroed), copy `lhs` into the
remainder and run `mpn_div`, schoolbook long division with a normalising shift of both operands
(~150 wasm operations per digit of the quotient for a one-digit divisor, ~50 per digit pair for
long ones). Two cases skip it:

1. Both the remainder (the copy of `lhs`) and `rhs` have at most 4 digits (the values of `(a + b) %
   m` and `(a * b) % m` for `m` near 10**9 in modular arithmetic, which overflow small ints): the
   magnitudes are read as 64-bit words (`$mpk_dig_u64`), divided with `i64.div_u` / `i64.rem_u`,
   and the quotient and remainder written back as their significant digits
   (`$mpk_u64_dig`: the stored length is normalised, as `mpn_div` leaves it). A quotient has at most
   as many digits as `lhs` and a remainder at most as many as `rhs`: both fit where `mpn_div` writes.
2. The remainder has at least `HOST_DIGITS` digits and at least as many as `rhs`: the new import
   `env.mpk_int_divmod(quo_dig, &quo->len, rem_dig, rem_len, &rem->len, den_dig, den_len)`
   (`mpwasm_kernel/sandbox/bigint.py`: CPython's `divmod` of the magnitudes, bounded and charged to
   the run's fuel) writes both digit arrays and lengths; it returns -1 to decline (too large, a stop
   requested, fuel that cannot pay), and then `mpn_div` runs as upstream.

The signs are upstream's code after the division, untouched, so results equal upstream's bit for
bit; a divisor of zero never gets here (callers raise ZeroDivisionError first; the fast path also
requires `1 <= rhs->len`).

Site, by shape: in the four-parameter function that copies `lhs` into `dest_rem` with
`memory.copy(rem->dig, lhs->dig, ...)`, the block right after that copy which starts with
`rem->len < rhs->len` (`mpn_cmp`'s first test) and contains `i32.div_u` (the quotient digit
estimate), followed by the store of `dest_rem->neg &= !!dest_rem->len`: exactly `SITES` = 1.

Test: `tests/sandbox/test_patch_mpn_div_fast.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, split_functions
from wasm.patches.mpz_shapes import division_sites

NAME = "mpn_div_fast"
SITES = 1
TEST = "tests/sandbox/test_patch_mpn_div_fast.py::test_word_and_long_divisions_take_less_fuel"
SMALL_DIGITS = 4    # both operands at most this many 16-bit digits: 64-bit division
HOST_DIGITS = 48    # the dividend at least this many digits: the host divides
IMPORT = '(import "env" "mpk_int_divmod" (func $mpk_int_divmod (param i32 i32 i32 i32 i32 i32 i32) (result i32)))'
IMPORT_LINE = re.compile(r"(?m)^ \(import .*\)$")
HELPERS = (
    # the value of the `$1` 16-bit digits at `$0` (at most 4), most significant first
    " (func $mpk_dig_u64 (param $0 i32) (param $1 i32) (result i64) (local $2 i64) (block $done (loop $next "
    "(br_if $done (i32.eqz (local.get $1))) (local.set $1 (i32.sub (local.get $1) (i32.const 1))) "
    "(local.set $2 (i64.or (i64.shl (local.get $2) (i64.const 16)) (i64.extend_i32_u (i32.load16_u "
    "(i32.add (local.get $0) (i32.shl (local.get $1) (i32.const 1))))))) (br $next))) (local.get $2))\n"
    # write the significant 16-bit digits of `$1` at `$0`, least significant first; return their count
    " (func $mpk_u64_dig (param $0 i32) (param $1 i64) (result i32) (local $2 i32) (block $done (loop $next "
    "(br_if $done (i64.eqz (local.get $1))) (i32.store16 (i32.add (local.get $0) (i32.shl (local.get $2) "
    "(i32.const 1))) (i32.wrap_i64 (local.get $1))) (local.set $1 (i64.shr_u (local.get $1) (i64.const 16))) "
    "(local.set $2 (i32.add (local.get $2) (i32.const 1))) (br $next))) (local.get $2))\n"
)
# The division's statement (`mpz_shapes.division_sites`) as upstream has it: a block that first
# compares the dividend's and the divisor's lengths.
SITE = re.compile(r"\(block \$\w+ \(block \$\w+ \(br_if \$\w+ \(i32\.lt_u \(local\.tee \$\d+ \(i32\.load offset=4 "
                  r"\(local\.get \$1\)\)\) \(local\.tee \$\d+ \(i32\.load offset=4 \(local\.get \$3\)\)\)\)\)")
NUM, DEN, STATUS = "$mpk_div_num", "$mpk_div_den", "$mpk_div_status"


def _load(offset: int, param: int) -> str:
    return f"(i32.load offset={offset} (local.get ${param}))"


def _replacement(block: str) -> str:
    """Upstream's division `block`, run only when neither fast case applies."""
    small = (f"(i32.and (i32.le_u {_load(4, 1)} (i32.const {SMALL_DIGITS})) "
             f"(i32.lt_u (i32.sub {_load(4, 3)} (i32.const 1)) (i32.const {SMALL_DIGITS})))")
    fast = (f"(local.set {NUM} (call $mpk_dig_u64 {_load(8, 1)} {_load(4, 1)})) "
            f"(local.set {DEN} (call $mpk_dig_u64 {_load(8, 3)} {_load(4, 3)})) "
            f"(i32.store offset=4 (local.get $0) (call $mpk_u64_dig {_load(8, 0)} "
            f"(i64.div_u (local.get {NUM}) (local.get {DEN})))) "
            f"(i32.store offset=4 (local.get $1) (call $mpk_u64_dig {_load(8, 1)} "
            f"(i64.rem_u (local.get {NUM}) (local.get {DEN}))))")
    large = (f"(i32.and (i32.ge_u {_load(4, 1)} (i32.const {HOST_DIGITS})) "
             f"(i32.ge_u {_load(4, 1)} {_load(4, 3)}))")
    call = (f"(call $mpk_int_divmod {_load(8, 0)} (i32.add (local.get $0) (i32.const 4)) {_load(8, 1)} "
            f"{_load(4, 1)} (i32.add (local.get $1) (i32.const 4)) {_load(8, 3)} {_load(4, 3)})")
    return (f"(if {small} (then {fast}) (else "
            f"(if {large} (then (local.set {STATUS} {call})) (else (local.set {STATUS} (i32.const -1)))) "
            f"(if (i32.lt_s (local.get {STATUS}) (i32.const 0)) (then {block}))))")


def apply(wat: str, target: Target) -> str:
    """Add the two fast cases to `mpz_divmod_inpl`; `FetchError` unless exactly `SITES` site."""
    if "$mpk_int_divmod" in wat or "$mpk_dig_u64" in wat:
        raise FetchError("mpn div fast patch: names already in use")
    chunks = split_functions(wat)
    sites = division_sites(chunks, SITE)
    if len(sites) != SITES:
        raise FetchError(f"mpn div fast patch: expected {SITES} site (mpz_divmod_inpl's mpn_div), found {len(sites)} "
                         "(a different upstream build?)")
    for index, flat, start, end in sites:
        body = flat[:start] + _replacement(flat[start:end]) + flat[end:]
        locals_ = list(re.finditer(r"\((?:local|param) \$\d+ i32\)", body))
        at = locals_[-1].end()
        chunks[index] = (body[:at] + f" (local {NUM} i64) (local {DEN} i64) (local {STATUS} i32)" + body[at:])
    chunks.insert(1, HELPERS)
    imports = list(IMPORT_LINE.finditer(chunks[0]))
    if not imports:
        raise FetchError("mpn div fast patch: no imports in the module header")
    at = imports[-1].end()
    chunks[0] = chunks[0][:at] + "\n " + IMPORT + chunks[0][at:]
    return "".join(chunks)
