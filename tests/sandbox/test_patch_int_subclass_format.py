"""The `int_subclass_format` patch (wasm/patches/int_subclass_format.py): `str.format` and f-strings
format an instance of an `int` subclass as its int value.

Differential cells (the same code on host CPython and in the sandbox, outputs equal): a user class
derived from `int` (with and without its own `__str__`), an `IntEnum` member, numpy's `int64`,
`int32` and `bool_` scalars, each through many format specs in `str.format` and f-strings
(width, fill and alignment, sign, `#`, `0`, grouping, precision, every integer and float type),
a bare `{}`, `!s` and `!r` fields, nested specs, keyword fields. `check` is the patched behaviour;
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

# Specs whose float formatting `str.format` does as CPython (`,.2f` and ties in `e` differ for plain
# ints too: README, "Floats and format specs").
SPECS = ["", ">4", "<5", "^7", "*^9", "=+6", "+", " ", "-", "05", "d", "5d", "+d", "b", "#b", "o", "#o",
         "x", "#X", "08x", "c", "n", ",", "_", "10,", "_b", ".1f", ".2f", "8.3f", "e", ".3E", "g", "G",
         "%", ".1%", "F"]

CLASSES_CELL = f"""
import enum

class I(int):
    pass

class Named(int):
    def __str__(self):
        return "named"

class C(enum.IntEnum):
    A = 1
    B = 66

values = [I(7), I(-1234567), Named(42), C.A, C.B, I(0)]
for spec in {SPECS!r}:
    row = []
    for v in values:
        try:
            row.append(("{{:" + spec + "}}").format(v))
        except (ValueError, TypeError, OverflowError) as e:
            row.append(type(e).__name__)
    print(repr(spec), row)
i, n, c, w = I(7), Named(42), C.B, 6
print(f"{{i}}|{{i:d}}|{{i:.1f}}|{{i:>{{w}}}}|{{n}}|{{n:d}}|{{n!s:>7}}|{{c:d}}|{{c:x}}|{{c}}|{{c!r}}|{{c:^{{w}}.1f}}")
print("{{0:{{1}}}}|{{v:,}}|{{v!s:>9}}|{{0!r}}".format(i, ">3", v=I(10**6)))
print([I(3) + 1, "{{:d}}".format(I(3) + 1), "{{:b}}".format(True), "{{:>5}}".format(False)])
"""

NUMPY_CELL = f"""
import numpy as np

x = np.array([1, 2, 3]).sum()
values = [x, np.int64(-98761), np.int32(5), np.True_, np.False_, np.array([4, 5]).max()]
for spec in {SPECS!r}:
    row = []
    for v in values:
        try:
            row.append(("{{:" + spec + "}}").format(v))
        except (ValueError, TypeError, OverflowError) as e:
            row.append(type(e).__name__)
    print(repr(spec), row)
print(f"{{x:>4}}|{{x:.2f}}|{{x:5d}}|{{x:,}}|{{x}}|{{x!r}}|{{np.True_:d}}|{{np.True_}}")
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from CPython on `sb` (empty: the patch works)."""
    problems = []
    for name, cell in (("classes", CLASSES_CELL), ("numpy", NUMPY_CELL)):
        r = sb.run(cell)
        expected = cpython(cell)
        if r.error is not None or r.stdout != expected:
            problems.append(f"{name} cell: {r.stdout!r} {r.error}; CPython: {expected!r}")
    return problems


def test_int_subclasses_format_like_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert check(sb) == []


def test_other_objects_still_format_as_before() -> None:
    """Ints, bools, floats, strings and objects that are not ints keep their formatting and errors."""
    cell = """
class Plain:
    def __str__(self):
        return "plain"
for v in (5, -5, 2**40, True, 2.5, "ab", Plain(), None, [1]):
    for spec in ("", ">6", "d", ".1f", "x", "s", "^8"):
        try:
            print(repr(spec), ("{:" + spec + "}").format(v))
        except (ValueError, TypeError, OverflowError) as e:
            print(repr(spec), "error")  # a non-number: TypeError in CPython, ValueError here
"""
    with Sandbox(Limits(wall_seconds=300)) as sb:
        r = sb.run(cell)
    assert r.error is None, r.error
    assert r.stdout == cpython(cell)
