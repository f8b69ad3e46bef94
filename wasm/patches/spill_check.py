"""The GC soundness check of the final patched module (run by the pipeline with `gc_in_calls`).

`gc_in_calls` decides, from the module text at its place in the patch order, which direct calls
never reach a collection (`gc_calls`: it hides them from SpillPointers as `call_ref ... (ref.func
$f)`, so the i32 locals live across them are not stored where the collector scans) and which
functions may hold an i64 across a collecting call (`i64_liveness`: they count their activations
in the guard global, and no collection runs while one is active). A patch applied after it could
invalidate both answers: a call it adds to the allocator inside a function whose calls were
hidden makes those calls collect with their callers' pointers unspilled, and an i64 it keeps
across a collecting call in an unguarded function hides a pointer in an unscanned value.

`check` re-runs both analyses on the text the pipeline assembles (every patch applied) and
raises a `FetchError` naming the function and the call at the first problem:

1. every hidden call must still be of a function that never collects in the final call graph
   (hidden calls read as the direct calls they stand for; the collector's functions are
   `gc_collect`, the one function calling `$mpk_gc_grow`, and its direct callees);
2. every function that may hold an i64 across a collecting call in the final text must count
   its activations in the guard (its first statement increments it).

An import counts as collecting (the host may call back into the interpreter) unless it is one of
`LEAF_IMPORTS`: host functions that only read and write the guest's memory, so no allocation can
run while they do (`gc_in_calls` itself counts every import; the check is only more precise).

Every other i32 local live across a collecting call is spilled by `--spill-pointers`, which runs
on this text after the check (it covers the code of every patch, before or after `gc_in_calls`).
"""

from __future__ import annotations

import bisect
import re

from wasm.errors import FetchError
from wasm.patches.base import expression_end, normalise, split_functions
from wasm.patches.gc_calls import call_graph, collecting
from wasm.patches.i64_liveness import functions_holding_i64

#: Imports (`env` field names) the host answers without calling into the guest, and where: their
#: host classes are given only the guest's memory and the stop flag.
LEAF_IMPORTS = {
    "mpk_float_repr": "mpwasm_kernel/sandbox/floatrepr.py (FloatReprImports)",
}
_HIDDEN = re.compile(r"\(call_ref \$[^\s()]+")
_REF_TAIL = re.compile(r"\s*\(ref\.func \$([^\s()]+)\)\s*\)$")
_GROW = "mpk_gc_grow"
_HEAD = r" \(func \$\S+(?: \((?:type|param|result|local) [^()]*\))* "  # up to its first statement


def unhide(wat: str) -> tuple[str, list[tuple[int, str]]]:
    """`wat` with every `call_ref` of a `ref.func` written as the direct call it stands for, and
    the (offset in `wat`, callee name) of each such call."""
    edits: list[tuple[int, int, str]] = []
    calls: list[tuple[int, str]] = []
    for m in _HIDDEN.finditer(wat):
        end = expression_end(wat, m.start())
        tail = _REF_TAIL.search(wat, m.end(), end)
        if tail is None:
            continue  # a call through an unknown reference: `collecting` counts it as collecting
        calls.append((m.start(), tail.group(1)))
        edits.append((m.start(), m.end(), f"(call ${tail.group(1)}"))
        edits.append((tail.start(), tail.end() - 1, ""))
    parts, last = [], len(wat)
    for s, e, text in sorted(edits, reverse=True):
        parts += [wat[e:last], text]
        last = s
    parts.append(wat[:last])
    return "".join(reversed(parts)), calls


def collector_roots(wat: str) -> set[str]:
    """`gc_collect` as `gc_in_calls` left it (the one function calling `$mpk_gc_grow`) and the
    functions it calls directly (the collection's start, root scan, end, and the growth policy)."""
    callees = call_graph(wat)[1]
    found = [name for name, called in callees.items() if _GROW in called]
    if len(found) != 1:
        raise FetchError(f"GC soundness check: expected one gc_collect calling ${_GROW}, found {len(found)}")
    return {found[0], *callees[found[0]]}


def why_collecting(wat: str, roots: set[str], leaves: frozenset[str], name: str) -> str:
    """A chain of direct calls from `name` to a reason it may collect, e.g. `f -> g -> gc_collect`."""
    funcs, callees, reasons = call_graph(wat, leaves)
    seen = {name: [name]}
    todo = [name]
    while todo:
        f = todo.pop(0)
        if f in roots:
            return " -> ".join(seen[f]) + " (the collector)"
        if f in reasons:
            return " -> ".join(seen[f]) + f" ({reasons[f]})"
        for g in sorted(callees.get(f, ())):
            if g not in seen:
                seen[g] = [*seen[f], g]
                todo.append(g)
    return name


def check(wat: str, guard: str) -> None:
    """`FetchError` unless `wat` (the module text with every patch applied, `gc_in_calls` among
    them) keeps the two facts `gc_in_calls` relies on (see the module); `guard` is its global."""
    plain, hidden = unhide(wat)
    roots = collector_roots(plain)
    leaves = frozenset(name for field, name in re.findall(r'\(import "env" "([^"]+)" \(func \$([^\s()]+)', plain)
                       if field in LEAF_IMPORTS)
    may = collecting(plain, roots, leaves)
    starts = sorted((m.start() + 1, m.group(1)) for m in re.finditer(r"(?m)^ \(func \$(\S+)", wat))
    offsets = [s for s, _ in starts]
    for at, callee in hidden:
        if callee in may:
            caller = starts[bisect.bisect_right(offsets, at) - 1][1]
            raise FetchError(
                f"GC soundness check: ${caller} calls ${callee} without spilling its pointers (gc_in_calls "
                f"found ${callee} never collects), but in the final module it may: "
                f"{why_collecting(plain, roots, leaves, callee)}. A patch after gc_in_calls added that call; "
                "place it before gc_in_calls in wasm/patches/__init__.py")
    chunks = split_functions(plain)
    enter = f"(global.set {guard} (i32.add (global.get {guard}) (i32.const 1)))"
    for name in sorted(functions_holding_i64(chunks[1:], chunks[0], may, leaves) - roots):
        chunk = next(normalise(c) for c in chunks if re.match(rf" \(func \${re.escape(name)}[\s)]", c))
        if not re.match(_HEAD + re.escape(enter), chunk):
            raise FetchError(
                f"GC soundness check: ${name} may hold an i64 across a call that may collect, and it does not "
                f"count its activations in {guard} (gc_in_calls did not find it holding one). A patch after "
                "gc_in_calls changed it; place that patch before gc_in_calls in wasm/patches/__init__.py")
