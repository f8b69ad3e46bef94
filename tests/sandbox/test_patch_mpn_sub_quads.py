"""The `mpn_sub_quads` patch (wasm/patches/mpn_sub_quads.py): big-integer subtraction, sixteen digits a step.

Measured as the fuel of differences of two 20,000-bit numbers less that of negations (which make as
large a number by copying), per 16-bit digit, with collection off during the timed runs (a
collection in one run and not the other would not cancel out): 29.3 on a build without this patch
(`build_without`), 4.1 on the installed build; the check wants under `MAX_PER_DIGIT`. Differences of
every length modulo the sixteen- and four-digit steps, borrows through every word boundary (`2**k`,
`2**k - 1`, `10**k` against each other), both signs (`a + -b` subtracts too), zero results, in-place
and aliased forms print as in CPython. `check` is the patched behaviour; `test_build_pipeline.py`
runs it on a build without this patch, where it must fail."""

from __future__ import annotations

import dataclasses

from patch_builds import differs_from_cpython

from mpwasm_kernel import Limits, Sandbox

DIGITS = 1250  # 16-bit digits of `a` (20,000 bits)
MAX_PER_DIGIT = 7
TIMED = """
import gc
gc.disable()
a = 3 ** 12619 + 12345
b = 7 ** 7120 + 1
x = 0
for _ in range(%d):
    x = %s
print(x %% 1000003)
gc.enable()
"""

# Each line: one operand `x` against every other value, both orders and signs, in place; the
# magnitudes folded with xor at distinct shifts (xor is not what is tested), the signs counted.
DIFF_CELL = """
xs = []
for bits in list(range(1, 140)) + [255, 256, 257, 319, 320, 321, 511, 512, 513, 1023, 1024, 1025,
                                   4095, 4096, 4097, 20000]:
    xs += [2 ** bits - 1, 2 ** bits, 2 ** bits + 1]
xs += [10 ** k for k in (1, 5, 10, 19, 20, 77, 100, 300, 1000, 5000)]
xs += [3 ** k for k in (100, 1001, 5003)] + [7 ** k - 1 for k in (30, 300)]
others = [1, 2, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 64 - 1, 2 ** 64, 2 ** 64 + 1, 2 ** 128 - 1,
          2 ** 255, 2 ** 256 - 1, 2 ** 256, 10 ** 20, 10 ** 77, 2 ** 1024 - 1, 3 ** 1001, 2 ** 4096]
for x in xs:
    c = 0
    neg = 0
    for i, o in enumerate(others + [x - 1, x, x + 1, x >> 1, x >> 17, x >> 64]):
        for sx, so, t in ((1, 1, 0), (-1, 1, 97), (1, -1, 193), (-1, -1, 293)):
            k = i + t
            d = sx * x - so * o
            e = so * o - sx * x
            s = sx * x + -(so * o)
            y = sx * x
            y -= so * o
            neg += (d < 0) + (e < 0) + (s < 0) + (y < 0) + (d == 0)
            c ^= (abs(d) << k) ^ (abs(e) << (k + 23)) ^ (abs(s) << (k + 47)) ^ (abs(y) << (k + 71))
    y = x
    y -= y
    print(x.bit_length(), neg, y, x - x, hex(c))
a = 3 ** 5001
b = a
a -= 1
a -= b
print(a, b - b, hex((2 ** 20000) - 1 - (2 ** 19999)), hex(10 ** 5000 - 10 ** 4999 - 1))
f0, f1 = 0, 1
for _ in range(3000):
    f0, f1 = f1, f0 + f1
while f1 > 0:
    f0, f1 = f1 - f0, f0
print(f0, f1)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    runs = {(n, op): sb.run(TIMED % (n, op)) for n in (1000, 3000) for op in ("a - b", "-a")}
    failed = [r.error for r in runs.values() if r.error is not None]
    if failed:
        return [f"timed runs: {failed[0]}"]
    # 2,000 more operations (the runs' fixed costs cancel out), differences less negations (`-a`
    # makes as large a number with a copy): what the subtraction loops cost per 16-bit digit of `a`
    sub = runs[3000, "a - b"].fuel_used - runs[1000, "a - b"].fuel_used
    copy = runs[3000, "-a"].fuel_used - runs[1000, "-a"].fuel_used
    per_digit = (sub - copy) / 2000 / DIGITS
    if per_digit > MAX_PER_DIGIT:
        problems.append(f"differences of 20,000-bit numbers cost {per_digit:.1f} fuel a digit")
    return problems + differs_from_cpython(sb, DIFF_CELL, "differences")


def test_long_subtractions_take_a_third_of_the_fuel() -> None:
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="micropython") as sb:
        assert check(sb) == []
