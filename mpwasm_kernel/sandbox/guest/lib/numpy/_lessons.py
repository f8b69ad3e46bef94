"""numpy names a first lesson uses beyond the core module, loaded on first use.

``numpy.__getattr__`` imports this module the first time one of `NAMES` is looked up, so
``import numpy`` does not pay for it. ``mgrid`` with two slices gives a 3-D array
(numpy/_ndim.py). Complex arrays are not supported: the
complex-part functions take real arrays and Python complex scalars.
"""

import cmath
import math

import numpy as _np

NAMES = ("diag", "diagonal", "mgrid", "ogrid", "take", "choose", "cumprod", "repeat", "tile", "copy",
         "vectorize", "real", "imag", "angle", "conjugate", "conj", "logical_not", "logical_and",
         "logical_or", "logical_xor", "fliplr", "flipud", "tril", "triu", "cbrt", "exp2", "expm1",
         "log1p", "hypot", "fabs", "rint", "trunc", "fix", "nanmean", "nansum", "nanmax", "nanmin",
         "ptp", "average", "cross", "searchsorted", "bincount", "roll", "append", "insert", "delete",
         "atleast_1d", "squeeze", "expand_dims", "array_split", "split", "vsplit", "hsplit", "logaddexp")


def _arr(x):
    return x if isinstance(x, _np.ndarray) else _np.array(x)


def _kind(values, fallback):
    """The dtype of a flat list of Python results (fallback for an empty list)."""
    if not values:
        return fallback
    if all(isinstance(v, bool) for v in values):
        return "bool"
    if all(isinstance(v, int) for v in values):
        return "int64"
    return "float64"


def _same_shape(a, values, kind):
    """An array of ``a``'s shape from a flat list of values."""
    if a.size == 0:
        return _np.ndarray(_np._u.zeros(0, dtype=_np._F), kind, a.shape)
    res = _np.array(values, dtype=kind)
    return res.reshape(a.shape) if a.ndim == 2 else res


# --- building and rearranging --------------------------------------------------------------------

def diag(v, k=0):
    """The k-th diagonal of a 2-D array, or a square array with ``v`` on its k-th diagonal."""
    a = _arr(v)
    k = int(k)
    if a.ndim == 1:
        n = a.size + abs(k)
        vals = a.tolist()
        rows = [[0] * n for _ in range(n)]
        for i, x in enumerate(vals):
            if k >= 0:
                rows[i][i + k] = x
            else:
                rows[i - k][i] = x
        return _np.array(rows, dtype=a._dt)
    if a.ndim != 2:
        raise ValueError("Input must be 1- or 2-d.")
    rows = a.tolist()
    r, c = a.shape
    out = [rows[i][i + k] for i in range(r) if 0 <= i + k < c] if k >= 0 else \
        [rows[i - k][i] for i in range(c) if 0 <= i - k < r]
    return _np.array(out, dtype=a._dt) if out else _np.ndarray(_np._u.zeros(0, dtype=_np._F), a._dt, (0,))


def diagonal(a, offset=0):
    return diag(_arr(a), offset) if _arr(a).ndim == 2 else _bad_diagonal()


def _bad_diagonal():
    raise ValueError("diag requires an array of at least two dimensions")


def _grid_axis(s):
    if not isinstance(s, slice):
        raise TypeError("mgrid/ogrid take slices, e.g. np.mgrid[0:5, 0:3]")
    start = 0 if s.start is None else s.start
    step = 1 if s.step is None else s.step
    if isinstance(step, complex):
        return _np.linspace(start, s.stop, int(abs(step)))
    return _np.arange(start, s.stop, step)


