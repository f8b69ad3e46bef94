"""bigint host: large int <-> text conversions and large multiplications are done by the host.

In MicroPython's terms (v1.29.0, `py/mpz.c`, 16-bit digits on this 32-bit build): `mpz_as_str_inpl`
makes one pass over the whole number per output digit, `mpz_set_from_str` one pass per input
character (`mpn_mul_dig_add_dig`), and `mpz_mul_inpl` multiplies schoolbook (`mpn_mul`, inlined):
`str()` of a 3,000-digit int took ~90x CPython and grew quadratically. The patch adds three
imports, `env.mpk_int_to_str`, `env.mpk_int_from_str` and `env.mpk_int_mul`
(`mpwasm_kernel/sandbox/bigint.py`: CPython integers, divide and conquer, bounded and charged to
the run's fuel), and calls them for large operands:

1. `mpz_as_str_inpl(i, base, prefix, base_char, comma, str)`: on entry, when `i->len >= 32`
   digits, `n = mpk_int_to_str(i->dig, i->len, i->neg, base, prefix, base_char, comma, str)`;
   `n >= 0` is returned (the text and its NUL are written at `str`, as upstream would).
2. `mpz_set_from_str(z, str, len, neg, base)`: after `mpz_need_dig` and the sign, when
   `len >= 256`, `n = mpk_int_from_str(z->dig, str, len, base, &z->len)` replaces the digit loop;
   `n >= 0` is the count of characters read, returned as upstream returns `cur - str`.
3. `mpz_mul_inpl(dest, lhs, rhs)`: after `dest` is sized (`lhs->len + rhs->len` digits) and
   zeroed, when both operands have `>= 48` digits, `n = mpk_int_mul(dest->dig, lhs->dig,
   lhs->len, rhs->dig, rhs->len)` replaces the `mpn_mul` loops; `n >= 0` is `dest->len`.
   `pow` and everything else built on `mpz_mul_inpl` follow.

An import returns -1 to decline (operands beyond its cap, a stop requested, fuel that cannot pay
for it): the upstream code then runs as before. Results are the same as upstream's, bit for bit.

Sites, by shape (normalised Binaryen text), exactly one each (`SITES` = 3): the function that
divides `(rem << 16 | digit)` by its base parameter and picks 3 or 4 as the comma group
(`mpz_as_str_inpl`); the function whose character loop subtracts 48, 55 and 87 and multiplies
16-bit digits (`mpz_set_from_str`), its loop being the block guarded by `len == 0` between
`cur = str` and the final `cur - str`; the function with the nested 16-bit multiply-add loop
after `memory.fill` (`mpz_mul_inpl`), its loop being the block guarded by `rhs->len == 0` and
followed by the store of `dest->len`. The struct layout the calls rely on (`mpz_t`: bit 0 of the
first word `neg`, `len` at offset 4, `dig` at offset 8) is checked against each function's own
loads.

Test: `tests/sandbox/test_patch_bigint_host.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "bigint_host"
SITES = 3
TEST = "tests/sandbox/test_patch_bigint_host.py::test_conversions_take_subquadratic_fuel"
TO_STR_DIGITS = 32      # mpz digits (16 bits) from which int -> text goes to the host
FROM_STR_CHARS = 256    # characters from which text -> int goes to the host
MUL_DIGITS = 48         # both factors at least this many digits: the product goes to the host
IMPORTS = (
    '(import "env" "mpk_int_to_str" (func $mpk_int_to_str (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))',
    '(import "env" "mpk_int_from_str" (func $mpk_int_from_str (param i32 i32 i32 i32 i32) (result i32)))',
    '(import "env" "mpk_int_mul" (func $mpk_int_mul (param i32 i32 i32 i32 i32) (result i32)))',
)
IMPORT_LINE = re.compile(r"(?m)^ \(import .*\)$")

TO_STR_DIV = re.compile(r"\(i32\.div_u \(local\.tee \$(\d+) \(i32\.or \(i32\.shl \(local\.get \$\1\) "
                        r"\(i32\.const 16\)\) \(i32\.load16_u \(local\.get \$\d+\)\)\)\) \(local\.get \$1\)\)")
SIX_PARAMS = "(param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32) (result i32)"
FIVE_PARAMS = "(param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (result i32)"
FROM_STR_LOOP = re.compile(r"\(local\.set \$(?P<cur>\d+) \(local\.get \$1\)\) (?P<block>\(block \$(?P<l>\w+) "
                           r"\(br_if \$(?P=l) \(i32\.eqz \(local\.get \$2\)\)\))")
MUL_LOOP = re.compile(r"\(local\.set \$(?P<len>\d+) \(i32\.const 0\)\) \(block \$(?P<f>\w+) \(br_if \$(?P=f) "
                      r"\(i32\.eqz \(local\.tee \$\d+ \(i32\.and \(i32\.shr_u \(i32\.load \(local\.get \$0\)\) "
                      r"\(i32\.const 1\)\) \(i32\.const 2147483646\)\)\)\)\) \(memory\.fill [^()]*"
                      r"\(i32\.load offset=8 \(local\.get \$0\)\) \(i32\.const 0\) \(local\.get \$\d+\)\)\) "
                      r"(?P<block>\(block \$(?P<l>\w+) \(br_if \$(?P=l) \(i32\.eqz \(local\.tee \$\d+ "
                      r"\(i32\.load offset=4 \(local\.get \$2\)\)\)\)\))")
NEG = "(i32.and (i32.load8_u (local.get $0)) (i32.const 1))"


def _load(offset: int, param: int) -> str:
    return f"(i32.load offset={offset} (local.get ${param}))" if offset else f"(i32.load (local.get ${param}))"


def _with_local(flat: str) -> tuple[str, str]:
    """`flat` with one more i32 local declared after its last one; the new local's name."""
    decls = [int(n) for n in re.findall(r"\((?:local|param) \$(\d+) i32\)", flat)]
    name = f"${max(decls) + 1}"
    last = list(re.finditer(r"\((?:local|param) \$\d+ i32\)", flat))[-1]
    return flat[:last.end()] + f" (local {name} i32)" + flat[last.end():], name


