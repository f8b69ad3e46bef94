"""Import order: a library module built on a frozen one (os, time, functools) must not leave
MicroPython's frozen modules behind in sys.modules (issue 26: after `import os`, the frozen
`collections` shadowed the library's). Differential: host CPython vs the sandbox."""

from __future__ import annotations

import pytest
from stdlib_support import run_cpython, same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

COLLECTIONS_USE = """
from collections import Counter, OrderedDict, defaultdict, deque, namedtuple
import collections
d = defaultdict(list)
d['b'].append(1); d['a'].append(2)
print(d, dict(d), sorted(d), len(d))
print([k for k in d], list(d.items()))
print(Counter('mississippi').most_common(2), deque([1, 2, 3]), deque('ab', 3))
print(OrderedDict(a=1), namedtuple('P', 'x y')(1, 2), collections.ChainMap({'a': 1}))
"""

IMPORTERS = ["import os", "import os.path", "from os import path", "import pathlib", "import time",
             "import functools", "import datetime", "import random", "import json",
             "import os, time, functools, pathlib", "import io"]


@pytest.mark.parametrize("first", IMPORTERS)
def test_collections_after(sandbox: Sandbox, first: str) -> None:  # noqa: F811
    same(sandbox, first + "\n" + COLLECTIONS_USE)


@pytest.mark.parametrize("first", ["import os", "import pathlib", "import functools", "import time"])
def test_collections_in_the_next_cell(sandbox: Sandbox, first: str) -> None:  # noqa: F811
    """The import in one cell, collections in the next: the same as one CPython session."""
    sandbox.reset()
    assert sandbox.run(first).error is None
    r = sandbox.run(COLLECTIONS_USE)
    assert r.error is None, r.error
    assert r.stdout == run_cpython(first + "\n" + COLLECTIONS_USE)


def test_collections_before_and_after(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from collections import defaultdict
        d1 = defaultdict(int)
        import os, pathlib
        from collections import defaultdict as again
        import collections
        print(again is defaultdict, collections.defaultdict is defaultdict, type(d1) is again)
        print(os.path.join('a', 'b'), pathlib.Path('a') / 'b')
    """)


def test_no_frozen_module_left_behind(sandbox: Sandbox) -> None:  # noqa: F811
    """After the library modules built on frozen ones, sys.modules holds no frozen collections."""
    same(sandbox, """
        import sys
        import os, os.path, time, functools, pathlib
        print('collections' in sys.modules and not hasattr(sys.modules['collections'], 'Counter'))
        print('collections.defaultdict' in sys.modules)
        import collections
        print(sys.modules['collections'] is collections, hasattr(collections, 'Counter'))
    """)
