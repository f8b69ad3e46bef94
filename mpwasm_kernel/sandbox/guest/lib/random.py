# Guest library: random with CPython's generator (Mersenne Twister MT19937, seeded as CPython
# seeds it) and CPython's documented algorithms on top, so a seeded notebook prints CPython's
# numbers. Unseeded, it is seeded from the sandbox's entropy source (deterministic in the
# kernel's deterministic mode).
# The hot functions' names come first in this module's namespace: it is insertion-ordered and
# searched linearly, so `random.random` found at the end would cost a scan of every name (they are
# bound to the module's generator at the bottom).
random = uniform = randint = choice = shuffle = gauss = None


def _native(name):
    # MicroPython's built-in module `name`, never a library file: imported with an empty sys.path
    # (the importer then skips sys.modules and the file system). The path emptied is that of
    # MicroPython's own sys, which the runtime holds: the library's sys.py and _mpk_lib (whose
    # builtin() does the same) and the library's math.py would add ~57 M fuel to every import.
    path = __import__("_mpk_runtime").sys.path
    saved = path[:]
    path[:] = []
    try:
        return __import__(name)
    finally:
        path[:] = saved


_builtin = _native("random")
# MicroPython's randrange(st, words, doubles) with three arrays of the shapes below draws MT19937
# natively (the build's `mt_fill` patch, wasm/patches/mt_fill.py): it advances the state `st`
# in place by st[_SKIP] words and writes the next st[_COUNT] words, as uint32 and as word >> 2,
# and CPython's random() doubles from them. Called as a class method of a class whose namespace
# holds the tuple (st, words, doubles) it returns the next random() double, and with a 4-tuple
# (st, words, doubles, None) and two arguments uniform(a, b) (the `mt_draw` patch): random() and
# uniform() are such bound methods, calls without a Python frame.
_fill_native = _builtin.randrange
_math = _native("math")
_struct = _native("struct")
_array = _native("array").array
_more = None


def _m():
    # the less used part of the module (_random_more.py), loaded on first use
    global _more
    if _more is None:
        import _random_more

        _more = _random_more
    return _more


# Builtins under module names: a builtin's name is looked up in this module's (insertion-ordered,
# linearly searched) namespace first, on every use; a module global hits the lookup cache.
_len = len
_type = type
_list = list
_memoryview = memoryview
_classmethod = classmethod
_log = _math.log
_exp = _math.exp
_sqrt = _math.sqrt
_cos = _math.cos
_sin = _math.sin
_floor = _math.floor
_isfinite = _math.isfinite
_e = _math.e
TWOPI = 2.0 * _math.pi
NV_MAGICCONST = 4 * _exp(-0.5) / _sqrt(2.0)
LOG4 = _log(4.0)
SG_MAGICCONST = 1.0 + _log(4.5)
BPF = 53
RECIP_BPF = 2 ** -BPF
_N = 624
_M = 397


_ST = 1252      # words of a state array: mt[624], the index, a 625-word scratch area, skip, count
_SKIP = 1250    # between fills: the words of the batch used (p); written as the literal 1250
_COUNT = 1251   # between fills: the words in the batch (n); written as the literal 1251
_BATCH = 8192  # words per batch at most
_FIRST = 64    # words of the first batch after seeding; each batch is 4 times larger
_SEED_MAX = 1 << 20
_NO_WORDS = _array("I")
_NO_DOUBLES = _array("d")
_channel = None


def _bit_length(n):
    if n <= 0:
        return 0 if n == 0 else _bit_length(-n)
    return len(bin(n)) - 2


def _open():
    # the channel device, as the runtime's channel module holds it (it forgets it when the host
    # drops its file descriptors)
    global _channel
    if _channel is None:
        import _mpk_channel

        _channel = _mpk_channel
    return _channel._open()


_min = min


