"""The source pass's rewriter state: the cell's text and byte positions, the nodes selected so far,
and the lookups that selection, the recorded rewrites and rendering all use (`_State`)."""

from __future__ import annotations

import ast
import re

from ..tstrings import may_have_tstrings
from .formats import (
    WHOLE_RANGE,
    percent_float_bound,
)


class _State:
    """What the rewriter's parts share: the source, its byte offsets of lines, the selection so far."""

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
        self.strcall_calls: list[ast.AST] = []  # s.split(sep=...), s.replace('', x)
        self.strcall_ids: set[int] = set()  # (their ids, for the rendering)
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
        self.native_calls: set[int] = set()  # ids of `x.capitalize` attributes that are called (NATIVE_CALLS)
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

    # -- lookups shared by selection, recording and rendering ---------------------------------
    def _plain_header(self, node: ast.ClassDef) -> int | None:
        """Where `(base)` goes in `class Name:` (just after the name), None for another shape."""
        start, end = self._span(node)
        head = re.match(rb"(class[ \t]+" + re.escape(node.name.encode()) + rb")[ \t]*:", self.data[start:end])
        return start + head.end(1) if head is not None else None

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
