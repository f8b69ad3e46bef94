"""print()/repr() of classes, default-repr instances, generators, iterator objects, bound methods
and built-in functions as CPython writes them (issue 26). Differential: the same cell on the
host CPython and in the sandbox; object addresses are masked (they differ between any two runs)."""

from __future__ import annotations

import re
import textwrap

import pytest
from stdlib_support import run_cpython, run_guest, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

ADDRESS = re.compile(r" at 0x[0-9a-f]+")

CELLS = {
    "instance": """
        class Rocket:
            pass
        r = Rocket()
        print(r)
        print(repr(r), [r], (r,), {'k': r})
    """,
    "classes": """
        class Sample:
            pass
        from collections import Counter, OrderedDict
        print(Sample, [Sample], type(None), int, type(Sample()), Counter, type(OrderedDict()))
    """,
    "str_and_exceptions_kept": """
        class Shown:
            def __str__(self):
                return 'shown'
        class Oops(Exception):
            pass
        class Repr:
            def __repr__(self):
                return 'R!'
        print(Shown(), Oops('x'), Repr(), [Repr()])
    """,
    "iterators_and_generators": """
        def gen():
            yield 1
        print(zip([1], [2]), map(str, [1]), filter(None, []), enumerate([]))
        print(gen(), (x for x in [1]), [enumerate("ab")])
    """,
    "bound_methods": """
        class Dog:
            def bark(self):
                return 'woof'
        d = Dog()
        print(d.bark)
        print(repr(d.bark).startswith('<bound method Dog.bark of <__main__.Dog object'))
    """,
    "builtin_functions": """
        import math
        print(len, abs, math.sqrt, [max])
    """,
    # functions the guest writes in Python (print, sum, sorted, isinstance) print as built-ins
    "guest_builtin_functions": """
        print(print, sum, sorted, isinstance, repr, [print])
        print(repr(print), (sum,))
    """,
    "generator_function": """
        def countdown(n):
            while n:
                yield n
                n -= 1
        print(countdown, repr(countdown), [countdown], countdown(3))
    """,
    "complex": """
        print(-1j, complex(0.1, 0.2), 1e20j, complex(-0.0, 0), 2 - 0j, -(1 + 1j), 79.9j, [1j, -2j], repr(-1j))
        print(complex(1, float('nan')), complex(float('inf'), -1), {'z': 1.5 - 0.5j})
    """,
    "objects_and_exceptions": """
        o = object()
        print(repr(o), [o], {'sentinel': o})
        class MyError(Exception):
            pass
        print(repr(ValueError('x')), [KeyError('k'), MyError('m')], repr(MyError('a', 2)), (ZeroDivisionError(),))
    """,
    "methods_of_builtin_values": """
        x, z = 2.5, 1 + 2j
        print(type(x.is_integer), x.is_integer, z.conjugate, x.is_integer(), z.conjugate(), "ab".title())
        print(type("ab".title).__name__, "ab".title.__name__, x.is_integer.__self__)
    """,
    "floats_still": """
        print(0.1 + 0.2, [79.9], {'a': 1.5}, repr(2.675))
    """,
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_print_and_repr_as_cpython(name: str, sandbox: Sandbox) -> None:  # noqa: F811
    cell = textwrap.dedent(CELLS[name])
    expected = ADDRESS.sub(" at 0x…", run_cpython(cell))
    assert ADDRESS.sub(" at 0x…", run_guest(sandbox, cell)) == expected