def _body_start(flat: str) -> int:
    """Index of the first expression of a function's body (after params, result and locals)."""
    m = re.match(r" \(func \$\w+(?: \((?:param|result|local) [^()]*\))*", flat)
    if m is None:
        raise FetchError("bigint host patch: unexpected function header")
    return m.end() + 1


def _one(kind: str, found: list) -> tuple:
    if len(found) != 1:
        raise FetchError(f"bigint host patch: expected 1 {kind}, found {len(found)} (a different upstream build?)")
    return found[0]


def _to_str(flat: str) -> str:
    for needed in ("(i32.load offset=4 (local.get $0))", "(i32.load offset=8 (local.get $0))", NEG):
        if needed not in flat:
            raise FetchError(f"bigint host patch: mpz_as_str_inpl does not read {needed} (mpz_t layout?)")
    flat, r = _with_local(flat)
    at = _body_start(flat)
    call = (f"(call $mpk_int_to_str {_load(8, 0)} {_load(4, 0)} {NEG} (local.get $1) (local.get $2) "
            f"(local.get $3) (local.get $4) (local.get $5))")
    entry = (f"(if (i32.ge_u {_load(4, 0)} (i32.const {TO_STR_DIGITS})) (then (if (i32.ge_s (local.tee {r} {call}) "
             f"(i32.const 0)) (then (return (local.get {r})))))) ")
    return flat[:at] + entry + flat[at:]


