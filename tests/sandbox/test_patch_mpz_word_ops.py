"""The `mpz_word_ops` patch (wasm/patches/mpz_word_ops.py): integers just past the small-int range
in 64-bit arithmetic (an overflowing small-int product, and `+ - * // %` of operands of at most
four 16-bit digits).

Fuel is deterministic (measured after a collection, with collection off, in a function loop).
An overflowing product of two small ints (`d * d` of trial division) and `n % d` with `n` near
10**15 (the remainder is a small int: no allocation) cost at most the fuel beside the constants
(the numbers with and without the patch are there too), and so does `s + t` of two ints below 2**62
whose sum is an int object (collection on: the object and its digits are two one-block
allocations; one 32-byte object cost more). Every operator, sign, operand size
around the digit and word boundaries (2**15 ... 2**65), in-place forms, small-int left operands,
zero divisors and long operands still on upstream's path print as in CPython. `check` is the
patched behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it must
fail."""

from __future__ import annotations

import dataclasses

from patch_builds import binary_op_fuel, cpython

from mpwasm_kernel import Limits, Sandbox

MAX_PRODUCT = 1_200  # `a * b` of two small ints past 2**31, less `a ^ b`: ~1,870 without the patch, ~740 with
MAX_MODULO = 1_000   # `n % d`, n ~ 10**15, d small, less `a ^ b`: ~2,020 without the patch, ~530 with
MAX_WORD_SUM = 1_250  # `s + t` below 2**62, result past 2**30: ~1,280-1,400 as one 32-byte int object, ~1,080 now
PRODUCT = "100003, 99991"        # small ints whose product is past 2**31
MODULO = "10 ** 15 + 37, 99991"  # a four-digit mpz and a small int

# a function loop of `n` steps: `x = s + (10 ** 14 + i)` makes two word-sized ints by `+` (SUMS),
# `x = s` and `t = i` is the same loop without them (BASE); collection on, as in a program
SUMS = """
def f(n):
    s = 10 ** 18
    for i in range(n):
        t = 10 ** 14 + i
        x = s + t
f(%d)
"""
BASE = SUMS.replace("10 ** 14 + i", "i").replace("s + t", "s")


def word_sum_fuel(sb: Sandbox) -> float | str:
    """Fuel of one `+` of two ints below 2**62 whose result is an int object (per step of SUMS
    less BASE, over 20,000 steps, each after a collection), or the error that stopped a run."""
    fuel = {}
    for cell in (SUMS, BASE):
        for n in (10_000, 30_000):
            sb.run("gc.collect()")
            r = sb.run(cell % n)
            if r.error is not None:
                return f"{r.error.ename}: {r.error.evalue}"
            fuel[cell, n] = r.fuel_used
    return ((fuel[SUMS, 30_000] - fuel[SUMS, 10_000]) - (fuel[BASE, 30_000] - fuel[BASE, 10_000])) / 40_000


