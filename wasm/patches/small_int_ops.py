"""small int ops: the bytecode loop computes a binary operation of two small ints itself.

In MicroPython's terms (v1.29.0, `py/vm.c`, `mp_execute_bytecode`): the handler of
`MP_BC_BINARY_OP_MULTI` pops `rhs`, reads `lhs` and replaces it with
`mp_binary_op(ip[-1] - MP_BC_BINARY_OP_MULTI, lhs, rhs)`, called through Emscripten's `invoke_iiii`
wrapper (the call may raise) and checked for a thrown exception afterwards. For two small ints
(`MICROPY_OBJ_REPR_A`: the object word is `value << 1 | 1`) `mp_binary_op` (`py/runtime.c`) takes
its small-int branch, but the wrapper, the call, the stack frame and the dispatch on the operator
cost ~250 fuel an operation: `n < 2`, `n - 1`, `total + i * j` are most of what a loop does.

The patch puts that small-int branch in front of the call, in the handler itself (no call, no
allocation, nothing that can raise), for both operands small ints and these operators (plain and
in-place forms), with `x`, `y` their values:

- `is` (`is not` is `is` then `not`), for any operands: `True` when the two object words are the
  same, as `mp_binary_op`'s first test (`mp_obj_new_bool(lhs == rhs)`);

- `<`, `>`, `<=`, `>=`, `==`, `!=`: `True` or `False` from comparing the values (the object words
  compare the same way);
- `|`, `&`, `^`: the bitwise operation (always a small int);
- `>>` with `y >= 0`: `x >> min(y, 31)` (as upstream clamps the shift to the word's width);
- `+`, `-`, `*`: the exact result when it fits a small int (31 bits), the product checked in 64
  bits;
- `//` and `%` with `y != 0`: floor division and the modulo with the divisor's sign (Python's,
  as `mp_small_int_floor_divide` / `mp_small_int_modulo`), when the quotient fits.

Anything else — another operator (`in`, `<<`, `/`, `**`, `@`, exception match), an operand that is not a small
int, a result that does not fit (upstream makes an mpz), `>>` by a negative count, a zero divisor
(upstream raises) — takes the upstream call unchanged. A result answered inline is the value
upstream's small-int branch returns for the same operands; the handler then stores it and
dispatches as it does after a call that threw nothing.

Sites, by shape: in the bytecode loop exactly one `invoke` call whose arguments are the opcode
less `MP_BC_BINARY_OP_MULTI` (0xd7) and two locals; the function it calls (its table index from
that call) chooses between `True` and `False` (`(select (i32.const 30) (i32.const 14) ...)`, the
immediate objects of `MICROPY_OBJ_IMMEDIATE_OBJS`) and no other pair of constants that way. `SITES` = 1.

Test: `tests/sandbox/test_patch_small_int_ops.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions
from wasm.patches.name_cache import _after_call

NAME = "small_int_ops"
SITES = 1
TEST = "tests/sandbox/test_patch_small_int_ops.py::test_small_int_ops_are_inline_and_exact"

BINARY_OP_MULTI = 0xD7
SITE = re.compile(
    r"\(local\.set \$(?P<v>\d+) \(call \$(?P<inv>fimport\$\d+) \(i32\.const (?P<idx>\d+)\) "
    rf"\(i32\.add \(local\.get \$(?P<op>\d+)\) \(i32\.const -{BINARY_OP_MULTI}\)\) "
    r"\(local\.get \$(?P<l>\d+)\) \(local\.get \$(?P<r>\d+)\)\)\)")
BOOLS = re.compile(r"\(select \(i32\.const (?P<t>\d+)\) \(i32\.const (?P<f>\d+)\) ")

# mp_binary_op_t (py/runtime0.h): the operators answered inline, by handler.
HANDLERS = ("lt", "gt", "eq", "le", "ge", "ne", "or", "xor", "and", "rsh", "add", "sub", "mul", "fdiv", "mod")
OPERATORS = {0: "lt", 1: "gt", 2: "eq", 3: "le", 4: "ge", 5: "ne", 7: "eq",
             9: "or", 10: "xor", 11: "and", 13: "rsh", 14: "add", 15: "sub", 16: "mul", 18: "fdiv", 20: "mod",
             22: "or", 23: "xor", 24: "and", 26: "rsh", 27: "add", 28: "sub", 29: "mul", 31: "fdiv", 33: "mod"}
IS = 7  # MP_BINARY_OP_IS: answered for any operands
LAST_OPERATOR = 34  # MP_BINARY_OP_POWER: the last operator a bytecode names
# mp_const_true / mp_const_false: immediate objects 3 and 1 (`MP_OBJ_NEW_IMMEDIATE_OBJ`, `(v << 3) | 6`)
TRUE, FALSE = 30, 14

X, Y, Z, V = "(local.get $mpk_siox)", "(local.get $mpk_sioy)", "(local.get $mpk_sioz)", "$mpk_siov"


def _fast_path(op: str, lhs: str, rhs: str, true: int, false: int) -> str:
    """Statements that leave in `$mpk_siov` the result of operator `op` (a local holding the opcode)
    on the objects in locals `lhs` and `rhs` when both are small ints and upstream's small-int
    branch gives it without raising, or when the operator is `is`; else 0."""
    L, R = f"(local.get ${lhs})", f"(local.get ${rhs})"
    done = "(br $mpk_siod)"
    value = "(br $mpk_siot)"

    def boolean(test: str) -> str:
        return f"(local.set {V} (select (i32.const {true}) (i32.const {false}) {test})) {done}"

    bodies = {
        "lt": boolean(f"(i32.lt_s {L} {R})"), "gt": boolean(f"(i32.gt_s {L} {R})"),
        "eq": boolean(f"(i32.eq {L} {R})"), "le": boolean(f"(i32.le_s {L} {R})"),
        "ge": boolean(f"(i32.ge_s {L} {R})"), "ne": boolean(f"(i32.ne {L} {R})"),
        "or": f"(local.set {V} (i32.or {L} {R})) {done}",
        "xor": f"(local.set {V} (i32.or (i32.xor {L} {R}) (i32.const 1))) {done}",
        "and": f"(local.set {V} (i32.and {L} {R})) {done}",
        "rsh": f"(br_if $mpk_siod (i32.lt_s {Y} (i32.const 0))) (local.set $mpk_sioz (i32.shr_s {X} (select {Y} "
               f"(i32.const 31) (i32.lt_u {Y} (i32.const 31))))) {value}",
        "add": f"(local.set $mpk_sioz (i32.add {X} {Y})) {value}",
        "sub": f"(local.set $mpk_sioz (i32.sub {X} {Y})) {value}",
        "mul": f"(br_if $mpk_siod (i64.ne (i64.mul (i64.extend_i32_s {X}) (i64.extend_i32_s {Y})) "
               f"(i64.extend_i32_s (local.tee $mpk_sioz (i32.mul {X} {Y}))))) {value}",
        "fdiv": f"(br_if $mpk_siod (i32.eqz {Y})) (local.set $mpk_sioz (i32.sub (i32.div_s {X} {Y}) (i32.and "
                f"(i32.ne (i32.rem_s {X} {Y}) (i32.const 0)) (i32.lt_s (i32.xor {X} {Y}) (i32.const 0))))) {value}",
        "mod": f"(br_if $mpk_siod (i32.eqz {Y})) (local.set $mpk_sioz (i32.rem_s {X} {Y})) (if (i32.and (i32.ne {Z} "
               f"(i32.const 0)) (i32.lt_s (i32.xor {Z} {Y}) (i32.const 0))) (then (local.set $mpk_sioz (i32.add {Z} "
               f"{Y})))) {value}",
    }
    targets = " ".join(f"$mpk_sio_{OPERATORS[k]}" if k in OPERATORS else "$mpk_siod"
                       for k in range(LAST_OPERATOR + 1))
    inner = (f"(br_table {targets} $mpk_siod (i32.sub (local.get ${op}) (i32.const {BINARY_OP_MULTI})))")
    for name in HANDLERS:
        inner = f"(block $mpk_sio_{name} {inner}) {bodies[name]}"
    is_op = f"(i32.eq (local.get ${op}) (i32.const {BINARY_OP_MULTI + IS}))"
    return (f"(local.set {V} (i32.const 0)) "
            f"(block $mpk_siod (if (i32.eqz (i32.and (i32.and {L} {R}) (i32.const 1))) (then (if {is_op} "
            f"(then (local.set {V} (select (i32.const {true}) (i32.const {false}) (i32.eq {L} {R}))))) {done})) "
            f"(local.set $mpk_siox (i32.shr_s {L} (i32.const 1))) (local.set $mpk_sioy (i32.shr_s {R} (i32.const 1))) "
            f"(block $mpk_siot {inner}) "
            # a value: a small int when it fits 31 bits (shifting it out and back gives it again)
            f"(br_if $mpk_siod (i32.ne (i32.shr_s (i32.shl {Z} (i32.const 1)) (i32.const 1)) {Z})) "
            f"(local.set {V} (i32.or (i32.shl {Z} (i32.const 1)) (i32.const 1)))) ")


def apply(wat: str, target: Target) -> str:
    """Put the small-int branch in front of the bytecode loop's `mp_binary_op` call; `FetchError`
    unless its site is found exactly once."""
    if "$mpk_sio" in wat:
        raise FetchError("small int ops patch: the names $mpk_sio* are in use")
    chunks = split_functions(wat)
    found = [(k, flat, m) for k, chunk in enumerate(chunks) if chunk.startswith(" (func ") and "-215" in chunk
             for flat in [normalise(chunk)] for m in SITE.finditer(flat)]
    if len(found) != SITES:
        raise FetchError(f"small int ops patch: expected {SITES} binary op call in the bytecode loop, "
                         f"found {len(found)}")
    k, flat, m = found[0]
    idx = int(m["idx"])
    name = _callee_name(chunks[0], idx)
    callee = [c for c in chunks if re.match(rf" \(func \${name}\s", c)]
    bools = {(int(b["t"]), int(b["f"])) for c in callee for b in BOOLS.finditer(normalise(c))}
    if len(callee) != 1 or (TRUE, FALSE) not in bools or not bools <= {(TRUE, FALSE), (FALSE, TRUE)}:
        raise FetchError(f"small int ops patch: the called function does not choose between True and False ({bools})")
    _, tail = _after_call(flat, m.end())
    fast = _fast_path(m["op"], m["l"], m["r"], TRUE, FALSE)
    probe = f"{fast}(if (local.get $mpk_siov) (then (local.set ${m['v']} (local.get $mpk_siov)) {tail})) "
    flat = flat[:m.start()] + probe + flat[m.start():]
    head = re.match(r" \(func \$\w+( \((param|result|local) [^()]*\))*", flat)
    locals_ = " ".join(f"(local $mpk_sio{n} i32)" for n in "vxyz")
    flat = flat[:head.end()] + " " + locals_ + flat[head.end():]
    chunks[k] = flat
    return "".join(chunks)


def _callee_name(header: str, idx: int) -> str:
    """The name of the function at table index `idx` (from the element segment)."""
    m = re.search(r"^ \(elem \$\w+ \(i32\.const (\d+)\) ([^\n]*)\)$", header, re.M)
    if m is None:
        raise FetchError("small int ops patch: no element segment")
    names = re.findall(r"\$(\w+)", m.group(2))
    pos = idx - int(m.group(1))
    if not 0 <= pos < len(names):
        raise FetchError(f"small int ops patch: table index {idx} is outside the element segment")
    return names[pos]
