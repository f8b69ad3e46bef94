"""mt fill: MicroPython's `random.randrange` also fills the guest `random`'s batches with MT19937.

In MicroPython's terms (v1.29.0, `extmod/modrandom.c`, `mod_random_randrange`, a
`MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(1, 3)` over the module's Yasmarang generator): upstream reads
each argument with `mp_obj_get_int`, so three `array` arguments raise a TypeError. The patch adds,
at the start of the function, one shape that upstream rejects: three objects of exactly the type
`array.array` (`mp_type_array`, `Target.array_type`; not memoryview, bytearray or a subclass) —

- `st`, typecode `'I'`, exactly `STATE_WORDS` (1,252) items: CPython's MT19937 state (`mt[624]`,
  then the index `mti`, 0 … 624, as `random.getstate()` holds them), a 625-word scratch area, then
  `skip` and `count`;
- `words`, typecode `'I'`, an even number `2 * cap` of items with `count <= cap`;
- `doubles`, typecode `'d'`, at least `count` items —

with `skip` and `count` at most `MAX_WORDS`. Then it does natively what the host's
`sandbox/mtstream.py` batch did (the guest's `lib/random.py` layout): advance the state in place
by `skip` outputs of CPython's `genrand_uint32` (twisting the 624 words whenever the index reaches
624, as Matsumoto & Nishimura's reference code and CPython's `_randommodule.c` do), copy it with
its index to the scratch area and draw `count + 1` tempered words from the copy: word `i < count`
goes to `words[i]` and, shifted right by 2 (a small int), to `words[cap + i]`; the double
CPython's `random()` makes from words `i` and `i + 1` (`((a >> 5) * 2**26 + (b >> 6)) * 2**-53`,
each step exact in IEEE doubles) to `doubles[i // 2]` for even `i` and
`doubles[ceil(count / 2) + i // 2]` for odd `i`. It returns None. Any other arguments (including
three arrays of another shape) take the upstream path unchanged. No allocation, no call that can
raise or collect: the arrays' items are read and written through their `items` pointers (offset
12; `len` at 8, the typecode in the low byte at 4: `mp_obj_array_t`, `py/objarray.h`), all
bounds checked first.

The guest's `random` keeps every generator's state in such an array, so snapshots, rollbacks and
resets cover it as before, and its sequences are CPython's (tests draw them side by side with the
host's `random` for many seeds, skips and batch sizes).

Site, by shape: the one-parameter-less function `yasmarang()` (stores its rotated pad, `rotl 3`,
and ORs 2 into `n`), and the two-parameter function that calls it in loops and compares its first
parameter (`n_args`) with 1 and 2 (`mod_random_randrange`): exactly `SITES` = 1.

Test: `tests/sandbox/test_patch_mt_fill.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "mt_fill"
SITES = 1
TEST = "tests/sandbox/test_patch_mt_fill.py::test_native_fill_matches_cpython"
STATE_WORDS = 1252  # mt[624], index, scratch mt[624] + index, skip, count
MAX_WORDS = 1 << 20
NONE = 6  # mp_const_none in this build (MP_OBJ_NEW_IMMEDIATE_OBJ(0) + …: `seed` returns it)
TWO_PARAMS = "(param $0 i32) (param $1 i32) (result i32)"
YASMARANG = re.compile(r"\(i32\.rotl \(local\.tee \$\d+ \(i32\.add .*?\(i32\.const 3\)\)")


def _helpers(array_type: int) -> str:
    """`$mpk_mt_twist(mt)`, `$mpk_mt_temper(y) -> word` and `$mpk_mt_fill(args) -> handled`."""
    def step(upper: str, lower: str, far: str) -> str:
        # mt[k] = mt[far] ^ (y >> 1) ^ (MATRIX_A if y odd), y = upper bit of mt[k], lower 31 of mt[k + 1]
        return (f"(local.set $2 (i32.or (i32.and (i32.load {upper}) (i32.const -2147483648)) "
                f"(i32.and (i32.load {lower}) (i32.const 2147483647)))) "
                f"(i32.store {upper} (i32.xor (i32.xor (i32.load {far}) (i32.shr_u (local.get $2) (i32.const 1))) "
                "(i32.and (i32.sub (i32.const 0) (i32.and (local.get $2) (i32.const 1))) (i32.const -1727483681)))) ")
    # the reference code's three loops: k < 227 (far: k + 397), k < 623 (far: k - 227), k = 623
    twist = (
        " (func $mpk_mt_twist (param $0 i32) (local $1 i32) (local $2 i32) (local $3 i32) "
        "(local.set $1 (local.get $0)) (local.set $3 (i32.add (local.get $0) (i32.const 908))) "
        "(loop $mpk_tw1 " + step("(local.get $1)", "offset=4 (local.get $1)", "offset=1588 (local.get $1)")
        + "(br_if $mpk_tw1 (i32.ne (local.tee $1 (i32.add (local.get $1) (i32.const 4))) (local.get $3)))) "
        "(local.set $3 (i32.add (local.get $0) (i32.const 2492))) "
        "(loop $mpk_tw2 "
        + step("(local.get $1)", "offset=4 (local.get $1)", "(i32.sub (local.get $1) (i32.const 908))")
        + "(br_if $mpk_tw2 (i32.ne (local.tee $1 (i32.add (local.get $1) (i32.const 4))) (local.get $3)))) "
        + step("(local.get $1)", "(local.get $0)", "offset=1584 (local.get $0)") + ")\n"
    )
    temper = (
        " (func $mpk_mt_temper (param $0 i32) (result i32)"
        " (local.set $0 (i32.xor (local.get $0) (i32.shr_u (local.get $0) (i32.const 11))))"
        " (local.set $0 (i32.xor (local.get $0)"
        " (i32.and (i32.shl (local.get $0) (i32.const 7)) (i32.const -1658038656))))"
        " (local.set $0 (i32.xor (local.get $0)"
        " (i32.and (i32.shl (local.get $0) (i32.const 15)) (i32.const -272236544))))"
        " (i32.xor (local.get $0) (i32.shr_u (local.get $0) (i32.const 18))))\n"
    )
    # genrand_uint32 on the scratch copy ($9), its index in $7, into `target`
    def draw(target: str) -> str:
        return ("(if (i32.ge_u (local.get $7) (i32.const 624)) "
                "(then (call $mpk_mt_twist (local.get $9)) (local.set $7 (i32.const 0)))) "
                f"(local.set {target} (call $mpk_mt_temper (i32.load (i32.add (local.get $9) "
                "(i32.shl (local.get $7) (i32.const 2)))))) "
                "(local.set $7 (i32.add (local.get $7) (i32.const 1))) ")

    def is_array(obj: str, code: int) -> str:
        return (f"(if (i32.or (i32.and (local.get {obj}) (i32.const 3)) (i32.eqz (local.get {obj}))) "
                f"(then (return (i32.const 0)))) "
                f"(if (i32.ne (i32.load (local.get {obj})) (i32.const {array_type})) (then (return (i32.const 0)))) "
                f"(if (i32.ne (i32.load8_u offset=4 (local.get {obj})) (i32.const {code})) "
                f"(then (return (i32.const 0)))) ")

    # $0 args, $1 st items, $2 words items, $3 cap, $4 doubles items, $5 skip, $6 count,
    # $7 index, $8 step, $9 scratch, $10 i, $11 previous word, $12 current word, $13 evens
    fill = (
        " (func $mpk_mt_fill (param $0 i32) (result i32) (local $1 i32) (local $2 i32) (local $3 i32)"
        " (local $4 i32) (local $5 i32) (local $6 i32) (local $7 i32) (local $8 i32) (local $9 i32)"
        " (local $10 i32) (local $11 i32) (local $12 i32) (local $13 i32)"
        " (local.set $1 (i32.load (local.get $0))) (local.set $2 (i32.load offset=4 (local.get $0)))"
        " (local.set $4 (i32.load offset=8 (local.get $0))) "
        + is_array("$1", ord("I")) + is_array("$2", ord("I")) + is_array("$4", ord("d"))
        + f"(if (i32.ne (i32.load offset=8 (local.get $1)) (i32.const {STATE_WORDS})) (then (return (i32.const 0)))) "
        "(if (i32.and (local.tee $3 (i32.load offset=8 (local.get $2))) (i32.const 1)) (then (return (i32.const 0)))) "
        "(local.set $3 (i32.shr_u (local.get $3) (i32.const 1))) "
        "(local.set $1 (i32.load offset=12 (local.get $1))) "
        "(local.set $5 (i32.load offset=5000 (local.get $1))) "
        "(local.set $6 (i32.load offset=5004 (local.get $1))) "
        f"(if (i32.or (i32.or (i32.gt_u (local.get $5) (i32.const {MAX_WORDS})) "
        f"(i32.gt_u (local.get $6) (i32.const {MAX_WORDS}))) "
        "(i32.or (i32.gt_u (local.get $6) (local.get $3)) "
        "(i32.gt_u (local.get $6) (i32.load offset=8 (local.get $4))))) (then (return (i32.const 0)))) "
        "(if (i32.gt_u (i32.load offset=2496 (local.get $1)) (i32.const 624)) (then (return (i32.const 0)))) "
        "(local.set $2 (i32.load offset=12 (local.get $2))) "
        "(local.set $4 (i32.load offset=12 (local.get $4))) "
        # advance the state by `skip` words, in place
        "(block $mpk_sk_done (loop $mpk_sk "
        "(br_if $mpk_sk_done (i32.eqz (local.get $5))) "
        "(if (i32.ge_u (local.tee $7 (i32.load offset=2496 (local.get $1))) (i32.const 624)) "
        "(then (call $mpk_mt_twist (local.get $1)) (local.set $7 (i32.const 0)))) "
        "(local.set $8 (select (local.get $5) (i32.sub (i32.const 624) (local.get $7)) "
        "(i32.lt_u (local.get $5) (i32.sub (i32.const 624) (local.get $7))))) "
        "(i32.store offset=2496 (local.get $1) (i32.add (local.get $7) (local.get $8))) "
        "(local.set $5 (i32.sub (local.get $5) (local.get $8))) "
        "(br $mpk_sk))) "
        "(if (i32.eqz (local.get $6)) (then (return (i32.const 1)))) "
        # draw count + 1 words from a copy
        "(memory.copy (local.tee $9 (i32.add (local.get $1) (i32.const 2500))) (local.get $1) (i32.const 2500)) "
        "(local.set $13 (i32.shr_u (i32.add (local.get $6) (i32.const 1)) (i32.const 1))) "
        "(local.set $7 (i32.load offset=2496 (local.get $9))) "
        + draw("$11") +
        "(loop $mpk_dr "
        + draw("$12") +
        "(i32.store (i32.add (local.get $2) (i32.shl (local.get $10) (i32.const 2))) (local.get $11)) "
        "(i32.store (i32.add (local.get $2) (i32.shl (i32.add (local.get $3) (local.get $10)) (i32.const 2))) "
        "(i32.shr_u (local.get $11) (i32.const 2))) "
        "(f64.store (i32.add (local.get $4) (i32.shl (i32.add (i32.shr_u (local.get $10) (i32.const 1)) "
        "(select (local.get $13) (i32.const 0) (i32.and (local.get $10) (i32.const 1)))) (i32.const 3))) "
        "(f64.mul (f64.add (f64.mul (f64.convert_i32_u (i32.shr_u (local.get $11) (i32.const 5))) "
        "(f64.const 67108864)) (f64.convert_i32_u (i32.shr_u (local.get $12) (i32.const 6)))) "
        "(f64.const 0x1p-53))) "
        "(local.set $11 (local.get $12)) "
        "(br_if $mpk_dr (i32.ne (local.tee $10 (i32.add (local.get $10) (i32.const 1))) (local.get $6)))) "
        "(i32.const 1))\n"
    )
    return twist + temper + fill


def apply(wat: str, target: Target) -> str:
    """Add the MT19937 fill to `mod_random_randrange`; `FetchError` unless found exactly once."""
    if "$mpk_mt_" in wat:
        raise FetchError("mt fill patch: the names $mpk_mt_* are in use")
    if not target.array_type:
        raise FetchError("mt fill patch: the lock has no array_type for this build")
    chunks = split_functions(wat)
    yas = [re.match(r" \(func \$(\w+) ", c).group(1) for c in chunks
           if c.startswith(" (func ") and "(result i32)" in c.split("\n", 1)[0]
           and "(param" not in c.split("\n", 1)[0] and YASMARANG.search(normalise(c))
           and "(i32.const 18)" in c and "(i32.const 2)" in c]
    if len(yas) != 1:
        raise FetchError(f"mt fill patch: expected 1 yasmarang, found {len(yas)}")
    found = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and TWO_PARAMS in chunk.split("\n", 1)[0]:
            flat = normalise(chunk)
            if (flat.count(f"(call ${yas[0]})") >= 3 and "(i32.ne (local.get $0) (i32.const 1))" in flat
                    and "(i32.ne (local.get $0) (i32.const 2))" in flat):
                found.append((i, flat))
    if len(found) != SITES:
        raise FetchError(f"mt fill patch: expected {SITES} mod_random_randrange, found {len(found)} "
                         "(a different upstream build?)")
    i, flat = found[0]
    head = re.match(r" \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(result i32\)( \(local \$\d+ i32\))*",
                    flat)
    entry = ("(if (i32.eq (local.get $0) (i32.const 3)) (then (if (call $mpk_mt_fill (local.get $1)) "
             f"(then (return (i32.const {NONE})))))) ")
    chunks[i] = flat[:head.end()] + " " + entry + flat[head.end():]
    chunks[0] += _helpers(target.array_type)
    return "".join(chunks)
