"""Spill stores that write a value the slot already holds are removed (used by `gc_in_calls`).

Binaryen's SpillPointers gives each spilled i32 local of a function one word of a frame it
allocates on the shadow stack at entry (`$S = __stack_pointer - size`, the function's first
statement), and before every call (here: every call that may reach a collection) stores each
local live across it into its word: `(i32.store offset=K (local.get $S) (local.get $x))`, with one
K per local. Only these stores write the frame (the frame lies above the stack pointer while the
function runs; the C code's own frames are elsewhere and nothing takes the frame's address), so
the word of `$x` keeps the value last stored until the next store of `$x`.

This module runs on the text of the spilled module (`wasm-dis` of it, flat code) and, per function:

1. **hoists** invariant spills out of loops: for every `loop` that is a statement, each local that
   is spilled somewhere inside it and assigned nowhere inside it is stored once just before it
   (unless it was stored since its last assignment on every way into the loop);
2. **removes** every spill store of `$x` at which, on every path from the entry, `$x` was stored
   since its last assignment (a forward must-analysis over the structured code: blocks, loops to
   a fixpoint, `if`, `br`, `br_if`, `br_table`, `return`, `unreachable`).

3. **removes** every spill store of `$x` at which, on every path, `$x` holds a value the collector
   never marks (`py/gc.c` marks only multiples of the 16-byte block inside a heap area): an
   address in the shadow stack (the stack pointer plus or minus a constant of at most 64 KiB, the
   function's own frame: the stack region is never a heap area), a value below 65536 (the first
   64 KiB of memory hold no heap area: comparisons, byte and half-word loads, small constants and
   masks) or a value that is not a multiple of 16 (`x | c` with `c % 16 != 0`: small ints, qstrs).
   Such a store is taken as not made by the analysis, so the slot is never assumed to hold it.

4. **drops the frame** of a function left with no spill store: its allocation at entry and the
   restores of the stack pointer (the frame's only other uses) become `nop`s;
5. **allocates the frame lazily** in a function where some return is reached without passing a
   spill store (`mp_obj_is_true`'s fast paths, `mp_binary_op` on small ints): the entry saves
   the stack pointer in a new local instead, a guarded allocation (`if $S == 0`; a frame address
   is never 0) goes before every spill store (and every store hoisted before a loop) at which a
   forward must-analysis does not find the frame allocated on every path, and each restore sets
   the saved entry value. The frame stays below the stack pointer from its allocation to the
   return: the function's other writes of the stack pointer must be the C prologue (top-level
   statements before any call or branch, so before every allocation: the frame lies below the C
   frame) or a C epilogue followed in its statement list by nothing but plain statements without
   calls, then the restore and `return`; a callee leaves the stack pointer as it found it, except
   a function that sets it to a parameter (`stackRestore`), which a lazily framed function must
   not call (nor call indirectly when one is in the table); the setjmp wrappers restore the value
   at their own entry, below the frame. Otherwise the frame stays allocated at entry.

So a loop that calls the allocator on each iteration stores its invariant locals once per entry
instead of once per call, and a run of calls stores each unchanged local once. At every call the
frame holds the current value of every local SpillPointers spilled there: what the collector
scans is unchanged. A function with anything the analysis does not model (exception
instructions, tail calls, numeric labels, an unexpected frame set-up) is left as it is.
"""

from __future__ import annotations

import re
import sys
from typing import NamedTuple

from wasm.errors import FetchError

_TOKEN = re.compile(r'\(|\)|"(?:[^"\\]|\\.)*"|;;[^\n]*|[^\s()]+')
_UNMODELLED = {"try", "try_table", "throw", "throw_ref", "rethrow", "return_call", "return_call_indirect",
               "delegate", "catch", "catch_all", "return_call_ref", "br_on_null", "br_on_non_null",
               "br_on_cast", "br_on_cast_fail"}
_STATEMENTS = {"func", "block", "loop", "then", "else"}
_BLOCK = 16  # MICROPY_BYTES_PER_GC_BLOCK: the collector marks only values that are multiples of it
_STACK_OFFSET = 65536  # a shadow-stack address plus or minus at most this stays in the stack region
_SMALL_RESULTS = {f"{t}.{c}" for t in ("i32", "i64") for c in ("eqz", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u",
                                                              "le_s", "le_u", "ge_s", "ge_u")} | \
    {f"{t}.{c}" for t in ("f32", "f64") for c in ("eq", "ne", "lt", "gt", "le", "ge")} | \
    {"i32.load8_u", "i32.load16_u", "i32.clz", "i32.ctz", "i32.popcnt"}


