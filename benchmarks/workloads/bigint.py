"""Big integers: factorials, powers, modular exponentiation, division and str conversion."""


def work(rounds):
    acc = 0
    for k in range(rounds):
        f = 1
        for i in range(2, 600 + k):
            f *= i
        p = 3 ** (2000 + k)
        q = (f * p) // (7 ** 500 + k)
        r = pow(12345678901234567890 + k, 100, 10 ** 40 + 7)
        digits = str(q % (10 ** 3000))
        acc = (acc + len(digits) + int(digits[:12]) + r + f % 1000003) % 1000000007
    return acc


print("checksum", work(250))
