# Guest side, compiled on first use only (no identifiers at start): the bulk of the CPython
# compatibility shims. `_mpk_pycompat` keeps this file's source as a plain string and runs it,
# when a shim is first needed, in a namespace that already holds `state` (the host's options),
# `real` (the original round, repr, print, open, __import__), the real `sys` module (an
# `import sys` here would get the user's view of it) and `get` (a name from another part,
# compiling that part first).
# ruff: noqa: F821 - those names are provided by the namespace, not defined here
#
# The file is split at "# @part NAME ..." lines; each part is compiled on the first use of one of
# the names its header lists, so a session that only uses one shim pays for that part only.

# @part open
import io


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


class TextIOWrapper:
    # A text file opened for reading: its content, decoded once at open, served by an io.StringIO
    # (readline and iteration in C; `readline` is the StringIO's own bound method). The real
    # file stays open until close().
    def __init__(self, f, file, mode, text):
        self._f, self._text, self._s = f, text, io.StringIO(text)
        self.readline = self._s.readline
        self.name, self.mode, self.encoding = file, mode, "UTF-8"

    def read(self, size=-1):
        if size is not None and size >= 0:
            return self._s.read(size)
        # io.StringIO.read() of the rest is slow here: slice the text instead.
        pos = self._s.tell()
        self._s.seek(0, 2)
        if pos == 0:
            return self._text
        return str(memoryview(self._text.encode())[pos:], "utf-8")

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
        self._text = None
        self._s.close()
        self._f.close()

    @property
    def closed(self):
        return self._text is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<_io.TextIOWrapper name=%r mode=%r encoding='UTF-8'>" % (self.name, self.mode)


def open(f, file, mode, real):
    """A text file opened for reading, served from one read of its content (None: use `f`)."""
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


# @part module
limit = [state["recursion_limit"][0]]  # sys.getrecursionlimit(); the C-stack budget is the real bound


def getrecursionlimit():
    return limit[0]


def setrecursionlimit(new):
    if not isinstance(new, int) or isinstance(new, bool):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(new).__name__)
    if new < 1:
        raise ValueError("recursion limit must be greater or equal than 1")
    low, high = state["recursion_limit"][1:]
    import uctypes

    word = uctypes.bytearray_at(state["stack_limit_addr"], 4)
    word[:] = (max(low, min(high, new)) * state["stack_frame_bytes"]).to_bytes(4, "little")
    limit[0] = new


def module(mod):
    # `import sys` as user code sees it: the guest library's sys module (sandbox/guest/lib/sys.py,
    # a real module) gets getrecursionlimit/setrecursionlimit. MicroPython's built-in sys (what
    # the library's own sys.py imports while it loads) cannot take attributes and is returned
    # as it is.
    if mod is not sys and "setrecursionlimit" not in mod.__dict__:
        mod.getrecursionlimit = getrecursionlimit
        mod.setrecursionlimit = setrecursionlimit
    return mod


# @part load
# Imports of .py files from the sandbox's file system: the path about to be loaded is written to
# /dev/mpk-import so the host serves the importer that file through the source pass (see
# sandbox/files/sources.py). Names already looked up are remembered (built-in modules never
# enter sys.modules here), so a repeated import costs one set lookup.
hooks = set()


def load(name):
    # None in hooks: a hook is running (its own `import os` must not recurse into it).
    if name in hooks or None in hooks or len(hooks) > 1000:
        return
    hooks.add(name)
    hooks.add(None)
    try:
        import uos as os  # MicroPython's own (the guest library's os may be mid-import here)

        text = name.replace(".", "/")
        libpath = (state.get("lib") or {}).get("path") or "/lib/python3"
        for entry in sys.path:
            if entry == "" or entry == ".":
                entry = os.getcwd()
            if not entry.startswith("/") or entry.startswith(libpath):
                continue  # relative entries, and the guest library (written for MicroPython)
            for path in (entry.rstrip("/") + "/" + text + ".py", entry.rstrip("/") + "/" + text + "/__init__.py"):
                try:
                    os.stat(path)
                except OSError:
                    continue
                f = real[3]("/dev/mpk-import", "wb")
                f.write(path.encode())
                f.close()
                hooks.discard(name)  # a module file may change: look again next time
                return
    finally:
        hooks.discard(None)


