# Guest library: the less used part of `random` (random.py), loaded on its first use, so that
# `import random` compiles only the common calls. These are the bodies of Random's methods of the
# same names (random.py's stubs pass the instance as `self`), CPython's documented algorithms on
# the generator random.py keeps, plus CPython's float hash for seed(float) and SystemRandom.
import random as _core

_N = _core._N
_array = _core._array
_struct = _core._struct
_math = _core._math
_log = _core._log
_exp = _core._exp
_sqrt = _core._sqrt
_cos = _core._cos
_floor = _core._floor
_isfinite = _core._isfinite
_e = _core._e
TWOPI = _core.TWOPI
NV_MAGICCONST = _core.NV_MAGICCONST
LOG4 = _core.LOG4
SG_MAGICCONST = _core.SG_MAGICCONST
Random = _core.Random
_builtin = _core._builtin
_NO_WORDS = _array("I")
_NO_DOUBLES = _array("d")


def getstate(self):
    # CPython's state where the instance is: a copy of the batch's start state advanced natively
    # by the words used (its word _SKIP; random.py's `_fill_native`, with no words to draw)
    state = _array("I", bytes(self._state))
    state[_core._COUNT] = 0
    _core._fill_native(state, _NO_WORDS, _NO_DOUBLES)
    return (self.VERSION, tuple(state[:_N + 1]), self.gauss_next)

def setstate(self, state):
    version, internal, gauss_next = state
    if version not in (2, 3):
        raise ValueError("state with version %s passed to Random.setstate() of version %s"
                         % (version, self.VERSION))
    if type(internal) is not tuple or len(internal) != _N + 1:
        raise ValueError("state vector is the wrong size")
    for w in internal:
        if not isinstance(w, int):
            raise TypeError("state vector items must be integers")
        if not 0 <= w <= 0xFFFFFFFFFFFFFFFF:  # a C unsigned long, of which 32 bits are kept
            raise OverflowError("state vector item out of range")
    index = internal[_N]
    if index > _N:
        raise ValueError("invalid state")
    self._set_words([w & 0xFFFFFFFF for w in internal[:_N]], index)
    self.gauss_next = gauss_next


def use_generic(self, mode):
    # an instance of a subclass that defines `mode` (random.py's _subclass_draws): randint, choice
    # and shuffle go through _randbelow, which draws as CPython's does for such a class, unless
    # the subclass defines them itself
    cls = type(self)
    fns = [("randint", randint_generic), ("choice", choice_generic), ("shuffle", shuffle_generic)]
    if mode == "getrandbits":
        fns.append(("_randbelow", randbelow_with_getrandbits))
    elif mode == "random":
        fns.append(("_randbelow", randbelow_without_getrandbits))
    for name, fn in fns:
        if getattr(cls, name) is getattr(Random, name):
            setattr(self, name, _bind(fn, self))


def _bind(fn, inst):
    return lambda *args: fn(inst, *args)


def randbelow_with_getrandbits(self, n):
    getrandbits = self.getrandbits
    k = _core._bit_length(n)
    r = getrandbits(k)
    while r >= n:
        r = getrandbits(k)
    return r


def randbelow_without_getrandbits(self, n, maxsize=1 << 53):
    random = self.random
    if n >= maxsize:
        import warnings

        warnings.warn("Underlying random() generator does not supply \n"
                      "enough bits to choose from a population range this large.\n"
                      "To remove the range limitation, add a getrandbits() method.", stacklevel=2)
        return _floor(random() * n)
    if n == 0:
        raise ValueError("Boundary cannot be zero")
    rem = maxsize % n
    limit = (maxsize - rem) / maxsize
    r = random()
    while r >= limit:
        r = random()
    return _floor(r * maxsize) % n


def randint_generic(self, a, b):
    return self.randrange(a, b + 1)


def choice_generic(self, seq):
    if not len(seq):
        raise IndexError("Cannot choose from an empty sequence")
    return seq[self._randbelow(len(seq))]


def shuffle_generic(self, x):
    randbelow = self._randbelow
    for i in range(len(x) - 1, 0, -1):
        j = randbelow(i + 1)
        x[i], x[j] = x[j], x[i]


def sample(self, population, k, *, counts=None):
    if isinstance(population, (set, frozenset)) or isinstance(population, dict):
        raise TypeError("Population must be a sequence.  For dicts or sets, use sorted(d).")
    n = len(population)
    if counts is not None:
        cum_counts = []
        total = 0
        for c in counts:
            total += c
            cum_counts.append(total)
        if len(cum_counts) != n:
            raise ValueError("The number of counts does not match the population")
        total = cum_counts.pop()
        if not isinstance(total, int):
            raise TypeError("Counts must be integers")
        if total <= 0:
            raise ValueError("Total of counts must be greater than zero")
        selections = self.sample(range(total), k=k)
        from bisect import bisect

        return [population[bisect(cum_counts, s)] for s in selections]
    randbelow = self._randbelow
    if not 0 <= k <= n:
        raise ValueError("Sample larger than population or is negative")
    result = [None] * k
    setsize = 21
    if k > 5:
        setsize += 4 ** _ceil_log4(k * 3)
    if n <= setsize:
        pool = list(population)
        for i in range(k):
            j = randbelow(n - i)
            result[i] = pool[j]
            pool[j] = pool[n - i - 1]
    else:
        selected = set()
        for i in range(k):
            j = randbelow(n)
            while j in selected:
                j = randbelow(n)
            selected.add(j)
            result[i] = population[j]
    return result

