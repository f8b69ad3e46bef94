"""List sorting: ints, tuples and strings, with and without a key function."""


def lcg(seed, n):
    out = []
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(x)
    return out


def work(n):
    nums = lcg(42, n)
    a = sorted(nums)
    b = sorted(nums, key=lambda v: v ^ 0x5555)  # unique keys: MicroPython sorts are not stable
    pairs = [(v % 100, v) for v in nums]
    pairs.sort()
    words = [str(v) for v in nums[: n // 2]]
    words.sort(reverse=True)
    return a[n // 2] % 1000003, b[7] % 1000003, pairs[-1][1] % 1000003, int(words[0]) % 1000003


print("checksum", *work(100000))
