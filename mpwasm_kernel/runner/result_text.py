"""Cell results in IPython's ``text/plain`` conventions, from the guest's ``repr`` text.

IPython's display hook does not show ``repr(value)`` for everything: classes show as ``int`` /
``__main__.Room``, functions as ``<function __main__.f(x)>``, instances without a ``__repr__``
as ``<__main__.Room at 0x…>``, and long containers are pretty-printed over several lines. The
guest sends MicroPython's repr; `ipython_text` rewrites it where the text and the session's
cell sources identify the object exactly, and leaves it unchanged otherwise:

- ``<class 'int'>`` for a CPython built-in type name → ``int``; ``<class 'Room'>`` for a class
  defined by a ``class Room`` statement in a cell → ``__main__.Room``;
- ``<function f at 0x…>`` for a function defined by ``def f`` in a cell → ``<function
  __main__.f(x)>`` with the parameters from the cell's source;
- ``<Room object at 7f0a0>`` for a cell-defined class → ``<__main__.Room at 0x7f0a0>``;
- a repr that is a Python literal (numbers, strings, bytes, None/True/False, and lists, tuples,
  dicts, sets of those) is printed by IPython's own pretty printer (``IPython.lib.pretty``):
  line breaks after 79 columns, sorted sets, CPython's shortest float repr;
- ``Exception('x',)`` (MicroPython's one-argument exception repr) → ``Exception('x')``;
- ``Counter({...})``, ``OrderedDict([...])``, ``defaultdict(<class 'int'>, {...})`` and
  ``deque([...])`` of literals → IPython's pretty text (long ones over several lines);
  ``<object object at 0x…>`` → ``<object at 0x…>``; ``<built-in method is_integer of float object
  at 0x…>`` → ``<function float.is_integer()>``;
- ``<function>`` (MicroPython's repr of a built-in function) when the cell ends in a name such as
  ``len`` or ``math.sqrt`` that is CPython's builtin or standard-module function: IPython's text
  for CPython's function (``<function len(obj, /)>``); the same for ``<function dumps at 0x…>``,
  a function of the guest standard library, when the cell ends in ``json.dumps``.

A trailing ``;`` hiding the result is handled by the kernel (`hides_result`).
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import tokenize

from ..sandbox.cpython.docs import cpython_object, user_definition
from ..sandbox.cpython.tracebacks import SourceRegistry

MAX_LITERAL_CHARS = 100_000  # larger reprs are shown as the guest wrote them
_CELL_RE = re.compile(r"<cell-(\d+)>")
_CLASS_RE = re.compile(r"<class '(?P<name>[A-Za-z_]\w*)'>")
_FUNCTION_RE = re.compile(r"<function (?P<name>[A-Za-z_]\w*) at 0x(?P<addr>[0-9a-f]+)>")
_INSTANCE_RE = re.compile(r"<(?P<name>[A-Za-z_]\w*) object at (?:0x)?(?P<addr>[0-9a-f]+)>")
_NEGATIVE_ZERO_PART = re.compile(r"(?<![\w.])-0(?=[+-])")  # the real part of a complex like (-0-1j)
_BUILTIN_METHOD_RE = re.compile(r"<built-in method (?P<name>\w+) of (?P<type>\w+) object at 0x[0-9a-f]+>")
_OBJECT_RE = re.compile(r"<object object at 0x(?P<addr>[0-9a-f]+)>")
_COLLECTION_RE = re.compile(r"(?P<kind>Counter|OrderedDict|defaultdict|deque)\((?P<args>.*)\)", re.S)
_EXCEPTION_RE = re.compile(r"(?P<name>[A-Z]\w*)\((?P<arg>.+),\)", re.S)


def hides_result(code: str) -> bool:
    """IPython's rule: a cell whose last token (comments and blank lines aside) is ``;`` shows
    no result."""
    if not code.rstrip().endswith(";") and ";" not in code:
        return False
    try:
        tokens = [
            tok for tok in tokenize.generate_tokens(io.StringIO(code).readline)
            if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER,
                                tokenize.INDENT, tokenize.DEDENT)
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return code.rstrip().endswith(";")
    return bool(tokens) and tokens[-1].type == tokenize.OP and tokens[-1].string == ";"


def _cell_definitions(registry: SourceRegistry, kind: type) -> dict[str, ast.AST]:
    """Module-level ``def``/``class`` statements of the cells, the latest definition winning."""
    found: dict[str, ast.AST] = {}
    for filename in registry.filenames():
        if not _CELL_RE.fullmatch(filename):
            continue
        tree = registry.tree(filename)
        if tree is None:
            continue
        for node in tree.body:
            if isinstance(node, kind):
                found[node.name] = node  # type: ignore[attr-defined]
    return found


def _pretty_literal(text: str) -> str | None:
    if len(text) > MAX_LITERAL_CHARS or _NEGATIVE_ZERO_PART.search(text):
        return None  # "(-0-1j)": literal_eval would read -0 as 0 (the guest's text is CPython's)
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    try:
        from IPython.lib.pretty import pretty

        return pretty(value)
    except Exception:
        return None


def _pretty_collection(text: str) -> str | None:
    """IPython's pretty text of a `collections` container whose repr is CPython's
    (``Counter({...})``, ``OrderedDict([...])``, ``defaultdict(<class 'int'>, {...})``,
    ``deque([...], maxlen=N)``) holding literals; None for anything else."""
    match = _COLLECTION_RE.fullmatch(text)
    if match is None or len(text) > MAX_LITERAL_CHARS or _NEGATIVE_ZERO_PART.search(text):
        return None
    import collections

    kind, args = match["kind"], match["args"]
    try:
        if kind == "defaultdict":
            factory_text, _, rest = args.partition(", ")
            factory = None if factory_text == "None" else _builtin_class(factory_text)
            if factory is None and factory_text != "None":
                return None
            value = collections.defaultdict(factory, ast.literal_eval(rest))
        elif kind == "deque":
            items, _, maxlen = args.partition("], maxlen=")
            value = collections.deque(ast.literal_eval(items + "]" if maxlen else items),
                                      int(maxlen) if maxlen else None)
        else:
            value = getattr(collections, kind)(ast.literal_eval(args) if args else ())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if repr(value) != text:
        return None  # not the object the guest showed (e.g. a subclass, or unordered data)
    try:
        from IPython.lib.pretty import pretty

        return pretty(value)
    except Exception:
        return None


def _builtin_method_text(text: str, name: str, type_name: str) -> str:
    """IPython's text for a method of a CPython built-in value (``<function float.is_integer()>``),
    from the host's own method of the same type and name; `text` when there is none."""
    kind = getattr(builtins, type_name, None)
    if kind not in (int, float, complex, str, bytes, list, tuple, dict, set) or name.startswith("_"):
        return text
    method = getattr(kind(), name, None)  # type: ignore[operator]
    if method is None:
        return text
    try:
        from IPython.lib.pretty import pretty

        return pretty(method)
    except Exception:
        return text


