"""What ``run`` and ``repl`` share: the sandbox options, and a request runner driven from one worker
thread.

Code runs through the request runner (`mpwasm_kernel.runner`) as plain Python: no magics, the
guest's repr and CPython's traceback lines. It runs on a worker thread so the main thread stays
free for Ctrl-C: a `KeyboardInterrupt` while code runs becomes `RequestRunner.interrupt()` (the
guest gets a KeyboardInterrupt and keeps its state; a guest that ignores it is stopped after a
grace second and its run rolled back). Output streams to the terminal as the guest writes it.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from ..runner.limit_text import parse_limit_value
from ..runner.outputs import Error, Output, Stream
from ..runner.request import Outcome, Request
from ..runner.runner import RequestRunner
from ..sandbox import GuestError, Limits
from ..sandbox.channel import InputUnavailable
from ..sandbox.terminal import TerminalFilter, strip_controls
from ..sandbox.wasm.artifact import DEFAULT_VARIANT

T = TypeVar("T")

#: The guest's ``input()`` error: the command line gives the guest no input source.
NO_INPUT = "input() is not available: this sandbox has no input source (the frontend does not support stdin)"

#: (option, Limits field, help)
LIMIT_OPTIONS = (
    ("--memory", "memory_bytes", "guest linear-memory cap in bytes (64M, 1G; at least 32M)"),
    ("--fuel", "fuel", "wasm fuel per run (about instructions; 1e10 is roughly a second)"),
    ("--wall-seconds", "wall_seconds", "wall-clock limit per run (5, 500ms)"),
    ("--output-bytes", "output_bytes", "stdout+stderr bytes per run (2M)"),
)


class UsageFailure(Exception):
    """A command-line mistake: shown as one line, exit status 2."""


def add_sandbox_options(parser: argparse.ArgumentParser) -> None:
    """The options every sandbox-running subcommand takes."""
    for option, _field, text in LIMIT_OPTIONS:
        parser.add_argument(option, metavar="N", help=text)
    parser.add_argument("--mount", action="append", default=[], metavar="GUEST=HOST",
                        help="mount host directory HOST read-only at guest path GUEST (repeatable)")
    parser.add_argument("--variant", choices=("micropython", "ulab"), default=DEFAULT_VARIANT,
                        help="interpreter build: ulab (default; numpy) or micropython (no ulab)")
    parser.add_argument("--deterministic", action="store_true",
                        help="fixed clock and random seed in the guest")


def limits_from(args: argparse.Namespace) -> Limits:
    changes: dict[str, Any] = {}
    for option, field, _text in LIMIT_OPTIONS:
        text = getattr(args, option.lstrip("-").replace("-", "_"))
        if text is not None:
            try:
                changes[field] = parse_limit_value(field, text)
            except ValueError as err:
                raise UsageFailure(f"{option}: {err}") from None
    try:
        return Limits(**changes)
    except ValueError as err:
        raise UsageFailure(str(err)) from None


def mounts_from(args: argparse.Namespace) -> dict[str, str]:
    mounts = {}
    for entry in args.mount:
        guest, sep, host = entry.partition("=")
        if not sep or not guest or not host:
            raise UsageFailure(f"--mount {entry!r}: expected GUEST=HOST")
        mounts[guest] = host
    return mounts


def exit_status(error: GuestError | Error | None) -> int:
    """0 without error, the code of a guest `SystemExit`, else 1."""
    if error is None:
        return 0
    if error.ename == "SystemExit":
        text = error.evalue.strip()
        if text in ("", "None", "0"):
            return 0
        try:
            return int(text) & 0xFF
        except ValueError:
            return 1
    return 1


def show_error(error: GuestError | Error, stream: TextIO) -> None:
    """Print a guest error's traceback (a `SystemExit` with a message prints only the message),
    without terminal control sequences (the guest chooses exception names and messages)."""
    if error.ename == "SystemExit":
        text = error.evalue.strip()
        if text not in ("", "None") and not text.lstrip("-").isdigit():
            print(strip_controls(text), file=stream)
        return
    lines = error.traceback or [str(error)]
    print(strip_controls("\n".join(lines)), file=stream)


class SandboxWorker:
    """A `RequestRunner` whose sandbox is created and used only on worker threads; `submit` runs a
    call there and waits, turning Ctrl-C on the main thread into `RequestRunner.interrupt()`."""

    def __init__(self, args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        limits, mounts = limits_from(args), mounts_from(args)
        self._out, self._err = stdout or sys.stdout, stderr or sys.stderr
        self._filters = {"stdout": TerminalFilter(), "stderr": TerminalFilter()}
        self._runner: RequestRunner | None = RequestRunner(limits, variant=args.variant, mounts=mounts or None,
                                                           deterministic=args.deterministic, capture_exit=False)
        try:
            self.submit(self._runner.start, started=False)
        except ValueError as error:  # a bad mount
            raise UsageFailure(str(error)) from None

    def _write(self, output: Output) -> None:
        if isinstance(output, Stream):
            # Guest output reaches a terminal: escape sequences (clipboard, title, clears) removed.
            name = "stdout" if output.name == "stdout" else "stderr"
            target = self._out if name == "stdout" else self._err
            target.write(self._filters[name].feed(output.text))
            target.flush()

    def submit(self, call: Callable[[], T], started: bool = True) -> T:
        box: dict[str, Any] = {}
        done = threading.Event()

        def target() -> None:
            try:
                box["value"] = call()
            except BaseException as exc:  # noqa: B036 - re-raised on the main thread
                box["error"] = exc
            finally:
                done.set()

        # An Event, not Thread.join: a KeyboardInterrupt inside join() can make is_alive() lie.
        threading.Thread(target=target, name="mpwasm-cli", daemon=True).start()
        while True:
            try:
                if done.wait(0.05):
                    break
            except KeyboardInterrupt:
                if started and self._runner is not None:
                    self._runner.interrupt()
        if "error" in box:
            raise box["error"]
        return box["value"]

    def run(self, source: str, filename: str) -> Outcome:
        """Run `source` as plain Python (the trailing expression's repr in `Outcome.value`)."""
        runner = self._runner
        assert runner is not None
        request = Request(source, filename=filename, magics=False, ipython=False, keep_outputs=False)
        return self.submit(lambda: runner.run(request, on_output=self._write, on_input=_no_input))

    @property
    def version(self) -> str:
        return self._runner.sandbox.micropython_version if self._runner is not None else ""

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None


def _no_input(prompt: str, password: bool) -> str:
    raise InputUnavailable(NO_INPUT)
