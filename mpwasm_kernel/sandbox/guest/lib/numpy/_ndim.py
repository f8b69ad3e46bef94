"""Arrays of 3 or more dimensions: a flat 1-D ulab array in C order and the shape.

ulab in this build stops at 2 dimensions, so ``ndarrayN`` keeps its values flat and does the
index arithmetic in Python: creation (``zeros``, ``reshape``, nested lists, ``np.random``),
reprs, indexing with ints, slices, ``None``/``...``, one index array or a full boolean mask,
assignment through the same indexes, element-wise operators and ufuncs with broadcasting,
reductions over all values or one axis, ``transpose``, ``astype``, ``tolist`` and iteration.
Any other function reaching for the 2-D storage (``._a``) of such an array raises a
``NotImplementedError`` that says so, instead of computing on the flat values.
"""

import builtins as _b

import numpy as _np
from numpy._base import _F, _u
from numpy._ndarray import _fill_shape, ndarray


def _size(shape):
    n = 1
    for k in shape:
        n *= k
    return n


def _strides(shape):
    st = [1] * len(shape)
    for i in range(len(shape) - 2, -1, -1):
        st[i] = st[i + 1] * shape[i + 1]
    return st


def _offsets(axes):
    """Flat offsets, in C order, of the product of per-axis ``(indexes, stride)`` pairs."""
    idx = [0]
    for picks, stride in axes:
        idx = [i + j * stride for i in idx for j in picks]
    return idx


def _shape_text(shape):
    return "(%s)" % ",".join(str(k) for k in shape) if len(shape) != 1 else "(%d,)" % shape[0]


class ndarrayN(ndarray):
    """An ndarray of 3 or more dimensions (``type`` shows it as numpy.ndarray)."""

    __module__ = "numpy"
    __qualname__ = "ndarray"
    _nd = True

    def __init__(self, flat, kind, shape):
        self._flat = flat
        self._dt = kind
        self._shape = tuple(shape)

    @property
    def _a(self):
        raise NotImplementedError("this operation of the sandbox's numpy supports arrays of at most 2 "
                                  "dimensions (this array has shape %s)" % (self._shape,))

    def _values(self):
        k = self._dt
        return [_np._scalar(v, k) for v in self._flat.tolist()]

    def tolist(self):
        return _nest(self._values(), self._shape)

    def _shown(self):
        from numpy import _format

        if self.size <= _format.options["threshold"]:
            return self.tolist()
        e = _format.options["edgeitems"]
        picks = [list(range(n)) if n <= 2 * e else list(range(e)) + [e] + list(range(n - e, n))
                 for n in self._shape]
        vals = self._values()
        offs = _offsets(list(zip(picks, _strides(self._shape))))
        return _nest([vals[i] for i in offs], [len(p) for p in picks])

    def copy(self):
        return ndarrayN(self._flat.copy(), self._dt, self._shape)

    def flatten(self):
        return ndarray(self._flat.copy(), self._dt)

    ravel = flatten

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return make(ndarray(self._flat, self._dt), _fill_shape(shape, self.size))

    def astype(self, dt):
        return make(ndarray(self._flat, self._dt).astype(dt), self._shape)

    def transpose(self, *axes):
        n = len(self._shape)
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        axes = tuple(range(n - 1, -1, -1)) if not axes else tuple(int(a) % n for a in axes)
        if sorted(axes) != list(range(n)):
            raise ValueError("axes don't match array")
        st = _strides(self._shape)
        offs = _offsets([(range(self._shape[a]), st[a]) for a in axes])
        vals = self._flat.tolist()
        return make(_np.array([vals[i] for i in offs], dtype=self._dt), [self._shape[a] for a in axes])

    def __getitem__(self, key):
        return getitem(self, key)

    def __setitem__(self, key, value):
        setitem(self, key, value)

    def __neg__(self):
        return make(-ndarray(self._flat, self._dt), self._shape)

    def __abs__(self):
        return make(_b.abs(ndarray(self._flat, self._dt)), self._shape)

    def __invert__(self):
        return make(~ndarray(self._flat, self._dt), self._shape)

    def sort(self, axis=-1):
        raise NotImplementedError("sort of arrays with more than 2 dimensions in the sandbox's numpy")