class _Grid:
    def __init__(self, sparse):
        self.sparse = sparse

    def __getitem__(self, key):
        if not isinstance(key, tuple):
            return _grid_axis(key)
        axes = [_grid_axis(s) for s in key]
        if len(axes) != 2:
            raise NotImplementedError("the sandbox's numpy makes grids of one or two axes")
        x, y = axes
        if self.sparse:
            return x.reshape(-1, 1), y.reshape(1, -1)
        xs, ys = x.tolist(), y.tolist()
        kind = "float64" if "float64" in (x._dt, y._dt) else "int64"
        return _np.array([[[v] * len(ys) for v in xs], [ys for _ in xs]], dtype=kind)


mgrid = _Grid(False)
ogrid = _Grid(True)


def take(a, indices, axis=None):
    a = _arr(a)
    if axis is None:
        a = a.flatten()
        axis = 0
    if isinstance(indices, int):
        return a[indices] if axis == 0 else a[:, indices]
    idx = _arr(indices).tolist()
    if _np._axis(a, axis) == 0:
        return a[_np.array(idx, dtype="int64")]
    return _np.transpose(_np.transpose(a)[_np.array(idx, dtype="int64")])


def choose(a, choices):
    a = _arr(a)
    _np._two_d(a, "choose")
    opts = [_arr(c) if not isinstance(c, (int, float)) else c for c in choices]
    vals = []
    for n, i in enumerate(a.flatten().tolist()):
        if not 0 <= i < len(opts):
            raise ValueError("invalid entry in choice array")
        c = opts[i]
        vals.append(c if isinstance(c, (int, float)) else (c.flatten().tolist()[n] if c.size > 1 else c.item()))
    return _same_shape(a, vals, _kind(vals, "int64"))


def cumprod(a, axis=None):
    a = _arr(a)
    kind = "float64" if a._dt == "float64" else "int64"

    def run(vals):
        out, acc = [], 1
        for v in vals:
            acc *= v
            out.append(acc)
        return out

    if axis is None or a.ndim == 1:
        return _np.array(run(a.flatten().tolist()), dtype=kind)
    ax = _np._axis(a, axis)
    rows = a.tolist() if ax == 1 else a.transpose().tolist()
    res = _np.array([run(r) for r in rows], dtype=kind)
    return res if ax == 1 else res.transpose()


def repeat(a, repeats, axis=None):
    a = _arr(a)
    if axis is None:
        vals = a.flatten().tolist()
        counts = [int(repeats)] * len(vals) if isinstance(repeats, int) else [int(r) for r in _arr(repeats).tolist()]
        if len(counts) != len(vals):
            raise ValueError("operands could not be broadcast together with shape (%d,) (%d,)"
                             % (len(vals), len(counts)))
        out = []
        for v, r in zip(vals, counts):
            out.extend([v] * r)
        return _np.array(out, dtype=a._dt) if out else _np.ndarray(_np._u.zeros(0, dtype=_np._F), a._dt, (0,))
    ax = _np._axis(a, axis)
    rows = a.tolist() if ax == 0 else a.transpose().tolist()
    counts = [int(repeats)] * len(rows) if isinstance(repeats, int) else [int(r) for r in _arr(repeats).tolist()]
    out = []
    for row, r in zip(rows, counts):
        out.extend([row] * r)
    res = _np.array(out, dtype=a._dt)
    return res if ax == 0 else res.transpose()


def tile(a, reps):
    a = _arr(a)
    _np._two_d(a, "tile")
    reps = (int(reps),) if isinstance(reps, int) else tuple(int(r) for r in reps)
    if len(reps) > 2:
        raise NotImplementedError("the sandbox's numpy (ulab) supports arrays of at most 2 dimensions")
    rows = [a.tolist()] if a.ndim == 1 else a.tolist()
    cols = reps[-1]
    nrows = reps[0] if len(reps) == 2 else 1
    tiled = [row * cols for row in rows] * nrows
    if a.ndim == 1 and len(reps) == 1:
        return _np.array(tiled[0], dtype=a._dt)
    return _np.array(tiled, dtype=a._dt)


def copy(a):
    return _np.array(a, copy=True)


def fliplr(a):
    a = _arr(a)
    return _np.array([row[::-1] for row in a.tolist()], dtype=a._dt)