# @part round _ratio
def _ratio(x):
    # abs(x) == num / den exactly, for a finite float x (den a power of two, not reduced).
    import struct

    bits = struct.unpack("<Q", struct.pack("<d", x))[0]
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
    return num, den


def round(number, ndigits=None):
    # CPython's exact rounding: number == m * 2**e; round m * 2**e * 10**n half to even, then one
    # correctly rounded IEEE division.
    if ndigits is None or type(number) is not float or number - number != 0:
        return real[0](number) if ndigits is None else real[0](number, ndigits)
    num, den = _ratio(number)
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


# @part _mpk_sl _mpk_dd _mpk_du _mpk_lu _mpk_ss
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


def _mpk_ss(obj, start, stop, step, *value):
    # obj[start:stop:step] = value / del obj[start:stop:step] (lists here only take step 1).
    try:
        if value:
            obj[start:stop:step] = value[0]
        else:
            del obj[start:stop:step]
        return
    except NotImplementedError:
        pass
    indices = range(len(obj))[start:stop:step]
    if value:
        items = list(value[0])
        if len(items) != len(indices):
            raise ValueError("attempt to assign sequence of size %d to extended slice of size %d"
                             % (len(items), len(indices)))
        for i in range(len(items)):
            obj[indices[i]] = items[i]
    else:
        for i in sorted(indices, reverse=True):
            del obj[i]


# Dicts are insertion-ordered in this interpreter (patched at build time, wasm/fetch.py), so a
# plain `{}` keeps the order of the parts.
def _mpk_dd(src, **kwargs):
    # dict(src, ...) -> _mpk_dd(src, ...): CPython copies any object with keys() as a mapping;
    # MicroPython's dict() does so only for an exact dict (a subclass is iterated as pairs).
    if type(src) is dict or not hasattr(src, "keys"):
        return dict(src, **kwargs)
    out = {}
    for k in src.keys():
        out[k] = src[k]
    out.update(kwargs)
    return out


def _mpk_du(*parts):
    # {**a, 'k': v, **b}: parts are mappings, in order.
    out = {}
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


# @part _mpk_ga
# Methods CPython's str/int/float/complex have and this build lacks. The source pass rewrites
# `x.name` (a load of one of these names) into `_mpk_ga(x, "name")`: the real attribute when it
# exists (user classes, other types), else the shim below, bound to `x`.
def capitalize(s):
    return s[:1].upper() + s[1:].lower()


def title(s):
    out = []
    prev = False
    for c in s:
        cased = c.isalpha()
        out.append(c.lower() if prev and cased else c.upper() if cased else c)
        prev = cased
    return "".join(out)


def istitle(s):
    return s == title(s) and any(c.isalpha() for c in s)


def swapcase(s):
    return "".join(c.lower() if c.isupper() else c.upper() for c in s)


def casefold(s):
    return s.lower().replace("ß", "ss")


def _fill(fillchar):
    if type(fillchar) is not str or len(fillchar) != 1:
        raise TypeError("The fill character must be exactly one character long")
    return fillchar


def ljust(s, width, fillchar=" "):
    return s + _fill(fillchar) * (width - len(s))


def rjust(s, width, fillchar=" "):
    return _fill(fillchar) * (width - len(s)) + s


def center(s, width, fillchar=" "):
    # CPython puts the odd extra fill character on the right when the string's length is even.
    pad = width - len(s)
    if pad <= 0:
        return s
    left = pad // 2 + (pad & width & 1)
    return _fill(fillchar) * left + s + fillchar * (pad - left)


def zfill(s, width):
    if len(s) >= width:
        return s
    sign = s[:1] if s[:1] in "+-" and s else ""
    return sign + "0" * (width - len(s)) + s[len(sign):]


def removeprefix(s, prefix):
    return s[len(prefix):] if prefix and s.startswith(prefix) else s


def removesuffix(s, suffix):
    return s[:-len(suffix)] if suffix and s.endswith(suffix) else s


def expandtabs(s, tabsize=8):
    out = []
    col = 0
    for c in s:
        if c == "\t":
            n = tabsize - col % tabsize if tabsize > 0 else 0
            out.append(" " * n)
            col += n
        else:
            out.append(c)
            col = 0 if c in "\r\n" else col + 1
    return "".join(out)


