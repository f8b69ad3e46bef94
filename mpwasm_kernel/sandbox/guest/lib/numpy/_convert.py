"""dtypes (``int64``, ``float64``, ``bool``) and the conversions between Python data, ulab
arrays and ``ndarray``: ``array``/``asarray`` and the element-wise operator helpers.
"""

import numpy as _np
from numpy._base import _F, _missing, _u
from numpy._ndarray import _is_nd, ndarray
from numpy._scalars import False_, True_, _item, bool_, int8, int16, int32, int64, uint8, uint16, uint32  # noqa: F401 - numpy names


class dtype:
    """A dtype: 'int64', 'float64' or 'bool' (other names map onto these)."""

    def __init__(self, spec):
        self.name = _dtname(spec)

    def __repr__(self):
        return "dtype('%s')" % self.name

    def __str__(self):
        return self.name

    def __eq__(self, other):
        try:
            return self.name == _dtname(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.name)

    @property
    def kind(self):
        return {"int64": "i", "float64": "f", "bool": "b", "complex128": "c"}[self.name]

    @property
    def itemsize(self):
        return 1 if self.name == "bool" else 16 if self.name == "complex128" else 8

    @property
    def type(self):
        return {"int64": int64, "float64": float64, "bool": bool_, "complex128": complex128}[self.name]


class complex128:
    """numpy.complex128: calling it gives a Python complex."""

    def __new__(cls, x=0j):
        return complex(x)


complex64 = complex_ = cdouble = complex128


class float64:
    """numpy.float64: calling it gives a Python float."""

    def __new__(cls, x=0.0):
        return float(x)




float32 = float16 = double = float_ = float64
int_ = intp = int64
integer = int64
floating = float64
number = float64

_NAMES = {"float64": "float64", "float32": "float64", "float16": "float64", "float": "float64",
          "f8": "float64", "f4": "float64", "f": "float64", "d": "float64", "double": "float64",
          "int64": "int64", "int32": "int64", "int16": "int64", "int8": "int64", "uint8": "int64",
          "uint16": "int64", "uint32": "int64", "int": "int64", "i8": "int64", "i4": "int64", "i": "int64",
          "bool": "bool", "bool_": "bool", "?": "bool",
          "complex": "complex128", "complex128": "complex128", "complex64": "complex128", "c16": "complex128",
          "c8": "complex128", "D": "complex128"}


def _dtname(spec):
    if spec is None:
        return None
    if isinstance(spec, dtype):
        return spec.name
    if spec is float or spec is float64:
        return "float64"
    if spec is int or spec is int64 or isinstance(spec, type) and issubclass(spec, int64):
        return "int64"
    if spec is bool or spec is bool_:
        return "bool"
    if spec is complex or spec is complex128:
        return "complex128"
    if isinstance(spec, str):
        if spec in _NAMES:
            return _NAMES[spec]
        if spec in ("str", "U", "object", "O", "complex", "complex128") or spec.startswith("<U"):
            raise TypeError("dtype %r is not supported in the sandbox's numpy: arrays hold numbers "
                            "(int64, float64, bool)" % spec)
        raise TypeError("data type %r not understood" % spec)
    if spec is str or spec is complex or spec is object:
        raise TypeError("dtype %s is not supported in the sandbox's numpy: arrays hold numbers "
                        "(int64, float64, bool)" % spec.__name__)
    raise TypeError("data type %r not understood" % (spec,))


# --- conversion helpers ----------------------------------------------------------------------

def _kind_of(flat):
    kind = "bool"
    for v in flat:
        if isinstance(v, bool) or isinstance(v, bool_):
            continue
        if isinstance(v, int):
            if kind == "bool":
                kind = "int64"
        elif isinstance(v, float):
            if kind != "complex128":
                kind = "float64"
        elif isinstance(v, complex):
            kind = "complex128"
        elif isinstance(v, str):
            raise TypeError("arrays of strings are not supported in the sandbox's numpy (numbers only)")
        else:
            raise TypeError("cannot make an array element from %s" % type(v).__name__)
    return kind


