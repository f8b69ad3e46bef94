"""Documentation for ``help(obj)``, ``obj?`` and Shift-Tab: signatures and docstrings.

MicroPython drops docstrings and keeps no parameter names, so the host supplies both:

- for functions and classes defined in the session's cells (or ``%run`` files), from their
  source (`SourceRegistry`, parsed with CPython's ``ast``): ``f(x, y=1)`` and the docstring;
- for built-in functions and types and for a fixed list of standard modules, from the host
  CPython's own objects (``inspect.signature`` and ``__doc__``), labelled as CPython's
  documentation: the sandbox runs MicroPython, where details can differ.

Only modules in `DOCUMENTED_MODULES` are ever imported on the host (pure standard library);
names coming from the guest are only looked up, never executed.
"""

from __future__ import annotations

import ast
import builtins
import codecs
import dataclasses
import functools
import importlib
import importlib.util
import inspect
import io
import pydoc
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .tracebacks import SourceRegistry

CPYTHON_LABEL = "[CPython's documentation; this sandbox runs MicroPython, where details can differ]"
MAX_DOC_CHARS = 20_000
DOCUMENTED_MODULES = frozenset({
    "array", "binascii", "bisect", "builtins", "cmath", "collections", "copy", "datetime", "errno",
    "functools", "gc", "hashlib", "heapq", "io", "itertools", "json", "math", "operator", "os", "random",
    "re", "statistics", "string", "struct", "sys", "textwrap", "time", "typing",
})
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


@dataclass(frozen=True)
class Doc:
    """What help shows for one object."""

    name: str  # as the user named it: "f", "math.sqrt"
    kind: str  # "function", "class", "module" or "object"
    signature: str | None  # "f(x, y=1)" (with the name), None when unknown
    docstring: str  # "" when there is none
    source: str | None = None  # the definition's source, for a cell-defined object
    origin: str = "__main__"  # the module it comes from
    cpython: bool = False  # from the host CPython's documentation
    filename: str = ""  # where a cell-defined object's source is registered

    def docstring_text(self) -> str:
        """The docstring, with the CPython label when it came from the host."""
        if self.cpython and self.docstring:
            return f"{self.docstring}\n{CPYTHON_LABEL}"
        return self.docstring


Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _clip(text: str) -> str:
    return text if len(text) <= MAX_DOC_CHARS else text[:MAX_DOC_CHARS] + "\n[... documentation truncated]"


def _latest_definition(registry: SourceRegistry, name: str) -> tuple[Definition, str, str] | None:
    """``(node, source, filename)`` of the latest top-level ``def``/``class name`` of the session's
    sources (cells, %run files)."""
    if not name.isidentifier():
        return None
    for filename in reversed(registry.filenames()):
        lines = registry.lines(filename) or []
        if not any(name in line for line in lines):
            continue
        tree = registry.tree(filename)
        if tree is None:
            continue
        for node in reversed(tree.body):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == name:
                return node, "\n".join(lines), filename
    return None


def user_definition(registry: SourceRegistry, name: str) -> Doc | None:
    """The latest top-level ``def``/``class name`` of the session's sources (cells, %run files)."""
    found = _latest_definition(registry, name)
    if found is None:
        return None
    node, source, filename = found
    return dataclasses.replace(_from_node(node, source), filename=filename.split("@")[0])


def user_class(registry: SourceRegistry, name: str) -> ast.ClassDef | None:
    """The latest top-level ``class name`` of the session's sources, if that is what `name` is."""
    found = _latest_definition(registry, name)
    return found[0] if found is not None and isinstance(found[0], ast.ClassDef) else None


def user_docstring(registry: SourceRegistry, dotted: str) -> tuple[str | None, int] | None:
    """``(docstring as written, line)`` of the latest top-level function ``name`` of the session's
    sources, or of method ``Class.name``: ``__doc__`` (not cleaned; None when the function has
    none) and the 0-based line of the body's first statement (the docstring: where CPython's
    doctest counts an example's line from). None when there is no such definition."""
    parts = dotted.split(".")
    if len(parts) > 2 or not all(p.isidentifier() for p in parts):
        return None
    for filename in reversed(registry.filenames()):
        lines = registry.lines(filename) or []
        if not any(parts[-1] in line for line in lines):
            continue
        tree = registry.tree(filename)
        if tree is None:
            continue
        for node in reversed(tree.body):
            if len(parts) == 2 and isinstance(node, ast.ClassDef) and node.name == parts[0]:
                methods = [item for item in node.body
                           if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == parts[1]]
                return _doc_and_line(methods[-1]) if methods else None
            if len(parts) == 1 and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == parts[0]:
                return _doc_and_line(node)
    return None


