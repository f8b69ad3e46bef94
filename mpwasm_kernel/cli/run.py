"""``mpwasm-kernel run``: run a file, ``-c CODE`` or standard input in the sandbox.

Exit status: 0 on success (or the guest's ``sys.exit(0)``), 1 when the guest code raised or hit
a limit (its traceback on stderr), the guest's ``sys.exit(N)`` status, 2 on usage errors (bad
options, a file that cannot be read: one line naming it).
"""

from __future__ import annotations

import argparse
import sys

from .session import SandboxWorker, UsageFailure, add_sandbox_options, exit_status, show_error

PROG = "mpwasm-kernel run"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, description="Run Python code in the MicroPython WebAssembly sandbox.")
    p.add_argument("-c", dest="code", metavar="CODE", help="program passed in as a string")
    p.add_argument("file", nargs="?", metavar="FILE", help="program file, or - for standard input")
    add_sandbox_options(p)
    return p


def _source(args: argparse.Namespace) -> tuple[str, str]:
    if args.code is not None:
        if args.file is not None:
            raise UsageFailure("give either -c CODE or FILE, not both")
        return args.code, "<string>"
    if args.file is None:
        raise UsageFailure("nothing to run: give -c CODE, FILE or - (standard input)")
    if args.file == "-":
        return sys.stdin.read(), "<stdin>"
    try:
        with open(args.file, encoding="utf-8") as handle:
            return handle.read(), args.file
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise UsageFailure(f"cannot read {args.file!r}: {reason}") from None


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    worker = None
    try:
        source, filename = _source(args)
        worker = SandboxWorker(args)
        result = worker.run(source, filename)
    except UsageFailure as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    finally:
        if worker is not None:
            worker.close()
    if result.error is not None:
        sys.stdout.flush()
        show_error(result.error, sys.stderr)
    return exit_status(result.error)