def flipud(a):
    a = _arr(a)
    return _np.array(a.tolist()[::-1], dtype=a._dt)


def tril(m, k=0):
    m = _arr(m)
    return _np.array([[v if j <= i + k else 0 for j, v in enumerate(row)] for i, row in enumerate(m.tolist())],
                     dtype=m._dt)


def triu(m, k=0):
    m = _arr(m)
    return _np.array([[v if j >= i + k else 0 for j, v in enumerate(row)] for i, row in enumerate(m.tolist())],
                     dtype=m._dt)


def roll(a, shift, axis=None):
    a = _arr(a)
    _np._two_d(a, "roll")
    if axis is None or a.ndim == 1:
        vals = a.flatten().tolist()
        n = len(vals)
        s = int(shift) % n if n else 0
        res = _np.array(vals[n - s:] + vals[:n - s], dtype=a._dt)
        return res.reshape(a.shape) if a.ndim == 2 else res
    ax = _np._axis(a, axis)
    rows = a.tolist() if ax == 1 else a.transpose().tolist()
    res = _np.array([roll(r, shift).tolist() for r in rows], dtype=a._dt)
    return res if ax == 1 else res.transpose()


def append(arr, values, axis=None):
    if axis is None:
        return _np.concatenate([_arr(arr).flatten(), _arr(values).flatten()])
    return _np.concatenate([_arr(arr), _arr(values)], axis=axis)


def insert(arr, index, values):
    a = _arr(arr).flatten()
    vals = a.tolist()
    new = _arr(values).flatten().tolist() if not isinstance(values, (int, float)) else [values]
    i = int(index)
    out = vals[:i] + new + vals[i:]
    return _np.array(out, dtype=a._dt if _kind(new, a._dt) != "float64" else "float64")


def delete(arr, index):
    a = _arr(arr).flatten()
    drop = {int(index)} if isinstance(index, int) else set(_arr(index).tolist())
    n = a.size
    drop = {i + n if i < 0 else i for i in drop}
    return _np.array([v for i, v in enumerate(a.tolist()) if i not in drop], dtype=a._dt)


def atleast_1d(a):
    return _arr(a)


def squeeze(a):
    a = _arr(a)
    if _np._is_nd(a):
        return a.reshape(tuple(k for k in a.shape if k != 1))
    if a.ndim == 2 and 1 in a.shape:
        return a.flatten()
    return a.copy()


def expand_dims(a, axis):
    a = _arr(a)
    shape = list(a.shape)
    axis = int(axis)
    if not -len(shape) - 1 <= axis <= len(shape):
        raise ValueError("axis %d is out of bounds for array of dimension %d" % (axis, len(shape) + 1))
    shape.insert(axis % (len(shape) + 1), 1)
    return a.reshape(tuple(shape))


def array_split(a, sections):
    a = _arr(a)
    n = len(a)
    if isinstance(sections, int):
        base, extra = divmod(n, sections)
        bounds, start = [], 0
        for i in range(sections):
            end = start + base + (1 if i < extra else 0)
            bounds.append((start, end))
            start = end
    else:
        cuts = [0] + [int(c) for c in sections] + [n]
        bounds = list(zip(cuts[:-1], cuts[1:]))
    return [a[s:e] for s, e in bounds]


def split(a, sections):
    if isinstance(sections, int) and len(_arr(a)) % sections:
        raise ValueError("array split does not result in an equal division")
    return array_split(a, sections)


def vsplit(a, sections):
    """Split a 2-D array into row blocks (at indices, or into equal parts)."""
    a = _arr(a)
    if a.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(a, sections)


def hsplit(a, sections):
    """Split into column blocks (a 1-D array: into pieces)."""
    a = _arr(a)
    if a.ndim == 1:
        return split(a, sections)
    return [part.transpose() for part in split(a.transpose(), sections)]


