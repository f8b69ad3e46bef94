"""Host-side source analysis of cells: ``is_complete`` and definitions found in the session history.

Both parse cell text with CPython's compiler, so both skip cells longer than `SPLIT_MAX_CHARS`.
"""

from __future__ import annotations

import ast
import codeop
import warnings
from collections.abc import Reversible

from ..runner.segments import UsageError, parse_help_request, split_cell
from ..sandbox.cell import SPLIT_MAX_CHARS


def is_complete(code: str) -> dict[str, str]:
    """Answer ``is_complete_request`` on the host with CPython's compiler.

    ``complete`` when the code compiles (or is a help request / line magic), ``incomplete`` with
    the indent for the next line when more input is needed (also, like IPython, when the last
    line is inside a block and has no newline yet), ``invalid`` on a syntax error. A cell magic is
    incomplete until it ends with an empty line. A cell longer than `SPLIT_MAX_CHARS` is
    ``unknown``: it is not compiled on the host (CPython's compiler is not under the sandbox's
    limits).
    """
    if len(code) > SPLIT_MAX_CHARS:
        return {"status": "unknown"}
    stripped = code.strip()
    if not stripped or parse_help_request(code) is not None:
        return {"status": "complete"}
    if stripped.startswith("%%"):
        return {"status": "complete"} if code.endswith("\n\n") else {"status": "incomplete", "indent": ""}
    if stripped.startswith(("%", "!")) and "\n" not in stripped:
        return {"status": "complete"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compiled = codeop.compile_command(code, "<cell>", "exec")
        except Exception:  # SyntaxError, or MemoryError/RecursionError on deeply nested text
            return {"status": "invalid"}
    last = code.rstrip("\n").split("\n")[-1]
    indent = last[: len(last) - len(last.lstrip())]
    if compiled is not None:
        # Like IPython: a block's last line without a newline may still grow (console Enter).
        if indent and last.strip() and not code.endswith("\n"):
            return {"status": "incomplete", "indent": indent}
        return {"status": "complete"}
    if last.rstrip().endswith(":"):
        indent += "    "
    return {"status": "incomplete", "indent": indent}


def definition_in_history(
    history: Reversible[tuple[int, str, str | None]], name: str
) -> tuple[int, str, str] | None:
    """The latest top-level ``def``/``class`` of ``name`` in this session's cells.

    Returns ``(execution_count, source, docstring)``; MicroPython keeps neither docstrings nor
    source, so inspection takes them from the cell text (parsed with CPython's ``ast``). Cells
    longer than `SPLIT_MAX_CHARS` are not parsed on the host and so are skipped.
    """
    for count, code, _ in reversed(history):
        if name not in code or len(code) > SPLIT_MAX_CHARS:
            continue
        for segment in _python_segments(code):
            try:
                tree = ast.parse(segment)
                for node in reversed(tree.body):
                    if (
                        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                        and node.name == name
                    ):
                        source = ast.get_source_segment(segment, node, padded=True) or ""
                        return count, source, ast.get_docstring(node) or ""
            except Exception:  # SyntaxError, MemoryError, RecursionError: not a usable cell
                continue
    return None


def _python_segments(code: str) -> list[str]:
    try:
        return [seg.source for seg in split_cell(code) if seg.kind == "python"]
    except UsageError:
        return []
