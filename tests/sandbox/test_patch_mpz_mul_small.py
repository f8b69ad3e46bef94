"""The `mpz_mul_small` patch (wasm/patches/mpz_mul_small.py): products by a factor below 2**32 in one pass.

Measured as the fuel of products of a 20,000-bit number by a one-digit factor (`a * 977`) and by a
two-digit one (`a * 123456789`, either side) less that of negations (which make as large a number by
copying), per 16-bit digit of `a`, with collection off during the timed runs (a collection in one
run and not the other would not cancel out): 17.0 and 87.5 on a build without this patch
(`build_without`), 5.5 and 7.6 on the installed build; the check wants under `MAX_PER_DIGIT`.
Products of every length modulo the four-word step, carries through every word boundary (factors and
operands `2**k - 1`, `2**k`, `10**k`), both signs, zero, in-place and aliased forms, factorial and
power loops print as in CPython. `check` is the patched behaviour; `test_build_pipeline.py` runs it
on a build without this patch, where it must fail."""

from __future__ import annotations

import dataclasses

from patch_builds import differs_from_cpython

from mpwasm_kernel import Limits, Sandbox

DIGITS = 1250  # 16-bit digits of `a` (20,000 bits)
MAX_PER_DIGIT = 10
TIMED = """
import gc
gc.disable()
a = 3 ** 12619 + 12345
x = 0
for _ in range(%d):
    x = %s
print(x %% 1000003)
gc.enable()
"""

# Each line: one operand `x` against every small factor, both orders, both signs, in place; the
# magnitudes folded with xor at distinct shifts (xor is not what is tested), the signs counted.
DIFF_CELL = """
import math
smalls = [1, 2, 3, 7, 10, 255, 256, 977, 65535, 65536, 65537, 99991, 12345678, 10 ** 9,
          2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 3 ** 20]
xs = []
for bits in list(range(1, 200)) + [255, 256, 257, 511, 512, 513, 767, 768, 769, 1023, 1024, 1025,
                                   4095, 4096, 4097, 16383, 16384, 16385, 80000]:
    xs += [2 ** bits - 1, 2 ** bits, 2 ** bits + 1]
xs += [10 ** k for k in (1, 4, 5, 9, 10, 19, 20, 38, 50, 100, 300, 1000, 3000, 5000)]
xs += [3 ** k for k in (100, 1001, 5003)] + [7 ** k - 1 for k in (3, 30, 300)]
for x in xs:
    c = 0
    neg = 0
    for i, s in enumerate(smalls):
        for sx, ss, t in ((1, 1, 0), (-1, 1, 89), (1, -1, 173), (-1, -1, 263)):
            k = i + t
            p = (sx * x) * (ss * s)
            q = (ss * s) * (sx * x)
            y = sx * x
            y *= ss * s
            z = ss * s
            z *= sx * x
            neg += (p < 0) + (q < 0) + (y < 0) + (z < 0)
            c ^= (abs(p) << k) ^ (abs(q) << (k + 19)) ^ (abs(y) << (k + 41)) ^ (abs(z) << (k + 67))
    print(x.bit_length(), neg, hex(c))
print(hex(xs[-5] * 0), hex(0 * xs[-5]), hex(-xs[-5] * 1), hex(1 * -xs[-5]))
f = 1
g = 1
for i in range(2, 700):
    f *= i
    g = i * g
print(f == math.factorial(699), g == f, hex(f)[-40:], len(str(f)))
print(hex(3 ** 2001), hex(2 ** 999 * 3), hex(pow(5, 3000)), hex((-7) ** 777))
w = 2 ** 20000 - 1
for m in (3, 65535, 2 ** 32 - 1, 2 ** 31 + 5):
    w *= m
    print(hex(w)[:30], hex(w)[-30:], w.bit_length())
v = 12345
v *= v
v *= v
v *= v
print(v, v * v, (v * v) * 3)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    ops = ("a * 977", "123456789 * a", "-a")
    runs = {(n, op): sb.run(TIMED % (n, op)) for n in (1000, 3000) for op in ops}
    failed = [r.error for r in runs.values() if r.error is not None]
    if failed:
        return [f"timed runs: {failed[0]}"]
    # 2,000 more operations (the runs' fixed costs cancel out), products less negations (`-a` makes
    # as large a number with a copy): what the product costs per 16-bit digit of `a`
    copy = runs[3000, "-a"].fuel_used - runs[1000, "-a"].fuel_used
    for op in ops[:2]:
        per_digit = (runs[3000, op].fuel_used - runs[1000, op].fuel_used - copy) / 2000 / DIGITS
        if per_digit > MAX_PER_DIGIT:
            problems.append(f"`{op}` of a 20,000-bit `a` costs {per_digit:.1f} fuel a digit")
    return problems + differs_from_cpython(sb, DIFF_CELL, "products")


def test_small_factors_take_one_pass() -> None:
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="micropython") as sb:
        assert check(sb) == []
