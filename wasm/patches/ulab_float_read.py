"""ulab float read: ulab reads a float64 element, and takes the square root of one, without an
indirect call (the `micropython-ulab.wasm` variant only).

In ulab's terms (ulab 6.12.1 as built into MicroPython v1.29.0 here, `mp_float_t` double by
`py/mpconfig.h`; `code/ndarray.c`, `code/numpy/numerical.c`, `code/numpy/vector.c`, built with the
`*_USES_FUN_POINTER` options): the reductions (`sum`, `mean`, `std`, `max`, `min`, `argmax`,
…) and the element-wise math functions (`vector_generic_vector`: `sqrt`, `exp`, `sin`, …) read
every element through `mp_float_t (*func)(void *) = ndarray_get_float_function(dtype)`, one
indirect call per element; the math functions then call `f(value)`, the libm function, through a
second function pointer. In this build the accessor for float64 (`ndarray_get_float_float`) is a
function whose whole body is `f64.load` of its argument, and `sqrt` one whose whole body is
`f64.sqrt` of its argument. The patch guards each such indirect call with a test of the function
pointer: `func == <table index of the float64 accessor> ? f64.load(p) : func(p)` and, in
`vector_generic_vector`, `f == <table index of sqrt> ? f64.sqrt(v) : f(v)`. The pointer operand
is a `local.get` that the argument expression does not write, so the test reads the value the call
would use, and only one branch runs: the same loads, the same IEEE operation, in the same order.
The function table is immutable in this build (see `wasm/pipeline.py`), so the index names that
function for good. Other dtypes and functions take the call as before (the test costs them ~4 fuel
an element). The binary operators (`+ - * /` in `code/ndarray_operators.c`) need nothing: their
float64 loops (`BINARY_LOOP`) already load and store directly.

Sites, by shape, in the ulab variant: every `(call_indirect $0 (type $A) ARG (local.get $F))` with
`$A` the type `(func (param i32) (result f64))` and `ARG` not writing `$F`: exactly 44 (the
accessor calls of ulab); and in the one function that stores such a call's value passed through
a `(func (param f64) (result f64))` indirect call (`vector_generic_vector`), each indirect call of
that type by a `local.get` pointer: exactly 3. `SITES` = 47 in `micropython-ulab.wasm`; the
`micropython.wasm` variant has no ulab and is left unchanged (`VARIANTS`). The float64 accessor and
`sqrt` are each found once in the table (`elem`) by their one-instruction bodies.

Test: `tests/sandbox/test_patch_ulab_float_read.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

NAME = "ulab_float_read"
VARIANTS = ("micropython-ulab.wasm",)
ACCESSOR_SITES = 44
SQRT_SITES = 3
SITES = ACCESSOR_SITES + SQRT_SITES  # 47 in micropython-ulab.wasm
TEST = "tests/sandbox/test_patch_ulab_float_read.py::test_float_reads_cost_less"

ELEM = re.compile(r"\(elem \$\w+ \(i32\.const (?P<base>\d+)\) (?P<names>[^()]*)\)")


def _type_named(wat: str, signature: str, what: str) -> str:
    found = re.findall(r"\(type \$(\w+) \(func " + re.escape(signature) + r"\)\)", wat)
    if len(found) != 1:
        raise FetchError(f"ulab float read patch: expected 1 type {what}, found {len(found)}")
    return found[0]


def _table_index(chunks: list[str], header: str, head: str, body: str, what: str) -> int:
    """The table index of the one function `head` whose whole body is `body`."""
    names = [m.group(1) for c in chunks if c.startswith(" (func ")
             for m in [re.fullmatch(r" \(func \$(\w+) " + re.escape(head) + " " + re.escape(body) + r"\) ?\n",
                                    normalise(c))] if m]
    elems = list(ELEM.finditer(header))
    if len(names) != 1 or len(elems) != 1:
        raise FetchError(f"ulab float read patch: expected 1 {what} and 1 table segment, "
                         f"found {len(names)} and {len(elems)}")
    table = elems[0].group("names").split()
    if table.count(f"${names[0]}") != 1:
        raise FetchError(f"ulab float read patch: expected {what} once in the table, "
                         f"found {table.count(f'${names[0]}')}")
    return int(elems[0].group("base")) + table.index(f"${names[0]}")


def _operands(call: str, start: int) -> list[str]:
    """The operand expressions of `call` (one call_indirect expression), from `start`."""
    out, i = [], start
    while i < len(call) and call[i] == "(":
        end = expression_end(call, i)
        out.append(call[i:end])
        i = end + 1
    return out


def _guard(flat: str, type_name: str, fast: str, index: int) -> tuple[str, int]:
    """`flat` with each `(call_indirect $0 (type $type_name) ARG (local.get $F))` (ARG not writing
    $F) as `(if (result f64) (F == index) (then fast(ARG)) (else the call))`; the count."""
    opening = f"(call_indirect $0 (type ${type_name}) "
    out, at, count = [], 0, 0
    while (k := flat.find(opening, at)) >= 0:
        end = expression_end(flat, k)
        call = flat[k:end]
        ops = _operands(call, len(opening))
        pointer = re.fullmatch(r"\(local\.get \$(\d+)\)", ops[-1]) if len(ops) == 2 else None
        if pointer is None or re.search(rf"\(local\.(?:set|tee) \${pointer.group(1)} ", ops[0]):
            raise FetchError(f"ulab float read patch: an indirect call of ${type_name} of another shape")
        out.append(flat[at:k])
        out.append(f"(if (result f64) (i32.eq {ops[1]} (i32.const {index})) (then ({fast} {ops[0]})) "
                   f"(else {call}))")
        at, count = end, count + 1
    out.append(flat[at:])
    return "".join(out), count


def apply(wat: str, target: Target) -> str:
    """Guard ulab's float64 accessor and sqrt calls; `FetchError` unless the counts are exact."""
    if target.name not in VARIANTS:
        return wat
    chunks = split_functions(wat)
    reader = _type_named(chunks[0], "(param i32) (result f64)", "(param i32) (result f64)")
    unary = _type_named(chunks[0], "(param f64) (result f64)", "(param f64) (result f64)")
    load_at = _table_index(chunks, chunks[0], "(param $0 i32) (result f64)", "(f64.load (local.get $0))",
                           "float64 accessor")
    sqrt_at = _table_index(chunks, chunks[0], "(param $0 f64) (result f64)", "(f64.sqrt (local.get $0))",
                           "sqrt")
    nested = re.compile(rf"\(f64\.store \(local\.get \$\d+\) \(call_indirect \$0 \(type \${unary}\) "
                        rf"\(call_indirect \$0 \(type \${reader}\) ")
    accessors = vectors = 0
    for k, chunk in enumerate(chunks):
        if not chunk.startswith(" (func ") or f"(type ${reader})" not in chunk:
            continue
        flat = normalise(chunk)
        is_vector = nested.search(flat) is not None
        flat, n = _guard(flat, reader, "f64.load", load_at)
        accessors += n
        if is_vector:
            flat, n = _guard(flat, unary, "f64.sqrt", sqrt_at)
            vectors += n
        chunks[k] = flat
    if (accessors, vectors) != (ACCESSOR_SITES, SQRT_SITES):
        raise FetchError(f"ulab float read patch: expected {ACCESSOR_SITES} float accessor calls and "
                         f"{SQRT_SITES} math function calls in vector_generic_vector, found {accessors} "
                         f"and {vectors} (a different upstream build?)")
    return "".join(chunks)