def isalnum(s):
    return bool(s) and all(c.isalpha() or c.isdigit() for c in s)


def isdecimal(s):
    return bool(s) and all(c.isdigit() for c in s)


def isascii(s):
    return all(ord(c) < 128 for c in s)


def isprintable(s):
    return all(c == " " or (ord(c) > 32 and ord(c) != 127 and not (0x80 <= ord(c) < 0xA0)) for c in s)


def isidentifier(s):
    if not s or s[0].isdigit():
        return False
    return all(c == "_" or c.isalpha() or c.isdigit() or ord(c) > 127 for c in s)


def maketrans(x, y=None, z=None):
    table = {}
    if y is None:
        for k in x:
            table[ord(k) if type(k) is str else k] = x[k]
    else:
        if len(x) != len(y):
            raise ValueError("the first two maketrans arguments must have equal length")
        for i in range(len(x)):
            table[ord(x[i])] = ord(y[i])
    if z is not None:
        for c in z:
            table[ord(c)] = None
    return table


def translate(s, table):
    out = []
    for c in s:
        try:
            r = table[ord(c)]
        except (KeyError, IndexError):
            out.append(c)
            continue
        if r is None:
            continue
        out.append(chr(r) if type(r) is int else r)
    return "".join(out)


def format_map(s, mapping):
    return s.format(**mapping)


def bit_length(n):
    return len(bin(n).lstrip("-0b")) if n else 0


def bit_count(n):
    return bin(n).count("1")


def is_integer(x):
    return x == x and x - x == 0 and x == int(x)


def as_integer_ratio(x):
    if x != x or x - x != 0:
        raise (ValueError("cannot convert NaN to integer ratio") if x != x
               else OverflowError("cannot convert Infinity to integer ratio"))
    num, den = get("_ratio")(x)  # part "round"
    while num & 1 == 0 and den > 1:
        num >>= 1
        den >>= 1
    return (-num if x < 0 else num, den)


def conjugate(x):
    return complex(x.real, -x.imag) if type(x) is complex else x


_METHODS = {
    str: {"capitalize": capitalize, "title": title, "istitle": istitle, "swapcase": swapcase,
          "casefold": casefold, "ljust": ljust, "rjust": rjust, "center": center, "zfill": zfill,
          "removeprefix": removeprefix, "removesuffix": removesuffix, "expandtabs": expandtabs,
          "isalnum": isalnum, "isdecimal": isdecimal, "isnumeric": isdecimal, "isascii": isascii,
          "isprintable": isprintable, "isidentifier": isidentifier, "maketrans": maketrans,
          "translate": translate, "format_map": format_map},
    int: {"bit_length": bit_length, "bit_count": bit_count, "as_integer_ratio": lambda n: (int(n), 1),
          "conjugate": conjugate},
    float: {"is_integer": is_integer, "as_integer_ratio": as_integer_ratio, "conjugate": conjugate},
    complex: {"conjugate": conjugate},
}
_VALUES = {
    int: {"numerator": lambda n: n, "denominator": lambda n: 1, "real": lambda n: n, "imag": lambda n: 0},
    float: {"real": lambda x: x, "imag": lambda x: 0.0},
}
_OVERRIDE = ("center",)  # exists here, but without CPython's fillchar argument


# str methods this build lacks (or has without CPython's arguments): found without first raising
# an AttributeError from getattr, which cost ~18x the method call itself
_STR_MISSING = {name: func for name, func in _METHODS[str].items()
                if name != "maketrans" and (name in _OVERRIDE or not hasattr(str, name))}


def _mpk_ga(obj, name):
    kind = type(obj)
    if kind is str:
        func = _STR_MISSING.get(name)
        if func is not None:
            return lambda *args, **kwargs: func(obj, *args, **kwargs)
    elif name == "sort" and kind is list:  # CPython's stable sort (see the `sorted` part)
        return lambda *args, **kwargs: _mpk_sort(obj, *args, **kwargs)
    if name in _OVERRIDE and (kind is str or obj is str):
        pass
    else:
        try:
            return getattr(obj, name)
        except AttributeError:
            pass
    if kind is bool:
        kind = int
    if obj is str or obj is int or obj is float or obj is complex:
        func = _METHODS.get(obj, {}).get(name)
        if func is not None:
            return func
    else:
        func = _METHODS.get(kind, {}).get(name)
        if func is not None:
            if name == "maketrans":
                return func
            return lambda *args, **kwargs: func(obj, *args, **kwargs)
        value = _VALUES.get(kind, {}).get(name)
        if value is not None:
            return value(obj)
    return getattr(obj, name)  # raises CPython's AttributeError wording via the runtime


