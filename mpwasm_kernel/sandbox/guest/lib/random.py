# Guest library: random with CPython's generator (Mersenne Twister MT19937, seeded as CPython
# seeds it) and CPython's documented algorithms on top, so a seeded notebook prints CPython's
# numbers. Unseeded, it is seeded from the sandbox's entropy source (deterministic in the
# kernel's deterministic mode).
# The hot functions' names come first in this module's namespace: it is insertion-ordered and
# searched linearly, so `random.random` found at the end would cost a scan of every name (they are
# bound to the module's generator at the bottom).
random = uniform = randint = choice = shuffle = gauss = _rnd = None
_inst = None


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
# and CPython's random() doubles from them
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
_iter = iter
_list = list
_memoryview = memoryview
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


_BITS = bytes(len(bin(i)) - 2 if i else 0 for i in range(256))
_SHIFT8 = bytes(30 - b for b in _BITS)  # n < 256: a 30-bit word >> _SHIFT8[n] has n's bit length
_ST = 1252      # words of a state array: mt[624], the index, a 625-word scratch area, skip, count
_SKIP = 1250
_COUNT = 1251
_BATCH = 8192  # words per batch at most
_FIRST = 64    # words of the first batch after seeding; each batch is 4 times larger
_SMALL = 8     # doubles in random()'s first run after another consumer drew words (see _fill)
_BMAX = 1 << 14  # runs double in size up to this (a run never reaches past its batch)
_SEED_MAX = 1 << 20
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
    # returns: from the words at even positions, then from those at odd ones). `_p` words of the
    # batch are used, `_n` are valid. Guest memory holds all of it, so snapshots and rollbacks
    # cover the generator.
    #
    # random() is not a Python method but the `__next__` of a generator (`_draws`) suspended in
    # `yield from` over a run of `_d` (`_it`, `_k` doubles from word `_p` on): a call resumes it in
    # C, without a Python frame. The run's position is not readable, so every other consumer
    # first drains what is left of it (`_sync`: words used = 2 * (`_k` - doubles left)).
    VERSION = 3

    def __init__(self, x=None):
        self._state = _array("I", bytes(4 * _ST))
        self._state[_N] = _N
        self._cap = 0
        self._u = self._w = self._d = self._dv = None
        self._p = self._n = 0
        self._want = _FIRST
        self._it = _iter(())
        self._k = 0
        self._b = _SMALL
        self.gauss_next = None
        self._revive()
        if type(self) is not Random:
            mode = _subclass_draws(type(self))
            if mode is not None:
                _m().use_generic(self, mode)
        self.seed(x)

    # --- random()'s generator ---
    def _revive(self):
        # a new generator for random() (also after the old one ended by an exception)
        g = self._draws()
        self._next = g.__next__
        if type(self).random is Random.random:  # a subclass's own random() is left alone
            self.random = g.__next__
        if self is _inst:
            global random, _rnd
            random = _rnd = g.__next__

    def _draws(self):
        try:
            while True:
                self._fill()
                yield from self._it
        except BaseException:
            # an exception leaving a generator ends it: random() gets a new one (the module's
            # `random` and the instance's; a reference taken before keeps the ended one), which
            # goes on after the doubles this one delivered (a MemoryError in the middle of a run)
            self._revive()
            self._sync()
            raise

    def _fill(self):
        # The next run of doubles: account for the last run (all used), refill the batch if it
        # is used up, then `_k` doubles from word `_p` on (at most `_b`, which doubles each time
        # up to `_BMAX`). It executes no jump (choices are table look-ups), and a pending
        # KeyboardInterrupt is raised at jumps only: one that arrives while it runs is raised at
        # the caller's next jump, after the generator yielded, so it neither ends the generator
        # nor interrupts this half-done.
        self._p += 2 * self._k
        self._k = 0
        _REFILL[self._p >= self._n](self)
        p = self._p
        h = self._n >> 1
        b = self._b
        m = _min(h - (p >> 1), b)
        start = (p & 1) * h + (p >> 1)
        it = _iter(self._dv[start:start + m])
        self._b = _min(b + b, _BMAX)
        self._it = it
        self._k = m

    def _sync(self):
        # before any other consumer: drain random()'s run and count the words it used
        k = self._k
        if k:
            rest = _len(_list(self._it))
            self._p += 2 * (k - rest)
            self._k = 0
            self._b = _SMALL

    def random(self):
        # Random.random(instance), super().random(): the generator's next double (an instance
        # of a class that does not override random() has this as its own attribute `random`)
        return self._next()

    # --- the generator (MT19937, as in Matsumoto & Nishimura's reference code) ---
    def _set_words(self, words, index=_N):
        if self._k:
            self._sync()
        state = _array("I", bytes(4 * _ST))
        for i in range(_N):
            state[i] = words[i]
        state[_N] = index
        self._state = state
        self._p = self._n = 0
        self._want = _FIRST

    def _refill(self):
        # The next batch, starting after the `_p` words used of this one; no jump (see _fill),
        # and the native fill neither allocates nor raises: the state, `_p` and the buffers
        # change together.
        count = self._want
        _GROW[count > self._cap](self, count)
        state = self._state
        state[_SKIP] = self._p
        state[_COUNT] = count
        _fill_native(state, self._u, self._d)
        self._p = 0
        self._n = count
        self._want = _min(_BATCH, 4 * count)

    def _grow(self, count):
        self._n = 0
        self._u = _array("I", bytes(8 * count))
        self._w = _memoryview(self._u)[count:]
        self._d = _array("d", bytes(8 * count))
        self._dv = _memoryview(self._d)
        self._cap = count

    def _keep(self, count):
        return None

    def _no_refill(self):
        return None

    def _genrand(self):
        # the next 32-bit output (a big int when >= 2**30); the caller synced
        p = self._p
        if p >= self._n:
            self._refill()
            p = 0
        self._p = p + 1
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
        if self._k:
            self._sync()
        state = _array("I", bytes(4 * _ST))
        dev = _open()
        written = dev.write(b"\x03" + _struct.pack("<I", _len(body)) + body)
        head = dev.read(8)
        got = dev.readinto(_memoryview(state)[:_N]) if head[:4] == b"MTOK" else 0
        if written != _len(body) + 5 or _len(head) != 8 or got != 4 * _N:
            raise RuntimeError("random: the host did not answer the seeding request")
        state[_N] = _struct.unpack("<I", head[4:])[0]
        self._state = state
        self._p = self._n = 0
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
        if self._k:
            self._sync()
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        if k == 0:
            return 0
        if k <= 30:  # stays a small int
            p = self._p
            if p >= self._n:
                self._refill()
                p = 0
            self._p = p + 1
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
        if self._k:
            self._sync()
        if 0 < n <= 0x3FFFFFFF:  # the common case, inlined: k <= 30 bits, one word per try
            if n < 256:
                k = _SHIFT8[n]
            elif n < 65536:
                k = _SHIFT8[n >> 8] - 8
            elif n < 16777216:
                k = _SHIFT8[n >> 16] - 16
            else:
                k = _SHIFT8[n >> 24] - 24
            while True:
                p = self._p
                if p >= self._n:
                    self._refill()
                    p = 0
                self._p = p + 1
                r = self._w[p] >> k
                if r < n:
                    return r
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

    # randint, choice and shuffle inline _randbelow for n < 256 (one word per try, as CPython's
    # _randbelow_with_getrandbits draws): a Python call costs as much as the rest.
    def randint(self, a, b):
        if self._k:
            self._sync()
        try:
            n = (b - a + 1) | 0  # a TypeError unless both are ints (as randrange's, which reports it)
        except TypeError:
            n = 0
        if 0 < n < 256:
            k = _SHIFT8[n]
            while True:
                p = self._p
                if p >= self._n:
                    self._refill()
                    p = 0
                self._p = p + 1
                r = self._w[p] >> k
                if r < n:
                    return a + r
        if n > 0:
            return a + self._randbelow(n)
        return self.randrange(a, b + 1)

    def choice(self, seq):
        if self._k:
            self._sync()
        n = _len(seq)
        if 0 < n < 256:
            k = _SHIFT8[n]
            while True:
                p = self._p
                if p >= self._n:
                    self._refill()
                    p = 0
                self._p = p + 1
                r = self._w[p] >> k
                if r < n:
                    return seq[r]
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(n)]

    def shuffle(self, x):
        if self._k:
            self._sync()
        if _type(x) is _list:
            return self._shuffle_list(x)
        randbelow = self._randbelow
        for i in range(_len(x) - 1, 0, -1):
            if i < 255:
                n = i + 1
                k = _SHIFT8[n]
                while True:
                    p = self._p
                    if p >= self._n:
                        self._refill()
                        p = 0
                    self._p = p + 1
                    j = self._w[p] >> k
                    if j < n:
                        break
            else:
                j = randbelow(i + 1)
            x[i], x[j] = x[j], x[i]

    def _shuffle_list(self, x):
        # shuffle() of a list (whose items are read and written without running guest code): the
        # word position and the batch in locals, stored back at the end or before a refill, and
        # also when an exception (an interrupt) leaves the loop
        w = self._w
        p = self._p
        end = self._n
        try:
            for i in range(_len(x) - 1, 0, -1):
                # _randbelow(i + 1) inline for n <= 2**30 (one 30-bit word per try, as it draws)
                n = i + 1
                if n < 256:
                    k = _SHIFT8[n]
                elif n < 65536:
                    k = _SHIFT8[n >> 8] - 8
                elif n < 16777216:
                    k = _SHIFT8[n >> 16] - 16
                elif n <= 0x3FFFFFFF:
                    k = _SHIFT8[n >> 24] - 24
                else:
                    self._p = p
                    p = -1  # while _randbelow runs, self._p is its position
                    j = self._randbelow(n)
                    w = self._w
                    p = self._p
                    end = self._n
                    x[i], x[j] = x[j], x[i]
                    continue
                while True:
                    if p >= end:
                        self._p = p
                        self._refill()
                        w = self._w
                        p = 0
                        end = self._n
                    j = w[p] >> k
                    p += 1
                    if j < n:
                        break
                x[i], x[j] = x[j], x[i]
        finally:
            if p >= 0:
                self._p = p

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
_REFILL = (Random._no_refill, Random._refill)


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


def uniform(a, b):  # noqa: F811 - the module's instance, without a bound method's call
    # `_rnd` is `random` under another name: a user's `random` (the module) and this module's
    # `random` would take turns in the interpreter's name cache (keyed by the name alone)
    return a + (b - a) * _rnd()


_inst = Random()
seed = _inst.seed
random = _rnd = _inst.random
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
