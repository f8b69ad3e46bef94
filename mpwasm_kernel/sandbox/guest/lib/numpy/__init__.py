"""numpy for the sandbox: a wrapper over ``ulab.numpy`` with numpy's reprs, dtypes and API names.

Runs inside MicroPython with ulab (the default build). Arrays have at most 2 dimensions (ulab's
build). Integer arrays are stored as float64 in ulab (exact up to 2**53) and shown as int64,
so sums do not overflow ulab's int16. Scalars from indexing and reductions are Python
int/float/bool (numpy 2 would show ``np.float64(2.5)``; ``print`` gives the same text).
"""

try:
    from ulab import numpy as _u
except ImportError:
    raise ImportError("numpy is not available in this interpreter: it was started without ulab "
                      "(variant 'micropython'); the default build, variant 'ulab', has numpy.") from None

import builtins as _b
import math as _math

from numpy import _format

__version__ = "2.0.0+ulab"
pi = _math.pi
e = _math.e
inf = float("inf")
nan = float("nan")
newaxis = None


class _Index:
    def __getitem__(self, key):
        return key


_ALL = _Index()[:]  # a full slice (MicroPython cannot call slice())
_F = _u.float


def _missing(what):
    return NotImplementedError("numpy.%s is not available in the sandbox's numpy (ulab-based); "
                               "see docs/plotting.md for what is supported" % what)


# --- dtypes ----------------------------------------------------------------------------------

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
        return {"int64": "i", "float64": "f", "bool": "b"}[self.name]

    @property
    def itemsize(self):
        return 1 if self.name == "bool" else 8

    @property
    def type(self):
        return {"int64": int64, "float64": float64, "bool": bool_}[self.name]


class float64:
    """numpy.float64: calling it gives a Python float."""

    def __new__(cls, x=0.0):
        return float(x)


class int64:
    """numpy.int64: calling it gives a Python int."""

    def __new__(cls, x=0):
        return int(x)


class bool_:
    def __new__(cls, x=False):
        return bool(x)


float32 = float16 = double = float_ = float64
int32 = int16 = int8 = uint8 = uint16 = uint32 = int_ = intp = int64
integer = int64
floating = float64
number = float64

_NAMES = {"float64": "float64", "float32": "float64", "float16": "float64", "float": "float64",
          "f8": "float64", "f4": "float64", "f": "float64", "d": "float64", "double": "float64",
          "int64": "int64", "int32": "int64", "int16": "int64", "int8": "int64", "uint8": "int64",
          "uint16": "int64", "uint32": "int64", "int": "int64", "i8": "int64", "i4": "int64", "i": "int64",
          "bool": "bool", "bool_": "bool", "?": "bool"}


def _dtname(spec):
    if spec is None:
        return None
    if isinstance(spec, dtype):
        return spec.name
    if spec is float or spec is float64:
        return "float64"
    if spec is int or spec is int64:
        return "int64"
    if spec is bool or spec is bool_:
        return "bool"
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
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            if kind == "bool":
                kind = "int64"
        elif isinstance(v, float):
            return "float64"
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
        if len(shape) > 2:
            raise NotImplementedError("the sandbox's numpy (ulab) supports arrays of at most 2 dimensions, "
                                      "got shape %s" % (shape,))
        return items, shape
    if hasattr(obj, "tolist") and hasattr(obj, "shape"):
        return _nested(obj.tolist(), depth)
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
            return None
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
    return float(v)


