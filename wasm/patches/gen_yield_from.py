"""gen yield from: a generator suspended in `yield from` over an array or memoryview iterator
resumes without entering the bytecode loop.

In MicroPython's terms (v1.29.0, `py/objgenerator.c`, `mp_obj_gen_resume`; `py/vm.c`,
`MP_BC_YIELD_FROM`; `py/objarray.c`, `array_it_iternext`): resuming a generator sets its globals,
marks it running and enters `mp_execute_bytecode`, which sets up an exception handler, pops the
sent value and, at a `YIELD_FROM` opcode, calls `mp_resume(delegate, None)`; for a non-generator
delegate with `iternext` that is `iternext(delegate)`, and an item is yielded again with the
instruction pointer back on the `YIELD_FROM` (`ip--`), the item on top of the stack. The patch
adds a fast path at the start of `mp_obj_gen_resume` for exactly that case: nothing thrown
(`throw_value` NULL), the sent value None, the generator not running and with no pending throw
(`pend_exc` is None), started (`sp` above the state's start), its `ip` on a `YIELD_FROM` byte
(0x68; a suspended generator's `ip` is on an opcode, and a `YIELD_FROM` is only reached by
suspending in it: the compiler puts `LOAD_CONST_NONE` before every one, so it never follows a
`YIELD_VALUE`), and the delegate below the top of the stack (`sp[-1]`) an object of exactly the
array iterator type (`array`, `bytearray`, `memoryview` iteration; `Target.array_it_type`). Then
it calls `array_it_iternext(delegate)` itself; an item is stored in `*ret_val` and
`MP_VM_RETURN_YIELD` returned, the generator's state untouched — what the bytecode path leaves
(the top slot holds None after a yield, `MICROPY_PY_GENERATOR_PEND_THROW`). When the iterator is
exhausted (it stays so: `cur_index` is not moved), the upstream path runs and finishes the
`yield from` as before. The item is made by `mp_binary_get_val_array` as upstream (a MemoryError
for a float leaves the iterator one item on, as in the bytecode path, where it reaches the
generator's handlers; here the generator stays suspended). Globals are not switched: no Python
code runs. Used by the guest `random`'s `random()` (a generator's `__next__` in `yield from`
over a memoryview of doubles): ~350 fuel less a call.

Site, by shape: the four-parameter function that returns early when `ip` (offset 12) is 0,
compares `sp` (offset 16) with the state's start (`self + 24`), marks the generator running and
not running (`pend_exc`, offset 4: 0, then 6) and dispatches on the result with a three-way
`br_table` (`mp_obj_gen_resume`): exactly `SITES` = 1; the one-parameter function that compares
`cur_index` (12) with the array's `len` and calls `mp_binary_get_val_array(typecode & 127, items,
offset + cur_index)` (`array_it_iternext`): exactly 1.

Test: `tests/sandbox/test_patch_gen_yield_from.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "gen_yield_from"
SITES = 1
TEST = "tests/sandbox/test_patch_gen_yield_from.py::test_yield_from_an_array_resumes_cheaply"
YIELD_FROM = 0x68  # MP_BC_BASE_BYTE_E + 0x08 (py/bc0.h)
NONE = 6  # mp_const_none in this build
ITERNEXT = re.compile(
    r" \(func \$(?P<name>\w+) \(param \$0 i32\) \(result i32\) \(local \$1 i32\) \(local \$2 i32\) \(local \$3 i32\) "
    r"\(local\.set \$1 \(i32\.const 0\)\) \(block \$block \(br_if \$block \(i32\.ge_u \(local\.tee \$2 "
    r"\(i32\.load offset=12 \(local\.get \$0\)\)\) \(i32\.load offset=8 \(local\.tee \$3 \(i32\.load offset=4 "
    r"\(local\.get \$0\)\)\)\)\)\) .*\(call \$\w+ \(i32\.and \(local\.get \$3\) \(i32\.const 127\)\) "
    r"\(local\.get \$1\) \(i32\.add \(i32\.load offset=8 \(local\.get \$0\)\) \(local\.get \$2\)\)\)\)\) "
    r"\(local\.get \$1\)\)\s*$")
RESUME_MARKS = ("(i32.load offset=12 (local.get $0))", "(i32.load offset=16 (local.get $0))",
                "(i32.add (local.get $0) (i32.const 24))", "(i32.store offset=4 (local.get $0) (i32.const 0))",
                "(i32.store offset=4 (local.get $0) (i32.const 6))")


def apply(wat: str, target: Target) -> str:
    """Add the `yield from` fast path to `mp_obj_gen_resume`; `FetchError` unless found exactly once."""
    if not target.array_it_type:
        raise FetchError("gen yield from patch: the lock has no array_it_type for this build")
    chunks = split_functions(wat)
    nexts = [m.group("name") for c in chunks if c.startswith(" (func ")
             for m in [ITERNEXT.match(normalise(c))] if m]
    if len(nexts) != 1:
        raise FetchError(f"gen yield from patch: expected 1 array_it_iternext, found {len(nexts)}")
    found = []
    for i, chunk in enumerate(chunks):
        head = chunk.split("\n", 1)[0]
        if chunk.startswith(" (func ") and "(param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (result i32)" \
                in head:
            flat = normalise(chunk)
            if all(mark in flat for mark in RESUME_MARKS) and flat.count("(br_table ") == 1 \
                    and re.search(r"\(br_table \$\w+ \$\w+ \$\w+ ", flat):
                found.append((i, flat))
    if len(found) != SITES:
        raise FetchError(f"gen yield from patch: expected {SITES} mp_obj_gen_resume, found {len(found)} "
                         "(a different upstream build?)")
    i, flat = found[0]
    head = re.match(r" \(func \$\w+ \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(param \$3 i32\) "
                    r"\(result i32\) \(local \$4 i32\)", flat)
    if head is None:
        raise FetchError("gen yield from patch: mp_obj_gen_resume's locals are not as expected")
    fast = (
        "(block $mpk_gyf "
        f"(br_if $mpk_gyf (i32.or (local.get $2) (i32.ne (local.get $1) (i32.const {NONE})))) "
        f"(br_if $mpk_gyf (i32.ne (i32.load offset=4 (local.get $0)) (i32.const {NONE}))) "
        "(br_if $mpk_gyf (i32.eqz (local.tee $4 (i32.load offset=12 (local.get $0))))) "
        f"(br_if $mpk_gyf (i32.ne (i32.load8_u (local.get $4)) (i32.const {YIELD_FROM}))) "
        "(br_if $mpk_gyf (i32.eq (local.tee $4 (i32.load offset=16 (local.get $0))) "
        "(i32.add (local.get $0) (i32.const 24)))) "
        "(local.set $4 (i32.load (i32.sub (local.get $4) (i32.const 4)))) "
        "(br_if $mpk_gyf (i32.or (i32.eqz (local.get $4)) (i32.and (local.get $4) (i32.const 3)))) "
        f"(br_if $mpk_gyf (i32.ne (i32.load (local.get $4)) (i32.const {target.array_it_type}))) "
        f"(br_if $mpk_gyf (i32.eqz (local.tee $4 (call ${nexts[0]} (local.get $4))))) "
        "(i32.store (local.get $3) (local.get $4)) "
        "(return (i32.const 1))) "
    )
    chunks[i] = flat[:head.end()] + " " + fast + flat[head.end():]
    return "".join(chunks)
