"""The call-graph analyses behind `gc_in_calls` (wasm/patches/gc_calls.py, wasm/patches/i64_liveness.py).

On small Binaryen-text modules: which functions may reach a collection (transitively, through
indirect calls, imports and unknown names); which direct calls are hidden from SpillPointers (only
those of functions that never collect, each rewritten to the same call as a `call_ref`); and which
functions may hold an i64 across a call once calls of non-collecting functions are known not to
collect. Every answer is checked in the direction that would be unsound if it were wrong.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from wasm.errors import FetchError  # noqa: E402
from wasm.patches import gc_calls, i64_liveness, spill_reuse  # noqa: E402
from wasm.patches.base import split_functions  # noqa: E402

MODULE = """(module
 (type $0 (func (param i32) (result i32)))
 (type $1 (func))
 (import "env" "host" (func $fimport$0 (param i32)))
 (table $0 2 2 funcref)
 (func $collect
  (nop)
 )
 (func $leaf (param $0 i32) (result i32)
  (i32.add (local.get $0) (i32.const 1))
 )
 (func $uses_leaf (param $0 i32) (result i32)
  (call $leaf (call $leaf (local.get $0)))
 )
 (func $alloc (param $0 i32) (result i32)
  (call $collect)
  (call $leaf (local.get $0))
 )
 (func $via_alloc (param $0 i32) (result i32)
  (call $uses_leaf (call $alloc (local.get $0)))
 )
 (func $indirect (param $0 i32) (result i32)
  (call_indirect $0 (type $0) (local.get $0) (i32.const 0))
 )
 (func $host (param $0 i32)
  (call $fimport$0 (local.get $0))
 )
 (func $unknown
  (call $elsewhere)
 )
 (func $tail (param $0 i32) (result i32)
  (return_call $alloc (local.get $0))
 )
 (func $two (param $0 i32) (param $1 f64)
  (drop (call $leaf (local.get $0)))
 )
 (func $calls_two (param $0 i32)
  (call $two (local.get $0) (f64.const 1))
 )
)
"""


def test_collecting_functions_are_found_transitively() -> None:
    may = gc_calls.collecting(MODULE, {"collect"})
    assert may == {"collect", "alloc", "via_alloc", "indirect", "host", "unknown", "tail"}
    assert gc_calls.collecting(MODULE, {"leaf"}) >= {"leaf", "uses_leaf", "alloc", "via_alloc", "two", "calls_two"}


def test_a_collector_missing_from_the_module_fails_the_build() -> None:
    with pytest.raises(FetchError):
        gc_calls.collecting(MODULE, {"gc_collect_nowhere"})


def test_only_calls_of_non_collecting_functions_are_hidden() -> None:
    out, hidden, kept = gc_calls.hide_non_collecting_calls(MODULE, {"collect"})
    assert (hidden, kept) == (6, 4)  # leaf x4, uses_leaf, two | collect, alloc, the import, elsewhere
    # every call of a function that may collect is still a direct call
    for callee in ("collect", "alloc", "fimport$0", "elsewhere"):
        assert MODULE.count(f"(call ${callee}") == out.count(f"(call ${callee}")
    assert out.count("(return_call $alloc") == 1 and out.count("call_indirect") == 1
    # each hidden call is the same call through a reference of the right type
    assert "(call_ref $0 (call_ref $0 (local.get $0) (ref.func $leaf)) (ref.func $leaf))" in out
    assert "(call_ref $0 (call $alloc (local.get $0)) (ref.func $uses_leaf))" in out
    assert "(call_ref $mpk_sig_0 (local.get $0) (f64.const 1) (ref.func $two))" in out
    assert "(type $mpk_sig_0 (func (param i32 f64)))" in out
    assert len(re.findall(r"\(call \$", out)) == kept


def _holding(text: str, collecting: set[str] | None) -> set[str]:
    chunks = split_functions(text)
    return i64_liveness.functions_holding_i64(chunks[1:], chunks[0], collecting)


I64 = """(module
 (type $0 (func (param i32) (result i32)))
 (type $t64 (func (result i64)))
 (func $collect
  (nop)
 )
 (func $quiet (param $0 i32) (result i32)
  (local.get $0)
 )
 (func $local_across_quiet (param $0 i64) (result i64)
  (drop (call $quiet (i32.const 1)))
  (local.get $0)
 )
 (func $local_across_collect (param $0 i64) (result i64)
  (call $collect)
  (local.get $0)
 )
 (func $stack_across_quiet (param $0 i64) (result i64)
  (i64.add (local.get $0) (i64.extend_i32_u (call $quiet (i32.const 2))))
 )
 (func $indirect_result_across_collect (result i64)
  (i64.add (call_indirect (type $t64) (i32.const 0)) (i64.extend_i32_u (call $quiet (call $collecting_i32))))
 )
 (func $collecting_i32 (result i32)
  (call $collect)
  (i32.const 0)
 )
 (func $stack_across_indirect (param $0 i64) (result i64)
  (i64.add (local.get $0) (i64.extend_i32_u (call_indirect (type $0) (i32.const 2) (i32.const 0))))
 )
)
"""


def test_i64_held_only_across_non_collecting_calls_does_not_block_collection() -> None:
    everything = {"local_across_quiet", "local_across_collect", "stack_across_quiet", "stack_across_indirect",
                  "indirect_result_across_collect"}
    assert _holding(I64, None) == everything
    may = gc_calls.collecting(I64, {"collect"})
    assert may == {"collect", "collecting_i32", "local_across_collect", "stack_across_indirect",
                   "indirect_result_across_collect"}
    assert _holding(I64, may) == {"local_across_collect", "stack_across_indirect", "indirect_result_across_collect"}


SPILLED = """(module
 (func $loop (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (global.set $global$0
   (local.tee $3
    (i32.sub
     (global.get $global$0)
     (i32.const 16)
    )
   )
  )
  (loop $next
   (i32.store
    (local.get $3)
    (local.get $0)
   )
   (i32.store offset=4
    (local.get $3)
    (local.get $1)
   )
   (call $alloc)
   (i32.store
    (local.get $3)
    (local.get $0)
   )
   (i32.store offset=4
    (local.get $3)
    (local.get $1)
   )
   (call $alloc)
   (local.set $1
    (i32.add
     (local.get $1)
     (i32.const 1)
    )
   )
   (br_if $next
    (local.get $1)
   )
  )
  (if
   (local.get $0)
   (then
    (local.set $0
     (i32.const 8)
    )
   )
  )
  (i32.store
   (local.get $3)
   (local.get $0)
  )
  (call $alloc)
  (block $out
   (i32.store
    (local.get $3)
    (local.get $0)
   )
   (br_if $out
    (local.get $1)
   )
   (local.set $0
    (i32.const 9)
   )
  )
  (i32.store
   (local.get $3)
   (local.get $0)
  )
  (call $alloc)
  (global.set $global$0
   (i32.add
    (local.get $3)
    (i32.const 16)
   )
  )
  (local.get $0)
 )
)
"""


def _stores(text: str) -> list[tuple[str, str]]:
    return re.findall(r"\(i32\.store(?: offset=(\d+))? \(local\.get \$3\) \(local\.get (\$\d)\)\)",
                      re.sub(r"\s+", " ", text).replace(" )", ")"))


def test_spill_stores_of_unchanged_values_are_removed_and_invariant_ones_hoisted() -> None:
    out, removed, hoisted = spill_reuse.remove_redundant_spills(SPILLED)
    assert (removed, hoisted) == (4, 1)
    # $0 is stored once before the loop (it is never assigned inside); $1 changes every iteration:
    # its first store in the loop stays, the second (nothing assigned it in between) goes; after
    # the `if` that may assign $0 its store stays; the next one, at the start of the block, goes;
    # the one after the block stays (one way into the block's end assigned $0).
    assert _stores(out) == [("", "$0"), ("4", "$1"), ("", "$0"), ("", "$0")]
    assert out.count("(nop)") == 4


def test_functions_the_analysis_does_not_model_are_left_alone() -> None:
    unmodelled = SPILLED.replace("(call $alloc)\n  (block $out", "(try_table (call $alloc))\n  (block $out")
    assert spill_reuse.remove_redundant_spills(unmodelled)[1:] == (0, 0)
    no_frame = SPILLED.replace("(i32.const 16)\n    )\n   )\n  )", "(i32.const 16)\n    )\n   )\n  )\n  (nop)", 1)
    no_frame = no_frame.replace("(global.set $global$0\n   (local.tee", "(drop\n   (local.tee", 1)
    assert spill_reuse.remove_redundant_spills(no_frame)[1:] == (0, 0)
    other_write = SPILLED.replace("(call $alloc)\n  (block $out", "(i32.store offset=40 (local.get $3) (i32.const 7))\n"
                                  "  (call $alloc)\n  (block $out")
    assert spill_reuse.remove_redundant_spills(other_write)[1:] == (0, 0)


HEAPLESS = """(module
 (func $f (param $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (global.set $global$0 (local.tee $4 (i32.sub (global.get $global$0) (i32.const 16))))
  (local.set $1 (i32.sub (global.get $global$0) (i32.const 64)))
  (local.set $2 (i32.lt_u (local.get $0) (i32.const 5)))
  (local.set $3 (i32.add (local.get $1) (i32.const 8)))
  (local.set $5 (i32.or (i32.shl (local.get $0) (i32.const 3)) (i32.const 2)))
  (i32.store offset=16 (local.get $4) (local.get $5))
  (i32.store (local.get $4) (local.get $0))
  (i32.store offset=4 (local.get $4) (local.get $1))
  (i32.store offset=8 (local.get $4) (local.get $2))
  (i32.store offset=12 (local.get $4) (local.get $3))
  (call $alloc)
  (local.set $3 (i32.add (local.get $2) (i32.const 8)))
  (i32.store offset=12 (local.get $4) (local.get $3))
  (call $alloc)
 )
)
"""


def test_spills_of_values_that_cannot_point_into_the_heap_are_removed() -> None:
    # $1 and $3 are shadow-stack addresses, $2 a comparison (0 or 1), $5 a qstr-shaped value (not a
    # multiple of the GC block size, which the collector never marks): never a heap pointer; $0 (a
    # parameter) may be one, as may $3 once it is small + 8 (the analysis keeps no bound on sums)
    out, removed, _ = spill_reuse.remove_redundant_spills(HEAPLESS)
    assert removed == 4
    assert _stores(out.replace("$4", "$3")) == [("", "$0"), ("12", "$3")]


LAZY = """(module
 (import "env" "collect" (func $collect))
 (memory $0 1)
 (global $global$0 (mut i32) (i32.const 4096))
 (export "sp" (global $global$0))
 (export "memory" (memory $0))
 (func $f (export "f") (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (global.set $global$0 (local.tee $2 (i32.sub (global.get $global$0) (i32.const 16))))
  (local.set $3 (global.get $global$0))
  (global.set $global$0 (i32.sub (local.get $3) (i32.const 32)))
  (block $fast
   (br_if $fast (local.get $0))
   (global.set $global$0 (local.get $3))
   (global.set $global$0 (i32.add (local.get $2) (i32.const 16)))
   (return (i32.const 7))
  )
  (i32.store offset=4 (local.get $2) (local.get $1))
  (call $collect)
  (global.set $global$0 (local.get $3))
  (global.set $global$0 (i32.add (local.get $2) (i32.const 16)))
  (local.get $1)
 )
 (func $g (param $0 i32)
  (local $1 i32)
  (global.set $global$0 (local.tee $1 (i32.sub (global.get $global$0) (i32.const 16))))
  (local.set $0 (i32.lt_u (local.get $0) (i32.const 5)))
  (i32.store (local.get $1) (local.get $0))
  (call $collect)
  (global.set $global$0 (i32.add (local.get $1) (i32.const 16)))
 )
)
"""


def test_frames_are_allocated_only_where_a_spill_store_needs_them() -> None:
    wasmtime = pytest.importorskip("wasmtime")
    out, removed, _ = spill_reuse.remove_redundant_spills(LAZY)
    flat = re.sub(r"\s+", " ", out).replace(" )", ")")
    # $g's only spill (a comparison) goes, and its frame with it; $f's frame is allocated only on
    # the way to its spill store (its fast return never needs it), below the C code's own frame
    assert removed == 1
    g = flat[flat.index("(func $g"):]
    assert "(local.tee $1" not in g and "(local.get $1)" not in g
    assert "(if (i32.eqz (local.get $2)) (then (global.set $global$0 (local.tee $2" in flat
    assert flat.count("(global.set $global$0 (local.get $mpk_entry_sp))") == 2
    seen = []
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    module = wasmtime.Module(engine, out)
    box: dict = {}

    def collect() -> None:
        sp = box["sp"].value(store)
        seen.append((sp, int.from_bytes(box["memory"].read(store, sp + 4, sp + 8), "little")))

    instance = wasmtime.Instance(store, module, [wasmtime.Func(store, wasmtime.FuncType([], []), collect)])
    box.update(sp=instance.exports(store)["sp"], memory=instance.exports(store)["memory"])
    f = instance.exports(store)["f"]
    assert f(store, 0, 99) == 7 and box["sp"].value(store) == 4096 and seen == []
    # at the collecting call the spilled value is in the frame, 16 bytes under the C frame
    assert f(store, 1, 1234) == 1234 and seen == [(4096 - 32 - 16, 1234)]
    assert box["sp"].value(store) == 4096


def test_frames_stay_allocated_at_entry_where_the_stack_pointer_may_move_under_them() -> None:
    # a call of a function that sets the stack pointer to its parameter (stackRestore), or a write
    # of the stack pointer between calls (not the C prologue or an epilogue right before the
    # return), could release a lazily allocated frame while it is in use
    setter = " (func $restore (param $0 i32)\n  (global.set $global$0 (local.get $0))\n )\n"
    calling = LAZY.replace("  (call $collect)\n  (global.set $global$0 (local.get $3))",
                           "  (call $collect)\n  (call $restore (local.get $3))\n"
                           "  (global.set $global$0 (local.get $3))")
    moving = LAZY.replace("  (call $collect)\n  (global.set $global$0 (local.get $3))",
                          "  (global.set $global$0 (local.get $3))\n  (call $collect)\n  (global.set $global$0 "
                          "(local.get $3))")
    for text in (calling.replace(" (func $g", setter + " (func $g"), moving):
        out = spill_reuse.remove_redundant_spills(text)[0]
        assert "$mpk_entry_sp" not in out
        assert re.search(r"\(global\.set \$global\$0\s+\(local\.tee \$2", out)
