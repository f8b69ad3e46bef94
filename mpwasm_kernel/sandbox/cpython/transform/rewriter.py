"""The source pass's rewriter: one bounded walk selects the nodes to rewrite, then the cell's text
is rendered with each selected node's text replaced (see the package docstring for the rewrites).

The rewriter is split by concern: state.py (text, positions, shared lookups), selection.py (the walk's
selection), records.py (the rewrites recorded after the walk), render.py and matching.py (the text).
"""

from __future__ import annotations

import ast

from ..tstrings import parse
from .records import _Records
from .render import _Renderer
from .selection import _Selection
from .shapes import (
    _BINDING_NODES,
    _WATCHED,
    NATIVE_BASES,
    OSERROR_ALIASES,
    _big_bound,
    _bound_by,
    _opened_names,
    _private_attributes,
    _range_call,
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


class _TooBig(Exception):
    pass


class _Rewriter(_Selection, _Records, _Renderer):
    """The pass over one source: `_Rewriter(source).run()` is the rewritten text (or `source`)."""

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
                             (self.strcall_calls, ("__import__",)),
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
