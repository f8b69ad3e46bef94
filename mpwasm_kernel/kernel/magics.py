"""IPython-style magics for the MicroPython kernel: parsed on the host, executed in the guest.

A cell is split into segments (`split_cell`): plain Python, line magics (``%name args``, ``!cmd``)
and a cell magic (``%%name args`` on the first line, the rest is its body). `Magics` runs the
magic segments through a `MagicHost` (the kernel), which owns the sandbox and the output channel.
Nothing here runs user code on the host: every piece of user code goes through the sandbox, under
the session's limits.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import re
import statistics
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from ..sandbox.cell import SPLIT_MAX_CHARS
from .file_magics import FileMagics

__all__ = [
    "LIMIT_NAMES",
    "Magics",
    "MagicHost",
    "Segment",
    "UsageError",
    "format_limit",
    "format_limits",
    "parse_help_request",
    "parse_limit_value",
    "split_cell",
]


class UsageError(Exception):
    """A magic was used wrongly or is not available; shown in the cell as ``UsageError``."""


@dataclass(frozen=True)
class Segment:
    """One piece of a cell, in execution order.

    ``kind`` is ``"python"`` (``source`` is padded with newlines so line numbers match the cell),
    ``"line"`` (``name`` without ``%``, or ``"!"`` for a shell escape; ``args``) or ``"cell"``
    (``name``, ``args`` from the first line, ``source`` is the padded body).
    """

    kind: Literal["python", "line", "cell"]
    source: str = ""
    name: str = ""
    args: str = ""
    lineno: int = 1


#: Magic names that would need a shell or a subprocess: refused with `NO_SHELL`. (``%cd``, ``%ls``,
#: ``%pwd`` and ``%run`` work on the sandbox's own file system: see file_magics.py.)
SHELL_MAGICS = frozenset(
    {
        "!",
        "system",
        "sx",
        "sc",
        "bash",
        "sh",
        "script",
        "perl",
        "ruby",
        "python",
        "python2",
        "python3",
        "pypy",
        "ll",
        "rm",
        "mkdir",
        "cat",
        "cp",
        "mv",
        "env",
        "alias",
    }
)
#: Package managers: refused with `NO_PACKAGES`.
PACKAGE_MAGICS = frozenset({"pip", "conda", "mamba", "micromamba", "uv"})

NO_SHELL = (
    "shell commands are not available: the sandbox has no shell, processes or host access "
    "(`{cmd}` was not run). Use Python code in the cell instead."
)
NO_PACKAGES = (
    "package installation is not available: the sandbox has no network or shell (`%{name}` was "
    "not run). MicroPython's built-in modules (json, re, math, random, collections, ...) can be "
    "imported directly."
)

#: The limits `%limits` knows, in display order.
LIMIT_NAMES = ("fuel", "wall_seconds", "memory_bytes", "output_bytes", "disk_bytes")

_HELP_MAX_CHARS = 4096
_HELP_RE = re.compile(r"^\s*(?P<pre>\?{1,2})?(?P<name>%{0,2}[A-Za-z_][\w.]*)(?P<post>\?{1,2})?\s*$")


def parse_help_request(code: str) -> tuple[str, int] | None:
    """Recognise ``obj?``, ``obj??``, ``?obj`` and ``??obj`` (also ``%magic?``) as a whole cell.

    Returns ``(name, detail_level)`` (detail 1 for ``??``) or None when the cell is not a help
    request. The object name may be dotted.
    """
    if len(code) > _HELP_MAX_CHARS:  # a help request is one name: long cells are not, skip them cheaply
        return None
    match = _HELP_RE.match(code)
    if not match or not (match["pre"] or match["post"]):
        return None
    marks = max(len(match["pre"] or ""), len(match["post"] or ""))
    return match["name"], marks - 1


def _is_escape_line(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith("%") or (stripped.startswith("!") and not stripped.startswith("!="))


def _split_magic(text: str) -> tuple[str, str]:
    """``"time x = 1"`` → ``("time", "x = 1")``."""
    name, _, args = text.strip().partition(" ")
    return name, args.strip()


def split_cell(code: str) -> list[Segment]:
    """Split a cell into Python and magic segments, keeping the cell's line numbers.

    A first (non-blank) line starting with ``%%`` makes the whole cell a cell magic. Otherwise
    lines starting with ``%`` or ``!`` are line magics, but only when the cell is not already valid
    Python (a ``%`` line can be the continuation of an expression). A magic line inside an
    indented block raises `UsageError`: magics run on the host between guest runs, not inside
    guest control flow.

    A cell longer than `SPLIT_MAX_CHARS` (sandbox/cell.py) is not parsed on the host at all: CPython's
    parser runs outside the sandbox's limits (a multi-megabyte cell would cost seconds of host CPU
    and a lot of memory). Such a cell is one plain Python segment, except that a leading ``%%``
    cell magic still applies; ``%``/``!`` lines in it are not special (the guest then reports them
    as a SyntaxError).
    """
    lines = code.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return [Segment("python", code)]
    if lines[first].lstrip().startswith("%%"):
        name, args = _split_magic(lines[first].lstrip()[2:])
        body = "\n" * (first + 1) + "".join(lines[first + 1 :])
        return [Segment("cell", body, name=name, args=args, lineno=first + 1)]
    if len(code) > SPLIT_MAX_CHARS or not any(_is_escape_line(line) for line in lines):
        return [Segment("python", code)]
    try:
        ast.parse(code)
    except Exception:  # SyntaxError, or MemoryError/RecursionError from deeply nested text
        pass
    else:
        return [Segment("python", code)]

    segments: list[Segment] = []
    chunk_start = 0
    chunk: list[str] = []

    def flush() -> None:
        if any(part.strip() for part in chunk):
            segments.append(Segment("python", "\n" * chunk_start + "".join(chunk), lineno=chunk_start + 1))

    for index, line in enumerate(lines):
        if not _is_escape_line(line):
            chunk.append(line)
            continue
        if line[:1] in (" ", "\t"):
            raise UsageError(
                f"line {index + 1}: magics and shell escapes must start at the beginning of a line, "
                "not inside an indented block"
            )
        flush()
        chunk, chunk_start = [], index + 1
        text = line.strip()
        if text.startswith("!"):
            segments.append(Segment("line", name="!", args=text[1:].strip(), lineno=index + 1))
        else:
            name, args = _split_magic(text.lstrip("%"))
            segments.append(Segment("line", name=name, args=args, lineno=index + 1))
    flush()
    return segments


# ----------------------------------------------------------------------------- values and units

_BYTE_UNITS = {
    "": 1,
    "b": 1,
    "k": 2**10,
    "kb": 2**10,
    "kib": 2**10,
    "m": 2**20,
    "mb": 2**20,
    "mib": 2**20,
    "g": 2**30,
    "gb": 2**30,
    "gib": 2**30,
}
_NUMBER_RE = re.compile(r"^\s*([0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z]*)\s*$")


def parse_limit_value(name: str, text: str) -> int | float:
    """Parse a limit value as written in ``%limits`` or in configuration.

    ``fuel``: a count (``100000000``, ``1e8``, ``100_000_000``). ``wall_seconds``: seconds, optional
    ``s``/``ms`` suffix. ``*_bytes``: bytes, optional binary suffix ``K``/``M``/``G`` (also ``KB``,
    ``MiB`` ...). Raises ValueError with a message naming the limit when the text is not valid or
    not positive.
    """
    match = _NUMBER_RE.match(str(text))
    if not match:
        raise ValueError(f"{name}: cannot read {text!r} as a number")
    number, unit = float(match[1].replace("_", "")), match[2].lower()
    if not math.isfinite(number):
        raise ValueError(f"{name}: {text!r} is not finite")
    if name == "wall_seconds":
        scale = {"": 1.0, "s": 1.0, "ms": 0.001}.get(unit)
        if scale is None:
            raise ValueError(f"{name}: unknown unit {match[2]!r} (use s or ms)")
        value: int | float = number * scale
    else:
        scale_int = _BYTE_UNITS.get(unit) if name.endswith("_bytes") else (1 if unit == "" else None)
        if scale_int is None:
            raise ValueError(f"{name}: unknown unit {match[2]!r}")
        if not math.isfinite(number):
            raise ValueError(f"{name}: {text!r} is not finite")
        value = int(number * scale_int)
    if not value > 0:
        raise ValueError(f"{name}: must be positive, got {text!r}")
    return value


def _format_bytes(value: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if value >= size:
            return f"{value / size:g} {unit}"
    return f"{value} B"


def format_limit(name: str, value: Any) -> str:
    """A limit value for people: ``256 MiB``, ``30 s``, ``1,000,000``."""
    if name.endswith("_bytes"):
        return _format_bytes(int(value))
    if name == "wall_seconds":
        return f"{value:g} s"
    return f"{int(value):,}"


def format_limits(current: Any, ceiling: Any) -> str:
    """A small table of the session's limits next to the administrator's ceilings."""
    rows = [("limit", "this session", "ceiling")]
    for name in LIMIT_NAMES:
        rows.append(
            (name, format_limit(name, getattr(current, name)), format_limit(name, getattr(ceiling, name)))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "".join(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}\n" for row in rows)


def format_seconds(seconds: float) -> str:
    """Human-friendly duration: ``1.23 s``, ``45.6 ms``, ``789 µs``, ``12.3 ns``."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


