"""Tracebacks as CPython prints them: the source line under each frame, CPython's messages.

MicroPython keeps no source, so its tracebacks name only file, line and function. The host has
the source of every cell it ran: `SourceRegistry` keeps it per filename (bounded, oldest
dropped first) and `present` turns the guest's traceback into CPython's layout::

    Traceback (most recent call last):
      File "<cell-3>", line 2, in f
        return 1 / 0
    ZeroDivisionError: division by zero

with the message in CPython's wording (`messages.cpython_message`). The parsed frames stay on
the error (`GuestError.frames`) so a frontend can render its own layout (the kernel renders
IPython's).
"""

from __future__ import annotations

import ast
import dataclasses
import re
import sys
from collections import OrderedDict

from ..errors import GuestError
from .messages import Params, cpython_message
from .syntax import cpython_syntax_error

HEADER = "Traceback (most recent call last):"
MAX_FILES = 2_000
MAX_TOTAL_BYTES = 16 << 20  # host memory for all kept sources, lines charged at their real size
MAX_SOURCE_CHARS = 1 << 20  # a larger source is not kept (its frames show no line)
MAX_FRAMES = 200
REPEATED_SHOWN = 3  # a frame repeated in a row is shown this often, then "[Previous line repeated N more times]"
PARSE_MAX_CHARS = 1 << 17  # function scopes/signatures are looked up by parsing at most this much
MAX_TREES = 256  # parsed sources kept (SourceRegistry.tree) ...
MAX_TREE_CHARS = 4 << 20  # ... and at most this much source behind them

_FRAME_RE = re.compile(r'  File "(?P<file>[^"]*)", line (?P<line>\d+)(?:, in (?P<name>.*))?')

Frame = tuple[str, int, str]  # (filename, line number, function name or "")


def _host_bytes(lines: list[str]) -> int:
    """What a list of lines costs the host: each line object and its list slot."""
    return sum(map(sys.getsizeof, lines)) + 8 * len(lines)


class SourceRegistry:
    """Source text per filename, most recently added kept; bounded in files and in host bytes.

    Sources are kept as lists of lines, so a source is charged what its line objects cost the host
    (``sys.getsizeof`` of each line plus its list slot): many short lines cost far more than their
    characters."""

    def __init__(self, max_files: int = MAX_FILES, max_bytes: int = MAX_TOTAL_BYTES) -> None:
        self._sources: OrderedDict[str, list[str]] = OrderedDict()
        self._bytes = 0
        self._archived = 0
        self._trees: OrderedDict[str, ast.Module | None] = OrderedDict()
        self._tree_chars: dict[str, int] = {}
        self.max_files = max_files
        self.max_bytes = max_bytes

    def add(self, filename: str, source: str) -> None:
        """Remember ``source`` for ``filename``. An earlier source of the same name stays, under
        ``filename@N``, for definition lookups (`docs.user_definition`), until it ages out."""
        old = self._sources.pop(filename, None)
        self._forget_tree(filename)
        if old is not None:
            self._archived += 1
            self._sources[f"{filename}@{self._archived}"] = old
        if len(source) > MAX_SOURCE_CHARS:
            return
        lines = source.splitlines()
        self._sources[filename] = lines
        self._bytes += _host_bytes(lines)
        while self._sources and (len(self._sources) > self.max_files or self._bytes > self.max_bytes):
            gone, lines = self._sources.popitem(last=False)
            self._forget_tree(gone)
            self._bytes -= _host_bytes(lines)

    def _forget_tree(self, filename: str) -> None:
        self._trees.pop(filename, None)
        self._tree_chars.pop(filename, None)

    def tree(self, filename: str) -> ast.Module | None:
        """``filename``'s source parsed by CPython's ``ast`` (None if unknown, longer than
        `PARSE_MAX_CHARS` or not CPython syntax). The last `MAX_TREES` parses are cached, so
        repeated help or traceback lookups cost the host one parse per source."""
        if filename in self._trees:
            self._trees.move_to_end(filename)
            return self._trees[filename]
        lines = self._sources.get(filename)
        if lines is None:
            return None
        source = "\n".join(lines)
        tree: ast.Module | None = None
        if len(source) <= PARSE_MAX_CHARS:
            try:
                tree = ast.parse(source)
            except (SyntaxError, ValueError, MemoryError, RecursionError):
                tree = None
        self._trees[filename] = tree
        self._tree_chars[filename] = len(source)
        while len(self._trees) > MAX_TREES or sum(self._tree_chars.values()) > MAX_TREE_CHARS:
            gone, _ = self._trees.popitem(last=False)
            self._tree_chars.pop(gone, None)
            if gone == filename:
                break
        return tree

    def discard(self, filename: str) -> None:
        self._forget_tree(filename)
        lines = self._sources.pop(filename, None)
        if lines is not None:
            self._bytes -= _host_bytes(lines)

    def lines(self, filename: str) -> list[str] | None:
        """All lines of ``filename``, or None when its source is unknown."""
        return self._sources.get(filename)

    def line(self, filename: str, lineno: int) -> str | None:
        """Line ``lineno`` (1-based) of ``filename`` without its newline, or None."""
        lines = self._sources.get(filename)
        if lines is None or not 1 <= lineno <= len(lines):
            return None
        return lines[lineno - 1]

    def filenames(self, last: int = MAX_TREES) -> list[str]:
        """The ``last`` most recently added filenames, oldest first."""
        names = list(self._sources)
        return names[-last:]

    def clear(self) -> None:
        self._sources.clear()
        self._trees.clear()
        self._tree_chars.clear()
        self._bytes = 0

    @property
    def bytes(self) -> int:
        """Host bytes charged for the sources kept."""
        return self._bytes

    def __contains__(self, filename: object) -> bool:
        return filename in self._sources


