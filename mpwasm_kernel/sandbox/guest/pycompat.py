# Guest side: CPython-compatible builtins that MicroPython lacks. Loaded as `_mpk_pycompat`;
# the host calls install() once after the runtime's init (so the import hook chains after the
# runtime's guard). Kept small: every identifier created here slows str creation a little.
#
# - RecursionError and the OSError subclasses CPython raises for ENOENT, EEXIST, EISDIR,
#   ENOTDIR, EACCES/EPERM; open() re-raises OSError as the matching subclass;
# - sys.getrecursionlimit()/setrecursionlimit(): the limit is MicroPython's C-stack budget,
#   a word in linear memory the host located (see sandbox/wasm/cstack.py);
# - isinstance/issubclass treat bool as a subclass of int; round() rounds floats exactly;
# - helpers the host's source pass (sandbox/cpython/transform.py) calls: _mpk_sl (slices with
#   a step on str/bytes/tuple), _mpk_du (dict unpacking), _mpk_lu (list/tuple/set unpacking).
import builtins
import sys

_opts = {}
_limit = [1000]


class RecursionError(RuntimeError):
    pass


class FileNotFoundError(OSError):
    pass


class FileExistsError(OSError):
    pass


class IsADirectoryError(OSError):
    pass


class NotADirectoryError(OSError):
    pass


class PermissionError(OSError):
    pass


_ERRNO = {2: (FileNotFoundError, "No such file or directory"), 17: (FileExistsError, "File exists"),
          21: (IsADirectoryError, "Is a directory"), 20: (NotADirectoryError, "Not a directory"),
          13: (PermissionError, "Permission denied"), 1: (PermissionError, "Operation not permitted")}


def _oserror(exc, name):
    # CPython's message: "[Errno 2] No such file or directory: 'x.txt'"
    code = exc.errno
    kind = _ERRNO.get(code)
    if kind is None or type(exc) is not OSError:
        return exc
    new = kind[0](code, kind[1])
    new.strerror = kind[1]
    new.filename = name
    return new


def _text(self):
    if len(self.args) == 2 and hasattr(self, "strerror"):
        if getattr(self, "filename", None) is not None:
            return "[Errno %d] %s: %r" % (self.args[0], self.strerror, self.filename)
        return "[Errno %d] %s" % self.args
    return OSError.__str__(self)


for _c in (FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError, PermissionError):
    _c.__str__ = _text


def _read_all(real, file):
    # The whole content of a regular file in one host read (text-mode reads go through small
    # chunks and readline through single bytes); None for anything else (devices, fifos).
    import os

    try:
        st = os.stat(file)
    except OSError:
        return None
    if st[0] & 0o170000 != 0o100000:
        return None
    raw = real(file, "rb")
    try:
        buf = bytearray(st[6] + 1)
        n = raw.readinto(buf)
        if n <= st[6]:
            return str(memoryview(buf)[:n], "utf-8")
        return str(bytes(buf) + raw.read(), "utf-8")
    finally:
        raw.close()


