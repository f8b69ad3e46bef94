"""A fixed slice of the generated GC stress corpus (`benchmarks/gc_stress.py`): zero divergence.

Each program mixes closures, generators, exceptions in loops, `try/finally`, recursion, sorting
with key functions, dict/set growth, string building, bound methods and callbacks from builtins,
over several cells in one sandbox (some stopped by an interrupt mid-cell); every cell's output must
equal CPython's. The full corpus (thousands of programs) runs as a benchmark.
"""

from __future__ import annotations

import pytest

from benchmarks import gc_stress
from mpwasm_kernel.sandbox import Limits, Sandbox

SEEDS = range(9000, 9024)


def test_generator_is_deterministic() -> None:
    assert gc_stress.generate(42).cells == gc_stress.generate(42).cells
    assert gc_stress.generate(42).cells != gc_stress.generate(43).cells


def test_corpus_slice_matches_cpython() -> None:
    with Sandbox(Limits(wall_seconds=300.0)) as sb:
        report = gc_stress.run_corpus(len(SEEDS), SEEDS[0], sandbox=sb)
    assert report["divergences"] == [] and report["diverged"] == 0
    assert report["limit_stops"] == 0, report["limit_stop_examples"]
    assert report["cells"] >= len(SEEDS)


@pytest.mark.parametrize("seed", [s for s in range(1, 400) if gc_stress.generate(s).interrupt_cell is not None][:2])
def test_interrupted_programs_keep_a_sound_heap(seed: int) -> None:
    prog = gc_stress.generate(seed)
    with Sandbox(Limits(wall_seconds=300.0)) as sb:
        assert gc_stress.sandbox_outputs(prog, sb) == gc_stress.cpython_outputs(prog)
