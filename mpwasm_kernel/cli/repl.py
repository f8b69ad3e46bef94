"""``mpwasm-kernel repl``: an interactive prompt on one long-lived sandbox.

State persists between entries; a compound statement continues on ``...`` lines until an empty
line; a trailing expression's repr is printed; Ctrl-C at the prompt drops the current entry,
while code runs it raises KeyboardInterrupt in the guest (state kept); Ctrl-D, ``exit()`` or
``quit()`` exit (status 0), the guest's ``sys.exit(N)`` exits with status N.
"""

from __future__ import annotations

import argparse
import codeop
import sys
import warnings

from .. import __version__
from ..sandbox.terminal import strip_controls
from .session import SandboxWorker, UsageFailure, add_sandbox_options, exit_status, show_error

PROG = "mpwasm-kernel repl"
PS1, PS2 = ">>> ", "... "


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Interactive MicroPython in the WebAssembly sandbox.")
    add_sandbox_options(p)
    return p


def needs_more(source: str) -> bool:
    """Is `source` an unfinished entry (CPython's interactive rules)? Invalid code is finished:
    the sandbox reports its error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return codeop.compile_command(source, "<stdin>", "single") is None
        except (SyntaxError, ValueError, OverflowError):
            return False


def read_entry() -> str | None:
    """One entry from the terminal; None at end of input."""
    lines: list[str] = []
    while True:
        try:
            line = input(PS2 if lines else PS1)
        except EOFError:
            if lines:
                return "\n".join(lines)
            return None
        except KeyboardInterrupt:
            print("\nKeyboardInterrupt")
            lines = []
            continue
        if not lines and not line.strip():
            continue
        lines.append(line)
        if not needs_more("\n".join(lines)):
            return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    try:
        import readline  # noqa: F401 - line editing and history for input()
    except ImportError:
        pass
    try:
        worker = SandboxWorker(args)
    except UsageFailure as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    print(f"MicroPython {worker.version} in a WebAssembly sandbox (mpwasm-kernel {__version__}). "
          "Ctrl-D exits, Ctrl-C interrupts.")
    try:
        while True:
            entry = read_entry()
            if entry is None:
                print()
                return 0
            if entry.strip() in ("exit()", "quit()"):
                return 0
            result = worker.run(entry + "\n", "<stdin>")
            sys.stdout.flush()
            if result.error is not None and result.error.ename == "SystemExit":
                show_error(result.error, sys.stderr)
                return exit_status(result.error)
            if result.error is not None:
                show_error(result.error, sys.stderr)
                sys.stderr.flush()
            elif result.value is not None:
                print(strip_controls(result.value))  # a guest __repr__ chooses this text
    finally:
        worker.close()
