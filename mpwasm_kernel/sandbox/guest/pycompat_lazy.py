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
# The host appends pycompat_str.py (`_mpk_ga`) and pycompat_match.py (`_mpk_match`) to this file.

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
        raise get("module")(sys.modules["io"]).UnsupportedOperation("not writable")  # part "module"

    def writelines(self, lines):
        self.write("")

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
    """A text file opened for reading, served from one read of its content (None: use `f`).
    With `f` None: the path of `file`, a path-like (CPython's os.fspath), else `file` itself."""
    if f is None:
        return file.__fspath__() if hasattr(file, "__fspath__") else file
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
    state["stack_limit_addr"](new)  # pycompat.init's closure over the stack-limit word (clamped)
    limit[0] = new


def module(mod):
    # `import sys` as user code sees it: the guest library's sys module (sandbox/guest/lib/sys.py,
    # a real module) gets getrecursionlimit/setrecursionlimit. MicroPython's built-in sys (what
    # the library's own sys.py imports while it loads) cannot take attributes and is returned
    # as it is. `import io`: MicroPython's io gets CPython's io.UnsupportedOperation (an OSError)
    # once per run; the guest's read-only text files raise it (a native file opened for writing
    # raises OSError EBADF, which the traceback shows as UnsupportedOperation).
    if mod.__name__ == "io":
        if "UnsupportedOperation" not in mod.__dict__:
            class UnsupportedOperation(OSError):
                errno = None  # CPython's: one argument, a message (MicroPython's errno is args[0])
                strerror = None

            UnsupportedOperation.__module__ = "io"
            mod.UnsupportedOperation = UnsupportedOperation
        return mod
    if mod is not sys and "setrecursionlimit" not in mod.__dict__:
        mod.getrecursionlimit = getrecursionlimit
        mod.setrecursionlimit = setrecursionlimit
    return mod


# @part load import_error
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


def import_error(exc, name, fromlist):
    # CPython's ModuleNotFoundError (an ImportError subclass, guest lib/_mpk_modnf.py) for
    # MicroPython's "no module named 'x'"; other import errors unchanged (the guard's "no module
    # named 'js': the sandbox has no JavaScript bridge" stays an ImportError). fromlist True is
    # MicroPython's `from package import x` looking for a submodule x: CPython's ImportError.
    text = exc.args[0] if type(exc) is ImportError and exc.args else None
    if type(text) is str and text[:16].lower() == "no module named " and text.count("'") == 2 and text[-1] == "'":
        if fromlist is True and "." in name:
            return ImportError("cannot import name '%s' from '%s' (unknown location)" % (
                name[name.rindex(".") + 1:], name[:name.rindex(".")]))
        from _mpk_modnf import ModuleNotFoundError

        return ModuleNotFoundError("No module named " + text[16:], name=text[17:-1])
    return exc


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
    # correctly rounded IEEE division. An int subclass (IntEnum, numpy's int64) rounds by its
    # class's own __round__, else as its int value, as CPython's int.__round__ does.
    kind = type(number)
    if kind is not int and kind is not float and kind is not bool and isinstance(number, int):
        own = getattr(kind, "__round__", None)
        if own is not None:
            return own(number) if ndigits is None else own(number, ndigits)
        number = int(number)
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
# `str` and `list` found in this namespace: a builtin name is looked up here first, and missing
# here costs ~770 fuel more on every call (the `_mpk_ga` part binds `_str` too)
_str, _list, _reversed = str, list, reversed


def _mpk_sl(obj, start, stop, step):
    # obj[start:stop:step] for types whose slicing lacks a step here (str, bytes, tuple, ...).
    kind = obj.__class__  # type(obj), without the call of the builtin
    if kind is _str:  # (w[::-1]: without first raising and catching NotImplementedError)
        if step == -1 and start is None and stop is None:  # w[::-1]: no list of the characters
            return "".join(_reversed(obj))
        return "".join(_list(obj)[start:stop:step])
    try:
        return obj[start:stop:step]
    except NotImplementedError:
        pass
    part = list(obj)[start:stop:step]
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