def logaddexp(a, b):
    """log(exp(a) + exp(b)) without overflow."""
    def one(x, y):
        m = x if x > y else y
        return m + math.log1p(math.exp(-abs(x - y))) if m != -math.inf else m

    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return one(a, b)
    x = _arr(a) + _arr(b) * 0.0  # both broadcast to the result's shape
    y = _arr(b) + _arr(a) * 0.0
    return _same_shape(x, [one(p, q) for p, q in zip(x.flatten().tolist(), y.flatten().tolist())], "float64")


# --- element-wise --------------------------------------------------------------------------------

class vectorize:
    """Apply a Python function to each element (``otypes`` picks the result dtype)."""

    def __init__(self, pyfunc, otypes=None):
        self.pyfunc = pyfunc
        self.otypes = otypes

    def __call__(self, *args):
        arrays = [_arr(a) for a in args]
        shape_src = max(arrays, key=lambda x: x.size)
        flats = [a.flatten().tolist() if a.size > 1 else a.tolist() * shape_src.size for a in arrays]
        if not all(isinstance(a, (list, tuple, _np.ndarray, range)) for a in args):
            if len(args) == 1:
                return self.pyfunc(args[0])
        vals = [self.pyfunc(*xs) for xs in zip(*flats)]
        # numpy takes the dtype of the first result (later results are cast to it)
        kind = _np._dtname(self.otypes[0]) if self.otypes else _kind(vals[:1], "float64")
        return _same_shape(shape_src, vals, kind)


def _complex_part(name, scalar_fn, real_fn):
    def part(x, **kwargs):
        if isinstance(x, complex):
            return scalar_fn(x, **kwargs)
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            return real_fn(x, **kwargs)
        a = _arr(x)
        _np._two_d(a, name)
        cplx = a._dt == "complex128"
        if cplx and name == "conjugate":
            r = a.conjugate()
            return type(x)(r) if type(x).__name__ == "matrix" else r
        fn = scalar_fn if cplx else real_fn
        vals = [fn(v, **kwargs) for v in a.flatten().tolist()]
        if name == "conjugate" and cplx:
            kind = "complex128"
        else:
            kind = _kind(vals, a._dt) if name in ("real", "conjugate") and not cplx else "float64"
        r = _same_shape(a, vals, kind)
        return type(x)(r) if type(x).__name__ == "matrix" else r  # a matrix stays a matrix

    return part


def _angle(z, deg=False):
    r = cmath.phase(z)
    return math.degrees(r) if deg else r


def _angle_real(x, deg=False):
    r = math.pi if x < 0 else 0.0
    return math.degrees(r) if deg else r


real = _complex_part("real", lambda z: z.real, lambda x: x)
imag = _complex_part("imag", lambda z: z.imag, lambda x: 0 if isinstance(x, int) else 0.0)
angle = _complex_part("angle", _angle, _angle_real)
conjugate = _complex_part("conjugate", lambda z: complex(z.real, -z.imag), lambda x: x)
conj = conjugate


def _masks(a, b):
    return (_arr(a) != 0) if not isinstance(a, _np.ndarray) or a._dt != "bool" else a, \
        (_arr(b) != 0) if not isinstance(b, _np.ndarray) or b._dt != "bool" else b


def logical_not(x):
    if isinstance(x, (bool, int, float)):
        return not x
    return _arr(x) == 0


def logical_and(a, b):
    x, y = _masks(a, b)
    return x & y


def logical_or(a, b):
    x, y = _masks(a, b)
    return x | y


def logical_xor(a, b):
    x, y = _masks(a, b)
    return x ^ y


def _map(fn, kind="float64"):
    def call(x):
        if isinstance(x, (int, float)):
            return fn(x)
        a = _arr(x)
        return _same_shape(a, [fn(v) for v in a.flatten().tolist()], kind)

    return call


cbrt = _map(lambda v: math.copysign(abs(v) ** (1.0 / 3.0), v))
exp2 = _map(lambda v: 2.0 ** v)
expm1 = _map(math.expm1)
log1p = _map(math.log1p)
fabs = _map(lambda v: float(abs(v)))
rint = _map(lambda v: float(round(v)))
trunc = _map(lambda v: float(math.trunc(v)))
fix = trunc