class _Node:
    __slots__ = ("op", "words", "kids", "start", "end")

    def __init__(self, op: str, start: int) -> None:
        self.op, self.words, self.kids, self.start, self.end = op, [], [], start, start


class _Unmodelled(Exception):
    pass


def _parse(text: str, start: int) -> _Node:
    """The parenthesised expression at `text[start]`, with the span of every node."""
    stack: list[_Node] = []
    for m in _TOKEN.finditer(text, start):
        t = m.group()
        if t == "(":
            stack.append(_Node("", m.start()))
        elif t == ")":
            node = stack.pop()
            node.end = m.end()
            if not stack:
                return node
            stack[-1].kids.append(node)
        elif t.startswith(";;"):
            continue
        elif not stack[-1].op:
            stack[-1].op = t
        else:
            stack[-1].words.append(t)
    raise FetchError("spill reuse: unbalanced function text")


class _Function:
    """The analysis of one function: spill stores found, which to remove, what to hoist."""

    def __init__(self, func: _Node, frame: str, slots: dict[str, str], sp: str) -> None:
        self.frame, self.slots, self.sp = frame, slots, sp  # $S; local -> offset of its word; the SP global
        self.heapless: dict[int, bool] = {}  # id(store) -> its local held no heap pointer at every visit
        self.hoist_heapless: dict[tuple[int, str], bool] = {}
        self.labels: dict[str, _State | None] = {}
        self.redundant: dict[int, bool] = {}  # id(store) -> clean at every visit so far
        self.stores: dict[int, _Node] = {}
        self.hoist: dict[int, list[str]] = {}  # id(loop) -> locals stored before it
        self.loops: dict[int, _Node] = {}
        self.entry_clean: dict[int, frozenset[str]] = {}  # id(loop) -> clean at every reached entry
        # the frame pass (`_lazy_frame`): ids of the stores kept and of the loops stores are hoisted
        # before; id(point) -> the frame may be unallocated there; id(restore) -> allocated there
        self.points: set[int] | None = None
        self.restore_ids: set[int] = set()
        self.unallocated: dict[int, bool] = {}
        self.allocated: dict[int, bool] = {}
        self._plan(func, "func")

    def spilled_local(self, node: _Node) -> str | None:
        """`$x` if `node` is a spill store of `$x` into its own word."""
        if node.op != "i32.store" or len(node.kids) != 2:
            return None
        base, value = node.kids
        if base.op != "local.get" or base.words != [self.frame] or value.op != "local.get":
            return None
        offset = next((w[7:] for w in node.words if w.startswith("offset=")), "0")
        x = value.words[0]
        return x if self.slots.get(x) == offset and len(node.words) <= 1 else None

    def _plan(self, node: _Node, parent: str) -> tuple[set[str], set[str]]:
        """(locals assigned, locals spilled) inside `node`; plans the hoists of its loops."""
        if node.op in _UNMODELLED:
            raise _Unmodelled(node.op)
        assigned: set[str] = set()
        spilled: set[str] = set()
        x = self.spilled_local(node)
        if x is not None:
            self.stores[id(node)] = node
            spilled.add(x)
        if node.op in ("local.set", "local.tee"):
            assigned.add(node.words[0])
        for kid in node.kids:
            a, s = self._plan(kid, node.op)
            assigned |= a
            spilled |= s
        if node.op == "loop" and parent in _STATEMENTS:
            invariant = sorted(spilled - assigned - {self.frame})
            if invariant:
                self.hoist[id(node)] = invariant
                self.loops[id(node)] = node
        return assigned, spilled

    def _open(self, label: str) -> None:
        if label in self.labels or not label.startswith("$"):
            raise _Unmodelled(f"label {label}")
        self.labels[label] = None

    def seq(self, items: list[_Node], state: _State | None) -> _State | None:
        for item in items:
            state = self.after(item, state)
        return state

    def kind(self, e: _Node, st: _State) -> str | None:
        """"stack" (an address in the shadow stack), "small" (below 65536), "odd" (not a multiple of
        the GC block size: a small int, a qstr, an immediate object) or None (anything)."""
        op, kids = e.op, e.kids
        if op == "global.get" and e.words == [self.sp]:
            return "stack"
        if op == "local.get":
            x = e.words[0]
            return "stack" if x in st.stack else "small" if x in st.small else "odd" if x in st.odd else None
        if op == "i32.const":
            return "small" if 0 <= _int(e.words[0]) < 65536 else None
        if op in ("i32.add", "i32.sub") and len(kids) == 2:
            a, b = kids
            if op == "i32.add" and a.op == "i32.const":
                a, b = b, a
            if b.op == "i32.const" and abs(_int(b.words[0])) <= _STACK_OFFSET and self.kind(a, st) == "stack":
                return "stack"
            return None
        if op in _SMALL_RESULTS:
            return "small"
        if op == "i32.and" and any(self.kind(k, st) == "small" for k in kids):
            return "small"
        if op == "i32.or" and any((k.op == "i32.const" and _int(k.words[0]) % _BLOCK) or self.kind(k, st) == "odd"
                                  for k in kids):
            return "odd"
        if op == "i32.shr_u" and len(kids) == 2 and kids[1].op == "i32.const" and _int(kids[1].words[0]) % 32 >= 16:
            return "small"
        if op == "select" and len(kids) == 3:
            a, b = self.kind(kids[0], st), self.kind(kids[1], st)
            return a if a == b else None
        return None

    def _frame_step(self, node: _Node, state: _State | None) -> _State | None:
        """The frame pass at a kept store, a loop stores are hoisted before, or a restore: `clean`
        holds `_ALLOCATED` where the frame is allocated on every path."""
        key = id(node)
        if key in self.restore_ids:
            if state is not None:
                self.allocated[key] = self.allocated.get(key, True) and _ALLOCATED in state.clean
            return state
        if state is not None and key in self.points:
            self.unallocated[key] = self.unallocated.get(key, False) or _ALLOCATED not in state.clean
            state = state._replace(clean=state.clean | {_ALLOCATED})
        if node.op != "loop":
            return state  # a store: its operands are two `local.get`s
        points, self.points = self.points, self.points - {key}  # the loop itself, its entry counted once
        try:
            return self.after(node, state)
        finally:
            self.points = points

    def after(self, node: _Node, state: _State | None) -> _State | None:
        """What holds after `node` (None: not reached)."""
        op = node.op
        name = node.words[0] if node.words and node.words[0].startswith("$") else None
        body = [k for k in node.kids if k.op not in ("result", "type", "param", "local")]
        if self.points is not None and (id(node) in self.points or id(node) in self.restore_ids
                                        or id(node) in self.stores):
            return self._frame_step(node, state)
        if id(node) in self.stores:
            x = self.spilled_local(node)
            key = id(node)
            if state is None:
                self.redundant[key] = self.heapless[key] = False
                return None
            heapless = x in state.stack or x in state.small or x in state.odd
            self.redundant[key] = self.redundant.get(key, True) and x in state.clean
            self.heapless[key] = self.heapless.get(key, True) and heapless
            # a store that may be removed for holding no heap pointer is taken as not made
            return state if heapless else state._replace(clean=state.clean | {x})
        if op in ("local.set", "local.tee"):
            state = self.seq(body, state)
            if state is None:
                return None
            x = node.words[0]
            kind = self.kind(body[0], state) if len(body) == 1 else None
            return _State(state.clean - {x}, state.stack - {x} | ({x} if kind == "stack" else set()),
                          state.small - {x} | ({x} if kind == "small" else set()),
                          state.odd - {x} | ({x} if kind == "odd" else set()))
        if op == "block":
            if name is None:
                return self.seq(body, state)
            self._open(name)
            end = self.seq(body, state)
            return _meet(end, self.labels.pop(name))
        if op == "loop":
            if state is not None and id(node) in self.hoist:
                key = id(node)
                seen = self.entry_clean.get(key)
                self.entry_clean[key] = state.clean if seen is None else seen & state.clean
                for x in self.hoist[key]:
                    heapless = x in state.stack or x in state.small or x in state.odd
                    self.hoist_heapless[key, x] = self.hoist_heapless.get((key, x), True) and heapless
                state = state._replace(clean=state.clean | {x for x in self.hoist[key] if x not in state.stack
                                                            and x not in state.small and x not in state.odd})
            head = state
            for _ in range(10_000):
                if name is not None:
                    self._open(name)
                end = self.seq(body, head)
                back = self.labels.pop(name) if name is not None else None
                new = _meet(state, back)
                if new == head:
                    return end
                head = new
            raise _Unmodelled("loop without fixpoint")
        if op == "if":
            cond = [k for k in body if k.op not in ("then", "else")]
            state = self.seq(cond, state)
            if name is not None:
                self._open(name)
            arms = [self.seq(k.kids, state) for k in body if k.op in ("then", "else")]
            if len(arms) < 2:
                arms.append(state)
            end = _meet(arms[0], arms[1])
            return end if name is None else _meet(end, self.labels.pop(name))
        if op in ("br", "br_if", "br_table"):
            state = self.seq(body, state)
            targets = node.words if op == "br_table" else node.words[:1]
            for label in targets:
                if label not in self.labels:
                    raise _Unmodelled(f"label {label}")
                self.labels[label] = _meet(self.labels[label], state)
            return state if op == "br_if" else None
        if op in ("return", "unreachable"):
            self.seq(body, state)
            return None
        return self.seq(body, state)