def _nested(obj, depth=0):
    """A nested list of Python numbers from lists/tuples/ranges/ndarrays, and its shape."""
    if isinstance(obj, ndarray):
        return obj.tolist(), obj.shape
    if isinstance(obj, range):
        return list(obj), (len(obj),)
    if isinstance(obj, (list, tuple, range)):
        items = []
        sub = None
        for x in obj:
            v, s = _nested(x, depth + 1)
            if sub is None:
                sub = s
            elif s != sub:
                raise ValueError("setting an array element with a sequence. The requested array has an "
                                 "inhomogeneous shape")
            items.append(v)
        shape = (len(items),) + (sub if sub is not None else ())
        return items, shape
    if hasattr(obj, "tolist") and hasattr(obj, "shape"):
        return _nested(obj.tolist(), depth)
    if isinstance(obj, bool_):
        return bool(int(obj)), ()
    if isinstance(obj, int64):
        return int(obj), ()
    return obj, ()


def _flat_kind(seq):
    """'bool', 'int64' or 'float64' for a flat sequence of Python numbers, else None."""
    kind = "bool"
    for v in seq:
        t = type(v)
        if t is float:
            kind = "float64"
        elif t is int:
            if kind == "bool":
                kind = "int64"
        elif t is not bool:
            return None  # numpy scalars (int64, bool_) and nested data: the general path
    return kind


def _flat(nested):
    if isinstance(nested, list):
        out = []
        for x in nested:
            if isinstance(x, list):
                out.extend(x)
            else:
                out.append(x)
        return out
    return [nested]


def _store(nested, kind):
    """A ulab array holding ``nested`` for dtype ``kind``."""
    if kind == "complex128":
        return _u.array(nested, dtype=_u.complex)
    if kind == "bool":
        if isinstance(nested, list) and nested and isinstance(nested[0], list):
            return _u.array([[bool(v) for v in row] for row in nested], dtype=_u.bool)
        return _u.array([bool(v) for v in nested], dtype=_u.bool)
    if kind == "int64" and _has_floats(nested):
        # explicit dtype=int: truncate toward zero like numpy
        if nested and isinstance(nested[0], list):
            return _u.array([[float(int(v)) for v in row] for row in nested], dtype=_F)
        return _u.array([float(int(v)) for v in nested], dtype=_F)
    return _u.array(nested, dtype=_F)  # ulab converts ints and floats natively


def _has_floats(nested):
    for x in nested:
        if isinstance(x, list):
            if _has_floats(x):
                return True
        elif isinstance(x, float):
            return True
    return False


def _scalar(v, kind):
    if kind == "int64":
        return int(v)
    if kind == "bool":
        return bool(v)
    if kind == "complex128":
        return complex(v)
    return float(v)


def array(obj, dtype=None, copy=True, ndmin=0):
    """An ndarray from (nested) lists, tuples, ranges, scalars or arrays."""
    want = _dtname(dtype)
    if _is_nd(obj):
        return obj.astype(want) if want is not None and want != obj._dt else (obj.copy() if copy else obj)
    if isinstance(obj, ndarray):
        if want is None or want == obj._dt:
            return ndarray(obj._a.copy() if copy else obj._a, obj._dt)
        return obj.astype(want)
    if isinstance(obj, range) and want in (None, "int64", "float64"):
        return _np.arange(obj.start, obj.stop, obj.step, dtype=want)
    if isinstance(obj, (list, tuple)) and obj and want != "bool":
        kind = _flat_kind(obj)
        if kind is not None:  # the common flat case: one pass, converted by ulab
            if want == "int64" and kind == "float64":
                return ndarray(_u.array([float(int(v)) for v in obj], dtype=_F), "int64")
            if kind == "bool" and want is None:
                return ndarray(_u.array(list(obj), dtype=_u.bool), "bool")
            return ndarray(_u.array(list(obj), dtype=_F), want or ("int64" if kind == "bool" else kind))
    nested, shape = _nested(obj)
    if len(shape) > 2:  # 3+ dimensions: the values flat (numpy/_ndim.py)
        flat = nested
        for _ in range(len(shape) - 1):
            flat = [v for row in flat for v in row]
        return array(flat, dtype=want or _kind_of(flat)).reshape(shape)
    if shape == ():  # a scalar becomes a one-element array (ulab has no 0-d arrays)
        nested = [nested]
        shape = (1,)
    flat = _flat(nested)
    kind = want or (_kind_of(flat) if flat else "float64")
    if shape == (0,) or (len(shape) == 2 and shape[1] == 0):
        return ndarray(_u.zeros(0, dtype=_F), kind, shape)
    return ndarray(_store(nested, kind), kind)


asarray = array


