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

The patch puts a fast path right after those two decodings (what it reads was computed by the
upstream code, which stays as it is): when the call has no keyword arguments (`n_kw == 0`), the
signature no `**kwargs`, `*args` or keyword-only defaults (flags 0x02, 0x04, 0x08) and no
keyword-only parameter, `n_args` equals the number of positional parameters (so no default is
used) and the prelude declares no cell, it does what the general path does for such a call:
`exc_sp_idx` = 0, the `n_state` slots zeroed, `args[i]` into `state[n_state - 1 - i]`, `ip` past
the code info (no cell bytes follow), the C stack frame released, return. It makes no call: it
cannot raise, allocate or collect. Every other call (keywords, defaults used, too many or too few
arguments and their TypeError, `*args`, `**kwargs`, keyword-only parameters, closures' cells)
finds the fast path's tests false (~10 fuel) and goes on with the upstream code unchanged.
Generators are set up by the same function, so a generator function called with its positional
parameters takes the fast path too. Fuel per call: ~45-50 less (`f(a)` 917 -> 869 beyond the
loop step, `fib(30)` see docs/speed.md); a call that binds anything else pays the tests.

Site, by shape: the four-parameter function without a result that allocates its C stack frame,
reads the function object (`code_state->fun_bc`, offset 0) and its `bytecode` (offset 12), stores
`code_state + 16` into `sp` (offset 8), `bytecode + 1` into `ip` (offset 4) and the first byte's
positional count (`& 3`), and that zeroes the state with `memory.fill` after storing 0 into
`exc_sp_idx` (`store16` offset 14): exactly `SITES` = 1; in it one accumulation each of the
signature's K (bit 3) and F (bit 6) bits and one sizes loop (I: 6 bits a byte, C: bit 0), after
which the fast path goes.

Test: `tests/sandbox/test_patch_call_positional.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, expression_end, normalise, split_functions

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
# The signature loop's K (bit 3 of each byte) and F (bit 6) and A (bit 2) accumulations.
SIG_BIT = (r"\(local\.set \$(?P<{0}>\d+) \(i32\.or \(i32\.shl \(i32\.and \(i32\.shr_u \(local\.get \$\d+\) "
           r"\(i32\.const {1}\)\) \(i32\.const 1\)\) \(local\.get \$\d+\)\) \(local\.get \$(?P={0})\)\)\)")
SIG_A = r"\(local\.set \${A} \(i32\.or \(i32\.shl \(i32\.and \(local\.get \$\d+\) \(i32\.const 4\)\) "
# The sizes loop: I (bits 1-6 of each byte, 6 bits a byte) and C (bit 0), ip stored at each byte.
SIZES = re.compile(
    r"\(loop \$\w+ \(i32\.store offset=4 \(local\.get \$0\) \(local\.tee \$\d+ \(i32\.add \(local\.get \$(?P<ip>\d+)\) "
    r"\(i32\.const 1\)\)\)\) \(local\.set \$(?P<I>\d+) \(i32\.or \(i32\.shl \(i32\.and \(i32\.shr_u \(local\.tee "
    r"\$(?P<z>\d+) \(i32\.load8_s \(local\.get \$(?P=ip)\)\)\) \(i32\.const 1\)\) \(i32\.const 63\)\) \(i32\.mul "
    r"\(local\.get \$(?P<n>\d+)\) \(i32\.const 6\)\)\) \(local\.get \$(?P=I)\)\)\) \(local\.set \$(?P<C>\d+) "
    r"\(i32\.or \(i32\.shl \(i32\.and \(local\.get \$(?P=z)\) \(i32\.const 1\)\) \(local\.get \$(?P=n)\)\) "
    r"\(local\.get \$(?P=C)\)\)\)")
ZEROED = re.compile(r"\(i32\.store16 offset=14 \(local\.get \$0\) \(i32\.const 0\)\) .{0,200}\(memory\.fill ")

# mp_code_state_t (py/bc.h, this build): fun_bc 0, ip 4, sp 8, n_state (u16) 12, exc_sp_idx (u16) 14,
# old_globals 16, state[] 20.
IP, N_STATE, EXC_SP_IDX, STATE = 4, 12, 14, 20
FLAGS_BOUND = 0x0E  # MP_SCOPE_FLAG_VARKEYWORDS | MP_SCOPE_FLAG_VARARGS | MP_SCOPE_FLAG_DEFKWARGS


def _fast_path(v: dict[str, str]) -> str:
    """The fast path, put right after the sizes are decoded (`v`: the decoded values' locals, the
    frame's local and size, the stack pointer global): returns when it applies, else falls
    through having changed nothing."""
    s, a = "$mpk_cp_s", "$mpk_cp_a"
    return (
        "(block $mpk_cp_slow "
        "(br_if $mpk_cp_slow (local.get $2)) "
        f"(br_if $mpk_cp_slow (i32.or (i32.or (i32.and (local.get ${v['F']}) (i32.const {FLAGS_BOUND})) "
        f"(local.get ${v['K']})) (local.get ${v['C']}))) "
        f"(br_if $mpk_cp_slow (i32.ne (local.get ${v['A']}) (local.get $1))) "
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
        f"(i32.store offset={IP} (local.get $0) (i32.add (i32.load offset={IP} (local.get $0)) (local.get ${v['I']}))) "
        f"(global.set {v['g']} (i32.add (local.get ${v['frame']}) (i32.const {v['size']}))) "
        "(return)) ")


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
    k, flat, head = found[0]
    values = {name: head[name] for name in ("g", "frame", "size", "A")}
    for name, shift in (("K", 3), ("F", 6)):
        bits = list(re.finditer(SIG_BIT.format(name, shift), flat))
        if len(bits) != 1:
            raise FetchError(f"call positional patch: expected one {name} accumulation, found {len(bits)}")
        values[name] = bits[0][name]
    sizes = list(SIZES.finditer(flat))
    if len(sizes) != 1 or len(re.findall(SIG_A.format(A=values["A"]), flat)) != 1:
        raise FetchError(f"call positional patch: expected one sizes loop and one A accumulation, found {len(sizes)}")
    values.update(I=sizes[0]["I"], C=sizes[0]["C"])
    at = expression_end(flat, sizes[0].start())
    flat = flat[:at] + " " + _fast_path(values) + flat[at:]
    head_end = re.match(r" \(func \$\w+(?: \((?:param|result|local) [^()]*\))*", flat).end()
    chunks[k] = flat[:head_end] + " (local $mpk_cp_s i32) (local $mpk_cp_a i32)" + flat[head_end:]
    return "".join(chunks)