class _State(NamedTuple):
    clean: frozenset[str]  # locals whose word holds their current value
    stack: frozenset[str]  # locals holding an address in the shadow stack
    small: frozenset[str]  # locals holding a value below 65536
    odd: frozenset[str]  # locals holding a value that is not a multiple of the GC block size


def _meet(a: _State | None, b: _State | None) -> _State | None:
    if a is None:
        return b
    if b is None:
        return a
    return _State(a.clean & b.clean, a.stack & b.stack, a.small & b.small, a.odd & b.odd)


def _int(word: str) -> int:
    return int(word, 0)


_ENTRY = re.compile(r"\(global\.set (\$\S+) \(local\.tee (\$\S+) "
                    r"\(i32\.sub \(global\.get \1\) \(i32\.const \d+\)\)\)\)")


def _rewrite_function(text: str, start: int, setters: frozenset[str] = frozenset(),
                      indirect_setter: bool = True) -> tuple[list[tuple[int, int, str]], int, int]:
    """Edits (start, end, replacement) for the function at `text[start]`; stores removed, hoisted.
    `setters`: the functions that set the stack pointer to a parameter (`indirect_setter`: one of
    them is in the table): a function calling one keeps its frame allocated at entry."""
    func = _parse(text, start)
    body = [k for k in func.kids if k.op not in ("param", "result", "local", "type", "export")]
    if not body:
        return [], 0, 0
    first = re.sub(r"\s+", " ", text[body[0].start:body[0].end]).replace(" )", ")")
    entry = _ENTRY.fullmatch(first)
    if entry is None:
        return [], 0, 0
    frame = entry.group(2)
    slots: dict[str, str] = {}
    for m in re.finditer(rf"\(i32\.store(?: offset=(\d+))?\s+\(local\.get \{frame}\)\s+\(local\.get (\$\S+?)\)\s*\)",
                         text[func.start:func.end]):
        offset = m.group(1) or "0"
        if slots.setdefault(m.group(2), offset) != offset:
            return [], 0, 0  # one local in two words: not SpillPointers' layout
    if len(set(slots.values())) != len(slots):
        return [], 0, 0
    # the frame is used only by the spill stores, the entry and the restores of the stack pointer
    flat = re.sub(r"\s+", " ", text[func.start:func.end]).replace(" )", ")")
    uses = flat.count(f"(local.get {frame})")
    spills = len(re.findall(rf"\(i32\.store(?: offset=\d+)? \(local\.get \{frame}\) \(local\.get \$[^\s()]+\)\)", flat))
    restores = len(re.findall(rf"\(global\.set {re.escape(entry.group(1))} \(i32\.add \(local\.get \{frame}\) "
                              r"\(i32\.const \d+\)\)\)", flat))
    if uses != spills + restores or flat.count(f"(local.set {frame} ") + flat.count(f"(local.tee {frame} ") != 1:
        return [], 0, 0
    zeroed = frozenset(k.words[0] for k in func.kids if k.op == "local" and len(k.words) == 2)
    try:
        analysis = _Function(func, frame, slots, entry.group(1))
        analysis.after(func, _State(frozenset(), frozenset(), zeroed, frozenset()))
    except (_Unmodelled, KeyError, ValueError, IndexError):
        return [], 0, 0
    edits = []
    kept: dict[int, _Node] = {}
    for key, node in analysis.stores.items():
        if analysis.redundant.get(key, False) or analysis.heapless.get(key, False):
            edits.append((node.start, node.end, "(nop)"))
        else:
            kept[key] = node
    hoists: dict[int, str] = {}  # id(loop) -> the stores put before it
    for key in analysis.loops:
        # a local already stored on every way into the loop needs no store before it
        needed = [x for x in analysis.hoist[key] if x not in analysis.entry_clean.get(key, ())
                  and not analysis.hoist_heapless.get((key, x), False)]
        if needed:
            hoists[key] = " ".join(
                f"(i32.store{'' if slots[x] == '0' else ' offset=' + slots[x]} (local.get {frame}) (local.get {x}))"
                for x in needed) + " "
    removed, hoisted = len(analysis.stores) - len(kept), sum(h.count("(i32.store") for h in hoists.values())
    back = _restores(func, frame, entry.group(1))
    if len(back) != restores:
        return [], 0, 0
    calls = set(re.findall(r"\((?:return_)?call \$([^\s()]+)", flat))
    lazy_ok = not (calls & setters) and not (indirect_setter and re.search(r"\(call_(?:indirect|ref)\b", flat))
    lazy = {} if not (kept or hoists) or not lazy_ok else _lazy_frame(analysis, func, body, kept, hoists, back)
    if not (kept or hoists):
        # no spill store is left: the frame is never written, so it is not allocated either
        edits.append((body[0].start, body[0].end, "(nop)"))
        edits += [(n.start, n.end, "(nop)") for n in back]
    elif lazy:
        # the frame is allocated only on the ways to a spill store; a return restores the stack
        # pointer the function was entered with (also after the C code's own epilogue)
        decls = [k for k in func.kids if k.op in ("param", "result", "local")]
        edits.append((decls[-1].end, decls[-1].end, f" (local {_ENTRY_SP} i32)"))
        edits.append((body[0].start, body[0].end, f"(local.set {_ENTRY_SP} (global.get {entry.group(1)}))"))
        alloc = f"(if (i32.eqz (local.get {frame})) (then {first}))"
        for n in back:
            edits.append((n.start, n.end, f"(global.set {entry.group(1)} (local.get {_ENTRY_SP}))"))
        for key, node in kept.items():
            if lazy.get(key):
                edits.append((node.start, node.start, alloc + " "))
        for key in hoists:
            if lazy.get(key):
                hoists[key] = alloc + " " + hoists[key]
    edits += [(analysis.loops[key].start, analysis.loops[key].start, h) for key, h in hoists.items()]
    return edits, removed, hoisted