class Random:
    # MT19937's state lives in this object (`_state`, an array('I') of `_ST` words: CPython's
    # mt[624] and index at the start of the current batch) and the batch of words that follow is
    # drawn natively (`_fill_native`): `_u` (uint32), `_w` (word >> 2: small ints, since
    # MicroPython's hold 31 bits; a view of `_u`'s second half) and `_d` (the doubles random()
    # returns: from the words at even positions, then from those at odd ones). Between fills
    # `_state[1250]` words of the batch are used and `_state[1251]` are valid. Guest memory holds
    # all of it, so snapshots and rollbacks cover the generator.
    #
    # random(), uniform() and `_below(n)` (_randbelow for 0 < n < 2**30) are the class methods of
    # `_draw`, `_span` and `_range` (classes made for this instance, holding the arrays): natively
    # they read the batch where the other consumers left it, or, once it is used up, advance the
    # state past it and draw from the state itself.
    VERSION = 3

    def __init__(self, x=None):
        self._state = _array("I", bytes(4 * _ST))
        self._state[_N] = _N
        self._cap = 0
        self._u = _NO_WORDS
        self._w = None
        self._d = _NO_DOUBLES
        self._want = _FIRST
        self.gauss_next = None
        self._draw = _type("Random", (), {"_a": None, "draw": _classmethod(_fill_native)})
        self._span = _type("Random", (), {"_a": None, "draw": _classmethod(_fill_native)})
        self._range = _type("Random", (), {"_a": None, "draw": _classmethod(_fill_native)})
        self._bind()
        self._below = self._range.draw
        cls = type(self)
        if cls.random is Random.random:  # a subclass's own random() is left alone
            self.random = self._draw.draw
            if cls.uniform is Random.uniform:
                self.uniform = self._span.draw
        if cls is not Random:
            mode = _subclass_draws(cls)
            if mode is not None:
                _m().use_generic(self, mode)
        self.seed(x)

    def _bind(self):
        # the arrays the native random() and uniform() read (after any of them is replaced)
        self._draw._a = (self._state, self._u, self._d)
        self._span._a = (self._state, self._u, self._d, None)
        self._range._a = (self._state, self._u, self._d, None, None)

    def random(self):
        # Random.random(instance), super().random(): the next double (an instance of a class that
        # does not override random() has the native draw as its own attribute `random`)
        return self._draw.draw()

    # --- the generator (MT19937, as in Matsumoto & Nishimura's reference code) ---
    def _set_words(self, words, index=_N):
        state = _array("I", bytes(4 * _ST))
        for i in range(_N):
            state[i] = words[i]
        state[_N] = index
        self._state = state
        self._bind()
        self._want = _FIRST

    def _refill(self):
        # The next batch, starting after the words used of this one (`_state[1250]`, which the
        # fill skips). It executes no jump (choices are table look-ups): a pending
        # KeyboardInterrupt is raised at jumps only, so the fill and the reset of the position
        # happen together; the native fill neither allocates nor raises.
        count = self._want
        _GROW[count > self._cap](self, count)
        state = self._state
        state[1251] = count
        _fill_native(state, self._u, self._d)
        state[1250] = 0
        self._want = _min(_BATCH, 4 * count)

    def _grow(self, count):
        # larger buffers; the batch is dropped first (its used words are skipped at the fill)
        self._state[1251] = 0
        self._u = _array("I", bytes(8 * count))
        self._w = _memoryview(self._u)[count:]
        self._d = _array("d", bytes(8 * count))
        self._cap = count
        self._bind()

    def _keep(self, count):
        return None

    def _genrand(self):
        # the next 32-bit output (a big int when >= 2**30)
        st = self._state
        p = st[1250]
        if p >= st[1251]:
            self._refill()
            p = 0
        st[1250] = p + 1
        return self._u[p]

    # --- seeding and state ---
    def seed(self, a=None, version=2):
        if a is None:
            key = 0
            for _ in range(4):
                key = (key << 32) | _builtin.getrandbits(32)
            a = key
        if isinstance(a, float):
            a = _m()._float_hash(a) % 18446744073709551616  # CPython takes the hash as a C size_t
        elif isinstance(a, (str, bytes, bytearray)):
            if version != 2:
                raise NotImplementedError("random.seed(version=1) is not available in the sandbox")
            self._seed_host(b"s" + (a.encode() if isinstance(a, str) else bytes(a)))
            self.gauss_next = None
            return
        elif not isinstance(a, int):
            raise TypeError("The only supported seed types are: None,\nint, float, str, bytes, and bytearray.")
        a = abs(a)
        self._seed_host(b"i" + a.to_bytes((len("%x" % a) + 1) // 2, "little"))
        self.gauss_next = None

    def _seed_host(self, body):
        # the host seeds CPython's generator (sandbox/mtstream.py) and replies with its state
        if _len(body) > _SEED_MAX:
            raise ValueError("random: the seed is too large for the sandbox (%d bytes; at most %d)"
                             % (_len(body), _SEED_MAX))
        state = _array("I", bytes(4 * _ST))
        dev = _open()
        written = dev.write(b"\x03" + _struct.pack("<I", _len(body)) + body)
        head = dev.read(8)
        got = dev.readinto(_memoryview(state)[:_N]) if head[:4] == b"MTOK" else 0
        if written != _len(body) + 5 or _len(head) != 8 or got != 4 * _N:
            raise RuntimeError("random: the host did not answer the seeding request")
        state[_N] = _struct.unpack("<I", head[4:])[0]
        self._state = state
        self._bind()
        self._want = _FIRST

    def getstate(self):
        return _m().getstate(self)

    def setstate(self, state):
        return _m().setstate(self, state)

    def __getstate__(self):
        return self.getstate()

    def __setstate__(self, state):
        if "_state" not in self.__dict__:  # made without __init__ (unpickling)
            Random.__init__(self, 0)
        self.setstate(state)

    def __copy__(self):
        new = type(self)()
        new.setstate(self.getstate())
        return new

    def __deepcopy__(self, memo):
        return self.__copy__()

    # --- core outputs ---
    def getrandbits(self, k):
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        if k == 0:
            return 0
        if k <= 30:  # stays a small int
            st = self._state
            p = st[1250]
            if p >= st[1251]:
                self._refill()
                p = 0
            st[1250] = p + 1
            return self._w[p] >> (30 - k)
        if k <= 32:
            return self._genrand() >> (32 - k)
        result = 0
        shift = 0
        while k > 0:
            r = self._genrand()
            if k < 32:
                r >>= 32 - k
            result |= r << shift
            shift += 32
            k -= 32
        return result

    def randbytes(self, n):
        return self.getrandbits(n * 8).to_bytes(n, "little")

    def _randbelow(self, n):
        if 0 < n <= 0x3FFFFFFF:  # the common case, native: k <= 30 bits, one word per try
            return self._below(n)
        k = _bit_length(n)
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return r

    # --- integers and sequences ---
    def randrange(self, start, stop=None, step=1):
        istart = _index(start)
        if stop is None:
            if step != 1:
                raise TypeError("Missing a non-None stop argument")
            if istart > 0:
                return self._randbelow(istart)
            raise ValueError("empty range for randrange()")
        istop = _index(stop)
        width = istop - istart
        istep = _index(step)
        if istep == 1:
            if width > 0:
                return istart + self._randbelow(width)
            raise ValueError("empty range for randrange() (%d, %d, %d)" % (istart, istop, width))
        if istep > 0:
            n = (width + istep - 1) // istep
        elif istep < 0:
            n = (width + istep + 1) // istep
        else:
            raise ValueError("zero step for randrange()")
        if n <= 0:
            raise ValueError("empty range for randrange()")
        return istart + istep * self._randbelow(n)

    # randint, choice and shuffle call the native _randbelow (`_below`) for n < 2**30 (one word
    # per try, as CPython's _randbelow_with_getrandbits draws): a Python call costs as much as the
    # rest.
    def randint(self, a, b):
        try:
            n = (b - a + 1) | 0  # a TypeError unless both are ints (as randrange's, which reports it)
        except TypeError:
            n = 0
        if 0 < n <= 0x3FFFFFFF:
            return a + self._below(n)
        if n > 0:
            return a + self._randbelow(n)
        return self.randrange(a, b + 1)

    def choice(self, seq):
        n = _len(seq)
        if 0 < n <= 0x3FFFFFFF:
            return seq[self._below(n)]
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(n)]

    def shuffle(self, x):
        if _len(x) > 0x3FFFFFFF:  # beyond the native draw (not in a sandbox's memory)
            randbelow = self._randbelow
        else:
            randbelow = self._below
        for i in range(_len(x) - 1, 0, -1):
            j = randbelow(i + 1)
            x[i], x[j] = x[j], x[i]

    def sample(self, population, k, *, counts=None):
        return _m().sample(self, population, k, counts=counts)

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        return _m().choices(self, population, weights, cum_weights=cum_weights, k=k)

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def triangular(self, low=0.0, high=1.0, mode=None):
        return _m().triangular(self, low, high, mode)

    def normalvariate(self, mu=0.0, sigma=1.0):
        return _m().normalvariate(self, mu, sigma)

    def gauss(self, mu=0.0, sigma=1.0):
        random = self.random
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            x2pi = random() * TWOPI
            g2rad = _sqrt(-2.0 * _log(1.0 - random()))
            z = _cos(x2pi) * g2rad
            self.gauss_next = _sin(x2pi) * g2rad
        return mu + z * sigma

    def lognormvariate(self, mu, sigma):
        return _m().lognormvariate(self, mu, sigma)

    def expovariate(self, lambd=1.0):
        return -_log(1.0 - self.random()) / lambd

    def paretovariate(self, alpha):
        u = 1.0 - self.random()
        return u ** (-1.0 / alpha)

    def weibullvariate(self, alpha, beta):
        u = 1.0 - self.random()
        return alpha * (-_log(u)) ** (1.0 / beta)

    def vonmisesvariate(self, mu, kappa):
        return _m().vonmisesvariate(self, mu, kappa)

    def gammavariate(self, alpha, beta):
        return _m().gammavariate(self, alpha, beta)

    def betavariate(self, alpha, beta):
        return _m().betavariate(self, alpha, beta)


_GROW = (Random._keep, Random._grow)


def _subclass_draws(cls):
    # CPython's Random.__init_subclass__: the first class (in method resolution order) that
    # defines `_randbelow`, `getrandbits` or `random` decides how _randbelow draws (its own, from
    # getrandbits(), or from random()); randint, choice and shuffle then go through _randbelow
    # (this module's inline the common case for the class's own generator). None: Random's.
    pending = [cls]
    while pending:
        c = pending.pop(0)
        if c is Random:
            return None
        d = c.__dict__
        for name in ("_randbelow", "getrandbits", "random"):
            if name in d:
                return name
        pending = _list(c.__bases__) + pending
    return None


def _index(x):
    if isinstance(x, int):
        return x
    if isinstance(x, float) and x == int(x):
        raise TypeError("'float' object cannot be interpreted as an integer")
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(x).__name__)


_inst = Random()
seed = _inst.seed
random = _inst.random
uniform = _inst.uniform
triangular = _inst.triangular
randint = _inst.randint
choice = _inst.choice
randrange = _inst.randrange
sample = _inst.sample
shuffle = _inst.shuffle
choices = _inst.choices
normalvariate = _inst.normalvariate
lognormvariate = _inst.lognormvariate
expovariate = _inst.expovariate
vonmisesvariate = _inst.vonmisesvariate
gammavariate = _inst.gammavariate
gauss = _inst.gauss
betavariate = _inst.betavariate
paretovariate = _inst.paretovariate
weibullvariate = _inst.weibullvariate
getstate = _inst.getstate
setstate = _inst.setstate
getrandbits = _inst.getrandbits
randbytes = _inst.randbytes


def __getattr__(name):
    if name == "SystemRandom":
        return _m().SystemRandom
    raise AttributeError("module 'random' has no attribute '%s'" % name)
