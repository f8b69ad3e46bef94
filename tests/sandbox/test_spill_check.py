"""The GC soundness check of the final patched module (wasm/patches/spill_check.py).

`gc_in_calls` hides calls of functions that never collect from the spill and guards the functions
that may hold an i64 across a collecting call, from the module text at its place in the patch
order. The pipeline re-runs both analyses on the text with every patch applied: a later patch that
adds an allocating call inside a function whose calls were hidden, or keeps an i64 across a
collecting call in an unguarded function, fails the build naming the function and the call. On a
small module shaped like `gc_in_calls`' output; the locked build itself passes the same check
(`wasm/fetch.py` runs it before assembling).
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from wasm import pipeline  # noqa: E402
from wasm.errors import FetchError  # noqa: E402
from wasm.patches import gc_in_calls, spill_check  # noqa: E402

GUARD = gc_in_calls.GUARD
ENTER = f"(global.set {GUARD} (i32.add (global.get {GUARD}) (i32.const 1)))"
LEAVE = f"(global.set {GUARD} (i32.sub (global.get {GUARD}) (i32.const 1)))"
# As gc_in_calls leaves a module: gc_collect calls the collection's steps and $mpk_gc_grow, the
# calls of $leaf are hidden (`call_ref` of a `ref.func`), $guarded holds an i64 across a
# collecting call and counts its activations in the guard.
FINAL = f"""(module
 (type $0 (func (param i32) (result i32)))
 (global {GUARD} (mut i32) (i32.const 0))
 (func $gc_collect
  (if (i32.eqz (global.get {GUARD})) (then (call $mark) (call $mpk_gc_grow)))
 )
 (func $mark
  (nop)
 )
 (func $mpk_gc_grow
  (nop)
 )
 (func $alloc (param $0 i32) (result i32)
  (call $gc_collect)
  (local.get $0)
 )
 (func $leaf (param $0 i32) (result i32)
  (i32.add (local.get $0) (i32.const 1))
 )
 (func $keeps_pointer (param $0 i32) (result i32)
  (drop (call_ref $0 (local.get $0) (ref.func $leaf)))
  (call $alloc (local.get $0))
 )
 (func $guarded (param $0 i64) (result i64)
  {ENTER}
  (drop (call $alloc (i32.const 0)))
  (call $mpk_gc_leave_i64 (local.get $0))
 )
 (func $mpk_gc_leave_i64 (param $0 i64) (result i64)
  {LEAVE}
  (local.get $0)
 )
)
"""
# A later patch's rewrite: $leaf now allocates, so the hidden call in $keeps_pointer may collect
# while its pointer $0 is live and not spilled.
ALLOCATING_LEAF = FINAL.replace("  (i32.add (local.get $0) (i32.const 1))\n",
                                "  (i32.add (call $alloc (local.get $0)) (i32.const 1))\n")
# A later patch's new function keeps an i64 across an allocation without the guard.
UNGUARDED_I64 = FINAL.replace(" (func $mpk_gc_leave_i64", """ (func $late (param $0 i64) (result i64)
  (drop (call $alloc (i32.const 0)))
  (local.get $0)
 )
 (func $mpk_gc_leave_i64""")


def test_gc_in_calls_output_passes() -> None:
    spill_check.check(FINAL, GUARD)
    # a later patch may add calls of non-collecting functions, or spilled calls of collecting ones
    more = FINAL.replace("(call $alloc (local.get $0))\n )", "(call $alloc (call $leaf (local.get $0)))\n )")
    spill_check.check(more, GUARD)


def test_an_allocating_call_behind_a_hidden_call_fails_naming_both() -> None:
    with pytest.raises(FetchError) as e:
        spill_check.check(ALLOCATING_LEAF, GUARD)
    assert "$keeps_pointer calls $leaf without spilling" in str(e.value)
    assert "leaf -> alloc -> gc_collect (the collector)" in str(e.value)


def test_a_hidden_call_of_an_import_or_an_indirect_call_fails() -> None:
    host = ALLOCATING_LEAF.replace("(call $alloc (local.get $0))", "(call $fimport$0 (local.get $0))")
    host = host.replace(" (global ", ' (import "env" "host" (func $fimport$0 (param i32) (result i32)))\n (global ')
    with pytest.raises(FetchError, match=r"leaf \(calls the import \$fimport\$0\)"):
        spill_check.check(host, GUARD)
    table = ALLOCATING_LEAF.replace("(call $alloc (local.get $0))", "(call_indirect (type $0) (local.get $0) "
                                    "(i32.const 0))")
    with pytest.raises(FetchError, match=r"leaf \(an indirect call\)"):
        spill_check.check(table, GUARD)


def test_a_hidden_call_of_a_host_function_that_never_calls_back_passes() -> None:
    leaf = ALLOCATING_LEAF.replace("(call $alloc (local.get $0))", "(call $mpk_float_repr (local.get $0))")
    host = ' (import "env" "mpk_float_repr" (func $mpk_float_repr (param i32) (result i32)))\n'
    leaf = leaf.replace(" (global ", host + " (global ")
    spill_check.check(leaf, GUARD)


def test_leaf_imports_are_given_nothing_but_memory_and_the_stop_flag() -> None:
    """A host function can call back into the guest only through the instance: the classes of the
    leaf imports are built from the memory and the stop flag alone."""
    from mpwasm_kernel.sandbox.floatrepr import FloatReprImports

    assert set(spill_check.LEAF_IMPORTS) == set(FloatReprImports(lambda: None, lambda: False).imports())
    assert list(inspect.signature(FloatReprImports).parameters) == ["memory", "stopping"]


def test_an_unguarded_i64_across_an_allocation_fails_naming_the_function() -> None:
    with pytest.raises(FetchError, match=r"\$late may hold an i64 across a call that may collect"):
        spill_check.check(UNGUARDED_I64, GUARD)


class _Tools:
    """Stands in for the Binaryen tools: records that one was run and stops there."""

    def __init__(self) -> None:
        self.runs: list[str] = []

    def run(self, tool: str, *args) -> None:
        self.runs.append(tool)
        raise RuntimeError("tool reached")


@pytest.mark.parametrize("text", [ALLOCATING_LEAF, UNGUARDED_I64], ids=["hidden", "i64"])
def test_the_pipeline_refuses_a_bad_final_text_before_assembling_it(tmp_path: Path, text: str) -> None:
    tools = _Tools()
    (tmp_path / "m.wat").write_text(text)
    with pytest.raises(FetchError, match="GC soundness check"):
        pipeline.assemble(tools, tmp_path / "m.wat", tmp_path / "shim.wasm", tmp_path / "m.wasm",
                          (gc_in_calls,))
    assert tools.runs == []
    (tmp_path / "m.wat").write_text(FINAL)
    with pytest.raises(RuntimeError, match="tool reached"):
        pipeline.assemble(tools, tmp_path / "m.wat", tmp_path / "shim.wasm", tmp_path / "m.wasm",
                          (gc_in_calls,))
    assert tools.runs == ["wasm-as"]
