"""Which interpreter functions may hold an i64 value across a call (used by `gc_in_calls`).

Binaryen's SpillPointers pass writes every *i32* local that is live across a call to the shadow
stack, where the collector scans it; it does not spill i64 values. `-Os` code sometimes keeps two
32-bit object fields in one i64 (a `mp_map_elem_t` copied as 8 bytes, say), so a collection inside
a call made while such a value is live could miss a pointer. This module finds every function in
which that can happen, in the Binaryen text of the module *before* `--flatten` (whose temporaries
only hold values the two rules below already cover):

1. **operand stack**: an expression has an operand that computes an i64 (any `i64` instruction,
   an `(result i64)` block, a read of an i64 local, a call of a function or an indirect call of a
   type returning i64) followed by a later operand that contains a call — the i64 sits on the
   value stack during that call;
2. **locals**: a backward may-liveness analysis over the structured code (blocks, loops to a
   fixpoint, `if`, `br`, `br_if`, `br_table`, `return`, `unreachable`) finds an i64 local or
   parameter live after some call.

Anything the analysis does not model (exception instructions, tail calls, unnamed i64 locals)
makes the function "may hold", so the answer errs only towards fewer collections.

Given the set of functions that may reach a collection (`gc_calls.collecting`), a direct call of
any other function is not a call for both rules: nothing can collect while it runs. Indirect
calls and calls of functions outside the set given (imports, unknown names) always count.
"""

from __future__ import annotations

import re
import sys

Node = list  # a parsed s-expression: [op, *tokens-or-nodes]

_TOKEN = re.compile(r'\(|\)|"(?:[^"\\]|\\.)*"|[^\s()]+')
_CALLS = {"call", "call_indirect"}
_SEQUENTIAL = {"block", "loop", "then", "else", "if", "try_table", "try", "func", "catch", "catch_all"}
_UNMODELLED = {"try", "try_table", "throw", "throw_ref", "rethrow", "return_call", "return_call_indirect",
               "delegate", "catch"}


class _Unmodelled(Exception):
    pass


def parse(text: str) -> Node:
    """The first s-expression of `text`."""
    stack: list[list] = [[]]
    for m in _TOKEN.finditer(text):
        t = m.group()
        if t == "(":
            stack.append([])
        elif t == ")":
            if len(stack) == 1:
                break  # text after the first expression (the module's closing parenthesis)
            node = stack.pop()
            stack[-1].append(node)
            if len(stack) == 1:
                break
        else:
            stack[-1].append(t)
    return stack[0][0]


def _mentions_i64(node: Node | str, i64_funcs: set[str]) -> bool:
    """`node` may compute an i64: an `i64` word, a call of a function or type in `i64_funcs`
    (`$f`, `type:$t`), or a read of a local in it (`local:$x`)."""
    if isinstance(node, str):
        return "i64" in node
    if node and node[0] == "call" and len(node) > 1 and node[1] in i64_funcs:
        return True
    if node and node[0] in ("local.get", "local.tee") and len(node) > 1 and f"local:{node[1]}" in i64_funcs:
        return True
    if node and node[0] == "call_indirect" and any(isinstance(c, list) and len(c) == 2 and c[0] == "type"
                                                   and f"type:{c[1]}" in i64_funcs for c in node):
        return True
    return any(_mentions_i64(c, i64_funcs) for c in node)


def _is_call(node: Node, quiet: frozenset[str]) -> bool:
    """`node` (an `op ...` list) is a call during which a collection may run."""
    if node[0] == "call" and len(node) > 1 and node[1] in quiet:
        return False
    return node[0] in _CALLS


def _has_call(node: Node | str, quiet: frozenset[str] = frozenset()) -> bool:
    if isinstance(node, str):
        return False
    return _is_call(node, quiet) or node[0] in _UNMODELLED or any(_has_call(c, quiet) for c in node)


def _stack_risk(node: Node | str, i64_funcs: set[str], quiet: frozenset[str] = frozenset()) -> bool:
    """Rule 1: an i64 operand is followed by a later operand containing a call."""
    if isinstance(node, str):
        return False
    kids = [c for c in node if isinstance(c, list)]
    if node[0] not in _SEQUENTIAL:
        seen_i64 = False
        for c in kids:
            if seen_i64 and _has_call(c, quiet):
                return True
            seen_i64 = seen_i64 or _mentions_i64(c, i64_funcs)
    return any(_stack_risk(c, i64_funcs, quiet) for c in kids)