# @part sorted _mpk_sort
# CPython's sort is stable, compares with `<` only, and is O(n log n) on any input; this build's
# is an unstable quicksort (pivot: the last item) that is quadratic on sorted input.
# `sorted()` and `list.sort` (rewritten by the source pass into `_mpk_sort(lst, ...)`) first
# check, with C loops (`map(min, ...)`), whether the keys are already in order — the stable
# result is then the input — or, without a key, strictly in the other order (then reversed).
# Otherwise they sort
# (key, index) pairs, which are all distinct, so the result is the stable order whatever the
# algorithm; pairs whose keys only support `<` are compared through `_Key`. Input made of long runs
# (most of 32 sampled neighbour pairs in the same order) is shuffled by a fixed permutation
# first, so it is not the quicksort's worst case. Lists of only ints, only strs, or only floats without a zero have no
# distinguishable ties: they are sorted directly.
def _mpk_sort(items, *args, key=None, reverse=False):
    if args:
        raise TypeError("sort() takes no positional arguments")
    if type(items) is not list:
        return items.sort(key=key, reverse=reverse)
    n = len(items)
    if n < 2:
        if key is not None and n:
            key(items[0])
        return None
    keys = items if key is None else list(map(key, items))
    down = _runs(keys)
    looks_sorted = down >= 0 and (down <= 4 or down >= 28)
    kinds = set(map(type, items)) if key is None else None
    if down == 0 or down == 32:
        # objects compared by identity; lists of only ints, strs or floats other than 0.0 and
        # -0.0 (== cannot lie) with == (identical non-float objects are equal without a call)
        same = _same
        if len(kinds or ()) == 1 and (int in kinds or str in kinds or (float in kinds and 0.0 not in items)):
            same = _equal
        head = keys[:-1]
        tail = keys[1:]
        try:
            # min(a, b) is b exactly when b < a
            if same(map(min, tail, head), tail) if reverse else same(map(min, head, tail), head):
                return None  # already in the stable order
            # strictly in the other order: reversed. Only without a key: equal neighbours that
            # are one object (small ints) are then the same item, swapping them changes nothing.
            if key is None and (same(map(min, tail, head), head) if reverse else same(map(min, head, tail), tail)):
                items.reverse()
                return None
        except TypeError:
            pass
    if key is None:
        # equal ints, strs, or floats other than 0.0 and -0.0 cannot be told apart
        if len(kinds) == 1 and (int in kinds or str in kinds or (float in kinds and 0.0 not in items)):
            if looks_sorted:
                _unsort(items)
            list.sort(items, reverse=reverse)
            return None
    pairs = list(zip(keys, range(0, -n, -1) if reverse else range(n)))
    values = items[:]
    if looks_sorted:
        _unsort(pairs)
    try:
        list.sort(pairs, reverse=reverse)
    except TypeError:
        pairs = [_Key(x) for x in pairs]
        list.sort(pairs, reverse=reverse)
        pairs = [x.pair for x in pairs]
    items[:] = [values[-i if reverse else i] for _, i in pairs]
    return None


def _equal(found, expected):
    return list(found) == expected


def _same(found, expected):
    # whether the objects `found` are the objects `expected`, in order (by identity)
    return list(map(id, found)) == list(map(id, expected))


class _Key:
    def __init__(self, pair):
        self.pair = pair

    def __lt__(self, other):
        return _less(self.pair, other.pair)

    def __gt__(self, other):
        return _less(other.pair, self.pair)


def _less(a, b):
    if a[0] < b[0]:
        return True
    if b[0] < a[0]:
        return False
    return a[1] < b[1]


def _runs(keys):
    # How many of 32 neighbour pairs, spread over the list, are in descending order (-1: the keys
    # are not comparable). Few or most: the input is made of long runs, the quicksort's bad case.
    n = len(keys) - 1
    down = 0
    try:
        for i in range(32):
            j = i * n // 32
            if keys[j + 1] < keys[j]:
                down += 1
    except TypeError:
        return -1
    return down


