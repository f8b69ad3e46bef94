# Guest side, compiled on first use only: the operator methods of built-in values.
# A part of the lazily compiled CPython shims: the host appends this file to pycompat_lazy.py
# (PYCOMPAT_LAZY in boot.py; see pycompat_lazy.py's header for how parts load).
# ruff: noqa: F821 - names are provided by the shims' namespace, not defined here

# @part _mpk_dunder
# `(5).__add__(3)`, `int.__mul__(2, 4)`, `"ab".__len__()`, `[1].__contains__(1)`: MicroPython's
# built-in types have no such attributes. The source pass sends loads of these names to
# `_mpk_ga` (cpython/transform.py, MISSING_ATTRIBUTES), which asks here when the object has no
# real attribute. A number's binary method returns NotImplemented for an operand of another
# kind, as CPython's does (int with int or bool; float with int, bool or float).
_BINARY = {
    "__add__": lambda a, b: a + b, "__sub__": lambda a, b: a - b, "__mul__": lambda a, b: a * b,
    "__truediv__": lambda a, b: a / b, "__floordiv__": lambda a, b: a // b, "__mod__": lambda a, b: a % b,
    "__pow__": lambda a, b: a ** b, "__divmod__": lambda a, b: divmod(a, b),
    "__and__": lambda a, b: a & b, "__or__": lambda a, b: a | b, "__xor__": lambda a, b: a ^ b,
    "__lshift__": lambda a, b: a << b, "__rshift__": lambda a, b: a >> b,
    "__lt__": lambda a, b: a < b, "__le__": lambda a, b: a <= b, "__gt__": lambda a, b: a > b,
    "__ge__": lambda a, b: a >= b, "__eq__": lambda a, b: a == b, "__ne__": lambda a, b: a != b,
}
for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "divmod", "and", "or", "xor",
              "lshift", "rshift"):
    _BINARY["__r%s__" % _name] = (lambda op: lambda a, b: op(b, a))(_BINARY["__%s__" % _name])
_UNARY = {
    "__neg__": lambda a: -a, "__pos__": lambda a: +a, "__abs__": abs, "__invert__": lambda a: ~a,
    "__bool__": bool, "__int__": int, "__float__": float, "__hash__": hash, "__str__": str,
    "__repr__": repr, "__len__": len, "__iter__": iter, "__index__": int,
}
_OTHER = {
    "__contains__": lambda a, b: b in a, "__getitem__": lambda a, k: a[k], "__round__": round,
    "__format__": lambda a, spec: get("format")(a, spec),
}
_NUMBERS = {int: (int, bool), bool: (int, bool), float: (int, bool, float), complex: (int, bool, float, complex)}
_BUILTIN = (int, bool, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset, range)
_NUMERIC_ONLY = ("__neg__", "__pos__", "__abs__", "__invert__", "__int__", "__float__", "__index__", "__round__")
_CONTAINER_ONLY = ("__len__", "__contains__", "__getitem__", "__iter__")
_COMPARE = ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__")


def _method(kind, name):
    # The function behind `kind.name` (self first), or None when CPython's type has no such method.
    numeric = kind in _NUMBERS
    if numeric and name in _CONTAINER_ONLY or not numeric and name in _NUMERIC_ONLY and kind is not bool:
        return None
    if name in _UNARY:
        return _UNARY[name]
    op = _BINARY.get(name)
    if op is not None:
        if numeric:
            accepted = _NUMBERS[kind]
            return lambda a, b: op(a, b) if type(b) in accepted else NotImplemented
        if name in _COMPARE:  # "a".__eq__(1): NotImplemented, as CPython's
            return lambda a, b: op(a, b) if isinstance(b, kind) else NotImplemented
        return op
    return _OTHER.get(name)


