"""The `float_round_even` patch (wasm/patches/float_round_even.py): a float formatted to a number of
digits rounds an exact tie to the even digit, as CPython does (`'%.1f' % 5.25` → `5.2`), and the
explicit-precision start of `float_repr_digits` (correctly rounded digits up to 19, not the
shortest ones padded with zeros: `'%.17g' % 0.1`, `'%.2f' % 2**60`).

`check` is a differential test: the cell formats ties (k + 1/2 at the last digit asked for, in
`%f`, `%e`, `%g`, f-strings, `str.format`), their neighbours one float away, money-like values
that are not ties in binary (2.675), values with few fraction bits at every precision, large
integers and precisions of 17 to 19 digits; the sandbox must print exactly what host CPython
prints. `test_build_pipeline.py` runs `check` on a build without this patch, where `'%.1f' % 5.25`
prints `5.3`.
"""

from __future__ import annotations

from patch_builds import differs_from_cpython

from mpwasm_kernel import Limits, Sandbox

TIES_CELL = """
import math
ties = [5.25, 0.125, 2.5, 0.5, 1.5, 3.5, 0.375, 2.675, 1.005, 1.115, 0.045, 12.345, 8.125, 0.1, 1 / 3]
seed = 99
for _ in range(150):
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2 ** 64
    ties.append((seed >> 11) % 2 ** 30 / 2 ** (1 + (seed >> 30) % 24))
    ties.append(((seed >> 11) % 2 ** 40) / 2 ** (1 + seed % 5))
lines = []
for t in ties:
    for x in (t, -t, math.nextafter(t, 0), math.nextafter(t, math.inf)):
        row = ["%.0f" % x, "%.1f" % x, "%.2f" % x, "%.3f" % x, f"{x:.2f}", "{:.1f}".format(x), "%.0e" % x,
               "%.2e" % x, "%.3g" % x, "%.5g" % x, "%.17g" % x, "%.18e" % x, "%.16e" % x]
        if abs(x) < 10:
            row.append("{:.17f}".format(x))
        lines.append(" ".join(row))
big = [1e16 + 2, 2.0 ** 60, 2.0 ** 60 + 2 ** 8, 123456789012345678.0, 9007199254740993.0, 1e18 + 64, 9.5e18]
for x in big:
    lines.append(" ".join(["%.0f" % x, "%.2f" % x, "%.3g" % x, "%.18e" % x, "%.17g" % x, f"{x:.1f}"]))
print(len(lines))
print("\\n".join(lines))
print("%.1f %.2f %.0f %.0f %.0f" % (5.25, 2.675, 0.5, 1.5, 2.5), f"{2.675:.2f} {0.125:.2f} {1e17 + 8:.2f}")
print("{0:.17f}".format(0.1), "%.2f" % 2 ** 60, "%.17g" % 0.1, "%.19g" % (2 / 3))
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    return differs_from_cpython(sb, TIES_CELL, "float ties")


def test_float_ties_round_to_even() -> None:
    with Sandbox(limits=Limits(wall_seconds=300)) as sb:
        assert check(sb) == []