class _Liveness:
    """Rule 2: backward may-liveness; `hit` becomes true when an i64 local is live after a call."""

    def __init__(self, i64_locals: set[str], quiet: frozenset[str] = frozenset()) -> None:
        self.i64 = i64_locals
        self.quiet = quiet
        self.labels: dict[str, frozenset[str]] = {}
        self.hit = False

    def seq(self, items: list, live: frozenset[str]) -> frozenset[str]:
        for item in reversed(items):
            live = self.before(item, live)
        return live

    def before(self, node: Node | str, live: frozenset[str]) -> frozenset[str]:
        if isinstance(node, str):
            return live
        op, kids = node[0], [c for c in node[1:] if isinstance(c, list)]
        words = [c for c in node[1:] if isinstance(c, str)]
        name = words[0] if words and words[0].startswith("$") else None
        body = [k for k in kids if k[0] not in ("result", "type", "param")]
        if op in _UNMODELLED:
            raise _Unmodelled(op)
        if op == "local.get":
            return live | {words[0]}
        if op in ("local.set", "local.tee"):
            return self.seq(kids, live - {words[0]})
        if op in _CALLS:
            self.hit = self.hit or (_is_call(node, self.quiet) and bool(live & self.i64))
            return self.seq(kids, live)
        if op == "block":
            if name:
                self.labels[name] = live
            return self.seq(body, live)
        if op == "loop":
            current: frozenset[str] = frozenset()
            while True:
                if name:
                    self.labels[name] = current
                new = self.seq(body, live)
                if new <= current:
                    return current
                current = current | new
        if op == "if":
            if name:
                self.labels[name] = live
            cond = [k for k in body if k[0] not in ("then", "else")]
            arms = [self.seq(k[1:], live) for k in body if k[0] in ("then", "else")]
            if len(arms) < 2:
                arms.append(live)
            return self.seq(cond, arms[0] | arms[1])
        if op == "br":
            return self.seq(kids, self.labels[words[0]])
        if op == "br_if":
            return self.seq(kids, self.labels[words[0]] | live)
        if op == "br_table":
            return self.seq(kids, frozenset().union(*(self.labels[w] for w in words)))
        if op == "return":
            return self.seq(kids, frozenset())
        if op == "unreachable":
            return frozenset()
        return self.seq(kids, live)


def may_hold_i64_across_call(func: Node, i64_funcs: set[str], quiet: frozenset[str] = frozenset()) -> bool:
    """True unless `func` provably holds no i64 value (local or operand) across any call, not
    counting direct calls of the functions named in `quiet` (`$name`: they never collect)."""
    if not _has_call(func, quiet):
        return False
    i64_locals, body = set(), []
    for item in func[2:]:
        if isinstance(item, list) and item[0] in ("param", "local"):
            if len(item) != 3 and "i64" in item:
                return True  # unnamed i64 locals are not tracked
            if len(item) == 3 and item[2] == "i64":
                i64_locals.add(item[1])
        elif not (isinstance(item, list) and item[0] in ("result", "type")):
            body.append(item)
    if _stack_risk(func, i64_funcs | {f"local:{x}" for x in i64_locals}, quiet):
        return True
    if not i64_locals:
        return False
    analysis = _Liveness(i64_locals, quiet)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 100_000))
    try:
        analysis.seq(body, frozenset())
    except (_Unmodelled, KeyError):
        return True
    finally:
        sys.setrecursionlimit(limit)
    return analysis.hit


def functions_holding_i64(chunks: list[str], header: str, collecting: set[str] | None = None,
                          leaves: frozenset[str] = frozenset()) -> set[str]:
    """Names (without `$`) of the functions among `chunks` that may hold an i64 across a call;
    `header` is the module text before the first function (for imports returning i64). With
    `collecting` (names of the functions that may reach a collection), direct calls of the other
    functions defined in `chunks`, and of the imports named in `leaves` (they never call into the
    guest), do not count."""
    defined = {"$" + m.group(1) for c in chunks for m in [re.match(r" \(func \$(\S+)", c)] if m}
    quiet = frozenset() if collecting is None else frozenset(defined - {"$" + n for n in collecting})
    quiet |= {"$" + n for n in leaves}
    i64_funcs = {"$" + m.group(1) for c in chunks for m in [re.match(r" \(func \$(\S+)[^\n]*\(result i64\)", c)] if m}
    imports = re.finditer(r'\(import "[^"]*" "[^"]*" \(func \$(\S+) [^\n]*\(result i64\)', header)
    i64_funcs |= {"$" + m.group(1) for m in imports}
    i64_funcs |= {f"type:${t}" for t in re.findall(r"(?m)^ \(type \$(\S+) \(func [^\n]*\(result i64\)\)\)$", header)}
    found = set()
    for chunk in chunks:
        m = re.match(r" \(func \$(\S+)", chunk)
        if m and may_hold_i64_across_call(parse(chunk), i64_funcs, quiet):
            found.add(m.group(1))
    return found
