"""Which calls may reach a garbage collection, and hiding the others from SpillPointers (`gc_in_calls`).

Binaryen's SpillPointers pass stores every i32 local that is live across a `call` or
`call_indirect` into the function's shadow-stack frame just before that call. A frame only needs
its pointers in scanned memory while one of its calls is running *a collection*: a callee that can
never reach a collection cannot observe the locals of its callers. Spilling around those calls,
and giving a spill frame to functions whose calls all are such, is pure cost (the tiny helpers
that `wasm-opt -O3` inlines later keep their spill stores around the inlined body).

The **call graph** is read from the module text (`collecting`). A function *may collect* if

- it is one of the collector's functions (`roots`: `gc_collect`, and the mark and sweep functions
  the top-level collection calls), or
- it contains a `call_indirect`, `return_call_indirect` or `call_ref` (any table function may be
  the target), or
- it calls an imported function (host functions and the `invoke_*` wrappers of setjmp/longjmp call
  back into the interpreter), or a name that is not a function defined in the text, or
- it calls (`call` or `return_call`) a function that may collect.

Everything else provably never reaches a collection. `hide_non_collecting_calls` rewrites each
direct `call $f` of such a function as `call_ref $type ... (ref.func $f)`: the same call, which
SpillPointers (it only sees `call` and `call_indirect`) does not spill around. `--optimize-
instructions`, run right after `--spill-pointers`, turns every such `call_ref` of a `ref.func`
back into the direct call; the pipeline then merges the module without the GC feature, so one
left over fails the build instead of reaching the output. The analysis errs only towards spilling
more: a call is hidden only when its callee's whole call tree is known and collects nowhere.
"""

from __future__ import annotations

import re

from wasm.errors import FetchError
from wasm.patches.base import expression_end

# The wasm features the hidden calls need while they exist (`call_ref`, `ref.func`).
FEATURES = ["--enable-reference-types", "--enable-gc"]

_FUNC = re.compile(r"(?m)^ \(func \$(\S+)")
_DIRECT = re.compile(r"\((?:return_)?call \$([^\s()]+)")
_INDIRECT = re.compile(r"\((?:return_)?call_(?:indirect|ref)\b")
_IMPORT = re.compile(r'\(import "[^"]*" "[^"]*" \(func \$(\S+)')
_HEAD = re.compile(r" \(func \$\S+((?: \(param \$\S+ \w+\))*)(?: \(result (\w+)\))?")


def functions(wat: str) -> dict[str, tuple[int, int]]:
    """Every function defined in `wat`: name (without `$`) → (start, end) of its text."""
    found = {}
    for m in _FUNC.finditer(wat):
        found[m.group(1)] = (m.start() + 1, expression_end(wat, m.start() + 1))
    return found


def call_graph(wat: str, leaves: frozenset[str] = frozenset()
               ) -> tuple[dict[str, tuple[int, int]], dict[str, set[str]], dict[str, str]]:
    """The functions defined in `wat` (`functions`), the names each calls directly (`call` or
    `return_call`), and, for those that may collect whatever they call, why: an indirect call or
    a call of an import (other than those named in `leaves`: imports the host answers without
    calling into the guest) or of a name not defined in `wat`."""
    funcs = functions(wat)
    imports = set(_IMPORT.findall(wat))
    callees: dict[str, set[str]] = {}
    reasons: dict[str, str] = {}
    for name, (start, end) in funcs.items():
        body = wat[start:end]
        if _INDIRECT.search(body):
            reasons[name] = "an indirect call"
        callees[name] = set(_DIRECT.findall(body))
        for callee in sorted(callees[name]):
            if callee not in leaves and (callee in imports or callee not in funcs):
                reasons.setdefault(name, f"calls the {'import' if callee in imports else 'unknown function'} ${callee}")
    return funcs, callees, reasons


def collecting(wat: str, roots: set[str], leaves: frozenset[str] = frozenset()) -> set[str]:
    """Names of the functions that may (transitively) reach one of `roots` (see the module;
    `leaves`: imports that never call into the guest, see `call_graph`)."""
    funcs, callees, reasons = call_graph(wat, leaves)
    missing = roots - funcs.keys()
    if missing:
        raise FetchError(f"gc calls: collector functions not found: {sorted(missing)}")
    may = set(roots) | reasons.keys()
    callers: dict[str, set[str]] = {}
    for name, called in callees.items():
        for callee in called:
            callers.setdefault(callee, set()).add(name)
    todo = list(may)
    while todo:
        for caller in callers.get(todo.pop(), ()):
            if caller not in may:
                may.add(caller)
                todo.append(caller)
    return may


def _signature(head: re.Match) -> str:
    params = re.findall(r"\(param \$\S+ (\w+)\)", head.group(1))
    text = "(func" + (f" (param {' '.join(params)})" if params else "")
    return text + (f" (result {head.group(2)})" if head.group(2) else "") + ")"


def hide_non_collecting_calls(wat: str, roots: set[str]) -> tuple[str, int, int]:
    """`wat` with every direct call of a function that never collects written as a `call_ref`;
    also the number of calls hidden and of calls left (direct calls of collecting functions)."""
    funcs = functions(wat)
    may = collecting(wat, roots)
    types = {sig: name for name, sig in re.findall(r"(?m)^ \(type \$(\S+) (\(func[^\n]*\))\)$", wat)}
    sig_of: dict[str, str] = {}
    for name, (start, _end) in funcs.items():
        head = _HEAD.match(wat, start - 1)
        if head is None or wat[head.end()] not in " )\n":
            raise FetchError(f"gc calls: unexpected function header: {wat[start:start + 80]}")
        sig_of[name] = _signature(head)
    new_types = []
    for sig in sorted(set(sig_of.values()) - types.keys()):
        types[sig] = f"mpk_sig_{len(new_types)}"
        new_types.append(f" (type ${types[sig]} {sig})\n")
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), non-overlapping
    hidden = kept = 0
    for start, end in funcs.values():
        for m in re.finditer(r"\(call \$([^\s()]+)", wat[start:end]):
            callee = m.group(1)
            if callee in may or callee not in funcs:
                kept += 1
                continue
            at = start + m.start()
            close = expression_end(wat, at) - 1
            edits.append((at, at + len(m.group(0)), f"(call_ref ${types[sig_of[callee]]}"))
            edits.append((close, close, f" (ref.func ${callee})"))
            hidden += 1
    parts, last = [], len(wat)
    for s, e, text in sorted(edits, reverse=True):
        parts.append(wat[e:last])
        parts.append(text)
        last = s
    parts.append(wat[:last])
    out = "".join(reversed(parts))
    first = out.index("\n") + 1  # the types go right after `(module`
    return out[:first] + "".join(new_types) + out[first:], hidden, kept