def _wrap_open(real):
    # Text reads are served from one read of the whole file (MicroPython's readline asks the host
    # for one byte at a time) with universal newlines, as an io.StringIO.
    import io

    class TextIOWrapper:
        # A text file opened for reading: its content, decoded once at open, in an io.StringIO
        # (C-speed readline and iteration); the real file stays open until close().
        def __init__(self, f, file, mode, text):
            self._f, self._s, self._raw = f, io.StringIO(text), None
            self.name, self.mode, self.encoding = file, mode, "UTF-8"

        def read(self, size=-1):
            if size is not None and size >= 0:
                return self._s.read(size)
            # io.StringIO.read() of the rest is slow here (~0.5 s per MB): decode the bytes once.
            if self._raw is None:
                self._raw = self._s.getvalue().encode()
            pos = self._s.tell()
            self._s.seek(0, 2)
            return str(memoryview(self._raw)[pos:], "utf-8")

        def readline(self, size=-1):
            return self._s.readline() if size is None or size < 0 else self._s.readline(size)

        def readlines(self, hint=-1):
            return self.read().splitlines(True)

        def __iter__(self):
            return iter(self._s)

        def __next__(self):
            line = self._s.readline()
            if not line:
                raise StopIteration
            return line

        def seek(self, *args):
            return self._s.seek(*args)

        def tell(self):
            return self._s.tell()

        def write(self, data):
            raise OSError(9)  # EBADF, as MicroPython's own read-only files

        def writelines(self, lines):
            raise OSError(9)

        def readable(self):
            return True

        def writable(self):
            return False

        def close(self):
            self._s.close()
            self._f.close()

        @property
        def closed(self):
            try:
                self._s.tell()
                return False
            except ValueError:
                return True

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()

        def __repr__(self):
            return "<_io.TextIOWrapper name=%r mode=%r encoding='UTF-8'>" % (self.name, self.mode)

    def open(file, mode="r", *args, **kwargs):
        try:
            f = real(file, mode, *args, **kwargs)
        except OSError as exc:
            raise _oserror(exc, file)  # noqa: B904 - MicroPython ignores "from"
        if mode not in ("r", "rt", "tr") or args or kwargs.get("newline") is not None or type(file) is int:
            return f
        try:
            text = _read_all(real, file)
        except BaseException:
            f.close()
            raise
        if text is None:
            return f
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return TextIOWrapper(f, file, mode, text)

    return open


def getrecursionlimit():
    return _limit[0]


def setrecursionlimit(limit):
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(limit).__name__)
    if limit < 1:
        raise ValueError("recursion limit must be greater or equal than 1")
    low, high = _opts["recursion_limit"][1:]
    import uctypes

    word = uctypes.bytearray_at(_opts["stack_limit_addr"], 4)
    word[:] = (max(low, min(high, limit)) * _opts["stack_frame_bytes"]).to_bytes(4, "little")
    _limit[0] = limit


class _Sys:
    # `sys` as user code sees it: the real module's attributes plus the recursion-limit functions
    # (built-in modules cannot take new attributes in this build).
    def __init__(self):
        for key in dir(sys):
            if not key.startswith("__"):
                setattr(self, key, getattr(sys, key))
        self.getrecursionlimit = getrecursionlimit
        self.setrecursionlimit = setrecursionlimit
        self.__name__ = "sys"

    def __getattr__(self, key):
        return getattr(sys, key)

    def __repr__(self):
        return "<module 'sys' (built-in)>"


