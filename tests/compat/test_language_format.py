"""format() and f-string format specs as CPython (issue 26): floats without a type (3.0 -> "3.0"),
',' and '_' grouping, '=' fill, precision past 16 digits, '%', nested specs. Differential: the
same cell on the host CPython and in the sandbox (`stdlib_support.same`)."""

from __future__ import annotations

import itertools

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

SPECS = ["", "=<8", "9", "<9", ">9", "^9", "*>9", "=^9", "=9", "09", "+", ".3", ".17f", ".20f", "e", ".2%",
         ",.2f", "_", "x", "#b", "10.3f", ".0f", "g", ".12g", ",", "+.1e", " 8.2f", ".3g", "#x", "08.3f", "c",
         "08,", "010,.2f"]
VALUES = ["'ab'", "3.", "42", "0.1", "-7", "1234567.891", "1e20", "1e-7", "-0.0", "True", "2.5", "0.125",
          "123456789012", "float('inf')"]


@pytest.mark.parametrize("specs", [SPECS[i:i + 8] for i in range(0, len(SPECS), 8)])
def test_format_builtin(sandbox: Sandbox, specs: list[str]) -> None:  # noqa: F811
    lines = [f"try:\n    print(repr(format({v}, {s!r})))\nexcept (ValueError, TypeError, OverflowError) as e:\n"
             "    print(type(e).__name__)" for s, v in itertools.product(specs, VALUES)]
    same(sandbox, "\n".join(lines))


def test_fstrings_with_specs(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, '''
        name, price, qty, total, width = "apple", 3.0, 12, 1234567.891, 10
        print(f"{name:10}|{price:8}|{qty:>5}|{total:,.2f}|{total:,}|{price:=^9}|{0.1:.17f}")
        print(f"{price!r:>6}|{price:{width}}|{price:.2f}|{price = }|{qty:_}|{qty:08,}|{0.256:.1%}")
        for item, cost in [("tea", 2.5), ("cake", 10.0)]:
            print(f"{item:<8}{cost:>8}{cost * 1.1:>10.2f}")
        text = f"""{price:9}
        {name:>8}"""
        print(text)
    ''')


def test_format_calls_dunder_format(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, '''
        import datetime
        class Money:
            def __init__(self, v):
                self.v = v
            def __format__(self, spec):
                return "$" + format(self.v, spec or ".2f")
        d = datetime.date(2024, 3, 5)
        print(format(d, "%d/%m/%Y"), f"{d:%Y}", format(Money(3), ""), f"{Money(2.5):>8}", format([1, 2]))
        try:
            format(object(), "d")
        except TypeError as e:
            print("TypeError")
    ''')
