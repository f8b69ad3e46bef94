"""The `mpn_mul_pairs` patch (wasm/patches/mpn_mul_pairs.py): big-integer products, two digits a step.

Measured as the fuel of products of a 20,000-bit number by a three-digit factor (`2**40 + 977`:
three rows; factors below 2**32 take `mpz_mul_small`'s one pass instead of the rows) less that of
negations (which make as large a number by copying), per 16-bit digit and row, with collection off
during the timed runs (a collection in one run and not the other would not cancel out). With a one-
digit factor, before `mpz_mul_small`: 38.5 on the installed build without this patch, 24.0 with it;
with the three-digit factor: 31.2 on a build without this patch (`build_without`), 16.2 on the
installed build; the check wants under `MAX_PER_DIGIT` (fuel is deterministic). Products of every
length parity and carry pattern, signs, zero, aliased operands and products below and above
`bigint_host`'s threshold print as in CPython. `check` is the patched behaviour;
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

import dataclasses
import random

from patch_builds import cpython

from mpwasm_kernel import Limits, Sandbox

DIGITS = 1250  # 16-bit digits of `a` (20,000 bits)
MAX_PER_DIGIT = 24
PRODUCT = "a * 1099511628753"  # 2**40 + 977: three 16-bit digits, so three rows
ROWS = 3
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

# Rows of every length parity with carries through pairs and odd digits; signs and zero; aliased
# operands (`x *= x`); small factors times big numbers (factorials) and two-row to many-row products
# below `bigint_host`'s 48-digit threshold; random values of many sizes.
DIFF_CELL = """
out = []
for bits in (15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 95, 96, 97, 700, 767, 768, 1007, 1024):
    m = 2 ** bits - 1
    for other in (0, 1, 2, 3, m, m >> 1, 2 ** (bits // 2), 2 ** 16 - 1, 2 ** 32 - 1, 2 ** 48 + 3, -7, -(2 ** 40 + 1)):
        p = m * other
        out.append(p % 1000000007)
        out.append((other * m) ^ p)
        out.append((-m * other) % 1000000007)
        out.append(p.bit_length())
a = 3 ** 501
a *= a
b = 5 ** 300
b = b * b
c = 2 ** 700 - 1
c *= 65535
f = 1
for i in range(2, 400):
    f *= i
print(sum(out) % 1000000007, len(out), a % 1000003, a == 3 ** 1002, b == 5 ** 600, c % 999983, f % 1000000007)
print(f == __import__('math').factorial(399), str(f)[:30], str(f)[-30:])
print((7 ** 321 * 11 ** 123) % 1000000007, pow(3, 1000, 10 ** 30), (-(2 ** 512) + 1) * (2 ** 300 - 5))
print(VALUES)
"""


def _cell() -> str:
    """DIFF_CELL with products of random values (a fixed seed: the same cell every run)."""
    rng = random.Random(24)
    pairs = []
    for _ in range(60):
        x = rng.getrandbits(rng.choice((16, 17, 100, 400, 1000, 3000))) * rng.choice((1, -1))
        y = rng.getrandbits(rng.choice((1, 15, 16, 31, 32, 33, 64, 200, 900))) * rng.choice((1, -1))
        pairs.append((x, y))
    values = "[" + ", ".join(f"({x} * {y}) % 1000000007 ^ ({x} * {y}).bit_length()" for x, y in pairs) + "]"
    return DIFF_CELL.replace("VALUES", values)


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    runs = {(n, op): sb.run(TIMED % (n, op)) for n in (1000, 3000) for op in (PRODUCT, "-a")}
    failed = [r.error for r in runs.values() if r.error is not None]
    if failed:
        return [f"timed runs: {failed[0]}"]
    # 2,000 more operations (the runs' fixed costs cancel out), products less negations (`-a` makes
    # as large a number with a copy instead of the row loop): what the row costs per 16-bit digit
    mul = runs[3000, PRODUCT].fuel_used - runs[1000, PRODUCT].fuel_used
    copy = runs[3000, "-a"].fuel_used - runs[1000, "-a"].fuel_used
    per_digit = (mul - copy) / 2000 / DIGITS / ROWS
    if per_digit > MAX_PER_DIGIT:
        problems.append(f"products by three digits of 20,000-bit numbers cost {per_digit:.1f} fuel a digit a row")
    cell = _cell()
    r = sb.run(cell)
    if r.error is not None:
        problems.append(f"products: {r.error}")
    elif r.stdout != cpython(cell):
        problems.append(f"products differ from CPython's: {r.stdout!r}")
    return problems


def test_rows_take_half_the_fuel() -> None:
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="micropython") as sb:
        assert check(sb) == []
