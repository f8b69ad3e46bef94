# Guest library: sys = MicroPython's sys (same path, modules, stdout, argv objects) plus the
# CPython names teaching code reads. The language level is reported as CPython 3.11's.
# Self-contained (no _mpk_lib): `import sys` is common and should stay cheap. While this file
# runs, `import sys` gives MicroPython's built-in module (see the runtime's loader).
import sys as _sys

# The built-in module's dict and the names it serves by attribute delegation (`path`, `ps1`,
# `ps2`), not `dir(_sys)`: MicroPython's dir() probes every qstr of the firmware and of the run.
for _key in tuple(_sys.__dict__) + ("path", "ps1", "ps2"):
    if _key[:1] != "_" and _key not in ("version_info", "version", "maxsize"):
        globals()[_key] = getattr(_sys, _key)


class _VersionInfo(tuple):
    def __init__(self, *values):
        super().__init__(values)

    major = property(lambda self: self[0])
    minor = property(lambda self: self[1])
    micro = property(lambda self: self[2])
    releaselevel = property(lambda self: self[3])
    serial = property(lambda self: self[4])

    def __repr__(self):
        return "sys.version_info(major=%d, minor=%d, micro=%d, releaselevel=%r, serial=%d)" % tuple(self)

    __str__ = __repr__


version_info = _VersionInfo(3, 11, 0, "final", 0)
version = "3.11.0 (MicroPython v%d.%d.%d in the mpwasm sandbox)" % tuple(_sys.implementation.version[:3])
hexversion = 0x30B00F0
maxsize = 9223372036854775807
maxunicode = 1114111
prefix = "/usr"
exec_prefix = "/usr"
base_prefix = "/usr"
copyright = "MicroPython in a WebAssembly sandbox"
api_version = 1013
dont_write_bytecode = True
warnoptions = []
orig_argv = []
float_repr_style = "short"


class _Info(tuple):
    _names = ()

    def __init__(self, *values):
        super().__init__(values)

    def __getattr__(self, name):
        if name in self._names:
            return self[self._names.index(name)]
        raise AttributeError(name)


class _FloatInfo(_Info):
    _names = ("max", "max_exp", "max_10_exp", "min", "min_exp", "min_10_exp", "dig", "mant_dig", "epsilon", "radix",
              "rounds")

    def __repr__(self):
        return "sys.float_info(%s)" % ", ".join("%s=%r" % nv for nv in zip(self._names, self))

    __str__ = __repr__


float_info = _FloatInfo(1.7976931348623157e+308, 1024, 308, 2.2250738585072014e-308, -1021, -307, 15, 53,
                        2.220446049250313e-16, 2, 1)


class _IntInfo(_Info):
    _names = ("bits_per_digit", "sizeof_digit", "default_max_str_digits", "str_digits_check_threshold")


int_info = _IntInfo(30, 4, 4300, 640)


class _HashInfo(_Info):
    _names = ("width", "modulus", "inf", "nan", "imag", "algorithm", "hash_bits", "seed_bits", "cutoff")


hash_info = _HashInfo(64, 2305843009213693951, 314159, 0, 1000003, "siphash13", 64, 128, 0)


def getdefaultencoding():
    return "utf-8"


def getfilesystemencoding():
    return "utf-8"


def intern(string):
    if type(string) is not str:
        raise TypeError("intern() argument must be str, not %s" % type(string).__name__)
    return string


def getsizeof(obj, default=None):
    # CPython 3.11 on 64-bit for the types whose size does not depend on allocation history
    if obj is None:
        return 16
    if isinstance(obj, bool):
        return 28 if obj else 24
    if isinstance(obj, int):
        n = abs(obj)
        digits = 0
        while n:
            n >>= 30
            digits += 1
        return 24 + 4 * max(digits, 1)
    if isinstance(obj, float):
        return 24
    if isinstance(obj, complex):
        return 32
    if isinstance(obj, str):
        top = max((ord(c) for c in obj), default=0)
        if top < 128:
            return 49 + len(obj)
        if top < 256:
            return 73 + len(obj)
        if top < 65536:
            return 74 + 2 * len(obj)
        return 76 + 4 * len(obj)
    if isinstance(obj, bytes):
        return 33 + len(obj)
    if isinstance(obj, tuple) and type(obj) is tuple:
        return 40 + 8 * len(obj) if obj else 40
    if isinstance(obj, range):
        return 48
    if default is not None:
        return default
    raise NotImplementedError("sys.getsizeof() of a %s is not available in the sandbox (CPython's size depends "
                              "on its memory allocator)" % type(obj).__name__)


def getrefcount(obj):
    raise NotImplementedError("sys.getrefcount() is not available in the sandbox (MicroPython has no reference "
                              "counts)")


_MISSING = ("executable", "getrecursionlimit", "setrecursionlimit", "exc_info", "settrace", "setprofile", "gettrace",
            "_getframe", "getswitchinterval", "flags", "stdlib_module_names", "builtin_module_names")


def __getattr__(name):
    if name in _MISSING:
        raise AttributeError("module 'sys' has no attribute '%s': sys.%s is not available in the sandbox"
                             % (name, name))
    raise AttributeError("module 'sys' has no attribute '%s'" % name)
