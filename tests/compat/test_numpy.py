"""The guest numpy (ulab kernel) against the host's numpy: the same cell prints the same text.

Each case runs in-process on CPython with the real numpy and in a ``Sandbox(variant="ulab")``
with the guest numpy; stdout must be equal. ``{tmp}`` in a case is a writable directory.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import guestlib
import pytest

from mpwasm_kernel.sandbox import Limits, Sandbox

np = pytest.importorskip("numpy")

SETUP = "import numpy as np\n"

MISC = """\
m = np.array([[1.5, 2.0, -3.25], [4.0, 5.5, 6.0]])
print(m.shape, m.ndim, m.size, m.dtype)
print(m - m.mean(axis=1).reshape(-1, 1))
print(m.max(axis=1), m.min(axis=0), m.argmax(axis=1), m.argmin(axis=0))
print(m.sum(axis=1) / m.shape[1])
print(round(float(np.linalg.det(np.array([[2.0, 1.0], [1.0, 3.0]]))), 6))
print(np.round(np.linalg.inv(np.array([[2.0, 1.0], [1.0, 3.0]])), 6))
a = np.arange(10)
a[2:5] = 0
print(a, a[a != 0].size)
b = a.copy(); b[0] = 100; print(a[0], b[0])
print(np.zeros((3, 3), dtype=int), np.ones((2,), dtype=bool))
print(np.array([[1, 2], [3, 4]]) * np.array([[1], [10]]))
print(np.exp(1), np.sqrt(16.0), np.pi)
print(np.array([1, 2, 3]) == np.array([1, 5, 3]))
print(np.mean([1, 2, 3, 4]), np.max([3, 9, 2]), np.sum([[1, 2], [3, 4]]))
print(np.arange(5) / 0.3)
print(np.array([0.1, 0.2, 0.3]) * 3)
print(np.array([1e10, 1.0]))
print(np.array([123456789.0, 1.5]))
print(np.array([-0.0001, 0.5]))
print(np.array([[1, -1], [100, 1000]]))
x = np.linspace(0, 10, 11)
print(x[x > 5].mean(), np.where(x > 5)[0])
print(np.cumsum(np.array([[1, 2], [3, 4]]), axis=0), np.cumsum(np.array([[1, 2], [3, 4]]), axis=1))
print(np.diff(np.array([1, 4, 9, 16])), np.prod(np.array([1, 2, 3, 4])))
print(np.count_nonzero(np.array([0, 1, 2, 0])), np.any(np.array([0, 0, 1])), np.all(np.array([1, 1, 0])))
print(np.var(np.array([1.0, 2.0, 3.0, 4.0])), np.std(np.array([[1.0, 2.0], [3.0, 5.0]]), axis=1))
print(np.array([3.7, -1.2]).astype(int), np.array([1, 0, 2]).astype(bool))
print(np.eye(2, dtype=int), np.identity(2))
print(np.full(3, 2.5), np.zeros_like(np.array([1.5, 2.5])))
print(np.flip(np.array([1, 2, 3])), np.abs(np.array([-1.5, 2])))
print(np.array([1, 2, 3]).tolist(), type(np.array([1.5]).tolist()[0]).__name__)
print(np.isclose(np.array([1.0, 2.0]), np.array([1.0, 2.1])), np.allclose(np.array([1.0]), np.array([1.0 + 1e-9])))
print(np.hstack([np.array([1, 2]), np.array([3])]), np.vstack([np.array([1, 2]), np.array([3, 4])]))
print(np.arange(6).reshape(2, 3).T.flatten())
print(np.array([5, 3, 8]).argsort(), np.sort(np.array([[3, 1], [2, 4]]), axis=0))
print(np.outer(np.array([1, 2]), np.array([3, 4])))
"""

# numpy 2's scalars: reprs, types and what arithmetic keeps (numpy/_scalars.py)
SCALARS = """\
x = np.array([5, 0, 3, 3, 7, 9])
print(repr(x[4]), repr(x.sum()), repr(np.sum(x)), repr(x.max()), repr(x.argmax()), repr(x.min()))
print(repr(np.any(x > 8)), repr(np.all(x > 8)), repr([v for v in x][:3]), repr([x[3], x[4]]))
print(repr(x[1] + 1), repr(2 * x[2]), repr(x[2] - x[5]), repr(x[2] // 2), repr(x[2] % 2), repr(x[2] ** 2))
print(x[2] / 2, x[2] * 0.5, repr(-x[2]), repr(abs(-x[2])), x[2] < x[4], 1 < x[2])
print(repr(np.int64(5)), repr(np.int32(-3)), repr(np.True_), repr(np.False_), repr(np.True_ & np.False_))
print(type(x[0]).__name__, type(x[0] + 1).__name__, type(np.True_).__name__, repr(x.tolist()), repr(x.item(2)))
print(x[4], x.sum(), np.any(x > 8), str(x[0]), "%d %s %r" % (x[1], x[2], x[3]), f"{x[4]}", "{}".format(x[5]))
print(np.arange(x[2]), [10, 20, 30, 40][x[2]], np.array([x[0], x[1]]), np.zeros(x[2]), x[x[2]], x[x[2]:])
print(repr(np.array([np.True_, np.False_])), x + np.True_, range(x[2]), {x[2]: 1}[3], x[2] == 3, hash(x[2]) == hash(3))
print(sorted([x[4], x[0], x[2]]), max(x[0], x[5]), float(x[2]), int(x[2]), round(x[2] / 2), x[2] in [3])
print(divmod(x[5], x[2]), divmod(x[5], 4), x[2] * "ab", [0] * x[2], sum(x), sum(x) / len(x))
print(x[2] == 3, x[2] != 3, x[2] >= 3, [v for v in x if v > 4], x[2] == x[3], type(np.True_), np.bool_ is np.bool)
"""

NDIM3 = """\
np.random.seed(0)
x3 = np.random.randint(10, size=(3, 4, 5))
print("x3 ndim: ", x3.ndim, "x3 shape:", x3.shape, "x3 size: ", x3.size, "dtype:", x3.dtype)
print(x3)
print(repr(x3[1]), repr(x3[0, 1]), repr(x3[2, 3, 4]), repr(x3[-1, -1, -1]), x3[:, 1, :], x3[..., 0], x3[1:, ::2, 3])
z = np.zeros([3, 4, 2])
print(repr(z), z.shape, repr(np.ones((2, 2, 2), dtype=int)))
a = np.arange(24).reshape(2, 3, 4)
print(repr(a), a.sum(), a.sum(axis=0), a.sum(axis=1), a.sum(axis=2), a.sum(axis=-1), a.max(axis=1))
print(a.min(), a.mean(axis=0), a.argmax(axis=2), a.std(axis=1), np.var(a), a.prod(axis=2))
print(repr(a * 2), a + a, a - 1.5, a > 10, (a > 10).sum(), a[a > 20], a.T.shape, a.transpose(1, 0, 2)[1])
X = np.random.RandomState(42).rand(4, 2)
d = X[:, np.newaxis, :] - X[np.newaxis, :, :]
print(d.shape, (d ** 2).sum(-1), np.sum(d ** 2, axis=-1).shape)
print(np.sqrt(a[0] + 0.0).shape, np.sin(a).shape, np.round(np.sin(a), 2)[1, 2])
b = a.copy(); b[0, 1, 2] = 100; b[1] = 0; b[:, 0, :] = -1
print(b, a[0, 1, 2], b.reshape(4, 6), b.flatten()[:5], b.tolist()[0])
print(np.array([[[1, 2], [3, 4]], [[5, 6], [7, 8.5]]]), a.astype(float)[1, 1])
print(a + np.arange(4), a * np.arange(3).reshape(3, 1), [r.shape for r in a], len(a))
print(np.zeros((2, 1, 3)) + np.ones((4, 1)), np.any(a > 22), np.all(a >= 0, axis=0))
print(np.arange(2000).reshape(10, 10, 20))
m = np.arange(6).reshape(2, 3)
print(np.stack([m, m]), np.stack([m, m], axis=2), np.array([m, m]).shape, np.expand_dims(m, 0).shape)
print(m[:, :, None].shape)
print(np.ones((2, 3, 4), dtype=int).sum(axis=(0, 1)), np.array(a).shape, np.transpose(a, (1, 0, 2)).shape)
print(np.moveaxis(a, 0, -1).shape, np.swapaxes(a, 0, 2).shape, m.transpose(0, 1), np.squeeze(a[:1]).shape)
print(np.nonzero(a > 20), np.isnan(a).any(), np.concatenate([a, a]).shape, np.mgrid[0:2, 0:3])
"""

# np.matrix (numpy/_matrix.py), mgrid, partition, trace, where-tuples: a lecture's cells
MATRIX = """\
A = np.array([[n + m * 10 for n in range(5)] for m in range(5)])
M = np.matrix(A)
v = np.matrix(np.arange(0, 5)).T
print(repr(v)); print(repr(M * M)); print(repr(M * v)); print(repr(v.T * v)); print(repr(v + M * v))
v = np.matrix([1, 2, 3, 4, 5, 6]).T
print(np.shape(M), np.shape(v), type(M).__name__, isinstance(M, np.ndarray))
print(repr(M[0]), repr(M[:, 1]), M[1, 2], repr(np.matrix([[1.5, 2], [3, 5]]).I), repr(2 * M[:2, :2]), M)
x = np.linspace(0, 10, 21)
mask = (5 < x) * (x < 7.5)
print(repr(x[np.where(mask)]), repr(np.trace(A)), repr(np.partition(np.array([7, 2, 3, 1, 6, 5, 4]), 3)))
xx, yy = np.mgrid[0:5, 0:5]
print(repr(xx), repr(yy), np.mgrid[0:1:3j, 0:2].shape)
"""

# complex arrays (ulab's complex dtype): reprs, arithmetic, parts, matrix
COMPLEX = """\
x = np.array([3 - 4j, 4 - 3j, 2 + 0j, 0 + 1j])
print(repr(np.abs(x)), repr(x), x, x.dtype, x[0], x.tolist(), np.sum(x), x.mean())
M = np.array([[1, 2], [3, 4]], dtype=complex)
print(repr(M), repr(M + M), repr(M - 1), repr(M / 2), x == x, np.zeros(2, dtype=complex))
C = np.matrix([[1j, 2j], [3j, 4j]])
print(repr(C), repr(np.conjugate(C)), repr(C.H), repr(np.real(C)), repr(np.imag(C)))
print(repr(np.angle(C + 1)), repr(abs(C)), repr(np.conj(np.array([[1 + 2j, 3 - 1j], [0.5j, 2.0]]))))
print(repr(np.array([1.5 + 2j, -0.25j])), repr(x * 2), repr(x + 1.5), repr(x.real), repr(x.imag), repr(x.conj()))
print(repr(np.array([1, 2]) * 1j), repr(np.exp(1j * np.pi * np.array([0.0, 0.5]))), np.array([1e-5 + 1e5j]))
print(repr(np.array([[0.+2.j , 0.-1.j ], [0.-1.5j, 0.+0.5j]])), np.full(2, 1j), np.arange(3) * 1j)
"""

# numpy names a first lesson uses (numpy/_lessons.py)
LESSONS = """\
grid = np.arange(16).reshape((4, 4))
upper, lower = np.vsplit(grid, [2])
left, right = np.hsplit(grid, [2])
print(upper, lower, left, right, np.hsplit(np.arange(6), 3))
M = np.ones((2, 3))
a = np.arange(3)
print(np.logaddexp(M, a[:, np.newaxis][:2]), np.logaddexp(1.0, 2.0), np.logaddexp(np.array([0.0, 100.0]), 1.0))
a = np.arange(6).reshape(2, 3)
print(np.diag([1, 2, 3]), np.diag(a), np.diag(a, 1), np.diag([1,2], -1))
print(np.take([4, 3, 5, 7], [0, 1, 3]), np.take(a, [0, 2], axis=1), a.take([1, 4]))
print(np.choose([0, 1, 2, 1], [[0, 1, 2, 3], [10, 11, 12, 13], [20, 21, 22, 23]]))
print(np.cumprod([1, 2, 3, 4]), np.cumprod(a + 1, axis=0), np.cumprod(a + 1, axis=1), (a+1.5).cumprod())
print(np.repeat([1, 2], 3), np.repeat(a, 2, axis=0), np.repeat(a, [1, 2], axis=0), np.repeat(3, 4))
print(np.tile([1, 2], 3), np.tile([1, 2], (2, 2)), np.tile(a, 2))
b = np.copy(a); b[0, 0] = 9; print(a[0, 0], b[0, 0])
f = np.vectorize(lambda v: v * 2 if v > 2 else 0)
print(f(a), f([1.5, 3.5]), np.vectorize(lambda x, y: x + y)(a, 1))
print(np.real(1+2j), np.imag(1+2j), np.angle(1j), np.conjugate(1+2j), np.real(a))
print(np.imag(np.array([1.5, 2])), np.angle([-1, 2]), np.angle(1j, deg=True))
print(np.logical_not(a > 2), np.logical_and(a > 1, a < 4), np.logical_or(a < 1, a > 4), np.logical_xor(a > 1, a > 3))
print(np.sort(np.linalg.eigvals(np.array([[2.0, 1.0], [1.0, 2.0]]))))
print(np.sort(np.linalg.eigvals(np.array([[1.0, 2.0], [0.0, 3.0]]))))
print(np.ogrid[0:3, 0:2], np.mgrid[0:5], np.mgrid[0:1:5j])
print(np.fliplr(a), np.flipud(a), np.tril(np.ones((3,3))), np.triu(a), np.roll(np.arange(5), 2))
print(np.append([1, 2], [3]), np.delete(np.arange(5), 1), np.insert(np.arange(3), 1, 9))
print(np.average([1, 2, 3], weights=[3, 1, 1]), np.ptp(a), np.searchsorted([1, 2, 3], 2), np.bincount([0, 1, 1, 3]))
print(np.cross([1, 2, 3], [4, 5, 6]), np.hypot(3, 4), np.array_split(np.arange(7), 3))
print(a.real, a.imag, a.conj(), a.diagonal(), a.repeat(2), a.cumprod())
"""

# numpy's legacy RandomState numbers for a seed
RANDOM = """\
np.random.seed(0)
print(repr(np.random.rand(3)))
print(repr(np.random.randn(5)))
print(np.random.randint(0, 10, 8), np.random.randint(5), np.random.choice([1, 2, 3], 4))
print(np.random.permutation(6), np.random.random((2, 2)), np.random.normal(5, 2, 3))
a = np.arange(5)
np.random.shuffle(a)
l = [1, 2, 3, 4]
np.random.shuffle(l)
print(a, l)
np.random.seed([1, 2, 3])
print(np.random.uniform(1, 2, 2), np.random.choice(5, 3, replace=False))
print(np.random.choice([10, 20], 3, p=[0.3, 0.7]), np.random.randn(2, 2))
r = np.random.RandomState(42)
print(r.rand(2), r.exponential(2.0, 2), r.randint(-5, 5, (2, 3)))
np.random.seed(123)
print(np.random.randn(), np.random.rand(), np.random.randint(1, 7, size=10))
np.random.seed(5)
print(np.random.randint(0, 2**31, 4), np.random.randint(-2**31, 2**31 - 1, 3), np.random.randint(0, 2**32, 2))
np.random.seed(2**32 - 1)
print(np.random.rand(2), np.random.permutation(10))
big = np.random.randn(100000)  # numpy's draws without filling the cell's memory with garbage
print(big.shape, repr(big[-3:]))
"""

# np.newaxis/None and ..., integer-array and per-axis boolean indexing
INDEXING = """\
x = np.arange(100) * 3 % 97
ind = np.array([[3, 7], [4, 5]])
X = np.arange(12).reshape((3, 4))
row = np.array([0, 1, 2])
col = np.array([2, 1, 3])
mask = np.array([True, False, True, False])
print(x[ind], X[row[:, np.newaxis], col], X[row[:, np.newaxis], mask], X[row, col])
print(X[np.array([[0], [2]]), np.array([[1, 3]])])
x = np.arange(5)
m = np.arange(12).reshape(3, 4)
print(x[None, :], x[:, None], x[:, np.newaxis].shape, x[np.newaxis].shape, x[None].shape, x[..., None].shape)
print(x[:, None] * x[None, :])
print(x[:, np.newaxis] + np.array([10, 20]))
print(m[[0, 2], [1, 3]], m[:, [0, 2]], m[[2, 0], 1:], m[[0, 1]], m[1, [0, 3]], m[[0, 2], 1])
print(m[m[:, 0] > 2, :], m[:, np.array([True, False, True, False])], m[..., 1], m[1, ...], m[None, 1].shape)
print(x[[4, 0, -1]], x[np.array([1, 2])], m[[-1, 0], [0, -1]])
"""

# default_rng: numpy's PCG64 and SeedSequence (random, integers, uniform)
GENERATOR = """\
rng = np.random.default_rng(seed=1701)
print(rng.integers(10, size=6), rng.integers(10, size=(3, 4)), rng.random(3), rng.uniform(-1, 1, 2))
rng = np.random.default_rng(42)
print(rng.random(), rng.integers(0, 100), rng.integers(1, 7, size=5))
print(rng.integers(5, 10, 3, endpoint=True), rng.random((2, 2)))
rng = np.random.default_rng(2**70 + 5)
print(rng.integers(0, 2**32, 3), rng.integers(-5, 5, 4), rng.random(2))
rng = np.random.default_rng([1, 2, 3, 4, 5, 6])
print(rng.random(2), rng.integers(0, 1000, 5))
print(isinstance(rng, np.random.Generator))
"""

# ufunc objects: reduce, accumulate, outer, at
UFUNCS = """\
x = np.arange(1, 6)
print(np.add.reduce(x), np.multiply.reduce(x), np.add.accumulate(x), np.multiply.accumulate(x), np.multiply.outer(x, x))
print(np.add.outer([1, 2], [10, 20, 30]), np.maximum.accumulate(np.array([1, 3, 2, 5, 4])))
print(np.minimum.reduce([4, 2, 8]))
m = np.arange(6).reshape(2, 3)
print(np.add.reduce(m), np.add.reduce(m, axis=1), np.add.accumulate(m), np.add.accumulate(m, axis=1))
print(np.subtract.reduce([10, 1, 2]))
y = np.zeros(10)
np.add.at(y, [2, 3, 3, 4, 4, 4], 1)
print(y, np.add(2, 3), np.multiply(x, 2), repr(np.add), np.power.outer([2, 3], [1, 2]))
"""

CASES = {
    "misc_course": MISC,
    "repr_int": "print(repr(np.array([1, 2, 3])))\nprint(np.array([1, 2, 3]))",
    "repr_float": "a = np.array([0.0, 0.25, 0.5, 1.0])\nprint(repr(a))\nprint(a)",
    "repr_mixed_digits": "print(repr(np.array([3.14159265358979, 2])))\nprint(repr(np.array([-1, 0.5])))",
    "repr_exp": "print(repr(np.array([1e-5, 1.5])))\nprint(np.array([1e-5, 1.5, 123.25]))\n"
                "print(repr(np.array([1e9])))",
    "repr_bool": "print(repr(np.array([True, False])))\nprint(np.array([True, False]))",
    "repr_2d": "print(repr(np.arange(12).reshape(3, 4)))\nprint(np.arange(12).reshape(3, 4) / 7)",
    "repr_wrap": "print(repr(np.linspace(0, 1, 30)))\nprint(np.linspace(0, 1, 30))",
    "repr_summary": "print(repr(np.arange(2000)))\nprint(np.arange(2000))\n"
                    "print(repr(np.arange(5000).reshape(50, 100) / 3))\nprint(np.arange(3000).reshape(1000, 3))\n"
                    "print(np.linspace(0, 1, 100000))",
    "repr_empty": "print(repr(np.array([])), repr(np.arange(0)), np.array([]), np.zeros(0).shape)\n"
                  "print(np.array([]).sum(), np.arange(5)[np.arange(5) > 9])",
    "repr_nan_inf": "print(repr(np.array([1.0, np.nan, -np.inf])))",
    "repr_negative": "print(np.array([-3, 10, 200]))\nprint(repr(np.array([[-1.5, 2], [3, -4.25]])))",
    "dtype_names": "print(np.array([1, 2]).dtype, np.array([1.0]).dtype, np.array([True]).dtype)\n"
                   "print(repr(np.zeros(3).dtype), np.arange(3).dtype == np.int64, np.ones(2).dtype == 'float64')",
    "creation": "print(np.zeros((2, 3)))\nprint(np.ones(4, dtype=int))\nprint(np.eye(3))\n"
                "print(np.arange(2, 11, 3))\nprint(np.arange(0, 1, 0.25))\nprint(np.linspace(-1, 1, 5))\n"
                "print(np.full((2, 2), 7))\nprint(np.zeros_like(np.arange(3)))",
    "arithmetic": "a = np.array([1, 2, 3])\nb = np.array([0.5, 1.5, 2.5])\n"
                  "print(a + b, a - b, a * b, a / 2, a // 2, a % 2, a ** 2, 2 ** a, -a, abs(-a), 10 - a)\n"
                  "print(2.5 * a, 1.5 + b, 3.0 - a, 1.0 / b, 0.5 ** a, a.mean() * a)",
    "broadcast_2d": "m = np.arange(6).reshape(2, 3)\nprint(m + np.array([10, 20, 30]))\nprint(m * 2.5)\n"
                    "print(m - m.mean())",
    "reductions": "m = np.arange(12).reshape(3, 4)\nprint(m.sum(), m.sum(axis=0), m.sum(axis=1))\n"
                  "print(m.mean(), m.mean(axis=0), m.mean(axis=1))\nprint(m.min(), m.max(axis=0), m.argmax())\n"
                  "print(np.std(m), np.std(m, axis=0))\nprint(np.sum(np.arange(1000)), np.arange(100000).sum())",
    # float sums in numpy's pairwise order, to the last digit (the leaves are added by ulab)
    "pairwise_sums": "v = [((k * 7919) % 1000) / 7.0 * 10 ** ((k % 9) - 4) * (-1) ** k for k in range(70001)]\n"
                     "for n in (129, 136, 1000, 4099, 70001):\n"
                     "    a = np.array(v[:n])\n"
                     "    print(n, repr(float(a.sum())), repr(float(np.mean(a))), repr(float(a[::3].sum())))\n"
                     "m = np.array(v[:6000]).reshape(40, 150)\n"
                     "print(repr(float(m.sum())), repr(float(m.sum(axis=1)[7])), repr(float(m.sum(axis=0)[3])))\n"
                     "print(repr(float(np.array([-0.0] * 300).sum())), repr(float(np.zeros(300).sum())),\n"
                     "      repr(float(np.array([1e308, 1e308, -1e308] * 60).sum())), np.array([-0.0] * 7).sum())\n"
                     "b = np.array([True, False] * 100)\ni = np.array([1, 0] * 100)\nm = np.arange(12).reshape(3, 4)\n"
                     "print(np.sum(b), b.sum(), i.sum(), repr(i.sum()), m.sum(axis=0), repr(m.sum(axis=1)),\n"
                     "      (np.arange(10) > 4).sum(), np.sum([1, 2, 3]), np.arange(100000).sum())",
    "stats": "x = np.array([2.5, 3.5, 1.0, 8.0, 4.0])\nprint(np.mean(x), np.std(x), np.var(x), np.median(x))\n"
             "print(np.min(x), np.max(x), np.argmin(x), np.argmax(x), np.std(x, ddof=1))\n"
             "print(np.cumsum(x), np.percentile(x, 50), np.percentile(x, 25))\n"
             "y = np.linspace(0, 1, 1000) ** 2\nprint(y.sum(), y.mean(), y.std(), np.var(y))\n"
             "m = np.arange(12).reshape(3, 4) / 7\nprint(m.sum(axis=0), m.mean(axis=1), m.std(axis=0), m.std())",
    "sort_unique": "x = np.array([3, 1, 2, 3, 1])\nprint(np.sort(x), np.argsort(np.array([30, 10, 20])))\n"
                   "print(np.unique(x))\nv, c = np.unique(x, return_counts=True)\nprint(v, c)\n"
                   "y = np.array([5.0, 2.0, 9.0])\ny.sort()\nprint(y)",
    "slicing": "a = np.arange(10)\nprint(a[2:5], a[::2], a[-3:], a[::-1], a[3], a[-1])\n"
               "m = np.arange(12).reshape(3, 4)\nprint(m[1], m[:, 2], m[1:, :2], m[2, 3], m[0][1])",
    "masks": "a = np.arange(10)\nprint(a[a > 5], a[(a > 2) & (a < 6)], a[(a < 2) | (a > 8)], a[~(a > 2)])\n"
             "print((a > 5).sum(), np.count_nonzero(a % 2 == 0))\nm = np.arange(6).reshape(2, 3)\nprint(m[m % 2 == 1])",
    "setitem": "a = np.zeros(5)\na[1] = 3\na[a == 0] = -1\nprint(a)\nb = np.arange(6)\nb[b > 3] = 0\nprint(b)\n"
               "m = np.zeros((2, 2))\nm[0, 1] = 5\nm[1] = 7\nprint(m)",
    "dot_matmul": "a = np.array([[1, 2], [3, 4]])\nv = np.array([1, 1])\nprint(a @ a)\nprint(a @ v, np.dot(v, v))\n"
                  "print(np.dot(a, np.eye(2)))\nprint(a.T, np.transpose(a))",
    "reshape": "a = np.arange(6)\nprint(a.reshape(2, 3), a.reshape((3, 2)).shape, a.reshape(-1, 2).shape)\n"
               "print(a.reshape(2, 3).flatten(), a.ndim, a.reshape(2, 3).ndim, a.size, len(a))",
    "ufuncs": "x = np.array([0.0, 0.5, 1.0])\nprint(np.sqrt(x), np.exp(x), np.sin(x), np.cos(x))\n"
              "print(np.log(np.array([1, 10, 100])), np.log10(np.array([1, 10, 100])))\n"
              "print(np.round(np.array([1.234, 5.678]), 1), np.floor(np.array([1.5, -1.5])))\n"
              "print(np.abs(np.array([-2, 3])))\n"
              "print(np.clip(np.arange(6), 1, 4), np.maximum(np.array([1, 5]), 3))",
    "where_concat": "a = np.arange(5)\nprint(np.where(a > 2, a, 0))\nprint(np.where(a > 2))\n"
                    "print(np.concatenate([a, a]))\nprint(np.vstack([a, a]))\nprint(np.hstack([a, a]))",
    "tolist_iter": "a = np.arange(3)\nprint(a.tolist(), [int(v) * 2 for v in a])\n"
                   "m = np.arange(4).reshape(2, 2)\nfor row in m:\n    print(row)\nprint(m.tolist())",
    "astype": "x = np.array([1.7, -2.2, 3.0])\nprint(x.astype(int), x.astype(bool), np.arange(3).astype(float))",
    "loadtxt": "open('{tmp}/d.csv', 'w').write('x,y\\n1,2\\n3,4.5\\n5,6\\n')\n"
               "d = np.loadtxt('{tmp}/d.csv', delimiter=',', skiprows=1)\nprint(d, d.shape)\n"
               "x, y = np.loadtxt('{tmp}/d.csv', delimiter=',', skiprows=1, unpack=True)\nprint(x, y)\n"
               "print(np.loadtxt('{tmp}/d.csv', delimiter=',', skiprows=1, usecols=1))",
    "genfromtxt": "open('{tmp}/g.csv', 'w').write('a,b\\n1,2\\n3,\\n5,6\\n')\n"
                  "g = np.genfromtxt('{tmp}/g.csv', delimiter=',', skip_header=1)\nprint(g)\n"
                  "print(np.isnan(g).sum())",
    "random_shapes": "np.random.seed(42)\nr = np.random.rand(3, 2)\n"
                     "print(r.shape, r.dtype, (r >= 0).all(), (r < 1).all())\n"
                     "i = np.random.randint(0, 10, size=100)\nprint(i.shape, i.dtype, i.min() >= 0, i.max() < 10)\n"
                     "n = np.random.normal(5, 2, size=2000)\n"
                     "print(n.shape, abs(n.mean() - 5) < 0.3, abs(n.std() - 2) < 0.3)",
    "lesson_names": LESSONS,
    "arange_bits": "print(repr(np.arange(-1, 1, 0.1)))\nprint(np.arange(-1, 1, 0.1).tolist())\n"
                   "print(np.arange(0.1, 2, 0.3).tolist(), np.arange(-3.3, 5, 0.7).tolist(), np.arange(1, 2, 0.25))\n"
                   "print(np.linspace(-1, 1, 7).tolist(), np.linspace(0, 1, 10, endpoint=False).tolist())",
    "random_legacy": RANDOM,
    "random_generator": GENERATOR,
    "ufunc_methods": UFUNCS,
    "indexing_fancy_newaxis": INDEXING,
    "scalars_numpy2": SCALARS,
    "ndim3": NDIM3,
    "matrix_mgrid_partition": MATRIX,
    "complex": COMPLEX,
    "ufunc_out_ellipsis": "x = np.arange(5)\ny = np.empty(5)\nnp.multiply(x, 10, out=y)\nprint(y)\n"
                          "y = np.zeros(10)\nnp.power(2, x, out=y[::2])\nprint(y)\n"
                          "m = np.zeros((2, 3)); np.sin(np.ones((2, 3)), out=m); print(m)\n"
                          "z = np.zeros(5); r = np.add(x, 1.5, out=z); print(r is z, z)\n"
                          "a = np.zeros(3); a[...] = 2; m[...] = 3; t = np.zeros((2, 2, 2)); t[...] = 1\n"
                          "print(a, m, t.sum())",
    "scalar_on_the_left": "x = np.linspace(0, 10, 11)\nprint(5 < x, 2.5 >= x, 3 * x, 1 - x, 2 ** np.arange(4))\n"
                          "m = (5 < x) * (x < 7.5)\nprint(m, repr(m), x[m], (x > 2) + (x > 8), 2 < np.arange(5)[3])",
    "polyfit_interp": "x = np.array([0.0, 1.0, 2.0, 3.0])\nprint(np.round(np.polyfit(x, 2 * x + 1, 1), 6))\n"
                      "print(np.interp(np.array([0.5, 2.5]), x, x * 10))",
}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    # Fuel bounds each case (the heaviest, seeded legacy random, takes ~7.5 G); the wall clock is
    # generous so a busy machine cannot stop a case that fuel allows.
    with Sandbox(Limits(fuel=20_000_000_000, wall_seconds=120), variant="ulab") as sb:
        guestlib.install(sb, "numpy")
        yield sb


def _host(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), np.printoptions(legacy=False):
        exec(SETUP + code, {})
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_output_as_numpy(sandbox: Sandbox, tmp_path: Path, name: str) -> None:
    expected = _host(CASES[name].replace("{tmp}", str(tmp_path)))
    result = sandbox.run(SETUP + CASES[name].replace("{tmp}", "/tmp"))
    assert result.ok, result.error
    assert result.stdout == expected


def test_missing_features_have_clear_errors(sandbox: Sandbox) -> None:
    # arrays of 3+ dimensions: what their layer does not cover says so instead of misreading values
    result = sandbox.run(SETUP + "np.concatenate([np.zeros((2, 2, 2)), np.ones((2, 2, 2))], axis=2)")
    assert result.error is not None and result.error.ename == "NotImplementedError"
    assert "more than 2 dimensions" in result.error.evalue and "(2, 2, 2)" in result.error.evalue
    # complex arrays: what would drop imaginary parts raises instead
    for cell in ("np.array([1j, 2]).astype(float)", "np.var(np.array([1j, 2]))",
                 "np.mean(np.ones((2, 2)) * 1j, axis=0)"):
        result = sandbox.run(SETUP + cell)
        assert result.error is not None and result.error.ename in ("TypeError", "NotImplementedError"), cell
    result = sandbox.run(SETUP + "np.sort(np.zeros((2, 3, 4)))")
    assert result.error is not None and result.error.ename == "NotImplementedError"
    assert "at most 2 dimensions" in result.error.evalue and "(2, 3, 4)" in result.error.evalue
    result = sandbox.run("np.fft_of_everything")
    assert result.error is not None and result.error.ename == "AttributeError"
    assert "sandbox's numpy" in result.error.evalue
    result = sandbox.run("np.array(['a', 'b'])")
    assert result.error is not None and "strings" in result.error.evalue


def test_build_without_ulab_says_numpy_needs_it() -> None:
    with Sandbox(variant="micropython") as sb:
        guestlib.install(sb, "numpy")
        result = sb.run("import numpy")
    assert result.error is not None and result.error.ename == "ImportError"
    assert "without ulab" in result.error.evalue


def test_default_sandbox_has_numpy() -> None:
    with Sandbox() as sb:
        guestlib.install(sb, "numpy")
        assert sb.run("import numpy as np\nprint(np.arange(3) * 2)").stdout == "[0 2 4]\n"


def test_plots_accept_numpy_arrays(sandbox: Sandbox) -> None:
    guestlib.install(sandbox, "matplotlib")
    result = sandbox.run(SETUP + "import matplotlib.pyplot as plt\nx = np.linspace(0, 6, 50)\n"
                         "plt.plot(x, np.sin(x)); plt.scatter(x, np.cos(x), c=x)\n"
                         "plt.imshow(np.arange(12).reshape(3, 4)); plt.hist(np.random.normal(0, 1, 100))\n"
                         "from ulab import numpy as unp\n"
                         "plt.figure(); plt.plot(unp.linspace(0, 1, 5), unp.linspace(0, 1, 5) ** 2)")
    assert result.ok, result.error
    assert len([d for d in result.displays if "image/svg+xml" in d["data"]]) == 2


def test_hist_counts_print_like_matplotlib(sandbox: Sandbox) -> None:
    import matplotlib

    matplotlib.use("Agg")
    guestlib.install(sandbox, "matplotlib")
    code = ("import matplotlib.pyplot as plt\n"
            "n, bins, _ = plt.hist(np.array([1, 2, 2, 3, 3, 3, 7.5]), bins=4)\nprint(n, bins)\nplt.close('all')")
    result = sandbox.run(SETUP + code)
    assert result.ok, result.error
    assert result.stdout == _host(code)


def test_pylab_star_import_gives_numpy_and_pyplot(sandbox: Sandbox) -> None:
    import matplotlib

    matplotlib.use("Agg")
    code = ("from pylab import *\nx = linspace(0, 2 * pi, 5)\n"
            "print(x, sin(x).round(3), max(3, 4), round(2.567, 1), abs(-2))\n"
            "seed(0)\nprint(rand(2), randn(2), diag([1, 2]), sum(arange(4)), np.arange(3), plt.gcf() is gcf())\n"
            "close('all')\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})
    result = sandbox.run(code)
    assert result.ok, result.error
    assert result.stdout == out.getvalue()