def _mpk_dunder(obj, name):
    if obj is object and name in ("__str__", "__repr__"):
        # object.__str__(x) is repr(x); object.__repr__(x) the default <module.Class object at 0x...>
        return repr if name == "__str__" else _default_repr
    if name == "__call__" and callable(obj):  # (lambda x: x).__call__(1): calling it calls the object
        return obj
    if name == "mro" and type(obj) is type:
        return lambda: _mro(obj)
    if name == "__mro__" and isinstance(obj, type):
        return tuple(_mro(obj))
    if name == "__bases__" and isinstance(obj, type):
        return tuple(b for b in obj.__bases__ if "_mpk_lead" not in getattr(b, "__dict__", ()))
    if name in ("__cause__", "__suppress_context__", "__context__") and isinstance(obj, BaseException):
        # `raise X from Y` (guest lib/_mpk_chain.py; sys.modules first: no import hooks for a loaded one)
        return (sys.modules.get("_mpk_chain") or __import__("_mpk_chain")).get(obj, name)
    if type(obj) is type and obj in _BUILTIN:
        func = _method(obj, name)
        if func is not None:
            return func  # int.__add__(2, 3): the unbound method
    elif type(obj) in _BUILTIN:
        func = _method(type(obj), name)
        if func is not None:
            return lambda *args: func(obj, *args)
    return getattr(obj, name)  # raises AttributeError with CPython's words


def _default_repr(obj):
    kind = type(obj)
    module = getattr(kind, "__module__", "builtins")
    name = getattr(kind, "__qualname__", kind.__name__)
    return "<%s object at 0x%x>" % (name if module == "builtins" else module + "." + name, id(obj))


def _mro(cls):
    # CPython's C3 linearization of `cls` (guest lib/_mpk_mro.py; lib/_mpk_native.py uses it too)
    return (sys.modules.get("_mpk_mro") or __import__("_mpk_mro")).mro(cls)


# @part _mpk_range _mpk_req
# `range(10**10)`, `range(sys.maxsize)`: MicroPython's range holds machine words (2**31-1 here).
# The source pass sends range() calls with a big literal, a `**` or `maxsize` in their arguments
# here: the native range when the bounds fit, else a `_Range` that computes with Python ints
# (len, iteration, indexing, slicing, `in`, index, count, equality, repr as CPython's).
# `_mpk_req(a, b)`: `a == b` written with a range() call on one side (MicroPython compares
# ranges by identity; CPython by the sequence they give).
def _mpk_range(*args):
    try:
        return range(*args)
    except OverflowError:
        return _Range(*args)


def _bounds(r):
    if type(r) is range or type(r) is _Range:
        return r.start, r.stop, r.step
    return None


def _mpk_req(a, b):
    x, y = _bounds(a), _bounds(b)
    if x is None or y is None:
        return a == b
    n = _length(*x)
    if n != _length(*y):
        return False
    return n == 0 or x[0] == y[0] and (n == 1 or x[2] == y[2])


