"""The names `locals()` shows inside a function, for the source pass's `_mpk_locals` rewrite
(MicroPython's `locals()` in a function returns the module's globals)."""

from __future__ import annotations

import ast

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_INNER = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def function_locals(tree: ast.Module) -> dict[int, list[str]]:
    """id of each `locals()` call made directly in a function's body -> the names CPython's
    `locals()` lists there: parameters, then the names the body binds (first binding first), then
    the free variables the body reads from enclosing functions (sorted, as CPython orders them)."""
    found: dict[int, list[str]] = {}
    stack: list[tuple[ast.AST, frozenset[str]]] = [(tree, frozenset())]
    while stack:
        node, enclosing = stack.pop()
        if isinstance(node, _FUNCTIONS):
            names, loads, declared, calls, nested = _scope(node)
            free = sorted({n for n in loads if n in enclosing and n not in names and n not in declared}
                          | (declared & enclosing))
            args = _arguments(node)
            cells = sorted(n for n in names if n in nested and n not in args)
            for call in calls:
                found[id(call)] = [n for n in names if n not in cells] + cells + [n for n in free if n not in names]
            inner = enclosing | frozenset(names)
            stack.extend((child, inner) for child in ast.iter_child_nodes(node))
        else:
            stack.extend((child, enclosing) for child in ast.iter_child_nodes(node))
    return found


def _arguments(func: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[str]:
    a = func.args
    return [x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs, *([a.vararg] if a.vararg else []),
                            *([a.kwarg] if a.kwarg else []))]


def _read_inside(scope: ast.AST) -> set[str]:
    """Names a nested scope (and the scopes inside it) reads without binding them itself: the
    enclosing function's cell variables among them (CPython lists those after its other names)."""
    loads, bound = set(), set(_arguments(scope)) if isinstance(scope, (*_FUNCTIONS, ast.Lambda)) else set()
    outside = scope.generators[0].iter if isinstance(scope, _INNER) and not isinstance(scope, ast.Lambda) else None
    stack = [scope]  # (a comprehension's first iterable is evaluated in the enclosing scope)
    while stack:
        node = stack.pop()
        if node is outside:
            continue
        stack.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.Nonlocal):
            loads.update(node.names)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return loads - bound


def _scope(func: ast.FunctionDef | ast.AsyncFunctionDef) \
        -> tuple[list[str], set[str], set[str], list[ast.Call], set[str]]:
    """A function's own names (CPython's co_varnames order), the names it reads, the names it
    declares global or nonlocal, its `locals()` calls (its own scope only), and the names its
    nested scopes read."""
    names = _arguments(func)
    nested: set[str] = set()
    declared: set[str] = set()
    loads: set[str] = set()
    calls = []
    stack: list[ast.AST] = list(reversed(func.body))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Global | ast.Nonlocal):
            declared.update(node.names)
        elif isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            names.append(node.name)
            stack.extend(reversed(node.decorator_list))
            nested |= _read_inside(node)
            continue  # its body is another scope
        elif isinstance(node, _INNER):
            nested |= _read_inside(node)
            continue
        elif isinstance(node, ast.Name):
            (loads.add(node.id) if isinstance(node.ctx, ast.Load) else names.append(node.id))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.extend((n.asname or n.name).split(".")[0] for n in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.append(node.name)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "locals" \
                and not node.args and not node.keywords:
            calls.append(node)
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    unique = [n for i, n in enumerate(names) if n not in declared and n not in names[:i]]
    return unique, loads, declared, calls, nested


def local_deletes(tree: ast.Module) -> dict[int, tuple[list[str], list[str]]]:
    """id of each `del name, ...` statement in a function's own scope whose names are locals the
    function assigns (not parameters, not global or nonlocal) -> (those names, all its names)."""
    found: dict[int, tuple[list[str], list[str]]] = {}
    for func in ast.walk(tree):
        if not isinstance(func, _FUNCTIONS):
            continue
        names, _, declared, _, _ = _scope(func)
        assigned = [n for n in names if n not in _arguments(func)]
        stack: list[ast.AST] = list(func.body)
        while stack:
            node = stack.pop()
            if isinstance(node, (*_FUNCTIONS, ast.ClassDef, *_INNER)):
                continue
            if isinstance(node, ast.Delete):
                deleted = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if deleted and all(n in assigned and n not in declared for n in deleted):
                    found[id(node)] = (deleted, names)
            stack.extend(ast.iter_child_nodes(node))
    return found
