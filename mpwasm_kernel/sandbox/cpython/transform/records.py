"""The source pass's recorded rewrites: passes over classes, handlers, deletes and templates that run
after the walk and add targets or statement prefixes (`_mpk_...; ` before a statement)."""

from __future__ import annotations

import ast

from .formats import (
    _risky_template,
    _template_names,
    percent_float_bound,
)
from .localnames import function_locals, local_deletes
from .posonly import PREFIX as POSONLY_PREFIX
from .shapes import (
    _BINDING_NODES,
    _SIMPLE,
    SUPER_DUNDERS,
    _binds,
    _takes_no_arguments,
    guest,
)
from .state import _State


class _Records(_State):
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
