"""int subclass format: `str.format` (and f-strings) format an instance of an `int` subclass as its int.

In MicroPython's terms (v1.29.0, `py/objstr.c`, `mp_obj_str_format_helper`): after a field's
argument is fetched and its optional conversion (`!s`, `!r`, or the implicit `!s` of a field
without a format spec) has replaced it by a `str`, the spec is applied by type: `arg_looks_integer`
(`mp_obj_is_bool || mp_obj_is_int`: small ints and objects of exactly `mp_type_int`) and
`arg_looks_numeric` (also exactly `mp_type_float`); anything else is treated as a string, so
`"{:>4}".format(x)` raises TypeError ("can't convert 'I' object to str implicitly") and
`"{:d}".format(x)` ValueError ("unknown format code") for an instance of a user class derived
from `int`: an `IntEnum` member, numpy's `int64` and `bool_` scalars of the guest library.
CPython (`Objects/abstract.c`, `PyObject_Format`) calls `type(x).__format__`, which for an `int`
subclass without its own is `int.__format__`: the int value formatted by the spec (an empty spec
is `str(x)`, unchanged here since that field is converted with `!s` first).

The patch inserts one statement right after the conversion block: when `arg` is an object (not a
small int, qstr or immediate), its type is not `mp_type_int` but `mp_obj_is_subclass_fast(type,
&mp_type_int)` holds (in MicroPython only user classes derive from `int`, so `arg` is an
`mp_obj_instance_t`), and its native base object `subobj[0]` is an int (small or of type
`mp_type_int`), then `arg = subobj[0]` — what `mp_obj_cast_to_native_base(arg, &mp_type_int)`
returns, checked once more. Every later type check then sees an int. Not done: a subclass's own
`__format__` is not called (MicroPython's `str.format` calls no `__format__`); float cannot be
subclassed in this build, so there is no float case.

Sites, by shape, exactly `SITES` = 1 per build:
- the statement `arg = mp_obj_new_str_type_from_vstr(&mp_type_str, &vstr)` ending a block, in
  the one function that calls itself (the nested-spec recursion) and compares a character with
  `'s'` (115); `&mp_type_str` is `Target.str_type`;
- `&mp_type_int`: the constant that `arg`'s type is compared with by `arg_looks_integer` later in
  that function (`(i32.ne (i32.load arg) (i32.const INT))`, one value);
- `mp_obj_is_subclass_fast` (`py/objtype.c`): the one function of two parameters that calls
  itself on a parent (`(call $self (i32.load ...) (local.get $1))`), begins with `object ==
  classinfo` and reads the type's `parent` slot index (`i32.load8_u offset=18`).

Test: `tests/sandbox/test_patch_int_subclass_format.py`.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import Target, normalise, split_functions

NAME = "int_subclass_format"
SITES = 1
TEST = "tests/sandbox/test_patch_int_subclass_format.py::test_int_subclasses_format_like_cpython"
SUBOBJ_OFFSET = 16  # offsetof(mp_obj_instance_t, subobj) on wasm32: base 4 + mp_map_t 12


def _conversion_site(str_type: int) -> re.Pattern[str]:
    """`arg = new_str_from_vstr(&mp_type_str, sp + N)` closing its block (normalised text)."""
    return re.compile(
        rf"\(local\.set \$(?P<arg>\d+) \(call \$\d+ \(i32\.const {str_type}\) "
        r"\(i32\.add \(local\.get \$\d+\) \(i32\.const \d+\)\)\)\)\)")


def _is_subclass_fast(chunks: list[str]) -> str:
    """The name of `mp_obj_is_subclass_fast`; `FetchError` unless exactly one function fits."""
    found = []
    for chunk in chunks:
        m = re.match(r" \(func \$(\w+) \(param \$0 i32\) \(param \$1 i32\) \(result i32\)", chunk)
        if not m or "(i32.load8_u offset=18" not in chunk:
            continue
        flat = normalise(chunk)
        if (re.search(r"\(br_if \$\w+ \(i32\.eq \(local\.get \$0\) \(local\.get \$1\)\)\)", flat)
                and re.search(rf"\(call \${m.group(1)} \(i32\.load \(local\.get \$\d+\)\) \(local\.get \$1\)\)", flat)):
            found.append(m.group(1))
    if len(found) != 1:
        raise FetchError(f"int subclass format patch: expected 1 mp_obj_is_subclass_fast, found {len(found)}")
    return found[0]


def apply(wat: str, target: Target) -> str:
    """Insert the int-subclass cast after the conversion block; `FetchError` unless exact."""
    chunks = split_functions(wat)
    site = _conversion_site(target.str_type)
    found = []
    for i, chunk in enumerate(chunks):
        m = re.match(r" \(func \$(\w+) ", chunk)
        if not m or f"(i32.const {target.str_type})" not in chunk or "(i32.const 115)" not in chunk:
            continue
        flat = normalise(chunk)
        if f"(call ${m.group(1)} " not in flat:
            continue
        found += [(i, flat, s) for s in site.finditer(flat)]
    if len(found) != SITES:
        raise FetchError(f"int subclass format patch: expected {SITES} conversion block of str.format, "
                         f"found {len(found)} (a different upstream build?)")
    i, flat, m = found[0]
    arg = f"${m.group('arg')}"
    int_types = set(re.findall(rf"\(i32\.ne \(i32\.load \(local\.get \{arg}\)\) \(i32\.const (\d+)\)\)",
                               flat[m.end():]))
    if len(int_types) != 1:
        raise FetchError(f"int subclass format patch: expected one int type compared with the argument, "
                         f"found {sorted(int_types)}")
    int_type = int_types.pop()
    subclass = _is_subclass_fast(chunks)
    base = f"(i32.load offset={SUBOBJ_OFFSET} (local.get {arg}))"
    is_int = (f"(if (result i32) (i32.and {base} (i32.const 1)) (then (i32.const 1)) "
              f"(else (if (result i32) (i32.and {base} (i32.const 3)) (then (i32.const 0)) "
              f"(else (i32.eq (i32.load {base}) (i32.const {int_type}))))))")
    cast = (f" (if (i32.eqz (i32.and (local.get {arg}) (i32.const 3))) (then "
            f"(if (i32.ne (i32.load (local.get {arg})) (i32.const {int_type})) (then "
            f"(if (call ${subclass} (i32.load (local.get {arg})) (i32.const {int_type})) (then "
            f"(if {is_int} (then (local.set {arg} {base})))))))))")
    chunks[i] = flat[:m.end()] + cast + flat[m.end():]
    return "".join(chunks)
