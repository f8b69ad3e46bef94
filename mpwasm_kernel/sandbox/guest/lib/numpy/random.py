"""numpy.random for the sandbox: seed, rand, randn, randint, normal, uniform, choice, shuffle,
permutation and default_rng, drawing from MicroPython's random module.

The values differ from numpy's generator for the same seed; distributions and dtypes match.
"""

import math
import random as _r

import numpy as _np


def seed(s=None):
    _r.seed(0 if s is None else int(s))


def _shape(size):
    if size is None:
        return None
    if isinstance(size, int):
        return (size,)
    return tuple(int(v) for v in size)


def _fill(size, draw, kind="float64"):
    shape = _shape(size)
    if shape is None:
        return draw()
    if len(shape) == 1:
        return _np.array([draw() for _ in range(shape[0])], dtype=kind)
    if len(shape) == 2:
        return _np.array([[draw() for _ in range(shape[1])] for _ in range(shape[0])], dtype=kind)
    raise NotImplementedError("the sandbox's numpy (ulab) supports arrays of at most 2 dimensions")


def random(size=None):
    return _fill(size, _r.random)


random_sample = random
sample = random


def rand(*shape):
    return _fill(shape if shape else None, _r.random)


def _gauss():
    u1 = _r.random()
    while u1 <= 0.0:
        u1 = _r.random()
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * _r.random())


def randn(*shape):
    return _fill(shape if shape else None, _gauss)


def normal(loc=0.0, scale=1.0, size=None):
    return _fill(size, lambda: loc + scale * _gauss())


def standard_normal(size=None):
    return _fill(size, _gauss)


def uniform(low=0.0, high=1.0, size=None):
    return _fill(size, lambda: low + (high - low) * _r.random())


def randint(low, high=None, size=None, dtype=int):
    if high is None:
        low, high = 0, low
    if high <= low:
        raise ValueError("low >= high")
    return _fill(size, lambda: _r.randrange(int(low), int(high)), "int64")


def choice(a, size=None, replace=True, p=None):
    pool = list(range(a)) if isinstance(a, int) else _np.array(a).tolist()
    kind = "int64" if isinstance(a, int) else _np.array(a)._dt
    if p is not None:
        weights = list(p) if not hasattr(p, "tolist") else p.tolist()
        cum = []
        acc = 0.0
        for w in weights:
            acc += w
            cum.append(acc)

        def draw():
            x = _r.random() * acc
            for i, c in enumerate(cum):
                if x < c:
                    return pool[i]
            return pool[-1]
    else:
        def draw():
            return pool[_r.randrange(len(pool))]
    if not replace:
        n = 1 if size is None else _shape(size)[0]
        if n > len(pool):
            raise ValueError("Cannot take a larger sample than population when replace=False")
        items = list(pool)
        shuffle(items)
        return items[0] if size is None else _np.array(items[:n], dtype=kind)
    return _fill(size, draw, kind)


def shuffle(x):
    """Shuffle a list or 1-D array in place."""
    n = len(x)
    for i in range(n - 1, 0, -1):
        j = _r.randrange(i + 1)
        x[i], x[j] = x[j], x[i]


def permutation(x):
    items = list(range(x)) if isinstance(x, int) else _np.array(x).tolist()
    shuffle(items)
    return _np.array(items)


class Generator:
    """numpy.random.Generator subset (default_rng): random, integers, normal, uniform, choice."""

    def __init__(self, s=None):
        if s is not None:
            seed(s)

    def random(self, size=None):
        return random(size)

    def integers(self, low, high=None, size=None):
        return randint(low, high, size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return normal(loc, scale, size)

    def standard_normal(self, size=None):
        return standard_normal(size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return uniform(low, high, size)

    def choice(self, a, size=None, replace=True, p=None):
        return choice(a, size, replace, p)

    def shuffle(self, x):
        shuffle(x)

    def permutation(self, x):
        return permutation(x)


def default_rng(s=None):
    return Generator(s)
