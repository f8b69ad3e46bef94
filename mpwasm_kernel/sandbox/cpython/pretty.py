"""Function parameters for results shown the way IPython shows them.

IPython displays a function result as `<function __main__.f(a, b=1)>` (its module, its name and
`inspect.signature`). MicroPython keeps no parameter names, so the guest writes the text with a
marker (`MARK`) where the parameters go (`guest/display.py`, `_pretty`) and the host fills it from
the source it has: the latest top-level `def name(...)` of the session's cells, or for a lambda,
the lambda the cell's expression is, or the latest `name = lambda ...:` of the cells; a method
(`def` in a class body) is shown as `Class.name`, a function defined inside a top-level function
`f` as `f.<locals>.name`; a built-in function gets the signature of the
host CPython's function of that name. Where none is found the marker becomes `...`.
"""

from __future__ import annotations

import ast
import inspect
import re

from .docs import cpython_object
from .tracebacks import SourceRegistry

MARK = "\x00"
_FUNCTION = re.compile(r"<function (?:[\w.]+\.)?(\w+|<lambda>)\(\x00\)>")
_MAX_EXPR = 2000
# MicroPython's iterators of lists, tuples, str, bytes and sets share one type, its dict iterators
# another, and `reversed` objects do not say what they reverse: the guest marks them
# (`<MARKiterator at 0x...>`, `<MARKdict_iterator ...>`, `<MARKreversed ...>`) and the host names
# the kind from the expression (`iter([1, 2])`, `iter(d.items())`, `reversed(L)` with `L = [...]`
# in an earlier cell), as CPython names its type; an unknown one keeps MicroPython's text.
_ITERATOR = re.compile(r"<\x00(iterator|dict_iterator|reversed) at (0x[0-9a-f]+)>")
_SEQUENCES = {ast.List: "list", ast.ListComp: "list", ast.Tuple: "tuple", ast.Set: "set", ast.SetComp: "set",
              ast.Dict: "dict", ast.DictComp: "dict"}
_CALLS = {"list": "list", "sorted": "list", "tuple": "tuple", "set": "set", "frozenset": "set", "dict": "dict",
          "bytes": "bytes", "range": "range"}
_ITERATOR_NAMES = {
    "iter": {"list": "list_iterator", "tuple": "tuple_iterator", "set": "set_iterator",
             "str_ascii": "str_ascii_iterator", "str": "str_iterator", "bytes": "bytes_iterator",
             "dict": "dict_keyiterator", "dict_key": "dict_keyiterator", "dict_value": "dict_valueiterator",
             "dict_item": "dict_itemiterator"},
    "reversed": {"list": "list_reverseiterator", "range": "range_iterator", "tuple": "reversed",
                 "str_ascii": "reversed", "str": "reversed", "bytes": "reversed",
                 "dict": "dict_reversekeyiterator", "dict_key": "dict_reversekeyiterator",
                 "dict_value": "dict_reversevalueiterator", "dict_item": "dict_reverseitemiterator"},
}
# The names each guest marker may stand for (the guest's type already tells the group).
_MARKED = {"iterator": ("list_iterator", "tuple_iterator", "set_iterator", "str_ascii_iterator", "str_iterator",
                        "bytes_iterator"),
           "dict_iterator": ("dict_keyiterator", "dict_valueiterator", "dict_itemiterator"),
           "reversed": tuple(_ITERATOR_NAMES["reversed"].values())}
_VIEWS = {"keys": "dict_key", "values": "dict_value", "items": "dict_item"}
# A built-in type's bound method ("abc".upper): MicroPython's text names neither the method nor
# the type (`<bound_method ADDR 'abc'.<function>>`); the guest marks it and the host takes the
# method's name from the expression (`word.upper`) and the type from the receiver's repr, as
# IPython shows it: `<function str.upper()>` (the host CPython's signature of the bound method).
_BOUND = re.compile(r"\x00<bound_method [0-9a-f]+ (?P<receiver>.*)\.<function>>", re.S)
_RECEIVER_TYPES = (("bytearray(", "bytearray"), ("b'", "bytes"), ('b"', "bytes"), ("'", "str"), ('"', "str"),
                   ("[", "list"), ("frozenset(", "frozenset"), ("set(", "set"), ("{}", "dict"))


