"""The `heap_areas` patch (wasm/patches/heap_areas.py): single objects larger than the heap so far.

Unpatched, a new heap area was made too small for the allocation that needed it (tables of 1/33
assumed to cost 13/512) and never over 128 MiB, so `list(range(3_000_000))`, `[True] * 10**7` and
`'x' * 9_000_000` raised `MemoryError` at any memory limit. Outputs are compared with the host's
CPython; over the memory limit the guest gets a clean `MemoryError` and stays usable. `check` is the
patched behaviour; `test_build_pipeline.py` runs it on a build without this patch, where it fails.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from mpwasm_kernel.sandbox import Limits, Sandbox

MiB = 1 << 20

CELLS = [
    "a = list(range(3_000_000))\nprint(len(a), a[-1], sum(a[::100_000]))",
    # the classic sieve over a 10**7-element list of bools
    "n = 10**7\nflags = [True] * n\nflags[0] = flags[1] = False\ni = 2\n"
    "while i * i < n // 100:\n    if flags[i]:\n"
    "        flags[i*i:n//100:i] = [False] * len(range(i*i, n//100, i))\n    i += 1\n"
    "print(len(flags), sum(flags[:n//100]))",
    "s = 'x' * 9_000_000\nprint(len(s), s[-3:], s.count('x'))",
    "b = bytearray(20 * 2**20)\nb[-1] = 7\nprint(len(b), b[-1], b[:4])",
]


def _cpython(cell: str) -> str:
    proc = subprocess.run([sys.executable, "-c", cell], capture_output=True, text=True, timeout=120, check=True)
    return proc.stdout


def check(sb: Sandbox) -> list[str]:
    """What differs from the patched behaviour on `sb`'s interpreter (empty: the patch works)."""
    problems = []
    for cell in (CELLS[0], CELLS[2]):
        sb.reset()
        r = sb.run(cell)
        if r.error is not None or r.stdout != _cpython(cell):
            problems.append(f"{cell.splitlines()[0]}: {r.stdout!r} {r.error}")
    return problems


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(Limits(wall_seconds=600.0)) as sb:  # bounded by the default fuel
        yield sb


@pytest.mark.parametrize("cell", CELLS, ids=["list-range-3e6", "sieve-1e7", "str-9e6", "bytearray-20MiB"])
def test_one_object_larger_than_the_heap_so_far(sandbox: Sandbox, cell: str) -> None:
    sandbox.reset()
    result = sandbox.run(cell)
    assert result.error is None, result.error
    assert result.stdout == _cpython(cell)


def test_object_over_the_old_128_mib_area_cap() -> None:
    cell = "c = [0] * (33 * 10**6)\nc[-1] = 5\nprint(len(c), c[-1])"
    with Sandbox(Limits(memory_bytes=384 * MiB, wall_seconds=600.0)) as sb:
        result = sb.run(cell)
        assert result.error is None, result.error
        assert result.stdout == _cpython(cell)


def test_object_over_the_memory_limit_is_a_clean_memory_error(sandbox: Sandbox) -> None:
    sandbox.reset()
    result = sandbox.run("keep = [1, 2, 3]\nc = [0] * 10**8")  # 400 MB under the default 256 MiB
    assert result.error is not None and result.error.ename == "MemoryError"
    assert not result.rolled_back
    after = sandbox.run("print(keep, len([0] * 10**6))")
    assert after.error is None and after.stdout == "[1, 2, 3] 1000000\n"
