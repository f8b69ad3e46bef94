# list.sort() of 200,000 floats.
import random

random.seed(11)
xs = [random.random() for _ in range(200000)]
xs.sort()
print("sorted", xs[0], xs[100000], xs[-1])
