"""Sorting, searching and shape operations: ``sort``, ``argsort``, ``unique``, ``where``,
``nonzero``, ``reshape``, ``concatenate``/``stack``, ``flip``, ``diff``, ``dot``/``outer``.
"""

import builtins as _b

import numpy as _np
from numpy._base import _F, _u
from numpy._convert import _as, _float, _item, _result_kind, array
from numpy._ndarray import _arr, _is_nd, _two_d, ndarray
from numpy._reductions import _axis

# Sorting goes through ulab: MicroPython's list sort is a quicksort that takes quadratic time
# on already sorted input.

def sort(a, axis=-1):
    a = _arr(a)
    if a.size == 0:
        return a.copy()
    if axis is None:
        a = a.flatten()
        axis = -1
    ax = _axis(a, axis)
    data = _float(a._a, a._dt)
    res = ndarray(_u.sort(data, axis=ax), a._dt if a._dt != "bool" else "int64")
    return res.astype("bool") if a._dt == "bool" else res


def partition(a, kth, axis=-1):
    """numpy leaves the order inside both parts undefined: here both are sorted (a valid partition)."""
    return sort(a, axis)


def argpartition(a, kth, axis=-1):
    """As ``partition``: the indexes of a full sort (a valid partition)."""
    return argsort(a, axis)


def argsort(a, axis=-1):
    a = _arr(a)
    if a.size == 0:
        return ndarray(_u.zeros(0, dtype=_F), "int64", (0,))
    if axis is None:
        a = a.flatten()
        axis = -1
    ax = _axis(a, axis)
    idx = _u.argsort(_float(a._a, a._dt), axis=ax)
    return ndarray(_u.array(idx, dtype=_F), "int64")


def unique(a, return_counts=False):
    vals = _arr(a).flatten().tolist()
    distinct = list(set(vals))
    u = sort(array(distinct, dtype=_arr(a)._dt)).tolist() if distinct else []
    res = array(u, dtype=_arr(a)._dt) if u else ndarray(_u.zeros(0, dtype=_F), _arr(a)._dt, (0,))
    if return_counts:
        counts = {}
        for v in vals:
            counts[v] = counts.get(v, 0) + 1
        return res, array([counts[v] for v in u], dtype="int64")
    return res


def where(cond, x=None, y=None):
    c = _arr(cond)
    if x is None and y is None:
        return nonzero(c)
    for v in (c, x, y):
        _two_d(v, "where")
    cl = c.tolist()
    xa = _arr(x) if isinstance(x, (ndarray, list, tuple)) else None
    ya = _arr(y) if isinstance(y, (ndarray, list, tuple)) else None
    kind = _result_kind(_as(x)[1], _as(y)[1], "add")
    if c.ndim == 1:
        xs = xa.tolist() if xa is not None else [x] * len(cl)
        ys = ya.tolist() if ya is not None else [y] * len(cl)
        return array([xs[i] if cl[i] else ys[i] for i in range(len(cl))], dtype=kind)
    out = []
    for i, row in enumerate(cl):
        xr = xa.tolist()[i] if xa is not None and xa.ndim == 2 else (xa.tolist() if xa is not None else [x] * len(row))
        yr = ya.tolist()[i] if ya is not None and ya.ndim == 2 else (ya.tolist() if ya is not None else [y] * len(row))
        out.append([xr[j] if row[j] else yr[j] for j in range(len(row))])
    return array(out, dtype=kind)


def nonzero(a):
    a = _arr(a)
    if _is_nd(a):
        return _np._nd_module().nonzero(a)
    if a.ndim == 1:
        return (array([i for i, v in enumerate(a.tolist()) if v], dtype="int64"),)
    rows, cols = [], []
    for i, row in enumerate(a.tolist()):
        for j, v in enumerate(row):
            if v:
                rows.append(i)
                cols.append(j)
    return array(rows, dtype="int64"), array(cols, dtype="int64")


def argwhere(a):
    return array([list(t) for t in zip(*nonzero(a))], dtype="int64")


def reshape(a, shape):
    return _arr(a).reshape(shape)


def transpose(a, axes=None):
    a = _arr(a)
    if axes is None:
        return a.transpose()
    axes = tuple(int(x) % a.ndim for x in axes)
    if sorted(axes) != list(range(a.ndim)):
        raise ValueError("axes don't match array")
    if a.ndim < 3:
        return a.transpose() if axes != tuple(range(a.ndim)) else a.copy()
    return a.transpose(axes)


def swapaxes(a, axis1, axis2):
    a = _arr(a)
    order = list(range(a.ndim))
    i, j = int(axis1) % a.ndim, int(axis2) % a.ndim
    order[i], order[j] = order[j], order[i]
    return transpose(a, order)