def array(obj, dtype=None, copy=True, ndmin=0):
    """An ndarray from (nested) lists, tuples, ranges, scalars or arrays."""
    want = _dtname(dtype)
    if isinstance(obj, ndarray):
        if want is None or want == obj._dt:
            return ndarray(obj._a.copy() if copy else obj._a, obj._dt)
        return obj.astype(want)
    if isinstance(obj, range) and want in (None, "int64", "float64"):
        return arange(obj.start, obj.stop, obj.step, dtype=want)
    if isinstance(obj, (list, tuple)) and obj and want != "bool":
        kind = _flat_kind(obj)
        if kind is not None:  # the common flat case: one pass, converted by ulab
            if want == "int64" and kind == "float64":
                return ndarray(_u.array([float(int(v)) for v in obj], dtype=_F), "int64")
            if kind == "bool" and want is None:
                return ndarray(_u.array(list(obj), dtype=_u.bool), "bool")
            return ndarray(_u.array(list(obj), dtype=_F), want or ("int64" if kind == "bool" else kind))
    nested, shape = _nested(obj)
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
    if isinstance(x, int):
        return float(x), "int64"
    if isinstance(x, float):
        return x, "float64"
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
    if isinstance(res, (int, float, bool)):
        return _scalar(res, kind)
    return ndarray(res, kind)


def _result_kind(k1, k2, op):
    if op in ("truediv",):
        return "float64"
    if k1 == "float64" or k2 == "float64":
        return "float64"
    return "int64"


def _binop(x, y, op):
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
    return _wrap(r, kind)


def _cmp(x, y, op):
    a, ka = _as(x)
    b, kb = _as(y)
    a = _float(a, ka)
    b = _float(b, kb)
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


# --- ndarray -----------------------------------------------------------------------------------

