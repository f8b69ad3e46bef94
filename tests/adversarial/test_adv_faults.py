"""Class 4 of the outside review: no exception escapes `Sandbox.run`, and a replaced interpreter
is released at once.

Any exception while a run is in progress (a host callback failing, a value the host cannot pack)
is a `SandboxFault` with rollback; an interpreter the sandbox replaces frees its store and
snapshots immediately, not at the next cyclic garbage collection.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import psutil
import pytest
from hostile_support import install_lying_runtime

from mpwasm_kernel import Limits, Sandbox

MiB = 1 << 20
#: Makes every later run return a malformed result, so the health check fails and the sandbox
#: replaces its interpreter.
BREAK_RUNTIME = ("import _mpk_runtime\nclass J:\n    @staticmethod\n    def dumps(x):\n"
                 "        return 'garbage'\n"
                 "_mpk_runtime.run_cell.__globals__['json'] = J")
FILL = "junk = [bytearray(100000) for _ in range(500)]\nlen(junk)"


def test_huge_sparse_file_in_a_mount_stats(tmp_path: Path) -> None:
    """`os.stat` of a 1 TiB (sparse) host file: st_blocks does not fit the 32-bit field; the value
    saturates instead of a `struct.error` escaping the run."""
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        try:
            f.truncate(1 << 40)
        except OSError:
            pytest.skip("the host file system has no sparse 1 TiB files")
    with Sandbox(Limits(wall_seconds=60), mounts={"/data": tmp_path}) as sb:
        r = sb.run("import os\nst = os.stat('/data/big.bin')\ntype(st[6]).__name__")
        assert r.error is None, r.error
        assert r.value == "'int'"  # MicroPython's 32-bit build reports the size modulo 2**32
        assert sb.run("1 + 1").value == "2"


@pytest.mark.parametrize("failure", [UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
                                     RuntimeError("callback broke"), KeyError("x")],
                         ids=["unicode", "runtime", "key"])
def test_failing_host_callback_is_a_fault_with_rollback(failure: Exception) -> None:
    """A display callback that raises: the run ends as SandboxFault, rolled back, nothing raised."""
    def on_display(message: dict) -> None:
        raise failure

    with Sandbox(Limits(wall_seconds=60), on_display=on_display) as sb:
        assert sb.run("state = 'before'").error is None
        r = sb.run("state = 'during'\ndisplay({'text/plain': 'x'}, raw=True)\nstate = 'after'")
        assert r.error is not None and r.error.ename == "SandboxFault", r.error
        assert "host" in r.error.evalue and type(failure).__name__ in r.error.evalue
        assert r.rolled_back
        assert sb.run("state").value == "'before'"


def test_replaced_interpreters_are_released_at_once() -> None:
    """Repeated faults that make the sandbox replace its interpreter, with the cyclic garbage
    collector off: the host's RSS stays bounded (each interpreter here holds ~50 MiB)."""
    process = psutil.Process(os.getpid())
    with Sandbox(Limits(wall_seconds=10, memory_bytes=128 * MiB)) as sb:
        gc.collect()
        gc.disable()
        try:
            before = process.memory_info().rss
            for _ in range(6):
                assert sb.run(FILL).value == "500"
                assert sb.run(BREAK_RUNTIME).error is None
                install_lying_runtime(sb)
                r = sb.run("1 + 1")
                assert r.error is not None and "restarted" in r.error.evalue, r.error
            grown = process.memory_info().rss - before
        finally:
            gc.enable()
    assert grown < 150 * MiB, f"host RSS grew by {grown / MiB:.0f} MiB over 6 replaced interpreters"
