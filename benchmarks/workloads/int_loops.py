"""Nested integer loops with arithmetic and a modulus: the bytecode dispatch loop."""


def work(n):
    total = 0
    for i in range(n):
        for j in range(100):
            total = (total + i * j + (i ^ j)) % 1000003
    return total


print("checksum", work(20000))
