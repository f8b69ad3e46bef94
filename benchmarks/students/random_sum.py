# 200,000 random.random() draws, seeded.
import random

random.seed(42)
s = 0.0
for _ in range(200000):
    s += random.random()
print("sum", round(s, 6))