def _builtin_class(text: str) -> type | None:
    match = _CLASS_RE.fullmatch(text)
    found = getattr(builtins, match["name"], None) if match else None
    return found if isinstance(found, type) else None


def _host_function_text(text: str, registry: SourceRegistry | None, name: str) -> str:
    """IPython's text for CPython's function `name` (a builtin or standard-module function), if
    `name` is not defined by a cell; else `text` unchanged."""
    user = registry is not None and "." not in name and user_definition(registry, name) is not None
    host = None if user else cpython_object(name)
    if host is not None and callable(host) and not isinstance(host, type):
        try:
            from IPython.lib.pretty import pretty

            return pretty(host)
        except Exception:
            return text
    return text


def ipython_text(text: str, registry: SourceRegistry | None, expression: str = "") -> str:
    """``text`` (a guest repr) as IPython's display hook would show the same object.

    ``expression`` is the cell's trailing expression (its source), when known."""
    if text in ("<function>", "<built-in function>") or text.startswith("<built-in function "):
        return _host_function_text(text, registry, expression.strip())
    match = _CLASS_RE.fullmatch(text)
    if match:
        name = match["name"]
        if isinstance(getattr(builtins, name, None), type):
            return name
        if registry is not None and name in _cell_definitions(registry, ast.ClassDef):
            return f"__main__.{name}"
        return text
    match = _FUNCTION_RE.fullmatch(text)
    if match:
        node = _cell_definitions(registry, ast.FunctionDef | ast.AsyncFunctionDef).get(match["name"]) \
            if registry is not None else None
        if node is None:
            name = expression.strip()
            # e.g. json.dumps (guest library), or print (a guest wrapper of the builtin)
            if name == match["name"] or ("." in name and name.rsplit(".", 1)[1] == match["name"]):
                return _host_function_text(text, registry, name)
            return text
        try:
            params = ast.unparse(node.args)  # type: ignore[attr-defined]
        except Exception:
            return text
        return f"<function __main__.{match['name']}({params})>"
    match = _BUILTIN_METHOD_RE.fullmatch(text)
    if match:
        return _builtin_method_text(text, match["name"], match["type"])
    match = _OBJECT_RE.fullmatch(text)
    if match:
        return f"<object at 0x{match['addr']}>"
    match = _INSTANCE_RE.fullmatch(text)
    if match:
        if registry is not None and match["name"] in _cell_definitions(registry, ast.ClassDef):
            return f"<__main__.{match['name']} at 0x{match['addr']}>"
        return text
    collection = _pretty_collection(text)
    if collection is not None:
        return collection
    match = _EXCEPTION_RE.fullmatch(text)
    if match and isinstance(getattr(builtins, match["name"], None), type):
        arg = match["arg"]
        if _pretty_literal(arg) is not None:
            return f"{match['name']}({arg})"
        return text
    pretty = _pretty_literal(text)
    return text if pretty is None else pretty