def user_method(registry: SourceRegistry, dotted: str) -> Doc | None:
    """``Class.name``: the latest top-level ``class Class`` of the session's sources that defines
    method ``name`` (its signature with the name, its docstring), as a ``function`` Doc."""
    parts = dotted.split(".")
    if len(parts) != 2 or not all(p.isidentifier() for p in parts):
        return None
    for filename in reversed(registry.filenames()):
        lines = registry.lines(filename) or []
        if not any(parts[1] in line for line in lines):
            continue
        tree = registry.tree(filename)
        if tree is None:
            continue
        for node in reversed(tree.body):
            if isinstance(node, ast.ClassDef) and node.name == parts[0]:
                methods = [item for item in node.body
                           if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == parts[1]]
                if not methods:
                    return None
                found = _from_node(methods[-1], "\n".join(lines))
                return dataclasses.replace(found, filename=filename.split("@")[0])
    return None


def method_help(doc: Doc, instance_of: str) -> str:
    """pydoc's page for a cell-defined method bound to an instance of ``instance_of``
    (``__main__.Student``): the signature without its first parameter, "method of ...
    instance", the docstring indented, a blank line."""
    name = doc.name.rsplit(".", 1)[-1]
    signature = doc.signature or f"{name}()"
    params = signature[len(name) + 1:-1]
    rest = params.split(",", 1)[1].strip() if "," in params else ""
    if params.startswith("*"):
        rest = params  # def f(*args): the instance is in args
    lines = [f"Help on method {name} in module __main__:", "", f"{name}({rest}) method of {instance_of} instance"]
    lines += ["    " + line for line in doc.docstring.split("\n")] if doc.docstring else []
    return "\n".join(lines).rstrip() + "\n\n"


def _doc_and_line(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str | None, int]:
    return ast.get_docstring(node, clean=False), node.body[0].lineno - 1


