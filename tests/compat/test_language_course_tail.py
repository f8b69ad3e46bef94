"""Course-notebook idioms found measuring two new proxy sets in issue 26's eleventh round.

Each test runs the same cell on the host's CPython (or IPython's result formatter) and in the
sandbox and compares the outputs; nothing here is a hand-written expected output.

* a class joining two bases of one plain class (a "diamond"): CPython's order finds the second
  base's ``__repr__``, MicroPython's depth-first lookup found the plain class's default first;
* ``ascii()`` (MicroPython has none) and the ``!a`` conversion in f-strings and ``str.format``;
* CPython's message for a missing keyword-only argument, for an argument given twice and for
  ``"text" + (a == b)`` (it says "bool" where MicroPython says int), and for ``except "text":``;
* private attributes: ``self.__age`` in ``class Person`` is ``self._Person__age`` (name mangling),
  so ``person.__age`` outside the class raises AttributeError;
* ``True ^ False`` and the other bitwise operators between bool literals, comparisons and ``not``
  (a bool, as in CPython; MicroPython gives an int; between variables it still does);
* ``f.__call__(...)`` on a function, a lambda or a class;
* ``f"{x = }"``: a self-documenting f-string field with spaces around its ``=``;
* ``f.name``, ``f.mode``, ``f.readable()``, ``f.writable()`` and ``f.writelines()`` of a file the
  cell opened (MicroPython's written and binary files have none of them);
* ``dir()`` of a text file and of ``io.StringIO``/``io.BytesIO`` objects;
* ``help()`` of a cell class's method, bound or through its class, and of a function without a
  docstring; a bound method's ``__doc__``; ``help(open)`` (IPython's wrapper) and ``help(value)``;
* ``%load`` of a missing file: IPython's ValueError.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from ipython_results import ipython_results, sandbox_results
from stdlib_support import run_cpython, run_guest, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.runner import Request, RequestRunner

ADDRESS = re.compile(r" at 0x[0-9a-f]+")

CELLS = {
    "diamond_repr": """
        class Vector2D(object):
            def __init__(self, x, y):
                self.x, self.y = x, y
        class Addable(Vector2D):
            def add(self, other):
                return type(self)(self.x + other.x, self.y + other.y)
        class Representable(Vector2D):
            def __str__(self):
                return "Vector2D({},{})".format(self.x, self.y)
            def __repr__(self):
                return str(self)
        class Extended(Addable, Representable):
            def __str__(self):
                return "Extended" + super(Extended, self).__str__()
        class Deeper(Extended):
            pass
        v = Extended(1, 4).add(Extended(1, 1))
        print(repr(v), str(v), [v], f"{v!r}", "%r" % (v,), Deeper(0, 0))
    """,
    "diamond_repr_calling_super": """
        class Plain:
            def __init__(self, n):
                self.n = n
        class Left(Plain):
            pass
        class Shown(Plain):
            def __repr__(self):
                return "Shown(" + super().__repr__()[:16] + ")"
        class Both(Left, Shown):
            pass
        class Neither(Left, Plain):
            pass
        print(repr(Both(1)), [Both(2)], Neither(3))
        print(repr(Left(4)), Shown(5))
    """,
    "diamond_without_init": """
        class Base:
            kind = 'base'
        class A(Base):
            pass
        class B(Base):
            def __repr__(self):
                return 'B-repr'
        class C(A, B):
            pass
        print(C(), repr(C()), [C()], A())
    """,
    "fstring_self_documenting_with_spaces": """
        x, name = 5, "Ann"
        def show(v):
            return f"{v = }"
        print(f"{x = }", f"{x=}", f"{x = :>4}", f"{name = !s}", f"{x+1 = }", f"{name=}", show(3.5))
        print(f"{x == 5}", f"{x <= 5 = }", f"{'='}", f"{x}= ", f"a = {x}", f"{ {'a': 1}['a'] = }")
    """,
    "ascii": """
        x = ascii("My name is Ståle")
        print(x, ascii("€ 😀 é"), ascii([1, "ü"]), ascii(b"\\xff"), ascii(3), ascii("plain"), ascii({"k": "ñ"}))
        print(f"{'Ståle'!a}", "{!a}".format("ø"), "{0!a:>8}|".format("é"), f"{'ß'!a:>6}|")
    """,
    "keyword_only_after_star_args": """
        def greet(host, *guests, super_special_guest):
            print(host, guests, super_special_guest)
        greet('Alice', 'Bob', super_special_guest='Eve')
        greet('Alice', 'Bob', 'Charlotte', 'David')
    """,
    "keyword_only_two_missing": """
        def f(a, *, b, c, d=1):
            return a
        print(f(1, b=2, c=3))
        f(1)
    """,
    "keyword_only_one_missing_in_assignment": """
        def f(a, *, b, c, d=1):
            return a
        x = f(1, c=2)
    """,
    "keyword_only_method": """
        class K:
            def m(self, *, key):
                return key
        print(K().m(key=1))
        K().m()
    """,
    "bitwise_operators_on_bools": """
        print( True ^  True )
        print( True ^ False )
        print(False & True, True | False, (1 < 2) ^ (3 > 4), not 0 | False, True & 1, 5 ^ 3, True ^ True ^ True)
        x = [True ^ False, {True | True}]
        print(x, (True ^ False) + 1, 2 > 1 & 1, (1 in [1]) & (2 is not None), (True and False) | True)
    """,
    "private_attributes_mangled": """
        class Person:
            def __init__(self, name, age=0):
                self.name = name
                self.__age = age
            def display(self):
                print(self.name, self.__age)
        class Account:
            def __init__(self, b):
                self.__balance = b
            def withdraw(self, x):
                self.__balance -= x
                return self.__balance
            @property
            def balance(self):
                return self.__balance
        class Savings(Account):
            def peek(self):
                return self.__balance
        class _Hidden:
            def __init__(self):
                self.__x, self.__y__ = 1, 2
            def get(self):
                return self.__x, self.__y__
        person = Person('Dev', 30)
        person.display()
        print(person._Person__age, sorted(vars(person)), Account(10).withdraw(3), Savings(5).balance)
        print(_Hidden().get(), _Hidden()._Hidden__x, sorted(vars(_Hidden())))
        try:
            Savings(1).peek()
        except AttributeError as e:
            print(e)
        print(person.__age)
    """,
    "concatenating_a_bool": """
        string, another_string = "Onyi", "Kelly"
        print(string+(another_string == "OnyiKelly"))
    """,
    "concatenating_a_bool_literal_to_a_list": """
        x = [1] + True
    """,
    "multiple_values_for_an_argument": """
        def subtract(a, b):
            return a - b
        print(subtract(b=1, a=3))
        subtract(6, a=10)
    """,
    "except_a_string": """
        a, b = 5, 0
        try:
            a/b
        except "WRITE YOUR CODE HERE":
            "AND HERE"
    """,
    "except_a_number": """
        try:
            [][1]
        except 5:
            pass
    """,
    "call_dunder": """
        square = lambda x: x * x
        def add(a, b=1):
            return a + b
        class Point:
            def __init__(self, x):
                self.x = x
        class Caller:
            def __call__(self, v):
                return v * 2
        print((lambda x: x - 1).__call__(1), square.__call__(4), add.__call__(2, b=5))
        print(Point.__call__(3).x, Caller().__call__(21), len.__call__('abc'), callable(add.__call__))
        (5).__call__()
    """,
}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_cells_as_cpython(name: str, sandbox: Sandbox) -> None:  # noqa: F811
    cell = textwrap.dedent(CELLS[name])
    expected = ADDRESS.sub(" at 0x…", run_cpython(cell))
    assert ADDRESS.sub(" at 0x…", run_guest(sandbox, cell)) == expected


def test_dir_of_files_and_streams_as_cpython(same_output: Callable[[str], str]) -> None:
    """dir() of a file written, a file read, io.StringIO and io.BytesIO (in a fresh directory)."""
    same_output("""
        import io
        with open("notes.txt", "w") as out:
            print(dir(out))
            out.write("one\\n")
        with open("notes.txt") as inp:
            print(dir(inp))
        print(dir(io.StringIO("x")))
        print(dir(io.BytesIO(b"x")))
    """)


def test_file_name_and_mode_as_cpython(same_output: Callable[[str], str]) -> None:
    """`f.name`, `f.mode` of files the cell opens, in every mode (a fresh directory)."""
    same_output("""
        f = open("a.txt", "w")
        print(f.name, f.mode, f.closed)
        f.close()
        print(f.closed, f.name)
        for m in ("wb", "ab", "r+b", "w+b", "a+b", "w+", "a", "rb", "r", "r+", "at"):
            with open("b.bin" if "b" in m else "a.txt", m) as f:
                print(m, f.name, f.mode)
        import pathlib
        g = open(pathlib.Path("a.txt"), "a")
        print(g.name, g.mode)
        g.close()
        class P:
            def __init__(self):
                self.name, self.mode = "p", "m"
        f = P()
        print(f.name, f.mode)
        f = open("a.txt")
        f.close()
        print(f.name, f.mode)
        with open("w.txt", "w") as file:
            file.writelines(["Hello\\n", "ReDi", "!!!"])
            print(file.readable(), file.writable())
        with open("w.txt") as f:
            print(repr(f.read()), f.readable(), f.writable())
        with open("w.bin", "wb") as g:
            g.writelines([b"a", b"b"])
            g.writelines(x for x in [b"c"])
        print(open("w.bin", "rb").read())
        for m in ("w", "a", "r+", "w+", "rb", "wb", "ab", "r+b"):
            with open("w.txt" if "b" not in m else "w.bin", m) as f:
                print(m, f.readable(), f.writable())
    """)


def test_diamond_results_as_ipython(sandbox: Sandbox) -> None:  # noqa: F811
    cells = [CELLS["diamond_repr"], "v", "Deeper(2, 3)", "[Extended(0, 1)]", "Addable(1, 1)",
             CELLS["diamond_without_init"], "C()", "A()"]
    assert sandbox_results(sandbox, cells) == ipython_results(cells)


HELP_DEFINITIONS = '''
class Student:
    """A student."""
    def __init__(self, name):
        self.name = name
    def say_hi(self, greeting, times=1):
        """ This is a classical example of a function that prints something.
        The more complex your system, the less likely it is a good idea to print.
        """
        print(greeting * times, self.name)
    def nodoc(self):
        return None
    @classmethod
    def make(cls, *names):
        "Make one."
        return cls(*names)
class Graduate(Student):
    pass
def plain(a, b=None):
    return a
class Shapes:
    sides = 0
    names = ['a', "b"]
    def area(self, *, scale: float = 1.0, **options) -> float:
        return 0.0
    @property
    def kind(self):
        """What it is."""
        return 'shape'
    @staticmethod
    def unit(n=2):
        pass
class Square(Shapes):
    """Four sides."""
    sides = 4
    def area(self, *, scale: float = 1.0, **options) -> float:
        return 1.0
jyry = Student("Jyry")
grad = Graduate("G")
'''


def _host_help(expressions: list[str]) -> str:
    code = HELP_DEFINITIONS + "".join(f"help({e})\n" for e in expressions)
    host = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PAGER": "cat", "TERM": "dumb"})
    assert host.returncode == 0, host.stderr
    return host.stdout


@pytest.mark.parametrize("expression", ["jyry.say_hi", "Student.say_hi", "jyry.nodoc", "grad.say_hi",
                                        "Graduate.say_hi", "jyry.make", "plain",
                                        # a temporary instance's method: its class from the method's repr
                                        "Student('Temp').say_hi", "Graduate('T').say_hi",
                                        # a cell class: pydoc's whole page (methods, descriptors, bases)
                                        "Student", "Graduate", "Shapes", "Square"])
def test_help_of_methods_and_functions_as_pydoc(sandbox: Sandbox, expression: str) -> None:  # noqa: F811
    """help() of a cell class's method prints pydoc's page exactly (CPython's on the host)."""
    sandbox.reset()
    assert sandbox.run(HELP_DEFINITIONS, filename="<cell-1>").ok
    result = sandbox.run(f"help({expression})", filename="<cell-2>")
    assert result.ok, result.error
    assert result.stdout == _host_help([expression])


def test_help_of_a_method_value_without_its_source_text(sandbox: Sandbox) -> None:  # noqa: F811
    """A bound method stored in a variable is found through the instance that holds it."""
    sandbox.reset()
    assert sandbox.run(HELP_DEFINITIONS, filename="<cell-1>").ok
    result = sandbox.run("m = jyry.say_hi\nhelp(m)", filename="<cell-2>")
    assert result.ok, result.error
    assert result.stdout == _host_help(["jyry.say_hi"])


def test_bound_method_docstrings_as_cpython(sandbox: Sandbox) -> None:  # noqa: F811
    cell = HELP_DEFINITIONS + "print(repr(jyry.say_hi.__doc__), repr(grad.say_hi.__doc__), " \
        "repr(jyry.nodoc.__doc__), repr(Student.say_hi.__doc__), repr(jyry.__doc__))\n"
    assert run_guest(sandbox, cell) == run_cpython(cell)


def _ipython_stdout(code: str) -> str:
    """What IPython's own shell prints for `code` (its namespace has IPython's `open`)."""
    script = ("from IPython.core.interactiveshell import InteractiveShell\n"
              f"InteractiveShell.instance().run_cell({code!r})\n")
    host = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PAGER": "cat", "TERM": "dumb"})
    assert host.returncode == 0, host.stderr
    return host.stdout


@pytest.mark.parametrize("code", ["help(open)", "text = b'abc'\nhelp(text)", "help(5)", "x = [1]\nhelp(x)",
                                  "help(2.5)", "help((1,))"])
def test_help_of_open_and_of_values_as_ipython(sandbox: Sandbox, code: str) -> None:  # noqa: F811
    """help(open) documents IPython's wrapper (a function of module io); help(value) of a built-in
    value is pydoc's "Help on bytes object" page."""
    sandbox.reset()
    result = sandbox.run(code)
    assert result.ok, result.error
    assert result.stdout == _ipython_stdout(code)


def test_load_of_a_missing_file_is_ipythons_error(tmp_path: Path) -> None:
    """`%load` of a file that does not exist: IPython's ValueError as the cell's error output."""
    script = ("from IPython.core.interactiveshell import InteractiveShell\n"
              "r = InteractiveShell.instance().run_cell('%load solutions/missing.py')\n"
              "print(type(r.error_in_exec).__name__ + ': ' + str(r.error_in_exec))\n")
    host = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert host.returncode == 0, host.stderr
    with RequestRunner(Limits()) as runner:
        outcome = runner.run(Request("%load solutions/missing.py", execution_count=1))
    assert outcome.error is not None
    assert f"{outcome.error.ename}: {outcome.error.evalue}" == host.stdout.splitlines()[-1]
