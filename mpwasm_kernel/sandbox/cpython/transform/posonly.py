"""Positional-only parameters (`def f(a, b, /, c)`, `lambda a, /: a`), which MicroPython's parser
rejects: the `/` is dropped and each positional-only parameter is renamed `_mpk_p_<name>` in the
function's own scope (its parameter, every use in its body, and in nested functions, lambdas,
comprehensions and classes that read it; not in a nested function that binds the name itself).

The renamed parameter cannot be passed by keyword, so `f(a=1, b=2)` still fails: MicroPython
raises "unexpected keyword argument 'a'", which the traceback renderer words as CPython does
("f() got some positional-only arguments passed as keyword arguments: 'a'", from the cell's
source, `messages.py`). A keyword named like a positional-only parameter goes to `**kwargs` as
in CPython. `locals()` in such a function shows the original names (`rewriter.py`).

`positional_only(source)` returns the source unchanged when it has no such parameter or when a
case is not handled (a nested class body binding the name, a use whose text is not where the
syntax tree says, as in some f-string fields): the cell then fails as before.
"""

from __future__ import annotations

import ast
import re

from .shapes import _bound_by

PREFIX = "_mpk_p_"
# `/` followed by `,`, `)` or `:` is only ever the positional-only marker (a division needs a right
# operand); a match in a string or comment costs one parse.
HINT = re.compile(r"/\s*[,):]")

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_SCOPES = (*_FUNCTIONS, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class _Unsupported(Exception):
    pass


def positional_only(source: str) -> str:
    """`source` with positional-only parameters rewritten (see the module docstring)."""
    if not HINT.search(source):
        return source
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return source
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    edits: list[tuple[int, int, str]] = []
    try:
        for func in ast.walk(tree):
            if isinstance(func, _FUNCTIONS) and func.args.posonlyargs:
                edits.extend(_function_edits(func, source, starts))
    except Exception:  # noqa: BLE001 - unhandled shapes: the cell goes unchanged
        return source
    edits.sort()
    if any(a[1] > b[0] for a, b in zip(edits, edits[1:], strict=False)):
        return source  # overlapping edits (a parameter renamed in two nested functions' scopes)
    out = source
    for start, end, text in reversed(edits):
        out = out[:start] + text + out[end:]
    return out


def _function_edits(func: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, source: str,
                    starts: list[int]) -> list[tuple[int, int, str]]:
    def offset(line: int, col: int) -> int:
        # ast columns are UTF-8 byte offsets on their line
        text = source[starts[line - 1]:starts[line]]
        return starts[line - 1] + len(text.encode("utf-8")[:col].decode("utf-8", "strict"))

    args = func.args
    edits: list[tuple[int, int, str]] = []
    # the `/`: after the last positional-only parameter (and its default), before what follows
    last = args.posonlyargs[-1]
    all_positional = [*args.posonlyargs, *args.args]
    default_index = len(all_positional) - len(args.defaults)
    position = all_positional.index(last)
    after = args.defaults[position - default_index] if position >= default_index else last
    pos = offset(after.end_lineno, after.end_col_offset)  # type: ignore[arg-type]
    match = re.compile(r"(?:\s|#[^\n]*|\\\n)*,(?:\s|#[^\n]*|\\\n)*/").match(source, pos)
    if match is None:
        raise _Unsupported
    slash = match.end() - 1
    comma = re.compile(r"(?:\s|#[^\n]*|\\\n)*,").match(source, slash + 1)
    edits.append((slash, comma.end() if comma else slash + 1, ""))
    for param in args.posonlyargs:
        name, new = param.arg, PREFIX + param.arg
        start = offset(param.lineno, param.col_offset)
        if source[start:start + len(name)] != name:
            raise _Unsupported
        edits.append((start, start + len(name), new))
        body = func.body if isinstance(func.body, list) else [func.body]
        for node in _uses(body, name):
            edits.append(_use_edit(node, name, new, source, offset))
    return edits


def _use_edit(node: ast.AST, name: str, new: str, source: str, offset) -> tuple[int, int, str]:
    start = offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
    end = offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
    if isinstance(node, ast.Name):
        if source[start:end] != name:
            raise _Unsupported  # e.g. a field of a multi-line f-string, whose positions are off
        return start, end, new
    text = source[start:end]  # `nonlocal a, b`
    return start, end, re.sub(rf"\b{re.escape(name)}\b", new, text)


def _uses(nodes: list[ast.AST], name: str) -> list[ast.AST]:
    """The nodes naming `name` in the scope of a function that binds it (and in nested scopes
    where the name is that function's)."""
    found: list[ast.AST] = []
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            if node.id == name:
                found.append(node)
            continue
        if isinstance(node, ast.Nonlocal) and name in node.names:
            found.append(node)
            continue
        if isinstance(node, ast.Global) and name in node.names:
            raise _Unsupported
        if isinstance(node, _FUNCTIONS):
            a = node.args
            stack.extend([*a.defaults, *(d for d in a.kw_defaults if d is not None)])
            if not isinstance(node, ast.Lambda):
                stack.extend(node.decorator_list)
                stack.extend(x.annotation for x in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg)
                             if x is not None and x.annotation is not None)
                if node.returns is not None:
                    stack.append(node.returns)
            body = node.body if isinstance(node.body, list) else [node.body]
            if not _binds_locally(node, body, name):
                stack.extend(body)
            continue
        if isinstance(node, ast.ClassDef):
            stack.extend([*node.decorator_list, *node.bases, *node.keywords])
            if _binds_locally(node, node.body, name):
                raise _Unsupported  # the class attribute and the methods' free name differ
            stack.extend(node.body)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def _binds_locally(scope: ast.AST, body: list[ast.AST], name: str) -> bool:
    """Does this nested scope make `name` its own (a parameter, an assignment, a definition or
    import, a `global`), rather than reading the enclosing function's?"""
    if isinstance(scope, _FUNCTIONS):
        a = scope.args
        if name in {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if x is not None}:
            return True
    own: list[ast.AST] = []
    stack = list(body)
    while stack:
        node = stack.pop()
        own.append(node)
        if not isinstance(node, (*_SCOPES, *_COMPREHENSIONS)):  # a deeper scope's body is its own business
            stack.extend(ast.iter_child_nodes(node))
    if any(isinstance(node, ast.Nonlocal) and name in node.names for node in own):
        return False
    for node in own:
        if isinstance(node, ast.Global) and name in node.names:
            return True
        if isinstance(node, ast.ExceptHandler) and node.name == name:
            return True
        if isinstance(node, (ast.Name, *_SCOPES, ast.Import, ast.ImportFrom)) and name in _bound_by(node):
            return True
    return False
