"""Instances of `int` subclasses format and convert as their int value, as in CPython: user classes,
`enum.IntEnum` members and numpy's integer scalars (the guest numpy's `int64`, `int32` and `bool_`
subclass `int`) in f-strings with many specs, `str.format`, `format()`, `%`-formatting, `bin`/
`oct`/`hex`, `round(x, n)` and int methods. Differential: the same cell on the host CPython (with
the real numpy) and in the sandbox (`stdlib_support.same`)."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

# Specs whose float formatting `str.format` does as CPython (`,.2f` and ties in `e` differ for plain
# ints too: README, "Floats and format specs").
SPECS = ["", "4", ">6", "<6", "^6", "*^8", "=+7", "+", " ", "07", "d", "5d", "b", "#b", "o", "#o", "x", "#X",
         "08x", "n", ",", "_", "12,", "_x", ".1f", ".3f", "9.2f", "e", ".2E", "g", ".3G", "%", ".1%", "F",
         "+.1f"]

CLASSES = """
import enum

class I(int):
    pass

class Named(int):
    def __str__(self):
        return "named"

class Color(enum.IntEnum):
    RED = 1
    BLUE = 255
"""


@pytest.mark.parametrize("specs", [SPECS[i:i + 12] for i in range(0, len(SPECS), 12)])
def test_int_subclasses_in_str_format_and_fstrings(sandbox: Sandbox, specs: list[str]) -> None:  # noqa: F811
    lines = [CLASSES, "values = [I(7), I(-1234567), Named(42), Color.RED, Color.BLUE, I(0)]",
             f"for spec in {specs!r}:",
             "    print(repr(spec), [('{:' + spec + '}').format(v) for v in values],",
             "          [format(v, spec) for v in values])"]
    same(sandbox, "\n".join(lines))


def test_int_subclasses_in_fstrings_and_percent(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, CLASSES + '''
i, n, c, width = I(1234), Named(42), Color.BLUE, 9
print(f"{i}|{i!r}|{i:d}|{i:,}|{i:>{width}}|{i:^{width}.2f}|{i:#x}|{i = }|{n}|{n!r}|{n:>5}")
print(f"{c}|{c!r}|{c!s}|{c:d}|{c:x}|{c:>6}|{c:08b}|{c:.1%}|{Color.RED + 1:d}")
print("{0}|{0:>8,}|{v:_b}|{v!r:>12}|{0:{1}}".format(i, "+", v=c))
print("%d|%s|%r|%x|%o|%X|%5d|%-5d|%05d" % (i, i, i, i, i, c, c, c, n))
print(format(i), format(c), format(n, ""), str(i), str(c), repr(c))
''')


def test_int_subclasses_convert_as_ints(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, CLASSES + '''
for v in (I(7), I(-300), Named(42), Color.RED, Color.BLUE):
    print(bin(v), oct(v), hex(v), round(v), round(v, 1), round(v, -1), round(v, -2), v.bit_length(),
          divmod(v, 4), int(v), abs(v) == abs(int(v)), [0] * 3 == [0] * (I(3) - 0))
    print(type(round(v)).__name__, type(round(v, 1)).__name__)
''')


def test_numpy_integer_scalars_format_like_numpy(sandbox: Sandbox) -> None:  # noqa: F811
    pytest.importorskip("numpy")
    lines = ["import numpy as np",
             "x = np.array([1, 2, 3]).sum()",
             "values = [x, np.int64(-98761), np.int32(5), np.array([4, 5]).max(), np.int64(10**12)]",
             f"for spec in {SPECS!r}:",
             "    print(repr(spec), [('{:' + spec + '}').format(v) for v in values],",
             "          [format(v, spec) for v in values])",
             "print(f'{x:>4}|{x:.2f}|{x:5d}|{x:,}|{x}|{x!r}|{np.True_:d}|{np.True_}|{np.False_:>6}')",
             "print('%d|%s|%r|%5.1f' % (x, x, x, x), '{:d}'.format(np.True_), format(np.True_, ''))",
             "print(bin(x), oct(x), hex(x), round(x, 1), round(x, -1), repr(round(x, 1)), repr(round(x)))"]
    same(sandbox, "\n".join(lines))