def _wrap_import(real, user_sys):
    def __import__(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "sys" and level == 0:
            return user_sys
        return real(name, globals, locals, fromlist, level)

    return __import__


def _wrap_isinstance(real):
    def isinstance(obj, kind):
        if real(obj, kind):
            return True
        return (obj is True or obj is False) and (kind is int or (type(kind) is tuple and int in kind))

    return isinstance


def _wrap_issubclass(real):
    def issubclass(cls, kind):
        if real(cls, kind):
            return True
        return cls is bool and (kind is int or (type(kind) is tuple and int in kind))

    return issubclass


def _wrap_round(real):
    def round(number, ndigits=None):
        if ndigits is None or type(number) is not float or number - number != 0:
            return real(number) if ndigits is None else real(number, ndigits)
        # Exact: number == m * 2**e; round m * 2**e * 10**n half to even, then one IEEE division.
        import struct

        bits = struct.unpack("<Q", struct.pack("<d", number))[0]
        exp = (bits >> 52) & 0x7FF
        mant = bits & ((1 << 52) - 1)
        if exp:
            mant |= 1 << 52
        else:
            exp = 1
        exp -= 1075
        num, den = mant, 1
        if exp > 0:
            num <<= exp
        else:
            den <<= -exp
        if ndigits >= 0:
            num *= 10 ** ndigits
        else:
            den *= 10 ** -ndigits
        q, r = divmod(num, den)
        if 2 * r > den or (2 * r == den and q & 1):
            q += 1
        if number < 0:
            q = -q
        if ndigits >= 0:
            value = q / 10 ** ndigits
        else:
            value = float(q * 10 ** -ndigits)
        return -0.0 if value == 0 and number < 0 else value

    return round


def _mpk_sl(obj, start, stop, step):
    # obj[start:stop:step] for types whose slicing lacks a step here (str, bytes, tuple, ...).
    try:
        return obj[start:stop:step]
    except NotImplementedError:
        pass
    part = list(obj)[start:stop:step]
    kind = type(obj)
    if kind is str:
        return "".join(part)
    if kind is bytes:
        return bytes(part)
    if kind is bytearray:
        return bytearray(part)
    return tuple(part)


# Insertion-ordered dicts: a dict whose map has MicroPython's is_ordered bit (the bit OrderedDict
# uses) keeps insertion order but looks keys up by a linear scan, so only dicts built from a
# display, a comprehension or dict(...) of at most ORDERED_MAX items are made ordered; `{}`,
# `dict()` and larger ones stay hash maps (O(1)). `_ordered` is an empty ordered dict whose
# copy() keeps the bit (install() sets it).
ORDERED_MAX = 256
_ordered = {}


def _mpk_od(*pairs):
    # {k1: v1, k2: v2} -> _mpk_od((k1, v1), (k2, v2)): pairs in display order.
    d = _ordered.copy()
    d.update(pairs)
    return d


def _mpk_dc(pairs):
    # {k: v for ...} -> _mpk_dc([(k, v) for ...])
    if len(pairs) > ORDERED_MAX:
        return dict(pairs)
    d = _ordered.copy()
    d.update(pairs)
    return d


def _mpk_dd(*args, **kwargs):
    # dict(...) -> _mpk_dd(...): CPython's order for dict(iterable) and dict(mapping); keyword
    # arguments arrive here already in hash order, so dict(a=1, b=2) is rewritten to _mpk_od.
    if len(args) != 1 or kwargs:
        return dict(*args, **kwargs)
    src = args[0]
    if type(src) is dict:
        return src.copy() if len(src) <= ORDERED_MAX else dict(src)
    if hasattr(src, "keys"):
        src = [(k, src[k]) for k in src.keys()]
    elif type(src) is not list:
        src = list(src)
    return _mpk_dc(src)


def _mpk_du(*parts):
    # {**a, 'k': v, **b}: parts are mappings, in order.
    size = 0
    for part in parts:
        size += len(part)
    out = _ordered.copy() if size <= ORDERED_MAX else {}
    for part in parts:
        if type(part) is dict or not hasattr(part, "keys"):
            out.update(part)
        else:
            for k in part.keys():
                out[k] = part[k]
    return out


def _mpk_lu(kind, *parts):
    # [*a, b, *c] / (*a, b) / {*a, b}: parts are iterables, in order.
    out = []
    for part in parts:
        out.extend(part)
    if kind == "t":
        return tuple(out)
    if kind == "s":
        return set(out)
    return out


def install(options):
    import json

    _opts.update(json.loads(options))
    _limit[0] = _opts["recursion_limit"][0]
    for cls in (RecursionError, FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError,
                PermissionError):
        setattr(builtins, cls.__name__, cls)
    # Bare names, not builtins.X: reading builtins.X gives the original even after an override.
    builtins.open = _wrap_open(open)
    builtins.__import__ = _wrap_import(__import__, _Sys())
    builtins.isinstance = _wrap_isinstance(isinstance)
    builtins.issubclass = _wrap_issubclass(issubclass)
    builtins.round = _wrap_round(round)
    builtins._mpk_sl = _mpk_sl
    builtins._mpk_du = _mpk_du
    builtins._mpk_od = _mpk_od
    builtins._mpk_dc = _mpk_dc
    builtins._mpk_dd = _mpk_dd
    import uctypes

    uctypes.bytearray_at(id(_ordered) + 4, 1)[0] |= 4  # mp_map_t.is_ordered (bit 2 of its first word)
    builtins._mpk_lu = _mpk_lu
    return "ok"