# @part sorted _mpk_sort
# CPython's sort is stable and compares with `<` only; with the `stable_sort` interpreter patch
# (wasm/patches/stable_sort.py) so is this build's `list.sort`: a natural merge sort that calls
# the key once per item and leaves the list unchanged when a comparison raises. `sorted()` and
# `list.sort` (rewritten by the source pass into `_mpk_sort(lst, ...)`) compute the keys here,
# once each (so a failing comparison does not call them again), and hand them to the C sort
# through `iter(keys).__next__`, which it calls once per item, in order. Keys that this build
# cannot compare (a TypeError from the sort) are retried as (key, index) pairs, whose ties the
# indexes break, and pairs whose keys only support `<` are compared through `_Key`.
def _mpk_sort(items, *args, key=None, reverse=False):
    if args:
        raise TypeError("sort() takes no positional arguments")
    if type(items) is not list:
        return items.sort(key=key, reverse=reverse)
    n = len(items)
    if key is None:
        keys = items
        try:
            list.sort(items, reverse=reverse)
            return _unmodified(items, n)
        except TypeError:
            pass
    else:
        keys = list(map(key, items[:]))
        _unmodified(items, n)
        try:
            list.sort(items, key=iter(keys).__next__, reverse=reverse)
            return _unmodified(items, n)
        except TypeError:
            pass
    pairs = list(zip(keys, range(0, -n, -1) if reverse else range(n)))
    values = items[:]
    try:
        list.sort(pairs, reverse=reverse)
    except TypeError:
        pairs = [_Key(x) for x in pairs]
        list.sort(pairs, reverse=reverse)
        pairs = [x.pair for x in pairs]
    items[:] = [values[-i if reverse else i] for _, i in pairs]
    return None


def _unmodified(items, n):
    # CPython raises this when a key function or a comparison resized the list (the C sort then
    # leaves the list as they left it)
    if len(items) != n:
        raise ValueError("list modified during sort")


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


def sorted(iterable, *args, key=None, reverse=False):
    if args:
        raise TypeError("sorted expected 1 argument, got %d" % (len(args) + 1))
    # a list is copied whole (list() would step through an iterator, ~500 fuel per item)
    items = iterable[:] if type(iterable) is list else list(iterable)
    _mpk_sort(items, key=key, reverse=reverse)
    return items


# @part print repr builtin_name float_repr
# CPython's float repr is the shortest string that reads back as the same float, correctly
# rounded with ties to even: the build's own formatting gives exactly that (the float_repr_digits
# and float_round_even patches), so a float prints natively; print() and repr() (which the
# result display uses) come here only for what else differs (complex numbers, classes, default
# instance reprs, ...; pycompat.py `floats`). This part is compiled on the first such print():
# local names reuse identifiers that already exist in the interpreter (each new one is a runtime
# qstr).
def float_repr(x):
    return real[1](x)


