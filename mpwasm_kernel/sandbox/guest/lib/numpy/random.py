"""numpy.random for the sandbox: numpy's legacy generator (``RandomState``), number for number.

``np.random.seed(0); np.random.rand(3)`` gives numpy's numbers: the state is numpy's MT19937
(seeded as ``RandomState.seed`` does: an int through the reference ``init_genrand``, a list
through ``init_by_array``), doubles are made from two 32-bit draws as numpy makes them,
``randn``/``normal`` use numpy's legacy polar Box–Muller (one value kept for the next call),
``randint``/``choice`` numpy's masked rejection and ``shuffle``/``permutation`` its
Fisher–Yates order. Only the last bit of ``randn`` may differ where the guest's ``log`` rounds
differently from the host's C library.

``default_rng(seed)`` returns numpy's ``Generator`` on PCG64 (``numpy/_generator.py``): its
``random``, ``integers`` and ``uniform`` give numpy's numbers too.
"""

import math

import numpy as _np

_N = 624
_M = 397
_MASK32 = 0xFFFFFFFF


class _MT19937:
    """The Mersenne Twister state and its 32-bit and 53-bit outputs, as numpy's ``mt19937.c``.

    Seeding is numpy's (``init_genrand``, ``init_by_array``, below); the words after it are
    MT19937's whoever computes them, so the state is handed to a guest ``random.Random``
    (``setstate``), whose words are drawn natively in batches (``lib/random.py``). numpy's
    double is CPython's ``random()`` (``(a >> 5) * 2**26 + (b >> 6)`` over ``2**53``) and its
    32-bit word is ``getrandbits(32)``."""

    def __init__(self):
        self._rng = None  # seeded on first use (from the guest's random module) unless seeded

    def _set(self, key):
        import random

        rng = self._rng
        if rng is None:
            rng = self._rng = random.Random(0)
        rng.setstate((3, tuple(key) + (_N,), None))
        self.next_double = rng.random  # the generator's own (a call without a Python frame)

    def _first(self):
        import random

        self.seed_int(random.getrandbits(32))

    @staticmethod
    def _genrand(s):
        key = [0] * _N
        s &= _MASK32
        for pos in range(_N):
            key[pos] = s
            s = (1812433253 * (s ^ (s >> 30)) + pos + 1) & _MASK32
        return key

    def seed_int(self, s):
        self._set(self._genrand(s))

    def seed_array(self, init_key):
        mt = self._genrand(19650218)
        i, j = 1, 0
        length = len(init_key)
        for _ in range(_N if _N > length else length):
            p = mt[i - 1]
            mt[i] = ((mt[i] ^ ((p ^ (p >> 30)) * 1664525)) + init_key[j] + j) & _MASK32
            i += 1
            j += 1
            if i >= _N:
                mt[0] = mt[_N - 1]
                i = 1
            if j >= length:
                j = 0
        for _ in range(_N - 1):
            p = mt[i - 1]
            mt[i] = ((mt[i] ^ ((p ^ (p >> 30)) * 1566083941)) - i) & _MASK32
            i += 1
            if i >= _N:
                mt[0] = mt[_N - 1]
                i = 1
        mt[0] = 0x80000000
        self._set(mt)

    def next32(self):
        if self._rng is None:
            self._first()
        return self._rng.getrandbits(32)

    def masked(self, mask):
        """The next word ``& mask``."""
        if self._rng is None:
            self._first()
        return self._rng.getrandbits(32) & mask

    def next_double(self):
        # until seeded (then the instance's attribute, set in _set, answers a new look-up)
        if self._rng is None:
            self._first()
        return self._rng.random()

    def interval(self, top):
        """A uniform integer in [0, top] by masked rejection (numpy's ``random_interval``)."""
        if top == 0:
            return 0
        mask = top
        for shift in (1, 2, 4, 8, 16):
            mask |= mask >> shift
        while True:
            v = self.masked(mask)
            if v <= top:
                return v


def _shape(size):
    if size is None:
        return None
    if isinstance(size, int):
        return (size,)
    return tuple(int(v) for v in size)


def _fill(size, draw, kind="float64"):
    shape = _shape(size)
    if shape is None:
        return draw()
    n = 1
    for k in shape:
        n *= k
    values = [draw() for _ in range(n)]
    return _np.array(values, dtype=kind).reshape(shape) if len(shape) != 1 else _np.array(values, dtype=kind)


