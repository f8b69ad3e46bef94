"""Reductions: ``sum``/``mean``/``std``/``var`` in numpy's pairwise order, ``min``/``max``,
``argmin``/``argmax``, ``median``, ``prod``, ``cumsum``, ``any``/``all``, percentiles.
"""

import builtins as _b
import math as _math

import numpy as _np
from numpy._base import _missing, _u
from numpy._convert import _dtname, _float, _item, _wrap, array
from numpy._ndarray import _arr, _is_nd


def _axis(a, axis):
    if axis is None:
        return None
    axis = int(axis)
    if axis < 0:
        axis += a.ndim
    if not 0 <= axis < a.ndim:
        raise ValueError("axis %d is out of bounds for array of dimension %d" % (axis, a.ndim))
    return axis


def _reduce(name, x, axis, kind_out):
    a = _arr(x)
    ax = _axis(a, axis)
    if a.size == 0:
        if name == "sum":
            return 0 if kind_out == "int64" else 0.0
        raise ValueError("zero-size array to reduction operation %s which has no identity" % name)
    data = _float(a._a, a._dt)
    fn = getattr(_u, name)
    r = fn(data) if ax is None else fn(data, axis=ax)
    if kind_out is None:
        kind_out = a._dt
    return _wrap(r, kind_out)


def _pairwise(v, lo, n):
    """Sum of v[lo:lo+n] in numpy's pairwise order (bit-identical float results)."""
    if n < 8:
        r = 0.0
        for i in range(lo, lo + n):
            r += v[i]
        return r
    if n <= 128:
        r = [v[lo + k] for k in range(8)]
        i = 8
        while i < n - (n % 8):
            for k in range(8):
                r[k] += v[lo + i + k]
            i += 8
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n:
            res += v[lo + i]
            i += 1
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return _pairwise(v, lo, n2) + _pairwise(v, lo + n2, n - n2)


def _fsum_axis(a, ax):
    """Float sums like numpy: pairwise over contiguous data, row by row along axis 0."""
    if ax is None:
        vals = a.flatten().tolist()
        return _pairwise(vals, 0, len(vals))
    if a.ndim == 1:
        vals = a.tolist()
        return _pairwise(vals, 0, len(vals))
    rows = a.tolist()
    if ax == 1:
        return array([_pairwise(r, 0, len(r)) for r in rows], dtype="float64")
    acc = [0.0] * a.shape[1]
    for r in rows:
        for j in range(len(r)):
            acc[j] += r[j]
    return array(acc, dtype="float64")


def _complex_total(a, axis, what):
    """The sum of a complex array (numpy's pairwise order; one axis: not available)."""
    if axis is not None:
        raise NotImplementedError("numpy.%s of a complex array along an axis is not available in the "
                                  "sandbox's numpy" % what)
    vals = a.flatten().tolist()
    return complex(_pairwise(vals, 0, len(vals))) if vals else 0j


def sum_(a, axis=None, dtype=None):
    a = _arr(a)
    if a._dt == "complex128":
        return _complex_total(a, axis, "sum")
    if _is_nd(a):
        return _np._nd_module().reduction('sum', a, axis, _dtname(dtype))
    kind = _dtname(dtype) or ("float64" if a._dt == "float64" else "int64")
    if kind == "float64" and a.size:
        return _fsum_axis(a.astype(float) if a._dt != "float64" else a, _axis(a, axis))
    return _reduce("sum", a, axis, kind)


def mean(a, axis=None):
    a = _arr(a)
    if a._dt == "complex128":
        return _complex_total(a, axis, "mean") / a.size
    if _is_nd(a):
        return _np._nd_module().reduction('mean', a, axis)
    if not a.size:
        return _np.nan
    ax = _axis(a, axis)
    s = _fsum_axis(a.astype(float) if a._dt != "float64" else a, ax)
    n = a.size if ax is None else a.shape[ax]
    return s / n


def std(a, axis=None, ddof=0):
    if _is_nd(a):
        return _np._nd_module().reduction("std", a, axis, None, ddof)
    v = var(a, axis, ddof)
    return _np.sqrt(v)


