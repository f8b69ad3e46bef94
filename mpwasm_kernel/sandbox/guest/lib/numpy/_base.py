"""The ulab module every part of the sandbox's numpy uses, and small shared helpers.

Importing it raises the ``ImportError`` that says numpy needs the ulab build when ulab is absent.
"""

try:
    from ulab import numpy as _u
except ImportError:
    raise ImportError("numpy is not available in this interpreter: it was started without ulab "
                      "(variant 'micropython'); the default build, variant 'ulab', has numpy.") from None

_F = _u.float


class _Index:
    def __getitem__(self, key):
        return key


_ALL = _Index()[:]  # a full slice (MicroPython cannot call slice())


def _missing(what):
    return NotImplementedError("numpy.%s is not available in the sandbox's numpy (ulab-based); "
                               "see docs/plotting.md for what is supported" % what)