def _from_node(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, source: str) -> Doc:
    signature: str | None
    if isinstance(node, ast.ClassDef):
        init = next((item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"),
                    None)
        signature = None
        if init is not None:
            args = ast.unparse(init.args)
            params = [p.strip() for p in args.split(",")] if args else []
            if params and params[0] == "self":
                params = params[1:]
            signature = f"{node.name}({', '.join(params)})"
        kind = "class"
    else:
        signature = f"{node.name}({ast.unparse(node.args)})"
        kind = "function"
    docstring = inspect.cleandoc(ast.get_docstring(node, clean=False) or "")
    text = ast.get_source_segment(source, node, padded=True)
    return Doc(node.name, kind, signature, _clip(docstring), text)


def cpython_object(dotted: str) -> object | None:
    """The host CPython object named ``dotted`` (``len``, ``math.sqrt``, ``str.upper``), looked up
    only in builtins and `DOCUMENTED_MODULES`; None when it is not one of those."""
    if len(dotted) > 200 or not _DOTTED.fullmatch(dotted):
        return None
    parts = dotted.split(".")
    if parts[0] in DOCUMENTED_MODULES and (len(parts) > 1 or not hasattr(builtins, parts[0])):
        try:
            obj: object = sys.modules.get(parts[0]) or importlib.import_module(parts[0])
        except ImportError:
            return None
    elif hasattr(builtins, parts[0]) and not parts[0].startswith("_"):
        obj = getattr(builtins, parts[0])
    else:
        return None
    for part in parts[1:]:
        if part.startswith("_") or not (inspect.ismodule(obj) or inspect.isclass(obj)):
            return None
        try:
            obj = inspect.getattr_static(obj, part)
        except AttributeError:
            return None
        if isinstance(obj, staticmethod | classmethod):
            obj = obj.__func__
    return obj


def cpython_doc(dotted: str) -> Doc | None:
    """CPython's signature and docstring for a builtin or documented standard-module name."""
    obj = cpython_object(dotted)
    if obj is None or isinstance(obj, int | float | str | bytes | tuple | list | dict | bool):
        return None
    name = dotted.rsplit(".", 1)[-1]
    try:
        signature = f"{name}{inspect.signature(obj)}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        signature = None
    kind = "module" if inspect.ismodule(obj) else "class" if inspect.isclass(obj) else \
        "function" if callable(obj) else "object"
    doc = inspect.getdoc(obj) or ""
    if kind == "class" and signature is None:
        # e.g. int, str: the first docstring lines are the constructor's signatures
        first = doc.split("\n\n", 1)[0]
        if first.startswith(name + "("):
            signature = first.split("\n")[0]
    origin = "builtins" if "." not in dotted else dotted.rsplit(".", 1)[0]
    return Doc(dotted, kind, signature, _clip(doc), origin=origin, cpython=True)


def lookup(registry: SourceRegistry | None, dotted: str, module: str = "") -> Doc | None:
    """Documentation for ``dotted``: a cell-defined function/class first (``module`` empty or
    ``__main__``), else CPython's for builtins and documented modules."""
    if registry is not None and module in ("", "__main__") and "." not in dotted:
        found = user_definition(registry, dotted)
        if found is not None:
            return found
    if registry is not None and module == "__main__" and dotted.count(".") == 1:
        return user_method(registry, dotted)  # Class.method (the guest names the defining class)
    if module and module not in ("__main__", "builtins") and "." not in dotted:
        dotted = f"{module}.{dotted}"
    return cpython_doc(dotted)


def help_text(doc: Doc) -> str:
    """``help(obj)`` text in the spirit of pydoc: what, where from, signature, docstring."""
    if doc.kind == "module":
        head = f"Help on module {doc.name}:"
    elif doc.origin in ("builtins", ""):
        head = f"Help on built-in {doc.kind} {doc.name.rsplit('.', 1)[-1]}:" if doc.cpython else \
            f"Help on {doc.kind} {doc.name}:"
    else:
        head = f"Help on {doc.kind} {doc.name.rsplit('.', 1)[-1]} in module {doc.origin}:"
    lines = [head, ""]
    if doc.kind == "class":
        lines.append(f"class {doc.name.rsplit('.', 1)[-1]}" + (f" -- {doc.signature}" if doc.signature else ""))
    elif doc.signature:
        lines.append(doc.signature)
    body = doc.docstring or ("" if doc.kind == "function" and not doc.cpython else "(no docstring)")
    if body:  # pydoc shows nothing for a function without a docstring
        lines += ["    " + line for line in body.split("\n")]  # as pydoc indents: blank lines too
    if doc.cpython:
        lines += ["", CPYTHON_LABEL]
        return "\n".join(lines).rstrip() + "\n"
    return "\n".join(lines).rstrip() + "\n\n"  # pydoc ends a function's or class's help with a blank line


@functools.wraps(io.open)
def _ipython_open(*args: object, **kwargs: object) -> object:
    """Stands for IPython's `open` in help(): never called."""
    raise NotImplementedError


# An instance of each built-in type whose bound methods help() may be asked about ("x".lower).
_INSTANCES = {"str": "", "bytes": b"", "list": [], "dict": {}, "int": 0, "float": 0.0, "tuple": (), "set": set()}


def cpython_help(doc: Doc, bound: bool = False, instance: bool = False) -> str:
    """What CPython's ``help()`` prints for a builtin or a documented module's function or class
    (pydoc's plain-text page, then a blank line), from the host's own object; ``bound`` for a
    method of a built-in value (``help("x".lower)``: pydoc's "lower() method of builtins.str
    instance"); ``instance`` for a built-in value itself (``help(b"x")``: "Help on bytes object").
    ``open`` is IPython's: the notebook's namespace has a wrapper of io.open (functools.wraps),
    which pydoc calls a function, not a built-in one. Modules and objects pydoc cannot render
    get `help_text`."""
    obj = cpython_object(doc.name)
    head, _, attr = doc.name.rpartition(".")
    if bound and head in _INSTANCES and obj is not None:
        obj = getattr(_INSTANCES[head], attr, obj)
    elif instance and doc.name in _INSTANCES:
        obj = _INSTANCES[doc.name]
    elif doc.name == "open" and obj is io.open:
        obj = _ipython_open
    if obj is None or doc.kind == "module" or inspect.ismodule(obj):
        return help_text(doc)
    try:
        return _clip(pydoc.render_doc(obj, "Help on %s:", renderer=pydoc.plaintext)) + "\n"
    except Exception:  # pydoc's own failure on an odd object: the summary instead
        return help_text(doc)


# Built-in types whose dir() the guest shows as CPython's (the shims answer most of these names).
DIR_TYPES = frozenset({"str", "bytes", "list", "dict", "tuple", "set", "int", "float", "bool", "complex"})


def dir_reply(msg: dict) -> dict:
    """Channel reply for the guest's ``dir(x)``: CPython's ``dir()`` of the documented module or
    built-in type of that name (``{"names": [...]}``), of a file or stream type, or (kind
    ``class``, name ``object``) of a class statement's plain class; else ``{}``."""
    name, kind = msg.get("name"), msg.get("kind")
    if not isinstance(name, str) or len(name) > 100:
        return {}
    if kind == "module" and name in DOCUMENTED_MODULES:
        obj = cpython_object(name)
        return {"names": dir(obj)} if inspect.ismodule(obj) else {}
    if kind == "type" and name in DIR_TYPES:
        return {"names": dir(getattr(builtins, name))}
    if kind == "file" and name in _STREAMS:
        return {"names": _STREAMS[name]()}
    if kind == "class" and name == "object":  # dir() of a plain class: object's names and the class's own
        return {"names": dir(type("C", (), {}))}
    return {}


# dir() of a text file (CPython's TextIOWrapper keeps `mode` in the instance), of io.StringIO()
# and of io.BytesIO(), from the host's own types
_STREAMS = {
    "TextIOWrapper": lambda: sorted(set(dir(io.TextIOWrapper)) | {"mode"}),
    "StringIO": lambda: dir(io.StringIO()),
    "BytesIO": lambda: dir(io.BytesIO()),
}


@functools.lru_cache(maxsize=1)
def zen_of_python() -> str | None:
    """The text ``import this`` prints, from the host CPython's own ``this`` module: its source
    is parsed (importing it would print on the host's stdout) and its rot13 text decoded."""
    spec = importlib.util.find_spec("this")
    if spec is None or spec.origin is None:
        return None
    try:
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["s"] \
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return codecs.decode(node.value.value, "rot13")
    return None