# ----------------------------------------------------------------------------- the magics


class MagicHost(Protocol):
    """What the magics need from the kernel."""

    admin_limits: Any  #: the administrator's ceilings (`Limits`)

    @property
    def sandbox(self) -> Any: ...  # the session's `Sandbox`

    def run_guest(self, source: str, *, store_result: bool = True, filename: str | None = None) -> Any:
        """Run code in the sandbox, streaming its output into the cell; return the `RunResult`
        (``filename``: what tracebacks call the code; default the cell's)."""

    def set_next_input(self, text: str, replace: bool = False) -> None:
        """Put text into the next (``replace``: this) cell, as IPython's ``set_next_input``."""

    def write(self, text: str) -> None:
        """Write text to the cell's stdout."""

    def ask(self, prompt: str) -> str | None:
        """Ask the user for a line through the frontend; None when the frontend has no stdin."""

    def interrupted(self) -> bool:
        """True once an interrupt was requested during the current execute request."""


#: %timeit aims for this much time per run while choosing the loop count.
TIMEIT_TARGET_SECONDS = 0.2
#: %timeit keeps a single run below this share of the session's wall-clock and fuel limits.
TIMEIT_LIMIT_SHARE = 0.4

_TIMEIT_TEMPLATE = """\
def _mpk_timeit(_mpk_n):
    import time as _mpk_time
{setup}
    _mpk_start = _mpk_time.ticks_us()
    for _mpk_i in range(_mpk_n):
{stmt}
    return _mpk_time.ticks_diff(_mpk_time.ticks_us(), _mpk_start)
try:
    _mpk_elapsed = _mpk_timeit({loops})
finally:
    del _mpk_timeit
globals().pop("_mpk_elapsed")
"""