def moveaxis(a, source, destination):
    a = _arr(a)
    order = list(range(a.ndim))
    s = int(source) % a.ndim
    order.remove(s)
    order.insert(int(destination) % a.ndim, s)
    return transpose(a, order)


def ravel(a):
    return _arr(a).flatten()


def shape(a):
    return _arr(a).shape


def size(a):
    return _arr(a).size


def ndim(a):
    return _arr(a).ndim


def concatenate(arrays, axis=0):
    arrs = [_arr(a) for a in arrays]
    if axis != 0:
        for a in arrs:
            _two_d(a, "concatenate along axis %s" % axis)
    kind = "bool"
    for a in arrs:
        kind = _result_kind(kind, a._dt, "add") if not (kind == "bool" and a._dt == "bool") else "bool"
    if arrs[0].ndim == 1:
        vals = []
        for a in arrs:
            vals.extend(a.tolist())
        return array(vals, dtype=kind)
    if axis == 0:
        rows = []
        for a in arrs:
            rows.extend(a.tolist())
        return array(rows, dtype=kind)
    lists = [a.tolist() for a in arrs]
    return array([_b.sum((lst[i] for lst in lists), []) for i in range(arrs[0].shape[0])], dtype=kind)


def vstack(arrays):
    return concatenate([_arr(a).reshape(1, -1) if _arr(a).ndim == 1 else _arr(a) for a in arrays], axis=0)


def hstack(arrays):
    arrs = [_arr(a) for a in arrays]
    return concatenate(arrs, axis=0 if arrs[0].ndim == 1 else 1)


def column_stack(arrays):
    return concatenate([_arr(a).reshape(-1, 1) if _arr(a).ndim == 1 else _arr(a) for a in arrays], axis=1)


def stack(arrays, axis=0):
    arrs = [_arr(a) for a in arrays]
    for a in arrs:
        _two_d(a, "stack")
    if len({a.shape for a in arrs}) > 1:
        raise ValueError("all input arrays must have the same shape")
    res = array([a.tolist() for a in arrs])
    n = res.ndim
    axis = int(axis)
    if not -n <= axis < n:
        raise ValueError("axis %d is out of bounds for array of dimension %d" % (axis, n))
    axis %= n
    if axis == 0:
        return res
    order = list(range(1, n))
    order.insert(axis, 0)  # the stacked axis moves from the front to `axis`
    return transpose(res, order)


def flip(a, axis=None):
    a = _arr(a)
    if a.ndim == 1:
        return array(list(reversed(a.tolist())), dtype=a._dt)
    return ndarray(_u.flip(a._a) if axis is None else _u.flip(a._a, axis=axis), a._dt)


def diff(a, n=1):
    a = _arr(a)
    vals = a.tolist()
    for _ in range(n):
        vals = [vals[i + 1] - vals[i] for i in range(len(vals) - 1)]
    return array(vals, dtype=a._dt)


def dot(a, b):
    """Dot product (vectors), matrix-vector and matrix-matrix products."""
    a = _arr(a) if not isinstance(a, (int, float)) else a
    b = _arr(b) if not isinstance(b, (int, float)) else b
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return a * b
    kind = _result_kind(a._dt, b._dt, "mul")
    if a.ndim == 1 and b.ndim == 1:
        if a.size != b.size:
            raise ValueError("shapes (%d,) and (%d,) not aligned" % (a.size, b.size))
        return _item(_b.sum(x * y for x, y in zip(a.tolist(), b.tolist())), kind)
    fa = _float(a._a, a._dt)
    fb = _float(b._a, b._dt)
    if a.ndim == 2 and b.ndim == 1:
        fb = fb.reshape((b.size, 1))
        return ndarray(_u.dot(fa, fb).flatten(), kind)
    if a.ndim == 1 and b.ndim == 2:
        fa = fa.reshape((1, a.size))
        return ndarray(_u.dot(fa, fb).flatten(), kind)
    if a.shape[1] != b.shape[0]:
        raise ValueError("shapes %s and %s not aligned: %d (dim 1) != %d (dim 0)"
                         % (a.shape, b.shape, a.shape[1], b.shape[0]))
    return ndarray(_u.dot(fa, fb), kind)


matmul = dot


def inner(a, b):
    return dot(a, b)


def outer(a, b):
    xs = _arr(a).flatten().tolist()
    ys = _arr(b).flatten().tolist()
    return array([[x * y for y in ys] for x in xs])


def trace(a):
    a = _arr(a)
    _two_d(a, "trace")
    return _item(_b.sum(a.tolist()[i][i] for i in range(_b.min(a.shape))), "float64" if a._dt == "float64" else "int64")
