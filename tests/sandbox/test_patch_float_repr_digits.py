"""The `float_repr_digits` patch (wasm/patches/float_repr_digits.py): `str(x)` of a float, and
everything that formats a float without a precision (f-strings, `'%s'`, `str.format`, `format(x)`),
prints the shortest decimal that reads back as `x`, as CPython does (`8.2`, not
`8.199999999999999`); `repr` and `print` agree with it.

`check` is the patched behaviour, a differential test: the cell prints, for many floats (i/10,
i/100, prices in cents, pseudo-random values from an integer generator both sides compute alike,
powers of ten around the switch to exponent form, the extremes, inf, nan, -0.0, sums like
0.1 + 0.2 that need 17 digits), each float formatted every way, with and without a precision
(`.2f`, `.6e`, `.10g`, `.15g`, `%5.2f`, normal floats below 1e13; `.17g`, `.18e` of 0.1), inside containers, and
through a float subclass; the sandbox must print exactly what host CPython prints.
`test_build_pipeline.py` runs `check` on a build without this patch, where `t % 0.1` with `t =
"%.17g"` (a template made at run time: literal templates with that many digits go to the guest's
exact formatter) prints `0.1` and the check fails (`str(8.2)` printing 16 digits showed it too, until patch
`float_repr_host` answered the repr case from the host).
"""

from __future__ import annotations

from patch_builds import differs_from_cpython

from mpwasm_kernel import Limits, Sandbox

FLOATS_CELL = """
vals = [i / 10 for i in range(1000)] + [i / 100 for i in range(0, 3000, 7)]
vals += [round(1.07 ** k * 9.99, 2) for k in range(60)] + [i * 0.01 for i in range(200)]
seed = 12345
for _ in range(300):
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2 ** 64
    vals.append((seed >> 11) / 2 ** 53)
    vals.append((seed >> 11) / 2 ** 53 * 10 ** ((seed % 40) - 20))
vals += [1e16, 1e15, 9999999999999998.0, 1e17, 1e22, 1e-7, 1e-4, 1e-5, 0.0001234, 1.5e300, 1.7976931348623157e308,
         2.2250738585072014e-308, 5e-324, -5e-324, 1e-320, 2.5e-310, 4.9406564584124654e-320,
         123456789.0, 0.1 + 0.2, 1 / 3, 2 / 3, 100.0, 0.0, -0.0, 1.0, -8.2, -0.5,
         float("inf"), float("-inf"), float("nan"), 3.14159, 2.5, 1234.5678, 9.95, 0.30000000000000004]
lines = []
for x in vals:
    s = str(x)
    lines.append(" ".join([s, repr(x), f"{x}", "%s" % x, "%r" % x, "{}".format(x), "{0!s}".format(x),
                           format(x), format(x, ""), f"{x!s}", f"{x:}"]))
    if abs(x) < 1e13 and (x == 0 or abs(x) > 1e-300):  # precisions are not this patch's (ties, > 1e13, subnormals)
        lines.append(" ".join([f"{x:.2f}", "{:.6e}".format(x), format(x, ".10g"), "%.15g" % x, "%5.2f" % x]))
    assert float(s) == x or x != x
print(len(lines))
print("\\n".join(lines))
print([8.2, 0.1 + 0.2], (4.35,), {"p": 19.99}, str([8.2, 1 / 3]), f"{[8.2]}")
x = 8.2
print(x, str(x), repr(x), f"{x}", "%s" % x, "{}".format(x), format(x))
class F(float):
    pass
class G(float):
    def __str__(self):
        return "G!"
print(str(F(8.2)), repr(F(8.2)), f"{F(4.35)}", "%s" % F(0.7), str(G(8.2)), f"{G(8.2)}", F(8.2) + 1)
t17, t18, t2 = "%.17g", "%.18e", "%.2f"  # templates made at run time: the build's own `%`, not the exact formatter
print(t17 % 0.1, t18 % 0.1, t2 % 2 ** 60, "%.17g" % 0.1, "%.18e" % 0.1, "%.2f" % 2 ** 60, "{:.17f}".format(0.1))
print(str(sum([0.1] * 10)), str(0.1 * 3), str(1.1 + 2.2), str(2 ** 0.5), str(10 / 3), str(82 / 10))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    return differs_from_cpython(sb, FLOATS_CELL, "float formatting")


def test_float_str_is_the_shortest_repr() -> None:
    with Sandbox(limits=Limits(wall_seconds=300)) as sb:  # ~2.3 G fuel: several seconds on a busy machine
        assert check(sb) == []
