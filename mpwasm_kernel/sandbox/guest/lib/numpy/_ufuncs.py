"""Element-wise functions (``sqrt``, ``exp``, ``sin``, ...), comparisons (``isclose``,
``allclose``), ``interp``, ``polyfit``/``polyval``, ``histogram``, ``trapz``.
"""

import builtins as _b
import math as _math

import numpy as _np
from numpy._base import _u
from numpy._convert import _as, _binop, _cmp, _float, _result_kind, _wrap, array
from numpy._creation import full
from numpy._ndarray import _arr, _is_nd, ndarray
from numpy._reductions import _axis, all_


def _into(out, r):
    """numpy's ``out=``: ``r`` written into the array ``out`` (a slice of another array writes
    through to it), which is returned."""
    if not isinstance(out, ndarray):
        raise TypeError("return arrays must be of ArrayType")
    if isinstance(r, ndarray) and r.shape != out.shape:
        raise ValueError("non-broadcastable output operand with shape %s doesn't match the broadcast "
                         "shape %s" % (out.shape, r.shape))
    out[...] = r
    return out


def _ufunc(name, ulab_name=None, kind_keep=False):
    fn = getattr(_u, ulab_name or name)
    mfn = getattr(_math, ulab_name or name, None)

    def call(x, out=None):
        if out is not None:
            return _into(out, call(x))
        if isinstance(x, (int, float)) and mfn is not None:
            return mfn(x)
        a = _arr(x)
        if _is_nd(a):
            return _np._nd_module().unary(a, call)
        r = fn(_float(a._a, a._dt))
        return _wrap(r, a._dt if kind_keep and a._dt != "bool" else "float64")

    return call


sqrt = _ufunc("sqrt")
exp = _ufunc("exp")
log = _ufunc("log")
log10 = _ufunc("log10")
log2 = _ufunc("log2")
sin = _ufunc("sin")
cos = _ufunc("cos")
tan = _ufunc("tan")
arcsin = _ufunc("arcsin", "asin")
arccos = _ufunc("arccos", "acos")
arctan = _ufunc("arctan", "atan")
sinh = _ufunc("sinh")
cosh = _ufunc("cosh")
tanh = _ufunc("tanh")
floor = _ufunc("floor")
ceil = _ufunc("ceil")
degrees = _ufunc("degrees")
radians = _ufunc("radians")
expm1 = _ufunc("expm1")


def absolute(x):
    if isinstance(x, (int, float)):
        return _b.abs(x)
    return _b.abs(_arr(x))


abs = absolute  # noqa: A001 - numpy's name


def sign(x):
    if isinstance(x, (int, float)):
        return (x > 0) - (x < 0)
    a = _arr(x)
    return _binop(_cmp(a, 0, "gt").astype(a._dt), _cmp(a, 0, "lt").astype(a._dt), "sub")


def square(x):
    return x * x if isinstance(x, (int, float)) else _arr(x) * _arr(x)


def power(a, b):
    return _binop(a, b, "pow")


def add(a, b):
    return _binop(a, b, "add")


def subtract(a, b):
    return _binop(a, b, "sub")


def multiply(a, b):
    return _binop(a, b, "mul")


def divide(a, b):
    return _binop(a, b, "truediv")


def arctan2(y, x):
    if isinstance(y, (int, float)) and isinstance(x, (int, float)):
        return _math.atan2(y, x)
    ya = _arr(y).astype(float)
    xa = _arr(x).astype(float) if not isinstance(x, (int, float)) else full(ya.shape, x)
    return ndarray(_u.arctan2(ya._a, xa._a), "float64")


def around(a, decimals=0):
    if isinstance(a, (int, float)):
        return _b.round(a, decimals)
    a = _arr(a)
    if a._dt != "float64":
        return a.copy()
    if _is_nd(a):
        return _np._nd_module().unary(a, lambda f: around(f, decimals))
    return ndarray(_u.around(a._a, decimals=decimals), "float64")


round_ = around


def clip(a, a_min, a_max):
    a = _arr(a)
    lo = -_np.inf if a_min is None else a_min
    hi = _np.inf if a_max is None else a_max
    kind = _result_kind(a._dt, _as(lo)[1] if a_min is not None else a._dt, "add")
    return ndarray(_u.clip(_float(a._a, a._dt), lo, hi), kind)


def maximum(a, b):
    ka, kb = _as(a)[1], _as(b)[1]
    x = _float(*_as(a))
    y = _float(*_as(b))
    return _wrap(_u.maximum(x, y), _result_kind(ka, kb, "add"))


def minimum(a, b):
    ka, kb = _as(a)[1], _as(b)[1]
    x = _float(*_as(a))
    y = _float(*_as(b))
    return _wrap(_u.minimum(x, y), _result_kind(ka, kb, "add"))


def isnan(x):
    if isinstance(x, (int, float)):
        return x != x
    a = _arr(x)
    if _is_nd(a):
        return _np._nd_module().unary(a, isnan)
    if a.ndim == 2:
        return array([[v != v for v in row] for row in a.tolist()], dtype="bool")
    return array([v != v for v in a.tolist()], dtype="bool")


def isfinite(x):
    if isinstance(x, (int, float)):
        return _math.isfinite(x)
    a = _arr(x)
    return ndarray(_u.isfinite(_float(a._a, a._dt)), "bool")


def isinf(x):
    if isinstance(x, (int, float)):
        return _math.isinf(x)
    a = _arr(x)
    return ndarray(_u.isinf(_float(a._a, a._dt)), "bool")


