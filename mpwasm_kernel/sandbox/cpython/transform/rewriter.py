"""The source pass's rewriter: one bounded walk selects the nodes to rewrite, then the cell's text
is rendered with each selected node's text replaced (see the package docstring for the rewrites)."""

from __future__ import annotations

import ast
import re

from ..tstrings import may_have_tstrings, parse
from .formats import (
    _FSTRING_DEBUG,
    _FSTRING_SPACED_DEBUG,
    WHOLE_RANGE,
    _fields_rewritten,
    _fstring_as_format,
    _risky_fstring,
    _risky_template,
    _template_names,
    _type_field,
    percent_float_bound,
)
from .localnames import function_locals, local_deletes
from .posonly import PREFIX as POSONLY_PREFIX
from .shapes import (
    _ALIAS_OF,
    _BINDING_NODES,
    _PCT_OPERANDS,
    _SIMPLE,
    _WATCHED,
    CALLED_METHODS,
    MISSING_ATTRIBUTES,
    NATIVE_BASES,
    OSERROR_ALIASES,
    SUPER_DUNDERS,
    _big_bound,
    _binds,
    _boolish,
    _bound_by,
    _captures,
    _dotted,
    _is_type_call,
    _mentions_recursion_error,
    _opened_names,
    _private_attributes,
    _pure,
    _range_call,
    _shows_default_repr,
    _stepped,
    _takes_no_arguments,
    guest,
)

MAX_CHARS = 1 << 17
MAX_DEPTH = 100
MAX_NODES = 200_000


def _many_bases(cls: ast.ClassDef) -> bool:
    """A class with two or more bases, each a name or dotted name (evaluated twice: once for the
    guest's `_mpk_mro.lead`), none rewritten otherwise, no keywords, on one line."""
    return len(cls.bases) >= 2 and not cls.keywords and all(
        (isinstance(b, ast.Name) or isinstance(b, ast.Attribute) and isinstance(b.value, ast.Name))
        and b.lineno == b.end_lineno
        and not (isinstance(b, ast.Name) and b.id in (*NATIVE_BASES, "int", "object")) for b in cls.bases)


def _many_digits(template: str) -> bool:
    """Does a `%` template ask for 11 or more decimals of a float, or more than 17 significant
    digits? (Any right operand then goes through `_mpk_pct`; `"%.2f" % (x, y)` stays the build's
    `%`, correct below 10**15.)"""
    bound = percent_float_bound(template)
    return bound is not None and bound <= 10 ** 6


class _TooBig(Exception):
    pass