class ndarray:
    """An n-dimensional (here: 1-D or 2-D) array of int64, float64 or bool."""

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
        return dtype(self._dt)

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
        return iter(self.flatten().tolist())

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def tolist(self):
        if self.size == 0:
            return [] if self.ndim == 1 else [[] for _ in range(self.shape[0])]
        raw = self._a.tolist()
        k = self._dt
        if raw and isinstance(raw[0], list):
            return [[_scalar(v, k) for v in row] for row in raw]
        return [_scalar(v, k) for v in raw]

    def __iter__(self):
        if self.ndim == 1:
            yield from self.tolist()
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
            return [_scalar(a[i], k) for i in cut(self.shape[0])]
        cols = cut(self.shape[1])
        return [[_scalar(a[i, j], k) for j in cols] for i in cut(self.shape[0])]

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
        return self[args if len(args) > 1 else args[0]]

    # conversion
    def astype(self, dt):
        kind = _dtname(dt)
        if kind == self._dt:
            return ndarray(self._a.copy(), kind)
        if kind == "bool":
            return ndarray(_float(self._a, self._dt) != 0, "bool")
        a = _float(self._a, self._dt)
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
            raise NotImplementedError("the sandbox's numpy (ulab) supports arrays of at most 2 dimensions")
        return ndarray(self._a.reshape(shape), self._dt)

    def flatten(self):
        if self.ndim == 1:
            return ndarray(self._a.copy(), self._dt)
        return ndarray(self._a.flatten(), self._dt)

    ravel = flatten

    def transpose(self, *axes):
        if self.ndim == 1:
            return self.copy()
        return ndarray(self._a.transpose(), self._dt)

    # indexing
    def _key(self, key):
        if isinstance(key, ndarray):
            return key
        if isinstance(key, list):
            return array(key)
        return key

    def __getitem__(self, key):
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
                return array(flat, dtype=self._dt) if flat else ndarray(_u.zeros(0, dtype=_F), self._dt, (0,))
            idx = [int(i) for i in key.flatten().tolist()]
            return self._take_rows(idx)
        if isinstance(key, tuple):
            key = tuple(int(k) if isinstance(k, bool) is False and isinstance(k, int) else k for k in key)
            for k in key:
                if k is None or k is Ellipsis:
                    return self._new_axes(key)
            if _b.any(isinstance(k, (list, ndarray)) for k in key):
                return self._fancy(key)
        elif key is None or key is Ellipsis:
            return self._new_axes((key,))
        r = self._a[key]
        return _wrap(r, self._dt)

    def _new_axes(self, key):
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
            res = array([res], dtype=self._dt)
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
            raise NotImplementedError("the sandbox's numpy (ulab) supports arrays of at most 2 dimensions: "
                                      "this index would make shape %s" % (tuple(shape),))
        return res.reshape(tuple(shape)) if shape else res

    def _fancy(self, key):
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
            ri, ci = idx(r, self.shape[0]), idx(c, self.shape[1])
            if len(ri) == 1:
                ri = ri * len(ci)
            if len(ci) == 1:
                ci = ci * len(ri)
            if len(ri) != len(ci):
                raise IndexError("shape mismatch: indexing arrays could not be broadcast together with "
                                 "shapes (%d,) (%d,)" % (len(ri), len(ci)))
            vals = [rows[i][j] for i, j in zip(ri, ci)]
            return array(vals, dtype=self._dt) if vals else ndarray(_u.zeros(0, dtype=_F), self._dt, (0,))
        if isinstance(r, (list, ndarray)):
            picked = self._take_rows(idx(r, self.shape[0]))
            return picked[:, c] if picked.size else picked
        part = self[r, :]
        ci = idx(c, self.shape[1])
        if part.ndim == 1:
            return part._take_rows(ci)
        return array([[row[j] for j in ci] for row in part.tolist()], dtype=self._dt)

    def _take_rows(self, idx):
        n = self.shape[0]
        rows = []
        for i in idx:
            if i < -n or i >= n:
                raise IndexError("index %d is out of bounds for axis 0 with size %d" % (i, n))
            rows.append(self[i if i >= 0 else i + n])
        if self.ndim == 1:
            return array(rows, dtype=self._dt) if rows else ndarray(_u.zeros(0, dtype=_F), self._dt, (0,))
        return array([r.tolist() for r in rows], dtype=self._dt)

    def __setitem__(self, key, value):
        key = self._key(key)
        if isinstance(value, ndarray):
            value = value.astype(self._dt)._a if value._dt != self._dt else value._a
        elif isinstance(value, (list, tuple)):
            value = array(value, dtype=self._dt)._a
        else:
            value = _scalar(value, self._dt) if self._dt != "float64" else float(value)
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
        return _binop(self, o, "add")

    def __radd__(self, o):
        return _binop(o, self, "add")

    def __sub__(self, o):
        return _binop(self, o, "sub")

    def __rsub__(self, o):
        return _binop(o, self, "sub")

    def __mul__(self, o):
        return _binop(self, o, "mul")

    def __rmul__(self, o):
        return _binop(o, self, "mul")

    def __truediv__(self, o):
        return _binop(self, o, "truediv")

    def __rtruediv__(self, o):
        return _binop(o, self, "truediv")

    def __floordiv__(self, o):
        return _binop(self, o, "floordiv")

    def __rfloordiv__(self, o):
        return _binop(o, self, "floordiv")

    def __mod__(self, o):
        return _binop(self, o, "mod")

    def __rmod__(self, o):
        return _binop(o, self, "mod")

    def __pow__(self, o):
        return _binop(self, o, "pow")

    def __rpow__(self, o):
        return _binop(o, self, "pow")

    def __matmul__(self, o):
        return dot(self, o)

    def __rmatmul__(self, o):
        return dot(o, self)

    def __neg__(self):
        if self._dt == "bool":
            raise TypeError("The numpy boolean negative, the `-` operator, is not supported, use `~` instead")
        return ndarray(-self._a, self._dt)

    def __pos__(self):
        return self.copy()

    def __abs__(self):
        return ndarray(_b.abs(_float(self._a, self._dt)), "int64" if self._dt == "bool" else self._dt)

    def __invert__(self):
        if self._dt != "bool":
            raise _missing("bitwise NOT (~) on integer arrays")
        return ndarray(_float(self._a, "bool") == 0, "bool")

    def __and__(self, o):
        return _logic(self, o, "and")

    __rand__ = __and__

    def __or__(self, o):
        return _logic(self, o, "or")

    __ror__ = __or__

    def __xor__(self, o):
        return _logic(self, o, "xor")

    def __lt__(self, o):
        return _cmp(self, o, "lt")

    def __le__(self, o):
        return _cmp(self, o, "le")

    def __gt__(self, o):
        return _cmp(self, o, "gt")

    def __ge__(self, o):
        return _cmp(self, o, "ge")

    def __eq__(self, o):
        return _cmp(self, o, "eq")

    def __ne__(self, o):
        return _cmp(self, o, "ne")

    __hash__ = None

    # reductions and friends
    def sum(self, axis=None):
        return sum_(self, axis)

    def mean(self, axis=None):
        return mean(self, axis)

    def std(self, axis=None, ddof=0):
        return std(self, axis, ddof=ddof)

    def var(self, axis=None, ddof=0):
        return var(self, axis, ddof=ddof)

    def min(self, axis=None):
        return amin(self, axis)

    def max(self, axis=None):
        return amax(self, axis)

    def argmin(self, axis=None):
        return argmin(self, axis)

    def argmax(self, axis=None):
        return argmax(self, axis)

    def cumsum(self, axis=None):
        return cumsum(self, axis)

    def prod(self, axis=None):
        return prod(self, axis)

    def any(self, axis=None):
        return any_(self, axis)

    def all(self, axis=None):
        return all_(self, axis)

    def round(self, decimals=0):
        return around(self, decimals)

    def clip(self, a_min=None, a_max=None):
        return clip(self, a_min, a_max)

    def sort(self, axis=-1):
        s = sort(self, axis)
        self._a = s._a

    def argsort(self, axis=-1):
        return argsort(self, axis)

    def dot(self, o):
        return dot(self, o)

    def nonzero(self):
        return nonzero(self)

    def cumprod(self, axis=None):
        return _lesson_module().cumprod(self, axis)

    def repeat(self, repeats, axis=None):
        return _lesson_module().repeat(self, repeats, axis)

    def take(self, indices, axis=None):
        return _lesson_module().take(self, indices, axis)

    def diagonal(self, offset=0):
        return _lesson_module().diagonal(self, offset)

    def conjugate(self):
        return self.copy()

    conj = conjugate

    @property
    def real(self):
        return self

    @property
    def imag(self):
        return zeros_like(self)

    def fill(self, value):
        self[:] = value

    def ptp(self, axis=None):
        return _lesson_module().ptp(self, axis)

    def trace(self):
        return trace(self)

    def squeeze(self):
        return _lesson_module().squeeze(self)


