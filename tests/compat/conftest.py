"""Differential fixtures: the same cell runs on the host's CPython and in the sandbox.

`same_output(cell)` runs `cell` with the host's CPython (a subprocess in an empty temporary
directory, so file-handling cells see a fresh directory like the sandbox's private file system)
and in a freshly reset `Sandbox`, and asserts that stdout and the final error line are equal.
Expected output is never written by hand.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mpwasm_kernel import Sandbox

OWN_MESSAGES = ("RecursionError", "FileNotFoundError", "FileExistsError", "IsADirectoryError",
                "NotADirectoryError", "PermissionError")
_LINE = re.compile(r'File "<cell>", line (\d+)')
_RUNNER = """
import sys, traceback
src = sys.stdin.read()
try:
    exec(compile(src, "<cell>", "exec"), {"__name__": "__main__"})
except BaseException as exc:
    sys.stdout.flush()
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<cell>"]
    print("\\x00%s line %s: %s" % (type(exc).__name__, lines[-1] if lines else "?", str(exc)))
"""


def run_cpython(cell: str, cwd: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", _RUNNER], input=cell, capture_output=True, text=True,
                          cwd=cwd, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def run_sandbox(sandbox: Sandbox, cell: str) -> str:
    sandbox.reset()
    result = sandbox.run(cell, store_result=False)
    out = result.stdout
    if result.error is not None:
        lines = [m.group(1) for m in map(_LINE.search, result.error.traceback) if m]
        out += f"\x00{result.error.ename} line {lines[-1] if lines else '?'}: {result.error.evalue}\n"
    return out


def _comparable(out: str) -> str:
    """The error line keeps the message only for exceptions whose wording this layer owns (the
    wording of MicroPython's other messages is mapped by the traceback renderer, elsewhere)."""
    head, sep, err = out.partition("\x00")
    if sep and err.split(" ", 1)[0] not in OWN_MESSAGES:
        err = err.split(":", 1)[0] + "\n"
    return head + sep + err


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def same_output(sandbox: Sandbox, tmp_path: Path) -> Callable[[str], str]:
    def check(cell: str) -> str:
        cell = textwrap.dedent(cell)
        expected = run_cpython(cell, tmp_path)
        assert _comparable(run_sandbox(sandbox, cell)) == _comparable(expected)
        return expected

    return check
