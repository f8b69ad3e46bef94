"""Reductions: ``sum``/``mean``/``std``/``var`` in numpy's pairwise order, ``min``/``max``,
``argmin``/``argmax``, ``median``, ``prod``, ``cumsum``, ``any``/``all``, percentiles.
"""

import builtins as _b
import math as _math

import numpy as _np
from numpy._base import _F, _missing, _u
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


def _pairwise_u(v):
    """`_pairwise(v.tolist(), 0, len(v))` of a 1-D ulab float array, to the last bit, with the
    leaves' additions done by ulab in C.

    A leaf of numpy's pairwise order (64 to 128 items here, starting at a multiple of 8) keeps
    eight running sums: column k of its rows of eight, added in order from the first row. Leaves
    with the same number of rows are done together: their first rows gathered with `take`, then
    each next row added elementwise (the same IEEE additions, in the same order), the columns
    combined as numpy does; the rightmost leaf's odd items, and the tree above the leaves, in
    Python. numpy's reduction starts from 0.0 (so a sum of -0.0 items is 0.0): so does this."""
    n = len(v)
    if n <= 128:
        return 0.0 + _pairwise(v.tolist(), 0, n)
    leaves = []  # (first row, rows) of each leaf, left to right
    stack = [(0, n)]
    while stack:
        lo, m = stack.pop()
        if m <= 128:
            leaves.append((lo // 8, m // 8))
            continue
        m2 = m // 2
        m2 -= m2 % 8
        stack.append((lo + m2, m - m2))
        stack.append((lo, m2))
    # a view of contiguous data (ulab's reshape copies only a strided view): no 16-byte-a-item
    # copy of the whole array, which doubled a large array's peak memory
    rows = v[:n - n % 8].reshape((n // 8, 8))
    sums = []
    at = 0
    while at < len(leaves):  # segments of at most 65,535 rows: `take` indices are uint16
        first = leaves[at][0]
        end = at
        while end < len(leaves) and leaves[end][0] + leaves[end][1] - first <= 65535:
            end += 1
        sums.extend(_leaf_sums(rows[first:leaves[end - 1][0] + leaves[end - 1][1]], leaves[at:end], first))
        at = end
    for i in range(n - n % 8, n):
        sums[-1] += v[i]
    return 0.0 + _combine(n, iter(sums))


def _leaf_sums(block, leaves, first):
    out = [0.0] * len(leaves)
    groups = {}
    for i, (_start, count) in enumerate(leaves):
        groups.setdefault(count, []).append(i)
    for count, members in groups.items():
        at = _u.array([leaves[i][0] - first for i in members], dtype=_u.uint16)
        acc = _u.take(block, at, axis=0)
        for _ in range(1, count):
            at = at + 1
            acc = acc + _u.take(block, at, axis=0)
        c = [acc[:, k] for k in range(8)]
        res = ((c[0] + c[1]) + (c[2] + c[3])) + ((c[4] + c[5]) + (c[6] + c[7]))
        for i, value in zip(members, res.tolist()):
            out[i] = value
    return out


def _combine(n, sums):
    # the sum of a node of numpy's pairwise tree from its leaves' sums (in order)
    if n <= 128:
        return next(sums)
    n2 = n // 2
    n2 -= n2 % 8
    left = _combine(n2, sums)
    return left + _combine(n - n2, sums)


def _fsum_axis(a, ax):
    """Float sums like numpy: pairwise over contiguous data, row by row along axis 0."""
    if a.ndim == 1:
        return _pairwise_u(a._a)  # (a strided view's rows are copied by reshape; contiguous data is not)
    if ax is None:
        return _pairwise_u(a.flatten()._a)
    if ax == 1:
        rows = a._a
        return array([_pairwise_u(_u.array(rows[i])) for i in range(a.shape[0])], dtype="float64")
    # along axis 0 numpy adds the rows in order, from 0.0 (elementwise: the same additions as
    # item by item; ulab's own sum along an axis adds in another order)
    data = a._a
    acc = _u.zeros(a.shape[1], dtype=_F)
    for i in range(a.shape[0]):
        acc = acc + data[i]
    return array(acc.tolist(), dtype="float64")


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
    if kind == "int64" and a._dt in ("int64", "bool") and a.size:
        # ints and bools are held as floats: their sums in numpy's order are exact below 2**53
        # (ulab's own sum goes through a running mean: 100 items 1.0, 0.0 gave 99.99999999999993)
        r = _fsum_axis(a.astype(float), _axis(a, axis))
        return _wrap(r._a if _is_nd(r) or hasattr(r, "_a") else r, kind)
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
