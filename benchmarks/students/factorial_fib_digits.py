# Digits of big factorials and Fibonacci numbers.
import math

a, b = 0, 1
for _ in range(10000):
    a, b = b, a + b
s = str(a)
f = str(math.factorial(1200))
print("digits", len(f), len(s), f[:10], s[-10:], sum(int(c) for c in f))