_ALLOCATED = "@frame"  # in `_State.clean` during the frame pass: the frame is allocated
_ENTRY_SP = "$mpk_entry_sp"  # a lazily framed function's stack pointer at entry


def _lazy_frame(analysis: _Function, func: _Node, body: list[_Node], kept: dict[int, _Node],
                hoists: dict[int, str], back: list[_Node]) -> dict[int, bool]:
    """Where to allocate the frame if not at entry: id(store or loop) -> on some way to it the frame
    is not allocated yet (a guarded allocation goes there). Empty if every return is reached
    with the frame allocated (entry is then as good) or if another write of the stack pointer
    could release the frame while it is in use (see the module)."""
    sp = analysis.sp
    ours = {id(n) for n in back} | {id(body[0])}
    for path in _paths_to_sp_writes(func, sp):
        node, parent, index = path
        if id(node) in ours:
            continue
        siblings = [k for k in parent.kids if k.op != "nop"]
        at = next(i for i, k in enumerate(siblings) if k is node)
        if parent is func and not any(_has_control_or_call(k) for k in siblings[:at] if k.op not in ("param", "result",
                                                                                                     "local", "type")):
            continue  # the C prologue: before every call and branch
        rest = siblings[at + 1:]
        tail = next((i for i, k in enumerate(rest) if id(k) in ours), None)
        if tail is None or any(_has_control_or_call(k) for k in rest[:tail]):
            return {}
        after_restore = rest[tail + 1:]
        if not (after_restore and after_restore[0].op == "return") and not (
                parent is func and all(k.op == "local.get" for k in after_restore) and len(after_restore) <= 1):
            return {}  # the C epilogue must be followed by the restore and the return, nothing else
    analysis.points = set(kept) | set(hoists)
    analysis.restore_ids = {id(n) for n in back}
    analysis.hoist = {}
    try:
        analysis.after(func, _State(frozenset(), frozenset(), frozenset(), frozenset()))
    except (_Unmodelled, KeyError, ValueError, IndexError):
        return {}
    if all(analysis.allocated.get(id(n), True) for n in back):
        return {}
    return {key: analysis.unallocated.get(key, True) for key in analysis.points}