def var(a, axis=None, ddof=0):
    if _is_nd(a):
        return _np._nd_module().reduction("var", a, axis, None, ddof)
    a = _arr(a).astype(float)
    m = mean(a, axis)
    ax = _axis(a, axis)
    if ax is None or a.ndim == 1:
        d = a - m
    elif ax == 1:
        d = a - m.reshape(-1, 1)
    else:
        d = a - m
    n = a.size if ax is None else a.shape[ax]
    return _fsum_axis(d * d, ax) / (n - ddof)


def amin(a, axis=None):
    if _is_nd(a):
        return _np._nd_module().reduction('min', a, axis)
    return _reduce("min", a, axis, None)


def amax(a, axis=None):
    if _is_nd(a):
        return _np._nd_module().reduction('max', a, axis)
    return _reduce("max", a, axis, None)


def argmin(a, axis=None):
    if _is_nd(a):
        return _np._nd_module().reduction('argmin', a, axis)
    return _reduce("argmin", a, axis, "int64")


def argmax(a, axis=None):
    if _is_nd(a):
        return _np._nd_module().reduction('argmax', a, axis)
    return _reduce("argmax", a, axis, "int64")


def median(a, axis=None):
    return _reduce("median", a, axis, "float64")


def prod(a, axis=None):
    a = _arr(a)
    if _is_nd(a):
        return _np._nd_module().reduction('prod', a, axis)
    if axis is None:
        p = 1
        for v in a.flatten().tolist():
            p *= v
        return _item(p, "float64" if a._dt == "float64" else "int64")
    return _apply_rows(a, axis, lambda row: prod(array(row, dtype=a._dt)))


def _apply_rows(a, axis, fn):
    ax = _axis(a, axis)
    if a.ndim == 1:
        return fn(a.tolist())
    rows = a.tolist() if ax == 1 else a.transpose().tolist()
    return array([fn(r) for r in rows])


def cumsum(a, axis=None):
    a = _arr(a)
    kind = "float64" if a._dt == "float64" else "int64"

    def run(vals):
        out = []
        acc = 0
        for v in vals:
            acc += v
            out.append(acc)
        return out

    if axis is None or a.ndim == 1:
        return array(run(a.flatten().tolist()), dtype=kind)
    ax = _axis(a, axis)
    rows = a.tolist() if ax == 1 else a.transpose().tolist()
    res = array([run(r) for r in rows], dtype=kind)
    return res if ax == 1 else res.transpose()


def any_(a, axis=None):
    a = _arr(a)
    if _is_nd(a):
        return _np._nd_module().reduction('any', a, axis)
    if axis is None:
        return _item(_b.any(a.flatten().tolist()), "bool")
    return _apply_rows(a, axis, lambda r: _b.any(r))


def all_(a, axis=None):
    a = _arr(a)
    if _is_nd(a):
        return _np._nd_module().reduction('all', a, axis)
    if axis is None:
        return _item(_b.all(a.flatten().tolist()), "bool")
    return _apply_rows(a, axis, lambda r: _b.all(r))


def count_nonzero(a, axis=None):
    a = _arr(a)
    if axis is None:
        return _item(_b.sum(1 for v in a.flatten().tolist() if v), "int64")
    return _apply_rows(a, axis, lambda r: _b.sum(1 for v in r if v))


def percentile(a, q, axis=None):
    vals = _np.sort(_arr(a).flatten()).tolist()
    if not vals:
        raise ValueError("percentile of an empty array")

    def one(p):
        pos = (len(vals) - 1) * p / 100.0
        lo = int(_math.floor(pos))
        hi = _b.min(lo + 1, len(vals) - 1)
        return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)

    if axis is not None:
        raise _missing("percentile with axis")
    if isinstance(q, (int, float)):
        return float(one(q))
    return array([one(p) for p in q])


def quantile(a, q, axis=None):
    if isinstance(q, (int, float)):
        return percentile(a, q * 100, axis)
    return percentile(a, [v * 100 for v in q], axis)
