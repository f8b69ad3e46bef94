"""Differential testing of the guest standard library: one cell, host CPython vs the sandbox.

`same(sandbox, code)` runs `code` with the host's CPython (in-process `exec` in a fresh
`__main__` namespace, stdout captured) and in a reset `Sandbox`, and asserts that both printed
the same text and ended the same way (no error, or the same exception type and message).
No expected output is written by hand.
"""

from __future__ import annotations

import contextlib
import io
import textwrap
from collections.abc import Iterator

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


def run_cpython(code: str, messages: bool = True) -> str:
    """Stdout of `code` under the host CPython, plus a last line naming an uncaught exception."""
    out = io.StringIO()
    namespace = {"__name__": "__main__"}
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(code, "<cell>", "exec"), namespace)  # noqa: S102 - test cells written here
        except Exception as exc:
            print(_ending(type(exc).__name__, str(exc), messages))
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


def same(sandbox: Sandbox, code: str, messages: bool = True) -> str:
    """Assert CPython and the sandbox print the same for `code`; return that output."""
    code = textwrap.dedent(code)
    expected = run_cpython(code, messages)
    actual = run_guest(sandbox, code, messages)
    assert actual == expected, f"\n--- cell ---\n{code}\n--- CPython ---\n{expected}\n--- sandbox ---\n{actual}"
    return actual
