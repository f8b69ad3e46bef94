"""numpy 2's integer and boolean scalars: ``np.int64(5)`` and ``np.True_`` as reprs.

``int64`` and ``bool`` (``bool_``) subclass ``int`` (so they index lists, count ranges, hash and compare
equal like the ints they hold); their operators are defined here because MicroPython's built-in
int operators do not accept a subclass on the right. Integer results stay ``int64``; a float
operand gives a Python float (numpy: ``np.float64``, which cannot be made here: MicroPython
cannot subclass float). ``tolist()`` and ``item()`` give plain Python values, as in numpy.
"""

import builtins as _builtins

_pybool = _builtins.bool


def _plain(o):
    """``o`` as a plain int when it is an int (also a subclass), else ``o`` unchanged."""
    return int(o) if isinstance(o, int) else o


def _op(fn, reflected=False):
    def method(self, o):
        if isinstance(o, int):
            x, y = (int(o), int(self)) if reflected else (int(self), int(o))
            return int64(fn(x, y))
        if isinstance(o, float):
            return fn(o, float(self)) if reflected else fn(float(self), o)
        return NotImplemented

    return method


def _ipow(x, y):
    if isinstance(y, int) and y < 0:
        raise ValueError("Integers to negative integer powers are not allowed.")
    return x ** y


def _div(reflected=False):
    def method(self, o):
        if isinstance(o, (int, float)):
            x, y = (float(o), float(self)) if reflected else (float(self), float(o))
            if y == 0:
                raise ZeroDivisionError("division by zero")
            return x / y
        return NotImplemented

    return method


def _cmp(fn):
    def method(self, o):
        if isinstance(o, (int, float)):
            return fn(int(self), _plain(o))  # a real bool: sorted/max test `is True`
        return NotImplemented

    return method


