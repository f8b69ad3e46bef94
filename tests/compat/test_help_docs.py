"""help(obj) and obj? show a signature and documentation, compared with the host CPython.

User functions and classes: the signature and docstring the sandbox shows must be the ones
CPython's ``inspect`` gives for the same definition run on the host. Builtins and standard
modules: help() prints CPython's own pydoc page (``obj?`` labels CPython's text).
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
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
        indent = "    " if inspect.isfunction(obj) else " |  "  # a class's page is pydoc's boxed listing
        assert "\n".join(indent + line for line in doc.split("\n")) in result.stdout  # pydoc indents blank lines too
    elif inspect.isfunction(obj):  # pydoc shows nothing under the signature
        assert result.stdout.endswith(f"{signature}\n\n")
    else:
        assert "(no docstring)" in result.stdout
    assert CPYTHON_LABEL not in result.stdout


@pytest.mark.parametrize("expression", ["len", "math.sqrt", "print", "abs", "sorted", "sum", "str.replace",
                                        '"x".lower', "[].append", "dict.get", "int", "list"])
def test_help_of_builtins_is_cpythons_pydoc_page(sandbox: Sandbox, expression: str) -> None:
    """help() of a builtin prints what CPython's help() prints (pydoc's page, unlabelled)."""
    code = f"import math\nhelp({expression})"
    host = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PAGER": "cat", "TERM": "dumb"})
    assert host.returncode == 0, host.stderr
    sandbox.reset()
    result = sandbox.run(code)
    assert result.ok, result.error
    assert result.stdout == host.stdout
    assert CPYTHON_LABEL not in result.stdout


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
