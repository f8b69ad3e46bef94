"""numpy for the sandbox: a wrapper over ``ulab.numpy`` with numpy's reprs, dtypes and API names.

The package gathers its parts: ``_base`` (ulab), ``_ndarray``, ``_convert`` (dtypes, ``array``),
``_creation``, ``_reductions``, ``_shapes``, ``_ufuncs``, ``_format`` (reprs); ``_files``
(``loadtxt``...), ``_lessons`` (``diag``, ``tile``, ...) and ``random`` load on first use.

Runs inside MicroPython with ulab (the default build). ulab holds 1-D and 2-D arrays; 3+
dimensions are kept flat by ``_ndim``. Integer arrays are stored as float64 in ulab (exact up
to 2**53) and shown as int64, so sums do not overflow ulab's int16. Integer and boolean scalars
from indexing and reductions are numpy 2's (``_scalars``: ``np.int64(5)``, ``np.True_``); float
scalars are Python floats (numpy 2 would show ``np.float64(2.5)``; ``print`` gives the same text).
"""

import builtins as _b  # noqa: F401
import math as _math

from numpy import _format
from numpy._base import _ALL, _F, _missing, _u  # noqa: F401 (the package's names)
from numpy._convert import (  # noqa: F401 (the package's names)
    _NAMES,
    False_,
    True_,
    _as,
    _binop,
    _cmp,
    _dtname,
    _flat,
    _flat_kind,
    _float,
    _has_floats,
    _item,
    _kind_of,
    _logic,
    _nested,
    _result_kind,
    _scalar,
    _store,
    _wrap,
    array,
    asarray,
    bool_,
    cdouble,
    complex64,
    complex128,
    complex_,
    double,
    dtype,
    float16,
    float32,
    float64,
    float_,
    floating,
    int8,
    int16,
    int32,
    int64,
    int_,
    integer,
    intp,
    number,
    uint8,
    uint16,
    uint32,
)
from numpy._creation import (  # noqa: F401 (the package's names)
    _shape_arg,
    arange,
    empty,
    empty_like,
    eye,
    full,
    full_like,
    identity,
    linspace,
    logspace,
    meshgrid,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from numpy._ndarray import _arr, _fill_shape, _is_nd, _kindname, _nd_module, _two_d, ndarray  # noqa: F401 (the package's names)
from numpy._reductions import (  # noqa: F401 (the package's names)
    _apply_rows,
    _axis,
    _fsum_axis,
    _pairwise,
    _reduce,
    all_,
    amax,
    amin,
    any_,
    argmax,
    argmin,
    count_nonzero,
    cumsum,
    mean,
    median,
    percentile,
    prod,
    quantile,
    std,
    sum_,
    var,
)
from numpy._shapes import (  # noqa: F401 (the package's names)
    argpartition,
    argsort,
    argwhere,
    column_stack,
    concatenate,
    diff,
    dot,
    flip,
    hstack,
    inner,
    matmul,
    moveaxis,
    ndim,
    nonzero,
    outer,
    partition,
    ravel,
    reshape,
    shape,
    size,
    sort,
    stack,
    swapaxes,
    trace,
    transpose,
    unique,
    vstack,
    where,
)
from numpy._ufuncs import (  # noqa: F401 (the package's names)
    _builtin_range,
    _ufunc,
    abs,
    absolute,
    add,
    allclose,
    arccos,
    arcsin,
    arctan,
    arctan2,
    around,
    array_equal,
    ceil,
    clip,
    cos,
    cosh,
    degrees,
    divide,
    exp,
    expm1,
    floor,
    histogram,
    interp,
    isclose,
    isfinite,
    isinf,
    isnan,
    log,
    log2,
    log10,
    maximum,
    minimum,
    multiply,
    polyfit,
    polyval,
    power,
    radians,
    round_,
    sign,
    sin,
    sinh,
    sqrt,
    square,
    subtract,
    tan,
    tanh,
    trapezoid,
    trapz,
    ufunc,
)

__version__ = "2.0.0+ulab"
pi = _math.pi
e = _math.e
inf = float("inf")
nan = float("nan")
newaxis = None
_FILE_NAMES = ("loadtxt", "genfromtxt", "savetxt")


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
                 "atleast_1d", "squeeze", "expand_dims", "array_split", "split", "vsplit", "hsplit", "logaddexp")


def _files_module():
    import sys

    if "numpy._files" not in sys.modules:
        __import__("numpy._files")
    return sys.modules["numpy._files"]


def _forward(loader, name):
    """``name`` of a module loaded on first call (so ``from numpy import *`` has it too)."""

    def call(*args, **kwargs):
        return getattr(loader(), name)(*args, **kwargs)

    return call


class _LazyGrid:
    """``mgrid``/``ogrid``: index to build the grid (``numpy/_lessons.py`` on first use)."""

    def __init__(self, name):
        self._name = name

    def __getitem__(self, key):
        return getattr(_lesson_module(), self._name)[key]


for _n in _LESSON_NAMES:  # numpy/_lessons.py is compiled when one of them is first called
    globals()[_n] = _LazyGrid(_n) if _n in ("mgrid", "ogrid") else _forward(_lesson_module, _n)
for _n in _FILE_NAMES:  # numpy/_files.py likewise
    globals()[_n] = _forward(_files_module, _n)


def _matrix_module():
    import sys

    if "numpy._matrix" not in sys.modules:
        __import__("numpy._matrix")
    return sys.modules["numpy._matrix"]


for _n in ("matrix", "asmatrix", "mat"):  # numpy/_matrix.py likewise (isinstance needs numpy._matrix.matrix)
    globals()[_n] = _forward(_matrix_module, _n)


def __getattr__(name):
    if name == "random":
        return _load_random()
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
bool = bool_  # noqa: A001 - numpy 2: numpy.bool is the boolean scalar type (numpy.bool_)
