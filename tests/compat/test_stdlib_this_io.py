"""`import this` and io.UnsupportedOperation as CPython shows them: host CPython vs the sandbox.

The Zen's text comes from the host CPython's own `this` module (never written here). Reading a
file opened for writing (and the reverse) ends with CPython's exception name and message, and a
file opened for writing only raises io.UnsupportedOperation that `except` catches.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from stdlib_support import same, sandbox  # noqa: F401 - fixture

from mpwasm_kernel import Sandbox


def test_import_this(sandbox: Sandbox) -> None:  # noqa: F811
    same(sandbox, """
        import this
        import this
        print(len(this.s), this.s[:20], sorted(this.d.items())[:3], this.c, this.i)
    """)


@pytest.mark.parametrize("code", [
    "f = open('a.txt', 'w')\nf.write('hi')\nf.read()",
    "open('a.txt', 'w').close()\nf = open('a.txt')\nf.write('x')",
    "open('a.txt', 'w').close()\nwith open('a.txt', 'r') as f:\n    f.writelines(['x'])",
])
def test_unsupported_operation(sandbox: Sandbox, code: str, tmp_path: Path) -> None:  # noqa: F811
    runner = "import sys\ntry:\n    exec(sys.stdin.read())\nexcept Exception as e:\n    print(type(e).__name__, e)"
    proc = subprocess.run([sys.executable, "-c", runner], input=code, capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    sandbox.reset()
    result = sandbox.run(code)
    assert result.error is not None
    assert f"{result.error.ename} {result.error.evalue}\n" == proc.stdout


def test_unsupported_operation_class(sandbox: Sandbox) -> None:  # noqa: F811
    """`io.UnsupportedOperation` exists (an OSError, named as CPython names it) and a read-only
    text file's write raises it, also when the file is opened before `io` is imported."""
    same(sandbox, """
        with open("a.txt", "w") as f:
            f.write("hi\\n")
        f = open("a.txt")
        try:
            f.write("x")
        except OSError as e:
            print(type(e).__name__, e)
        import io
        from io import UnsupportedOperation
        print(UnsupportedOperation is io.UnsupportedOperation, issubclass(io.UnsupportedOperation, OSError))
        print(io.UnsupportedOperation.__name__, io.UnsupportedOperation.__module__, io.UnsupportedOperation)
        for call in (lambda: f.write("y"), lambda: f.writelines(["y"])):
            try:
                call()
            except io.UnsupportedOperation as e:
                print("caught", e, isinstance(e, OSError), e.errno, e.strerror, e.args)
        f.close()
        print(io.StringIO("abc").read(), open("a.txt").read())
    """)


WRITE_ONLY = """
import io
for mode in ("w", "a", "wb", "ab"):
    name = "f.txt"
    f = open(name, mode)
    print(mode, repr(f), type(f), f.readable(), f.writable(), f.closed)
    for op in ("read", "readline", "readlines", "__next__"):
        try:
            print(getattr(f, op)())
        except io.UnsupportedOperation as e:
            print(" ", op, type(e).__name__, e, isinstance(e, OSError), e.args)
    try:
        for line in f:
            print(line)
    except io.UnsupportedOperation as e:
        print("  iteration", e)
    text = "b" not in mode
    f.write("one\\n" if text else b"one\\n")
    f.writelines(["two\\n", "three\\n"] if text else [b"two\\n"])
    if text:
        print("four", 4, 4.5, file=f)
        print(f.name, f.mode)
    f.flush()
    f.close()
    print(f.closed)
    with open(name, mode) as g:
        print(g.write("five\\n" if text else b"five\\n"))
    print(repr(open(name).read()))
with open("f.txt", "w") as f:
    f.read()
"""


def test_write_only_files_raise_unsupported_operation(same_output) -> None:
    """Files opened "w" or "a" (text or binary) refuse reads with CPython's
    io.UnsupportedOperation (caught by `except`), and still write, print to and close as before."""
    same_output(WRITE_ONLY)
