# Guest library: math = MicroPython's built-in math plus the CPython functions it lacks.
# Self-contained (no _mpk_lib, whose import would also load the library's sys.py): `import math`
# is in most programs and its compile cost is paid by the run that first imports it. While this
# file runs, `import math` gives MicroPython's built-in module (see the runtime's loader).
import math as _m

# The built-in module's own dict, not `dir(_m)`: MicroPython's dir() probes every qstr of the
# firmware and of the run (~5 M fuel, most of a first `import math`; the dict: ~20 k).
_space = globals()
_names = _m.__dict__
for _key in _names:
    if _key[:1] != "_":
        _space[_key] = _names[_key]
del _space, _names, _key
_sqrt = _m.sqrt
_floor = _m.floor
_inf = _m.inf


def _index(x, fname):
    if isinstance(x, bool) or isinstance(x, int):
        return int(x)
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(x).__name__)


def gcd(*integers):
    result = 0
    for x in integers:
        b = abs(_index(x, "gcd"))
        a = result
        while b:
            a, b = b, a % b
        result = a
    return result


def lcm(*integers):
    result = 1
    for x in integers:
        x = _index(x, "lcm")
        if x == 0:
            result = 0
            continue
        result = abs(result * x) // gcd(result, x) if result else 0
    return result


def isqrt(n):
    n = _index(n, "isqrt")
    if n < 0:
        raise ValueError("isqrt() argument must be nonnegative")
    if n < 4503599627370496:
        x = int(_sqrt(n))
        while x * x > n:
            x -= 1
        while (x + 1) * (x + 1) <= n:
            x += 1
        return x
    x = 1 << ((len(bin(n)) - 1) // 2)  # 2 ** ceil(bits / 2) >= sqrt(n)
    while True:
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y


def factorial(n):
    if isinstance(n, float):
        if n != _floor(n):
            raise ValueError("factorial() only accepts integral values")
        raise TypeError("'float' object cannot be interpreted as an integer")
    n = _index(n, "factorial")
    if n < 0:
        raise ValueError("factorial() not defined for negative values")
    return _product(2, n + 1)


def _product(lo, hi):
    # The product of range(lo, hi) by halves: balanced multiplications (large ones run on the
    # host's Karatsuba) instead of n growing-by-one products.
    if hi - lo <= 24:
        result = 1
        for k in range(lo, hi):
            result *= k
        return result
    mid = (lo + hi) // 2
    return _product(lo, mid) * _product(mid, hi)


def comb(n, k):
    n = _index(n, "comb")
    k = _index(k, "comb")
    if n < 0:
        raise ValueError("n must be a non-negative integer")
    if k < 0:
        raise ValueError("k must be a non-negative integer")
    if k > n:
        return 0
    k = min(k, n - k)
    result = 1
    for i in range(1, k + 1):
        result = result * (n - k + i) // i
    return result


def perm(n, k=None):
    n = _index(n, "perm")
    if k is None:
        k = n
    k = _index(k, "perm")
    if n < 0:
        raise ValueError("n must be a non-negative integer")
    if k < 0:
        raise ValueError("k must be a non-negative integer")
    if k > n:
        return 0
    result = 1
    for i in range(n - k + 1, n + 1):
        result *= i
    return result


def prod(iterable, *, start=1):
    result = start
    for x in iterable:
        result = result * x
    return result


def fsum(iterable):
    # Shewchuk's exact partial sums (the algorithm CPython documents for fsum).
    partials = []
    for x in iterable:
        x = float(x)
        i = 0
        for y in partials:
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo:
                partials[i] = lo
                i += 1
            x = hi
        partials[i:] = [x]
    if not partials:
        return 0.0
    total = partials[-1]
    n = len(partials) - 1
    # correct the rounding of the last step (half-way cases), as CPython does
    lo = 0.0
    while n > 0:
        x = total
        y = partials[n - 1]
        n -= 1
        total = x + y
        yr = total - x
        lo = y - yr
        if lo:
            break
    if n > 0 and ((lo < 0 and partials[n - 1] < 0) or (lo > 0 and partials[n - 1] > 0)):
        y = lo * 2
        x = total + y
        yr = x - total
        if y == yr:
            total = x
    return total


def hypot(*coordinates):
    if not coordinates:
        return 0.0
    values = [abs(float(c)) for c in coordinates]
    big = max(values)
    if big == _inf:
        return _inf
    if big != big:
        return big
    if big == 0:
        return 0.0
    return big * _sqrt(fsum((v / big) * (v / big) for v in values))


def dist(p, q):
    p = tuple(p)
    q = tuple(q)
    if len(p) != len(q):
        raise ValueError("both points must have the same number of dimensions")
    return hypot(*[a - b for a, b in zip(p, q)])


def cbrt(x):
    x = float(x)
    if x < 0:
        return -((-x) ** (1.0 / 3.0))
    return x ** (1.0 / 3.0)


def exp2(x):
    return 2.0 ** float(x)


def log1p(x):
    x = float(x)
    u = 1.0 + x
    if u == 1.0:
        return x
    return _m.log(u) * x / (u - 1.0)


def remainder(x, y):
    x = float(x)
    y = float(y)
    if y == 0:
        raise ValueError("math domain error")
    n = round(x / y)
    return x - n * y


def ulp(x):
    x = abs(float(x))
    if x != x or x == _inf:
        return x
    if x == 0.0:
        return 5e-324
    mant, exp = _m.frexp(x)
    return _m.ldexp(1.0, exp - 53) if exp - 53 >= -1074 else 5e-324


def nextafter(x, y):
    import struct

    x = float(x)
    y = float(y)
    if x != x or y != y:
        return x + y
    if x == y:
        return y
    if x == 0.0:
        return 5e-324 if y > 0 else -5e-324
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    if (y > x) == (x > 0):
        bits += 1
    else:
        bits -= 1
    return struct.unpack("<d", struct.pack("<q", bits))[0]




def __getattr__(name):
    raise AttributeError("module 'math' has no attribute '%s'" % name)