def _paths_to_sp_writes(node: _Node, sp: str, parent: _Node | None = None) -> list[tuple[_Node, _Node, int]]:
    """(node, parent, depth) for every `global.set` of the stack pointer inside `node`."""
    found = []
    if node.op == "global.set" and node.words == [sp]:
        found.append((node, parent, 0))
    for kid in node.kids:
        found += _paths_to_sp_writes(kid, sp, node)
    return found


def _has_control_or_call(node: _Node) -> bool:
    return node.op in _CONTROL or node.op.startswith("call") or any(_has_control_or_call(k) for k in node.kids)


_CONTROL = {"block", "loop", "if", "br", "br_if", "br_table", "return", "unreachable", "try", "try_table", "throw"}


def _restores(node: _Node, frame: str, sp: str) -> list[_Node]:
    """The `(global.set SP (i32.add (local.get $S) (i32.const N)))` nodes inside `node`."""
    if (node.op == "global.set" and node.words == [sp] and len(node.kids) == 1 and node.kids[0].op == "i32.add"
            and [k.op for k in node.kids[0].kids] == ["local.get", "i32.const"]
            and node.kids[0].kids[0].words == [frame]):
        return [node]
    return [r for kid in node.kids for r in _restores(kid, frame, sp)]


def remove_redundant_spills(wat: str) -> tuple[str, int, int]:
    """`wat` (a spilled module's text) with loop-invariant spills hoisted and redundant spill
    stores removed; also the counts of stores removed and of stores added before loops."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 100_000))
    edits: list[tuple[int, int, str]] = []
    removed = hoisted = 0
    setters, indirect_setter = _stack_setters(wat)
    try:
        for m in re.finditer(r"(?m)^ \(func ", wat):
            e, r, h = _rewrite_function(wat, m.start() + 1, setters, indirect_setter)
            edits += e
            removed += r
            hoisted += h
    finally:
        sys.setrecursionlimit(limit)
    parts, last = [], len(wat)
    for s, e, new in sorted(edits, key=lambda t: (t[0], t[1]), reverse=True):
        parts.append(wat[e:last])
        parts.append(new)
        last = s
    parts.append(wat[:last])
    return "".join(reversed(parts)), removed, hoisted


def _stack_setters(wat: str) -> tuple[frozenset[str], bool]:
    """The functions that set the stack pointer to one of their parameters as received
    (`stackRestore`), and
    whether one of them is in a table (may be called indirectly)."""
    sps = set(m.group(1) for m in re.finditer(r"\(global\.set (\$\S+)\s+\(local\.tee \$\S+\s+\(i32\.sub\s+"
                                             r"\(global\.get \1\)", wat))
    found = set()
    starts = [m.start() for m in re.finditer(r"(?m)^ \(func \$", wat)] + [len(wat)]
    for a, b in zip(starts, starts[1:], strict=False):
        flat = re.sub(r"\s+", " ", wat[a:b]).replace(" )", ")")
        params = set(re.findall(r"\(param (\$\S+) \w+\)", flat))
        for sp in sps:
            for x in re.findall(rf"\(global\.set {re.escape(sp)} \(local\.get (\$[^\s()]+)\)\)", flat):
                if x in params and f"(local.set {x} " not in flat and f"(local.tee {x} " not in flat:
                    found.add(re.match(r" \(func \$(\S+)", flat).group(1))
    table = " ".join(re.findall(r"\(elem [^\n]*", wat))
    return frozenset(found), any(re.search(rf"\${re.escape(n)}(?![\w$])", table) for n in found)