def _unsort(items):
    # Shuffle `items` by a fixed permutation (xorshift on 30 bits: small ints only).
    x = 123456789
    for i in range(len(items) - 1, 0, -1):
        x ^= (x & 0x1FFFF) << 13
        x ^= x >> 17
        x ^= (x & 0x1FFFFFF) << 5
        j = x % (i + 1)
        items[i], items[j] = items[j], items[i]


def sorted(iterable, *args, key=None, reverse=False):
    if args:
        raise TypeError("sorted expected 1 argument, got %d" % (len(args) + 1))
    items = list(iterable)
    _mpk_sort(items, key=key, reverse=reverse)
    return items


# @part print repr
# CPython's float repr is the shortest string that reads back as the same float; this build
# prints 16 or 17 significant digits where fewer would do (79.9 -> 79.90000000000001). print()
# and repr() (which the result display uses) format floats, also inside lists, tuples, dicts and
# sets, with the exact shortest repr below. str(x), f-strings and %-formatting still use the
# build's own formatting. This part is compiled on the first print(): local names reuse
# identifiers that already exist in the interpreter (each new one is a runtime qstr).
def float_repr(x):
    text = real[1](x)
    n = 0
    for c in text:
        if c == "e":
            break
        if "0" <= c <= "9":
            n += 1
    if n < 16 or x != x or x - x != 0:
        return text
    import struct

    data = struct.unpack("<Q", struct.pack("<d", x))[0]
    exp = (data >> 52) & 0x7FF
    item = data & ((1 << 52) - 1)  # the mantissa
    if exp:
        item |= 1 << 52
    else:
        exp = 1
    exp -= 1075
    # x == item * 2**exp == value / size exactly. Find k with 10**k <= |x| < 10**(k+1).
    value, size = (item << exp, 1) if exp >= 0 else (item, 1 << -exp)
    k = len(str(value // size)) - 1 if value >= size else -len(str(size // value))
    while 10 ** k * size > value if k >= 0 else size > value * 10 ** -k:
        k -= 1
    while (10 ** (k + 1) * size <= value) if k + 1 >= 0 else (size <= value * 10 ** -(k + 1)):
        k += 1
    target = item == 1 << 52 and exp > -1074  # the gap to the float below is half as wide
    for p in range(1, 18):
        s = k - p + 1
        a, b = value, size
        if s >= 0:
            b *= 10 ** s
        else:
            a *= 10 ** -s
        n, r = divmod(a, b)
        if 2 * r > b or (2 * r == b and n & 1):
            n += 1
        # Does n * 10**s read back as x? Compare |n*10**s - x| with half the gap to the
        # neighbouring float, all scaled to integers by size * 4 * t.
        t = 10 ** -s if s < 0 else 1
        a = n * (10 ** s if s > 0 else 1) * size * 4 - value * 4 * t
        b = t << (exp + 1) if exp >= 0 else 2 * t
        if a < 0 and target:
            b //= 2
        if abs(a) < b or (abs(a) == b and item & 1 == 0):
            text = str(n).rstrip("0") or "0"
            k += len(str(n)) - p  # rounding up may have added a digit
            if -4 <= k < 16:
                if k >= 0:
                    text = (text[:k + 1] + "0" * (k + 1 - len(text))) + "." + (text[k + 1:] or "0")
                else:
                    text = "0." + "0" * (-k - 1) + text
            else:
                text = text[0] + ("." + text[1:] if len(text) > 1 else "") + "e" + ("-" if k < 0 else "+") + \
                    "%02d" % abs(k)
            return "-" + text if x < 0 else text
    return text


def _repr(obj, seen):
    kind = type(obj)
    if kind is float:
        return float_repr(obj)
    if kind not in names:
        return real[1](obj)
    if id(obj) in seen:
        return "[...]" if kind is list else "{...}" if kind is dict else real[1](obj)
    seen.append(id(obj))
    try:
        if kind is list:
            return "[" + ", ".join([_repr(e, seen) for e in obj]) + "]"
        if kind is tuple:
            return "(" + ", ".join([_repr(e, seen) for e in obj]) + ("," if len(obj) == 1 else "") + ")"
        if kind is dict:
            return "{" + ", ".join([_repr(k, seen) + ": " + _repr(obj[k], seen) for k in obj]) + "}"
        return "{" + ", ".join([_repr(e, seen) for e in obj]) + "}" if obj else "set()"
    finally:
        seen.pop()


# floats(obj): _mpk_pycompat's (given in this part's namespace).


names = (float, list, tuple, dict, set)  # the types whose repr may hold a float


def repr(obj):
    kind = type(obj)
    if kind not in names:
        return real[1](obj)
    if kind is float:
        return float_repr(obj)
    return _repr(obj, []) if floats(obj) else real[1](obj)


def print(*args, **kwargs):
    # Called by _mpk_pycompat's print when an argument is a float or a container.
    result = []
    for a in args:
        kind = type(a)
        if kind is float:
            a = float_repr(a)
        elif kind in names and floats(a):
            a = _repr(a, [])
        result.append(a)
    kwargs.pop("flush", None)
    return real[2](*result, **kwargs)


# @part _mpk_match
# `match` statements, rewritten by the source pass into an if/elif chain whose conditions call
# _mpk_match(subject, spec): the dict of captured names when the pattern matches, else None.
# A spec is a tuple built by the host from the pattern: ("v", value), ("is", constant),
# ("as", spec or None, name or None), ("or", specs), ("seq", specs) with ("star", name) inside,
# ("map", keys, specs, rest), ("cls", cls, positional specs, keyword names, keyword specs).
_SELF_MATCH = (bool, bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple)


def _mpk_match(subject, spec):
    out = {}
    return out if _match(subject, spec, out) else None


def _match(x, spec, out):
    kind = spec[0]
    if kind == "v":
        return x == spec[1]
    if kind == "is":
        return x is spec[1]
    if kind == "as":
        if spec[1] is not None and not _match(x, spec[1], out):
            return False
        if spec[2] is not None:
            out[spec[2]] = x
        return True
    if kind == "or":
        for alt in spec[1]:
            trial = {}
            if _match(x, alt, trial):
                out.update(trial)
                return True
        return False
    if kind == "seq":
        if type(x) not in (list, tuple, range) and not isinstance(x, (list, tuple)):
            return False
        items = list(x)
        pats = spec[1]
        star = -1
        for i in range(len(pats)):
            if pats[i][0] == "star":
                star = i
        if star < 0:
            if len(items) != len(pats):
                return False
            for i in range(len(pats)):
                if not _match(items[i], pats[i], out):
                    return False
            return True
        after = len(pats) - star - 1
        if len(items) < len(pats) - 1:
            return False
        for i in range(star):
            if not _match(items[i], pats[i], out):
                return False
        for i in range(after):
            if not _match(items[len(items) - after + i], pats[star + 1 + i], out):
                return False
        if pats[star][1] is not None:
            out[pats[star][1]] = items[star:len(items) - after]
        return True
    if kind == "map":
        if not isinstance(x, dict):
            return False
        keys = spec[1]
        for i in range(len(keys)):
            if keys[i] not in x or not _match(x[keys[i]], spec[2][i], out):
                return False
        if spec[3] is not None:
            rest = {}
            for k in x:
                if k not in keys:
                    rest[k] = x[k]
            out[spec[3]] = rest
        return True
    if kind == "cls":
        cls = spec[1]
        if not isinstance(cls, type):
            raise TypeError("called match pattern must be a class")
        if not isinstance(x, cls):
            return False
        pos = spec[2]
        if pos:
            if cls in _SELF_MATCH:
                if len(pos) > 1:
                    raise TypeError("%s() accepts 1 positional sub-pattern (%d given)" % (cls.__name__, len(pos)))
                if not _match(x, pos[0], out):
                    return False
            else:
                names = getattr(cls, "__match_args__", ())
                if len(pos) > len(names):
                    raise TypeError("%s() accepts %d positional sub-patterns (%d given)"
                                    % (cls.__name__, len(names), len(pos)))
                for i in range(len(pos)):
                    if not hasattr(x, names[i]) or not _match(getattr(x, names[i]), pos[i], out):
                        return False
        for i in range(len(spec[3])):
            if not hasattr(x, spec[3][i]) or not _match(getattr(x, spec[3][i]), spec[4][i], out):
                return False
        return True
    raise ValueError("unknown match pattern")