class RandomState:
    """numpy's legacy ``RandomState``: seed, rand, randn, random, randint, normal, uniform,
    standard_normal, exponential, choice, shuffle, permutation (numpy's numbers for a seed)."""

    def __init__(self, seed=None):
        self._mt = _MT19937()
        self._gauss = None
        if seed is not None:
            self.seed(seed)

    def seed(self, seed=None):
        self._gauss = None
        if seed is None:
            import random

            self._mt.seed_int(random.getrandbits(32))
            return
        if isinstance(seed, (list, tuple)) or hasattr(seed, "tolist"):
            words = [int(v) for v in (seed.tolist() if hasattr(seed, "tolist") else seed)]
            if not words:
                raise ValueError("Seed must be non-empty")
            if any(w < 0 or w > _MASK32 for w in words):
                raise ValueError("Seed must be between 0 and 2**32 - 1")
            self._mt.seed_array(words)
            return
        if isinstance(seed, float) or not isinstance(seed, int):
            raise TypeError("Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'")
        if seed < 0 or seed > _MASK32:
            raise ValueError("Seed must be between 0 and 2**32 - 1")
        self._mt.seed_int(seed)

    # uniform doubles
    def random_sample(self, size=None):
        return _fill(size, self._mt.next_double)

    random = random_sample
    sample = random_sample
    ranf = random_sample

    def rand(self, *shape):
        return _fill(shape if shape else None, self._mt.next_double)

    def uniform(self, low=0.0, high=1.0, size=None):
        span = high - low
        nd = self._mt.next_double
        return _fill(size, lambda: low + span * nd())

    # normal
    def _next_gauss(self):
        if self._gauss is not None:
            g = self._gauss
            self._gauss = None
            return g
        nd = self._mt.next_double
        while True:
            x1 = 2.0 * nd() - 1.0
            x2 = 2.0 * nd() - 1.0
            r2 = x1 * x1 + x2 * x2
            if 0.0 < r2 < 1.0:
                break
        f = math.sqrt(-2.0 * math.log(r2) / r2)
        self._gauss = f * x1
        return f * x2

    def standard_normal(self, size=None):
        return _fill(size, self._next_gauss)

    def randn(self, *shape):
        return _fill(shape if shape else None, self._next_gauss)

    def normal(self, loc=0.0, scale=1.0, size=None):
        if scale < 0:
            raise ValueError("scale < 0")
        g = self._next_gauss
        return _fill(size, lambda: loc + scale * g())

    def exponential(self, scale=1.0, size=None):
        nd = self._mt.next_double
        return _fill(size, lambda: scale * -math.log(1.0 - nd()))

    # integers
    def randint(self, low, high=None, size=None, dtype=int):
        if high is None:
            low, high = 0, low
        low, high = int(low), int(high)
        if low >= high:
            raise ValueError("low >= high" if size is not None else "high <= 0")
        top = high - 1 - low
        if top > _MASK32:
            raise ValueError("the sandbox's numpy.random.randint draws ranges up to 2**32 values")
        if top == 0:
            return _fill(size, lambda: low, "int64")
        mask = top
        for shift in (1, 2, 4, 8, 16):
            mask |= mask >> shift
        masked = self._mt.masked

        def draw():
            while True:
                v = masked(mask)
                if v <= top:
                    return low + v

        return _fill(size, draw, "int64")

    def random_integers(self, low, high=None, size=None):
        if high is None:
            low, high = 1, low
        return self.randint(low, high + 1, size)

    # sequences
    def shuffle(self, x):
        """Shuffle a list or an array (along its first axis) in place."""
        n = len(x)
        interval = self._mt.interval
        if isinstance(x, _np.ndarray):
            items = x.tolist()
            for i in range(n - 1, 0, -1):
                j = interval(i)
                items[i], items[j] = items[j], items[i]
            x[:] = items
            return
        for i in range(n - 1, 0, -1):
            j = interval(i)
            x[i], x[j] = x[j], x[i]

    def permutation(self, x):
        if isinstance(x, int):
            arr = _np.arange(x)
        else:
            arr = _np.array(x).copy()
        self.shuffle(arr)
        return arr

    def choice(self, a, size=None, replace=True, p=None):
        if isinstance(a, int):
            if a <= 0:
                raise ValueError("a must be a positive integer unless no samples are taken")
            pool, kind = None, "int64"
            n = a
        else:
            arr = _np.array(a)
            if arr.ndim != 1:
                raise ValueError("a must be 1-dimensional")
            pool, kind = arr.tolist(), arr._dt
            n = len(pool)
            if n == 0:
                raise ValueError("'a' cannot be empty unless no samples are taken")
        if p is not None:
            weights = p.tolist() if hasattr(p, "tolist") else [float(w) for w in p]
            if len(weights) != n:
                raise ValueError("'a' and 'p' must have same size")
            if abs(sum(weights) - 1.0) > 1e-8:
                raise ValueError("probabilities do not sum to 1")
        if replace:
            if p is not None:
                cdf = _np.cumsum(_np.array(weights, dtype=float)).tolist()
                last = cdf[-1]
                cdf = [c / last for c in cdf]

                def index():
                    u = self._mt.next_double()
                    lo, hi = 0, len(cdf)
                    while lo < hi:  # searchsorted(side='right')
                        mid = (lo + hi) // 2
                        if cdf[mid] <= u:
                            lo = mid + 1
                        else:
                            hi = mid
                    return lo

                idx = _fill(size, index, "int64")
            else:
                idx = self.randint(0, n, size)
        else:
            k = 1 if size is None else _shape(size)[0]
            if k > n:
                raise ValueError("Cannot take a larger sample than population when 'replace=False'")
            if p is not None:
                raise NotImplementedError("the sandbox's numpy.random.choice has no p= without replacement")
            idx = self.permutation(n)[:k]
            if size is None:
                idx = idx.tolist()[0]
        if pool is None:
            return idx
        if isinstance(idx, int):
            return pool[idx]
        return _np.array([pool[i] for i in idx.tolist()], dtype=kind)


def default_rng(seed=None):
    """numpy's ``Generator`` on PCG64 (``numpy/_generator.py``, loaded on first use)."""
    from numpy._generator import default_rng as make

    return make(seed)


def __getattr__(name):
    if name in ("Generator", "SeedSequence"):
        import numpy._generator as g

        return getattr(g, name)
    raise AttributeError("module 'numpy.random' has no attribute '%s' (the sandbox's numpy.random: "
                         "see docs/plotting.md)" % name)


_global = RandomState()
seed = _global.seed
random_sample = _global.random_sample
random = _global.random_sample
sample = _global.random_sample
ranf = _global.random_sample
rand = _global.rand
uniform = _global.uniform
standard_normal = _global.standard_normal
randn = _global.randn
normal = _global.normal
exponential = _global.exponential
randint = _global.randint
random_integers = _global.random_integers
shuffle = _global.shuffle
permutation = _global.permutation
choice = _global.choice
