"""pylab for the sandbox: ``from pylab import *`` gives pyplot's and numpy's names, as matplotlib's.

Like matplotlib's ``pylab``: pyplot's functions, then numpy's (with ``numpy.random``'s and
``numpy.linalg``'s), ``np`` and ``plt``; ``abs``, ``bool``, ``max``, ``min``, ``pow`` and
``round`` stay the builtins (``sum``, ``any`` and ``all`` are numpy's, as in matplotlib).
"""

import builtins as _builtins

import matplotlib.pyplot as plt  # noqa: F401 (a pylab name)
import matplotlib.ticker as _ticker  # noqa: E402 (pyplot's ticker names, which it loads on first use)
import numpy as np
import numpy._lessons as _more
from matplotlib import cm  # noqa: F401 (a pylab name; pyplot loads it on first use)
from matplotlib.patches import Arrow, Circle, Polygon, Rectangle  # noqa: F401
from matplotlib.pyplot import *  # noqa: F403
from numpy import *  # noqa: F403
from numpy.random import (  # noqa: F401
    choice,
    normal,
    permutation,
    rand,
    randint,
    randn,
    random_sample,
    seed,
    shuffle,
    standard_normal,
    uniform,
)

for _name in plt.TICKER_NAMES:
    globals()[_name] = getattr(_ticker, _name)
for _name in _more.NAMES:
    globals()[_name] = getattr(_more, _name)

inv = np.linalg.inv
det = np.linalg.det
norm = np.linalg.norm
solve = np.linalg.solve
eigvals = np.linalg.eigvals

abs = _builtins.abs  # noqa: A001
bool = _builtins.bool  # noqa: A001
max = _builtins.max  # noqa: A001
min = _builtins.min  # noqa: A001
pow = _builtins.pow  # noqa: A001
round = _builtins.round  # noqa: A001
