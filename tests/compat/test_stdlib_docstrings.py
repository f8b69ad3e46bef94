"""Function docstrings (`f.__doc__`, doctest on them): host CPython vs the sandbox.

MicroPython drops function docstrings; the host keeps the cells' source and the guest asks it for
the docstring of a function bound under its name (or a method of a class bound there); builtins
get the host CPython's own documentation of the same name. No expected output is hand-written.
"""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox

DOCTESTED = '''
    import doctest

    def add(a, b):
        """Add two numbers.

        >>> add(2, 3)
        5
        >>> add(1, 1)
        3
        >>> [add(i, i) for i in range(3)]
        [0, 2, 4]
        """
        return a + b

    class Stack:
        """A stack.

        >>> s = Stack(); s.push(1); s.items
        [1]
        """
        def __init__(self):
            self.items = []

        def push(self, x):
            """Push x.

            >>> s = Stack()
            >>> s.push(5)
            >>> s.items
            [5]
            """
            self.items.append(x)
'''


def test_function_docstrings(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, DOCTESTED + '''
    def nodoc(x):
        return x
    print(Stack.push.__doc__)
    print(Stack.__doc__)
    print(nodoc.__doc__, (lambda: 0).__doc__)
    print(len.__doc__)
    import math
    print(math.sqrt.__doc__)
    def add(a, b, c):
        "A new add (the latest def of a name gives the docstring)."
        return a + b + c
    print(repr(add.__doc__))
    ''')


def test_run_docstring_examples(sandbox: Sandbox) -> None:  # noqa: F811
    # (a failure report of run_docstring_examples names a line only when the host CPython finds
    # the cell's source in its line cache: verbose mode, which names none, is compared instead)
    same(sandbox, DOCTESTED + '''
    doctest.run_docstring_examples(Stack.push, globals())
    print("--")
    doctest.run_docstring_examples(Stack.push, globals(), verbose=True, name="push")
    print("--")
    print(doctest.testmod())
    ''')


def test_help_on_a_cell_function(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, '''
    def print_sum(val1, val2):
        """Function which prints the sum of given arguments."""
        print(val1 + val2)

    def calculate_sum(val1, val2):
        """A longer docstring.

        Args:
            val1: The first param
        """
        return val1 + val2

    print(help(print_sum))
    help(calculate_sum)
    ''')