def hypot(a, b):
    return _np.sqrt(_np.asarray(a) ** 2 + _np.asarray(b) ** 2) if not (
        isinstance(a, (int, float)) and isinstance(b, (int, float))) else math.hypot(a, b)


# --- reductions ----------------------------------------------------------------------------------

def _finite(a):
    return _np.array([v for v in _arr(a).flatten().tolist() if v == v], dtype="float64")


def nanmean(a):
    return _np.mean(_finite(a))


def nansum(a):
    return _np.sum(_finite(a))


def nanmax(a):
    return _np.max(_finite(a))


def nanmin(a):
    return _np.min(_finite(a))


def ptp(a, axis=None):
    return _np.max(a, axis=axis) - _np.min(a, axis=axis)


def average(a, axis=None, weights=None):
    if weights is None:
        return _np.mean(a, axis=axis)
    a = _arr(a).astype(float)
    w = _arr(weights).astype(float)
    if axis is None:
        return float(_np.sum(a * w)) / float(_np.sum(w))
    return _np.sum(a * w, axis=axis) / _np.sum(w)


def cross(a, b):
    x, y = _arr(a).tolist(), _arr(b).tolist()
    if len(x) == 3 and len(y) == 3:
        return _np.array([x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]])
    if len(x) == 2 and len(y) == 2:
        return x[0] * y[1] - x[1] * y[0]
    raise ValueError("incompatible dimensions for cross product (dimension must be 2 or 3)")


def searchsorted(a, v, side="left"):
    vals = _arr(a).tolist()

    def one(x):
        lo, hi = 0, len(vals)
        while lo < hi:
            mid = (lo + hi) // 2
            if vals[mid] < x or (side == "right" and vals[mid] == x):
                lo = mid + 1
            else:
                hi = mid
        return lo

    if isinstance(v, (int, float)):
        return one(v)
    return _np.array([one(x) for x in _arr(v).tolist()], dtype="int64")


def bincount(x, minlength=0):
    vals = _arr(x).tolist()
    if any(v < 0 for v in vals):
        raise ValueError("'list' argument must have no negative elements")
    n = max(max(vals) + 1 if vals else 0, minlength)
    counts = [0] * n
    for v in vals:
        counts[int(v)] += 1
    return _np.array(counts, dtype="int64")


# --- linalg --------------------------------------------------------------------------------------

def eigvals(a):
    """Eigenvalues of a real square matrix (real ones via ulab's symmetric solver when symmetric,
    else the roots of the characteristic polynomial for 2x2)."""
    m = _arr(a).astype(float)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError("Last 2 dimensions of the array must be square")
    rows = m.tolist()
    n = len(rows)
    if all(rows[i][j] == rows[j][i] for i in range(n) for j in range(n)):
        vals, _ = _np._u.linalg.eig(m._a)
        return _np.ndarray(vals, "float64")
    if n == 2:
        (p, q), (r, s) = rows
        tr, det = p + s, p * s - q * r
        disc = tr * tr / 4 - det
        if disc >= 0:
            root = math.sqrt(disc)
            return _np.array([tr / 2 + root, tr / 2 - root])
        raise NotImplementedError("complex eigenvalues are not supported by the sandbox's numpy")
    raise NotImplementedError("the sandbox's numpy finds eigenvalues of symmetric matrices and of 2x2 ones")


def eig(a):
    m = _arr(a).astype(float)
    rows = m.tolist()
    n = len(rows)
    if m.ndim != 2 or not all(rows[i][j] == rows[j][i] for i in range(n) for j in range(n)):
        raise NotImplementedError("the sandbox's numpy.linalg.eig takes symmetric matrices (ulab)")
    vals, vecs = _np._u.linalg.eig(m._a)
    return _np.ndarray(vals, "float64"), _np.ndarray(vecs, "float64")