def fill_signatures(text: str, sources: SourceRegistry, expr: str) -> str:
    """`text` with each function's parameter marker replaced by its signature (see above)."""
    if MARK not in text:
        return text
    bound = _BOUND.fullmatch(text)
    if bound is not None:
        return _bound_method(bound["receiver"], expr, sources) or text[1:]

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        node = _lambda(expr, sources) if name == "<lambda>" else _latest(sources, name, _is_def(name))
        if node is None:
            return _builtin(match.group(0)[10:-4])
        if isinstance(node, tuple):  # a method: (class name, def)
            cls, node = node
            head = match.group(0)[:-3]
            head = head[:len(head) - len(name) - 1] + f"{cls}.{name}("
            returns = getattr(node, "returns", None)
            return head + signature(node.args) + (f") -> {ast.unparse(returns)}>" if returns is not None else ")>")
        returns = getattr(node, "returns", None)
        tail = f") -> {ast.unparse(returns)}>" if returns is not None else ")>"
        return match.group(0)[:-3] + signature(node.args) + tail

    return _ITERATOR.sub(lambda m: _iterator(m, sources, expr), _FUNCTION.sub(fill, text)).replace(MARK, "...")


def _receiver_type(text: str) -> str | None:
    """The built-in type whose repr `text` is, where the text says (else None); for a built-in
    type itself (`<class 'dict'>`, the receiver of `dict.fromkeys`), that type."""
    named = re.fullmatch(r"<class '(\w+)'>", text)
    if named is not None:
        return named[1] if named[1] in {n for _, n in _RECEIVER_TYPES} | {"int", "float", "tuple"} else None
    for prefix, name in _RECEIVER_TYPES:
        if text.startswith(prefix):
            return name
    if text.startswith("{"):
        try:
            value = ast.literal_eval(text) if len(text) < _MAX_EXPR else None
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return None
        return type(value).__name__ if isinstance(value, dict | set) else None
    if re.fullmatch(r"-?\d+", text):
        return "int"
    if re.fullmatch(r"-?(\d+\.\d*(e[+-]?\d+)?|\d+e[+-]?\d+|inf|nan)", text):
        return "float"
    if text.startswith("(") and text.endswith("j)") or re.fullmatch(r"-?[\d.e+-]+j", text):
        return "complex"
    if text.startswith("("):
        return "tuple"
    return None


def _bound_method(receiver: str, expr: str, sources: SourceRegistry) -> str | None:
    """IPython's text of a built-in type's bound method (see `_BOUND`), None when unknown."""
    node = _expression(expr)
    for _ in range(4):  # `m = word.upper` then `m`: follow names to their latest assignment
        if not isinstance(node, ast.Name):
            break
        node = _latest(sources, node.id, _assigns(node.id))
    kind = _receiver_type(receiver)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_mpk_ga" \
            and len(node.args) == 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
        node = ast.Attribute(value=node.args[0], attr=node.args[1].value)  # the source pass's `x.title`
    if not isinstance(node, ast.Attribute) or kind is None:
        return None
    import builtins

    try:
        method = getattr(getattr(builtins, kind)(), node.attr)
        if not callable(method) or getattr(method, "__self__", None) is None:
            return None
    except (AttributeError, TypeError, ValueError):
        return None
    try:
        params = str(inspect.signature(method))
    except (TypeError, ValueError):  # IPython shows the name alone
        params = ""
    return f"<function {kind}.{node.attr}{params}>"


def _iterator(match: re.Match[str], sources: SourceRegistry, expr: str) -> str:
    marked, address = match.groups()
    name = None
    node = _expression(expr)
    for _ in range(4):  # `it = iter(L)` then `it`: follow names to their latest assignment
        if not isinstance(node, ast.Name):
            break
        node = _latest(sources, node.id, _assigns(node.id))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _ITERATOR_NAMES \
            and len(node.args) == 1 and not node.keywords:
        name = _ITERATOR_NAMES[node.func.id].get(_made_of(node.args[0], sources) or "")
    if name is None or name not in _MARKED[marked]:
        return "<reversed>" if marked == "reversed" else "<iterator>"
    return f"<{name} at {address}>"


