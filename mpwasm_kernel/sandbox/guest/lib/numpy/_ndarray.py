"""The sandbox numpy's ``ndarray``: a ulab array and a dtype name, with numpy's indexing,
operators and reprs (1-D and 2-D). Functions it calls that live in later modules are looked up
on the package (``_np.name``) when called.
"""

import builtins as _b

import numpy as _np
from numpy import _format
from numpy._base import _ALL, _F, _missing, _u


def _indexing():
    """numpy/_indexing.py (newaxis and index-array reads), compiled on first use."""
    import sys

    if "numpy._indexing" not in sys.modules:
        __import__("numpy._indexing")
    return sys.modules["numpy._indexing"]


def _nd_module():
    """numpy/_ndim.py (arrays of 3+ dimensions), compiled on first use."""
    import sys

    if "numpy._ndim" not in sys.modules:
        __import__("numpy._ndim")
    return sys.modules["numpy._ndim"]


def _two_d(a, what):
    """Refuse ``what`` for an array of 3+ dimensions (its 2-D code would misread the values)."""
    if isinstance(a, ndarray) and a._nd:
        raise NotImplementedError("numpy.%s of arrays with more than 2 dimensions is not available in the "
                                  "sandbox's numpy (shape %s)" % (what, a.shape))


def _is_nd(x):
    """Is ``x`` an array of 3 or more dimensions (numpy/_ndim.py)?"""
    return isinstance(x, ndarray) and x._nd


