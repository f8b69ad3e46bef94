"""help(obj) and obj? show a signature and documentation, compared with the host CPython.

User functions and classes: the signature and docstring the sandbox shows must be the ones
CPython's ``inspect`` gives for the same definition run on the host. Builtins and standard
modules: the text is CPython's own (``inspect.signature``/``inspect.getdoc``), labelled.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterator
from typing import Any

import pytest

from mpwasm_kernel.sandbox import Sandbox
from mpwasm_kernel.sandbox.cpython.docs import CPYTHON_LABEL

DEFINITIONS = [
    ("area", "def area(width, height=1):\n    '''Area of a rectangle.\n\n    Both sides in metres.\n    '''\n"
             "    return width * height\n"),
    ("greet", "def greet(name, *names, sep=', ', **options):\n    \"\"\"Greet everybody.\"\"\"\n    return name\n"),
    ("nodoc", "def nodoc(a, b=None):\n    return a\n"),
    ("Room", "class Room:\n    '''A room in a house.'''\n    def __init__(self, width, depth=3):\n"
             "        self.width = width\n"),
]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


def _host(name: str, source: str) -> Any:
    namespace: dict = {}
    exec(compile(source, "<cell>", "exec"), namespace)  # noqa: S102 - definitions written here
    return namespace[name]


@pytest.mark.parametrize(("name", "source"), DEFINITIONS)
def test_help_of_user_definitions_as_cpython_inspect(sandbox: Sandbox, name: str, source: str) -> None:
    obj = _host(name, source)
    sandbox.reset()
    assert sandbox.run(source, filename="<cell-1>").ok
    result = sandbox.run(f"help({name})", filename="<cell-2>")
    assert result.ok, result.error
    signature = f"{name}{inspect.signature(obj)}"
    assert signature in result.stdout
    doc = inspect.getdoc(obj) if inspect.isfunction(obj) or obj.__doc__ else None
    if doc:
        assert "\n".join("    " + line for line in doc.split("\n")) in result.stdout  # pydoc indents blank lines too
    else:
        assert "(no docstring)" in result.stdout
    assert CPYTHON_LABEL not in result.stdout


@pytest.mark.parametrize(("expression", "host"), [("len", len), ("math.sqrt", math.sqrt), ("print", print),
                                                  ("abs", abs), ("sorted", sorted), ("str.replace", str.replace),
                                                  ('"x".lower', str.lower), ("[].append", list.append),
                                                  ("dict.get", dict.get)])
def test_help_of_builtins_is_cpython_documentation_labelled(sandbox: Sandbox, expression: str, host: Any) -> None:
    sandbox.reset()
    result = sandbox.run(f"import math\nhelp({expression})")
    assert result.ok, result.error
    assert f"{host.__name__}{inspect.signature(host)}" in result.stdout
    assert inspect.getdoc(host).split("\n")[0] in result.stdout
    assert CPYTHON_LABEL in result.stdout


def test_help_of_an_instance_documents_its_class(sandbox: Sandbox) -> None:
    name, source = DEFINITIONS[-1]
    sandbox.reset()
    sandbox.run(source, filename="<cell-1>")
    result = sandbox.run("help(Room(2))", filename="<cell-2>")
    assert f"Room{inspect.signature(_host(name, source))}" in result.stdout


def test_help_without_argument_and_of_unknown_objects(sandbox: Sandbox) -> None:
    sandbox.reset()
    result = sandbox.run("help()")
    assert result.ok and "help(object)" in result.stdout
    result = sandbox.run("class Opaque:\n    pass\nhelp(Opaque())")  # no host source: MicroPython's help
    assert result.ok


def test_help_on_a_method_of_a_variable(sandbox: Sandbox) -> None:
    """help(lst.count): the documentation of the variable's built-in type's method (the host
    CPython's docstring of list.count), not the bound method's type."""
    sandbox.reset()
    result = sandbox.run("lst = [1, 2]\nhelp(lst.count)\nwords = 'a b'\nhelp(words.split)")
    assert result.error is None
    assert list.count.__doc__ in result.stdout and str.split.__doc__.splitlines()[0] in result.stdout
