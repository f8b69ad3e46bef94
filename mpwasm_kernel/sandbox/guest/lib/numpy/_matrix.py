"""``numpy.matrix``: a 2-D array whose ``*`` is the matrix product, loaded on first use.

Every result of a matrix operation stays a matrix of 2 dimensions (a 1-D input becomes one
row), as in numpy; ``.T``, ``.H`` (the conjugate transpose: the transpose of a real matrix),
``.I`` (the inverse) and ``.A`` (the plain array). The repr is numpy's ``matrix([[...]])``.
"""

import numpy as _np
from numpy import _format
from numpy._ndarray import _kindname, ndarray


class matrix(ndarray):
    """numpy.matrix (real values, as every array of the sandbox's numpy)."""

    __module__ = "numpy"

    def __init__(self, data, dtype=None, copy=True):
        a = _np.array(data, dtype=dtype)
        if a.ndim > 2:
            raise ValueError("matrix must be 2-dimensional")
        if a.ndim < 2:
            a = a.reshape(1, a.size)
        ndarray.__init__(self, a._a.copy() if copy else a._a, a._dt, a._shape)

    def __repr__(self):
        return _format.array_text(self._shown(), _kindname(self._dt), self.size, self.shape, True, self._dt,
                                  "matrix")

    def __array__(self):
        return ndarray(self._a, self._dt, self._shape)

    @property
    def A(self):
        return ndarray(self._a.copy(), self._dt, self._shape)

    @property
    def T(self):
        return matrix(self.A.transpose())

    @property
    def H(self):
        return matrix(self.A.conjugate().transpose())

    @property
    def real(self):
        return matrix(self.A.real)

    @property
    def imag(self):
        return matrix(self.A.imag)

    def conjugate(self):
        return matrix(self.A.conjugate())

    def __abs__(self):
        return matrix(abs(self.A))

    @property
    def I(self):  # noqa: E743 - numpy's name
        return matrix(_np.linalg.inv(self.A))

    def transpose(self, *axes):
        return self.T

    def __getitem__(self, key):
        r = self.A[key]
        if isinstance(r, ndarray):
            if isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], int) and not isinstance(key[0], int):
                return matrix(r).T  # a column stays a column
            return matrix(r)
        return r

    def __mul__(self, o):
        if isinstance(o, (int, float, complex)):
            return matrix(self.A * o)
        return matrix(_np.dot(self.A, _plain(o)))

    def __rmul__(self, o):
        if isinstance(o, (int, float, complex)):
            return matrix(o * self.A)
        return matrix(_np.dot(_plain(o), self.A))

    def __matmul__(self, o):
        return matrix(_np.dot(self.A, _plain(o)))

    def __pow__(self, n):
        n = int(n)
        if n < 0:
            return self.I ** -n
        r = matrix(_np.eye(self.shape[0], dtype=self._dt))
        for _ in range(n):
            r = r * self
        return r

    def __add__(self, o):
        return matrix(self.A + _plain(o))

    __radd__ = __add__

    def __sub__(self, o):
        return matrix(self.A - _plain(o))

    def __rsub__(self, o):
        return matrix(_plain(o) - self.A)

    def __truediv__(self, o):
        return matrix(self.A / _plain(o))

    def __neg__(self):
        return matrix(-self.A)

    def sum(self, axis=None):
        r = self.A.sum(axis)
        if axis is None:
            return r
        return matrix(r).T if axis == 1 else matrix(r)


def _plain(o):
    return o.A if isinstance(o, matrix) else o


def asmatrix(data, dtype=None):
    return data if isinstance(data, matrix) and dtype is None else matrix(data, dtype)


mat = asmatrix