class Magics:
    """Runs line and cell magics for a `MagicHost`.

    Each magic returns the `RunResult` whose value/error the kernel should show as the cell's
    result, or None. Misuse raises `UsageError`.
    """

    def __init__(self, host: MagicHost) -> None:
        self.host = host
        self.line_magics: dict[str, Callable[[str], Any]] = {
            "time": self.time,
            "timeit": self.timeit,
            "who": self.who,
            "whos": self.whos,
            "reset": self.reset,
            "limits": self.limits,
            "functions": self.functions,
            "lsmagic": self.lsmagic,
            "xmode": self.xmode,
        }
        self.cell_magics: dict[str, Callable[[str, str], Any]] = {
            "time": self.time_cell,
            "timeit": self.timeit_cell,
        }
        files = FileMagics(host, UsageError)
        self.line_magics.update(files.line_magics())
        self.cell_magics.update(files.cell_magics())

    # dispatch ---------------------------------------------------------------------------------

    def run(self, segment: Segment) -> Any:
        """Run one magic segment; raise `UsageError` for refused or unknown magics."""
        name = segment.name
        if segment.kind == "line" and name == "!":
            raise UsageError(NO_SHELL.format(cmd="!" + segment.args))
        if name in SHELL_MAGICS or name.startswith("!"):
            prefix = "%%" if segment.kind == "cell" else "%"
            raise UsageError(NO_SHELL.format(cmd=f"{prefix}{name} {segment.args}".strip()))
        if name in PACKAGE_MAGICS:
            raise UsageError(NO_PACKAGES.format(name=name))
        if segment.kind == "cell":
            cell_magic = self.cell_magics.get(name)
            if cell_magic is None:
                return self._guest_magic("cell", name, segment.args, segment.source[segment.lineno:],
                                         f"Cell magic `%%{name}` not found. {self._available()}")
            return cell_magic(segment.args, segment.source)
        line_magic = self.line_magics.get(name)
        if line_magic is None:
            return self._guest_magic("line", name, segment.args, None,
                                     f"Line magic function `%{name}` not found. {self._available()}")
        return line_magic(segment.args)

    def _guest_magic(self, kind: str, name: str, args: str, body: str | None, missing: str) -> Any:
        """A magic registered by guest code (``IPython.core.magic``), else `UsageError` ``missing``."""
        if not name.isidentifier():
            raise UsageError(missing)
        if body is not None and not body.endswith("\n"):
            body += "\n"
        code = (f"__import__('_mpk_ipython_magic')._mpk_run({kind!r}, {name!r}, {args!r}, "
                f"{body!r})")
        result = self.host.run_guest(code, filename="<mpk:magic>")
        if result.error is not None and result.error.ename == "UsageError" and not result.error.frames:
            raise UsageError(missing)
        return result

    def _available(self) -> str:
        return (
            "Available: "
            + ", ".join(
                [f"%{n}" for n in sorted(self.line_magics)] + [f"%%{n}" for n in sorted(self.cell_magics)]
            )
            + "."
        )

    def help_text(self, name: str) -> str | None:
        """The docstring of a magic (for ``%time?``), or None if there is no such magic."""
        plain = name.lstrip("%")
        func = (self.cell_magics if name.startswith("%%") else self.line_magics).get(plain)
        if func is None:
            func = self.line_magics.get(plain) or self.cell_magics.get(plain)
        return textwrap.dedent(f"    {func.__doc__}").strip() if func and func.__doc__ else None

    # %time ------------------------------------------------------------------------------------

    def time(self, args: str) -> Any:
        """%time STATEMENT — run the statement, then report wall time and fuel used."""
        if not args.strip():
            raise UsageError("%time needs a statement, e.g. `%time sum(range(10**5))`")
        return self._timed(args)

    def time_cell(self, args: str, body: str) -> Any:
        """%%time — run the cell body, then report wall time and fuel used."""
        return self._timed(body)

    def _timed(self, source: str) -> Any:
        result = self.host.run_guest(source)
        self.host.write(f"Wall time: {format_seconds(result.seconds)}, fuel used: {result.fuel_used:,}\n")
        return result

    # %timeit ----------------------------------------------------------------------------------

    def timeit(self, args: str) -> Any:
        """%timeit [-n LOOPS] [-r RUNS] STATEMENT — time the statement in the guest.

        Picks the number of loops so a run takes about 0.2 s (never more than a share of the
        session's wall-clock and fuel limits), repeats 7 times by default, and reports the mean,
        standard deviation and best time per loop. The loop runs in a function, so assignments in
        the statement stay local.
        """
        loops, runs, stmt = self._timeit_options(args)
        if not stmt.strip():
            raise UsageError("%timeit needs a statement, e.g. `%timeit sum(range(100))`")
        return self._timeit(stmt, "", loops, runs)

    def timeit_cell(self, args: str, body: str) -> Any:
        """%%timeit [-n LOOPS] [-r RUNS] [SETUP] — time the cell body; SETUP runs once per run."""
        loops, runs, setup = self._timeit_options(args)
        if not body.strip():
            raise UsageError("%%timeit needs a cell body to time")
        return self._timeit(textwrap.dedent(body.strip("\n")), setup, loops, runs)

    @staticmethod
    def _timeit_options(args: str) -> tuple[int | None, int, str]:
        loops: int | None = None
        runs = 7
        rest = args.strip()
        while match := re.match(r"^-([nr])\s*(\S+)\s*", rest):
            try:
                number = int(match[2])
            except ValueError:
                raise UsageError(f"%timeit -{match[1]} needs a positive integer, got {match[2]!r}") from None
            if number < 1:
                raise UsageError(f"%timeit -{match[1]} needs a positive integer, got {number}")
            if match[1] == "n":
                loops = number
            else:
                runs = number
            rest = rest[match.end() :]
        return loops, runs, rest

    def _timeit_run(self, stmt: str, setup: str, loops: int) -> tuple[Any, float | None]:
        source = _TIMEIT_TEMPLATE.format(
            setup=textwrap.indent(setup or "pass", "    "),
            stmt=textwrap.indent(stmt, "        "),
            loops=loops,
        )
        result = self.host.run_guest(source, store_result=False)
        if result.error is not None:
            return result, None
        try:
            micros = int(result.value)
        except (TypeError, ValueError):
            return result, None
        return result, micros / 1e6

    def _timeit(self, stmt: str, setup: str, loops: int | None, runs: int) -> Any:
        limits = self.host.sandbox.limits
        chosen = loops or 1
        result, seconds = self._timeit_run(stmt, setup, chosen)
        if seconds is None:
            return result
        if loops is None:
            while seconds < TIMEIT_TARGET_SECONDS and not self.host.interrupted():
                per_loop_seconds = max(seconds / chosen, 1e-7)
                per_loop_fuel = max(result.fuel_used / chosen, 1.0)
                cap = min(
                    TIMEIT_LIMIT_SHARE * limits.wall_seconds / per_loop_seconds,
                    TIMEIT_LIMIT_SHARE * limits.fuel / per_loop_fuel,
                    chosen * 10,
                )
                if cap <= chosen:
                    break
                chosen = int(cap)
                result, seconds = self._timeit_run(stmt, setup, chosen)
                if seconds is None:
                    return result
        times = [seconds / chosen]
        while len(times) < runs and not self.host.interrupted():
            result, seconds = self._timeit_run(stmt, setup, chosen)
            if seconds is None:
                return result
            times.append(seconds / chosen)
        mean = statistics.fmean(times)
        spread = statistics.stdev(times) if len(times) > 1 else 0.0
        self.host.write(
            f"{format_seconds(mean)} ± {format_seconds(spread)} per loop (mean ± std. dev. of "
            f"{len(times)} run{'s' if len(times) != 1 else ''}, {chosen:,} loop{'s' if chosen != 1 else ''} "
            f"each); best {format_seconds(min(times))}\n"
        )
        return None

    # namespace --------------------------------------------------------------------------------

    def who(self, args: str) -> None:
        """%who [TYPE ...] — list the names in the namespace (optionally only of the given types)."""
        types = set(args.split())
        if types:
            names = [row[0] for row in self.host.sandbox.call("whos") if row[1] in types]
        else:
            names = list(self.host.sandbox.call("who"))
        self.host.write("  ".join(names) + "\n" if names else "Interactive namespace is empty.\n")

    def whos(self, args: str) -> None:
        """%whos [TYPE ...] — table of names, types and short reprs in the namespace."""
        types = set(args.split())
        rows = [list(map(str, row)) for row in self.host.sandbox.call("whos") if not types or row[1] in types]
        if not rows:
            self.host.write("Interactive namespace is empty.\n")
            return
        header = ["Variable", "Type", "Data/Info"]
        name_width = max(len(header[0]), *(len(r[0]) for r in rows))
        type_width = max(len(header[1]), *(len(r[1]) for r in rows))
        lines = [
            f"{header[0]:<{name_width}}  {header[1]:<{type_width}}  {header[2]}",
            "-" * (name_width + type_width + 15),
        ]
        lines += [f"{n:<{name_width}}  {t:<{type_width}}  {r}" for n, t, r in rows]
        self.host.write("\n".join(lines) + "\n")

    def reset(self, args: str) -> None:
        """%reset [-f] — delete all user variables (asks first unless -f)."""
        options = args.split()
        unknown = [opt for opt in options if opt != "-f"]
        if unknown:
            raise UsageError(f"%reset: unknown option(s) {' '.join(unknown)}; only -f is supported")
        if "-f" not in options:
            answer = self.host.ask("Once deleted, variables cannot be recovered. Proceed (y/[n])? ")
            if answer is None:
                self.host.write("Nothing done: cannot ask for confirmation here; use `%reset -f`.\n")
                return
            if answer.strip().lower() not in ("y", "yes"):
                self.host.write("Nothing done.\n")
                return
        self.host.sandbox.call("reset")

    # %functions -------------------------------------------------------------------------------

    def functions(self, args: str) -> None:
        """%functions — list the host functions this kernel's administrator made callable.

        Each is a builtin in the notebook and an attribute of the `host` module; arguments and
        results are JSON values; a host error arrives as RuntimeError("Type: message").
        """
        from .functions import describe

        funcs = self.host.sandbox.functions
        if not funcs:
            self.host.write("No host functions are configured for this kernel.\n")
            return
        targets = getattr(self.host, "functions", None) or {}
        lines = [describe(name, fn, targets.get(name)) for name, fn in sorted(funcs.items())]
        self.host.write("Host functions (call by name, or via `import host`):\n"
                        + "".join(f"  {line}\n" for line in lines))

    # %limits ----------------------------------------------------------------------------------

    def limits(self, args: str) -> None:
        """%limits [NAME=VALUE ...] [reset] — show or lower this session's limits.

        Names: fuel, wall_seconds (s/ms), memory_bytes, output_bytes, disk_bytes (K/M/G).
        Values may go up to the administrator's ceiling, never above it; `reset` goes back to the
        ceilings.
        """
        sandbox = self.host.sandbox
        ceiling = self.host.admin_limits
        tokens = args.split()
        if tokens == ["reset"]:
            sandbox.limits = ceiling
        elif tokens:
            changes: dict[str, int | float] = {}
            for token in tokens:
                name, sep, text = token.partition("=")
                if not sep or name not in LIMIT_NAMES:
                    raise UsageError(
                        f"%limits: expected NAME=VALUE with NAME one of {', '.join(LIMIT_NAMES)}; "
                        f"got {token!r}"
                    )
                try:
                    changes[name] = parse_limit_value(name, text)
                except ValueError as err:
                    raise UsageError(f"%limits: {err}") from None
            too_high = [name for name, value in changes.items() if value > getattr(ceiling, name)]
            if too_high:
                raise UsageError(
                    "%limits can only lower limits: "
                    + "; ".join(
                        f"{name}={_written_value(tokens, name)} is above the administrator's ceiling "
                        f"{format_limit(name, getattr(ceiling, name))}"
                        for name in too_high
                    )
                    + ". Limits were not changed."
                )
            merged = {**dataclasses.asdict(sandbox.limits), **changes}
            try:
                sandbox.limits = ceiling.lowered(**merged)
            except ValueError as err:
                raise UsageError(f"%limits: {err}. Limits were not changed.") from None
        self.host.write(format_limits(sandbox.limits, ceiling))

    # %xmode -----------------------------------------------------------------------------------

    def xmode(self, args: str) -> None:
        """%xmode [Context|Plain|Verbose|Minimal] — how errors are shown (no argument: the next
        mode in that order, as IPython cycles). Verbose shows what Context shows: MicroPython
        keeps no frame locals."""
        from .tracebacks import XMODES

        current = getattr(self.host, "xmode", "Context")
        wanted = args.strip().lower()
        if not wanted:
            mode = XMODES[(XMODES.index(current) + 1) % len(XMODES)] if current in XMODES else "Context"
        else:
            matches = [m for m in XMODES if m.lower().startswith(wanted)]
            if len(matches) != 1:
                raise UsageError(f"%xmode: valid modes: {', '.join(XMODES)} (got {args.strip()!r})")
            mode = matches[0]
        self.host.xmode = mode  # type: ignore[attr-defined]
        self.host.write(f"Exception reporting mode: {mode}\n")

    # %lsmagic ---------------------------------------------------------------------------------

    def lsmagic(self, args: str) -> None:
        """%lsmagic — list the available magics."""
        self.host.write(
            "Available line magics:\n  "
            + "  ".join(f"%{n}" for n in sorted(self.line_magics))
            + "\n\nAvailable cell magics:\n  "
            + "  ".join(f"%%{n}" for n in sorted(self.cell_magics))
            + "\n\nNot available in the sandbox: shell commands (!cmd, %%bash, %%sh, %system, "
            "%%script ...) and package installation (%pip ...).\n"
        )


def _written_value(tokens: list[str], name: str) -> str:
    """The text the user wrote for ``name`` in ``%limits`` arguments (the last one counts, as in
    the parsed changes)."""
    for token in reversed(tokens):
        key, _, text = token.partition("=")
        if key == name:
            return text
    return "?"