def _nest(vals, shape):
    if len(shape) <= 1:
        return vals
    step = _size(shape[1:])
    return [_nest(vals[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def make(flat, shape):
    """The array of ``shape`` holding the values of the 1-D ndarray ``flat`` (C order)."""
    shape = tuple(shape)
    if len(shape) > 2:
        if _size(shape) != flat.size:
            raise ValueError("cannot reshape array of size %d into shape %s" % (flat.size, shape))
        return ndarrayN(flat._a if flat.ndim == 1 else flat.flatten()._a, flat._dt, shape)
    if not shape:
        return _np._item(flat.tolist()[0], flat._dt)
    if 0 in shape:
        return ndarray(_u.zeros(0, dtype=_F), flat._dt, shape)
    return flat.reshape(shape) if shape != flat.shape else flat


def _flat_of(x):
    """(1-D ndarray of the values, shape) of an array."""
    if isinstance(x, ndarrayN):
        return ndarray(x._flat, x._dt), x._shape
    return (x if x.ndim == 1 else x.flatten()), x.shape


def _broadcast(s1, s2):
    n = _b.max(len(s1), len(s2))
    a = (1,) * (n - len(s1)) + tuple(s1)
    b = (1,) * (n - len(s2)) + tuple(s2)
    out = []
    for x, y in zip(a, b):
        if x == y or y == 1:
            out.append(x)
        elif x == 1:
            out.append(y)
        else:
            raise ValueError("operands could not be broadcast together with shapes %s %s "
                             % (_shape_text(s1), _shape_text(s2)))
    return tuple(out)


def _expand(flat, shape, target):
    """The 1-D ndarray of ``flat`` (of ``shape``) broadcast to ``target``."""
    if tuple(shape) == tuple(target):
        return flat
    shape = (1,) * (len(target) - len(shape)) + tuple(shape)
    st = _strides(shape)
    offs = _offsets([(range(t), 0 if s == 1 else d) for t, s, d in zip(target, shape, st)])
    vals = flat.tolist()
    return _np.array([vals[i] for i in offs], dtype=flat._dt)


def elementwise(x, y, fn):
    """``fn(x, y)`` (an operator of the 1-D machinery) on arrays broadcast to a common shape."""
    if isinstance(x, (list, tuple)):
        x = _np.array(x)
    if isinstance(y, (list, tuple)):
        y = _np.array(y)
    sx = x.shape if isinstance(x, ndarray) else ()
    sy = y.shape if isinstance(y, ndarray) else ()
    target = _broadcast(sx, sy)
    if isinstance(x, ndarray):
        fx, shx = _flat_of(x)
        x = _expand(fx, shx, target)
    if isinstance(y, ndarray):
        fy, shy = _flat_of(y)
        y = _expand(fy, shy, target)
    return make(fn(x, y), target)


def unary(a, fn):
    """``fn`` (element-wise, 1-D) on an array of 3+ dimensions."""
    return make(fn(ndarray(a._flat, a._dt)), a._shape)


def _axes_picks(a, key):
    """Per-axis ``(indexes, stride)`` pairs and the result's shape for a basic index ``key``."""
    if not isinstance(key, tuple):
        key = (key,)
    if key.count(Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    used = _b.sum(1 for k in key if k is not None and k is not Ellipsis)
    nd = len(a._shape)
    if used > nd:
        raise IndexError("too many indices for array: array is %d-dimensional, but %d were indexed" % (nd, used))
    full = []
    for k in key:
        if k is Ellipsis:
            full.extend([_np._ALL] * (nd - used))
        else:
            full.append(k)
    full.extend([_np._ALL] * (nd - _b.sum(1 for k in full if k is not None)))
    st = _strides(a._shape)
    axes, shape, dim, advanced = [], [], 0, 0
    for k in full:
        if k is None:
            axes.append(([0], 0))
            shape.append(1)
            continue
        n = a._shape[dim]
        if isinstance(k, slice):
            picks = _slice_range(k, n)
            shape.append(len(picks))
        elif isinstance(k, (list, ndarray)):
            advanced += 1
            picks = [int(i) for i in (k.tolist() if isinstance(k, ndarray) else k)]
            for i in picks:
                if not -n <= i < n:
                    raise IndexError("index %d is out of bounds for axis %d with size %d" % (i, dim, n))
            picks = [i % n for i in picks]
            shape.append(len(picks))
        else:
            i = int(k)
            if not -n <= i < n:
                raise IndexError("index %d is out of bounds for axis %d with size %d" % (i, dim, n))
            picks = [i % n]
        axes.append((picks, st[dim]))
        dim += 1
    if advanced > 1:
        raise NotImplementedError("more than one index array on an array of 3+ dimensions "
                                  "in the sandbox's numpy")
    return axes, shape


def _slice_range(k, n):
    step = 1 if k.step is None else int(k.step)
    if step == 0:
        raise ValueError("slice step cannot be zero")
    if step > 0:
        lo, hi = 0, n
    else:
        lo, hi = -1, n - 1
    start = lo if k.start is None and step > 0 else (hi if k.start is None else int(k.start))
    stop = hi if k.stop is None and step > 0 else (lo if k.stop is None else int(k.stop))
    if k.start is not None:
        start = start + n if start < 0 else start
        start = _b.max(lo, _b.min(start, hi))
    if k.stop is not None:
        stop = stop + n if stop < 0 else stop
        stop = _b.max(lo, _b.min(stop, hi))
    return list(range(start, stop, step))


def _mask(a, key):
    return isinstance(key, ndarray) and key._dt == "bool" and key.shape == a._shape


def getitem(a, key):
    vals = a._flat.tolist()
    if _mask(a, key):
        picked = [v for v, m in zip(vals, key.flatten().tolist()) if m]
        return _np.array(picked, dtype=a._dt) if picked else ndarray(_u.zeros(0, dtype=_F), a._dt, (0,))
    if isinstance(key, int):
        key = int(key)
    axes, shape = _axes_picks(a, key)
    picked = [vals[i] for i in _offsets(axes)]
    if not shape:
        return _np._item(picked[0], a._dt)
    if 0 in shape:
        return ndarray(_u.zeros(0, dtype=_F), a._dt, tuple(shape))
    return make(_np.array(picked, dtype=a._dt), shape)


def setitem(a, key, value):
    if _mask(a, key):
        offs = [i for i, m in enumerate(key.flatten().tolist()) if m]
        shape = (len(offs),)
    else:
        axes, shape = _axes_picks(a, int(key) if isinstance(key, int) else key)
        offs = _offsets(axes)
    if isinstance(value, (list, tuple)):
        value = _np.array(value)
    if isinstance(value, ndarray):
        fv, sv = _flat_of(value.astype(a._dt))
        new = _expand(fv, sv, _broadcast(tuple(shape), sv)).tolist()
        if len(new) != len(offs):
            raise ValueError("could not broadcast input array from shape %s into shape %s"
                             % (_shape_text(sv), _shape_text(tuple(shape))))
    else:
        new = [value] * len(offs)
    flat = a._flat
    for i, v in zip(offs, new):
        flat[i] = bool(v) if a._dt == "bool" else complex(v) if a._dt == "complex128" else float(v)


def reduce(a, axis, fn, kind_out):
    """``fn(values)`` over all values (``axis=None``) or along one axis, as an array."""
    vals = a._flat.tolist()
    if axis is None:
        return fn(vals, True)
    nd = len(a._shape)
    axis = int(axis)
    if not -nd <= axis < nd:
        raise ValueError("axis %d is out of bounds for array of dimension %d" % (axis, nd))
    axis %= nd
    st = _strides(a._shape)
    n, step = a._shape[axis], st[axis]
    base = _offsets([(range(a._shape[d]), st[d]) for d in range(nd) if d != axis])
    last = axis == nd - 1
    out = [fn([vals[b + j * step] for j in range(n)], last) for b in base]
    return make(_np.array(out, dtype=kind_out), [a._shape[d] for d in range(nd) if d != axis])


def _fsum(vals, last):
    """A float sum as numpy adds it: pairwise along a contiguous run, else in order."""
    if last:
        return _np._pairwise(vals, 0, len(vals))
    r = 0.0
    for v in vals:
        r += v
    return r


def reduction(name, a, axis, kind=None, ddof=0):
    """``name`` (sum, mean, min, max, argmin, argmax, prod, any, all, var, std) of an array of
    3+ dimensions, over all values or one axis."""
    if isinstance(axis, (tuple, list)):
        nd = len(a._shape)
        axes = sorted({int(x) % nd for x in axis}, reverse=True)
        exact = name in ("min", "max", "any", "all") or name in ("sum", "prod") and a._dt != "float64"
        if exact:
            r = a  # exact step by step: integers, bools, min/max
            for ax in axes:
                r = getattr(_np, {"sum": "sum_", "prod": "prod", "min": "amin", "max": "amax",
                                  "any": "any_", "all": "all_"}[name])(r, ax)
            return r
        raise NotImplementedError("%s over several axes of a float array of 3+ dimensions in the sandbox's "
                                  "numpy (reduce one axis at a time)" % name)
    k = a._dt
    floats = k == "float64" or name in ("mean", "var", "std")

    def one(vals, last):
        if name in ("sum", "mean", "var", "std"):
            if floats:
                s = _fsum([float(v) for v in vals], last or axis is None)
            else:
                s = int(_b.sum(vals))
            if name == "sum":
                return s
            m = s / len(vals)
            if name == "mean":
                return m
            d = _fsum([(v - m) * (v - m) for v in vals], last or axis is None) / (len(vals) - ddof)
            return d if name == "var" else d ** 0.5
        if name in ("min", "max"):
            return (_b.min if name == "min" else _b.max)(vals)
        if name in ("argmin", "argmax"):
            best = (_b.min if name == "argmin" else _b.max)(vals)
            return vals.index(best)
        if name == "prod":
            p = 1
            for v in vals:
                p *= v
            return p
        if name == "any":
            return _b.any(vals)
        return _b.all(vals)

    out = kind or ("float64" if name in ("mean", "var", "std") else "int64" if name in ("argmin", "argmax")
                   else "bool" if name in ("any", "all") else k)
    if out == "bool" and name in ("sum", "prod"):
        out = "int64"
    r = reduce(a, axis, one, out)
    if axis is None:
        return _np._item(r, out)
    return r


def nonzero(a):
    """One index array per axis of the nonzero values, in C order."""
    st = _strides(a._shape)
    hits = [i for i, v in enumerate(a._flat.tolist()) if v]
    return tuple(_np.array([(i // s) % n for i in hits], dtype="int64") for s, n in zip(st, a._shape))