class ndarray:
    """An n-dimensional array of int64, float64 or bool (ulab holds 1-D and 2-D ones; 3+
    dimensions: numpy/_ndim.py)."""

    __module__ = "numpy"
    _nd = False

    def __init__(self, data, kind="float64", shape=None):
        if not hasattr(data, "shape"):
            raise TypeError("use numpy.array(...) or numpy.zeros(shape) to make arrays")
        self._a = data
        self._dt = kind
        self._shape = shape

    # basic attributes
    @property
    def shape(self):
        if self._shape is not None:
            return self._shape
        return tuple(self._a.shape)

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        n = 1
        for k in self.shape:
            n *= k
        return n

    @property
    def dtype(self):
        return _np.dtype(self._dt)

    @property
    def itemsize(self):
        return self.dtype.itemsize

    @property
    def nbytes(self):
        return self.size * self.itemsize

    @property
    def T(self):
        return self.transpose()

    @property
    def flat(self):
        return iter(self.flatten())

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def tolist(self):
        if self.size == 0:
            return [] if self.ndim == 1 else [[] for _ in range(self.shape[0])]
        raw = self._a.tolist()
        k = self._dt
        if k == "float64" or k == "complex128":
            return raw
        conv = int if k == "int64" else bool  # one conversion per value, no call of our own
        if raw and isinstance(raw[0], list):
            return [[conv(v) for v in row] for row in raw]
        return [conv(v) for v in raw]

    def __iter__(self):
        if self.ndim == 1:
            k = self._dt
            if k == "float64" or k == "complex128":
                yield from self._a.tolist()
                return
            make = _np.int64 if k == "int64" else _np._item
            for v in self._a.tolist():
                yield make(v) if k == "int64" else make(v, k)
        else:
            for i in range(self.shape[0]):
                yield self[i]

    def _shown(self):
        """The values the repr shows: everything, or only the edge items of a summarised array
        (the skipped middle is one placeholder, so the layout code sees a long axis)."""
        if self.size <= _format.options["threshold"]:
            return self.tolist()
        e = _format.options["edgeitems"]

        def cut(n):
            return list(range(n)) if n <= 2 * e else list(range(e)) + [e] + list(range(n - e, n))

        k = self._dt
        a = self._a
        if self.ndim == 1:
            return [_np._scalar(a[i], k) for i in cut(self.shape[0])]
        cols = cut(self.shape[1])
        return [[_np._scalar(a[i, j], k) for j in cols] for i in cut(self.shape[0])]

    def __repr__(self):
        return _format.array_text(self._shown(), _kindname(self._dt), self.size, self.shape, True, self._dt)

    def __str__(self):
        return _format.array_text(self._shown(), _kindname(self._dt), self.size, self.shape, False)

    def __bool__(self):
        if self.size != 1:
            raise ValueError("The truth value of an array with more than one element is ambiguous. "
                             "Use a.any() or a.all()")
        return bool(self.flatten().tolist()[0])

    # No __float__: MicroPython's float operators would call it for `2.5 * array` instead of
    # falling back to ndarray.__rmul__. Use a.item() for a size-1 array.

    def __int__(self):
        if self.size != 1:
            raise TypeError("only length-1 arrays can be converted to Python scalars")
        return int(self.flatten().tolist()[0])

    def item(self, *args):
        flat = self.flatten().tolist()
        if not args:
            if len(flat) != 1:
                raise ValueError("can only convert an array of size 1 to a Python scalar")
            return flat[0]
        if len(args) == 1 and isinstance(args[0], int):
            return flat[int(args[0])]  # a flat index, whatever the shape
        v = self[args if len(args) > 1 else args[0]]
        return v.item() if hasattr(v, "item") and not isinstance(v, ndarray) else v

    # conversion
    def astype(self, dt):
        kind = _np._dtname(dt)
        if kind == self._dt:
            return ndarray(self._a.copy(), kind)
        if kind == "complex128":
            return ndarray(_u.array(self._a, dtype=_u.complex), kind)
        if self._dt == "complex128":
            # numpy warns (ComplexWarning) and keeps the real part; here it is an error, so that
            # no function of this numpy that converts to float drops imaginary parts silently
            raise TypeError("casting a complex array to %s would discard the imaginary parts in the "
                            "sandbox's numpy: use a.real (or abs(a))" % kind)
        if kind == "bool":
            return ndarray(_np._float(self._a, self._dt) != 0, "bool")
        a = _np._float(self._a, self._dt)
        if kind == "int64" and self._dt == "float64":
            # truncate toward zero like numpy
            a = _u.array([[float(int(v)) for v in row] for row in a.tolist()], dtype=_F) if self.ndim == 2 \
                else _u.array([float(int(v)) for v in a.tolist()], dtype=_F)
        else:
            a = a.copy() if a is self._a else a
        return ndarray(a, kind)

    def copy(self):
        return ndarray(self._a.copy(), self._dt, self._shape)

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        shape = _fill_shape(shape, self.size)
        if len(shape) > 2:
            return _nd_module().make(self.flatten() if self.ndim != 1 else self, shape)
        return ndarray(self._a.reshape(shape), self._dt)

    def flatten(self):
        if self.ndim == 1:
            return ndarray(self._a.copy(), self._dt)
        return ndarray(self._a.flatten(), self._dt)

    ravel = flatten

    def transpose(self, *axes):
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        if self.ndim == 1 or axes and tuple(int(x) % self.ndim for x in axes) == tuple(range(self.ndim)):
            return self.copy()
        return ndarray(self._a.transpose(), self._dt)

    # indexing
    def _key(self, key):
        if isinstance(key, ndarray):
            return key
        if isinstance(key, int):
            return int(key)  # also numpy's int64 scalars (ulab takes exact ints only)
        if isinstance(key, list):
            return _np.array(key)
        return key

    def __getitem__(self, key, _int=int, _tuple=tuple, _float=float, _type=type):
        # fast path for loops: a[i] and m[i, j] with plain ints
        t = _type(key)
        if t is _int or t is _tuple and len(key) == 2 and _type(key[0]) is _int and _type(key[1]) is _int:
            r = self._a[key]
            k = self._dt
            if k == "float64" and _type(r) is _float:
                return r
            return _np._wrap(r, k)
        key = self._key(key)
        if isinstance(key, ndarray):
            if key._dt == "bool":
                if key.shape != self.shape:
                    if key.ndim == 1 and self.ndim == 2 and key.shape[0] == self.shape[0]:
                        rows = [i for i, b in enumerate(key.tolist()) if b]
                        return self._take_rows(rows)
                    raise IndexError("boolean index did not match indexed array: shape %s vs %s"
                                     % (key.shape, self.shape))
                if self.ndim == 1:
                    if not _u.any(key._a):
                        return ndarray(_u.zeros(0, dtype=_F), self._dt, (0,))
                    return ndarray(self._a[key._a], self._dt)
                flat = [v for v, b in zip(self.flatten().tolist(), key.flatten().tolist()) if b]
                return _np.array(flat, dtype=self._dt) if flat else ndarray(_u.zeros(0, dtype=_F), self._dt, (0,))
            idx = [int(i) for i in key.flatten().tolist()]
            picked = self._take_rows(idx)
            if key.ndim == 2 and self.ndim == 1:  # the result has the index array's shape
                return picked.reshape(key.shape) if picked.size else picked
            return picked
        if isinstance(key, tuple) and len(key) == 1 and isinstance(key[0], (ndarray, list)):
            return self[key[0]]  # x[np.where(mask)]: one index array per axis of a 1-D array
        if isinstance(key, tuple):
            key = tuple(int(k) if isinstance(k, bool) is False and isinstance(k, int) else k for k in key)
            for k in key:
                if k is None or k is Ellipsis:
                    return _indexing().new_axes(self, key)
            if _b.any(isinstance(k, (list, ndarray)) for k in key):
                return _indexing().fancy(self, key)
        elif key is None or key is Ellipsis:
            return _indexing().new_axes(self, (key,))
        r = self._a[key]
        return _np._wrap(r, self._dt)

    def _take_rows(self, idx):
        n = self.shape[0]
        rows = []
        for i in idx:
            if i < -n or i >= n:
                raise IndexError("index %d is out of bounds for axis 0 with size %d" % (i, n))
            rows.append(self[i if i >= 0 else i + n])
        if self.ndim == 1:
            return _np.array(rows, dtype=self._dt) if rows else ndarray(_u.zeros(0, dtype=_F), self._dt, (0,))
        return _np.array([r.tolist() for r in rows], dtype=self._dt)

    def __setitem__(self, key, value):
        key = self._key(key)
        if key is Ellipsis:  # a[...] = v: every element (ulab ignores an Ellipsis key)
            key = _ALL if self.ndim == 1 else (_ALL, _ALL)
        if isinstance(value, ndarray):
            value = value.astype(self._dt)._a if value._dt != self._dt else value._a
        elif isinstance(value, (list, tuple)):
            value = _np.array(value, dtype=self._dt)._a
        else:
            value = _np._scalar(value, self._dt) if self._dt != "float64" else float(value)
            if self._dt == "int64":
                value = float(value)
        if isinstance(key, ndarray):
            if key._dt == "bool" and key.shape == self.shape:
                if self.ndim == 1:
                    self._a[key._a] = value
                    return
                flat = self._a.flatten()
                flat[key._a.flatten()] = value
                self._a = flat.reshape(self.shape)
                return
            for n, i in enumerate(key.flatten().tolist()):
                self._a[int(i)] = value if not hasattr(value, "shape") else value[n]
            return
        self._a[key] = value

    def __contains__(self, v):
        return v in self.flatten().tolist()

    # arithmetic
    def __add__(self, o):
        return _np._binop(self, o, "add")

    def __radd__(self, o):
        return _np._binop(o, self, "add")

    def __sub__(self, o):
        return _np._binop(self, o, "sub")

    def __rsub__(self, o):
        return _np._binop(o, self, "sub")

    def __mul__(self, o):
        return _np._binop(self, o, "mul")

    def __rmul__(self, o):
        return _np._binop(o, self, "mul")

    def __truediv__(self, o):
        return _np._binop(self, o, "truediv")

    def __rtruediv__(self, o):
        return _np._binop(o, self, "truediv")

    def __floordiv__(self, o):
        return _np._binop(self, o, "floordiv")

    def __rfloordiv__(self, o):
        return _np._binop(o, self, "floordiv")

    def __mod__(self, o):
        return _np._binop(self, o, "mod")

    def __rmod__(self, o):
        return _np._binop(o, self, "mod")

    def __pow__(self, o):
        return _np._binop(self, o, "pow")

    def __rpow__(self, o):
        return _np._binop(o, self, "pow")

    def __matmul__(self, o):
        return _np.dot(self, o)

    def __rmatmul__(self, o):
        return _np.dot(o, self)

    def __neg__(self):
        if self._dt == "bool":
            raise TypeError("The numpy boolean negative, the `-` operator, is not supported, use `~` instead")
        return ndarray(-self._a, self._dt)

    def __pos__(self):
        return self.copy()

    def __abs__(self):
        return _np._wrap(_b.abs(_np._float(self._a, self._dt)), "int64" if self._dt == "bool" else self._dt)

    def __invert__(self):
        if self._dt != "bool":
            raise _missing("bitwise NOT (~) on integer arrays")
        return ndarray(_np._float(self._a, "bool") == 0, "bool")

    def __and__(self, o):
        return _np._logic(self, o, "and")

    __rand__ = __and__

    def __or__(self, o):
        return _np._logic(self, o, "or")

    __ror__ = __or__

    def __xor__(self, o):
        return _np._logic(self, o, "xor")

    def __lt__(self, o):
        return _np._cmp(self, o, "lt")

    def __le__(self, o):
        return _np._cmp(self, o, "le")

    def __gt__(self, o):
        return _np._cmp(self, o, "gt")

    def __ge__(self, o):
        return _np._cmp(self, o, "ge")

    def __eq__(self, o):
        return _np._cmp(self, o, "eq")

    def __ne__(self, o):
        return _np._cmp(self, o, "ne")

    __hash__ = None

    # reductions and friends
    def sum(self, axis=None):
        return _np.sum_(self, axis)

    def mean(self, axis=None):
        return _np.mean(self, axis)

    def std(self, axis=None, ddof=0):
        return _np.std(self, axis, ddof=ddof)

    def var(self, axis=None, ddof=0):
        return _np.var(self, axis, ddof=ddof)

    def min(self, axis=None):
        return _np.amin(self, axis)

    def max(self, axis=None):
        return _np.amax(self, axis)

    def argmin(self, axis=None):
        return _np.argmin(self, axis)

    def argmax(self, axis=None):
        return _np.argmax(self, axis)

    def cumsum(self, axis=None):
        return _np.cumsum(self, axis)

    def prod(self, axis=None):
        return _np.prod(self, axis)

    def any(self, axis=None):
        return _np.any_(self, axis)

    def all(self, axis=None):
        return _np.all_(self, axis)

    def round(self, decimals=0):
        return _np.around(self, decimals)

    def clip(self, a_min=None, a_max=None):
        return _np.clip(self, a_min, a_max)

    def sort(self, axis=-1):
        s = _np.sort(self, axis)
        self._a = s._a

    def partition(self, kth, axis=-1):
        self.sort(axis)

    def argpartition(self, kth, axis=-1):
        return _np.argpartition(self, kth, axis)

    def argsort(self, axis=-1):
        return _np.argsort(self, axis)

    def dot(self, o):
        return _np.dot(self, o)

    def nonzero(self):
        return _np.nonzero(self)

    def cumprod(self, axis=None):
        return _np._lesson_module().cumprod(self, axis)

    def repeat(self, repeats, axis=None):
        return _np._lesson_module().repeat(self, repeats, axis)

    def take(self, indices, axis=None):
        return _np._lesson_module().take(self, indices, axis)

    def diagonal(self, offset=0):
        return _np._lesson_module().diagonal(self, offset)

    def conjugate(self):
        if self._dt == "complex128":
            return ndarray(_u.conjugate(self._a), self._dt)
        return self.copy()

    conj = conjugate

    @property
    def real(self):
        return ndarray(_u.real(self._a), "float64") if self._dt == "complex128" else self

    @property
    def imag(self):
        return ndarray(_u.imag(self._a), "float64") if self._dt == "complex128" else _np.zeros_like(self)

    def fill(self, value):
        self[:] = value

    def ptp(self, axis=None):
        return _np._lesson_module().ptp(self, axis)

    def trace(self):
        return _np.trace(self)

    def squeeze(self):
        return _np._lesson_module().squeeze(self)


def _kindname(dt):
    return {"int64": "int", "float64": "float", "bool": "bool", "complex128": "complex"}[dt]


def _fill_shape(shape, size):
    shape = tuple(int(s) for s in shape)
    if -1 in shape:
        known = 1
        for s in shape:
            if s != -1:
                known *= s
        shape = tuple(size // known if s == -1 else s for s in shape)
    n = 1
    for s in shape:
        n *= s
    if n != size:
        raise ValueError("cannot reshape array of size %d into shape %s" % (size, shape))
    return shape


def _arr(x):
    return x if isinstance(x, ndarray) else _np.array(x)
