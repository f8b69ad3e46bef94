"""The `mpn_div_fast` patch (wasm/patches/mpn_div_fast.py): divisions of word-sized big integers in
64-bit arithmetic, of long ones by the host (mpwasm_kernel/sandbox/bigint.py).

Fuel is deterministic (measured after a collection, with collection off). A value just above the
small-int range divided by 1_000_000_007 (the memoised counting programs' `% 1_000_000_007`)
costs under `MAX_WORD_EXTRA` more than a subtraction of the same values, a 20,000-bit number
divided by a 1,400-bit one (the compute benchmark's `(f * p) // (7 ** 500 + k)`) under
`MAX_LONG_FUEL` (the numbers with and without the patch are beside the constants).
Quotients and remainders of every sign, size and carry pattern, zero and exact divisions print
as in CPython. `check` is the patched behaviour; `test_build_pipeline.py` runs it on a build
without this patch, where it must fail."""

from __future__ import annotations

import dataclasses
import random

from patch_builds import binary_op_fuel, cpython

from mpwasm_kernel import Limits, Sandbox

MAX_WORD_EXTRA = 760       # `a // b` less `a - b`, two-digit values: ~960 without the patch, ~560 with
MAX_LONG_FUEL = 2_000_000  # per 20,000-bit // 1,404-bit division: 6.98 M without the patch, 0.89 M with
WORD = "999999999 + 999999000, 1_000_000_007"  # just above the small-int range
LONG = "3 ** 12619 + 5, 7 ** 500 + 3"          # 20,000 bits and 1,404 bits

# Every sign pair, sizes around the 4-digit (64-bit) fast case and the host's 48-digit threshold,
# divisors of one digit to longer than the dividend, exact and off-by-one divisions, divmod and
# 3-argument pow, and random values.
DIFF_CELL = """
out = []
sizes = (15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 66, 80, 767, 768, 769, 1000, 3000)
for bits in sizes:
    m = 2 ** bits - 1
    for other in (1, 2, 3, 7, 10, 977, 65535, 65536, 2 ** 31 - 1, 2 ** 32 + 1, 2 ** 47 - 5, 2 ** 63 - 25, 2 ** 64 - 1,
                  2 ** 64, 2 ** 100 + 3, 3 ** 300, 2 ** 760 - 1, m, m + 1, m - 1, m >> 1):
        for sa, sb in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
            a, b = sa * m, sb * other
            q, r = divmod(a, b)
            out.append(q % 1000000007)
            out.append(r % 1000000007)
            out.append(q.bit_length() ^ r.bit_length())
            out.append((a // b == q) and (a % b == r) and (q * b + r == a))
print(sum(out) % 1000000007, len(out), out.count(True))
print(pow(3, 10 ** 6, 2 ** 127 - 1), pow(12345678901234567890, 100, 10 ** 40 + 7), pow(-7, 77, 2 ** 64 + 13))
print(0 // (2 ** 70), 0 % (2 ** 70), (2 ** 70) // (2 ** 70), (2 ** 700) % (2 ** 700), (-(2 ** 700)) // 3)
print(VALUES)
"""


def _cell() -> str:
    """DIFF_CELL with quotients of random values (a fixed seed: the same cell every run)."""
    rng = random.Random(2024)
    pairs = []
    for _ in range(80):
        x = rng.getrandbits(rng.choice((20, 33, 64, 65, 500, 767, 800, 2000, 6000))) * rng.choice((1, -1))
        y = (rng.getrandbits(rng.choice((1, 16, 17, 32, 48, 64, 100, 700, 1500))) + 1) * rng.choice((1, -1))
        pairs.append((x, y))
    values = "[" + ", ".join(f"(({x}) // ({y})) % 1000000007 ^ (({x}) % ({y})) % 999983" for x, y in pairs) + "]"
    return DIFF_CELL.replace("VALUES", values)


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    sb.run("import gc")
    binary_op_fuel(sb, "//", WORD)  # the first runs of a sandbox pay one-time costs: not measured
    fuel = {op: binary_op_fuel(sb, op, WORD) for op in ("-", "//")}
    fuel["long"] = binary_op_fuel(sb, "//", LONG)
    failed = [v for v in fuel.values() if isinstance(v, str)]
    if failed:
        return [f"timed runs: {failed[0]}"]
    word, long = fuel["//"] - fuel["-"], fuel["long"]
    if word > MAX_WORD_EXTRA:
        problems.append(f"// 1_000_000_007 of a two-digit value costs {word:.0f} fuel more than a subtraction")
    if long > MAX_LONG_FUEL:
        problems.append(f"a 20,000-bit // 1,404-bit division costs {long:.0f} fuel")
    cell = _cell()
    r = sb.run(cell)
    if r.error is not None:
        problems.append(f"quotients: {r.error}")
    elif r.stdout != cpython(cell):
        problems.append(f"quotients differ from CPython's: {r.stdout!r}")
    return problems


def test_word_and_long_divisions_take_less_fuel() -> None:
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="micropython") as sb:
        assert check(sb) == []


def test_a_division_the_fuel_cannot_pay_stops_the_run() -> None:
    """The host's division is charged to the run: with too little fuel left, dividing a
    170,000-bit number by a 32,000-bit one (~140 M fuel) stops with FuelExhausted (rolled back),
    and the next run works."""
    with Sandbox(Limits(wall_seconds=300)) as sb:
        assert sb.run("x = 7 ** 60000\ny = 3 ** 20000 + 1").error is None
        sb.limits = Limits(wall_seconds=300, fuel=3_000_000)
        r = sb.run("q = x // y")
        assert r.error is not None and r.error.ename == "FuelExhausted", r.error
        sb.limits = Limits(wall_seconds=300)
        r = sb.run("print('q' in globals(), (x // y) % 1000003, (x % y) % 1000003)")
        x, y = 7 ** 60000, 3 ** 20000 + 1
        assert r.stdout == f"False {(x // y) % 1000003} {(x % y) % 1000003}\n", (r.stdout, r.error)
