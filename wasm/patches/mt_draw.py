"""mt draw: MicroPython's `random.randrange`, called as a class method of the guest `random`'s
generator holder, returns CPython's `random()` double (one argument), `_randbelow(n)` (two) or
`uniform(a, b)` (three).

In MicroPython's terms (v1.29.0, `extmod/modrandom.c`, `mod_random_randrange`, a
`MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(1, 3)`; `py/runtime.c`, `mp_convert_member_lookup`): a
built-in function stored in a class as `classmethod(f)` is found on the class as a bound method
whose self is the class (`mp_type_bound_meth`), so calling it calls `f(cls, *args)` in C, without
a Python frame. The guest's `lib/random.py` makes one such class per `Random` instance (made by
`type()`, so `MP_TYPE_FLAG_INSTANCE_TYPE` is set and its namespace is its `locals_dict` slot) whose
namespace holds the tuple `(st, words, doubles)` of the `mt_fill` patch's arrays (another class
the 4-tuple `(st, words, doubles, None)`, a third the 5-tuple `(st, words, doubles, None, None)`);
`random`, `uniform` and `_below` are their class methods over `random.randrange`. Upstream reads the class with
`mp_obj_get_int` and raises a TypeError.

The patch adds, at the start of `mod_random_randrange` (before `mt_fill`'s entry), `$mpk_md_call`:
for 1 to 3 arguments whose first is a type object (its type word `T` with `*T == T`: only `type`
is its own type) with the instance-type flag (`flags & 0x200`, offset 4), whose `locals_dict`
slot (index byte at offset 19, `slots[]` from offset 20) is an exact `dict` one of whose first 8
entries' values is an exact `tuple` of 3 items with no other argument, of 5 with one, or of 4
with two, the first an `array('I')` of `mt_fill`'s 1,252 words with an index (`st[624]`) at most
624, the second an `array('I')` and the third an `array('d')`, it draws:

- `st[1250]` is `p`, the words of the current batch used, `st[1251]` `n`, the batch's words
  (`mt_fill`'s skip and count, which the guest sets before each fill; the guest's Python reads
  and writes the same two words, so every consumer shares one position). When `p < n` the double
  is the batch's (`doubles[p // 2]` for even `p`, `doubles[(n + 1) // 2 + p // 2]` for odd, as
  `mt_fill` lays them out) and `p` goes up by 2;
- otherwise the state is advanced in place by the `p` words used (as `mt_fill`'s skip, twisting
  whenever the index reaches 624), `p = n = 0`, and two words are drawn from the state itself
  (CPython's `genrand_uint32`, tempered, index advanced) and made into CPython's double
  `((a >> 5) * 2**26 + (b >> 6)) * 2**-53`.

Words are drawn the same way, one at a time (`words[p]`, `p` up by 1, or the state's next word).
With one argument the result is a new float (`mp_obj_new_float`). With two, `_randbelow(n)` for a
small int `0 < n < 2**30`: words shifted right by `clz(n)` (`getrandbits(n.bit_length())`) until
one is below `n`, as a small int (as CPython's `_randbelow_with_getrandbits`). With three,
`uniform(a, b)`: when each of `a`, `b` is a small int or an exact float, `a + (b - a) * r` in doubles (what CPython
computes for such operands: an int below 2**30 converts exactly, and their difference too); else
`b - a`, then the draw, then `a + (b - a) * r` through `mp_binary_op` (subtract before the draw,
as CPython's `uniform` does; the arrays are looked up again after that call, which may run guest
code). Anything else (other argument counts, classes, shapes, an index above 624, `p` above
2**20, a batch position past the doubles) takes the upstream path unchanged. The draw allocates
nothing but its result and raises nothing; it is placed before `gc_in_calls`, which spills the
pointers live across its allocation and `mp_binary_op` calls.

Sites, by shape: `mod_random_randrange` as `mt_fill` left it (the function holding its
`$mpk_mt_fill` entry), exactly `SITES` = 1; `mp_obj_new_float` (one f64 parameter, a 16-byte
allocation that gets `Target.float_type` as its type word and the double at offset 8): exactly 1;
`mp_binary_op` (the function holding `reflected_compare`'s retry block): exactly 1.

Test: `tests/sandbox/test_patch_mt_draw.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions
from wasm.patches.reflected_compare import SITE as BINARY_OP_SITE

NAME = "mt_draw"
SITES = 1
TEST = "tests/sandbox/test_patch_mt_draw.py::test_native_draws_match_cpython"
# It calls the generator functions mt_fill adds ($mpk_mt_twist, $mpk_mt_temper): the build without mt_fill
# leaves this one out too.
EXTENDS = ("mt_fill",)
INSTANCE_TYPE = 0x200  # MP_TYPE_FLAG_INSTANCE_TYPE (py/obj.h)
ADD, SUBTRACT, MULTIPLY = 27, 28, 29  # mp_binary_op_t (py/runtime0.h)
MAX_WORDS = 1 << 20
# the arrays of the class called (a 3-tuple for one argument, a 4-tuple for three), else upstream's path
FIND = (" (if (i32.eqz (local.tee $items (call $mpk_md_arrays (i32.load (local.get $args)) (select (i32.const 5) "
        "(i32.add (i32.shr_u (local.get $n) (i32.const 1)) (i32.const 3)) (i32.eq (local.get $n) (i32.const 2))))))"
        " (then (return (i32.const 0))))")
# the next double into $r (a position past the batch's doubles: upstream's path)
DRAW = (" (if (f64.lt (local.tee $r (call $mpk_md_double (local.get $items))) (f64.const 0)) "
        "(then (return (i32.const 0)))) ")
SCAN = 8  # namespace entries looked at
ENTRY = "(call $mpk_mt_fill (local.get $1))"
NEW_FLOAT = re.compile(
    r" \(func \$(?P<name>\w+) \(param \$0 f64\) \(result i32\) \(local \$1 i32\) \(f64\.store offset=8 "
    r"\(local\.tee \$1 \(call \$\w+ \(i32\.const 16\)\)\) \(local\.get \$0\)\) \(i32\.store \(local\.get \$1\) "
    r"\(i32\.const (?P<type>\d+)\)\) \(local\.get \$1\)\)\s*$")


def _is_obj(local: str, fail: str) -> str:
    return f"(if (i32.or (i32.eqz (local.get {local})) (i32.and (local.get {local}) (i32.const 3))) (then {fail})) "


def _is_array(local: str, code: str, fail: str) -> str:
    return (_is_obj(local, fail)
            + f"(if (i32.ne (i32.load (local.get {local})) (i32.const {{array}})) (then {fail})) "
            f"(if (i32.ne (i32.load8_u offset=4 (local.get {local})) (i32.const {ord(code)})) (then {fail})) ")


def _word(target: str) -> str:
    # genrand_uint32 on the state ($s items), its index in $i
    return ("(if (i32.ge_u (local.get $i) (i32.const 624)) "
            "(then (call $mpk_mt_twist (local.get $s)) (local.set $i (i32.const 0)))) "
            f"(local.set {target} (call $mpk_mt_temper (i32.load (i32.add (local.get $s) "
            "(i32.shl (local.get $i) (i32.const 2)))))) "
            "(local.set $i (i32.add (local.get $i) (i32.const 1))) ")


def _helpers(target: Target, new_float: str, binop: str) -> str:
    """`$mpk_md_arrays(cls, size) -> items`, `$mpk_md_double(items) -> f64`, `$mpk_md_call(n, args) -> obj`."""
    zero = "(return (i32.const 0))"
    arrays = (
        " (func $mpk_md_arrays (param $h i32) (param $want i32) (result i32) (local $t i32) (local $v i32)"
        " (local $tab i32) (local $i i32) (local $m i32) "
        + _is_obj("$h", zero) +
        "(local.set $t (i32.load (local.get $h))) " + _is_obj("$t", zero) +
        "(if (i32.ne (i32.load (local.get $t)) (local.get $t)) (then (return (i32.const 0)))) "
        f"(if (i32.eqz (i32.and (i32.load16_u offset=4 (local.get $h)) (i32.const {INSTANCE_TYPE}))) "
        "(then (return (i32.const 0)))) "
        "(if (i32.eqz (local.tee $i (i32.load8_u offset=19 (local.get $h)))) (then (return (i32.const 0)))) "
        "(local.set $v (i32.load offset=16 (i32.add (local.get $h) (i32.shl (local.get $i) (i32.const 2))))) "
        + _is_obj("$v", zero) +
        f"(if (i32.ne (i32.load (local.get $v)) (i32.const {target.dict_type})) (then (return (i32.const 0)))) "
        "(local.set $tab (i32.load offset=12 (local.get $v))) "
        f"(local.set $m (select (i32.load offset=8 (local.get $v)) (i32.const {SCAN}) "
        f"(i32.lt_u (i32.load offset=8 (local.get $v)) (i32.const {SCAN})))) "
        "(local.set $i (i32.const 0)) "
        "(block $mpk_md_found (loop $mpk_md_scan "
        "(if (i32.ge_u (local.get $i) (local.get $m)) (then (return (i32.const 0)))) "
        "(local.set $v (i32.load offset=4 (i32.add (local.get $tab) (i32.shl (local.get $i) (i32.const 3))))) "
        "(local.set $i (i32.add (local.get $i) (i32.const 1))) "
        "(br_if $mpk_md_scan (i32.or (i32.eqz (local.get $v)) (i32.and (local.get $v) (i32.const 3)))) "
        f"(br_if $mpk_md_scan (i32.ne (i32.load (local.get $v)) (i32.const {target.tuple_type}))) "
        "(br_if $mpk_md_scan (i32.ne (i32.load offset=4 (local.get $v)) (local.get $want))) "
        "(br $mpk_md_found))) "
        "(local.set $t (i32.load offset=8 (local.get $v))) "
        + _is_array("$t", "I", zero).format(array=target.array_type) +
        "(if (i32.ne (i32.load offset=8 (local.get $t)) (i32.const 1252)) (then (return (i32.const 0)))) "
        "(if (i32.gt_u (i32.load offset=2496 (i32.load offset=12 (local.get $t))) (i32.const 624)) "
        "(then (return (i32.const 0)))) "
        "(local.set $t (i32.load offset=12 (local.get $v))) "
        + _is_array("$t", "I", zero).format(array=target.array_type) +
        "(local.set $t (i32.load offset=16 (local.get $v))) "
        + _is_array("$t", "d", zero).format(array=target.array_type) +
        "(i32.add (local.get $v) (i32.const 8)))\n"
    )
    # the batch is used up: advance the state by its `p` words, in place (mt_fill's skip), p = n = 0
    settle = (
        " (func $mpk_md_settle (param $s i32) (result i32) (local $p i32) (local $i i32) (local $k i32)"
        " (local.set $p (i32.load offset=5000 (local.get $s)))"
        f" (if (i32.gt_u (local.get $p) (i32.const {MAX_WORDS})) (then (return (i32.const 0))))"
        " (block $mpk_md_sk_done (loop $mpk_md_sk"
        " (br_if $mpk_md_sk_done (i32.eqz (local.get $p)))"
        " (if (i32.ge_u (local.tee $i (i32.load offset=2496 (local.get $s))) (i32.const 624))"
        " (then (call $mpk_mt_twist (local.get $s)) (local.set $i (i32.const 0))))"
        " (local.set $k (select (local.get $p) (i32.sub (i32.const 624) (local.get $i))"
        " (i32.lt_u (local.get $p) (i32.sub (i32.const 624) (local.get $i)))))"
        " (i32.store offset=2496 (local.get $s) (i32.add (local.get $i) (local.get $k)))"
        " (local.set $p (i32.sub (local.get $p) (local.get $k)))"
        " (br $mpk_md_sk)))"
        " (i32.store offset=5000 (local.get $s) (i32.const 0))"
        " (i32.store offset=5004 (local.get $s) (i32.const 0))"
        " (i32.const 1))\n"
    )
    # words >> clz(v) until one is below v (CPython's _randbelow_with_getrandbits for v < 2**30,
    # one 32-bit word per try), from the batch where it is, else from the state: a small int
    below = (
        " (func $mpk_md_below (param $items i32) (param $v i32) (result i32) (local $s i32) (local $u i32)"
        " (local $p i32) (local $i i32) (local $w i32) (local $r i32)"
        " (local.set $s (i32.load offset=12 (i32.load (local.get $items))))"
        " (local.set $u (i32.load offset=4 (local.get $items)))"
        " (loop $mpk_md_try"
        " (if (i32.lt_u (local.tee $p (i32.load offset=5000 (local.get $s))) (i32.load offset=5004 (local.get $s)))"
        " (then (if (i32.ge_u (local.get $p) (i32.load offset=8 (local.get $u))) (then (return (i32.const 0))))"
        " (local.set $w (i32.load (i32.add (i32.load offset=12 (local.get $u))"
        " (i32.shl (local.get $p) (i32.const 2)))))"
        " (i32.store offset=5000 (local.get $s) (i32.add (local.get $p) (i32.const 1))))"
        " (else (if (i32.eqz (call $mpk_md_settle (local.get $s))) (then (return (i32.const 0))))"
        " (local.set $i (i32.load offset=2496 (local.get $s))) "
        + _word("$w") +
        "(i32.store offset=2496 (local.get $s) (local.get $i))))"
        " (br_if $mpk_md_try (i32.ge_u (local.tee $r (i32.shr_u (local.get $w) (i32.clz (local.get $v))))"
        " (local.get $v))))"
        " (i32.or (i32.shl (local.get $r) (i32.const 1)) (i32.const 1)))\n"
    )
    # $s state items, $p words used, $n batch words, $k double index / step, $i index, $a $b words
    double = (
        " (func $mpk_md_double (param $items i32) (result f64) (local $s i32) (local $p i32) (local $n i32)"
        " (local $k i32) (local $i i32) (local $a i32) (local $b i32) (local $d i32)"
        " (local.set $s (i32.load offset=12 (i32.load (local.get $items))))"
        " (local.set $d (i32.load offset=8 (local.get $items)))"
        " (local.set $p (i32.load offset=5000 (local.get $s)))"
        " (local.set $n (i32.load offset=5004 (local.get $s)))"
        " (if (i32.lt_u (local.get $p) (local.get $n)) (then"
        " (local.set $k (i32.add (i32.shr_u (local.get $p) (i32.const 1)) (select (i32.shr_u (i32.add (local.get $n)"
        " (i32.const 1)) (i32.const 1)) (i32.const 0) (i32.and (local.get $p) (i32.const 1)))))"
        " (if (i32.ge_u (local.get $k) (i32.load offset=8 (local.get $d))) (then (return (f64.const -1))))"
        " (i32.store offset=5000 (local.get $s) (i32.add (local.get $p) (i32.const 2)))"
        " (return (f64.load (i32.add (i32.load offset=12 (local.get $d)) (i32.shl (local.get $k) (i32.const 3)))))))"
        " (if (i32.eqz (call $mpk_md_settle (local.get $s))) (then (return (f64.const -1))))"
        " (local.set $i (i32.load offset=2496 (local.get $s))) "
        + _word("$a") + _word("$b") +
        "(i32.store offset=2496 (local.get $s) (local.get $i)) "
        "(f64.mul (f64.add (f64.mul (f64.convert_i32_u (i32.shr_u (local.get $a) (i32.const 5))) "
        "(f64.const 67108864)) (f64.convert_i32_u (i32.shr_u (local.get $b) (i32.const 6)))) "
        "(f64.const 0x1p-53)))\n"
    )

    def operand(obj: str, value: str) -> str:
        # a small int or an exact float into the f64 `value`; else $slow
        return (f"(if (i32.and (local.get {obj}) (i32.const 1)) "
                f"(then (local.set {value} (f64.convert_i32_s (i32.shr_s (local.get {obj}) (i32.const 1))))) "
                f"(else (if (i32.and (i32.and (i32.ne (local.get {obj}) (i32.const 0)) "
                f"(i32.eqz (i32.and (local.get {obj}) (i32.const 3)))) "
                f"(i32.eq (i32.load (local.get {obj})) (i32.const {target.float_type}))) "
                f"(then (local.set {value} (f64.load offset=8 (local.get {obj})))) "
                "(else (local.set $slow (i32.const 1)))))) ")

    call = (
        " (func $mpk_md_call (param $n i32) (param $args i32) (result i32) (local $items i32) (local $a i32)"
        " (local $b i32) (local $slow i32) (local $diff i32) (local $r f64) (local $fa f64) (local $fb f64)"
        " (if (i32.or (i32.eqz (local.get $n)) (i32.gt_u (local.get $n) (i32.const 3)))"
        " (then (return (i32.const 0))))"
        + FIND +
        " (if (i32.eq (local.get $n) (i32.const 2)) (then (local.set $a (i32.load offset=4 (local.get $args)))"
        " (if (i32.or (i32.eqz (i32.and (local.get $a) (i32.const 1))) (i32.lt_s (local.get $a) (i32.const 3)))"
        " (then (return (i32.const 0))))"
        " (return (call $mpk_md_below (local.get $items) (i32.shr_s (local.get $a) (i32.const 1))))))"
        " (if (i32.eq (local.get $n) (i32.const 1)) (then"
        + DRAW +
        f" (return (call ${new_float} (local.get $r)))))"
        " (local.set $a (i32.load offset=4 (local.get $args)))"
        " (local.set $b (i32.load offset=8 (local.get $args))) "
        + operand("$a", "$fa") + operand("$b", "$fb") +
        "(if (i32.eqz (local.get $slow)) (then "
        + DRAW +
        f"(return (call ${new_float} (f64.add (local.get $fa) (f64.mul (f64.sub (local.get $fb) (local.get $fa)) "
        "(local.get $r)))))))"
        f" (local.set $diff (call ${binop} (i32.const {SUBTRACT}) (local.get $b) (local.get $a)))"
        + FIND + DRAW +
        f" (call ${binop} (i32.const {ADD}) (local.get $a) (call ${binop} (i32.const {MULTIPLY}) (local.get $diff)"
        f" (call ${new_float} (local.get $r)))))\n"
    )
    return arrays + settle + below + double + call


def apply(wat: str, target: Target) -> str:
    """Add the draw to `mod_random_randrange`; `FetchError` unless each site is found exactly once."""
    if "$mpk_md_" in wat:
        raise FetchError("mt draw patch: the names $mpk_md_* are in use")
    if "(func $mpk_mt_twist " not in wat or "(func $mpk_mt_temper " not in wat:
        raise FetchError("mt draw patch: expected the mt_fill patch applied before it")
    if not (target.array_type and target.tuple_type and target.float_type and target.dict_type):
        raise FetchError("mt draw patch: the lock lacks a type address for this build")
    chunks = split_functions(wat)
    floats, binops, found = [], [], []
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func "):
            continue
        if "(param $0 f64) (result i32)" in chunk.split("\n", 1)[0] and len(chunk) < 1000:
            m = NEW_FLOAT.match(normalise(chunk))
            if m and int(m.group("type")) == target.float_type:
                floats.append(m.group("name"))
        if "(i32.const -22)" in chunk and "(i32.const -15)" in chunk and BINARY_OP_SITE.search(normalise(chunk)):
            binops.append(re.match(r" \(func \$(\w+) ", chunk).group(1))
        if ENTRY in chunk:
            found.append(i)
    if len(floats) != 1 or len(binops) != 1:
        raise FetchError(f"mt draw patch: expected 1 mp_obj_new_float and 1 mp_binary_op, "
                         f"found {len(floats)} and {len(binops)}")
    if len(found) != SITES:
        raise FetchError(f"mt draw patch: expected {SITES} mod_random_randrange, found {len(found)}")
    i = found[0]
    flat = normalise(chunks[i])
    head = re.match(r" \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(result i32\)( \(local \$\d+ i32\))*",
                    flat)
    if head is None:
        raise FetchError("mt draw patch: mod_random_randrange's signature is not as expected")
    entry = ("(local $mpk_md i32) (if (local.tee $mpk_md (call $mpk_md_call (local.get $0) (local.get $1))) "
             "(then (return (local.get $mpk_md)))) ")
    chunks[i] = flat[:head.end()] + " " + entry + flat[head.end():]
    chunks[0] += _helpers(target, floats[0], binops[0])
    return "".join(chunks)
