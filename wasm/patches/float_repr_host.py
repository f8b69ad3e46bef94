"""float repr host: `repr`/`str`/`print` of a float print CPython's shortest round-trip digits for
every float, by asking the host for them (`env.mpk_float_repr`, `mpwasm_kernel/sandbox/floatrepr.py`).

In MicroPython's terms (v1.29.0, `py/formatfloat.c`, `mp_format_float(f, buf, buf_size, fmt, prec,
sign)`): the repr case, `prec == MP_FLOAT_REPR_PREC` (99, passed with `fmt == 'g'` by
`float_print` and `complex_print` through `mp_print_float`), searched for the shortest text that its
own parser reads back, from 15 digits (patch `float_repr_digits`) up to 17. Two kinds of floats
came out unlike CPython's `repr`: a float whose 16-digit rounding is an exact tie that does not read
back (`2**-24`: the even neighbour `...062e-08` fails, so 17 digits were printed where CPython picks
the other 16-digit neighbour, `5.960464477539063e-08`), and large magnitudes whose scaled digits
(`mp_decimal_exp` in binary128) were not correctly rounded and which the interpreter's parser read
back as the same float anyway (`4.701865635853005e+25` printed `...004e+25`, another float).

The patch adds, first thing in `mp_format_float`,
`if (prec == 99 && fmt == 'g') { n = mpk_float_repr(bits(f), buf, buf_size, sign); if (n >= 0) return n; }`:
the host writes `sign` (when not 0 and the float has no minus sign of its own), CPython's
`repr(f)` without the `.0` that `repr` appends to integral values (`mp_print_float` appends it under
`PF_FLAG_ALWAYS_DECIMAL`, as CPython's `float_repr` does; `complex_print` passes no such flag and
prints `(1+2j)` as CPython does), and a NUL; it returns the length written, sign included, which is
what `mp_format_float` returns. `inf`, `-inf`, `nan` (any sign bit: CPython prints `nan`, and so did
upstream) and `-0.0` follow from `repr` too. The import declines (-1) when the text and its NUL do
not fit in `buf_size` (they always do: at most 24 + 1 bytes in a buffer of 33) or when a stop was
requested: the upstream search then runs as before. An answered call costs `FUEL` (bigint_host's
base charge), burnt by the guest before it returns (a counted loop of `FUEL // FUEL_PER_STEP`
steps): charging it from the host (`store.get_fuel` + `set_fuel`) took ~1.5-2 us, more than the
rest of the call. The call allocates nothing on the guest heap (the host writes into the caller's
buffer; the loop only counts), so the patch may come after `gc_in_calls`: it is the last of
`PATCHES`. The build's GC soundness check (`spill_check.py`) counts an import as collecting unless
it is one of its `LEAF_IMPORTS`, which names this one.

Site, by shape, in normalised Binaryen text: the function of `(param f64)` and five i32 parameters
that compares its fifth parameter (`prec`, `$4`) with 99 (`mp_format_float`), exactly once per
build; the call is its first statement. The float goes as its IEEE bits in two i32 (low word
first; all-i32 imports take the trampolines' fast path). `SITES` = 1.

Test: `tests/sandbox/test_patch_float_repr_host.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, at_entry, functions_matching, split_functions
from wasm.patches.bigint_host import _with_local
from wasm.patches.float_repr_digits import HEAD  # mp_format_float's signature

NAME = "float_repr_host"
SITES = 1
TEST = "tests/sandbox/test_patch_float_repr_host.py::test_float_repr_is_cpythons"

REPR_TEST = "(i32.eq (local.get $4) (i32.const 99))"
IMPORT = '(import "env" "mpk_float_repr" (func $mpk_float_repr (param i32 i32 i32 i32 i32) (result i32)))'
FUEL = 2_000        # fuel a host call costs: burnt by the guest after the call (as bigint_host's base charge)
FUEL_PER_STEP = 5   # fuel of one step of the burning loop (local.get, i32.const, i32.sub, local.tee, br_if)


def apply(wat: str, target: Target) -> str:
    """Send `mp_format_float`'s repr case to the host first; `FetchError` unless the site is exact."""
    if "$mpk_float_repr" in wat:
        raise FetchError("float repr host patch: names already in use")
    chunks = split_functions(wat)
    sites = functions_matching(chunks, (HEAD, "(i32.const 99)"), re.compile(re.escape(REPR_TEST)))
    found = [(i, flat) for i, flat, _ in sites if HEAD in flat.split(" (local ", 1)[0]]
    if len(found) != SITES:
        raise FetchError(f"float repr host patch: expected {SITES} mp_format_float comparing prec ($4) with 99, "
                         f"found {len(found)} (a different upstream build?)")
    i, flat = found[0]
    bits = "(i64.reinterpret_f64 (local.get $0))"
    call = (f"(call $mpk_float_repr (i32.wrap_i64 {bits}) (i32.wrap_i64 (i64.shr_u {bits} (i64.const 32))) "
            "(local.get $1) (local.get $2) (local.get $5))")
    flat, result = _with_local(flat)
    flat, count = _with_local(flat)
    burn = (f"(local.set {count} (i32.const {FUEL // FUEL_PER_STEP})) (loop $mpk_float_repr_fuel "
            f"(br_if $mpk_float_repr_fuel (local.tee {count} (i32.sub (local.get {count}) (i32.const 1)))))")
    code = (f"(if (i32.and {REPR_TEST} (i32.eq (i32.and (local.get $3) (i32.const 255)) (i32.const 103))) "
            f"(then (if (i32.ge_s (local.tee {result} {call}) (i32.const 0)) "
            f"(then {burn} (return (local.get {result}))))))")
    patched = at_entry(flat, code)
    lines = chunks[0].split("\n")
    imports = [k for k, line in enumerate(lines) if line.startswith(" (import ")]
    if not imports:
        raise FetchError("float repr host patch: no imports in the module header")
    lines.insert(imports[-1] + 1, " " + IMPORT)
    chunks[0] = "\n".join(lines)
    chunks[i] = patched
    return "".join(chunks)