class _Rewriter:
    def __init__(self, source: str) -> None:
        self.source = source
        self.data = source.encode("utf-8", "surrogatepass")
        starts = [0]
        for line in self.data.split(b"\n")[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self.line_starts = starts
        self.targets: set[int] = set()
        self.kids: dict[int, list[ast.AST]] = {}
        self.dict_calls: list[ast.AST] = []
        self.type_calls: list[ast.AST] = []
        self.alias_names: list[ast.Name] = []
        self.dir_calls: list[ast.AST] = []
        self.fstrings: list[ast.JoinedStr] = []
        self.type_fstrings: list[ast.JoinedStr] = []  # f"{type(x)}": the class shown by repr()
        self.type_bound = False
        self.str_type_calls: list[ast.Call] = []  # str(type(x)) -> repr(type(x))
        self.help_calls: list[ast.Call] = []
        self.range_calls: list[ast.AST] = []
        self.unbound_names: list[ast.AST] = []
        self.range_compares: list[ast.AST] = []
        self.int_bases: list[ast.AST] = []  # `int` among a class's bases
        self.raise_froms: list[ast.AST] = []  # `raise X from Y`
        self.raise_context: dict[int, tuple[int, str]] = {}  # such a raise -> its `except ... as name`
        self.slice_calls: list[ast.AST] = []  # slice(...)
        self.zip_calls: list[ast.AST] = []  # zip(..., strict=...)
        self.getattr_calls: list[ast.AST] = []  # getattr(x, "title"): `_mpk_ga(x, 'title')`
        self.modnf_names: list[ast.AST] = []  # ModuleNotFoundError
        self.super_dunders: dict[int, tuple[str, str]] = {}  # super().__getitem__ -> (class, self name)
        self.native_bases: list[ast.AST] = []  # `list`, `tuple`, ... as bases, `tuple.__new__`
        self.range_names: set[str] = set()
        self.big_names: set[str] = set()  # names the cell assigns a big number to (see `_big_bound`)
        self.format_names: set[str] = set()  # `t = "{0:=<8}"`: t.format(...) through `_mpk_sfmt`
        self.template_uses: list[ast.AST] = []  # `t % x`, `t.format(...)` with `t` a name
        self.pct_names: dict[str, list[str]] = {}  # `t = "%.16e"`: the literals each such name is bound to
        self.lead_bases: dict[int, str] = {}  # first base of `class D(B, C)` -> the bases' text
        self.mangled: dict[int, str] = {}  # private attributes in a class -> CPython's mangled name
        self.file_names: set[str] = set()  # names bound to `open(...)` (`f = open(...)`, `with open(...) as f`)
        self.bytes_calls: list[ast.AST] = []
        self.vars_calls: list[ast.AST] = []
        self.plain_classes: list[ast.ClassDef] = []  # classes whose instances take no arguments
        self.locals_calls: dict[int, list[str]] = {}  # id of a locals() call in a function -> its names
        self.escapes = "\\N" in source  # any \N{...} escape at all (else no literal is looked at)
        self.tstrings = may_have_tstrings(source)  # any t-string prefix
        self.classes: list[ast.ClassDef] = []
        self.handlers: list[ast.ExceptHandler] = []
        self.exc_loads: set[int] = set()
        self.prefixes: dict[int, str] = {}
        self.matches = 0

    # -- positions --------------------------------------------------------------------------
    def _offset(self, line: int, col: int) -> int:
        return self.line_starts[line - 1] + col

    def _span(self, node: ast.AST) -> tuple[int, int]:
        return (self._offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
                self._offset(node.end_lineno, node.end_col_offset))  # type: ignore[attr-defined]

    def _text(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", "surrogatepass")

    # -- selection --------------------------------------------------------------------------
    def _is_target(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) \
                and isinstance(node.slice, ast.Slice) and node.slice.step is not None:
            return True
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and _stepped(node.targets[0]):
            return True
        if isinstance(node, ast.Delete) and len(node.targets) == 1 and _stepped(node.targets[0]):
            return True
        if isinstance(node, ast.Dict) and any(k is None for k in node.keys):
            return True
        if isinstance(node, ast.Match):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" \
                and len(node.args) == 1 and not isinstance(node.args[0], ast.Starred):
            self.dict_calls.append(node)  # a target unless the source rebinds `dict`
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type" \
                and len(node.args) == 3 and not node.keywords \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            self.type_calls.append(node)  # a target unless the source rebinds `type`
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" \
                and len(node.args) == 1 and not node.keywords and _is_type_call(node.args[0]):
            self.str_type_calls.append(node)  # a target unless the source binds `str`, `type` or `repr`
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "vars" \
                and len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Starred):
            self.vars_calls.append(node)  # a target unless the source binds `vars` or `__import__`
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dir" \
                and len(node.args) <= 1 and not node.keywords \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            self.dir_calls.append(node)  # a target unless the source binds `dir` or `sorted`
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" \
                and not node.keywords and any(_big_bound(a) or self.big_names and any(
                    isinstance(n, ast.Name) and n.id in self.big_names for n in ast.walk(a)) for a in node.args):
            self.range_calls.append(node)  # a target unless the source binds `range`
            return False
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq | ast.NotEq) \
                and any(_range_call(side) or isinstance(side, ast.Name) and side.id in self.range_names
                        for side in (node.left, node.comparators[0])):
            self.range_compares.append(node)  # a target unless the source binds `range`
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "help" \
                and len(node.args) == 1 and not node.keywords and _dotted(node.args[0]) is not None:
            self.help_calls.append(node)  # a target unless the source binds `help`
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "bytes" \
                and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], _PCT_OPERANDS):
            self.bytes_calls.append(node)  # a target unless the source binds `bytes` or `__import__`
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "complex" \
                and len(node.args) + len(node.keywords) == 2 and all(k.arg is not None for k in node.keywords) \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            self.slice_calls.append(node)  # complex(re, im): a target unless the source binds `slice`/`complex`
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
                and len(node.args) == 2 and not node.keywords and isinstance(node.args[1], ast.Constant) \
                and node.args[1].value in MISSING_ATTRIBUTES and not isinstance(node.args[0], ast.Starred):
            self.getattr_calls.append(node)  # getattr(5, "__add__"): a target unless `getattr` is bound
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "slice":
            self.slice_calls.append(node)  # a target unless the source binds `slice` or `__import__`
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "zip" \
                and any(k.arg == "strict" for k in node.keywords):
            self.zip_calls.append(node)  # a target unless the source binds `zip` or `__import__`
            return False
        if isinstance(node, ast.Raise) and node.exc is not None and node.cause is not None:
            self.raise_froms.append(node)  # a target unless the source binds `__import__`
        if isinstance(node, ast.ClassDef):
            self.int_bases.extend(b for b in node.bases if isinstance(b, ast.Name) and b.id == "int")
            self.native_bases.extend(b for b in node.bases if isinstance(b, ast.Name) and b.id in NATIVE_BASES)
            if _takes_no_arguments(node) and (node.bases or self._plain_header(node) is not None):
                self.plain_classes.append(node)  # a target unless the source binds `object` or `__import__`
            elif _shows_default_repr(node) and (node.bases or self._plain_header(node) is not None):
                self.plain_classes.append(node)  # (its base gets CPython's default __repr__ only)
        if isinstance(node, ast.Name) and node.id in OSERROR_ALIASES and isinstance(node.ctx, ast.Load):
            self.alias_names.append(node)  # a target unless the source binds the name
            return False
        if isinstance(node, ast.Name) and node.id == "ModuleNotFoundError" and isinstance(node.ctx, ast.Load):
            self.modnf_names.append(node)  # a target unless the source binds the name or `__import__`
            return False
        if isinstance(node, ast.Name) and node.id == "UnboundLocalError" and isinstance(node.ctx, ast.Load):
            self.unbound_names.append(node)  # a target unless the source binds the name
            return False
        if self.escapes and isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and "\\N" in self._text(*self._span(node)):
            return True  # "\N{NAME}" escapes: MicroPython's lexer has no Unicode name table
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr | ast.BitXor) \
                and _boolish(node.left) and _boolish(node.right):
            return True  # True ^ False: `((True ^ False) == 1)`, a bool as in CPython (an int here)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
                and isinstance(node.left.value, str) and (isinstance(node.right, _PCT_OPERANDS)
                                                          or _many_digits(node.left.value)):
            return True  # also `"%.20f" % (x, y)`: more digits than this build may get right (`_mpk_pct`)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Name) \
                and not (isinstance(node.right, ast.Constant) and type(node.right.value) is int):
            self.template_uses.append(node)  # `t % x`: a target when the cell binds t only to templates
            return False
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and self._template(node.left) is not None:
            return True  # `"%.4e" % 1e-320` (a subnormal), through `_mpk_pctf`
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)) and isinstance(getattr(node, "ctx", ast.Load()), ast.Load) \
                and any(isinstance(e, ast.Starred) for e in node.elts):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CALLED_METHODS \
                and not node.keywords and all(_pure(a) for a in node.args):
            return True  # x.title(...): `_mpk_ga(x, 'title', ..., ...)`
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and node.attr in ("__new__", "__init__") \
                and isinstance(node.value, ast.Name) and node.value.id in NATIVE_BASES:
            self.native_bases.append(node)  # tuple.__new__, list.__init__: a target unless the name is bound
            return False
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and node.attr in MISSING_ATTRIBUTES:
            return True
        if isinstance(node, ast.Attribute) and id(node) in self.mangled:
            return True
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and node.attr in ("name", "mode") \
                and isinstance(node.value, ast.Name) and node.value.id in self.file_names:
            return True  # f.name of `f = open(...)`: `_mpk_ga(f, 'name')` (MicroPython's files have none)
        if isinstance(node, ast.ExceptHandler) and node.type is not None and _mentions_recursion_error(node.type):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
                and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str) \
                and _risky_template(node.func.value.value):
            return True  # "{0:.17f}".format(x): str.format through the guest's format()
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
                and isinstance(node.func.value, ast.Name):
            self.template_uses.append(node)  # t.format(x): a target when the cell binds `t = "{0:=<8}"`
        if self.tstrings and isinstance(node, ast.JoinedStr) \
                and self._text(*self._span(node))[:2].lower() in ("t'", 't"', "tr", "rt"):
            return False  # a t-string read as an f-string (tstrings.py): left as written
        if isinstance(node, ast.JoinedStr) and (_risky_fstring(node) or _fields_rewritten(node)
                                                or _FSTRING_SPACED_DEBUG.search(self._text(*self._span(node)))
                                                or any(isinstance(v, ast.FormattedValue) and v.conversion == 97
                                                       for v in node.values)):  # f"{x!a}": ascii()
            self.fstrings.append(node)  # a target unless the source binds format/repr/str/ascii
            return False
        if isinstance(node, ast.JoinedStr) and any(_type_field(v) for v in node.values):
            self.type_fstrings.append(node)  # ... or type
            return False
        return isinstance(node, ast.JoinedStr) and bool(_FSTRING_DEBUG.search(self._text(*self._span(node))))

    def run(self) -> str:
        tree = parse(self.source)  # t-strings too (tstrings.py)
        if "range" in self.source:  # names the cell binds to a range (`r1 == r2` compares sequences) or to
            for node in ast.walk(tree):  # a big number (`n = 10**10`: `range(n)` past the machine word)
                if isinstance(node, ast.Assign | ast.AugAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    names = [t.id for t in targets if isinstance(t, ast.Name)]
                    if isinstance(node, ast.Assign) and _range_call(node.value):
                        self.range_names.update(names)
                    elif _big_bound(node.value):
                        self.big_names.update(names)
        if "open(" in self.source and (".name" in self.source or ".mode" in self.source):
            self.file_names = _opened_names(tree)  # `f.name`, `f.mode` of a file the cell opens
        if "class" in self.source and ".__" in self.source:
            self.mangled = _private_attributes(tree)  # self.__age in a class: self._Person__age
        # One bounded walk: size and depth limits, targets, child lists (reused while rendering).
        count, bound = 0, set()  # of the names whose rewrites stop when the source binds them
        stack: list[tuple[ast.AST, int]] = [(tree, 0)]
        while stack:
            node, depth = stack.pop()
            count += 1
            if depth > MAX_DEPTH or count > MAX_NODES:
                raise _TooBig()
            kids = list(ast.iter_child_nodes(node))
            self.kids[id(node)] = kids
            stack.extend((child, depth + 1) for child in kids)
            if type(node) in _BINDING_NODES:
                bound.update(name for name in _bound_by(node) if name in _WATCHED)
            if hasattr(node, "lineno") and self._is_target(node):
                self.targets.add(id(node))
            if isinstance(node, ast.ClassDef):
                self.classes.append(node)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self.handlers.append(node)
        self.type_bound = "type" in bound
        if self.template_uses:
            self._record_templates(tree)
        if "__import__" in self.source:  # e.g. `builtins.__import__ = f`: the helpers' imports would call it
            bound.add("__import__")
        for nodes, names in ((self.dict_calls, ("dict",)), (self.type_calls, ("type",)),
                             (self.alias_names, tuple(OSERROR_ALIASES)),
                             (self.dir_calls, ("dir", "sorted", "__import__")),
                             (self.fstrings, ("format", "repr", "str", "ascii")), (self.help_calls, ("help",)),
                             (self.type_fstrings, ("format", "repr", "str", "ascii", "type")),
                             (self.str_type_calls, ("str", "type", "repr")),
                             (self.range_calls, ("range",)), (self.range_compares, ("range",)),
                             (self.unbound_names, ("UnboundLocalError",)),
                             (self.int_bases, ("int", "__import__")), (self.raise_froms, ("__import__",)),
                             (self.slice_calls, ("slice", "complex", "__import__")),
                             (self.zip_calls, ("zip", "__import__")), (self.getattr_calls, ("getattr",)),
                             (self.modnf_names, ("ModuleNotFoundError", "__import__")),
                             (self.bytes_calls, ("bytes", "__import__")), (self.vars_calls, ("vars", "__import__")),
                             (self.plain_classes, ("object", "__import__"))):
            if not bound.intersection(names):
                self.targets.update(id(node) for node in nodes)
        for node in self.native_bases:
            name = node.id if isinstance(node, ast.Name) else node.value.id  # type: ignore[attr-defined]
            if not bound.intersection((name, "__import__")):
                self.targets.add(id(node))
        if "locals(" in self.source and "locals" not in bound:
            self._function_locals(tree)
        for cls in self.classes:
            self._record_annotations(cls)
        if "__slots__" in self.source and "__import__" not in bound:
            for cls in self.classes:
                self._record_slots(cls)
        for cls in self.plain_classes:
            if id(cls) in self.targets:
                self._record_plain(cls)
        if "_mpk_exc" not in bound:
            for handler in self.handlers:
                self._record_handler(handler)
        if any(id(node) in self.targets for node in self.raise_froms):
            for handler in self.handlers:
                self._record_context(handler)
        if "del " in self.source and not bound.intersection(("__import__", "globals")):
            self._record_deletes(tree)
        diamonds = [] if bound.intersection(("__import__", "super", "type")) else \
            [cls for cls in self.classes if _many_bases(cls) and not any(id(b) in self.targets for b in cls.bases)]
        for cls in diamonds:  # `class D(B, C)`: CPython's order for what D's instances look up
            self.lead_bases[id(cls.bases[0])] = ", ".join(self._text(*self._span(b)) for b in cls.bases)
            self.targets.add(id(cls.bases[0]))
        if "super()" in self.source and not bound.intersection(("__import__", "super")) \
                and ("super().__" in self.source or diamonds):
            self._record_super_dunders(tree, all_names=bool(diamonds))
        if not self.targets:
            return self.source
        out = self._render_children(tree, 0, len(self.data))
        return out if out.count("\n") == self.source.count("\n") else self.source

    def _record_slots(self, cls: ast.ClassDef) -> None:
        """A class body's `__slots__ = ...` gets `__setattr__ = _mpk_slots.setattr; ` (read through `guest`)
        in front (unless the class defines `__setattr__`): MicroPython ignores `__slots__`, CPython
        refuses to set other attributes on the instances."""
        slots = [node for node in cls.body if isinstance(node, ast.Assign) and len(node.targets) == 1
                 and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "__slots__"]
        if len(slots) != 1 or (id(slots[0]) in self.targets and id(slots[0]) not in self.prefixes):
            return
        if any(isinstance(node, ast.FunctionDef) and node.name == "__setattr__" or isinstance(node, ast.Assign)
               and any(isinstance(t, ast.Name) and t.id == "__setattr__" for t in node.targets) for node in cls.body):
            return
        self.prefixes[id(slots[0])] = f"__setattr__ = {guest('_mpk_slots')}.setattr; " + \
            self.prefixes.get(id(slots[0]), "")
        self.targets.add(id(slots[0]))

    def _record_super_dunders(self, tree: ast.Module, all_names: bool = False) -> None:
        """Mark `super().__X__` (X a special method MicroPython's built-in types have only as C
        slots) in a method of a class, at any depth: `_mpk_super.sup(__class__, self, '__X__')`
        (MicroPython, like CPython, gives a method that names `__class__` the class it is defined
        in, so a class nested in a function or another class is found as well). With `all_names`
        (the cell has a class with several bases), `super().name` of any other name too:
        `_mpk_msup(__class__, self, 'name')` (guest `_mpk_mro.sup`), the next class in CPython's order."""
        for cls in ast.walk(tree):
            if not isinstance(cls, ast.ClassDef):
                continue
            for func in cls.body:
                if not isinstance(func, ast.FunctionDef) or not func.args.args or func.decorator_list:
                    continue
                me = func.args.args[0].arg
                stack: list[ast.AST] = [*func.body]
                while stack:  # the method's own scope (a nested def, class or lambda has its own super())
                    node = stack.pop()
                    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
                        stack.extend(ast.iter_child_nodes(node))
                    if isinstance(node, ast.Attribute) and (node.attr in SUPER_DUNDERS or all_names) \
                            and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Call) \
                            and isinstance(node.value.func, ast.Name) and node.value.func.id == "super" \
                            and not node.value.args and not node.value.keywords:
                        self.super_dunders[id(node)] = ("__class__", me)
                        self.targets.add(id(node))

    def _function_locals(self, tree: ast.Module) -> None:
        """Mark `locals()` calls made directly in a function's body with the function's names."""
        for call, names in function_locals(tree).items():
            self.locals_calls[call] = names
            self.targets.add(call)

    def _record_annotations(self, cls: ast.ClassDef) -> None:
        """Prefix the class body's first statement with its annotated names (see the docstring)."""
        pairs = [(st.target.id, ast.unparse(st.annotation)) for st in cls.body
                 if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name)]
        first = cls.body[0]
        if not pairs or not isinstance(first, _SIMPLE) or id(first) in self.targets or first.lineno <= cls.lineno:
            return
        self.prefixes[id(first)] = f"__annotations__ = {pairs!r}; "
        self.targets.add(id(first))

    def _record_plain(self, cls: ast.ClassDef) -> None:
        """A plain class whose body starts with a simple statement gets object's methods in front
        of it (its base stays `object`); else it stays a target (its base is rewritten)."""
        if not _takes_no_arguments(cls):  # its own __init__: the base that gives __repr__ only
            return
        first = cls.body[0]
        if not isinstance(first, _SIMPLE) or id(first) in self.targets and id(first) not in self.prefixes:
            return
        self.targets.discard(id(cls))
        self.prefixes[id(first)] = f"__init__, __repr__ = {guest('_mpk_object')}.methods(); " + \
            self.prefixes.get(id(first), "")
        self.targets.add(id(first))

    def _plain_header(self, node: ast.ClassDef) -> int | None:
        """Where `(base)` goes in `class Name:` (just after the name), None for another shape."""
        start, end = self._span(node)
        head = re.match(rb"(class[ \t]+" + re.escape(node.name.encode()) + rb")[ \t]*:", self.data[start:end])
        return start + head.end(1) if head is not None else None

    def _record_deletes(self, tree: ast.Module) -> None:
        """Prefix each module-level `del name, ...` with the finaliser call (see the docstring),
        and each `del local, ...` in a function with `_mpk_fin.fin_local`, which looks for other
        references among the function's names (through `_mpk_locals`) and the globals."""
        if "_mpk_locals" not in self.source:
            for node_id, (deleted, names) in local_deletes(tree).items():
                if node_id in self.targets:
                    continue
                pairs = "".join(f"({n.removeprefix(POSONLY_PREFIX)!r}, lambda: {n}), " for n in names)
                self.prefixes[node_id] = f"{guest('_mpk_fin')}.fin_local(globals(), _mpk_locals({pairs}), " \
                    f"{tuple(deleted)!r}, {', '.join(deleted)}); "
                self.targets.add(node_id)
        stack: list[ast.AST] = list(tree.body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Delete):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if names and id(node) not in self.targets and id(node) not in self.prefixes:
                    self.prefixes[id(node)] = f"{guest('_mpk_fin')}.fin(globals(), {tuple(names)!r}, " \
                        f"{', '.join(names)}); "
                    self.targets.add(id(node))
            elif isinstance(node, ast.stmt) and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef
                                                               | ast.ClassDef):
                for field in ("body", "orelse", "finalbody", "handlers"):
                    stack.extend(getattr(node, field, None) or [])
            elif isinstance(node, ast.ExceptHandler):
                stack.extend(node.body)

    def _record_context(self, handler: ast.ExceptHandler) -> None:
        """A `raise X from Y` in `except ... as name:` (not in a nested function or class, the name
        never rebound there) raises while `name` is handled: CPython's `__context__`."""
        stack: list[ast.AST] = list(handler.body)
        found = []
        while stack:
            node = stack.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
                continue
            if isinstance(node, ast.Name) and node.id == handler.name and not isinstance(node.ctx, ast.Load):
                return
            if isinstance(node, ast.Raise) and id(node) in self.targets:
                found.append(node)
            stack.extend(self.kids.get(id(node), ()))
        for node in found:  # the innermost handler (the latest to start) wins
            if self.raise_context.get(id(node), (-1, ""))[0] < handler.lineno:
                self.raise_context[id(node)] = (handler.lineno, str(handler.name))

    def _record_handler(self, handler: ast.ExceptHandler) -> None:
        """Prefix the handler's first statement with `name = _mpk_exc(name); ` (see the docstring)."""
        name, first = handler.name, handler.body[0]
        simple = isinstance(first, _SIMPLE) and id(first) not in self.targets and id(first) not in self.prefixes
        loads = []
        for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
            if isinstance(node, ast.Name) and node.id == name:
                if not isinstance(node.ctx, ast.Load):
                    return  # rebound (or deleted) in the body: left as written
                loads.append(node)
            elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Name) and node.exc.id == name:
                return  # `raise e` must raise the caught object (its traceback)
            elif isinstance(node, ast.Global | ast.Nonlocal) and name in node.names:
                return
            elif type(node) in _BINDING_NODES and not isinstance(node, ast.Name) and _binds(node, name):
                return
        if loads and simple:
            self.prefixes[id(first)] = f"{name} = _mpk_exc({name}); "
            self.targets.add(id(first))
        elif loads:  # a compound first statement: each read becomes `_mpk_exc(name)` (not in f-strings)
            self.exc_loads.update(id(node) for node in loads)
            self.targets.update(id(node) for node in loads)

    def _record_templates(self, tree: ast.Module) -> None:
        """`t % x` and `t.format(...)` where the cell binds `t` only to literals: `%` templates with
        float conversions (`_mpk_pctf`), str.format templates one of which has a spec this build
        formats otherwise (`_mpk_sfmt`)."""
        if any(isinstance(node, ast.BinOp) for node in self.template_uses):
            self.pct_names = _template_names(tree, lambda text: percent_float_bound(text) is not None)
        if any(isinstance(node, ast.Call) for node in self.template_uses):
            self.format_names = {name for name, texts in _template_names(tree, lambda text: True).items()
                                 if any(_risky_template(t) for t in texts)}
        for node in self.template_uses:
            if isinstance(node, ast.BinOp) and self._template(node.left) is not None \
                    or isinstance(node, ast.Call) and node.func.value.id in self.format_names:  # type: ignore[attr-defined]
                self.targets.add(id(node))

    def _template(self, node: ast.AST) -> str | None:
        """The `%` template of a left operand this pass sends to `_mpk_pctf` although the build's
        `%` would take it (None for the others): a literal with `e`/`g` conversions (a subnormal
        float needs the exact formatter), or a name the cell assigns only literals with float
        conversions to (`t = "%.16e"`; the strictest of them)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value if percent_float_bound(node.value) == WHOLE_RANGE else None
        if not isinstance(node, ast.Name) or node.id not in self.pct_names:
            return None
        templates = self.pct_names[node.id]
        bounds = [percent_float_bound(t) for t in templates]
        if any(b is None for b in bounds):
            return None
        return templates[bounds.index(min(bounds))]  # type: ignore[type-var]

    # -- rendering --------------------------------------------------------------------------
    def _outermost(self, node: ast.AST) -> list[ast.AST]:
        found: list[ast.AST] = []
        stack = list(self.kids[id(node)])
        while stack:
            child = stack.pop()
            if id(child) in self.targets:
                found.append(child)
            elif not isinstance(child, ast.JoinedStr):
                stack.extend(self.kids[id(child)])
        return sorted(found, key=lambda n: self._span(n)[0])

    def _render_children(self, node: ast.AST, start: int, end: int) -> str:
        pieces, pos = [], start
        for child in self._outermost(node):
            c_start, c_end = self._span(child)
            if c_start < pos or c_end > end:
                raise ValueError("overlapping nodes")
            pieces.append(self._text(pos, c_start))
            pieces.append(self._rewrite(child))
            pos = c_end
        pieces.append(self._text(pos, end))
        return "".join(pieces)

    def _render(self, node: ast.AST | None) -> str:
        if node is None:
            return "None"
        if id(node) in self.targets:
            return self._rewrite(node)
        return self._render_children(node, *self._span(node))

    def _rewrite(self, node: ast.AST) -> str:
        start, end = self._span(node)
        if id(node) in self.prefixes:
            return self.prefixes[id(node)] + self._render_children(node, start, end)
        if id(node) in self.lead_bases:  # the first of a class's several bases (see `_many_bases`)
            return f"{guest('_mpk_mro')}.lead({self.lead_bases[id(node)]}), " + self._text(start, end)
        original = self._text(start, end)
        if isinstance(node, ast.Subscript):
            s = node.slice
            assert isinstance(s, ast.Slice)
            text = f"_mpk_sl({self._render(node.value)}, {self._render(s.lower)}, {self._render(s.upper)}, " \
                   f"{self._render(s.step)})"
        elif isinstance(node, ast.Call) and id(node) in self.locals_calls:  # locals() in a function
            pairs = "".join(f"({n.removeprefix(POSONLY_PREFIX)!r}, lambda: {n}), " for n in self.locals_calls[id(node)])
            return f"_mpk_locals({pairs})"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "help":
            inner = self._render_children(node, start, end)
            return inner[:inner.rindex(")")] + f", {_dotted(node.args[0])!r})"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range":
            f_start, f_end = self._span(node.func)
            return self._text(start, f_start) + "_mpk_range" + self._render_region(f_end, end, list(node.args))
        elif isinstance(node, ast.Compare):  # a == range(...), a != range(...)
            negate = "not " if isinstance(node.ops[0], ast.NotEq) else ""
            text = f"({negate}_mpk_req({self._render(node.left)}, {self._render(node.comparators[0])}))"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "bytes":
            f_start, f_end = self._span(node.func)
            return self._text(start, f_start) + f"{guest('_mpk_bytes')}.of" + self._render_region(
                f_end, end, list(node.args))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "vars":
            f_start, f_end = self._span(node.func)
            return self._text(start, f_start) + f"{guest('_mpk_dir')}.vars" + self._render_region(
                f_end, end, list(node.args))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dir" and node.args:
            f_start, f_end = self._span(node.func)
            return self._text(start, f_start) + f"{guest('_mpk_dir')}.dir" + self._render_region(
                f_end, end, list(node.args))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dir":
            return "sorted(" + self._render_children(node, start, end) + ")"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
            f_start, f_end = self._span(node.func)
            return self._text(start, f_start) + "_mpk_ga" + self._render_region(f_end, end, list(node.args))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str":  # str(type(x))
            f_start, f_end = self._span(node.func)
            return self._text(start, f_start) + "repr" + self._render_region(f_end, end, list(node.args))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in CALLED_METHODS:  # x.title(...)
            v_start, v_end = self._span(node.func.value)
            paren = self.data.index(b"(", self._span(node.func)[1])
            breaks = "\n" * self._text(v_end, paren).count("\n")  # keep the line count
            # before the receiver there can only be the opening parentheses of `(a + b).title()`
            # (their closing ones are among the skipped text after it): dropped, lines kept
            lead = "\n" * self._text(start, v_start).count("\n")
            head = f"_mpk_ga({lead}{self._render(node.func.value)}, {node.func.attr!r}, ...{breaks}"
            rest = self._render_region(paren + 1, end, list(node.args))
            return head + (", " + rest if node.args else rest.lstrip(" "))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):  # "literal".format(...), t.format
            assert isinstance(node.func.value, ast.Constant | ast.Name)
            t_start, t_end = self._span(node.func.value)
            paren = self.data.index(b"(", self._span(node.func)[1])
            return self._text(start, t_start) + "_mpk_sfmt(" + self._text(t_start, t_end) + ", " + \
                self._render_region(paren + 1, end, [*node.args, *node.keywords])
        elif isinstance(node, ast.Call):  # dict(x, ...), type(name, bases, namespace), slice, zip(strict=), complex
            f_start, f_end = self._span(node.func)
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            helper = {"dict": "_mpk_dd", "slice": f"{guest('_mpk_slice')}.slice",
                      "zip": f"{guest('_mpk_zip')}.zip",
                      "complex": f"{guest('_mpk_complex')}.complex"}.get(name, "_mpk_type")
            return self._text(start, f_start) + helper + self._render_region(
                f_end, end, [*node.args, *node.keywords])
        elif isinstance(node, ast.Dict):
            parts = []
            for key, value in zip(node.keys, node.values, strict=True):
                parts.append(self._render(value) if key is None else f"{{{self._render(key)}: {self._render(value)}}}")
            text = f"_mpk_du({', '.join(parts)})"
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            kind = "l" if isinstance(node, ast.List) else "t" if isinstance(node, ast.Tuple) else "s"
            parts = [self._render(e.value) if isinstance(e, ast.Starred) else f"({self._render(e)},)"
                     for e in node.elts]
            text = f"_mpk_lu({kind!r}, {', '.join(parts)})"
        elif isinstance(node, ast.Attribute) and id(node) in self.super_dunders:  # super().__getitem__
            cls, me = self.super_dunders[id(node)]
            helper = f"{guest('_mpk_super')}.sup" if node.attr in SUPER_DUNDERS else "_mpk_msup"
            return f"{helper}({cls}, {me}, {node.attr!r})"
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in NATIVE_BASES \
                and node.attr in ("__new__", "__init__"):  # tuple.__new__
            return f"{guest('_mpk_native')}.{node.value.id}.{node.attr}"
        elif isinstance(node, ast.Attribute) and id(node) in self.mangled:  # self.__age in class Person
            v_start, v_end = self._span(node.value)
            tail = self._text(v_end, end)
            cut = tail.rindex(node.attr)
            return self._text(start, v_start) + self._render(node.value) + tail[:cut] + self.mangled[id(node)] + \
                tail[cut + len(node.attr):]
        elif isinstance(node, ast.Attribute):
            text = f"_mpk_ga({self._render(node.value)}, {node.attr!r})"
        elif isinstance(node, ast.Name) and node.id == "int":  # a class's base (see the docstring)
            return f"{guest('_mpk_intsub')}.int"
        elif isinstance(node, ast.Name) and node.id in NATIVE_BASES:  # class Stack(list): (the docstring)
            return f"{guest('_mpk_native')}.{node.id}"
        elif isinstance(node, ast.ClassDef):  # a class without base or __init__ (see the docstring)
            base = f"{guest('_mpk_object')}.object" if _takes_no_arguments(node) else \
                f"{guest('_mpk_object')}.repr_object"
            if node.bases:  # class A(object):
                b_start, b_end = self._span(node.bases[0])
                return self._text(start, b_start) + base + self._render_region(b_end, end, node.body)
            cut = self._plain_header(node)
            assert cut is not None
            return self._text(start, cut) + f"({base})" + self._render_region(cut, end, node.body)
        elif isinstance(node, ast.Name) and id(node) in self.exc_loads:  # a caught exception's name
            return f"_mpk_exc({node.id})"
        elif isinstance(node, ast.Name):  # IOError, EnvironmentError, UnboundLocalError, ModuleNotFoundError
            return _ALIAS_OF[node.id]
        elif isinstance(node, ast.Constant):  # a str literal with \N{...}: its value, written out
            text = f"({node.value!r})"
        elif isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Mod):  # True ^ False
            op = {ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^"}[type(node.op)]
            text = f"(({self._render(node.left)}) {op} ({self._render(node.right)}) == 1)"
        elif isinstance(node, ast.BinOp):  # "literal" % x (with float conversions: the magnitude to check)
            template = self._template(node.left)
            bound = percent_float_bound(node.left.value if template is None else template)
            if bound is None:
                text = f"_mpk_pct({self._render(node.left)}, {self._render(node.right)})"
            else:
                text = f"_mpk_pctf({self._render(node.left)}, {self._render(node.right)}, " \
                       f"{-float(bound)!r}, {float(bound)!r})"
        elif isinstance(node, ast.Match):
            return self._rewrite_match(node, start, end)
        elif isinstance(node, (ast.Assign, ast.Delete)):
            target = node.targets[0]
            assert isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Slice)
            sl = target.slice
            args = f"{self._render(target.value)}, {self._render(sl.lower)}, {self._render(sl.upper)}, " \
                   f"{self._render(sl.step)}"
            if isinstance(node, ast.Assign):
                text = f"_mpk_ss({args}, {self._render(node.value)})"
            else:
                text = f"_mpk_ss({args})"
        elif isinstance(node, ast.Raise):  # raise X from Y (see the docstring)
            context = self.raise_context.get(id(node))
            if context and isinstance(node.cause, ast.Name) and node.cause.id == context[1]:
                context = (context[0], "...")  # `from e` in `except ... as e:`: the context is the cause
            text = f"raise {guest('_mpk_chain')}.cause({self._render(node.exc)}, {self._render(node.cause)}" + \
                (f", {context[1]})" if context else ")")
        elif isinstance(node, ast.ExceptHandler):
            assert node.type is not None
            t_start, t_end = self._span(node.type)
            head = self._text(start, t_start) + re.sub(r"\bRecursionError\b", "RuntimeError",
                                                       self._text(t_start, t_end))
            return head + self._render_after(node, t_end, end)
        elif isinstance(node, ast.JoinedStr) and any(node is f for f in (*self.fstrings, *self.type_fstrings)):
            text = f"({_fstring_as_format(node, not self.type_bound)})"
        elif isinstance(node, ast.JoinedStr):
            return _FSTRING_DEBUG.sub("=!r}", original)
        else:  # pragma: no cover - _is_target selects only the kinds above
            return original
        missing = original.count("\n") - text.count("\n")
        if missing < 0:
            raise ValueError("rewrite added lines")
        return text[:-1] + "\n" * missing + ")"

    def _rewrite_match(self, node: ast.Match, start: int, end: int) -> str:
        """`match S:` → `if [(_mpk_sN := S)]:` (always true, keeps the block), each `case P if G:`
        → `if/elif (_mpk_rN := _mpk_match(_mpk_sN, SPEC)) is not None and ((x := _mpk_rN['x'])
        or True) ... and (G):`, bodies unchanged (with nested rewrites)."""
        self.matches += 1
        s_var, r_var = f"_mpk_s{self.matches}", f"_mpk_r{self.matches}"
        s_start, s_end = self._span(node.subject)
        colon = self.data.index(b":", s_end)
        head = f"if [({s_var} := {self._render(node.subject)})]:"
        pieces = [self._pad(head, self._text(start, colon + 1))]
        pos = colon + 1
        for i, case in enumerate(node.cases):
            p_start, p_end = self._span(case.pattern)
            kw = self.data.rindex(b"case", pos, p_start)
            after = self._span(case.guard)[1] if case.guard is not None else p_end
            c_colon = self.data.index(b":", after)
            pieces.append(self._text(pos, kw))
            names = sorted(_captures(case.pattern))
            cond = f"({r_var} := _mpk_match({s_var}, {self._spec(case.pattern)})) is not None"
            cond += "".join(f" and (({n} := {r_var}[{n!r}]) or True)" for n in names)
            if case.guard is not None:
                cond += f" and ({self._render(case.guard)})"
            pieces.append(self._pad(f"{'if' if i == 0 else 'elif'} ({cond}):", self._text(kw, c_colon + 1)))
            body_end = self._span(case.body[-1])[1]
            pieces.append(self._render_region(c_colon + 1, body_end, list(case.body)))
            pos = body_end
        pieces.append(self._text(pos, end))
        return "".join(pieces)

    @staticmethod
    def _pad(text: str, original: str) -> str:
        """`text` (ending in '):') with line breaks added before its closing parenthesis so it
        spans as many lines as `original`."""
        missing = original.count("\n") - text.count("\n")
        if missing < 0:
            raise ValueError("rewrite added lines")
        if not missing:
            return text
        return text[:-2] + "\n" * missing + "):" if text.endswith("):") else text[:-1] + "\n" * missing + ":"

    def _spec(self, p: ast.AST) -> str:
        """The guest-side description of a pattern (see guest/pycompat_lazy.py, _mpk_match)."""
        if isinstance(p, ast.MatchValue):
            return f"('v', {self._render(p.value)})"
        if isinstance(p, ast.MatchSingleton):
            return f"('is', {p.value!r})"
        if isinstance(p, ast.MatchAs):
            inner = self._spec(p.pattern) if p.pattern is not None else "None"
            return f"('as', {inner}, {p.name!r})"
        if isinstance(p, ast.MatchOr):
            return f"('or', ({''.join(self._spec(q) + ', ' for q in p.patterns)}))"
        if isinstance(p, ast.MatchSequence):
            return f"('seq', ({''.join(self._spec(q) + ', ' for q in p.patterns)}))"
        if isinstance(p, ast.MatchStar):
            return f"('star', {p.name!r})"
        if isinstance(p, ast.MatchMapping):
            keys = "".join(self._render(k) + ", " for k in p.keys)
            specs = "".join(self._spec(q) + ", " for q in p.patterns)
            return f"('map', ({keys}), ({specs}), {p.rest!r})"
        if isinstance(p, ast.MatchClass):
            pos = "".join(self._spec(q) + ", " for q in p.patterns)
            kws = "".join(self._spec(q) + ", " for q in p.kwd_patterns)
            return f"('cls', {self._render(p.cls)}, ({pos}), {tuple(p.kwd_attrs)!r}, ({kws}))"
        raise ValueError(f"unsupported pattern {type(p).__name__}")

    def _render_region(self, pos: int, end: int, roots: list[ast.AST]) -> str:
        """Text of [pos, end) with the rewrites inside `roots` (nodes within that range) applied."""
        found: list[ast.AST] = []
        stack = list(roots)
        while stack:
            node = stack.pop()
            if id(node) in self.targets and hasattr(node, "lineno"):
                found.append(node)
            elif not isinstance(node, ast.JoinedStr):
                stack.extend(self.kids[id(node)])
        pieces = []
        for node in sorted(found, key=lambda n: self._span(n)[0]):
            n_start, n_end = self._span(node)
            if n_start < pos or n_end > end:
                raise ValueError("overlapping nodes")
            pieces.append(self._text(pos, n_start))
            pieces.append(self._rewrite(node))
            pos = n_end
        pieces.append(self._text(pos, end))
        return "".join(pieces)

    def _render_after(self, handler: ast.ExceptHandler, pos: int, end: int) -> str:
        """The rest of an except clause after its type, with nested rewrites applied."""
        pieces = []
        for stmt in handler.body:
            s_start, s_end = self._span(stmt)
            pieces.append(self._text(pos, s_start))
            pieces.append(self._render(stmt))
            pos = s_end
        pieces.append(self._text(pos, end))
        return "".join(pieces)