def _made_of(node: ast.expr | None, sources: SourceRegistry) -> str | None:
    """What an expression builds: "list", "tuple", "set", "dict", "bytes", "range", "str_ascii",
    "str", "dict_key"/"dict_value"/"dict_item" (a view), else None (unknown)."""
    for _ in range(4):
        if isinstance(node, ast.Name):
            node = _latest(sources, node.id, _assigns(node.id))
            continue
        if node is None:
            return None
        if type(node) in _SEQUENCES:
            return _SEQUENCES[type(node)]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return "str_ascii" if node.value.isascii() else "str"
        if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
            return "bytes"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return _CALLS.get(node.func.id)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args \
                and node.func.attr in _VIEWS:
            return _VIEWS[node.func.attr]
        return None
    return None


def _assigns(name: str):
    def test(node: ast.stmt) -> ast.expr | None:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id == name:
            return node.value
        return None

    return test


def _expression(expr: str) -> ast.expr | None:
    text = expr.lstrip("\\\n").strip()
    if not text or len(text) > _MAX_EXPR:
        return None
    try:
        return ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def signature(args: ast.arguments) -> str:
    """The parameters as `inspect.signature` writes them (without the parentheses)."""
    parts: list[str] = []
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for index, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
        parts.append(_param(arg, default))
        if args.posonlyargs and index == len(args.posonlyargs) - 1:
            parts.append("/")
    if args.vararg is not None:
        parts.append("*" + _param(args.vararg, None))
    elif args.kwonlyargs:
        parts.append("*")
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        parts.append(_param(arg, kw_default))
    if args.kwarg is not None:
        parts.append("**" + _param(args.kwarg, None))
    return ", ".join(parts)


def _param(arg: ast.arg, default: ast.expr | None) -> str:
    text = arg.arg
    if arg.annotation is not None:
        text += ": " + ast.unparse(arg.annotation)
        if default is not None:
            text += " = " + ast.unparse(default)
    elif default is not None:
        text += "=" + ast.unparse(default)
    return text


def _builtin(dotted: str) -> str:
    """IPython's text of the host CPython's built-in `dotted` (`len`, `math.sqrt`): its module when
    that is not the name's (`io.open`) and its signature, or the name alone when it has none
    (`<function max>`); `<function dotted(...)>` when the host has no such function."""
    obj = cpython_object(dotted)
    if obj is None:
        return f"<function {dotted}(...)>"
    module = getattr(obj, "__module__", None)
    if "." not in dotted and isinstance(module, str) and module != "builtins":
        dotted = f"{module}.{dotted}"
    try:
        return f"<function {dotted}{inspect.signature(obj)}>"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"<function {dotted}>"


def _is_def(name: str):
    def test(node: ast.stmt) -> object:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return node
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == name:
                    return node.name, item
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda) \
                and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return node.value
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):  # a function returned by a function
            inner = [item for item in _own_statements(node)
                     if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == name]
            if inner:
                return f"{node.name}.<locals>", inner[-1]
        return None

    return test


def _own_statements(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    """The statements of a function's body, nested blocks included, not those of inner defs."""
    found: list[ast.stmt] = []
    stack: list[ast.AST] = list(reversed(func.body))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            found.append(node)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                stack.extend(reversed(getattr(node, field, None) or []))
    return found


def _latest(sources: SourceRegistry, name: str, test) -> object:
    """The latest top-level statement of the session's sources that `test` accepts."""
    if not name.isidentifier():
        return None
    for filename in reversed(sources.filenames()):
        lines = sources.lines(filename) or []
        if not any(name in line for line in lines):
            continue
        tree = sources.tree(filename)
        if tree is None:
            continue
        for node in reversed(tree.body):
            found = test(node)
            if found is not None:
                return found
    return None


def _lambda(expr: str, sources: SourceRegistry) -> ast.Lambda | None:
    text = expr.lstrip("\\\n").strip()
    if not text or len(text) > _MAX_EXPR:
        return None
    try:
        node = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if isinstance(node, ast.Lambda):
        return node
    if isinstance(node, ast.Name):
        found = _latest(sources, node.id, _is_def(node.id))
        return found if isinstance(found, ast.Lambda) else None
    return None
