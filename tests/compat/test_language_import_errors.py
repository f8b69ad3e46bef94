"""Import errors: CPython's `ModuleNotFoundError` (MicroPython has none: the import hook raises the
guest's class for a missing module and the source pass reads the name as it), `from package import
missing` as ImportError, `from urllib import parse` (a submodule whose module has `__getattr__`).
Differential: host CPython vs sandbox."""

from __future__ import annotations

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

CELLS = [
    """
    try:
        import nonexistent_mod
    except ImportError as e:
        print(type(e).__name__, e, e.name, isinstance(e, ImportError))
    """,
    """
    try:
        import nonexistent_mod
    except ModuleNotFoundError as e:
        print("caught", e)
    """,
    """
    try:
        import numpy_not_here as np
    except ModuleNotFoundError:
        print("no numpy")
    """,
    """
    try:
        from math import nothing
    except ModuleNotFoundError:
        print("wrong")
    except ImportError as e:
        print(type(e).__name__)
    """,
    """
    print(issubclass(ModuleNotFoundError, ImportError), ModuleNotFoundError.__name__)
    """,
    """
    import nonexistent_mod2
    """,
    """
    try:
        from collections import nothing_here
    except ImportError as e:
        print(type(e).__name__)
    import collections, json, math
    print(collections.Counter("aab"))
    """,
    """
    from collections import abc
    print(abc.Mapping.__name__)
    """,
    """
    from os import path
    print(path.join("a", "b"))
    """,
    """
    try:
        from os import nothing_here
    except ImportError as e:
        print(type(e).__name__)
    """,
    """
    from urllib import parse
    print(parse.quote("a b"))
    """,
    """
    try:
        from urllib import nothing2
    except ImportError as e:
        print(type(e).__name__)
    """,
    """
    from matplotlib import pyplot
    print(pyplot.__name__)
    """,
]


@pytest.mark.parametrize("cell", CELLS, ids=[f"cell{i}" for i in range(len(CELLS))])
def test_import_errors(sandbox: Sandbox, cell: str) -> None:  # noqa: F811
    same(sandbox, cell)
