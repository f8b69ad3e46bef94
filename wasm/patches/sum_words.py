"""sum words: `sum` of integers below 2**63 accumulates in a 128-bit word pair, not in int objects.

In MicroPython's terms (v1.29.0, `py/modbuiltins.c`): `mp_builtin_sum` computes
`value = mp_binary_op(MP_BINARY_OP_ADD, value, item)` for each item, so once the running sum
leaves the small-int range (2**30 on this 32-bit build) every item makes a new int object (and,
past 2**62, goes through `mp_obj_int_binary_op`'s mpz path: ~1,300 fuel an item in the generator
lesson `sum(squared_numbers(20_000_000))`). The patch gives the function a private accumulator in
its own C-stack frame, 32 bytes after `iter_buf` (a two's-complement 128-bit integer `lo`,
`hi` and a flag `on`), and runs each step through `$mpk_sum_step(acc, value, item)`:

- an item is *readable* when it is a small int, or an object of exactly `mp_type_int` whose mpz has
  at most 4 digits and a magnitude below 2**63 (its value as a signed 64-bit word); anything else
  (floats, bools, int subclasses, bigger ints, objects with `__add__`/`__radd__`) is not;
- with `on` clear, a readable item and a readable `value` start the accumulator at `value` and set
  `on`; with `on` set, a readable item is added to it. While `hi` is not at its extreme (the
  addition cannot overflow 128 bits; an item is below 2**63) the step returns 1 and nothing else
  happens: the running sum is the accumulator, `value` is not read;
- otherwise the step returns 0 and sum does upstream's step, after turning the accumulator (when
  `on`) back into an int object (`$mpk_sum_value`) and clearing `on`: a small int when it fits
  (what upstream's `mp_binary_op` returns), else `mp_obj_new_int_from_ll(lo)` when it fits 64 bits,
  else `(mp_obj_new_int_from_ll(hi) << 64) + mp_obj_new_int_from_ull(lo)` through `mp_binary_op`.
  At the end, the same conversion gives the result.

Why this equals upstream's result: while `on` is set, the true running sum is an int (it started
as an int and only int items were added) and upstream would add each readable item with exact
integer addition (small int or exact `int` on both sides: `mp_binary_op`'s small-int path or
`mp_obj_int_binary_op`, no user code, no other type), so reassociating those additions into the
accumulator gives the same integer, and its conversion gives upstream's representation (a small
int in the small-int range, an int object outside it). Any other item sees exactly the value
upstream would pass to `mp_binary_op`. The accumulator is a C local of this activation that no
other code can see (no object is mutated, none escapes), so nested or re-entrant sums have their
own. An exception out of `mp_iternext` abandons the frame with the sum, as upstream does; a limit
stop abandons the whole run. No heap pointer is ever held in an i64: the accumulator is in the
frame (scanned conservatively by the collector: its words can only keep garbage alive), the
conversion reads the words from the frame as call arguments and keeps the object it made in an
i32 local (spilled around the next allocation).

Sites, by shape, in normalised Binaryen text: `mp_builtin_sum` (two i32 parameters, a 16-byte
frame, `value = n_args == 1 ? small 0 : args[1]`, `mp_getiter(args[0], &iter_buf)`, the loop
`value = mp_binary_op(27, value, item)` while `mp_iternext` is not null): exactly one. From it,
`mp_binary_op`; `mp_obj_new_int_from_ll` and `_from_ull` (the functions of one i64 parameter that
make a 16-byte object of one type and call `mpz_set_from_ll` with 1 and 0); `SITES` = 1.

Test: `tests/sandbox/test_patch_sum_words.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "sum_words"
SITES = 1
TEST = "tests/sandbox/test_patch_sum_words.py::test_int_sum_takes_less_fuel"
STEP, VALUE, READ = "$mpk_sum_step", "$mpk_sum_value", "$mpk_sum_read"
ADD, LSHIFT = 27, 25  # MP_BINARY_OP_ADD, MP_BINARY_OP_LSHIFT
FRAME, EXTRA = 16, 32  # upstream's frame (iter_buf) and the accumulator's: lo at +16, hi at +24, on at +32

SUM = re.compile(
    r" \(func \$(?P<name>\w+) \(param \$0 i32\) \(param \$1 i32\) \(result i32\) \(local \$2 i32\) \(local \$3 i32\) "
    r"(?P<pro>\(global\.set \$(?P<sp>[\w$]+) \(local\.tee \$2 "
    r"\(i32\.sub \(global\.get \$(?P=sp)\) \(i32\.const 16\)\)\)\)) "
    r"\(local\.set \$3 \(i32\.const 1\)\) \(block \$(?P<b0>[\w$]+) \(br_if \$(?P=b0) \(i32\.eq \(local\.get \$0\) "
    r"\(i32\.const 1\)\)\) \(local\.set \$3 \(i32\.load offset=4 \(local\.get \$1\)\)\)\) "
    r"\(block \$(?P<b1>[\w$]+) \(br_if \$(?P=b1) \(i32\.eqz \(local\.tee \$1 \(call \$(?P<next>\w+) \(local\.tee \$0 "
    r"\(call \$\w+ \(i32\.load \(local\.get \$1\)\) \(local\.get \$2\)\)\)\)\)\)\) \(loop \$(?P<loop>[\w$]+) "
    r"(?P<step>\(local\.set \$3 \(call \$(?P<binop>\w+) \(i32\.const 27\) \(local\.get \$3\) \(local\.get \$1\)\)\)) "
    r"\(br_if \$(?P=loop) \(local\.tee \$1 \(call \$(?P=next) \(local\.get \$0\)\)\)\)\)\) "
    r"(?P<epi>\(global\.set \$(?P=sp) \(i32\.add \(local\.get \$2\) \(i32\.const 16\)\)\)) \(local\.get \$3\)\)")
FROM_LL = re.compile(
    r" \(func \$(?P<name>\w+) \(param \$0 i64\) \(result i32\) \(local \$1 i32\) \(local \$2 i32\) "
    r"\(call \$\w+ \(local\.tee \$2 \(i32\.add \(local\.tee \$1 \(call \$\w+ \(i32\.const 16\) "
    r"\(i32\.const (?P<type>\d+)\)\)\) \(i32\.const 4\)\)\)\) \(call \$\w+ \(local\.get \$2\) \(local\.get \$0\) "
    r"\(i32\.const (?P<signed>[01])\)\) \(local\.get \$1\)\)")
MIN = "-9223372036854775808"


def _helpers(int_type: int, from_ll: str, from_ull: str, binop: str) -> str:
    """`$mpk_sum_read(obj)`: a readable int's value as an i64, else i64 min (never a readable value).
    `$mpk_sum_step(acc, value, item)` and `$mpk_sum_value(acc)`: see the module's docstring."""
    read = (
        f" (func {READ} (param $0 i32) (result i64) (local $1 i32) (local $2 i32) (local $3 i64)"
        " (if (i32.and (local.get $0) (i32.const 1))"
        " (then (return (i64.extend_i32_s (i32.shr_s (local.get $0) (i32.const 1))))))"
        f" (if (i32.and (local.get $0) (i32.const 3)) (then (return (i64.const {MIN}))))"
        f" (if (i32.ne (i32.load (local.get $0)) (i32.const {int_type})) (then (return (i64.const {MIN}))))"
        " (local.set $1 (i32.load offset=8 (local.get $0)))"
        f" (if (i32.gt_u (local.get $1) (i32.const 4)) (then (return (i64.const {MIN}))))"
        " (local.set $2 (i32.load offset=12 (local.get $0)))"
        " (block $done (loop $next (br_if $done (i32.eqz (local.get $1)))"
        " (local.set $1 (i32.sub (local.get $1) (i32.const 1)))"
        " (local.set $3 (i64.or (i64.shl (local.get $3) (i64.const 16)) (i64.extend_i32_u (i32.load16_u"
        " (i32.add (local.get $2) (i32.shl (local.get $1) (i32.const 1))))))) (br $next)))"
        f" (if (i64.lt_s (local.get $3) (i64.const 0)) (then (return (i64.const {MIN}))))"
        " (select (i64.sub (i64.const 0) (local.get $3)) (local.get $3)"
        " (i32.and (i32.load offset=4 (local.get $0)) (i32.const 1))))\n")
    step = (
        f" (func {STEP} (param $0 i32) (param $1 i32) (param $2 i32) (result i32)"
        " (local $3 i64) (local $4 i64) (local $5 i64) (local $6 i64)"
        f" (local.set $3 (call {READ} (local.get $2)))"
        f" (if (i64.eq (local.get $3) (i64.const {MIN})) (then (return (i32.const 0))))"
        " (if (i32.eqz (i32.load offset=16 (local.get $0))) (then"
        f" (local.set $4 (call {READ} (local.get $1)))"
        f" (if (i64.eq (local.get $4) (i64.const {MIN})) (then (return (i32.const 0))))"
        " (i64.store (local.get $0) (local.get $4))"
        " (i64.store offset=8 (local.get $0) (i64.shr_s (local.get $4) (i64.const 63)))"
        " (i32.store offset=16 (local.get $0) (i32.const 1))))"
        " (local.set $4 (i64.load (local.get $0))) (local.set $5 (i64.load offset=8 (local.get $0)))"
        # hi at its extreme in the item's direction: the 128-bit sum could overflow
        " (if (i64.eq (local.get $5) (select (i64.const 9223372036854775807)"
        f" (i64.const {MIN}) (i64.ge_s (local.get $3) (i64.const 0)))) (then (return (i32.const 0))))"
        " (local.set $6 (i64.add (local.get $4) (local.get $3)))"
        " (i64.store (local.get $0) (local.get $6))"
        " (i64.store offset=8 (local.get $0) (i64.add"
        " (i64.add (local.get $5) (i64.shr_s (local.get $3) (i64.const 63)))"
        " (i64.extend_i32_u (i64.lt_u (local.get $6) (local.get $4)))))"
        " (i32.const 1))\n")
    value = (
        f" (func {VALUE} (param $0 i32) (result i32) (local $1 i32)"
        " (if (i64.eq (i64.load offset=8 (local.get $0)) (i64.shr_s (i64.load (local.get $0)) (i64.const 63))) (then"
        " (if (i64.lt_u (i64.add (i64.load (local.get $0)) (i64.const 1073741824)) (i64.const 2147483648))"
        " (then (return (i32.or (i32.shl (i32.wrap_i64 (i64.load (local.get $0))) (i32.const 1)) (i32.const 1)))))"
        f" (return (call ${from_ll} (i64.load (local.get $0))))))"
        f" (local.set $1 (call ${from_ll} (i64.load offset=8 (local.get $0))))"
        f" (local.set $1 (call ${binop} (i32.const {LSHIFT}) (local.get $1) (i32.const 129)))"
        f" (call ${binop} (i32.const {ADD}) (local.get $1) (call ${from_ull} (i64.load (local.get $0)))))\n")
    return read + step + value


