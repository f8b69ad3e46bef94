"""Cell results as IPython shows them, on the host, for differential tests of result text.

`ipython_results(cells)` runs the cells in order in one CPython namespace, as IPython runs them,
and gives each cell's result the way ipykernel's plain-text formatter writes it
(`IPython.lib.pretty.pretty`: what a notebook shows as `text/plain`), or None when the cell ends
in a statement or its last expression is None. `sandbox_results(sandbox, cells)` gives the same
for the sandbox, after a reset. Object addresses are masked on both sides (`mask`).
"""

from __future__ import annotations

import ast
import re
import textwrap

from mpwasm_kernel import Sandbox

ADDRESS = re.compile(r"0x[0-9a-f]+")


def mask(text: str | None) -> str | None:
    return None if text is None else ADDRESS.sub("0x…", text)


def ipython_results(cells: list[str]) -> list[str | None]:
    from IPython.lib.pretty import pretty

    namespace: dict[str, object] = {"__name__": "__main__"}
    shown: list[str | None] = []
    for cell in cells:
        tree = ast.parse(textwrap.dedent(cell))
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        if last is not None:
            tree.body.pop()
        exec(compile(tree, "<cell>", "exec"), namespace)
        value = None if last is None else eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
        shown.append(None if value is None else mask(pretty(value)))
    return shown


def sandbox_results(sandbox: Sandbox, cells: list[str]) -> list[str | None]:
    sandbox.reset()
    shown: list[str | None] = []
    for cell in cells:
        result = sandbox.run(textwrap.dedent(cell))
        assert result.error is None, (cell, result.error)
        shown.append(mask(result.value))
    return shown
