"""Big integers as CPython: int -> text in every base `format` offers, text -> int in bases 2-36,
products, powers and divisions, at sizes from a few digits to ~60,000 (the large ones go through
the host: patches `bigint_host`, `mpn_div_fast`); zero, ±1, 2**k ± 1 and 10**k ± 1 edges around
the patches' thresholds (64-bit words, 48 digits)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

UNLIMITED = """
import sys
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
"""

CELLS = {
    "to_text": UNLIMITED + """
def show(v):
    s = str(v)
    print(len(s), s[:40], s[-40:], s.count("7"), s.count("0"), repr(v) == s)
    for spec in ("x", "X", "#x", "o", "#o", "b", "#b", ",", "_", "_x", "_b", "d", "+d", "#X", "_o"):
        t = format(v, spec)
        print(spec, len(t), t[:30], t[-30:], t.count("1"), t.count("a") + t.count("A"), t.count("_"))
    print(hex(v)[-30:], oct(v)[-30:], bin(v)[-30:], "%d" % v == s, "%x" % v == format(v, "x"))

values = [0, 1, -1, 2 ** 64, -(2 ** 64)]
for k in (511, 512, 513, 1023, 1024, 4096, 9000):
    values += [2 ** k - 1, 2 ** k, 2 ** k + 1, -(2 ** k) + 1]
for k in (150, 154, 155, 300, 1000, 4300):
    values += [10 ** k - 1, 10 ** k, -(10 ** k) - 1]
values += [3 ** 7000, -(7 ** 3550), 12345678901234567890 ** 40]
for v in values:
    show(v)
""",
    "from_text": UNLIMITED + """
def check(s, base=10):
    v = int(s, base)
    print(base, len(s), v.bit_length(), v % 1000000007, v < 0)

for n in (1, 9, 10, 255, 256, 257, 1000, 5000, 40000):
    d = "".join(str((i * 7 + 3) % 10) for i in range(n))
    check(d)
    check("-" + d)
    check("  +" + d + "  ")
    check("0" * 300 + d)
for base in (2, 3, 7, 8, 10, 16, 36):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"[:base]
    for n in (255, 256, 3000):
        s = "".join(digits[(i * 13 + 5) % base] for i in range(n))
        check(s, base)
        check(s.upper(), base)
print(int("0x" + "f" * 400, 0) == 16 ** 400 - 1, int("0b" + "1" * 900, 0) == 2 ** 900 - 1,
      int("0o" + "7" * 500, 0) == 8 ** 500 - 1)
big = str(7 ** 20000)
print(int(big) == 7 ** 20000, int(big[:-1]) == 7 ** 20000 // 10, int("-" + big) == -(7 ** 20000))
for bad in ("1" * 300 + "x", "1" * 300 + "2" * 300 + "z1", "9" * 400 + " 1", "1" * 400 + "\\u00e9", "7" * 300 + "8"):
    try:
        print(int(bad, 8 if bad.endswith("8") else 10))
    except ValueError as exc:
        print("ValueError", type(exc).__name__)
print(int(bytearray(b"1" * 500)) == int("1" * 500), int(b"2" * 300) % 97)
""",
    "products": UNLIMITED + """
a = 3 ** 4000 + 12345
b = -(7 ** 2100) - 1
c = 2 ** 10000 - 1
for x, y in ((a, b), (a, a), (b, b), (c, c), (a, c), (c, 1), (a, 2 ** 800), (-c, -a), (a, 0), (b, 10 ** 300)):
    p = x * y
    print(p.bit_length(), p % 1000000007, p < 0, hex(p)[-24:])
print((17 ** 900) ** 7 == 17 ** 6300, pow(3, 20000) % 999983, pow(12345678901234567890, 300, 10 ** 50 + 7))
f = 1
for i in range(2, 1500):
    f *= i
import math
print(f == math.factorial(1499), len(str(f)), str(f)[:20], f % (2 ** 61 - 1))
x, y = 0, 1
for _ in range(20000):
    x, y = y, x + y
s = str(x)
print(len(s), s[:15], s[-15:], x * x % 1000000009, (x * y) // (x + 1) % 1000003)
""",
    "divisions": UNLIMITED + """
import random
rng = random.Random(7)
def show(a, b):
    q, r = divmod(a, b)
    print(q.bit_length(), q % 1000000007, r % 999983, r.bit_length(), a // b == q, a % b == r, q * b + r == a)
values = [0, 1, -1, 2 ** 30, 2 ** 31 - 1, 2 ** 32, 2 ** 63 - 1, 2 ** 64 - 1, 2 ** 64, -(2 ** 64) - 1]
for k in (767, 768, 769, 3000, 20000):
    values += [2 ** k - 1, 2 ** k, -(2 ** k) - 1, 10 ** (k // 4) + 7]
values += [rng.getrandbits(rng.choice((40, 64, 70, 900, 5000))) - 2 ** 20 for _ in range(20)]
divisors = [1, -1, 2, 3, 10, -10, 65535, 65536, 1_000_000_007, 2 ** 48 + 1, 2 ** 64 - 1, 7 ** 500 + 3, -(3 ** 2000)]
for a in values:
    for b in divisors:
        show(a, b)
n, s = 7 ** 3000, 0
while n:
    n, d = divmod(n, 10)
    s += d
print(s, sum(int(c) for c in str(7 ** 3000)))
m, x = 1_000_000_007, 1
for i in range(1, 3000):
    x = (x * (i + 999_999_000) + 999_999_999) % m
print(x, pow(2, 10 ** 5, m), pow(-3, 12345, 2 ** 89 - 1), (10 ** 4000 + 1) % (10 ** 1000 - 1))
""",
}


@pytest.mark.parametrize("cell", list(CELLS.values()), ids=list(CELLS))
def test_big_integers_like_cpython(same_output: Callable[[str], str], cell: str) -> None:
    same_output(cell)
