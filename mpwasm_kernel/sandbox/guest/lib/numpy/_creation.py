"""Array creation: ``zeros``, ``ones``, ``full``, ``eye``, ``arange`` (numpy's values to the
last bit), ``linspace``, ``logspace``, ``meshgrid``.
"""

import builtins as _b
import math as _math

from numpy._base import _F, _u
from numpy._convert import _dtname, _kind_of, array
from numpy._ndarray import _arr, ndarray


def _shape_arg(shape):
    if isinstance(shape, int):
        return (int(shape),)
    return tuple(int(s) for s in shape)


def full(shape, fill_value, dtype=None):
    shape = _shape_arg(shape)
    kind = _dtname(dtype) or _kind_of([fill_value])
    if 0 in shape:
        return ndarray(_u.zeros(0, dtype=_F), kind, shape)
    if len(shape) > 2:
        n = 1
        for k in shape:
            n *= k
        return full(n, fill_value, kind).reshape(shape)
    if kind == "complex128":
        a = _u.full(shape if len(shape) > 1 else shape[0], 0.0, dtype=_F)
        return ndarray(_u.array(a, dtype=_u.complex) + complex(fill_value), kind)
    dims = shape if len(shape) > 1 else shape[0]
    dt = _F if kind != "bool" else _u.bool
    if type(fill_value) is int and fill_value == 0:  # zeros(): ulab's zeros, without full's per-item loop
        return ndarray(_u.zeros(dims, dtype=dt), kind)
    return ndarray(_u.full(dims, float(fill_value), dtype=dt), kind)


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
