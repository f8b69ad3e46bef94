"""copy, abc, contextlib, textwrap: differential tests (host CPython vs the sandbox)."""

from __future__ import annotations

from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_copy(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import copy
        grid = [[0, 1], [2, 3]]
        shallow, deep = copy.copy(grid), copy.deepcopy(grid)
        grid[0][0] = 99
        print(shallow, deep, shallow is grid, shallow[0] is grid[0])
        class Node:
            def __init__(self, value, children):
                self.value = value
                self.children = children
        tree = Node(1, [Node(2, [])])
        clone = copy.deepcopy(tree)
        clone.children[0].value = 20
        print(tree.children[0].value, clone.children[0].value, copy.copy(tree).children is tree.children)
        d = {'a': [1, 2], 'b': (3, [4])}
        e = copy.deepcopy(d); e['b'][1].append(5)
        print(d, e)
    """)


def test_abc(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from abc import ABC, abstractmethod

        class Shape(ABC):
            @abstractmethod
            def area(self):
                pass
            def describe(self):
                return type(self).__name__ + ' with area ' + str(self.area())

        class Square(Shape):
            def __init__(self, side):
                self.side = side
            def area(self):
                return self.side ** 2

        print(Square(3).describe())
        try:
            Shape()
        except TypeError as e:
            print(e)
        class Half(Shape):
            pass
        try:
            Half()
        except TypeError as e:
            print(e)
    """)


def test_contextlib(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        from contextlib import contextmanager, suppress, redirect_stdout, ExitStack, nullcontext
        import io

        @contextmanager
        def tag(name):
            print('<%s>' % name)
            try:
                yield name.upper()
            finally:
                print('</%s>' % name)

        with tag('b') as t:
            print('inside', t)
        try:
            with tag('i'):
                raise ValueError('boom')
        except ValueError as e:
            print('caught', e)
        with suppress(KeyError, ZeroDivisionError):
            1 / 0
        print('suppressed')
        buf = io.StringIO()
        with redirect_stdout(buf):
            print('hidden', 42)
        print('captured:', repr(buf.getvalue()))
        with ExitStack() as stack:
            stack.callback(print, 'callback ran')
            print('in stack')
        with nullcontext(5) as v:
            print(v)
    """)


def test_textwrap(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import textwrap
        text = ("The quick brown fox jumps over the lazy dog. A well-known example sentence, "
                "used to test typewriters and computer keyboards; it contains every letter.")
        print(textwrap.wrap(text, width=30))
        print(textwrap.fill(text, width=25, initial_indent='* ', subsequent_indent='  '))
        print(textwrap.shorten(text, width=40), textwrap.shorten('Hello  world!', width=12))
        print(textwrap.wrap('supercalifragilisticexpialidocious is long', width=10))
        print(repr(textwrap.dedent('''
            def f():
                return 1
        ''')))
        print(textwrap.indent('a\\n\\nb', '> '))
        print(textwrap.fill('Short.', width=3), textwrap.wrap('', 10))
    """)
