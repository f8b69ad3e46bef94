"""The `mpn_add_pairs` patch (wasm/patches/mpn_add_pairs.py): big-integer addition, four digits a step.

Measured as the fuel of additions of two 20,000-bit numbers less that of negations (which make
as large a number by copying), per 16-bit digit, with collection off during the timed runs (a
collection in one run and not the other would not cancel out): 28.7 without the patch, 15.2 with
its two-digit steps alone (both on builds without `gc_in_calls`, as `build_without` makes them),
21.2 on the installed build with two-digit steps (whose spill stores the other work on the digits
pays), 9.8 with the four-digit steps, 4.7 with the sixteen-digit steps; the check wants under
`MAX_PER_DIGIT` (fuel is deterministic).
Sums of every length parity and carry pattern print as in CPython. `check` is the
patched behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it must fail."""

from __future__ import annotations

import dataclasses

from patch_builds import cpython

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

# Carries through pairs and odd digits, operands of every length parity, in place and aliased.
DIFF_CELL = """
out = []
for bits in (15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 95, 96, 97, 127, 128, 129, 191, 192,
             193, 255, 256, 257, 319, 320, 321, 511, 512, 513, 1000, 1007, 1024, 4095, 4096, 4097):
    m = 2 ** bits - 1
    for other in (1, 2, m, m >> 1, 2 ** (bits // 2), 2 ** 16 - 1, 2 ** 32 - 1, 2 ** 48 + 3, 2 ** 64 - 1,
                  2 ** 64, (m >> 64) or 1, m ^ (2 ** 64 - 1)):
        out.append((m + other) % 1000000007)
        out.append((other + m) ^ (m + other))
        out.append((-m + other) % 1000000007)
        out.append((m - other) % 1000000007)
a = 3 ** 5001
b = a
a += a
c = 5 ** 3000
c += 5 ** 2999
d = 2 ** 4096 - 1
d += d
e = 2 ** 20000 - 1
e += 1
e += e - 1
print(sum(out) % 1000000007, len(out), a % 1000003, a == 2 * b, c % 999983, d == 2 ** 4097 - 2, e == 2 ** 20001 - 1)
f0, f1 = 0, 1
for _ in range(3000):
    f0, f1 = f1, f0 + f1
print(f0 % 1000000007, len(str(f0)), str(f1)[:20])
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    runs = {(n, op): sb.run(TIMED % (n, op)) for n in (1000, 3000) for op in ("a + b", "-a")}
    failed = [r.error for r in runs.values() if r.error is not None]
    if failed:
        return [f"timed runs: {failed[0]}"]
    # 2,000 more operations (the runs' fixed costs cancel out), additions less negations (`-a` makes
    # as large a number with a copy instead of the digit loop): what the addition loops cost per
    # 16-bit digit of `a`
    add = runs[3000, "a + b"].fuel_used - runs[1000, "a + b"].fuel_used
    copy = runs[3000, "-a"].fuel_used - runs[1000, "-a"].fuel_used
    per_digit = (add - copy) / 2000 / DIGITS
    if per_digit > MAX_PER_DIGIT:  # 28.7 with upstream's one-digit loops, 9.8 with four-digit steps
        problems.append(f"additions of 20,000-bit numbers cost {per_digit:.1f} fuel a digit")
    r = sb.run(DIFF_CELL)
    if r.error is not None:
        problems.append(f"sums: {r.error}")
    elif r.stdout != cpython(DIFF_CELL):
        problems.append(f"sums differ from CPython's: {r.stdout!r}")
    return problems


def test_long_additions_take_half_the_fuel() -> None:
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="micropython") as sb:
        assert check(sb) == []
