"""small int str: `str(i)` of a small int writes its digits directly, without the print machinery.

In MicroPython's terms (v1.29.0, `py/objstr.c`, `mp_obj_str_make_new`): `str(x)` with one
argument makes a 16-byte vstr (`vstr_init_print`), prints `x` into it (`mp_obj_print_helper` →
`mp_obj_get_type` → the type's `print` slot, `mp_obj_int_print` → `mp_obj_int_formatted`'s general
path with prefix, comma and base checks → `mp_print_str`, `strlen` and `vstr_add_strn`), then
makes the str from the vstr (`mp_obj_new_str_type_from_vstr`: the buffer renewed to `len + 1`,
a 16-byte str object). ~2,500 fuel per call beyond the loop around it; compute workload `dicts`
calls it 300,000 times.

The patch adds `$mpk_small_int_str(obj)`: the decimal digits of the small int (`-` first for a
negative one: `MP_OBJ_SMALL_INT_VALUE`, `%d` as `mp_obj_int_formatted` writes it) into a 16-byte
C-stack frame, then `mp_obj_new_str_copy(&mp_type_str, digits, len)` (`py/objstr.c`): a str object
of type `str` with its own NUL-terminated copy of the text and the hash that constructor stores
(0, "not computed", under `lazy_str_hash`; the djb2 hash without it). `mp_obj_str_make_new`'s
one-argument case calls it instead of the vstr path when `type == &mp_type_str` and `args[0]` is
a small int (`args[0] & 1`). What upstream returns there is the same: under `str_lookup` a fresh
heap str (no qstr lookup) with the same value, type and length; two allocations (object and a
one-block buffer) as before. Everything else takes the upstream path: `bool` (`True` is an
object, not a small int), big ints, instances of `int` subclasses (objects: their own `__str__`
or `__repr__` is called as before), any other type. `class S(str)`: `S(5)` makes its native part
through this same function with `type == &mp_type_str` (`mp_obj_instance_make_new`,
`py/objtype.c`) and gets the same str as upstream. Not changed: `repr(i)`, `'%d' % i`,
`str.format`, f-strings and `print(i)` (other functions, upstream cost).

Sites, by shape, in normalised Binaryen text:
- `mp_obj_str_make_new`: the function of four parameters that calls the argument check with
  `(n_args, 0, 6)` (`MP_OBJ_FUN_MAKE_SIG(0, 3, false)`), then, in its one-argument case, the
  sequence `vstr_init_print(&vstr, 16, &print); mp_obj_print_helper(&print, args[0],
  PRINT_STR); r = mp_obj_new_str_type_from_vstr(type, &vstr)` on `$0` (type) and `$3` (args):
  exactly `SITES` = 1 such sequence;
- `mp_obj_new_str_copy`: the three-parameter function `lazy_str_hash` also finds (object
  `A(16, type)`, `len` at 8, `hash` at 4 when `data` is not NULL, a new buffer at 12 filled with
  `memory.copy`), called from `mp_obj_str_make_new` (its two-argument case): exactly one;
- the stack pointer: the global `mp_obj_str_make_new`'s prologue lowers.

Test: `tests/sandbox/test_patch_small_int_str.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "small_int_str"
SITES = 1
TEST = "tests/sandbox/test_patch_small_int_str.py::test_str_of_small_int_takes_the_fast_path"
FN = "$mpk_small_int_str"
FRAME = 16  # bytes of C stack for the digits: at most 11 ("-1073741824"), as mp_obj_int_print's 16

# `vstr_init_print(sp + V, 16, sp + P); mp_obj_print_helper(sp + P, args[0], 0); r = from_vstr(type, sp + V)`
CASE_ONE = re.compile(
    r"\(call \$\w+ \(i32\.add \(local\.get \$(?P<sp>\d+)\) \(i32\.const (?P<v>\d+)\)\) \(i32\.const 16\) "
    r"\(i32\.add \(local\.get \$(?P=sp)\) \(i32\.const (?P<p>\d+)\)\)\) "
    r"\(call \$\w+ \(i32\.add \(local\.get \$(?P=sp)\) \(i32\.const (?P=p)\)\) \(i32\.load \(local\.get \$3\)\) "
    r"\(i32\.const 0\)\) "
    r"\(local\.set \$(?P<r>\d+) \(call \$\w+ \(local\.get \$0\) \(i32\.add \(local\.get \$(?P=sp)\) "
    r"\(i32\.const (?P=v)\)\)\)\)")
ARG_CHECK = re.compile(r"\(call \$\w+ \(local\.get \$1\) \(i32\.const 0\) \(i32\.const 6\)\)")
PROLOGUE = re.compile(r"\(global\.set \$(?P<g>[\w$]+) \(local\.tee \$\d+ \(i32\.sub \(global\.get \$(?P=g)\) "
                      r"\(i32\.const \d+\)\)\)\)")
COPY = (
    r" \(func \$(?P<name>\w+) \(param \$0 i32\) \(param \$1 i32\) \(param \$2 i32\) \(result i32\) \(local \$3 i32\) "
    r"\(i32\.store offset=8 \(local\.tee \$0 \(call \$\w+ \(i32\.const 16\) \(local\.get \$0\)\)\) "
    r"\(local\.get \$2\)\) \(block \$(?P<b>\w+) \(br_if \$(?P=b) \(i32\.eqz \(local\.get \$1\)\)\) "
    r"\(i32\.store offset=4 \(local\.get \$0\) "
    r"(?:\(call \$\w+ \(local\.get \$1\) \(local\.get \$2\)\)|\(i32\.const 0\))\) "
    r"\(i32\.store offset=12 \(local\.get \$0\) \(local\.tee \$3 \(call \$\w+ \(i32\.add \(local\.get \$2\) "
    r"\(i32\.const 1\)\)\)\)\) .*\(memory\.copy \(local\.get \$3\) \(local\.get \$1\) \(local\.get \$2\)\)")


def _function(copy: str, str_type: int, sp: str) -> str:
    """`$mpk_small_int_str(obj) -> str`: digits of the small int `obj` into a stack frame, then a copy."""
    return (
        f" (func {FN} (param $0 i32) (result i32) (local $1 i32) (local $2 i32) (local $3 i32) (local $4 i32)"
        f" (global.set ${sp} (local.tee $1 (i32.sub (global.get ${sp}) (i32.const {FRAME}))))"
        f" (local.set $2 (i32.add (local.get $1) (i32.const {FRAME})))"
        " (local.set $3 (i32.shr_s (local.get $0) (i32.const 1)))"
        " (if (i32.lt_s (local.get $3) (i32.const 0)) (then (local.set $3 (i32.sub (i32.const 0) (local.get $3)))))"
        " (loop $mpk_digit"
        " (i32.store8 (local.tee $2 (i32.sub (local.get $2) (i32.const 1)))"
        " (i32.add (i32.rem_u (local.get $3) (i32.const 10)) (i32.const 48)))"
        " (br_if $mpk_digit (local.tee $3 (i32.div_u (local.get $3) (i32.const 10)))))"
        " (if (i32.lt_s (local.get $0) (i32.const 0))"
        " (then (i32.store8 (local.tee $2 (i32.sub (local.get $2) (i32.const 1))) (i32.const 45))))"
        f" (local.set $4 (call ${copy} (i32.const {str_type}) (local.get $2)"
        f" (i32.sub (i32.add (local.get $1) (i32.const {FRAME})) (local.get $2))))"
        f" (global.set ${sp} (i32.add (local.get $1) (i32.const {FRAME})))"
        " (local.get $4))\n")


def apply(wat: str, target: Target) -> str:
    """Add the fast path to `mp_obj_str_make_new`'s one-argument case; `FetchError` unless exact."""
    if FN in wat:
        raise FetchError(f"small int str patch: the name {FN} is already in use")
    chunks = split_functions(wat)
    found, copies = [], []
    copy_re = re.compile(COPY)
    for i, chunk in enumerate(chunks):
        if not chunk.startswith(" (func "):
            continue
        head = chunk.split("\n", 1)[0]
        # the head line only: the locals follow on their own lines in wasm-dis text (a function
        # lazy_str_hash rewrote is one line), so the regex checks them on the normalised text
        if head.startswith(" (func $") and "(param $2 i32) (result i32)" in head and "(memory.copy" in chunk:
            m = copy_re.match(normalise(chunk))
            if m:
                copies.append(m.group("name"))
        if "(param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (result i32)" not in head \
                or "(i32.const 6)" not in chunk:
            continue
        flat = normalise(chunk)
        if ARG_CHECK.search(flat):
            found += [(i, flat, m) for m in CASE_ONE.finditer(flat)]
    if len(found) != SITES:
        raise FetchError(f"small int str patch: expected {SITES} one-argument case of mp_obj_str_make_new, "
                         f"found {len(found)} (a different upstream build?)")
    i, flat, m = found[0]
    called = [c for c in copies if f"(call ${c} " in flat]
    if len(called) != 1:
        raise FetchError(f"small int str patch: expected one mp_obj_new_str_copy called by mp_obj_str_make_new, "
                         f"found {len(called)} (of {len(copies)})")
    sp = PROLOGUE.search(flat)
    if sp is None:
        raise FetchError("small int str patch: mp_obj_str_make_new's stack frame prologue not found")
    fast = (f"(if (i32.and (i32.eq (local.get $0) (i32.const {target.str_type})) "
            f"(i32.and (i32.load (local.get $3)) (i32.const 1))) "
            f"(then (local.set ${m.group('r')} (call {FN} (i32.load (local.get $3))))) "
            f"(else {m.group(0)}))")
    chunks[i] = flat[:m.start()] + fast + flat[m.end():]
    chunks.insert(1, _function(called[0], target.str_type, sp.group("g")))
    return "".join(chunks)