def choices(self, population, weights=None, *, cum_weights=None, k=1):
    random = self.random
    n = len(population)
    if cum_weights is None:
        if weights is None:
            n += 0.0
            return [population[_floor(random() * n)] for _ in range(k)]
        cum_weights = []
        total = 0
        for w in weights:
            total += w
            cum_weights.append(total)
    elif weights is not None:
        raise TypeError("Cannot specify both weights and cumulative weights")
    if len(cum_weights) != n:
        raise ValueError("The number of weights does not match the population")
    total = cum_weights[-1] + 0.0
    if total <= 0.0:
        raise ValueError("Total of weights must be greater than zero")
    if not _isfinite(total):
        raise ValueError("Total of weights must be finite")
    from bisect import bisect

    hi = n - 1
    return [population[bisect(cum_weights, random() * total, 0, hi)] for _ in range(k)]

# --- real-valued distributions ---


def triangular(self, low=0.0, high=1.0, mode=None):
    u = self.random()
    try:
        c = 0.5 if mode is None else (mode - low) / (high - low)
    except ZeroDivisionError:
        return low
    if u > c:
        u = 1.0 - u
        c = 1.0 - c
        low, high = high, low
    return low + (high - low) * _sqrt(u * c)


def normalvariate(self, mu=0.0, sigma=1.0):
    random = self.random
    while True:
        u1 = random()
        u2 = 1.0 - random()
        z = NV_MAGICCONST * (u1 - 0.5) / u2
        zz = z * z / 4.0
        if zz <= -_log(u2):
            break
    return mu + z * sigma


def lognormvariate(self, mu, sigma):
    return _exp(normalvariate(self, mu, sigma))


def vonmisesvariate(self, mu, kappa):
    random = self.random
    if kappa <= 1e-6:
        return TWOPI * random()
    s = 0.5 / kappa
    r = s + _sqrt(1.0 + s * s)
    while True:
        u1 = random()
        z = _cos(_math.pi * u1)
        d = z / (r + z)
        u2 = random()
        if u2 < 1.0 - d * d or u2 <= (1.0 - d) * _exp(d):
            break
    q = 1.0 / r
    f = (q + z) / (1.0 + q * z)
    u3 = random()
    if u3 > 0.5:
        theta = (mu + _math.acos(f)) % TWOPI
    else:
        theta = (mu - _math.acos(f)) % TWOPI
    return theta

def gammavariate(self, alpha, beta):
    if alpha <= 0.0 or beta <= 0.0:
        raise ValueError("gammavariate: alpha and beta must be > 0.0")
    random = self.random
    if alpha > 1.0:
        ainv = _sqrt(2.0 * alpha - 1.0)
        bbb = alpha - LOG4
        ccc = alpha + ainv
        while True:
            u1 = random()
            if not 1e-7 < u1 < 0.9999999:
                continue
            u2 = 1.0 - random()
            v = _log(u1 / (1.0 - u1)) / ainv
            x = alpha * _exp(v)
            z = u1 * u1 * u2
            r = bbb + ccc * v - x
            if r + SG_MAGICCONST - 4.5 * z >= 0.0 or r >= _log(z):
                return x * beta
    elif alpha == 1.0:
        return -_log(1.0 - random()) * beta
    else:
        while True:
            u = random()
            b = (_e + alpha) / _e
            p = b * u
            if p <= 1.0:
                x = p ** (1.0 / alpha)
            else:
                x = -_log((b - p) / alpha)
            u1 = random()
            if p > 1.0:
                if u1 <= x ** (alpha - 1.0):
                    break
            elif u1 <= _exp(-x):
                break
        return x * beta

def betavariate(self, alpha, beta):
    y = gammavariate(self, alpha, 1.0)
    if y:
        return y / (y + gammavariate(self, beta, 1.0))
    return 0.0


def _float_hash(x):
    # CPython's hash of a float (documented: a rational m / 2**k reduced modulo 2**61 - 1)
    modulus = (1 << 61) - 1
    if x != x:
        return 0
    if x in (_math.inf, -_math.inf):
        return 314159 if x > 0 else -314159
    m, e = _math.frexp(abs(x))
    num = int(m * 9007199254740992.0)
    k = 53 - e
    if k <= 0:
        value = (num << -k) % modulus
    else:
        value = (num % modulus) * (1 << ((61 - k % 61) % 61)) % modulus
    if x < 0:
        value = -value
    return -2 if value == -1 else value


def _ceil_log4(x):
    # ceil(log(x, 4)) as CPython computes it with floats
    return int(-(-(_log(x) / LOG4) // 1))


class SystemRandom(Random):
    __module__ = "random"

    def random(self):
        return _builtin.random()

    def getrandbits(self, k):
        result = 0
        shift = 0
        while k > 0:
            r = _builtin.getrandbits(min(k, 32))
            result |= r << shift
            shift += 32
            k -= 32
        return result

    def seed(self, *args, **kwds):
        return None

    def getstate(self, *args, **kwds):
        raise NotImplementedError("System entropy source does not have state.")

    setstate = getstate

