"""Reading arrays through ``np.newaxis``/``None``/``...`` and through integer or boolean index
arrays per axis (``m[[0, 2], [1, 3]]``, ``m[r[:, None], c]``). Loaded on first use by
``ndarray.__getitem__``; each function takes the indexed array as ``self``.
"""

import builtins as _b

import numpy as _np
from numpy._base import _ALL, _F, _u
from numpy._ndarray import _arr, ndarray


def new_axes(self, key):
    """``a[None, :]``, ``a[:, np.newaxis]``, ``a[..., None]``: index without the Nones, then
    reshape with a length-1 axis where each None stood."""
    if key.count(Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    used = _b.sum(1 for k in key if k is not None and k is not Ellipsis)
    if used > self.ndim:
        raise IndexError("too many indices for array: array is %d-dimensional, but %d were indexed"
                         % (self.ndim, used))
    full = []
    for k in key:
        if k is Ellipsis:
            full.extend([_ALL] * (self.ndim - used))
        else:
            full.append(k)
    while _b.sum(1 for k in full if k is not None) < self.ndim:
        full.append(_ALL)
    plain = tuple(k for k in full if k is not None)
    res = self[plain if len(plain) > 1 else plain[0]] if plain else self
    if not isinstance(res, ndarray):
        res = _np.array([res], dtype=self._dt)
        kept = []
    else:
        kept = list(res.shape)
    shape = []
    dims = iter(kept)
    for k in full:
        if k is None:
            shape.append(1)
        elif isinstance(k, slice) or isinstance(k, (list, ndarray)):
            shape.append(next(dims))
    if len(shape) > 2:
        return _np._nd_module().make(res.flatten() if res.ndim != 1 else res, shape)
    return res.reshape(tuple(shape)) if shape else res


def fancy(self, key):
    """``m[[0, 1], [1, 0]]`` (pairs), ``m[:, [0, 2]]`` (columns), ``m[[2, 0], 1:]`` (rows),
    boolean masks per axis."""
    if len(key) != 2 or self.ndim != 2:
        raise IndexError("too many indices for array: array is %d-dimensional, but %d were indexed"
                         % (self.ndim, len(key)))

    def idx(k, n):
        k = _arr(k)
        if k._dt == "bool":
            if k.size != n:
                raise IndexError("boolean index did not match indexed array along axis; size of axis "
                                 "is %d but size of corresponding boolean axis is %d" % (n, k.size))
            return [i for i, b in enumerate(k.tolist()) if b]
        out = []
        for i in k.flatten().tolist():
            if i < -n or i >= n:
                raise IndexError("index %d is out of bounds for axis with size %d" % (i, n))
            out.append(i + n if i < 0 else i)
        return out

    r, c = key
    rows = self.tolist()
    if isinstance(r, (list, ndarray)) and isinstance(c, (list, ndarray)):
        ra, ca = _arr(r), _arr(c)
        if (ra.ndim == 2 or ca.ndim == 2) and ra._dt != "bool" and ca._dt != "bool":
            return fancy_grid(self, ra, ca)
        if ra._dt == "bool" and ca._dt != "bool" and ca.ndim == 2 or ca._dt == "bool" and ra.ndim == 2:
            return fancy_grid(self, ra if ra._dt != "bool" else _np.array(idx(r, self.shape[0])),
                                    ca if ca._dt != "bool" else _np.array(idx(c, self.shape[1])))
        ri, ci = idx(r, self.shape[0]), idx(c, self.shape[1])
        if len(ri) == 1:
            ri = ri * len(ci)
        if len(ci) == 1:
            ci = ci * len(ri)
        if len(ri) != len(ci):
            raise IndexError("shape mismatch: indexing arrays could not be broadcast together with "
                             "shapes (%d,) (%d,)" % (len(ri), len(ci)))
        vals = [rows[i][j] for i, j in zip(ri, ci)]
        return _np.array(vals, dtype=self._dt) if vals else ndarray(_u.zeros(0, dtype=_F), self._dt, (0,))
    if isinstance(r, (list, ndarray)):
        picked = self._take_rows(idx(r, self.shape[0]))
        return picked[:, c] if picked.size else picked
    part = self[r, :]
    ci = idx(c, self.shape[1])
    if part.ndim == 1:
        return part._take_rows(ci)
    return _np.array([[row[j] for j in ci] for row in part.tolist()], dtype=self._dt)


def fancy_grid(self, ra, ca):
    """``m[rows, cols]`` with index arrays that broadcast to 2-D (``m[r[:, None], c]``)."""
    def as2d(a):
        return a.tolist() if a.ndim == 2 else [a.tolist()]

    rs, cs = as2d(ra), as2d(ca)
    shape = []
    for a, b in ((len(rs), len(cs)), (len(rs[0]), len(cs[0]))):
        if a != b and a != 1 and b != 1:
            raise IndexError("shape mismatch: indexing arrays could not be broadcast together with "
                             "shapes %s %s" % (ra.shape, ca.shape))
        shape.append(a if a != 1 else b)
    n0, n1 = self.shape
    rows = self.tolist()
    out = []
    for i in range(shape[0]):
        line = []
        for j in range(shape[1]):
            a = rs[i if len(rs) > 1 else 0][j if len(rs[0]) > 1 else 0]
            b = cs[i if len(cs) > 1 else 0][j if len(cs[0]) > 1 else 0]
            if not (-n0 <= a < n0 and -n1 <= b < n1):
                raise IndexError("index (%d, %d) is out of bounds for shape %s" % (a, b, self.shape))
            line.append(rows[a][b])
        out.append(line)
    return _np.array(out, dtype=self._dt)