def _as(x):
    """(ulab array or Python scalar, kind) for an operand."""
    if isinstance(x, ndarray):
        return x._a, x._dt
    if isinstance(x, bool):
        return x, "bool"
    if isinstance(x, bool_):
        return bool(int(x)), "bool"
    if isinstance(x, int):
        return float(x), "int64"
    if isinstance(x, float):
        return x, "float64"
    if isinstance(x, complex):
        return x, "complex128"
    if isinstance(x, (list, tuple, range)):
        a = array(x)
        return a._a, a._dt
    raise TypeError("unsupported operand type: %s" % type(x).__name__)


def _float(a, kind):
    """A float ulab array (or float) for arithmetic on ``a`` of ``kind``."""
    if kind == "bool":
        if isinstance(a, bool):
            return float(a)
        return _u.array(a, dtype=_F)
    return a


def _wrap(res, kind):
    if isinstance(res, complex):
        return res
    if kind == "complex128":  # a real result of a complex operation (abs, real, imag, angle)
        if not hasattr(res, "dtype"):
            return float(res)
        if res.dtype != _u.complex:
            kind = "float64"
    elif hasattr(res, "dtype") and res.dtype == _u.complex:
        kind = "complex128"
    if isinstance(res, (int, float, bool)):
        return _item(res, kind)
    return ndarray(res, kind)


def _result_kind(k1, k2, op):
    if k1 == "complex128" or k2 == "complex128":
        return "complex128"
    if op in ("truediv",):
        return "float64"
    if k1 == "float64" or k2 == "float64":
        return "float64"
    return "int64"


def _binop(x, y, op):
    if _is_nd(x) or _is_nd(y):
        return _np._nd_module().elementwise(x, y, lambda p, q: _binop(p, q, op))
    a, ka = _as(x)
    b, kb = _as(y)
    kind = _result_kind(ka, kb, op)
    a = _float(a, ka)
    b = _float(b, kb)
    if op == "add":
        r = a + b
    elif op == "sub":
        r = a - b
    elif op == "mul":
        r = a * b
    elif op == "truediv":
        r = a / b
    elif op == "floordiv":
        r = a // b
    elif op == "mod":
        r = a % b
    elif op == "pow":
        r = a ** b
    else:
        raise TypeError(op)
    if kind == "int64" and op == "pow" and not isinstance(r, (int, float)):
        r = _u.around(r, decimals=0)
    if ka == "bool" and kb == "bool" and op in ("add", "mul"):
        # numpy: bool + bool is `or`, bool * bool is `and`; both stay bool
        if isinstance(r, (int, float)):
            return _wrap(r != 0, "bool")
        return ndarray(r != 0, "bool") if op == "mul" else ndarray(r > 0, "bool")
    if ka == "bool" and kb == "bool" and op == "sub":
        raise TypeError("numpy boolean subtract, the `-` operator, is not supported, "
                        "use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
    return _wrap(r, kind)


def _cmp(x, y, op):
    if _is_nd(x) or _is_nd(y):
        return _np._nd_module().elementwise(x, y, lambda p, q: _cmp(p, q, op))
    a, ka = _as(x)
    b, kb = _as(y)
    a = _float(a, ka)
    b = _float(b, kb)
    if a is b and hasattr(a, "shape"):  # `x == x`: MicroPython answers identity with one bool
        b = b.copy()
    if op == "lt":
        r = a < b
    elif op == "le":
        r = a <= b
    elif op == "gt":
        r = a > b
    elif op == "ge":
        r = a >= b
    elif op == "eq":
        r = a == b
    else:
        r = a != b
    if isinstance(r, bool):
        return r
    if isinstance(r, list):
        r = _u.array(r, dtype=_u.bool)
    return ndarray(r, "bool")


def _logic(x, y, op):
    if _is_nd(x) or _is_nd(y):
        return _np._nd_module().elementwise(x, y, lambda p, q: _logic(p, q, op))
    a, ka = _as(x)
    b, kb = _as(y)
    if ka != "bool" or kb != "bool":
        if ka == "int64" and kb == "int64":
            raise _missing("bitwise operations on integer arrays")
        raise TypeError("ufunc 'bitwise_%s' not supported for the input types: use boolean arrays (masks)" % op)
    fa = _float(a, "bool")
    fb = _float(b, "bool")
    if op == "and":
        r = (fa * fb) > 0
    elif op == "or":
        r = (fa + fb) > 0
    else:
        r = (fa + fb) == 1
    if isinstance(r, bool):
        return r
    return ndarray(r, "bool")
