# str() of 3,000-digit integers (and back with int()), 200 times.
import sys

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(10000)
n = 7 ** 3550
total = 0
for k in range(200):
    s = str(n + k)
    total += len(s) + int(s[-6:])
print("chars", total, len(str(n)))