def _kindname(dt):
    return {"int64": "int", "float64": "float", "bool": "bool"}[dt]


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
    return x if isinstance(x, ndarray) else array(x)


# --- creation ------------------------------------------------------------------------------------

def _shape_arg(shape):
    if isinstance(shape, int):
        return (shape,)
    shape = tuple(int(s) for s in shape)
    if len(shape) > 2:
        raise NotImplementedError("the sandbox's numpy (ulab) supports arrays of at most 2 dimensions")
    return shape


def full(shape, fill_value, dtype=None):
    shape = _shape_arg(shape)
    kind = _dtname(dtype) or _kind_of([fill_value])
    if 0 in shape:
        return ndarray(_u.zeros(0, dtype=_F), kind, shape)
    a = _u.full(shape if len(shape) > 1 else shape[0], float(fill_value), dtype=_F if kind != "bool" else _u.bool)
    return ndarray(a, kind)


def zeros(shape, dtype=float):
    return full(shape, 0, _dtname(dtype))


def ones(shape, dtype=float):
    return full(shape, 1, _dtname(dtype))


empty = zeros


def zeros_like(a, dtype=None):
    a = _arr(a)
    return zeros(a.shape, dtype or a._dt)


def ones_like(a, dtype=None):
    a = _arr(a)
    return ones(a.shape, dtype or a._dt)


def full_like(a, fill_value, dtype=None):
    a = _arr(a)
    return full(a.shape, fill_value, dtype or a._dt)