def isclose(a, b, rtol=1e-05, atol=1e-08):
    d = _b.abs(_arr(a).astype(float) - b)
    tol = _b.abs(_arr(b).astype(float)) * rtol + atol if not isinstance(b, (int, float)) else atol + rtol * _b.abs(b)
    return d <= tol


def allclose(a, b, rtol=1e-05, atol=1e-08):
    return bool(all_(isclose(a, b, rtol, atol)))


def array_equal(a, b):
    a = _arr(a)
    b = _arr(b)
    return a.shape == b.shape and a.tolist() == b.tolist()


def interp(x, xp, fp):
    if isinstance(x, (int, float)):
        return float(_u.interp(_u.array([float(x)]), _arr(xp).astype(float)._a, _arr(fp).astype(float)._a)[0])
    return ndarray(_u.interp(_arr(x).astype(float)._a, _arr(xp).astype(float)._a, _arr(fp).astype(float)._a),
                   "float64")


def polyfit(x, y, deg):
    return ndarray(_u.polyfit(_arr(x).astype(float)._a, _arr(y).astype(float)._a, int(deg)), "float64")


def polyval(p, x):
    coeffs = _arr(p).tolist()
    if isinstance(x, (int, float)):
        acc = 0.0
        for c in coeffs:
            acc = acc * x + c
        return acc
    return ndarray(_u.polyval(_u.array([float(c) for c in coeffs]), _arr(x).astype(float)._a), "float64")


def histogram(a, bins=10, range=None, density=False):
    vals = [v for v in _arr(a).flatten().tolist() if v == v]
    if isinstance(bins, int):
        lo, hi = (_b.min(vals), _b.max(vals)) if range is None else range
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = [lo + (hi - lo) * i / bins for i in _builtin_range(bins + 1)]
    else:
        edges = [float(v) for v in bins]
    n = len(edges) - 1
    counts = [0] * n
    for v in vals:
        if edges[0] <= v <= edges[-1]:
            i = n - 1
            for k in _builtin_range(n):
                if v < edges[k + 1]:
                    i = k
                    break
            counts[i] += 1
    if density:
        total = _b.sum(counts)
        return array([c / total / (edges[i + 1] - edges[i]) for i, c in enumerate(counts)]), array(edges)
    return array(counts, dtype="int64"), array(edges)


_builtin_range = range


def trapz(y, x=None, dx=1.0):
    ys = _arr(y).tolist()
    xs = _arr(x).tolist() if x is not None else [i * dx for i in _builtin_range(len(ys))]
    return _b.sum((xs[i + 1] - xs[i]) * (ys[i] + ys[i + 1]) / 2 for i in _builtin_range(len(ys) - 1))


trapezoid = trapz


# --- ufunc objects -------------------------------------------------------------------------------

class ufunc:
    """A binary numpy function with the ufunc methods courses use: ``reduce``, ``accumulate``,
    ``outer`` and ``at`` (``np.add.accumulate(x)``, ``np.multiply.outer(x, x)``)."""

    def __init__(self, name, fn):
        self.__name__ = name
        self._fn = fn

    def __call__(self, a, b, out=None):
        r = self._fn(a, b)
        return r if out is None else _into(out, r)

    def __repr__(self):
        return "<ufunc '%s'>" % self.__name__

    def _fold(self, a, axis, keep):
        a = _arr(a)
        if axis is None:
            a, axis = a.flatten(), 0
        if a.ndim == 2 and _axis(a, axis) == 1:
            res = self._fold(a.transpose(), 0, keep)
            return res.transpose() if keep else res
        items = list(a) if a.ndim == 2 else a.tolist()
        if not items:
            raise ValueError("zero-size array to reduction operation %s which has no identity" % self.__name__)
        acc, out = items[0], [items[0]]
        for v in items[1:]:
            acc = self._fn(acc, v)
            out.append(acc)
        if not keep:
            return acc
        return _np.array([o.tolist() if isinstance(o, ndarray) else o for o in out])

    def reduce(self, a, axis=0):
        """Combine the elements along `axis` (None: all of them)."""
        if self.__name__ == "add":
            return _np.sum(a, axis=axis)
        if self.__name__ == "multiply":
            return _np.prod(a, axis=axis)
        return self._fold(a, axis, False)

    def accumulate(self, a, axis=0):
        """The running results along `axis`."""
        a = _arr(a)
        if self.__name__ == "add":
            return _np.cumsum(a, axis=axis if a.ndim == 2 else None)
        res = self._fold(a, axis, True)
        return res.astype(a._dt) if self.__name__ in ("multiply", "maximum", "minimum") and a._dt != "bool" else res

    def outer(self, a, b):
        """``f(a[i], b[j])`` for every pair (1-D inputs give a 2-D result)."""
        return self._fn(_arr(a).flatten().reshape(-1, 1), _arr(b).flatten().reshape(1, -1))

    def at(self, a, indices, b=None):
        """``a[i] = f(a[i], b)`` for each index in turn, repeated indices included (in place)."""
        idx = [indices] if isinstance(indices, int) else _arr(indices).tolist()
        vals = _arr(b).tolist() if isinstance(b, (list, tuple, ndarray)) else [b] * len(idx)
        for i, v in zip(idx, vals):
            a[i] = self._fn(a[i], v)


add = ufunc("add", add)
subtract = ufunc("subtract", subtract)
multiply = ufunc("multiply", multiply)
divide = ufunc("divide", divide)
power = ufunc("power", power)
maximum = ufunc("maximum", maximum)
minimum = ufunc("minimum", minimum)
