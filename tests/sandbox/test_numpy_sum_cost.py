"""Fuel pins for the guest numpy's float sums (numpy's pairwise order, leaves added by ulab) and
zeros. Fuel counts are deterministic: ratios of runs in one sandbox, never wall times."""

from __future__ import annotations

import dataclasses

import pytest

from mpwasm_kernel import Limits, Sandbox

SETUP = ("import numpy as np\nfrom numpy._reductions import _pairwise\n"
         "a = np.array([((k * 7919) % 1000) / 7.0 for k in range(40000)])\nv = a.tolist()\n")


@pytest.fixture(scope="module")
def sb():
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="ulab") as sandbox:
        r = sandbox.run(SETUP)
        assert r.error is None, r.error
        yield sandbox


def _fuel(sb: Sandbox, cell: str) -> int:
    r = sb.run(cell)
    assert r.error is None, r.error
    return r.fuel_used


def test_sum_equals_the_pairwise_reference_and_costs_less(sb: Sandbox) -> None:
    r = sb.run("print(float(a.sum()) == 0.0 + _pairwise(v, 0, len(v)), float(a.mean()) == a.sum() / len(v))")
    assert r.stdout.split() == ["True", "True"]
    # differences of 4 and 1 repetitions: the run's fixed costs (its collection) cancel out
    in_python = _fuel(sb, "for _ in range(4):\n    s = _pairwise(v, 0, len(v))") - \
        _fuel(sb, "for _ in range(1):\n    s = _pairwise(v, 0, len(v))")
    in_ulab = _fuel(sb, "for _ in range(4):\n    s = a.sum()") - _fuel(sb, "for _ in range(1):\n    s = a.sum()")
    # the leaves' additions in C: ~3x fewer fuel than the same order in guest Python (40,000 items)
    assert in_ulab * 2 < in_python, (in_ulab, in_python)



def test_sum_of_a_large_contiguous_array_does_not_copy_it() -> None:
    # 2,000,000 float64 items (16 MB): the sum reshapes a view of the data; a copy (as a strided
    # view needs) would add 16 MB of live data and, by the heap's doubling, ~47 MiB of memory
    with Sandbox(dataclasses.replace(Limits(), wall_seconds=300.0), variant="ulab") as sandbox:
        r = sandbox.run("import numpy as np\na = np.zeros(2_000_000)\na[::2] = 1.0\nimport gc\ngc.collect()")
        assert r.error is None, r.error
        before = sandbox.memory_size
        r = sandbox.run("print(float(a.sum()))")
        assert (r.error, r.stdout) == (None, "1000000.0\n")
        assert sandbox.memory_size - before < 8 << 20, (before, sandbox.memory_size)
        r = sandbox.run("print(float(a[1::2].sum()), float(a[::2].sum()))")  # strided views: copied
        assert (r.error, r.stdout) == (None, "0.0 1000000.0\n")
