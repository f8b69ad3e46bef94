"""What ``run`` and ``repl`` share: the sandbox options, and a sandbox owned by one worker thread.

The sandbox runs on a worker thread so the main thread stays free for Ctrl-C: a
`KeyboardInterrupt` while code runs becomes `Sandbox.interrupt()` (the guest gets a
KeyboardInterrupt and keeps its state; a guest that ignores it is stopped after a grace second and
its run rolled back). Output streams to the terminal as the guest writes it.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from ..runner.limit_text import parse_limit_value
from ..sandbox import GuestError, Limits, RunResult, Sandbox

T = TypeVar("T")

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
    parser.add_argument("--variant", choices=("micropython", "ulab"), default="micropython",
                        help="interpreter build (ulab adds ulab.numpy)")
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


def exit_status(error: GuestError | None) -> int:
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


def show_error(error: GuestError, stream: TextIO) -> None:
    """Print a guest error's traceback (a `SystemExit` with a message prints only the message)."""
    if error.ename == "SystemExit":
        text = error.evalue.strip()
        if text not in ("", "None") and not text.lstrip("-").isdigit():
            print(text, file=stream)
        return
    lines = error.traceback or [str(error)]
    print("\n".join(lines), file=stream)


class SandboxWorker:
    """A `Sandbox` created and used only on one worker thread; `submit` runs a call there and
    waits, turning Ctrl-C on the main thread into `Sandbox.interrupt()`."""

    def __init__(self, args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        limits, mounts = limits_from(args), mounts_from(args)
        out, err = stdout or sys.stdout, stderr or sys.stderr

        def on_output(stream: str, text: str) -> None:
            target = out if stream == "stdout" else err
            target.write(text)
            target.flush()

        self._sandbox: Sandbox | None = None
        try:
            self._sandbox = self.submit(lambda: Sandbox(limits, variant=args.variant, mounts=mounts or None,
                                                        deterministic=args.deterministic, on_output=on_output),
                                        started=False)
        except ValueError as error:  # a bad mount
            raise UsageFailure(str(error)) from None

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
                if started and self._sandbox is not None:
                    self._sandbox.interrupt()
        if "error" in box:
            raise box["error"]
        return box["value"]

    def run(self, source: str, filename: str) -> RunResult:
        sandbox = self._sandbox
        assert sandbox is not None
        return self.submit(lambda: sandbox.run(source, filename=filename))

    @property
    def version(self) -> str:
        return self._sandbox.micropython_version if self._sandbox else ""

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None
