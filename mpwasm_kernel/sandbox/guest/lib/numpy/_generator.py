"""``numpy.random.default_rng(seed)``: numpy's ``Generator`` on numpy's PCG64, seeded through
numpy's ``SeedSequence``, loaded on first use.

``random``, ``integers`` (Lemire's bounded draws on 32-bit halves of the 64-bit outputs, as
numpy) and ``uniform`` give numpy's numbers for a seed. ``normal``/``standard_normal`` (numpy
uses a ziggurat), ``choice``, ``shuffle``, ``permutation`` and ``exponential`` draw from the
same PCG64 stream with the legacy algorithms, so their numbers differ from numpy's.

The 128-bit state is a Python integer: each draw allocates a few big integers (garbage the
collector frees as the cell runs).
"""

from numpy.random import RandomState, _fill

_MASK32 = 0xFFFFFFFF
_MASK64 = 0xFFFFFFFFFFFFFFFF
_MASK128 = (1 << 128) - 1
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645
# SeedSequence's hash constants (numpy/random/bit_generator.pyx)
_INIT_A = 0x43B0D7E5
_MULT_A = 0x931E8875
_INIT_B = 0x8B51F9DD
_MULT_B = 0x58F38DED
_MIX_MULT_L = 0xCA01F9DD
_MIX_MULT_R = 0x4973F715


def _words(value):
    """A non-negative int as 32-bit words, least significant first (numpy's entropy coercion)."""
    if value < 0:
        raise ValueError("expected non-negative integer")
    words = []
    while True:
        words.append(value & _MASK32)
        value >>= 32
        if not value:
            return words


class SeedSequence:
    """numpy's SeedSequence for an int (or list of ints) entropy: a pool of four 32-bit words."""

    def __init__(self, entropy):
        if isinstance(entropy, int):
            data = _words(entropy)
        else:
            data = []
            for v in entropy:
                data.extend(_words(int(v)))
        self.entropy = entropy
        const = [_INIT_A]

        def hashmix(value):
            value ^= const[0]
            const[0] = (const[0] * _MULT_A) & _MASK32
            value = (value * const[0]) & _MASK32
            return value ^ (value >> 16)

        def mix(x, y):
            r = (_MIX_MULT_L * x - _MIX_MULT_R * y) & _MASK32
            return r ^ (r >> 16)

        pool = [hashmix(data[i] if i < len(data) else 0) for i in range(4)]
        for src in range(4):
            for dst in range(4):
                if src != dst:
                    pool[dst] = mix(pool[dst], hashmix(pool[src]))
        for src in range(4, len(data)):
            for dst in range(4):
                pool[dst] = mix(pool[dst], hashmix(data[src]))
        self.pool = pool

    def generate_state(self, n_words):
        """`n_words` 32-bit words (numpy's ``generate_state(n, np.uint32)``)."""
        const = _INIT_B
        out = []
        for i in range(n_words):
            v = self.pool[i % 4] ^ const
            const = (const * _MULT_B) & _MASK32
            v = (v * const) & _MASK32
            out.append(v ^ (v >> 16))
        return out


class _PCG64:
    """numpy's PCG64 (XSL-RR 128/64) and the outputs the samplers use."""

    def __init__(self, seed):
        if seed is None:
            import random

            seed = random.getrandbits(64)
        w = SeedSequence(seed).generate_state(8)
        u64 = [w[2 * k] | (w[2 * k + 1] << 32) for k in range(4)]  # little-endian uint64 view
        initstate = (u64[0] << 64) | u64[1]
        initseq = (u64[2] << 64) | u64[3]
        self.inc = ((initseq << 1) | 1) & _MASK128
        self.state = 0
        self._step()
        self.state = (self.state + initstate) & _MASK128
        self._step()
        self.half = None  # the upper half of a 64-bit draw kept for the next 32-bit one

    def _step(self):
        self.state = (self.state * _PCG_MULT + self.inc) & _MASK128

    def next64(self):
        self._step()
        s = self.state
        rot = s >> 122
        x = ((s >> 64) ^ s) & _MASK64
        return ((x >> rot) | (x << (64 - rot))) & _MASK64 if rot else x

    def next32(self):
        if self.half is not None:
            h = self.half
            self.half = None
            return h
        v = self.next64()
        self.half = v >> 32
        return v & _MASK32

    def next_double(self):
        return (self.next64() >> 11) * (1.0 / 9007199254740992.0)

    def masked(self, mask):
        return self.next32() & mask

    def interval(self, top):
        if top == 0:
            return 0
        mask = top
        for shift in (1, 2, 4, 8, 16):
            mask |= mask >> shift
        while True:
            v = self.next32() & mask
            if v <= top:
                return v


class Generator(RandomState):
    """numpy's ``Generator`` (``default_rng``): numpy's numbers for ``random``, ``integers`` and
    ``uniform``; other methods draw from the same stream with the legacy algorithms."""

    def __init__(self, seed=None):
        RandomState.__init__(self)
        self._mt = _PCG64(seed)

    def __repr__(self):
        return "Generator(PCG64)"

    def seed(self, seed=None):
        raise AttributeError("'numpy.random._generator.Generator' object has no attribute 'seed'")

    def random(self, size=None):
        return _fill(size, self._mt.next_double)

    def integers(self, low, high=None, size=None, endpoint=False):
        if high is None:
            low, high = 0, low
        low, high = int(low), int(high)
        top = high - low - (0 if endpoint else 1)
        if top < 0:
            raise ValueError("low > high" if endpoint else "low >= high")
        if top > _MASK32:
            raise ValueError("the sandbox's Generator.integers draws ranges up to 2**32 values")
        if top == 0:
            return _fill(size, lambda: low, "int64")
        if top == _MASK32:
            n32 = self._mt.next32
            return _fill(size, lambda: low + n32(), "int64")
        excl = top + 1
        threshold = (_MASK32 - top) % excl
        n32 = self._mt.next32

        def lemire():
            m = n32() * excl
            while (m & _MASK32) < threshold:
                m = n32() * excl
            return low + (m >> 32)

        return _fill(size, lemire, "int64")


def default_rng(seed=None):
    if isinstance(seed, Generator):
        return seed
    return Generator(seed)