empty_like = zeros_like


def eye(N, M=None, k=0, dtype=float):
    M = N if M is None else M
    rows = [[1.0 if j - i == k else 0.0 for j in range(M)] for i in range(N)]
    return array(rows, dtype=dtype)


def identity(n, dtype=float):
    return eye(n, dtype=dtype)


def arange(start, stop=None, step=1, dtype=None):
    """Evenly spaced values in [start, stop); integers give an int64 array."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise ZeroDivisionError("division by zero")
    n = int(_math.ceil((stop - start) / step))
    n = _b.max(n, 0)
    kind = _dtname(dtype) or ("int64" if _b.all(isinstance(v, int) for v in (start, stop, step)) else "float64")
    if n == 0:
        return ndarray(_u.zeros(0, dtype=_F), kind, (0,))
    # numpy fills start + i * delta with delta = (start + step) - start (its dtype "fill" from the
    # first two values), which differs from step in the last bits; computed by ulab (a Python
    # list of a million numbers takes seconds)
    delta = (float(start) + float(step)) - float(start)
    a = _u.arange(n, dtype=_F)
    if delta != 1:
        a = a * delta
    if start != 0:
        a = a + float(start)
    if kind == "int64" and isinstance(start, int) and isinstance(step, int):
        return ndarray(a, "int64")  # already whole numbers
    res = ndarray(a, "float64")
    return res if kind == "float64" else res.astype(kind)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None):
    num = int(num)
    if num < 0:
        raise ValueError("Number of samples, %d, must be non-negative." % num)
    div = (num - 1) if endpoint else num
    step = (stop - start) / div if div > 0 else float("nan")
    if num == 0:
        a = ndarray(_u.zeros(0, dtype=_F), "float64", (0,))
    elif div > 0:
        # numpy's formula: arange(num) * step + start, last value exactly stop
        raw = _u.arange(num, dtype=_F) * step + float(start)
        if endpoint and num > 1:
            raw[num - 1] = float(stop)
        a = ndarray(raw, "float64")
    else:
        a = full(num, float(start), "float64")
    if dtype is not None and _dtname(dtype) != "float64":
        a = a.astype(dtype)
    return (a, step) if retstep else a


def logspace(start, stop, num=50, endpoint=True, base=10.0):
    return array([base ** v for v in linspace(start, stop, num, endpoint).tolist()])


def meshgrid(x, y):
    xs = _arr(x).tolist()
    ys = _arr(y).tolist()
    return array([xs for _ in ys]), array([[v] * len(xs) for v in ys])


# --- reductions ----------------------------------------------------------------------------------

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


def sum_(a, axis=None, dtype=None):
    a = _arr(a)
    kind = _dtname(dtype) or ("float64" if a._dt == "float64" else "int64")
    if kind == "float64" and a.size:
        return _fsum_axis(a.astype(float) if a._dt != "float64" else a, _axis(a, axis))
    return _reduce("sum", a, axis, kind)


def mean(a, axis=None):
    a = _arr(a)
    if not a.size:
        return nan
    ax = _axis(a, axis)
    s = _fsum_axis(a.astype(float) if a._dt != "float64" else a, ax)
    n = a.size if ax is None else a.shape[ax]
    return s / n


def std(a, axis=None, ddof=0):
    v = var(a, axis, ddof)
    return sqrt(v)


def var(a, axis=None, ddof=0):
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
    return _reduce("min", a, axis, None)


def amax(a, axis=None):
    return _reduce("max", a, axis, None)


def argmin(a, axis=None):
    return _reduce("argmin", a, axis, "int64")


def argmax(a, axis=None):
    return _reduce("argmax", a, axis, "int64")


def median(a, axis=None):
    return _reduce("median", a, axis, "float64")


def prod(a, axis=None):
    a = _arr(a)
    if axis is None:
        p = 1
        for v in a.flatten().tolist():
            p *= v
        return _scalar(p, "float64" if a._dt == "float64" else "int64")
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
    if axis is None:
        return _b.any(a.flatten().tolist())
    return _apply_rows(a, axis, lambda r: _b.any(r))


def all_(a, axis=None):
    a = _arr(a)
    if axis is None:
        return _b.all(a.flatten().tolist())
    return _apply_rows(a, axis, lambda r: _b.all(r))


def count_nonzero(a, axis=None):
    a = _arr(a)
    if axis is None:
        return _b.sum(1 for v in a.flatten().tolist() if v)
    return _apply_rows(a, axis, lambda r: _b.sum(1 for v in r if v))


def percentile(a, q, axis=None):
    vals = sort(_arr(a).flatten()).tolist()
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


# --- sorting, searching, shape ops -----------------------------------------------------------------

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


def transpose(a):
    return _arr(a).transpose()


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
    if axis == 0:
        return array([_arr(a).tolist() for a in arrays])
    return column_stack(arrays)


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
        return _scalar(_b.sum(x * y for x, y in zip(a.tolist(), b.tolist())), kind)
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
    return _b.sum(a.tolist()[i][i] for i in range(_b.min(a.shape)))


# --- element-wise functions ------------------------------------------------------------------------

def _ufunc(name, ulab_name=None, kind_keep=False):
    fn = getattr(_u, ulab_name or name)
    mfn = getattr(_math, ulab_name or name, None)

    def call(x, out=None):
        if isinstance(x, (int, float)) and mfn is not None:
            return mfn(x)
        a = _arr(x)
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
    return ndarray(_u.around(a._a, decimals=decimals), "float64")


round_ = around


def clip(a, a_min, a_max):
    a = _arr(a)
    lo = -inf if a_min is None else a_min
    hi = inf if a_max is None else a_max
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


# --- text files ----------------------------------------------------------------------------------

def _read_table(fname, delimiter, skip, usecols, comments, missing):
    if hasattr(fname, "read"):
        text = fname.read()
    else:
        with open(fname) as f:
            text = f.read()
    rows = []
    lines = text.split("\n")
    for n, line in enumerate(lines[skip:]):
        if comments and comments in line:
            line = line[:line.index(comments)]
        line = line.strip()
        if not line:
            continue
        fields = line.split(delimiter) if delimiter not in (None, " ") else line.split()
        if usecols is not None:
            cols = [usecols] if isinstance(usecols, int) else list(usecols)
            fields = [fields[c] for c in cols]
        row = []
        for fld in fields:
            fld = fld.strip()
            try:
                row.append(float(fld))
            except ValueError:
                if missing is None:
                    raise ValueError("could not convert string %r to float64 at row %d, column %d"
                                     % (fld, n + skip, len(row) + 1)) from None
                row.append(missing)
        if rows and len(row) != len(rows[0]):
            if missing is None:
                raise ValueError("the number of columns changed from %d to %d at row %d; use usecols"
                                 % (len(rows[0]), len(row), n + skip + 1))
            row = (row + [missing] * len(rows[0]))[:len(rows[0])]
        rows.append(row)
    return rows


def _table_array(rows, dtype, unpack, ndmin):
    if not rows:
        return ndarray(_u.zeros(0, dtype=_F), "float64", (0,))
    if len(rows[0]) == 1 and ndmin < 2:
        a = array([r[0] for r in rows], dtype=dtype)
    elif len(rows) == 1 and ndmin < 2:
        a = array(rows[0], dtype=dtype)
    else:
        a = array(rows, dtype=dtype)
    return a.transpose() if unpack and a.ndim == 2 else a


def loadtxt(fname, dtype=float, comments="#", delimiter=None, skiprows=0, usecols=None, unpack=False,
            ndmin=0, encoding=None, max_rows=None):
    """Numbers from a text/CSV file in the sandbox file system (one row per line)."""
    rows = _read_table(fname, delimiter, skiprows, usecols, comments, None)
    if max_rows is not None:
        rows = rows[:max_rows]
    return _table_array(rows, dtype, unpack, ndmin)


def genfromtxt(fname, dtype=float, comments="#", delimiter=None, skip_header=0, usecols=None, names=None,
               filling_values=None, unpack=False, encoding=None):
    """Like loadtxt; fields that are not numbers become nan (or ``filling_values``)."""
    if names:
        raise _missing("genfromtxt(names=True) (structured arrays); use skip_header=1 and column indexes")
    fill = nan if filling_values is None else float(filling_values)
    rows = _read_table(fname, delimiter, skip_header, usecols, comments, fill)
    return _table_array(rows, dtype, unpack, 0)


def savetxt(fname, X, fmt="%.18e", delimiter=" ", newline="\n", header="", comments="# "):
    a = _arr(X)
    rows = a.tolist() if a.ndim == 2 else [[v] for v in a.tolist()]
    with open(fname, "w") as f:
        if header:
            f.write(comments + header + newline)
        for row in rows:
            f.write(delimiter.join(fmt % v for v in row) + newline)


# --- printing options ---------------------------------------------------------------------------

def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None, **kwargs):
    for key, val in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                     ("linewidth", linewidth), ("suppress", suppress)):
        if val is not None:
            _format.options[key] = val


def get_printoptions():
    return dict(_format.options)


def array2string(a, separator=" "):
    return str(_arr(a))


# --- sub-namespaces --------------------------------------------------------------------------------

class _Linalg:
    """numpy.linalg: inv, det, norm, solve (via ulab), eigvals and eig (symmetric, and 2x2)."""

    def inv(self, a):
        return ndarray(_u.linalg.inv(_arr(a).astype(float)._a), "float64")

    def det(self, a):
        return float(_u.linalg.det(_arr(a).astype(float)._a))

    def norm(self, a, axis=None):
        a = _arr(a).astype(float)
        if axis is None:
            return _math.sqrt(float(sum_(a * a)))
        return sqrt(sum_(a * a, axis=axis))

    def solve(self, a, b):
        return dot(self.inv(a), b)

    def eigvals(self, a):
        return _lesson_module().eigvals(a)

    def eig(self, a):
        return _lesson_module().eig(a)

    def __getattr__(self, name):
        raise _missing("linalg." + name)


linalg = _Linalg()


def _load_random():
    import sys

    if "numpy.random" not in sys.modules:
        __import__("numpy.random")
    return sys.modules["numpy.random"]


def _lesson_module():
    import sys

    if "numpy._lessons" not in sys.modules:
        __import__("numpy._lessons")
    return sys.modules["numpy._lessons"]


_LESSON_NAMES = ("diag", "diagonal", "mgrid", "ogrid", "take", "choose", "cumprod", "repeat", "tile", "copy",
                 "vectorize", "real", "imag", "angle", "conjugate", "conj", "logical_not", "logical_and",
                 "logical_or", "logical_xor", "fliplr", "flipud", "tril", "triu", "cbrt", "exp2", "expm1",
                 "log1p", "hypot", "fabs", "rint", "trunc", "fix", "nanmean", "nansum", "nanmax", "nanmin",
                 "ptp", "average", "cross", "searchsorted", "bincount", "roll", "append", "insert", "delete",
                 "atleast_1d", "squeeze", "expand_dims", "array_split", "split")


def __getattr__(name):
    if name == "random":
        return _load_random()
    if name in _LESSON_NAMES:  # numpy/_lessons.py, compiled on first use
        return getattr(_lesson_module(), name)
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError("module 'numpy' has no attribute '%s' (the sandbox's numpy wraps ulab and "
                         "provides a teaching subset, see docs/plotting.md)" % name)


sum = sum_  # noqa: A001 - numpy's names shadow the builtins inside this module on purpose
min = amin  # noqa: A001
max = amax  # noqa: A001
round = around  # noqa: A001
any = any_  # noqa: A001
all = all_  # noqa: A001
