"""IPython-style magics: parsed on the host, executed in the guest.

`Magics` runs the magic segments of a cell (see `segments.py`) through a `MagicHost` (the request
runner), which owns the sandbox and the request's output. Nothing here runs user code on the
host: every piece of user code goes through the sandbox, under the session's limits.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import statistics
import textwrap
from collections.abc import Callable
from typing import Any, Protocol

from ..sandbox.result import RunResult
from .autoreload import Autoreload
from .file_magics import FileMagics
from .limit_text import LIMIT_NAMES, format_limit, format_limits, format_seconds, parse_limit_value
from .segments import Segment, UsageError

__all__ = ["Magics", "MagicHost", "describe_function"]


#: Magic names that would need a shell or a subprocess: refused with `NO_SHELL`. (``%cd``, ``%ls``,
#: ``%pwd``, ``%cat`` and ``%run`` work on the sandbox's own file system: see file_magics.py.)
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
        self.autoreload = Autoreload(host, UsageError)  #: the session's autoreload extension
        self.line_magics.update(self.autoreload.magics())
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
                                         self._not_found("cell", name))
            return cell_magic(segment.args, segment.source)
        line_magic = self.line_magics.get(name)
        if line_magic is None:
            return self._guest_magic("line", name, segment.args, None, self._not_found("line", name))
        return line_magic(segment.args)

    def automagic(self, segment: Segment, code: str = "") -> bool:
        """IPython's automagic: True when the one-line cell `segment` (from `automagic_line`) names
        one of these line magics and no variable or builtin of that name exists in the guest.

        A line magic registered by guest code (``@register_line_magic``) counts too when the line
        `code` is not valid Python (``expect 3``): a valid line such as a bare name runs as Python
        without a probe of the guest's magics (every one-line cell would otherwise pay for one)."""
        name = segment.name
        probe = f"{name!r} in globals() or hasattr(__import__('builtins'), {name!r})"
        if name not in self.line_magics:
            if not code or not name.isidentifier() or _compiles(code):
                return False
            probe = f"({probe}) or {name!r} not in getattr(__import__('sys').modules.get(" \
                    f"'_mpk_ipython_magic'), '_line', ())"
        try:
            record = self.host.sandbox.call("evaluate", probe)
        except Exception:  # a stop while probing: run the cell as Python, which reports it
            return False
        data = record.get("data") if isinstance(record, dict) else None
        return isinstance(data, dict) and data.get("text/plain") == "False"

    def _not_found(self, kind: str, name: str) -> str:
        """IPython's words for a missing magic, with its hint when the other kind exists."""
        if kind == "cell":
            hint = f" (But line magic `%{name}` exists, did you mean that instead?)" \
                if name in self.line_magics else ""
            return f"Cell magic `%%{name}` not found{hint}."
        hint = f" (But cell magic `%%{name}` exists, did you mean that instead?)" \
            if name in self.cell_magics else ""
        return f"Line magic function `%{name}` not found{hint}."

    def _guest_magic(self, kind: str, name: str, args: str, body: str | None, missing: str) -> Any:
        """A magic registered by guest code (``IPython.core.magic``), else `UsageError` ``missing``."""
        if not name.isidentifier():
            raise UsageError(missing)
        if body is not None and not body.endswith("\n"):
            body += "\n"
        code = (f"__import__('_mpk_ipython_magic')._mpk_run({kind!r}, {name!r}, {args!r}, "
                f"{body!r})")
        result = self.host.run_guest(code, filename="<mpk:magic>")
        if result.error is not None and result.error.ename == "UsageError":
            # not found (no frames of the user's), or the magic's own (parse_argstring): as IPython, on stderr
            raise UsageError(result.error.evalue if result.error.frames else missing)
        if result.error is not None and self._shown_by_run_cell():
            return ShownError(**{f.name: getattr(result, f.name) for f in dataclasses.fields(result)})
        return result

    def _shown_by_run_cell(self) -> bool:
        """Did the guest magic end with the error of a ``get_ipython().run_cell`` (see `ShownError`)?"""
        try:
            record = self.host.sandbox.call("evaluate", "__import__('_mpk_ipython_magic')._mpk_shown()")
        except Exception:
            return False
        data = record.get("data") if isinstance(record, dict) else None
        return isinstance(data, dict) and data.get("text/plain") == "True"

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
        funcs = self.host.sandbox.functions
        if not funcs:
            self.host.write("No host functions are configured for this kernel.\n")
            return
        targets = getattr(self.host, "functions", None) or {}
        lines = [describe_function(name, fn, targets.get(name)) for name, fn in sorted(funcs.items())]
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
        self.host.write(f"Exception reporting mode: {self.set_xmode(args)}\n")

    def set_xmode(self, args: str) -> str:
        """Set the runner's ``%xmode`` from the magic's argument (see `xmode`); the mode set."""
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
        return mode

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


class ShownError(RunResult):
    """A guest magic's run that ended with the error of a ``get_ipython().run_cell(...)`` in it:
    IPython shows such an error inside run_cell and the magic goes on, so the error is shown and
    the cell still counts as done (reply status ``ok``)."""


def _compiles(code: str) -> bool:
    """Is `code` valid Python (the host's parser; no code runs)?"""
    try:
        compile(code, "<automagic>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def _written_value(tokens: list[str], name: str) -> str:
    """The text the user wrote for ``name`` in ``%limits`` arguments (the last one counts, as in
    the parsed changes)."""
    for token in reversed(tokens):
        key, _, text = token.partition("=")
        if key == name:
            return text
    return "?"


def describe_function(name: str, fn: Callable[..., object], target: str | None) -> str:
    """One line for ``%functions``: ``name(signature) — first docstring line [target]``."""
    try:
        signature = str(inspect.signature(fn))
    except (TypeError, ValueError):
        signature = "(...)"
    doc = (inspect.getdoc(fn) or "").strip().splitlines()
    line = f"{name}{signature}"
    if doc:
        line += f" — {doc[0]}"
    if target:
        line += f"  [{target}]"
    return line