def _from_str(flat: str) -> str:
    m = _one("mpz_set_from_str digit loop", list(FROM_STR_LOOP.finditer(flat)))
    cur = m.group("cur")
    end = expression_end(flat, m.start("block"))
    if not flat[end:].startswith(f" (i32.sub (local.get ${cur}) (local.get $1))"):
        raise FetchError("bigint host patch: mpz_set_from_str does not return cur - str after its loop")
    if "(i32.store offset=4 (local.get $0) (i32.const 0))" not in flat[:m.start()] or \
            "(i32.load offset=8 (local.get $0))" not in flat[m.start():end]:
        raise FetchError("bigint host patch: mpz_set_from_str does not use len at 4 and dig at 8 (mpz_t layout?)")
    block = flat[m.start("block"):end]
    call = (f"(call $mpk_int_from_str {_load(8, 0)} (local.get $1) (local.get $2) (local.get $4) "
            f"(i32.add (local.get $0) (i32.const 4)))")
    flat2, r = _with_local(flat)
    shift = len(flat2) - len(flat)
    new = (f"(if (i32.ge_u (local.get $2) (i32.const {FROM_STR_CHARS})) (then (local.set {r} {call})) "
           f"(else (local.set {r} (i32.const -1)))) "
           f"(if (i32.lt_s (local.get {r}) (i32.const 0)) (then {block}) "
           f"(else (local.set ${cur} (i32.add (local.get $1) (local.get {r})))))")
    return flat2[:m.start("block") + shift] + new + flat2[end + shift:]


def _mul(flat: str) -> str:
    m = _one("mpz_mul_inpl product loop", list(MUL_LOOP.finditer(flat)))
    length = m.group("len")
    end = expression_end(flat, m.start("block"))
    if not flat[end:].startswith(f" (i32.store offset=4 (local.get $0) (local.get ${length}))"):
        raise FetchError("bigint host patch: mpz_mul_inpl does not store dest->len after its loop")
    block = flat[m.start("block"):end]
    for needed in (_load(4, 1), _load(8, 1), _load(8, 2)):
        if needed not in block:
            raise FetchError(f"bigint host patch: mpz_mul_inpl's loop does not read {needed} (mpz_t layout?)")
    call = f"(call $mpk_int_mul {_load(8, 0)} {_load(8, 1)} {_load(4, 1)} {_load(8, 2)} {_load(4, 2)})"
    flat2, r = _with_local(flat)
    shift = len(flat2) - len(flat)
    new = (f"(if (i32.and (i32.ge_u {_load(4, 1)} (i32.const {MUL_DIGITS})) (i32.ge_u {_load(4, 2)} "
           f"(i32.const {MUL_DIGITS}))) (then (local.set {r} {call})) (else (local.set {r} (i32.const -1)))) "
           f"(if (i32.lt_s (local.get {r}) (i32.const 0)) (then {block}) (else (local.set ${length} (local.get {r}))))")
    return flat2[:m.start("block") + shift] + new + flat2[end + shift:]


def apply(wat: str, target: Target) -> str:
    """Add the three imports and their calls; `FetchError` unless each site is found exactly once."""
    if "$mpk_int_" in wat:
        raise FetchError("bigint host patch: names already in use")
    chunks = split_functions(wat)
    to_str, from_str, mul = [], [], []
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func "):
            continue
        if SIX_PARAMS in chunk and "i32.div_u" in chunk:
            flat = normalise(chunk)
            if TO_STR_DIV.search(flat) and "(select (i32.const 3) (i32.const 4)" in flat:
                to_str.append((i, flat))
        elif FIVE_PARAMS in chunk and all(f"(i32.const {c})" in chunk for c in (-48, -55, -87)) \
                and "i32.load16_u" in chunk:
            from_str.append((i, normalise(chunk)))
        elif "memory.fill" in chunk and "i32.load16_u" in chunk:
            flat = normalise(chunk)
            if re.search(r"\(i32\.mul \(i32\.load16_u \(local\.get \$\d+\)\) \(i32\.load16_u \(local\.get \$\d+\)\)\)",
                         flat):
                mul.append((i, flat))
    i, flat = _one("mpz_as_str_inpl", to_str)
    chunks[i] = _to_str(flat)
    i, flat = _one("mpz_set_from_str", from_str)
    chunks[i] = _from_str(flat)
    i, flat = _one("mpz_mul_inpl", mul)
    chunks[i] = _mul(flat)
    imports = list(IMPORT_LINE.finditer(chunks[0]))
    if not imports:
        raise FetchError("bigint host patch: no imports in the module header")
    end = imports[-1].end()
    chunks[0] = chunks[0][:end] + "".join("\n " + line for line in IMPORTS) + chunks[0][end:]
    return "".join(chunks)