def parse_frames(lines: list[str], repeats: dict[int, int] | None = None) -> list[Frame]:
    """The ``File "...", line N, in name`` frames of a MicroPython traceback, outermost first.

    As CPython's traceback does, a run of one frame repeated (recursion) keeps its first three;
    ``repeats`` (if given) gets ``index of the third -> how many more there were``. Past
    `MAX_FRAMES` the outermost frame and the innermost ones are kept."""
    frames: list[Frame] = []
    extra: dict[int, int] = {}
    run = 0
    for line in lines:
        match = _FRAME_RE.fullmatch(line.rstrip())
        if not match:
            continue
        frame = (match["file"], int(match["line"]), match["name"] or "")
        run = run + 1 if frames and frames[-1] == frame else 0
        if run >= REPEATED_SHOWN:
            extra[len(frames) - 1] = run - REPEATED_SHOWN + 1
            continue
        frames.append(frame)
    if len(frames) > MAX_FRAMES:
        cut = len(frames) - MAX_FRAMES + 1  # frames[1:cut] go
        extra = {(i - cut + 1 if i > 0 else i): n for i, n in extra.items() if i == 0 or i >= cut}
        frames = frames[:1] + frames[cut:]
    if repeats is not None:
        repeats.update(extra)
    return frames


def present(error: GuestError, registry: SourceRegistry, bare_name: tuple[str, str, int] | None = None) -> GuestError:
    """``error`` with CPython's message and a CPython-style traceback (source under each frame).

    Errors that are not guest tracebacks (limit stops, host failures: no ``Traceback`` header
    and no frames) get only the message rewrite. ``bare_name`` is ``(filename, name, line)``
    when the run ended in an expression that is a bare name: MicroPython records no line for
    it (it reports line 1), so a NameError for that name in that file's only frame gets ``line``.
    """
    lines = list(error.traceback)
    repeats: dict[int, int] = {}
    frames = parse_frames(lines, repeats)
    if bare_name is not None and len(frames) == 1 and frames[0][0] == bare_name[0] and error.ename == "NameError" \
            and f"'{bare_name[1]}'" in error.evalue:
        frames = [(frames[0][0], bare_name[2], frames[0][2])]
    last_line = registry.line(*frames[-1][:2]) if frames else None
    ename, evalue = cpython_message(error.ename, error.evalue, last_line or "",
                                    lambda name: function_params(registry, name))
    if (ename, evalue) == ("NameError", UNBOUND_LOCAL) and frames:  # CPython's UnboundLocalError
        name = unbound_local(registry, frames[-1])
        ename = "UnboundLocalError"
        if name is not None:
            evalue = f"cannot access local variable '{name}' where it is not associated with a value"
    if not frames:  # a limit stop, a host failure, or only the runtime's own (hidden) frames
        if (ename, evalue) == (error.ename, error.evalue) and HEADER not in lines:
            return error
        return dataclasses.replace(error, ename=ename, evalue=evalue, traceback=_exception_lines(ename, evalue))
    # A compile error has one frame without a name; MicroPython's compiler (past its parser) names
    # it <module> (`f(a=1, 2)`), or the function it was compiling (`def f(a, a)`: "argument name
    # reused"): those are syntax errors only when CPython rejects the cell too.
    syntax = ename in ("SyntaxError", "IndentationError", "TabError") and len(frames) == 1
    caret = None
    if syntax:  # CPython's type, message, line and caret when CPython rejects the source too
        source = registry.lines(frames[0][0])
        found = cpython_syntax_error("\n".join(source), frames[0][0]) if source is not None else None
        if found is not None:
            ename, evalue, caret = found.ename, found.msg, found.caret
            frames = [(frames[0][0], found.lineno, "")]
        syntax = not frames[0][2]
    elif ename in ("SyntaxError", "IndentationError", "TabError") and len(frames) > 1 and not frames[-1][2]:
        # compiled at run time (`get_ipython().run_cell(source)` in a course's magic): CPython's
        # type and message when CPython rejects that source too
        source = registry.lines(frames[-1][0])
        found = cpython_syntax_error("\n".join(source), frames[-1][0]) if source is not None else None
        if found is not None and found.lineno == frames[-1][1]:
            ename, evalue = found.ename, found.msg
    out = [HEADER] if lines and lines[0].startswith("Traceback") and not syntax else []
    for index, (filename, lineno, name) in enumerate(frames):
        out.append(f'  File "{filename}", line {lineno}' + (f", in {name}" if name else ""))
        text = registry.line(filename, lineno)
        if text is not None and text.strip():
            out.append("    " + text.strip())
            if caret is not None:
                out.append(caret)
        if index in repeats:
            out.append(f"  [Previous line repeated {repeats[index]} more times]")
    out.extend(_exception_lines(ename, evalue))
    return dataclasses.replace(error, ename=ename, evalue=evalue, traceback=out, frames=tuple(frames))


