"""The `mpz_div_small` patch (wasm/patches/mpz_div_small.py): divisions by a divisor below 2**32 in one pass.

Measured as the fuel of `divmod(a, 10)` and `divmod(a, 1000003)` for a 20,000-bit `a` less that of
negations (which make as large a number by copying), per 16-bit digit of `a`, with collection off
during the timed runs (a collection in one run and not the other would not cancel out): 45.0 and
60.9 on a build without this patch (`build_without`: the host divides, and charges for it), 18.8 and
18.5 on the installed build; the check wants under `MAX_PER_DIGIT`. A digit-sum loop over a
600-digit number (`s += n % 10; n //= 10`, collection on): 19.1 M without the patch, 7.9 M with it;
the check wants under `MAX_DIGIT_LOOP`. (`a // 10` and `a % 10` alone are not measured: the
temporary they free each step makes `gc_alloc`'s next search walk what was allocated since the last
collection, which with collection off grows with the run.) Quotients and remainders of dividends of
every length parity from the smallest one taken (5 digits) up, divisors of one and two digits at
their boundaries (`2**16 - 1`, `2**16`, `2**32 - 1`, `10**9`), every sign pair, exact divisions,
`divmod`, in-place forms and 3-argument `pow` print as in CPython. `check` is the patched behaviour;
`test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

import dataclasses

from patch_builds import cpython, differs_from_cpython

from mpwasm_kernel import Limits, Sandbox

DIGITS = 1250  # 16-bit digits of `a` (20,000 bits)
MAX_PER_DIGIT = 30
MAX_DIGIT_LOOP = 12_000_000
TIMED = """
import gc
gc.disable()
a = 3 ** 12619 + 12345
x = 0
for _ in range(%d):
    x = %s
print(x[0] %% 1000003, x[1])
gc.enable()
"""
DIGIT_LOOP = """
n = 7 ** 710
s = 0
while n:
    s += n % 10
    n //= 10
print(s)
"""

# Each line: one dividend `x` against every small divisor, every sign pair, in place; quotients'
# magnitudes folded with xor at distinct shifts (xor is not what is tested), remainders summed.
DIFF_CELL = """
divisors = [1, 2, 3, 7, 10, 255, 256, 977, 65535, 65536, 65537, 99991, 1000003, 10 ** 9,
            2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 3 ** 20]
xs = []
for bits in list(range(60, 200)) + [255, 256, 257, 511, 512, 513, 767, 768, 769, 1023, 1024, 1025,
                                    4095, 4096, 4097, 20000]:
    xs += [2 ** bits - 1, 2 ** bits, 2 ** bits + 1]
xs += [10 ** k for k in (20, 21, 38, 50, 100, 300, 1000, 3000)]
xs += [3 ** k for k in (100, 1001, 5003)] + [7 ** k - 1 for k in (30, 300)]
for x in xs:
    c = 0
    rs = 0
    for i, d in enumerate(divisors):
        for sx, sd, t in ((1, 1, 0), (-1, 1, 89), (1, -1, 173), (-1, -1, 263)):
            k = i + t
            a, b = sx * x, sd * d
            q, r = a // b, a % b
            qq, rr = divmod(a, b)
            y = a
            y //= b
            z = a
            z %= b
            c ^= (abs(q) << k) ^ (abs(qq) << (k + 19)) ^ (abs(y) << (k + 41))
            rs += r + 3 * rr + 5 * z + 7 * (q * b + r == a)
    print(x.bit_length(), rs, hex(c))
print((2 ** 100) // (2 ** 32 - 1), (10 ** 40) % 1000003, divmod(-(10 ** 50), 7), divmod(10 ** 50, -(2 ** 32 - 1)))
print(pow(3, 10 ** 5, 1000003), pow(12345678901234567890, 100, 2 ** 31 - 1), (10 ** 30) // 10 ** 9)
n = 2 ** 4000 - 1
s = 0
while n:
    s += n % 10
    n //= 10
print(s)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    ops = ("divmod(a, 10)", "divmod(a, 1000003)", "(-a, 0)")
    runs = {(n, op): sb.run(TIMED % (n, op)) for n in (1000, 3000) for op in ops}
    runs["loop", ""] = sb.run(DIGIT_LOOP)
    failed = [r.error for r in runs.values() if r.error is not None]
    if failed:
        return [f"timed runs: {failed[0]}"]
    # 2,000 more operations (the runs' fixed costs cancel out), divisions less negations (`-a` makes
    # as large a number with a copy; the pair as `divmod`'s): what the division costs per 16-bit
    # digit of `a`
    copy = runs[3000, ops[2]].fuel_used - runs[1000, ops[2]].fuel_used
    for op in ops[:2]:
        per_digit = (runs[3000, op].fuel_used - runs[1000, op].fuel_used - copy) / 2000 / DIGITS
        if per_digit > MAX_PER_DIGIT:
            problems.append(f"`{op}` of a 20,000-bit `a` costs {per_digit:.1f} fuel a digit")
    loop = runs["loop", ""]
    if loop.fuel_used > MAX_DIGIT_LOOP:
        problems.append(f"the digit sum of a 600-digit number took {loop.fuel_used:,} fuel")
    elif loop.stdout != cpython(DIGIT_LOOP):
        problems.append("the digit sum differs from CPython's")
    return problems + differs_from_cpython(sb, DIFF_CELL, "divisions")


def test_small_divisors_take_one_pass() -> None:
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="micropython") as sb:
        assert check(sb) == []
