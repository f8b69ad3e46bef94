"""``matplotlib.pylab``: the same namespace as ``pylab`` (pyplot's and numpy's names)."""

from pylab import *  # noqa: F403