class int64(int):
    """numpy.int64: an int shown as ``np.int64(5)``."""

    __module__ = "numpy"
    _name = "int64"

    def __repr__(self):
        return "np.%s(%d)" % (self._name, int(self))

    def __str__(self):
        return str(int(self))

    def __format__(self, spec):
        return ("{:" + spec + "}").format(int(self))

    def __float__(self):
        return float(int(self))

    def __hash__(self):
        return hash(int(self))

    def __eq__(self, o):
        return int(self) == _plain(o)

    def __ne__(self, o):
        return int(self) != _plain(o)

    __lt__ = _cmp(lambda x, y: x < y)
    __le__ = _cmp(lambda x, y: x <= y)
    __gt__ = _cmp(lambda x, y: x > y)
    __ge__ = _cmp(lambda x, y: x >= y)

    # +, - and * written out for loops: builtins bound as defaults (a local read instead of a
    # globals-then-builtins lookup) and `v >> 0` for the plain value (int64 leaves `>>` to int).
    def __add__(self, o, _int=int, _float=float, _isinstance=isinstance):
        if _isinstance(o, _int):
            return int64((self >> 0) + (o >> 0))
        return (self >> 0) + o if _isinstance(o, _float) else NotImplemented

    __radd__ = __add__

    def __sub__(self, o, _int=int, _float=float, _isinstance=isinstance):
        if _isinstance(o, _int):
            return int64((self >> 0) - (o >> 0))
        return (self >> 0) - o if _isinstance(o, _float) else NotImplemented

    def __rsub__(self, o, _int=int, _float=float, _isinstance=isinstance):
        if _isinstance(o, _int):
            return int64((o >> 0) - (self >> 0))
        return o - (self >> 0) if _isinstance(o, _float) else NotImplemented

    def __mul__(self, o, _int=int, _float=float, _isinstance=isinstance):
        if _isinstance(o, _int):
            return int64((self >> 0) * (o >> 0))
        if _isinstance(o, (_float, str, list, tuple, bytes)):  # 3 * "ab" repeats, as for an int
            return (self >> 0) * o
        return NotImplemented

    __rmul__ = __mul__
    __floordiv__ = _op(lambda x, y: x // y)
    __rfloordiv__ = _op(lambda x, y: x // y, True)
    __mod__ = _op(lambda x, y: x % y)
    __rmod__ = _op(lambda x, y: x % y, True)
    __pow__ = _op(_ipow)
    __rpow__ = _op(_ipow, True)
    __truediv__ = _div()
    __rtruediv__ = _div(True)

    def __and__(self, o):
        return int64(int(self) & int(o)) if isinstance(o, int) else NotImplemented

    def __or__(self, o):
        return int64(int(self) | int(o)) if isinstance(o, int) else NotImplemented

    def __xor__(self, o):
        return int64(int(self) ^ int(o)) if isinstance(o, int) else NotImplemented

    __rand__ = __and__
    __ror__ = __or__
    __rxor__ = __xor__

    def __divmod__(self, o):
        if isinstance(o, int):
            q, r = divmod(int(self), int(o))
            return int64(q), int64(r)
        return divmod(float(self), o) if isinstance(o, float) else NotImplemented

    def __round__(self, n=None):
        return int(self) if n is None else int64(round(int(self), n))

    def __neg__(self):
        return int64(-int(self))

    def __pos__(self):
        return self

    def __abs__(self):
        return int64(abs(int(self)))

    def __invert__(self):
        return int64(~int(self))

    def __bool__(self):
        return int(self) != 0

    def item(self):
        return int(self)


class bool(int):  # noqa: A001 - numpy 2's name (numpy.bool, alias numpy.bool_)
    """numpy.bool: 0 or 1 shown as ``np.False_`` / ``np.True_``; ``&``, ``|``, ``^`` and ``~``
    keep it a bool_, arithmetic gives int64."""

    __module__ = "numpy"

    def __repr__(self):
        return "np.True_" if int(self) else "np.False_"

    def __str__(self):
        return "True" if int(self) else "False"

    def __format__(self, spec):
        return ("{:" + spec + "}").format(_pybool(int(self)))

    def __float__(self):
        return float(int(self))

    def __hash__(self):
        return hash(int(self))

    def __eq__(self, o):
        return int(self) == _plain(o)

    def __ne__(self, o):
        return int(self) != _plain(o)

    def __bool__(self):
        return int(self) != 0

    def __and__(self, o):
        if isinstance(o, _pybool) or isinstance(o, bool_):
            return _BOOLS[int(self) & int(o)]
        return int64(int(self) & int(o)) if isinstance(o, int) else NotImplemented

    def __or__(self, o):
        if isinstance(o, _pybool) or isinstance(o, bool_):
            return _BOOLS[int(self) | int(o)]
        return int64(int(self) | int(o)) if isinstance(o, int) else NotImplemented

    def __xor__(self, o):
        if isinstance(o, _pybool) or isinstance(o, bool_):
            return _BOOLS[int(self) ^ int(o)]
        return int64(int(self) ^ int(o)) if isinstance(o, int) else NotImplemented

    __rand__ = __and__
    __ror__ = __or__
    __rxor__ = __xor__

    def __invert__(self):
        return _BOOLS[1 - int(self)]

    def __add__(self, o):  # numpy: bool + bool is `or`
        if isinstance(o, _pybool) or isinstance(o, bool_):
            return _BOOLS[1 if int(self) or int(o) else 0]
        return int64.__add__(self, o)

    def __mul__(self, o):  # numpy: bool * bool is `and`
        if isinstance(o, _pybool) or isinstance(o, bool_):
            return _BOOLS[1 if int(self) and int(o) else 0]
        return int64.__mul__(self, o)

    __radd__ = __add__
    __rmul__ = __mul__

    def __neg__(self):
        raise TypeError("The numpy boolean negative, the `-` operator, is not supported, "
                        "use the `~` operator or the logical_not function instead.")

    def item(self):
        return _pybool(int(self))


bool_ = bool

# bool_'s arithmetic and ordering: as int64's (numpy gives int64 for bool + int).
for _n in ("__lt__", "__le__", "__gt__", "__ge__", "__sub__", "__rsub__", "__floordiv__", "__rfloordiv__",
           "__mod__", "__rmod__", "__pow__",
           "__rpow__", "__truediv__", "__rtruediv__", "__pos__", "__abs__"):
    setattr(bool_, _n, getattr(int64, _n))

_BOOLS = (bool_(0), bool_(1))
True_ = _BOOLS[1]
False_ = _BOOLS[0]


class int32(int64):
    """numpy.int32 (arrays of it are int64 here; the scalar keeps its name)."""

    _name = "int32"


class int16(int64):
    _name = "int16"


class int8(int64):
    _name = "int8"


class uint8(int64):
    _name = "uint8"


class uint16(int64):
    _name = "uint16"


class uint32(int64):
    _name = "uint32"


def _item(v, kind):
    """The numpy scalar for one element ``v`` of an array of ``kind``."""
    if kind == "int64":
        return int64(v)
    if kind == "bool":
        return _BOOLS[1 if v else 0]
    if kind == "complex128":
        return complex(v)
    return float(v)