def _other(obj):
    # CPython's repr of a class, of an instance with the default repr, of a generator or of a
    # zip/map/filter/enumerate object; None for anything else (MicroPython's repr is
    # right). `id` is the address MicroPython prints (without 0x).
    kind = type(obj)
    text = real[1](obj)
    if kind is type:
        module = getattr(obj, "__module__", "builtins")
        if module != "builtins" and text == "<class '%s'>" % obj.__name__:
            return "<class '%s.%s'>" % (module, getattr(obj, "__qualname__", obj.__name__))
        return None
    name = kind.__name__
    if name == "generator" and not hasattr(obj, "send") and hasattr(obj, "__name__"):  # a generator function
        return "<function %s at 0x%x>" % (obj.__name__, id(obj))
    if name == "generator":
        return "<generator object %s at 0x%x>" % (text.split("'")[1] if text.count("'") == 2 else name, id(obj))
    if name in ("zip", "map", "filter", "enumerate"):
        return "<%s object at 0x%x>" % (name, id(obj))
    if name == "bound_method":
        # <bound_method ADDR SELF.<function NAME at 0x...>>, SELF being <Class object at ADDR> when
        # the class has the default repr (else the class name is unknown: MicroPython's text stays)
        head, sep, tail = text.rpartition(".<function ")
        inner = head.split(" ", 2)[2] if head.count(" ") >= 2 else ""
        if sep and inner.startswith("<") and inner.endswith(">") and " object at 0x" in inner:
            cls = inner[1:inner.index(" object at ")]  # <__main__.A object at 0x...>: CPython's already
            return "<bound method %s.%s of %s>" % (cls.split(".", 1)[-1], tail.split(" ")[0], inner)
        if sep and inner.startswith("<") and inner.endswith(">") and " object at " in inner:
            cls = inner[1:inner.index(" object at ")]
            return "<bound method %s.%s of %s>" % (cls, tail.split(" ")[0], _other_text(inner, cls))
        return None
    if name == "function" and text == "<function>":
        found = builtin_name(obj)
        return "<built-in function %s>" % found.split(".")[-1] if found else None
    if name == "function" and hasattr(obj, "__name__") and type(getattr(obj, "__globals__", None)) is dict \
            and obj.__globals__.get("__name__") == "builtins":  # a guest builtin (print, sum)
        return "<built-in function %s>" % obj.__name__
    if kind is object:
        return "<object object at 0x%x>" % id(obj)
    if text.endswith(",)") and isinstance(obj, BaseException) and len(obj.args) == 1:
        return text[:-2] + ")"  # ValueError('x'): MicroPython writes the args tuple's comma
    if text.startswith("<%s object at " % name) and getattr(kind, "__module__", None) is not None:
        return "<%s.%s object at 0x%x>" % (kind.__module__, getattr(kind, "__qualname__", name), id(obj))
    return None


def _other_text(inner, cls):
    # "<A object at b1790>" -> "<__main__.A object at 0xb1790>" (a class of the cells: __main__)
    return "<__main__.%s object at 0x%s>" % (cls, inner[inner.index(" object at ") + 11:-1])


def builtin_name(obj):
    # "len" or "math.sqrt": where a built-in (C) function is found, by identity, in builtins or
    # an imported module (MicroPython's built-in functions have no __name__); None if nowhere.
    import builtins

    for key in dir(builtins):
        if getattr(builtins, key, None) is obj:
            return key
    for key, value in list(sys.modules.items()):
        if not key.startswith("_"):
            for name in dir(value):
                if getattr(value, name, None) is obj:
                    return key + "." + name
    return None


def complex_repr(z):
    # CPython's: "1j", "(2+0j)", "(-0-1j)" (a real part -0.0 is written), parts in shortest repr
    # without a trailing ".0"
    texts = []
    for x in (z.real, z.imag):
        text = float_repr(x) if x == x and x not in (float("inf"), float("-inf")) else real[1](x)
        texts.append(text[:-2] if text.endswith(".0") else text)
    if z.real == 0 and texts[0][0] != "-":
        return texts[1] + "j"
    return "(" + texts[0] + ("" if texts[1][0] == "-" else "+") + texts[1] + "j)"


def _repr(obj, seen):
    kind = type(obj)
    if kind is float:
        return float_repr(obj)
    if kind is complex:
        return complex_repr(obj)
    if kind not in names:
        return _other(obj) or real[1](obj)
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
    # Called by _mpk_pycompat's repr when floats(obj) says CPython's text differs.
    return _repr(obj, [])


def print(*args, **kwargs):
    # Called by _mpk_pycompat's print when floats() says an argument prints otherwise in CPython.
    result = []
    for a in args:
        kind = type(a)
        if kind is float:
            a = float_repr(a)
        elif kind is complex:
            a = complex_repr(a)
        elif kind in names:
            if floats(a):
                a = _repr(a, [])
        elif kind is not str and not hasattr(kind, "__str__") and not isinstance(a, BaseException):
            a = _other(a) or a  # print shows str(a): a class's own __str__ is kept
        result.append(a)
    kwargs.pop("flush", None)
    return real[2](*result, **kwargs)
