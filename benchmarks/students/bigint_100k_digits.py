# Integers of ~100,000 digits: a power, its text and back, its square's digits, a factorial's digit sum.
import math
import sys

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
x = 3 ** 200_000
s = str(x)
y = int(s)
sq = x * x
t = str(sq)
f = str(math.factorial(20_000))
print("digits", len(s), s[:12], s[-12:], y == x, len(t), t[:12], t[-12:], len(f), sum(map(int, f[:5000])))
