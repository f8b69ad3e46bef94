"""The source pass's selection: which nodes one walk of the tree marks for rewriting (`_is_target`);
lists of candidates become targets later, in `_Rewriter.run`, unless the source binds their names."""

from __future__ import annotations

import ast

from .formats import (
    _FSTRING_DEBUG,
    _FSTRING_SPACED_DEBUG,
    _fields_rewritten,
    _risky_fstring,
    _risky_template,
    _type_field,
    percent_float_bound,
)
from .shapes import (
    _PCT_OPERANDS,
    CALLED_METHODS,
    MISSING_ATTRIBUTES,
    NATIVE_BASES,
    NATIVE_CALLS,
    OSERROR_ALIASES,
    _big_bound,
    _boolish,
    _dotted,
    _is_type_call,
    _mentions_recursion_error,
    _pure,
    _range_call,
    _shows_default_repr,
    _stepped,
    _takes_no_arguments,
)
from .state import _State


def _many_digits(template: str) -> bool:
    """Does a `%` template ask for 11 or more decimals of a float, or more than 17 significant
    digits? (Any right operand then goes through `_mpk_pct`; `"%.2f" % (x, y)` stays the build's
    `%`, correct below 10**15.)"""
    bound = percent_float_bound(template)
    return bound is not None and bound <= 10 ** 6


def _str_call(node: ast.AST) -> bool:
    """`x.split(...)` / `x.rsplit(...)` with keyword arguments (only `sep` and `maxsplit`), or
    `x.replace('', new[, count])`: calls the guest's `_mpk_strcall.call` runs as CPython's str."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute) \
            or any(isinstance(a, ast.Starred) for a in node.args):
        return False
    if node.func.attr in ("split", "rsplit"):
        return bool(node.keywords) and all(k.arg in ("sep", "maxsplit") for k in node.keywords)
    return node.func.attr == "replace" and not node.keywords and len(node.args) in (2, 3) \
        and isinstance(node.args[0], ast.Constant) and node.args[0].value == "" and type(node.args[0].value) is str


class _Selection(_State):
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
        if _str_call(node):
            self.strcall_calls.append(node)  # s.split(sep=","), s.replace("", "-"): unless `__import__` is bound
            self.strcall_ids.add(id(node))
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CALLED_METHODS \
                and not node.keywords and all(_pure(a) for a in node.args):
            return True  # x.title(...): `_mpk_ga(x, 'title', ..., ...)`
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and node.attr in ("__new__", "__init__") \
                and isinstance(node.value, ast.Name) and node.value.id in NATIVE_BASES:
            self.native_bases.append(node)  # tuple.__new__, list.__init__: a target unless the name is bound
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in NATIVE_CALLS:
            self.native_calls.add(id(node.func))  # x.capitalize(...): the build's own method, as written
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and node.attr in MISSING_ATTRIBUTES \
                and id(node) not in self.native_calls:
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