def apply(wat: str, target: Target) -> str:
    """Give `sum` its accumulator; `FetchError` unless exactly `SITES` sites are found."""
    if STEP in wat or VALUE in wat or READ in wat:
        raise FetchError("sum words patch: names already in use")
    chunks = split_functions(wat)
    sums, lls = [], {}
    for index, chunk in enumerate(chunks):
        if not chunk.startswith(" (func "):
            continue
        head = chunk.split("\n", 1)[0]
        if "(param $0 i64) (result i32)" in head:
            m = FROM_LL.match(normalise(chunk))
            if m:
                lls.setdefault(m.group("signed"), []).append(m)
        elif "(param $0 i32) (param $1 i32) (result i32)" in head and "(i32.const 27)" in chunk:
            flat = normalise(chunk)
            m = SUM.match(flat)
            if m:
                sums.append((index, flat, m))
    if len(sums) != SITES:
        raise FetchError(f"sum words patch: expected {SITES} mp_builtin_sum, found {len(sums)} "
                         "(a different upstream build?)")
    if len(lls.get("1", [])) != 1 or len(lls.get("0", [])) != 1 or lls["1"][0]["type"] != lls["0"][0]["type"]:
        raise FetchError("sum words patch: expected one mp_obj_new_int_from_ll and one _from_ull of one int type, "
                         f"found {len(lls.get('1', []))} and {len(lls.get('0', []))}")
    index, flat, m = sums[0]
    acc = f"(i32.add (local.get $2) (i32.const {FRAME}))"
    size = FRAME + EXTRA
    settle = (f"(if (i32.load offset={FRAME + 16} (local.get $2)) (then "
              f"(local.set $3 (call {VALUE} {acc})) (i32.store offset={FRAME + 16} (local.get $2) (i32.const 0))))")
    step = (f"(if (i32.eqz (call {STEP} {acc} (local.get $3) (local.get $1))) (then {settle} "
            f"{m.group('step')}))")
    sp = m.group("sp")
    pro = (f"(global.set ${sp} (local.tee $2 (i32.sub (global.get ${sp}) (i32.const {size})))) "
           f"(i32.store offset={FRAME + 16} (local.get $2) (i32.const 0))")
    epi = f"{settle} (global.set ${sp} (i32.add (local.get $2) (i32.const {size})))"
    spans = sorted([(m.span("pro"), pro), (m.span("step"), step), (m.span("epi"), epi)], reverse=True)
    for (start, end), text in spans:
        flat = flat[:start] + text + flat[end:]
    chunks[index] = flat
    int_type = int(lls["1"][0]["type"])
    chunks.insert(1, _helpers(int_type, lls["1"][0]["name"], lls["0"][0]["name"], m.group("binop")))
    return "".join(chunks)
