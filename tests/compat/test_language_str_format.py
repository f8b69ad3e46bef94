"""str.format with specs MicroPython formats otherwise: host CPython vs the sandbox.

The source pass sends `"literal".format(...)` to the guest's CPython str.format when a field's spec
is one this build gets wrong (precision past 15 digits, `=` fill, a float with no type letter).
No expected output is written by hand.
"""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_str_format_specs(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        print("0.1 = {0:.17f}".format(0.1))
        print("0.3 = {0:.20f}".format(0.3))
        print('{0:=<8}|{1:9}|{2:^9}|'.format('a', 3., 2.5))
        print("{x:.20f} {y:>12.15e}".format(x=0.1, y=1/3))
        print("{:{w}.{p}f}|{!r:>8}|{0:.18g}".format(3.14159265, "s", w=12, p=17))
        print("{0[1]:.17f} {1.real:.17f} {{literal}}".format([0, 0.2], 0.7))
        print("{:,.2f} {:_} {:#x} {:08.3f}".format(1234567.891, 10**7, 255, -3.5))
        class P:
            def __format__(self, spec):
                return "P<" + spec + ">"
        print("{:>10.17}".format(P()))
    """)


def test_str_format_errors(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        calls = [lambda: "{0:.17f} {}".format(1.0, 2.0), lambda: "{:.17f} {1}".format(1.0, 2.0),
                 lambda: "{2:.17f}".format(1.0), lambda: "{:.17f}".format(1), lambda: "{:=^9.17}".format("ab")]
        for call in calls:
            try:
                print(call())
            except (ValueError, IndexError) as e:
                print(type(e).__name__, e)
        print("{:.17f}".format(0.1, 99))
    """)
