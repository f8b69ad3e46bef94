"""Small items of the outside review: `%limits` names the value that counts, a NUL in a cell is
a SyntaxError as in CPython (differential), and the host's iovec functions cap count and total.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from typing import Any

import pytest

from mpwasm_kernel import Limits, Sandbox
from mpwasm_kernel.sandbox.files.abi import IOV_MAX

pytest.importorskip("mpwasm_kernel.kernel", reason="the kernel module does not import yet")


def test_limits_message_names_the_value_that_counts(kernel: tuple[Any, Any], kernel_tools: Any) -> None:
    _, kc = kernel
    reply, _ = kernel_tools.execute(kc, "%limits fuel=1 fuel=1e20", timeout=30)
    assert reply["content"]["status"] == "error"
    assert "fuel=1e20 is above" in reply["content"]["evalue"]
    assert "fuel=1 is above" not in reply["content"]["evalue"]


CELLS_WITH_NUL = ["'a\x00b'", "x = 'a\x00b'\nlen(x)", "print('a\x00b')", "# \x00\n1"]


def _cpython(source: str) -> tuple[str, str]:
    """(ename, evalue) of `source` run by the host's CPython in a subprocess, ('', '') if none."""
    code = ("import sys\nsrc = sys.stdin.read()\ntry:\n    exec(compile(src, '<cell>', 'exec'), {})\n"
            "except BaseException as e:\n    print(type(e).__name__)\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], input=source, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    return (out[0], out[1]) if out and out[0].endswith("Error") else ("", "")


@pytest.mark.parametrize("source", CELLS_WITH_NUL)
def test_nul_in_a_cell_matches_cpython(source: str) -> None:
    """Differential: CPython refuses source with a NUL character; so does the sandbox, with the
    same exception and message (MicroPython's lexer silently turned it into \\x01)."""
    ename, evalue = _cpython(source)
    with Sandbox(Limits(wall_seconds=60)) as sb:  # refused by the compiler, never stopped by time
        r = sb.run(source)
    assert r.error is not None, (r.value, r.stdout)
    assert (r.error.ename, r.error.evalue) == (ename, evalue)


def _iovec_array(sb: Sandbox, vecs: list[tuple[int, int]]) -> tuple[int, int]:
    """Write an iovec array and an output word into guest memory (past the heap's live data)."""
    mem = sb._instance.memory
    base = mem.size - 8 * len(vecs) - 64
    mem.write(base, b"".join(struct.pack("<II", p, n) for p, n in vecs))
    return base, base + 8 * len(vecs)


@pytest.mark.parametrize("fd_kind", ["stdout", "file"])
def test_iovec_count_and_total_are_capped(fd_kind: str) -> None:
    """writev with more than IOV_MAX entries, or with overlapping entries adding up to more than
    the guest's memory, fails with EINVAL instead of making the host copy it all."""
    with Sandbox(Limits(wall_seconds=60, output_bytes=1 << 30, disk_bytes=1 << 30)) as sb:
        fd = 1
        if fd_kind == "file":
            assert sb.run("f = open('/x', 'wb')").error is None
            fd = int(sb.run("f.fileno()").value)
        fd_write = sb._imports["fd_write"]
        size = sb._instance.memory.size
        iovs, out = _iovec_array(sb, [(0, 1)] * (IOV_MAX + 1))
        assert fd_write(fd, iovs, IOV_MAX + 1, out) == 22
        iovs, out = _iovec_array(sb, [(0, size // 8)] * 16)
        assert fd_write(fd, iovs, 16, out) == 22
        iovs, out = _iovec_array(sb, [(0, 4)] * 4)
        assert fd_write(fd, iovs, 4, out) == 0