def _length(start, stop, step):
    if step > 0:
        return max(0, (stop - start + step - 1) // step)
    return max(0, (start - stop - step - 1) // -step)


class _Range:
    def __init__(self, *args):
        if not 1 <= len(args) <= 3:
            raise TypeError("range expected at most 3 arguments, got %d" % len(args))
        for a in args:
            if type(a) is not int and type(a) is not bool:
                raise TypeError("'%s' object cannot be interpreted as an integer" % type(a).__name__)
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (args[0], args[1], args[2] if len(args) == 3 else 1)
        if step == 0:
            raise ValueError("range() arg 3 must not be zero")
        self.start, self.stop, self.step = int(start), int(stop), int(step)

    def __len__(self):
        return _length(self.start, self.stop, self.step)

    def __bool__(self):
        return _length(self.start, self.stop, self.step) > 0

    def __iter__(self):
        value, n = self.start, _length(self.start, self.stop, self.step)
        while n > 0:
            yield value
            value += self.step
            n -= 1

    def __reversed__(self):
        n = _length(self.start, self.stop, self.step)
        return iter(_Range(self.start + (n - 1) * self.step, self.start - self.step, -self.step))

    def __getitem__(self, index):
        n = _length(self.start, self.stop, self.step)
        if type(index) is slice:
            lo, hi, by = _slice(index, n)
            return _mpk_range(self.start + lo * self.step, self.start + hi * self.step, self.step * by)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("range object index out of range")
        return self.start + index * self.step

    def __contains__(self, value):
        if type(value) is not int and type(value) is not bool:
            return any(value == v for v in self)
        offset = value - self.start
        return offset % self.step == 0 and 0 <= offset // self.step < _length(self.start, self.stop, self.step)

    def index(self, value):
        if value not in self:
            raise ValueError("%r is not in range" % value)
        return (value - self.start) // self.step

    def count(self, value):
        return 1 if value in self else 0

    def __eq__(self, other):
        return _mpk_req(self, other) if _bounds(other) is not None else NotImplemented

    def __ne__(self, other):
        return not _mpk_req(self, other) if _bounds(other) is not None else NotImplemented

    def __hash__(self):
        n = _length(self.start, self.stop, self.step)
        return hash((n, None, None) if n == 0 else (n, self.start, None) if n == 1 else (n, self.start, self.step))

    def __repr__(self):
        if self.step == 1:
            return "range(%d, %d)" % (self.start, self.stop)
        return "range(%d, %d, %d)" % (self.start, self.stop, self.step)


def _slice(s, n):
    # slice.indices(n) for a step of either sign
    by = 1 if s.step is None else s.step
    if by == 0:
        raise ValueError("slice step cannot be zero")
    lower, upper = (0, n) if by > 0 else (-1, n - 1)
    lo = lower if by > 0 else upper
    hi = upper if by > 0 else lower
    if s.start is not None:
        lo = s.start + n if s.start < 0 else s.start
        lo = max(lower, lo) if s.start < 0 else min(upper, lo)
    if s.stop is not None:
        hi = s.stop + n if s.stop < 0 else s.stop
        hi = max(lower, hi) if s.stop < 0 else min(upper, hi)
    return lo, hi, by


# @part _mpk_bound
# A method `_mpk_ga` supplies for a built-in value (`x.is_integer`, `"ab".title`): called like the
# method, shown as CPython shows a built-in method (`<built-in method is_integer of float object
# at 0x...>`, type `builtin_function_or_method`), not as the closure that implements it.
class builtin_function_or_method:
    __module__ = "builtins"

    def __init__(self, owner, name, func):
        self.__self__ = owner
        self.__name__ = name
        self._func = func

    def __call__(self, *args, **kwargs):
        return self._func(self.__self__, *args, **kwargs)

    def __repr__(self):
        return "<built-in method %s of %s object at 0x%x>" % (self.__name__, type(self.__self__).__name__,
                                                            id(self.__self__))


def _mpk_bound(owner, name, func):
    return builtin_function_or_method(owner, name, func)


# @part _mpk_fileattr
# `f.writelines(lines)`, and `f.name`, `f.mode`, `f.readable()`, `f.writable()` of a file open()
# returned (the source pass sends those loads here; name and mode when `f` was bound by
# `open(...)` in the cell): MicroPython's written and binary files have none of them, so open()
# records name and mode by the file's id (`files`, pycompat.py). The mode as CPython shows it:
# a text file's as given, a binary file's as io.FileIO writes it ('r+b' is 'rb+').


def _mpk_fileattr(obj, name):
    if name == "writelines" and hasattr(obj, "write") and hasattr(obj, "flush"):
        return lambda lines: _writelines(obj, lines)
    key = id(obj)
    found = None
    for entry in reversed(files):  # the newest first: an id reused by a later file is that file's
        if entry[0] == key:
            found = entry
            break
    if found is None or not hasattr(obj, "write"):
        return getattr(obj, name)  # raises the AttributeError
    if name == "name":
        return found[1]
    mode = found[2]
    if name == "readable":
        return lambda: "r" in mode or "+" in mode
    if name == "writable":
        return lambda: "r" not in mode or "+" in mode
    if "b" not in mode:
        return mode
    plus = "+" if "+" in mode else ""
    if "x" in mode:
        return "xb" + plus
    if "a" in mode:
        return "ab" + plus
    return "rb+" if plus else "rb" if "r" in mode else "wb"


def _writelines(f, lines):
    # CPython's file.writelines: each item written as it is, no separators added
    for line in lines:
        f.write(line)


# @part _mpk_closed
# `f.closed` of a file MicroPython opened (its file objects have no such attribute): True once an
# operation on it says "I/O operation on closed file" (tell(), or getvalue() of an io.StringIO or
# io.BytesIO, answers while it is open).
def _mpk_closed(obj):
    try:
        return obj.closed
    except AttributeError:
        pass
    if not hasattr(obj, "tell") or not hasattr(obj, "close"):
        return obj.closed  # raises the AttributeError
    try:
        obj.getvalue() if hasattr(obj, "getvalue") else obj.tell()  # io.StringIO's tell() answers when closed
    except ValueError:
        return True
    except OSError:
        pass
    return False
