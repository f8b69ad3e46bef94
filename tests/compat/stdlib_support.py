"""Differential testing of the guest standard library: one cell, host CPython vs the sandbox.

`same(sandbox, code)` runs `code` with the host's CPython (in-process `exec` in a fresh
`__main__` namespace, stdout captured) and in a reset `Sandbox`, and asserts that both printed
the same text and ended the same way (no error, or the same exception type and message).
No expected output is written by hand.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import sys
import tempfile
import textwrap
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from mpwasm_kernel import Limits, Sandbox

LIMITS = Limits(fuel=20_000_000_000, wall_seconds=60.0)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    """One sandbox per test module; `same` resets it before every cell."""
    with Sandbox(LIMITS) as sb:
        yield sb


def _ending(ename: str, evalue: str, messages: bool) -> str:
    return f"!! {ename}: {evalue}" if messages else f"!! {ename}"


_CHECKOUT = Path(__file__).resolve().parents[2]
_host_dir: str | None = None


def _host_cwd() -> str:
    """The working directory of the host's runs: the test's own when it chose one (`in_tmp`),
    else a private directory, one per test process (files a cell writes stay there for the
    process's later cells, never in the checkout)."""
    global _host_dir
    if Path.cwd().resolve() != _CHECKOUT:
        return os.getcwd()
    if _host_dir is None:
        _host_dir = tempfile.mkdtemp(prefix="mpwasm-compat-host-")
    return _host_dir


@contextlib.contextmanager
def _in_directory(directory: str) -> Iterator[None]:
    """`directory` as the working directory and first on `sys.path`, as a notebook's kernel has
    its own directory (modules a cell writes there can be imported)."""
    with contextlib.chdir(directory):
        sys.path.insert(0, directory)
        try:
            yield
        finally:
            sys.path.remove(directory)


def run_cpython(code: str, messages: bool = True) -> str:
    """Stdout of `code` under the host CPython, plus a last line naming an uncaught exception.

    The cell runs in a fresh module installed as `__main__` (as IPython does), so code that
    looks up `__main__` (unittest.main, doctest.testmod) finds the cell's names, with a private
    temporary directory as its working directory.
    """
    out = io.StringIO()
    main = types.ModuleType("__main__")
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    try:
        with _in_directory(_host_cwd()), contextlib.redirect_stdout(out):
            try:
                exec(compile(code, "<cell>", "exec"), main.__dict__)  # noqa: S102 - test cells written here
            except Exception as exc:
                print(_ending(type(exc).__name__, str(exc), messages))
    finally:
        sys.modules["__main__"] = saved
    return out.getvalue()


def run_guest(sandbox: Sandbox, code: str, messages: bool = True) -> str:
    """Stdout of `code` in a freshly reset sandbox, plus a last line naming an uncaught exception."""
    sandbox.reset()
    result = sandbox.run(code, store_result=False)
    text = result.stdout
    if result.error is not None:
        if text and not text.endswith("\n"):
            text += "\n"
        text += _ending(result.error.ename, result.error.evalue, messages) + "\n"
    return text


def record_annotations(code: str) -> str:
    """Stand-in for the host cell pass (issue 10): record class-body annotations for the guest.

    Inserts `__annotations__ = [(name, 'source text'), ...]` as the first statement of every
    class body that has annotated names (the guest-side contract of docs/guest-library.md).
    """
    lines = code.splitlines()
    inserts = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ClassDef):
            pairs = [(stmt.target.id, ast.unparse(stmt.annotation)) for stmt in node.body
                     if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)]
            if pairs:
                first = node.body[0]
                inserts.append((first.lineno - 1, " " * first.col_offset + f"__annotations__ = {pairs!r}"))
    for index, text in sorted(inserts, reverse=True):
        lines.insert(index, text)
    return "\n".join(lines) + "\n"


def same(sandbox: Sandbox, code: str, messages: bool = True, annotations: bool = False) -> str:
    """Assert CPython and the sandbox print the same for `code`; return that output.

    `annotations=True` gives the guest the class annotations the host pass will record.
    """
    code = textwrap.dedent(code)
    expected = run_cpython(code, messages)
    actual = run_guest(sandbox, record_annotations(code) if annotations else code, messages)
    assert actual == expected, f"\n--- cell ---\n{code}\n--- CPython ---\n{expected}\n--- sandbox ---\n{actual}"
    return actual
