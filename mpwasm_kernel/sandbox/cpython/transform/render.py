"""The source pass's rendering: the cell's text with each selected node's text replaced by its
rewrite (`_rewrite`), nested rewrites applied inside (the `match` statement: matching.py)."""

from __future__ import annotations

import ast
import re

from .formats import (
    _FSTRING_DEBUG,
    _fstring_as_format,
    percent_float_bound,
)
from .matching import _Matching
from .posonly import PREFIX as POSONLY_PREFIX
from .shapes import (
    _ALIAS_OF,
    CALLED_METHODS,
    NATIVE_BASES,
    SUPER_DUNDERS,
    _dotted,
    _takes_no_arguments,
    guest,
)


class _Renderer(_Matching):
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
        return self._splice(start, end, self._outermost(node))

    def _splice(self, pos: int, end: int, found: list[ast.AST]) -> str:
        """Text of [pos, end) with each of `found` (targets within that range, in order of their
        start) replaced by its rewrite."""
        pieces = []
        for node in found:
            n_start, n_end = self._span(node)
            if n_start < pos or n_end > end:
                raise ValueError("overlapping nodes")
            pieces.append(self._text(pos, n_start))
            pieces.append(self._rewrite(node))
            pos = n_end
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
                and (node.func.attr in CALLED_METHODS or id(node) in self.strcall_ids):  # x.title(...)
            v_start, v_end = self._span(node.func.value)
            paren = self.data.index(b"(", self._span(node.func)[1])
            breaks = "\n" * self._text(v_end, paren).count("\n")  # keep the line count
            # before the receiver there can only be the opening parentheses of `(a + b).title()`
            # (their closing ones are among the skipped text after it): dropped, lines kept
            lead = "\n" * self._text(start, v_start).count("\n")
            value = self._render(node.func.value)
            if id(node) in self.strcall_ids:  # s.split(sep=","), s.replace("", "-")
                head = f"{guest('_mpk_strcall')}.call({lead}{value}, {node.func.attr!r}{breaks}"
            else:
                head = f"_mpk_ga({lead}{value}, {node.func.attr!r}, ...{breaks}"
            rest = self._render_region(paren + 1, end, [*node.args, *node.keywords])
            return head + (", " + rest if node.args or node.keywords else rest.lstrip(" "))
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
        return self._splice(pos, end, sorted(found, key=lambda n: self._span(n)[0]))

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