def _exception_lines(ename: str, evalue: str) -> list[str]:
    text = f"{ename}: {evalue}" if evalue else ename
    return text.split("\n")


@dataclasses.dataclass(frozen=True)
class Scope:
    """Where a frame's code lives: the enclosing function's first and last line and signature."""

    first: int
    last: int
    signature: str | None  # "(x, y=1)" for a function, None at module level


def frame_scope(registry: SourceRegistry, filename: str, lineno: int, name: str) -> Scope | None:
    """The function named ``name`` around ``lineno`` in ``filename`` (bounded parse), or the file."""
    lines = registry.lines(filename)
    if lines is None:
        return None
    whole = Scope(1, len(lines), None)
    if not name or name.startswith("<"):
        return whole
    tree = registry.tree(filename)
    if tree is None:
        return whole
    best: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            if first <= lineno <= (node.end_lineno or node.lineno) and (best is None or node.lineno > best.lineno):
                best = node
    if best is None:
        return whole
    try:
        signature = f"({ast.unparse(best.args)})"
    except Exception:
        signature = None
    return Scope(best.lineno, best.end_lineno or best.lineno, signature)


UNBOUND_LOCAL = "local variable referenced before assignment"  # MicroPython's NameError text


def unbound_local(registry: SourceRegistry, frame: Frame) -> str | None:
    """The local variable an unbound-local error on ``frame``'s line is about: the one name the
    line reads that the frame's function (a ``def`` of that name spanning the line) assigns
    somewhere; None when that is not exactly one name."""
    filename, lineno, func = frame
    tree = registry.tree(filename)
    if tree is None or not func:
        return None
    defs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == func
            and n.lineno <= lineno <= (n.end_lineno or n.lineno)]
    if len(defs) != 1:
        return None
    assigned, declared, read = set(), set(), set()
    stack: list[ast.AST] = list(defs[0].body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            if not isinstance(node, ast.Lambda):
                assigned.add(node.name)
            continue  # another scope
        if isinstance(node, ast.Global | ast.Nonlocal):
            declared.update(node.names)
        elif isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                assigned.add(node.id)
            elif node.lineno == lineno:
                read.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            assigned.add(node.name)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.lineno == lineno:
            read.add(node.target.id)  # `total += x` reads total
        elif isinstance(node, ast.Import | ast.ImportFrom):
            assigned.update((a.asname or a.name).split(".")[0] for a in node.names)
        stack.extend(ast.iter_child_nodes(node))
    found = (read & assigned) - declared
    if len(found) > 1:  # drop names a plain statement of the body bound before the line
        found -= _bound_before(defs[0].body, lineno)
    return found.pop() if len(found) == 1 else None


def _bound_before(body: list[ast.stmt], lineno: int) -> set[str]:
    """Names that the function body's top-level assignments ending before ``lineno`` bind
    whenever the line runs (``stripped = s.strip()`` then ``reversed = ...reversed(stripped)``)."""
    bound: set[str] = set()
    for stmt in body:
        if (stmt.end_lineno or stmt.lineno) >= lineno:
            break
        targets = stmt.targets if isinstance(stmt, ast.Assign) else \
            [stmt.target] if isinstance(stmt, ast.AnnAssign) and stmt.value is not None else []
        for target in targets:
            bound.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return bound


def function_params(registry: SourceRegistry, name: str) -> Params | None:
    """The positional parameters of the one ``def name`` in the latest source defining it (a
    method's qualified name is ``Class.name``); None if absent or defined more than once there."""
    if not name.isidentifier():
        return None
    for filename in reversed(registry.filenames()):
        lines = registry.lines(filename) or []
        if not any(f"def {name}" in line for line in lines):
            continue
        tree = registry.tree(filename)
        if tree is None:
            continue
        found: list[Params] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                owner = node.name
            elif isinstance(node, ast.Module):
                owner = ""
            else:
                continue
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == name:
                    args = item.args
                    positional = tuple(a.arg for a in (*args.posonlyargs, *args.args))
                    qualname = f"{owner}.{name}" if owner else name
                    keyword_only = tuple(a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                                         if d is None)
                    found.append(Params(qualname, positional, len(positional) - len(args.defaults), keyword_only,
                                        tuple(a.arg for a in args.posonlyargs)))
        if found:
            return found[0] if len(found) == 1 else None
    return None