DIFF_CELL = """
def digest(values):
    h = 0
    for v in values:
        for c in str(v):
            h = (h * 31 + ord(c)) & 0xFFFFF
    return h

base = [0, 1, 2, 3, 7, 10, 255, 2 ** 15 - 1, 2 ** 15, 2 ** 15 + 1, 2 ** 16 - 1, 2 ** 16, 2 ** 16 + 1, 46340, 46341,
        2 ** 30 - 1, 2 ** 30, 2 ** 30 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1,
        2 ** 47 - 1, 2 ** 48 - 1, 2 ** 48, 10 ** 15 + 37, 3037000499, 3037000500, 2 ** 61 + 5, 2 ** 62 - 1, 2 ** 62,
        2 ** 62 + 1, 2 ** 63 - 1, 2 ** 63, 2 ** 63 + 1, 2 ** 64 - 1, 2 ** 64, 2 ** 64 + 1, 2 ** 65 + 3, 3 ** 50,
        2 ** 100 + 1]
values = base + [-v for v in base if v]
out = {'+': [], '-': [], '*': [], '//': [], '%': [], 'divmod': [], 'inplace': []}
for a in values:
    for b in values:
        out['+'].append(a + b)
        out['-'].append(a - b)
        out['*'].append(a * b)
        if b:
            out['//'].append(a // b)
            out['%'].append(a % b)
            out['divmod'].append(divmod(a, b))
            x = a
            x //= b
            y = a
            y %= b
            out['inplace'].append((x, y))
        x = a
        x += b
        x -= 2 * b
        x *= b
        out['inplace'].append(x)
for k, v in out.items():
    print(k, len(v), digest(v))
print(out['*'][40:60], out['//'][700:720], out['%'][1300:1330])
small = [0, 1, -1, 2, 3, 46340, 46341, -46341, 65535, 65536, -65536, 99991, 100003, 2 ** 30 - 1, -2 ** 30,
         1073741823, -1073741824, 1 << 29, -(1 << 29) - 1]
prods = [a * b for a in small for b in small]
print(len(prods), digest(prods), prods[-25:], [type(p).__name__ for p in prods].count('int'))
acc = 0
for i in range(0, 3_000_000, 7919):
    acc += i * i
    acc -= (i * 3) // 7
    acc %= 2 ** 61 - 1
print(acc, sum(i * i for i in range(99_000, 100_000)), 10 ** 15 + 37 == (10 ** 15 + 37) // 1 * 1)
n, d, fs = 1000000007 * 9999991, 3, []
while d * d <= n and d < 20000:
    while n % d == 0:
        fs.append(d)
        n //= d
    d += 2
print(fs, n, n % 9999991, n // 1000000007)
for a, b in ((2 ** 40, 0), (-(2 ** 40), 0), (5, 0)):
    for op in ('//', '%'):
        try:
            eval('a ' + op + ' b')
        except ZeroDivisionError:
            print('ZeroDivisionError', op)
h = {2 ** 40 + 1: 'a', (2 ** 41 + 2) // 2: 'b', 3 * 1099511627776: 'c'}
print(sorted(h.items()), hash(2 ** 40 + 1) == hash((2 ** 41 + 2) // 2), 1099511627777 in h)
print(-7 // 2 ** 40, -7 % 2 ** 40, 7 // -(2 ** 40), 7 % -(2 ** 40), 5 - 2 ** 40, 2 ** 40 - 2 ** 40, (2 ** 40) * 0)
"""


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb` (empty: the patch works)."""
    problems = []
    sb.run("import gc")
    binary_op_fuel(sb, "*", PRODUCT)  # the first runs of a sandbox pay one-time costs: not measured
    fuel = {"product": binary_op_fuel(sb, "*", PRODUCT), "product0": binary_op_fuel(sb, "^", PRODUCT),
            "modulo": binary_op_fuel(sb, "%", MODULO), "modulo0": binary_op_fuel(sb, "^", "1000, 99991"),
            "word_sum": word_sum_fuel(sb)}
    failed = [v for v in fuel.values() if isinstance(v, str)]
    if failed:
        return [f"timed runs: {failed[0]}"]
    product, modulo = fuel["product"] - fuel["product0"], fuel["modulo"] - fuel["modulo0"]
    if product > MAX_PRODUCT:
        problems.append(f"an overflowing small-int product costs {product:.0f} fuel more than a ^")
    if modulo > MAX_MODULO:
        problems.append(f"n % d with n ~ 10**15 costs {modulo:.0f} fuel more than a ^")
    if fuel["word_sum"] > MAX_WORD_SUM:
        problems.append(f"s + t below 2**62 costs {fuel['word_sum']:.0f} fuel")
    r = sb.run(DIFF_CELL)
    if r.error is not None:
        problems.append(f"results: {r.error}")
    elif r.stdout != cpython(DIFF_CELL):
        problems.append(f"results differ from CPython's: {r.stdout!r}")
    return problems


def test_word_sized_int_arithmetic_takes_less_fuel() -> None:
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="micropython") as sb:
        assert check(sb) == []


def test_ulab_variant_gets_the_same_results() -> None:
    """The ulab build is patched the same way (its own sites): the same differential cell."""
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="ulab") as sb:
        r = sb.run(DIFF_CELL)
        assert r.error is None, r.error
        assert r.stdout == cpython(DIFF_CELL)
