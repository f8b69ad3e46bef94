"""pydoc's page for a class the cells define: ``help(Dog)`` as CPython prints it.

CPython's ``help()`` of a class lists its methods with their signatures and docstrings, the
``__dict__``/``__weakref__`` descriptors, class attributes with their values, the method
resolution order and what each base class adds. The host builds a stand-in class from the
definition's source (`ast`; no user code runs on the host): each method becomes a function that
does nothing, carrying the method's name, docstring and signature (defaults and annotations
shown as their source text), a class attribute is kept only when its value is a literal, and a
base must be another class of the cells (or ``object``). pydoc then renders that class. Anything
else in the body (a non-literal attribute, a decorator other than ``staticmethod``,
``classmethod`` or ``property``, a built-in base) makes `class_page` return None and help()
keeps its short form.
"""

from __future__ import annotations

import ast
import inspect
import pydoc
import types
from collections.abc import Callable

MAX_BASES_DEPTH = 20
MAX_LITERAL_CHARS = 2000


class _Source:
    """A default value or annotation shown as its source text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _nothing() -> None:
    """Never called: the code object of the stand-in methods."""


def class_page(find: Callable[[str], ast.ClassDef | None], node: ast.ClassDef) -> str | None:
    """pydoc's text of the class `node`; `find(name)` is the latest cell class of that name (for
    its bases). None when the class has something the stand-in cannot show as CPython would."""
    try:
        cls = _stand_in(find, node, 0)
        return None if cls is None else pydoc.render_doc(cls, "Help on %s:", renderer=pydoc.plaintext)
    except Exception:  # a shape pydoc or type() rejects: help() keeps its short form
        return None


def _stand_in(find: Callable[[str], ast.ClassDef | None], node: ast.ClassDef, depth: int) -> type | None:
    if depth > MAX_BASES_DEPTH or node.keywords or node.decorator_list:
        return None
    bases: list[type] = []
    for base in node.bases:
        if not isinstance(base, ast.Name):
            return None
        if base.id == "object":
            continue
        found = find(base.id)
        made = _stand_in(find, found, depth + 1) if found is not None and found is not node else None
        if made is None:
            return None
        bases.append(made)
    namespace: dict[str, object] = {"__module__": "__main__", "__qualname__": node.name,
                                    "__doc__": ast.get_docstring(node)}
    for index, item in enumerate(node.body):
        if index == 0 and isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant) \
                and isinstance(item.value.value, str):
            continue  # the docstring
        if isinstance(item, ast.Pass):
            continue
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            method = _method(node.name, item)
            if method is None:
                return None
            namespace[item.name] = method
        elif isinstance(item, ast.Assign) and all(isinstance(t, ast.Name) for t in item.targets):
            value = _literal(item.value)
            if value is None:
                return None
            for target in item.targets:
                namespace[target.id] = value[0]  # type: ignore[attr-defined]
        else:
            return None
    cls = type(node.name, tuple(bases), namespace)
    for name, value in namespace.items():  # a method without a docstring shows the one it overrides
        if isinstance(value, types.FunctionType) and value.__doc__ is None:
            value.__doc__ = next((getattr(base.__dict__[name], "__doc__", None) for base in cls.__mro__[1:]
                                  if name in base.__dict__), None)
    return cls


def _literal(node: ast.expr) -> tuple[object] | None:
    """``(value,)`` of a literal expression of modest size, else None."""
    if len(ast.unparse(node)) > MAX_LITERAL_CHARS:
        return None
    try:
        return (ast.literal_eval(node),)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _method(owner: str, node: ast.FunctionDef | ast.AsyncFunctionDef) -> object | None:
    func = types.FunctionType(_nothing.__code__, {}, node.name)
    func.__qualname__ = f"{owner}.{node.name}"
    func.__module__ = "__main__"
    func.__doc__ = ast.get_docstring(node)
    func.__signature__ = _signature(node)  # type: ignore[attr-defined]
    wrap: Callable[[object], object] = lambda f: f  # noqa: E731
    for decorator in node.decorator_list:
        kind = decorator.id if isinstance(decorator, ast.Name) else None
        if kind not in ("staticmethod", "classmethod", "property") or len(node.decorator_list) > 1:
            return None
        wrap = {"staticmethod": staticmethod, "classmethod": classmethod, "property": property}[kind]
    return wrap(func)


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> inspect.Signature:
    args = node.args
    params: list[inspect.Parameter] = []
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for index, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
        kind = inspect.Parameter.POSITIONAL_ONLY if index < len(args.posonlyargs) else \
            inspect.Parameter.POSITIONAL_OR_KEYWORD
        params.append(_param(arg, kind, default))
    if args.vararg is not None:
        params.append(_param(args.vararg, inspect.Parameter.VAR_POSITIONAL, None))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append(_param(arg, inspect.Parameter.KEYWORD_ONLY, default))
    if args.kwarg is not None:
        params.append(_param(args.kwarg, inspect.Parameter.VAR_KEYWORD, None))
    returns = _Source(ast.unparse(node.returns)) if node.returns is not None else inspect.Signature.empty
    return inspect.Signature(params, return_annotation=returns)


def _param(arg: ast.arg, kind: inspect._ParameterKind, default: ast.expr | None) -> inspect.Parameter:
    return inspect.Parameter(
        arg.arg, kind,
        default=_Source(ast.unparse(default)) if default is not None else inspect.Parameter.empty,
        annotation=_Source(ast.unparse(arg.annotation)) if arg.annotation is not None else inspect.Parameter.empty)
