"""call positional: a function called with exactly its positional parameters gets its frame set up
without the general argument binding.

In MicroPython's terms (v1.29.0, `py/bc.c`): `fun_bc_call` (`py/objfun.c`) and the generator
maker `gen_wrap_call` (`py/objgenerator.c`) allocate a code state and call
`mp_setup_code_state(code_state, n_args, n_kw, args)`, which (with its helper inlined) decodes the
prelude's signature (`MP_BC_PRELUDE_SIG_DECODE_INTO`: flags, positional, keyword-only and default
counts) and sizes (`MP_BC_PRELUDE_SIZE_DECODE_INTO`: the code info's length, the number of cells),
zeroes the state, then walks every case of argument binding — extra positional arguments into a
`*args` tuple, defaults, keywords matched against the argument names, a `**kwargs` dict,
keyword-only defaults, the errors — before it turns closed-over locals into cells
(`mp_obj_new_cell`) and leaves `ip` on the first opcode. For the common call (no keywords, exactly
the positional parameters) most of that is tests that fail.

The patch puts a fast path first in that function. It decodes the signature when it is one or two
bytes (`xSSSSEAA`, then at most one `xFSSKAED` byte: up to 7 positional parameters, at most one
default, `n_state` up to 64; a third byte is needed for the `**kwargs`, `*args` and
keyword-only-defaults flags) and takes the call when it has no keyword arguments (`n_kw == 0`),
the signature no keyword-only parameter (K), and `n_args` equals the number of positional
parameters, or one less when the last has a default (D); then it decodes the sizes, and a prelude
that declares a cell (C) leaves too. A call it takes gets what the general path gives such a
call: `sp` = `&state[0] - 1`, `exc_sp_idx` = 0, the `n_state` slots zeroed, `args[i]` into
`state[n_state - 1 - i]`, the default `extra_args[0]` into the next slot down when it is used,
`ip` past the code info (no cell bytes follow); the function's C stack frame is not allocated.
It makes no call: it cannot raise, allocate or collect. Every other call (keywords, two or more
defaults, too many or too few arguments and their TypeError, `*args`, `**kwargs`, keyword-only
parameters, closures' cells, more than 7 parameters or 64 state slots) has only had locals
written and goes on with the upstream code unchanged (~20-40 fuel of tests). Generators are set
up by the same function, so a generator function called so takes the fast path too. Fuel:
`f(a)` 917 -> 842 beyond a loop step, `fib(30)` 3.79 -> 3.59 G (docs/speed.md).

Site, by shape: the four-parameter function without a result that allocates its C stack frame,
reads the function object (`code_state->fun_bc`, offset 0) and its `bytecode` (offset 12), stores
`code_state + 16` into `sp` (offset 8), `bytecode + 1` into `ip` (offset 4) and the first byte's
positional count (`& 3`), and that zeroes the state with `memory.fill` after storing 0 into
`exc_sp_idx` (`store16` offset 14): exactly `SITES` = 1.

Test: `tests/sandbox/test_patch_call_positional.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "call_positional"
SITES = 1
TEST = "tests/sandbox/test_patch_call_positional.py::test_positional_calls_are_cheaper_and_unchanged"

FRAME = re.compile(
    r" \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(param \$3 i32\)(?: \(local \$\d+ i32\))* "
    r"\(global\.set (?P<g>\$[\w$]+) \(local\.tee \$(?P<frame>\d+) \(i32\.sub \(global\.get (?P=g)\) "
    r"\(i32\.const (?P<size>\d+)\)\)\)\) "
    r"\(local\.set \$(?P<b>\d+) \(i32\.load offset=12 \(local\.tee \$\d+ \(i32\.load \(local\.get \$0\)\)\)\)\) "
    r"\(i32\.store offset=8 \(local\.get \$0\) \(i32\.add \(local\.get \$0\) \(i32\.const 16\)\)\) "
    r"\(i32\.store offset=4 \(local\.get \$0\) \(local\.tee \$\d+ \(i32\.add \(local\.get \$(?P=b)\) "
    r"\(i32\.const 1\)\)\)\) "
    r"\(local\.set \$(?P<A>\d+) \(i32\.and \(local\.tee \$\d+ \(i32\.load8_u \(local\.get \$(?P=b)\)\)\) "
    r"\(i32\.const 3\)\)\) ")
ZEROED = re.compile(r"\(i32\.store16 offset=14 \(local\.get \$0\) \(i32\.const 0\)\) .{0,200}\(memory\.fill ")

# mp_code_state_t (py/bc.h, this build): fun_bc 0, ip 4, sp 8, n_state (u16) 12, exc_sp_idx (u16) 14,
# old_globals 16, state[] 20.
IP, SP, N_STATE, EXC_SP_IDX, STATE = 4, 8, 12, 14, 20
BYTECODE = 12  # mp_obj_fun_bc_t.bytecode
EXTRA_ARGS = 16  # mp_obj_fun_bc_t.extra_args: the default positional arguments first


def _bind(ip: str) -> str:
    """The frame of a call the fast path takes: `exc_sp_idx` = 0, the state zeroed, the arguments
    from the top slot down, then (`$mpk_cp_d` set) the one default `extra_args[0]` in the next
    slot down, `ip` = `ip` (an expression), return."""
    s, a = "$mpk_cp_s", "$mpk_cp_a"
    return (
        f"(i32.store16 offset={EXC_SP_IDX} (local.get $0) (i32.const 0)) "
        f"(local.set {s} (i32.shl (i32.load16_u offset={N_STATE} (local.get $0)) (i32.const 2))) "
        f"(memory.fill (i32.add (local.get $0) (i32.const {STATE})) (i32.const 0) (local.get {s})) "
        f"(local.set {s} (i32.add (local.get $0) (i32.add (local.get {s}) (i32.const {STATE - 4})))) "
        f"(local.set {a} (local.get $1)) "
        "(block $mpk_cp_args_done (loop $mpk_cp_args "
        f"(br_if $mpk_cp_args_done (i32.eqz (local.get {a}))) "
        f"(i32.store (local.get {s}) (i32.load (local.get $3))) "
        f"(local.set {s} (i32.sub (local.get {s}) (i32.const 4))) "
        "(local.set $3 (i32.add (local.get $3) (i32.const 4))) "
        f"(local.set {a} (i32.sub (local.get {a}) (i32.const 1))) (br $mpk_cp_args))) "
        f"(if (local.get $mpk_cp_d) (then (i32.store (local.get {s}) "
        f"(i32.load offset={EXTRA_ARGS} (i32.load (local.get $0)))))) "
        f"(i32.store offset={IP} (local.get $0) {ip}) (return)")


def _at_entry() -> str:
    """The fast path, first in the function: decodes a signature of one or two bytes and the
    sizes itself and returns when it applies, else falls through having changed nothing."""
    p, z, n, i, a, d = "$mpk_cp_p", "$mpk_cp_s", "$mpk_cp_n", "$mpk_cp_i", "$mpk_cp_a", "$mpk_cp_d"
    return (
        "(block $mpk_cp_entry "
        "(br_if $mpk_cp_entry (local.get $2)) "
        f"(local.set {p} (i32.load offset={BYTECODE} (i32.load (local.get $0)))) "
        # signature: xSSSSEAA, then (bit 7 set) one xFSSKAED byte without bit 7 (a third byte would
        # carry flag bits 1-3: **kwargs, *args, keyword-only defaults) and without K (0x08); D (0x01)
        # of that byte is the one default a two-byte signature can have
        f"(local.set {a} (i32.and (local.tee {z} (i32.load8_u (local.get {p}))) (i32.const 3))) "
        f"(local.set {d} (i32.const 0)) "
        f"(if (i32.and (local.get {z}) (i32.const 128)) (then "
        f"(br_if $mpk_cp_entry (i32.and (local.tee {z} (i32.load8_u offset=1 (local.get {p}))) (i32.const 136))) "
        f"(local.set {a} (i32.or (local.get {a}) (i32.and (local.get {z}) (i32.const 4)))) "
        f"(local.set {d} (i32.and (local.get {z}) (i32.const 1))) "
        f"(local.set {p} (i32.add (local.get {p}) (i32.const 1))))) "
        # all positional parameters given (no default used), or all but the last, which has one
        f"(if (i32.ne (local.get {a}) (local.get $1)) "
        f"(then (br_if $mpk_cp_entry (i32.ne (i32.sub (local.get {a}) (local.get {d})) (local.get $1)))) "
        f"(else (local.set {d} (i32.const 0)))) "
        f"(local.set {p} (i32.add (local.get {p}) (i32.const 1))) "
        f"(local.set {i} (i32.const 0)) (local.set {n} (i32.const 0)) "
        # sizes: bytes xIIIIIIC while bit 7 is set; any C bit (a cell) takes the general path
        "(loop $mpk_cp_size "
        f"(local.set {z} (i32.load8_u (local.get {p}))) (local.set {p} (i32.add (local.get {p}) (i32.const 1))) "
        f"(br_if $mpk_cp_entry (i32.and (local.get {z}) (i32.const 1))) "
        f"(local.set {i} (i32.or (local.get {i}) (i32.shl (i32.shr_u (i32.and (local.get {z}) (i32.const 126)) "
        f"(i32.const 1)) (local.get {n})))) "
        f"(local.set {n} (i32.add (local.get {n}) (i32.const 6))) "
        f"(br_if $mpk_cp_size (i32.and (local.get {z}) (i32.const 128)))) "
        f"(i32.store offset={SP} (local.get $0) (i32.add (local.get $0) (i32.const {STATE - 4}))) "
        + _bind(f"(i32.add (local.get {p}) (local.get {i}))") + ") ")


def apply(wat: str, target: Target) -> str:
    """Put the positional fast path in `mp_setup_code_state` after its prelude decoding;
    `FetchError` unless the function is found exactly once with every value it needs."""
    if "$mpk_cp_" in wat:
        raise FetchError("call positional patch: the names $mpk_cp_* are in use")
    chunks = split_functions(wat)
    found = []
    for k, chunk in enumerate(chunks):
        if chunk.startswith(" (func ") and "memory.fill" in chunk and "offset=14" in chunk:
            flat = normalise(chunk)
            head = FRAME.match(flat)
            if head and ZEROED.search(flat):
                found.append((k, flat, head))
    if len(found) != SITES:
        raise FetchError(f"call positional patch: expected {SITES} mp_setup_code_state, found {len(found)}")
    k, flat, _ = found[0]
    head_end = re.match(r" \(func \$\w+(?: \((?:param|result|local) [^()]*\))*", flat).end()
    locals_ = " ".join(f"(local $mpk_cp_{x} i32)" for x in "pniasd")
    chunks[k] = flat[:head_end] + f" {locals_} " + _at_entry() + flat[head_end:]
    return "".join(chunks)
