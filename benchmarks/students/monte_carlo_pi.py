# Monte Carlo estimate of pi with random.uniform, 300,000 samples, inside a function.
import random


def estimate(n):
    inside = 0
    for _ in range(n):
        x = random.uniform(-1, 1)
        y = random.uniform(-1, 1)
        if x * x + y * y <= 1:
            inside += 1
    return 4 * inside / n


random.seed(1)
print("pi", estimate(300000))
